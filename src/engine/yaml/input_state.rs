//! The state an input object carries, checked as the API server holds it: its times must be
//! RFC 3339 (`metav1.Time`), and every field the simulation cannot honour as written gets a
//! warning that names it and says what the simulation does instead. Nothing is dropped
//! without a word.

use std::collections::HashMap;

use super::context::{child, index, key_path, Ctx, Diag};
use super::node::Pos;
use super::{Decoded, Objects};
use crate::engine::api::time::{parse_rfc3339, UnixMillis};
use crate::engine::api::{Condition, ObjectMeta, RawValue, WorkloadCondition, REVISION_ANNOTATION};
use crate::engine::diagnostic::Severity;
use crate::engine::quote::go_quote;
use crate::engine::time::DEFAULT_RUN_START;

/// The instant a run of `objects` starts at, "now" at virtual time 0: the latest time the
/// input states (creation, deletion, condition transitions and updates, heartbeats and
/// probes, pod start times, taint times), or [`DEFAULT_RUN_START`] when it states none. Unreadable
/// times are left out (the loader reports them).
pub fn run_start(objects: &Objects) -> UnixMillis {
    let mut latest: Option<UnixMillis> = None;
    let mut consider = |text: Option<&str>| {
        if let Some(t) = text.and_then(|t| parse_rfc3339(t).ok()) {
            latest = Some(latest.map_or(t, |l| l.max(t)));
        }
    };
    let metas = objects
        .nodes
        .iter()
        .map(|n| &n.metadata)
        .chain(objects.pods.iter().map(|p| &p.metadata))
        .chain(objects.daemon_sets.iter().map(|d| &d.metadata))
        .chain(objects.deployments.iter().map(|d| &d.metadata))
        .chain(objects.replica_sets.iter().map(|r| &r.metadata))
        .chain(objects.stateful_sets.iter().map(|s| &s.metadata))
        .chain(objects.pod_disruption_budgets.iter().map(|p| &p.metadata))
        .chain(objects.priority_classes.iter().map(|p| &p.metadata));
    for m in metas {
        consider(m.creation_timestamp.as_deref());
        consider(m.deletion_timestamp.as_deref());
    }
    for pod in &objects.pods {
        consider(pod.status.start_time.as_deref());
        for c in &pod.status.conditions {
            for_condition_times(c, &mut consider);
        }
    }
    for node in &objects.nodes {
        for taint in &node.spec.taints {
            consider(taint.time_added.as_deref());
        }
        for c in &node.status.conditions {
            for_condition_times(c, &mut consider);
        }
    }
    let workload_conditions = objects
        .deployments
        .iter()
        .flat_map(|d| &d.status.conditions)
        .chain(
            objects
                .replica_sets
                .iter()
                .flat_map(|r| &r.status.conditions),
        )
        .chain(
            objects
                .stateful_sets
                .iter()
                .flat_map(|s| &s.status.conditions),
        );
    for c in workload_conditions {
        consider(c.last_update_time.as_deref());
        consider(c.last_transition_time.as_deref());
    }
    for pdb in &objects.pod_disruption_budgets {
        for c in &pdb.status.conditions {
            consider(c.last_transition_time.as_deref());
        }
        for (_, time) in &pdb.status.disrupted_pods {
            consider(Some(time));
        }
    }
    latest.unwrap_or(DEFAULT_RUN_START)
}

/// Calls `each` with a condition's `lastTransitionTime`, `lastHeartbeatTime` and
/// `lastProbeTime` (the last two are kept verbatim in `extra`).
fn for_condition_times(c: &Condition, each: &mut impl FnMut(Option<&str>)) {
    each(c.last_transition_time.as_deref());
    for (key, value) in &c.extra {
        if let ("lastHeartbeatTime" | "lastProbeTime", RawValue::String(text)) =
            (key.as_str(), value)
        {
            each(Some(text));
        }
    }
}

/// Checks the times and the state of one decoded, valid object.
pub(super) fn check(ctx: &mut Ctx, decoded: &Decoded) {
    match decoded {
        Decoded::Node(node) => {
            meta(ctx, &node.metadata, "metadata");
            for (i, taint) in node.spec.taints.iter().enumerate() {
                let path = child(&index("spec.taints", i), "timeAdded");
                time(ctx, &path, taint.time_added.as_deref());
            }
            conditions(ctx, &node.status.conditions, "status.conditions");
            if node.metadata.deletion_timestamp.is_some() && !has_finalizers(&node.metadata) {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a Node being deleted without finalizers is already gone from the API server; kubeplay keeps the node and does not delete it",
                );
            }
        }
        Decoded::Pod(pod) => {
            meta(ctx, &pod.metadata, "metadata");
            time(ctx, "status.startTime", pod.status.start_time.as_deref());
            conditions(ctx, &pod.status.conditions, "status.conditions");
            let ready_since_unknown = pod.status.conditions.iter().position(|c| {
                c.type_ == "Ready" && c.status == "True" && c.last_transition_time.is_none()
            });
            if let Some(i) = ready_since_unknown {
                warn(
                    ctx,
                    &index("status.conditions", i),
                    "a Ready condition without lastTransitionTime counts as Ready from when the simulation loads the pod (minReadySeconds count from there)",
                );
            }
            if pod.metadata.deletion_timestamp.is_some()
                && pod.spec.node_name.is_empty()
                && !has_finalizers(&pod.metadata)
            {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a pod that is not bound to a node is deleted at once, so the API server no longer has it; kubeplay keeps it as terminating and never schedules it",
                );
            }
            let runs_on_a_node =
                pod.status.phase.as_deref() == Some("Running") && !pod.spec.node_name.is_empty();
            if !runs_on_a_node && pod.status.extra.iter().any(|(k, _)| k == "podIP") {
                warn(
                    ctx,
                    "status.podIP",
                    "only a pod running on a node has an IP in the simulation: this pod gets one when it runs",
                );
            }
            for (field, statuses) in &pod.status.extra {
                if matches!(
                    field.as_str(),
                    "containerStatuses" | "initContainerStatuses" | "ephemeralContainerStatuses"
                ) {
                    container_statuses(ctx, &child("status", field), statuses);
                }
            }
        }
        Decoded::DaemonSet(ds) => {
            meta(ctx, &ds.metadata, "metadata");
            meta(ctx, &ds.spec.template.metadata, "spec.template.metadata");
            if ds.metadata.deletion_timestamp.is_some() && !has_finalizers(&ds.metadata) {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a DaemonSet being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: the controller leaves it and its pods alone",
                );
            }
        }
        Decoded::Deployment(deployment) => {
            meta(ctx, &deployment.metadata, "metadata");
            meta(
                ctx,
                &deployment.spec.template.metadata,
                "spec.template.metadata",
            );
            workload_conditions(ctx, &deployment.status.conditions, "status.conditions");
            revision_annotation(ctx, &deployment.metadata, "Deployment");
            if deployment.metadata.deletion_timestamp.is_some()
                && !has_finalizers(&deployment.metadata)
            {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a Deployment being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: its controller only updates its status",
                );
            }
        }
        Decoded::ReplicaSet(replica_set) => {
            meta(ctx, &replica_set.metadata, "metadata");
            meta(
                ctx,
                &replica_set.spec.template.metadata,
                "spec.template.metadata",
            );
            workload_conditions(ctx, &replica_set.status.conditions, "status.conditions");
            revision_annotation(ctx, &replica_set.metadata, "ReplicaSet");
            if replica_set.metadata.deletion_timestamp.is_some()
                && !has_finalizers(&replica_set.metadata)
            {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a ReplicaSet being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: its controller only updates its status and creates or deletes no pods",
                );
            }
        }
        Decoded::StatefulSet(stateful_set) => {
            meta(ctx, &stateful_set.metadata, "metadata");
            meta(
                ctx,
                &stateful_set.spec.template.metadata,
                "spec.template.metadata",
            );
            workload_conditions(ctx, &stateful_set.status.conditions, "status.conditions");
            if !stateful_set.spec.volume_claim_templates.is_empty() {
                let path = "spec.volumeClaimTemplates";
                let pos = ctx.pos_of(path);
                ctx.diags.push(Diag {
                    severity: Severity::Info,
                    message: format!("{path}: {STORAGE_NOT_SIMULATED}"),
                    path: Some(path.to_string()),
                    pos,
                    hint: None,
                });
            }
            if stateful_set.metadata.deletion_timestamp.is_some()
                && !has_finalizers(&stateful_set.metadata)
            {
                warn(
                    ctx,
                    "metadata.deletionTimestamp",
                    "a StatefulSet being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: its controller only updates its status and creates or deletes no pods",
                );
            }
        }
        Decoded::PodDisruptionBudget(pdb) => {
            meta(ctx, &pdb.metadata, "metadata");
            for (i, c) in pdb.status.conditions.iter().enumerate() {
                let path = child(&index("status.conditions", i), "lastTransitionTime");
                time(ctx, &path, c.last_transition_time.as_deref());
            }
            for (pod, when) in &pdb.status.disrupted_pods {
                time(ctx, &child("status.disruptedPods", pod), Some(when));
            }
        }
        Decoded::PriorityClass(class) => meta(ctx, &class.metadata, "metadata"),
        Decoded::Scenario(_) => {}
    }
}

/// `creationTimestamp` and `deletionTimestamp`.
fn meta(ctx: &mut Ctx, meta: &ObjectMeta, path: &str) {
    time(
        ctx,
        &child(path, "creationTimestamp"),
        meta.creation_timestamp.as_deref(),
    );
    time(
        ctx,
        &child(path, "deletionTimestamp"),
        meta.deletion_timestamp.as_deref(),
    );
}

/// Every time of every condition: `lastTransitionTime`, and `lastHeartbeatTime` /
/// `lastProbeTime` (kept verbatim, but read for the start of the run).
fn conditions(ctx: &mut Ctx, conditions: &[Condition], path: &str) {
    for (i, c) in conditions.iter().enumerate() {
        let at = index(path, i);
        time(
            ctx,
            &child(&at, "lastTransitionTime"),
            c.last_transition_time.as_deref(),
        );
        for (key, value) in &c.extra {
            if let ("lastHeartbeatTime" | "lastProbeTime", RawValue::String(text)) =
                (key.as_str(), value)
            {
                time(ctx, &child(&at, key), Some(text));
            }
        }
    }
}

/// The times of a Deployment's or ReplicaSet's conditions: `lastUpdateTime` and
/// `lastTransitionTime`.
fn workload_conditions(ctx: &mut Ctx, conditions: &[WorkloadCondition], path: &str) {
    for (i, c) in conditions.iter().enumerate() {
        let at = index(path, i);
        time(
            ctx,
            &child(&at, "lastUpdateTime"),
            c.last_update_time.as_deref(),
        );
        time(
            ctx,
            &child(&at, "lastTransitionTime"),
            c.last_transition_time.as_deref(),
        );
    }
}

/// A warning when the revision annotation is not a number: upstream `Revision()` fails to
/// parse it (`strconv.ParseInt`), and the controller skips that object when it counts
/// revisions.
fn revision_annotation(ctx: &mut Ctx, meta: &ObjectMeta, kind: &str) {
    let Some(text) = meta.annotations.get(REVISION_ANNOTATION) else {
        return;
    };
    if text.parse::<i64>().is_ok() {
        return;
    }
    let path = key_path("metadata.annotations", REVISION_ANNOTATION);
    let pos = ctx.pos_of(&child("metadata.annotations", REVISION_ANNOTATION));
    ctx.diags.push(Diag {
        severity: Severity::Warning,
        message: format!(
            "{path}: {} is not a revision number: the Deployment controller cannot parse it and skips this {kind} when it counts revisions",
            go_quote(text)
        ),
        path: Some(path),
        pos,
        hint: Some("write the revision as a whole number, such as \"1\"".into()),
    });
}

/// An error when `text` is not RFC 3339, as the API server fails to decode it.
fn time(ctx: &mut Ctx, path: &str, text: Option<&str>) {
    let Some(text) = text else {
        return;
    };
    if let Err(e) = parse_rfc3339(text) {
        let pos = ctx.pos_of(path);
        ctx.error_at(
            path,
            pos,
            format!("{path}: Invalid value: {}: {e}", go_quote(text)),
            Some("write an RFC 3339 time, such as 2025-01-01T00:00:00Z".into()),
        );
    }
}

/// A container waiting or terminated in the input: the simulated kubelet does not resume
/// that state, so the warning says what the pod keeps.
fn container_statuses(ctx: &mut Ctx, path: &str, statuses: &RawValue) {
    let RawValue::Seq(items) = statuses else {
        return;
    };
    for (i, status) in items.iter().enumerate() {
        let RawValue::Map(fields) = status else {
            continue;
        };
        let state = fields
            .iter()
            .find(|(k, _)| k == "state")
            .and_then(|(_, v)| match v {
                RawValue::Map(state) => state.first().map(|(k, _)| k.as_str()),
                _ => None,
            });
        if let Some(state @ ("waiting" | "terminated")) = state {
            warn(
                ctx,
                &child(&child(&index(path, i), "state"), state),
                &format!(
                    "the simulated kubelet does not resume a {state} container: the pod keeps its phase and readiness, and its containers are not restarted"
                ),
            );
        }
    }
}

fn has_finalizers(meta: &ObjectMeta) -> bool {
    meta.extra
        .iter()
        .any(|(k, v)| k == "finalizers" && matches!(v, RawValue::Seq(items) if !items.is_empty()))
}

/// The note on a StatefulSet's claim templates (given once per text).
pub const STORAGE_NOT_SIMULATED: &str = "storage is not simulated: each pod's claims are named (<template>-<statefulset>-<ordinal>) and shown, but no PersistentVolumeClaim is created or bound";

fn warn(ctx: &mut Ctx, path: &str, why: &str) {
    let pos = ctx.pos_of(path);
    ctx.diags.push(Diag {
        severity: Severity::Warning,
        message: format!("{path}: {why}"),
        path: Some(path.to_string()),
        pos,
        hint: None,
    });
}

/// The uids seen so far in a text: the API server gives every object its own.
#[derive(Default)]
pub(super) struct Uids {
    first: HashMap<String, (String, usize)>,
}

impl Uids {
    /// Records the uid of `label`'s object; when another object already has it, clears it
    /// (the simulation gives the object a new one) and returns the warning that says so.
    pub(super) fn claim(&mut self, meta: &mut ObjectMeta, label: &str, pos: Pos) -> Option<Diag> {
        let uid = meta.uid.as_ref()?;
        if let Some((first, line)) = self.first.get(uid) {
            let message = format!(
                "metadata.uid: {} is already the uid of {first} (line {line}); the API server gives every object its own uid, so kubeplay gives {label} a new one",
                go_quote(uid)
            );
            meta.uid = None;
            return Some(Diag {
                severity: Severity::Warning,
                message,
                path: Some("metadata.uid".into()),
                pos,
                hint: Some("remove the uid or make it unique".into()),
            });
        }
        self.first
            .insert(uid.clone(), (label.to_string(), pos.line));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::run_start;
    use crate::engine::api::time::format_rfc3339;
    use crate::engine::diagnostic::Severity;
    use crate::engine::time::EPOCH_TEXT;
    use crate::engine::yaml::load;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
    const CONTAINERS: &str = "spec:\n  containers: [{name: c, image: i}]\n";

    /// A case of the time table: name, text, path, (line, column), message.
    type TimeCase<'a> = (&'a str, String, &'a str, (usize, usize), &'a str);
    /// A case of the warning table: name, text, and the warning's path, line and message.
    type WarningCase<'a> = (&'a str, String, Option<(&'a str, usize, &'a str)>);
    /// A case of the workload state table: name, text, and every diagnostic's severity,
    /// path, line and message.
    type StateCase<'a> = (&'a str, String, Vec<(Severity, &'a str, usize, &'a str)>);

    /// (severity, path, line, column, message) of every diagnostic.
    fn diagnostics(text: &str) -> Vec<(Severity, String, usize, usize, String)> {
        load(text)
            .diagnostics
            .into_iter()
            .map(|d| {
                (
                    d.severity,
                    d.path.unwrap_or_default(),
                    d.line,
                    d.column,
                    d.message,
                )
            })
            .collect()
    }

    #[test]
    fn a_time_that_is_not_rfc3339_is_an_error_at_its_field() {
        let cases: Vec<TimeCase> = vec![
            (
                "a creation timestamp without a zone",
                format!("{POD}  creationTimestamp: \"2025-01-01T00:00:00\"\n{CONTAINERS}"),
                "metadata.creationTimestamp",
                (5, 3),
                "metadata.creationTimestamp: Invalid value: \"2025-01-01T00:00:00\": parsing time \"2025-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"",
            ),
            (
                "a Ready transition on the 30th of February",
                format!("{POD}{CONTAINERS}status:\n  conditions:\n  - type: Ready\n    status: \"True\"\n    lastTransitionTime: \"2025-02-30T00:00:00Z\"\n"),
                "status.conditions[0].lastTransitionTime",
                (11, 5),
                "status.conditions[0].lastTransitionTime: Invalid value: \"2025-02-30T00:00:00Z\": parsing time \"2025-02-30T00:00:00Z\": day out of range",
            ),
            (
                "a node heartbeat in words",
                "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nstatus:\n  conditions:\n  - type: Ready\n    status: \"True\"\n    lastHeartbeatTime: now\n".into(),
                "status.conditions[0].lastHeartbeatTime",
                (9, 24),
                "status.conditions[0].lastHeartbeatTime: Invalid value: \"now\": parsing time \"now\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"now\" as \"2006\"",
            ),
            (
                "a taint's time with a space for the T",
                "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints:\n  - key: k\n    effect: NoExecute\n    timeAdded: \"2025-01-01 00:00:00Z\"\n".into(),
                "spec.taints[0].timeAdded",
                (9, 5),
                "spec.taints[0].timeAdded: Invalid value: \"2025-01-01 00:00:00Z\": parsing time \"2025-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 00:00:00Z\" as \"T\"",
            ),
        ];
        for (name, text, path, (line, column), message) in cases {
            let got = diagnostics(&text);
            assert_eq!(
                got,
                vec![(
                    Severity::Error,
                    path.to_string(),
                    line,
                    column,
                    message.to_string()
                )],
                "{name}"
            );
            assert!(
                load(&text).objects.pods.is_empty(),
                "{name}: the object is refused"
            );
        }
    }

    #[test]
    fn a_field_the_simulation_cannot_honour_gets_a_warning_that_names_it() {
        const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\n  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n";
        const DS_SPEC: &str = "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n";
        let cases: Vec<WarningCase> = vec![
            (
                "a uid that another object already has",
                format!("{POD}  uid: same\n{CONTAINERS}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  uid: same\n{CONTAINERS}"),
                Some(("metadata.uid", 13, "metadata.uid: \"same\" is already the uid of Pod default/p (line 5); the API server gives every object its own uid, so kubeplay gives Pod default/q a new one")),
            ),
            (
                "a Ready condition without a transition time",
                format!("{POD}{CONTAINERS}status:\n  conditions:\n  - {{type: Ready, status: \"True\"}}\n"),
                Some(("status.conditions[0]", 9, "status.conditions[0]: a Ready condition without lastTransitionTime counts as Ready from when the simulation loads the pod (minReadySeconds count from there)")),
            ),
            (
                "an unbound pod being deleted",
                format!("{POD}  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n{CONTAINERS}"),
                Some(("metadata.deletionTimestamp", 5, "metadata.deletionTimestamp: a pod that is not bound to a node is deleted at once, so the API server no longer has it; kubeplay keeps it as terminating and never schedules it")),
            ),
            (
                "a DaemonSet being deleted without finalizers",
                format!("{DS}{DS_SPEC}"),
                Some(("metadata.deletionTimestamp", 5, "metadata.deletionTimestamp: a DaemonSet being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: the controller leaves it and its pods alone")),
            ),
            (
                "a Node being deleted without finalizers",
                "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n".into(),
                Some(("metadata.deletionTimestamp", 5, "metadata.deletionTimestamp: a Node being deleted without finalizers is already gone from the API server; kubeplay keeps the node and does not delete it")),
            ),
            (
                "a container waiting in the input",
                format!("{POD}{CONTAINERS}status:\n  phase: Pending\n  containerStatuses:\n  - name: c\n    state:\n      waiting: {{reason: ImagePullBackOff}}\n"),
                Some(("status.containerStatuses[0].state.waiting", 10, "status.containerStatuses[0].state.waiting: the simulated kubelet does not resume a waiting container: the pod keeps its phase and readiness, and its containers are not restarted")),
            ),
            (
                "an IP on a pod that is not running",
                format!("{POD}{CONTAINERS}status:\n  phase: Pending\n  podIP: 10.0.0.1\n"),
                Some(("status.podIP", 9, "status.podIP: only a pod running on a node has an IP in the simulation: this pod gets one when it runs")),
            ),
            (
                "a DaemonSet being deleted with a finalizer is as the API server holds it",
                format!("{DS}  finalizers: [foregroundDeletion]\n{DS_SPEC}"),
                None,
            ),
            (
                "a bound pod being deleted is terminating",
                format!("{POD}  deletionTimestamp: \"2025-01-01T00:00:00Z\"\nspec:\n  nodeName: n1\n  containers: [{{name: c, image: i}}]\n"),
                None,
            ),
            (
                "a running container and a timed Ready condition are honoured",
                format!("{POD}{CONTAINERS}status:\n  phase: Running\n  conditions:\n  - {{type: Ready, status: \"True\", lastTransitionTime: \"2025-01-01T00:00:00Z\"}}\n  containerStatuses:\n  - name: c\n    restartCount: 2\n    state:\n      running: {{startedAt: \"2025-01-01T00:00:00Z\"}}\n"),
                None,
            ),
        ];
        for (name, text, want) in cases {
            let want: Vec<_> = want
                .into_iter()
                .map(|(path, line, message)| {
                    (
                        Severity::Warning,
                        path.to_string(),
                        line,
                        message.to_string(),
                    )
                })
                .collect();
            let got: Vec<_> = diagnostics(&text)
                .into_iter()
                .map(|(severity, path, line, _, message)| (severity, path, line, message))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_reused_uid_is_cleared_so_that_the_simulation_gives_a_new_one() {
        let text = format!("{POD}  uid: same\n{CONTAINERS}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  uid: same\n{CONTAINERS}");
        let pods = load(&text).objects.pods;
        let uids: Vec<Option<&str>> = pods.iter().map(|p| p.metadata.uid.as_deref()).collect();
        assert_eq!(uids, [Some("same"), None]);
    }

    /// A Node or Pod document with `fields` under it (after `metadata.name`).
    fn object(kind: &str, name: &str, fields: &str) -> String {
        let spec = if kind == "Pod" {
            "spec:\n  containers: [{name: c, image: i}]\n"
        } else {
            ""
        };
        format!("apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n{fields}{spec}---\n")
    }

    #[test]
    fn the_run_starts_at_the_latest_time_the_input_states() {
        let created = |t: &str| format!("  creationTimestamp: \"{t}\"\n");
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "an input without times starts at the default epoch",
                object("Node", "n1", ""),
                EPOCH_TEXT,
            ),
            (
                "the newest creation timestamp of all objects",
                object("Node", "n1", &created("2024-05-01T10:00:00Z"))
                    + &object("Pod", "p1", &created("2024-05-02T10:00:00Z"))
                    + &object("Node", "n2", &created("2024-04-01T10:00:00Z")),
                "2024-05-02T10:00:00Z",
            ),
            (
                "offsets are compared as instants",
                object("Node", "n1", &created("2024-05-01T12:00:00+04:00"))
                    + &object("Node", "n2", &created("2024-05-01T09:00:00Z")),
                "2024-05-01T09:00:00Z",
            ),
            (
                "a Ready transition after the creation",
                object(
                    "Pod",
                    "p1",
                    &(created("2024-05-01T10:00:00Z")
                        + "status:\n  conditions:\n  - {type: Ready, status: \"True\", lastTransitionTime: \"2024-05-01T10:00:30Z\"}\n"),
                ),
                "2024-05-01T10:00:30Z",
            ),
            (
                "a node's heartbeat",
                object(
                    "Node",
                    "n1",
                    &(created("2024-05-01T10:00:00Z")
                        + "status:\n  conditions:\n  - {type: Ready, status: \"True\", lastHeartbeatTime: \"2024-06-01T08:00:00Z\", lastTransitionTime: \"2024-05-01T10:01:00Z\"}\n"),
                ),
                "2024-06-01T08:00:00Z",
            ),
            (
                "a deletion timestamp",
                object(
                    "Pod",
                    "p1",
                    &(created("2024-05-01T10:00:00Z")
                        + "  deletionTimestamp: \"2024-05-01T11:00:00Z\"\n"),
                ),
                "2024-05-01T11:00:00Z",
            ),
            (
                "a pod's start time and a taint's time",
                object("Pod", "p1", "status:\n  startTime: \"2024-05-01T10:00:00Z\"\n")
                    + &object(
                        "Node",
                        "n1",
                        "spec:\n  taints: [{key: k, effect: NoExecute, timeAdded: \"2024-05-03T00:00:00Z\"}]\n",
                    ),
                "2024-05-03T00:00:00Z",
            ),
        ];
        for (name, text, want) in cases {
            let loaded = load(&text);
            assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
            assert_eq!(format_rfc3339(run_start(&loaded.objects)), want, "{name}");
        }
    }

    /// A Deployment with `meta` under `metadata` (after its name) and `status`.
    fn deployment(meta: &str, status: &str) -> String {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n{meta}spec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n{status}")
    }

    /// A ReplicaSet of that Deployment with `meta` under `metadata`.
    fn replica_set(meta: &str) -> String {
        format!("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-5d4c8f7b9\n{meta}spec:\n  selector: {{matchLabels: {{app: web, pod-template-hash: 5d4c8f7b9}}}}\n  template:\n    metadata: {{labels: {{app: web, pod-template-hash: 5d4c8f7b9}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n")
    }

    #[test]
    fn the_state_a_deployment_or_replica_set_carries_is_honoured_or_warned_about() {
        let cases: Vec<StateCase> = vec![
            (
                "a Deployment read from a cluster mid-rollout is taken as it is",
                deployment(
                    "  generation: 4\n  annotations: {deployment.kubernetes.io/revision: \"4\"}\n  creationTimestamp: \"2025-01-01T00:00:00Z\"\n",
                    "status:\n  observedGeneration: 4\n  replicas: 2\n  updatedReplicas: 1\n  readyReplicas: 1\n  availableReplicas: 1\n  unavailableReplicas: 1\n  conditions:\n  - {type: Progressing, status: \"True\", reason: ReplicaSetUpdated, lastUpdateTime: \"2025-01-01T00:05:00Z\", lastTransitionTime: \"2025-01-01T00:00:00Z\"}\n",
                ) + "---\n" + &replica_set("  annotations: {deployment.kubernetes.io/revision: \"4\"}\n  labels: {app: web, pod-template-hash: 5d4c8f7b9}\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]\n"),
                vec![],
            ),
            (
                "a condition's update time must be RFC 3339",
                deployment("", "status:\n  conditions:\n  - {type: Available, status: \"True\", lastUpdateTime: yesterday}\n"),
                vec![(Severity::Error, "status.conditions[0].lastUpdateTime", 12, "status.conditions[0].lastUpdateTime: Invalid value: \"yesterday\": parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")],
            ),
            (
                "a revision that is not a number is skipped by the controller",
                deployment("  annotations:\n    deployment.kubernetes.io/revision: latest\n", ""),
                vec![(Severity::Warning, "metadata.annotations[deployment.kubernetes.io/revision]", 6, "metadata.annotations[deployment.kubernetes.io/revision]: \"latest\" is not a revision number: the Deployment controller cannot parse it and skips this Deployment when it counts revisions")],
            ),
            (
                "a ReplicaSet's revision is read the same way",
                replica_set("  annotations: {deployment.kubernetes.io/revision: \"\"}\n"),
                vec![(Severity::Warning, "metadata.annotations[deployment.kubernetes.io/revision]", 5, "metadata.annotations[deployment.kubernetes.io/revision]: \"\" is not a revision number: the Deployment controller cannot parse it and skips this ReplicaSet when it counts revisions")],
            ),
            (
                "a Deployment being deleted without finalizers",
                deployment("  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n", ""),
                vec![(Severity::Warning, "metadata.deletionTimestamp", 5, "metadata.deletionTimestamp: a Deployment being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: its controller only updates its status")],
            ),
            (
                "a ReplicaSet being deleted without finalizers",
                replica_set("  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n"),
                vec![(Severity::Warning, "metadata.deletionTimestamp", 5, "metadata.deletionTimestamp: a ReplicaSet being deleted without finalizers is already gone from the API server; kubeplay keeps it as being deleted: its controller only updates its status and creates or deletes no pods")],
            ),
            (
                "a Deployment being deleted in the foreground is as the API server holds it",
                deployment("  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n  finalizers: [foregroundDeletion]\n", ""),
                vec![],
            ),
        ];
        for (name, text, want) in cases {
            let got: Vec<_> = load(&text)
                .diagnostics
                .into_iter()
                .map(|d| (d.severity, d.path.unwrap_or_default(), d.line, d.message))
                .collect();
            let want: Vec<_> = want
                .into_iter()
                .map(|(severity, path, line, message)| {
                    (severity, path.to_string(), line, message.to_string())
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_deployments_times_count_for_the_start_of_the_run() {
        let text = deployment(
            "  creationTimestamp: \"2025-01-01T00:00:00Z\"\n",
            "status:\n  conditions:\n  - {type: Progressing, status: \"True\", lastTransitionTime: \"2025-01-01T00:00:00Z\", lastUpdateTime: \"2025-01-02T03:04:05Z\"}\n",
        ) + "---\n" + &replica_set("  creationTimestamp: \"2025-01-01T12:00:00Z\"\n");
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        assert_eq!(
            format_rfc3339(run_start(&loaded.objects)),
            "2025-01-02T03:04:05Z",
            "the Progressing condition's last update is the latest time"
        );
    }
}

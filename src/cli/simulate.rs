//! `kubeplay simulate FILE [--until stable|DURATION] [--output text|json]`: runs the
//! simulation on a file and prints the timeline as text (events and kubectl views) or as
//! JSON (documented in docs/cli.md).

use std::io::Write;

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;

use super::workloads_json::{DeploymentJson, ReplicaSetJson, StatefulSetJson};
use super::{FileDiagnostic, LoadedFile};
use crate::engine::api::scenario::{Duration, Until};
use crate::engine::api::{IntOrPercent, PodDisruptionBudget, UpdateStrategyType};
use crate::engine::exercise::{self, GoalResult};
use crate::engine::kubectl;
use crate::engine::kubectl::{deployments, stateful_sets};
use crate::engine::limits::run_diagnostic;
use crate::engine::sim::cluster::fill_in_default_cluster;
use crate::engine::sim::timeline::apply_changes;
use crate::engine::sim::timeline::{Frame, FrameKind, Timeline};
use crate::engine::sim::Simulation;
use crate::engine::store::events::Event;
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::state::pod_status_text;
use crate::engine::store::state::DaemonSetState;
use crate::engine::store::state::{
    object_key, ClusterState, PodOwner, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL,
};
use crate::engine::time::format_go_duration;
use crate::engine::time::Millis;
use crate::engine::yaml::Objects;

/// The usage line of `kubeplay simulate`.
pub const USAGE: &str =
    "Usage: kubeplay simulate FILE [--until stable|DURATION] [--output text|json]\n";

/// Runs `kubeplay simulate` with `args` (after the subcommand name).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file: Option<&str> = None;
    let mut until: Option<Until> = None;
    let mut json_output = false;
    let mut reader = super::ArgReader::new(args);
    while let Some((arg, flag)) = reader.next_arg() {
        match flag {
            "--until" => match reader.value() {
                Some("stable") => until = Some(Until::Stable),
                Some(text) => match Duration::parse(text) {
                    Some(d) => until = Some(Until::After(d)),
                    None => {
                        let _ = write!(
                            err,
                            "kubeplay simulate: invalid --until value `{text}`\n{USAGE}"
                        );
                        return 2;
                    }
                },
                None => {
                    let _ = write!(err, "kubeplay simulate: --until needs a value\n{USAGE}");
                    return 2;
                }
            },
            "--output" | "-o" => match reader.value() {
                Some("json") => json_output = true,
                Some("text") => json_output = false,
                other => {
                    let _ = write!(
                        err,
                        "kubeplay simulate: invalid --output value `{}`\n{USAGE}",
                        other.unwrap_or("")
                    );
                    return 2;
                }
            },
            "--help" | "-h" => {
                let _ = write!(out, "{USAGE}");
                return 0;
            }
            _ if arg.starts_with('-') && arg != "-" => {
                let _ = write!(err, "kubeplay simulate: unknown option `{arg}`\n{USAGE}");
                return 2;
            }
            _ if file.is_none() => file = Some(arg),
            _ => {
                let _ = write!(
                    err,
                    "kubeplay simulate: unexpected argument `{arg}`\n{USAGE}"
                );
                return 2;
            }
        }
    }
    let Some(file) = file else {
        let _ = write!(err, "kubeplay simulate: missing FILE\n{USAGE}");
        return 2;
    };
    let loaded = match super::load_file("simulate", file, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let printed = loaded.diagnostics.len();
    let report = simulate_file(loaded, super::shown_name(file), until);
    for d in &report.diagnostics[printed..] {
        let _ = write!(err, "{d}");
    }
    let written = if json_output {
        super::write_json(out, &report)
    } else {
        write!(out, "{}", text_report(&report.timeline))
    };
    if written.is_err() {
        return 1;
    }
    0
}

/// Simulates `objects` (loaded without errors) as `kubeplay simulate` does: without Node
/// objects and without an empty node list the default cluster is used.
pub fn run_objects(mut objects: Objects, until: Option<Until>) -> Timeline {
    fill_in_default_cluster(&mut objects);
    Simulation::run(&objects, until)
}

/// Simulates the file `loaded` (named `file` in diagnostics) as `kubeplay simulate` does:
/// its warnings are followed by the warning that the default cluster fills in and the run
/// limit the simulation reached, if any. The JavaScript API runs the same function.
///
/// When its Scenario has goals, the report carries each goal's result; the file is its own
/// starting point, so its `unchanged` goals are met.
pub fn simulate_file(loaded: LoadedFile, file: &str, until: Option<Until>) -> SimulationReport {
    let mut objects = loaded.objects;
    let mut diagnostics = loaded.diagnostics;
    let filled = fill_in_default_cluster(&mut objects);
    diagnostics.extend(filled.map(|d| FileDiagnostic::new(file, d)));
    let timeline = Simulation::run(&objects, until);
    diagnostics.extend(run_diagnostic(timeline.limit()).map(|d| FileDiagnostic::new(file, d)));
    let goals = objects.scenario.as_ref().map_or_else(Vec::new, |s| {
        exercise::evaluate(&s.spec.goals, &timeline, &objects, &objects)
    });
    SimulationReport {
        timeline,
        diagnostics,
        goals,
    }
}

fn time_text(ms: u64) -> String {
    format_go_duration(ms)
}

fn event_line(e: &Event) -> String {
    format!(
        "{:>8}  {:<7}  {:<22} {}/{}: {}",
        time_text(e.time),
        e.type_.as_str(),
        e.reason,
        e.object.kind.to_lowercase(),
        e.object.name(),
        e.message
    )
}

fn views(state: &ClusterState) -> String {
    let mut s = String::new();
    s.push_str("$ kubectl get ds -A\n");
    s.push_str(&kubectl::get_daemon_sets(state, None));
    if !state.deployments.is_empty() {
        s.push_str("$ kubectl get deploy -A\n");
        s.push_str(&deployments::get_deployments(state, None));
    }
    if !state.replica_sets.is_empty() {
        s.push_str("$ kubectl get rs -A\n");
        s.push_str(&deployments::get_replica_sets(state, None));
    }
    if !state.stateful_sets.is_empty() {
        s.push_str("$ kubectl get sts -A\n");
        s.push_str(&stateful_sets::get_stateful_sets(state, None));
    }
    if !state.pod_disruption_budgets.is_empty() {
        s.push_str("$ kubectl get pdb -A\n");
        s.push_str(&kubectl::get_pod_disruption_budgets(state, None));
    }
    s.push_str("$ kubectl get pods -A -o wide\n");
    s.push_str(&kubectl::get_pods_wide(state, None));
    s
}

/// The text report: every step with its output and the views after it, the events, and
/// the final views with rollout status/history of each DaemonSet, the rollout status,
/// history and description of each Deployment, and the rollout status/history of each
/// StatefulSet.
pub fn text_report(timeline: &Timeline) -> String {
    let mut s = String::new();
    let frames = timeline.frames();
    let steps: Vec<usize> = frames
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FrameKind::Step)
        .map(|(i, _)| i)
        .collect();
    for (n, &index) in steps.iter().enumerate() {
        let frame = &frames[index];
        let last = steps
            .get(n + 1)
            .map_or(frames.len(), |next| *next)
            .saturating_sub(1);
        // Views right after the step settled (before the next wake-up).
        let settled = frames
            .iter()
            .enumerate()
            .skip(index)
            .take_while(|(i, f)| *i <= last && f.time == frame.time)
            .map(|(i, _)| i)
            .last()
            .unwrap_or(index);
        s.push_str(&format!("== {} {}\n", time_text(frame.time), frame.title));
        for line in &frame.output {
            s.push_str(line);
            s.push('\n');
        }
        let shown = if frame.title.contains(": wait") {
            last
        } else {
            settled
        };
        s.push_str(&views(&timeline.state_at(shown)));
        s.push('\n');
    }
    s.push_str("== events\n");
    for e in timeline.events() {
        s.push_str(&event_line(e));
        s.push('\n');
    }
    let state = timeline.final_state();
    s.push_str(&format!(
        "\n== end {}{}\n",
        time_text(state.time),
        if timeline.is_stable() {
            " (stable)"
        } else {
            ""
        }
    ));
    s.push_str("$ kubectl get nodes\n");
    s.push_str(&kubectl::get_nodes(state));
    s.push_str(&views(state));
    let first_step = steps
        .iter()
        .copied()
        .find(|&i| frames[i].title.starts_with("step "))
        .unwrap_or(0);
    for ds in state.daemon_sets.values() {
        let (ns, name) = (&ds.ds.metadata.namespace, &ds.ds.metadata.name);
        if ds.ds.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate {
            s.push_str(&format!("$ kubectl rollout status ds/{name} -n {ns}\n"));
            // Watch from the first scenario step, or from the DaemonSet's creation when that
            // comes later (without steps the first frame is the empty cluster).
            let key = object_key(ns, name);
            let created = created_at(
                frames,
                |c| matches!(c, Change::DaemonSet(k, Some(_)) if *k == key),
            );
            push_lines(
                &mut s,
                kubectl::rollout_status_lines(timeline, ns, name, first_step.max(created)),
            );
        }
        s.push_str(&format!("$ kubectl rollout history ds/{name} -n {ns}\n"));
        s.push_str(&kubectl::rollout_history(ds));
        s.push_str(&format!(
            "$ kubectl describe ds/{name} -n {ns}   # events\n"
        ));
        s.push_str(&kubectl::describe_events(
            timeline.events(),
            state.time,
            "DaemonSet",
            ns,
            name,
        ));
    }
    for deployment in state.deployments.values() {
        let meta = &deployment.deployment.metadata;
        let (ns, name) = (&meta.namespace, &meta.name);
        s.push_str(&format!(
            "$ kubectl rollout status deployment/{name} -n {ns}\n"
        ));
        let key = object_key(ns, name);
        let created = created_at(
            frames,
            |c| matches!(c, Change::Deployment(k, Some(_)) if *k == key),
        );
        push_lines(
            &mut s,
            deployments::rollout_status_lines(timeline, ns, name, first_step.max(created)),
        );
        s.push_str(&format!(
            "$ kubectl rollout history deployment/{name} -n {ns}\n"
        ));
        s.push_str(&deployments::rollout_history(state, deployment));
        s.push_str(&format!("$ kubectl describe deployment/{name} -n {ns}\n"));
        s.push_str(&deployments::describe_deployment(
            state,
            deployment,
            timeline.events(),
        ));
    }
    for set in state.stateful_sets.values() {
        let (ns, name) = (
            &set.stateful_set.metadata.namespace,
            &set.stateful_set.metadata.name,
        );
        if set.stateful_set.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate {
            s.push_str(&format!("$ kubectl rollout status sts/{name} -n {ns}\n"));
            let key = object_key(ns, name);
            let created = created_at(
                frames,
                |c| matches!(c, Change::StatefulSet(k, Some(_)) if *k == key),
            );
            push_lines(
                &mut s,
                stateful_sets::rollout_status_lines(timeline, ns, name, first_step.max(created)),
            );
        }
        s.push_str(&format!("$ kubectl rollout history sts/{name} -n {ns}\n"));
        s.push_str(&stateful_sets::rollout_history(set));
        s.push_str(&format!(
            "$ kubectl describe sts/{name} -n {ns}   # events\n"
        ));
        s.push_str(&kubectl::describe_events(
            timeline.events(),
            state.time,
            "StatefulSet",
            ns,
            name,
        ));
    }
    s
}

/// A finished simulation and the diagnostics of its file: the document `--output json`
/// prints (schema in docs/cli.md, keys sorted). It serialises frame by frame, replaying the
/// timeline's changes into one cluster state as it goes, so no state is held per frame.
pub struct SimulationReport {
    /// The recorded run.
    pub timeline: Timeline,
    /// The file's warnings, then the run limit reached, if any.
    pub diagnostics: Vec<FileDiagnostic>,
    /// The result of each goal of the file's Scenario (`goals`, left out when there are
    /// none).
    pub goals: Vec<GoalResult>,
}

impl Serialize for SimulationReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let timeline = &self.timeline;
        let mut document = serializer.serialize_struct("SimulationReport", 7)?;
        document.serialize_field("diagnostics", &self.diagnostics)?;
        document.serialize_field("endTime", &timeline.final_state().time)?;
        document.serialize_field("frames", &FramesJson(timeline))?;
        if self.goals.is_empty() {
            document.skip_field("goals")?;
        } else {
            document.serialize_field("goals", &self.goals)?;
        }
        document.serialize_field("kubernetesVersion", crate::engine::KUBERNETES_VERSION)?;
        document.serialize_field("podTransitions", &TransitionsJson(timeline))?;
        document.serialize_field("stable", &timeline.is_stable())?;
        document.end()
    }
}

/// Every frame of a timeline, each with the state after it where the schema shows one.
struct FramesJson<'a>(&'a Timeline);

impl Serialize for FramesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let timeline = self.0;
        let mut frames = serializer.serialize_seq(Some(timeline.len()))?;
        let mut state = timeline.state_at(0);
        for (index, frame) in timeline.frames().iter().enumerate() {
            if index > 0 {
                apply_changes(&mut state, frame);
            }
            frames.serialize_element(&FrameJson::new(index, frame, timeline, &state))?;
        }
        frames.end()
    }
}

/// One frame; `daemonSets`, `deployments`, `replicaSets` and `pods` only on start, step
/// and sync frames.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameJson<'a> {
    actions: Vec<ActionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    daemon_sets: Option<Vec<DaemonSetJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployments: Option<Vec<DeploymentJson<'a>>>,
    events: Vec<EventJson<'a>>,
    index: usize,
    kind: &'static str,
    output: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pod_disruption_budgets: Option<Vec<BudgetJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pods: Option<Vec<PodJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replica_sets: Option<Vec<ReplicaSetJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stateful_sets: Option<Vec<StatefulSetJson<'a>>>,
    time: Millis,
    title: &'a str,
}

impl<'a> FrameJson<'a> {
    /// Frame `index` of `timeline`, with `state` the cluster right after it.
    fn new(
        index: usize,
        frame: &'a Frame,
        timeline: &'a Timeline,
        state: &'a ClusterState,
    ) -> FrameJson<'a> {
        let with_state = matches!(
            frame.kind,
            FrameKind::Step | FrameKind::Sync | FrameKind::Start
        );
        FrameJson {
            actions: frame.actions.iter().map(ActionJson).collect(),
            daemon_sets: with_state.then(|| {
                state
                    .daemon_sets
                    .values()
                    .map(|ds| DaemonSetJson::new(ds))
                    .collect()
            }),
            deployments: with_state.then(|| {
                state
                    .deployments
                    .values()
                    .map(|d| DeploymentJson::new(d))
                    .collect()
            }),
            events: timeline.events()[frame.events.clone()]
                .iter()
                .map(EventJson::new)
                .collect(),
            index,
            kind: frame.kind.as_str(),
            output: &frame.output,
            pod_disruption_budgets: (with_state && !state.pod_disruption_budgets.is_empty()).then(
                || {
                    state
                        .pod_disruption_budgets
                        .values()
                        .map(|pdb| BudgetJson::new(pdb))
                        .collect()
                },
            ),
            pods: with_state.then(|| {
                state
                    .pods
                    .values()
                    .map(|pod| PodJson::new(pod, state))
                    .collect()
            }),
            replica_sets: with_state.then(|| {
                state
                    .replica_sets
                    .values()
                    .map(|rs| ReplicaSetJson::new(rs))
                    .collect()
            }),
            stateful_sets: (with_state && !state.stateful_sets.is_empty()).then(|| {
                state
                    .stateful_sets
                    .values()
                    .map(|set| StatefulSetJson::new(set, state))
                    .collect()
            }),
            time: frame.time,
            title: &frame.title,
        }
    }
}

/// A controller action: `{"node", "pod", "type": "create"}`, `{"pod", "type": "delete"}`,
/// `{"from", "replicaSet", "to", "type": "scale"}` or the eviction API's answer
/// `{"allowed", "cause", "code", "message", "pod", "type": "evict"}`.
struct ActionJson<'a>(&'a Action);

impl Serialize for ActionJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Action::Created { pod, node } => {
                let mut action = serializer.serialize_struct("Action", 3)?;
                action.serialize_field("node", node)?;
                action.serialize_field("pod", pod)?;
                action.serialize_field("type", "create")?;
                action.end()
            }
            Action::Deleted { pod } => {
                let mut action = serializer.serialize_struct("Action", 2)?;
                action.serialize_field("pod", pod)?;
                action.serialize_field("type", "delete")?;
                action.end()
            }
            Action::Eviction {
                pod,
                code,
                message,
                cause,
            } => {
                let mut action = serializer.serialize_struct("Action", 6)?;
                action.serialize_field("allowed", &(*code == 201))?;
                action.serialize_field("cause", cause)?;
                action.serialize_field("code", code)?;
                action.serialize_field("message", message)?;
                action.serialize_field("pod", pod)?;
                action.serialize_field("type", "evict")?;
                action.end()
            }
            Action::Scaled {
                replica_set,
                from,
                to,
            } => {
                let mut action = serializer.serialize_struct("Action", 4)?;
                action.serialize_field("from", from)?;
                action.serialize_field("replicaSet", replica_set)?;
                action.serialize_field("to", to)?;
                action.serialize_field("type", "scale")?;
                action.end()
            }
        }
    }
}

/// A Kubernetes Event.
#[derive(Serialize)]
struct EventJson<'a> {
    message: &'a str,
    object: ObjectRefJson<'a>,
    reason: &'a str,
    source: &'a str,
    time: Millis,
    #[serde(rename = "type")]
    type_: &'static str,
}

/// The object an event is about.
#[derive(Serialize)]
struct ObjectRefJson<'a> {
    kind: &'a str,
    name: &'a str,
    namespace: &'a str,
}

impl<'a> EventJson<'a> {
    fn new(e: &'a Event) -> EventJson<'a> {
        EventJson {
            message: &e.message,
            object: ObjectRefJson {
                kind: e.object.kind,
                name: e.object.name(),
                namespace: e.object.namespace(),
            },
            reason: e.reason,
            source: &e.source,
            time: e.time,
            type_: e.type_.as_str(),
        }
    }
}

/// The `revision` number of the ControllerRevision of `ds` with the hash `hash`, while it
/// exists (the controller deletes old revisions beyond `revisionHistoryLimit`).
fn revision_number(ds: &DaemonSetState, hash: &str) -> Option<i64> {
    ds.revisions
        .iter()
        .find(|r| r.hash == hash)
        .map(|r| r.revision)
}

/// A PodDisruptionBudget with the status the disruption controller and the eviction API
/// last wrote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BudgetJson<'a> {
    current_healthy: i32,
    desired_healthy: i32,
    disrupted_pods: Vec<&'a str>,
    disruption_allowed: Option<BudgetConditionJson<'a>>,
    disruptions_allowed: i32,
    expected_pods: i32,
    generation: i64,
    max_unavailable: Option<String>,
    min_available: Option<String>,
    name: &'a str,
    namespace: &'a str,
    observed_generation: i64,
}

/// The `DisruptionAllowed` condition.
#[derive(Serialize)]
struct BudgetConditionJson<'a> {
    message: &'a str,
    reason: &'a str,
    status: &'a str,
}

impl<'a> BudgetJson<'a> {
    fn new(pdb: &'a PodDisruptionBudget) -> BudgetJson<'a> {
        let s = &pdb.status;
        let text = |v: &Option<IntOrPercent>| {
            v.as_ref().map(|v| match v {
                IntOrPercent::Int(i) => i.to_string(),
                IntOrPercent::String(s) => s.clone(),
            })
        };
        BudgetJson {
            current_healthy: s.current_healthy,
            desired_healthy: s.desired_healthy,
            disrupted_pods: s.disrupted_pods.iter().map(|(k, _)| k.as_str()).collect(),
            disruption_allowed: s
                .disruption_allowed_condition()
                .map(|c| BudgetConditionJson {
                    message: &c.message,
                    reason: &c.reason,
                    status: &c.status,
                }),
            disruptions_allowed: s.disruptions_allowed,
            expected_pods: s.expected_pods,
            generation: pdb.metadata.generation.unwrap_or(1),
            max_unavailable: text(&pdb.spec.max_unavailable),
            min_available: text(&pdb.spec.min_available),
            name: &pdb.metadata.name,
            namespace: &pdb.metadata.namespace,
            observed_generation: s.observed_generation,
        }
    }
}

/// A DaemonSet with its current revision and the status the controller last wrote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DaemonSetJson<'a> {
    current_revision: Option<i64>,
    current_revision_hash: Option<&'a str>,
    generation: i64,
    name: &'a str,
    namespace: &'a str,
    status: DaemonSetStatusJson,
    template_generation: i64,
}

/// The DaemonSet's `status` counters.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DaemonSetStatusJson {
    current_number_scheduled: i32,
    desired_number_scheduled: i32,
    number_available: i32,
    number_misscheduled: i32,
    number_ready: i32,
    number_unavailable: i32,
    observed_generation: i64,
    updated_number_scheduled: i32,
}

impl<'a> DaemonSetJson<'a> {
    fn new(ds: &'a DaemonSetState) -> DaemonSetJson<'a> {
        let s = &ds.ds.status;
        DaemonSetJson {
            current_revision: ds
                .current_hash
                .as_deref()
                .and_then(|hash| revision_number(ds, hash)),
            current_revision_hash: ds.current_hash.as_deref(),
            generation: ds.generation,
            name: &ds.ds.metadata.name,
            namespace: &ds.ds.metadata.namespace,
            status: DaemonSetStatusJson {
                current_number_scheduled: s.current_number_scheduled,
                desired_number_scheduled: s.desired_number_scheduled,
                number_available: s.number_available,
                number_misscheduled: s.number_misscheduled,
                number_ready: s.number_ready,
                number_unavailable: s.number_unavailable,
                observed_generation: s.observed_generation,
                updated_number_scheduled: s.updated_number_scheduled,
            },
            template_generation: ds.template_generation,
        }
    }
}

/// A pod as `kubectl get pods -o wide` sees it, with its DaemonSet revision.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodJson<'a> {
    bound: bool,
    /// `metadata.deletionGracePeriodSeconds` of a pod being deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    deletion_grace_period_seconds: Option<u64>,
    name: &'a str,
    namespace: &'a str,
    node: &'a str,
    owner: Option<&'a str>,
    owner_kind: Option<&'static str>,
    phase: &'static str,
    ready: bool,
    /// When the kubelet removes a pod being deleted (virtual milliseconds): its grace
    /// period's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_at: Option<u64>,
    restarts: u32,
    revision: Option<i64>,
    revision_hash: Option<&'a str>,
    status: String,
    template_generation: Option<&'a str>,
    terminating: bool,
}

impl<'a> PodJson<'a> {
    /// `pod` in `state`, where its owner's revisions are looked up.
    fn new(pod: &'a PodState, state: &ClusterState) -> PodJson<'a> {
        let revision_hash = pod.label(HASH_LABEL);
        let owner = pod.owner.as_ref().map(PodOwner::key);
        PodJson {
            bound: !pod.node_name().is_empty(),
            name: &pod.pod.metadata.name,
            namespace: &pod.pod.metadata.namespace,
            node: pod.target_node().unwrap_or(""),
            owner,
            owner_kind: pod.owner.as_ref().map(PodOwner::kind),
            phase: pod.phase.as_str(),
            ready: pod.ready,
            restarts: pod.restarts,
            revision: revision_hash.and_then(|hash| match &pod.owner {
                Some(PodOwner::DaemonSet(owner)) => {
                    revision_number(state.daemon_sets.get(owner)?, hash)
                }
                Some(PodOwner::StatefulSet(owner)) => state
                    .stateful_sets
                    .get(owner)?
                    .revisions
                    .iter()
                    .find(|r| r.name == hash)
                    .map(|r| r.revision),
                _ => None,
            }),
            revision_hash,
            status: pod_status_text(pod),
            template_generation: pod.label(TEMPLATE_GENERATION_LABEL),
            terminating: pod.deletion.is_some(),
            deletion_grace_period_seconds: pod.deletion.map(|_| pod.deletion_grace_ms / 1000),
            removed_at: pod.deletion_ends(),
        }
    }
}

/// Every pod transition of a timeline, in order.
struct TransitionsJson<'a>(&'a Timeline);

impl Serialize for TransitionsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let frames = self.0.frames();
        let count = frames.iter().map(|f| f.transitions.len()).sum();
        let mut transitions = serializer.serialize_seq(Some(count))?;
        for t in frames.iter().flat_map(|f| &f.transitions) {
            transitions.serialize_element(&TransitionJson {
                node: t.node.as_str(),
                pod: t.pod.as_str(),
                ready: t.ready,
                status: t.status,
                time: t.time,
            })?;
        }
        transitions.end()
    }
}

/// A change of a pod's node, STATUS or readiness.
#[derive(Serialize)]
struct TransitionJson<'a> {
    node: &'a str,
    pod: &'a str,
    ready: bool,
    status: &'a str,
    time: Millis,
}

/// The first frame whose changes include one that `created` recognises (the workload's
/// creation), or the first frame.
fn created_at(frames: &[Frame], created: impl Fn(&Change) -> bool) -> usize {
    frames
        .iter()
        .position(|f| f.changes.iter().any(&created))
        .unwrap_or(0)
}

/// Appends `lines` to `s`, one a line.
fn push_lines(s: &mut String, lines: Vec<String>) {
    for line in lines {
        s.push_str(&line);
        s.push('\n');
    }
}

//! `kubectl`-style text views (get ds, get pods -o wide, get nodes, get pdb, rollout status, rollout history, describe ds events) rendered from simulation state; the
//! Deployment and ReplicaSet views are in [`deployments`], the StatefulSet views in
//! [`stateful_sets`].
//!
//! Tables are laid out like kubectl's printers: a tab writer with padding 3 for `get`,
//! padding 2 for `describe` and `rollout history`; the last column is never padded.

pub mod deployments;
pub mod rollout_history;
pub mod stateful_sets;

use crate::engine::api::{IntOrPercent, Node, RawValue};
use crate::engine::sim::status_viewers::rollout_status;
use crate::engine::sim::timeline::Timeline;
use crate::engine::sorting::sort_stably_by_key;
use crate::engine::store::events::Event;
use crate::engine::store::state::{
    object_key, pod_status_text, ClusterState, DaemonSetState, PodIp,
};
use crate::engine::time::{
    elapsed_since, human_duration, offset_from_start, timestamp, Millis, Timestamp,
};

/// Lays out rows like Go's `text/tabwriter` with `minwidth 0`, `padding`, `' '`: every
/// cell but the last of a row is padded to its column's width plus `padding`.
pub fn tabwrite(rows: &[Vec<String>], padding: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < row.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] + padding - cell.chars().count();
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

fn age(now: Millis, created: Timestamp) -> String {
    human_duration(elapsed_since(created, now))
}

fn in_namespace(namespace: Option<&str>, object_namespace: &str) -> bool {
    namespace.is_none_or(|n| n == object_namespace)
}

/// `kubectl get ds` (`-n NS` when `namespace` is given, `-A` with a NAMESPACE column
/// otherwise).
pub fn get_daemon_sets(state: &ClusterState, namespace: Option<&str>) -> String {
    let mut header: Vec<String> = Vec::new();
    if namespace.is_none() {
        header.push("NAMESPACE".into());
    }
    header.extend(
        [
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE SELECTOR",
            "AGE",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    for ds in state.daemon_sets.values() {
        let meta = &ds.ds.metadata;
        if !in_namespace(namespace, &meta.namespace) {
            continue;
        }
        let status = &ds.ds.status;
        let selector = &ds.ds.spec.template.spec.node_selector;
        let selector = if selector.is_empty() {
            "<none>".to_string()
        } else {
            selector
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut row = Vec::new();
        if namespace.is_none() {
            row.push(meta.namespace.clone());
        }
        row.extend([
            meta.name.clone(),
            status.desired_number_scheduled.to_string(),
            status.current_number_scheduled.to_string(),
            status.number_ready.to_string(),
            status.updated_number_scheduled.to_string(),
            status.number_available.to_string(),
            selector,
            age(state.time, ds.created),
        ]);
        rows.push(row);
    }
    if rows.len() == 1 {
        return no_resources(namespace);
    }
    tabwrite(&rows, 3)
}

/// `kubectl get pdb` (`-n NS`, or `-A` with a NAMESPACE column): MIN AVAILABLE and MAX
/// UNAVAILABLE as written (`N/A` when unset), ALLOWED DISRUPTIONS from the status.
pub fn get_pod_disruption_budgets(state: &ClusterState, namespace: Option<&str>) -> String {
    let mut header: Vec<String> = Vec::new();
    if namespace.is_none() {
        header.push("NAMESPACE".into());
    }
    header.extend(
        [
            "NAME",
            "MIN AVAILABLE",
            "MAX UNAVAILABLE",
            "ALLOWED DISRUPTIONS",
            "AGE",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    for pdb in state.pod_disruption_budgets.values() {
        let meta = &pdb.metadata;
        if !in_namespace(namespace, &meta.namespace) {
            continue;
        }
        let shown = |v: &Option<IntOrPercent>| match v {
            Some(IntOrPercent::Int(i)) => i.to_string(),
            Some(IntOrPercent::String(s)) => s.clone(),
            None => "N/A".to_string(),
        };
        let created = offset_from_start(meta.creation_timestamp.as_deref(), state.run_start);
        let mut row = Vec::new();
        if namespace.is_none() {
            row.push(meta.namespace.clone());
        }
        row.extend([
            meta.name.clone(),
            shown(&pdb.spec.min_available),
            shown(&pdb.spec.max_unavailable),
            pdb.status.disruptions_allowed.to_string(),
            created.map_or_else(|| "<unknown>".to_string(), |c| age(state.time, c)),
        ]);
        rows.push(row);
    }
    if rows.len() == 1 {
        return no_resources(namespace);
    }
    tabwrite(&rows, 3)
}

fn no_resources(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace.\n"),
        None => "No resources found\n".to_string(),
    }
}

/// `kubectl get pods -o wide`.
pub fn get_pods_wide(state: &ClusterState, namespace: Option<&str>) -> String {
    let mut header: Vec<String> = Vec::new();
    if namespace.is_none() {
        header.push("NAMESPACE".into());
    }
    header.extend(
        [
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED NODE",
            "READINESS GATES",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    for pod in state.pods.values() {
        let meta = &pod.pod.metadata;
        if !in_namespace(namespace, &meta.namespace) {
            continue;
        }
        let total = pod.pod.spec.containers.len();
        let ready = if pod.ready { total } else { 0 };
        let none = || "<none>".to_string();
        let mut row = Vec::new();
        if namespace.is_none() {
            row.push(meta.namespace.clone());
        }
        row.extend([
            meta.name.clone(),
            format!("{ready}/{total}"),
            pod_status_text(pod),
            pod.restarts.to_string(),
            age(state.time, pod.created),
            pod.ip.as_ref().map_or_else(none, PodIp::to_string),
            if pod.node_name().is_empty() {
                none()
            } else {
                pod.node_name().to_string()
            },
            pod.nominated_node.clone().unwrap_or_else(none),
            none(),
        ]);
        rows.push(row);
    }
    if rows.len() == 1 {
        return no_resources(namespace);
    }
    tabwrite(&rows, 3)
}

fn kubelet_version(extra: &[(String, RawValue)]) -> String {
    extra
        .iter()
        .find(|(k, _)| k == "nodeInfo")
        .and_then(|(_, v)| match v {
            RawValue::Map(fields) => fields.iter().find(|(k, _)| k == "kubeletVersion"),
            _ => None,
        })
        .and_then(|(_, v)| match v {
            RawValue::String(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The ROLES column of `kubectl get nodes`: the `node-role.kubernetes.io/<role>` label
/// suffixes (and `kubernetes.io/role` values), sorted, or `<none>`.
pub fn node_roles(node: &Node) -> String {
    let mut roles: Vec<String> = node
        .metadata
        .labels
        .iter()
        .filter_map(|(k, v)| {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                Some(role.to_string())
            } else if k == "kubernetes.io/role" {
                Some(v.clone())
            } else {
                None
            }
        })
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    }
}

/// The STATUS column of `kubectl get nodes` (printers.go printNode) from the status of the
/// node's `Ready` condition: `Ready` when `True`, `NotReady` for any other status
/// (`False` or `Unknown`), then `,SchedulingDisabled` when cordoned.
pub fn node_status(ready: &str, unschedulable: bool) -> String {
    let mut status = if ready == "True" {
        "Ready".to_string()
    } else {
        "NotReady".to_string()
    };
    if unschedulable {
        status.push_str(",SchedulingDisabled");
    }
    status
}

/// `kubectl get nodes`.
pub fn get_nodes(state: &ClusterState) -> String {
    let mut rows = vec![["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
        .map(String::from)
        .to_vec()];
    for node in state.nodes.values() {
        let status = node_status(node.ready_status(), node.node.spec.unschedulable);
        let roles = node_roles(&node.node);
        rows.push(vec![
            node.name().to_string(),
            status,
            roles,
            age(state.time, node.created),
            kubelet_version(&node.node.status.extra),
        ]);
    }
    if rows.len() == 1 {
        return "No resources found\n".to_string();
    }
    tabwrite(&rows, 3)
}

/// `kubectl rollout history ds/NAME`.
pub fn rollout_history(ds: &DaemonSetState) -> String {
    let mut revisions: Vec<_> = ds.revisions.iter().collect();
    sort_stably_by_key(&mut revisions, &|r| r.revision);
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for r in revisions {
        rows.push(vec![
            r.revision.to_string(),
            r.change_cause
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "<none>".to_string()),
        ]);
    }
    format!(
        "daemonset.apps/{} \n{}\n",
        ds.ds.metadata.name,
        tabwrite(&rows, 2)
    )
}

/// The lines `kubectl rollout status` prints while watching the timeline from frame `from`
/// on: the status viewer's line (`status`; `None` when the workload is gone) at `from` and
/// after every frame whose changes `touches` the workload, identical consecutive lines
/// collapsed, ending with the viewer's final line, its error, the NotFound error for
/// `resource` (`daemonsets.apps`, ...) `name`, or the last line reached.
pub fn watch_rollout_status(
    timeline: &Timeline,
    from: usize,
    resource: &str,
    name: &str,
    touches: impl Fn(&crate::engine::store::journal::Change) -> bool,
    status: impl Fn(&ClusterState) -> Option<Result<(String, bool), String>>,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut state = timeline.state_at(from);
    let push = |state: &ClusterState, lines: &mut Vec<String>| -> bool {
        match status(state) {
            None => {
                lines.push(format!(
                    "Error from server (NotFound): {resource} \"{name}\" not found"
                ));
                true
            }
            Some(Ok((line, done))) => {
                if lines.last() != Some(&line) {
                    lines.push(line);
                }
                done
            }
            Some(Err(message)) => {
                lines.push(message);
                true
            }
        }
    };
    if push(&state, &mut lines) {
        return lines;
    }
    for frame in timeline.frames().iter().skip(from + 1) {
        let touched = frame.changes.iter().any(&touches);
        crate::engine::sim::timeline::apply_changes(&mut state, frame);
        if touched && push(&state, &mut lines) {
            break;
        }
    }
    lines
}

/// The lines `kubectl rollout status ds/NAME` prints while watching the timeline from
/// frame `from` on ([`watch_rollout_status`]), ending with the success line (or the last
/// line reached).
pub fn rollout_status_lines(
    timeline: &Timeline,
    namespace: &str,
    name: &str,
    from: usize,
) -> Vec<String> {
    use crate::engine::store::journal::Change;
    let key = object_key(namespace, name);
    watch_rollout_status(
        timeline,
        from,
        "daemonsets.apps",
        name,
        |c| matches!(c, Change::DaemonSet(k, _) if *k == key),
        |state| state.daemon_sets.get(&key).map(|ds| rollout_status(ds)),
    )
}

/// The `Events:` section of `kubectl describe ds/NAME`.
pub fn describe_events(
    events: &[Event],
    now: Millis,
    kind: &str,
    namespace: &str,
    name: &str,
) -> String {
    let mine: Vec<&Event> = events
        .iter()
        .filter(|e| {
            e.object.kind == kind && e.object.namespace() == namespace && e.object.name() == name
        })
        .collect();
    if mine.is_empty() {
        return "Events:  <none>\n".to_string();
    }
    let mut rows = vec![
        ["Type", "Reason", "Age", "From", "Message"]
            .map(String::from)
            .to_vec(),
        ["----", "------", "----", "----", "-------"]
            .map(String::from)
            .to_vec(),
    ];
    for e in mine {
        rows.push(vec![
            e.type_.as_str().to_string(),
            e.reason.to_string(),
            age(now, timestamp(e.time)),
            e.source.to_string(),
            e.message.trim().to_string(),
        ]);
    }
    let table = tabwrite(&rows, 2);
    let mut out = String::from("Events:\n");
    for line in table.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_status_follows_print_node() {
        // printers_test.go TestPrintNodeStatus (foo1..foo5) plus a node whose Ready
        // condition went Unknown (node lifecycle controller): printNode prints "Not" + type.
        let cases = [
            ("foo1 ready", "True", false, "Ready"),
            (
                "foo2 ready cordoned",
                "True",
                true,
                "Ready,SchedulingDisabled",
            ),
            ("foo4 not ready", "False", false, "NotReady"),
            (
                "foo5 not ready cordoned",
                "False",
                true,
                "NotReady,SchedulingDisabled",
            ),
            ("ready unknown", "Unknown", false, "NotReady"),
            (
                "ready unknown cordoned",
                "Unknown",
                true,
                "NotReady,SchedulingDisabled",
            ),
        ];
        for (name, ready, unschedulable, want) in cases {
            assert_eq!(node_status(ready, unschedulable), want, "{name}");
        }
    }

    #[test]
    fn node_roles_follow_find_node_roles() {
        // printers_test.go TestPrintNodeRole.
        let node = |labels: &[(&str, &str)]| {
            let mut n = Node::default();
            for (k, v) in labels {
                n.metadata.labels.insert(k.to_string(), v.to_string());
            }
            n
        };
        let cases = [
            ("foo9 no labels", node(&[]), "<none>"),
            (
                "foo10 prefixes and kubernetes.io/role",
                node(&[
                    ("node-role.kubernetes.io/master", ""),
                    ("node-role.kubernetes.io/control-plane", ""),
                    ("node-role.kubernetes.io/proxy", ""),
                    ("kubernetes.io/role", "node"),
                ]),
                "control-plane,master,node,proxy",
            ),
            (
                "foo11 kubernetes.io/role",
                node(&[("kubernetes.io/role", "node")]),
                "node",
            ),
            (
                "empty suffix ignored",
                node(&[("node-role.kubernetes.io/", "x")]),
                "<none>",
            ),
            (
                "empty role value ignored",
                node(&[("kubernetes.io/role", "")]),
                "<none>",
            ),
        ];
        for (name, n, want) in cases {
            assert_eq!(node_roles(&n), want, "{name}");
        }
    }

    #[test]
    fn tabwrite_pads_all_but_the_last_column() {
        let rows = vec![
            vec!["NAME".to_string(), "STATUS".to_string(), "AGE".to_string()],
            vec![
                "control-plane".to_string(),
                "Ready".to_string(),
                "5s".to_string(),
            ],
        ];
        assert_eq!(
            tabwrite(&rows, 3),
            "NAME            STATUS   AGE\ncontrol-plane   Ready    5s\n"
        );
    }
}

//! The engine's state turned into what the page shows ([`crate::protocol::view`]): every
//! rule (a pod's status text, whether it is at the current revision, a cell's colour, a
//! node's roles and usage) is decided here, by the engine's own functions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::engine::api::taint_text::format_taint;
use crate::engine::controllers::daemonset::history::{is_current_revision, sorted_revisions};
use crate::engine::controllers::daemonset::update::is_pod_current;
use crate::engine::kubectl::node_roles;
use crate::engine::sim::timeline::Timeline;
use crate::engine::store::journal::Change;
use crate::engine::store::scheduler_view::snapshot;
use crate::engine::store::state::{
    pod_status_text, ClusterState, DaemonSetState, NodeState, PodPhase, PodState, HASH_LABEL,
};
use crate::engine::time::format_go_duration;
use crate::protocol::view::*;

#[cfg(test)]
mod cell_tests;

/// The frames of `timeline` as the time controls list them.
pub fn frames(timeline: &Timeline) -> Vec<FrameInfo> {
    timeline
        .frames()
        .iter()
        .map(|frame| FrameInfo {
            time_ms: frame.time,
            time: format_go_duration(frame.time),
            kind: frame.kind,
            title: frame.title.clone(),
        })
        .collect()
}

/// A DaemonSet's status counts.
fn counts(ds: &DaemonSetState) -> StatusCounts {
    let status = ds.status();
    StatusCounts {
        desired: status.desired_number_scheduled,
        updated: status.updated_number_scheduled,
        available: status.number_available,
        unavailable: status.number_unavailable,
    }
}

/// The status counts of every DaemonSet of `timeline` after every frame that changed them,
/// in one pass over its frames (DaemonSets in order of first appearance).
pub fn status_histories(timeline: &Timeline) -> Vec<StatusHistory> {
    let mut histories: Vec<StatusHistory> = Vec::new();
    for frame in timeline.frames() {
        for change in &frame.changes {
            if let Change::DaemonSet(key, Some(ds)) = change {
                let at = match histories.iter().position(|h| &h.daemon_set == key) {
                    Some(at) => at,
                    None => {
                        histories.push(StatusHistory {
                            daemon_set: key.clone(),
                            points: Vec::new(),
                        });
                        histories.len() - 1
                    }
                };
                let points = &mut histories[at].points;
                let now = counts(ds);
                if points.last().map(|(_, c)| *c) != Some(now) {
                    points.push((frame.time, now));
                }
            }
        }
    }
    histories
}

/// The image of a pod template's first container.
fn first_image(template: &crate::engine::api::PodTemplateSpec) -> String {
    template
        .spec
        .containers
        .first()
        .map(|c| c.image.clone())
        .unwrap_or_default()
}

/// A DaemonSet as the rollout panel shows it.
pub fn daemon_set(ds: &DaemonSetState) -> DaemonSetView {
    DaemonSetView {
        key: ds.key(),
        image: first_image(&ds.ds.spec.template),
        status: counts(ds),
        revisions: sorted_revisions(ds)
            .into_iter()
            .map(|r| RevisionView {
                revision: r.revision,
                image: first_image(&r.template),
                current: is_current_revision(ds, r),
            })
            .collect(),
    }
}

/// The pods of each node (by target node, pending pinned pods included), in name order.
pub fn pods_by_node(cluster: &ClusterState) -> BTreeMap<&str, Vec<&Arc<PodState>>> {
    let mut map: BTreeMap<&str, Vec<&Arc<PodState>>> = BTreeMap::new();
    for pod in cluster.pods.values() {
        if let Some(node) = pod.target_node() {
            map.entry(node).or_default().push(pod);
        }
    }
    map
}

/// The cell colour of one daemon pod of `ds`.
pub fn pod_cell(pod: &PodState, ds: &DaemonSetState) -> CellStatus {
    if pod.deletion.is_some() {
        CellStatus::Terminating
    } else if pod.is_failing() {
        CellStatus::Failed
    } else if !pod.ready {
        CellStatus::Pending
    } else if !is_pod_current(pod, ds) {
        CellStatus::OldRevision
    } else {
        CellStatus::Ready
    }
}

/// A pod on a node card.
fn pod_view(pod: &PodState, cluster: &ClusterState) -> PodView {
    let ds = pod.daemon_set().and_then(|o| cluster.daemon_sets.get(o));
    let hash = pod.label(HASH_LABEL).unwrap_or("");
    PodView {
        key: pod.key(),
        name: pod.name().to_owned(),
        status: pod_status_text(pod),
        ready: pod.ready,
        terminating: pod.deletion.is_some(),
        daemon: pod.daemon_set().is_some(),
        revision: ds
            .and_then(|d| d.revisions.iter().find(|r| r.hash == hash))
            .map(|r| r.revision),
        current: ds.is_some_and(|d| is_pod_current(pod, d)),
    }
}

/// One node as the board draws it, with the pods that target it and its scheduler usage.
pub fn node_view(
    node: &NodeState,
    pods: &[&Arc<PodState>],
    usage: NodeUsage,
    cluster: &ClusterState,
) -> NodeView {
    let api = &node.node;
    NodeView {
        name: node.name().to_owned(),
        labels: api
            .metadata
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        roles: node_roles(api),
        taints: api
            .spec
            .taints
            .iter()
            .map(|t| TaintView {
                effect: t.effect.as_str().to_owned(),
                text: if t.value.is_empty() {
                    t.key.clone()
                } else {
                    format!("{}={}", t.key, t.value)
                },
                spec: format_taint(t),
            })
            .collect(),
        ready: node.ready_status() == "True",
        unschedulable: api.spec.unschedulable,
        usage,
        pods: pods.iter().map(|p| pod_view(p, cluster)).collect(),
        cell: pods
            .iter()
            .filter_map(|pod| {
                let ds = cluster.daemon_sets.get(pod.daemon_set()?)?;
                Some(pod_cell(pod, ds))
            })
            .max()
            .unwrap_or_default(),
    }
}

/// Every node of `cluster` as the board draws it, in name order.
pub fn node_views(cluster: &ClusterState) -> Vec<NodeView> {
    views_of(cluster, &pods_by_node(cluster), cluster)
}

/// The nodes named in `names` (those that exist) as the board draws them, in name order:
/// the scheduler's usage is counted from a snapshot of just those nodes and their pods.
pub fn node_views_of(cluster: &ClusterState, names: &BTreeSet<String>) -> Vec<NodeView> {
    let mut part = ClusterState {
        time: cluster.time,
        ..ClusterState::default()
    };
    for name in names {
        if let Some(node) = cluster.nodes.get(name) {
            part.nodes.insert(name.clone(), Arc::clone(node));
        }
    }
    for (key, pod) in &cluster.pods {
        if pod.target_node().is_some_and(|n| names.contains(n)) {
            part.pods.insert(key.clone(), Arc::clone(pod));
        }
    }
    views_of(&part, &pods_by_node(&part), cluster)
}

/// The views of the nodes of `part` with `pods` on them; DaemonSets are looked up in
/// `cluster`.
fn views_of(
    part: &ClusterState,
    pods: &BTreeMap<&str, Vec<&Arc<PodState>>>,
    cluster: &ClusterState,
) -> Vec<NodeView> {
    let scheduler = snapshot(part);
    part.nodes
        .values()
        .map(|node| {
            let usage = scheduler
                .node(node.name())
                .map(|info| NodeUsage {
                    cpu_requested: info.requested.milli_cpu,
                    cpu_allocatable: info.allocatable.milli_cpu,
                    memory_requested: info.requested.memory,
                    memory_allocatable: info.allocatable.memory,
                    pods: info.pods.len() as i64,
                    pods_allocatable: info.allocatable.allowed_pod_number,
                })
                .unwrap_or_default();
            let on_node = pods.get(node.name()).map_or(&[][..], Vec::as_slice);
            node_view(node, on_node, usage, cluster)
        })
        .collect()
}

/// Pod counts of the whole cluster.
pub fn pod_counts(cluster: &ClusterState) -> PodCounts {
    let mut counts = PodCounts::default();
    for pod in cluster.pods.values() {
        counts.total += 1;
        counts.running += usize::from(pod.phase == PodPhase::Running);
        counts.pending += usize::from(pod.phase == PodPhase::Pending);
        counts.ready += usize::from(pod.ready);
        counts.terminating += usize::from(pod.deletion.is_some());
    }
    counts
}

/// What decides a daemon pod's revision number and whether it is current, for one
/// DaemonSet: its key, current hash, template generation and revisions (hash, number).
pub type RevisionKey = (String, Option<String>, i64, Vec<(String, i64)>);

/// Every DaemonSet's [`RevisionKey`]: while these stay the same, a node's view changes only
/// when the node or its pods do.
pub fn revision_keys(cluster: &ClusterState) -> Vec<RevisionKey> {
    cluster
        .daemon_sets
        .iter()
        .map(|(key, ds)| {
            let revisions = ds
                .revisions
                .iter()
                .map(|r| (r.hash.clone(), r.revision))
                .collect();
            (
                key.clone(),
                ds.current_hash.clone(),
                ds.template_generation,
                revisions,
            )
        })
        .collect()
}

/// The label keys of the nodes, in sort order.
pub fn label_keys(cluster: &ClusterState) -> Vec<String> {
    let keys: BTreeSet<&str> = cluster
        .nodes
        .values()
        .flat_map(|n| n.node.metadata.labels.keys().map(String::as_str))
        .collect();
    keys.into_iter().map(str::to_owned).collect()
}

/// The unbound pods (not being deleted) of frame `frame`, with their FailedScheduling
/// messages.
pub fn pending_pods(cluster: &ClusterState, timeline: &Timeline, frame: usize) -> Vec<PendingPod> {
    let pending: Vec<&Arc<PodState>> = cluster
        .pods
        .values()
        .filter(|p| p.node_name().is_empty() && p.deletion.is_none())
        .collect();
    if pending.is_empty() {
        return Vec::new();
    }
    let messages = timeline.failed_scheduling_messages(frame);
    pending
        .into_iter()
        .map(|pod| {
            let key = pod.key();
            PendingPod {
                message: messages.get(&key).cloned(),
                key,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::cluster::DEFAULT_SCENARIO;
    use crate::engine::sim::scenario::Simulation;
    use crate::engine::yaml;

    #[test]
    fn the_pod_counts_count_phases_readiness_and_deletions() {
        let timeline = Simulation::run(&yaml::load(DEFAULT_SCENARIO).objects, None);
        assert_eq!(
            pod_counts(timeline.final_state()),
            PodCounts {
                total: 3,
                running: 3,
                pending: 0,
                ready: 3,
                terminating: 0
            },
            "the default scenario settles with one ready daemon pod on each worker"
        );
        assert_eq!(
            pod_counts(&timeline.state_at(0)),
            PodCounts::default(),
            "the first frame has no pod yet"
        );
    }
}

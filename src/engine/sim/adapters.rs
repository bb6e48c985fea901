//! The seams between the simulation and the placement code of [`crate::engine::daemon`]
//! and [`crate::engine::scheduler`]: which nodes a DaemonSet wants, the pod the controller
//! creates for a node, and where the scheduler binds a pending pod.

use std::sync::Arc;

use crate::engine::api::{DaemonSet, Node, Pod};
use crate::engine::daemon::eligibility::{new_daemon_pod as daemon_pod, DaemonSetNodeCheck};
use crate::engine::daemon::update::NodeDecision;
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::schedule::schedule_one;

use super::state::{ClusterState, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL};

/// `NodeShouldRunDaemonPod(node, ds)` for each of `nodes`, as the controller's per-node
/// decisions, in the order given.
pub fn node_decisions<'a>(
    nodes: impl IntoIterator<Item = &'a Node>,
    ds: &DaemonSet,
) -> Vec<NodeDecision> {
    let check = DaemonSetNodeCheck::new(ds);
    nodes
        .into_iter()
        .map(|node| {
            let eligibility = check.check(node);
            NodeDecision {
                name: node.metadata.name.clone(),
                should_run: eligibility.should_run,
                should_continue_running: eligibility.should_continue_running,
            }
        })
        .collect()
}

/// The pod the controller creates for `node`, labelled with the revision hash and the
/// template generation.
pub fn new_daemon_pod(ds: &DaemonSet, node: &str, hash: &str, generation: i64) -> Pod {
    let mut pod = daemon_pod(ds, node);
    pod.metadata
        .labels
        .insert(HASH_LABEL.to_string(), hash.to_string());
    pod.metadata.labels.insert(
        TEMPLATE_GENERATION_LABEL.to_string(),
        generation.to_string(),
    );
    pod
}

/// The API view of a simulated pod: its object with the simulated phase, nomination and
/// deletion written in. The conditions stay as the object has them (nothing that reads this
/// view looks at `Ready`). When the object already says all that, as for a running pod
/// loaded from YAML, the view is the object itself, shared, not a copy.
pub fn api_pod(pod: &PodState) -> Arc<Pod> {
    let phase = pod.phase.as_str();
    let deleting = pod.deletion.is_some() && pod.pod.metadata.deletion_timestamp.is_none();
    if pod.pod.status.phase.as_deref() == Some(phase)
        && pod.pod.status.nominated_node_name == pod.nominated_node
        && !deleting
    {
        return Arc::clone(&pod.pod);
    }
    let mut api = Pod::clone(&pod.pod);
    api.status.phase = Some(phase.to_string());
    api.status.nominated_node_name = pod.nominated_node.clone();
    if deleting {
        api.metadata.deletion_timestamp = Some(super::time::rfc3339(pod.deletion.unwrap_or(0)));
    }
    Arc::new(api)
}

/// The scheduler's view of the cluster.
pub fn snapshot(state: &ClusterState) -> ClusterSnapshot {
    let mut snapshot = ClusterSnapshot::default();
    for n in state.nodes.values() {
        snapshot.upsert_node(n.node.clone());
    }
    for p in state.pods.values() {
        if !p.node_name().is_empty() || p.nominated_node.is_some() {
            snapshot.add_pod(api_pod(p));
        }
    }
    snapshot
}

/// Where the scheduler puts a pending pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Bind to this node.
    Bind(String),
    /// No node fits: the FailedScheduling message.
    Unschedulable(String),
    /// No node fits, but evicting `victims` (`namespace/name`) on `node` makes room.
    Preempt {
        /// The nominated node.
        node: String,
        /// Pods to evict.
        victims: Vec<String>,
        /// The FailedScheduling message of this attempt.
        message: String,
    },
}

/// One scheduling cycle for `pod` against `snapshot`.
pub fn schedule(snapshot: &ClusterSnapshot, pod: &PodState) -> Placement {
    let outcome = schedule_one(&api_pod(pod), snapshot);
    if let Some(node) = outcome.selected_node {
        return Placement::Bind(node);
    }
    let message = outcome.failed_scheduling_message.unwrap_or_default();
    match outcome.preemption {
        Some(p) if p.nominated_node.is_some() => Placement::Preempt {
            node: p.nominated_node.unwrap_or_default(),
            victims: p
                .victims
                .iter()
                .map(|v| super::state::object_key(&v.namespace, &v.name))
                .collect(),
            message,
        },
        _ => Placement::Unschedulable(message),
    }
}

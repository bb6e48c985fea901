//! The seams between the simulation and the placement code of [`crate::engine::daemon`]
//! and [`crate::engine::scheduler`]: which nodes a DaemonSet wants, the pod the controller
//! creates for a node, and where the scheduler binds a pending pod.

use crate::engine::api::{DaemonSet, Node, Pod};
use crate::engine::daemon::eligibility::{
    new_daemon_pod as daemon_pod, node_should_run_daemon_pod,
};
use crate::engine::daemon::update::NodeDecision;
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::schedule::schedule_one;

use crate::engine::store::scheduler_view::api_pod;
use crate::engine::store::state::{object_key, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL};

/// `NodeShouldRunDaemonPod(node, ds)` as the controller's per-node decision.
pub fn node_decision(node: &Node, ds: &DaemonSet) -> NodeDecision {
    let eligibility = node_should_run_daemon_pod(node, ds);
    NodeDecision {
        name: node.metadata.name.clone(),
        should_run: eligibility.should_run,
        should_continue_running: eligibility.should_continue_running,
    }
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
                .map(|v| object_key(&v.namespace, &v.name))
                .collect(),
            message,
        },
        _ => Placement::Unschedulable(message),
    }
}

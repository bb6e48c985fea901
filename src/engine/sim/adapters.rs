//! The seam between the simulation and [`crate::engine::scheduler`]: where the scheduler
//! binds a pending pod.

use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::schedule::schedule_one;

use crate::engine::store::scheduler_view::api_pod;
use crate::engine::store::state::{object_key, PodState};

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

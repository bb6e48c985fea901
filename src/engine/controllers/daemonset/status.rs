//! `updateDaemonSetStatus`: every status field, computed over all nodes as upstream.

use crate::engine::api::{DaemonSet, DaemonSetStatus};
use crate::engine::time::Millis;

use super::controller::oldest;
use super::update::{NodeDecision, NodeToPods};

/// Computes the status counters (all but `observedGeneration` and `collisionCount`, which
/// are copied from `ds.status`).
pub fn compute_status(
    ds: &DaemonSet,
    nodes: &[NodeDecision],
    node_to_pods: &NodeToPods,
    now: Millis,
) -> DaemonSetStatus {
    let mut status = DaemonSetStatus {
        observed_generation: ds.status.observed_generation,
        collision_count: ds.status.collision_count,
        ..DaemonSetStatus::default()
    };
    for (at, node) in nodes.iter().enumerate() {
        let daemon_pods = node_to_pods.on_node(at);
        if !node.should_run {
            if !daemon_pods.is_empty() {
                status.number_misscheduled += 1;
            }
            continue;
        }
        status.desired_number_scheduled += 1;
        let Some(pod) = oldest(daemon_pods) else {
            continue;
        };
        status.current_number_scheduled += 1;
        if pod.facts.ready {
            status.number_ready += 1;
            if pod.facts.is_available(ds.spec.min_ready_seconds, now) {
                status.number_available += 1;
            }
        }
        if pod.updated {
            status.updated_number_scheduled += 1;
        }
    }
    status.number_unavailable = status.desired_number_scheduled - status.number_available;
    status
}

//! `updateDaemonSetStatus`: every status field, computed over all nodes as upstream.

use crate::engine::api::{DaemonSet, DaemonSetStatus};
use crate::engine::store::state::PodState;
use crate::engine::time::Millis;

use super::controller::sort_oldest_first;
use super::update::{is_pod_updated, node_to_daemon_pods, NodeDecision};

/// Computes the status counters (all but `observedGeneration` and `collisionCount`, which
/// are copied from `ds.status`).
pub fn compute_status(
    ds: &DaemonSet,
    hash: &str,
    template_generation: Option<i64>,
    nodes: &[NodeDecision],
    pods: &[&PodState],
    now: Millis,
) -> DaemonSetStatus {
    let node_to_pods = node_to_daemon_pods(pods, false);
    let mut status = DaemonSetStatus {
        observed_generation: ds.status.observed_generation,
        collision_count: ds.status.collision_count,
        ..DaemonSetStatus::default()
    };
    for node in nodes {
        let daemon_pods = node_to_pods
            .get(node.name.as_str())
            .cloned()
            .unwrap_or_default();
        let scheduled = !daemon_pods.is_empty();
        if !node.should_run {
            if scheduled {
                status.number_misscheduled += 1;
            }
            continue;
        }
        status.desired_number_scheduled += 1;
        let mut daemon_pods = daemon_pods;
        sort_oldest_first(&mut daemon_pods);
        let Some(pod) = daemon_pods.first() else {
            continue;
        };
        status.current_number_scheduled += 1;
        if pod.ready {
            status.number_ready += 1;
            if pod.is_available(ds.spec.min_ready_seconds, now) {
                status.number_available += 1;
            }
        }
        if is_pod_updated(pod, hash, template_generation) {
            status.updated_number_scheduled += 1;
        }
    }
    status.number_unavailable = status.desired_number_scheduled - status.number_available;
    status
}

//! The scheduler's view of the store: pods as the API shows them, and the cluster snapshot
//! the scheduler's plugins read (nodes, their pods, nominated pods and the ReplicaSets'
//! selectors for the default topology spread).

use std::sync::Arc;

use crate::engine::api::Pod;
use crate::engine::scheduler::node_info::{is_terminal, ClusterSnapshot, PodInfo};

use super::state::{ClusterState, PodState};

/// The API view of a simulated pod, as the scheduler reads it: its object with the
/// simulated phase and nomination written in (whether it is terminating goes beside it, in
/// [`scheduler_pod`]). The conditions stay as the object has them (nothing that reads this
/// view looks at `Ready`). When the scheduler reads the object as it would read that copy,
/// the view is the object itself, shared, not a copy: the same nomination, and a phase
/// that is finished exactly when the simulated one is. The scheduler reads a pod's phase
/// only to leave out finished pods ([`is_terminal`]), so a daemon pod, created without a
/// phase, needs no copy while it is pending or running. (A copy was made per bound pod,
/// and freed long after when the pod went: at 20,000 nodes those frees were over a quarter
/// of the run's cache misses.)
pub fn api_pod(pod: &PodState) -> Arc<Pod> {
    let mut view = Arc::clone(&pod.pod);
    update_api_pod(&mut view, pod);
    view
}

/// Turns `view`, the object of `pod` or an [`api_pod`] of an earlier version of `pod` with
/// the same object, into [`api_pod`] of `pod`: the view's own copy, when it has one, gets
/// the phase and nomination written in place rather than a new copy made.
pub fn update_api_pod(view: &mut Arc<Pod>, pod: &PodState) {
    if is_terminal(&pod.pod) == pod.phase.is_terminal()
        && pod.pod.status.nominated_node_name == pod.nominated_node
    {
        *view = Arc::clone(&pod.pod);
        return;
    }
    let api = Arc::make_mut(view);
    let phase = pod.phase.as_str();
    if api.status.phase.as_deref() != Some(phase) {
        api.status.phase = Some(phase.to_string());
    }
    if api.status.nominated_node_name != pod.nominated_node {
        api.status.nominated_node_name = pod.nominated_node.clone();
    }
}

/// The pod as the scheduler's snapshot holds it: its [`api_pod`] and whether it is
/// terminating, which a graceful deletion makes it before its object says so.
pub fn scheduler_pod(pod: &PodState) -> PodInfo {
    let mut info = PodInfo::new(api_pod(pod));
    info.terminating = is_terminating(pod);
    info
}

/// Turns `info`, a [`scheduler_pod`] of an earlier version of `pod` with the same object,
/// into [`scheduler_pod`] of `pod` in place (its requests and ports stay as computed).
pub fn update_scheduler_pod(info: &mut PodInfo, pod: &PodState) {
    update_api_pod(&mut info.pod, pod);
    info.terminating = is_terminating(pod);
}

/// Whether the API server holds `pod` with a `deletionTimestamp`.
fn is_terminating(pod: &PodState) -> bool {
    pod.deletion.is_some() || pod.pod.metadata.deletion_timestamp.is_some()
}

/// The scheduler's view of the cluster (its nodes, placed pods, ReplicaSet selectors and
/// PodDisruptionBudgets).
pub fn snapshot(state: &ClusterState) -> ClusterSnapshot {
    let mut snapshot = ClusterSnapshot::default();
    for n in state.nodes.values() {
        snapshot.upsert_node(n.node.clone());
    }
    for p in state.pods.values() {
        if !p.node_name().is_empty() || p.nominated_node.is_some() {
            snapshot.add_pod_info(scheduler_pod(p));
        }
    }
    for rs in state.replica_sets.values() {
        let meta = &rs.replica_set.metadata;
        snapshot.set_replica_set_selector(
            &meta.namespace,
            &meta.name,
            rs.replica_set.spec.selector.clone(),
        );
    }
    // Preemption weighs the budgets, as the incremental view has them.
    snapshot.set_pod_disruption_budgets(state.pod_disruption_budgets.values().cloned().collect());
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::store::state::PodPhase;

    #[test]
    fn a_view_updated_in_place_is_the_view_made_from_scratch() {
        let mut object = Pod::default();
        object.metadata.name = "p".to_string();
        object.spec.node_name = "n1".to_string();
        let first = PodState::new(object.clone());
        let mut running = first.clone();
        running.phase = PodPhase::Running;
        let mut deleting = running.clone();
        deleting.deletion = Some(2_000);
        let mut said_running = object;
        said_running.status.phase = Some("Running".to_string());
        let mut as_object_says = PodState::new(said_running);
        as_object_says.phase = PodPhase::Running;
        for next in [&running, &deleting, &first] {
            let mut view = api_pod(&first);
            update_api_pod(&mut view, next);
            assert_eq!(
                *view,
                *api_pod(next),
                "{:?} {:?}",
                next.phase,
                next.deletion
            );
        }
        let mut view = api_pod(&first);
        update_api_pod(&mut view, &as_object_says);
        assert!(
            Arc::ptr_eq(&view, &as_object_says.pod),
            "the object itself when it says all that"
        );
    }
}

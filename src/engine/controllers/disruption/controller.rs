//! The disruption controller's loop over the store: one `sync` of a budget reads the pods,
//! ReplicaSets and Deployments, plans with [`super::budget::sync_budget`], and writes the
//! status and the events.

use std::sync::Arc;

use crate::engine::api::{Deployment, ReplicaSet, StatefulSet};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::state::ClusterState;
use crate::engine::store::Store;

use super::budget::{sync_budget, BudgetPod, BudgetSync, Controllers};

/// The events' source (`dc.recorder`'s component).
const SOURCE: &str = "controllermanager";

/// The disruption controller. It keeps no bookkeeping of its own: the budgets' status is
/// its memory, and a `disruptedPods` entry only outlives its pod's deletion if the pod
/// is not deleted, which an allowed eviction always does here.
#[derive(Clone, Debug, Default)]
pub struct DisruptionController;

impl DisruptionController {
    /// What a sync of the budget `key` would write, or `None` when the budget is gone or
    /// its status is up to date (a sync that changes nothing records no frame; upstream's
    /// event recorder would only count its repeated events).
    pub fn plan(state: &ClusterState, key: &str, now: i64) -> Option<BudgetSync> {
        let pdb = state.pod_disruption_budgets.get(key)?;
        let replica_sets: Vec<&ReplicaSet> = state
            .replica_sets
            .values()
            .map(|r| &r.replica_set)
            .collect();
        let deployments: Vec<&Deployment> =
            state.deployments.values().map(|d| &d.deployment).collect();
        let stateful_sets: Vec<&StatefulSet> = state
            .stateful_sets
            .values()
            .map(|s| &s.stateful_set)
            .collect();
        let controllers = Controllers {
            replica_sets: &replica_sets,
            deployments: &deployments,
            stateful_sets: &stateful_sets,
        };
        let pods = state.pods.values().map(|p| BudgetPod {
            pod: &p.pod,
            ready: p.ready,
            deleting: p.deletion.is_some(),
        });
        let plan = sync_budget(pdb, pods, &controllers, now);
        plan.status.is_some().then_some(plan)
    }

    /// Writes what [`DisruptionController::plan`] decided for the budget `key`.
    pub fn sync(&mut self, store: &mut Store, key: &str, plan: BudgetSync) {
        let Some(current) = store.state().pod_disruption_budgets.get(key).cloned() else {
            return;
        };
        let meta = &current.metadata;
        for event in plan.events {
            let object = match &event.pod {
                Some(pod) => ObjectRef::new("Pod", &meta.namespace, pod),
                None => ObjectRef::new("PodDisruptionBudget", &meta.namespace, &meta.name),
            };
            let type_ = if event.type_ == "Warning" {
                EventType::Warning
            } else {
                EventType::Normal
            };
            store.record_event(type_, event.reason, object, SOURCE, event.message);
        }
        if let Some(status) = plan.status {
            let mut next = (*current).clone();
            next.status = status;
            store.put_pod_disruption_budget(Arc::new(next));
        }
    }
}

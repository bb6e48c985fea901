//! The disruption controller's loop over the store: one `sync` of a budget reads the pods,
//! ReplicaSets and Deployments, plans with [`super::budget::sync_budget`], and writes the
//! status and the events; and the pods whose `DisruptionTarget=True` condition went stale
//! (no deletion followed it within 2 minutes) get it reset to `False`.

use std::sync::Arc;

use crate::engine::api::time::{format_rfc3339, parse_rfc3339, UnixMillis};
use crate::engine::api::{Condition, Deployment, ReplicaSet, StatefulSet};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::state::{update_pod_condition, ClusterState, PodState};
use crate::engine::store::wake::{PodTimer, Wake};
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::Millis;

use super::budget::{sync_budget, BudgetPod, BudgetSync, Controllers};

/// The events' source (`dc.recorder`'s component).
const SOURCE: &str = "controllermanager";

/// `stalePodDisruptionTimeout`: how long a pod that is not being deleted may keep a
/// `DisruptionTarget=True` condition before the controller resets it to `False`.
pub const STALE_POD_DISRUPTION_TIMEOUT_MS: Millis = 2 * 60 * 1000;

/// The reason the kubelet gives the `DisruptionTarget` conditions it adds
/// (`PodReasonTerminationByKubelet`): those are never stale.
const TERMINATION_BY_KUBELET: &str = "TerminationByKubelet";

/// `nonTerminatingPodHasStaleDisruptionCondition` at `now`: `None` when the pod has no
/// `DisruptionTarget=True` condition that can go stale (it is being deleted, it is in a
/// terminal phase, or the kubelet added the condition); otherwise how long until the
/// condition is stale (0: it is), counted from its `lastTransitionTime` (a condition
/// without one, Go's zero time, is stale at once).
pub fn stale_disruption_wait(pod: &PodState, now: UnixMillis) -> Option<Millis> {
    if pod.deletion.is_some() || pod.phase.is_terminal() {
        return None;
    }
    let condition = pod
        .pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")?;
    if condition.status != "True" || condition.reason.as_deref() == Some(TERMINATION_BY_KUBELET) {
        return None;
    }
    let since = condition
        .last_transition_time
        .as_deref()
        .and_then(|t| parse_rfc3339(t).ok());
    let Some(since) = since else {
        return Some(0);
    };
    let age = now.saturating_sub(since);
    Some(
        (STALE_POD_DISRUPTION_TIMEOUT_MS as i64)
            .saturating_sub(age)
            .max(0) as Millis,
    )
}

/// The disruption controller. It keeps no bookkeeping of its own: the budgets' status is
/// its memory, and a `disruptedPods` entry only outlives its pod's deletion if the pod
/// is not deleted, which an allowed eviction always does here.
#[derive(Clone, Debug, Default)]
pub struct DisruptionController;

impl DisruptionController {
    /// The controller's pod handlers (`addPod`, `updatePod`; not in manual mode): a pod
    /// with a `DisruptionTarget=True` condition that may go stale is queued for
    /// [`DisruptionController::reset_stale_condition`] when it does
    /// (`enqueueStalePodDisruptionCleanup`).
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        if store.is_manual() {
            return;
        }
        let Notice::PodChanged { key, .. } = notice else {
            return;
        };
        let Some(pod) = store.pod(key) else {
            return;
        };
        if let Some(wait) = stale_disruption_wait(pod, store.unix_now()) {
            let timer = PodTimer::new(key, store.uid_of(key));
            let at = store.now().saturating_add(wait);
            store.wake_at(at, Wake::StalePodDisruption(timer));
        }
    }

    /// `syncStalePodDisruption` of the pod `key`: a `DisruptionTarget=True` condition
    /// that is stale is replaced by `DisruptionTarget=False` (`UpdatePodCondition` with a
    /// condition of only a type and a status: the reason and the message go, the
    /// transition time is now); one not stale yet is queued again for when it is.
    pub fn reset_stale_condition(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let now = store.unix_now();
        match stale_disruption_wait(&pod, now) {
            None => {}
            Some(0) => {
                let mut next = (*pod).clone();
                let reset = Condition {
                    type_: "DisruptionTarget".to_string(),
                    status: "False".to_string(),
                    last_transition_time: Some(format_rfc3339(now)),
                    ..Condition::default()
                };
                update_pod_condition(&mut Arc::make_mut(&mut next.pod).status.conditions, reset);
                store.put_pod(next);
            }
            Some(wait) => {
                let timer = PodTimer::new(key, store.uid_of(key));
                let at = store.now().saturating_add(wait);
                store.wake_at(at, Wake::StalePodDisruption(timer));
            }
        }
    }

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

//! PodDisruptionBudget writes as the API server handles them (`podDisruptionBudgetStrategy`),
//! and the eviction subresource of pods (`EvictionREST`).

use std::sync::Arc;

use crate::engine::api::time::{format_rfc3339, UnixMillis};
use crate::engine::api::{Condition, PodDisruptionBudget};
use crate::engine::time::{rfc3339_at, timestamp};

use super::eviction::{evict, BudgetPod, EvictedPod, EvictionAnswer, EVICTION_BY_EVICTION_API};
use super::journal::{Action, Change};
use super::objects::give_identity;
use super::state::{object_key, update_pod_condition};
use super::Store;

impl Store {
    /// Writes a new version of a PodDisruptionBudget (its status, as the disruption
    /// controller and the eviction API do).
    pub fn put_pod_disruption_budget(&mut self, pdb: Arc<PodDisruptionBudget>) {
        let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
        if self.state.pod_disruption_budgets.get(&key) == Some(&pdb) {
            return;
        }
        self.state
            .pod_disruption_budgets
            .insert(key.clone(), pdb.clone());
        self.entry()
            .changes
            .push(Change::PodDisruptionBudget(key.into(), Some(pdb)));
        self.budgets_to_scheduler_view();
    }

    /// Hands the budgets to the scheduler's view (preemption weighs them).
    fn budgets_to_scheduler_view(&mut self) {
        let budgets = self
            .state
            .pod_disruption_budgets
            .values()
            .cloned()
            .collect();
        self.scheduler_view.set_pod_disruption_budgets(budgets);
    }

    /// Creates or updates a PodDisruptionBudget as the API server does: an update keeps the
    /// status and bumps the generation when the spec changes. A new one read from a cluster
    /// keeps its `metadata.generation` (1 when it states none) and its `status`.
    pub fn apply_pod_disruption_budget(&mut self, pdb: PodDisruptionBudget) {
        let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
        let next = match self.state.pod_disruption_budgets.get(&key) {
            Some(current) => {
                let changed = current.spec != pdb.spec;
                let generation = current.metadata.generation.unwrap_or(1) + i64::from(changed);
                let mut next = pdb;
                next.status = current.status.clone();
                next.metadata.uid = current.metadata.uid.clone();
                next.metadata.generation = Some(generation);
                next
            }
            None => {
                let mut pdb = pdb;
                give_identity(&mut pdb.metadata, "pdb");
                let now = timestamp(self.state.time);
                pdb.metadata
                    .creation_timestamp
                    .get_or_insert_with(|| rfc3339_at(now, self.state.run_start));
                pdb
            }
        };
        self.dirty.pod_disruption_budgets.insert(key);
        self.put_pod_disruption_budget(Arc::new(next));
    }

    /// Marks every PodDisruptionBudget for a sync (a pod or a workload's scale changed).
    pub(super) fn mark_budgets_dirty(&mut self) {
        let keys = self.state.pod_disruption_budgets.keys().map(str::to_string);
        self.dirty.pod_disruption_budgets.extend(keys);
    }

    /// The wall-clock instant of the current virtual time.
    pub fn unix_now(&self) -> UnixMillis {
        self.state.run_start + self.state.time as i64
    }

    /// `POST /api/v1/namespaces/NS/pods/NAME/eviction` (`EvictionREST.Create`): the answer
    /// (recorded as an [`Action::Eviction`]); an allowed eviction writes the budget's spent
    /// disruption, the pod's `DisruptionTarget` condition, and deletes the pod gracefully
    /// (`grace_seconds` as the eviction's `DeleteOptions`). `None` when there is no such pod.
    pub fn evict_pod(&mut self, key: &str, grace_seconds: Option<i64>) -> Option<EvictionAnswer> {
        let pod = self.pod(key).cloned()?;
        let now = self.unix_now();
        let evicted = EvictedPod {
            pod: BudgetPod {
                pod: &pod.pod,
                ready: pod.ready,
                deleting: pod.deletion.is_some(),
            },
            phase: pod.phase.as_str(),
        };
        let budgets = self
            .state
            .pod_disruption_budgets
            .values()
            .map(|b| b.as_ref());
        let answer = evict(&evicted, budgets, now);
        let action = match &answer {
            EvictionAnswer::Allowed { .. } => Action::Eviction {
                pod: key.to_string(),
                code: 201,
                message: String::new(),
                cause: None,
            },
            EvictionAnswer::Refused {
                code,
                message,
                cause,
            } => Action::Eviction {
                pod: key.to_string(),
                code: *code,
                message: message.clone(),
                cause: cause.clone(),
            },
        };
        self.record_action(action);
        if let EvictionAnswer::Allowed { budget } = &answer {
            if let Some((budget_key, status)) = budget {
                if let Some(current) = self.state.pod_disruption_budgets.get(budget_key) {
                    let mut next = (**current).clone();
                    next.status = status.clone();
                    self.put_pod_disruption_budget(Arc::new(next));
                }
            }
            if pod.deletion.is_none() {
                let mut next = (*pod).clone();
                set_disruption_target(&mut Arc::make_mut(&mut next.pod).status.conditions, now);
                self.put_pod(next);
            }
            self.delete_pod_with_grace(key, grace_seconds);
        }
        Some(answer)
    }

    /// Deletes a PodDisruptionBudget; false when there is none.
    pub fn delete_pod_disruption_budget(&mut self, key: &str) -> bool {
        if self.state.pod_disruption_budgets.remove(key).is_none() {
            return false;
        }
        self.entry()
            .changes
            .push(Change::PodDisruptionBudget(key.into(), None));
        self.budgets_to_scheduler_view();
        true
    }
}

/// `podutil.UpdatePodCondition` with the eviction API's `DisruptionTarget` condition.
fn set_disruption_target(conditions: &mut Vec<Condition>, now: UnixMillis) {
    let (reason, message) = EVICTION_BY_EVICTION_API;
    let condition = Condition {
        type_: "DisruptionTarget".to_string(),
        status: "True".to_string(),
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
        last_transition_time: Some(format_rfc3339(now)),
        extra: Vec::new(),
    };
    update_pod_condition(conditions, condition);
}

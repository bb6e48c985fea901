//! Plain data types for `policy/v1`: the `PodDisruptionBudget`, which the disruption
//! controller keeps a status for and the eviction API checks before it deletes a pod.

use super::time::{format_rfc3339, UnixMillis};
use super::types::{IntOrPercent, LabelSelector, ObjectMeta, StringMap};

/// `policy.DisruptionAllowedCondition`: the condition type the disruption controller sets.
pub const DISRUPTION_ALLOWED_CONDITION: &str = "DisruptionAllowed";
/// `policy.SufficientPodsReason`: disruptions are allowed.
pub const SUFFICIENT_PODS_REASON: &str = "SufficientPods";
/// `policy.InsufficientPodsReason`: no disruption is allowed now.
pub const INSUFFICIENT_PODS_REASON: &str = "InsufficientPods";
/// `policy.SyncFailedReason`: the controller could not compute the status.
pub const SYNC_FAILED_REASON: &str = "SyncFailed";
/// `policy.IfHealthyBudget`: an unhealthy pod may be evicted only while the budget is met.
pub const IF_HEALTHY_BUDGET: &str = "IfHealthyBudget";
/// `policy.AlwaysAllow`: an unhealthy pod may always be evicted.
pub const ALWAYS_ALLOW: &str = "AlwaysAllow";

/// `pdb.spec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodDisruptionBudgetSpec {
    /// `minAvailable`: pods that must stay available (an int or a percent).
    pub min_available: Option<IntOrPercent>,
    /// `maxUnavailable`: pods that may be unavailable (an int or a percent).
    pub max_unavailable: Option<IntOrPercent>,
    /// `selector`: the pods the budget guards. In `policy/v1` an empty selector selects
    /// every pod of the namespace, a missing one none.
    pub selector: Option<LabelSelector>,
    /// `unhealthyPodEvictionPolicy`: `IfHealthyBudget` (when unset) or `AlwaysAllow`.
    pub unhealthy_pod_eviction_policy: Option<String>,
}

/// One `metav1.Condition` of a budget's status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BudgetCondition {
    /// `type`: `DisruptionAllowed`.
    pub type_: String,
    /// `status`: `True`, `False` or `Unknown`.
    pub status: String,
    /// `observedGeneration`.
    pub observed_generation: Option<i64>,
    /// `lastTransitionTime` as RFC 3339 text.
    pub last_transition_time: Option<String>,
    /// `reason`: `SufficientPods`, `InsufficientPods` or `SyncFailed`.
    pub reason: String,
    /// `message`.
    pub message: String,
}

/// `pdb.status`, as the disruption controller and the eviction API write it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodDisruptionBudgetStatus {
    /// `observedGeneration`: the generation the status was computed for.
    pub observed_generation: i64,
    /// `disruptedPods`: pod name to the RFC 3339 time an eviction was allowed, for pods
    /// whose deletion the controller has not seen yet.
    pub disrupted_pods: StringMap,
    /// `disruptionsAllowed`: evictions allowed now.
    pub disruptions_allowed: i32,
    /// `currentHealthy`: selected pods that are ready and not being disrupted.
    pub current_healthy: i32,
    /// `desiredHealthy`: how many must stay healthy.
    pub desired_healthy: i32,
    /// `expectedPods`: how many pods the budget expects (its controllers' scale).
    pub expected_pods: i32,
    /// `conditions` (`DisruptionAllowed`).
    pub conditions: Vec<BudgetCondition>,
}

impl PodDisruptionBudgetStatus {
    /// The `DisruptionAllowed` condition, if set.
    pub fn disruption_allowed_condition(&self) -> Option<&BudgetCondition> {
        self.conditions
            .iter()
            .find(|c| c.type_ == DISRUPTION_ALLOWED_CONDITION)
    }

    /// `pdbhelper.UpdateDisruptionAllowedCondition` (`component-helpers`, shared by the
    /// controller and the eviction API): `True`/`SufficientPods` while disruptions are
    /// allowed, else `False`/`InsufficientPods`.
    pub fn update_disruption_allowed_condition(&mut self, now: UnixMillis) {
        let (value, reason) = if self.disruptions_allowed > 0 {
            ("True", SUFFICIENT_PODS_REASON)
        } else {
            ("False", INSUFFICIENT_PODS_REASON)
        };
        let condition = BudgetCondition {
            type_: DISRUPTION_ALLOWED_CONDITION.to_string(),
            status: value.to_string(),
            observed_generation: Some(self.observed_generation),
            last_transition_time: None,
            reason: reason.to_string(),
            message: String::new(),
        };
        self.set_condition(condition, now);
    }

    /// `apimeta.SetStatusCondition`: sets the condition of that type; its
    /// `lastTransitionTime` changes only when its status does.
    pub fn set_condition(&mut self, mut condition: BudgetCondition, now: UnixMillis) {
        match self
            .conditions
            .iter_mut()
            .find(|c| c.type_ == condition.type_)
        {
            Some(existing) => {
                if existing.status != condition.status {
                    existing.status = condition.status;
                    existing.last_transition_time = Some(format_rfc3339(now));
                }
                existing.reason = condition.reason;
                existing.message = condition.message;
                existing.observed_generation = condition.observed_generation;
            }
            None => {
                condition.last_transition_time = Some(format_rfc3339(now));
                self.conditions.push(condition);
            }
        }
    }
}

impl PodDisruptionBudget {
    /// `pdbhelper.ConditionsAreUpToDate`: the condition agrees with the status, which was
    /// computed for the current generation.
    pub fn conditions_are_up_to_date(&self) -> bool {
        let Some(c) = self.status.disruption_allowed_condition() else {
            return false;
        };
        if self.status.observed_generation != self.metadata.generation.unwrap_or(0) {
            return false;
        }
        if self.status.disruptions_allowed > 0 {
            c.status == "True" && c.reason == SUFFICIENT_PODS_REASON
        } else {
            c.status == "False" && c.reason == INSUFFICIENT_PODS_REASON
        }
    }
}

/// A `PodDisruptionBudget` (policy/v1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodDisruptionBudget {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodDisruptionBudgetSpec,
    /// `status`.
    pub status: PodDisruptionBudgetStatus,
}

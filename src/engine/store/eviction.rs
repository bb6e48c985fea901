//! The eviction API's rules (`pkg/registry/core/pod/storage/eviction.go`, v1.35): whether
//! a pod may be evicted now, and what the answer writes (the budget's spent disruption,
//! the pod's `DisruptionTarget` condition before its graceful deletion). The store applies
//! them in [`super::Store::evict_pod`]; the disruption controller shares [`BudgetPod`].

use crate::engine::api::policy::*;
use crate::engine::api::time::{format_rfc3339, UnixMillis};
use crate::engine::api::Pod;
use crate::engine::yaml::label_selector_matches;

/// What the budget rules need to know of one pod: its API object and the facts the
/// simulation keeps beside it.
#[derive(Clone, Copy, Debug)]
pub struct BudgetPod<'a> {
    /// The API object (name, namespace, labels, owner references).
    pub pod: &'a Pod,
    /// `podutil.IsPodReady`.
    pub ready: bool,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
}

impl<'a> BudgetPod<'a> {
    /// A pod as its API object states it (`Ready` condition, `deletionTimestamp`).
    pub fn from_api(pod: &'a Pod) -> BudgetPod<'a> {
        let ready = pod
            .status
            .conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        BudgetPod {
            pod,
            ready,
            deleting: pod.metadata.deletion_timestamp.is_some(),
        }
    }

    /// `metadata.name`.
    pub fn name(&self) -> &'a str {
        &self.pod.metadata.name
    }
}

/// `MaxDisruptedPodSize`: past this many unconfirmed evictions a budget refuses more.
pub const MAX_DISRUPTED_POD_SIZE: usize = 2000;

/// The message of every 429 answer.
pub const TOO_MANY_REQUESTS_MESSAGE: &str =
    "Cannot evict pod as it would violate the pod's disruption budget.";

/// The message of the 500 answer for a pod with several budgets.
pub const MULTIPLE_BUDGETS_MESSAGE: &str =
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

/// The `DisruptionTarget` condition's reason and message the eviction API writes.
pub const EVICTION_BY_EVICTION_API: (&str, &str) =
    ("EvictionByEvictionAPI", "Eviction API: evicting");

/// The pod an eviction names, as the API server reads it.
#[derive(Clone, Copy, Debug)]
pub struct EvictedPod<'a> {
    /// Its API object, readiness and deletion.
    pub pod: BudgetPod<'a>,
    /// `status.phase`.
    pub phase: &'a str,
}

/// The API server's answer to one eviction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvictionAnswer {
    /// `Success`: the pod gets the `DisruptionTarget` condition and is deleted gracefully;
    /// `budget` is the new status of the budget whose disruption it spent, if any.
    Allowed {
        /// `namespace/name` of the budget and its new status.
        budget: Option<(String, PodDisruptionBudgetStatus)>,
    },
    /// The eviction is refused; the pod stays.
    Refused {
        /// The HTTP code: 429 (budget), 403 (budget in a bad state), 500 (several budgets).
        code: u16,
        /// The status message (what kubectl prints).
        message: String,
        /// The `DisruptionBudget` cause, when the answer has one.
        cause: Option<String>,
    },
}

impl EvictionAnswer {
    fn too_many_requests(cause: String) -> EvictionAnswer {
        EvictionAnswer::Refused {
            code: 429,
            message: TOO_MANY_REQUESTS_MESSAGE.to_string(),
            cause: Some(cause),
        }
    }

    fn forbidden(pdb: &PodDisruptionBudget, reason: &str) -> EvictionAnswer {
        EvictionAnswer::Refused {
            code: 403,
            message: format!(
                "poddisruptionbudget.policy \"{}\" is forbidden: {reason}",
                pdb.metadata.name
            ),
            cause: None,
        }
    }
}

/// `canIgnorePDB`: terminal, pending and terminating pods are deleted without a budget check.
pub fn can_ignore_budget(pod: &EvictedPod<'_>) -> bool {
    matches!(pod.phase, "Succeeded" | "Failed" | "Pending") || pod.pod.deleting
}

/// `getPodDisruptionBudgets`: the budgets of the pod's namespace whose selector matches it
/// (a missing selector matches nothing).
pub fn budgets_for_pod<'b>(
    pod: &BudgetPod<'_>,
    budgets: impl IntoIterator<Item = &'b PodDisruptionBudget>,
) -> Vec<&'b PodDisruptionBudget> {
    budgets
        .into_iter()
        .filter(|b| b.metadata.namespace == pod.pod.metadata.namespace)
        .filter(|b| {
            b.spec
                .selector
                .as_ref()
                .is_some_and(|s| label_selector_matches(s, &pod.pod.metadata.labels) == Some(true))
        })
        .collect()
}

/// The cause of a 429 for a budget that allows no disruption, in v1.35's words: a failed
/// sync first (its numbers cannot be trusted), then the healthy counts, then the
/// condition's reason.
pub fn disruption_denied_cause(pdb: &PodDisruptionBudget) -> String {
    let name = &pdb.metadata.name;
    let condition = pdb
        .status
        .disruption_allowed_condition()
        .filter(|c| c.status == "False" && !c.message.is_empty());
    let s = &pdb.status;
    match condition {
        Some(c) if c.reason == SYNC_FAILED_REASON => format!(
            "The disruption budget {name} does not allow evicting pods currently because it failed sync: {}",
            c.message
        ),
        _ if s.current_healthy <= s.desired_healthy => format!(
            "The disruption budget {name} needs {} healthy pods and has {} currently",
            s.desired_healthy, s.current_healthy
        ),
        Some(c) => format!(
            "The disruption budget {name} does not allow evicting pods currently ({}): {}",
            c.reason, c.message
        ),
        None => format!("The disruption budget {name} does not allow evicting pods currently"),
    }
}

/// `checkAndDecrement`: the budget's new status with one disruption spent and the pod in
/// `disruptedPods`, or the refusal.
pub fn check_and_decrement(
    pod_name: &str,
    pdb: &PodDisruptionBudget,
    now: UnixMillis,
) -> Result<PodDisruptionBudgetStatus, EvictionAnswer> {
    let s = &pdb.status;
    if s.observed_generation < pdb.metadata.generation.unwrap_or(0) {
        return Err(EvictionAnswer::too_many_requests(format!(
            "The disruption budget {} is still being processed by the server.",
            pdb.metadata.name
        )));
    }
    if s.disruptions_allowed < 0 {
        return Err(EvictionAnswer::forbidden(
            pdb,
            "pdb disruptions allowed is negative",
        ));
    }
    if s.disrupted_pods.len() > MAX_DISRUPTED_POD_SIZE {
        return Err(EvictionAnswer::forbidden(
            pdb,
            "DisruptedPods map too big - too many evictions not confirmed by PDB controller",
        ));
    }
    if s.disruptions_allowed == 0 {
        return Err(EvictionAnswer::too_many_requests(disruption_denied_cause(
            pdb,
        )));
    }
    let mut status = s.clone();
    status.disruptions_allowed -= 1;
    if status.disruptions_allowed == 0 {
        status.update_disruption_allowed_condition(now);
    }
    status
        .disrupted_pods
        .insert(pod_name.to_string(), format_rfc3339(now));
    Ok(status)
}

/// `EvictionREST.Create` for one pod: the answer and what it writes.
pub fn evict<'b>(
    pod: &EvictedPod<'_>,
    budgets: impl IntoIterator<Item = &'b PodDisruptionBudget>,
    now: UnixMillis,
) -> EvictionAnswer {
    if can_ignore_budget(pod) {
        return EvictionAnswer::Allowed { budget: None };
    }
    let matching = budgets_for_pod(&pod.pod, budgets);
    let pdb = match matching.as_slice() {
        [] => return EvictionAnswer::Allowed { budget: None },
        [pdb] => *pdb,
        _ => {
            return EvictionAnswer::Refused {
                code: 500,
                message: MULTIPLE_BUDGETS_MESSAGE.to_string(),
                cause: None,
            }
        }
    };
    if !pod.pod.ready {
        // An unhealthy pod does not count towards currentHealthy: deleting it spends nothing.
        let always = pdb.spec.unhealthy_pod_eviction_policy.as_deref() == Some(ALWAYS_ALLOW);
        let s = &pdb.status;
        if always || (s.current_healthy >= s.desired_healthy && s.desired_healthy > 0) {
            return EvictionAnswer::Allowed { budget: None };
        }
    }
    match check_and_decrement(&pod.pod.pod.metadata.name, pdb, now) {
        Ok(status) => EvictionAnswer::Allowed {
            budget: Some((
                format!("{}/{}", pdb.metadata.namespace, pdb.metadata.name),
                status,
            )),
        },
        Err(refusal) => refusal,
    }
}

#[cfg(test)]
#[path = "eviction_tests.rs"]
mod tests;

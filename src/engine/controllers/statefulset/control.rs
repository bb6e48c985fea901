//! `updateStatefulSet` (`stateful_set_control.go`, Kubernetes v1.35) as a pure plan: which
//! pods to create, which to delete, the status and what the set waits for. The
//! MaxUnavailableStatefulSet feature gate is off, as in the latest v1.35 patch releases
//! (since v1.35.4): a rolling update replaces one pod at a time and `maxUnavailable` is
//! ignored.

use super::utils::{in_ordinal_range, MemberPod};
use crate::engine::api::{PodManagementPolicy, StatefulSetSpec, UpdateStrategyType};
use crate::engine::sorting::sort_stably_by_key;

/// Why the controller deletes a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteReason {
    /// The pod failed or succeeded: it is recreated once it is gone (`processReplica`).
    Finished,
    /// Its ordinal is beyond the replicas (`processCondemned`).
    ScaleDown,
    /// It is not at the update revision (the rolling update).
    Update,
}

/// One pod operation, in the order the controller performs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodOp {
    /// Create the pod with this ordinal at this revision (a revision's name).
    Create {
        /// The ordinal.
        ordinal: i32,
        /// The revision (`newVersionedStatefulSetPod`: the current revision below the
        /// partition, the update revision from it).
        revision: String,
    },
    /// Delete this pod.
    Delete {
        /// The pod's name.
        name: String,
        /// Why.
        reason: DeleteReason,
    },
}

/// What an OrderedReady set waits for before it goes on (upstream's log lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The pod waited for.
    pub pod: String,
    /// What for: `Running and Ready`, `Available`, `Terminate`, or `update` (a rolling
    /// update waits for the pod it replaced).
    pub reason: &'static str,
}

/// The replica counts of `updateStatus`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaCounts {
    /// `replicas`: created pods.
    pub replicas: i32,
    /// `readyReplicas`: running and ready.
    pub ready: i32,
    /// `availableReplicas`.
    pub available: i32,
    /// `currentReplicas`: not terminating, at the current revision.
    pub current: i32,
    /// `updatedReplicas`: not terminating, at the update revision.
    pub updated: i32,
}

/// The outcome of one `updateStatefulSet`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The pod operations.
    pub ops: Vec<PodOp>,
    /// The counts for the status.
    pub counts: ReplicaCounts,
    /// What the set waits for, if it stopped early.
    pub waiting: Option<Waiting>,
}

/// `updateStatus` over `pods` (all created: the pods the sync listed).
fn counts<'a>(
    pods: impl Iterator<Item = &'a MemberPod>,
    current_revision: &str,
    update_revision: &str,
) -> ReplicaCounts {
    let mut c = ReplicaCounts::default();
    for pod in pods {
        c.replicas += 1;
        if pod.running_and_ready() {
            c.ready += 1;
            if pod.available {
                c.available += 1;
            }
        }
        if !pod.terminating {
            if pod.revision == current_revision {
                c.current += 1;
            }
            if pod.revision == update_revision {
                c.updated += 1;
            }
        }
    }
    c
}

/// A slot of the replicas: a pod that exists, or the one `newVersionedStatefulSetPod`
/// makes for a missing ordinal (never created yet: not running, not available).
enum Slot<'a> {
    Existing(&'a MemberPod),
    New { ordinal: i32, revision: String },
}

impl Slot<'_> {
    fn unavailable(&self) -> bool {
        match self {
            Slot::Existing(pod) => pod.unavailable(),
            Slot::New { .. } => true,
        }
    }

    fn revision(&self) -> &str {
        match self {
            Slot::Existing(pod) => &pod.revision,
            Slot::New { revision, .. } => revision,
        }
    }

    fn terminating(&self) -> bool {
        matches!(self, Slot::Existing(pod) if pod.terminating)
    }
}

/// `newVersionedStatefulSetPod`'s choice of revision for `ordinal` (with upstream's
/// operator precedence: a RollingUpdate set without `rollingUpdate` only keeps ordinals
/// below the start at the current revision; with one, those below `start + partition`).
fn revision_for(
    spec: &StatefulSetSpec,
    ordinal: i32,
    current_revision: &str,
    update_revision: &str,
) -> String {
    let strategy = &spec.update_strategy;
    let start = spec.start_ordinal();
    let rolling = strategy.type_ == UpdateStrategyType::RollingUpdate;
    let keep_current = (rolling && strategy.rolling_update.is_none() && ordinal < start)
        || strategy
            .rolling_update
            .as_ref()
            .is_some_and(|ru| ordinal < start + ru.partition);
    if keep_current {
        current_revision
    } else {
        update_revision
    }
    .to_string()
}

/// `updateStatefulSet`: creates the missing pods, deletes the failed ones and those beyond
/// the replicas, then replaces the pods not at the update revision from the highest
/// ordinal down to the partition. With `OrderedReady` (monotonic) it stops at the first
/// pod that is not Running, Ready and Available, creates one pod and deletes one pod per
/// sync; with `Parallel` it does all it can. A set being deleted only gets its status.
pub fn update_stateful_set(
    spec: &StatefulSetSpec,
    being_deleted: bool,
    current_revision: &str,
    update_revision: &str,
    pods: &[MemberPod],
) -> Plan {
    let mut plan = Plan {
        counts: counts(pods.iter(), current_revision, update_revision),
        ..Plan::default()
    };
    let start = spec.start_ordinal();
    let replica_count = spec.replicas.max(0) as usize;
    let mut existing: Vec<Option<&MemberPod>> = vec![None; replica_count];
    let mut condemned: Vec<&MemberPod> = Vec::new();
    for pod in pods {
        if in_ordinal_range(spec, pod.ordinal) {
            existing[(pod.ordinal - start) as usize] = Some(pod);
        } else if pod.ordinal >= 0 {
            condemned.push(pod);
        }
    }
    let replicas: Vec<Slot<'_>> = existing
        .into_iter()
        .enumerate()
        .map(|(i, pod)| match pod {
            Some(pod) => Slot::Existing(pod),
            None => {
                let ordinal = start + i as i32;
                Slot::New {
                    ordinal,
                    revision: revision_for(spec, ordinal, current_revision, update_revision),
                }
            }
        })
        .collect();
    sort_stably_by_key(&mut condemned, &|pod| std::cmp::Reverse(pod.ordinal));
    let listed = |replicas: &[Slot<'_>], condemned: &[&MemberPod]| {
        let existing = replicas.iter().filter_map(|slot| match slot {
            Slot::Existing(pod) => Some(*pod),
            Slot::New { .. } => None,
        });
        counts(
            existing.chain(condemned.iter().copied()),
            current_revision,
            update_revision,
        )
    };
    // The first unavailable pod: of the replicas, else of the condemned (lowest first).
    let first_unavailable: Option<String> = replicas
        .iter()
        .find(|slot| slot.unavailable())
        .map(|slot| match slot {
            Slot::Existing(pod) => pod.name.clone(),
            Slot::New { .. } => String::new(),
        })
        .or_else(|| {
            condemned
                .iter()
                .rev()
                .find(|pod| pod.unavailable())
                .map(|pod| pod.name.clone())
        });
    if being_deleted {
        return plan;
    }
    let monotonic = spec.pod_management_policy != PodManagementPolicy::Parallel;
    // processReplica for each replica.
    for slot in &replicas {
        let exit = match slot {
            Slot::Existing(pod) if pod.phase.is_terminal() => {
                if !pod.terminating {
                    plan.ops.push(PodOp::Delete {
                        name: pod.name.clone(),
                        reason: DeleteReason::Finished,
                    });
                }
                true
            }
            Slot::New { ordinal, revision } => {
                plan.ops.push(PodOp::Create {
                    ordinal: *ordinal,
                    revision: revision.clone(),
                });
                monotonic
            }
            Slot::Existing(pod) if monotonic => {
                let reason = if pod.terminating {
                    Some("Terminate")
                } else if !pod.running_and_ready() {
                    Some("Running and Ready")
                } else if !pod.available {
                    Some("Available")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    plan.waiting = Some(Waiting {
                        pod: pod.name.clone(),
                        reason,
                    });
                }
                reason.is_some()
            }
            Slot::Existing(_) => false,
        };
        if exit && monotonic {
            plan.counts = listed(&replicas, &condemned);
            return plan;
        }
    }
    // processCondemned, highest ordinal first.
    for pod in &condemned {
        if pod.terminating {
            if monotonic {
                plan.waiting = Some(Waiting {
                    pod: pod.name.clone(),
                    reason: "Terminate",
                });
                plan.counts = listed(&replicas, &condemned);
                return plan;
            }
            continue;
        }
        let first = first_unavailable.as_deref() == Some(pod.name.as_str());
        if monotonic && !first && (!pod.running_and_ready() || !pod.available) {
            plan.waiting = first_unavailable.clone().map(|pod| Waiting {
                reason: if pod_is_ready(pods, &pod) {
                    "Available"
                } else {
                    "Running and Ready"
                },
                pod,
            });
            plan.counts = listed(&replicas, &condemned);
            return plan;
        }
        plan.ops.push(PodOp::Delete {
            name: pod.name.clone(),
            reason: DeleteReason::ScaleDown,
        });
        if monotonic {
            plan.counts = listed(&replicas, &condemned);
            return plan;
        }
    }
    plan.counts = listed(&replicas, &condemned);
    if spec.update_strategy.type_ == UpdateStrategyType::OnDelete {
        return plan;
    }
    // The rolling update: the pod with the highest ordinal not at the update revision goes;
    // an unavailable pod at or above the partition stops it.
    let update_min = spec
        .update_strategy
        .rolling_update
        .as_ref()
        .map_or(0, |ru| ru.partition.max(0) as usize);
    for target in (update_min..replicas.len()).rev() {
        let slot = &replicas[target];
        if slot.revision() != update_revision && !slot.terminating() {
            if let Slot::Existing(pod) = slot {
                plan.ops.push(PodOp::Delete {
                    name: pod.name.clone(),
                    reason: DeleteReason::Update,
                });
            }
            plan.counts.current -= 1;
            return plan;
        }
        if slot.unavailable() {
            if let Slot::Existing(pod) = slot {
                plan.waiting = Some(Waiting {
                    pod: pod.name.clone(),
                    reason: "update",
                });
            }
            return plan;
        }
    }
    plan
}

/// Whether the pod `name` of `pods` is running and ready.
fn pod_is_ready(pods: &[MemberPod], name: &str) -> bool {
    pods.iter().any(|p| p.name == name && p.running_and_ready())
}

#[cfg(test)]
#[path = "control_tests.rs"]
mod tests;

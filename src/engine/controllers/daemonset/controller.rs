//! `manage()` of the DaemonSet controller (`daemon_controller.go`: podsShouldBeOnNode,
//! getUnscheduledPodsWithoutNode) and its failed-pod back-off, as pure functions.

use std::collections::BTreeMap;

pub use crate::engine::api::selector_matches;
use crate::engine::api::DaemonSet;
use crate::engine::sorting::sort_stably_by;
use crate::engine::store::events::EventType;
use crate::engine::store::state::{PodPhase, HASH_LABEL};
use crate::engine::time::Millis;

use super::update::{allows_surge, DaemonPod, NodeDecision, NodeToPods};

/// An event the controller records on its DaemonSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControllerEvent {
    /// Normal or Warning.
    pub type_: EventType,
    /// The reason (`FailedDaemonPod`, `SucceededDaemonPod`, ...).
    pub reason: &'static str,
    /// The message.
    pub message: String,
}

/// What `manage()` asks for in one sync.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagePlan {
    /// Nodes on which to create a daemon pod.
    pub create_on: Vec<String>,
    /// Names of daemon pods to delete.
    pub delete: Vec<String>,
    /// Events to record on the DaemonSet.
    pub events: Vec<ControllerEvent>,
    /// Sync again after this many milliseconds (a failed pod is in back-off).
    pub requeue_after: Option<Millis>,
}

/// The controller's per-(DaemonSet, node) back-off for killing failed pods
/// (`flowcontrol.NewBackOff(1s, 15m)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailedPodsBackoff {
    entries: BTreeMap<String, (Millis, Millis)>,
}

impl FailedPodsBackoff {
    const INITIAL: Millis = 1_000;
    const MAX: Millis = 15 * 60 * 1_000;

    /// `IsInBackOffSinceUpdate`.
    pub fn in_backoff(&self, key: &str, now: Millis) -> Option<Millis> {
        let (last, delay) = self.entries.get(key)?;
        (now < last + delay).then_some(*delay)
    }

    /// `Next`: starts or doubles the back-off of `key`.
    pub fn next(&mut self, key: &str, now: Millis) {
        let delay = match self.entries.get(key) {
            Some((last, delay)) if now <= last + 2 * Self::MAX => (delay * 2).min(Self::MAX),
            _ => Self::INITIAL,
        };
        self.entries.insert(key.to_string(), (now, delay));
    }
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then older, then smaller name.
fn oldest_first(a: &DaemonPod, b: &DaemonPod) -> std::cmp::Ordering {
    let a_unscheduled = !a.facts.scheduled;
    let b_unscheduled = !b.facts.scheduled;
    a_unscheduled
        .cmp(&b_unscheduled)
        .then(a.facts.created.cmp(&b.facts.created))
        .then(a.name().cmp(b.name()))
}

/// Sorts by `podByCreationTimestampAndPhase`: scheduled pods first, then older, then
/// smaller name.
pub fn sort_oldest_first(pods: &mut [DaemonPod]) {
    if pods.len() > 1 {
        sort_stably_by(pods, &|a, b| oldest_first(a, b));
    }
}

/// The first pod [`sort_oldest_first`] would give, without sorting.
pub fn oldest<'a>(pods: &[DaemonPod<'a>]) -> Option<DaemonPod<'a>> {
    pods.iter().copied().min_by(|a, b| oldest_first(a, b))
}

/// `podsShouldBeOnNode` for every node, then `getUnscheduledPodsWithoutNode`.
pub fn manage(
    ds: &DaemonSet,
    hash: &str,
    nodes: &[NodeDecision],
    node_to_pods: &NodeToPods,
    now: Millis,
    backoff: &mut FailedPodsBackoff,
) -> ManagePlan {
    let mut plan = ManagePlan::default();
    let surge = allows_surge(ds);
    let mut running: Vec<DaemonPod> = Vec::new();
    for (at, node) in nodes.iter().enumerate() {
        let daemon_pods = node_to_pods.on_node(at);
        match daemon_pods {
            [] if node.should_run => plan.create_on.push(node.name.clone()),
            _ if node.should_continue_running => {
                if daemon_pods.is_empty() {
                    continue;
                }
                running.clear();
                for pod in daemon_pods.iter().filter(|p| p.facts.deletion.is_none()) {
                    match pod.facts.phase {
                        PodPhase::Failed => {
                            let key = format!(
                                "{}/{}/{}",
                                ds.metadata.namespace, ds.metadata.name, node.name
                            );
                            if let Some(delay) = backoff.in_backoff(&key, now) {
                                plan.requeue_after = Some(
                                    plan.requeue_after.map_or(delay, |d: Millis| d.min(delay)),
                                );
                                continue;
                            }
                            backoff.next(&key, now);
                            plan.events.push(ControllerEvent {
                                type_: EventType::Warning,
                                reason: "FailedDaemonPod",
                                message: format!(
                                    "Found failed daemon pod {}/{} on node {}, will try to kill it",
                                    pod.state.pod.metadata.namespace,
                                    pod.name(),
                                    node.name
                                ),
                            });
                            plan.delete.push(pod.name().to_string());
                        }
                        PodPhase::Succeeded => {
                            plan.events.push(ControllerEvent {
                                type_: EventType::Normal,
                                reason: "SucceededDaemonPod",
                                message: format!(
                                    "Found succeeded daemon pod {}/{} on node {}, will try to delete it",
                                    pod.state.pod.metadata.namespace,
                                    pod.name(),
                                    node.name
                                ),
                            });
                            plan.delete.push(pod.name().to_string());
                        }
                        _ => running.push(*pod),
                    }
                }
                sort_oldest_first(&mut running);
                if !surge {
                    plan.delete
                        .extend(running.iter().skip(1).map(|p| p.name().to_string()));
                    continue;
                }
                if running.is_empty() {
                    if node.should_run {
                        plan.create_on.push(node.name.clone());
                    }
                    continue;
                }
                if running.len() == 1 {
                    continue;
                }
                let mut oldest_new: Option<DaemonPod> = None;
                let mut oldest_old: Option<DaemonPod> = None;
                for pod in &running {
                    let slot = if pod.state.label(HASH_LABEL) == Some(hash) {
                        &mut oldest_new
                    } else {
                        &mut oldest_old
                    };
                    if slot.is_none() {
                        *slot = Some(*pod);
                    } else {
                        plan.delete.push(pod.name().to_string());
                    }
                }
                if let (Some(new_pod), Some(old_pod)) = (oldest_new, oldest_old) {
                    if !old_pod.facts.ready
                        || new_pod.facts.is_available(ds.spec.min_ready_seconds, now)
                    {
                        plan.delete.push(old_pod.name().to_string());
                    }
                }
            }
            _ => plan.delete.extend(
                daemon_pods
                    .iter()
                    .filter(|p| p.facts.deletion.is_none())
                    .map(|p| p.name().to_string()),
            ),
        }
    }
    // Unscheduled pods pinned to nodes that do not exist are deleted.
    for (_, daemon_pods) in node_to_pods.elsewhere() {
        plan.delete.extend(
            daemon_pods
                .iter()
                .filter(|p| !p.facts.scheduled)
                .map(|p| p.name().to_string()),
        );
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `TestDaemonKillFailedPodsBackoff` and `flowcontrol.Backoff`: in back-off
    /// until the delay has passed (not a millisecond longer), doubling up to 15 minutes, and
    /// starting over once 2 × 15 minutes passed without a failure.
    #[test]
    fn failed_pods_backoff_table() {
        let mut backoff = FailedPodsBackoff::default();
        assert_eq!(backoff.in_backoff("k", 0), None, "no entry, no back-off");
        backoff.next("k", 0);
        assert_eq!(
            backoff.in_backoff("k", 999),
            Some(1_000),
            "just before the end"
        );
        assert_eq!(backoff.in_backoff("k", 1_000), None, "at the end");
        assert_eq!(backoff.in_backoff("other", 0), None, "per key");
        backoff.next("k", 1_000);
        assert_eq!(backoff.in_backoff("k", 2_999), Some(2_000), "doubled");
        let mut at = 1_000;
        for _ in 0..20 {
            at += 1_000;
            backoff.next("k", at);
        }
        assert_eq!(
            backoff.in_backoff("k", at),
            Some(FailedPodsBackoff::MAX),
            "capped"
        );
        let expiry = at + 2 * FailedPodsBackoff::MAX;
        backoff.next("k", expiry);
        assert_eq!(
            backoff.in_backoff("k", expiry),
            Some(FailedPodsBackoff::MAX),
            "exactly 2 × max later still doubles"
        );
        backoff.next("k", expiry + 2 * FailedPodsBackoff::MAX + 1);
        assert_eq!(
            backoff.in_backoff("k", expiry + 2 * FailedPodsBackoff::MAX + 1),
            Some(FailedPodsBackoff::INITIAL),
            "expired: starts over"
        );
    }
}

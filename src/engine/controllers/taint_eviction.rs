//! The taint-eviction controller (`pkg/controller/tainteviction/taint_eviction.go`): which
//! tolerations a pod uses for the `NoExecute` taints of its node, how long they let it stay,
//! and the evictions it schedules, cancels and carries out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::engine::api::time::format_rfc3339;
use crate::engine::api::{Condition, Taint, TaintEffect, Toleration};
use crate::engine::key_map::KeyMap;
use crate::engine::scheduler::corev1::toleration_tolerates_taint;
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::state::{update_pod_condition, PodState};
use crate::engine::store::wake::{PodTimer, Wake};
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::Millis;

/// What the controller does with a pod on a node (`processPodOnNode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The node has no `NoExecute` taint, or every one is tolerated forever: any scheduled
    /// eviction is cancelled.
    Stay,
    /// A `NoExecute` taint is not tolerated: the pod is deleted at once.
    EvictNow,
    /// Every `NoExecute` taint is tolerated, the shortest for this long (milliseconds,
    /// 0 = at once) after the controller sees it.
    EvictAfter(Millis),
}

/// `GetMatchingTolerations`: for each taint the FIRST toleration that tolerates it (later
/// tolerations of the same taint are not looked at); `None` when a taint is not tolerated.
pub fn matching_tolerations<'a>(
    taints: &[&Taint],
    tolerations: &'a [Toleration],
) -> Option<Vec<&'a Toleration>> {
    taints
        .iter()
        .map(|taint| {
            tolerations
                .iter()
                .find(|t| toleration_tolerates_taint(t, taint))
        })
        .collect()
}

/// `getMinTolerationTime` in milliseconds: `Some(0)` for no tolerations or any
/// `tolerationSeconds <= 0`, otherwise the smallest `tolerationSeconds`; `None` (upstream's
/// -1, "forever") when no toleration sets `tolerationSeconds`.
pub fn min_toleration_time(tolerations: &[&Toleration]) -> Option<Millis> {
    if tolerations.is_empty() {
        return Some(0);
    }
    let mut min: Option<i64> = None;
    for seconds in tolerations.iter().filter_map(|t| t.toleration_seconds) {
        if seconds <= 0 {
            return Some(0);
        }
        min = Some(min.map_or(seconds, |m| m.min(seconds)));
    }
    min.map(|s| (s as u64).saturating_mul(1000))
}

/// `getNoExecuteTaints`: the node's taints with the `NoExecute` effect.
fn no_execute_taints(taints: &[Taint]) -> Vec<Taint> {
    taints
        .iter()
        .filter(|t| t.effect == TaintEffect::NoExecute)
        .cloned()
        .collect()
}

/// The controller's verdict for a pod with `tolerations` on a node with `taints` (all of
/// them; only the `NoExecute` ones count).
pub fn verdict(taints: &[Taint], tolerations: &[Toleration]) -> Verdict {
    let no_execute: Vec<&Taint> = taints
        .iter()
        .filter(|t| t.effect == TaintEffect::NoExecute)
        .collect();
    if no_execute.is_empty() {
        return Verdict::Stay;
    }
    match matching_tolerations(&no_execute, tolerations) {
        None => Verdict::EvictNow,
        Some(used) => match min_toleration_time(&used) {
            None => Verdict::Stay,
            Some(ms) => Verdict::EvictAfter(ms),
        },
    }
}

/// The taint-eviction controller: the evictions it scheduled (upstream's
/// `TimedWorkerQueue`), by pod key: (created at, fires at); the pods whose eviction ran
/// (the queue keeps a finished worker, as `nil`, until the pod's work is cancelled: until
/// then no eviction after a toleration time is queued for it again); and, as upstream's
/// `taintedNodes`, the `NoExecute` taints of every node that has any (a pod placed on any
/// other node is left alone without reading its node).
#[derive(Clone, Debug, Default)]
pub struct TaintEviction {
    evictions: BTreeMap<String, (Millis, Millis)>,
    evicted: BTreeSet<String>,
    tainted_nodes: KeyMap<Vec<Taint>>,
}

impl TaintEviction {
    /// The controller's pod handlers (`PodUpdated`; not in manual mode): a pod placed on a
    /// node with `NoExecute` taints is examined against them; a pod that is gone has its
    /// scheduled eviction cancelled.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        if store.is_manual() {
            return;
        }
        match notice {
            Notice::PodPlaced { key } => {
                let Some(pod) = store.pod(key).cloned() else {
                    return;
                };
                // A node without `NoExecute` taints had its pods' evictions cancelled when
                // it lost them (or was deleted): nothing to do (`handlePodUpdate`).
                let Some(taints) = self.tainted_nodes.get(pod.node_name()).cloned() else {
                    return;
                };
                self.process_pod_on_node(store, &pod, &taints);
            }
            Notice::PodRemoved { key, .. } => self.cancel_eviction(store, key),
            // Its handlers look at nothing else.
            _ => {}
        }
    }

    /// After a write of the node `node_name` (`handleNodeUpdate`; not in manual mode): its
    /// `NoExecute` taints are noted (forgotten when it is deleted), and every pod bound to
    /// it is examined again.
    pub fn node_updated(&mut self, store: &mut Store, node_name: &str) {
        if store.is_manual() {
            return;
        }
        let Some(node) = store.node(node_name).cloned() else {
            self.tainted_nodes.remove(node_name);
            return;
        };
        let taints = no_execute_taints(&node.node.spec.taints);
        if taints.is_empty() {
            self.tainted_nodes.remove(node_name);
        } else {
            self.tainted_nodes.insert(node_name, taints.clone());
        }
        let pods: Vec<Arc<PodState>> = store.pods_on(node_name).collect();
        for pod in pods {
            self.process_pod_on_node(store, &pod, &taints);
        }
    }

    /// `processPodOnNode`: cancels, runs or schedules the eviction of `pod` from a node
    /// with `taints`. The toleration time counts from when the controller first scheduled
    /// the eviction; a scheduled eviction is kept as it is by later updates that still
    /// tolerate the taints for a while (as upstream's work queue keeps the existing work).
    fn process_pod_on_node(&mut self, store: &mut Store, pod: &PodState, taints: &[Taint]) {
        let key = pod.key().to_string();
        let now = store.now();
        match verdict(taints, &pod.pod.spec.tolerations) {
            Verdict::Stay => self.cancel_eviction(store, &key),
            Verdict::EvictNow => {
                self.cancel_eviction(store, &key);
                self.evict(store, &key);
            }
            Verdict::EvictAfter(ms) => {
                let mut start = now;
                if let Some(&(created, fire)) = self.evictions.get(&key) {
                    if created < now || fire == created.saturating_add(ms) {
                        return;
                    }
                    start = created;
                    self.cancel_eviction(store, &key);
                } else if self.evicted.contains(&key) {
                    // `AddWork` skips a key the queue still holds.
                    return;
                }
                let at = start.saturating_add(ms);
                if at <= now {
                    self.evict(store, &key);
                } else {
                    self.evictions.insert(key.clone(), (start, at));
                    let uid = store.uid_of(&key);
                    store.wake_at(at, Wake::TaintEviction(PodTimer::new(&key, uid)));
                }
            }
        }
    }

    /// `cancelWorkWithEvent`: drops the scheduled eviction of `key`, if any, with the
    /// `Cancelling deletion of Pod ns/name` event (a finished one goes without a word).
    fn cancel_eviction(&mut self, store: &mut Store, key: &str) {
        self.evicted.remove(key);
        if self.evictions.remove(key).is_none() {
            return;
        }
        store.record_event(
            EventType::Normal,
            "TaintManagerEviction",
            ObjectRef::pod_key(key),
            "taint-eviction-controller",
            format!("Cancelling deletion of Pod {key}"),
        );
    }

    /// A timer of the eviction queue fired: evicts `key` if this is still its scheduled
    /// eviction (it may have been cancelled or replaced since).
    pub fn wake(&mut self, store: &mut Store, key: &str) {
        let due = self
            .evictions
            .get(key)
            .is_some_and(|&(_, at)| at <= store.now());
        if due {
            self.evictions.remove(key);
            self.evict(store, key);
        }
    }

    /// The queue's worker runs the eviction of `key` and stays, finished, in the queue.
    fn evict(&mut self, store: &mut Store, key: &str) {
        self.evicted.insert(key.to_string());
        delete_with_condition(store, key);
    }
}

/// The eviction itself (`deletePodHandler`, `addConditionAndDeletePod`): the
/// `TaintManagerEviction` event, the `DisruptionTarget` condition (reason
/// `DeletionByTaintManager`, set as `UpdatePodCondition` does), then a graceful delete. A pod
/// already being deleted gets the event and the condition too; deleting it again without a
/// grace period changes nothing (the API server keeps the pending graceful deletion).
fn delete_with_condition(store: &mut Store, key: &str) {
    let Some(pod) = store.pod(key).cloned() else {
        return;
    };
    store.record_event(
        EventType::Normal,
        "TaintManagerEviction",
        ObjectRef::pod(&pod),
        "taint-eviction-controller",
        format!("Marking for deletion Pod {}", pod.key()),
    );
    let mut next = (*pod).clone();
    let target = Condition {
        type_: "DisruptionTarget".to_string(),
        status: "True".to_string(),
        reason: Some("DeletionByTaintManager".to_string()),
        message: Some("Taint manager: deleting due to NoExecute taint".to_string()),
        last_transition_time: Some(format_rfc3339(store.unix_now())),
        ..Condition::default()
    };
    update_pod_condition(&mut Arc::make_mut(&mut next.pod).status.conditions, target);
    store.put_pod(next);
    store.delete_pod(key);
}

#[cfg(test)]
#[path = "taint_eviction_tests.rs"]
mod tests;

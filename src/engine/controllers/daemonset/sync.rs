//! `syncDaemonSet` over the store (`daemon_controller.go`): claim the pods, build the
//! history, `manage()`, the rolling update, then the status, creating and deleting pods
//! through the store as the plans of the pure functions beside this file ask.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::engine::api::{DaemonSet, LabelSelector, Node, OwnerReference, Pod, UpdateStrategyType};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::journal::Action;
use crate::engine::store::state::{
    object_key, ClusterState, DaemonSetState, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL,
};
use crate::engine::store::wake::Wake;
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::{Millis, Timestamp};

use super::controller::{manage, selector_matches, ControllerEvent, FailedPodsBackoff};
use super::eligibility::node_should_run_daemon_pod;
use super::history::{cleanup_history, construct_history};
use super::status::compute_status;
use super::update::{rolling_update, NodeDecision};

/// What a DaemonSet's last `ClaimPods` saw: its selector and the pods of its namespace
/// changed since.
#[derive(Clone, Debug)]
struct ClaimMemo {
    namespace: String,
    selector: LabelSelector,
    changed: BTreeSet<String>,
}

/// The DaemonSet controller: its failed-pod back-offs and what each DaemonSet's last claim
/// saw. Few DaemonSets: lists rather than maps.
#[derive(Clone, Debug, Default)]
pub struct DaemonSetController {
    backoffs: Vec<(String, FailedPodsBackoff)>,
    claims: Vec<(String, ClaimMemo)>,
}

/// `NodeShouldRunDaemonPod(node, ds)` as the controller's per-node decision.
pub fn node_decision(node: &Node, ds: &DaemonSet) -> NodeDecision {
    let eligibility = node_should_run_daemon_pod(node, ds);
    NodeDecision {
        name: node.metadata.name.clone(),
        should_run: eligibility.should_run,
        should_continue_running: eligibility.should_continue_running,
    }
}

/// The node decisions of `ds` over every node of `state`, in name order.
pub fn node_decisions(state: &ClusterState, ds: &DaemonSet) -> Vec<NodeDecision> {
    state
        .nodes
        .values()
        .map(|n| node_decision(&n.node, ds))
        .collect()
}

/// The pod the controller creates for `node`, labelled with the revision hash and the
/// template generation.
pub fn new_daemon_pod(ds: &DaemonSet, node: &str, hash: &str, generation: i64) -> Pod {
    let mut pod = super::eligibility::new_daemon_pod(ds, node);
    pod.metadata
        .labels
        .insert(HASH_LABEL.to_string(), hash.to_string());
    pod.metadata.labels.insert(
        TEMPLATE_GENERATION_LABEL.to_string(),
        generation.to_string(),
    );
    pod
}

/// The controller reference a daemon pod carries.
fn controller_ref(ds: &DaemonSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "DaemonSet".to_string(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

impl DaemonSetController {
    /// One `syncDaemonSet` of the DaemonSet `key` (which exists).
    pub fn sync(&mut self, store: &mut Store, key: &str) {
        let Some(current) = store.state().daemon_sets.get(key).cloned() else {
            return;
        };
        let mut ds = (*current).clone();
        let now = store.now();
        let selector = ds.ds.spec.selector.clone().unwrap_or_default();
        if selector.match_labels.is_empty() && selector.match_expressions.is_empty() {
            store.record_event(
                EventType::Warning,
                "SelectingAll",
                ObjectRef::daemon_set(&ds.ds),
                "daemonset-controller",
                "This daemon set is selecting all pods. A non-empty selector is required."
                    .to_string(),
            );
            return;
        }
        // A DaemonSet being deleted is left alone: no pods created or deleted, no status
        // (its history may already be gone, so upstream cannot compute one reliably).
        if ds.ds.metadata.deletion_timestamp.is_some() {
            return;
        }
        self.claim_pods(store, &ds, &selector);
        let hash = construct_history(&mut ds);
        let generation = Some(ds.template_generation);
        let nodes = node_decisions(store.state(), &ds.ds);

        let pods = store.pods_owned_by(key);
        let refs: Vec<&PodState> = pods.iter().map(|p| p.as_ref()).collect();
        let at = match self.backoffs.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                self.backoffs
                    .push((key.to_string(), FailedPodsBackoff::default()));
                self.backoffs.len() - 1
            }
        };
        let plan = manage(&ds.ds, &hash, &nodes, &refs, now, &mut self.backoffs[at].1);
        if let Some(delay) = plan.requeue_after {
            store.wake_at(
                now.saturating_add(delay),
                Wake::DaemonSetResync(key.to_string()),
            );
        }
        record_controller_events(store, &ds.ds, plan.events);
        sync_nodes(store, &ds, &hash, &plan.create_on, &plan.delete);

        if ds.ds.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate {
            let pods = store.pods_owned_by(key);
            let refs: Vec<&PodState> = pods.iter().map(|p| p.as_ref()).collect();
            if let Ok(update) = rolling_update(&ds.ds, &hash, generation, &nodes, &refs, now) {
                sync_nodes(store, &ds, &hash, &update.create_on, &update.delete);
            }
        }

        let pods = store.pods_owned_by(key);
        let refs: Vec<&PodState> = pods.iter().map(|p| p.as_ref()).collect();
        cleanup_history(&mut ds, &refs);
        let mut status = compute_status(&ds.ds, &hash, generation, &nodes, &refs, now);
        status.observed_generation = ds.generation;
        ds.ds.status = status;
        let min_ready = ds.ds.spec.min_ready_seconds;
        if min_ready > 0 && ds.ds.status.number_ready != ds.ds.status.number_available {
            let next = refs
                .iter()
                .filter(|p| p.ready && p.deletion.is_none())
                .filter_map(|p| p.ready_transition)
                .map(|t| t + Timestamp::from(min_ready) * 1000 + 1)
                .filter_map(|t| Millis::try_from(t).ok())
                .filter(|t| *t > now)
                .min();
            if let Some(at) = next {
                store.wake_at(at, Wake::DaemonSetResync(key.to_string()));
            }
        }
        store.put_daemon_set(Arc::new(ds));
        // Its own writes do not make it sync again.
        store.dirty.daemon_sets.remove(key);
    }

    /// The controller's pod event handlers: a pod that changed or went is a claim candidate
    /// again for the DaemonSets of its namespace; a pod of a DaemonSet with
    /// `minReadySeconds` that became Ready brings a resync once it counts as available.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        match notice {
            Notice::PodChanged { key, namespace } | Notice::PodRemoved { key, namespace, .. } => {
                for (_, memo) in &mut self.claims {
                    if memo.namespace == *namespace {
                        memo.changed.insert(key.clone());
                    }
                }
            }
            Notice::PodBecameReady { key } => requeue_after_min_ready(store, key),
            Notice::PodPlaced { .. } | Notice::PodBound { .. } => {}
        }
    }

    /// Adoption and release (`ClaimPods`): pods matching the selector without a controller
    /// are adopted, owned pods that no longer match are released.
    fn claim_pods(&mut self, store: &mut Store, ds: &DaemonSetState, selector: &LabelSelector) {
        let key = ds.key();
        let namespace = ds.ds.metadata.namespace.clone();
        // A pod's claim decision depends only on the pod and the selector: with the same
        // selector as last time, only the pods changed since can decide differently. The
        // pods this claim adopts or releases come back as changed, and decide the same.
        let memo = match self.claims.iter().position(|(k, _)| *k == key) {
            Some(at) => Some(self.claims.swap_remove(at).1).filter(|m| &m.selector == selector),
            None => None,
        };
        let candidates: Vec<Arc<PodState>> = match &memo {
            Some(memo) => memo
                .changed
                .iter()
                .filter_map(|k| store.pod(k).cloned())
                .collect(),
            None => store
                .state()
                .pods
                .values()
                .filter(|p| p.pod.metadata.namespace == namespace)
                .cloned()
                .collect(),
        };
        self.claims.push((
            key.clone(),
            ClaimMemo {
                namespace,
                selector: selector.clone(),
                changed: BTreeSet::new(),
            },
        ));
        claim_candidates(store, &key, ds, selector, candidates);
    }
}

fn claim_candidates(
    store: &mut Store,
    key: &str,
    ds: &DaemonSetState,
    selector: &LabelSelector,
    candidates: Vec<Arc<PodState>>,
) {
    for pod in candidates {
        let matches = selector_matches(selector, &pod.pod.metadata.labels);
        let has_controller = pod
            .pod
            .metadata
            .owner_references
            .iter()
            .any(|o| o.controller == Some(true));
        if pod.owner.as_deref() == Some(key) && !matches {
            let mut next = (*pod).clone();
            next.owner = None;
            Arc::make_mut(&mut next.pod)
                .metadata
                .owner_references
                .retain(|o| o.controller != Some(true));
            store.put_pod(next);
        } else if pod.owner.is_none() && matches && pod.deletion.is_none() {
            let owned_by_us = pod.pod.metadata.owner_references.iter().any(|o| {
                o.controller == Some(true) && o.kind == "DaemonSet" && o.name == ds.ds.metadata.name
            });
            if has_controller && !owned_by_us {
                continue;
            }
            let mut next = (*pod).clone();
            next.owner = Some(key.to_string());
            if !owned_by_us {
                Arc::make_mut(&mut next.pod)
                    .metadata
                    .owner_references
                    .push(controller_ref(&ds.ds));
            }
            store.put_pod(next);
        }
    }
}

/// A pod of a DaemonSet with `minReadySeconds` became Ready: the DaemonSet is synced
/// again once the pod counts as available.
fn requeue_after_min_ready(store: &mut Store, key: &str) {
    let Some(owner) = store.pod(key).and_then(|p| p.owner.clone()) else {
        return;
    };
    let min_ready = store
        .state()
        .daemon_sets
        .get(&owner)
        .map_or(0, |d| d.ds.spec.min_ready_seconds);
    if min_ready > 0 {
        let at = store.now().saturating_add(min_ready as u64 * 1000 + 1);
        store.wake_at(at, Wake::DaemonSetResync(owner));
    }
}

fn record_controller_events(store: &mut Store, ds: &DaemonSet, events: Vec<ControllerEvent>) {
    for event in events {
        store.record_event(
            event.type_,
            &event.reason,
            ObjectRef::daemon_set(ds),
            "daemonset-controller",
            event.message,
        );
    }
}

/// `syncNodes`: creates pods on `create_on`, then deletes `delete`.
fn sync_nodes(
    store: &mut Store,
    ds: &DaemonSetState,
    hash: &str,
    create_on: &[String],
    delete: &[String],
) {
    let key = ds.key();
    for node in create_on {
        let mut pod = new_daemon_pod(&ds.ds, node, hash, ds.template_generation);
        let name = loop {
            let candidate = format!("{}-{}", ds.ds.metadata.name, store.name_suffix());
            if store
                .pod(&object_key(&ds.ds.metadata.namespace, &candidate))
                .is_none()
            {
                break candidate;
            }
        };
        pod.metadata.name = name.clone();
        pod.metadata.owner_references = vec![controller_ref(&ds.ds)];
        let state = match store.admit_pod(pod, Some(key.clone())) {
            Ok(state) => state,
            Err(message) => {
                store.record_event(
                    EventType::Warning,
                    "FailedCreate",
                    ObjectRef::daemon_set(&ds.ds),
                    "daemonset-controller",
                    format!("Error creating: {message}"),
                );
                continue;
            }
        };
        let pod_key = state.key();
        store.put_pod(state);
        store.record_action(Action::Created {
            pod: pod_key,
            node: Some(node.clone()),
        });
        store.record_event(
            EventType::Normal,
            "SuccessfulCreate",
            ObjectRef::daemon_set(&ds.ds),
            "daemonset-controller",
            format!("Created pod: {name}"),
        );
    }
    for name in delete {
        let pod_key = object_key(&ds.ds.metadata.namespace, name);
        if store.pod(&pod_key).is_none() {
            continue;
        }
        store.delete_pod(&pod_key);
        store.record_action(Action::Deleted { pod: pod_key });
        store.record_event(
            EventType::Normal,
            "SuccessfulDelete",
            ObjectRef::daemon_set(&ds.ds),
            "daemonset-controller",
            format!("Deleted pod: {name}"),
        );
    }
}

//! `syncReplicaSet` over the store (`pkg/controller/replicaset/replica_set.go`, Kubernetes
//! v1.35): claim the pods (`ClaimPods`: adopt the orphans the selector matches, release
//! the owned pods it no longer matches), `manageReplicas` (create the missing pods in
//! slow-start batches, delete the extra ones in `getPodsToDelete`'s order), then
//! `calculateStatus` from the pods listed at the start of the sync, as upstream does, the
//! resync after `minReadySeconds`, and a failed sync (a pod it could not create) retried
//! after its work queue's back-off.
//!
//! Expectations: upstream waits for its informer to report the pods it created or deleted
//! before it manages replicas again (`SatisfiedExpectations`). Here the store is the
//! informer: a creation or deletion is seen by the very next read, so the expectations
//! are always satisfied and need no bookkeeping. The sync's own pod writes mark the
//! ReplicaSet again, as upstream's `addPod` / `deletePod` handlers enqueue it: the next
//! sync, at the same instant, writes the status with the new pods.

use std::sync::Arc;

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{
    controller_of, Condition, LabelSelector, OwnerReference, Pod, RawValue, ReplicaSet,
};
use crate::engine::controllers::daemonset::controller::selector_matches;
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::is_empty_selector;
use crate::engine::store::journal::Action;
use crate::engine::store::state::{object_key, PodOwner, PodState, ReplicaSetState};
use crate::engine::store::wake::Wake;
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::{rfc3339_at, timestamp, Millis};

use super::ranking::{
    pods_to_delete, replica_change, slow_start_batch, ReplicaChange, SLOW_START_INITIAL_BATCH_SIZE,
};
use super::status::{
    calculate_status, created_pod_message, deleted_pod_message, failed_create_message,
    filter_active_pods, filter_terminating_pods, FAILED_CREATE_REASON, SUCCESSFUL_CREATE_REASON,
    SUCCESSFUL_DELETE_REASON,
};

/// The component the ReplicaSet controller's events name.
pub const SOURCE: &str = "replicaset-controller";

/// The first delay of the work queue's per-item back-off after a failed sync
/// (`workqueue.DefaultControllerRateLimiter`: 5 ms, doubling).
const FIRST_RETRY: Millis = 5;
/// The longest delay of that back-off (1000 s).
const LONGEST_RETRY: Millis = 1_000_000;

/// The ReplicaSet controller: the failed syncs in a row of each ReplicaSet, which set the
/// delay before it is synced again (its work queue's rate limiter). No expectations are
/// kept (see the module's note). Few ReplicaSets fail: a list rather than a map.
#[derive(Clone, Debug, Default)]
pub struct ReplicaSetController {
    failures: Vec<(String, u32)>,
}

/// The pod as the controllers' listers see the API object: `pod.pod` with the lifecycle the
/// simulation tracks beside it written in (phase, the Ready condition and its transition
/// time, creation and deletion times, restarts as one container's `restartCount` when the
/// object states none), times as RFC 3339 text of a run that starts at `run_start`.
pub fn pod_object(pod: &PodState, run_start: UnixMillis) -> Pod {
    let mut api = (*pod.pod).clone();
    api.status.phase = Some(pod.phase.as_str().to_string());
    api.metadata.creation_timestamp = Some(rfc3339_at(pod.created, run_start));
    if let Some(at) = pod.deletion {
        api.metadata
            .deletion_timestamp
            .get_or_insert_with(|| rfc3339_at(timestamp(at), run_start));
    }
    api.status.conditions.retain(|c| c.type_ != "Ready");
    if pod.ready || pod.ready_transition.is_some() {
        api.status.conditions.push(Condition {
            type_: "Ready".to_string(),
            status: if pod.ready { "True" } else { "False" }.to_string(),
            last_transition_time: pod.ready_transition.map(|t| rfc3339_at(t, run_start)),
            ..Condition::default()
        });
    }
    let stated = api
        .status
        .extra
        .iter()
        .any(|(k, _)| k == "containerStatuses");
    if pod.restarts > 0 && !stated {
        let name = api.spec.containers.first().map_or("", |c| c.name.as_str());
        let status = RawValue::Map(vec![
            ("name".to_string(), RawValue::String(name.to_string())),
            (
                "restartCount".to_string(),
                RawValue::Int(i64::from(pod.restarts)),
            ),
        ]);
        api.status
            .extra
            .push(("containerStatuses".to_string(), RawValue::Seq(vec![status])));
    }
    api
}

/// The controller reference a ReplicaSet's pods carry (`metav1.NewControllerRef`).
pub fn controller_ref(rs: &ReplicaSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "ReplicaSet".to_string(),
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The pod the ReplicaSet creates (`GetPodFromTemplate`): the template's labels,
/// annotations and spec, named `<rs>-<5 random>` (the API server's `generateName`), with
/// the controller reference.
pub fn new_pod(rs: &ReplicaSet, name: String) -> Pod {
    let template = &rs.spec.template;
    let mut pod = Pod {
        spec: template.spec.clone(),
        ..Pod::default()
    };
    pod.metadata.name = name;
    pod.metadata.namespace = rs.metadata.namespace.clone();
    pod.metadata.labels = template.metadata.labels.clone();
    pod.metadata.annotations = template.metadata.annotations.clone();
    pod.metadata.owner_references = vec![controller_ref(rs)];
    pod
}

impl ReplicaSetController {
    /// One `syncReplicaSet` of the ReplicaSet `key`.
    pub fn sync(&mut self, store: &mut Store, key: &str) {
        let Some(state) = store.state().replica_sets.get(key).cloned() else {
            return;
        };
        let rs = &state.replica_set;
        let Some(selector) = rs.spec.selector.clone() else {
            return;
        };
        let now = store.now();
        let run_start = store.state().run_start;
        let wall_now = run_start + timestamp(now);
        claim_pods(store, &state, &selector);
        let owned: Vec<Arc<PodState>> = store.pods_of_replica_set(key).cloned().collect();
        let objects: Vec<Pod> = owned.iter().map(|p| pod_object(p, run_start)).collect();
        let all: Vec<&Pod> = objects.iter().collect();
        let active = filter_active_pods(&all);
        let terminating = filter_terminating_pods(&all);
        let mut manage_error = None;
        let mut wrote_pods = false;
        if rs.metadata.deletion_timestamp.is_none() {
            let managed = manage_replicas(store, &state, &active, wall_now);
            wrote_pods = managed.wrote_pods;
            manage_error = managed.error;
        }
        self.requeue(store, key, manage_error.is_some());
        let mut status =
            calculate_status(rs, &active, &terminating, manage_error.as_deref(), wall_now);
        status.observed_generation = state.generation();
        let mut next = (*state).clone();
        next.replica_set.status = status;
        let min_ready = rs.spec.min_ready_seconds;
        let written = &next.replica_set;
        if manage_error.is_none()
            && min_ready > 0
            && written.status.ready_replicas == written.spec.replicas
            && written.status.available_replicas != written.spec.replicas
        {
            let at = now.saturating_add(min_ready as Millis * 1000);
            store.wake_at(at, Wake::ReplicaSetResync(key.to_string()));
        }
        store.put_replica_set(Arc::new(next));
        // Its own status write does not make it sync again; its pod writes do.
        if !wrote_pods {
            store.dirty.replica_sets.remove(key);
        }
    }

    /// After a sync: a failed one is retried after the back-off of its failures in a row
    /// (`AddRateLimited`), a successful one forgets them (`Forget`).
    fn requeue(&mut self, store: &mut Store, key: &str, failed: bool) {
        let at = self.failures.iter().position(|(k, _)| k == key);
        if !failed {
            if let Some(at) = at {
                self.failures.swap_remove(at);
            }
            return;
        }
        let at = at.unwrap_or_else(|| {
            self.failures.push((key.to_string(), 0));
            self.failures.len() - 1
        });
        let failures = &mut self.failures[at].1;
        let delay = FIRST_RETRY
            .saturating_mul(1 << (*failures).min(30))
            .min(LONGEST_RETRY);
        *failures += 1;
        let when = store.now().saturating_add(delay);
        store.wake_at(when, Wake::ReplicaSetResync(key.to_string()));
    }

    /// The controller's pod event handler (`updatePod`): a pod of a ReplicaSet with
    /// `minReadySeconds` that became Ready brings a resync a second after it counts as
    /// available.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        let Notice::PodBecameReady { key } = notice else {
            return;
        };
        let Some(owner) = store
            .pod(key)
            .and_then(|p| p.replica_set())
            .map(str::to_string)
        else {
            return;
        };
        let min_ready = store
            .state()
            .replica_sets
            .get(&owner)
            .map_or(0, |rs| rs.replica_set.spec.min_ready_seconds);
        if min_ready > 0 {
            let at = store.now().saturating_add((min_ready as Millis + 1) * 1000);
            store.wake_at(at, Wake::ReplicaSetResync(owner));
        }
    }
}

/// `ClaimPods`: the owned active pods the selector no longer matches are released; the
/// active orphans of the namespace it matches (without another controller) are adopted,
/// unless the ReplicaSet is being deleted. An empty selector claims nothing.
fn claim_pods(store: &mut Store, state: &ReplicaSetState, selector: &LabelSelector) {
    let key = state.key();
    let rs = &state.replica_set;
    let is_active = |p: &PodState| p.deletion.is_none() && !p.phase.is_terminal();
    let empty = is_empty_selector(selector);
    let released: Vec<Arc<PodState>> = store
        .pods_of_replica_set(&key)
        .filter(|p| is_active(p) && (empty || !selector_matches(selector, &p.pod.metadata.labels)))
        .cloned()
        .collect();
    for pod in released {
        let mut next = (*pod).clone();
        next.owner = None;
        Arc::make_mut(&mut next.pod)
            .metadata
            .owner_references
            .retain(|o| o.controller != Some(true));
        store.put_pod(next);
    }
    if empty || rs.metadata.deletion_timestamp.is_some() {
        return;
    }
    let adopted: Vec<Arc<PodState>> = store
        .orphan_pods(&rs.metadata.namespace)
        .filter(|p| is_active(p) && selector_matches(selector, &p.pod.metadata.labels))
        .cloned()
        .collect();
    for pod in adopted {
        let references = &pod.pod.metadata.owner_references;
        let controller = controller_of(references);
        let ours = controller.is_some_and(|o| o.kind == "ReplicaSet" && o.name == rs.metadata.name);
        if controller.is_some() && !ours {
            continue;
        }
        let mut next = (*pod).clone();
        next.owner = Some(PodOwner::ReplicaSet(key.as_str().into()));
        if !ours {
            Arc::make_mut(&mut next.pod)
                .metadata
                .owner_references
                .push(controller_ref(rs));
        }
        store.put_pod(next);
    }
}

/// What `manageReplicas` did: whether it wrote pods, and its error.
struct Managed {
    wrote_pods: bool,
    error: Option<String>,
}

/// `manageReplicas`: creates the missing pods in slow-start batches (a failure stops the
/// batches after it) or deletes the extra ones, related pods on the same node first.
fn manage_replicas(
    store: &mut Store,
    state: &ReplicaSetState,
    active: &[&Pod],
    now: UnixMillis,
) -> Managed {
    let rs = &state.replica_set;
    match replica_change(active.len(), rs.spec.replicas) {
        ReplicaChange::None => Managed {
            wrote_pods: false,
            error: None,
        },
        ReplicaChange::Create(count) => {
            let (created, error) = slow_start_batch(count, SLOW_START_INITIAL_BATCH_SIZE, || {
                create_pod(store, state)
            });
            Managed {
                wrote_pods: created > 0,
                error,
            }
        }
        ReplicaChange::Delete(count) => {
            let related = related_pods(store, state);
            let related_objects: Vec<Pod> = related
                .iter()
                .map(|p| pod_object(p, store.state().run_start))
                .collect();
            let related_refs: Vec<&Pod> = related_objects.iter().collect();
            let doomed: Vec<String> = pods_to_delete(active, &related_refs, count, now)
                .iter()
                .map(|p| p.metadata.name.clone())
                .collect();
            for name in &doomed {
                let pod_key = object_key(&rs.metadata.namespace, name);
                store.delete_pod(&pod_key);
                store.record_action(Action::Deleted { pod: pod_key });
                store.record_event(
                    EventType::Normal,
                    SUCCESSFUL_DELETE_REASON,
                    ObjectRef::replica_set(rs),
                    SOURCE,
                    deleted_pod_message(name),
                );
            }
            Managed {
                wrote_pods: !doomed.is_empty(),
                error: None,
            }
        }
    }
}

/// `getIndirectlyRelatedPods`: the pods of every ReplicaSet with the same controller (none
/// for a ReplicaSet without one).
fn related_pods(store: &Store, state: &ReplicaSetState) -> Vec<Arc<PodState>> {
    let Some(deployment) = &state.owner else {
        return Vec::new();
    };
    let siblings: Vec<String> = store
        .state()
        .replica_sets_of(deployment)
        .iter()
        .map(|rs| rs.key())
        .collect();
    siblings
        .iter()
        .flat_map(|key| store.pods_of_replica_set(key).cloned().collect::<Vec<_>>())
        .collect()
}

/// `CreatePods`: one pod from the template through admission, with its events.
fn create_pod(store: &mut Store, state: &ReplicaSetState) -> Result<(), String> {
    let rs = &state.replica_set;
    let name = store.generate_pod_name(&rs.metadata.namespace, &rs.metadata.name);
    let pod = new_pod(rs, name.clone());
    let owner = Some(PodOwner::ReplicaSet(state.key().into()));
    match store.admit_pod(pod, owner) {
        Ok(admitted) => {
            let pod_key = admitted.key().to_string();
            store.put_pod(admitted);
            store.record_action(Action::Created {
                pod: pod_key,
                node: None,
            });
            store.record_event(
                EventType::Normal,
                SUCCESSFUL_CREATE_REASON,
                ObjectRef::replica_set(rs),
                SOURCE,
                created_pod_message(&name),
            );
            Ok(())
        }
        Err(message) => {
            store.record_event(
                EventType::Warning,
                FAILED_CREATE_REASON,
                ObjectRef::replica_set(rs),
                SOURCE,
                failed_create_message(&message),
            );
            Err(message)
        }
    }
}

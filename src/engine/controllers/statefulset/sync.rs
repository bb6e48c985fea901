//! `syncStatefulSet` over the store (`stateful_set.go`, `stateful_set_control.go`,
//! `stateful_pod_control.go`, Kubernetes v1.35): the revisions, the plan of
//! [`super::control::update_stateful_set`] carried out with upstream's events, the status
//! (`completeRollingUpdate`), the history's truncation and the resync after
//! `minReadySeconds`.
//!
//! Only pods with a controller reference to the set are its own: orphans are not adopted.
//! Claims are named and their creation reported, but storage is not simulated.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::control::{update_stateful_set, Plan, PodOp, Waiting};
use super::history::{get_revisions, template_of, truncate_history, Revisions};
use super::utils::{claim_names, new_pod, ordinal_of, pod_name, MemberPod};
use crate::engine::api::{PodTemplateSpec, StatefulSetStatus, UpdateStrategyType};
use crate::engine::sorting::sort_stably_by_key;
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::journal::Action;
use crate::engine::store::state::{
    object_key, ClusterState, PodOwner, PodState, Revision, StatefulSetState, HASH_LABEL,
};
use crate::engine::store::wake::Wake;
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::{timestamp, Millis};

/// The component the StatefulSet controller's events name.
pub const SOURCE: &str = "statefulset-controller";

/// The StatefulSet controller: the claims it has reported created (storage is not
/// simulated; a claim outlives its pod, as with the default `Retain` policy).
#[derive(Clone, Debug, Default)]
pub struct StatefulSetController {
    claims: BTreeSet<String>,
}

/// The member view of a pod at virtual time `now` for a set with `min_ready_seconds`.
pub fn member(pod: &PodState, min_ready_seconds: i32, now: Millis) -> MemberPod {
    let name = pod.pod.metadata.name.clone();
    let available = pod.ready
        && (min_ready_seconds <= 0
            || pod
                .ready_transition
                .is_some_and(|since| since + i64::from(min_ready_seconds) * 1000 < timestamp(now)));
    MemberPod {
        ordinal: ordinal_of(&name),
        name,
        revision: pod.label(HASH_LABEL).unwrap_or_default().to_string(),
        phase: pod.phase,
        terminating: pod.deletion.is_some(),
        ready: pod.ready,
        available,
    }
}

/// A revision for a set read from a cluster, named as its status names it: the update
/// revision with the set's template; the current revision, when it differs, with the
/// template of a pod that carries it (its labels without the set's own, its spec without
/// the node and identity).
fn seed_revisions(set: &mut StatefulSetState, pods: &[Arc<PodState>]) {
    let status = &set.stateful_set.status;
    let prefix = format!("{}-", set.stateful_set.metadata.name);
    let hash_of = |name: &str| name.strip_prefix(&prefix).unwrap_or(name).to_string();
    let mut seeded = Vec::new();
    if !status.current_revision.is_empty() && status.current_revision != status.update_revision {
        let carrier = pods
            .iter()
            .find(|p| p.label(HASH_LABEL) == Some(status.current_revision.as_str()));
        if let Some(pod) = carrier {
            let mut template = PodTemplateSpec {
                metadata: Default::default(),
                spec: pod.pod.spec.clone(),
            };
            template.metadata.labels = pod.pod.metadata.labels.clone();
            for label in [
                HASH_LABEL,
                super::utils::POD_NAME_LABEL,
                super::utils::POD_INDEX_LABEL,
            ] {
                template.metadata.labels.remove(label);
            }
            template.metadata.annotations = pod.pod.metadata.annotations.clone();
            template.spec.node_name.clear();
            template
                .spec
                .extra
                .retain(|(k, _)| k != "hostname" && k != "subdomain");
            seeded.push(Revision {
                name: status.current_revision.clone(),
                hash: hash_of(&status.current_revision),
                revision: 1,
                template,
                change_cause: None,
            });
        }
    }
    if !status.update_revision.is_empty() {
        seeded.push(Revision {
            name: status.update_revision.clone(),
            hash: hash_of(&status.update_revision),
            revision: seeded.len() as i64 + 1,
            template: set.stateful_set.spec.template.clone(),
            change_cause: None,
        });
    }
    set.revisions = seeded;
}

/// `completeRollingUpdate`: a RollingUpdate set whose pods are all updated and ready makes
/// the update revision current.
pub fn complete_rolling_update(strategy: &UpdateStrategyType, status: &mut StatefulSetStatus) {
    if *strategy == UpdateStrategyType::RollingUpdate
        && status.updated_replicas == status.replicas
        && status.ready_replicas == status.replicas
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

/// The `recordPodEvent` message: `create Pod web-0 in StatefulSet web successful`.
pub fn pod_event_message(verb: &str, pod: &str, set: &str) -> String {
    format!("{verb} Pod {pod} in StatefulSet {set} successful")
}

impl StatefulSetController {
    /// One `syncStatefulSet` of the StatefulSet `key`.
    pub fn sync(&mut self, store: &mut Store, key: &str) {
        let Some(state) = store.state().stateful_sets.get(key).cloned() else {
            return;
        };
        if state.stateful_set.spec.selector.is_none() {
            return;
        }
        let now = store.now();
        let pods: Vec<Arc<PodState>> = store.pods_of_stateful_set(key).cloned().collect();
        let mut next = (*state).clone();
        if next.revisions.is_empty() {
            seed_revisions(&mut next, &pods);
        }
        let revisions = get_revisions(&mut next);
        let set = &next.stateful_set;
        let min_ready = set.spec.min_ready_seconds;
        let members: Vec<MemberPod> = pods.iter().map(|p| member(p, min_ready, now)).collect();
        let plan = update_stateful_set(
            &set.spec,
            set.metadata.deletion_timestamp.is_some(),
            &revisions.current,
            &revisions.update,
            &members,
        );
        let wrote_pods = !plan.ops.is_empty();
        self.carry_out(store, &next, &plan);
        let mut status = status_of(&next, &plan, &revisions);
        complete_rolling_update(&next.stateful_set.spec.update_strategy.type_, &mut status);
        let pod_revisions: BTreeSet<String> = members.iter().map(|m| m.revision.clone()).collect();
        truncate_history(&mut next, &pod_revisions, &revisions);
        // Upstream requeues after `minReadySeconds` while not every replica is available;
        // here only while a ready pod is still to become available (a pod that never
        // becomes ready would requeue forever and the run would never settle).
        if min_ready > 0 && status.ready_replicas > status.available_replicas {
            let at = now.saturating_add(min_ready as Millis * 1000);
            store.wake_at(at, Wake::StatefulSetResync(key.to_string()));
        }
        next.stateful_set.status = status;
        store.put_stateful_set(Arc::new(next));
        // Its own status write does not make it sync again; its pod writes do.
        if !wrote_pods {
            store.dirty.stateful_sets.remove(key);
        }
    }

    /// Creates and deletes the plan's pods, with `recordPodEvent`'s events.
    fn carry_out(&mut self, store: &mut Store, state: &StatefulSetState, plan: &Plan) {
        let set = &state.stateful_set;
        let set_name = &set.metadata.name;
        for op in &plan.ops {
            match op {
                PodOp::Create { ordinal, revision } => {
                    let template = template_of(state, revision)
                        .unwrap_or(&set.spec.template)
                        .clone();
                    let name = pod_name(set_name, *ordinal);
                    for claim in claim_names(set, *ordinal) {
                        let claim_key = object_key(&set.metadata.namespace, &claim);
                        if self.claims.insert(claim_key) {
                            store.record_event(
                                EventType::Normal,
                                "SuccessfulCreate",
                                ObjectRef::stateful_set(set),
                                SOURCE,
                                format!(
                                    "create Claim {claim} Pod {name} in StatefulSet {set_name} success"
                                ),
                            );
                        }
                    }
                    let pod = new_pod(set, &template, *ordinal, revision);
                    let owner = Some(PodOwner::StatefulSet(state.key().into()));
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
                                "SuccessfulCreate",
                                ObjectRef::stateful_set(set),
                                SOURCE,
                                pod_event_message("create", &name, set_name),
                            );
                        }
                        Err(message) => store.record_event(
                            EventType::Warning,
                            "FailedCreate",
                            ObjectRef::stateful_set(set),
                            SOURCE,
                            format!(
                                "create Pod {name} in StatefulSet {set_name} failed error: {message}"
                            ),
                        ),
                    }
                }
                PodOp::Delete { name, .. } => {
                    let pod_key = object_key(&set.metadata.namespace, name);
                    store.delete_pod(&pod_key);
                    store.record_action(Action::Deleted { pod: pod_key });
                    store.record_event(
                        EventType::Normal,
                        "SuccessfulDelete",
                        ObjectRef::stateful_set(set),
                        SOURCE,
                        pod_event_message("delete", name, set_name),
                    );
                }
            }
        }
    }

    /// The controller's pod event handler (`updatePod`): a pod of a set with
    /// `minReadySeconds` that became Ready brings a resync a second after it counts as
    /// available.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        let Notice::PodBecameReady { key } = notice else {
            return;
        };
        let Some(owner) = store
            .pod(key)
            .and_then(|p| p.stateful_set())
            .map(str::to_string)
        else {
            return;
        };
        let min_ready = store
            .state()
            .stateful_sets
            .get(&owner)
            .map_or(0, |s| s.stateful_set.spec.min_ready_seconds);
        if min_ready > 0 {
            let at = store.now().saturating_add((min_ready as Millis + 1) * 1000);
            store.wake_at(at, Wake::StatefulSetResync(owner));
        }
    }
}

/// The status `updateStatefulSet` returns: the plan's counts with the revisions, the
/// observed generation and the collision count (conditions as they were).
fn status_of(state: &StatefulSetState, plan: &Plan, revisions: &Revisions) -> StatefulSetStatus {
    StatefulSetStatus {
        observed_generation: state.generation(),
        replicas: plan.counts.replicas,
        ready_replicas: plan.counts.ready,
        current_replicas: plan.counts.current,
        updated_replicas: plan.counts.updated,
        available_replicas: plan.counts.available,
        current_revision: revisions.current.clone(),
        update_revision: revisions.update.clone(),
        collision_count: Some(revisions.collision_count),
        conditions: state.stateful_set.status.conditions.clone(),
    }
}

/// The members of the set `key` in `state`, in ordinal order, as the next sync at the
/// state's time would read them.
pub fn members_in(state: &ClusterState, key: &str) -> Vec<MemberPod> {
    let Some(set) = state.stateful_sets.get(key) else {
        return Vec::new();
    };
    let min_ready = set.stateful_set.spec.min_ready_seconds;
    let mut members: Vec<MemberPod> = state
        .pods
        .values()
        .filter(|p| p.stateful_set() == Some(key))
        .map(|p| member(p, min_ready, state.time))
        .collect();
    sort_stably_by_key(&mut members, &|m| m.ordinal);
    members
}

/// What the set `key` waits for in `state`: the pod the plan of its next sync stops at
/// (with the revisions its status names), if any. This is what explains a pod that is
/// not created or not updated yet.
pub fn waiting_for(state: &ClusterState, key: &str) -> Option<Waiting> {
    let set = &state.stateful_sets.get(key)?.stateful_set;
    let members = members_in(state, key);
    update_stateful_set(
        &set.spec,
        set.metadata.deletion_timestamp.is_some(),
        &set.status.current_revision,
        &set.status.update_revision,
        &members,
    )
    .waiting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;
    use crate::engine::store::state::PodPhase;

    /// Upstream `TestStatefulSetAvailability`: with `minReadySeconds: 3600`, a pod Ready for
    /// 120 minutes is available and one Ready for 30 minutes is not.
    #[test]
    fn test_stateful_set_availability() {
        const MINUTE: i64 = 60_000;
        let now: Millis = 600 * 60_000;
        for (name, ready_for, available) in [
            (
                "replicas running for required time, when minReadySeconds is enabled",
                120,
                true,
            ),
            (
                "replicas not running for required time, when minReadySeconds is enabled",
                30,
                false,
            ),
        ] {
            let mut pod = Pod::default();
            pod.metadata.name = "foo-0".to_string();
            let mut state = PodState::new(pod);
            state.phase = PodPhase::Running;
            state.ready = true;
            state.ready_transition = Some(timestamp(now) - ready_for * MINUTE);
            let member = member(&state, 3600, now);
            assert_eq!(member.available, available, "{name}");
            assert!(member.running_and_ready(), "{name}");
        }
    }

    /// `newStatefulSet(3)`: one claim template, `datadir`.
    fn stateful_set_with_claims() -> crate::engine::api::StatefulSet {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: foo}\nspec:\n  replicas: 3\n  serviceName: governingsvc\n  selector: {matchLabels: {foo: bar}}\n  template:\n    metadata: {labels: {foo: bar}}\n    spec: {containers: [{name: nginx, image: nginx}]}\n  volumeClaimTemplates:\n  - metadata: {name: datadir}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
        crate::engine::yaml::load(text)
            .objects
            .stateful_sets
            .remove(0)
    }

    /// The events recorded since the last call, as `(type, reason, message)`.
    fn events(store: &mut Store) -> Vec<(EventType, &'static str, String)> {
        let entry = store.journal().close().unwrap_or_default();
        entry
            .events
            .into_iter()
            .map(|e| (e.type_, e.reason, e.message))
            .collect()
    }

    /// Upstream `TestStatefulPodControlCreatesPods` and `TestStatefulPodControlCreatePodExists`
    /// (for the claim): the first pod's claim is created before it, two Normal events; a
    /// pod recreated over its existing claim records only the pod's event.
    #[test]
    fn test_stateful_pod_control_creates_pods() {
        let mut store = Store::new(0, 1, false);
        store.apply_stateful_set(stateful_set_with_claims());
        events(&mut store);
        let mut controller = StatefulSetController::default();
        controller.sync(&mut store, "default/foo");
        let created = |message: &str| (EventType::Normal, "SuccessfulCreate", message.to_string());
        assert_eq!(
            events(&mut store),
            [
                created("create Claim datadir-foo-0 Pod foo-0 in StatefulSet foo success"),
                created("create Pod foo-0 in StatefulSet foo successful"),
            ]
        );
        store.delete_pod("default/foo-0");
        events(&mut store);
        controller.sync(&mut store, "default/foo");
        assert_eq!(
            events(&mut store),
            [created("create Pod foo-0 in StatefulSet foo successful")],
            "the claim exists: no claim event"
        );
    }
}

//! Pod writes as the API server handles them: creation with defaulting and admission,
//! updates (recorded as changes and transitions, indexed, announced to the watchers),
//! graceful deletion and removal.

use std::sync::Arc;

use crate::engine::api::match_label_keys::{merge_error, merge_on_create};
use crate::engine::api::{Extra, Pod, RawValue, TaintEffect, Toleration, TolerationOperator};
use crate::engine::store::state::pod_status;
use crate::engine::time::{offset_from_start, timestamp};

use super::events::{EventType, ObjectRef};
use super::journal::{Change, PodTransition};
use super::scheduler_view::{scheduler_pod, update_scheduler_pod};
use super::state::{PodIp, PodOwner, PodPhase, PodState};
use super::wake::{PodTimer, Wake};
use super::watch::Notice;
use super::Store;

impl Store {
    /// Wraps an API pod for the simulation as the API server creates it: defaulting
    /// (`SetDefaults_Pod`: requests from limits, pod-level requests, host ports),
    /// admission (priority, default tolerations), then the merge of `matchLabelKeys` /
    /// `mismatchLabelKeys` into its selectors (`PrepareForCreate`) and the one validation
    /// that merge can fail (a key its selector names as well, which a template passes).
    /// Daemon pods carry their own not-ready and unreachable tolerations and get none added.
    pub fn admit_pod(&mut self, mut pod: Pod, owner: Option<PodOwner>) -> Result<PodState, String> {
        if pod.metadata.namespace.is_empty() {
            pod.metadata.namespace = "default".to_string();
        }
        crate::engine::yaml::defaults::default_pod(&mut pod);
        if !matches!(owner, Some(PodOwner::DaemonSet(_))) {
            for key in [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
            ] {
                let tolerated = pod.spec.tolerations.iter().any(|t| {
                    (t.key.is_empty() || t.key == key)
                        && t.effect.is_none_or(|e| e == TaintEffect::NoExecute)
                        && t.operator == Some(TolerationOperator::Exists)
                });
                if !tolerated {
                    pod.spec.tolerations.push(Toleration {
                        key: key.to_string(),
                        operator: Some(TolerationOperator::Exists),
                        value: String::new(),
                        effect: Some(TaintEffect::NoExecute),
                        toleration_seconds: Some(300),
                    });
                }
            }
        }
        let classes: Vec<crate::engine::api::PriorityClass> = self
            .state
            .priority_classes
            .values()
            .map(|c| (**c).clone())
            .collect();
        let object_name = pod.metadata.name.clone();
        crate::engine::scheduler::priority::admit_pod(&mut pod, &object_name, &classes)?;
        // `PrepareForCreate` and `Validate` come after the mutating admission plugins.
        merge_on_create(&mut pod);
        if let Some(error) = merge_error(&pod) {
            return Err(error);
        }
        let uid = self.next_uid();
        if pod.metadata.uid.is_none() {
            pod.metadata.uid = Some(format!("uid-{uid}"));
        }
        let phase = match pod.status.phase.as_deref() {
            Some("Running") => PodPhase::Running,
            Some("Succeeded") => PodPhase::Succeeded,
            Some("Failed") => PodPhase::Failed,
            _ => PodPhase::Pending,
        };
        // The pod's own times and status, as the API server holds them (a pod from the
        // input); a new pod has none and starts now.
        let run_start = self.state.run_start;
        let now = timestamp(self.state.time);
        let ready_condition = pod.status.conditions.iter().find(|c| c.type_ == "Ready");
        let ready = ready_condition.is_some_and(|c| c.status == "True");
        let ready_transition = ready_condition.and_then(|c| {
            offset_from_start(c.last_transition_time.as_deref(), run_start).or(ready.then_some(now))
        });
        let created =
            offset_from_start(pod.metadata.creation_timestamp.as_deref(), run_start).unwrap_or(now);
        let running_on_node = phase == PodPhase::Running && !pod.spec.node_name.is_empty();
        let ip = running_on_node
            .then(|| status_text(&pod.status.extra, "podIP"))
            .flatten()
            .map(PodIp::Given);
        let restarts = restart_count(&pod.status.extra);
        let nominated_node = pod.status.nominated_node_name.clone();
        let mut state = PodState::new(pod);
        state.created = created;
        state.phase = phase;
        state.ready = ready;
        state.ready_transition = ready_transition;
        state.restarts = restarts;
        state.ip = ip;
        state.nominated_node = nominated_node;
        state.owner = owner;
        self.pods_by_key.entry(state.key()).or_default().uid = uid;
        Ok(state)
    }

    /// Creates a pod through the API: admission (namespace, priority, default
    /// tolerations) and ownership from its controller reference.
    pub fn apply_pod(&mut self, pod: Pod) -> Result<(), String> {
        let owner = PodOwner::of_references(
            &pod.metadata.namespace,
            &pod.metadata.owner_references,
            |owner| match owner {
                PodOwner::DaemonSet(key) => self.state.daemon_sets.contains_key(key),
                PodOwner::ReplicaSet(key) => self.state.replica_sets.contains_key(key),
                PodOwner::StatefulSet(key) => self.state.stateful_sets.contains_key(key),
            },
        );
        let mut state = self.admit_pod(pod, owner)?;
        if state.pod.metadata.deletion_timestamp.is_some() {
            state.deletion = Some(self.state.time);
            state.deletion_grace_ms = own_grace_seconds(&state.pod).saturating_mul(1000);
        }
        // A pod created already bound (spec.nodeName set, as static and mirror pods or a
        // user's own manifest) skips the scheduler: the node's kubelet starts it at once.
        // Bound to a node that does not exist, it stays Pending: no kubelet runs it.
        let prebound = !self.manual
            && self.node(state.node_name()).is_some()
            && state.phase == PodPhase::Pending
            && state.deletion.is_none();
        if prebound {
            state.waiting_reason = Some("ContainerCreating");
        }
        let key = state.key().to_string();
        self.insert_pod(Arc::new(state));
        if prebound {
            self.notify(Notice::PodBound { key });
        }
        Ok(())
    }

    /// Adds a pod exactly as given (from the input, a recorded state or a test) under a
    /// fresh uid, with an IP when it is already running on a node.
    pub fn insert_pod(&mut self, pod: Arc<PodState>) {
        let uid = self.next_uid();
        self.pods_by_key.entry(pod.key()).or_default().uid = uid;
        let running_on_node = !pod.node_name().is_empty() && pod.phase == PodPhase::Running;
        let mut pod = (*pod).clone();
        if running_on_node && pod.ip.is_none() {
            pod.ip = Some(self.next_ip(&pod.pod.spec.node_name.clone()));
        }
        self.put_pod(pod);
    }

    /// Writes a new version of a pod: records its transition (when kubectl's view of it
    /// changes) and its change, updates the indexes, marks the DaemonSets and the scheduler
    /// dirty and tells the watchers.
    pub fn put_pod(&mut self, pod: PodState) {
        let key = pod.key().to_string();
        // The pod's entry is looked up once: the new version goes in at once (a large
        // cluster's entry would be out of the cache again by the end of the write).
        let entry = match self.pods_by_key.get_mut(&key) {
            Some(entry) => entry,
            None => self.pods_by_key.entry(&key).or_default(),
        };
        let old = entry.pod.clone();
        if old.as_deref() == Some(&pod) {
            return;
        }
        let (pod, same_object) = with_old_object_compared(pod, old.as_deref());
        entry.pod = Some(Arc::clone(&pod));
        let slot = entry.slot;
        // The same object and owner: the same places in the index.
        let old_places = entry.places;
        let same_places = old
            .as_ref()
            .is_some_and(|o| Arc::ptr_eq(&o.pod, &pod.pod) && o.owner == pod.owner);
        let places = if same_places {
            old_places
        } else {
            let places = self.index.places(&pod);
            if let Some(entry) = self.pods_by_key.get_mut(&key) {
                entry.places = places;
            }
            places
        };
        let changed = old.as_ref().is_none_or(|o| {
            pod_status(o) != pod_status(&pod)
                || o.ready != pod.ready
                || o.node_name() != pod.node_name()
        });
        if changed {
            let transition = PodTransition {
                time: self.state.time,
                pod: pod.stored_key().clone(),
                node: pod.node_name().into(),
                status: pod_status(&pod),
                ready: pod.ready,
            };
            self.entry().transitions.push(transition);
        }
        self.update_scheduler_view(old.as_deref(), &pod);
        let claim_may_change = !same_object || old.as_ref().is_none_or(|o| o.owner != pod.owner);
        if claim_may_change {
            self.notify(Notice::PodChanged {
                key: key.clone(),
                namespace: pod.namespace().to_string(),
            });
        }
        match &old {
            Some(old) => self.index.replace(&key, (old, old_places), (&pod, places)),
            None => self.index.insert(&key, &pod, places),
        }
        // A pod written before is replaced in its slot, without searching the state's
        // ordered map; a new one (or one whose slot the map gave away) is stored by key.
        let in_slot = match (slot, &old) {
            (Some(slot), Some(old)) => self.state.pods.replace_in_slot(slot, old, Arc::clone(&pod)),
            _ => Err(Arc::clone(&pod)),
        };
        if let Err(pod) = in_slot {
            let (slot, _) = self.state.pods.insert_slotted(key.as_str(), pod);
            if let Some(entry) = self.pods_by_key.get_mut(&key) {
                entry.slot = Some(slot);
            }
        }
        // The taint-eviction controller looks at a pod again when its node or its
        // tolerations change (`PodUpdated`), on a node with taints.
        let placed = !pod.node_name().is_empty()
            && old.as_ref().is_none_or(|o| {
                o.node_name() != pod.node_name()
                    || (!Arc::ptr_eq(&o.pod, &pod.pod)
                        && o.pod.spec.tolerations != pod.pod.spec.tolerations)
            });
        self.entry().changes.push(Change::Pod(
            pod.stored_key().clone(),
            Some(Arc::clone(&pod)),
        ));
        self.mark_daemon_sets_dirty();
        self.mark_budgets_dirty();
        self.mark_pod_watchers_dirty(old.as_deref(), Some(&pod));
        self.dirty.scheduler = true;
        if placed {
            self.notify(Notice::PodPlaced { key });
        }
    }

    /// Keeps the scheduler's snapshot in step with a change of a pod from `old` to `new`.
    /// What the scheduler holds is [`scheduler_pod`]: the object with the phase and the
    /// nomination written in, and whether the pod is terminating. A bound pod whose object
    /// stays the same (a kubelet or deletion change) keeps its place on its node, where
    /// removing it and inserting it again in key order would put it back: if neither its
    /// phase nor its deletion changed, nothing the scheduler holds did (and its node is not
    /// even looked up); otherwise it is updated in place (the spec, so the node's sums,
    /// stay). Every other change removes the old one and inserts the new one in key order.
    fn update_scheduler_view(&mut self, old: Option<&PodState>, new: &PodState) {
        if let Some(old) = old {
            let same_place = Arc::ptr_eq(&old.pod, &new.pod)
                && old.nominated_node == new.nominated_node
                && !old.node_name().is_empty()
                && !old.phase.is_terminal()
                && !new.phase.is_terminal();
            if same_place && old.phase == new.phase && old.deletion == new.deletion {
                return;
            }
            // One look-up of the node (a large cluster's node map is the costly part).
            let node = same_place
                .then(|| self.scheduler_view.node_mut(old.node_name()))
                .flatten()
                .filter(|n| n.pods_in_key_order());
            if let Some(view) = node.and_then(|node| node.pod_mut(&old.pod)) {
                update_scheduler_pod(view, new);
                return;
            }
            self.scheduler_view
                .remove_pod_object(&old.pod, old.node_name());
        }
        if !new.node_name().is_empty() || new.nominated_node.is_some() {
            self.scheduler_view
                .insert_pod_info_in_key_order(scheduler_pod(new));
        }
    }

    /// Writes a pod the scheduler bound to a node: its node's kubelet starts it.
    pub fn bind_pod(&mut self, pod: PodState) {
        let key = pod.key().to_string();
        self.put_pod(pod);
        self.notify(Notice::PodBound { key });
    }

    /// Removes a pod object at once.
    pub fn remove_pod(&mut self, key: &str) {
        let Some(old) = self.state.pods.remove(key) else {
            return;
        };
        let entry = self.pods_by_key.remove(key).unwrap_or_default();
        let uid = entry.uid;
        self.notify(Notice::PodRemoved {
            key: key.to_string(),
            namespace: old.namespace().to_string(),
            uid,
        });
        self.index.remove(key, &old, entry.places);
        self.scheduler_view
            .remove_pod_object(&old.pod, old.node_name());
        let transition = PodTransition {
            time: self.state.time,
            pod: key.into(),
            node: old.node_name().into(),
            status: "Deleted",
            ready: false,
        };
        let entry = self.entry();
        entry.transitions.push(transition);
        entry.changes.push(Change::Pod(key.into(), None));
        self.mark_daemon_sets_dirty();
        self.mark_budgets_dirty();
        self.mark_pod_watchers_dirty(Some(&old), None);
        self.dirty.scheduler = true;
    }

    /// Requests deletion of a pod: immediate in manual mode or when it is not bound or has
    /// finished, otherwise graceful. A graceful deletion is modelled in one step: the
    /// node's kubelet stops the containers (its `Killing` events) and the object goes when
    /// the grace period is over ([`Wake::PodGone`]).
    pub fn delete_pod(&mut self, key: &str) {
        self.delete_pod_with_grace(key, None);
    }

    /// [`Store::delete_pod`] with `DeleteOptions.gracePeriodSeconds` (`None`: the pod's own
    /// `terminationGracePeriodSeconds`).
    pub fn delete_pod_with_grace(&mut self, key: &str, grace_seconds: Option<i64>) {
        let Some(pod) = self.pod(key).cloned() else {
            return;
        };
        if pod.deletion.is_some() {
            return;
        }
        if self.manual || pod.node_name().is_empty() || pod.phase.is_terminal() {
            self.remove_pod(key);
            return;
        }
        let grace = grace_seconds.map_or_else(|| own_grace_seconds(&pod.pod), |s| s.max(0) as u64);
        let mut next = (*pod).clone();
        next.deletion = Some(self.state.time);
        next.deletion_grace_ms = grace.saturating_mul(1000);
        next.ready = false;
        if pod.ready {
            next.ready_transition = Some(timestamp(self.state.time));
        }
        let names: Vec<String> = next
            .pod
            .spec
            .containers
            .iter()
            .map(|c| c.name.clone())
            .collect();
        for name in names {
            self.record_event(
                EventType::Normal,
                "Killing",
                ObjectRef::pod(&next),
                "kubelet",
                format!("Stopping container {name}"),
            );
        }
        let uid = self.uid_of(key);
        self.put_pod(next);
        self.wake_at(
            self.state.time.saturating_add(grace.saturating_mul(1000)),
            Wake::PodGone(PodTimer::new(key, uid)),
        );
    }

    /// Manual mode: marks the matching non-terminating pods Running and Ready now.
    pub fn mark_ready(&mut self, keys: &[String]) {
        for key in keys {
            let Some(pod) = self.pod(key).cloned() else {
                continue;
            };
            if pod.deletion.is_some() || pod.ready {
                continue;
            }
            let mut next = (*pod).clone();
            next.phase = PodPhase::Running;
            next.waiting_reason = None;
            next.ready = true;
            next.ready_transition = Some(timestamp(self.state.time));
            self.put_pod(next);
        }
    }
}

/// A string field of `pod.status` kept verbatim (`podIP`).
fn status_text(extra: &Extra, field: &str) -> Option<String> {
    extra.iter().find_map(|(k, v)| match v {
        RawValue::String(text) if k == field => Some(text.clone()),
        _ => None,
    })
}

/// The sum of `restartCount` over `status.containerStatuses` (kubectl's RESTARTS).
fn restart_count(extra: &Extra) -> u32 {
    let statuses = extra.iter().find_map(|(k, v)| match v {
        RawValue::Seq(items) if k == "containerStatuses" => Some(items),
        _ => None,
    });
    statuses
        .into_iter()
        .flatten()
        .filter_map(|status| match status {
            RawValue::Map(fields) => fields.iter().find_map(|(k, v)| match v {
                RawValue::Int(n) if k == "restartCount" => u32::try_from(*n).ok(),
                _ => None,
            }),
            _ => None,
        })
        .fold(0, u32::saturating_add)
}

/// A pod's own grace period: `spec.terminationGracePeriodSeconds`, 30 when unset.
fn own_grace_seconds(pod: &Pod) -> u64 {
    pod.spec
        .termination_grace_period_seconds
        .unwrap_or(30)
        .max(0) as u64
}

/// The new version of a pod, shared, and whether its API object is the `old` one's apart
/// from the node name (then no controller's claim on it can have changed). The objects are
/// compared with the old node name swapped in, to avoid a copy, while the new one is still
/// the writer's alone (before the scheduler's view may share it).
fn with_old_object_compared(mut pod: PodState, old: Option<&PodState>) -> (Arc<PodState>, bool) {
    let same_object = old.is_some_and(|old| {
        if Arc::ptr_eq(&old.pod, &pod.pod) {
            return true;
        }
        let new = Arc::make_mut(&mut pod.pod);
        let mut node_name = old.pod.spec.node_name.clone();
        std::mem::swap(&mut new.spec.node_name, &mut node_name);
        let same = *old.pod == *new;
        std::mem::swap(&mut new.spec.node_name, &mut node_name);
        same
    });
    (Arc::new(pod), same_object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Container, Node};
    use crate::engine::store::state::NodeState;

    fn pod(name: &str, node: &str) -> Pod {
        let mut pod = Pod::default();
        pod.metadata.name = name.to_string();
        pod.spec.node_name = node.to_string();
        pod.spec.containers = vec![Container {
            name: "c".to_string(),
            image: "i".to_string(),
            ..Container::default()
        }]
        .into();
        pod
    }

    fn store_with_node(manual: bool) -> Store {
        let mut store = Store::new(0, 1, manual);
        let mut node = Node::default();
        node.metadata.name = "n1".to_string();
        store.put_node(Arc::new(NodeState::new(Arc::new(node), 0)));
        store
    }

    /// The watch events queued, delivered to nobody.
    fn notices(store: &mut Store) -> Vec<Notice> {
        let mut seen = Vec::new();
        store.deliver_notices(|_, notice| seen.push(notice.clone()));
        seen
    }

    fn running(store: &mut Store, name: &str) -> String {
        let mut state = store.admit_pod(pod(name, "n1"), None).expect("admitted");
        state.phase = PodPhase::Running;
        let key = state.key().to_string();
        store.insert_pod(Arc::new(state));
        key
    }

    #[test]
    fn a_created_pod_gets_the_default_namespace_a_uid_and_the_not_ready_tolerations() {
        let mut store = Store::new(0, 1, false);
        let state = store.admit_pod(pod("p", ""), None).expect("admitted");
        assert_eq!(state.key(), "default/p", "namespace");
        assert_eq!(state.pod.metadata.uid.as_deref(), Some("uid-1"), "uid");
        assert_eq!(store.uid_of("default/p"), 1, "incarnation");
        let keys: Vec<&str> = state
            .pod
            .spec
            .tolerations
            .iter()
            .map(|t| t.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable"
            ],
            "default tolerations"
        );
    }

    #[test]
    fn a_pod_from_the_input_keeps_its_times_ip_nomination_and_restarts() {
        let mut store = Store::new(0, 1, false);
        // The run starts a minute after the pod was created.
        store.set_run_start(crate::engine::time::DEFAULT_RUN_START);
        let text = "apiVersion: v1
kind: Pod
metadata: {name: p, creationTimestamp: \"2024-12-31T23:59:00Z\"}
spec:
  nodeName: n1
  containers: [{name: c, image: i}]
status:
  phase: Running
  podIP: 10.1.2.3
  nominatedNodeName: n2
  conditions:
  - {type: Ready, status: \"True\", lastTransitionTime: \"2024-12-31T23:59:30Z\"}
  containerStatuses:
  - {name: c, restartCount: 2, state: {running: {}}}
  - {name: d, restartCount: 1, state: {running: {}}}
";
        let input = crate::engine::yaml::load(text).objects.pods.remove(0);
        let state = store.admit_pod(input, None).expect("admitted");
        let facts = (
            state.created,
            state.ready_transition,
            state.ip.as_ref().map(PodIp::to_string),
            state.nominated_node.as_deref(),
            state.restarts,
        );
        assert_eq!(
            facts,
            (
                -60_000,
                Some(-30_000),
                Some("10.1.2.3".to_string()),
                Some("n2"),
                3
            )
        );
        let new = store.admit_pod(pod("q", ""), None).expect("admitted");
        let facts = (new.created, new.ready_transition, new.ip, new.restarts);
        assert_eq!(facts, (0, None, None, 0), "a new pod starts now");
    }

    #[test]
    fn a_binding_is_announced_to_the_watchers_after_the_change() {
        let mut store = store_with_node(false);
        store.apply_pod(pod("p", "")).expect("created");
        notices(&mut store);
        let pending = store.pod("default/p").expect("pod").as_ref().clone();
        let mut bound = pending;
        Arc::make_mut(&mut bound.pod).spec.node_name = "n1".to_string();
        store.bind_pod(bound);
        let key = "default/p".to_string();
        assert_eq!(
            notices(&mut store),
            [
                Notice::PodPlaced { key: key.clone() },
                Notice::PodBound { key }
            ],
            "a binding changes the pod's lifecycle, not what may claim it"
        );
        assert!(store.dirty.scheduler, "the scheduler looks again");
    }

    #[test]
    fn a_status_update_of_a_bound_pod_is_neither_a_placement_nor_a_change_of_its_object() {
        let mut store = store_with_node(false);
        let key = running(&mut store, "p");
        notices(&mut store);
        let mut next = store.pod(&key).expect("pod").as_ref().clone();
        next.ready = true;
        store.put_pod(next);
        assert_eq!(notices(&mut store), []);
    }

    #[test]
    fn a_change_of_a_pods_labels_or_controller_is_announced() {
        let mut store = store_with_node(false);
        let key = running(&mut store, "p");
        notices(&mut store);
        let changed = Notice::PodChanged {
            key: key.clone(),
            namespace: "default".to_string(),
        };
        let mut relabelled = store.pod(&key).expect("pod").as_ref().clone();
        Arc::make_mut(&mut relabelled.pod)
            .metadata
            .labels
            .insert("tier".to_string(), "web".to_string());
        store.put_pod(relabelled);
        assert_eq!(
            notices(&mut store),
            std::slice::from_ref(&changed),
            "labels"
        );
        let mut adopted = store.pod(&key).expect("pod").as_ref().clone();
        adopted.owner = Some(PodOwner::DaemonSet("default/agent".into()));
        store.put_pod(adopted);
        assert_eq!(notices(&mut store), [changed], "controller");
    }

    #[test]
    fn a_graceful_deletion_records_killing_and_asks_for_the_removal_after_the_grace_period() {
        let mut store = store_with_node(false);
        let key = running(&mut store, "p");
        let uid = store.uid_of(&key);
        store.take_wakes();
        store.delete_pod(&key);
        assert!(
            store.pod(&key).is_some_and(|p| p.deletion == Some(0)),
            "terminating"
        );
        let entry = store.journal().close().expect("recorded");
        let reasons: Vec<&str> = entry.events.iter().map(|e| e.reason).collect();
        assert_eq!(reasons, ["Killing"], "the kubelet stops the container");
        assert_eq!(
            store.take_wakes(),
            [(30_000, Wake::PodGone(PodTimer::new(&key, uid)))],
            "removed after the default grace period"
        );
    }

    #[test]
    fn a_pod_written_again_after_removals_and_checkpoints_is_the_one_its_key_finds() {
        let mut store = store_with_node(true);
        let (a, b) = (running(&mut store, "a"), running(&mut store, "b"));
        let checkpoint = store.state().clone();
        store.delete_pod(&a);
        let c = running(&mut store, "c");
        for key in [&b, &c] {
            let mut next = (**store.pod(key).expect("present")).clone();
            next.ready = true;
            store.put_pod(next);
        }
        let ready: Vec<(&str, bool)> = store
            .state()
            .pods
            .iter()
            .map(|(key, pod)| (key, pod.ready))
            .collect();
        assert_eq!(ready, [("default/b", true), ("default/c", true)]);
        for key in [&b, &c] {
            assert!(
                Arc::ptr_eq(
                    &store.state().pods[key.as_str()],
                    store.pod(key).expect("present")
                ),
                "the state and the store hold the same version of {key}"
            );
        }
        let before: Vec<(&str, bool)> = checkpoint
            .pods
            .iter()
            .map(|(key, pod)| (key, pod.ready))
            .collect();
        assert_eq!(
            before,
            [("default/a", false), ("default/b", false)],
            "the checkpoint is as it was"
        );
    }

    #[test]
    fn in_manual_mode_a_deletion_removes_the_pod_and_announces_its_incarnation() {
        let mut store = store_with_node(true);
        let key = running(&mut store, "p");
        let uid = store.uid_of(&key);
        notices(&mut store);
        store.delete_pod(&key);
        assert!(store.pod(&key).is_none(), "gone at once");
        assert_eq!(store.uid_of(&key), 0, "no incarnation left");
        assert_eq!(
            notices(&mut store),
            [Notice::PodRemoved {
                key,
                namespace: "default".to_string(),
                uid
            }]
        );
    }
}

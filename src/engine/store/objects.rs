//! Node, DaemonSet, Deployment, ReplicaSet and PriorityClass writes as the API server
//! handles them.

use std::sync::Arc;

use crate::engine::api::{
    controller_of, selector_matches, DaemonSet, Deployment, DeploymentStrategyType, LabelSelector,
    ObjectMeta, PriorityClass, ReplicaSet,
};
use crate::engine::key_map::Key;
use crate::engine::object_map::ObjectMap;
use crate::engine::scheduler::node_info::PodInfo;
use crate::engine::time::{offset_from_start, timestamp, Timestamp};

use super::journal::Change;
use super::scheduler_view::scheduler_pod;
use super::state::{
    object_key, DaemonSetState, DeploymentState, NodeState, PodState, ReplicaSetState,
    TEMPLATE_GENERATION_ANNOTATION,
};
use super::{NodeEntry, Store};

impl Store {
    /// Writes a new version of a node (its pods join it in the scheduler's view when the
    /// node is new) and marks the DaemonSets and the scheduler dirty.
    pub fn put_node(&mut self, node: Arc<NodeState>) {
        let name = node.name().to_string();
        let id = self.index.node_id(&name);
        if self.nodes_by_number.len() <= id {
            self.nodes_by_number.resize_with(id + 1, || None);
        }
        let written = &mut self.node_names_written;
        self.nodes_by_number[id]
            .get_or_insert_with(|| {
                *written += 1;
                NodeEntry {
                    ordinal: *written - 1,
                    node: None,
                }
            })
            .node = Some(Arc::clone(&node));
        self.state.nodes.insert(name.clone(), node.clone());
        self.nodes_version += 1;
        let is_new = self.scheduler_view.node(&name).is_none();
        self.scheduler_view.upsert_node(node.node.clone());
        if is_new {
            // Pods already bound to a node of this name join it, as in a fresh snapshot.
            let bound: Vec<PodInfo> = self
                .index
                .on_node(&name)
                .map(|p| scheduler_pod(p))
                .collect();
            for pod in bound {
                self.scheduler_view.insert_pod_info_in_key_order(pod);
            }
        }
        self.entry()
            .changes
            .push(Change::Node(name.into(), Some(node)));
        self.mark_daemon_sets_dirty();
        self.dirty.scheduler = true;
    }

    /// Deletes a node; pod garbage collection removes the pods bound to it.
    pub fn delete_node(&mut self, name: &str) -> bool {
        if self.state.nodes.remove(name).is_none() {
            return false;
        }
        let id = self.index.known_node_id(name);
        if let Some(Some(entry)) = id.and_then(|id| self.nodes_by_number.get_mut(id)) {
            entry.node = None;
        }
        self.nodes_version += 1;
        self.scheduler_view.remove_node(name);
        self.entry().changes.push(Change::Node(name.into(), None));
        self.mark_daemon_sets_dirty();
        let bound: Vec<String> = self
            .index
            .on_node(name)
            .map(|p| p.key().to_string())
            .collect();
        for key in bound {
            self.remove_pod(&key);
        }
        true
    }

    /// Writes a new version of a DaemonSet and marks it dirty.
    pub fn put_daemon_set(&mut self, ds: Arc<DaemonSetState>) {
        let key = ds.key();
        if self.state.daemon_sets.get(&key) == Some(&ds) {
            return;
        }
        self.state.daemon_sets.insert(key.clone(), ds.clone());
        self.entry()
            .changes
            .push(Change::DaemonSet(Key::from(&key), Some(ds)));
        self.dirty.daemon_sets.insert(key);
    }

    /// Creates or updates a DaemonSet as the API server does: generation bumps on spec
    /// change, template generation bumps on template change.
    pub fn apply_daemon_set(&mut self, ds: DaemonSet) {
        let key = object_key(&ds.metadata.namespace, &ds.metadata.name);
        let next = match self.state.daemon_sets.get(&key) {
            Some(current) => {
                let mut next = (**current).clone();
                if next.ds.spec != ds.spec {
                    next.generation += 1;
                    if next.ds.spec.template != ds.spec.template {
                        next.template_generation += 1;
                    }
                }
                let status = next.ds.status.clone();
                next.ds = ds;
                next.ds.status = status;
                next
            }
            None => {
                let created = offset_from_start(
                    ds.metadata.creation_timestamp.as_deref(),
                    self.state.run_start,
                )
                .unwrap_or(timestamp(self.state.time));
                new_daemon_set_state(ds, created)
            }
        };
        let mut next = next;
        next.ds.metadata.generation = Some(next.generation);
        next.ds.metadata.annotations.insert(
            TEMPLATE_GENERATION_ANNOTATION.to_string(),
            next.template_generation.to_string(),
        );
        self.put_daemon_set(Arc::new(next));
    }

    /// Writes a new version of a Deployment (its status, as its controller does) and marks
    /// it dirty.
    pub fn put_deployment(&mut self, deployment: Arc<DeploymentState>) {
        let key = deployment.key();
        if self.state.deployments.get(&key) == Some(&deployment) {
            return;
        }
        self.state
            .deployments
            .insert(key.clone(), deployment.clone());
        self.entry()
            .changes
            .push(Change::Deployment(Key::from(&key), Some(deployment)));
        self.mark_budgets_dirty();
        self.dirty.deployments.insert(key);
    }

    /// Creates or updates a Deployment as the API server does (`deploymentStrategy`): an
    /// update keeps the status and bumps the generation when the spec or the annotations
    /// change (annotations are copied to the ReplicaSets); a new one keeps the generation
    /// and status it was read with (see [`Store::apply_replica_set`]).
    pub fn apply_deployment(&mut self, deployment: Deployment) {
        let key = object_key(&deployment.metadata.namespace, &deployment.metadata.name);
        let next = match self.state.deployments.get(&key) {
            Some(current) => {
                let old = &current.deployment;
                let changed = old.spec != deployment.spec
                    || old.metadata.annotations != deployment.metadata.annotations;
                let generation = current.generation() + i64::from(changed);
                let mut next = DeploymentState {
                    deployment,
                    created: current.created,
                };
                next.deployment.status = old.status.clone();
                next.deployment.metadata.generation = Some(generation);
                next
            }
            None => {
                let mut deployment = deployment;
                give_identity(&mut deployment.metadata, "deploy");
                DeploymentState {
                    created: self.created(&deployment.metadata),
                    deployment,
                }
            }
        };
        self.put_deployment(Arc::new(next));
    }

    /// Writes a new version of a ReplicaSet (created, scaled or its status, as its
    /// controllers do) and marks it and its Deployment (the one before and after) dirty.
    pub fn put_replica_set(&mut self, replica_set: Arc<ReplicaSetState>) {
        let key = replica_set.key();
        let old = self.state.replica_sets.get(&key);
        if old == Some(&replica_set) {
            return;
        }
        let meta = &replica_set.replica_set.metadata;
        self.scheduler_view.set_replica_set_selector(
            &meta.namespace,
            &meta.name,
            replica_set.replica_set.spec.selector.clone(),
        );
        let old_owner = old.and_then(|old| old.owner.clone());
        self.dirty.deployments.extend(old_owner);
        self.dirty.deployments.extend(replica_set.owner.clone());
        self.dirty.replica_sets.insert(key.clone());
        self.state
            .replica_sets
            .insert(key.clone(), replica_set.clone());
        self.entry()
            .changes
            .push(Change::ReplicaSet(key.into(), Some(replica_set)));
        self.mark_budgets_dirty();
    }

    /// Creates or updates a ReplicaSet as the API server does (`rsStrategy`): an update keeps
    /// the status and bumps the generation when the spec changes. A new one read from a
    /// cluster keeps its `metadata.generation` (1 when it states none) and its `status`; a
    /// controller reference to a Deployment in the store makes it that Deployment's.
    pub fn apply_replica_set(&mut self, replica_set: ReplicaSet) {
        let meta = &replica_set.metadata;
        let key = object_key(&meta.namespace, &meta.name);
        let owner = controller_of(&meta.owner_references)
            .filter(|o| o.kind == "Deployment")
            .map(|o| object_key(&meta.namespace, &o.name))
            .filter(|owner| self.state.deployments.contains_key(owner));
        let next = match self.state.replica_sets.get(&key) {
            Some(current) => {
                let old = &current.replica_set;
                let generation = current.generation() + i64::from(old.spec != replica_set.spec);
                let mut next = ReplicaSetState {
                    replica_set,
                    created: current.created,
                    owner,
                };
                next.replica_set.status = old.status.clone();
                next.replica_set.metadata.generation = Some(generation);
                next
            }
            None => {
                let mut replica_set = replica_set;
                give_identity(&mut replica_set.metadata, "rs");
                ReplicaSetState {
                    created: self.created(&replica_set.metadata),
                    replica_set,
                    owner,
                }
            }
        };
        self.put_replica_set(Arc::new(next));
    }

    /// Deletes a ReplicaSet (its controller's history clean-up) and marks its Deployment
    /// dirty; false when there is none.
    pub fn delete_replica_set(&mut self, key: &str) -> bool {
        let Some(gone) = self.state.replica_sets.remove(key) else {
            return false;
        };
        let meta = &gone.replica_set.metadata;
        self.scheduler_view
            .set_replica_set_selector(&meta.namespace, &meta.name, None);
        self.dirty.deployments.extend(gone.owner.clone());
        self.entry()
            .changes
            .push(Change::ReplicaSet(key.into(), None));
        true
    }

    /// Marks the controllers that watch a pod write, from `old` (none: a new pod) to `new`
    /// (none: removed), as the ReplicaSet and Deployment controllers' pod handlers
    /// (`addPod`, `updatePod`, `deletePod`) enqueue: the ReplicaSet that controls it before
    /// and after; for a pod without a controller that is not being deleted, the ReplicaSets
    /// of its namespace that select it (they may adopt it); for a removed pod of a
    /// Recreate Deployment's ReplicaSet, the Deployment (which waits for old pods to stop).
    pub(crate) fn mark_pod_watchers_dirty(
        &mut self,
        old: Option<&PodState>,
        new: Option<&PodState>,
    ) {
        for pod in old.into_iter().chain(new) {
            if let Some(set) = pod.stateful_set() {
                if !self.dirty.stateful_sets.contains(set) {
                    self.dirty.stateful_sets.insert(set.to_string());
                }
            }
        }
        if self.state.replica_sets.is_empty() {
            return;
        }
        for pod in old.into_iter().chain(new) {
            if let Some(rs) = pod.replica_set() {
                if !self.dirty.replica_sets.contains(rs) {
                    self.dirty.replica_sets.insert(rs.to_string());
                }
            }
        }
        if let (Some(gone), None) = (old, new) {
            let recreate = gone
                .replica_set()
                .and_then(|rs| self.state.replica_sets.get(rs)?.owner.as_ref())
                .filter(|d| {
                    self.state.deployments.get(d).is_some_and(|d| {
                        d.deployment.spec.strategy.type_ == DeploymentStrategyType::Recreate
                    })
                });
            self.dirty.deployments.extend(recreate.cloned());
        }
        let Some(orphan) = new.filter(|p| p.owner.is_none() && p.deletion.is_none()) else {
            return;
        };
        let meta = &orphan.pod.metadata;
        if controller_of(&meta.owner_references).is_some() {
            return;
        }
        let selecting = self.state.replica_sets.iter().filter(|(_, rs)| {
            let rs = &rs.replica_set;
            rs.metadata.namespace == meta.namespace
                && rs
                    .spec
                    .selector
                    .as_ref()
                    .is_some_and(|s| !is_empty_selector(s) && selector_matches(s, &meta.labels))
        });
        let keys: Vec<String> = selecting.map(|(key, _)| key.to_string()).collect();
        self.dirty.replica_sets.extend(keys);
    }

    /// When an object with `meta` was created: the time it states (read from a cluster),
    /// else now.
    pub(super) fn created(&self, meta: &ObjectMeta) -> Timestamp {
        offset_from_start(meta.creation_timestamp.as_deref(), self.state.run_start)
            .unwrap_or(timestamp(self.state.time))
    }

    /// Creates or replaces a PriorityClass.
    pub fn apply_priority_class(&mut self, class: PriorityClass) {
        self.state
            .priority_classes
            .insert(class.metadata.name.clone(), Arc::new(class));
    }

    /// Replaces every PriorityClass (taking over a recorded state).
    pub fn set_priority_classes(&mut self, classes: ObjectMap<Arc<PriorityClass>>) {
        self.state.priority_classes = classes;
    }
}

/// Whether `selector` is empty: the controllers' look-ups of the workloads that select an
/// object skip it (it would select everything).
pub fn is_empty_selector(selector: &LabelSelector) -> bool {
    selector.match_labels.is_empty() && selector.match_expressions.is_empty()
}

/// Gives a workload object what the API server gives it on its first write: a uid
/// (`<prefix>-<namespace>-<name>`, unless it has one) and generation 1 (unless it was read
/// with one).
pub(super) fn give_identity(meta: &mut ObjectMeta, prefix: &str) {
    if meta.uid.is_none() {
        meta.uid = Some(format!("{prefix}-{}-{}", meta.namespace, meta.name));
    }
    meta.generation = Some(meta.generation.filter(|g| *g > 0).unwrap_or(1));
}

/// The simulation's record of a DaemonSet created at `created`, as the API server holds
/// it: a new DaemonSet starts at generation 1 and template generation 1; one read from a
/// cluster keeps its `metadata.generation`, its `deprecated.daemonset.template.generation`
/// annotation and its `status` (the first sync writes `observedGeneration` = generation).
pub fn new_daemon_set_state(mut ds: DaemonSet, created: Timestamp) -> DaemonSetState {
    if ds.metadata.uid.is_none() {
        ds.metadata.uid = Some(format!("ds-{}-{}", ds.metadata.namespace, ds.metadata.name));
    }
    let generation = ds.metadata.generation.filter(|g| *g > 0).unwrap_or(1);
    let template_generation = ds
        .metadata
        .annotations
        .get(TEMPLATE_GENERATION_ANNOTATION)
        .and_then(|text| text.parse::<i64>().ok())
        .filter(|g| *g > 0)
        .unwrap_or(1);
    ds.metadata.generation = Some(generation);
    ds.metadata.annotations.insert(
        TEMPLATE_GENERATION_ANNOTATION.to_string(),
        template_generation.to_string(),
    );
    DaemonSetState {
        ds,
        created,
        generation,
        template_generation,
        revisions: Vec::new(),
        current_hash: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::timeline::{apply_changes, Frame, FrameKind};
    use crate::engine::store::state::ClusterState;
    use crate::engine::yaml::load;

    /// The Deployment `web` (with `meta` under its metadata) and a ReplicaSet of it.
    fn objects(meta: &str, replicas: u32) -> (Deployment, ReplicaSet) {
        let text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n{meta}spec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\nstatus: {{observedGeneration: 4, replicas: 3}}\n---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-abc\n  ownerReferences: [{{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}}]\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n"
        );
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut o = loaded.objects;
        (o.deployments.remove(0), o.replica_sets.remove(0))
    }

    /// The state the store's recorded changes rebuild from an empty cluster.
    fn replayed(store: &mut Store) -> ClusterState {
        let entry = store.journal().close().expect("the writes were recorded");
        let frame = Frame {
            time: entry.opened_at,
            kind: FrameKind::Event,
            title: String::new(),
            actions: entry.actions.into_boxed_slice(),
            events: 0..0,
            changes: entry.changes.into_boxed_slice(),
            transitions: entry.transitions.into_boxed_slice(),
            output: Vec::new(),
        };
        let mut state = ClusterState::default();
        apply_changes(&mut state, &frame);
        state
    }

    #[test]
    fn deployments_and_replica_sets_are_stored_as_the_api_server_holds_them() {
        let mut store = Store::new(0, 1, false);
        let (deployment, replica_set) = objects("  generation: 4\n", 3);
        store.apply_replica_set(replica_set.clone());
        assert_eq!(
            store.state().replica_sets["default/web-abc"].owner,
            None,
            "a ReplicaSet whose Deployment is not there has no owner"
        );
        store.apply_deployment(deployment.clone());
        store.apply_replica_set(replica_set);
        let stored = &store.state().deployments["default/web"];
        assert_eq!(stored.generation(), 4, "the generation it was read with");
        assert_eq!(
            stored.deployment.status.observed_generation, 4,
            "its status"
        );
        assert_eq!(
            stored.deployment.metadata.uid.as_deref(),
            Some("deploy-default-web"),
            "a uid"
        );
        let rs = &store.state().replica_sets["default/web-abc"];
        assert_eq!(rs.owner.as_deref(), Some("default/web"), "owned by web");
        assert_eq!(rs.generation(), 1, "a new ReplicaSet's generation");
        assert_eq!(
            store.state().replica_sets_of("default/web").len(),
            1,
            "web's ReplicaSets"
        );
        assert_eq!(replayed(&mut store), *store.state(), "the changes replay");
    }

    #[test]
    fn an_update_bumps_the_generation_as_the_api_server_does() {
        let (deployment, replica_set) = objects("", 3);
        let (scaled, scaled_rs) = objects("", 5);
        let (annotated, _) = objects("  annotations: {kubernetes.io/change-cause: scale}\n", 3);
        let cases: Vec<(&str, Deployment, i64)> = vec![
            (
                "the same object keeps its generation",
                deployment.clone(),
                1,
            ),
            ("a spec change bumps it", scaled, 2),
            ("an annotation change bumps it", annotated, 2),
        ];
        for (name, next, generation) in cases {
            let mut store = Store::new(0, 1, false);
            store.apply_deployment(deployment.clone());
            let mut status = store.state().deployments["default/web"].as_ref().clone();
            status.deployment.status.ready_replicas = 2;
            store.put_deployment(Arc::new(status));
            store.apply_deployment(next);
            let stored = &store.state().deployments["default/web"];
            assert_eq!(stored.generation(), generation, "{name}");
            assert_eq!(
                stored.deployment.status.ready_replicas, 2,
                "{name}: the status written by the controller stays"
            );
            assert_eq!(
                replayed(&mut store),
                *store.state(),
                "{name}: the changes replay"
            );
        }
        let mut store = Store::new(0, 1, false);
        store.apply_replica_set(replica_set.clone());
        store.apply_replica_set(scaled_rs);
        assert_eq!(
            store.state().replica_sets["default/web-abc"].generation(),
            2,
            "a ReplicaSet's spec change bumps its generation"
        );
        assert!(store.delete_replica_set("default/web-abc"), "deleted");
        assert!(!store.delete_replica_set("default/web-abc"), "already gone");
        assert_eq!(replayed(&mut store), *store.state(), "the deletion replays");
    }

    /// A pod named `name` labelled `labels`, controlled by `owner` (a ReplicaSet's name).
    fn pod(name: &str, labels: &str, owner: Option<&str>) -> crate::engine::api::Pod {
        let owner = owner.map_or(String::new(), |rs| {
            format!(", ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: {rs}, uid: u, controller: true}}]")
        });
        let text = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{{labels}}}{owner}}}\nspec: {{containers: [{{name: c, image: i}}]}}\n");
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.objects.pods[0].clone()
    }

    /// The (Deployments, ReplicaSets) marked since the last call.
    fn marked(store: &mut Store) -> (Vec<String>, Vec<String>) {
        let dirty = std::mem::take(&mut store.dirty);
        (
            dirty.deployments.into_iter().collect(),
            dirty.replica_sets.into_iter().collect(),
        )
    }

    /// Follows upstream's handlers (`addReplicaSet`, `addPod`, `updatePod`, `deletePod` of
    /// the Deployment and ReplicaSet controllers): each write marks who watches it.
    #[test]
    fn writes_mark_the_workload_controllers_that_watch_them() {
        let mut store = Store::new(0, 1, false);
        let (deployment, mut replica_set) = objects("", 3);
        replica_set.metadata.labels = replica_set.spec.template.metadata.labels.clone();
        store.apply_deployment(deployment.clone());
        store.apply_replica_set(replica_set.clone());
        let web = || vec!["default/web".to_string()];
        let web_abc = || vec!["default/web-abc".to_string()];
        assert_eq!(
            marked(&mut store),
            (web(), web_abc()),
            "a Deployment's write marks it; its ReplicaSet's marks both"
        );
        store
            .apply_pod(pod("owned", "app: web", Some("web-abc")))
            .expect("created");
        assert_eq!(
            store.pod("default/owned").and_then(|p| p.replica_set()),
            Some("default/web-abc"),
            "a controller reference to a ReplicaSet of the store makes it the owner"
        );
        assert_eq!(
            marked(&mut store),
            (vec![], web_abc()),
            "its pod marks the ReplicaSet"
        );
        store
            .apply_pod(pod("orphan", "app: web", None))
            .expect("created");
        assert_eq!(
            marked(&mut store),
            (vec![], web_abc()),
            "an orphan marks the ReplicaSets that select it"
        );
        store
            .apply_pod(pod("stranger", "app: db", None))
            .expect("created");
        assert_eq!(marked(&mut store), (vec![], vec![]), "and only those");
        store.remove_pod("default/owned");
        assert_eq!(
            marked(&mut store),
            (vec![], web_abc()),
            "a rolling Deployment does not watch its pods"
        );
        let mut recreate = deployment;
        recreate.spec.strategy.type_ = DeploymentStrategyType::Recreate;
        store.apply_deployment(recreate);
        store
            .apply_pod(pod("owned", "app: web", Some("web-abc")))
            .expect("created");
        marked(&mut store);
        store.remove_pod("default/owned");
        assert_eq!(
            marked(&mut store),
            (web(), web_abc()),
            "a Recreate Deployment waits for its old pods to go"
        );
    }
}

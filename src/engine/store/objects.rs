//! Node, DaemonSet and PriorityClass writes as the API server handles them.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::api::{DaemonSet, PriorityClass};
use crate::engine::time::{offset_from_start, timestamp, Timestamp};

use super::journal::Change;
use super::scheduler_view::api_pod;
use super::state::{object_key, DaemonSetState, NodeState, TEMPLATE_GENERATION_ANNOTATION};
use super::Store;

impl Store {
    /// Writes a new version of a node (its pods join it in the scheduler's view when the
    /// node is new) and marks the DaemonSets and the scheduler dirty.
    pub fn put_node(&mut self, node: Arc<NodeState>) {
        let name = node.name().to_string();
        if !self.node_ordinals.contains_key(&name) {
            let ordinal = self.node_ordinals.len() as u64;
            self.node_ordinals.insert(name.clone(), ordinal);
        }
        self.state.nodes.insert(name.clone(), node.clone());
        self.nodes_version += 1;
        let is_new = self.scheduler_view.node(&name).is_none();
        self.scheduler_view.upsert_node(node.node.clone());
        if is_new {
            // Pods already bound to a node of this name join it, as in a fresh snapshot.
            let bound: Vec<Arc<crate::engine::api::Pod>> =
                self.index.on_node(&name).map(|p| api_pod(p)).collect();
            for pod in bound {
                self.scheduler_view.insert_pod_in_key_order(pod);
            }
        }
        self.entry().changes.push(Change::Node(name, Some(node)));
        self.mark_daemon_sets_dirty();
        self.dirty.scheduler = true;
    }

    /// Deletes a node; pod garbage collection removes the pods bound to it.
    pub fn delete_node(&mut self, name: &str) -> bool {
        if self.state.nodes.remove(name).is_none() {
            return false;
        }
        self.nodes_version += 1;
        self.scheduler_view.remove_node(name);
        self.entry()
            .changes
            .push(Change::Node(name.to_string(), None));
        self.mark_daemon_sets_dirty();
        let bound: Vec<String> = self.index.on_node(name).map(|p| p.key()).collect();
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
            .push(Change::DaemonSet(key.clone(), Some(ds)));
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

    /// Creates or replaces a PriorityClass.
    pub fn apply_priority_class(&mut self, class: PriorityClass) {
        self.state
            .priority_classes
            .insert(class.metadata.name.clone(), Arc::new(class));
    }

    /// Replaces every PriorityClass (taking over a recorded state).
    pub fn set_priority_classes(&mut self, classes: BTreeMap<String, Arc<PriorityClass>>) {
        self.state.priority_classes = classes;
    }
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

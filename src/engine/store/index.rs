//! Secondary indexes over the simulated pods, kept in step with every change so that the
//! control loops never scan all pods: pods by controlling DaemonSet, pods by node, and the
//! pods waiting for the scheduler. Every set is ordered by pod key, so iterating an index
//! visits pods in the same order as a scan of [`super::ClusterState::pods`] would.

use std::collections::{BTreeMap, BTreeSet};

use super::state::PodState;

/// Pod keys grouped by owner and by node, plus the pending pods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodIndex {
    by_owner: BTreeMap<String, BTreeSet<String>>,
    by_node: BTreeMap<String, BTreeSet<String>>,
    pending: BTreeSet<String>,
}

/// Whether the scheduler still has to place `pod`: unbound, not being deleted, not finished.
pub fn is_pending(pod: &PodState) -> bool {
    pod.node_name().is_empty() && pod.deletion.is_none() && !pod.phase.is_terminal()
}

fn insert_into(map: &mut BTreeMap<String, BTreeSet<String>>, group: &str, key: &str) {
    match map.get_mut(group) {
        Some(set) => {
            set.insert(key.to_string());
        }
        None => {
            map.insert(group.to_string(), BTreeSet::from([key.to_string()]));
        }
    }
}

fn remove_from(map: &mut BTreeMap<String, BTreeSet<String>>, group: &str, key: &str) {
    if let Some(set) = map.get_mut(group) {
        set.remove(key);
        if set.is_empty() {
            map.remove(group);
        }
    }
}

impl PodIndex {
    /// Records `pod` under `key`.
    pub fn insert(&mut self, key: &str, pod: &PodState) {
        if let Some(owner) = &pod.owner {
            insert_into(&mut self.by_owner, owner, key);
        }
        if !pod.node_name().is_empty() {
            insert_into(&mut self.by_node, pod.node_name(), key);
        }
        if is_pending(pod) {
            self.pending.insert(key.to_string());
        }
    }

    /// Forgets `pod` (the version last recorded under `key`).
    pub fn remove(&mut self, key: &str, pod: &PodState) {
        if let Some(owner) = &pod.owner {
            remove_from(&mut self.by_owner, owner, key);
        }
        if !pod.node_name().is_empty() {
            remove_from(&mut self.by_node, pod.node_name(), key);
        }
        self.pending.remove(key);
    }

    /// Keys of the pods controlled by the DaemonSet `owner`, in key order.
    pub fn owned_by(&self, owner: &str) -> impl Iterator<Item = &String> + '_ {
        self.by_owner.get(owner).into_iter().flatten()
    }

    /// Keys of the pods bound to `node`, in key order.
    pub fn on_node(&self, node: &str) -> impl Iterator<Item = &String> + '_ {
        self.by_node.get(node).into_iter().flatten()
    }

    /// Keys of the pods waiting for the scheduler, in key order.
    pub fn pending(&self) -> impl ExactSizeIterator<Item = &String> + '_ {
        self.pending.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;
    use crate::engine::store::state::PodPhase;
    use std::sync::Arc;

    fn pod(name: &str, node: &str, owner: Option<&str>, deleting: bool) -> PodState {
        let mut api = Pod::default();
        api.metadata.name = name.to_string();
        api.spec.node_name = node.to_string();
        PodState {
            pod: Arc::new(api),
            created: 0,
            phase: PodPhase::Pending,
            waiting_reason: None,
            ready: false,
            ready_transition: None,
            deletion: deleting.then_some(1),
            restarts: 0,
            ip: None,
            nominated_node: None,
            owner: owner.map(str::to_string),
        }
    }

    fn keys<'a>(it: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
        it.map(String::as_str).collect()
    }

    #[test]
    fn indexes_follow_inserts_moves_and_removals() {
        let mut index = PodIndex::default();
        let a = pod("a", "", Some("ns/ds"), false);
        let b = pod("b", "n1", Some("ns/ds"), false);
        let c = pod("c", "", None, true);
        index.insert("a", &a);
        index.insert("b", &b);
        index.insert("c", &c);
        assert_eq!(keys(index.owned_by("ns/ds")), ["a", "b"], "owned pods");
        assert_eq!(keys(index.on_node("n1")), ["b"], "bound pods");
        assert_eq!(
            keys(index.pending()),
            ["a"],
            "deleting pods are not pending"
        );
        // a gets bound: it moves from pending to its node.
        let bound = pod("a", "n1", Some("ns/ds"), false);
        index.remove("a", &a);
        index.insert("a", &bound);
        assert_eq!(keys(index.on_node("n1")), ["a", "b"], "a is bound now");
        assert_eq!(index.pending().len(), 0, "nothing pending");
        index.remove("b", &b);
        index.remove("a", &bound);
        assert_eq!(
            keys(index.owned_by("ns/ds")),
            Vec::<&str>::new(),
            "no owned pods"
        );
        assert_eq!(keys(index.on_node("n1")), Vec::<&str>::new(), "empty node");
        assert_eq!(index, {
            let mut only_c = PodIndex::default();
            only_c.insert("c", &c);
            only_c
        });
    }
}

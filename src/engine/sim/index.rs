//! Secondary indexes over the simulated pods, kept in step with every change so that the
//! control loops never scan all pods: pods by controlling DaemonSet, pods by node, and the
//! pods waiting for the scheduler. Every group is ordered by pod key, so iterating an index
//! visits pods in the same order as a scan of [`super::ClusterState::pods`] would, and holds
//! the pods themselves (shared with the state), so a visit needs no look-up by key.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::state::PodState;

/// Pods by key, in key order.
type PodsByKey = BTreeMap<String, Arc<PodState>>;

/// Pods grouped by owner and by node, plus the pending pods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodIndex {
    by_owner: BTreeMap<String, PodsByKey>,
    by_node: BTreeMap<String, PodsByKey>,
    pending: PodsByKey,
}

/// Whether the scheduler still has to place `pod`: unbound, not being deleted, not finished.
pub fn is_pending(pod: &PodState) -> bool {
    pod.node_name().is_empty() && pod.deletion.is_none() && !pod.phase.is_terminal()
}

fn insert_into(map: &mut BTreeMap<String, PodsByKey>, group: &str, key: &str, pod: &Arc<PodState>) {
    match map.get_mut(group) {
        Some(pods) => {
            pods.insert(key.to_string(), Arc::clone(pod));
        }
        None => {
            let pods = BTreeMap::from([(key.to_string(), Arc::clone(pod))]);
            map.insert(group.to_string(), pods);
        }
    }
}

fn remove_from(map: &mut BTreeMap<String, PodsByKey>, group: &str, key: &str) {
    if let Some(pods) = map.get_mut(group) {
        pods.remove(key);
        if pods.is_empty() {
            map.remove(group);
        }
    }
}

impl PodIndex {
    /// Records `pod` under `key`.
    pub fn insert(&mut self, key: &str, pod: &Arc<PodState>) {
        if let Some(owner) = &pod.owner {
            insert_into(&mut self.by_owner, owner, key, pod);
        }
        if !pod.node_name().is_empty() {
            insert_into(&mut self.by_node, pod.node_name(), key, pod);
        }
        if is_pending(pod) {
            self.pending.insert(key.to_string(), Arc::clone(pod));
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

    /// The pods controlled by the DaemonSet `owner`, in key order.
    pub fn owned_by(&self, owner: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        self.by_owner
            .get(owner)
            .into_iter()
            .flat_map(|pods| pods.values())
    }

    /// The pods bound to `node`, in key order.
    pub fn on_node(&self, node: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        self.by_node
            .get(node)
            .into_iter()
            .flat_map(|pods| pods.values())
    }

    /// The pods waiting for the scheduler, in key order.
    pub fn pending(&self) -> impl ExactSizeIterator<Item = &Arc<PodState>> + '_ {
        self.pending.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;
    use crate::engine::sim::state::PodPhase;
    use std::sync::Arc;

    fn pod(name: &str, node: &str, owner: Option<&str>, deleting: bool) -> Arc<PodState> {
        let mut api = Pod::default();
        api.metadata.name = name.to_string();
        api.spec.node_name = node.to_string();
        Arc::new(PodState {
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
        })
    }

    fn keys<'a>(it: impl Iterator<Item = &'a Arc<PodState>>) -> Vec<&'a str> {
        it.map(|p| p.name()).collect()
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

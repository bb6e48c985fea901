//! Secondary indexes over the simulated pods, kept in step with every change so that the
//! control loops never scan all pods: pods by controlling DaemonSet, by controlling
//! ReplicaSet, pods without a controller by namespace, pods by node, and the pods waiting
//! for the scheduler. The indexes hold the pods themselves (shared with the
//! state), so a visit needs no look-up by key. Pods by node and pending pods are in key
//! order, as a scan of [`super::ClusterState::pods`] would visit them; a DaemonSet's pods are
//! grouped by the node each is meant for, with what its controller reads of them on every
//! sync taken from the object once, when the pod is recorded. Nodes are numbered by a name
//! table ([`NodeNames`]), so a sync finds a node's pods by number, not by comparing names.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::api::SortedMap;

use super::state::{PodFacts, PodOwner, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL};
use crate::engine::key_map::{Key, KeyMap};
use crate::engine::object_map::ObjectMap;

/// Pods by key, in key order.
type PodsByKey = ObjectMap<Arc<PodState>>;

/// A pod owned by a DaemonSet, with its revision labels read once and what a sync reads of
/// it copied ([`PodFacts`]): a sync compares every pod's revision and reads its phase,
/// readiness and deletion, and following each pod's pointers on every pass misses the cache
/// once thousands of pods no longer fit in it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedPod {
    /// The pod.
    pub pod: Arc<PodState>,
    /// What a sync reads of it.
    facts: PodFacts,
    /// Its `controller-revision-hash` label, as a position in the index's table of hashes.
    hash: Option<usize>,
    /// Its `pod-template-generation` label when that is a number as Go prints it.
    generation: Option<i64>,
}

/// Node names as small numbers, given in order of first sight and never reused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeNames {
    ids: KeyMap<usize>,
    names: Vec<String>,
}

impl NodeNames {
    /// The number of `name`, given now if it has none yet.
    pub fn id(&mut self, name: &str) -> usize {
        if let Some(id) = self.known(name) {
            return id;
        }
        self.names.push(name.to_string());
        self.ids.insert(name, self.names.len() - 1);
        self.names.len() - 1
    }

    /// The number of `name`, if it has one.
    pub fn known(&self, name: &str) -> Option<usize> {
        self.ids.get(name).copied()
    }

    /// The name numbered `id`.
    pub fn name(&self, id: usize) -> &str {
        &self.names[id]
    }
}

/// The group of node number `id` in `groups` (one per node number), added empty with the
/// numbers before it when missing.
fn group_of<V>(groups: &mut Vec<NodeGroup<V>>, id: usize) -> &mut NodeGroup<V> {
    if groups.len() <= id {
        groups.resize_with(id + 1, NodeGroup::default);
    }
    &mut groups[id]
}

/// The pods of one node, in key order: a DaemonSet's pods meant for the node, or the pods
/// bound to it. A group nearly always holds one pod, two while one replaces the other (in
/// a large cluster of daemon pods, where reading a group is what costs): the first is kept
/// inline, with its key beside it, so that a sync's pass over every node reads the groups
/// one after the other, and a pod write finds its pod, instead of following a pointer to a
/// separate allocation per node.
#[derive(Clone, Debug, PartialEq)]
struct NodeGroup<V> {
    /// The pod with the smallest key (`None` only when the group is empty).
    first: Option<(Key, V)>,
    /// The others, in key order (all after `first`).
    rest: SortedMap<Key, V>,
}

impl<V> Default for NodeGroup<V> {
    fn default() -> Self {
        NodeGroup {
            first: None,
            rest: SortedMap::default(),
        }
    }
}

impl<V> NodeGroup<V> {
    /// Whether the group has no pods.
    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// The pods, in key order.
    fn iter(&self) -> impl Iterator<Item = (&Key, &V)> + '_ {
        let first = self.first.iter().map(|(key, pod)| (key, pod));
        first.chain(self.rest.iter())
    }

    /// The pod recorded under `key`.
    fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        match &mut self.first {
            Some((first, pod)) if first.as_bytes() == key.as_bytes() => Some(pod),
            _ => self.rest.get_mut(key.as_bytes()),
        }
    }

    /// Records `pod` under `key`, returning the pod it replaces.
    fn insert(&mut self, key: Key, pod: V) -> Option<V> {
        match &mut self.first {
            None => {
                self.first = Some((key, pod));
                None
            }
            Some((first, old)) if *first == key => Some(std::mem::replace(old, pod)),
            Some((first, _)) if key < *first => {
                let (first, old) = self.first.replace((key, pod)).expect("a first pod");
                self.rest.insert(first, old);
                None
            }
            Some(_) => self.rest.insert(key, pod),
        }
    }

    /// Forgets the pod recorded under `key`, returning it.
    fn remove(&mut self, key: &str) -> Option<V> {
        match &self.first {
            Some((first, _)) if first.as_bytes() == key.as_bytes() => {
                let next = self.rest.keys().next().cloned();
                let next = next.and_then(|k| self.rest.remove(&k).map(|pod| (k, pod)));
                std::mem::replace(&mut self.first, next).map(|(_, pod)| pod)
            }
            _ => self.rest.remove(key.as_bytes()),
        }
    }
}

/// The pods of one DaemonSet: by number of target node (`util.GetTargetNodeName`), then
/// by key; the pods without a target node apart.
#[derive(Clone, Debug, Default, PartialEq)]
struct OwnedPods {
    /// The pods meant for each node, by node number.
    by_target: Vec<NodeGroup<OwnedPod>>,
    untargeted: ObjectMap<OwnedPod>,
    count: usize,
}

/// Pods grouped by owner and by node, plus the pending pods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodIndex {
    /// Pods by controlling DaemonSet.
    by_owner: BTreeMap<String, OwnedPods>,
    /// Pods by controlling ReplicaSet, in key order.
    by_replica_set: KeyMap<PodsByKey>,
    /// Pods by controlling StatefulSet, in key order.
    by_stateful_set: KeyMap<PodsByKey>,
    /// Pods without a controller by namespace, in key order (what a claim may adopt).
    orphans: KeyMap<PodsByKey>,
    /// Pods bound to each node, by node number, in key order.
    by_node: Vec<NodeGroup<Arc<PodState>>>,
    pending: PodsByKey,
    /// Every `controller-revision-hash` value seen on an owned pod (a few per DaemonSet).
    hashes: Vec<String>,
    /// The numbers of the nodes pods are meant for.
    node_names: NodeNames,
}

/// Whether the scheduler still has to place `pod`: unbound, not being deleted, not finished.
pub fn is_pending(pod: &PodState) -> bool {
    pod.node_name().is_empty() && pod.deletion.is_none() && !pod.phase.is_terminal()
}

/// The number `text` is as Go prints numbers (`fmt.Sprint`), if it is one.
fn go_printed_number(text: &str) -> Option<i64> {
    let number: i64 = text.parse().ok()?;
    (number.to_string() == text).then_some(number)
}

fn insert_into(map: &mut KeyMap<PodsByKey>, group: &str, key: &str, pod: &Arc<PodState>) {
    match map.get_mut(group) {
        Some(pods) => {
            pods.insert(key, Arc::clone(pod));
        }
        None => {
            let mut pods = PodsByKey::new();
            pods.insert(key, Arc::clone(pod));
            map.insert(group, pods);
        }
    }
}

fn remove_from(map: &mut KeyMap<PodsByKey>, group: &str, key: &str) {
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
        match &pod.owner {
            Some(PodOwner::ReplicaSet(rs)) => insert_into(&mut self.by_replica_set, rs, key, pod),
            Some(PodOwner::StatefulSet(set)) => {
                insert_into(&mut self.by_stateful_set, set, key, pod)
            }
            None => insert_into(&mut self.orphans, pod.namespace(), key, pod),
            Some(PodOwner::DaemonSet(_)) => {}
        }
        if let Some(owner) = pod.daemon_set() {
            let owned = self.owned_pod(pod);
            let target = pod.target_node().map(|name| self.node_names.id(name));
            let pods = self.by_owner.entry(owner.to_string()).or_default();
            let replaced = match target {
                Some(id) => group_of(&mut pods.by_target, id).insert(Key::from(key), owned),
                None => pods.untargeted.insert(key, owned),
            };
            if replaced.is_none() {
                pods.count += 1;
            }
        }
        if !pod.node_name().is_empty() {
            let id = self.node_names.id(pod.node_name());
            group_of(&mut self.by_node, id).insert(Key::from(key), Arc::clone(pod));
        }
        if is_pending(pod) {
            self.pending.insert(key, Arc::clone(pod));
        }
    }

    /// `pod` with its revision labels read.
    fn owned_pod(&mut self, pod: &Arc<PodState>) -> OwnedPod {
        let hash = pod.label(HASH_LABEL).map(|hash| {
            match self.hashes.iter().position(|known| known == hash) {
                Some(at) => at,
                None => {
                    self.hashes.push(hash.to_string());
                    self.hashes.len() - 1
                }
            }
        });
        OwnedPod {
            pod: Arc::clone(pod),
            facts: pod.facts(),
            hash,
            generation: pod
                .label(TEMPLATE_GENERATION_LABEL)
                .and_then(go_printed_number),
        }
    }

    /// Forgets `pod` (the version last recorded under `key`).
    pub fn remove(&mut self, key: &str, pod: &PodState) {
        match &pod.owner {
            Some(PodOwner::ReplicaSet(rs)) => remove_from(&mut self.by_replica_set, rs, key),
            Some(PodOwner::StatefulSet(set)) => remove_from(&mut self.by_stateful_set, set, key),
            None => remove_from(&mut self.orphans, pod.namespace(), key),
            Some(PodOwner::DaemonSet(_)) => {}
        }
        if let Some(owner) = pod.daemon_set() {
            if let Some(pods) = self.by_owner.get_mut(owner) {
                let removed = match pod.target_node() {
                    Some(name) => self
                        .node_names
                        .known(name)
                        .and_then(|id| pods.by_target.get_mut(id))
                        .and_then(|group| group.remove(key)),
                    None => pods.untargeted.remove(key),
                };
                if removed.is_some() {
                    pods.count -= 1;
                }
                if pods.count == 0 {
                    self.by_owner.remove(owner);
                }
            }
        }
        if let Some(pods) = self.bound_to_mut(pod.node_name()) {
            pods.remove(key);
        }
        self.pending.remove(key);
    }

    /// Records `new` in place of `old`, the version last recorded under `key`. A new
    /// version of the same object, owner and pending state (a lifecycle change) stays in
    /// the same groups with the same revision: only the pod each group holds is replaced.
    pub fn replace(&mut self, key: &str, old: &PodState, new: &Arc<PodState>) {
        let same_groups = Arc::ptr_eq(&old.pod, &new.pod)
            && old.owner == new.owner
            && is_pending(old) == is_pending(new);
        if !same_groups {
            self.remove(key, old);
            self.insert(key, new);
            return;
        }
        let group = match &new.owner {
            Some(PodOwner::ReplicaSet(rs)) => self.by_replica_set.get_mut(rs),
            Some(PodOwner::StatefulSet(set)) => self.by_stateful_set.get_mut(set),
            None => self.orphans.get_mut(new.namespace()),
            Some(PodOwner::DaemonSet(_)) => None,
        };
        if let Some(pod) = group.and_then(|pods| pods.get_mut(key)) {
            *pod = Arc::clone(new);
        }
        if let Some(owner) = new.daemon_set() {
            let pods = self.by_owner.get_mut(owner);
            let owned = pods.and_then(|pods| match new.target_node() {
                Some(name) => {
                    let id = self.node_names.known(name)?;
                    pods.by_target.get_mut(id)?.get_mut(key)
                }
                None => pods.untargeted.get_mut(key),
            });
            if let Some(owned) = owned {
                owned.pod = Arc::clone(new);
                owned.facts = new.facts();
            }
        }
        if let Some(pod) = self
            .bound_to_mut(new.node_name())
            .and_then(|pods| pods.get_mut(key))
        {
            *pod = Arc::clone(new);
        }
        if let Some(pod) = self.pending.get_mut(key) {
            *pod = Arc::clone(new);
        }
    }

    /// The pods bound to the node `name`, if it has a number (none for an empty name).
    fn bound_to_mut(&mut self, name: &str) -> Option<&mut NodeGroup<Arc<PodState>>> {
        let id = self.node_names.known(name)?;
        self.by_node.get_mut(id)
    }

    /// The number of the node named `name`, given now if it has none yet.
    pub fn node_id(&mut self, name: &str) -> usize {
        self.node_names.id(name)
    }

    /// The pods controlled by the DaemonSet `owner`, by target node, then key.
    pub fn owned_by(&self, owner: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        let pods = self.by_owner.get(owner);
        let targeted = pods
            .into_iter()
            .flat_map(|p| p.by_target.iter().flat_map(NodeGroup::iter))
            .map(|(_, owned)| owned);
        let untargeted = pods.into_iter().flat_map(|p| p.untargeted.values());
        targeted.chain(untargeted).map(|owned| &owned.pod)
    }

    /// The pods controlled by the DaemonSet `owner` by target node, as a sync of the
    /// revision `hash` and `template_generation` sees them.
    pub fn daemon_pods<'a>(
        &'a self,
        owner: &str,
        hash: &str,
        template_generation: Option<i64>,
    ) -> DaemonPods<'a> {
        DaemonPods {
            by_target: self
                .by_owner
                .get(owner)
                .map_or(&[][..], |pods| pods.by_target.as_slice()),
            node_names: &self.node_names,
            hash: self
                .hashes
                .iter()
                .position(|known| known == hash && !hash.is_empty()),
            template_generation,
        }
    }

    /// The pods controlled by the ReplicaSet `owner`, in key order.
    pub fn owned_by_replica_set(&self, owner: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        self.by_replica_set
            .get(owner)
            .into_iter()
            .flat_map(|pods| pods.values())
    }

    /// The pods controlled by the StatefulSet `owner`, in key order.
    pub fn owned_by_stateful_set(&self, owner: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        self.by_stateful_set
            .get(owner)
            .into_iter()
            .flat_map(|pods| pods.values())
    }

    /// The pods of `namespace` without a controller, in key order.
    pub fn orphans_in(&self, namespace: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        self.orphans
            .get(namespace)
            .into_iter()
            .flat_map(|pods| pods.values())
    }

    /// The pods bound to `node`, in key order.
    pub fn on_node(&self, node: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        let id = self.node_names.known(node);
        id.and_then(|id| self.by_node.get(id))
            .into_iter()
            .flat_map(|pods| pods.iter().map(|(_, pod)| pod))
    }

    /// The pods waiting for the scheduler, in key order.
    pub fn pending(&self) -> impl ExactSizeIterator<Item = &Arc<PodState>> + '_ {
        self.pending.values()
    }
}

/// A DaemonSet's pods by target node number, for one sync's revision
/// ([`PodIndex::daemon_pods`]).
#[derive(Clone, Copy, Debug)]
pub struct DaemonPods<'a> {
    by_target: &'a [NodeGroup<OwnedPod>],
    node_names: &'a NodeNames,
    hash: Option<usize>,
    template_generation: Option<i64>,
}

impl<'a> DaemonPods<'a> {
    /// The pods meant for the node numbered `id`, in key order, each with what a sync
    /// reads of it and whether it is of the sync's revision (`util.IsPodUpdated`).
    pub fn on_node(self, id: usize) -> impl Iterator<Item = (&'a PodState, PodFacts, bool)> + 'a {
        let group = self.by_target.get(id).into_iter();
        group.flat_map(NodeGroup::iter).map(move |(_, owned)| {
            let updated = owned.is_updated(self.hash, self.template_generation);
            (owned.pod.as_ref(), owned.facts, updated)
        })
    }

    /// The number and name of every node some of the pods are meant for.
    pub fn targets(self) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let ids = (0..self.by_target.len()).filter(move |&id| !self.by_target[id].is_empty());
        ids.map(move |id| (id, self.node_names.name(id)))
    }
}

impl OwnedPod {
    /// [`is_pod_updated`](crate::engine::controllers::daemonset::update::is_pod_updated) from the labels read when the pod was recorded: `hash` is the
    /// position of the revision hash in the index's table (`None` for an empty hash or one
    /// no pod carries).
    fn is_updated(&self, hash: Option<usize>, template_generation: Option<i64>) -> bool {
        let hash_matches = hash.is_some() && self.hash == hash;
        let generation_matches =
            template_generation.is_some() && self.generation == template_generation;
        hash_matches || generation_matches
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::api::Pod;
    use std::sync::Arc;

    /// A pending pod named `name`, bound to `node` (empty: unbound), owned by `owner`,
    /// being deleted or not: the pods the index tests (and the DaemonSet sync's) group.
    pub(crate) fn pod(
        name: &str,
        node: &str,
        owner: Option<&str>,
        deleting: bool,
    ) -> Arc<PodState> {
        let mut api = Pod::default();
        api.metadata.name = name.to_string();
        api.spec.node_name = node.to_string();
        let mut state = PodState::new(api);
        state.deletion = deleting.then_some(1);
        state.owner = owner.map(|key| PodOwner::DaemonSet(key.into()));
        Arc::new(state)
    }

    fn keys<'a>(it: impl Iterator<Item = &'a Arc<PodState>>) -> Vec<&'a str> {
        it.map(|p| p.name()).collect()
    }

    #[test]
    fn a_target_group_holds_its_pods_in_key_order_as_a_sorted_map_would() {
        let owned = |name: &str| OwnedPod {
            pod: pod(name, "n1", Some("ns/ds"), false),
            facts: pod(name, "n1", Some("ns/ds"), false).facts(),
            hash: None,
            generation: None,
        };
        let steps: [(&str, bool); 10] = [
            ("m", true),
            ("c", true),
            ("x", true),
            ("c", true),
            ("m", false),
            ("a", true),
            ("a", false),
            ("c", false),
            ("q", false),
            ("x", false),
        ];
        let mut group = NodeGroup::default();
        let mut model: BTreeMap<String, OwnedPod> = BTreeMap::new();
        for (key, insert) in steps {
            let (got, want) = if insert {
                let got = group.insert(Key::from(key), owned(key));
                (got, model.insert(key.to_string(), owned(key)))
            } else {
                (group.remove(key), model.remove(key))
            };
            assert_eq!(got, want, "{key} {insert}");
            let keys: Vec<&[u8]> = group.iter().map(|(k, _)| k.as_bytes()).collect();
            assert_eq!(
                keys,
                model.keys().map(|k| k.as_bytes()).collect::<Vec<_>>(),
                "after {key} {insert}"
            );
            assert_eq!(group.is_empty(), model.is_empty());
            for k in model.keys() {
                assert!(group.get_mut(k).is_some(), "{k} found");
            }
        }
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
        assert_eq!(
            keys(index.owned_by("ns/ds")),
            ["b", "a"],
            "owned pods, the one without a target node last"
        );
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
            // Node numbers, once given, are kept, and so is each number's group of bound
            // pods (empty now).
            only_c.node_names = index.node_names.clone();
            only_c
                .by_node
                .resize_with(index.by_node.len(), NodeGroup::default);
            only_c
        });
    }

    #[test]
    fn pods_are_grouped_by_their_replica_set_and_pods_without_a_controller_by_namespace() {
        let mut index = PodIndex::default();
        let mut of_rs = (*pod("b", "", None, false)).clone();
        of_rs.owner = Some(PodOwner::ReplicaSet("default/web-1".into()));
        let of_rs = Arc::new(of_rs);
        // The test pods have no namespace.
        let orphan = pod("a", "n1", None, false);
        let daemon = pod("c", "n1", Some("default/ds"), false);
        for p in [&of_rs, &orphan, &daemon] {
            index.insert(p.name(), p);
        }
        assert_eq!(keys(index.owned_by_replica_set("default/web-1")), ["b"]);
        assert_eq!(keys(index.orphans_in("")), ["a"], "only the orphan");
        assert_eq!(keys(index.owned_by("default/ds")), ["c"]);
        // Adopted: it leaves the orphans for its ReplicaSet's group.
        let mut adopted = (*orphan).clone();
        adopted.owner = Some(PodOwner::ReplicaSet("default/web-1".into()));
        index.replace("a", &orphan, &Arc::new(adopted));
        assert_eq!(
            keys(index.owned_by_replica_set("default/web-1")),
            ["a", "b"]
        );
        assert_eq!(keys(index.orphans_in("")), Vec::<&str>::new());
    }

    /// The revision labels read when a pod is recorded decide as `util.IsPodUpdated` does on
    /// the pod itself, for every combination of labels and sync revision.
    #[test]
    fn replacing_a_pod_leaves_the_index_as_removing_and_inserting_it_would() {
        let owned_bound = pod("a", "n1", Some("ns/ds"), false);
        let pending = pod("b", "", Some("ns/ds"), false);
        let mut ready = (*owned_bound).clone();
        ready.ready = true;
        let mut deleting = (*pending).clone();
        deleting.deletion = Some(5);
        let bound = pod("b", "n2", Some("ns/ds"), false);
        let changes = [
            ("a", &owned_bound, Arc::new(ready)),
            ("b", &pending, Arc::new(deleting)),
            ("b", &pending, bound),
        ];
        for (key, old, new) in changes {
            let mut replaced = PodIndex::default();
            let mut rebuilt = PodIndex::default();
            for index in [&mut replaced, &mut rebuilt] {
                index.insert("a", &owned_bound);
                index.insert("b", &pending);
            }
            replaced.replace(key, old, &new);
            rebuilt.remove(key, old);
            rebuilt.insert(key, &new);
            assert_eq!(replaced, rebuilt, "{key} changed");
        }
    }

    #[test]
    fn owned_pods_are_of_the_sync_revision_exactly_when_is_pod_updated_says_so() {
        use crate::engine::controllers::daemonset::update::is_pod_updated;
        let label_sets: &[&[(&str, &str)]] = &[
            &[],
            &[(HASH_LABEL, "h1")],
            &[(HASH_LABEL, "h2")],
            &[(HASH_LABEL, "")],
            &[(TEMPLATE_GENERATION_LABEL, "3")],
            &[(TEMPLATE_GENERATION_LABEL, "03")],
            &[(TEMPLATE_GENERATION_LABEL, "-0")],
            &[(TEMPLATE_GENERATION_LABEL, "x")],
            &[(HASH_LABEL, "h1"), (TEMPLATE_GENERATION_LABEL, "4")],
        ];
        let mut index = PodIndex::default();
        let mut pods = Vec::new();
        for (i, labels) in label_sets.iter().enumerate() {
            let mut pod = (*pod(&format!("p{i}"), &format!("n{i}"), Some("ns/ds"), false)).clone();
            let meta = &mut Arc::make_mut(&mut pod.pod).metadata;
            for (k, v) in labels.iter() {
                meta.labels.insert(k.to_string(), v.to_string());
            }
            let pod = Arc::new(pod);
            index.insert(pod.name(), &pod);
            pods.push(pod);
        }
        let node_ids: Vec<usize> = pods.iter().map(|p| index.node_id(p.node_name())).collect();
        for hash in ["", "h1", "h2", "h3"] {
            for generation in [None, Some(0), Some(3), Some(4)] {
                let grouped = index.daemon_pods("ns/ds", hash, generation);
                let seen: Vec<(String, bool)> = node_ids
                    .iter()
                    .flat_map(|&id| grouped.on_node(id))
                    .map(|(p, facts, updated)| {
                        assert_eq!(facts, p.facts(), "the copied facts of {}", p.name());
                        (p.name().to_string(), updated)
                    })
                    .collect();
                let want: Vec<(String, bool)> = pods
                    .iter()
                    .map(|p| (p.name().to_string(), is_pod_updated(p, hash, generation)))
                    .collect();
                assert_eq!(seen, want, "hash {hash:?}, generation {generation:?}");
            }
        }
    }
}

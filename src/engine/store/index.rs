//! Secondary indexes over the simulated pods, kept in step with every change so that the
//! control loops never scan all pods: pods by controlling DaemonSet, by controlling
//! ReplicaSet, pods without a controller by namespace, pods by node, and the pods waiting
//! for the scheduler. The indexes hold the pods themselves (shared with the
//! state), so a visit needs no look-up by key. Pods by node and pending pods are in key
//! order, as a scan of [`super::ClusterState::pods`] would visit them; a DaemonSet's pods are
//! grouped by the node each is meant for, with what its controller reads of them on every
//! sync taken from the object once, when the pod is recorded. Nodes are numbered by a name
//! table ([`NodeNames`]), so a sync finds a node's pods by number, not by comparing names.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

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

/// The numbers of the nodes a pod is grouped under: the node a daemon pod is meant for
/// (`util.GetTargetNodeName`) and the node it is bound to, as [`PodIndex::places`] works
/// them out from the pod's object and owner. The store keeps them with the pod, so that a
/// write that keeps both (a lifecycle change) finds the pod's groups without looking its
/// node's name up again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodPlaces {
    /// The number of the node a daemon pod is meant for.
    target: Option<usize>,
    /// The number of the node the pod is bound to.
    bound: Option<usize>,
}

impl PodPlaces {
    /// The number of the node the pod is bound to.
    pub fn bound(&self) -> Option<usize> {
        self.bound
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

/// A pod as a [`NodeGroup`] holds it, known by the pod's own key.
trait GroupedPod {
    /// The pod's key.
    fn key(&self) -> &Key;
}

impl GroupedPod for Arc<PodState> {
    fn key(&self) -> &Key {
        self.stored_key()
    }
}

impl GroupedPod for OwnedPod {
    fn key(&self) -> &Key {
        self.pod.stored_key()
    }
}

/// The pods of one node, in key order: a DaemonSet's pods meant for the node, or the pods
/// bound to it. A group nearly always holds one pod, two while one replaces the other (in
/// a large cluster of daemon pods, where reading a group is what costs): the first is kept
/// inline, so that a sync's pass over every node reads the groups one after the other
/// instead of following a pointer to a separate allocation per node. The pods' keys are
/// their own: a write finds its pod by the key of the version it replaces, which it has
/// just read, and the groups stay small.
#[derive(Clone, Debug, PartialEq)]
struct NodeGroup<V> {
    /// The pod with the smallest key (`None` only when the group is empty).
    first: Option<V>,
    /// The others, in key order (all after `first`).
    rest: Vec<V>,
}

impl<V> Default for NodeGroup<V> {
    fn default() -> Self {
        NodeGroup {
            first: None,
            rest: Vec::new(),
        }
    }
}

impl<V: GroupedPod> NodeGroup<V> {
    /// Whether the group has no pods.
    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// The pods, in key order.
    fn iter(&self) -> impl Iterator<Item = &V> + '_ {
        self.first.iter().chain(&self.rest)
    }

    /// The pod recorded under `key`.
    fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        match &mut self.first {
            Some(pod) if pod.key() == key => Some(pod),
            _ => self.rest.iter_mut().find(|pod| pod.key() == key),
        }
    }

    /// Records `pod` under its key, returning the pod it replaces.
    fn insert(&mut self, pod: V) -> Option<V> {
        let Some(first) = &mut self.first else {
            self.first = Some(pod);
            return None;
        };
        match pod.key().cmp(first.key()) {
            Ordering::Equal => Some(std::mem::replace(first, pod)),
            Ordering::Less => {
                let first = std::mem::replace(first, pod);
                self.rest.insert(0, first);
                None
            }
            Ordering::Greater => match self.rest.binary_search_by(|p| p.key().cmp(pod.key())) {
                Ok(at) => Some(std::mem::replace(&mut self.rest[at], pod)),
                Err(at) => {
                    self.rest.insert(at, pod);
                    None
                }
            },
        }
    }

    /// Forgets the pod recorded under `key`, returning it.
    fn remove(&mut self, key: &str) -> Option<V> {
        if self.first.as_ref().is_some_and(|pod| pod.key() == key) {
            let next = (!self.rest.is_empty()).then(|| self.rest.remove(0));
            return std::mem::replace(&mut self.first, next);
        }
        let at = self.rest.iter().position(|pod| pod.key() == key)?;
        Some(self.rest.remove(at))
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
    /// The places of `pod` (numbers are given to node names seen for the first time).
    pub fn places(&mut self, pod: &PodState) -> PodPlaces {
        let target = pod.daemon_set().and_then(|_| pod.target_node());
        let bound = Some(pod.node_name()).filter(|name| !name.is_empty());
        PodPlaces {
            target: target.map(|name| self.node_names.id(name)),
            bound: bound.map(|name| self.node_names.id(name)),
        }
    }

    /// Records `pod`, at `places` (its [`PodIndex::places`]), under `key`.
    pub fn insert(&mut self, key: &str, pod: &Arc<PodState>, places: PodPlaces) {
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
            let pods = self.by_owner.entry(owner.to_string()).or_default();
            let replaced = match places.target {
                Some(id) => group_of(&mut pods.by_target, id).insert(owned),
                None => pods.untargeted.insert(key, owned),
            };
            if replaced.is_none() {
                pods.count += 1;
            }
        }
        if let Some(id) = places.bound {
            group_of(&mut self.by_node, id).insert(Arc::clone(pod));
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

    /// Forgets `pod` (the version last recorded under `key`, at `places`).
    pub fn remove(&mut self, key: &str, pod: &PodState, places: PodPlaces) {
        match &pod.owner {
            Some(PodOwner::ReplicaSet(rs)) => remove_from(&mut self.by_replica_set, rs, key),
            Some(PodOwner::StatefulSet(set)) => remove_from(&mut self.by_stateful_set, set, key),
            None => remove_from(&mut self.orphans, pod.namespace(), key),
            Some(PodOwner::DaemonSet(_)) => {}
        }
        if let Some(owner) = pod.daemon_set() {
            if let Some(pods) = self.by_owner.get_mut(owner) {
                let removed = match places.target {
                    Some(id) => pods.by_target.get_mut(id).and_then(|g| g.remove(key)),
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
        if let Some(pods) = places.bound.and_then(|id| self.by_node.get_mut(id)) {
            pods.remove(key);
        }
        self.pending.remove(key);
    }

    /// Records `new` at `new_places` in place of `old`, the version last recorded under
    /// `key`, at `old_places`. A new version of the same object, owner and pending state (a
    /// lifecycle change) stays in the same groups, at the same places, with the same
    /// revision: only the pod each group holds is replaced.
    pub fn replace(
        &mut self,
        key: &str,
        (old, old_places): (&PodState, PodPlaces),
        (new, new_places): (&Arc<PodState>, PodPlaces),
    ) {
        let same_groups = Arc::ptr_eq(&old.pod, &new.pod)
            && old.owner == new.owner
            && is_pending(old) == is_pending(new);
        if !same_groups {
            self.remove(key, old, old_places);
            self.insert(key, new, new_places);
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
            let owned = pods.and_then(|pods| match new_places.target {
                Some(id) => pods.by_target.get_mut(id)?.get_mut(key),
                None => pods.untargeted.get_mut(key),
            });
            if let Some(owned) = owned {
                owned.pod = Arc::clone(new);
                owned.facts = new.facts();
            }
        }
        let bound = new_places.bound.and_then(|id| self.by_node.get_mut(id));
        if let Some(pod) = bound.and_then(|pods| pods.get_mut(key)) {
            *pod = Arc::clone(new);
        }
        if is_pending(new) {
            if let Some(pod) = self.pending.get_mut(key) {
                *pod = Arc::clone(new);
            }
        }
    }

    /// The number of the node named `name`, given now if it has none yet.
    pub fn node_id(&mut self, name: &str) -> usize {
        self.node_names.id(name)
    }

    /// The number of the node named `name`, if it has one.
    pub fn known_node_id(&self, name: &str) -> Option<usize> {
        self.node_names.known(name)
    }

    /// The pods controlled by the DaemonSet `owner`, by target node, then key.
    pub fn owned_by(&self, owner: &str) -> impl Iterator<Item = &Arc<PodState>> + '_ {
        let pods = self.by_owner.get(owner);
        let targeted = pods
            .into_iter()
            .flat_map(|p| p.by_target.iter().flat_map(NodeGroup::iter));
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
        let pods = self.by_owner.get(owner);
        DaemonPods {
            by_target: pods.map_or(&[][..], |pods| pods.by_target.as_slice()),
            targeted: pods.map_or(0, |pods| pods.count - pods.untargeted.len()),
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
            .flat_map(NodeGroup::iter)
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
    /// How many of the pods have a target node.
    targeted: usize,
    node_names: &'a NodeNames,
    hash: Option<usize>,
    template_generation: Option<i64>,
}

impl<'a> DaemonPods<'a> {
    /// The pods meant for the node numbered `id`, in key order, each with what a sync
    /// reads of it and whether it is of the sync's revision (`util.IsPodUpdated`).
    pub fn on_node(self, id: usize) -> impl Iterator<Item = (&'a PodState, PodFacts, bool)> + 'a {
        let group = self.by_target.get(id).into_iter();
        group.flat_map(NodeGroup::iter).map(move |owned| {
            let updated = owned.is_updated(self.hash, self.template_generation);
            (owned.pod.as_ref(), owned.facts, updated)
        })
    }

    /// How many of the pods are meant for a node.
    pub fn targeted(self) -> usize {
        self.targeted
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

    /// Records `pod` under `key` at its places, as the store does.
    pub(crate) fn record(index: &mut PodIndex, key: &str, pod: &Arc<PodState>) {
        let places = index.places(pod);
        index.insert(key, pod, places);
    }

    /// Forgets `pod`, recorded under `key` at its places, as the store does.
    fn forget(index: &mut PodIndex, key: &str, pod: &PodState) {
        let places = index.places(pod);
        index.remove(key, pod, places);
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
                let got = group.insert(owned(key));
                (got, model.insert(key.to_string(), owned(key)))
            } else {
                (group.remove(key), model.remove(key))
            };
            assert_eq!(got, want, "{key} {insert}");
            let keys: Vec<&[u8]> = group.iter().map(|p| p.key().as_bytes()).collect();
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
        record(&mut index, "a", &a);
        record(&mut index, "b", &b);
        record(&mut index, "c", &c);
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
        forget(&mut index, "a", &a);
        record(&mut index, "a", &bound);
        assert_eq!(keys(index.on_node("n1")), ["a", "b"], "a is bound now");
        assert_eq!(index.pending().len(), 0, "nothing pending");
        forget(&mut index, "b", &b);
        forget(&mut index, "a", &bound);
        assert_eq!(
            keys(index.owned_by("ns/ds")),
            Vec::<&str>::new(),
            "no owned pods"
        );
        assert_eq!(keys(index.on_node("n1")), Vec::<&str>::new(), "empty node");
        assert_eq!(index, {
            let mut only_c = PodIndex::default();
            record(&mut only_c, "c", &c);
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
            record(&mut index, p.name(), p);
        }
        assert_eq!(keys(index.owned_by_replica_set("default/web-1")), ["b"]);
        assert_eq!(keys(index.orphans_in("")), ["a"], "only the orphan");
        assert_eq!(keys(index.owned_by("default/ds")), ["c"]);
        // Adopted: it leaves the orphans for its ReplicaSet's group.
        let mut adopted = (*orphan).clone();
        adopted.owner = Some(PodOwner::ReplicaSet("default/web-1".into()));
        let adopted = Arc::new(adopted);
        let places = (index.places(&orphan), index.places(&adopted));
        index.replace("a", (&orphan, places.0), (&adopted, places.1));
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
                record(index, "a", &owned_bound);
                record(index, "b", &pending);
            }
            let places = (replaced.places(old), replaced.places(&new));
            replaced.replace(key, (old, places.0), (&new, places.1));
            forget(&mut rebuilt, key, old);
            record(&mut rebuilt, key, &new);
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
            record(&mut index, pod.name(), &pod);
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

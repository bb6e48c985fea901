//! The scheduler's view of the cluster: one [`NodeInfo`] per node with the pods assigned to
//! it and per-node aggregates (requested resources, used host ports), kept incrementally in
//! a [`ClusterSnapshot`] so that a filter never rescans pods.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::engine::api::types::LabelSelector;
use crate::engine::api::{controller_of, Node, Pod, PodDisruptionBudget};
use crate::engine::name_table::{NameTable, Named};
use crate::engine::sorting::sort_stably_by;

use super::resources::{pod_non_zero_requests, pod_requests, Resource};
use super::selector::{PodAffinityTerms, Selector};

/// A host port a container binds: (host IP, protocol, port), sanitized as upstream does
/// (empty IP → `0.0.0.0`, empty protocol → `TCP`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostPort {
    /// Host IP (`0.0.0.0` binds every address).
    pub ip: String,
    /// Protocol (`TCP`, `UDP`, `SCTP`).
    pub protocol: String,
    /// Port number (> 0).
    pub port: i32,
}

/// The IP that binds every address.
pub const BIND_ALL_HOST_IP: &str = "0.0.0.0";

/// `GetHostPorts`: the host ports of a pod's containers and sidecar init containers.
pub fn pod_host_ports(pod: &Pod) -> Vec<HostPort> {
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"));
    sidecars
        .chain(pod.spec.containers.iter())
        .flat_map(|c| c.ports.iter())
        .filter(|p| p.host_port > 0)
        .map(|p| HostPort {
            ip: if p.host_ip.is_empty() {
                BIND_ALL_HOST_IP.to_string()
            } else {
                p.host_ip.clone()
            },
            protocol: if p.protocol.is_empty() {
                "TCP".to_string()
            } else {
                p.protocol.clone()
            },
            port: p.host_port,
        })
        .collect()
}

/// A pod as the scheduler keeps it on a node, with its precomputed aggregates.
#[derive(Clone, Debug, PartialEq)]
pub struct PodInfo {
    /// The pod (shared with the simulation when it is the same object).
    pub pod: Arc<Pod>,
    /// Its effective requests.
    pub requests: Resource,
    /// Its requests with the scoring defaults.
    pub non_zero_requests: Resource,
    /// Its host ports.
    pub host_ports: Vec<HostPort>,
    /// Its parsed pod affinity and anti-affinity terms, if it has any.
    pub affinity: Option<Box<PodAffinityTerms>>,
    /// Whether the pod is terminating (`metadata.deletionTimestamp` is set, as the
    /// scheduler's cache has it). Kept beside the object rather than read from it, so that
    /// the simulation's view of a pod it is deleting gracefully can share the pod's object
    /// instead of holding a copy with the timestamp written in (a copy of every pod a
    /// rollout replaces, read from memory long cold: a tenth of the cache misses of a
    /// 20,000-node rollout).
    pub terminating: bool,
}

impl PodInfo {
    /// Precomputes the aggregates of a pod.
    pub fn new(pod: Arc<Pod>) -> PodInfo {
        PodInfo {
            requests: pod_requests(&pod),
            non_zero_requests: pod_non_zero_requests(&pod),
            host_ports: pod_host_ports(&pod),
            affinity: PodAffinityTerms::of(&pod),
            terminating: pod.metadata.deletion_timestamp.is_some(),
            pod,
        }
    }

    /// Whether the pod has required pod anti-affinity terms.
    pub fn has_required_anti_affinity(&self) -> bool {
        self.affinity
            .as_ref()
            .is_some_and(|a| !a.required_anti_affinity.is_empty())
    }

    /// `spec.priority`, 0 when unset (`corev1helpers.PodPriority`).
    pub fn priority(&self) -> i32 {
        pod_priority(&self.pod)
    }
}

/// `corev1helpers.PodPriority`: `spec.priority`, 0 when unset.
pub fn pod_priority(pod: &Pod) -> i32 {
    pod.spec.priority.unwrap_or(0)
}

/// Orders pods by their `namespace/name` key (`name` alone without a namespace), the order
/// in which a snapshot built from the simulation's pod map lists them.
pub fn key_order(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    fn key(p: &Pod) -> impl Iterator<Item = u8> + '_ {
        let ns = p.metadata.namespace.as_bytes();
        let slash: &[u8] = if ns.is_empty() { b"" } else { b"/" };
        ns.iter()
            .chain(slash)
            .chain(p.metadata.name.as_bytes())
            .copied()
    }
    key(a).cmp(key(b))
}

/// Whether two pods are the same object (namespace and name).
pub fn same_pod(a: &Pod, b: &Pod) -> bool {
    a.metadata.namespace == b.metadata.namespace && a.metadata.name == b.metadata.name
}

/// A node and the pods assigned to it (including terminating ones), with aggregates.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeInfo {
    /// The node (shared with the store, as upstream's `NodeInfo` points at the node).
    pub node: Arc<Node>,
    /// Pods bound to the node, in the order they were added.
    pub pods: Vec<PodInfo>,
    /// Sum of the pods' requests.
    pub requested: Resource,
    /// Sum of the pods' requests with scoring defaults.
    pub non_zero_requested: Resource,
    /// The node's allocatable resources.
    pub allocatable: Resource,
    /// Host ports in use with the number of pods using each (a node has few: a list).
    used_ports: Vec<(HostPort, u32)>,
    /// How many of the pods have pod affinity or anti-affinity (upstream keeps the list
    /// `PodsWithAffinity`; a count tells which nodes to look at).
    pub pods_with_affinity: u32,
    /// How many of the pods have required pod anti-affinity (`PodsWithRequiredAntiAffinity`).
    pub pods_with_required_anti_affinity: u32,
    /// The size of each image name the node reports (`status.images`; a repeated name
    /// keeps its first size, as upstream's `addNodeImageStates`).
    pub image_sizes: BTreeMap<String, i64>,
}

/// Each image name of `node` with its size, the first one listed for a repeated name.
fn image_sizes(node: &Node) -> BTreeMap<String, i64> {
    let mut sizes = BTreeMap::new();
    for image in &node.status.images {
        for name in &image.names {
            sizes.entry(name.clone()).or_insert(image.size_bytes);
        }
    }
    sizes
}

impl NodeInfo {
    /// A node with no pods.
    pub fn new(node: impl Into<Arc<Node>>) -> NodeInfo {
        let node = node.into();
        NodeInfo {
            allocatable: Resource::from_list(&node.status.allocatable),
            image_sizes: image_sizes(&node),
            node,
            pods: Vec::new(),
            requested: Resource::default(),
            non_zero_requested: Resource::default(),
            used_ports: Vec::new(),
            pods_with_affinity: 0,
            pods_with_required_anti_affinity: 0,
        }
    }

    /// The pods with pod affinity or anti-affinity.
    pub fn affinity_pods(&self) -> impl Iterator<Item = &PodInfo> + '_ {
        let any = self.pods_with_affinity > 0;
        self.pods
            .iter()
            .filter(move |p| any && p.affinity.is_some())
    }

    /// A node with the given pods (test and one-off helper).
    pub fn with_pods(node: impl Into<Arc<Node>>, pods: impl IntoIterator<Item = Pod>) -> NodeInfo {
        let mut n = NodeInfo::new(node);
        for p in pods {
            n.add_pod(Arc::new(p));
        }
        n
    }

    /// The node's name.
    pub fn name(&self) -> &str {
        &self.node.metadata.name
    }

    /// Replaces the node object (labels, taints, allocatable) and keeps the pods.
    pub fn set_node(&mut self, node: Arc<Node>) {
        self.allocatable = Resource::from_list(&node.status.allocatable);
        if node.status.images != self.node.status.images {
            self.image_sizes = image_sizes(&node);
        }
        self.node = node;
    }

    /// Adds a pod and updates the aggregates.
    pub fn add_pod(&mut self, pod: Arc<Pod>) {
        self.add_pod_info(PodInfo::new(pod));
    }

    /// Adds a precomputed pod.
    pub fn add_pod_info(&mut self, info: PodInfo) {
        self.requested.add(&info.requests);
        self.non_zero_requested.add(&info.non_zero_requests);
        for hp in &info.host_ports {
            match self.used_ports.iter_mut().find(|(u, _)| u == hp) {
                Some((_, n)) => *n += 1,
                None => self.used_ports.push((hp.clone(), 1)),
            }
        }
        if info.affinity.is_some() {
            self.pods_with_affinity += 1;
        }
        if info.has_required_anti_affinity() {
            self.pods_with_required_anti_affinity += 1;
        }
        self.pods.push(info);
    }

    /// Adds a pod at its place in key order ([`key_order`]) among the pods already there.
    pub fn insert_pod_in_key_order(&mut self, pod: Arc<Pod>) {
        self.insert_pod_info_in_key_order(PodInfo::new(pod));
    }

    /// Adds a precomputed pod at its place in key order ([`key_order`]).
    pub fn insert_pod_info_in_key_order(&mut self, info: PodInfo) {
        let at = self
            .pods
            .partition_point(|p| key_order(&p.pod, &info.pod).is_lt());
        self.add_pod_info(info);
        if let Some(info) = self.pods.pop() {
            self.pods.insert(at, info);
        }
    }

    /// Moves the pod `namespace/name` to the end of the list (the place of a pod just added).
    pub fn move_pod_to_end(&mut self, namespace: &str, name: &str) {
        if let Some(idx) = self
            .pods
            .iter()
            .position(|p| p.pod.metadata.namespace == namespace && p.pod.metadata.name == name)
        {
            let info = self.pods.remove(idx);
            self.pods.push(info);
        }
    }

    /// The pod on this node whose object is `object` or a copy of it (the same namespace
    /// and name), to update its object and whether it is terminating in place (at the same
    /// place on the node); the caller keeps its spec, so its requests and host ports stay
    /// as counted. A pod's view nearly always shares its object: that is looked for first,
    /// without reading any pod's names.
    pub fn pod_mut(&mut self, object: &Arc<Pod>) -> Option<&mut PodInfo> {
        let at = self.position_of_object(object)?;
        Some(&mut self.pods[at])
    }

    /// The place of the pod whose object is `object` or a copy of it, found first by the
    /// object itself, which a pod's view nearly always shares: then no pod's names are read.
    fn position_of_object(&self, object: &Arc<Pod>) -> Option<usize> {
        let shared = self.pods.iter().position(|p| Arc::ptr_eq(&p.pod, object));
        let meta = &object.metadata;
        shared.or_else(|| self.position_of(&meta.namespace, &meta.name))
    }

    /// The place of the pod `namespace/name`.
    fn position_of(&self, namespace: &str, name: &str) -> Option<usize> {
        self.pods
            .iter()
            .position(|p| p.pod.metadata.namespace == namespace && p.pod.metadata.name == name)
    }

    /// Whether the pods are in key order ([`key_order`]), as always outside a scheduling
    /// pass (which appends the pods it binds and sorts them back at its end).
    pub fn pods_in_key_order(&self) -> bool {
        self.pods
            .windows(2)
            .all(|w| key_order(&w[0].pod, &w[1].pod).is_lt())
    }

    /// Restores key order ([`key_order`]) of the pods.
    pub fn sort_pods_by_key(&mut self) {
        sort_stably_by(&mut self.pods, &|a, b| key_order(&a.pod, &b.pod));
    }

    /// Removes the pod `namespace/name`, returning it.
    pub fn remove_pod(&mut self, namespace: &str, name: &str) -> Option<PodInfo> {
        let at = self.position_of(namespace, name)?;
        Some(self.remove_pod_at(at))
    }

    /// [`NodeInfo::remove_pod`] of the pod whose object is `object` or a copy of it.
    pub fn remove_pod_object(&mut self, object: &Arc<Pod>) -> Option<PodInfo> {
        let at = self.position_of_object(object)?;
        Some(self.remove_pod_at(at))
    }

    /// Removes the pod at `at`, and what it counted for.
    fn remove_pod_at(&mut self, at: usize) -> PodInfo {
        let info = self.pods.remove(at);
        if info.affinity.is_some() {
            self.pods_with_affinity -= 1;
        }
        if info.has_required_anti_affinity() {
            self.pods_with_required_anti_affinity -= 1;
        }
        self.requested.sub(&info.requests);
        self.non_zero_requested.sub(&info.non_zero_requests);
        for hp in &info.host_ports {
            if let Some(at) = self.used_ports.iter().position(|(u, _)| u == hp) {
                self.used_ports[at].1 -= 1;
                if self.used_ports[at].1 == 0 {
                    self.used_ports.swap_remove(at);
                }
            }
        }
        info
    }

    /// `HostPortInfo.CheckConflict`: whether `wanted` clashes with a port in use
    /// (`0.0.0.0` clashes with every IP for the same protocol and port).
    pub fn port_conflict(&self, wanted: &HostPort) -> bool {
        if wanted.port <= 0 {
            return false;
        }
        self.used_ports.iter().any(|(u, _)| {
            u.protocol == wanted.protocol
                && u.port == wanted.port
                && (wanted.ip == BIND_ALL_HOST_IP || u.ip == BIND_ALL_HOST_IP || u.ip == wanted.ip)
        })
    }

    /// The pod on this node that holds a clashing host port, if any (for explanations).
    pub fn port_holder(&self, wanted: &HostPort) -> Option<&Pod> {
        self.pods
            .iter()
            .find(|p| {
                p.host_ports.iter().any(|u| {
                    u.protocol == wanted.protocol
                        && u.port == wanted.port
                        && (wanted.ip == BIND_ALL_HOST_IP
                            || u.ip == BIND_ALL_HOST_IP
                            || u.ip == wanted.ip)
                })
            })
            .map(|p| p.pod.as_ref())
    }
}

impl Named for NodeInfo {
    fn name(&self) -> &str {
        NodeInfo::name(self)
    }
}

/// A pod waiting for a node it has been nominated to after preemption.
#[derive(Clone, Debug, PartialEq)]
pub struct NominatedPod {
    /// The pod (not bound).
    pub info: PodInfo,
    /// `status.nominatedNodeName`.
    pub node: String,
}

/// Whether a pod is terminal (Succeeded or Failed); the scheduler's cache drops those.
pub fn is_terminal(pod: &Pod) -> bool {
    matches!(
        pod.status.phase.as_deref(),
        Some("Succeeded") | Some("Failed")
    )
}

/// The whole cluster as the scheduler sees it, maintained incrementally: nodes by name
/// (O(log n) lookup, insert and removal), each with its bound pods and aggregates, plus
/// nominated pods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterSnapshot {
    nodes: NameTable<NodeInfo>,
    nominated: Vec<NominatedPod>,
    /// The label selectors of the ReplicaSets (`namespace/name`), for the default topology
    /// spread constraints (upstream's `DefaultSelector` reads the ReplicaSet lister).
    replica_set_selectors: BTreeMap<String, LabelSelector>,
    /// The nodes with a pod that has pod affinity or anti-affinity (upstream's
    /// `HavePodsWithAffinityList`).
    with_affinity: BTreeSet<String>,
    /// The nodes with a pod that has required pod anti-affinity
    /// (`HavePodsWithRequiredAntiAffinityList`).
    with_required_anti_affinity: BTreeSet<String>,
    /// How many nodes report each image name (ImageLocality's spread).
    image_nodes: BTreeMap<String, usize>,
    /// The PodDisruptionBudgets preemption weighs.
    pod_disruption_budgets: Vec<Arc<PodDisruptionBudget>>,
}

impl ClusterSnapshot {
    /// The PodDisruptionBudgets preemption weighs (the scheduler's PDB lister).
    pub fn pod_disruption_budgets(&self) -> &[Arc<PodDisruptionBudget>] {
        &self.pod_disruption_budgets
    }

    /// Replaces the PodDisruptionBudgets (the store keeps them in step with its writes).
    pub fn set_pod_disruption_budgets(&mut self, budgets: Vec<Arc<PodDisruptionBudget>>) {
        self.pod_disruption_budgets = budgets;
    }

    /// Builds a snapshot: bound, non-terminal pods go to their node (pods bound to an
    /// unknown node are ignored); unbound pods with `status.nominatedNodeName` become
    /// nominated pods. A repeated node name keeps the first node.
    pub fn new(nodes: &[Node], pods: &[Pod]) -> ClusterSnapshot {
        let mut snap = ClusterSnapshot::default();
        // In name order (a stable sort keeps the first of a repeated name first), so that
        // each node goes at the end of the table.
        let mut sorted: Vec<&Node> = nodes.iter().collect();
        sort_stably_by(&mut sorted, &|a, b| a.metadata.name.cmp(&b.metadata.name));
        for n in sorted {
            if !snap.nodes.contains_key(&n.metadata.name) {
                snap.upsert_node(Arc::new(n.clone()));
            }
        }
        for p in pods {
            snap.add_pod(Arc::new(p.clone()));
        }
        snap
    }

    /// The nodes, sorted by name.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = &NodeInfo> + '_ {
        self.nodes.values()
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node named `name`.
    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        self.nodes.get(name)
    }

    /// The node named `name`, mutable.
    pub fn node_mut(&mut self, name: &str) -> Option<&mut NodeInfo> {
        self.nodes.get_mut(name)
    }

    /// Adds a node or replaces the node object of an existing one (its pods are kept).
    pub fn upsert_node(&mut self, node: Arc<Node>) {
        match self.nodes.get_mut(&node.metadata.name) {
            Some(n) => {
                if n.node.status.images == node.status.images {
                    n.set_node(node);
                    return;
                }
                let old = std::mem::take(&mut n.image_sizes);
                n.set_node(node);
                let new = n.image_sizes.clone();
                self.count_images(&old, -1);
                self.count_images(&new, 1);
            }
            None => {
                let info = NodeInfo::new(node);
                let images = info.image_sizes.clone();
                self.nodes.insert(info);
                self.count_images(&images, 1);
            }
        }
    }

    /// Counts (or, with `delta` -1, uncounts) a node's image names.
    fn count_images(&mut self, images: &BTreeMap<String, i64>, delta: isize) {
        for name in images.keys() {
            match self.image_nodes.get_mut(name) {
                Some(n) => {
                    *n = n.saturating_add_signed(delta);
                    if *n == 0 {
                        self.image_nodes.remove(name);
                    }
                }
                None if delta > 0 => {
                    self.image_nodes.insert(name.clone(), 1);
                }
                None => {}
            }
        }
    }

    /// How many nodes report the image `name`.
    pub fn image_node_count(&self, name: &str) -> usize {
        self.image_nodes.get(name).copied().unwrap_or(0)
    }

    /// Removes a node and its pods.
    pub fn remove_node(&mut self, name: &str) -> Option<NodeInfo> {
        self.with_affinity.remove(name);
        self.with_required_anti_affinity.remove(name);
        let gone = self.nodes.remove(name)?;
        self.count_images(&gone.image_sizes, -1);
        Some(gone)
    }

    /// Records whether node `name` has pods with (anti-)affinity after its pods changed.
    fn index_affinity(&mut self, name: &str) {
        let Some(n) = self.nodes.get(name) else {
            return;
        };
        for (set, count) in [
            (&mut self.with_affinity, n.pods_with_affinity),
            (
                &mut self.with_required_anti_affinity,
                n.pods_with_required_anti_affinity,
            ),
        ] {
            if count > 0 {
                if !set.contains(name) {
                    set.insert(name.to_string());
                }
            } else {
                set.remove(name);
            }
        }
    }

    /// The nodes with a pod that has pod affinity or anti-affinity, by name.
    pub fn nodes_with_affinity(&self) -> impl Iterator<Item = &NodeInfo> + '_ {
        self.with_affinity.iter().filter_map(|n| self.nodes.get(n))
    }

    /// The nodes with a pod that has required pod anti-affinity, by name.
    pub fn nodes_with_required_anti_affinity(&self) -> impl Iterator<Item = &NodeInfo> + '_ {
        self.with_required_anti_affinity
            .iter()
            .filter_map(|n| self.nodes.get(n))
    }

    /// Adds a pod: bound pods to their node, unbound nominated pods to the nominated list.
    /// Terminal pods are ignored. Returns whether the pod was recorded.
    pub fn add_pod(&mut self, pod: Arc<Pod>) -> bool {
        self.add_pod_info(PodInfo::new(pod))
    }

    /// [`ClusterSnapshot::add_pod`] of a precomputed pod.
    pub fn add_pod_info(&mut self, info: PodInfo) -> bool {
        let pod = &info.pod;
        if is_terminal(pod) {
            return false;
        }
        if !pod.spec.node_name.is_empty() {
            let name = pod.spec.node_name.clone();
            let with_affinity = pod.spec.affinity.is_some();
            return match self.node_mut(&name) {
                Some(n) => {
                    n.add_pod_info(info);
                    if with_affinity {
                        self.index_affinity(&name);
                    }
                    true
                }
                None => false,
            };
        }
        match pod.status.nominated_node_name.clone() {
            Some(node) if !node.is_empty() => {
                self.nominated.push(NominatedPod { info, node });
                true
            }
            _ => false,
        }
    }

    /// Like [`ClusterSnapshot::add_pod`], but a pod goes to its place in key order
    /// ([`key_order`]) on its node or in the nominated list, so that a snapshot maintained
    /// change by change lists pods exactly as one built from scratch.
    pub fn insert_pod_in_key_order(&mut self, pod: Arc<Pod>) -> bool {
        self.insert_pod_info_in_key_order(PodInfo::new(pod))
    }

    /// [`ClusterSnapshot::insert_pod_in_key_order`] of a precomputed pod.
    pub fn insert_pod_info_in_key_order(&mut self, info: PodInfo) -> bool {
        let pod = &info.pod;
        if is_terminal(pod) {
            return false;
        }
        if !pod.spec.node_name.is_empty() {
            let name = pod.spec.node_name.clone();
            let with_affinity = pod.spec.affinity.is_some();
            return match self.node_mut(&name) {
                Some(n) => {
                    n.insert_pod_info_in_key_order(info);
                    if with_affinity {
                        self.index_affinity(&name);
                    }
                    true
                }
                None => false,
            };
        }
        match pod.status.nominated_node_name.clone() {
            Some(node) if !node.is_empty() => {
                let at = self
                    .nominated
                    .partition_point(|p| key_order(&p.info.pod, pod).is_lt());
                self.nominated.insert(at, NominatedPod { info, node });
                true
            }
            _ => false,
        }
    }

    /// Removes the pod `namespace/name` from its node or from the nominated list.
    pub fn remove_pod(&mut self, namespace: &str, name: &str, node_name: &str) -> bool {
        let meta = |p: &Pod| p.metadata.namespace == namespace && p.metadata.name == name;
        self.remove_pod_where(node_name, |n| n.remove_pod(namespace, name), meta)
    }

    /// [`ClusterSnapshot::remove_pod`] of the pod whose object is `object` or a copy of it
    /// (a pod's view nearly always shares its object: found by it, no names are read).
    pub fn remove_pod_object(&mut self, object: &Arc<Pod>, node_name: &str) -> bool {
        let meta = &object.metadata;
        let same = |p: &Pod| p.metadata.namespace == meta.namespace && p.metadata.name == meta.name;
        self.remove_pod_where(node_name, |n| n.remove_pod_object(object), same)
    }

    /// Removes a pod from the node `node_name` with `remove`, else the nominated pod that
    /// is `same`.
    fn remove_pod_where(
        &mut self,
        node_name: &str,
        remove: impl FnOnce(&mut NodeInfo) -> Option<PodInfo>,
        same: impl Fn(&Pod) -> bool,
    ) -> bool {
        if let Some(n) = self.node_mut(node_name) {
            if let Some(gone) = remove(n) {
                if gone.affinity.is_some() {
                    self.index_affinity(node_name);
                }
                return true;
            }
        }
        let before = self.nominated.len();
        self.nominated.retain(|p| !same(&p.info.pod));
        before != self.nominated.len()
    }

    /// Records (or, with `None`, forgets) the selector of the ReplicaSet `namespace/name`.
    pub fn set_replica_set_selector(
        &mut self,
        namespace: &str,
        name: &str,
        selector: Option<LabelSelector>,
    ) {
        let key = format!("{namespace}/{name}");
        match selector {
            Some(sel) => {
                self.replica_set_selectors.insert(key, sel);
            }
            None => {
                self.replica_set_selectors.remove(&key);
            }
        }
    }

    /// `helper.DefaultSelector`: the selector of the ReplicaSet that controls `pod`
    /// (kubeplay has no Services, ReplicationControllers or StatefulSets); empty when there
    /// is none.
    pub fn default_spread_selector(&self, pod: &Pod) -> Selector {
        match controller_of(&pod.metadata.owner_references) {
            Some(o) if o.kind == "ReplicaSet" && o.api_version == "apps/v1" => {
                let key = format!("{}/{}", pod.metadata.namespace, o.name);
                match self.replica_set_selectors.get(&key) {
                    // `selector.Add(requirements...)`: a selector that does not convert adds
                    // nothing.
                    Some(sel) => match Selector::of(Some(sel)) {
                        Selector::Nothing => Selector::everything(),
                        s => s,
                    },
                    None => Selector::everything(),
                }
            }
            _ => Selector::everything(),
        }
    }

    /// The nominated pods.
    pub fn nominated(&self) -> &[NominatedPod] {
        &self.nominated
    }

    /// Nominated pods on `node` with priority ≥ `pod`'s, other than `pod` itself
    /// (`addGENominatedPods`).
    pub fn ge_nominated_pods<'a>(
        &'a self,
        pod: &'a Pod,
        node: &'a str,
    ) -> impl Iterator<Item = &'a PodInfo> + 'a {
        let prio = pod_priority(pod);
        self.nominated
            .iter()
            .filter(move |n| {
                n.node == node && n.info.priority() >= prio && !same_pod(&n.info.pod, pod)
            })
            .map(|n| &n.info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Container, ContainerPort, Quantity};

    fn pod_on(name: &str, node: &str, cpu: &str, port: i32) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = "default".into();
        p.spec.node_name = node.into();
        let mut c = Container::default();
        c.resources
            .requests
            .insert("cpu".into(), Quantity::parse(cpu).expect("valid"));
        if port > 0 {
            c.ports.push(ContainerPort {
                host_port: port,
                container_port: port,
                ..Default::default()
            });
        }
        p.spec.containers.push(c);
        p
    }

    fn node(name: &str) -> Node {
        let mut n = Node::default();
        n.metadata.name = name.into();
        n
    }

    #[test]
    fn aggregates_follow_adds_and_removes() {
        let mut snap = ClusterSnapshot::new(&[node("b"), node("a")], &[]);
        assert_eq!(snap.nodes().next().map(NodeInfo::name), Some("a"));
        assert!(snap.add_pod(Arc::new(pod_on("p1", "a", "100m", 80))));
        assert!(snap.add_pod(Arc::new(pod_on("p2", "a", "200m", 80))));
        assert!(!snap.add_pod(Arc::new(pod_on("p3", "missing", "1", 0))));
        let a = snap.node("a").expect("node a");
        assert_eq!(a.requested.milli_cpu, 300);
        let want = HostPort {
            ip: BIND_ALL_HOST_IP.into(),
            protocol: "TCP".into(),
            port: 80,
        };
        assert!(a.port_conflict(&want));
        assert!(snap.remove_pod("default", "p1", "a"));
        assert!(
            snap.node("a").is_some_and(|a| a.port_conflict(&want)),
            "still used by p2"
        );
        assert!(snap.remove_pod("default", "p2", "a"));
        let a = snap.node("a").expect("node a");
        assert_eq!(a.requested.milli_cpu, 0);
        assert!(!a.port_conflict(&want));
    }

    /// A pod's view shares its object or is a copy of it with the phase written in: either
    /// way the pod found (and removed) by its object is the pod of that name.
    #[test]
    fn a_pod_is_found_by_its_object_whether_shared_or_copied() {
        let shared = Arc::new(pod_on("p1", "a", "100m", 0));
        let copied = Arc::new(pod_on("p2", "a", "200m", 0));
        let mut snap = ClusterSnapshot::new(&[node("a")], &[]);
        assert!(snap.add_pod(Arc::clone(&shared)));
        assert!(snap.add_pod(Arc::new((*copied).clone())));
        for (object, name) in [(&shared, "p1"), (&copied, "p2")] {
            let info = snap.node_mut("a").and_then(|a| a.pod_mut(object));
            assert_eq!(info.map(|i| i.pod.metadata.name.as_str()), Some(name));
        }
        assert!(snap.remove_pod_object(&copied, "a"), "found by its names");
        assert!(snap.remove_pod_object(&shared, "a"), "found by its object");
        let a = snap.node("a").expect("node a");
        assert_eq!(
            a.requested.milli_cpu, 0,
            "both gone, with what they counted"
        );
        assert!(!snap.remove_pod_object(&shared, "a"), "gone already");
    }

    #[test]
    fn the_nodes_with_anti_affinity_pods_are_indexed_as_pods_come_and_go() {
        use crate::engine::api::types::{Affinity, LabelSelector, PodAffinity, PodAffinityTerm};
        let mut guarded = pod_on("g", "a", "100m", 0);
        guarded.spec.affinity = Some(Affinity {
            pod_anti_affinity: Some(PodAffinity {
                required: vec![PodAffinityTerm {
                    label_selector: Some(LabelSelector::default()),
                    topology_key: "zone".into(),
                    ..Default::default()
                }],
                preferred: Vec::new(),
            }),
            ..Default::default()
        });
        let mut snap = ClusterSnapshot::new(&[node("a"), node("b")], &[pod_on("p", "b", "1", 0)]);
        let names = |s: &ClusterSnapshot| -> Vec<String> {
            s.nodes_with_required_anti_affinity()
                .map(|n| n.name().to_string())
                .collect()
        };
        assert!(names(&snap).is_empty());
        assert!(snap.insert_pod_in_key_order(Arc::new(guarded.clone())));
        assert_eq!(names(&snap), ["a"]);
        assert_eq!(snap.nodes_with_affinity().count(), 1);
        assert_eq!(
            snap,
            ClusterSnapshot::new(
                &[node("a"), node("b")],
                &[guarded, pod_on("p", "b", "1", 0)]
            ),
            "the same as built from scratch"
        );
        assert!(snap.remove_pod("default", "g", "a"));
        assert!(names(&snap).is_empty());
        assert_eq!(snap.nodes_with_affinity().count(), 0);
    }

    #[test]
    fn image_spread_follows_node_updates_and_removals() {
        use crate::engine::api::types::ContainerImage;
        let with = |name: &str, images: &[&str]| {
            let mut n = node(name);
            n.status.images = images
                .iter()
                .map(|i| ContainerImage {
                    names: vec![i.to_string()],
                    size_bytes: 1,
                })
                .collect();
            n
        };
        let mut snap =
            ClusterSnapshot::new(&[with("a", &["x:1", "y:1"]), with("b", &["x:1"])], &[]);
        assert_eq!(
            (snap.image_node_count("x:1"), snap.image_node_count("y:1")),
            (2, 1)
        );
        snap.upsert_node(Arc::new(with("b", &["y:1"])));
        assert_eq!(
            (snap.image_node_count("x:1"), snap.image_node_count("y:1")),
            (1, 2)
        );
        assert!(snap.remove_node("a").is_some());
        assert_eq!(
            (snap.image_node_count("x:1"), snap.image_node_count("y:1")),
            (0, 1)
        );
        assert_eq!(snap, ClusterSnapshot::new(&[with("b", &["y:1"])], &[]));
    }

    /// Upstream's `addNodeImageStates` creates an image's state at its first name on the
    /// node and never overwrites it.
    #[test]
    fn a_name_listed_twice_keeps_its_first_size() {
        use crate::engine::api::types::ContainerImage;
        let mut n = node("a");
        n.status.images = [(vec!["x:1", "x:2"], 10), (vec!["x:1"], 20)]
            .into_iter()
            .map(|(names, size_bytes)| ContainerImage {
                names: names.into_iter().map(String::from).collect(),
                size_bytes,
            })
            .collect();
        let info = NodeInfo::new(Arc::new(n));
        assert_eq!(info.image_sizes.get("x:1"), Some(&10));
        assert_eq!(info.image_sizes.get("x:2"), Some(&10));
    }

    #[test]
    fn upsert_keeps_nodes_sorted_and_pods() {
        let mut snap = ClusterSnapshot::new(&[node("a"), node("c")], &[pod_on("p", "c", "1", 0)]);
        snap.upsert_node(Arc::new(node("b")));
        let names: Vec<&str> = snap.nodes().map(NodeInfo::name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(snap.node("c").map(|n| n.pods.len()), Some(1));
        assert!(snap.remove_node("b").is_some());
        assert_eq!(snap.node("c").map(|n| n.requested.milli_cpu), Some(1000));
    }
}

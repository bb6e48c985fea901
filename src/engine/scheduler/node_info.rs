//! The scheduler's view of the cluster: one [`NodeInfo`] per node with the pods assigned to
//! it and per-node aggregates (requested resources, used host ports), kept incrementally in
//! a [`ClusterSnapshot`] so that a filter never rescans pods.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::engine::api::{Node, Pod, PodDisruptionBudget};

use super::resources::{pod_non_zero_requests, pod_requests, Resource};

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
}

impl PodInfo {
    /// Precomputes the aggregates of a pod.
    pub fn new(pod: Arc<Pod>) -> PodInfo {
        PodInfo {
            requests: pod_requests(&pod),
            non_zero_requests: pod_non_zero_requests(&pod),
            host_ports: pod_host_ports(&pod),
            pod,
        }
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
    /// The node.
    pub node: Node,
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
}

impl NodeInfo {
    /// A node with no pods.
    pub fn new(node: Node) -> NodeInfo {
        NodeInfo {
            allocatable: Resource::from_list(&node.status.allocatable),
            node,
            pods: Vec::new(),
            requested: Resource::default(),
            non_zero_requested: Resource::default(),
            used_ports: Vec::new(),
        }
    }

    /// A node with the given pods (test and one-off helper).
    pub fn with_pods(node: Node, pods: impl IntoIterator<Item = Pod>) -> NodeInfo {
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
    pub fn set_node(&mut self, node: Node) {
        self.allocatable = Resource::from_list(&node.status.allocatable);
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
        self.pods.push(info);
    }

    /// Adds a pod at its place in key order ([`key_order`]) among the pods already there.
    pub fn insert_pod_in_key_order(&mut self, pod: Arc<Pod>) {
        let at = self
            .pods
            .partition_point(|p| key_order(&p.pod, &pod).is_lt());
        let info = PodInfo::new(pod);
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

    /// Whether the pods are in key order ([`key_order`]), as always outside a scheduling
    /// pass (which appends the pods it binds and sorts them back at its end).
    pub fn pods_in_key_order(&self) -> bool {
        self.pods
            .windows(2)
            .all(|w| key_order(&w[0].pod, &w[1].pod).is_lt())
    }

    /// Restores key order ([`key_order`]) of the pods.
    pub fn sort_pods_by_key(&mut self) {
        self.pods.sort_by(|a, b| key_order(&a.pod, &b.pod));
    }

    /// Removes the pod `namespace/name`, returning it.
    pub fn remove_pod(&mut self, namespace: &str, name: &str) -> Option<PodInfo> {
        let idx = self
            .pods
            .iter()
            .position(|p| p.pod.metadata.namespace == namespace && p.pod.metadata.name == name)?;
        let info = self.pods.remove(idx);
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
        Some(info)
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
    nodes: BTreeMap<String, NodeInfo>,
    nominated: Vec<NominatedPod>,
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
        for n in nodes {
            snap.nodes
                .entry(n.metadata.name.clone())
                .or_insert_with(|| NodeInfo::new(n.clone()));
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
    pub fn upsert_node(&mut self, node: Node) {
        match self.nodes.get_mut(&node.metadata.name) {
            Some(n) => n.set_node(node),
            None => {
                self.nodes
                    .insert(node.metadata.name.clone(), NodeInfo::new(node));
            }
        }
    }

    /// Removes a node and its pods.
    pub fn remove_node(&mut self, name: &str) -> Option<NodeInfo> {
        self.nodes.remove(name)
    }

    /// Adds a pod: bound pods to their node, unbound nominated pods to the nominated list.
    /// Terminal pods are ignored. Returns whether the pod was recorded.
    pub fn add_pod(&mut self, pod: Arc<Pod>) -> bool {
        if is_terminal(&pod) {
            return false;
        }
        if !pod.spec.node_name.is_empty() {
            let name = pod.spec.node_name.clone();
            return match self.node_mut(&name) {
                Some(n) => {
                    n.add_pod(pod);
                    true
                }
                None => false,
            };
        }
        match pod.status.nominated_node_name.clone() {
            Some(node) if !node.is_empty() => {
                self.nominated.push(NominatedPod {
                    info: PodInfo::new(pod),
                    node,
                });
                true
            }
            _ => false,
        }
    }

    /// Like [`ClusterSnapshot::add_pod`], but a pod goes to its place in key order
    /// ([`key_order`]) on its node or in the nominated list, so that a snapshot maintained
    /// change by change lists pods exactly as one built from scratch.
    pub fn insert_pod_in_key_order(&mut self, pod: Arc<Pod>) -> bool {
        if is_terminal(&pod) {
            return false;
        }
        if !pod.spec.node_name.is_empty() {
            let name = pod.spec.node_name.clone();
            return match self.node_mut(&name) {
                Some(n) => {
                    n.insert_pod_in_key_order(pod);
                    true
                }
                None => false,
            };
        }
        match pod.status.nominated_node_name.clone() {
            Some(node) if !node.is_empty() => {
                let at = self
                    .nominated
                    .partition_point(|p| key_order(&p.info.pod, &pod).is_lt());
                self.nominated.insert(
                    at,
                    NominatedPod {
                        info: PodInfo::new(pod),
                        node,
                    },
                );
                true
            }
            _ => false,
        }
    }

    /// The object of the pod `namespace/name` bound to `node`, to update in place (at the
    /// same place on its node); the caller keeps its spec, so its requests and host ports
    /// stay as counted. `None` when the pod is not on that node.
    pub fn pod_object_mut(
        &mut self,
        node: &str,
        namespace: &str,
        name: &str,
    ) -> Option<&mut Arc<Pod>> {
        let node = self.nodes.get_mut(node)?;
        let info = node
            .pods
            .iter_mut()
            .find(|p| p.pod.metadata.namespace == namespace && p.pod.metadata.name == name)?;
        Some(&mut info.pod)
    }

    /// Removes the pod `namespace/name` from its node or from the nominated list.
    pub fn remove_pod(&mut self, namespace: &str, name: &str, node_name: &str) -> bool {
        if let Some(n) = self.node_mut(node_name) {
            if n.remove_pod(namespace, name).is_some() {
                return true;
            }
        }
        let before = self.nominated.len();
        self.nominated.retain(|p| {
            !(p.info.pod.metadata.namespace == namespace && p.info.pod.metadata.name == name)
        });
        before != self.nominated.len()
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

    #[test]
    fn upsert_keeps_nodes_sorted_and_pods() {
        let mut snap = ClusterSnapshot::new(&[node("a"), node("c")], &[pod_on("p", "c", "1", 0)]);
        snap.upsert_node(node("b"));
        let names: Vec<&str> = snap.nodes().map(NodeInfo::name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(snap.node("c").map(|n| n.pods.len()), Some(1));
        assert!(snap.remove_node("b").is_some());
        assert_eq!(snap.node("c").map(|n| n.requested.milli_cpu), Some(1000));
    }
}

//! The default profile's filter (and score) plugins that decide node placement, one module
//! per upstream plugin, each with its reason strings verbatim, its filter and the
//! explanation of its verdict; [`helper`] holds the score normalization they share.

pub mod helper;
pub mod image_locality;
pub mod inter_pod_affinity;
pub mod node_affinity;
pub mod node_name;
pub mod node_ports;
pub mod node_resources_fit;
pub mod node_unschedulable;
pub mod pod_topology_spread;
pub mod resource_allocation;
pub mod taint_toleration;

#[cfg(test)]
pub(crate) mod testutil {
    //! Tiny builders for the plugin tables, as upstream's `st.MakePod()` / `st.MakeNode()`.

    use crate::engine::api::types::{LabelSelector, PodAffinityTerm, SelectorRequirement};
    use crate::engine::api::{
        Container, ContainerPort, Node, Pod, Quantity, ResourceList, Taint, TaintEffect,
        Toleration, TolerationOperator,
    };
    use crate::engine::scheduler::explanation::{Asker, ExplainFn, Text, Verdict};
    use crate::engine::scheduler::framework::{CycleState, Status};
    use crate::engine::scheduler::node_info::NodeInfo;

    pub fn node(name: &str) -> Node {
        let mut n = Node::default();
        n.metadata.name = name.into();
        n
    }

    pub fn node_with_labels(name: &str, labels: &[(&str, &str)]) -> Node {
        let mut n = node(name);
        n.metadata.labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        n
    }

    pub fn taint(key: &str, value: &str, effect: TaintEffect) -> Taint {
        Taint {
            key: key.into(),
            value: value.into(),
            effect,
            time_added: None,
        }
    }

    pub fn node_with_taints(name: &str, taints: Vec<Taint>) -> Node {
        let mut n = node(name);
        n.spec.taints = taints;
        n
    }

    pub fn toleration(
        key: &str,
        op: TolerationOperator,
        value: &str,
        effect: Option<TaintEffect>,
    ) -> Toleration {
        Toleration {
            key: key.into(),
            operator: Some(op),
            value: value.into(),
            effect,
            toleration_seconds: None,
        }
    }

    pub fn pod(name: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = "default".into();
        p
    }

    pub fn pod_with_tolerations(tolerations: Vec<Toleration>) -> Pod {
        let mut p = pod("p");
        p.spec.tolerations = tolerations.into();
        p
    }

    pub fn list(pairs: &[(&str, &str)]) -> ResourceList {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Quantity::parse(v).expect("valid quantity")))
            .collect()
    }

    pub fn container(reqs: &[(&str, &str)]) -> Container {
        let mut c = Container::default();
        c.resources.requests = list(reqs);
        c
    }

    pub fn pod_with_requests(name: &str, containers: &[&[(&str, &str)]]) -> Pod {
        let mut p = pod(name);
        p.spec.containers = containers.iter().map(|r| container(r)).collect();
        p
    }

    pub fn pod_with_ports(ports: &[(&str, &str, i32)]) -> Pod {
        let mut p = pod("p");
        let c = Container {
            ports: ports
                .iter()
                .map(|(proto, ip, port)| ContainerPort {
                    protocol: proto.to_string(),
                    host_ip: ip.to_string(),
                    host_port: *port,
                    container_port: *port,
                    name: None,
                })
                .collect(),
            ..Default::default()
        };
        p.spec.containers.push(c);
        p
    }

    pub fn selector(key: &str, op: &str, values: &[&str]) -> LabelSelector {
        LabelSelector {
            match_labels: Default::default(),
            match_expressions: vec![SelectorRequirement {
                key: key.into(),
                operator: op.into(),
                values: values.iter().map(|v| v.to_string()).collect(),
            }],
        }
    }

    pub fn term(sel: LabelSelector, topology_key: &str) -> PodAffinityTerm {
        PodAffinityTerm {
            label_selector: Some(sel),
            topology_key: topology_key.into(),
            ..Default::default()
        }
    }

    pub fn labelled(name: &str, labels: &[(&str, &str)]) -> Pod {
        let mut p = pod(name);
        p.metadata.labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        p
    }

    pub fn on(mut p: Pod, node: &str) -> Pod {
        p.spec.node_name = node.into();
        p
    }

    pub fn in_namespace(mut p: Pod, ns: &str) -> Pod {
        p.metadata.namespace = ns.into();
        p
    }

    pub fn node_with_allocatable(name: &str, alloc: &[(&str, &str)]) -> Node {
        let mut n = node(name);
        n.status.allocatable = list(alloc);
        n
    }

    /// The explanation `explain` gives for `filter`'s verdict on `pod` and `node`, as `asker`
    /// sees it (the pod counts as no daemon pod).
    pub fn explained(
        filter: fn(&CycleState, &NodeInfo) -> Status,
        explain: ExplainFn,
        pod: &Pod,
        node: &NodeInfo,
        asker: Asker,
    ) -> Text {
        let state = CycleState::new(pod);
        let status = filter(&state, node);
        explain(&Verdict {
            state: &state,
            node,
            status: &status,
            asker,
            added_by_daemon_set_controller: &|_| false,
        })
    }
}

//! The default scenario (`scenarios/default.yaml`): the tutorial's fluentd-elasticsearch
//! DaemonSet on one control-plane node with its `NoSchedule` taint and three workers. The
//! playground opens with it, and the command line uses its nodes when an input has none.

use crate::engine::api::{
    Condition, Node, ObjectMeta, ResourceList, StringMap, Taint, TaintEffect,
};

/// The default scenario's YAML text.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/default.yaml");

/// The default cluster: the nodes of the default scenario.
pub fn default_cluster() -> Vec<Node> {
    crate::engine::yaml::load(DEFAULT_SCENARIO).objects.nodes
}

/// The label and taint key of a control-plane node (kubeadm's).
const CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";

/// A node as it registers: the kubelet's `kubernetes.io/hostname`, `os` (linux) and `arch`
/// (amd64) labels, Ready, with `capacity` all allocatable; a control-plane node also has
/// kubeadm's `node-role.kubernetes.io/control-plane` label and `NoSchedule` taint.
pub fn new_node(name: &str, control_plane: bool, capacity: ResourceList) -> Node {
    let mut labels = StringMap::from([
        ("kubernetes.io/hostname".to_owned(), name.to_owned()),
        ("kubernetes.io/os".to_owned(), "linux".to_owned()),
        ("kubernetes.io/arch".to_owned(), "amd64".to_owned()),
    ]);
    let mut node = Node::default();
    if control_plane {
        labels.insert(CONTROL_PLANE.to_owned(), String::new());
        node.spec.taints.push(Taint {
            key: CONTROL_PLANE.to_owned(),
            value: String::new(),
            effect: TaintEffect::NoSchedule,
            time_added: None,
        });
    }
    node.metadata = ObjectMeta {
        name: name.to_owned(),
        labels,
        ..ObjectMeta::default()
    };
    node.status.allocatable = capacity.clone();
    node.status.capacity = capacity;
    node.status.conditions.push(Condition {
        type_: "Ready".into(),
        status: "True".into(),
        ..Condition::default()
    });
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::taint_text::format_taint;

    #[test]
    fn default_cluster_loads_without_diagnostics() {
        let loaded = crate::engine::yaml::load(DEFAULT_SCENARIO);
        assert_eq!(loaded.diagnostics.len(), 0, "{:?}", loaded.diagnostics);
        let names: Vec<String> = loaded
            .objects
            .nodes
            .iter()
            .map(|n| n.metadata.name.clone())
            .collect();
        assert_eq!(names, ["control-plane", "worker-1", "worker-2", "worker-3"]);
        assert_eq!(loaded.objects.nodes[0].spec.taints.len(), 1);
    }

    #[test]
    fn a_new_node_registers_with_the_kubelets_labels_and_a_control_plane_gets_kubeadms_taint() {
        let capacity = ResourceList::from([(
            "cpu".to_owned(),
            crate::engine::api::Quantity::parse("2").expect("a quantity"),
        )]);
        // (case, control plane, labels, taints)
        let cases: [(&str, bool, &[&str], &[&str]); 2] = [
            (
                "a worker has the kubelet's labels and no taint",
                false,
                &[
                    "kubernetes.io/arch=amd64",
                    "kubernetes.io/hostname=n",
                    "kubernetes.io/os=linux",
                ],
                &[],
            ),
            (
                "a control-plane node has kubeadm's role label and NoSchedule taint",
                true,
                &[
                    "kubernetes.io/arch=amd64",
                    "kubernetes.io/hostname=n",
                    "kubernetes.io/os=linux",
                    "node-role.kubernetes.io/control-plane=",
                ],
                &["node-role.kubernetes.io/control-plane:NoSchedule"],
            ),
        ];
        for (name, control_plane, labels, taints) in cases {
            let node = new_node("n", control_plane, capacity.clone());
            let got: Vec<String> = node
                .metadata
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            assert_eq!(got, labels, "{name}");
            let got: Vec<String> = node.spec.taints.iter().map(format_taint).collect();
            assert_eq!(got, taints, "{name}");
            assert_eq!(node.status.allocatable, capacity, "{name}");
            assert_eq!(node.status.capacity, capacity, "{name}");
            let ready: Vec<(&str, &str)> = node
                .status
                .conditions
                .iter()
                .map(|c| (c.type_.as_str(), c.status.as_str()))
                .collect();
            assert_eq!(ready, [("Ready", "True")], "{name}");
        }
    }
}

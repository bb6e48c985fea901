//! The default scenario (`scenarios/default.yaml`): the tutorial's fluentd-elasticsearch
//! DaemonSet on one control-plane node with its `NoSchedule` taint and three workers. The
//! playground opens with it, and the command line and the JavaScript API use its nodes when
//! an input has no Node objects at all and does not state an empty node list.

use crate::engine::api::{
    Condition, Node, ObjectMeta, ResourceList, StringMap, Taint, TaintEffect,
};
use crate::engine::diagnostic::{Diagnostic, Severity};
use crate::engine::yaml::Objects;

/// The default scenario's YAML text.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/default.yaml");

/// The default cluster: the nodes of the default scenario.
pub fn default_cluster() -> Vec<Node> {
    crate::engine::yaml::load(DEFAULT_SCENARIO).objects.nodes
}

/// Whether the default cluster fills in for `objects`: only when they hold no Node at all
/// and the text did not state an empty node list (`kind: NodeList` or `kind: List` with
/// `items: []`), which means a cluster without nodes.
pub fn fills_in(objects: &Objects) -> bool {
    objects.nodes.is_empty() && !objects.nodes_stated
}

/// Puts the default cluster's nodes into `objects` when [`fills_in`], and returns the
/// warning that says so.
pub fn fill_in_default_cluster(objects: &mut Objects) -> Option<Diagnostic> {
    if !fills_in(objects) {
        return None;
    }
    objects.nodes = default_cluster();
    Some(default_cluster_warning())
}

/// The warning that the default cluster fills in, with how to state a cluster without nodes.
pub fn default_cluster_warning() -> Diagnostic {
    let nodes = default_cluster();
    let names: Vec<&str> = nodes.iter().map(|n| n.metadata.name.as_str()).collect();
    Diagnostic {
        severity: Severity::Warning,
        message: format!(
            "no nodes in the input: using the default cluster of {} nodes ({})",
            names.len(),
            names.join(", ")
        ),
        path: None,
        object: None,
        line: 1,
        column: 1,
        hint: Some(
            "to simulate a cluster without nodes, state an empty node list: `apiVersion: v1`, `kind: NodeList`, `items: []`"
                .into(),
        ),
    }
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
    fn the_default_cluster_fills_in_only_for_an_input_that_states_no_nodes() {
        const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n";
        const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: solo}\n";
        let cases: Vec<(&str, String, Option<usize>)> = vec![
            ("an empty text gets the default cluster", String::new(), Some(4)),
            ("a workload without nodes gets the default cluster", DS.into(), Some(4)),
            ("a text with a node keeps its one node", format!("{DS}---\n{NODE}"), None),
            (
                "an empty NodeList states a cluster without nodes",
                format!("{DS}---\napiVersion: v1\nkind: NodeList\nitems: []\n"),
                None,
            ),
            (
                "an empty List states a cluster without nodes",
                format!("apiVersion: v1\nkind: List\nitems: []\n---\n{DS}"),
                None,
            ),
            (
                "a NodeList inside a List states the node list",
                format!("{DS}---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: NodeList\n  items: []\n"),
                None,
            ),
            (
                "a List of workloads only says nothing about nodes",
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec: {containers: [{name: c, image: i}]}\n".into(),
                Some(4),
            ),
        ];
        for (name, text, filled) in cases {
            let loaded = crate::engine::yaml::load(&text);
            assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
            let mut objects = loaded.objects;
            let before = objects.nodes.len();
            let warning = fill_in_default_cluster(&mut objects);
            match filled {
                Some(count) => {
                    assert_eq!(objects.nodes.len(), count, "{name}");
                    let warning = warning.expect("a warning says so");
                    assert_eq!(warning.severity, Severity::Warning, "{name}");
                    assert_eq!(
                        warning.message,
                        "no nodes in the input: using the default cluster of 4 nodes (control-plane, worker-1, worker-2, worker-3)",
                        "{name}"
                    );
                    assert!(
                        warning
                            .hint
                            .as_deref()
                            .is_some_and(|h| h.contains("kind: NodeList")),
                        "{name}: the hint says how to state an empty cluster"
                    );
                }
                None => {
                    assert_eq!(warning, None, "{name}");
                    assert_eq!(objects.nodes.len(), before, "{name}");
                }
            }
        }
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

//! Which nodes the board shows and how: the nodes that pass the filter, grouped by a label.
//! Shared by the node cards ([`super::board`]) and the compact cells ([`super::cells`]).

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::protocol::NodeView;

/// True when `node` passes `filter` (already lowercase; empty: every node): its name or one
/// of its `key=value` labels contains it, ignoring ASCII case.
fn passes(node: &NodeView, filter: &str) -> bool {
    filter.is_empty()
        || node.name.to_ascii_lowercase().contains(filter)
        || node
            .labels
            .iter()
            .any(|(k, v)| format!("{k}={v}").to_ascii_lowercase().contains(filter))
}

/// The nodes shown (by the filter), grouped by the value of `label` (one group, named `""`,
/// without a label; nodes without the label go to the group `no_value`), each group in name
/// order.
pub fn group_nodes<'a>(
    nodes: &'a BTreeMap<String, Rc<NodeView>>,
    filter: &str,
    label: &str,
    no_value: &'a str,
) -> BTreeMap<&'a str, Vec<&'a Rc<NodeView>>> {
    let filter = filter.to_ascii_lowercase();
    let mut groups: BTreeMap<&str, Vec<&Rc<NodeView>>> = BTreeMap::new();
    for node in nodes.values().filter(|n| passes(n, &filter)) {
        let group = if label.is_empty() {
            ""
        } else {
            node.labels
                .iter()
                .find(|(key, _)| key == label)
                .map_or(no_value, |(_, value)| value.as_str())
        };
        groups.entry(group).or_default().push(node);
    }
    groups
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::protocol::{CellStatus, NodeUsage};

    /// A Ready, schedulable node `name` with `labels` (`key=value`) and no pods.
    pub(crate) fn node(name: &str, labels: &[&str]) -> NodeView {
        NodeView {
            name: name.to_owned(),
            labels: labels
                .iter()
                .map(|l| {
                    let (k, v) = l.split_once('=').unwrap_or((l, ""));
                    (k.to_owned(), v.to_owned())
                })
                .collect(),
            roles: "<none>".to_owned(),
            taints: Vec::new(),
            ready: true,
            unschedulable: false,
            usage: NodeUsage::default(),
            pods: Vec::new(),
            cell: CellStatus::None,
        }
    }

    /// `nodes` by name, as the shown cluster holds them.
    pub(crate) fn by_name(nodes: Vec<NodeView>) -> BTreeMap<String, Rc<NodeView>> {
        nodes
            .into_iter()
            .map(|n| (n.name.clone(), Rc::new(n)))
            .collect()
    }

    /// Each group as `group: node node ...`.
    fn listed(groups: &BTreeMap<&str, Vec<&Rc<NodeView>>>) -> Vec<String> {
        groups
            .iter()
            .map(|(group, nodes)| {
                let names: Vec<&str> = nodes.iter().map(|n| n.name.as_str()).collect();
                format!("{group}: {}", names.join(" "))
            })
            .collect()
    }

    #[test]
    fn nodes_are_grouped_by_a_label_value_with_a_group_for_nodes_without_it() {
        let nodes = by_name(vec![
            node("a-1", &["zone=a"]),
            node("b-1", &["zone=b"]),
            node("a-2", &["zone=a"]),
            node("plain", &[]),
        ]);
        let cases = [
            ("", vec![": a-1 a-2 b-1 plain"]),
            ("zone", vec!["(none): plain", "a: a-1 a-2", "b: b-1"]),
        ];
        for (label, expected) in cases {
            assert_eq!(
                listed(&group_nodes(&nodes, "", label, "(none)")),
                expected,
                "label {label:?}"
            );
        }
    }

    #[test]
    fn the_filter_matches_a_name_or_a_label_ignoring_case() {
        let nodes = by_name(vec![
            node("gpu-1", &["accelerator=nvidia"]),
            node("worker-1", &["disk=ssd"]),
            node("worker-2", &[]),
        ]);
        let cases = [
            ("", vec!["gpu-1", "worker-1", "worker-2"], "no filter"),
            ("WORKER", vec!["worker-1", "worker-2"], "a name, any case"),
            ("disk=ssd", vec!["worker-1"], "a label as key=value"),
            ("nvidia", vec!["gpu-1"], "part of a label value"),
            ("nothing", vec![], "no match"),
        ];
        for (filter, expected, msg) in cases {
            let shown: Vec<String> = group_nodes(&nodes, filter, "", "(none)")
                .into_values()
                .flatten()
                .map(|n| n.name.clone())
                .collect();
            assert_eq!(shown, expected, "{msg}");
        }
    }
}

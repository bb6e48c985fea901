//! Which nodes the board shows and how: the nodes that pass the filter, grouped by a label,
//! and the pods of each node. Shared by the node cards ([`super::board`]) and the compact
//! cells ([`super::cells`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::store::state::{ClusterState, NodeState, PodState};

/// The pods of each node (by target node, pending pinned pods included), in name order.
pub fn pods_by_node(cluster: &ClusterState) -> BTreeMap<&str, Vec<&Arc<PodState>>> {
    let mut map: BTreeMap<&str, Vec<&Arc<PodState>>> = BTreeMap::new();
    for pod in cluster.pods.values() {
        if let Some(node) = pod.target_node() {
            map.entry(node).or_default().push(pod);
        }
    }
    map
}

/// The nodes shown (by the filter), grouped by the value of `label` (one group without).
pub fn group_nodes<'a>(
    cluster: &'a ClusterState,
    filter: &str,
    label: &str,
    no_value: &'a str,
) -> BTreeMap<&'a str, Vec<&'a Arc<NodeState>>> {
    let filter = filter.to_ascii_lowercase();
    let mut groups: BTreeMap<&str, Vec<&Arc<NodeState>>> = BTreeMap::new();
    for node in cluster.nodes.values() {
        let labels = &node.node.metadata.labels;
        let shown = filter.is_empty()
            || node.name().to_ascii_lowercase().contains(&filter)
            || labels
                .iter()
                .any(|(k, v)| format!("{k}={v}").to_ascii_lowercase().contains(&filter));
        if !shown {
            continue;
        }
        let group = if label.is_empty() {
            ""
        } else {
            labels.get(label).map_or(no_value, String::as_str)
        };
        groups.entry(group).or_default().push(node);
    }
    groups
}

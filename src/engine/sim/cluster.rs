//! The default scenario (`scenarios/default.yaml`): the tutorial's fluentd-elasticsearch
//! DaemonSet on one control-plane node with its `NoSchedule` taint and three workers. The
//! playground opens with it, and the command line uses its nodes when an input has none.

use crate::engine::api::Node;

/// The default scenario's YAML text.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/default.yaml");

/// The default cluster: the nodes of the default scenario.
pub fn default_cluster() -> Vec<Node> {
    crate::engine::yaml::load(DEFAULT_SCENARIO).objects.nodes
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

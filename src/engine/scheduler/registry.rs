//! The default profile's filter plugins that kubeplay runs, in upstream order
//! (`default_plugins.go`); volume, topology-spread and inter-pod-affinity plugins are not
//! simulated.

use super::framework::{CycleState, Status};
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::{
    node_affinity, node_name, node_ports, node_resources_fit, node_unschedulable, taint_toleration,
};

/// A filter plugin: its name and its filter function.
#[derive(Clone, Copy, Debug)]
pub struct FilterPlugin {
    /// Upstream plugin name.
    pub name: &'static str,
    /// The filter.
    pub filter: fn(&CycleState, &NodeInfo) -> Status,
}

/// The filter plugins in upstream order.
pub const FILTER_PLUGINS: [FilterPlugin; 6] = [
    FilterPlugin {
        name: node_unschedulable::NAME,
        filter: node_unschedulable::filter,
    },
    FilterPlugin {
        name: node_name::NAME,
        filter: node_name::filter,
    },
    FilterPlugin {
        name: taint_toleration::NAME,
        filter: taint_toleration::filter,
    },
    FilterPlugin {
        name: node_affinity::NAME,
        filter: node_affinity::filter,
    },
    FilterPlugin {
        name: node_ports::NAME,
        filter: node_ports::filter,
    },
    FilterPlugin {
        name: node_resources_fit::NAME,
        filter: node_resources_fit::filter,
    },
];

/// `RunFilterPlugins`: the first failing plugin's status, or success.
pub fn run_filter_plugins(state: &CycleState, node: &NodeInfo) -> Status {
    for p in &FILTER_PLUGINS {
        let s = (p.filter)(state, node);
        if !s.is_success() {
            return s;
        }
    }
    Status::success()
}

/// `RunFilterPluginsWithNominatedPods`: the filters with the nominated pods of equal or
/// higher priority on this node counted as if they were running.
pub fn filter_with_nominated(
    state: &CycleState,
    snapshot: &ClusterSnapshot,
    node: &NodeInfo,
) -> Status {
    let mut nominated = snapshot
        .ge_nominated_pods(state.pod, node.name())
        .peekable();
    if nominated.peek().is_none() {
        return run_filter_plugins(state, node);
    }
    let mut with = node.clone();
    for p in nominated {
        with.add_pod_info(p.clone());
    }
    run_filter_plugins(state, &with)
}

/// Every plugin's verdict on the node, in order (for explanations; the scheduler itself
/// stops at the first failure).
pub fn run_all_filter_plugins(state: &CycleState, node: &NodeInfo) -> Vec<(&'static str, Status)> {
    FILTER_PLUGINS
        .iter()
        .map(|p| (p.name, (p.filter)(state, node)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TaintEffect;
    use crate::engine::scheduler::plugins::testutil::*;

    #[test]
    fn plugins_are_listed_in_upstream_order() {
        let names: Vec<&str> = FILTER_PLUGINS.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                "NodeUnschedulable",
                "NodeName",
                "TaintToleration",
                "NodeAffinity",
                "NodePorts",
                "NodeResourcesFit"
            ]
        );
    }

    #[test]
    fn a_cordoned_and_tainted_node_reports_only_the_cordon() {
        let mut n = node_with_taints("n", vec![taint("a", "", TaintEffect::NoSchedule)]);
        n.spec.unschedulable = true;
        let p = pod("p");
        let s = run_filter_plugins(&CycleState::new(&p), &NodeInfo::new(n));
        assert_eq!(s.plugin, "NodeUnschedulable");
        assert_eq!(s.reasons, ["node(s) were unschedulable"]);
    }
}

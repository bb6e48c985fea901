//! The default profile's filter plugins that kubeplay runs, in upstream order
//! (`default_plugins.go`), each with its filter and its explanation; the checks the
//! DaemonSet controller borrows from them; and the framework calls that run them. Volume
//! and DynamicResources plugins are not simulated (they sit between NodeResourcesFit and
//! PodTopologySpread upstream and pass every pod without volumes or claims).

use super::explanation::ExplainFn;
use super::framework::{CycleState, Status};
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::node_affinity::{self, PreFilterResult};
use super::plugins::{
    inter_pod_affinity, node_name, node_ports, node_resources_fit, node_unschedulable,
    pod_topology_spread, taint_toleration,
};
use crate::engine::api::Pod;

/// A filter plugin: its name, its filter and the explanation of its verdict.
#[derive(Clone, Copy, Debug)]
pub struct FilterPlugin {
    /// Upstream plugin name.
    pub name: &'static str,
    /// The filter.
    pub filter: fn(&CycleState, &NodeInfo) -> Status,
    /// The plain-language sentence (and fix) for the filter's verdict.
    pub explain: ExplainFn,
}

const NODE_UNSCHEDULABLE: FilterPlugin = FilterPlugin {
    name: node_unschedulable::NAME,
    filter: node_unschedulable::filter,
    explain: node_unschedulable::explain,
};
const NODE_NAME: FilterPlugin = FilterPlugin {
    name: node_name::NAME,
    filter: node_name::filter,
    explain: node_name::explain,
};
const TAINT_TOLERATION: FilterPlugin = FilterPlugin {
    name: taint_toleration::NAME,
    filter: taint_toleration::filter,
    explain: taint_toleration::explain,
};
const NODE_AFFINITY: FilterPlugin = FilterPlugin {
    name: node_affinity::NAME,
    filter: node_affinity::filter,
    explain: node_affinity::explain,
};
const NODE_PORTS: FilterPlugin = FilterPlugin {
    name: node_ports::NAME,
    filter: node_ports::filter,
    explain: node_ports::explain,
};
/// NodeResourcesFit (the kubelet's admission runs it too).
pub const NODE_RESOURCES_FIT: FilterPlugin = FilterPlugin {
    name: node_resources_fit::NAME,
    filter: node_resources_fit::filter,
    explain: node_resources_fit::explain,
};

const POD_TOPOLOGY_SPREAD: FilterPlugin = FilterPlugin {
    name: pod_topology_spread::NAME,
    filter: pod_topology_spread::filter,
    explain: pod_topology_spread::explain,
};
const INTER_POD_AFFINITY: FilterPlugin = FilterPlugin {
    name: inter_pod_affinity::NAME,
    filter: inter_pod_affinity::filter,
    explain: inter_pod_affinity::explain,
};

/// The filter plugins in upstream order.
pub static FILTER_PLUGINS: [FilterPlugin; 8] = [
    NODE_UNSCHEDULABLE,
    NODE_NAME,
    TAINT_TOLERATION,
    NODE_AFFINITY,
    NODE_PORTS,
    NODE_RESOURCES_FIT,
    POD_TOPOLOGY_SPREAD,
    INTER_POD_AFFINITY,
];

/// The checks of the DaemonSet controller's `NodeShouldRunDaemonPod` (its `predicates`: the
/// template's `nodeName`, nodeSelector + required node affinity, and `NoSchedule`/`NoExecute`
/// taints), in its order; they are these plugins' filters.
pub static DAEMON_SET_CONTROLLER_CHECKS: [FilterPlugin; 3] =
    [NODE_NAME, NODE_AFFINITY, TAINT_TOLERATION];

/// The scheduler's `AdmissionCheck` as the kubelet's admission runs it (every failure, in
/// this order): resources, node affinity, node name, host ports.
pub static ADMISSION_CHECKS: [FilterPlugin; 4] =
    [NODE_RESOURCES_FIT, NODE_AFFINITY, NODE_NAME, NODE_PORTS];

/// `RunPreFilterPlugins`: the only PreFilter that narrows or rejects is NodeAffinity's.
pub fn run_pre_filter_plugins(pod: &Pod) -> PreFilterResult {
    node_affinity::pre_filter(pod)
}

/// `RunFilterPlugins`: the first failing status of the profile's filter plugins, or success.
pub fn run_filter_plugins(
    filters: &[&'static FilterPlugin],
    state: &CycleState,
    node: &NodeInfo,
) -> Status {
    for p in filters {
        let s = (p.filter)(state, node);
        if !s.is_success() {
            return s;
        }
    }
    Status::success()
}

/// `RunFilterPluginsWithNominatedPods`: the filters with the nominated pods of equal or
/// higher priority on this node counted as if they were running (added to a copy of the
/// node and, through the `AddPod` extensions, to a copy of the cycle state).
pub fn filter_with_nominated(
    filters: &[&'static FilterPlugin],
    state: &CycleState,
    snapshot: &ClusterSnapshot,
    node: &NodeInfo,
) -> Status {
    let mut nominated = snapshot
        .ge_nominated_pods(state.pod, node.name())
        .peekable();
    if nominated.peek().is_none() {
        return run_filter_plugins(filters, state, node);
    }
    let mut with = node.clone();
    let mut with_state = state.clone();
    for p in nominated {
        with_state.add_pod(p, &node.node);
        with.add_pod_info(p.clone());
    }
    run_filter_plugins(filters, &with_state, &with)
}

/// Every plugin's verdict on the node, in the profile's order, for explanations (the scheduler itself
/// stops at the first failure). On a node the PreFilter result leaves out, NodeAffinity's
/// verdict is the status the framework gives such nodes; the other plugins still run.
pub fn run_all_filter_plugins(
    filters: &[&'static FilterPlugin],
    state: &CycleState,
    node: &NodeInfo,
    pre_filter: &PreFilterResult,
) -> Vec<(&'static FilterPlugin, Status)> {
    let left_out = match pre_filter {
        PreFilterResult::Nodes(names) if !names.contains(node.name()) => Some(names),
        _ => None,
    };
    filters
        .iter()
        .map(|&p| match left_out {
            Some(names) if p.name == node_affinity::NAME => {
                (p, node_affinity::not_in_pre_filter_result(names))
            }
            _ => (p, (p.filter)(state, node)),
        })
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
                "NodeResourcesFit",
                "PodTopologySpread",
                "InterPodAffinity"
            ]
        );
    }

    #[test]
    fn a_cordoned_and_tainted_node_reports_only_the_cordon() {
        let mut n = node_with_taints("n", vec![taint("a", "", TaintEffect::NoSchedule)]);
        n.spec.unschedulable = true;
        let p = pod("p");
        let all: Vec<&FilterPlugin> = FILTER_PLUGINS.iter().collect();
        let s = run_filter_plugins(&all, &CycleState::new(&p), &NodeInfo::new(n));
        assert_eq!(s.plugin, "NodeUnschedulable");
        assert_eq!(s.reasons, ["node(s) were unschedulable"]);
    }
}

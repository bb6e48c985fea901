//! Scoring of feasible nodes for pods that are not pinned, as the default profile does for
//! the simulated plugins: NodeResourcesFit (LeastAllocated, weight 1),
//! NodeResourcesBalancedAllocation (1), NodeAffinity preferred terms (2) and
//! TaintToleration `PreferNoSchedule` (3), with upstream normalization.
//!
//! Ties are broken **deterministically by node name** (the smallest name wins), where
//! kube-scheduler picks one of the tied nodes at random.

use serde::Serialize;

use crate::engine::api::Pod;

use super::corev1::{preferred_score, preferred_terms};
use super::node_info::NodeInfo;
use super::plugins::helper::default_normalize_score;
use super::plugins::{node_affinity, node_resources_fit, taint_toleration};
use super::resources::{pod_non_zero_requests, pod_requests};

/// The highest score a plugin gives a node.
pub const MAX_NODE_SCORE: i64 = 100;

/// Score plugins with their default weights.
pub const SCORE_WEIGHTS: [(&str, i64); 4] = [
    (taint_toleration::NAME, 3),
    (node_affinity::NAME, 2),
    (node_resources_fit::NAME, 1),
    (node_resources_fit::BALANCED_ALLOCATION_NAME, 1),
];

/// One plugin's normalized score for a node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginScore {
    /// Plugin name.
    pub plugin: String,
    /// Normalized score (0..=100).
    pub score: i64,
    /// The plugin's weight.
    pub weight: i64,
}

/// A feasible node's scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeScore {
    /// Node name.
    pub node: String,
    /// Per-plugin scores (plugins that skip the pod are left out).
    pub plugins: Vec<PluginScore>,
    /// Weighted sum.
    pub total: i64,
}

/// Scores the feasible nodes.
pub fn score_nodes(pod: &Pod, nodes: &[&NodeInfo]) -> Vec<NodeScore> {
    let requests = pod_requests(pod);
    let non_zero = pod_non_zero_requests(pod);
    let prefs = preferred_terms(pod);
    let mut per_plugin: Vec<(&str, i64, Vec<i64>)> = Vec::new();

    let mut taint: Vec<i64> = nodes
        .iter()
        .map(|n| taint_toleration::score(&pod.spec.tolerations, &n.node))
        .collect();
    default_normalize_score(MAX_NODE_SCORE, true, &mut taint);
    per_plugin.push((taint_toleration::NAME, 3, taint));

    if !prefs.is_empty() {
        let mut aff: Vec<i64> = nodes
            .iter()
            .map(|n| preferred_score(prefs, &n.node))
            .collect();
        default_normalize_score(MAX_NODE_SCORE, false, &mut aff);
        per_plugin.push((node_affinity::NAME, 2, aff));
    }

    let fit = nodes
        .iter()
        .map(|n| node_resources_fit::least_allocated_score(&non_zero, n))
        .collect();
    per_plugin.push((node_resources_fit::NAME, 1, fit));

    if !node_resources_fit::balanced_allocation_skips(&requests) {
        let bal = nodes
            .iter()
            .map(|n| node_resources_fit::balanced_allocation_score(&requests, n))
            .collect();
        per_plugin.push((node_resources_fit::BALANCED_ALLOCATION_NAME, 1, bal));
    }

    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let plugins: Vec<PluginScore> = per_plugin
                .iter()
                .map(|(name, w, scores)| PluginScore {
                    plugin: name.to_string(),
                    score: scores.get(i).copied().unwrap_or(0),
                    weight: *w,
                })
                .collect();
            NodeScore {
                node: n.name().to_string(),
                total: plugins
                    .iter()
                    .map(|p| p.score.saturating_mul(p.weight))
                    .fold(0i64, i64::saturating_add),
                plugins,
            }
        })
        .collect()
}

/// `selectHost`: the highest total; ties go to the smallest node name.
pub fn select_host(scores: &[NodeScore]) -> Option<&NodeScore> {
    scores
        .iter()
        .min_by(|a, b| b.total.cmp(&a.total).then_with(|| a.node.cmp(&b.node)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TaintEffect;
    use crate::engine::scheduler::plugins::testutil::*;

    #[test]
    fn ties_are_broken_by_node_name() {
        let a = NodeInfo::new(node_with_allocatable(
            "b-node",
            &[("cpu", "4"), ("memory", "8Gi"), ("pods", "110")],
        ));
        let b = NodeInfo::new(node_with_allocatable(
            "a-node",
            &[("cpu", "4"), ("memory", "8Gi"), ("pods", "110")],
        ));
        let scores = score_nodes(&pod("p"), &[&a, &b]);
        assert_eq!(
            select_host(&scores).map(|s| s.node.as_str()),
            Some("a-node")
        );
    }

    #[test]
    fn a_prefer_no_schedule_taint_lowers_the_score_without_blocking() {
        let alloc = [("cpu", "4"), ("memory", "8Gi"), ("pods", "110")];
        let mut tainted = node_with_allocatable("a", &alloc);
        tainted.spec.taints = vec![taint("x", "", TaintEffect::PreferNoSchedule)];
        let a = NodeInfo::new(tainted);
        let b = NodeInfo::new(node_with_allocatable("b", &alloc));
        let scores = score_nodes(&pod("p"), &[&a, &b]);
        assert_eq!(select_host(&scores).map(|s| s.node.as_str()), Some("b"));
    }
}

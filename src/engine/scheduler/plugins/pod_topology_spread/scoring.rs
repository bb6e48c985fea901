//! PodTopologySpread's score for `ScheduleAnyway` constraints (and the system defaults):
//! matching pods per domain counted once over every node (PreScore), each feasible node
//! scored `Σ count × log(domains + 2) + (maxSkew − 1)` (Score), then reversed so that the
//! emptiest domain scores 100 (NormalizeScore).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::api::Pod;
use crate::engine::scheduler::corev1::RequiredNodeAffinity;
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo};
use crate::engine::scheduler::plugins::helper::MAX_NODE_SCORE;

use super::common::{
    constraints_of, count_pods_match_selector, node_has_all_keys, DefaultConstraints,
    SpreadConstraint, LABEL_HOSTNAME, SCHEDULE_ANYWAY,
};

/// What PreScore computed.
#[derive(Clone, Debug, PartialEq)]
pub struct PreScoreState {
    /// The `ScheduleAnyway` constraints.
    pub constraints: Vec<SpreadConstraint>,
    /// Feasible nodes without every topology key (they score 0).
    pub ignored_nodes: BTreeSet<String>,
    /// Per constraint: matching pods per topology value of the feasible nodes (hostname
    /// constraints are counted per node in Score).
    pub(super) topology_value_to_pod_counts: Vec<BTreeMap<String, i64>>,
    /// Per constraint: `log(domains + 2)`.
    pub(super) topology_normalizing_weight: Vec<f64>,
}

/// `PreScore`: `None` (upstream's `Skip`) when there are no feasible nodes or no
/// `ScheduleAnyway` constraints. Nodes must carry every topology key unless the pod has no
/// constraints of its own and the defaults are the system's (they let a node without a
/// zone still spread by hostname).
pub fn pre_score(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    feasible: &[&NodeInfo],
    defaults: &DefaultConstraints,
) -> Option<PreScoreState> {
    if feasible.is_empty() || snapshot.node_count() == 0 {
        return None;
    }
    let constraints = constraints_of(pod, snapshot, SCHEDULE_ANYWAY, defaults);
    if constraints.is_empty() {
        return None;
    }
    let require_all_topologies =
        !pod.spec.topology_spread_constraints.is_empty() || !defaults.system_defaulted;
    let mut ignored_nodes = BTreeSet::new();
    let mut counts: Vec<BTreeMap<String, i64>> = vec![BTreeMap::default(); constraints.len()];
    for node in feasible {
        let n = &node.node;
        if require_all_topologies && !node_has_all_keys(n, &constraints) {
            ignored_nodes.insert(n.metadata.name.clone());
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if c.topology_key == LABEL_HOSTNAME {
                continue;
            }
            let value = n
                .metadata
                .labels
                .get(&c.topology_key)
                .cloned()
                .unwrap_or_default();
            counts[i].entry(value).or_insert(0);
        }
    }
    let topology_normalizing_weight = constraints
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let size = if c.topology_key == LABEL_HOSTNAME {
                feasible.len() - ignored_nodes.len()
            } else {
                counts[i].len()
            };
            ((size + 2) as f64).ln()
        })
        .collect();
    let required_affinity = RequiredNodeAffinity::of(pod);
    for node in snapshot.nodes() {
        let n = &node.node;
        if require_all_topologies && !node_has_all_keys(n, &constraints) {
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if !c.includes(pod, n, &required_affinity) {
                continue;
            }
            let value = n
                .metadata
                .labels
                .get(&c.topology_key)
                .map(String::as_str)
                .unwrap_or("");
            if let Some(slot) = counts[i].get_mut(value) {
                *slot +=
                    count_pods_match_selector(&node.pods, &c.selector, &pod.metadata.namespace);
            }
        }
    }
    Some(PreScoreState {
        constraints,
        ignored_nodes,
        topology_value_to_pod_counts: counts,
        topology_normalizing_weight,
    })
}

/// `scoreForCount`.
fn score_for_count(count: i64, max_skew: i32, weight: f64) -> f64 {
    count as f64 * weight + f64::from(max_skew - 1)
}

impl PreScoreState {
    /// `Score`: the raw score (more matching pods in the node's domains is worse).
    pub fn score(&self, pod: &Pod, node: &NodeInfo) -> i64 {
        if self.ignored_nodes.contains(node.name()) {
            return 0;
        }
        let mut score = 0.0;
        for (i, c) in self.constraints.iter().enumerate() {
            let Some(value) = node.node.metadata.labels.get(&c.topology_key) else {
                continue;
            };
            let count = if c.topology_key == LABEL_HOSTNAME {
                count_pods_match_selector(&node.pods, &c.selector, &pod.metadata.namespace)
            } else {
                self.topology_value_to_pod_counts[i]
                    .get(value)
                    .copied()
                    .unwrap_or(0)
            };
            score += score_for_count(count, c.max_skew, self.topology_normalizing_weight[i]);
        }
        score.round() as i64
    }

    /// `NormalizeScore`: `100 × (max + min − score) / max` (100 for all when max is 0);
    /// ignored nodes get 0.
    pub fn normalize_score(&self, nodes: &[&NodeInfo], scores: &mut [i64]) {
        let ignored = |i: usize| self.ignored_nodes.contains(nodes[i].name());
        let mut min = i64::MAX;
        let mut max = 0;
        for (i, &s) in scores.iter().enumerate() {
            if ignored(i) {
                continue;
            }
            min = min.min(s);
            max = max.max(s);
        }
        for (i, s) in scores.iter_mut().enumerate() {
            *s = if ignored(i) {
                0
            } else if max == 0 {
                MAX_NODE_SCORE
            } else {
                MAX_NODE_SCORE * (max + min - *s) / max
            };
        }
    }
}

//! PodTopologySpread's PreFilter: matching pods per domain of each `DoNotSchedule`
//! constraint, counted once over the snapshot, with the global minimum kept exact under the
//! `AddPod` / `RemovePod` extensions.

use std::collections::BTreeMap;

use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::corev1::RequiredNodeAffinity;
use crate::engine::scheduler::node_info::{ClusterSnapshot, PodInfo};

use super::common::{
    constraints_of, count_pods_match_selector, node_has_all_keys, DefaultConstraints,
    SpreadConstraint, DO_NOT_SCHEDULE,
};

/// What PreFilter computed: per `DoNotSchedule` constraint, the matching pods per domain
/// and how many domains hold each count (whose smallest key is the global minimum).
#[derive(Clone, Debug, PartialEq)]
pub struct PreFilterState {
    /// The constraints.
    pub constraints: Vec<SpreadConstraint>,
    /// Per constraint: matching pods per topology value of the eligible nodes.
    pub tp_value_to_match_num: Vec<BTreeMap<String, i64>>,
    /// Per constraint: count → how many domains hold it.
    domains_at_count: Vec<BTreeMap<i64, usize>>,
    /// The pod's nodeSelector and required node affinity (for the inclusion policy).
    required_affinity: RequiredNodeAffinity,
}

impl PreFilterState {
    /// `minMatchNum`: the global minimum, 0 when fewer domains than `minDomains` are
    /// eligible (`i32::MAX` when none is).
    pub fn min_match_num(&self, i: usize) -> i64 {
        if (self.tp_value_to_match_num[i].len() as i64) < i64::from(self.constraints[i].min_domains)
        {
            return 0;
        }
        self.domains_at_count[i]
            .keys()
            .next()
            .copied()
            .unwrap_or(i64::from(i32::MAX))
    }

    /// `updateWithPod`.
    fn update_with_pod(&mut self, incoming: &Pod, pod: &Pod, node: &Node, delta: i64) {
        if pod.metadata.namespace != incoming.metadata.namespace
            || !node_has_all_keys(node, &self.constraints)
        {
            return;
        }
        for i in 0..self.constraints.len() {
            let c = &self.constraints[i];
            if !c.selector.matches(&pod.metadata.labels)
                || !c.includes(incoming, node, &self.required_affinity)
            {
                continue;
            }
            let Some(v) = node.metadata.labels.get(&c.topology_key) else {
                continue;
            };
            let slot = self.tp_value_to_match_num[i].entry(v.clone()).or_insert(0);
            let old = *slot;
            *slot += delta;
            let hist = &mut self.domains_at_count[i];
            if let Some(n) = hist.get_mut(&old) {
                *n -= 1;
                if *n == 0 {
                    hist.remove(&old);
                }
            }
            *hist.entry(old + delta).or_insert(0) += 1;
        }
    }

    /// `AddPod`.
    pub fn add_pod(&mut self, incoming: &Pod, pod: &PodInfo, node: &Node) {
        self.update_with_pod(incoming, &pod.pod, node, 1);
    }

    /// `RemovePod`.
    pub fn remove_pod(&mut self, incoming: &Pod, pod: &PodInfo, node: &Node) {
        self.update_with_pod(incoming, &pod.pod, node, -1);
    }
}

/// `PreFilter`: `None` (upstream's `Skip`) when the pod has no `DoNotSchedule` constraint.
pub fn pre_filter(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    defaults: &DefaultConstraints,
) -> Option<PreFilterState> {
    let constraints = constraints_of(pod, snapshot, DO_NOT_SCHEDULE, defaults);
    if constraints.is_empty() {
        return None;
    }
    let required_affinity = RequiredNodeAffinity::of(pod);
    let mut counts: Vec<BTreeMap<String, i64>> = vec![BTreeMap::default(); constraints.len()];
    for node in snapshot.nodes() {
        let n = &node.node;
        if !node_has_all_keys(n, &constraints) {
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
                .cloned()
                .unwrap_or_default();
            let count = count_pods_match_selector(&node.pods, &c.selector, &pod.metadata.namespace);
            *counts[i].entry(value).or_insert(0) += count;
        }
    }
    let domains_at_count = counts
        .iter()
        .map(|m| {
            let mut hist = BTreeMap::new();
            for &n in m.values() {
                *hist.entry(n).or_insert(0) += 1;
            }
            hist
        })
        .collect();
    Some(PreFilterState {
        constraints,
        tp_value_to_match_num: counts,
        domains_at_count,
        required_affinity,
    })
}

//! InterPodAffinity's PreFilter: the incoming pod's required terms and the running pods'
//! required anti-affinity, counted per topology pair once over the snapshot, kept current
//! by the `AddPod` / `RemovePod` extensions.

use std::collections::BTreeMap;

use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::{ClusterSnapshot, PodInfo};
use crate::engine::scheduler::selector::{AffinityTerm, PodAffinityTerms};

/// Counts per topology key, then per value (`topologyToMatchedTermCount`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopologyCounts(BTreeMap<String, BTreeMap<String, i64>>);

impl TopologyCounts {
    /// The count of the pair `key=value` (0 when absent).
    pub fn get(&self, key: &str, value: &str) -> i64 {
        self.0
            .get(key)
            .and_then(|m| m.get(value))
            .copied()
            .unwrap_or(0)
    }

    /// Whether no pair has a count.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }

    /// Moves the count of `key=value` by `delta`, dropping pairs that reach 0.
    fn add(&mut self, key: &str, value: &str, delta: i64) {
        if !self.0.contains_key(key) {
            self.0.insert(key.to_string(), BTreeMap::new());
        }
        let Some(values) = self.0.get_mut(key) else {
            return;
        };
        let n = match values.get_mut(value) {
            Some(n) => n,
            None => values.entry(value.to_string()).or_insert(0),
        };
        *n += delta;
        if *n == 0 {
            values.remove(value);
            if values.is_empty() {
                self.0.remove(key);
            }
        }
    }

    /// `updateWithAffinityTerms`: when `target` matches every term, each term's pair on
    /// `node` moves by `delta`.
    fn update_with_affinity_terms(
        &mut self,
        target: &Pod,
        node: &Node,
        terms: &[AffinityTerm],
        delta: i64,
    ) {
        if !pod_matches_all_affinity_terms(terms, target) {
            return;
        }
        for t in terms {
            if let Some(v) = node.metadata.labels.get(&t.topology_key) {
                self.add(&t.topology_key, v, delta);
            }
        }
    }

    /// `updateWithAntiAffinityTerms`: each term `target` matches moves its pair on `node`.
    fn update_with_anti_affinity_terms(
        &mut self,
        target: &Pod,
        node: &Node,
        terms: &[AffinityTerm],
        delta: i64,
    ) {
        for t in terms {
            if t.matches(target) {
                if let Some(v) = node.metadata.labels.get(&t.topology_key) {
                    self.add(&t.topology_key, v, delta);
                }
            }
        }
    }
}

/// `podMatchesAllAffinityTerms`: false without terms.
pub fn pod_matches_all_affinity_terms(terms: &[AffinityTerm], pod: &Pod) -> bool {
    !terms.is_empty() && terms.iter().all(|t| t.matches(pod))
}

/// What PreFilter computed for the pod being scheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreFilterState {
    /// The incoming pod's parsed terms.
    pub terms: PodAffinityTerms,
    /// Pods whose required anti-affinity matches the incoming pod, per topology pair.
    pub existing_anti_affinity_counts: TopologyCounts,
    /// Pods matching all of the incoming pod's required affinity terms, per pair.
    pub affinity_counts: TopologyCounts,
    /// Pods matching each of the incoming pod's required anti-affinity terms, per pair.
    pub anti_affinity_counts: TopologyCounts,
}

impl PreFilterState {
    /// `updateWithPod`: `pod` (running on `node`) added (`delta` 1) or removed (-1), for
    /// the incoming pod `incoming`.
    fn update_with_pod(&mut self, incoming: &Pod, pod: &PodInfo, node: &Node, delta: i64) {
        if let Some(a) = &pod.affinity {
            self.existing_anti_affinity_counts
                .update_with_anti_affinity_terms(incoming, node, &a.required_anti_affinity, delta);
        }
        self.affinity_counts.update_with_affinity_terms(
            &pod.pod,
            node,
            &self.terms.required_affinity,
            delta,
        );
        self.anti_affinity_counts.update_with_anti_affinity_terms(
            &pod.pod,
            node,
            &self.terms.required_anti_affinity,
            delta,
        );
    }

    /// `AddPod`: the PreFilter extension preemption and nominated pods use.
    pub fn add_pod(&mut self, incoming: &Pod, pod: &PodInfo, node: &Node) {
        self.update_with_pod(incoming, pod, node, 1);
    }

    /// `RemovePod`: the PreFilter extension preemption's dry run uses.
    pub fn remove_pod(&mut self, incoming: &Pod, pod: &PodInfo, node: &Node) {
        self.update_with_pod(incoming, pod, node, -1);
    }
}

/// `PreFilter`: the counts, or `None` (upstream's `Skip`) when nothing can reject a node:
/// the pod has no required terms and no running pod's anti-affinity matches it.
pub fn pre_filter(pod: &Pod, snapshot: &ClusterSnapshot) -> Option<PreFilterState> {
    let terms = PodAffinityTerms::of(pod).map(|t| *t).unwrap_or_default();
    let mut existing = TopologyCounts::default();
    for node in snapshot.nodes_with_required_anti_affinity() {
        for p in node.affinity_pods() {
            if let Some(a) = &p.affinity {
                existing.update_with_anti_affinity_terms(
                    pod,
                    &node.node,
                    &a.required_anti_affinity,
                    1,
                );
            }
        }
    }
    let mut affinity = TopologyCounts::default();
    let mut anti_affinity = TopologyCounts::default();
    if !terms.required_affinity.is_empty() || !terms.required_anti_affinity.is_empty() {
        for node in snapshot.nodes() {
            for p in &node.pods {
                affinity.update_with_affinity_terms(
                    &p.pod,
                    &node.node,
                    &terms.required_affinity,
                    1,
                );
                anti_affinity.update_with_anti_affinity_terms(
                    &p.pod,
                    &node.node,
                    &terms.required_anti_affinity,
                    1,
                );
            }
        }
    }
    if existing.is_empty()
        && terms.required_affinity.is_empty()
        && terms.required_anti_affinity.is_empty()
    {
        return None;
    }
    Some(PreFilterState {
        terms,
        existing_anti_affinity_counts: existing,
        affinity_counts: affinity,
        anti_affinity_counts: anti_affinity,
    })
}

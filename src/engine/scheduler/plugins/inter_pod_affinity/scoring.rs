//! InterPodAffinity's score: the incoming pod's preferred (anti-)affinity against the
//! running pods, and the running pods' required affinity (weight
//! `hardPodAffinityWeight` of the profile's args, 1 by default) and preferred terms against the incoming pod, summed per
//! topology domain once (PreScore) and looked up per node (Score), then scaled to 0-100
//! between the lowest and the highest node (NormalizeScore).

use std::collections::BTreeMap;

use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo, PodInfo};
use crate::engine::scheduler::plugins::helper::MAX_NODE_SCORE;
use crate::engine::scheduler::selector::{AffinityTerm, PodAffinityTerms, WeightedAffinityTerm};

/// What PreScore computed: a score per topology key and value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreScoreState {
    topology_score: BTreeMap<String, BTreeMap<String, i64>>,
    /// `hardPodAffinityWeight`: the weight of a running pod's required affinity term.
    hard_pod_affinity_weight: i32,
}

impl PreScoreState {
    fn process_term(
        &mut self,
        term: &AffinityTerm,
        weight: i32,
        pod: &Pod,
        node: &Node,
        multiplier: i32,
    ) {
        if !term.matches(pod) {
            return;
        }
        if let Some(v) = node.metadata.labels.get(&term.topology_key) {
            *self
                .topology_score
                .entry(term.topology_key.clone())
                .or_default()
                .entry(v.clone())
                .or_insert(0) += i64::from(weight * multiplier);
        }
    }

    fn process_terms(
        &mut self,
        terms: &[WeightedAffinityTerm],
        pod: &Pod,
        node: &Node,
        multiplier: i32,
    ) {
        for t in terms {
            self.process_term(&t.term, t.weight, pod, node, multiplier);
        }
    }

    /// `processExistingPod`.
    fn process_existing_pod(
        &mut self,
        own: &PodAffinityTerms,
        existing: &PodInfo,
        node: &Node,
        incoming: &Pod,
    ) {
        if node.metadata.labels.is_empty() {
            return;
        }
        self.process_terms(&own.preferred_affinity, &existing.pod, node, 1);
        self.process_terms(&own.preferred_anti_affinity, &existing.pod, node, -1);
        if let Some(a) = &existing.affinity {
            let hard = self.hard_pod_affinity_weight;
            if hard > 0 {
                for t in &a.required_affinity {
                    self.process_term(t, hard, incoming, node, 1);
                }
            }
            self.process_terms(&a.preferred_affinity, incoming, node, 1);
            self.process_terms(&a.preferred_anti_affinity, incoming, node, -1);
        }
    }

    /// `Score`: the sum of the node's domains' scores.
    pub fn score(&self, node: &NodeInfo) -> i64 {
        self.topology_score
            .iter()
            .filter_map(|(k, values)| {
                let v = node.node.metadata.labels.get(k)?;
                values.get(v).copied()
            })
            .sum()
    }
}

/// `PreScore`: `None` (upstream's `Skip`) when no pod term touches any domain, or when
/// `ignore_preferred_terms_of_existing_pods` is set and the pod has no preferred terms of
/// its own. With preferred terms of its own the incoming pod is checked against every
/// running pod; otherwise only the pods with affinity are looked at.
pub fn pre_score(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    feasible: usize,
    hard_pod_affinity_weight: i32,
    ignore_preferred_terms_of_existing_pods: bool,
) -> Option<PreScoreState> {
    if feasible == 0 {
        return None;
    }
    let own = PodAffinityTerms::of(pod).map(|t| *t).unwrap_or_default();
    let has_constraints =
        !own.preferred_affinity.is_empty() || !own.preferred_anti_affinity.is_empty();
    if ignore_preferred_terms_of_existing_pods && !has_constraints {
        return None;
    }
    let mut state = PreScoreState {
        hard_pod_affinity_weight,
        ..PreScoreState::default()
    };
    if has_constraints {
        for node in snapshot.nodes() {
            for p in &node.pods {
                state.process_existing_pod(&own, p, &node.node, pod);
            }
        }
    } else {
        for node in snapshot.nodes_with_affinity() {
            for p in node.affinity_pods() {
                state.process_existing_pod(&own, p, &node.node, pod);
            }
        }
    }
    (!state.topology_score.is_empty()).then_some(state)
}

/// `NormalizeScore`: `100 * (score - min) / (max - min)`, all 0 when every node scores
/// the same.
pub fn normalize_score(scores: &mut [i64]) {
    let (Some(&min), Some(&max)) = (scores.iter().min(), scores.iter().max()) else {
        return;
    };
    let diff = max - min;
    for s in scores.iter_mut() {
        *s = if diff > 0 {
            (MAX_NODE_SCORE as f64 * ((*s - min) as f64 / diff as f64)) as i64
        } else {
            0
        };
    }
}

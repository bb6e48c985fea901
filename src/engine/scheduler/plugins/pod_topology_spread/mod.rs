//! `PodTopologySpread`: the pod's `topologySpreadConstraints` (or the system default
//! constraints), matching pods counted per topology domain once per cycle (PreFilter), the
//! skew checked per node for `DoNotSchedule` (Filter); [`scoring`] holds the
//! `ScheduleAnyway` score.
//!
//! Upstream keeps the global minimum per constraint exact under preemption's one-pod
//! updates; here a count histogram per constraint does the same ([`PreFilterState`]).

pub mod scoring;

#[cfg(test)]
mod filtering_tests;
#[cfg(test)]
mod scoring_tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::corev1::{
    find_matching_untolerated_taint, is_blocking_effect, RequiredNodeAffinity,
};
use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo, PodInfo};
use crate::engine::scheduler::selector::{FnvMap, Requirement, Selector};

/// The plugin name.
pub const NAME: &str = "PodTopologySpread";
/// The reason when placing the pod on the node would exceed a constraint's maxSkew.
pub const ERR_REASON_CONSTRAINTS_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints";
/// The reason when the node lacks a constraint's topology key.
pub const ERR_REASON_NODE_LABEL_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";
/// `whenUnsatisfiable: DoNotSchedule`.
pub const DO_NOT_SCHEDULE: &str = "DoNotSchedule";
/// `whenUnsatisfiable: ScheduleAnyway`.
pub const SCHEDULE_ANYWAY: &str = "ScheduleAnyway";
/// The hostname label (per-node domains).
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// The zone label.
pub const LABEL_TOPOLOGY_ZONE: &str = "topology.kubernetes.io/zone";

/// `systemDefaultConstraints` (`defaultingType: System`): `(topologyKey, maxSkew)`, both
/// `ScheduleAnyway`, so they only score. They apply to a pod without constraints of its
/// own, with the selector of the Services, ReplicationControllers, ReplicaSets and
/// StatefulSets that own or select it (kubeplay: its controlling ReplicaSet).
pub const SYSTEM_DEFAULT_CONSTRAINTS: [(&str, i32); 2] =
    [(LABEL_HOSTNAME, 3), (LABEL_TOPOLOGY_ZONE, 5)];

/// A constraint as the plugin uses it (`topologySpreadConstraint`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpreadConstraint {
    /// `maxSkew`.
    pub max_skew: i32,
    /// `topologyKey`.
    pub topology_key: String,
    /// The label selector, with `matchLabelKeys` merged in.
    pub selector: Selector,
    /// `minDomains` (1 when unset).
    pub min_domains: i32,
    /// `nodeAffinityPolicy: Honor` (the default): only nodes matching the pod's
    /// nodeSelector and required node affinity count.
    pub honor_node_affinity: bool,
    /// `nodeTaintsPolicy: Honor` (default `Ignore`): nodes with taints the pod does not
    /// tolerate do not count.
    pub honor_node_taints: bool,
}

impl SpreadConstraint {
    /// `matchNodeInclusionPolicies`.
    fn includes(&self, pod: &Pod, node: &Node, affinity: &RequiredNodeAffinity) -> bool {
        if self.honor_node_affinity && !affinity.matches(node) {
            return false;
        }
        !(self.honor_node_taints
            && find_matching_untolerated_taint(
                &node.spec.taints,
                &pod.spec.tolerations,
                is_blocking_effect,
            )
            .is_some())
    }
}

/// `filterTopologySpreadConstraints`: the constraints with `whenUnsatisfiable == action`,
/// `matchLabelKeys` merged in with the pod's label values.
pub fn constraints_with_action(
    constraints: &[TopologySpreadConstraint],
    pod: &Pod,
    action: &str,
) -> Vec<SpreadConstraint> {
    constraints
        .iter()
        .filter(|c| c.when_unsatisfiable == action)
        .map(|c| {
            let mut selector = Selector::of(c.label_selector.as_ref());
            for k in &c.match_label_keys {
                if let Some(v) = pod.metadata.labels.get(k) {
                    selector = selector.with(Requirement::In(k.clone(), vec![v.clone()]));
                }
            }
            SpreadConstraint {
                max_skew: c.max_skew,
                topology_key: c.topology_key.clone(),
                selector,
                min_domains: c.min_domains.unwrap_or(1),
                honor_node_affinity: c.node_affinity_policy.as_deref() != Some("Ignore"),
                honor_node_taints: c.node_taints_policy.as_deref() == Some("Honor"),
            }
        })
        .collect()
}

/// `getConstraints` for `action`: the pod's own constraints, or else the system defaults
/// with the selector of its controller (none when it has no such controller).
pub fn constraints_of(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    action: &str,
) -> Vec<SpreadConstraint> {
    if !pod.spec.topology_spread_constraints.is_empty() {
        return constraints_with_action(&pod.spec.topology_spread_constraints, pod, action);
    }
    if action != SCHEDULE_ANYWAY {
        return Vec::new();
    }
    let selector = snapshot.default_spread_selector(pod);
    if selector.is_empty() {
        return Vec::new();
    }
    SYSTEM_DEFAULT_CONSTRAINTS
        .iter()
        .map(|(key, skew)| SpreadConstraint {
            max_skew: *skew,
            topology_key: key.to_string(),
            selector: selector.clone(),
            min_domains: 1,
            honor_node_affinity: true,
            honor_node_taints: false,
        })
        .collect()
}

/// `nodeLabelsMatchSpreadConstraints`: the node has every constraint's topology key.
pub fn node_has_all_keys(node: &Node, constraints: &[SpreadConstraint]) -> bool {
    constraints
        .iter()
        .all(|c| node.metadata.labels.contains_key(&c.topology_key))
}

/// `countPodsMatchSelector`: pods in `namespace`, not terminating, matching `selector`
/// (an empty selector counts nothing).
pub fn count_pods_match_selector(pods: &[PodInfo], selector: &Selector, namespace: &str) -> i64 {
    if selector.is_empty() {
        return 0;
    }
    pods.iter()
        .filter(|p| {
            p.pod.metadata.deletion_timestamp.is_none()
                && p.pod.metadata.namespace == namespace
                && selector.matches(&p.pod.metadata.labels)
        })
        .count() as i64
}

/// What PreFilter computed: per `DoNotSchedule` constraint, the matching pods per domain
/// and how many domains hold each count (whose smallest key is the global minimum).
#[derive(Clone, Debug, PartialEq)]
pub struct PreFilterState {
    /// The constraints.
    pub constraints: Vec<SpreadConstraint>,
    /// Per constraint: matching pods per topology value of the eligible nodes.
    pub tp_value_to_match_num: Vec<FnvMap<String, i64>>,
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
pub fn pre_filter(pod: &Pod, snapshot: &ClusterSnapshot) -> Option<PreFilterState> {
    let constraints = constraints_of(pod, snapshot, DO_NOT_SCHEDULE);
    if constraints.is_empty() {
        return None;
    }
    let required_affinity = RequiredNodeAffinity::of(pod);
    let mut counts: Vec<FnvMap<String, i64>> = vec![FnvMap::default(); constraints.len()];
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

/// What keeps the node out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "rule",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SpreadFailure {
    /// The node lacks the constraint's topology key.
    MissingTopologyKey {
        /// The key.
        topology_key: String,
    },
    /// Placing the pod here would make the skew exceed maxSkew.
    SkewTooHigh {
        /// The topology key.
        topology_key: String,
        /// The node's value for it.
        value: String,
        /// Matching pods in that domain.
        match_num: i64,
        /// 1 when the pod matches its own selector.
        self_match_num: i64,
        /// The global minimum (0 below minDomains).
        min_match_num: i64,
        /// maxSkew.
        max_skew: i32,
    },
}

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    let Some(s) = &state.topology_spread else {
        return Status::success();
    };
    let labels = &node.node.metadata.labels;
    for (i, c) in s.constraints.iter().enumerate() {
        let Some(value) = labels.get(&c.topology_key) else {
            return Status::new(
                Code::UnschedulableAndUnresolvable,
                NAME,
                vec![ERR_REASON_NODE_LABEL_NOT_MATCH.into()],
            )
            .with_detail(FilterDetail::TopologySpread(
                SpreadFailure::MissingTopologyKey {
                    topology_key: c.topology_key.clone(),
                },
            ));
        };
        let min_match_num = s.min_match_num(i);
        let self_match_num = i64::from(c.selector.matches(&state.pod.metadata.labels));
        let match_num = s.tp_value_to_match_num[i].get(value).copied().unwrap_or(0);
        if match_num + self_match_num - min_match_num > i64::from(c.max_skew) {
            return Status::new(
                Code::Unschedulable,
                NAME,
                vec![ERR_REASON_CONSTRAINTS_NOT_MATCH.into()],
            )
            .with_detail(FilterDetail::TopologySpread(SpreadFailure::SkewTooHigh {
                topology_key: c.topology_key.clone(),
                value: value.clone(),
                match_num,
                self_match_num,
                min_match_num,
                max_skew: c.max_skew,
            }));
        }
    }
    Status::success()
}

/// The explanation of the verdict.
pub fn explain(v: &Verdict) -> Text {
    match v.detail() {
        Some(FilterDetail::TopologySpread(SpreadFailure::MissingTopologyKey { topology_key })) => Text::new(
            format!("The pod spreads over `{topology_key}` with `whenUnsatisfiable: DoNotSchedule`, and the node has no `{topology_key}` label. Label the node, or use another topologyKey."),
            format!("Pod 以 `whenUnsatisfiable: DoNotSchedule` 按 `{topology_key}` 分布，而节点没有 `{topology_key}` 标签。给节点加上该标签，或换一个 topologyKey。"),
        ),
        Some(FilterDetail::TopologySpread(SpreadFailure::SkewTooHigh { topology_key, value, match_num, self_match_num, min_match_num, max_skew })) => {
            let skew = match_num + self_match_num - min_match_num;
            Text::new(
                format!("`{topology_key}={value}` already holds {match_num} matching pod(s) and the emptiest domain {min_match_num}; one more here makes the skew {skew}, above maxSkew {max_skew}. Add capacity in the emptier domains, raise maxSkew, or use `whenUnsatisfiable: ScheduleAnyway`."),
                format!("`{topology_key}={value}` 已有 {match_num} 个匹配的 Pod，而最空的域有 {min_match_num} 个；再放一个会使偏差（skew）变为 {skew}，超过 maxSkew {max_skew}。在较空的域中增加容量、调大 maxSkew，或改用 `whenUnsatisfiable: ScheduleAnyway`。"),
            )
        }
        _ if v.state.topology_spread.is_none() => Text::new(
            "The pod has no `DoNotSchedule` topology spread constraint.",
            "Pod 没有 `DoNotSchedule` 的拓扑分布约束。",
        ),
        _ => Text::new(
            "Placing the pod on the node keeps every `DoNotSchedule` topology spread constraint within its maxSkew.",
            "把 Pod 放在该节点上，每条 `DoNotSchedule` 拓扑分布约束的偏差都不超过 maxSkew。",
        ),
    }
}

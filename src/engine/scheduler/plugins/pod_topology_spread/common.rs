//! What PodTopologySpread's filter and score share (upstream `common.go`): the constraints
//! as the plugin reads them (the pod's own, or the system defaults), the node inclusion
//! policies and the count of matching pods.

use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::corev1::{
    find_matching_untolerated_taint, is_blocking_effect, RequiredNodeAffinity,
};
use crate::engine::scheduler::node_info::{ClusterSnapshot, PodInfo};
use crate::engine::scheduler::selector::{Requirement, Selector};

/// `whenUnsatisfiable: DoNotSchedule`.
pub const DO_NOT_SCHEDULE: &str = "DoNotSchedule";
/// `whenUnsatisfiable: ScheduleAnyway`.
pub const SCHEDULE_ANYWAY: &str = "ScheduleAnyway";
/// The hostname label (per-node domains).
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// The zone label.
pub const LABEL_TOPOLOGY_ZONE: &str = "topology.kubernetes.io/zone";

/// `systemDefaultConstraints` (`defaultingType: System`): `(topologyKey, maxSkew)`, both
/// `ScheduleAnyway`, so they only score.
pub const SYSTEM_DEFAULT_CONSTRAINTS: [(&str, i32); 2] =
    [(LABEL_HOSTNAME, 3), (LABEL_TOPOLOGY_ZONE, 5)];

/// The constraints a pod without constraints of its own gets (`PodTopologySpreadArgs`),
/// with the selector of the Services, ReplicationControllers, ReplicaSets and StatefulSets
/// that own or select it (kubeplay: its controlling ReplicaSet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultConstraints {
    /// The constraints (no selector of their own).
    pub constraints: Vec<TopologySpreadConstraint>,
    /// `defaultingType: System`: nodes missing a topology key still score.
    pub system_defaulted: bool,
}

impl DefaultConstraints {
    /// `defaultingType: System`: [`SYSTEM_DEFAULT_CONSTRAINTS`].
    pub fn system() -> DefaultConstraints {
        DefaultConstraints {
            constraints: SYSTEM_DEFAULT_CONSTRAINTS
                .iter()
                .map(|(key, skew)| TopologySpreadConstraint {
                    max_skew: *skew,
                    topology_key: key.to_string(),
                    when_unsatisfiable: SCHEDULE_ANYWAY.to_string(),
                    ..TopologySpreadConstraint::default()
                })
                .collect(),
            system_defaulted: true,
        }
    }

    /// `defaultingType: List` with `constraints`.
    pub fn list(constraints: Vec<TopologySpreadConstraint>) -> DefaultConstraints {
        DefaultConstraints {
            constraints,
            system_defaulted: false,
        }
    }
}

/// A constraint as the plugin uses it (`topologySpreadConstraint`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpreadConstraint {
    /// `maxSkew`.
    pub max_skew: i32,
    /// `topologyKey`.
    pub topology_key: String,
    /// The label selector, with `matchLabelKeys` merged in (again: see
    /// [`constraints_with_action`]).
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
    pub fn includes(&self, pod: &Pod, node: &Node, affinity: &RequiredNodeAffinity) -> bool {
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
/// `matchLabelKeys` merged in with the pod's label values (MatchLabelKeysInPodTopologySpread,
/// on in v1.35). The API server has merged them into the selector already when it created
/// the pod ([`crate::engine::api::match_label_keys`]); v1.35's scheduler still merges them
/// again here, which changes nothing for such a pod and serves a pod whose selector was
/// created without the merge (read from a cluster an older API server created it in).
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

/// `getConstraints` for `action`: the pod's own constraints, or else the default ones
/// (`buildDefaultConstraints`) with the selector of its controller (none when it has no
/// such controller).
pub fn constraints_of(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    action: &str,
    defaults: &DefaultConstraints,
) -> Vec<SpreadConstraint> {
    if !pod.spec.topology_spread_constraints.is_empty() {
        return constraints_with_action(&pod.spec.topology_spread_constraints, pod, action);
    }
    let mut constraints = constraints_with_action(&defaults.constraints, pod, action);
    if constraints.is_empty() {
        return constraints;
    }
    let selector = snapshot.default_spread_selector(pod);
    if selector.is_empty() {
        return Vec::new();
    }
    for c in &mut constraints {
        c.selector = selector.clone();
    }
    constraints
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
            !p.terminating
                && p.pod.metadata.namespace == namespace
                && selector.matches(&p.pod.metadata.labels)
        })
        .count() as i64
}

//! `InterPodAffinity`: the pod's required pod affinity and anti-affinity, and the required
//! anti-affinity of the pods already running, counted per topology domain once per cycle
//! (PreFilter) and read per node (Filter); [`scoring`] holds the preferred terms' score.
//!
//! PreFilter walks the snapshot once: every pod against the incoming pod's required terms,
//! and the pods with required anti-affinity (on the nodes that have any) against the
//! incoming pod. Filter then only looks up the node's topology values. Preemption's dry run
//! keeps the counts current through [`PreFilterState::add_pod`] / [`remove_pod`](PreFilterState::remove_pod).

pub mod pre_filter;
pub mod scoring;

#[cfg(test)]
mod filtering_tests;
#[cfg(test)]
mod scoring_tests;

use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::detail::{AffinityFailure, FilterDetail};
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

use pre_filter::{pod_matches_all_affinity_terms, PreFilterState};

/// The plugin name.
pub const NAME: &str = "InterPodAffinity";
/// The reason when running pods' required anti-affinity rejects the pod on the node.
pub const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";
/// The reason when the pod's required affinity is not met on the node.
pub const ERR_REASON_AFFINITY_RULES_NOT_MATCH: &str = "node(s) didn't match pod affinity rules";
/// The reason when the pod's required anti-affinity is violated on the node.
pub const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH: &str =
    "node(s) didn't match pod anti-affinity rules";

/// `satisfyPodAffinity`, with the first failure.
fn pod_affinity_failure(s: &PreFilterState, pod: &Pod, node: &Node) -> Option<AffinityFailure> {
    let mut no_pods = None;
    for t in &s.terms.required_affinity {
        match node.metadata.labels.get(&t.topology_key) {
            Some(v) => {
                if s.affinity_counts.get(&t.topology_key, v) <= 0 && no_pods.is_none() {
                    no_pods = Some(AffinityFailure::NoMatchingPods {
                        topology_key: t.topology_key.clone(),
                        value: v.clone(),
                    });
                }
            }
            None => {
                return Some(AffinityFailure::MissingTopologyKey {
                    topology_key: t.topology_key.clone(),
                })
            }
        }
    }
    let failure = no_pods?;
    // The first pod of a group with affinity to itself: when no pod matches anywhere and
    // the pod matches its own terms, any node with the topology keys will do.
    if s.affinity_counts.is_empty()
        && pod_matches_all_affinity_terms(&s.terms.required_affinity, pod)
    {
        return None;
    }
    Some(failure)
}

/// `satisfyPodAntiAffinity`, with the first term violated.
fn pod_anti_affinity_failure(s: &PreFilterState, node: &Node) -> Option<AffinityFailure> {
    s.terms.required_anti_affinity.iter().find_map(|t| {
        let v = node.metadata.labels.get(&t.topology_key)?;
        let pods = s.anti_affinity_counts.get(&t.topology_key, v);
        (pods > 0).then(|| AffinityFailure::AntiAffinity {
            topology_key: t.topology_key.clone(),
            value: v.clone(),
            pods,
        })
    })
}

/// `satisfyExistingPodsAntiAffinity`, with the first of the node's labels (in key order)
/// that running pods' anti-affinity excludes.
fn existing_anti_affinity_failure(s: &PreFilterState, node: &Node) -> Option<AffinityFailure> {
    if s.existing_anti_affinity_counts.is_empty() {
        return None;
    }
    node.metadata.labels.iter().find_map(|(k, v)| {
        let terms = s.existing_anti_affinity_counts.get(k, v);
        (terms > 0).then(|| AffinityFailure::ExistingAntiAffinity {
            topology_key: k.clone(),
            value: v.clone(),
            terms,
        })
    })
}

/// The filter: the pod's required affinity (UnschedulableAndUnresolvable: removing pods
/// cannot add a matching one), then its required anti-affinity and the running pods'
/// anti-affinity (Unschedulable: evicting pods can help).
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    let Some(s) = &state.inter_pod_affinity else {
        return Status::success();
    };
    let n = &node.node;
    let (code, reason, failure) = if let Some(f) = pod_affinity_failure(s, state.pod, n) {
        (
            Code::UnschedulableAndUnresolvable,
            ERR_REASON_AFFINITY_RULES_NOT_MATCH,
            f,
        )
    } else if let Some(f) = pod_anti_affinity_failure(s, n) {
        (
            Code::Unschedulable,
            ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
            f,
        )
    } else if let Some(f) = existing_anti_affinity_failure(s, n) {
        (
            Code::Unschedulable,
            ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
            f,
        )
    } else {
        return Status::success();
    };
    Status::new(code, NAME, vec![reason.into()])
        .with_detail(FilterDetail::InterPodAffinity(failure))
}

/// The explanation of the verdict.
pub fn explain(v: &Verdict) -> Text {
    match v.detail() {
        Some(FilterDetail::InterPodAffinity(f)) => match f {
            AffinityFailure::MissingTopologyKey { topology_key } => Text::new(
                format!("The pod's required pod affinity counts pods per `{topology_key}`, and the node has no `{topology_key}` label. Label the node, or change the term's topologyKey."),
                format!("Pod 的必需 Pod 亲和性按 `{topology_key}` 统计 Pod，而节点没有 `{topology_key}` 标签。给节点加上该标签，或修改该条款的 topologyKey。"),
            ),
            AffinityFailure::NoMatchingPods { topology_key, value } => Text::new(
                format!("The pod's required pod affinity wants a matching pod in the same `{topology_key}` domain, and none runs in `{topology_key}={value}`. Run a matching pod there first, or relax the affinity (evicting pods cannot help)."),
                format!("Pod 的必需 Pod 亲和性要求同一 `{topology_key}` 域内有匹配的 Pod，而 `{topology_key}={value}` 中没有。先在那里运行一个匹配的 Pod，或放宽亲和性（驱逐 Pod 无济于事）。"),
            ),
            AffinityFailure::AntiAffinity { topology_key, value, pods } => Text::new(
                format!("The pod's required pod anti-affinity keeps it away from `{topology_key}={value}`, where {pods} matching pod(s) run. Add nodes in another `{topology_key}` domain, remove those pods, or relax the anti-affinity."),
                format!("Pod 的必需 Pod 反亲和性使其避开 `{topology_key}={value}`，那里运行着 {pods} 个匹配的 Pod。在另一个 `{topology_key}` 域中增加节点、移除这些 Pod，或放宽反亲和性。"),
            ),
            AffinityFailure::ExistingAntiAffinity { topology_key, value, terms } => Text::new(
                format!("{terms} required pod anti-affinity term(s) of pods already running in `{topology_key}={value}` exclude this pod from that domain. Move those pods, or change their anti-affinity."),
                format!("已在 `{topology_key}={value}` 中运行的 Pod 有 {terms} 条必需 Pod 反亲和性条款把该 Pod 排除在这个域之外。迁走这些 Pod，或修改它们的反亲和性。"),
            ),
        },
        _ if v.state.inter_pod_affinity.is_none() => Text::new(
            "The pod has no required pod affinity or anti-affinity, and no running pod's anti-affinity matches it.",
            "Pod 没有必需的 Pod 亲和性或反亲和性，也没有运行中的 Pod 的反亲和性与之匹配。",
        ),
        _ => Text::new(
            "The node satisfies the pod's required pod affinity and anti-affinity, and the anti-affinity of the pods already running.",
            "节点满足 Pod 的必需 Pod 亲和性与反亲和性，以及已运行 Pod 的反亲和性。",
        ),
    }
}

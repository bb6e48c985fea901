//! `PodTopologySpread`: the pod's `topologySpreadConstraints` (or the system default
//! constraints), matching pods counted per topology domain once per cycle (PreFilter), the
//! skew checked per node for `DoNotSchedule` (Filter); [`scoring`] holds the
//! `ScheduleAnyway` score.
//!
//! Upstream keeps the global minimum per constraint exact under preemption's one-pod
//! updates; here a count histogram per constraint does the same ([`PreFilterState`]).

pub mod common;
pub mod pre_filter;
pub mod scoring;

#[cfg(test)]
mod filtering_tests;
#[cfg(test)]
mod pre_filter_tests;
#[cfg(test)]
mod scoring_tests;

use crate::engine::scheduler::detail::{FilterDetail, SpreadFailure};
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "PodTopologySpread";
/// The reason when placing the pod on the node would exceed a constraint's maxSkew.
pub const ERR_REASON_CONSTRAINTS_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints";
/// The reason when the node lacks a constraint's topology key.
pub const ERR_REASON_NODE_LABEL_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";
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

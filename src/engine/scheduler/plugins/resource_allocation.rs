//! NodeResourcesFit's scoring strategies (`resource_allocation.go`, `least_allocated.go`,
//! `most_allocated.go`, `requested_to_capacity_ratio.go`): LeastAllocated (the default),
//! MostAllocated and RequestedToCapacityRatio, each over the configured resources and
//! weights. cpu and memory count the non-zero requests (100m and 200Mi for a container that
//! states none); an extended resource the pod does not request, and a resource the node does
//! not have, are left out of the weighted mean.

use serde::Serialize;

pub use crate::engine::api::scheduler_config::{
    ResourceSpec, ShapePoint, MAX_CUSTOM_PRIORITY_SCORE,
};
use crate::engine::scheduler::node_info::NodeInfo;
use crate::engine::scheduler::resources::{is_scalar_resource_name, Resource};

use super::helper::MAX_NODE_SCORE;

/// `maxUtilization`: utilisation is measured in percent.
const MAX_UTILIZATION: i64 = 100;

/// `config.ScoringStrategyType` with its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum StrategyType {
    /// Favour the nodes with the most room left (spreading).
    LeastAllocated,
    /// Favour the fullest nodes (bin packing).
    MostAllocated,
    /// Score each resource's utilisation by a broken-linear shape.
    RequestedToCapacityRatio {
        /// The shape, by increasing utilisation.
        shape: Vec<ShapePoint>,
    },
}

/// `config.ScoringStrategy`: NodeResourcesFit's score strategy and resources.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoringStrategy {
    /// The strategy.
    #[serde(flatten)]
    pub kind: StrategyType,
    /// The resources scored, with weights.
    pub resources: Vec<ResourceSpec>,
}

impl Default for ScoringStrategy {
    /// LeastAllocated over cpu and memory, weight 1 each (`SetDefaults_NodeResourcesFitArgs`).
    fn default() -> ScoringStrategy {
        ScoringStrategy {
            kind: StrategyType::LeastAllocated,
            resources: vec![
                ResourceSpec {
                    name: "cpu".into(),
                    weight: 1,
                },
                ResourceSpec {
                    name: "memory".into(),
                    weight: 1,
                },
            ],
        }
    }
}

/// `(allocatable, requested including the pod)` of one resource on the node, or `None` when
/// the resource is left out (an extended resource the pod does not request).
fn allocatable_and_requested(
    name: &str,
    pod_non_zero: &Resource,
    pod_requests: &Resource,
    node: &NodeInfo,
) -> Option<(i64, i64)> {
    let (alloc, used, pod) = match name {
        "cpu" => (
            node.allocatable.milli_cpu,
            node.non_zero_requested.milli_cpu,
            pod_non_zero.milli_cpu,
        ),
        "memory" => (
            node.allocatable.memory,
            node.non_zero_requested.memory,
            pod_non_zero.memory,
        ),
        "ephemeral-storage" => (
            node.allocatable.ephemeral_storage,
            node.requested.ephemeral_storage,
            pod_requests.ephemeral_storage,
        ),
        _ => {
            let pod = pod_requests.scalar(name);
            if pod == 0 && is_scalar_resource_name(name) {
                return None;
            }
            (
                node.allocatable.scalar(name),
                node.requested.scalar(name),
                pod,
            )
        }
    };
    Some((alloc, used.saturating_add(pod)))
}

fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    let free = i128::from(capacity) - i128::from(requested);
    (free * i128::from(MAX_NODE_SCORE) / i128::from(capacity)) as i64
}

fn most_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 {
        return 0;
    }
    let requested = requested.min(capacity);
    (i128::from(requested) * i128::from(MAX_NODE_SCORE) / i128::from(capacity)) as i64
}

/// `helper.BuildBrokenLinearFunction`: the shape's value at `p`, linear between points and
/// flat beyond the ends.
pub fn broken_linear(shape: &[ShapePoint], p: i64) -> i64 {
    for (i, point) in shape.iter().enumerate() {
        if p <= point.utilization {
            if i == 0 {
                return point.score;
            }
            let prev = shape[i - 1];
            return prev.score
                + (point.score - prev.score) * (p - prev.utilization)
                    / (point.utilization - prev.utilization);
        }
    }
    shape.last().map_or(0, |p| p.score)
}

/// `scaledUtilization`: `requested × 100 / capacity`, clamped to `0..=100`.
fn scaled_utilization(requested: i64, capacity: i64) -> i64 {
    if capacity <= 0 || requested <= 0 {
        return 0;
    }
    if requested >= capacity {
        return MAX_UTILIZATION;
    }
    (i128::from(requested) * i128::from(MAX_UTILIZATION) / i128::from(capacity)) as i64
}

/// NodeResourcesFit's Score for `node` under `strategy`, from the pod's non-zero and actual
/// requests.
pub fn score(
    strategy: &ScoringStrategy,
    pod_non_zero: &Resource,
    pod_requests: &Resource,
    node: &NodeInfo,
) -> i64 {
    let scaled: Vec<ShapePoint> = match &strategy.kind {
        StrategyType::RequestedToCapacityRatio { shape } => shape
            .iter()
            .map(|p| ShapePoint {
                utilization: p.utilization,
                score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut node_score: i64 = 0;
    let mut weight_sum: i64 = 0;
    for resource in &strategy.resources {
        let Some((alloc, requested)) =
            allocatable_and_requested(&resource.name, pod_non_zero, pod_requests, node)
        else {
            continue;
        };
        if alloc == 0 {
            continue;
        }
        let resource_score = match &strategy.kind {
            StrategyType::LeastAllocated => least_requested_score(requested, alloc),
            StrategyType::MostAllocated => most_requested_score(requested, alloc),
            StrategyType::RequestedToCapacityRatio { .. } => {
                let utilization = if requested > alloc {
                    MAX_UTILIZATION
                } else {
                    scaled_utilization(requested, alloc)
                };
                let s = broken_linear(&scaled, utilization);
                if s <= 0 {
                    // RequestedToCapacityRatio counts only resources that score.
                    continue;
                }
                s
            }
        };
        node_score = node_score.saturating_add(resource_score.saturating_mul(resource.weight));
        weight_sum += resource.weight;
    }
    if weight_sum == 0 {
        return 0;
    }
    match strategy.kind {
        StrategyType::RequestedToCapacityRatio { .. } => {
            (node_score as f64 / weight_sum as f64).round() as i64
        }
        _ => node_score / weight_sum,
    }
}

#[cfg(test)]
#[path = "resource_allocation_tests.rs"]
mod tests;

//! A PodDisruptionBudget (`policy/v1`): minAvailable or maxUnavailable, selector,
//! unhealthyPodEvictionPolicy, status.

use super::common::{label_selector, object_meta};
use super::fields::Fields;
use super::scalar::int_or_percent;
use crate::engine::api::policy::*;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::node::Node;

/// One `metav1.Condition` of the status.
fn budget_condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<BudgetCondition> {
    let mut f = Fields::open(ctx, node, path)?;
    let c = BudgetCondition {
        type_: f.string(ctx, "type").unwrap_or_default(),
        status: f.string(ctx, "status").unwrap_or_default(),
        observed_generation: f.int(ctx, "observedGeneration"),
        last_transition_time: f.string(ctx, "lastTransitionTime"),
        reason: f.string(ctx, "reason").unwrap_or_default(),
        message: f.string(ctx, "message").unwrap_or_default(),
    };
    f.finish(ctx, CONDITION_TYPED, &[]);
    Some(c)
}

/// `pdb.status`.
fn status(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodDisruptionBudgetStatus> {
    let mut f = Fields::open(ctx, node, path)?;
    let s = PodDisruptionBudgetStatus {
        observed_generation: f.int(ctx, "observedGeneration").unwrap_or(0),
        disrupted_pods: f.string_map(ctx, "disruptedPods"),
        disruptions_allowed: f.int32(ctx, "disruptionsAllowed").unwrap_or(0),
        current_healthy: f.int32(ctx, "currentHealthy").unwrap_or(0),
        desired_healthy: f.int32(ctx, "desiredHealthy").unwrap_or(0),
        expected_pods: f.int32(ctx, "expectedPods").unwrap_or(0),
        conditions: f.list(ctx, "conditions", budget_condition),
    };
    f.finish(ctx, STATUS_TYPED, &[]);
    Some(s)
}

/// A PodDisruptionBudget. `policy/v1` has no defaults beyond the metadata's.
pub fn pod_disruption_budget(ctx: &mut Ctx, f: &mut Fields<'_>) -> PodDisruptionBudget {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = PodDisruptionBudgetSpec::default();
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.min_available = g.object(ctx, "minAvailable", int_or_percent);
            spec.max_unavailable = g.object(ctx, "maxUnavailable", int_or_percent);
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.unhealthy_pod_eviction_policy = g.string(ctx, "unhealthyPodEvictionPolicy");
            g.finish(ctx, SPEC_TYPED, &[]);
        }
    }
    let status = f.object(ctx, "status", status).unwrap_or_default();
    PodDisruptionBudget {
        metadata,
        spec,
        status,
    }
}

/// `policy/v1.PodDisruptionBudgetSpec`: every field is modelled.
const SPEC_TYPED: &[&str] = &[
    "minAvailable",
    "maxUnavailable",
    "selector",
    "unhealthyPodEvictionPolicy",
];

/// `policy/v1.PodDisruptionBudgetStatus`: every field is modelled.
const STATUS_TYPED: &[&str] = &[
    "observedGeneration",
    "disruptedPods",
    "disruptionsAllowed",
    "currentHealthy",
    "desiredHealthy",
    "expectedPods",
    "conditions",
];

/// `metav1.Condition`: every field is modelled.
const CONDITION_TYPED: &[&str] = &[
    "type",
    "status",
    "observedGeneration",
    "lastTransitionTime",
    "reason",
    "message",
];

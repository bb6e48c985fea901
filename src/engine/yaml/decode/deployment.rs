//! A Deployment (`apps/v1`): replicas, selector, pod template, strategy, status.

use super::common::{deployment_condition, label_selector, object_meta};
use super::fields::Fields;
use super::pod::pod_template;
use super::scalar::int_or_percent;
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::node::Node;

/// `spec.strategy`. An empty `type` decodes as `Other("")`, which defaulting replaces.
fn strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DeploymentStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = match f.string(ctx, "type").unwrap_or_default().as_str() {
        "RollingUpdate" => DeploymentStrategyType::RollingUpdate,
        "Recreate" => DeploymentStrategyType::Recreate,
        other => DeploymentStrategyType::Other(other.to_string()),
    };
    let rolling_update = f.object(ctx, "rollingUpdate", |ctx, n, p| {
        let mut g = Fields::open(ctx, n, p)?;
        let max_unavailable = g.object(ctx, "maxUnavailable", int_or_percent);
        let max_surge = g.object(ctx, "maxSurge", int_or_percent);
        g.finish(ctx, &["maxUnavailable", "maxSurge"], &[]);
        Some(RollingUpdateDeployment {
            max_unavailable,
            max_surge,
        })
    });
    f.finish(ctx, &["type", "rollingUpdate"], &[]);
    Some(DeploymentStrategy {
        type_,
        rolling_update,
    })
}

/// A Deployment. `replicas` (1) and `revisionHistoryLimit` (10) are filled in while decoding,
/// as their types have no "unset"; the rest of `SetDefaults_Deployment` is in
/// [`crate::engine::yaml::defaults::default_deployment`].
pub fn deployment(ctx: &mut Ctx, f: &mut Fields<'_>) -> Deployment {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = DeploymentSpec {
        replicas: 1,
        selector: None,
        template: PodTemplateSpec::default(),
        strategy: DeploymentStrategy {
            type_: DeploymentStrategyType::Other(String::new()),
            rolling_update: None,
        },
        min_ready_seconds: 0,
        revision_history_limit: 10,
        paused: false,
        progress_deadline_seconds: None,
    };
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.replicas = g.int32(ctx, "replicas").unwrap_or(1);
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.template = g.object(ctx, "template", pod_template).unwrap_or_default();
            if let Some(s) = g.object(ctx, "strategy", strategy) {
                spec.strategy = s;
            }
            spec.min_ready_seconds = g.int32(ctx, "minReadySeconds").unwrap_or(0);
            spec.revision_history_limit = g.int32(ctx, "revisionHistoryLimit").unwrap_or(10);
            spec.paused = g.bool(ctx, "paused").unwrap_or(false);
            spec.progress_deadline_seconds = g.int32(ctx, "progressDeadlineSeconds");
            g.finish(ctx, SPEC_TYPED, &[]);
        }
    }
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = DeploymentStatus {
                observed_generation: g.int(ctx, "observedGeneration").unwrap_or(0),
                replicas: g.int32(ctx, "replicas").unwrap_or(0),
                updated_replicas: g.int32(ctx, "updatedReplicas").unwrap_or(0),
                ready_replicas: g.int32(ctx, "readyReplicas").unwrap_or(0),
                available_replicas: g.int32(ctx, "availableReplicas").unwrap_or(0),
                unavailable_replicas: g.int32(ctx, "unavailableReplicas").unwrap_or(0),
                terminating_replicas: g.int32(ctx, "terminatingReplicas"),
                conditions: g.list(ctx, "conditions", deployment_condition),
                collision_count: g.int32(ctx, "collisionCount"),
            };
            g.finish(ctx, STATUS_TYPED, &[]);
            Some(s)
        })
        .unwrap_or_default();
    Deployment {
        metadata,
        spec,
        status,
    }
}

/// `apps/v1.DeploymentSpec`: every field is modelled.
const SPEC_TYPED: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "paused",
    "progressDeadlineSeconds",
];

/// `apps/v1.DeploymentStatus`: every field is modelled.
const STATUS_TYPED: &[&str] = &[
    "observedGeneration",
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
    "terminatingReplicas",
    "conditions",
    "collisionCount",
];

//! A Deployment (`ValidateDeployment` on create, and `ValidateDeploymentStatus` for the
//! status the input states): replicas, selector against the template's labels, the pod
//! template, the strategy, the progress deadline.

use super::apps::{
    int_or_percent_text, int_or_percent_value, nonnegative, not_more_than_100_percent,
    positive_int_or_percent,
};
use super::common::{forbidden, invalid, object_meta, required};
use super::replica_set::{replicas_spec, ReplicasSpec};
use crate::engine::api::types::IntOrPercent;
use crate::engine::api::workloads::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx};

/// Upstream `ValidateRollingUpdateDeployment`.
fn rolling_update(ctx: &mut Ctx, ru: &RollingUpdateDeployment, path: &str) {
    // The internal type holds values, not pointers: an unset one is the integer 0.
    let zero = IntOrPercent::Int(0);
    let max_unavailable = ru.max_unavailable.as_ref().unwrap_or(&zero);
    let max_surge = ru.max_surge.as_ref().unwrap_or(&zero);
    let unavailable_path = child(path, "maxUnavailable");
    positive_int_or_percent(ctx, max_unavailable, &unavailable_path);
    positive_int_or_percent(ctx, max_surge, &child(path, "maxSurge"));
    if int_or_percent_value(max_unavailable).0 == 0 && int_or_percent_value(max_surge).0 == 0 {
        invalid(
            ctx,
            &unavailable_path,
            &int_or_percent_text(max_unavailable),
            "may not be 0 when `maxSurge` is 0",
        );
    }
    not_more_than_100_percent(ctx, max_unavailable, &unavailable_path);
}

/// How a field error shows an unsupported `apps.DeploymentStrategy` (Go's `%#v`).
fn strategy_text(type_: &str, rolling_update: Option<&RollingUpdateDeployment>) -> String {
    let ru = match rolling_update {
        None => "(*apps.RollingUpdateDeployment)(nil)".to_string(),
        Some(ru) => {
            let show = |v: &Option<IntOrPercent>| match v {
                None => "(*intstr.IntOrString)(nil)".to_string(),
                Some(v) => go_quote(&int_or_percent_text(v)),
            };
            format!(
                "&apps.RollingUpdateDeployment{{MaxUnavailable:{}, MaxSurge:{}}}",
                show(&ru.max_unavailable),
                show(&ru.max_surge)
            )
        }
    };
    format!(
        "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
        go_quote(type_)
    )
}

/// Upstream `ValidateDeploymentStrategy`.
fn strategy(ctx: &mut Ctx, s: &DeploymentStrategy, path: &str) {
    let ru_path = child(path, "rollingUpdate");
    match &s.type_ {
        DeploymentStrategyType::Recreate => {
            if s.rolling_update.is_some() {
                forbidden(
                    ctx,
                    &ru_path,
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        DeploymentStrategyType::RollingUpdate => match &s.rolling_update {
            None => required(ctx, &ru_path, "this should be defaulted and never be nil"),
            Some(ru) => rolling_update(ctx, ru, &ru_path),
        },
        DeploymentStrategyType::Other(t) => {
            let value = strategy_text(t, s.rolling_update.as_ref());
            ctx.field_error_near(
                path,
                &child(path, "type"),
                &format!(
                    "Unsupported value: {value}: supported values: \"Recreate\", \"RollingUpdate\""
                ),
            );
        }
    }
}

/// Upstream `ValidateDeploymentSpec` (create).
fn spec(ctx: &mut Ctx, spec: &DeploymentSpec) {
    replicas_spec(
        ctx,
        &ReplicasSpec {
            kind: "Deployment",
            replicas: spec.replicas,
            min_ready_seconds: None,
            selector: spec.selector.as_ref(),
            template: &spec.template,
        },
    );
    strategy(ctx, &spec.strategy, "spec.strategy");
    nonnegative(
        ctx,
        i64::from(spec.min_ready_seconds),
        "spec.minReadySeconds",
    );
    nonnegative(
        ctx,
        i64::from(spec.revision_history_limit),
        "spec.revisionHistoryLimit",
    );
    if let Some(deadline) = spec.progress_deadline_seconds {
        let path = "spec.progressDeadlineSeconds";
        nonnegative(ctx, i64::from(deadline), path);
        if deadline <= spec.min_ready_seconds {
            invalid(
                ctx,
                path,
                &deadline.to_string(),
                "must be greater than minReadySeconds",
            );
        }
    }
}

/// Upstream `ValidateDeploymentStatus` at `path`.
pub fn status(ctx: &mut Ctx, status: &DeploymentStatus, path: &str) {
    let at = |field: &str| child(path, field);
    nonnegative(ctx, status.observed_generation, &at("observedGeneration"));
    for (field, value) in [
        ("replicas", status.replicas),
        ("updatedReplicas", status.updated_replicas),
        ("readyReplicas", status.ready_replicas),
        ("availableReplicas", status.available_replicas),
        ("unavailableReplicas", status.unavailable_replicas),
    ] {
        nonnegative(ctx, i64::from(value), &at(field));
    }
    if let Some(terminating) = status.terminating_replicas {
        nonnegative(ctx, i64::from(terminating), &at("terminatingReplicas"));
    }
    if let Some(count) = status.collision_count {
        nonnegative(ctx, i64::from(count), &at("collisionCount"));
    }
    let over_replicas = "cannot be greater than status.replicas";
    for (field, value) in [
        ("updatedReplicas", status.updated_replicas),
        ("readyReplicas", status.ready_replicas),
        ("availableReplicas", status.available_replicas),
    ] {
        if value > status.replicas {
            invalid(ctx, &at(field), &value.to_string(), over_replicas);
        }
    }
    if status.available_replicas > status.ready_replicas {
        invalid(
            ctx,
            &at("availableReplicas"),
            &status.available_replicas.to_string(),
            "cannot be greater than readyReplicas",
        );
    }
}

/// Upstream `ValidateDeployment` (create), then `ValidateDeploymentStatus` of the status the
/// input states (a pasted `kubectl get -o yaml` carries one; an absent status is all zeros
/// and passes).
pub fn deployment(ctx: &mut Ctx, deployment: &Deployment) {
    object_meta(ctx, &deployment.metadata, true, "metadata");
    spec(ctx, &deployment.spec);
    status(ctx, &deployment.status, "status");
}

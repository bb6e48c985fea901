//! A StatefulSet (`ValidateStatefulSet` on create, and `ValidateStatefulSetStatus` for the
//! status the input states).

use super::apps::{
    hint_missing_selector, int_or_percent_go_value, int_or_percent_text, int_or_percent_value,
    label_selector_go_value, label_selector_matches, nonnegative, not_more_than_100_percent,
    positive_int_or_percent, selector_mismatch,
};
use super::common::{
    annotations, forbidden, invalid, label_selector, labels_at, not_supported, object_meta,
    required,
};
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx};

/// How a field error shows a `*apps.RollingUpdateStatefulSetStrategy` (dereferenced).
pub fn rolling_update_text(ru: &RollingUpdateStatefulSet) -> String {
    let max_unavailable = match &ru.max_unavailable {
        None => "(*intstr.IntOrString)(nil)".to_string(),
        Some(v) => go_quote(&int_or_percent_text(v)),
    };
    format!(
        "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{max_unavailable}}}",
        ru.partition
    )
}

/// Upstream `validateRollingUpdateStatefulSet`.
fn rolling_update(ctx: &mut Ctx, ru: &RollingUpdateStatefulSet, path: &str) {
    nonnegative(ctx, i64::from(ru.partition), &child(path, "partition"));
    if let Some(max_unavailable) = &ru.max_unavailable {
        let at = child(path, "maxUnavailable");
        positive_int_or_percent(ctx, max_unavailable, &at);
        if int_or_percent_value(max_unavailable).0 == 0 {
            invalid(
                ctx,
                &at,
                &int_or_percent_go_value(max_unavailable),
                "cannot be 0",
            );
        }
        not_more_than_100_percent(ctx, max_unavailable, &at);
    }
}

/// The `updateStrategy` switch of `ValidateStatefulSetSpec`.
fn update_strategy(ctx: &mut Ctx, strategy: &StatefulSetUpdateStrategy) {
    let path = "spec.updateStrategy";
    match &strategy.type_ {
        UpdateStrategyType::Other(t) if t.is_empty() => required(ctx, path, ""),
        UpdateStrategyType::OnDelete => {
            if let Some(ru) = &strategy.rolling_update {
                invalid(
                    ctx,
                    &child(path, "rollingUpdate"),
                    &rolling_update_text(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        UpdateStrategyType::RollingUpdate => {
            if let Some(ru) = &strategy.rolling_update {
                rolling_update(ctx, ru, &child(path, "rollingUpdate"));
            }
        }
        UpdateStrategyType::Other(t) => {
            let ru = match &strategy.rolling_update {
                None => "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
                Some(ru) => format!("&{}", rolling_update_text(ru)),
            };
            let value = format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{ru}}}",
                go_quote(t)
            );
            ctx.field_error_near(
                path,
                &child(path, "type"),
                &format!("Invalid value: {value}: must be 'RollingUpdate' or 'OnDelete'"),
            );
        }
    }
}

/// Upstream `validatePersistentVolumeClaimRetentionPolicyType` for both fields.
fn retention_policy(ctx: &mut Ctx, policy: &Option<PersistentVolumeClaimRetentionPolicy>) {
    let Some(policy) = policy else {
        return;
    };
    let path = "spec.persistentVolumeClaimRetentionPolicy";
    for (field, value) in [
        ("whenDeleted", &policy.when_deleted),
        ("whenScaled", &policy.when_scaled),
    ] {
        if value != "Retain" && value != "Delete" {
            not_supported(
                ctx,
                &child(path, field),
                &go_quote(value),
                &["Retain", "Delete"],
            );
        }
    }
}

/// Upstream `ValidatePodTemplateSpecForStatefulSet` and the template checks after it. As
/// upstream, the pod spec itself is not validated (its volumes may name claim templates).
fn template(ctx: &mut Ctx, spec: &StatefulSetSpec, selector_converts: bool) {
    let template = &spec.template;
    if selector_converts {
        if let Some(sel) = &spec.selector {
            let empty = sel.match_labels.is_empty() && sel.match_expressions.is_empty();
            if !empty && label_selector_matches(sel, &template.metadata.labels) == Some(false) {
                selector_mismatch(ctx, &template.metadata.labels);
            }
        }
        labels_at(
            ctx,
            &template.metadata.labels,
            "spec.template.labels",
            "spec.template.metadata.labels",
        );
        annotations(
            ctx,
            &template.metadata.annotations,
            "spec.template.annotations",
            "spec.template.metadata.annotations",
        );
    }
    let restart_policy = &template.spec.restart_policy;
    if restart_policy != "Always" {
        not_supported(
            ctx,
            "spec.template.spec.restartPolicy",
            &go_quote(restart_policy),
            &["Always"],
        );
    }
    if template.spec.active_deadline_seconds.is_some() {
        forbidden(
            ctx,
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        );
    }
}

/// Upstream `ValidateStatefulSetSpec`.
fn spec(ctx: &mut Ctx, spec: &StatefulSetSpec) {
    match &spec.pod_management_policy {
        PodManagementPolicy::OrderedReady | PodManagementPolicy::Parallel => {}
        PodManagementPolicy::Other(p) if p.is_empty() => {
            required(ctx, "spec.podManagementPolicy", "")
        }
        PodManagementPolicy::Other(p) => invalid(
            ctx,
            "spec.podManagementPolicy",
            &go_quote(p),
            "must be 'OrderedReady' or 'Parallel'",
        ),
    }
    update_strategy(ctx, &spec.update_strategy);
    retention_policy(ctx, &spec.persistent_volume_claim_retention_policy);
    nonnegative(ctx, i64::from(spec.replicas), "spec.replicas");
    nonnegative(
        ctx,
        i64::from(spec.min_ready_seconds),
        "spec.minReadySeconds",
    );
    if let Some(start) = spec.ordinals_start {
        nonnegative(ctx, i64::from(start), "spec.ordinals.start");
    }
    let mut converts = true;
    match &spec.selector {
        None => {
            required(ctx, "spec.selector", "");
            hint_missing_selector(ctx);
        }
        Some(sel) => {
            let before = ctx.diags.len();
            label_selector(ctx, sel, "spec.selector");
            converts = !ctx.errors_since(before);
            if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
                invalid(
                    ctx,
                    "spec.selector",
                    &label_selector_go_value(sel),
                    "empty selector is invalid for statefulset",
                );
            }
            if !converts {
                // `field.Invalid` with no detail.
                ctx.field_error(
                    "spec.selector",
                    &format!("Invalid value: {}", label_selector_go_value(sel)),
                );
            }
        }
    }
    template(ctx, spec, converts);
}

/// Upstream `ValidateStatefulSetStatus` at `path`.
pub fn status(ctx: &mut Ctx, status: &StatefulSetStatus, path: &str) {
    let at = |field: &str| child(path, field);
    for (field, value) in [
        ("replicas", status.replicas),
        ("readyReplicas", status.ready_replicas),
        ("currentReplicas", status.current_replicas),
        ("updatedReplicas", status.updated_replicas),
        ("availableReplicas", status.available_replicas),
    ] {
        nonnegative(ctx, i64::from(value), &at(field));
    }
    nonnegative(ctx, status.observed_generation, &at("observedGeneration"));
    if let Some(collisions) = status.collision_count {
        nonnegative(ctx, i64::from(collisions), &at("collisionCount"));
    }
    let over_replicas = "cannot be greater than status.replicas";
    for (field, value) in [
        ("readyReplicas", status.ready_replicas),
        ("currentReplicas", status.current_replicas),
        ("updatedReplicas", status.updated_replicas),
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

/// Upstream `ValidateStatefulSet` (create), then `ValidateStatefulSetStatus` of the status
/// the input states.
pub fn stateful_set(ctx: &mut Ctx, stateful_set: &StatefulSet) {
    object_meta(ctx, &stateful_set.metadata, true, "metadata");
    spec(ctx, &stateful_set.spec);
    status(ctx, &stateful_set.status, "status");
}

#[cfg(test)]
#[path = "stateful_set_tests.rs"]
mod tests;

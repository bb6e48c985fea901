//! A ReplicaSet (`ValidateReplicaSet` on create, and `ValidateReplicaSetStatus` for the
//! status the input states), and the part of the spec a Deployment shares with it.

use super::apps::{
    hint_missing_selector, label_selector, label_selector_matches, label_selector_text,
    nonnegative, pod_template, selector_mismatch,
};
use super::common::{invalid, object_meta, required};
use crate::engine::api::types::{LabelSelector, PodTemplateSpec};
use crate::engine::api::workloads::*;
use crate::engine::yaml::context::{child, Ctx};

/// What `ValidateDeploymentSpec` and `ValidateReplicaSetSpec` check alike.
pub struct ReplicasSpec<'a> {
    /// `Deployment` or `ReplicaSet`, as the `activeDeadlineSeconds` message names it.
    pub kind: &'a str,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `spec.minReadySeconds`, checked here for a ReplicaSet (a Deployment checks it after
    /// its strategy).
    pub min_ready_seconds: Option<i32>,
    /// `spec.selector`.
    pub selector: Option<&'a LabelSelector>,
    /// `spec.template`.
    pub template: &'a PodTemplateSpec,
}

/// The replicas, the selector (required, valid, not empty; upstream says "for deployment"
/// for ReplicaSets too) and `ValidatePodTemplateSpecForReplicaSet`, which is skipped when the
/// selector does not convert (`invalid label selector`).
pub fn replicas_spec(ctx: &mut Ctx, spec: &ReplicasSpec<'_>) {
    nonnegative(ctx, i64::from(spec.replicas), "spec.replicas");
    if let Some(min_ready_seconds) = spec.min_ready_seconds {
        nonnegative(ctx, i64::from(min_ready_seconds), "spec.minReadySeconds");
    }
    let template_labels = &spec.template.metadata.labels;
    match spec.selector {
        None => {
            required(ctx, "spec.selector", "");
            // `LabelSelectorAsSelector(nil)` selects nothing, so nothing matches it.
            selector_mismatch(ctx, template_labels);
            hint_missing_selector(ctx);
        }
        Some(sel) => {
            let before = ctx.diags.len();
            label_selector(ctx, sel, "spec.selector");
            let converts = !ctx.errors_since(before);
            let empty = sel.match_labels.is_empty() && sel.match_expressions.is_empty();
            if empty {
                invalid(
                    ctx,
                    "spec.selector",
                    &label_selector_text(sel),
                    "empty selector is invalid for deployment",
                );
            }
            if !converts {
                invalid(
                    ctx,
                    "spec.selector",
                    &label_selector_text(sel),
                    "invalid label selector",
                );
                return;
            }
            // An empty selector selects everything, so it is not checked against the labels.
            if !empty && label_selector_matches(sel, template_labels) == Some(false) {
                selector_mismatch(ctx, template_labels);
            }
        }
    }
    pod_template(ctx, spec.template, spec.kind);
}

/// Upstream `ValidateReplicaSetStatus` at `path`.
pub fn status(ctx: &mut Ctx, status: &ReplicaSetStatus, path: &str) {
    let at = |field: &str| child(path, field);
    for (field, value) in [
        ("replicas", status.replicas),
        ("fullyLabeledReplicas", status.fully_labeled_replicas),
        ("readyReplicas", status.ready_replicas),
        ("availableReplicas", status.available_replicas),
    ] {
        nonnegative(ctx, i64::from(value), &at(field));
    }
    nonnegative(ctx, status.observed_generation, &at("observedGeneration"));
    if let Some(terminating) = status.terminating_replicas {
        nonnegative(ctx, i64::from(terminating), &at("terminatingReplicas"));
    }
    let over_replicas = "cannot be greater than status.replicas";
    for (field, value) in [
        ("fullyLabeledReplicas", status.fully_labeled_replicas),
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

/// Upstream `ValidateReplicaSet` (create), then `ValidateReplicaSetStatus` of the status the
/// input states.
pub fn replica_set(ctx: &mut Ctx, replica_set: &ReplicaSet) {
    object_meta(ctx, &replica_set.metadata, true, "metadata");
    replicas_spec(
        ctx,
        &ReplicasSpec {
            kind: "ReplicaSet",
            replicas: replica_set.spec.replicas,
            min_ready_seconds: Some(replica_set.spec.min_ready_seconds),
            selector: replica_set.spec.selector.as_ref(),
            template: &replica_set.spec.template,
        },
    );
    status(ctx, &replica_set.status, "status");
}

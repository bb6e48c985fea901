//! A ReplicaSet (`apps/v1`): replicas, selector, pod template, status.

use super::common::{label_selector, object_meta, replica_set_condition};
use super::fields::Fields;
use super::pod::pod_template;
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;
use crate::engine::yaml::context::Ctx;

/// A ReplicaSet. `replicas` (1) is filled in while decoding, as its type has no "unset"
/// (`SetDefaults_ReplicaSet`).
pub fn replica_set(ctx: &mut Ctx, f: &mut Fields<'_>) -> ReplicaSet {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = ReplicaSetSpec {
        replicas: 1,
        min_ready_seconds: 0,
        selector: None,
        template: PodTemplateSpec::default(),
    };
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.replicas = g.int32(ctx, "replicas").unwrap_or(1);
            spec.min_ready_seconds = g.int32(ctx, "minReadySeconds").unwrap_or(0);
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.template = g.object(ctx, "template", pod_template).unwrap_or_default();
            g.finish(
                ctx,
                &["replicas", "minReadySeconds", "selector", "template"],
                &[],
            );
        }
    }
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = ReplicaSetStatus {
                replicas: g.int32(ctx, "replicas").unwrap_or(0),
                fully_labeled_replicas: g.int32(ctx, "fullyLabeledReplicas").unwrap_or(0),
                ready_replicas: g.int32(ctx, "readyReplicas").unwrap_or(0),
                available_replicas: g.int32(ctx, "availableReplicas").unwrap_or(0),
                terminating_replicas: g.int32(ctx, "terminatingReplicas"),
                observed_generation: g.int(ctx, "observedGeneration").unwrap_or(0),
                conditions: g.list(ctx, "conditions", replica_set_condition),
            };
            g.finish(ctx, STATUS_TYPED, &[]);
            Some(s)
        })
        .unwrap_or_default();
    ReplicaSet {
        metadata,
        spec,
        status,
    }
}

/// `apps/v1.ReplicaSetStatus`: every field is modelled.
const STATUS_TYPED: &[&str] = &[
    "replicas",
    "fullyLabeledReplicas",
    "readyReplicas",
    "availableReplicas",
    "terminatingReplicas",
    "observedGeneration",
    "conditions",
];

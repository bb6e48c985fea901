//! What several kinds share: `metadata`, owner references, selector requirements, label
//! selectors, conditions (of nodes and pods, and of Deployments and ReplicaSets) and taint
//! effects.

use super::fields::Fields;
use super::scalar::string;
use crate::engine::api::types::*;
use crate::engine::api::workloads::WorkloadCondition;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::known;
use crate::engine::yaml::node::Node;

/// `metadata`.
pub fn object_meta(ctx: &mut Ctx, node: &Node, path: &str) -> ObjectMeta {
    let mut meta = ObjectMeta::default();
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return meta;
    };
    meta.name = f.string(ctx, "name").unwrap_or_default();
    meta.namespace = f.string(ctx, "namespace").unwrap_or_default();
    meta.labels = f.string_map(ctx, "labels");
    meta.annotations = f.string_map(ctx, "annotations");
    meta.uid = f.string(ctx, "uid");
    meta.creation_timestamp = f.string(ctx, "creationTimestamp");
    meta.generation = f.int(ctx, "generation");
    meta.owner_references = f.list(ctx, "ownerReferences", owner_reference);
    meta.deletion_timestamp = f.string(ctx, "deletionTimestamp");
    meta.extra = f.finish(
        ctx,
        &[
            "name",
            "namespace",
            "labels",
            "annotations",
            "uid",
            "creationTimestamp",
            "generation",
            "ownerReferences",
            "deletionTimestamp",
        ],
        known::OBJECT_META,
    );
    meta
}

fn owner_reference(ctx: &mut Ctx, node: &Node, path: &str) -> Option<OwnerReference> {
    let mut f = Fields::open(ctx, node, path)?;
    let r = OwnerReference {
        api_version: f.string(ctx, "apiVersion").unwrap_or_default(),
        kind: f.string(ctx, "kind").unwrap_or_default(),
        name: f.string(ctx, "name").unwrap_or_default(),
        uid: f.string(ctx, "uid").unwrap_or_default(),
        controller: f.bool(ctx, "controller"),
        block_owner_deletion: f.bool(ctx, "blockOwnerDeletion"),
    };
    f.finish(
        ctx,
        &[
            "apiVersion",
            "kind",
            "name",
            "uid",
            "controller",
            "blockOwnerDeletion",
        ],
        &[],
    );
    Some(r)
}

/// One selector requirement (`key`, `operator`, `values`).
pub fn requirement(ctx: &mut Ctx, node: &Node, path: &str) -> Option<SelectorRequirement> {
    let mut f = Fields::open(ctx, node, path)?;
    let r = SelectorRequirement {
        key: f.string(ctx, "key").unwrap_or_default(),
        operator: f.string(ctx, "operator").unwrap_or_default(),
        values: f.list(ctx, "values", string),
    };
    f.finish(ctx, &["key", "operator", "values"], &[]);
    Some(r)
}

/// A label selector (`matchLabels`, `matchExpressions`).
pub fn label_selector(ctx: &mut Ctx, node: &Node, path: &str) -> Option<LabelSelector> {
    let Some(mut f) = Fields::open(ctx, node, path) else {
        // `selector: null` is a missing selector; `selector: []` is a type error.
        return None;
    };
    let s = LabelSelector {
        match_labels: f.string_map(ctx, "matchLabels"),
        match_expressions: f.list(ctx, "matchExpressions", requirement),
    };
    f.finish(ctx, &["matchLabels", "matchExpressions"], &[]);
    Some(s)
}

/// One status condition.
pub fn condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Condition> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = f.string(ctx, "type").unwrap_or_default();
    let status = f.string(ctx, "status").unwrap_or_default();
    let reason = f.string(ctx, "reason");
    let message = f.string(ctx, "message");
    let last_transition_time = f.string(ctx, "lastTransitionTime");
    let extra = f.finish(
        ctx,
        &["type", "status", "reason", "message", "lastTransitionTime"],
        known::CONDITION,
    );
    Some(Condition {
        type_,
        status,
        reason,
        message,
        last_transition_time,
        extra,
    })
}

/// One `DeploymentCondition` (every field is modelled).
pub fn deployment_condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<WorkloadCondition> {
    workload_condition(ctx, node, path, true)
}

/// One `ReplicaSetCondition`: a `DeploymentCondition` without `lastUpdateTime`.
pub fn replica_set_condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<WorkloadCondition> {
    workload_condition(ctx, node, path, false)
}

fn workload_condition(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    has_update_time: bool,
) -> Option<WorkloadCondition> {
    let mut f = Fields::open(ctx, node, path)?;
    let c = WorkloadCondition {
        type_: f.string(ctx, "type").unwrap_or_default(),
        status: f.string(ctx, "status").unwrap_or_default(),
        last_update_time: if has_update_time {
            f.string(ctx, "lastUpdateTime")
        } else {
            None
        },
        last_transition_time: f.string(ctx, "lastTransitionTime"),
        reason: f.string(ctx, "reason"),
        message: f.string(ctx, "message"),
    };
    let typed: &[&str] = if has_update_time {
        &[
            "type",
            "status",
            "lastUpdateTime",
            "lastTransitionTime",
            "reason",
            "message",
        ]
    } else {
        &["type", "status", "lastTransitionTime", "reason", "message"]
    };
    f.finish(ctx, typed, &[]);
    Some(c)
}

/// Upstream `validateTaintEffect` lists the effects in this order (not sorted).
const TAINT_EFFECTS: &str = "supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"";

/// A taint effect by name; `None` and an error when it is not a supported effect
/// (an empty effect is an error unless `allow_empty`).
pub fn taint_effect(
    ctx: &mut Ctx,
    text: &str,
    path: &str,
    allow_empty: bool,
) -> Option<TaintEffect> {
    if text.is_empty() {
        if !allow_empty {
            ctx.field_error(path, "Required value");
        }
        return None;
    }
    let effect = TaintEffect::parse(text);
    if effect.is_none() {
        ctx.field_error(
            path,
            &format!("Unsupported value: {}: {TAINT_EFFECTS}", go_quote(text)),
        );
    }
    effect
}

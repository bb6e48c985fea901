//! A StatefulSet (`apps/v1`): replicas, selector, pod template, volume claim templates,
//! pod management policy, update strategy, ordinals, status.

use super::common::{label_selector, object_meta, replica_set_condition};
use super::fields::{raw, Fields};
use super::pod::pod_template;
use super::scalar::int_or_percent;
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::node::Node;

fn update_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<StatefulSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = match f.string(ctx, "type").unwrap_or_default().as_str() {
        "RollingUpdate" => UpdateStrategyType::RollingUpdate,
        "OnDelete" => UpdateStrategyType::OnDelete,
        // An empty type is defaulted later; `Other("")` marks it as unset until then.
        other => UpdateStrategyType::Other(other.to_string()),
    };
    let rolling_update = f.object(ctx, "rollingUpdate", |ctx, n, p| {
        let mut g = Fields::open(ctx, n, p)?;
        let partition = g.int32(ctx, "partition").unwrap_or(0);
        let max_unavailable = g.object(ctx, "maxUnavailable", int_or_percent);
        g.finish(ctx, &["partition", "maxUnavailable"], &[]);
        Some(RollingUpdateStatefulSet {
            partition,
            max_unavailable,
        })
    });
    f.finish(ctx, &["type", "rollingUpdate"], &[]);
    Some(StatefulSetUpdateStrategy {
        type_,
        rolling_update,
    })
}

fn retention_policy(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
) -> Option<PersistentVolumeClaimRetentionPolicy> {
    let mut f = Fields::open(ctx, node, path)?;
    let policy = PersistentVolumeClaimRetentionPolicy {
        when_deleted: f.string(ctx, "whenDeleted").unwrap_or_default(),
        when_scaled: f.string(ctx, "whenScaled").unwrap_or_default(),
    };
    f.finish(ctx, &["whenDeleted", "whenScaled"], &[]);
    Some(policy)
}

/// One volume claim template: its name is read, the rest kept verbatim.
fn volume_claim_template(ctx: &mut Ctx, node: &Node, path: &str) -> Option<VolumeClaimTemplate> {
    let mut f = Fields::open(ctx, node, path)?;
    let name = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .map(|m| m.name)
        .unwrap_or_default();
    f.finish(
        ctx,
        &["metadata"],
        &["apiVersion", "kind", "spec", "status"],
    );
    Some(VolumeClaimTemplate {
        name,
        raw: raw(node),
    })
}

fn ordinals_start(ctx: &mut Ctx, node: &Node, path: &str) -> Option<i32> {
    let mut f = Fields::open(ctx, node, path)?;
    let start = f.int32(ctx, "start").unwrap_or(0);
    f.finish(ctx, &["start"], &[]);
    Some(start)
}

/// A StatefulSet. `replicas` (1) and `revisionHistoryLimit` (10) are filled in while
/// decoding, as their types have no "unset"; the rest of `SetDefaults_StatefulSet` is in
/// [`crate::engine::yaml::defaults::default_stateful_set`].
pub fn stateful_set(ctx: &mut Ctx, f: &mut Fields<'_>) -> StatefulSet {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = StatefulSetSpec {
        replicas: 1,
        selector: None,
        template: PodTemplateSpec::default(),
        volume_claim_templates: Vec::new(),
        service_name: String::new(),
        pod_management_policy: PodManagementPolicy::Other(String::new()),
        update_strategy: StatefulSetUpdateStrategy {
            type_: UpdateStrategyType::Other(String::new()),
            rolling_update: None,
        },
        revision_history_limit: 10,
        min_ready_seconds: 0,
        persistent_volume_claim_retention_policy: None,
        ordinals_start: None,
    };
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.replicas = g.int32(ctx, "replicas").unwrap_or(1);
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.template = g.object(ctx, "template", pod_template).unwrap_or_default();
            spec.volume_claim_templates =
                g.list(ctx, "volumeClaimTemplates", volume_claim_template);
            spec.service_name = g.string(ctx, "serviceName").unwrap_or_default();
            spec.pod_management_policy = match g
                .string(ctx, "podManagementPolicy")
                .unwrap_or_default()
                .as_str()
            {
                "OrderedReady" => PodManagementPolicy::OrderedReady,
                "Parallel" => PodManagementPolicy::Parallel,
                other => PodManagementPolicy::Other(other.to_string()),
            };
            if let Some(s) = g.object(ctx, "updateStrategy", update_strategy) {
                spec.update_strategy = s;
            }
            spec.revision_history_limit = g.int32(ctx, "revisionHistoryLimit").unwrap_or(10);
            spec.min_ready_seconds = g.int32(ctx, "minReadySeconds").unwrap_or(0);
            spec.persistent_volume_claim_retention_policy = g.object(
                ctx,
                "persistentVolumeClaimRetentionPolicy",
                retention_policy,
            );
            spec.ordinals_start = g.object(ctx, "ordinals", ordinals_start);
            g.finish(ctx, SPEC_TYPED, &[]);
        }
    }
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = StatefulSetStatus {
                observed_generation: g.int(ctx, "observedGeneration").unwrap_or(0),
                replicas: g.int32(ctx, "replicas").unwrap_or(0),
                ready_replicas: g.int32(ctx, "readyReplicas").unwrap_or(0),
                current_replicas: g.int32(ctx, "currentReplicas").unwrap_or(0),
                updated_replicas: g.int32(ctx, "updatedReplicas").unwrap_or(0),
                available_replicas: g.int32(ctx, "availableReplicas").unwrap_or(0),
                current_revision: g.string(ctx, "currentRevision").unwrap_or_default(),
                update_revision: g.string(ctx, "updateRevision").unwrap_or_default(),
                collision_count: g.int32(ctx, "collisionCount"),
                conditions: g.list(ctx, "conditions", replica_set_condition),
            };
            g.finish(ctx, STATUS_TYPED, &[]);
            Some(s)
        })
        .unwrap_or_default();
    StatefulSet {
        metadata,
        spec,
        status,
    }
}

/// `apps/v1.StatefulSetSpec`: every field is modelled.
const SPEC_TYPED: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "volumeClaimTemplates",
    "serviceName",
    "podManagementPolicy",
    "updateStrategy",
    "revisionHistoryLimit",
    "minReadySeconds",
    "persistentVolumeClaimRetentionPolicy",
    "ordinals",
];

/// `apps/v1.StatefulSetStatus`: every field is modelled.
const STATUS_TYPED: &[&str] = &[
    "observedGeneration",
    "replicas",
    "readyReplicas",
    "currentReplicas",
    "updatedReplicas",
    "availableReplicas",
    "currentRevision",
    "updateRevision",
    "collisionCount",
    "conditions",
];

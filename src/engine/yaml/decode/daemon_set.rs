//! A DaemonSet (`apps/v1`): selector, pod template, update strategy, status.

use super::common::{label_selector, object_meta};
use super::fields::Fields;
use super::pod::pod_template;
use super::scalar::int_or_percent;
use crate::engine::api::types::*;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::known;
use crate::engine::yaml::node::Node;

fn update_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DaemonSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = match f.string(ctx, "type").unwrap_or_default().as_str() {
        "" => None,
        "RollingUpdate" => Some(UpdateStrategyType::RollingUpdate),
        "OnDelete" => Some(UpdateStrategyType::OnDelete),
        other => Some(UpdateStrategyType::Other(other.to_string())),
    };
    let rolling_update = f.object(ctx, "rollingUpdate", |ctx, n, p| {
        let mut g = Fields::open(ctx, n, p)?;
        let max_unavailable = g.object(ctx, "maxUnavailable", int_or_percent);
        let max_surge = g.object(ctx, "maxSurge", int_or_percent);
        g.finish(ctx, &["maxUnavailable", "maxSurge"], &[]);
        Some(RollingUpdateDaemonSet {
            max_unavailable,
            max_surge,
        })
    });
    f.finish(ctx, &["type", "rollingUpdate"], &[]);
    Some(DaemonSetUpdateStrategy {
        // An empty type is defaulted later; `Other("")` marks it as unset until then.
        type_: type_.unwrap_or(UpdateStrategyType::Other(String::new())),
        rolling_update,
    })
}

/// A DaemonSet.
pub fn daemon_set(ctx: &mut Ctx, f: &mut Fields<'_>) -> DaemonSet {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = DaemonSetSpec {
        selector: None,
        template: PodTemplateSpec::default(),
        update_strategy: DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::Other(String::new()),
            rolling_update: None,
        },
        min_ready_seconds: 0,
        revision_history_limit: 10,
    };
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.template = g.object(ctx, "template", pod_template).unwrap_or_default();
            if let Some(s) = g.object(ctx, "updateStrategy", update_strategy) {
                spec.update_strategy = s;
            }
            spec.min_ready_seconds = g.int32(ctx, "minReadySeconds").unwrap_or(0);
            spec.revision_history_limit = g.int32(ctx, "revisionHistoryLimit").unwrap_or(10);
            g.finish(
                ctx,
                &[
                    "selector",
                    "template",
                    "updateStrategy",
                    "minReadySeconds",
                    "revisionHistoryLimit",
                ],
                &[],
            );
        }
    }
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = DaemonSetStatus {
                current_number_scheduled: g.int32(ctx, "currentNumberScheduled").unwrap_or(0),
                number_misscheduled: g.int32(ctx, "numberMisscheduled").unwrap_or(0),
                desired_number_scheduled: g.int32(ctx, "desiredNumberScheduled").unwrap_or(0),
                number_ready: g.int32(ctx, "numberReady").unwrap_or(0),
                observed_generation: g.int(ctx, "observedGeneration").unwrap_or(0),
                updated_number_scheduled: g.int32(ctx, "updatedNumberScheduled").unwrap_or(0),
                number_available: g.int32(ctx, "numberAvailable").unwrap_or(0),
                number_unavailable: g.int32(ctx, "numberUnavailable").unwrap_or(0),
                collision_count: g.int32(ctx, "collisionCount"),
            };
            g.finish(ctx, DS_STATUS_TYPED, known::DAEMON_SET_STATUS);
            Some(s)
        })
        .unwrap_or_default();
    DaemonSet {
        metadata,
        spec,
        status,
    }
}

const DS_STATUS_TYPED: &[&str] = &[
    "currentNumberScheduled",
    "numberMisscheduled",
    "desiredNumberScheduled",
    "numberReady",
    "observedGeneration",
    "updatedNumberScheduled",
    "numberAvailable",
    "numberUnavailable",
    "collisionCount",
];

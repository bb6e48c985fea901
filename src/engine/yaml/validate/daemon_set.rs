//! A DaemonSet (`ValidateDaemonSet` on create): selector against the template's labels,
//! the pod template, the update strategy.

use super::apps::{
    hint_missing_selector, int_or_percent_go_value, int_or_percent_text, int_or_percent_value,
    label_selector_go_value, label_selector_matches, nonnegative, not_more_than_100_percent,
    pod_template, positive_int_or_percent, selector_mismatch,
};
use super::common::{invalid, label_selector, object_meta, required};
use crate::engine::api::types::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx};

fn update_strategy(ctx: &mut Ctx, s: &DaemonSetUpdateStrategy, path: &str) {
    match &s.type_ {
        UpdateStrategyType::OnDelete => {}
        UpdateStrategyType::RollingUpdate => {
            let rp = child(path, "rollingUpdate");
            let Some(ru) = &s.rolling_update else {
                required(ctx, &rp, "");
                return;
            };
            let zero = IntOrPercent::Int(0);
            let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
            let ms = ru.max_surge.as_ref().unwrap_or(&zero);
            let mup = child(&rp, "maxUnavailable");
            let msp = child(&rp, "maxSurge");
            positive_int_or_percent(ctx, mu, &mup);
            positive_int_or_percent(ctx, ms, &msp);
            not_more_than_100_percent(ctx, mu, &mup);
            not_more_than_100_percent(ctx, ms, &msp);
            let has_unavailable = int_or_percent_value(mu).0 != 0;
            let has_surge = int_or_percent_value(ms).0 != 0;
            if has_unavailable && has_surge {
                invalid(
                    ctx,
                    &msp,
                    &int_or_percent_go_value(ms),
                    "may not be set when maxUnavailable is non-zero",
                );
            } else if !has_unavailable && !has_surge {
                required(ctx, &mup, "cannot be 0 when maxSurge is 0");
            }
        }
        UpdateStrategyType::Other(t) => {
            let ru = match &s.rolling_update {
                None => "(*apps.RollingUpdateDaemonSet)(nil)".to_string(),
                Some(ru) => {
                    let show = |v: &Option<IntOrPercent>| match v {
                        None => "(*intstr.IntOrString)(nil)".to_string(),
                        Some(v) => go_quote(&int_or_percent_text(v)),
                    };
                    format!(
                        "&apps.RollingUpdateDaemonSet{{MaxUnavailable:{}, MaxSurge:{}}}",
                        show(&ru.max_unavailable),
                        show(&ru.max_surge)
                    )
                }
            };
            let value = format!(
                "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:{ru}}}",
                go_quote(t)
            );
            ctx.field_error_near(
                path,
                &child(path, "type"),
                &format!(
                    "Unsupported value: {value}: supported values: \"RollingUpdate\", \"OnDelete\""
                ),
            );
        }
    }
}

/// Upstream `ValidateDaemonSet` (create).
pub fn daemon_set(ctx: &mut Ctx, ds: &DaemonSet) {
    object_meta(ctx, &ds.metadata, true, "metadata");
    let spec = &ds.spec;
    let template_labels = &spec.template.metadata.labels;
    match &spec.selector {
        None => {
            // apps/v1 has no selector default: a missing selector selects nothing.
            selector_mismatch(ctx, template_labels);
            hint_missing_selector(ctx);
        }
        Some(sel) => {
            label_selector(ctx, sel, "spec.selector");
            if label_selector_matches(sel, template_labels) == Some(false) {
                selector_mismatch(ctx, template_labels);
            }
            if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
                invalid(
                    ctx,
                    "spec.selector",
                    &label_selector_go_value(sel),
                    "empty selector is invalid for daemonset",
                );
            }
        }
    }
    pod_template(ctx, &spec.template, "DaemonSet");
    nonnegative(
        ctx,
        i64::from(spec.min_ready_seconds),
        "spec.minReadySeconds",
    );
    update_strategy(ctx, &spec.update_strategy, "spec.updateStrategy");
    nonnegative(
        ctx,
        i64::from(spec.revision_history_limit),
        "spec.revisionHistoryLimit",
    );
}

#[cfg(test)]
#[path = "daemon_set_tests.rs"]
mod tests;

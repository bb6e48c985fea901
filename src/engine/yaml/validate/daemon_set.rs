//! A DaemonSet (`ValidateDaemonSet` on create): selector against the template's labels,
//! the pod template, the update strategy.

use super::common::{
    annotations, forbidden, invalid, label_values, labels, labels_at, not_supported, object_meta,
    required, validate_label_name,
};
use super::pod::pod_spec;
use crate::engine::api::types::*;
use crate::engine::quote::{go_quote, go_string_map};
use crate::engine::yaml::context::{child, index, Ctx};

fn label_selector_matches(sel: &LabelSelector, labels: &StringMap) -> Option<bool> {
    for (k, v) in &sel.match_labels {
        if labels.get(k) != Some(v) {
            return Some(false);
        }
    }
    for r in &sel.match_expressions {
        let have = labels.get(&r.key);
        let ok = match r.operator.as_str() {
            "In" if !r.values.is_empty() => have.is_some_and(|v| r.values.contains(v)),
            "NotIn" if !r.values.is_empty() => have.is_none_or(|v| !r.values.contains(v)),
            "Exists" if r.values.is_empty() => have.is_some(),
            "DoesNotExist" if r.values.is_empty() => have.is_none(),
            _ => return None,
        };
        if !ok {
            return Some(false);
        }
    }
    Some(true)
}

/// Upstream `ValidateLabelSelector`: `matchLabels` first, then each requirement.
fn label_selector(ctx: &mut Ctx, sel: &LabelSelector, path: &str) {
    labels(ctx, &sel.match_labels, &child(path, "matchLabels"));
    for (i, r) in sel.match_expressions.iter().enumerate() {
        let p = index(&child(path, "matchExpressions"), i);
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.is_empty() {
                    required(
                        ctx,
                        &child(&p, "values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !r.values.is_empty() {
                    forbidden(
                        ctx,
                        &child(&p, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            op => invalid(
                ctx,
                &child(&p, "operator"),
                &go_quote(op),
                "not a valid selector operator",
            ),
        }
        validate_label_name(ctx, &r.key, &child(&p, "key"));
        label_values(ctx, &r.values, &child(&p, "values"));
    }
}

/// Upstream `IsValidPercent`: `^[0-9]+%$`.
fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `(value, is percent)` as upstream `getPercentValue`/`getIntOrPercentValue`: a string that
/// is not a valid percent counts as `strconv.Atoi` of the whole string (0 when unparsable).
fn int_or_percent_value(v: &IntOrPercent) -> (i64, bool) {
    match v {
        IntOrPercent::Int(i) => (i64::from(*i), false),
        IntOrPercent::String(s) if is_valid_percent(s) => {
            let digits = s.get(..s.len() - 1).unwrap_or("");
            (digits.parse::<i64>().unwrap_or(i64::MAX), true)
        }
        IntOrPercent::String(s) => (s.parse::<i64>().unwrap_or(0), false),
    }
}

/// How a field error shows an `intstr.IntOrString`: through its `String()` method, so unquoted.
fn int_or_percent_text(v: &IntOrPercent) -> String {
    match v {
        IntOrPercent::Int(i) => i.to_string(),
        IntOrPercent::String(s) => s.clone(),
    }
}

/// Upstream `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(ctx: &mut Ctx, v: &IntOrPercent, path: &str) {
    match v {
        IntOrPercent::String(s) => {
            if !is_valid_percent(s) {
                invalid(
                    ctx,
                    path,
                    s,
                    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                );
            }
        }
        IntOrPercent::Int(i) => {
            if *i < 0 {
                invalid(
                    ctx,
                    path,
                    &i.to_string(),
                    "must be greater than or equal to 0",
                );
            }
        }
    }
}

/// Upstream `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(ctx: &mut Ctx, v: &IntOrPercent, path: &str) {
    let (value, percent) = int_or_percent_value(v);
    if percent && value > 100 {
        invalid(
            ctx,
            path,
            &int_or_percent_text(v),
            "must not be greater than 100%",
        );
    }
}

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
                    &int_or_percent_text(ms),
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
            invalid(
                ctx,
                "spec.template.metadata.labels",
                &go_string_map(template_labels),
                "`selector` does not match template `labels`",
            );
            if let Some(d) = ctx.diags.last_mut() {
                d.hint = Some(
                    "spec.selector is missing: apps/v1 requires spec.selector.matchLabels matching the template's labels"
                        .to_string(),
                );
            }
        }
        Some(sel) => {
            label_selector(ctx, sel, "spec.selector");
            if label_selector_matches(sel, template_labels) == Some(false) {
                invalid(
                    ctx,
                    "spec.template.metadata.labels",
                    &go_string_map(template_labels),
                    "`selector` does not match template `labels`",
                );
            }
            if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
                invalid(
                    ctx,
                    "spec.selector",
                    "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}",
                    "empty selector is invalid for daemonset",
                );
            }
        }
    }
    // Upstream `ValidatePodTemplateSpec` reports the template's metadata without `metadata`.
    labels_at(
        ctx,
        template_labels,
        "spec.template.labels",
        "spec.template.metadata.labels",
    );
    annotations(
        ctx,
        &spec.template.metadata.annotations,
        "spec.template.annotations",
        "spec.template.metadata.annotations",
    );
    pod_spec(ctx, &spec.template.spec, "spec.template.spec");
    let rp = &spec.template.spec.restart_policy;
    if rp != "Always" {
        not_supported(
            ctx,
            "spec.template.spec.restartPolicy",
            &go_quote(rp),
            &["Always"],
        );
    }
    if spec.template.spec.active_deadline_seconds.is_some() {
        forbidden(
            ctx,
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        );
    }
    if spec.min_ready_seconds < 0 {
        invalid(
            ctx,
            "spec.minReadySeconds",
            &spec.min_ready_seconds.to_string(),
            "must be greater than or equal to 0",
        );
    }
    update_strategy(ctx, &spec.update_strategy, "spec.updateStrategy");
    if spec.revision_history_limit < 0 {
        invalid(
            ctx,
            "spec.revisionHistoryLimit",
            &spec.revision_history_limit.to_string(),
            "must be greater than or equal to 0",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `getIntOrPercentValue` / `IsValidPercent` (apps validation): a string
    /// that is not a percent counts as `strconv.Atoi` of the whole string.
    #[test]
    fn int_or_percent_values_follow_upstream() {
        let table: &[(&str, IntOrPercent, (i64, bool))] = &[
            ("an int", IntOrPercent::Int(3), (3, false)),
            ("a percent", IntOrPercent::String("25%".into()), (25, true)),
            (
                "digits without a percent sign",
                IntOrPercent::String("5".into()),
                (5, false),
            ),
            (
                "a lone percent sign",
                IntOrPercent::String("%".into()),
                (0, false),
            ),
            (
                "a signed percent",
                IntOrPercent::String("+5%".into()),
                (0, false),
            ),
            ("words", IntOrPercent::String("ten%".into()), (0, false)),
        ];
        for (name, v, want) in table {
            assert_eq!(int_or_percent_value(v), *want, "{name}");
        }
    }
}

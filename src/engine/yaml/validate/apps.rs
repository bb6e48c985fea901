//! What the `apps/v1` workloads (DaemonSet, Deployment, ReplicaSet) share in
//! `pkg/apis/apps/validation`: label selectors' match against the template,
//! int-or-percent fields, non-negative counts and the pod template.

use super::common::{annotations, forbidden, invalid, labels_at, not_supported};
use super::pod::pod_spec;
use crate::engine::api::types::*;
use crate::engine::quote::{go_quote, go_string_map};
use crate::engine::yaml::context::Ctx;

/// Whether `sel` selects `labels`; `None` when the selector cannot be converted
/// (`metav1.LabelSelectorAsSelector` fails on an operator and values that do not fit).
pub fn label_selector_matches(sel: &LabelSelector, labels: &StringMap) -> Option<bool> {
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

/// How `%v` shows a `*metav1.LabelSelector`: its generated `String()`.
pub fn label_selector_text(sel: &LabelSelector) -> String {
    let labels: String = sel
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k}: {v},"))
        .collect();
    let expressions: String = sel
        .match_expressions
        .iter()
        .map(|r| {
            format!(
                "LabelSelectorRequirement{{Key:{},Operator:{},Values:[{}],}},",
                r.key,
                r.operator,
                r.values.join(" ")
            )
        })
        .collect();
    format!(
        "&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{expressions}}},}}"
    )
}

/// How a field error shows a `*metav1.LabelSelector`: `field.Error` dereferences the
/// pointer, and the value has no `String()` (that has a pointer receiver), so Go's `%#v`
/// prints the struct. The input cannot tell an empty list or map from an absent one; both
/// print as absent (`nil`), as `selector: {}` decodes.
pub fn label_selector_go_value(sel: &LabelSelector) -> String {
    let labels = go_string_map(&sel.match_labels);
    let expressions = if sel.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = sel
            .match_expressions
            .iter()
            .map(|r| {
                let values = if r.values.is_empty() {
                    "[]string(nil)".to_string()
                } else {
                    let quoted: Vec<String> = r.values.iter().map(|v| go_quote(v)).collect();
                    format!("[]string{{{}}}", quoted.join(", "))
                };
                format!(
                    "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{values}}}",
                    go_quote(&r.key),
                    go_quote(&r.operator)
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}")
}

/// The `` `selector` does not match template `labels` `` error.
pub fn selector_mismatch(ctx: &mut Ctx, template_labels: &StringMap) {
    invalid(
        ctx,
        "spec.template.metadata.labels",
        &go_string_map(template_labels),
        "`selector` does not match template `labels`",
    );
}

/// The hint on that error when `spec.selector` is missing altogether.
pub fn hint_missing_selector(ctx: &mut Ctx) {
    if let Some(d) = ctx.diags.last_mut() {
        d.hint = Some(
            "spec.selector is missing: apps/v1 requires spec.selector.matchLabels matching the template's labels"
                .to_string(),
        );
    }
}

/// Upstream `IsValidPercent`: `^[0-9]+%$`.
fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `(value, is percent)` as upstream `getPercentValue`/`getIntOrPercentValue`: a string that
/// is not a valid percent counts as `strconv.Atoi` of the whole string (0 when unparsable).
pub fn int_or_percent_value(v: &IntOrPercent) -> (i64, bool) {
    match v {
        IntOrPercent::Int(i) => (i64::from(*i), false),
        IntOrPercent::String(s) if is_valid_percent(s) => {
            let digits = s.get(..s.len() - 1).unwrap_or("");
            (digits.parse::<i64>().unwrap_or(i64::MAX), true)
        }
        IntOrPercent::String(s) => (s.parse::<i64>().unwrap_or(0), false),
    }
}

/// An `intstr.IntOrString` as its `String()` gives it (unquoted), as the strategies'
/// `Unsupported value` and the rollout steps show it.
pub fn int_or_percent_text(v: &IntOrPercent) -> String {
    match v {
        IntOrPercent::Int(i) => i.to_string(),
        IntOrPercent::String(s) => s.clone(),
    }
}

/// How a field error shows an `intstr.IntOrString` value: its `String()` has a pointer
/// receiver, so the value is no `fmt.Stringer` and `field.Error` prints it with Go's `%#v`.
pub fn int_or_percent_go_value(v: &IntOrPercent) -> String {
    match v {
        IntOrPercent::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        IntOrPercent::String(s) => format!(
            "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
            go_quote(s)
        ),
    }
}

/// Upstream `ValidatePositiveIntOrPercent`.
pub fn positive_int_or_percent(ctx: &mut Ctx, v: &IntOrPercent, path: &str) {
    match v {
        IntOrPercent::String(s) => {
            if !is_valid_percent(s) {
                invalid(
                    ctx,
                    path,
                    &int_or_percent_go_value(v),
                    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                );
            }
        }
        IntOrPercent::Int(i) => nonnegative(ctx, i64::from(*i), path),
    }
}

/// Upstream `IsNotMoreThan100Percent`.
pub fn not_more_than_100_percent(ctx: &mut Ctx, v: &IntOrPercent, path: &str) {
    let (value, percent) = int_or_percent_value(v);
    if percent && value > 100 {
        invalid(
            ctx,
            path,
            &int_or_percent_go_value(v),
            "must not be greater than 100%",
        );
    }
}

/// Upstream `ValidateNonnegativeField`.
pub fn nonnegative(ctx: &mut Ctx, value: i64, path: &str) {
    if value < 0 {
        invalid(
            ctx,
            path,
            &value.to_string(),
            "must be greater than or equal to 0",
        );
    }
}

/// Upstream `ValidatePodTemplateSpec` at `spec.template`, then what a workload's template
/// must hold: `restartPolicy: Always` and no `activeDeadlineSeconds` (the `Forbidden`
/// message names `kind`).
pub fn pod_template(ctx: &mut Ctx, template: &PodTemplateSpec, kind: &str) {
    // Upstream reports the template's metadata without `metadata`.
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
    pod_spec(ctx, &template.spec, "spec.template.spec");
    if template
        .spec
        .extra
        .iter()
        .any(|(k, v)| k == "ephemeralContainers" && matches!(v, RawValue::Seq(s) if !s.is_empty()))
    {
        forbidden(
            ctx,
            "spec.template.spec.ephemeralContainers",
            "ephemeral containers not allowed in pod template",
        );
    }
    let rp = &template.spec.restart_policy;
    if rp != "Always" {
        not_supported(
            ctx,
            "spec.template.spec.restartPolicy",
            &go_quote(rp),
            &["Always"],
        );
    }
    if template.spec.active_deadline_seconds.is_some() {
        forbidden(
            ctx,
            "spec.template.spec.activeDeadlineSeconds",
            &format!("activeDeadlineSeconds in {kind} is not Supported"),
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

    /// Go's `%#v` of an `intstr.IntOrString`, as upstream's field errors show it.
    #[test]
    fn an_int_or_percent_in_a_field_error_is_shown_as_go_prints_the_struct() {
        assert_eq!(
            int_or_percent_go_value(&IntOrPercent::Int(1)),
            "intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}"
        );
        assert_eq!(
            int_or_percent_go_value(&IntOrPercent::String("ten%".into())),
            "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten%\"}"
        );
    }

    /// Go's `%#v` of a `metav1.LabelSelector`, as upstream's field errors show it (the
    /// `selector: {}` form is the one a real API server prints for an empty selector).
    #[test]
    fn a_label_selector_in_a_field_error_is_shown_as_go_prints_the_struct() {
        let table: Vec<(&str, LabelSelector, &str)> = vec![
            (
                "an empty selector",
                LabelSelector::default(),
                "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
            ),
            (
                "labels and expressions",
                LabelSelector {
                    match_labels: [("app".to_string(), "web".to_string())].into_iter().collect(),
                    match_expressions: vec![
                        SelectorRequirement {
                            key: "tier".into(),
                            operator: "In".into(),
                            values: vec!["a".into(), "b".into()],
                        },
                        SelectorRequirement {
                            key: "gpu".into(),
                            operator: "Exists".into(),
                            values: vec![],
                        },
                    ],
                },
                "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"tier\", Operator:\"In\", Values:[]string{\"a\", \"b\"}}, v1.LabelSelectorRequirement{Key:\"gpu\", Operator:\"Exists\", Values:[]string(nil)}}}",
            ),
        ];
        for (name, sel, want) in table {
            assert_eq!(label_selector_go_value(&sel), want, "{name}");
        }
    }

    #[test]
    fn a_label_selector_is_shown_as_its_generated_string() {
        let req = |key: &str, op: &str, values: &[&str]| SelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let table: Vec<(&str, LabelSelector, &str)> = vec![
            (
                "an empty selector",
                LabelSelector::default(),
                "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}",
            ),
            (
                "labels and expressions",
                LabelSelector {
                    match_labels: [("app".to_string(), "web".to_string())].into_iter().collect(),
                    match_expressions: vec![req("tier", "In", &["a", "b"])],
                },
                "&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}",
            ),
        ];
        for (name, sel, want) in table {
            assert_eq!(label_selector_text(&sel), want, "{name}");
        }
    }
}

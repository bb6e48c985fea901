//! A PodDisruptionBudget (`ValidatePodDisruptionBudget` on create, and
//! `ValidatePodDisruptionBudgetStatusUpdate` for the status the input states), from
//! `pkg/apis/policy/validation`.

use super::apps::{nonnegative, not_more_than_100_percent, positive_int_or_percent};
use super::common::{
    invalid, label_selector, not_supported, object_meta, required, validate_label_name,
};
use crate::engine::api::policy::*;
use crate::engine::api::types::IntOrPercent;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, index, Ctx};

/// `supportedUnhealthyPodEvictionPolicies`, sorted as `sets.List` gives them.
const UNHEALTHY_POD_EVICTION_POLICIES: &[&str] = &[ALWAYS_ALLOW, IF_HEALTHY_BUDGET];

/// How the "cannot be both set" error shows the spec. Go prints the internal struct with
/// `%#v`, whose pointer fields are memory addresses; the values are shown instead.
fn spec_text(spec: &PodDisruptionBudgetSpec) -> String {
    let int_or_percent = |v: &Option<IntOrPercent>| match v {
        Some(IntOrPercent::Int(i)) => i.to_string(),
        Some(IntOrPercent::String(s)) => go_quote(s),
        None => "nil".to_string(),
    };
    format!(
        "policy.PodDisruptionBudgetSpec{{MinAvailable:{}, Selector:{}, MaxUnavailable:{}, UnhealthyPodEvictionPolicy:{}}}",
        int_or_percent(&spec.min_available),
        if spec.selector.is_some() { "&v1.LabelSelector{…}" } else { "nil" },
        int_or_percent(&spec.max_unavailable),
        spec.unhealthy_pod_eviction_policy
            .as_deref()
            .map_or("nil".to_string(), go_quote),
    )
}

/// Upstream `ValidatePodDisruptionBudgetSpec` at `spec`.
fn spec(ctx: &mut Ctx, spec: &PodDisruptionBudgetSpec) {
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        invalid(
            ctx,
            "spec",
            &spec_text(spec),
            "minAvailable and maxUnavailable cannot be both set",
        );
    }
    for (field, value) in [
        ("spec.minAvailable", &spec.min_available),
        ("spec.maxUnavailable", &spec.max_unavailable),
    ] {
        if let Some(value) = value {
            positive_int_or_percent(ctx, value, field);
            not_more_than_100_percent(ctx, value, field);
        }
    }
    // `ValidateLabelSelector(nil)` finds nothing wrong: a missing selector selects no pod.
    if let Some(selector) = &spec.selector {
        label_selector(ctx, selector, "spec.selector");
    }
    if let Some(policy) = &spec.unhealthy_pod_eviction_policy {
        if !UNHEALTHY_POD_EVICTION_POLICIES.contains(&policy.as_str()) {
            not_supported(
                ctx,
                "spec.unhealthyPodEvictionPolicy",
                &go_quote(policy),
                UNHEALTHY_POD_EVICTION_POLICIES,
            );
        }
    }
}

/// Upstream `isValidConditionReason`: `[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?`.
fn is_valid_condition_reason(reason: &str) -> bool {
    let bytes = reason.as_bytes();
    let middle = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b',' | b':');
    let last = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    match bytes {
        [] => false,
        [first] => first.is_ascii_alphabetic(),
        [first, rest @ .., end] => {
            first.is_ascii_alphabetic() && rest.iter().all(middle) && last(end)
        }
    }
}

/// Upstream `ValidateConditions` (`metav1.Condition`s): each `ValidateCondition`, then no
/// type twice.
fn conditions(ctx: &mut Ctx, conditions: &[BudgetCondition], path: &str) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        let at = index(path, i);
        validate_label_name(ctx, &c.type_, &child(&at, "type"));
        if !matches!(c.status.as_str(), "True" | "False" | "Unknown") {
            not_supported(
                ctx,
                &child(&at, "status"),
                &go_quote(&c.status),
                &["False", "True", "Unknown"],
            );
        }
        if let Some(generation) = c.observed_generation.filter(|g| *g < 0) {
            invalid(
                ctx,
                &child(&at, "observedGeneration"),
                &generation.to_string(),
                "must be greater than or equal to zero",
            );
        }
        if c.last_transition_time.as_deref().unwrap_or("").is_empty() {
            required(ctx, &child(&at, "lastTransitionTime"), "must be set");
        }
        if c.reason.is_empty() {
            required(ctx, &child(&at, "reason"), "must be set");
        } else if !is_valid_condition_reason(&c.reason) {
            invalid(
                ctx,
                &child(&at, "reason"),
                &go_quote(&c.reason),
                "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')",
            );
        }
        if seen.contains(&c.type_.as_str()) {
            ctx.field_error(
                &child(&at, "type"),
                &format!("Duplicate value: {}", go_quote(&c.type_)),
            );
        }
        seen.push(&c.type_);
    }
}

/// Upstream `ValidatePodDisruptionBudgetStatusUpdate` (policy/v1) at `path`.
pub fn status(ctx: &mut Ctx, status: &PodDisruptionBudgetStatus, path: &str) {
    conditions(ctx, &status.conditions, &child(path, "conditions"));
    for (field, value) in [
        ("disruptionsAllowed", status.disruptions_allowed),
        ("currentHealthy", status.current_healthy),
        ("desiredHealthy", status.desired_healthy),
        ("expectedPods", status.expected_pods),
    ] {
        nonnegative(ctx, i64::from(value), &child(path, field));
    }
}

/// Upstream `ValidatePodDisruptionBudget` (create, `AllowInvalidLabelValueInSelector`
/// off), then the status the input states.
pub fn pod_disruption_budget(ctx: &mut Ctx, pdb: &PodDisruptionBudget) {
    object_meta(ctx, &pdb.metadata, true, "metadata");
    spec(ctx, &pdb.spec);
    status(ctx, &pdb.status, "status");
}

#[cfg(test)]
mod tests {
    use crate::engine::diagnostic::Severity;
    use crate::engine::yaml::load;

    /// A budget with `spec` (indented two spaces) and an optional status block.
    fn budget(spec: &str, status: &str) -> String {
        format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n{spec}{status}")
    }

    /// Every error of loading `text`, sorted.
    fn errors(text: &str) -> Vec<String> {
        let mut got: Vec<String> = load(text)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message)
            .collect();
        got.sort();
        got
    }

    const PERCENT: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// Upstream `TestValidatePodDisruptionBudgetSpec` and
    /// `TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec`.
    #[test]
    fn test_validate_pod_disruption_budget_spec() {
        for (spec, shown) in [
            (
                "  minAvailable: 0%\n  maxUnavailable: 10%\n",
                "MinAvailable:\"0%\"",
            ),
            (
                "  minAvailable: 10%\n  maxUnavailable: 1\n",
                "MinAvailable:\"10%\"",
            ),
        ] {
            let got = errors(&budget(spec, ""));
            assert_eq!(got.len(), 1, "{spec}: {got:?}");
            assert!(
                got[0].starts_with("spec: Invalid value: policy.PodDisruptionBudgetSpec{"),
                "{got:?}"
            );
            assert!(got[0].contains(shown), "{got:?}");
            assert!(
                got[0].ends_with(": minAvailable and maxUnavailable cannot be both set"),
                "{got:?}"
            );
            assert!(load(&budget(spec, ""))
                .objects
                .pod_disruption_budgets
                .is_empty());
        }
    }

    /// Upstream `TestValidateMinAvailablePodDisruptionBudgetSpec`, with every message, and
    /// the same table for `maxUnavailable`. An `intstr.IntOrString` prints as Go's `%#v`.
    #[test]
    fn test_validate_min_available_pod_disruption_budget_spec() {
        for field in ["minAvailable", "maxUnavailable"] {
            for value in ["0%", "1%", "100%", "0", "1", "100"] {
                let text = budget(&format!("  {field}: {value}\n"), "");
                assert_eq!(errors(&text), Vec::<String>::new(), "{field}: {value}");
                assert_eq!(load(&text).objects.pod_disruption_budgets.len(), 1);
            }
            let failures = [
                (
                    "\"1.1%\"",
                    format!("spec.{field}: Invalid value: intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"1.1%\"}}: {PERCENT}"),
                ),
                (
                    "nope",
                    format!("spec.{field}: Invalid value: intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"nope\"}}: {PERCENT}"),
                ),
                (
                    "\"-1%\"",
                    format!("spec.{field}: Invalid value: intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"-1%\"}}: {PERCENT}"),
                ),
                (
                    "101%",
                    format!("spec.{field}: Invalid value: intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"101%\"}}: must not be greater than 100%"),
                ),
                (
                    "-1",
                    format!("spec.{field}: Invalid value: -1: must be greater than or equal to 0"),
                ),
            ];
            for (value, want) in failures {
                let text = budget(&format!("  {field}: {value}\n"), "");
                assert_eq!(errors(&text), vec![want], "{field}: {value}");
            }
        }
    }

    /// Upstream `TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec`.
    #[test]
    fn test_validate_unhealthy_pod_eviction_policy_disruption_budget_spec() {
        for policy in [
            "",
            "  unhealthyPodEvictionPolicy: IfHealthyBudget\n",
            "  unhealthyPodEvictionPolicy: AlwaysAllow\n",
        ] {
            let text = budget(&format!("  minAvailable: 1\n{policy}"), "");
            assert_eq!(errors(&text), Vec::<String>::new(), "{policy}");
        }
        let text = budget(
            "  minAvailable: 1\n  unhealthyPodEvictionPolicy: Invalid\n",
            "",
        );
        assert_eq!(
            errors(&text),
            vec!["spec.unhealthyPodEvictionPolicy: Unsupported value: \"Invalid\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"".to_string()]
        );
    }

    /// A selector is checked as `ValidateLabelSelector` does; a missing one is valid (it
    /// selects nothing) and so is an empty one (it selects the whole namespace).
    #[test]
    fn the_selector_is_validated_and_may_be_missing_or_empty() {
        let missing = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1}\n";
        assert_eq!(errors(missing), Vec::<String>::new());
        let empty = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {}}\n";
        assert_eq!(errors(empty), Vec::<String>::new());
        let bad = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector:\n    matchExpressions: [{key: app, operator: In}]\n";
        assert_eq!(
            errors(bad),
            vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".to_string()]
        );
    }

    /// Upstream `TestValidatePodDisruptionBudgetStatus` (policy/v1), with every message,
    /// and `ValidateConditions` for the conditions the input states.
    #[test]
    fn test_validate_pod_disruption_budget_status() {
        for field in [
            "disruptionsAllowed",
            "currentHealthy",
            "desiredHealthy",
            "expectedPods",
        ] {
            let ok = budget("  minAvailable: 1\n", &format!("status:\n  {field}: 10\n"));
            assert_eq!(errors(&ok), Vec::<String>::new(), "{field}");
            let bad = budget("  minAvailable: 1\n", &format!("status:\n  {field}: -10\n"));
            assert_eq!(
                errors(&bad),
                vec![format!(
                    "status.{field}: Invalid value: -10: must be greater than or equal to 0"
                )],
                "{field}"
            );
        }
        let good_condition = "status:\n  conditions:\n  - {type: DisruptionAllowed, status: \"True\", reason: SufficientPods, lastTransitionTime: \"2025-01-01T00:00:00Z\", observedGeneration: 1}\n";
        assert_eq!(
            errors(&budget("  minAvailable: 1\n", good_condition)),
            Vec::<String>::new()
        );
        let bad_condition = "status:\n  conditions:\n  - {type: DisruptionAllowed, status: Maybe, reason: \"1bad\", observedGeneration: -1}\n  - {type: DisruptionAllowed, status: \"False\", lastTransitionTime: \"2025-01-01T00:00:00Z\"}\n";
        let mut want = vec![
            "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"".to_string(),
            "status.conditions[0].observedGeneration: Invalid value: -1: must be greater than or equal to zero".to_string(),
            "status.conditions[0].lastTransitionTime: Required value: must be set".to_string(),
            "status.conditions[0].reason: Invalid value: \"1bad\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')".to_string(),
            "status.conditions[1].reason: Required value: must be set".to_string(),
            "status.conditions[1].type: Duplicate value: \"DisruptionAllowed\"".to_string(),
        ];
        want.sort();
        assert_eq!(errors(&budget("  minAvailable: 1\n", bad_condition)), want);
    }

    /// A budget with every field round-trips through export.
    #[test]
    fn a_budget_with_its_status_exports_as_read() {
        let text = budget(
            "  maxUnavailable: 25%\n  unhealthyPodEvictionPolicy: AlwaysAllow\n",
            "status:\n  observedGeneration: 2\n  disruptedPods:\n    web-1: \"2025-01-01T00:00:00Z\"\n  disruptionsAllowed: 1\n  currentHealthy: 3\n  desiredHealthy: 2\n  expectedPods: 4\n  conditions:\n  - type: DisruptionAllowed\n    status: \"True\"\n    observedGeneration: 2\n    lastTransitionTime: \"2025-01-01T00:00:00Z\"\n    reason: SufficientPods\n",
        );
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let exported = crate::engine::yaml::to_yaml(&loaded.objects);
        let again = load(&exported);
        assert_eq!(again.objects, loaded.objects, "{exported}");
        let pdb = &loaded.objects.pod_disruption_budgets[0];
        assert_eq!(pdb.metadata.generation, Some(1), "generation defaults to 1");
        assert_eq!(pdb.status.disrupted_pods.len(), 1);
    }
}

//! A Deployment (`ValidateDeployment` on create, and `ValidateDeploymentStatus` for the
//! status the input states): replicas, selector against the template's labels, the pod
//! template, the strategy, the progress deadline.

use super::apps::{
    int_or_percent_go_value, int_or_percent_text, int_or_percent_value, nonnegative,
    not_more_than_100_percent, positive_int_or_percent,
};
use super::common::{forbidden, invalid, object_meta, required};
use super::replica_set::{replicas_spec, ReplicasSpec};
use crate::engine::api::types::IntOrPercent;
use crate::engine::api::workloads::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx};

/// Upstream `ValidateRollingUpdateDeployment`.
fn rolling_update(ctx: &mut Ctx, ru: &RollingUpdateDeployment, path: &str) {
    // The internal type holds values, not pointers: an unset one is the integer 0.
    let zero = IntOrPercent::Int(0);
    let max_unavailable = ru.max_unavailable.as_ref().unwrap_or(&zero);
    let max_surge = ru.max_surge.as_ref().unwrap_or(&zero);
    let unavailable_path = child(path, "maxUnavailable");
    positive_int_or_percent(ctx, max_unavailable, &unavailable_path);
    positive_int_or_percent(ctx, max_surge, &child(path, "maxSurge"));
    if int_or_percent_value(max_unavailable).0 == 0 && int_or_percent_value(max_surge).0 == 0 {
        invalid(
            ctx,
            &unavailable_path,
            &int_or_percent_go_value(max_unavailable),
            "may not be 0 when `maxSurge` is 0",
        );
    }
    not_more_than_100_percent(ctx, max_unavailable, &unavailable_path);
}

/// How a field error shows an unsupported `apps.DeploymentStrategy` (Go's `%#v`).
fn strategy_text(type_: &str, rolling_update: Option<&RollingUpdateDeployment>) -> String {
    let ru = match rolling_update {
        None => "(*apps.RollingUpdateDeployment)(nil)".to_string(),
        Some(ru) => {
            let show = |v: &Option<IntOrPercent>| match v {
                None => "(*intstr.IntOrString)(nil)".to_string(),
                Some(v) => go_quote(&int_or_percent_text(v)),
            };
            format!(
                "&apps.RollingUpdateDeployment{{MaxUnavailable:{}, MaxSurge:{}}}",
                show(&ru.max_unavailable),
                show(&ru.max_surge)
            )
        }
    };
    format!(
        "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
        go_quote(type_)
    )
}

/// Upstream `ValidateDeploymentStrategy`.
fn strategy(ctx: &mut Ctx, s: &DeploymentStrategy, path: &str) {
    let ru_path = child(path, "rollingUpdate");
    match &s.type_ {
        DeploymentStrategyType::Recreate => {
            if s.rolling_update.is_some() {
                forbidden(
                    ctx,
                    &ru_path,
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        DeploymentStrategyType::RollingUpdate => match &s.rolling_update {
            None => required(ctx, &ru_path, "this should be defaulted and never be nil"),
            Some(ru) => rolling_update(ctx, ru, &ru_path),
        },
        DeploymentStrategyType::Other(t) => {
            let value = strategy_text(t, s.rolling_update.as_ref());
            ctx.field_error_near(
                path,
                &child(path, "type"),
                &format!(
                    "Unsupported value: {value}: supported values: \"Recreate\", \"RollingUpdate\""
                ),
            );
        }
    }
}

/// Upstream `ValidateDeploymentSpec` (create).
fn spec(ctx: &mut Ctx, spec: &DeploymentSpec) {
    replicas_spec(
        ctx,
        &ReplicasSpec {
            kind: "Deployment",
            replicas: spec.replicas,
            min_ready_seconds: None,
            selector: spec.selector.as_ref(),
            template: &spec.template,
        },
    );
    strategy(ctx, &spec.strategy, "spec.strategy");
    nonnegative(
        ctx,
        i64::from(spec.min_ready_seconds),
        "spec.minReadySeconds",
    );
    nonnegative(
        ctx,
        i64::from(spec.revision_history_limit),
        "spec.revisionHistoryLimit",
    );
    if let Some(deadline) = spec.progress_deadline_seconds {
        let path = "spec.progressDeadlineSeconds";
        nonnegative(ctx, i64::from(deadline), path);
        if deadline <= spec.min_ready_seconds {
            invalid(
                ctx,
                path,
                &deadline.to_string(),
                "must be greater than minReadySeconds",
            );
        }
    }
}

/// Upstream `ValidateDeploymentStatus` at `path`.
pub fn status(ctx: &mut Ctx, status: &DeploymentStatus, path: &str) {
    let at = |field: &str| child(path, field);
    nonnegative(ctx, status.observed_generation, &at("observedGeneration"));
    for (field, value) in [
        ("replicas", status.replicas),
        ("updatedReplicas", status.updated_replicas),
        ("readyReplicas", status.ready_replicas),
        ("availableReplicas", status.available_replicas),
        ("unavailableReplicas", status.unavailable_replicas),
    ] {
        nonnegative(ctx, i64::from(value), &at(field));
    }
    if let Some(terminating) = status.terminating_replicas {
        nonnegative(ctx, i64::from(terminating), &at("terminatingReplicas"));
    }
    if let Some(count) = status.collision_count {
        nonnegative(ctx, i64::from(count), &at("collisionCount"));
    }
    let over_replicas = "cannot be greater than status.replicas";
    for (field, value) in [
        ("updatedReplicas", status.updated_replicas),
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

/// Upstream `ValidateDeployment` (create), then `ValidateDeploymentStatus` of the status the
/// input states (a pasted `kubectl get -o yaml` carries one; an absent status is all zeros
/// and passes).
pub fn deployment(ctx: &mut Ctx, deployment: &Deployment) {
    object_meta(ctx, &deployment.metadata, true, "metadata");
    spec(ctx, &deployment.spec);
    status(ctx, &deployment.status, "status");
}

#[cfg(test)]
mod tests {
    use crate::engine::diagnostic::Severity;
    use crate::engine::yaml::load;

    /// Upstream `validDeployment()` (pkg/apis/apps/validation/validation_test.go), as a
    /// manifest: `podtest.MakePodSpec()` is one container `ctr` of image `image`.
    const VALID: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: abc
  namespace: default
spec:
  selector:
    matchLabels:
      name: abc
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  template:
    metadata:
      name: abc
      namespace: default
      labels:
        name: abc
    spec:
      containers:
      - name: ctr
        image: image
        imagePullPolicy: IfNotPresent
        terminationMessagePolicy: File
";

    /// The strategy of [`VALID`], to replace.
    const STRATEGY: &str =
        "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 1\n";

    /// [`VALID`] with `from` replaced by `to` (which must occur).
    fn tweak(from: &str, to: &str) -> String {
        assert!(
            VALID.contains(from),
            "{from:?} is not in the valid deployment"
        );
        VALID.replacen(from, to, 1)
    }

    /// [`VALID`] with its strategy replaced by `strategy` (indented under `spec:`).
    fn with_strategy(strategy: &str) -> String {
        tweak(STRATEGY, strategy)
    }

    /// Every diagnostic of loading `text`, as (severity, message), in message order (the
    /// loader sorts them by position, upstream lists them in the order it checks).
    fn messages(text: &str) -> Vec<(Severity, String)> {
        let mut got: Vec<_> = load(text)
            .diagnostics
            .into_iter()
            .map(|d| (d.severity, d.message))
            .collect();
        got.sort();
        got
    }

    /// `messages` as errors, in message order.
    fn errors(messages: &[&str]) -> Vec<(Severity, String)> {
        let mut want: Vec<_> = messages
            .iter()
            .map(|m| (Severity::Error, m.to_string()))
            .collect();
        want.sort();
        want
    }

    /// Follows upstream `TestValidateDeployment`: its success cases, then each error case
    /// named by the message upstream looks for, with every message the API server gives.
    #[test]
    fn test_validate_deployment() {
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            ("the valid deployment is valid", VALID.to_string(), vec![]),
            (
                "a host-network deployment with a container port is valid",
                tweak(
                    "        terminationMessagePolicy: File\n",
                    "        terminationMessagePolicy: File\n        ports:\n        - containerPort: 12345\n          protocol: TCP\n      hostNetwork: true\n",
                ),
                vec![],
            ),
            (
                "metadata.name: Required value",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: default\n".to_string(),
                vec![
                    "metadata.name: Required value: name or generateName is required",
                    "spec.selector: Required value",
                    "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
                    "spec.template.spec.containers: Required value",
                ],
            ),
            (
                "`selector` does not match template `labels`",
                tweak("      name: abc\n  strategy", "      name: def\n  strategy"),
                vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"name\":\"abc\"}: `selector` does not match template `labels`"],
            ),
            (
                "Unsupported value: \"Never\"",
                tweak("    spec:\n", "    spec:\n      restartPolicy: Never\n"),
                vec!["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""],
            ),
            (
                "supported values: \"Recreate\", \"RollingUpdate\"",
                tweak("    type: RollingUpdate\n", "    type: randomType\n"),
                vec!["spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"randomType\", RollingUpdate:&apps.RollingUpdateDeployment{MaxUnavailable:\"1\", MaxSurge:\"1\"}}: supported values: \"Recreate\", \"RollingUpdate\""],
            ),
            (
                "may not be specified when strategy `type` is 'Recreate'",
                with_strategy("  strategy:\n    type: Recreate\n    rollingUpdate: {}\n"),
                vec!["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
            ),
            (
                "a valid percent string must be",
                with_strategy("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 20Percent\n      maxUnavailable: 0\n"),
                vec![
                    "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"20Percent\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0",
                ],
            ),
            (
                "may not be 0 when `maxSurge` is 0",
                with_strategy("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n"),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"],
            ),
            (
                "must not be greater than 100%",
                with_strategy("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 110%\n"),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%"],
            ),
            // Upstream's `RollbackTo.Revision` case has no counterpart: apps/v1 has no
            // `spec.rollbackTo`.
            (
                "must be greater than minReadySeconds",
                tweak("  selector:\n", "  progressDeadlineSeconds: 600\n  minReadySeconds: 600\n  selector:\n"),
                vec!["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"],
            ),
            (
                "ephemeral containers not allowed",
                tweak("    spec:\n", "    spec:\n      ephemeralContainers:\n      - name: ec\n        image: image\n        imagePullPolicy: IfNotPresent\n        terminationMessagePolicy: File\n"),
                vec!["spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(messages(&text), errors(&want), "{name}");
            assert_eq!(
                load(&text).objects.deployments.len(),
                usize::from(want.is_empty()),
                "{name}: only a valid Deployment is kept"
            );
        }
    }

    /// The rest of `ValidateDeploymentSpec` (the replicas, the selector) and the defaulted
    /// strategy, as `TestValidateDeploymentUpdate`'s cases and the 25%/25% defaults check them.
    #[test]
    fn a_deployment_spec_is_validated_as_upstream() {
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "negative replicas are refused",
                tweak("  selector:\n", "  replicas: -1\n  selector:\n"),
                vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "an empty selector is refused and not matched against the labels",
                tweak("  selector:\n    matchLabels:\n      name: abc\n", "  selector: {}\n"),
                vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"],
            ),
            (
                "a selector that does not convert skips the template",
                tweak(
                    "      name: abc\n  strategy",
                    "      NoUppercaseOrSpecialCharsLike=Equals: b\n  strategy",
                )
                .replace("      containers:\n      - name: ctr\n", "      containers:\n      - name: CTR\n"),
                vec![
                    "spec.selector.matchLabels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"NoUppercaseOrSpecialCharsLike=Equals\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: invalid label selector",
                ],
            ),
            (
                "the defaulted 25% surge and 25% unavailability are valid",
                with_strategy(""),
                vec![],
            ),
            (
                "Recreate without rollingUpdate is valid",
                with_strategy("  strategy:\n    type: Recreate\n"),
                vec![],
            ),
            (
                "a zero surge with an unavailability is valid",
                with_strategy("  strategy:\n    rollingUpdate:\n      maxSurge: 0\n"),
                vec![],
            ),
            (
                "a negative surge is refused",
                with_strategy("  strategy:\n    rollingUpdate:\n      maxSurge: -1\n"),
                vec!["spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "a surge over 100% is allowed (only maxUnavailable is capped)",
                with_strategy("  strategy:\n    rollingUpdate:\n      maxSurge: 200%\n"),
                vec![],
            ),
            (
                "a negative revisionHistoryLimit and minReadySeconds are refused",
                tweak("  selector:\n", "  revisionHistoryLimit: -1\n  minReadySeconds: -1\n  selector:\n"),
                vec![
                    "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                    "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
                ],
            ),
            (
                "an activeDeadlineSeconds in the template is forbidden",
                tweak("    spec:\n", "    spec:\n      activeDeadlineSeconds: 10\n"),
                vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in Deployment is not Supported"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(messages(&text), errors(&want), "{name}");
        }
    }

    /// A status block for [`VALID`].
    fn status(fields: &str) -> String {
        format!("{VALID}status:\n{fields}")
    }

    /// Follows upstream `TestValidateDeploymentStatus`, with every message.
    #[test]
    fn test_validate_deployment_status() {
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "valid status",
                status("  replicas: 3\n  updatedReplicas: 3\n  readyReplicas: 2\n  availableReplicas: 1\n  observedGeneration: 2\n"),
                vec![],
            ),
            (
                "invalid replicas",
                status("  replicas: -1\n  updatedReplicas: 2\n  readyReplicas: 2\n  availableReplicas: 1\n  observedGeneration: 2\n"),
                vec![
                    "status.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas",
                    "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 1: cannot be greater than status.replicas",
                ],
            ),
            (
                "invalid updatedReplicas",
                status("  replicas: 2\n  updatedReplicas: -1\n  readyReplicas: 2\n  availableReplicas: 1\n  observedGeneration: 2\n"),
                vec!["status.updatedReplicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "invalid readyReplicas",
                status("  replicas: 3\n  readyReplicas: -1\n  availableReplicas: 1\n  observedGeneration: 2\n"),
                vec![
                    "status.readyReplicas: Invalid value: -1: must be greater than or equal to 0",
                    "status.availableReplicas: Invalid value: 1: cannot be greater than readyReplicas",
                ],
            ),
            (
                "invalid availableReplicas",
                status("  replicas: 3\n  readyReplicas: 3\n  availableReplicas: -1\n  observedGeneration: 2\n"),
                vec!["status.availableReplicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "invalid observedGeneration",
                status("  replicas: 3\n  readyReplicas: 3\n  availableReplicas: 3\n  observedGeneration: -1\n"),
                vec!["status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "updatedReplicas greater than replicas",
                status("  replicas: 3\n  updatedReplicas: 4\n  readyReplicas: 3\n  availableReplicas: 3\n  observedGeneration: 1\n"),
                vec!["status.updatedReplicas: Invalid value: 4: cannot be greater than status.replicas"],
            ),
            (
                "readyReplicas greater than replicas",
                status("  replicas: 3\n  readyReplicas: 4\n  availableReplicas: 3\n  observedGeneration: 1\n"),
                vec!["status.readyReplicas: Invalid value: 4: cannot be greater than status.replicas"],
            ),
            (
                "availableReplicas greater than replicas",
                status("  replicas: 3\n  readyReplicas: 3\n  availableReplicas: 4\n  observedGeneration: 1\n"),
                vec![
                    "status.availableReplicas: Invalid value: 4: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 4: cannot be greater than readyReplicas",
                ],
            ),
            (
                "availableReplicas greater than readyReplicas",
                status("  replicas: 3\n  readyReplicas: 2\n  availableReplicas: 3\n  observedGeneration: 1\n"),
                vec!["status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas"],
            ),
            (
                "invalid collisionCount",
                status("  replicas: 3\n  observedGeneration: 1\n  collisionCount: -3\n"),
                vec!["status.collisionCount: Invalid value: -3: must be greater than or equal to 0"],
            ),
            (
                "invalid terminatingReplicas",
                status("  replicas: 3\n  terminatingReplicas: -1\n"),
                vec!["status.terminatingReplicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(messages(&text), errors(&want), "{name}");
        }
    }
}

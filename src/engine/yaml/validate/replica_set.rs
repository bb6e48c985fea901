//! A ReplicaSet (`ValidateReplicaSet` on create, and `ValidateReplicaSetStatus` for the
//! status the input states), and the part of the spec a Deployment shares with it.

use super::apps::{
    hint_missing_selector, label_selector_go_value, label_selector_matches, nonnegative,
    pod_template, selector_mismatch,
};
use super::common::{invalid, label_selector, object_meta, required};
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
                    &label_selector_go_value(sel),
                    "empty selector is invalid for deployment",
                );
            }
            if !converts {
                invalid(
                    ctx,
                    "spec.selector",
                    &label_selector_go_value(sel),
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

#[cfg(test)]
mod tests {
    use crate::engine::diagnostic::Severity;
    use crate::engine::yaml::load;

    /// Upstream `TestValidateReplicaSet`'s valid ReplicaSet (`validLabels` `a: b`,
    /// `podtest.MakePodSpec()`), as a manifest.
    const VALID: &str = "apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: abc
  namespace: default
spec:
  selector:
    matchLabels:
      a: b
  template:
    metadata:
      labels:
        a: b
    spec:
      containers:
      - name: ctr
        image: image
";

    /// The pod template of [`VALID`].
    const TEMPLATE: &str = "  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n      - name: ctr\n        image: image\n";

    /// The selector of [`VALID`].
    const SELECTOR: &str = "  selector:\n    matchLabels:\n      a: b\n";

    /// An invalid label key (upstream's `invalidLabels`).
    const INVALID_KEY: &str = "NoUppercaseOrSpecialCharsLike=Equals";

    /// [`VALID`] with `from` replaced by `to` (which must occur).
    fn tweak(text: &str, from: &str, to: &str) -> String {
        assert!(text.contains(from), "{from:?} is not in the text");
        text.replacen(from, to, 1)
    }

    /// Every diagnostic of loading `text`, as (severity, message), in message order.
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

    fn invalid_key_message(path: &str) -> String {
        format!("{path}: Invalid value: \"{INVALID_KEY}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
    }

    /// Follows upstream `TestValidateReplicaSet`: its success cases, then each error case
    /// with every message the API server gives. Upstream's "missing-namespace" and
    /// "read-write persistent disk with > 1 pod" cases fail only for the missing
    /// namespace, which the loader sets to `default` as kubectl does, so they are valid.
    #[test]
    fn test_validate_replica_set() {
        let no_template = tweak(VALID, TEMPLATE, "");
        let mismatch =
            "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`";
        let labels_key = invalid_key_message("metadata.labels");
        let annotations_key = invalid_key_message("metadata.annotations");
        let template_labels_key = invalid_key_message("spec.template.labels");
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            ("abc is valid", VALID.to_string(), vec![]),
            ("abc-123 is valid", tweak(VALID, "name: abc\n", "name: abc-123\n"), vec![]),
            (
                "a host-network template with a port is valid",
                tweak(VALID, "        image: image\n", "        image: image\n        ports:\n        - {containerPort: 12345, protocol: TCP}\n      hostNetwork: true\n"),
                vec![],
            ),
            (
                "a read-write volume with one replica is valid",
                tweak(VALID, "        image: image\n", "        image: image\n      volumes:\n      - name: gcepd\n        gcePersistentDisk: {pdName: my-PD, fsType: ext4, partition: 1, readOnly: false}\n"),
                vec![],
            ),
            (
                "missing-namespace loads into default",
                tweak(VALID, "  namespace: default\n", ""),
                vec![],
            ),
            (
                "zero-length ID",
                tweak(VALID, "  name: abc\n", "  name: \"\"\n"),
                vec!["metadata.name: Required value: name or generateName is required"],
            ),
            (
                "empty selector",
                tweak(VALID, SELECTOR, ""),
                vec![
                    "spec.selector: Required value",
                    "spec.template.metadata.labels: Invalid value: map[string]string{\"a\":\"b\"}: `selector` does not match template `labels`",
                ],
            ),
            (
                "selector_doesnt_match",
                tweak(VALID, "      a: b\n  template", "      foo: bar\n  template"),
                vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"a\":\"b\"}: `selector` does not match template `labels`"],
            ),
            (
                "invalid manifest",
                no_template.clone(),
                vec![mismatch, "spec.template.spec.containers: Required value"],
            ),
            (
                "negative_replicas",
                tweak(&no_template, "spec:\n", "spec:\n  replicas: -1\n"),
                vec![
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    mismatch,
                    "spec.template.spec.containers: Required value",
                ],
            ),
            (
                "invalid_label",
                tweak(VALID, "  namespace: default\n", &format!("  namespace: default\n  labels:\n    {INVALID_KEY}: bar\n")),
                vec![&labels_key],
            ),
            (
                "invalid_label 2",
                tweak(
                    &tweak(VALID, "  namespace: default\n", &format!("  namespace: default\n  labels:\n    {INVALID_KEY}: bar\n")),
                    &format!("{SELECTOR}  template:\n    metadata:\n      labels:\n        a: b\n"),
                    &format!("  template:\n    metadata:\n      labels:\n        {INVALID_KEY}: b\n"),
                ),
                vec![
                    &labels_key,
                    "spec.selector: Required value",
                    "spec.template.metadata.labels: Invalid value: map[string]string{\"NoUppercaseOrSpecialCharsLike=Equals\":\"b\"}: `selector` does not match template `labels`",
                    &template_labels_key,
                ],
            ),
            (
                "invalid_annotation",
                tweak(VALID, "  namespace: default\n", &format!("  namespace: default\n  annotations:\n    {INVALID_KEY}: bar\n")),
                vec![&annotations_key],
            ),
            (
                "invalid restart policy 1",
                tweak(VALID, "    spec:\n", "    spec:\n      restartPolicy: OnFailure\n"),
                vec!["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""],
            ),
            (
                "invalid restart policy 2",
                tweak(VALID, "    spec:\n", "    spec:\n      restartPolicy: Never\n"),
                vec!["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""],
            ),
            (
                "an activeDeadlineSeconds in the template is forbidden",
                tweak(VALID, "    spec:\n", "    spec:\n      activeDeadlineSeconds: 5\n"),
                vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"],
            ),
            (
                "a negative minReadySeconds is refused",
                tweak(VALID, "spec:\n", "spec:\n  minReadySeconds: -5\n"),
                vec!["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"],
            ),
            (
                "an empty selector says deployment, as upstream does",
                tweak(VALID, SELECTOR, "  selector: {}\n"),
                vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(messages(&text), errors(&want), "{name}");
            assert_eq!(
                load(&text).objects.replica_sets.len(),
                usize::from(want.is_empty()),
                "{name}: only a valid ReplicaSet is kept"
            );
        }
    }

    /// A status block for [`VALID`].
    fn status(fields: &str) -> String {
        format!("{VALID}status:\n{fields}")
    }

    /// Follows upstream `TestValidateReplicaSetStatus`, with every message.
    #[test]
    fn test_validate_replica_set_status() {
        let all = |replicas: i32, labeled: i32, ready: i32, available: i32, generation: i32| {
            status(&format!("  replicas: {replicas}\n  fullyLabeledReplicas: {labeled}\n  readyReplicas: {ready}\n  availableReplicas: {available}\n  observedGeneration: {generation}\n"))
        };
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            ("valid status", all(3, 3, 2, 1, 2), vec![]),
            (
                "invalid replicas",
                all(-1, 3, 2, 1, 2),
                vec![
                    "status.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "status.fullyLabeledReplicas: Invalid value: 3: cannot be greater than status.replicas",
                    "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 1: cannot be greater than status.replicas",
                ],
            ),
            (
                "invalid fullyLabeledReplicas",
                all(3, -1, 2, 1, 2),
                vec!["status.fullyLabeledReplicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "invalid readyReplicas",
                all(3, 3, -1, 1, 2),
                vec![
                    "status.readyReplicas: Invalid value: -1: must be greater than or equal to 0",
                    "status.availableReplicas: Invalid value: 1: cannot be greater than readyReplicas",
                ],
            ),
            (
                "invalid availableReplicas",
                all(3, 3, 3, -1, 2),
                vec!["status.availableReplicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "invalid observedGeneration",
                all(3, 3, 3, 3, -1),
                vec!["status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "fullyLabeledReplicas greater than replicas",
                all(3, 4, 3, 3, 1),
                vec!["status.fullyLabeledReplicas: Invalid value: 4: cannot be greater than status.replicas"],
            ),
            (
                "readyReplicas greater than replicas",
                all(3, 3, 4, 3, 1),
                vec!["status.readyReplicas: Invalid value: 4: cannot be greater than status.replicas"],
            ),
            (
                "availableReplicas greater than replicas",
                all(3, 3, 3, 4, 1),
                vec![
                    "status.availableReplicas: Invalid value: 4: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 4: cannot be greater than readyReplicas",
                ],
            ),
            (
                "availableReplicas greater than readyReplicas",
                all(3, 3, 2, 3, 1),
                vec!["status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas"],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(messages(&text), errors(&want), "{name}");
        }
    }
}

use crate::engine::diagnostic::Severity;
use crate::engine::yaml::load;

/// Upstream `TestValidateStatefulSet`'s valid StatefulSet (`validLabels` `a: b`), as a
/// manifest.
const VALID: &str = "apiVersion: apps/v1
kind: StatefulSet
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

/// [`VALID`] with `from` replaced by `to` (which must occur).
fn tweak(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from:?} is not in the text");
    VALID.replacen(from, to, 1)
}

/// [`VALID`] with `lines` added to its spec.
fn with_spec(lines: &str) -> String {
    tweak("spec:\n  selector:", &format!("spec:\n{lines}  selector:"))
}

/// The errors of loading `text`, sorted.
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

/// Follows upstream `TestValidateStatefulSet`: the success cases (every policy and
/// strategy, a partition, a start ordinal, the claim retention policies), then the error
/// cases with the messages the API server gives.
#[test]
fn test_validate_stateful_set() {
    let success: Vec<(&str, String)> = vec![
        ("a valid StatefulSet", VALID.to_string()),
        (
            "parallel pod management",
            with_spec("  podManagementPolicy: Parallel\n"),
        ),
        (
            "OnDelete update strategy",
            with_spec("  updateStrategy: {type: OnDelete}\n"),
        ),
        (
            "partitioned rolling update",
            with_spec("  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}\n"),
        ),
        (
            "maxUnavailable of 2 and of 50%",
            with_spec("  updateStrategy: {rollingUpdate: {maxUnavailable: 50%}}\n"),
        ),
        ("ordinals.start of 3", with_spec("  ordinals: {start: 3}\n")),
        (
            "delete claims when deleted and when scaled",
            with_spec("  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}\n"),
        ),
        (
            "volume claim templates",
            with_spec("  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"),
        ),
    ];
    for (name, text) in &success {
        assert_eq!(errors(text), Vec::<String>::new(), "{name}");
    }
    let error_cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "zero-length ID",
            tweak("name: abc", "name: \"\""),
            vec!["metadata.name: Required value: name or generateName is required"],
        ),
        (
            "empty selector",
            tweak("  selector:\n    matchLabels:\n      a: b\n", "  selector: {}\n"),
            vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset"],
        ),
        (
            "selectorless",
            tweak("  selector:\n    matchLabels:\n      a: b\n", ""),
            vec!["spec.selector: Required value"],
        ),
        (
            "invalid manifest: the selector does not match the template's labels",
            tweak("      labels:\n        a: b\n", "      labels:\n        a: c\n"),
            vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"a\":\"c\"}: `selector` does not match template `labels`"],
        ),
        (
            "negative_replicas",
            with_spec("  replicas: -1\n"),
            vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            "invalid restart policy 1",
            tweak("      containers:", "      restartPolicy: OnFailure\n      containers:"),
            vec!["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""],
        ),
        (
            "invalid PodManagementPolicy",
            with_spec("  podManagementPolicy: foo\n"),
            vec!["spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'"],
        ),
        (
            "set active deadline seconds",
            tweak("      containers:", "      activeDeadlineSeconds: 1\n      containers:"),
            vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"],
        ),
        (
            "invalid updateStrategy",
            with_spec("  updateStrategy: {type: foo}\n"),
            vec!["spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"foo\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"],
        ),
        (
            "OnDelete with a rollingUpdate",
            with_spec("  updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}}\n"),
            vec!["spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"],
        ),
        (
            "negative parition",
            with_spec("  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: -1}}\n"),
            vec!["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            "negative minReadySeconds",
            with_spec("  minReadySeconds: -1\n"),
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            "invalid ordinals.start",
            with_spec("  ordinals: {start: -2}\n"),
            vec!["spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0"],
        ),
        (
            "invalid PersistentVolumeClaimRetentionPolicy",
            with_spec("  persistentVolumeClaimRetentionPolicy: {whenDeleted: Keep}\n"),
            vec!["spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""],
        ),
        (
            "zero maxUnavailable",
            with_spec("  updateStrategy: {rollingUpdate: {maxUnavailable: 0}}\n"),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0"],
        ),
        (
            "greater than 100 percent maxUnavailable",
            with_spec("  updateStrategy: {rollingUpdate: {maxUnavailable: 101%}}\n"),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%"],
        ),
        (
            "a status with more ready replicas than replicas",
            format!("{VALID}status: {{replicas: 1, readyReplicas: 2, availableReplicas: 1}}\n"),
            vec!["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"],
        ),
    ];
    for (name, text, want) in &error_cases {
        assert_eq!(errors(text), *want, "{name}");
    }
}

#[test]
fn defaults_are_upstream_set_defaults_stateful_set() {
    let loaded = load(VALID);
    let spec = &loaded.objects.stateful_sets[0].spec;
    use crate::engine::api::*;
    assert_eq!(spec.replicas, 1, "replicas");
    assert_eq!(spec.revision_history_limit, 10, "revisionHistoryLimit");
    assert_eq!(
        spec.pod_management_policy,
        PodManagementPolicy::OrderedReady
    );
    assert_eq!(
        spec.update_strategy,
        StatefulSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateStatefulSet {
                partition: 0,
                max_unavailable: None
            }),
        },
        "RollingUpdate with partition 0, maxUnavailable not defaulted with its gate off"
    );
    assert_eq!(
        spec.persistent_volume_claim_retention_policy,
        Some(PersistentVolumeClaimRetentionPolicy {
            when_deleted: "Retain".into(),
            when_scaled: "Retain".into()
        })
    );
    let explicit = load(&with_spec("  updateStrategy: {type: RollingUpdate}\n"));
    assert_eq!(
        explicit.objects.stateful_sets[0]
            .spec
            .update_strategy
            .rolling_update,
        None,
        "an explicit RollingUpdate without rollingUpdate stays without one"
    );
}

/// Follows upstream `TestSetDefaultStatefulSet` (pkg/apis/apps/v1/defaults_test.go), with
/// its case names: the pod management policy, the update strategy and the claim retention
/// policy after defaulting. `StatefulSetAutoDeletePVC` is GA and locked on in v1.35, and
/// `MaxUnavailableStatefulSet` is off (see `RollingUpdateStatefulSet`), so the cases for
/// the other settings of those gates are left out.
#[test]
fn test_set_default_stateful_set() {
    use crate::engine::api::*;
    let rolling = |partition: i32, max_unavailable: Option<i32>| StatefulSetUpdateStrategy {
        type_: UpdateStrategyType::RollingUpdate,
        rolling_update: Some(RollingUpdateStatefulSet {
            partition,
            max_unavailable: max_unavailable.map(IntOrPercent::Int),
        }),
    };
    let retention = |deleted: &str, scaled: &str| PersistentVolumeClaimRetentionPolicy {
        when_deleted: deleted.into(),
        when_scaled: scaled.into(),
    };
    let ordered = PodManagementPolicy::OrderedReady;
    type Defaulted = (
        PodManagementPolicy,
        StatefulSetUpdateStrategy,
        PersistentVolumeClaimRetentionPolicy,
    );
    let cases: Vec<(&str, &str, Defaulted)> = vec![
        (
            "labels and default update strategy",
            "",
            (ordered.clone(), rolling(0, None), retention("Retain", "Retain")),
        ),
        (
            "Alternate update strategy",
            "  updateStrategy: {type: OnDelete}\n",
            (
                ordered.clone(),
                StatefulSetUpdateStrategy {
                    type_: UpdateStrategyType::OnDelete,
                    rolling_update: None,
                },
                retention("Retain", "Retain"),
            ),
        ),
        (
            "Parallel pod management policy",
            "  podManagementPolicy: Parallel\n",
            (
                PodManagementPolicy::Parallel,
                rolling(0, None),
                retention("Retain", "Retain"),
            ),
        ),
        (
            "UpdateStrategy.RollingUpdate.Partition is not lost when UpdateStrategy.Type is not set",
            "  updateStrategy: {rollingUpdate: {partition: 42}}\n",
            (ordered.clone(), rolling(42, None), retention("Retain", "Retain")),
        ),
        (
            "PVC delete policy enabled, no policy specified",
            "",
            (ordered.clone(), rolling(0, None), retention("Retain", "Retain")),
        ),
        (
            "PVC delete policy enabled, with scaledown policy specified",
            "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n",
            (ordered.clone(), rolling(0, None), retention("Retain", "Delete")),
        ),
        (
            "PVC delete policy disabled, with set deletion policy specified",
            "  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}\n",
            (ordered.clone(), rolling(0, None), retention("Delete", "Retain")),
        ),
        (
            "MaxUnavailable disabled, with maxUnavailable not specified",
            "",
            (ordered.clone(), rolling(0, None), retention("Retain", "Retain")),
        ),
        (
            "MaxUnavailable disabled, with default maxUnavailable specified",
            "  updateStrategy: {rollingUpdate: {partition: 0, maxUnavailable: 1}}\n",
            (ordered.clone(), rolling(0, Some(1)), retention("Retain", "Retain")),
        ),
        (
            "MaxUnavailable disabled, with non default maxUnavailable specified",
            "  updateStrategy: {rollingUpdate: {partition: 42, maxUnavailable: 3}}\n",
            (ordered, rolling(42, Some(3)), retention("Retain", "Retain")),
        ),
    ];
    for (name, lines, want) in cases {
        let loaded = load(&with_spec(lines));
        let spec = &loaded.objects.stateful_sets[0].spec;
        let got: Defaulted = (
            spec.pod_management_policy.clone(),
            spec.update_strategy.clone(),
            spec.persistent_volume_claim_retention_policy
                .clone()
                .expect("a retention policy"),
        );
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn claim_templates_get_one_note_per_text_that_storage_is_not_simulated() {
    let claims = "  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce]}\n";
    let one = with_spec(claims);
    let two = format!("{one}---\n{}", one.replace("name: abc", "name: other"));
    let notes: Vec<(usize, String)> = load(&two)
        .diagnostics
        .into_iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Info, "{}", d.message);
            (d.line, d.message)
        })
        .collect();
    assert_eq!(
        notes,
        [(
            7,
            format!(
                "spec.volumeClaimTemplates: {}",
                crate::engine::yaml::input_state::STORAGE_NOT_SIMULATED
            )
        )],
        "one note, at the first set's claim templates"
    );
    assert!(load(VALID).diagnostics.is_empty(), "no claims, no note");
}

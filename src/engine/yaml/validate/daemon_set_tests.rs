use super::update_strategy;
use crate::engine::api::types::{
    DaemonSetUpdateStrategy, IntOrPercent, RollingUpdateDaemonSet, UpdateStrategyType,
};
use crate::engine::diagnostic::Severity;
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::load;

/// Upstream `TestValidateDaemonSet`'s valid DaemonSet (`validSelector` `a: b`,
/// `podtest.MakePodSpec()`, `OnDelete`), as a manifest.
const VALID: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: abc
  namespace: default
spec:
  selector:
    matchLabels:
      a: b
  updateStrategy:
    type: OnDelete
  template:
    metadata:
      labels:
        a: b
    spec:
      containers:
      - name: ctr
        image: image
";

/// The selector of [`VALID`].
const SELECTOR: &str = "  selector:\n    matchLabels:\n      a: b\n";

/// The template labels of [`VALID`].
const TEMPLATE_LABELS: &str = "    metadata:\n      labels:\n        a: b\n";

/// An invalid label key (upstream's `invalidSelector`).
const INVALID_KEY: &str = "NoUppercaseOrSpecialCharsLike=Equals";

/// `text` with `from` replaced by `to` (which must occur).
fn tweak(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
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

/// The `IsQualifiedName` error for [`INVALID_KEY`] at `path`.
fn invalid_key_message(path: &str) -> String {
    format!("{path}: Invalid value: \"{INVALID_KEY}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
}

/// Follows upstream `TestValidateDaemonSet`: its success cases, then each error case with
/// every message the API server gives, and the create-time case of
/// `TestValidateDaemonSetUpdate` ("invalid update strategy"). Upstream's error cases leave
/// the update strategy empty, which the loader defaults to `RollingUpdate` as the API server
/// does, and their templates lose the labels `podtest.SetLabels` puts on a pod that
/// `MakePodSpec` drops; "missing-namespace" loads into `default`, as kubectl does.
#[test]
fn test_validate_daemon_set() {
    let no_template_labels = tweak(VALID, TEMPLATE_LABELS, "");
    let mismatch_nil =
        "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`";
    let mismatch_ab =
        "spec.template.metadata.labels: Invalid value: map[string]string{\"a\":\"b\"}: `selector` does not match template `labels`";
    let labels_key = invalid_key_message("metadata.labels");
    let annotations_key = invalid_key_message("metadata.annotations");
    let with_invalid_label = tweak(
        VALID,
        "  namespace: default\n",
        &format!("  namespace: default\n  labels:\n    {INVALID_KEY}: bar\n"),
    );
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        ("abc is valid", VALID.to_string(), vec![]),
        ("abc-123 is valid", tweak(VALID, "name: abc\n", "name: abc-123\n"), vec![]),
        (
            "hostnet is valid",
            tweak(
                VALID,
                "        image: image\n",
                "        image: image\n        ports:\n        - {containerPort: 12345, protocol: TCP}\n      hostNetwork: true\n",
            ),
            vec![],
        ),
        (
            "zero-length ID",
            tweak(VALID, "  name: abc\n", "  name: \"\"\n"),
            vec!["metadata.name: Required value: name or generateName is required"],
        ),
        (
            "missing-namespace loads into default",
            tweak(VALID, "  namespace: default\n", ""),
            vec![],
        ),
        ("nil selector", tweak(VALID, SELECTOR, ""), vec![mismatch_ab]),
        (
            "empty selector",
            tweak(VALID, SELECTOR, "  selector: {}\n"),
            vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"],
        ),
        (
            "selector_doesnt_match",
            tweak(VALID, "      a: b\n  updateStrategy", "      foo: bar\n  updateStrategy"),
            vec![mismatch_ab],
        ),
        (
            "invalid template",
            tweak(
                VALID,
                "  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n      - name: ctr\n        image: image\n",
                "",
            ),
            vec![mismatch_nil, "spec.template.spec.containers: Required value"],
        ),
        ("invalid_label", with_invalid_label.clone(), vec![&labels_key]),
        (
            "invalid_label 2",
            tweak(
                &tweak(&with_invalid_label, SELECTOR, ""),
                TEMPLATE_LABELS,
                "",
            ),
            vec![&labels_key, mismatch_nil],
        ),
        (
            "invalid_annotation",
            tweak(
                VALID,
                "  namespace: default\n",
                &format!("  namespace: default\n  annotations:\n    {INVALID_KEY}: bar\n"),
            ),
            vec![&annotations_key],
        ),
        (
            "invalid restart policy 1",
            tweak(&no_template_labels, "    spec:\n", "    spec:\n      restartPolicy: OnFailure\n"),
            vec![
                mismatch_nil,
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            ],
        ),
        (
            "invalid restart policy 2",
            tweak(&no_template_labels, "    spec:\n", "    spec:\n      restartPolicy: Never\n"),
            vec![
                mismatch_nil,
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ],
        ),
        (
            "template may not contain ephemeral containers",
            tweak(
                VALID,
                "        image: image\n",
                "        image: image\n      ephemeralContainers:\n      - {name: debug, image: image, imagePullPolicy: IfNotPresent, terminationMessagePolicy: File}\n",
            ),
            vec!["spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"],
        ),
        (
            "invalid update strategy",
            tweak(VALID, "    type: OnDelete\n", "    type: Random\n"),
            vec!["spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Random\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""],
        ),
    ];
    for (name, text, want) in cases {
        let mut want: Vec<String> = want.iter().map(|m| m.to_string()).collect();
        want.sort();
        assert_eq!(errors(&text), want, "{name}");
        assert_eq!(
            load(&text).objects.daemon_sets.len(),
            usize::from(want.is_empty()),
            "{name}: only a valid DaemonSet is kept"
        );
    }
}

/// Follows upstream `TestDaemonSetUpdateMaxSurge`: `ValidateRollingUpdateDaemonSet` on
/// each rolling update as given (an unset field is the internal type's zero), error or not.
#[test]
fn test_daemon_set_update_max_surge() {
    let int = |i: i32| Some(IntOrPercent::Int(i));
    let percent = |s: &str| Some(IntOrPercent::String(s.to_string()));
    let cases: Vec<(&str, Option<IntOrPercent>, Option<IntOrPercent>, bool)> = vec![
        ("invalid: unset", None, None, true),
        ("invalid: zero percent", percent("0%"), None, true),
        ("invalid: zero", int(0), None, true),
        ("valid: one", int(1), None, false),
        ("valid: one percent", percent("1%"), None, false),
        ("valid: 100%", percent("100%"), None, false),
        ("invalid: greater than 100%", percent("101%"), None, true),
        (
            "valid: surge and unavailable set",
            percent("1%"),
            percent("1%"),
            true,
        ),
        (
            "invalid: surge enabled, surge zero percent",
            None,
            percent("0%"),
            true,
        ),
        ("invalid: surge enabled, surge zero", None, int(0), true),
        ("valid: surge enabled, surge one", None, int(1), false),
        (
            "valid: surge enabled, surge one percent",
            None,
            percent("1%"),
            false,
        ),
        (
            "valid: surge enabled, surge 100%",
            None,
            percent("100%"),
            false,
        ),
        (
            "invalid: surge enabled, surge greater than 100%",
            None,
            percent("101%"),
            true,
        ),
        (
            "invalid: surge enabled, surge and unavailable zero percent",
            percent("0%"),
            percent("0%"),
            true,
        ),
        (
            "invalid: surge enabled, surge and unavailable zero",
            int(0),
            int(0),
            true,
        ),
        (
            "invalid: surge enabled, surge and unavailable mixed zero",
            int(0),
            percent("0%"),
            true,
        ),
    ];
    for (name, max_unavailable, max_surge, expect_error) in cases {
        let strategy = DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable,
                max_surge,
            }),
        };
        let mut ctx = Ctx::default();
        update_strategy(&mut ctx, &strategy, "spec.updateStrategy");
        assert_eq!(ctx.has_errors(), expect_error, "{name}: {:?}", ctx.diags);
    }
}

/// `maxUnavailable` and `maxSurge` of a rolling update, as given.
type RollingUpdateFields = (Option<IntOrPercent>, Option<IntOrPercent>);

/// The messages of `ValidateRollingUpdateDaemonSet` in upstream order: both fields as ints
/// or percents, both against 100%, then the one-non-zero rule, each showing an
/// `intstr.IntOrString` as Go's `%#v`.
#[test]
fn rolling_update_messages_show_the_int_or_string_as_go_prints_it() {
    let cases: Vec<(&str, RollingUpdateFields, Vec<&str>)> = vec![
        (
            "both set",
            (Some(IntOrPercent::Int(1)), Some(IntOrPercent::String("1%".into()))),
            vec!["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"1%\"}: may not be set when maxUnavailable is non-zero"],
        ),
        (
            "both unset",
            (None, None),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"],
        ),
        (
            "a percent that is not one",
            (Some(IntOrPercent::String("20Percent".into())), None),
            vec![
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"20Percent\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ],
        ),
    ];
    for (name, (max_unavailable, max_surge), want) in cases {
        let strategy = DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable,
                max_surge,
            }),
        };
        let mut ctx = Ctx::default();
        update_strategy(&mut ctx, &strategy, "spec.updateStrategy");
        let got: Vec<&str> = ctx.diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(got, want, "{name}");
    }
}

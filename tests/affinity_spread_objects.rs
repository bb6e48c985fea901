//! Pod affinity, pod anti-affinity and topology spread constraints in YAML: decoded into
//! their types at their positions, unknown fields warned about, validated with the API
//! server's messages (`validatePodAffinityTerm`, `validateTopologySpreadConstraints`), and
//! exported byte-stably.

use kubeplay::engine::yaml::{load, to_yaml};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels:
    app: web
    pod-template-hash: abc
spec:
  affinity:
    podAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 20
        podAffinityTerm:
          labelSelector:
            matchLabels:
              app: cache
          topologyKey: topology.kubernetes.io/zone
          namespaceSelector: {}
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchExpressions:
          - key: app
            operator: In
            values:
            - web
        topologyKey: kubernetes.io/hostname
        namespaces:
        - default
        matchLabelKeys:
        - pod-template-hash
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels:
        app: web
    minDomains: 3
    nodeAffinityPolicy: Ignore
    nodeTaintsPolicy: Honor
    matchLabelKeys:
    - pod-template-hash
  containers:
  - name: c
    image: nginx
";

#[test]
fn pod_affinity_anti_affinity_and_spread_constraints_are_decoded() {
    let loaded = load(POD);
    assert_eq!(loaded.diagnostics, vec![]);
    let spec = &loaded.objects.pods[0].spec;
    let affinity = spec.affinity.as_ref().expect("affinity");
    assert!(affinity.extra.is_empty(), "nothing kept verbatim");
    let preferred = &affinity
        .pod_affinity
        .as_ref()
        .expect("podAffinity")
        .preferred[0];
    assert_eq!(preferred.weight, 20);
    let t = &preferred.pod_affinity_term;
    assert_eq!(t.topology_key, "topology.kubernetes.io/zone");
    assert_eq!(
        t.namespace_selector,
        Some(Default::default()),
        "an empty selector stays one"
    );
    let anti = &affinity
        .pod_anti_affinity
        .as_ref()
        .expect("podAntiAffinity")
        .required[0];
    assert_eq!(anti.namespaces, ["default"]);
    assert_eq!(anti.match_label_keys, ["pod-template-hash"]);
    assert_eq!(
        anti.label_selector
            .as_ref()
            .map(|s| s.match_expressions.len()),
        Some(1)
    );
    let c = &spec.topology_spread_constraints[0];
    assert_eq!((c.max_skew, c.min_domains), (1, Some(3)));
    assert_eq!(c.when_unsatisfiable, "DoNotSchedule");
    assert_eq!(c.node_affinity_policy.as_deref(), Some("Ignore"));
    assert_eq!(c.node_taints_policy.as_deref(), Some("Honor"));
    assert_eq!(c.match_label_keys, ["pod-template-hash"]);
}

#[test]
fn export_of_affinity_and_spread_is_byte_stable() {
    let first = load(POD);
    let text = to_yaml(&first.objects);
    let second = load(&text);
    assert_eq!(second.diagnostics, vec![]);
    assert_eq!(second.objects.pods, first.objects.pods);
    assert_eq!(to_yaml(&second.objects), text);
    assert!(text.contains("namespaceSelector: {}"), "{text}");
}

#[test]
fn unknown_fields_in_affinity_terms_and_constraints_warn_at_their_line() {
    let text = POD
        .replace(
            "        topologyKey: kubernetes.io/hostname\n",
            "        topologyKey: kubernetes.io/hostname\n        topologykey: x\n",
        )
        .replace("    minDomains: 3\n", "    minDomain: 3\n");
    let loaded = load(&text);
    let got: Vec<(usize, String)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    let line = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("line")
    };
    assert_eq!(
        got,
        [
            (
                line("topologykey: x"),
                "unknown field \"spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologykey\"".to_string()
            ),
            (
                line("minDomain: 3"),
                "unknown field \"spec.topologySpreadConstraints[0].minDomain\"".to_string()
            ),
        ]
    );
}

/// Follows upstream `TestValidateTopologySpreadConstraints` and the pod affinity cases of
/// `TestValidatePod` (pkg/apis/core/validation).
#[test]
fn affinity_terms_and_spread_constraints_are_validated_as_upstream() {
    let pod = |spec: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: i\n{spec}")
    };
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "a spread constraint with maxSkew 0, no topologyKey and an unknown action",
            pod("  topologySpreadConstraints:\n  - maxSkew: 0\n    whenUnsatisfiable: Sometimes\n"),
            vec![
                "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
                "spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty",
                "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Sometimes\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
            ],
        ),
        (
            "two constraints on the same topologyKey and action",
            pod("  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n  - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n"),
            vec![
                "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: \"{zone, DoNotSchedule}\"",
            ],
        ),
        (
            "minDomains must be positive and needs DoNotSchedule",
            pod("  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 0}\n"),
            vec![
                "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero",
                "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
            ],
        ),
        (
            "node inclusion policies are Honor or Ignore",
            pod("  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, nodeTaintsPolicy: Always}\n"),
            vec![
                "spec.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: \"Always\": supported values: \"Honor\", \"Ignore\"",
            ],
        ),
        (
            "a pod affinity term needs a topologyKey",
            pod("  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector: {matchLabels: {app: web}}\n"),
            vec![
                "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
                "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty",
                "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
        ),
        (
            "a preferred anti-affinity weight is 1-100",
            pod("  affinity:\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 0\n        podAffinityTerm: {topologyKey: zone, labelSelector: {}}\n"),
            vec![
                "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
            ],
        ),
    ];
    for (name, text, want) in table {
        let loaded = load(&text);
        let got: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

use crate::engine::diagnostic::Severity;
use crate::engine::yaml::load;

/// The errors of loading `text`, in the order they are reported.
fn errors(text: &str) -> Vec<String> {
    load(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect()
}

/// Upstream's pod `123` in namespace `ns` with `labels` (a flow mapping) and `spec` lines
/// under its spec.
fn pod(labels: &str, spec: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata: {{name: \"123\", namespace: ns, labels: {labels}}}
spec:
  containers: [{{name: ctr, image: image}}]
{spec}"
    )
}

/// A pod whose `section` (`podAffinity` or `podAntiAffinity`) has one term, `term` a flow
/// mapping: required when `hard`, else preferred with weight 10.
fn pod_with_term(labels: &str, section: &str, hard: bool, term: &str) -> String {
    let terms = if hard {
        format!("      requiredDuringSchedulingIgnoredDuringExecution: [{term}]\n")
    } else {
        format!(
            "      preferredDuringSchedulingIgnoredDuringExecution: [{{weight: 10, podAffinityTerm: {term}}}]\n"
        )
    };
    pod(labels, &format!("  affinity:\n    {section}:\n{terms}"))
}

/// The field path of that term.
fn term_path(section: &str, hard: bool) -> String {
    if hard {
        format!("spec.affinity.{section}.requiredDuringSchedulingIgnoredDuringExecution[0]")
    } else {
        format!(
            "spec.affinity.{section}.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm"
        )
    }
}

/// Follows the `matchLabelKeys` / `mismatchLabelKeys` error cases of upstream
/// `TestValidatePod`, named as there: each for soft and hard pod affinity and
/// anti-affinity. Upstream writes the "exists in both matchLabelKeys and labelSelector"
/// pods with the requirement the API server merges in already; here the pod is written
/// as a user writes it, and the loader validates it merged, as the API server does.
#[test]
fn test_validate_pod_match_label_keys_and_mismatch_label_keys() {
    const NOT_IN: &str = "labelSelector: {matchExpressions: [{key: key, operator: NotIn, values: [value1, value2]}]}, topologyKey: k8s.io/zone";
    const NOT_IN_VALUE2: &str = "labelSelector: {matchExpressions: [{key: key, operator: NotIn, values: [value2]}]}, topologyKey: k8s.io/zone";
    for (section, what) in [
        ("podAffinity", "pod affinity"),
        ("podAntiAffinity", "pod anti-affinity"),
    ] {
        for (hard, kind) in [(false, "soft"), (true, "hard")] {
            let path = term_path(section, hard);
            let cases = [
                (
                    format!("invalid {kind} {what}, key in MatchLabelKeys isn't correctly defined"),
                    pod_with_term("{}", section, hard, &format!("{{{NOT_IN}, matchLabelKeys: [/simple]}}")),
                    format!("{path}.matchLabelKeys[0]: Invalid value: \"/simple\": prefix part must be non-empty"),
                ),
                (
                    format!("invalid {kind} {what}, key in MismatchLabelKeys isn't correctly defined"),
                    pod_with_term("{}", section, hard, &format!("{{{NOT_IN}, mismatchLabelKeys: [/simple]}}")),
                    format!("{path}.mismatchLabelKeys[0]: Invalid value: \"/simple\": prefix part must be non-empty"),
                ),
                (
                    format!("invalid {kind} {what}, key exists in both matchLabelKeys and labelSelector"),
                    pod_with_term("{key: value1}", section, hard, &format!("{{{NOT_IN_VALUE2}, matchLabelKeys: [key]}}")),
                    format!("{path}[0]: Invalid value: \"key\": exists in both matchLabelKeys and labelSelector"),
                ),
                (
                    format!("invalid {kind} {what}, key exists in both MatchLabelKeys and MismatchLabelKeys"),
                    pod_with_term("{}", section, hard, &format!("{{{NOT_IN}, matchLabelKeys: [samekey], mismatchLabelKeys: [samekey]}}")),
                    format!("{path}.matchLabelKeys[0]: Invalid value: \"samekey\": exists in both matchLabelKeys and mismatchLabelKeys"),
                ),
            ];
            for (name, text, want) in cases {
                assert_eq!(errors(&text), vec![want], "{name}");
            }
        }
    }
}

#[test]
fn label_keys_need_a_label_selector() {
    let text = pod_with_term(
        "{}",
        "podAffinity",
        true,
        "{topologyKey: zone, matchLabelKeys: [a], mismatchLabelKeys: [b]}",
    );
    let path = term_path("podAffinity", true);
    assert_eq!(
        errors(&text),
        vec![
            format!("{path}.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"),
            format!("{path}.mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set"),
        ]
    );
}

#[test]
fn a_key_in_both_is_accepted_when_the_pod_has_no_such_label_as_nothing_is_merged() {
    let text = pod_with_term(
        "{app: web}",
        "podAntiAffinity",
        true,
        "{labelSelector: {matchLabels: {key: value1}}, topologyKey: zone, matchLabelKeys: [key]}",
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

/// The `matchLabelKeys` cases of upstream `TestValidateTopologySpreadConstraints`, validated
/// as v1.35 validates them with MatchLabelKeysInPodTopologySpreadSelectorMerge on (its
/// default): `ValidateMatchLabelKeysAndMismatchLabelKeys` at the constraint's path, after
/// the merge.
#[test]
fn test_validate_topology_spread_constraints_match_label_keys() {
    let constraint = |labels: &str, fields: &str| {
        pod(
            labels,
            &format!("  topologySpreadConstraints:\n  - {{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, {fields}}}\n"),
        )
    };
    let path = "spec.topologySpreadConstraints[0]";
    let cases = [
        (
            "valid matchLabelKeys",
            constraint("{foo: bar}", "labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [foo]"),
            vec![],
        ),
        (
            "key in MatchLabelKeys isn't correctly defined",
            constraint("{}", "labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [/simple]"),
            vec![format!("{path}.matchLabelKeys[0]: Invalid value: \"/simple\": prefix part must be non-empty")],
        ),
        (
            "key exists in both matchLabelKeys and labelSelector",
            constraint("{foo: bar}", "labelSelector: {matchLabels: {foo: bar}}, matchLabelKeys: [foo]"),
            vec![format!("{path}[0]: Invalid value: \"foo\": exists in both matchLabelKeys and labelSelector")],
        ),
        (
            "key in MatchLabelKeys is forbidden to be specified when labelSelector is not set",
            constraint("{foo: bar}", "matchLabelKeys: [foo]"),
            vec![format!("{path}.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set")],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(errors(&text), want, "{name}");
    }
}

/// A template is validated without the merge (upstream does not merge templates): a key
/// the selector also names passes there, and fails each pod created from it instead.
#[test]
fn pod_templates_have_their_label_keys_validated_without_the_merge() {
    let deployment = |term: &str| {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: c, image: i}}]
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution: [{term}]
"
        )
    };
    assert_eq!(
        errors(&deployment("{labelSelector: {matchLabels: {app: web}}, topologyKey: zone, matchLabelKeys: [/simple]}")),
        vec!["spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: \"/simple\": prefix part must be non-empty"]
    );
    assert_eq!(
        errors(&deployment(
            "{labelSelector: {matchLabels: {app: web}}, topologyKey: zone, matchLabelKeys: [app]}"
        )),
        Vec::<String>::new()
    );
}

/// A pod read from a cluster (it states its `creationTimestamp`) holds the selectors the
/// API server merged when it created it, and is validated as held, not merged again.
#[test]
fn a_pod_read_from_a_cluster_is_validated_with_the_selectors_it_holds() {
    let text = pod(
        "{app: web, pod-template-hash: abc}",
        "  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}, matchExpressions: [{key: pod-template-hash, operator: In, values: [abc]}]}, matchLabelKeys: [pod-template-hash]}\n",
    )
    .replace("namespace: ns,", "namespace: ns, creationTimestamp: \"2026-01-01T00:00:00Z\",");
    assert_eq!(errors(&text), Vec::<String>::new());
    let created_again = text.replace(" creationTimestamp: \"2026-01-01T00:00:00Z\",", "");
    assert_eq!(
        errors(&created_again),
        vec!["spec.topologySpreadConstraints[0][0]: Invalid value: \"pod-template-hash\": exists in both matchLabelKeys and labelSelector"],
        "created anew, the merge meets the requirement it added before"
    );
}

/// Upstream's pod `123` in namespace `ns` whose spec is `spec` (lines under `spec:`).
fn pod_spec(spec: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata: {{name: \"123\", namespace: ns}}
spec:
{spec}"
    )
}

/// The toleration error cases of upstream `TestValidatePod` (and `ValidateTolerations`),
/// named as there, each a pod with the one toleration `toleration` (a flow mapping).
#[test]
fn test_validate_pod_tolerations() {
    let with = |toleration: &str| pod("{}", &format!("  tolerations: [{toleration}]\n"));
    let path = "spec.tolerations[0]";
    let cases = [
        (
            "invalid toleration key",
            with("{key: \"nospecialchars^=@\", operator: Equal, value: bar, effect: NoSchedule}"),
            vec![format!("{path}.key: Invalid value: \"nospecialchars^=@\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")],
        ),
        (
            "invalid toleration operator",
            with("{key: foo, operator: In, value: bar, effect: NoSchedule}"),
            vec![format!("{path}.operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\"")],
        ),
        (
            "value must be empty when `operator` is 'Exists'",
            with("{key: foo, operator: Exists, value: bar, effect: NoSchedule}"),
            vec![format!("{path}.operator: Invalid value: \"bar\": value must be empty when `operator` is 'Exists'")],
        ),
        (
            "operator must be 'Exists' when `key` is empty",
            with("{operator: Equal, value: bar, effect: NoSchedule}"),
            vec![format!("{path}.operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")],
        ),
        (
            "effect must be 'NoExecute' when `TolerationSeconds` is set",
            with("{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule, tolerationSeconds: 20}"),
            vec![format!("{path}.effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set")],
        ),
        (
            "an Equal value must be a label value",
            with("{key: foo, operator: Equal, value: \"-bar\"}"),
            vec![format!("{path}.operator: Invalid value: \"-bar\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")],
        ),
        (
            "Lt is refused with TaintTolerationComparisonOperators off",
            with("{key: sla, operator: Lt, value: \"950\", effect: NoSchedule}"),
            vec![format!("{path}.operator: Unsupported value: \"Lt\": supported values: \"Equal\", \"Exists\", \"Lt\", \"Gt\"")],
        ),
        (
            "Gt is refused with TaintTolerationComparisonOperators off",
            with("{key: sla, operator: Gt, value: \"950\", effect: NoSchedule}"),
            vec![format!("{path}.operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\", \"Lt\", \"Gt\"")],
        ),
        (
            "an empty key with Exists tolerates everything",
            with("{operator: Exists}"),
            vec![],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(errors(&text), want, "{name}");
    }
}

/// Upstream `ValidatePreferredSchedulingTerms` always allows invalid label values in a
/// preferred term (it may still match when the cluster has one node); a required term
/// refuses them.
#[test]
fn preferred_node_affinity_terms_allow_invalid_label_values() {
    let term = "{matchExpressions: [{key: zone, operator: In, values: [\"-bad\"]}]}";
    let preferred = pod(
        "{}",
        &format!("  affinity:\n    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution: [{{weight: 10, preference: {term}}}]\n"),
    );
    assert_eq!(errors(&preferred), Vec::<String>::new());
    let required = pod(
        "{}",
        &format!("  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution: {{nodeSelectorTerms: [{term}]}}\n"),
    );
    assert_eq!(
        errors(&required),
        vec!["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]
    );
}

/// Upstream `checkHostPortConflicts`: regular containers share their host ports; each init
/// container is checked alone (they run one by one), as a list of one, so its conflict is
/// reported at `initContainers[0]`.
#[test]
fn host_port_conflicts_are_checked_across_containers_and_within_each_init_container() {
    let across = pod_spec(
        "  containers:\n  - {name: a, image: i, ports: [{containerPort: 80, hostPort: 8080}]}\n  - {name: b, image: i, ports: [{containerPort: 81, hostPort: 8080}]}\n",
    );
    assert_eq!(
        errors(&across),
        vec!["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]
    );
    let init = pod_spec(
        "  containers: [{name: c, image: i}]\n  initContainers:\n  - {name: a, image: i, ports: [{containerPort: 80, hostPort: 8080}]}\n  - {name: b, image: i, ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]}\n",
    );
    assert_eq!(
        errors(&init),
        vec!["spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""]
    );
}

/// Upstream `validatePodHostNetworkDeps`: with `hostNetwork`, a regular container's host port
/// must be its container port; init containers are not checked.
#[test]
fn host_network_host_ports_must_match_in_regular_containers_only() {
    let text = pod_spec(
        "  hostNetwork: true\n  containers:\n  - {name: a, image: i, ports: [{containerPort: 80, hostPort: 8080}]}\n  - {name: b, image: \"\"}\n  initContainers:\n  - {name: c, image: i, ports: [{containerPort: 80, hostPort: 9090}]}\n",
    );
    assert_eq!(
        errors(&text),
        vec![
            "spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true",
            "spec.containers[1].image: Required value",
        ]
    );
}

/// Upstream `validateContainers` / `validateInitContainers`: a name met before is a
/// duplicate; regular containers count an empty name too.
#[test]
fn container_names_are_unique_across_containers_and_init_containers() {
    let text = pod_spec(
        "  containers:\n  - {name: a, image: i}\n  - {name: a, image: i, ports: [{containerPort: 0}]}\n  initContainers:\n  - {name: a, image: i}\n",
    );
    assert_eq!(
        errors(&text),
        vec![
            "spec.containers[1].name: Duplicate value: \"a\"",
            "spec.containers[1].ports[0].containerPort: Required value",
            "spec.initContainers[0].name: Duplicate value: \"a\"",
        ]
    );
    let unnamed = pod_spec("  containers:\n  - {image: i}\n  - {image: i}\n");
    assert_eq!(
        errors(&unnamed),
        vec![
            "spec.containers[0].name: Required value",
            "spec.containers[1].name: Required value",
            "spec.containers[1].name: Duplicate value: \"\"",
        ]
    );
}

/// Upstream `validateResourceRequirements`' huge-page rules: whole pages of the size the
/// name gives (`validateResourceQuantityHugePageValue`), and only beside cpu or memory.
#[test]
fn huge_pages_come_in_whole_pages_and_beside_cpu_or_memory() {
    let with = |resources: &str| {
        pod_spec(&format!(
            "  containers: [{{name: c, image: i, resources: {resources}}}]\n"
        ))
    };
    let path = "spec.containers[0].resources";
    let cases = [
        (
            "whole pages beside memory",
            with("{limits: {memory: 1Gi, hugepages-2Mi: 4Mi}, requests: {memory: 1Gi, hugepages-2Mi: 4Mi}}"),
            vec![],
        ),
        (
            "hugepage resource without cpu or memory",
            with("{limits: {hugepages-2Mi: 4Mi}, requests: {hugepages-2Mi: 4Mi}}"),
            vec![format!("{path}: Forbidden: HugePages require cpu or memory")],
        ),
        (
            "a part of a page",
            with("{limits: {cpu: \"1\", hugepages-2Mi: 3Mi}, requests: {cpu: \"1\", hugepages-2Mi: 3Mi}}"),
            vec![
                format!("{path}.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi"),
                format!("{path}.requests[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi"),
            ],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(errors(&text), want, "{name}");
    }
}

/// The cases of upstream `TestValidateTopologySpreadConstraints` not covered in
/// `tests/affinity_spread_objects.rs`, named as there.
#[test]
fn test_validate_topology_spread_constraints() {
    let with = |constraints: &str| {
        pod(
            "{}",
            &format!("  topologySpreadConstraints:\n{constraints}"),
        )
    };
    let path = "spec.topologySpreadConstraints";
    let cases = [
        (
            "all required fields ok",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, minDomains: 3}\n"),
            vec![],
        ),
        (
            "negative MaxSkew",
            with("  - {maxSkew: -1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}\n"),
            vec![format!("{path}[0].maxSkew: Invalid value: -1: must be greater than zero")],
        ),
        (
            "can use MinDomains with ScheduleAnyway, when MinDomains = nil",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: ScheduleAnyway}\n"),
            vec![],
        ),
        (
            "negative minDomains is invalid",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, minDomains: -1}\n"),
            vec![format!("{path}[0].minDomains: Invalid value: -1: must be greater than zero")],
        ),
        (
            "missing scheduling mode",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone}\n"),
            vec![format!("{path}[0].whenUnsatisfiable: Unsupported value: \"\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"")],
        ),
        (
            "multiple constraints missing TopologyKey on partial ones",
            with("  - {maxSkew: 1, whenUnsatisfiable: ScheduleAnyway}\n  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}\n"),
            vec![format!("{path}[0].topologyKey: Required value: can not be empty")],
        ),
        (
            "supported policy name set on NodeAffinityPolicy and NodeTaintsPolicy",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, nodeAffinityPolicy: Honor, nodeTaintsPolicy: Ignore}\n"),
            vec![],
        ),
        (
            "invalid NodeAffinityPolicy",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, nodeAffinityPolicy: xyz}\n"),
            vec![format!("{path}[0].nodeAffinityPolicy: Unsupported value: \"xyz\": supported values: \"Honor\", \"Ignore\"")],
        ),
        (
            "invalid matchLabels set on labelSelector when AllowInvalidTopologySpreadConstraintLabelSelector is false",
            with("  - {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {NoUppercaseOrSpecialCharsLike=Equals: foo}}}\n"),
            vec![format!("{path}[0].labelSelector.matchLabels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(errors(&text), want, "{name}");
    }
}

/// Pod affinity term cases of upstream `TestValidatePod` beside the label-key ones: the
/// namespaces (reported at `namespace`, as upstream does) and the selectors.
#[test]
fn test_validate_pod_affinity_terms() {
    let path = term_path("podAffinity", true);
    let cases = [
        (
            "invalid namespace in pod affinity",
            "{labelSelector: {matchLabels: {app: web}}, namespaces: [INVALID_NAMESPACE], topologyKey: zone}",
            format!("{path}.namespace: Invalid value: \"INVALID_NAMESPACE\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        ),
        (
            "invalid labelSelector in pod affinity, values required for In",
            "{labelSelector: {matchExpressions: [{key: key2, operator: In}]}, topologyKey: zone}",
            format!("{path}.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
        ),
        (
            "invalid namespaceSelector in pod affinity, values forbidden for Exists",
            "{labelSelector: {matchLabels: {app: web}}, namespaceSelector: {matchExpressions: [{key: key2, operator: Exists, values: [v]}]}, topologyKey: zone}",
            format!("{path}.namespaceSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ),
    ];
    for (name, term, want) in cases {
        let text = pod_with_term("{}", "podAffinity", true, term);
        assert_eq!(errors(&text), vec![want], "{name}");
    }
}

/// Upstream `validateResourceName` reports a name that is not a qualified name with the
/// `core.ResourceName` itself as the bad value, which prints unquoted (it is a
/// `fmt.Stringer`), then `validateContainerResourceName` adds the container rule.
#[test]
fn a_resource_name_that_is_not_qualified_prints_unquoted() {
    let text =
        pod_spec("  containers: [{name: c, image: i, resources: {requests: {-gpu: \"1\"}}}]\n");
    let path = "spec.containers[0].resources.requests[-gpu]";
    assert_eq!(
        errors(&text),
        vec![
            format!("{path}: Invalid value: -gpu: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
            format!("{path}: Invalid value: -gpu: must be a standard resource for containers"),
        ]
    );
}

//! A Pod and the pod spec that pod templates share (`ValidatePodSpec`, the parts that
//! matter for scheduling): containers, ports, tolerations, node affinity.

use std::collections::BTreeSet;

use super::common::{
    forbidden, invalid, label_selector, label_values, labels, not_supported, object_meta, required,
    validate_label_name,
};
use super::resources::resources;
use crate::engine::api::match_label_keys::{keys_named_twice, merge_on_create, KEY_IN_BOTH_DETAIL};
use crate::engine::api::types::*;
use crate::engine::api::validation::{
    is_dns1123_label, is_dns1123_subdomain, is_valid_label_value, is_valid_port_name,
};
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, index, Ctx};

/// Upstream `validateTolerations` (operator and effect spellings are checked while decoding).
fn tolerations(ctx: &mut Ctx, tolerations: &[Toleration], path: &str) {
    for (i, t) in tolerations.iter().enumerate() {
        let p = index(path, i);
        if !t.key.is_empty() {
            validate_label_name(ctx, &t.key, &child(&p, "key"));
        }
        let op = t.operator.map(|o| o.as_str()).unwrap_or("");
        if t.key.is_empty() && t.operator != Some(TolerationOperator::Exists) {
            invalid(
                ctx,
                &child(&p, "operator"),
                &go_quote(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if t.toleration_seconds.is_some() && t.effect != Some(TaintEffect::NoExecute) {
            let effect = t.effect.map(|e| e.as_str()).unwrap_or("");
            invalid(
                ctx,
                &child(&p, "effect"),
                &go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match t.operator {
            Some(TolerationOperator::Exists) => {
                // Upstream reports this at `.operator`, with the value as the bad value
                // (kubernetes/kubernetes#128119, v1.32 on).
                if !t.value.is_empty() {
                    invalid(
                        ctx,
                        &child(&p, "operator"),
                        &go_quote(&t.value),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            _ => {
                let errs = is_valid_label_value(&t.value);
                if !errs.is_empty() {
                    invalid(
                        ctx,
                        &child(&p, "operator"),
                        &go_quote(&t.value),
                        &errs.join(";"),
                    );
                }
            }
        }
    }
}

/// Upstream `ValidateNodeSelectorRequirement` (node affinity); the values are checked as
/// label values when `check_values`.
fn node_selector_requirement(
    ctx: &mut Ctx,
    r: &SelectorRequirement,
    check_values: bool,
    path: &str,
) {
    match r.operator.as_str() {
        "In" | "NotIn" => {
            if r.values.is_empty() {
                required(
                    ctx,
                    &child(path, "values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if !r.values.is_empty() {
                forbidden(
                    ctx,
                    &child(path, "values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        "Gt" | "Lt" => {
            if r.values.len() != 1 {
                required(
                    ctx,
                    &child(path, "values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                );
            }
        }
        op => invalid(
            ctx,
            &child(path, "operator"),
            &go_quote(op),
            "not a valid selector operator",
        ),
    }
    validate_label_name(ctx, &r.key, &child(path, "key"));
    if check_values {
        label_values(ctx, &r.values, &child(path, "values"));
    }
}

/// Upstream `ValidateNodeSelectorTerm`: label values are checked in required terms only
/// (upstream always allows invalid ones in preferred terms).
fn node_selector_term(ctx: &mut Ctx, term: &NodeSelectorTerm, check_values: bool, path: &str) {
    for (i, r) in term.match_expressions.iter().enumerate() {
        node_selector_requirement(
            ctx,
            r,
            check_values,
            &index(&child(path, "matchExpressions"), i),
        );
    }
    for (i, r) in term.match_fields.iter().enumerate() {
        let p = index(&child(path, "matchFields"), i);
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.len() != 1 {
                    required(
                        ctx,
                        &child(&p, "values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
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
        // Upstream `validateNodeFieldSelectorRequirement`: the operator first, then the key,
        // whose values (node names) must be DNS subdomains.
        if r.key != "metadata.name" {
            invalid(
                ctx,
                &child(&p, "key"),
                &go_quote(&r.key),
                "not a valid field selector key",
            );
        } else {
            for (j, v) in r.values.iter().enumerate() {
                for m in is_dns1123_subdomain(v) {
                    invalid(ctx, &index(&child(&p, "values"), j), &go_quote(v), &m);
                }
            }
        }
    }
}

/// Upstream `validatePodAffinityTerm`: the selectors, the namespaces and the topology key.
fn pod_affinity_term(ctx: &mut Ctx, term: &PodAffinityTerm, path: &str) {
    if let Some(sel) = &term.label_selector {
        label_selector(ctx, sel, &child(path, "labelSelector"));
    }
    if let Some(sel) = &term.namespace_selector {
        label_selector(ctx, sel, &child(path, "namespaceSelector"));
    }
    for name in &term.namespaces {
        for m in is_dns1123_label(name) {
            invalid(ctx, &child(path, "namespace"), &go_quote(name), &m);
        }
    }
    match_label_keys_and_mismatch_label_keys(
        ctx,
        path,
        &term.match_label_keys,
        &term.mismatch_label_keys,
        term.label_selector.as_ref(),
    );
    let tk = child(path, "topologyKey");
    if term.topology_key.is_empty() {
        required(ctx, &tk, "can not be empty");
    }
    validate_label_name(ctx, &term.topology_key, &tk);
}

/// Upstream `validateLabelKeys`: `matchLabelKeys` or `mismatchLabelKeys` need a label
/// selector, and each key must be a label name.
fn label_keys(ctx: &mut Ctx, path: &str, keys: &[String], selector: Option<&LabelSelector>) {
    if keys.is_empty() {
        return;
    }
    if selector.is_none() {
        forbidden(
            ctx,
            path,
            "must not be specified when labelSelector is not set",
        );
        return;
    }
    for (i, key) in keys.iter().enumerate() {
        validate_label_name(ctx, key, &index(path, i));
    }
}

/// Upstream `ValidateMatchLabelKeysAndMismatchLabelKeys`, for a pod affinity term and (with
/// MatchLabelKeysInPodTopologySpreadSelectorMerge on, its v1.35 default) for a topology
/// spread constraint, which has no `mismatchLabelKeys`. It runs after the API server has
/// merged the keys into the selector (see [`crate::engine::api::match_label_keys`]), so a
/// `matchLabelKeys` key the selector also names is found as a key met twice: reported at
/// `path[i]`, `i` the key's index in `matchLabelKeys`, as upstream reports it.
fn match_label_keys_and_mismatch_label_keys(
    ctx: &mut Ctx,
    path: &str,
    match_label_keys: &[String],
    mismatch_label_keys: &[String],
    selector: Option<&LabelSelector>,
) {
    label_keys(
        ctx,
        &child(path, "matchLabelKeys"),
        match_label_keys,
        selector,
    );
    label_keys(
        ctx,
        &child(path, "mismatchLabelKeys"),
        mismatch_label_keys,
        selector,
    );
    if let Some(selector) = selector {
        for (i, key) in keys_named_twice(match_label_keys, selector) {
            invalid(ctx, &index(path, i), &go_quote(key), KEY_IN_BOTH_DETAIL);
        }
    }
    for (i, key) in match_label_keys.iter().enumerate() {
        if mismatch_label_keys.contains(key) {
            invalid(
                ctx,
                &index(&child(path, "matchLabelKeys"), i),
                &go_quote(key),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            );
        }
    }
}

/// Upstream `validatePodAffinity` / `validatePodAntiAffinity`.
fn pod_affinity(ctx: &mut Ctx, a: &PodAffinity, path: &str) {
    let rp = child(path, "requiredDuringSchedulingIgnoredDuringExecution");
    for (i, t) in a.required.iter().enumerate() {
        pod_affinity_term(ctx, t, &index(&rp, i));
    }
    let pp = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
    for (i, w) in a.preferred.iter().enumerate() {
        let p = index(&pp, i);
        if !(1..=100).contains(&w.weight) {
            invalid(
                ctx,
                &child(&p, "weight"),
                &w.weight.to_string(),
                "must be in the range 1-100",
            );
        }
        pod_affinity_term(ctx, &w.pod_affinity_term, &child(&p, "podAffinityTerm"));
    }
}

/// Upstream `validateTopologySpreadConstraints`.
fn topology_spread_constraints(ctx: &mut Ctx, list: &[TopologySpreadConstraint], path: &str) {
    const ACTIONS: [&str; 2] = ["DoNotSchedule", "ScheduleAnyway"];
    const POLICIES: [&str; 2] = ["Honor", "Ignore"];
    for (i, c) in list.iter().enumerate() {
        let p = index(path, i);
        if c.max_skew <= 0 {
            invalid(
                ctx,
                &child(&p, "maxSkew"),
                &c.max_skew.to_string(),
                "must be greater than zero",
            );
        }
        if c.topology_key.is_empty() {
            required(ctx, &child(&p, "topologyKey"), "can not be empty");
        }
        if !ACTIONS.contains(&c.when_unsatisfiable.as_str()) {
            not_supported(
                ctx,
                &child(&p, "whenUnsatisfiable"),
                &go_quote(&c.when_unsatisfiable),
                &ACTIONS,
            );
        }
        if list[i + 1..].iter().any(|o| {
            o.topology_key == c.topology_key && o.when_unsatisfiable == c.when_unsatisfiable
        }) {
            ctx.field_error(
                &child(&p, "{topologyKey, whenUnsatisfiable}"),
                &format!(
                    "Duplicate value: {}",
                    go_quote(&format!("{{{}, {}}}", c.topology_key, c.when_unsatisfiable))
                ),
            );
        }
        if let Some(m) = c.min_domains {
            let mp = child(&p, "minDomains");
            if m <= 0 {
                invalid(ctx, &mp, &m.to_string(), "must be greater than zero");
            }
            if c.when_unsatisfiable != "DoNotSchedule" {
                invalid(
                    ctx,
                    &mp,
                    &m.to_string(),
                    &format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {}",
                        c.when_unsatisfiable
                    ),
                );
            }
        }
        for (field, policy) in [
            ("nodeAffinityPolicy", &c.node_affinity_policy),
            ("nodeTaintsPolicy", &c.node_taints_policy),
        ] {
            if let Some(v) = policy {
                if !POLICIES.contains(&v.as_str()) {
                    not_supported(ctx, &child(&p, field), &go_quote(v), &POLICIES);
                }
            }
        }
        match_label_keys_and_mismatch_label_keys(
            ctx,
            &p,
            &c.match_label_keys,
            &[],
            c.label_selector.as_ref(),
        );
        if let Some(sel) = &c.label_selector {
            label_selector(ctx, sel, &child(&p, "labelSelector"));
        }
    }
}

fn affinity(ctx: &mut Ctx, affinity: &Affinity, path: &str) {
    if let Some(a) = &affinity.pod_affinity {
        pod_affinity(ctx, a, &child(path, "podAffinity"));
    }
    if let Some(a) = &affinity.pod_anti_affinity {
        pod_affinity(ctx, a, &child(path, "podAntiAffinity"));
    }
    let Some(na) = &affinity.node_affinity else {
        return;
    };
    let p = child(path, "nodeAffinity");
    if let Some(req) = &na.required {
        let rp = child(
            &child(&p, "requiredDuringSchedulingIgnoredDuringExecution"),
            "nodeSelectorTerms",
        );
        if req.node_selector_terms.is_empty() {
            required(ctx, &rp, "must have at least one node selector term");
        }
        for (i, t) in req.node_selector_terms.iter().enumerate() {
            node_selector_term(ctx, t, true, &index(&rp, i));
        }
    }
    for (i, pref) in na.preferred.iter().enumerate() {
        let pp = index(
            &child(&p, "preferredDuringSchedulingIgnoredDuringExecution"),
            i,
        );
        if !(1..=100).contains(&pref.weight) {
            invalid(
                ctx,
                &child(&pp, "weight"),
                &pref.weight.to_string(),
                "must be in the range 1-100",
            );
        }
        node_selector_term(ctx, &pref.preference, false, &child(&pp, "preference"));
    }
}

fn port_number(ctx: &mut Ctx, port: i32, path: &str) {
    if !(1..=65535).contains(&port) {
        invalid(
            ctx,
            path,
            &port.to_string(),
            "must be between 1 and 65535, inclusive",
        );
    }
}

/// Upstream `checkHostPortConflicts` / `AccumulateUniqueHostPorts`: each host port, keyed
/// "protocol/hostIP/port", may be taken once across `list`, reported at `path[i]`.
fn host_port_conflicts(ctx: &mut Ctx, list: &[&Container], path: &str) {
    let mut host_ports = BTreeSet::new();
    for (i, c) in list.iter().enumerate() {
        for (j, port) in c.ports.iter().enumerate() {
            if port.host_port == 0 {
                continue;
            }
            let key = format!("{}/{}/{}", port.protocol, port.host_ip, port.host_port);
            if !host_ports.insert(key.clone()) {
                ctx.field_error(
                    &child(&index(&child(&index(path, i), "ports"), j), "hostPort"),
                    &format!("Duplicate value: {}", go_quote(&key)),
                );
            }
        }
    }
}

/// Upstream `validateContainerPorts`.
fn container_ports(ctx: &mut Ctx, ports: &[ContainerPort], path: &str) {
    let mut port_names = BTreeSet::new();
    for (j, port) in ports.iter().enumerate() {
        let pp = index(path, j);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let errs = is_valid_port_name(name);
            if !errs.is_empty() {
                for m in errs {
                    invalid(ctx, &child(&pp, "name"), &go_quote(name), &m);
                }
            } else if !port_names.insert(name) {
                ctx.field_error(
                    &child(&pp, "name"),
                    &format!("Duplicate value: {}", go_quote(name)),
                );
            }
        }
        if port.container_port == 0 {
            required(ctx, &child(&pp, "containerPort"), "");
        } else {
            port_number(ctx, port.container_port, &child(&pp, "containerPort"));
        }
        if port.host_port != 0 {
            port_number(ctx, port.host_port, &child(&pp, "hostPort"));
        }
        if !matches!(port.protocol.as_str(), "TCP" | "UDP" | "SCTP") {
            not_supported(
                ctx,
                &child(&pp, "protocol"),
                &go_quote(&port.protocol),
                &["SCTP", "TCP", "UDP"],
            );
        }
    }
}

/// Upstream `validateContainerCommon` (the parts kubeplay reads): name, image, ports and
/// resources.
fn container_common(ctx: &mut Ctx, c: &Container, path: &str) {
    let np = child(path, "name");
    if c.name.is_empty() {
        required(ctx, &np, "");
    } else {
        for m in is_dns1123_label(&c.name) {
            invalid(ctx, &np, &go_quote(&c.name), &m);
        }
    }
    // Upstream only requires a non-empty image here; surrounding whitespace is refused
    // for Pods alone (see `pod`), as templates may use " " as a placeholder.
    if c.image.is_empty() {
        required(ctx, &child(path, "image"), "");
    }
    container_ports(ctx, &c.ports, &child(path, "ports"));
    resources(ctx, &c.resources, &child(path, "resources"));
}

/// Upstream `validateContainers`: each container, then its name unique among the regular
/// containers (an empty one too), then host-port conflicts across them all.
fn containers(ctx: &mut Ctx, list: &[Container], path: &str) {
    let mut names = BTreeSet::new();
    for (i, c) in list.iter().enumerate() {
        let p = index(path, i);
        container_common(ctx, c, &p);
        if !names.insert(c.name.as_str()) {
            ctx.field_error(
                &child(&p, "name"),
                &format!("Duplicate value: {}", go_quote(&c.name)),
            );
        }
    }
    host_port_conflicts(ctx, &list.iter().collect::<Vec<_>>(), path);
}

/// Upstream `validateInitContainers`: each init container, its name unique among the regular
/// and init containers, and its own host ports (init containers run one by one). Upstream
/// checks each one as a list of one, so a conflict is reported at `initContainers[0]`
/// whichever init container has it.
fn init_containers(ctx: &mut Ctx, list: &[Container], regular: &[Container], path: &str) {
    let mut names: BTreeSet<&str> = regular.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in list.iter().enumerate() {
        let p = index(path, i);
        container_common(ctx, c, &p);
        if names.contains(c.name.as_str()) {
            ctx.field_error(
                &child(&p, "name"),
                &format!("Duplicate value: {}", go_quote(&c.name)),
            );
        } else if !c.name.is_empty() {
            names.insert(&c.name);
        }
        host_port_conflicts(ctx, &[c], path);
    }
}

/// Upstream `validatePodHostNetworkDeps`: with `hostNetwork`, each regular container's set
/// host port must equal its container port (init containers are not checked).
fn host_network_ports(ctx: &mut Ctx, spec: &PodSpec, path: &str) {
    if !spec.host_network {
        return;
    }
    for (i, c) in spec.containers.iter().enumerate() {
        for (j, port) in c.ports.iter().enumerate() {
            if port.host_port != 0 && port.host_port != port.container_port {
                invalid(
                    ctx,
                    &child(&index(&child(&index(path, i), "ports"), j), "hostPort"),
                    &port.host_port.to_string(),
                    "must match `containerPort` when `hostNetwork` is true",
                );
            }
        }
    }
}

/// Upstream `ValidatePodSpec` (the parts that matter for scheduling).
pub fn pod_spec(ctx: &mut Ctx, spec: &PodSpec, path: &str) {
    let cp = child(path, "containers");
    if spec.containers.is_empty() {
        required(ctx, &cp, "");
    }
    containers(ctx, &spec.containers, &cp);
    init_containers(
        ctx,
        &spec.init_containers,
        &spec.containers,
        &child(path, "initContainers"),
    );
    host_network_ports(ctx, spec, &cp);
    if !matches!(
        spec.restart_policy.as_str(),
        "Always" | "OnFailure" | "Never"
    ) {
        not_supported(
            ctx,
            &child(path, "restartPolicy"),
            &go_quote(&spec.restart_policy),
            &["Always", "OnFailure", "Never"],
        );
    }
    if let Some(t) = spec.termination_grace_period_seconds {
        if t < 0 {
            invalid(
                ctx,
                &child(path, "terminationGracePeriodSeconds"),
                &t.to_string(),
                "must be greater than or equal to 0",
            );
        }
    }
    labels(ctx, &spec.node_selector, &child(path, "nodeSelector"));
    if let Some(a) = &spec.affinity {
        affinity(ctx, a, &child(path, "affinity"));
    }
    topology_spread_constraints(
        ctx,
        &spec.topology_spread_constraints,
        &child(path, "topologySpreadConstraints"),
    );
    if !spec.node_name.is_empty() {
        for m in is_dns1123_subdomain(&spec.node_name) {
            invalid(
                ctx,
                &child(path, "nodeName"),
                &go_quote(&spec.node_name),
                &m,
            );
        }
    }
    if let Some(a) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&a) {
            invalid(
                ctx,
                &child(path, "activeDeadlineSeconds"),
                &a.to_string(),
                "must be between 1 and 2147483647, inclusive",
            );
        }
    }
    tolerations(ctx, &spec.tolerations, &child(path, "tolerations"));
    if !spec.priority_class_name.is_empty() {
        for m in is_dns1123_subdomain(&spec.priority_class_name) {
            invalid(
                ctx,
                &child(path, "priorityClassName"),
                &go_quote(&spec.priority_class_name),
                &m,
            );
        }
    }
    if let Some(p) = &spec.preemption_policy {
        if !matches!(p.as_str(), "Never" | "PreemptLowerPriority") {
            not_supported(
                ctx,
                &child(path, "preemptionPolicy"),
                &go_quote(p),
                &["PreemptLowerPriority", "Never"],
            );
        }
    }
}

/// A Pod, validated as the API server validates it on create: after `PrepareForCreate` has
/// merged its `matchLabelKeys` / `mismatchLabelKeys` into its selectors. The loaded pod
/// keeps its selectors as written (the simulation merges when it creates the pod).
pub fn pod(ctx: &mut Ctx, pod: &Pod) {
    object_meta(ctx, &pod.metadata, true, "metadata");
    let mut created = pod.clone();
    merge_on_create(&mut created);
    pod_spec(ctx, &created.spec, "spec");
    // Upstream `validateContainersOnlyForPod`.
    for (list, name) in [
        (&pod.spec.containers, "containers"),
        (&pod.spec.init_containers, "initContainers"),
    ] {
        for (i, c) in list.iter().enumerate() {
            if c.image.trim() != c.image {
                invalid(
                    ctx,
                    &child(&index(&child("spec", name), i), "image"),
                    &go_quote(&c.image),
                    "must not have leading or trailing whitespace",
                );
            }
        }
    }
}

#[cfg(test)]
#[path = "pod_tests.rs"]
mod tests;

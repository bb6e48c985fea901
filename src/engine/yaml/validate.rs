//! Validation with the API server's field paths and messages
//! (`pkg/apis/core/validation`, `pkg/apis/apps/validation`,
//! `staging/src/k8s.io/apimachinery/pkg/util/validation`).

use std::collections::BTreeSet;

use super::decode::{child, index, key_path, Ctx};
use crate::engine::api::types::*;
use crate::engine::api::Quantity;
use crate::engine::quote::{go_quote, go_string_map};

// ---- apimachinery/pkg/util/validation -------------------------------------------------------

const QUALIFIED_NAME_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

/// Upstream `RegexError`.
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut out = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push_str(&format!("'{e}', "));
    }
    out.push_str(&format!("regex used for validation is '{fmt}')"));
    out
}

/// `validation.MaxLenError` (used by the DNS-name checks of object names).
fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// `content.MaxLenError` (used by the label key and value checks, which since v1.35 live in
/// `k8s.io/apimachinery/pkg/api/validate/content` and count bytes).
fn content_max_len_error(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            is_alnum(*f)
                && is_alnum(*l)
                && b.iter()
                    .all(|c| is_alnum(*c) || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => ok(f) && ok(l) && b.iter().all(|c| ok(c) || *c == b'-'),
        _ => false,
    }
}

fn matches_dns_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns_label)
}

/// Upstream `IsDNS1123Label`.
pub fn is_dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !matches_dns_label(s) {
        if matches_dns_subdomain(s) {
            // A valid subdomain but not a label: since the length was checked, it has dots.
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// Upstream `IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !matches_dns_subdomain(s) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// Upstream `IsValidPortName`: at most 15 of `[-a-z0-9]`, with a letter, no `--`, and no
/// hyphen at either end.
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_error(15));
    }
    if port.is_empty()
        || !port
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// Upstream `IsQualifiedName` (since v1.35 an alias of `content.IsLabelKey`).
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                // `content.IsDNS1123Subdomain`.
                if prefix.len() > 253 {
                    errs.push(format!("prefix part {}", content_max_len_error(253)));
                }
                if !matches_dns_subdomain(prefix) {
                    errs.push(format!(
                        "prefix part {}",
                        regex_error(
                            DNS1123_SUBDOMAIN_ERR,
                            DNS1123_SUBDOMAIN_FMT,
                            &["example.com"]
                        )
                    ));
                }
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_ERR,
                    QUALIFIED_NAME_FMT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", content_max_len_error(63)));
    }
    if !matches_qualified_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERR,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// Upstream `IsValidLabelValue` (`content.IsLabelValue`).
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(content_max_len_error(63));
    }
    if !value.is_empty() && !matches_qualified_name(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            &format!("({QUALIFIED_NAME_FMT})?"),
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

// ---- field.Error formatting ------------------------------------------------------------------

fn invalid(ctx: &mut Ctx, path: &str, value: &str, detail: &str) {
    ctx.field_error(path, &format!("Invalid value: {value}: {detail}"));
}

fn required(ctx: &mut Ctx, path: &str, detail: &str) {
    if detail.is_empty() {
        ctx.field_error(path, "Required value");
    } else {
        ctx.field_error(path, &format!("Required value: {detail}"));
    }
}

fn forbidden(ctx: &mut Ctx, path: &str, detail: &str) {
    ctx.field_error(path, &format!("Forbidden: {detail}"));
}

fn not_supported(ctx: &mut Ctx, path: &str, value: &str, supported: &[&str]) {
    let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
    ctx.field_error(
        path,
        &format!(
            "Unsupported value: {value}: supported values: {}",
            list.join(", ")
        ),
    );
}

// ---- metadata ---------------------------------------------------------------------------------

/// Upstream `ValidateLabelName`.
pub(super) fn validate_label_name(ctx: &mut Ctx, key: &str, path: &str) {
    for m in is_qualified_name(key) {
        invalid(ctx, path, &go_quote(key), &m);
    }
}

/// Upstream `ValidateLabels`; each message is positioned on its own label.
pub(super) fn labels(ctx: &mut Ctx, labels: &StringMap, path: &str) {
    labels_at(ctx, labels, path, path);
}

/// [`labels`] reported at `path` but positioned under `pos_base` (a pod template's labels are
/// reported at `spec.template.labels` while they are written under `metadata`).
fn labels_at(ctx: &mut Ctx, labels: &StringMap, path: &str, pos_base: &str) {
    for (k, v) in labels {
        let near = child(pos_base, k);
        for m in is_qualified_name(k) {
            ctx.field_error_near(path, &near, &format!("Invalid value: {}: {m}", go_quote(k)));
        }
        for m in is_valid_label_value(v) {
            ctx.field_error_near(path, &near, &format!("Invalid value: {}: {m}", go_quote(v)));
        }
    }
}

/// Upstream `ValidateAnnotations` (keys only; kubeplay does not check the total size).
fn annotations(ctx: &mut Ctx, annotations: &StringMap, path: &str, pos_base: &str) {
    for k in annotations.keys() {
        // Upstream lowers with `strings.ToLower`; qualified names are ASCII, so lowering only
        // ASCII gives the same verdict (a non-ASCII key is refused either way).
        for m in is_qualified_name(&k.to_ascii_lowercase()) {
            ctx.field_error_near(
                path,
                &child(pos_base, k),
                &format!("Invalid value: {}: {m}", go_quote(k)),
            );
        }
    }
}

fn object_meta(ctx: &mut Ctx, meta: &ObjectMeta, namespaced: bool, path: &str) {
    let name_path = child(path, "name");
    if meta.name.is_empty() {
        if !meta
            .extra
            .iter()
            .any(|(k, v)| k == "generateName" && *v != RawValue::String(String::new()))
        {
            required(ctx, &name_path, "name or generateName is required");
        }
    } else {
        for m in is_dns1123_subdomain(&meta.name) {
            invalid(ctx, &name_path, &go_quote(&meta.name), &m);
        }
    }
    if namespaced {
        for m in is_dns1123_label(&meta.namespace) {
            invalid(
                ctx,
                &child(path, "namespace"),
                &go_quote(&meta.namespace),
                &m,
            );
        }
    }
    labels(ctx, &meta.labels, &child(path, "labels"));
    let ap = child(path, "annotations");
    annotations(ctx, &meta.annotations, &ap, &ap);
}

// ---- core/v1 ------------------------------------------------------------------------------------

fn taints(ctx: &mut Ctx, taints: &[Taint], path: &str) {
    let mut seen: Vec<(TaintEffect, &str)> = Vec::new();
    for (i, t) in taints.iter().enumerate() {
        let p = index(path, i);
        validate_label_name(ctx, &t.key, &child(&p, "key"));
        let errs = is_valid_label_value(&t.value);
        if !errs.is_empty() {
            invalid(
                ctx,
                &child(&p, "value"),
                &go_quote(&t.value),
                &errs.join(";"),
            );
        }
        // Few taints per node: a list is enough to find a repeated key and effect.
        let id = (t.effect, t.key.as_str());
        let repeated = seen.contains(&id);
        seen.push(id);
        if repeated {
            let time = match &t.time_added {
                Some(s) => go_quote(s),
                None => "(*v1.Time)(nil)".to_string(),
            };
            ctx.field_error(
                &p,
                &format!(
                    "Duplicate value: core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:{time}}}: taints must be unique by key and effect pair",
                    go_quote(&t.key),
                    go_quote(&t.value),
                    go_quote(t.effect.as_str())
                ),
            );
        }
    }
}

/// Go's `%#v` of an internal `core.Toleration` (a set `tolerationSeconds` is a pointer, whose
/// address Go would print; kubeplay shows the pointed-to value instead).
fn go_toleration(t: &Toleration) -> String {
    let seconds = match t.toleration_seconds {
        None => "(*int64)(nil)".to_string(),
        Some(s) => format!("&{s}"),
    };
    format!(
        "core.Toleration{{Key:{}, Operator:{}, Value:{}, Effect:{}, TolerationSeconds:{seconds}}}",
        go_quote(&t.key),
        go_quote(t.operator.map(|o| o.as_str()).unwrap_or("")),
        go_quote(&t.value),
        go_quote(t.effect.map(|e| e.as_str()).unwrap_or("")),
    )
}

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
                // Upstream reports this at `.operator`, with the whole toleration as the value.
                if !t.value.is_empty() {
                    invalid(
                        ctx,
                        &child(&p, "operator"),
                        &go_toleration(t),
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

/// Upstream `validateNodeSelectorRequirement` (node affinity).
fn node_selector_requirement(ctx: &mut Ctx, r: &SelectorRequirement, path: &str) {
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
    label_values(ctx, &r.values, &child(path, "values"));
}

/// Each value of a selector requirement must be a valid label value (upstream
/// `validateNodeSelectorRequirement` / `ValidateLabelSelectorRequirement`).
fn label_values(ctx: &mut Ctx, values: &[String], path: &str) {
    for (i, v) in values.iter().enumerate() {
        for m in is_valid_label_value(v) {
            invalid(ctx, &index(path, i), &go_quote(v), &m);
        }
    }
}

fn node_selector_term(ctx: &mut Ctx, term: &NodeSelectorTerm, path: &str) {
    for (i, r) in term.match_expressions.iter().enumerate() {
        node_selector_requirement(ctx, r, &index(&child(path, "matchExpressions"), i));
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

fn affinity(ctx: &mut Ctx, affinity: &Affinity, path: &str) {
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
            node_selector_term(ctx, t, &index(&rp, i));
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
        node_selector_term(ctx, &pref.preference, &child(&pp, "preference"));
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

/// Upstream `helper.IsNativeResource`: no domain, or a `kubernetes.io/` one.
fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// Upstream `helper.IsExtendedResourceName`.
fn is_extended_resource(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with("requests.")
        && is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// Upstream `helper.IsOvercommitAllowed`: native resources other than huge pages.
fn overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !name.starts_with("hugepages-")
}

/// Upstream `helper.IsStandardResourceName` (the names a container can meet).
fn is_standard_resource(name: &str) -> bool {
    name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
        || matches!(
            name,
            "cpu"
                | "memory"
                | "ephemeral-storage"
                | "requests.cpu"
                | "requests.memory"
                | "requests.ephemeral-storage"
                | "limits.cpu"
                | "limits.memory"
                | "limits.ephemeral-storage"
                | "pods"
                | "services"
                | "replicationcontrollers"
                | "resourcequotas"
                | "secrets"
                | "configmaps"
                | "persistentvolumeclaims"
                | "requests.storage"
                | "services.nodeports"
                | "services.loadbalancers"
        )
}

/// Upstream `validateContainerResourceName` (a `core.ResourceName` prints unquoted).
fn container_resource_name(ctx: &mut Ctx, name: &str, path: &str) {
    let errs = is_qualified_name(name);
    if !errs.is_empty() {
        for m in errs {
            invalid(ctx, path, &go_quote(name), &m);
        }
    } else if !name.contains('/') && !is_standard_resource(name) {
        invalid(
            ctx,
            path,
            name,
            "must be a standard resource type or fully qualified",
        );
    }
    if !name.contains('/') {
        if !(matches!(name, "cpu" | "memory" | "ephemeral-storage")
            || name.starts_with("hugepages-"))
        {
            invalid(
                ctx,
                path,
                name,
                "must be a standard resource for containers",
            );
        }
    } else if !is_native_resource(name) && !is_extended_resource(name) {
        invalid(
            ctx,
            path,
            name,
            "doesn't follow extended resource name standard",
        );
    }
}

/// Upstream `ValidateResourceQuantityValue`, reported at `path` and positioned at `pos_path`.
fn resource_quantity_value(ctx: &mut Ctx, name: &str, q: &Quantity, path: &str, pos_path: &str) {
    if q.sign() < 0 {
        ctx.field_error_near(
            path,
            pos_path,
            &format!(
                "Invalid value: {}: must be greater than or equal to 0",
                go_quote(&q.to_string())
            ),
        );
    }
    // Extended resources are counted in whole units.
    if is_extended_resource(name) && q.milli_value() % 1000 != 0 {
        ctx.field_error_near(
            path,
            pos_path,
            &format!("Invalid value: {q}: must be an integer"),
        );
    }
}

/// Upstream `ValidateContainerResourceRequirements`: names, quantities, and each request
/// against its limit (equal for resources that cannot be overcommitted).
fn resources(ctx: &mut Ctx, r: &ResourceRequirements, path: &str) {
    let lp = child(path, "limits");
    let rp = child(path, "requests");
    for (name, q) in &r.limits {
        let p = key_path(&lp, name);
        container_resource_name(ctx, name, &p);
        resource_quantity_value(ctx, name, q, &p, &p);
    }
    for (name, q) in &r.requests {
        let p = key_path(&rp, name);
        container_resource_name(ctx, name, &p);
        resource_quantity_value(ctx, name, q, &p, &p);
        // Upstream reports these at `requests` / `limits` themselves, not at the key.
        match r.limits.get(name) {
            Some(limit) if q != limit && !overcommit_allowed(name) => ctx.field_error_near(
                &rp,
                &p,
                &format!(
                    "Invalid value: {}: must be equal to {name} limit of {limit}",
                    go_quote(&q.to_string())
                ),
            ),
            Some(limit) if q > limit => ctx.field_error_near(
                &rp,
                &p,
                &format!(
                    "Invalid value: {}: must be less than or equal to {name} limit of {limit}",
                    go_quote(&q.to_string())
                ),
            ),
            Some(_) => {}
            None if !overcommit_allowed(name) => ctx.field_error_near(
                &lp,
                &p,
                "Required value: Limit must be set for non overcommitable resources",
            ),
            None => {}
        }
    }
}

fn containers(
    ctx: &mut Ctx,
    list: &[Container],
    path: &str,
    names: &mut BTreeSet<String>,
    host_network: bool,
) {
    // Upstream `checkHostPortConflicts` / `AccumulateUniqueHostPorts`: "protocol/hostIP/port".
    let mut host_ports = BTreeSet::new();
    for (i, c) in list.iter().enumerate() {
        let p = index(path, i);
        for (j, port) in c.ports.iter().enumerate() {
            if port.host_port == 0 {
                continue;
            }
            let key = format!("{}/{}/{}", port.protocol, port.host_ip, port.host_port);
            if !host_ports.insert(key.clone()) {
                ctx.field_error(
                    &child(&index(&child(&p, "ports"), j), "hostPort"),
                    &format!("Duplicate value: {}", go_quote(&key)),
                );
            }
        }
    }
    for (i, c) in list.iter().enumerate() {
        let p = index(path, i);
        let np = child(&p, "name");
        if c.name.is_empty() {
            required(ctx, &np, "");
        } else {
            for m in is_dns1123_label(&c.name) {
                invalid(ctx, &np, &go_quote(&c.name), &m);
            }
            if !names.insert(c.name.clone()) {
                ctx.field_error(&np, &format!("Duplicate value: {}", go_quote(&c.name)));
            }
        }
        // Upstream only requires a non-empty image here; surrounding whitespace is refused
        // for Pods alone (see `pod`), as templates may use " " as a placeholder.
        if c.image.is_empty() {
            required(ctx, &child(&p, "image"), "");
        }
        let mut port_names = BTreeSet::new();
        for (j, port) in c.ports.iter().enumerate() {
            let pp = index(&child(&p, "ports"), j);
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
            if host_network && port.host_port != 0 && port.host_port != port.container_port {
                invalid(
                    ctx,
                    &child(&pp, "hostPort"),
                    &port.host_port.to_string(),
                    "must match `containerPort` when `hostNetwork` is true",
                );
            }
        }
        resources(ctx, &c.resources, &child(&p, "resources"));
    }
}

/// Upstream `ValidatePodSpec` (the parts that matter for scheduling).
fn pod_spec(ctx: &mut Ctx, spec: &PodSpec, path: &str) {
    let cp = child(path, "containers");
    if spec.containers.is_empty() {
        required(ctx, &cp, "");
    }
    let mut names = BTreeSet::new();
    containers(ctx, &spec.containers, &cp, &mut names, spec.host_network);
    containers(
        ctx,
        &spec.init_containers,
        &child(path, "initContainers"),
        &mut names,
        spec.host_network,
    );
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

/// A Node.
pub fn node(ctx: &mut Ctx, node: &Node) {
    object_meta(ctx, &node.metadata, false, "metadata");
    taints(ctx, &node.spec.taints, "spec.taints");
    // Upstream `ValidateNodeResources`: the paths are `status.capacity.<name>`.
    for (list, field) in [
        (&node.status.capacity, "capacity"),
        (&node.status.allocatable, "allocatable"),
    ] {
        let base = child("status", field);
        for (name, q) in list {
            resource_quantity_value(ctx, name, q, &child(&base, name), &key_path(&base, name));
        }
    }
}

/// A Pod.
pub fn pod(ctx: &mut Ctx, pod: &Pod) {
    object_meta(ctx, &pod.metadata, true, "metadata");
    pod_spec(ctx, &pod.spec, "spec");
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

// ---- apps/v1 -----------------------------------------------------------------------------------

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

/// Upstream `ValidatePriorityClass`.
pub fn priority_class(ctx: &mut Ctx, pc: &PriorityClass) {
    object_meta(ctx, &pc.metadata, false, "metadata");
    let name = &pc.metadata.name;
    if name.starts_with("system-") {
        // Upstream `IsKnownSystemPriorityClass` (pkg/apis/scheduling/v1/helpers.go).
        let known = match name.as_str() {
            "system-node-critical" => Some(2_000_001_000),
            "system-cluster-critical" => Some(2_000_000_000),
            _ => None,
        };
        let err = match known {
            None => Some(format!("{name} is not a known system priority class")),
            Some(v) if pc.value != v => Some(format!("value of {name} PriorityClass must be {v}")),
            Some(_) if pc.global_default => Some(format!(
                "globalDefault of {name} PriorityClass must be false"
            )),
            Some(_) => None,
        };
        if let Some(err) = err {
            forbidden(
                ctx,
                "metadata.name",
                &format!(
                    "priority class names with 'system-' prefix are reserved for system use only. error: {err}"
                ),
            );
        }
    } else if pc.value > 1_000_000_000 {
        forbidden(
            ctx,
            "value",
            "maximum allowed value of a user defined priority is 1000000000",
        );
    }
    if !matches!(
        pc.preemption_policy.as_str(),
        "Never" | "PreemptLowerPriority"
    ) {
        not_supported(
            ctx,
            "preemptionPolicy",
            &go_quote(&pc.preemption_policy),
            &["PreemptLowerPriority", "Never"],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `TestIsQualifiedName` and `TestIsValidLabelValue` (validation_test.go).
    #[test]
    fn label_keys_and_values_follow_upstream_rules() {
        let keys: &[(&str, &str, usize)] = &[
            ("a simple name", "app", 0),
            ("a prefixed name", "kubernetes.io/os", 0),
            ("an empty prefix", "/name", 1),
            ("two slashes", "a/b/c", 1),
            ("a name ending in a dash", "app-", 1),
            ("an upper-case prefix", "Example.com/x", 1),
            ("a 64-character name", &"a".repeat(64), 1),
        ];
        for (name, key, errors) in keys {
            assert_eq!(is_qualified_name(key).len(), *errors, "{name}");
        }
        assert_eq!(
            is_qualified_name("app-"),
            vec!["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_string()]
        );
        assert_eq!(
            is_valid_label_value("-x"),
            vec!["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string()]
        );
        assert!(is_valid_label_value("").is_empty());
        // Upstream `content.IsLabelKey` / `content.IsLabelValue` wording.
        assert_eq!(
            is_qualified_name("a/b/c"),
            vec!["a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_string()]
        );
        assert_eq!(
            is_qualified_name(&"a".repeat(64)),
            vec!["name part must be no more than 63 bytes".to_string()]
        );
        assert_eq!(
            is_valid_label_value(&"a".repeat(64)),
            vec!["must be no more than 63 bytes".to_string()]
        );
        assert_eq!(
            is_qualified_name(&format!("{}/a", "b".repeat(254))),
            vec!["prefix part must be no more than 253 bytes".to_string()]
        );
        assert_eq!(
            is_dns1123_subdomain(&"b".repeat(254)),
            vec!["must be no more than 253 characters".to_string()]
        );
        // Upstream `TestIsValidPortName`.
        assert!(is_valid_port_name("http-metrics").is_empty());
        assert_eq!(
            is_valid_port_name("prometheus-metrics"),
            vec!["must be no more than 15 characters".to_string()]
        );
        assert_eq!(
            is_valid_port_name("-a--B"),
            vec![
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
                    .to_string(),
                "must not contain consecutive hyphens".to_string(),
                "must not begin or end with a hyphen".to_string(),
            ]
        );
        assert_eq!(
            is_valid_port_name("80"),
            vec!["must contain at least one letter (a-z)".to_string()]
        );
        // Upstream `TestIsDNS1123Label`: a valid subdomain with dots is not a label.
        assert_eq!(
            is_dns1123_label("a.b"),
            vec!["must not contain dots".to_string()]
        );
        assert_eq!(is_dns1123_label("A").len(), 1);
        assert!(is_dns1123_label("a-1").is_empty());
        assert_eq!(
            is_dns1123_subdomain("Foo"),
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string()]
        );
    }

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

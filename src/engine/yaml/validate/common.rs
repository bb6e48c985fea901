//! The `field.Error` wording (`Invalid value`, `Required value`, `Forbidden`,
//! `Unsupported value`) and the checks every kind shares (names, labels, annotations,
//! label selectors).

use crate::engine::api::types::*;
use crate::engine::api::validation::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value,
};
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, index, Ctx};

/// `field.Invalid`: `path: Invalid value: value: detail`.
pub fn invalid(ctx: &mut Ctx, path: &str, value: &str, detail: &str) {
    ctx.field_error(path, &format!("Invalid value: {value}: {detail}"));
}

/// `field.Required`: `path: Required value` (with `: detail` when there is one).
pub fn required(ctx: &mut Ctx, path: &str, detail: &str) {
    if detail.is_empty() {
        ctx.field_error(path, "Required value");
    } else {
        ctx.field_error(path, &format!("Required value: {detail}"));
    }
}

/// `field.Forbidden`: `path: Forbidden: detail`.
pub fn forbidden(ctx: &mut Ctx, path: &str, detail: &str) {
    ctx.field_error(path, &format!("Forbidden: {detail}"));
}

/// `field.NotSupported`: `path: Unsupported value: value: supported values: "a", "b"`.
pub fn not_supported(ctx: &mut Ctx, path: &str, value: &str, supported: &[&str]) {
    let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
    ctx.field_error(
        path,
        &format!(
            "Unsupported value: {value}: supported values: {}",
            list.join(", ")
        ),
    );
}

/// Upstream `ValidateLabelName`.
pub fn validate_label_name(ctx: &mut Ctx, key: &str, path: &str) {
    for m in is_qualified_name(key) {
        invalid(ctx, path, &go_quote(key), &m);
    }
}

/// Upstream `ValidateLabels`; each message is positioned on its own label.
pub fn labels(ctx: &mut Ctx, labels: &StringMap, path: &str) {
    labels_at(ctx, labels, path, path);
}

/// [`labels`] reported at `path` but positioned under `pos_base` (a pod template's labels are
/// reported at `spec.template.labels` while they are written under `metadata`).
pub fn labels_at(ctx: &mut Ctx, labels: &StringMap, path: &str, pos_base: &str) {
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
pub fn annotations(ctx: &mut Ctx, annotations: &StringMap, path: &str, pos_base: &str) {
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

/// Upstream `ValidateObjectMeta`: the name (or `generateName`), the namespace of a
/// namespaced kind, labels and annotations.
pub fn object_meta(ctx: &mut Ctx, meta: &ObjectMeta, namespaced: bool, path: &str) {
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

/// Each value of a selector requirement must be a valid label value (upstream
/// `validateNodeSelectorRequirement` / `ValidateLabelSelectorRequirement`).
pub fn label_values(ctx: &mut Ctx, values: &[String], path: &str) {
    for (i, v) in values.iter().enumerate() {
        for m in is_valid_label_value(v) {
            invalid(ctx, &index(path, i), &go_quote(v), &m);
        }
    }
}

/// Upstream `ValidateLabelSelector`: `matchLabels` first, then each requirement.
pub fn label_selector(ctx: &mut Ctx, sel: &LabelSelector, path: &str) {
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

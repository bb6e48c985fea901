//! Resource names and quantities (`helper.IsStandardResourceName` and friends,
//! `ValidateResourceQuantityValue`, `ValidateContainerResourceRequirements`).

use super::common::invalid;
use crate::engine::api::types::*;
use crate::engine::api::validation::is_qualified_name;
use crate::engine::api::Quantity;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, key_path, Ctx};

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

/// Upstream `helper.IsHugePageResourceValueDivisible`: a whole number of the pages whose
/// size the name gives (`hugepages-2Mi`).
fn huge_pages_divisible(name: &str, q: &Quantity) -> bool {
    let Some(size) = name
        .strip_prefix("hugepages-")
        .and_then(|s| Quantity::parse(s).ok())
    else {
        return false;
    };
    size.sign() > 0 && size.milli_value() % 1000 == 0 && q.value() % size.value() == 0
}

/// Upstream `validateResourceQuantityHugePageValue`, reported at `path`.
fn huge_page_value(ctx: &mut Ctx, name: &str, q: &Quantity, path: &str) {
    if name.starts_with("hugepages-") && !huge_pages_divisible(name, q) {
        ctx.field_error_near(
            path,
            path,
            &format!(
                "Invalid value: {}: {q} is not positive integer multiple of {name}",
                go_quote(&q.to_string())
            ),
        );
    }
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

/// Upstream `validateContainerResourceName` (a `core.ResourceName` is a `fmt.Stringer`, so
/// it prints unquoted in every message, the qualified-name ones too).
fn container_resource_name(ctx: &mut Ctx, name: &str, path: &str) {
    let errs = is_qualified_name(name);
    if !errs.is_empty() {
        for m in errs {
            invalid(ctx, path, name, &m);
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
pub fn resource_quantity_value(
    ctx: &mut Ctx,
    name: &str,
    q: &Quantity,
    path: &str,
    pos_path: &str,
) {
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

/// Upstream `ValidateContainerResourceRequirements`: names, quantities, huge pages in whole
/// pages and beside cpu or memory, and each request against its limit (equal for resources
/// that cannot be overcommitted).
pub fn resources(ctx: &mut Ctx, r: &ResourceRequirements, path: &str) {
    let lp = child(path, "limits");
    let rp = child(path, "requests");
    for (name, q) in &r.limits {
        let p = key_path(&lp, name);
        container_resource_name(ctx, name, &p);
        resource_quantity_value(ctx, name, q, &p, &p);
        huge_page_value(ctx, name, q, &p);
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
        huge_page_value(ctx, name, q, &p);
    }
    let names = || r.limits.keys().chain(r.requests.keys());
    if names().any(|n| n.starts_with("hugepages-")) && !names().any(|n| n == "cpu" || n == "memory")
    {
        ctx.field_error(path, "Forbidden: HugePages require cpu or memory");
    }
}

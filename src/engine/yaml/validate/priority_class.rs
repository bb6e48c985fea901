//! A PriorityClass (`ValidatePriorityClass`).

use super::common::{forbidden, not_supported, object_meta};
use crate::engine::api::types::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::Ctx;

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

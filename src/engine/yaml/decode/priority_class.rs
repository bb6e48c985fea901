//! A PriorityClass (`scheduling/v1`).

use super::common::object_meta;
use super::fields::Fields;
use crate::engine::api::types::*;
use crate::engine::yaml::context::Ctx;

/// A PriorityClass.
pub fn priority_class(ctx: &mut Ctx, f: &mut Fields<'_>) -> PriorityClass {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    PriorityClass {
        metadata,
        value: f.int32(ctx, "value").unwrap_or(0),
        global_default: f.bool(ctx, "globalDefault").unwrap_or(false),
        preemption_policy: f.string(ctx, "preemptionPolicy").unwrap_or_default(),
        description: f.string(ctx, "description"),
    }
}

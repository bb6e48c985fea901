//! A Node: metadata, taints and the resource quantities of its status.

use super::common::{invalid, object_meta, validate_label_name};
use super::resources::resource_quantity_value;
use crate::engine::api::types::*;
use crate::engine::api::validation::is_valid_label_value;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, index, key_path, Ctx};

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

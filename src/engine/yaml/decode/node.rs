//! A Node (`core/v1`): spec with its taints, status with capacity, allocatable,
//! conditions and images.

use super::common::{condition, object_meta, taint_effect};
use super::fields::Fields;
use super::scalar::string;
use crate::engine::api::types::*;
use crate::engine::yaml::context::{child, Ctx};
use crate::engine::yaml::known;
use crate::engine::yaml::node::Node;

fn taint(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Taint> {
    let mut f = Fields::open(ctx, node, path)?;
    let key = f.string(ctx, "key").unwrap_or_default();
    let value = f.string(ctx, "value").unwrap_or_default();
    let effect_text = f.string(ctx, "effect").unwrap_or_default();
    let time_added = f.string(ctx, "timeAdded");
    f.finish(ctx, &["key", "value", "effect", "timeAdded"], &[]);
    let effect = taint_effect(ctx, &effect_text, &child(path, "effect"), false)?;
    Some(Taint {
        key,
        value,
        effect,
        time_added,
    })
}

fn container_image(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ContainerImage> {
    let mut f = Fields::open(ctx, node, path)?;
    let image = ContainerImage {
        names: f.list(ctx, "names", string),
        size_bytes: f.int(ctx, "sizeBytes").unwrap_or(0),
    };
    f.finish(ctx, &["names", "sizeBytes"], &[]);
    Some(image)
}

/// A Node.
pub fn node(ctx: &mut Ctx, f: &mut Fields<'_>) -> crate::engine::api::types::Node {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let spec = f
        .object(ctx, "spec", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let unschedulable = g.bool(ctx, "unschedulable").unwrap_or(false);
            let taints = g.list(ctx, "taints", taint);
            let extra = g.finish(ctx, &["unschedulable", "taints"], known::NODE_SPEC);
            Some(NodeSpec {
                unschedulable,
                taints,
                extra,
            })
        })
        .unwrap_or_default();
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let capacity = g.resources(ctx, "capacity");
            let allocatable = g.resources(ctx, "allocatable");
            let conditions = g.list(ctx, "conditions", condition);
            let images = g.list(ctx, "images", container_image);
            let extra = g.finish(
                ctx,
                &["capacity", "allocatable", "conditions", "images"],
                known::NODE_STATUS,
            );
            Some(NodeStatus {
                capacity,
                allocatable,
                conditions,
                images,
                extra,
            })
        })
        .unwrap_or_default();
    crate::engine::api::types::Node {
        metadata,
        spec,
        status,
    }
}

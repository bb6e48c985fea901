//! The Scenario steps that name a StatefulSet: `setImage`, `scale`, `rollback`,
//! `deletePod` and `wait: {until: rolloutComplete}` with `statefulSet: NAME`.

use super::context::{child, Ctx};
use super::decode::fields::Fields;
use super::node::{Node, Value};
use crate::engine::api::scenario::{Action, Duration, StatefulSetOp};
use crate::engine::quote::go_quote;

/// Whether `node` (a step's action) is a mapping with a `statefulSet` key.
fn names_stateful_set(node: &Node) -> bool {
    match &node.value {
        Value::Map(entries) => entries.iter().any(|(k, _)| k.text == "statefulSet"),
        _ => false,
    }
}

/// How the Scenario decodes a duration.
pub type DurationDecoder = fn(&mut Ctx, &Node, &str) -> Option<Duration>;

/// The step `name` when it names a StatefulSet (`Some(None)` when it does not decode), or
/// `None` when it is not a StatefulSet step. A `scale` step always is one. `duration`
/// decodes a `wait` step's `timeout`.
pub fn stateful_set_step(
    ctx: &mut Ctx,
    name: &str,
    node: &Node,
    path: &str,
    duration: DurationDecoder,
) -> Option<Option<Action>> {
    let kinds = ["setImage", "rollback", "deletePod", "wait"];
    if !(name == "scale" || kinds.contains(&name) && names_stateful_set(node)) {
        return None;
    }
    Some(decode(ctx, name, node, path, duration))
}

fn decode(
    ctx: &mut Ctx,
    name: &str,
    node: &Node,
    path: &str,
    duration: DurationDecoder,
) -> Option<Action> {
    let mut f = Fields::open(ctx, node, path)?;
    let set = f.string(ctx, "statefulSet").filter(|s| !s.is_empty());
    if set.is_none() {
        ctx.field_error(&child(path, "statefulSet"), "Required value");
    }
    let namespace = f
        .string(ctx, "namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string());
    let required_int = |ctx: &mut Ctx, f: &mut Fields<'_>, key: &str| {
        let value = f.int32(ctx, key);
        if value.is_none() {
            ctx.field_error(&child(path, key), "Required value");
        }
        value
    };
    let op = match name {
        "setImage" => {
            let container = f.string(ctx, "container").filter(|s| !s.is_empty());
            let image = f.string(ctx, "image").filter(|s| !s.is_empty());
            if image.is_none() {
                ctx.field_error(&child(path, "image"), "Required value");
            }
            f.finish(
                ctx,
                &["statefulSet", "namespace", "container", "image"],
                &[],
            );
            StatefulSetOp::SetImage {
                container,
                image: image?,
            }
        }
        "scale" => {
            let replicas = required_int(ctx, &mut f, "replicas");
            f.finish(ctx, &["statefulSet", "namespace", "replicas"], &[]);
            let replicas = replicas?;
            if replicas < 0 {
                ctx.field_error(
                    &child(path, "replicas"),
                    &format!("Invalid value: {replicas}: must be greater than or equal to 0"),
                );
                return None;
            }
            StatefulSetOp::Scale(replicas)
        }
        "rollback" => {
            let to_revision = f.int(ctx, "toRevision");
            f.finish(ctx, &["statefulSet", "namespace", "toRevision"], &[]);
            StatefulSetOp::Rollback { to_revision }
        }
        "deletePod" => {
            let ordinal = required_int(ctx, &mut f, "ordinal");
            f.finish(ctx, &["statefulSet", "namespace", "ordinal"], &[]);
            StatefulSetOp::DeletePod(ordinal?)
        }
        _ => {
            let until = f.string(ctx, "until").unwrap_or_default();
            let timeout = f.object(ctx, "timeout", duration);
            f.finish(ctx, &["until", "statefulSet", "namespace", "timeout"], &[]);
            if until != "rolloutComplete" {
                ctx.field_error(
                    &child(path, "until"),
                    &format!(
                        "Unsupported value: {}: supported values: \"rolloutComplete\"",
                        go_quote(&until)
                    ),
                );
                return None;
            }
            StatefulSetOp::WaitRolloutComplete { timeout }
        }
    };
    Some(Action::StatefulSet {
        name: set?,
        namespace,
        op,
    })
}

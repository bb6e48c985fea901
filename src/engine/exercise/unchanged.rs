//! `unchanged` goals: an object of the lesson's starting text, or one field of it, compared
//! with the attempt's on the loaded objects (through their exported trees, so formatting,
//! field order and defaults do not count).

use crate::engine::api::goals::{field_path, Unchanged};
use crate::engine::store::state::object_key;
use crate::engine::yaml::object_tree::{object_tree, value_at};
use crate::engine::yaml::Objects;

/// `Ok` when the object (or field) of `baseline` is the same in `attempt`; otherwise what
/// differs.
pub fn check(goal: &Unchanged, baseline: &Objects, attempt: &Objects) -> Result<(), String> {
    let name = if goal.namespace.is_empty() {
        goal.name.clone()
    } else {
        object_key(&goal.namespace, &goal.name)
    };
    let what = format!("{} {name}", goal.kind);
    let before = object_tree(baseline, &goal.kind, &goal.namespace, &goal.name)
        .ok_or_else(|| format!("{what} is not in the lesson"))?;
    let after = object_tree(attempt, &goal.kind, &goal.namespace, &goal.name)
        .ok_or_else(|| format!("{what} is missing from the attempt"))?;
    let Some(field) = &goal.field else {
        return if before == after {
            Ok(())
        } else {
            Err(format!("{what} was changed"))
        };
    };
    let segments = field_path(field).map_err(|e| format!("field {field}: {e}"))?;
    if value_at(&before, &segments) == value_at(&after, &segments) {
        Ok(())
    } else {
        Err(format!("{what}: {field} was changed"))
    }
}

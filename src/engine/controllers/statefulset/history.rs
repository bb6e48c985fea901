//! A StatefulSet's ControllerRevisions (`getStatefulSetRevisions`, `truncateHistory` of
//! `stateful_set_control.go`; `pkg/controller/history`), and `kubectl rollout undo` for a
//! StatefulSet (kubectl's `statefulSetRollbacker`).

use std::collections::BTreeSet;

use crate::engine::api::PodTemplateSpec;
use crate::engine::controllers::daemonset::history::{rollback_revisions, Rollback};
use crate::engine::controllers::util::{compute_hash, controller_revision_name};
use crate::engine::sorting::sort_stably_by;
use crate::engine::store::state::{Revision, StatefulSetState};

/// The current and update revisions (their names) of one sync, and the collision count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revisions {
    /// `status.currentRevision` to write.
    pub current: String,
    /// `status.updateRevision` to write.
    pub update: String,
    /// `status.collisionCount` to write.
    pub collision_count: i32,
}

/// The revisions sorted as `history.SortControllerRevisions` (by revision, then name).
pub fn sorted_revisions(revisions: &[Revision]) -> Vec<&Revision> {
    let mut sorted: Vec<&Revision> = revisions.iter().collect();
    sort_stably_by(&mut sorted, &|a, b| {
        (a.revision, &a.name).cmp(&(b.revision, &b.name))
    });
    sorted
}

/// `getStatefulSetRevisions`: the update revision is the revision whose data (the pod
/// template) equals the set's: the newest one when it does, an older one renumbered to
/// the next revision when it does not (a rollback), or a new one named
/// `<set>-<hash>` (a hash collision with another template bumps the collision count). The
/// current revision is the one `status.currentRevision` names, or the update revision.
pub fn get_revisions(set: &mut StatefulSetState) -> Revisions {
    let name = set.stateful_set.metadata.name.clone();
    let template = set.stateful_set.spec.template.clone();
    let mut collision_count = set.stateful_set.status.collision_count.unwrap_or(0);
    let next = set.revisions.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
    let newest = sorted_revisions(&set.revisions)
        .last()
        .map(|r| r.name.clone());
    let equal = sorted_revisions(&set.revisions)
        .into_iter()
        .rev()
        .find(|r| r.template == template)
        .map(|r| r.name.clone());
    let update = match equal {
        Some(equal) if Some(&equal) == newest.as_ref() => equal,
        Some(equal) => {
            if let Some(r) = set.revisions.iter_mut().find(|r| r.name == equal) {
                r.revision = next;
            }
            equal
        }
        None => {
            let (hash, revision_name) = loop {
                let hash = compute_hash(&template, Some(collision_count));
                let revision_name = controller_revision_name(&name, &hash);
                if !set.revisions.iter().any(|r| r.name == revision_name) {
                    break (hash, revision_name);
                }
                collision_count += 1;
            };
            let change_cause = set
                .stateful_set
                .metadata
                .annotations
                .get("kubernetes.io/change-cause")
                .cloned();
            set.revisions.push(Revision {
                name: revision_name.clone(),
                hash,
                revision: next,
                template,
                change_cause,
            });
            revision_name
        }
    };
    let stated = &set.stateful_set.status.current_revision;
    let current = if set.revisions.iter().any(|r| &r.name == stated) {
        stated.clone()
    } else {
        update.clone()
    };
    Revisions {
        current,
        update,
        collision_count,
    }
}

/// `truncateHistory`: the revisions that are not live (the current and update revisions,
/// those a pod carries) are deleted, lowest revision first, until at most
/// `revisionHistoryLimit` remain. Returns the deleted revisions' names.
pub fn truncate_history(
    set: &mut StatefulSetState,
    pod_revisions: &BTreeSet<String>,
    revisions: &Revisions,
) -> Vec<String> {
    let limit = set.stateful_set.spec.revision_history_limit;
    let history: Vec<String> = sorted_revisions(&set.revisions)
        .into_iter()
        .filter(|r| {
            r.name != revisions.current
                && r.name != revisions.update
                && !pod_revisions.contains(&r.name)
        })
        .map(|r| r.name.clone())
        .collect();
    if limit < 0 || history.len() <= limit as usize {
        return Vec::new();
    }
    let doomed: Vec<String> = history[..history.len() - limit as usize].to_vec();
    set.revisions.retain(|r| !doomed.contains(&r.name));
    doomed
}

/// `kubectl rollout undo sts/NAME [--to-revision=N]`: `to_revision` 0 means the previous
/// revision. Errors carry kubectl's message.
pub fn rollback(set: &StatefulSetState, to_revision: i64) -> Result<Rollback, String> {
    rollback_revisions(&set.revisions, &set.stateful_set.spec.template, to_revision)
}

/// The line kubectl prints for a rollback outcome.
pub fn rollback_message(name: &str, outcome: &Rollback) -> String {
    match outcome {
        Rollback::RolledBack(_) => format!("statefulset.apps/{name} rolled back"),
        Rollback::Skipped(revision) => format!(
            "statefulset.apps/{name} skipped rollback (current template already matches revision {revision})"
        ),
    }
}

/// The template a revision stores, by name.
pub fn template_of<'a>(set: &'a StatefulSetState, revision: &str) -> Option<&'a PodTemplateSpec> {
    set.revisions
        .iter()
        .find(|r| r.name == revision)
        .map(|r| &r.template)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::StatefulSet;

    /// `newStatefulSet(3)` with its container's `image`.
    fn stateful_set(image: &str) -> StatefulSet {
        let text = format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: foo, uid: test}}\nspec:\n  replicas: 3\n  serviceName: governingsvc\n  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: nginx, image: {image}}}]}}\n");
        crate::engine::yaml::load(&text)
            .objects
            .stateful_sets
            .remove(0)
    }

    /// The set with the revisions `existing` already created (each from its own set, in
    /// order) and the status naming `current`.
    fn state(set: StatefulSet, existing: &[&StatefulSet], current: &str) -> StatefulSetState {
        let mut state = StatefulSetState {
            stateful_set: set,
            created: 0,
            revisions: Vec::new(),
        };
        for (i, older) in existing.iter().enumerate() {
            let hash = compute_hash(&older.spec.template, Some(0));
            state.revisions.push(Revision {
                name: format!("foo-{hash}"),
                hash,
                revision: i as i64 + 1,
                template: older.spec.template.clone(),
                change_cause: None,
            });
        }
        state.stateful_set.status.current_revision = current.to_string();
        state
    }

    /// Upstream `TestStatefulSetControl_getSetRevisions`: the first sync creates the
    /// revision; a new template creates the next one and keeps the current; the same
    /// template does not create another; the template of an older revision renumbers that
    /// revision as the newest (a rollback).
    #[test]
    fn test_stateful_set_control_get_set_revisions() {
        let set = stateful_set("nginx");
        let set1 = stateful_set("foo");
        let mut set2 = stateful_set("foo");
        set2.spec
            .template
            .metadata
            .labels
            .insert("new".to_string(), "label".to_string());
        let name_of = |s: &StatefulSet| format!("foo-{}", compute_hash(&s.spec.template, Some(0)));
        let (rev0, rev1) = (name_of(&set), name_of(&set1));

        let mut initial = state(set.clone(), &[], "");
        let got = get_revisions(&mut initial);
        assert_eq!(initial.revisions.len(), 1, "creates initial revision");
        assert_eq!(
            (got.current.as_str(), got.update.as_str()),
            (rev0.as_str(), rev0.as_str())
        );

        let mut updated = state(set1.clone(), &[&set], &rev0);
        let got = get_revisions(&mut updated);
        assert_eq!(updated.revisions.len(), 2, "creates revision on update");
        assert_eq!(
            (got.current.as_str(), got.update.as_str()),
            (rev0.as_str(), rev1.as_str())
        );
        assert_eq!(updated.revisions[1].revision, 2);

        let mut same = state(set1.clone(), &[&set, &set1], &rev0);
        let got = get_revisions(&mut same);
        assert_eq!(
            same.revisions.len(),
            2,
            "must not recreate a new revision of same set"
        );
        assert_eq!(
            (got.current.as_str(), got.update.as_str()),
            (rev0.as_str(), rev1.as_str())
        );

        let mut rolled_back = state(set1.clone(), &[&set, &set1, &set2], &rev0);
        let got = get_revisions(&mut rolled_back);
        assert_eq!(
            rolled_back.revisions.len(),
            3,
            "must rollback to a previous revision"
        );
        assert_eq!(
            (got.current.as_str(), got.update.as_str()),
            (rev0.as_str(), rev1.as_str())
        );
        let renumbered = rolled_back
            .revisions
            .iter()
            .find(|r| r.name == rev1)
            .unwrap();
        assert_eq!(
            renumbered.revision, 4,
            "the rolled-back revision is the newest"
        );
    }

    /// Upstream `TestStatefulSetControlLimitsHistory`: ten image updates, each rolled out,
    /// leave at most `revisionHistoryLimit` (2) revisions besides the current and update
    /// ones.
    #[test]
    fn test_stateful_set_control_limits_history() {
        let mut set = state(stateful_set("nginx"), &[], "");
        set.stateful_set.spec.revision_history_limit = 2;
        get_revisions(&mut set);
        for i in 0..10 {
            set.stateful_set.spec.template = stateful_set(&format!("foo-{i}")).spec.template;
            let revisions = get_revisions(&mut set);
            let rolled_out = Revisions {
                current: revisions.update.clone(),
                ..revisions
            };
            set.stateful_set.status.current_revision = rolled_out.current.clone();
            let pods = BTreeSet::from([rolled_out.update.clone()]);
            truncate_history(&mut set, &pods, &rolled_out);
            assert!(
                set.revisions.len() <= 2 + 2,
                "update {i}: {}",
                set.revisions.len()
            );
        }
    }
}

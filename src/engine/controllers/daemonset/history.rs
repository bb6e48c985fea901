//! ControllerRevision history of a DaemonSet (`update.go`: constructHistory, snapshot,
//! cleanupHistory) and `kubectl rollout undo`.

use std::collections::BTreeSet;

use crate::engine::api::PodTemplateSpec;
use crate::engine::controllers::util::{compute_hash, controller_revision_name};
use crate::engine::sorting::sort_stably_by_key;
use crate::engine::store::state::{DaemonSetState, PodState, Revision, HASH_LABEL};

/// `constructHistory`: finds (or creates) the revision matching the DaemonSet's current
/// template, renumbering it to `1 + max(other revisions)` when it is not the newest (which is
/// what a rollback does), and returns its hash.
pub fn construct_history(ds: &mut DaemonSetState) -> String {
    let hash = compute_hash(&ds.ds.spec.template, ds.ds.status.collision_count);
    let max_other = ds
        .revisions
        .iter()
        .filter(|r| r.hash != hash)
        .map(|r| r.revision)
        .max()
        .unwrap_or(0);
    let change_cause = ds
        .ds
        .metadata
        .annotations
        .get("kubernetes.io/change-cause")
        .cloned();
    match ds.revisions.iter_mut().find(|r| r.hash == hash) {
        Some(current) => {
            if current.revision < max_other + 1 {
                current.revision = max_other + 1;
            }
        }
        None => ds.revisions.push(Revision {
            name: controller_revision_name(&ds.ds.metadata.name, &hash),
            hash: hash.clone(),
            revision: max_other + 1,
            template: ds.ds.spec.template.clone(),
            change_cause,
        }),
    }
    ds.current_hash = Some(hash.clone());
    hash
}

/// Whether `revision` is the DaemonSet's current one: the revision the last
/// [`construct_history`] found or made for the DaemonSet's template.
pub fn is_current_revision(ds: &DaemonSetState, revision: &Revision) -> bool {
    ds.current_hash.as_deref() == Some(revision.hash.as_str())
}

/// `cleanupHistory`: keeps at most `revisionHistoryLimit` old revisions, deleting the lowest
/// revisions first but never one whose hash a live pod (terminal or not) still carries.
/// Returns the names of the deleted revisions. `pods` (the DaemonSet's) are only read when
/// there are revisions over the limit.
pub fn cleanup_history<'a>(
    ds: &mut DaemonSetState,
    pods: impl IntoIterator<Item = &'a PodState>,
) -> Vec<String> {
    let current = ds.current_hash.clone().unwrap_or_default();
    let old_count = ds.revisions.iter().filter(|r| r.hash != current).count() as i64;
    let mut to_kill = old_count - i64::from(ds.ds.spec.revision_history_limit.max(0));
    if to_kill <= 0 {
        return Vec::new();
    }
    let live: BTreeSet<&str> = pods
        .into_iter()
        .filter_map(|p| p.label(HASH_LABEL))
        .collect();
    let mut old: Vec<(i64, String, String)> = ds
        .revisions
        .iter()
        .filter(|r| r.hash != current)
        .map(|r| (r.revision, r.name.clone(), r.hash.clone()))
        .collect();
    old.sort();
    let mut deleted = Vec::new();
    for (_, name, hash) in old {
        if to_kill <= 0 {
            break;
        }
        if live.contains(hash.as_str()) {
            continue;
        }
        deleted.push(name);
        to_kill -= 1;
    }
    ds.revisions.retain(|r| !deleted.contains(&r.name));
    deleted
}

/// The revisions in ascending revision order (what `kubectl rollout history` lists).
pub fn sorted_revisions(ds: &DaemonSetState) -> Vec<&Revision> {
    let mut revisions: Vec<&Revision> = ds.revisions.iter().collect();
    sort_stably_by_key(&mut revisions, &|r| r.revision);
    revisions
}

/// The outcome of `kubectl rollout undo`.
#[derive(Clone, Debug, PartialEq)]
pub enum Rollback {
    /// The template was replaced; the DaemonSet must be updated with it.
    RolledBack(Box<PodTemplateSpec>),
    /// The current template already matches the requested revision.
    Skipped(i64),
}

/// `kubectl rollout undo ds/NAME [--to-revision=N]` (polymorphichelpers/rollback.go,
/// DaemonSetHistoryViewer + daemonSetRollbacker). `to_revision` 0 means "the previous one".
/// Errors carry kubectl's exact message.
pub fn rollback(ds: &DaemonSetState, to_revision: i64) -> Result<Rollback, String> {
    rollback_revisions(&ds.revisions, &ds.ds.spec.template, to_revision)
}

/// The rollback of a workload with `revisions` and the `current` template (what the
/// DaemonSet and StatefulSet rollbackers share).
pub fn rollback_revisions(
    revisions: &[Revision],
    current: &PodTemplateSpec,
    to_revision: i64,
) -> Result<Rollback, String> {
    let mut revisions: Vec<&Revision> = revisions.iter().collect();
    sort_stably_by_key(&mut revisions, &|r| r.revision);
    let target = if to_revision == 0 {
        if revisions.len() < 2 {
            return Err("no last revision to roll back to".to_string());
        }
        revisions[revisions.len() - 2]
    } else {
        match revisions.iter().find(|r| r.revision == to_revision) {
            Some(r) => r,
            None => {
                return Err(format!(
                    "unable to find specified revision {to_revision} in history"
                ))
            }
        }
    };
    if target.template == *current {
        // kubectl names the revision it was asked for, so a plain `undo` says "revision 0".
        return Ok(Rollback::Skipped(to_revision));
    }
    Ok(Rollback::RolledBack(Box::new(target.template.clone())))
}

/// The text kubectl prints for a rollback outcome.
pub fn rollback_message(ds_name: &str, outcome: &Rollback) -> String {
    match outcome {
        Rollback::RolledBack(_) => format!("daemonset.apps/{ds_name} rolled back"),
        Rollback::Skipped(revision) => format!(
            "daemonset.apps/{ds_name} skipped rollback (current template already matches revision {revision})"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        Container, DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, Pod, UpdateStrategyType,
    };
    use crate::engine::store::state::PodPhase;

    fn ds_state(image: &str, limit: i32) -> DaemonSetState {
        let mut template = PodTemplateSpec::default();
        template.spec.containers.push(Container {
            name: "c".into(),
            image: image.into(),
            ..Container::default()
        });
        let mut ds = DaemonSet {
            metadata: Default::default(),
            spec: DaemonSetSpec {
                selector: None,
                template,
                update_strategy: DaemonSetUpdateStrategy {
                    type_: UpdateStrategyType::RollingUpdate,
                    rolling_update: None,
                },
                min_ready_seconds: 0,
                revision_history_limit: limit,
            },
            status: Default::default(),
        };
        ds.metadata.name = "ds".into();
        DaemonSetState {
            ds,
            created: 0,
            generation: 1,
            template_generation: 1,
            revisions: Vec::new(),
            current_hash: None,
        }
    }

    fn set_image(ds: &mut DaemonSetState, image: &str) -> String {
        ds.ds.spec.template.spec.containers[0].image = image.into();
        construct_history(ds)
    }

    fn pod_with_hash(hash: &str) -> PodState {
        let mut pod = Pod::default();
        pod.metadata.labels.insert(HASH_LABEL.into(), hash.into());
        let mut state = PodState::new(pod);
        state.phase = PodPhase::Running;
        state.ready = true;
        state.ready_transition = Some(0);
        state
    }

    #[test]
    fn rollback_renumbers_and_reports_like_kubectl() {
        // kubectl rollout undo (polymorphichelpers/rollback.go) and constructHistory.
        let mut ds = ds_state("v1", 10);
        construct_history(&mut ds);
        set_image(&mut ds, "v2");
        let numbers = |ds: &DaemonSetState| -> Vec<i64> {
            sorted_revisions(ds).iter().map(|r| r.revision).collect()
        };
        assert_eq!(numbers(&ds), vec![1, 2]);
        let outcome = rollback(&ds, 0);
        assert_eq!(
            outcome.as_ref().map(|o| rollback_message("ds", o)),
            Ok("daemonset.apps/ds rolled back".to_string())
        );
        if let Ok(Rollback::RolledBack(template)) = outcome {
            ds.ds.spec.template = *template;
        }
        construct_history(&mut ds);
        assert_eq!(numbers(&ds), vec![2, 3]);
        let cases = [
            ("current revision", 3, Ok("daemonset.apps/ds skipped rollback (current template already matches revision 3)".to_string())),
            ("unknown revision", 7, Err("unable to find specified revision 7 in history".to_string())),
        ];
        for (name, to, want) in cases {
            assert_eq!(
                rollback(&ds, to).map(|o| rollback_message("ds", &o)),
                want,
                "{name}"
            );
        }
        let single = {
            let mut d = ds_state("v1", 10);
            construct_history(&mut d);
            d
        };
        assert_eq!(
            rollback(&single, 0),
            Err("no last revision to roll back to".to_string())
        );
        // The template went back to revision 2's before the controller recorded it: a plain
        // undo finds revision 2 (the second newest) already matching, and kubectl's skip
        // message echoes the requested revision, 0 (daemonSetRollbacker.Rollback).
        ds.ds.spec.template = sorted_revisions(&ds)[0].template.clone();
        assert_eq!(
            rollback(&ds, 0).map(|o| rollback_message("ds", &o)),
            Ok(
                "daemonset.apps/ds skipped rollback (current template already matches revision 0)"
                    .to_string()
            )
        );
    }

    #[test]
    fn the_current_revision_follows_the_template_through_an_update_and_a_rollback() {
        let mut ds = ds_state("v1", 10);
        let current = |ds: &DaemonSetState| -> Vec<(i64, bool)> {
            sorted_revisions(ds)
                .iter()
                .map(|r| (r.revision, is_current_revision(ds, r)))
                .collect()
        };
        assert_eq!(current(&ds), [], "no revision before the first sync");
        construct_history(&mut ds);
        assert_eq!(current(&ds), [(1, true)], "the first revision is current");
        set_image(&mut ds, "v2");
        assert_eq!(
            current(&ds),
            [(1, false), (2, true)],
            "an update makes a new current revision"
        );
        set_image(&mut ds, "v1");
        assert_eq!(
            current(&ds),
            [(2, false), (3, true)],
            "a rollback makes the old one current again"
        );
    }

    #[test]
    fn cleanup_keeps_the_limit_and_revisions_of_live_pods() {
        let mut ds = ds_state("v1", 1);
        let first = construct_history(&mut ds);
        set_image(&mut ds, "v2");
        set_image(&mut ds, "v3");
        set_image(&mut ds, "v4");
        let live = pod_with_hash(&first);
        let deleted = cleanup_history(&mut ds, [&live]);
        // Old: v1 (live), v2, v3; keep 1 old → delete 2, oldest first, skipping v1.
        assert_eq!(deleted.len(), 2);
        let left: Vec<i64> = sorted_revisions(&ds).iter().map(|r| r.revision).collect();
        assert_eq!(left, vec![1, 4]);
    }
}

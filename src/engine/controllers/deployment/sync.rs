//! The planning halves of `pkg/controller/deployment/sync.go` (Kubernetes v1.35): scaling a
//! ReplicaSet with upstream's `ScalingReplicaSet` event (`scaleReplicaSet`), proportional
//! scaling when `replicas` changes mid-rollout or while paused (`scale`, `isScalingEvent`),
//! which old ReplicaSets the revision history limit deletes (`cleanupDeployment`), the
//! paused and resumed conditions (`checkPausedConditions`) and the status
//! (`calculateStatus`). Feature gates at their v1.35 defaults:
//! `DeploymentReplicaSetTerminatingReplicas` on, `DeploymentPodReplacementPolicy` (alpha) off.

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{Deployment, DeploymentStatus, DeploymentStrategyType, ReplicaSet};
use crate::engine::sorting::sort_stably_by;

use super::conditions::{
    get_deployment_condition, new_deployment_condition, set_deployment_condition, AVAILABLE,
    MINIMUM_AVAILABILITY_MESSAGE, MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE,
    NO_MINIMUM_AVAILABILITY_MESSAGE, PAUSED_DEPLOY_REASON, PAUSED_MESSAGE, PROGRESSING,
    RESUMED_DEPLOY_REASON, RESUMED_MESSAGE, TIMED_OUT_REASON,
};
use super::rollback::rollback_to;
use super::util::{
    actual_replica_count, available_replica_count, by_revision, by_size_newer, by_size_older,
    desired_replicas_annotation, filter_active_replica_sets, find_active_or_latest,
    has_revision_history_limit, is_rolling_update, is_saturated, max_surge, max_unavailable,
    proportion, ready_replica_count, replica_count, replicas_annotations_need_update,
    set_replicas_annotations, terminating_replica_count,
};

/// The reason of the event recorded when a ReplicaSet is scaled.
pub const SCALING_REPLICA_SET_REASON: &str = "ScalingReplicaSet";

/// The word a scaling event uses (`scalingOperation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `up`.
    Up,
    /// `down`.
    Down,
}

impl Direction {
    /// Upstream's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }

    /// The direction from `from` to `to` (`scaleReplicaSetAndRecordEvent`): down unless it
    /// grows.
    pub fn of(from: i32, to: i32) -> Direction {
        if from < to {
            Direction::Up
        } else {
            Direction::Down
        }
    }
}

/// One ReplicaSet update a sync plans (`scaleReplicaSet`): its new size and replica
/// annotations, and the event when its size changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSetUpdate {
    /// The ReplicaSet's name.
    pub name: String,
    /// `spec.replicas` before.
    pub from: i32,
    /// `spec.replicas` after.
    pub to: i32,
    /// The desired-replicas annotation written (the Deployment's `replicas`).
    pub desired_replicas: i32,
    /// The max-replicas annotation written (`replicas + maxSurge`).
    pub max_replicas: i32,
    /// The `ScalingReplicaSet` event's message, when the size changed:
    /// `Scaled up replica set web-5d4c8f7b9 from 0 to 3`.
    pub event: Option<String>,
}

impl ReplicaSetUpdate {
    /// Writes the update into `rs` (its size and replica annotations).
    pub fn apply_to(&self, rs: &mut ReplicaSet) {
        rs.spec.replicas = self.to;
        set_replicas_annotations(rs, self.desired_replicas, self.max_replicas);
    }
}

/// `scaleReplicaSet`: sets `rs` to `new_scale` and to the Deployment's replica annotations,
/// if either differs; the update, with its event when the size changed.
pub fn scale_replica_set(
    rs: &mut ReplicaSet,
    new_scale: i32,
    deployment: &Deployment,
    direction: Direction,
) -> Option<ReplicaSetUpdate> {
    let desired = deployment.spec.replicas;
    let max = desired + max_surge(deployment);
    let size_needs_update = rs.spec.replicas != new_scale;
    if !size_needs_update && !replicas_annotations_need_update(rs, desired, max) {
        return None;
    }
    let from = rs.spec.replicas;
    let update = ReplicaSetUpdate {
        name: rs.metadata.name.clone(),
        from,
        to: new_scale,
        desired_replicas: desired,
        max_replicas: max,
        event: size_needs_update.then(|| {
            format!(
                "Scaled {} replica set {} from {from} to {new_scale}",
                direction.as_str(),
                rs.metadata.name
            )
        }),
    };
    update.apply_to(rs);
    Some(update)
}

/// `scaleReplicaSetAndRecordEvent`: [`scale_replica_set`] when the size changes, nothing
/// otherwise.
pub fn scale_replica_set_and_record_event(
    rs: &mut ReplicaSet,
    new_scale: i32,
    deployment: &Deployment,
) -> Option<ReplicaSetUpdate> {
    if rs.spec.replicas == new_scale {
        return None;
    }
    let direction = Direction::of(rs.spec.replicas, new_scale);
    scale_replica_set(rs, new_scale, deployment, direction)
}

/// `scale`: brings the ReplicaSets to the Deployment's size after a scaling event: the only
/// active (or the newest) ReplicaSet takes it all; a saturated new ReplicaSet scales the old
/// ones to 0; otherwise, for a rolling update, `replicas + maxSurge` is shared out in
/// proportion, the larger ReplicaSets first (newer first when growing, older first when
/// shrinking), the leftover to the first. The updates, in the order upstream makes them.
pub fn scale(
    deployment: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> Vec<ReplicaSetUpdate> {
    let replicas = deployment.spec.replicas;
    if let Some(rs) = find_active_or_latest(new_rs, old_rss) {
        if rs.spec.replicas == replicas {
            return Vec::new();
        }
        return scale_replica_set_and_record_event(&mut rs.clone(), replicas, deployment)
            .into_iter()
            .collect();
    }
    if is_saturated(deployment, new_rs) {
        return filter_active_replica_sets(old_rss)
            .into_iter()
            .filter_map(|old| scale_replica_set_and_record_event(&mut old.clone(), 0, deployment))
            .collect();
    }
    if !is_rolling_update(deployment) {
        return Vec::new();
    }
    let mut all = old_rss.to_vec();
    all.extend(new_rs);
    let mut all = filter_active_replica_sets(&all);
    let allowed = if replicas > 0 {
        replicas + max_surge(deployment)
    } else {
        0
    };
    let to_add = allowed - replica_count(&all);
    let direction = if to_add > 0 {
        sort_stably_by(&mut all, &|a, b| by_size_newer(a, b));
        Direction::Up
    } else {
        if to_add < 0 {
            sort_stably_by(&mut all, &|a, b| by_size_older(a, b));
        }
        Direction::Down
    };
    let mut added = 0;
    let mut sizes: Vec<i32> = Vec::with_capacity(all.len());
    for rs in &all {
        let change = if to_add != 0 {
            proportion(rs, deployment, to_add, added)
        } else {
            0
        };
        added += change;
        sizes.push(rs.spec.replicas + change);
    }
    if let Some(first) = sizes.first_mut() {
        if to_add != 0 {
            *first = (*first + to_add - added).max(0);
        }
    }
    all.iter()
        .zip(sizes)
        .filter_map(|(rs, size)| scale_replica_set(&mut (*rs).clone(), size, deployment, direction))
        .collect()
}

/// What one sync does to the ReplicaSets: the updates, in order, and the old ReplicaSets
/// deleted by `cleanupDeployment`. The status follows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncPlan {
    /// The ReplicaSet updates, in order.
    pub updates: Vec<ReplicaSetUpdate>,
    /// The old ReplicaSets to delete.
    pub deletions: Vec<String>,
}

/// `sync`, for a paused Deployment or a scaling event: [`scale`], then, when paused and no
/// rollback is asked for, the history clean-up. The status follows (`syncDeploymentStatus`:
/// [`calculate_status`], without a progress estimate).
pub fn sync_scaled_or_paused(
    deployment: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> SyncPlan {
    let deletions = if deployment.spec.paused && rollback_to(deployment).is_none() {
        cleanup_deployment(old_rss, deployment)
    } else {
        Vec::new()
    };
    SyncPlan {
        updates: scale(deployment, new_rs, old_rss),
        deletions,
    }
}

/// The way `syncDeployment` handles a Deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncPath {
    /// Being deleted: only its status is synced.
    StatusOnly,
    /// Paused or scaled: [`sync_scaled_or_paused`].
    Scale,
    /// A rollback to this revision (0: the previous one) is asked for
    /// ([`super::rollback::rollback`]).
    Rollback(i64),
    /// A Recreate rollout ([`super::recreate::rollout_recreate`]).
    Recreate,
    /// A rolling update ([`super::rolling::rollout_rolling`]).
    RollingUpdate,
}

/// `syncDeployment`'s choice (after `checkPausedConditions`): status only when being
/// deleted, scaling when paused, the rollback when asked for, scaling on a scaling event,
/// else the strategy's rollout.
pub fn sync_path(
    deployment: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> Result<SyncPath, String> {
    if deployment.metadata.deletion_timestamp.is_some() {
        return Ok(SyncPath::StatusOnly);
    }
    if deployment.spec.paused {
        return Ok(SyncPath::Scale);
    }
    if let Some(revision) = rollback_to(deployment) {
        return Ok(SyncPath::Rollback(revision));
    }
    if is_scaling_event(deployment, new_rs, old_rss) {
        return Ok(SyncPath::Scale);
    }
    match &deployment.spec.strategy.type_ {
        DeploymentStrategyType::Recreate => Ok(SyncPath::Recreate),
        DeploymentStrategyType::RollingUpdate => Ok(SyncPath::RollingUpdate),
        DeploymentStrategyType::Other(other) => {
            Err(format!("unexpected deployment strategy type: {other}"))
        }
    }
}

/// `isScalingEvent`: an active ReplicaSet was last scaled for a different `replicas` than
/// the Deployment's.
pub fn is_scaling_event(
    deployment: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> bool {
    let mut all = old_rss.to_vec();
    all.extend(new_rs);
    filter_active_replica_sets(&all).into_iter().any(|rs| {
        desired_replicas_annotation(rs).is_some_and(|desired| desired != deployment.spec.replicas)
    })
}

/// `cleanupDeployment`: the old ReplicaSets the revision history limit deletes, lowest
/// revision first: only ones fully scaled down (no replicas, none terminating, status of the
/// current generation) and not already being deleted.
pub fn cleanup_deployment(old_rss: &[&ReplicaSet], deployment: &Deployment) -> Vec<String> {
    if !has_revision_history_limit(deployment) {
        return Vec::new();
    }
    let mut cleanable: Vec<&ReplicaSet> = old_rss
        .iter()
        .copied()
        .filter(|rs| rs.metadata.deletion_timestamp.is_none())
        .collect();
    let limit = usize::try_from(deployment.spec.revision_history_limit).unwrap_or(0);
    let Some(diff) = cleanable.len().checked_sub(limit).filter(|d| *d > 0) else {
        return Vec::new();
    };
    sort_stably_by(&mut cleanable, &|a, b| by_revision(a, b));
    cleanable
        .into_iter()
        .take(diff)
        .filter(|rs| {
            rs.status.replicas == 0
                && rs.spec.replicas == 0
                && rs.metadata.generation.unwrap_or(0) <= rs.status.observed_generation
                && terminating_replica_count(&[rs]) == Some(0)
        })
        .map(|rs| rs.metadata.name.clone())
        .collect()
}

/// `checkPausedConditions`: a paused Deployment with a progress deadline gets
/// Progressing=Unknown `DeploymentPaused`, a resumed one `DeploymentResumed` (a timed-out
/// rollout keeps its condition); whether the status changed.
pub fn check_paused_conditions(deployment: &mut Deployment, now: UnixMillis) -> bool {
    if deployment.spec.progress_deadline_seconds.is_none() {
        return false;
    }
    let reason =
        get_deployment_condition(&deployment.status, PROGRESSING).and_then(|c| c.reason.as_deref());
    if reason == Some(TIMED_OUT_REASON) {
        return false;
    }
    let paused_condition_exists = reason == Some(PAUSED_DEPLOY_REASON);
    let (reason, message) = match (deployment.spec.paused, paused_condition_exists) {
        (true, false) => (PAUSED_DEPLOY_REASON, PAUSED_MESSAGE),
        (false, true) => (RESUMED_DEPLOY_REASON, RESUMED_MESSAGE),
        _ => return false,
    };
    let condition = new_deployment_condition(PROGRESSING, "Unknown", reason, message, now);
    set_deployment_condition(&mut deployment.status, condition);
    true
}

/// `calculateStatus`: the Deployment's status from its ReplicaSets' (the new one's pods are
/// the updated ones), its conditions kept and Available set for whether at least
/// `replicas - maxUnavailable` pods are available.
pub fn calculate_status(
    all_rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    deployment: &Deployment,
    now: UnixMillis,
) -> DeploymentStatus {
    let available = available_replica_count(all_rss);
    let unavailable = (replica_count(all_rss) - available).max(0);
    let mut status = DeploymentStatus {
        observed_generation: deployment.metadata.generation.unwrap_or(0),
        replicas: actual_replica_count(all_rss),
        updated_replicas: new_rs.map_or(0, |rs| rs.status.replicas),
        ready_replicas: ready_replica_count(all_rss),
        available_replicas: available,
        unavailable_replicas: unavailable,
        terminating_replicas: terminating_replica_count(all_rss),
        conditions: deployment.status.conditions.clone(),
        collision_count: deployment.status.collision_count,
    };
    let condition = if available >= deployment.spec.replicas - max_unavailable(deployment) {
        new_deployment_condition(
            AVAILABLE,
            "True",
            MINIMUM_REPLICAS_AVAILABLE,
            MINIMUM_AVAILABILITY_MESSAGE,
            now,
        )
    } else {
        new_deployment_condition(
            AVAILABLE,
            "False",
            MINIMUM_REPLICAS_UNAVAILABLE,
            NO_MINIMUM_AVAILABILITY_MESSAGE,
            now,
        )
    };
    set_deployment_condition(&mut status, condition);
    status
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;

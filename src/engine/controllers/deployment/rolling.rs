//! The planning halves of `pkg/controller/deployment/rolling.go` (Kubernetes v1.35): one
//! sync of a RollingUpdate Deployment scales the new ReplicaSet up as far as maxSurge lets it
//! (`reconcileNewReplicaSet`), or else scales old ReplicaSets down as far as maxUnavailable
//! lets it, unhealthy replicas first (`reconcileOldReplicaSets`, `cleanupUnhealthyReplicas`,
//! `scaleDownOldReplicaSetsForRollingUpdate`), or else cleans up old ReplicaSets once the
//! rollout is complete (`rolloutRolling`).

use crate::engine::api::{Deployment, ReplicaSet};
use crate::engine::sorting::sort_stably_by;

use super::conditions::deployment_complete;
use super::sync::{
    cleanup_deployment, scale_replica_set_and_record_event, ReplicaSetUpdate, SyncPlan,
};
use super::util::{
    available_replica_count, by_creation_timestamp, filter_active_replica_sets, max_unavailable,
    new_rs_new_replicas, replica_count,
};

/// What one step of a rolling update did: the ReplicaSet updates it made, in order, and
/// whether it counts as having scaled (upstream's `scaled`, which ends the sync there).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollingStep {
    /// The updates, in the order upstream makes them.
    pub updates: Vec<ReplicaSetUpdate>,
    /// Whether the step scaled.
    pub scaled: bool,
}

/// `reconcileNewReplicaSet`: the new ReplicaSet is scaled down to `replicas` if above it,
/// else up to what [`new_rs_new_replicas`] allows.
pub fn reconcile_new_replica_set(
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
    deployment: &Deployment,
) -> Result<RollingStep, String> {
    let replicas = deployment.spec.replicas;
    let target = if new_rs.spec.replicas == replicas {
        return Ok(RollingStep::default());
    } else if new_rs.spec.replicas > replicas {
        replicas
    } else {
        new_rs_new_replicas(deployment, all_rss, new_rs)?
    };
    let update = scale_replica_set_and_record_event(&mut new_rs.clone(), target, deployment);
    Ok(RollingStep {
        scaled: update.as_ref().is_some_and(|u| u.event.is_some()),
        updates: update.into_iter().collect(),
    })
}

/// `reconcileOldReplicaSets`: scales the (active) old ReplicaSets down by at most
/// `allPods - minAvailable - newRSUnavailable`: first their unhealthy replicas, then, if
/// more pods are available than `replicas - maxUnavailable`, healthy ones, oldest
/// ReplicaSet first.
pub fn reconcile_old_replica_sets(
    all_rss: &[&ReplicaSet],
    old_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
    deployment: &Deployment,
) -> RollingStep {
    if replica_count(old_rss) == 0 {
        return RollingStep::default();
    }
    let min_available = deployment.spec.replicas - max_unavailable(deployment);
    let new_rs_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
    let max_scaled_down = replica_count(all_rss) - min_available - new_rs_unavailable;
    if max_scaled_down <= 0 {
        return RollingStep::default();
    }
    let cleanup = cleanup_unhealthy_replicas(old_rss, deployment, max_scaled_down);
    let mut updates = cleanup.updates;
    if cleanup.error.is_some() {
        return RollingStep {
            updates,
            scaled: false,
        };
    }
    let old_after_cleanup: Vec<&ReplicaSet> = cleanup.old_rss.iter().collect();
    let mut all_after_cleanup = old_after_cleanup.clone();
    all_after_cleanup.push(new_rs);
    let scale_down = scale_down_old_replica_sets_for_rolling_update(
        &all_after_cleanup,
        &old_after_cleanup,
        deployment,
    );
    updates.extend(scale_down.updates);
    RollingStep {
        updates,
        scaled: cleanup.scaled_down + scale_down.scaled_down > 0,
    }
}

/// What a scale-down of old ReplicaSets did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScaleDown {
    /// The old ReplicaSets, oldest first, as they are after the scale-down.
    pub old_rss: Vec<ReplicaSet>,
    /// The updates, in order.
    pub updates: Vec<ReplicaSetUpdate>,
    /// How many replicas were taken away.
    pub scaled_down: i32,
    /// Upstream's error when a ReplicaSet reports more available replicas than it has (the
    /// updates before it stand; the caller stops).
    pub error: Option<String>,
}

/// `cleanupUnhealthyReplicas`: scales old ReplicaSets (oldest first) down by their
/// unavailable replicas, at most `max_cleanup_count` in all; the ReplicaSet controller then
/// deletes the unhealthy pods first, so availability does not drop.
pub fn cleanup_unhealthy_replicas(
    old_rss: &[&ReplicaSet],
    deployment: &Deployment,
    max_cleanup_count: i32,
) -> ScaleDown {
    let mut result = ScaleDown {
        old_rss: sorted_by_creation(old_rss),
        ..ScaleDown::default()
    };
    for target in &mut result.old_rss {
        if result.scaled_down >= max_cleanup_count {
            break;
        }
        let replicas = target.spec.replicas;
        if replicas == 0 || replicas == target.status.available_replicas {
            continue;
        }
        let count = (max_cleanup_count - result.scaled_down)
            .min(replicas - target.status.available_replicas);
        let new_count = replicas - count;
        if new_count > replicas {
            result.error = Some(format!(
                "when cleaning up unhealthy replicas, got invalid request to scale down {}/{} {replicas} -> {new_count}",
                target.metadata.namespace, target.metadata.name
            ));
            return result;
        }
        result.updates.extend(scale_replica_set_and_record_event(
            target, new_count, deployment,
        ));
        result.scaled_down += count;
    }
    result
}

/// `scaleDownOldReplicaSetsForRollingUpdate`: scales old ReplicaSets (oldest first) down by
/// the available pods above `replicas - maxUnavailable`.
pub fn scale_down_old_replica_sets_for_rolling_update(
    all_rss: &[&ReplicaSet],
    old_rss: &[&ReplicaSet],
    deployment: &Deployment,
) -> ScaleDown {
    let mut result = ScaleDown {
        old_rss: sorted_by_creation(old_rss),
        ..ScaleDown::default()
    };
    let min_available = deployment.spec.replicas - max_unavailable(deployment);
    let available = available_replica_count(all_rss);
    if available <= min_available {
        return result;
    }
    let total = available - min_available;
    for target in &mut result.old_rss {
        if result.scaled_down >= total {
            break;
        }
        if target.spec.replicas == 0 {
            continue;
        }
        let count = target.spec.replicas.min(total - result.scaled_down);
        let new_count = target.spec.replicas - count;
        result.updates.extend(scale_replica_set_and_record_event(
            target, new_count, deployment,
        ));
        result.scaled_down += count;
    }
    result
}

fn sorted_by_creation(replica_sets: &[&ReplicaSet]) -> Vec<ReplicaSet> {
    let mut sorted: Vec<ReplicaSet> = replica_sets.iter().map(|rs| (*rs).clone()).collect();
    sort_stably_by(&mut sorted, &by_creation_timestamp);
    sorted
}

/// `rolloutRolling` for an existing new ReplicaSet: scale up, else scale down, else clean
/// up a completed rollout's history (old ReplicaSets are deleted only when nothing was
/// scaled and the rollout is complete). The status follows
/// ([`super::progress::sync_rollout_status`]).
pub fn rollout_rolling(
    deployment: &Deployment,
    new_rs: &ReplicaSet,
    old_rss: &[&ReplicaSet],
) -> Result<SyncPlan, String> {
    let mut all = old_rss.to_vec();
    all.push(new_rs);
    let up = reconcile_new_replica_set(&all, new_rs, deployment)?;
    if up.scaled {
        return Ok(SyncPlan {
            updates: up.updates,
            deletions: Vec::new(),
        });
    }
    let down = reconcile_old_replica_sets(
        &all,
        &filter_active_replica_sets(old_rss),
        new_rs,
        deployment,
    );
    let mut updates = up.updates;
    updates.extend(down.updates);
    let deletions = if !down.scaled && deployment_complete(deployment, &deployment.status) {
        cleanup_deployment(old_rss, deployment)
    } else {
        Vec::new()
    };
    Ok(SyncPlan { updates, deletions })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::IntOrPercent;
    use crate::engine::controllers::deployment::testing::{int, new_deployment, rs};
    use crate::engine::controllers::deployment::util::set_replicas_annotations;

    fn with_available(mut r: ReplicaSet, available: i32) -> ReplicaSet {
        r.status.available_replicas = available;
        r
    }

    #[test]
    fn test_deployment_controller_reconcile_new_replica_set() {
        // (deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNewReplicas)
        let cases = [
            // Should not scale up.
            (10, 0, 10, 0, false, 0),
            (10, 2, 10, 0, true, 2),
            (10, 2, 5, 0, true, 7),
            (10, 2, 10, 2, false, 0),
            // Should scale down.
            (10, 2, 2, 11, true, 10),
        ];
        for (i, (replicas, surge, old, new, scale_expected, expected)) in
            cases.into_iter().enumerate()
        {
            let new_rs = rs("foo-v2", new, &[], "");
            let old_rs = rs("foo-v2", old, &[], "");
            let deployment = new_deployment("foo", replicas, None, int(surge), int(0), &[]);
            let step = reconcile_new_replica_set(&[&new_rs, &old_rs], &new_rs, &deployment)
                .expect("no error");
            assert_eq!(step.scaled, scale_expected, "scenario {i}");
            if scale_expected {
                assert_eq!(step.updates.len(), 1, "scenario {i}: one update");
                assert_eq!(step.updates[0].to, expected, "scenario {i}");
            } else {
                assert!(
                    step.updates.is_empty(),
                    "scenario {i}: unexpected scaling {:?}",
                    step.updates
                );
            }
        }
    }

    #[test]
    fn test_deployment_controller_reconcile_old_replica_sets() {
        // (deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, readyPodsFromOldRS,
        // readyPodsFromNewRS, scaleExpected, expectedOldReplicas)
        let cases = [
            (10, 0, 10, 0, 10, 0, true, 9),
            (10, 2, 10, 0, 10, 0, true, 8),
            // expect unhealthy replicas from old replica sets been cleaned up
            (10, 2, 10, 0, 8, 0, true, 8),
            // expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod
            // been scaled down
            (10, 2, 10, 0, 9, 0, true, 8),
            // the unavailable pods from the newRS would not make us scale down old RSs in a
            // further step
            (10, 2, 8, 2, 8, 0, false, 8),
        ];
        for (
            i,
            (replicas, unavailable, old, new, old_ready, new_ready, scale_expected, expected_old),
        ) in cases.into_iter().enumerate()
        {
            let mut new_rs = with_available(rs("foo-new", new, &[("foo", "new")], ""), new_ready);
            set_replicas_annotations(&mut new_rs, new, new);
            let mut old_rs = with_available(rs("foo-old", old, &[("foo", "old")], ""), old_ready);
            set_replicas_annotations(&mut old_rs, old, old);
            let deployment = new_deployment(
                "foo",
                replicas,
                None,
                int(0),
                int(unavailable),
                &[("foo", "new")],
            );
            let step =
                reconcile_old_replica_sets(&[&old_rs, &new_rs], &[&old_rs], &new_rs, &deployment);
            assert_eq!(step.scaled, scale_expected, "scenario {i}");
            let size = step.updates.last().map_or(old, |u| u.to);
            assert_eq!(size, expected_old, "scenario {i}");
        }
    }

    #[test]
    fn test_deployment_controller_cleanup_unhealthy_replicas() {
        // (oldReplicas, readyPods, unHealthyPods, maxCleanupCount, cleanupCountExpected)
        let cases = [
            (10, 8, 2, 1, 1),
            (10, 8, 2, 3, 2),
            (10, 8, 2, 0, 0),
            (10, 10, 0, 3, 0),
        ];
        for (i, (old, ready, _unhealthy, max_cleanup, expected)) in cases.into_iter().enumerate() {
            let old_rs = with_available(rs("foo-v2", old, &[], ""), ready);
            let deployment = new_deployment("foo", 10, None, int(2), int(2), &[]);
            let cleanup = cleanup_unhealthy_replicas(&[&old_rs], &deployment, max_cleanup);
            assert_eq!(cleanup.error, None, "scenario {i}");
            assert_eq!(cleanup.scaled_down, expected, "scenario {i}");
            assert_eq!(
                cleanup.old_rss[0].spec.replicas,
                old - expected,
                "scenario {i}"
            );
        }
    }

    #[test]
    fn cleaning_up_a_replica_set_reporting_more_available_than_it_has_stops_the_scale_down() {
        let scaled_earlier = with_available(rs("foo-v1", 4, &[], "2016-05-20T00:00:00Z"), 2);
        let stale = with_available(rs("foo-v2", 8, &[], "2016-05-20T01:00:00Z"), 10);
        let deployment = new_deployment("foo", 10, None, int(2), int(2), &[]);
        let cleanup = cleanup_unhealthy_replicas(&[&stale, &scaled_earlier], &deployment, 5);
        assert_eq!(
            cleanup.updates.len(),
            1,
            "the older ReplicaSet was scaled before the error"
        );
        assert_eq!(
            cleanup.error.as_deref(),
            Some("when cleaning up unhealthy replicas, got invalid request to scale down default/foo-v2 8 -> 10")
        );
        let new_rs = rs("foo-v3", 0, &[], "2016-05-20T02:00:00Z");
        let step = reconcile_old_replica_sets(
            &[&scaled_earlier, &stale, &new_rs],
            &[&scaled_earlier, &stale],
            &new_rs,
            &deployment,
        );
        assert!(!step.scaled, "upstream returns false after the error");
        assert_eq!(step.updates.len(), 1);
    }

    #[test]
    fn test_deployment_controller_scale_down_old_replica_sets_for_rolling_update() {
        // (deploymentReplicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOldReplicas)
        let cases = [
            (10, 0, 10, 10, true, 9),
            (10, 2, 10, 10, true, 8),
            (10, 2, 8, 10, false, 10),
            (10, 2, 10, 0, false, 0),
            (10, 2, 1, 10, false, 10),
        ];
        for (i, (replicas, unavailable, ready, old, scale_expected, expected)) in
            cases.into_iter().enumerate()
        {
            let old_rs = with_available(rs("foo-v2", old, &[], ""), ready);
            let deployment = new_deployment(
                "foo",
                replicas,
                None,
                int(0),
                int(unavailable),
                &[("foo", "bar")],
            );
            let down =
                scale_down_old_replica_sets_for_rolling_update(&[&old_rs], &[&old_rs], &deployment);
            assert_eq!(down.scaled_down > 0, scale_expected, "scenario {i}");
            assert_eq!(down.old_rss[0].spec.replicas, expected, "scenario {i}");
            if scale_expected {
                assert_eq!(down.updates.len(), 1, "scenario {i}: one update");
            }
        }
    }

    #[test]
    fn ten_replicas_at_a_quarter_surge_and_unavailability_start_three_up_then_two_down() {
        let quarter = || Some(IntOrPercent::String("25%".to_string()));
        let deployment = new_deployment("web", 10, Some(10), quarter(), quarter(), &[]);
        let mut old = with_available(rs("web-old", 10, &[], "2016-05-20T00:00:00Z"), 10);
        old.status.replicas = 10;
        let new_rs = rs("web-new", 0, &[], "2016-05-20T01:00:00Z");
        let up = rollout_rolling(&deployment, &new_rs, &[&old]).expect("plan");
        assert_eq!(up.updates.len(), 1);
        assert_eq!(
            up.updates[0].event.as_deref(),
            Some("Scaled up replica set web-new from 0 to 3")
        );
        let mut new_rs = new_rs;
        up.updates[0].apply_to(&mut new_rs);
        let down = rollout_rolling(&deployment, &new_rs, &[&old]).expect("plan");
        assert_eq!(down.updates.len(), 1);
        assert_eq!(
            down.updates[0].event.as_deref(),
            Some("Scaled down replica set web-old from 10 to 8")
        );
        assert!(down.deletions.is_empty());
    }

    #[test]
    fn a_completed_rollout_cleans_up_old_replica_sets_beyond_the_history_limit() {
        let mut deployment = new_deployment("web", 2, Some(1), int(1), int(0), &[]);
        deployment.status.replicas = 2;
        deployment.status.updated_replicas = 2;
        deployment.status.available_replicas = 2;
        let mut new_rs = with_available(rs("web-3", 2, &[], "2016-05-20T02:00:00Z"), 2);
        set_replicas_annotations(&mut new_rs, 2, 3);
        let old1 = rs("web-1", 0, &[], "2016-05-20T00:00:00Z");
        let old2 = rs("web-2", 0, &[], "2016-05-20T01:00:00Z");
        let plan = rollout_rolling(&deployment, &new_rs, &[&old1, &old2]).expect("plan");
        assert_eq!(
            plan,
            SyncPlan {
                updates: Vec::new(),
                deletions: vec!["web-1".to_string()]
            }
        );
        deployment.spec.strategy.type_ =
            crate::engine::api::DeploymentStrategyType::Other("x".to_string());
        let mut behind = new_rs.clone();
        behind.spec.replicas = 1;
        assert!(
            rollout_rolling(&deployment, &behind, &[]).is_err(),
            "an unknown strategy type"
        );
    }
}

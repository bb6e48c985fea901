//! The planning halves of `pkg/controller/deployment/recreate.go` (Kubernetes v1.35,
//! `DeploymentPodReplacementPolicy` off): a Recreate rollout scales every old ReplicaSet to
//! 0, waits until none of their pods runs (`oldPodsRunning`), then creates or scales up the
//! new ReplicaSet to `replicas`.

use std::collections::BTreeMap;

use crate::engine::api::{Deployment, Pod, ReplicaSet};

use super::conditions::deployment_complete;
use super::sync::{cleanup_deployment, scale_replica_set_and_record_event, ReplicaSetUpdate};
use super::util::{actual_replica_count, filter_active_replica_sets};

/// `oldPodsRunning`: an old ReplicaSet still reports pods, or a pod of a ReplicaSet other
/// than the new one is not Succeeded or Failed (Unknown counts as running). `pods_by_owner`
/// holds each ReplicaSet's pods by the ReplicaSet's name.
pub fn old_pods_running(
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
    pods_by_owner: &BTreeMap<String, Vec<&Pod>>,
) -> bool {
    if actual_replica_count(old_rss) > 0 {
        return true;
    }
    pods_by_owner
        .iter()
        .filter(|(owner, _)| new_rs.is_none_or(|rs| &rs.metadata.name != *owner))
        .flat_map(|(_, pods)| pods)
        .any(|pod| !matches!(pod.status.phase.as_deref(), Some("Failed" | "Succeeded")))
}

/// `scaleDownOldReplicaSetsForRecreate`: every old ReplicaSet with replicas goes to 0.
pub fn scale_down_old_replica_sets_for_recreate(
    old_rss: &[&ReplicaSet],
    deployment: &Deployment,
) -> Vec<ReplicaSetUpdate> {
    old_rss
        .iter()
        .filter(|rs| rs.spec.replicas != 0)
        .filter_map(|rs| scale_replica_set_and_record_event(&mut (*rs).clone(), 0, deployment))
        .collect()
}

/// What `rolloutRecreate` does in one sync. The status follows
/// ([`super::progress::sync_rollout_status`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecreatePlan {
    /// The ReplicaSet updates, in order.
    pub updates: Vec<ReplicaSetUpdate>,
    /// The new ReplicaSet is to be created, with this many replicas.
    pub create_new_replica_set: Option<i32>,
    /// The old ReplicaSets to delete (`cleanupDeployment`).
    pub deletions: Vec<String>,
}

/// `rolloutRecreate`: scale the old ReplicaSets down and stop there; else wait while old
/// pods run; else create the new ReplicaSet (at `replicas`, as `NewRSNewReplicas` gives
/// Recreate) or scale it up, and clean up a completed rollout's history.
pub fn rollout_recreate(
    deployment: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
    pods_by_owner: &BTreeMap<String, Vec<&Pod>>,
) -> RecreatePlan {
    let updates =
        scale_down_old_replica_sets_for_recreate(&filter_active_replica_sets(old_rss), deployment);
    if updates.iter().any(|u| u.event.is_some()) || old_pods_running(new_rs, old_rss, pods_by_owner)
    {
        return RecreatePlan {
            updates,
            ..RecreatePlan::default()
        };
    }
    let mut plan = RecreatePlan::default();
    match new_rs {
        None => plan.create_new_replica_set = Some(deployment.spec.replicas),
        Some(rs) => plan.updates.extend(scale_replica_set_and_record_event(
            &mut rs.clone(),
            deployment.spec.replicas,
            deployment,
        )),
    }
    if deployment_complete(deployment, &deployment.status) {
        plan.deletions = cleanup_deployment(old_rss, deployment);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::controllers::deployment::testing::{
        new_rs_with_status, recreate_deployment, rs,
    };

    fn pod(phase: &str) -> Pod {
        let mut p = Pod::default();
        if !phase.is_empty() {
            p.status.phase = Some(phase.to_string());
        }
        p
    }

    #[test]
    fn test_old_pods_running() {
        fn map<'a>(entries: Vec<(&str, Vec<&'a Pod>)>) -> BTreeMap<String, Vec<&'a Pod>> {
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect()
        }
        let (empty, failed, succeeded) = (&pod(""), &pod("Failed"), &pod("Succeeded"));
        let (unknown, pending, running) = (&pod("Unknown"), &pod("Pending"), &pod("Running"));
        let some_uid = rs("foo-some-uid", 0, &[], "");
        let other_uid = rs("foo-other-uid", 0, &[], "");
        let status_one = new_rs_with_status("rs-1", 0, 1);
        let status_zero = new_rs_with_status("rs-1", 0, 0);
        type Case<'a> = (
            &'static str,
            Option<&'a ReplicaSet>,
            Vec<&'a ReplicaSet>,
            BTreeMap<String, Vec<&'a Pod>>,
            bool,
        );
        let cases: Vec<Case> = vec![
            ("no old RSs", None, vec![], map(vec![]), false),
            ("old RSs with running pods", None, vec![&some_uid, &other_uid],
             map(vec![("foo-some-uid", vec![empty, empty]), ("foo-other-uid", vec![empty, empty])]), true),
            ("old RSs without pods but with non-zero status replicas", None, vec![&status_one], map(vec![]), true),
            ("old RSs without pods or non-zero status replicas", None, vec![&status_zero], map(vec![]), false),
            ("old RSs with zero status replicas but pods in terminal state are present", None, vec![&status_zero],
             map(vec![("uid-1", vec![failed, succeeded])]), false),
            ("old RSs with zero status replicas but pod in unknown phase present", None, vec![&status_zero],
             map(vec![("uid-1", vec![unknown])]), true),
            ("old RSs with zero status replicas with pending pod present", None, vec![&status_zero],
             map(vec![("uid-1", vec![pending])]), true),
            ("old RSs with zero status replicas with running pod present", None, vec![&status_zero],
             map(vec![("uid-1", vec![running])]), true),
            ("old RSs with zero status replicas but pods in terminal state and pending are present", None, vec![&status_zero],
             map(vec![("uid-1", vec![failed, succeeded]), ("uid-2", vec![]), ("uid-3", vec![pending])]), true),
        ];
        for (name, new_rs, old_rss, pods, expected) in &cases {
            assert_eq!(
                old_pods_running(*new_rs, old_rss, pods),
                *expected,
                "{name}"
            );
        }
        let new_rs = rs("new", 1, &[], "");
        let own_pods = map(vec![("new", vec![running])]);
        assert!(
            !old_pods_running(Some(&new_rs), &[], &own_pods),
            "the new ReplicaSet's pods do not count"
        );
    }

    #[test]
    fn test_scale_down_old_replica_sets() {
        let deployment = recreate_deployment("foo", 3);
        let old = rs("foo-old", 3, &[("foo", "bar")], "");
        let updates = scale_down_old_replica_sets_for_recreate(&[&old], &deployment);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].to, 0);
        assert_eq!(
            updates[0].event.as_deref(),
            Some("Scaled down replica set foo-old from 3 to 0")
        );
        let empty = rs("foo-empty", 0, &[], "");
        assert!(scale_down_old_replica_sets_for_recreate(&[&empty], &deployment).is_empty());
    }

    #[test]
    fn a_recreate_rollout_kills_old_pods_before_creating_new_ones() {
        let deployment = recreate_deployment("web", 3);
        let none = BTreeMap::new();
        let old = rs("web-1", 3, &[], "");
        let step1 = rollout_recreate(&deployment, None, &[&old], &none);
        assert_eq!(
            (step1.updates.len(), step1.create_new_replica_set),
            (1, None),
            "scale down first"
        );

        let mut old = new_rs_with_status("web-1", 0, 0);
        let terminating = pod("Running");
        let old_pods: BTreeMap<String, Vec<&Pod>> =
            [("web-1".to_string(), vec![&terminating])].into();
        let step2 = rollout_recreate(&deployment, None, &[&old], &old_pods);
        assert_eq!(step2, RecreatePlan::default(), "wait while old pods run");

        let step3 = rollout_recreate(&deployment, None, &[&old], &none);
        assert_eq!(
            step3.create_new_replica_set,
            Some(3),
            "then create the new ReplicaSet at full size"
        );

        let new_rs = rs("web-2", 1, &[], "");
        let step4 = rollout_recreate(&deployment, Some(&new_rs), &[&old], &none);
        assert_eq!(
            step4.updates[0].event.as_deref(),
            Some("Scaled up replica set web-2 from 1 to 3")
        );

        let mut done = deployment.clone();
        done.spec.revision_history_limit = 0;
        done.status.replicas = 3;
        done.status.updated_replicas = 3;
        done.status.available_replicas = 3;
        old.metadata.name = "web-1".to_string();
        let full = rs("web-2", 3, &[], "");
        let step5 = rollout_recreate(&done, Some(&full), &[&old], &none);
        assert_eq!(step5.deletions, ["web-1"], "a complete rollout cleans up");
    }
}

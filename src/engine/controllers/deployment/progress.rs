//! The planning halves of `pkg/controller/deployment/progress.go` (Kubernetes v1.35): the
//! status a sync writes with its Progressing condition (`syncRolloutStatus`: complete,
//! progressing or timed out), ReplicaSet failures raised to the Deployment
//! (`getReplicaFailures`), and when a rollout that shows no progress is checked again
//! (`requeueStuckDeployment`). Time comes in as an argument.

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{Deployment, DeploymentStatus, ReplicaSet, WorkloadCondition};

use super::conditions::{
    deployment_complete, deployment_progressing, deployment_timed_out, get_deployment_condition,
    has_progress_deadline, new_deployment_condition, progressing_message,
    remove_deployment_condition, replica_set_to_deployment_condition, set_deployment_condition,
    successfully_progressed_message, timed_out_message, NEW_RS_AVAILABLE_REASON, PROGRESSING,
    REPLICA_FAILURE, REPLICA_SET_UPDATED_REASON, TIMED_OUT_REASON,
};
use super::sync::calculate_status;
use super::util::time_or_zero;
use crate::engine::time::Millis;

/// `syncRolloutStatus`: the status to write after a sync: [`calculate_status`], then, with a
/// progress deadline and a rollout not yet complete, Progressing=True `NewReplicaSetAvailable`
/// once complete, Progressing=True `ReplicaSetUpdated` (updated now, its transition time
/// kept) on any progress, or Progressing=False `ProgressDeadlineExceeded` past the deadline;
/// without a deadline no Progressing condition. A ReplicaSet's `ReplicaFailure` becomes the
/// Deployment's. When it equals the current status, nothing is written and
/// [`requeue_stuck_deployment`] says when to look again.
pub fn sync_rollout_status(
    all_rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    deployment: &Deployment,
    now: UnixMillis,
) -> DeploymentStatus {
    let mut status = calculate_status(all_rss, new_rs, deployment, now);
    if !has_progress_deadline(deployment) {
        remove_deployment_condition(&mut status, PROGRESSING);
    }
    let current = get_deployment_condition(&deployment.status, PROGRESSING);
    let is_complete_deployment = status.replicas == status.updated_replicas
        && current.is_some_and(|c| c.reason.as_deref() == Some(NEW_RS_AVAILABLE_REASON));
    if has_progress_deadline(deployment) && !is_complete_deployment {
        let name = deployment.metadata.name.as_str();
        let rs_name = new_rs.map(|rs| rs.metadata.name.as_str());
        if deployment_complete(deployment, &status) {
            let message = successfully_progressed_message(name, rs_name);
            let condition = new_deployment_condition(
                PROGRESSING,
                "True",
                NEW_RS_AVAILABLE_REASON,
                &message,
                now,
            );
            set_deployment_condition(&mut status, condition);
        } else if deployment_progressing(deployment, &status) {
            let message = progressing_message(name, rs_name);
            let mut condition = new_deployment_condition(
                PROGRESSING,
                "True",
                REPLICA_SET_UPDATED_REASON,
                &message,
                now,
            );
            if let Some(current) = current {
                if current.status == "True" {
                    condition
                        .last_transition_time
                        .clone_from(&current.last_transition_time);
                }
                remove_deployment_condition(&mut status, PROGRESSING);
            }
            set_deployment_condition(&mut status, condition);
        } else if deployment_timed_out(deployment, &status, now) {
            let message = timed_out_message(name, rs_name);
            let condition =
                new_deployment_condition(PROGRESSING, "False", TIMED_OUT_REASON, &message, now);
            set_deployment_condition(&mut status, condition);
        }
    }
    match replica_failures(all_rss, new_rs).into_iter().next() {
        Some(failure) => set_deployment_condition(&mut status, failure),
        None => remove_deployment_condition(&mut status, REPLICA_FAILURE),
    }
    status
}

/// `getReplicaFailures`: the new ReplicaSet's `ReplicaFailure` conditions as Deployment
/// conditions, else those of any ReplicaSet.
pub fn replica_failures(
    all_rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> Vec<WorkloadCondition> {
    let failures = |rs: &ReplicaSet| -> Vec<WorkloadCondition> {
        rs.status
            .conditions
            .iter()
            .filter(|c| c.type_ == REPLICA_FAILURE)
            .map(replica_set_to_deployment_condition)
            .collect()
    };
    let from_new = new_rs.map(failures).unwrap_or_default();
    if !from_new.is_empty() {
        return from_new;
    }
    all_rss.iter().flat_map(|rs| failures(rs)).collect()
}

/// When a Deployment is synced again for a progress check (`requeueStuckDeployment`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requeue {
    /// No check: no deadline, no Progressing condition, complete, or already timed out.
    Never,
    /// Now (rate limited): the deadline is less than a second away or past.
    Now,
    /// When the deadline is this far away; the controller enqueues a second later
    /// ([`Requeue::delay`]) to stay clear of millisecond skew.
    After(Millis),
}

impl Requeue {
    /// How long after now the controller syncs again (`None` for [`Requeue::Never`]).
    pub fn delay(self) -> Option<Millis> {
        match self {
            Requeue::Never => None,
            Requeue::Now => Some(0),
            Requeue::After(after) => Some(after + 1_000),
        }
    }
}

/// `requeueStuckDeployment`: a rollout that is neither complete nor timed out is checked
/// again when its Progressing condition's last update plus `progressDeadlineSeconds` comes.
pub fn requeue_stuck_deployment(
    deployment: &Deployment,
    new_status: &DeploymentStatus,
    now: UnixMillis,
) -> Requeue {
    let Some(current) = get_deployment_condition(&deployment.status, PROGRESSING) else {
        return Requeue::Never;
    };
    if !has_progress_deadline(deployment)
        || deployment_complete(deployment, new_status)
        || current.reason.as_deref() == Some(TIMED_OUT_REASON)
    {
        return Requeue::Never;
    }
    let deadline = i64::from(deployment.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
    let after = time_or_zero(current.last_update_time.as_deref()) + deadline - now;
    match Millis::try_from(after) {
        Ok(after) if after >= 1_000 => Requeue::After(after),
        _ => Requeue::Now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::time::{format_rfc3339, parse_rfc3339};
    use crate::engine::controllers::deployment::testing::{
        new_rs_with_available, recreate_deployment,
    };

    fn at(text: &str) -> UnixMillis {
        parse_rfc3339(text).expect("time")
    }

    fn test_time() -> UnixMillis {
        at("2017-02-15T18:49:00Z")
    }

    /// `newDeploymentStatus`.
    fn new_deployment_status(replicas: i32, updated: i32, available: i32) -> DeploymentStatus {
        DeploymentStatus {
            replicas,
            updated_replicas: updated,
            available_replicas: available,
            ..DeploymentStatus::default()
        }
    }

    /// `currentDeployment`: a Recreate Deployment whose status is observed.
    fn current_deployment(
        deadline: Option<i32>,
        replicas: i32,
        status_replicas: i32,
        updated: i32,
        available: i32,
        conditions: Vec<WorkloadCondition>,
    ) -> Deployment {
        let mut d = recreate_deployment("progress-test", replicas);
        d.spec.progress_deadline_seconds = deadline;
        d.status = new_deployment_status(status_replicas, updated, available);
        d.status.conditions = conditions;
        d
    }

    fn condition(status: &str, reason: &str, at: Option<UnixMillis>) -> WorkloadCondition {
        WorkloadCondition {
            type_: PROGRESSING.to_string(),
            status: status.to_string(),
            reason: Some(reason.to_string()),
            last_update_time: at.map(format_rfc3339),
            last_transition_time: at.map(format_rfc3339),
            message: None,
        }
    }

    #[test]
    fn test_requeue_stuck_deployment() {
        let pds = Some(60);
        let failed = || vec![condition("False", TIMED_OUT_REASON, None)];
        let stuck = || vec![condition("True", "", Some(test_time()))];
        let cases = [
            (
                "nil progressDeadlineSeconds specified",
                current_deployment(None, 4, 3, 3, 2, vec![]),
                new_deployment_status(3, 3, 2),
                None,
                Requeue::Never,
            ),
            (
                "infinite progressDeadlineSeconds specified",
                current_deployment(Some(i32::MAX), 4, 3, 3, 2, vec![]),
                new_deployment_status(3, 3, 2),
                None,
                Requeue::Never,
            ),
            (
                "no progressing condition found",
                current_deployment(pds, 4, 3, 3, 2, vec![]),
                new_deployment_status(3, 3, 2),
                None,
                Requeue::Never,
            ),
            (
                "complete deployment does not need to be requeued",
                current_deployment(pds, 3, 3, 3, 3, vec![]),
                new_deployment_status(3, 3, 3),
                None,
                Requeue::Never,
            ),
            (
                "already failed deployment does not need to be requeued",
                current_deployment(pds, 3, 3, 3, 0, failed()),
                new_deployment_status(3, 3, 0),
                None,
                Requeue::Never,
            ),
            (
                "stuck deployment - 30s",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:49:30Z"),
                Requeue::After(30_000),
            ),
            (
                "stuck deployment - 1s",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:49:59Z"),
                Requeue::After(1_000),
            ),
            (
                "failed deployment - less than a second => now",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:49:59.001Z"),
                Requeue::Now,
            ),
            (
                "failed deployment - now",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:50:00Z"),
                Requeue::Now,
            ),
            (
                "failed deployment - 1s after deadline",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:50:01Z"),
                Requeue::Now,
            ),
            (
                "failed deployment - 60s after deadline",
                current_deployment(pds, 3, 3, 3, 1, stuck()),
                new_deployment_status(3, 3, 1),
                Some("2017-02-15T18:51:00Z"),
                Requeue::Now,
            ),
        ];
        for (name, d, status, now, expected) in &cases {
            let now = now.map_or(test_time(), at);
            assert_eq!(
                requeue_stuck_deployment(d, status, now),
                *expected,
                "{name}"
            );
        }
        let stuck_forever = current_deployment(Some(i32::MAX), 3, 3, 3, 1, stuck());
        assert_eq!(
            requeue_stuck_deployment(&stuck_forever, &new_deployment_status(3, 3, 1), test_time()),
            Requeue::Never,
            "an infinite deadline never requeues, even with a Progressing condition"
        );
        let complete = current_deployment(pds, 3, 3, 3, 3, stuck());
        assert_eq!(
            requeue_stuck_deployment(&complete, &new_deployment_status(3, 3, 3), test_time()),
            Requeue::Never,
            "a complete rollout never requeues, even with a Progressing condition"
        );
        assert_eq!(
            Requeue::After(30_000).delay(),
            Some(31_000),
            "a second later"
        );
        assert_eq!(Requeue::Now.delay(), Some(0));
        assert_eq!(Requeue::Never.delay(), None);
    }

    #[test]
    fn test_sync_rollout_status() {
        let pds = Some(60);
        let t = test_time();
        let failed_timed_out = || condition("False", TIMED_OUT_REASON, None);
        let new_rs_available = || condition("True", NEW_RS_AVAILABLE_REASON, Some(t));
        let replica_set_updated = || condition("True", REPLICA_SET_UPDATED_REASON, Some(t));
        let rs = new_rs_with_available;
        // (name, deployment, other ReplicaSets, new ReplicaSet, expected (status, reason),
        // whether lastUpdateTime / lastTransitionTime stay the test time)
        type Expected = Option<(&'static str, &'static str)>;
        type Case = (
            &'static str,
            Deployment,
            Vec<ReplicaSet>,
            Option<ReplicaSet>,
            Expected,
            bool,
            bool,
        );
        let cases: Vec<Case> = vec![
            ("General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline",
             current_deployment(None, 3, 2, 2, 2, vec![replica_set_updated()]), vec![rs("bar", 0, 1, 1)], Some(rs("foo", 3, 2, 2)), None, false, false),
            ("General: do not estimate progress of deployment with only one active ReplicaSet",
             current_deployment(pds, 3, 3, 3, 3, vec![new_rs_available()]), vec![rs("bar", 3, 3, 3)], None, Some(("True", NEW_RS_AVAILABLE_REASON)), true, true),
            ("DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True",
             current_deployment(pds, 3, 2, 2, 2, vec![replica_set_updated()]), vec![rs("bar", 0, 1, 1)], Some(rs("foo", 3, 2, 2)), Some(("True", REPLICA_SET_UPDATED_REASON)), false, true),
            ("DeploymentProgressing: update everything if deployment has Progressing=False",
             current_deployment(pds, 3, 2, 2, 2, vec![failed_timed_out()]), vec![rs("bar", 0, 1, 1)], Some(rs("foo", 3, 2, 2)), Some(("True", REPLICA_SET_UPDATED_REASON)), false, false),
            ("DeploymentProgressing: create Progressing condition if it does not exist",
             current_deployment(pds, 3, 2, 2, 2, vec![]), vec![rs("bar", 0, 1, 1)], Some(rs("foo", 3, 2, 2)), Some(("True", REPLICA_SET_UPDATED_REASON)), false, false),
            ("DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True",
             current_deployment(pds, 3, 3, 3, 3, vec![replica_set_updated()]), vec![], Some(rs("foo", 3, 3, 3)), Some(("True", NEW_RS_AVAILABLE_REASON)), false, true),
            ("DeploymentComplete: update everything if deployment has Progressing=False",
             current_deployment(pds, 3, 3, 3, 3, vec![failed_timed_out()]), vec![], Some(rs("foo", 3, 3, 3)), Some(("True", NEW_RS_AVAILABLE_REASON)), false, false),
            ("DeploymentComplete: create Progressing condition if it does not exist",
             current_deployment(pds, 3, 3, 3, 3, vec![]), vec![], Some(rs("foo", 3, 3, 3)), Some(("True", NEW_RS_AVAILABLE_REASON)), false, false),
            ("DeploymentComplete: defend against NPE when newRS=nil",
             current_deployment(pds, 0, 3, 3, 3, vec![replica_set_updated()]), vec![rs("foo", 0, 0, 0)], None, Some(("True", NEW_RS_AVAILABLE_REASON)), false, true),
            ("DeploymentTimedOut: update status if rollout exceeds Progress Deadline",
             current_deployment(pds, 3, 2, 2, 2, vec![replica_set_updated()]), vec![], Some(rs("foo", 3, 2, 2)), Some(("False", TIMED_OUT_REASON)), false, false),
            ("DeploymentTimedOut: do not update status if deployment has existing timedOut condition",
             current_deployment(pds, 3, 2, 2, 2, vec![failed_timed_out()]), vec![], Some(rs("foo", 3, 2, 2)), Some(("False", TIMED_OUT_REASON)), false, false),
        ];
        let now = at("2017-02-15T19:00:00Z");
        for (name, d, others, new_rs, expected, keeps_update, keeps_transition) in &cases {
            let mut all: Vec<&ReplicaSet> = others.iter().collect();
            all.extend(new_rs.as_ref());
            let status = sync_rollout_status(&all, new_rs.as_ref(), d, now);
            let got = get_deployment_condition(&status, PROGRESSING);
            match (got, expected) {
                (None, None) => {}
                (Some(c), Some((s, reason))) => {
                    assert_eq!(
                        (c.status.as_str(), c.reason.as_deref()),
                        (*s, Some(*reason)),
                        "{name}"
                    );
                    let kept =
                        |time: &Option<String>| time.as_deref() == Some(format_rfc3339(t).as_str());
                    assert_eq!(
                        kept(&c.last_update_time),
                        *keeps_update,
                        "{name}: lastUpdateTime"
                    );
                    assert_eq!(
                        kept(&c.last_transition_time),
                        *keeps_transition,
                        "{name}: lastTransitionTime"
                    );
                }
                (got, expected) => panic!("{name}: got {got:?}, want {expected:?}"),
            }
        }
    }

    #[test]
    fn the_progressing_messages_name_the_new_replica_set() {
        let d = current_deployment(Some(60), 3, 2, 2, 2, vec![]);
        let foo = new_rs_with_available("foo", 3, 3, 3);
        let status = sync_rollout_status(&[&foo], Some(&foo), &d, test_time());
        let c = get_deployment_condition(&status, PROGRESSING).expect("progressing");
        assert_eq!(
            c.message.as_deref(),
            Some("ReplicaSet \"foo\" has successfully progressed.")
        );
    }

    #[test]
    fn replica_failures_of_the_new_replica_set_come_before_the_old_ones() {
        let failure = |reason: &str| WorkloadCondition {
            type_: REPLICA_FAILURE.to_string(),
            status: "True".to_string(),
            reason: Some(reason.to_string()),
            last_transition_time: Some(format_rfc3339(test_time())),
            ..WorkloadCondition::default()
        };
        let mut old = new_rs_with_available("old", 1, 1, 1);
        old.status.conditions = vec![failure("OldFailed")];
        let mut new_rs = new_rs_with_available("new", 1, 0, 0);
        assert_eq!(
            replica_failures(&[&old, &new_rs], Some(&new_rs))[0]
                .reason
                .as_deref(),
            Some("OldFailed")
        );
        new_rs.status.conditions = vec![failure("FailedCreate")];
        let failures = replica_failures(&[&old, &new_rs], Some(&new_rs));
        assert_eq!(failures.len(), 1);
        assert_eq!(
            failures[0].last_update_time,
            failures[0].last_transition_time
        );
        let d = current_deployment(None, 1, 1, 0, 0, vec![]);
        let status = sync_rollout_status(&[&old, &new_rs], Some(&new_rs), &d, test_time());
        assert_eq!(
            get_deployment_condition(&status, REPLICA_FAILURE).and_then(|c| c.reason.as_deref()),
            Some("FailedCreate")
        );
        let healthy = new_rs_with_available("new", 1, 1, 1);
        let mut failing = d.clone();
        failing.status = status;
        let status = sync_rollout_status(&[&healthy], Some(&healthy), &failing, test_time());
        assert!(
            get_deployment_condition(&status, REPLICA_FAILURE).is_none(),
            "removed once no ReplicaSet fails"
        );
    }
}

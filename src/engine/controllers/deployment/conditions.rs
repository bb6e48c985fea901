//! The Deployment conditions of `pkg/controller/deployment/util/deployment_util.go`
//! (Kubernetes v1.35): their reasons in upstream's words, `NewDeploymentCondition`,
//! `Get`/`Set`/`RemoveDeploymentCondition`, and the three rollout verdicts
//! `DeploymentComplete`, `DeploymentProgressing` and `DeploymentTimedOut`. Time comes in as
//! an argument (milliseconds since the Unix epoch), never from a clock.

use crate::engine::api::time::{format_rfc3339, UnixMillis};
use crate::engine::api::{Deployment, DeploymentStatus, WorkloadCondition};

use super::util::time_or_zero;

/// `DeploymentAvailable`.
pub const AVAILABLE: &str = "Available";
/// `DeploymentProgressing`.
pub const PROGRESSING: &str = "Progressing";
/// `DeploymentReplicaFailure` (also the ReplicaSet's `ReplicaFailure`).
pub const REPLICA_FAILURE: &str = "ReplicaFailure";

/// `ReplicaSetUpdatedReason`: one of the Deployment's ReplicaSets was updated.
pub const REPLICA_SET_UPDATED_REASON: &str = "ReplicaSetUpdated";
/// `FailedRSCreateReason`: the new ReplicaSet could not be created.
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";
/// `NewReplicaSetReason`: the new ReplicaSet was created.
pub const NEW_REPLICA_SET_REASON: &str = "NewReplicaSetCreated";
/// `FoundNewRSReason`: an existing ReplicaSet was adopted as the new one.
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
/// `NewRSAvailableReason`: the rollout completed.
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
/// `TimedOutReason`: no progress within `progressDeadlineSeconds`.
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
/// `PausedDeployReason`.
pub const PAUSED_DEPLOY_REASON: &str = "DeploymentPaused";
/// `ResumedDeployReason`.
pub const RESUMED_DEPLOY_REASON: &str = "DeploymentResumed";
/// `MinimumReplicasAvailable`.
pub const MINIMUM_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
/// `MinimumReplicasUnavailable`.
pub const MINIMUM_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";

/// The Available=True message of `calculateStatus`.
pub const MINIMUM_AVAILABILITY_MESSAGE: &str = "Deployment has minimum availability.";
/// The Available=False message of `calculateStatus`.
pub const NO_MINIMUM_AVAILABILITY_MESSAGE: &str = "Deployment does not have minimum availability.";
/// The Progressing=Unknown message of `checkPausedConditions` for a paused Deployment.
pub const PAUSED_MESSAGE: &str = "Deployment is paused";
/// The Progressing=Unknown message of `checkPausedConditions` for a resumed Deployment.
pub const RESUMED_MESSAGE: &str = "Deployment is resumed";

/// The Progressing message once a rollout completed (`syncRolloutStatus`).
pub fn successfully_progressed_message(deployment: &str, new_rs: Option<&str>) -> String {
    match new_rs {
        Some(rs) => format!("ReplicaSet \"{rs}\" has successfully progressed."),
        None => format!("Deployment \"{deployment}\" has successfully progressed."),
    }
}

/// The Progressing message while a rollout makes progress (`syncRolloutStatus`).
pub fn progressing_message(deployment: &str, new_rs: Option<&str>) -> String {
    match new_rs {
        Some(rs) => format!("ReplicaSet \"{rs}\" is progressing."),
        None => format!("Deployment \"{deployment}\" is progressing."),
    }
}

/// The Progressing message once the deadline passed (`syncRolloutStatus`).
pub fn timed_out_message(deployment: &str, new_rs: Option<&str>) -> String {
    match new_rs {
        Some(rs) => format!("ReplicaSet \"{rs}\" has timed out progressing."),
        None => format!("Deployment \"{deployment}\" has timed out progressing."),
    }
}

/// The Progressing message when the new ReplicaSet is created (`getNewReplicaSet`).
pub fn new_replica_set_message(rs: &str) -> String {
    format!("Created new replica set \"{rs}\"")
}

/// The Progressing message when an existing ReplicaSet is found to be the new one.
pub fn found_new_replica_set_message(rs: &str) -> String {
    format!("Found new replica set \"{rs}\"")
}

/// `NewDeploymentCondition`: a condition updated and transitioned at `now`.
pub fn new_deployment_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: UnixMillis,
) -> WorkloadCondition {
    let at = format_rfc3339(now);
    WorkloadCondition {
        type_: type_.to_string(),
        status: status.to_string(),
        last_update_time: Some(at.clone()),
        last_transition_time: Some(at),
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
    }
}

/// `GetDeploymentCondition`: the condition of `type_`, if any.
pub fn get_deployment_condition<'a>(
    status: &'a DeploymentStatus,
    type_: &str,
) -> Option<&'a WorkloadCondition> {
    status.conditions.iter().find(|c| c.type_ == type_)
}

/// `SetDeploymentCondition`: puts `condition` in place of the one of its type (at the end),
/// unless that one has the same status and reason; a condition whose status does not change
/// keeps its last transition time.
pub fn set_deployment_condition(status: &mut DeploymentStatus, mut condition: WorkloadCondition) {
    if let Some(current) = get_deployment_condition(status, &condition.type_) {
        if current.status == condition.status && current.reason == condition.reason {
            return;
        }
        if current.status == condition.status {
            condition
                .last_transition_time
                .clone_from(&current.last_transition_time);
        }
    }
    remove_deployment_condition(status, &condition.type_);
    status.conditions.push(condition);
}

/// `RemoveDeploymentCondition`.
pub fn remove_deployment_condition(status: &mut DeploymentStatus, type_: &str) {
    status.conditions.retain(|c| c.type_ != type_);
}

/// `ReplicaSetToDeploymentCondition`: a ReplicaSet's failure condition for its Deployment
/// (updated when it transitioned).
pub fn replica_set_to_deployment_condition(condition: &WorkloadCondition) -> WorkloadCondition {
    WorkloadCondition {
        last_update_time: condition.last_transition_time.clone(),
        ..condition.clone()
    }
}

/// `HasProgressDeadline`: a deadline is set and is not MaxInt32 (no deadline).
pub fn has_progress_deadline(deployment: &Deployment) -> bool {
    deployment
        .spec
        .progress_deadline_seconds
        .is_some_and(|s| s != i32::MAX)
}

/// `DeploymentComplete`: every desired replica is updated and available, no old pod is left,
/// and the status is of the current generation.
pub fn deployment_complete(deployment: &Deployment, new_status: &DeploymentStatus) -> bool {
    let replicas = deployment.spec.replicas;
    new_status.updated_replicas == replicas
        && new_status.replicas == replicas
        && new_status.available_replicas == replicas
        && new_status.observed_generation >= deployment.metadata.generation.unwrap_or(0)
}

/// `DeploymentProgressing`: compared with the Deployment's current status, more pods are
/// updated, fewer old pods are left, or more are ready or available.
pub fn deployment_progressing(deployment: &Deployment, new_status: &DeploymentStatus) -> bool {
    let old = &deployment.status;
    let old_old_replicas = old.replicas - old.updated_replicas;
    let new_old_replicas = new_status.replicas - new_status.updated_replicas;
    new_status.updated_replicas > old.updated_replicas
        || new_old_replicas < old_old_replicas
        || new_status.ready_replicas > old.ready_replicas
        || new_status.available_replicas > old.available_replicas
}

/// `DeploymentTimedOut`: the Progressing condition already says so, or it was last updated
/// more than `progressDeadlineSeconds` before `now` (never once the rollout completed, nor
/// without a deadline or a Progressing condition).
pub fn deployment_timed_out(
    deployment: &Deployment,
    new_status: &DeploymentStatus,
    now: UnixMillis,
) -> bool {
    if !has_progress_deadline(deployment) {
        return false;
    }
    let Some(condition) = get_deployment_condition(new_status, PROGRESSING) else {
        return false;
    };
    match condition.reason.as_deref() {
        Some(NEW_RS_AVAILABLE_REASON) => return false,
        Some(TIMED_OUT_REASON) => return true,
        _ => {}
    }
    let from = time_or_zero(condition.last_update_time.as_deref());
    let deadline = i64::from(deployment.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
    from + deadline < now
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::time::parse_rfc3339;
    use crate::engine::controllers::deployment::testing::{int, new_deployment};

    fn condition(type_: &str, status: &str, reason: &str) -> WorkloadCondition {
        WorkloadCondition {
            type_: type_.to_string(),
            status: status.to_string(),
            reason: Some(reason.to_string()),
            ..WorkloadCondition::default()
        }
    }

    fn cond_progressing() -> WorkloadCondition {
        condition(PROGRESSING, "False", "ForSomeReason")
    }

    fn cond_progressing2() -> WorkloadCondition {
        condition(PROGRESSING, "True", "BecauseItIs")
    }

    fn cond_available() -> WorkloadCondition {
        condition(AVAILABLE, "True", "AwesomeController")
    }

    fn status_of(conditions: Vec<WorkloadCondition>) -> DeploymentStatus {
        DeploymentStatus {
            conditions,
            ..DeploymentStatus::default()
        }
    }

    fn example_status() -> DeploymentStatus {
        status_of(vec![cond_progressing(), cond_available()])
    }

    #[test]
    fn test_get_condition() {
        let cases = [
            ("condition exists", AVAILABLE, true),
            ("condition does not exist", REPLICA_FAILURE, false),
        ];
        for (name, type_, expected) in cases {
            let got = get_deployment_condition(&example_status(), type_).is_some();
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn test_set_condition() {
        let cases = [
            (
                "set for the first time",
                status_of(vec![]),
                cond_available(),
                status_of(vec![cond_available()]),
            ),
            (
                "simple set",
                status_of(vec![cond_progressing()]),
                cond_available(),
                example_status(),
            ),
            (
                "overwrite",
                status_of(vec![cond_progressing()]),
                cond_progressing2(),
                status_of(vec![cond_progressing2()]),
            ),
        ];
        for (name, mut status, cond, expected) in cases {
            set_deployment_condition(&mut status, cond);
            assert_eq!(status, expected, "{name}");
        }
    }

    #[test]
    fn setting_a_condition_of_the_same_status_keeps_its_transition_time() {
        let mut status = status_of(vec![new_deployment_condition(
            PROGRESSING,
            "True",
            "A",
            "a",
            0,
        )]);
        set_deployment_condition(
            &mut status,
            new_deployment_condition(PROGRESSING, "True", "B", "b", 60_000),
        );
        let c = &status.conditions[0];
        assert_eq!(c.reason.as_deref(), Some("B"));
        assert_eq!(
            c.last_transition_time.as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(c.last_update_time.as_deref(), Some("1970-01-01T00:01:00Z"));
        set_deployment_condition(
            &mut status,
            new_deployment_condition(PROGRESSING, "True", "B", "c", 120_000),
        );
        assert_eq!(
            status.conditions[0].message.as_deref(),
            Some("b"),
            "same status and reason: not updated"
        );
    }

    #[test]
    fn test_remove_condition() {
        let cases = [
            (
                "remove from empty status",
                status_of(vec![]),
                PROGRESSING,
                status_of(vec![]),
            ),
            (
                "simple remove",
                status_of(vec![cond_progressing()]),
                PROGRESSING,
                status_of(vec![]),
            ),
            (
                "doesn't remove anything",
                example_status(),
                REPLICA_FAILURE,
                example_status(),
            ),
        ];
        for (name, mut status, type_, expected) in cases {
            remove_deployment_condition(&mut status, type_);
            assert_eq!(status, expected, "{name}");
        }
    }

    #[test]
    fn a_replica_set_failure_becomes_a_deployment_condition_updated_at_its_transition() {
        let mut failure = condition(REPLICA_FAILURE, "True", "FailedCreate");
        failure.last_transition_time = Some("2017-02-15T18:49:00Z".to_string());
        let got = replica_set_to_deployment_condition(&failure);
        assert_eq!(
            got.last_update_time.as_deref(),
            Some("2017-02-15T18:49:00Z")
        );
        assert_eq!(got.reason.as_deref(), Some("FailedCreate"));
    }

    #[test]
    fn test_deployment_complete() {
        let deployment = |desired, current, updated, available, unavailable, surge| {
            let mut d = new_deployment("foo", desired, None, int(surge), int(unavailable), &[]);
            d.status.replicas = current;
            d.status.updated_replicas = updated;
            d.status.available_replicas = available;
            d
        };
        let cases = [
            (
                "not complete: min but not all pods become available",
                deployment(5, 5, 5, 4, 1, 0),
                false,
            ),
            (
                "not complete: min availability is not honored",
                deployment(5, 5, 5, 3, 1, 0),
                false,
            ),
            ("complete", deployment(5, 5, 5, 5, 0, 0), true),
            (
                "not complete: all pods are available but not updated",
                deployment(5, 5, 4, 5, 0, 0),
                false,
            ),
            (
                "not complete: still running old pods",
                deployment(1, 2, 1, 1, 0, 1),
                false,
            ),
            (
                "not complete: one replica deployment never comes up",
                deployment(1, 1, 1, 0, 1, 1),
                false,
            ),
        ];
        for (name, d, expected) in &cases {
            assert_eq!(deployment_complete(d, &d.status), *expected, "{name}");
        }
        let mut newer = deployment(5, 5, 5, 5, 0, 0);
        newer.metadata.generation = Some(2);
        assert!(
            !deployment_complete(&newer, &newer.status),
            "a status of an older generation"
        );
    }

    #[test]
    fn test_deployment_progressing() {
        let status = |current, updated, ready, available| DeploymentStatus {
            replicas: current,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: available,
            ..DeploymentStatus::default()
        };
        let deployment = |s| {
            let mut d = new_deployment("foo", 10, None, None, None, &[]);
            d.status = s;
            d
        };
        let cases = [
            (
                "progressing: updated pods",
                status(10, 4, 4, 4),
                status(10, 6, 4, 4),
                true,
            ),
            (
                "not progressing",
                status(10, 4, 4, 4),
                status(10, 4, 4, 4),
                false,
            ),
            (
                "progressing: old pods removed",
                status(10, 4, 6, 6),
                status(8, 4, 6, 6),
                true,
            ),
            (
                "not progressing: less new pods",
                status(10, 7, 3, 3),
                status(10, 6, 3, 3),
                false,
            ),
            (
                "progressing: less overall but more new pods",
                status(10, 4, 7, 7),
                status(8, 8, 5, 5),
                true,
            ),
            (
                "progressing: more ready pods",
                status(10, 10, 9, 8),
                status(10, 10, 10, 8),
                true,
            ),
            (
                "progressing: more available pods",
                status(10, 10, 10, 9),
                status(10, 10, 10, 10),
                true,
            ),
        ];
        for (name, old, new, expected) in cases {
            assert_eq!(
                deployment_progressing(&deployment(old), &new),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn test_deployment_timed_out() {
        let time = |min: u32, sec: u32| {
            parse_rfc3339(&format!("2016-01-01T00:{min:02}:{sec:02}Z")).expect("time")
        };
        let deployment = |reason: &str, deadline: Option<i32>, from: Option<UnixMillis>| {
            let mut d = new_deployment("foo", 1, None, None, None, &[]);
            d.spec.progress_deadline_seconds = deadline;
            let mut c = condition(PROGRESSING, "True", reason);
            c.last_update_time = from.map(format_rfc3339);
            d.status.conditions = vec![c];
            d
        };
        let cases = [
            (
                "nil progressDeadlineSeconds specified - no timeout",
                deployment("", None, Some(time(1, 9))),
                time(1, 20),
                false,
            ),
            (
                "infinite progressDeadlineSeconds specified - no timeout",
                deployment("", Some(i32::MAX), Some(time(1, 9))),
                time(1, 20),
                false,
            ),
            (
                "progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s",
                deployment("", Some(10), Some(time(1, 9))),
                time(1, 20),
                true,
            ),
            (
                "progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s",
                deployment("", Some(10), Some(time(1, 11))),
                time(1, 20),
                false,
            ),
            (
                "previous status was a complete deployment",
                deployment(NEW_RS_AVAILABLE_REASON, None, None),
                time(1, 20),
                false,
            ),
        ];
        for (name, d, now, expected) in &cases {
            assert_eq!(
                deployment_timed_out(d, &d.status, *now),
                *expected,
                "{name}"
            );
        }
        let failed = deployment(TIMED_OUT_REASON, Some(10), Some(time(1, 19)));
        assert!(
            deployment_timed_out(&failed, &failed.status, time(1, 20)),
            "already timed out"
        );
        let mut no_condition = deployment("", Some(10), None);
        no_condition.status.conditions.clear();
        assert!(
            !deployment_timed_out(&no_condition, &no_condition.status, time(1, 20)),
            "no base to estimate progress"
        );
    }

    #[test]
    fn condition_messages_are_upstreams() {
        assert_eq!(
            successfully_progressed_message("web", Some("web-5d4c8f7b9")),
            "ReplicaSet \"web-5d4c8f7b9\" has successfully progressed."
        );
        assert_eq!(
            successfully_progressed_message("web", None),
            "Deployment \"web\" has successfully progressed."
        );
        assert_eq!(
            progressing_message("web", Some("web-1")),
            "ReplicaSet \"web-1\" is progressing."
        );
        assert_eq!(
            progressing_message("web", None),
            "Deployment \"web\" is progressing."
        );
        assert_eq!(
            timed_out_message("web", Some("web-1")),
            "ReplicaSet \"web-1\" has timed out progressing."
        );
        assert_eq!(
            timed_out_message("web", None),
            "Deployment \"web\" has timed out progressing."
        );
        assert_eq!(
            new_replica_set_message("web-1"),
            "Created new replica set \"web-1\""
        );
        assert_eq!(
            found_new_replica_set_message("web-1"),
            "Found new replica set \"web-1\""
        );
    }
}

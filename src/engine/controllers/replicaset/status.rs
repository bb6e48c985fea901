//! A ReplicaSet's status and events as `pkg/controller/replicaset/replica_set_utils.go`
//! (`calculateStatus`, the ReplicaFailure condition) and `pkg/controller/controller_utils.go`
//! (`FilterActivePods`, `FilterTerminatingPods`, `IsPodAvailable`, the pod control's events)
//! compute them in Kubernetes v1.35, with `DeploymentReplicaSetTerminatingReplicas` on (its
//! v1.35 default). Time comes in as an argument.

use crate::engine::api::time::{format_rfc3339, UnixMillis};
use crate::engine::api::{Pod, ReplicaSet, ReplicaSetStatus, WorkloadCondition};
use crate::engine::controllers::daemonset::controller::selector_matches;
use crate::engine::controllers::deployment::util::{time_or_zero, GO_ZERO_TIME};

use super::ranking::{is_pod_active, is_pod_ready};

/// `SuccessfulCreatePodReason`.
pub const SUCCESSFUL_CREATE_REASON: &str = "SuccessfulCreate";
/// `FailedCreatePodReason`.
pub const FAILED_CREATE_REASON: &str = "FailedCreate";
/// `SuccessfulDeletePodReason`.
pub const SUCCESSFUL_DELETE_REASON: &str = "SuccessfulDelete";
/// `FailedDeletePodReason`.
pub const FAILED_DELETE_REASON: &str = "FailedDelete";
/// `apps.ReplicaSetReplicaFailure`.
pub const REPLICA_FAILURE: &str = "ReplicaFailure";

/// The message of the event recorded on the ReplicaSet for a pod it created.
pub fn created_pod_message(pod: &str) -> String {
    format!("Created pod: {pod}")
}

/// The message of the event recorded on the ReplicaSet for a pod it deleted.
pub fn deleted_pod_message(pod: &str) -> String {
    format!("Deleted pod: {pod}")
}

/// The message of the event recorded when a pod cannot be created.
pub fn failed_create_message(error: &str) -> String {
    format!("Error creating: {error}")
}

/// The message of the event recorded when a pod cannot be deleted.
pub fn failed_delete_message(error: &str) -> String {
    format!("Error deleting: {error}")
}

/// `FilterActivePods`: the pods neither terminal nor being deleted.
pub fn filter_active_pods<'a>(pods: &[&'a Pod]) -> Vec<&'a Pod> {
    pods.iter().copied().filter(|p| is_pod_active(p)).collect()
}

/// `FilterTerminatingPods`: the pods being deleted that are not terminal yet.
pub fn filter_terminating_pods<'a>(pods: &[&'a Pod]) -> Vec<&'a Pod> {
    pods.iter()
        .copied()
        .filter(|p| {
            p.metadata.deletion_timestamp.is_some()
                && !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed"))
        })
        .collect()
}

/// `podutil.IsPodAvailable`: ready, and (with `min_ready_seconds`) ready since a known time
/// more than that long before `now`.
pub fn is_pod_available(pod: &Pod, min_ready_seconds: i32, now: UnixMillis) -> bool {
    if !is_pod_ready(pod) {
        return false;
    }
    if min_ready_seconds == 0 {
        return true;
    }
    let since = pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .map_or(GO_ZERO_TIME, |c| {
            time_or_zero(c.last_transition_time.as_deref())
        });
    since != GO_ZERO_TIME && since + i64::from(min_ready_seconds) * 1000 < now
}

/// `calculateStatus`: the ReplicaSet's status from its active pods (those whose labels
/// carry the template's are fully labelled; ready; available for `minReadySeconds`) and
/// terminating pods, with the ReplicaFailure condition set (`FailedCreate` or
/// `FailedDelete`, the error as message) when managing replicas failed and there was none,
/// removed when it succeeded.
pub fn calculate_status(
    rs: &ReplicaSet,
    active_pods: &[&Pod],
    terminating_pods: &[&Pod],
    manage_replicas_error: Option<&str>,
    now: UnixMillis,
) -> ReplicaSetStatus {
    let mut status = rs.status.clone();
    let template = crate::engine::api::LabelSelector {
        match_labels: rs.spec.template.metadata.labels.clone(),
        match_expressions: Vec::new(),
    };
    let count = |f: &dyn Fn(&Pod) -> bool| active_pods.iter().filter(|p| f(p)).count() as i32;
    let has_failure = status.conditions.iter().any(|c| c.type_ == REPLICA_FAILURE);
    match manage_replicas_error {
        Some(error) if !has_failure => {
            let diff = active_pods.len() as i64 - i64::from(rs.spec.replicas);
            let reason = match diff {
                d if d < 0 => FAILED_CREATE_REASON,
                d if d > 0 => FAILED_DELETE_REASON,
                _ => "",
            };
            status.conditions.push(WorkloadCondition {
                type_: REPLICA_FAILURE.to_string(),
                status: "True".to_string(),
                last_update_time: None,
                last_transition_time: Some(format_rfc3339(now)),
                reason: Some(reason.to_string()),
                message: Some(error.to_string()),
            });
        }
        None if has_failure => status.conditions.retain(|c| c.type_ != REPLICA_FAILURE),
        _ => {}
    }
    status.replicas = active_pods.len() as i32;
    status.fully_labeled_replicas = count(&|p| selector_matches(&template, &p.metadata.labels));
    status.ready_replicas = count(&is_pod_ready);
    status.available_replicas = count(&|p| is_pod_available(p, rs.spec.min_ready_seconds, now));
    status.terminating_replicas = Some(terminating_pods.len() as i32);
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::time::parse_rfc3339;
    use crate::engine::api::{Condition, LabelSelector, ReplicaSetSpec};

    fn now() -> UnixMillis {
        parse_rfc3339("2025-06-01T12:00:00Z").expect("time")
    }

    /// `newReplicaSet`: its template labelled `name: foo, type: production`, selecting
    /// `selector`.
    fn new_replica_set(replicas: i32, selector: &[(&str, &str)]) -> ReplicaSet {
        let mut rs = ReplicaSet {
            metadata: Default::default(),
            spec: ReplicaSetSpec {
                replicas,
                min_ready_seconds: 0,
                selector: Some(LabelSelector::default()),
                template: Default::default(),
            },
            status: ReplicaSetStatus::default(),
        };
        rs.metadata.name = "foobar".to_string();
        for (k, v) in [("name", "foo"), ("type", "production")] {
            rs.spec
                .template
                .metadata
                .labels
                .insert(k.to_string(), v.to_string());
        }
        for (k, v) in selector {
            if let Some(s) = rs.spec.selector.as_mut() {
                s.match_labels.insert(k.to_string(), v.to_string());
            }
        }
        rs
    }

    /// `newPod`: labelled with the ReplicaSet's selector; a Running pod is Ready.
    fn new_pod(name: &str, rs: &ReplicaSet, phase: &str) -> Pod {
        let mut pod = Pod::default();
        pod.metadata.name = name.to_string();
        pod.metadata.labels = rs.spec.selector.clone().unwrap_or_default().match_labels;
        pod.status.phase = Some(phase.to_string());
        if phase == "Running" {
            pod.status.conditions.push(Condition {
                type_: "Ready".to_string(),
                status: "True".to_string(),
                ..Condition::default()
            });
        }
        pod
    }

    fn as_terminating(mut pod: Pod) -> Pod {
        pod.metadata.deletion_timestamp = Some(format_rfc3339(now()));
        pod
    }

    #[test]
    fn test_calculate_status() {
        let label_map = [("name", "foo")];
        let full_label_map = [("name", "foo"), ("type", "production")];
        let not_fully_labelled = new_replica_set(1, &label_map);
        let fully_labelled = new_replica_set(2, &full_label_map);
        let mut long_min_ready = new_replica_set(1, &full_label_map);
        long_min_ready.spec.min_ready_seconds = 3600;
        let full = |name: &str| new_pod(name, &fully_labelled, "Running");
        let partial = |name: &str| new_pod(name, &not_fully_labelled, "Running");
        // (name, ReplicaSet, active pods, terminating pods, replicas, fully labelled,
        // ready, available, terminating)
        type Case<'a> = (
            &'static str,
            &'a ReplicaSet,
            Vec<Pod>,
            Vec<Pod>,
            [i32; 4],
            i32,
        );
        let cases: Vec<Case> = vec![
            ("1 fully labelled pod", &fully_labelled, vec![full("pod1")], vec![], [1, 1, 1, 1], 0),
            ("1 not fully labelled pod", &not_fully_labelled, vec![partial("pod1")], vec![], [1, 0, 1, 1], 0),
            ("2 fully labelled pods", &fully_labelled, vec![full("pod1"), full("pod2")], vec![], [2, 2, 2, 2], 0),
            ("2 fully labelled pods with DeploymentReplicaSetTerminatingReplicas", &fully_labelled, vec![full("pod1"), full("pod2")], vec![], [2, 2, 2, 2], 0),
            ("2 not fully labelled pods", &not_fully_labelled, vec![partial("pod1"), partial("pod2")], vec![], [2, 0, 2, 2], 0),
            ("1 fully labelled pod, 1 not fully labelled pod", &not_fully_labelled, vec![partial("pod1"), full("pod2")], vec![], [2, 1, 2, 2], 0),
            ("1 non-ready pod", &fully_labelled, vec![new_pod("pod1", &fully_labelled, "Pending")], vec![], [1, 1, 0, 0], 0),
            ("1 ready but non-available pod", &long_min_ready, vec![new_pod("pod1", &long_min_ready, "Running")], vec![], [1, 1, 1, 0], 0),
            ("1 fully labelled pods and 2 terminating with DeploymentReplicaSetTerminatingReplicas", &fully_labelled,
             vec![full("pod1")], vec![as_terminating(full("pod2")), as_terminating(full("pod3"))], [1, 1, 1, 1], 2),
        ];
        for (
            name,
            rs,
            active,
            terminating,
            [replicas, fully, ready, available],
            terminating_count,
        ) in &cases
        {
            let active: Vec<&Pod> = active.iter().collect();
            let terminating: Vec<&Pod> = terminating.iter().collect();
            let status = calculate_status(rs, &active, &terminating, None, now());
            assert_eq!(
                [
                    status.replicas,
                    status.fully_labeled_replicas,
                    status.ready_replicas,
                    status.available_replicas
                ],
                [*replicas, *fully, *ready, *available],
                "{name}"
            );
            assert_eq!(
                status.terminating_replicas,
                Some(*terminating_count),
                "{name}: terminating"
            );
        }
    }

    #[test]
    fn test_calculate_status_conditions() {
        let label_map = [("name", "foo")];
        let rs = new_replica_set(2, &label_map);
        let mut replica_failure_rs = new_replica_set(10, &label_map);
        replica_failure_rs
            .status
            .conditions
            .push(WorkloadCondition {
                type_: REPLICA_FAILURE.to_string(),
                status: "True".to_string(),
                reason: Some("FailedCreate".to_string()),
                message: Some("fake manageReplicasErr".to_string()),
                ..WorkloadCondition::default()
            });
        let one_replica = new_replica_set(1, &label_map);
        let pods = [
            new_pod("pod1", &rs, "Running"),
            new_pod("pod2", &rs, "Running"),
        ];
        let (one, two): (Vec<&Pod>, Vec<&Pod>) =
            (pods[..1].iter().collect(), pods.iter().collect());
        let error = Some("fake manageReplicasErr");
        // (name, ReplicaSet, active pods, manageReplicas' error, expected failure reason)
        type Case<'a> = (
            &'static str,
            &'a ReplicaSet,
            &'a [&'a Pod],
            Option<&'static str>,
            Option<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "manageReplicasErr != nil && failureCond == nil, diff < 0",
                &rs,
                one.as_slice(),
                error,
                Some("FailedCreate"),
            ),
            (
                "manageReplicasErr != nil && failureCond == nil, diff > 0",
                &one_replica,
                two.as_slice(),
                error,
                Some("FailedDelete"),
            ),
            (
                "manageReplicasErr != nil && failureCond != nil",
                &replica_failure_rs,
                one.as_slice(),
                error,
                Some("FailedCreate"),
            ),
            (
                "manageReplicasErr == nil && failureCond != nil",
                &replica_failure_rs,
                one.as_slice(),
                None,
                None,
            ),
            (
                "manageReplicasErr == nil && failureCond == nil",
                &rs,
                one.as_slice(),
                None,
                None,
            ),
        ];
        for (name, rs, active, error, expected_reason) in cases {
            let status = calculate_status(rs, active, &[], error, now());
            let failure = status
                .conditions
                .iter()
                .find(|c| c.type_ == REPLICA_FAILURE);
            assert_eq!(
                failure.and_then(|c| c.reason.as_deref()),
                expected_reason,
                "{name}"
            );
            if let Some(c) = failure {
                assert_eq!(
                    c.message.as_deref(),
                    Some("fake manageReplicasErr"),
                    "{name}"
                );
                assert_eq!(c.status, "True", "{name}");
            }
        }
    }

    #[test]
    fn a_pod_is_available_once_ready_for_longer_than_min_ready_seconds() {
        let rs = new_replica_set(1, &[]);
        let mut pod = new_pod("p", &rs, "Running");
        assert!(is_pod_available(&pod, 0, now()));
        assert!(
            !is_pod_available(&pod, 10, now()),
            "ready since an unknown time"
        );
        pod.status.conditions[0].last_transition_time = Some(format_rfc3339(now() - 10_000));
        assert!(!is_pod_available(&pod, 10, now()), "exactly 10s: not yet");
        assert!(is_pod_available(&pod, 10, now() + 1_000));
        assert!(!is_pod_available(&new_pod("q", &rs, "Pending"), 0, now()));
    }

    #[test]
    fn active_and_terminating_pods_are_told_apart() {
        let rs = new_replica_set(1, &[]);
        let running = new_pod("running", &rs, "Running");
        let leaving = as_terminating(new_pod("leaving", &rs, "Running"));
        let done = as_terminating(new_pod("done", &rs, "Succeeded"));
        let failed = new_pod("failed", &rs, "Failed");
        let all = [&running, &leaving, &done, &failed];
        let names = |pods: Vec<&Pod>| {
            pods.iter()
                .map(|p| p.metadata.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(filter_active_pods(&all)), ["running"]);
        assert_eq!(names(filter_terminating_pods(&all)), ["leaving"]);
    }

    #[test]
    fn pod_events_use_upstreams_words() {
        assert_eq!(
            created_pod_message("web-5d4c8f7b9-x2k4p"),
            "Created pod: web-5d4c8f7b9-x2k4p"
        );
        assert_eq!(
            deleted_pod_message("web-5d4c8f7b9-x2k4p"),
            "Deleted pod: web-5d4c8f7b9-x2k4p"
        );
        assert_eq!(
            failed_create_message("pods \"x\" is forbidden"),
            "Error creating: pods \"x\" is forbidden"
        );
        assert_eq!(failed_delete_message("boom"), "Error deleting: boom");
        assert_eq!(
            (SUCCESSFUL_CREATE_REASON, SUCCESSFUL_DELETE_REASON),
            ("SuccessfulCreate", "SuccessfulDelete")
        );
    }
}

//! The disruption controller's pod handlers and timers over a store: upstream's
//! `TestStalePodDisruption` (`pkg/controller/disruption/disruption_test.go`).

use std::sync::Arc;

use super::controller::{stale_disruption_wait, DisruptionController};
use crate::engine::api::time::format_rfc3339;
use crate::engine::api::{Condition, Pod};
use crate::engine::store::state::{PodPhase, PodState};
use crate::engine::store::wake::Wake;
use crate::engine::store::Store;
use crate::engine::time::{Millis, DEFAULT_RUN_START};

/// A pod `default/foo` with the condition `DisruptionTarget` of `status` (none when
/// `None`), its transition at the start of the run; being deleted when `deleting`.
fn pod(status: Option<&str>, deleting: bool) -> PodState {
    let mut pod = Pod::default();
    pod.metadata.name = "foo".to_string();
    pod.metadata.namespace = "default".to_string();
    if let Some(status) = status {
        pod.status.conditions.push(Condition {
            type_: "DisruptionTarget".to_string(),
            status: status.to_string(),
            last_transition_time: Some(format_rfc3339(DEFAULT_RUN_START)),
            ..Condition::default()
        });
    }
    let mut state = PodState::new(pod);
    if deleting {
        state.deletion = Some(0);
    }
    state
}

/// Creates `pod` at the start of the run, lets the controller see it, moves the clock
/// `passed` on and runs the wake-ups due by then; the pod's `DisruptionTarget` conditions
/// after, as (status, reason, message).
fn run(pod: PodState, passed: Millis) -> Vec<(String, Option<String>, Option<String>)> {
    let mut store = Store::new(0, 1, false);
    store.set_run_start(DEFAULT_RUN_START);
    let mut controller = DisruptionController;
    store.insert_pod(Arc::new(pod));
    store.deliver_notices(|store, notice| controller.observe(store, notice));
    store.set_time(passed);
    loop {
        let (due, later): (Vec<_>, Vec<_>) = store
            .take_wakes()
            .into_iter()
            .partition(|(at, _)| *at <= passed);
        for (at, wake) in later {
            store.wake_at(at, wake);
        }
        if due.is_empty() {
            break;
        }
        for (_, wake) in due {
            let Wake::StalePodDisruption(timer) = wake else {
                panic!("unexpected wake-up {wake:?}");
            };
            controller.reset_stale_condition(&mut store, timer.key.as_str());
        }
        store.deliver_notices(|store, notice| controller.observe(store, notice));
    }
    store
        .pod("default/foo")
        .expect("pod")
        .pod
        .status
        .conditions
        .iter()
        .filter(|c| c.type_ == "DisruptionTarget")
        .map(|c| (c.status.clone(), c.reason.clone(), c.message.clone()))
        .collect()
}

#[test]
fn test_stale_pod_disruption() {
    let two_minutes: Millis = 120_000;
    // (name, pod, time passed, the DisruptionTarget conditions after)
    let cases: Vec<(&str, PodState, Millis, Vec<&str>)> = vec![
        (
            "stale pod disruption",
            pod(Some("True"), false),
            two_minutes + 1_000,
            vec!["False"],
        ),
        (
            "pod disruption in progress",
            pod(Some("True"), false),
            two_minutes - 1_000,
            vec!["True"],
        ),
        (
            "pod disruption actuated",
            pod(Some("True"), true),
            two_minutes + 1_000,
            vec!["True"],
        ),
        (
            "no pod disruption",
            pod(None, true),
            two_minutes + 1_000,
            vec![],
        ),
        (
            "pod disruption cleared",
            pod(Some("False"), true),
            two_minutes + 1_000,
            vec!["False"],
        ),
    ];
    for (name, pod, passed, want) in cases {
        let statuses: Vec<String> = run(pod, passed).into_iter().map(|(s, _, _)| s).collect();
        assert_eq!(statuses, want, "{name}");
    }
}

#[test]
fn a_stale_condition_is_reset_exactly_two_minutes_after_its_transition_without_its_reason() {
    let mut evicted = pod(Some("True"), false);
    let condition = &mut Arc::make_mut(&mut evicted.pod).status.conditions[0];
    condition.reason = Some("EvictionByEvictionAPI".to_string());
    condition.message = Some("Eviction API: evicting".to_string());
    assert_eq!(
        run(evicted.clone(), 119_999),
        [(
            "True".to_string(),
            Some("EvictionByEvictionAPI".to_string()),
            Some("Eviction API: evicting".to_string())
        )],
        "not stale yet"
    );
    assert_eq!(
        run(evicted, 120_000),
        [("False".to_string(), None, None)],
        "UpdatePodCondition replaces the whole condition"
    );
}

#[test]
fn conditions_the_kubelet_added_or_of_finished_pods_never_go_stale() {
    let mut by_kubelet = pod(Some("True"), false);
    Arc::make_mut(&mut by_kubelet.pod).status.conditions[0].reason =
        Some("TerminationByKubelet".to_string());
    assert_eq!(stale_disruption_wait(&by_kubelet, DEFAULT_RUN_START), None);
    let mut failed = pod(Some("True"), false);
    failed.phase = PodPhase::Failed;
    assert_eq!(stale_disruption_wait(&failed, DEFAULT_RUN_START), None);
    let mut untimed = pod(Some("True"), false);
    Arc::make_mut(&mut untimed.pod).status.conditions[0].last_transition_time = None;
    assert_eq!(
        stale_disruption_wait(&untimed, DEFAULT_RUN_START),
        Some(0),
        "no transition time is Go's zero time: long ago"
    );
    let fresh = pod(Some("True"), false);
    assert_eq!(
        stale_disruption_wait(&fresh, DEFAULT_RUN_START + 30_000),
        Some(90_000)
    );
}

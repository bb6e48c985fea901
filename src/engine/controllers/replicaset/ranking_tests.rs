//! Upstream's `controller_utils_test.go` (`TestSortingActivePods`,
//! `TestSortingActivePodsWithRanks`) and `replica_set_test.go` (`TestGetPodsToDelete`,
//! `TestSlowStartBatch`) tables, ported with their names and cases.

use super::*;
use crate::engine::api::time::parse_rfc3339;
use crate::engine::api::{Condition, Container};

const HOUR: i64 = 3_600_000;

fn now() -> UnixMillis {
    parse_rfc3339("2025-06-01T12:00:00Z").expect("time")
}

fn month_ago() -> UnixMillis {
    now() - 30 * 24 * HOUR
}

fn text(t: UnixMillis) -> String {
    crate::engine::api::time::format_rfc3339(t)
}

/// A pod on `node` (empty: unassigned) in `phase`.
fn bare(name: &str, node: &str, phase: &str) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.to_string();
    p.spec.node_name = node.to_string();
    p.status.phase = Some(phase.to_string());
    p
}

/// Adds a Ready condition of `status`, since `since` when given.
fn ready(mut p: Pod, status: &str, since: Option<UnixMillis>) -> Pod {
    p.status.conditions.push(Condition {
        type_: "Ready".to_string(),
        status: status.to_string(),
        last_transition_time: since.map(text),
        ..Condition::default()
    });
    p
}

/// Sets `status.containerStatuses` with these restart counts.
fn restarts(mut p: Pod, counts: &[i64]) -> Pod {
    let statuses = counts
        .iter()
        .map(|n| RawValue::Map(vec![("restartCount".to_string(), RawValue::Int(*n))]))
        .collect();
    p.status
        .extra
        .push(("containerStatuses".to_string(), RawValue::Seq(statuses)));
    p
}

fn created_at(mut p: Pod, at: UnixMillis) -> Pod {
    p.metadata.creation_timestamp = Some(text(at));
    p
}

fn names(pods: &[&Pod]) -> Vec<String> {
    pods.iter().map(|p| p.metadata.name.clone()).collect()
}

#[test]
fn test_sorting_active_pods() {
    let (n, then) = (now(), month_ago());
    let pods = [
        bare("unscheduled", "", "Pending"),
        bare("scheduledButPending", "bar", "Pending"),
        bare("unknownPhase", "foo", "Unknown"),
        bare("runningButNotReady", "foo", "Running"),
        restarts(
            ready(
                bare("runningNoLastTransitionTime", "foo", "Running"),
                "True",
                None,
            ),
            &[3, 0],
        ),
        restarts(
            ready(
                bare("runningWithLastTransitionTime", "foo", "Running"),
                "True",
                Some(n),
            ),
            &[3, 0],
        ),
        restarts(
            ready(
                bare("runningLongerTime", "foo", "Running"),
                "True",
                Some(then),
            ),
            &[3, 0],
        ),
        created_at(
            restarts(
                ready(
                    bare("lowerContainerRestartCount", "foo", "Running"),
                    "True",
                    Some(then),
                ),
                &[2, 1],
            ),
            n,
        ),
        created_at(
            restarts(
                ready(bare("oldest", "foo", "Running"), "True", Some(then)),
                &[2, 1],
            ),
            then,
        ),
    ];
    let want = [
        "unscheduled",
        "scheduledButPending",
        "unknownPhase",
        "runningButNotReady",
        "runningNoLastTransitionTime",
        "runningWithLastTransitionTime",
        "runningLongerTime",
        "lowerContainerRestartCount",
        "oldest",
    ];
    // Upstream shuffles 20 times; every rotation of both orders covers as much.
    for reversed in [false, true] {
        for rotation in 0..pods.len() {
            let mut shuffled: Vec<&Pod> = pods.iter().collect();
            if reversed {
                shuffled.reverse();
            }
            shuffled.rotate_left(rotation);
            sort_active_pods(&mut shuffled);
            assert_eq!(
                names(&shuffled),
                want,
                "Sorts by active pod (rotation {rotation}, reversed {reversed})"
            );
        }
    }
}

/// The `pod` helper of `TestSortingActivePodsWithRanks`: a ready pod has one container with
/// `restarts`, ready since `ready_since` (zero: unknown).
#[allow(clippy::too_many_arguments)] // upstream's helper, argument for argument
fn ranked_pod(
    name: &str,
    node: &str,
    phase: &str,
    is_ready: bool,
    restart_count: i64,
    ready_since: Option<UnixMillis>,
    created: Option<UnixMillis>,
    cost: Option<&str>,
) -> Pod {
    let mut p = bare(name, node, phase);
    if is_ready {
        p = restarts(ready(p, "True", ready_since), &[restart_count]);
    }
    p.metadata.creation_timestamp = created.map(text);
    if let Some(cost) = cost {
        p.metadata
            .annotations
            .insert(POD_DELETION_COST_ANNOTATION.to_string(), cost.to_string());
    }
    p
}

#[test]
fn test_sorting_active_pods_with_ranks() {
    let (n, then) = (now(), month_ago());
    let (h2, h5, h8) = (n - 2 * HOUR, n - 5 * HOUR, n - 8 * HOUR);
    let unscheduled = ranked_pod("unscheduled", "", "Pending", false, 0, None, None, None);
    let scheduled_pending = ranked_pod("pending", "node", "Pending", false, 0, None, None, None);
    let unknown_phase = ranked_pod(
        "unknown-phase",
        "node",
        "Unknown",
        false,
        0,
        None,
        None,
        None,
    );
    let running_not_ready = ranked_pod("not-ready", "node", "Running", false, 0, None, None, None);
    let ready_no_transition = ranked_pod(
        "ready-no-last-transition-time",
        "node",
        "Running",
        true,
        0,
        None,
        None,
        None,
    );
    let ready_now = ranked_pod(
        "ready-now",
        "node",
        "Running",
        true,
        0,
        Some(n),
        Some(n),
        None,
    );
    let ready_then = ranked_pod(
        "ready-then",
        "node",
        "Running",
        true,
        0,
        Some(then),
        Some(then),
        None,
    );
    let ready_now_high_restarts = ranked_pod(
        "ready-high-restarts",
        "node",
        "Running",
        true,
        9001,
        Some(n),
        Some(n),
        None,
    );
    let ready_now_created_then = ranked_pod(
        "ready-now-created-then",
        "node",
        "Running",
        true,
        0,
        Some(n),
        Some(then),
        None,
    );
    let low_cost = ranked_pod(
        "low-deletion-cost",
        "node",
        "Running",
        true,
        0,
        Some(n),
        Some(then),
        Some("10"),
    );
    let high_cost = ranked_pod(
        "high-deletion-cost",
        "node",
        "Running",
        true,
        0,
        Some(n),
        Some(then),
        Some("100"),
    );
    let unscheduled_5h = ranked_pod(
        "unscheduled-5-hours",
        "",
        "Pending",
        false,
        0,
        Some(h5),
        Some(h5),
        None,
    );
    let unscheduled_8h = ranked_pod(
        "unscheduled-10-hours",
        "",
        "Pending",
        false,
        0,
        Some(h8),
        Some(h8),
        None,
    );
    let ready_2h = ranked_pod(
        "ready-2-hours",
        "",
        "Running",
        true,
        0,
        Some(h2),
        Some(then),
        None,
    );
    let ready_5h = ranked_pod(
        "ready-5-hours",
        "",
        "Running",
        true,
        0,
        Some(h5),
        Some(then),
        None,
    );
    let ready_10h = ranked_pod(
        "ready-10-hours",
        "",
        "Running",
        true,
        0,
        Some(h8),
        Some(then),
        None,
    );

    let equality: [(&Pod, &Pod); 11] = [
        (&unscheduled, &unscheduled),
        (&scheduled_pending, &scheduled_pending),
        (&unknown_phase, &unknown_phase),
        (&running_not_ready, &running_not_ready),
        (&ready_now_created_then, &ready_now_created_then),
        (&ready_now, &ready_now),
        (&ready_then, &ready_then),
        (&ready_now_high_restarts, &ready_now_high_restarts),
        (&ready_now_created_then, &ready_now_created_then),
        (&unscheduled_5h, &unscheduled_8h),
        (&ready_5h, &ready_10h),
    ];
    for (i, (p1, p2)) in equality.into_iter().enumerate() {
        let ranked = ActivePodsWithRanks {
            pods: vec![p1, p2],
            rank: vec![1, 1],
            now: n,
        };
        assert!(
            !ranked.less(0, 1) && !ranked.less(1, 0),
            "Equality tests {i}: {} and {}",
            p1.metadata.name,
            p2.metadata.name
        );
    }

    // Upstream's case with PodDeletionCost disabled is left out: the feature is on in v1.35.
    type Ranked<'a> = (&'a Pod, usize);
    let inequality: [(Ranked, Ranked); 15] = [
        ((&unscheduled, 1), (&scheduled_pending, 2)),
        ((&unscheduled, 2), (&scheduled_pending, 1)),
        ((&scheduled_pending, 1), (&unknown_phase, 2)),
        ((&unknown_phase, 1), (&running_not_ready, 2)),
        ((&running_not_ready, 1), (&ready_no_transition, 1)),
        ((&ready_no_transition, 1), (&ready_now, 1)),
        ((&ready_now, 2), (&ready_no_transition, 1)),
        ((&ready_now, 1), (&ready_then, 1)),
        ((&ready_now, 2), (&ready_then, 1)),
        ((&ready_now_high_restarts, 1), (&ready_now, 1)),
        ((&ready_now, 2), (&ready_now_high_restarts, 1)),
        ((&ready_now, 1), (&ready_now_created_then, 1)),
        ((&ready_now_created_then, 2), (&ready_now, 1)),
        ((&low_cost, 2), (&high_cost, 1)),
        ((&ready_2h, 1), (&ready_5h, 1)),
    ];
    for (i, ((lesser, lesser_rank), (greater, greater_rank))) in inequality.into_iter().enumerate()
    {
        let ranked = ActivePodsWithRanks {
            pods: vec![lesser, greater],
            rank: vec![lesser_rank, greater_rank],
            now: n,
        };
        assert!(
            ranked.less(0, 1),
            "Inequality tests {i}: {} (rank {lesser_rank}) before {} (rank {greater_rank})",
            lesser.metadata.name,
            greater.metadata.name
        );
        assert!(
            !ranked.less(1, 0),
            "Inequality tests {i}: not the other way round"
        );
    }
}

#[test]
fn pods_in_the_same_power_of_two_of_age_go_by_uid() {
    let n = now();
    let mut a = ranked_pod(
        "newer-ready-pod-with-later-uid",
        "node",
        "Running",
        true,
        0,
        Some(n - 100_000),
        Some(n - 10_000_000),
        None,
    );
    a.metadata.uid = Some("z".to_string());
    let mut b = ranked_pod(
        "older-ready-pod-with-earlier-uid",
        "node",
        "Running",
        true,
        0,
        Some(n - 120_000),
        Some(n - 10_000_000),
        None,
    );
    b.metadata.uid = Some("a".to_string());
    assert_eq!(
        names(&pods_to_delete(&[&a, &b], &[&a, &b], 1, n)),
        ["older-ready-pod-with-earlier-uid"]
    );
}

#[test]
fn test_get_pods_to_delete() {
    // newPod: a Running pod is Ready.
    let new_pod = |name: &str, phase: &str| {
        let p = bare(name, "", phase);
        if phase == "Running" {
            ready(p, "True", None)
        } else {
            p
        }
    };
    let on = |mut p: Pod, node: &str| {
        p.spec.node_name = node.to_string();
        p
    };
    let not_ready = |mut p: Pod| {
        p.status.conditions[0].status = "False".to_string();
        p
    };
    let unscheduled_pending = new_pod("unscheduled-pending-pod", "Pending");
    let scheduled_pending = on(new_pod("scheduled-pending-pod", "Pending"), "fake-node");
    let running_not_ready = not_ready(on(
        new_pod("scheduled-running-not-ready-pod", "Running"),
        "fake-node",
    ));
    let ready_on_node1 = on(
        new_pod("scheduled-running-ready-pod-on-node-1", "Running"),
        "fake-node-1",
    );
    let ready_on_node2 = on(
        new_pod("scheduled-running-ready-pod-on-node-2", "Running"),
        "fake-node-2",
    );
    let (up, sp, rn, r1, r2) = (
        &unscheduled_pending,
        &scheduled_pending,
        &running_not_ready,
        &ready_on_node1,
        &ready_on_node2,
    );

    // (name, pods, related (None: the pods), diff, expected)
    type Case<'a> = (
        &'static str,
        Vec<&'a Pod>,
        Option<Vec<&'a Pod>>,
        usize,
        Vec<&'a Pod>,
    );
    let cases: Vec<Case> = vec![
        (
            "len(pods) = 0 (i.e., diff = 0 too)",
            vec![],
            None,
            0,
            vec![],
        ),
        ("diff = len(pods)", vec![rn, r1], None, 2, vec![rn, r1]),
        ("diff < len(pods)", vec![r1, rn], None, 1, vec![rn]),
        (
            "various pod phases and conditions, diff = len(pods)",
            vec![r1, r1, r2, rn, sp, up],
            None,
            6,
            vec![r1, r1, r2, rn, sp, up],
        ),
        (
            "various pod phases and conditions, diff = len(pods), relatedPods empty",
            vec![r1, r1, r2, rn, sp, up],
            Some(vec![]),
            6,
            vec![r1, r1, r2, rn, sp, up],
        ),
        (
            "scheduled vs unscheduled, diff < len(pods)",
            vec![sp, up],
            None,
            1,
            vec![up],
        ),
        (
            "ready vs not-ready, diff < len(pods)",
            vec![r1, rn, rn],
            None,
            2,
            vec![rn, rn],
        ),
        (
            "ready and colocated with another ready pod vs not colocated, diff < len(pods)",
            vec![r1, r2],
            Some(vec![r1, r2, r2]),
            1,
            vec![r2],
        ),
        (
            "pending vs running, diff < len(pods)",
            vec![sp, rn],
            None,
            1,
            vec![sp],
        ),
        (
            "various pod phases and conditions, diff < len(pods)",
            vec![r1, r2, rn, sp, up],
            None,
            3,
            vec![up, sp, rn],
        ),
    ];
    for (name, pods, related, diff, expected) in &cases {
        let related = related.as_ref().unwrap_or(pods);
        let got = pods_to_delete(pods, related, *diff, now());
        assert_eq!(names(&got), names(expected), "{name}");
    }
}

#[test]
fn related_pods_rank_only_when_active_and_on_the_same_node() {
    let a = ready(bare("a", "n1", "Running"), "True", None);
    let done = bare("done", "n1", "Succeeded");
    let mut leaving = ready(bare("leaving", "n1", "Running"), "True", None);
    leaving.metadata.deletion_timestamp = Some(text(now()));
    let b = ready(bare("b", "n2", "Running"), "True", None);
    let ranked =
        pods_ranked_by_related_pods_on_same_node(&[&a, &b], &[&a, &done, &leaving, &b, &b], now());
    assert_eq!(ranked.rank, [1, 2]);
    assert!(is_pod_active(&a) && !is_pod_active(&done) && !is_pod_active(&leaving));
    let mut sorted = ranked.clone();
    sorted.sort();
    assert_eq!(names(&sorted.pods), ["b", "a"]);
    assert_eq!(sorted.rank, [2, 1], "ranks move with their pods");
}

#[test]
fn pod_facts_come_from_the_status_and_annotations() {
    let n = now();
    let p = ready(bare("p", "n", "Running"), "True", Some(n));
    assert!(is_pod_ready(&p));
    assert_eq!(pod_ready_time(&p), n);
    assert_eq!(
        pod_ready_time(&bare("q", "n", "Running")),
        GO_ZERO_TIME,
        "not ready"
    );
    let cost = |value: &str| {
        let mut c = bare("c", "n", "Running");
        c.metadata
            .annotations
            .insert(POD_DELETION_COST_ANNOTATION.to_string(), value.to_string());
        deletion_cost(&c)
    };
    assert_eq!(deletion_cost(&p), Ok(0));
    assert_eq!(cost("-5"), Ok(-5));
    assert_eq!(cost("0"), Ok(0));
    assert_eq!(cost("+5"), Err("invalid value \"+5\"".to_string()));
    assert_eq!(cost("007"), Err("invalid value \"007\"".to_string()));
    assert!(cost("99999999999").is_err(), "out of int32 range");
    let mut sidecar_pod = restarts(bare("s", "n", "Running"), &[1, 4]);
    sidecar_pod.spec.init_containers.push(Container {
        name: "proxy".to_string(),
        restart_policy: Some("Always".to_string()),
        ..Container::default()
    });
    let init = |name: &str, count: i64| {
        RawValue::Map(vec![
            ("name".to_string(), RawValue::String(name.to_string())),
            ("restartCount".to_string(), RawValue::Int(count)),
        ])
    };
    sidecar_pod.status.extra.push((
        "initContainerStatuses".to_string(),
        RawValue::Seq(vec![init("proxy", 7), init("setup", 9)]),
    ));
    assert_eq!(
        max_container_restarts(&sidecar_pod),
        (4, 7),
        "only sidecars count among init containers"
    );
    let mut fewer_sidecar_restarts = sidecar_pod.clone();
    fewer_sidecar_restarts.status.extra.pop();
    assert!(
        active_pods_less(&sidecar_pod, &fewer_sidecar_restarts),
        "sidecar restarts break a tie"
    );
}

#[test]
fn manage_replicas_creates_or_deletes_the_difference_at_most_a_burst_at_a_time() {
    assert_eq!(replica_change(3, 3), ReplicaChange::None);
    assert_eq!(replica_change(1, 4), ReplicaChange::Create(3));
    assert_eq!(replica_change(5, 2), ReplicaChange::Delete(3));
    assert_eq!(
        replica_change(0, 2000),
        ReplicaChange::Create(BURST_REPLICAS)
    );
    assert_eq!(
        replica_change(2000, 0),
        ReplicaChange::Delete(BURST_REPLICAS)
    );
}

#[test]
fn test_slow_start_batch() {
    // (name, count, callLimit, expectedSuccesses, expectedErr, expectedCallCnt)
    let cases = [
        ("callLimit = 0 (all fail)", 10, 0, 0, true, 1),
        // 1(first batch) + 2(2nd batch) + 4(3rd batch) + 3(4th batch) = 10
        ("callLimit = count (all succeed)", 10, 10, 10, false, 10),
        // 1(first batch) + 2(2nd batch) + 4(3rd batch) = 7
        ("callLimit < count (some succeed)", 10, 5, 5, true, 7),
    ];
    for (name, count, call_limit, expected_successes, expected_err, expected_calls) in cases {
        let mut calls = 0;
        let (successes, err) = slow_start_batch(count, SLOW_START_INITIAL_BATCH_SIZE, || {
            calls += 1;
            if calls > call_limit {
                Err("fake error")
            } else {
                Ok(())
            }
        });
        assert_eq!(successes, expected_successes, "{name}: successes");
        assert_eq!(err.is_some(), expected_err, "{name}: error");
        assert_eq!(calls, expected_calls, "{name}: calls");
    }
}

#[test]
fn slow_start_batches_double_from_one_up_to_what_is_left() {
    assert_eq!(
        slow_start_batch_sizes(10, SLOW_START_INITIAL_BATCH_SIZE),
        [1, 2, 4, 3]
    );
    assert_eq!(slow_start_batch_sizes(1, 1), [1]);
    assert_eq!(slow_start_batch_sizes(0, 1), Vec::<usize>::new());
    assert_eq!(
        slow_start_batch_sizes(500, 1),
        [1, 2, 4, 8, 16, 32, 64, 128, 245]
    );
}

//! Upstream's `sync_test.go` tables (`TestScale`, `TestDeploymentController_cleanupDeployment`,
//! `..._cleanupDeploymentOrder`), ported with their names and cases, and the status rules.

use super::*;
use crate::engine::api::time::parse_rfc3339;
use crate::engine::api::{IntOrPercent, WorkloadCondition};
use crate::engine::controllers::deployment::conditions::{
    new_deployment_condition, PAUSED_DEPLOY_REASON, RESUMED_DEPLOY_REASON,
};
use crate::engine::controllers::deployment::testing::{
    int, labels, new_deployment, new_rs_with_status, recreate_deployment, rs,
};
use crate::engine::controllers::deployment::util::{
    max_surge, set_replicas_annotations, DEPRECATED_ROLLBACK_TO_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION,
};

const NEW: &str = "2016-05-20T02:00:00Z";
const OLD: &str = "2016-05-20T01:00:00Z";
const OLDER: &str = "2016-05-20T00:00:00Z";

fn now() -> UnixMillis {
    parse_rfc3339("2017-02-15T18:49:00Z").expect("time")
}

/// One `TestScale` case: the Deployment now and before, its ReplicaSets as (name, size,
/// created), the sizes expected (new, then old in order), and desired-replicas annotations
/// that differ from the old Deployment's.
struct ScaleCase {
    name: &'static str,
    deployment: Deployment,
    old_deployment: Deployment,
    new_rs: Option<(&'static str, i32, &'static str)>,
    old_rss: Vec<(&'static str, i32, &'static str)>,
    expected_new: Option<i32>,
    expected_old: Vec<i32>,
    desired_replicas_annotations: Vec<(&'static str, i32)>,
}

fn case(
    name: &'static str,
    deployment: Deployment,
    old_deployment: Deployment,
    new_rs: Option<(&'static str, i32, &'static str)>,
    old_rss: Vec<(&'static str, i32, &'static str)>,
    expected_new: Option<i32>,
    expected_old: Vec<i32>,
) -> ScaleCase {
    ScaleCase {
        name,
        deployment,
        old_deployment,
        new_rs,
        old_rss,
        expected_new,
        expected_old,
        desired_replicas_annotations: Vec::new(),
    }
}

fn d(replicas: i32) -> Deployment {
    new_deployment("foo", replicas, None, None, None, &[])
}

fn d_surge(
    replicas: i32,
    surge: Option<IntOrPercent>,
    unavailable: Option<IntOrPercent>,
) -> Deployment {
    new_deployment("foo", replicas, None, surge, unavailable, &[])
}

fn updated_template(replicas: i32) -> Deployment {
    let mut d = new_deployment("foo", replicas, None, None, None, &[("foo", "bar")]);
    d.spec
        .template
        .metadata
        .labels
        .insert("another".to_string(), "label".to_string());
    d
}

fn scale_cases() -> Vec<ScaleCase> {
    let mut failed_update = case(
        "failed rs update",
        d(5),
        d(5),
        Some(("foo-v3", 2, NEW)),
        vec![("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)],
        Some(2),
        vec![2, 1],
    );
    failed_update.desired_replicas_annotations = vec![("foo-v2", 3)];
    vec![
        case(
            "normal scaling event: 10 -> 12",
            d(12),
            d(10),
            Some(("foo-v1", 10, NEW)),
            vec![],
            Some(12),
            vec![],
        ),
        case(
            "normal scaling event: 10 -> 5",
            d(5),
            d(10),
            Some(("foo-v1", 10, NEW)),
            vec![],
            Some(5),
            vec![],
        ),
        case(
            "proportional scaling: 5 -> 10",
            d(10),
            d(5),
            Some(("foo-v2", 2, NEW)),
            vec![("foo-v1", 3, OLD)],
            Some(4),
            vec![6],
        ),
        case(
            "proportional scaling: 5 -> 3",
            d(3),
            d(5),
            Some(("foo-v2", 2, NEW)),
            vec![("foo-v1", 3, OLD)],
            Some(1),
            vec![2],
        ),
        case(
            "proportional scaling: 9 -> 4",
            d(4),
            d(9),
            Some(("foo-v2", 8, NEW)),
            vec![("foo-v1", 1, OLD)],
            Some(4),
            vec![0],
        ),
        case(
            "proportional scaling: 7 -> 10",
            d(10),
            d(7),
            Some(("foo-v3", 2, NEW)),
            vec![("foo-v2", 3, OLD), ("foo-v1", 2, OLDER)],
            Some(3),
            vec![4, 3],
        ),
        case(
            "proportional scaling: 13 -> 8",
            d(8),
            d(13),
            Some(("foo-v3", 2, NEW)),
            vec![("foo-v2", 8, OLD), ("foo-v1", 3, OLDER)],
            Some(1),
            vec![5, 2],
        ),
        // Scales up the new replica set.
        case(
            "leftover distribution: 3 -> 4",
            d(4),
            d(3),
            Some(("foo-v3", 1, NEW)),
            vec![("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)],
            Some(2),
            vec![1, 1],
        ),
        // Scales down the older replica set.
        case(
            "leftover distribution: 3 -> 2",
            d(2),
            d(3),
            Some(("foo-v3", 1, NEW)),
            vec![("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)],
            Some(1),
            vec![1, 0],
        ),
        // Scales up the latest replica set first.
        case(
            "proportional scaling (no new rs): 4 -> 5",
            d(5),
            d(4),
            None,
            vec![("foo-v2", 2, OLD), ("foo-v1", 2, OLDER)],
            None,
            vec![3, 2],
        ),
        // Scales down to zero
        case(
            "proportional scaling: 6 -> 0",
            d(0),
            d(6),
            Some(("foo-v3", 3, NEW)),
            vec![("foo-v2", 2, OLD), ("foo-v1", 1, OLDER)],
            Some(0),
            vec![0, 0],
        ),
        // Scales up from zero
        case(
            "proportional scaling: 0 -> 6",
            d(6),
            d(6),
            Some(("foo-v3", 0, NEW)),
            vec![("foo-v2", 0, OLD), ("foo-v1", 0, OLDER)],
            Some(6),
            vec![0, 0],
        ),
        // Scenario: deployment.spec.replicas == 3 (foo-v1.spec.replicas == foo-v2.spec.replicas
        // == foo-v3.spec.replicas == 1). Deployment is scaled to 5. foo-v3.spec.replicas and
        // foo-v2.spec.replicas should increment by 1 but foo-v2 fails to update.
        failed_update,
        case(
            "deployment with surge pods",
            d_surge(20, int(2), None),
            d_surge(10, int(2), None),
            Some(("foo-v2", 6, NEW)),
            vec![("foo-v1", 6, OLD)],
            Some(11),
            vec![11],
        ),
        case(
            "change both surge and size",
            d_surge(50, int(6), None),
            d_surge(10, int(3), None),
            Some(("foo-v2", 5, NEW)),
            vec![("foo-v1", 8, OLD)],
            Some(22),
            vec![34],
        ),
        case(
            "change both size and template",
            updated_template(14),
            new_deployment("foo", 10, None, None, None, &[("foo", "bar")]),
            None,
            vec![("foo-v2", 7, NEW), ("foo-v1", 3, OLD)],
            None,
            vec![10, 4],
        ),
    ]
}

/// The ReplicaSet of a case, annotated as the old Deployment (or its override) scaled it.
fn annotated(
    (name, replicas, created): (&str, i32, &str),
    old_deployment: &Deployment,
    overrides: &[(&str, i32)],
) -> ReplicaSet {
    let mut r = rs(name, replicas, &[], created);
    let mut scaled_for = old_deployment.clone();
    if let Some((_, desired)) = overrides.iter().find(|(n, _)| *n == name) {
        scaled_for.spec.replicas = *desired;
    }
    let desired = scaled_for.spec.replicas;
    set_replicas_annotations(&mut r, desired, desired + max_surge(&scaled_for));
    r
}

fn size_after(updates: &[ReplicaSetUpdate], rs: &ReplicaSet) -> i32 {
    updates
        .iter()
        .rev()
        .find(|u| u.name == rs.metadata.name)
        .map_or(rs.spec.replicas, |u| u.to)
}

#[test]
fn test_scale() {
    for c in scale_cases() {
        let overrides = &c.desired_replicas_annotations;
        let new_rs = c.new_rs.map(|r| annotated(r, &c.old_deployment, overrides));
        let old_rss: Vec<ReplicaSet> = c
            .old_rss
            .iter()
            .map(|r| annotated(*r, &c.old_deployment, overrides))
            .collect();
        let old_refs: Vec<&ReplicaSet> = old_rss.iter().collect();
        let updates = scale(&c.deployment, new_rs.as_ref(), &old_refs);
        if let (Some(expected), Some(new_rs)) = (c.expected_new, &new_rs) {
            assert_eq!(
                size_after(&updates, new_rs),
                expected,
                "{}: new replicas",
                c.name
            );
        }
        let got_old: Vec<i32> = old_rss.iter().map(|r| size_after(&updates, r)).collect();
        assert_eq!(got_old, c.expected_old, "{}: old replicas", c.name);
    }
}

#[test]
fn a_saturated_but_broken_new_replica_set_does_not_affect_old_pods() {
    let deployment = d_surge(2, int(1), int(1));
    let new_rs = annotated(("foo-v2", 2, NEW), &deployment, &[]);
    let old = annotated(("foo-v1", 1, OLD), &deployment, &[]);
    assert_eq!(scale(&deployment, Some(&new_rs), &[&old]), Vec::new());
}

#[test]
fn a_saturated_new_replica_set_scales_the_old_ones_to_zero() {
    let deployment = d(3);
    let mut new_rs = annotated(("foo-v2", 3, NEW), &deployment, &[]);
    new_rs.status.available_replicas = 3;
    let old = annotated(("foo-v1", 2, OLD), &deployment, &[]);
    let updates = scale(&deployment, Some(&new_rs), &[&old]);
    assert_eq!(updates.len(), 1);
    assert_eq!(
        updates[0].event.as_deref(),
        Some("Scaled down replica set foo-v1 from 2 to 0")
    );
}

#[test]
fn scaling_a_replica_set_records_upstreams_event_and_writes_its_annotations() {
    let deployment = new_deployment(
        "web",
        10,
        None,
        Some(IntOrPercent::String("25%".to_string())),
        None,
        &[],
    );
    let mut r = rs("web-5d4c8f7b9", 0, &[], "");
    let update = scale_replica_set_and_record_event(&mut r, 3, &deployment).expect("scaled");
    assert_eq!(
        update.event.as_deref(),
        Some("Scaled up replica set web-5d4c8f7b9 from 0 to 3")
    );
    assert_eq!(
        (
            update.from,
            update.to,
            update.desired_replicas,
            update.max_replicas
        ),
        (0, 3, 10, 13)
    );
    assert_eq!(r.spec.replicas, 3);
    assert_eq!(
        r.metadata.annotations,
        labels(&[
            (DESIRED_REPLICAS_ANNOTATION, "10"),
            (MAX_REPLICAS_ANNOTATION, "13")
        ])
    );
    assert_eq!(
        scale_replica_set_and_record_event(&mut r, 3, &deployment),
        None,
        "same size: nothing"
    );
    let resized = new_deployment("web", 12, None, None, None, &[]);
    let annotations_only =
        scale_replica_set(&mut r, 3, &resized, Direction::Up).expect("annotations");
    assert_eq!(annotations_only.event, None, "only the annotations changed");
    assert_eq!(
        scale_replica_set(&mut r, 3, &resized, Direction::Up),
        None,
        "nothing to change"
    );
    let mut copy = rs("web-5d4c8f7b9", 0, &[], "");
    update.apply_to(&mut copy);
    assert_eq!(copy.spec.replicas, 3);
    assert_eq!(Direction::of(3, 1), Direction::Down);
    assert_eq!(Direction::of(1, 3).as_str(), "up");
}

#[test]
fn a_scaling_event_is_an_active_replica_set_scaled_for_other_replicas() {
    let before = d(3);
    let new_rs = annotated(("foo-v2", 2, NEW), &before, &[]);
    let old = annotated(("foo-v1", 1, OLD), &before, &[]);
    assert!(!is_scaling_event(&before, Some(&new_rs), &[&old]));
    assert!(is_scaling_event(&d(5), Some(&new_rs), &[&old]));
    let empty = annotated(("foo-v0", 0, OLDER), &d(9), &[]);
    assert!(
        !is_scaling_event(&before, None, &[&empty]),
        "inactive ReplicaSets do not count"
    );
    let unannotated = rs("foo-v3", 2, &[], NEW);
    assert!(
        !is_scaling_event(&d(5), Some(&unannotated), &[]),
        "no annotation, no scaling event"
    );
}

#[test]
fn test_deployment_controller_cleanup_deployment() {
    let mut already_deleted = new_rs_with_status("foo-1", 0, 0);
    already_deleted.metadata.deletion_timestamp = Some(NEW.to_string());
    let full = |name: &str, spec, observed, replicas, terminating| {
        let mut r = new_rs_with_status(name, spec, replicas);
        r.status.observed_generation = observed;
        r.status.terminating_replicas = terminating;
        r
    };
    let cases: Vec<(Vec<ReplicaSet>, i32, usize)> = vec![
        (
            vec![
                new_rs_with_status("foo-1", 0, 0),
                new_rs_with_status("foo-2", 0, 0),
                new_rs_with_status("foo-3", 0, 0),
            ],
            1,
            2,
        ),
        // Only delete the replica set with Spec.Replicas = Status.Replicas = 0.
        (
            vec![
                new_rs_with_status("foo-1", 0, 0),
                new_rs_with_status("foo-2", 0, 1),
                new_rs_with_status("foo-3", 1, 0),
                new_rs_with_status("foo-4", 1, 1),
            ],
            0,
            1,
        ),
        // Only delete the replica set with Spec.Replicas = Status.Replicas =
        // Status.TerminatingReplicas = 0.
        (
            vec![
                full("foo-1", 0, 1, 0, Some(0)),
                full("foo-2", 0, 1, 0, Some(1)),
                full("foo-3", 0, 1, 0, None),
                full("foo-4", 0, 1, 1, Some(0)),
                full("foo-5", 1, 1, 0, Some(0)),
                full("foo-6", 1, 1, 1, Some(0)),
            ],
            0,
            1,
        ),
        (
            vec![
                new_rs_with_status("foo-1", 0, 0),
                new_rs_with_status("foo-2", 0, 0),
            ],
            0,
            2,
        ),
        (
            vec![
                new_rs_with_status("foo-1", 1, 1),
                new_rs_with_status("foo-2", 1, 1),
            ],
            0,
            0,
        ),
        (vec![already_deleted], 0, 0),
        // with unlimited revisionHistoryLimit
        (
            vec![
                new_rs_with_status("foo-1", 0, 0),
                new_rs_with_status("foo-2", 0, 0),
                new_rs_with_status("foo-3", 0, 0),
            ],
            i32::MAX,
            0,
        ),
    ];
    for (i, (old_rss, limit, expected)) in cases.iter().enumerate() {
        let deployment = new_deployment("foo", 1, Some(*limit), None, None, &[("foo", "bar")]);
        let refs: Vec<&ReplicaSet> = old_rss.iter().collect();
        assert_eq!(
            cleanup_deployment(&refs, &deployment).len(),
            *expected,
            "scenario {i}"
        );
    }
    let mut unobserved = new_rs_with_status("foo-1", 0, 0);
    unobserved.metadata.generation = Some(2);
    unobserved.status.observed_generation = 1;
    let deployment = new_deployment("foo", 1, Some(0), None, None, &[]);
    assert!(
        cleanup_deployment(&[&unobserved], &deployment).is_empty(),
        "a change not yet observed"
    );
}

#[test]
fn test_deployment_controller_cleanup_deployment_order() {
    let r = |name: &str, replicas: i32, created: &str, revision: &str| {
        let mut r = rs(name, replicas, &[], created);
        if !revision.is_empty() {
            r.metadata.annotations = labels(&[(REVISION_ANNOTATION, revision)]);
        }
        r.status.replicas = replicas;
        r
    };
    let (t1, t2, t3, t4) = (
        "2016-05-20T01:59:00Z",
        NEW,
        "2016-05-20T02:01:00Z",
        "2016-05-20T02:02:00Z",
    );
    let cases: Vec<(&str, Vec<ReplicaSet>, i32, Vec<&str>)> = vec![
        (
            "revision order: rs1 < rs2, delete rs1",
            vec![r("foo-1", 0, t1, "1"), r("foo-2", 0, t2, "2")],
            1,
            vec!["foo-1"],
        ),
        (
            "revision order: rs2 < rs1, delete rs2",
            vec![r("foo-1", 0, t1, "2"), r("foo-2", 0, t2, "1")],
            1,
            vec!["foo-2"],
        ),
        (
            "rs1 has revision but rs2 doesn't have revision, delete rs2",
            vec![r("foo-1", 0, t1, "1"), r("foo-2", 0, t2, "")],
            1,
            vec!["foo-2"],
        ),
        (
            "rs1 doesn't have revision while rs2 has revision, delete rs1",
            vec![r("foo-1", 0, t1, ""), r("foo-2", 0, t2, "2")],
            1,
            vec!["foo-1"],
        ),
        (
            "revision order: rs1 < rs2 < r3, but rs1 has replicas, delete rs2",
            vec![
                r("foo-1", 1, t1, "1"),
                r("foo-2", 0, t2, "2"),
                r("foo-3", 0, t3, "3"),
            ],
            1,
            vec!["foo-2"],
        ),
        (
            "revision order: rs1 < rs2 < r3, both rs1 && rs2 have replicas, don't delete",
            vec![
                r("foo-1", 1, t1, "1"),
                r("foo-2", 1, t2, "2"),
                r("foo-3", 0, t3, "3"),
            ],
            1,
            vec![],
        ),
        (
            "revision order: rs2 < rs4 < rs1 < rs3, delete rs2 && rs4",
            vec![
                r("foo-1", 0, t1, "3"),
                r("foo-2", 0, t2, "1"),
                r("foo-3", 0, t3, "4"),
                r("foo-4", 0, t4, "2"),
            ],
            2,
            vec!["foo-2", "foo-4"],
        ),
    ];
    for (name, old_rss, limit, expected) in cases {
        let deployment = new_deployment("foo", 1, Some(limit), None, None, &[("foo", "bar")]);
        let refs: Vec<&ReplicaSet> = old_rss.iter().collect();
        assert_eq!(cleanup_deployment(&refs, &deployment), expected, "{name}");
    }
}

fn rs_status(name: &str, spec: i32, replicas: i32, ready: i32, available: i32) -> ReplicaSet {
    let mut r = new_rs_with_status(name, spec, replicas);
    r.status.ready_replicas = ready;
    r.status.available_replicas = available;
    r
}

#[test]
fn the_status_counts_every_replica_set_and_the_new_ones_pods_as_updated() {
    let mut deployment = d_surge(10, int(3), int(2));
    deployment.metadata.generation = Some(4);
    deployment.status.collision_count = Some(1);
    let new_rs = rs_status("foo-new", 5, 4, 2, 1);
    let old = rs_status("foo-old", 8, 8, 8, 7);
    let status = calculate_status(&[&old, &new_rs], Some(&new_rs), &deployment, now());
    assert_eq!(
        (
            status.observed_generation,
            status.replicas,
            status.updated_replicas,
            status.ready_replicas,
            status.available_replicas,
            status.unavailable_replicas
        ),
        (4, 12, 4, 10, 8, 5)
    );
    assert_eq!(
        status.terminating_replicas,
        Some(0),
        "never-synced ReplicaSets count none"
    );
    assert_eq!(status.collision_count, Some(1));
    assert_eq!(
        status.conditions,
        vec![new_deployment_condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            now()
        )]
    );
}

#[test]
fn the_status_is_unavailable_below_replicas_minus_max_unavailable() {
    let deployment = d_surge(10, int(3), int(2));
    let old = rs_status("foo-old", 10, 10, 8, 7);
    let status = calculate_status(&[&old], None, &deployment, now());
    assert_eq!(status.updated_replicas, 0);
    let available = &status.conditions[0];
    assert_eq!(
        (available.status.as_str(), available.reason.as_deref()),
        ("False", Some("MinimumReplicasUnavailable"))
    );
    assert_eq!(
        available.message.as_deref(),
        Some("Deployment does not have minimum availability.")
    );
    let scaled_down = rs_status("foo-old", 2, 4, 4, 4);
    let status = calculate_status(&[&scaled_down], None, &d(2), now());
    assert_eq!(
        status.unavailable_replicas, 0,
        "more available than desired is not negative"
    );
    let recreate = recreate_deployment("foo", 3);
    let status = calculate_status(&[], None, &recreate, now());
    assert_eq!(
        status.conditions[0].status, "False",
        "Recreate allows no unavailable pod"
    );
}

#[test]
fn a_paused_deployment_scales_and_cleans_up_its_history() {
    let mut deployment = new_deployment("foo", 4, Some(0), None, None, &[]);
    deployment.spec.paused = true;
    let new_rs = annotated(("foo-v2", 2, NEW), &d(2), &[]);
    let empty = new_rs_with_status("foo-v1", 0, 0);
    let plan = sync_scaled_or_paused(&deployment, Some(&new_rs), &[&empty]);
    assert_eq!(plan.updates.len(), 1);
    assert_eq!(
        plan.updates[0].event.as_deref(),
        Some("Scaled up replica set foo-v2 from 2 to 4")
    );
    assert_eq!(plan.deletions, ["foo-v1"]);
    deployment.spec.paused = false;
    assert!(
        sync_scaled_or_paused(&deployment, Some(&new_rs), &[&empty])
            .deletions
            .is_empty(),
        "a scaling event keeps the history"
    );
    deployment.spec.paused = true;
    deployment.metadata.annotations.insert(
        DEPRECATED_ROLLBACK_TO_ANNOTATION.to_string(),
        "1".to_string(),
    );
    assert!(
        sync_scaled_or_paused(&deployment, Some(&new_rs), &[&empty])
            .deletions
            .is_empty(),
        "a rollback in flight keeps it too"
    );
}

#[test]
fn a_sync_takes_the_path_of_upstreams_sync_deployment() {
    let before = d(3);
    let new_rs = annotated(("foo-v2", 3, NEW), &before, &[]);
    assert_eq!(
        sync_path(&before, Some(&new_rs), &[]),
        Ok(SyncPath::RollingUpdate)
    );
    assert_eq!(
        sync_path(&recreate_deployment("foo", 3), Some(&new_rs), &[]),
        Ok(SyncPath::Recreate)
    );
    assert_eq!(
        sync_path(&d(5), Some(&new_rs), &[]),
        Ok(SyncPath::Scale),
        "a scaling event"
    );
    let mut paused = before.clone();
    paused.spec.paused = true;
    assert_eq!(sync_path(&paused, Some(&new_rs), &[]), Ok(SyncPath::Scale));
    let mut rolling_back = before.clone();
    rolling_back.metadata.annotations.insert(
        DEPRECATED_ROLLBACK_TO_ANNOTATION.to_string(),
        "2".to_string(),
    );
    assert_eq!(
        sync_path(&rolling_back, Some(&new_rs), &[]),
        Ok(SyncPath::Rollback(2))
    );
    let mut deleted = rolling_back.clone();
    deleted.metadata.deletion_timestamp = Some(NEW.to_string());
    assert_eq!(
        sync_path(&deleted, Some(&new_rs), &[]),
        Ok(SyncPath::StatusOnly)
    );
    let mut other = before.clone();
    other.spec.strategy.type_ =
        crate::engine::api::DeploymentStrategyType::Other("BlueGreen".to_string());
    assert_eq!(
        sync_path(&other, Some(&new_rs), &[]),
        Err("unexpected deployment strategy type: BlueGreen".to_string())
    );
}

fn progressing(reason: &str) -> WorkloadCondition {
    new_deployment_condition("Progressing", "True", reason, "", 0)
}

#[test]
fn pausing_and_resuming_set_the_progressing_condition_once() {
    let mut deployment = d(3);
    assert!(
        !check_paused_conditions(&mut deployment, now()),
        "no progress deadline"
    );
    deployment.spec.progress_deadline_seconds = Some(600);
    deployment.spec.paused = true;
    assert!(check_paused_conditions(&mut deployment, now()));
    let c = &deployment.status.conditions[0];
    assert_eq!(
        (c.status.as_str(), c.reason.as_deref(), c.message.as_deref()),
        (
            "Unknown",
            Some(PAUSED_DEPLOY_REASON),
            Some("Deployment is paused")
        )
    );
    assert!(
        !check_paused_conditions(&mut deployment, now()),
        "already paused"
    );
    deployment.spec.paused = false;
    assert!(check_paused_conditions(&mut deployment, now()));
    let c = &deployment.status.conditions[0];
    assert_eq!(
        (c.reason.as_deref(), c.message.as_deref()),
        (Some(RESUMED_DEPLOY_REASON), Some("Deployment is resumed"))
    );
    assert!(
        !check_paused_conditions(&mut deployment, now()),
        "resumed and not paused"
    );
    deployment.status.conditions = vec![progressing("ProgressDeadlineExceeded")];
    deployment.spec.paused = true;
    assert!(
        !check_paused_conditions(&mut deployment, now()),
        "a timed-out rollout keeps its condition"
    );
}

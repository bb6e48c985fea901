//! Upstream's `deployment_util_test.go` tables, ported with their names and cases.

use super::*;
use crate::engine::api::{DeploymentStrategy, ReplicaSetStatus};
use crate::engine::controllers::deployment::testing::{
    generate_deployment, generate_rs, int, labels, new_deployment, recreate_deployment, rs, text,
};

const NOW: &str = "2016-05-20T02:00:00Z";
const LATER: &str = "2016-05-20T02:01:00Z";
const BEFORE: &str = "2016-05-20T01:59:00Z";

/// `generatePodTemplateSpec`.
fn template(
    name: &str,
    node: &str,
    annotations: &[(&str, &str)],
    pod_labels: &[(&str, &str)],
) -> PodTemplateSpec {
    let mut t = PodTemplateSpec::default();
    t.metadata.name = name.to_string();
    t.metadata.annotations = labels(annotations);
    t.metadata.labels = labels(pod_labels);
    t.spec.node_name = node.to_string();
    t
}

/// A ReplicaSet whose labels (and, as upstream's shared label map makes it, template
/// labels) carry `hash`.
fn with_hash(mut replica_set: ReplicaSet, hash: &str) -> ReplicaSet {
    for map in [
        &mut replica_set.metadata.labels,
        &mut replica_set.spec.template.metadata.labels,
    ] {
        map.insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.to_string());
    }
    replica_set
}

fn created(mut replica_set: ReplicaSet, at: &str) -> ReplicaSet {
    replica_set.metadata.creation_timestamp = Some(at.to_string());
    replica_set
}

fn names(replica_sets: &[&ReplicaSet]) -> Vec<String> {
    replica_sets
        .iter()
        .map(|r| r.metadata.name.clone())
        .collect()
}

#[test]
fn test_equal_ignore_hash() {
    let h = POD_TEMPLATE_HASH_LABEL;
    let cases = [
        ("Same spec, same labels",
         template("foo", "foo-node", &[], &[(h, "value-1"), ("something", "else")]),
         template("foo", "foo-node", &[], &[(h, "value-1"), ("something", "else")]), true),
        ("Same spec, only pod-template-hash label value is different",
         template("foo", "foo-node", &[], &[(h, "value-1"), ("something", "else")]),
         template("foo", "foo-node", &[], &[(h, "value-2"), ("something", "else")]), true),
        ("Same spec, the former doesn't have pod-template-hash label",
         template("foo", "foo-node", &[], &[("something", "else")]),
         template("foo", "foo-node", &[], &[(h, "value-2"), ("something", "else")]), true),
        ("Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels",
         template("foo", "foo-node", &[], &[("something", "else")]),
         template("foo", "foo-node", &[], &[(h, "value-2")]), false),
        ("Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels",
         template("foo", "foo-node", &[], &[(h, "value-1")]),
         template("foo", "foo-node", &[], &[("something", "else")]), false),
        ("Same spec, the label is different, and the pod-template-hash label value is the same",
         template("foo", "foo-node", &[], &[(h, "value-1")]),
         template("foo", "foo-node", &[], &[(h, "value-1"), ("something", "else")]), false),
        ("Different spec, same labels",
         template("foo", "foo-node", &[("former", "value")], &[(h, "value-1"), ("something", "else")]),
         template("foo", "foo-node", &[("latter", "value")], &[(h, "value-1"), ("something", "else")]), false),
        ("Different spec, different pod-template-hash label value",
         template("foo-1", "foo-node", &[], &[(h, "value-1"), ("something", "else")]),
         template("foo-2", "foo-node", &[], &[(h, "value-2"), ("something", "else")]), false),
        ("Different spec, the former doesn't have pod-template-hash label",
         template("foo-1", "foo-node-1", &[], &[("something", "else")]),
         template("foo-2", "foo-node-2", &[], &[(h, "value-2"), ("something", "else")]), false),
        ("Different spec, different labels",
         template("foo", "foo-node-1", &[], &[("something", "else")]),
         template("foo", "foo-node-2", &[], &[("nothing", "else")]), false),
    ];
    for (name, former, latter, expected) in &cases {
        assert_eq!(equal_ignore_hash(former, latter), *expected, "{name}");
        assert_eq!(
            equal_ignore_hash(latter, former),
            *expected,
            "{name} (reverse order)"
        );
    }
}

/// The ReplicaSets of `TestFindNewReplicaSet` and `TestFindOldReplicaSets`: the new one
/// (created later), a duplicate of it created earlier, and an old one.
fn new_dup_and_old() -> (Deployment, ReplicaSet, ReplicaSet, ReplicaSet) {
    let deployment = generate_deployment("nginx");
    let new_rs = created(with_hash(generate_rs(&deployment, "-new"), "hash"), LATER);
    let new_rs_dup = created(
        with_hash(generate_rs(&deployment, "-dup"), "different-hash"),
        NOW,
    );
    let mut old_deployment = generate_deployment("nginx");
    old_deployment.spec.template.spec.containers[0].name = "nginx-old-1".to_string();
    let old_rs = created(generate_rs(&old_deployment, "-old"), BEFORE);
    (deployment, new_rs, new_rs_dup, old_rs)
}

#[test]
fn test_find_new_replica_set() {
    let (deployment, new_rs, new_rs_dup, old_rs) = new_dup_and_old();
    let cases: [(&str, Vec<&ReplicaSet>, Option<&ReplicaSet>); 3] = [
        ("Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value",
         vec![&new_rs, &old_rs], Some(&new_rs)),
        ("Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template",
         vec![&new_rs, &old_rs, &new_rs_dup], Some(&new_rs_dup)),
        ("Get nil new ReplicaSet", vec![&old_rs], None),
    ];
    for (name, list, expected) in cases {
        assert_eq!(find_new_replica_set(&deployment, &list), expected, "{name}");
    }
}

#[test]
fn test_find_old_replica_sets() {
    let (deployment, mut new_rs, new_rs_dup, old_rs) = new_dup_and_old();
    new_rs.spec.replicas = 1;
    // (name, ReplicaSets, all old ones, old ones with replicas)
    type Case<'a> = (
        &'static str,
        Vec<&'a ReplicaSet>,
        Vec<&'a ReplicaSet>,
        Vec<&'a ReplicaSet>,
    );
    let cases: [Case; 4] = [
        ("Get old ReplicaSets", vec![&new_rs, &old_rs], vec![&old_rs], vec![]),
        ("Get old ReplicaSets with no new ReplicaSet", vec![&old_rs], vec![&old_rs], vec![]),
        ("Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet",
         vec![&old_rs, &new_rs, &new_rs_dup], vec![&old_rs, &new_rs], vec![&new_rs]),
        ("Get empty old ReplicaSets", vec![&new_rs], vec![], vec![]),
    ];
    for (name, list, expected, expected_required) in cases {
        let (required, mut all) = find_old_replica_sets(&deployment, &list);
        all.sort_by(|a, b| by_creation_timestamp(a, b));
        assert_eq!(names(&all), names(&expected), "{name}");
        assert_eq!(
            names(&required),
            names(&expected_required),
            "{name}: filtered by spec.replicas"
        );
    }
}

#[test]
fn test_get_replica_count_for_replica_sets() {
    let status = |observed, replicas, terminating| ReplicaSetStatus {
        observed_generation: observed,
        replicas,
        terminating_replicas: terminating,
        ..ReplicaSetStatus::default()
    };
    let with = |name: &str, spec, s| {
        let mut r = generate_rs(&generate_deployment(name), "");
        r.spec.replicas = spec;
        r.status = s;
        r
    };
    // As upstream, rs2's observedGeneration stays 0 (the test sets rs1's twice).
    let rs1 = with("foo-rs", 1, status(1, 2, Some(3)));
    let rs2 = with("bar-rs", 2, status(0, 3, Some(1)));
    let rs3 = with("unsynced-rs", 3, status(0, 0, None));
    let rs4 = with("dropped-rs", 1, status(1, 1, None));
    // (name, sets, expected count, actual, terminating)
    type Case<'a> = (&'static str, Vec<&'a ReplicaSet>, i32, i32, Option<i32>);
    let cases: [Case; 6] = [
        ("scaling down rs1", vec![&rs1], 1, 2, Some(3)),
        ("scaling down rs1 and rs2", vec![&rs1, &rs2], 3, 5, Some(4)),
        ("scaling up rs3", vec![&rs3], 3, 0, Some(0)),
        (
            "scaling down rs1 and rs2 and scaling up rs3",
            vec![&rs1, &rs2, &rs3],
            6,
            5,
            Some(4),
        ),
        (
            "invalid/unknown terminating status for rs4",
            vec![&rs4],
            1,
            1,
            None,
        ),
        (
            "invalid/unknown terminating status for rs4 with rs1, rs2 and rs3",
            vec![&rs1, &rs2, &rs3, &rs4],
            7,
            6,
            None,
        ),
    ];
    for (name, sets, count, actual, terminating) in cases {
        assert_eq!(replica_count(&sets), count, "{name}: count");
        assert_eq!(actual_replica_count(&sets), actual, "{name}: actual");
        assert_eq!(
            terminating_replica_count(&sets),
            terminating,
            "{name}: terminating"
        );
    }
}

#[test]
fn ready_and_available_counts_add_up_the_replica_sets_statuses() {
    let mut a = rs("a", 3, &[], "");
    a.status.ready_replicas = 2;
    a.status.available_replicas = 1;
    let mut b = rs("b", 3, &[], "");
    b.status.ready_replicas = 3;
    b.status.available_replicas = 3;
    assert_eq!(ready_replica_count(&[&a, &b]), 5);
    assert_eq!(available_replica_count(&[&a, &b]), 4);
    assert_eq!(ready_replica_count(&[]), 0);
}

#[test]
fn test_resolve_fenceposts() {
    // (maxSurge, maxUnavailable, desired, expected (surge, unavailable) or an error)
    type Case = (
        Option<&'static str>,
        Option<&'static str>,
        i32,
        Result<(i32, i32), ()>,
    );
    let cases: [Case; 7] = [
        (Some("0%"), Some("0%"), 0, Ok((0, 1))),
        (Some("39%"), Some("39%"), 10, Ok((4, 3))),
        (Some("oops"), Some("39%"), 10, Err(())),
        (Some("55%"), Some("urg"), 10, Err(())),
        (None, Some("39%"), 10, Ok((0, 3))),
        (Some("39%"), None, 10, Ok((4, 0))),
        (None, None, 10, Ok((0, 1))),
    ];
    for (num, (surge, unavailable, desired, expected)) in cases.into_iter().enumerate() {
        let surge = surge.and_then(text);
        let unavailable = unavailable.and_then(text);
        let got = resolve_fenceposts(surge.as_ref(), unavailable.as_ref(), desired);
        assert_eq!(got.map_err(|_| ()), expected, "#{num}");
    }
}

#[test]
fn scaled_values_report_upstream_errors_and_round_each_way() {
    assert_eq!(
        scaled_value(text("oops").as_ref(), 10, true),
        Err("invalid value for IntOrString: invalid type: string is not a percentage".to_string())
    );
    assert_eq!(
        scaled_value(text("x%").as_ref(), 10, true),
        Err("invalid value for IntOrString: invalid value \"x%\": strconv.Atoi: parsing \"x\": invalid syntax".to_string())
    );
    assert_eq!(
        scaled_value(text("25%").as_ref(), 10, true),
        Ok(3),
        "2.5 up"
    );
    assert_eq!(
        scaled_value(text("25%").as_ref(), 10, false),
        Ok(2),
        "2.5 down"
    );
    assert_eq!(
        scaled_value(int(7).as_ref(), 10, false),
        Ok(7),
        "an int as is"
    );
}

#[test]
fn test_new_rs_new_replicas() {
    let cases = [
        (
            "can not scale up - to newRSReplicas",
            DeploymentStrategyType::RollingUpdate,
            1,
            5,
            1,
            5,
        ),
        (
            "scale up - to depReplicas",
            DeploymentStrategyType::RollingUpdate,
            6,
            2,
            10,
            6,
        ),
        (
            "recreate - to depReplicas",
            DeploymentStrategyType::Recreate,
            3,
            1,
            1,
            3,
        ),
    ];
    let mut deployment = generate_deployment("nginx");
    let mut new_rc = generate_rs(&deployment, "-new");
    let mut rs5 = generate_rs(&deployment, "-5");
    rs5.spec.replicas = 5;
    for (name, strategy, dep_replicas, new_rs_replicas, surge, expected) in cases {
        deployment.spec.replicas = dep_replicas;
        deployment.spec.strategy = DeploymentStrategy {
            type_: strategy,
            rolling_update: Some(crate::engine::api::RollingUpdateDeployment {
                max_unavailable: int(1),
                max_surge: int(surge),
            }),
        };
        new_rc.spec.replicas = new_rs_replicas;
        assert_eq!(
            new_rs_new_replicas(&deployment, &[&rs5], &new_rc),
            Ok(expected),
            "{name}"
        );
    }
    deployment.spec.strategy.type_ = DeploymentStrategyType::Other("Blue".to_string());
    assert_eq!(
        new_rs_new_replicas(&deployment, &[&rs5], &new_rc),
        Err("deployment type Blue isn't supported".to_string())
    );
}

#[test]
fn test_max_unavailable() {
    let deployment =
        |replicas, unavailable| new_deployment("foo", replicas, None, int(1), unavailable, &[]);
    let cases = [
        (
            "maxUnavailable less than replicas",
            deployment(10, int(5)),
            5,
        ),
        ("maxUnavailable equal replicas", deployment(10, int(10)), 10),
        (
            "maxUnavailable greater than replicas",
            deployment(5, int(10)),
            5,
        ),
        (
            "maxUnavailable with replicas is 0",
            deployment(0, int(10)),
            0,
        ),
        (
            "maxUnavailable with Recreate deployment strategy",
            recreate_deployment("foo", 1),
            0,
        ),
        (
            "maxUnavailable less than replicas with percents",
            deployment(10, text("50%")),
            5,
        ),
        (
            "maxUnavailable equal replicas with percents",
            deployment(10, text("100%")),
            10,
        ),
        (
            "maxUnavailable greater than replicas with percents",
            deployment(5, text("100%")),
            5,
        ),
    ];
    for (name, d, expected) in &cases {
        assert_eq!(max_unavailable(d), *expected, "{name}");
    }
}

#[test]
fn test_min_available() {
    let deployment =
        |replicas, unavailable| new_deployment("foo", replicas, None, int(1), unavailable, &[]);
    let cases = [
        (
            "replicas greater than maxUnavailable",
            deployment(10, int(5)),
            5,
        ),
        ("replicas equal maxUnavailable", deployment(10, int(10)), 0),
        (
            "replicas less than maxUnavailable",
            deployment(5, int(10)),
            0,
        ),
        ("replicas is 0", deployment(0, int(10)), 0),
        (
            "minAvailable with Recreate deployment strategy",
            recreate_deployment("foo", 10),
            0,
        ),
        (
            "replicas greater than maxUnavailable with percents",
            deployment(10, text("60%")),
            4,
        ),
        (
            "replicas equal maxUnavailable with percents",
            deployment(10, text("100%")),
            0,
        ),
        (
            "replicas less than maxUnavailable with percents",
            deployment(5, text("100%")),
            0,
        ),
    ];
    for (name, d, expected) in &cases {
        assert_eq!(min_available(d), *expected, "{name}");
    }
}

#[test]
fn max_surge_rounds_up_and_is_zero_for_recreate() {
    assert_eq!(
        max_surge(&new_deployment(
            "foo",
            10,
            None,
            text("25%"),
            text("25%"),
            &[]
        )),
        3
    );
    assert_eq!(
        max_unavailable(&new_deployment(
            "foo",
            10,
            None,
            text("25%"),
            text("25%"),
            &[]
        )),
        2
    );
    assert_eq!(max_surge(&recreate_deployment("foo", 10)), 0);
    assert!(is_rolling_update(&new_deployment(
        "foo",
        1,
        None,
        None,
        None,
        &[]
    )));
    assert!(!is_rolling_update(&recreate_deployment("foo", 1)));
}

#[test]
fn test_get_non_negative_int32_from_annotation() {
    let max = i32::MAX.to_string();
    let over = (i64::from(i32::MAX) + 1).to_string();
    let over_u32 = (u64::from(u32::MAX) + 1).to_string();
    // (name, annotations, value or a part of the error)
    type Case<'a> = (
        &'static str,
        &'a [(&'a str, &'a str)],
        Result<Option<i32>, &'static str>,
    );
    let cases: [Case; 8] = [
        ("invalid empty", &[], Ok(None)),
        (
            "invalid",
            &[("test", "invalid"), ("foo", "2")],
            Err("invalid syntax"),
        ),
        (
            "invalid negative ",
            &[("test", "-1"), ("foo", "2")],
            Err("invalid syntax"),
        ),
        ("valid zero", &[("test", "0"), ("foo", "2")], Ok(Some(0))),
        ("valid", &[("test", "13"), ("foo", "2")], Ok(Some(13))),
        (
            "valid max",
            &[("test", &max), ("foo", "2")],
            Ok(Some(i32::MAX)),
        ),
        (
            "invalid max out of range",
            &[("test", &over), ("foo", "2")],
            Err("out of range"),
        ),
        (
            "invalid max out of range 2",
            &[("test", &over_u32), ("foo", "2")],
            Err("out of range"),
        ),
    ];
    for (name, annotations, expected) in cases {
        let mut r = generate_rs(&generate_deployment("nginx"), "");
        r.metadata.annotations = labels(annotations);
        match (non_negative_int32_annotation(&r, "test"), expected) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{name}"),
            (Err(got), Err(want)) => assert!(got.contains(want), "{name}: {got}"),
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn test_annotation_utils() {
    let mut deployment = generate_deployment("nginx");
    let mut replica_set = generate_rs(&deployment, "");
    deployment
        .metadata
        .annotations
        .insert(REVISION_ANNOTATION.to_string(), "1".to_string());

    // SetNewReplicaSetAnnotations: revisions 11 through 20, history limited to 5 characters.
    for i in 10..20 {
        let next_revision = (i + 1).to_string();
        set_new_replica_set_annotations(&deployment, &mut replica_set, &next_revision, true, 5);
        if i >= 12 {
            let expected_history = format!("{},{}", i - 1, i);
            assert_eq!(
                replica_set
                    .metadata
                    .annotations
                    .get(REVISION_HISTORY_ANNOTATION),
                Some(&expected_history),
                "revision history at {i}"
            );
        }
        assert_eq!(
            replica_set.metadata.annotations.get(REVISION_ANNOTATION),
            Some(&next_revision),
            "revision at {i}"
        );
    }

    // SetReplicasAnnotations
    assert!(set_replicas_annotations(&mut replica_set, 10, 11));
    assert_eq!(
        replica_set
            .metadata
            .annotations
            .get(DESIRED_REPLICAS_ANNOTATION)
            .map(String::as_str),
        Some("10")
    );
    assert_eq!(
        replica_set
            .metadata
            .annotations
            .get(MAX_REPLICAS_ANNOTATION)
            .map(String::as_str),
        Some("11")
    );
    assert!(
        !set_replicas_annotations(&mut replica_set, 10, 11),
        "unchanged"
    );

    // IsSaturated
    replica_set
        .metadata
        .annotations
        .insert(DESIRED_REPLICAS_ANNOTATION.to_string(), "1".to_string());
    replica_set.status.available_replicas = 1;
    replica_set.spec.replicas = 1;
    assert!(is_saturated(&deployment, Some(&replica_set)));
    replica_set.status.available_replicas = 0;
    assert!(
        !is_saturated(&deployment, Some(&replica_set)),
        "not all available"
    );
    assert!(!is_saturated(&deployment, None), "no new ReplicaSet");
}

#[test]
fn new_replica_set_annotations_copy_the_deployment_and_set_replicas_on_creation() {
    let mut deployment = new_deployment("foo", 4, None, int(2), None, &[]);
    for (k, v) in [
        ("note", "kept"),
        (LAST_APPLIED_CONFIG_ANNOTATION, "{}"),
        (REVISION_ANNOTATION, "9"),
    ] {
        deployment
            .metadata
            .annotations
            .insert(k.to_string(), v.to_string());
    }
    let mut new_rs = rs("foo-1", 0, &[], "");
    assert!(set_new_replica_set_annotations(
        &deployment,
        &mut new_rs,
        "3",
        false,
        2000
    ));
    assert_eq!(
        new_rs.metadata.annotations,
        labels(&[
            ("note", "kept"),
            (REVISION_ANNOTATION, "3"),
            (DESIRED_REPLICAS_ANNOTATION, "4"),
            (MAX_REPLICAS_ANNOTATION, "6"),
        ])
    );
    assert!(
        !set_new_replica_set_annotations(&deployment, &mut new_rs, "2", true, 2000),
        "a lower revision leaves it"
    );
    assert!(
        !set_new_replica_set_annotations(&deployment, &mut new_rs, "x", true, 2000),
        "not a number"
    );
    new_rs
        .metadata
        .annotations
        .insert(REVISION_ANNOTATION.to_string(), "x".to_string());
    assert!(
        !set_new_replica_set_annotations(&deployment, &mut new_rs, "4", true, 2000),
        "its own revision is not a number"
    );
}

#[test]
fn test_replicas_annotations_need_update() {
    let with = |annotations: &[(&str, &str)]| {
        let mut r = rs("hello", 0, &[("foo", "bar")], "");
        r.metadata.annotations = labels(annotations);
        r
    };
    let cases = [
        ("test Annotations nil", with(&[]), true),
        (
            "test desiredReplicas update",
            with(&[
                (DESIRED_REPLICAS_ANNOTATION, "8"),
                (MAX_REPLICAS_ANNOTATION, "20"),
            ]),
            true,
        ),
        (
            "test maxReplicas update",
            with(&[
                (DESIRED_REPLICAS_ANNOTATION, "10"),
                (MAX_REPLICAS_ANNOTATION, "16"),
            ]),
            true,
        ),
        (
            "test needn't update",
            with(&[
                (DESIRED_REPLICAS_ANNOTATION, "10"),
                (MAX_REPLICAS_ANNOTATION, "20"),
            ]),
            false,
        ),
    ];
    for (i, (name, r, expected)) in cases.iter().enumerate() {
        assert_eq!(
            replicas_annotations_need_update(r, 10, 20),
            *expected,
            "case[{i}]:{name}"
        );
    }
}

#[test]
fn test_get_replica_set_fraction() {
    // (name, deployment replicas, status replicas, maxSurge, ReplicaSet replicas,
    // ReplicaSet annotations, expected fraction)
    type Case = (
        &'static str,
        i32,
        i32,
        i32,
        i32,
        &'static [(&'static str, &'static str)],
        i32,
    );
    let cases: [Case; 9] = [
        ("empty deployment always scales to 0", 0, 0, 0, 10, &[], -10),
        ("unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)", 10, 0, 0, 5, &[], 0),
        ("unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)", 10, 0, 0, 5, &[(MAX_REPLICAS_ANNOTATION, "0")], 0),
        ("scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)", 120, 100, 0, 50, &[], 10),
        ("scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is incorrectly set to 0 (by a 3rd party)", 120, 100, 0, 50, &[(MAX_REPLICAS_ANNOTATION, "0")], 10),
        ("scale up by 1/5 should increase RS replicas by 1/5", 120, 0, 0, 50, &[(MAX_REPLICAS_ANNOTATION, "100")], 10),
        ("scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5", 120, 0, 10, 50, &[(MAX_REPLICAS_ANNOTATION, "110")], 9),
        ("scale down by 1/6 should decrease RS replicas by 1/6", 10, 0, 0, 6, &[(MAX_REPLICAS_ANNOTATION, "12")], -1),
        ("scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6", 100, 0, 10, 50, &[(MAX_REPLICAS_ANNOTATION, "130")], -8),
    ];
    for (name, replicas, status_replicas, surge, rs_replicas, annotations, expected) in cases {
        let mut deployment = new_deployment("nginx", replicas, None, int(surge), int(1), &[]);
        deployment.status.replicas = status_replicas;
        let mut r = generate_rs(&deployment, "");
        r.metadata.annotations = labels(annotations);
        r.spec.replicas = rs_replicas;
        assert_eq!(replica_set_fraction(&r, &deployment), expected, "{name}");
    }
}

#[test]
fn proportions_never_hand_out_more_than_is_left() {
    let deployment = new_deployment("foo", 20, None, None, None, &[]);
    let mut r = rs("foo-1", 5, &[], "");
    r.metadata.annotations = labels(&[(MAX_REPLICAS_ANNOTATION, "10")]);
    assert_eq!(proportion(&r, &deployment, 10, 0), 5, "its fraction");
    assert_eq!(
        proportion(&r, &deployment, 10, 7),
        3,
        "capped by what is left"
    );
    assert_eq!(proportion(&r, &deployment, 10, 10), 0, "nothing left");
    let smaller = new_deployment("foo", 2, None, None, None, &[]);
    assert_eq!(proportion(&r, &smaller, -8, 0), -4, "its fraction down");
    assert_eq!(proportion(&r, &smaller, -8, -6), -2, "capped down");
    r.spec.replicas = 0;
    assert_eq!(
        proportion(&r, &deployment, 10, 0),
        0,
        "an empty ReplicaSet gets nothing"
    );
}

#[test]
fn revisions_read_the_annotation_and_find_the_latest_and_the_one_before() {
    let with_revision = |name: &str, revision: &str| {
        let mut r = rs(name, 0, &[], "");
        if !revision.is_empty() {
            r.metadata.annotations = labels(&[(REVISION_ANNOTATION, revision)]);
        }
        r
    };
    let (a, b, c, none, bad) = (
        with_revision("a", "3"),
        with_revision("b", "7"),
        with_revision("c", "5"),
        with_revision("none", ""),
        with_revision("bad", "x"),
    );
    assert_eq!(revision(&b.metadata), Ok(7));
    assert_eq!(revision(&none.metadata), Ok(0));
    assert_eq!(
        revision(&bad.metadata),
        Err("strconv.ParseInt: parsing \"x\": invalid syntax".to_string())
    );
    assert_eq!(max_revision(&[&a, &b, &c, &none, &bad]), 7);
    assert_eq!(last_revision(&[&a, &b, &c, &none, &bad]), 5);
    assert_eq!(last_revision(&[&b]), 0);
    assert_eq!(max_revision(&[]), 0);
}

#[test]
fn the_deployment_revision_and_rollback_annotations_are_set_as_upstream_does() {
    let mut deployment = new_deployment("foo", 1, None, None, None, &[]);
    assert!(set_deployment_revision(&mut deployment, "2"));
    assert!(!set_deployment_revision(&mut deployment, "2"));
    deployment
        .metadata
        .annotations
        .insert("change-cause".to_string(), "edit".to_string());
    let mut old = rs("foo-1", 0, &[], "");
    old.metadata.annotations = labels(&[
        ("change-cause", "create"),
        (REVISION_ANNOTATION, "1"),
        ("team", "a"),
    ]);
    set_deployment_annotations_to(&mut deployment, &old);
    assert_eq!(
        deployment.metadata.annotations,
        labels(&[
            ("change-cause", "create"),
            (REVISION_ANNOTATION, "2"),
            ("team", "a")
        ])
    );
    assert!(skip_copy_annotation(MAX_REPLICAS_ANNOTATION));
    assert!(!skip_copy_annotation("team"));
}

#[test]
fn replica_sets_sort_by_creation_size_and_revision() {
    let r = |name: &str, replicas, at: &str, revision: &str| {
        let mut r = rs(name, replicas, &[], at);
        r.metadata.annotations = labels(&[(REVISION_ANNOTATION, revision)]);
        r
    };
    let (a, b, c) = (
        r("a", 2, LATER, "1"),
        r("b", 2, NOW, "3"),
        r("c", 5, LATER, "2"),
    );
    let sorted = |order: fn(&ReplicaSet, &ReplicaSet) -> Ordering| {
        let mut v = vec![&a, &b, &c];
        v.sort_by(|x, y| order(x, y));
        names(&v)
    };
    assert_eq!(
        sorted(by_creation_timestamp),
        ["b", "a", "c"],
        "older first, then by name"
    );
    assert_eq!(sorted(by_size_older), ["c", "b", "a"]);
    assert_eq!(sorted(by_size_newer), ["c", "a", "b"]);
    assert_eq!(sorted(by_revision), ["a", "c", "b"]);
    let no_time = rs("z", 0, &[], "");
    assert_eq!(
        by_creation_timestamp(&no_time, &a),
        Ordering::Less,
        "no timestamp is the zero time"
    );
    assert_eq!(time_or_zero(None), GO_ZERO_TIME);
}

#[test]
fn the_active_or_latest_replica_set_is_the_only_active_one_or_the_newest() {
    let (new_rs, old, older) = (
        rs("new", 0, &[], LATER),
        rs("old", 0, &[], NOW),
        rs("older", 2, &[], BEFORE),
    );
    assert_eq!(find_active_or_latest(None, &[]), None);
    assert_eq!(
        find_active_or_latest(Some(&new_rs), &[&old]),
        Some(&new_rs),
        "none active: the new one"
    );
    let older_empty = rs("older-empty", 0, &[], BEFORE);
    assert_eq!(
        find_active_or_latest(None, &[&older_empty, &old]),
        Some(&old),
        "none active: the newest old one"
    );
    let old_empty = rs("old-empty", 0, &[], NOW);
    assert_eq!(
        find_active_or_latest(Some(&new_rs), &[&older, &old_empty]),
        Some(&older),
        "the only active one"
    );
    let active_new = rs("new", 1, &[], LATER);
    assert_eq!(
        find_active_or_latest(Some(&active_new), &[&older]),
        None,
        "two active"
    );
    assert_eq!(
        names(&filter_active_replica_sets(&[&new_rs, &older])),
        ["older"]
    );
}

#[test]
fn test_get_deployments_for_replica_set() {
    let deployments: Vec<Deployment> = (0..3)
        .map(|i| {
            let mut d = new_deployment(
                &format!("deployment-{i}"),
                1,
                None,
                None,
                None,
                &[("app", &format!("test-{i}"))],
            );
            d.metadata.namespace = "test".to_string();
            d
        })
        .collect();
    let refs: Vec<&Deployment> = deployments.iter().collect();
    let replica_set = |i: usize| {
        let mut r = rs(&format!("test-replicaSet-{i}"), 0, &[], "");
        r.metadata.namespace = "test".to_string();
        r.metadata.labels = labels(&[
            ("app", &format!("test-{i}")),
            ("label", &format!("label-{i}")),
        ]);
        r
    };
    for (i, deployment) in deployments.iter().enumerate() {
        let got = deployments_for_replica_set(&refs, &replica_set(i)).expect("found");
        assert_eq!(got, [deployment], "GetDeploymentsForReplicaSet for rs-{i}");
    }
    for i in 3..5 {
        assert_eq!(
            deployments_for_replica_set(&refs, &replica_set(i)),
            Err(format!("could not find deployments set for ReplicaSet test-replicaSet-{i} in namespace test with labels: map[app:test-{i} label:label-{i}]")),
            "GetDeploymentsForReplicaSet for rs-{i}"
        );
    }
    assert_eq!(
        deployments_for_replica_set(&refs, &rs("bare", 0, &[], "")),
        Err("no deployments found for ReplicaSet bare because it has no labels".to_string())
    );
    let mut everything = new_deployment("everything", 1, None, None, None, &[]);
    everything.metadata.namespace = "test".to_string();
    assert!(
        deployments_for_replica_set(&[&everything], &replica_set(0)).is_err(),
        "an empty selector matches nothing"
    );
}

#[test]
fn the_history_limit_and_template_rollback_follow_upstream() {
    assert!(!has_revision_history_limit(&new_deployment(
        "foo",
        1,
        None,
        None,
        None,
        &[]
    )));
    assert!(has_revision_history_limit(&new_deployment(
        "foo",
        1,
        Some(10),
        None,
        None,
        &[]
    )));
    let mut deployment = new_deployment("foo", 1, None, None, None, &[("app", "web")]);
    let mut old_template = deployment.spec.template.clone();
    old_template.spec.containers[0].image = "foo/old".to_string();
    old_template
        .metadata
        .labels
        .insert(POD_TEMPLATE_HASH_LABEL.to_string(), "abc".to_string());
    set_from_replica_set_template(&mut deployment, &old_template);
    assert_eq!(deployment.spec.template.spec.containers[0].image, "foo/old");
    assert_eq!(
        deployment.spec.template.metadata.labels,
        labels(&[("app", "web")])
    );
}

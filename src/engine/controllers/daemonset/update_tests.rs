//! Upstream's `update_test.go` over the store, with the harness of [`super::sync_tests`]:
//! a DaemonSet's rolling update synced step by step.

use super::sync_tests::*;

/// Upstream `TestDaemonSetUpdatesPods`, `TestDaemonSetUpdatesWhenNewPodIsNotReady`,
/// `TestDaemonSetUpdatesAllOldPodsNotReady` and `TestDaemonSetUpdatesNoTemplateChanged`:
/// five ready (or not) pods of an OnDelete DaemonSet, then a rolling update with
/// `maxUnavailable`, synced step by step: `(creates, deletes)` and whether the pods are
/// marked ready after the step.
#[test]
fn rolling_update_steps_table() {
    struct Case {
        name: &'static str,
        ready_first: bool,
        change_image: bool,
        max_unavailable: i32,
        steps: &'static [(usize, usize, bool)],
    }
    let cases = [
        Case {
            name: "TestDaemonSetUpdatesPods",
            ready_first: true,
            change_image: true,
            max_unavailable: 2,
            steps: &[
                (0, 2, false),
                (2, 0, true),
                (0, 2, false),
                (2, 0, true),
                (0, 1, false),
                (1, 0, true),
                (0, 0, false),
            ],
        },
        Case {
            name: "TestDaemonSetUpdatesWhenNewPodIsNotReady",
            ready_first: true,
            change_image: true,
            max_unavailable: 3,
            steps: &[(0, 3, false), (3, 0, false), (0, 0, false)],
        },
        Case {
            name: "TestDaemonSetUpdatesAllOldPodsNotReady",
            ready_first: false,
            change_image: true,
            max_unavailable: 3,
            steps: &[(0, 5, false), (5, 0, false), (0, 0, false)],
        },
        Case {
            name: "TestDaemonSetUpdatesNoTemplateChanged",
            ready_first: false,
            change_image: false,
            max_unavailable: 3,
            steps: &[(0, 0, false)],
        },
    ];
    for case in cases {
        let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
        cluster.add_nodes(0, 5, "");
        cluster.expect_sync((5, 0, 0), case.name);
        if case.ready_first {
            cluster.mark_pods_ready();
        }
        cluster.update_ds(|ds| {
            if case.change_image {
                ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
            }
            ds.spec.update_strategy = unavailable(case.max_unavailable);
        });
        for (at, &(creates, deletes, ready)) in case.steps.iter().enumerate() {
            cluster.expect_sync((creates, deletes, 0), &format!("{} step {at}", case.name));
            if ready {
                cluster.mark_pods_ready();
            }
        }
    }
}

/// Upstream `TestDaemonSetUpdatesSomeOldPodsNotReady`: a second update replaces the two
/// pods not yet ready and keeps the three ready ones.
#[test]
fn test_daemon_set_updates_some_old_pods_not_ready() {
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
    cluster.add_nodes(0, 5, "");
    cluster.expect_sync((5, 0, 0), "create");
    cluster.mark_pods_ready();
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
        ds.spec.update_strategy = unavailable(2);
    });
    for (at, want) in [(0, 2, 0), (2, 0, 0), (0, 0, 0)].into_iter().enumerate() {
        cluster.expect_sync(want, &format!("first update step {at}"));
    }
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar3".to_string();
    });
    for (at, want) in [(0, 2, 0), (2, 0, 0), (0, 0, 0)].into_iter().enumerate() {
        cluster.expect_sync(want, &format!("second update step {at}"));
    }
    assert_eq!(cluster.ready_pods().len(), 3);
}

/// Upstream `TestDaemonSetUpdatesPodsWithMaxSurge`: with `maxSurge: 2`, new pods are
/// created first and old ones deleted once the new ones are ready.
#[test]
fn test_daemon_set_updates_pods_with_max_surge() {
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
    cluster.add_nodes(0, 5, "");
    cluster.expect_sync((5, 0, 0), "create");
    cluster.mark_pods_ready();
    let strategy = daemon_set(&surge("2"), SIMPLE_SPEC).spec.update_strategy;
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
        ds.spec.update_strategy = strategy;
    });
    let steps = [
        (2, 0, false),
        (0, 0, true),
        (2, 2, false),
        (0, 0, true),
        (1, 2, false),
        (0, 0, true),
        (0, 1, false),
        (0, 0, false),
    ];
    for (at, (creates, deletes, ready)) in steps.into_iter().enumerate() {
        cluster.expect_sync((creates, deletes, 0), &format!("step {at}"));
        if ready {
            cluster.mark_pods_ready();
        }
    }
}

/// Upstream `TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge`: once the toleration of
/// node-0's taint is gone, its pod is replaced nowhere and deleted, one node per step.
#[test]
fn test_daemon_set_updates_pods_not_match_tainst_with_max_surge() {
    let tolerating = "{tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists}], containers: [{name: c, image: foo/bar}]}";
    let mut cluster = Cluster::new(daemon_set(&surge("1"), tolerating));
    cluster.add_node(node(
        "node-0",
        "",
        "taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]",
        READY,
    ));
    cluster.add_nodes(1, 4, "");
    cluster.expect_sync((5, 0, 0), "create");
    cluster.mark_pods_ready();
    cluster.update_ds(|ds| ds.spec.template.spec.tolerations = Default::default());
    let steps = [
        (1, 1, false),
        (0, 0, true),
        (1, 1, false),
        (0, 0, true),
        (1, 1, false),
        (0, 0, true),
        (1, 1, false),
        (0, 0, true),
        (0, 1, false),
        (0, 0, false),
    ];
    for (at, (creates, deletes, ready)) in steps.into_iter().enumerate() {
        cluster.expect_sync((creates, deletes, 0), &format!("step {at}"));
        if ready {
            cluster.mark_pods_ready();
        }
    }
}

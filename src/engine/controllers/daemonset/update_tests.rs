//! Upstream's `update_test.go` over the store, with the harness of [`super::sync_tests`]:
//! a DaemonSet's rolling update synced step by step.

use super::sync_tests::*;
use crate::engine::store::state::{PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL};

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

/// Upstream `TestDaemonSetUpdatesSaveOldHealthyPods`: twenty ready pods, half of them
/// updated to a template that never goes ready; then ten more updates, each with its own
/// `maxUnavailable` below ten (upstream draws them at random: here a fixed sequence through
/// every value), only ever replace the ten unavailable pods and never touch the ready ones.
/// A last update with `maxUnavailable: 11` takes one ready pod too.
#[test]
fn test_daemon_set_updates_save_old_healthy_pods() {
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
    cluster.add_nodes(0, 20, "");
    cluster.expect_sync((20, 0, 0), "create");
    cluster.mark_pods_ready();
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
        ds.spec.update_strategy = unavailable(10);
    });
    for (at, want) in [(0, 10, 0), (10, 0, 0), (0, 0, 0)].into_iter().enumerate() {
        cluster.expect_sync(want, &format!("first update step {at}"));
    }
    let old_ready = cluster.ready_pods();
    assert_eq!(old_ready.len(), 10);
    for (i, max_unavailable) in [7, 0, 3, 9, 1, 5, 2, 8, 4, 6].into_iter().enumerate() {
        cluster.update_ds(|ds| {
            ds.spec.template.spec.containers[0].image = format!("foo2/bar3-{i}");
            ds.spec.update_strategy = unavailable(max_unavailable);
        });
        for (at, want) in [(0, 10, 0), (10, 0, 0), (0, 0, 0)].into_iter().enumerate() {
            let name = format!("update {i} (maxUnavailable {max_unavailable}) step {at}");
            cluster.expect_sync(want, &name);
        }
        let ready = cluster.ready_pods();
        assert!(ready.is_superset(&old_ready), "update {i}: {ready:?}");
    }
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar4".to_string();
        ds.spec.update_strategy = unavailable(11);
    });
    for (at, want) in [(0, 11, 0), (11, 0, 0), (0, 0, 0)].into_iter().enumerate() {
        cluster.expect_sync(want, &format!("last update step {at}"));
    }
    assert_eq!(cluster.ready_pods().len(), 9);
}

/// Upstream `TestDaemonSetUpdatesAllOldNotReadyPodsAndNewNotReadyPods`: a hundred pods
/// rolled out ten at a time, then set back so that ten old pods are available, two old
/// pods and 88 new ones are not. The 88 use up `maxUnavailable: 10`, yet the two
/// unavailable old pods are replaced (and the ten available ones kept).
#[test]
fn test_daemon_set_updates_all_old_not_ready_pods_and_new_not_ready_pods() {
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
    cluster.add_nodes(0, 100, "");
    cluster.expect_sync((100, 0, 0), "create");
    cluster.mark_pods_ready();
    let first = cluster.pods_where(|_| true)[0].clone();
    let first_labels = cluster.pod(&first).pod.metadata.labels.clone();
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
        ds.spec.update_strategy = unavailable(10);
    });
    for round in 0..10 {
        cluster.expect_sync((0, 10, 0), &format!("round {round} deletes"));
        cluster.expect_sync((10, 0, 0), &format!("round {round} creates"));
        cluster.mark_pods_ready();
    }
    cluster.expect_sync((0, 0, 0), "rolled out");
    let mut old_unavailable = Vec::new();
    for (i, name) in cluster.pods_where(|_| true).into_iter().enumerate() {
        if i >= 10 {
            cluster.set_ready(&name, false, 0);
        }
        if i < 12 {
            // The first template's revision labels: a pod of the old revision.
            cluster.edit_pod(&name, |pod| {
                for key in [HASH_LABEL, TEMPLATE_GENERATION_LABEL] {
                    pod.metadata
                        .labels
                        .insert(key.into(), first_labels[key].clone());
                }
            });
            if i >= 10 {
                old_unavailable.push(name);
            }
        }
    }
    cluster.expect_sync((0, 2, 0), "the two old unavailable pods are deleted");
    cluster.expect_sync((2, 0, 0), "and replaced");
    cluster.expect_sync((0, 0, 0), "then nothing");
    let left = cluster.pods_where(|p| old_unavailable.contains(&p.pod.metadata.name));
    assert!(left.is_empty(), "old pods not updated: {left:?}");
}

/// Upstream `TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge`: with `maxSurge: 3`, five
/// unready old pods are surged over at once and deleted at the next sync; then, with
/// `minReadySeconds: 15`, a second update waits for the new pods to be available (the
/// controller's clock moves from 100 s to 350 s) before deleting the old ones, and
/// replaces at once the old pod that went unready.
#[test]
fn test_daemon_set_updates_all_old_pods_not_ready_max_surge() {
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], SIMPLE_SPEC));
    cluster.add_nodes(0, 5, "");
    cluster.expect_sync((5, 0, 0), "create");
    let strategy = daemon_set(&surge("3"), SIMPLE_SPEC).spec.update_strategy;
    cluster.update_ds(|ds| {
        ds.spec.template.spec.containers[0].image = "foo2/bar2".to_string();
        ds.spec.update_strategy = strategy;
    });
    cluster.set_time(100_000);
    cluster.expect_sync((5, 0, 0), "all old pods are unavailable so are surged over");
    cluster.set_time(200_000);
    cluster.expect_sync((0, 5, 0), "the unready old pods are deleted");

    for name in cluster.pods_where(|p| !p.ready) {
        cluster.set_ready(&name, true, 200_000);
    }
    cluster.update_ds(|ds| {
        ds.spec.min_ready_seconds = 15;
        ds.spec.template.spec.containers[0].image = "foo3/bar3".to_string();
    });
    cluster.set_time(300_000);
    cluster.expect_sync((3, 0, 0), "surge of three");

    let hash = cluster.hash();
    let is_current = |p: &PodState| p.label(HASH_LABEL) == Some(hash.as_str());
    let surged = cluster.pods_where(|p| is_current(p));
    assert_eq!(surged.len(), 3);
    for name in &surged[..2] {
        cluster.set_ready(name, true, 300_000);
    }
    let surged_nodes: Vec<String> = surged
        .iter()
        .filter_map(|name| cluster.pod(name).target_node().map(str::to_string))
        .collect();
    let unsurged_old = cluster.pods_where(|p| {
        !is_current(p)
            && p.target_node()
                .is_some_and(|n| !surged_nodes.iter().any(|s| s == n))
    });
    cluster.set_ready(&unsurged_old[0], false, 300_000);

    cluster.set_time(310_000);
    cluster.expect_sync(
        (1, 0, 0),
        "the new pods wait for minReadySeconds; the unready old pod is replaced",
    );
    cluster.set_time(320_000);
    cluster.expect_sync((1, 3, 0), "two new pods are available: their old pods go");
    for name in cluster.pods_where(|p| is_current(p) && !p.ready) {
        cluster.set_ready(&name, true, 320_000);
    }
    cluster.set_time(340_000);
    cluster.expect_sync((0, 2, 0), "the last new pods are available");
    cluster.set_time(350_000);
    cluster.expect_sync((0, 0, 0), "the update is complete");
}

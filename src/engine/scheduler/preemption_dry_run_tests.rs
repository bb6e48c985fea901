//! Upstream's `TestDryRunPreemption` and `TestSelectBestCandidate`
//! (defaultpreemption/default_preemption_test.go) on their own nodes and pods: every
//! candidate node with its victims, and the node `pickOneNodeForPreemption` chooses.

use super::tests::{statuses, HIGH, LOW, MID, NEG, VERY_HIGH};
use super::*;
use crate::engine::scheduler::plugins::testutil::*;
use crate::engine::scheduler::profile::default_profile;

/// `epochTimeN`: N nanoseconds after the epoch.
fn epoch(n: u32) -> Option<String> {
    Some(format!("1970-01-01T00:00:00.{n:09}Z"))
}

/// `name` asking for `size` milli-CPU and `size` bytes of memory (upstream's smallRes
/// 100, mediumRes 200, largeRes 300, veryLargeRes 500) with `priority`, on `node`
/// when it is not empty.
fn sized(name: &str, node: &str, size: u32, priority: i32, start: Option<String>) -> Pod {
    let cpu = format!("{size}m");
    let memory = size.to_string();
    let mut p = pod_with_requests(name, &[&[("cpu", &cpu), ("memory", &memory)]]);
    p.spec.node_name = node.into();
    p.spec.priority = Some(priority);
    p.status.start_time = start;
    p
}

/// Upstream's dry-run nodes: `veryLargeRes` (and 32 pods) each, named by the first
/// part of `hostname/zone` and labelled `hostname` and `zone` from its parts.
fn dry_run_nodes(names: &[&str]) -> Vec<crate::engine::api::Node> {
    names
        .iter()
        .map(|spec| {
            let parts: Vec<&str> = spec.split('/').collect();
            let mut n = node_with_allocatable(
                parts[0],
                &[("cpu", "500m"), ("memory", "500"), ("pods", "32")],
            );
            for (key, value) in ["hostname", "zone"].iter().zip(&parts) {
                n.metadata.labels.insert(key.to_string(), value.to_string());
            }
            n
        })
        .collect()
}

/// Follows upstream `TestDryRunPreemption` (defaultpreemption/default_preemption_test.go):
/// every candidate node with its victims, both sorted by name.
#[test]
fn dry_run_preemption_table() {
    let foo_anti_on_hostname = |mut p: Pod| {
        p.metadata.labels.insert("foo".into(), String::new());
        p.spec.affinity = Some(crate::engine::api::types::Affinity {
            pod_anti_affinity: Some(crate::engine::api::types::PodAffinity {
                required: vec![term(selector("foo", "Exists", &[]), "hostname")],
                preferred: Vec::new(),
            }),
            ..Default::default()
        });
        p
    };
    let foo = |mut p: Pod| {
        p.metadata.labels.insert("foo".into(), String::new());
        p
    };
    let bare = |name: &str, node: &str, priority: i32| {
        let mut p = pod(name);
        p.spec.node_name = node.into();
        p.spec.priority = Some(priority);
        p
    };
    let spreading = |mut p: Pod| {
        p.spec.topology_spread_constraints = ["zone", "hostname"]
            .iter()
            .map(|key| crate::engine::api::types::TopologySpreadConstraint {
                max_skew: 1,
                topology_key: key.to_string(),
                when_unsatisfiable: "DoNotSchedule".into(),
                label_selector: Some(selector("foo", "Exists", &[])),
                ..Default::default()
            })
            .collect();
        foo(p)
    };
    type Case = (
        &'static str,
        Vec<&'static str>,
        Pod,
        Vec<Pod>,
        Vec<(&'static str, Vec<&'static str>)>,
    );
    let cases: Vec<Case> = vec![
        (
            "a pod that fits on both nodes when lower priority pods are preempted",
            vec!["node1", "node2"],
            sized("p", "", 300, HIGH, None),
            vec![
                sized("p1", "node1", 300, MID, None),
                sized("p2", "node2", 300, MID, None),
            ],
            vec![("node1", vec!["p1"]), ("node2", vec!["p2"])],
        ),
        (
            "a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen",
            vec!["node1", "node2"],
            sized("p", "", 300, LOW, None),
            vec![
                sized("p1", "node1", 300, MID, None),
                sized("p2", "node2", 300, MID, None),
            ],
            vec![],
        ),
        (
            "medium priority pod is preempted, but lower priority one stays as it is small",
            vec!["node1", "node2"],
            sized("p", "", 300, HIGH, None),
            vec![
                sized("p1.1", "node1", 100, LOW, None),
                sized("p1.2", "node1", 300, MID, None),
                sized("p2", "node2", 300, MID, None),
            ],
            vec![("node1", vec!["p1.2"]), ("node2", vec!["p2"])],
        ),
        (
            "mixed priority pods are preempted",
            vec!["node1", "node2"],
            sized("p", "", 300, HIGH, None),
            vec![
                sized("p1.1", "node1", 100, MID, None),
                sized("p1.2", "node1", 100, LOW, None),
                sized("p1.3", "node1", 200, MID, None),
                sized("p1.4", "node1", 100, HIGH, None),
                sized("p2", "node2", 300, HIGH, None),
            ],
            vec![("node1", vec!["p1.2", "p1.3"])],
        ),
        (
            "mixed priority pods are preempted, pick later StartTime one when priorities are equal",
            vec!["node1", "node2"],
            sized("p", "", 300, HIGH, None),
            vec![
                sized("p1.1", "node1", 100, LOW, epoch(5)),
                sized("p1.2", "node1", 100, LOW, epoch(4)),
                sized("p1.3", "node1", 200, MID, epoch(3)),
                sized("p1.4", "node1", 100, HIGH, epoch(2)),
                sized("p2", "node2", 300, HIGH, epoch(1)),
            ],
            vec![("node1", vec!["p1.1", "p1.3"])],
        ),
        (
            "pod with anti-affinity is preempted",
            vec!["node1", "node2"],
            foo(sized("p", "", 100, HIGH, None)),
            vec![
                foo_anti_on_hostname(sized("p1.1", "node1", 100, LOW, None)),
                sized("p1.2", "node1", 100, MID, None),
                sized("p1.3", "node1", 100, HIGH, None),
                sized("p2", "node2", 100, HIGH, None),
            ],
            vec![("node1", vec!["p1.1"])],
        ),
        (
            "preemption to resolve pod topology spread filter failure",
            vec!["node-a/zone1", "node-b/zone1", "node-x/zone2"],
            spreading(bare("p", "", HIGH)),
            vec![
                foo(bare("pod-a1", "node-a", MID)),
                foo(bare("pod-a2", "node-a", LOW)),
                foo(bare("pod-b1", "node-b", LOW)),
                foo(bare("pod-x1", "node-x", HIGH)),
                foo(bare("pod-x2", "node-x", HIGH)),
            ],
            vec![("node-a", vec!["pod-a2"]), ("node-b", vec!["pod-b1"])],
        ),
    ];
    for (name, node_names, p, pods, want) in cases {
        let snap = ClusterSnapshot::new(&dry_run_nodes(&node_names), &pods);
        let r = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
        let got: Vec<(String, Vec<String>)> = r
            .candidates
            .iter()
            .map(|c| {
                let mut victims: Vec<String> = c.victims.iter().map(|v| v.name.clone()).collect();
                victims.sort();
                (c.node.clone(), victims)
            })
            .collect();
        let want: Vec<(String, Vec<String>)> = want
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Follows upstream `TestSelectBestCandidate`: the node `pickOneNodeForPreemption`
/// chooses among the dry-run candidates.
#[test]
fn select_best_candidate_table() {
    type Case = (&'static str, Vec<&'static str>, Pod, Vec<Pod>, &'static str);
    let t0 = || epoch(0);
    let cases: Vec<Case> = vec![
        (
            "node with min highest priority pod is picked",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 200, MID, t0()),
                sized("p1.2", "node1", 300, MID, t0()),
                sized("p2.1", "node2", 200, MID, t0()),
                sized("p2.2", "node2", 200, LOW, t0()),
                sized("p3.1", "node3", 200, LOW, t0()),
                sized("p3.2", "node3", 200, LOW, t0()),
            ],
            "node3",
        ),
        (
            "when highest priorities are the same, minimum sum of priorities is picked",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 200, MID, t0()),
                sized("p1.2", "node1", 300, MID, t0()),
                sized("p2.1", "node2", 300, MID, t0()),
                sized("p2.2", "node2", 200, LOW, t0()),
                sized("p3.1", "node3", 200, MID, t0()),
                sized("p3.2", "node3", 200, MID, t0()),
            ],
            "node2",
        ),
        (
            "when highest priority and sum are the same, minimum number of pods is picked",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 100, MID, t0()),
                sized("p1.2", "node1", 100, NEG, t0()),
                sized("p1.3", "node1", 100, MID, t0()),
                sized("p1.4", "node1", 100, NEG, t0()),
                sized("p2.1", "node2", 300, MID, t0()),
                sized("p2.2", "node2", 200, NEG, t0()),
                sized("p3.1", "node3", 200, MID, t0()),
                sized("p3.2", "node3", 100, NEG, t0()),
                sized("p3.3", "node3", 100, LOW, t0()),
            ],
            "node2",
        ),
        (
            "sum of adjusted priorities is considered",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 100, MID, t0()),
                sized("p1.2", "node1", 100, NEG, t0()),
                sized("p1.3", "node1", 100, NEG, t0()),
                sized("p2.1", "node2", 300, MID, t0()),
                sized("p2.2", "node2", 200, NEG, t0()),
                sized("p3.1", "node3", 200, MID, t0()),
                sized("p3.2", "node3", 100, NEG, t0()),
                sized("p3.3", "node3", 100, LOW, t0()),
            ],
            "node2",
        ),
        (
            "non-overlapping lowest high priority, sum priorities, and number of pods",
            vec!["node1", "node2", "node3", "node4"],
            sized("p", "", 500, VERY_HIGH, None),
            vec![
                sized("p1.1", "node1", 100, MID, t0()),
                sized("p1.2", "node1", 100, LOW, t0()),
                sized("p1.3", "node1", 100, LOW, t0()),
                sized("p2.1", "node2", 300, HIGH, t0()),
                sized("p3.1", "node3", 200, MID, t0()),
                sized("p3.2", "node3", 100, LOW, t0()),
                sized("p3.3", "node3", 100, LOW, t0()),
                sized("p3.4", "node3", 200, LOW, t0()),
                sized("p4.1", "node4", 200, MID, t0()),
                sized("p4.2", "node4", 100, MID, t0()),
                sized("p4.3", "node4", 100, MID, t0()),
                sized("p4.4", "node4", 100, NEG, t0()),
            ],
            "node1",
        ),
        (
            "same priority, same number of victims, different start time for each node's pod",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 200, MID, epoch(2)),
                sized("p1.2", "node1", 200, MID, epoch(2)),
                sized("p2.1", "node2", 200, MID, epoch(3)),
                sized("p2.2", "node2", 200, MID, epoch(3)),
                sized("p3.1", "node3", 200, MID, epoch(1)),
                sized("p3.2", "node3", 200, MID, epoch(1)),
            ],
            "node2",
        ),
        (
            "same priority, same number of victims, different start time for all pods",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 200, MID, epoch(4)),
                sized("p1.2", "node1", 200, MID, epoch(2)),
                sized("p2.1", "node2", 200, MID, epoch(5)),
                sized("p2.2", "node2", 200, MID, epoch(1)),
                sized("p3.1", "node3", 200, MID, epoch(3)),
                sized("p3.2", "node3", 200, MID, epoch(6)),
            ],
            "node3",
        ),
        (
            "different priority, same number of victims, different start time for all pods",
            vec!["node1", "node2", "node3"],
            sized("p", "", 500, HIGH, None),
            vec![
                sized("p1.1", "node1", 200, LOW, epoch(4)),
                sized("p1.2", "node1", 200, MID, epoch(2)),
                sized("p2.1", "node2", 200, MID, epoch(6)),
                sized("p2.2", "node2", 200, LOW, epoch(1)),
                sized("p3.1", "node3", 200, LOW, epoch(3)),
                sized("p3.2", "node3", 200, MID, epoch(5)),
            ],
            "node2",
        ),
    ];
    for (name, node_names, p, pods, want) in cases {
        let snap = ClusterSnapshot::new(&dry_run_nodes(&node_names), &pods);
        let r = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
        assert_eq!(r.nominated_node.as_deref(), Some(want), "{name}");
    }
}

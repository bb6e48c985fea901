//! Follows upstream `TestPodTopologySpreadScore` (podtopologyspread/scoring_test.go).

use super::common::{DefaultConstraints, LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, SCHEDULE_ANYWAY};
use super::filtering_tests::{foo_pods, with_spread};
use super::scoring::pre_score;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::types::{LabelSelector, OwnerReference};
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo};
use crate::engine::scheduler::plugins::testutil::{labelled, node_with_labels, selector};

fn soft(key: &str, max_skew: i32) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        max_skew,
        topology_key: key.into(),
        when_unsatisfiable: SCHEDULE_ANYWAY.into(),
        label_selector: Some(selector("foo", "Exists", &[])),
        ..Default::default()
    }
}

/// Normalised scores of the `feasible` nodes (in that order); `None` when PreScore skips.
fn scores(pod: &Pod, snap: &ClusterSnapshot, feasible: &[&str]) -> Option<Vec<i64>> {
    let nodes: Vec<&NodeInfo> = feasible.iter().filter_map(|n| snap.node(n)).collect();
    let state = pre_score(pod, snap, &nodes, &DefaultConstraints::system())?;
    let mut s: Vec<i64> = nodes.iter().map(|n| state.score(pod, n)).collect();
    state.normalize_score(&nodes, &mut s);
    Some(s)
}

fn host_nodes(names: &[&str]) -> Vec<Node> {
    names
        .iter()
        .map(|n| node_with_labels(n, &[(LABEL_HOSTNAME, n)]))
        .collect()
}

fn zoned(names: &[(&str, &str)]) -> Vec<Node> {
    names
        .iter()
        .map(|(n, z)| node_with_labels(n, &[(LABEL_HOSTNAME, n), ("zone", z)]))
        .collect()
}

#[test]
fn pod_topology_spread_score_table() {
    let incoming =
        |cs: Vec<TopologySpreadConstraint>| with_spread(labelled("p", &[("foo", "")]), cs);
    let pods = |counts: &[(&str, usize)]| -> Vec<Pod> {
        counts.iter().flat_map(|(n, c)| foo_pods(n, *c)).collect()
    };
    type Case = (
        &'static str,
        Pod,
        Vec<Node>,
        Vec<Pod>,
        Vec<&'static str>,
        Vec<i64>,
    );
    let cases: Vec<Case> = vec![
        (
            "one constraint on node, no existing pods",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b"]),
            vec![],
            vec!["node-a", "node-b"],
            vec![100, 100],
        ),
        (
            "one constraint on node, only one node is candidate",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b"]),
            pods(&[("node-a", 2), ("node-b", 1)]),
            vec!["node-a"],
            vec![100],
        ),
        (
            "one constraint on node, all nodes have the same number of matching pods",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b"]),
            pods(&[("node-a", 1), ("node-b", 1)]),
            vec!["node-a", "node-b"],
            vec![100, 100],
        ),
        (
            "one constraint on node, all 4 nodes are candidates",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b", "node-c", "node-d"]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-d", 3)]),
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![20, 60, 100, 0],
        ),
        (
            "one constraint on zone, 2 zones as 3/1",
            incoming(vec![soft("zone", 1)]),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
                ("node-y", "zone2"),
            ]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-x", 1)]),
            vec!["node-a", "node-b", "node-x", "node-y"],
            // log(2 + 2) = 1.386: zone1 3 × 1.386 = 4.16 → 4, zone2 1.386 → 1.
            vec![25, 25, 100, 100],
        ),
        (
            "nodes without the topology key are ignored and score 0",
            incoming(vec![soft("zone", 1)]),
            {
                let mut n = zoned(&[("node-a", "zone1"), ("node-x", "zone2")]);
                n.push(node_with_labels("node-z", &[(LABEL_HOSTNAME, "node-z")]));
                n
            },
            pods(&[("node-a", 1)]),
            vec!["node-a", "node-x", "node-z"],
            // zone1 1 × log(4) = 1.39 → 1, zone2 0: 100 × (1 + 0 − s) / 1.
            vec![0, 100, 0],
        ),
        (
            "two Constraints on zone and node, with maxSkew 1 and 2",
            incoming(vec![soft("zone", 1), soft(LABEL_HOSTNAME, 2)]),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
                ("node-y", "zone2"),
            ]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec!["node-a", "node-b", "node-x", "node-y"],
            // zone: log(4) × {3, 3, 3, 3}; node: log(6) × {2, 1, 0, 3} + 1.
            // a: 4.16 + 4.58 → 9; b: 4.16 + 2.79 → 7; x: 4.16 + 1 → 5; y: 4.16 + 6.38 → 11;
            // then 100 × (11 + 5 − s) / 11.
            vec![63, 81, 100, 45],
        ),
        (
            "one constraint on node, null selector",
            incoming(vec![TopologySpreadConstraint {
                label_selector: None,
                ..soft(LABEL_HOSTNAME, 1)
            }]),
            host_nodes(&["node-a", "node-b", "node-c", "node-d"]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-d", 3)]),
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![100, 100, 100, 100],
        ),
        (
            "one constraint on node, all 4 nodes are candidates, maxSkew=2",
            incoming(vec![soft(LABEL_HOSTNAME, 2)]),
            host_nodes(&["node-a", "node-b", "node-c", "node-d"]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-d", 3)]),
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![33, 66, 100, 16],
        ),
        (
            "one constraint on node, all 4 nodes are candidates, maxSkew=3",
            incoming(vec![soft(LABEL_HOSTNAME, 3)]),
            host_nodes(&["node-a", "node-b", "node-c", "node-d"]),
            pods(&[("node-a", 4), ("node-b", 3), ("node-c", 2), ("node-d", 1)]),
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![44, 66, 77, 100],
        ),
        (
            "one constraint on node, 3 out of 4 nodes are candidates",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b", "node-x", "node-y"]),
            pods(&[("node-a", 4), ("node-b", 2), ("node-x", 1), ("node-y", 3)]),
            vec!["node-a", "node-b", "node-x"],
            vec![33, 83, 100],
        ),
        (
            "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            {
                let mut n = host_nodes(&["node-a", "node-b", "node-x", "node-y"]);
                n[1] = node_with_labels("node-b", &[("n", "node-b")]);
                n
            },
            pods(&[("node-a", 4), ("node-b", 2), ("node-x", 1), ("node-y", 3)]),
            vec!["node-a", "node-b", "node-x"],
            vec![16, 0, 100],
        ),
        (
            "one constraint on zone, 3 out of 4 nodes are candidates",
            incoming(vec![soft("zone", 1)]),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
                ("node-y", "zone2"),
            ]),
            pods(&[("node-a", 4), ("node-b", 2), ("node-x", 1), ("node-y", 3)]),
            vec!["node-a", "node-b", "node-x"],
            vec![75, 75, 100],
        ),
        (
            "two Constraints on zone and node, 2 out of 4 nodes are candidates",
            incoming(vec![soft("zone", 1), soft(LABEL_HOSTNAME, 1)]),
            zoned(&[
                ("node-a", "zone1"),
                ("node-b", "zone1"),
                ("node-x", "zone2"),
                ("node-y", "zone2"),
            ]),
            pods(&[("node-a", 2), ("node-b", 1), ("node-x", 2), ("node-y", 4)]),
            vec!["node-a", "node-x"],
            vec![100, 63],
        ),
    ];
    for (name, p, nodes, existing, feasible, want) in cases {
        let snap = ClusterSnapshot::new(&nodes, &existing);
        assert_eq!(scores(&p, &snap, &feasible), Some(want), "{name}");
    }
}

#[test]
fn a_pod_without_soft_constraints_or_an_owner_is_not_scored() {
    let snap = ClusterSnapshot::new(&host_nodes(&["node-a"]), &[]);
    assert_eq!(
        scores(&labelled("p", &[("foo", "")]), &snap, &["node-a"]),
        None
    );
}

#[test]
fn system_default_constraints_spread_the_pods_of_a_replica_set() {
    let owned = |name: &str, node: &str| {
        let mut p = labelled(name, &[("app", "web")]);
        p.spec.node_name = node.into();
        p.metadata.owner_references = vec![OwnerReference {
            api_version: "apps/v1".into(),
            kind: "ReplicaSet".into(),
            name: "web-1".into(),
            controller: Some(true),
            ..Default::default()
        }];
        p
    };
    let nodes: Vec<Node> = [("node-a", "zone1"), ("node-b", "zone2")]
        .iter()
        .map(|(n, z)| node_with_labels(n, &[(LABEL_HOSTNAME, n), (LABEL_TOPOLOGY_ZONE, z)]))
        .collect();
    let mut snap = ClusterSnapshot::new(&nodes, &[owned("w1", "node-a"), owned("w2", "node-a")]);
    let incoming = owned("w3", "");
    assert_eq!(
        scores(&incoming, &snap, &["node-a", "node-b"]),
        None,
        "no selector recorded"
    );
    let sel = LabelSelector {
        match_labels: [("app".to_string(), "web".to_string())]
            .into_iter()
            .collect(),
        match_expressions: Vec::new(),
    };
    snap.set_replica_set_selector("default", "web-1", Some(sel));
    // hostname (maxSkew 3): log(4) × {2, 0} + 2; zone (maxSkew 5): log(4) × {2, 0} + 4.
    // a: 4.77 + 6.77 = 11.5 → 12; b: 2 + 4 = 6.
    assert_eq!(
        scores(&incoming, &snap, &["node-a", "node-b"]),
        Some(vec![50, 100])
    );
}

//! Follows upstream `TestPodTopologySpreadScore` (podtopologyspread/scoring_test.go).

use super::common::{DefaultConstraints, LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, SCHEDULE_ANYWAY};
use super::filtering_tests::{
    exists, foo_pods, honoring_taints, ignoring_affinity, named, selecting_foo_nodes,
    unschedulable, with_min_domains, with_node_affinity, with_spread,
};
use super::scoring::pre_score;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::types::{LabelSelector, OwnerReference};
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo};
use crate::engine::scheduler::plugins::testutil::{
    in_namespace, labelled, node_with_labels, on, selector,
};

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

/// A `ScheduleAnyway` constraint over `key` with `label_selector` (`None` is upstream's nil).
fn soft_by(
    key: &str,
    max_skew: i32,
    label_selector: Option<LabelSelector>,
) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        label_selector,
        ..soft(key, max_skew)
    }
}

/// `c` with `matchLabelKeys`.
fn with_match_label_keys(c: TopologySpreadConstraint, keys: &[&str]) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        match_label_keys: keys.iter().map(|k| k.to_string()).collect(),
        ..c
    }
}

/// The incoming pod labelled `foo` and `bar` with `constraints`.
fn foo_bar(constraints: Vec<TopologySpreadConstraint>) -> Pod {
    with_spread(labelled("p", &[("foo", ""), ("bar", "")]), constraints)
}

/// A pod on `node` with each of `labels` set to `""`.
fn placed(name: &str, node: &str, labels: &[&str]) -> Pod {
    let labels: Vec<(&str, &str)> = labels.iter().map(|l| (*l, "")).collect();
    on(labelled(name, &labels), node)
}

/// node-a and node-b in zone1, node-x and node-y in zone2.
fn four_zoned() -> Vec<Node> {
    zoned(&[
        ("node-a", "zone1"),
        ("node-b", "zone1"),
        ("node-x", "zone2"),
        ("node-y", "zone2"),
    ])
}

/// node-a and node-b in zone1, node-c and node-d in zone2.
fn four_zoned_a_to_d() -> Vec<Node> {
    zoned(&[
        ("node-a", "zone1"),
        ("node-b", "zone1"),
        ("node-c", "zone2"),
        ("node-d", "zone2"),
    ])
}

/// P{foo} on node-a, P{foo, bar} on node-b, P{foo} and P{bar} on node-y.
fn foo_and_bar_pods() -> Vec<Pod> {
    vec![
        placed("p-a1", "node-a", &["foo"]),
        placed("p-b1", "node-b", &["foo", "bar"]),
        placed("p-y1", "node-y", &["foo"]),
        placed("p-y2", "node-y", &["bar"]),
    ]
}

/// Nodes labelled `node` with their own name, plus `extra` labels each.
fn by_node_label(specs: &[(&str, &[(&str, &str)])]) -> Vec<Node> {
    specs.iter().map(|(n, extra)| named(n, extra)).collect()
}

/// node-a and node-b labelled `foo`, node-c not.
fn foo_nodes_a_b() -> Vec<Node> {
    by_node_label(&[
        ("node-a", &[("foo", "")]),
        ("node-b", &[("foo", "")]),
        ("node-c", &[]),
    ])
}

/// node-a, node-b and node-c, with node-c tainted `node.kubernetes.io/unschedulable`.
fn tainted_node_c() -> Vec<Node> {
    let mut nodes = by_node_label(&[("node-a", &[]), ("node-b", &[]), ("node-c", &[])]);
    nodes[2] = unschedulable(nodes[2].clone());
    nodes
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
        (
            "two Constraints on zone, 2 out of 4 nodes are candidates",
            foo_bar(vec![soft("zone", 1), soft_by("zone", 1, exists("bar"))]),
            ["node-a", "node-x", "node-b", "node-y"]
                .iter()
                .zip(["zone1", "zone2", "zone1", "zone2"])
                .map(|(n, z)| node_with_labels(n, &[("zone", z)]))
                .collect(),
            vec![
                placed("p-a1", "node-a", &["foo", "bar"]),
                placed("p-a2", "node-a", &["foo"]),
                placed("p-b1", "node-b", &["foo", "bar"]),
                placed("p-y1", "node-y", &["foo"]),
                placed("p-y2", "node-y", &["foo", "bar"]),
                placed("p-y3", "node-y", &["foo"]),
            ],
            vec!["node-a", "node-x"],
            vec![85, 100],
        ),
        (
            "two Constraints on zone and node, with different labelSelectors",
            foo_bar(vec![soft("zone", 1), soft_by(LABEL_HOSTNAME, 1, exists("bar"))]),
            four_zoned(),
            foo_and_bar_pods(),
            vec!["node-a", "node-b", "node-x", "node-y"],
            vec![60, 20, 100, 60],
        ),
        (
            "two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
            foo_bar(vec![soft("zone", 1), soft_by(LABEL_HOSTNAME, 1, exists("bar"))]),
            four_zoned(),
            vec![
                placed("p-b1", "node-b", &["bar"]),
                placed("p-x1", "node-x", &["foo"]),
                placed("p-y1", "node-y", &["foo", "bar"]),
            ],
            vec!["node-a", "node-b", "node-x", "node-y"],
            vec![100, 60, 40, 0],
        ),
        (
            "two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates",
            foo_bar(vec![soft("zone", 1), soft_by(LABEL_HOSTNAME, 1, exists("bar"))]),
            four_zoned(),
            foo_and_bar_pods(),
            vec!["node-a", "node-b", "node-x"],
            vec![50, 25, 100],
        ),
        (
            "existing pods in a different namespace do not count",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b"]),
            vec![
                in_namespace(placed("p-a1", "node-a", &["foo"]), "ns1"),
                placed("p-a2", "node-a", &["foo"]),
                placed("p-b1", "node-b", &["foo"]),
                placed("p-b2", "node-b", &["foo"]),
            ],
            vec!["node-a", "node-b"],
            vec![100, 33],
        ),
        (
            "terminating Pods should be excluded",
            incoming(vec![soft(LABEL_HOSTNAME, 1)]),
            host_nodes(&["node-a", "node-b"]),
            vec![
                {
                    let mut p = placed("p-a", "node-a", &["foo"]);
                    p.metadata.deletion_timestamp = Some("2025-01-01T00:00:00Z".into());
                    p
                },
                placed("p-b", "node-b", &["foo"]),
            ],
            vec!["node-a", "node-b"],
            vec![100, 0],
        ),
        (
            "minDomains has no effect when ScheduleAnyway",
            incoming(vec![with_min_domains(soft("node", 2), 10)]),
            by_node_label(&[("node-a", &[]), ("node-b", &[]), ("node-c", &[])]),
            pods(&[("node-a", 2), ("node-b", 2), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![75, 75, 100],
        ),
        (
            "NodeAffinityPolicy honoed with labelSelectors",
            selecting_foo_nodes(incoming(vec![soft("node", 1)])),
            foo_nodes_a_b(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![0, 33, 100],
        ),
        (
            "NodeAffinityPolicy ignored with labelSelectors",
            selecting_foo_nodes(incoming(vec![ignoring_affinity(soft("node", 1))])),
            foo_nodes_a_b(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![66, 100, 100],
        ),
        (
            "NodeAffinityPolicy honoed with nodeAffinity",
            with_node_affinity(incoming(vec![soft("node", 1)]), "foo", "In", &[""]),
            foo_nodes_a_b(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![0, 33, 100],
        ),
        (
            "NodeAffinityPolicy ignored with nodeAffinity",
            with_node_affinity(
                incoming(vec![ignoring_affinity(soft("node", 1))]),
                "foo",
                "In",
                &[""],
            ),
            foo_nodes_a_b(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![66, 100, 100],
        ),
        (
            "NodeTaintsPolicy honored",
            incoming(vec![honoring_taints(soft("node", 1))]),
            tainted_node_c(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![0, 33, 100],
        ),
        (
            "NodeTaintsPolicy ignored",
            incoming(vec![soft("node", 1)]),
            tainted_node_c(),
            pods(&[("node-a", 2), ("node-b", 1), ("node-c", 1)]),
            vec!["node-a", "node-b", "node-c"],
            vec![66, 100, 100],
        ),
        (
            "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
            foo_bar(vec![
                with_match_label_keys(soft_by("zone", 1, Some(LabelSelector::default())), &["foo"]),
                with_match_label_keys(
                    soft_by(LABEL_HOSTNAME, 1, Some(LabelSelector::default())),
                    &["bar"],
                ),
            ]),
            four_zoned_a_to_d(),
            vec![
                placed("p-a1", "node-a", &["foo"]),
                placed("p-b1", "node-b", &["foo", "bar"]),
                placed("p-y1", "node-c", &["foo"]),
                placed("p-y2", "node-c", &["bar"]),
            ],
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![60, 20, 60, 100],
        ),
        (
            "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
            with_spread(
                labelled("p", &[("foo", ""), ("bar", ""), ("baz", "")]),
                vec![
                    soft("zone", 1),
                    with_match_label_keys(soft_by(LABEL_HOSTNAME, 1, exists("bar")), &["baz"]),
                ],
            ),
            four_zoned_a_to_d(),
            vec![
                placed("p-a1", "node-a", &["foo"]),
                placed("p-b1", "node-b", &["foo", "bar", "baz"]),
                placed("p-c1", "node-c", &["foo"]),
                placed("p-c2", "node-c", &["bar"]),
                placed("p-d3", "node-c", &["bar", "baz"]),
            ],
            vec!["node-a", "node-b", "node-c", "node-d"],
            vec![60, 20, 60, 100],
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

/// A pod named `p` in `default` with `labels`, controlled by the ReplicaSet `rs1`.
fn owned_by_rs1(labels: &[(&str, &str)]) -> Pod {
    let mut p = labelled("p", labels);
    p.metadata.owner_references = vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: "rs1".into(),
        controller: Some(true),
        ..Default::default()
    }];
    p
}

/// Upstream `TestPreScoreStateEmptyNodes`: what PreScore records before counting pods
/// (`(topologyKey, maxSkew, honors node affinity, honors taints)` per constraint, the
/// ignored nodes, the domains per constraint and the normalizing weights, as
/// `log(size + 2)`'s size).
#[test]
fn pre_score_state_empty_nodes_table() {
    type Constraint<'a> = (&'a str, i32, bool, bool);
    type Case = (
        &'static str,
        Pod,
        Vec<Node>,
        DefaultConstraints,
        Vec<Constraint<'static>>,
        Vec<&'static str>,
        Vec<Vec<&'static str>>,
        Vec<usize>,
    );
    let three = || {
        zoned(&[
            ("node-a", "zone1"),
            ("node-b", "zone1"),
            ("node-x", "zone2"),
        ])
    };
    let three_foo_a_b = || {
        let mut nodes = three();
        for n in &mut nodes[..2] {
            n.metadata.labels.insert("foo".into(), String::new());
        }
        nodes
    };
    let incoming =
        |cs: Vec<TopologySpreadConstraint>| with_spread(labelled("p", &[("foo", "")]), cs);
    let list = |cs: Vec<(&str, i32, &str)>| {
        DefaultConstraints::list(
            cs.into_iter()
                .map(|(key, skew, action)| TopologySpreadConstraint {
                    max_skew: skew,
                    topology_key: key.into(),
                    when_unsatisfiable: action.into(),
                    ..Default::default()
                })
                .collect(),
        )
    };
    let cases: Vec<Case> = vec![
        (
            "normal case",
            incoming(vec![soft("zone", 1), soft(LABEL_HOSTNAME, 1)]),
            three(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false), (LABEL_HOSTNAME, 1, true, false)],
            vec![],
            vec![vec!["zone1", "zone2"], vec![]],
            vec![2, 3],
        ),
        (
            "null selector",
            incoming(vec![soft_by("zone", 1, None)]),
            three(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "node-x doesn't have label zone",
            incoming(vec![
                soft("zone", 1),
                soft_by(LABEL_HOSTNAME, 1, exists("bar")),
            ]),
            {
                let mut nodes = three();
                nodes[2].metadata.labels.remove("zone");
                nodes
            },
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false), (LABEL_HOSTNAME, 1, true, false)],
            vec!["node-x"],
            vec![vec!["zone1"], vec![]],
            vec![1, 2],
        ),
        (
            "system default constraints and a replicaset",
            owned_by_rs1(&[("foo", "tar"), ("baz", "sup")]),
            ["node-a", "node-b", "node-c", "node-d"]
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let mut labels = vec![(LABEL_HOSTNAME, *n)];
                    if i < 2 {
                        labels.push((LABEL_TOPOLOGY_ZONE, "mars"));
                    }
                    node_with_labels(n, &labels)
                })
                .collect(),
            DefaultConstraints::system(),
            vec![
                (LABEL_HOSTNAME, 3, true, false),
                (LABEL_TOPOLOGY_ZONE, 5, true, false),
            ],
            vec![],
            vec![vec![], vec!["", "mars"]],
            vec![4, 2],
        ),
        (
            "default constraints and a replicaset",
            owned_by_rs1(&[("foo", "tar"), ("baz", "sup")]),
            vec![node_with_labels(
                "node-a",
                &[
                    ("rack", "rack1"),
                    (LABEL_HOSTNAME, "node-a"),
                    ("planet", "mars"),
                ],
            )],
            list(vec![
                (LABEL_HOSTNAME, 1, SCHEDULE_ANYWAY),
                ("rack", 2, "DoNotSchedule"),
                ("planet", 2, SCHEDULE_ANYWAY),
            ]),
            vec![(LABEL_HOSTNAME, 1, true, false), ("planet", 2, true, false)],
            vec![],
            vec![vec![], vec!["mars"]],
            vec![1, 1],
        ),
        (
            "default constraints and a replicaset, but pod has constraints",
            with_spread(
                owned_by_rs1(&[("foo", "bar"), ("baz", "sup")]),
                vec![
                    TopologySpreadConstraint {
                        when_unsatisfiable: "DoNotSchedule".into(),
                        ..soft_by("zone", 1, exists("bar"))
                    },
                    soft_by("planet", 2, Some(selector("baz", "In", &["sup"]))),
                ],
            ),
            vec![node_with_labels(
                "node-a",
                &[("planet", "mars"), ("galaxy", "andromeda")],
            )],
            list(vec![("galaxy", 2, SCHEDULE_ANYWAY)]),
            vec![("planet", 2, true, false)],
            vec![],
            vec![vec!["mars"]],
            vec![1],
        ),
        (
            "NodeAffinityPolicy honored with labelSelectors",
            selecting_foo_nodes(incoming(vec![soft_by("zone", 1, exists("bar"))])),
            three_foo_a_b(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "NodeAffinityPolicy ignored with labelSelectors",
            selecting_foo_nodes(incoming(vec![ignoring_affinity(soft_by(
                "zone",
                1,
                exists("bar"),
            ))])),
            three_foo_a_b(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, false, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "NodeAffinityPolicy honored with nodeAffinity",
            with_node_affinity(
                incoming(vec![soft_by("zone", 1, exists("bar"))]),
                "foo",
                "In",
                &[""],
            ),
            three_foo_a_b(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "NodeAffinityPolicy ignored with nodeAffinity",
            with_node_affinity(
                incoming(vec![ignoring_affinity(soft_by("zone", 1, exists("bar")))]),
                "foo",
                "In",
                &[""],
            ),
            three_foo_a_b(),
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, false, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "NodeTaintsPolicy honored",
            incoming(vec![honoring_taints(soft_by("zone", 1, exists("bar")))]),
            {
                let mut nodes = three_foo_a_b();
                nodes[2] = unschedulable(nodes[2].clone());
                nodes
            },
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, true)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
        (
            "NodeTaintsPolicy ignored",
            incoming(vec![soft_by("zone", 1, exists("bar"))]),
            {
                let mut nodes = three_foo_a_b();
                nodes[2] = unschedulable(nodes[2].clone());
                nodes
            },
            DefaultConstraints::list(vec![]),
            vec![("zone", 1, true, false)],
            vec![],
            vec![vec!["zone1", "zone2"]],
            vec![2],
        ),
    ];
    for (name, p, nodes, defaults, constraints, ignored, domains, sizes) in cases {
        let mut snap = ClusterSnapshot::new(&nodes, &[]);
        snap.set_replica_set_selector("default", "rs1", Some(selector("foo", "Exists", &[])));
        let feasible: Vec<&NodeInfo> = snap.nodes().collect();
        let state = pre_score(&p, &snap, &feasible, &defaults)
            .unwrap_or_else(|| panic!("{name}: PreScore skipped"));
        let got: Vec<Constraint> = state
            .constraints
            .iter()
            .map(|c| {
                let key = c.topology_key.as_str();
                (key, c.max_skew, c.honor_node_affinity, c.honor_node_taints)
            })
            .collect();
        assert_eq!(got, constraints, "{name}: constraints");
        let got: Vec<&str> = state.ignored_nodes.iter().map(String::as_str).collect();
        assert_eq!(got, ignored, "{name}: ignored nodes");
        let got: Vec<Vec<(&str, i64)>> = state
            .topology_value_to_pod_counts
            .iter()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), *v)).collect())
            .collect();
        let want: Vec<Vec<(&str, i64)>> = domains
            .iter()
            .map(|d| d.iter().map(|k| (*k, 0)).collect())
            .collect();
        assert_eq!(got, want, "{name}: pod counts");
        let want: Vec<f64> = sizes.iter().map(|s| ((s + 2) as f64).ln()).collect();
        assert_eq!(state.topology_normalizing_weight, want, "{name}: weights");
    }
}

/// Upstream `TestPreScoreSkip`: PreScore skips a pod without `ScheduleAnyway` constraints
/// and a defaulted pod whose ReplicaSet is not known.
#[test]
fn pre_score_skip_table() {
    let list_planet = DefaultConstraints::list(vec![TopologySpreadConstraint {
        max_skew: 2,
        topology_key: "planet".into(),
        when_unsatisfiable: SCHEDULE_ANYWAY.into(),
        ..Default::default()
    }]);
    let cases: Vec<(&str, Pod, Vec<Node>, DefaultConstraints)> = vec![
        (
            "the pod doesn't have soft topology spread Constraints",
            labelled("p", &[]),
            host_nodes(&["node-a", "node-b"]),
            DefaultConstraints::list(vec![]),
        ),
        (
            "default constraints and a replicaset that doesn't match",
            {
                let mut p = owned_by_rs1(&[("foo", "bar"), ("baz", "sup")]);
                p.metadata.owner_references[0].name = "rs2".into();
                p
            },
            vec![node_with_labels("node-a", &[("planet", "mars")])],
            list_planet,
        ),
    ];
    for (name, p, nodes, defaults) in cases {
        let mut snap = ClusterSnapshot::new(&nodes, &[]);
        snap.set_replica_set_selector("default", "rs1", Some(selector("tar", "Exists", &[])));
        let feasible: Vec<&NodeInfo> = snap.nodes().collect();
        assert!(
            pre_score(&p, &snap, &feasible, &defaults).is_none(),
            "{name}"
        );
    }
}

//! Follows upstream `TestSingleConstraint` and `TestMultipleConstraints`
//! (podtopologyspread/filtering_test.go), plus preemption's dry-run extensions.

use super::common::{DefaultConstraints, DO_NOT_SCHEDULE, SCHEDULE_ANYWAY};

use super::pre_filter::pre_filter;
use super::*;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::types::{Affinity, SelectorRequirement};
use crate::engine::api::types::{LabelSelector, NodeAffinity, NodeSelector, NodeSelectorTerm};
use crate::engine::api::{Node, Pod};
use crate::engine::api::{TaintEffect, TolerationOperator};
use crate::engine::scheduler::framework::{Code, CycleState};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::{
    labelled, node_with_labels, on, selector, taint, toleration,
};

/// A `DoNotSchedule` constraint over `key` selecting pods with label `foo`.
pub(super) fn spread(key: &str, max_skew: i32) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        max_skew,
        topology_key: key.into(),
        when_unsatisfiable: DO_NOT_SCHEDULE.into(),
        label_selector: Some(selector("foo", "Exists", &[])),
        ..Default::default()
    }
}

pub(super) fn with_spread(mut p: Pod, constraints: Vec<TopologySpreadConstraint>) -> Pod {
    p.spec.topology_spread_constraints = constraints;
    p
}

/// `n` pods labelled `foo` on `node`, named after it.
pub(super) fn foo_pods(node: &str, n: usize) -> Vec<Pod> {
    (0..n)
        .map(|i| on(labelled(&format!("p-{node}-{i}"), &[("foo", "")]), node))
        .collect()
}

type Verdict = (Code, Vec<String>);

pub(super) fn ok() -> Verdict {
    (Code::Success, Vec::new())
}
pub(super) fn skew() -> Verdict {
    (
        Code::Unschedulable,
        vec![ERR_REASON_CONSTRAINTS_NOT_MATCH.into()],
    )
}
pub(super) fn no_label() -> Verdict {
    (
        Code::UnschedulableAndUnresolvable,
        vec![ERR_REASON_NODE_LABEL_NOT_MATCH.into()],
    )
}

pub(super) fn statuses(incoming: &Pod, nodes: &[Node], pods: &[Pod]) -> Vec<Verdict> {
    let snap = ClusterSnapshot::new(nodes, pods);
    let state = CycleState::for_snapshot(incoming, &snap);
    snap.nodes()
        .map(|n| {
            let s = filter(&state, n);
            (s.code, s.reasons)
        })
        .collect()
}

/// node-a and node-b in zone1, node-x and node-y in zone2, each labelled with its name.
pub(super) fn four_nodes() -> Vec<Node> {
    [
        ("node-a", "zone1"),
        ("node-b", "zone1"),
        ("node-x", "zone2"),
        ("node-y", "zone2"),
    ]
    .iter()
    .map(|(n, z)| node_with_labels(n, &[("zone", z), ("node", n)]))
    .collect()
}

/// node-a, node-b and node-x labelled `foo`; node-y not.
pub(super) fn foo_nodes_and_bare_y() -> Vec<Node> {
    vec![
        named("node-a", &[("foo", "")]),
        named("node-b", &[("foo", "")]),
        named("node-x", &[("foo", "")]),
        named("node-y", &[]),
    ]
}

/// node-a, node-b and node-x labelled `foo`; node-y tainted.
pub(super) fn foo_nodes_and_tainted_y() -> Vec<Node> {
    let mut nodes = foo_nodes_and_bare_y();
    nodes[3] = unschedulable(named("node-y", &[]));
    nodes
}

pub(super) fn pods_at(counts: &[(&str, usize)]) -> Vec<Pod> {
    counts.iter().flat_map(|(n, c)| foo_pods(n, *c)).collect()
}

/// Upstream's `wantStatusCode` per node, in node order: `S` success, `U` a skew too high,
/// `X` the topology key missing.
pub(super) fn verdicts(codes: &str) -> Vec<Verdict> {
    codes
        .chars()
        .map(|c| match c {
            'S' => ok(),
            'U' => skew(),
            'X' => no_label(),
            other => panic!("unknown verdict {other}"),
        })
        .collect()
}

/// `name` on `node`, labelled with `labels`.
pub(super) fn placed(name: &str, node: &str, labels: &[(&str, &str)]) -> Pod {
    on(labelled(name, labels), node)
}

/// A node labelled `zone` and `node` (its own name).
pub(super) fn zoned(name: &str, zone: &str) -> Node {
    node_with_labels(name, &[("zone", zone), ("node", name)])
}

/// A node labelled only `node` (its own name), plus `extra`.
pub(super) fn named(name: &str, extra: &[(&str, &str)]) -> Node {
    let mut labels = vec![("node", name)];
    labels.extend_from_slice(extra);
    node_with_labels(name, &labels)
}

/// A `DoNotSchedule` constraint over `key` with `label_selector` (`None` is upstream's nil).
pub(super) fn spread_by(
    key: &str,
    max_skew: i32,
    label_selector: Option<LabelSelector>,
) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        label_selector,
        ..spread(key, max_skew)
    }
}

/// `fooSelector` / `barSelector`: the label `key` exists.
pub(super) fn exists(key: &str) -> Option<LabelSelector> {
    Some(selector(key, "Exists", &[]))
}

/// `c` with `nodeAffinityPolicy: Ignore`.
pub(super) fn ignoring_affinity(c: TopologySpreadConstraint) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        node_affinity_policy: Some("Ignore".into()),
        ..c
    }
}

/// `c` with `nodeTaintsPolicy: Honor`.
pub(super) fn honoring_taints(c: TopologySpreadConstraint) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        node_taints_policy: Some("Honor".into()),
        ..c
    }
}

/// `c` with `minDomains`.
pub(super) fn with_min_domains(
    c: TopologySpreadConstraint,
    min_domains: i32,
) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        min_domains: Some(min_domains),
        ..c
    }
}

/// `p` requiring nodes whose label `key` is (`In`) or is not (`NotIn`) one of `values`.
pub(super) fn with_node_affinity(mut p: Pod, key: &str, operator: &str, values: &[&str]) -> Pod {
    p.spec.affinity = Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: vec![SelectorRequirement {
                        key: key.into(),
                        operator: operator.into(),
                        values: values.iter().map(|v| v.to_string()).collect(),
                    }],
                    match_fields: Vec::new(),
                }],
            }),
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    p
}

/// `p` with the nodeSelector `foo: ""`.
pub(super) fn selecting_foo_nodes(mut p: Pod) -> Pod {
    p.spec.node_selector = [("foo".to_string(), String::new())].into_iter().collect();
    p
}

/// `n` with upstream's `taints`: `node.kubernetes.io/unschedulable:NoSchedule`.
pub(super) fn unschedulable(mut n: Node) -> Node {
    n.spec.taints = vec![taint(UNSCHEDULABLE_TAINT, "", TaintEffect::NoSchedule)];
    n
}

/// `p` tolerating `node.kubernetes.io/unschedulable:NoSchedule` (`st.Toleration`).
pub(super) fn tolerating_unschedulable(mut p: Pod) -> Pod {
    p.spec.tolerations = vec![toleration(
        UNSCHEDULABLE_TAINT,
        TolerationOperator::Exists,
        "",
        Some(TaintEffect::NoSchedule),
    )]
    .into();
    p
}

pub(super) const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

#[test]
fn single_constraint_table() {
    let foo = |name: &str| labelled(name, &[("foo", "")]);
    let zone = |skew: i32| with_spread(foo("p"), vec![spread("zone", skew)]);
    let node = |skew: i32| with_spread(foo("p"), vec![spread("node", skew)]);
    let mut tainted = four_nodes();
    tainted[1].spec.taints = vec![taint("foo", "", TaintEffect::NoSchedule)];
    type Case = (&'static str, Pod, Vec<Node>, Vec<Pod>, Vec<Verdict>);
    let cases: Vec<Case> = vec![
        (
            "no existing pods",
            zone(1),
            four_nodes(),
            vec![],
            vec![ok(), ok(), ok(), ok()],
        ),
        (
            "no existing pods, incoming pod doesn't match itself",
            with_spread(labelled("p", &[]), vec![spread("zone", 1)]),
            four_nodes(),
            vec![],
            vec![ok(), ok(), ok(), ok()],
        ),
        (
            "existing pods in a different namespace do not count",
            zone(1),
            four_nodes(),
            {
                let mut pods = pods_at(&[("node-a", 1), ("node-b", 1)]);
                pods.iter_mut()
                    .for_each(|p| p.metadata.namespace = "ns1".into());
                pods.extend(pods_at(&[("node-x", 2)]));
                pods
            },
            vec![ok(), ok(), skew(), skew()],
        ),
        (
            "pods spread across zones as 3/3, all nodes fit",
            zone(1),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-b", 2), ("node-x", 2), ("node-y", 1)]),
            vec![ok(), ok(), ok(), ok()],
        ),
        (
            "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
            zone(1),
            {
                let mut nodes = four_nodes();
                nodes[1] = node_with_labels("node-b", &[("node", "node-b")]);
                nodes
            },
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-x", 1), ("node-y", 1)]),
            vec![ok(), no_label(), skew(), skew()],
        ),
        (
            "pod cannot be scheduled as all nodes don't have label 'rack'",
            with_spread(foo("p"), vec![spread("rack", 1)]),
            four_nodes(),
            vec![],
            vec![no_label(), no_label(), no_label(), no_label()],
        ),
        (
            "pods spread across nodes as 2/1/0/3, only node-x fits",
            node(1),
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), skew(), ok(), skew()],
        ),
        (
            "pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
            node(2),
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), ok(), ok(), skew()],
        ),
        (
            "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
            with_spread(labelled("p", &[]), vec![spread("node", 1)]),
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), ok(), ok(), skew()],
        ),
        (
            "terminating pods are not counted",
            node(1),
            four_nodes(),
            {
                let mut pods = pods_at(&[("node-a", 1), ("node-x", 1), ("node-y", 1)]);
                pods[0].metadata.deletion_timestamp = Some("2025-01-01T00:00:00Z".into());
                pods
            },
            vec![ok(), ok(), skew(), skew()],
        ),
        (
            "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
            {
                let mut p = node(1);
                p.spec.affinity = Some(Affinity {
                    node_affinity: Some(NodeAffinity {
                        required: Some(NodeSelector {
                            node_selector_terms: vec![NodeSelectorTerm {
                                match_expressions: vec![SelectorRequirement {
                                    key: "node".into(),
                                    operator: "In".into(),
                                    values: vec!["node-a".into(), "node-y".into()],
                                }],
                                match_fields: Vec::new(),
                            }],
                        }),
                        preferred: Vec::new(),
                    }),
                    ..Default::default()
                });
                p
            },
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            // Only node-a (2) and node-y (3) count as domains; node-b and node-x, outside
            // the node affinity, are NodeAffinity's to reject (this filter alone passes
            // them: no pods counted there, 0 + 1 - 2).
            vec![ok(), ok(), ok(), skew()],
        ),
        (
            "pods spread across zones as 2/2 with minDomains 3: the global minimum is 0",
            with_spread(
                foo("p"),
                vec![TopologySpreadConstraint {
                    min_domains: Some(3),
                    ..spread("zone", 2)
                }],
            ),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            vec![skew(), skew(), ok(), ok()],
        ),
        (
            "nodeTaintsPolicy Ignore counts the tainted node-b, so zone1 holds 2 and zone2 fits",
            zone(1),
            tainted.clone(),
            pods_at(&[("node-b", 2), ("node-x", 1)]),
            vec![skew(), skew(), ok(), ok()],
        ),
        (
            "nodeTaintsPolicy Honor leaves out the tainted node-b, so zone1 holds none",
            with_spread(
                foo("p"),
                vec![TopologySpreadConstraint {
                    node_taints_policy: Some("Honor".into()),
                    ..spread("zone", 1)
                }],
            ),
            tainted,
            pods_at(&[("node-b", 2), ("node-x", 1)]),
            vec![ok(), ok(), skew(), skew()],
        ),
        (
            "matchLabelKeys narrows the selector to pods with the incoming pod's value",
            with_spread(
                labelled("p", &[("foo", ""), ("version", "v2")]),
                vec![TopologySpreadConstraint {
                    match_label_keys: vec!["version".into()],
                    ..spread("zone", 1)
                }],
            ),
            four_nodes(),
            {
                let mut pods = pods_at(&[("node-a", 2)]);
                pods.iter_mut().for_each(|p| {
                    p.metadata.labels.insert("version".into(), "v1".into());
                });
                pods
            },
            vec![ok(), ok(), ok(), ok()],
        ),
        (
            "existing pods do not match null selector",
            with_spread(foo("p"), vec![spread_by("zone", 1, None)]),
            four_nodes(),
            pods_at(&[("node-x", 1), ("node-y", 1)]),
            verdicts("SSSS"),
        ),
        (
            "incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits",
            with_node_affinity(zone(1), "node", "NotIn", &["node-b"]),
            four_nodes(),
            pods_at(&[("node-b", 2), ("node-y", 1)]),
            // node-b, outside the node affinity, is NodeAffinity's to reject.
            verdicts("SSUU"),
        ),
        (
            "pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits",
            with_spread(foo("p"), vec![with_min_domains(spread("node", 2), 4)]),
            vec![named("node-a", &[]), named("node-b", &[]), named("node-c", &[])],
            pods_at(&[("node-a", 2), ("node-b", 2), ("node-c", 1)]),
            verdicts("UUS"),
        ),
        (
            "pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit",
            with_spread(foo("p"), vec![with_min_domains(spread("node", 2), 2)]),
            vec![named("node-a", &[]), named("node-b", &[]), named("node-c", &[])],
            pods_at(&[("node-a", 2), ("node-b", 2), ("node-c", 1)]),
            verdicts("SSS"),
        ),
        (
            "pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit",
            with_spread(foo("p"), vec![with_min_domains(spread("zone", 2), 3)]),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("UUSS"),
        ),
        (
            "pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit",
            with_spread(foo("p"), vec![with_min_domains(spread("zone", 2), 1)]),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("SSSS"),
        ),
        (
            "NodeAffinityPolicy honored with labelSelectors",
            selecting_foo_nodes(node(1)),
            foo_nodes_and_bare_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            // node-y, outside the nodeSelector, is NodeAffinity's to reject.
            verdicts("UUSS"),
        ),
        (
            "NodeAffinityPolicy ignored with labelSelectors",
            selecting_foo_nodes(with_spread(foo("p"), vec![ignoring_affinity(spread("node", 1))])),
            foo_nodes_and_bare_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("UUSU"),
        ),
        (
            "NodeAffinityPolicy honored with nodeAffinity",
            with_node_affinity(node(1), "foo", "In", &[""]),
            foo_nodes_and_bare_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("UUSS"),
        ),
        (
            "NodeAffinityPolicy ignored with labelSelectors",
            with_node_affinity(
                with_spread(foo("p"), vec![ignoring_affinity(spread("node", 1))]),
                "foo",
                "In",
                &[""],
            ),
            foo_nodes_and_bare_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("UUSU"),
        ),
        (
            "NodeTaintsPolicy honored",
            with_spread(foo("p"), vec![honoring_taints(spread("node", 1))]),
            foo_nodes_and_tainted_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            // node-y, tainted, is TaintToleration's to reject.
            verdicts("UUSS"),
        ),
        (
            "NodeTaintsPolicy ignored",
            node(1),
            foo_nodes_and_tainted_y(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]),
            verdicts("UUSU"),
        ),
        (
            "terminating Pods should be excluded",
            node(1),
            vec![named("node-a", &[]), named("node-b", &[])],
            {
                let mut pods = pods_at(&[("node-a", 1), ("node-b", 1)]);
                pods[0].metadata.deletion_timestamp = Some("2025-01-01T00:00:00Z".into());
                pods
            },
            verdicts("SU"),
        ),
    ];
    for (name, incoming, nodes, pods, want) in cases {
        assert_eq!(statuses(&incoming, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn multiple_constraints_table() {
    let foo = |name: &str| labelled(name, &[("foo", "")]);
    let both = || with_spread(foo("p"), vec![spread("zone", 1), spread("node", 1)]);
    let foo_bar = || labelled("p", &[("foo", ""), ("bar", "")]);
    let zone_foo_node_bar = |p: Pod| {
        with_spread(
            p,
            vec![
                spread_by("zone", 1, exists("foo")),
                spread_by("node", 1, exists("bar")),
            ],
        )
    };
    let zone_bar_zone_foo = || {
        with_spread(
            foo_bar(),
            vec![
                spread_by("zone", 1, exists("bar")),
                spread_by("zone", 1, exists("foo")),
            ],
        )
    };
    let foo_nodes = || {
        vec![
            zoned("node-a", "zone1"),
            zoned("node-b", "zone1"),
            zoned("node-x", "zone2"),
            zoned("node-y", "zone2"),
        ]
        .into_iter()
        .map(|mut n| {
            n.metadata.labels.insert("foo".into(), String::new());
            n
        })
        .collect::<Vec<_>>()
    };
    let a_b_y = || pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 1)]);
    type Case = (&'static str, Pod, Vec<Node>, Vec<Pod>, Vec<Verdict>);
    let cases: Vec<Case> = vec![
        (
            "two Constraints on zone and node, spreads = [3/3, 2/1/0/3]",
            both(),
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), skew(), ok(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [3/4, 2/1/0/4]",
            both(),
            four_nodes(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 4)]),
            vec![skew(), skew(), skew(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [2/3, 1/1/0/3]",
            both(),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), skew(), skew(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [1/3, 1/0/0/3]",
            both(),
            four_nodes(),
            pods_at(&[("node-a", 1), ("node-y", 3)]),
            vec![skew(), ok(), skew(), skew()],
        ),
        (
            "Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]",
            zone_foo_node_bar(foo_bar()),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-y1", "node-y", &[("bar", "")]),
            ],
            verdicts("UUSU"),
        ),
        (
            "Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]",
            zone_foo_node_bar(foo_bar()),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-x1", "node-x", &[("bar", "")]),
                placed("p-y1", "node-y", &[("bar", "")]),
            ],
            verdicts("UUUU"),
        ),
        (
            "Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]",
            zone_foo_node_bar(foo_bar()),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-a2", "node-a", &[("foo", ""), ("bar", "")]),
                placed("p-y1", "node-y", &[("foo", "")]),
                placed("p-y2", "node-y", &[("foo", ""), ("bar", "")]),
                placed("p-y3", "node-y", &[("foo", "")]),
            ],
            verdicts("USUU"),
        ),
        (
            "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
            zone_foo_node_bar(labelled("p", &[("bar", "")])),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-x1", "node-x", &[("bar", "")]),
                placed("p-y1", "node-y", &[("bar", "")]),
            ],
            verdicts("SSUU"),
        ),
        (
            "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
            both(),
            {
                let mut nodes = four_nodes();
                nodes[2] = node_with_labels("node-x", &[("zone", "zone2")]);
                nodes
            },
            pods_at(&[("node-a", 1), ("node-y", 1)]),
            verdicts("USXU"),
        ),
        (
            "two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore",
            selecting_foo_nodes(with_spread(
                foo("p"),
                vec![spread("zone", 1), ignoring_affinity(spread("node", 1))],
            )),
            {
                let mut nodes = foo_nodes();
                nodes[3] = zoned("node-y", "zone2");
                nodes
            },
            a_b_y(),
            verdicts("UUSU"),
        ),
        (
            "two node inclusion Constraints, zone: honor/honor, node: honor/ignore",
            with_spread(
                foo("p"),
                vec![honoring_taints(spread("zone", 1)), spread("node", 1)],
            ),
            {
                let mut nodes = foo_nodes();
                nodes[3] = unschedulable(zoned("node-y", "zone2"));
                nodes
            },
            a_b_y(),
            verdicts("UUSU"),
        ),
        (
            "two node inclusion Constraints, zone: honor/ignore, node: honor/ignore",
            selecting_foo_nodes(both()),
            {
                let mut nodes = foo_nodes();
                nodes[1] = zoned("node-b", "zone1");
                nodes[3] = unschedulable(nodes[3].clone());
                nodes
            },
            a_b_y(),
            verdicts("USSU"),
        ),
        (
            "two node inclusion Constraints, zone: honor/honor, node: ignore/ignore",
            selecting_foo_nodes(with_spread(
                foo("p"),
                vec![
                    honoring_taints(spread("zone", 1)),
                    ignoring_affinity(spread("node", 1)),
                ],
            )),
            {
                let mut nodes = foo_nodes();
                nodes[1] = zoned("node-b", "zone1");
                nodes[3] = unschedulable(nodes[3].clone());
                nodes
            },
            a_b_y(),
            verdicts("UUSU"),
        ),
        (
            "two Constraints on zone, spreads = [3/3, 2/1]",
            zone_bar_zone_foo(),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", ""), ("bar", "")]),
                placed("p-a2", "node-a", &[("foo", "")]),
                placed("p-b1", "node-b", &[("foo", ""), ("bar", "")]),
                placed("p-y1", "node-y", &[("foo", "")]),
                placed("p-y2", "node-y", &[("foo", ""), ("bar", "")]),
                placed("p-y3", "node-y", &[("foo", "")]),
            ],
            verdicts("UUSS"),
        ),
        (
            "two Constraints on zone, spreads = [3/4, 2/1]",
            zone_bar_zone_foo(),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", ""), ("bar", "")]),
                placed("p-a2", "node-a", &[("foo", "")]),
                placed("p-b1", "node-b", &[("foo", ""), ("bar", "")]),
                placed("p-y1", "node-y", &[("foo", "")]),
                placed("p-y2", "node-y", &[("foo", ""), ("bar", "")]),
                placed("p-y3", "node-y", &[("foo", "")]),
                placed("p-y4", "node-y", &[("foo", "")]),
            ],
            verdicts("UUUU"),
        ),
    ];
    for (name, incoming, nodes, pods, want) in cases {
        assert_eq!(statuses(&incoming, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn a_pod_without_do_not_schedule_constraints_skips_the_filter() {
    let snap = ClusterSnapshot::new(&four_nodes(), &[]);
    let mut c = spread("zone", 1);
    c.when_unsatisfiable = SCHEDULE_ANYWAY.into();
    assert!(pre_filter(
        &with_spread(labelled("p", &[]), vec![c]),
        &snap,
        &DefaultConstraints::system()
    )
    .is_none());
    assert!(pre_filter(&labelled("p", &[]), &snap, &DefaultConstraints::system()).is_none());
}

#[test]
fn removing_pods_in_a_dry_run_lowers_the_domain_count_and_the_global_minimum() {
    let nodes = four_nodes();
    let pods = pods_at(&[("node-a", 2), ("node-b", 1), ("node-x", 1), ("node-y", 1)]);
    let incoming = with_spread(labelled("p", &[("foo", "")]), vec![spread("zone", 1)]);
    let snap = ClusterSnapshot::new(&nodes, &pods);
    let mut state = CycleState::for_snapshot(&incoming, &snap);
    let mut a = snap.node("node-a").expect("node").clone();
    assert_eq!(
        filter(&state, &a).code,
        Code::Unschedulable,
        "zone1 3, zone2 2"
    );
    let victim = a.remove_pod("default", "p-node-a-0").expect("pod");
    state.remove_pod(&victim, &a.node);
    assert!(filter(&state, &a).is_success(), "zone1 2, zone2 2");
    let y = snap.node("node-y").expect("node");
    let gone = y.pods[0].clone();
    state.remove_pod(&gone, &y.node);
    let s = state.topology_spread.as_ref().expect("state");
    assert_eq!(s.min_match_num(0), 1, "zone2 down to 1");
    assert_eq!(
        filter(&state, &a).code,
        Code::Unschedulable,
        "2 + 1 - 1 > 1"
    );
}

#[test]
fn an_invalid_selector_selects_nothing() {
    let mut c = spread("zone", 1);
    c.label_selector = Some(LabelSelector {
        match_labels: Default::default(),
        match_expressions: vec![SelectorRequirement {
            key: "foo".into(),
            operator: "In".into(),
            values: Vec::new(),
        }],
    });
    let incoming = with_spread(labelled("p", &[("foo", "")]), vec![c]);
    let pods = pods_at(&[("node-a", 3)]);
    assert_eq!(
        statuses(&incoming, &four_nodes(), &pods),
        vec![ok(), ok(), ok(), ok()]
    );
}

//! Follows upstream `TestSingleConstraint` and `TestMultipleConstraints`
//! (podtopologyspread/filtering_test.go), plus preemption's dry-run extensions.

use super::common::{DefaultConstraints, DO_NOT_SCHEDULE, SCHEDULE_ANYWAY};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::pre_filter::{pre_filter, PreFilterState};
use super::*;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::types::{Affinity, SelectorRequirement};
use crate::engine::api::types::{LabelSelector, NodeAffinity, NodeSelector, NodeSelectorTerm};
use crate::engine::api::{Node, Pod};
use crate::engine::api::{TaintEffect, TolerationOperator};
use crate::engine::scheduler::framework::{Code, CycleState};
use crate::engine::scheduler::node_info::{ClusterSnapshot, PodInfo};
use crate::engine::scheduler::plugins::testutil::{
    in_namespace, labelled, node_with_labels, on, selector, taint, toleration,
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

fn ok() -> Verdict {
    (Code::Success, Vec::new())
}
fn skew() -> Verdict {
    (
        Code::Unschedulable,
        vec![ERR_REASON_CONSTRAINTS_NOT_MATCH.into()],
    )
}
fn no_label() -> Verdict {
    (
        Code::UnschedulableAndUnresolvable,
        vec![ERR_REASON_NODE_LABEL_NOT_MATCH.into()],
    )
}

fn statuses(incoming: &Pod, nodes: &[Node], pods: &[Pod]) -> Vec<Verdict> {
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
fn four_nodes() -> Vec<Node> {
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
fn foo_nodes_and_bare_y() -> Vec<Node> {
    vec![
        named("node-a", &[("foo", "")]),
        named("node-b", &[("foo", "")]),
        named("node-x", &[("foo", "")]),
        named("node-y", &[]),
    ]
}

/// node-a, node-b and node-x labelled `foo`; node-y tainted.
fn foo_nodes_and_tainted_y() -> Vec<Node> {
    let mut nodes = foo_nodes_and_bare_y();
    nodes[3] = unschedulable(named("node-y", &[]));
    nodes
}

fn pods_at(counts: &[(&str, usize)]) -> Vec<Pod> {
    counts.iter().flat_map(|(n, c)| foo_pods(n, *c)).collect()
}

/// Upstream's `wantStatusCode` per node, in node order: `S` success, `U` a skew too high,
/// `X` the topology key missing.
fn verdicts(codes: &str) -> Vec<Verdict> {
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
fn placed(name: &str, node: &str, labels: &[(&str, &str)]) -> Pod {
    on(labelled(name, labels), node)
}

/// A node labelled `zone` and `node` (its own name).
fn zoned(name: &str, zone: &str) -> Node {
    node_with_labels(name, &[("zone", zone), ("node", name)])
}

/// A node labelled only `node` (its own name), plus `extra`.
fn named(name: &str, extra: &[(&str, &str)]) -> Node {
    let mut labels = vec![("node", name)];
    labels.extend_from_slice(extra);
    node_with_labels(name, &labels)
}

/// A `DoNotSchedule` constraint over `key` with `label_selector` (`None` is upstream's nil).
fn spread_by(
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
fn exists(key: &str) -> Option<LabelSelector> {
    Some(selector(key, "Exists", &[]))
}

/// `c` with `nodeAffinityPolicy: Ignore`.
fn ignoring_affinity(c: TopologySpreadConstraint) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        node_affinity_policy: Some("Ignore".into()),
        ..c
    }
}

/// `c` with `nodeTaintsPolicy: Honor`.
fn honoring_taints(c: TopologySpreadConstraint) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        node_taints_policy: Some("Honor".into()),
        ..c
    }
}

/// `c` with `minDomains`.
fn with_min_domains(c: TopologySpreadConstraint, min_domains: i32) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        min_domains: Some(min_domains),
        ..c
    }
}

/// `p` requiring nodes whose label `key` is (`In`) or is not (`NotIn`) one of `values`.
fn with_node_affinity(mut p: Pod, key: &str, operator: &str, values: &[&str]) -> Pod {
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
fn selecting_foo_nodes(mut p: Pod) -> Pod {
    p.spec.node_selector = [("foo".to_string(), String::new())].into_iter().collect();
    p
}

/// `n` with upstream's `taints`: `node.kubernetes.io/unschedulable:NoSchedule`.
fn unschedulable(mut n: Node) -> Node {
    n.spec.taints = vec![taint(UNSCHEDULABLE_TAINT, "", TaintEffect::NoSchedule)];
    n
}

/// `p` tolerating `node.kubernetes.io/unschedulable:NoSchedule` (`st.Toleration`).
fn tolerating_unschedulable(mut p: Pod) -> Pod {
    p.spec.tolerations = vec![toleration(
        UNSCHEDULABLE_TAINT,
        TolerationOperator::Exists,
        "",
        Some(TaintEffect::NoSchedule),
    )]
    .into();
    p
}

const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

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

/// Upstream's `TpValueToMatchNum`: per constraint, matching pods per domain.
fn domain_counts(want: &[&[(&str, i64)]]) -> Vec<BTreeMap<String, i64>> {
    want.iter()
        .map(|m| m.iter().map(|(k, v)| (k.to_string(), *v)).collect())
        .collect()
}

/// What PreFilter kept: the counts per domain and, per constraint, the global minimum
/// (upstream's `CriticalPaths[i][0].MatchNum`; every case here has `minDomains` 1 and at
/// least one domain, so `minMatchNum` is that minimum).
fn kept(s: &PreFilterState) -> (Vec<BTreeMap<String, i64>>, Vec<i64>) {
    let mins = (0..s.constraints.len())
        .map(|i| s.min_match_num(i))
        .collect();
    (s.tp_value_to_match_num.clone(), mins)
}

/// `name`'s PreFilter state for `incoming` over `nodes` and `pods` (no default constraints).
fn pre_filtered(incoming: &Pod, nodes: &[Node], pods: &[Pod]) -> Option<PreFilterState> {
    let snap = ClusterSnapshot::new(nodes, pods);
    pre_filter(incoming, &snap, &DefaultConstraints::list(Vec::new()))
}

/// `p` (labelled `foo`) spreading with `constraints`.
fn foo_spreading(constraints: Vec<TopologySpreadConstraint>) -> Pod {
    with_spread(labelled("p", &[("foo", "")]), constraints)
}

/// node-a and node-b (zone1) and node-c, labelled `node`; node-a and node-b also `foo`,
/// node-c `bar`.
fn inclusion_nodes() -> Vec<Node> {
    vec![
        named("node-a", &[("foo", "")]),
        named("node-b", &[("foo", "")]),
        named("node-c", &[("bar", "")]),
    ]
}

/// p-a (bar) on node-a, p-b and p-c (bar) on node-b, p-d (unlabelled) on node-c.
fn inclusion_pods() -> Vec<Pod> {
    vec![
        placed("p-a", "node-a", &[("bar", "")]),
        placed("p-b", "node-b", &[("bar", "")]),
        placed("p-c", "node-b", &[("bar", "")]),
        placed("p-d", "node-c", &[]),
    ]
}

/// node-a, node-b and node-c labelled `node`; node-c tainted and labelled `bar`.
fn taint_nodes() -> Vec<Node> {
    vec![
        named("node-a", &[]),
        named("node-b", &[]),
        unschedulable(named("node-c", &[("bar", "")])),
    ]
}

#[test]
fn pre_filter_state_table() {
    let foo = exists("foo");
    let bar = exists("bar");
    let zone_foo = || spread_by("zone", 1, foo.clone());
    let node_foo = || spread_by("node", 1, foo.clone());
    let node_bar = || spread_by("node", 1, bar.clone());
    let a2_b1_y2 = || pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 2)]);
    let a2_b1_y4 = || pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 4)]);
    let a_b_y = || {
        vec![
            zoned("node-a", "zone1"),
            zoned("node-b", "zone1"),
            zoned("node-y", "zone2"),
        ]
    };
    let all_foo_a = |counts: &[(&str, usize)]| {
        let mut pods = pods_at(counts);
        pods.iter_mut().for_each(|p| {
            p.metadata.labels.insert("foo".into(), "a".into());
        });
        pods
    };
    let foo_bar_pod = || labelled("p", &[("foo", ""), ("bar", "")]);
    type Want = (&'static [&'static [(&'static str, i64)]], &'static [i64]);
    type Case = (&'static str, Pod, Vec<Node>, Vec<Pod>, Want);
    let cases: Vec<Case> =
        vec![
        (
            "clean cluster with one spreadConstraint",
            foo_spreading(vec![spread_by(
                "zone",
                5,
                Some(LabelSelector {
                    match_labels: [("foo".to_string(), "bar".to_string())].into_iter().collect(),
                    match_expressions: Vec::new(),
                }),
            )]),
            four_nodes(),
            vec![],
            (&[&[("zone1", 0), ("zone2", 0)]], &[0]),
        ),
        (
            "normal case with one spreadConstraint",
            foo_spreading(vec![zone_foo()]),
            four_nodes(),
            a2_b1_y2(),
            (&[&[("zone1", 3), ("zone2", 2)]], &[2]),
        ),
        (
            "normal case with null label selector",
            foo_spreading(vec![spread_by("zone", 1, None)]),
            four_nodes(),
            a2_b1_y2(),
            (&[&[("zone1", 0), ("zone2", 0)]], &[0]),
        ),
        (
            "normal case with one spreadConstraint, on a 3-zone cluster",
            foo_spreading(vec![zone_foo()]),
            {
                let mut nodes = four_nodes();
                nodes.push(zoned("node-o", "zone3"));
                nodes.push(zoned("node-p", "zone3"));
                nodes
            },
            a2_b1_y2(),
            (&[&[("zone1", 3), ("zone2", 2), ("zone3", 0)]], &[0]),
        ),
        (
            "namespace mismatch doesn't count",
            foo_spreading(vec![zone_foo()]),
            four_nodes(),
            {
                let mut pods = a2_b1_y2();
                pods[1].metadata.namespace = "ns1".into();
                pods[3].metadata.namespace = "ns2".into();
                pods
            },
            (&[&[("zone1", 2), ("zone2", 1)]], &[1]),
        ),
        (
            "normal case with two spreadConstraints",
            foo_spreading(vec![zone_foo(), node_foo()]),
            four_nodes(),
            a2_b1_y4(),
            (
                &[
                    &[("zone1", 3), ("zone2", 4)],
                    &[("node-a", 2), ("node-b", 1), ("node-x", 0), ("node-y", 4)],
                ],
                &[3, 0],
            ),
        ),
        (
            "soft spreadConstraints should be bypassed",
            foo_spreading(vec![
                TopologySpreadConstraint {
                    when_unsatisfiable: SCHEDULE_ANYWAY.into(),
                    ..zone_foo()
                },
                zone_foo(),
                TopologySpreadConstraint {
                    when_unsatisfiable: SCHEDULE_ANYWAY.into(),
                    ..node_foo()
                },
                node_foo(),
            ]),
            a_b_y(),
            a2_b1_y4(),
            (
                &[
                    &[("zone1", 3), ("zone2", 4)],
                    &[("node-a", 2), ("node-b", 1), ("node-y", 4)],
                ],
                &[3, 1],
            ),
        ),
        (
            "different labelSelectors - simple version",
            with_spread(foo_bar_pod(), vec![zone_foo(), node_bar()]),
            a_b_y(),
            vec![
                placed("p-a", "node-a", &[("foo", "")]),
                placed("p-b", "node-b", &[("bar", "")]),
            ],
            (
                &[
                    &[("zone1", 1), ("zone2", 0)],
                    &[("node-a", 0), ("node-b", 1), ("node-y", 0)],
                ],
                &[0, 0],
            ),
        ),
        (
            "different labelSelectors - complex pods",
            with_spread(foo_bar_pod(), vec![zone_foo(), node_bar()]),
            a_b_y(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-a2", "node-a", &[("foo", ""), ("bar", "")]),
                placed("p-b1", "node-b", &[("foo", "")]),
                placed("p-y1", "node-y", &[("foo", "")]),
                placed("p-y2", "node-y", &[("foo", ""), ("bar", "")]),
                placed("p-y3", "node-y", &[("foo", "")]),
                placed("p-y4", "node-y", &[("foo", ""), ("bar", "")]),
            ],
            (
                &[
                    &[("zone1", 3), ("zone2", 4)],
                    &[("node-a", 1), ("node-b", 0), ("node-y", 2)],
                ],
                &[3, 0],
            ),
        ),
        (
            "two spreadConstraints, and with podAffinity",
            with_node_affinity(
                foo_spreading(vec![zone_foo(), node_foo()]),
                "node",
                "NotIn",
                &["node-x"],
            ),
            four_nodes(),
            a2_b1_y4(),
            (
                &[
                    &[("zone1", 3), ("zone2", 4)],
                    &[("node-a", 2), ("node-b", 1), ("node-y", 4)],
                ],
                &[3, 1],
            ),
        ),
        (
            "TpKeyToDomainsNum is calculated when MinDomains is enabled",
            foo_spreading(vec![zone_foo(), node_foo()]),
            four_nodes(),
            a2_b1_y4(),
            (
                &[
                    &[("zone1", 3), ("zone2", 4)],
                    &[("node-a", 2), ("node-b", 1), ("node-x", 0), ("node-y", 4)],
                ],
                &[3, 0],
            ),
        ),
        (
            "feature gate disabled with NodeAffinityPolicy",
            selecting_foo_nodes(foo_spreading(vec![node_bar()])),
            inclusion_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2)]], &[1]),
        ),
        (
            "NodeAffinityPolicy honored with labelSelectors",
            selecting_foo_nodes(foo_spreading(vec![node_bar()])),
            inclusion_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2)]], &[1]),
        ),
        (
            "NodeAffinityPolicy ignored with labelSelectors",
            selecting_foo_nodes(foo_spreading(vec![ignoring_affinity(node_bar())])),
            inclusion_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2), ("node-c", 0)]], &[0]),
        ),
        (
            "NodeAffinityPolicy honored with nodeAffinity",
            with_node_affinity(foo_spreading(vec![node_bar()]), "foo", "In", &[""]),
            inclusion_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2)]], &[1]),
        ),
        (
            "NodeAffinityPolicy ignored with nodeAffinity",
            with_node_affinity(
                foo_spreading(vec![ignoring_affinity(node_bar())]),
                "foo",
                "In",
                &[""],
            ),
            inclusion_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2), ("node-c", 0)]], &[0]),
        ),
        (
            "feature gate disabled with NodeTaintsPolicy",
            foo_spreading(vec![node_bar()]),
            taint_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2), ("node-c", 0)]], &[0]),
        ),
        (
            "NodeTaintsPolicy ignored",
            foo_spreading(vec![node_bar()]),
            taint_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2), ("node-c", 0)]], &[0]),
        ),
        (
            "NodeTaintsPolicy honored",
            foo_spreading(vec![honoring_taints(node_bar())]),
            taint_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2)]], &[1]),
        ),
        (
            "NodeTaintsPolicy honored with tolerated taints",
            tolerating_unschedulable(foo_spreading(vec![honoring_taints(node_bar())])),
            taint_nodes(),
            inclusion_pods(),
            (&[&[("node-a", 1), ("node-b", 2), ("node-c", 0)]], &[0]),
        ),
        (
            "two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore",
            selecting_foo_nodes(foo_spreading(vec![zone_foo(), ignoring_affinity(node_foo())])),
            vec![
                node_with_labels("node-a", &[("zone", "zone1"), ("node", "node-a"), ("foo", "")]),
                zoned("node-b", "zone1"),
                node_with_labels("node-x", &[("zone", "zone2"), ("node", "node-x"), ("foo", "")]),
            ],
            pods_at(&[("node-b", 2), ("node-x", 1)]),
            (
                &[
                    &[("zone1", 0), ("zone2", 1)],
                    &[("node-a", 0), ("node-b", 2), ("node-x", 1)],
                ],
                &[0, 0],
            ),
        ),
        (
            "two node inclusion Constraints, zone: honor/honor, node: honor/ignore",
            foo_spreading(vec![honoring_taints(zone_foo()), node_foo()]),
            vec![
                node_with_labels("node-a", &[("zone", "zone1"), ("node", "node-a"), ("foo", "")]),
                unschedulable(zoned("node-b", "zone1")),
                node_with_labels("node-x", &[("zone", "zone2"), ("node", "node-x"), ("foo", "")]),
            ],
            pods_at(&[("node-b", 2), ("node-x", 1)]),
            (
                &[
                    &[("zone1", 0), ("zone2", 1)],
                    &[("node-a", 0), ("node-b", 2), ("node-x", 1)],
                ],
                &[0, 0],
            ),
        ),
        (
            "two node inclusion Constraints, zone: honor/ignore, node: honor/ignore",
            selecting_foo_nodes(foo_spreading(vec![zone_foo(), node_foo()])),
            vec![
                zoned("node-a", "zone1"),
                unschedulable(node_with_labels(
                    "node-b",
                    &[("zone", "zone1"), ("node", "node-b"), ("foo", "")],
                )),
                node_with_labels("node-x", &[("zone", "zone2"), ("node", "node-x"), ("foo", "")]),
                zoned("node-y", "zone2"),
            ],
            pods_at(&[("node-a", 2), ("node-x", 1), ("node-y", 1)]),
            (
                &[&[("zone1", 0), ("zone2", 1)], &[("node-b", 0), ("node-x", 1)]],
                &[0, 0],
            ),
        ),
        (
            "two node inclusion Constraints, zone: ignore/ignore, node: honor/honor",
            selecting_foo_nodes(foo_spreading(vec![
                ignoring_affinity(zone_foo()),
                honoring_taints(node_foo()),
            ])),
            vec![
                zoned("node-a", "zone1"),
                unschedulable(node_with_labels(
                    "node-b",
                    &[("zone", "zone1"), ("node", "node-b"), ("foo", "")],
                )),
                node_with_labels("node-x", &[("zone", "zone2"), ("node", "node-x"), ("foo", "")]),
                node_with_labels("node-y", &[("zone", "zone2"), ("node", "node-y"), ("foo", "")]),
            ],
            pods_at(&[("node-a", 2), ("node-x", 2), ("node-y", 1)]),
            (
                &[&[("zone1", 2), ("zone2", 3)], &[("node-x", 2), ("node-y", 1)]],
                &[2, 1],
            ),
        ),
        (
            "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
            with_spread(
                labelled("p", &[("foo", ""), ("bar", "a")]),
                vec![TopologySpreadConstraint {
                    match_label_keys: vec!["bar".into()],
                    ..zone_foo()
                }],
            ),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", "")]),
                placed("p-a2", "node-a", &[("foo", ""), ("bar", "a")]),
                placed("p-b1", "node-b", &[("foo", "")]),
                placed("p-y1", "node-y", &[("foo", ""), ("bar", "a")]),
                placed("p-y2", "node-y", &[("bar", "")]),
            ],
            (&[&[("zone1", 1), ("zone2", 1)]], &[1]),
        ),
        (
            "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
            with_spread(
                labelled("p", &[("foo", "a")]),
                vec![TopologySpreadConstraint {
                    match_label_keys: vec!["foo".into()],
                    ..spread_by("zone", 1, Some(LabelSelector::default()))
                }],
            ),
            four_nodes(),
            all_foo_a(&[("node-a", 2), ("node-b", 1), ("node-y", 2)]),
            (&[&[("zone1", 3), ("zone2", 2)]], &[2]),
        ),
        (
            "key in matchLabelKeys is ignored when LabelSelector is nil when feature gate enabled",
            foo_spreading(vec![TopologySpreadConstraint {
                match_label_keys: vec!["bar".into()],
                ..spread_by("zone", 1, None)
            }]),
            four_nodes(),
            all_foo_a(&[("node-a", 2), ("node-b", 1), ("node-y", 2)]),
            (&[&[("zone1", 0), ("zone2", 0)]], &[0]),
        ),
        (
            "no pod is matched when LabelSelector is nil when feature gate disabled",
            foo_spreading(vec![TopologySpreadConstraint {
                match_label_keys: vec!["bar".into()],
                ..spread_by("zone", 1, None)
            }]),
            four_nodes(),
            all_foo_a(&[("node-a", 2), ("node-b", 1), ("node-y", 2)]),
            (&[&[("zone1", 0), ("zone2", 0)]], &[0]),
        ),
        (
            "key in matchLabelKeys is ignored when it isn't exist in pod.labels",
            foo_spreading(vec![TopologySpreadConstraint {
                match_label_keys: vec!["bar".into()],
                ..zone_foo()
            }]),
            four_nodes(),
            all_foo_a(&[("node-a", 2), ("node-b", 1), ("node-y", 2)]),
            (&[&[("zone1", 3), ("zone2", 2)]], &[2]),
        ),
        (
            "two spreadConstraints with the same topologyKey",
            with_spread(
                foo_bar_pod(),
                vec![zone_foo(), spread_by("zone", 1, bar.clone())],
            ),
            four_nodes(),
            vec![
                placed("p-a1", "node-a", &[("foo", ""), ("bar", "")]),
                placed("p-b1", "node-b", &[("foo", "")]),
                placed("p-x1", "node-x", &[("bar", "")]),
                placed("p-y1", "node-y", &[("foo", ""), ("bar", "")]),
                placed("p-y2", "node-y", &[("bar", "")]),
            ],
            (
                &[&[("zone1", 2), ("zone2", 1)], &[("zone1", 1), ("zone2", 3)]],
                &[1, 1],
            ),
        ),
    ];
    for (name, incoming, nodes, pods, (counts, mins)) in cases {
        let s = pre_filtered(&incoming, &nodes, &pods).expect(name);
        assert_eq!(kept(&s), (domain_counts(counts), mins.to_vec()), "{name}");
    }
}

#[test]
fn pre_filter_skips_a_pod_without_constraints_or_with_only_soft_defaults() {
    // "skip if not specified"
    let nodes = vec![zoned("node-a", "zone1")];
    assert!(pre_filtered(&labelled("p", &[("foo", "")]), &nodes, &[]).is_none());
    // "default soft constraints and a service": only ScheduleAnyway defaults, so no
    // DoNotSchedule constraint whatever selects the pod.
    let snap = ClusterSnapshot::new(&nodes, &[]);
    let soft = TopologySpreadConstraint {
        when_unsatisfiable: SCHEDULE_ANYWAY.into(),
        label_selector: None,
        ..spread("node", 2)
    };
    let defaults = DefaultConstraints::list(vec![soft]);
    assert!(pre_filter(&labelled("p", &[("foo", "bar")]), &snap, &defaults).is_none());
}

/// Node a and b in zone1, each labelled with its name.
fn zone1_a_b() -> Vec<Node> {
    vec![zoned("node-a", "zone1"), zoned("node-b", "zone1")]
}

/// node-a (zone1, `foo=bar`) and node-b (zone2, `foo=""`).
fn foo_bar_zones() -> Vec<Node> {
    vec![
        node_with_labels(
            "node-a",
            &[("zone", "zone1"), ("node", "node-a"), ("foo", "bar")],
        ),
        node_with_labels(
            "node-b",
            &[("zone", "zone2"), ("node", "node-b"), ("foo", "")],
        ),
    ]
}

/// node-a (zone1, tainted) and node-b (zone2).
fn tainted_zone1() -> Vec<Node> {
    vec![
        unschedulable(zoned("node-a", "zone1")),
        zoned("node-b", "zone2"),
    ]
}

/// `name` (`foo`, and `zone` as a label) on `node`.
fn foo_in_zone(name: &str, node: &str, zone: &str) -> Pod {
    placed(name, node, &[("foo", ""), ("zone", zone)])
}

/// One upstream `TestPreFilterStateAddPod` / `TestPreFilterStateRemovePod` case: the
/// preemptor, the nodes, the pods there, the pod added or removed and its node (an index).
type UpdateCase = (
    &'static str,
    Pod,
    Vec<Node>,
    Vec<Pod>,
    Pod,
    usize,
    (&'static [&'static [(&'static str, i64)]], &'static [i64]),
);

/// Runs `cases`, adding (`delta` 1) or removing (-1) each case's pod after PreFilter.
fn run_update_cases(cases: Vec<UpdateCase>, delta: i64) {
    for (name, incoming, nodes, pods, changed, node_index, (counts, mins)) in cases {
        let mut s = pre_filtered(&incoming, &nodes, &pods).expect(name);
        let changed = PodInfo::new(Arc::new(changed));
        if delta > 0 {
            s.add_pod(&incoming, &changed, &nodes[node_index]);
        } else {
            s.remove_pod(&incoming, &changed, &nodes[node_index]);
        }
        assert_eq!(kept(&s), (domain_counts(counts), mins.to_vec()), "{name}");
    }
}

#[test]
fn pre_filter_state_add_pod_table() {
    let foo = exists("foo");
    let zone_foo = || spread_by("zone", 1, foo.clone());
    let node_foo = || spread_by("node", 1, foo.clone());
    let on_node = || foo_spreading(vec![node_foo()]);
    let on_zone_and_node = || foo_spreading(vec![zone_foo(), node_foo()]);
    let different_selectors = || {
        with_spread(
            labelled("p", &[("foo", ""), ("bar", "")]),
            vec![zone_foo(), spread_by("node", 1, exists("bar"))],
        )
    };
    let a_b_x = || {
        vec![
            zoned("node-a", "zone1"),
            zoned("node-b", "zone1"),
            zoned("node-x", "zone2"),
        ]
    };
    let unmatched_affinity =
        || with_node_affinity(foo_spreading(vec![zone_foo()]), "foo", "NotIn", &["bar"]);
    let a2_b1 = || {
        vec![
            foo_in_zone("p-a2", "node-a", "zone1"),
            foo_in_zone("p-b1", "node-b", "zone2"),
        ]
    };
    let a1_b2 = || {
        vec![
            foo_in_zone("p-a1", "node-a", "zone1"),
            foo_in_zone("p-b2", "node-b", "zone2"),
        ]
    };
    let cases: Vec<UpdateCase> = vec![
        (
            "node a and b both impact current min match",
            on_node(),
            zone1_a_b(),
            vec![],
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (&[&[("node-a", 1), ("node-b", 0)]], &[0]),
        ),
        (
            "only node a impacts current min match",
            on_node(),
            zone1_a_b(),
            vec![placed("p-b1", "node-b", &[("foo", "")])],
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (&[&[("node-a", 1), ("node-b", 1)]], &[1]),
        ),
        (
            "add a pod in a different namespace doesn't change topologyKeyToMinPodsMap",
            on_node(),
            zone1_a_b(),
            vec![placed("p-b1", "node-b", &[("foo", "")])],
            in_namespace(placed("p-a1", "node-a", &[("foo", "")]), "ns1"),
            0,
            (&[&[("node-a", 0), ("node-b", 1)]], &[0]),
        ),
        (
            "add pod on non-critical node won't trigger re-calculation",
            on_node(),
            zone1_a_b(),
            vec![placed("p-b1", "node-b", &[("foo", "")])],
            placed("p-b2", "node-b", &[("foo", "")]),
            1,
            (&[&[("node-a", 0), ("node-b", 2)]], &[0]),
        ),
        (
            "node a and x both impact topologyKeyToMinPodsMap on zone and node",
            on_zone_and_node(),
            vec![zoned("node-a", "zone1"), zoned("node-x", "zone2")],
            vec![],
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (
                &[&[("zone1", 1), ("zone2", 0)], &[("node-a", 1), ("node-x", 0)]],
                &[0, 0],
            ),
        ),
        (
            "only node a impacts topologyKeyToMinPodsMap on zone and node",
            on_zone_and_node(),
            vec![zoned("node-a", "zone1"), zoned("node-x", "zone2")],
            vec![placed("p-x1", "node-x", &[("foo", "")])],
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (
                &[&[("zone1", 1), ("zone2", 1)], &[("node-a", 1), ("node-x", 1)]],
                &[1, 1],
            ),
        ),
        (
            "node a impacts topologyKeyToMinPodsMap on node, node x impacts topologyKeyToMinPodsMap on zone",
            on_zone_and_node(),
            a_b_x(),
            pods_at(&[("node-b", 2), ("node-x", 1)]),
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (
                &[
                    &[("zone1", 3), ("zone2", 1)],
                    &[("node-a", 1), ("node-b", 2), ("node-x", 1)],
                ],
                &[1, 1],
            ),
        ),
        (
            "Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on zone",
            different_selectors(),
            a_b_x(),
            vec![
                placed("p-b1", "node-b", &[("foo", ""), ("bar", "")]),
                placed("p-x1", "node-x", &[("foo", ""), ("bar", "")]),
                placed("p-x2", "node-x", &[("bar", "")]),
            ],
            placed("p-a1", "node-a", &[("foo", "")]),
            0,
            (
                &[
                    &[("zone1", 2), ("zone2", 1)],
                    &[("node-a", 0), ("node-b", 1), ("node-x", 2)],
                ],
                &[1, 0],
            ),
        ),
        (
            "Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on both zone and node",
            different_selectors(),
            a_b_x(),
            vec![
                placed("p-b1", "node-b", &[("bar", "")]),
                placed("p-x1", "node-x", &[("foo", ""), ("bar", "")]),
                placed("p-x2", "node-x", &[("bar", "")]),
            ],
            placed("p-a1", "node-a", &[("foo", ""), ("bar", "")]),
            0,
            (
                &[
                    &[("zone1", 1), ("zone2", 1)],
                    &[("node-a", 1), ("node-b", 1), ("node-x", 2)],
                ],
                &[1, 1],
            ),
        ),
        (
            "add a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy disabled",
            unmatched_affinity(),
            foo_bar_zones(),
            a2_b1(),
            foo_in_zone("p-a1", "node-a", "zone1"),
            0,
            (&[&[("zone2", 1)]], &[1]),
        ),
        (
            "add a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled",
            unmatched_affinity(),
            foo_bar_zones(),
            a2_b1(),
            foo_in_zone("p-a1", "node-a", "zone1"),
            0,
            (&[&[("zone2", 1)]], &[1]),
        ),
        (
            "add a pod when scheduling node affinity matched pod with NodeInclusionPolicy disabled",
            foo_spreading(vec![zone_foo()]),
            foo_bar_zones(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 2)]], &[1]),
        ),
        (
            "add a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled",
            foo_spreading(vec![zone_foo()]),
            foo_bar_zones(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 2)]], &[1]),
        ),
        (
            "add a label selector not matched pod when with NodeInclusionPolicy enabled",
            foo_spreading(vec![zone_foo()]),
            foo_bar_zones(),
            a1_b2(),
            placed("p-b1", "node-b", &[("zone", "zone2")]),
            1,
            (&[&[("zone1", 1), ("zone2", 1)]], &[1]),
        ),
        (
            "add a pod when scheduling taint untolerated pod with NodeInclusionPolicy disabled",
            foo_spreading(vec![zone_foo()]),
            tainted_zone1(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 2)]], &[1]),
        ),
        (
            "add a pod when scheduling taint tolerated pod with NodeInclusionPolicy enabled",
            tolerating_unschedulable(foo_spreading(vec![zone_foo()])),
            tainted_zone1(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 2)]], &[1]),
        ),
    ];
    run_update_cases(cases, 1);
}

#[test]
fn pre_filter_state_remove_pod_table() {
    let foo = exists("foo");
    let zone_foo = || spread_by("zone", 1, foo.clone());
    let on_zone = || foo_spreading(vec![zone_foo()]);
    let a_b_x = || {
        vec![
            zoned("node-a", "zone1"),
            zoned("node-b", "zone1"),
            zoned("node-x", "zone2"),
        ]
    };
    let one_each = || pods_at(&[("node-a", 1), ("node-b", 1), ("node-x", 1), ("node-y", 1)]);
    let unmatched_affinity = || with_node_affinity(on_zone(), "foo", "NotIn", &["bar"]);
    let a2_b1 = || {
        vec![
            foo_in_zone("p-a2", "node-a", "zone1"),
            foo_in_zone("p-b1", "node-b", "zone2"),
        ]
    };
    let a1_b2 = || {
        vec![
            foo_in_zone("p-a1", "node-a", "zone1"),
            foo_in_zone("p-b2", "node-b", "zone2"),
        ]
    };
    let cases: Vec<UpdateCase> = vec![
        (
            "one spreadConstraint on zone, topologyKeyToMinPodsMap unchanged",
            on_zone(),
            a_b_x(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            foo_pods("node-a", 1).remove(0),
            0,
            (&[&[("zone1", 1), ("zone2", 1)]], &[1]),
        ),
        (
            "one spreadConstraint on node, topologyKeyToMinPodsMap changed",
            on_zone(),
            four_nodes(),
            one_each(),
            foo_pods("node-a", 1).remove(0),
            0,
            (&[&[("zone1", 1), ("zone2", 2)]], &[1]),
        ),
        (
            "delete an irrelevant pod won't help",
            on_zone(),
            four_nodes(),
            {
                let mut pods = one_each();
                pods.push(placed("p-a0", "node-a", &[("bar", "")]));
                pods
            },
            placed("p-a0", "node-a", &[("bar", "")]),
            0,
            (&[&[("zone1", 2), ("zone2", 2)]], &[2]),
        ),
        (
            "delete a non-existing pod won't help",
            on_zone(),
            four_nodes(),
            one_each(),
            placed("p-a0", "node-a", &[("bar", "")]),
            0,
            (&[&[("zone1", 2), ("zone2", 2)]], &[2]),
        ),
        (
            "two spreadConstraints",
            foo_spreading(vec![zone_foo(), spread_by("node", 1, foo.clone())]),
            a_b_x(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-x", 2)]),
            foo_pods("node-x", 1).remove(0),
            2,
            (
                &[
                    &[("zone1", 3), ("zone2", 1)],
                    &[("node-a", 2), ("node-b", 1), ("node-x", 1)],
                ],
                &[1, 1],
            ),
        ),
        (
            "remove a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy disabled",
            unmatched_affinity(),
            foo_bar_zones(),
            a2_b1(),
            foo_in_zone("p-a1", "node-a", "zone1"),
            0,
            (&[&[("zone2", 1)]], &[1]),
        ),
        (
            "remove a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled",
            unmatched_affinity(),
            foo_bar_zones(),
            a2_b1(),
            foo_in_zone("p-a1", "node-a", "zone1"),
            0,
            (&[&[("zone2", 1)]], &[1]),
        ),
        (
            "remove a pod when scheduling node affinity matched pod with NodeInclusionPolicy disabled",
            on_zone(),
            foo_bar_zones(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 0)]], &[0]),
        ),
        (
            "remove a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled",
            on_zone(),
            foo_bar_zones(),
            a1_b2(),
            foo_in_zone("p-b1", "node-b", "zone2"),
            1,
            (&[&[("zone1", 1), ("zone2", 0)]], &[0]),
        ),
    ];
    run_update_cases(cases, -1);
}

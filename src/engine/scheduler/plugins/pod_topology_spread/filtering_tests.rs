//! Follows upstream `TestSingleConstraint` and `TestMultipleConstraints`
//! (podtopologyspread/filtering_test.go), plus preemption's dry-run extensions.

use super::common::{DefaultConstraints, DO_NOT_SCHEDULE, SCHEDULE_ANYWAY};
use super::pre_filter::pre_filter;
use super::*;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::types::{Affinity, SelectorRequirement};
use crate::engine::api::types::{LabelSelector, NodeAffinity, NodeSelector, NodeSelectorTerm};
use crate::engine::api::TaintEffect;
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::framework::{Code, CycleState};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::{
    labelled, node_with_labels, on, selector, taint,
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

fn pods_at(counts: &[(&str, usize)]) -> Vec<Pod> {
    counts.iter().flat_map(|(n, c)| foo_pods(n, *c)).collect()
}

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
    ];
    for (name, incoming, nodes, pods, want) in cases {
        assert_eq!(statuses(&incoming, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn multiple_constraints_table() {
    let foo = |name: &str| labelled(name, &[("foo", "")]);
    let both = || with_spread(foo("p"), vec![spread("zone", 1), spread("node", 1)]);
    type Case = (&'static str, Pod, Vec<Pod>, Vec<Verdict>);
    let cases: Vec<Case> = vec![
        (
            "two Constraints on zone and node, spreads = [3/3, 2/1/0/3]",
            both(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), skew(), ok(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [3/4, 2/1/0/4]",
            both(),
            pods_at(&[("node-a", 2), ("node-b", 1), ("node-y", 4)]),
            vec![skew(), skew(), skew(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [2/3, 1/1/0/3]",
            both(),
            pods_at(&[("node-a", 1), ("node-b", 1), ("node-y", 3)]),
            vec![skew(), skew(), skew(), skew()],
        ),
        (
            "two Constraints on zone and node, spreads = [1/3, 1/0/0/3]",
            both(),
            pods_at(&[("node-a", 1), ("node-y", 3)]),
            vec![skew(), ok(), skew(), skew()],
        ),
    ];
    for (name, incoming, pods, want) in cases {
        assert_eq!(statuses(&incoming, &four_nodes(), &pods), want, "{name}");
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

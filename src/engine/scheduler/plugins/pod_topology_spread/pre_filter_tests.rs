//! Follows upstream `TestPreFilterState`, `TestPreFilterStateAddPod` and
//! `TestPreFilterStateRemovePod` (podtopologyspread/filtering_test.go): what PreFilter keeps
//! (the matching pods per domain and each constraint's global minimum), and how a dry run's
//! AddPod and RemovePod change it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::common::{DefaultConstraints, SCHEDULE_ANYWAY};
use super::filtering_tests::*;
use super::pre_filter::{pre_filter, PreFilterState};
use crate::engine::api::types::LabelSelector;
use crate::engine::api::types::TopologySpreadConstraint;
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::{ClusterSnapshot, PodInfo};
use crate::engine::scheduler::plugins::testutil::{in_namespace, labelled, node_with_labels};

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

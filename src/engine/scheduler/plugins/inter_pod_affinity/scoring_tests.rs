//! Follows upstream `TestPreferredAffinity` (interpodaffinity/scoring_test.go).

use super::filtering_tests::all_of;
use super::scoring::{normalize_score, pre_score};
use crate::engine::api::types::{Affinity, PodAffinity, PodAffinityTerm, WeightedPodAffinityTerm};
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::{
    in_namespace, labelled, node_with_labels, on, selector, term,
};

fn weighted(weight: i32, t: PodAffinityTerm) -> WeightedPodAffinityTerm {
    WeightedPodAffinityTerm {
        weight,
        pod_affinity_term: t,
    }
}

fn preferring(
    mut p: Pod,
    affinity: Vec<WeightedPodAffinityTerm>,
    anti: Vec<WeightedPodAffinityTerm>,
) -> Pod {
    p.spec.affinity = Some(Affinity {
        pod_affinity: (!affinity.is_empty()).then(|| PodAffinity {
            required: Vec::new(),
            preferred: affinity,
        }),
        pod_anti_affinity: (!anti.is_empty()).then(|| PodAffinity {
            required: Vec::new(),
            preferred: anti,
        }),
        ..Default::default()
    });
    p
}

fn requiring(mut p: Pod, required: Vec<PodAffinityTerm>) -> Pod {
    p.spec.affinity = Some(Affinity {
        pod_affinity: Some(PodAffinity {
            required,
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    p
}

/// `labelRgChina`, `labelRgIndia`, `labelAzAz1`, `labelAzAz2`, `labelRgChinaAzAz1`.
const CHINA: &[(&str, &str)] = &[("region", "China")];
const INDIA: &[(&str, &str)] = &[("region", "India")];
const AZ1: &[(&str, &str)] = &[("az", "az1")];
const AZ2: &[(&str, &str)] = &[("az", "az2")];
const CHINA_AZ1: &[(&str, &str)] = &[("region", "China"), ("az", "az1")];

/// node1, node2, … labelled in turn with `labels`.
fn nodes(labels: &[&[(&str, &str)]]) -> Vec<Node> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| node_with_labels(&format!("node{}", i + 1), l))
        .collect()
}

/// machine1 in region China, machine2 in India, machine3 with only an az label.
fn machines() -> Vec<Node> {
    vec![
        node_with_labels("machine1", &[("region", "China")]),
        node_with_labels("machine2", &[("region", "India")]),
        node_with_labels("machine3", &[("az", "az1")]),
    ]
}

/// Normalised scores of every node; `None` when PreScore skips.
fn scores(pod: &Pod, nodes: &[Node], pods: &[Pod]) -> Option<Vec<i64>> {
    scores_with_args(pod, nodes, pods, 1, false)
}

/// As [`scores`], with `hardPodAffinityWeight` set.
fn scores_with_hard_weight(
    pod: &Pod,
    nodes: &[Node],
    pods: &[Pod],
    hard_pod_affinity_weight: i32,
) -> Option<Vec<i64>> {
    scores_with_args(pod, nodes, pods, hard_pod_affinity_weight, false)
}

/// As [`scores`], with `hardPodAffinityWeight` and `ignorePreferredTermsOfExistingPods` set.
fn scores_with_args(
    pod: &Pod,
    nodes: &[Node],
    pods: &[Pod],
    hard_pod_affinity_weight: i32,
    ignore_preferred_terms_of_existing_pods: bool,
) -> Option<Vec<i64>> {
    let snap = ClusterSnapshot::new(nodes, pods);
    let state = pre_score(
        pod,
        &snap,
        snap.node_count(),
        hard_pod_affinity_weight,
        ignore_preferred_terms_of_existing_pods,
    )?;
    let mut s: Vec<i64> = snap.nodes().map(|n| state.score(n)).collect();
    normalize_score(&mut s);
    Some(s)
}

#[test]
fn preferred_affinity_table() {
    let s1 = |name: &str, node: &str| on(labelled(name, &[("security", "S1")]), node);
    let s2 = |name: &str, node: &str| on(labelled(name, &[("security", "S2")]), node);
    let region_s1 = || term(selector("security", "In", &["S1"]), "region");
    let region_s2 = || term(selector("security", "In", &["S2"]), "region");
    let az_s1 = || term(selector("security", "In", &["S1"]), "az");
    let az_s2 = || term(selector("security", "In", &["S2"]), "az");
    let stay_with_s1_in_region = |p: Pod| preferring(p, vec![weighted(5, region_s1())], vec![]);
    let stay_with_s2_in_region = |p: Pod| preferring(p, vec![weighted(6, region_s2())], vec![]);
    let away_from_s1_in_az = |p: Pod| preferring(p, vec![], vec![weighted(5, az_s1())]);
    let away_from_s2_in_az = |p: Pod| preferring(p, vec![], vec![weighted(5, az_s2())]);
    let stay_with_s1_away_from_s2 = |p: Pod| {
        preferring(
            p,
            vec![weighted(8, region_s1())],
            vec![weighted(5, az_s2())],
        )
    };
    let hard_affinity = |p: Pod| {
        requiring(
            p,
            vec![
                term(selector("security", "In", &["S1", "value2"]), "region"),
                term(
                    all_of(&[
                        ("security", "Exists", &[]),
                        ("wrongkey", "DoesNotExist", &[]),
                    ]),
                    "region",
                ),
            ],
        )
    };

    type Case = (&'static str, Pod, Vec<Node>, Vec<Pod>, Option<Vec<i64>>);
    let cases: Vec<Case> = vec![
        (
            "all nodes are same priority as Affinity is nil",
            labelled("p", &[("security", "S1")]),
            machines(),
            vec![],
            None,
        ),
        (
            "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
            preferring(labelled("p", &[("security", "S1")]), vec![weighted(5, region_s1())], vec![]),
            nodes(&[CHINA, INDIA, AZ1]),
            vec![s1("p1", "node1"), s2("p2", "node2"), s1("p3", "node3")],
            Some(vec![100, 0, 0]),
        ),
        (
            "All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score",
            preferring(labelled("p", &[]), vec![weighted(5, region_s1())], vec![]),
            vec![
                node_with_labels("machine1", &[("region", "China")]),
                node_with_labels("machine2", &[("region", "China")]),
                node_with_labels("machine3", &[("region", "India")]),
            ],
            vec![s1("p1", "machine1")],
            Some(vec![100, 100, 0]),
        ),
        (
            "Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score",
            preferring(labelled("p", &[("security", "S1")]), vec![weighted(6, region_s2())], vec![]),
            nodes(&[CHINA, INDIA, CHINA, CHINA, INDIA]),
            vec![
                s2("p1", "node1"),
                s2("p2", "node1"),
                s2("p3", "node2"),
                s2("p4", "node3"),
                s2("p5", "node4"),
                s2("p6", "node5"),
            ],
            Some(vec![100, 0, 100, 100, 0]),
        ),
        (
            "Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ",
            preferring(
                labelled("p", &[("security", "S1")]),
                vec![
                    weighted(
                        8,
                        term(
                            all_of(&[("security", "NotIn", &["S1"]), ("security", "In", &["S2"])]),
                            "region",
                        ),
                    ),
                    weighted(
                        2,
                        term(
                            all_of(&[("security", "Exists", &[]), ("wrongkey", "DoesNotExist", &[])]),
                            "region",
                        ),
                    ),
                ],
                vec![],
            ),
            nodes(&[CHINA, INDIA, AZ1]),
            vec![s1("p1", "node1"), s2("p2", "node2"), s1("p3", "node3")],
            Some(vec![20, 100, 0]),
        ),
        (
            "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
            labelled("p", &[("security", "S2")]),
            nodes(&[CHINA, INDIA, AZ1]),
            vec![
                on(stay_with_s1_in_region(labelled("p1", &[("security", "S1")])), "node1"),
                on(stay_with_s2_in_region(labelled("p2", &[("security", "S2")])), "node2"),
            ],
            Some(vec![0, 100, 0]),
        ),
        (
            "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
            labelled("p", &[("security", "S1")]),
            nodes(&[CHINA, INDIA, AZ1]),
            vec![
                on(hard_affinity(labelled("p1", &[("security", "S1")])), "node1"),
                on(hard_affinity(labelled("p2", &[("security", "S2")])), "node2"),
            ],
            Some(vec![100, 100, 0]),
        ),
        (
            "Anti Affinity: pod that does not match existing pods in node will get high score ",
            away_from_s1_in_az(labelled("p", &[("security", "S1")])),
            nodes(&[AZ1, CHINA]),
            vec![s1("p1", "node1"), s2("p2", "node2")],
            Some(vec![0, 100]),
        ),
        (
            "Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ",
            away_from_s1_in_az(labelled("p", &[("security", "S1")])),
            nodes(&[AZ1, CHINA]),
            vec![s1("p1", "node1"), s1("p2", "node2")],
            Some(vec![0, 100]),
        ),
        (
            "Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score",
            away_from_s1_in_az(labelled("p", &[("security", "S1")])),
            nodes(&[AZ1, INDIA]),
            vec![s1("p1", "node1"), s1("p2", "node1"), s2("p3", "node2")],
            Some(vec![0, 100]),
        ),
        (
            "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score",
            labelled("p", &[("security", "S2")]),
            nodes(&[AZ1, AZ2]),
            vec![
                on(away_from_s2_in_az(labelled("p1", &[("security", "S1")])), "node1"),
                on(away_from_s1_in_az(labelled("p2", &[("security", "S2")])), "node2"),
            ],
            Some(vec![0, 100]),
        ),
        (
            "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity",
            stay_with_s1_away_from_s2(labelled("p", &[("security", "S1")])),
            nodes(&[CHINA, AZ1]),
            vec![s1("p1", "node1"), s1("p2", "node2")],
            Some(vec![100, 0]),
        ),
        (
            "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
            stay_with_s1_away_from_s2(labelled("p", &[("security", "S1")])),
            nodes(&[CHINA_AZ1, INDIA, CHINA, CHINA, INDIA]),
            vec![
                s1("p1", "node1"),
                s1("p2", "node1"),
                s1("p3", "node2"),
                s1("p4", "node3"),
                s1("p5", "node3"),
                s1("p6", "node4"),
                s1("p7", "node5"),
            ],
            Some(vec![100, 0, 100, 100, 0]),
        ),
        (
            "Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
            stay_with_s1_away_from_s2(labelled("p", &[("security", "S1")])),
            nodes(&[CHINA, AZ1, INDIA, AZ2]),
            vec![
                s1("p1", "node1"),
                s2("p2", "node2"),
                on(stay_with_s1_away_from_s2(labelled("p3", &[])), "node3"),
                on(away_from_s1_in_az(labelled("p4", &[])), "node4"),
            ],
            Some(vec![100, 0, 100, 0]),
        ),
        (
            "Avoid panic when partial nodes in a topology don't have pods with affinity",
            labelled("p", &[("security", "S1")]),
            nodes(&[CHINA, CHINA]),
            vec![
                s1("p1", "node1"),
                on(stay_with_s1_away_from_s2(labelled("p2", &[])), "node2"),
            ],
            Some(vec![0, 0]),
        ),
        (
            "Do not ignore preferred terms of existing pods",
            labelled("p", &[("security", "S2")]),
            nodes(&[CHINA, INDIA]),
            vec![
                on(stay_with_s1_away_from_s2(labelled("p1", &[("security", "S1")])), "node1"),
                on(stay_with_s2_in_region(labelled("p2", &[("security", "S2")])), "node2"),
            ],
            Some(vec![0, 100]),
        ),
        (
            "No nodes to score",
            labelled("p", &[("security", "S2")]),
            vec![],
            vec![],
            None,
        ),
        (
            "Hard Affinity symmetry: hard pod affinity symmetry weights 1 by default, then nodes that match the hard pod affinity symmetry rules, get a high score",
            labelled("p", &[("security", "S1")]),
            machines(),
            vec![on(requiring(labelled("p1", &[]), vec![region_s1()]), "machine1")],
            Some(vec![100, 0, 0]),
        ),
        (
            "Soft Pod Anti Affinity symmetry: the existing pod's preferred anti-affinity lowers its domain",
            labelled("p", &[("security", "S1")]),
            machines(),
            vec![on(preferring(labelled("p1", &[]), vec![], vec![weighted(5, region_s1())]), "machine1")],
            Some(vec![0, 100, 100]),
        ),
        (
            "Affinity with a namespace the existing pod is not in: no term counts, PreScore skips",
            preferring(
                labelled("p", &[]),
                vec![weighted(5, PodAffinityTerm { namespaces: vec!["other".into()], ..region_s1() })],
                vec![],
            ),
            machines(),
            vec![s1("p1", "machine1")],
            None,
        ),
    ];
    for (name, p, nodes, pods, want) in cases {
        assert_eq!(scores(&p, &nodes, &pods), want, "{name}");
    }

    // With `ignorePreferredTermsOfExistingPods`, the cluster of "Do not ignore preferred
    // terms of existing pods" is skipped for a pod without preferred terms of its own, and
    // scored as before for a pod with some.
    let existing = vec![
        on(
            stay_with_s1_away_from_s2(labelled("p1", &[("security", "S1")])),
            "node1",
        ),
        on(
            stay_with_s2_in_region(labelled("p2", &[("security", "S2")])),
            "node2",
        ),
    ];
    let ignoring = |p: &Pod| scores_with_args(p, &nodes(&[CHINA, INDIA]), &existing, 1, true);
    assert_eq!(
        ignoring(&labelled("p", &[("security", "S2")])),
        None,
        "Ignore preferred terms of existing pods"
    );
    assert_eq!(
        ignoring(&stay_with_s1_in_region(labelled(
            "p",
            &[("security", "S2")]
        ))),
        scores(
            &stay_with_s1_in_region(labelled("p", &[("security", "S2")])),
            &nodes(&[CHINA, INDIA]),
            &existing
        ),
        "a pod with preferred terms of its own is scored against every running pod"
    );
}

/// Follows upstream `TestPreferredAffinityWithHardPodAffinitySymmetricWeight`: running
/// pods' required affinity to the incoming pod counts `hardPodAffinityWeight`. Upstream's
/// namespace `""` is kubeplay's `default`.
#[test]
fn preferred_affinity_with_hard_pod_affinity_symmetric_weight_table() {
    let hard_pod_affinity = |name: &str, node: &str| {
        on(
            requiring(
                labelled(name, &[]),
                vec![PodAffinityTerm {
                    namespaces: vec!["default".into(), "subteam2.team2".into()],
                    namespace_selector: Some(selector("team", "In", &["team1"])),
                    ..term(selector("service", "In", &["S1"]), "region")
                }],
            ),
            node,
        )
    };
    let incoming = |namespace: &str| in_namespace(labelled("p", &[("service", "S1")]), namespace);
    type Case = (&'static str, Pod, i32, Option<Vec<i64>>);
    let cases: Vec<Case> = vec![
        (
            "with default weight",
            incoming("default"),
            1,
            Some(vec![100, 100, 0]),
        ),
        ("with zero weight", incoming("default"), 0, None),
        (
            "with no matching namespace",
            incoming("subteam1.team2"),
            1,
            None,
        ),
        (
            "with matching Namespaces",
            incoming("subteam2.team2"),
            1,
            Some(vec![100, 100, 0]),
        ),
    ];
    for (name, p, weight, want) in cases {
        let pods = vec![
            hard_pod_affinity("p1", "node1"),
            hard_pod_affinity("p2", "node2"),
        ];
        let got = scores_with_hard_weight(&p, &nodes(&[CHINA, INDIA, AZ1]), &pods, weight);
        assert_eq!(got, want, "{name}");
    }
}

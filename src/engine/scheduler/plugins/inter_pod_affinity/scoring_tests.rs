//! Follows upstream `TestPreferredAffinity` (interpodaffinity/scoring_test.go).

use super::scoring::{normalize_score, pre_score};
use crate::engine::api::types::{Affinity, PodAffinity, PodAffinityTerm, WeightedPodAffinityTerm};
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::{labelled, node_with_labels, on, selector, term};

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
    let snap = ClusterSnapshot::new(nodes, pods);
    let state = pre_score(pod, &snap, snap.node_count(), 1)?;
    let mut s: Vec<i64> = snap.nodes().map(|n| state.score(n)).collect();
    normalize_score(&mut s);
    Some(s)
}

#[test]
fn preferred_affinity_table() {
    let s1 = |name: &str, node: &str| on(labelled(name, &[("security", "S1")]), node);
    let s2 = |name: &str, node: &str| on(labelled(name, &[("security", "S2")]), node);
    let region_s1 = || term(selector("security", "In", &["S1"]), "region");
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
            "Affinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn't match either pods in nodes or in topology key",
            preferring(labelled("p", &[]), vec![weighted(5, region_s1())], vec![]),
            machines(),
            vec![s1("p1", "machine1"), s2("p2", "machine2")],
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
            "Anti Affinity: pod that does not match existing pods in node will get high score",
            preferring(labelled("p", &[]), vec![], vec![weighted(5, region_s1())]),
            machines(),
            vec![s1("p1", "machine1"), s2("p2", "machine2")],
            Some(vec![0, 100, 100]),
        ),
        (
            "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
            preferring(
                labelled("p", &[("security", "S1")]),
                vec![weighted(5, region_s1())],
                vec![weighted(5, region_s1())],
            ),
            machines(),
            vec![s1("p1", "machine1")],
            Some(vec![0, 0, 0]),
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
}

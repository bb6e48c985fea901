//! Follows upstream `TestRequiredAffinitySingleNode` and `TestRequiredAffinityMultipleNodes`
//! (interpodaffinity/filtering_test.go), plus preemption's dry-run extensions.

use super::pre_filter::pre_filter;
use super::*;
use crate::engine::api::types::{
    Affinity, LabelSelector, PodAffinity, PodAffinityTerm, SelectorRequirement,
};
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::framework::{Code, CycleState};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::{
    in_namespace, labelled, node_with_labels, on, pod, selector, term,
};

pub(super) fn with_affinity(
    mut p: Pod,
    required: Vec<PodAffinityTerm>,
    anti: Vec<PodAffinityTerm>,
) -> Pod {
    p.spec.affinity = Some(Affinity {
        pod_affinity: (!required.is_empty()).then(|| PodAffinity {
            required,
            preferred: Vec::new(),
        }),
        pod_anti_affinity: (!anti.is_empty()).then(|| PodAffinity {
            required: anti,
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    p
}

/// A label selector ANDing `(key, operator, values)` requirements.
pub(super) fn all_of(reqs: &[(&str, &str, &[&str])]) -> LabelSelector {
    LabelSelector {
        match_labels: Default::default(),
        match_expressions: reqs
            .iter()
            .map(|(key, operator, values)| SelectorRequirement {
                key: key.to_string(),
                operator: operator.to_string(),
                values: values.iter().map(|v| v.to_string()).collect(),
            })
            .collect(),
    }
}

/// `PodAffinityExists` / `PodAntiAffinityExists`: a term selecting pods with label `key`.
fn exists(key: &str, topology_key: &str) -> PodAffinityTerm {
    term(selector(key, "Exists", &[]), topology_key)
}

type Verdict = (Code, Vec<String>);

/// Every node's filter status (code and reasons) for `incoming`, in node-name order.
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

fn ok() -> Verdict {
    (Code::Success, Vec::new())
}
fn affinity_fails() -> Verdict {
    (
        Code::UnschedulableAndUnresolvable,
        vec![ERR_REASON_AFFINITY_RULES_NOT_MATCH.into()],
    )
}
fn anti_affinity_fails() -> Verdict {
    (
        Code::Unschedulable,
        vec![ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH.into()],
    )
}
fn existing_fails() -> Verdict {
    (
        Code::Unschedulable,
        vec![ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH.into()],
    )
}

#[test]
fn required_affinity_single_node_table() {
    let node1 = || {
        node_with_labels(
            "node1",
            &[
                ("region", "r1"),
                ("zone", "z11"),
                ("kubernetes.io/hostname", "node1"),
            ],
        )
    };
    let sec = |v: &str| labelled("existing", &[("service", v)]);
    let in_region = |values: &[&str]| term(selector("service", "In", values), "region");
    let sec_anti_zone = |op: &str| {
        on(
            with_affinity(
                sec("securityscan"),
                vec![],
                vec![term(
                    selector("service", op, &["securityscan", "value2"]),
                    "zone",
                )],
            ),
            "node1",
        )
    };
    type Case = (&'static str, Pod, Vec<Pod>, Verdict);
    let cases: Vec<Case> = vec![
        (
            "A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods",
            pod("p"),
            vec![],
            ok(),
        ),
        (
            "satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
            with_affinity(pod("p"), vec![in_region(&["securityscan", "value2"])], vec![]),
            vec![on(sec("securityscan"), "node1")],
            ok(),
        ),
        (
            "satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
            with_affinity(
                pod("p"),
                vec![term(selector("service", "NotIn", &["securityscan3", "value3"]), "region")],
                vec![],
            ),
            vec![on(sec("securityscan"), "node1")],
            ok(),
        ),
        (
            "Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
            with_affinity(
                pod("p"),
                vec![PodAffinityTerm {
                    namespaces: vec!["DiffNameSpace".into()],
                    ..in_region(&["securityscan", "value2"])
                }],
                vec![],
            ),
            vec![on(sec("securityscan"), "node1")],
            affinity_fails(),
        ),
        (
            "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
            with_affinity(pod("p"), vec![in_region(&["antivirusscan", "value2"])], vec![]),
            vec![on(sec("securityscan"), "node1")],
            affinity_fails(),
        ),
        (
            "satisfies the PodAffinity and PodAntiAffinity with the existing pod",
            with_affinity(
                pod("p"),
                vec![in_region(&["securityscan", "value2"])],
                vec![term(selector("service", "In", &["antivirusscan", "value2"]), "node")],
            ),
            vec![on(sec("securityscan"), "node1")],
            ok(),
        ),
        (
            "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
            with_affinity(
                pod("p"),
                vec![in_region(&["securityscan", "value2"])],
                vec![term(selector("service", "In", &["securityscan", "value2"]), "zone")],
            ),
            vec![on(sec("securityscan"), "node1")],
            anti_affinity_fails(),
        ),
        (
            "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
            with_affinity(
                labelled("p", &[("service", "securityscan")]),
                vec![in_region(&["securityscan", "value2"])],
                vec![],
            ),
            vec![sec_anti_zone("In")],
            existing_fails(),
        ),
        (
            "pod matches its own Label in PodAffinity and that matches the existing pod Labels",
            with_affinity(
                labelled("p", &[("service", "securityscan")]),
                vec![in_region(&["antivirusscan", "value2"])],
                vec![],
            ),
            vec![on(sec("securityscan"), "node1")],
            affinity_fails(),
        ),
        (
            "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
            labelled("p", &[("service", "securityscan")]),
            vec![sec_anti_zone("In")],
            existing_fails(),
        ),
        (
            "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
            labelled("p", &[("service", "securityscan")]),
            vec![sec_anti_zone("NotIn")],
            ok(),
        ),
        (
            "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
            with_affinity(
                labelled("p", &[("service", "securityscan")]),
                vec![],
                vec![term(selector("service", "Exists", &[]), "region")],
            ),
            vec![on(
                with_affinity(
                    sec("securityscan"),
                    vec![],
                    vec![term(selector("service", "Exists", &[]), "region")],
                ),
                "node1",
            )],
            anti_affinity_fails(),
        ),
        (
            "affinity with NamespaceSelector",
            with_affinity(
                pod("p"),
                vec![PodAffinityTerm {
                    namespace_selector: Some(selector(
                        "kubernetes.io/metadata.name",
                        "In",
                        &["subteam"],
                    )),
                    ..in_region(&["securityscan"])
                }],
                vec![],
            ),
            vec![on(in_namespace(sec("securityscan"), "subteam"), "node1")],
            ok(),
        ),
        (
            "anti-affinity with NamespaceSelector",
            with_affinity(
                pod("p"),
                vec![],
                vec![PodAffinityTerm {
                    namespace_selector: Some(selector(
                        "kubernetes.io/metadata.name",
                        "In",
                        &["subteam"],
                    )),
                    ..in_region(&["securityscan"])
                }],
            ),
            vec![on(in_namespace(sec("securityscan"), "subteam"), "node1")],
            anti_affinity_fails(),
        ),
        (
            "affinity with an empty NamespaceSelector matches pods in every namespace",
            with_affinity(
                pod("p"),
                vec![PodAffinityTerm {
                    namespace_selector: Some(LabelSelector::default()),
                    ..in_region(&["securityscan"])
                }],
                vec![],
            ),
            vec![on(in_namespace(sec("securityscan"), "other"), "node1")],
            ok(),
        ),
        (
            "satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
            with_affinity(
                labelled("p", &[("security", "S1")]),
                vec![
                    term(all_of(&[("service", "Exists", &[]), ("wrongkey", "DoesNotExist", &[])]), "region"),
                    term(
                        all_of(&[("service", "In", &["securityscan"]), ("service", "NotIn", &["WrongValue"])]),
                        "region",
                    ),
                ],
                vec![],
            ),
            vec![on(sec("securityscan"), "node1")],
            ok(),
        ),
        (
            "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
            with_affinity(
                labelled("p", &[("security", "S1")]),
                vec![
                    term(all_of(&[("service", "Exists", &[]), ("wrongkey", "DoesNotExist", &[])]), "region"),
                    term(
                        all_of(&[("service", "In", &["securityscan2"]), ("service", "NotIn", &["WrongValue"])]),
                        "region",
                    ),
                ],
                vec![],
            ),
            vec![on(sec("securityscan"), "node1")],
            affinity_fails(),
        ),
        (
            "satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
            with_affinity(
                labelled("p", &[("security", "S1")]),
                vec![in_region(&["securityscan", "value2"])],
                vec![term(selector("service", "In", &["antivirusscan", "value2"]), "node")],
            ),
            vec![on(
                with_affinity(
                    sec("securityscan"),
                    vec![],
                    vec![term(selector("service", "In", &["antivirusscan", "value2"]), "node")],
                ),
                "node1",
            )],
            ok(),
        ),
        (
            "PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms",
            with_affinity(
                labelled("p", &[("service", "securityscan")]),
                vec![],
                vec![exists("service", "zone"), exists("security", "zone")],
            ),
            vec![on(
                with_affinity(
                    labelled("existing", &[("security", "S1")]),
                    vec![],
                    vec![exists("security", "zone")],
                ),
                "node1",
            )],
            anti_affinity_fails(),
        ),
        (
            "PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms",
            with_affinity(
                labelled("p", &[("security", "S1")]),
                vec![],
                vec![exists("security", "zone")],
            ),
            vec![on(
                with_affinity(
                    sec("securityscan"),
                    vec![],
                    vec![exists("service", "zone"), exists("security", "zone")],
                ),
                "node1",
            )],
            existing_fails(),
        ),
        (
            "PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms",
            with_affinity(
                labelled("p", &[("abc", ""), ("xyz", "")]),
                vec![],
                vec![exists("abc", "zone"), exists("def", "zone")],
            ),
            vec![on(
                with_affinity(
                    labelled("existing", &[("def", ""), ("xyz", "")]),
                    vec![],
                    vec![exists("abc", "zone"), exists("def", "zone")],
                ),
                "node1",
            )],
            anti_affinity_fails(),
        ),
        (
            "PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms",
            with_affinity(
                labelled("p", &[("def", ""), ("xyz", "")]),
                vec![],
                vec![exists("abc", "zone"), exists("def", "zone")],
            ),
            vec![on(
                with_affinity(
                    labelled("existing", &[("abc", ""), ("xyz", "")]),
                    vec![],
                    vec![exists("abc", "zone"), exists("def", "zone")],
                ),
                "node1",
            )],
            anti_affinity_fails(),
        ),
        (
            "anti-affinity with matching all NamespaceSelector",
            in_namespace(
                with_affinity(
                    labelled("p", &[("security", "S1")]),
                    vec![],
                    vec![PodAffinityTerm {
                        namespace_selector: Some(LabelSelector::default()),
                        ..term(selector("service", "In", &["securityscan", "value2"]), "zone")
                    }],
                ),
                "subteam1.team1",
            ),
            vec![on(in_namespace(sec("securityscan"), "subteam2.team1"), "node1")],
            anti_affinity_fails(),
        ),
    ];
    for (name, incoming, existing, want) in cases {
        assert_eq!(
            statuses(&incoming, &[node1()], &existing),
            vec![want],
            "{name}"
        );
    }
}

#[test]
fn required_affinity_multiple_nodes_table() {
    let n = node_with_labels;
    let foo_bar = || labelled("p", &[("foo", ""), ("bar", "")]);
    let china_india = || {
        vec![
            n("nodeA", &[("region", "China")]),
            n("nodeB", &[("region", "China"), ("az", "az1")]),
            n("nodeC", &[("region", "India")]),
        ]
    };
    type Case = (&'static str, Pod, Vec<Pod>, Vec<Node>, Vec<Verdict>);
    let cases: Vec<Case> = vec![
        (
            "A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules",
            with_affinity(pod("p"), vec![term(selector("foo", "In", &["bar"]), "region")], vec![]),
            vec![on(labelled("p1", &[("foo", "bar")]), "node1")],
            vec![
                n("node1", &[("region", "China")]),
                n("node2", &[("region", "China"), ("az", "az1")]),
                n("node3", &[("region", "India")]),
            ],
            vec![ok(), ok(), affinity_fails()],
        ),
        (
            "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
            with_affinity(
                labelled("p", &[("foo", "bar")]),
                vec![term(selector("foo", "In", &["bar"]), "zone")],
                vec![],
            ),
            vec![],
            vec![
                n("nodeA", &[("zone", "az1"), ("hostname", "h1")]),
                n("nodeB", &[("zone", "az2"), ("hostname", "h2")]),
            ],
            vec![ok(), ok()],
        ),
        (
            "The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys",
            with_affinity(
                labelled("p", &[("foo", "bar")]),
                vec![
                    term(selector("foo", "In", &["bar"]), "zone"),
                    term(selector("foo", "In", &["bar"]), "region"),
                ],
                vec![],
            ),
            vec![],
            vec![
                n("nodeA", &[("zone", "az1")]),
                n("nodeB", &[("zone", "az2"), ("region", "r1")]),
            ],
            vec![affinity_fails(), ok()],
        ),
        (
            "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
            with_affinity(pod("p"), vec![], vec![term(selector("foo", "In", &["abc"]), "region")]),
            vec![on(labelled("e", &[("foo", "abc")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("hostname", "nodeB")]),
            ],
            vec![anti_affinity_fails(), anti_affinity_fails()],
        ),
        (
            "Test incoming pod's anti-affinity: even if nodeC has not got any pod matched by the incoming pod's anti-affinity, it's not fit because the pods topology doesn't match",
            with_affinity(pod("p"), vec![], vec![term(selector("foo", "In", &["abc"]), "zone")]),
            vec![on(labelled("e", &[("foo", "abc")]), "nodeA")],
            vec![
                n("nodeA", &[("zone", "z1")]),
                n("nodeB", &[("zone", "z1")]),
                n("nodeC", &[("zone", "z2")]),
            ],
            vec![anti_affinity_fails(), anti_affinity_fails(), ok()],
        ),
        (
            "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
            foo_bar(),
            vec![
                on(with_affinity(pod("e1"), vec![], vec![exists("foo", "zone")]), "nodeA"),
                on(with_affinity(pod("e2"), vec![], vec![exists("bar", "region")]), "nodeA"),
            ],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![existing_fails(), existing_fails()],
        ),
        (
            "This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
            with_affinity(
                pod("p"),
                vec![],
                vec![
                    term(selector("foo", "In", &["abc"]), "region"),
                    term(selector("service", "In", &["securityscan"]), "zone"),
                ],
            ),
            vec![on(labelled("e", &[("foo", "abc"), ("service", "securityscan")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![anti_affinity_fails(), anti_affinity_fails()],
        ),
        (
            "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
            with_affinity(pod("p"), vec![], vec![term(selector("foo", "In", &["abc"]), "region")]),
            vec![on(labelled("e", &[("foo", "abc")]), "nodeA")],
            china_india(),
            vec![anti_affinity_fails(), anti_affinity_fails(), ok()],
        ),
        (
            "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
            in_namespace(
                with_affinity(
                    labelled("p", &[("foo", "123")]),
                    vec![],
                    vec![term(selector("foo", "In", &["bar"]), "region")],
                ),
                "NS1",
            ),
            vec![
                on(in_namespace(labelled("e1", &[("foo", "bar")]), "NS1"), "nodeA"),
                on(
                    in_namespace(
                        with_affinity(pod("e2"), vec![], vec![term(selector("foo", "In", &["123"]), "region")]),
                        "NS2",
                    ),
                    "nodeC",
                ),
            ],
            china_india(),
            vec![anti_affinity_fails(), anti_affinity_fails(), ok()],
        ),
        (
            "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
            labelled("p", &[("foo", "")]),
            vec![on(with_affinity(pod("e"), vec![], vec![exists("foo", "invalid-node-label")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeB")]),
            ],
            vec![ok(), ok()],
        ),
        (
            "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
            on(with_affinity(pod("p"), vec![], vec![exists("foo", "invalid-node-label")]), "nodeA"),
            vec![on(labelled("e", &[("foo", "")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeB")]),
            ],
            vec![ok(), ok()],
        ),
        (
            "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
            with_affinity(pod("p"), vec![], vec![exists("foo", "zone"), exists("bar", "region")]),
            vec![
                on(labelled("e1", &[("foo", "")]), "nodeA"),
                on(labelled("e2", &[("bar", "")]), "nodeB"),
            ],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![anti_affinity_fails(), anti_affinity_fails()],
        ),
        (
            "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
            foo_bar(),
            vec![on(
                with_affinity(
                    pod("e"),
                    vec![],
                    vec![exists("foo", "invalid-node-label"), exists("bar", "zone")],
                ),
                "nodeA",
            )],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![existing_fails(), ok()],
        ),
        (
            "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
            with_affinity(
                pod("p"),
                vec![],
                vec![exists("foo", "invalid-node-label"), exists("bar", "zone")],
            ),
            vec![on(labelled("podA", &[("foo", ""), ("bar", "")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![anti_affinity_fails(), ok()],
        ),
        (
            "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
            foo_bar(),
            vec![on(
                with_affinity(pod("e"), vec![], vec![exists("foo", "region"), exists("bar", "zone")]),
                "nodeA",
            )],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![existing_fails(), existing_fails()],
        ),
        (
            "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
            with_affinity(pod("p"), vec![], vec![exists("foo", "region"), exists("bar", "zone")]),
            vec![on(labelled("e", &[("foo", ""), ("bar", "")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![anti_affinity_fails(), anti_affinity_fails()],
        ),
        (
            "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
            foo_bar(),
            vec![
                on(
                    with_affinity(pod("e1"), vec![], vec![exists("foo", "zone"), exists("labelA", "zone")]),
                    "nodeA",
                ),
                on(
                    with_affinity(pod("e2"), vec![], vec![exists("bar", "zone"), exists("labelB", "zone")]),
                    "nodeB",
                ),
            ],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
                n("nodeC", &[("region", "r1"), ("zone", "z3"), ("hostname", "nodeC")]),
            ],
            vec![existing_fails(), existing_fails(), ok()],
        ),
        (
            "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
            with_affinity(pod("p"), vec![exists("foo", "region"), exists("bar", "zone")], vec![]),
            vec![on(labelled("pod1", &[("foo", ""), ("bar", "")]), "nodeA")],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeB")]),
            ],
            vec![ok(), ok()],
        ),
        (
            "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
            with_affinity(pod("p"), vec![exists("foo", "region"), exists("bar", "zone")], vec![]),
            vec![
                on(labelled("pod1", &[("foo", "")]), "nodeA"),
                on(labelled("pod2", &[("bar", "")]), "nodeB"),
            ],
            vec![
                n("nodeA", &[("region", "r1"), ("zone", "z1"), ("hostname", "nodeA")]),
                n("nodeB", &[("region", "r1"), ("zone", "z2"), ("hostname", "nodeB")]),
            ],
            vec![affinity_fails(), affinity_fails()],
        ),
        (
            "a node without the anti-affinity topology key is not constrained by it",
            with_affinity(pod("p"), vec![], vec![term(selector("foo", "In", &["abc"]), "zone")]),
            vec![on(labelled("e", &[("foo", "abc")]), "nodeA")],
            vec![n("nodeA", &[("zone", "z1")]), n("nodeB", &[])],
            vec![anti_affinity_fails(), ok()],
        ),
    ];
    for (name, incoming, existing, nodes, want) in cases {
        assert_eq!(statuses(&incoming, &nodes, &existing), want, "{name}");
    }
}

#[test]
fn pre_filter_skips_when_no_existing_anti_affinity_term_has_its_topology_key_on_a_node() {
    // "Test existing pod's anti-affinity: if an existing pod has a term with invalid
    // topologyKey, ...": upstream's PreFilter returns Skip.
    let snap = ClusterSnapshot::new(
        &[node_with_labels("nodeA", &[("region", "r1")])],
        &[on(
            with_affinity(pod("e"), vec![], vec![exists("foo", "invalid-node-label")]),
            "nodeA",
        )],
    );
    assert!(pre_filter(&labelled("p", &[("foo", "")]), &snap).is_none());
}

#[test]
fn a_pod_without_terms_skips_the_filter_when_no_running_pod_has_anti_affinity() {
    let snap = ClusterSnapshot::new(
        &[node_with_labels("n", &[("zone", "a")])],
        &[on(labelled("e", &[("foo", "bar")]), "n")],
    );
    assert!(pre_filter(&pod("p"), &snap).is_none());
}

#[test]
fn removing_the_matching_pod_in_a_dry_run_lifts_the_anti_affinity() {
    let node = node_with_labels("n", &[("kubernetes.io/hostname", "n")]);
    let existing = on(labelled("e", &[("app", "web")]), "n");
    let incoming = with_affinity(
        labelled("p", &[("app", "web")]),
        vec![],
        vec![term(
            selector("app", "In", &["web"]),
            "kubernetes.io/hostname",
        )],
    );
    let snap = ClusterSnapshot::new(std::slice::from_ref(&node), std::slice::from_ref(&existing));
    let mut state = CycleState::for_snapshot(&incoming, &snap);
    let mut info = snap.node("n").expect("node").clone();
    assert_eq!(filter(&state, &info).code, Code::Unschedulable);
    let victim = info.remove_pod("default", "e").expect("pod on node");
    state.remove_pod(&victim, &node);
    assert!(filter(&state, &info).is_success());
    state.add_pod(&victim, &node);
    info.add_pod_info(victim);
    assert_eq!(filter(&state, &info).code, Code::Unschedulable);
}

//! `NodeAffinity`: `spec.nodeSelector` AND required node affinity must match the node;
//! preferred terms add their weights to the score. PreFilter narrows the nodes to those
//! named by `matchFields metadata.name In` (how daemon pods are pinned).

use std::collections::BTreeSet;

use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::corev1::{
    required_node_selector, FieldRequirement, LabelRequirement, OBJECT_NAME_FIELD,
};
use crate::engine::scheduler::detail::{AffinityMismatch, FilterDetail, Requirement, TermFailure};
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "NodeAffinity";
/// The reason when nodeSelector or required affinity does not match.
pub const ERR_REASON_POD: &str = "node(s) didn't match Pod's node affinity/selector";
/// The PreFilter reason when every term pins node names and no name survives.
pub const ERR_REASON_CONFLICT: &str = "pod affinity terms conflict";
/// The status of nodes left out by PreFilter narrowing.
pub const ERR_REASON_NOT_SATISFY: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

/// The outcome of the PreFilter stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreFilterResult {
    /// Every node is evaluated.
    AllNodes,
    /// Only these node names are evaluated; the others get [`ERR_REASON_NOT_SATISFY`].
    Nodes(BTreeSet<String>),
    /// The pod is rejected before any node is looked at.
    Reject(Status),
}

/// PreFilter: collects node names from `matchFields metadata.name In` (ANDed within a
/// term, unioned across terms); any term without such a field means all nodes.
pub fn pre_filter(pod: &Pod) -> PreFilterResult {
    let Some(required) = required_node_selector(pod) else {
        return PreFilterResult::AllNodes;
    };
    if required.node_selector_terms.is_empty() {
        return PreFilterResult::AllNodes;
    }
    let mut names: BTreeSet<String> = BTreeSet::new();
    for term in &required.node_selector_terms {
        let mut term_names: Option<BTreeSet<String>> = None;
        for r in &term.match_fields {
            if r.key == OBJECT_NAME_FIELD && r.operator == "In" {
                let s: BTreeSet<String> = r.values.iter().cloned().collect();
                term_names = Some(match term_names {
                    None => s,
                    Some(prev) => prev.intersection(&s).cloned().collect(),
                });
            }
        }
        match term_names {
            None => return PreFilterResult::AllNodes,
            Some(s) => names.extend(s),
        }
    }
    if names.is_empty() {
        PreFilterResult::Reject(Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec![ERR_REASON_CONFLICT.into()],
        ))
    } else {
        PreFilterResult::Nodes(names)
    }
}

/// The filter (parse errors count as "no match", as upstream).
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    if state.required_affinity.matches(&node.node) {
        return Status::success();
    }
    let status = Status::new(
        Code::UnschedulableAndUnresolvable,
        NAME,
        vec![ERR_REASON_POD.into()],
    );
    match mismatch(state, &node.node) {
        Some(m) => status.with_detail(FilterDetail::NodeAffinityMismatch(m)),
        None => status,
    }
}

/// The status the framework gives a node that PreFilter left out of `nodes`, with the pin
/// as its detail.
pub fn not_in_pre_filter_result(nodes: &BTreeSet<String>) -> Status {
    Status::new(
        Code::UnschedulableAndUnresolvable,
        NAME,
        vec![ERR_REASON_NOT_SATISFY.into()],
    )
    .with_detail(FilterDetail::NodeAffinityMismatch(
        AffinityMismatch::PinnedToOtherNodes {
            nodes: nodes.iter().cloned().collect(),
        },
    ))
}

/// The explanation: the nodeSelector pair or the requirement that fails and how to fix it,
/// or the pin that keeps the node out.
pub fn explain(v: &Verdict) -> Text {
    let name = v.node.name();
    let Some(FilterDetail::NodeAffinityMismatch(mismatch)) = v.detail() else {
        return if v.state.required_affinity.node_selector.is_empty()
            && v.state.required_affinity.required.is_none()
        {
            Text::new(
                "The pod has no nodeSelector and no required node affinity.",
                "Pod 没有 nodeSelector，也没有必需的节点亲和性。",
            )
        } else {
            Text::new(
                "The node matches the pod's nodeSelector and required node affinity.",
                "节点满足 Pod 的 nodeSelector 和必需的节点亲和性。",
            )
        };
    };
    match mismatch {
        AffinityMismatch::PinnedToOtherNodes { nodes } => {
            let target = nodes.first().map(String::as_str).unwrap_or_default();
            Text::new(
                format!("The pod is pinned to node `{target}` by `matchFields metadata.name` (as the DaemonSet controller pins each daemon pod), so the scheduler does not consider this node."),
                format!("Pod 通过 `matchFields metadata.name` 固定到节点 `{target}`（DaemonSet 控制器就是这样固定每个守护 Pod 的），调度器不会考虑本节点。"),
            )
        }
        AffinityMismatch::NodeSelector {
            key,
            value,
            node_value,
        } => {
            let (en, zh) = label_state(key, node_value.as_deref());
            Text::new(
                format!("The pod's nodeSelector requires the label `{key}={value}`, but {en}. Add the label with `kubectl label node {name} {key}={value}` or change the nodeSelector."),
                format!("Pod 的 nodeSelector 要求标签 `{key}={value}`，但{zh}。用 `kubectl label node {name} {key}={value}` 给节点加标签，或修改 nodeSelector。"),
            )
        }
        AffinityMismatch::NoUsableTerms => Text::new(
            "The pod's required node affinity has no usable nodeSelectorTerms, so it matches no node. Add a term with matchExpressions or matchFields, or remove requiredDuringSchedulingIgnoredDuringExecution.",
            "Pod 的必需节点亲和性（required）没有可用的 nodeSelectorTerms，因此不匹配任何节点。添加带 matchExpressions 或 matchFields 的条件，或删除 requiredDuringSchedulingIgnoredDuringExecution。",
        ),
        AffinityMismatch::RequiredTerms {
            terms: n,
            first_term_failure,
        } => match first_term_failure {
            Some(TermFailure::InvalidExpression { requirement, error }) => {
                let r = describe(requirement);
                Text::new(
                    format!("None of the pod's {n} required node affinity term(s) matches the node; the first term's expression `{r}` is invalid ({error}) and never matches. Fix the expression."),
                    format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中的表达式 `{r}` 无效（{error}），永远不会匹配。请修正该表达式。"),
                )
            }
            Some(TermFailure::UnsatisfiedExpression {
                requirement,
                node_value,
            }) => {
                let r = describe(requirement);
                let (en, zh) = label_state(&requirement.key, node_value.as_deref());
                Text::new(
                    format!("None of the pod's {n} required node affinity term(s) matches the node; in the first term `{r}` is not satisfied ({en}). Change the node's labels or the pod's node affinity."),
                    format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中 `{r}` 不满足（{zh}）。修改节点标签或 Pod 的节点亲和性。"),
                )
            }
            Some(TermFailure::UnsatisfiedField { requirement }) => {
                let r = describe(requirement);
                Text::new(
                    format!("None of the pod's {n} required node affinity term(s) matches the node; in the first term the field requirement `{r}` is not satisfied by node `{name}`. Change the node affinity."),
                    format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中的字段要求 `{r}` 对节点 `{name}` 不成立。请修改节点亲和性。"),
                )
            }
            None => Text::new(
                format!("None of the pod's {n} required node affinity term(s) matches the node. Change the node's labels or the pod's node affinity."),
                format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点。修改节点标签或 Pod 的节点亲和性。"),
            ),
        },
    }
}

/// A requirement as written: `key op [v1, v2]`, or `key op` without values.
fn describe(r: &Requirement) -> String {
    if r.values.is_empty() {
        format!("{} {}", r.key, r.operator)
    } else {
        format!("{} {} [{}]", r.key, r.operator, r.values.join(", "))
    }
}

/// What the node has for label `key`, in English and in Chinese.
fn label_state(key: &str, node_value: Option<&str>) -> (String, String) {
    match node_value {
        Some(v) => (
            format!("the node has `{key}={v}`"),
            format!("节点上是 `{key}={v}`"),
        ),
        None => (
            format!("the node has no label `{key}`"),
            format!("节点没有标签 `{key}`"),
        ),
    }
}

/// What keeps a node that failed the filter away: the first nodeSelector pair it lacks,
/// else the required terms (the first failing requirement of the first term).
fn mismatch(state: &CycleState, node: &Node) -> Option<AffinityMismatch> {
    let labels = &node.metadata.labels;
    let selector = &state.required_affinity.node_selector;
    if let Some((key, value)) = selector.iter().find(|(k, v)| labels.get(*k) != Some(*v)) {
        return Some(AffinityMismatch::NodeSelector {
            key: key.clone(),
            value: value.clone(),
            node_value: labels.get(key).cloned(),
        });
    }
    let parsed = state.required_affinity.required.as_ref()?;
    if parsed.terms.is_empty() {
        return Some(AffinityMismatch::NoUsableTerms);
    }
    let first_term = required_node_selector(state.pod)?
        .node_selector_terms
        .iter()
        .find(|t| !t.match_expressions.is_empty() || !t.match_fields.is_empty())?;
    let expression_failure =
        first_term
            .match_expressions
            .iter()
            .find_map(|r| match LabelRequirement::parse(r) {
                Err(e) => Some(TermFailure::InvalidExpression {
                    requirement: r.into(),
                    error: e.0,
                }),
                Ok(lr) if !lr.matches(labels) => Some(TermFailure::UnsatisfiedExpression {
                    requirement: r.into(),
                    node_value: labels.get(&r.key).cloned(),
                }),
                Ok(_) => None,
            });
    let first_term_failure = expression_failure.or_else(|| {
        first_term
            .match_fields
            .iter()
            .find(|r| {
                FieldRequirement::parse(r).map(|f| f.matches(&node.metadata.name)) != Ok(true)
            })
            .map(|r| TermFailure::UnsatisfiedField {
                requirement: r.into(),
            })
    });
    Some(AffinityMismatch::RequiredTerms {
        terms: parsed.terms.len(),
        first_term_failure,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        Affinity, NodeAffinity, NodeSelector, NodeSelectorTerm, PreferredSchedulingTerm,
        SelectorRequirement,
    };
    use crate::engine::scheduler::corev1::preferred_score;
    use crate::engine::scheduler::plugins::helper::default_normalize_score;
    use crate::engine::scheduler::plugins::testutil::*;

    fn req(key: &str, op: &str, values: &[&str]) -> SelectorRequirement {
        SelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn term(exprs: Vec<SelectorRequirement>, fields: Vec<SelectorRequirement>) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: exprs,
            match_fields: fields,
        }
    }

    fn pod_with_required(terms: Vec<NodeSelectorTerm>) -> Pod {
        let mut p = pod("p");
        p.spec.affinity = Some(Affinity {
            pod_affinity: None,
            pod_anti_affinity: None,
            node_affinity: Some(NodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: terms,
                }),
                preferred: vec![],
            }),
            extra: vec![],
        });
        p
    }

    fn pod_with_selector(sel: &[(&str, &str)]) -> Pod {
        let mut p = pod("p");
        p.spec.node_selector = sel
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        p
    }

    /// Follows upstream `TestNodeAffinity` (nodeaffinity/node_affinity_test.go).
    #[test]
    fn node_affinity_filter_table() {
        let fail = Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec!["node(s) didn't match Pod's node affinity/selector".into()],
        );
        let ok = Status::success();
        let foo_bar = &[("foo", "bar")][..];
        type Case<'a> = (&'a str, Pod, &'a [(&'a str, &'a str)], &'a str, Status);
        let cases: Vec<Case> = vec![
            ("no selector", pod("p"), &[], "node1", ok.clone()),
            ("missing labels", pod_with_selector(foo_bar), &[], "node1", fail.clone()),
            ("same labels", pod_with_selector(foo_bar), foo_bar, "node1", ok.clone()),
            ("node labels are superset", pod_with_selector(foo_bar), &[("foo", "bar"), ("baz", "blah")], "node1", ok.clone()),
            ("node labels are subset", pod_with_selector(&[("foo", "bar"), ("baz", "blah")]), foo_bar, "node1", fail.clone()),
            ("Pod with matchExpressions using In operator that matches the existing node", pod_with_required(vec![term(vec![req("foo", "In", &["bar", "value2"])], vec![])]), foo_bar, "node1", ok.clone()),
            ("Pod with matchExpressions using Gt operator that matches the existing node", pod_with_required(vec![term(vec![req("kernel-version", "Gt", &["0204"])], vec![])]), &[("kernel-version", "0206")], "node1", ok.clone()),
            ("Pod with matchExpressions using NotIn operator that matches the existing node", pod_with_required(vec![term(vec![req("mem-type", "NotIn", &["DDR", "DDR2"])], vec![])]), &[("mem-type", "DDR3")], "node1", ok.clone()),
            ("Pod with matchExpressions using Exists operator that matches the existing node", pod_with_required(vec![term(vec![req("GPU", "Exists", &[])], vec![])]), &[("GPU", "NVIDIA-GRID-K1")], "node1", ok.clone()),
            ("Pod with affinity that don't match node's labels won't schedule onto the node", pod_with_required(vec![term(vec![req("foo", "In", &["value1", "value2"])], vec![])]), foo_bar, "node1", fail.clone()),
            ("Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node", pod_with_required(vec![term(vec![], vec![])]), foo_bar, "node1", fail.clone()),
            ("Pod with no Affinity will schedule onto a node", pod("p"), foo_bar, "node1", ok.clone()),
            ("Pod with Affinity but nil NodeSelector will schedule onto a node", {
                let mut p = pod("p");
                p.spec.affinity = Some(Affinity { pod_affinity: None, pod_anti_affinity: None, node_affinity: Some(NodeAffinity::default()), extra: vec![] });
                p
            }, foo_bar, "node1", ok.clone()),
            ("Pod with an empty nodeSelectorTerms list won't schedule onto any node", pod_with_required(vec![]), foo_bar, "node1", fail.clone()),
            // From component-helpers `TestPodMatchesNodeSelectorAndAffinityTerms`: a nil and an
            // empty term list are the same empty list here.
            ("Pod with a nil []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", pod_with_required(vec![]), foo_bar, "node1", fail.clone()),
            ("Pod with an empty []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", pod_with_required(vec![]), foo_bar, "node1", fail.clone()),
            ("Pod with multiple matchExpressions ANDed that matches the existing node", pod_with_required(vec![term(vec![req("GPU", "Exists", &[]), req("GPU", "NotIn", &["AMD", "INTER"])], vec![])]), &[("GPU", "NVIDIA-GRID-K1")], "node1", ok.clone()),
            ("Pod with multiple matchExpressions ANDed that doesn't match the existing node", pod_with_required(vec![term(vec![req("GPU", "Exists", &[]), req("GPU", "In", &["AMD", "INTER"])], vec![])]), &[("GPU", "NVIDIA-GRID-K1")], "node1", fail.clone()),
            ("Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node", pod_with_required(vec![term(vec![req("foo", "In", &["bar", "value2"])], vec![]), term(vec![req("diffkey", "In", &["wrong", "value2"])], vec![])]), foo_bar, "node1", ok.clone()),
            ("Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node", {
                let mut p = pod_with_required(vec![term(vec![req("foo", "Exists", &[])], vec![])]);
                p.spec.node_selector = [("foo".to_string(), "bar".to_string())].into();
                p
            }, foo_bar, "node1", ok.clone()),
            ("Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node", {
                let mut p = pod_with_required(vec![term(vec![req("foo", "Exists", &[])], vec![])]);
                p.spec.node_selector = [("foo".to_string(), "bar".to_string())].into();
                p
            }, &[("foo", "barrrrrr")], "node1", fail.clone()),
            ("Pod with an invalid value in Affinity term won't be scheduled onto the node", pod_with_required(vec![term(vec![req("foo", "NotIn", &["invalid value: ___@#$%^"])], vec![])]), foo_bar, "node1", fail.clone()),
            ("Pod with matchFields using In operator that matches the existing node", pod_with_required(vec![term(vec![], vec![req("metadata.name", "In", &["node1"])])]), &[], "node1", ok.clone()),
            ("Pod with matchFields using In operator that does not match the existing node", pod_with_required(vec![term(vec![], vec![req("metadata.name", "In", &["node1"])])]), &[], "node2", fail.clone()),
            ("Pod with two terms: matchFields does not match, but matchExpressions matches", pod_with_required(vec![term(vec![], vec![req("metadata.name", "In", &["node1"])]), term(vec![req("foo", "In", &["bar"])], vec![])]), foo_bar, "node2", ok.clone()),
            ("Pod with one term: matchFields does not match, but matchExpressions matches", pod_with_required(vec![term(vec![req("foo", "In", &["bar"])], vec![req("metadata.name", "In", &["node1"])])]), foo_bar, "node2", fail.clone()),
            ("Pod with one term: both matchFields and matchExpressions match", pod_with_required(vec![term(vec![req("foo", "In", &["bar"])], vec![req("metadata.name", "In", &["node1"])])]), foo_bar, "node1", ok.clone()),
            ("Pod with two terms: both matchFields and matchExpressions do not match", pod_with_required(vec![term(vec![], vec![req("metadata.name", "In", &["node1"])]), term(vec![req("foo", "In", &["not-match-to-bar"])], vec![])]), foo_bar, "node2", fail.clone()),
            ("NotIn matches a node without the label", pod_with_required(vec![term(vec![req("eks.amazonaws.com/compute-type", "NotIn", &["fargate"])], vec![])]), &[], "node1", ok.clone()),
            ("DoesNotExist matches a node without the label", pod_with_required(vec![term(vec![req("cloud.google.com/autopilot-managed-node", "DoesNotExist", &[])], vec![])]), &[], "node1", ok.clone()),
            ("Lt compares integers", pod_with_required(vec![term(vec![req("n", "Lt", &["10"])], vec![])]), &[("n", "9")], "node1", ok.clone()),
            ("Matches node selector correctly even if PreFilter is not called", pod_with_selector(foo_bar), &[("foo", "bar"), ("baz", "blah")], "node1", ok.clone()),
            ("Matches node affinity correctly even if PreFilter is not called", pod_with_required(vec![term(vec![req("GPU", "Exists", &[]), req("GPU", "NotIn", &["AMD", "INTER"])], vec![])]), &[("GPU", "NVIDIA-GRID-K1")], "node1", ok),
        ];
        for (name, p, labels, node_name, want) in cases {
            let n = node_with_labels(node_name, labels);
            assert_eq!(
                filter(&CycleState::new(&p), &NodeInfo::new(n)).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestNodeAffinity` PreFilter cases (`wantPreFilterResult`).
    #[test]
    fn node_affinity_pre_filter_table() {
        let set =
            |names: &[&str]| PreFilterResult::Nodes(names.iter().map(|s| s.to_string()).collect());
        let cases = [
            (
                "no affinity evaluates all nodes",
                pod("p"),
                PreFilterResult::AllNodes,
            ),
            (
                "a matchFields metadata.name In term narrows to its nodes",
                pod_with_required(vec![term(
                    vec![],
                    vec![req("metadata.name", "In", &["node1"])],
                )]),
                set(&["node1"]),
            ),
            (
                "a term without matchFields means all nodes",
                pod_with_required(vec![
                    term(vec![], vec![req("metadata.name", "In", &["node1"])]),
                    term(vec![req("foo", "In", &["bar"])], vec![]),
                ]),
                PreFilterResult::AllNodes,
            ),
            (
                "names of several terms are unioned",
                pod_with_required(vec![
                    term(vec![], vec![req("metadata.name", "In", &["node1"])]),
                    term(vec![], vec![req("metadata.name", "In", &["node2"])]),
                ]),
                set(&["node1", "node2"]),
            ),
            (
                "names within one term are intersected",
                pod_with_required(vec![term(
                    vec![],
                    vec![
                        req("metadata.name", "In", &["node1", "node2"]),
                        req("metadata.name", "In", &["node2", "node3"]),
                    ],
                )]),
                set(&["node2"]),
            ),
            (
                "conflicting names in every term reject the pod",
                pod_with_required(vec![term(
                    vec![],
                    vec![
                        req("metadata.name", "In", &["node1"]),
                        req("metadata.name", "In", &["node2"]),
                    ],
                )]),
                PreFilterResult::Reject(Status::new(
                    Code::UnschedulableAndUnresolvable,
                    NAME,
                    vec!["pod affinity terms conflict".into()],
                )),
            ),
        ];
        for (name, p, want) in cases {
            assert_eq!(pre_filter(&p), want, "{name}");
        }
    }

    /// Follows upstream `TestNodeAffinity` cases that check PreFilter and Filter together
    /// (`wantPreFilterResult` / `wantPreFilterStatus` and `wantStatus`).
    #[test]
    fn node_affinity_pre_filter_and_filter_table() {
        let fail = Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec!["node(s) didn't match Pod's node affinity/selector".into()],
        );
        let ok = Status::success();
        let name_in = |n: &str| req("metadata.name", "In", &[n]);
        let set =
            |names: &[&str]| PreFilterResult::Nodes(names.iter().map(|s| s.to_string()).collect());
        let foo_bar = &[("foo", "bar")][..];
        type Case<'a> = (
            &'a str,
            Pod,
            &'a [(&'a str, &'a str)],
            &'a str,
            PreFilterResult,
            Status,
        );
        let cases: Vec<Case> = vec![
            (
                "Pod with matchFields using In operator that matches the existing node",
                pod_with_required(vec![term(vec![], vec![name_in("node1")])]),
                &[],
                "node1",
                set(&["node1"]),
                ok.clone(),
            ),
            (
                "Pod with matchFields using In operator that does not match the existing node",
                pod_with_required(vec![term(vec![], vec![name_in("node1")])]),
                &[],
                "node2",
                set(&["node1"]),
                fail.clone(),
            ),
            (
                "Pod with two terms: matchFields does not match, but matchExpressions matches",
                pod_with_required(vec![
                    term(vec![], vec![name_in("node1"), name_in("node2")]),
                    term(vec![req("foo", "In", &["bar"])], vec![]),
                ]),
                foo_bar,
                "node2",
                PreFilterResult::AllNodes,
                ok.clone(),
            ),
            (
                "Pod with one term: matchFields does not match, but matchExpressions matches",
                pod_with_required(vec![term(
                    vec![req("foo", "In", &["bar"])],
                    vec![name_in("node1")],
                )]),
                foo_bar,
                "node2",
                set(&["node1"]),
                fail.clone(),
            ),
            (
                "Pod with one term: both matchFields and matchExpressions match",
                pod_with_required(vec![term(
                    vec![req("foo", "In", &["bar"])],
                    vec![name_in("node1")],
                )]),
                foo_bar,
                "node1",
                set(&["node1"]),
                ok.clone(),
            ),
            (
                "Pod with two terms: both matchFields and matchExpressions do not match",
                pod_with_required(vec![
                    term(vec![], vec![name_in("node1")]),
                    term(vec![req("foo", "In", &["not-match-to-bar"])], vec![]),
                ]),
                foo_bar,
                "node2",
                PreFilterResult::AllNodes,
                fail.clone(),
            ),
            (
                "Pod with two terms of node.Name affinity",
                pod_with_required(vec![
                    term(vec![], vec![name_in("node1")]),
                    term(vec![], vec![name_in("node2")]),
                ]),
                &[],
                "node2",
                set(&["node1", "node2"]),
                ok.clone(),
            ),
            (
                "Pod with two conflicting mach field requirements",
                pod_with_required(vec![term(vec![], vec![name_in("node1"), name_in("node2")])]),
                foo_bar,
                "node2",
                PreFilterResult::Reject(Status::new(
                    Code::UnschedulableAndUnresolvable,
                    NAME,
                    vec!["pod affinity terms conflict".into()],
                )),
                fail.clone(),
            ),
            (
                "an empty term next to a pinned term means all nodes",
                pod_with_required(vec![
                    term(vec![], vec![name_in("node1")]),
                    term(vec![], vec![]),
                ]),
                &[],
                "node1",
                PreFilterResult::AllNodes,
                ok.clone(),
            ),
            (
                "metadata.name NotIn does not narrow the nodes",
                pod_with_required(vec![term(
                    vec![],
                    vec![req("metadata.name", "NotIn", &["node1"])],
                )]),
                &[],
                "node2",
                PreFilterResult::AllNodes,
                ok.clone(),
            ),
            (
                "Pod with no Affinity will schedule onto a node",
                pod("p"),
                foo_bar,
                "node1",
                PreFilterResult::AllNodes,
                ok,
            ),
            (
                "Pod with an empty nodeSelectorTerms list evaluates all nodes and matches none",
                pod_with_required(vec![]),
                foo_bar,
                "node1",
                PreFilterResult::AllNodes,
                fail,
            ),
        ];
        for (name, p, labels, node_name, want_pre, want) in cases {
            assert_eq!(pre_filter(&p), want_pre, "{name}: PreFilter");
            let n = node_with_labels(node_name, labels);
            assert_eq!(
                filter(&CycleState::new(&p), &NodeInfo::new(n)).without_detail(),
                want,
                "{name}: Filter"
            );
        }
    }

    /// Follows upstream `TestNodeAffinityPriority`.
    #[test]
    fn node_affinity_score_table() {
        let pref = |terms: Vec<(i32, Vec<SelectorRequirement>)>| -> Vec<PreferredSchedulingTerm> {
            terms
                .into_iter()
                .map(|(w, rs)| PreferredSchedulingTerm {
                    weight: w,
                    preference: term(rs, vec![]),
                })
                .collect()
        };
        let affinity1 = pref(vec![(2, vec![req("foo", "In", &["bar"])])]);
        let affinity2 = pref(vec![
            (2, vec![req("foo", "In", &["bar"])]),
            (4, vec![req("key", "In", &["value"])]),
            (
                5,
                vec![
                    req("foo", "In", &["bar"]),
                    req("key", "In", &["value"]),
                    req("az", "In", &["az1"]),
                ],
            ),
        ]);
        let l1 = &[("foo", "bar")][..];
        let l2 = &[("key", "value")][..];
        let l3 = &[("az", "az1")][..];
        let l4 = &[("abc", "az11"), ("def", "az22")][..];
        let l5 = &[("foo", "bar"), ("key", "value"), ("az", "az1")][..];
        type Case<'a> = (
            &'a str,
            Vec<PreferredSchedulingTerm>,
            Vec<&'a [(&'a str, &'a str)]>,
            Vec<i64>,
        );
        let cases: Vec<Case> = vec![
            ("all nodes are same priority as NodeAffinity is nil", vec![], vec![l1, l2, l3], vec![0, 0, 0]),
            ("only node1 matches the preferred scheduling requirements of pod", affinity1.clone(), vec![l1, l2, l3], vec![100, 0, 0]),
            ("no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", affinity1.clone(), vec![l4, l2, l3], vec![0, 0, 0]),
            ("all nodes matches the preferred scheduling requirements of pod but with different priorities ", affinity2.clone(), vec![l1, l5, l2], vec![18, 100, 36]),
            ("calculate the priorities correctly even if PreScore is not called", affinity2, vec![l1, l5, l2], vec![18, 100, 36]),
        ];
        for (name, terms, labels, want) in cases {
            let mut scores: Vec<i64> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| preferred_score(&terms, &node_with_labels(&format!("node{i}"), l)))
                .collect();
            default_normalize_score(100, false, &mut scores);
            assert_eq!(scores, want, "{name}");
        }
    }

    #[test]
    fn the_first_failing_selector_pair_or_requirement_is_the_detail() {
        use crate::engine::scheduler::detail::Requirement;
        let requirement =
            |key: &str, op: &str, values: &[&str]| Requirement::from(&req(key, op, values));
        let terms = |terms: usize, first_term_failure: Option<TermFailure>| {
            Some(AffinityMismatch::RequiredTerms {
                terms,
                first_term_failure,
            })
        };
        let gpu = &[("GPU", "NVIDIA-GRID-K1")][..];
        let foo_bar = &[("foo", "bar")][..];
        type Case<'a> = (
            &'a str,
            Pod,
            &'a [(&'a str, &'a str)],
            &'a str,
            Option<AffinityMismatch>,
        );
        let cases: Vec<Case> = vec![
            (
                "a nodeSelector value that differs is named with the node's value",
                pod_with_selector(&[("foo", "bar")]),
                &[("foo", "baz")],
                "node1",
                Some(AffinityMismatch::NodeSelector {
                    key: "foo".into(),
                    value: "bar".into(),
                    node_value: Some("baz".into()),
                }),
            ),
            (
                "the first missing nodeSelector label by key is named",
                pod_with_selector(&[("disk", "ssd"), ("zone", "a")]),
                &[("zone", "a")],
                "node1",
                Some(AffinityMismatch::NodeSelector {
                    key: "disk".into(),
                    value: "ssd".into(),
                    node_value: None,
                }),
            ),
            (
                "an empty nodeSelectorTerms list has no usable term",
                pod_with_required(vec![]),
                foo_bar,
                "node1",
                Some(AffinityMismatch::NoUsableTerms),
            ),
            (
                "the first unsatisfied expression of the first term is named with the node's value",
                pod_with_required(vec![
                    term(
                        vec![
                            req("GPU", "Exists", &[]),
                            req("GPU", "In", &["AMD", "INTER"]),
                        ],
                        vec![],
                    ),
                    term(vec![req("zone", "In", &["a"])], vec![]),
                ]),
                gpu,
                "node1",
                terms(
                    2,
                    Some(TermFailure::UnsatisfiedExpression {
                        requirement: requirement("GPU", "In", &["AMD", "INTER"]),
                        node_value: Some("NVIDIA-GRID-K1".into()),
                    }),
                ),
            ),
            (
                "an invalid expression is named with its parse error",
                pod_with_required(vec![term(
                    vec![req("foo", "NotIn", &["invalid value: ___@#$%^"])],
                    vec![],
                )]),
                foo_bar,
                "node1",
                terms(
                    1,
                    Some(TermFailure::InvalidExpression {
                        requirement: requirement("foo", "NotIn", &["invalid value: ___@#$%^"]),
                        error: "invalid label value: \"invalid value: ___@#$%^\"".into(),
                    }),
                ),
            ),
            (
                "a matchFields requirement for another node is named after the expressions pass",
                pod_with_required(vec![term(
                    vec![req("foo", "In", &["bar"])],
                    vec![req("metadata.name", "In", &["node1"])],
                )]),
                foo_bar,
                "node2",
                terms(
                    1,
                    Some(TermFailure::UnsatisfiedField {
                        requirement: requirement("metadata.name", "In", &["node1"]),
                    }),
                ),
            ),
            (
                "a matching node has no detail",
                pod_with_required(vec![term(vec![req("foo", "In", &["bar"])], vec![])]),
                foo_bar,
                "node1",
                None,
            ),
        ];
        for (name, p, labels, node_name, want) in cases {
            let n = node_with_labels(node_name, labels);
            let want = want.map(FilterDetail::NodeAffinityMismatch);
            assert_eq!(
                filter(&CycleState::new(&p), &NodeInfo::new(n))
                    .detail
                    .map(|d| *d),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn a_node_left_out_by_pre_filter_names_the_pinned_nodes() {
        let pinned: BTreeSet<String> = ["node1".to_string(), "node3".to_string()].into();
        let status = not_in_pre_filter_result(&pinned);
        assert_eq!(
            status.reasons,
            ["node(s) didn't satisfy plugin(s) [NodeAffinity]"]
        );
        assert_eq!(status.code, Code::UnschedulableAndUnresolvable);
        assert_eq!(
            status.detail.map(|d| *d),
            Some(FilterDetail::NodeAffinityMismatch(
                AffinityMismatch::PinnedToOtherNodes {
                    nodes: vec!["node1".into(), "node3".into()]
                }
            ))
        );
    }
}

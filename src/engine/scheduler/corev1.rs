//! Matching helpers shared by the scheduler and the DaemonSet controller, as upstream's
//! `k8s.io/component-helpers/scheduling/corev1` (tolerations, taints, node selectors and
//! required/preferred node affinity).

use crate::engine::api::validation::{is_qualified_name, is_valid_label_value};
use crate::engine::api::{
    Node, NodeSelector, NodeSelectorTerm, Pod, PreferredSchedulingTerm, SelectorOperator,
    SelectorRequirement, StringMap, Taint, TaintEffect, Toleration, TolerationOperator,
};
use crate::engine::quote::go_quote;

/// The only field a `matchFields` requirement can select on.
pub const OBJECT_NAME_FIELD: &str = "metadata.name";

/// `Toleration.ToleratesTaint`: whether `toleration` tolerates `taint` (effect, key and
/// operator must all match; `tolerationSeconds` is ignored).
pub fn toleration_tolerates_taint(toleration: &Toleration, taint: &Taint) -> bool {
    if let Some(effect) = toleration.effect {
        if effect != taint.effect {
            return false;
        }
    }
    if !toleration.key.is_empty() && toleration.key != taint.key {
        return false;
    }
    match toleration.operator {
        None | Some(TolerationOperator::Equal) => toleration.value == taint.value,
        Some(TolerationOperator::Exists) => true,
    }
}

/// `TolerationsTolerateTaint`: whether any of `tolerations` tolerates `taint`.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations
        .iter()
        .any(|t| toleration_tolerates_taint(t, taint))
}

/// `FindMatchingUntoleratedTaint`: the first taint (in node order) accepted by `filter`
/// that no toleration tolerates.
pub fn find_matching_untolerated_taint<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    filter: impl Fn(&Taint) -> bool,
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| filter(t))
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
}

/// Whether a taint blocks scheduling (effect `NoSchedule` or `NoExecute`).
pub fn is_blocking_effect(taint: &Taint) -> bool {
    matches!(
        taint.effect,
        TaintEffect::NoSchedule | TaintEffect::NoExecute
    )
}

/// Why a node selector requirement or term could not be parsed (upstream treats such a
/// term as "no match" in the scheduler and the DaemonSet controller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

/// A parsed label requirement of a node selector term.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelRequirement {
    /// Label key.
    pub key: String,
    /// Operator.
    pub operator: SelectorOperator,
    /// Values (`In`/`NotIn`), or the single integer bound for `Gt`/`Lt`.
    pub values: Vec<String>,
}

impl LabelRequirement {
    /// Parses and validates one `matchExpressions` entry as `labels.NewRequirement` does.
    pub fn parse(req: &SelectorRequirement) -> Result<LabelRequirement, ParseError> {
        let operator = SelectorOperator::parse(&req.operator).ok_or_else(|| {
            ParseError(format!(
                "{} is not a valid label selector operator",
                go_quote(&req.operator)
            ))
        })?;
        if !is_qualified_name(&req.key).is_empty() {
            return Err(ParseError(format!(
                "invalid label key {}",
                go_quote(&req.key)
            )));
        }
        match operator {
            SelectorOperator::In | SelectorOperator::NotIn => {
                if req.values.is_empty() {
                    return Err(ParseError(
                        "for 'in', 'notin' operators, values set can't be empty".into(),
                    ));
                }
            }
            SelectorOperator::Exists | SelectorOperator::DoesNotExist => {
                if !req.values.is_empty() {
                    return Err(ParseError(
                        "values set must be empty for exists and does not exist".into(),
                    ));
                }
            }
            SelectorOperator::Gt | SelectorOperator::Lt => {
                if req.values.len() != 1 {
                    return Err(ParseError(
                        "for 'Gt', 'Lt' operators, exactly one value is required".into(),
                    ));
                }
                if req.values.iter().any(|v| v.parse::<i64>().is_err()) {
                    return Err(ParseError(
                        "for 'Gt', 'Lt' operators, the value must be an integer".into(),
                    ));
                }
            }
        }
        if let Some(bad) = req
            .values
            .iter()
            .find(|v| !is_valid_label_value(v).is_empty())
        {
            return Err(ParseError(format!(
                "invalid label value: {}",
                go_quote(bad)
            )));
        }
        Ok(LabelRequirement {
            key: req.key.clone(),
            operator,
            values: req.values.clone(),
        })
    }

    /// Whether the node labels satisfy this requirement.
    pub fn matches(&self, labels: &StringMap) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            SelectorOperator::In => value.is_some_and(|v| self.values.contains(v)),
            SelectorOperator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            SelectorOperator::Exists => value.is_some(),
            SelectorOperator::DoesNotExist => value.is_none(),
            SelectorOperator::Gt | SelectorOperator::Lt => {
                let (Some(label), Some(bound)) = (
                    value.and_then(|v| v.parse::<i64>().ok()),
                    self.values.first().and_then(|v| v.parse::<i64>().ok()),
                ) else {
                    return false;
                };
                if self.operator == SelectorOperator::Gt {
                    label > bound
                } else {
                    label < bound
                }
            }
        }
    }
}

/// A parsed `matchFields` entry (`In` or `NotIn` with exactly one value).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRequirement {
    /// Field key (only `metadata.name` has a value on nodes).
    pub key: String,
    /// `true` for `In`, `false` for `NotIn`.
    pub equal: bool,
    /// The single value.
    pub value: String,
}

impl FieldRequirement {
    /// Parses one `matchFields` entry as `nodeSelectorRequirementsAsFieldSelector` does.
    pub fn parse(req: &SelectorRequirement) -> Result<FieldRequirement, ParseError> {
        let [value] = req.values.as_slice() else {
            return Err(ParseError(format!(
                "values: Invalid value: {}: must have one element",
                go_string_slice(&req.values)
            )));
        };
        let equal = match req.operator.as_str() {
            "In" => true,
            "NotIn" => false,
            other => {
                return Err(ParseError(format!(
                    "operator: Unsupported value: {}: supported values: \"In\", \"NotIn\"",
                    go_quote(other)
                )))
            }
        };
        Ok(FieldRequirement {
            key: req.key.clone(),
            equal,
            value: value.clone(),
        })
    }

    /// Whether the node's fields satisfy this requirement.
    pub fn matches(&self, node_name: &str) -> bool {
        let field = if self.key == OBJECT_NAME_FIELD {
            node_name
        } else {
            ""
        };
        (field == self.value) == self.equal
    }
}

/// One parsed node selector term (expressions ANDed with fields).
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedTerm {
    /// `matchExpressions`, parsed; `Err` if any entry is invalid.
    pub expressions: Result<Vec<LabelRequirement>, ParseError>,
    /// `matchFields`, parsed; `Err` if any entry is invalid.
    pub fields: Result<Vec<FieldRequirement>, ParseError>,
}

impl ParsedTerm {
    /// Parses a term.
    pub fn parse(term: &NodeSelectorTerm) -> ParsedTerm {
        ParsedTerm {
            expressions: term
                .match_expressions
                .iter()
                .map(LabelRequirement::parse)
                .collect(),
            fields: term
                .match_fields
                .iter()
                .map(FieldRequirement::parse)
                .collect(),
        }
    }

    /// Whether the term matches the node; `Err` when the term is invalid.
    pub fn matches(&self, node: &Node) -> Result<bool, ParseError> {
        let exprs = self.expressions.as_ref().map_err(Clone::clone)?;
        let fields = self.fields.as_ref().map_err(Clone::clone)?;
        // As upstream, the field set is built only from a non-empty node name, and
        // `matchFields` are skipped when that set is empty.
        Ok(exprs.iter().all(|r| r.matches(&node.metadata.labels))
            && (node.metadata.name.is_empty()
                || fields.iter().all(|f| f.matches(&node.metadata.name))))
    }
}

/// `LazyErrorNodeSelector`: terms ORed, empty terms dropped, an empty list matches nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedNodeSelector {
    /// The non-empty terms, parsed, in order.
    pub terms: Vec<ParsedTerm>,
}

impl ParsedNodeSelector {
    /// Parses a node selector.
    pub fn parse(selector: &NodeSelector) -> ParsedNodeSelector {
        ParsedNodeSelector {
            terms: selector
                .node_selector_terms
                .iter()
                .filter(|t| !t.match_expressions.is_empty() || !t.match_fields.is_empty())
                .map(ParsedTerm::parse)
                .collect(),
        }
    }

    /// Whether any term matches; invalid terms are skipped (their error is only returned
    /// when nothing matched).
    pub fn matches(&self, node: &Node) -> Result<bool, ParseError> {
        let mut first_error = None;
        for term in &self.terms {
            match term.matches(node) {
                Ok(true) => return Ok(true),
                Ok(false) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(false),
        }
    }
}

/// `GetRequiredNodeAffinity(pod)`: the pod's nodeSelector AND required node affinity.
#[derive(Clone, Debug, PartialEq)]
pub struct RequiredNodeAffinity {
    /// `spec.nodeSelector` (every pair must be present on the node).
    pub node_selector: StringMap,
    /// Required node affinity, if set.
    pub required: Option<ParsedNodeSelector>,
}

impl RequiredNodeAffinity {
    /// Builds the requirement from a pod.
    pub fn of(pod: &Pod) -> RequiredNodeAffinity {
        RequiredNodeAffinity {
            node_selector: pod.spec.node_selector.clone(),
            required: required_node_selector(pod).map(ParsedNodeSelector::parse),
        }
    }

    /// Whether the node labels satisfy the nodeSelector map.
    pub fn node_selector_matches(&self, node: &Node) -> bool {
        self.node_selector
            .iter()
            .all(|(k, v)| node.metadata.labels.get(k) == Some(v))
    }

    /// `Match`, with parse errors treated as "no match" (as the scheduler and the DS
    /// controller do).
    pub fn matches(&self, node: &Node) -> bool {
        if !self.node_selector_matches(node) {
            return false;
        }
        match &self.required {
            Some(sel) => sel.matches(node).unwrap_or(false),
            None => true,
        }
    }
}

/// The pod's `requiredDuringSchedulingIgnoredDuringExecution`, if any.
pub fn required_node_selector(pod: &Pod) -> Option<&NodeSelector> {
    pod.spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| na.required.as_ref())
}

/// The pod's preferred node affinity terms.
pub fn preferred_terms(pod: &Pod) -> &[PreferredSchedulingTerm] {
    pod.spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .map(|na| na.preferred.as_slice())
        .unwrap_or(&[])
}

/// `PreferredSchedulingTerms.Score`: the sum of the weights of the preferred terms that
/// match the node (zero-weight, empty and invalid terms never count).
pub fn preferred_score(terms: &[PreferredSchedulingTerm], node: &Node) -> i64 {
    terms
        .iter()
        .filter(|t| t.weight != 0)
        .filter(|t| {
            !t.preference.match_expressions.is_empty() || !t.preference.match_fields.is_empty()
        })
        .filter(|t| {
            ParsedTerm::parse(&t.preference)
                .matches(node)
                .unwrap_or(false)
        })
        .map(|t| i64::from(t.weight))
        .fold(0i64, i64::saturating_add)
}

/// Go's `%#v` of a `[]string`, as `field.Invalid` prints a list value: `[]string{"a", "b"}`
/// (`[]string(nil)` when the list is absent or empty).
fn go_string_slice(values: &[String]) -> String {
    if values.is_empty() {
        return "[]string(nil)".to_string();
    }
    let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(key: &str, value: &str, effect: TaintEffect) -> Taint {
        Taint {
            key: key.into(),
            value: value.into(),
            effect,
            time_added: None,
        }
    }

    fn tol(
        key: &str,
        op: Option<TolerationOperator>,
        value: &str,
        effect: Option<TaintEffect>,
    ) -> Toleration {
        Toleration {
            key: key.into(),
            operator: op,
            value: value.into(),
            effect,
            toleration_seconds: None,
        }
    }

    fn node(name: &str, labels: &[(&str, &str)]) -> Node {
        let mut n = Node::default();
        n.metadata.name = name.into();
        n.metadata.labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        n
    }

    fn req(key: &str, op: &str, values: &[&str]) -> SelectorRequirement {
        SelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// Follows upstream `TestTolerationToleratesTaint` (core/v1/toleration_test.go).
    #[test]
    fn toleration_tolerates_taint_table() {
        use TaintEffect::*;
        use TolerationOperator::*;
        let cases = [
            ("an empty-key Exists toleration tolerates every taint", tol("", Some(Exists), "", None), taint("foo", "bar", NoExecute), true),
            ("an empty-key Exists toleration with an effect tolerates every taint of that effect", tol("", Some(Exists), "", Some(NoSchedule)), taint("foo", "bar", NoSchedule), true),
            ("an empty-key Exists toleration with another effect does not tolerate", tol("", Some(Exists), "", Some(NoSchedule)), taint("foo", "bar", NoExecute), false),
            ("the toleration and the taint have the same key, value and effect", tol("foo", Some(Equal), "bar", Some(NoSchedule)), taint("foo", "bar", NoSchedule), true),
            ("an omitted operator means Equal", tol("foo", None, "bar", Some(NoSchedule)), taint("foo", "bar", NoSchedule), true),
            ("an omitted operator with an empty value matches a valueless taint", tol("node-role.kubernetes.io/control-plane", None, "", Some(NoSchedule)), taint("node-role.kubernetes.io/control-plane", "", NoSchedule), true),
            ("Equal with different values does not tolerate", tol("foo", Some(Equal), "bar", Some(NoSchedule)), taint("foo", "baz", NoSchedule), false),
            ("Exists ignores the value", tol("foo", Some(Exists), "", Some(NoSchedule)), taint("foo", "anything", NoSchedule), true),
            ("an empty effect matches every effect", tol("foo", Some(Exists), "", None), taint("foo", "", PreferNoSchedule), true),
            ("different keys do not tolerate", tol("foo", Some(Exists), "", None), taint("bar", "", NoSchedule), false),
            ("different effects do not tolerate", tol("foo", Some(Exists), "", Some(NoExecute)), taint("foo", "", NoSchedule), false),
            ("same key and effect, Exists, taint without a value", tol("foo", Some(Exists), "", Some(NoSchedule)), taint("foo", "", NoSchedule), true),
            ("same key and effect, Exists, taint with a value", tol("foo", Some(Exists), "", Some(NoSchedule)), taint("foo", "bar", NoSchedule), true),
            ("same key and value, Equal, but different effects", tol("foo", Some(Equal), "bar", Some(NoSchedule)), taint("foo", "bar", NoExecute), false),
            ("same key and effect, Equal, different values", tol("foo", Some(Equal), "value1", Some(NoSchedule)), taint("foo", "value2", NoSchedule), false),
        ];
        for (name, t, x, want) in cases {
            assert_eq!(toleration_tolerates_taint(&t, &x), want, "{name}");
        }
    }

    /// Follows upstream `TestNodeSelectorMatch` / `TestMatchNodeSelectorTerms`
    /// (component-helpers nodeaffinity_test.go).
    #[test]
    fn node_selector_terms_table() {
        let n = node(
            "node-1",
            &[("zone", "a"), ("gen", "0206"), ("ten", "10"), ("empty", "")],
        );
        let sel = |terms: Vec<NodeSelectorTerm>| NodeSelector {
            node_selector_terms: terms,
        };
        let exprs = |rs: Vec<SelectorRequirement>| NodeSelectorTerm {
            match_expressions: rs,
            match_fields: vec![],
        };
        let fields = |rs: Vec<SelectorRequirement>| NodeSelectorTerm {
            match_expressions: vec![],
            match_fields: rs,
        };
        let cases: Vec<(&str, NodeSelector, bool)> = vec![
            (
                "an empty nodeSelectorTerms list matches no node",
                sel(vec![]),
                false,
            ),
            (
                "a list of only empty terms matches no node",
                sel(vec![NodeSelectorTerm::default()]),
                false,
            ),
            (
                "In matches a node with one of the values",
                sel(vec![exprs(vec![req("zone", "In", &["a", "b"])])]),
                true,
            ),
            (
                "In does not match a node without the label",
                sel(vec![exprs(vec![req("missing", "In", &["a"])])]),
                false,
            ),
            (
                "NotIn matches a node without the label",
                sel(vec![exprs(vec![req("missing", "NotIn", &["a"])])]),
                true,
            ),
            (
                "NotIn does not match a node with a listed value",
                sel(vec![exprs(vec![req("zone", "NotIn", &["a"])])]),
                false,
            ),
            (
                "Exists matches a label with an empty value",
                sel(vec![exprs(vec![req("empty", "Exists", &[])])]),
                true,
            ),
            (
                "DoesNotExist matches a node without the label",
                sel(vec![exprs(vec![req("missing", "DoesNotExist", &[])])]),
                true,
            ),
            (
                "DoesNotExist does not match a node with the label",
                sel(vec![exprs(vec![req("zone", "DoesNotExist", &[])])]),
                false,
            ),
            (
                "Gt compares integers, not strings: 0206 > 0204",
                sel(vec![exprs(vec![req("gen", "Gt", &["0204"])])]),
                true,
            ),
            (
                "Gt compares integers, not strings: 10 > 9",
                sel(vec![exprs(vec![req("ten", "Gt", &["9"])])]),
                true,
            ),
            (
                "Lt compares integers: 10 < 9 is false",
                sel(vec![exprs(vec![req("ten", "Lt", &["9"])])]),
                false,
            ),
            (
                "Gt on a non-integer label does not match",
                sel(vec![exprs(vec![req("zone", "Gt", &["1"])])]),
                false,
            ),
            (
                "Gt with a non-integer value is invalid and matches nothing",
                sel(vec![exprs(vec![req("ten", "Gt", &["x"])])]),
                false,
            ),
            (
                "expressions in one term are ANDed",
                sel(vec![exprs(vec![
                    req("zone", "In", &["a"]),
                    req("ten", "In", &["11"]),
                ])]),
                false,
            ),
            (
                "terms are ORed",
                sel(vec![
                    exprs(vec![req("zone", "In", &["b"])]),
                    exprs(vec![req("ten", "In", &["10"])]),
                ]),
                true,
            ),
            (
                "an invalid term does not stop a later valid term",
                sel(vec![
                    exprs(vec![req("zone", "Bogus", &["a"])]),
                    exprs(vec![req("zone", "In", &["a"])]),
                ]),
                true,
            ),
            (
                "matchFields metadata.name In matches the node's name",
                sel(vec![fields(vec![req("metadata.name", "In", &["node-1"])])]),
                true,
            ),
            (
                "matchFields metadata.name In another name does not match",
                sel(vec![fields(vec![req("metadata.name", "In", &["node-2"])])]),
                false,
            ),
            (
                "matchFields metadata.name NotIn another name matches",
                sel(vec![fields(vec![req(
                    "metadata.name",
                    "NotIn",
                    &["node-2"],
                )])]),
                true,
            ),
            (
                "matchFields with two values is invalid and matches nothing",
                sel(vec![fields(vec![req(
                    "metadata.name",
                    "In",
                    &["node-1", "node-2"],
                )])]),
                false,
            ),
        ];
        for (name, s, want) in cases {
            let got = ParsedNodeSelector::parse(&s).matches(&n).unwrap_or(false);
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestNodeSelectorMatch` / `TestPodMatchesNodeSelectorAndAffinityTerms`:
    /// nodes without a name (upstream's `extractNodeFields` gives an empty field set, and
    /// `matchFields` are then skipped) and label keys whose DNS prefix has a part longer
    /// than 63 characters (`IsDNS1123Subdomain` limits only the whole prefix).
    #[test]
    fn node_selector_edge_cases_table() {
        let long_part = "a".repeat(70);
        let long_key = format!("{long_part}.example.com/zone");
        let cases: Vec<(&str, Node, NodeSelectorTerm, bool)> = vec![
            (
                "matchFields are skipped for a node without a name",
                node("", &[]),
                NodeSelectorTerm {
                    match_expressions: vec![],
                    match_fields: vec![req("metadata.name", "In", &["node_1"])],
                },
                true,
            ),
            (
                "matchExpressions still apply to a node without a name",
                node("", &[("foo", "bar")]),
                NodeSelectorTerm {
                    match_expressions: vec![req("foo", "In", &["baz"])],
                    match_fields: vec![req("metadata.name", "In", &["node_1"])],
                },
                false,
            ),
            (
                "invalid matchFields still make the term invalid for a node without a name",
                node("", &[]),
                NodeSelectorTerm {
                    match_expressions: vec![],
                    match_fields: vec![req("metadata.name", "In", &["host_1", "host_2"])],
                },
                false,
            ),
            (
                "a label key prefix may have a part longer than 63 characters",
                node("node-1", &[(long_key.as_str(), "a")]),
                NodeSelectorTerm {
                    match_expressions: vec![req(&long_key, "In", &["a"])],
                    match_fields: vec![],
                },
                true,
            ),
        ];
        for (name, n, term, want) in cases {
            let sel = NodeSelector {
                node_selector_terms: vec![term],
            };
            let got = ParsedNodeSelector::parse(&sel).matches(&n).unwrap_or(false);
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `nodeaffinity.NodeSelectorRequirementsAsFieldSelector` errors: the
    /// value list prints as Go's `%#v` of a `[]string`, the operator as `%q`.
    #[test]
    fn match_fields_errors_print_like_field_errors() {
        let cases: &[(&str, &str, &[&str], &str)] = &[
            (
                "two values print as a Go string slice",
                "In",
                &["host_1", "host_2"],
                "values: Invalid value: []string{\"host_1\", \"host_2\"}: must have one element",
            ),
            (
                "no values print as a nil slice",
                "In",
                &[],
                "values: Invalid value: []string(nil): must have one element",
            ),
            (
                "an unknown operator is quoted",
                "Exists",
                &["host_1"],
                "operator: Unsupported value: \"Exists\": supported values: \"In\", \"NotIn\"",
            ),
        ];
        for (name, op, values, want) in cases {
            let got = FieldRequirement::parse(&req("metadata.name", op, values));
            assert_eq!(got.err().map(|e| e.0), Some(want.to_string()), "{name}");
        }
    }

    /// Follows upstream `TestPreferredSchedulingTermsScore` (component-helpers
    /// nodeaffinity_test.go): zero-weight and empty terms are skipped.
    #[test]
    fn preferred_scheduling_terms_score_table() {
        let pref =
            |weight: i32, exprs: Vec<SelectorRequirement>, fields: Vec<SelectorRequirement>| {
                PreferredSchedulingTerm {
                    weight,
                    preference: NodeSelectorTerm {
                        match_expressions: exprs,
                        match_fields: fields,
                    },
                }
            };
        let host = node("host_1", &[("label_1", "label_1_val")]);
        let cases: Vec<(&str, Vec<PreferredSchedulingTerm>, i64)> = vec![
            (
                "invalid field selector but no weight, error not reported",
                vec![pref(
                    0,
                    vec![],
                    vec![req("metadata.name", "In", &["host_1", "host_2"])],
                )],
                0,
            ),
            (
                "first and third term match",
                vec![
                    pref(5, vec![], vec![req("metadata.name", "In", &["host_1"])]),
                    pref(
                        7,
                        vec![req("unknown_label", "In", &["unknown_label_val"])],
                        vec![],
                    ),
                    pref(11, vec![req("label_1", "In", &["label_1_val"])], vec![]),
                ],
                16,
            ),
            (
                "an empty preference term is skipped, not counted as a match",
                vec![pref(3, vec![], vec![])],
                0,
            ),
        ];
        for (name, terms, want) in cases {
            assert_eq!(preferred_score(&terms, &host), want, "{name}");
        }
    }

    /// Follows upstream `TestMatchNodeSelectorTerms` (component-helpers corev1/helpers_test.go)
    /// and `TestNodeSelectorMatch` (nodeaffinity_test.go, lazy errors).
    #[test]
    fn match_node_selector_terms_table() {
        let exprs = || vec![req("label_1", "In", &["label_1_val"])];
        let fields = |values: &[&str]| vec![req("metadata.name", "In", values)];
        let term = |e: Vec<SelectorRequirement>, f: Vec<SelectorRequirement>| NodeSelectorTerm {
            match_expressions: e,
            match_fields: f,
        };
        let labelled = &[("label_1", "label_1_val")][..];
        type Case<'a> = (&'a str, Vec<NodeSelectorTerm>, Node, bool);
        let cases: Vec<Case> = vec![
            ("node label matches matchExpressions terms", vec![term(exprs(), vec![])], node("", labelled), true),
            ("node field matches matchFields terms", vec![term(vec![], fields(&["host_1"]))], node("host_1", &[]), true),
            ("invalid node field requirement", vec![term(vec![], fields(&["host_1", "host_2"]))], node("host_1", &[]), false),
            ("fieldSelectorTerm with node labels", vec![term(vec![], fields(&["host_1"]))], node("not_host_1", &[("metadata.name", "host_1")]), false),
            ("labelSelectorTerm with node fields", vec![term(vec![req("metadata.name", "In", &["host_1"])], vec![])], node("host_1", &[]), false),
            ("labelSelectorTerm and fieldSelectorTerm was set, but only node fields", vec![term(exprs(), fields(&["host_1"]))], node("host_1", &[]), false),
            ("labelSelectorTerm and fieldSelectorTerm was set, both node fields and labels (both matched)", vec![term(exprs(), fields(&["host_1"]))], node("host_1", labelled), true),
            ("labelSelectorTerm and fieldSelectorTerm was set, both node fields and labels (one mismatched)", vec![term(exprs(), fields(&["host_1"]))], node("host_1", &[("label_1", "label_1_val-failed")]), false),
            ("multi-selector was set, both node fields and labels (one mismatched)", vec![term(exprs(), vec![]), term(vec![], fields(&["host_1"]))], node("host_1", &[("label_1", "label_1_val-failed")]), true),
            ("a valid term matches although other terms are invalid (lazy errors)", vec![
                term(vec![], fields(&["host_1", "host_2"])),
                term(exprs(), fields(&["host_1"])),
                term(vec![req("invalid key", "In", &["label_value"])], vec![]),
            ], node("host_1", labelled), true),
            ("only invalid terms and a non-matching one: no match", vec![
                term(vec![], fields(&["host_1", "host_2"])),
                term(exprs(), fields(&["host_1"])),
                term(vec![req("invalid key", "In", &["label_value"])], vec![]),
            ], node("host_1", &[]), false),
            ("second term matches", vec![term(exprs(), vec![]), term(vec![], fields(&["host_1"]))], node("host_1", &[]), true),
            ("node matches field selector, but not labels", vec![term(exprs(), fields(&["host_1"]))], node("host_1", &[]), false),
            ("node matches field selector and label selector", vec![term(exprs(), fields(&["host_1"]))], node("host_1", labelled), true),
        ];
        for (name, terms, n, want) in cases {
            let sel = NodeSelector {
                node_selector_terms: terms,
            };
            let got = ParsedNodeSelector::parse(&sel).matches(&n).unwrap_or(false);
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestFindMatchingUntoleratedTaint` (component-helpers
    /// corev1/helpers_test.go; the comparison-operator cases need a disabled alpha gate).
    #[test]
    fn find_matching_untolerated_taint_table() {
        use TaintEffect::*;
        use TolerationOperator::*;
        let foo_exists = |effect| vec![tol("foo", Some(Exists), "", Some(effect))];
        let all = |_: &Taint| true;
        let none = |_: &Taint| false;
        let no_execute = |t: &Taint| t.effect == NoExecute;
        type Case = (
            &'static str,
            Vec<Toleration>,
            Vec<Taint>,
            fn(&Taint) -> bool,
            bool,
        );
        let cases: Vec<Case> = vec![
            ("empty tolerations tolerate empty taints", vec![], vec![], all, true),
            ("non-empty tolerations tolerate empty taints", foo_exists(NoSchedule), vec![], all, true),
            ("tolerations match all taints, expect tolerated", foo_exists(NoSchedule), vec![taint("foo", "", NoSchedule)], all, true),
            ("tolerations don't match taints, but no taints apply to the filter, expect tolerated", foo_exists(NoSchedule), vec![taint("bar", "", NoSchedule)], none, true),
            ("all taints apply to the filter, tolerations don't match taints, expect untolerated", foo_exists(NoSchedule), vec![taint("bar", "", NoSchedule)], all, false),
            ("tolerations match taints, expect tolerated", foo_exists(NoExecute), vec![taint("foo", "", NoExecute), taint("bar", "", NoSchedule)], no_execute, true),
        ];
        for (name, tols, taints, filter, want_tolerated) in cases {
            let found = find_matching_untolerated_taint(&taints, &tols, filter);
            assert_eq!(found.is_none(), want_tolerated, "{name}");
        }
    }

    #[test]
    fn first_untolerated_taint_is_reported_in_node_order() {
        let taints = vec![
            taint("a", "", TaintEffect::PreferNoSchedule),
            taint("b", "1", TaintEffect::NoSchedule),
            taint("c", "", TaintEffect::NoExecute),
        ];
        let found = find_matching_untolerated_taint(&taints, &[], is_blocking_effect);
        assert_eq!(
            found
                .map(crate::engine::api::taint_text::format_taint)
                .as_deref(),
            Some("b=1:NoSchedule")
        );
    }
}

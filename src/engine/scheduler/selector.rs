//! Label selectors as the scheduler evaluates them (`labels.Selector` from
//! `metav1.LabelSelectorAsSelector`), and the pod (anti-)affinity terms built from them
//! (`fwk.AffinityTerm`, `fwk.WeightedAffinityTerm`) with a pod's parsed terms
//! ([`PodAffinityTerms`], what upstream's `PodInfo` keeps).

use crate::engine::api::types::{LabelSelector, PodAffinityTerm, StringMap};
use crate::engine::api::Pod;

/// The label every namespace carries (`kubernetes.io/metadata.name`); kubeplay has no
/// Namespace objects, so a namespace's labels are this one pair.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// One requirement of a selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// `key in (values)`.
    In(String, Vec<String>),
    /// `key notin (values)` (also true without the label).
    NotIn(String, Vec<String>),
    /// `key` exists.
    Exists(String),
    /// `!key`.
    DoesNotExist(String),
}

impl Requirement {
    fn matches<'a>(&self, get: &impl Fn(&str) -> Option<&'a str>) -> bool {
        match self {
            Requirement::In(k, vs) => get(k).is_some_and(|v| vs.iter().any(|w| w == v)),
            Requirement::NotIn(k, vs) => get(k).is_none_or(|v| vs.iter().all(|w| w != v)),
            Requirement::Exists(k) => get(k).is_some(),
            Requirement::DoesNotExist(k) => get(k).is_none(),
        }
    }
}

/// A compiled label selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// `labels.Nothing()`: a missing (`nil`) selector, or one that does not convert.
    Nothing,
    /// Every requirement must hold; none at all is `labels.Everything()`.
    All(Vec<Requirement>),
}

impl Selector {
    /// `metav1.LabelSelectorAsSelector`: `None` selects nothing, `{}` everything; an
    /// operator with values that do not fit it (which validation rejects) selects nothing.
    pub fn of(sel: Option<&LabelSelector>) -> Selector {
        let Some(sel) = sel else {
            return Selector::Nothing;
        };
        let mut reqs: Vec<Requirement> = sel
            .match_labels
            .iter()
            .map(|(k, v)| Requirement::In(k.clone(), vec![v.clone()]))
            .collect();
        for r in &sel.match_expressions {
            let req = match (r.operator.as_str(), r.values.is_empty()) {
                ("In", false) => Requirement::In(r.key.clone(), r.values.clone()),
                ("NotIn", false) => Requirement::NotIn(r.key.clone(), r.values.clone()),
                ("Exists", true) => Requirement::Exists(r.key.clone()),
                ("DoesNotExist", true) => Requirement::DoesNotExist(r.key.clone()),
                _ => return Selector::Nothing,
            };
            reqs.push(req);
        }
        Selector::All(reqs)
    }

    /// `labels.Everything()`.
    pub fn everything() -> Selector {
        Selector::All(Vec::new())
    }

    /// `Selector.Empty()`: whether it has no requirement (`Everything`; `Nothing` is not
    /// empty).
    pub fn is_empty(&self) -> bool {
        matches!(self, Selector::All(r) if r.is_empty())
    }

    /// The selector with `req` added (`Selector.Add`; `Nothing` stays `Nothing`).
    pub fn with(mut self, req: Requirement) -> Selector {
        if let Selector::All(reqs) = &mut self {
            reqs.push(req);
        }
        self
    }

    /// Whether the selector matches the labels `get` looks up.
    pub fn matches_with<'a>(&self, get: impl Fn(&str) -> Option<&'a str>) -> bool {
        match self {
            Selector::Nothing => false,
            Selector::All(reqs) => reqs.iter().all(|r| r.matches(&get)),
        }
    }

    /// Whether the selector matches `labels`.
    pub fn matches(&self, labels: &StringMap) -> bool {
        self.matches_with(|k| labels.get(k).map(String::as_str))
    }

    /// Whether the selector matches the labels of namespace `ns`.
    pub fn matches_namespace(&self, ns: &str) -> bool {
        self.matches_with(|k| (k == NAMESPACE_NAME_LABEL).then_some(ns))
    }
}

/// A parsed pod (anti-)affinity term (`fwk.AffinityTerm`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AffinityTerm {
    /// The namespaces listed, or the pod's own when neither they nor a namespace selector
    /// are given.
    pub namespaces: Vec<String>,
    /// The label selector (with the keys the API server merged in on create).
    pub selector: Selector,
    /// The topology key.
    pub topology_key: String,
    /// The namespace selector (`Nothing` when absent).
    pub namespace_selector: Selector,
}

impl AffinityTerm {
    /// `newAffinityTerm` for a term of `pod`: its label selector as the pod holds it. The
    /// scheduler does not read `matchLabelKeys` / `mismatchLabelKeys`: the API server merged
    /// them into the selector when it created the pod
    /// ([`crate::engine::api::match_label_keys`]).
    pub fn new(pod: &Pod, term: &PodAffinityTerm) -> AffinityTerm {
        let selector = Selector::of(term.label_selector.as_ref());
        let namespaces = if term.namespaces.is_empty() && term.namespace_selector.is_none() {
            vec![pod.metadata.namespace.clone()]
        } else {
            term.namespaces.clone()
        };
        AffinityTerm {
            namespaces,
            selector,
            topology_key: term.topology_key.clone(),
            namespace_selector: Selector::of(term.namespace_selector.as_ref()),
        }
    }

    /// `AffinityTerm.Matches`: `pod` is in one of the term's namespaces (listed, or picked
    /// by the namespace selector) and its labels match the selector.
    pub fn matches(&self, pod: &Pod) -> bool {
        let ns = &pod.metadata.namespace;
        (self.namespaces.iter().any(|n| n == ns) || self.namespace_selector.matches_namespace(ns))
            && self.selector.matches(&pod.metadata.labels)
    }
}

/// A preferred term with its weight (`fwk.WeightedAffinityTerm`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeightedAffinityTerm {
    /// The term.
    pub term: AffinityTerm,
    /// Its weight (1-100).
    pub weight: i32,
}

/// A pod's parsed inter-pod affinity terms (upstream `PodInfo`'s four lists).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodAffinityTerms {
    /// `podAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    pub required_affinity: Vec<AffinityTerm>,
    /// `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    pub required_anti_affinity: Vec<AffinityTerm>,
    /// `podAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    pub preferred_affinity: Vec<WeightedAffinityTerm>,
    /// `podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    pub preferred_anti_affinity: Vec<WeightedAffinityTerm>,
}

impl PodAffinityTerms {
    /// The terms of `pod`, `None` when it has neither pod affinity nor anti-affinity (so
    /// that the pods without any cost one pointer).
    pub fn of(pod: &Pod) -> Option<Box<PodAffinityTerms>> {
        let a = pod.spec.affinity.as_ref()?;
        if a.pod_affinity.is_none() && a.pod_anti_affinity.is_none() {
            return None;
        }
        let required = |p: Option<&crate::engine::api::types::PodAffinity>| -> Vec<AffinityTerm> {
            p.map(|p| {
                p.required
                    .iter()
                    .map(|t| AffinityTerm::new(pod, t))
                    .collect()
            })
            .unwrap_or_default()
        };
        let preferred =
            |p: Option<&crate::engine::api::types::PodAffinity>| -> Vec<WeightedAffinityTerm> {
                p.map(|p| {
                    p.preferred
                        .iter()
                        .map(|w| WeightedAffinityTerm {
                            term: AffinityTerm::new(pod, &w.pod_affinity_term),
                            weight: w.weight,
                        })
                        .collect()
                })
                .unwrap_or_default()
            };
        Some(Box::new(PodAffinityTerms {
            required_affinity: required(a.pod_affinity.as_ref()),
            required_anti_affinity: required(a.pod_anti_affinity.as_ref()),
            preferred_affinity: preferred(a.pod_affinity.as_ref()),
            preferred_anti_affinity: preferred(a.pod_anti_affinity.as_ref()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::types::SelectorRequirement;

    fn labels(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_missing_selector_selects_nothing_and_an_empty_one_everything() {
        let l = labels(&[("app", "web")]);
        assert!(!Selector::of(None).matches(&l));
        assert!(Selector::of(Some(&LabelSelector::default())).matches(&l));
        assert!(Selector::of(Some(&LabelSelector::default())).is_empty());
        assert!(!Selector::Nothing.is_empty());
    }

    #[test]
    fn expressions_follow_their_operators() {
        let sel = |op: &str, values: &[&str]| {
            Selector::of(Some(&LabelSelector {
                match_labels: StringMap::default(),
                match_expressions: vec![SelectorRequirement {
                    key: "tier".into(),
                    operator: op.into(),
                    values: values.iter().map(|v| v.to_string()).collect(),
                }],
            }))
        };
        let front = labels(&[("tier", "front")]);
        let none = labels(&[]);
        assert!(sel("In", &["front"]).matches(&front));
        assert!(!sel("In", &["front"]).matches(&none));
        assert!(sel("NotIn", &["back"]).matches(&front));
        assert!(sel("NotIn", &["back"]).matches(&none));
        assert!(sel("Exists", &[]).matches(&front));
        assert!(sel("DoesNotExist", &[]).matches(&none));
        assert!(
            !sel("In", &[]).matches(&front),
            "In without values selects nothing"
        );
    }

    #[test]
    fn an_affinity_term_uses_the_selector_the_pod_holds_with_the_keys_merged_on_create() {
        let mut pod = Pod::default();
        pod.metadata.namespace = "default".into();
        pod.metadata.labels = labels(&[("app", "web"), ("pod-template-hash", "abc")]);
        pod.spec.affinity = Some(crate::engine::api::Affinity {
            pod_anti_affinity: Some(crate::engine::api::types::PodAffinity {
                required: vec![PodAffinityTerm {
                    label_selector: Some(LabelSelector {
                        match_labels: labels(&[("app", "web")]),
                        match_expressions: Vec::new(),
                    }),
                    topology_key: "zone".into(),
                    match_label_keys: vec!["pod-template-hash".into()],
                    ..Default::default()
                }],
                preferred: Vec::new(),
            }),
            ..Default::default()
        });
        let mut other = pod.clone();
        other
            .metadata
            .labels
            .insert("pod-template-hash".into(), "def".into());
        let term = |pod: &Pod| {
            let terms = PodAffinityTerms::of(pod).expect("terms");
            terms.required_anti_affinity[0].clone()
        };
        assert!(
            term(&pod).matches(&other),
            "the scheduler does not merge the keys itself"
        );
        crate::engine::api::match_label_keys::merge_on_create(&mut pod);
        assert!(term(&pod).matches(&pod));
        assert!(
            !term(&pod).matches(&other),
            "merged on create: another revision is not matched"
        );
    }
}

//! `matchLabelKeys` / `mismatchLabelKeys` merged into label selectors as the v1.35 API
//! server does when it creates a Pod (`pkg/registry/core/pod/strategy.go`,
//! `PrepareForCreate`), with the feature gates at their v1.35 defaults:
//!
//! * `mutatePodAffinity` (MatchLabelKeysInPodAffinity: GA and locked on since v1.33): each
//!   pod (anti-)affinity term, required or preferred, gets `key in (value)` for every
//!   `matchLabelKeys` entry and `key notin (value)` for every `mismatchLabelKeys` entry;
//! * `mutateTopologySpreadConstraints` (MatchLabelKeysInPodTopologySpread: beta, on since
//!   v1.27; MatchLabelKeysInPodTopologySpreadSelectorMerge: beta, on since v1.34): each
//!   topology spread constraint gets `key in (value)` for every `matchLabelKeys` entry.
//!
//! The value is the pod's own label; a key the pod has no label for is skipped, and a term
//! or constraint without a label selector is left alone (it selects no pod either way).
//! The requirements are appended to `matchExpressions`. Pod templates are not merged: the
//! pods created from them are.

use std::collections::{HashMap, HashSet};

use super::types::{LabelSelector, Pod, PodAffinity, SelectorRequirement, StringMap};
use crate::engine::quote::go_quote;

/// The detail of the error for a `matchLabelKeys` key the label selector also names.
pub const KEY_IN_BOTH_DETAIL: &str = "exists in both matchLabelKeys and labelSelector";

/// `PrepareForCreate`'s merge for a pod the API server creates now. A pod that states its
/// `metadata.creationTimestamp` was created already (it is read from a cluster): its
/// selectors hold the merge made when it was created, and it is kept as read.
pub fn merge_on_create(pod: &mut Pod) {
    if pod.metadata.creation_timestamp.is_none() {
        merge_label_keys(pod);
    }
}

/// The `matchLabelKeys` keys a label selector names twice, as upstream's
/// `ValidateMatchLabelKeysAndMismatchLabelKeys` finds them after the merge: walking
/// `matchExpressions` after the `matchLabels` keys, a listed key met again. Each is given
/// with its (last) index in `match_label_keys`, the index upstream reports it at.
pub fn keys_named_twice<'a>(
    match_label_keys: &'a [String],
    selector: &'a LabelSelector,
) -> Vec<(usize, &'a str)> {
    let position: HashMap<&str, usize> = match_label_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut seen: HashSet<&str> = selector.match_labels.keys().map(String::as_str).collect();
    let mut twice = Vec::new();
    for expression in &selector.match_expressions {
        let key = expression.key.as_str();
        if let Some(i) = position.get(key).filter(|_| seen.contains(key)) {
            twice.push((*i, key));
        }
        seen.insert(key);
    }
    twice
}

/// The validation errors the merge gives a pod created from a valid template: a
/// `matchLabelKeys` key its selector names as well, found once the merge added the key's
/// requirement (the template itself passes, as upstream does not merge templates). The
/// error text is the API server's (`Pod "name" is invalid: ...`), `None` when there is none.
pub fn merge_error(pod: &Pod) -> Option<String> {
    let mut errors: Vec<String> = Vec::new();
    let mut check = |path: String, keys: &[String], selector: &Option<LabelSelector>| {
        if let Some(selector) = selector {
            for (i, key) in keys_named_twice(keys, selector) {
                let error = format!(
                    "{path}[{i}]: Invalid value: {}: {KEY_IN_BOTH_DETAIL}",
                    go_quote(key)
                );
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
        }
    };
    if let Some(affinity) = &pod.spec.affinity {
        for (name, terms) in [
            ("podAffinity", &affinity.pod_affinity),
            ("podAntiAffinity", &affinity.pod_anti_affinity),
        ] {
            let Some(terms) = terms else { continue };
            let base = format!("spec.affinity.{name}");
            for (i, t) in terms.required.iter().enumerate() {
                check(
                    format!("{base}.requiredDuringSchedulingIgnoredDuringExecution[{i}]"),
                    &t.match_label_keys,
                    &t.label_selector,
                );
            }
            for (i, w) in terms.preferred.iter().enumerate() {
                let t = &w.pod_affinity_term;
                check(
                    format!(
                        "{base}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm"
                    ),
                    &t.match_label_keys,
                    &t.label_selector,
                );
            }
        }
    }
    for (i, c) in pod.spec.topology_spread_constraints.iter().enumerate() {
        check(
            format!("spec.topologySpreadConstraints[{i}]"),
            &c.match_label_keys,
            &c.label_selector,
        );
    }
    let list = match errors.len() {
        0 => return None,
        1 => errors.remove(0),
        _ => format!("[{}]", errors.join(", ")),
    };
    Some(format!(
        "Pod {} is invalid: {list}",
        go_quote(&pod.metadata.name)
    ))
}

/// `mutatePodAffinity` then `mutateTopologySpreadConstraints` on `pod`.
fn merge_label_keys(pod: &mut Pod) {
    let labels = &pod.metadata.labels;
    if let Some(affinity) = &mut pod.spec.affinity {
        for terms in [&mut affinity.pod_affinity, &mut affinity.pod_anti_affinity]
            .into_iter()
            .flatten()
        {
            merge_into_terms(terms, labels);
        }
    }
    for constraint in &mut pod.spec.topology_spread_constraints {
        if let Some(selector) = &mut constraint.label_selector {
            append_requirements(selector, &constraint.match_label_keys, "In", labels);
        }
    }
}

/// `applyMatchLabelKeysAndMismatchLabelKeys` on every term of `terms`, preferred first as
/// upstream walks them.
fn merge_into_terms(terms: &mut PodAffinity, labels: &StringMap) {
    let preferred = terms.preferred.iter_mut().map(|w| &mut w.pod_affinity_term);
    for term in preferred.chain(terms.required.iter_mut()) {
        if let Some(selector) = &mut term.label_selector {
            append_requirements(selector, &term.match_label_keys, "In", labels);
            append_requirements(selector, &term.mismatch_label_keys, "NotIn", labels);
        }
    }
}

/// `applyLabelKeysToLabelSelector`: `key <operator> (value)` for each of `keys` the pod
/// has a label for.
fn append_requirements(
    selector: &mut LabelSelector,
    keys: &[String],
    operator: &str,
    labels: &StringMap,
) {
    for key in keys {
        if let Some(value) = labels.get(key) {
            selector.match_expressions.push(SelectorRequirement {
                key: key.clone(),
                operator: operator.to_string(),
                values: vec![value.clone()],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::types::{
        Affinity, PodAffinityTerm, TopologySpreadConstraint, WeightedPodAffinityTerm,
    };

    fn map(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|k| k.to_string()).collect()
    }

    fn requirement(key: &str, operator: &str, value: &str) -> SelectorRequirement {
        SelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: vec![value.into()],
        }
    }

    /// The pod of upstream's table: labels `country: Japan`, `city: Kyoto`.
    fn pod_in_kyoto() -> Pod {
        let mut pod = Pod::default();
        pod.metadata.labels = map(&[("country", "Japan"), ("city", "Kyoto")]);
        pod
    }

    fn term(
        selector: Option<LabelSelector>,
        match_keys: &[&str],
        mismatch_keys: &[&str],
    ) -> PodAffinityTerm {
        PodAffinityTerm {
            label_selector: selector,
            match_label_keys: keys(match_keys),
            mismatch_label_keys: keys(mismatch_keys),
            ..Default::default()
        }
    }

    fn in_asia(expressions: Vec<SelectorRequirement>) -> Option<LabelSelector> {
        Some(LabelSelector {
            match_labels: map(&[("region", "Asia")]),
            match_expressions: expressions,
        })
    }

    /// The same term in all four places: required and preferred, affinity and
    /// anti-affinity.
    fn everywhere(t: PodAffinityTerm) -> Affinity {
        let both = PodAffinity {
            required: vec![t.clone()],
            preferred: vec![WeightedPodAffinityTerm {
                weight: 0,
                pod_affinity_term: t,
            }],
        };
        Affinity {
            pod_affinity: Some(both.clone()),
            pod_anti_affinity: Some(both),
            ..Default::default()
        }
    }

    /// Upstream `Test_mutatePodAffinity`, the cases with the gate on (MatchLabelKeysInPodAffinity
    /// is locked on in v1.35, so the gate-off case does not apply).
    #[test]
    fn test_mutate_pod_affinity() {
        let required_only = |t: PodAffinityTerm| Affinity {
            pod_affinity: Some(PodAffinity {
                required: vec![t],
                preferred: Vec::new(),
            }),
            ..Default::default()
        };
        let cases = [
            (
                "matchLabelKeys are merged into labelSelector with In and mismatchLabelKeys are merged with NotIn",
                everywhere(term(in_asia(Vec::new()), &["country"], &["city"])),
                everywhere(term(
                    in_asia(vec![
                        requirement("country", "In", "Japan"),
                        requirement("city", "NotIn", "Kyoto"),
                    ]),
                    &["country"],
                    &["city"],
                )),
            ),
            (
                "keys, which are not found in Pod labels, are ignored",
                required_only(term(in_asia(Vec::new()), &["city", "not-found"], &[])),
                required_only(term(
                    in_asia(vec![requirement("city", "In", "Kyoto")]),
                    &["city", "not-found"],
                    &[],
                )),
            ),
            (
                "matchLabelKeys is ignored if the labelSelector is nil",
                required_only(term(None, &["country"], &["city"])),
                required_only(term(None, &["country"], &["city"])),
            ),
        ];
        for (name, given, want) in cases {
            let mut pod = pod_in_kyoto();
            pod.spec.affinity = Some(given);
            merge_label_keys(&mut pod);
            assert_eq!(pod.spec.affinity, Some(want), "{name}");
        }
    }

    /// `mutateTopologySpreadConstraints`, in the shape of upstream's pod affinity table.
    #[test]
    fn match_label_keys_of_spread_constraints_are_merged_with_in() {
        let constraint =
            |selector: Option<LabelSelector>, match_keys: &[&str]| TopologySpreadConstraint {
                label_selector: selector,
                match_label_keys: keys(match_keys),
                ..Default::default()
            };
        let cases = [
            (
                "matchLabelKeys are merged into labelSelector with In",
                constraint(in_asia(Vec::new()), &["country"]),
                constraint(
                    in_asia(vec![requirement("country", "In", "Japan")]),
                    &["country"],
                ),
            ),
            (
                "keys, which are not found in Pod labels, are ignored",
                constraint(in_asia(Vec::new()), &["city", "not-found"]),
                constraint(
                    in_asia(vec![requirement("city", "In", "Kyoto")]),
                    &["city", "not-found"],
                ),
            ),
            (
                "matchLabelKeys is ignored if the labelSelector is nil",
                constraint(None, &["country"]),
                constraint(None, &["country"]),
            ),
        ];
        for (name, given, want) in cases {
            let mut pod = pod_in_kyoto();
            pod.spec.topology_spread_constraints = vec![given];
            merge_label_keys(&mut pod);
            assert_eq!(pod.spec.topology_spread_constraints, vec![want], "{name}");
        }
    }

    #[test]
    fn a_pod_read_from_a_cluster_keeps_the_selectors_it_was_created_with() {
        let mut pod = pod_in_kyoto();
        pod.spec.affinity = Some(everywhere(term(in_asia(Vec::new()), &["country"], &[])));
        pod.metadata.creation_timestamp = Some("2026-01-01T00:00:00Z".into());
        let read = pod.clone();
        merge_on_create(&mut pod);
        assert_eq!(pod, read);
        pod.metadata.creation_timestamp = None;
        merge_on_create(&mut pod);
        assert_ne!(pod.spec.affinity, read.spec.affinity, "a new pod is merged");
    }
}

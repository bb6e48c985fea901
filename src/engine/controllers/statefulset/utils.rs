//! What the StatefulSet controller's rules share (`stateful_set_utils.go`, Kubernetes
//! v1.35): ordinals and names, the pods' identity, claims and revision label, and the
//! view of a pod the rules read.

use crate::engine::api::{
    OwnerReference, Pod, PodTemplateSpec, RawValue, StatefulSet, StatefulSetSpec,
};
use crate::engine::store::state::{PodPhase, HASH_LABEL};

/// The label with the pod's name (`apps.StatefulSetPodNameLabel`).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// The label with the pod's ordinal (`apps.PodIndexLabel`, GA since v1.32).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

/// `getParentNameAndOrdinal`: the StatefulSet name and ordinal a pod's name carries
/// (`(.*)-([0-9]+)$`), the ordinal -1 when there is none or it does not fit in 32 bits.
pub fn parent_and_ordinal(pod_name: &str) -> (&str, i32) {
    let Some((parent, digits)) = pod_name.rsplit_once('-') else {
        return ("", -1);
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return ("", -1);
    }
    (parent, digits.parse::<i32>().unwrap_or(-1))
}

/// `getOrdinal`: the ordinal of a pod's name, -1 when it has none.
pub fn ordinal_of(pod_name: &str) -> i32 {
    parent_and_ordinal(pod_name).1
}

/// `getPodName`: `<set>-<ordinal>`.
pub fn pod_name(set_name: &str, ordinal: i32) -> String {
    format!("{set_name}-{ordinal}")
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set_name: &str, ordinal: i32) -> String {
    format!("{template}-{set_name}-{ordinal}")
}

/// The claims of the pod with `ordinal`, one per volume claim template, in template order.
pub fn claim_names(set: &StatefulSet, ordinal: i32) -> Vec<String> {
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| claim_name(&t.name, &set.metadata.name, ordinal))
        .collect()
}

/// `getEndOrdinal`: the highest ordinal the set wants (`start + replicas - 1`).
pub fn end_ordinal(spec: &StatefulSetSpec) -> i32 {
    spec.start_ordinal() + spec.replicas.max(0) - 1
}

/// `podInOrdinalRange`.
pub fn in_ordinal_range(spec: &StatefulSetSpec, ordinal: i32) -> bool {
    ordinal >= spec.start_ordinal() && ordinal <= end_ordinal(spec)
}

/// A member pod as the StatefulSet controller's rules read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPod {
    /// The pod's name.
    pub name: String,
    /// Its ordinal (-1 when its name has none).
    pub ordinal: i32,
    /// `getPodRevision`: its `controller-revision-hash` label (a revision's name).
    pub revision: String,
    /// `status.phase`.
    pub phase: PodPhase,
    /// `isTerminating`: it has a deletion timestamp.
    pub terminating: bool,
    /// The Ready condition is True.
    pub ready: bool,
    /// `podutil.IsPodAvailable`: Ready for at least `minReadySeconds` now.
    pub available: bool,
}

impl MemberPod {
    /// `isRunningAndReady`.
    pub fn running_and_ready(&self) -> bool {
        self.phase == PodPhase::Running && self.ready
    }

    /// `isHealthy`: running, ready and not terminating.
    pub fn healthy(&self) -> bool {
        self.running_and_ready() && !self.terminating
    }

    /// `isUnavailable`: not healthy, or not available yet.
    pub fn unavailable(&self) -> bool {
        !self.healthy() || !self.available
    }
}

/// The controller reference a StatefulSet's pods carry.
pub fn controller_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "StatefulSet".to_string(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `newVersionedStatefulSetPod`'s pod: `newStatefulSetPod` of the revision's `template`
/// (`GetPodFromTemplate`, then `initIdentity`: the name, hostname and subdomain, the
/// pod-name and pod-index labels; `updateStorage`: one volume per claim template), with
/// the revision label (`setPodRevision`).
pub fn new_pod(set: &StatefulSet, template: &PodTemplateSpec, ordinal: i32, revision: &str) -> Pod {
    let name = pod_name(&set.metadata.name, ordinal);
    let mut pod = Pod {
        spec: template.spec.clone(),
        ..Pod::default()
    };
    pod.metadata.name = name.clone();
    pod.metadata.namespace = set.metadata.namespace.clone();
    pod.metadata.labels = template.metadata.labels.clone();
    pod.metadata.annotations = template.metadata.annotations.clone();
    pod.metadata.owner_references = vec![controller_ref(set)];
    let labels = &mut pod.metadata.labels;
    labels.insert(POD_NAME_LABEL.to_string(), name.clone());
    labels.insert(POD_INDEX_LABEL.to_string(), ordinal.to_string());
    labels.insert(HASH_LABEL.to_string(), revision.to_string());
    let extra = &mut pod.spec.extra;
    set_extra(extra, "hostname", RawValue::String(name));
    if !set.spec.service_name.is_empty() {
        set_extra(
            extra,
            "subdomain",
            RawValue::String(set.spec.service_name.clone()),
        );
    }
    update_storage(set, &mut pod, ordinal);
    pod
}

fn set_extra(extra: &mut Vec<(String, RawValue)>, key: &str, value: RawValue) {
    match extra.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => extra.push((key.to_string(), value)),
    }
}

/// `updateStorage`: a `persistentVolumeClaim` volume per claim template, replacing the
/// template's volumes of the same name.
fn update_storage(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    if set.spec.volume_claim_templates.is_empty() {
        return;
    }
    let templates = &set.spec.volume_claim_templates;
    let mut volumes: Vec<RawValue> = templates
        .iter()
        .map(|t| {
            let claim = RawValue::Map(vec![(
                "claimName".to_string(),
                RawValue::String(claim_name(&t.name, &set.metadata.name, ordinal)),
            )]);
            RawValue::Map(vec![
                ("name".to_string(), RawValue::String(t.name.clone())),
                ("persistentVolumeClaim".to_string(), claim),
            ])
        })
        .collect();
    let existing = pod
        .spec
        .extra
        .iter()
        .find(|(k, _)| k == "volumes")
        .map(|(_, v)| v.clone());
    if let Some(RawValue::Seq(current)) = existing {
        let is_claimed = |v: &RawValue| match v {
            RawValue::Map(fields) => fields.iter().any(|(k, name)| {
                k == "name"
                    && matches!(name, RawValue::String(n) if templates.iter().any(|t| &t.name == n))
            }),
            _ => false,
        };
        volumes.extend(current.into_iter().filter(|v| !is_claimed(v)));
    }
    set_extra(&mut pod.spec.extra, "volumes", RawValue::Seq(volumes));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_read_from_the_end_of_a_pods_name() {
        let table = [
            ("web-0", ("web", 0)),
            ("my-web-12", ("my-web", 12)),
            ("web", ("", -1)),
            ("web-", ("", -1)),
            ("web-x1", ("", -1)),
            ("web-99999999999", ("web", -1)),
        ];
        for (name, want) in table {
            assert_eq!(parent_and_ordinal(name), want, "{name}");
        }
    }

    #[test]
    fn claims_are_named_after_the_template_the_set_and_the_ordinal() {
        assert_eq!(claim_name("data", "web", 2), "data-web-2");
    }
}

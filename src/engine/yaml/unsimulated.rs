//! Objects of kinds kubeplay keeps but does not simulate. A pasted bundle (a project's
//! `install.yaml`, `kubectl get ... -o yaml` of a real cluster) is mostly Namespaces,
//! Services, ConfigMaps, RBAC, webhooks and CRDs: they take no part in scheduling, so they are
//! kept and summed up in one quiet note instead of a warning each. Three cases keep their
//! warning: kinds that in a cluster create, delete or scale pods ([`CHANGE_PODS`]), which the
//! simulation would then miss; and a kind that is no known kind but close to a simulated one,
//! which is most likely a typo (with a "did you mean" hint).

use std::collections::BTreeMap;

use super::context::Diag;
use super::decode::fields::suggest;
use super::node::Pos;
use crate::engine::api::OBJECT_KINDS;
use crate::engine::diagnostic::Severity;

/// Kinds that in a cluster create, delete or scale pods and that kubeplay does not simulate:
/// each keeps its warning, because what the simulation shows misses their pods.
pub const CHANGE_PODS: &[&str] = &[
    "CronJob",
    "HorizontalPodAutoscaler",
    "Job",
    "ReplicationController",
];

/// Built-in kinds of the Kubernetes API (and of the Gateway API) that take no part in
/// scheduling: they never get a "did you mean" hint, however close their name is to a
/// simulated kind (`Role` is two letters from `Node`).
const BUILT_IN: &[&str] = &[
    "APIService",
    "Binding",
    "CSIDriver",
    "CSINode",
    "CSIStorageCapacity",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterTrustBundle",
    "ComponentStatus",
    "ConfigMap",
    "ControllerRevision",
    "CustomResourceDefinition",
    "DeviceClass",
    "EndpointSlice",
    "Endpoints",
    "Event",
    "FlowSchema",
    "GRPCRoute",
    "Gateway",
    "GatewayClass",
    "HTTPRoute",
    "Ingress",
    "IngressClass",
    "IPAddress",
    "Lease",
    "LimitRange",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "NetworkPolicy",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "PodSecurityPolicy",
    "PodTemplate",
    "PriorityLevelConfiguration",
    "ReferenceGrant",
    "ResourceClaim",
    "ResourceClaimTemplate",
    "ResourceQuota",
    "ResourceSlice",
    "Role",
    "RoleBinding",
    "RuntimeClass",
    "Secret",
    "Service",
    "ServiceAccount",
    "ServiceCIDR",
    "StorageClass",
    "TCPRoute",
    "TLSRoute",
    "UDPRoute",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeAttributesClass",
];

/// The simulated kind an unknown `kind` is probably a typo of (none for a known kind).
pub fn typo_of(kind: &str) -> Option<&'static str> {
    if BUILT_IN.contains(&kind) || CHANGE_PODS.contains(&kind) {
        return None;
    }
    let simulated: Vec<&'static str> = OBJECT_KINDS.iter().copied().chain(["Scenario"]).collect();
    suggest(kind, &simulated)
}

/// True when an object of `kind` is kept without a warning of its own (summed up in the
/// note of [`QuietObjects`]).
pub fn is_quiet(kind: &str) -> bool {
    !CHANGE_PODS.contains(&kind) && typo_of(kind).is_none()
}

/// The objects kept without a warning of their own, counted by kind.
#[derive(Default)]
pub struct QuietObjects {
    by_kind: BTreeMap<String, usize>,
    first: Option<Pos>,
}

impl QuietObjects {
    /// Counts one object of `kind` written at `pos`.
    pub fn add(&mut self, kind: &str, pos: Pos) {
        *self.by_kind.entry(kind.to_string()).or_default() += 1;
        self.first.get_or_insert(pos);
    }

    /// The one note that sums them up, at the first of them (none when there are none):
    /// `3 objects take no part in the simulation and are kept as they are: 1 ConfigMap,
    /// 2 Service`.
    pub fn note(&self) -> Option<Diag> {
        let pos = self.first?;
        let total: usize = self.by_kind.values().sum();
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        let subject = if total == 1 {
            "1 object takes".to_string()
        } else {
            format!("{total} objects take")
        };
        Some(Diag {
            severity: Severity::Info,
            message: format!(
                "{subject} no part in the simulation and {} kept as {} {}: {}",
                if total == 1 { "is" } else { "are" },
                if total == 1 { "it" } else { "they" },
                if total == 1 { "is" } else { "are" },
                kinds.join(", ")
            ),
            path: None,
            pos,
            hint: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Pos {
        Pos { line, column: 1 }
    }

    #[test]
    fn objects_of_built_in_kinds_outside_scheduling_are_quiet() {
        for kind in [
            "Namespace",
            "Service",
            "ConfigMap",
            "Secret",
            "Role",
            "ClusterRoleBinding",
        ] {
            assert!(is_quiet(kind), "{kind}");
        }
    }

    #[test]
    fn custom_resources_are_quiet() {
        assert!(is_quiet("Certificate"));
        assert!(is_quiet("Prometheus"));
    }

    #[test]
    fn kinds_that_create_or_scale_pods_keep_their_warning_without_a_hint() {
        for kind in [
            "Job",
            "CronJob",
            "ReplicationController",
            "HorizontalPodAutoscaler",
        ] {
            assert!(!is_quiet(kind), "{kind}");
            assert_eq!(typo_of(kind), None, "{kind}");
        }
    }

    #[test]
    fn a_kind_close_to_a_simulated_one_is_a_typo_with_a_hint() {
        assert_eq!(typo_of("Nde"), Some("Node"));
        assert_eq!(typo_of("Deploymnet"), Some("Deployment"));
        assert_eq!(typo_of("daemonset"), Some("DaemonSet"));
        assert!(!is_quiet("Nde"));
    }

    #[test]
    fn a_built_in_kind_close_to_a_simulated_one_is_not_a_typo() {
        assert_eq!(typo_of("Role"), None, "two letters from Node");
        assert_eq!(typo_of("Secret"), None);
    }

    #[test]
    fn no_quiet_objects_make_no_note() {
        assert!(QuietObjects::default().note().is_none());
    }

    #[test]
    fn the_note_sums_the_quiet_objects_by_kind_at_the_first_of_them() {
        let mut quiet = QuietObjects::default();
        quiet.add("Service", at(5));
        quiet.add("ConfigMap", at(9));
        quiet.add("Service", at(14));
        let note = quiet.note().expect("a note");
        assert_eq!(note.severity, Severity::Info);
        assert_eq!(note.pos, at(5));
        assert_eq!(
            note.message,
            "3 objects take no part in the simulation and are kept as they are: 1 ConfigMap, 2 Service"
        );
    }

    #[test]
    fn the_note_of_one_object_is_in_the_singular() {
        let mut quiet = QuietObjects::default();
        quiet.add("Namespace", at(1));
        assert_eq!(
            quiet.note().expect("a note").message,
            "1 object takes no part in the simulation and is kept as it is: 1 Namespace"
        );
    }
}

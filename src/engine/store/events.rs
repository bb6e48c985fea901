//! Kubernetes Events as the store records them: who reported what about which object, at
//! which virtual instant.

use std::borrow::Cow;

use crate::engine::api::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use crate::engine::time::Millis;

use crate::engine::key_map::Key;

use super::state::{key_parts, object_key, PodState};

/// `Normal` or `Warning`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventType {
    /// `Normal`.
    Normal,
    /// `Warning`.
    Warning,
}

impl EventType {
    /// The upstream spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// The object an event is about: its kind and key. The key is kept inline (as the pod's
/// state keeps it), so that recording an event about a pod copies it and allocates nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// `Pod`, `DaemonSet`, `Deployment`, `ReplicaSet`, `StatefulSet`,
    /// `PodDisruptionBudget` or `Node`.
    pub kind: &'static str,
    /// `namespace/name`, or the name of a cluster-scoped object (a node).
    key: Key,
}

impl ObjectRef {
    /// The reference to the `kind` object `name` in `namespace` (empty for a node).
    pub fn new(kind: &'static str, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            key: Key::from(object_key(namespace, name).as_str()),
        }
    }

    /// The reference to a pod.
    pub fn pod(pod: &PodState) -> ObjectRef {
        ObjectRef {
            kind: "Pod",
            key: pod.stored_key().clone(),
        }
    }

    /// The reference to the pod `namespace/name` (which may be gone already).
    pub fn pod_key(key: &str) -> ObjectRef {
        ObjectRef {
            kind: "Pod",
            key: Key::from(key),
        }
    }

    /// The reference to a DaemonSet.
    pub fn daemon_set(ds: &DaemonSet) -> ObjectRef {
        ObjectRef::new("DaemonSet", &ds.metadata.namespace, &ds.metadata.name)
    }

    /// The reference to a Deployment.
    pub fn deployment(deployment: &Deployment) -> ObjectRef {
        let meta = &deployment.metadata;
        ObjectRef::new("Deployment", &meta.namespace, &meta.name)
    }

    /// The reference to a ReplicaSet.
    pub fn replica_set(rs: &ReplicaSet) -> ObjectRef {
        ObjectRef::new("ReplicaSet", &rs.metadata.namespace, &rs.metadata.name)
    }

    /// The reference to a StatefulSet.
    pub fn stateful_set(set: &StatefulSet) -> ObjectRef {
        ObjectRef::new("StatefulSet", &set.metadata.namespace, &set.metadata.name)
    }

    /// The reference to the node `name`.
    pub fn node(name: &str) -> ObjectRef {
        ObjectRef {
            kind: "Node",
            key: Key::from(name),
        }
    }

    /// `namespace/name`, or the name of a cluster-scoped object.
    pub fn key(&self) -> &str {
        self.key.as_str()
    }

    /// The namespace (empty for a node).
    pub fn namespace(&self) -> &str {
        key_parts(self.key()).0
    }

    /// The name.
    pub fn name(&self) -> &str {
        key_parts(self.key()).1
    }
}

/// A Kubernetes Event stamped with the virtual time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Virtual time.
    pub time: Millis,
    /// Normal or Warning.
    pub type_: EventType,
    /// The reason (`SuccessfulCreate`, `Scheduled`, `Pulling`, ...).
    pub reason: &'static str,
    /// The object it is recorded on.
    pub object: ObjectRef,
    /// The reporting component (`daemonset-controller`, `kubelet`, ..., or the name of the
    /// scheduler profile that handled the pod, `default-scheduler` by default).
    pub source: Cow<'static, str>,
    /// The message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;

    #[test]
    fn a_reference_names_its_object_by_namespace_and_name_or_by_name_alone() {
        let mut object = Pod::default();
        object.metadata.namespace = "kube-system".to_string();
        object.metadata.name = "agent-x2k9p".to_string();
        let pod = ObjectRef::pod(&PodState::new(object));
        let cases = [
            (&pod, "Pod", "kube-system", "agent-x2k9p"),
            (
                &ObjectRef::pod_key("default/web-0"),
                "Pod",
                "default",
                "web-0",
            ),
            (&ObjectRef::node("worker-1"), "Node", "", "worker-1"),
            (
                &ObjectRef::new("PodDisruptionBudget", "default", "web"),
                "PodDisruptionBudget",
                "default",
                "web",
            ),
        ];
        for (reference, kind, namespace, name) in cases {
            assert_eq!(reference.kind, kind);
            assert_eq!(reference.namespace(), namespace, "{}", reference.key());
            assert_eq!(reference.name(), name, "{}", reference.key());
        }
    }
}

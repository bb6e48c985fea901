//! Kubernetes Events as the store records them: who reported what about which object, at
//! which virtual instant.

use crate::engine::api::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use crate::engine::time::Millis;

use super::state::PodState;

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

/// The object an event is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// `Pod`, `DaemonSet`, `Deployment`, `ReplicaSet` or `Node`.
    pub kind: &'static str,
    /// Namespace (empty for nodes).
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectRef {
    /// The reference to a pod.
    pub fn pod(pod: &PodState) -> ObjectRef {
        ObjectRef {
            kind: "Pod",
            namespace: pod.pod.metadata.namespace.clone(),
            name: pod.pod.metadata.name.clone(),
        }
    }

    /// The reference to the pod `namespace/name` (which may be gone already).
    pub fn pod_key(key: &str) -> ObjectRef {
        let (namespace, name) = key.split_once('/').unwrap_or(("", key));
        ObjectRef {
            kind: "Pod",
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    /// The reference to a DaemonSet.
    pub fn daemon_set(ds: &DaemonSet) -> ObjectRef {
        ObjectRef {
            kind: "DaemonSet",
            namespace: ds.metadata.namespace.clone(),
            name: ds.metadata.name.clone(),
        }
    }

    /// The reference to a Deployment.
    pub fn deployment(deployment: &Deployment) -> ObjectRef {
        ObjectRef {
            kind: "Deployment",
            namespace: deployment.metadata.namespace.clone(),
            name: deployment.metadata.name.clone(),
        }
    }

    /// The reference to a ReplicaSet.
    pub fn replica_set(rs: &ReplicaSet) -> ObjectRef {
        ObjectRef {
            kind: "ReplicaSet",
            namespace: rs.metadata.namespace.clone(),
            name: rs.metadata.name.clone(),
        }
    }

    /// The reference to a StatefulSet.
    pub fn stateful_set(set: &StatefulSet) -> ObjectRef {
        ObjectRef {
            kind: "StatefulSet",
            namespace: set.metadata.namespace.clone(),
            name: set.metadata.name.clone(),
        }
    }

    /// The reference to the node `name`.
    pub fn node(name: &str) -> ObjectRef {
        ObjectRef {
            kind: "Node",
            namespace: String::new(),
            name: name.to_string(),
        }
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
    pub reason: String,
    /// The object it is recorded on.
    pub object: ObjectRef,
    /// The reporting component (`daemonset-controller`, `default-scheduler`, `kubelet`, ...).
    pub source: String,
    /// The message.
    pub message: String,
}

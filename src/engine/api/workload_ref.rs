//! A workload as a step or a goal names it: its kind (by the key it is written with,
//! `daemonSet: web`), name and namespace.

/// The kind of workload a step names, by its key (`daemonSet: web`, `deployment: web`,
/// `replicaSet: web-5d4c8f7b9`, `statefulSet: web`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadKind {
    /// `daemonSet:`.
    DaemonSet,
    /// `deployment:`.
    Deployment,
    /// `replicaSet:`.
    ReplicaSet,
    /// `statefulSet:`.
    StatefulSet,
}

impl WorkloadKind {
    /// Every kind, in the order the kind keys are listed.
    pub const ALL: [WorkloadKind; 4] = [
        WorkloadKind::DaemonSet,
        WorkloadKind::Deployment,
        WorkloadKind::ReplicaSet,
        WorkloadKind::StatefulSet,
    ];

    /// The step's key for this kind (`daemonSet`).
    pub fn key(self) -> &'static str {
        match self {
            WorkloadKind::DaemonSet => "daemonSet",
            WorkloadKind::Deployment => "deployment",
            WorkloadKind::ReplicaSet => "replicaSet",
            WorkloadKind::StatefulSet => "statefulSet",
        }
    }

    /// kubectl's resource name with its group (`daemonset.apps`), as in
    /// `daemonset.apps/web configured`.
    pub fn resource(self) -> &'static str {
        match self {
            WorkloadKind::DaemonSet => "daemonset.apps",
            WorkloadKind::Deployment => "deployment.apps",
            WorkloadKind::ReplicaSet => "replicaset.apps",
            WorkloadKind::StatefulSet => "statefulset.apps",
        }
    }

    /// The plural resource with its group (`daemonsets.apps`), as in the API's NotFound
    /// message.
    pub fn plural(self) -> &'static str {
        match self {
            WorkloadKind::DaemonSet => "daemonsets.apps",
            WorkloadKind::Deployment => "deployments.apps",
            WorkloadKind::ReplicaSet => "replicasets.apps",
            WorkloadKind::StatefulSet => "statefulsets.apps",
        }
    }

    /// kubectl's short form in `TYPE/NAME` (`daemonset`, as in `rollout undo daemonset/web`).
    pub fn short(self) -> &'static str {
        match self {
            WorkloadKind::DaemonSet => "daemonset",
            WorkloadKind::Deployment => "deployment",
            WorkloadKind::ReplicaSet => "replicaset",
            WorkloadKind::StatefulSet => "statefulset",
        }
    }
}

/// A workload a step acts on: its kind (the key it was named by), name and namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    /// The kind.
    pub kind: WorkloadKind,
    /// The name.
    pub name: String,
    /// The namespace (default `default`).
    pub namespace: String,
}

impl Workload {
    /// A DaemonSet in `namespace`.
    pub fn daemon_set(name: &str, namespace: &str) -> Workload {
        Workload::new(WorkloadKind::DaemonSet, name, namespace)
    }

    /// A Deployment in `namespace`.
    pub fn deployment(name: &str, namespace: &str) -> Workload {
        Workload::new(WorkloadKind::Deployment, name, namespace)
    }

    /// A workload of `kind`.
    pub fn new(kind: WorkloadKind, name: &str, namespace: &str) -> Workload {
        Workload {
            kind,
            name: name.to_string(),
            namespace: namespace.to_string(),
        }
    }

    /// `kind/name` as kubectl takes it (`deployment/web`).
    pub fn slash_name(&self) -> String {
        format!("{}/{}", self.kind.short(), self.name)
    }
}

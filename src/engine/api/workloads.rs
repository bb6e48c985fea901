//! Plain data types for the `apps/v1` workloads that manage pods through ReplicaSets:
//! `Deployment` and `ReplicaSet` (the DaemonSet is in [`super::types`]).

use super::types::{IntOrPercent, LabelSelector, ObjectMeta, PodTemplateSpec};

/// The annotation the Deployment controller numbers revisions with, on a Deployment and its
/// ReplicaSets (`deployment.kubernetes.io/revision`).
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

/// `deployment.spec.strategy.type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeploymentStrategyType {
    /// `RollingUpdate` (default): new pods replace old ones within maxSurge / maxUnavailable.
    RollingUpdate,
    /// `Recreate`: every old pod is killed before new ones are created.
    Recreate,
    /// Anything else, kept for the validation message.
    Other(String),
}

/// `deployment.spec.strategy.rollingUpdate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollingUpdateDeployment {
    /// `maxUnavailable` (default `25%`).
    pub max_unavailable: Option<IntOrPercent>,
    /// `maxSurge` (default `25%`).
    pub max_surge: Option<IntOrPercent>,
}

/// `deployment.spec.strategy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentStrategy {
    /// `type`.
    pub type_: DeploymentStrategyType,
    /// `rollingUpdate` (set only for RollingUpdate after defaulting).
    pub rolling_update: Option<RollingUpdateDeployment>,
}

/// `deployment.spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentSpec {
    /// `replicas` (default 1).
    pub replicas: i32,
    /// `selector` (required in apps/v1).
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
    /// `strategy`.
    pub strategy: DeploymentStrategy,
    /// `minReadySeconds`.
    pub min_ready_seconds: i32,
    /// `revisionHistoryLimit` (default 10).
    pub revision_history_limit: i32,
    /// `paused`.
    pub paused: bool,
    /// `progressDeadlineSeconds` (default 600).
    pub progress_deadline_seconds: Option<i32>,
}

/// A workload condition (`deployment.status.conditions[]`, `replicaset.status.conditions[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkloadCondition {
    /// `type`: `Available`, `Progressing`, `ReplicaFailure`.
    pub type_: String,
    /// `status`: `True`, `False` or `Unknown`.
    pub status: String,
    /// `lastUpdateTime` as RFC 3339 text (Deployments only).
    pub last_update_time: Option<String>,
    /// `lastTransitionTime` as RFC 3339 text.
    pub last_transition_time: Option<String>,
    /// `reason`.
    pub reason: Option<String>,
    /// `message`.
    pub message: Option<String>,
}

/// `deployment.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `replicas`: pods of every ReplicaSet of the Deployment (not terminating).
    pub replicas: i32,
    /// `updatedReplicas`: pods of the newest ReplicaSet.
    pub updated_replicas: i32,
    /// `readyReplicas`.
    pub ready_replicas: i32,
    /// `availableReplicas`: ready for at least `minReadySeconds`.
    pub available_replicas: i32,
    /// `unavailableReplicas`.
    pub unavailable_replicas: i32,
    /// `terminatingReplicas` (DeploymentReplicaSetTerminatingReplicas, beta in v1.35).
    pub terminating_replicas: Option<i32>,
    /// `conditions`.
    pub conditions: Vec<WorkloadCondition>,
    /// `collisionCount`.
    pub collision_count: Option<i32>,
}

/// A `Deployment` (apps/v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: DeploymentSpec,
    /// `status`.
    pub status: DeploymentStatus,
}

/// `replicaset.spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSetSpec {
    /// `replicas` (default 1).
    pub replicas: i32,
    /// `minReadySeconds`.
    pub min_ready_seconds: i32,
    /// `selector` (required in apps/v1).
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
}

/// `replicaset.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    /// `replicas`: the pods the ReplicaSet owns (not terminating).
    pub replicas: i32,
    /// `fullyLabeledReplicas`: pods whose labels match the template's labels.
    pub fully_labeled_replicas: i32,
    /// `readyReplicas`.
    pub ready_replicas: i32,
    /// `availableReplicas`.
    pub available_replicas: i32,
    /// `terminatingReplicas` (DeploymentReplicaSetTerminatingReplicas, beta in v1.35).
    pub terminating_replicas: Option<i32>,
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `conditions` (`ReplicaFailure`).
    pub conditions: Vec<WorkloadCondition>,
}

/// A `ReplicaSet` (apps/v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSet {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: ReplicaSetSpec,
    /// `status`.
    pub status: ReplicaSetStatus,
}

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

/// `statefulset.spec.podManagementPolicy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodManagementPolicy {
    /// `OrderedReady` (default): pods are created in ordinal order, each waiting for its
    /// predecessors to be Running and Ready, and deleted in reverse order.
    OrderedReady,
    /// `Parallel`: pods are created and deleted without waiting for each other.
    Parallel,
    /// Anything else (or empty before defaulting), kept for the validation message.
    Other(String),
}

impl PodManagementPolicy {
    /// The upstream spelling.
    pub fn as_str(&self) -> &str {
        match self {
            PodManagementPolicy::OrderedReady => "OrderedReady",
            PodManagementPolicy::Parallel => "Parallel",
            PodManagementPolicy::Other(s) => s,
        }
    }
}

/// `statefulset.spec.updateStrategy.rollingUpdate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollingUpdateStatefulSet {
    /// `partition` (default 0): pods with a lower ordinal keep the current revision.
    pub partition: i32,
    /// `maxUnavailable`, honoured only with the MaxUnavailableStatefulSet feature gate, which
    /// the latest v1.35 patch releases ship off (see `docs/scenario.md`).
    pub max_unavailable: Option<IntOrPercent>,
}

/// `statefulset.spec.updateStrategy.type`: `RollingUpdate` (default) or `OnDelete`.
pub type StatefulSetUpdateStrategyType = super::types::UpdateStrategyType;

/// `statefulset.spec.updateStrategy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetUpdateStrategy {
    /// `type`.
    pub type_: StatefulSetUpdateStrategyType,
    /// `rollingUpdate` (set only for RollingUpdate after defaulting).
    pub rolling_update: Option<RollingUpdateStatefulSet>,
}

/// `statefulset.spec.persistentVolumeClaimRetentionPolicy`: `Retain` or `Delete` each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistentVolumeClaimRetentionPolicy {
    /// `whenDeleted` (default `Retain`).
    pub when_deleted: String,
    /// `whenScaled` (default `Retain`).
    pub when_scaled: String,
}

/// One of `statefulset.spec.volumeClaimTemplates[]`: its name, and the rest kept verbatim
/// (storage is not simulated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeClaimTemplate {
    /// `metadata.name`: the claims are named `<name>-<statefulset>-<ordinal>`.
    pub name: String,
    /// The whole entry as written, for export.
    pub raw: super::types::RawValue,
}

/// `statefulset.spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetSpec {
    /// `replicas` (default 1).
    pub replicas: i32,
    /// `selector` (required).
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
    /// `volumeClaimTemplates`.
    pub volume_claim_templates: Vec<VolumeClaimTemplate>,
    /// `serviceName` (optional since v1.32; empty when absent).
    pub service_name: String,
    /// `podManagementPolicy` (default `OrderedReady`).
    pub pod_management_policy: PodManagementPolicy,
    /// `updateStrategy` (default `RollingUpdate` with partition 0).
    pub update_strategy: StatefulSetUpdateStrategy,
    /// `revisionHistoryLimit` (default 10).
    pub revision_history_limit: i32,
    /// `minReadySeconds`.
    pub min_ready_seconds: i32,
    /// `persistentVolumeClaimRetentionPolicy` (default Retain/Retain).
    pub persistent_volume_claim_retention_policy: Option<PersistentVolumeClaimRetentionPolicy>,
    /// `ordinals.start`, when `ordinals` is set (the first pod is `<name>-<start>`).
    pub ordinals_start: Option<i32>,
}

impl StatefulSetSpec {
    /// The first ordinal (`getStartOrdinal`): `ordinals.start`, or 0.
    pub fn start_ordinal(&self) -> i32 {
        self.ordinals_start.unwrap_or(0)
    }
}

/// `statefulset.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatefulSetStatus {
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `replicas`: pods created by the controller.
    pub replicas: i32,
    /// `readyReplicas`.
    pub ready_replicas: i32,
    /// `currentReplicas`: pods at `currentRevision`.
    pub current_replicas: i32,
    /// `updatedReplicas`: pods at `updateRevision`.
    pub updated_replicas: i32,
    /// `availableReplicas`: ready for at least `minReadySeconds`.
    pub available_replicas: i32,
    /// `currentRevision`: the revision of the pods below the partition.
    pub current_revision: String,
    /// `updateRevision`: the revision of the current template.
    pub update_revision: String,
    /// `collisionCount`.
    pub collision_count: Option<i32>,
    /// `conditions` (kept as written; the controller sets none).
    pub conditions: Vec<WorkloadCondition>,
}

/// A `StatefulSet` (apps/v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSet {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: StatefulSetSpec,
    /// `status`.
    pub status: StatefulSetStatus,
}

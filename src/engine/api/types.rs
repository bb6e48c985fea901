//! Plain data types for Node, Pod, DaemonSet, PriorityClass and their parts (Deployments and
//! ReplicaSets are in [`super::workloads`]).

use super::quantity::Quantity;
use super::shared::Shared;
use super::sorted_map::SortedMap;

/// A verbatim YAML/JSON value for upstream fields the engine does not simulate
/// (volumes, securityContext, env, ...). Kept so that export round-trips them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawValue {
    /// `null` or `~`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number, kept as its source text.
    Float(String),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<RawValue>),
    /// A mapping, in source order.
    Map(Vec<(String, RawValue)>),
}

/// Fields that are valid upstream but not simulated, in source order.
pub type Extra = Vec<(String, RawValue)>;

/// Labels or annotations: string keys to string values, sorted by key.
pub type StringMap = SortedMap<String, String>;

/// A resource list such as `requests`, `limits`, `capacity` or `allocatable`.
pub type ResourceList = SortedMap<String, Quantity>;

/// `metadata.ownerReferences[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerReference {
    /// `apiVersion` of the owner.
    pub api_version: String,
    /// `kind` of the owner.
    pub kind: String,
    /// `name` of the owner.
    pub name: String,
    /// `uid` of the owner.
    pub uid: String,
    /// `controller: true` marks the managing controller.
    pub controller: Option<bool>,
    /// `blockOwnerDeletion`.
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.GetControllerOf`: the owner reference marked `controller: true` (the API allows
/// one at most), if any.
pub fn controller_of(references: &[OwnerReference]) -> Option<&OwnerReference> {
    references.iter().find(|o| o.controller == Some(true))
}

/// `metadata` of every object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectMeta {
    /// `name`.
    pub name: String,
    /// `namespace`; defaulted to `default` for namespaced kinds, empty for cluster-scoped ones.
    pub namespace: String,
    /// `labels`.
    pub labels: StringMap,
    /// `annotations`.
    pub annotations: StringMap,
    /// `uid`.
    pub uid: Option<String>,
    /// `creationTimestamp` as RFC 3339 text.
    pub creation_timestamp: Option<String>,
    /// `generation`.
    pub generation: Option<i64>,
    /// `ownerReferences`.
    pub owner_references: Vec<OwnerReference>,
    /// `deletionTimestamp` as RFC 3339 text.
    pub deletion_timestamp: Option<String>,
    /// Other valid metadata fields (resourceVersion, managedFields, ...).
    pub extra: Extra,
}

/// Taint effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaintEffect {
    /// `NoSchedule`.
    NoSchedule,
    /// `PreferNoSchedule`.
    PreferNoSchedule,
    /// `NoExecute`.
    NoExecute,
}

impl TaintEffect {
    /// The upstream spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TaintEffect::NoSchedule => "NoSchedule",
            TaintEffect::PreferNoSchedule => "PreferNoSchedule",
            TaintEffect::NoExecute => "NoExecute",
        }
    }

    /// Parses the upstream spelling (case-sensitive).
    pub fn parse(s: &str) -> Option<TaintEffect> {
        match s {
            "NoSchedule" => Some(TaintEffect::NoSchedule),
            "PreferNoSchedule" => Some(TaintEffect::PreferNoSchedule),
            "NoExecute" => Some(TaintEffect::NoExecute),
            _ => None,
        }
    }
}

/// `node.spec.taints[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    /// `key`.
    pub key: String,
    /// `value` (empty when absent).
    pub value: String,
    /// `effect`.
    pub effect: TaintEffect,
    /// `timeAdded` as RFC 3339 text (NoExecute taints).
    pub time_added: Option<String>,
}

/// `tolerations[].operator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TolerationOperator {
    /// `Equal`, also the meaning of an empty operator.
    #[default]
    Equal,
    /// `Exists`.
    Exists,
}

impl TolerationOperator {
    /// The upstream spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TolerationOperator::Equal => "Equal",
            TolerationOperator::Exists => "Exists",
        }
    }
}

/// `pod.spec.tolerations[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toleration {
    /// `key`; empty matches every key (only with `Exists`).
    pub key: String,
    /// `operator`; `None` when omitted (means `Equal`).
    pub operator: Option<TolerationOperator>,
    /// `value`.
    pub value: String,
    /// `effect`; `None` matches every effect.
    pub effect: Option<TaintEffect>,
    /// `tolerationSeconds` (only meaningful for NoExecute).
    pub toleration_seconds: Option<i64>,
}

/// Operator of a node selector requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectorOperator {
    /// `In`.
    In,
    /// `NotIn`.
    NotIn,
    /// `Exists`.
    Exists,
    /// `DoesNotExist`.
    DoesNotExist,
    /// `Gt` (node selectors only).
    Gt,
    /// `Lt` (node selectors only).
    Lt,
}

impl SelectorOperator {
    /// The upstream spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SelectorOperator::In => "In",
            SelectorOperator::NotIn => "NotIn",
            SelectorOperator::Exists => "Exists",
            SelectorOperator::DoesNotExist => "DoesNotExist",
            SelectorOperator::Gt => "Gt",
            SelectorOperator::Lt => "Lt",
        }
    }

    /// Parses the upstream spelling (case-sensitive).
    pub fn parse(s: &str) -> Option<SelectorOperator> {
        Some(match s {
            "In" => SelectorOperator::In,
            "NotIn" => SelectorOperator::NotIn,
            "Exists" => SelectorOperator::Exists,
            "DoesNotExist" => SelectorOperator::DoesNotExist,
            "Gt" => SelectorOperator::Gt,
            "Lt" => SelectorOperator::Lt,
            _ => return None,
        })
    }
}

/// `matchExpressions[]` / `matchFields[]` entry of a node selector term, or a
/// label selector requirement. The operator is kept as text so that an invalid one can be
/// reported (and treated as "no match") exactly as upstream does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelectorRequirement {
    /// `key`.
    pub key: String,
    /// `operator` as written.
    pub operator: String,
    /// `values`.
    pub values: Vec<String>,
}

/// `nodeSelectorTerms[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSelectorTerm {
    /// `matchExpressions` (node labels).
    pub match_expressions: Vec<SelectorRequirement>,
    /// `matchFields` (only `metadata.name` is meaningful).
    pub match_fields: Vec<SelectorRequirement>,
}

/// `requiredDuringSchedulingIgnoredDuringExecution`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSelector {
    /// `nodeSelectorTerms` (ORed).
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// `preferredDuringSchedulingIgnoredDuringExecution[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreferredSchedulingTerm {
    /// `weight` (1-100).
    pub weight: i32,
    /// `preference`.
    pub preference: NodeSelectorTerm,
}

/// `affinity.nodeAffinity`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeAffinity {
    /// `requiredDuringSchedulingIgnoredDuringExecution`.
    pub required: Option<NodeSelector>,
    /// `preferredDuringSchedulingIgnoredDuringExecution`.
    pub preferred: Vec<PreferredSchedulingTerm>,
}

/// `podAffinityTerm`: pods matching `labelSelector` in `namespaces` (or those
/// `namespaceSelector` picks; the pod's own namespace when both are empty), counted per
/// value of the node label `topologyKey`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodAffinityTerm {
    /// `labelSelector` (none matches no pod).
    pub label_selector: Option<LabelSelector>,
    /// `namespaces`.
    pub namespaces: Vec<String>,
    /// `topologyKey`.
    pub topology_key: String,
    /// `namespaceSelector` (an empty selector means every namespace).
    pub namespace_selector: Option<LabelSelector>,
    /// `matchLabelKeys`.
    pub match_label_keys: Vec<String>,
    /// `mismatchLabelKeys`.
    pub mismatch_label_keys: Vec<String>,
}

/// `preferredDuringSchedulingIgnoredDuringExecution[]` of pod (anti-)affinity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeightedPodAffinityTerm {
    /// `weight` (1-100).
    pub weight: i32,
    /// `podAffinityTerm`.
    pub pod_affinity_term: PodAffinityTerm,
}

/// `affinity.podAffinity` or `affinity.podAntiAffinity`: the same shape for both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodAffinity {
    /// `requiredDuringSchedulingIgnoredDuringExecution`.
    pub required: Vec<PodAffinityTerm>,
    /// `preferredDuringSchedulingIgnoredDuringExecution`.
    pub preferred: Vec<WeightedPodAffinityTerm>,
}

/// `pod.spec.affinity`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Affinity {
    /// `nodeAffinity`.
    pub node_affinity: Option<NodeAffinity>,
    /// `podAffinity`.
    pub pod_affinity: Option<PodAffinity>,
    /// `podAntiAffinity`.
    pub pod_anti_affinity: Option<PodAffinity>,
    /// Other fields, verbatim.
    pub extra: Extra,
}

/// `pod.spec.topologySpreadConstraints[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopologySpreadConstraint {
    /// `maxSkew`.
    pub max_skew: i32,
    /// `topologyKey`.
    pub topology_key: String,
    /// `whenUnsatisfiable`: `DoNotSchedule` or `ScheduleAnyway`.
    pub when_unsatisfiable: String,
    /// `labelSelector`.
    pub label_selector: Option<LabelSelector>,
    /// `minDomains`.
    pub min_domains: Option<i32>,
    /// `nodeAffinityPolicy`: `Honor` (default) or `Ignore`.
    pub node_affinity_policy: Option<String>,
    /// `nodeTaintsPolicy`: `Ignore` (default) or `Honor`.
    pub node_taints_policy: Option<String>,
    /// `matchLabelKeys`.
    pub match_label_keys: Vec<String>,
}

/// `containers[].ports[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerPort {
    /// `name`.
    pub name: Option<String>,
    /// `containerPort`.
    pub container_port: i32,
    /// `hostPort` (0 when absent).
    pub host_port: i32,
    /// `hostIP`.
    pub host_ip: String,
    /// `protocol` (defaulted to TCP).
    pub protocol: String,
}

/// `containers[].resources`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceRequirements {
    /// `requests` (defaulted from `limits` for resources only limited).
    pub requests: ResourceList,
    /// `limits`.
    pub limits: ResourceList,
    /// Other fields (claims), verbatim.
    pub extra: Extra,
}

/// `containers[]` and `initContainers[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Container {
    /// `name`.
    pub name: String,
    /// `image`.
    pub image: String,
    /// `ports`.
    pub ports: Vec<ContainerPort>,
    /// `resources`.
    pub resources: ResourceRequirements,
    /// `restartPolicy` (`Always` marks a sidecar init container).
    pub restart_policy: Option<String>,
    /// Other fields (command, env, volumeMounts, ...), verbatim.
    pub extra: Extra,
}

/// `pod.spec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodSpec {
    /// `nodeName`.
    pub node_name: String,
    /// `nodeSelector`.
    pub node_selector: StringMap,
    /// `affinity`.
    pub affinity: Option<Affinity>,
    /// `tolerations`.
    pub tolerations: Shared<Vec<Toleration>>,
    /// `topologySpreadConstraints`.
    pub topology_spread_constraints: Vec<TopologySpreadConstraint>,
    /// `containers`.
    pub containers: Shared<Vec<Container>>,
    /// `initContainers`.
    pub init_containers: Shared<Vec<Container>>,
    /// `overhead`.
    pub overhead: ResourceList,
    /// `resources`: pod-level requests and limits (cpu, memory, hugepages; feature
    /// `PodLevelResources`, beta and on by default since v1.34).
    pub resources: Option<ResourceRequirements>,
    /// `priority` (resolved from the class at admission).
    pub priority: Option<i32>,
    /// `priorityClassName`.
    pub priority_class_name: String,
    /// `preemptionPolicy` (`PreemptLowerPriority` or `Never`).
    pub preemption_policy: Option<String>,
    /// `hostNetwork`.
    pub host_network: bool,
    /// `schedulerName` (defaulted to `default-scheduler`).
    pub scheduler_name: String,
    /// `terminationGracePeriodSeconds` (defaulted to 30).
    pub termination_grace_period_seconds: Option<i64>,
    /// `restartPolicy` (defaulted to `Always`).
    pub restart_policy: String,
    /// `activeDeadlineSeconds`.
    pub active_deadline_seconds: Option<i64>,
    /// Other fields (volumes, securityContext, serviceAccountName, ...), verbatim.
    pub extra: Extra,
}

/// A pod condition (`PodScheduled`, `Ready`, `DisruptionTarget`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    /// `type`.
    pub type_: String,
    /// `status`: `True`, `False` or `Unknown`.
    pub status: String,
    /// `reason`.
    pub reason: Option<String>,
    /// `message`.
    pub message: Option<String>,
    /// `lastTransitionTime` as RFC 3339 text.
    pub last_transition_time: Option<String>,
    /// Other fields (lastHeartbeatTime, lastProbeTime), verbatim.
    pub extra: Extra,
}

/// `pod.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodStatus {
    /// `phase`: Pending, Running, Succeeded, Failed, Unknown.
    pub phase: Option<String>,
    /// `conditions`.
    pub conditions: Vec<Condition>,
    /// `nominatedNodeName`.
    pub nominated_node_name: Option<String>,
    /// `startTime`.
    pub start_time: Option<String>,
    /// Other fields (hostIP, podIP, containerStatuses, ...), verbatim.
    pub extra: Extra,
}

/// A `Pod`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pod {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodSpec,
    /// `status`.
    pub status: PodStatus,
}

/// `node.spec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSpec {
    /// `unschedulable` (cordon).
    pub unschedulable: bool,
    /// `taints`.
    pub taints: Vec<Taint>,
    /// Other fields (podCIDR, providerID, ...), verbatim.
    pub extra: Extra,
}

/// `node.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeStatus {
    /// `capacity`.
    pub capacity: ResourceList,
    /// `allocatable` (copied from capacity when absent, as the kubelet reports it).
    pub allocatable: ResourceList,
    /// `conditions` (Ready, MemoryPressure, ...).
    pub conditions: Vec<Condition>,
    /// `images`: the container images on the node (ImageLocality scores them).
    pub images: Vec<ContainerImage>,
    /// Other fields (addresses, nodeInfo, ...), verbatim.
    pub extra: Extra,
}

/// `node.status.images[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerImage {
    /// `names`: the image's names (repository with tag or digest).
    pub names: Vec<String>,
    /// `sizeBytes`.
    pub size_bytes: i64,
}

/// A `Node`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    /// `metadata` (cluster-scoped: namespace is empty).
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: NodeSpec,
    /// `status`.
    pub status: NodeStatus,
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    /// `matchLabels`.
    pub match_labels: StringMap,
    /// `matchExpressions` (In, NotIn, Exists, DoesNotExist).
    pub match_expressions: Vec<SelectorRequirement>,
}

/// `spec.template`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodTemplateSpec {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodSpec,
}

/// An integer or a percentage such as `10%` (`intstr.IntOrString`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    /// A plain integer.
    Int(i32),
    /// A string, normally `<n>%`; kept as written so validation can report it.
    String(String),
}

/// `updateStrategy.type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateStrategyType {
    /// `RollingUpdate` (default).
    RollingUpdate,
    /// `OnDelete`.
    OnDelete,
    /// Anything else, kept for the validation message.
    Other(String),
}

/// `updateStrategy.rollingUpdate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollingUpdateDaemonSet {
    /// `maxUnavailable` (default 1).
    pub max_unavailable: Option<IntOrPercent>,
    /// `maxSurge` (default 0).
    pub max_surge: Option<IntOrPercent>,
}

/// `spec.updateStrategy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSetUpdateStrategy {
    /// `type`.
    pub type_: UpdateStrategyType,
    /// `rollingUpdate` (set only for RollingUpdate after defaulting).
    pub rolling_update: Option<RollingUpdateDaemonSet>,
}

/// `daemonset.spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSetSpec {
    /// `selector`.
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
    /// `updateStrategy`.
    pub update_strategy: DaemonSetUpdateStrategy,
    /// `minReadySeconds`.
    pub min_ready_seconds: i32,
    /// `revisionHistoryLimit` (default 10).
    pub revision_history_limit: i32,
}

/// `daemonset.status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    /// `currentNumberScheduled`.
    pub current_number_scheduled: i32,
    /// `numberMisscheduled`.
    pub number_misscheduled: i32,
    /// `desiredNumberScheduled`.
    pub desired_number_scheduled: i32,
    /// `numberReady`.
    pub number_ready: i32,
    /// `observedGeneration`.
    pub observed_generation: i64,
    /// `updatedNumberScheduled`.
    pub updated_number_scheduled: i32,
    /// `numberAvailable`.
    pub number_available: i32,
    /// `numberUnavailable`.
    pub number_unavailable: i32,
    /// `collisionCount`.
    pub collision_count: Option<i32>,
}

/// A `DaemonSet` (apps/v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSet {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: DaemonSetSpec,
    /// `status`.
    pub status: DaemonSetStatus,
}

/// A `PriorityClass` (scheduling.k8s.io/v1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriorityClass {
    /// `metadata` (cluster-scoped).
    pub metadata: ObjectMeta,
    /// `value`.
    pub value: i32,
    /// `globalDefault`.
    pub global_default: bool,
    /// `preemptionPolicy` (default `PreemptLowerPriority`).
    pub preemption_policy: String,
    /// `description`.
    pub description: Option<String>,
}

/// `metav1.LabelSelector` matching (`LabelSelectorAsSelector(...).Matches`). An empty
/// selector matches everything; an unknown operator matches nothing.
pub fn selector_matches(selector: &LabelSelector, labels: &StringMap) -> bool {
    selector
        .match_labels
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v))
        && selector.match_expressions.iter().all(|req| {
            let value = labels.get(&req.key);
            match req.operator.as_str() {
                "In" => value.is_some_and(|v| req.values.contains(v)),
                "NotIn" => value.is_none_or(|v| !req.values.contains(v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_controller_of_an_object_is_its_reference_marked_controller() {
        let reference = |name: &str, controller: Option<bool>| OwnerReference {
            name: name.to_string(),
            controller,
            ..OwnerReference::default()
        };
        let cases = [
            ("no references", vec![], None),
            (
                "owners that are not controllers",
                vec![reference("a", None), reference("b", Some(false))],
                None,
            ),
            (
                "the one marked controller",
                vec![reference("a", Some(false)), reference("b", Some(true))],
                Some("b"),
            ),
        ];
        for (name, references, want) in cases {
            let got = controller_of(&references).map(|o| o.name.as_str());
            assert_eq!(got, want, "{name}");
        }
    }
}

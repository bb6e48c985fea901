//! The simulated cluster state: nodes, pods (with their kubelet-visible lifecycle), DaemonSets
//! with their revisions, Deployments and their ReplicaSets, at one virtual instant. Cheap to clone: every object sits behind an
//! [`Arc`], so a clone copies pointers and only changed objects are ever copied.

use std::sync::Arc;

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{
    Condition, DaemonSet, DaemonSetStatus, Deployment, Node, Pod, PodDisruptionBudget,
    PriorityClass, ReplicaSet, StatefulSet,
};
use crate::engine::key_map::Key;
use crate::engine::object_map::ObjectMap;
use crate::engine::time::{timestamp, Millis, Timestamp, DEFAULT_RUN_START};

/// The label carrying the ControllerRevision hash on daemon pods and revisions.
pub const HASH_LABEL: &str = "controller-revision-hash";
/// The label carrying the DaemonSet template generation on daemon pods.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// The DaemonSet annotation the API server maintains with the template generation.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";

/// `pod.status.phase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodPhase {
    /// Not yet running (unscheduled, pulling, creating).
    Pending,
    /// At least one container running.
    Running,
    /// Terminated successfully.
    Succeeded,
    /// Terminated with failure.
    Failed,
}

impl PodPhase {
    /// The upstream spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }

    /// True for Succeeded and Failed.
    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// A pod plus the lifecycle facts the simulation tracks about it.
#[derive(Clone, Debug, PartialEq)]
pub struct PodState {
    /// The API object: metadata (name, namespace, labels, owner references) and spec
    /// (`nodeName` once bound, tolerations, affinity, containers, ...). Shared, so that
    /// copying the state on a lifecycle change (phase, readiness) does not copy the pod.
    /// Its namespace and name never change (the API server does not allow it): the state's
    /// key is made from them once.
    pub pod: Arc<Pod>,
    /// `namespace/name`, made once from the object, kept in the state itself so that
    /// naming the pod (every write, event and timer does) reads nothing beside it.
    key: Key,
    /// `metadata.creationTimestamp` (negative for a pod from the input created before the
    /// run started).
    pub created: Timestamp,
    /// `status.phase`.
    pub phase: PodPhase,
    /// The waiting reason of the (first) container shown as STATUS by kubectl
    /// (`ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`, `CrashLoopBackOff`), if waiting.
    pub waiting_reason: Option<&'static str>,
    /// The `Ready` condition.
    pub ready: bool,
    /// `lastTransitionTime` of the `Ready` condition, once it was ever set (negative when
    /// the input's pod turned Ready before the run started).
    pub ready_transition: Option<Timestamp>,
    /// When deletion was requested (the API server's `metadata.deletionTimestamp` is this
    /// plus the grace period).
    pub deletion: Option<Millis>,
    /// `metadata.deletionGracePeriodSeconds` in milliseconds once deletion is requested (0
    /// otherwise): the kubelet removes the pod at `deletion + deletion_grace_ms`.
    pub deletion_grace_ms: u64,
    /// Container restarts.
    pub restarts: u32,
    /// `status.podIP` once running.
    pub ip: Option<PodIp>,
    /// `status.nominatedNodeName` (preemption).
    pub nominated_node: Option<String>,
    /// The controlling DaemonSet or ReplicaSet, if any.
    pub owner: Option<PodOwner>,
}

/// `status.podIP`: the address the simulation gave a pod when it started running, or the
/// input's text. An address of the simulation is two numbers, so copying a pod's state
/// copies (and reads) no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodIp {
    /// `10.244.<node ordinal>.<host>`: the node's ordinal ([`crate::engine::store::Store`]
    /// numbers node names in the order they were first written) and the host number.
    Assigned {
        /// The node name's ordinal.
        node_ordinal: u64,
        /// The last octet.
        host: u64,
    },
    /// The input's `status.podIP`, verbatim.
    Given(String),
}

impl std::fmt::Display for PodIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PodIp::Assigned { node_ordinal, host } => write!(f, "10.244.{node_ordinal}.{host}"),
            PodIp::Given(text) => f.write_str(text),
        }
    }
}

/// The controller of a pod: a DaemonSet, ReplicaSet or StatefulSet, by `namespace/name`.
/// The key is shared, not copied, with the pod's state (the pods one DaemonSet sync creates
/// all share one), so copying a pod's state does not copy (nor read) its owner's name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodOwner {
    /// A DaemonSet.
    DaemonSet(Arc<str>),
    /// A ReplicaSet.
    ReplicaSet(Arc<str>),
    /// A StatefulSet.
    StatefulSet(Arc<str>),
}

impl PodOwner {
    /// The controller's `namespace/name`.
    pub fn key(&self) -> &str {
        match self {
            PodOwner::DaemonSet(key) | PodOwner::ReplicaSet(key) | PodOwner::StatefulSet(key) => {
                key
            }
        }
    }

    /// The controller's kind (`DaemonSet`, `ReplicaSet`), as an owner reference names it.
    pub fn kind(&self) -> &'static str {
        match self {
            PodOwner::DaemonSet(_) => "DaemonSet",
            PodOwner::ReplicaSet(_) => "ReplicaSet",
            PodOwner::StatefulSet(_) => "StatefulSet",
        }
    }

    /// The controller of a pod of `namespace` with `references`: the controller reference
    /// to a DaemonSet or ReplicaSet of that namespace that `exists`.
    pub fn of_references(
        namespace: &str,
        references: &[crate::engine::api::OwnerReference],
        exists: impl Fn(&PodOwner) -> bool,
    ) -> Option<PodOwner> {
        let reference = crate::engine::api::controller_of(references)?;
        let key = object_key(namespace, &reference.name).into();
        let owner = match reference.kind.as_str() {
            "DaemonSet" => PodOwner::DaemonSet(key),
            "ReplicaSet" => PodOwner::ReplicaSet(key),
            "StatefulSet" => PodOwner::StatefulSet(key),
            _ => return None,
        };
        exists(&owner).then_some(owner)
    }
}

impl PodState {
    /// `pod` as the API server has just stored it, before any controller, scheduler or
    /// kubelet acted on it: Pending, not ready, no owner, created at the start of the run.
    pub fn new(pod: Pod) -> PodState {
        PodState {
            key: Key::from(object_key(&pod.metadata.namespace, &pod.metadata.name)),
            pod: Arc::new(pod),
            created: 0,
            phase: PodPhase::Pending,
            waiting_reason: None,
            ready: false,
            ready_transition: None,
            deletion: None,
            deletion_grace_ms: 0,
            restarts: 0,
            ip: None,
            nominated_node: None,
            owner: None,
        }
    }

    /// `namespace/name`.
    pub fn key(&self) -> &str {
        self.key.as_str()
    }

    /// `namespace/name` as the state keeps it (inline), to copy into another record.
    pub fn stored_key(&self) -> &Key {
        &self.key
    }

    /// The namespace, read from the key.
    pub fn namespace(&self) -> &str {
        key_parts(self.key()).0
    }

    /// When the grace period of a deletion under way ends (the kubelet removes the pod then).
    pub fn deletion_ends(&self) -> Option<Millis> {
        self.deletion
            .map(|since| since.saturating_add(self.deletion_grace_ms))
    }

    /// The pod name.
    pub fn name(&self) -> &str {
        &self.pod.metadata.name
    }

    /// `spec.nodeName` (empty while unscheduled).
    pub fn node_name(&self) -> &str {
        &self.pod.spec.node_name
    }

    /// The node a daemon pod is meant for: `spec.nodeName` if set, otherwise the single
    /// `metadata.name` value of the pinning `matchFields` term (`util.GetTargetNodeName`).
    pub fn target_node(&self) -> Option<&str> {
        if !self.pod.spec.node_name.is_empty() {
            return Some(&self.pod.spec.node_name);
        }
        let required = self
            .pod
            .spec
            .affinity
            .as_ref()?
            .node_affinity
            .as_ref()?
            .required
            .as_ref()?;
        // The first `metadata.name In` field decides: with other than exactly one value it
        // is an error upstream, so the pod has no target node.
        let field = required
            .node_selector_terms
            .iter()
            .flat_map(|term| term.match_fields.iter())
            .find(|field| field.key == "metadata.name" && field.operator == "In")?;
        match field.values.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        }
    }

    /// `namespace/name` of the controlling DaemonSet, if any.
    pub fn daemon_set(&self) -> Option<&str> {
        match &self.owner {
            Some(PodOwner::DaemonSet(key)) => Some(key),
            _ => None,
        }
    }

    /// `namespace/name` of the controlling ReplicaSet, if any.
    pub fn replica_set(&self) -> Option<&str> {
        match &self.owner {
            Some(PodOwner::ReplicaSet(key)) => Some(key),
            _ => None,
        }
    }

    /// `namespace/name` of the controlling StatefulSet, if any.
    pub fn stateful_set(&self) -> Option<&str> {
        match &self.owner {
            Some(PodOwner::StatefulSet(key)) => Some(key),
            _ => None,
        }
    }

    /// A label value.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.pod.metadata.labels.get(key).map(String::as_str)
    }

    /// Whether the pod is failing: its phase is `Failed`, or its container waits on an error
    /// the kubelet keeps retrying, an image pull (`ErrImagePull`, `ImagePullBackOff`) or a
    /// crash loop (`CrashLoopBackOff`), rather than on a step of starting
    /// (`ContainerCreating`).
    pub fn is_failing(&self) -> bool {
        let waiting_on_error = matches!(
            self.waiting_reason,
            Some("ErrImagePull" | "ImagePullBackOff" | "CrashLoopBackOff")
        );
        waiting_on_error || self.phase == PodPhase::Failed
    }

    /// `podutil.IsPodAvailable`: Ready, and Ready for more than `min_ready_seconds`
    /// (strictly) at `now`.
    pub fn is_available(&self, min_ready_seconds: i32, now: Millis) -> bool {
        is_available(self.ready, self.ready_transition, min_ready_seconds, now)
    }

    /// What a controller reads of this pod on every pass over its pods.
    pub fn facts(&self) -> PodFacts {
        PodFacts {
            scheduled: !self.node_name().is_empty(),
            created: self.created,
            phase: self.phase,
            ready: self.ready,
            ready_transition: self.ready_transition,
            deletion: self.deletion,
        }
    }
}

/// `podutil.IsPodAvailable` of a pod that is `ready` since `ready_transition`.
fn is_available(
    ready: bool,
    ready_transition: Option<Timestamp>,
    min_ready_seconds: i32,
    now: Millis,
) -> bool {
    if !ready {
        return false;
    }
    if min_ready_seconds <= 0 {
        return true;
    }
    match ready_transition {
        Some(since) => since + Timestamp::from(min_ready_seconds) * 1000 < timestamp(now),
        None => false,
    }
}

/// The few fields of a [`PodState`] that the DaemonSet controller reads of every pod on
/// every sync, copied into the store's index beside the pod. A sync passes over all of a
/// DaemonSet's pods three times; reading this record instead of each pod's state keeps
/// those passes in the index's memory, where the pods' states are scattered over the heap
/// and, on a large cluster, no longer in the cache from one pass to the next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PodFacts {
    /// Bound to a node (`spec.nodeName` set).
    pub scheduled: bool,
    /// `metadata.creationTimestamp`.
    pub created: Timestamp,
    /// `status.phase`.
    pub phase: PodPhase,
    /// The `Ready` condition.
    pub ready: bool,
    /// `lastTransitionTime` of the `Ready` condition.
    pub ready_transition: Option<Timestamp>,
    /// When deletion was requested.
    pub deletion: Option<Millis>,
}

impl PodFacts {
    /// [`PodState::is_available`] from the copied fields.
    pub fn is_available(&self, min_ready_seconds: i32, now: Millis) -> bool {
        is_available(self.ready, self.ready_transition, min_ready_seconds, now)
    }
}

/// A node plus the simulation's facts about it; made by [`NodeState::new`], which reads
/// the node's readiness once (the kubelet asks it for every pod it starts).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeState {
    /// The API object (shared with the scheduler's view of the node).
    pub node: Arc<Node>,
    /// `metadata.creationTimestamp` (negative for a node from the input).
    pub created: Timestamp,
    /// Whether the `Ready` condition of `node` is `True` (or the node reports none).
    ready: bool,
}

impl NodeState {
    /// The state of `node`, created at `created`.
    pub fn new(node: Arc<Node>, created: Timestamp) -> NodeState {
        let ready = ready_status(&node) == "True";
        NodeState {
            node,
            created,
            ready,
        }
    }

    /// The node name.
    pub fn name(&self) -> &str {
        &self.node.metadata.name
    }

    /// The status of the `Ready` condition (`True` when the node reports none).
    pub fn ready_status(&self) -> &str {
        ready_status(&self.node)
    }

    /// Whether the node is Ready: its `Ready` condition is `True` (or it reports none).
    pub fn is_ready(&self) -> bool {
        self.ready
    }
}

/// The status of the `Ready` condition of `node` (`True` when it reports none).
pub fn ready_status(node: &Node) -> &str {
    node.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status.as_str())
        .unwrap_or("True")
}

/// `podutil.UpdatePodCondition`: `condition` replaces the pod condition of its type as a
/// whole (adding it when missing), its `lastTransitionTime` kept from the old one when the
/// status did not change.
pub fn update_pod_condition(conditions: &mut Vec<Condition>, condition: Condition) {
    match conditions.iter_mut().find(|c| c.type_ == condition.type_) {
        Some(existing) => {
            let transition = if existing.status == condition.status {
                existing.last_transition_time.clone()
            } else {
                condition.last_transition_time.clone()
            };
            *existing = Condition {
                last_transition_time: transition,
                ..condition
            };
        }
        None => conditions.push(condition),
    }
}

/// Sets a node condition (adding it when missing).
pub fn set_condition(node: &mut Node, type_: &str, status: &str) {
    match node.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => c.status = status.to_string(),
        None => node.status.conditions.push(Condition {
            type_: type_.to_string(),
            status: status.to_string(),
            ..Condition::default()
        }),
    }
}

/// One ControllerRevision of a DaemonSet or a StatefulSet.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// `<ds>-<hash>`.
    pub name: String,
    /// The `controller-revision-hash` label.
    pub hash: String,
    /// `revision`.
    pub revision: i64,
    /// The stored pod template (the revision's `data`).
    pub template: crate::engine::api::PodTemplateSpec,
    /// The `kubernetes.io/change-cause` annotation copied from the DaemonSet, if any.
    pub change_cause: Option<String>,
}

/// A DaemonSet plus its controller-side state.
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetState {
    /// The API object; `status` is what the controller last wrote.
    pub ds: DaemonSet,
    /// `metadata.creationTimestamp` (negative for a DaemonSet from the input).
    pub created: Timestamp,
    /// `metadata.generation`.
    pub generation: i64,
    /// The template generation (annotation `deprecated.daemonset.template.generation`).
    pub template_generation: i64,
    /// ControllerRevisions owned by this DaemonSet, in creation order.
    pub revisions: Vec<Revision>,
    /// Hash of the current revision, after the first sync.
    pub current_hash: Option<String>,
}

impl DaemonSetState {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        object_key(&self.ds.metadata.namespace, &self.ds.metadata.name)
    }

    /// The status the controller last wrote.
    pub fn status(&self) -> &DaemonSetStatus {
        &self.ds.status
    }
}

/// A Deployment plus the simulation's facts about it. Its `metadata.generation` is the
/// generation (1 for a new one, the input's own for one read from a cluster) and its
/// `status` is what the controller last wrote (the input's until the first sync).
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentState {
    /// The API object.
    pub deployment: Deployment,
    /// `metadata.creationTimestamp` (negative for a Deployment from the input).
    pub created: Timestamp,
}

impl DeploymentState {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        object_key(
            &self.deployment.metadata.namespace,
            &self.deployment.metadata.name,
        )
    }

    /// `metadata.generation`.
    pub fn generation(&self) -> i64 {
        self.deployment.metadata.generation.unwrap_or(1)
    }
}

/// A ReplicaSet plus the simulation's facts about it. Its `metadata.generation` and
/// `status` are kept as for a Deployment; its labels and annotations (`pod-template-hash`,
/// `deployment.kubernetes.io/revision`) as written.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetState {
    /// The API object.
    pub replica_set: ReplicaSet,
    /// `metadata.creationTimestamp` (negative for a ReplicaSet from the input).
    pub created: Timestamp,
    /// `namespace/name` of the controlling Deployment, if any.
    pub owner: Option<String>,
}

impl ReplicaSetState {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        object_key(
            &self.replica_set.metadata.namespace,
            &self.replica_set.metadata.name,
        )
    }

    /// `metadata.generation`.
    pub fn generation(&self) -> i64 {
        self.replica_set.metadata.generation.unwrap_or(1)
    }
}

/// A StatefulSet plus the simulation's facts about it. Its `metadata.generation` and
/// `status` are kept as for a Deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSetState {
    /// The API object.
    pub stateful_set: StatefulSet,
    /// `metadata.creationTimestamp` (negative for a StatefulSet from the input).
    pub created: Timestamp,
    /// ControllerRevisions owned by this StatefulSet, in creation order.
    pub revisions: Vec<Revision>,
}

impl StatefulSetState {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        object_key(
            &self.stateful_set.metadata.namespace,
            &self.stateful_set.metadata.name,
        )
    }

    /// `metadata.generation`.
    pub fn generation(&self) -> i64 {
        self.stateful_set.metadata.generation.unwrap_or(1)
    }
}

/// `namespace/name`, or `name` for cluster-scoped objects.
pub fn object_key(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        // Built directly, in one allocation: keys are made on every write, and `format!`
        // costs several times as much.
        let mut key = String::with_capacity(namespace.len() + 1 + name.len());
        key.push_str(namespace);
        key.push('/');
        key.push_str(name);
        key
    }
}

/// The namespace and the name of an [`object_key`] (no namespace when it has no `/`).
pub fn key_parts(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or(("", key))
}

/// The whole cluster at one virtual instant.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterState {
    /// Virtual time.
    pub time: Millis,
    /// The wall-clock instant virtual time 0 stands for: the latest time the input states
    /// (`crate::engine::yaml::run_start`), or [`DEFAULT_RUN_START`].
    pub run_start: UnixMillis,
    /// Nodes by name.
    pub nodes: ObjectMap<Arc<NodeState>>,
    /// Pods by `namespace/name`.
    pub pods: ObjectMap<Arc<PodState>>,
    /// DaemonSets by `namespace/name`.
    pub daemon_sets: ObjectMap<Arc<DaemonSetState>>,
    /// Deployments by `namespace/name`.
    pub deployments: ObjectMap<Arc<DeploymentState>>,
    /// ReplicaSets by `namespace/name`.
    pub replica_sets: ObjectMap<Arc<ReplicaSetState>>,
    /// StatefulSets by `namespace/name`.
    pub stateful_sets: ObjectMap<Arc<StatefulSetState>>,
    /// PodDisruptionBudgets by `namespace/name`.
    pub pod_disruption_budgets: ObjectMap<Arc<PodDisruptionBudget>>,
    /// PriorityClasses by name.
    pub priority_classes: ObjectMap<Arc<PriorityClass>>,
}

impl Default for ClusterState {
    /// An empty cluster at virtual time 0 of a run that starts at [`DEFAULT_RUN_START`].
    fn default() -> Self {
        ClusterState {
            time: 0,
            run_start: DEFAULT_RUN_START,
            nodes: ObjectMap::new(),
            pods: ObjectMap::new(),
            daemon_sets: ObjectMap::new(),
            deployments: ObjectMap::new(),
            replica_sets: ObjectMap::new(),
            stateful_sets: ObjectMap::new(),
            pod_disruption_budgets: ObjectMap::new(),
            priority_classes: ObjectMap::new(),
        }
    }
}

impl ClusterState {
    /// The ReplicaSets controlled by the Deployment `deployment_key`, in key order.
    pub fn replica_sets_of(&self, deployment_key: &str) -> Vec<&ReplicaSetState> {
        self.replica_sets
            .values()
            .filter(|r| r.owner.as_deref() == Some(deployment_key))
            .map(|r| r.as_ref())
            .collect()
    }

    /// Pods controlled by the DaemonSet `ds_key`, in key order.
    pub fn pods_of(&self, ds_key: &str) -> Vec<&PodState> {
        self.pods
            .values()
            .filter(|p| p.daemon_set() == Some(ds_key))
            .map(|p| p.as_ref())
            .collect()
    }
}

/// The kubectl STATUS of a pod (printers.go printPod): the container waiting reason, else
/// the phase; a pod being deleted shows `Terminating` unless its phase is already terminal
/// (`Succeeded`, `Failed`), which keeps its status while it is removed.
pub fn pod_status_text(pod: &PodState) -> String {
    pod_status(pod).to_string()
}

/// [`pod_status_text`], as static text (every status is one of a few words).
pub fn pod_status(pod: &PodState) -> &'static str {
    let terminal = matches!(pod.phase, PodPhase::Succeeded | PodPhase::Failed);
    if pod.deletion.is_some() && !terminal {
        return "Terminating";
    }
    match &pod.waiting_reason {
        Some(reason) => reason,
        None => pod.phase.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::scenario::ScenarioObject;
    use crate::engine::yaml::{load, parse_object};

    fn pod_state(spec: &str) -> PodState {
        let text = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}  containers: [{{name: c, image: i}}]\n");
        let pod = match parse_object(&text) {
            Ok(ScenarioObject::Pod(pod)) => pod,
            other => panic!("not a pod: {other:?}\n{text}"),
        };
        assert!(!load(&text).has_errors());
        PodState::new(pod)
    }

    #[test]
    fn a_pod_fails_on_a_pull_error_a_crash_loop_or_phase_failed() {
        let cases = [
            (
                "a pod waiting for its container to be created is not failing",
                PodPhase::Pending,
                Some("ContainerCreating"),
                false,
            ),
            (
                "a pull error is failing",
                PodPhase::Pending,
                Some("ErrImagePull"),
                true,
            ),
            (
                "a pull back-off is failing",
                PodPhase::Pending,
                Some("ImagePullBackOff"),
                true,
            ),
            (
                "a crash loop is failing",
                PodPhase::Running,
                Some("CrashLoopBackOff"),
                true,
            ),
            (
                "a running pod is not failing",
                PodPhase::Running,
                None,
                false,
            ),
            ("a pod that failed is failing", PodPhase::Failed, None, true),
            (
                "a pod that succeeded is not failing",
                PodPhase::Succeeded,
                None,
                false,
            ),
        ];
        for (name, phase, waiting, expected) in cases {
            let pod = PodState {
                phase,
                waiting_reason: waiting,
                ..pod_state("")
            };
            assert_eq!(pod.is_failing(), expected, "{name}");
        }
    }

    fn fields(terms: &str) -> String {
        format!("  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms: {terms}\n")
    }

    /// Follows upstream `TestGetTargetNodeName` (pkg/controller/daemon/util).
    #[test]
    fn the_target_node_comes_from_node_name_or_the_first_metadata_name_in_field() {
        let cases: &[(&str, String, Option<&str>)] = &[
            ("nodeName is used first", "  nodeName: n0\n".to_string() + &fields("[{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}]"), Some("n0")),
            ("a metadata.name In field pins the node", fields("[{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}]"), Some("n1")),
            ("the first matching term wins", fields("[{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}, {matchFields: [{key: metadata.name, operator: In, values: [n2]}]}]"), Some("n1")),
            ("NotIn does not name a node", fields("[{matchFields: [{key: metadata.name, operator: NotIn, values: [n1]}]}]"), None),
            ("label expressions do not name a node", fields("[{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [n1]}]}]"), None),
            ("no affinity, no node", String::new(), None),
        ];
        for (name, spec, expected) in cases {
            assert_eq!(pod_state(spec).target_node(), *expected, "{name}");
        }
        // Two values are an error upstream (validation refuses them, so build it directly).
        let mut two = pod_state(&fields(
            "[{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}]",
        ));
        let terms = &mut Arc::make_mut(&mut two.pod)
            .spec
            .affinity
            .as_mut()
            .and_then(|a| a.node_affinity.as_mut())
            .and_then(|n| n.required.as_mut())
            .expect("required terms")
            .node_selector_terms;
        terms[0].match_fields[0].values.push("n2".into());
        assert_eq!(two.target_node(), None, "two values are an error");
    }

    #[test]
    fn a_key_splits_back_into_the_namespace_and_name_it_was_made_of() {
        for (namespace, name) in [("kube-system", "agent-x2k9p"), ("", "worker-1")] {
            assert_eq!(key_parts(&object_key(namespace, name)), (namespace, name));
        }
    }

    #[test]
    fn a_pods_key_namespace_and_name_are_read_from_the_key_made_when_its_state_is() {
        for (namespace, name, key) in [
            ("kube-system", "agent-x2k9p", "kube-system/agent-x2k9p"),
            ("", "p", "p"),
            (
                "default",
                &"w".repeat(40),
                &format!("default/{}", "w".repeat(40)),
            ),
        ] {
            let mut pod = Pod::default();
            pod.metadata.namespace = namespace.to_string();
            pod.metadata.name = name.to_string();
            let state = PodState::new(pod);
            assert_eq!(state.key(), key);
            assert_eq!(state.stored_key().as_str(), key);
            assert_eq!(state.namespace(), namespace, "{key}");
            assert_eq!(state.name(), name, "{key}");
        }
    }

    #[test]
    fn pod_status_text_follows_print_pod() {
        // printers.go printPod: waiting reason over phase; deletionTimestamp gives
        // Terminating only while the phase is not terminal.
        let pod = |phase: PodPhase, waiting: Option<&'static str>, deleting: bool| PodState {
            phase,
            waiting_reason: waiting,
            deletion: deleting.then_some(5),
            deletion_grace_ms: 0,
            ..PodState::new(Pod::default())
        };
        let cases = [
            ("running", pod(PodPhase::Running, None, false), "Running"),
            ("pending", pod(PodPhase::Pending, None, false), "Pending"),
            (
                "creating",
                pod(PodPhase::Pending, Some("ContainerCreating"), false),
                "ContainerCreating",
            ),
            (
                "crash loop",
                pod(PodPhase::Running, Some("CrashLoopBackOff"), false),
                "CrashLoopBackOff",
            ),
            ("failed", pod(PodPhase::Failed, None, false), "Failed"),
            (
                "deleting running",
                pod(PodPhase::Running, None, true),
                "Terminating",
            ),
            (
                "deleting while waiting",
                pod(PodPhase::Pending, Some("ImagePullBackOff"), true),
                "Terminating",
            ),
            (
                "deleting failed keeps Failed",
                pod(PodPhase::Failed, None, true),
                "Failed",
            ),
            (
                "deleting succeeded keeps Succeeded",
                pod(PodPhase::Succeeded, None, true),
                "Succeeded",
            ),
        ];
        for (name, pod, want) in cases {
            assert_eq!(pod_status_text(&pod), want, "{name}");
        }
    }

    #[test]
    fn a_node_is_ready_when_its_ready_condition_is_true_or_it_reports_none() {
        let node = |conditions: &[(&str, &str)]| {
            let mut node = Node::default();
            for (type_, status) in conditions {
                set_condition(&mut node, type_, status);
            }
            NodeState::new(Arc::new(node), 0)
        };
        let cases = [
            ("no conditions", node(&[]), true),
            ("Ready True", node(&[("Ready", "True")]), true),
            ("Ready False", node(&[("Ready", "False")]), false),
            ("Ready Unknown", node(&[("Ready", "Unknown")]), false),
            (
                "other conditions only",
                node(&[("MemoryPressure", "False")]),
                true,
            ),
            (
                "Ready False among others",
                node(&[("MemoryPressure", "False"), ("Ready", "False")]),
                false,
            ),
        ];
        for (name, node, ready) in cases {
            assert_eq!(node.is_ready(), ready, "{name}");
            assert_eq!(node.is_ready(), node.ready_status() == "True", "{name}");
        }
    }

    #[test]
    fn a_pod_ip_prints_as_the_simulation_gave_it_or_as_the_input_said() {
        let assigned = PodIp::Assigned {
            node_ordinal: 3,
            host: 17,
        };
        assert_eq!(assigned.to_string(), "10.244.3.17");
        let given = PodIp::Given("fd00::1".to_string());
        assert_eq!(given.to_string(), "fd00::1");
    }
}

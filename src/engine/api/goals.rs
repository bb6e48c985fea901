//! The goals of a Scenario (`spec.goals`): what a learner's attempt must achieve, as
//! conditions the engine checks against the simulated timeline. Decoded and validated by
//! the YAML layer; evaluated by [`crate::engine::exercise`].

use serde::{Deserialize, Serialize};

use super::types::LabelSelector;
use super::workload_ref::Workload;

/// A text in English and Chinese (`{en: ..., zh: ...}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

/// One goal: `{id, title, hint?, atEnd | eventually | always | unchanged, from?, until?}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// Stable identifier, unique in the Scenario (a lowercase RFC 1123 label).
    pub id: String,
    /// What the learner should achieve.
    pub title: Text,
    /// Shown after a failed try.
    pub hint: Option<Text>,
    /// When the condition must hold, and the condition.
    pub check: Check,
}

/// When a goal's condition must hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `atEnd`: at the last frame.
    AtEnd(Condition),
    /// `eventually`: at some frame of the window.
    Eventually(Condition, Window),
    /// `always`: at every frame of the window (an invariant).
    Always(Condition, Window),
    /// `unchanged`: an object of the lesson's starting text (or one field of it) is
    /// identical in the attempt.
    Unchanged(Unchanged),
}

impl Check {
    /// The key it is written with (`atEnd`, `eventually`, `always`, `unchanged`).
    pub fn key(&self) -> &'static str {
        match self {
            Check::AtEnd(_) => "atEnd",
            Check::Eventually(..) => "eventually",
            Check::Always(..) => "always",
            Check::Unchanged(_) => "unchanged",
        }
    }
}

/// The frames an `eventually` or `always` goal looks at: from `from` (default: the frame
/// that loads the objects) to `until` (default: the last frame), both included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// The first frame looked at.
    pub from: Option<Moment>,
    /// The last frame looked at.
    pub until: Option<Moment>,
}

/// A moment of the run: `after_ms` past the start of step `step` (1-based, as the frames
/// number steps), or past the start of the run when `step` is `None`. Written `30s` or
/// `{step: 2, after: 30s}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moment {
    /// The step (1-based).
    pub step: Option<usize>,
    /// Virtual time after it, in milliseconds.
    pub after_ms: u64,
}

/// `op value`: `">= 3"`, `"== 0"`, `"< desiredNumberScheduled"`; a bare number is `==`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The operator.
    pub op: CompareOp,
    /// What is compared against.
    pub value: Operand,
}

impl Comparison {
    /// `>= n`.
    pub fn at_least(n: i64) -> Comparison {
        Comparison {
            op: CompareOp::Ge,
            value: Operand::Number(n),
        }
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl CompareOp {
    /// Every operator, longest spelling first (so `>=` is read before `>`).
    pub const ALL: [CompareOp; 6] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Le,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Gt,
    ];

    /// The spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Whether `left op right`.
    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            CompareOp::Eq => left == right,
            CompareOp::Ne => left != right,
            CompareOp::Lt => left < right,
            CompareOp::Le => left <= right,
            CompareOp::Gt => left > right,
            CompareOp::Ge => left >= right,
        }
    }
}

/// The right side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A number.
    Number(i64),
    /// Another field of the same object (`numberAvailable >= desiredNumberScheduled`).
    Field(String),
}

/// Which pods a `pods` condition counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PodPhaseFilter {
    /// `Running` (default): phase Running, Ready, not terminating.
    #[default]
    Running,
    /// `Pending`: not bound yet, or bound and not yet running; not terminating.
    Pending,
    /// `Any`: every pod object, terminating ones included.
    Any,
}

impl PodPhaseFilter {
    /// The spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhaseFilter::Running => "Running",
            PodPhaseFilter::Pending => "Pending",
            PodPhaseFilter::Any => "Any",
        }
    }
}

/// `pods: {...}`: the pods a condition counts. Every filter given must match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodQuery {
    /// `namespace` (`None`: every namespace).
    pub namespace: Option<String>,
    /// `name`: exactly this pod.
    pub name: Option<String>,
    /// The controller, named by its kind key (`daemonSet: fluentd`, `deployment: web`;
    /// a Deployment's pods are those of its ReplicaSets); its namespace is the pod's.
    pub owner: Option<Workload>,
    /// `selector`: the pod's labels.
    pub selector: Option<LabelSelector>,
    /// `node`: the pod is bound to (or, pending, meant for) this node.
    pub node: Option<String>,
    /// `nodeSelector`: the labels of the pod's node.
    pub node_selector: Option<LabelSelector>,
    /// `image`: one of the pod's containers runs this image.
    pub image: Option<String>,
    /// `phase`.
    pub phase: PodPhaseFilter,
}

/// `event: {...}`: the Kubernetes Events a condition counts (those recorded so far).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// `reason` (`FailedScheduling`, `Preempted`, ...).
    pub reason: String,
    /// `message`: a substring of the message.
    pub message: Option<String>,
    /// `kind` of the object (`Pod`, `DaemonSet`, ...).
    pub kind: Option<String>,
    /// `name` of the object.
    pub name: Option<String>,
    /// `namespace` of the object.
    pub namespace: Option<String>,
}

/// The object whose fields a `field` condition reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldObject {
    /// A DaemonSet, Deployment, ReplicaSet or StatefulSet.
    Workload(Workload),
    /// `podDisruptionBudget: NAME`.
    Budget {
        /// Name.
        name: String,
        /// Namespace (default `default`).
        namespace: String,
    },
}

/// A condition on the cluster at one frame (and the events and outputs so far).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `pods: {...}, count: ">= 1"`: how many pods match.
    Pods {
        /// Which pods.
        query: PodQuery,
        /// Their number (default `>= 1`).
        count: Comparison,
    },
    /// `{daemonSet: x, field: numberAvailable, is: ">= 3"}` or `{podDisruptionBudget: x}`
    /// (`currentHealthy >= desiredHealthy` unless `field` is given).
    Field {
        /// The object.
        object: FieldObject,
        /// The field (`numberAvailable`, `updatedReplicas`, `spec.replicas`, `revision`, ...).
        field: String,
        /// The comparison.
        is: Comparison,
    },
    /// `{deployment: web, rolloutComplete: true}`: `kubectl rollout status` says done.
    RolloutComplete(Workload),
    /// `{node: NAME, ready?, schedulable?}`: the node exists with that state.
    Node {
        /// The node.
        name: String,
        /// Its Ready condition is (not) True.
        ready: Option<bool>,
        /// It is (not) cordoned.
        schedulable: Option<bool>,
    },
    /// `drained: NODE`: `kubectl drain` printed `node/NODE drained`.
    Drained(String),
    /// `event: {...}, count: ">= 1"`: how many Events match so far.
    Events {
        /// Which events.
        query: EventQuery,
        /// Their number (default `>= 1`).
        count: Comparison,
    },
    /// `allOf: [...]`: every one holds.
    AllOf(Vec<Condition>),
    /// `anyOf: [...]`: at least one holds.
    AnyOf(Vec<Condition>),
    /// `not: {...}`: it does not hold.
    Not(Box<Condition>),
}

/// The object kinds an `unchanged` goal can name: every kind kubeplay simulates.
pub const UNCHANGED_KINDS: &[&str] = super::OBJECT_KINDS;

/// `unchanged: {kind, name, namespace?, field?}`: the object of the starting text (or the
/// field at the dotted path `field`, such as `spec.taints`) equals the attempt's, compared
/// on the loaded objects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unchanged {
    /// `kind` (one of [`UNCHANGED_KINDS`]).
    pub kind: String,
    /// `name`.
    pub name: String,
    /// `namespace` (default `default`; empty for Nodes and PriorityClasses).
    pub namespace: String,
    /// `field`: a dotted path (`spec.template.spec.tolerations`; `metadata.labels[a.b/c]`
    /// for a key with dots; `[0]` for an item of a list).
    pub field: Option<String>,
}

/// The fields a `field` condition can read on a workload of `kind`: its `status` counters,
/// `observedGeneration`, `spec.replicas` (not for DaemonSets) and `revision` (a DaemonSet's
/// current ControllerRevision number, a Deployment's `deployment.kubernetes.io/revision`).
pub fn workload_fields(kind: super::workload_ref::WorkloadKind) -> &'static [&'static str] {
    use super::workload_ref::WorkloadKind::*;
    match kind {
        DaemonSet => &[
            "desiredNumberScheduled",
            "currentNumberScheduled",
            "numberReady",
            "numberAvailable",
            "numberUnavailable",
            "numberMisscheduled",
            "updatedNumberScheduled",
            "observedGeneration",
            "revision",
        ],
        Deployment => &[
            "spec.replicas",
            "replicas",
            "updatedReplicas",
            "readyReplicas",
            "availableReplicas",
            "unavailableReplicas",
            "observedGeneration",
            "revision",
        ],
        ReplicaSet => &[
            "spec.replicas",
            "replicas",
            "fullyLabeledReplicas",
            "readyReplicas",
            "availableReplicas",
            "observedGeneration",
        ],
        StatefulSet => &[
            "spec.replicas",
            "replicas",
            "readyReplicas",
            "currentReplicas",
            "updatedReplicas",
            "availableReplicas",
            "observedGeneration",
        ],
    }
}

/// The fields a `field` condition can read on a PodDisruptionBudget (its `status`).
pub const BUDGET_FIELDS: &[&str] = &[
    "currentHealthy",
    "desiredHealthy",
    "disruptionsAllowed",
    "expectedPods",
];

/// The segments of a field path: `spec.taints`, `metadata.labels[a.b/c]`, `items[0]`.
pub fn field_path(path: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if current.is_empty() {
                    return Err("an empty segment".to_string());
                }
                segments.push(std::mem::take(&mut current));
            }
            '[' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
                if inner.is_empty() {
                    return Err("an empty [] segment".to_string());
                }
                segments.push(inner);
                // A `.` may follow `]`.
                let rest = chars.as_str();
                if let Some(after) = rest.strip_prefix('.') {
                    chars = after.chars();
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    if segments.is_empty() || path.ends_with('.') {
        return Err("an empty segment".to_string());
    }
    Ok(segments)
}

//! What the page shows, as the engine decides it: the run's frames, the cluster at a frame
//! (a snapshot, or a delta from the frame shown before), explanations. Plain data, built by
//! the worker (`src/worker/views.rs`) and rendered by the UI shell.

use serde::{Deserialize, Serialize};

use super::{Diagnostic, FrameKind};

/// The outcome of an apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Applied {
    /// Every error and warning of the text (and of the run, when it reached a limit).
    pub diagnostics: Vec<Diagnostic>,
    /// The new run, when the text had no errors (else the last good run stays current).
    pub run: Option<RunView>,
}

/// A simulation run: its frames, and what the panels draw over the whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    /// Every frame, in order (there is always at least one).
    pub frames: Vec<FrameInfo>,
    /// The status of each workload over the run (rollout charts).
    pub histories: Vec<StatusHistory>,
    /// The name the add form suggests: the first `worker-N` that no Node of the applied
    /// text has.
    pub next_node_name: String,
}

/// One frame of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameInfo {
    /// Virtual time in milliseconds from the run's start.
    pub time_ms: u64,
    /// The time as Go prints durations (`1m30s`).
    pub time: String,
    /// What the frame is.
    pub kind: FrameKind,
    /// Its title (the event, sync or step).
    pub title: String,
}

/// The kinds of workload the rollout panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WorkloadKind {
    /// A DaemonSet.
    DaemonSet,
    /// A Deployment (and its ReplicaSets).
    Deployment,
    /// A StatefulSet.
    StatefulSet,
}

impl WorkloadKind {
    /// The kind as the API names it (`DaemonSet`, `Deployment`, `StatefulSet`).
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
        }
    }
}

/// A workload's status counts, as the rollout panel and its chart show them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// `desiredNumberScheduled` of a DaemonSet, `spec.replicas` of a Deployment or
    /// StatefulSet.
    pub desired: i32,
    /// `updatedNumberScheduled`, `updatedReplicas`.
    pub updated: i32,
    /// `numberAvailable`, `availableReplicas`.
    pub available: i32,
    /// `numberUnavailable`, `unavailableReplicas` (a StatefulSet's `spec.replicas` less its
    /// `availableReplicas`).
    pub unavailable: i32,
}

/// The status of one workload after every frame that changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusHistory {
    /// Its kind.
    pub kind: WorkloadKind,
    /// `namespace/name`.
    pub key: String,
    /// (virtual time in milliseconds, counts), in time order.
    pub points: Vec<(u64, StatusCounts)>,
    /// The end of the chart's time axis in virtual milliseconds: a quarter past the last
    /// change (at least 5s past it), or the run's end when that is sooner, so that a
    /// rollout is not squeezed into the start of a long run.
    pub end_ms: u64,
    /// `end_ms` as Go prints durations (`50s`).
    pub end: String,
}

/// The cluster at a frame, as an answer to [`super::Request::Show`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameUpdate {
    /// The frame.
    pub frame: usize,
    /// The nodes: all of them, or what changed since the frame the page showed.
    pub nodes: NodeChanges,
    /// Pods not bound to a node (and not being deleted), with their FailedScheduling
    /// message when the scheduler has tried.
    pub pending: Vec<PendingPod>,
    /// The workloads: DaemonSets, then Deployments, then StatefulSets, each in key order.
    pub workloads: Vec<WorkloadView>,
    /// Pod counts over the whole cluster.
    pub pods: PodCounts,
    /// The label keys of the nodes, in sort order (the board's group-by choices).
    pub label_keys: Vec<String>,
    /// The PodDisruptionBudgets that cover no workload of `workloads`, in key order.
    pub budgets: Vec<BudgetView>,
    /// Why a workload runs no pod at all (a DaemonSet no node should run), one sentence
    /// each.
    pub idle: Vec<Sentence>,
}

/// A PodDisruptionBudget as the rollout panel shows it, beside the workload it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetView {
    /// `namespace/name`.
    pub key: String,
    /// It allows no disruption now (`disruptionsAllowed` is 0): an eviction is refused.
    pub blocks: bool,
    /// Its status in words: allowed disruptions, current/desired healthy, expected pods.
    pub text: Sentence,
}

/// The nodes of a [`FrameUpdate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeChanges {
    /// Every node, in name order.
    Snapshot {
        /// The nodes.
        nodes: Vec<NodeView>,
    },
    /// Only what differs from the frame the page showed.
    Delta {
        /// New or changed nodes (whole), in name order.
        changed: Vec<NodeView>,
        /// Names of the nodes that are gone.
        removed: Vec<String>,
    },
}

/// One node as the board draws it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeView {
    /// The node's name.
    pub name: String,
    /// Its labels, in key order.
    pub labels: Vec<(String, String)>,
    /// Its roles as `kubectl get nodes` prints them (`control-plane`, `<none>`).
    pub roles: String,
    /// Its taints.
    pub taints: Vec<TaintView>,
    /// The Ready condition is `True`.
    pub ready: bool,
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    /// What the scheduler counts as used and allocatable.
    pub usage: NodeUsage,
    /// The pods bound or pinned to it, in name order (a StatefulSet's by ordinal: `web-2`
    /// before `web-10`).
    pub pods: Vec<PodView>,
    /// The compact board's cell colour.
    pub cell: CellStatus,
}

/// A taint on a node card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaintView {
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
    /// `key` or `key=value`.
    pub text: String,
    /// As `kubectl taint` writes it (`key=value:Effect`).
    pub spec: String,
}

/// A node's capacity bars, as the scheduler's `NodeInfo` counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeUsage {
    /// CPU requested by the bound pods (terminating ones included), in millicores.
    pub cpu_requested: i64,
    /// Allocatable CPU in millicores.
    pub cpu_allocatable: i64,
    /// Memory requested, in bytes.
    pub memory_requested: i64,
    /// Allocatable memory, in bytes.
    pub memory_allocatable: i64,
    /// Pods bound to the node.
    pub pods: i64,
    /// Allocatable pods.
    pub pods_allocatable: i64,
}

/// The add form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeFields {
    /// The name.
    pub name: String,
    /// A control-plane node (role label and taint).
    pub control_plane: bool,
    /// `key=value` lines.
    pub labels: String,
    /// One `kubectl taint` spec per line.
    pub taints: String,
    /// CPU capacity (`4`, `3500m`).
    pub cpu: String,
    /// Memory capacity (`8Gi`).
    pub memory: String,
    /// Pod capacity (`110`).
    pub pods: String,
}

/// A pod on a node card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodView {
    /// `namespace/name`.
    pub key: String,
    /// The name.
    pub name: String,
    /// The STATUS column of `kubectl get pods`.
    pub status: String,
    /// Ready condition `True`.
    pub ready: bool,
    /// Being deleted: when deletion was requested and when its grace period ends (virtual
    /// milliseconds), the kubelet removing the pod then.
    pub terminating: Option<GracePeriod>,
    /// The workload that owns it (through a ReplicaSet for a Deployment), if any.
    pub owner: Option<PodOwnerView>,
    /// The number of its workload's revision it runs (the DaemonSet's or StatefulSet's
    /// revision, or the revision of its ReplicaSet).
    pub revision: Option<i64>,
    /// It runs its workload's current revision (the new ReplicaSet of a Deployment, the
    /// update revision of a StatefulSet).
    pub current: bool,
    /// The eviction API refused its last eviction (a budget holds it on its node).
    pub eviction_refused: bool,
}

/// The grace period of a pod being deleted, in virtual milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GracePeriod {
    /// When deletion was requested.
    pub since: u64,
    /// When the grace period ends.
    pub ends: u64,
}

/// How many colours tell workloads apart on the board: workload `i` of a frame has colour
/// `i % OWNER_COLOURS`.
pub const OWNER_COLOURS: usize = 6;

/// The workload that owns a pod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodOwnerView {
    /// Its kind.
    pub kind: WorkloadKind,
    /// `namespace/name` of the DaemonSet, Deployment or StatefulSet.
    pub key: String,
    /// Its colour on the board (below [`OWNER_COLOURS`]), as in [`WorkloadView::colour`].
    pub colour: u8,
}

/// A pod waiting for a node, or a StatefulSet's next pod waiting to be created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPod {
    /// `namespace/name`.
    pub key: String,
    /// The last FailedScheduling message, if the scheduler has tried; for a pod not created
    /// yet, what its StatefulSet waits for (`not created yet: waiting for Pod web-1 to be
    /// Running and Ready`).
    pub message: Option<String>,
}

/// A workload in the rollout panel and the board's legend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadView {
    /// Its kind.
    pub kind: WorkloadKind,
    /// `namespace/name`.
    pub key: String,
    /// Its pods' colour on the board (below [`OWNER_COLOURS`]).
    pub colour: u8,
    /// The image of its first container.
    pub image: String,
    /// `spec.paused` of a Deployment.
    pub paused: bool,
    /// Its status counts.
    pub status: StatusCounts,
    /// Status lines shown instead of the counts, when the engine writes them (a
    /// StatefulSet's replicas, ready, current, updated and available, and its current and
    /// update revisions).
    pub details: Vec<Sentence>,
    /// `spec.updateStrategy.rollingUpdate.partition` of a StatefulSet that rolls out with
    /// `RollingUpdate` (the partition control); None for every other workload.
    pub partition: Option<i32>,
    /// Its revisions, oldest first.
    pub revisions: Vec<RevisionView>,
    /// The PodDisruptionBudgets whose selector covers its pods, in key order.
    pub budgets: Vec<BudgetView>,
}

/// One revision of a workload (`kubectl rollout history`): a ControllerRevision of a
/// DaemonSet or StatefulSet, a ReplicaSet of a Deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    /// The revision number.
    pub revision: i64,
    /// The image of its first container.
    pub image: String,
    /// The workload's current revision (a Deployment's new ReplicaSet, a StatefulSet's
    /// update revision).
    pub current: bool,
    /// The ReplicaSet of a Deployment's revision.
    pub replica_set: Option<ReplicaSetView>,
}

/// A Deployment's ReplicaSet (`kubectl get rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaSetView {
    /// Its name.
    pub name: String,
    /// Its `pod-template-hash`.
    pub hash: String,
    /// `spec.replicas` (DESIRED).
    pub replicas: i32,
    /// `status.readyReplicas` (READY).
    pub ready: i32,
}

/// Pod counts of a frame (what a host page receives).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodCounts {
    /// Every pod.
    pub total: usize,
    /// Phase Running.
    pub running: usize,
    /// Phase Pending.
    pub pending: usize,
    /// Ready.
    pub ready: usize,
    /// Being deleted.
    pub terminating: usize,
}

/// The state of a node's workload pod(s), as one cell colour. When a node has several, the
/// most urgent wins (the order of the variants, last = most urgent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CellStatus {
    /// No workload pod.
    #[default]
    None,
    /// Running, Ready and at its workload's current revision.
    Ready,
    /// Ready but at an older revision: still to be updated.
    OldRevision,
    /// Not Ready yet (pending, pulling, creating, starting).
    Pending,
    /// Being deleted.
    Terminating,
    /// Failing: an image pull error, a crash loop, or phase Failed.
    Failed,
}

/// A sentence in English and in Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// English.
    pub en: String,
    /// Chinese (zh-CN).
    pub zh: String,
}

/// One check of the explain panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    /// The upstream plugin (`TaintToleration`, ...).
    pub plugin: String,
    /// Whether it passed.
    pub passed: bool,
    /// The upstream reason strings on failure, verbatim.
    pub reasons: Vec<String>,
    /// What happened and, on failure, how to fix it.
    pub explanation: Sentence,
}

/// A DaemonSet on a node, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonOnNode {
    /// `namespace/name` of the DaemonSet.
    pub daemon_set: String,
    /// A new daemon pod is created on the node.
    pub should_run: bool,
    /// An existing daemon pod may stay.
    pub should_continue_running: bool,
    /// What happens on this node.
    pub summary: Sentence,
    /// The controller's checks.
    pub checks: Vec<CheckView>,
    /// The scheduler's checks for the new daemon pod, when it is still to be placed.
    pub scheduling: Option<SchedulingView>,
}

/// The scheduler's checks for a daemon pod on its node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulingView {
    /// The checks.
    pub checks: Vec<CheckView>,
    /// The FailedScheduling message when it does not fit.
    pub failed_scheduling_message: Option<String>,
}

/// A pod (not a daemon pod on its node) explained over every node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodOnNodes {
    /// The node it is bound to.
    pub bound_to: Option<String>,
    /// The FailedScheduling message when no node fits.
    pub failed_scheduling_message: Option<String>,
    /// When no profile is named the pod's `schedulerName`: why kube-scheduler leaves the
    /// pod alone (it stays Pending without an event).
    pub ignored_by_scheduler: Option<Sentence>,
    /// Every node: whether it fits, and each filter's check.
    pub nodes: Vec<PodNodeView>,
    /// How the scheduler scored the feasible nodes when it placed the pod (or would place
    /// it now): one line per node, best first, the chosen one marked `★`
    /// (`worker-1 ★ 592: TaintToleration 100×3 · NodeResourcesFit 92×1`); empty when it had
    /// a single choice or none.
    pub scores: Vec<String>,
    /// What is happening to it now (the kubelet starting it, a back-off, Terminating with
    /// the time left), when it is bound and not simply Running and Ready.
    pub now: Option<Sentence>,
    /// Why it is being deleted, when it is.
    pub deletion: Option<DeletionView>,
    /// What its workload's controller says about it: a StatefulSet's pod not created yet
    /// because it waits for its predecessor, or kept at the old revision by the partition.
    pub controller: Vec<Sentence>,
    /// Why the eviction API refused its last eviction, when it did: the budget's arithmetic
    /// in words, then the API's message and cause.
    pub eviction_refused: Option<DeletionView>,
    /// It can be deleted now: it exists (not a StatefulSet's pod still to be created) and is
    /// not being deleted already.
    pub deletable: bool,
}

/// Why a pod is being deleted (or why its eviction was refused).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionView {
    /// What asked for it (a rollout, a scale-down, ...).
    pub summary: Sentence,
    /// The events behind it, as `kubectl describe` prints their messages.
    pub events: Vec<String>,
}

/// One node of a [`PodOnNodes`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodNodeView {
    /// The node.
    pub node: String,
    /// The pod passes every filter there.
    pub feasible: bool,
    /// The checks.
    pub checks: Vec<CheckView>,
}

/// The answer to [`super::Request::Explain`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Explanation {
    /// The node or pod is not in the cluster at that frame.
    Gone,
    /// A node: each DaemonSet on it (none when the cluster has no DaemonSet).
    Node {
        /// The DaemonSets, in key order.
        daemon_sets: Vec<DaemonOnNode>,
    },
    /// A daemon pod on its node.
    DaemonPod {
        /// Its DaemonSet on its node.
        daemon_set: DaemonOnNode,
        /// What is happening to it now (the kubelet starting it, a back-off, Terminating
        /// with the time left), when it is not simply Running and Ready.
        now: Option<Sentence>,
        /// Why it is being deleted, when it is.
        deletion: Option<DeletionView>,
        /// It can be deleted now (it is not being deleted already).
        deletable: bool,
    },
    /// Any other pod.
    Pod {
        /// The pod over every node.
        pod: PodOnNodes,
    },
}

/// A table the page lays out as it comes, the answer to [`super::Request::Matrix`]:
/// headings, rows of finished cells, and the order of the rows when sorted by each column.
/// The page only picks an order, filters and pages the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    /// What the table is about, and how to read it.
    pub caption: Sentence,
    /// The column headings.
    pub columns: Vec<Sentence>,
    /// The rows, in the engine's order (the table's order until a heading is clicked).
    pub rows: Vec<TableRow>,
    /// Per column, the indices of the rows sorted by it (a click on its heading).
    pub orders: Vec<Vec<u32>>,
}

/// A row of a [`TableView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// One cell per column.
    pub cells: Vec<TableCell>,
    /// The row stands out (the node the scheduler chooses).
    pub marked: bool,
}

/// A cell of a [`TableRow`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCell {
    /// What the cell shows.
    pub text: String,
    /// Its colour.
    pub tone: Tone,
    /// More about it (shown on hover).
    pub tip: Option<Sentence>,
}

/// A table cell's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    /// No colour.
    Plain,
    /// A check passed.
    Pass,
    /// A check failed, and removing pods could make it pass (preemption may help).
    Warn,
    /// A check failed for good.
    Fail,
}

/// One goal of an exercise's checklist ([`super::Request::Goals`]), decided by the engine:
/// at frame `f` it shows broken (✗, with its hint) from `broken_from`, else met (✓) from
/// `ticked_from`, else not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRow {
    /// The goal's id.
    pub id: String,
    /// What the learner should achieve.
    pub title: Sentence,
    /// What to try, shown with a broken goal.
    pub hint: Option<Sentence>,
    /// The first frame it shows met (None: never).
    pub ticked_from: Option<usize>,
    /// The first frame it shows broken (None: the run meets it).
    pub broken_from: Option<usize>,
}

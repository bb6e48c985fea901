//! The one typed protocol between the page and the engine.
//!
//! The engine runs in a Web Worker (`src/worker/`); the page's wasm is the UI shell
//! (`src/ui/`) and never links the engine's logic: it sends an [`Envelope`] and receives
//! [`Reply`]s through `postMessage`, encoded with postcard (compact, and small code in the
//! shell). The JavaScript API (`docs/embedding.md`) speaks the same protocol to the same
//! worker as JSON text (enums externally tagged, names in camelCase).
//!
//! Everything here is plain data. The views ([`view`]) carry what the page shows, already
//! decided by the engine (a cell's colour, a pod's status text, a node's roles): the page
//! renders them and never re-implements a rule.

pub mod view;

use serde::{Deserialize, Serialize};

pub use crate::engine::diagnostic::{Diagnostic, Severity};
/// The largest text the page reads (a lesson, a `?src=` file).
pub use crate::engine::limits::MAX_INPUT_BYTES;
/// Quotes a string as Go's `%q` does (for messages in Kubernetes' wording).
pub use crate::engine::quote::go_quote;
/// One score plugin's score for a node.
pub use crate::engine::scheduler::scoring::PluginScore;
/// The default scenario shown on first load: the tutorial's DaemonSet on a small cluster.
pub use crate::engine::sim::cluster::DEFAULT_SCENARIO;
/// What a frame of a run is (the start, an event, a controller sync, a scheduling attempt,
/// a scenario step).
pub use crate::engine::sim::timeline::FrameKind;
/// The Kubernetes release whose behaviour the engine follows (`v1.35`).
pub use crate::engine::KUBERNETES_VERSION;
pub use view::*;

/// A request from the page, with the number its replies carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Chosen by the sender; the replies to this request carry it.
    pub id: u64,
    /// What is asked.
    pub request: Request,
}

/// What the page (or a page using the JavaScript API) asks the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Request {
    /// Load and validate `text` and, when it has no errors, simulate it: the run that the
    /// other playground requests are about. Answered by [`Response::Progress`] while it
    /// works, then [`Response::Applied`].
    Apply {
        /// The YAML text.
        text: String,
    },
    /// The cluster at `frame` of the current run: a delta when `since` is the frame the
    /// page shows now and `frame` comes after it, else a snapshot. Answered by
    /// [`Response::Frame`].
    Show {
        /// The frame to show.
        frame: usize,
        /// The frame the page shows now, if any (of the current run).
        since: Option<usize>,
    },
    /// Why a node or pod is (not) where it is at `frame`. Answered by
    /// [`Response::Explained`].
    Explain {
        /// The frame.
        frame: usize,
        /// The node or pod.
        selection: Selection,
    },
    /// The node × plugin matrix of the pod `pod` (`namespace/name`) at `frame`: every
    /// filter plugin's verdict per node and the scores of the feasible nodes under the pod's
    /// profile, as a table. Answered by [`Response::Table`].
    Matrix {
        /// The frame.
        frame: usize,
        /// The pod, `namespace/name`.
        pod: String,
    },
    /// A kubectl view at `frame`. Answered by [`Response::Kubectl`].
    Kubectl {
        /// The frame.
        frame: usize,
        /// Which view.
        view: KubectlView,
    },
    /// Writes a board edit into `text` (the editor's text) at `frame` of the current run.
    /// Answered by [`Response::Edited`] (the new text, which the page then applies) or
    /// [`Response::Failed`].
    Edit {
        /// The editor's text.
        text: String,
        /// The frame on screen (its time is when a step is added; its cluster is what a
        /// node toggle starts from).
        frame: usize,
        /// The edit.
        edit: TextEdit,
    },
    /// A text made from the applied objects of the current run. Answered by
    /// [`Response::Exported`].
    Export {
        /// What to make.
        export: ExportKind,
    },
    /// The checklist of the current run's exercise: the goals of `lesson` (the lesson's
    /// starting text, which `unchanged` goals compare the run's objects with) or, when it is
    /// empty, of the applied text itself. Answered by [`Response::Goals`] (no rows: no goals).
    Goals {
        /// The lesson's starting text, or empty.
        lesson: String,
    },
    /// `kubeplay explain FILE --output json` on `yaml` (the JavaScript API). Answered by
    /// [`Response::Document`] or [`Response::Failed`].
    CliExplain {
        /// The YAML text.
        yaml: String,
    },
    /// `kubeplay simulate FILE --output json [--until UNTIL]` on `yaml` (the JavaScript API).
    CliSimulate {
        /// The YAML text.
        yaml: String,
        /// `"stable"` or a duration such as `"90s"`.
        until: Option<String>,
    },
    /// Every diagnostic of `yaml` in the command line's JSON shape (the JavaScript API).
    CliDiagnostics {
        /// The YAML text.
        yaml: String,
    },
}

/// The page's two engine workers, each a wasm program of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// `kubeplay-engine`, started with the page: applies, frames, explanations, kubectl
    /// views and board edits.
    Engine,
    /// `kubeplay-tools`, started on first use: what the first paint never needs (the node ×
    /// plugin matrix, exports). Before its requests it is given the current run's text.
    Tools,
}

impl Request {
    /// The worker that answers this request (the one place that decides it; an apply is the
    /// engine's, and the page gives the tools worker the current run's text itself).
    pub fn program(&self) -> Program {
        match self {
            Request::Matrix { .. } | Request::Export { .. } => Program::Tools,
            _ => Program::Engine,
        }
    }
}

/// A message from the engine: a reply to a request (`id` set), or news of the engine
/// itself (`id` absent: [`Response::Ready`], [`Response::Crashed`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The request answered, if any.
    pub id: Option<u64>,
    /// The answer.
    pub response: Response,
}

/// What the engine answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Response {
    /// The engine has started and takes requests.
    Ready {
        /// The Kubernetes release it follows (`v1.35`).
        kubernetes_version: String,
    },
    /// An apply is under way: how far the simulation has come.
    Progress {
        /// Virtual time simulated so far, in milliseconds from the run's start.
        simulated_ms: u64,
        /// Frames recorded so far.
        frames: usize,
    },
    /// An apply finished.
    Applied(Applied),
    /// The cluster at a frame.
    Frame(FrameUpdate),
    /// An explanation.
    Explained(Explanation),
    /// A table (the node × plugin matrix).
    Table(TableView),
    /// A kubectl view's text.
    Kubectl {
        /// The terminal text.
        output: String,
    },
    /// The text after a board edit.
    Edited {
        /// The new editor text.
        text: String,
    },
    /// An exported text.
    Exported {
        /// The text.
        text: String,
    },
    /// The checklist of an exercise, one row per goal.
    Goals(Vec<GoalRow>),
    /// A command line document (JavaScript API), as JSON text.
    Document {
        /// The document's JSON text.
        json: String,
    },
    /// The request could not be answered (the message says why).
    Failed {
        /// What went wrong, as the command line would say it.
        message: String,
    },
    /// The engine stopped on an internal error (a bug): it must be started again.
    Crashed {
        /// The panic message.
        message: String,
    },
}

/// What the explain panel is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Selection {
    /// A node, by name.
    Node(String),
    /// A pod, by `namespace/name`.
    Pod(String),
}

/// The kubectl panel's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KubectlView {
    /// `kubectl get ds`.
    GetDaemonSets,
    /// `kubectl get pods -o wide`.
    GetPods,
    /// `kubectl get nodes`.
    GetNodes,
    /// `kubectl rollout status ds` for each DaemonSet.
    RolloutStatus,
    /// The Events of `kubectl describe ds` for each DaemonSet.
    DescribeEvents,
    /// `kubectl get deploy`.
    GetDeployments,
    /// `kubectl get rs`.
    GetReplicaSets,
    /// `kubectl rollout status deployment/NAME` for each Deployment.
    DeploymentRolloutStatus,
    /// `kubectl rollout history deployment/NAME` for each Deployment.
    DeploymentRolloutHistory,
    /// `kubectl describe deployment` for each Deployment (its head and Events).
    DescribeDeployments,
    /// `kubectl get sts`.
    GetStatefulSets,
    /// `kubectl rollout status sts/NAME` for each StatefulSet.
    StatefulSetRolloutStatus,
    /// `kubectl get pdb -A`.
    GetPodDisruptionBudgets,
    /// Each `kubectl drain` of the run up to the frame, with the lines printed by then.
    Drain,
}

/// The exports of the Export menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExportKind {
    /// Every applied object as YAML.
    ClusterYaml,
    /// The workload objects only (no nodes, no scenario).
    WorkloadYaml,
    /// A shell script of kubectl commands.
    KubectlScript,
    /// A kind cluster configuration for the nodes.
    KindConfig,
}

/// An edit made on the board, written into the YAML text by the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TextEdit {
    /// Add a node (or replace the node of that name) built from the add form's fields.
    AddNode {
        /// The form's fields.
        fields: NodeFields,
    },
    /// Replace a node's labels and taints (the edit form), as it is at the frame.
    SetLabelsAndTaints {
        /// The node.
        node: String,
        /// `key=value` lines.
        labels: String,
        /// One `kubectl taint` spec per line.
        taints: String,
    },
    /// Cordon (`true`) or uncordon a node, as it is at the frame; when the text already
    /// starts the node that way (a step such as a drain has cordoned it since), a `cordon`
    /// or `uncordon` step at the frame's time.
    SetUnschedulable {
        /// The node.
        node: String,
        /// The new `spec.unschedulable`.
        unschedulable: bool,
    },
    /// Set a node's Ready condition, as it is at the frame.
    SetReady {
        /// The node.
        node: String,
        /// Ready (`True`) or not (`False`).
        ready: bool,
    },
    /// Remove a node from the text.
    DeleteNode {
        /// The node.
        node: String,
    },
    /// Change the image of a workload's first container at the frame's time (a scenario
    /// step), which starts its rollout.
    NewImage {
        /// The workload's kind.
        kind: WorkloadKind,
        /// `namespace/name` of the workload.
        workload: String,
        /// The new image.
        image: String,
    },
    /// Roll a workload back at the frame's time (`kubectl rollout undo`).
    Rollback {
        /// The workload's kind.
        kind: WorkloadKind,
        /// `namespace/name` of the workload.
        workload: String,
        /// The revision to go back to (None: the previous one).
        to_revision: Option<i64>,
    },
    /// Set the replicas of a Deployment or StatefulSet at the frame's time (`kubectl
    /// scale`).
    Scale {
        /// The workload's kind.
        kind: WorkloadKind,
        /// `namespace/name` of the workload.
        workload: String,
        /// The new replica count.
        replicas: i32,
    },
    /// Set a StatefulSet's `spec.updateStrategy.rollingUpdate.partition` at the frame's time
    /// (a `setPartition` step: `kubectl patch`).
    SetPartition {
        /// `namespace/name` of the StatefulSet.
        stateful_set: String,
        /// The new partition.
        partition: i32,
    },
    /// Drain a node at the frame's time (`kubectl drain` as a scenario step).
    Drain {
        /// The node.
        node: String,
        /// `kubectl drain`'s flags as typed (`--ignore-daemonsets --timeout=60s`); the
        /// engine reads them.
        flags: String,
    },
    /// Delete a pod at the frame's time (`kubectl delete pod`, a `deletePod` step).
    DeletePod {
        /// `namespace/name` of the pod.
        pod: String,
    },
    /// Pause (`kubectl rollout pause`) or resume a Deployment's rollout at the frame's time.
    SetPaused {
        /// `namespace/name` of the Deployment.
        deployment: String,
        /// Paused after the step.
        paused: bool,
    },
}

//! What the store records while a frame of the timeline is open: the new version of every
//! object it writes, the pods' visible transitions and the controllers' actions.

use std::sync::Arc;

use crate::engine::api::PodDisruptionBudget;
use crate::engine::time::{Millis, Timestamp};

use super::events::Event;
use super::state::{
    DaemonSetState, DeploymentState, NodeState, PodOwner, PodPhase, PodState, ReplicaSetState,
    StatefulSetState,
};

/// What the store recorded since the frame being written was opened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The virtual time the frame opened at.
    pub opened_at: Millis,
    /// Controller actions.
    pub actions: Vec<Action>,
    /// Object changes.
    pub changes: Vec<Change>,
    /// Pod transitions.
    pub transitions: Vec<PodTransition>,
    /// Events.
    pub events: Vec<Event>,
}

/// The record of the frame being written, if one is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Journal {
    open: Option<Entry>,
}

impl Journal {
    /// Opens a new entry at `now` (the driver closes the previous one first).
    pub fn open(&mut self, now: Millis) {
        self.open = Some(Entry {
            opened_at: now,
            ..Entry::default()
        });
    }

    /// Whether a frame is being written.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The number of events in the open entry (0 when none is open).
    pub fn events_recorded(&self) -> usize {
        self.open.as_ref().map_or(0, |e| e.events.len())
    }

    /// Closes the open entry and returns it.
    pub fn close(&mut self) -> Option<Entry> {
        self.open.take()
    }

    /// The open entry; a write outside any frame opens one at `now` (an event frame).
    pub fn entry(&mut self, now: Millis) -> &mut Entry {
        self.open.get_or_insert_with(|| Entry {
            opened_at: now,
            ..Entry::default()
        })
    }
}

/// A controller action recorded in a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A pod was created (for a node, when it is a daemon pod).
    Created {
        /// `namespace/name` of the pod.
        pod: String,
        /// Target node.
        node: Option<String>,
    },
    /// A pod was deleted (deletion requested).
    Deleted {
        /// `namespace/name` of the pod.
        pod: String,
    },
    /// The eviction API answered an eviction of a pod.
    Eviction {
        /// `namespace/name` of the pod.
        pod: String,
        /// The HTTP code: 201 when the pod is evicted; 429, 403 or 500 when it is not.
        code: u16,
        /// The status message of a refusal (empty when evicted).
        message: String,
        /// The refusal's `DisruptionBudget` cause, if any.
        cause: Option<String>,
    },
    /// The Deployment controller scaled a ReplicaSet.
    Scaled {
        /// `namespace/name` of the ReplicaSet.
        replica_set: String,
        /// `spec.replicas` before.
        from: i32,
        /// `spec.replicas` after.
        to: i32,
    },
}

/// One change to the cluster: the new version of an object, or its removal.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A pod was created, changed (Some) or removed (None).
    Pod(String, Option<Arc<PodState>>),
    /// A pod's lifecycle (and perhaps its `spec.nodeName`) changed while the rest of its API
    /// object stayed the same: only those are stored, and replaying applies them to the
    /// pod's previous version.
    PodLifecycle(String, Box<PodLifecycle>),
    /// A node was created, changed or removed.
    Node(String, Option<Arc<NodeState>>),
    /// A DaemonSet was created, changed or removed.
    DaemonSet(String, Option<Arc<DaemonSetState>>),
    /// A Deployment was created, changed (spec or status) or removed.
    Deployment(String, Option<Arc<DeploymentState>>),
    /// A ReplicaSet was created, changed (scaled, its status) or removed.
    ReplicaSet(String, Option<Arc<ReplicaSetState>>),
    /// A PodDisruptionBudget was created, changed (its status) or removed.
    PodDisruptionBudget(String, Option<Arc<PodDisruptionBudget>>),
    /// A StatefulSet was created, changed (spec, status, revisions) or removed.
    StatefulSet(String, Option<Arc<StatefulSetState>>),
}

/// The lifecycle facts of a [`PodState`] (everything but the API object) and its node.
#[derive(Clone, Debug, PartialEq)]
pub struct PodLifecycle {
    /// `spec.nodeName`.
    pub node_name: String,
    /// `metadata.creationTimestamp`.
    pub created: Timestamp,
    /// `status.phase`.
    pub phase: PodPhase,
    /// The waiting reason shown as STATUS.
    pub waiting_reason: Option<String>,
    /// The `Ready` condition.
    pub ready: bool,
    /// When `Ready` last changed.
    pub ready_transition: Option<Timestamp>,
    /// When deletion was requested (see [`PodState::deletion`]).
    pub deletion: Option<Millis>,
    /// `metadata.deletionGracePeriodSeconds` in milliseconds.
    pub deletion_grace_ms: u64,
    /// Container restarts.
    pub restarts: u32,
    /// `status.podIP`.
    pub ip: Option<String>,
    /// `status.nominatedNodeName`.
    pub nominated_node: Option<String>,
    /// The controlling DaemonSet or ReplicaSet.
    pub owner: Option<PodOwner>,
}

impl PodLifecycle {
    /// The lifecycle facts of `pod`.
    pub fn of(pod: &PodState) -> PodLifecycle {
        PodLifecycle {
            node_name: pod.pod.spec.node_name.clone(),
            created: pod.created,
            phase: pod.phase,
            waiting_reason: pod.waiting_reason.clone(),
            ready: pod.ready,
            ready_transition: pod.ready_transition,
            deletion: pod.deletion,
            deletion_grace_ms: pod.deletion_grace_ms,
            restarts: pod.restarts,
            ip: pod.ip.clone(),
            nominated_node: pod.nominated_node.clone(),
            owner: pod.owner.clone(),
        }
    }

    /// Sets these facts on `pod`.
    pub fn apply_to(&self, pod: &mut PodState) {
        if pod.pod.spec.node_name != self.node_name {
            Arc::make_mut(&mut pod.pod).spec.node_name = self.node_name.clone();
        }
        pod.created = self.created;
        pod.phase = self.phase;
        pod.waiting_reason = self.waiting_reason.clone();
        pod.ready = self.ready;
        pod.ready_transition = self.ready_transition;
        pod.deletion = self.deletion;
        pod.deletion_grace_ms = self.deletion_grace_ms;
        pod.restarts = self.restarts;
        pod.ip = self.ip.clone();
        pod.nominated_node = self.nominated_node.clone();
        pod.owner = self.owner.clone();
    }
}

/// A pod's visible state changed (for invariant checks over the output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTransition {
    /// Virtual time.
    pub time: Millis,
    /// `namespace/name`.
    pub pod: String,
    /// Node (empty while unscheduled).
    pub node: String,
    /// kubectl STATUS after the change (`Pending`, `ContainerCreating`, `Running`,
    /// `Terminating`, ..., `Deleted` when the object is gone).
    pub status: String,
    /// Ready after the change.
    pub ready: bool,
}

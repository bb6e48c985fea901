//! What the store records while a frame of the timeline is open: the new version of every
//! object it writes, the pods' visible transitions and the controllers' actions.

use std::sync::Arc;

use crate::engine::api::PodDisruptionBudget;
use crate::engine::key_map::Key;
use crate::engine::time::Millis;

use super::events::Event;
use super::state::{
    DaemonSetState, DeploymentState, NodeState, PodState, ReplicaSetState, StatefulSetState,
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

/// One change to the cluster: the new version of an object, or its removal, under the
/// object's key (kept inline: recording a change allocates no text).
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A pod was created, changed (Some) or removed (None). A version whose API object
    /// stayed the same shares it with the previous one.
    Pod(Key, Option<Arc<PodState>>),
    /// A node was created, changed or removed.
    Node(Key, Option<Arc<NodeState>>),
    /// A DaemonSet was created, changed or removed.
    DaemonSet(Key, Option<Arc<DaemonSetState>>),
    /// A Deployment was created, changed (spec or status) or removed.
    Deployment(Key, Option<Arc<DeploymentState>>),
    /// A ReplicaSet was created, changed (scaled, its status) or removed.
    ReplicaSet(Key, Option<Arc<ReplicaSetState>>),
    /// A PodDisruptionBudget was created, changed (its status) or removed.
    PodDisruptionBudget(Key, Option<Arc<PodDisruptionBudget>>),
    /// A StatefulSet was created, changed (spec, status, revisions) or removed.
    StatefulSet(Key, Option<Arc<StatefulSetState>>),
}

/// A pod's visible state changed (for invariant checks over the output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTransition {
    /// Virtual time.
    pub time: Millis,
    /// `namespace/name`.
    pub pod: Key,
    /// Node (empty while unscheduled).
    pub node: Key,
    /// kubectl STATUS after the change (`Pending`, `ContainerCreating`, `Running`,
    /// `Terminating`, ..., `Deleted` when the object is gone).
    pub status: &'static str,
    /// Ready after the change.
    pub ready: bool,
}

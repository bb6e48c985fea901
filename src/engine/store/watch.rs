//! How the controllers hear about the store's writes, as kube-controller-manager's controllers
//! hear through their informers.
//!
//! * [`Dirty`]: work queues. A write marks the controllers that must look again (every
//!   DaemonSet after any pod or node change and its own DaemonSet's change, a ReplicaSet
//!   after a change of it or its pods, a Deployment after a change of it or its
//!   ReplicaSets, the scheduler after a pod change or a node write); the driver runs the
//!   marked controllers when the instant settles.
//! * [`Notice`]: watch events. A write that another controller reacts to at once (the
//!   kubelet starting a pod the scheduler bound, the taint-eviction controller looking at a
//!   pod placed on a tainted node or cancelling the eviction of a pod that is gone) queues
//!   a notice; at the end of the step the driver has the store deliver them
//!   ([`super::Store::deliver_notices`]), before the next step runs.

use std::collections::BTreeSet;

/// The controllers' work queues the store's writes fill.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// DaemonSets (`namespace/name`) to sync.
    pub daemon_sets: BTreeSet<String>,
    /// Deployments (`namespace/name`) to sync: their own writes, their ReplicaSets' writes,
    /// and the removal of a pod of a Recreate Deployment.
    pub deployments: BTreeSet<String>,
    /// ReplicaSets (`namespace/name`) to sync: their own writes and their pods' (a pod
    /// without a controller marks the ReplicaSets that select it).
    pub replica_sets: BTreeSet<String>,
    /// StatefulSets (`namespace/name`) to sync: their own writes and their pods'.
    pub stateful_sets: BTreeSet<String>,
    /// The scheduler has pods to look at again.
    pub scheduler: bool,
    /// PodDisruptionBudgets (`namespace/name`) to sync: every one after any pod change or a
    /// change of a ReplicaSet or Deployment (their scale), and its own spec change.
    pub pod_disruption_budgets: BTreeSet<String>,
}

/// A watch event: something a store write did that a controller reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A pod was created, or its object or its controller changed: what may change whether
    /// a controller's selector claims it. A change of its lifecycle alone (phase,
    /// readiness, binding, deletion) is not announced, as upstream's pod handlers ignore an
    /// update that changes neither the labels nor the controller reference.
    PodChanged {
        /// `namespace/name`.
        key: String,
        /// Its namespace.
        namespace: String,
    },
    /// A pod bound to a node is new, or its node or its tolerations changed (what the
    /// taint-eviction controller's `PodUpdated` looks at).
    PodPlaced {
        /// `namespace/name`.
        key: String,
    },
    /// A pod object is gone.
    PodRemoved {
        /// `namespace/name`.
        key: String,
        /// Its namespace.
        namespace: String,
        /// The incarnation that is gone.
        uid: u64,
    },
    /// A pod was bound to a node, by the scheduler or when it was created: the node's
    /// kubelet starts it.
    PodBound {
        /// `namespace/name`.
        key: String,
    },
    /// The node's kubelet marked a pod Ready.
    PodBecameReady {
        /// `namespace/name`.
        key: String,
    },
}

//! The control loops of the simulated control plane, one module each, over the shared
//! [`crate::engine::store`], as kube-controller-manager's controllers share informers:
//!
//! * [`daemonset`]: the DaemonSet controller (`syncDaemonSet`, with its pure planning
//!   functions: eligibility, `manage()`, rolling update, history, status);
//! * [`deployment`]: the Deployment controller (`syncDeployment`, with its pure planning
//!   functions: rolling update, Recreate, proportional scaling, clean-up, status, progress,
//!   rollback);
//! * [`disruption`]: the disruption controller (PodDisruptionBudget status) and the eviction
//!   API's answer;
//! * [`replicaset`]: the ReplicaSet controller (`syncReplicaSet`, with its pure rules:
//!   which pods go first on a scale-down, slow-start batches, status and events);
//! * [`statefulset`]: the StatefulSet controller (`syncStatefulSet`, with its pure rules:
//!   ordered creation and deletion, the partitioned rolling update, revisions, status);
//! * [`scheduler`]: the default scheduler's loop (the plugins are in
//!   [`crate::engine::scheduler`]);
//! * [`kubelet`]: the kubelet model (image pulls, start, crash and back-off, readiness);
//! * [`node_lifecycle`]: lifecycle taints and pods of a node that stops being Ready;
//! * [`taint_eviction`]: evictions for `NoExecute` taints;
//! * [`util`]: what they share (`controller_utils.go`: the template hash).
//!
//! Each controller is a struct that owns its private bookkeeping and has a few entry
//! points (its sync, its watch handler `observe`, its timers); they read and write only the
//! [`Store`], and schedule wake-ups and record events through it. Controllers never call
//! each other: what one does that another reacts to goes through the store, as a work
//! queue mark ([`crate::engine::store::watch::Dirty`]), a watch event ([`Notice`]) or a
//! timed wake-up ([`crate::engine::store::wake::Wake`]). The simulation's driver
//! ([`crate::engine::sim::driver`]) runs them: a unit of a controller's work is one step,
//! recorded as one frame of the timeline.
//!
//! # Adding a controller
//!
//! Say a ReplicaSet controller:
//!
//! 1. **Module.** `controllers/replicaset/mod.rs` (or `replicaset.rs` when it is small): a
//!    `ReplicaSetController` struct with its private bookkeeping (expectations,
//!    back-offs) and a `sync(&mut self, store: &mut Store, key: &str)` that reads the
//!    store, plans with pure functions (kept beside it, like `daemonset/controller.rs`),
//!    and writes through the store ([`Store::admit_pod`], [`Store::put_pod`],
//!    [`Store::delete_pod`], [`Store::record_event`], [`Store::record_action`]). Its
//!    objects, if new, go to [`crate::engine::store::state::ClusterState`] with their
//!    store writes, changes ([`crate::engine::store::journal::Change`]) and replay
//!    ([`crate::engine::sim::timeline::apply_changes`]).
//! 2. **Its wake-ups.** A work queue in [`crate::engine::store::watch::Dirty`], marked by
//!    the store writes it watches (its own objects, the pods it owns); timers as a
//!    [`crate::engine::store::wake::Wake`] variant with its frame title, handed back to it
//!    by the driver's `process`; a [`Notice`] only when it must react within the step that
//!    caused it, handled in its `observe`.
//! 3. **Its registration line.** A field of [`Controllers`] (and a line in
//!    [`Controllers::observe`] if it watches), and in the driver's `settle` a loop that
//!    takes its work queue and runs each sync as a step (`self.step(FrameKind::Sync, ...)`,
//!    as `sync_daemon_set` does).
//! 4. **Its tests.** Upstream's `*_test.go` tables ported beside it, named after the
//!    upstream tests, cases named as sentences; controller-level tests that replay syncs
//!    on the driver in manual mode go in `tests/` (as `tests/simulation_controller.rs`);
//!    a scenario under `scenarios/lessons/` exercises it end to end.
//! 5. **Its JSON.** Its frames and events reach `kubeplay simulate --output json`
//!    (`src/cli/simulate.rs`) and the JavaScript API as they are; a new frame kind gets a
//!    name in [`crate::engine::sim::timeline::FrameKind::as_str`], new objects a section in
//!    the JSON, and both are documented in `docs/cli.md`.

pub mod daemonset;
pub mod deployment;
pub mod disruption;
pub mod kubelet;
pub mod node_lifecycle;
pub mod replicaset;
pub mod scheduler;
pub mod statefulset;
pub mod taint_eviction;
pub mod util;

use crate::engine::store::watch::Notice;
use crate::engine::store::Store;

use daemonset::sync::DaemonSetController;
use deployment::controller::DeploymentController;
use disruption::controller::DisruptionController;
use kubelet::{Kubelet, KubeletConfig};
use node_lifecycle::NodeLifecycle;
use replicaset::sync::ReplicaSetController;
use scheduler::Scheduler;
use statefulset::sync::StatefulSetController;
use taint_eviction::TaintEviction;

/// Every control loop, each with its own bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct Controllers {
    /// The DaemonSet controller.
    pub daemon_sets: DaemonSetController,
    /// The Deployment controller.
    pub deployments: DeploymentController,
    /// The ReplicaSet controller.
    pub replica_sets: ReplicaSetController,
    /// The StatefulSet controller.
    pub stateful_sets: StatefulSetController,
    /// The default scheduler.
    pub scheduler: Scheduler,
    /// The nodes' kubelets.
    pub kubelet: Kubelet,
    /// The node lifecycle controller.
    pub node_lifecycle: NodeLifecycle,
    /// The taint-eviction controller.
    pub taint_eviction: TaintEviction,
    /// The disruption controller.
    pub disruption: DisruptionController,
}

impl Controllers {
    /// Every control loop, the kubelets with `kubelet`'s timings and failures.
    pub fn new(kubelet: KubeletConfig) -> Controllers {
        Controllers {
            kubelet: Kubelet::new(kubelet),
            ..Controllers::default()
        }
    }

    /// Delivers a watch event to the controllers that watch for it.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        self.daemon_sets.observe(store, notice);
        self.replica_sets.observe(store, notice);
        self.stateful_sets.observe(store, notice);
        self.kubelet.observe(store, notice);
        self.taint_eviction.observe(store, notice);
        self.disruption.observe(store, notice);
    }
}

/// One set key for a pair whose first part cannot contain NUL (a node name or pod key): the
/// controllers' sets of pairs share the code of `BTreeSet<String>`.
pub(crate) fn pair_key(first: &str, second: &str) -> String {
    format!("{first}\0{second}")
}

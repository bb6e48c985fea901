//! The control loops of the simulated control plane, one module each, over the shared
//! [`crate::engine::store`].

pub mod daemonset;
pub mod kubelet;
pub mod node_lifecycle;
pub mod scheduler;
pub mod taint_eviction;

use crate::engine::store::watch::Notice;
use crate::engine::store::Store;

use daemonset::sync::DaemonSetController;
use kubelet::{Kubelet, KubeletConfig};
use node_lifecycle::NodeLifecycle;
use scheduler::Scheduler;
use taint_eviction::TaintEviction;

/// Every control loop, each with its own bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct Controllers {
    /// The DaemonSet controller.
    pub daemon_sets: DaemonSetController,
    /// The default scheduler.
    pub scheduler: Scheduler,
    /// The nodes' kubelets.
    pub kubelet: Kubelet,
    /// The node lifecycle controller.
    pub node_lifecycle: NodeLifecycle,
    /// The taint-eviction controller.
    pub taint_eviction: TaintEviction,
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
        self.kubelet.observe(store, notice);
        self.taint_eviction.observe(store, notice);
    }
}

/// One set key for a pair whose first part cannot contain NUL (a node name or pod key): the
/// controllers' sets of pairs share the code of `BTreeSet<String>`.
pub(crate) fn pair_key(first: &str, second: &str) -> String {
    format!("{first}\0{second}")
}

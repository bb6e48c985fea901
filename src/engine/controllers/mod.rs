//! The control loops of the simulated control plane, one module each, over the shared
//! [`crate::engine::store`].

pub mod daemonset;

use crate::engine::store::watch::Notice;
use crate::engine::store::Store;

use daemonset::sync::DaemonSetController;

/// Every control loop, each with its own bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct Controllers {
    /// The DaemonSet controller.
    pub daemon_sets: DaemonSetController,
}

impl Controllers {
    /// Delivers a watch event to the controllers that watch for it.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        self.daemon_sets.observe(store, notice);
    }
}

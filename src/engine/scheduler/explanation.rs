//! What a plugin's explanation reads and what it writes: the plugin's verdict on one node
//! ([`Verdict`]) in, one plain-language sentence with the fix in English and Chinese
//! ([`Text`]) out. Each plugin module keeps its `explain` next to its `filter`; the registry
//! lists both.

use serde::Serialize;

use crate::engine::api::Toleration;

use super::detail::FilterDetail;
use super::framework::{CycleState, Status};
use super::node_info::NodeInfo;

/// A sentence in English and in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// A sentence from its two translations.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// Who wants the verdict: the same finding can call for a different fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asker {
    /// The scheduler placing an unbound pod (preemption may make room).
    Scheduler,
    /// The DaemonSet controller deciding whether a node runs a daemon pod
    /// (`NodeShouldRunDaemonPod`).
    DaemonSetController,
    /// The kubelet admitting a pod bound to its node (the scheduler's preemption does not
    /// run for it).
    Kubelet,
}

/// A plugin's verdict on one node, with what its explanation may read.
pub struct Verdict<'a> {
    /// The pod's cycle state (the pod, its requests, host ports and required affinity).
    pub state: &'a CycleState<'a>,
    /// The node.
    pub node: &'a NodeInfo,
    /// The plugin's status on the node.
    pub status: &'a Status,
    /// Who asks.
    pub asker: Asker,
    /// Whether a toleration of the pod is one the DaemonSet controller adds to every daemon
    /// pod (never, for other pods), so that a passed taint check can say which taints only
    /// those let through.
    pub added_by_daemon_set_controller: &'a dyn Fn(&Toleration) -> bool,
}

impl Verdict<'_> {
    /// What the plugin found, on a failure.
    pub fn detail(&self) -> Option<&FilterDetail> {
        self.status.detail.as_deref()
    }
}

/// A plugin's explanation: the sentence for its verdict.
pub type ExplainFn = fn(&Verdict) -> Text;

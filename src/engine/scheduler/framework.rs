//! Plugin statuses and the per-pod cycle state shared by the filter plugins.

use serde::Serialize;

use crate::engine::api::Pod;

use super::corev1::RequiredNodeAffinity;
use super::detail::FilterDetail;
use super::node_info::{pod_host_ports, HostPort};
use super::resources::{pod_requests, Resource};

/// A plugin status code (`fwk.Code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Code {
    /// The node passed.
    Success,
    /// The node failed, but removing pods (preemption) might help.
    Unschedulable,
    /// The node failed and preemption cannot help.
    UnschedulableAndUnresolvable,
    /// An internal error.
    Error,
}

/// A plugin's verdict on one node: code, the plugin's name, its reason strings and, on a
/// failure, what the plugin found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The code.
    pub code: Code,
    /// The plugin that produced the status (empty for success).
    pub plugin: String,
    /// The reason strings, verbatim as upstream.
    pub reasons: Vec<String>,
    /// The typed finding behind the reasons (the taint, the port, the short resources, ...),
    /// boxed so that a status stays small on the scheduler's hot path.
    pub detail: Option<Box<FilterDetail>>,
}

impl Status {
    /// A success.
    pub fn success() -> Status {
        Status {
            code: Code::Success,
            plugin: String::new(),
            reasons: Vec::new(),
            detail: None,
        }
    }

    /// A status with a code and reasons.
    pub fn new(code: Code, plugin: &str, reasons: Vec<String>) -> Status {
        Status {
            code,
            plugin: plugin.to_string(),
            reasons,
            detail: None,
        }
    }

    /// The status with `detail` attached.
    pub fn with_detail(mut self, detail: FilterDetail) -> Status {
        self.detail = Some(Box::new(detail));
        self
    }

    /// The status without its detail (the plugin tables compare code and reasons; the
    /// details have tables of their own).
    #[cfg(test)]
    pub fn without_detail(mut self) -> Status {
        self.detail = None;
        self
    }

    /// Whether the node passed.
    pub fn is_success(&self) -> bool {
        self.code == Code::Success
    }

    /// Whether the code is Unschedulable or UnschedulableAndUnresolvable.
    pub fn is_rejected(&self) -> bool {
        matches!(
            self.code,
            Code::Unschedulable | Code::UnschedulableAndUnresolvable
        )
    }

    /// `Status.Message()`: the reasons joined with `", "`.
    pub fn message(&self) -> String {
        self.reasons.join(", ")
    }
}

/// What the PreFilter stage computes once per pod and the filters read on every node.
#[derive(Clone, Debug)]
pub struct CycleState<'a> {
    /// The pod being scheduled.
    pub pod: &'a Pod,
    /// Its effective requests (NodeResourcesFit PreFilter).
    pub requests: Resource,
    /// Its host ports (NodePorts PreFilter).
    pub host_ports: Vec<HostPort>,
    /// Its nodeSelector and required node affinity (NodeAffinity PreFilter).
    pub required_affinity: RequiredNodeAffinity,
}

impl<'a> CycleState<'a> {
    /// Runs the PreFilter computations for `pod`.
    pub fn new(pod: &'a Pod) -> CycleState<'a> {
        CycleState {
            pod,
            requests: pod_requests(pod),
            host_ports: pod_host_ports(pod),
            required_affinity: RequiredNodeAffinity::of(pod),
        }
    }
}

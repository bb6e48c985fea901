//! Plugin statuses and the per-pod cycle state shared by the filter plugins: what each
//! PreFilter computed, with the `AddPod` / `RemovePod` extensions that keep it current when
//! preemption's dry run removes victims or nominated pods are counted.

use serde::Serialize;

use crate::engine::api::{Node, Pod};

use super::corev1::RequiredNodeAffinity;
use super::detail::FilterDetail;
use super::node_info::{pod_host_ports, ClusterSnapshot, HostPort, PodInfo};
use super::plugins::inter_pod_affinity::pre_filter as inter_pod_affinity;
use super::plugins::pod_topology_spread::common::DefaultConstraints;
use super::plugins::pod_topology_spread::pre_filter as pod_topology_spread;
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
    /// PodTopologySpread's PreFilter state (`None`: skipped, no `DoNotSchedule` constraint).
    pub topology_spread: Option<pod_topology_spread::PreFilterState>,
    /// InterPodAffinity's PreFilter state (`None`: skipped, nothing can reject a node).
    pub inter_pod_affinity: Option<inter_pod_affinity::PreFilterState>,
}

impl<'a> CycleState<'a> {
    /// Runs the PreFilter computations that need only the pod (the DaemonSet controller's
    /// checks and the kubelet's admission use no more); the snapshot-wide plugins are
    /// skipped.
    pub fn new(pod: &'a Pod) -> CycleState<'a> {
        CycleState {
            pod,
            requests: pod_requests(pod),
            host_ports: pod_host_ports(pod),
            required_affinity: RequiredNodeAffinity::of(pod),
            topology_spread: None,
            inter_pod_affinity: None,
        }
    }

    /// Runs every PreFilter of the default profile for `pod`, PodTopologySpread and
    /// InterPodAffinity over the whole snapshot.
    pub fn for_snapshot(pod: &'a Pod, snapshot: &ClusterSnapshot) -> CycleState<'a> {
        CycleState::for_enabled(pod, snapshot, Some(&DefaultConstraints::system()), true)
    }

    /// Runs the PreFilters for `pod`: PodTopologySpread's with its default constraints
    /// when the profile enables it, InterPodAffinity's when it enables that.
    pub fn for_enabled(
        pod: &'a Pod,
        snapshot: &ClusterSnapshot,
        topology_spread: Option<&DefaultConstraints>,
        inter_pod_affinity: bool,
    ) -> CycleState<'a> {
        CycleState {
            topology_spread: topology_spread
                .and_then(|defaults| pod_topology_spread::pre_filter(pod, snapshot, defaults)),
            inter_pod_affinity: inter_pod_affinity
                .then(|| inter_pod_affinity::pre_filter(pod, snapshot))
                .flatten(),
            ..CycleState::new(pod)
        }
    }

    /// `RunPreFilterExtensionAddPod`: `pod` counted as running on `node`.
    pub fn add_pod(&mut self, pod: &PodInfo, node: &Node) {
        if let Some(s) = &mut self.topology_spread {
            s.add_pod(self.pod, pod, node);
        }
        if let Some(s) = &mut self.inter_pod_affinity {
            s.add_pod(self.pod, pod, node);
        }
    }

    /// `RunPreFilterExtensionRemovePod`: `pod` no longer counted on `node`.
    pub fn remove_pod(&mut self, pod: &PodInfo, node: &Node) {
        if let Some(s) = &mut self.topology_spread {
            s.remove_pod(self.pod, pod, node);
        }
        if let Some(s) = &mut self.inter_pod_affinity {
            s.remove_pod(self.pod, pod, node);
        }
    }
}

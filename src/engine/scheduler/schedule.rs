//! One scheduling cycle (`schedulePod` + PostFilter): PreFilter, filters on every node,
//! scoring, and on failure the FailedScheduling message with the preemption outcome.
//!
//! Differences from kube-scheduler, by design: every node is filtered (kube-scheduler
//! stops after `percentageOfNodesToScore` feasible nodes, which changes only which of the
//! feasible nodes wins, never a failure message); ties in scores go to the smallest node
//! name instead of a random one.

use serde::Serialize;

use crate::engine::api::Pod;

use super::fit_error::{FitError, NodeToStatus};
use super::framework::{Code, CycleState, Status};
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::node_affinity::{self, PreFilterResult};
use super::preemption::{preempt, PreemptionResult};
use super::registry::run_filter_plugins;
use super::scoring::{score_nodes, select_host, NodeScore};

/// The message when the snapshot has no node (`ErrNoNodesAvailable`).
pub const ERR_NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";
/// The DynamicResources PostFilter's message for a pod without resource claims; v1.35
/// prints it before the preemption message.
pub const DRA_NO_CLAIMS_MSG: &str = "no new claims to deallocate";

/// `RunFilterPluginsWithNominatedPods`: the filters with the nominated pods of equal or
/// higher priority on this node counted as if they were running.
pub fn filter_with_nominated(
    state: &CycleState,
    snapshot: &ClusterSnapshot,
    node: &NodeInfo,
) -> Status {
    let mut nominated = snapshot
        .ge_nominated_pods(state.pod, node.name())
        .peekable();
    if nominated.peek().is_none() {
        return run_filter_plugins(state, node);
    }
    let mut with = node.clone();
    for p in nominated {
        with.add_pod_info(p.clone());
    }
    run_filter_plugins(state, &with)
}

/// What PreFilter and Filter found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterOutcome {
    /// Nodes in the snapshot.
    pub num_all_nodes: usize,
    /// The rejecting PreFilter status, if any.
    pub pre_filter_rejection: Option<Status>,
    /// The status of every rejected node (and of the nodes PreFilter left out).
    pub node_to_status: NodeToStatus,
    /// Nodes that passed every filter, sorted by name.
    pub feasible: Vec<String>,
}

/// `findNodesThatFitPod`.
pub fn find_nodes_that_fit(pod: &Pod, snapshot: &ClusterSnapshot) -> FilterOutcome {
    let state = CycleState::new(pod);
    let num_all_nodes = snapshot.nodes().len();
    let mut out = FilterOutcome {
        num_all_nodes,
        pre_filter_rejection: None,
        node_to_status: NodeToStatus::default(),
        feasible: Vec::new(),
    };
    let candidates: Vec<&NodeInfo> = match node_affinity::pre_filter(pod) {
        PreFilterResult::Reject(status) => {
            out.node_to_status.absent = status.clone();
            out.pre_filter_rejection = Some(status);
            return out;
        }
        PreFilterResult::AllNodes => snapshot.nodes().iter().collect(),
        PreFilterResult::Nodes(names) => {
            out.node_to_status.absent = Status::new(
                Code::UnschedulableAndUnresolvable,
                node_affinity::NAME,
                vec![node_affinity::ERR_REASON_NOT_SATISFY.into()],
            );
            names.iter().filter_map(|n| snapshot.node(n)).collect()
        }
    };
    for node in candidates {
        let status = filter_with_nominated(&state, snapshot, node);
        if status.is_success() {
            out.feasible.push(node.name().to_string());
        } else {
            out.node_to_status
                .nodes
                .insert(node.name().to_string(), status);
        }
    }
    out
}

/// The result of one scheduling attempt.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulingOutcome {
    /// The node the pod is bound to, if it fits somewhere.
    pub selected_node: Option<String>,
    /// Scores of the feasible nodes (empty when fewer than two are feasible).
    pub scores: Vec<NodeScore>,
    /// The FailedScheduling event message, when the pod fits nowhere.
    pub failed_scheduling_message: Option<String>,
    /// The preemption decision, when the pod fits nowhere.
    pub preemption: Option<PreemptionResult>,
    /// Nodes that passed every filter.
    pub feasible: Vec<String>,
}

/// One scheduling cycle for an unbound pod whose priority has been resolved.
pub fn schedule_one(pod: &Pod, snapshot: &ClusterSnapshot) -> SchedulingOutcome {
    if snapshot.nodes().is_empty() {
        return SchedulingOutcome {
            selected_node: None,
            scores: Vec::new(),
            failed_scheduling_message: Some(ERR_NO_NODES_AVAILABLE.to_string()),
            preemption: None,
            feasible: Vec::new(),
        };
    }
    let filtered = find_nodes_that_fit(pod, snapshot);
    if !filtered.feasible.is_empty() {
        let (selected, scores) = if let [only] = filtered.feasible.as_slice() {
            (Some(only.clone()), Vec::new())
        } else {
            let nodes: Vec<&NodeInfo> = filtered
                .feasible
                .iter()
                .filter_map(|n| snapshot.node(n))
                .collect();
            let scores = score_nodes(pod, &nodes);
            (select_host(&scores).map(|s| s.node.clone()), scores)
        };
        return SchedulingOutcome {
            selected_node: selected,
            scores,
            failed_scheduling_message: None,
            preemption: None,
            feasible: filtered.feasible,
        };
    }
    let preemption = preempt(pod, snapshot, &filtered.node_to_status);
    let post_filter_msg = if preemption.message.is_empty() {
        String::new()
    } else if filtered.pre_filter_rejection.is_some() {
        preemption.message.clone()
    } else {
        format!("{DRA_NO_CLAIMS_MSG}, {}", preemption.message)
    };
    let fit_error = FitError {
        num_all_nodes: filtered.num_all_nodes,
        pre_filter_msg: filtered
            .pre_filter_rejection
            .as_ref()
            .map(Status::message)
            .unwrap_or_default(),
        node_to_status: filtered.node_to_status,
        post_filter_msg,
    };
    SchedulingOutcome {
        selected_node: None,
        scores: Vec::new(),
        failed_scheduling_message: Some(fit_error.message()),
        preemption: Some(preemption),
        feasible: Vec::new(),
    }
}

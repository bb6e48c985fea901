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
use super::framework::Status;
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::node_affinity;
use super::plugins::node_affinity::PreFilterResult;
use super::preemption::{preempt, PreemptionResult};
use super::profile::{default_profile, Profile};
use super::registry::filter_with_nominated;
use super::scoring::{score_nodes, select_host, NodeScore};

/// The message when the snapshot has no node (`ErrNoNodesAvailable`).
pub const ERR_NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";
/// The DynamicResources PostFilter's message for a pod without resource claims; v1.35
/// prints it before the preemption message.
pub const DRA_NO_CLAIMS_MSG: &str = "no new claims to deallocate";
/// The DynamicResources PostFilter's message when its PreFilter never ran (a PreFilter plugin
/// before it rejected the pod): the cycle-state read error (`fwk.ErrNotFound`).
pub const DRA_STATE_NOT_FOUND_MSG: &str = "not found";

/// `validation.NoteLengthLimit`: the longest message an event may carry.
pub const EVENT_NOTE_LENGTH_LIMIT: usize = 1024;

/// `truncateMessage`: the FailedScheduling event text cut to [`EVENT_NOTE_LENGTH_LIMIT`]
/// bytes, ending in `" ..."` when cut (the pod condition keeps the whole message).
pub fn truncate_event_message(message: String) -> String {
    const SUFFIX: &str = " ...";
    if message.len() <= EVENT_NOTE_LENGTH_LIMIT {
        return message;
    }
    let mut end = EVENT_NOTE_LENGTH_LIMIT - SUFFIX.len();
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{SUFFIX}", &message[..end])
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

/// `findNodesThatFitPod` with `profile`'s plugins.
pub fn find_nodes_that_fit(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
) -> FilterOutcome {
    let num_all_nodes = snapshot.node_count();
    let mut out = FilterOutcome {
        num_all_nodes,
        pre_filter_rejection: None,
        node_to_status: NodeToStatus::default(),
        feasible: Vec::new(),
    };
    let candidates: Vec<&NodeInfo> = match profile.pre_filter(pod) {
        PreFilterResult::Reject(status) => {
            out.node_to_status.absent = status.clone();
            out.pre_filter_rejection = Some(status);
            return out;
        }
        PreFilterResult::AllNodes => snapshot.nodes().collect(),
        PreFilterResult::Nodes(names) => {
            out.node_to_status.absent = node_affinity::not_in_pre_filter_result(&names);
            names.iter().filter_map(|n| snapshot.node(n)).collect()
        }
    };
    let state = profile.cycle_state(pod, snapshot);
    for node in candidates {
        let status = filter_with_nominated(&profile.filters, &state, snapshot, node);
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

/// `evaluateNominatedNode`: a pod nominated by an earlier preemption tries its nominated
/// node first and takes it, without scoring, when it passes every filter there.
pub fn nominated_node_fits(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
) -> Option<String> {
    let name = pod
        .status
        .nominated_node_name
        .as_deref()
        .filter(|n| !n.is_empty())?;
    let node = snapshot.node(name)?;
    let allowed = match profile.pre_filter(pod) {
        PreFilterResult::AllNodes => true,
        PreFilterResult::Nodes(names) => names.contains(name),
        PreFilterResult::Reject(_) => false,
    };
    if !allowed {
        return None;
    }
    let state = profile.cycle_state(pod, snapshot);
    (allowed && filter_with_nominated(&profile.filters, &state, snapshot, node).is_success())
        .then(|| name.to_string())
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

/// One scheduling cycle of the default profile for an unbound pod whose priority has been
/// resolved.
pub fn schedule_one(pod: &Pod, snapshot: &ClusterSnapshot) -> SchedulingOutcome {
    schedule_one_in_profile(default_profile(), pod, snapshot)
}

/// One scheduling cycle of `profile` for an unbound pod whose priority has been resolved.
pub fn schedule_one_in_profile(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
) -> SchedulingOutcome {
    if snapshot.node_count() == 0 {
        return SchedulingOutcome {
            selected_node: None,
            scores: Vec::new(),
            failed_scheduling_message: Some(ERR_NO_NODES_AVAILABLE.to_string()),
            preemption: None,
            feasible: Vec::new(),
        };
    }
    if let Some(node) = nominated_node_fits(profile, pod, snapshot) {
        return SchedulingOutcome {
            selected_node: Some(node.clone()),
            scores: Vec::new(),
            failed_scheduling_message: None,
            preemption: None,
            feasible: vec![node],
        };
    }
    let filtered = find_nodes_that_fit(profile, pod, snapshot);
    if !filtered.feasible.is_empty() {
        let (selected, scores) = if let [only] = filtered.feasible.as_slice() {
            (Some(only.clone()), Vec::new())
        } else {
            let nodes: Vec<&NodeInfo> = filtered
                .feasible
                .iter()
                .filter_map(|n| snapshot.node(n))
                .collect();
            let scores = score_nodes(profile, pod, snapshot, &nodes);
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
    // PostFilter plugins run in order: DynamicResources, then DefaultPreemption. When a
    // PreFilter plugin rejected the pod, the PreFilter stage stopped before DynamicResources
    // (it comes after NodeAffinity) could write its cycle state, so its PostFilter fails with
    // the state-read error and the chain stops there: preemption is not attempted.
    let (preemption, post_filter_msg) = if filtered.pre_filter_rejection.is_some() {
        (None, DRA_STATE_NOT_FOUND_MSG.to_string())
    } else {
        let preemption = preempt(profile, pod, snapshot, &filtered.node_to_status);
        let msg = if preemption.message.is_empty() {
            String::new()
        } else {
            format!("{DRA_NO_CLAIMS_MSG}, {}", preemption.message)
        };
        (Some(preemption), msg)
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
        failed_scheduling_message: Some(truncate_event_message(fit_error.message())),
        preemption,
        feasible: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Node, TaintEffect};
    use crate::engine::controllers::daemonset::eligibility::{new_daemon_pod, tests::ds_with};
    use crate::engine::scheduler::plugins::testutil::*;

    fn worker(name: &str, cpu: &str) -> Node {
        node_with_allocatable(name, &[("cpu", cpu), ("memory", "8Gi"), ("pods", "110")])
    }

    fn control_plane() -> Node {
        let mut n = worker("control-plane", "4");
        n.spec.taints = vec![taint(
            "node-role.kubernetes.io/control-plane",
            "",
            TaintEffect::NoSchedule,
        )];
        n
    }

    fn bound(name: &str, node: &str, cpu: &str, prio: i32) -> Pod {
        let mut p = pod_with_requests(name, &[&[("cpu", cpu)]]);
        p.spec.node_name = node.into();
        p.spec.priority = Some(prio);
        p
    }

    /// FailedScheduling messages as kube-scheduler v1.35 prints them (schedule_one.go +
    /// `FitError.Error()`), including the DynamicResources PostFilter part.
    #[test]
    fn failed_scheduling_message_table() {
        let mut never = pod_with_requests("p", &[&[("cpu", "3")]]);
        never.spec.preemption_policy = Some("Never".into());
        type Case = (&'static str, Vec<Node>, Vec<Pod>, Pod, &'static str);
        let cases: Vec<Case> = vec![
            ("a pod too big for the workers and not tolerating the control plane",
                vec![control_plane(), worker("w1", "4"), worker("w2", "4")], vec![], pod_with_requests("p", &[&[("cpu", "64")]]),
                "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
            ("full workers whose pods have the same priority",
                vec![control_plane(), worker("w1", "4"), worker("w2", "4")], vec![bound("a", "w1", "3", 0), bound("b", "w2", "3", 0)], pod_with_requests("p", &[&[("cpu", "2")]]),
                "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."),
            ("a pod that may not preempt",
                vec![worker("w1", "4")], vec![bound("a", "w1", "3", 0)], never,
                "0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."),
            ("a nodeSelector nobody matches",
                vec![worker("w1", "4"), worker("w2", "4")], vec![], { let mut p = pod("p"); p.spec.node_selector = [("disk".to_string(), "ssd".to_string())].into(); p },
                "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."),
            ("required terms that pin disjoint node names are rejected by PreFilter; preemption is not reached",
                vec![worker("w1", "4"), worker("w2", "4")], vec![], {
                    let mut p = pod("p");
                    let pin = |n: &str| crate::engine::api::NodeSelectorTerm {
                        match_expressions: vec![],
                        match_fields: vec![crate::engine::api::SelectorRequirement { key: "metadata.name".into(), operator: "In".into(), values: vec![n.into()] }],
                    };
                    p.spec.affinity = Some(crate::engine::api::Affinity { pod_affinity: None, pod_anti_affinity: None,
                        node_affinity: Some(crate::engine::api::NodeAffinity {
                            required: Some(crate::engine::api::NodeSelector { node_selector_terms: vec![crate::engine::api::NodeSelectorTerm { match_expressions: vec![], match_fields: [pin("w1").match_fields, pin("w2").match_fields].concat() }] }),
                            preferred: vec![],
                        }),
                        extra: vec![],
                    });
                    p
                },
                "0/2 nodes are available: pod affinity terms conflict. not found"),
            ("a cordoned node reports only the cordon",
                vec![{ let mut n = control_plane(); n.spec.unschedulable = true; n }], vec![], pod("p"),
                "0/1 nodes are available: 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
        ];
        for (name, nodes, pods, p, want) in cases {
            let snap = ClusterSnapshot::new(&nodes, &pods);
            let out = schedule_one(&p, &snap);
            assert_eq!(
                out.failed_scheduling_message.as_deref(),
                Some(want),
                "{name}"
            );
        }
    }

    /// Upstream `TestSchedulerSchedulePod`'s cases with real plugins (PodTopologySpread):
    /// the feasible nodes, and the chosen one among them.
    #[test]
    fn scheduler_schedule_pod_table() {
        let host = |name: &str| {
            let mut n = worker(name, "4");
            n.metadata
                .labels
                .insert("kubernetes.io/hostname".into(), name.into());
            n
        };
        let spreading = |max_skew: i32| {
            let mut p = labelled("p", &[("foo", "")]);
            p.spec.topology_spread_constraints =
                vec![crate::engine::api::types::TopologySpreadConstraint {
                    max_skew,
                    topology_key: "kubernetes.io/hostname".into(),
                    when_unsatisfiable: "DoNotSchedule".into(),
                    label_selector: Some(selector("foo", "Exists", &[])),
                    ..Default::default()
                }];
            p
        };
        let foo_on = |name: &str, node: &str| on(labelled(name, &[("foo", "")]), node);
        type Case = (&'static str, Vec<Node>, Vec<Pod>, Pod, Vec<&'static str>);
        let cases: Vec<Case> = vec![
            (
                "test podtopologyspread plugin - 2 nodes with maxskew=1",
                vec![host("node1"), host("node2")],
                vec![foo_on("pod1", "node1")],
                spreading(1),
                vec!["node2"],
            ),
            (
                "test podtopologyspread plugin - 3 nodes with maxskew=2",
                vec![host("node1"), host("node2"), host("node3")],
                vec![
                    foo_on("pod1a", "node1"),
                    foo_on("pod1b", "node1"),
                    foo_on("pod2", "node2"),
                ],
                spreading(2),
                vec!["node2", "node3"],
            ),
        ];
        for (name, nodes, pods, p, want) in cases {
            let snap = ClusterSnapshot::new(&nodes, &pods);
            let out = schedule_one(&p, &snap);
            assert_eq!(out.feasible, want, "{name}");
            let selected = out.selected_node.expect("scheduled");
            assert!(want.contains(&selected.as_str()), "{name}: {selected}");
        }
    }

    #[test]
    fn a_daemon_pod_on_a_full_node_reports_its_node_and_the_pinned_away_ones() {
        let spec = crate::engine::api::PodSpec {
            containers: vec![container(&[("cpu", "2")])].into(),
            ..Default::default()
        };
        let ds = ds_with(spec);
        let snap = ClusterSnapshot::new(
            &[control_plane(), worker("w1", "4"), worker("w2", "4")],
            &[bound("a", "w1", "3", 0)],
        );
        let p = new_daemon_pod(&ds, "w1");
        let out = schedule_one(&p, &snap);
        assert_eq!(
            out.failed_scheduling_message.as_deref(),
            Some("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.")
        );
        let mut critical = new_daemon_pod(&ds, "w1");
        critical.spec.priority = Some(2_000_001_000);
        let out = schedule_one(&critical, &snap);
        let pre = out.preemption.expect("preemption ran");
        assert_eq!(pre.nominated_node.as_deref(), Some("w1"));
        assert_eq!(
            pre.victims
                .iter()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>(),
            ["a"]
        );
        assert_eq!(
            out.failed_scheduling_message.as_deref(),
            Some("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].")
        );
        let fits = schedule_one(&new_daemon_pod(&ds, "w2"), &snap);
        assert_eq!(fits.selected_node.as_deref(), Some("w2"));
    }

    #[test]
    fn an_ordinary_pod_goes_to_the_least_allocated_node() {
        let snap = ClusterSnapshot::new(
            &[control_plane(), worker("w1", "4"), worker("w2", "4")],
            &[bound("a", "w1", "2", 0)],
        );
        let out = schedule_one(&pod_with_requests("p", &[&[("cpu", "1")]]), &snap);
        assert_eq!(out.selected_node.as_deref(), Some("w2"));
        assert_eq!(out.feasible, ["w1", "w2"]);
    }

    #[test]
    fn nominated_pods_of_higher_priority_hold_their_space() {
        let mut nominated = pod_with_requests("nominated", &[&[("cpu", "3")]]);
        nominated.spec.priority = Some(100);
        nominated.status.nominated_node_name = Some("w1".into());
        let snap = ClusterSnapshot::new(&[worker("w1", "4")], &[nominated]);
        let out = schedule_one(&pod_with_requests("p", &[&[("cpu", "2")]]), &snap);
        assert_eq!(out.selected_node, None);
    }

    #[test]
    fn a_nominated_pod_takes_its_nominated_node_first() {
        let mut p = pod_with_requests("p", &[&[("cpu", "1")]]);
        p.status.nominated_node_name = Some("w1".into());
        let snap = ClusterSnapshot::new(
            &[worker("w1", "4"), worker("w2", "4")],
            &[bound("a", "w1", "2", 0)],
        );
        let out = schedule_one(&p, &snap);
        assert_eq!(
            out.selected_node.as_deref(),
            Some("w1"),
            "w2 would score higher"
        );
        assert!(out.scores.is_empty());
    }

    #[test]
    fn huge_quantities_never_overflow() {
        let alloc = [("cpu", "9E"), ("memory", "8Ei"), ("pods", "9E")];
        let nodes = vec![
            node_with_allocatable("a", &alloc),
            node_with_allocatable("b", &alloc),
        ];
        let mut pods = vec![];
        for i in 0..3 {
            let mut p =
                pod_with_requests(&format!("big-{i}"), &[&[("cpu", "9E"), ("memory", "8Ei")]]);
            p.spec.node_name = "a".into();
            pods.push(p);
        }
        let snap = ClusterSnapshot::new(&nodes, &pods);
        let out = schedule_one(
            &pod_with_requests("p", &[&[("cpu", "1"), ("memory", "1Gi")]]),
            &snap,
        );
        assert_eq!(out.selected_node.as_deref(), Some("b"));
        let out = schedule_one(&pod_with_requests("q", &[&[("cpu", "9E")]]), &snap);
        assert_eq!(out.selected_node.as_deref(), Some("b"));
    }

    /// Upstream `truncateMessage` (schedule_one.go): events carry at most 1024 bytes.
    #[test]
    fn truncate_event_message_table() {
        let long = "x".repeat(1025);
        let cases = [
            (
                "a short message is kept",
                "short".to_string(),
                "short".to_string(),
            ),
            (
                "a message of exactly the limit is kept",
                "y".repeat(1024),
                "y".repeat(1024),
            ),
            (
                "a longer message is cut to the limit with a suffix",
                long,
                format!("{} ...", "x".repeat(1020)),
            ),
        ];
        for (name, msg, want) in cases {
            assert_eq!(truncate_event_message(msg), want, "{name}");
        }
    }

    #[test]
    fn a_failed_scheduling_message_with_many_reasons_is_truncated() {
        let names: Vec<String> = (0..30)
            .map(|i| format!("example.com/a-rather-long-extended-resource-{i:02}"))
            .collect();
        let reqs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
        let p = pod_with_requests("p", &[&reqs]);
        let snap = ClusterSnapshot::new(&[worker("w1", "4")], &[]);
        let msg = schedule_one(&p, &snap)
            .failed_scheduling_message
            .expect("unschedulable");
        assert_eq!(msg.len(), 1024);
        assert!(msg.starts_with("0/1 nodes are available: 1 Insufficient example.com/a-rather-long-extended-resource-00, "));
        assert!(msg.ends_with(" ..."));
    }

    #[test]
    fn no_nodes_at_all() {
        let out = schedule_one(&pod("p"), &ClusterSnapshot::default());
        assert_eq!(
            out.failed_scheduling_message.as_deref(),
            Some("no nodes available to schedule pods")
        );
    }
}

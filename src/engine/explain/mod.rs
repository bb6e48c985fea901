//! Check lists that answer "why is (or is not) this pod on that node?" for the UI and the
//! command line. Everything here is plain data (`serde::Serialize`, camelCase): every check
//! carries the plugin name, pass/fail, the upstream reason strings, the plugin's typed
//! finding, and one plain-language explanation with the fix in English and in Chinese
//! (zh-CN). The rules and their sentences live in the plugins (`scheduler::plugins`, listed
//! by `scheduler::registry`); this module only runs them and assembles the answers.

pub mod deployments;

use serde::Serialize;

use crate::engine::api::{DaemonSet, Pod, PriorityClass, Toleration};
use crate::engine::controllers::daemonset::eligibility::{
    new_daemon_pod, new_pod, node_should_run_daemon_pod,
};
use crate::engine::controllers::daemonset::tolerations::is_automatic;
use crate::engine::scheduler::admission::{self, PodAdmitResult, PredicateFailure, SkippedCheck};
use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Asker, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo};
use crate::engine::scheduler::plugins::node_affinity::PreFilterResult;
use crate::engine::scheduler::preemption::PreemptionResult;
use crate::engine::scheduler::priority::{admit_pod, resolve_priority};
use crate::engine::scheduler::profile::{default_profile, Profiles};
use crate::engine::scheduler::registry::{
    run_all_filter_plugins, run_pre_filter_plugins, FilterPlugin, DAEMON_SET_CONTROLLER_CHECKS,
};
use crate::engine::scheduler::schedule::{
    schedule_one, schedule_one_in_profile, SchedulingOutcome,
};
use crate::engine::scheduler::scoring::NodeScore;

/// A sentence in English and in Chinese (the plugins write them).
pub use crate::engine::scheduler::explanation::Text;

/// One check of one (workload, node) pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// The upstream plugin the check belongs to (`TaintToleration`, ...).
    pub plugin: String,
    /// Whether the node passed it.
    pub passed: bool,
    /// The status code on failure.
    pub code: Option<Code>,
    /// The upstream reason strings on failure, verbatim.
    pub reasons: Vec<String>,
    /// What the plugin found on failure (the taint, the port, the short resources, ...).
    pub detail: Option<FilterDetail>,
    /// The first failing check: the one upstream reports for this node.
    pub decisive: bool,
    /// What happened and, on failure, how to fix it.
    pub explanation: Text,
}

fn mark_decisive(checks: &mut [Check]) {
    if let Some(c) = checks.iter_mut().find(|c| !c.passed) {
        c.decisive = true;
    }
}

/// The check for `plugin`'s `verdict`, with the plugin's own explanation.
fn check(plugin: &FilterPlugin, verdict: &Verdict) -> Check {
    let status = verdict.status;
    let passed = status.is_success();
    Check {
        plugin: plugin.name.to_string(),
        passed,
        code: (!passed).then_some(status.code),
        reasons: status.reasons.clone(),
        detail: status.detail.as_deref().cloned(),
        decisive: false,
        explanation: (plugin.explain)(verdict),
    }
}

/// Whether `pod` is owned by a DaemonSet.
fn is_daemon_pod(pod: &Pod) -> bool {
    pod.metadata
        .owner_references
        .iter()
        .any(|o| o.kind == "DaemonSet")
}

/// The checks for the pod of `state` on `node`, one per plugin with its status, each with
/// the plugin's explanation (none marked decisive yet).
fn checks(
    state: &CycleState,
    node: &NodeInfo,
    asker: Asker,
    statuses: Vec<(&FilterPlugin, Status)>,
) -> Vec<Check> {
    let daemon = asker == Asker::DaemonSetController || is_daemon_pod(state.pod);
    let host_network = state.pod.spec.host_network;
    let added_by_daemon_set_controller = |t: &Toleration| daemon && is_automatic(t, host_network);
    statuses
        .iter()
        .map(|(plugin, status)| {
            check(
                plugin,
                &Verdict {
                    state,
                    node,
                    status,
                    asker,
                    added_by_daemon_set_controller: &added_by_daemon_set_controller,
                },
            )
        })
        .collect()
}

/// The scheduler's checks of the pod of `state` on `node`, every plugin in order, with the
/// PreFilter result applied as the framework would.
fn scheduler_checks(
    filters: &[&'static FilterPlugin],
    state: &CycleState,
    node: &NodeInfo,
    pre_filter: &PreFilterResult,
) -> Vec<Check> {
    let statuses = run_all_filter_plugins(filters, state, node, pre_filter);
    let mut checks = checks(state, node, Asker::Scheduler, statuses);
    mark_decisive(&mut checks);
    checks
}

// ---------- DaemonSets ----------

/// One node of a DaemonSet's explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonNodeExplanation {
    /// Node name.
    pub node: String,
    /// A new daemon pod is created on the node.
    pub should_run: bool,
    /// An existing daemon pod may stay.
    pub should_continue_running: bool,
    /// The controller's checks, in order: NodeName, NodeAffinity, TaintToleration.
    pub checks: Vec<Check>,
    /// What happens on this node.
    pub summary: Text,
    /// Pods of this DaemonSet already bound to the node.
    pub existing_pods: Vec<String>,
    /// When `shouldRun` and no daemon pod is bound there yet: whether the scheduler can
    /// place the new daemon pod on its node, or it stays Pending.
    pub scheduling: Option<DaemonPodScheduling>,
}

/// Whether `pod` belongs to `ds` (same namespace, owner reference to the DaemonSet).
pub fn owned_by(pod: &Pod, ds: &DaemonSet) -> bool {
    pod.metadata.namespace == ds.metadata.namespace
        && pod
            .metadata
            .owner_references
            .iter()
            .any(|o| o.kind == "DaemonSet" && o.name == ds.metadata.name)
}

/// What the scheduler does with the daemon pod created for a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonPodScheduling {
    /// Whether the pod fits its node now.
    pub fits: bool,
    /// The scheduler's checks on that node (resources, ports, ...).
    pub checks: Vec<Check>,
    /// The FailedScheduling message when it does not fit.
    pub failed_scheduling_message: Option<String>,
    /// The preemption decision when it does not fit.
    pub preemption: Option<PreemptionResult>,
}

/// A DaemonSet explained over every node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetExplanation {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The daemon pods' priority after admission.
    pub priority: i32,
    /// Why the controller cannot create pods at all (e.g. an unknown PriorityClass).
    pub admission_error: Option<String>,
    /// Nodes with `shouldRun` (the DS's `desiredNumberScheduled`).
    pub desired_number_scheduled: usize,
    /// Per node, sorted by node name.
    pub nodes: Vec<DaemonNodeExplanation>,
}

/// What the DaemonSet controller does on a node, worded for whether the node has one of the
/// DaemonSet's pods (`has_pod`).
fn daemon_summary(should_run: bool, cont: bool, has_pod: bool) -> Text {
    match (should_run, cont, has_pod) {
        (true, _, true) => Text::new(
            "The DaemonSet runs a pod on this node.",
            "DaemonSet 在该节点上运行一个 Pod。",
        ),
        (true, _, false) => Text::new(
            "The DaemonSet should run a pod on this node and has none here yet: the controller creates one.",
            "DaemonSet 应在该节点上运行一个 Pod，但这里还没有：控制器会创建一个。",
        ),
        (false, true, true) => Text::new(
            "The pod here keeps running, but no new daemon pod would be created on this node (only an untolerated NoExecute taint would evict it).",
            "这里的 Pod 会继续运行，但不会在该节点上新建守护 Pod（只有未被容忍的 NoExecute 污点才会驱逐它）。",
        ),
        (false, true, false) => Text::new(
            "No daemon pod runs on this node, and the controller does not create one (see the failed check). A pod already running here would be kept.",
            "该节点上没有守护 Pod，控制器也不会创建（见未通过的检查）。已在这里运行的 Pod 会被保留。",
        ),
        (false, false, true) => Text::new(
            "This node does not run the daemon pod: the controller deletes the one here.",
            "该节点不运行此守护 Pod：控制器会删除这里的 Pod。",
        ),
        (false, false, false) => Text::new(
            "This node does not run the daemon pod, and none is created (see the failed check).",
            "该节点不运行此守护 Pod，也不会创建（见未通过的检查）。",
        ),
    }
}

/// Explains `ds` on one node: the controller's checks, and for a `shouldRun` node whether
/// the scheduler can place the daemon pod there (`priority` is the resolved priority).
pub fn explain_daemon_set_on_node(
    ds: &DaemonSet,
    node: &NodeInfo,
    snapshot: &ClusterSnapshot,
    priority: Option<i32>,
) -> DaemonNodeExplanation {
    let n = &node.node;
    let e = node_should_run_daemon_pod(n, ds);
    // The pod `NodeShouldRunDaemonPod` checks: the template with the automatic tolerations,
    // and the template's own `nodeName` for the node-name check.
    let mut template_pod = new_pod(ds, &n.metadata.name);
    template_pod.spec.node_name = ds.spec.template.spec.node_name.clone();
    let template_state = CycleState::new(&template_pod);
    let statuses = DAEMON_SET_CONTROLLER_CHECKS
        .iter()
        .map(|p| (p, (p.filter)(&template_state, node)))
        .collect();
    let mut checks = checks(&template_state, node, Asker::DaemonSetController, statuses);
    mark_decisive(&mut checks);
    let existing_pods: Vec<String> = node
        .pods
        .iter()
        .filter(|p| owned_by(&p.pod, ds))
        .map(|p| p.pod.metadata.name.clone())
        .collect();
    let scheduling = match (e.should_run && existing_pods.is_empty(), priority) {
        (true, Some(prio)) => {
            let mut dp = new_daemon_pod(ds, &n.metadata.name);
            dp.metadata.name = format!("{}-{}", ds.metadata.name, n.metadata.name);
            dp.spec.priority = Some(prio);
            let state = CycleState::for_snapshot(&dp, snapshot);
            let sched_checks = scheduler_checks(
                &default_profile().filters,
                &state,
                node,
                &run_pre_filter_plugins(&dp),
            );
            let out = schedule_one(&dp, snapshot);
            Some(DaemonPodScheduling {
                fits: out.selected_node.is_some(),
                checks: sched_checks,
                failed_scheduling_message: out.failed_scheduling_message,
                preemption: out.preemption,
            })
        }
        _ => None,
    };
    DaemonNodeExplanation {
        node: n.metadata.name.clone(),
        should_run: e.should_run,
        should_continue_running: e.should_continue_running,
        summary: daemon_summary(
            e.should_run,
            e.should_continue_running,
            !existing_pods.is_empty(),
        ),
        checks,
        existing_pods,
        scheduling,
    }
}

/// Explains `ds` over every node of the snapshot (sorted by name).
pub fn explain_daemon_set(
    ds: &DaemonSet,
    snapshot: &ClusterSnapshot,
    classes: &[PriorityClass],
) -> DaemonSetExplanation {
    let mut template = Pod {
        metadata: ds.spec.template.metadata.clone(),
        spec: ds.spec.template.spec.clone(),
        status: Default::default(),
    };
    let admission = admit_pod(&mut template, &format!("{}-", ds.metadata.name), classes);
    let priority = admission
        .as_ref()
        .ok()
        .map(|_| template.spec.priority.unwrap_or(0));
    let nodes: Vec<DaemonNodeExplanation> = snapshot
        .nodes()
        .map(|n| explain_daemon_set_on_node(ds, n, snapshot, priority))
        .collect();
    DaemonSetExplanation {
        namespace: ds.metadata.namespace.clone(),
        name: ds.metadata.name.clone(),
        priority: priority.unwrap_or(0),
        admission_error: admission.err(),
        desired_number_scheduled: nodes.iter().filter(|n| n.should_run).count(),
        nodes,
    }
}

// ---------- Pods ----------

/// One node of a pod's explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodNodeExplanation {
    /// Node name.
    pub node: String,
    /// Whether the pod passes every filter on the node.
    pub feasible: bool,
    /// Every filter plugin's check, in order.
    pub checks: Vec<Check>,
}

/// What the kubelet on a bound pod's node decides when the pod arrives there, counting the
/// node's other pods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeletAdmission {
    /// The node the pod names.
    pub node: String,
    /// Whether that node exists (without it nothing else is computed).
    pub node_found: bool,
    /// The admission result (admitted, or the reason and message of the rejection).
    pub result: PodAdmitResult,
    /// Every reason the kubelet's `generalFilter` returns, in order (the result reports one).
    pub failures: Vec<PredicateFailure>,
    /// The kubelet's checks in its order (NodeResourcesFit, NodeAffinity, NodeName,
    /// NodePorts, then TaintToleration for NoExecute taints only); the reported failure is
    /// marked decisive.
    pub checks: Vec<Check>,
    /// The scheduler's checks the kubelet does not run, with what that means.
    pub skipped: Vec<SkippedCheck>,
    /// What happens to the pod.
    pub summary: Text,
}

/// The kubelet's admission of `pod` (bound, priority resolved) on the node it names.
pub fn explain_kubelet_admission(pod: &Pod, snapshot: &ClusterSnapshot) -> KubeletAdmission {
    let name = &pod.spec.node_name;
    let Some(node) = snapshot.node(name) else {
        return KubeletAdmission {
            node: name.clone(),
            node_found: false,
            result: PodAdmitResult {
                admit: false,
                reason: None,
                message: None,
                evicts_for_critical_pod: false,
            },
            failures: Vec::new(),
            checks: Vec::new(),
            skipped: Vec::new(),
            summary: admission::explain_missing_node(name),
        };
    };
    let mut others = node.clone();
    others.remove_pod(&pod.metadata.namespace, &pod.metadata.name);
    let state = admission::admission_state(pod, &others);
    let decision = admission::admit(&state, &others);
    let mut checks = checks(&state, &others, Asker::Kubelet, decision.statuses);
    if let Some(reported) = &decision.reported {
        if let Some(c) = checks
            .iter_mut()
            .find(|c| !c.passed && c.plugin == reported.plugin())
        {
            c.decisive = true;
        }
    }
    KubeletAdmission {
        node: name.clone(),
        node_found: true,
        summary: admission::explain_result(name, &decision.result),
        result: decision.result,
        failures: decision.failures,
        checks,
        skipped: admission::skipped_checks(pod, &others),
    }
}

/// A bound pod's priority: `spec.priority` as the API server set it, else what its class
/// resolves to (0 for an unknown class).
fn bound_pod_priority(pod: &Pod, classes: &[PriorityClass]) -> i32 {
    pod.spec.priority.unwrap_or_else(|| {
        resolve_priority(&pod.metadata.name, &pod.spec.priority_class_name, classes)
            .map_or(0, |r| r.priority)
    })
}

/// A pod explained over every node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodExplanation {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.nodeName` when the pod is already bound (then only the kubelet's admission is
    /// computed).
    pub bound_to: Option<String>,
    /// For a bound pod: what the kubelet on its node decides.
    pub kubelet_admission: Option<KubeletAdmission>,
    /// Priority after admission.
    pub priority: i32,
    /// The admission error (e.g. an unknown PriorityClass); the pod would not be created.
    pub admission_error: Option<String>,
    /// Per node, sorted by node name.
    pub nodes: Vec<PodNodeExplanation>,
    /// The node the scheduler binds the pod to.
    pub selected_node: Option<String>,
    /// Scores of the feasible nodes (when more than one).
    pub scores: Vec<NodeScore>,
    /// The FailedScheduling message, when the pod fits nowhere.
    pub failed_scheduling_message: Option<String>,
    /// The preemption decision, when the pod fits nowhere.
    pub preemption: Option<PreemptionResult>,
    /// When no profile is named the pod's `schedulerName`: why kube-scheduler leaves it
    /// alone (then nothing else is computed).
    pub ignored_by_scheduler: Option<Text>,
}

/// Why kube-scheduler leaves a pod that names `scheduler` alone.
fn ignored_by_scheduler(scheduler: &str) -> Text {
    Text::new(
        format!("No profile of kube-scheduler is named `{scheduler}`: kube-scheduler leaves the pod to the scheduler it names, so it stays Pending and no event is recorded. Add a profile with that schedulerName, or remove spec.schedulerName to use default-scheduler."),
        format!("kube-scheduler 没有名为 `{scheduler}` 的 profile：它把该 Pod 留给其指定的调度器，因此 Pod 一直处于 Pending，也不会记录事件。请添加使用该 schedulerName 的 profile，或删除 spec.schedulerName 以使用 default-scheduler。"),
    )
}

/// Explains a pod: a bound pod gets the kubelet's admission on its node; an unbound one gets
/// every plugin's result on every node, the scheduling decision, the FailedScheduling
/// message and preemption, by the profile its `schedulerName` names in `profiles`.
pub fn explain_pod(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    classes: &[PriorityClass],
    profiles: &Profiles,
) -> PodExplanation {
    let mut out = PodExplanation {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        bound_to: None,
        kubelet_admission: None,
        priority: pod.spec.priority.unwrap_or(0),
        admission_error: None,
        nodes: Vec::new(),
        selected_node: None,
        scores: Vec::new(),
        failed_scheduling_message: None,
        preemption: None,
        ignored_by_scheduler: None,
    };
    if !pod.spec.node_name.is_empty() {
        let mut bound = pod.clone();
        bound.spec.priority = Some(bound_pod_priority(pod, classes));
        out.priority = bound.spec.priority.unwrap_or(0);
        out.bound_to = Some(pod.spec.node_name.clone());
        out.kubelet_admission = Some(explain_kubelet_admission(&bound, snapshot));
        return out;
    }
    let mut admitted = pod.clone();
    if let Err(e) = admit_pod(&mut admitted, &pod.metadata.name, classes) {
        out.admission_error = Some(e);
        return out;
    }
    out.priority = admitted.spec.priority.unwrap_or(0);
    let Some(profile) = profiles.for_pod(&admitted) else {
        out.ignored_by_scheduler = Some(ignored_by_scheduler(&admitted.spec.scheduler_name));
        return out;
    };
    let state = profile.cycle_state(&admitted, snapshot);
    let pre_filter = profile.pre_filter(&admitted);
    for node in snapshot.nodes() {
        let checks = scheduler_checks(&profile.filters, &state, node, &pre_filter);
        out.nodes.push(PodNodeExplanation {
            node: node.name().to_string(),
            feasible: checks.iter().all(|c| c.passed),
            checks,
        });
    }
    let SchedulingOutcome {
        selected_node,
        scores,
        failed_scheduling_message,
        preemption,
        ..
    } = schedule_one_in_profile(profile, &admitted, snapshot);
    out.selected_node = selected_node;
    out.scores = scores;
    out.failed_scheduling_message = failed_scheduling_message;
    out.preemption = preemption;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Node, PodSpec, TaintEffect, TolerationOperator};
    use crate::engine::controllers::daemonset::eligibility::tests::ds_with;
    use crate::engine::scheduler::plugins::testutil::*;

    fn cluster() -> Vec<Node> {
        let alloc = [("cpu", "4"), ("memory", "8Gi"), ("pods", "110")];
        let mut cp = node_with_allocatable("control-plane", &alloc);
        cp.metadata.labels.insert(
            "node-role.kubernetes.io/control-plane".into(),
            String::new(),
        );
        cp.spec.taints = vec![taint(
            "node-role.kubernetes.io/control-plane",
            "",
            TaintEffect::NoSchedule,
        )];
        let mut nodes = vec![cp];
        for w in ["worker-1", "worker-2", "worker-3"] {
            nodes.push(node_with_allocatable(w, &alloc));
        }
        nodes
    }

    #[test]
    fn a_daemon_set_without_tolerations_skips_the_control_plane_and_says_why() {
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        let ex = explain_daemon_set(&ds_with(PodSpec::default()), &snap, &[]);
        assert_eq!(ex.desired_number_scheduled, 3);
        let cp = &ex.nodes[0];
        assert_eq!(cp.node, "control-plane");
        assert!(!cp.should_run);
        assert!(cp.should_continue_running);
        let taint = &cp.checks[2];
        assert!(!taint.passed && taint.decisive);
        assert_eq!(taint.reasons, ["node(s) had untolerated taint(s)"]);
        assert!(taint.explanation.en.starts_with("The node has the taint `node-role.kubernetes.io/control-plane:NoSchedule` and the pod has no toleration for it. Add a toleration with key `node-role.kubernetes.io/control-plane`, operator `Exists` and effect `NoSchedule` to allow it."));
        assert!(taint
            .explanation
            .zh
            .contains("`node-role.kubernetes.io/control-plane:NoSchedule`"));
        assert!(ex.nodes[1].should_run);
        assert_eq!(ex.nodes[1].scheduling.as_ref().map(|s| s.fits), Some(true));
    }

    #[test]
    fn tolerating_the_control_plane_places_a_pod_there() {
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        let spec = PodSpec {
            tolerations: vec![toleration(
                "node-role.kubernetes.io/control-plane",
                TolerationOperator::Exists,
                "",
                Some(TaintEffect::NoSchedule),
            )]
            .into(),
            ..Default::default()
        };
        let ex = explain_daemon_set(&ds_with(spec), &snap, &[]);
        assert_eq!(ex.desired_number_scheduled, 4);
    }

    #[test]
    fn a_cordoned_node_explains_the_automatic_toleration() {
        let mut nodes = cluster();
        nodes[1].spec.unschedulable = true;
        nodes[1].spec.taints = vec![taint(
            "node.kubernetes.io/unschedulable",
            "",
            TaintEffect::NoSchedule,
        )];
        let snap = ClusterSnapshot::new(&nodes, &[]);
        let ex = explain_daemon_set(&ds_with(PodSpec::default()), &snap, &[]);
        let w1 = &ex.nodes[1];
        assert!(w1.should_run);
        assert!(
            w1.checks[2]
                .explanation
                .en
                .contains("adds to every daemon pod automatically"),
            "{}",
            w1.checks[2].explanation.en
        );
        let pod_ex = explain_pod(&pod("web"), &snap, &[], &Profiles::default());
        let w1 = &pod_ex.nodes[1];
        assert!(!w1.feasible);
        assert_eq!(w1.checks[0].reasons, ["node(s) were unschedulable"]);
        assert!(w1.checks[0].decisive && !w1.checks[2].decisive);
    }

    #[test]
    fn an_unbound_pod_gets_checks_message_and_preemption() {
        let nodes = cluster();
        let snap = ClusterSnapshot::new(&nodes, &[]);
        let big = pod_with_requests("big", &[&[("cpu", "64")]]);
        let ex = explain_pod(&big, &snap, &[], &Profiles::default());
        assert_eq!(ex.failed_scheduling_message.as_deref(), Some("0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."));
        let fit = &ex.nodes[1].checks[5];
        assert_eq!(fit.reasons, ["Insufficient cpu"]);
        assert_eq!(fit.code, Some(Code::UnschedulableAndUnresolvable));
        assert!(
            fit.explanation.en.contains("requests 64 of `cpu`"),
            "{}",
            fit.explanation.en
        );
        let mut bound = pod("b");
        bound.spec.node_name = "worker-1".into();
        assert_eq!(
            explain_pod(&bound, &snap, &[], &Profiles::default())
                .bound_to
                .as_deref(),
            Some("worker-1")
        );
        let mut unknown = pod("u");
        unknown.spec.priority_class_name = "nope".into();
        assert_eq!(
            explain_pod(&unknown, &snap, &[], &Profiles::default())
                .admission_error
                .as_deref(),
            Some("pods \"u\" is forbidden: no PriorityClass with name nope was found")
        );
    }

    #[test]
    fn an_existing_daemon_pod_is_reported_instead_of_a_new_scheduling_attempt() {
        let ds = ds_with(PodSpec {
            containers: vec![container(&[("cpu", "3")])].into(),
            ..Default::default()
        });
        let mut existing =
            crate::engine::controllers::daemonset::eligibility::new_daemon_pod(&ds, "worker-1");
        existing.metadata.name = "ds-abcde".into();
        existing.spec.node_name = "worker-1".into();
        let snap = ClusterSnapshot::new(&cluster(), &[existing]);
        let ex = explain_daemon_set(&ds, &snap, &[]);
        let w1 = &ex.nodes[1];
        assert_eq!(w1.existing_pods, ["ds-abcde"]);
        assert!(w1.scheduling.is_none());
        let w2 = &ex.nodes[2];
        assert!(w2.existing_pods.is_empty());
        assert_eq!(w2.scheduling.as_ref().map(|s| s.fits), Some(true));
    }

    #[test]
    fn explanations_serialize_with_camel_case_fields() {
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        let ex = explain_daemon_set(&ds_with(PodSpec::default()), &snap, &[]);
        let json = serde_json::to_value(&ex).expect("serializes");
        assert_eq!(json["desiredNumberScheduled"], 3);
        assert_eq!(json["nodes"][0]["shouldContinueRunning"], true);
        assert_eq!(json["nodes"][0]["checks"][2]["plugin"], "TaintToleration");
    }

    #[test]
    fn the_daemon_set_checks_agree_with_node_should_run_daemon_pod() {
        let mut labelled = node_with_allocatable("labelled", &[("pods", "110")]);
        labelled.metadata.labels.insert("disk".into(), "ssd".into());
        let mut tainted = node_with_allocatable("tainted", &[("pods", "110")]);
        tainted.spec.taints = vec![taint("dedicated", "", TaintEffect::NoExecute)];
        let nodes = vec![
            labelled,
            tainted,
            node_with_allocatable("plain", &[("pods", "110")]),
        ];
        let snap = ClusterSnapshot::new(&nodes, &[]);
        let specs = [
            PodSpec::default(),
            PodSpec {
                node_selector: [("disk".to_string(), "ssd".to_string())].into(),
                ..Default::default()
            },
            PodSpec {
                node_name: "plain".into(),
                ..Default::default()
            },
        ];
        for spec in specs {
            let ds = ds_with(spec);
            for info in snap.nodes() {
                let e = node_should_run_daemon_pod(&info.node, &ds);
                let ex = explain_daemon_set_on_node(&ds, info, &snap, None);
                let passed: Vec<bool> = ex.checks.iter().map(|c| c.passed).collect();
                assert_eq!(
                    passed,
                    [e.fits_node_name, e.fits_node_affinity, e.fits_taints],
                    "{}",
                    info.name()
                );
            }
        }
    }

    #[test]
    fn a_failed_check_carries_the_plugins_detail_in_its_json() {
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        let ex = explain_daemon_set(&ds_with(PodSpec::default()), &snap, &[]);
        let json = serde_json::to_value(&ex.nodes[0].checks[2]).expect("serializes");
        assert_eq!(
            json["detail"],
            serde_json::json!({"kind": "untoleratedTaint", "key": "node-role.kubernetes.io/control-plane", "value": "", "effect": "NoSchedule"})
        );
        let passed = serde_json::to_value(&ex.nodes[1].checks[2]).expect("serializes");
        assert_eq!(passed["detail"], serde_json::Value::Null);
    }

    #[test]
    fn a_bound_pod_gets_the_kubelets_admission_on_its_node() {
        let bound = |name: &str, node: &str, cpu: &str| {
            let mut p = pod_with_requests(name, &[&[("cpu", cpu)]]);
            p.spec.node_name = node.into();
            p
        };
        let fits = bound("fits", "worker-1", "3");
        let too_big = bound("too-big", "worker-1", "2");
        let nowhere = bound("nowhere", "worker-9", "1");
        let snap = ClusterSnapshot::new(&cluster(), &[fits.clone(), too_big.clone()]);
        let ex = explain_pod(&fits, &snap, &[], &Profiles::default());
        assert_eq!(ex.bound_to.as_deref(), Some("worker-1"));
        let kubelet = ex
            .kubelet_admission
            .expect("bound pods get the kubelet's admission");
        assert!(
            !kubelet.result.admit,
            "the other pod already holds 2 of the 4 CPUs: {kubelet:?}"
        );
        assert_eq!(kubelet.result.reason.as_deref(), Some("OutOfcpu"));
        assert_eq!(
            kubelet.result.message.as_deref(),
            Some("Node didn't have enough resource: cpu, requested: 3000, used: 2000, capacity: 4000")
        );
        let decisive: Vec<&str> = kubelet
            .checks
            .iter()
            .filter(|c| c.decisive)
            .map(|c| c.plugin.as_str())
            .collect();
        assert_eq!(decisive, ["NodeResourcesFit"]);
        assert!(kubelet.checks[0].explanation.en.ends_with(
            "bind the pod to a node with room: the scheduler does not preempt for a pod that names its node."
        ));
        let alone = ClusterSnapshot::new(&cluster(), std::slice::from_ref(&fits));
        let admitted = explain_pod(&fits, &alone, &[], &Profiles::default())
            .kubelet_admission
            .expect("bound");
        assert!(admitted.result.admit, "a pod does not count against itself");
        let missing = explain_pod(&nowhere, &snap, &[], &Profiles::default())
            .kubelet_admission
            .expect("bound");
        assert!(!missing.node_found && missing.checks.is_empty());
    }

    #[test]
    fn a_bound_pods_priority_comes_from_its_class_when_the_spec_has_none() {
        let mut p = pod("critical");
        p.spec.node_name = "worker-1".into();
        p.spec.priority_class_name = "system-node-critical".into();
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        assert_eq!(
            explain_pod(&p, &snap, &[], &Profiles::default()).priority,
            2_000_001_000
        );
    }

    #[test]
    fn a_pod_of_another_scheduler_is_explained_as_left_alone() {
        let snap = ClusterSnapshot::new(&cluster(), &[]);
        let mut p = pod("p");
        p.spec.scheduler_name = "my-scheduler".into();
        let ex = explain_pod(&p, &snap, &[], &Profiles::default());
        let why = ex.ignored_by_scheduler.expect("left alone");
        assert!(why
            .en
            .starts_with("No profile of kube-scheduler is named `my-scheduler`"));
        assert!(ex.nodes.is_empty());
        assert_eq!(ex.failed_scheduling_message, None);
    }
}

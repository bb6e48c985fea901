//! Admission of a pod that names its node (`spec.nodeName`): what the kubelet on that node
//! decides when the pod arrives (`pkg/kubelet/lifecycle/predicate.go`).
//!
//! The kubelet's `generalFilter` runs the scheduler's `AdmissionCheck` (NodeResourcesFit,
//! NodeAffinity, NodeName, NodePorts; every failure, in that order) and then its own taint
//! check, which looks at `NoExecute` taints only and is skipped for static pods. Requests for
//! extended resources the node does not list are dropped first
//! (`removeMissingExtendedResources`). The first failure becomes the `PodAdmitResult`:
//! reason `OutOf<resource>` with `Node didn't have enough resource: ...` for a resource
//! (`InsufficientResourceError`), else the plugin's name with `Predicate <name> failed: ...`
//! (`PredicateFailureError`); the pod goes to `phase: Failed` with the message
//! `Pod was rejected: <message>`. A critical pod whose only failures are resources is
//! admitted after the kubelet evicts other pods (`CriticalPodAdmissionHandler`; which pods
//! is not simulated).
//!
//! The kubelet does not check the cordon (`spec.unschedulable`) or `NoSchedule` taints. Not
//! simulated: the OS label and field checks, `SupplementalGroupsPolicy`, device-plugin
//! resources, and the re-fetch of a node whose cached labels are stale.

use serde::Serialize;

use crate::engine::api::{Pod, TaintEffect};

use super::corev1::{find_matching_untolerated_taint, tolerations_tolerate_taint};
use super::detail::FilterDetail;
use super::explanation::{Text, Verdict};
use super::framework::{Code, CycleState, Status};
use super::node_info::NodeInfo;
use super::plugins::{
    inter_pod_affinity, node_resources_fit, node_unschedulable, pod_topology_spread,
    taint_toleration,
};
use super::priority::SYSTEM_CLUSTER_CRITICAL_VALUE;
use super::registry::{FilterPlugin, ADMISSION_CHECKS};
use super::resources::Resource;
use crate::engine::api::taint_text::format_taint;
use crate::engine::api::validation::is_qualified_name;

/// `kubetypes.ConfigSourceAnnotationKey`: where the kubelet got the pod from.
pub const CONFIG_SOURCE_ANNOTATION: &str = "kubernetes.io/config.source";
/// `kubetypes.ConfigMirrorAnnotationKey`: set on the API mirror of a static pod.
pub const CONFIG_MIRROR_ANNOTATION: &str = "kubernetes.io/config.mirror";
/// `kubetypes.ApiserverSource`: the source of pods from the API server.
pub const API_SERVER_SOURCE: &str = "api";
/// `InsufficientResourcePrefix`: the admission reason for a resource is this plus its name
/// (`OutOfcpu`, `OutOfmemory`, `OutOfephemeral-storage`, `OutOfpods`, ...).
pub const INSUFFICIENT_RESOURCE_PREFIX: &str = "OutOf";
/// What the kubelet puts before the admission message in the rejected pod's status.
pub const REJECTED_MESSAGE_PREFIX: &str = "Pod was rejected: ";

/// `kubetypes.IsStaticPod`: the pod's source annotation is set and is not the API server.
pub fn is_static_pod(pod: &Pod) -> bool {
    pod.metadata
        .annotations
        .get(CONFIG_SOURCE_ANNOTATION)
        .is_some_and(|source| source != API_SERVER_SOURCE)
}

/// `kubetypes.IsMirrorPod`.
pub fn is_mirror_pod(pod: &Pod) -> bool {
    pod.metadata
        .annotations
        .get(CONFIG_MIRROR_ANNOTATION)
        .is_some()
}

/// `kubetypes.IsCriticalPod`: static, mirror, or priority of at least
/// `SystemCriticalPriority` (2000000000).
pub fn is_critical_pod(pod: &Pod) -> bool {
    is_static_pod(pod)
        || is_mirror_pod(pod)
        || pod
            .spec
            .priority
            .is_some_and(|p| p >= SYSTEM_CLUSTER_CRITICAL_VALUE)
}

/// `v1helper.IsExtendedResourceName`: a domain-prefixed name outside `kubernetes.io/` that
/// is also valid as a quota name.
fn is_extended_resource_name(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    !native
        && !name.starts_with("requests.")
        && is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `removeMissingExtendedResources`: the requests without the extended resources the node
/// does not list in its allocatable (a listed resource stays, even at 0).
pub fn without_missing_extended_resources(requests: &Resource, allocatable: &Resource) -> Resource {
    let mut kept = requests.clone();
    kept.scalar.retain(|(name, _)| {
        !is_extended_resource_name(name) || allocatable.scalar.iter().any(|(n, _)| n == name)
    });
    kept
}

/// The cycle state the kubelet's checks read: `pod` with the extended resources `node` does
/// not have removed from its requests.
pub fn admission_state<'a>(pod: &'a Pod, node: &NodeInfo) -> CycleState<'a> {
    let mut state = CycleState::new(pod);
    state.requests = without_missing_extended_resources(&state.requests, &node.allocatable);
    state
}

/// The kubelet's taint check: the first untolerated `NoExecute` taint, reported as
/// TaintToleration reports it.
fn untolerated_no_execute_taint(state: &CycleState, node: &NodeInfo) -> Status {
    let taint =
        find_matching_untolerated_taint(&node.node.spec.taints, &state.pod.spec.tolerations, |t| {
            t.effect == TaintEffect::NoExecute
        });
    match taint {
        None => Status::success(),
        Some(t) => Status::new(
            Code::UnschedulableAndUnresolvable,
            taint_toleration::NAME,
            vec![taint_toleration::ERR_REASON_NOT_MATCH.into()],
        )
        .with_detail(FilterDetail::UntoleratedTaint {
            key: t.key.clone(),
            value: t.value.clone(),
            effect: t.effect.as_str().to_string(),
        }),
    }
}

/// The explanation of the kubelet's taint check.
fn explain_no_execute_taint(v: &Verdict) -> Text {
    if let Some(FilterDetail::UntoleratedTaint { key, value, effect }) = v.detail() {
        return taint_toleration::untolerated_taint_fix(key, value, effect);
    }
    let no_execute: Vec<String> = v
        .node
        .node
        .spec
        .taints
        .iter()
        .filter(|t| t.effect == TaintEffect::NoExecute)
        .map(|t| format!("`{}`", format_taint(t)))
        .collect();
    if no_execute.is_empty() {
        Text::new(
            "The node has no NoExecute taint.",
            "节点没有 NoExecute 污点。",
        )
    } else {
        let list = no_execute.join(", ");
        Text::new(
            format!("The pod tolerates every NoExecute taint of the node ({list})."),
            format!("Pod 容忍节点上所有 NoExecute 污点（{list}）。"),
        )
    }
}

/// The kubelet's taint check (`NoExecute` taints only).
pub static NO_EXECUTE_TAINT_CHECK: FilterPlugin = FilterPlugin {
    name: taint_toleration::NAME,
    filter: untolerated_no_execute_taint,
    explain: explain_no_execute_taint,
};

/// The checks the kubelet runs for `pod`, in order: the scheduler's `AdmissionCheck`, then
/// the `NoExecute` taint check unless the pod is static.
pub fn kubelet_checks(pod: &Pod) -> Vec<&'static FilterPlugin> {
    let mut checks: Vec<&'static FilterPlugin> = ADMISSION_CHECKS.iter().collect();
    if !is_static_pod(pod) {
        checks.push(&NO_EXECUTE_TAINT_CHECK);
    }
    checks
}

/// One reason `generalFilter` returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
pub enum PredicateFailure {
    /// `InsufficientResourceError`: a resource the node does not have room for (cpu in
    /// millicores, memory and storage in bytes; `capacity` is the node's allocatable).
    InsufficientResourceError {
        /// Resource name.
        resource_name: String,
        /// What the pod requests.
        requested: i64,
        /// What the node's other pods request.
        used: i64,
        /// The node's allocatable amount.
        capacity: i64,
    },
    /// `PredicateFailureError`: a failed check other than resources.
    PredicateFailureError {
        /// The plugin (`NodeAffinity`, `NodeName`, `NodePorts`, `TaintToleration`).
        predicate_name: String,
        /// Its reason string.
        predicate_desc: String,
    },
}

impl PredicateFailure {
    /// The plugin whose check failed.
    pub fn plugin(&self) -> &str {
        match self {
            PredicateFailure::InsufficientResourceError { .. } => node_resources_fit::NAME,
            PredicateFailure::PredicateFailureError { predicate_name, .. } => predicate_name,
        }
    }

    /// The admission reason (`PodAdmitResult.Reason`, the pod's `status.reason`).
    pub fn admit_reason(&self) -> String {
        match self {
            PredicateFailure::InsufficientResourceError { resource_name, .. } => {
                format!("{INSUFFICIENT_RESOURCE_PREFIX}{resource_name}")
            }
            PredicateFailure::PredicateFailureError { predicate_name, .. } => {
                predicate_name.clone()
            }
        }
    }

    /// `Error()`: the admission message.
    pub fn message(&self) -> String {
        match self {
            PredicateFailure::InsufficientResourceError {
                resource_name,
                requested,
                used,
                capacity,
            } => format!("Node didn't have enough resource: {resource_name}, requested: {requested}, used: {used}, capacity: {capacity}"),
            PredicateFailure::PredicateFailureError {
                predicate_name,
                predicate_desc,
            } => format!("Predicate {predicate_name} failed: {predicate_desc}"),
        }
    }
}

/// `generalFilter`'s reasons from the statuses of the kubelet's checks, in order: each
/// short resource, then each other failed check with its reason.
pub fn predicate_failures(statuses: &[(&FilterPlugin, Status)]) -> Vec<PredicateFailure> {
    let mut failures = Vec::new();
    for (plugin, status) in statuses {
        match status.detail.as_deref() {
            Some(FilterDetail::InsufficientResources { resources }) => {
                failures.extend(resources.iter().map(|r| {
                    PredicateFailure::InsufficientResourceError {
                        resource_name: r.resource.clone(),
                        requested: r.requested,
                        used: r.used,
                        capacity: r.allocatable,
                    }
                }));
            }
            _ => failures.extend(status.reasons.iter().map(|reason| {
                PredicateFailure::PredicateFailureError {
                    predicate_name: plugin.name.to_string(),
                    predicate_desc: reason.clone(),
                }
            })),
        }
    }
    failures
}

/// `PodAdmitResult`: whether the kubelet admits the pod, and if not why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAdmitResult {
    /// Whether the pod is admitted.
    pub admit: bool,
    /// The rejection reason (the pod's `status.reason` and the Warning event's reason).
    pub reason: Option<String>,
    /// The rejection message (the event's message; the pod's `status.message` is
    /// `Pod was rejected: ` followed by it).
    pub message: Option<String>,
    /// The pod is critical and only resources are short: the kubelet evicts other pods to
    /// free them, then admits it.
    pub evicts_for_critical_pod: bool,
}

/// What the kubelet decides for a pod arriving at its node.
#[derive(Clone, Debug)]
pub struct Admission {
    /// Every check the kubelet runs, in order, with its status.
    pub statuses: Vec<(&'static FilterPlugin, Status)>,
    /// Every reason `generalFilter` returns.
    pub failures: Vec<PredicateFailure>,
    /// The failure the result reports (the first one the critical-pod handler leaves).
    pub reported: Option<PredicateFailure>,
    /// The result.
    pub result: PodAdmitResult,
}

/// `predicateAdmitHandler.Admit` for the pod of `state` on `node` (the node's other pods;
/// `state` from [`admission_state`]), with `HandleAdmissionFailure` of the critical-pod
/// handler.
pub fn admit(state: &CycleState, node: &NodeInfo) -> Admission {
    let statuses: Vec<(&'static FilterPlugin, Status)> = kubelet_checks(state.pod)
        .into_iter()
        .map(|p| (p, (p.filter)(state, node)))
        .collect();
    let failures = predicate_failures(&statuses);
    let critical = is_critical_pod(state.pod);
    let reported = failures
        .iter()
        .find(|f| !(critical && matches!(f, PredicateFailure::InsufficientResourceError { .. })))
        .cloned();
    let result = PodAdmitResult {
        admit: reported.is_none(),
        reason: reported.as_ref().map(PredicateFailure::admit_reason),
        message: reported.as_ref().map(PredicateFailure::message),
        evicts_for_critical_pod: reported.is_none() && !failures.is_empty(),
    };
    Admission {
        statuses,
        failures,
        reported,
        result,
    }
}

/// What the admission means for the pod, in a sentence.
pub fn explain_result(node: &str, result: &PodAdmitResult) -> Text {
    match (&result.reason, &result.message) {
        (Some(reason), Some(message)) => Text::new(
            format!("The kubelet on `{node}` rejects the pod: it does not run, its status becomes `phase: Failed`, `reason: {reason}`, `message: {REJECTED_MESSAGE_PREFIX}{message}`, with a Warning event `{reason}`. A rejected pod is not retried and the scheduler does not move it: fix the cause below, then delete and recreate the pod."),
            format!("节点 `{node}` 上的 kubelet 拒绝该 Pod：它不会运行，状态变为 `phase: Failed`、`reason: {reason}`、`message: {REJECTED_MESSAGE_PREFIX}{message}`，并产生 Warning 事件 `{reason}`。被拒绝的 Pod 不会重试，调度器也不会移动它：先修复下面的原因，再删除并重建 Pod。"),
        ),
        _ if result.evicts_for_critical_pod => Text::new(
            format!("The pod is critical (static, mirror, or priority of at least 2000000000), so the kubelet on `{node}` evicts other pods to free the resources it lacks, then admits it (which pods it evicts is not simulated)."),
            format!("该 Pod 是关键 Pod（静态 Pod、镜像 Pod 或优先级不低于 2000000000），因此节点 `{node}` 上的 kubelet 会驱逐其他 Pod 以腾出所缺资源，然后接纳它（驱逐哪些 Pod 未模拟）。"),
        ),
        _ => Text::new(
            format!("The kubelet on `{node}` admits the pod: it passes every check the kubelet runs."),
            format!("节点 `{node}` 上的 kubelet 接纳该 Pod：它通过了 kubelet 的全部检查。"),
        ),
    }
}

/// The sentence for a pod whose node does not exist.
pub fn explain_missing_node(node: &str) -> Text {
    Text::new(
        format!("The pod names node `{node}`, which does not exist: no kubelet admits or runs it, and the pod garbage collector deletes such pods."),
        format!("Pod 指定的节点 `{node}` 不存在：没有 kubelet 接纳或运行它，Pod 垃圾回收器会删除这样的 Pod。"),
    )
}

/// A check the scheduler runs and the kubelet does not, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedCheck {
    /// The plugin.
    pub plugin: String,
    /// What the kubelet does instead.
    pub explanation: Text,
}

/// The scheduler's checks the kubelet leaves out for `pod` on `node`.
pub fn skipped_checks(pod: &Pod, node: &NodeInfo) -> Vec<SkippedCheck> {
    let cordon = if node.node.spec.unschedulable {
        Text::new(
            "The node is cordoned, but the kubelet does not check the cordon (`spec.unschedulable`): a pod that names its node runs there anyway.",
            "节点已被封锁（cordon），但 kubelet 不检查封锁（`spec.unschedulable`）：指定了节点的 Pod 照样在其上运行。",
        )
    } else {
        Text::new(
            "The kubelet does not check the cordon (`spec.unschedulable`): a pod that names its node runs there even on a cordoned node.",
            "kubelet 不检查封锁（`spec.unschedulable`）：指定了节点的 Pod 即使在已封锁的节点上也会运行。",
        )
    };
    let taints = if is_static_pod(pod) {
        Text::new(
            format!("The pod is a static pod (`{CONFIG_SOURCE_ANNOTATION}` is not `{API_SERVER_SOURCE}`): the kubelet checks no taint for it."),
            format!("该 Pod 是静态 Pod（`{CONFIG_SOURCE_ANNOTATION}` 不是 `{API_SERVER_SOURCE}`）：kubelet 不为它检查任何污点。"),
        )
    } else {
        let untolerated: Vec<String> = node
            .node
            .spec
            .taints
            .iter()
            .filter(|t| t.effect == TaintEffect::NoSchedule)
            .filter(|t| !tolerations_tolerate_taint(&pod.spec.tolerations, t))
            .map(|t| format!("`{}`", format_taint(t)))
            .collect();
        if untolerated.is_empty() {
            Text::new(
                "The kubelet checks only NoExecute taints: NoSchedule taints do not keep out a pod that names its node.",
                "kubelet 只检查 NoExecute 污点：NoSchedule 污点挡不住指定了节点的 Pod。",
            )
        } else {
            let list = untolerated.join(", ");
            Text::new(
                format!("The pod does not tolerate {list}, but the kubelet checks only NoExecute taints: NoSchedule taints do not keep out a pod that names its node."),
                format!("Pod 不容忍 {list}，但 kubelet 只检查 NoExecute 污点：NoSchedule 污点挡不住指定了节点的 Pod。"),
            )
        }
    };
    let mut skipped = vec![
        SkippedCheck {
            plugin: node_unschedulable::NAME.to_string(),
            explanation: cordon,
        },
        SkippedCheck {
            plugin: taint_toleration::NAME.to_string(),
            explanation: taints,
        },
    ];
    if !pod.spec.topology_spread_constraints.is_empty() {
        skipped.push(SkippedCheck {
            plugin: pod_topology_spread::NAME.to_string(),
            explanation: Text::new(
                "The kubelet does not check topology spread constraints: a pod that names its node runs there whatever the skew.",
                "kubelet 不检查拓扑分布约束：指定了节点的 Pod 无论偏差多大都在其上运行。",
            ),
        });
    }
    let has_pod_affinity = pod
        .spec
        .affinity
        .as_ref()
        .is_some_and(|a| a.pod_affinity.is_some() || a.pod_anti_affinity.is_some());
    if has_pod_affinity {
        skipped.push(SkippedCheck {
            plugin: inter_pod_affinity::NAME.to_string(),
            explanation: Text::new(
                "The kubelet does not check pod affinity or anti-affinity: a pod that names its node runs there whatever pods run nearby.",
                "kubelet 不检查 Pod 亲和性与反亲和性：指定了节点的 Pod 无论附近运行着哪些 Pod 都在其上运行。",
            ),
        });
    }
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        Affinity, NodeAffinity, NodeSelector, NodeSelectorTerm, SelectorRequirement,
        TolerationOperator,
    };
    use crate::engine::scheduler::plugins::testutil::*;
    use TaintEffect::*;

    /// `machine1` of the upstream table: 10m cpu, 20 bytes of memory, 32 pods.
    fn machine1() -> crate::engine::api::Node {
        node_with_allocatable(
            "machine1",
            &[
                ("cpu", "10m"),
                ("memory", "20"),
                ("pods", "32"),
                ("example.com/aaa", "0"),
                ("ephemeral-storage", "0"),
                ("hugepages-2Mi", "0"),
            ],
        )
    }

    fn resource_pod(name: &str, cpu: &str, memory: &str) -> Pod {
        pod_with_requests(name, &[&[("cpu", cpu), ("memory", memory)]])
    }

    fn static_pod(mut p: Pod) -> Pod {
        p.metadata
            .annotations
            .insert(CONFIG_SOURCE_ANNOTATION.into(), "file".into());
        p
    }

    fn with_foo_exists_affinity(mut p: Pod) -> Pod {
        p.spec.affinity = Some(Affinity {
            pod_affinity: None,
            pod_anti_affinity: None,
            node_affinity: Some(NodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: vec![SelectorRequirement {
                            key: "foo".into(),
                            operator: "Exists".into(),
                            values: vec![],
                        }],
                        match_fields: vec![],
                    }],
                }),
                preferred: vec![],
            }),
            extra: vec![],
        });
        p
    }

    fn insufficient(resource: &str, requested: i64, used: i64, capacity: i64) -> PredicateFailure {
        PredicateFailure::InsufficientResourceError {
            resource_name: resource.into(),
            requested,
            used,
            capacity,
        }
    }

    fn predicate(name: &str, desc: &str) -> PredicateFailure {
        PredicateFailure::PredicateFailureError {
            predicate_name: name.into(),
            predicate_desc: desc.into(),
        }
    }

    fn general_filter(p: &Pod, node: &NodeInfo) -> Vec<PredicateFailure> {
        admit(&admission_state(p, node), node).failures
    }

    /// Follows upstream `TestGeneralPredicates` (kubelet/lifecycle/predicate_test.go).
    /// kubeplay has one view of a node, so the cases about a stale cached node use the node
    /// the kubelet ends up judging by; the `skipIgnorableChecks` cases (a later,
    /// feature-gated path for pods already running across a kubelet restart) are not ported.
    #[test]
    fn general_predicates_table() {
        let affinity = "node(s) didn't match Pod's node affinity/selector";
        let tainted = |taints| {
            let mut n = machine1();
            n.spec.taints = taints;
            n
        };
        let labelled = {
            let mut n = machine1();
            n.metadata.labels.insert("foo".into(), "bar".into());
            n
        };
        let named = |node: &str, p: Pod| {
            let mut p = p;
            p.spec.node_name = node.into();
            p
        };
        let tolerating_foo_and_bar = {
            let mut foo = toleration("foo", TolerationOperator::Equal, "", None);
            foo.operator = None;
            let mut bar = toleration("bar", TolerationOperator::Equal, "", None);
            bar.operator = None;
            pod_with_tolerations(vec![foo, bar])
        };
        let mut with_port = pod_with_ports(&[("", "", 123)]);
        with_port.spec.containers[0].ports[0].container_port = 0;
        let mut holding_port = with_port.clone();
        holding_port.metadata.name = "holder".into();
        type Case = (
            &'static str,
            Pod,
            crate::engine::api::Node,
            Vec<Pod>,
            Vec<PredicateFailure>,
        );
        let cases: Vec<Case> = vec![
            (
                "no resources/port/host requested always fits",
                pod("p"),
                machine1(),
                vec![resource_pod("existing", "9m", "19")],
                vec![],
            ),
            (
                "not enough cpu and memory resource",
                resource_pod("p", "8m", "10"),
                machine1(),
                vec![resource_pod("existing", "5m", "19")],
                vec![
                    insufficient("cpu", 8, 5, 10),
                    insufficient("memory", 10, 19, 20),
                ],
            ),
            (
                "host not match",
                named("machine2", pod("p")),
                machine1(),
                vec![],
                vec![predicate(
                    "NodeName",
                    "node(s) didn't match the requested node name",
                )],
            ),
            (
                "hostport conflict",
                with_port,
                machine1(),
                vec![holding_port],
                vec![predicate(
                    "NodePorts",
                    "node(s) didn't have free ports for the requested pod ports",
                )],
            ),
            (
                "taint/toleration match",
                tolerating_foo_and_bar,
                tainted(vec![
                    taint("foo", "", NoSchedule),
                    taint("bar", "", NoExecute),
                ]),
                vec![],
                vec![],
            ),
            (
                "NoSchedule taint/toleration not match",
                pod("p"),
                tainted(vec![taint("foo", "", NoSchedule)]),
                vec![],
                vec![],
            ),
            (
                "NoExecute taint/toleration not match",
                pod("p"),
                tainted(vec![taint("bar", "", NoExecute)]),
                vec![],
                vec![predicate(
                    "TaintToleration",
                    "node(s) had untolerated taint(s)",
                )],
            ),
            (
                "PreferNoSchedule taint/toleration not match",
                pod("p"),
                tainted(vec![taint("baz", "", PreferNoSchedule)]),
                vec![],
                vec![],
            ),
            (
                "static pods ignore taints",
                static_pod(pod("p")),
                tainted(vec![
                    taint("foo", "", NoSchedule),
                    taint("bar", "", NoExecute),
                ]),
                vec![],
                vec![],
            ),
            (
                "node affinity failure",
                static_pod(with_foo_exists_affinity(pod("p"))),
                machine1(),
                vec![],
                vec![predicate("NodeAffinity", affinity)],
            ),
            (
                "node affinity failure on cached node and node name doesn't match",
                static_pod(with_foo_exists_affinity(named("some-node-name", pod("p")))),
                machine1(),
                vec![],
                vec![
                    predicate("NodeAffinity", affinity),
                    predicate("NodeName", "node(s) didn't match the requested node name"),
                ],
            ),
            (
                "node affinity failure on cached node, but not the fresh one",
                static_pod(with_foo_exists_affinity(pod("p"))),
                labelled.clone(),
                vec![],
                vec![],
            ),
            (
                "node affinity failure on fresh node, but not the cached one",
                static_pod(with_foo_exists_affinity(pod("p"))),
                labelled,
                vec![],
                vec![],
            ),
        ];
        for (name, p, node, pods, want) in cases {
            let n = NodeInfo::with_pods(node, pods);
            assert_eq!(general_filter(&p, &n), want, "{name}");
        }
    }

    /// Follows upstream `TestRemoveMissingExtendedResources` (the cases without DRA).
    #[test]
    fn remove_missing_extended_resources_table() {
        let requests = Resource::from_list(&list(&[("foo.com/bar", "1"), ("cpu", "1")]));
        let cases = [
            (
                "requests for resources available in node should not be removed",
                &[("foo.com/bar", "1")][..],
                true,
            ),
            (
                "requests for resources unavailable in node should be removed",
                &[("foo.com/baz", "1")][..],
                false,
            ),
            (
                "requests for extended resources with Allocatable 0 should not be removed",
                &[("foo.com/bar", "0")][..],
                true,
            ),
            (
                "requests for extended resources that are not available in node should be removed",
                &[][..],
                false,
            ),
        ];
        for (name, allocatable, kept) in cases {
            let got = without_missing_extended_resources(
                &requests,
                &Resource::from_list(&list(allocatable)),
            );
            assert_eq!(
                got.scalar("foo.com/bar"),
                if kept { 1 } else { 0 },
                "{name}"
            );
            assert_eq!(got.milli_cpu, 1000, "{name}: native resources stay");
        }
        let hugepages = Resource::from_list(&list(&[("hugepages-2Mi", "1")]));
        assert_eq!(
            without_missing_extended_resources(&hugepages, &Resource::default()),
            hugepages,
            "hugepages are native, not extended"
        );
    }

    #[test]
    fn the_first_reason_the_critical_pod_handler_leaves_is_the_admission_result() {
        let critical = |mut p: Pod| {
            p.spec.priority = Some(2_000_001_000);
            p
        };
        let full = || vec![resource_pod("existing", "9m", "19")];
        let cases = [
            ("a short resource: OutOf<resource> with the InsufficientResourceError text", resource_pod("p", "8m", "1"), full(),
                (false, Some("OutOfcpu"), Some("Node didn't have enough resource: cpu, requested: 8, used: 9, capacity: 10"), false)),
            ("a failed check: the plugin's name with the PredicateFailureError text", with_foo_exists_affinity(pod("p")), vec![],
                (false, Some("NodeAffinity"), Some("Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"), false)),
            ("the pod limit is OutOfpods", pod("p"), (0..32).map(|i| pod(&format!("e{i}"))).collect(),
                (false, Some("OutOfpods"), Some("Node didn't have enough resource: pods, requested: 1, used: 32, capacity: 32"), false)),
            ("a critical pod short of resources only is admitted after evictions", critical(resource_pod("p", "8m", "1")), full(),
                (true, None, None, true)),
            ("a critical pod is still rejected for anything else", critical(with_foo_exists_affinity(resource_pod("p", "8m", "1"))), full(),
                (false, Some("NodeAffinity"), Some("Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"), false)),
            ("a pod that passes is admitted", pod("p"), vec![], (true, None, None, false)),
        ];
        for (name, p, pods, (admit_want, reason, message, evicts)) in cases {
            let n = NodeInfo::with_pods(machine1(), pods);
            let r = admit(&admission_state(&p, &n), &n).result;
            assert_eq!(
                (
                    r.admit,
                    r.reason.as_deref(),
                    r.message.as_deref(),
                    r.evicts_for_critical_pod
                ),
                (admit_want, reason, message, evicts),
                "{name}"
            );
        }
    }

    #[test]
    fn the_kubelet_skips_the_cordon_and_no_schedule_taints_and_static_pods_skip_taints() {
        let mut cordoned = machine1();
        cordoned.spec.unschedulable = true;
        cordoned.spec.taints = vec![taint("gpu", "", NoSchedule)];
        let n = NodeInfo::new(cordoned);
        let skipped = skipped_checks(&pod("p"), &n);
        let plugins: Vec<&str> = skipped.iter().map(|s| s.plugin.as_str()).collect();
        assert_eq!(plugins, ["NodeUnschedulable", "TaintToleration"]);
        assert!(skipped[0]
            .explanation
            .en
            .starts_with("The node is cordoned, but the kubelet does not check the cordon"));
        assert_eq!(skipped[1].explanation.en, "The pod does not tolerate `gpu:NoSchedule`, but the kubelet checks only NoExecute taints: NoSchedule taints do not keep out a pod that names its node.");
        let names = |p: &Pod| -> Vec<&str> { kubelet_checks(p).iter().map(|c| c.name).collect() };
        assert_eq!(
            names(&pod("p")),
            [
                "NodeResourcesFit",
                "NodeAffinity",
                "NodeName",
                "NodePorts",
                "TaintToleration"
            ]
        );
        assert_eq!(
            names(&static_pod(pod("p"))),
            ["NodeResourcesFit", "NodeAffinity", "NodeName", "NodePorts"]
        );
    }
}

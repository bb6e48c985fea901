//! Check lists that answer "why is (or is not) this pod on that node?" for the UI and the
//! command line. Everything here is plain data (`serde::Serialize`, camelCase): every check
//! carries the plugin name, pass/fail, the upstream reason string, and one plain-language
//! explanation with the fix in English and in Chinese (zh-CN).

use serde::Serialize;

use crate::engine::api::{
    DaemonSet, Node, Pod, PriorityClass, Quantity, SelectorRequirement, Taint, TaintEffect,
};
use crate::engine::controllers::daemonset::eligibility::{
    new_daemon_pod, new_pod, node_should_run_daemon_pod,
};
use crate::engine::controllers::daemonset::tolerations::is_automatic;
use crate::engine::scheduler::corev1::{
    format_taint, is_blocking_effect, required_node_selector, toleration_tolerates_taint,
    FieldRequirement, LabelRequirement, ParsedNodeSelector,
};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::{ClusterSnapshot, NodeInfo};
use crate::engine::scheduler::plugins::node_resources_fit::{fits_request, InsufficientResource};
use crate::engine::scheduler::plugins::{
    node_affinity, node_name, node_ports, node_resources_fit, node_unschedulable, taint_toleration,
};
use crate::engine::scheduler::preemption::PreemptionResult;
use crate::engine::scheduler::priority::admit_pod;
use crate::engine::scheduler::registry::run_all_filter_plugins;
use crate::engine::scheduler::schedule::{schedule_one, SchedulingOutcome};
use crate::engine::scheduler::scoring::NodeScore;

/// A sentence in English and in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

fn text(en: String, zh: String) -> Text {
    Text { en, zh }
}

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

fn pass(plugin: &str, explanation: Text) -> Check {
    Check {
        plugin: plugin.to_string(),
        passed: true,
        code: None,
        reasons: Vec::new(),
        decisive: false,
        explanation,
    }
}

fn fail(status: &Status, plugin: &str, explanation: Text) -> Check {
    Check {
        plugin: plugin.to_string(),
        passed: false,
        code: Some(status.code),
        reasons: status.reasons.clone(),
        decisive: false,
        explanation,
    }
}

fn status(code: Code, plugin: &str, reason: &str) -> Status {
    Status::new(code, plugin, vec![reason.to_string()])
}

// ---------- sentences ----------

fn taint_fix(t: &Taint) -> Text {
    text(
        format!(
            "The node has the taint `{}` and the pod has no toleration for it. Add a toleration with key `{}`, operator `Exists` and effect `{}` to allow it.",
            format_taint(t),
            t.key,
            t.effect.as_str()
        ),
        format!(
            "节点有污点 `{}`，而 Pod 没有容忍它。给 Pod 添加一个 key 为 `{}`、operator 为 `Exists`、effect 为 `{}` 的容忍（toleration）即可放行。",
            format_taint(t),
            t.key,
            t.effect.as_str()
        ),
    )
}

fn taints_passed(node: &Node, pod: &Pod, daemon: bool) -> Text {
    let blocking: Vec<&Taint> = node
        .spec
        .taints
        .iter()
        .filter(|t| is_blocking_effect(t))
        .collect();
    if blocking.is_empty() {
        return text(
            "The node has no NoSchedule or NoExecute taint.".into(),
            "节点没有 NoSchedule 或 NoExecute 污点。".into(),
        );
    }
    let list = blocking
        .iter()
        .map(|t| format!("`{}`", format_taint(t)))
        .collect::<Vec<_>>()
        .join(", ");
    let automatic: Vec<String> = blocking
        .iter()
        .filter(|t| {
            daemon
                && pod
                    .spec
                    .tolerations
                    .iter()
                    .filter(|tol| toleration_tolerates_taint(tol, t))
                    .all(|tol| is_automatic(tol, pod.spec.host_network))
        })
        .map(|t| format!("`{}`", format_taint(t)))
        .collect();
    if automatic.is_empty() {
        text(
            format!("The pod tolerates every NoSchedule and NoExecute taint of the node ({list})."),
            format!("Pod 容忍节点上所有 NoSchedule 和 NoExecute 污点（{list}）。"),
        )
    } else {
        let auto = automatic.join(", ");
        text(
            format!("The pod tolerates every NoSchedule and NoExecute taint of the node ({list}); {auto} by a toleration the DaemonSet controller adds to every daemon pod automatically."),
            format!("Pod 容忍节点上所有 NoSchedule 和 NoExecute 污点（{list}）；其中 {auto} 由 DaemonSet 控制器自动为每个守护 Pod 添加的容忍放行。"),
        )
    }
}

fn describe_requirement(r: &SelectorRequirement) -> String {
    if r.values.is_empty() {
        format!("{} {}", r.key, r.operator)
    } else {
        format!("{} {} [{}]", r.key, r.operator, r.values.join(", "))
    }
}

fn label_state(node: &Node, key: &str) -> (String, String) {
    match node.metadata.labels.get(key) {
        Some(v) => (
            format!("the node has `{key}={v}`"),
            format!("节点上是 `{key}={v}`"),
        ),
        None => (
            format!("the node has no label `{key}`"),
            format!("节点没有标签 `{key}`"),
        ),
    }
}

fn affinity_failure(pod: &Pod, node: &Node) -> Text {
    let name = &node.metadata.name;
    for (k, v) in &pod.spec.node_selector {
        if node.metadata.labels.get(k) != Some(v) {
            let (en, zh) = label_state(node, k);
            return text(
                format!("The pod's nodeSelector requires the label `{k}={v}`, but {en}. Add the label with `kubectl label node {name} {k}={v}` or change the nodeSelector."),
                format!("Pod 的 nodeSelector 要求标签 `{k}={v}`，但{zh}。用 `kubectl label node {name} {k}={v}` 给节点加标签，或修改 nodeSelector。"),
            );
        }
    }
    let Some(required) = required_node_selector(pod) else {
        return text(
            "The node does not match the pod's node affinity.".into(),
            "节点不满足 Pod 的节点亲和性。".into(),
        );
    };
    let parsed = ParsedNodeSelector::parse(required);
    if parsed.terms.is_empty() {
        return text(
            "The pod's required node affinity has no usable nodeSelectorTerms, so it matches no node. Add a term with matchExpressions or matchFields, or remove requiredDuringSchedulingIgnoredDuringExecution.".into(),
            "Pod 的必需节点亲和性（required）没有可用的 nodeSelectorTerms，因此不匹配任何节点。添加带 matchExpressions 或 matchFields 的条件，或删除 requiredDuringSchedulingIgnoredDuringExecution。".into(),
        );
    }
    let terms: Vec<_> = required
        .node_selector_terms
        .iter()
        .filter(|t| !t.match_expressions.is_empty() || !t.match_fields.is_empty())
        .collect();
    let n = terms.len();
    if let Some(first) = terms.first() {
        for r in &first.match_expressions {
            match LabelRequirement::parse(r) {
                Err(e) => {
                    return text(
                        format!("None of the pod's {n} required node affinity term(s) matches the node; the first term's expression `{}` is invalid ({}) and never matches. Fix the expression.", describe_requirement(r), e.0),
                        format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中的表达式 `{}` 无效（{}），永远不会匹配。请修正该表达式。", describe_requirement(r), e.0),
                    )
                }
                Ok(lr) if !lr.matches(&node.metadata.labels) => {
                    let (en, zh) = label_state(node, &r.key);
                    return text(
                        format!("None of the pod's {n} required node affinity term(s) matches the node; in the first term `{}` is not satisfied ({en}). Change the node's labels or the pod's node affinity.", describe_requirement(r)),
                        format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中 `{}` 不满足（{zh}）。修改节点标签或 Pod 的节点亲和性。", describe_requirement(r)),
                    );
                }
                Ok(_) => {}
            }
        }
        for r in &first.match_fields {
            let ok = FieldRequirement::parse(r).map(|f| f.matches(&node.metadata.name));
            if ok != Ok(true) {
                return text(
                    format!("None of the pod's {n} required node affinity term(s) matches the node; in the first term the field requirement `{}` is not satisfied by node `{name}`. Change the node affinity.", describe_requirement(r)),
                    format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点；第一个条件中的字段要求 `{}` 对节点 `{name}` 不成立。请修改节点亲和性。", describe_requirement(r)),
                );
            }
        }
    }
    text(
        format!("None of the pod's {n} required node affinity term(s) matches the node. Change the node's labels or the pod's node affinity."),
        format!("Pod 的 {n} 个必需节点亲和性条件都不匹配本节点。修改节点标签或 Pod 的节点亲和性。"),
    )
}

fn affinity_passed(pod: &Pod) -> Text {
    if pod.spec.node_selector.is_empty() && required_node_selector(pod).is_none() {
        text(
            "The pod has no nodeSelector and no required node affinity.".into(),
            "Pod 没有 nodeSelector，也没有必需的节点亲和性。".into(),
        )
    } else {
        text(
            "The node matches the pod's nodeSelector and required node affinity.".into(),
            "节点满足 Pod 的 nodeSelector 和必需的节点亲和性。".into(),
        )
    }
}

fn node_name_check(pod_node_name: &str, node: &Node, s: &Status) -> Check {
    let name = &node.metadata.name;
    if s.is_success() {
        let t = if pod_node_name.is_empty() {
            text(
                "The pod does not name a node in `spec.nodeName`.".into(),
                "Pod 没有在 `spec.nodeName` 中指定节点。".into(),
            )
        } else {
            text(
                "The pod names this node in `spec.nodeName`.".into(),
                "Pod 的 `spec.nodeName` 指定的正是本节点。".into(),
            )
        };
        pass(node_name::NAME, t)
    } else {
        fail(s, node_name::NAME, text(
            format!("The pod names node `{pod_node_name}` in `spec.nodeName`, so it can only run there. Remove `spec.nodeName` or set it to `{name}`."),
            format!("Pod 的 `spec.nodeName` 指定了节点 `{pod_node_name}`，只能运行在那里。删除 `spec.nodeName` 或改为 `{name}`。"),
        ))
    }
}

fn fmt_amount(resource: &str, v: i64) -> String {
    match resource {
        "cpu" => Quantity::from_milli(v).to_string(),
        "memory" | "ephemeral-storage" => Quantity::from_int_binary(v).to_string(),
        _ => v.to_string(),
    }
}

fn resources_failure(items: &[InsufficientResource]) -> Text {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    for i in items {
        if i.resource == "pods" {
            en.push(format!(
                "The node already has {} pods and its limit (allocatable `pods`) is {}.",
                i.used, i.capacity
            ));
            zh.push(format!(
                "节点上已有 {} 个 Pod，其上限（allocatable `pods`）为 {}。",
                i.used, i.capacity
            ));
        } else {
            let free = i.capacity.saturating_sub(i.used).max(0);
            en.push(format!(
                "The pod requests {} of `{}`, but only {} of the node's {} allocatable is not yet requested by other pods.",
                fmt_amount(&i.resource, i.requested), i.resource, fmt_amount(&i.resource, free), fmt_amount(&i.resource, i.capacity)
            ));
            zh.push(format!(
                "Pod 请求 {} 的 `{}`，但节点可分配的 {} 中只剩 {} 未被其他 Pod 请求。",
                fmt_amount(&i.resource, i.requested),
                i.resource,
                fmt_amount(&i.resource, i.capacity),
                fmt_amount(&i.resource, free)
            ));
        }
    }
    if items.iter().any(|i| i.unresolvable) {
        en.push("The request is larger than the whole node, so preemption cannot help: lower the request or use a larger node.".into());
        zh.push("该请求比整个节点还大，抢占也无济于事：请降低请求量或使用更大的节点。".into());
    } else {
        en.push("Lower the pod's requests, remove pods from the node, or give the pod a higher priority so that it can preempt lower-priority pods.".into());
        zh.push(
            "降低 Pod 的资源请求、从节点上移走 Pod，或提高 Pod 的优先级以抢占低优先级 Pod。".into(),
        );
    }
    text(en.join(" "), zh.join(""))
}

/// The scheduler's checks of `pod` on `node`, every plugin in order (the first failure is
/// marked decisive). `pinned_elsewhere` is the node a PreFilter pin points to, when this node
/// is not it.
fn scheduler_checks(
    state: &CycleState,
    node: &NodeInfo,
    pinned_elsewhere: Option<&str>,
) -> Vec<Check> {
    let pod = state.pod;
    let n = &node.node;
    let mut checks = Vec::new();
    for (plugin, s) in run_all_filter_plugins(state, node) {
        let check = match plugin {
            node_unschedulable::NAME => {
                if s.is_success() {
                    pass(
                        plugin,
                        if n.spec.unschedulable {
                            text("The node is cordoned, but the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`.".into(), "节点已被封锁（cordon），但 Pod 容忍 `node.kubernetes.io/unschedulable:NoSchedule`。".into())
                        } else {
                            text(
                                "The node is not cordoned.".into(),
                                "节点未被封锁（cordon）。".into(),
                            )
                        },
                    )
                } else {
                    fail(&s, plugin, text(
                        format!("The node is cordoned (`spec.unschedulable: true`) and the pod does not tolerate `node.kubernetes.io/unschedulable:NoSchedule`. Run `kubectl uncordon {}`, or add a toleration with key `node.kubernetes.io/unschedulable`, operator `Exists` and effect `NoSchedule`.", n.metadata.name),
                        format!("节点已被封锁（cordon，`spec.unschedulable: true`），而 Pod 不容忍 `node.kubernetes.io/unschedulable:NoSchedule`。执行 `kubectl uncordon {}`，或添加 key 为 `node.kubernetes.io/unschedulable`、operator 为 `Exists`、effect 为 `NoSchedule` 的容忍。", n.metadata.name),
                    ))
                }
            }
            node_name::NAME => node_name_check(&pod.spec.node_name, n, &s),
            taint_toleration::NAME => {
                let first = n
                    .spec
                    .taints
                    .iter()
                    .filter(|t| is_blocking_effect(t))
                    .find(|t| {
                        !pod.spec
                            .tolerations
                            .iter()
                            .any(|tol| toleration_tolerates_taint(tol, t))
                    });
                match first {
                    Some(t) if !s.is_success() => fail(&s, plugin, taint_fix(t)),
                    _ => pass(
                        plugin,
                        taints_passed(
                            n,
                            pod,
                            pod.metadata
                                .owner_references
                                .iter()
                                .any(|o| o.kind == "DaemonSet"),
                        ),
                    ),
                }
            }
            node_affinity::NAME => {
                if let Some(target) = pinned_elsewhere {
                    fail(
                        &status(Code::UnschedulableAndUnresolvable, plugin, node_affinity::ERR_REASON_NOT_SATISFY),
                        plugin,
                        text(
                            format!("The pod is pinned to node `{target}` by `matchFields metadata.name` (as the DaemonSet controller pins each daemon pod), so the scheduler does not consider this node."),
                            format!("Pod 通过 `matchFields metadata.name` 固定到节点 `{target}`（DaemonSet 控制器就是这样固定每个守护 Pod 的），调度器不会考虑本节点。"),
                        ),
                    )
                } else if s.is_success() {
                    pass(plugin, affinity_passed(pod))
                } else {
                    fail(&s, plugin, affinity_failure(pod, n))
                }
            }
            node_ports::NAME => {
                if s.is_success() {
                    pass(
                        plugin,
                        if state.host_ports.is_empty() {
                            text(
                                "The pod uses no host port.".into(),
                                "Pod 不使用主机端口（hostPort）。".into(),
                            )
                        } else {
                            text(
                                "Every host port the pod wants is free on the node.".into(),
                                "Pod 需要的主机端口在节点上都空闲。".into(),
                            )
                        },
                    )
                } else {
                    let clash = state.host_ports.iter().find(|p| node.port_conflict(p));
                    let (port, holder) = match clash {
                        Some(p) => (
                            format!("{}/{}", p.port, p.protocol),
                            node.port_holder(p)
                                .map(|h| format!("{}/{}", h.metadata.namespace, h.metadata.name))
                                .unwrap_or_default(),
                        ),
                        None => (String::new(), String::new()),
                    };
                    fail(&s, plugin, text(
                        format!("The pod wants host port {port}, which pod `{holder}` already uses on this node. Use another hostPort or move that pod."),
                        format!("Pod 需要主机端口 {port}，但本节点上的 Pod `{holder}` 已占用。换一个 hostPort，或迁走那个 Pod。"),
                    ))
                }
            }
            _ => {
                if s.is_success() {
                    pass(
                        plugin,
                        text(
                            "The node has room for the pod's requests and for one more pod.".into(),
                            "节点有足够的可分配资源容纳 Pod 的请求，且未达到 Pod 数上限。".into(),
                        ),
                    )
                } else {
                    fail(
                        &s,
                        node_resources_fit::NAME,
                        resources_failure(&fits_request(&state.requests, node)),
                    )
                }
            }
        };
        checks.push(check);
    }
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

fn daemon_summary(should_run: bool, cont: bool) -> Text {
    match (should_run, cont) {
        (true, _) => text("The DaemonSet runs a pod on this node.".into(), "DaemonSet 会在该节点上运行一个 Pod。".into()),
        (false, true) => text(
            "No new daemon pod is created on this node, but an existing one keeps running (only an untolerated NoExecute taint would evict it).".into(),
            "不会在该节点上新建守护 Pod，但已有的会继续运行（只有未被容忍的 NoExecute 污点才会驱逐它）。".into(),
        ),
        (false, false) => text(
            "This node does not run the daemon pod; an existing one is deleted.".into(),
            "该节点不运行此守护 Pod；已有的会被删除。".into(),
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
    let pod = new_pod(ds, &n.metadata.name);
    let mut checks = Vec::new();
    let template_node = &ds.spec.template.spec.node_name;
    let name_status = if e.fits_node_name {
        Status::success()
    } else {
        status(
            Code::UnschedulableAndUnresolvable,
            node_name::NAME,
            node_name::ERR_REASON,
        )
    };
    checks.push(node_name_check(template_node, n, &name_status));
    if e.fits_node_affinity {
        checks.push(pass(node_affinity::NAME, affinity_passed(&pod)));
    } else {
        checks.push(fail(
            &status(
                Code::UnschedulableAndUnresolvable,
                node_affinity::NAME,
                node_affinity::ERR_REASON_POD,
            ),
            node_affinity::NAME,
            affinity_failure(&pod, n),
        ));
    }
    match &e.untolerated_taint {
        None => checks.push(pass(taint_toleration::NAME, taints_passed(n, &pod, true))),
        Some(t) => {
            let mut explanation = taint_fix(t);
            if t.effect == TaintEffect::NoSchedule && e.untolerated_no_execute_taint.is_none() {
                explanation.en.push_str(
                    " A daemon pod already on the node keeps running: only NoExecute taints evict.",
                );
                explanation
                    .zh
                    .push_str("节点上已有的守护 Pod 会继续运行：只有 NoExecute 污点才会驱逐。");
            }
            checks.push(fail(
                &status(
                    Code::UnschedulableAndUnresolvable,
                    taint_toleration::NAME,
                    taint_toleration::ERR_REASON_NOT_MATCH,
                ),
                taint_toleration::NAME,
                explanation,
            ));
        }
    }
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
            let state = CycleState::new(&dp);
            let sched_checks = scheduler_checks(&state, node, None);
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
        summary: daemon_summary(e.should_run, e.should_continue_running),
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

/// A pod explained over every node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodExplanation {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.nodeName` when the pod is already bound (then nothing else is computed).
    pub bound_to: Option<String>,
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
}

/// Explains a pod: bound pods are reported as bound; unbound ones get every plugin's result
/// on every node, the scheduling decision, the FailedScheduling message and preemption.
pub fn explain_pod(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    classes: &[PriorityClass],
) -> PodExplanation {
    let mut out = PodExplanation {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        bound_to: None,
        priority: pod.spec.priority.unwrap_or(0),
        admission_error: None,
        nodes: Vec::new(),
        selected_node: None,
        scores: Vec::new(),
        failed_scheduling_message: None,
        preemption: None,
    };
    if !pod.spec.node_name.is_empty() {
        out.bound_to = Some(pod.spec.node_name.clone());
        return out;
    }
    let mut admitted = pod.clone();
    if let Err(e) = admit_pod(&mut admitted, &pod.metadata.name, classes) {
        out.admission_error = Some(e);
        return out;
    }
    out.priority = admitted.spec.priority.unwrap_or(0);
    let state = CycleState::new(&admitted);
    let pinned = match node_affinity::pre_filter(&admitted) {
        node_affinity::PreFilterResult::Nodes(names) => Some(names),
        _ => None,
    };
    for node in snapshot.nodes() {
        let elsewhere = pinned
            .as_ref()
            .filter(|names| !names.contains(node.name()))
            .and_then(|names| names.iter().next().map(String::as_str));
        let checks = scheduler_checks(&state, node, elsewhere);
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
    } = schedule_one(&admitted, snapshot);
    out.selected_node = selected_node;
    out.scores = scores;
    out.failed_scheduling_message = failed_scheduling_message;
    out.preemption = preemption;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{PodSpec, TolerationOperator};
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
            )],
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
        let pod_ex = explain_pod(&pod("web"), &snap, &[]);
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
        let ex = explain_pod(&big, &snap, &[]);
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
            explain_pod(&bound, &snap, &[]).bound_to.as_deref(),
            Some("worker-1")
        );
        let mut unknown = pod("u");
        unknown.spec.priority_class_name = "nope".into();
        assert_eq!(
            explain_pod(&unknown, &snap, &[]).admission_error.as_deref(),
            Some("pods \"u\" is forbidden: no PriorityClass with name nope was found")
        );
    }

    #[test]
    fn an_existing_daemon_pod_is_reported_instead_of_a_new_scheduling_attempt() {
        let ds = ds_with(PodSpec {
            containers: vec![container(&[("cpu", "3")])],
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
}

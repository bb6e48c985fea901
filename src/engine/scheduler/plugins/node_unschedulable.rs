//! `NodeUnschedulable`: a cordoned node (`spec.unschedulable`) only takes pods that
//! tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.

use crate::engine::api::{Taint, TaintEffect};
use crate::engine::scheduler::corev1::tolerations_tolerate_taint;
use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "NodeUnschedulable";
/// The reason when the node is cordoned and the pod does not tolerate it.
pub const ERR_REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";
/// The taint key the cordon stands for.
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

/// The synthetic taint a cordon is checked as.
pub fn unschedulable_taint() -> Taint {
    Taint {
        key: TAINT_NODE_UNSCHEDULABLE.into(),
        value: String::new(),
        effect: TaintEffect::NoSchedule,
        time_added: None,
    }
}

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    if !node.node.spec.unschedulable {
        return Status::success();
    }
    if tolerations_tolerate_taint(&state.pod.spec.tolerations, &unschedulable_taint()) {
        return Status::success();
    }
    Status::new(
        Code::UnschedulableAndUnresolvable,
        NAME,
        vec![ERR_REASON_UNSCHEDULABLE.into()],
    )
    .with_detail(FilterDetail::Unschedulable)
}

/// The explanation: the cordon and how to lift it, or why it does not matter.
pub fn explain(v: &Verdict) -> Text {
    let node = &v.node.node;
    if let Some(FilterDetail::Unschedulable) = v.detail() {
        let name = &node.metadata.name;
        return Text::new(
            format!("The node is cordoned (`spec.unschedulable: true`) and the pod does not tolerate `node.kubernetes.io/unschedulable:NoSchedule`. Run `kubectl uncordon {name}`, or add a toleration with key `node.kubernetes.io/unschedulable`, operator `Exists` and effect `NoSchedule`."),
            format!("节点已被封锁（cordon，`spec.unschedulable: true`），而 Pod 不容忍 `node.kubernetes.io/unschedulable:NoSchedule`。执行 `kubectl uncordon {name}`，或添加 key 为 `node.kubernetes.io/unschedulable`、operator 为 `Exists`、effect 为 `NoSchedule` 的容忍。"),
        );
    }
    if node.spec.unschedulable {
        Text::new(
            "The node is cordoned, but the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`.",
            "节点已被封锁（cordon），但 Pod 容忍 `node.kubernetes.io/unschedulable:NoSchedule`。",
        )
    } else {
        Text::new("The node is not cordoned.", "节点未被封锁（cordon）。")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TolerationOperator;
    use crate::engine::scheduler::plugins::testutil::*;

    /// Follows upstream `TestNodeUnschedulable` (nodeunschedulable/node_unschedulable_test.go).
    #[test]
    fn node_unschedulable_table() {
        let cordoned = |b: bool| {
            let mut n = node("n");
            n.spec.unschedulable = b;
            n
        };
        let fail = Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec!["node(s) were unschedulable".into()],
        );
        let tolerating = pod_with_tolerations(vec![toleration(
            TAINT_NODE_UNSCHEDULABLE,
            TolerationOperator::Exists,
            "",
            Some(TaintEffect::NoSchedule),
        )]);
        let cases = [
            (
                "Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)",
                pod("p"),
                cordoned(true),
                fail.clone(),
            ),
            (
                "Schedule pod to normal node",
                pod("p"),
                cordoned(false),
                Status::success(),
            ),
            (
                "a cordoned node accepts a pod tolerating the unschedulable taint",
                tolerating.clone(),
                cordoned(true),
                Status::success(),
            ),
            (
                "Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)",
                {
                    let mut t = toleration(
                        TAINT_NODE_UNSCHEDULABLE,
                        TolerationOperator::Equal,
                        "",
                        Some(TaintEffect::NoSchedule),
                    );
                    t.operator = None;
                    pod_with_tolerations(vec![t])
                },
                cordoned(true),
                Status::success(),
            ),
            (
                "a toleration of the unschedulable key with a value does not tolerate the cordon",
                pod_with_tolerations(vec![toleration(
                    TAINT_NODE_UNSCHEDULABLE,
                    TolerationOperator::Equal,
                    "true",
                    Some(TaintEffect::NoSchedule),
                )]),
                cordoned(true),
                fail.clone(),
            ),
            (
                "a toleration of the unschedulable key for NoExecute does not tolerate the cordon",
                pod_with_tolerations(vec![toleration(
                    TAINT_NODE_UNSCHEDULABLE,
                    TolerationOperator::Exists,
                    "",
                    Some(TaintEffect::NoExecute),
                )]),
                cordoned(true),
                fail.clone(),
            ),
            (
                "an empty-key Exists toleration also tolerates the cordon",
                pod_with_tolerations(vec![toleration("", TolerationOperator::Exists, "", None)]),
                cordoned(true),
                Status::success(),
            ),
            (
                "a schedulable node accepts a tolerating pod",
                tolerating,
                cordoned(false),
                Status::success(),
            ),
        ];
        for (name, p, n, want) in cases {
            let got = filter(&CycleState::new(&p), &NodeInfo::new(n)).without_detail();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_cordon_that_rejects_the_pod_is_the_detail() {
        let cordoned = {
            let mut n = node("n");
            n.spec.unschedulable = true;
            n
        };
        let tolerating = pod_with_tolerations(vec![toleration(
            TAINT_NODE_UNSCHEDULABLE,
            TolerationOperator::Exists,
            "",
            Some(TaintEffect::NoSchedule),
        )]);
        let cases = [
            (
                "a cordoned node that rejects the pod says so",
                pod("p"),
                cordoned.clone(),
                Some(FilterDetail::Unschedulable),
            ),
            (
                "a tolerated cordon has no detail",
                tolerating,
                cordoned,
                None,
            ),
            (
                "a schedulable node has no detail",
                pod("p"),
                node("n"),
                None,
            ),
        ];
        for (name, p, n, want) in cases {
            let got = filter(&CycleState::new(&p), &NodeInfo::new(n))
                .detail
                .map(|d| *d);
            assert_eq!(got, want, "{name}");
        }
    }
}

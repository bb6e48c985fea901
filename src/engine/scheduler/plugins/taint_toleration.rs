//! `TaintToleration`: the first `NoSchedule`/`NoExecute` taint the pod does not tolerate
//! rejects the node; untolerated `PreferNoSchedule` taints only lower the score.

use crate::engine::api::taint_text::{format_taint, format_taint_parts};
use crate::engine::api::{Node, Pod, Taint, TaintEffect, Toleration};
use crate::engine::scheduler::corev1::{
    find_matching_untolerated_taint, is_blocking_effect, toleration_tolerates_taint,
    tolerations_tolerate_taint,
};
use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Asker, Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "TaintToleration";
/// The reason for an untolerated taint (v1.35 wording: the taint is no longer named).
pub const ERR_REASON_NOT_MATCH: &str = "node(s) had untolerated taint(s)";

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    let taint = find_matching_untolerated_taint(
        &node.node.spec.taints,
        &state.pod.spec.tolerations,
        is_blocking_effect,
    );
    match taint {
        None => Status::success(),
        Some(t) => Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec![ERR_REASON_NOT_MATCH.into()],
        )
        .with_detail(FilterDetail::UntoleratedTaint {
            key: t.key.clone(),
            value: t.value.clone(),
            effect: t.effect.as_str().to_string(),
        }),
    }
}

/// The explanation: the untolerated taint and the toleration that lets it through, or the
/// tolerated taints (naming those only the DaemonSet controller's automatic tolerations let
/// through).
pub fn explain(v: &Verdict) -> Text {
    let node = &v.node.node;
    let pod = v.state.pod;
    if let Some(FilterDetail::UntoleratedTaint { key, value, effect }) = v.detail() {
        let mut text = untolerated_taint_fix(key, value, effect);
        let evicting =
            find_matching_untolerated_taint(&node.spec.taints, &pod.spec.tolerations, |t| {
                t.effect == TaintEffect::NoExecute
            });
        if v.asker == Asker::DaemonSetController && effect == "NoSchedule" && evicting.is_none() {
            text.en.push_str(
                " A daemon pod already on the node keeps running: only NoExecute taints evict.",
            );
            text.zh
                .push_str("节点上已有的守护 Pod 会继续运行：只有 NoExecute 污点才会驱逐。");
        }
        return text;
    }
    tolerated_taints(node, pod, v.added_by_daemon_set_controller)
}

/// The sentence for a taint the pod does not tolerate, with the toleration that allows it.
pub fn untolerated_taint_fix(key: &str, value: &str, effect: &str) -> Text {
    let taint = format_taint_parts(key, value, effect);
    Text::new(
        format!("The node has the taint `{taint}` and the pod has no toleration for it. Add a toleration with key `{key}`, operator `Exists` and effect `{effect}` to allow it."),
        format!("节点有污点 `{taint}`，而 Pod 没有容忍它。给 Pod 添加一个 key 为 `{key}`、operator 为 `Exists`、effect 为 `{effect}` 的容忍（toleration）即可放行。"),
    )
}

fn tolerated_taints(node: &Node, pod: &Pod, automatic: &dyn Fn(&Toleration) -> bool) -> Text {
    let blocking: Vec<&Taint> = node
        .spec
        .taints
        .iter()
        .filter(|t| is_blocking_effect(t))
        .collect();
    if blocking.is_empty() {
        return Text::new(
            "The node has no NoSchedule or NoExecute taint.",
            "节点没有 NoSchedule 或 NoExecute 污点。",
        );
    }
    let list = blocking
        .iter()
        .map(|t| format!("`{}`", format_taint(t)))
        .collect::<Vec<_>>()
        .join(", ");
    let only_automatic: Vec<String> = blocking
        .iter()
        .filter(|t| {
            pod.spec
                .tolerations
                .iter()
                .filter(|tol| toleration_tolerates_taint(tol, t))
                .all(automatic)
        })
        .map(|t| format!("`{}`", format_taint(t)))
        .collect();
    if only_automatic.is_empty() {
        Text::new(
            format!("The pod tolerates every NoSchedule and NoExecute taint of the node ({list})."),
            format!("Pod 容忍节点上所有 NoSchedule 和 NoExecute 污点（{list}）。"),
        )
    } else {
        let auto = only_automatic.join(", ");
        Text::new(
            format!("The pod tolerates every NoSchedule and NoExecute taint of the node ({list}); {auto} by a toleration the DaemonSet controller adds to every daemon pod automatically."),
            format!("Pod 容忍节点上所有 NoSchedule 和 NoExecute 污点（{list}）；其中 {auto} 由 DaemonSet 控制器自动为每个守护 Pod 添加的容忍放行。"),
        )
    }
}

/// The raw score: the number of `PreferNoSchedule` taints not tolerated by the pod's
/// tolerations with an empty or `PreferNoSchedule` effect.
pub fn score(tolerations: &[Toleration], node: &Node) -> i64 {
    let prefer: Vec<Toleration> = tolerations
        .iter()
        .filter(|t| t.effect.is_none() || t.effect == Some(TaintEffect::PreferNoSchedule))
        .cloned()
        .collect();
    node.spec
        .taints
        .iter()
        .filter(|t| t.effect == TaintEffect::PreferNoSchedule)
        .filter(|t| !tolerations_tolerate_taint(&prefer, t))
        .count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TolerationOperator::*;
    use crate::engine::scheduler::plugins::helper::default_normalize_score;
    use crate::engine::scheduler::plugins::testutil::*;
    use TaintEffect::*;

    /// Follows upstream `TestTaintTolerationFilter` (tainttoleration/taint_toleration_test.go).
    #[test]
    fn taint_toleration_filter_table() {
        let fail = Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec!["node(s) had untolerated taint(s)".into()],
        );
        let cases = [
            ("A pod having no tolerations can't be scheduled onto a node with nonempty taints", pod("p"), node_with_taints("n", vec![taint("dedicated", "user1", NoSchedule)]), fail.clone()),
            ("A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", pod_with_tolerations(vec![toleration("dedicated", Equal, "user1", Some(NoSchedule))]), node_with_taints("n", vec![taint("dedicated", "user1", NoSchedule)]), Status::success()),
            ("A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", pod_with_tolerations(vec![toleration("dedicated", Equal, "user2", Some(NoSchedule))]), node_with_taints("n", vec![taint("dedicated", "user1", NoSchedule)]), fail.clone()),
            ("A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", pod_with_tolerations(vec![toleration("foo", Exists, "", Some(NoSchedule))]), node_with_taints("n", vec![taint("foo", "bar", NoSchedule)]), Status::success()),
            ("A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node", pod_with_tolerations(vec![toleration("dedicated", Equal, "user2", Some(NoSchedule)), toleration("foo", Exists, "", Some(NoSchedule))]), node_with_taints("n", vec![taint("dedicated", "user2", NoSchedule), taint("foo", "bar", NoSchedule)]), Status::success()),
            ("A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node", pod_with_tolerations(vec![toleration("foo", Equal, "bar", Some(PreferNoSchedule))]), node_with_taints("n", vec![taint("foo", "bar", NoSchedule)]), fail.clone()),
            ("The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node", pod_with_tolerations(vec![toleration("foo", Equal, "bar", None)]), node_with_taints("n", vec![taint("foo", "bar", NoSchedule)]), Status::success()),
            ("The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", pod_with_tolerations(vec![toleration("dedicated", Equal, "user2", Some(NoSchedule))]), node_with_taints("n", vec![taint("dedicated", "user1", PreferNoSchedule)]), Status::success()),
            ("The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", pod("p"), node_with_taints("n", vec![taint("dedicated", "user1", PreferNoSchedule)]), Status::success()),
            ("a toleration without an operator (Equal) for user1 tolerates the dedicated=user1 taint", {
                let mut t = toleration("dedicated", Equal, "user1", Some(NoSchedule));
                t.operator = None;
                pod_with_tolerations(vec![t])
            }, node_with_taints("n", vec![taint("dedicated", "user1", NoSchedule)]), Status::success()),
            ("an untolerated NoSchedule taint after a tolerated one still rejects the node", pod_with_tolerations(vec![toleration("dedicated", Equal, "user1", Some(NoSchedule))]), node_with_taints("n", vec![taint("dedicated", "user1", NoSchedule), taint("gpu", "", NoSchedule)]), fail.clone()),
            ("an empty-key Exists toleration tolerates every taint", pod_with_tolerations(vec![toleration("", Exists, "", None)]), node_with_taints("n", vec![taint("a", "1", NoSchedule), taint("b", "", NoExecute)]), Status::success()),
            ("an untolerated NoExecute taint also rejects the node", pod("p"), node_with_taints("n", vec![taint("node.kubernetes.io/not-ready", "", NoExecute)]), fail),
        ];
        for (name, p, n, want) in cases {
            assert_eq!(
                filter(&CycleState::new(&p), &NodeInfo::new(n)).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestTaintTolerationScore`.
    #[test]
    fn taint_toleration_score_table() {
        type Case = (
            &'static str,
            Vec<Toleration>,
            Vec<crate::engine::api::Node>,
            Vec<i64>,
        );
        let cases: Vec<Case> = vec![
            ("node with taints tolerated by the pod, gets a higher score than those node with intolerable taints",
                vec![toleration("foo", Equal, "bar", Some(PreferNoSchedule))],
                vec![node_with_taints("A", vec![taint("foo", "bar", PreferNoSchedule)]), node_with_taints("B", vec![taint("foo", "blah", PreferNoSchedule)])],
                vec![100, 0]),
            ("the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has",
                vec![toleration("cpu-type", Equal, "arm64", Some(PreferNoSchedule)), toleration("disk-type", Equal, "ssd", Some(PreferNoSchedule))],
                vec![node("A"), node_with_taints("B", vec![taint("cpu-type", "arm64", PreferNoSchedule)]), node_with_taints("C", vec![taint("cpu-type", "arm64", PreferNoSchedule), taint("disk-type", "ssd", PreferNoSchedule)])],
                vec![100, 100, 100]),
            ("the more intolerable taints a node has, the lower score it gets.",
                vec![toleration("foo", Equal, "bar", Some(PreferNoSchedule))],
                vec![node("A"), node_with_taints("B", vec![taint("cpu-type", "arm64", PreferNoSchedule)]), node_with_taints("C", vec![taint("cpu-type", "arm64", PreferNoSchedule), taint("disk-type", "ssd", PreferNoSchedule)])],
                vec![100, 50, 0]),
            ("only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function",
                vec![toleration("cpu-type", Equal, "arm64", Some(NoSchedule)), toleration("disk-type", Equal, "ssd", Some(NoSchedule))],
                vec![node("A"), node_with_taints("B", vec![taint("cpu-type", "arm64", NoSchedule)]), node_with_taints("C", vec![taint("cpu-type", "arm64", PreferNoSchedule), taint("disk-type", "ssd", PreferNoSchedule)])],
                vec![100, 100, 0]),
            ("Default behaviour No taints and tolerations, lands on node with no taints",
                vec![],
                vec![node("A"), node_with_taints("B", vec![taint("cpu-type", "arm64", PreferNoSchedule)])],
                vec![100, 0]),
        ];
        for (name, tols, nodes, want) in cases {
            let mut scores: Vec<i64> = nodes.iter().map(|n| score(&tols, n)).collect();
            default_normalize_score(100, true, &mut scores);
            assert_eq!(scores, want, "{name}");
        }
    }

    #[test]
    fn the_first_untolerated_blocking_taint_is_the_detail() {
        let untolerated = |key: &str, value: &str, effect: &str| {
            Some(FilterDetail::UntoleratedTaint {
                key: key.into(),
                value: value.into(),
                effect: effect.into(),
            })
        };
        let cases = [
            (
                "the first untolerated taint in node order is named",
                pod_with_tolerations(vec![toleration(
                    "dedicated",
                    Equal,
                    "user1",
                    Some(NoSchedule),
                )]),
                vec![
                    taint("dedicated", "user1", NoSchedule),
                    taint("gpu", "", NoSchedule),
                    taint("b", "", NoExecute),
                ],
                untolerated("gpu", "", "NoSchedule"),
            ),
            (
                "a PreferNoSchedule taint before it is passed over",
                pod("p"),
                vec![
                    taint("soft", "x", PreferNoSchedule),
                    taint("a", "1", NoExecute),
                ],
                untolerated("a", "1", "NoExecute"),
            ),
            (
                "tolerated taints leave no detail",
                pod_with_tolerations(vec![toleration("", Exists, "", None)]),
                vec![taint("a", "1", NoSchedule)],
                None,
            ),
        ];
        for (name, p, taints, want) in cases {
            let got = filter(
                &CycleState::new(&p),
                &NodeInfo::new(node_with_taints("n", taints)),
            )
            .detail
            .map(|d| *d);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn the_daemon_set_controller_adds_that_an_existing_daemon_pod_stays() {
        let fix = "The node has the taint `gpu:NoSchedule` and the pod has no toleration for it. Add a toleration with key `gpu`, operator `Exists` and effect `NoSchedule` to allow it.";
        let stays = " A daemon pod already on the node keeps running: only NoExecute taints evict.";
        let cases = [
            (
                "the scheduler names the taint and the toleration",
                Asker::Scheduler,
                vec![taint("gpu", "", NoSchedule)],
                fix.to_string(),
            ),
            (
                "the DaemonSet controller adds that a NoSchedule taint evicts nothing",
                Asker::DaemonSetController,
                vec![taint("gpu", "", NoSchedule)],
                format!("{fix}{stays}"),
            ),
            (
                "but not when an untolerated NoExecute taint evicts",
                Asker::DaemonSetController,
                vec![taint("gpu", "", NoSchedule), taint("down", "", NoExecute)],
                fix.to_string(),
            ),
        ];
        for (name, asker, taints, want) in cases {
            let n = NodeInfo::new(node_with_taints("n", taints));
            assert_eq!(
                explained(filter, explain, &pod("p"), &n, asker).en,
                want,
                "{name}"
            );
        }
    }
}

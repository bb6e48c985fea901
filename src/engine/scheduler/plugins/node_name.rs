//! `NodeName`: a pod with `spec.nodeName` only fits that node.

use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "NodeName";
/// The reason when `spec.nodeName` names another node.
pub const ERR_REASON: &str = "node(s) didn't match the requested node name";

/// `Fits`: no nodeName, or the node's own name.
pub fn fits(state: &CycleState, node: &NodeInfo) -> bool {
    state.pod.spec.node_name.is_empty() || state.pod.spec.node_name == node.name()
}

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    if fits(state, node) {
        Status::success()
    } else {
        Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec![ERR_REASON.into()],
        )
        .with_detail(FilterDetail::NodeNameMismatch {
            pod_node_name: state.pod.spec.node_name.clone(),
            node: node.name().to_string(),
        })
    }
}

/// The explanation: which node `spec.nodeName` names.
pub fn explain(v: &Verdict) -> Text {
    if let Some(FilterDetail::NodeNameMismatch {
        pod_node_name,
        node,
    }) = v.detail()
    {
        return Text::new(
            format!("The pod names node `{pod_node_name}` in `spec.nodeName`, so it can only run there. Remove `spec.nodeName` or set it to `{node}`."),
            format!("Pod 的 `spec.nodeName` 指定了节点 `{pod_node_name}`，只能运行在那里。删除 `spec.nodeName` 或改为 `{node}`。"),
        );
    }
    if v.state.pod.spec.node_name.is_empty() {
        Text::new(
            "The pod does not name a node in `spec.nodeName`.",
            "Pod 没有在 `spec.nodeName` 中指定节点。",
        )
    } else {
        Text::new(
            "The pod names this node in `spec.nodeName`.",
            "Pod 的 `spec.nodeName` 指定的正是本节点。",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scheduler::plugins::testutil::*;

    /// Follows upstream `TestNodeName` (nodename/node_name_test.go).
    #[test]
    fn node_name_table() {
        let with_name = |n: &str| {
            let mut p = pod("p");
            p.spec.node_name = n.into();
            p
        };
        let cases = [
            ("no host specified", with_name(""), "foo", Status::success()),
            ("host matches", with_name("foo"), "foo", Status::success()),
            (
                "host doesn't match",
                with_name("bar"),
                "foo",
                Status::new(
                    Code::UnschedulableAndUnresolvable,
                    NAME,
                    vec!["node(s) didn't match the requested node name".into()],
                ),
            ),
        ];
        for (name, p, n, want) in cases {
            assert_eq!(
                filter(&CycleState::new(&p), &NodeInfo::new(node(n))).without_detail(),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn the_names_that_differ_are_the_detail() {
        let with_name = |n: &str| {
            let mut p = pod("p");
            p.spec.node_name = n.into();
            p
        };
        let cases = [
            (
                "a pod naming another node carries both names",
                with_name("bar"),
                Some(FilterDetail::NodeNameMismatch {
                    pod_node_name: "bar".into(),
                    node: "foo".into(),
                }),
            ),
            (
                "a pod naming this node has no detail",
                with_name("foo"),
                None,
            ),
            ("a pod naming no node has no detail", with_name(""), None),
        ];
        for (name, p, want) in cases {
            let got = filter(&CycleState::new(&p), &NodeInfo::new(node("foo")))
                .detail
                .map(|d| *d);
            assert_eq!(got, want, "{name}");
        }
    }
}

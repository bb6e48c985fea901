//! The FailedScheduling message, built as kube-scheduler v1.35 builds it (`FitError.Error()`).
//!
//! `0/<N> nodes are available:` then either the PreFilter message (` <msg>.`) or the
//! histogram of every node's reasons (`<count> <reason>` strings sorted byte-wise, joined by
//! `", "`, then `.`), where nodes not evaluated (PreFilter narrowing) count with the
//! "absent nodes" status; then the PostFilter message (` <msg>`, no extra period).

use std::collections::BTreeMap;

use super::framework::{Code, Status};
use super::node_info::{ClusterSnapshot, NodeInfo};

/// `NodeToStatus`: the status of every evaluated node plus one status for the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeToStatus {
    /// Evaluated nodes.
    pub nodes: BTreeMap<String, Status>,
    /// The status of every node not in `nodes`.
    pub absent: Status,
}

impl Default for NodeToStatus {
    /// `NewDefaultNodeToStatus`: absent nodes are UnschedulableAndUnresolvable without reasons.
    fn default() -> Self {
        NodeToStatus {
            nodes: BTreeMap::new(),
            absent: Status::new(Code::UnschedulableAndUnresolvable, "", vec![]),
        }
    }
}

impl NodeToStatus {
    /// The status of a node (the absent status if it was not evaluated).
    pub fn get(&self, node: &str) -> &Status {
        self.nodes.get(node).unwrap_or(&self.absent)
    }

    /// `NodesForStatusCode`: the nodes of `snapshot` whose status has `code`. When the absent
    /// status has it, every node is looked at in snapshot order; otherwise only the listed
    /// ones, in name order (a listed node missing from the snapshot is left out).
    pub fn nodes_for_status_code<'s>(
        &self,
        snapshot: &'s ClusterSnapshot,
        code: Code,
    ) -> Vec<&'s NodeInfo> {
        if self.absent.code == code {
            snapshot
                .nodes()
                .filter(|n| self.get(n.name()).code == code)
                .collect()
        } else {
            self.nodes
                .iter()
                .filter(|(_, s)| s.code == code)
                .filter_map(|(n, _)| snapshot.node(n))
                .collect()
        }
    }
}

/// A scheduling failure: what `FitError` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitError {
    /// Nodes in the snapshot.
    pub num_all_nodes: usize,
    /// The rejecting PreFilter plugin's message (empty if PreFilter passed).
    pub pre_filter_msg: String,
    /// Per-node statuses.
    pub node_to_status: NodeToStatus,
    /// The PostFilter (DRA + preemption) message, empty when preemption succeeded.
    pub post_filter_msg: String,
}

impl FitError {
    /// `FitError.Error()`.
    pub fn message(&self) -> String {
        let mut msg = format!("0/{} nodes are available:", self.num_all_nodes);
        if !self.pre_filter_msg.is_empty() {
            msg.push_str(&format!(" {}.", self.pre_filter_msg));
        } else {
            // Few distinct reasons: counted in a list (the parts are sorted below).
            fn count<'a>(reasons: &mut Vec<(&'a str, usize)>, reason: &'a str, n: usize) {
                match reasons.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, total)) => *total += n,
                    None => reasons.push((reason, n)),
                }
            }
            let mut reasons: Vec<(&str, usize)> = Vec::new();
            for s in self.node_to_status.nodes.values() {
                for r in &s.reasons {
                    count(&mut reasons, r, 1);
                }
            }
            let explicit = self.node_to_status.nodes.len();
            if explicit < self.num_all_nodes {
                for r in &self.node_to_status.absent.reasons {
                    count(&mut reasons, r, self.num_all_nodes - explicit);
                }
            }
            let mut parts: Vec<String> = reasons
                .into_iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            parts.sort();
            if !parts.is_empty() {
                msg.push_str(&format!(" {}.", parts.join(", ")));
            }
        }
        if !self.post_filter_msg.is_empty() {
            msg.push(' ');
            msg.push_str(&self.post_filter_msg);
        }
        msg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(code: Code, reasons: &[&str]) -> Status {
        Status::new(code, "", reasons.iter().map(|r| r.to_string()).collect())
    }

    /// Follows upstream `TestNodesForStatusCode` (framework/types_test.go).
    #[test]
    fn nodes_for_status_code_table() {
        use crate::engine::scheduler::plugins::testutil::node;
        use Code::*;
        let names = ["node1", "node2", "node3", "node4"];
        let snapshot = ClusterSnapshot::new(&names.map(node), &[]);
        let listed = |codes: &[(&str, Code)]| NodeToStatus {
            nodes: codes
                .iter()
                .map(|(n, c)| (n.to_string(), st(*c, &[])))
                .collect(),
            ..Default::default()
        };
        let all_unresolvable = listed(&names.map(|n| (n, UnschedulableAndUnresolvable)));
        let mixed = listed(&[
            ("node1", Unschedulable),
            ("node2", UnschedulableAndUnresolvable),
            ("node3", Unschedulable),
        ]);
        let cases = [
            ("No node should be attempted", &all_unresolvable, Unschedulable, &[][..]),
            ("All nodes should be attempted", &all_unresolvable, UnschedulableAndUnresolvable, &names[..]),
            ("No node should be attempted, as all are implicitly not matching the code", &NodeToStatus::default(), Unschedulable, &[]),
            ("All nodes should be attempted, as all are implicitly matching the code", &NodeToStatus::default(), UnschedulableAndUnresolvable, &names),
            ("UnschedulableAndUnresolvable status should be skipped but Unschedulable should be tried", &mixed, Unschedulable, &["node1", "node3"]),
            ("Unschedulable status should be skipped but UnschedulableAndUnresolvable should be tried", &mixed, UnschedulableAndUnresolvable, &["node2", "node4"]),
        ];
        for (name, m, code, want) in cases {
            let got: Vec<&str> = m
                .nodes_for_status_code(&snapshot, code)
                .into_iter()
                .map(|n| n.name())
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestFitError` (framework/types_test.go).
    #[test]
    fn fit_error_table() {
        use Code::*;
        let nodes = |pairs: Vec<(&str, Status)>| -> BTreeMap<String, Status> {
            pairs.into_iter().map(|(n, s)| (n.to_string(), s)).collect()
        };
        let cases = [
            ("nodes failed Prefilter plugin", FitError {
                num_all_nodes: 3,
                pre_filter_msg: "Node(s) failed PreFilter plugin FalsePreFilter".into(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"])), ("node2", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"])), ("node3", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter."),
            ("nodes failed Prefilter plugin and the preemption also failed", FitError {
                num_all_nodes: 3,
                pre_filter_msg: "Node(s) failed PreFilter plugin FalsePreFilter".into(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"])), ("node2", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"])), ("node3", st(Unschedulable, &["Node(s) failed PreFilter plugin FalsePreFilter"]))]), ..Default::default() },
                post_filter_msg: "Error running PostFilter plugin FailedPostFilter".into(),
            }, "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. Error running PostFilter plugin FailedPostFilter"),
            ("nodes failed one Filter plugin with an empty PostFilterMsg", FitError {
                num_all_nodes: 3,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node2", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node3", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1."),
            ("nodes failed one Filter plugin with a non-empty PostFilterMsg", FitError {
                num_all_nodes: 3,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node2", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node3", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"]))]), ..Default::default() },
                post_filter_msg: "Error running PostFilter plugin FailedPostFilter".into(),
            }, "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter plugin FailedPostFilter"),
            ("nodes failed two Filter plugins with an empty PostFilterMsg", FitError {
                num_all_nodes: 3,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node2", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node3", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-2"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1."),
            ("nodes failed two Filter plugins with a non-empty PostFilterMsg", FitError {
                num_all_nodes: 3,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node2", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-1"])), ("node3", st(Unschedulable, &["Node(s) failed Filter plugin FalseFilter-2"]))]), ..Default::default() },
                post_filter_msg: "Error running PostFilter plugin FailedPostFilter".into(),
            }, "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter plugin FailedPostFilter"),
            ("failed to Permit on node", FitError {
                num_all_nodes: 1,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node failed Permit plugin Permit-1"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/1 nodes are available: 1 Node failed Permit plugin Permit-1."),
            ("failed to Reserve on node", FitError {
                num_all_nodes: 1,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Node failed Reserve plugin Reserve-1"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/1 nodes are available: 1 Node failed Reserve plugin Reserve-1."),
            ("nodes failed Filter plugins with absent nodes (PreFilter narrowing)", FitError {
                num_all_nodes: 3,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("node1", st(Unschedulable, &["Insufficient cpu"]))]), absent: st(UnschedulableAndUnresolvable, &["node(s) didn't satisfy plugin(s) [NodeAffinity]"]) },
                post_filter_msg: "no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.".into(),
            }, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."),
            ("the histogram is sorted as strings, so 10 sorts before 2", FitError {
                num_all_nodes: 12,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: (0..12).map(|i| (format!("n{i}"), if i < 10 { st(Unschedulable, &["Insufficient cpu"]) } else { st(UnschedulableAndUnresolvable, &["node(s) had untolerated taint(s)"]) })).collect(), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s)."),
            ("a node with two reasons counts in both", FitError {
                num_all_nodes: 2,
                pre_filter_msg: String::new(),
                node_to_status: NodeToStatus { nodes: nodes(vec![("a", st(Unschedulable, &["Insufficient cpu", "Insufficient memory"])), ("b", st(Unschedulable, &["Insufficient memory"]))]), ..Default::default() },
                post_filter_msg: String::new(),
            }, "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory."),
        ];
        for (name, fe, want) in cases {
            assert_eq!(fe.message(), want, "{name}");
        }
    }
}

//! The cluster the board shows: the engine's views of one frame, kept up to date from the
//! snapshots and deltas the engine sends ([`crate::protocol::FrameUpdate`]). A node that did
//! not change keeps its `Rc`, so its card (and its chunk of cells) does not re-render.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::protocol::{
    BudgetView, FrameUpdate, NodeChanges, NodeView, PendingPod, PodCounts, Sentence, WorkloadView,
};

/// The views of one frame of one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShownCluster {
    /// The run these views belong to (the apply's number).
    pub run: u64,
    /// The frame.
    pub frame: usize,
    /// The nodes, by name.
    pub nodes: BTreeMap<String, Rc<NodeView>>,
    /// Pods waiting for a node, with their FailedScheduling messages.
    pub pending: Vec<PendingPod>,
    /// The workloads: DaemonSets, then Deployments.
    pub workloads: Vec<WorkloadView>,
    /// The PodDisruptionBudgets that cover no workload.
    pub budgets: Vec<BudgetView>,
    /// Pod counts over the cluster.
    pub pods: PodCounts,
    /// The nodes' label keys, in sort order.
    pub label_keys: Rc<Vec<String>>,
    /// Why a workload runs no pod at all.
    pub idle: Vec<Sentence>,
}

impl ShownCluster {
    /// These views moved to `update` (of run `run`): a snapshot replaces every node, a delta
    /// replaces only the nodes it names.
    pub fn updated(&self, run: u64, update: FrameUpdate) -> ShownCluster {
        let nodes = match update.nodes {
            NodeChanges::Snapshot { nodes } => nodes
                .into_iter()
                .map(|n| (n.name.clone(), Rc::new(n)))
                .collect(),
            NodeChanges::Delta { changed, removed } => {
                let mut nodes = self.nodes.clone();
                for name in removed {
                    nodes.remove(&name);
                }
                for node in changed {
                    nodes.insert(node.name.clone(), Rc::new(node));
                }
                nodes
            }
        };
        let label_keys = if *self.label_keys == update.label_keys {
            Rc::clone(&self.label_keys)
        } else {
            Rc::new(update.label_keys)
        };
        ShownCluster {
            run,
            frame: update.frame,
            nodes,
            pending: update.pending,
            workloads: update.workloads,
            budgets: update.budgets,
            pods: update.pods,
            label_keys,
            idle: update.idle,
        }
    }
}

//! The node × plugin matrix: for one pod, every node's verdict from every filter plugin of
//! the pod's profile (pass, or the reasons and whether preemption could help) and, on the
//! feasible nodes, every score plugin's raw, normalised and weighted score with the total,
//! and the node the scheduler chooses. Rows come feasible nodes first (highest total, then
//! name), then the failing nodes grouped by their first failing plugin's message (largest
//! group first), so that a table of 500 nodes reads as a handful of groups.
//!
//! Every filter plugin runs on every node here, where the scheduler stops at the first
//! failure; nominated pods are not counted. Volume plugins are not simulated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::api::Pod;
use crate::engine::sorting::sort_stably_by;

use super::framework::Code;
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::node_affinity::PreFilterResult;
use super::profile::{Profile, Profiles, DEFAULT_SCHEDULER_NAME};
use super::registry::run_all_filter_plugins;
use super::scoring::{score_nodes, select_host, PluginScore};

/// One filter plugin's verdict on one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterCell {
    /// Plugin name.
    pub plugin: String,
    /// Whether the node passed.
    pub passed: bool,
    /// The reason strings, verbatim as upstream (empty when passed).
    pub reasons: Vec<String>,
    /// Whether removing pods could make the node pass (code `Unschedulable`).
    pub preemption_may_help: bool,
}

/// One node's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    /// Node name.
    pub node: String,
    /// Every filter plugin's verdict, in the profile's order.
    pub filters: Vec<FilterCell>,
    /// Whether every filter passed.
    pub feasible: bool,
    /// The first failing plugin's message, the group of a failing node.
    pub failure: Option<String>,
    /// Score plugins' scores, on a feasible node.
    pub scores: Vec<PluginScore>,
    /// The weighted sum, on a feasible node.
    pub total: Option<i64>,
}

/// A score plugin column: the plugin and its weight in the profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreColumn {
    /// Plugin name.
    pub plugin: String,
    /// Its weight.
    pub weight: i64,
}

/// The matrix of one pod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodePluginMatrix {
    /// The profile (`schedulerName`).
    pub profile: String,
    /// The filter plugins, in order.
    pub filter_plugins: Vec<String>,
    /// The score plugins with their weights, in order.
    pub score_plugins: Vec<ScoreColumn>,
    /// The rows, feasible first.
    pub rows: Vec<MatrixRow>,
    /// The node the scheduler chooses (highest total, smallest name on a tie).
    pub chosen: Option<String>,
}

/// The matrix of `pod` (an unbound copy of it) against `snapshot` under `profile`.
pub fn node_plugin_matrix(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
) -> NodePluginMatrix {
    let pre_filter = profile.pre_filter(pod);
    let state = profile.cycle_state(pod, snapshot);
    let mut feasible: Vec<&NodeInfo> = Vec::new();
    let mut failing: Vec<MatrixRow> = Vec::new();
    let mut filters_of: BTreeMap<String, Vec<FilterCell>> = BTreeMap::new();
    for node in snapshot.nodes() {
        let cells: Vec<FilterCell> = match &pre_filter {
            PreFilterResult::Reject(status) => profile
                .filters
                .iter()
                .map(|p| FilterCell {
                    plugin: p.name.to_string(),
                    passed: p.name != status.plugin,
                    reasons: if p.name == status.plugin {
                        status.reasons.clone()
                    } else {
                        Vec::new()
                    },
                    preemption_may_help: false,
                })
                .collect(),
            _ => run_all_filter_plugins(&profile.filters, &state, node, &pre_filter)
                .into_iter()
                .map(|(p, s)| FilterCell {
                    plugin: p.name.to_string(),
                    passed: s.is_success(),
                    preemption_may_help: s.code == Code::Unschedulable,
                    reasons: s.reasons,
                })
                .collect(),
        };
        match cells.iter().find(|c| !c.passed) {
            None => {
                feasible.push(node);
                filters_of.insert(node.name().to_string(), cells);
            }
            Some(first) => failing.push(MatrixRow {
                node: node.name().to_string(),
                failure: Some(first.reasons.join(", ")),
                filters: cells,
                feasible: false,
                scores: Vec::new(),
                total: None,
            }),
        }
    }
    let mut scores = if feasible.is_empty() {
        Vec::new()
    } else {
        score_nodes(profile, pod, snapshot, &feasible)
    };
    let chosen = select_host(&scores).map(|s| s.node.clone());
    sort_stably_by(&mut scores, &|a, b| {
        b.total.cmp(&a.total).then_with(|| a.node.cmp(&b.node))
    });
    let mut rows: Vec<MatrixRow> = scores
        .into_iter()
        .map(|s| MatrixRow {
            filters: filters_of.remove(&s.node).unwrap_or_default(),
            node: s.node,
            feasible: true,
            failure: None,
            total: Some(s.total),
            scores: s.plugins,
        })
        .collect();
    let mut group_size: BTreeMap<String, usize> = BTreeMap::new();
    for row in &failing {
        *group_size
            .entry(row.failure.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let size = |r: &MatrixRow| group_size[r.failure.as_deref().unwrap_or_default()];
    sort_stably_by(&mut failing, &|a, b| {
        size(b)
            .cmp(&size(a))
            .then_with(|| a.failure.cmp(&b.failure))
            .then_with(|| a.node.cmp(&b.node))
    });
    rows.extend(failing);
    NodePluginMatrix {
        profile: profile.scheduler_name.clone(),
        filter_plugins: profile.filters.iter().map(|p| p.name.to_string()).collect(),
        score_plugins: profile
            .scores
            .iter()
            .map(|(n, w)| ScoreColumn {
                plugin: n.to_string(),
                weight: *w,
            })
            .collect(),
        rows,
        chosen,
    }
}

/// What the matrix request answers for one pod: the matrix under the profile its
/// `schedulerName` names, or none when no profile does (kube-scheduler leaves the pod to
/// the scheduler it names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodMatrix {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.schedulerName`.
    pub scheduler_name: String,
    /// The node the pod is bound to, if any (its matrix is the one of the pod unbound,
    /// against the cluster without it).
    pub bound_to: Option<String>,
    /// The matrix, when a profile schedules the pod.
    pub matrix: Option<NodePluginMatrix>,
}

/// The matrix of `pod` among `snapshot`: a bound pod is taken out of the cluster and
/// considered unbound, as when the scheduler placed it.
pub fn pod_matrix(profiles: &Profiles, pod: &Pod, snapshot: &ClusterSnapshot) -> PodMatrix {
    let bound_to = Some(pod.spec.node_name.clone()).filter(|n| !n.is_empty());
    let scheduler_name = match pod.spec.scheduler_name.as_str() {
        "" => DEFAULT_SCHEDULER_NAME.to_string(),
        n => n.to_string(),
    };
    let matrix = profiles.for_pod(pod).map(|profile| match &bound_to {
        Some(node) => {
            let mut without = snapshot.clone();
            without.remove_pod(&pod.metadata.namespace, &pod.metadata.name, node);
            let mut unbound = pod.clone();
            unbound.spec.node_name.clear();
            node_plugin_matrix(profile, &unbound, &without)
        }
        None => node_plugin_matrix(profile, pod, snapshot),
    });
    PodMatrix {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        scheduler_name,
        bound_to,
        matrix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TaintEffect;
    use crate::engine::scheduler::plugins::testutil::*;
    use crate::engine::scheduler::profile::default_profile;

    fn worker(name: &str, cpu: &str) -> crate::engine::api::Node {
        node_with_allocatable(name, &[("cpu", cpu), ("memory", "8Gi"), ("pods", "110")])
    }

    #[test]
    fn feasible_nodes_come_first_by_score_and_failing_ones_grouped_by_reason() {
        let mut tainted = worker("c-tainted", "4");
        tainted.spec.taints = vec![taint("dedicated", "db", TaintEffect::NoSchedule)];
        let nodes = vec![
            worker("a-small", "1"),
            worker("b-big", "8"),
            tainted,
            worker("d-busy", "4"),
            worker("e-tiny", "1"),
        ];
        let mut busy = on(pod_with_requests("busy", &[&[("cpu", "3")]]), "d-busy");
        busy.metadata.name = "busy".into();
        let snap = ClusterSnapshot::new(&nodes, &[busy]);
        let p = pod_with_requests("p", &[&[("cpu", "2")]]);
        let m = node_plugin_matrix(default_profile(), &p, &snap);
        let order: Vec<&str> = m.rows.iter().map(|r| r.node.as_str()).collect();
        assert_eq!(order, ["b-big", "a-small", "d-busy", "e-tiny", "c-tainted"]);
        assert_eq!(m.chosen.as_deref(), Some("b-big"));
        assert_eq!(m.rows[0].total.map(|t| t > 0), Some(true));
        let tiny = &m.rows[3];
        assert_eq!(tiny.failure.as_deref(), Some("Insufficient cpu"));
        let fit = tiny
            .filters
            .iter()
            .find(|c| c.plugin == "NodeResourcesFit")
            .expect("fit column");
        assert!(!fit.preemption_may_help, "2 cpus never fit in 1");
        let busy_fit = m.rows[2]
            .filters
            .iter()
            .find(|c| c.plugin == "NodeResourcesFit")
            .expect("fit column");
        assert!(busy_fit.preemption_may_help);
        assert_eq!(
            m.rows[4].failure.as_deref(),
            Some("node(s) had untolerated taint(s)")
        );
    }

    #[test]
    fn a_bound_pod_is_judged_unbound_against_the_cluster_without_it() {
        let nodes = vec![worker("a", "2"), worker("b", "2")];
        let placed = on(pod_with_requests("p", &[&[("cpu", "2")]]), "a");
        let snap = ClusterSnapshot::new(&nodes, std::slice::from_ref(&placed));
        let m = pod_matrix(&Profiles::default(), &placed, &snap);
        assert_eq!(m.bound_to.as_deref(), Some("a"));
        let matrix = m.matrix.expect("the default profile schedules it");
        assert!(
            matrix.rows.iter().all(|r| r.feasible),
            "its own requests do not count"
        );
    }

    #[test]
    fn a_pod_of_another_scheduler_has_no_matrix() {
        let mut p = pod("p");
        p.spec.scheduler_name = "my-scheduler".into();
        let m = pod_matrix(&Profiles::default(), &p, &ClusterSnapshot::default());
        assert_eq!(m.scheduler_name, "my-scheduler");
        assert_eq!(m.matrix, None);
    }
}

//! `kubeplay explain FILE --matrix POD`: the node × plugin matrix of one pod — every
//! filter plugin's verdict on every node and the scores of the feasible nodes under the
//! profile the pod's `schedulerName` names — as text or as JSON (docs/cli.md).

use crate::engine::api::match_label_keys::merge_on_create;
use crate::engine::scheduler::matrix::{pod_matrix, MatrixRow, NodePluginMatrix, PodMatrix};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::profile::Profiles;
use crate::engine::sim::cluster::fill_in_default_cluster;
use crate::engine::yaml::Objects;

/// Nodes up to which the text shows the per-node filter table (above, the groups only).
const FULL_TABLE_NODES: usize = 50;
/// Feasible nodes listed in a cluster of more than [`FULL_TABLE_NODES`] nodes.
const BEST_FEASIBLE_NODES: usize = 20;
/// Node names listed per failure group before `and N more`.
const NAMES_PER_GROUP: usize = 8;

/// The matrix of the Pod `key` (`namespace/name`, or a name in `default`) of `objects`,
/// with the default cluster when they have no nodes; `Err` names a missing pod.
pub fn matrix_of(mut objects: Objects, key: &str) -> Result<PodMatrix, String> {
    let (namespace, name) = key.split_once('/').unwrap_or(("default", key));
    fill_in_default_cluster(&mut objects);
    // The input's pods as the API server holds them once it has created them.
    objects.pods.iter_mut().for_each(merge_on_create);
    let pod = objects
        .pods
        .iter()
        .find(|p| p.metadata.namespace == namespace && p.metadata.name == name)
        .ok_or_else(|| format!("no Pod {namespace}/{name} in the file"))?;
    let snapshot = ClusterSnapshot::new(&objects.nodes, &objects.pods);
    let profiles = Profiles::of(objects.scheduler_configuration.as_ref());
    Ok(pod_matrix(&profiles, pod, &snapshot))
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// The matrix as text: the feasible nodes best first (the best 20 above 50 nodes) with
/// each score plugin's raw, normalised and weighted score, the failing nodes grouped by their first failing plugin's reasons,
/// and, for up to 50 nodes, every filter plugin's verdict per node.
pub fn render_text(m: &PodMatrix) -> String {
    let mut o = format!(
        "Pod {}/{}: {}; schedulerName {}\n",
        m.namespace,
        m.name,
        match &m.bound_to {
            Some(n) => format!("bound to {n} (judged unbound, without itself)"),
            None => "not bound".into(),
        },
        m.scheduler_name
    );
    let Some(matrix) = &m.matrix else {
        o.push_str(&format!(
            "  No profile is named {}: kube-scheduler ignores the pod (another scheduler owns it), so it stays Pending without an event.\n",
            m.scheduler_name
        ));
        return o;
    };
    let feasible: Vec<&MatrixRow> = matrix.rows.iter().filter(|r| r.feasible).collect();
    let failing: Vec<&MatrixRow> = matrix.rows.iter().filter(|r| !r.feasible).collect();
    o.push_str(&format!(
        "  {} node(s): {} feasible, {} failing\n",
        matrix.rows.len(),
        feasible.len(),
        failing.len()
    ));
    if !feasible.is_empty() {
        let shown = if matrix.rows.len() <= FULL_TABLE_NODES {
            feasible.len()
        } else {
            BEST_FEASIBLE_NODES.min(feasible.len())
        };
        o.push_str(&scores_table(matrix, &feasible[..shown]));
        if shown < feasible.len() {
            o.push_str(&format!(
                "    ... and {} more feasible node(s) with lower or equal totals (all in --output json)\n",
                feasible.len() - shown
            ));
        }
    }
    if !failing.is_empty() {
        o.push_str(&failure_groups(&failing));
    }
    o.push_str(&match &matrix.chosen {
        Some(n) => format!("  Chosen: {n} (highest total; ties go to the smallest node name)\n"),
        None => "  Chosen: none (no node passes every filter)\n".into(),
    });
    if matrix.rows.len() <= FULL_TABLE_NODES {
        o.push_str(&filter_table(matrix));
    } else {
        o.push_str(&format!(
            "  ({} nodes: every node's verdict per filter plugin is in --output json)\n",
            matrix.rows.len()
        ));
    }
    o
}

/// One line per feasible node: the total, then `raw→normalised→weighted` per score plugin
/// (`skip` where its PreScore skips the pod).
fn scores_table(matrix: &NodePluginMatrix, feasible: &[&MatrixRow]) -> String {
    let w = node_width(feasible.iter().copied());
    let columns: Vec<String> = matrix
        .score_plugins
        .iter()
        .map(|c| format!("{}×{}", c.plugin, c.weight))
        .collect();
    let mut o = format!(
        "  Feasible nodes, best first (each score raw→normalised→weighted; the total sums the weighted):\n    {}{}{}\n",
        pad("NODE", w),
        pad("TOTAL", 7),
        columns
            .iter()
            .map(|c| pad(c, c.chars().count() + 2))
            .collect::<String>()
            .trim_end()
    );
    for r in feasible {
        let cells: String = matrix
            .score_plugins
            .iter()
            .zip(&columns)
            .map(|(c, header)| {
                let cell = r
                    .scores
                    .iter()
                    .find(|s| s.plugin == c.plugin)
                    .map(|s| format!("{}→{}→{}", s.raw, s.score, s.score.saturating_mul(s.weight)))
                    .unwrap_or_else(|| "skip".into());
                pad(&cell, header.chars().count() + 2)
            })
            .collect();
        o.push_str(&format!(
            "    {}{}{}\n",
            pad(&r.node, w),
            pad(&r.total.unwrap_or(0).to_string(), 7),
            cells.trim_end()
        ));
    }
    o
}

/// The failing nodes by their first failing plugin's reasons, largest group first.
fn failure_groups(failing: &[&MatrixRow]) -> String {
    let mut o = String::from("  Failing nodes, by the first filter that rejects them:\n");
    let mut i = 0;
    while i < failing.len() {
        let failure = &failing[i].failure;
        let group: Vec<&MatrixRow> = failing[i..]
            .iter()
            .take_while(|r| &r.failure == failure)
            .copied()
            .collect();
        i += group.len();
        let plugin = group[0]
            .filters
            .iter()
            .find(|c| !c.passed)
            .map(|c| c.plugin.as_str())
            .unwrap_or_default();
        let helpable = group
            .iter()
            .filter(|r| {
                r.filters
                    .iter()
                    .filter(|c| !c.passed)
                    .all(|c| c.preemption_may_help)
            })
            .count();
        let names: Vec<&str> = group
            .iter()
            .take(NAMES_PER_GROUP)
            .map(|r| r.node.as_str())
            .collect();
        let more = group.len().saturating_sub(NAMES_PER_GROUP);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        o.push_str(&format!(
            "    {} node(s) {plugin}: {} (preemption may help on {helpable}): {}{more}\n",
            group.len(),
            failure.as_deref().unwrap_or_default(),
            names.join(", ")
        ));
    }
    o
}

/// Every node's verdict per filter plugin: `ok`, `fail` (preemption may help) or `FAIL`
/// (preemption cannot help).
fn filter_table(matrix: &NodePluginMatrix) -> String {
    let w = node_width(matrix.rows.iter());
    let mut o = format!(
        "  Filters per node (ok; fail: preemption may help; FAIL: it cannot):\n    {}{}\n",
        pad("NODE", w),
        matrix
            .filter_plugins
            .iter()
            .map(|p| pad(p, p.chars().count() + 2))
            .collect::<String>()
            .trim_end()
    );
    for r in &matrix.rows {
        let cells: String = r
            .filters
            .iter()
            .map(|c| {
                let verdict = match (c.passed, c.preemption_may_help) {
                    (true, _) => "ok",
                    (false, true) => "fail",
                    (false, false) => "FAIL",
                };
                pad(verdict, c.plugin.chars().count() + 2)
            })
            .collect();
        o.push_str(&format!("    {}{}\n", pad(&r.node, w), cells.trim_end()));
    }
    o
}

fn node_width<'a>(rows: impl Iterator<Item = &'a MatrixRow>) -> usize {
    rows.map(|r| r.node.chars().count())
        .max()
        .unwrap_or(4)
        .max(4)
        + 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml::load;

    /// Two nodes; on `n1` a pod of the old revision; pending, a pod of the new one that
    /// wants one pod of its own revision per node.
    const TEXT: &str = "apiVersion: v1
kind: Node
metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {kubernetes.io/hostname: n2}}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-old, labels: {app: web, pod-template-hash: old}}
spec:
  nodeName: n1
  containers: [{name: c, image: i}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-new, labels: {app: web, pod-template-hash: new}}
spec:
  containers: [{name: c, image: i}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - {labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname, matchLabelKeys: [pod-template-hash]}
";

    #[test]
    fn the_matrix_judges_the_input_pods_with_their_label_keys_merged_as_created() {
        let loaded = load(TEXT);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let m = matrix_of(loaded.objects, "web-new").expect("the pod");
        let rows = m.matrix.expect("a profile").rows;
        let mut feasible: Vec<(&str, bool)> =
            rows.iter().map(|r| (r.node.as_str(), r.feasible)).collect();
        feasible.sort();
        assert_eq!(
            feasible,
            [("n1", true), ("n2", true)],
            "the old revision's pod does not count"
        );
    }
}

//! Scoring of feasible nodes for pods that are not pinned, as the default profile does:
//! TaintToleration `PreferNoSchedule` (weight 3), NodeAffinity preferred terms (2),
//! NodeResourcesFit (LeastAllocated, 1), PodTopologySpread `ScheduleAnyway` and system
//! default constraints (2), InterPodAffinity preferred terms (2),
//! NodeResourcesBalancedAllocation (1) and ImageLocality (1), in upstream order, each
//! normalised as upstream and summed with its weight; a profile may disable plugins, change
//! weights and NodeResourcesFit's strategy. Plugins whose PreScore skips the pod are left
//! out.
//!
//! Ties are broken **deterministically by node name** (the smallest name wins), where
//! kube-scheduler picks one of the tied nodes at random.

use serde::{Deserialize, Serialize};

use crate::engine::api::Pod;

use super::corev1::{preferred_score, preferred_terms};
use super::node_info::{ClusterSnapshot, NodeInfo};
use super::plugins::helper::default_normalize_score;
use super::plugins::resource_allocation;
use super::plugins::{
    image_locality, inter_pod_affinity, node_affinity, node_resources_fit, pod_topology_spread,
    taint_toleration,
};
use super::profile::Profile;
use super::resources::{pod_requests, scored_pod_non_zero_requests};

/// The highest score a plugin gives a node.
pub use super::plugins::helper::MAX_NODE_SCORE;

/// One plugin's score for a node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginScore {
    /// Plugin name.
    pub plugin: String,
    /// The plugin's Score before normalisation.
    pub raw: i64,
    /// Normalized score (0..=100).
    pub score: i64,
    /// The plugin's weight.
    pub weight: i64,
}

/// A feasible node's scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeScore {
    /// Node name.
    pub node: String,
    /// Per-plugin scores (plugins that skip the pod are left out).
    pub plugins: Vec<PluginScore>,
    /// Weighted sum.
    pub total: i64,
}

/// One plugin's raw and normalised scores, node by node.
struct PluginScores {
    name: &'static str,
    raw: Vec<i64>,
    normalized: Vec<i64>,
}

impl PluginScores {
    fn new(name: &'static str, raw: Vec<i64>, normalize: impl FnOnce(&mut [i64])) -> PluginScores {
        let mut normalized = raw.clone();
        normalize(&mut normalized);
        PluginScores {
            name,
            raw,
            normalized,
        }
    }
}

/// Scores the feasible nodes (PreScore, Score and NormalizeScore of every score plugin the
/// profile enables, NodeResourcesFit with the profile's strategy).
pub fn score_nodes(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    nodes: &[&NodeInfo],
) -> Vec<NodeScore> {
    let requests = pod_requests(pod);
    let non_zero = scored_pod_non_zero_requests(pod);
    let prefs = preferred_terms(pod);
    let mut per_plugin: Vec<PluginScores> = Vec::new();

    let taint = nodes
        .iter()
        .map(|n| taint_toleration::score(&pod.spec.tolerations, &n.node))
        .collect();
    per_plugin.push(PluginScores::new(taint_toleration::NAME, taint, |s| {
        default_normalize_score(MAX_NODE_SCORE, true, s)
    }));

    if !prefs.is_empty() {
        let aff = nodes
            .iter()
            .map(|n| preferred_score(prefs, &n.node))
            .collect();
        per_plugin.push(PluginScores::new(node_affinity::NAME, aff, |s| {
            default_normalize_score(MAX_NODE_SCORE, false, s)
        }));
    }

    let fit = nodes
        .iter()
        .map(|n| resource_allocation::score(&profile.fit_scoring, &non_zero, &requests, n))
        .collect();
    per_plugin.push(PluginScores::new(node_resources_fit::NAME, fit, |_| {}));

    // The snapshot-wide PreScores run only for the plugins the profile enables.
    let enabled = |name: &str| profile.score_weight(name).is_some();
    let spread = enabled(pod_topology_spread::NAME)
        .then(|| {
            pod_topology_spread::scoring::pre_score(pod, snapshot, nodes, &profile.spread_defaults)
        })
        .flatten();
    if let Some(state) = spread {
        let raw = nodes.iter().map(|n| state.score(pod, n)).collect();
        per_plugin.push(PluginScores::new(pod_topology_spread::NAME, raw, |s| {
            state.normalize_score(nodes, s)
        }));
    }

    let affinity = enabled(inter_pod_affinity::NAME)
        .then(|| {
            inter_pod_affinity::scoring::pre_score(
                pod,
                snapshot,
                nodes.len(),
                profile.hard_pod_affinity_weight,
                profile.ignore_preferred_terms_of_existing_pods,
            )
        })
        .flatten();
    if let Some(state) = affinity {
        let raw = nodes.iter().map(|n| state.score(n)).collect();
        per_plugin.push(PluginScores::new(
            inter_pod_affinity::NAME,
            raw,
            inter_pod_affinity::scoring::normalize_score,
        ));
    }

    if !node_resources_fit::balanced_allocation_skips(&requests) {
        let bal = nodes
            .iter()
            .map(|n| node_resources_fit::balanced_allocation_score(&requests, n))
            .collect();
        per_plugin.push(PluginScores::new(
            node_resources_fit::BALANCED_ALLOCATION_NAME,
            bal,
            |_| {},
        ));
    }

    let images = nodes
        .iter()
        .map(|n| {
            image_locality::score(pod, n, snapshot.node_count(), |i| {
                snapshot.image_node_count(i)
            })
        })
        .collect();
    per_plugin.push(PluginScores::new(image_locality::NAME, images, |_| {}));

    let enabled: Vec<(PluginScores, i64)> = per_plugin
        .into_iter()
        .filter_map(|p| profile.score_weight(p.name).map(|w| (p, w)))
        .collect();
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let plugins: Vec<PluginScore> = enabled
                .iter()
                .map(|(p, weight)| PluginScore {
                    plugin: p.name.to_string(),
                    raw: p.raw[i],
                    score: p.normalized[i],
                    weight: *weight,
                })
                .collect();
            NodeScore {
                node: n.name().to_string(),
                total: plugins
                    .iter()
                    .map(|p| p.score.saturating_mul(p.weight))
                    .fold(0i64, i64::saturating_add),
                plugins,
            }
        })
        .collect()
}

/// `selectHost`: the highest total; ties go to the smallest node name.
pub fn select_host(scores: &[NodeScore]) -> Option<&NodeScore> {
    scores
        .iter()
        .min_by(|a, b| b.total.cmp(&a.total).then_with(|| a.node.cmp(&b.node)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TaintEffect;
    use crate::engine::scheduler::plugins::testutil::*;
    use crate::engine::scheduler::profile::default_profile;

    #[test]
    fn ties_are_broken_by_node_name() {
        let a = NodeInfo::new(node_with_allocatable(
            "b-node",
            &[("cpu", "4"), ("memory", "8Gi"), ("pods", "110")],
        ));
        let b = NodeInfo::new(node_with_allocatable(
            "a-node",
            &[("cpu", "4"), ("memory", "8Gi"), ("pods", "110")],
        ));
        let scores = score_nodes(
            default_profile(),
            &pod("p"),
            &ClusterSnapshot::default(),
            &[&a, &b],
        );
        assert_eq!(
            select_host(&scores).map(|s| s.node.as_str()),
            Some("a-node")
        );
    }

    #[test]
    fn a_profile_without_a_score_plugin_leaves_its_column_out() {
        let alloc = [("cpu", "4"), ("memory", "8Gi"), ("pods", "110")];
        let a = NodeInfo::new(node_with_allocatable("a", &alloc));
        let mut profile = Profile::default_profile();
        profile
            .scores
            .retain(|(name, _)| *name != taint_toleration::NAME);
        let scores = score_nodes(&profile, &pod("p"), &ClusterSnapshot::default(), &[&a]);
        assert!(scores[0]
            .plugins
            .iter()
            .all(|p| p.plugin != taint_toleration::NAME));
    }

    /// Follows upstream `Test_prioritizeNodes` (schedule_one_test.go), its rows that run the
    /// real ImageLocality plugin alone at weight 1 over three nodes.
    #[test]
    fn prioritize_nodes_with_image_locality_table() {
        use crate::engine::api::types::ContainerImage;
        use crate::engine::api::Container;
        const MB: i64 = 1024 * 1024;
        let with_images = |name: &str, images: &[(&[&str], i64)]| {
            let mut n = node_with_allocatable(name, &[("cpu", "1"), ("memory", "2000Mi")]);
            n.status.images = images
                .iter()
                .map(|(names, mb)| ContainerImage {
                    names: names.iter().map(|i| i.to_string()).collect(),
                    size_bytes: mb * MB,
                })
                .collect();
            n
        };
        let nodes = [
            with_images(
                "node1",
                &[
                    (&["gcr.io/40:latest", "gcr.io/40:v1"], 80),
                    (&["gcr.io/300:latest", "gcr.io/300:v1"], 300),
                ],
            ),
            with_images(
                "node2",
                &[
                    (&["gcr.io/300:latest"], 300),
                    (&["gcr.io/40:latest", "gcr.io/40:v1"], 80),
                ],
            ),
            with_images(
                "node3",
                &[
                    (&["gcr.io/600:latest"], 600),
                    (&["gcr.io/40:latest"], 80),
                    (&["gcr.io/900:latest"], 900),
                ],
            ),
        ];
        // Upstream's `NodePluginScores`: the node, each plugin's weighted score, the total.
        type NodePluginScores = (String, Vec<(String, i64)>, i64);
        let mut profile = Profile::default_profile();
        profile.scores = vec![(image_locality::NAME, 1)];
        let snapshot = ClusterSnapshot::new(&nodes, &[]);
        let infos: Vec<&NodeInfo> = snapshot.nodes().collect();
        let cases = [
            (
                "the score from Image Locality plugin with image in all nodes",
                "gcr.io/40",
                [5, 5, 5],
            ),
            (
                "the score from Image Locality plugin with image in partial nodes",
                "gcr.io/300",
                [18, 18, 0],
            ),
        ];
        for (name, image, want) in cases {
            let mut p = pod("p");
            p.spec.containers = vec![Container {
                image: image.into(),
                ..Default::default()
            }]
            .into();
            let got: Vec<NodePluginScores> = score_nodes(&profile, &p, &snapshot, &infos)
                .into_iter()
                .map(|s| {
                    let plugins = s
                        .plugins
                        .iter()
                        .map(|p| (p.plugin.clone(), p.score * p.weight))
                        .collect();
                    (s.node, plugins, s.total)
                })
                .collect();
            let want: Vec<NodePluginScores> = ["node1", "node2", "node3"]
                .iter()
                .zip(want)
                .map(|(n, score)| {
                    (
                        n.to_string(),
                        vec![("ImageLocality".to_string(), score)],
                        score,
                    )
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_prefer_no_schedule_taint_lowers_the_score_without_blocking() {
        let alloc = [("cpu", "4"), ("memory", "8Gi"), ("pods", "110")];
        let mut tainted = node_with_allocatable("a", &alloc);
        tainted.spec.taints = vec![taint("x", "", TaintEffect::PreferNoSchedule)];
        let a = NodeInfo::new(tainted);
        let b = NodeInfo::new(node_with_allocatable("b", &alloc));
        let scores = score_nodes(
            default_profile(),
            &pod("p"),
            &ClusterSnapshot::default(),
            &[&a, &b],
        );
        assert_eq!(select_host(&scores).map(|s| s.node.as_str()), Some("b"));
    }
}

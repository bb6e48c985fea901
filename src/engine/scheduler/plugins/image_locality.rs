//! `ImageLocality` (score only): a node that already has the pod's images scores higher,
//! each image counted by its size times the share of nodes that have it (so an image on
//! every node does not favour any), the sum clamped between 23 MB and 1,000 MB per
//! container and scaled to 0-100. It has no NormalizeScore.

use crate::engine::api::Pod;
use crate::engine::scheduler::node_info::NodeInfo;

use super::helper::MAX_NODE_SCORE;

/// The plugin name.
pub const NAME: &str = "ImageLocality";

const MB: i64 = 1024 * 1024;
/// Below this sum a node scores 0.
const MIN_THRESHOLD: i64 = 23 * MB;
/// The sum that scores 100, per container.
const MAX_CONTAINER_THRESHOLD: i64 = 1000 * MB;

/// `normalizedImageName`: a name without a tag gets `:latest` (a digest or a tag after the
/// last `/` counts as a tag).
pub fn normalized_image_name(name: &str) -> String {
    let colon = name.rfind(':');
    let slash = name.rfind('/');
    if colon.map(|c| c as isize).unwrap_or(-1) <= slash.map(|s| s as isize).unwrap_or(-1) {
        format!("{name}:latest")
    } else {
        name.to_string()
    }
}

/// `Score`: `node`'s score for `pod`, where `nodes_with` says how many of the
/// `total_nodes` nodes report an image name.
pub fn score(
    pod: &Pod,
    node: &NodeInfo,
    total_nodes: usize,
    nodes_with: impl Fn(&str) -> usize,
) -> i64 {
    let containers = pod.spec.init_containers.iter().chain(&pod.spec.containers);
    let mut sum: i64 = 0;
    for c in containers {
        let name = normalized_image_name(&c.image);
        if let Some(&size) = node.image_sizes.get(&name) {
            let spread = nodes_with(&name) as f64 / total_nodes.max(1) as f64;
            sum += (size as f64 * spread) as i64;
        }
    }
    let count = (pod.spec.init_containers.len() + pod.spec.containers.len()) as i64;
    calculate_priority(sum, count)
}

/// `calculatePriority`.
fn calculate_priority(sum: i64, containers: i64) -> i64 {
    let max_threshold = MAX_CONTAINER_THRESHOLD * containers;
    if max_threshold <= MIN_THRESHOLD {
        return 0;
    }
    let clamped = sum.clamp(MIN_THRESHOLD, max_threshold);
    MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max_threshold - MIN_THRESHOLD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::types::ContainerImage;
    use crate::engine::api::{Container, Node};
    use crate::engine::scheduler::node_info::ClusterSnapshot;
    use crate::engine::scheduler::plugins::testutil::{node, pod};

    fn with_images(name: &str, images: &[(&str, i64)]) -> Node {
        let mut n = node(name);
        n.status.images = images
            .iter()
            .map(|(i, mb)| ContainerImage {
                names: vec![i.to_string()],
                size_bytes: mb * MB,
            })
            .collect();
        n
    }

    fn pod_with_images(images: &[&str]) -> Pod {
        let mut p = pod("p");
        p.spec.containers = images
            .iter()
            .map(|i| Container {
                image: i.to_string(),
                ..Default::default()
            })
            .collect();
        p
    }

    fn scores(p: &Pod, nodes: &[Node]) -> Vec<i64> {
        let snap = ClusterSnapshot::new(nodes, &[]);
        snap.nodes()
            .map(|n| score(p, n, snap.node_count(), |i| snap.image_node_count(i)))
            .collect()
    }

    /// Follows upstream `TestImageLocalityPriority` (imagelocality/image_locality_test.go):
    /// node1 has images of 40, 300 and 2,000 MB, node2 of 250 and 10 MB.
    #[test]
    fn image_locality_priority_table() {
        let nodes = || {
            vec![
                with_images(
                    "node1",
                    &[
                        ("gcr.io/40:latest", 40),
                        ("gcr.io/300:latest", 300),
                        ("gcr.io/2000:latest", 2000),
                    ],
                ),
                with_images(
                    "node2",
                    &[("gcr.io/250:latest", 250), ("gcr.io/10:latest", 10)],
                ),
            ]
        };
        type Case = (&'static str, Vec<&'static str>, Vec<Node>, Vec<i64>);
        let cases: Vec<Case> = vec![
            (
                "two images spread on two nodes, prefer the larger image one",
                vec!["gcr.io/40", "gcr.io/300"],
                nodes(),
                // node1: (40 + 300) × 1/2 = 170 MB → 100 × (170 − 23) / (2,000 − 23) = 7;
                // node2: none of them.
                vec![7, 0],
            ),
            (
                "two images on one node, prefer this node",
                vec!["gcr.io/250", "gcr.io/10"],
                nodes(),
                // node2: (250 + 10) × 1/2 = 130 MB → 100 × 107 / 1,977 = 5.
                vec![0, 5],
            ),
            (
                "if exceed limit, use limit",
                vec!["gcr.io/2000", "gcr.io/10"],
                nodes(),
                // node1: 2,000 × 1/2 = 1,000 MB → 100 × 977 / 1,977 = 49; node2: 5 MB → 0.
                vec![49, 0],
            ),
            (
                "if exceed limit, use limit (with node which has no images present)",
                vec!["gcr.io/2000", "gcr.io/10"],
                {
                    let mut n = nodes();
                    n.push(node("node3"));
                    n
                },
                // node1: 2,000 × 1/3 = 666 MB → 100 × 643 / 1,977 = 32; node2: 3 MB → 0.
                vec![32, 0, 0],
            ),
            (
                "an image present on every node favours none",
                vec!["gcr.io/300"],
                vec![
                    with_images("node1", &[("gcr.io/300:latest", 300)]),
                    with_images("node2", &[("gcr.io/300:latest", 300)]),
                ],
                // 300 × 2/2 = 300 MB → 100 × 277 / 977 = 28 on both.
                vec![28, 28],
            ),
        ];
        for (name, images, nodes, want) in cases {
            assert_eq!(scores(&pod_with_images(&images), &nodes), want, "{name}");
        }
    }

    #[test]
    fn names_without_a_tag_get_latest() {
        for (name, want) in [
            ("nginx", "nginx:latest"),
            ("nginx:1.27", "nginx:1.27"),
            ("registry:5000/app", "registry:5000/app:latest"),
            ("registry:5000/app:v1", "registry:5000/app:v1"),
            ("app@sha256:abc", "app@sha256:abc"),
        ] {
            assert_eq!(normalized_image_name(name), want, "{name}");
        }
    }
}

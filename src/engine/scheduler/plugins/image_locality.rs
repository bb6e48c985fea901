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

    /// Follows upstream `TestImageLocalityPriority` (imagelocality/image_locality_test.go).
    #[test]
    fn image_locality_priority_table() {
        let node_40_300_2000 = |n: &str| {
            with_images(
                n,
                &[
                    ("gcr.io/40:latest", 40),
                    ("gcr.io/300:latest", 300),
                    ("gcr.io/2000:latest", 2000),
                ],
            )
        };
        let node_250_10 =
            |n: &str| with_images(n, &[("gcr.io/250:latest", 250), ("gcr.io/10:latest", 10)]);
        let node_600_40_900 = |n: &str| {
            with_images(
                n,
                &[
                    ("gcr.io/600:latest", 600),
                    ("gcr.io/40:latest", 40),
                    ("gcr.io/900:latest", 900),
                ],
            )
        };
        let node_300_600_900 = |n: &str| {
            with_images(
                n,
                &[
                    ("gcr.io/300:latest", 300),
                    ("gcr.io/600:latest", 600),
                    ("gcr.io/900:latest", 900),
                ],
            )
        };
        let node_4000_30 =
            |n: &str| with_images(n, &[("gcr.io/4000:latest", 4000), ("gcr.io/30:latest", 30)]);
        let node_20_30_40 = |n: &str| {
            with_images(
                n,
                &[
                    ("gcr.io/20:latest", 20),
                    ("gcr.io/30:latest", 30),
                    ("gcr.io/40:latest", 40),
                ],
            )
        };
        let init_300 = {
            let mut p = pod_with_images(&["gcr.io/30"]);
            p.spec.init_containers = vec![Container {
                image: "gcr.io/300".into(),
                ..Default::default()
            }]
            .into();
            p
        };
        type Case = (&'static str, Pod, Vec<Node>, Vec<i64>);
        let cases: Vec<Case> = vec![
            (
                "two images spread on two nodes, prefer the larger image one",
                pod_with_images(&["gcr.io/40", "gcr.io/250"]),
                vec![node_40_300_2000("node1"), node_250_10("node2")],
                // node2: 250 × 1/2 = 125 MB → 100 × (125 − 23) / (2 × 1,000 − 23) = 5.
                vec![0, 5],
            ),
            (
                "two images on one node, prefer this node",
                pod_with_images(&["gcr.io/40", "gcr.io/300"]),
                vec![node_40_300_2000("node1"), node_250_10("node2")],
                vec![7, 0],
            ),
            (
                "if exceed limit, use limit",
                pod_with_images(&["gcr.io/4000", "gcr.io/10"]),
                vec![node_4000_30("node1"), node_250_10("node2")],
                vec![100, 0],
            ),
            (
                "if exceed limit, use limit (with node which has no images present)",
                pod_with_images(&["gcr.io/4000", "gcr.io/10"]),
                vec![node_4000_30("node1"), node_250_10("node2"), node("node3")],
                vec![66, 0, 0],
            ),
            (
                "pod with multiple large images, node2 is preferred",
                pod_with_images(&["gcr.io/300", "gcr.io/600", "gcr.io/900"]),
                vec![
                    node_600_40_900("node1"),
                    node_300_600_900("node2"),
                    node("node3"),
                ],
                vec![32, 36, 0],
            ),
            (
                "pod with multiple small images",
                pod_with_images(&["gcr.io/30", "gcr.io/40"]),
                vec![node_20_30_40("node1"), node_4000_30("node2")],
                vec![1, 0],
            ),
            (
                "include InitContainers: two images spread on two nodes, prefer the larger image one",
                init_300,
                vec![node_40_300_2000("node1"), node_20_30_40("node2")],
                vec![6, 0],
            ),
            (
                "an image present on every node favours none",
                pod_with_images(&["gcr.io/300"]),
                vec![
                    with_images("node1", &[("gcr.io/300:latest", 300)]),
                    with_images("node2", &[("gcr.io/300:latest", 300)]),
                ],
                // 300 × 2/2 = 300 MB → 100 × 277 / 977 = 28 on both.
                vec![28, 28],
            ),
        ];
        for (name, p, nodes, want) in cases {
            assert_eq!(scores(&p, &nodes), want, "{name}");
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

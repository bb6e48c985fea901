//! The default cluster used when an input has no Node: one control-plane node with its
//! `NoSchedule` taint and three workers, as `kind` creates them (8 CPUs, 16 GiB, 110 pods).

use crate::engine::api::Node;

fn node_yaml(name: &str, control_plane: bool) -> String {
    let role = if control_plane {
        "\n    node-role.kubernetes.io/control-plane: \"\""
    } else {
        ""
    };
    let taints = if control_plane {
        "\n  taints:\n  - key: node-role.kubernetes.io/control-plane\n    effect: NoSchedule"
    } else {
        ""
    };
    format!(
        "apiVersion: v1
kind: Node
metadata:
  name: {name}
  labels:
    kubernetes.io/hostname: {name}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64{role}
spec:{taints_or_empty}
status:
  capacity: {{cpu: \"8\", memory: 16Gi, pods: \"110\"}}
  allocatable: {{cpu: \"8\", memory: 16Gi, pods: \"110\"}}
  conditions:
  - {{type: Ready, status: \"True\"}}
  nodeInfo: {{kubeletVersion: v1.35.0}}
",
        taints_or_empty = if taints.is_empty() { " {}" } else { taints }
    )
}

/// The default cluster's YAML text.
pub fn default_cluster_yaml() -> String {
    [
        node_yaml("kind-control-plane", true),
        node_yaml("kind-worker", false),
        node_yaml("kind-worker2", false),
        node_yaml("kind-worker3", false),
    ]
    .join("---\n")
}

/// The default cluster's nodes.
pub fn default_cluster() -> Vec<Node> {
    crate::engine::yaml::load(&default_cluster_yaml())
        .objects
        .nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cluster_loads_without_diagnostics() {
        let loaded = crate::engine::yaml::load(&default_cluster_yaml());
        assert_eq!(loaded.diagnostics.len(), 0, "{:?}", loaded.diagnostics);
        let names: Vec<String> = loaded
            .objects
            .nodes
            .iter()
            .map(|n| n.metadata.name.clone())
            .collect();
        assert_eq!(
            names,
            [
                "kind-control-plane",
                "kind-worker",
                "kind-worker2",
                "kind-worker3"
            ]
        );
        assert_eq!(loaded.objects.nodes[0].spec.taints.len(), 1);
    }
}

//! Exports that reproduce the playground's cluster and workload on a real cluster:
//! `kubectl label` / `kubectl taint` / `kubectl cordon` commands plus the workload manifests,
//! a `kind` cluster configuration (kind.x-k8s.io/v1alpha4) with the nodes' labels and taints,
//! and the workload alone as YAML.

use super::api::types::Node;
use super::yaml::{to_yaml, Objects};

/// Labels the kubelet (or kubeadm) sets itself: not exported.
const SELF_SET_LABELS: &[&str] = &[
    "kubernetes.io/hostname",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
];

/// Label keys a kubelet may set on its own Node (NodeRestriction admission), besides any
/// key under `kubelet.kubernetes.io/` or `node.kubernetes.io/`.
const KUBELET_ALLOWED_LABELS: &[&str] = &[
    "kubernetes.io/hostname",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "failure-domain.beta.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
];

/// The PriorityClasses, DaemonSets, Deployments, ReplicaSets, StatefulSets, PodDisruptionBudgets and Pods (not the Nodes, the Scenario, or PriorityClasses
/// named `system-…`, which every cluster has built in) as YAML documents.
pub fn workload_yaml(objects: &Objects) -> String {
    let workload = Objects {
        priority_classes: objects
            .priority_classes
            .iter()
            .filter(|p| !p.metadata.name.starts_with("system-"))
            .cloned()
            .collect(),
        daemon_sets: objects.daemon_sets.clone(),
        deployments: objects.deployments.clone(),
        replica_sets: objects.replica_sets.clone(),
        stateful_sets: objects.stateful_sets.clone(),
        pod_disruption_budgets: objects.pod_disruption_budgets.clone(),
        pods: objects.pods.clone(),
        ..Objects::default()
    };
    to_yaml(&workload)
}

/// Shell commands that give existing nodes of the same names the playground's labels, taints
/// and cordons, then apply the workload (`kubectl apply -f -` with a here-document).
pub fn kubectl_script(objects: &Objects) -> String {
    let mut out = String::from(
        "# Reproduce the kubeplay cluster on a real cluster whose nodes have these names.\n",
    );
    for node in &objects.nodes {
        let name = shell_quote(&node.metadata.name);
        let labels: Vec<String> = node
            .metadata
            .labels
            .iter()
            .filter(|(k, _)| k.as_str() != "kubernetes.io/hostname")
            .map(|(k, v)| shell_quote(&format!("{k}={v}")))
            .collect();
        if !labels.is_empty() {
            out.push_str(&format!(
                "kubectl label node {name} --overwrite {}\n",
                labels.join(" ")
            ));
        }
        let taints: Vec<String> = node
            .spec
            .taints
            .iter()
            .map(|t| {
                let value = if t.value.is_empty() {
                    String::new()
                } else {
                    format!("={}", t.value)
                };
                shell_quote(&format!("{}{value}:{}", t.key, t.effect.as_str()))
            })
            .collect();
        if !taints.is_empty() {
            out.push_str(&format!(
                "kubectl taint node {name} --overwrite {}\n",
                taints.join(" ")
            ));
        }
        if node.spec.unschedulable {
            out.push_str(&format!("kubectl cordon {name}\n"));
        }
    }
    let workload = workload_yaml(objects);
    if !workload.is_empty() {
        let mut delimiter = String::from("EOF");
        while workload.lines().any(|l| l == delimiter) {
            delimiter.push('_');
        }
        out.push_str(&format!(
            "kubectl apply -f - <<'{delimiter}'\n{workload}{delimiter}\n"
        ));
    }
    out
}

/// Quotes a word for a POSIX shell: unchanged when it only has safe characters, otherwise
/// in single quotes (a `'` inside becomes `'\''`).
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A YAML double-quoted string.
fn yaml_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_control_plane(node: &Node) -> bool {
    let labels = &node.metadata.labels;
    labels.contains_key("node-role.kubernetes.io/control-plane")
        || labels.contains_key("node-role.kubernetes.io/master")
}

/// True when a kubelet may set this label on its own Node (so kind can set it at creation).
fn kubelet_may_set(key: &str) -> bool {
    let (prefix, _) = key.split_once('/').unwrap_or(("", key));
    let restricted = prefix == "kubernetes.io"
        || prefix.ends_with(".kubernetes.io")
        || prefix == "k8s.io"
        || prefix.ends_with(".k8s.io");
    !restricted
        || KUBELET_ALLOWED_LABELS.contains(&key)
        || prefix == "kubelet.kubernetes.io"
        || prefix == "node.kubernetes.io"
}

/// A `kind` cluster configuration (`kind create cluster --config FILE`) with one node per
/// playground node (control-plane nodes first), their labels, and their taints through
/// kubeadm's `nodeRegistration.taints`. Labels a kubelet may not set on itself, cordons and
/// the workload are listed as commands to run afterwards.
pub fn kind_config(objects: &Objects, cluster_name: &str) -> String {
    let (planes, workers): (Vec<&Node>, Vec<&Node>) =
        objects.nodes.iter().partition(|n| is_control_plane(n));
    let mut out = format!(
        "# kind create cluster --config kubeplay-kind.yaml\n\
         # kind names the nodes {cluster_name}-control-plane, {cluster_name}-worker, \
         {cluster_name}-worker2, ...\n\
         kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: {}\nnodes:\n",
        yaml_quote(cluster_name)
    );
    let mut after: Vec<String> = Vec::new();
    if planes.is_empty() {
        out.push_str(
            "# kind needs a control-plane node; it keeps kubeadm's default \
             node-role.kubernetes.io/control-plane:NoSchedule taint.\n- role: control-plane\n",
        );
    }
    for (i, node) in planes.iter().enumerate() {
        let kind_name = numbered(cluster_name, "control-plane", i);
        let config = if i == 0 {
            "InitConfiguration"
        } else {
            "JoinConfiguration"
        };
        kind_node(
            &mut out,
            &mut after,
            node,
            "control-plane",
            &kind_name,
            config,
        );
    }
    for (i, node) in workers.iter().enumerate() {
        let kind_name = numbered(cluster_name, "worker", i);
        kind_node(
            &mut out,
            &mut after,
            node,
            "worker",
            &kind_name,
            "JoinConfiguration",
        );
    }
    if !workload_yaml(objects).is_empty() {
        after.push("kubectl apply -f kubeplay-workload.yaml".to_owned());
    }
    if !after.is_empty() {
        out.push_str("# Then run:\n");
        for line in after {
            out.push_str(&format!("#   {line}\n"));
        }
    }
    out
}

fn numbered(cluster: &str, role: &str, i: usize) -> String {
    if i == 0 {
        format!("{cluster}-{role}")
    } else {
        format!("{cluster}-{role}{}", i + 1)
    }
}

fn kind_node(
    out: &mut String,
    after: &mut Vec<String>,
    node: &Node,
    role: &str,
    kind_name: &str,
    config: &str,
) {
    out.push_str(&format!(
        "- role: {role} # {}\n",
        node.metadata.name.replace('\n', " ")
    ));
    let mut labels = Vec::new();
    let mut later = Vec::new();
    for (key, value) in &node.metadata.labels {
        if SELF_SET_LABELS.contains(&key.as_str()) || key.starts_with("node-role.kubernetes.io/") {
            continue;
        }
        if kubelet_may_set(key) {
            labels.push(format!("    {}: {}\n", yaml_quote(key), yaml_quote(value)));
        } else {
            later.push(shell_quote(&format!("{key}={value}")));
        }
    }
    if !labels.is_empty() {
        out.push_str("  labels:\n");
        labels.iter().for_each(|l| out.push_str(l));
    }
    let default_taint = role == "control-plane";
    if !node.spec.taints.is_empty() || default_taint {
        out.push_str(&format!(
            "  kubeadmConfigPatches:\n  - |\n    kind: {config}\n    nodeRegistration:\n"
        ));
        if node.spec.taints.is_empty() {
            out.push_str("      taints: []\n");
        } else {
            out.push_str("      taints:\n");
            for taint in &node.spec.taints {
                out.push_str(&format!("      - key: {}\n", yaml_quote(&taint.key)));
                if !taint.value.is_empty() {
                    out.push_str(&format!("        value: {}\n", yaml_quote(&taint.value)));
                }
                out.push_str(&format!("        effect: {}\n", taint.effect.as_str()));
            }
        }
    }
    if !later.is_empty() {
        after.push(format!(
            "kubectl label node {kind_name} --overwrite {}",
            later.join(" ")
        ));
    }
    if node.spec.unschedulable {
        after.push(format!("kubectl cordon {kind_name}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml::load;

    const CLUSTER: &str = "\
apiVersion: v1
kind: Node
metadata:
  name: cp
  labels:
    node-role.kubernetes.io/control-plane: \"\"
    kubernetes.io/hostname: cp
spec:
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
---
apiVersion: v1
kind: Node
metadata:
  name: w1
  labels:
    topology.kubernetes.io/zone: zone-a
    example.com/team: ours
    node.kubernetes.io/pool: p1
    kubernetes.io/role: infra
spec:
  unschedulable: true
  taints:
  - key: maintenance
    value: \"true\"
    effect: NoExecute
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
";

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        let cases = [
            ("a safe word stays", "zone=zone-a", "zone=zone-a"),
            ("a space is quoted", "a b", "'a b'"),
            ("a single quote is closed and escaped", "it's", "'it'\\''s'"),
            ("an empty word is quoted", "", "''"),
            (
                "shell syntax is quoted",
                "$(rm -rf /);`x`",
                "'$(rm -rf /);`x`'",
            ),
        ];
        for (name, word, quoted) in cases {
            assert_eq!(shell_quote(word), quoted, "{name}");
        }
    }

    #[test]
    fn kubectl_commands_label_taint_and_cordon_the_nodes_then_apply_the_workload() {
        let objects = load(CLUSTER).objects;
        assert_eq!(
            kubectl_script(&objects),
            "# Reproduce the kubeplay cluster on a real cluster whose nodes have these names.\n\
             kubectl label node cp --overwrite node-role.kubernetes.io/control-plane=\n\
             kubectl taint node cp --overwrite node-role.kubernetes.io/control-plane:NoSchedule\n\
             kubectl label node w1 --overwrite example.com/team=ours \
             kubernetes.io/role=infra node.kubernetes.io/pool=p1 topology.kubernetes.io/zone=zone-a\n\
             kubectl taint node w1 --overwrite maintenance=true:NoExecute\n\
             kubectl cordon w1\n\
             kubectl apply -f - <<'EOF'\n\
             apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\n\
             value: 1000\npreemptionPolicy: PreemptLowerPriority\n\
             EOF\n"
        );
    }

    #[test]
    fn the_kind_config_carries_labels_and_taints_and_lists_what_kind_cannot_set() {
        let objects = load(CLUSTER).objects;
        assert_eq!(
            kind_config(&objects, "kubeplay"),
            "# kind create cluster --config kubeplay-kind.yaml\n\
             # kind names the nodes kubeplay-control-plane, kubeplay-worker, kubeplay-worker2, ...\n\
             kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: \"kubeplay\"\nnodes:\n\
             - role: control-plane # cp\n\
             \x20 kubeadmConfigPatches:\n  - |\n    kind: InitConfiguration\n    nodeRegistration:\n\
             \x20     taints:\n      - key: \"node-role.kubernetes.io/control-plane\"\n        effect: NoSchedule\n\
             - role: worker # w1\n\
             \x20 labels:\n    \"example.com/team\": \"ours\"\n    \"node.kubernetes.io/pool\": \"p1\"\n\
             \x20   \"topology.kubernetes.io/zone\": \"zone-a\"\n\
             \x20 kubeadmConfigPatches:\n  - |\n    kind: JoinConfiguration\n    nodeRegistration:\n\
             \x20     taints:\n      - key: \"maintenance\"\n        value: \"true\"\n        effect: NoExecute\n\
             # Then run:\n\
             #   kubectl label node kubeplay-worker --overwrite kubernetes.io/role=infra\n\
             #   kubectl cordon kubeplay-worker\n\
             #   kubectl apply -f kubeplay-workload.yaml\n"
        );
    }

    #[test]
    fn a_cluster_without_a_control_plane_gets_kinds_default_one_and_untainted_planes_say_so() {
        let workers_only = load("apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n").objects;
        let config = kind_config(&workers_only, "k");
        assert!(config.contains("nodes:\n# kind needs a control-plane node; it keeps kubeadm's default node-role.kubernetes.io/control-plane:NoSchedule taint.\n- role: control-plane\n- role: worker # a\n"), "{config}");
        let untainted = load("apiVersion: v1\nkind: Node\nmetadata:\n  name: p\n  labels:\n    node-role.kubernetes.io/control-plane: \"\"\n").objects;
        assert!(kind_config(&untainted, "k").contains("    nodeRegistration:\n      taints: []\n"));
    }

    #[test]
    fn the_workload_leaves_out_nodes_the_scenario_and_built_in_priority_classes() {
        let text = format!(
            "{CLUSTER}---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: system-node-critical\nvalue: 2000001000\n"
        );
        let objects = load(&text).objects;
        let workload = workload_yaml(&objects);
        assert!(!workload.contains("kind: Node"));
        assert!(!workload.contains("system-node-critical"), "{workload}");
        assert!(workload.contains("name: high"));
    }
}

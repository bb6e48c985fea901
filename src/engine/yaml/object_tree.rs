//! A loaded object as a tree of plain values (what its export prints, read back), so that
//! two objects, or one field of them, compare on what was loaded and not on the text.

use super::decode::fields::raw;
use super::export::to_yaml;
use super::node::read_stream;
use super::Objects;
use crate::engine::api::types::RawValue;

/// The object of `kind` named `namespace/name` (`namespace` empty for Nodes and
/// PriorityClasses) in `objects`, as the tree of its export; `None` when there is none.
pub fn object_tree(objects: &Objects, kind: &str, namespace: &str, name: &str) -> Option<RawValue> {
    let named = |meta: &crate::engine::api::ObjectMeta| {
        meta.name == name && (namespace.is_empty() || meta.namespace == namespace)
    };
    let mut one = Objects::default();
    match kind {
        "Node" => {
            one.nodes = objects
                .nodes
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "Pod" => {
            one.pods = objects
                .pods
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "DaemonSet" => {
            one.daemon_sets = objects
                .daemon_sets
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "Deployment" => {
            one.deployments = objects
                .deployments
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "ReplicaSet" => {
            one.replica_sets = objects
                .replica_sets
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "StatefulSet" => {
            one.stateful_sets = objects
                .stateful_sets
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "PodDisruptionBudget" => {
            one.pod_disruption_budgets = objects
                .pod_disruption_budgets
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        "PriorityClass" => {
            one.priority_classes = objects
                .priority_classes
                .iter()
                .filter(|o| named(&o.metadata))
                .take(1)
                .cloned()
                .collect()
        }
        _ => return None,
    }
    if one == Objects::default() {
        return None;
    }
    let text = to_yaml(&one);
    let stream = read_stream(&text);
    stream.documents.first().map(|d| raw(&d.root))
}

/// The value at the path `segments` inside `tree`: map keys, and list indices as numbers.
/// `None` when the path leads nowhere (an absent field).
pub fn value_at<'a>(tree: &'a RawValue, segments: &[String]) -> Option<&'a RawValue> {
    segments
        .iter()
        .try_fold(tree, |value, segment| match value {
            RawValue::Map(entries) => entries.iter().find(|(k, _)| k == segment).map(|(_, v)| v),
            RawValue::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::goals::field_path;
    use crate::engine::yaml::load;

    const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: {topology.kubernetes.io/zone: a}\nspec:\n  taints: [{key: k, effect: NoSchedule}]\n";

    #[test]
    fn a_field_is_found_by_its_dotted_path_with_bracketed_keys_and_indices() {
        let objects = load(NODE).objects;
        let tree = object_tree(&objects, "Node", "", "n1").expect("the node");
        let table: &[(&str, &str, Option<RawValue>)] = &[
            (
                "a label key with dots in brackets",
                "metadata.labels[topology.kubernetes.io/zone]",
                Some(RawValue::String("a".into())),
            ),
            (
                "an item of a list by its index",
                "spec.taints[0].key",
                Some(RawValue::String("k".into())),
            ),
            ("an absent field", "spec.unschedulable", None),
        ];
        for (name, path, want) in table {
            let segments = field_path(path).expect("a path");
            assert_eq!(value_at(&tree, &segments).cloned(), *want, "{name}");
        }
    }

    #[test]
    fn the_same_object_written_differently_gives_the_same_tree() {
        let flow = "kind: Node\napiVersion: v1\nmetadata: {labels: {topology.kubernetes.io/zone: a}, name: n1}\nspec: {taints: [{effect: NoSchedule, key: k}]}\n";
        let a = object_tree(&load(NODE).objects, "Node", "", "n1");
        let b = object_tree(&load(flow).objects, "Node", "", "n1");
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(
            object_tree(&load(NODE).objects, "Node", "", "n2"),
            None,
            "no such node"
        );
    }
}

//! The node lifecycle controller (`pkg/controller/nodelifecycle`): the taints that follow a
//! node's conditions and `spec.unschedulable`, and what happens to its pods when it stops
//! being Ready. When no node that counts is Ready, the controller is in its master
//! disruption mode (`handleDisruption`): it takes every `NoExecute` not-ready/unreachable
//! taint off and applies none, so nothing is evicted. Eviction rates per zone are not
//! modelled: a node is tainted as soon as its condition changes.

use std::sync::Arc;

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{Node, Taint, TaintEffect};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::state::{ready_status, PodPhase, PodState};
use crate::engine::store::Store;
use crate::engine::time::{rfc3339_at, timestamp, Millis};

/// The node lifecycle controller. It keeps nothing of its own: a node's conditions say it all.
#[derive(Clone, Debug, Default)]
pub struct NodeLifecycle;

impl NodeLifecycle {
    /// `node` with its lifecycle taints, as it is written (not in manual mode, where nodes
    /// stay exactly as written, as in upstream's unit tests). The `NoExecute` ones only
    /// outside the master disruption mode, judged with `node` in place of the stored one.
    pub fn taint(&self, store: &Store, node: Node) -> Node {
        if store.is_manual() {
            return node;
        }
        let others = store
            .state()
            .nodes
            .values()
            .filter(|n| n.name() != node.metadata.name)
            .map(|n| &*n.node);
        let no_execute = !master_disruption(others.chain([&node]));
        with_lifecycle_taints(node, store.now(), store.state().run_start, no_execute)
    }

    /// Whether the cluster's nodes put the controller in its master disruption mode now
    /// (never in manual mode).
    pub fn in_master_disruption(&self, store: &Store) -> bool {
        !store.is_manual() && master_disruption(store.state().nodes.values().map(|n| &*n.node))
    }

    /// `monitorNodeHealth` sees a node appear (`added`) or go: `RegisteredNode`
    /// (`Registered Node NAME in Controller`) or `RemovingNode` (`Removing Node NAME from
    /// Controller`), as `RecordNodeEvent` words them (not in manual mode).
    pub fn node_observed(&self, store: &mut Store, node: &str, added: bool) {
        if store.is_manual() {
            return;
        }
        let (reason, event) = if added {
            (
                "RegisteredNode",
                format!("Registered Node {node} in Controller"),
            )
        } else {
            (
                "RemovingNode",
                format!("Removing Node {node} from Controller"),
            )
        };
        store.record_event(
            EventType::Normal,
            reason,
            ObjectRef::node(node),
            "node-controller",
            format!("Node {node} event: {event}"),
        );
    }

    /// The node's Ready condition stopped being True: the node lifecycle controller
    /// (`monitorNodeHealth`) records `NodeNotReady` on the node and marks its Ready pods not
    /// Ready, each with a `NodeNotReady` warning (`MarkPodsNotReady`).
    pub fn node_not_ready(&self, store: &mut Store, node: &str) {
        store.record_event(
            EventType::Normal,
            "NodeNotReady",
            ObjectRef::node(node),
            "node-controller",
            format!("Node {node} status is now: NodeNotReady"),
        );
        let pods: Vec<Arc<PodState>> = store
            .pods_on(node)
            .filter(|p| p.deletion.is_none() && p.phase == PodPhase::Running && p.ready)
            .collect();
        for pod in pods {
            let mut next = (*pod).clone();
            next.ready = false;
            next.ready_transition = Some(timestamp(store.now()));
            store.put_pod(next);
            store.record_event(
                EventType::Warning,
                "NodeNotReady",
                ObjectRef::pod(&pod),
                "node-controller",
                "Node is not ready".to_string(),
            );
        }
    }
}

/// `node.kubernetes.io/exclude-disruption`: a node with this label does not count in its
/// zone's health (`isNodeExcludedFromDisruptionChecks`).
const EXCLUDE_DISRUPTION: &str = "node.kubernetes.io/exclude-disruption";

/// `handleDisruption`'s `allAreFullyDisrupted`: every zone is fully disrupted, that is
/// there is a node that counts (not labelled `exclude-disruption`) and none of them is
/// Ready. On entering that mode the controller marks every node reachable (its `NoExecute`
/// not-ready/unreachable taints go) and stops tainting; on leaving it, it taints again.
pub fn master_disruption<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> bool {
    let mut counted = nodes
        .into_iter()
        .filter(|n| !n.metadata.labels.contains_key(EXCLUDE_DISRUPTION))
        .peekable();
    counted.peek().is_some() && counted.all(|n| ready_status(n) != "True")
}

/// The node's lifecycle taints: the `not-ready`, `unreachable`, pressure,
/// `network-unavailable` and `unschedulable` taints derived from its conditions and
/// `spec.unschedulable` (the `NoExecute` not-ready/unreachable ones only when
/// `no_execute`, outside the master disruption mode); a taint added gets `timeAdded` =
/// `now` (`SwapNodeControllerTaint`).
pub fn with_lifecycle_taints(
    mut node: Node,
    now: Millis,
    run_start: UnixMillis,
    no_execute: bool,
) -> Node {
    let status = |type_: &str| {
        node.status
            .conditions
            .iter()
            .find(|c| c.type_ == type_)
            .map(|c| c.status.clone())
    };
    let mut wanted: Vec<(&str, TaintEffect)> = Vec::new();
    let unready_key = match status("Ready").as_deref() {
        Some("False") => Some("node.kubernetes.io/not-ready"),
        Some("Unknown") => Some("node.kubernetes.io/unreachable"),
        _ => None,
    };
    if let Some(key) = unready_key {
        wanted.push((key, TaintEffect::NoSchedule));
        if no_execute {
            wanted.push((key, TaintEffect::NoExecute));
        }
    }
    for (cond, key) in [
        ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "node.kubernetes.io/pid-pressure"),
        (
            "NetworkUnavailable",
            "node.kubernetes.io/network-unavailable",
        ),
    ] {
        if status(cond).as_deref() == Some("True") {
            wanted.push((key, TaintEffect::NoSchedule));
        }
    }
    if node.spec.unschedulable {
        wanted.push(("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule));
    }
    let managed = [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
        "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/pid-pressure",
        "node.kubernetes.io/network-unavailable",
        "node.kubernetes.io/unschedulable",
    ];
    node.spec.taints.retain(|t| {
        !managed.contains(&t.key.as_str())
            || wanted.iter().any(|(k, e)| *k == t.key && *e == t.effect)
    });
    for (key, effect) in wanted {
        if !node
            .spec
            .taints
            .iter()
            .any(|t| t.key == key && t.effect == effect)
        {
            node.spec.taints.push(Taint {
                key: key.to_string(),
                value: String::new(),
                effect,
                time_added: Some(rfc3339_at(timestamp(now), run_start)),
            });
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::store::state::set_condition;
    use crate::engine::time::{rfc3339, DEFAULT_RUN_START};

    fn taint(key: &str, effect: TaintEffect) -> Taint {
        Taint {
            key: key.to_string(),
            value: String::new(),
            effect,
            time_added: None,
        }
    }

    fn keys(node: &Node) -> Vec<(String, TaintEffect)> {
        node.spec
            .taints
            .iter()
            .map(|t| (t.key.clone(), t.effect))
            .collect()
    }

    /// In the spirit of upstream's `TestTaintsNodeByCondition` and
    /// `TestSwapUnreachableNotReadyTaints`: each condition brings its taint, and a taint the
    /// controller manages goes when its condition does.
    #[test]
    fn lifecycle_taints_follow_the_node_conditions_and_cordon() {
        use TaintEffect::{NoExecute, NoSchedule};
        // (name, conditions, unschedulable, taints before, taints after)
        type Case = (
            &'static str,
            Vec<(&'static str, &'static str)>,
            bool,
            Vec<Taint>,
            Vec<(&'static str, TaintEffect)>,
        );
        let cases: Vec<Case> = vec![
            (
                "a Ready node gets no taint",
                vec![("Ready", "True")],
                false,
                vec![],
                vec![],
            ),
            (
                "NetworkUnavailable is true",
                vec![("Ready", "True"), ("NetworkUnavailable", "True")],
                false,
                vec![],
                vec![("node.kubernetes.io/network-unavailable", NoSchedule)],
            ),
            (
                "NetworkUnavailable and MemoryPressure are true",
                vec![
                    ("Ready", "True"),
                    ("NetworkUnavailable", "True"),
                    ("MemoryPressure", "True"),
                ],
                false,
                vec![],
                vec![
                    ("node.kubernetes.io/memory-pressure", NoSchedule),
                    ("node.kubernetes.io/network-unavailable", NoSchedule),
                ],
            ),
            (
                "a pressure condition that is Unknown brings no taint",
                vec![("Ready", "True"), ("DiskPressure", "Unknown")],
                false,
                vec![],
                vec![],
            ),
            (
                "Ready is false: not-ready for scheduling and execution",
                vec![("Ready", "False")],
                false,
                vec![],
                vec![
                    ("node.kubernetes.io/not-ready", NoSchedule),
                    ("node.kubernetes.io/not-ready", NoExecute),
                ],
            ),
            (
                "Ready is unknown: not-ready is swapped for unreachable",
                vec![("Ready", "Unknown")],
                false,
                vec![
                    taint("node.kubernetes.io/not-ready", NoSchedule),
                    taint("node.kubernetes.io/not-ready", NoExecute),
                ],
                vec![
                    ("node.kubernetes.io/unreachable", NoSchedule),
                    ("node.kubernetes.io/unreachable", NoExecute),
                ],
            ),
            (
                "a cordoned node is unschedulable",
                vec![("Ready", "True")],
                true,
                vec![],
                vec![("node.kubernetes.io/unschedulable", NoSchedule)],
            ),
            (
                "the user's own taints stay",
                vec![("Ready", "True")],
                false,
                vec![
                    taint("dedicated", NoSchedule),
                    taint("node.kubernetes.io/unschedulable", NoSchedule),
                ],
                vec![("dedicated", NoSchedule)],
            ),
        ];
        for (name, conditions, unschedulable, taints, expected) in cases {
            let mut node = Node::default();
            for (type_, status) in conditions {
                set_condition(&mut node, type_, status);
            }
            node.spec.unschedulable = unschedulable;
            node.spec.taints = taints;
            let node = with_lifecycle_taints(node, 5_000, DEFAULT_RUN_START, true);
            let expected: Vec<(String, TaintEffect)> = expected
                .into_iter()
                .map(|(k, e)| (k.to_string(), e))
                .collect();
            assert_eq!(keys(&node), expected, "{name}");
        }
    }

    #[test]
    fn a_taint_the_controller_adds_is_stamped_and_an_existing_one_keeps_its_stamp() {
        let mut node = Node::default();
        set_condition(&mut node, "Ready", "False");
        let node = with_lifecycle_taints(node, 5_000, DEFAULT_RUN_START, true);
        let stamps: Vec<Option<String>> = node
            .spec
            .taints
            .iter()
            .map(|t| t.time_added.clone())
            .collect();
        let added = Some(rfc3339(5_000));
        assert_eq!(stamps, [added.clone(), added.clone()], "stamped when added");
        let node = with_lifecycle_taints(node, 60_000, DEFAULT_RUN_START, true);
        let stamps: Vec<Option<String>> = node
            .spec
            .taints
            .iter()
            .map(|t| t.time_added.clone())
            .collect();
        assert_eq!(stamps, [added.clone(), added], "kept later");
    }

    /// The node `conditions` (type, status) give, through [`with_lifecycle_taints`], the
    /// taints of `effect`.
    fn taints_for(
        taints: Vec<Taint>,
        conditions: &[(&str, &str)],
        effect: TaintEffect,
    ) -> (Node, Vec<String>) {
        let mut node = Node::default();
        node.spec.taints = taints;
        for (type_, status) in conditions {
            set_condition(&mut node, type_, status);
        }
        let node = with_lifecycle_taints(node, 5_000, DEFAULT_RUN_START, true);
        let keys = node
            .spec
            .taints
            .iter()
            .filter(|t| t.effect == effect)
            .map(|t| t.key.clone())
            .collect();
        (node, keys)
    }

    /// Upstream's `TestTaintsNodeByCondition`: the taints of `doNoScheduleTaintingPass`.
    #[test]
    fn test_taints_node_by_condition() {
        // (name, the node's conditions, the NoSchedule taints' keys)
        type Case = (
            &'static str,
            Vec<(&'static str, &'static str)>,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "NetworkUnavailable is true",
                vec![("Ready", "True"), ("NetworkUnavailable", "True")],
                vec!["node.kubernetes.io/network-unavailable"],
            ),
            (
                "Ready is false",
                vec![("Ready", "False")],
                vec!["node.kubernetes.io/not-ready"],
            ),
            (
                "Ready is unknown",
                vec![("Ready", "Unknown")],
                vec!["node.kubernetes.io/unreachable"],
            ),
        ];
        for (name, conditions, expected) in cases {
            let (_, keys) = taints_for(Vec::new(), &conditions, TaintEffect::NoSchedule);
            assert_eq!(keys, expected, "{name}");
        }
    }

    /// Upstream's `TestApplyNoExecuteTaints`: an unknown node is unreachable, a not-ready
    /// one not-ready; once Ready again it has no taint left; a node whose Ready condition
    /// is gone gets none.
    #[test]
    fn test_apply_no_execute_taints() {
        let (_, node0) = taints_for(Vec::new(), &[("Ready", "Unknown")], TaintEffect::NoExecute);
        assert_eq!(node0, ["node.kubernetes.io/unreachable"], "node0");
        let (node2, node2_keys) =
            taints_for(Vec::new(), &[("Ready", "False")], TaintEffect::NoExecute);
        assert_eq!(node2_keys, ["node.kubernetes.io/not-ready"], "node2");
        let mut healthy = node2;
        set_condition(&mut healthy, "Ready", "True");
        let healthy = with_lifecycle_taints(healthy, 10_000, DEFAULT_RUN_START, true);
        assert_eq!(keys(&healthy), [], "node2 healthy again");
        let (node3, _) = taints_for(
            Vec::new(),
            &[("MemoryPressure", "Unknown")],
            TaintEffect::NoExecute,
        );
        assert_eq!(keys(&node3), [], "node3 without a Ready condition");
    }

    /// Upstream's `TestSwapUnreachableNotReadyTaints`: an unreachable node that turns
    /// not-ready has its `unreachable:NoExecute` taint swapped for `not-ready:NoExecute`.
    #[test]
    fn test_swap_unreachable_not_ready_taints() {
        let (node0, keys) = taints_for(Vec::new(), &[("Ready", "Unknown")], TaintEffect::NoExecute);
        assert_eq!(keys, ["node.kubernetes.io/unreachable"]);
        let (_, keys) = taints_for(
            node0.spec.taints,
            &[("Ready", "False")],
            TaintEffect::NoExecute,
        );
        assert_eq!(keys, ["node.kubernetes.io/not-ready"]);
    }
}

//! The seams between the simulation and the placement code: which nodes a DaemonSet wants,
//! the pod the controller creates for a node, and where the scheduler binds a pod.

use crate::engine::api::{
    Affinity, DaemonSet, Node, NodeAffinity, NodeSelector, NodeSelectorTerm, Pod,
    SelectorRequirement, TaintEffect, Toleration, TolerationOperator,
};
use crate::engine::daemon::update::NodeDecision;

use super::state::{ClusterState, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL};

fn tolerates(tolerations: &[Toleration], taint: &crate::engine::api::Taint) -> bool {
    tolerations.iter().any(|t| {
        t.effect.is_none_or(|e| e == taint.effect)
            && (t.key.is_empty() || t.key == taint.key)
            && match t.operator.unwrap_or_default() {
                TolerationOperator::Exists => true,
                TolerationOperator::Equal => t.value == taint.value,
            }
    })
}

/// `NodeShouldRunDaemonPod(node, ds)`.
pub fn node_decision(node: &Node, ds: &DaemonSet) -> NodeDecision {
    let template = &ds.spec.template.spec;
    let mut decision = NodeDecision {
        name: node.metadata.name.clone(),
        should_run: false,
        should_continue_running: false,
    };
    if !template.node_name.is_empty() && template.node_name != node.metadata.name {
        return decision;
    }
    if !template
        .node_selector
        .iter()
        .all(|(k, v)| node.metadata.labels.get(k) == Some(v))
    {
        return decision;
    }
    let tolerations = daemon_tolerations(&template.tolerations, template.host_network);
    let untolerated = |effect: TaintEffect| {
        node.spec
            .taints
            .iter()
            .any(|t| t.effect == effect && !tolerates(&tolerations, t))
    };
    let no_execute = untolerated(TaintEffect::NoExecute);
    let no_schedule = untolerated(TaintEffect::NoSchedule);
    decision.should_run = !no_execute && !no_schedule;
    decision.should_continue_running = !no_execute;
    decision
}

/// The template tolerations plus the automatic daemon tolerations.
pub fn daemon_tolerations(template: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut tolerations = template.to_vec();
    let mut auto = vec![
        ("node.kubernetes.io/not-ready", TaintEffect::NoExecute),
        ("node.kubernetes.io/unreachable", TaintEffect::NoExecute),
        ("node.kubernetes.io/disk-pressure", TaintEffect::NoSchedule),
        (
            "node.kubernetes.io/memory-pressure",
            TaintEffect::NoSchedule,
        ),
        ("node.kubernetes.io/pid-pressure", TaintEffect::NoSchedule),
        ("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule),
    ];
    if host_network {
        auto.push((
            "node.kubernetes.io/network-unavailable",
            TaintEffect::NoSchedule,
        ));
    }
    for (key, effect) in auto {
        let toleration = Toleration {
            key: key.to_string(),
            operator: Some(TolerationOperator::Exists),
            value: String::new(),
            effect: Some(effect),
            toleration_seconds: None,
        };
        match tolerations.iter_mut().find(|t| {
            t.key == toleration.key
                && t.effect == toleration.effect
                && t.operator.unwrap_or_default() == TolerationOperator::Exists
                && t.value.is_empty()
        }) {
            Some(existing) => *existing = toleration,
            None => tolerations.push(toleration),
        }
    }
    tolerations
}

/// The pod the controller creates for `node`: the template, the hash and generation labels,
/// the automatic tolerations and the `matchFields` pin.
pub fn new_daemon_pod(ds: &DaemonSet, node: &str, hash: &str, generation: i64) -> Pod {
    let template = &ds.spec.template;
    let mut pod = Pod {
        metadata: template.metadata.clone(),
        spec: template.spec.clone(),
        status: Default::default(),
    };
    pod.metadata.namespace = ds.metadata.namespace.clone();
    pod.metadata
        .labels
        .insert(HASH_LABEL.to_string(), hash.to_string());
    pod.metadata.labels.insert(
        TEMPLATE_GENERATION_LABEL.to_string(),
        generation.to_string(),
    );
    pod.spec.tolerations =
        daemon_tolerations(&template.spec.tolerations, template.spec.host_network);
    let pin = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Vec::new(),
            match_fields: vec![SelectorRequirement {
                key: "metadata.name".to_string(),
                operator: "In".to_string(),
                values: vec![node.to_string()],
            }],
        }],
    };
    let affinity = pod.spec.affinity.get_or_insert_with(Affinity::default);
    let node_affinity = affinity
        .node_affinity
        .get_or_insert_with(NodeAffinity::default);
    node_affinity.required = Some(pin);
    pod
}

/// Where the scheduler puts a pending pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Bind to this node.
    Bind(String),
    /// No node fits: the FailedScheduling message.
    Unschedulable(String),
    /// No node fits, but evicting `victims` (pod keys) on `node` would make room.
    Preempt {
        /// The nominated node.
        node: String,
        /// Pods to evict.
        victims: Vec<String>,
        /// The FailedScheduling message of this attempt.
        message: String,
    },
}

/// One scheduling attempt for `pod` against `state`.
pub fn schedule(state: &ClusterState, pod: &PodState) -> Placement {
    let total = state.nodes.len();
    let mut fits = state.nodes.values().filter(|n| {
        let node = &n.node;
        pod.target_node().is_none_or(|t| t == node.metadata.name)
            && !node.spec.unschedulable
            && node.spec.taints.iter().all(|t| {
                t.effect == TaintEffect::PreferNoSchedule || tolerates(&pod.pod.spec.tolerations, t)
            })
    });
    match fits.next() {
        Some(node) => Placement::Bind(node.name().to_string()),
        None => Placement::Unschedulable(format!(
            "0/{total} nodes are available: preemption: 0/{total} nodes are available."
        )),
    }
}

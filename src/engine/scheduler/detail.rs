//! What a filter plugin found on a node that rejected the pod, beside its upstream reason
//! strings: the untolerated taint, the taken host port and who holds it, each short
//! resource, the nodeSelector pair or affinity requirement that fails. Each plugin fills it
//! in while it filters; explanations read it, and the explain JSON carries it (camelCase,
//! tagged by `kind`).

use serde::Serialize;

use crate::engine::api::SelectorRequirement;

use super::node_info::HostPort;

/// The typed finding behind a filter plugin's failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FilterDetail {
    /// NodeUnschedulable: the node is cordoned (`spec.unschedulable: true`) and the pod does
    /// not tolerate `node.kubernetes.io/unschedulable:NoSchedule`.
    Unschedulable,
    /// NodeName: the pod's `spec.nodeName` names another node.
    NodeNameMismatch {
        /// The pod's `spec.nodeName`.
        pod_node_name: String,
        /// The node that was checked.
        node: String,
    },
    /// TaintToleration: the first taint (in node order) the filter counts that no toleration
    /// of the pod tolerates.
    UntoleratedTaint {
        /// Taint key.
        key: String,
        /// Taint value (may be empty).
        value: String,
        /// `NoSchedule` or `NoExecute`.
        effect: String,
    },
    /// NodeAffinity: what of the nodeSelector and required node affinity the node misses.
    NodeAffinityMismatch(AffinityMismatch),
    /// NodePorts: a host port the pod wants is already in use on the node.
    HostPortTaken {
        /// The first wanted host port that clashes.
        host_port: HostPort,
        /// `namespace/name` of the pod on the node that holds it.
        holder: Option<String>,
    },
    /// NodeResourcesFit: every resource the pod does not get on the node, in upstream order.
    InsufficientResources {
        /// The short resources.
        resources: Vec<InsufficientResource>,
    },
    /// PodTopologySpread: the constraint the node fails (JSON: tagged by `rule`).
    TopologySpread(SpreadFailure),
    /// InterPodAffinity: the rule the node fails (JSON: tagged by `rule`).
    InterPodAffinity(AffinityFailure),
}

/// What keeps a node out for NodeAffinity (JSON: tagged by `mismatch`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "mismatch",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AffinityMismatch {
    /// A `spec.nodeSelector` pair the node does not carry (the first by key).
    NodeSelector {
        /// Label key.
        key: String,
        /// The value the pod requires.
        value: String,
        /// The node's value for the key, if it has the label.
        node_value: Option<String>,
    },
    /// The required node affinity has no term with `matchExpressions` or `matchFields`, so
    /// it matches no node.
    NoUsableTerms,
    /// None of the required node affinity terms matches the node.
    RequiredTerms {
        /// The number of terms with `matchExpressions` or `matchFields`.
        terms: usize,
        /// What fails first in the first such term, requirement by requirement (`null` when
        /// no single requirement fails on its own).
        first_term_failure: Option<TermFailure>,
    },
    /// PreFilter narrowed the pod to other nodes (`matchFields metadata.name`, as the
    /// DaemonSet controller pins each daemon pod), so this node is not evaluated.
    PinnedToOtherNodes {
        /// The node names PreFilter kept, sorted.
        nodes: Vec<String>,
    },
}

/// The first requirement of a node selector term that does not hold on a node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TermFailure {
    /// A `matchExpressions` entry that does not parse; it never matches.
    InvalidExpression {
        /// The entry.
        requirement: Requirement,
        /// The parse error.
        error: String,
    },
    /// A `matchExpressions` entry the node's labels do not satisfy.
    UnsatisfiedExpression {
        /// The entry.
        requirement: Requirement,
        /// The node's value for the entry's key, if it has the label.
        node_value: Option<String>,
    },
    /// A `matchFields` entry the node does not satisfy (or that does not parse).
    UnsatisfiedField {
        /// The entry.
        requirement: Requirement,
    },
}

/// A node selector requirement as written in the pod (`key`, `operator`, `values`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    /// Label key or field name.
    pub key: String,
    /// Operator, as written.
    pub operator: String,
    /// Values.
    pub values: Vec<String>,
}

impl From<&SelectorRequirement> for Requirement {
    fn from(r: &SelectorRequirement) -> Requirement {
        Requirement {
            key: r.key.clone(),
            operator: r.operator.clone(),
            values: r.values.clone(),
        }
    }
}

/// One resource the pod does not get on the node (upstream `InsufficientResource`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InsufficientResource {
    /// Resource name (`pods`, `cpu`, `memory`, ...).
    pub resource: String,
    /// The reason string (`Insufficient cpu`, `Too many pods`).
    pub reason: String,
    /// What the pod requests (millicores for cpu, bytes for memory and storage, 1 for pods).
    pub requested: i64,
    /// What the node's other pods already request (for `pods`: how many there are).
    pub used: i64,
    /// The node's allocatable amount (upstream calls it `Capacity`).
    pub allocatable: i64,
    /// The request alone exceeds allocatable: preemption cannot help.
    pub unresolvable: bool,
}

/// What keeps a node out for PodTopologySpread (JSON: tagged by `rule`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "rule",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SpreadFailure {
    /// The node lacks the constraint's topology key.
    MissingTopologyKey {
        /// The key.
        topology_key: String,
    },
    /// Placing the pod here would make the skew exceed maxSkew.
    SkewTooHigh {
        /// The topology key.
        topology_key: String,
        /// The node's value for it.
        value: String,
        /// Matching pods in that domain.
        match_num: i64,
        /// 1 when the pod matches its own selector.
        self_match_num: i64,
        /// The global minimum (0 below minDomains).
        min_match_num: i64,
        /// maxSkew.
        max_skew: i32,
    },
}

/// What keeps a node out for InterPodAffinity (JSON: tagged by `rule`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "rule",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AffinityFailure {
    /// The node lacks a term's topology key (every key must be there).
    MissingTopologyKey {
        /// The key.
        topology_key: String,
    },
    /// No pod matching the terms runs in the node's domain of this key.
    NoMatchingPods {
        /// The topology key.
        topology_key: String,
        /// The node's value for it.
        value: String,
    },
    /// The pod's anti-affinity: pods it must avoid run in the node's domain.
    AntiAffinity {
        /// The topology key.
        topology_key: String,
        /// The node's value for it.
        value: String,
        /// How many such pods.
        pods: i64,
    },
    /// A running pod's anti-affinity excludes the incoming pod from this domain.
    ExistingAntiAffinity {
        /// The topology key.
        topology_key: String,
        /// The node's value for it.
        value: String,
        /// How many running pods' terms exclude the pod there.
        terms: i64,
    },
}

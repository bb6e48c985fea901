//! A Pod (`core/v1`) and the pod spec that pod templates share: tolerations, node affinity,
//! containers with their ports and resources, status.

use super::common::{condition, label_selector, object_meta, requirement, taint_effect};
use super::fields::Fields;
use super::scalar::string;
use crate::engine::api::types::*;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx};
use crate::engine::yaml::known;
use crate::engine::yaml::node::Node;

fn toleration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Toleration> {
    let mut f = Fields::open(ctx, node, path)?;
    let key = f.string(ctx, "key").unwrap_or_default();
    let operator_text = f.string(ctx, "operator").unwrap_or_default();
    let value = f.string(ctx, "value").unwrap_or_default();
    let effect_text = f.string(ctx, "effect").unwrap_or_default();
    let toleration_seconds = f.int(ctx, "tolerationSeconds");
    f.finish(
        ctx,
        &["key", "operator", "value", "effect", "tolerationSeconds"],
        &[],
    );
    let operator = match operator_text.as_str() {
        "" => None,
        "Equal" => Some(TolerationOperator::Equal),
        "Exists" => Some(TolerationOperator::Exists),
        other => {
            // Upstream `ValidateTolerations`: with TaintTolerationComparisonOperators off
            // (its v1.35 default), `Lt` and `Gt` are refused naming all four operators.
            let supported = if matches!(other, "Lt" | "Gt") {
                "\"Equal\", \"Exists\", \"Lt\", \"Gt\""
            } else {
                "\"Equal\", \"Exists\""
            };
            ctx.field_error(
                &child(path, "operator"),
                &format!(
                    "Unsupported value: {}: supported values: {supported}",
                    go_quote(other)
                ),
            );
            return None;
        }
    };
    let effect = taint_effect(ctx, &effect_text, &child(path, "effect"), true);
    if effect.is_none() && !effect_text.is_empty() {
        return None;
    }
    Some(Toleration {
        key,
        operator,
        value,
        effect,
        toleration_seconds,
    })
}

fn node_selector_term(ctx: &mut Ctx, node: &Node, path: &str) -> Option<NodeSelectorTerm> {
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return Some(NodeSelectorTerm::default());
    };
    let t = NodeSelectorTerm {
        match_expressions: f.list(ctx, "matchExpressions", requirement),
        match_fields: f.list(ctx, "matchFields", requirement),
    };
    f.finish(ctx, &["matchExpressions", "matchFields"], &[]);
    Some(t)
}

fn node_affinity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<NodeAffinity> {
    let mut f = Fields::open(ctx, node, path)?;
    let required = f.object(
        ctx,
        "requiredDuringSchedulingIgnoredDuringExecution",
        |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let terms = g.list(ctx, "nodeSelectorTerms", node_selector_term);
            g.finish(ctx, &["nodeSelectorTerms"], &[]);
            Some(NodeSelector {
                node_selector_terms: terms,
            })
        },
    );
    let preferred = f.list(
        ctx,
        "preferredDuringSchedulingIgnoredDuringExecution",
        |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let weight = g.int32(ctx, "weight").unwrap_or(0);
            let preference = g
                .object(ctx, "preference", node_selector_term)
                .unwrap_or_default();
            g.finish(ctx, &["weight", "preference"], &[]);
            Some(PreferredSchedulingTerm { weight, preference })
        },
    );
    f.finish(
        ctx,
        &[
            "requiredDuringSchedulingIgnoredDuringExecution",
            "preferredDuringSchedulingIgnoredDuringExecution",
        ],
        &[],
    );
    Some(NodeAffinity {
        required,
        preferred,
    })
}

fn pod_affinity_term(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodAffinityTerm> {
    let mut f = Fields::open(ctx, node, path)?;
    let t = PodAffinityTerm {
        label_selector: f.object(ctx, "labelSelector", label_selector),
        namespaces: f.list(ctx, "namespaces", string),
        topology_key: f.string(ctx, "topologyKey").unwrap_or_default(),
        namespace_selector: f.object(ctx, "namespaceSelector", label_selector),
        match_label_keys: f.list(ctx, "matchLabelKeys", string),
        mismatch_label_keys: f.list(ctx, "mismatchLabelKeys", string),
    };
    f.finish(
        ctx,
        &[
            "labelSelector",
            "namespaces",
            "topologyKey",
            "namespaceSelector",
            "matchLabelKeys",
            "mismatchLabelKeys",
        ],
        &[],
    );
    Some(t)
}

/// `podAffinity` or `podAntiAffinity` (the same shape).
fn pod_affinity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodAffinity> {
    let mut f = Fields::open(ctx, node, path)?;
    let required = f.list(
        ctx,
        "requiredDuringSchedulingIgnoredDuringExecution",
        pod_affinity_term,
    );
    let preferred = f.list(
        ctx,
        "preferredDuringSchedulingIgnoredDuringExecution",
        |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let weight = g.int32(ctx, "weight").unwrap_or(0);
            let pod_affinity_term = g
                .object(ctx, "podAffinityTerm", pod_affinity_term)
                .unwrap_or_default();
            g.finish(ctx, &["weight", "podAffinityTerm"], &[]);
            Some(WeightedPodAffinityTerm {
                weight,
                pod_affinity_term,
            })
        },
    );
    f.finish(
        ctx,
        &[
            "requiredDuringSchedulingIgnoredDuringExecution",
            "preferredDuringSchedulingIgnoredDuringExecution",
        ],
        &[],
    );
    Some(PodAffinity {
        required,
        preferred,
    })
}

fn affinity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Affinity> {
    let mut f = Fields::open(ctx, node, path)?;
    let node_affinity = f.object(ctx, "nodeAffinity", node_affinity);
    let affinity_terms = f.object(ctx, "podAffinity", pod_affinity);
    let anti_affinity_terms = f.object(ctx, "podAntiAffinity", pod_affinity);
    let extra = f.finish(
        ctx,
        &["nodeAffinity", "podAffinity", "podAntiAffinity"],
        &[],
    );
    if node_affinity.is_none()
        && affinity_terms.is_none()
        && anti_affinity_terms.is_none()
        && extra.is_empty()
    {
        // `affinity: {}` is the same as no affinity.
        return None;
    }
    Some(Affinity {
        pod_affinity: affinity_terms,
        pod_anti_affinity: anti_affinity_terms,
        node_affinity,
        extra,
    })
}

/// One `topologySpreadConstraints[]` item (also PodTopologySpread's `defaultConstraints[]`).
pub fn topology_spread_constraint(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
) -> Option<TopologySpreadConstraint> {
    let mut f = Fields::open(ctx, node, path)?;
    let c = TopologySpreadConstraint {
        max_skew: f.int32(ctx, "maxSkew").unwrap_or(0),
        topology_key: f.string(ctx, "topologyKey").unwrap_or_default(),
        when_unsatisfiable: f.string(ctx, "whenUnsatisfiable").unwrap_or_default(),
        label_selector: f.object(ctx, "labelSelector", label_selector),
        min_domains: f.int32(ctx, "minDomains"),
        node_affinity_policy: f.string(ctx, "nodeAffinityPolicy"),
        node_taints_policy: f.string(ctx, "nodeTaintsPolicy"),
        match_label_keys: f.list(ctx, "matchLabelKeys", string),
    };
    f.finish(ctx, TOPOLOGY_SPREAD_CONSTRAINT_FIELDS, &[]);
    Some(c)
}

const TOPOLOGY_SPREAD_CONSTRAINT_FIELDS: &[&str] = &[
    "maxSkew",
    "topologyKey",
    "whenUnsatisfiable",
    "labelSelector",
    "minDomains",
    "nodeAffinityPolicy",
    "nodeTaintsPolicy",
    "matchLabelKeys",
];

fn container_port(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ContainerPort> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = ContainerPort {
        name: f.string(ctx, "name"),
        container_port: f.int32(ctx, "containerPort").unwrap_or(0),
        host_port: f.int32(ctx, "hostPort").unwrap_or(0),
        host_ip: f.string(ctx, "hostIP").unwrap_or_default(),
        protocol: f.string(ctx, "protocol").unwrap_or_default(),
    };
    f.finish(
        ctx,
        &["name", "containerPort", "hostPort", "hostIP", "protocol"],
        &[],
    );
    Some(p)
}

fn resource_requirements(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ResourceRequirements> {
    let mut f = Fields::open(ctx, node, path)?;
    let requests = f.resources(ctx, "requests");
    let limits = f.resources(ctx, "limits");
    let extra = f.finish(ctx, &["requests", "limits"], known::RESOURCES);
    Some(ResourceRequirements {
        requests,
        limits,
        extra,
    })
}

fn container(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Container> {
    let mut f = Fields::open(ctx, node, path)?;
    let name = f.string(ctx, "name").unwrap_or_default();
    let image = f.string(ctx, "image").unwrap_or_default();
    let ports = f.list(ctx, "ports", container_port);
    let resources = f
        .object(ctx, "resources", resource_requirements)
        .unwrap_or_default();
    let restart_policy = f.string(ctx, "restartPolicy");
    let extra = f.finish(
        ctx,
        &["name", "image", "ports", "resources", "restartPolicy"],
        known::CONTAINER,
    );
    Some(Container {
        name,
        image,
        ports,
        resources,
        restart_policy,
        extra,
    })
}

/// `spec` of a Pod or a pod template.
pub fn pod_spec(ctx: &mut Ctx, node: &Node, path: &str) -> PodSpec {
    let mut spec = PodSpec::default();
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return spec;
    };
    spec.node_name = f.string(ctx, "nodeName").unwrap_or_default();
    spec.node_selector = f.string_map(ctx, "nodeSelector");
    spec.affinity = f.object(ctx, "affinity", affinity);
    spec.tolerations = f.list(ctx, "tolerations", toleration).into();
    spec.topology_spread_constraints =
        f.list(ctx, "topologySpreadConstraints", topology_spread_constraint);
    spec.containers = f.list(ctx, "containers", container).into();
    spec.init_containers = f.list(ctx, "initContainers", container).into();
    spec.overhead = f.resources(ctx, "overhead");
    spec.resources = f.object(ctx, "resources", resource_requirements);
    spec.priority = f.int32(ctx, "priority");
    spec.priority_class_name = f.string(ctx, "priorityClassName").unwrap_or_default();
    spec.preemption_policy = f.string(ctx, "preemptionPolicy");
    spec.host_network = f.bool(ctx, "hostNetwork").unwrap_or(false);
    spec.scheduler_name = f.string(ctx, "schedulerName").unwrap_or_default();
    spec.termination_grace_period_seconds = f.int(ctx, "terminationGracePeriodSeconds");
    spec.restart_policy = f.string(ctx, "restartPolicy").unwrap_or_default();
    spec.active_deadline_seconds = f.int(ctx, "activeDeadlineSeconds");
    spec.extra = f.finish(ctx, POD_SPEC_TYPED, known::POD_SPEC);
    spec
}

const POD_SPEC_TYPED: &[&str] = &[
    "nodeName",
    "nodeSelector",
    "affinity",
    "tolerations",
    "topologySpreadConstraints",
    "containers",
    "initContainers",
    "overhead",
    "resources",
    "priority",
    "priorityClassName",
    "preemptionPolicy",
    "hostNetwork",
    "schedulerName",
    "terminationGracePeriodSeconds",
    "restartPolicy",
    "activeDeadlineSeconds",
];

/// A pod template (`metadata` and `spec`), as DaemonSets, Deployments and ReplicaSets hold it.
pub fn pod_template(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodTemplateSpec> {
    let mut t = Fields::open(ctx, node, path)?;
    let metadata = t
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let spec = t
        .object(ctx, "spec", |c, n, p| Some(pod_spec(c, n, p)))
        .unwrap_or_default();
    t.finish(ctx, &["metadata", "spec"], &[]);
    Some(PodTemplateSpec { metadata, spec })
}

/// A Pod (the whole object mapping, `apiVersion` and `kind` already read by the caller).
pub fn pod(ctx: &mut Ctx, f: &mut Fields<'_>) -> Pod {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let spec = f
        .object(ctx, "spec", |c, n, p| Some(pod_spec(c, n, p)))
        .unwrap_or_default();
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = PodStatus {
                phase: g.string(ctx, "phase"),
                conditions: g.list(ctx, "conditions", condition),
                nominated_node_name: g.string(ctx, "nominatedNodeName"),
                start_time: g.string(ctx, "startTime"),
                extra: Extra::new(),
            };
            let extra = g.finish(
                ctx,
                &["phase", "conditions", "nominatedNodeName", "startTime"],
                known::POD_STATUS,
            );
            Some(PodStatus { extra, ..s })
        })
        .unwrap_or_default();
    Pod {
        metadata,
        spec,
        status,
    }
}

//! Objects back to clean YAML: Kubernetes field order, no nulls, no empty typed maps, strings
//! quoted whenever a plain scalar would read back as another type.

mod goals;
mod policy;
mod stateful_set;

use super::emit::{emit_map, Out};
use super::Objects;
use crate::engine::api::scenario::*;
use crate::engine::api::time::{format_rfc3339, parse_rfc3339};
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;

/// A mapping under construction that skips unset and empty fields.
#[derive(Default)]
struct M(Vec<(String, Out)>);

impl M {
    fn put(&mut self, k: &str, v: Out) -> &mut Self {
        self.0.push((k.to_string(), v));
        self
    }
    fn str(&mut self, k: &str, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.put(k, Out::Str(v.to_string()));
        }
        self
    }
    fn opt_str(&mut self, k: &str, v: &Option<String>) -> &mut Self {
        if let Some(v) = v {
            self.put(k, Out::Str(v.clone()));
        }
        self
    }
    /// A `metav1.Time` field, written as the API server writes it (UTC, whole seconds).
    fn opt_time(&mut self, k: &str, v: &Option<String>) -> &mut Self {
        if let Some(v) = v {
            let text = parse_rfc3339(v).map_or_else(|_| v.clone(), format_rfc3339);
            self.put(k, Out::Str(text));
        }
        self
    }
    fn int(&mut self, k: &str, v: i64) -> &mut Self {
        if v != 0 {
            self.put(k, Out::Int(v));
        }
        self
    }
    fn opt_int(&mut self, k: &str, v: Option<i64>) -> &mut Self {
        if let Some(v) = v {
            self.put(k, Out::Int(v));
        }
        self
    }
    fn flag(&mut self, k: &str, v: bool) -> &mut Self {
        if v {
            self.put(k, Out::Bool(true));
        }
        self
    }
    fn opt_bool(&mut self, k: &str, v: Option<bool>) -> &mut Self {
        if let Some(v) = v {
            self.put(k, Out::Bool(v));
        }
        self
    }
    fn sub(&mut self, k: &str, v: Out) -> &mut Self {
        if !v.is_empty_collection() {
            self.put(k, v);
        }
        self
    }
    fn extra(&mut self, extra: &Extra) -> &mut Self {
        for (k, v) in extra {
            self.put(k, raw(v));
        }
        self
    }
    fn done(self) -> Out {
        Out::Map(self.0)
    }
}

fn raw(v: &RawValue) -> Out {
    match v {
        RawValue::Null => Out::Null,
        RawValue::Bool(b) => Out::Bool(*b),
        RawValue::Int(i) => Out::Int(*i),
        RawValue::Float(f) => Out::Float(f.clone()),
        RawValue::String(s) => Out::Str(s.clone()),
        RawValue::Seq(items) => Out::Seq(items.iter().map(raw).collect()),
        RawValue::Map(entries) => {
            Out::Map(entries.iter().map(|(k, v)| (k.clone(), raw(v))).collect())
        }
    }
}

fn string_map(m: &StringMap) -> Out {
    Out::Map(
        m.iter()
            .map(|(k, v)| (k.clone(), Out::Str(v.clone())))
            .collect(),
    )
}

fn resource_list(r: &ResourceList) -> Out {
    Out::Map(
        r.iter()
            .map(|(k, q)| (k.clone(), Out::Str(q.to_string())))
            .collect(),
    )
}

fn strings(v: &[String]) -> Out {
    Out::Seq(v.iter().map(|s| Out::Str(s.clone())).collect())
}

fn meta(m: &ObjectMeta) -> Out {
    let mut o = M::default();
    o.str("name", &m.name)
        .str("namespace", &m.namespace)
        .sub("labels", string_map(&m.labels))
        .sub("annotations", string_map(&m.annotations))
        .opt_str("uid", &m.uid)
        .opt_time("creationTimestamp", &m.creation_timestamp)
        .opt_int("generation", m.generation);
    let owners = m
        .owner_references
        .iter()
        .map(|r| {
            let mut o = M::default();
            o.str("apiVersion", &r.api_version)
                .str("kind", &r.kind)
                .str("name", &r.name)
                .str("uid", &r.uid)
                .opt_bool("controller", r.controller)
                .opt_bool("blockOwnerDeletion", r.block_owner_deletion);
            o.done()
        })
        .collect();
    o.sub("ownerReferences", Out::Seq(owners))
        .opt_time("deletionTimestamp", &m.deletion_timestamp)
        .extra(&m.extra);
    o.done()
}

fn requirement(r: &SelectorRequirement) -> Out {
    let mut o = M::default();
    o.str("key", &r.key)
        .str("operator", &r.operator)
        .sub("values", strings(&r.values));
    o.done()
}

fn term(t: &NodeSelectorTerm) -> Out {
    let mut o = M::default();
    o.sub(
        "matchExpressions",
        Out::Seq(t.match_expressions.iter().map(requirement).collect()),
    )
    .sub(
        "matchFields",
        Out::Seq(t.match_fields.iter().map(requirement).collect()),
    );
    o.done()
}

fn pod_affinity_term(t: &PodAffinityTerm) -> Out {
    let mut o = M::default();
    if let Some(sel) = &t.label_selector {
        o.put("labelSelector", label_selector(sel));
    }
    o.sub("namespaces", strings(&t.namespaces))
        .str("topologyKey", &t.topology_key);
    if let Some(sel) = &t.namespace_selector {
        o.put("namespaceSelector", label_selector(sel));
    }
    o.sub("matchLabelKeys", strings(&t.match_label_keys))
        .sub("mismatchLabelKeys", strings(&t.mismatch_label_keys));
    o.done()
}

fn pod_affinity(a: &PodAffinity) -> Out {
    let mut o = M::default();
    o.sub(
        "requiredDuringSchedulingIgnoredDuringExecution",
        Out::Seq(a.required.iter().map(pod_affinity_term).collect()),
    );
    let preferred = a
        .preferred
        .iter()
        .map(|w| {
            let mut m = M::default();
            m.put("weight", Out::Int(i64::from(w.weight)))
                .put("podAffinityTerm", pod_affinity_term(&w.pod_affinity_term));
            m.done()
        })
        .collect();
    o.sub(
        "preferredDuringSchedulingIgnoredDuringExecution",
        Out::Seq(preferred),
    );
    o.done()
}

fn topology_spread_constraint(c: &TopologySpreadConstraint) -> Out {
    let mut o = M::default();
    o.put("maxSkew", Out::Int(i64::from(c.max_skew)))
        .str("topologyKey", &c.topology_key)
        .str("whenUnsatisfiable", &c.when_unsatisfiable);
    if let Some(sel) = &c.label_selector {
        o.put("labelSelector", label_selector(sel));
    }
    o.opt_int("minDomains", c.min_domains.map(i64::from))
        .opt_str("nodeAffinityPolicy", &c.node_affinity_policy)
        .opt_str("nodeTaintsPolicy", &c.node_taints_policy)
        .sub("matchLabelKeys", strings(&c.match_label_keys));
    o.done()
}

fn affinity(a: &Affinity) -> Out {
    let mut o = M::default();
    if let Some(na) = &a.node_affinity {
        let mut n = M::default();
        if let Some(req) = &na.required {
            let mut r = M::default();
            r.put(
                "nodeSelectorTerms",
                Out::Seq(req.node_selector_terms.iter().map(term).collect()),
            );
            n.put("requiredDuringSchedulingIgnoredDuringExecution", r.done());
        }
        let preferred = na
            .preferred
            .iter()
            .map(|p| {
                let mut m = M::default();
                m.put("weight", Out::Int(i64::from(p.weight)))
                    .put("preference", term(&p.preference));
                m.done()
            })
            .collect();
        n.sub(
            "preferredDuringSchedulingIgnoredDuringExecution",
            Out::Seq(preferred),
        );
        o.put("nodeAffinity", n.done());
    }
    if let Some(pa) = &a.pod_affinity {
        o.put("podAffinity", pod_affinity(pa));
    }
    if let Some(pa) = &a.pod_anti_affinity {
        o.put("podAntiAffinity", pod_affinity(pa));
    }
    o.extra(&a.extra);
    o.done()
}

fn resource_requirements(r: &ResourceRequirements) -> Out {
    let mut o = M::default();
    o.sub("requests", resource_list(&r.requests))
        .sub("limits", resource_list(&r.limits))
        .extra(&r.extra);
    o.done()
}

fn container(c: &Container) -> Out {
    let mut o = M::default();
    o.str("name", &c.name).str("image", &c.image);
    let ports = c
        .ports
        .iter()
        .map(|p| {
            let mut m = M::default();
            m.opt_str("name", &p.name)
                .int("containerPort", i64::from(p.container_port))
                .int("hostPort", i64::from(p.host_port))
                .str("hostIP", &p.host_ip)
                .str("protocol", &p.protocol);
            m.done()
        })
        .collect();
    o.sub("ports", Out::Seq(ports));
    o.sub("resources", resource_requirements(&c.resources))
        .opt_str("restartPolicy", &c.restart_policy)
        .extra(&c.extra);
    o.done()
}

fn pod_spec(s: &PodSpec) -> Out {
    let mut o = M::default();
    o.str("nodeName", &s.node_name)
        .sub("nodeSelector", string_map(&s.node_selector));
    if let Some(a) = &s.affinity {
        o.sub("affinity", affinity(a));
    }
    let tolerations = s
        .tolerations
        .iter()
        .map(|t| {
            let mut m = M::default();
            m.str("key", &t.key);
            if let Some(op) = t.operator {
                m.put("operator", Out::Str(op.as_str().to_string()));
            }
            m.str("value", &t.value);
            if let Some(e) = t.effect {
                m.put("effect", Out::Str(e.as_str().to_string()));
            }
            m.opt_int("tolerationSeconds", t.toleration_seconds);
            m.done()
        })
        .collect();
    o.sub("tolerations", Out::Seq(tolerations))
        .sub(
            "topologySpreadConstraints",
            Out::Seq(
                s.topology_spread_constraints
                    .iter()
                    .map(topology_spread_constraint)
                    .collect(),
            ),
        )
        .sub(
            "containers",
            Out::Seq(s.containers.iter().map(container).collect()),
        )
        .sub(
            "initContainers",
            Out::Seq(s.init_containers.iter().map(container).collect()),
        )
        .sub("overhead", resource_list(&s.overhead));
    if let Some(r) = &s.resources {
        o.put("resources", resource_requirements(r));
    }
    o.opt_int("priority", s.priority.map(i64::from))
        .str("priorityClassName", &s.priority_class_name)
        .opt_str("preemptionPolicy", &s.preemption_policy)
        .flag("hostNetwork", s.host_network)
        .str("schedulerName", &s.scheduler_name)
        .opt_int(
            "terminationGracePeriodSeconds",
            s.termination_grace_period_seconds,
        )
        .str("restartPolicy", &s.restart_policy)
        .opt_int("activeDeadlineSeconds", s.active_deadline_seconds)
        .extra(&s.extra);
    o.done()
}

fn conditions(c: &[Condition]) -> Out {
    Out::Seq(
        c.iter()
            .map(|c| {
                let mut m = M::default();
                m.str("type", &c.type_)
                    .str("status", &c.status)
                    .opt_str("reason", &c.reason)
                    .opt_str("message", &c.message)
                    .opt_time("lastTransitionTime", &c.last_transition_time)
                    .extra(&c.extra);
                m.done()
            })
            .collect(),
    )
}

fn header(api_version: &str, kind: &str) -> M {
    let mut o = M::default();
    o.put("apiVersion", Out::Str(api_version.to_string()))
        .put("kind", Out::Str(kind.to_string()));
    o
}

fn node(n: &Node) -> Out {
    let mut o = header("v1", "Node");
    o.sub("metadata", meta(&n.metadata));
    let mut spec = M::default();
    let taints = n
        .spec
        .taints
        .iter()
        .map(|t| {
            let mut m = M::default();
            m.str("key", &t.key)
                .str("value", &t.value)
                .put("effect", Out::Str(t.effect.as_str().to_string()))
                .opt_time("timeAdded", &t.time_added);
            m.done()
        })
        .collect();
    spec.flag("unschedulable", n.spec.unschedulable)
        .sub("taints", Out::Seq(taints))
        .extra(&n.spec.extra);
    let mut status = M::default();
    status
        .sub("capacity", resource_list(&n.status.capacity))
        .sub("allocatable", resource_list(&n.status.allocatable))
        .sub("conditions", conditions(&n.status.conditions))
        .sub(
            "images",
            Out::Seq(
                n.status
                    .images
                    .iter()
                    .map(|i| {
                        let mut m = M::default();
                        m.sub("names", strings(&i.names))
                            .int("sizeBytes", i.size_bytes);
                        m.done()
                    })
                    .collect(),
            ),
        )
        .extra(&n.status.extra);
    o.sub("spec", spec.done()).sub("status", status.done());
    o.done()
}

fn pod(p: &Pod) -> Out {
    let mut o = header("v1", "Pod");
    o.sub("metadata", meta(&p.metadata))
        .sub("spec", pod_spec(&p.spec));
    let mut status = M::default();
    status
        .opt_str("phase", &p.status.phase)
        .sub("conditions", conditions(&p.status.conditions))
        .opt_str("nominatedNodeName", &p.status.nominated_node_name)
        .opt_time("startTime", &p.status.start_time)
        .extra(&p.status.extra);
    o.sub("status", status.done());
    o.done()
}

fn int_or_percent(v: &IntOrPercent) -> Out {
    match v {
        IntOrPercent::Int(i) => Out::Int(i64::from(*i)),
        IntOrPercent::String(s) => Out::Str(s.clone()),
    }
}

/// A workload's update strategy: its `type`, and `rollingUpdate` with `maxUnavailable` and
/// `maxSurge` when it has one (DaemonSets' `updateStrategy`, Deployments' `strategy`).
fn update_strategy(
    type_: &str,
    rolling_update: Option<(Option<&IntOrPercent>, Option<&IntOrPercent>)>,
) -> Out {
    let mut strategy = M::default();
    strategy.str("type", type_);
    if let Some((max_unavailable, max_surge)) = rolling_update {
        let mut r = M::default();
        if let Some(v) = max_unavailable {
            r.put("maxUnavailable", int_or_percent(v));
        }
        if let Some(v) = max_surge {
            r.put("maxSurge", int_or_percent(v));
        }
        strategy.put("rollingUpdate", r.done());
    }
    strategy.done()
}

fn daemon_set(d: &DaemonSet) -> Out {
    let mut o = header("apps/v1", "DaemonSet");
    o.sub("metadata", meta(&d.metadata));
    let mut spec = M::default();
    if let Some(sel) = &d.spec.selector {
        spec.put("selector", label_selector(sel));
    }
    spec.sub("template", pod_template(&d.spec.template));
    let type_ = match &d.spec.update_strategy.type_ {
        UpdateStrategyType::RollingUpdate => "RollingUpdate",
        UpdateStrategyType::OnDelete => "OnDelete",
        UpdateStrategyType::Other(s) => s.as_str(),
    };
    let rolling = d.spec.update_strategy.rolling_update.as_ref();
    let strategy = update_strategy(
        type_,
        rolling.map(|r| (r.max_unavailable.as_ref(), r.max_surge.as_ref())),
    );
    spec.sub("updateStrategy", strategy)
        .int("minReadySeconds", i64::from(d.spec.min_ready_seconds))
        .put(
            "revisionHistoryLimit",
            Out::Int(i64::from(d.spec.revision_history_limit)),
        );
    o.sub("spec", spec.done());
    let s = &d.status;
    let mut status = M::default();
    status
        .int(
            "currentNumberScheduled",
            i64::from(s.current_number_scheduled),
        )
        .int("numberMisscheduled", i64::from(s.number_misscheduled))
        .int(
            "desiredNumberScheduled",
            i64::from(s.desired_number_scheduled),
        )
        .int("numberReady", i64::from(s.number_ready))
        .int("observedGeneration", s.observed_generation)
        .int(
            "updatedNumberScheduled",
            i64::from(s.updated_number_scheduled),
        )
        .int("numberAvailable", i64::from(s.number_available))
        .int("numberUnavailable", i64::from(s.number_unavailable))
        .opt_int("collisionCount", s.collision_count.map(i64::from));
    o.sub("status", status.done());
    o.done()
}

fn label_selector(sel: &LabelSelector) -> Out {
    let mut s = M::default();
    s.sub("matchLabels", string_map(&sel.match_labels)).sub(
        "matchExpressions",
        Out::Seq(sel.match_expressions.iter().map(requirement).collect()),
    );
    s.done()
}

fn pod_template(t: &PodTemplateSpec) -> Out {
    let mut template = M::default();
    template
        .sub("metadata", meta(&t.metadata))
        .sub("spec", pod_spec(&t.spec));
    template.done()
}

fn workload_conditions(c: &[WorkloadCondition]) -> Out {
    Out::Seq(
        c.iter()
            .map(|c| {
                let mut m = M::default();
                m.str("type", &c.type_)
                    .str("status", &c.status)
                    .opt_time("lastUpdateTime", &c.last_update_time)
                    .opt_time("lastTransitionTime", &c.last_transition_time)
                    .opt_str("reason", &c.reason)
                    .opt_str("message", &c.message);
                m.done()
            })
            .collect(),
    )
}

fn deployment(d: &Deployment) -> Out {
    let mut o = header("apps/v1", "Deployment");
    o.sub("metadata", meta(&d.metadata));
    let mut spec = M::default();
    spec.put("replicas", Out::Int(i64::from(d.spec.replicas)));
    if let Some(sel) = &d.spec.selector {
        spec.put("selector", label_selector(sel));
    }
    spec.sub("template", pod_template(&d.spec.template));
    let type_ = match &d.spec.strategy.type_ {
        DeploymentStrategyType::RollingUpdate => "RollingUpdate",
        DeploymentStrategyType::Recreate => "Recreate",
        DeploymentStrategyType::Other(s) => s.as_str(),
    };
    let rolling = d.spec.strategy.rolling_update.as_ref();
    let strategy = update_strategy(
        type_,
        rolling.map(|r| (r.max_unavailable.as_ref(), r.max_surge.as_ref())),
    );
    spec.sub("strategy", strategy)
        .int("minReadySeconds", i64::from(d.spec.min_ready_seconds))
        .put(
            "revisionHistoryLimit",
            Out::Int(i64::from(d.spec.revision_history_limit)),
        )
        .flag("paused", d.spec.paused)
        .opt_int(
            "progressDeadlineSeconds",
            d.spec.progress_deadline_seconds.map(i64::from),
        );
    o.sub("spec", spec.done());
    let s = &d.status;
    let mut status = M::default();
    status
        .int("observedGeneration", s.observed_generation)
        .int("replicas", i64::from(s.replicas))
        .int("updatedReplicas", i64::from(s.updated_replicas))
        .int("readyReplicas", i64::from(s.ready_replicas))
        .int("availableReplicas", i64::from(s.available_replicas))
        .int("unavailableReplicas", i64::from(s.unavailable_replicas))
        .opt_int("terminatingReplicas", s.terminating_replicas.map(i64::from))
        .sub("conditions", workload_conditions(&s.conditions))
        .opt_int("collisionCount", s.collision_count.map(i64::from));
    o.sub("status", status.done());
    o.done()
}

fn replica_set(r: &ReplicaSet) -> Out {
    let mut o = header("apps/v1", "ReplicaSet");
    o.sub("metadata", meta(&r.metadata));
    let mut spec = M::default();
    spec.put("replicas", Out::Int(i64::from(r.spec.replicas)))
        .int("minReadySeconds", i64::from(r.spec.min_ready_seconds));
    if let Some(sel) = &r.spec.selector {
        spec.put("selector", label_selector(sel));
    }
    spec.sub("template", pod_template(&r.spec.template));
    o.sub("spec", spec.done());
    let s = &r.status;
    let mut status = M::default();
    status
        .int("replicas", i64::from(s.replicas))
        .int("fullyLabeledReplicas", i64::from(s.fully_labeled_replicas))
        .int("readyReplicas", i64::from(s.ready_replicas))
        .int("availableReplicas", i64::from(s.available_replicas))
        .opt_int("terminatingReplicas", s.terminating_replicas.map(i64::from))
        .int("observedGeneration", s.observed_generation)
        .sub("conditions", workload_conditions(&s.conditions));
    o.sub("status", status.done());
    o.done()
}

fn priority_class(p: &PriorityClass) -> Out {
    let mut o = header("scheduling.k8s.io/v1", "PriorityClass");
    o.sub("metadata", meta(&p.metadata))
        .put("value", Out::Int(i64::from(p.value)))
        .flag("globalDefault", p.global_default)
        .str("preemptionPolicy", &p.preemption_policy)
        .opt_str("description", &p.description);
    o.done()
}

fn duration(d: Duration) -> Out {
    Out::Str(d.to_string())
}

fn scenario_object(o: &ScenarioObject) -> Out {
    match o {
        ScenarioObject::Node(n) => node(n),
        ScenarioObject::Pod(p) => pod(p),
        ScenarioObject::DaemonSet(d) => daemon_set(d),
        ScenarioObject::PriorityClass(p) => priority_class(p),
        ScenarioObject::PodDisruptionBudget(p) => policy::pod_disruption_budget(p),
        ScenarioObject::Deployment(d) => deployment(d),
        ScenarioObject::ReplicaSet(r) => replica_set(r),
        ScenarioObject::StatefulSet(s) => stateful_set::stateful_set(s),
    }
}

/// A step's workload as its kind key and namespace (`deployment: web`, `namespace: default`).
fn workload(m: &mut M, w: &Workload) {
    m.str(w.kind.key(), &w.name).str("namespace", &w.namespace);
}

fn action(a: &Action) -> (&'static str, Out) {
    let mut m = M::default();
    let name = match a {
        Action::Apply(o) => return ("apply", scenario_object(o)),
        Action::AddNode(n) => return ("addNode", node(n)),
        Action::DeleteNode(n) => return ("deleteNode", Out::Str(n.clone())),
        Action::Cordon(n) => return ("cordon", Out::Str(n.clone())),
        Action::Uncordon(n) => return ("uncordon", Out::Str(n.clone())),
        Action::Wait(Wait::For(d)) => return ("wait", duration(*d)),
        Action::Drain(spec) => return ("drain", policy::drain_step(spec)),
        Action::Evict { name, namespace } => {
            m.str("name", name).str("namespace", namespace);
            "evict"
        }
        Action::Wait(Wait::RolloutComplete {
            workload: w,
            timeout,
        }) => {
            m.str("until", "rolloutComplete");
            workload(&mut m, w);
            if let Some(t) = timeout {
                m.put("timeout", duration(*t));
            }
            "wait"
        }
        Action::SetImage {
            workload: w,
            container,
            image,
        } => {
            workload(&mut m, w);
            m.opt_str("container", container).str("image", image);
            "setImage"
        }
        Action::Scale {
            workload: w,
            replicas,
        } => {
            workload(&mut m, w);
            m.put("replicas", Out::Int(i64::from(*replicas)));
            "scale"
        }
        Action::SetPartition {
            workload: w,
            partition,
        } => {
            workload(&mut m, w);
            m.put("partition", Out::Int(i64::from(*partition)));
            "setPartition"
        }
        Action::Pause(w) => {
            workload(&mut m, w);
            "pause"
        }
        Action::Resume(w) => {
            workload(&mut m, w);
            "resume"
        }
        Action::LabelNode { node, labels } => {
            m.str("node", node);
            let entries = labels
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_ref().map_or(Out::Null, |v| Out::Str(v.clone())),
                    )
                })
                .collect();
            m.sub("labels", Out::Map(entries));
            "labelNode"
        }
        Action::TaintNode {
            node,
            key,
            value,
            effect,
        } => {
            m.str("node", node)
                .str("key", key)
                .str("value", value)
                .str("effect", effect.as_str());
            "taintNode"
        }
        Action::UntaintNode { node, key, effect } => {
            m.str("node", node).str("key", key);
            if let Some(e) = effect {
                m.str("effect", e.as_str());
            }
            "untaintNode"
        }
        Action::SetNodeReady { node, ready } => {
            m.str("node", node).put("ready", Out::Bool(*ready));
            "setNodeReady"
        }
        Action::DeletePod(PodRef::Named { name, namespace }) => {
            m.str("name", name).str("namespace", namespace);
            "deletePod"
        }
        Action::DeletePod(PodRef::DaemonPod {
            daemon_set,
            namespace,
            node,
        }) => {
            m.str("daemonSet", daemon_set)
                .str("namespace", namespace)
                .str("node", node);
            "deletePod"
        }
        Action::DeletePod(PodRef::DeploymentPods {
            deployment,
            namespace,
            node,
        }) => {
            m.str("deployment", deployment)
                .str("namespace", namespace)
                .opt_str("node", node);
            "deletePod"
        }
        Action::DeletePod(PodRef::StatefulSetPod {
            stateful_set,
            namespace,
            ordinal,
        }) => {
            m.str("statefulSet", stateful_set)
                .str("namespace", namespace)
                .put("ordinal", Out::Int(i64::from(*ordinal)));
            "deletePod"
        }
        Action::MarkPodsReady {
            daemon_set,
            namespace,
            node,
        } => {
            m.str("daemonSet", daemon_set)
                .str("namespace", namespace)
                .opt_str("node", node);
            "markPodsReady"
        }
        Action::Sync {
            daemon_set,
            namespace,
        } => {
            m.opt_str("daemonSet", daemon_set)
                .str("namespace", namespace);
            "sync"
        }
        Action::Rollback {
            workload: w,
            to_revision,
        } => {
            workload(&mut m, w);
            m.opt_int("toRevision", *to_revision);
            "rollback"
        }
    };
    (name, m.done())
}

fn scenario(s: &Scenario) -> Out {
    let mut o = header("kubeplay.dev/v1alpha1", "Scenario");
    o.sub("metadata", meta(&s.metadata));
    let mut spec = M::default();
    spec.put(
        "seed",
        Out::Int(i64::try_from(s.spec.seed).unwrap_or(i64::MAX)),
    );
    match s.spec.until {
        Until::Stable => spec.put("until", Out::Str("stable".into())),
        Until::After(d) => spec.put("until", duration(d)),
    };
    spec.flag("manualReadiness", s.spec.manual_readiness);
    let k = &s.spec.kubelet;
    let mut kubelet = M::default();
    kubelet
        .put("imagePullSeconds", duration(k.image_pull))
        .put("startSeconds", duration(k.start))
        .put("readinessSeconds", duration(k.readiness));
    let images = k
        .images
        .iter()
        .map(|r| {
            let mut m = M::default();
            m.str("image", &r.image);
            if let Some(p) = r.pull {
                m.put("pullSeconds", duration(p));
            }
            if let Some(f) = r.failure {
                m.str("failure", f.as_str());
            }
            m.done()
        })
        .collect();
    kubelet.sub("images", Out::Seq(images));
    spec.put("kubelet", kubelet.done());
    let steps = s
        .spec
        .steps
        .iter()
        .map(|st| {
            let mut m = M::default();
            if let Some(at) = st.at {
                m.put("at", duration(at));
            }
            if let Some(after) = st.after {
                m.put("after", duration(after));
            }
            let (name, v) = action(&st.action);
            m.put(name, v);
            m.done()
        })
        .collect();
    spec.sub("steps", Out::Seq(steps));
    spec.sub("goals", goals::goals(&s.spec.goals));
    o.put("spec", spec.done());
    o.done()
}

// ---- printing ---------------------------------------------------------------------------------

/// Prints objects as YAML documents (PriorityClasses, Nodes, DaemonSets, Deployments,
/// ReplicaSets, StatefulSets, PodDisruptionBudgets, Pods, then the Scenario). Objects of kinds that are not simulated are not kept, so they are not printed.
pub fn to_yaml(objects: &Objects) -> String {
    let mut docs: Vec<Out> = Vec::new();
    docs.extend(objects.priority_classes.iter().map(priority_class));
    docs.extend(objects.nodes.iter().map(node));
    docs.extend(objects.daemon_sets.iter().map(daemon_set));
    docs.extend(objects.deployments.iter().map(deployment));
    docs.extend(objects.replica_sets.iter().map(replica_set));
    docs.extend(objects.stateful_sets.iter().map(stateful_set::stateful_set));
    docs.extend(
        objects
            .pod_disruption_budgets
            .iter()
            .map(policy::pod_disruption_budget),
    );
    docs.extend(objects.pods.iter().map(pod));
    docs.extend(objects.scenario.iter().map(scenario));
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        if let Out::Map(m) = d {
            emit_map(&mut out, m, 0, false);
        }
    }
    out
}

/// Prints a pod template (`metadata` and `spec`) as YAML: the canonical text the controller
/// hashes for `controller-revision-hash`.
pub fn pod_template_to_yaml(template: &PodTemplateSpec) -> String {
    let mut out = String::new();
    emit_map(
        &mut out,
        &[
            ("metadata".to_string(), meta(&template.metadata)),
            ("spec".to_string(), pod_spec(&template.spec)),
        ],
        0,
        false,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_exported_as_the_api_server_writes_them() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: \"2024-05-01T12:00:00.75+04:00\"\nspec:\n  containers: [{name: c, image: i}]\nstatus:\n  startTime: \"2024-05-01T08:00:01Z\"\n  conditions:\n  - {type: Ready, status: \"True\", lastTransitionTime: \"2024-05-01T03:00:02-05:00\"}\n";
        let loaded = super::super::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let out = to_yaml(&loaded.objects);
        for (name, line) in [
            (
                "an offset is written in UTC without the fraction",
                "creationTimestamp: 2024-05-01T08:00:00Z",
            ),
            (
                "a UTC time is written as it was",
                "startTime: 2024-05-01T08:00:01Z",
            ),
            (
                "a condition's time is written in UTC",
                "lastTransitionTime: 2024-05-01T08:00:02Z",
            ),
        ] {
            assert!(out.contains(line), "{name}: {out}");
        }
    }
}

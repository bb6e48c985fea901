//! One goal condition checked on one frame: the cluster state right after it, the events
//! recorded so far and the nodes drained so far. A condition that does not hold says why,
//! naming the object at fault.

use std::collections::BTreeSet;

use crate::engine::api::goals::*;
use crate::engine::api::scenario::{Workload, WorkloadKind};
use crate::engine::api::types::selector_matches;
use crate::engine::controllers::deployment::util::revision;
use crate::engine::sim::status_viewers::{
    deployment_rollout_status, rollout_status, stateful_set_rollout_status,
};
use crate::engine::store::events::Event;
use crate::engine::store::state::{object_key, ClusterState, PodPhase, PodState};

/// What a condition is checked against at one frame.
pub struct View<'a> {
    /// The cluster right after the frame.
    pub state: &'a ClusterState,
    /// The events recorded up to and including the frame.
    pub events: &'a [Event],
    /// The nodes `kubectl drain` reported drained up to and including the frame.
    pub drained: &'a BTreeSet<String>,
}

/// `Ok` when `condition` holds in `view`; otherwise why not.
pub fn check(condition: &Condition, view: &View<'_>) -> Result<(), String> {
    match condition {
        Condition::Pods { query, count } => {
            let matching = view
                .state
                .pods
                .values()
                .filter(|pod| pod_matches(query, pod, view.state))
                .count();
            compare_count(matching, count, || format!("pods {}", describe_pods(query)))
        }
        Condition::Field { object, field, is } => {
            let value = field_value(object, field, view.state)?;
            let wanted = match &is.value {
                Operand::Number(n) => *n,
                Operand::Field(other) => field_value(object, other, view.state)?,
            };
            if is.op.holds(value, wanted) {
                return Ok(());
            }
            let against = match &is.value {
                Operand::Number(n) => n.to_string(),
                Operand::Field(other) => format!("{other} ({wanted})"),
            };
            Err(format!(
                "{}: {field} is {value}, wanted {} {against}",
                describe_object(object),
                is.op.as_str()
            ))
        }
        Condition::RolloutComplete(workload) => rollout_complete(workload, view.state),
        Condition::Node {
            name,
            ready,
            schedulable,
        } => {
            let node = view
                .state
                .nodes
                .get(name)
                .ok_or_else(|| format!("node {name} does not exist"))?;
            let is_ready = node.is_ready();
            if let Some(want) = ready {
                if is_ready != *want {
                    let status = if is_ready { "Ready" } else { "NotReady" };
                    return Err(format!("node {name} is {status}"));
                }
            }
            let is_schedulable = !node.node.spec.unschedulable;
            if let Some(want) = schedulable {
                if is_schedulable != *want {
                    let status = if is_schedulable {
                        "schedulable"
                    } else {
                        "cordoned (SchedulingDisabled)"
                    };
                    return Err(format!("node {name} is {status}"));
                }
            }
            Ok(())
        }
        Condition::Drained(node) => {
            if view.drained.contains(node) {
                Ok(())
            } else {
                Err(format!(
                    "kubectl drain has not printed \"node/{node} drained\""
                ))
            }
        }
        Condition::Events { query, count } => {
            let matching: Vec<&Event> = view
                .events
                .iter()
                .filter(|e| event_matches(query, e))
                .collect();
            compare_count(matching.len(), count, || {
                let latest = matching.last().map_or(String::new(), |e| {
                    format!(
                        " (the latest: {} {}: {})",
                        e.object.kind,
                        e.object.key(),
                        e.message
                    )
                });
                format!("events {}{latest}", describe_events(query))
            })
        }
        Condition::AllOf(items) => items.iter().try_for_each(|c| check(c, view)),
        Condition::AnyOf(items) => {
            let mut reasons = Vec::new();
            for item in items {
                match check(item, view) {
                    Ok(()) => return Ok(()),
                    Err(why) => reasons.push(why),
                }
            }
            Err(format!("none holds: {}", reasons.join("; ")))
        }
        Condition::Not(inner) => match check(inner, view) {
            Ok(()) => Err(format!("it holds, and must not: {}", describe(inner))),
            Err(_) => Ok(()),
        },
    }
}

/// `count op n` for `count` things described by `what`.
fn compare_count(
    count: usize,
    wanted: &Comparison,
    what: impl FnOnce() -> String,
) -> Result<(), String> {
    let n = i64::try_from(count).unwrap_or(i64::MAX);
    let Operand::Number(right) = wanted.value else {
        return Err("a count compares with a number".to_string());
    };
    if wanted.op.holds(n, right) {
        Ok(())
    } else {
        Err(format!(
            "{count} {}, wanted {} {right}",
            what(),
            wanted.op.as_str()
        ))
    }
}

/// Whether `pod` is one `query` counts.
pub fn pod_matches(query: &PodQuery, pod: &PodState, state: &ClusterState) -> bool {
    let meta = &pod.pod.metadata;
    let phase_ok = match query.phase {
        PodPhaseFilter::Running => {
            pod.phase == PodPhase::Running && pod.ready && pod.deletion.is_none()
        }
        PodPhaseFilter::Pending => {
            pod.deletion.is_none() && (pod.node_name().is_empty() || pod.phase == PodPhase::Pending)
        }
        PodPhaseFilter::Any => true,
    };
    phase_ok
        && query
            .namespace
            .as_ref()
            .is_none_or(|ns| meta.namespace == *ns)
        && query.name.as_ref().is_none_or(|name| meta.name == *name)
        && query
            .owner
            .as_ref()
            .is_none_or(|owner| owned_by(pod, owner, state))
        && query
            .selector
            .as_ref()
            .is_none_or(|sel| selector_matches(sel, &meta.labels))
        && query
            .node
            .as_ref()
            .is_none_or(|node| pod.target_node() == Some(node.as_str()))
        && query.node_selector.as_ref().is_none_or(|sel| {
            pod.target_node()
                .and_then(|node| state.nodes.get(node))
                .is_some_and(|node| selector_matches(sel, &node.node.metadata.labels))
        })
        && query
            .image
            .as_ref()
            .is_none_or(|image| pod.pod.spec.containers.iter().any(|c| c.image == *image))
}

/// Whether `owner` (named in the pod's namespace) controls `pod`; a Deployment through its
/// ReplicaSet.
fn owned_by(pod: &PodState, owner: &Workload, state: &ClusterState) -> bool {
    let key = object_key(&pod.pod.metadata.namespace, &owner.name);
    match owner.kind {
        WorkloadKind::DaemonSet => pod.daemon_set() == Some(key.as_str()),
        WorkloadKind::ReplicaSet => pod.replica_set() == Some(key.as_str()),
        WorkloadKind::StatefulSet => pod.stateful_set() == Some(key.as_str()),
        WorkloadKind::Deployment => {
            pod.replica_set()
                .and_then(|rs| state.replica_sets.get(rs))
                .and_then(|rs| rs.owner.as_deref())
                == Some(key.as_str())
        }
    }
}

fn event_matches(query: &EventQuery, event: &Event) -> bool {
    let object = &event.object;
    event.reason == query.reason
        && query
            .message
            .as_ref()
            .is_none_or(|m| event.message.contains(m.as_str()))
        && query.kind.as_ref().is_none_or(|k| object.kind == *k)
        && query.name.as_ref().is_none_or(|n| object.name() == *n)
        && query
            .namespace
            .as_ref()
            .is_none_or(|ns| object.namespace() == *ns)
}

/// A workload's or budget's field; `Err` when the object does not exist (yet).
fn field_value(object: &FieldObject, field: &str, state: &ClusterState) -> Result<i64, String> {
    let missing = || format!("{} does not exist", describe_object(object));
    let unknown = || format!("{} has no field {field}", describe_object(object));
    let value: i64 = match object {
        FieldObject::Budget { name, namespace } => {
            let pdb = state
                .pod_disruption_budgets
                .get(&object_key(namespace, name))
                .ok_or_else(missing)?;
            let s = &pdb.status;
            match field {
                "currentHealthy" => s.current_healthy.into(),
                "desiredHealthy" => s.desired_healthy.into(),
                "disruptionsAllowed" => s.disruptions_allowed.into(),
                "expectedPods" => s.expected_pods.into(),
                _ => return Err(unknown()),
            }
        }
        FieldObject::Workload(w) => {
            let key = object_key(&w.namespace, &w.name);
            match w.kind {
                WorkloadKind::DaemonSet => {
                    let ds = state.daemon_sets.get(&key).ok_or_else(missing)?;
                    let s = &ds.ds.status;
                    match field {
                        "desiredNumberScheduled" => s.desired_number_scheduled.into(),
                        "currentNumberScheduled" => s.current_number_scheduled.into(),
                        "numberReady" => s.number_ready.into(),
                        "numberAvailable" => s.number_available.into(),
                        "numberUnavailable" => s.number_unavailable.into(),
                        "numberMisscheduled" => s.number_misscheduled.into(),
                        "updatedNumberScheduled" => s.updated_number_scheduled.into(),
                        "observedGeneration" => s.observed_generation,
                        "revision" => ds
                            .current_hash
                            .as_deref()
                            .and_then(|hash| ds.revisions.iter().find(|r| r.hash == hash))
                            .map_or(0, |r| r.revision),
                        _ => return Err(unknown()),
                    }
                }
                WorkloadKind::Deployment => {
                    let d = &state.deployments.get(&key).ok_or_else(missing)?.deployment;
                    let s = &d.status;
                    match field {
                        "spec.replicas" => d.spec.replicas.into(),
                        "replicas" => s.replicas.into(),
                        "updatedReplicas" => s.updated_replicas.into(),
                        "readyReplicas" => s.ready_replicas.into(),
                        "availableReplicas" => s.available_replicas.into(),
                        "unavailableReplicas" => s.unavailable_replicas.into(),
                        "observedGeneration" => s.observed_generation,
                        "revision" => revision(&d.metadata).unwrap_or(0),
                        _ => return Err(unknown()),
                    }
                }
                WorkloadKind::ReplicaSet => {
                    let rs = &state
                        .replica_sets
                        .get(&key)
                        .ok_or_else(missing)?
                        .replica_set;
                    let s = &rs.status;
                    match field {
                        "spec.replicas" => rs.spec.replicas.into(),
                        "replicas" => s.replicas.into(),
                        "fullyLabeledReplicas" => s.fully_labeled_replicas.into(),
                        "readyReplicas" => s.ready_replicas.into(),
                        "availableReplicas" => s.available_replicas.into(),
                        "observedGeneration" => s.observed_generation,
                        _ => return Err(unknown()),
                    }
                }
                WorkloadKind::StatefulSet => {
                    let set = &state
                        .stateful_sets
                        .get(&key)
                        .ok_or_else(missing)?
                        .stateful_set;
                    let s = &set.status;
                    match field {
                        "spec.replicas" => set.spec.replicas.into(),
                        "replicas" => s.replicas.into(),
                        "readyReplicas" => s.ready_replicas.into(),
                        "currentReplicas" => s.current_replicas.into(),
                        "updatedReplicas" => s.updated_replicas.into(),
                        "availableReplicas" => s.available_replicas.into(),
                        "observedGeneration" => s.observed_generation,
                        _ => return Err(unknown()),
                    }
                }
            }
        }
    };
    Ok(value)
}

/// `kubectl rollout status` of the workload says it is done; otherwise the line it prints.
fn rollout_complete(workload: &Workload, state: &ClusterState) -> Result<(), String> {
    let key = object_key(&workload.namespace, &workload.name);
    let missing = || format!("{} does not exist", describe_workload(workload));
    let status = match workload.kind {
        WorkloadKind::DaemonSet => rollout_status(state.daemon_sets.get(&key).ok_or_else(missing)?),
        WorkloadKind::Deployment => deployment_rollout_status(
            &state.deployments.get(&key).ok_or_else(missing)?.deployment,
            0,
        ),
        WorkloadKind::StatefulSet => stateful_set_rollout_status(
            &state
                .stateful_sets
                .get(&key)
                .ok_or_else(missing)?
                .stateful_set,
        ),
        WorkloadKind::ReplicaSet => return Err("a ReplicaSet has no rollout".to_string()),
    };
    match status? {
        (_, true) => Ok(()),
        (line, false) => Err(line),
    }
}

fn describe_workload(w: &Workload) -> String {
    format!(
        "{} {}",
        kind_name(w.kind),
        object_key(&w.namespace, &w.name)
    )
}

fn kind_name(kind: WorkloadKind) -> &'static str {
    match kind {
        WorkloadKind::DaemonSet => "DaemonSet",
        WorkloadKind::Deployment => "Deployment",
        WorkloadKind::ReplicaSet => "ReplicaSet",
        WorkloadKind::StatefulSet => "StatefulSet",
    }
}

fn describe_object(object: &FieldObject) -> String {
    match object {
        FieldObject::Workload(w) => describe_workload(w),
        FieldObject::Budget { name, namespace } => {
            format!("PodDisruptionBudget {}", object_key(namespace, name))
        }
    }
}

/// `(of DaemonSet fluentd-elasticsearch, on node worker-1, Running and Ready)`.
fn describe_pods(q: &PodQuery) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &q.name {
        parts.push(format!("named {name}"));
    }
    if let Some(owner) = &q.owner {
        parts.push(format!("of {} {}", kind_name(owner.kind), owner.name));
    }
    if let Some(ns) = &q.namespace {
        parts.push(format!("in namespace {ns}"));
    }
    if q.selector.is_some() {
        parts.push("matching the selector".to_string());
    }
    if let Some(node) = &q.node {
        parts.push(format!("on node {node}"));
    }
    if q.node_selector.is_some() {
        parts.push("on a node matching nodeSelector".to_string());
    }
    if let Some(image) = &q.image {
        parts.push(format!("running image {image}"));
    }
    parts.push(
        match q.phase {
            PodPhaseFilter::Running => "Running and Ready",
            PodPhaseFilter::Pending => "Pending",
            PodPhaseFilter::Any => "in any phase",
        }
        .to_string(),
    );
    format!("({})", parts.join(", "))
}

fn describe_events(q: &EventQuery) -> String {
    let mut text = q.reason.clone();
    if let Some(kind) = &q.kind {
        text.push_str(&format!(" about a {kind}"));
    }
    if let Some(name) = &q.name {
        text.push_str(&format!(" named {name}"));
    }
    if let Some(message) = &q.message {
        text.push_str(&format!(" saying \"{message}\""));
    }
    text
}

/// A short text of a condition (for `not`).
pub fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Pods { query, count } => format!(
            "pods {} count {} {}",
            describe_pods(query),
            count.op.as_str(),
            operand(&count.value)
        ),
        Condition::Field { object, field, is } => format!(
            "{}: {field} {} {}",
            describe_object(object),
            is.op.as_str(),
            operand(&is.value)
        ),
        Condition::RolloutComplete(w) => {
            format!("the rollout of {} is complete", describe_workload(w))
        }
        Condition::Node { name, .. } => format!("node {name} is in the state given"),
        Condition::Drained(node) => format!("node {node} was drained"),
        Condition::Events { query, count } => format!(
            "events {} count {} {}",
            describe_events(query),
            count.op.as_str(),
            operand(&count.value)
        ),
        Condition::AllOf(items) => format!(
            "all of ({})",
            items.iter().map(describe).collect::<Vec<_>>().join("; ")
        ),
        Condition::AnyOf(items) => format!(
            "any of ({})",
            items.iter().map(describe).collect::<Vec<_>>().join("; ")
        ),
        Condition::Not(inner) => format!("not ({})", describe(inner)),
    }
}

fn operand(value: &Operand) -> String {
    match value {
        Operand::Number(n) => n.to_string(),
        Operand::Field(f) => f.clone(),
    }
}

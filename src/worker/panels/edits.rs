//! Board edits written into the text by the engine: nodes, labels and taints, scenario
//! steps at the frame's time (images, scale, partition, rollback, pause, drain, pod
//! deletion).

use crate::engine::api::scenario::{DrainSpec, Duration, WorkloadKind};
use crate::engine::api::taint_text::parse_taints;
use crate::engine::api::{Node, Quantity, ResourceList, StringMap, Taint};
use crate::engine::quote::go_quote;
use crate::engine::sim::cluster;
use crate::engine::store::state::{key_parts, set_condition, ClusterState};
use crate::engine::yaml::edit::{self, StepTime};
use crate::protocol::view::*;
use crate::protocol::TextEdit;

/// Parses `key=value` lines (a line without `=` is a label with an empty value).
pub fn parse_labels(text: &str) -> StringMap {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

/// Reads the taints of a form's text: one `kubectl taint` spec per line (blank lines
/// skipped).
pub fn taints_of(text: &str) -> Result<Vec<Taint>, String> {
    parse_taints(text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

/// A new node as the add form builds it: the engine's newly registered node with the
/// form's labels and taints added.
pub fn new_node(fields: &NodeFields) -> Result<Node, String> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err("a node needs a name".into());
    }
    let taints = taints_of(&fields.taints)?;
    let mut resources = ResourceList::new();
    for (resource, text) in [
        ("cpu", &fields.cpu),
        ("memory", &fields.memory),
        ("pods", &fields.pods),
    ] {
        let quantity = Quantity::parse(text.trim())
            .map_err(|_| format!("{resource}: invalid quantity {}", go_quote(text)))?;
        resources.insert(resource.to_owned(), quantity);
    }
    let mut node = cluster::new_node(name, fields.control_plane, resources);
    node.metadata.labels.extend(parse_labels(&fields.labels));
    node.spec.taints.extend(taints);
    Ok(node)
}

/// `text` with a board edit written into it; `when` is the frame's time (with the steps
/// started by then: a step is written among them) and `cluster` its cluster (where a node
/// toggle starts from).
pub fn edited(
    text: &str,
    when: impl Into<StepTime>,
    cluster: Option<&ClusterState>,
    edit: TextEdit,
) -> Result<String, String> {
    let when = when.into();
    let node_at = |name: &str| {
        cluster
            .and_then(|c| c.nodes.get(name))
            .map(|n| Node::clone(&n.node))
            .ok_or_else(|| format!("node {} is not in the cluster", go_quote(name)))
    };
    Ok(match edit {
        TextEdit::AddNode { fields } => edit::upsert_node(text, &new_node(&fields)?),
        TextEdit::SetLabelsAndTaints {
            node,
            labels,
            taints,
        } => {
            let mut node = node_at(&node)?;
            node.spec.taints = taints_of(&taints)?;
            node.metadata.labels = parse_labels(&labels);
            edit::upsert_node(text, &node)
        }
        TextEdit::SetUnschedulable {
            node,
            unschedulable,
        } => {
            // A node the text already starts that way (cordoned since by a step, such as
            // a drain) is uncordoned (or cordoned) by a step at the frame's time.
            let written =
                edit::find_document(text, |o| o.nodes.iter().any(|n| n.metadata.name == node))
                    .and_then(|d| {
                        d.objects
                            .nodes
                            .into_iter()
                            .find(|n| n.metadata.name == node)
                    })
                    .is_some_and(|n| n.spec.unschedulable);
            if written == unschedulable {
                return Ok(edit::add_cordon_step(text, &node, unschedulable, when));
            }
            let mut node = node_at(&node)?;
            node.spec.unschedulable = unschedulable;
            edit::upsert_node(text, &node)
        }
        TextEdit::SetReady { node, ready } => {
            let mut node = node_at(&node)?;
            set_condition(&mut node, "Ready", if ready { "True" } else { "False" });
            edit::upsert_node(text, &node)
        }
        TextEdit::DeleteNode { node } => edit::delete_node(text, &node),
        TextEdit::NewImage {
            kind,
            workload,
            image,
        } => edit::add_set_image_step(text, workload_kind(kind), &workload, &image, when),
        TextEdit::Rollback {
            kind,
            workload,
            to_revision,
        } => edit::add_rollback_step(text, workload_kind(kind), &workload, to_revision, when),
        TextEdit::Scale {
            kind,
            workload,
            replicas,
        } => edit::add_scale_step(text, workload_kind(kind), &workload, replicas, when),
        TextEdit::SetPartition {
            stateful_set,
            partition,
        } => edit::add_partition_step(text, &stateful_set, partition, when),
        TextEdit::Drain { node, flags } => {
            edit::add_drain_step(text, drain_spec(node, &flags)?, when)
        }
        TextEdit::DeletePod { pod } => {
            let name = key_parts(&pod).1;
            let state = cluster.and_then(|c| c.pods.get(&pod)).ok_or_else(|| {
                format!(
                    "Error from server (NotFound): pods {} not found",
                    go_quote(name)
                )
            })?;
            if state.deletion.is_some() {
                return Err(format!(
                    "pod {} is already terminating: it is deleted when its grace period ends",
                    go_quote(name)
                ));
            }
            edit::add_delete_pod_step(text, &pod, when)
        }
        TextEdit::SetPaused { deployment, paused } => {
            edit::add_pause_step(text, &deployment, paused, when)
        }
    })
}

/// A drain of `node` with `kubectl drain`'s `flags` as typed (`--force --timeout=60s`),
/// refused with kubectl's messages: an unknown flag, a value it cannot read. A negative
/// `--grace-period` (kubectl's default, -1) leaves each pod its own.
pub fn drain_spec(node: String, flags: &str) -> Result<DrainSpec, String> {
    let mut spec = DrainSpec {
        node,
        ..DrainSpec::default()
    };
    for flag in flags.split_whitespace() {
        let (name, value) = flag.split_once('=').unwrap_or((flag, ""));
        let invalid = || format!("invalid argument {} for \"{name}\" flag", go_quote(value));
        let switch = match value {
            "" | "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(invalid()),
        };
        match name {
            "--ignore-daemonsets" => spec.ignore_daemon_sets = switch?,
            "--delete-emptydir-data" => spec.delete_emptydir_data = switch?,
            "--force" => spec.force = switch?,
            "--disable-eviction" => spec.disable_eviction = switch?,
            "--grace-period" => {
                let seconds: i64 = value.parse().map_err(|_| invalid())?;
                spec.grace_period = (seconds >= 0).then_some(seconds);
            }
            "--timeout" => spec.timeout = Some(Duration::parse(value).ok_or_else(invalid)?),
            _ => return Err(format!("unknown flag: {name}")),
        }
    }
    Ok(spec)
}

/// The scenario's kind of a workload the page names.
fn workload_kind(kind: crate::protocol::WorkloadKind) -> WorkloadKind {
    match kind {
        crate::protocol::WorkloadKind::DaemonSet => WorkloadKind::DaemonSet,
        crate::protocol::WorkloadKind::Deployment => WorkloadKind::Deployment,
        crate::protocol::WorkloadKind::StatefulSet => WorkloadKind::StatefulSet,
    }
}

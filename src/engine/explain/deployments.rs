//! What the Deployment and ReplicaSet controllers do first with the workloads of an input,
//! and where their pods go. The input's objects (without the scenario's steps) are loaded
//! into the simulation and run through its first instant: every controller sync and every
//! scheduling attempt at the run's start, before a kubelet starts a container.

use serde::Serialize;

use crate::engine::api::scenario::{Duration, Until};
use crate::engine::api::{Deployment, DeploymentStrategyType, IntOrPercent};
use crate::engine::controllers::deployment::util::{max_surge, max_unavailable, revision};
use crate::engine::sim::timeline::Timeline;
use crate::engine::sim::Simulation;
use crate::engine::store::journal::Action;
use crate::engine::store::state::{pod_status_text, ClusterState, ReplicaSetState};
use crate::engine::yaml::Objects;

use super::Text;

/// A ReplicaSet the Deployment controller scales: `spec.replicas` from, to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scaling {
    /// The ReplicaSet's name.
    pub replica_set: String,
    /// `spec.replicas` before.
    pub from: i32,
    /// `spec.replicas` after.
    pub to: i32,
}

/// A pod of a ReplicaSet after the first instant: where it runs, or why it is pending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodPlacement {
    /// The pod's name.
    pub name: String,
    /// The node it is bound to (`None`: pending).
    pub node: Option<String>,
    /// kubectl's STATUS.
    pub status: String,
    /// kube-scheduler's last `FailedScheduling` message for a pending pod.
    pub failed_scheduling_message: Option<String>,
}

/// A ReplicaSet after the first instant and its pods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetExplanation {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The controlling Deployment's name, if any.
    pub deployment: Option<String>,
    /// `deployment.kubernetes.io/revision`, if any.
    pub revision: Option<i64>,
    /// `spec.replicas`.
    pub replicas: i32,
    /// Its pods, by name.
    pub pods: Vec<PodPlacement>,
}

/// A condition of a Deployment's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionView {
    /// `type`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `status`.
    pub status: String,
    /// `reason`.
    pub reason: Option<String>,
    /// `message`.
    pub message: Option<String>,
}

/// The replica counts of a Deployment's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaCounts {
    /// `replicas`.
    pub replicas: i32,
    /// `updatedReplicas`.
    pub updated: i32,
    /// `readyReplicas`.
    pub ready: i32,
    /// `availableReplicas`.
    pub available: i32,
    /// `unavailableReplicas`.
    pub unavailable: i32,
}

/// What the Deployment controller does first with a Deployment, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentExplanation {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `spec.paused`.
    pub paused: bool,
    /// maxSurge resolved against the replicas (rounded up; 0 for Recreate).
    pub max_surge: i32,
    /// maxUnavailable resolved against the replicas (rounded down; 0 for Recreate).
    pub max_unavailable: i32,
    /// The rule the strategy follows, with its numbers.
    pub strategy: Text,
    /// What the controller does first and why.
    pub next: Text,
    /// The ReplicaSets its first syncs scale.
    pub scalings: Vec<Scaling>,
    /// The status after the first instant.
    pub status: ReplicaCounts,
    /// The conditions after the first instant.
    pub conditions: Vec<ConditionView>,
    /// Its ReplicaSets, by name.
    pub replica_sets: Vec<ReplicaSetExplanation>,
}

/// The explanations of every Deployment and of every ReplicaSet no Deployment controls.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadExplanations {
    /// One per Deployment, by namespace and name.
    pub deployments: Vec<DeploymentExplanation>,
    /// One per ReplicaSet without a Deployment, by namespace and name.
    pub replica_sets: Vec<ReplicaSetExplanation>,
}

/// `value` as written (`25%`, `1`), or the default `25%`.
fn written(value: Option<&IntOrPercent>) -> String {
    match value {
        Some(IntOrPercent::Int(i)) => i.to_string(),
        Some(IntOrPercent::String(s)) => s.clone(),
        None => "25%".to_string(),
    }
}

/// The rule of the Deployment's strategy with its numbers.
fn strategy_text(d: &Deployment) -> Text {
    let replicas = d.spec.replicas;
    match &d.spec.strategy.type_ {
        DeploymentStrategyType::Recreate => Text::new(
            "Recreate: every old pod is deleted before the new ReplicaSet is scaled up.",
            "Recreate（重建）：先删除所有旧 Pod，再扩容新的 ReplicaSet。",
        ),
        _ => {
            let rolling = d.spec.strategy.rolling_update.as_ref();
            let surge_written = written(rolling.and_then(|r| r.max_surge.as_ref()));
            let unavailable_written = written(rolling.and_then(|r| r.max_unavailable.as_ref()));
            let (surge, unavailable) = (max_surge(d), max_unavailable(d));
            Text::new(
                format!(
                    "RollingUpdate: at most {} pods in all (maxSurge {surge_written} of {replicas}, rounded up, is {surge}) and at least {} available (maxUnavailable {unavailable_written} of {replicas}, rounded down, is {unavailable}).",
                    replicas + surge,
                    replicas - unavailable
                ),
                format!(
                    "RollingUpdate（滚动更新）：Pod 总数最多 {} 个（maxSurge {surge_written} × {replicas} 向上取整为 {surge}），可用 Pod 至少 {} 个（maxUnavailable {unavailable_written} × {replicas} 向下取整为 {unavailable}）。",
                    replicas + surge,
                    replicas - unavailable
                ),
            )
        }
    }
}

/// What the first syncs do, as a sentence.
fn next_text(d: &Deployment, scalings: &[Scaling]) -> Text {
    if scalings.is_empty() {
        return if d.spec.paused {
            Text::new(
                "Nothing: the Deployment is paused, so a new template is not rolled out until it is resumed.",
                "不做任何事：Deployment 已暂停，恢复之前不会滚动发布新的模板。",
            )
        } else {
            Text::new(
                "Nothing: its ReplicaSets already have the sizes the Deployment asks for.",
                "不做任何事：它的 ReplicaSet 已经是 Deployment 要求的副本数。",
            )
        };
    }
    let (en, zh): (Vec<String>, Vec<String>) = scalings
        .iter()
        .map(|s| {
            let (verb, zh_verb) = if s.to > s.from {
                ("up", "扩容")
            } else {
                ("down", "缩容")
            };
            (
                format!(
                    "scales ReplicaSet {} {verb} from {} to {}",
                    s.replica_set, s.from, s.to
                ),
                format!(
                    "将 ReplicaSet {} 从 {} {zh_verb}到 {}",
                    s.replica_set, s.from, s.to
                ),
            )
        })
        .unzip();
    Text::new(
        format!("The controller {}.", en.join(", then ")),
        format!("控制器{}。", zh.join("，然后")),
    )
}

/// The pods of a ReplicaSet in `state`, with the scheduler's last word on pending ones.
fn replica_set_explanation(
    state: &ClusterState,
    timeline: &Timeline,
    rs: &ReplicaSetState,
) -> ReplicaSetExplanation {
    let meta = &rs.replica_set.metadata;
    let key = rs.key();
    let pods = state
        .pods
        .values()
        .filter(|p| p.replica_set() == Some(key.as_str()))
        .map(|p| {
            let node = p.target_node().map(str::to_string);
            let failed_scheduling_message = if node.is_none() {
                timeline
                    .events()
                    .iter()
                    .rev()
                    .find(|e| {
                        e.reason == "FailedScheduling"
                            && e.object.kind == "Pod"
                            && e.object.namespace() == meta.namespace
                            && e.object.name() == p.name()
                    })
                    .map(|e| e.message.clone())
            } else {
                None
            };
            PodPlacement {
                name: p.name().to_string(),
                node,
                status: pod_status_text(p),
                failed_scheduling_message,
            }
        })
        .collect();
    ReplicaSetExplanation {
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        deployment: rs
            .owner
            .as_deref()
            .and_then(|o| o.rsplit('/').next())
            .map(str::to_string),
        revision: revision(meta).ok().filter(|r| *r > 0),
        replicas: rs.replica_set.spec.replicas,
        pods,
    }
}

/// Explains every Deployment and every ReplicaSet of `objects` (nodes already filled in):
/// what the controllers do at the first instant and where the pods go.
pub fn explain_workloads(objects: &Objects) -> WorkloadExplanations {
    if objects.deployments.is_empty() && objects.replica_sets.is_empty() {
        return WorkloadExplanations::default();
    }
    let objects = Objects {
        scenario: None,
        ..objects.clone()
    };
    let timeline = Simulation::run(&objects, Some(Until::After(Duration::default())));
    let state = timeline.final_state();
    let deployments = state
        .deployments
        .values()
        .map(|ds| {
            let d = &ds.deployment;
            let key = ds.key();
            let title = format!("sync deployment {key}");
            let scalings: Vec<Scaling> = timeline
                .frames()
                .iter()
                .filter(|f| f.title == title)
                .flat_map(|f| &f.actions)
                .filter_map(|a| match a {
                    Action::Scaled {
                        replica_set,
                        from,
                        to,
                    } => Some(Scaling {
                        replica_set: replica_set.rsplit('/').next().unwrap_or_default().into(),
                        from: *from,
                        to: *to,
                    }),
                    _ => None,
                })
                .collect();
            let status = &d.status;
            DeploymentExplanation {
                namespace: d.metadata.namespace.clone(),
                name: d.metadata.name.clone(),
                replicas: d.spec.replicas,
                paused: d.spec.paused,
                max_surge: max_surge(d),
                max_unavailable: max_unavailable(d),
                strategy: strategy_text(d),
                next: next_text(d, &scalings),
                scalings,
                status: ReplicaCounts {
                    replicas: status.replicas,
                    updated: status.updated_replicas,
                    ready: status.ready_replicas,
                    available: status.available_replicas,
                    unavailable: status.unavailable_replicas,
                },
                conditions: status
                    .conditions
                    .iter()
                    .map(|c| ConditionView {
                        type_: c.type_.clone(),
                        status: c.status.clone(),
                        reason: c.reason.clone(),
                        message: c.message.clone(),
                    })
                    .collect(),
                replica_sets: state
                    .replica_sets_of(&key)
                    .into_iter()
                    .map(|rs| replica_set_explanation(state, &timeline, rs))
                    .collect(),
            }
        })
        .collect();
    let replica_sets = state
        .replica_sets
        .values()
        .filter(|rs| {
            rs.owner
                .as_ref()
                .is_none_or(|o| !state.deployments.contains_key(o))
        })
        .map(|rs| replica_set_explanation(state, &timeline, rs))
        .collect();
    WorkloadExplanations {
        deployments,
        replica_sets,
    }
}

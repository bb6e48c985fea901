//! The `deployments` and `replicaSets` sections of `kubeplay simulate --output json`
//! (documented in docs/cli.md): each object with its revision, spec size and the status its
//! controller last wrote, conditions included.

use serde::Serialize;

use crate::engine::api::WorkloadCondition;
use crate::engine::controllers::deployment::util::{POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION};
use crate::engine::store::state::{DeploymentState, ReplicaSetState};

/// A condition of a Deployment or ReplicaSet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionJson<'a> {
    last_transition_time: Option<&'a str>,
    last_update_time: Option<&'a str>,
    message: Option<&'a str>,
    reason: Option<&'a str>,
    status: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
}

impl<'a> ConditionJson<'a> {
    fn new(condition: &'a WorkloadCondition) -> ConditionJson<'a> {
        ConditionJson {
            last_transition_time: condition.last_transition_time.as_deref(),
            last_update_time: condition.last_update_time.as_deref(),
            message: condition.message.as_deref(),
            reason: condition.reason.as_deref(),
            status: &condition.status,
            type_: &condition.type_,
        }
    }
}

/// A Deployment: its size, strategy, revision and status.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentJson<'a> {
    generation: i64,
    name: &'a str,
    namespace: &'a str,
    paused: bool,
    replicas: i32,
    revision: Option<&'a str>,
    status: DeploymentStatusJson<'a>,
    strategy: &'a str,
}

/// A Deployment's `status`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentStatusJson<'a> {
    available_replicas: i32,
    collision_count: Option<i32>,
    conditions: Vec<ConditionJson<'a>>,
    observed_generation: i64,
    ready_replicas: i32,
    replicas: i32,
    terminating_replicas: Option<i32>,
    unavailable_replicas: i32,
    updated_replicas: i32,
}

impl<'a> DeploymentJson<'a> {
    /// The JSON of `state`.
    pub fn new(state: &'a DeploymentState) -> DeploymentJson<'a> {
        let d = &state.deployment;
        let s = &d.status;
        let strategy = match &d.spec.strategy.type_ {
            crate::engine::api::DeploymentStrategyType::RollingUpdate => "RollingUpdate",
            crate::engine::api::DeploymentStrategyType::Recreate => "Recreate",
            crate::engine::api::DeploymentStrategyType::Other(other) => other.as_str(),
        };
        DeploymentJson {
            generation: state.generation(),
            name: &d.metadata.name,
            namespace: &d.metadata.namespace,
            paused: d.spec.paused,
            replicas: d.spec.replicas,
            revision: d
                .metadata
                .annotations
                .get(REVISION_ANNOTATION)
                .map(String::as_str),
            status: DeploymentStatusJson {
                available_replicas: s.available_replicas,
                collision_count: s.collision_count,
                conditions: s.conditions.iter().map(ConditionJson::new).collect(),
                observed_generation: s.observed_generation,
                ready_replicas: s.ready_replicas,
                replicas: s.replicas,
                terminating_replicas: s.terminating_replicas,
                unavailable_replicas: s.unavailable_replicas,
                updated_replicas: s.updated_replicas,
            },
            strategy,
        }
    }
}

/// A ReplicaSet: its owner, revision, hash, size and status.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetJson<'a> {
    generation: i64,
    name: &'a str,
    namespace: &'a str,
    owner: Option<&'a str>,
    pod_template_hash: Option<&'a str>,
    replicas: i32,
    revision: Option<&'a str>,
    status: ReplicaSetStatusJson<'a>,
}

/// A ReplicaSet's `status`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReplicaSetStatusJson<'a> {
    available_replicas: i32,
    conditions: Vec<ConditionJson<'a>>,
    fully_labeled_replicas: i32,
    observed_generation: i64,
    ready_replicas: i32,
    replicas: i32,
    terminating_replicas: Option<i32>,
}

impl<'a> ReplicaSetJson<'a> {
    /// The JSON of `state`.
    pub fn new(state: &'a ReplicaSetState) -> ReplicaSetJson<'a> {
        let rs = &state.replica_set;
        let s = &rs.status;
        ReplicaSetJson {
            generation: state.generation(),
            name: &rs.metadata.name,
            namespace: &rs.metadata.namespace,
            owner: state.owner.as_deref(),
            pod_template_hash: rs
                .metadata
                .labels
                .get(POD_TEMPLATE_HASH_LABEL)
                .map(String::as_str),
            replicas: rs.spec.replicas,
            revision: rs
                .metadata
                .annotations
                .get(REVISION_ANNOTATION)
                .map(String::as_str),
            status: ReplicaSetStatusJson {
                available_replicas: s.available_replicas,
                conditions: s.conditions.iter().map(ConditionJson::new).collect(),
                fully_labeled_replicas: s.fully_labeled_replicas,
                observed_generation: s.observed_generation,
                ready_replicas: s.ready_replicas,
                replicas: s.replicas,
                terminating_replicas: s.terminating_replicas,
            },
        }
    }
}

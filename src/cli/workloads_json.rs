//! The `deployments`, `replicaSets` and `statefulSets` sections of `kubeplay simulate --output json`
//! (documented in docs/cli.md): each object with its revision, spec size and the status its
//! controller last wrote, conditions included.

use serde::Serialize;

use crate::engine::api::{UpdateStrategyType, WorkloadCondition};
use crate::engine::controllers::deployment::util::{POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION};
use crate::engine::controllers::statefulset::history::sorted_revisions;
use crate::engine::controllers::statefulset::sync::{members_in, waiting_for};
use crate::engine::controllers::statefulset::utils::claim_names;
use crate::engine::store::state::{
    ClusterState, DeploymentState, ReplicaSetState, StatefulSetState,
};

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

/// A StatefulSet: its size, policies, revisions, pods in ordinal order (with their
/// revisions and claims), status, and the pod its controller waits for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetJson<'a> {
    generation: i64,
    min_ready_seconds: i32,
    name: &'a str,
    namespace: &'a str,
    partition: Option<i32>,
    pod_management_policy: &'a str,
    pods: Vec<StatefulPodJson>,
    replicas: i32,
    revisions: Vec<RevisionJson<'a>>,
    service_name: &'a str,
    status: StatefulSetStatusJson<'a>,
    update_strategy: &'a str,
    waiting_for: Option<WaitingJson>,
}

/// A pod of a StatefulSet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatefulPodJson {
    claims: Vec<String>,
    name: String,
    ordinal: i32,
    revision: String,
}

/// A ControllerRevision of a StatefulSet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RevisionJson<'a> {
    name: &'a str,
    revision: i64,
}

/// What a StatefulSet waits for: a pod and what for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WaitingJson {
    pod: String,
    reason: &'static str,
}

/// A StatefulSet's `status`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatefulSetStatusJson<'a> {
    available_replicas: i32,
    collision_count: Option<i32>,
    current_replicas: i32,
    current_revision: &'a str,
    observed_generation: i64,
    ready_replicas: i32,
    replicas: i32,
    update_revision: &'a str,
    updated_replicas: i32,
}

impl<'a> StatefulSetJson<'a> {
    /// The JSON of `set` in `cluster`.
    pub fn new(set: &'a StatefulSetState, cluster: &ClusterState) -> StatefulSetJson<'a> {
        let sts = &set.stateful_set;
        let s = &sts.status;
        let key = set.key();
        let strategy = &sts.spec.update_strategy;
        let pods = members_in(cluster, &key)
            .into_iter()
            .map(|m| StatefulPodJson {
                claims: claim_names(sts, m.ordinal),
                name: m.name,
                ordinal: m.ordinal,
                revision: m.revision,
            })
            .collect();
        StatefulSetJson {
            generation: set.generation(),
            min_ready_seconds: sts.spec.min_ready_seconds,
            name: &sts.metadata.name,
            namespace: &sts.metadata.namespace,
            partition: strategy.rolling_update.as_ref().map(|ru| ru.partition),
            pod_management_policy: sts.spec.pod_management_policy.as_str(),
            pods,
            replicas: sts.spec.replicas,
            revisions: sorted_revisions(&set.revisions)
                .into_iter()
                .map(|r| RevisionJson {
                    name: &r.name,
                    revision: r.revision,
                })
                .collect(),
            service_name: &sts.spec.service_name,
            status: StatefulSetStatusJson {
                available_replicas: s.available_replicas,
                collision_count: s.collision_count,
                current_replicas: s.current_replicas,
                current_revision: &s.current_revision,
                observed_generation: s.observed_generation,
                ready_replicas: s.ready_replicas,
                replicas: s.replicas,
                update_revision: &s.update_revision,
                updated_replicas: s.updated_replicas,
            },
            update_strategy: match &strategy.type_ {
                UpdateStrategyType::RollingUpdate => "RollingUpdate",
                UpdateStrategyType::OnDelete => "OnDelete",
                UpdateStrategyType::Other(other) => other,
            },
            waiting_for: waiting_for(cluster, &key).map(|w| WaitingJson {
                pod: w.pod,
                reason: w.reason,
            }),
        }
    }
}

//! The engine's state turned into what the page shows ([`crate::protocol::view`]): every
//! rule (a pod's status text, whether it is at the current revision, a cell's colour, a
//! node's roles and usage) is decided here, by the engine's own functions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::engine::api::taint_text::format_taint;
use crate::engine::api::{IntOrPercent, PodDisruptionBudget, ReplicaSet};
use crate::engine::api::{PodManagementPolicy, UpdateStrategyType};
use crate::engine::controllers::daemonset::history::{is_current_revision, sorted_revisions};
use crate::engine::controllers::daemonset::update::is_pod_current;
use crate::engine::controllers::deployment::util::{
    by_revision, find_new_replica_set, revision, POD_TEMPLATE_HASH_LABEL,
};
use crate::engine::controllers::statefulset::control::Waiting;
use crate::engine::controllers::statefulset::history::sorted_revisions as set_revisions;
use crate::engine::controllers::statefulset::sync::waiting_for;
use crate::engine::controllers::statefulset::utils::{end_ordinal, parent_and_ordinal, pod_name};
use crate::engine::kubectl::node_roles;
use crate::engine::sim::timeline::Timeline;
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::scheduler_view::snapshot;
use crate::engine::store::state::{
    key_parts, object_key, pod_status_text, ClusterState, DaemonSetState, DeploymentState,
    NodeState, PodOwner, PodPhase, PodState, ReplicaSetState, StatefulSetState, HASH_LABEL,
};
use crate::engine::time::format_go_duration;
use crate::engine::yaml::label_selector_matches;
use crate::protocol::view::*;

#[cfg(test)]
mod cell_tests;

/// The frames of `timeline` as the time controls list them.
pub fn frames(timeline: &Timeline) -> Vec<FrameInfo> {
    timeline
        .frames()
        .iter()
        .map(|frame| FrameInfo {
            time_ms: frame.time,
            time: format_go_duration(frame.time),
            kind: frame.kind,
            title: frame.title.clone(),
        })
        .collect()
}

/// A DaemonSet's status counts.
fn daemon_set_counts(ds: &DaemonSetState) -> StatusCounts {
    let status = ds.status();
    StatusCounts {
        desired: status.desired_number_scheduled,
        updated: status.updated_number_scheduled,
        available: status.number_available,
        unavailable: status.number_unavailable,
    }
}

/// A Deployment's status counts (desired is `spec.replicas`).
fn deployment_counts(d: &DeploymentState) -> StatusCounts {
    let status = &d.deployment.status;
    StatusCounts {
        desired: d.deployment.spec.replicas,
        updated: status.updated_replicas,
        available: status.available_replicas,
        unavailable: status.unavailable_replicas,
    }
}

/// A StatefulSet's status counts (desired is `spec.replicas`, unavailable what of it is
/// not available).
fn stateful_set_counts(set: &StatefulSetState) -> StatusCounts {
    let desired = set.stateful_set.spec.replicas;
    let status = &set.stateful_set.status;
    StatusCounts {
        desired,
        updated: status.updated_replicas,
        available: status.available_replicas,
        unavailable: (desired - status.available_replicas).max(0),
    }
}

/// The status counts of every workload of `timeline` after every frame that changed them,
/// in one pass over its frames (workloads in order of first appearance).
pub fn status_histories(timeline: &Timeline) -> Vec<StatusHistory> {
    let mut histories: Vec<StatusHistory> = Vec::new();
    for frame in timeline.frames() {
        for change in &frame.changes {
            let (kind, key, now) = match change {
                Change::DaemonSet(key, Some(ds)) => {
                    (WorkloadKind::DaemonSet, key, daemon_set_counts(ds))
                }
                Change::Deployment(key, Some(d)) => {
                    (WorkloadKind::Deployment, key, deployment_counts(d))
                }
                Change::StatefulSet(key, Some(set)) => {
                    (WorkloadKind::StatefulSet, key, stateful_set_counts(set))
                }
                _ => continue,
            };
            let at = match histories
                .iter()
                .position(|h| h.kind == kind && *key == h.key)
            {
                Some(at) => at,
                None => {
                    histories.push(StatusHistory {
                        kind,
                        key: key.to_string(),
                        points: Vec::new(),
                        end_ms: 0,
                        end: String::new(),
                    });
                    histories.len() - 1
                }
            };
            let points = &mut histories[at].points;
            if points.last().map(|(_, c)| *c) != Some(now) {
                points.push((frame.time, now));
            }
        }
    }
    let run_end = timeline.frames().last().map_or(0, |f| f.time);
    for history in &mut histories {
        let last = history.points.last().map_or(0, |(t, _)| *t);
        history.end_ms = run_end.min(last + (last / 4).max(CHART_MARGIN_MS));
        history.end = format_go_duration(history.end_ms);
    }
    histories
}

/// The least time a chart shows after a workload's last change.
const CHART_MARGIN_MS: u64 = 5_000;

/// The image of a pod template's first container.
fn first_image(template: &crate::engine::api::PodTemplateSpec) -> String {
    template
        .spec
        .containers
        .first()
        .map(|c| c.image.clone())
        .unwrap_or_default()
}

/// The board colour of the `index`th workload of a frame.
fn colour(index: usize) -> u8 {
    (index % OWNER_COLOURS) as u8
}

/// The board colour of the DaemonSet `key` (DaemonSets come first, in key order).
fn daemon_set_colour(cluster: &ClusterState, key: &str) -> u8 {
    colour(cluster.daemon_sets.keys().take_while(|k| *k < key).count())
}

/// The board colour of the Deployment `key` (after the DaemonSets, in key order).
fn deployment_colour(cluster: &ClusterState, key: &str) -> u8 {
    let before = cluster.deployments.keys().take_while(|k| *k < key);
    colour(cluster.daemon_sets.len() + before.count())
}

/// The board colour of the StatefulSet `key` (after the DaemonSets and Deployments, in key
/// order).
fn stateful_set_colour(cluster: &ClusterState, key: &str) -> u8 {
    let before = cluster.stateful_sets.keys().take_while(|k| *k < key);
    colour(cluster.daemon_sets.len() + cluster.deployments.len() + before.count())
}

/// A DaemonSet as the rollout panel shows it.
pub fn daemon_set(ds: &DaemonSetState, colour: u8) -> WorkloadView {
    WorkloadView {
        kind: WorkloadKind::DaemonSet,
        key: ds.key(),
        colour,
        image: first_image(&ds.ds.spec.template),
        paused: false,
        status: daemon_set_counts(ds),
        details: Vec::new(),
        partition: None,
        revisions: sorted_revisions(ds)
            .into_iter()
            .map(|r| RevisionView {
                revision: r.revision,
                image: first_image(&r.template),
                current: is_current_revision(ds, r),
                replica_set: None,
            })
            .collect(),
        budgets: Vec::new(),
    }
}

/// The ReplicaSets of Deployment `d` in revision order, and the name of its new one.
fn replica_sets_of<'a>(
    cluster: &'a ClusterState,
    d: &DeploymentState,
) -> (Vec<&'a ReplicaSetState>, Option<&'a str>) {
    let mut owned = cluster.replica_sets_of(&d.key());
    owned.sort_by(|a, b| by_revision(&a.replica_set, &b.replica_set));
    let api: Vec<&ReplicaSet> = owned.iter().map(|r| &r.replica_set).collect();
    let new = find_new_replica_set(&d.deployment, &api).map(|rs| rs.metadata.name.as_str());
    (owned, new)
}

/// A Deployment as the rollout panel shows it: its ReplicaSets are its revisions.
pub fn deployment(cluster: &ClusterState, d: &DeploymentState, colour: u8) -> WorkloadView {
    let (owned, new) = replica_sets_of(cluster, d);
    WorkloadView {
        kind: WorkloadKind::Deployment,
        key: d.key(),
        colour,
        image: first_image(&d.deployment.spec.template),
        paused: d.deployment.spec.paused,
        status: deployment_counts(d),
        details: Vec::new(),
        partition: None,
        revisions: owned
            .into_iter()
            .map(|r| {
                let rs = &r.replica_set;
                RevisionView {
                    revision: revision(&rs.metadata).unwrap_or(0),
                    image: first_image(&rs.spec.template),
                    current: new == Some(rs.metadata.name.as_str()),
                    replica_set: Some(ReplicaSetView {
                        name: rs.metadata.name.clone(),
                        hash: rs
                            .metadata
                            .labels
                            .get(POD_TEMPLATE_HASH_LABEL)
                            .cloned()
                            .unwrap_or_default(),
                        replicas: rs.spec.replicas,
                        ready: rs.status.ready_replicas,
                    }),
                }
            })
            .collect(),
        budgets: Vec::new(),
    }
}

/// The revision number of the revision `name` of a StatefulSet.
fn set_revision_number(set: &StatefulSetState, name: &str) -> Option<i64> {
    set.revisions
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.revision)
}

/// A StatefulSet as the rollout panel shows it: its ControllerRevisions are its revisions,
/// the update revision current; its status in the API's words, and its partition when it
/// rolls out with `RollingUpdate`.
pub fn stateful_set(set: &StatefulSetState, colour: u8) -> WorkloadView {
    let api = &set.stateful_set;
    let status = &api.status;
    let strategy = &api.spec.update_strategy;
    let rolling = strategy.type_ == UpdateStrategyType::RollingUpdate;
    let counts = Sentence {
        en: format!(
            "replicas {} · ready {} · current {} · updated {} · available {}",
            status.replicas,
            status.ready_replicas,
            status.current_replicas,
            status.updated_replicas,
            status.available_replicas
        ),
        zh: format!(
            "副本 {} · 就绪 {} · 当前版本 {} · 已更新 {} · 可用 {}",
            status.replicas,
            status.ready_replicas,
            status.current_replicas,
            status.updated_replicas,
            status.available_replicas
        ),
    };
    let number =
        |name: &str| set_revision_number(set, name).map_or_else(String::new, |n| format!(" ({n})"));
    let current = format!(
        "{}{}",
        status.current_revision,
        number(&status.current_revision)
    );
    let update = format!(
        "{}{}",
        status.update_revision,
        number(&status.update_revision)
    );
    let revisions = Sentence {
        en: format!("currentRevision {current} · updateRevision {update}"),
        zh: format!(
            "当前修订版本 currentRevision {current} · 更新修订版本 updateRevision {update}"
        ),
    };
    WorkloadView {
        kind: WorkloadKind::StatefulSet,
        key: set.key(),
        colour,
        image: first_image(&api.spec.template),
        paused: false,
        status: stateful_set_counts(set),
        // The revisions once the controller has named them.
        details: if status.update_revision.is_empty() {
            vec![counts]
        } else {
            vec![counts, revisions]
        },
        budgets: Vec::new(),
        partition: rolling.then(|| {
            strategy
                .rolling_update
                .as_ref()
                .map_or(0, |ru| ru.partition)
        }),
        revisions: set_revisions(&set.revisions)
            .into_iter()
            .map(|r| RevisionView {
                revision: r.revision,
                image: first_image(&r.template),
                current: r.name == status.update_revision,
                replica_set: None,
            })
            .collect(),
    }
}

/// The workloads of `cluster`: DaemonSets, then Deployments, then StatefulSets, each in key
/// order, coloured in that order, each with the budgets that cover its pods; and the budgets
/// that cover none of them.
pub fn workloads(cluster: &ClusterState) -> (Vec<WorkloadView>, Vec<BudgetView>) {
    let daemon_sets = cluster.daemon_sets.values().enumerate().map(|(i, ds)| {
        let template = &ds.ds.spec.template.metadata;
        (daemon_set(ds, colour(i)), template)
    });
    let first = cluster.daemon_sets.len();
    let deployments = cluster.deployments.values().enumerate().map(|(i, d)| {
        let template = &d.deployment.spec.template.metadata;
        (deployment(cluster, d, colour(first + i)), template)
    });
    let first = first + cluster.deployments.len();
    let stateful_sets = cluster.stateful_sets.values().enumerate().map(|(i, set)| {
        let template = &set.stateful_set.spec.template.metadata;
        (stateful_set(set, colour(first + i)), template)
    });
    let mut covered = BTreeSet::new();
    let workloads = daemon_sets
        .chain(deployments)
        .chain(stateful_sets)
        .map(|(mut view, template)| {
            for (key, pdb) in &cluster.pod_disruption_budgets {
                let selects = pdb
                    .spec
                    .selector
                    .as_ref()
                    .is_some_and(|s| label_selector_matches(s, &template.labels) == Some(true));
                if selects && pdb.metadata.namespace == key_parts(&view.key).0 {
                    covered.insert(key);
                    view.budgets.push(budget_view(key, pdb));
                }
            }
            view
        })
        .collect();
    let rest = cluster
        .pod_disruption_budgets
        .iter()
        .filter(|(key, _)| !covered.contains(*key))
        .map(|(key, pdb)| budget_view(key, pdb))
        .collect();
    (workloads, rest)
}

/// A budget's status in words, as the rollout panel shows it beside its workload.
pub fn budget_view(key: &str, pdb: &PodDisruptionBudget) -> BudgetView {
    let name = &pdb.metadata.name;
    let spec = match (&pdb.spec.min_available, &pdb.spec.max_unavailable) {
        (Some(v), _) => format!("minAvailable: {}", int_or_percent(v)),
        (None, Some(v)) => format!("maxUnavailable: {}", int_or_percent(v)),
        (None, None) => String::new(),
    };
    let s = &pdb.status;
    let (allowed, healthy, desired, expected) = (
        s.disruptions_allowed,
        s.current_healthy,
        s.desired_healthy,
        s.expected_pods,
    );
    BudgetView {
        key: key.to_owned(),
        blocks: allowed <= 0,
        text: Sentence {
            en: format!(
                "PodDisruptionBudget {name} ({spec}): {allowed} disruptions allowed · \
                 {healthy} healthy, {desired} needed · {expected} pods expected"
            ),
            zh: format!(
                "PodDisruptionBudget {name}（{spec}）：允许 {allowed} 次中断 · \
                 健康 {healthy} 个，需要 {desired} 个 · 预期 {expected} 个 Pod"
            ),
        },
    }
}

/// An int or a percent as written.
fn int_or_percent(value: &IntOrPercent) -> String {
    match value {
        IntOrPercent::Int(i) => i.to_string(),
        IntOrPercent::String(s) => s.clone(),
    }
}

/// Every eviction the API answered in a run, by pod: (frame, refused) in frame order.
#[derive(Debug, Default)]
pub struct EvictionAnswers(BTreeMap<String, Vec<(usize, bool)>>);

impl EvictionAnswers {
    /// The eviction answers of every frame of `timeline`.
    pub fn of(timeline: &Timeline) -> EvictionAnswers {
        let mut answers: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
        for (index, frame) in timeline.frames().iter().enumerate() {
            for action in &frame.actions {
                if let Action::Eviction { pod, code, .. } = action {
                    answers
                        .entry(pod.clone())
                        .or_default()
                        .push((index, *code != 201));
                }
            }
        }
        EvictionAnswers(answers)
    }

    /// The frame of the refusal that is pod `key`'s last eviction answer at frame `index`,
    /// if its last answer by then was a refusal.
    pub fn refused_at(&self, key: &str, index: usize) -> Option<usize> {
        let answers = self.0.get(key)?;
        let last = answers[..answers.partition_point(|(at, _)| *at <= index)].last()?;
        last.1.then_some(last.0)
    }

    /// Marks the pods on `nodes` whose last eviction answer at frame `index` was a refusal.
    pub fn mark(&self, nodes: &mut [NodeView], index: usize) {
        if self.0.is_empty() {
            return;
        }
        for pod in nodes.iter_mut().flat_map(|n| n.pods.iter_mut()) {
            pod.eviction_refused = self.refused_at(&pod.key, index).is_some();
        }
    }
}

/// The workload that owns `pod`, the revision it runs and whether that is the current one:
/// its DaemonSet, the Deployment of its ReplicaSet, or its StatefulSet (current: at the
/// update revision).
fn pod_owner(pod: &PodState, cluster: &ClusterState) -> Option<(PodOwnerView, Option<i64>, bool)> {
    match pod.owner.as_ref()? {
        PodOwner::DaemonSet(key) => {
            let ds = cluster.daemon_sets.get(key)?;
            let hash = pod.label(HASH_LABEL).unwrap_or("");
            let revision = ds
                .revisions
                .iter()
                .find(|r| r.hash == hash)
                .map(|r| r.revision);
            let owner = PodOwnerView {
                kind: WorkloadKind::DaemonSet,
                key: key.to_string(),
                colour: daemon_set_colour(cluster, key),
            };
            Some((owner, revision, is_pod_current(pod, ds)))
        }
        PodOwner::ReplicaSet(rs_key) => {
            let rs = cluster.replica_sets.get(rs_key)?;
            let key = rs.owner.as_ref()?;
            let d = cluster.deployments.get(key)?;
            let (_, new) = replica_sets_of(cluster, d);
            let owner = PodOwnerView {
                kind: WorkloadKind::Deployment,
                key: key.clone(),
                colour: deployment_colour(cluster, key),
            };
            let current = new == Some(rs.replica_set.metadata.name.as_str());
            Some((owner, revision(&rs.replica_set.metadata).ok(), current))
        }
        PodOwner::StatefulSet(key) => {
            let set = cluster.stateful_sets.get(key)?;
            let revision = pod.label(HASH_LABEL).unwrap_or("");
            let owner = PodOwnerView {
                kind: WorkloadKind::StatefulSet,
                key: key.to_string(),
                colour: stateful_set_colour(cluster, key),
            };
            let current = revision == set.stateful_set.status.update_revision;
            Some((owner, set_revision_number(set, revision), current))
        }
    }
}

/// The order pods are listed in: by namespace and name, a StatefulSet's by ordinal
/// (`web-2` before `web-10`): a name ending in `-N` sorts by what comes before and then N.
fn listing_order(pod: &PodState) -> (&str, &str, i32) {
    let namespace = pod.pod.metadata.namespace.as_str();
    let name = pod.name();
    match parent_and_ordinal(name) {
        (parent, ordinal) if ordinal >= 0 => (namespace, parent, ordinal),
        _ => (namespace, name, -1),
    }
}

/// The pods of each node (by target node, pending pinned pods included), in
/// [`listing_order`].
pub fn pods_by_node(cluster: &ClusterState) -> BTreeMap<&str, Vec<&Arc<PodState>>> {
    let mut map: BTreeMap<&str, Vec<&Arc<PodState>>> = BTreeMap::new();
    for pod in cluster.pods.values() {
        if let Some(node) = pod.target_node() {
            map.entry(node).or_default().push(pod);
        }
    }
    for pods in map.values_mut() {
        pods.sort_by(|a, b| listing_order(a).cmp(&listing_order(b)));
    }
    map
}

/// The cell colour of one workload pod, `current` when it runs its workload's current
/// revision.
pub fn pod_cell(pod: &PodState, current: bool) -> CellStatus {
    if pod.deletion.is_some() {
        CellStatus::Terminating
    } else if pod.is_failing() {
        CellStatus::Failed
    } else if !pod.ready {
        CellStatus::Pending
    } else if !current {
        CellStatus::OldRevision
    } else {
        CellStatus::Ready
    }
}

/// A pod on a node card, and its cell colour when a workload owns it.
fn pod_view(pod: &PodState, cluster: &ClusterState) -> (PodView, Option<CellStatus>) {
    let owner = pod_owner(pod, cluster);
    let cell = owner
        .as_ref()
        .map(|(_, _, current)| pod_cell(pod, *current));
    let (owner, revision, current) = match owner {
        Some((owner, revision, current)) => (Some(owner), revision, current),
        None => (None, None, false),
    };
    let view = PodView {
        key: pod.key().to_owned(),
        name: pod.name().to_owned(),
        status: pod_status_text(pod),
        ready: pod.ready,
        terminating: pod
            .deletion
            .zip(pod.deletion_ends())
            .map(|(since, ends)| GracePeriod { since, ends }),
        owner,
        revision,
        current,
        eviction_refused: false,
    };
    (view, cell)
}

/// One node as the board draws it, with the pods that target it and its scheduler usage.
pub fn node_view(
    node: &NodeState,
    pods: &[&Arc<PodState>],
    usage: NodeUsage,
    cluster: &ClusterState,
) -> NodeView {
    let api = &node.node;
    let (pods, cells): (Vec<PodView>, Vec<Option<CellStatus>>) =
        pods.iter().map(|p| pod_view(p, cluster)).unzip();
    NodeView {
        name: node.name().to_owned(),
        labels: api
            .metadata
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        roles: node_roles(api),
        taints: api
            .spec
            .taints
            .iter()
            .map(|t| TaintView {
                effect: t.effect.as_str().to_owned(),
                text: if t.value.is_empty() {
                    t.key.clone()
                } else {
                    format!("{}={}", t.key, t.value)
                },
                spec: format_taint(t),
            })
            .collect(),
        ready: node.is_ready(),
        unschedulable: api.spec.unschedulable,
        usage,
        pods,
        cell: cells.into_iter().flatten().max().unwrap_or_default(),
    }
}

/// Every node of `cluster` as the board draws it, in name order.
pub fn node_views(cluster: &ClusterState) -> Vec<NodeView> {
    views_of(cluster, &pods_by_node(cluster), cluster)
}

/// The nodes named in `names` (those that exist) as the board draws them, in name order:
/// the scheduler's usage is counted from a snapshot of just those nodes and their pods.
pub fn node_views_of(cluster: &ClusterState, names: &BTreeSet<String>) -> Vec<NodeView> {
    let mut part = ClusterState {
        time: cluster.time,
        ..ClusterState::default()
    };
    for name in names {
        if let Some(node) = cluster.nodes.get(name) {
            part.nodes.insert(name.clone(), Arc::clone(node));
        }
    }
    for (key, pod) in &cluster.pods {
        if pod.target_node().is_some_and(|n| names.contains(n)) {
            part.pods.insert(key, Arc::clone(pod));
        }
    }
    views_of(&part, &pods_by_node(&part), cluster)
}

/// The views of the nodes of `part` with `pods` on them; DaemonSets are looked up in
/// `cluster`.
fn views_of(
    part: &ClusterState,
    pods: &BTreeMap<&str, Vec<&Arc<PodState>>>,
    cluster: &ClusterState,
) -> Vec<NodeView> {
    let scheduler = snapshot(part);
    part.nodes
        .values()
        .map(|node| {
            let usage = scheduler
                .node(node.name())
                .map(|info| NodeUsage {
                    cpu_requested: info.requested.milli_cpu,
                    cpu_allocatable: info.allocatable.milli_cpu,
                    memory_requested: info.requested.memory,
                    memory_allocatable: info.allocatable.memory,
                    pods: info.pods.len() as i64,
                    pods_allocatable: info.allocatable.allowed_pod_number,
                })
                .unwrap_or_default();
            let on_node = pods.get(node.name()).map_or(&[][..], Vec::as_slice);
            node_view(node, on_node, usage, cluster)
        })
        .collect()
}

/// Why a workload runs no pod at all, one sentence each: a DaemonSet that its controller
/// has synced and that no node should run (its node selector or affinity matches no node,
/// or every node has a taint it does not tolerate). The board shows them where pending
/// pods would be, so that an empty board does not read as "every pod is placed".
pub fn idle_workloads(cluster: &ClusterState) -> Vec<Sentence> {
    if cluster.nodes.is_empty() {
        return Vec::new();
    }
    cluster
        .daemon_sets
        .values()
        .filter(|ds| {
            ds.ds.status.observed_generation > 0 && ds.ds.status.desired_number_scheduled == 0
        })
        .map(|ds| {
            let key = ds.key();
            Sentence {
                en: format!(
                    "DaemonSet {key} runs on no node: on every node one of its controller's \
                     checks fails (its nodeSelector or node affinity matches no node, or a \
                     taint is not tolerated). Click a node to see which."
                ),
                zh: format!(
                    "DaemonSet {key} 不在任何节点上运行：每个节点上都有一项控制器检查未通过\
                     （nodeSelector 或节点亲和性不匹配任何节点，或有未被容忍的污点）。\
                     点击一个节点查看是哪一项。"
                ),
            }
        })
        .collect()
}

/// Pod counts of the whole cluster.
pub fn pod_counts(cluster: &ClusterState) -> PodCounts {
    let mut counts = PodCounts::default();
    for pod in cluster.pods.values() {
        counts.total += 1;
        counts.running += usize::from(pod.phase == PodPhase::Running);
        counts.pending += usize::from(pod.phase == PodPhase::Pending);
        counts.ready += usize::from(pod.ready);
        counts.terminating += usize::from(pod.deletion.is_some());
    }
    counts
}

/// What decides a workload pod's revision number, whether it is current and its colour,
/// for one workload: its key, current hash (a Deployment's new ReplicaSet, a StatefulSet's
/// update revision), template generation (0 for a Deployment or StatefulSet) and revisions
/// (hash, ReplicaSet name or ControllerRevision name, number).
pub type RevisionKey = (String, Option<String>, i64, Vec<(String, i64)>);

/// Every workload's [`RevisionKey`], DaemonSets, Deployments then StatefulSets: while these
/// stay the same, a node's view changes only when the node or its pods do.
pub fn revision_keys(cluster: &ClusterState) -> Vec<RevisionKey> {
    let daemon_sets = cluster.daemon_sets.iter().map(|(key, ds)| {
        let revisions = ds
            .revisions
            .iter()
            .map(|r| (r.hash.clone(), r.revision))
            .collect();
        (
            key.to_string(),
            ds.current_hash.clone(),
            ds.template_generation,
            revisions,
        )
    });
    let deployments = cluster.deployments.iter().map(|(key, d)| {
        let (owned, new) = replica_sets_of(cluster, d);
        let revisions = owned
            .iter()
            .map(|r| {
                let meta = &r.replica_set.metadata;
                (meta.name.clone(), revision(meta).unwrap_or(0))
            })
            .collect();
        (key.to_string(), new.map(str::to_owned), 0, revisions)
    });
    let stateful_sets = cluster.stateful_sets.iter().map(|(key, set)| {
        let revisions = set
            .revisions
            .iter()
            .map(|r| (r.name.clone(), r.revision))
            .collect();
        let update = set.stateful_set.status.update_revision.clone();
        (key.to_string(), Some(update), 0, revisions)
    });
    daemon_sets
        .chain(deployments)
        .chain(stateful_sets)
        .collect()
}

/// The label keys of the nodes, in sort order.
pub fn label_keys(cluster: &ClusterState) -> Vec<String> {
    let keys: BTreeSet<&str> = cluster
        .nodes
        .values()
        .flat_map(|n| n.node.metadata.labels.keys().map(String::as_str))
        .collect();
    keys.into_iter().map(str::to_owned).collect()
}

/// The unbound pods (not being deleted) of frame `frame` in [`listing_order`], with their
/// FailedScheduling messages; then the next pod of each `OrderedReady` StatefulSet that is
/// not created because the set waits for a pod before it.
pub fn pending_pods(cluster: &ClusterState, timeline: &Timeline, frame: usize) -> Vec<PendingPod> {
    let mut pending: Vec<&Arc<PodState>> = cluster
        .pods
        .values()
        .filter(|p| p.node_name().is_empty() && p.deletion.is_none())
        .collect();
    pending.sort_by(|a, b| listing_order(a).cmp(&listing_order(b)));
    let messages = if pending.is_empty() {
        Default::default()
    } else {
        timeline.failed_scheduling_messages(frame)
    };
    let mut listed: Vec<PendingPod> = pending
        .into_iter()
        .map(|pod| {
            let key = pod.key();
            PendingPod {
                message: messages.get(key).cloned(),
                key: key.to_owned(),
            }
        })
        .collect();
    for set in cluster.stateful_sets.values() {
        let api = &set.stateful_set;
        let next = (api.spec.start_ordinal()..=end_ordinal(&api.spec))
            .map(|ordinal| {
                object_key(
                    &api.metadata.namespace,
                    &pod_name(&api.metadata.name, ordinal),
                )
            })
            .find(|key| !cluster.pods.contains_key(key));
        if let Some((key, waiting)) =
            next.and_then(|key| Some((key.clone(), predecessor_waited_for(cluster, &key)?)))
        {
            listed.push(PendingPod {
                key,
                message: Some(format!(
                    "not created yet: StatefulSet {} is waiting for Pod {} {}",
                    api.metadata.name,
                    waiting.pod,
                    waiting_words(&waiting)
                )),
            });
        }
    }
    listed
}

/// The StatefulSet of the pod `key` (`namespace/name`) when the pod does not exist and its
/// ordinal is one of the set's replicas (a pod the controller is still to create), with
/// the ordinal.
pub fn missing_member<'a>(
    cluster: &'a ClusterState,
    key: &str,
) -> Option<(&'a StatefulSetState, i32)> {
    if cluster.pods.contains_key(key) {
        return None;
    }
    let (namespace, name) = key.split_once('/')?;
    let (parent, ordinal) = parent_and_ordinal(name);
    let set = cluster.stateful_sets.get(&object_key(namespace, parent))?;
    let spec = &set.stateful_set.spec;
    (ordinal >= spec.start_ordinal() && ordinal <= end_ordinal(spec)).then_some((set, ordinal))
}

/// What the not yet created pod `key` of an `OrderedReady` StatefulSet waits for: the pod
/// before it that the set's next sync stops at (not Running and Ready, not Available, or
/// terminating). None when the pod is not such a pod, or nothing before it holds it back.
pub fn predecessor_waited_for(cluster: &ClusterState, key: &str) -> Option<Waiting> {
    let (set, ordinal) = missing_member(cluster, key)?;
    if set.stateful_set.spec.pod_management_policy == PodManagementPolicy::Parallel {
        return None;
    }
    let waiting = waiting_for(cluster, &set.key())?;
    let before = parent_and_ordinal(&waiting.pod).1;
    (before >= 0 && before < ordinal).then_some(waiting)
}

/// The end of upstream's `StatefulSet is waiting for Pod to ...` line for what a set waits
/// for: `to be Running and Ready`, `to be Available`, `to Terminate`, `to be updated`.
pub fn waiting_words(waiting: &Waiting) -> String {
    match waiting.reason {
        "Terminate" => "to Terminate".to_owned(),
        "update" => "to be updated".to_owned(),
        reason => format!("to be {reason}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::sim::cluster::DEFAULT_SCENARIO;
    use crate::engine::sim::scenario::Simulation;
    use crate::engine::yaml;

    #[test]
    fn the_pod_counts_count_phases_readiness_and_deletions() {
        let timeline = Simulation::run(&yaml::load(DEFAULT_SCENARIO).objects, None);
        assert_eq!(
            pod_counts(timeline.final_state()),
            PodCounts {
                total: 3,
                running: 3,
                pending: 0,
                ready: 3,
                terminating: 0
            },
            "the default scenario settles with one ready daemon pod on each worker"
        );
        assert_eq!(
            pod_counts(&timeline.state_at(0)),
            PodCounts::default(),
            "the first frame has no pod yet"
        );
    }

    /// Three ready nodes and the Deployment `web` of `replicas` pods running `image`.
    pub(crate) fn web(replicas: u32, image: &str) -> String {
        let mut text = String::new();
        for i in 1..=3 {
            text.push_str(&format!(
                "apiVersion: v1\nkind: Node\nmetadata: {{name: worker-{i}}}\nstatus:\n  \
                 allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  \
                 conditions: [{{type: Ready, status: 'True'}}]\n---\n"
            ));
        }
        text.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  \
             replicas: {replicas}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    \
             metadata: {{labels: {{app: web}}}}\n    spec:\n      \
             containers: [{{name: web, image: '{image}'}}]\n"
        ));
        text
    }

    /// `web` of 4 replicas run until stable on `nginx:1.0`, then rolled out to `nginx:1.1`.
    pub(crate) fn rollout() -> Timeline {
        let before = Simulation::run(&yaml::load(&web(4, "nginx:1.0")).objects, None);
        let next = yaml::load(&web(4, "nginx:1.1")).objects;
        Simulation::resume(before.final_state(), &next, None)
    }

    #[test]
    fn mid_rollout_a_deployments_pods_carry_their_owner_and_revision_and_old_ones_are_not_current()
    {
        let timeline = rollout();
        let mixed = (0..timeline.frames().len())
            .map(|i| timeline.state_at(i))
            .find(|state| {
                let pods: Vec<PodView> =
                    node_views(state).into_iter().flat_map(|n| n.pods).collect();
                pods.iter().any(|p| p.current && p.ready)
                    && pods.iter().any(|p| !p.current && p.ready)
            })
            .expect("a frame with ready pods of both revisions");
        let nodes = node_views(&mixed);
        let pods: Vec<&PodView> = nodes.iter().flat_map(|n| &n.pods).collect();
        for pod in &pods {
            let owner = pod.owner.as_ref().expect("every pod is the Deployment's");
            assert_eq!(
                (owner.kind, owner.key.as_str(), owner.colour),
                (WorkloadKind::Deployment, "default/web", 0)
            );
            let expected = if pod.current { 2 } else { 1 };
            assert_eq!(pod.revision, Some(expected), "{}", pod.name);
        }
        assert!(
            nodes.iter().any(|n| n.cell == CellStatus::OldRevision
                || n.cell == CellStatus::Pending
                || n.cell == CellStatus::Terminating),
            "a node still runs or swaps an old pod"
        );
        let [view] = workloads(&mixed).0.try_into().expect("one workload");
        assert_eq!(view.kind, WorkloadKind::Deployment);
        assert_eq!(view.image, "nginx:1.1");
        assert_eq!(view.status.desired, 4);
        let revisions: Vec<(i64, &str, bool)> = view
            .revisions
            .iter()
            .map(|r| (r.revision, r.image.as_str(), r.current))
            .collect();
        assert_eq!(
            revisions,
            [(1, "nginx:1.0", false), (2, "nginx:1.1", true)],
            "the ReplicaSets are the revisions, the new one current"
        );
        for r in &view.revisions {
            let rs = r
                .replica_set
                .as_ref()
                .expect("a Deployment's revision is a ReplicaSet");
            assert!(
                rs.name.starts_with("web-") && rs.name.ends_with(&rs.hash),
                "{rs:?}"
            );
        }
    }

    #[test]
    fn a_deployments_status_history_ends_with_every_replica_updated_and_available() {
        let timeline = rollout();
        let [history] = status_histories(&timeline)
            .try_into()
            .expect("one workload");
        assert_eq!(
            (history.kind, history.key.as_str()),
            (WorkloadKind::Deployment, "default/web")
        );
        let last = history.points.last().expect("points").1;
        assert_eq!(
            last,
            StatusCounts {
                desired: 4,
                updated: 4,
                available: 4,
                unavailable: 0
            }
        );
        assert!(
            history.points.iter().any(|(_, c)| c.updated < 4),
            "the rollout passes through partly updated states: {:?}",
            history.points
        );
        let last = history.points.last().expect("points").0;
        let run_end = timeline.frames().last().expect("frames").time;
        assert!(
            run_end > 300_000,
            "the progress deadline's resyncs run on long after the rollout"
        );
        assert_eq!(history.end_ms, last + (last / 4).max(5_000));
        assert_eq!(history.end, format_go_duration(history.end_ms));
    }

    /// `nodes` ready nodes and the StatefulSet `web` of `replicas` nginx pods (`spec` adds
    /// lines to its spec, `container` to its container), then a scenario with `steps` (YAML
    /// list items indented by two spaces; `nginx:broken` cannot be pulled).
    pub(crate) fn sts_text(
        nodes: u32,
        replicas: u32,
        spec: &str,
        container: &str,
        steps: &str,
    ) -> String {
        let mut text = String::new();
        for i in 1..=nodes {
            text.push_str(&format!(
                "apiVersion: v1\nkind: Node\nmetadata: {{name: worker-{i}}}\nstatus:\n  \
                 allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  \
                 conditions: [{{type: Ready, status: 'True'}}]\n---\n"
            ));
        }
        text.push_str(&format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web}}\nspec:\n  \
             replicas: {replicas}\n{spec}  selector: {{matchLabels: {{app: web}}}}\n  \
             template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      \
             containers: [{{name: web, image: 'nginx:1.27'{container}}}]\n---\n\
             apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\n\
             spec:\n  kubelet:\n    images: [{{image: 'nginx:broken', failure: ImagePullError}}]\n  \
             steps:\n  - wait: {{until: rolloutComplete, statefulSet: web, timeout: 10m}}\n{steps}"
        ));
        text
    }

    /// The run of [`sts_text`].
    pub(crate) fn sts_run(text: &str) -> Timeline {
        let loaded = yaml::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        Simulation::run(&loaded.objects, None)
    }

    /// `web` of 3 rolled out to `nginx:1.28` with a partition of 2: web-2 updated only.
    pub(crate) fn partitioned() -> Timeline {
        sts_run(&sts_text(
            3,
            3,
            "",
            "",
            "  - setPartition: {statefulSet: web, partition: 2}\n  \
             - setImage: {statefulSet: web, image: 'nginx:1.28'}\n  \
             - wait: {until: rolloutComplete, statefulSet: web}\n",
        ))
    }

    /// The first frame of `timeline` whose cluster passes `found`, with its index.
    pub(crate) fn first_frame(
        timeline: &Timeline,
        found: impl Fn(&ClusterState) -> bool,
    ) -> (usize, ClusterState) {
        (0..timeline.len())
            .map(|i| (i, timeline.state_at(i)))
            .find(|(_, state)| found(state))
            .expect("such a frame")
    }

    #[test]
    fn a_stateful_sets_pods_are_listed_by_ordinal_with_their_owner_colour_and_revision() {
        let timeline = sts_run(&sts_text(1, 12, "", "", ""));
        let [node] = node_views(timeline.final_state())
            .try_into()
            .expect("one node");
        let names: Vec<&str> = node.pods.iter().map(|p| p.name.as_str()).collect();
        let want: Vec<String> = (0..12).map(|i| format!("web-{i}")).collect();
        assert_eq!(names, want, "web-2 before web-10");
        for pod in &node.pods {
            let owner = pod.owner.as_ref().expect("the StatefulSet's");
            assert_eq!(
                (owner.kind, owner.key.as_str(), owner.colour),
                (WorkloadKind::StatefulSet, "default/web", 0)
            );
            assert_eq!((pod.revision, pod.current), (Some(1), true), "{}", pod.name);
        }
        assert_eq!(node.cell, CellStatus::Ready);
        let [view] = workloads(timeline.final_state())
            .0
            .try_into()
            .expect("one workload");
        assert_eq!(view.kind, WorkloadKind::StatefulSet);
        assert_eq!(
            view.partition,
            Some(0),
            "defaulting states a partition of 0"
        );
        assert_eq!(
            view.details[0].en,
            "replicas 12 · ready 12 · current 12 · updated 12 · available 12"
        );
        assert!(view.details[0].zh.starts_with("副本 12 · 就绪 12"));
        let revisions: Vec<(i64, &str, bool)> = view
            .revisions
            .iter()
            .map(|r| (r.revision, r.image.as_str(), r.current))
            .collect();
        assert_eq!(revisions, [(1, "nginx:1.27", true)]);
    }

    #[test]
    fn pending_pods_are_listed_by_ordinal() {
        let text = sts_text(
            1,
            11,
            "  podManagementPolicy: Parallel\n",
            ", resources: {requests: {cpu: '64'}}",
            "",
        )
        .replace(
            "statefulSet: web, timeout: 10m",
            "statefulSet: web, timeout: 30s",
        );
        let timeline = sts_run(&text);
        let last = timeline.len() - 1;
        let pending = pending_pods(timeline.final_state(), &timeline, last);
        let keys: Vec<&str> = pending.iter().map(|p| p.key.as_str()).collect();
        let want: Vec<String> = (0..11).map(|i| format!("default/web-{i}")).collect();
        assert_eq!(keys, want);
        assert!(pending.iter().all(|p| p
            .message
            .as_deref()
            .is_some_and(|m| m.contains("Insufficient cpu"))));
    }

    #[test]
    fn the_next_pod_of_an_ordered_set_waits_in_the_pending_list_for_its_predecessor() {
        let timeline = sts_run(&sts_text(3, 3, "", "", ""));
        let (index, state) = first_frame(&timeline, |state| {
            state.pods.get("default/web-0").is_some_and(|p| !p.ready)
        });
        let pending = pending_pods(&state, &timeline, index);
        let waiting = pending
            .iter()
            .find(|p| p.key == "default/web-1")
            .expect("web-1 is listed");
        assert_eq!(
            waiting.message.as_deref(),
            Some(
                "not created yet: StatefulSet web is waiting for Pod web-0 to be Running and Ready"
            )
        );
        assert!(
            pending.iter().all(|p| p.key != "default/web-2"),
            "only the next pod is listed"
        );
        let parallel = sts_run(&sts_text(3, 3, "  podManagementPolicy: Parallel\n", "", ""));
        for i in 0..parallel.len() {
            let state = parallel.state_at(i);
            for pod in pending_pods(&state, &parallel, i) {
                assert!(
                    state.pods.contains_key(&pod.key),
                    "{pod:?}: Parallel does not wait"
                );
            }
        }
    }

    #[test]
    fn a_partitioned_rollout_keeps_the_pods_below_the_partition_at_the_old_revision() {
        let timeline = partitioned();
        let end = timeline.final_state();
        let pods: Vec<PodView> = node_views(end).into_iter().flat_map(|n| n.pods).collect();
        let mut revisions: Vec<(&str, Option<i64>, bool)> = pods
            .iter()
            .map(|p| (p.name.as_str(), p.revision, p.current))
            .collect();
        revisions.sort();
        assert_eq!(
            revisions,
            [
                ("web-0", Some(1), false),
                ("web-1", Some(1), false),
                ("web-2", Some(2), true)
            ]
        );
        let [view] = workloads(end).0.try_into().expect("one workload");
        assert_eq!(view.partition, Some(2));
        assert_eq!(view.image, "nginx:1.28");
        let status = &end.stateful_sets["default/web"].stateful_set.status;
        assert_eq!(
            view.details[1].en,
            format!(
                "currentRevision {} (1) · updateRevision {} (2)",
                status.current_revision, status.update_revision
            )
        );
        let revisions: Vec<(i64, bool)> = view
            .revisions
            .iter()
            .map(|r| (r.revision, r.current))
            .collect();
        assert_eq!(revisions, [(1, false), (2, true)]);
        let keys = revision_keys(end);
        assert_eq!(
            keys[0].1.as_deref(),
            Some(status.update_revision.as_str()),
            "a new update revision makes the board's views again"
        );
    }

    #[test]
    fn a_stateful_sets_status_history_counts_its_pods_up_in_order() {
        let timeline = sts_run(&sts_text(3, 3, "", "", ""));
        let [history] = status_histories(&timeline)
            .try_into()
            .expect("one workload");
        assert_eq!(
            (history.kind, history.key.as_str()),
            (WorkloadKind::StatefulSet, "default/web")
        );
        let available: Vec<i32> = history.points.iter().map(|(_, c)| c.available).collect();
        assert!(
            available.windows(2).all(|w| w[0] <= w[1]) && available.contains(&1),
            "one pod at a time: {available:?}"
        );
        assert_eq!(
            history.points.last().expect("points").1,
            StatusCounts {
                desired: 3,
                updated: 3,
                available: 3,
                unavailable: 0
            }
        );
    }

    #[test]
    fn a_deployment_pod_that_fits_nowhere_is_pending_with_its_failed_scheduling_message() {
        let text = web(2, "nginx:1.0").replace(
            "image: 'nginx:1.0'",
            "image: 'nginx:1.0', resources: {requests: {cpu: '64'}}",
        );
        let timeline = Simulation::run(&yaml::load(&text).objects, None);
        let last = timeline.frames().len() - 1;
        let pending = pending_pods(timeline.final_state(), &timeline, last);
        assert_eq!(pending.len(), 2);
        for pod in pending {
            assert!(pod.key.starts_with("default/web-"), "{}", pod.key);
            let message = pod.message.expect("the scheduler has tried");
            assert!(message.contains("Insufficient cpu"), "{message}");
        }
    }

    #[test]
    fn a_daemon_set_whose_selector_matches_no_node_says_it_runs_nowhere_once_synced() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: gpu-agent, namespace: default}\n\
                    spec:\n  selector: {matchLabels: {app: gpu}}\n  template:\n    metadata: {labels: {app: gpu}}\n\
                    \x20   spec:\n      nodeSelector: {gpu: \"true\"}\n      containers: [{name: a, image: agent}]\n";
        let mut objects = crate::engine::yaml::load(text).objects;
        crate::engine::sim::cluster::fill_in_default_cluster(&mut objects);
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        assert_eq!(
            idle_workloads(&timeline.state_at(0)),
            Vec::new(),
            "not synced yet"
        );
        let idle = idle_workloads(&timeline.state_at(timeline.len() - 1));
        assert_eq!(idle.len(), 1);
        assert!(
            idle[0]
                .en
                .starts_with("DaemonSet default/gpu-agent runs on no node: on every node"),
            "{}",
            idle[0].en
        );
    }

    #[test]
    fn a_budget_shows_beside_the_workload_its_selector_covers_or_apart() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/simulation/drain-blocked-by-budget.yaml"
        ))
        .expect("the fixture");
        let stray =
            "\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db}\n\
                     spec: {maxUnavailable: 25%, selector: {matchLabels: {app: db}}}\n";
        let mut objects = crate::engine::yaml::load(&format!("{text}{stray}")).objects;
        crate::engine::sim::cluster::fill_in_default_cluster(&mut objects);
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        let (workloads, rest) = workloads(timeline.final_state());
        let budgets = |key: &str| {
            let w = workloads.iter().find(|w| w.key == key).expect(key);
            w.budgets
                .iter()
                .map(|b| b.text.en.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(budgets("kube-system/node-agent"), Vec::<String>::new());
        assert_eq!(
            budgets("default/web"),
            [
                "PodDisruptionBudget web (minAvailable: 3): 0 disruptions allowed · 3 healthy, \
              3 needed · 3 pods expected"
            ]
        );
        let web = &workloads
            .iter()
            .find(|w| w.key == "default/web")
            .unwrap()
            .budgets[0];
        assert!(web.blocks);
        assert!(web.text.zh.contains("允许 0 次中断"), "{}", web.text.zh);
        let rest: Vec<_> = rest.iter().map(|b| (b.key.as_str(), b.blocks)).collect();
        assert_eq!(rest, [("default/db", true)]);
    }

    #[test]
    fn pods_a_budget_holds_are_marked_from_the_refusal_until_an_eviction_is_allowed() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/simulation/drain-under-budget.yaml"
        ))
        .expect("the fixture");
        let mut objects = crate::engine::yaml::load(&text).objects;
        crate::engine::sim::cluster::fill_in_default_cluster(&mut objects);
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        let answers = EvictionAnswers::of(&timeline);
        let step = timeline.drains()[0].frame;
        let marked: Vec<bool> = (0..timeline.len())
            .map(|i| {
                let mut nodes = node_views(&timeline.state_at(i));
                answers.mark(&mut nodes, i);
                nodes
                    .iter()
                    .flat_map(|n| &n.pods)
                    .any(|p| p.name == "web-5d4c8f7b9-bbbbb" && p.eviction_refused)
            })
            .collect();
        assert!(!marked[step - 1], "not before the drain");
        assert!(marked[step], "from the refusal at the step");
        let first_unmarked = step + marked[step..].iter().position(|m| !m).expect("lifted");
        assert!(
            marked[first_unmarked..].iter().all(|m| !m),
            "the retry is allowed and stays so"
        );
        assert_eq!(
            answers.refused_at("default/web-5d4c8f7b9-bbbbb", step),
            Some(step)
        );
        assert_eq!(
            answers.refused_at("default/web-5d4c8f7b9-aaaaa", step),
            None
        );
    }
}

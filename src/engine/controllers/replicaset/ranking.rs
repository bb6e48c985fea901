//! Which pods a ReplicaSet deletes first and how fast it creates them, as
//! `pkg/controller/controller_utils.go` (`ActivePods`, `ActivePodsWithRanks`) and
//! `pkg/controller/replicaset/replica_set.go` (`manageReplicas`, `getPodsToDelete`,
//! `getPodsRankedByRelatedPodsOnSameNode`, `slowStartBatch`) do it in Kubernetes v1.35, with
//! the `PodDeletionCost` and `LogarithmicScaleDown` features on (their v1.35 defaults).
//!
//! Pods are ordered "delete first" to "delete last": unassigned before assigned; Pending
//! before Unknown before Running; not ready before ready; lower `pod-deletion-cost` first;
//! more related pods on the same node first; ready for less time first (in powers of two of
//! the time, ties by UID); more container restarts first; newer first (likewise in powers of
//! two). Sorting is stable (upstream's `sort.Sort` is not, so equal pods may come in another
//! order there).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{Pod, RawValue};
use crate::engine::controllers::deployment::util::{time_or_zero, GO_ZERO_TIME};
use crate::engine::sorting::sort_stably_by;

/// `core.PodDeletionCost`: the annotation that lets users pick which pods go first.
pub const POD_DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";
/// `controller.SlowStartInitialBatchSize`.
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;
/// `BurstReplicas`: the most pods one sync creates or deletes.
pub const BURST_REPLICAS: usize = 500;

/// `podutil.IsPodReady`: the Ready condition is True.
pub fn is_pod_ready(pod: &Pod) -> bool {
    ready_condition(pod).is_some()
}

fn ready_condition(pod: &Pod) -> Option<&crate::engine::api::Condition> {
    pod.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .filter(|c| c.status == "True")
}

/// `IsPodActive`: not Succeeded, not Failed, not being deleted.
pub fn is_pod_active(pod: &Pod) -> bool {
    !matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed"))
        && pod.metadata.deletion_timestamp.is_none()
}

/// `podReadyTime`: when a ready pod became ready (the zero time when not ready or unknown).
pub fn pod_ready_time(pod: &Pod) -> UnixMillis {
    ready_condition(pod).map_or(GO_ZERO_TIME, |c| {
        time_or_zero(c.last_transition_time.as_deref())
    })
}

/// `helper.GetDeletionCostFromPodAnnotations`: the pod-deletion-cost annotation as an int32
/// (0 when absent); no sign but `-`, no leading zero.
pub fn deletion_cost(pod: &Pod) -> Result<i32, String> {
    let Some(value) = pod.metadata.annotations.get(POD_DELETION_COST_ANNOTATION) else {
        return Ok(0);
    };
    let valid_first = match value.as_bytes().first() {
        Some(b'-' | b'1'..=b'9') => true,
        Some(b'0') => value == "0",
        _ => false,
    };
    if !valid_first {
        return Err(format!("invalid value \"{value}\""));
    }
    value
        .parse::<i32>()
        .map_err(|_| format!("strconv.ParseInt: parsing \"{value}\": invalid syntax"))
}

/// `maxContainerRestarts`: the most restarts of a regular container, and of a sidecar (an
/// init container with `restartPolicy: Always`), from `status.containerStatuses` and
/// `status.initContainerStatuses`.
pub fn max_container_restarts(pod: &Pod) -> (i64, i64) {
    let sidecars: Vec<&str> = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .map(|c| c.name.as_str())
        .collect();
    let regular = container_statuses(pod, "containerStatuses")
        .map(|(_, restarts)| restarts)
        .fold(0, i64::max);
    let sidecar = container_statuses(pod, "initContainerStatuses")
        .filter(|(name, _)| sidecars.contains(name))
        .map(|(_, restarts)| restarts)
        .fold(0, i64::max);
    (regular, sidecar)
}

/// The (name, restartCount) of each entry of a container status list kept in `status.extra`.
fn container_statuses<'a>(pod: &'a Pod, field: &str) -> impl Iterator<Item = (&'a str, i64)> {
    let list = pod.status.extra.iter().find_map(|(k, v)| match v {
        RawValue::Seq(items) if k == field => Some(items),
        _ => None,
    });
    list.into_iter()
        .flatten()
        .filter_map(|status| match status {
            RawValue::Map(fields) => {
                let name = fields.iter().find_map(|(k, v)| match v {
                    RawValue::String(name) if k == "name" => Some(name.as_str()),
                    _ => None,
                });
                let restarts = fields.iter().find_map(|(k, v)| match v {
                    RawValue::Int(n) if k == "restartCount" => Some(*n),
                    _ => None,
                });
                Some((name.unwrap_or(""), restarts.unwrap_or(0)))
            }
            _ => None,
        })
}

/// `compareMaxContainerRestarts`: `Some(true)` when `a` restarted more (regular containers,
/// then sidecars), `Some(false)` when `b` did, `None` when even.
fn compare_max_container_restarts(a: &Pod, b: &Pod) -> Option<bool> {
    let (regular_a, sidecar_a) = max_container_restarts(a);
    let (regular_b, sidecar_b) = max_container_restarts(b);
    if regular_a != regular_b {
        return Some(regular_a > regular_b);
    }
    (sidecar_a != sidecar_b).then_some(sidecar_a > sidecar_b)
}

/// `podPhaseToOrdinal`: Pending 0, Unknown 1, Running 2 (anything else 0).
fn phase_ordinal(pod: &Pod) -> u8 {
    match pod.status.phase.as_deref() {
        Some("Unknown") => 1,
        Some("Running") => 2,
        _ => 0,
    }
}

/// `afterOrZero`: `t1` is after `t2`, a zero time counting as after every other.
fn after_or_zero(t1: UnixMillis, t2: UnixMillis) -> bool {
    if t1 == GO_ZERO_TIME || t2 == GO_ZERO_TIME {
        return t1 == GO_ZERO_TIME;
    }
    t1 > t2
}

/// `logarithmicRankDiff`: the difference of `floor(log2(now - t))` (in nanoseconds, -1 when
/// not in the past) of two instants.
fn logarithmic_rank_diff(t1: UnixMillis, t2: UnixMillis, now: UnixMillis) -> i64 {
    let rank = |t: UnixMillis| {
        let nanos = now.saturating_sub(t).saturating_mul(1_000_000);
        if nanos > 0 {
            (nanos as f64).log2() as i64
        } else {
            -1
        }
    };
    rank(t1) - rank(t2)
}

/// The first rules both orderings share: unassigned, phase, readiness.
fn compare_placement_phase_readiness(a: &Pod, b: &Pod) -> Option<bool> {
    let (node_a, node_b) = (&a.spec.node_name, &b.spec.node_name);
    if node_a != node_b && (node_a.is_empty() || node_b.is_empty()) {
        return Some(node_a.is_empty());
    }
    if phase_ordinal(a) != phase_ordinal(b) {
        return Some(phase_ordinal(a) < phase_ordinal(b));
    }
    if is_pod_ready(a) != is_pod_ready(b) {
        return Some(!is_pod_ready(a));
    }
    None
}

/// `ActivePods.Less`: whether `a` goes before `b` (is deleted first).
pub fn active_pods_less(a: &Pod, b: &Pod) -> bool {
    if let Some(less) = compare_placement_phase_readiness(a, b) {
        return less;
    }
    if is_pod_ready(a) && is_pod_ready(b) {
        let (ready_a, ready_b) = (pod_ready_time(a), pod_ready_time(b));
        if ready_a != ready_b {
            return after_or_zero(ready_a, ready_b);
        }
    }
    if let Some(less) = compare_max_container_restarts(a, b) {
        return less;
    }
    let (created_a, created_b) = (created(a), created(b));
    created_a != created_b && after_or_zero(created_a, created_b)
}

fn created(pod: &Pod) -> UnixMillis {
    time_or_zero(pod.metadata.creation_timestamp.as_deref())
}

/// A total order from a `Less` both ways: less, greater, or equal when neither is less.
fn ordering_of(a_before_b: bool, b_before_a: bool) -> Ordering {
    match (a_before_b, b_before_a) {
        (true, _) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => Ordering::Equal,
    }
}

/// `sort.Sort(ActivePods(pods))`, stably.
pub fn sort_active_pods(pods: &mut [&Pod]) {
    sort_stably_by(pods, &|a, b| {
        ordering_of(active_pods_less(a, b), active_pods_less(b, a))
    });
}

/// `ActivePodsWithRanks`: pods with a rank each (more is deleted first), and the time the
/// logarithmic comparisons measure from.
#[derive(Clone, Debug)]
pub struct ActivePodsWithRanks<'a> {
    /// The pods.
    pub pods: Vec<&'a Pod>,
    /// Each pod's rank (related pods on its node).
    pub rank: Vec<usize>,
    /// Now (`Now`).
    pub now: UnixMillis,
}

impl ActivePodsWithRanks<'_> {
    /// `ActivePodsWithRanks.Less`: whether pod `i` goes before pod `j`.
    pub fn less(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.pods[i], self.pods[j]);
        if let Some(less) = compare_placement_phase_readiness(a, b) {
            return less;
        }
        let (cost_a, cost_b) = (deletion_cost(a).unwrap_or(0), deletion_cost(b).unwrap_or(0));
        if cost_a != cost_b {
            return cost_a < cost_b;
        }
        if self.rank[i] != self.rank[j] {
            return self.rank[i] > self.rank[j];
        }
        if is_pod_ready(a) && is_pod_ready(b) {
            let (ready_a, ready_b) = (pod_ready_time(a), pod_ready_time(b));
            if ready_a != ready_b {
                return self.logarithmically_after(a, b, ready_a, ready_b);
            }
        }
        if let Some(less) = compare_max_container_restarts(a, b) {
            return less;
        }
        let (created_a, created_b) = (created(a), created(b));
        created_a != created_b && self.logarithmically_after(a, b, created_a, created_b)
    }

    /// `t1` is in a later power-of-two bucket of age than `t2` (the UIDs break a tie), or
    /// plainly after it when a time is unknown.
    fn logarithmically_after(&self, a: &Pod, b: &Pod, t1: UnixMillis, t2: UnixMillis) -> bool {
        if t1 == GO_ZERO_TIME || t2 == GO_ZERO_TIME {
            return after_or_zero(t1, t2);
        }
        match logarithmic_rank_diff(t1, t2, self.now) {
            0 => a.metadata.uid.as_deref().unwrap_or("") < b.metadata.uid.as_deref().unwrap_or(""),
            diff => diff < 0,
        }
    }

    /// `sort.Sort`, stably: the pods (with their ranks) deleted first come first.
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.pods.len()).collect();
        sort_stably_by(&mut order, &|&i, &j| {
            ordering_of(self.less(i, j), self.less(j, i))
        });
        self.pods = order.iter().map(|&i| self.pods[i]).collect();
        self.rank = order.iter().map(|&i| self.rank[i]).collect();
    }
}

/// `getPodsRankedByRelatedPodsOnSameNode`: each pod ranked by the active related pods on its
/// node.
pub fn pods_ranked_by_related_pods_on_same_node<'a>(
    pods_to_rank: &[&'a Pod],
    related_pods: &[&Pod],
    now: UnixMillis,
) -> ActivePodsWithRanks<'a> {
    let mut on_node: BTreeMap<&str, usize> = BTreeMap::new();
    for pod in related_pods.iter().filter(|p| is_pod_active(p)) {
        *on_node.entry(pod.spec.node_name.as_str()).or_default() += 1;
    }
    ActivePodsWithRanks {
        pods: pods_to_rank.to_vec(),
        rank: pods_to_rank
            .iter()
            .map(|p| on_node.get(p.spec.node_name.as_str()).copied().unwrap_or(0))
            .collect(),
        now,
    }
}

/// `getPodsToDelete`: the first `diff` of `filtered_pods` in deletion order (all of them,
/// unsorted, when `diff` covers them all).
pub fn pods_to_delete<'a>(
    filtered_pods: &[&'a Pod],
    related_pods: &[&Pod],
    diff: usize,
    now: UnixMillis,
) -> Vec<&'a Pod> {
    if diff >= filtered_pods.len() {
        return filtered_pods.to_vec();
    }
    let mut ranked = pods_ranked_by_related_pods_on_same_node(filtered_pods, related_pods, now);
    ranked.sort();
    ranked.pods.truncate(diff);
    ranked.pods
}

/// What `manageReplicas` does about the difference between the active pods and `replicas`,
/// at most [`BURST_REPLICAS`] at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaChange {
    /// As many pods as wanted.
    None,
    /// Create this many (in slow-start batches).
    Create(usize),
    /// Delete this many ([`pods_to_delete`]).
    Delete(usize),
}

/// `manageReplicas`' `diff`, capped at [`BURST_REPLICAS`].
pub fn replica_change(active_pods: usize, replicas: i32) -> ReplicaChange {
    let wanted = usize::try_from(replicas).unwrap_or(0);
    match active_pods.cmp(&wanted) {
        Ordering::Equal => ReplicaChange::None,
        Ordering::Less => ReplicaChange::Create((wanted - active_pods).min(BURST_REPLICAS)),
        Ordering::Greater => ReplicaChange::Delete((active_pods - wanted).min(BURST_REPLICAS)),
    }
}

/// `slowStartBatch`: calls `create` `count` times in batches of 1, 2, 4, ... (the last one
/// what is left), stopping after the first batch with a failure; the successes and that
/// batch's first error.
pub fn slow_start_batch<E>(
    count: usize,
    initial_batch_size: usize,
    mut create: impl FnMut() -> Result<(), E>,
) -> (usize, Option<E>) {
    let mut remaining = count;
    let mut successes = 0;
    let mut batch = remaining.min(initial_batch_size);
    while batch > 0 {
        let mut first_error = None;
        for _ in 0..batch {
            match create() {
                Ok(()) => successes += 1,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if first_error.is_some() {
            return (successes, first_error);
        }
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    (successes, None)
}

/// The batch sizes [`slow_start_batch`] uses when every call succeeds.
pub fn slow_start_batch_sizes(count: usize, initial_batch_size: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut remaining = count;
    let mut batch = remaining.min(initial_batch_size);
    while batch > 0 {
        sizes.push(batch);
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    sizes
}

#[cfg(test)]
#[path = "ranking_tests.rs"]
mod tests;

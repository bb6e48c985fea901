//! The disruption controller's pure rules (`pkg/controller/disruption/disruption.go` and
//! `component-helpers/apps/poddisruptionbudget`): which pods a budget guards, how many it
//! expects (the scale of their controllers), how many are healthy, the new status with its
//! `DisruptionAllowed` condition, and the events.

use crate::engine::api::policy::*;
use crate::engine::api::time::{parse_rfc3339, UnixMillis};
use crate::engine::api::{
    controller_of, Deployment, IntOrPercent, LabelSelector, ObjectMeta, OwnerReference, ReplicaSet,
    StatefulSet, StringMap,
};
use crate::engine::controllers::deployment::util::scaled_value;
use crate::engine::yaml::{label_selector_matches, label_selector_text};

pub use crate::engine::store::eviction::BudgetPod;

/// `DeletionTimeout`: how long a pod the eviction API approved may stay undeleted before the
/// controller drops it from `disruptedPods` (2 minutes).
pub const DELETION_TIMEOUT_MS: UnixMillis = 2 * 60 * 1000;

/// The workload objects the controller finders read (`rsLister`, `dLister`, `ssLister`)
/// and the kind the API server serves without a lister here (`ReplicationController`:
/// kubeplay has none, so its scale is never found).
#[derive(Clone, Copy, Debug, Default)]
pub struct Controllers<'a> {
    /// Every ReplicaSet.
    pub replica_sets: &'a [&'a ReplicaSet],
    /// Every Deployment.
    pub deployments: &'a [&'a Deployment],
    /// Every StatefulSet.
    pub stateful_sets: &'a [&'a StatefulSet],
}

/// The group of an `apiVersion` (`schema.ParseGroupVersion`): empty for `v1`.
fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// `verifyGroupKind`.
fn is_kind(owner: &OwnerReference, kind: &str, groups: &[&str]) -> bool {
    owner.kind == kind && groups.contains(&group_of(&owner.api_version))
}

impl<'a> Controllers<'a> {
    fn replica_set(&self, owner: &OwnerReference, namespace: &str) -> Option<&'a ReplicaSet> {
        if !is_kind(owner, "ReplicaSet", &["apps", "extensions"]) {
            return None;
        }
        self.replica_sets.iter().copied().find(|rs| {
            rs.metadata.namespace == namespace
                && rs.metadata.name == owner.name
                && rs.metadata.uid.as_deref() == Some(owner.uid.as_str())
        })
    }

    /// `getPodDeployment`: the Deployment of the pod's ReplicaSet, with its scale.
    pub(super) fn deployment_scale(
        &self,
        owner: &OwnerReference,
        namespace: &str,
    ) -> Option<(String, i32)> {
        let rs = self.replica_set(owner, namespace)?;
        let rs_owner = controller_of(&rs.metadata.owner_references)?;
        if !is_kind(rs_owner, "Deployment", &["apps", "extensions"]) {
            return None;
        }
        self.deployments
            .iter()
            .find(|d| {
                d.metadata.namespace == namespace
                    && d.metadata.name == rs_owner.name
                    && d.metadata.uid.as_deref() == Some(rs_owner.uid.as_str())
            })
            .map(|d| (rs_owner.uid.clone(), d.spec.replicas))
    }

    /// `getPodReplicaSet`: a ReplicaSet no Deployment controls, with its scale.
    pub(super) fn replica_set_scale(
        &self,
        owner: &OwnerReference,
        namespace: &str,
    ) -> Option<(String, i32)> {
        let rs = self.replica_set(owner, namespace)?;
        match controller_of(&rs.metadata.owner_references) {
            Some(o) if o.kind == "Deployment" => None,
            _ => Some((owner.uid.clone(), rs.spec.replicas)),
        }
    }

    /// `getPodStatefulSet`: the pod's StatefulSet, with its scale.
    pub(super) fn stateful_set_scale(
        &self,
        owner: &OwnerReference,
        namespace: &str,
    ) -> Option<(String, i32)> {
        if !is_kind(owner, "StatefulSet", &["apps"]) {
            return None;
        }
        self.stateful_sets
            .iter()
            .find(|s| {
                s.metadata.namespace == namespace
                    && s.metadata.name == owner.name
                    && s.metadata.uid.as_deref() == Some(owner.uid.as_str())
            })
            .map(|s| (owner.uid.clone(), s.spec.replicas))
    }

    /// `getScaleController` for the `apps` kinds kubeplay holds: the scale subresource of
    /// the object the reference names, counted only when its uid is the reference's (so a
    /// ReplicaSet whose Deployment is gone still counts its own scale).
    fn scale_subresource(&self, owner: &OwnerReference, namespace: &str) -> Option<(String, i32)> {
        let named = |meta: &ObjectMeta| {
            meta.namespace == namespace
                && meta.name == owner.name
                && meta.uid.as_deref() == Some(owner.uid.as_str())
        };
        let replicas = match owner.kind.as_str() {
            "ReplicaSet" => self
                .replica_sets
                .iter()
                .find(|rs| named(&rs.metadata))
                .map(|rs| rs.spec.replicas),
            "Deployment" => self
                .deployments
                .iter()
                .find(|d| named(&d.metadata))
                .map(|d| d.spec.replicas),
            _ => self
                .stateful_sets
                .iter()
                .find(|s| named(&s.metadata))
                .map(|s| s.spec.replicas),
        }?;
        Some((owner.uid.clone(), replicas))
    }

    /// The finders in upstream's order (ReplicationController, Deployment, ReplicaSet,
    /// StatefulSet, then the scale subresource), as `(controller uid, scale)`; `Ok(None)`
    /// when no controller is found; errors in upstream's words for kinds that have no
    /// scale subresource or that the API server does not serve.
    pub fn scale_of(
        &self,
        owner: &OwnerReference,
        namespace: &str,
    ) -> Result<Option<(String, i32)>, String> {
        if let Some(found) = self.deployment_scale(owner, namespace) {
            return Ok(Some(found));
        }
        if let Some(found) = self.replica_set_scale(owner, namespace) {
            return Ok(Some(found));
        }
        if let Some(found) = self.stateful_set_scale(owner, namespace) {
            return Ok(Some(found));
        }
        // `getScaleController`: the REST mapping of the owner's kind, then its scale.
        let group = group_of(&owner.api_version);
        let resource = match (group, owner.kind.as_str()) {
            ("", "ReplicationController") => {
                // Served and scalable, but kubeplay holds no such object: not found.
                return Ok(None);
            }
            ("apps", "ReplicaSet" | "Deployment" | "StatefulSet") => {
                return Ok(self.scale_subresource(owner, namespace));
            }
            ("apps", "DaemonSet") => "daemonsets.apps",
            ("", "Node") => "nodes",
            ("batch", "Job") => "jobs.batch",
            _ => {
                let version = if owner.api_version.contains('/') {
                    owner.api_version.clone()
                } else {
                    format!("/{}", owner.api_version)
                };
                return Err(format!(
                    "no matches for kind \"{}\" in version \"{}\"",
                    owner.kind,
                    version.trim_start_matches('/')
                ));
            }
        };
        Err(format!(
            "{resource} does not implement the scale subresource"
        ))
    }
}

/// `getPodsForPdb`: the pods of the budget's namespace its selector matches (none for a
/// missing selector, every one for an empty selector).
pub fn pods_for_budget<'a>(
    pdb: &PodDisruptionBudget,
    pods: impl IntoIterator<Item = BudgetPod<'a>>,
) -> Vec<BudgetPod<'a>> {
    let Some(selector) = &pdb.spec.selector else {
        return Vec::new();
    };
    pods.into_iter()
        .filter(|p| p.pod.metadata.namespace == pdb.metadata.namespace)
        .filter(|p| label_selector_matches(selector, &p.pod.metadata.labels) == Some(true))
        .collect()
}

/// What `getExpectedPodCount` finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpectedCount {
    /// `expectedPods`.
    pub expected: i32,
    /// `desiredHealthy`.
    pub desired_healthy: i32,
    /// Names of selected pods without a controller.
    pub unmanaged: Vec<String>,
}

/// `getExpectedScale`: the sum of the scales of the pods' controllers, each counted once,
/// and the pods that have no controller.
pub fn expected_scale(
    pods: &[BudgetPod<'_>],
    controllers: &Controllers<'_>,
) -> Result<(i32, Vec<String>), String> {
    let mut scales: Vec<(String, i32)> = Vec::new();
    let mut unmanaged = Vec::new();
    for pod in pods {
        let Some(owner) = controller_of(&pod.pod.metadata.owner_references) else {
            unmanaged.push(pod.name().to_string());
            continue;
        };
        if scales.iter().any(|(uid, _)| *uid == owner.uid) {
            continue;
        }
        match controllers.scale_of(owner, &pod.pod.metadata.namespace)? {
            Some(found) => {
                if !scales.iter().any(|(uid, _)| *uid == found.0) {
                    scales.push(found);
                }
            }
            None => return Err(format!("found no controllers for pod \"{}\"", pod.name())),
        }
    }
    Ok((scales.iter().map(|(_, scale)| *scale).sum(), unmanaged))
}

/// `getExpectedPodCount`: with `maxUnavailable`, the controllers' scale less what may be
/// unavailable (never below 0); with an integer `minAvailable`, the number of pods and that
/// integer; with a percent `minAvailable`, the controllers' scale and the percent of it
/// rounded up.
pub fn expected_pod_count(
    pdb: &PodDisruptionBudget,
    pods: &[BudgetPod<'_>],
    controllers: &Controllers<'_>,
) -> Result<ExpectedCount, String> {
    let mut count = ExpectedCount::default();
    if let Some(max_unavailable) = &pdb.spec.max_unavailable {
        (count.expected, count.unmanaged) = expected_scale(pods, controllers)?;
        let max = scaled_value(Some(max_unavailable), count.expected, true)?;
        count.desired_healthy = (count.expected - max).max(0);
    } else if let Some(min_available) = &pdb.spec.min_available {
        match min_available {
            IntOrPercent::Int(min) => {
                count.desired_healthy = *min;
                count.expected = pods.len() as i32;
            }
            IntOrPercent::String(_) => {
                (count.expected, count.unmanaged) = expected_scale(pods, controllers)?;
                count.desired_healthy = scaled_value(Some(min_available), count.expected, true)?;
            }
        }
    }
    Ok(count)
}

/// `countHealthyPods`: ready pods not being deleted and not recently disrupted.
pub fn count_healthy_pods(pods: &[BudgetPod<'_>], disrupted: &StringMap, now: UnixMillis) -> i32 {
    pods.iter()
        .filter(|p| !p.deleting)
        .filter(|p| {
            disrupted
                .get(&p.name().to_string())
                .and_then(|t| parse_rfc3339(t).ok())
                .is_none_or(|at| at + DELETION_TIMEOUT_MS <= now)
        })
        .filter(|p| p.ready)
        .count() as i32
}

/// What `buildDisruptedPodMap` finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisruptedPods {
    /// The entries still expected to be deleted.
    pub pods: StringMap,
    /// When the earliest of them expires: the budget is synced again then.
    pub recheck_at: Option<UnixMillis>,
    /// Pods whose deletion did not come in time (a `NotDeleted` event each).
    pub not_deleted: Vec<String>,
}

/// `buildDisruptedPodMap`: keeps the entries of pods that still exist, are not being
/// deleted and whose deadline (`DeletionTimeout` after the eviction) has not passed.
pub fn build_disrupted_pod_map(
    pods: &[BudgetPod<'_>],
    pdb: &PodDisruptionBudget,
    now: UnixMillis,
) -> DisruptedPods {
    let mut result = DisruptedPods::default();
    for pod in pods.iter().filter(|p| !p.deleting) {
        let Some(text) = pdb.status.disrupted_pods.get(&pod.name().to_string()) else {
            continue;
        };
        let at = parse_rfc3339(text).unwrap_or(now);
        let expected_deletion = at + DELETION_TIMEOUT_MS;
        if expected_deletion < now {
            result.not_deleted.push(pod.name().to_string());
        } else {
            result.recheck_at = Some(
                result
                    .recheck_at
                    .map_or(expected_deletion, |r| r.min(expected_deletion)),
            );
            result.pods.insert(pod.name().to_string(), text.clone());
        }
    }
    result
}

/// `updatePdbStatus`: the new status, or `None` when nothing changes. Disruptions are
/// allowed only while the budget expects pods and more are healthy than it needs.
pub fn updated_status(
    pdb: &PodDisruptionBudget,
    current_healthy: i32,
    desired_healthy: i32,
    expected: i32,
    disrupted: StringMap,
    now: UnixMillis,
) -> Option<PodDisruptionBudgetStatus> {
    let mut allowed = current_healthy - desired_healthy;
    if expected <= 0 || allowed <= 0 {
        allowed = 0;
    }
    let generation = pdb.metadata.generation.unwrap_or(0);
    let s = &pdb.status;
    if s.current_healthy == current_healthy
        && s.desired_healthy == desired_healthy
        && s.expected_pods == expected
        && s.disruptions_allowed == allowed
        && s.disrupted_pods == disrupted
        && s.observed_generation == generation
        && pdb.conditions_are_up_to_date()
    {
        return None;
    }
    let mut status = PodDisruptionBudgetStatus {
        observed_generation: generation,
        disrupted_pods: disrupted,
        disruptions_allowed: allowed,
        current_healthy,
        desired_healthy,
        expected_pods: expected,
        conditions: s.conditions.clone(),
    };
    status.update_disruption_allowed_condition(now);
    Some(status)
}

/// `failSafe`: no disruption allowed, and the condition says why the sync failed.
pub fn fail_safe_status(
    pdb: &PodDisruptionBudget,
    error: &str,
    now: UnixMillis,
) -> PodDisruptionBudgetStatus {
    let mut status = pdb.status.clone();
    status.disruptions_allowed = 0;
    let condition = BudgetCondition {
        type_: DISRUPTION_ALLOWED_CONDITION.to_string(),
        status: "False".to_string(),
        observed_generation: Some(status.observed_generation),
        last_transition_time: None,
        reason: SYNC_FAILED_REASON.to_string(),
        message: error.to_string(),
    };
    status.set_condition(condition, now);
    status
}

/// An event the controller records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetEvent {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// `NoPods`, `CalculateExpectedPodCountFailed`, `UnmanagedPods` or `NotDeleted`.
    pub reason: &'static str,
    /// The pod the event is about (`NotDeleted`), else the budget.
    pub pod: Option<String>,
    /// The message.
    pub message: String,
}

/// What one sync of a budget decides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BudgetSync {
    /// The status to write, if it changes.
    pub status: Option<PodDisruptionBudgetStatus>,
    /// The events, in order.
    pub events: Vec<BudgetEvent>,
    /// When to sync again (the earliest `disruptedPods` deadline).
    pub recheck_at: Option<UnixMillis>,
}

/// How `%v` shows a `*metav1.LabelSelector` in the `UnmanagedPods` event: its `String()`.
fn selector_text(selector: Option<&LabelSelector>) -> String {
    match selector {
        None => "nil".to_string(),
        Some(sel) => label_selector_text(sel),
    }
}

/// `sync` → `trySync` (and `failSafe` when it fails) for one budget over every pod of the
/// cluster: the new status and the events.
pub fn sync_budget<'a>(
    pdb: &PodDisruptionBudget,
    all_pods: impl IntoIterator<Item = BudgetPod<'a>>,
    controllers: &Controllers<'_>,
    now: UnixMillis,
) -> BudgetSync {
    let mut sync = BudgetSync::default();
    let pods = pods_for_budget(pdb, all_pods);
    if pods.is_empty() {
        sync.events.push(BudgetEvent {
            type_: "Normal",
            reason: "NoPods",
            pod: None,
            message: "No matching pods found".to_string(),
        });
    }
    let count = match expected_pod_count(pdb, &pods, controllers) {
        Ok(count) => count,
        Err(error) => {
            sync.events.push(BudgetEvent {
                type_: "Warning",
                reason: "CalculateExpectedPodCountFailed",
                pod: None,
                message: format!("Failed to calculate the number of expected pods: {error}"),
            });
            let status = fail_safe_status(pdb, &error, now);
            sync.status = (status != pdb.status).then_some(status);
            return sync;
        }
    };
    if !count.unmanaged.is_empty() {
        sync.events.push(BudgetEvent {
            type_: "Warning",
            reason: "UnmanagedPods",
            pod: None,
            message: format!(
                "Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                selector_text(pdb.spec.selector.as_ref())
            ),
        });
    }
    let disrupted = build_disrupted_pod_map(&pods, pdb, now);
    for pod in &disrupted.not_deleted {
        // Upstream prints the namespace twice.
        sync.events.push(BudgetEvent {
            type_: "Warning",
            reason: "NotDeleted",
            pod: Some(pod.clone()),
            message: format!(
                "Pod was expected by PDB {}/{} to be deleted but it wasn't",
                pdb.metadata.namespace, pdb.metadata.namespace
            ),
        });
    }
    let current_healthy = count_healthy_pods(&pods, &disrupted.pods, now);
    sync.status = updated_status(
        pdb,
        current_healthy,
        count.desired_healthy,
        count.expected,
        disrupted.pods,
        now,
    );
    sync.recheck_at = disrupted.recheck_at;
    sync
}

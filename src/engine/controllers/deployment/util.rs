//! The Deployment controller's helpers of `pkg/controller/deployment/util/deployment_util.go`
//! (Kubernetes v1.35) and the ReplicaSet orderings of `pkg/controller/controller_utils.go`:
//! revision and replica annotations, maxSurge / maxUnavailable fenceposts, which ReplicaSet
//! is new and which are old, replica counts, and proportions for scaling during a rollout.
//! The Deployment conditions are in [`super::conditions`].

use std::cmp::Ordering;

use crate::engine::api::time::{parse_rfc3339, UnixMillis};
use crate::engine::api::{
    Deployment, DeploymentStrategyType, IntOrPercent, ObjectMeta, PodTemplateSpec, ReplicaSet,
};
use crate::engine::controllers::daemonset::controller::selector_matches;
use crate::engine::sorting::sort_stably_by;

/// `RevisionAnnotation`: the rollout sequence number of a Deployment's ReplicaSets.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// `RevisionHistoryAnnotation`: the old revisions a ReplicaSet served (after rollbacks).
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
/// `DesiredReplicasAnnotation`: the Deployment's `replicas` when the ReplicaSet was last
/// scaled, which tells a scaling event from a rollout.
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
/// `MaxReplicasAnnotation`: `replicas + maxSurge` when the ReplicaSet was last scaled, the
/// base of its proportion in a proportional scale.
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
/// `apps.DefaultDeploymentUniqueLabelKey`: the label that tells a Deployment's ReplicaSets
/// (and their pods) apart.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
/// `v1.LastAppliedConfigAnnotation`, kubectl apply's record, never copied to ReplicaSets.
pub const LAST_APPLIED_CONFIG_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// `apps.DeprecatedRollbackTo`, the extensions/v1beta1 rollback request.
pub const DEPRECATED_ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";
/// `maxRevHistoryLengthInChars` of `sync.go`: the longest revision-history annotation.
pub const MAX_REVISION_HISTORY_LENGTH_IN_CHARS: usize = 2000;

/// The annotations a Deployment never copies to its ReplicaSets (`annotationsToSkip`).
const ANNOTATIONS_TO_SKIP: [&str; 6] = [
    LAST_APPLIED_CONFIG_ANNOTATION,
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    DEPRECATED_ROLLBACK_TO_ANNOTATION,
];

/// Go's zero `time.Time` (0001-01-01T00:00:00Z) in Unix milliseconds: what an absent
/// timestamp reads as.
pub const GO_ZERO_TIME: UnixMillis = -62_135_596_800_000;

/// An RFC 3339 timestamp as Go holds it in a `metav1.Time`: absent (or unreadable) text is
/// the zero time, which sorts before every real instant.
pub fn time_or_zero(text: Option<&str>) -> UnixMillis {
    text.and_then(|t| parse_rfc3339(t).ok())
        .unwrap_or(GO_ZERO_TIME)
}

/// `skipCopyAnnotation`.
pub fn skip_copy_annotation(key: &str) -> bool {
    ANNOTATIONS_TO_SKIP.contains(&key)
}

/// `Revision`: the revision annotation as a number, 0 when absent, an error (Go's
/// `strconv.ParseInt` message) when it is not a number.
pub fn revision(meta: &ObjectMeta) -> Result<i64, String> {
    match meta.annotations.get(REVISION_ANNOTATION) {
        None => Ok(0),
        Some(text) => parse_go_int64(text),
    }
}

/// `strconv.ParseInt(text, 10, 64)` with Go's error text.
fn parse_go_int64(text: &str) -> Result<i64, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseInt: parsing \"{text}\": invalid syntax"
        ));
    }
    text.parse::<i64>()
        .map_err(|_| format!("strconv.ParseInt: parsing \"{text}\": value out of range"))
}

/// `MaxRevision`: the highest revision among `replica_sets` (unreadable ones skipped).
pub fn max_revision(replica_sets: &[&ReplicaSet]) -> i64 {
    replica_sets
        .iter()
        .filter_map(|rs| revision(&rs.metadata).ok())
        .fold(0, i64::max)
}

/// `LastRevision`: the second highest revision among `replica_sets`, the one before the
/// current (0 when there is none).
pub fn last_revision(replica_sets: &[&ReplicaSet]) -> i64 {
    let (mut max, mut second) = (0, 0);
    for v in replica_sets
        .iter()
        .filter_map(|rs| revision(&rs.metadata).ok())
    {
        if v >= max {
            second = max;
            max = v;
        } else if v > second {
            second = v;
        }
    }
    second
}

/// `SetDeploymentRevision`: sets the Deployment's revision annotation; whether it changed.
pub fn set_deployment_revision(deployment: &mut Deployment, revision: &str) -> bool {
    let annotations = &mut deployment.metadata.annotations;
    if annotations.get(REVISION_ANNOTATION).map(String::as_str) == Some(revision) {
        return false;
    }
    annotations.insert(REVISION_ANNOTATION.to_string(), revision.to_string());
    true
}

/// `copyDeploymentAnnotationsToReplicaSet`: copies the Deployment's annotations (but the
/// skipped ones) to the ReplicaSet; whether any changed.
fn copy_deployment_annotations(deployment: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    for (key, value) in deployment.metadata.annotations.iter() {
        if skip_copy_annotation(key) || rs.metadata.annotations.get(key) == Some(value) {
            continue;
        }
        rs.metadata.annotations.insert(key.clone(), value.clone());
        changed = true;
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copies the Deployment's annotations to its new ReplicaSet,
/// raises the ReplicaSet's revision to `new_revision` (keeping the revision it had in the
/// revision-history annotation, within `history_limit_in_chars`), and gives a ReplicaSet
/// about to be created (`exists` false) its replica annotations. Whether anything changed.
pub fn set_new_replica_set_annotations(
    deployment: &Deployment,
    new_rs: &mut ReplicaSet,
    new_revision: &str,
    exists: bool,
    history_limit_in_chars: usize,
) -> bool {
    let mut changed = copy_deployment_annotations(deployment, new_rs);
    let annotations = &mut new_rs.metadata.annotations;
    let old_revision = annotations.get(REVISION_ANNOTATION).cloned();
    let old_number = match old_revision.as_deref() {
        None | Some("") => 0,
        Some(text) => match parse_go_int64(text) {
            Ok(n) => n,
            Err(_) => return false,
        },
    };
    let Ok(new_number) = parse_go_int64(new_revision) else {
        return false;
    };
    if old_number < new_number {
        annotations.insert(REVISION_ANNOTATION.to_string(), new_revision.to_string());
        changed = true;
        if let Some(old_revision) = old_revision {
            append_revision_history(annotations, &old_revision, history_limit_in_chars);
        }
    }
    if !exists {
        let replicas = deployment.spec.replicas;
        changed |= set_replicas_annotations(new_rs, replicas, replicas + max_surge(deployment));
    }
    changed
}

/// Appends `old_revision` to the revision-history annotation, dropping the oldest entries
/// to stay within `limit` characters (and appending nothing if even that is not enough).
fn append_revision_history(
    annotations: &mut crate::engine::api::StringMap,
    old_revision: &str,
    limit: usize,
) {
    let history = annotations
        .get(REVISION_HISTORY_ANNOTATION)
        .cloned()
        .unwrap_or_default();
    let old_revisions: Vec<&str> = history.split(',').collect();
    if old_revisions[0].is_empty() {
        annotations.insert(
            REVISION_HISTORY_ANNOTATION.to_string(),
            old_revision.to_string(),
        );
        return;
    }
    let mut total = history.len() + old_revision.len() + 1;
    let mut start = 0;
    while total > limit && start < old_revisions.len() {
        total -= old_revisions[start].len() + 1;
        start += 1;
    }
    if total <= limit {
        let mut kept = old_revisions[start..].to_vec();
        kept.push(old_revision);
        annotations.insert(REVISION_HISTORY_ANNOTATION.to_string(), kept.join(","));
    }
}

/// `SetDeploymentAnnotationsTo`: on a rollback to `rollback_to`, the Deployment keeps its
/// skipped annotations and takes every other annotation from that ReplicaSet.
pub fn set_deployment_annotations_to(deployment: &mut Deployment, rollback_to: &ReplicaSet) {
    let annotations = &mut deployment.metadata.annotations;
    let dropped: Vec<String> = annotations
        .keys()
        .filter(|k| !skip_copy_annotation(k))
        .cloned()
        .collect();
    for key in dropped {
        annotations.remove(&key);
    }
    for (key, value) in rollback_to.metadata.annotations.iter() {
        if !skip_copy_annotation(key) {
            annotations.insert(key.clone(), value.clone());
        }
    }
}

/// `getNonNegativeInt32FromAnnotation`: the annotation as a non-negative int32: `Ok(None)`
/// when absent, an error (Go's text) when it is not one.
pub fn non_negative_int32_annotation(rs: &ReplicaSet, key: &str) -> Result<Option<i32>, String> {
    let Some(text) = rs.metadata.annotations.get(key) else {
        return Ok(None);
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseUint: parsing \"{text}\": invalid syntax"
        ));
    }
    let value: u64 = match text.parse::<u64>() {
        Ok(v) if v <= u64::from(u32::MAX) => v,
        _ => {
            return Err(format!(
                "strconv.ParseUint: parsing \"{text}\": value out of range"
            ))
        }
    };
    match i32::try_from(value) {
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(format!(
            "value {value} is out of range (higher than {})",
            i32::MAX
        )),
    }
}

/// `GetDesiredReplicasAnnotation`: the desired-replicas annotation, if valid.
pub fn desired_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    non_negative_int32_annotation(rs, DESIRED_REPLICAS_ANNOTATION)
        .ok()
        .flatten()
}

/// `getMaxReplicasAnnotation`: the max-replicas annotation, if valid.
fn max_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    non_negative_int32_annotation(rs, MAX_REPLICAS_ANNOTATION)
        .ok()
        .flatten()
}

/// `SetReplicasAnnotations`: writes the desired- and max-replicas annotations; whether
/// either changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let annotations = &mut rs.metadata.annotations;
    let mut changed = false;
    for (key, value) in [
        (DESIRED_REPLICAS_ANNOTATION, desired),
        (MAX_REPLICAS_ANNOTATION, max),
    ] {
        let text = value.to_string();
        if annotations.get(key) != Some(&text) {
            annotations.insert(key.to_string(), text);
            changed = true;
        }
    }
    changed
}

/// `ReplicasAnnotationsNeedUpdate`: whether the desired- or max-replicas annotation differs
/// from `desired` / `max`.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    let annotations = &rs.metadata.annotations;
    annotations.get(DESIRED_REPLICAS_ANNOTATION) != Some(&desired.to_string())
        || annotations.get(MAX_REPLICAS_ANNOTATION) != Some(&max.to_string())
}

/// `intstr.GetScaledValueFromIntOrPercent` (`ValueOrDefault(value, 0)` for an absent one):
/// an int as is, `p%` of `total` rounded up or down; errors in upstream's words.
pub fn scaled_value(
    value: Option<&IntOrPercent>,
    total: i32,
    round_up: bool,
) -> Result<i32, String> {
    let text = match value {
        None => return Ok(0),
        Some(IntOrPercent::Int(v)) => return Ok(*v),
        Some(IntOrPercent::String(text)) => text,
    };
    let Some(digits) = text.strip_suffix('%') else {
        return Err(
            "invalid value for IntOrString: invalid type: string is not a percentage".to_string(),
        );
    };
    let percent: i64 = digits.parse().map_err(|_| {
        format!(
            "invalid value for IntOrString: invalid value \"{text}\": strconv.Atoi: parsing \"{digits}\": invalid syntax"
        )
    })?;
    let product = percent * i64::from(total);
    let scaled = if round_up {
        -(-product).div_euclid(100)
    } else {
        product.div_euclid(100)
    };
    Ok(scaled.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
}

/// `ResolveFenceposts`: maxSurge scaled to `desired` rounding up, maxUnavailable rounding
/// down; when both come to 0, maxUnavailable is 1 (a rollout must be able to move).
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrPercent>,
    max_unavailable: Option<&IntOrPercent>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let surge = scaled_value(max_surge, desired, true)?;
    let mut unavailable = scaled_value(max_unavailable, desired, false)?;
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

/// `IsRollingUpdate`.
pub fn is_rolling_update(deployment: &Deployment) -> bool {
    deployment.spec.strategy.type_ == DeploymentStrategyType::RollingUpdate
}

/// The Deployment's fenceposts (0 and 0 on an error, which validation rules out).
fn fenceposts(deployment: &Deployment) -> (i32, i32) {
    let rolling = deployment.spec.strategy.rolling_update.as_ref();
    resolve_fenceposts(
        rolling.and_then(|r| r.max_surge.as_ref()),
        rolling.and_then(|r| r.max_unavailable.as_ref()),
        deployment.spec.replicas,
    )
    .unwrap_or((0, 0))
}

/// `MaxUnavailable`: how many pods a rolling update may take down (0 for Recreate or no
/// replicas; never more than `replicas`).
pub fn max_unavailable(deployment: &Deployment) -> i32 {
    if !is_rolling_update(deployment) || deployment.spec.replicas == 0 {
        return 0;
    }
    fenceposts(deployment).1.min(deployment.spec.replicas)
}

/// `MinAvailable`: `replicas - maxUnavailable` for a rolling update, else 0.
pub fn min_available(deployment: &Deployment) -> i32 {
    if !is_rolling_update(deployment) {
        return 0;
    }
    deployment.spec.replicas - max_unavailable(deployment)
}

/// `MaxSurge`: how many pods a rolling update may add above `replicas` (0 for Recreate).
pub fn max_surge(deployment: &Deployment) -> i32 {
    if !is_rolling_update(deployment) {
        return 0;
    }
    fenceposts(deployment).0
}

/// Go's `math.Round` to an int32: halves away from zero.
fn round_half_away(numerator: i64, denominator: i64) -> i64 {
    let twice = 2 * numerator.abs() + denominator;
    let magnitude = twice / (2 * denominator);
    if numerator < 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// `getReplicaSetFraction`: how many replicas `rs` gains (or loses, negative) when the
/// Deployment is scaled during a rollout or while paused: its share of `replicas +
/// maxSurge` in proportion to the max-replicas it was last scaled for (the Deployment's
/// `status.replicas` when that annotation is missing or 0; nothing when both are 0).
pub fn replica_set_fraction(rs: &ReplicaSet, deployment: &Deployment) -> i32 {
    if deployment.spec.replicas == 0 {
        return -rs.spec.replicas;
    }
    let deployment_replicas = deployment.spec.replicas + max_surge(deployment);
    let annotated = match max_replicas_annotation(rs) {
        Some(n) if n != 0 => n,
        _ => deployment.status.replicas,
    };
    if annotated == 0 {
        return 0;
    }
    let new_size = round_half_away(
        i64::from(rs.spec.replicas) * i64::from(deployment_replicas),
        i64::from(annotated),
    );
    (new_size - i64::from(rs.spec.replicas)) as i32
}

/// `GetProportion`: the replicas `rs` gains (or loses) of `to_add` when `added` were
/// handed out already: its fraction, but never past what is left.
pub fn proportion(rs: &ReplicaSet, deployment: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs.spec.replicas == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, deployment);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `EqualIgnoreHash`: whether two pod templates are equal but for the pod-template-hash
/// label.
pub fn equal_ignore_hash(first: &PodTemplateSpec, second: &PodTemplateSpec) -> bool {
    let without_hash = |t: &PodTemplateSpec| {
        let mut copy = t.clone();
        copy.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
        copy
    };
    without_hash(first) == without_hash(second)
}

/// `ReplicaSetsByCreationTimestamp`: older first, then by name.
pub fn by_creation_timestamp(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    let created = |rs: &ReplicaSet| time_or_zero(rs.metadata.creation_timestamp.as_deref());
    created(a)
        .cmp(&created(b))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// `ReplicaSetsBySizeOlder`: larger first; of equal size, older first.
pub fn by_size_older(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.spec
        .replicas
        .cmp(&a.spec.replicas)
        .then_with(|| by_creation_timestamp(a, b))
}

/// `ReplicaSetsBySizeNewer`: larger first; of equal size, newer first.
pub fn by_size_newer(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.spec
        .replicas
        .cmp(&a.spec.replicas)
        .then_with(|| by_creation_timestamp(b, a))
}

/// `ReplicaSetsByRevision`: lower revision first; unreadable or equal revisions by
/// creation time.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    match (revision(&a.metadata), revision(&b.metadata)) {
        (Ok(ra), Ok(rb)) if ra != rb => ra.cmp(&rb),
        _ => by_creation_timestamp(a, b),
    }
}

/// `FindNewReplicaSet`: the oldest ReplicaSet whose template is the Deployment's (ignoring
/// the hash label), if any.
pub fn find_new_replica_set<'a>(
    deployment: &Deployment,
    replica_sets: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    let mut sorted = replica_sets.to_vec();
    sort_stably_by(&mut sorted, &|a, b| by_creation_timestamp(a, b));
    sorted
        .into_iter()
        .find(|rs| equal_ignore_hash(&rs.spec.template, &deployment.spec.template))
}

/// `FindOldReplicaSets`: every ReplicaSet but the new one, as (those with replicas, all),
/// in the given order.
pub fn find_old_replica_sets<'a>(
    deployment: &Deployment,
    replica_sets: &[&'a ReplicaSet],
) -> (Vec<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    let new_name = find_new_replica_set(deployment, replica_sets).map(|rs| &rs.metadata.name);
    let all: Vec<&ReplicaSet> = replica_sets
        .iter()
        .copied()
        .filter(|rs| Some(&rs.metadata.name) != new_name)
        .collect();
    let required = all
        .iter()
        .copied()
        .filter(|rs| rs.spec.replicas != 0)
        .collect();
    (required, all)
}

/// `FilterActiveReplicaSets`: the ReplicaSets with replicas.
pub fn filter_active_replica_sets<'a>(replica_sets: &[&'a ReplicaSet]) -> Vec<&'a ReplicaSet> {
    replica_sets
        .iter()
        .copied()
        .filter(|rs| rs.spec.replicas > 0)
        .collect()
}

/// `FindActiveOrLatest`: the only active ReplicaSet, or the newest one when none is active
/// (the new one first); `None` when several are active (they scale proportionally).
pub fn find_active_or_latest<'a>(
    new_rs: Option<&'a ReplicaSet>,
    old_rss: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    let mut newest_first = old_rss.to_vec();
    sort_stably_by(&mut newest_first, &|a, b| by_creation_timestamp(b, a));
    let mut all = newest_first.clone();
    all.extend(new_rs);
    match filter_active_replica_sets(&all).as_slice() {
        [] => new_rs.or(newest_first.first().copied()),
        [only] => Some(only),
        _ => None,
    }
}

/// `GetReplicaCountForReplicaSets`: the sum of `spec.replicas`.
pub fn replica_count(replica_sets: &[&ReplicaSet]) -> i32 {
    replica_sets.iter().map(|rs| rs.spec.replicas).sum()
}

/// `GetActualReplicaCountForReplicaSets`: the sum of `status.replicas`.
pub fn actual_replica_count(replica_sets: &[&ReplicaSet]) -> i32 {
    replica_sets.iter().map(|rs| rs.status.replicas).sum()
}

/// `GetReadyReplicaCountForReplicaSets`: the sum of `status.readyReplicas`.
pub fn ready_replica_count(replica_sets: &[&ReplicaSet]) -> i32 {
    replica_sets.iter().map(|rs| rs.status.ready_replicas).sum()
}

/// `GetAvailableReplicaCountForReplicaSets`: the sum of `status.availableReplicas`.
pub fn available_replica_count(replica_sets: &[&ReplicaSet]) -> i32 {
    replica_sets
        .iter()
        .map(|rs| rs.status.available_replicas)
        .sum()
}

/// `GetTerminatingReplicaCountForReplicaSets`: the sum of `status.terminatingReplicas`;
/// a ReplicaSet never synced (observedGeneration 0) without it counts 0, and `None` (unknown)
/// when a synced one lacks it.
pub fn terminating_replica_count(replica_sets: &[&ReplicaSet]) -> Option<i32> {
    let mut total = 0;
    for rs in replica_sets {
        match rs.status.terminating_replicas {
            Some(n) => total += n,
            None if rs.status.observed_generation == 0 => {}
            None => return None,
        }
    }
    Some(total)
}

/// `IsSaturated`: the new ReplicaSet has all the Deployment's replicas, is annotated for
/// that many, and all of them are available.
pub fn is_saturated(deployment: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let replicas = deployment.spec.replicas;
    rs.spec.replicas == replicas
        && desired_replicas_annotation(rs) == Some(replicas)
        && rs.status.available_replicas == replicas
}

/// `NewRSNewReplicas`: the size the new ReplicaSet should have: for a rolling update as
/// many more as maxSurge lets in (never past `replicas`); for Recreate, `replicas`.
pub fn new_rs_new_replicas(
    deployment: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<i32, String> {
    let replicas = deployment.spec.replicas;
    match &deployment.spec.strategy.type_ {
        DeploymentStrategyType::RollingUpdate => {
            let rolling = deployment.spec.strategy.rolling_update.as_ref();
            let surge = scaled_value(rolling.and_then(|r| r.max_surge.as_ref()), replicas, true)?;
            let current = replica_count(all_rss);
            let max_total = replicas + surge;
            if current >= max_total {
                return Ok(new_rs.spec.replicas);
            }
            let scale_up = (max_total - current).min(replicas - new_rs.spec.replicas);
            Ok(new_rs.spec.replicas + scale_up)
        }
        DeploymentStrategyType::Recreate => Ok(replicas),
        DeploymentStrategyType::Other(other) => {
            Err(format!("deployment type {other} isn't supported"))
        }
    }
}

/// `GetDeploymentsForReplicaSet`: the Deployments of the ReplicaSet's namespace whose
/// selector matches its labels (an empty or absent selector matches nothing); errors in
/// upstream's words.
pub fn deployments_for_replica_set<'a>(
    deployments: &[&'a Deployment],
    rs: &ReplicaSet,
) -> Result<Vec<&'a Deployment>, String> {
    let labels = &rs.metadata.labels;
    if labels.is_empty() {
        return Err(format!(
            "no deployments found for ReplicaSet {} because it has no labels",
            rs.metadata.name
        ));
    }
    let found: Vec<&Deployment> = deployments
        .iter()
        .copied()
        .filter(|d| d.metadata.namespace == rs.metadata.namespace)
        .filter(|d| {
            d.spec.selector.as_ref().is_some_and(|s| {
                !(s.match_labels.is_empty() && s.match_expressions.is_empty())
                    && selector_matches(s, labels)
            })
        })
        .collect();
    if found.is_empty() {
        let go_map: Vec<String> = labels.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        return Err(format!(
            "could not find deployments set for ReplicaSet {} in namespace {} with labels: map[{}]",
            rs.metadata.name,
            rs.metadata.namespace,
            go_map.join(" ")
        ));
    }
    Ok(found)
}

/// `HasRevisionHistoryLimit`: old ReplicaSets are cleaned up (unless the limit is MaxInt32).
pub fn has_revision_history_limit(deployment: &Deployment) -> bool {
    deployment.spec.revision_history_limit != i32::MAX
}

/// `SetFromReplicaSetTemplate`: the Deployment takes `template` without its hash label.
pub fn set_from_replica_set_template(deployment: &mut Deployment, template: &PodTemplateSpec) {
    deployment.spec.template = template.clone();
    deployment
        .spec
        .template
        .metadata
        .labels
        .remove(POD_TEMPLATE_HASH_LABEL);
}

#[cfg(test)]
#[path = "util_tests.rs"]
mod tests;

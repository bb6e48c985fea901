//! The planning half of `getNewReplicaSet` and `getAllReplicaSetsAndSyncRevision` of
//! `pkg/controller/deployment/sync.go` (Kubernetes v1.35): the new ReplicaSet of a
//! Deployment, found (its revision and annotations brought up to date) or created (named
//! `<deployment>-<pod-template-hash>`, labelled and selected by that hash, sized by
//! `NewRSNewReplicas`), and the Deployment's revision and Progressing condition that go
//! with it. Time comes in as an argument.

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{
    Deployment, ObjectMeta, OwnerReference, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus,
};
use crate::engine::controllers::util::compute_hash;

use super::conditions::{
    found_new_replica_set_message, get_deployment_condition, has_progress_deadline,
    new_deployment_condition, new_replica_set_message, set_deployment_condition,
    FOUND_NEW_RS_REASON, NEW_REPLICA_SET_REASON, PROGRESSING,
};
use super::util::{
    find_new_replica_set, find_old_replica_sets, max_revision, new_rs_new_replicas,
    set_deployment_revision, set_new_replica_set_annotations, MAX_REVISION_HISTORY_LENGTH_IN_CHARS,
    POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION,
};

/// What a sync writes for the new ReplicaSet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewReplicaSetWrite {
    /// Nothing.
    None,
    /// An update of the existing one (its annotations or `minReadySeconds`).
    Update,
    /// Its creation.
    Create,
}

/// What `getNewReplicaSet` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReplicaSetPlan {
    /// The new ReplicaSet as it is after the step (`None` when there is none and none is
    /// created).
    pub new_rs: Option<ReplicaSet>,
    /// What to write for it.
    pub write: NewReplicaSetWrite,
    /// Whether the Deployment's revision annotation or conditions changed (upstream writes
    /// its status).
    pub deployment_changed: bool,
    /// The event (reason [`super::sync::SCALING_REPLICA_SET_REASON`]) of a ReplicaSet
    /// created with replicas:
    /// `Scaled up replica set web-5d4c8f7b9 from 0 to 3`.
    pub event: Option<String>,
}

/// `getNewReplicaSet`: the Deployment's new ReplicaSet among `rs_list`, its revision raised
/// to one above `old_rss`' (an annotation or `minReadySeconds` change is written, and ends
/// the step); else, when `create` is set, a new one. The Deployment (changed in place) takes
/// the new revision and, with a progress deadline, the Progressing condition
/// `FoundNewReplicaSet` (when it had none) or `NewReplicaSetCreated`.
pub fn get_new_replica_set(
    deployment: &mut Deployment,
    rs_list: &[&ReplicaSet],
    old_rss: &[&ReplicaSet],
    create: bool,
    now: UnixMillis,
) -> Result<NewReplicaSetPlan, String> {
    let new_revision = (max_revision(old_rss) + 1).to_string();
    if let Some(existing) = find_new_replica_set(deployment, rs_list) {
        let mut rs = existing.clone();
        let annotations_updated = set_new_replica_set_annotations(
            deployment,
            &mut rs,
            &new_revision,
            true,
            MAX_REVISION_HISTORY_LENGTH_IN_CHARS,
        );
        if annotations_updated || rs.spec.min_ready_seconds != deployment.spec.min_ready_seconds {
            rs.spec.min_ready_seconds = deployment.spec.min_ready_seconds;
            return Ok(NewReplicaSetPlan {
                new_rs: Some(rs),
                write: NewReplicaSetWrite::Update,
                deployment_changed: false,
                event: None,
            });
        }
        let revision = rs
            .metadata
            .annotations
            .get(REVISION_ANNOTATION)
            .cloned()
            .unwrap_or_default();
        let mut changed = set_deployment_revision(deployment, &revision);
        if has_progress_deadline(deployment)
            && get_deployment_condition(&deployment.status, PROGRESSING).is_none()
        {
            let message = found_new_replica_set_message(&rs.metadata.name);
            let condition =
                new_deployment_condition(PROGRESSING, "True", FOUND_NEW_RS_REASON, &message, now);
            set_deployment_condition(&mut deployment.status, condition);
            changed = true;
        }
        return Ok(NewReplicaSetPlan {
            new_rs: Some(rs),
            write: NewReplicaSetWrite::None,
            deployment_changed: changed,
            event: None,
        });
    }
    if !create {
        return Ok(NewReplicaSetPlan {
            new_rs: None,
            write: NewReplicaSetWrite::None,
            deployment_changed: false,
            event: None,
        });
    }
    let mut rs = new_replica_set_for(deployment);
    let mut all = old_rss.to_vec();
    all.push(&rs);
    let replicas = new_rs_new_replicas(deployment, &all, &rs)?;
    rs.spec.replicas = replicas;
    set_new_replica_set_annotations(
        deployment,
        &mut rs,
        &new_revision,
        false,
        MAX_REVISION_HISTORY_LENGTH_IN_CHARS,
    );
    let event = (replicas > 0).then(|| {
        format!(
            "Scaled up replica set {} from 0 to {replicas}",
            rs.metadata.name
        )
    });
    let mut changed = set_deployment_revision(deployment, &new_revision);
    if has_progress_deadline(deployment) {
        let message = new_replica_set_message(&rs.metadata.name);
        let condition =
            new_deployment_condition(PROGRESSING, "True", NEW_REPLICA_SET_REASON, &message, now);
        set_deployment_condition(&mut deployment.status, condition);
        changed = true;
    }
    Ok(NewReplicaSetPlan {
        new_rs: Some(rs),
        write: NewReplicaSetWrite::Create,
        deployment_changed: changed,
        event,
    })
}

/// The ReplicaSet `getNewReplicaSet` creates (with no replicas yet): the Deployment's
/// template with the pod-template-hash label (`ComputeHash` of the template and the
/// collision count), the selector with that label added, named by
/// [`generate_replica_set_name`] and owned by the Deployment.
pub fn new_replica_set_for(deployment: &Deployment) -> ReplicaSet {
    let hash = compute_hash(&deployment.spec.template, deployment.status.collision_count);
    let mut template = deployment.spec.template.clone();
    template
        .metadata
        .labels
        .insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.clone());
    let mut selector = deployment.spec.selector.clone().unwrap_or_default();
    selector
        .match_labels
        .insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.clone());
    ReplicaSet {
        metadata: ObjectMeta {
            name: generate_replica_set_name(&deployment.metadata.name, &hash),
            namespace: deployment.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            owner_references: vec![controller_ref(deployment)],
            ..ObjectMeta::default()
        },
        spec: ReplicaSetSpec {
            replicas: 0,
            min_ready_seconds: deployment.spec.min_ready_seconds,
            selector: Some(selector),
            template,
        },
        status: ReplicaSetStatus::default(),
    }
}

/// The longest object name a DNS-1123 subdomain allows (`DNS1123SubdomainMaxLength`).
const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;

/// `generateReplicaSetName`: `<deployment>-<hash>`, the Deployment's name cut short so the
/// whole fits a DNS-1123 subdomain (left whole when the hash alone leaves no room).
pub fn generate_replica_set_name(deployment_name: &str, pod_template_spec_hash: &str) -> String {
    let max_deployment_name_length = DNS1123_SUBDOMAIN_MAX_LENGTH
        .saturating_sub(1)
        .saturating_sub(pod_template_spec_hash.len());
    let mut deployment_name = deployment_name;
    if max_deployment_name_length > 0 && deployment_name.len() > max_deployment_name_length {
        // Names are ASCII once validated; the boundary search only keeps a slice valid.
        let cut = (0..=max_deployment_name_length)
            .rev()
            .find(|&i| deployment_name.is_char_boundary(i))
            .unwrap_or(0);
        deployment_name = &deployment_name[..cut];
    }
    format!("{deployment_name}-{pod_template_spec_hash}")
}

/// The controller reference a Deployment's ReplicaSets carry (`metav1.NewControllerRef`).
pub fn controller_ref(deployment: &Deployment) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "Deployment".to_string(),
        name: deployment.metadata.name.clone(),
        uid: deployment.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet's plan ([`get_new_replica_set`])
/// and every old ReplicaSet.
pub fn get_all_replica_sets_and_sync_revision<'a>(
    deployment: &mut Deployment,
    rs_list: &[&'a ReplicaSet],
    create: bool,
    now: UnixMillis,
) -> Result<(NewReplicaSetPlan, Vec<&'a ReplicaSet>), String> {
    let (_, all_old) = find_old_replica_sets(deployment, rs_list);
    let plan = get_new_replica_set(deployment, rs_list, &all_old, create, now)?;
    Ok((plan, all_old))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::time::format_rfc3339;
    use crate::engine::api::IntOrPercent;
    use crate::engine::controllers::deployment::testing::{labels, new_deployment, rs};
    use crate::engine::controllers::deployment::util::{
        DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_HISTORY_ANNOTATION,
    };

    const NOW: UnixMillis = 1_735_689_600_000;

    fn quarter() -> Option<IntOrPercent> {
        Some(IntOrPercent::String("25%".to_string()))
    }

    /// The `web` Deployment (10 replicas, 25% / 25%, a progress deadline) and its old
    /// ReplicaSet of revision 1 running `nginx:1` at full size.
    fn web() -> (Deployment, ReplicaSet) {
        let mut d = new_deployment("web", 10, Some(10), quarter(), quarter(), &[("app", "web")]);
        d.metadata.uid = Some("uid-web".to_string());
        d.spec.progress_deadline_seconds = Some(600);
        d.spec.template.spec.containers[0].image = "nginx:2".to_string();
        let mut old = rs("web-old", 10, &[("app", "web")], "2025-01-01T00:00:00Z");
        old.spec.template = d.spec.template.clone();
        old.spec.template.spec.containers[0].image = "nginx:1".to_string();
        old.metadata.annotations = labels(&[(REVISION_ANNOTATION, "1")]);
        (d, old)
    }

    #[test]
    fn a_new_template_creates_a_replica_set_named_and_labelled_by_its_hash() {
        let (mut d, old) = web();
        let (plan, old_rss) =
            get_all_replica_sets_and_sync_revision(&mut d, &[&old], true, NOW).expect("plan");
        assert_eq!(old_rss, [&old]);
        assert_eq!(plan.write, NewReplicaSetWrite::Create);
        let new_rs = plan.new_rs.expect("created");
        let hash = compute_hash(&d.spec.template, None);
        assert_eq!(new_rs.metadata.name, format!("web-{hash}"));
        assert_eq!(
            new_rs.metadata.labels,
            labels(&[("app", "web"), (POD_TEMPLATE_HASH_LABEL, &hash)])
        );
        assert_eq!(new_rs.spec.template.metadata.labels, new_rs.metadata.labels);
        assert_eq!(
            new_rs
                .spec
                .selector
                .as_ref()
                .map(|s| s.match_labels.clone()),
            Some(labels(&[("app", "web"), (POD_TEMPLATE_HASH_LABEL, &hash)]))
        );
        assert_eq!(new_rs.metadata.owner_references[0].uid, "uid-web");
        assert_eq!(new_rs.spec.replicas, 3, "maxSurge 25% of 10 rounds up to 3");
        assert_eq!(
            new_rs.metadata.annotations,
            labels(&[
                (DESIRED_REPLICAS_ANNOTATION, "10"),
                (MAX_REPLICAS_ANNOTATION, "13"),
                (REVISION_ANNOTATION, "2")
            ])
        );
        assert_eq!(
            plan.event,
            Some(format!("Scaled up replica set web-{hash} from 0 to 3"))
        );
        assert!(plan.deployment_changed);
        assert_eq!(
            d.metadata
                .annotations
                .get(REVISION_ANNOTATION)
                .map(String::as_str),
            Some("2")
        );
        let progressing = get_deployment_condition(&d.status, PROGRESSING).expect("condition");
        assert_eq!(progressing.reason.as_deref(), Some("NewReplicaSetCreated"));
        assert_eq!(
            progressing.message,
            Some(format!("Created new replica set \"web-{hash}\""))
        );
        assert_eq!(progressing.last_update_time, Some(format_rfc3339(NOW)));
    }

    #[test]
    fn a_replica_set_created_at_the_surge_limit_starts_empty_without_an_event() {
        let (mut d, mut old) = web();
        old.spec.replicas = 13;
        d.spec.progress_deadline_seconds = None;
        let plan = get_new_replica_set(&mut d, &[&old], &[&old], true, NOW).expect("plan");
        assert_eq!(plan.new_rs.map(|r| r.spec.replicas), Some(0));
        assert_eq!(plan.event, None);
        assert!(
            d.status.conditions.is_empty(),
            "no deadline, no Progressing condition"
        );
    }

    #[test]
    fn test_generate_replica_set_name() {
        let (a, b, d, h) = (
            "a".repeat(242),
            "b".repeat(250),
            "d".repeat(252),
            "h".repeat(252),
        );
        let cases = [
            (
                "short name",
                "my-deployment",
                "abcde12345",
                "my-deployment-abcde12345".to_string(),
            ),
            (
                "maximum length without truncating",
                &a,
                "abcde12345",
                format!("{a}-abcde12345"),
            ),
            (
                "very long deployment name is truncated",
                &b,
                "abcde12345",
                format!("{}-abcde12345", "b".repeat(242)),
            ),
            (
                "very long hash is not truncated",
                &d,
                &h,
                format!("{d}-{h}"),
            ),
        ];
        for (name, deployment_name, hash, want) in cases {
            assert_eq!(
                generate_replica_set_name(deployment_name, hash),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn test_deployment_controller_generate_replica_set_name() {
        let cases = [
            (
                "short name",
                "my-deployment".to_string(),
                "my-deployment".to_string(),
            ),
            ("very long name truncated", "a".repeat(250), "a".repeat(242)),
            (
                "very long name not truncated",
                "a".repeat(242),
                "a".repeat(242),
            ),
        ];
        for (name, deployment_name, want_deployment_portion) in cases {
            let d = new_deployment(&deployment_name, 1, None, None, None, &[("foo", "bar")]);
            let created = new_replica_set_for(&d);
            assert!(
                created.metadata.name.len() <= DNS1123_SUBDOMAIN_MAX_LENGTH,
                "{name}"
            );
            let (deployment_portion, _hash) =
                created.metadata.name.rsplit_once('-').expect("a hyphen");
            assert_eq!(deployment_portion, want_deployment_portion, "{name}");
        }
    }

    #[test]
    fn without_create_a_missing_new_replica_set_stays_missing() {
        let (mut d, old) = web();
        let plan = get_new_replica_set(&mut d, &[&old], &[&old], false, NOW).expect("plan");
        assert_eq!(
            plan,
            NewReplicaSetPlan {
                new_rs: None,
                write: NewReplicaSetWrite::None,
                deployment_changed: false,
                event: None
            }
        );
    }

    #[test]
    fn an_existing_new_replica_set_has_its_revision_raised_then_the_deployment_follows() {
        let (mut d, old) = web();
        let mut current = new_replica_set_for(&d);
        current.spec.replicas = 10;
        current.metadata.annotations = labels(&[
            (REVISION_ANNOTATION, "1"),
            (DESIRED_REPLICAS_ANNOTATION, "10"),
            (MAX_REPLICAS_ANNOTATION, "13"),
        ]);
        let mut older = old.clone();
        older.metadata.annotations = labels(&[(REVISION_ANNOTATION, "2")]);
        let plan =
            get_new_replica_set(&mut d, &[&current, &older], &[&older], true, NOW).expect("plan");
        assert_eq!(
            plan.write,
            NewReplicaSetWrite::Update,
            "a rollback to it raises its revision"
        );
        let updated = plan.new_rs.expect("existing");
        assert_eq!(
            updated
                .metadata
                .annotations
                .get(REVISION_ANNOTATION)
                .map(String::as_str),
            Some("3")
        );
        assert_eq!(
            updated
                .metadata
                .annotations
                .get(REVISION_HISTORY_ANNOTATION)
                .map(String::as_str),
            Some("1")
        );
        assert!(
            !plan.deployment_changed,
            "the Deployment follows at the next sync"
        );

        let plan =
            get_new_replica_set(&mut d, &[&updated, &older], &[&older], true, NOW).expect("plan");
        assert_eq!(plan.write, NewReplicaSetWrite::None);
        assert!(plan.deployment_changed);
        assert_eq!(
            d.metadata
                .annotations
                .get(REVISION_ANNOTATION)
                .map(String::as_str),
            Some("3")
        );
        let progressing = get_deployment_condition(&d.status, PROGRESSING).expect("condition");
        assert_eq!(progressing.reason.as_deref(), Some("FoundNewReplicaSet"));
        assert_eq!(
            progressing.message,
            Some(format!(
                "Found new replica set \"{}\"",
                updated.metadata.name
            ))
        );

        let plan =
            get_new_replica_set(&mut d, &[&updated, &older], &[&older], true, NOW).expect("plan");
        assert!(!plan.deployment_changed, "nothing left to sync");
        d.spec.min_ready_seconds = 5;
        let plan =
            get_new_replica_set(&mut d, &[&updated, &older], &[&older], true, NOW).expect("plan");
        assert_eq!(
            (plan.write, plan.new_rs.map(|r| r.spec.min_ready_seconds)),
            (NewReplicaSetWrite::Update, Some(5))
        );
    }
}

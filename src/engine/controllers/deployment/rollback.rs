//! Rolling a Deployment back to an earlier revision, as pure functions: the controller's
//! `pkg/controller/deployment/rollback.go` (Kubernetes v1.35: which revision,
//! `rollbackToTemplate`, and the events it records), and kubectl's
//! `polymorphichelpers/rollback.go` (`DeploymentRollbacker`: `kubectl rollout undo`, which
//! in apps/v1 is how a rollback is asked for).

use crate::engine::api::{Deployment, ReplicaSet};

use super::util::{
    equal_ignore_hash, last_revision, revision, set_deployment_annotations_to,
    set_from_replica_set_template, DEPRECATED_ROLLBACK_TO_ANNOTATION,
};

/// `RollbackRevisionNotFound`: the event reason when no ReplicaSet has the revision.
pub const ROLLBACK_REVISION_NOT_FOUND: &str = "DeploymentRollbackRevisionNotFound";
/// `RollbackTemplateUnchanged`: the event reason when the revision's template is current.
pub const ROLLBACK_TEMPLATE_UNCHANGED: &str = "DeploymentRollbackTemplateUnchanged";
/// `RollbackDone`: the event reason of a rollback.
pub const ROLLBACK_DONE: &str = "DeploymentRollback";

/// An event the rollback records on the Deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollbackEvent {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// The reason.
    pub reason: &'static str,
    /// The message.
    pub message: String,
}

impl RollbackEvent {
    fn warning(reason: &'static str, message: String) -> RollbackEvent {
        RollbackEvent {
            type_: "Warning",
            reason,
            message,
        }
    }
}

/// `getRollbackTo`: the revision the deprecated rollback annotation asks for (0: the
/// previous one); `None` when absent or not a number.
pub fn rollback_to(deployment: &Deployment) -> Option<i64> {
    let text = deployment
        .metadata
        .annotations
        .get(DEPRECATED_ROLLBACK_TO_ANNOTATION)?;
    text.parse().ok()
}

/// `rollback`: rolls `deployment` back to `to_revision` (0: the revision before the latest)
/// among its ReplicaSets. The template and annotations change only when the revision exists
/// and its template differs; the rollback request is cleared in every case
/// (`updateDeploymentAndClearRollbackTo`); the event says what happened.
pub fn rollback(
    deployment: &mut Deployment,
    replica_sets: &[&ReplicaSet],
    to_revision: i64,
) -> RollbackEvent {
    let event = rollback_event(deployment, replica_sets, to_revision);
    deployment
        .metadata
        .annotations
        .remove(DEPRECATED_ROLLBACK_TO_ANNOTATION);
    event
}

fn rollback_event(
    deployment: &mut Deployment,
    replica_sets: &[&ReplicaSet],
    to_revision: i64,
) -> RollbackEvent {
    let to_revision = if to_revision == 0 {
        match last_revision(replica_sets) {
            0 => {
                return RollbackEvent::warning(
                    ROLLBACK_REVISION_NOT_FOUND,
                    "Unable to find last revision.".to_string(),
                )
            }
            last => last,
        }
    } else {
        to_revision
    };
    let Some(rs) = replica_sets
        .iter()
        .find(|rs| revision(&rs.metadata) == Ok(to_revision))
    else {
        return RollbackEvent::warning(
            ROLLBACK_REVISION_NOT_FOUND,
            "Unable to find the revision to rollback to.".to_string(),
        );
    };
    match rollback_to_template(deployment, rs) {
        Some(event) => event,
        None => RollbackEvent {
            type_: "Normal",
            reason: ROLLBACK_DONE,
            message: format!(
                "Rolled back deployment \"{}\" to revision {to_revision}",
                deployment.metadata.name
            ),
        },
    }
}

/// `rollbackToTemplate`: the Deployment takes the ReplicaSet's template (without its hash
/// label) and annotations; `None` when it did, the warning event when the template is the
/// current one already.
pub fn rollback_to_template(deployment: &mut Deployment, rs: &ReplicaSet) -> Option<RollbackEvent> {
    if equal_ignore_hash(&deployment.spec.template, &rs.spec.template) {
        return Some(RollbackEvent::warning(
            ROLLBACK_TEMPLATE_UNCHANGED,
            format!(
                "The rollback revision contains the same template as current deployment \"{}\"",
                deployment.metadata.name
            ),
        ));
    }
    set_from_replica_set_template(deployment, &rs.spec.template);
    set_deployment_annotations_to(deployment, rs);
    None
}

/// kubectl's `deploymentRevision`: the ReplicaSet of `to_revision`, or for 0 the one of the
/// second highest revision; errors in kubectl's words.
pub fn deployment_revision<'a>(
    deployment: &Deployment,
    replica_sets: &[&'a ReplicaSet],
    to_revision: i64,
) -> Result<&'a ReplicaSet, String> {
    // (revision, ReplicaSet) of the newest and the second newest revision seen so far.
    type Seen<'a> = Option<(i64, &'a ReplicaSet)>;
    let (mut latest, mut previous): (Seen, Seen) = (None, None);
    for rs in replica_sets {
        let Ok(v) = revision(&rs.metadata) else {
            continue;
        };
        if to_revision != 0 {
            if v == to_revision {
                return Ok(rs);
            }
            continue;
        }
        if latest.is_none_or(|(l, _)| l < v) {
            previous = latest;
            latest = Some((v, rs));
        } else if previous.is_none_or(|(p, _)| p < v) {
            previous = Some((v, rs));
        }
    }
    if to_revision > 0 {
        return Err(revision_not_found(to_revision));
    }
    previous.map(|(_, rs)| rs).ok_or_else(|| {
        format!(
            "no rollout history found for deployment \"{}\"",
            deployment.metadata.name
        )
    })
}

fn revision_not_found(revision: i64) -> String {
    format!("unable to find specified revision {revision} in history")
}

/// kubectl's `DeploymentRollbacker.Rollback` (`kubectl rollout undo`): the Deployment with
/// the revision's template and annotations, and what kubectl prints after the object's
/// name (`rolled back`, or `skipped rollback (...)` with no change).
pub fn kubectl_rollback(
    deployment: &Deployment,
    replica_sets: &[&ReplicaSet],
    to_revision: i64,
) -> Result<(String, Option<Deployment>), String> {
    if to_revision < 0 {
        return Err(revision_not_found(to_revision));
    }
    let rs = deployment_revision(deployment, replica_sets, to_revision)?;
    if deployment.spec.paused {
        return Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".to_string());
    }
    if equal_ignore_hash(&rs.spec.template, &deployment.spec.template) {
        return Ok((
            format!("skipped rollback (current template already matches revision {to_revision})"),
            None,
        ));
    }
    let mut rolled_back = deployment.clone();
    set_from_replica_set_template(&mut rolled_back, &rs.spec.template);
    set_deployment_annotations_to(&mut rolled_back, rs);
    Ok(("rolled back".to_string(), Some(rolled_back)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::controllers::deployment::testing::{labels, new_deployment, rs};
    use crate::engine::controllers::deployment::util::{
        POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION,
    };

    /// A Deployment on image `nginx:3` and its ReplicaSets of revisions 1 (`nginx:1`), 2
    /// (`nginx:2`) and 3 (the current template).
    fn history() -> (Deployment, Vec<ReplicaSet>) {
        let mut deployment = new_deployment("web", 3, None, None, None, &[("app", "web")]);
        deployment.spec.template.spec.containers[0].image = "nginx:3".to_string();
        deployment.metadata.annotations =
            labels(&[("change-cause", "v3"), (REVISION_ANNOTATION, "3")]);
        let revision = |n: i64| {
            let mut r = rs(&format!("web-{n}"), 0, &[], "");
            r.spec.template = deployment.spec.template.clone();
            r.spec.template.spec.containers[0].image = format!("nginx:{n}");
            r.spec
                .template
                .metadata
                .labels
                .insert(POD_TEMPLATE_HASH_LABEL.to_string(), format!("h{n}"));
            r.metadata.annotations = labels(&[
                ("change-cause", &format!("v{n}")),
                (REVISION_ANNOTATION, &n.to_string()),
            ]);
            r
        };
        let replica_sets = vec![revision(1), revision(2), revision(3)];
        (deployment, replica_sets)
    }

    fn image(d: &Deployment) -> &str {
        &d.spec.template.spec.containers[0].image
    }

    #[test]
    fn the_controller_rolls_back_to_the_previous_or_a_given_revision() {
        let (deployment, rss) = history();
        let refs: Vec<&ReplicaSet> = rss.iter().collect();
        let mut previous = deployment.clone();
        let event = rollback(&mut previous, &refs, 0);
        assert_eq!(
            event,
            RollbackEvent {
                type_: "Normal",
                reason: ROLLBACK_DONE,
                message: "Rolled back deployment \"web\" to revision 2".to_string()
            }
        );
        assert_eq!(image(&previous), "nginx:2");
        assert_eq!(
            previous.spec.template.metadata.labels,
            labels(&[("app", "web")]),
            "without the hash label"
        );
        assert_eq!(
            previous.metadata.annotations,
            labels(&[("change-cause", "v2"), (REVISION_ANNOTATION, "3")])
        );
        let mut first = deployment.clone();
        assert_eq!(
            rollback(&mut first, &refs, 1).message,
            "Rolled back deployment \"web\" to revision 1"
        );
        assert_eq!(image(&first), "nginx:1");
    }

    #[test]
    fn the_deprecated_rollback_request_is_read_and_cleared_whatever_happens() {
        let (mut deployment, rss) = history();
        let refs: Vec<&ReplicaSet> = rss.iter().collect();
        assert_eq!(rollback_to(&deployment), None);
        let ask = |d: &mut Deployment, text: &str| {
            d.metadata.annotations.insert(
                DEPRECATED_ROLLBACK_TO_ANNOTATION.to_string(),
                text.to_string(),
            );
        };
        ask(&mut deployment, "x");
        assert_eq!(rollback_to(&deployment), None, "not a number: ignored");
        ask(&mut deployment, "1");
        assert_eq!(rollback_to(&deployment), Some(1));
        rollback(&mut deployment, &refs, 1);
        assert_eq!(rollback_to(&deployment), None, "cleared after a rollback");
        ask(&mut deployment, "9");
        assert_eq!(
            rollback(&mut deployment, &refs, 9).reason,
            ROLLBACK_REVISION_NOT_FOUND
        );
        assert_eq!(rollback_to(&deployment), None, "cleared after a failed one");
    }

    #[test]
    fn the_controller_warns_when_the_revision_is_missing_or_current() {
        let (deployment, rss) = history();
        let refs: Vec<&ReplicaSet> = rss.iter().collect();
        let mut d = deployment.clone();
        assert_eq!(
            rollback(&mut d, &refs, 3),
            RollbackEvent::warning(
                ROLLBACK_TEMPLATE_UNCHANGED,
                "The rollback revision contains the same template as current deployment \"web\""
                    .to_string()
            )
        );
        assert_eq!(
            rollback(&mut d, &refs, 9),
            RollbackEvent::warning(
                ROLLBACK_REVISION_NOT_FOUND,
                "Unable to find the revision to rollback to.".to_string()
            )
        );
        assert_eq!(
            rollback(&mut d, &refs[2..], 0),
            RollbackEvent::warning(
                ROLLBACK_REVISION_NOT_FOUND,
                "Unable to find last revision.".to_string()
            )
        );
        assert_eq!(d, deployment, "unchanged");
    }

    #[test]
    fn kubectl_undo_finds_the_revision_and_prints_what_it_did() {
        let (deployment, rss) = history();
        let refs: Vec<&ReplicaSet> = rss.iter().collect();
        assert_eq!(
            deployment_revision(&deployment, &refs, 0).map(|r| r.metadata.name.as_str()),
            Ok("web-2")
        );
        assert_eq!(
            deployment_revision(&deployment, &refs, 1).map(|r| r.metadata.name.as_str()),
            Ok("web-1")
        );
        assert_eq!(
            deployment_revision(&deployment, &refs, 7),
            Err("unable to find specified revision 7 in history".to_string())
        );
        assert_eq!(
            deployment_revision(&deployment, &refs[2..], 0),
            Err("no rollout history found for deployment \"web\"".to_string())
        );
        let (message, rolled_back) = kubectl_rollback(&deployment, &refs, 0).expect("rolled back");
        assert_eq!(message, "rolled back");
        let rolled_back = rolled_back.expect("a new template");
        assert_eq!(image(&rolled_back), "nginx:2");
        assert_eq!(
            rolled_back
                .metadata
                .annotations
                .get("change-cause")
                .map(String::as_str),
            Some("v2")
        );
        assert_eq!(
            kubectl_rollback(&deployment, &refs, 3),
            Ok((
                "skipped rollback (current template already matches revision 3)".to_string(),
                None
            ))
        );
        assert_eq!(
            kubectl_rollback(&deployment, &refs, -1),
            Err("unable to find specified revision -1 in history".to_string())
        );
        let mut paused = deployment.clone();
        paused.spec.paused = true;
        assert_eq!(
            kubectl_rollback(&paused, &refs, 0),
            Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".to_string())
        );
    }
}

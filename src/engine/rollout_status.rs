//! kubectl's Deployment rollout views as pure functions (kubectl v0.35,
//! `pkg/polymorphichelpers/`): `rollout status` (`DeploymentStatusViewer.Status` of
//! `rollout_status.go`) and `rollout history` (`DeploymentHistoryViewer.ViewHistory` of
//! `history.go`, the revision list). As the DaemonSet viewer in
//! [`crate::engine::sim::scenario::rollout_status`], a line comes without its newline and an
//! error with kubectl's `error: ` prefix.

use std::collections::BTreeMap;

use crate::engine::api::{Deployment, ReplicaSet};
use crate::engine::controllers::deployment::conditions::{
    get_deployment_condition, PROGRESSING, TIMED_OUT_REASON,
};
use crate::engine::controllers::deployment::util::revision;
use crate::engine::kubectl::tabwrite;

/// The annotation `kubectl rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";

/// `DeploymentStatusViewer.Status`: the line `kubectl rollout status deployment/NAME`
/// prints for the Deployment as it is, and whether the rollout is done. `revision` (0: any)
/// is `--revision`, which must be the Deployment's.
pub fn deployment_rollout_status(
    deployment: &Deployment,
    revision_wanted: i64,
) -> Result<(String, bool), String> {
    let name = &deployment.metadata.name;
    if revision_wanted > 0 {
        let running = revision(&deployment.metadata)
            .map_err(|e| format!("error: cannot get the revision of deployment \"{name}\": {e}"))?;
        if running != revision_wanted {
            return Err(format!(
                "error: desired revision ({revision_wanted}) is different from the running revision ({running})"
            ));
        }
    }
    let status = &deployment.status;
    if deployment.metadata.generation.unwrap_or(0) > status.observed_generation {
        return Ok((
            "Waiting for deployment spec update to be observed...".to_string(),
            false,
        ));
    }
    let progressing = get_deployment_condition(status, PROGRESSING);
    if progressing.is_some_and(|c| c.reason.as_deref() == Some(TIMED_OUT_REASON)) {
        return Err(format!(
            "error: deployment \"{name}\" exceeded its progress deadline"
        ));
    }
    let waiting = |what: String| {
        Ok((
            format!("Waiting for deployment \"{name}\" rollout to finish: {what}"),
            false,
        ))
    };
    if status.updated_replicas < deployment.spec.replicas {
        return waiting(format!(
            "{} out of {} new replicas have been updated...",
            status.updated_replicas, deployment.spec.replicas
        ));
    }
    if status.replicas > status.updated_replicas {
        return waiting(format!(
            "{} old replicas are pending termination...",
            status.replicas - status.updated_replicas
        ));
    }
    if status.available_replicas < status.updated_replicas {
        return waiting(format!(
            "{} of {} updated replicas are available...",
            status.available_replicas, status.updated_replicas
        ));
    }
    Ok((
        format!("deployment \"{name}\" successfully rolled out"),
        true,
    ))
}

/// `DeploymentHistoryViewer.ViewHistory` for every revision: what `kubectl rollout history
/// deployment/NAME` prints for the Deployment's ReplicaSets (each revision's change cause
/// from its ReplicaSet's annotation; the last ReplicaSet of a revision wins).
pub fn deployment_rollout_history(name: &str, replica_sets: &[&ReplicaSet]) -> String {
    let mut causes: BTreeMap<i64, String> = BTreeMap::new();
    for rs in replica_sets {
        let Ok(v) = revision(&rs.metadata) else {
            continue;
        };
        let cause = rs
            .metadata
            .annotations
            .get(CHANGE_CAUSE_ANNOTATION)
            .filter(|c| !c.is_empty())
            .cloned()
            .unwrap_or_else(|| "<none>".to_string());
        causes.insert(v, cause);
    }
    if causes.is_empty() {
        return format!("deployment.apps/{name} \nNo rollout history found.\n");
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    rows.extend(
        causes
            .into_iter()
            .map(|(v, cause)| vec![v.to_string(), cause]),
    );
    format!("deployment.apps/{name} \n{}\n", tabwrite(&rows, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        DeploymentSpec, DeploymentStatus, DeploymentStrategy, DeploymentStrategyType, ObjectMeta,
        PodTemplateSpec, ReplicaSetSpec, ReplicaSetStatus, WorkloadCondition,
    };
    use crate::engine::controllers::deployment::util::REVISION_ANNOTATION;

    fn deployment(generation: i64, spec_replicas: i32, status: DeploymentStatus) -> Deployment {
        Deployment {
            metadata: ObjectMeta {
                name: "foo".to_string(),
                namespace: "bar".to_string(),
                uid: Some("8764ae47-9092-11e4-8393-42010af018ff".to_string()),
                generation: Some(generation),
                ..ObjectMeta::default()
            },
            spec: DeploymentSpec {
                replicas: spec_replicas,
                selector: None,
                template: PodTemplateSpec::default(),
                strategy: DeploymentStrategy {
                    type_: DeploymentStrategyType::RollingUpdate,
                    rolling_update: None,
                },
                min_ready_seconds: 0,
                revision_history_limit: 10,
                paused: false,
                progress_deadline_seconds: Some(600),
            },
            status,
        }
    }

    fn status(
        observed: i64,
        replicas: i32,
        updated: i32,
        available: i32,
        unavailable: i32,
    ) -> DeploymentStatus {
        DeploymentStatus {
            observed_generation: observed,
            replicas,
            updated_replicas: updated,
            available_replicas: available,
            unavailable_replicas: unavailable,
            ..DeploymentStatus::default()
        }
    }

    #[test]
    fn test_deployment_status_viewer_status() {
        let cases = [
            ("test1", 0, 1, status(1, 1, 0, 1, 0), "Waiting for deployment \"foo\" rollout to finish: 0 out of 1 new replicas have been updated...", false),
            ("test2", 1, 1, status(1, 2, 1, 2, 0), "Waiting for deployment \"foo\" rollout to finish: 1 old replicas are pending termination...", false),
            ("test3", 1, 2, status(1, 2, 2, 1, 1), "Waiting for deployment \"foo\" rollout to finish: 1 of 2 updated replicas are available...", false),
            ("test4", 1, 2, status(1, 2, 2, 2, 0), "deployment \"foo\" successfully rolled out", true),
            ("test5", 2, 2, status(1, 2, 2, 2, 0), "Waiting for deployment spec update to be observed...", false),
        ];
        for (name, generation, replicas, s, msg, done) in cases {
            let d = deployment(generation, replicas, s);
            assert_eq!(
                deployment_rollout_status(&d, 0),
                Ok((msg.to_string(), done)),
                "{name}"
            );
        }
    }

    #[test]
    fn a_rollout_past_its_deadline_is_an_error() {
        let mut d = deployment(1, 2, status(1, 2, 1, 1, 1));
        d.status.conditions.push(WorkloadCondition {
            type_: "Progressing".to_string(),
            status: "False".to_string(),
            reason: Some("ProgressDeadlineExceeded".to_string()),
            ..WorkloadCondition::default()
        });
        assert_eq!(
            deployment_rollout_status(&d, 0),
            Err("error: deployment \"foo\" exceeded its progress deadline".to_string())
        );
    }

    #[test]
    fn a_wanted_revision_must_be_the_running_one() {
        let mut d = deployment(1, 2, status(1, 2, 2, 2, 0));
        d.metadata
            .annotations
            .insert(REVISION_ANNOTATION.to_string(), "3".to_string());
        assert_eq!(
            deployment_rollout_status(&d, 3).map(|(_, done)| done),
            Ok(true)
        );
        assert_eq!(
            deployment_rollout_status(&d, 2),
            Err(
                "error: desired revision (2) is different from the running revision (3)"
                    .to_string()
            )
        );
        d.metadata
            .annotations
            .insert(REVISION_ANNOTATION.to_string(), "x".to_string());
        assert_eq!(
            deployment_rollout_status(&d, 2),
            Err("error: cannot get the revision of deployment \"foo\": strconv.ParseInt: parsing \"x\": invalid syntax".to_string())
        );
    }

    fn rs(name: &str, annotations: &[(&str, &str)]) -> ReplicaSet {
        let mut meta = ObjectMeta {
            name: name.to_string(),
            ..ObjectMeta::default()
        };
        for (k, v) in annotations {
            meta.annotations.insert(k.to_string(), v.to_string());
        }
        ReplicaSet {
            metadata: meta,
            spec: ReplicaSetSpec {
                replicas: 0,
                min_ready_seconds: 0,
                selector: None,
                template: PodTemplateSpec::default(),
            },
            status: ReplicaSetStatus::default(),
        }
    }

    #[test]
    fn the_history_lists_revisions_in_order_with_their_change_causes() {
        let v2 = rs(
            "web-2",
            &[
                (REVISION_ANNOTATION, "2"),
                (
                    CHANGE_CAUSE_ANNOTATION,
                    "kubectl set image deployment/web nginx=nginx:1.27",
                ),
            ],
        );
        let v1 = rs("web-1", &[(REVISION_ANNOTATION, "1")]);
        let v10 = rs(
            "web-10",
            &[(REVISION_ANNOTATION, "10"), (CHANGE_CAUSE_ANNOTATION, "")],
        );
        let broken = rs("web-x", &[(REVISION_ANNOTATION, "x")]);
        assert_eq!(
            deployment_rollout_history("web", &[&v2, &v10, &broken, &v1]),
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.27\n10        <none>\n\n"
        );
        assert_eq!(
            deployment_rollout_history("web", &[]),
            "deployment.apps/web \nNo rollout history found.\n"
        );
    }
}

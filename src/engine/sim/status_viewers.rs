//! kubectl's rollout status viewers as pure functions (kubectl v0.35,
//! `pkg/polymorphichelpers/rollout_status.go`): `DaemonSetStatusViewer.Status`,
//! `DeploymentStatusViewer.Status` and `StatefulSetStatusViewer.Status`, the line `kubectl
//! rollout status` prints for the object as it is and whether the rollout is done. A line
//! comes without its newline and an error with kubectl's `error: ` prefix. The scenario's `wait: {until: rolloutComplete}` watches
//! them while the simulation runs; the kubectl views show them at a frame.

use crate::engine::api::{Deployment, StatefulSet, UpdateStrategyType};
use crate::engine::controllers::deployment::conditions::{
    get_deployment_condition, PROGRESSING, TIMED_OUT_REASON,
};
use crate::engine::controllers::deployment::util::revision;
use crate::engine::store::state::DaemonSetState;

/// `kubectl rollout status ds/NAME` for the current state: the line kubectl prints and
/// whether it is the final one. Errors (non-RollingUpdate strategy) as `Err`.
pub fn rollout_status(ds: &DaemonSetState) -> Result<(String, bool), String> {
    if ds.ds.spec.update_strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".to_string(),
        );
    }
    let name = &ds.ds.metadata.name;
    let status = &ds.ds.status;
    if ds.generation > status.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...".to_string(),
            false,
        ));
    }
    if status.updated_number_scheduled < status.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...",
                status.updated_number_scheduled, status.desired_number_scheduled
            ),
            false,
        ));
    }
    if status.number_available < status.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...",
                status.number_available, status.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out"),
        true,
    ))
}

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

/// `StatefulSetStatusViewer.Status`: the line `kubectl rollout status sts/NAME` prints for
/// the set as it is (without its newline), and whether the rollout is done. A set whose
/// `rollingUpdate` is stated (as defaulting states it) reports a partitioned roll out,
/// even with partition 0.
pub fn stateful_set_rollout_status(set: &StatefulSet) -> Result<(String, bool), String> {
    let strategy = &set.spec.update_strategy;
    if strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".to_string(),
        );
    }
    let status = &set.status;
    let generation = set.metadata.generation.unwrap_or(1);
    if status.observed_generation == 0 || generation > status.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...".to_string(),
            false,
        ));
    }
    let replicas = set.spec.replicas;
    if status.ready_replicas < replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...",
                replicas - status.ready_replicas
            ),
            false,
        ));
    }
    if let Some(ru) = &strategy.rolling_update {
        let wanted = replicas - ru.partition;
        if status.updated_replicas < wanted {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {wanted} new pods have been updated...",
                    status.updated_replicas
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...",
                status.updated_replicas
            ),
            true,
        ));
    }
    if status.update_revision != status.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                status.updated_replicas, status.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...",
            status.current_replicas, status.current_revision
        ),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        DaemonSet, DeploymentSpec, DeploymentStatus, DeploymentStrategy, DeploymentStrategyType,
        ObjectMeta, PodTemplateSpec, WorkloadCondition,
    };
    use crate::engine::controllers::deployment::util::REVISION_ANNOTATION;

    #[test]
    fn rollout_status_follows_the_daemon_set_status_viewer() {
        // rollout_status_test.go TestDaemonSetStatusViewerStatus (test1..test4) and
        // TestDaemonSetStatusViewerStatusWithWrongUpdateStrategyType. kubectl prints the
        // error with its "error: " prefix.
        use crate::engine::api::{
            DaemonSetSpec, DaemonSetStatus, DaemonSetUpdateStrategy, PodTemplateSpec,
        };
        let ds = |type_: UpdateStrategyType, generation: i64, status: [i32; 4]| {
            let [observed, updated, desired, available] = status;
            let mut ds = DaemonSet {
                metadata: Default::default(),
                spec: DaemonSetSpec {
                    selector: None,
                    template: PodTemplateSpec::default(),
                    update_strategy: DaemonSetUpdateStrategy {
                        type_,
                        rolling_update: None,
                    },
                    min_ready_seconds: 0,
                    revision_history_limit: 10,
                },
                status: DaemonSetStatus {
                    observed_generation: i64::from(observed),
                    updated_number_scheduled: updated,
                    desired_number_scheduled: desired,
                    number_available: available,
                    ..DaemonSetStatus::default()
                },
            };
            ds.metadata.namespace = "bar".into();
            ds.metadata.name = "foo".into();
            DaemonSetState {
                ds,
                created: 0,
                generation,
                template_generation: 1,
                revisions: Vec::new(),
                current_hash: None,
            }
        };
        let rolling = UpdateStrategyType::RollingUpdate;
        let cases = [
            (
                "test1",
                ds(rolling.clone(), 0, [1, 0, 1, 0]),
                Ok((
                    "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...",
                    false,
                )),
            ),
            (
                "test2",
                ds(rolling.clone(), 1, [1, 2, 2, 1]),
                Ok((
                    "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...",
                    false,
                )),
            ),
            (
                "test3",
                ds(rolling.clone(), 1, [1, 2, 2, 2]),
                Ok(("daemon set \"foo\" successfully rolled out", true)),
            ),
            (
                "test4",
                ds(rolling, 2, [1, 2, 2, 2]),
                Ok(("Waiting for daemon set spec update to be observed...", false)),
            ),
            (
                "wrong update strategy type",
                ds(UpdateStrategyType::OnDelete, 0, [0, 0, 0, 0]),
                Err("error: rollout status is only available for RollingUpdate strategy type"),
            ),
        ];
        for (name, ds, want) in cases {
            let want = want
                .map(|(line, done)| (line.to_string(), done))
                .map_err(str::to_string);
            assert_eq!(rollout_status(&ds), want, "{name}");
        }
    }

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

    /// Upstream `TestStatefulSetStatusViewerStatus`'s `newStatefulSet(3)` with `strategy`,
    /// `generation` and `status`.
    fn stateful_set(
        strategy: &str,
        generation: i64,
        status: crate::engine::api::StatefulSetStatus,
    ) -> crate::engine::api::StatefulSet {
        let text = format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: foo, labels: {{a: b}}}}\nspec:\n  replicas: 3\n  selector: {{matchLabels: {{a: b}}}}\n  updateStrategy: {strategy}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec: {{containers: [{{name: test, image: test_image}}]}}\n");
        let mut set = crate::engine::yaml::load(&text)
            .objects
            .stateful_sets
            .remove(0);
        set.metadata.generation = Some(generation);
        set.status = status;
        set
    }

    #[test]
    fn test_stateful_set_status_viewer_status() {
        use crate::engine::api::StatefulSetStatus;
        let status = |observed: i64, ready: i32, current: i32, updated: i32| StatefulSetStatus {
            observed_generation: observed,
            replicas: 3,
            ready_replicas: ready,
            current_replicas: current,
            updated_replicas: updated,
            ..StatefulSetStatus::default()
        };
        let rolling = "{type: RollingUpdate}";
        let partitioned = "{type: RollingUpdate, rollingUpdate: {partition: 2}}";
        let mut current = status(2, 3, 3, 3);
        current.current_revision = "foo".to_string();
        current.update_revision = "foo".to_string();
        let mut on_delete_status = status(1, 1, 0, 0);
        on_delete_status.replicas = 0;
        assert_eq!(
            stateful_set_rollout_status(&stateful_set("{type: OnDelete}", 1, on_delete_status)),
            Err(
                "error: rollout status is only available for RollingUpdate strategy type"
                    .to_string()
            ),
            "on delete returns an error"
        );
        let cases = [
            (
                "unobserved update is not complete",
                stateful_set(rolling, 2, status(1, 3, 3, 0)),
                "Waiting for statefulset spec update to be observed...",
                false,
            ),
            (
                "if all pods are not ready the update is not complete",
                stateful_set(rolling, 1, status(2, 2, 3, 0)),
                "Waiting for 1 pods to be ready...",
                false,
            ),
            (
                "partition update completes when all replicas above the partition are updated",
                stateful_set(partitioned, 1, status(2, 3, 2, 1)),
                "partitioned roll out complete: 1 new pods have been updated...",
                true,
            ),
            (
                "partition update is in progress if all pods above the partition have not been updated",
                stateful_set(partitioned, 1, status(2, 3, 3, 0)),
                "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...",
                false,
            ),
            (
                "update completes when all replicas are current",
                stateful_set(rolling, 1, current),
                "statefulset rolling update complete 3 pods at revision foo...",
                true,
            ),
        ];
        for (name, set, msg, done) in cases {
            assert_eq!(
                stateful_set_rollout_status(&set),
                Ok((msg.to_string(), done)),
                "{name}"
            );
        }
    }
}

//! kubectl's Deployment rollout history as a pure function (kubectl v0.35,
//! `pkg/polymorphichelpers/history.go`: `DeploymentHistoryViewer.ViewHistory`, the revision
//! list). The status viewers, which the scenario's `wait` steps watch, are in
//! [`crate::engine::sim::status_viewers`].

use std::collections::BTreeMap;

use super::tabwrite;
use crate::engine::api::ReplicaSet;
use crate::engine::controllers::deployment::util::revision;

/// The annotation `kubectl rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";

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
    use crate::engine::api::{ObjectMeta, PodTemplateSpec, ReplicaSetSpec, ReplicaSetStatus};
    use crate::engine::controllers::deployment::util::REVISION_ANNOTATION;

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

    /// Upstream's `TestViewDeploymentHistory`: `moons-1` to `moons-4` at revisions 1 to 4,
    /// the last two with change causes. (Describing one revision is not modelled.)
    #[test]
    fn test_view_deployment_history() {
        let replica_sets: Vec<ReplicaSet> = (1..5)
            .map(|i| {
                let revision = i.to_string();
                let mut annotations = vec![(REVISION_ANNOTATION, revision.as_str())];
                match i {
                    3 => annotations.push((CHANGE_CAUSE_ANNOTATION, "foo change cause")),
                    4 => annotations.push((CHANGE_CAUSE_ANNOTATION, "bar change cause")),
                    _ => {}
                }
                rs(&format!("moons-{i}"), &annotations)
            })
            .collect();
        let refs: Vec<&ReplicaSet> = replica_sets.iter().collect();
        assert_eq!(
            deployment_rollout_history("moons", &refs),
            "deployment.apps/moons \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         foo change cause\n4         bar change cause\n\n",
            "should show revisions list if the revision is not specified"
        );
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

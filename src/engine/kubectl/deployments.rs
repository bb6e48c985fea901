//! kubectl's views of Deployments and ReplicaSets (kubectl v1.35): `get deploy` and `get
//! rs` (`printDeployment`, `printReplicaSet` of `pkg/printers/internalversion/printers.go`),
//! `rollout status` while watching and `rollout history` of `deployment/NAME`, and `describe deployment` (`DeploymentDescriber` of
//! `staging/src/k8s.io/kubectl/pkg/describe/describe.go`) without its Pod Template section.
//! kubectl writes a description through one tab writer, whose column blocks run over
//! consecutive lines with tabs: the head lines are one block, the Conditions table and the
//! ReplicaSet lines another.

use super::rollout_history::deployment_rollout_history;
use crate::engine::api::time::format_rfc1123z;
use crate::engine::api::{
    Deployment, DeploymentStrategyType, IntOrPercent, LabelSelector, ReplicaSet, StringMap,
};
use crate::engine::controllers::deployment::util::{find_new_replica_set, find_old_replica_sets};
use crate::engine::sim::status_viewers::deployment_rollout_status;
use crate::engine::sim::timeline::Timeline;
use crate::engine::sorting::sort_stably_by;
use crate::engine::store::events::Event;
use crate::engine::store::journal::Change;
use crate::engine::store::state::{object_key, ClusterState, DeploymentState};
use crate::engine::time::{elapsed_since, human_duration};

use super::{describe_events, in_namespace, no_resources, tabwrite};

/// A `get` table: the header (with NAMESPACE unless `namespace` is given) and one row per
/// object in the namespace, or kubectl's "No resources found".
fn table(
    namespace: Option<&str>,
    header: &[&str],
    rows: impl Iterator<Item = (String, Vec<String>)>,
) -> String {
    let mut lines: Vec<Vec<String>> = vec![namespace
        .is_none()
        .then_some("NAMESPACE")
        .into_iter()
        .chain(header.iter().copied())
        .map(String::from)
        .collect()];
    for (object_namespace, cells) in rows {
        if !in_namespace(namespace, &object_namespace) {
            continue;
        }
        let mut row = Vec::new();
        if namespace.is_none() {
            row.push(object_namespace);
        }
        row.extend(cells);
        lines.push(row);
    }
    if lines.len() == 1 {
        return no_resources(namespace);
    }
    tabwrite(&lines, 3)
}

/// The cells of `printDeployment`: NAME, READY (`ready/desired`), UP-TO-DATE, AVAILABLE.
pub fn deployment_cells(deployment: &Deployment) -> Vec<String> {
    let status = &deployment.status;
    vec![
        deployment.metadata.name.clone(),
        format!("{}/{}", status.ready_replicas, deployment.spec.replicas),
        status.updated_replicas.to_string(),
        status.available_replicas.to_string(),
    ]
}

/// The cells of `printReplicaSet`: NAME, DESIRED (spec), CURRENT (status), READY.
pub fn replica_set_cells(replica_set: &ReplicaSet) -> Vec<String> {
    vec![
        replica_set.metadata.name.clone(),
        replica_set.spec.replicas.to_string(),
        replica_set.status.replicas.to_string(),
        replica_set.status.ready_replicas.to_string(),
    ]
}

/// `kubectl get deploy` (`-n NS`, or `-A` with a NAMESPACE column).
pub fn get_deployments(state: &ClusterState, namespace: Option<&str>) -> String {
    let rows = state.deployments.values().map(|d| {
        let mut cells = deployment_cells(&d.deployment);
        cells.push(human_duration(elapsed_since(d.created, state.time)));
        (d.deployment.metadata.namespace.clone(), cells)
    });
    table(
        namespace,
        &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        rows,
    )
}

/// `kubectl get rs` (`-n NS`, or `-A` with a NAMESPACE column).
pub fn get_replica_sets(state: &ClusterState, namespace: Option<&str>) -> String {
    let rows = state.replica_sets.values().map(|r| {
        let mut cells = replica_set_cells(&r.replica_set);
        cells.push(human_duration(elapsed_since(r.created, state.time)));
        (r.replica_set.metadata.namespace.clone(), cells)
    });
    table(
        namespace,
        &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        rows,
    )
}

/// The ReplicaSets the Deployment `namespace/name` controls.
fn replica_sets_of<'a>(
    state: &'a ClusterState,
    deployment: &DeploymentState,
) -> Vec<&'a ReplicaSet> {
    state
        .replica_sets_of(&deployment.key())
        .into_iter()
        .map(|r| &r.replica_set)
        .collect()
}

/// `kubectl rollout history deployment/NAME` of a Deployment in `state`.
pub fn rollout_history(state: &ClusterState, deployment: &DeploymentState) -> String {
    deployment_rollout_history(
        &deployment.deployment.metadata.name,
        &replica_sets_of(state, deployment),
    )
}

/// The lines `kubectl rollout status deployment/NAME` prints while watching the timeline
/// from frame `from` on: one line per change of the Deployment, identical consecutive lines
/// collapsed, ending with the success line, the progress-deadline error, or the last line
/// reached.
pub fn rollout_status_lines(
    timeline: &Timeline,
    namespace: &str,
    name: &str,
    from: usize,
) -> Vec<String> {
    let key = object_key(namespace, name);
    super::watch_rollout_status(
        timeline,
        from,
        "deployments.apps",
        name,
        |c| matches!(c, Change::Deployment(k, _) if *k == key),
        |state| {
            state
                .deployments
                .get(&key)
                .map(|d| deployment_rollout_status(&d.deployment, 0))
        },
    )
}

/// `labels.Selector.String()` of a selector: `app=web,tier in (a,b),!gone`.
pub fn selector_string(selector: Option<&LabelSelector>) -> String {
    let Some(selector) = selector else {
        return "<none>".to_string();
    };
    // (key, requirement text), sorted by key as `LabelSelectorAsSelector` sorts them.
    let mut parts: Vec<(&str, String)> = selector
        .match_labels
        .iter()
        .map(|(k, v)| (k.as_str(), format!("{k}={v}")))
        .collect();
    parts.extend(selector.match_expressions.iter().map(|r| {
        let mut values = r.values.clone();
        values.sort();
        let text = match r.operator.as_str() {
            "In" => format!("{} in ({})", r.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", r.key, values.join(",")),
            "DoesNotExist" => format!("!{}", r.key),
            _ => r.key.clone(),
        };
        (r.key.as_str(), text)
    }));
    sort_stably_by(&mut parts, &|a, b| a.0.cmp(b.0));
    let parts: Vec<String> = parts.into_iter().map(|(_, text)| text).collect();
    parts.join(",")
}

/// `printLabelsMultiline` / `printAnnotationsMultiline`: the first entry beside the title,
/// the others below it, `<none>` when empty.
fn multiline(rows: &mut Vec<Vec<String>>, title: &str, entries: &StringMap, separator: &str) {
    if entries.is_empty() {
        rows.push(vec![format!("{title}:"), "<none>".to_string()]);
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        let head = if i == 0 {
            format!("{title}:")
        } else {
            String::new()
        };
        rows.push(vec![head, format!("{k}{separator}{v}")]);
    }
}

/// `IntOrString.String()`.
fn int_or_percent(value: Option<&IntOrPercent>) -> String {
    match value {
        Some(IntOrPercent::Int(i)) => i.to_string(),
        Some(IntOrPercent::String(s)) => s.clone(),
        None => "<nil>".to_string(),
    }
}

/// `printReplicaSetsByLabels`: `name (status/spec replicas created)`, comma-separated, or
/// `<none>`.
fn replica_sets_line(replica_sets: &[&ReplicaSet]) -> String {
    if replica_sets.is_empty() {
        return "<none>".to_string();
    }
    replica_sets
        .iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                rs.metadata.name, rs.status.replicas, rs.spec.replicas
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `kubectl describe deployment NAME` of a Deployment in `state`, with the Events among
/// `events`; the Pod Template section is left out.
pub fn describe_deployment(
    state: &ClusterState,
    deployment: &DeploymentState,
    events: &[Event],
) -> String {
    let d = &deployment.deployment;
    let mut head: Vec<Vec<String>> = Vec::new();
    let mut line = |label: &str, value: String| head.push(vec![format!("{label}:"), value]);
    line("Name", d.metadata.name.clone());
    line("Namespace", d.metadata.namespace.clone());
    line(
        "CreationTimestamp",
        format_rfc1123z(state.run_start.saturating_add(deployment.created)),
    );
    multiline(&mut head, "Labels", &d.metadata.labels, "=");
    multiline(&mut head, "Annotations", &d.metadata.annotations, ": ");
    let status = &d.status;
    let mut line = |label: &str, value: String| head.push(vec![format!("{label}:"), value]);
    line("Selector", selector_string(d.spec.selector.as_ref()));
    line(
        "Replicas",
        format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            d.spec.replicas,
            status.updated_replicas,
            status.replicas,
            status.available_replicas,
            status.unavailable_replicas
        ),
    );
    line(
        "StrategyType",
        match &d.spec.strategy.type_ {
            DeploymentStrategyType::RollingUpdate => "RollingUpdate".to_string(),
            DeploymentStrategyType::Recreate => "Recreate".to_string(),
            DeploymentStrategyType::Other(other) => other.clone(),
        },
    );
    line("MinReadySeconds", d.spec.min_ready_seconds.to_string());
    if let Some(rolling) = &d.spec.strategy.rolling_update {
        line(
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                int_or_percent(rolling.max_unavailable.as_ref()),
                int_or_percent(rolling.max_surge.as_ref())
            ),
        );
    }
    let mut out = tabwrite(&head, 2);
    // The Conditions table and the ReplicaSet lines are one block of the tab writer: the
    // first column is as wide as its widest cell among both.
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !status.conditions.is_empty() {
        out.push_str("Conditions:\n");
        rows.push(vec!["  Type".to_string(), "Status".into(), "Reason".into()]);
        rows.push(vec!["  ----".to_string(), "------".into(), "------".into()]);
        rows.extend(status.conditions.iter().map(|c| {
            vec![
                format!("  {} ", c.type_),
                c.status.clone(),
                c.reason.clone().unwrap_or_default(),
            ]
        }));
    }
    let replica_sets = replica_sets_of(state, deployment);
    let new = find_new_replica_set(d, &replica_sets);
    let (old, _) = find_old_replica_sets(d, &replica_sets);
    if new.is_some() || !old.is_empty() {
        rows.push(vec!["OldReplicaSets:".to_string(), replica_sets_line(&old)]);
        rows.push(vec![
            "NewReplicaSet:".to_string(),
            replica_sets_line(&new.into_iter().collect::<Vec<_>>()),
        ]);
    }
    out.push_str(&tabwrite(&rows, 2));
    out.push_str(&describe_events(
        events,
        state.time,
        "Deployment",
        &d.metadata.namespace,
        &d.metadata.name,
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::api::WorkloadCondition;
    use crate::engine::store::state::ReplicaSetState;
    use crate::engine::yaml::load;

    const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  annotations: {deployment.kubernetes.io/revision: '2'}
spec:
  replicas: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:2'}]
";

    /// The Deployment `web` mid-rollout: 3 updated of 13, 10 available, with the ReplicaSets
    /// `web-old` (10 of revision 1) and `web-new` (3 of revision 2).
    fn mid_rollout() -> ClusterState {
        let mut deployment = load(WEB).objects.deployments.remove(0);
        deployment.status.replicas = 13;
        deployment.status.updated_replicas = 3;
        deployment.status.ready_replicas = 10;
        deployment.status.available_replicas = 10;
        deployment.status.unavailable_replicas = 3;
        for (type_, reason) in [
            ("Available", "MinimumReplicasAvailable"),
            ("Progressing", "ReplicaSetUpdated"),
        ] {
            deployment.status.conditions.push(WorkloadCondition {
                type_: type_.to_string(),
                status: "True".to_string(),
                reason: Some(reason.to_string()),
                ..WorkloadCondition::default()
            });
        }
        let replica_set = |name: &str, image: &str, replicas: i32, created: i64| {
            let mut rs = ReplicaSet {
                metadata: deployment.metadata.clone(),
                spec: crate::engine::api::ReplicaSetSpec {
                    replicas,
                    min_ready_seconds: 0,
                    selector: deployment.spec.selector.clone(),
                    template: deployment.spec.template.clone(),
                },
                status: Default::default(),
            };
            rs.metadata.name = name.to_string();
            rs.spec.template.spec.containers[0].image = image.to_string();
            rs.status.replicas = replicas;
            rs.status.ready_replicas = replicas.min(10);
            ReplicaSetState {
                replica_set: rs,
                created,
                owner: Some("default/web".to_string()),
            }
        };
        let mut state = ClusterState {
            time: 120_000,
            ..ClusterState::default()
        };
        for rs in [
            replica_set("web-old", "nginx:1", 10, 0),
            replica_set("web-new", "nginx:2", 3, 60_000),
        ] {
            state.replica_sets.insert(rs.key(), Arc::new(rs));
        }
        let deployment = DeploymentState {
            deployment,
            created: 0,
        };
        state
            .deployments
            .insert(deployment.key(), Arc::new(deployment));
        state
    }

    #[test]
    fn get_deploy_and_get_rs_print_the_columns_of_print_deployment_and_print_replica_set() {
        // printers_test.go TestPrintDeployment and TestPrintReplicaSet: READY is
        // ready/spec.replicas, UP-TO-DATE and AVAILABLE from the status; DESIRED is the
        // spec, CURRENT and READY the status.
        let state = mid_rollout();
        assert_eq!(
            get_deployments(&state, Some("default")),
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    10/10   3            10          2m\n"
        );
        assert_eq!(
            get_replica_sets(&state, None),
            "NAMESPACE   NAME      DESIRED   CURRENT   READY   AGE\n\
             default     web-new   3         3         3       60s\n\
             default     web-old   10        10        10      2m\n"
        );
        assert_eq!(
            get_deployments(&state, Some("other")),
            "No resources found in other namespace.\n"
        );
    }

    #[test]
    fn describe_deployment_prints_the_head_conditions_and_replica_sets_as_kubectl_does() {
        let state = mid_rollout();
        let deployment = &state.deployments["default/web"];
        let text = describe_deployment(&state, deployment, &[]);
        assert_eq!(
            text,
            "Name:                   web\n\
             Namespace:              default\n\
             CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000\n\
             Labels:                 app=web\n\
             Annotations:            deployment.kubernetes.io/revision: 2\n\
             Selector:               app=web\n\
             Replicas:               10 desired | 3 updated | 13 total | 10 available | 3 unavailable\n\
             StrategyType:           RollingUpdate\n\
             MinReadySeconds:        0\n\
             RollingUpdateStrategy:  25% max unavailable, 25% max surge\n\
             Conditions:\n  \
               Type           Status  Reason\n  \
               ----           ------  ------\n  \
               Available      True    MinimumReplicasAvailable\n  \
               Progressing    True    ReplicaSetUpdated\n\
             OldReplicaSets:  web-old (10/10 replicas created)\n\
             NewReplicaSet:   web-new (3/3 replicas created)\n\
             Events:  <none>\n"
        );
    }

    #[test]
    fn selectors_print_as_labels_selector_string() {
        use crate::engine::api::SelectorRequirement;
        let requirement = |key: &str, operator: &str, values: &[&str]| SelectorRequirement {
            key: key.to_string(),
            operator: operator.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let mut selector = LabelSelector::default();
        selector
            .match_labels
            .insert("app".to_string(), "web".to_string());
        selector.match_expressions = vec![
            requirement("tier", "In", &["b", "a"]),
            requirement("zone", "NotIn", &["x"]),
            requirement("gone", "DoesNotExist", &[]),
            requirement("here", "Exists", &[]),
        ];
        assert_eq!(
            selector_string(Some(&selector)),
            "app=web,!gone,here,tier in (a,b),zone notin (x)"
        );
        assert_eq!(selector_string(None), "<none>");
    }
}

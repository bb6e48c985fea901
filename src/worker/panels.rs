//! The panels' requests on the engine's side: explanations, kubectl views, board edits
//! written into the text, and exports.

use crate::engine::api::scenario::WorkloadKind;
use crate::engine::api::taint_text::parse_taints;
use crate::engine::api::{Node, Quantity, ResourceList, StringMap, Taint};
use crate::engine::explain::{
    explain_daemon_set_on_node, explain_pod, Check, DaemonNodeExplanation, Text,
};
use crate::engine::export::{kind_config, kubectl_script, workload_yaml};
use crate::engine::kubectl;
use crate::engine::kubectl::deployments;
use crate::engine::quote::go_quote;
use crate::engine::scheduler::matrix::{pod_matrix, PodMatrix};
use crate::engine::scheduler::profile::Profiles;
use crate::engine::sim::cluster;
use crate::engine::sim::status_viewers::{deployment_rollout_status, rollout_status};
use crate::engine::sim::timeline::Timeline;
use crate::engine::store::scheduler_view::{api_pod, snapshot};
use crate::engine::store::state::{set_condition, ClusterState, DeploymentState};
use crate::engine::yaml::{edit, to_yaml, Objects};
use crate::protocol::view::*;
use crate::protocol::{ExportKind, KubectlView, ScaleTarget, Selection, TextEdit};

/// A text made from the applied `objects` (the Export menu).
pub fn export(objects: &Objects, export: ExportKind) -> String {
    match export {
        ExportKind::ClusterYaml => to_yaml(objects),
        ExportKind::WorkloadYaml => workload_yaml(objects),
        ExportKind::KubectlScript => kubectl_script(objects),
        ExportKind::KindConfig => kind_config(objects, "kubeplay"),
    }
}

fn sentence(text: &Text) -> Sentence {
    Sentence {
        en: text.en.clone(),
        zh: text.zh.clone(),
    }
}

fn checks(checks: &[Check]) -> Vec<CheckView> {
    checks
        .iter()
        .map(|c| CheckView {
            plugin: c.plugin.clone(),
            passed: c.passed,
            reasons: c.reasons.clone(),
            explanation: sentence(&c.explanation),
        })
        .collect()
}

fn daemon_on_node(daemon_set: String, e: &DaemonNodeExplanation) -> DaemonOnNode {
    DaemonOnNode {
        daemon_set,
        should_run: e.should_run,
        should_continue_running: e.should_continue_running,
        summary: sentence(&e.summary),
        checks: checks(&e.checks),
        scheduling: e.scheduling.as_ref().map(|s| SchedulingView {
            checks: checks(&s.checks),
            failed_scheduling_message: s.failed_scheduling_message.clone(),
        }),
    }
}

/// Why the selected node or pod is (not) where it is in `cluster`, a pod by the profile
/// of `profiles` that its `schedulerName` names.
pub fn explain(cluster: &ClusterState, selection: &Selection, profiles: &Profiles) -> Explanation {
    let snap = snapshot(cluster);
    match selection {
        Selection::Node(name) => match snap.node(name) {
            None => Explanation::Gone,
            Some(info) => Explanation::Node {
                daemon_sets: cluster
                    .daemon_sets
                    .values()
                    .map(|ds| {
                        let e = explain_daemon_set_on_node(&ds.ds, info, &snap, None);
                        daemon_on_node(ds.key(), &e)
                    })
                    .collect(),
            },
        },
        Selection::Pod(key) => {
            let Some(pod) = cluster.pods.get(key) else {
                return Explanation::Gone;
            };
            let owner = pod.daemon_set().and_then(|o| cluster.daemon_sets.get(o));
            match (owner, pod.target_node().and_then(|n| snap.node(n))) {
                (Some(ds), Some(info)) => {
                    let e = explain_daemon_set_on_node(&ds.ds, info, &snap, None);
                    Explanation::DaemonPod {
                        daemon_set: daemon_on_node(ds.key(), &e),
                    }
                }
                _ => {
                    let classes: Vec<_> = cluster
                        .priority_classes
                        .values()
                        .map(|c| (**c).clone())
                        .collect();
                    let e = explain_pod(&api_pod(pod), &snap, &classes, profiles);
                    Explanation::Pod {
                        pod: PodOnNodes {
                            bound_to: e.bound_to.clone(),
                            failed_scheduling_message: e.failed_scheduling_message.clone(),
                            ignored_by_scheduler: e.ignored_by_scheduler.as_ref().map(sentence),
                            nodes: e
                                .nodes
                                .iter()
                                .map(|n| PodNodeView {
                                    node: n.node.clone(),
                                    feasible: n.feasible,
                                    checks: checks(&n.checks),
                                })
                                .collect(),
                        },
                    }
                }
            }
        }
    }
}

/// The node × plugin matrix of the pod `key` in `cluster` under its profile in `profiles`
/// (`None` when the pod is not there).
pub fn matrix(cluster: &ClusterState, key: &str, profiles: &Profiles) -> Option<PodMatrix> {
    let pod = cluster.pods.get(key)?;
    Some(pod_matrix(profiles, &api_pod(pod), &snapshot(cluster)))
}

/// The terminal text of a kubectl view at frame `frame`.
pub fn kubectl_view(
    timeline: &Timeline,
    frame: usize,
    cluster: &ClusterState,
    view: KubectlView,
) -> String {
    match view {
        KubectlView::GetDaemonSets => kubectl::get_daemon_sets(cluster, None),
        KubectlView::GetPods => kubectl::get_pods_wide(cluster, None),
        KubectlView::GetNodes => kubectl::get_nodes(cluster),
        KubectlView::RolloutStatus => cluster
            .daemon_sets
            .values()
            .map(|ds| {
                let line = match rollout_status(ds) {
                    Ok((line, _)) | Err(line) => line,
                };
                format!(
                    "$ kubectl rollout status ds/{} -n {}\n{line}\n",
                    ds.ds.metadata.name, ds.ds.metadata.namespace
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        KubectlView::DescribeEvents => {
            let events = timeline.events_until(frame);
            cluster
                .daemon_sets
                .values()
                .map(|ds| {
                    let meta = &ds.ds.metadata;
                    format!(
                        "$ kubectl describe ds/{} -n {}\n{}",
                        meta.name,
                        meta.namespace,
                        kubectl::describe_events(
                            events,
                            cluster.time,
                            "DaemonSet",
                            &meta.namespace,
                            &meta.name
                        )
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        KubectlView::GetDeployments => deployments::get_deployments(cluster, None),
        KubectlView::GetReplicaSets => deployments::get_replica_sets(cluster, None),
        KubectlView::DeploymentRolloutStatus => for_each_deployment(
            cluster,
            "rollout status",
            |d| match deployment_rollout_status(&d.deployment, 0) {
                Ok((line, _)) | Err(line) => format!("{line}\n"),
            },
        ),
        KubectlView::DeploymentRolloutHistory => {
            for_each_deployment(cluster, "rollout history", |d| {
                deployments::rollout_history(cluster, d)
            })
        }
        KubectlView::DescribeDeployments => {
            let events = timeline.events_until(frame);
            for_each_deployment(cluster, "describe", |d| {
                deployments::describe_deployment(cluster, d, events)
            })
        }
    }
}

/// `$ kubectl VERB deployment/NAME -n NS` and its output, for each Deployment.
fn for_each_deployment(
    cluster: &ClusterState,
    verb: &str,
    output: impl Fn(&DeploymentState) -> String,
) -> String {
    if cluster.deployments.is_empty() {
        return "No resources found\n".to_string();
    }
    cluster
        .deployments
        .values()
        .map(|d| {
            let meta = &d.deployment.metadata;
            format!(
                "$ kubectl {verb} deployment/{} -n {}\n{}",
                meta.name,
                meta.namespace,
                output(d)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses `key=value` lines (a line without `=` is a label with an empty value).
pub fn parse_labels(text: &str) -> StringMap {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

/// Reads the taints of a form's text: one `kubectl taint` spec per line (blank lines
/// skipped).
pub fn taints_of(text: &str) -> Result<Vec<Taint>, String> {
    parse_taints(text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

/// A new node as the add form builds it: the engine's newly registered node with the
/// form's labels and taints added.
pub fn new_node(fields: &NodeFields) -> Result<Node, String> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err("a node needs a name".into());
    }
    let taints = taints_of(&fields.taints)?;
    let mut resources = ResourceList::new();
    for (resource, text) in [
        ("cpu", &fields.cpu),
        ("memory", &fields.memory),
        ("pods", &fields.pods),
    ] {
        let quantity = Quantity::parse(text.trim())
            .map_err(|_| format!("{resource}: invalid quantity {}", go_quote(text)))?;
        resources.insert(resource.to_owned(), quantity);
    }
    let mut node = cluster::new_node(name, fields.control_plane, resources);
    node.metadata.labels.extend(parse_labels(&fields.labels));
    node.spec.taints.extend(taints);
    Ok(node)
}

/// `text` with a board edit written into it; `at_ms` is the frame's time and `cluster` its
/// cluster (where a node toggle starts from).
pub fn edited(
    text: &str,
    at_ms: u64,
    cluster: Option<&ClusterState>,
    edit: TextEdit,
) -> Result<String, String> {
    let node_at = |name: &str| {
        cluster
            .and_then(|c| c.nodes.get(name))
            .map(|n| n.node.clone())
            .ok_or_else(|| format!("node {} is not in the cluster", go_quote(name)))
    };
    Ok(match edit {
        TextEdit::AddNode { fields } => edit::upsert_node(text, &new_node(&fields)?),
        TextEdit::SetLabelsAndTaints {
            node,
            labels,
            taints,
        } => {
            let mut node = node_at(&node)?;
            node.spec.taints = taints_of(&taints)?;
            node.metadata.labels = parse_labels(&labels);
            edit::upsert_node(text, &node)
        }
        TextEdit::SetUnschedulable {
            node,
            unschedulable,
        } => {
            let mut node = node_at(&node)?;
            node.spec.unschedulable = unschedulable;
            edit::upsert_node(text, &node)
        }
        TextEdit::SetReady { node, ready } => {
            let mut node = node_at(&node)?;
            set_condition(&mut node, "Ready", if ready { "True" } else { "False" });
            edit::upsert_node(text, &node)
        }
        TextEdit::DeleteNode { node } => edit::delete_node(text, &node),
        TextEdit::NewImage { daemon_set, image } => {
            edit::add_set_image_step(text, WorkloadKind::DaemonSet, &daemon_set, &image, at_ms)
        }
        TextEdit::Rollback {
            daemon_set,
            to_revision,
        } => edit::add_rollback_step(
            text,
            WorkloadKind::DaemonSet,
            &daemon_set,
            to_revision,
            at_ms,
        ),
        TextEdit::NewDeploymentImage { deployment, image } => {
            edit::add_set_image_step(text, WorkloadKind::Deployment, &deployment, &image, at_ms)
        }
        TextEdit::RollbackDeployment {
            deployment,
            to_revision,
        } => edit::add_rollback_step(
            text,
            WorkloadKind::Deployment,
            &deployment,
            to_revision,
            at_ms,
        ),
        TextEdit::Scale { workload, replicas } => match workload {
            ScaleTarget::Deployment(key) => {
                edit::add_scale_step(text, WorkloadKind::Deployment, &key, replicas, at_ms)
            }
            ScaleTarget::ReplicaSet(key) => {
                edit::add_scale_step(text, WorkloadKind::ReplicaSet, &key, replicas, at_ms)
            }
        },
        TextEdit::Pause { deployment } => edit::add_pause_step(text, &deployment, true, at_ms),
        TextEdit::Resume { deployment } => edit::add_pause_step(text, &deployment, false, at_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::taint_text::format_taint;

    /// The taints as the edit form's text shows them: each as `kubectl` prints it, one per
    /// line.
    fn taints_text(taints: &[Taint]) -> String {
        taints
            .iter()
            .map(format_taint)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn fields(name: &str, control_plane: bool, labels: &str, capacity: [&str; 3]) -> NodeFields {
        NodeFields {
            name: name.to_owned(),
            control_plane,
            labels: labels.to_owned(),
            taints: String::new(),
            cpu: capacity[0].to_owned(),
            memory: capacity[1].to_owned(),
            pods: capacity[2].to_owned(),
        }
    }

    #[test]
    fn the_taint_text_has_one_kubectl_spec_per_line() {
        let cases: &[(&str, &str, Result<&str, &str>)] = &[
            (
                "specs are trimmed and blank lines skipped",
                " a=b:NoExecute \n\n c:PreferNoSchedule",
                Ok("a=b:NoExecute\nc:PreferNoSchedule"),
            ),
            ("an empty text has no taints", "", Ok("")),
            (
                "a line that kubectl refuses fails with kubectl's message",
                "a=b:NoSchedule\nc",
                Err("invalid taint spec: c"),
            ),
        ];
        for (name, text, expected) in cases {
            let got = taints_of(text).map(|t| taints_text(&t));
            assert_eq!(
                got.as_deref(),
                expected.map_err(|e| e.to_owned()).as_deref(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_new_control_plane_node_gets_its_role_label_and_taint() {
        let node = new_node(&fields("cp-2", true, "zone=a", ["2", "4Gi", "110"])).expect("a node");
        assert_eq!(
            node.metadata
                .labels
                .get("node-role.kubernetes.io/control-plane")
                .map(String::as_str),
            Some("")
        );
        assert_eq!(
            node.metadata.labels.get("zone").map(String::as_str),
            Some("a")
        );
        assert_eq!(
            taints_text(&node.spec.taints),
            "node-role.kubernetes.io/control-plane:NoSchedule"
        );
        assert_eq!(
            node.status
                .allocatable
                .get("memory")
                .map(ToString::to_string)
                .as_deref(),
            Some("4Gi")
        );
        assert!(new_node(&fields(" ", false, "", ["1", "1Gi", "10"])).is_err());
        assert!(new_node(&fields("n", false, "", ["1", "1GB", "10"])).is_err());
    }

    #[test]
    fn deployment_edits_are_written_as_steps_at_the_frames_time() {
        use crate::engine::api::scenario::{Action, Workload, WorkloadKind};
        let edits = [
            TextEdit::NewDeploymentImage {
                deployment: "apps/web".to_owned(),
                image: "nginx:2".to_owned(),
            },
            TextEdit::Scale {
                workload: ScaleTarget::Deployment("apps/web".to_owned()),
                replicas: 6,
            },
            TextEdit::Scale {
                workload: ScaleTarget::ReplicaSet("apps/web-1".to_owned()),
                replicas: 0,
            },
            TextEdit::Pause {
                deployment: "apps/web".to_owned(),
            },
            TextEdit::Resume {
                deployment: "apps/web".to_owned(),
            },
            TextEdit::RollbackDeployment {
                deployment: "apps/web".to_owned(),
                to_revision: Some(2),
            },
        ];
        let mut text = String::new();
        for (i, edit) in edits.into_iter().enumerate() {
            text = edited(&text, 1_000 * (i as u64 + 1), None, edit).expect("edited");
        }
        let loaded = crate::engine::yaml::load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = loaded.objects.scenario.expect("a scenario").spec.steps;
        let web = Workload::deployment("web", "apps");
        let actions: Vec<Action> = steps.iter().map(|s| s.action.clone()).collect();
        assert_eq!(
            actions,
            [
                Action::SetImage {
                    workload: web.clone(),
                    container: None,
                    image: "nginx:2".to_owned(),
                },
                Action::Scale {
                    workload: web.clone(),
                    replicas: 6,
                },
                Action::Scale {
                    workload: Workload::new(WorkloadKind::ReplicaSet, "web-1", "apps"),
                    replicas: 0,
                },
                Action::Pause(web.clone()),
                Action::Resume(web.clone()),
                Action::Rollback {
                    workload: web,
                    to_revision: Some(2),
                },
            ]
        );
        let times: Vec<u64> = steps
            .iter()
            .filter_map(|s| s.at.map(|d| d.millis))
            .collect();
        assert_eq!(times, [1_000, 2_000, 3_000, 4_000, 5_000, 6_000]);
    }

    #[test]
    fn the_deployment_views_print_each_deployment_as_kubectl_does() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/deployments/rolling-update.yaml"
        ))
        .expect("the fixture");
        let mut objects = crate::engine::yaml::load(&text).objects;
        cluster::fill_in_default_cluster(&mut objects);
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        let last = timeline.len() - 1;
        let state = timeline.state_at(last);
        let view = |v: KubectlView| kubectl_view(&timeline, last, &state, v);
        assert!(view(KubectlView::GetDeployments).starts_with(
            "NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE\ndefault     web    10/10"
        ));
        assert!(view(KubectlView::GetReplicaSets)
            .starts_with("NAMESPACE   NAME             DESIRED   CURRENT   READY   AGE\n"));
        assert_eq!(
            view(KubectlView::DeploymentRolloutStatus),
            "$ kubectl rollout status deployment/web -n default\ndeployment \"web\" successfully rolled out\n"
        );
        assert!(view(KubectlView::DeploymentRolloutHistory).starts_with(
            "$ kubectl rollout history deployment/web -n default\ndeployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
        ));
        let describe = view(KubectlView::DescribeDeployments);
        assert!(describe.starts_with(
            "$ kubectl describe deployment/web -n default\nName:                   web\n"
        ));
        assert!(
            describe.contains("Scaled up replica set web-"),
            "{describe}"
        );
    }
}

#[cfg(test)]
mod matrix_tests {
    use super::*;
    use crate::engine::sim::scenario::Simulation;

    #[test]
    fn the_matrix_of_a_placed_pod_at_the_last_frame_names_its_node_as_chosen() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
        let loaded = crate::engine::yaml::load(text);
        let mut objects = loaded.objects;
        cluster::fill_in_default_cluster(&mut objects);
        let timeline = Simulation::run(&objects, None);
        let state = timeline.final_state();
        let m = matrix(state, "default/web", &Profiles::default()).expect("the pod is there");
        let bound = m.bound_to.clone().expect("bound");
        assert_eq!(m.matrix.and_then(|x| x.chosen), Some(bound));
        assert_eq!(matrix(state, "default/gone", &Profiles::default()), None);
    }
}

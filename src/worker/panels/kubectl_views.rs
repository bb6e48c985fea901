//! The kubectl panel's views: kubectl's output at a frame, as the engine prints it.

use crate::engine::api::ObjectMeta;
use crate::engine::kubectl;
use crate::engine::kubectl::{deployments, stateful_sets};
use crate::engine::sim::status_viewers::{
    deployment_rollout_status, rollout_status, stateful_set_rollout_status,
};
use crate::engine::sim::timeline::Timeline;
use crate::engine::store::state::{ClusterState, DeploymentState};
use crate::protocol::KubectlView;

/// Each `kubectl drain` of the run begun by frame `frame`, with the lines it printed by
/// then.
fn drain_output(timeline: &Timeline, frame: usize) -> String {
    let last = timeline.len().saturating_sub(1);
    let shown: Vec<String> = timeline
        .drains()
        .iter()
        .filter(|d| d.frame <= frame)
        .map(|d| {
            let output = timeline.frame(d.frame).map_or(&[][..], |f| &f.output[..]);
            let lines = &output[output.len().saturating_sub(d.printed_at.len())..];
            let mut text = format!("$ {}\n", d.command);
            for (line, at) in lines.iter().zip(&d.printed_at) {
                if (*at).min(last) <= frame {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            text
        })
        .collect();
    if shown.is_empty() {
        return "# no kubectl drain by this frame (a node card's Drain adds one)\n".to_owned();
    }
    shown.join("\n")
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
        KubectlView::GetPodDisruptionBudgets => kubectl::get_pod_disruption_budgets(cluster, None),
        KubectlView::Drain => drain_output(timeline, frame),
        KubectlView::DescribeDeployments => {
            let events = timeline.events_until(frame);
            for_each_deployment(cluster, "describe", |d| {
                deployments::describe_deployment(cluster, d, events)
            })
        }
        KubectlView::GetStatefulSets => stateful_sets::get_stateful_sets(cluster, None),
        KubectlView::StatefulSetRolloutStatus => for_each_object(
            cluster.stateful_sets.values(),
            |set| &set.stateful_set.metadata,
            "rollout status sts",
            |set| match stateful_set_rollout_status(&set.stateful_set) {
                Ok((line, _)) | Err(line) => format!("{line}\n"),
            },
        ),
    }
}

/// `$ kubectl VERB deployment/NAME -n NS` and its output, for each Deployment.
fn for_each_deployment(
    cluster: &ClusterState,
    verb: &str,
    output: impl Fn(&DeploymentState) -> String,
) -> String {
    for_each_object(
        cluster.deployments.values(),
        |d| &d.deployment.metadata,
        &format!("{verb} deployment"),
        |d| output(d),
    )
}

/// `$ kubectl COMMAND/NAME -n NS` and its output, for each of `objects` (whose metadata
/// `meta` reads), or kubectl's `No resources found` when there are none.
fn for_each_object<'a, T: 'a>(
    objects: impl ExactSizeIterator<Item = &'a T>,
    meta: impl Fn(&T) -> &ObjectMeta,
    command: &str,
    output: impl Fn(&T) -> String,
) -> String {
    if objects.len() == 0 {
        return "No resources found\n".to_string();
    }
    objects
        .map(|object| {
            let m = meta(object);
            format!(
                "$ kubectl {command}/{} -n {}\n{}",
                m.name,
                m.namespace,
                output(object)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

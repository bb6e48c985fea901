//! The panels' requests on the engine's side: explanations, kubectl views, board edits
//! written into the text, and exports.

mod edits;
mod kubectl_views;
mod lifecycle;
mod stateful_set;

pub use edits::{drain_spec, edited, new_node, parse_labels, taints_of};
pub use kubectl_views::kubectl_view;

use crate::engine::api::PriorityClass;
use crate::engine::controllers::deployment::util::find_new_replica_set;
use crate::engine::explain::{
    explain_daemon_set_on_node, explain_pod, Check, DaemonNodeExplanation, Text,
};
use crate::engine::export::{kind_config, kubectl_script, workload_yaml};
use crate::engine::scheduler::profile::Profiles;
use crate::engine::scheduler::scoring::NodeScore;
use crate::engine::sim::timeline::{Frame, Timeline};
use crate::engine::sorting::sort_stably_by;
use crate::engine::store::eviction::{budgets_for_pod, BudgetPod};
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::scheduler_view::{api_pod, snapshot};
use crate::engine::store::state::{ClusterState, PodState};
use crate::engine::yaml::{to_yaml, Objects};
use crate::protocol::view::*;
use crate::protocol::{ExportKind, Selection};

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

/// Why the selected node or pod is (not) where it is in `cluster`, frame `index` of
/// `timeline`; a pod by the profile of `profiles` that its `schedulerName` names.
pub fn explain(
    timeline: &Timeline,
    index: usize,
    cluster: &ClusterState,
    selection: &Selection,
    profiles: &Profiles,
) -> Explanation {
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
                return match stateful_set::not_created(cluster, key) {
                    Some(why) => Explanation::Pod {
                        pod: PodOnNodes {
                            bound_to: None,
                            failed_scheduling_message: None,
                            ignored_by_scheduler: None,
                            nodes: Vec::new(),
                            scores: Vec::new(),
                            now: None,
                            deletion: None,
                            controller: vec![why],
                            eviction_refused: None,
                            deletable: false,
                        },
                    },
                    None => Explanation::Gone,
                };
            };
            let owner = pod.daemon_set().and_then(|o| cluster.daemon_sets.get(o));
            match (owner, pod.target_node().and_then(|n| snap.node(n))) {
                (Some(ds), Some(info)) => {
                    let e = explain_daemon_set_on_node(&ds.ds, info, &snap, None);
                    Explanation::DaemonPod {
                        daemon_set: daemon_on_node(ds.key(), &e),
                        now: lifecycle::now(timeline, index, pod),
                        deletion: pod
                            .deletion
                            .and_then(|_| lifecycle::deleted_by(timeline, index, cluster, pod)),
                        deletable: pod.deletion.is_none(),
                    }
                }
                _ => {
                    let classes: Vec<_> = cluster
                        .priority_classes
                        .values()
                        .map(|c| (**c).clone())
                        .collect();
                    let e = explain_pod(&api_pod(pod), &snap, &classes, profiles);
                    let scores = match &e.bound_to {
                        None => scores(&e.scores, e.selected_node.as_deref()),
                        Some(_) => scores_when_placed(timeline, index, key, &classes, profiles),
                    };
                    Explanation::Pod {
                        pod: PodOnNodes {
                            scores,
                            now: lifecycle::now(timeline, index, pod),
                            deletion: pod.deletion.and_then(|_| {
                                scaled_down(timeline, index, cluster, pod).or_else(|| {
                                    lifecycle::deleted_by(timeline, index, cluster, pod)
                                })
                            }),
                            controller: stateful_set::member_notes(cluster, pod),
                            eviction_refused: eviction_refused(timeline, index, key),
                            deletable: pod.deletion.is_none(),
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

/// The scores of the feasible nodes, one line each, best first (the selected node first
/// among equals, marked `★`): `worker-1 ★ 592: TaintToleration 100×3 · ...`.
fn scores(scores: &[NodeScore], selected: Option<&str>) -> Vec<String> {
    let mut sorted: Vec<(&NodeScore, bool)> = scores
        .iter()
        .map(|s| (s, selected == Some(s.node.as_str())))
        .collect();
    sort_stably_by(&mut sorted, &|(a, a_selected), (b, b_selected)| {
        (b.total, b_selected).cmp(&(a.total, a_selected))
    });
    sorted
        .into_iter()
        .map(|(s, chosen)| {
            let plugins: Vec<String> = s
                .plugins
                .iter()
                .map(|p| format!("{} {}×{}", p.plugin, p.score, p.weight))
                .collect();
            let mark = if chosen { " ★" } else { "" };
            format!("{}{mark} {}: {}", s.node, s.total, plugins.join(" · "))
        })
        .collect()
}

/// How the scheduler scored the nodes for the bound pod `key` when it placed it: the pod
/// explained in the cluster just before the frame (up to `index`) that bound it. Empty when
/// the pod came bound (from the input, or pinned to its node).
fn scores_when_placed(
    timeline: &Timeline,
    index: usize,
    key: &str,
    classes: &[PriorityClass],
    profiles: &Profiles,
) -> Vec<String> {
    let frames = timeline.frames_through(index);
    let bound = |change: &Change| match change {
        Change::Pod(k, Some(pod)) => k == key && !pod.node_name().is_empty(),
        _ => false,
    };
    let Some(at) = frames.iter().position(|f| f.changes.iter().any(bound)) else {
        return Vec::new();
    };
    let Some(before) = at.checked_sub(1).map(|i| timeline.state_at(i)) else {
        return Vec::new();
    };
    match before.pods.get(key) {
        Some(pod) if pod.node_name().is_empty() => {
            let e = explain_pod(&api_pod(pod), &snapshot(&before), classes, profiles);
            scores(&e.scores, e.selected_node.as_deref())
        }
        _ => Vec::new(),
    }
}

/// Why the ReplicaSet's pod `pod` is being deleted as of frame `index`, when its Deployment
/// scaled the ReplicaSet down: the frame (up to `index`) whose controller deleted it, and the
/// Deployment's latest scaling of that ReplicaSet before it: an old ReplicaSet scaled down by
/// a rollout, or a scale-down. `None` for any other deletion.
fn scaled_down(
    timeline: &Timeline,
    index: usize,
    cluster: &ClusterState,
    pod: &PodState,
) -> Option<DeletionView> {
    let key = pod.key();
    let frames = timeline.frames_through(index);
    let at = frames.iter().rposition(|f| {
        f.actions
            .iter()
            .any(|a| matches!(a, Action::Deleted { pod } if *pod == key))
    })?;
    let mentions = |frame: &Frame, name: &str| -> Vec<String> {
        timeline.events()[frame.events.clone()]
            .iter()
            .filter(|e| e.message.contains(name))
            .map(|e| e.message.clone())
            .collect()
    };
    let deleted = &frames[at];
    let by_replica_set = timeline.events()[deleted.events.clone()]
        .iter()
        .any(|e| e.source == "replicaset-controller" && e.message.contains(pod.name()));
    if !by_replica_set {
        return None;
    }
    let mut events = mentions(deleted, pod.name());
    let (frame, from, to) = pod.replica_set().and_then(|rs_key| {
        frames[..=at].iter().rev().find_map(|f| {
            f.actions.iter().find_map(|a| match a {
                Action::Scaled {
                    replica_set,
                    from,
                    to,
                } if replica_set == rs_key => Some((f, *from, *to)),
                _ => None,
            })
        })
    })?;
    let summary = {
        let rs = cluster.replica_sets.get(pod.replica_set()?)?;
        let rs_name = &rs.replica_set.metadata.name;
        events.splice(0..0, mentions(frame, rs_name));
        let deployment = rs.owner.as_deref().and_then(|d| cluster.deployments.get(d));
        let old = deployment.is_some_and(|d| {
            let owned = cluster.replica_sets_of(&d.key());
            let api: Vec<_> = owned.iter().map(|r| &r.replica_set).collect();
            find_new_replica_set(&d.deployment, &api)
                .is_none_or(|new| new.metadata.name != *rs_name)
        });
        let d = rs.owner.clone().unwrap_or_default();
        if old {
            Sentence {
                en: format!(
                    "Deployment {d} is rolling out: it scaled its old ReplicaSet {rs_name} \
                         down from {from} to {to}, and the ReplicaSet controller deleted this \
                         pod, the first in its ranking (unscheduled, pending, not ready, \
                         ready for less time go first)."
                ),
                zh: format!(
                    "Deployment {d} 正在滚动更新：它把旧的 ReplicaSet {rs_name} 从 {from} \
                         缩容到 {to}，ReplicaSet 控制器删除了这个 Pod——它在删除排序中排在最前\
                         （未调度、Pending、未就绪、就绪时间更短的先删除）。"
                ),
            }
        } else {
            Sentence {
                en: format!(
                    "Deployment {d} scaled its ReplicaSet {rs_name} down from {from} to \
                         {to}, and the ReplicaSet controller deleted this pod, the first in its \
                         ranking (unscheduled, pending, not ready, ready for less time go \
                         first)."
                ),
                zh: format!(
                    "Deployment {d} 把 ReplicaSet {rs_name} 从 {from} 缩容到 {to}，\
                         ReplicaSet 控制器删除了这个 Pod——它在删除排序中排在最前\
                         （未调度、Pending、未就绪、就绪时间更短的先删除）。"
                ),
            }
        }
    };
    Some(DeletionView { summary, events })
}

/// Why the eviction API refused pod `key`'s last eviction as of frame `index`, when its
/// last answer was a refusal: the budget's arithmetic in words (with the budget's status
/// when it refused), then the API's message and cause.
fn eviction_refused(timeline: &Timeline, index: usize, key: &str) -> Option<DeletionView> {
    let frames = timeline.frames_through(index);
    let (at, code, message, cause) = frames.iter().enumerate().rev().find_map(|(at, f)| {
        f.actions.iter().rev().find_map(|a| match a {
            Action::Eviction {
                pod,
                code,
                message,
                cause,
            } if pod == key => Some((at, *code, message, cause)),
            _ => None,
        })
    })?;
    if code == 201 {
        return None;
    }
    let state = timeline.state_at(at);
    let budgets: Vec<_> = match state.pods.get(key) {
        Some(pod) => budgets_for_pod(
            &BudgetPod {
                pod: &pod.pod,
                ready: pod.ready,
                deleting: pod.deletion.is_some(),
            },
            state.pod_disruption_budgets.values().map(|b| b.as_ref()),
        ),
        None => Vec::new(),
    };
    let summary = match budgets.as_slice() {
        [pdb] if code == 429 && pdb.status.disruptions_allowed == 0 => {
            let name = &pdb.metadata.name;
            let (needs, has) = (pdb.status.desired_healthy, pdb.status.current_healthy);
            let spent = pdb.status.disrupted_pods.len();
            let (en, zh) = if has <= needs {
                (
                    format!(
                        "The budget {name} needs {needs} healthy pods and has {has}, so it \
                         allows 0 disruptions: evicting this pod would break it."
                    ),
                    format!(
                        "预算 {name} 需要 {needs} 个健康的 Pod，现在有 {has} 个，所以允许 0 次\
                         中断：驱逐这个 Pod 会打破它。"
                    ),
                )
            } else {
                (
                    format!(
                        "The budget {name} needs {needs} healthy pods and has {has}, counting \
                         {spent} already being evicted, so it allows 0 more disruptions: \
                         evicting this pod too would break it."
                    ),
                    format!(
                        "预算 {name} 需要 {needs} 个健康的 Pod，现在有 {has} 个，其中 {spent} \
                         个已在被驱逐，所以不再允许中断：再驱逐这个 Pod 会打破它。"
                    ),
                )
            };
            Sentence {
                en: format!(
                    "{en} kubectl drain retries every 5s; to let it through, lower \
                     minAvailable (or set maxUnavailable: 1) or add replicas."
                ),
                zh: format!(
                    "{zh}kubectl drain 每 5 秒重试一次；要让它通过，请调低 minAvailable\
                     （或设置 maxUnavailable: 1），或者增加副本。"
                ),
            }
        }
        _ => Sentence {
            en: "The eviction API refused to evict this pod, so it stays on its node.".to_owned(),
            zh: "驱逐 API 拒绝驱逐这个 Pod，所以它留在原来的节点上。".to_owned(),
        },
    };
    let events = std::iter::once(message.clone())
        .chain(cause.clone())
        .collect();
    Some(DeletionView { summary, events })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::taint_text::format_taint;
    use crate::engine::api::Taint;
    use crate::engine::sim::cluster;
    use crate::engine::store::state::pod_status_text;
    use crate::protocol::{KubectlView, TextEdit};

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
    fn an_old_pod_deleted_by_a_rollout_says_so_with_the_scaling_and_deletion_events() {
        let timeline = crate::worker::views::tests::rollout();
        let (index, key) = (0..timeline.len())
            .find_map(|i| {
                let state = timeline.state_at(i);
                let old = state.pods.values().find(|p| p.deletion.is_some())?;
                Some((i, old.key().to_string()))
            })
            .expect("a frame where an old pod is being deleted");
        let cluster = timeline.state_at(index);
        let Explanation::Pod { pod } = explain(
            &timeline,
            index,
            &cluster,
            &Selection::Pod(key.clone()),
            &Profiles::default(),
        ) else {
            panic!("a pod explanation");
        };
        let deletion = pod.deletion.expect("why it is being deleted");
        assert!(
            deletion.summary.en.starts_with(
                "Deployment default/web is rolling out: it scaled its old ReplicaSet web-"
            ),
            "{}",
            deletion.summary.en
        );
        assert!(
            deletion.summary.zh.contains("滚动更新"),
            "{}",
            deletion.summary.zh
        );
        assert!(
            deletion.events[0].starts_with("Scaled down replica set web-"),
            "{:?}",
            deletion.events
        );
        let name = key.trim_start_matches("default/");
        assert!(
            deletion
                .events
                .iter()
                .any(|e| e == &format!("Deleted pod: {name}")),
            "{:?}",
            deletion.events
        );
    }

    #[test]
    fn a_placed_deployment_pod_shows_the_scores_the_scheduler_gave_each_node() {
        let timeline = crate::worker::views::tests::rollout();
        let last = timeline.len() - 1;
        let cluster = timeline.final_state();
        let pod = cluster.pods.values().next().expect("a pod");
        let Explanation::Pod { pod: explained } = explain(
            &timeline,
            last,
            cluster,
            &Selection::Pod(pod.key().to_string()),
            &Profiles::default(),
        ) else {
            panic!("a pod explanation");
        };
        assert_eq!(explained.bound_to.as_deref(), Some(pod.node_name()));
        assert_eq!(explained.deletion, None);
        let scores = &explained.scores;
        assert_eq!(scores.len(), 3, "three feasible workers: {scores:?}");
        let node = pod.node_name();
        assert!(
            scores[0].starts_with(&format!("{node} ★ 592: TaintToleration 100×3 · ")),
            "the node it was bound to comes first among equals, marked: {scores:?}"
        );
        assert_eq!(scores.iter().filter(|s| s.contains('★')).count(), 1);
        assert!(
            scores[0].contains("PodTopologySpread 100×2"),
            "the default spreading of a ReplicaSet's pods is scored: {scores:?}"
        );
    }

    #[test]
    fn deployment_edits_are_written_as_steps_at_the_frames_time() {
        use crate::engine::api::scenario::{Action, Workload};
        let deployment = crate::protocol::WorkloadKind::Deployment;
        let edits = [
            TextEdit::NewImage {
                kind: deployment,
                workload: "apps/web".to_owned(),
                image: "nginx:2".to_owned(),
            },
            TextEdit::Scale {
                kind: deployment,
                workload: "apps/web".to_owned(),
                replicas: 6,
            },
            TextEdit::SetPaused {
                deployment: "apps/web".to_owned(),
                paused: true,
            },
            TextEdit::SetPaused {
                deployment: "apps/web".to_owned(),
                paused: false,
            },
            TextEdit::Rollback {
                kind: deployment,
                workload: "apps/web".to_owned(),
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
        assert_eq!(times, [1_000, 2_000, 3_000, 4_000, 5_000]);
    }

    /// What the controller says in Why? about the pod `key` at frame `index`.
    fn controller_notes(timeline: &Timeline, index: usize, key: &str) -> Vec<Sentence> {
        let cluster = timeline.state_at(index);
        let selection = Selection::Pod(key.to_owned());
        match explain(timeline, index, &cluster, &selection, &Profiles::default()) {
            Explanation::Pod { pod } => pod.controller,
            other => panic!("a pod explanation, not {other:?}"),
        }
    }

    #[test]
    fn a_stateful_set_pod_not_created_yet_says_which_predecessor_it_waits_for_and_how_that_is() {
        use crate::worker::views::tests::{first_frame, sts_run, sts_text};
        let timeline = sts_run(&sts_text(3, 3, "", "", ""));
        let (index, state) = first_frame(&timeline, |state| {
            state.pods.get("default/web-0").is_some_and(|p| !p.ready)
        });
        let [why] = controller_notes(&timeline, index, "default/web-1")
            .try_into()
            .expect("one sentence");
        let status = pod_status_text(&state.pods["default/web-0"]);
        assert!(
            why.en.starts_with(
                "web-1 does not exist yet: it waits for its predecessor. StatefulSet web starts \
                 its pods one at a time, in ordinal order, and creates web-1 only once web-0 is \
                 Running and Ready. "
            ),
            "{}",
            why.en
        );
        assert!(
            why.en.contains(&format!("web-0 is {status}, not Ready.")),
            "{}",
            why.en
        );
        assert!(
            why.en.contains(
                "podManagementPolicy OrderedReady; the controller logs \"StatefulSet is waiting \
                 for Pod web-0 to be Running and Ready\""
            ),
            "{}",
            why.en
        );
        assert!(
            why.zh.starts_with("web-1 还不存在：它在等前一个 Pod。"),
            "{}",
            why.zh
        );
        assert!(
            why.zh.contains(&format!("web-0 目前是 {status}，未就绪")),
            "{}",
            why.zh
        );
        let cluster = timeline.state_at(index);
        let beyond = explain(
            &timeline,
            index,
            &cluster,
            &Selection::Pod("default/web-3".to_owned()),
            &Profiles::default(),
        );
        assert_eq!(
            beyond,
            Explanation::Gone,
            "web-3 is not one of the 3 replicas"
        );
    }

    #[test]
    fn a_pod_below_the_partition_says_the_partition_keeps_it_at_the_old_revision() {
        let timeline = crate::worker::views::tests::partitioned();
        let last = timeline.len() - 1;
        let notes = controller_notes(&timeline, last, "default/web-0");
        let [why] = notes.as_slice() else {
            panic!("one sentence: {notes:?}");
        };
        assert!(
            why.en.starts_with("web-0 is kept on the old revision web-")
                && why.en.contains(
                    "by the partition: the partition is 2, so the rolling update only replaces \
                     pods with an ordinal of 2 or more (a canary). Lower the partition to update \
                     web-0."
                ),
            "{}",
            why.en
        );
        assert!(
            why.zh.contains("被分区（partition）保留在旧修订版本"),
            "{}",
            why.zh
        );
        assert_eq!(
            controller_notes(&timeline, last, "default/web-2"),
            [],
            "the updated pod has nothing to explain"
        );
    }

    #[test]
    fn a_broken_pod_the_set_waits_for_says_a_rollback_is_not_enough_and_to_delete_it() {
        use crate::worker::views::tests::{sts_run, sts_text};
        let timeline = sts_run(&sts_text(
            3,
            3,
            "",
            "",
            "  - setImage: {statefulSet: web, image: 'nginx:broken'}\n  \
             - wait: {until: rolloutComplete, statefulSet: web, timeout: 1m}\n  \
             - rollback: {statefulSet: web}\n  \
             - wait: {until: rolloutComplete, statefulSet: web, timeout: 1m}\n",
        ));
        let last = timeline.len() - 1;
        let notes = controller_notes(&timeline, last, "default/web-2");
        let en: Vec<&str> = notes.iter().map(|s| s.en.as_str()).collect();
        assert_eq!(
            en.len(),
            2,
            "no word of its turn in the rolling update: {en:#?}"
        );
        assert!(
            en[0].starts_with(
                "StatefulSet web waits for this pod: it creates, updates or deletes no other pod \
                 until web-2 is Running and Ready."
            ),
            "{}",
            en[0]
        );
        assert!(
            en[1].starts_with("web-2 is failing (ImagePullBackOff) and will never be Ready")
                || en[1].starts_with("web-2 is failing (ErrImagePull) and will never be Ready"),
            "{}",
            en[1]
        );
        assert!(
            en[1].contains(
                "Rolling the template back is not enough: the controller waits for this pod \
                 before it would replace it. Delete the pod"
            ),
            "{}",
            en[1]
        );
        assert!(
            notes[1].zh.contains("只回滚模板是不够的"),
            "{}",
            notes[1].zh
        );
    }

    #[test]
    fn stateful_set_edits_are_written_as_steps_at_the_frames_time() {
        use crate::engine::api::scenario::{Action, Workload};
        let edits = [
            TextEdit::Scale {
                kind: crate::protocol::WorkloadKind::StatefulSet,
                workload: "data/db".to_owned(),
                replicas: 5,
            },
            TextEdit::SetPartition {
                stateful_set: "data/db".to_owned(),
                partition: 3,
            },
        ];
        let mut text = String::new();
        for (i, edit) in edits.into_iter().enumerate() {
            text = edited(&text, 1_000 * (i as u64 + 1), None, edit).expect("edited");
        }
        let loaded = crate::engine::yaml::load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = loaded.objects.scenario.expect("a scenario").spec.steps;
        let db = Workload::new(
            crate::engine::api::scenario::WorkloadKind::StatefulSet,
            "db",
            "data",
        );
        let actions: Vec<Action> = steps.iter().map(|s| s.action.clone()).collect();
        assert_eq!(
            actions,
            [
                Action::Scale {
                    workload: db.clone(),
                    replicas: 5,
                },
                Action::SetPartition {
                    workload: db,
                    partition: 3,
                },
            ]
        );
        let times: Vec<u64> = steps
            .iter()
            .filter_map(|s| s.at.map(|d| d.millis))
            .collect();
        assert_eq!(times, [1_000, 2_000]);
    }

    #[test]
    fn the_stateful_set_views_print_get_sts_and_each_sets_rollout_status() {
        let timeline = crate::worker::views::tests::partitioned();
        let last = timeline.len() - 1;
        let state = timeline.state_at(last);
        let view = |v: KubectlView| kubectl_view(&timeline, last, &state, v);
        assert!(
            view(KubectlView::GetStatefulSets)
                .starts_with("NAMESPACE   NAME   READY   AGE\ndefault     web    3/3"),
            "{}",
            view(KubectlView::GetStatefulSets)
        );
        assert_eq!(
            view(KubectlView::StatefulSetRolloutStatus),
            "$ kubectl rollout status sts/web -n default\npartitioned roll out complete: 1 new pods have been updated...\n"
        );
        let empty = ClusterState::default();
        assert_eq!(
            kubectl_view(
                &timeline,
                last,
                &empty,
                KubectlView::StatefulSetRolloutStatus
            ),
            "No resources found\n"
        );
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

    /// The run of a file of `tests/simulation/`, with the default cluster filled in.
    fn simulated(file: &str) -> (String, Timeline) {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/simulation")
                .join(file),
        )
        .expect("the fixture");
        let mut objects = crate::engine::yaml::load(&text).objects;
        cluster::fill_in_default_cluster(&mut objects);
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        (text, timeline)
    }

    #[test]
    fn the_drain_view_shows_the_lines_printed_by_the_frame_on_screen() {
        let (_, timeline) = simulated("drain-under-budget.yaml");
        let step = timeline.drains()[0].frame;
        let view = |frame: usize| {
            kubectl_view(
                &timeline,
                frame,
                &timeline.state_at(frame),
                KubectlView::Drain,
            )
        };
        assert!(view(step - 1).starts_with("# no kubectl drain"));
        let at_step = view(step);
        assert!(
            at_step.starts_with(
                "$ kubectl drain worker-1 --ignore-daemonsets --timeout=1m0s\nnode/worker-1 cordoned\n\
                 Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-"
            ),
            "{at_step}"
        );
        assert!(
            at_step.ends_with(
                "error when evicting pods/\"web-5d4c8f7b9-bbbbb\" -n \"default\" (will retry \
                 after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n"
            ),
            "the retry line is printed at the step, the rest later: {at_step}"
        );
        let last = view(timeline.len() - 1);
        assert!(last.starts_with(&at_step), "{last}");
        assert!(
            last.ends_with(
                "evicting pod default/web-5d4c8f7b9-bbbbb\npod/web-5d4c8f7b9-aaaaa evicted\n\
                 pod/web-5d4c8f7b9-bbbbb evicted\nnode/worker-1 drained\n"
            ),
            "{last}"
        );
        let lines = |frame| view(frame).lines().count();
        let counts: Vec<usize> = (step..timeline.len()).map(lines).collect();
        assert!(
            counts.windows(2).all(|w| w[0] <= w[1]) && counts[0] < *counts.last().unwrap(),
            "the output grows frame by frame: {counts:?}"
        );
    }

    #[test]
    fn a_pod_a_budget_refuses_is_explained_by_the_budgets_arithmetic_then_the_api() {
        let (_, timeline) = simulated("drain-blocked-by-budget.yaml");
        let index = timeline.drains()[0].frame;
        let key = "default/web-5d4c8f7b9-aaaaa";
        let Explanation::Pod { pod } = explain(
            &timeline,
            index,
            &timeline.state_at(index),
            &Selection::Pod(key.to_owned()),
            &Profiles::default(),
        ) else {
            panic!("a pod explanation");
        };
        let refused = pod.eviction_refused.expect("its eviction was refused");
        assert_eq!(
            refused.summary.en,
            "The budget web needs 3 healthy pods and has 3, so it allows 0 disruptions: \
             evicting this pod would break it. kubectl drain retries every 5s; to let it \
             through, lower minAvailable (or set maxUnavailable: 1) or add replicas."
        );
        assert!(
            refused
                .summary
                .zh
                .starts_with("预算 web 需要 3 个健康的 Pod，现在有 3 个，所以允许 0 次中断"),
            "{}",
            refused.summary.zh
        );
        assert_eq!(
            refused.events,
            [
                "Cannot evict pod as it would violate the pod's disruption budget.",
                "The disruption budget web needs 3 healthy pods and has 3 currently",
            ]
        );
        let (_, under) = simulated("drain-under-budget.yaml");
        let step = under.drains()[0].frame;
        let Explanation::Pod { pod } = explain(
            &under,
            step,
            &under.state_at(step),
            &Selection::Pod("default/web-5d4c8f7b9-bbbbb".to_owned()),
            &Profiles::default(),
        ) else {
            panic!("a pod explanation");
        };
        assert!(pod
            .eviction_refused
            .expect("refused after its neighbour's eviction spent the disruption")
            .summary
            .en
            .starts_with(
                "The budget web needs 2 healthy pods and has 3, counting 1 already being \
                     evicted, so it allows 0 more disruptions: evicting this pod too would \
                     break it."
            ));
        let before = explain(
            &timeline,
            index - 1,
            &timeline.state_at(index - 1),
            &Selection::Pod(key.to_owned()),
            &Profiles::default(),
        );
        assert!(
            matches!(before, Explanation::Pod { pod } if pod.eviction_refused.is_none()),
            "nothing was refused before the drain"
        );
    }

    #[test]
    fn a_drain_edit_is_written_as_a_drain_step_with_its_flags_at_the_frames_time() {
        use crate::engine::api::scenario::Action;
        let drain = |flags: &str| TextEdit::Drain {
            node: "worker-1".to_owned(),
            flags: flags.to_owned(),
        };
        let text = edited(
            "",
            20_000,
            None,
            drain(" --ignore-daemonsets --force  --grace-period=30 --timeout=2m "),
        )
        .expect("edited");
        let loaded = crate::engine::yaml::load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = loaded.objects.scenario.expect("a scenario").spec.steps;
        assert_eq!(steps[0].at.map(|d| d.millis), Some(20_000));
        let Action::Drain(spec) = &steps[0].action else {
            panic!("a drain step: {text}");
        };
        assert_eq!(
            crate::engine::sim::drain::command_line(spec),
            "kubectl drain worker-1 --force --ignore-daemonsets --grace-period=30 --timeout=2m0s"
        );
        let unset = edited(
            "",
            0,
            None,
            drain("--force --ignore-daemonsets=true --grace-period=-1"),
        )
        .expect("edited");
        assert!(
            unset.ends_with("    drain:\n      node: worker-1\n      ignoreDaemonSets: true\n      force: true\n"),
            "{unset}"
        );
        let refused = [
            (
                "--timeout=soon",
                "invalid argument \"soon\" for \"--timeout\" flag",
            ),
            (
                "--grace-period=x",
                "invalid argument \"x\" for \"--grace-period\" flag",
            ),
            (
                "--force=yes",
                "invalid argument \"yes\" for \"--force\" flag",
            ),
            ("--dry-run", "unknown flag: --dry-run"),
        ];
        for (flags, message) in refused {
            assert_eq!(
                edited("", 0, None, drain(flags)),
                Err(message.to_owned()),
                "{flags}"
            );
        }
    }

    #[test]
    fn uncordoning_a_node_a_drain_cordoned_writes_an_uncordon_step() {
        use crate::engine::api::scenario::Action;
        let (text, timeline) = simulated("drain-blocked-by-budget.yaml");
        let last = timeline.final_state();
        assert!(last.nodes["worker-1"].node.spec.unschedulable);
        let uncordon = TextEdit::SetUnschedulable {
            node: "worker-1".to_owned(),
            unschedulable: false,
        };
        let text = edited(&text, 75_000, Some(last), uncordon).expect("edited");
        let steps = crate::engine::yaml::load(&text)
            .objects
            .scenario
            .expect("a scenario")
            .spec
            .steps;
        let step = steps.last().expect("a step");
        assert_eq!(step.action, Action::Uncordon("worker-1".to_owned()));
        assert_eq!(step.at.map(|d| d.millis), Some(75_000));
    }
    #[test]
    fn deleting_a_pod_writes_a_delete_pod_step_and_its_controller_replaces_it() {
        let (text, timeline) = simulated("tutorial-rolling-update.yaml");
        let first = timeline.final_state();
        let (key, pod) = first
            .pods
            .iter()
            .find(|(_, p)| p.node_name() == "worker-1")
            .expect("a pod on worker-1");
        let end = timeline.frames().last().expect("a frame").time;
        let delete = |pod: &str| TextEdit::DeletePod {
            pod: pod.to_owned(),
        };
        let text = edited(&text, end + 1_000, Some(first), delete(key)).expect("edited");
        let mut objects = crate::engine::yaml::load(&text).objects;
        cluster::fill_in_default_cluster(&mut objects);
        let after = crate::engine::sim::Simulation::run(&objects, None);
        let last = after.final_state();
        assert!(!last.pods.contains_key(key), "{key} is deleted");
        assert!(
            last.pods
                .values()
                .any(|p| p.owner == pod.owner && p.node_name() == "worker-1"),
            "its DaemonSet replaces it"
        );
        assert_eq!(
            edited(&text, end, Some(first), delete("default/nope")),
            Err("Error from server (NotFound): pods \"nope\" not found".to_owned())
        );
    }
}

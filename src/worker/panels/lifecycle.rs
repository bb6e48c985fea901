//! What is happening to a pod at a frame, in plain words first and the upstream term second:
//! the kubelet's work on a bound pod (pulling the image, a pull back-off, a crash loop,
//! waiting for Ready), a termination with the time its grace period has left, and who
//! deleted a pod that no Deployment scaled down (the DaemonSet controller, the taint
//! eviction controller, the scheduler's preemption, the eviction API, a step).

use crate::engine::api::taint_text::format_taint;
use crate::engine::api::TaintEffect;
use crate::engine::controllers::daemonset::eligibility::node_should_run_daemon_pod;
use crate::engine::controllers::daemonset::update::{
    is_pod_current, surge_count, unavailable_count,
};
use crate::engine::scheduler::corev1::tolerations_tolerate_taint;
use crate::engine::sim::timeline::{FrameKind, Timeline};
use crate::engine::store::events::Event;
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::state::{ClusterState, PodPhase, PodState};
use crate::engine::time::format_go_duration;
use crate::protocol::view::{DeletionView, Sentence};

/// What is happening to `pod` at frame `index`, when something is: it is terminating, the
/// kubelet is still starting it (or backing off), it waits for Ready, or (a daemon pod) it
/// waits for the scheduler. `None` for a pod Running and Ready, and for a pending pod that
/// is not a daemon pod (the scheduler's explanation covers it).
pub fn now(timeline: &Timeline, index: usize, pod: &PodState) -> Option<Sentence> {
    let key = pod.key();
    let time = frame_time(timeline, index);
    let node = pod.node_name();
    let image = pod
        .pod
        .spec
        .containers
        .first()
        .map_or("", |c| c.image.as_str());
    // The next frame after `index` that changes this pod: when the kubelet acts next.
    let next_change = || {
        timeline.frames()[index.saturating_add(1).min(timeline.len())..]
            .iter()
            .find(|f| {
                f.changes.iter().any(|c| match c {
                    Change::Pod(k, _) => *k == key,
                    _ => false,
                })
            })
            .map(|f| f.time)
    };
    if let Some(since) = pod.deletion {
        let grace = |gone_at: u64| format_go_duration(gone_at.saturating_sub(since));
        return Some(match pod.deletion_ends() {
            Some(gone_at) if !node.is_empty() => Sentence {
                en: format!(
                    "Terminating: the kubelet on {node} is stopping its containers; the pod is \
                     removed when its grace period of {} ends ({} left).",
                    grace(gone_at),
                    format_go_duration(gone_at.saturating_sub(time))
                ),
                zh: format!(
                    "正在终止（Terminating）：{node} 上的 kubelet 正在停止它的容器；\
                     {} 的宽限期结束时 Pod 被移除（还剩 {}）。",
                    grace(gone_at),
                    format_go_duration(gone_at.saturating_sub(time))
                ),
            },
            _ => Sentence {
                en: format!(
                    "Terminating since {}: the pod is removed when its grace period ends.",
                    format_go_duration(since)
                ),
                zh: format!(
                    "自 {} 起正在终止（Terminating）：宽限期结束时 Pod 被移除。",
                    format_go_duration(since)
                ),
            },
        });
    }
    if node.is_empty() {
        let target = pod.daemon_set().and(pod.target_node())?;
        return Some(Sentence {
            en: format!(
                "Pending: the DaemonSet controller created it for node {target}; it waits for \
                 the scheduler to bind it there."
            ),
            zh: format!(
                "Pending：DaemonSet 控制器为节点 {target} 创建了它；它在等待调度器把它绑定到该节点。"
            ),
        });
    }
    let next = || {
        next_change().map_or_else(
            || Sentence {
                en: "the run ends before that".to_string(),
                zh: "在此之前模拟就结束了".to_string(),
            },
            |at| Sentence {
                en: format!(
                    "at {}, {} from now",
                    format_go_duration(at),
                    format_go_duration(at.saturating_sub(time))
                ),
                zh: format!(
                    "在 {}，即 {} 之后",
                    format_go_duration(at),
                    format_go_duration(at.saturating_sub(time))
                ),
            },
        )
    };
    match pod.waiting_reason {
        Some(reason @ ("ErrImagePull" | "ImagePullBackOff")) => {
            let failure = last_event(timeline, index, pod, "Failed", |e| {
                e.message.starts_with("Failed to pull image")
            })
            .map(|e| e.message.clone())
            .unwrap_or_default();
            let when = next();
            Some(Sentence {
                en: format!(
                    "Not started: the kubelet on {node} cannot pull the image {image}. \
                     {failure} It tries again after a back-off that doubles each time \
                     (next try {}). kubectl shows {reason}.",
                    when.en
                ),
                zh: format!(
                    "未启动：{node} 上的 kubelet 拉取不到镜像 {image}。{failure} \
                     它在每次翻倍的退避时间后重试（下次重试{}）。kubectl 显示 {reason}。",
                    when.zh
                ),
            })
        }
        Some("CrashLoopBackOff") => {
            let when = next();
            Some(Sentence {
                en: format!(
                    "Not running: its container on {node} exits right after it starts. The \
                     kubelet restarts it after a back-off that doubles each time ({} restarts \
                     so far; next start {}). kubectl shows CrashLoopBackOff.",
                    pod.restarts, when.en
                ),
                zh: format!(
                    "未运行：它在 {node} 上的容器一启动就退出。kubelet 在每次翻倍的退避时间后\
                     重启它（已重启 {} 次；下次启动{}）。kubectl 显示 CrashLoopBackOff。",
                    pod.restarts, when.zh
                ),
            })
        }
        Some(reason) => {
            let when = next();
            Some(Sentence {
                en: format!(
                    "Starting: the kubelet on {node} is pulling the image {image} and creating \
                     the container (next step {}). kubectl shows {reason}.",
                    when.en
                ),
                zh: format!(
                    "正在启动：{node} 上的 kubelet 正在拉取镜像 {image} 并创建容器（下一步{}）。\
                     kubectl 显示 {reason}。",
                    when.zh
                ),
            })
        }
        None if pod.phase == PodPhase::Running && !pod.ready => {
            let when = next();
            Some(Sentence {
                en: format!(
                    "Running on {node}, not Ready yet: the kubelet marks it Ready when its \
                     container is ready ({}).",
                    when.en
                ),
                zh: format!(
                    "正在 {node} 上运行，尚未就绪：容器就绪时 kubelet 把它标记为 Ready（{}）。",
                    when.zh
                ),
            })
        }
        None => None,
    }
}

/// Who deleted `pod` (up to frame `index`) and why, for a pod no Deployment scaled down: the
/// DaemonSet controller (a rolling update, or a node that no longer runs the pod), the taint
/// eviction controller (an untolerated NoExecute taint), the scheduler's preemption, the
/// eviction API (a drain), a `deletePod` step; with the events behind it.
pub fn deleted_by(
    timeline: &Timeline,
    index: usize,
    cluster: &ClusterState,
    pod: &PodState,
) -> Option<DeletionView> {
    let key = pod.key();
    let frames = timeline.frames_through(index);
    // The frame that set the pod's deletion timestamp (of this incarnation of the pod).
    let mut at = None;
    for (i, frame) in frames.iter().enumerate() {
        for change in &frame.changes {
            let deleting = match change {
                Change::Pod(k, next) if *k == key => next.as_ref().map(|p| p.deletion.is_some()),
                _ => continue,
            };
            at = match deleting {
                Some(true) => at.or(Some(i)),
                Some(false) | None => None,
            };
        }
    }
    let at = at?;
    let frame = &frames[at];
    let events: Vec<&Event> = timeline.events()[frame.events.clone()]
        .iter()
        .filter(|e| is_about(e, pod) || e.message.contains(pod.name()))
        .collect();
    let reason = |reason: &str| events.iter().find(|e| e.reason == reason);
    let node = pod.node_name();
    let evicted = frame
        .actions
        .iter()
        .any(|a| matches!(a, Action::Eviction { pod, code, .. } if *pod == key && *code == 201));
    let summary = if evicted {
        Sentence {
            en: format!(
                "Evicted through the eviction API ({}): no PodDisruptionBudget stopped it, \
                 so it was deleted with its grace period.",
                frame.title
            ),
            zh: format!(
                "通过驱逐 API 被驱逐（{}）：没有 PodDisruptionBudget 阻止，\
                 所以它按宽限期被删除。",
                frame.title
            ),
        }
    } else if reason("TaintManagerEviction").is_some() {
        taint_eviction(cluster, pod)
    } else if let Some(preempted) = reason("Preempted") {
        Sentence {
            en: format!(
                "The scheduler preempted it to make room on {node} for a pod of higher \
                 priority ({}).",
                preempted.message
            ),
            zh: format!(
                "调度器抢占了它，为更高优先级的 Pod 在 {node} 上腾出空间（{}）。",
                preempted.message
            ),
        }
    } else if frame.kind == FrameKind::Step {
        Sentence {
            en: format!(
                "Deleted by a step of the scenario ({}), as `kubectl delete pod` would.",
                frame.title
            ),
            zh: format!(
                "被场景中的一步删除（{}），与 `kubectl delete pod` 相同。",
                frame.title
            ),
        }
    } else if let Some(ds) = pod.daemon_set().and_then(|d| cluster.daemon_sets.get(d)) {
        daemon_set_deletion(cluster, ds, pod)
    } else {
        Sentence {
            en: format!(
                "Deleted at {}: {}.",
                format_go_duration(frame.time),
                frame.title
            ),
            zh: format!(
                "于 {} 被删除：{}。",
                format_go_duration(frame.time),
                frame.title
            ),
        }
    };
    Some(DeletionView {
        summary,
        events: events.iter().map(|e| e.message.clone()).collect(),
    })
}

/// Why the DaemonSet controller deleted its pod `pod`: its node no longer runs the
/// DaemonSet's pods, or the pod is of an old revision and a rolling update replaced it.
fn daemon_set_deletion(
    cluster: &ClusterState,
    ds: &crate::engine::store::state::DaemonSetState,
    pod: &PodState,
) -> Sentence {
    let name = &ds.ds.metadata.name;
    let node = pod.node_name();
    if is_pod_current(pod, ds) {
        let gone = !cluster.nodes.contains_key(node);
        return Sentence {
            en: if gone {
                format!("DaemonSet {name} deleted it: its node {node} is gone.")
            } else {
                format!(
                    "DaemonSet {name} deleted it: node {node} no longer runs this DaemonSet's \
                     pods (the node's labels, taints or the DaemonSet's selector changed; see \
                     the node's explanation)."
                )
            },
            zh: if gone {
                format!("DaemonSet {name} 删除了它：它所在的节点 {node} 已不存在。")
            } else {
                format!(
                    "DaemonSet {name} 删除了它：节点 {node} 不再运行此 DaemonSet 的 Pod\
                     （节点的标签、污点或 DaemonSet 的选择器变了；见该节点的解释）。"
                )
            },
        };
    }
    let desired = ds.ds.status.desired_number_scheduled;
    let surge = surge_count(&ds.ds, desired).unwrap_or(0);
    let unavailable = unavailable_count(&ds.ds, desired).unwrap_or(0).max(1);
    if surge > 0 {
        Sentence {
            en: format!(
                "DaemonSet {name} is rolling out a new revision with maxSurge {surge}: once the \
                 new pod on {node} was available, it deleted this pod of the old revision."
            ),
            zh: format!(
                "DaemonSet {name} 正以 maxSurge {surge} 滚动更新到新版本：{node} 上的新 Pod \
                 可用后，它删除了这个旧版本的 Pod。"
            ),
        }
    } else if !cluster
        .nodes
        .get(node)
        .is_some_and(|n| node_should_run_daemon_pod(&n.node, &ds.ds).should_run)
    {
        // The new revision does not run on this node (shouldRun=false): nothing replaces it.
        Sentence {
            en: format!(
                "DaemonSet {name} is rolling out a new revision: it deletes old pods first, at \
                 most maxUnavailable ({unavailable}) unavailable at a time. It creates no new \
                 pod on {node}: the new revision should not run there (see the node's \
                 explanation)."
            ),
            zh: format!(
                "DaemonSet {name} 正在滚动更新到新版本：它先删除旧 Pod，同一时间最多 \
                 maxUnavailable（{unavailable}）个不可用。它不会在 {node} 上创建新 Pod：\
                 新版本不应在该节点上运行（见该节点的解释）。"
            ),
        }
    } else {
        Sentence {
            en: format!(
                "DaemonSet {name} is rolling out a new revision: it deletes old pods first, at \
                 most maxUnavailable ({unavailable}) unavailable at a time, and creates the new \
                 pod on {node} once this one is gone."
            ),
            zh: format!(
                "DaemonSet {name} 正在滚动更新到新版本：它先删除旧 Pod，同一时间最多 \
                 maxUnavailable（{unavailable}）个不可用，这个 Pod 消失后再在 {node} 上创建新 Pod。"
            ),
        }
    }
}

/// Why the taint eviction controller deleted `pod`: the NoExecute taint of its node that it
/// does not tolerate (or tolerates only for `tolerationSeconds`).
fn taint_eviction(cluster: &ClusterState, pod: &PodState) -> Sentence {
    let node = pod.node_name();
    let taints: Vec<_> = cluster
        .nodes
        .get(node)
        .map(|n| n.node.spec.taints.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.effect == TaintEffect::NoExecute)
        .collect();
    let tolerations = &pod.pod.spec.tolerations;
    match taints
        .iter()
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
    {
        Some(taint) => {
            let taint = format_taint(taint);
            Sentence {
                en: format!(
                    "Node {node} has the taint {taint}, which this pod does not tolerate, so \
                     the taint eviction controller deleted it (NoExecute)."
                ),
                zh: format!(
                    "节点 {node} 有污点 {taint}，这个 Pod 不容忍它，所以污点驱逐控制器删除了它\
                     （NoExecute）。"
                ),
            }
        }
        None => {
            let taints: Vec<String> = taints.iter().map(format_taint).collect();
            let taints = taints.join(", ");
            Sentence {
                en: format!(
                    "Node {node} has the taint {taints}; this pod tolerates it only for its \
                     tolerationSeconds, which ran out, so the taint eviction controller deleted \
                     it (NoExecute)."
                ),
                zh: format!(
                    "节点 {node} 有污点 {taints}；这个 Pod 只在 tolerationSeconds 内容忍它，\
                     时间已到，所以污点驱逐控制器删除了它（NoExecute）。"
                ),
            }
        }
    }
}

/// Whether `event` is recorded on `pod`.
fn is_about(event: &Event, pod: &PodState) -> bool {
    event.object.kind == "Pod"
        && event.object.name() == pod.name()
        && event.object.namespace() == pod.pod.metadata.namespace
}

/// The latest event with `reason` recorded on `pod` up to frame `index` that `matches`.
fn last_event<'t>(
    timeline: &'t Timeline,
    index: usize,
    pod: &PodState,
    reason: &str,
    matches: impl Fn(&Event) -> bool,
) -> Option<&'t Event> {
    timeline
        .events_until(index)
        .iter()
        .rev()
        .find(|e| e.reason == reason && is_about(e, pod) && matches(e))
}

/// The virtual time of frame `index`.
fn frame_time(timeline: &Timeline, index: usize) -> u64 {
    timeline
        .frame(index.min(timeline.len().saturating_sub(1)))
        .map_or(0, |f| f.time)
}

#[cfg(test)]
mod tests {
    use super::super::explain;
    use crate::engine::scheduler::profile::Profiles;
    use crate::engine::sim::timeline::Timeline;
    use crate::engine::store::state::{ClusterState, PodState};
    use crate::protocol::{Explanation, Selection};

    /// The run of a lesson of `scenarios/lessons/`.
    fn lesson(file: &str) -> Timeline {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios/lessons")
                .join(file),
        )
        .expect("the lesson");
        let objects = crate::engine::yaml::load(&text).objects;
        crate::engine::sim::Simulation::run(&objects, None)
    }

    /// The first frame with a pod for which `wanted` holds, and that pod's key.
    fn first(timeline: &Timeline, wanted: impl Fn(&PodState) -> bool) -> (usize, String) {
        (0..timeline.len())
            .find_map(|i| {
                let state = timeline.state_at(i);
                let pod = state.pods.values().find(|p| wanted(p))?;
                Some((i, pod.key().to_owned()))
            })
            .expect("a frame with such a pod")
    }

    fn explained(timeline: &Timeline, index: usize, selection: Selection) -> Explanation {
        let cluster: ClusterState = timeline.state_at(index);
        explain(timeline, index, &cluster, &selection, &Profiles::default())
    }

    #[test]
    fn a_daemon_pod_that_cannot_pull_its_image_says_the_kubelet_backs_off_and_when_it_tries_next() {
        let timeline = lesson("08-bad-image-rollback.yaml");
        let (index, key) = first(&timeline, |p| p.waiting_reason == Some("ImagePullBackOff"));
        let Explanation::DaemonPod { now, deletion, .. } =
            explained(&timeline, index, Selection::Pod(key))
        else {
            panic!("a daemon pod's explanation");
        };
        let now = now.expect("what the kubelet is doing");
        assert!(
            now.en.starts_with("Not started: the kubelet on ")
                && now.en.contains(
                    "cannot pull the image quay.io/fluentd_elasticsearch/fluentd:v9.9.9-typo. \
                     Failed to pull image"
                )
                && now.en.contains("(next try at ")
                && now.en.ends_with("kubectl shows ImagePullBackOff."),
            "{}",
            now.en
        );
        assert!(now.zh.contains("拉取不到镜像"), "{}", now.zh);
        assert_eq!(deletion, None);
    }

    #[test]
    fn an_old_daemon_pod_deleted_by_a_rolling_update_says_so_with_its_grace_period_left() {
        let timeline = lesson("06-rolling-update.yaml");
        let (index, key) = first(&timeline, |p| p.deletion.is_some());
        let Explanation::DaemonPod { now, deletion, .. } =
            explained(&timeline, index, Selection::Pod(key.clone()))
        else {
            panic!("a daemon pod's explanation");
        };
        let now = now.expect("terminating");
        assert!(
            now.en.starts_with("Terminating: the kubelet on ")
                && now.en.ends_with("grace period of 30s ends (30s left)."),
            "{}",
            now.en
        );
        let deletion = deletion.expect("who deleted it");
        assert!(
            deletion.summary.en.starts_with(
                "DaemonSet fluentd-elasticsearch is rolling out a new revision: it deletes old \
                 pods first, at most maxUnavailable (1) unavailable at a time"
            ),
            "{}",
            deletion.summary.en
        );
        let name = key.trim_start_matches("kube-system/");
        assert!(
            deletion.events.contains(&format!("Deleted pod: {name}")),
            "{:?}",
            deletion.events
        );
    }

    /// Lesson 2's Try next: the DaemonSet applied again without its tolerations. The
    /// rolling update deletes the control-plane pod of the old revision, and no new pod comes
    /// there (shouldRun=false): Why? must not promise one.
    #[test]
    fn an_old_daemon_pod_on_a_node_the_new_revision_skips_is_not_promised_a_successor() {
        use crate::engine::api::scenario::{Action, Duration, ScenarioObject, Step};
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios/lessons/02-control-plane-tolerations.yaml"),
        )
        .expect("the lesson");
        let mut objects = crate::engine::yaml::load(&text).objects;
        let mut ds = objects.daemon_sets[0].clone();
        ds.spec.template.spec.tolerations.clear();
        let scenario = objects.scenario.as_mut().expect("the lesson's scenario");
        scenario.spec.steps.push(Step {
            at: Some(Duration { millis: 10_000 }),
            after: None,
            action: Action::Apply(ScenarioObject::DaemonSet(ds)),
        });
        let timeline = crate::engine::sim::Simulation::run(&objects, None);
        let (index, key) = first(&timeline, |p| {
            p.deletion.is_some() && p.node_name() == "control-plane"
        });
        let Explanation::DaemonPod { deletion, .. } =
            explained(&timeline, index, Selection::Pod(key))
        else {
            panic!("a daemon pod's explanation");
        };
        let summary = deletion.expect("who deleted it").summary;
        assert!(
            summary.en.ends_with(
                "It creates no new pod on control-plane: the new revision should not run there \
                 (see the node's explanation)."
            ),
            "{}",
            summary.en
        );
        assert!(
            summary.zh.contains("不会在 control-plane 上创建新 Pod"),
            "{}",
            summary.zh
        );
    }

    #[test]
    fn a_pod_evicted_by_a_no_execute_taint_names_the_taint_it_does_not_tolerate() {
        let timeline = lesson("09-noexecute-eviction.yaml");
        let (index, key) = first(&timeline, |p| {
            p.deletion.is_some() && p.daemon_set().is_none()
        });
        let Explanation::Pod { pod } = explained(&timeline, index, Selection::Pod(key)) else {
            panic!("a pod's explanation");
        };
        let deletion = pod.deletion.expect("who deleted it");
        assert_eq!(
            deletion.summary.en,
            "Node worker-2 has the taint maintenance=true:NoExecute, which this pod does not \
             tolerate, so the taint eviction controller deleted it (NoExecute)."
        );
        assert!(
            deletion
                .events
                .iter()
                .any(|e| e.starts_with("Marking for deletion Pod default/")),
            "{:?}",
            deletion.events
        );
        assert!(pod.now.is_some_and(|n| n.en.starts_with("Terminating: ")));
    }

    #[test]
    fn a_node_without_a_daemon_pod_is_worded_for_having_none() {
        let timeline = lesson("../default.yaml");
        let Explanation::Node { daemon_sets } = explained(
            &timeline,
            timeline.len() - 1,
            Selection::Node("control-plane".into()),
        ) else {
            panic!("a node's explanation");
        };
        let summary = &daemon_sets[0].summary.en;
        assert!(
            summary.starts_with("No daemon pod runs on this node")
                || summary.starts_with("This node does not run the daemon pod, and none"),
            "{summary}"
        );
        assert!(
            !summary.contains("an existing one keeps running"),
            "{summary}"
        );
    }
}

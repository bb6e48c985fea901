//! Why? for a StatefulSet's pod, as its controller sees it (`stateful_set_control.go`,
//! Kubernetes v1.35): a pod not created yet because the set waits for the pod before it
//! (`OrderedReady`), a pod the set waits for, and a pod kept at the old revision by the
//! partition, by `OnDelete`, or until its turn in the rolling update. Plain words first,
//! upstream's terms second, in English and Chinese.

use crate::engine::api::UpdateStrategyType;
use crate::engine::controllers::statefulset::control::Waiting;
use crate::engine::controllers::statefulset::sync::waiting_for;
use crate::engine::controllers::statefulset::utils::ordinal_of;
use crate::engine::store::state::{key_parts, pod_status_text, ClusterState, PodState, HASH_LABEL};
use crate::protocol::view::Sentence;
use crate::worker::views::{missing_member, predecessor_waited_for, waiting_words};

/// How the pod `name` is now, for a sentence: `is ContainerCreating, not Ready`, `is
/// Running and Ready`, `is being deleted`; `does not exist` when it is not in `cluster`.
fn state_of(cluster: &ClusterState, namespace: &str, name: &str) -> (String, String) {
    let key = format!("{namespace}/{name}");
    match cluster.pods.get(&key) {
        None => ("does not exist yet".into(), "还不存在".into()),
        Some(pod) if pod.deletion.is_some() => ("is being deleted".into(), "正在被删除".into()),
        Some(pod) => {
            let status = pod_status_text(pod);
            if pod.ready {
                (
                    format!("is {status} and Ready"),
                    format!("是 {status} 且已就绪（Ready）"),
                )
            } else {
                (
                    format!("is {status}, not Ready"),
                    format!("是 {status}，未就绪（not Ready）"),
                )
            }
        }
    }
}

/// What the set waits for, in plain words: `once web-1 is Running and Ready`.
fn condition(waiting: &Waiting, min_ready_seconds: i32) -> (String, String) {
    let pod = &waiting.pod;
    match waiting.reason {
        "Terminate" => (
            format!("once {pod} is gone (it is being deleted)"),
            format!("等 {pod} 删除完毕之后"),
        ),
        "Available" => (
            format!("once {pod} has been Ready for minReadySeconds ({min_ready_seconds}s)"),
            format!("等 {pod} 就绪满 minReadySeconds（{min_ready_seconds} 秒）之后"),
        ),
        _ => (
            format!("once {pod} is Running and Ready"),
            format!("等 {pod} 处于 Running 且就绪（Ready）之后"),
        ),
    }
}

/// Upstream's log line for what the set waits for, as the sentences quote it.
fn log_line(waiting: &Waiting) -> String {
    format!(
        "StatefulSet is waiting for Pod {} {}",
        waiting.pod,
        waiting_words(waiting)
    )
}

/// Why the pod `key` (`namespace/name`) does not exist yet, when it is one of a
/// StatefulSet's replicas: it waits for its predecessor (which one, and how it is), or it
/// is created at the set's next sync.
pub fn not_created(cluster: &ClusterState, key: &str) -> Option<Sentence> {
    let (set, _) = missing_member(cluster, key)?;
    let api = &set.stateful_set;
    let (namespace, set_name) = (&api.metadata.namespace, &api.metadata.name);
    let name = key_parts(key).1;
    let Some(waiting) = predecessor_waited_for(cluster, key) else {
        return Some(Sentence {
            en: format!(
                "{name} does not exist yet: StatefulSet {set_name} creates it at its next sync."
            ),
            zh: format!("{name} 还不存在：StatefulSet {set_name} 会在下一次同步时创建它。"),
        });
    };
    let (when_en, when_zh) = condition(&waiting, api.spec.min_ready_seconds);
    let (state_en, state_zh) = state_of(cluster, namespace, &waiting.pod);
    let before = &waiting.pod;
    let line = log_line(&waiting);
    Some(Sentence {
        en: format!(
            "{name} does not exist yet: it waits for its predecessor. StatefulSet {set_name} \
             starts its pods one at a time, in ordinal order, and creates {name} only {when_en}. \
             {before} {state_en}. (Upstream: podManagementPolicy OrderedReady; the controller \
             logs \"{line}\". With podManagementPolicy Parallel every pod is created at once.)"
        ),
        zh: format!(
            "{name} 还不存在：它在等前一个 Pod。StatefulSet {set_name} 按序号逐个启动 Pod，\
             {when_zh}才会创建 {name}。{before} 目前{state_zh}。（上游：podManagementPolicy \
             OrderedReady；控制器日志为 \"{line}\"。若 podManagementPolicy 为 Parallel，所有 Pod \
             会同时创建。）"
        ),
    })
}

/// What a StatefulSet's controller says about its pod `pod`: that the set waits for it
/// (and, when it is failing, that only deleting it gets the set going again), or why it
/// is not at the update revision (the partition, `OnDelete`, or its turn in the rolling
/// update). Empty for a pod of no StatefulSet.
pub fn member_notes(cluster: &ClusterState, pod: &PodState) -> Vec<Sentence> {
    let Some(set) = pod
        .stateful_set()
        .and_then(|k| cluster.stateful_sets.get(k))
    else {
        return Vec::new();
    };
    let api = &set.stateful_set;
    let set_name = &api.metadata.name;
    let name = pod.name();
    let revision = pod.label(HASH_LABEL).unwrap_or_default();
    let update = &api.status.update_revision;
    let waiting = waiting_for(cluster, &set.key());
    let mut notes = Vec::new();
    let waits_for_this = waiting.as_ref().is_some_and(|w| w.pod == name);
    if let Some(w) = waiting.as_ref().filter(|_| waits_for_this) {
        let (when_en, when_zh) = condition(w, api.spec.min_ready_seconds);
        let line = log_line(w);
        notes.push(Sentence {
            en: format!(
                "StatefulSet {set_name} waits for this pod: it creates, updates or deletes no \
                 other pod until {}. (Upstream: podManagementPolicy OrderedReady; \"{line}\".)",
                when_en.trim_start_matches("once ")
            ),
            zh: format!(
                "StatefulSet {set_name} 正在等这个 Pod：{when_zh}，它才会创建、更新或删除其他 Pod。\
                 （上游：podManagementPolicy OrderedReady；\"{line}\"。）"
            ),
        });
        if pod.is_failing() {
            notes.push(Sentence {
                en: format!(
                    "{name} is failing ({}) and will never be Ready, so the rollout is stuck \
                     here. Rolling the template back is not enough: the controller waits for \
                     this pod before it would replace it. Delete the pod: the set recreates it \
                     from its update revision. (Upstream: the \"forced rollback\" of the \
                     StatefulSet docs; processReplica returns while a pod is not Running and \
                     Ready, and only a Failed or Succeeded pod is deleted and recreated by the \
                     controller itself.)",
                    pod_status_text(pod)
                ),
                zh: format!(
                    "{name} 失败了（{}），永远不会就绪，所以发布卡在这里。只回滚模板是不够的：\
                     控制器要先等这个 Pod 就绪，才会替换它。删除这个 Pod，StatefulSet 会用更新\
                     修订版本重新创建它。（上游：StatefulSet 文档中的“强制回滚”（forced \
                     rollback）；只要 Pod 不是 Running 且 Ready，processReplica 就会返回，控制器\
                     只会自己删除并重建 Failed 或 Succeeded 的 Pod。）",
                    pod_status_text(pod)
                ),
            });
        }
    }
    if revision == update.as_str() || pod.deletion.is_some() {
        return notes;
    }
    let strategy = &api.spec.update_strategy;
    let ordinal = ordinal_of(name);
    let partition = strategy
        .rolling_update
        .as_ref()
        .map_or(0, |ru| ru.partition);
    let first_updated = api.spec.start_ordinal() + partition;
    // Why it is not at the update revision (when the set waits for it, said above).
    let why_old = if strategy.type_ == UpdateStrategyType::OnDelete {
        Some(Sentence {
            en: format!(
                "{name} keeps its revision {revision}, not the update revision {update}: with \
                 updateStrategy OnDelete the controller replaces a pod only after you delete it."
            ),
            zh: format!(
                "{name} 保持修订版本 {revision}，而不是更新修订版本 {update}：updateStrategy 为 \
                 OnDelete 时，只有你删除 Pod 后控制器才会用新版本替换它。"
            ),
        })
    } else if ordinal < first_updated {
        Some(Sentence {
            en: format!(
                "{name} is kept on the old revision {revision} by the partition: the partition \
                 is {partition}, so the rolling update only replaces pods with an ordinal of \
                 {first_updated} or more (a canary). Lower the partition to update {name}. \
                 (Upstream: spec.updateStrategy.rollingUpdate.partition; a pod below it is \
                 recreated at currentRevision even when it is deleted.)"
            ),
            zh: format!(
                "{name} 被分区（partition）保留在旧修订版本 {revision}：partition 为 {partition}，\
                 滚动更新只替换序号不小于 {first_updated} 的 Pod（金丝雀）。调低 partition 才会更新 \
                 {name}。（上游：spec.updateStrategy.rollingUpdate.partition；低于它的 Pod 即使被删除，\
                 也按 currentRevision 重建。）"
            ),
        })
    } else if waits_for_this {
        None
    } else {
        let (wait_en, wait_zh) = match &waiting {
            Some(w) => {
                let (when_en, when_zh) = condition(w, api.spec.min_ready_seconds);
                (
                    format!(" It goes on {when_en}."),
                    format!("要{when_zh}才会继续。"),
                )
            }
            _ => (String::new(), String::new()),
        };
        Some(Sentence {
            en: format!(
                "{name} is still at the old revision {revision}: the rolling update replaces \
                 pods one at a time from the highest ordinal down, each once the pods are \
                 Running and Ready.{wait_en} (Upstream: updateRevision {update}.)"
            ),
            zh: format!(
                "{name} 仍是旧修订版本 {revision}：滚动更新从最大序号开始逐个替换 Pod，\
                 每次都等 Pod 处于 Running 且就绪。{wait_zh}（上游：updateRevision {update}。）"
            ),
        })
    };
    notes.extend(why_old);
    notes
}

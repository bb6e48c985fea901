//! Built-in lessons that follow the DaemonSet tutorial: each is a scenario file with a short
//! explanation and a "what to try next", in English and Chinese.

use super::i18n::Lang;

/// One lesson.
#[derive(Debug, PartialEq)]
pub struct Lesson {
    /// Stable identifier (used in links and embeds: `?lesson=rolling-update`).
    pub id: &'static str,
    /// The scenario YAML.
    pub yaml: &'static str,
    /// Title (English, Chinese).
    pub title: (&'static str, &'static str),
    /// What the lesson shows (English, Chinese).
    pub text: (&'static str, &'static str),
    /// What to try next (English, Chinese).
    pub try_next: (&'static str, &'static str),
}

impl Lesson {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        pick(lang, self.title)
    }

    /// The explanation in `lang`.
    pub fn text(&self, lang: Lang) -> &'static str {
        pick(lang, self.text)
    }

    /// The suggestion in `lang`.
    pub fn try_next(&self, lang: Lang) -> &'static str {
        pick(lang, self.try_next)
    }
}

fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::En => pair.0,
        Lang::Zh => pair.1,
    }
}

/// Every lesson, in teaching order; the first is the default scenario.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "default",
        yaml: crate::engine::sim::cluster::DEFAULT_SCENARIO,
        title: ("1. A DaemonSet: one pod per node", "1. DaemonSet：每个节点一个 Pod"),
        text: (
            "The tutorial's fluentd-elasticsearch DaemonSet on one control-plane node and three workers. The controller creates one pod per eligible node; the control-plane node is skipped because of its node-role.kubernetes.io/control-plane:NoSchedule taint.",
            "教程中的 fluentd-elasticsearch DaemonSet，运行在一个控制平面节点和三个工作节点上。控制器为每个符合条件的节点创建一个 Pod；控制平面节点因为带有 node-role.kubernetes.io/control-plane:NoSchedule 污点而被跳过。",
        ),
        try_next: (
            "Click the control-plane node to see why it has no pod, then add a node with “+ Add node”.",
            "点击 control-plane 节点查看它为什么没有 Pod，然后用“+ 添加节点”加一个节点。",
        ),
    },
    Lesson {
        id: "control-plane-tolerations",
        yaml: include_str!("../../scenarios/lessons/02-control-plane-tolerations.yaml"),
        title: ("2. Tolerating the control-plane taint", "2. 容忍控制平面污点"),
        text: (
            "With the tutorial's two tolerations (control-plane and the legacy master key) the DaemonSet also runs on the control-plane node.",
            "加上教程中的两个容忍（control-plane 以及旧的 master 键）后，DaemonSet 也会运行在控制平面节点上。",
        ),
        try_next: (
            "Delete the tolerations and apply: the existing pod keeps running (NoSchedule does not evict) but is counted as misscheduled.",
            "删除这些容忍并应用：已有的 Pod 会继续运行（NoSchedule 不会驱逐），但会被计为调度错误（misscheduled）。",
        ),
    },
    Lesson {
        id: "node-selector",
        yaml: include_str!("../../scenarios/lessons/03-node-selector.yaml"),
        title: ("3. nodeSelector", "3. nodeSelector 节点选择器"),
        text: (
            "nodeSelector topology.kubernetes.io/zone: zone-b runs the daemon only on worker-2 and worker-3.",
            "nodeSelector topology.kubernetes.io/zone: zone-b 让守护进程只运行在 worker-2 和 worker-3 上。",
        ),
        try_next: (
            "Edit worker-1's labels to zone-b and watch a pod appear there.",
            "把 worker-1 的标签改成 zone-b，看看那里出现一个 Pod。",
        ),
    },
    Lesson {
        id: "node-affinity",
        yaml: include_str!("../../scenarios/lessons/04-node-affinity.yaml"),
        title: ("4. Required node affinity", "4. 必需的节点亲和性"),
        text: (
            "Expressions inside one term are ANDed (zone NotIn [zone-a] and arch In [amd64, arm64]); terms are ORed. NotIn also matches nodes without the label.",
            "同一个 term 中的表达式是“与”关系（zone NotIn [zone-a] 且 arch In [amd64, arm64]）；多个 term 之间是“或”关系。NotIn 也会匹配没有该标签的节点。",
        ),
        try_next: (
            "Add a node without a zone label: NotIn matches it.",
            "添加一个没有 zone 标签的节点：NotIn 会匹配它。",
        ),
    },
    Lesson {
        id: "preemption",
        yaml: include_str!("../../scenarios/lessons/05-resources-and-preemption.yaml"),
        title: ("5. Resources and preemption", "5. 资源与抢占"),
        text: (
            "worker-3 is nearly full of low-priority batch pods, so the daemon pod's 100m CPU does not fit. With priorityClassName: system-node-critical the scheduler preempts a batch pod to make room.",
            "worker-3 几乎被低优先级的批处理 Pod 占满，守护 Pod 请求的 100m CPU 放不下。设置 priorityClassName: system-node-critical 后，调度器会抢占一个批处理 Pod 来腾出空间。",
        ),
        try_next: (
            "Remove the priorityClassName line: the pod stays Pending with its FailedScheduling message.",
            "删除 priorityClassName 这一行：Pod 会一直处于 Pending，并显示 FailedScheduling 消息。",
        ),
    },
    Lesson {
        id: "rolling-update",
        yaml: include_str!("../../scenarios/lessons/06-rolling-update.yaml"),
        title: ("6. Rolling update, maxUnavailable: 1", "6. 滚动更新，maxUnavailable: 1"),
        text: (
            "A new image is rolled out one node at a time: the old pod is deleted, then the controller creates the new one, and only when it is available does the next node start.",
            "新镜像逐个节点发布：先删除旧 Pod，控制器再创建新 Pod，只有新 Pod 可用后才开始下一个节点。",
        ),
        try_next: (
            "Scrub back to the middle of the rollout, then try maxUnavailable: 2 or \"50%\".",
            "把时间线拖回发布过程的中间，然后试试 maxUnavailable: 2 或 \"50%\"。",
        ),
    },
    Lesson {
        id: "max-surge",
        yaml: include_str!("../../scenarios/lessons/07-rolling-update-max-surge.yaml"),
        title: ("7. Rolling update with maxSurge", "7. 使用 maxSurge 的滚动更新"),
        text: (
            "With maxSurge: 1 and maxUnavailable: 0 the new pod starts beside the old one; the old pod is removed only when the new one is available, so no node is ever without a daemon.",
            "使用 maxSurge: 1 且 maxUnavailable: 0 时，新 Pod 在旧 Pod 旁边启动；只有新 Pod 可用后才删除旧 Pod，所以任何节点都不会缺少守护进程。",
        ),
        try_next: (
            "Set both maxSurge and maxUnavailable to 1 and read the validation error.",
            "把 maxSurge 和 maxUnavailable 都设为 1，读一读校验错误。",
        ),
    },
    Lesson {
        id: "bad-image-rollback",
        yaml: include_str!("../../scenarios/lessons/08-bad-image-rollback.yaml"),
        title: ("8. A bad image stalls the rollout; roll back", "8. 错误的镜像让发布停滞；回滚"),
        text: (
            "The new tag does not exist: the first new pod shows ErrImagePull then ImagePullBackOff and never becomes available, so the rollout stops after one node. Rolling back restores revision 1; pods still on it are not restarted.",
            "新标签不存在：第一个新 Pod 显示 ErrImagePull，然后是 ImagePullBackOff，一直不可用，因此发布在一个节点之后停止。回滚会恢复修订版本 1；仍在该版本上的 Pod 不会被重启。",
        ),
        try_next: (
            "Look at rollout history: the rollback renumbered revision 1 as revision 3.",
            "查看发布历史：回滚把修订版本 1 重新编号为修订版本 3。",
        ),
    },
    Lesson {
        id: "noexecute-eviction",
        yaml: include_str!("../../scenarios/lessons/09-noexecute-eviction.yaml"),
        title: ("9. A NoExecute taint evicts", "9. NoExecute 污点会驱逐"),
        text: (
            "worker-2 gets maintenance=true:NoExecute. The DaemonSet controller deletes its own pod there at its next sync and does not recreate it; the ordinary pod web-1 is evicted too.",
            "worker-2 被加上 maintenance=true:NoExecute 污点。DaemonSet 控制器在下一次同步时删除那里的守护 Pod 并且不再重建；普通 Pod web-1 也会被驱逐。",
        ),
        try_next: (
            "Add a toleration for maintenance with effect NoExecute and tolerationSeconds: 30.",
            "为 maintenance 添加一个 effect 为 NoExecute、tolerationSeconds: 30 的容忍。",
        ),
    },
    Lesson {
        id: "cordon-notready",
        yaml: include_str!("../../scenarios/lessons/10-cordon-and-notready.yaml"),
        title: ("10. Cordon and a NotReady node", "10. 封锁节点与 NotReady 节点"),
        text: (
            "A cordoned node keeps its daemon pod: the controller tolerates node.kubernetes.io/unschedulable. A NotReady node keeps its pod too (not-ready:NoExecute is tolerated) but leaves the desired count, because not-ready:NoSchedule is not.",
            "被封锁的节点保留其守护 Pod：控制器会容忍 node.kubernetes.io/unschedulable。NotReady 节点也保留其 Pod（not-ready:NoExecute 被容忍），但会离开期望数量，因为 not-ready:NoSchedule 不被容忍。",
        ),
        try_next: (
            "Delete the worker-1 pod while it is cordoned: the controller recreates it.",
            "在 worker-1 被封锁时删除它上面的 Pod：控制器会重新创建它。",
        ),
    },
];

/// The large-cluster entry: a generated 5,000-node cluster (`kubeplay generate --nodes
/// 5000`), fetched from [`LARGE_CLUSTER_URL`] when picked, so it is not part of the first load.
pub const LARGE_CLUSTER: Lesson = Lesson {
    id: "large-cluster",
    yaml: "",
    title: (
        "Large cluster: 5,000 nodes, a rolling update",
        "大型集群：5000 个节点的滚动更新",
    ),
    text: (
        "A generated cluster of 5,000 nodes in three zones rolls node-exporter out to a new image with maxUnavailable: 10%. The board switches to the compact view: one cell per node, coloured by its daemon pod.",
        "一个生成的 5000 节点集群（三个可用区）以 maxUnavailable: 10% 将 node-exporter 滚动更新到新镜像。看板切换为紧凑视图：每个节点一个小格，颜色表示其守护 Pod 的状态。",
    ),
    try_next: (
        "Click a zone's title to zoom into its node cards, or click a cell to explain that node.",
        "点击某个可用区的标题查看其节点卡片，或点击一个小格查看该节点的解释。",
    ),
};

/// Where the large cluster is fetched from, relative to the page.
pub const LARGE_CLUSTER_URL: &str = "scenarios/scale-5000.yaml";

/// The lesson or the large-cluster entry with this id, for showing its explanation.
pub fn info(id: &str) -> Option<&'static Lesson> {
    by_id(id).or_else(|| (id == LARGE_CLUSTER.id).then_some(&LARGE_CLUSTER))
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml;

    #[test]
    fn every_lesson_loads_without_diagnostics_and_has_both_languages() {
        let mut ids = std::collections::BTreeSet::new();
        for lesson in LESSONS {
            assert!(ids.insert(lesson.id), "duplicate id {}", lesson.id);
            let loaded = yaml::load(lesson.yaml);
            assert!(
                loaded.diagnostics.is_empty(),
                "{}: {:?}",
                lesson.id,
                loaded.diagnostics
            );
            for lang in [Lang::En, Lang::Zh] {
                assert!(
                    !lesson.title(lang).is_empty()
                        && !lesson.text(lang).is_empty()
                        && !lesson.try_next(lang).is_empty()
                );
            }
        }
        assert_eq!(
            by_id("rolling-update").map(|l| l.id),
            Some("rolling-update")
        );
    }
}

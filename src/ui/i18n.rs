//! Every UI string goes through [`tr`]: one English and one Chinese (zh-CN) catalogue with
//! the same keys (a test checks). Engine explanations carry both languages themselves.

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The BCP 47 tag used for `<html lang>` and in share links.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Picks the language for a browser language tag such as `zh-CN`, `zh-Hans` or `en-US`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// `(key, English, Chinese)` for every UI string. `{0}`, `{1}` are placeholders.
const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "tagline",
        "Kubernetes scheduling and rollout playground",
        "Kubernetes 调度与滚动更新演练场",
    ),
    (
        "k8s_version_title",
        "The Kubernetes release whose behaviour and messages the engine follows",
        "引擎所遵循其行为与消息的 Kubernetes 版本",
    ),
    ("editor_title", "YAML", "YAML"),
    ("editor_label", "YAML editor", "YAML 编辑器"),
    ("apply", "Apply", "应用"),
    (
        "apply_title",
        "Apply the YAML (Ctrl+Enter)",
        "应用 YAML（Ctrl+Enter）",
    ),
    (
        "not_applied",
        "not applied: fix the errors below",
        "未应用：请修正下面的错误",
    ),
    ("edited", "edited, not yet applied", "已编辑，尚未应用"),
    ("problems", "Problems", "问题"),
    ("error", "error", "错误"),
    ("warning", "warning", "警告"),
    ("line_col", "line {0}:{1}", "第 {0} 行第 {1} 列"),
    ("cluster_title", "Cluster", "集群"),
    ("engine_loading", "Starting the engine…", "正在启动引擎…"),
    (
        "board_no_engine",
        "No cluster to show: the engine could not start.",
        "没有可显示的集群：引擎无法启动。",
    ),
    (
        "board_no_run",
        "No cluster to show yet: fix the errors in the YAML.",
        "暂无可显示的集群：请修正 YAML 中的错误。",
    ),
    ("node_count", "{0} node(s)", "{0} 个节点"),
    ("language", "Language", "语言"),
    (
        "chart_label",
        "Pods of {0} over time",
        "{0} 的 Pod 数量随时间变化",
    ),
    ("chart_desired", "desired", "期望"),
    ("chart_updated", "updated", "已更新"),
    ("chart_available", "available", "可用"),
    ("chart_unavailable", "unavailable", "不可用"),
    ("add", "Add", "添加"),
    ("add_node", "Add node", "添加节点"),
    ("bound_to", "Bound to node", "已绑定到节点"),
    (
        "scores",
        "Scores when it was placed (★ chosen)",
        "调度时各节点的得分（★ 为选中节点）",
    ),
    ("close", "Close", "关闭"),
    ("cordon", "Cordon", "封锁（cordon）"),
    ("uncordon", "Uncordon", "解除封锁"),
    (
        "cordoned",
        "cordoned (SchedulingDisabled)",
        "已封锁（SchedulingDisabled）",
    ),
    ("cpu", "CPU", "CPU"),
    ("memory", "Memory", "内存"),
    ("pods", "Pods", "Pod 数"),
    ("delete", "Delete", "删除"),
    ("drain", "Drain", "排空（drain）"),
    ("delete_pod", "Delete pod", "删除 Pod"),
    ("grace_left", "{0} grace period, {1} left", "宽限期 {0}，还剩 {1}"),
    ("history_revision", "REVISION", "版本"),
    ("history_image", "IMAGE", "镜像"),
    (
        "delete_pod_hint",
        "kubectl delete pod at the time on screen (adds a deletePod step to the scenario)",
        "在当前时间执行 kubectl delete pod（在场景中添加一个 deletePod 步骤）",
    ),
    ("eviction_refused", "eviction refused", "驱逐被拒绝"),
    ("budgets", "Disruption budgets", "中断预算"),
    ("delete_node", "Delete node {0}", "删除节点 {0}"),
    (
        "ds_status",
        "desired {0} · updated {1} · available {2} · unavailable {3}",
        "期望 {0} · 已更新 {1} · 可用 {2} · 不可用 {3}",
    ),
    ("replicas", "Replicas", "副本数"),
    ("scale", "Scale", "扩缩容"),
    ("pause_rollout", "Pause rollout", "暂停发布"),
    ("set_partition", "Set partition", "设置分区"),
    ("resume_rollout", "Resume rollout", "恢复发布"),
    ("edit", "Edit", "编辑"),
    ("edit_node", "Edit labels and taints", "编辑标签和污点"),
    (
        "explain_hint",
        "Click a node or a pod to see why a pod is (or is not) there.",
        "点击节点或 Pod，查看 Pod 为什么在（或不在）那里。",
    ),
    ("explain_node", "Explain node {0}", "解释节点 {0}"),
    ("explain_title", "Why?", "为什么？"),
    ("explain_checks", "Checks", "检查"),
    ("explain_matrix", "Node × plugin", "节点 × 插件"),
    ("table_filter", "Filter by node name", "按节点名筛选"),
    ("page_previous", "Previous page", "上一页"),
    ("page_next", "Next page", "下一页"),
    ("passed", "passed", "通过"),
    ("failed", "failed", "未通过"),
    (
        "filter_nodes",
        "Filter nodes by name or label",
        "按名称或标签筛选节点",
    ),
    ("frame_of", "step {0} of {1}", "第 {0} / {1} 步"),
    (
        "gone",
        "It no longer exists at this point of the timeline.",
        "在时间线的这一时刻它已不存在。",
    ),
    ("group_by", "Group by", "分组依据"),
    ("no_grouping", "no grouping", "不分组"),
    ("view_compact", "Compact view", "紧凑视图"),
    ("legend", "Legend", "图例"),
    ("cell_none", "no workload pod", "无工作负载 Pod"),
    ("legend_current", "current revision", "当前修订版本"),
    ("legend_old", "old revision", "旧修订版本"),
    (
        "cell_ready",
        "ready, current revision",
        "就绪，当前修订版本",
    ),
    ("cell_old", "ready, old revision", "就绪，旧修订版本"),
    ("cell_pending", "starting (not ready)", "启动中（未就绪）"),
    ("cell_terminating", "terminating", "终止中"),
    (
        "cell_failed",
        "failing (pull error or crash)",
        "失败（拉取错误或崩溃）",
    ),
    ("all_nodes", "All nodes", "所有节点"),
    (
        "zoom_group",
        "Show this group's node cards",
        "显示该组的节点卡片",
    ),
    (
        "group_summary",
        "{0} node(s), {1} ready and current",
        "{0} 个节点，{1} 个就绪且为当前版本",
    ),
    ("all_groups", "← All groups", "← 所有分组"),
    (
        "zoom_limited",
        "showing the first {0} of {1} nodes; use the filter to narrow",
        "仅显示 {1} 个节点中的前 {0} 个；可用筛选缩小范围",
    ),
    ("loading_lesson", "Loading lesson…", "正在加载课程…"),
    (
        "large_text",
        "large file: no highlighting",
        "大文件：不高亮",
    ),
    (
        "large_text_title",
        "Highlighting and line numbers are off for very large texts so that typing stays fast",
        "文本很大时关闭高亮和行号，以保证输入流畅",
    ),
    ("no_label_value", "(label not set)", "（未设置此标签）"),
    ("kubectl_views", "kubectl views", "kubectl 视图"),
    ("labels_count", "{0} labels", "{0} 个标签"),
    (
        "labels_hint",
        "Labels (key=value, one per line)",
        "标签（key=value，每行一个）",
    ),
    (
        "taints_hint",
        "Taints (key=value:Effect, one per line)",
        "污点（key=value:Effect，每行一个）",
    ),
    ("new_image", "New image", "新镜像"),
    ("new_version", "Roll out new version", "发布新版本"),
    (
        "no_daemonsets",
        "No DaemonSet in the YAML.",
        "YAML 中没有 DaemonSet。",
    ),
    (
        "no_workloads",
        "No DaemonSet or Deployment in the YAML.",
        "YAML 中没有 DaemonSet 或 Deployment。",
    ),
    ("node_name", "Name", "名称"),
    ("node_role", "Role", "角色"),
    ("ready", "Ready", "就绪"),
    ("not_ready", "NotReady", "未就绪（NotReady）"),
    ("not_ready_short", "not ready", "未就绪"),
    ("set_not_ready", "Set NotReady", "设为 NotReady"),
    ("set_ready", "Set Ready", "设为 Ready"),
    (
        "pending_none",
        "Every pod is placed.",
        "所有 Pod 都已调度。",
    ),
    (
        "pending_title",
        "Pending: {0} pod(s) not placed",
        "等待调度：{0} 个 Pod 未被放置",
    ),
    (
        "waiting_for_scheduler",
        "waiting for the scheduler",
        "等待调度器处理",
    ),
    ("play", "Play", "播放"),
    ("pause", "Pause", "暂停"),
    ("rewind", "Back to the start", "回到开头"),
    ("step_event", "Step one event", "前进一个事件"),
    ("step_event_short", "Event", "事件"),
    (
        "step_sync",
        "Step to the next controller sync",
        "前进到下一次控制器同步",
    ),
    ("step_sync_short", "Sync", "同步"),
    ("speed", "Speed", "速度"),
    ("diagnostics_stale", "These problems are from the last Apply; the text has changed since. Apply (Ctrl+Enter) to check it again.", "这些问题来自上一次应用，此后文本已修改。应用（Ctrl+Enter）以重新检查。"),
    ("fast_forward", "Nothing happens until the next event (a grace period, back-off or delay): it plays faster", "在下一个事件之前没有变化（宽限期、退避或延迟）：加速播放"),
    ("time_controls", "Time controls", "时间控制"),
    ("timeline", "Timeline", "时间线"),
    ("rollback_to", "Roll back to {0}", "回滚到 {0}"),
    (
        "rollout_history",
        "rollout history",
        "发布历史（rollout history）",
    ),
    ("rollouts_title", "Rollouts", "滚动更新"),
    ("save", "Save", "保存"),
    (
        "scheduler_checks",
        "Scheduler filters on this node",
        "调度器在此节点上的过滤检查",
    ),
    ("lessons", "Lessons", "课程"),
    ("choose_lesson", "Lessons…", "课程…"),
    (
        "confirm_replace_work",
        "Loading this lesson replaces your YAML. Continue?",
        "加载此课程会替换你的 YAML。要继续吗？",
    ),
    ("try_next", "Try next:", "接下来试试："),
    ("copy_link", "Copy link", "复制链接"),
    (
        "confirm_open_link",
        "Opening this link replaces your YAML. Continue?",
        "打开此链接会替换你的 YAML。要继续吗？",
    ),
    (
        "copy_link_title",
        "Copy a link that opens exactly this state (YAML, time, language, layout)",
        "复制一个能精确打开当前状态（YAML、时间、语言、布局）的链接",
    ),
    (
        "link_copied",
        "Link copied to the clipboard.",
        "链接已复制到剪贴板。",
    ),
    (
        "link_not_copied",
        "The browser did not allow copying; select the link below.",
        "浏览器不允许复制；请选中下面的链接。",
    ),
    ("link_length", "({0} characters)", "（{0} 个字符）"),
    (
        "link_failed",
        "This browser cannot make share links (it has no CompressionStream).",
        "此浏览器无法生成分享链接（不支持 CompressionStream）。",
    ),
    (
        "link_unknown_version",
        "This link was made by another version of kubeplay and cannot be opened.",
        "此链接由其他版本的 kubeplay 生成，无法打开。",
    ),
    (
        "link_too_large",
        "This link is too large to open.",
        "此链接过大，无法打开。",
    ),
    (
        "link_corrupt",
        "This link is damaged (cut short or altered) and cannot be opened.",
        "此链接已损坏（被截断或修改），无法打开。",
    ),
    (
        "link_bad_state",
        "This link does not describe a playground state.",
        "此链接不包含有效的演练场状态。",
    ),
    (
        "link_kept_work",
        "Your current work is kept.",
        "你当前的内容已保留。",
    ),
    (
        "saved_broken",
        "Your saved work could not be read; it was set aside and the default lesson is shown.",
        "无法读取已保存的内容；它已被搁置，当前显示默认课程。",
    ),
    ("discard_saved", "Discard saved work", "丢弃已保存的内容"),
    (
        "saved_discarded",
        "The unreadable saved work was discarded.",
        "无法读取的已保存内容已被丢弃。",
    ),
    ("dismiss", "Dismiss", "关闭"),
    ("reset", "Reset", "重置"),
    (
        "reset_title",
        "Back to the default lesson; forgets the saved work",
        "回到默认课程；清除已保存的内容",
    ),
    (
        "confirm_reset",
        "Reset replaces your YAML with the default lesson and forgets the saved work. Continue?",
        "重置会用默认课程替换你的 YAML，并清除已保存的内容。要继续吗？",
    ),
    ("export", "Export", "导出"),
    (
        "export_title",
        "Download the cluster, or copy commands that reproduce it on a real cluster",
        "下载集群，或复制可在真实集群上重现它的命令",
    ),
    ("download_yaml", "Download YAML", "下载 YAML"),
    (
        "download_workload",
        "Download workload YAML",
        "下载工作负载 YAML",
    ),
    ("copy_kubectl", "Copy kubectl commands", "复制 kubectl 命令"),
    ("copy_kind", "Copy kind config", "复制 kind 配置"),
    ("export_downloaded", "Downloaded:", "已下载："),
    (
        "export_not_downloaded",
        "The browser refused the download; copy the text below:",
        "浏览器拒绝了下载；请复制下面的文本：",
    ),
    (
        "export_copied",
        "Copied to the clipboard:",
        "已复制到剪贴板：",
    ),
    (
        "export_not_copied",
        "The browser did not allow copying; select the text below:",
        "浏览器不允许复制；请选中下面的文本：",
    ),
    (
        "panic_text_kept",
        "kubeplay hit an internal error. Your YAML is kept and comes back when you reload.",
        "kubeplay 遇到内部错误。你的 YAML 已保留，重新加载后会恢复。",
    ),
    (
        "panic_text_not_kept",
        "kubeplay hit an internal error. Copy your YAML from the editor before you reload.",
        "kubeplay 遇到内部错误。重新加载前请先从编辑器中复制你的 YAML。",
    ),
    ("reload", "Reload", "重新加载"),
    ("embed", "Embed", "嵌入"),
    ("embed_title", "Embed this playground", "嵌入此演练场"),
    ("embed_show_editor", "Show the editor", "显示编辑器"),
    ("embed_autoplay", "Play automatically", "自动播放"),
    (
        "embed_edited",
        "Your edited text is in the link (as Copy link writes it), not the lesson it came from.",
        "链接中包含你编辑后的文本（与“复制链接”相同），而不是它来自的课程。",
    ),
    ("embed_snippet", "HTML snippet", "HTML 代码"),
    ("embed_open", "Open in kubeplay ↗", "在 kubeplay 中打开 ↗"),
    ("copy", "Copy", "复制"),
    ("copied", "Copied.", "已复制。"),
    (
        "src_refused",
        "Not loaded: “{0}” is not a relative URL on this site. Your current work is kept.",
        "未加载：“{0}”不是本站的相对 URL。当前内容已保留。",
    ),
    (
        "src_too_large",
        "Not loaded: “{0}” is larger than {1} KB. Your current work is kept.",
        "未加载：“{0}”大于 {1} KB。当前内容已保留。",
    ),
    (
        "src_failed",
        "Could not load “{0}” ({1}). Your current work is kept.",
        "无法加载“{0}”（{1}）。当前内容已保留。",
    ),
    (
        "lesson_failed",
        "Could not load the lesson “{0}” ({1}). Your current work is kept.",
        "无法加载课程“{0}”（{1}）。当前内容已保留。",
    ),
    (
        "engine_starting",
        "The engine is loading; the board appears when it is ready.",
        "引擎正在加载；就绪后将显示集群面板。",
    ),
    (
        "engine_working",
        "The engine is working on the YAML…",
        "引擎正在处理 YAML…",
    ),
    (
        "engine_simulating",
        "Simulating: {0} of virtual time, {1} frames so far…",
        "正在模拟：已模拟 {0}，共 {1} 帧…",
    ),
    (
        "engine_failed",
        "The engine could not run in this browser ({0}). Your text is kept; reload the page to try again.",
        "引擎无法在此浏览器中运行（{0}）。文本已保留；请刷新页面重试。",
    ),
    (
        "engine_restarted",
        "The engine stopped ({0}). A fresh engine was started; your text and the last good cluster are kept.",
        "引擎已停止（{0}）。已启动新的引擎；文本和上一次正确的集群均已保留。",
    ),
    (
        "unknown_lesson",
        "There is no lesson “{0}”. Your current work is kept.",
        "没有名为“{0}”的课程。当前内容已保留。",
    ),
    // The exercise panel, the course and the help.
    ("exercise", "Exercise", "练习"),
    ("goal_met", "met", "已达成"),
    ("goal_broken", "not met", "未达成"),
    ("goal_open", "not yet", "尚未达成"),
    ("hint", "Hint:", "提示："),
    ("show_solution", "Show a solution", "查看参考答案"),
    ("back_to_attempt", "Back to my attempt", "回到我的尝试"),
    (
        "confirm_solution",
        "The solution replaces your YAML; “Back to my attempt” restores it. Continue?",
        "参考答案会替换你的 YAML；“回到我的尝试”可以恢复。要继续吗？",
    ),
    (
        "exercise_done",
        "Exercise done: every goal is met.",
        "练习完成：所有目标均已达成。",
    ),
    ("next_lesson", "Next lesson →", "下一课 →"),
    (
        "course_complete",
        "Course complete: you have reached the last lesson.",
        "课程完成：你已学到最后一课。",
    ),
    ("done_count", "{0} of {1} done", "已完成 {0} / {1}"),
    ("done", "done", "已完成"),
    ("help", "Help", "帮助"),
    ("help_title", "Paste a real cluster", "粘贴真实集群"),
    (
        "help_paste",
        "Run this and paste its output into the editor, then Apply: bound pods stay on their nodes, pending pods are explained.",
        "运行下面的命令，把输出粘贴到编辑器中并点击“应用”：已绑定的 Pod 留在原节点，Pending 的 Pod 会得到解释。",
    ),
    (
        "help_private",
        "Nothing leaves your browser: the engine runs in this page. Secrets in env vars are never needed; strip them before you paste.",
        "任何内容都不会离开你的浏览器：引擎就在此页面中运行。环境变量中的密钥从不需要；粘贴前请删除它们。",
    ),
];

/// The engine's frame titles (`sync daemonset kube-system/fluentd`, `step 2: cordon
/// worker-1`) start with one of these phrases, translated here; the names after them stay.
/// A longer phrase comes before a shorter one it starts with.
const FRAME_TITLE_PHRASES: &[(&str, &str)] = &[
    ("initial cluster", "初始集群"),
    ("load objects", "加载对象"),
    ("apply edited objects", "应用编辑后的对象"),
    ("event", "事件"),
    ("sync ", "同步 "),
    ("schedule pod ", "调度 Pod "),
    ("image pulled ", "镜像已拉取 "),
    ("image pull back-off ", "镜像拉取退避 "),
    ("retry image pull ", "重试拉取镜像 "),
    ("container started ", "容器已启动 "),
    ("container crashed ", "容器崩溃 "),
    ("container restarted ", "容器已重启 "),
    ("pod ready ", "Pod 已就绪 "),
    ("pod terminated ", "Pod 已终止 "),
    ("taint eviction ", "污点驱逐 "),
    (
        "stale disruption condition ",
        "重置过期的 DisruptionTarget 条件 ",
    ),
    ("drain ", "排空 "),
    ("wait for rollout of ", "等待发布完成 "),
    ("wait ", "等待 "),
    ("apply ", "应用 "),
    ("set image ", "设置镜像 "),
    ("scale ", "扩缩 "),
    ("set partition ", "设置 partition "),
    ("rollout pause ", "暂停发布 "),
    ("rollout resume ", "恢复发布 "),
    ("rollout undo ", "回滚 "),
    ("add node ", "添加节点 "),
    ("delete node ", "删除节点 "),
    ("label node ", "给节点打标签 "),
    ("taint node ", "给节点添加污点 "),
    ("untaint node ", "移除节点污点 "),
    ("uncordon ", "解除封锁 "),
    ("cordon ", "封锁 "),
    ("set node ", "设置节点 "),
    ("delete pods of ", "删除 Pod（属于）"),
    ("delete pod of ", "删除 Pod（属于）"),
    ("delete pod ", "删除 Pod "),
    ("evict pod ", "驱逐 Pod "),
    ("mark pods of ", "标记就绪的 Pod（属于）"),
];

/// A frame title of the engine in `lang`: in Chinese its leading phrase is translated
/// (`step N: ` and the step's own phrase too); a title of another shape stays as it is.
pub fn frame_title(lang: Lang, title: &str) -> String {
    if lang == Lang::En {
        return title.to_owned();
    }
    if let Some((number, rest)) = title.strip_prefix("step ").and_then(|t| t.split_once(": ")) {
        return format!("步骤 {number}：{}", frame_title(lang, rest));
    }
    FRAME_TITLE_PHRASES
        .iter()
        .find_map(|(en, zh)| title.strip_prefix(en).map(|rest| format!("{zh}{rest}")))
        .unwrap_or_else(|| title.to_owned())
}

/// A sentence the engine wrote in both languages, in `lang`.
pub fn sentence(lang: Lang, sentence: &crate::protocol::Sentence) -> &str {
    match lang {
        Lang::En => &sentence.en,
        Lang::Zh => &sentence.zh,
    }
}

/// The text of `key` in `lang`; empty if the key is missing (a test checks that every key
/// the UI uses is in the catalogue).
pub fn tr(lang: Lang, key: &str) -> &'static str {
    CATALOGUE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, zh)| match lang {
            Lang::En => *en,
            Lang::Zh => *zh,
        })
        .unwrap_or("")
}

/// [`tr`] with `{0}`, `{1}`, ... replaced by `args`.
pub fn trf(lang: Lang, key: &str, args: &[&str]) -> String {
    let mut text = tr(lang, key).to_owned();
    for (i, arg) in args.iter().enumerate() {
        text = text.replace(&format!("{{{i}}}"), arg);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_titles_are_translated_phrase_first_and_names_stay() {
        let cases = [
            (
                "sync daemonset kube-system/fluentd",
                "同步 daemonset kube-system/fluentd",
            ),
            ("schedule pod default/web-1", "调度 Pod default/web-1"),
            ("pod terminated default/web-1", "Pod 已终止 default/web-1"),
            ("step 2: cordon worker-1", "步骤 2：封锁 worker-1"),
            ("step 3: uncordon worker-1", "步骤 3：解除封锁 worker-1"),
            (
                "step 1: wait for rollout of daemonset/fluentd",
                "步骤 1：等待发布完成 daemonset/fluentd",
            ),
            ("something new", "something new"),
        ];
        for (en, zh) in cases {
            assert_eq!(frame_title(Lang::Zh, en), zh, "{en}");
            assert_eq!(frame_title(Lang::En, en), en);
        }
    }

    fn placeholders(text: &str) -> Vec<usize> {
        (0..10)
            .filter(|i| text.contains(&format!("{{{i}}}")))
            .collect()
    }

    #[test]
    fn both_catalogues_have_every_key_with_text_and_the_same_placeholders() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, en, zh) in CATALOGUE {
            assert!(keys.insert(*key), "duplicate key {key}");
            assert!(
                !en.is_empty() && !zh.is_empty(),
                "{key} lacks a translation"
            );
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{key} placeholders differ"
            );
        }
    }

    /// Every `tr(lang, "key")` / `trf(lang, "key", ..)` in the UI sources names a catalogue key.
    #[test]
    fn every_key_the_ui_uses_is_in_the_catalogue() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut missing = Vec::new();
        let mut used = 0;
        for entry in std::fs::read_dir(&dir).expect("src/ui is readable") {
            let path = entry.expect("entry").path();
            if path.ends_with("i18n.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("readable source");
            for call in ["tr(lang, \"", "trf(lang, \""] {
                for piece in source.split(call).skip(1) {
                    let key = piece.split('"').next().unwrap_or("");
                    used += 1;
                    if !CATALOGUE.iter().any(|(k, _, _)| *k == key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(used > 5, "the scan found too few uses ({used})");
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    #[test]
    fn lookups_follow_the_language_and_fill_placeholders() {
        assert_eq!(tr(Lang::En, "apply"), "Apply");
        assert_eq!(tr(Lang::Zh, "apply"), "应用");
        assert_eq!(trf(Lang::En, "line_col", &["3", "7"]), "line 3:7");
        assert_eq!(trf(Lang::Zh, "node_count", &["4"]), "4 个节点");
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    }
}

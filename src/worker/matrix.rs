//! The node × plugin matrix of the Why? panel: the engine's matrix of one pod
//! ([`crate::engine::scheduler::matrix`]) as a table of finished cells, in both languages,
//! which the page sorts, filters and pages without knowing what a cell means.
//!
//! Columns: the node (`★` on the chosen one), the total, every filter plugin of the pod's
//! profile (`✓`; `⚠ reason` where removing pods could make the node pass; `✗ reason` where
//! it cannot), then every score plugin's weighted score (raw and normalised in the tip).

use crate::engine::scheduler::matrix::{pod_matrix, FilterCell, MatrixRow, NodePluginMatrix};
use crate::engine::scheduler::profile::Profiles;
use crate::engine::scheduler::scoring::PluginScore;
use crate::engine::sorting::sort_stably_by;
use crate::engine::store::scheduler_view::{api_pod, snapshot};
use crate::engine::store::state::ClusterState;
use crate::protocol::view::{Sentence, TableCell, TableRow, TableView, Tone};

fn sentence(en: String, zh: String) -> Sentence {
    Sentence { en, zh }
}

/// A cell, with what a sort by its column orders by: higher first, then the text.
struct Ranked {
    cell: TableCell,
    rank: i64,
}

/// A cell without a tip.
fn cell(text: String, rank: i64, tone: Tone) -> Ranked {
    Ranked {
        cell: TableCell {
            text,
            tone,
            tip: None,
        },
        rank,
    }
}

/// A cell with a tip.
fn tipped(text: String, rank: i64, tone: Tone, tip: Sentence) -> Ranked {
    let mut ranked = cell(text, rank, tone);
    ranked.cell.tip = Some(tip);
    ranked
}

/// What a sort puts last: the scores and total of a node that fails a filter.
const NO_SCORE: i64 = i64::MIN;

/// The matrix of the pod `key` in `cluster` under the profile its `schedulerName` names in
/// `profiles`; a caption alone when the pod is not there or no profile schedules it.
pub fn matrix_table(cluster: &ClusterState, key: &str, profiles: &Profiles) -> TableView {
    let Some(pod) = cluster.pods.get(key) else {
        return TableView {
            caption: sentence(
                format!("Pod {key} is not in the cluster at this point of the timeline."),
                format!("在时间线的这一时刻集群中没有 Pod {key}。"),
            ),
            ..TableView::default()
        };
    };
    let m = pod_matrix(profiles, &api_pod(pod), &snapshot(cluster));
    let Some(matrix) = &m.matrix else {
        let name = &m.scheduler_name;
        return TableView {
            caption: sentence(
                format!(
                    "No profile is named {name}: kube-scheduler ignores the pod (another \
                     scheduler owns it), so it stays Pending without an event."
                ),
                format!(
                    "没有名为 {name} 的调度配置：kube-scheduler 忽略该 Pod（它属于另一个\
                     调度器），所以它保持 Pending，也没有事件。"
                ),
            ),
            ..TableView::default()
        };
    };
    let columns = columns(matrix);
    let ranked: Vec<Vec<Ranked>> = matrix
        .rows
        .iter()
        .map(|r| row(matrix, r, matrix.chosen.as_deref() == Some(r.node.as_str())))
        .collect();
    let orders = (0..columns.len())
        .map(|column| {
            let key = |i: u32| {
                let c = &ranked[i as usize][column];
                (std::cmp::Reverse(c.rank), &c.cell.text)
            };
            let mut order: Vec<u32> = (0..ranked.len() as u32).collect();
            sort_stably_by(&mut order, &|&a, &b| key(a).cmp(&key(b)));
            order
        })
        .collect();
    TableView {
        caption: caption(matrix, m.bound_to.as_deref()),
        columns,
        rows: ranked
            .into_iter()
            .zip(&matrix.rows)
            .map(|(cells, r)| TableRow {
                cells: cells.into_iter().map(|c| c.cell).collect(),
                marked: matrix.chosen.as_deref() == Some(r.node.as_str()),
            })
            .collect(),
        orders,
    }
}

fn caption(matrix: &NodePluginMatrix, bound_to: Option<&str>) -> Sentence {
    let nodes = matrix.rows.len();
    let feasible = matrix.rows.iter().filter(|r| r.feasible).count();
    let (chosen_en, chosen_zh) = match &matrix.chosen {
        Some(n) => (format!("chosen ★ {n}"), format!("选中 ★ {n}")),
        None => (
            "no node passes every filter".to_string(),
            "没有节点通过全部过滤".to_string(),
        ),
    };
    let (bound_en, bound_zh) = match bound_to {
        Some(n) => (
            format!(" · bound to {n}: judged unbound, without itself"),
            format!(" · 已绑定到 {n}：按未绑定、不计它自己评估"),
        ),
        None => (String::new(), String::new()),
    };
    sentence(
        format!(
            "Profile {} · {nodes} node(s), {feasible} feasible · {chosen_en}{bound_en} · \
             ⚠ removing pods could help (preemption), ✗ it cannot · scores are weighted \
             (hover for raw and normalised)",
            matrix.profile
        ),
        format!(
            "调度配置 {} · {nodes} 个节点，{feasible} 个可行 · {chosen_zh}{bound_zh} · \
             ⚠ 移除 Pod 可能有帮助（抢占），✗ 无济于事 · 分数为加权值（悬停查看原始值与\
             归一化值）",
            matrix.profile
        ),
    )
}

fn columns(matrix: &NodePluginMatrix) -> Vec<Sentence> {
    let same = |text: String| sentence(text.clone(), text);
    [
        sentence("Node".into(), "节点".into()),
        sentence("Total".into(), "总分".into()),
    ]
    .into_iter()
    .chain(matrix.filter_plugins.iter().cloned().map(same))
    .chain(
        matrix
            .score_plugins
            .iter()
            .map(|c| same(format!("{} ×{}", c.plugin, c.weight))),
    )
    .collect()
}

fn row(matrix: &NodePluginMatrix, r: &MatrixRow, chosen: bool) -> Vec<Ranked> {
    let node = cell(
        if chosen {
            format!("{} ★", r.node)
        } else {
            r.node.clone()
        },
        0,
        if r.feasible { Tone::Pass } else { Tone::Fail },
    );
    let total = match r.total {
        Some(t) => cell(t.to_string(), t, Tone::Plain),
        None => cell("—".into(), NO_SCORE, Tone::Plain),
    };
    let filters = matrix.filter_plugins.iter().map(|plugin| {
        match r.filters.iter().find(|c| &c.plugin == plugin) {
            Some(c) if !c.passed => filter_failure(c),
            _ => cell("✓".into(), 0, Tone::Pass),
        }
    });
    let scores = matrix.score_plugins.iter().map(|column| {
        if !r.feasible {
            return cell(String::new(), NO_SCORE, Tone::Plain);
        }
        match r.scores.iter().find(|s| s.plugin == column.plugin) {
            Some(s) => score(s),
            None => tipped(
                "—".into(),
                NO_SCORE,
                Tone::Plain,
                sentence(
                    "Its PreScore skips this pod: no score.".into(),
                    "它的 PreScore 跳过了此 Pod：不打分。".into(),
                ),
            ),
        }
    });
    [node, total]
        .into_iter()
        .chain(filters)
        .chain(scores)
        .collect()
}

/// A failing filter: its reasons verbatim; failures preemption cannot help sort first.
fn filter_failure(c: &FilterCell) -> Ranked {
    let reasons = c.reasons.join(", ");
    let (mark, rank, tone, en, zh) = if c.preemption_may_help {
        (
            "⚠",
            1,
            Tone::Warn,
            "preemption may help: removing lower-priority pods could make the node pass",
            "抢占可能有帮助：移除优先级更低的 Pod 可能让该节点通过",
        )
    } else {
        (
            "✗",
            2,
            Tone::Fail,
            "preemption cannot help: removing pods does not change this",
            "抢占无济于事：移除 Pod 不会改变这一点",
        )
    };
    tipped(
        format!("{mark} {reasons}"),
        rank,
        tone,
        sentence(
            format!("{}: {reasons} — {en}", c.plugin),
            format!("{}：{reasons} — {zh}", c.plugin),
        ),
    )
}

/// A score: the weighted one shown, the raw and normalised ones in the tip.
fn score(s: &PluginScore) -> Ranked {
    let weighted = s.score * s.weight;
    tipped(
        weighted.to_string(),
        weighted,
        Tone::Plain,
        sentence(
            format!(
                "{}: raw {} → normalised {} × weight {} = {weighted}",
                s.plugin, s.raw, s.score, s.weight
            ),
            format!(
                "{}：原始 {} → 归一化 {} × 权重 {} = {weighted}",
                s.plugin, s.raw, s.score, s.weight
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::cluster;
    use crate::engine::sim::scenario::Simulation;

    const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata:\n  name: NAME\n  labels: {kubernetes.io/hostname: NAME}\nstatus:\n  capacity: {cpu: \"CPU\", memory: 8Gi, pods: \"110\"}\n  conditions: [{type: Ready, status: \"True\"}]\n";

    fn node(name: &str, cpu: &str) -> String {
        NODE.replace("NAME", name).replace("CPU", cpu)
    }

    fn pod(name: &str, cpu: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests: {{cpu: \"{cpu}\"}}\n"
        )
    }

    /// The table of `pod` at the end of the run of `docs` (YAML documents).
    fn table_at_the_end(docs: &[String], pod: &str) -> TableView {
        let loaded = crate::engine::yaml::load(&docs.join("---\n"));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let mut objects = loaded.objects;
        cluster::fill_in_default_cluster(&mut objects);
        let timeline = Simulation::run(&objects, None);
        let profiles = Profiles::of(objects.scheduler_configuration.as_ref());
        matrix_table(timeline.final_state(), pod, &profiles)
    }

    fn column(table: &TableView, heading: &str) -> usize {
        table
            .columns
            .iter()
            .position(|c| c.en.starts_with(heading))
            .unwrap_or_else(|| panic!("no column {heading}"))
    }

    #[test]
    fn a_pending_pods_table_has_a_row_per_node_with_each_filters_reason() {
        let docs = [
            node("small", "1"),
            node("big", "4"),
            pod("hog", "3"),
            pod("web", "2"),
        ];
        let table = table_at_the_end(&docs, "default/web");
        assert_eq!(table.columns[0].zh, "节点");
        assert_eq!(table.rows.len(), 2);
        let fit = column(&table, "NodeResourcesFit");
        let big = &table.rows[0].cells;
        assert_eq!(big[0].text, "big");
        assert_eq!(
            big[fit].text, "⚠ Insufficient cpu",
            "the hog could be preempted"
        );
        assert_eq!(big[fit].tone, Tone::Warn);
        let small = &table.rows[1].cells;
        assert_eq!(
            small[fit].text, "✗ Insufficient cpu",
            "2 cpus never fit in 1"
        );
        assert!(table
            .rows
            .iter()
            .all(|r| !r.marked && r.cells[1].text == "—"));
        assert!(table.caption.en.contains("no node passes every filter"));
    }

    #[test]
    fn a_placed_pods_table_marks_its_node_and_shows_weighted_scores_with_the_rest_in_the_tip() {
        let docs = [node("a", "2"), node("b", "4"), pod("web", "1")];
        let table = table_at_the_end(&docs, "default/web");
        let chosen = &table.rows[0];
        assert!(chosen.marked);
        assert_eq!(chosen.cells[0].text, "b ★");
        assert!(table.caption.en.contains("bound to b"));
        let fit = column(&table, "NodeResourcesFit ×1");
        let cell = &chosen.cells[fit];
        let tip = cell.tip.as_ref().expect("a score's tip");
        assert!(
            tip.en.ends_with(&format!("× weight 1 = {}", cell.text)),
            "{}",
            tip.en
        );
        assert!(tip.zh.contains("归一化"));
        let cells = table.columns.len();
        assert!(table.rows.iter().all(|r| r.cells.len() == cells));
        let number = |c: &TableCell| c.text.parse::<i64>().unwrap_or(0);
        let scores = column(&table, "TaintToleration ×");
        let weighted: i64 = chosen.cells[scores..].iter().map(number).sum();
        assert_eq!(
            number(&chosen.cells[1]),
            weighted,
            "the total sums the weighted scores"
        );
    }

    #[test]
    fn each_columns_order_puts_the_highest_scores_and_the_failures_that_preemption_cannot_help_first(
    ) {
        let docs = [
            node("small", "1"),
            node("big", "8"),
            node("mid", "4"),
            pod("hog", "3"),
            pod("web", "2"),
        ];
        let table = table_at_the_end(&docs, "default/web");
        let names = |column: usize| -> Vec<&str> {
            table.orders[column]
                .iter()
                .map(|&i| table.rows[i as usize].cells[0].text.as_str())
                .collect()
        };
        assert_eq!(table.orders.len(), table.columns.len());
        let fit = column(&table, "NodeResourcesFit");
        assert_eq!(names(fit)[0], "small", "2 cpus never fit in 1: ✗ first");
        assert_eq!(names(1).last(), Some(&"small"), "no total: last");
        let mut by_name = names(0);
        by_name.sort();
        assert_eq!(names(0), by_name, "the node column sorts by name");
        assert_eq!(
            names(1)[0],
            table.rows[0].cells[0].text,
            "the highest total first"
        );
    }

    #[test]
    fn a_pod_that_is_not_there_or_of_another_scheduler_gets_a_caption_only() {
        let mut other = pod("mine", "1");
        other = other.replace("spec:\n", "spec:\n  schedulerName: my-scheduler\n");
        let docs = [node("a", "2"), other];
        let gone = table_at_the_end(&docs, "default/gone");
        assert!(gone.rows.is_empty() && gone.caption.en.contains("default/gone"));
        let ignored = table_at_the_end(&docs, "default/mine");
        assert!(ignored.rows.is_empty());
        assert!(ignored
            .caption
            .en
            .starts_with("No profile is named my-scheduler"));
    }
}

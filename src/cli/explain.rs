//! `kubeplay explain FILE [--output text|json] [--lang en|zh]`: for every DaemonSet a
//! node-by-node table (should run, should continue running, reasons); for every unbound
//! Pod the per-plugin results per node, the FailedScheduling message and the preemption
//! outcome (every candidate node with its victims); for every Pod that names its node, what
//! the kubelet's admission there says. `-` reads standard input. With `--matrix POD`, the
//! node × plugin matrix of that pod instead ([`super::matrix`]).

use std::io::Write;

use serde::Serialize;

use crate::engine::api::match_label_keys::merge_on_create;
use crate::engine::explain::deployments::{
    explain_workloads, DeploymentExplanation, ReplicaSetExplanation,
};
use crate::engine::explain::{
    explain_daemon_set, explain_pod, Check, DaemonSetExplanation, KubeletAdmission, PodExplanation,
    Text,
};
use crate::engine::scheduler::admission::REJECTED_MESSAGE_PREFIX;
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::preemption::{PreemptionResult, Victim};
use crate::engine::scheduler::profile::Profiles;
use crate::engine::scheduler::scoring::NodeScore;
use crate::engine::sim::cluster::{default_cluster_warning, fill_in_default_cluster, fills_in};
use crate::engine::yaml::Objects;

use super::{FileDiagnostic, LoadedFile};

/// Usage of the `explain` subcommand.
pub const USAGE: &str = "\
Usage: kubeplay explain FILE [--output text|json] [--lang en|zh]
       kubeplay explain FILE --matrix POD [--output text|json]

Explains, for every DaemonSet in FILE, which nodes get a daemon pod and why not; for
every unbound Pod, every scheduler plugin's verdict per node, the FailedScheduling message
and the preemption outcome; for every Pod with spec.nodeName, what the kubelet's admission
on that node says. FILE `-` reads standard input. Without Node objects in FILE the default
cluster (control-plane + worker-1..3) is used, unless FILE states an empty node list
(`kind: NodeList` with `items: []`).

--matrix POD (namespace/name, or a name in `default`) prints the node × plugin matrix of
that pod: every filter plugin's verdict on every node (whether preemption could help),
every score plugin's raw, normalised and weighted score on the feasible nodes, the total
and the chosen node, under the profile its schedulerName names (a KubeSchedulerConfiguration
in FILE configures the profiles).
";

/// The JSON document `--output json` prints (see docs/cli.md).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainReport {
    /// The Kubernetes release whose behaviour is followed.
    pub kubernetes_version: String,
    /// Node names, sorted.
    pub nodes: Vec<String>,
    /// Whether the built-in default cluster was used (FILE had no Node and stated no empty
    /// node list).
    pub default_cluster: bool,
    /// One entry per DaemonSet, in file order.
    pub daemon_sets: Vec<DaemonSetExplanation>,
    /// One entry per Pod, in file order.
    pub pods: Vec<PodExplanation>,
    /// One entry per Deployment, by namespace and name: what its controller does first and
    /// where the pods go.
    pub deployments: Vec<DeploymentExplanation>,
    /// One entry per ReplicaSet that no Deployment of the file controls.
    pub replica_sets: Vec<ReplicaSetExplanation>,
    /// The warnings found in FILE (errors stop the command before a report).
    pub diagnostics: Vec<FileDiagnostic>,
}

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    En,
    Zh,
}

fn say(t: &Text, lang: Lang) -> &str {
    match lang {
        Lang::En => &t.en,
        Lang::Zh => &t.zh,
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn victim_list(victims: &[Victim]) -> String {
    victims
        .iter()
        .map(|v| format!("{}/{} (priority {})", v.namespace, v.name, v.priority))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per preemption candidate with its victims, the chosen one marked.
fn candidate_lines(p: &PreemptionResult, indent: &str) -> String {
    p.candidates
        .iter()
        .map(|c| {
            let chosen = if c.chosen { " (chosen)" } else { "" };
            format!(
                "{indent}candidate {}{chosen}: {}\n",
                c.node,
                victim_list(&c.victims)
            )
        })
        .collect()
}

/// One line per check: `pass`, `FAIL` (the decisive failure) or `fail`, then the plugin, the
/// reasons on failure and the explanation.
fn check_lines(checks: &[Check], lang: Lang) -> String {
    let mut o = String::new();
    for c in checks {
        if c.passed {
            o.push_str(&format!(
                "    pass {}: {}\n",
                c.plugin,
                say(&c.explanation, lang)
            ));
        } else {
            let mark = if c.decisive { "FAIL" } else { "fail" };
            o.push_str(&format!("    {mark} {}\n", check_line(c, lang)));
        }
    }
    o
}

/// The kubelet's admission of a bound pod: the verdict, what it means, each check the
/// kubelet runs and those it does not.
fn kubelet_lines(k: &KubeletAdmission, lang: Lang) -> String {
    let verdict = if !k.node_found {
        "node not found".to_string()
    } else {
        match (&k.result.reason, &k.result.message) {
            (Some(reason), Some(message)) => {
                format!("rejected, reason {reason}, message \"{REJECTED_MESSAGE_PREFIX}{message}\"")
            }
            _ if k.result.evicts_for_critical_pod => {
                "admitted after evicting pods (critical pod)".to_string()
            }
            _ => "admitted".to_string(),
        }
    };
    let mut o = format!(
        "  Kubelet admission on {}: {verdict}\n  {}\n",
        k.node,
        say(&k.summary, lang)
    );
    o.push_str(&check_lines(&k.checks, lang));
    for s in &k.skipped {
        o.push_str(&format!(
            "    not checked {}: {}\n",
            s.plugin,
            say(&s.explanation, lang)
        ));
    }
    o
}

fn check_line(c: &Check, lang: Lang) -> String {
    format!(
        "{}: {} — {}",
        c.plugin,
        c.reasons.join(", "),
        say(&c.explanation, lang)
    )
}

/// Runs `explain` with the arguments after the subcommand name.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file: Option<&str> = None;
    let mut json = false;
    let mut lang = Lang::En;
    let mut matrix_pod: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--output" | "-o" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    let _ = writeln!(
                        err,
                        "kubeplay explain: --output must be `text` or `json`, got {:?}",
                        other.unwrap_or("")
                    );
                    return 2;
                }
            },
            "--output=json" | "-ojson" => json = true,
            "--output=text" | "-otext" => json = false,
            "--lang" => match it.next().map(String::as_str) {
                Some("en") => lang = Lang::En,
                Some("zh") | Some("zh-CN") => lang = Lang::Zh,
                other => {
                    let _ = writeln!(
                        err,
                        "kubeplay explain: --lang must be `en` or `zh`, got {:?}",
                        other.unwrap_or("")
                    );
                    return 2;
                }
            },
            "--matrix" => match it.next() {
                Some(pod) => matrix_pod = Some(pod),
                None => {
                    let _ = writeln!(err, "kubeplay explain: --matrix needs a POD");
                    return 2;
                }
            },
            "--help" | "-h" => {
                let _ = write!(out, "{USAGE}");
                return 0;
            }
            f if file.is_none() && (f == "-" || !f.starts_with('-')) => file = Some(f),
            other => {
                let _ = writeln!(
                    err,
                    "kubeplay explain: unexpected argument `{other}`\n\n{USAGE}"
                );
                return 2;
            }
        }
    }
    let Some(file) = file else {
        let _ = writeln!(err, "kubeplay explain: missing FILE\n\n{USAGE}");
        return 2;
    };
    let loaded = match super::load_file("explain", file, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Some(pod) = matrix_pod {
        let matrix = match super::matrix::matrix_of(loaded.objects, pod) {
            Ok(m) => m,
            Err(message) => {
                let _ = writeln!(err, "kubeplay explain: {message}");
                return 1;
            }
        };
        let written = if json {
            super::write_json(out, &matrix)
        } else {
            write!(out, "{}", super::matrix::render_text(&matrix))
        };
        return i32::from(written.is_err());
    }
    let printed = loaded.diagnostics.len();
    let report = explain_file(loaded, super::shown_name(file));
    for d in &report.diagnostics[printed..] {
        let _ = write!(err, "{d}");
    }
    let written = if json {
        super::write_json(out, &report)
    } else {
        write!(out, "{}", render_text(&report, lang))
    };
    match written {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Explains the file `loaded` (named `file` in diagnostics) as `kubeplay explain` does: its
/// warnings are followed by the warning that the default cluster fills in, if it does. The
/// JavaScript API runs the same function.
pub fn explain_file(loaded: LoadedFile, file: &str) -> ExplainReport {
    let mut diagnostics = loaded.diagnostics;
    if fills_in(&loaded.objects) {
        diagnostics.push(FileDiagnostic::new(file, default_cluster_warning()));
    }
    report(loaded.objects, diagnostics)
}

/// The report `--output json` prints for `objects` (loaded without errors, with the warnings
/// `diagnostics`); without Node objects and without an empty node list the default cluster
/// is used.
pub fn report(mut objects: Objects, diagnostics: Vec<FileDiagnostic>) -> ExplainReport {
    let default_cluster = fill_in_default_cluster(&mut objects).is_some();
    // The input's pods as the API server holds them once it has created them.
    objects.pods.iter_mut().for_each(merge_on_create);
    let workloads = explain_workloads(&objects);
    let nodes = objects.nodes;
    let mut snapshot = ClusterSnapshot::new(&nodes, &objects.pods);
    // Preemption weighs the budgets by their status as the input holds it, as the scheduler
    // reads it from the API server (a budget without status allows no disruption yet, as a
    // new one before the disruption controller's first sync).
    snapshot.set_pod_disruption_budgets(
        objects
            .pod_disruption_budgets
            .iter()
            .cloned()
            .map(std::sync::Arc::new)
            .collect(),
    );
    let profiles = Profiles::of(objects.scheduler_configuration.as_ref());
    ExplainReport {
        kubernetes_version: crate::engine::KUBERNETES_VERSION.to_string(),
        nodes: snapshot.nodes().map(|n| n.name().to_string()).collect(),
        default_cluster,
        daemon_sets: objects
            .daemon_sets
            .iter()
            .map(|ds| explain_daemon_set(ds, &snapshot, &objects.priority_classes))
            .collect(),
        pods: objects
            .pods
            .iter()
            .map(|p| explain_pod(p, &snapshot, &objects.priority_classes, &profiles))
            .collect(),
        deployments: workloads.deployments,
        replica_sets: workloads.replica_sets,
        diagnostics,
    }
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

fn render_text(r: &ExplainReport, lang: Lang) -> String {
    let mut o = String::new();
    for ds in &r.daemon_sets {
        o.push_str(&format!(
            "DaemonSet {}/{}: a pod on {} of {} node(s) (priority {})\n",
            ds.namespace,
            ds.name,
            ds.desired_number_scheduled,
            ds.nodes.len(),
            ds.priority
        ));
        if let Some(e) = &ds.admission_error {
            o.push_str(&format!("  pods cannot be created: {e}\n"));
        }
        let w = ds
            .nodes
            .iter()
            .map(|n| n.node.chars().count())
            .max()
            .unwrap_or(4)
            .max(4)
            + 2;
        o.push_str(&format!(
            "  {}{}{}REASONS\n",
            pad("NODE", w),
            pad("SHOULD RUN", 12),
            pad("SHOULD CONTINUE RUNNING", 25)
        ));
        for n in &ds.nodes {
            let mut reasons: Vec<String> = n
                .checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| check_line(c, lang))
                .collect();
            if let Some(s) = &n.scheduling {
                if !s.fits {
                    if let Some(c) = s.checks.iter().find(|c| c.decisive) {
                        reasons.push(format!(
                            "scheduler: {} (the daemon pod stays Pending)",
                            check_line(c, lang)
                        ));
                    }
                }
            }
            if reasons.is_empty() {
                reasons.push("-".into());
            }
            o.push_str(&format!(
                "  {}{}{}{}\n",
                pad(&n.node, w),
                pad(yes(n.should_run), 12),
                pad(yes(n.should_continue_running), 25),
                reasons.join("; ")
            ));
        }
        for n in &ds.nodes {
            if let Some(s) = &n.scheduling {
                if let Some(m) = &s.failed_scheduling_message {
                    o.push_str(&format!(
                        "  FailedScheduling for the daemon pod on {}: {m}\n",
                        n.node
                    ));
                }
                if let Some(p) = &s.preemption {
                    if let Some(nn) = &p.nominated_node {
                        let victims: Vec<String> = p
                            .victims
                            .iter()
                            .map(|v| format!("{}/{}", v.namespace, v.name))
                            .collect();
                        o.push_str(&format!(
                            "  Preemption on {}: nominated node {nn}, victims: {}\n",
                            n.node,
                            victims.join(", ")
                        ));
                        o.push_str(&candidate_lines(p, "    "));
                    }
                }
            }
        }
        o.push('\n');
    }
    for p in &r.pods {
        if let Some(node) = &p.bound_to {
            o.push_str(&format!(
                "Pod {}/{}: bound to {node} (priority {})\n",
                p.namespace, p.name, p.priority
            ));
            if let Some(k) = &p.kubelet_admission {
                o.push_str(&kubelet_lines(k, lang));
            }
            o.push('\n');
            continue;
        }
        o.push_str(&format!(
            "Pod {}/{}: not bound (priority {})\n",
            p.namespace, p.name, p.priority
        ));
        if let Some(e) = &p.admission_error {
            o.push_str(&format!("  admission error: {e}\n\n"));
            continue;
        }
        if let Some(why) = &p.ignored_by_scheduler {
            o.push_str(&format!("  not scheduled: {}\n\n", say(why, lang)));
            continue;
        }
        for n in &p.nodes {
            o.push_str(&format!(
                "  node {}: {}\n",
                n.node,
                if n.feasible { "fits" } else { "does not fit" }
            ));
            o.push_str(&check_lines(&n.checks, lang));
        }
        if !p.scores.is_empty() {
            let mut ranked: Vec<&NodeScore> = p.scores.iter().collect();
            ranked.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.node.cmp(&b.node)));
            let list: Vec<String> = ranked
                .iter()
                .map(|s| format!("{} {}", s.node, s.total))
                .collect();
            o.push_str(&format!(
                "  Scores (ties go to the smallest node name): {}\n",
                list.join(", ")
            ));
            for s in &ranked {
                let parts: Vec<String> = s
                    .plugins
                    .iter()
                    .map(|p| format!("{} {}→{}×{}", p.plugin, p.raw, p.score, p.weight))
                    .collect();
                o.push_str(&format!("    {}: {}\n", s.node, parts.join(", ")));
            }
        }
        match &p.selected_node {
            Some(n) => o.push_str(&format!("  Scheduled: bound to {n}\n")),
            None => o.push_str("  Scheduled: no\n"),
        }
        if let Some(m) = &p.failed_scheduling_message {
            o.push_str(&format!("  FailedScheduling: {m}\n"));
        }
        if let Some(pre) = &p.preemption {
            match &pre.nominated_node {
                Some(n) => {
                    o.push_str(&format!(
                        "  Preemption: nominated node {n}, victims: {}\n",
                        victim_list(&pre.victims)
                    ));
                    o.push_str(&candidate_lines(pre, "    "));
                }
                None => o.push_str(&format!("  Preemption: none ({})\n", pre.message)),
            }
        }
        o.push('\n');
    }
    for d in &r.deployments {
        o.push_str(&format!(
            "Deployment {}/{}: {} replica(s){}\n  Strategy: {}\n  Next: {}\n",
            d.namespace,
            d.name,
            d.replicas,
            if d.paused { ", paused" } else { "" },
            say(&d.strategy, lang),
            say(&d.next, lang)
        ));
        let s = &d.status;
        o.push_str(&format!(
            "  Status: {} desired | {} updated | {} total | {} available | {} unavailable\n",
            d.replicas, s.updated, s.replicas, s.available, s.unavailable
        ));
        for c in &d.conditions {
            o.push_str(&format!(
                "  Condition {}={} ({}): {}\n",
                c.type_,
                c.status,
                c.reason.as_deref().unwrap_or(""),
                c.message.as_deref().unwrap_or("")
            ));
        }
        for rs in &d.replica_sets {
            o.push_str(&replica_set_lines(rs, "  "));
        }
        o.push('\n');
    }
    for rs in &r.replica_sets {
        o.push_str(&replica_set_lines(rs, ""));
        o.push('\n');
    }
    if r.daemon_sets.is_empty()
        && r.pods.is_empty()
        && r.deployments.is_empty()
        && r.replica_sets.is_empty()
    {
        o.push_str("No DaemonSet, Deployment, ReplicaSet or Pod to explain.\n");
    }
    o
}

/// A ReplicaSet and where each of its pods runs, or why it is pending.
fn replica_set_lines(rs: &ReplicaSetExplanation, indent: &str) -> String {
    let revision = rs
        .revision
        .map(|r| format!(", revision {r}"))
        .unwrap_or_default();
    let mut o = format!(
        "{indent}ReplicaSet {}/{}: {} replica(s){revision}\n",
        rs.namespace, rs.name, rs.replicas
    );
    for p in &rs.pods {
        match (&p.node, &p.failed_scheduling_message) {
            (Some(node), _) => o.push_str(&format!(
                "{indent}  pod {}: on {node} ({})\n",
                p.name, p.status
            )),
            (None, Some(message)) => {
                o.push_str(&format!("{indent}  pod {}: pending: {message}\n", p.name))
            }
            (None, None) => o.push_str(&format!(
                "{indent}  pod {}: pending ({})\n",
                p.name, p.status
            )),
        }
    }
    o
}

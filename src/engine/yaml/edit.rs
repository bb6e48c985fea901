//! Edits of a YAML text one document at a time (replace, remove, append), keeping the rest
//! of the text byte for byte: the other documents, comments, blank lines and line endings.
//! The board's edits (add or change a node, a new image, a rollback) go through here.
//!
//! Documents are found with the loader's own parse: each has a span (its `---`, its first
//! and last tokens, its `...`). A document's *content* runs from the line of its first token
//! through its last content line, the last lines its last scalar runs on; the comment and
//! blank lines after it stay between documents. Replacing a document replaces its content
//! (its `---`, its `...` and the comments around stay); removing it also removes its `---`
//! line and its `...` line (unless a bare document after it needs that `...` to start); an
//! appended document gets a `---` line when the text has content. A document that does not
//! parse is kept as written: reading resumes at the next `---` or `...` line, so the
//! documents after it can still be found and edited.

use std::ops::Range;

use super::node::{self, is_marker_at, LastScalar, Span};
use super::{document_objects, to_yaml, Objects};
use crate::engine::api::scenario::{
    Action as StepAction, DrainSpec, Duration, PodRef, Scenario, Step, Workload, WorkloadKind,
};
use crate::engine::api::{Node, ObjectMeta};

/// One document of a text: where it is and the objects it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Its content lines: what [`replace_document`] replaces.
    pub content: Range<usize>,
    /// Its content with its `---` and `...` lines: what [`remove_document`] removes.
    pub whole: Range<usize>,
    /// The objects it holds, as [`load`](super::load) reads them.
    pub objects: Objects,
}

/// A parsed document, not decoded yet.
struct Parsed {
    root: node::Node,
    usable: bool,
    content: Range<usize>,
    whole: Range<usize>,
}

/// The first document of `text` whose objects satisfy `wanted` (documents are decoded one
/// by one until then).
pub fn find_document(text: &str, wanted: impl Fn(&Objects) -> bool) -> Option<Document> {
    parse(text).into_iter().find_map(|parsed| {
        let objects = document_objects(&parsed.root, parsed.usable);
        wanted(&objects).then_some(Document {
            content: parsed.content,
            whole: parsed.whole,
            objects,
        })
    })
}

/// Replaces the content of `document`, found in `text`, with `yaml` (one document without
/// markers, written with `\n` line ends: they follow the text's).
pub fn replace_document(text: &str, document: &Document, yaml: &str) -> String {
    let Range { start, end } = document.content;
    let newline = newline_of(text);
    let mut out = String::with_capacity(text.len() + yaml.len());
    out.push_str(&text[..start]);
    // A document that starts on its `---` line (`--- {...}`) goes on the next line: a block
    // mapping cannot start there.
    if !at_line_start(text, start) {
        out.push_str(newline);
    }
    out.push_str(&with_newline(yaml, newline));
    if end < text.len() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&text[end..]);
    out
}

/// Removes `document`, found in `text`, with its markers.
pub fn remove_document(text: &str, document: &Document) -> String {
    let Range { start, end } = document.whole;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(&text[end..]);
    out
}

/// Appends `yaml` (one document without markers, written with `\n` line ends: they follow
/// the text's) as the text's last document.
pub fn append_document(text: &str, yaml: &str) -> String {
    let newline = newline_of(text);
    let mut out = String::with_capacity(text.len() + yaml.len() + 5);
    out.push_str(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    if text.lines().any(|line| !is_blank_or_comment(line)) {
        out.push_str("---");
        out.push_str(newline);
    }
    out.push_str(&with_newline(yaml, newline));
    out
}

/// The documents of `text`, reading on past those that do not parse.
fn parse(text: &str) -> Vec<Parsed> {
    let mut parsed = Vec::new();
    let mut from = text_start(text);
    loop {
        let stream = node::read_stream(&text[from..]);
        // The document that stops reading starts after the last complete one.
        let mut failed_after = from;
        for (i, document) in stream.documents.into_iter().enumerate() {
            let span = shifted(document.span, from);
            failed_after = span.end;
            let (content, whole) = extent(text, &span);
            parsed.push(Parsed {
                root: document.root,
                usable: !stream.broken_documents.contains(&i),
                content,
                whole,
            });
        }
        if stream.complete {
            return parsed;
        }
        match next_marker_line(text, failed_after) {
            Some(at) => from = at,
            None => return parsed,
        }
    }
}

/// `span` of a document read from `text[from..]`, in offsets of `text`.
fn shifted(span: Span, from: usize) -> Span {
    Span {
        start_marker: span.start_marker.map(|at| at + from),
        first_token: span.first_token + from,
        last_scalar: span.last_scalar + from,
        end: span.end + from,
        ..span
    }
}

/// A document's content and whole lines (see the module documentation).
fn extent(text: &str, span: &Span) -> (Range<usize>, Range<usize>) {
    let first_line = line_start(text, span.first_token);
    let content_start = match span.start_marker {
        Some(marker) if line_start(text, marker) == first_line => span.first_token,
        _ => first_line,
    };
    let last = match span.last_scalar_style {
        LastScalar::SingleQuoted => closing_quote(text, span.last_scalar, '\''),
        LastScalar::DoubleQuoted => closing_quote(text, span.last_scalar, '"'),
        LastScalar::Plain | LastScalar::Block => span.last_scalar,
    };
    // The lines the last scalar runs on: a block scalar's indented lines, or (a plain scalar
    // or a closing bracket) any line that is not blank or a comment.
    let continues = |line: &str| match span.last_scalar_style {
        LastScalar::Block => line.starts_with([' ', '\t']) && !line.trim().is_empty(),
        _ => !is_blank_or_comment(line),
    };
    let mut content_end = line_end(text, last).min(span.end).max(content_start);
    let mut at = content_end;
    while at < span.end {
        let next = line_end(text, at);
        if continues(&text[at..next]) {
            content_end = next;
        }
        at = next;
    }
    let whole_start = line_start(text, span.start_marker.unwrap_or(content_start));
    let after_end_marker = line_end(text, span.end);
    let whole_end = if span.end_marker && next_document_is_marked(text, after_end_marker) {
        after_end_marker
    } else {
        content_end
    };
    (content_start..content_end, whole_start..whole_end)
}

/// Whether what follows `from` (past blank and comment lines) is nothing or starts with a
/// marker or directive line, so that it does not need a `...` before it.
fn next_document_is_marked(text: &str, from: usize) -> bool {
    text[from..]
        .lines()
        .find(|line| !is_blank_or_comment(line))
        .is_none_or(|line| {
            is_marker_at(line, 0, "---") || is_marker_at(line, 0, "...") || line.starts_with('%')
        })
}

/// The first `---` or `...` line after the line of `after`.
fn next_marker_line(text: &str, after: usize) -> Option<usize> {
    let mut at = line_end(text, after);
    while at < text.len() {
        if is_marker_at(text, at, "---") || is_marker_at(text, at, "...") {
            return Some(at);
        }
        at = line_end(text, at);
    }
    None
}

/// The closing quote of the quoted scalar that opens at `open`.
fn closing_quote(text: &str, open: usize, quote: char) -> usize {
    let Some(open) = text[open..].find(quote).map(|i| open + i) else {
        return open;
    };
    let mut chars = text[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            // In single quotes, `''` is a quote.
            if quote == '\'' && text[open + 1 + i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return open + 1 + i;
            }
        }
    }
    open
}

/// Where the text starts: after its byte order mark, if it has one.
fn text_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The start of the line of `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(text_start(text), |i| i + 1)
}

/// The start of the line after the line of `at`.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn at_line_start(text: &str, at: usize) -> bool {
    line_start(text, at) == at
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// The text's line end: `\r\n` when it has one, `\n` otherwise.
fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn with_newline(yaml: &str, newline: &str) -> String {
    if newline == "\n" {
        yaml.to_owned()
    } else {
        yaml.replace('\n', newline)
    }
}

fn node_yaml(node: &Node) -> String {
    to_yaml(&Objects {
        nodes: vec![node.clone()],
        ..Objects::default()
    })
}

fn is_only_node(objects: &Objects, name: &str) -> bool {
    objects.nodes.len() == 1
        && objects.nodes[0].metadata.name == name
        && objects.daemon_sets.is_empty()
        && objects.deployments.is_empty()
        && objects.replica_sets.is_empty()
        && objects.stateful_sets.is_empty()
        && objects.pod_disruption_budgets.is_empty()
        && objects.pods.is_empty()
}

/// Replaces the document of the node with the same name, or appends the node.
pub fn upsert_node(text: &str, node: &Node) -> String {
    let name = &node.metadata.name;
    match find_document(text, |o| is_only_node(o, name)) {
        Some(document) => replace_document(text, &document, &node_yaml(node)),
        None => append_document(text, &node_yaml(node)),
    }
}

/// Removes the document of the node; a node inside a `List` is left alone.
pub fn delete_node(text: &str, name: &str) -> String {
    match find_document(text, |o| is_only_node(o, name)) {
        Some(document) => remove_document(text, &document),
        None => text.to_owned(),
    }
}

/// When a step written for the frame on screen runs: at the frame's virtual time, after the
/// steps that had started by then and before the later ones (appended after a later step, it
/// would wait for that one and run too late).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepTime {
    /// The frame's virtual time (the step's `at`).
    pub at_ms: u64,
    /// How many of the scenario's steps had started by the frame (None: after them all).
    pub steps_before: Option<usize>,
}

impl From<u64> for StepTime {
    /// At `at_ms`, after every step of the scenario.
    fn from(at_ms: u64) -> StepTime {
        StepTime {
            at_ms,
            steps_before: None,
        }
    }
}

/// Adds a scenario step at `when` (creating the Scenario if there is none).
fn add_step(text: &str, when: impl Into<StepTime>, action: StepAction) -> String {
    let when = when.into();
    let step = Step {
        at: Some(Duration { millis: when.at_ms }),
        after: None,
        action,
    };
    let found = find_document(text, |o| o.scenario.is_some());
    let mut scenario = found
        .as_ref()
        .and_then(|document| document.objects.scenario.clone())
        .unwrap_or_else(|| Scenario {
            metadata: ObjectMeta {
                name: "playground".into(),
                ..ObjectMeta::default()
            },
            ..Scenario::default()
        });
    let steps = &mut scenario.spec.steps;
    steps.insert(
        when.steps_before.unwrap_or(steps.len()).min(steps.len()),
        step,
    );
    let yaml = to_yaml(&Objects {
        scenario: Some(scenario),
        ..Objects::default()
    });
    match found {
        Some(document) => replace_document(text, &document, &yaml),
        None => append_document(text, &yaml),
    }
}

/// The workload of `kind` named `namespace/name` (or `name` in the `default` namespace).
fn workload(kind: WorkloadKind, key: &str) -> Workload {
    match key.split_once('/') {
        Some((namespace, name)) => Workload::new(kind, name, namespace),
        None => Workload::new(kind, key, "default"),
    }
}

/// Adds a `setImage` step for the first container of a workload (`namespace/name`) at
/// `when`.
pub fn add_set_image_step(
    text: &str,
    kind: WorkloadKind,
    key: &str,
    image: &str,
    when: impl Into<StepTime>,
) -> String {
    let action = StepAction::SetImage {
        workload: workload(kind, key),
        container: None,
        image: image.to_owned(),
    };
    add_step(text, when, action)
}

/// Adds a `rollback` step for a workload (`namespace/name`) at `when`.
pub fn add_rollback_step(
    text: &str,
    kind: WorkloadKind,
    key: &str,
    to_revision: Option<i64>,
    when: impl Into<StepTime>,
) -> String {
    let action = StepAction::Rollback {
        workload: workload(kind, key),
        to_revision,
    };
    add_step(text, when, action)
}

/// Adds a `scale` step for a workload (`namespace/name`) at `when`.
pub fn add_scale_step(
    text: &str,
    kind: WorkloadKind,
    key: &str,
    replicas: i32,
    when: impl Into<StepTime>,
) -> String {
    let action = StepAction::Scale {
        workload: workload(kind, key),
        replicas,
    };
    add_step(text, when, action)
}

/// Adds a `setPartition` step for a StatefulSet (`namespace/name`) at `when`.
pub fn add_partition_step(
    text: &str,
    stateful_set: &str,
    partition: i32,
    when: impl Into<StepTime>,
) -> String {
    let action = StepAction::SetPartition {
        workload: workload(WorkloadKind::StatefulSet, stateful_set),
        partition,
    };
    add_step(text, when, action)
}

/// Adds a `pause` (`paused`) or `resume` step for a Deployment (`namespace/name`) at
/// `when`.
pub fn add_pause_step(
    text: &str,
    deployment: &str,
    paused: bool,
    when: impl Into<StepTime>,
) -> String {
    let target = workload(WorkloadKind::Deployment, deployment);
    let action = if paused {
        StepAction::Pause(target)
    } else {
        StepAction::Resume(target)
    };
    add_step(text, when, action)
}

/// Adds a `cordon` (`unschedulable`) or `uncordon` step for a node at `when`.
pub fn add_cordon_step(
    text: &str,
    node: &str,
    unschedulable: bool,
    when: impl Into<StepTime>,
) -> String {
    let action = if unschedulable {
        StepAction::Cordon(node.to_owned())
    } else {
        StepAction::Uncordon(node.to_owned())
    };
    add_step(text, when, action)
}

/// Adds a `deletePod: {name, namespace}` step for the pod `namespace/name` at `when`
/// (`kubectl delete pod NAME`: a graceful delete; its controller, if any, replaces it).
pub fn add_delete_pod_step(text: &str, pod: &str, when: impl Into<StepTime>) -> String {
    let (namespace, name) = pod.split_once('/').unwrap_or(("default", pod));
    let action = StepAction::DeletePod(PodRef::Named {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
    });
    add_step(text, when, action)
}

/// Adds a `drain` step at `when`.
pub fn add_drain_step(text: &str, spec: DrainSpec, when: impl Into<StepTime>) -> String {
    add_step(text, when, StepAction::Drain(spec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Taint, TaintEffect};
    use crate::engine::yaml::load;

    const TEXT: &str = "# my cluster\napiVersion: v1\nkind: Node\nmetadata:\n  name: a # first\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: b\n";

    fn names(text: &str) -> Vec<String> {
        let loaded = load(text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        loaded
            .objects
            .nodes
            .iter()
            .map(|n| n.metadata.name.clone())
            .collect()
    }

    /// A node `name` with a taint, as the board writes it.
    fn node(name: &str) -> Node {
        let mut node = load(&format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n"
        ))
        .objects
        .nodes
        .remove(0);
        node.spec.taints.push(Taint {
            key: "dedicated".into(),
            value: "gpu".into(),
            effect: TaintEffect::NoSchedule,
            time_added: None,
        });
        node
    }

    #[test]
    fn a_new_node_is_appended_and_the_other_documents_keep_their_comments() {
        let out = upsert_node(TEXT, &node("c"));
        assert_eq!(names(&out), ["a", "b", "c"]);
        assert_eq!(out, format!("{TEXT}---\n{}", node_yaml(&node("c"))));
        assert!(out.contains("dedicated"));
    }

    #[test]
    fn an_edited_node_replaces_its_own_document_only() {
        let out = upsert_node(TEXT, &node("b"));
        assert_eq!(names(&out), ["a", "b"]);
        let (first, _) = TEXT.split_once("---\n").expect("two documents");
        assert_eq!(out, format!("{first}---\n{}", node_yaml(&node("b"))));
        assert_eq!(load(&out).objects.nodes[1].spec.taints.len(), 1);
    }

    #[test]
    fn deleting_a_node_removes_its_document_and_separator() {
        let (first, second) = TEXT.split_once("---\n").expect("two documents");
        assert_eq!(delete_node(TEXT, "b"), first);
        assert_eq!(names(&delete_node(TEXT, "b")), ["a"]);
        // The comment above the first document is not part of it.
        assert_eq!(
            delete_node(TEXT, "a"),
            format!("# my cluster\n---\n{second}")
        );
        assert_eq!(names(&delete_node(TEXT, "a")), ["b"]);
        assert_eq!(delete_node(TEXT, "zzz"), TEXT);
    }

    #[test]
    fn a_set_image_step_creates_a_scenario_or_extends_the_existing_one() {
        let once = add_set_image_step(
            TEXT,
            WorkloadKind::DaemonSet,
            "kube-system/ds",
            "img:v2",
            12_000,
        );
        let twice = add_rollback_step(
            &once,
            WorkloadKind::DaemonSet,
            "kube-system/ds",
            None,
            30_000,
        );
        let loaded = load(&twice);
        assert!(!loaded.has_errors(), "{:?}\n{twice}", loaded.diagnostics);
        let steps = &loaded.objects.scenario.expect("a scenario").spec.steps;
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].at, Some(Duration { millis: 12_000 }));
        assert!(
            matches!(&steps[0].action, StepAction::SetImage { image, workload, .. } if image == "img:v2" && *workload == Workload::daemon_set("ds", "kube-system"))
        );
        assert!(matches!(
            &steps[1].action,
            StepAction::Rollback {
                to_revision: None,
                ..
            }
        ));
        assert_eq!(names(&twice), ["a", "b"]);
        assert!(twice.starts_with(TEXT), "{twice}");
    }

    #[test]
    fn a_step_for_a_frame_mid_run_goes_before_the_steps_that_start_later() {
        let text = "apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: s\nspec:\n  steps:\n  - cordon: a\n  - wait: 1m\n  - uncordon: a\n";
        let when = StepTime {
            at_ms: 5_000,
            steps_before: Some(1),
        };
        let text = add_delete_pod_step(text, "default/p", when);
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = &loaded.objects.scenario.expect("a scenario").spec.steps;
        assert_eq!(steps.len(), 4);
        assert!(
            matches!(steps[1].action, StepAction::DeletePod(_)),
            "{text}"
        );
        assert_eq!(steps[1].at, Some(Duration { millis: 5_000 }));
        assert!(matches!(steps[3].action, StepAction::Uncordon(_)));
    }

    #[test]
    fn a_delete_pod_step_names_the_pod_and_its_namespace() {
        let text = add_delete_pod_step(TEXT, "kube-system/agent-x7k2p", 42_000);
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = &loaded.objects.scenario.expect("a scenario").spec.steps;
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].at, Some(Duration { millis: 42_000 }));
        assert_eq!(
            steps[0].action,
            StepAction::DeletePod(PodRef::Named {
                name: "agent-x7k2p".into(),
                namespace: "kube-system".into(),
            })
        );
    }

    #[test]
    fn deployment_edits_become_steps_that_name_the_deployment_by_its_kind() {
        let mut text = TEXT.to_owned();
        text = add_set_image_step(&text, WorkloadKind::Deployment, "web", "nginx:2", 1_000);
        text = add_scale_step(&text, WorkloadKind::Deployment, "web", 5, 2_000);
        text = add_pause_step(&text, "web", true, 3_000);
        text = add_pause_step(&text, "web", false, 4_000);
        text = add_rollback_step(&text, WorkloadKind::Deployment, "web", Some(1), 5_000);
        text = add_scale_step(&text, WorkloadKind::ReplicaSet, "apps/web-1", 0, 6_000);
        assert!(text.contains("deployment: web"), "{text}");
        let loaded = load(&text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        let steps = &loaded.objects.scenario.expect("a scenario").spec.steps;
        let web = Workload::deployment("web", "default");
        let expected = [
            StepAction::SetImage {
                workload: web.clone(),
                container: None,
                image: "nginx:2".into(),
            },
            StepAction::Scale {
                workload: web.clone(),
                replicas: 5,
            },
            StepAction::Pause(web.clone()),
            StepAction::Resume(web.clone()),
            StepAction::Rollback {
                workload: web,
                to_revision: Some(1),
            },
            StepAction::Scale {
                workload: Workload::new(WorkloadKind::ReplicaSet, "web-1", "apps"),
                replicas: 0,
            },
        ];
        let actions: Vec<&StepAction> = steps.iter().map(|s| &s.action).collect();
        assert_eq!(actions, expected.iter().collect::<Vec<_>>());
        let times: Vec<u64> = steps
            .iter()
            .filter_map(|s| s.at.map(|d| d.millis))
            .collect();
        assert_eq!(times, [1_000, 2_000, 3_000, 4_000, 5_000, 6_000]);
        assert!(text.starts_with(TEXT), "{text}");
    }

    /// Every edit keeps the text outside the edited document byte for byte.
    #[test]
    fn one_document_is_edited_and_the_rest_of_the_text_is_kept() {
        const A: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n";
        const B: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: b}\n";
        let new_a = node_yaml(&node("a"));
        let new_b = node_yaml(&node("b"));
        let new_c = node_yaml(&node("c"));
        let crlf = |text: &str| text.replace('\n', "\r\n");
        let block_scalar = format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  annotations:\n    note: |\n      first\n      # not a comment\n\n# a comment\n---\n{B}"
        );
        let quoted_scalar = format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  annotations:\n    note: \"first\n      # inside the quotes\"\n# a comment\n---\n{B}"
        );
        let flow = "--- {apiVersion: v1, kind: Node, metadata: {name: a}}\n";
        type Edit = Box<dyn Fn(&str) -> String>;
        // (case, text, edit, expected text)
        let cases: Vec<(&str, String, Edit, String)> = vec![
            (
                "a comment before `---` stays when the document above it is replaced",
                format!("{A}# b is next\n---\n{B}"),
                Box::new(|t| upsert_node(t, &node("a"))),
                format!("{new_a}# b is next\n---\n{B}"),
            ),
            (
                "a comment before `---` stays when the document below it is removed",
                format!("{A}# b is next\n---\n{B}"),
                Box::new(|t| delete_node(t, "b")),
                format!("{A}# b is next\n"),
            ),
            (
                "a comment between `---` and the content stays when the document is replaced",
                format!("{A}---\n# b is a GPU node\n{B}"),
                Box::new(|t| upsert_node(t, &node("b"))),
                format!("{A}---\n# b is a GPU node\n{new_b}"),
            ),
            (
                "a `...` end marker stays when its document is replaced",
                format!("{A}...\n---\n{B}"),
                Box::new(|t| upsert_node(t, &node("a"))),
                format!("{new_a}...\n---\n{B}"),
            ),
            (
                "a `...` end marker goes with its document when the next one has a `---`",
                format!("{A}...\n---\n{B}"),
                Box::new(|t| delete_node(t, "a")),
                format!("---\n{B}"),
            ),
            (
                "a `...` end marker stays when a bare document follows it",
                format!("---\n{A}...\n{B}"),
                Box::new(|t| delete_node(t, "a")),
                format!("...\n{B}"),
            ),
            (
                "a document that fails to parse is kept and the one after it is replaced",
                format!("{A}---\nbroken: [\n---\n{B}"),
                Box::new(|t| upsert_node(t, &node("b"))),
                format!("{A}---\nbroken: [\n---\n{new_b}"),
            ),
            (
                "a document that fails to parse is kept when the one before it is removed",
                format!("{A}---\nbroken: [\n---\n{B}"),
                Box::new(|t| delete_node(t, "a")),
                format!("---\nbroken: [\n---\n{B}"),
            ),
            (
                "CRLF line ends are kept and the new content uses them",
                crlf(&format!("{A}---\n{B}")),
                Box::new(|t| upsert_node(t, &node("b"))),
                crlf(&format!("{A}---\n{new_b}")),
            ),
            (
                "CRLF line ends are used for an appended document and its `---`",
                crlf(&format!("{A}---\n{B}")),
                Box::new(|t| upsert_node(t, &node("c"))),
                crlf(&format!("{A}---\n{B}---\n{new_c}")),
            ),
            (
                "a block scalar's indented `#` lines are its text; the comment after it is not",
                block_scalar.clone(),
                Box::new(|t| delete_node(t, "a")),
                format!("\n# a comment\n---\n{B}"),
            ),
            (
                "a quoted scalar's `#` lines are its text; the comment after it is not",
                quoted_scalar.clone(),
                Box::new(|t| delete_node(t, "a")),
                format!("# a comment\n---\n{B}"),
            ),
            (
                "content written on its `---` line is replaced on the next line",
                flow.to_owned(),
                Box::new(|t| upsert_node(t, &node("a"))),
                format!("--- \n{new_a}"),
            ),
            (
                "a text of comments gets its first document without `---`",
                "# nothing yet\n".to_owned(),
                Box::new(|t| upsert_node(t, &node("c"))),
                format!("# nothing yet\n{new_c}"),
            ),
            (
                "a text without a last line end gets one before the `---`",
                A.trim_end().to_owned(),
                Box::new(|t| upsert_node(t, &node("c"))),
                format!("{A}---\n{new_c}"),
            ),
            (
                "a byte order mark stays in front",
                format!("\u{feff}{A}"),
                Box::new(|t| upsert_node(t, &node("a"))),
                format!("\u{feff}{new_a}"),
            ),
        ];
        for (name, text, edit, expected) in cases {
            let out = edit(&text);
            assert_eq!(out, expected, "{name}");
            let loaded = load(&out);
            let broken = text.contains("broken");
            assert_eq!(
                loaded.has_errors(),
                broken,
                "{name}: {:?}",
                loaded.diagnostics
            );
        }
    }
}

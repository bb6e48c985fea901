//! Writes edits made on the board back into the editor's text, document by document, so
//! that comments and formatting of the untouched documents are kept. The engine parses and
//! prints the objects; this module only finds and replaces whole `---` documents.

use std::ops::Range;

use crate::engine::api::scenario::{Action as StepAction, Duration, Scenario, Step};
use crate::engine::api::{Node, ObjectMeta};
use crate::engine::yaml::{self, Objects};

/// Byte ranges of the documents of a YAML text (separator lines excluded).
fn documents(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let is_separator =
            content == "---" || content.starts_with("--- ") || content.starts_with("---\t");
        if is_separator {
            ranges.push(start..offset);
            start = offset + line.len();
        }
        offset += line.len();
    }
    ranges.push(start..text.len());
    ranges
}

/// The index of the first document whose objects satisfy `wanted`.
fn find_document(text: &str, wanted: impl Fn(&Objects) -> bool) -> Option<Range<usize>> {
    documents(text)
        .into_iter()
        .find(|range| wanted(&yaml::load(&text[range.clone()]).objects))
}

/// Replaces `range` of `text` with `replacement` (a document without separators).
fn replace_document(text: &str, range: Range<usize>, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(&text[..range.start]);
    out.push_str(replacement);
    out.push_str(&text[range.end..]);
    out
}

/// Appends a document.
fn append_document(text: &str, document: &str) -> String {
    let mut out = text.trim_end_matches('\n').to_owned();
    if !out.trim().is_empty() {
        out.push_str("\n---\n");
    }
    out.push_str(document);
    out
}

fn node_yaml(node: &Node) -> String {
    yaml::to_yaml(&Objects {
        nodes: vec![node.clone()],
        ..Objects::default()
    })
}

fn is_only_node(objects: &Objects, name: &str) -> bool {
    objects.nodes.len() == 1
        && objects.nodes[0].metadata.name == name
        && objects.daemon_sets.is_empty()
        && objects.pods.is_empty()
}

/// Replaces the document of the node with the same name, or appends the node.
pub fn upsert_node(text: &str, node: &Node) -> String {
    let name = &node.metadata.name;
    match find_document(text, |o| is_only_node(o, name)) {
        Some(range) => replace_document(text, range, &node_yaml(node)),
        None => append_document(text, &node_yaml(node)),
    }
}

/// Removes the document of the node; a node inside a `List` is left alone.
pub fn delete_node(text: &str, name: &str) -> String {
    let Some(range) = find_document(text, |o| is_only_node(o, name)) else {
        return text.to_owned();
    };
    // Remove the document together with the separator line before it (or after it, for
    // the first document).
    let before = text[..range.start].trim_end_matches(['\n', '\r']);
    let start = if range.start == 0 {
        0
    } else {
        before.rfind('\n').map_or(0, |i| i + 1)
    };
    let (start, end) = if range.start == 0 {
        let rest = &text[range.end..];
        let skip = rest.split_inclusive('\n').next().map_or(0, str::len);
        (0, range.end + skip)
    } else {
        (start, range.end)
    };
    let mut out = String::new();
    out.push_str(&text[..start]);
    out.push_str(&text[end..]);
    out
}

/// Adds a scenario step at virtual time `at_ms` (creating the Scenario if there is none).
fn add_step(text: &str, at_ms: u64, action: StepAction) -> String {
    let step = Step {
        at: Some(Duration { millis: at_ms }),
        after: None,
        action,
    };
    let found = find_document(text, |o| o.scenario.is_some());
    let mut scenario = found
        .as_ref()
        .and_then(|range| yaml::load(&text[range.clone()]).objects.scenario)
        .unwrap_or_else(|| Scenario {
            metadata: ObjectMeta {
                name: "playground".into(),
                ..ObjectMeta::default()
            },
            ..Scenario::default()
        });
    scenario.spec.steps.push(step);
    let document = yaml::to_yaml(&Objects {
        scenario: Some(scenario),
        ..Objects::default()
    });
    match found {
        Some(range) => replace_document(text, range, &document),
        None => append_document(text, &document),
    }
}

fn split_key(key: &str) -> (String, String) {
    match key.split_once('/') {
        Some((namespace, name)) => (namespace.to_owned(), name.to_owned()),
        None => ("default".to_owned(), key.to_owned()),
    }
}

/// Adds a `setImage` step for a DaemonSet (`namespace/name`) at `at_ms`.
pub fn add_set_image_step(text: &str, daemon_set: &str, image: &str, at_ms: u64) -> String {
    let (namespace, name) = split_key(daemon_set);
    add_step(
        text,
        at_ms,
        StepAction::SetImage {
            daemon_set: name,
            namespace,
            container: None,
            image: image.to_owned(),
        },
    )
}

/// Adds a `rollback` step for a DaemonSet (`namespace/name`) at `at_ms`.
pub fn add_rollback_step(
    text: &str,
    daemon_set: &str,
    to_revision: Option<i64>,
    at_ms: u64,
) -> String {
    let (namespace, name) = split_key(daemon_set);
    add_step(
        text,
        at_ms,
        StepAction::Rollback {
            daemon_set: name,
            namespace,
            to_revision,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{Taint, TaintEffect};

    const TEXT: &str = "# my cluster\napiVersion: v1\nkind: Node\nmetadata:\n  name: a # first\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: b\n";

    fn names(text: &str) -> Vec<String> {
        let loaded = yaml::load(text);
        assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
        loaded
            .objects
            .nodes
            .iter()
            .map(|n| n.metadata.name.clone())
            .collect()
    }

    fn node(name: &str) -> Node {
        let mut node = yaml::load(&format!(
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
        assert!(out.starts_with(TEXT.trim_end()), "{out}");
        assert!(out.contains("dedicated"));
    }

    #[test]
    fn an_edited_node_replaces_its_own_document_only() {
        let out = upsert_node(TEXT, &node("b"));
        assert_eq!(names(&out), ["a", "b"]);
        assert!(out.contains("name: a # first"));
        let loaded = yaml::load(&out);
        assert_eq!(loaded.objects.nodes[1].spec.taints.len(), 1);
    }

    #[test]
    fn deleting_a_node_removes_its_document_and_separator() {
        assert_eq!(names(&delete_node(TEXT, "b")), ["a"]);
        assert_eq!(names(&delete_node(TEXT, "a")), ["b"]);
        assert_eq!(delete_node(TEXT, "zzz"), TEXT);
    }

    #[test]
    fn a_set_image_step_creates_a_scenario_or_extends_the_existing_one() {
        let once = add_set_image_step(TEXT, "kube-system/ds", "img:v2", 12_000);
        let twice = add_rollback_step(&once, "kube-system/ds", None, 30_000);
        let loaded = yaml::load(&twice);
        assert!(!loaded.has_errors(), "{:?}\n{twice}", loaded.diagnostics);
        let steps = &loaded.objects.scenario.expect("a scenario").spec.steps;
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].at, Some(Duration { millis: 12_000 }));
        assert!(
            matches!(&steps[0].action, StepAction::SetImage { image, namespace, .. } if image == "img:v2" && namespace == "kube-system")
        );
        assert!(matches!(
            &steps[1].action,
            StepAction::Rollback {
                to_revision: None,
                ..
            }
        ));
        assert_eq!(names(&twice), ["a", "b"]);
    }
}

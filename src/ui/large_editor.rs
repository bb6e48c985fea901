//! The editor of very large texts (over [`super::editor::LARGE_TEXT_BYTES`]). A text area lays
//! out its whole text at once: for the 2 MB of the 5,000-node lesson that is about 0.8 s in
//! which the page cannot answer. Here the text is cut into chunks of lines inside one
//! editable element (`contenteditable="plaintext-only"`), and a chunk that is off screen is
//! not laid out (`content-visibility: auto`). Typing changes one chunk, and only that chunk
//! is read back.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};
use yew::prelude::*;

use super::i18n::{tr, Lang};
use super::shared_text::same_text;
use super::state::{Action, AppState};

/// Lines per chunk.
const CHUNK_LINES: usize = 200;

/// `text` cut into chunks of [`CHUNK_LINES`] lines; each chunk keeps its line ends, so the
/// chunks joined are the text.
pub fn chunks(text: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut lines = 0;
    for (at, _) in text.match_indices('\n') {
        lines += 1;
        if lines == CHUNK_LINES {
            chunks.push(&text[start..=at]);
            start = at + 1;
            lines = 0;
        }
    }
    if start < text.len() || chunks.is_empty() {
        chunks.push(&text[start..]);
    }
    chunks
}

/// The 0-based chunk that holds 1-based line `line`.
pub fn chunk_of_line(line: usize) -> usize {
    line.saturating_sub(1) / CHUNK_LINES
}

/// What the editable element holds: the text it was built from or last read back, and the
/// text of each of its child nodes, in order.
#[derive(Default)]
struct Held {
    text: Rc<str>,
    parts: Vec<String>,
}

/// Props of [`LargeEditor`].
#[derive(Properties)]
pub struct LargeEditorProps {
    /// The editor's text.
    pub text: Rc<str>,
    /// The UI language.
    pub lang: Lang,
    /// Dispatches the edits.
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for LargeEditorProps {
    fn eq(&self, other: &LargeEditorProps) -> bool {
        same_text(&self.text, &other.text)
            && self.lang == other.lang
            && self.dispatch == other.dispatch
    }
}

/// The text of every child node of `host`, in order.
fn read_parts(host: &HtmlElement) -> Vec<String> {
    let nodes = host.child_nodes();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|node| node.text_content().unwrap_or_default())
        .collect()
}

/// The index among `host`'s child nodes of the child that contains `node`.
fn child_index(host: &HtmlElement, node: Node) -> Option<usize> {
    let host: &Node = host.as_ref();
    let mut child = node;
    while child.parent_node().as_ref() != Some(host) {
        child = child.parent_node()?;
    }
    let mut index = 0;
    let mut before = child.previous_sibling();
    while let Some(sibling) = before {
        index += 1;
        before = sibling.previous_sibling();
    }
    Some(index)
}

/// Rebuilds `host`'s chunks from `text`.
fn build(host: &HtmlElement, text: &str) -> Vec<String> {
    host.set_inner_html("");
    let document = gloo::utils::document();
    let mut parts = Vec::new();
    for chunk in chunks(text) {
        let Ok(div) = document.create_element("div") else {
            continue;
        };
        div.set_class_name("chunk");
        let lines = chunk.matches('\n').count().max(1);
        let _ = div.set_attribute("style", &format!("--lines: {lines}"));
        div.set_text_content(Some(chunk));
        let _ = host.append_child(&div);
        parts.push(chunk.to_owned());
    }
    parts
}

/// Puts the caret at the start (`end` false) or the end of the text and shows it: the
/// browser's own Ctrl+Home/End stop at the chunks it has laid out.
fn caret_to(host: &HtmlElement, end: bool) {
    let target = if end {
        host.last_child()
    } else {
        host.first_child()
    };
    let (Some(target), Some(selection)) =
        (target, gloo::utils::window().get_selection().ok().flatten())
    else {
        return;
    };
    let offset = if end {
        target.child_nodes().length()
    } else {
        0
    };
    let _ = selection.collapse_with_offset(Some(&target), offset);
    if let Some(element) = target.dyn_ref::<web_sys::Element>() {
        element.scroll_into_view_with_bool(!end);
    }
}

/// Shows line `line` (1-based) of the large editor and puts the caret at its chunk.
pub fn go_to_line(line: usize) {
    let Some(host) = gloo::utils::document()
        .get_element_by_id("yaml-editor")
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let Some(chunk) = host.child_nodes().item(chunk_of_line(line) as u32) else {
        return;
    };
    let _ = host.focus();
    if let Some(selection) = gloo::utils::window().get_selection().ok().flatten() {
        let _ = selection.collapse_with_offset(Some(&chunk), 0);
    }
    if let Some(element) = chunk.dyn_ref::<web_sys::Element>() {
        element.scroll_into_view();
    }
}

/// The large text's editor.
#[function_component(LargeEditor)]
pub fn large_editor(props: &LargeEditorProps) -> Html {
    let host = use_node_ref();
    let held = use_mut_ref(Held::default);
    {
        let (host, held) = (host.clone(), held.clone());
        use_effect_with(Rc::clone(&props.text), move |text| {
            let mut held = held.borrow_mut();
            if let Some(element) = host.cast::<HtmlElement>() {
                if !same_text(&held.text, text) {
                    held.parts = build(&element, text);
                }
                held.text = Rc::clone(text);
            }
        });
    }
    let oninput = {
        let (host, held, dispatch) = (host.clone(), held.clone(), props.dispatch.clone());
        Callback::from(move |_: InputEvent| {
            let Some(element) = host.cast::<HtmlElement>() else {
                return;
            };
            let mut held = held.borrow_mut();
            let anchor = gloo::utils::window()
                .get_selection()
                .ok()
                .flatten()
                .and_then(|s| s.anchor_node());
            let count = element.child_nodes().length() as usize;
            let changed = anchor.and_then(|node| child_index(&element, node));
            match changed {
                // One chunk changed: read it alone.
                Some(i) if count == held.parts.len() => {
                    held.parts[i] = element
                        .child_nodes()
                        .item(i as u32)
                        .and_then(|n| n.text_content())
                        .unwrap_or_default();
                }
                // Chunks were merged or removed (an edit across chunks): read them all.
                _ => held.parts = read_parts(&element),
            }
            let text = held.parts.concat();
            held.text = Rc::from(text.as_str());
            dispatch.dispatch(Action::Edit(text));
        })
    };
    let onkeydown = {
        let (host, dispatch) = (host.clone(), props.dispatch.clone());
        Callback::from(move |e: KeyboardEvent| {
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    dispatch.dispatch(Action::Apply);
                }
                "End" | "Home" if !e.shift_key() => {
                    if let Some(element) = host.cast::<HtmlElement>() {
                        e.prevent_default();
                        caret_to(&element, e.key() == "End");
                    }
                }
                _ => {}
            }
        })
    };
    html! {
        <div id="yaml-editor" ref={host} class="editor-input plain large-editor" role="textbox"
            aria-multiline="true" aria-label={tr(props.lang, "editor_label")} contenteditable="plaintext-only"
            spellcheck="false" autocapitalize="off" {oninput} {onkeydown}></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunks_joined_are_the_text_and_hold_at_most_a_chunk_of_lines() {
        let long: String = (0..450).map(|i| format!("line {i}\n")).collect();
        let unterminated = format!("{long}last");
        let cases: &[(&str, &str, usize)] = &[
            ("an empty text is one empty chunk", "", 1),
            ("a short text is one chunk", "a: 1\nb: 2\n", 1),
            ("450 lines are three chunks", &long, 3),
            (
                "a last line without its end joins the last chunk",
                &unterminated,
                3,
            ),
        ];
        for (name, text, count) in cases {
            let parts = chunks(text);
            assert_eq!(parts.len(), *count, "{name}");
            assert_eq!(parts.concat(), *text, "{name}");
            assert!(
                parts.iter().all(|p| p.matches('\n').count() <= CHUNK_LINES),
                "{name}"
            );
        }
        assert_eq!(chunks(&long)[1].lines().next(), Some("line 200"));
    }

    #[test]
    fn a_line_is_found_in_its_chunk() {
        assert_eq!(chunk_of_line(1), 0);
        assert_eq!(chunk_of_line(200), 0);
        assert_eq!(chunk_of_line(201), 1);
        assert_eq!(chunk_of_line(0), 0);
    }
}

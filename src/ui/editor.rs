//! The editor pane: the YAML with line numbers and syntax highlighting, the engine's errors
//! and warnings marked at their lines, Apply by button and Ctrl/Cmd+Enter. The text is never
//! lost or reset by an error.

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::highlight::highlight_line;
use super::i18n::{tr, trf, Lang};
use super::large_editor::LargeEditor;
use super::shared_text::same_text;
use super::state::{Action, AppContext, AppState};
use crate::protocol::{Diagnostic, Severity};

/// The worst severity per 1-based line, with the messages for that line.
fn markers(diagnostics: &[Diagnostic]) -> BTreeMap<usize, (Severity, Vec<String>)> {
    let mut lines: BTreeMap<usize, (Severity, Vec<String>)> = BTreeMap::new();
    for d in diagnostics {
        let entry = lines.entry(d.line).or_insert((d.severity, Vec::new()));
        if d.severity == Severity::Error {
            entry.0 = Severity::Error;
        }
        entry.1.push(match &d.hint {
            Some(hint) => format!("{} ({hint})", d.message),
            None => d.message.clone(),
        });
    }
    lines
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Moves the caret of the editor's text area to a 1-based line and column and focuses it.
fn go_to(text: &str, line: usize, column: usize) {
    let Some(area) = gloo::utils::document()
        .get_element_by_id("yaml-editor")
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return super::large_editor::go_to_line(line);
    };
    let mut lines = text.split_inclusive('\n');
    let before: usize = lines
        .by_ref()
        .take(line.saturating_sub(1))
        .map(|l| l.encode_utf16().count())
        .sum();
    let within: usize = lines.next().map_or(0, |l| {
        l.chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf16)
            .sum()
    });
    let offset = u32::try_from(before + within).unwrap_or(u32::MAX);
    // Focus without the browser's own scroll (it would push the code sideways over the
    // line numbers); then bring the line to the middle of the view, below the sticky time
    // bar, moving sideways only if the column is out of view.
    let focus = web_sys::FocusOptions::new();
    focus.set_prevent_scroll(true);
    let _ = area.focus_with_options(&focus);
    let _ = area.set_selection_range(offset, offset);
    // The line's number in the gutter (marked, as every line with a problem is): at the left
    // edge, so that bringing it into view never scrolls the code sideways.
    let number = format!(".gutter-line[data-line=\"{line}\"]");
    if let Ok(Some(row)) = gloo::utils::document().query_selector(&number) {
        let scroll = web_sys::ScrollIntoViewOptions::new();
        scroll.set_block(web_sys::ScrollLogicalPosition::Center);
        scroll.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        row.scroll_into_view_with_scroll_into_view_options(&scroll);
    }
}

/// Above this many bytes the editor drops the highlight overlay and the gutter: a plain text
/// area stays responsive with a cluster of thousands of nodes (a megabyte or two of YAML).
pub const LARGE_TEXT_BYTES: usize = 150_000;

/// True when `text` is edited without highlighting.
pub fn is_large(text: &str) -> bool {
    text.len() > LARGE_TEXT_BYTES
}

/// Props of the gutter and the highlight overlay: they re-render only when the text or the
/// diagnostics change, not on every tick of playback.
#[derive(Properties)]
struct CodeProps {
    text: Rc<str>,
    diagnostics: Rc<Vec<Diagnostic>>,
}

impl PartialEq for CodeProps {
    fn eq(&self, other: &CodeProps) -> bool {
        same_text(&self.text, &other.text) && self.diagnostics == other.diagnostics
    }
}

/// The line numbers, with the worst diagnostic of each line marked.
#[function_component(Gutter)]
fn gutter(props: &CodeProps) -> Html {
    let marks = markers(&props.diagnostics);
    let count = props.text.split('\n').count();
    html! {
        <div class="gutter" aria-hidden="true">
            { for (1..=count).map(|n| match marks.get(&n) {
                Some((severity, messages)) => html! {
                    <div class={classes!("gutter-line", format!("mark-{}", severity_class(*severity)))}
                         title={messages.join("\n")} data-line={n.to_string()}>{ n }</div>
                },
                None => html! { <div class="gutter-line">{ n }</div> },
            }) }
        </div>
    }
}

/// The highlighted copy of the text under the (transparent) text area.
#[function_component(Highlight)]
fn highlight(props: &CodeProps) -> Html {
    let marks = markers(&props.diagnostics);
    html! {
        <pre class="highlight" aria-hidden="true">
            { for props.text.split('\n').enumerate().map(|(i, line)| {
                let n = i + 1;
                let mark = marks.get(&n).map(|(s, _)| format!("line-{}", severity_class(*s)));
                html! {
                    <div id={format!("yaml-line-{n}")} class={classes!("code-line", mark)}>
                        { for highlight_line(line).into_iter().map(|(token, text)| html! {
                            <span class={token.class()}>{ text }</span>
                        }) }
                        { "\u{200b}" }
                    </div>
                }
            }) }
        </pre>
    }
}

/// Props of [`EditorInput`].
#[derive(Properties)]
struct EditorInputProps {
    text: Rc<str>,
    size: String,
    lang: Lang,
    dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for EditorInputProps {
    fn eq(&self, other: &EditorInputProps) -> bool {
        same_text(&self.text, &other.text)
            && self.size == other.size
            && self.lang == other.lang
            && self.dispatch == other.dispatch
    }
}

/// The text area. Its own component so that playback does not re-render it: rendering a
/// text area reads its whole value back from the DOM, which is slow for a large text.
#[function_component(EditorInput)]
fn editor_input(props: &EditorInputProps) -> Html {
    let lang = props.lang;
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Edit(area.value()));
        })
    };
    let onkeydown = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                dispatch.dispatch(Action::Apply);
            }
        })
    };
    html! {
        <textarea id="yaml-editor" class="editor-input" aria-label={tr(lang, "editor_label")}
            spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off" style={props.size.clone()}
            value={AttrValue::from(Rc::clone(&props.text))} {oninput} {onkeydown} />
    }
}

/// The editor pane (drawn with the app; its text area, gutter and highlight are components
/// of their own that re-render only when the text changes).
pub fn editor_pane(state: &AppContext) -> Html {
    let lang = state.lang;
    let onapply = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Apply))
    };
    let large = is_large(&state.text);
    let (line_count, widest) = if large {
        (0, 0)
    } else {
        let lines = state.text.split('\n');
        let widest = lines.clone().map(|l| l.chars().count()).max().unwrap_or(0);
        (lines.count(), widest)
    };
    let size = if large {
        String::new()
    } else {
        format!(
            "height: calc({line_count} * var(--line-height) + 2 * var(--pad)); width: calc({}ch + 2 * var(--pad));",
            widest + 2
        )
    };
    html! {
        <section class="pane editor-pane" aria-labelledby="editor-title">
            <div class="pane-title">
                <h2 id="editor-title">{ tr(lang, "editor_title") }</h2>
                if state.not_applied {
                    <span class="badge badge-error" role="status" data-testid="not-applied">{ tr(lang, "not_applied") }</span>
                } else if state.dirty {
                    <span class="badge" role="status">{ tr(lang, "edited") }</span>
                }
                if large {
                    <span class="badge" title={tr(lang, "large_text_title")}>{ tr(lang, "large_text") }</span>
                }
                <button class="btn btn-primary" onclick={onapply} title={tr(lang, "apply_title")}>{ tr(lang, "apply") }</button>
            </div>
            <div class={classes!("code-scroll", large.then_some("code-plain"))}>
                if !large {
                    <Gutter text={state.text.clone()} diagnostics={state.diagnostics.clone()} />
                }
                <div class="code">
                    if !large {
                        <Highlight text={state.text.clone()} diagnostics={state.diagnostics.clone()} />
                    }
                    if large {
                        <LargeEditor text={state.text.clone()} {lang} dispatch={state.dispatcher()} />
                    } else {
                        <EditorInput text={state.text.clone()} {size} {lang} dispatch={state.dispatcher()} />
                    }
                </div>
            </div>
            <ul class={classes!("diagnostics", state.dirty.then_some("stale"))} aria-label={tr(lang, "problems")} data-testid="diagnostics">
                if state.dirty && !state.diagnostics.is_empty() {
                    <li class="diag-stale" data-testid="diagnostics-stale">{ tr(lang, "diagnostics_stale") }</li>
                }
                { for state.diagnostics.iter().map(|d| {
                    let class = format!("diag diag-{}", severity_class(d.severity));
                    let onclick = {
                        let text = state.text.clone();
                        let (line, column) = (d.line, d.column);
                        Callback::from(move |_| go_to(&text, line, column))
                    };
                    html! {
                        <li {class}>
                            <button class="diag-where" {onclick}>
                                <span class="diag-severity">{ tr(lang, severity_class(d.severity)) }</span>
                                { " " }{ trf(lang, "line_col", &[&d.line.to_string(), &d.column.to_string()]) }
                            </button>
                            <span class="diag-message">{ &d.message }</span>
                            if let Some(hint) = &d.hint { <span class="diag-hint">{ hint }</span> }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

//! Embedding: the compact bar of embed mode (`?embed`), the header's "Embed" dialog that
//! writes the iframe snippet, and the notice shown when a scenario named in the URL could not
//! be loaded. The bar and the notice are plain functions of the App's render (no component
//! of their own: each component type costs wasm size).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::i18n::{tr, Lang};
use super::lessons::{by_id, LESSONS};
use super::state::AppContext;
use super::url_params::{Notice, PageOptions};

/// The iframe's size in the snippet, in CSS pixels.
pub const EMBED_SIZE: (u32, u32) = (700, 450);

/// This page's address without query or fragment.
fn page_base() -> String {
    let location = gloo::utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Escapes text for an HTML attribute value in double quotes.
fn attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The iframe snippet for a page address and embed options.
pub fn snippet(base: &str, options: &PageOptions, title: &str) -> String {
    let (width, height) = EMBED_SIZE;
    format!(
        "<iframe src=\"{}{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" style=\"border:1px solid #d0d7de;border-radius:8px\" loading=\"lazy\"></iframe>",
        attr(base),
        attr(&options.query(true)),
        attr(title)
    )
}

/// The bar on top of embed mode: the lesson's title, the editor toggle and a link to the full
/// playground with the same scenario.
pub fn embed_bar(
    state: &AppContext,
    options: &PageOptions,
    editor_shown: bool,
    ontoggle: Callback<MouseEvent>,
) -> Html {
    let lang = state.lang;
    let title = state.lesson.and_then(by_id).map(|l| l.title(lang));
    let href = format!("{}{}", page_base(), options.query(false));
    html! {
        <header class="embed-bar">
            <strong>{ "kubeplay" }</strong>
            <span class="embed-title">{ title.unwrap_or_default() }</span>
            <button class="btn btn-small" aria-pressed={editor_shown.to_string()} onclick={ontoggle}>
                { tr(lang, "embed_show_editor") }
            </button>
            <a class="embed-open" {href} target="_blank" rel="noopener">{ tr(lang, "embed_open") }</a>
        </header>
    }
}

/// A dismissible banner saying why the scenario named in the URL was not loaded.
pub fn notice_banner(notice: &Notice, lang: Lang, onclose: Callback<MouseEvent>) -> Html {
    html! {
        <div class="notice" role="alert" data-testid="notice">
            <span>{ notice.text(lang) }</span>
            <button class="btn btn-small" onclick={onclose} aria-label={tr(lang, "close")}>{ "×" }</button>
        </div>
    }
}

fn select_value(id: &str) -> String {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

fn checked(id: &str) -> bool {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The snippet for the options chosen in the dialog's form.
fn snippet_of_form(page: &PageOptions) -> String {
    let scenario = select_value("embed-scenario");
    let mut options = page.clone();
    if !scenario.is_empty() {
        options.lesson = Some(scenario);
        options.src = None;
    }
    options.lang = Some(Lang::from_tag(&select_value("embed-lang")));
    options.editor = checked("embed-editor");
    options.autoplay = checked("embed-autoplay").then_some(true);
    snippet(&page_base(), &options, "kubeplay")
}

/// The header's "Embed" button and its dialog: options, the live snippet and a copy button.
#[function_component(EmbedButton)]
pub fn embed_button() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let code = use_state(String::new);
    let copied = use_state(|| false);
    let page = use_memo((), |_| PageOptions::from_location());
    let open = !code.is_empty();
    let toggle = {
        let (code, copied, page, state) =
            (code.clone(), copied.clone(), page.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            copied.set(false);
            if open {
                code.set(String::new());
            } else {
                let mut options = (*page).clone();
                if let Some(id) = state.lesson {
                    options.lesson = Some(id.to_string());
                    options.src = None;
                }
                options.lang = Some(state.lang);
                options.editor = false;
                code.set(snippet(&page_base(), &options, "kubeplay"));
            }
        })
    };
    let button = html! {
        <button class="btn btn-small" onclick={toggle.clone()} aria-expanded={open.to_string()}>{ tr(lang, "embed") }</button>
    };
    if !open {
        return button;
    }
    let onchange = {
        let (code, copied, page) = (code.clone(), copied.clone(), page.clone());
        Callback::from(move |_: Event| {
            copied.set(false);
            code.set(snippet_of_form(&page));
        })
    };
    let on_copy = {
        let (text, copied) = ((*code).clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let promise = gloo::utils::window()
                .navigator()
                .clipboard()
                .write_text(&text);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
            });
        })
    };
    let selected = state.lesson;
    html! {
        <>
        { button }
        <div class="embed-dialog" role="dialog" aria-labelledby="embed-dialog-title">
            <h2 id="embed-dialog-title">{ tr(lang, "embed_title") }</h2>
            <div class="embed-options" {onchange}>
                <label>
                    { tr(lang, "embed_scenario") }
                    <select id="embed-scenario">
                        if let Some(src) = page.src.as_ref().filter(|_| selected.is_none()) {
                            <option value="" selected=true>{ src }</option>
                        }
                        { for LESSONS.iter().map(|l| html! {
                            <option value={l.id} selected={selected == Some(l.id)}>{ l.title(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    { tr(lang, "language") }
                    <select id="embed-lang">
                        <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                        <option value="zh" selected={lang == Lang::Zh}>{ "中文" }</option>
                    </select>
                </label>
                <label class="check"><input id="embed-editor" type="checkbox" />{ tr(lang, "embed_show_editor") }</label>
                <label class="check"><input id="embed-autoplay" type="checkbox" />{ tr(lang, "embed_autoplay") }</label>
            </div>
            <label class="embed-code">
                { tr(lang, "embed_snippet") }
                <textarea readonly=true rows="4" value={(*code).clone()} data-testid="embed-snippet" />
            </label>
            <div class="embed-actions">
                <button class="btn btn-primary" onclick={on_copy}>{ tr(lang, "copy") }</button>
                <span role="status">{ if *copied { tr(lang, "copied") } else { "" } }</span>
                <button class="btn" onclick={toggle}>{ tr(lang, "close") }</button>
            </div>
        </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_embeds_the_page_with_the_chosen_options() {
        let lesson = PageOptions {
            lesson: Some("rolling-update".into()),
            autoplay: Some(true),
            lang: Some(Lang::Zh),
            ..PageOptions::default()
        };
        let file = PageOptions {
            editor: true,
            src: Some("scenarios/a \"b\".yaml".into()),
            ..PageOptions::default()
        };
        let cases = [
            (
                "a lesson that plays, in Chinese, without the editor",
                lesson,
                "<iframe src=\"https://example.org/play/?embed&amp;autoplay=1&amp;lang=zh&amp;lesson=rolling-update\" width=\"700\" height=\"450\" title=\"kubeplay\" style=\"border:1px solid #d0d7de;border-radius:8px\" loading=\"lazy\"></iframe>",
            ),
            (
                "a scenario file with the editor",
                file,
                "<iframe src=\"https://example.org/play/?embed&amp;editor=1&amp;src=scenarios/a%20%22b%22.yaml\" width=\"700\" height=\"450\" title=\"kubeplay\" style=\"border:1px solid #d0d7de;border-radius:8px\" loading=\"lazy\"></iframe>",
            ),
        ];
        for (name, options, expected) in cases {
            assert_eq!(
                snippet("https://example.org/play/", &options, "kubeplay"),
                expected,
                "{name}"
            );
        }
    }
}

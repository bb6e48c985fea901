//! Embedding: the compact bar of embed mode (`?embed`), the header's "Embed" dialog that
//! writes the iframe snippet, and the notice shown when a scenario named in the URL could not
//! be loaded. The bar and the notice are plain functions of the App's render (no component
//! of their own: each component type costs wasm size).

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::i18n::{tr, Lang};
use super::lessons::by_id;
use super::state::AppContext;
use super::url_params::{self, Notice, PageOptions};

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

/// The iframe snippet for a page address, embed options and, for an edited text, the share
/// link's fragment that carries it (as "Copy link" writes it).
pub fn snippet(base: &str, options: &PageOptions, fragment: Option<&str>, title: &str) -> String {
    let (width, height) = EMBED_SIZE;
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!(
        "<iframe src=\"{}{}{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" style=\"border:1px solid #d0d7de;border-radius:8px\" loading=\"lazy\"></iframe>",
        attr(base),
        attr(&options.query(true)),
        attr(&fragment),
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
            <a {href} target="_blank" rel="noopener">{ tr(lang, "embed_open") }</a>
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

fn checked(id: &str) -> bool {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// Writes into `code` the snippet embedding what is on screen (the lesson, or the page's
/// `src`, and the language) with the dialog's editor and autoplay choices. A text edited
/// since it was loaded travels in the link's fragment instead of the lesson or file it came
/// from (written once the text is compressed).
fn write_snippet(state: &AppContext, code: UseStateHandle<String>) {
    let mut options = url_params::page_options();
    if let Some(id) = state.lesson {
        options.lesson = Some(id.to_string());
        options.src = None;
    }
    options.lang = Some(state.lang);
    options.editor = checked("embed-editor");
    options.autoplay = checked("embed-autoplay").then_some(true);
    if *state.text == *state.loaded_text {
        return code.set(snippet(&page_base(), &options, None, "kubeplay"));
    }
    options.lesson = None;
    options.src = None;
    let shared = state.to_shared();
    wasm_bindgen_futures::spawn_local(async move {
        let fragment = super::share::encode(&shared).await.ok();
        code.set(snippet(
            &page_base(),
            &options,
            fragment.as_deref(),
            "kubeplay",
        ));
    });
}

/// The header's "Embed" button and its dialog: it embeds the lesson (or file) and language on
/// screen; the editor and autoplay are options; the snippet follows them live.
#[function_component(EmbedButton)]
pub fn embed_button() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let code = use_state(String::new);
    let copied = use_state(|| false);
    let open = !code.is_empty();
    let refresh = {
        let (code, copied, state) = (code.clone(), copied.clone(), state.clone());
        Callback::from(move |close: bool| {
            copied.set(false);
            if close {
                code.set(String::new());
            } else {
                write_snippet(&state, code.clone());
            }
        })
    };
    {
        let refresh = refresh.clone();
        use_effect_with(open, move |open| {
            let escape = open.then(|| super::keys::on_escape(move || refresh.emit(true)));
            move || drop(escape)
        });
    }
    let button = html! {
        <button class="btn" onclick={refresh.reform(move |_| open)} aria-expanded={open.to_string()}>{ tr(lang, "embed") }</button>
    };
    if !open {
        return button;
    }
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
    html! {
        <>
        { button }
        <div class="embed-dialog" role="dialog" aria-labelledby="embed-dialog-title">
            <h2 id="embed-dialog-title">{ tr(lang, "embed_title") }</h2>
            <div class="embed-options" onchange={refresh.reform(|_| false)}>
                <label><input id="embed-editor" type="checkbox" />{ tr(lang, "embed_show_editor") }</label>
                <label><input id="embed-autoplay" type="checkbox" />{ tr(lang, "embed_autoplay") }</label>
            </div>
            <textarea readonly=true rows="4" value={(*code).clone()} aria-label={tr(lang, "embed_snippet")} data-testid="embed-snippet" />
            if *state.text != *state.loaded_text {
                <p class="muted" data-testid="embed-edited">{ tr(lang, "embed_edited") }</p>
            }
            <div class="embed-actions">
                <button class="btn btn-primary" onclick={on_copy}>{ tr(lang, "copy") }</button>
                <span role="status">{ if *copied { tr(lang, "copied") } else { "" } }</span>
                <button class="btn" onclick={refresh.reform(|_| true)}>{ tr(lang, "close") }</button>
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
                snippet("https://example.org/play/", &options, None, "kubeplay"),
                expected,
                "{name}"
            );
        }
    }
}

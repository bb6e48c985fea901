//! Embedding: the compact bar of embed mode (`?embed`), the header's "Embed" dialog that
//! writes the iframe snippet, and the notice shown when a scenario named in the URL could not
//! be loaded.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::i18n::{tr, Lang};
use super::lessons::{by_id, LESSONS};
use super::state::AppContext;
use super::url_params::{lang_param, Notice, PageOptions};

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

/// Properties of [`EmbedBar`].
#[derive(Properties, PartialEq)]
pub struct EmbedBarProps {
    /// The page's options (for "Open in kubeplay").
    pub options: PageOptions,
    /// Whether the editor is shown.
    pub editor_shown: bool,
    /// Shows or hides the editor.
    pub ontoggle: Callback<()>,
}

/// The bar on top of embed mode: the lesson's title, the editor toggle and a link to the full
/// playground with the same scenario.
#[function_component(EmbedBar)]
pub fn embed_bar(props: &EmbedBarProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let title = state.lesson.and_then(by_id).map(|l| l.title(lang));
    let href = format!("{}{}", page_base(), props.options.query(false));
    let ontoggle = props.ontoggle.reform(|_: MouseEvent| ());
    html! {
        <header class="embed-bar">
            <strong class="embed-brand">{ "kubeplay" }</strong>
            <span class="embed-title">{ title.unwrap_or_default() }</span>
            <button class="btn btn-small" aria-pressed={props.editor_shown.to_string()} onclick={ontoggle}>
                { tr(lang, "embed_show_editor") }
            </button>
            <a class="embed-open" href={href} target="_blank" rel="noopener">{ tr(lang, "embed_open") }</a>
        </header>
    }
}

/// The header's "Embed" button and its dialog: options on the left, the live snippet with a
/// copy button below.
#[function_component(EmbedButton)]
pub fn embed_button() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let open = use_state(|| false);
    let copied = use_state(|| false);
    let page = use_memo((), |_| PageOptions::from_location());
    let choice = use_state(|| None::<PageOptions>);
    let toggle = {
        let (open, choice, copied, page) =
            (open.clone(), choice.clone(), copied.clone(), page.clone());
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if !*open {
                // Start from what is on screen: the current lesson (or file), language, editor.
                let mut options = (*page).clone();
                options.lesson = state.lesson.map(str::to_string).or(options.lesson);
                if state.lesson.is_some() {
                    options.src = None;
                }
                options.lang = Some(state.lang);
                options.editor = false;
                choice.set(Some(options));
                copied.set(false);
            }
            open.set(!*open);
        })
    };
    let html_open = *open;
    let Some(options) = (*choice).clone().filter(|_| html_open) else {
        return html! {
            <button class="btn btn-small embed-button" onclick={toggle}>{ tr(lang, "embed") }</button>
        };
    };
    let update = |f: fn(&mut PageOptions, String)| {
        let (choice, copied, options) = (choice.clone(), copied.clone(), options.clone());
        move |value: String| {
            let mut next = options.clone();
            f(&mut next, value);
            choice.set(Some(next));
            copied.set(false);
        }
    };
    let on_scenario = {
        let set = update(|o, v| {
            if v.is_empty() {
                o.lesson = None;
            } else {
                o.lesson = Some(v);
                o.src = None;
            }
        });
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_lang = {
        let set = update(|o, v| o.lang = Some(Lang::from_tag(&v)));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_editor = {
        let set = update(|o, v| o.editor = v == "true");
        Callback::from(move |e: Event| {
            set(e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .to_string())
        })
    };
    let on_autoplay = {
        let set = update(|o, v| o.autoplay = Some(v == "true"));
        Callback::from(move |e: Event| {
            set(e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .to_string())
        })
    };
    let code = snippet(&page_base(), &options, "kubeplay");
    let on_copy = {
        let (code, copied) = (code.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let promise = gloo::utils::window()
                .navigator()
                .clipboard()
                .write_text(&code);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        })
    };
    let chosen_lang = options.lang.unwrap_or(lang);
    html! {
        <>
        <button class="btn btn-small embed-button" onclick={toggle.clone()}>{ tr(lang, "embed") }</button>
        <div class="embed-dialog" role="dialog" aria-modal="true" aria-labelledby="embed-dialog-title">
            <h2 id="embed-dialog-title">{ tr(lang, "embed_title") }</h2>
            <p class="muted">{ tr(lang, "embed_help") }</p>
            <div class="embed-options">
                <label>
                    <span>{ tr(lang, "embed_scenario") }</span>
                    <select onchange={on_scenario}>
                        if let Some(src) = &options.src {
                            <option value="" selected=true>{ src.clone() }</option>
                        }
                        { for LESSONS.iter().map(|l| html! {
                            <option value={l.id} selected={options.src.is_none() && options.lesson.as_deref() == Some(l.id)}>{ l.title(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ tr(lang, "language") }</span>
                    <select onchange={on_lang}>
                        <option value={lang_param(Lang::En)} selected={chosen_lang == Lang::En}>{ "English" }</option>
                        <option value={lang_param(Lang::Zh)} selected={chosen_lang == Lang::Zh}>{ "中文" }</option>
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" checked={options.editor} onchange={on_editor} />
                    <span>{ tr(lang, "embed_show_editor") }</span>
                </label>
                <label class="check">
                    <input type="checkbox" checked={options.autoplay == Some(true)} onchange={on_autoplay} />
                    <span>{ tr(lang, "embed_autoplay") }</span>
                </label>
            </div>
            <label class="embed-code">
                <span>{ tr(lang, "embed_snippet") }</span>
                <textarea readonly=true rows="4" value={code} data-testid="embed-snippet" />
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

/// Properties of [`NoticeBanner`].
#[derive(Properties, PartialEq)]
pub struct NoticeBannerProps {
    /// What to say.
    pub notice: Notice,
    /// Closes the banner.
    pub onclose: Callback<()>,
}

/// A dismissible banner saying why the scenario named in the URL was not loaded.
#[function_component(NoticeBanner)]
pub fn notice_banner(props: &NoticeBannerProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="alert" data-testid="notice">
            <span>{ props.notice.text(lang) }</span>
            <button class="btn btn-small" onclick={onclose} aria-label={tr(lang, "close")}>{ "×" }</button>
        </div>
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

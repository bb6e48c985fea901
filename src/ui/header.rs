//! The page header: product name, the Kubernetes release whose behaviour it follows, the
//! lesson picker, Copy link, Export, Reset and the language switch; and the notice bar under
//! it (links that cannot be opened, broken saved work, a lesson that could not be fetched, the
//! link just made).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::embed::EmbedButton;
use super::export_menu::ExportMenu;
use super::help::help;
use super::i18n::{tr, trf, Lang};
use super::lesson_picker::lesson_picker;
use super::lessons::by_id;
use super::persist;
use super::share;
use super::state::{Action, AppContext, Notice};
use crate::protocol::KUBERNETES_VERSION;

/// The page header (drawn with the app).
pub fn header(state: &AppContext) -> Html {
    let lang = state.lang;
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SetLang(Lang::from_tag(&select.value())));
        })
    };
    let copy_link = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let shared = state.to_shared();
            let dispatcher = state.dispatcher();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = match share::encode(&shared).await {
                    Ok(fragment) => {
                        let url = format!("{}#{fragment}", share::page_url());
                        let copied = share::copy_text(&url).await;
                        Notice::Link { url, copied }
                    }
                    Err(_) => Notice::Info("link_failed"),
                };
                dispatcher.dispatch(Action::SetNotice(Some(notice)));
            });
        })
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if gloo::dialogs::confirm(tr(state.lang, "confirm_reset")) {
                persist::clear();
                state.dispatch(Action::Reset);
            }
        })
    };
    html! {
        <header class="app-header">
            <h1>{ "kubeplay" }</h1>
            <span class="tagline">{ tr(lang, "tagline") }</span>
            <span class="k8s-version" title={tr(lang, "k8s_version_title")}>
                { format!("Kubernetes {KUBERNETES_VERSION}") }
            </span>
            { lesson_picker(state) }
            <span class="header-actions">
                <button class="btn" title={tr(lang, "copy_link_title")} onclick={copy_link}>{ tr(lang, "copy_link") }</button>
                <ExportMenu />
                <EmbedButton />
                { help(lang) }
                <button class="btn" title={tr(lang, "reset_title")} onclick={reset}>{ tr(lang, "reset") }</button>
            </span>
            <label class="lang-switch">
                <span class="visually-hidden">{ tr(lang, "language") }</span>
                <select aria-label={tr(lang, "language")} {onchange}>
                    <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                    <option value="zh-CN" selected={lang == Lang::Zh}>{ "中文" }</option>
                </select>
            </label>
        </header>
    }
}

/// The notice bar: shown while there is a notice (a plain function of the app state, drawn
/// with the app).
pub fn notice_bar(state: &AppContext) -> Html {
    let lang = state.lang;
    let Some(notice) = &state.notice else {
        return html! {};
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetNotice(None)))
    };
    // (message, technical detail, whether it is an error, the link to show).
    let (message, detail, error, link) = match notice {
        Notice::BadLink(e) => (
            format!(
                "{} {}",
                tr(lang, e.message_key()),
                tr(lang, "link_kept_work")
            ),
            e.detail(),
            true,
            None,
        ),
        Notice::BrokenSave(e) => (tr(lang, "saved_broken").to_owned(), e.detail(), true, None),
        Notice::Link { url, copied } => (
            format!(
                "{} {}",
                tr(
                    lang,
                    if *copied {
                        "link_copied"
                    } else {
                        "link_not_copied"
                    }
                ),
                trf(lang, "link_length", &[&url.chars().count().to_string()])
            ),
            String::new(),
            false,
            Some(url.clone()),
        ),
        Notice::Info(key) => (tr(lang, key).to_owned(), String::new(), false, None),
        Notice::LessonFailed(id) => {
            let (title, file) = by_id(id).map_or(("", ""), |l| (l.title(lang), l.file));
            let message = trf(lang, "lesson_failed", &[title, file]);
            (message, String::new(), true, None)
        }
        Notice::EngineRestarted(message) => (
            trf(lang, "engine_restarted", &[message]),
            String::new(),
            true,
            None,
        ),
    };
    let discard = matches!(notice, Notice::BrokenSave(_)).then(|| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            persist::discard_broken();
            state.dispatch(Action::SetNotice(Some(Notice::Info("saved_discarded"))));
        })
    });
    html! {
        <div class={classes!("notice", error.then_some("notice-error"))}
            role={if error { "alert" } else { "status" }} data-testid="notice">
            <span>{ message }
                if !detail.is_empty() { { " " }<code>{ detail }</code> }
            </span>
            if let Some(url) = link {
                <input class="share-link" readonly=true value={url} data-testid="share-link"
                    aria-label={tr(lang, "copy_link")} />
            }
            if let Some(onclick) = discard {
                <button class="btn btn-small btn-danger" {onclick}>{ tr(lang, "discard_saved") }</button>
            }
            <button class="btn btn-small" onclick={dismiss}>{ tr(lang, "dismiss") }</button>
        </div>
    }
}

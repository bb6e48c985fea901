//! The page header: product name, the Kubernetes release whose behaviour it follows, the
//! lesson picker, Copy link, Export, Reset and the language switch; and the notice bar under
//! it (links that cannot be opened, broken saved work, the link just made).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::export_menu::ExportMenu;
use super::i18n::{tr, trf, Lang};
use super::lesson_picker::LessonPicker;
use super::persist;
use super::share;
use super::state::{Action, AppContext, Notice};
use crate::engine::KUBERNETES_VERSION;

/// The page header.
#[function_component(Header)]
pub fn header() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
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
            <LessonPicker />
            <span class="header-actions">
                <button class="btn" title={tr(lang, "copy_link_title")} onclick={copy_link}>{ tr(lang, "copy_link") }</button>
                <ExportMenu />
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

/// The notice bar: shown while there is a notice.
#[function_component(NoticeBar)]
pub fn notice_bar() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let Some(notice) = &state.notice else {
        return html! {};
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetNotice(None)))
    };
    let dismiss_button = html! {
        <button class="btn btn-small" onclick={dismiss.clone()}>{ tr(lang, "dismiss") }</button>
    };
    match notice {
        Notice::BadLink(error) => html! {
            <div class="notice notice-error" role="alert" data-testid="notice">
                <span>{ tr(lang, error.message_key()) }{ " " }{ tr(lang, "link_kept_work") }
                    { " " }<code>{ error.detail() }</code></span>
                { dismiss_button }
            </div>
        },
        Notice::BrokenSave(error) => {
            let discard = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    persist::discard_broken();
                    state.dispatch(Action::SetNotice(Some(Notice::Info("saved_discarded"))));
                })
            };
            html! {
                <div class="notice notice-error" role="alert" data-testid="notice">
                    <span>{ tr(lang, "saved_broken") }{ " " }<code>{ error.detail() }</code></span>
                    <button class="btn btn-small btn-danger" onclick={discard}>{ tr(lang, "discard_saved") }</button>
                    { dismiss_button }
                </div>
            }
        }
        Notice::Link { url, copied } => html! {
            <div class="notice" role="status" data-testid="notice">
                <span>{ tr(lang, if *copied { "link_copied" } else { "link_not_copied" }) }{ " " }
                    { trf(lang, "link_length", &[&url.chars().count().to_string()]) }</span>
                <input class="share-link" readonly=true value={url.clone()} data-testid="share-link"
                    aria-label={tr(lang, "copy_link")} />
                { dismiss_button }
            </div>
        },
        Notice::Info(key) => html! {
            <div class="notice" role="status" data-testid="notice">
                <span>{ tr(lang, key) }</span>
                { dismiss_button }
            </div>
        },
    }
}

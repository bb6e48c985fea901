//! The page header: product name, the Kubernetes release whose behaviour it follows, and the
//! language switch.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::embed::EmbedButton;
use super::i18n::{tr, Lang};
use super::lesson_picker::LessonPicker;
use super::state::{Action, AppContext};
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
    html! {
        <header class="app-header">
            <h1>{ "kubeplay" }</h1>
            <span class="tagline">{ tr(lang, "tagline") }</span>
            <span class="k8s-version" title={tr(lang, "k8s_version_title")}>
                { format!("Kubernetes {KUBERNETES_VERSION}") }
            </span>
            <LessonPicker />
            <EmbedButton />
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

//! The lesson picker, the status while a lesson is fetched, and the current lesson's
//! explanation with "what to try next". Loading a lesson asks before it replaces unsaved work.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::i18n::tr;
use super::lesson_fetch;
use super::lessons::{by_id, LESSONS};
use super::state::{AppContext, AppState};

/// The lesson picker (drawn with the header: a plain function, as a component of its own
/// would cost wasm size).
pub fn lesson_picker(state: &AppContext) -> Html {
    let lang = state.lang;
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Some(lesson) = by_id(&select.value()) else {
                return;
            };
            let confirmed = !state.has_unsaved_work()
                || gloo::dialogs::confirm(tr(state.lang, "confirm_replace_work"));
            if confirmed {
                lesson_fetch::open(lesson, true, state.dispatcher());
            } else {
                select.set_value(state.lesson.unwrap_or(""));
            }
        })
    };
    html! {
        <label class="lesson-picker">
            <span class="visually-hidden">{ tr(lang, "lessons") }</span>
            <select aria-label={tr(lang, "lessons")} {onchange}>
                <option value="" selected={state.lesson.is_none()} disabled=true>{ tr(lang, "choose_lesson") }</option>
                { for LESSONS.iter().map(|l| html! {
                    <option value={l.id} selected={state.lesson == Some(l.id)}>{ l.title(lang) }</option>
                }) }
            </select>
        </label>
    }
}

/// While a lesson is fetched: a status line saying so (drawn with the app, embedded or not).
pub fn fetch_status(state: &AppState) -> Html {
    if state.fetching.is_none() {
        return html! {};
    }
    html! {
        <p class="notice" role="status" data-testid="fetch-status">{ tr(state.lang, "loading_lesson") }</p>
    }
}

/// The current lesson's explanation and suggestion (drawn with the app).
pub fn lesson_info(state: &AppState) -> Html {
    let lang = state.lang;
    let Some(lesson) = state.lesson.and_then(by_id) else {
        return html! {};
    };
    let texts = state.lesson_texts.as_deref();
    html! {
        <aside class="lesson-info" aria-label={tr(lang, "lessons")} data-testid="lesson-info">
            <strong>{ lesson.title(lang) }</strong>
            if let Some(texts) = texts {
                <p>{ texts.explanation(lang) }</p>
                <p class="try-next"><span class="try-next-label">{ tr(lang, "try_next") }</span>{ " " }{ texts.try_next(lang) }</p>
            } else {
                <p>{ tr(lang, "loading_lesson") }</p>
            }
        </aside>
    }
}

//! The lesson picker and the current lesson's explanation with "what to try next". Loading a
//! lesson asks before it replaces unsaved work.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlSelectElement, Response};
use yew::prelude::*;

use super::i18n::{tr, trf};
use super::lessons::{by_id, info, LARGE_CLUSTER, LARGE_CLUSTER_URL, LESSONS};
use super::state::{Action, AppContext, AppState};

/// Fetches a text file relative to the page.
async fn fetch_text(url: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// Where a fetched lesson is: loading, or failed to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FetchState {
    Idle,
    Loading,
    Failed,
}

/// The lesson picker (in the header).
#[function_component(LessonPicker)]
pub fn lesson_picker() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let fetching = use_state(|| FetchState::Idle);
    let onchange = {
        let state = state.clone();
        let fetching = fetching.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            let large = value == LARGE_CLUSTER.id;
            let lesson = by_id(&value);
            if lesson.is_none() && !large {
                return;
            }
            let confirmed = !state.has_unsaved_work()
                || gloo::dialogs::confirm(tr(state.lang, "confirm_replace_work"));
            if !confirmed {
                select.set_value(state.lesson.unwrap_or(""));
            } else if let Some(lesson) = lesson {
                state.dispatch(Action::LoadLesson(lesson.id));
            } else {
                fetching.set(FetchState::Loading);
                let dispatcher = state.dispatcher();
                let fetching = fetching.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch_text(LARGE_CLUSTER_URL).await {
                        Some(text) => {
                            // Let the "loading" status paint before the long simulation.
                            gloo::timers::callback::Timeout::new(20, move || {
                                dispatcher.dispatch(Action::LoadFetchedLesson {
                                    lesson: LARGE_CLUSTER.id,
                                    text,
                                });
                                fetching.set(FetchState::Idle);
                            })
                            .forget();
                        }
                        None => fetching.set(FetchState::Failed),
                    }
                });
            }
        })
    };
    html! {
        <label class="lesson-picker">
            <span class="visually-hidden">{ tr(lang, "lessons") }</span>
            <select aria-label={tr(lang, "lessons")} {onchange}>
                <option value="" selected={state.lesson.is_none()} disabled=true>{ tr(lang, "choose_lesson") }</option>
                { for LESSONS.iter().chain([&LARGE_CLUSTER]).map(|l| html! {
                    <option value={l.id} selected={state.lesson == Some(l.id)}>{ l.title(lang) }</option>
                }) }
            </select>
            if *fetching == FetchState::Loading {
                <span class="fetch-status" role="status" data-testid="fetch-status">{ tr(lang, "loading_large") }</span>
            } else if *fetching == FetchState::Failed {
                <span class="fetch-status badge badge-error" role="status">{ trf(lang, "load_failed", &[LARGE_CLUSTER_URL]) }</span>
            }
        </label>
    }
}

/// The current lesson's explanation and suggestion (drawn with the app).
pub fn lesson_info(state: &AppState) -> Html {
    let lang = state.lang;
    let Some(lesson) = state.lesson.and_then(info) else {
        return html! {};
    };
    html! {
        <aside class="lesson-info" aria-label={tr(lang, "lessons")} data-testid="lesson-info">
            <strong>{ lesson.title(lang) }</strong>
            <p>{ lesson.text(lang) }</p>
            <p class="try-next"><span class="try-next-label">{ tr(lang, "try_next") }</span>{ " " }{ lesson.try_next(lang) }</p>
        </aside>
    }
}

//! The lesson picker, the status while a lesson is fetched, and the current lesson's
//! explanation with "what to try next" and the course's next lesson. The picker marks the
//! lessons done and counts them. Loading a lesson asks before it replaces unsaved work.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::i18n::tr;
use super::i18n::trf;
use super::lesson_fetch;
use super::lessons::{by_id, course, LESSONS};
use super::progress::is_done;
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
                { for LESSONS.iter().map(|l| {
                    let title = l.title(lang);
                    let done = is_done(l.id);
                    html! {
                        <option value={l.id} selected={state.lesson == Some(l.id)}
                            aria-label={done.then(|| format!("{title} ({})", tr(lang, "done")))}>
                            { if done { format!("✓ {title}") } else { title.to_owned() } }
                        </option>
                    }
                }) }
            </select>
            <span class="done-count" data-testid="done-count">
                { trf(lang, "done_count", &[
                    &course().iter().filter(|l| is_done(l.id)).count().to_string(),
                    &course().len().to_string(),
                ]) }
            </span>
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

/// The current lesson's explanation and suggestion, and at its end the next lesson (drawn
/// with the app).
pub fn lesson_info(state: &AppContext) -> Html {
    let lang = state.lang;
    let Some(lesson) = state.lesson.and_then(by_id) else {
        return html! {};
    };
    let texts = state.lesson_texts.as_deref();
    // At the end of the lesson (its exercise done, or its run played to the end): the next
    // lesson of the course, or the course's end.
    let at_end = is_done(lesson.id) || (state.run_id != 0 && state.cursor >= state.last_frame());
    let next = match lesson.next() {
        Some(next) if at_end => {
            let state = state.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let confirmed = !state.has_unsaved_work()
                    || gloo::dialogs::confirm(tr(state.lang, "confirm_replace_work"));
                if confirmed {
                    lesson_fetch::open(next, true, state.dispatcher());
                }
            });
            html! { <button class="btn btn-primary next-lesson" {onclick}>{ tr(lang, "next_lesson") }</button> }
        }
        None if at_end && course().last() == Some(lesson) => {
            html! { <p class="course-complete" role="status">{ tr(lang, "course_complete") }</p> }
        }
        _ => html! {},
    };
    html! {
        <aside class="lesson-info" aria-label={tr(lang, "lessons")} data-testid="lesson-info">
            <strong>{ lesson.title(lang) }</strong>
            if let Some(texts) = texts {
                <p>{ texts.explanation(lang) }</p>
                <p class="try-next"><span class="try-next-label">{ tr(lang, "try_next") }</span>{ " " }{ texts.try_next(lang) }</p>
            } else {
                <p>{ tr(lang, "loading_lesson") }</p>
            }
            { next }
        </aside>
    }
}

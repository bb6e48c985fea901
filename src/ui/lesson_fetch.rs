//! Opening a lesson, the one way every opener takes (the picker, `?lesson=`, a restored state
//! that names one): the default lesson at once, any other fetched from its files relative to
//! the page (same origin only) and kept for the rest of the visit, so it is fetched once.

use std::cell::RefCell;
use std::rc::Rc;

use yew::UseReducerDispatcher;

use super::fetch::fetch_text;
use super::lessons::{built_in, by_id, Lesson, LessonContent, LessonTexts};
use super::share::SharedState;
use super::state::{Action, AppState, Fetching};
use crate::protocol::MAX_INPUT_BYTES;

thread_local! {
    /// The lessons fetched so far.
    static FETCHED: RefCell<Vec<Rc<LessonContent>>> = const { RefCell::new(Vec::new()) };
}

/// Loads `lesson` into the playground, to play from the start when `play` (else settled at
/// its end). A lesson that is not built in is fetched first: meanwhile the status says so,
/// and a failure is a notice that keeps the work on screen.
pub fn open(lesson: &'static Lesson, play: bool, dispatcher: UseReducerDispatcher<AppState>) {
    if lesson.is_built_in() {
        let content = Rc::new(built_in());
        dispatcher.dispatch(Action::LoadLesson { content, play });
        return;
    }
    dispatcher.dispatch(Action::FetchLesson(Fetching {
        lesson: lesson.id,
        play,
    }));
    wasm_bindgen_futures::spawn_local(deliver(lesson, dispatcher));
}

/// Restores a shared or saved state. When it names a lesson that is not built in, that
/// lesson is fetched for it: its explanation, and its scenario to tell unsaved work.
pub fn restore(shared: SharedState, dispatcher: UseReducerDispatcher<AppState>) {
    let lesson = by_id(&shared.lesson).filter(|l| !l.is_built_in());
    dispatcher.dispatch(Action::Restore(Box::new(shared)));
    if let Some(lesson) = lesson {
        wasm_bindgen_futures::spawn_local(deliver(lesson, dispatcher));
    }
}

/// Fetches `lesson` (or takes it from the ones fetched before) and hands it to the state.
async fn deliver(lesson: &'static Lesson, dispatcher: UseReducerDispatcher<AppState>) {
    match content(lesson).await {
        Some(content) => {
            // Let the "loading" status paint before a long simulation (the large cluster).
            gloo::timers::callback::Timeout::new(20, move || {
                dispatcher.dispatch(Action::LessonArrived(content))
            })
            .forget();
        }
        None => dispatcher.dispatch(Action::LessonFailed(lesson.id)),
    }
}

/// The scenario and texts of `lesson`, fetched once; None when a file cannot be fetched or
/// its texts cannot be read.
async fn content(lesson: &'static Lesson) -> Option<Rc<LessonContent>> {
    let known = FETCHED.with_borrow(|fetched| {
        fetched
            .iter()
            .find(|c| c.lesson.id == lesson.id)
            .map(Rc::clone)
    });
    if known.is_some() {
        return known;
    }
    let yaml = fetch_text(lesson.file, MAX_INPUT_BYTES).await.ok()?;
    let texts = fetch_text(&lesson.texts_file(), MAX_INPUT_BYTES)
        .await
        .ok()?;
    let texts = LessonTexts::parse(&texts).ok()?;
    let content = Rc::new(LessonContent {
        lesson,
        yaml,
        texts,
    });
    FETCHED.with_borrow_mut(|fetched| fetched.push(Rc::clone(&content)));
    Some(content)
}

//! The root component: holds the state reducer, drives playback, and lays out the panes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::board::ClusterBoard;
use super::controls::time_controls;
use super::editor::editor_pane;
use super::embed::{embed_bar, notice_banner};
use super::engine::{EngineRunner, Pump};
use super::exercise::Exercise;
use super::explain_panel::ExplainPanel;
use super::header::{header, notice_bar};
use super::host_messages;
use super::i18n::{tr, trf, Lang};
use super::kubectl_panel::KubectlPanel;
use super::lesson_fetch;
use super::lesson_picker::{fetch_status, lesson_info};
use super::lessons;
use super::perf;
use super::persist;
use super::rollout_panel::rollout_panel;
use super::share::{self, SharedState};
use super::state::{Action, AppContext, AppState, EngineStatus, Notice};
use super::url_params::{self, Notice as SourceNotice};

/// How often playback advances, in real milliseconds.
const TICK_MS: u32 = 100;
/// How long after the last change the work is saved, in milliseconds.
const SAVE_DELAY_MS: u32 = 400;

/// The playground's root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let options = url_params::page_options();
    // The engine worker: started once; every render sends what the state waits for.
    let pump = use_memo((), {
        let dispatcher = state.dispatcher();
        move |_| Pump::new(dispatcher)
    });
    {
        let (dispatcher, pump) = (state.dispatcher(), Rc::clone(&pump));
        use_effect_with((), move |_| {
            let runner = EngineRunner::start(dispatcher, Rc::clone(&pump));
            move || drop(runner)
        });
    }
    {
        let (pump, shown) = (Rc::clone(&pump), (*state).clone());
        use_effect(move || pump.update(&shown));
    }
    // Before any panel asks about this run (their effects run after this render).
    super::engine::follow_run(&state.applied_text);
    let notice = use_state(|| None::<SourceNotice>);
    let editor_shown = use_state(|| options.editor);

    // A lesson (or a restored state) just loaded is shown from the top of its text.
    use_effect_with(Rc::clone(&state.loaded_text), |_| {
        if let Ok(Some(code)) = gloo::utils::document().query_selector(".code-scroll") {
            code.set_scroll_top(0);
            code.set_scroll_left(0);
        }
    });
    // Playback: advance virtual time while playing.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let interval = playing.then(|| {
                Interval::new(TICK_MS, move || {
                    perf::start("kubeplay:tick");
                    dispatcher.dispatch(Action::Tick(u64::from(TICK_MS)))
                })
            });
            move || drop(interval)
        });
    }
    // Once mounted, one effect for all of these (each hook instance costs wasm size): the
    // first-render mark; the browser's language, then what the URL asks for (`?lang=`,
    // `?src=`, `?lesson=`); the postMessage protocol with a host page (when in a frame); the
    // initial state (share link, then saved work); saving when the page is hidden or left,
    // and pausing when hidden; share links pasted into the address bar.
    let started = use_mut_ref(|| false);
    let latest = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.to_shared());
    let unsaved = use_mut_ref(|| None);
    *unsaved.borrow_mut() = state.has_unsaved_work().then_some(state.lang);
    {
        let dispatcher = state.dispatcher();
        let notice = notice.clone();
        let started = started.clone();
        use_effect_with((), move |_| {
            perf::mark("kubeplay:first-render");
            if let Some(tag) = gloo::utils::window().navigator().language() {
                dispatcher.dispatch(Action::SetLang(Lang::from_tag(&tag)));
            }
            url_params::start(
                &url_params::page_options(),
                dispatcher.clone(),
                Callback::from(move |n| notice.set(Some(n))),
            );
            let host = host_messages::listen(dispatcher.clone());
            restore_initial_state(dispatcher.clone(), started.clone());
            let hidden_or_left = save_and_pause_when_hidden_or_left(&dispatcher, started, latest);
            let pasted = open_pasted_links(dispatcher, unsaved);
            move || drop((host, hidden_or_left, pasted))
        });
    }
    // Autosave: debounced after every change.
    {
        let started = started.clone();
        use_effect_with(state.to_shared(), move |shared| {
            let shared = shared.clone();
            let timer = Timeout::new(SAVE_DELAY_MS, move || {
                if *started.borrow() {
                    persist::save(&shared);
                }
            });
            move || drop(timer)
        });
    }
    {
        let shown = state.clone();
        use_effect_with(
            (
                state.playing,
                state.cursor,
                state.playhead_ms,
                state.run.clone(),
                state.shown.clone(),
                state.diagnostics.clone(),
            ),
            move |_| host_messages::emit_state(&shown),
        );
    }
    // Follow <html lang> and the page's title.
    {
        use_effect_with(state.lang, |lang| {
            let document = gloo::utils::document();
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            document.set_title(&format!("kubeplay — {}", tr(*lang, "tagline")));
        });
    }

    let lang = state.lang;
    let embed = options.embed;
    let onclose = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(None))
    };
    let ontoggle = {
        let editor_shown = editor_shown.clone();
        Callback::from(move |_| editor_shown.set(!*editor_shown))
    };
    let panes = match (embed, *editor_shown) {
        (false, _) => "panes",
        (true, false) => "panes embed-panes",
        (true, true) => "panes embed-panes with-editor",
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class={if embed { "app embed" } else { "app" }}>
                if embed {
                    { embed_bar(&state, &options, *editor_shown, ontoggle) }
                } else {
                    { header(&state) }
                }
                if let Some(n) = &*notice {
                    { notice_banner(n, lang, onclose) }
                }
                { time_controls(&state) }
                { notice_bar(&state) }
                { fetch_status(&state) }
                { engine_status(&state) }
                if !embed {
                    { lesson_info(&state) }
                }
                <Exercise compact={embed} />
                <main class={panes}>
                    if *editor_shown {
                        { editor_pane(&state) }
                    }
                    <ClusterBoard />
                    if !embed || state.selection.is_some() {
                        <aside class="side">
                            <ExplainPanel />
                            if !embed {
                                { rollout_panel(&state) }
                                <KubectlPanel />
                            }
                        </aside>
                    }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}

/// Opens the state the page starts with (see `persist::initial_state`), then lets the work be
/// saved, unless embedded: an embedded playground never overwrites the work saved by the
/// full page.
fn restore_initial_state(dispatcher: UseReducerDispatcher<AppState>, started: Rc<RefCell<bool>>) {
    wasm_bindgen_futures::spawn_local(async move {
        let (restore, notice) = persist::initial_state().await;
        let options = url_params::page_options();
        if let Some(shared) = restore {
            lesson_fetch::restore(shared, dispatcher.clone());
        } else if !options.names_a_scenario() {
            // A first visit (nothing saved, shared or named): the default lesson, with its
            // banner, playing from the start unless `autoplay=0` or embedded.
            if let Some(default) = lessons::by_id("default") {
                lesson_fetch::open(default, options.plays(), dispatcher.clone());
            }
        }
        if notice.is_some() {
            dispatcher.dispatch(Action::SetNotice(notice));
        }
        *started.borrow_mut() = !options.embed;
    });
}

/// Saves the latest state when the page is hidden or left (once saving has started), and
/// pauses when it is hidden.
fn save_and_pause_when_hidden_or_left(
    dispatcher: &UseReducerDispatcher<AppState>,
    started: Rc<RefCell<bool>>,
    latest: Rc<RefCell<Option<SharedState>>>,
) -> (EventListener, EventListener) {
    let save_now = move || {
        if *started.borrow() {
            if let Some(shared) = &*latest.borrow() {
                persist::save(shared);
            }
        }
    };
    let save_again = save_now.clone();
    let dispatcher = dispatcher.clone();
    let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
        if gloo::utils::document().hidden() {
            save_now();
            dispatcher.dispatch(Action::Pause);
        }
    });
    let left = EventListener::new(&gloo::utils::window(), "pagehide", move |_| save_again());
    (hidden, left)
}

/// Opens a share link pasted into the address bar of the open page, asking first (in the
/// language `unsaved` holds) when there is unsaved work.
fn open_pasted_links(
    dispatcher: UseReducerDispatcher<AppState>,
    unsaved: Rc<RefCell<Option<Lang>>>,
) -> EventListener {
    EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
        let fragment = share::current_fragment();
        if !share::is_share_fragment(&fragment) {
            return;
        }
        let dispatcher = dispatcher.clone();
        let unsaved = *unsaved.borrow();
        wasm_bindgen_futures::spawn_local(async move {
            let decoded = share::decode(&fragment).await;
            share::clear_fragment();
            match decoded {
                Ok(shared) => {
                    let confirmed = unsaved
                        .is_none_or(|lang| gloo::dialogs::confirm(tr(lang, "confirm_open_link")));
                    if confirmed {
                        lesson_fetch::restore(shared, dispatcher);
                    }
                }
                Err(error) => dispatcher.dispatch(Action::SetNotice(Some(Notice::BadLink(error)))),
            }
        });
    })
}

/// What the engine is doing, when it is not simply ready: starting, simulating (how far), or
/// unable to start (plainly, with what to do).
fn engine_status(state: &AppState) -> Html {
    let lang = state.lang;
    let text = match (&state.engine, &state.pending) {
        (EngineStatus::Failed(message), _) => {
            return html! {
                <p class="engine-status engine-failed" role="alert" data-testid="engine-status">
                    { trf(lang, "engine_failed", &[message]) }
                </p>
            }
        }
        (EngineStatus::Starting, _) => tr(lang, "engine_starting").to_owned(),
        (EngineStatus::Ready, Some(pending)) => match pending.progress {
            Some((ms, frames)) => trf(
                lang,
                "engine_simulating",
                &[&format_seconds(ms), &frames.to_string()],
            ),
            None => tr(lang, "engine_working").to_owned(),
        },
        (EngineStatus::Ready, None) => return Html::default(),
    };
    html! { <p class="engine-status" role="status" data-testid="engine-status">{ text }</p> }
}

/// Virtual milliseconds as whole seconds (`95s`), for the progress line.
fn format_seconds(ms: u64) -> String {
    format!("{}s", ms / 1000)
}

//! The root component: holds the state reducer, drives playback, and lays out the panes.

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::board::ClusterBoard;
use super::controls::time_controls;
use super::editor::editor_pane;
use super::embed::{embed_bar, notice_banner};
use super::explain_panel::ExplainPanel;
use super::header::{header, notice_bar};
use super::host_messages;
use super::i18n::{tr, Lang};
use super::kubectl_panel::KubectlPanel;
use super::lesson_fetch;
use super::lesson_picker::{fetch_status, lesson_info};
use super::lessons;
use super::perf;
use super::persist;
use super::rollout_panel::RolloutPanel;
use super::share;
use super::state::{Action, AppContext, AppState, Notice};
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
    let notice = use_state(|| None::<SourceNotice>);
    let editor_shown = use_state(|| options.editor);

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
    // Page load to the first rendered playground.
    use_effect_with((), |_| perf::mark("kubeplay:first-render"));
    // Start in the browser's language, then as the URL asks (`?lang=`, `?src=`, `?lesson=`),
    // and speak the postMessage protocol with a host page (when in a frame). One effect for
    // all three: each hook instance costs wasm size.
    {
        let dispatcher = state.dispatcher();
        let notice = notice.clone();
        use_effect_with((), move |_| {
            if let Some(tag) = gloo::utils::window().navigator().language() {
                dispatcher.dispatch(Action::SetLang(Lang::from_tag(&tag)));
            }
            url_params::start(
                &url_params::page_options(),
                dispatcher.clone(),
                Callback::from(move |n| notice.set(Some(n))),
            );
            let listener = host_messages::listen(dispatcher);
            move || drop(listener)
        });
    }
    // The initial state (share link, then saved work; see persist::initial_state), then
    // autosave: debounced after every change, and when the page is hidden or left.
    let started = use_mut_ref(|| false);
    {
        let dispatcher = state.dispatcher();
        let started = started.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let (restore, notice) = persist::initial_state().await;
                if let Some(shared) = restore {
                    dispatcher.dispatch(Action::Restore(Box::new(shared)));
                }
                if notice.is_some() {
                    dispatcher.dispatch(Action::SetNotice(notice));
                }
                // An embedded playground never overwrites the work saved by the full page.
                *started.borrow_mut() = !url_params::page_options().embed;
            });
        });
    }
    let latest = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.to_shared());
    let unsaved = use_mut_ref(|| None);
    *unsaved.borrow_mut() = state.has_unsaved_work().then_some(state.lang);
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
        let started = started.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let save_now = move || {
                if *started.borrow() {
                    if let Some(shared) = &*latest.borrow() {
                        persist::save(shared);
                    }
                }
            };
            let save_again = save_now.clone();
            let hidden =
                EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    if gloo::utils::document().hidden() {
                        save_now();
                    }
                });
            let left =
                EventListener::new(&gloo::utils::window(), "pagehide", move |_| save_again());
            move || drop((hidden, left))
        });
    }
    // A share link pasted into the address bar of the open page (asks before it replaces
    // unsaved work).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
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
                            let confirmed = unsaved.is_none_or(|lang| {
                                gloo::dialogs::confirm(tr(lang, "confirm_open_link"))
                            });
                            if confirmed {
                                dispatcher.dispatch(Action::Restore(Box::new(shared)));
                            }
                        }
                        Err(error) => {
                            dispatcher.dispatch(Action::SetNotice(Some(Notice::BadLink(error))))
                        }
                    }
                });
            });
            move || drop(listener)
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
                state.diagnostics.clone(),
            ),
            move |_| host_messages::emit_state(&shown),
        );
    }
    // A restored state names a lesson whose texts (and scenario, to tell unsaved work) are
    // not built in: fetch them.
    {
        let dispatcher = state.dispatcher();
        let untold = state.lesson.filter(|_| state.lesson_texts.is_none());
        use_effect_with(untold, move |untold| {
            if let Some(lesson) = untold.and_then(lessons::by_id) {
                lesson_fetch::fetch_for_restored(lesson, dispatcher);
            }
        });
    }
    // Pause when the page is hidden; follow <html lang>.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener = EventListener::new(&document, "visibilitychange", move |_| {
                if gloo::utils::document().hidden() {
                    dispatcher.dispatch(Action::Pause);
                }
            });
            move || drop(listener)
        });
    }
    {
        use_effect_with(state.lang, |lang| {
            if let Some(html) = gloo::utils::document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
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
                if !embed {
                    { lesson_info(&state) }
                }
                <main class={panes}>
                    if *editor_shown {
                        { editor_pane(&state) }
                    }
                    <ClusterBoard />
                    if !embed || state.selection.is_some() {
                        <aside class="side">
                            <ExplainPanel />
                            if !embed {
                                <RolloutPanel />
                                <KubectlPanel />
                            }
                        </aside>
                    }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}

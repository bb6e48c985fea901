//! The root component: holds the state reducer, drives playback, and lays out the panes.

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::board::ClusterBoard;
use super::controls::TimeControls;
use super::editor::EditorPane;
use super::embed::{embed_bar, notice_banner};
use super::explain_panel::ExplainPanel;
use super::header::Header;
use super::host_messages;
use super::i18n::Lang;
use super::kubectl_panel::KubectlPanel;
use super::lesson_picker::LessonInfo;
use super::rollout_panel::RolloutPanel;
use super::state::{Action, AppContext, AppState};
use super::url_params::{self, Notice};

/// How often playback advances, in real milliseconds.
const TICK_MS: u32 = 100;

/// The playground's root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let options = url_params::page_options();
    let notice = use_state(|| None::<Notice>);
    let editor_shown = use_state(|| options.editor);

    // Playback: advance virtual time while playing.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let interval = playing.then(|| {
                Interval::new(TICK_MS, move || {
                    dispatcher.dispatch(Action::Tick(u64::from(TICK_MS)))
                })
            });
            move || drop(interval)
        });
    }
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
                    <Header />
                }
                if let Some(n) = &*notice {
                    { notice_banner(n, lang, onclose) }
                }
                <TimeControls />
                if !embed {
                    <LessonInfo />
                }
                <main class={panes}>
                    if *editor_shown {
                        <EditorPane />
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

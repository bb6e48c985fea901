//! The root component: holds the state reducer, drives playback, and lays out the panes.

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::board::ClusterBoard;
use super::controls::TimeControls;
use super::editor::EditorPane;
use super::explain_panel::ExplainPanel;
use super::header::Header;
use super::i18n::Lang;
use super::kubectl_panel::KubectlPanel;
use super::lesson_picker::LessonInfo;
use super::perf;
use super::rollout_panel::RolloutPanel;
use super::state::{Action, AppContext, AppState};

/// How often playback advances, in real milliseconds.
const TICK_MS: u32 = 100;

/// The playground's root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

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
    // Start in the browser's language.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            if let Some(tag) = gloo::utils::window().navigator().language() {
                dispatcher.dispatch(Action::SetLang(Lang::from_tag(&tag)));
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

    html! {
        <ContextProvider<AppContext> context={state}>
            <div class="app">
                <Header />
                <TimeControls />
                <LessonInfo />
                <main class="panes">
                    <EditorPane />
                    <ClusterBoard />
                    <aside class="side">
                        <ExplainPanel />
                        <RolloutPanel />
                        <KubectlPanel />
                    </aside>
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}

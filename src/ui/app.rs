//! The root component: holds the state reducer and lays out the panes.

use yew::prelude::*;

use super::cluster::ClusterPane;
use super::editor::EditorPane;
use super::header::Header;
use super::state::{AppContext, AppState};

/// The playground's root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    html! {
        <ContextProvider<AppContext> context={state}>
            <div class="app">
                <Header />
                <main class="panes">
                    <EditorPane />
                    <ClusterPane />
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}

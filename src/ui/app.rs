//! The root component.

use yew::prelude::*;

use crate::engine::KUBERNETES_VERSION;

/// The playground's root component.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "kubeplay" }</h1>
                <span class="k8s-version">{ format!("Kubernetes {KUBERNETES_VERSION}") }</span>
            </header>
        </div>
    }
}

//! The cluster pane: one card per node of the last applied YAML.

use yew::prelude::*;

use super::i18n::{tr, trf};
use super::state::AppContext;

/// The cluster pane.
#[function_component(ClusterPane)]
pub fn cluster_pane() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let nodes = &state.applied.nodes;
    html! {
        <section class="pane cluster-pane" aria-labelledby="cluster-title">
            <div class="pane-title">
                <h2 id="cluster-title">{ tr(lang, "cluster_title") }</h2>
                <span class="muted">{ trf(lang, "node_count", &[&nodes.len().to_string()]) }</span>
            </div>
            <ul class="node-list">
                { for nodes.iter().map(|node| html! {
                    <li class="node-card" data-testid="node-card">
                        <span class="node-name" data-testid="node-name">{ &node.metadata.name }</span>
                        <span class="node-taints">
                            { for node.spec.taints.iter().map(|t| html! {
                                <span class="chip">{ format!("{}{}:{}", t.key, if t.value.is_empty() { String::new() } else { format!("={}", t.value) }, t.effect.as_str()) }</span>
                            }) }
                        </span>
                    </li>
                }) }
            </ul>
        </section>
    }
}

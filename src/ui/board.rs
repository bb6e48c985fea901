//! The cluster board: one card per node (grouped or filtered by a label), and the pending
//! area for pods that cannot be placed, each with its FailedScheduling message.

use std::collections::BTreeMap;
use std::sync::Arc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::i18n::{tr, trf};
use super::node_card::{NodeCard, NodeUsage};
use super::node_form::AddNodeForm;
use super::state::{Action, AppContext, Selection};
use crate::engine::sim::adapters::snapshot;
use crate::engine::sim::state::{ClusterState, PodState};

/// The latest FailedScheduling message of each pod, up to the cursor's frame.
fn failed_scheduling_messages(state: &super::state::AppState) -> BTreeMap<String, String> {
    let timeline = &state.run.timeline;
    let end = timeline.frame(state.cursor).map_or(0, |f| f.events.end);
    let mut messages = BTreeMap::new();
    for event in &timeline.events()[..end.min(timeline.events().len())] {
        if event.reason == "FailedScheduling" {
            let key = format!("{}/{}", event.object.namespace, event.object.name);
            messages.insert(key, event.message.clone());
        }
    }
    messages
}

/// The pods of each node (by target node, pending pinned pods included), in name order.
pub fn pods_by_node(cluster: &ClusterState) -> BTreeMap<String, Vec<Arc<PodState>>> {
    let mut map: BTreeMap<String, Vec<Arc<PodState>>> = BTreeMap::new();
    for pod in cluster.pods.values() {
        if let Some(node) = pod.target_node() {
            map.entry(node.to_owned())
                .or_default()
                .push(Arc::clone(pod));
        }
    }
    map
}

/// The cluster board.
#[function_component(ClusterBoard)]
pub fn cluster_board() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let cluster = state.cluster();
    let pods = pods_by_node(&cluster);
    let scheduler_view = snapshot(&cluster);
    let messages = failed_scheduling_messages(&state);

    let label_keys: Vec<String> = {
        let mut keys: Vec<String> = cluster
            .nodes
            .values()
            .flat_map(|n| n.node.metadata.labels.keys().cloned())
            .collect();
        crate::engine::sort::sort(&mut keys);
        keys.dedup();
        keys
    };
    let filter = state.filter.to_ascii_lowercase();
    let visible: Vec<_> = cluster
        .nodes
        .values()
        .filter(|n| {
            filter.is_empty()
                || n.name().to_ascii_lowercase().contains(&filter)
                || n.node
                    .metadata
                    .labels
                    .iter()
                    .any(|(k, v)| format!("{k}={v}").to_ascii_lowercase().contains(&filter))
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for node in &visible {
        let group = if state.group_by.is_empty() {
            String::new()
        } else {
            node.node
                .metadata
                .labels
                .get(&state.group_by)
                .cloned()
                .unwrap_or_else(|| tr(lang, "no_label_value").to_owned())
        };
        groups.entry(group).or_default().push(Arc::clone(node));
    }
    let pending: Vec<_> = cluster
        .pods
        .values()
        .filter(|p| p.node_name().is_empty() && p.deletion.is_none())
        .collect();

    let ongroup = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::GroupBy(select.value()));
        })
    };
    let onfilter = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Filter(input.value()));
        })
    };
    html! {
        <section class="pane cluster-pane" aria-labelledby="cluster-title">
            <div class="pane-title">
                <h2 id="cluster-title">{ tr(lang, "cluster_title") }</h2>
                <span class="muted">{ trf(lang, "node_count", &[&cluster.nodes.len().to_string()]) }</span>
                <label class="board-option">
                    <span>{ tr(lang, "group_by") }</span>
                    <select aria-label={tr(lang, "group_by")} onchange={ongroup}>
                        <option value="" selected={state.group_by.is_empty()}>{ tr(lang, "no_grouping") }</option>
                        { for label_keys.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == state.group_by}>{ k }</option>
                        }) }
                    </select>
                </label>
                <input class="board-filter" type="search" placeholder={tr(lang, "filter_nodes")}
                    aria-label={tr(lang, "filter_nodes")} value={state.filter.clone()} oninput={onfilter} />
                <AddNodeForm />
            </div>
            <div class="board">
                { for groups.iter().map(|(group, nodes)| html! {
                    <div class="node-group">
                        if !state.group_by.is_empty() {
                            <h3 class="group-title">{ format!("{} = {}", state.group_by, group) }</h3>
                        }
                        <ul class="node-list">
                            { for nodes.iter().map(|node| html! {
                                <NodeCard key={node.name().to_owned()} node={Arc::clone(node)}
                                    pods={pods.get(node.name()).cloned().unwrap_or_default()}
                                    usage={scheduler_view.node(node.name()).map(NodeUsage::of).unwrap_or_default()} />
                            }) }
                        </ul>
                    </div>
                }) }
                <div class="pending-area" aria-labelledby="pending-title">
                    <h3 id="pending-title">{ trf(lang, "pending_title", &[&pending.len().to_string()]) }</h3>
                    if pending.is_empty() {
                        <p class="muted">{ tr(lang, "pending_none") }</p>
                    }
                    <ul class="pending-list">
                        { for pending.iter().map(|pod| {
                            let key = pod.key();
                            let onclick = {
                                let state = state.clone();
                                let key = key.clone();
                                Callback::from(move |_| state.dispatch(Action::Select(Some(Selection::Pod(key.clone())))))
                            };
                            html! {
                                <li class="pending-pod" data-testid="pending-pod">
                                    <button class="pod-link" {onclick}>{ &key }</button>
                                    <span class="failed-scheduling">
                                        { messages.get(&key).cloned().unwrap_or_else(|| tr(lang, "waiting_for_scheduler").to_owned()) }
                                    </span>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            </div>
        </section>
    }
}

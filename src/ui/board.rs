//! The cluster board: one card per node (grouped or filtered by a label), and the pending
//! area for pods that cannot be placed, each with its FailedScheduling message.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::cells::{CellIndex, CellsKey};
use super::compact::{CompactBoard, COMPACT_THRESHOLD};
use super::grouping::{group_nodes, pods_by_node};
use super::i18n::{tr, trf};
use super::node_card::{NodeCard, NodeUsage, PodEntry};
use super::node_form::AddNodeForm;
use super::perf;
use super::state::{Action, AppContext, Selection};
use crate::engine::store::scheduler_view::snapshot;
use crate::engine::store::state::{ClusterState, NodeState, PodState};

/// How the board draws nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ViewMode {
    /// Cards up to [`COMPACT_THRESHOLD`] nodes, cells above.
    Auto,
    /// One card per node.
    Cards,
    /// One cell per node.
    Compact,
}

/// A zoomed-in group shows at most this many node cards.
const ZOOM_LIMIT: usize = 100;

/// The label the compact view groups by when the user chose none.
const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

/// The label keys of the nodes, in sort order.
fn label_keys(cluster: &ClusterState) -> Vec<String> {
    crate::engine::sort::set_from(
        cluster
            .nodes
            .values()
            .flat_map(|n| n.node.metadata.labels.keys().map(String::as_str)),
    )
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Identifies the set of node objects (the timeline shares unchanged objects between frames),
/// so that what depends only on the nodes is not recomputed on every frame.
fn nodes_fingerprint(cluster: &ClusterState) -> usize {
    cluster.nodes.values().fold(cluster.nodes.len(), |acc, n| {
        acc.rotate_left(5) ^ (Arc::as_ptr(n) as usize)
    })
}

/// The scheduler's usage of `nodes` (a snapshot of just those nodes and their pods).
fn usage_of(
    cluster: &ClusterState,
    pods: &BTreeMap<&str, Vec<&Arc<PodState>>>,
    nodes: &[&Arc<NodeState>],
) -> BTreeMap<String, NodeUsage> {
    let mut part = ClusterState {
        time: cluster.time,
        ..ClusterState::default()
    };
    for node in nodes {
        part.nodes.insert(node.name().to_owned(), Arc::clone(node));
        for pod in pods.get(node.name()).into_iter().flatten() {
            part.pods.insert(pod.key(), Arc::clone(*pod));
        }
    }
    let view = snapshot(&part);
    crate::engine::sort::map_from(nodes.iter().map(|n| {
        let usage = view.node(n.name()).map(NodeUsage::of).unwrap_or_default();
        (n.name().to_owned(), usage)
    }))
}

/// The cluster board.
#[function_component(ClusterBoard)]
pub fn cluster_board() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let mode = use_state(|| ViewMode::Auto);
    let zoom = use_state(|| None::<String>);
    let cluster = state.cluster();
    let label_keys = {
        let c = Rc::clone(&cluster);
        use_memo(
            (state.run.clone(), nodes_fingerprint(&cluster)),
            move |_| label_keys(&c),
        )
    };
    // The tick measure ends once everything on the page has rendered.
    use_effect(|| perf::end("kubeplay:tick"));

    let no_value = tr(lang, "no_label_value");
    let shown_count = if state.filter.is_empty() {
        cluster.nodes.len()
    } else {
        group_nodes(&cluster, &state.filter, "", no_value)
            .values()
            .map(Vec::len)
            .sum()
    };
    let compact = match *mode {
        ViewMode::Auto => shown_count > COMPACT_THRESHOLD,
        ViewMode::Cards => false,
        ViewMode::Compact => true,
    };
    let group_label = if !state.group_by.is_empty() {
        state.group_by.clone()
    } else if compact && label_keys.iter().any(|k| k == ZONE_LABEL) {
        ZONE_LABEL.to_owned()
    } else {
        String::new()
    };
    let zoomed = if compact { (*zoom).clone() } else { None };
    let groups = if compact && zoomed.is_none() {
        BTreeMap::new()
    } else {
        group_nodes(&cluster, &state.filter, &group_label, no_value)
    };
    let cell_index = use_mut_ref(|| None);
    let cells = if compact && zoomed.is_none() {
        let key = CellsKey {
            run: Rc::clone(&state.run),
            label: group_label.clone(),
            filter: state.filter.clone(),
            no_value,
        };
        CellIndex::for_frame(&mut cell_index.borrow_mut(), key, state.cursor, &cluster)
    } else {
        *cell_index.borrow_mut() = None;
        Rc::default()
    };
    let selected_node = match &state.selection {
        Some(Selection::Node(name)) => Some(name.clone()),
        _ => None,
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |name: String| {
            state.dispatch(Action::Select(Some(Selection::Node(name))))
        })
    };
    let on_zoom = {
        let zoom = zoom.clone();
        Callback::from(move |name: String| zoom.set(Some(name)))
    };
    let unzoom = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom.set(None))
    };
    let toggle_mode = {
        let mode = mode.clone();
        let zoom = zoom.clone();
        Callback::from(move |_| {
            mode.set(if compact {
                ViewMode::Cards
            } else {
                ViewMode::Compact
            });
            zoom.set(None);
        })
    };
    // The node cards: every group, or the zoomed-in group (at most ZOOM_LIMIT cards).
    let card_groups: Vec<(&str, &[&Arc<NodeState>])> = match &zoomed {
        _ if !compact => groups.iter().map(|(g, n)| (*g, n.as_slice())).collect(),
        Some(z) => groups
            .iter()
            .filter(|(g, _)| **g == z.as_str())
            .map(|(g, n)| (*g, &n[..n.len().min(ZOOM_LIMIT)]))
            .collect(),
        None => Vec::new(),
    };
    let zoom_total = zoomed
        .as_ref()
        .and_then(|z| groups.get(z.as_str()))
        .map_or(0, Vec::len);
    let shown_cards: Vec<&Arc<NodeState>> = card_groups
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let pods = if shown_cards.is_empty() {
        BTreeMap::new()
    } else {
        pods_by_node(&cluster)
    };
    let usage = usage_of(&cluster, &pods, &shown_cards);
    let dispatch = state.dispatcher();
    let pending: Vec<_> = cluster
        .pods
        .values()
        .filter(|p| p.node_name().is_empty() && p.deletion.is_none())
        .collect();
    let messages = if pending.is_empty() {
        BTreeMap::new()
    } else {
        state.run.timeline.failed_scheduling_messages(state.cursor)
    };

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
                        <option value="" selected={group_label.is_empty()}>{ tr(lang, "no_grouping") }</option>
                        { for label_keys.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == group_label}>{ k }</option>
                        }) }
                    </select>
                </label>
                <input class="board-filter" type="search" placeholder={tr(lang, "filter_nodes")}
                    aria-label={tr(lang, "filter_nodes")} value={state.filter.clone()} oninput={onfilter} />
                <button class="btn btn-small" onclick={toggle_mode} data-testid="view-toggle" aria-pressed={compact.to_string()}>
                    { if compact { tr(lang, "view_cards") } else { tr(lang, "view_compact") } }
                </button>
                <AddNodeForm />
            </div>
            <div class={classes!("board", compact.then_some("board-compact"))}>
                if compact && zoomed.is_none() {
                    <CompactBoard groups={cells} label={AttrValue::from(group_label.clone())}
                        selected={selected_node.clone().map(AttrValue::from)} {lang} {on_select} {on_zoom} />
                }
                if let Some(z) = &zoomed {
                    <div class="zoom-bar">
                        <button class="btn btn-small" onclick={unzoom} data-testid="unzoom">{ tr(lang, "all_groups") }</button>
                        <strong>{ if group_label.is_empty() { z.clone() } else { format!("{group_label} = {z}") } }</strong>
                        if zoom_total > ZOOM_LIMIT {
                            <span class="muted">{ trf(lang, "zoom_limited", &[&ZOOM_LIMIT.to_string(), &zoom_total.to_string()]) }</span>
                        }
                    </div>
                }
                { for card_groups.iter().map(|(group, nodes)| html! {
                    <div class="node-group">
                        if !group_label.is_empty() && zoomed.is_none() {
                            <h3 class="group-title">{ format!("{} = {}", group_label, group) }</h3>
                        }
                        <ul class="node-list">
                            { for nodes.iter().map(|node| html! {
                                <NodeCard key={node.name().to_owned()} node={Arc::clone(node)}
                                    pods={PodEntry::list(pods.get(node.name()).map_or(&[][..], Vec::as_slice), &cluster.daemon_sets)}
                                    usage={usage.get(node.name()).cloned().unwrap_or_default()}
                                    {lang} selected={selected_node.as_deref() == Some(node.name())}
                                    dispatch={dispatch.clone()} />
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

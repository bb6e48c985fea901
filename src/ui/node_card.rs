//! One node on the board: name, role, labels, taints (a chip per taint, labelled by effect),
//! cordoned/NotReady state, capacity bars for the requests in use, its pods, and actions.

use std::collections::BTreeMap;
use std::sync::Arc;

use yew::prelude::*;

use super::i18n::{tr, trf, Lang};
use super::node_form::EditNodeForm;
use super::state::{Action, AppState, Selection};
use crate::engine::api::taint_text::format_taint;
use crate::engine::api::Node;
use crate::engine::controllers::daemonset::update::is_pod_current;
use crate::engine::kubectl::node_roles;
use crate::engine::scheduler::node_info::NodeInfo;
use crate::engine::scheduler::resources::Resource;
use crate::engine::store::state::pod_status_text;
use crate::engine::store::state::{set_condition, DaemonSetState, NodeState, PodState, HASH_LABEL};

/// A pod on a node card, with its DaemonSet revision (computed once by the board).
#[derive(Clone, Debug)]
pub struct PodEntry {
    /// The pod.
    pub pod: Arc<PodState>,
    /// The number of its DaemonSet revision, for a daemon pod.
    pub revision: Option<i64>,
    /// True for a daemon pod at its DaemonSet's current revision.
    pub current: bool,
}

impl PodEntry {
    /// The entries of `pods`, with revisions looked up in `daemon_sets`.
    pub fn list(
        pods: &[&Arc<PodState>],
        daemon_sets: &BTreeMap<String, Arc<DaemonSetState>>,
    ) -> Vec<PodEntry> {
        pods.iter()
            .map(|pod| {
                let hash = pod.label(HASH_LABEL).unwrap_or("");
                let ds = pod.owner.as_ref().and_then(|o| daemon_sets.get(o));
                PodEntry {
                    pod: Arc::clone(*pod),
                    revision: ds
                        .and_then(|d| d.revisions.iter().find(|r| r.hash == hash))
                        .map(|r| r.revision),
                    current: ds.is_some_and(|d| is_pod_current(pod, d)),
                }
            })
            .collect()
    }
}

/// The same pod object (the timeline shares an unchanged pod between frames; a changed pod
/// is always a new object) at the same revision.
impl PartialEq for PodEntry {
    fn eq(&self, other: &PodEntry) -> bool {
        Arc::ptr_eq(&self.pod, &other.pod)
            && self.revision == other.revision
            && self.current == other.current
    }
}

/// Props of [`NodeCard`]: plain data and the dispatcher, so that a card re-renders only
/// when its own node, pods or selection change.
#[derive(Properties)]
pub struct NodeCardProps {
    /// The node.
    pub node: Arc<NodeState>,
    /// The pods bound or pinned to it.
    pub pods: Vec<PodEntry>,
    /// The scheduler's view of the node: requests in use, allocatable, bound pods.
    pub usage: NodeUsage,
    /// The UI language.
    pub lang: Lang,
    /// True when the explain panel shows this node.
    pub selected: bool,
    /// Dispatches actions to the app state.
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Nodes and pods compare by identity (see [`PodEntry`]).
impl PartialEq for NodeCardProps {
    fn eq(&self, other: &NodeCardProps) -> bool {
        Arc::ptr_eq(&self.node, &other.node)
            && self.pods == other.pods
            && self.usage == other.usage
            && self.lang == other.lang
            && self.selected == other.selected
            && self.dispatch == other.dispatch
    }
}

/// What the capacity bars show, as the scheduler's `NodeInfo` counts it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeUsage {
    /// Sum of the requests of the pods bound to the node (terminating ones included).
    pub requested: Resource,
    /// The node's allocatable resources.
    pub allocatable: Resource,
    /// Number of pods bound to the node.
    pub pods: i64,
}

impl NodeUsage {
    /// The usage of a node in the scheduler's snapshot.
    pub fn of(info: &NodeInfo) -> NodeUsage {
        NodeUsage {
            requested: info.requested.clone(),
            allocatable: info.allocatable.clone(),
            pods: info.pods.len() as i64,
        }
    }
}

fn bar(lang: Lang, label_key: &'static str, used: i64, total: i64, shown: String) -> Html {
    let percent = if total > 0 {
        (used * 100 / total).clamp(0, 100)
    } else {
        100
    };
    let over = total <= 0 || used > total;
    html! {
        <div class="capacity" title={shown.clone()}>
            <span class="capacity-label">{ tr(lang, label_key) }</span>
            <span class={classes!("capacity-bar", over.then_some("over"))} role="meter"
                aria-label={tr(lang, label_key)} aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.to_string()}>
                <span class="capacity-fill" style={format!("width: {percent}%")}></span>
            </span>
            <span class="capacity-text">{ shown }</span>
        </div>
    }
}

fn mib(bytes: i64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 {
        format!("{}Gi", bytes >> 30)
    } else {
        format!("{}Mi", bytes >> 20)
    }
}

/// A copy of `node` with its Ready condition set to `ready`.
fn with_ready(node: &Node, ready: bool) -> Node {
    let mut node = node.clone();
    set_condition(&mut node, "Ready", if ready { "True" } else { "False" });
    node
}

/// The node card.
#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let state = props.dispatch.clone();
    let lang = props.lang;
    let node = &props.node.node;
    let name = node.metadata.name.clone();
    let ready = props.node.ready_status() == "True";
    let cordoned = node.spec.unschedulable;
    let roles = node_roles(node);
    let selected = props.selected;

    let NodeUsage {
        requested: used,
        allocatable,
        pods: bound,
    } = &props.usage;

    let select = {
        let state = state.clone();
        let name = name.clone();
        Callback::from(move |_| state.dispatch(Action::Select(Some(Selection::Node(name.clone())))))
    };
    let toggle_cordon = {
        let state = state.clone();
        let node = node.clone();
        Callback::from(move |_| {
            let mut node = node.clone();
            node.spec.unschedulable = !node.spec.unschedulable;
            state.dispatch(Action::UpsertNode(Box::new(node)));
        })
    };
    let toggle_ready = {
        let state = state.clone();
        let node = node.clone();
        Callback::from(move |_| {
            state.dispatch(Action::UpsertNode(Box::new(with_ready(&node, !ready))))
        })
    };
    let delete = {
        let state = state.clone();
        let name = name.clone();
        Callback::from(move |_| state.dispatch(Action::DeleteNode(name.clone())))
    };
    html! {
        <li class={classes!("node-card", (!ready).then_some("not-ready"), cordoned.then_some("cordoned"), selected.then_some("selected"))}
            data-testid="node-card" data-node={name.clone()}>
            <div class="node-head">
                <button class="node-name" data-testid="node-name" onclick={select}
                    aria-label={trf(lang, "explain_node", &[&name])}>{ &name }</button>
                <span class="node-role">{ roles }</span>
            </div>
            <div class="node-badges">
                if ready {
                    <span class="badge badge-ok">{ "✓ " }{ tr(lang, "ready") }</span>
                } else {
                    <span class="badge badge-error" data-testid="not-ready">{ "✖ " }{ tr(lang, "not_ready") }</span>
                }
                if cordoned {
                    <span class="badge badge-warn" data-testid="cordoned">{ "⛔ " }{ tr(lang, "cordoned") }</span>
                }
            </div>
            <div class="node-taints">
                { for node.spec.taints.iter().map(|t| {
                    let effect = t.effect.as_str();
                    let text = if t.value.is_empty() { t.key.clone() } else { format!("{}={}", t.key, t.value) };
                    html! {
                        <span class={classes!("chip", "taint", format!("effect-{}", effect.to_ascii_lowercase()))}
                            title={format_taint(t)} data-testid="taint">
                            <span class="chip-effect">{ effect }</span>{ text }
                        </span>
                    }
                }) }
            </div>
            <details class="node-labels">
                <summary>{ trf(lang, "labels_count", &[&node.metadata.labels.len().to_string()]) }</summary>
                <ul>
                    { for node.metadata.labels.iter().map(|(k, v)| html! {
                        <li class="label-row"><code>{ k }</code>{ "=" }<code>{ v }</code></li>
                    }) }
                </ul>
            </details>
            { bar(lang, "cpu", used.milli_cpu, allocatable.milli_cpu, format!("{}m / {}m", used.milli_cpu, allocatable.milli_cpu)) }
            { bar(lang, "memory", used.memory, allocatable.memory, format!("{} / {}", mib(used.memory), mib(allocatable.memory))) }
            { bar(lang, "pods", *bound, allocatable.allowed_pod_number, format!("{} / {}", bound, allocatable.allowed_pod_number)) }
            <ul class="pod-list">
                { for props.pods.iter().map(|PodEntry { pod, revision, current }| {
                    let (revision, current) = (*revision, *current);
                    let key = pod.key();
                    let status = pod_status_text(pod);
                    let onclick = {
                        let state = state.clone();
                        let key = key.clone();
                        Callback::from(move |_| state.dispatch(Action::Select(Some(Selection::Pod(key.clone())))))
                    };
                    let kind = if pod.owner.is_some() { "daemon" } else { "ordinary" };
                    html! {
                        <li class={classes!("pod", format!("pod-{}", kind), format!("status-{}", status.to_ascii_lowercase()),
                                pod.ready.then_some("is-ready"), (pod.owner.is_some() && !current).then_some("old-revision"))}
                            data-testid="pod" data-status={status.clone()} data-ready={pod.ready.to_string()}
                            data-revision={revision.map(|r| r.to_string()).unwrap_or_default()}>
                            <button class="pod-link" {onclick} title={key.clone()}>
                                <span class="pod-icon" aria-hidden="true">{ if pod.ready { "●" } else if pod.deletion.is_some() { "◌" } else { "○" } }</span>
                                <span class="pod-name">{ pod.name() }</span>
                            </button>
                            <span class="pod-status">{ &status }</span>
                            <span class="pod-ready">{ if pod.ready { tr(lang, "ready") } else { tr(lang, "not_ready_short") } }</span>
                            if let Some(r) = revision {
                                <span class={classes!("pod-revision", current.then_some("current"))}>{ format!("rev {r}") }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
            <div class="node-actions">
                <button class="btn btn-small" onclick={toggle_cordon}>{ if cordoned { tr(lang, "uncordon") } else { tr(lang, "cordon") } }</button>
                <button class="btn btn-small" onclick={toggle_ready}>{ if ready { tr(lang, "set_not_ready") } else { tr(lang, "set_ready") } }</button>
                <EditNodeForm node={Arc::clone(&props.node)} />
                <button class="btn btn-small btn-danger" onclick={delete} aria-label={trf(lang, "delete_node", &[&name])}>{ tr(lang, "delete") }</button>
            </div>
        </li>
    }
}

//! One node on the board: name, role, labels, taints (a chip per taint, labelled by effect),
//! cordoned/NotReady state, capacity bars for the requests in use, its pods, and actions.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use super::i18n::{tr, trf, Lang};
use super::node_form::EditNodeForm;
use super::state::{Action, AppState, Selection};
use crate::protocol::{NodeView, PodView, TextEdit, WorkloadKind, OWNER_COLOURS};

/// Props of [`NodeCard`]: the node's view and stable handles, so that a card re-renders only
/// when its own node or its selection changes.
#[derive(Properties)]
pub struct NodeCardProps {
    /// The node as the engine shows it (an unchanged node keeps its `Rc` between frames).
    pub node: Rc<NodeView>,
    /// The UI language.
    pub lang: Lang,
    /// True when the explain panel shows this node.
    pub selected: bool,
    /// The frame's virtual time (milliseconds), given only to a node with a pod being
    /// deleted (its countdown), so that other cards do not redraw on every frame.
    pub now: Option<u64>,
    /// Dispatches actions to the app state.
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Sends a board edit to the engine (the same callback on every render).
    pub on_edit: Callback<TextEdit>,
}

/// A node compares by identity: a changed node is always a new view.
impl PartialEq for NodeCardProps {
    fn eq(&self, other: &NodeCardProps) -> bool {
        Rc::ptr_eq(&self.node, &other.node)
            && self.lang == other.lang
            && self.selected == other.selected
            && self.now == other.now
            && self.dispatch == other.dispatch
            && self.on_edit == other.on_edit
    }
}

/// A capacity bar: `used` of `total` as a meter, with `shown` as its text.
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

/// Bytes as whole `Gi` when they are, else as `Mi`.
fn mib(bytes: i64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 {
        format!("{}Gi", bytes >> 30)
    } else {
        format!("{}Mi", bytes >> 20)
    }
}

/// Virtual milliseconds as whole seconds, rounded up (`12s`): a countdown reaches 0s only
/// when it ends.
fn whole_seconds(ms: u64) -> String {
    format!("{}s", ms.div_ceil(1000))
}

/// The CSS class of a workload colour (`owner-0` ...), as a static string.
pub fn owner_class(colour: u8) -> &'static str {
    const CLASSES: [&str; OWNER_COLOURS] = [
        "owner-0", "owner-1", "owner-2", "owner-3", "owner-4", "owner-5",
    ];
    CLASSES[usize::from(colour) % OWNER_COLOURS]
}

/// A pod on the card: its status, readiness and revision, and a button that explains it.
fn pod_item(
    lang: Lang,
    pod: &PodView,
    now: Option<u64>,
    dispatch: &UseReducerDispatcher<AppState>,
) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        let key = pod.key.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Select(Some(Selection::Pod(key.clone()))))
        })
    };
    let kind = match pod.owner.as_ref().map(|o| o.kind) {
        Some(WorkloadKind::DaemonSet) => "daemon",
        Some(WorkloadKind::Deployment) => "deployment",
        Some(WorkloadKind::StatefulSet) => "statefulset",
        None => "ordinary",
    };
    let icon = if pod.ready {
        "●"
    } else if pod.terminating.is_some() {
        "◌"
    } else {
        "○"
    };
    html! {
        <li key={pod.key.clone()} class={classes!("pod", format!("pod-{kind}"), format!("status-{}", pod.status.to_ascii_lowercase()),
                pod.ready.then_some("is-ready"), pod.owner.as_ref().map(|o| owner_class(o.colour)),
                (pod.owner.is_some() && !pod.current).then_some("old-revision"), pod.eviction_refused.then_some("eviction-refused"))}
            data-testid="pod" data-key={pod.key.clone()} data-status={pod.status.clone()} data-ready={pod.ready.to_string()}
            data-owner={pod.owner.as_ref().map(|o| o.key.clone()).unwrap_or_default()}
            data-revision={pod.revision.map(|r| r.to_string()).unwrap_or_default()}>
            <button class="pod-link" {onclick} title={pod.key.clone()}>
                <span class="pod-icon" aria-hidden="true">{ icon }</span>
                <span class="pod-name">{ &pod.name }</span>
            </button>
            <span class="pod-status">{ &pod.status }</span>
            if let (Some(grace), Some(now)) = (pod.terminating, now) {
                <span class="pod-countdown" data-testid="countdown">
                    { trf(lang, "grace_left", &[&whole_seconds(grace.ends - grace.since), &whole_seconds(grace.ends.saturating_sub(now))]) }
                </span>
            }
            <span class="pod-ready">{ if pod.ready { tr(lang, "ready") } else { tr(lang, "not_ready_short") } }</span>
            if let Some(r) = pod.revision {
                <span class={classes!("pod-revision", pod.current.then_some("current"))}>{ format!("rev {r}") }</span>
            }
            if pod.eviction_refused {
                <span class="badge badge-warn" data-testid="eviction-refused">{ "⛔ " }{ tr(lang, "eviction_refused") }</span>
            }
        </li>
    }
}

/// The flags of the drain form with their input's type: switches, then flags with a value.
const DRAIN_FLAGS: [(&str, &str); 6] = [
    ("--ignore-daemonsets", "checkbox"),
    ("--delete-emptydir-data", "checkbox"),
    ("--force", "checkbox"),
    ("--disable-eviction", "checkbox"),
    ("--grace-period", "number"),
    ("--timeout", "text"),
];

/// The "drain" disclosure of a node card: `kubectl drain`'s flags, sent as a
/// [`TextEdit::Drain`] (the flags as kubectl takes them, which the engine reads) that the
/// engine writes as a `drain:` step at the time on screen.
fn drain_form(lang: Lang, node: &str, on_edit: &Callback<TextEdit>) -> Html {
    let refs: [NodeRef; 6] = Default::default();
    let onsubmit = {
        let (on_edit, node, refs) = (on_edit.clone(), node.to_owned(), refs.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut flags = String::new();
            for ((flag, kind), input) in DRAIN_FLAGS.iter().zip(&refs) {
                let Some(input) = input.cast::<HtmlInputElement>() else {
                    continue;
                };
                if *kind == "checkbox" {
                    if input.checked() {
                        flags = format!("{flags} {flag}");
                    }
                } else if !input.value().is_empty() {
                    flags = format!("{flags} {flag}={}", input.value());
                }
            }
            on_edit.emit(TextEdit::Drain {
                node: node.clone(),
                flags,
            });
            // Closes the disclosure the form is in.
            let form = e.target_dyn_into::<Element>();
            if let Some(details) = form.and_then(|f| f.parent_element()) {
                let _ = details.remove_attribute("open");
            }
        })
    };
    html! {
        <details class="popover-host drain">
            <summary class="btn btn-small">{ tr(lang, "drain") }</summary>
            <form class="popover node-form" {onsubmit} aria-label={format!("kubectl drain {node}")}>
                { for DRAIN_FLAGS.iter().zip(&refs).map(|((flag, kind), r)| html! {
                    <label class="switch"><input type={*kind} ref={r.clone()} size="4" /><code>{ *flag }</code></label>
                }) }
                <button class="btn btn-primary" type="submit">{ tr(lang, "drain") }</button>
            </form>
        </details>
    }
}

/// The node card.
#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let dispatch = &props.dispatch;
    let lang = props.lang;
    let node = &props.node;
    let name = node.name.clone();
    let ready = node.ready;
    let cordoned = node.unschedulable;
    let selected = props.selected;
    let usage = node.usage;

    let select = {
        let dispatch = dispatch.clone();
        let name = name.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Select(Some(Selection::Node(name.clone()))))
        })
    };
    // A button's click sends `edit` for this node as it is on screen.
    let send_on_click = |edit: TextEdit| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_| on_edit.emit(edit.clone()))
    };
    let toggle_cordon = send_on_click(TextEdit::SetUnschedulable {
        node: name.clone(),
        unschedulable: !cordoned,
    });
    let toggle_ready = send_on_click(TextEdit::SetReady {
        node: name.clone(),
        ready: !ready,
    });
    let delete = send_on_click(TextEdit::DeleteNode { node: name.clone() });
    // The card pulses once when the node's state changes (Ready, cordon, taints): the class
    // alternates, so that each change starts the animation again.
    let state_seen = use_mut_ref(|| (ready, cordoned, node.taints.len(), 0u32));
    let pulse = {
        let mut seen = state_seen.borrow_mut();
        if (seen.0, seen.1, seen.2) != (ready, cordoned, node.taints.len()) {
            *seen = (ready, cordoned, node.taints.len(), seen.3 + 1);
        }
        match seen.3 {
            0 => None,
            n if n % 2 == 1 => Some("pulse-a"),
            _ => Some("pulse-b"),
        }
    };
    html! {
        <li class={classes!("node-card", (!ready).then_some("not-ready"), cordoned.then_some("cordoned"), selected.then_some("selected"), pulse)}
            data-testid="node-card" data-node={name.clone()}>
            <div class="node-head">
                <button class="node-name" data-testid="node-name" onclick={select}
                    aria-label={trf(lang, "explain_node", &[&name])}>{ &name }</button>
                <span class="node-role">{ &node.roles }</span>
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
                { for node.taints.iter().map(|t| html! {
                    <span class={classes!("chip", "taint", format!("effect-{}", t.effect.to_ascii_lowercase()))}
                        title={t.spec.clone()} data-testid="taint">
                        <span class="chip-effect">{ &t.effect }</span>{ &t.text }
                    </span>
                }) }
            </div>
            <details class="node-labels">
                <summary>{ trf(lang, "labels_count", &[&node.labels.len().to_string()]) }</summary>
                <ul>
                    { for node.labels.iter().map(|(k, v)| html! {
                        <li class="label-row"><code>{ k }</code>{ "=" }<code>{ v }</code></li>
                    }) }
                </ul>
            </details>
            { bar(lang, "cpu", usage.cpu_requested, usage.cpu_allocatable,
                format!("{}m / {}m", usage.cpu_requested, usage.cpu_allocatable)) }
            { bar(lang, "memory", usage.memory_requested, usage.memory_allocatable,
                format!("{} / {}", mib(usage.memory_requested), mib(usage.memory_allocatable))) }
            { bar(lang, "pods", usage.pods, usage.pods_allocatable, format!("{} / {}", usage.pods, usage.pods_allocatable)) }
            <ul class="pod-list">
                { for node.pods.iter().map(|pod| pod_item(lang, pod, props.now, dispatch)) }
            </ul>
            <div class="node-actions">
                <button class="btn btn-small" onclick={toggle_cordon}>{ if cordoned { tr(lang, "uncordon") } else { tr(lang, "cordon") } }</button>
                <button class="btn btn-small" onclick={toggle_ready}>{ if ready { tr(lang, "set_not_ready") } else { tr(lang, "set_ready") } }</button>
                <EditNodeForm node={Rc::clone(&props.node)} />
                { drain_form(lang, &name, &props.on_edit) }
                <button class="btn btn-small btn-danger" onclick={delete} aria-label={trf(lang, "delete_node", &[&name])}>{ tr(lang, "delete") }</button>
            </div>
        </li>
    }
}

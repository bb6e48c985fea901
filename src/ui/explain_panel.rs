//! The explain panel: for the selected node (or pod), the engine's check list per DaemonSet
//! or pod: which checks pass, which fail, the upstream reason and the plain-language
//! sentence with the fix. It renders the engine's explanation data only.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, Lang};
use super::state::{Action, AppContext, Selection};
use crate::engine::explain::{
    explain_daemon_set_on_node, explain_pod, Check, DaemonNodeExplanation, Text,
};
use crate::engine::store::scheduler_view::{api_pod, snapshot};

fn text(lang: Lang, t: &Text) -> String {
    match lang {
        Lang::En => t.en.clone(),
        Lang::Zh => t.zh.clone(),
    }
}

fn checks(lang: Lang, checks: &[Check]) -> Html {
    html! {
        <ol class="checks">
            { for checks.iter().map(|c| html! {
                <li class={classes!("check", if c.passed { "pass" } else { "fail" })} data-testid="check">
                    <span class="check-mark" aria-label={if c.passed { tr(lang, "passed") } else { tr(lang, "failed") }}>
                        { if c.passed { "✓" } else { "✗" } }
                    </span>
                    <span class="check-plugin">{ &c.plugin }</span>
                    if !c.reasons.is_empty() {
                        <code class="check-reason">{ c.reasons.join(", ") }</code>
                    }
                    <p class="check-text">{ text(lang, &c.explanation) }</p>
                </li>
            }) }
        </ol>
    }
}

fn daemon_node(lang: Lang, title: &str, e: &DaemonNodeExplanation) -> Html {
    html! {
        <section class="explain-block" data-testid="explain-daemon">
            <h4>{ title }</h4>
            <p class="explain-summary">
                <span class={classes!("verdict", if e.should_run { "pass" } else { "fail" })}>
                    { format!("shouldRun={} shouldContinueRunning={}", e.should_run, e.should_continue_running) }
                </span>
                { " " }{ text(lang, &e.summary) }
            </p>
            { checks(lang, &e.checks) }
            if let Some(s) = &e.scheduling {
                <h5>{ tr(lang, "scheduler_checks") }</h5>
                { checks(lang, &s.checks) }
                if let Some(message) = &s.failed_scheduling_message {
                    <p class="failed-scheduling"><code>{ message }</code></p>
                }
            }
        </section>
    }
}

/// The explain panel.
#[function_component(ExplainPanel)]
pub fn explain_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let cluster = state.cluster();
    // The scheduler's view of the frame on screen, built once per frame (not on every render)
    // and only while something is selected.
    let snap = {
        let cluster = Rc::clone(&cluster);
        use_memo(
            (
                Rc::clone(&state.run),
                state.cursor,
                state.selection.is_some(),
            ),
            move |(_, _, selected)| selected.then(|| snapshot(&cluster)),
        )
    };
    let (Some(selection), Some(snap)) = (state.selection.clone(), snap.as_ref()) else {
        return html! {
            <section class="pane explain-pane" aria-labelledby="explain-title">
                <div class="pane-title"><h2 id="explain-title">{ tr(lang, "explain_title") }</h2></div>
                <p class="muted explain-empty">{ tr(lang, "explain_hint") }</p>
            </section>
        };
    };
    let classes: Vec<_> = cluster
        .priority_classes
        .values()
        .map(|c| (**c).clone())
        .collect();
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Select(None)))
    };
    let (heading, body) = match &selection {
        Selection::Node(name) => {
            let body = match snap.node(name) {
                None => html! { <p class="muted">{ tr(lang, "gone") }</p> },
                Some(info) => html! {
                    <>
                        if cluster.daemon_sets.is_empty() {
                            <p class="muted">{ tr(lang, "no_daemonsets") }</p>
                        }
                        { for cluster.daemon_sets.values().map(|ds| {
                            let e = explain_daemon_set_on_node(&ds.ds, info, snap, None);
                            daemon_node(lang, &format!("DaemonSet {}", ds.key()), &e)
                        }) }
                    </>
                },
            };
            (name.clone(), body)
        }
        Selection::Pod(key) => {
            let body = match cluster.pods.get(key) {
                None => html! { <p class="muted">{ tr(lang, "gone") }</p> },
                Some(pod) => {
                    let owner = pod.owner.as_ref().and_then(|o| cluster.daemon_sets.get(o));
                    match (owner, pod.target_node().and_then(|n| snap.node(n))) {
                        (Some(ds), Some(info)) => {
                            let e = explain_daemon_set_on_node(&ds.ds, info, snap, None);
                            daemon_node(lang, &format!("DaemonSet {}", ds.key()), &e)
                        }
                        _ => {
                            let e = explain_pod(&api_pod(pod), snap, &classes);
                            html! {
                                <section class="explain-block" data-testid="explain-pod">
                                    if let Some(node) = &e.bound_to {
                                        <p>{ tr(lang, "bound_to") }{ " " }<code>{ node }</code></p>
                                    }
                                    if let Some(message) = &e.failed_scheduling_message {
                                        <p class="failed-scheduling"><code>{ message }</code></p>
                                    }
                                    { for e.nodes.iter().map(|n| html! {
                                        <div class="explain-node">
                                            <h4>{ &n.node }{ if n.feasible { " ✓" } else { " ✗" } }</h4>
                                            { checks(lang, &n.checks) }
                                        </div>
                                    }) }
                                </section>
                            }
                        }
                    }
                }
            };
            (key.clone(), body)
        }
    };
    html! {
        <section class="pane explain-pane" aria-labelledby="explain-title" data-testid="explain-panel">
            <div class="pane-title">
                <h2 id="explain-title">{ tr(lang, "explain_title") }{ ": " }<code>{ heading }</code></h2>
                <button class="btn btn-small" onclick={close} aria-label={tr(lang, "close")}>{ "✕" }</button>
            </div>
            <div class="explain-body">{ body }</div>
        </section>
    }
}

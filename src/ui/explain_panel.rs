//! The explain panel: for the selected node (or pod), the engine's check list per DaemonSet
//! or pod: which checks pass, which fail, the upstream reason and the plain-language
//! sentence with the fix. It renders the engine's explanation ([`Explanation`]) only. For a
//! pod, a second tab shows the node × plugin matrix: the engine's table ([`data_table`]),
//! and a Delete button deletes it at the time on screen (a `deletePod` step).

use std::rc::Rc;

use yew::prelude::*;

use super::engine::{starting, use_answer};
use super::i18n::{sentence, tr, Lang};
use super::state::{Action, AppContext, Selection};
use super::table::{data_table, TableState};
use crate::protocol::{
    CheckView, DaemonOnNode, DeletionView, Explanation, PodOnNodes, Program, Request, Response,
    Sentence, TextEdit,
};

/// An engine sentence with its `quoted` spans (field names, commands, labels) rendered as
/// code.
fn prose(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => html! { { part } },
            _ => html! { <code>{ part }</code> },
        })
        .collect()
}

fn checks(lang: Lang, checks: &[CheckView]) -> Html {
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
                    <p class="check-text">{ prose(sentence(lang, &c.explanation)) }</p>
                </li>
            }) }
        </ol>
    }
}

fn daemon_node(lang: Lang, e: &DaemonOnNode) -> Html {
    html! {
        <section class="explain-block" data-testid="explain-daemon">
            <h4>{ format!("DaemonSet {}", e.daemon_set) }</h4>
            <p class="explain-summary">
                { prose(sentence(lang, &e.summary)) }{ " " }
                <code class={classes!("verdict", if e.should_run { "pass" } else { "fail" })}>
                    { format!("shouldRun={} shouldContinueRunning={}", e.should_run, e.should_continue_running) }
                </code>
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

/// What is happening to the pod now (the engine's sentence), above its explanation.
fn now(lang: Lang, now: Option<&Sentence>) -> Html {
    match now {
        Some(s) => {
            html! { <p class="pod-now" data-testid="pod-now">{ prose(sentence(lang, s)) }</p> }
        }
        None => html! {},
    }
}

/// Why the pod is being deleted, or why its eviction was refused, with the events behind it.
fn deletion(lang: Lang, d: &DeletionView) -> Html {
    html! {
        <div class="deletion" data-testid="deletion">
            <p>{ prose(sentence(lang, &d.summary)) }</p>
            { for d.events.iter().map(|m| html! { <p><code>{ m }</code></p> }) }
        </div>
    }
}

fn pod_on_nodes(lang: Lang, e: &PodOnNodes) -> Html {
    html! {
        <section class="explain-block" data-testid="explain-pod">
            { for e.controller.iter().map(|s| html! { <p class="controller-note" data-testid="controller-note">{ prose(sentence(lang, s)) }</p> }) }
            if let Some(node) = &e.bound_to {
                <p>{ tr(lang, "bound_to") }{ " " }<code>{ node }</code></p>
            }
            if let Some(message) = &e.failed_scheduling_message {
                <p class="failed-scheduling"><code>{ message }</code></p>
            }
            { now(lang, e.now.as_ref()) }
            { for e.deletion.iter().chain(&e.eviction_refused).map(|d| deletion(lang, d)) }
            if !e.scores.is_empty() {
                <h5>{ tr(lang, "scores") }</h5>
                <ol class="scores" data-testid="scores">
                    { for e.scores.iter().map(|line| html! { <li><code>{ line }</code></li> }) }
                </ol>
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

/// The body of the panel for the engine's answer (None: asked, with `waiting` shown
/// meanwhile).
fn body(
    lang: Lang,
    answer: Option<&Response>,
    waiting: &str,
    table: &UseStateHandle<TableState>,
) -> Html {
    match answer {
        None => html! { <p class="muted explain-waiting">{ waiting }</p> },
        Some(Response::Explained(explanation)) => match explanation {
            Explanation::Gone => html! { <p class="muted">{ tr(lang, "gone") }</p> },
            Explanation::Node { daemon_sets } => html! {
                <>
                    if daemon_sets.is_empty() {
                        <p class="muted">{ tr(lang, "no_daemonsets") }</p>
                    }
                    { for daemon_sets.iter().map(|e| daemon_node(lang, e)) }
                </>
            },
            Explanation::DaemonPod {
                daemon_set,
                now: state,
                deletion: why,
                ..
            } => html! {
                <>
                    { now(lang, state.as_ref()) }
                    { for why.iter().map(|d| deletion(lang, d)) }
                    { daemon_node(lang, daemon_set) }
                </>
            },
            Explanation::Pod { pod } => pod_on_nodes(lang, pod),
        },
        Some(Response::Table(t)) => data_table(lang, t, table),
        Some(Response::Failed { message }) => html! { <p class="muted">{ message }</p> },
        Some(_) => html! { <p class="muted">{ tr(lang, "gone") }</p> },
    }
}

/// The explain panel.
#[function_component(ExplainPanel)]
pub fn explain_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    // The matrix tab is open (a pod is selected).
    let matrix = use_state(|| false);
    let matrix_shown = *matrix && matches!(state.selection, Some(Selection::Pod(_)));
    let table = use_state(TableState::default);
    let answer = use_answer(
        state.run_id,
        state.selection.clone().map(|selection| match selection {
            Selection::Pod(pod) if matrix_shown => Request::Matrix {
                frame: state.cursor,
                pod,
            },
            selection => Request::Explain {
                frame: state.cursor,
                selection,
            },
        }),
    );
    // The last answer, with the selection and tab it is about: while the engine is asked
    // about another frame of the same node or pod (playback), it stays on screen (marked
    // busy) rather than flashing the waiting line on every frame.
    let last = use_mut_ref(|| None::<((Selection, bool), Rc<Response>)>);
    let busy = answer.is_none();
    // The matrix's worker is started by its first request: say so while it starts.
    let waiting = if matrix_shown && starting(Program::Tools) {
        tr(lang, "engine_loading")
    } else {
        "…"
    };
    let shown = match (&answer, &state.selection) {
        (Some(answer), Some(selection)) => {
            *last.borrow_mut() = Some(((selection.clone(), matrix_shown), Rc::clone(answer)));
            Some(Rc::clone(answer))
        }
        (None, Some(selection)) => last
            .borrow()
            .as_ref()
            .filter(|((about, tab), _)| about == selection && *tab == matrix_shown)
            .map(|(_, answer)| Rc::clone(answer)),
        (_, None) => None,
    };
    // A node or pod just chosen whose panel is off screen (on a phone the panes stack, and
    // Why? is far below the board): the panel scrolls into view.
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with(state.selection.clone(), move |selection| {
            if let (Some(_), Some(element)) = (selection, panel.cast::<web_sys::Element>()) {
                let rect = element.get_bounding_client_rect();
                let height = gloo::utils::window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if rect.top() >= height - 40.0 || rect.bottom() <= 0.0 {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Start);
                    element.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }
    {
        let state = state.clone();
        use_effect_with(state.selection.is_some(), move |open| {
            let escape =
                open.then(|| super::keys::on_escape(move || state.dispatch(Action::Select(None))));
            move || drop(escape)
        });
    }
    let Some(selection) = state.selection.clone() else {
        return html! {
            <section class="pane explain-pane" aria-labelledby="explain-title">
                <div class="pane-title"><h2 id="explain-title">{ tr(lang, "explain_title") }</h2></div>
                <p class="muted explain-empty">{ tr(lang, "explain_hint") }</p>
            </section>
        };
    };
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Select(None)))
    };
    let tab = |open: bool, key: &str| {
        let matrix = matrix.clone();
        html! {
            <button role="tab" class={classes!("tab", (matrix_shown == open).then_some("active"))}
                aria-selected={(matrix_shown == open).to_string()}
                onclick={Callback::from(move |_| matrix.set(open))}>{ tr(lang, key) }</button>
        }
    };
    // The engine says whether the pod on screen can be deleted now.
    let deletable = matches!(
        shown.as_deref(),
        Some(Response::Explained(
            Explanation::DaemonPod {
                deletable: true,
                ..
            } | Explanation::Pod {
                pod: PodOnNodes {
                    deletable: true,
                    ..
                }
            }
        ))
    );
    let (heading, tabs, delete) = match selection {
        Selection::Node(name) => (name, html! {}, html! {}),
        Selection::Pod(name) => {
            // `kubectl delete pod` at the time on screen: the engine writes the step.
            let onclick = {
                let (state, pod) = (state.clone(), name.clone());
                Callback::from(move |_| {
                    super::engine::edit(&state, TextEdit::DeletePod { pod: pod.clone() })
                })
            };
            (
                name,
                html! {
                    <div class="tabs" role="tablist" aria-label={tr(lang, "explain_title")}>
                        { tab(false, "explain_checks") }{ tab(true, "explain_matrix") }
                    </div>
                },
                html! {
                    if deletable {
                        <button class="btn btn-small" {onclick} data-testid="delete-pod"
                            title={tr(lang, "delete_pod_hint")}>{ tr(lang, "delete_pod") }</button>
                    }
                },
            )
        }
    };
    html! {
        <section class="pane explain-pane" aria-labelledby="explain-title" data-testid="explain-panel"
            aria-busy={busy.to_string()} ref={panel}>
            <div class="pane-title">
                <h2 id="explain-title">{ tr(lang, "explain_title") }{ ": " }<code>{ heading }</code></h2>
                { delete }
                <button class="btn btn-small" onclick={close} aria-label={tr(lang, "close")}>{ "✕" }</button>
            </div>
            { tabs }
            <div class="explain-body">{ body(lang, shown.as_deref(), waiting, &table) }</div>
        </section>
    }
}

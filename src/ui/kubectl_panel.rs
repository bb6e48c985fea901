//! The kubectl panel: `kubectl get ds`, `get pods -o wide`, `get nodes`, `rollout status` and
//! the events of `describe ds`; `get deploy`, `get rs`, and each Deployment's `rollout
//! status`, `rollout history` and `describe`; `get sts` and each StatefulSet's `rollout
//! status`; `get pdb` and each `kubectl drain`'s lines, as the engine prints them,
//! following the timeline.

use yew::prelude::*;

use super::engine::use_answer;
use super::i18n::tr;
use super::state::AppContext;
use crate::protocol::{KubectlView, Request, Response};

/// The views, with their tab labels.
const VIEWS: &[(KubectlView, &str)] = &[
    (KubectlView::GetDaemonSets, "kubectl get ds -A"),
    (KubectlView::GetPods, "kubectl get pods -A -o wide"),
    (KubectlView::GetNodes, "kubectl get nodes"),
    (KubectlView::RolloutStatus, "kubectl rollout status ds"),
    (KubectlView::DescribeEvents, "kubectl describe ds (Events)"),
    (KubectlView::GetDeployments, "kubectl get deploy -A"),
    (KubectlView::GetReplicaSets, "kubectl get rs -A"),
    (
        KubectlView::DeploymentRolloutStatus,
        "kubectl rollout status deployment",
    ),
    (
        KubectlView::DeploymentRolloutHistory,
        "kubectl rollout history deployment",
    ),
    (
        KubectlView::DescribeDeployments,
        "kubectl describe deployment",
    ),
    (KubectlView::GetStatefulSets, "kubectl get sts -A"),
    (
        KubectlView::StatefulSetRolloutStatus,
        "kubectl rollout status sts",
    ),
    (KubectlView::GetPodDisruptionBudgets, "kubectl get pdb -A"),
    (KubectlView::Drain, "kubectl drain"),
];

/// The kubectl panel.
#[function_component(KubectlPanel)]
pub fn kubectl_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let view = use_state(|| KubectlView::GetDaemonSets);
    let answer = use_answer(
        state.run_id,
        Some(Request::Kubectl {
            frame: state.cursor,
            view: *view,
        }),
    );
    // While the engine is asked, the last output stays on screen (marked busy), so that
    // playback does not flash an empty terminal on every frame.
    let last = use_mut_ref(String::new);
    let busy = answer.is_none();
    if let Some(answer) = answer.as_deref() {
        *last.borrow_mut() = match answer {
            Response::Kubectl { output } => output.clone(),
            Response::Failed { message } => message.clone(),
            _ => String::new(),
        };
    }
    let output = last.borrow().clone();
    html! {
        <section class="pane kubectl-pane" aria-labelledby="kubectl-title">
            <div class="pane-title"><h2 id="kubectl-title">{ "kubectl" }</h2></div>
            <div class="tabs" role="tablist" aria-label={tr(lang, "kubectl_views")}>
                { for VIEWS.iter().map(|(v, label)| {
                    let onclick = {
                        let view = view.clone();
                        let v = *v;
                        Callback::from(move |_| view.set(v))
                    };
                    html! {
                        <button role="tab" class={classes!("tab", (*view == *v).then_some("active"))}
                            aria-selected={(*view == *v).to_string()} {onclick}>{ *label }</button>
                    }
                }) }
            </div>
            <pre class="kubectl-output" data-testid="kubectl-output" aria-busy={busy.to_string()}>{ output }</pre>
        </section>
    }
}

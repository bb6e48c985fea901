//! The kubectl panel: `kubectl get ds`, `get pods -o wide`, `get nodes`, `rollout status` and
//! the events of `describe ds`, as the engine renders them, following the timeline.

use yew::prelude::*;

use super::i18n::tr;
use super::state::AppContext;
use crate::engine::kubectl;
use crate::engine::sim::scenario::rollout_status;

/// The kubectl views that can be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    GetDs,
    GetPods,
    GetNodes,
    RolloutStatus,
    DescribeEvents,
}

const VIEWS: &[(View, &str)] = &[
    (View::GetDs, "kubectl get ds -A"),
    (View::GetPods, "kubectl get pods -A -o wide"),
    (View::GetNodes, "kubectl get nodes"),
    (View::RolloutStatus, "kubectl rollout status ds"),
    (View::DescribeEvents, "kubectl describe ds (Events)"),
];

/// The kubectl panel.
#[function_component(KubectlPanel)]
pub fn kubectl_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let view = use_state(|| View::GetDs);
    let cluster = state.cluster();
    let events = state.run.timeline.events_until(state.cursor);
    let output = match *view {
        View::GetDs => kubectl::get_daemon_sets(&cluster, None),
        View::GetPods => kubectl::get_pods_wide(&cluster, None),
        View::GetNodes => kubectl::get_nodes(&cluster),
        View::RolloutStatus => cluster
            .daemon_sets
            .values()
            .map(|ds| {
                let line = match rollout_status(ds) {
                    Ok((line, _)) | Err(line) => line,
                };
                format!(
                    "$ kubectl rollout status ds/{} -n {}\n{line}\n",
                    ds.ds.metadata.name, ds.ds.metadata.namespace
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        View::DescribeEvents => cluster
            .daemon_sets
            .values()
            .map(|ds| {
                let meta = &ds.ds.metadata;
                format!(
                    "$ kubectl describe ds/{} -n {}\n{}",
                    meta.name,
                    meta.namespace,
                    kubectl::describe_events(
                        events,
                        cluster.time,
                        "DaemonSet",
                        &meta.namespace,
                        &meta.name
                    )
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
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
            <pre class="kubectl-output" data-testid="kubectl-output">{ output }</pre>
        </section>
    }
}

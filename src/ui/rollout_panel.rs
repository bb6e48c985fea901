//! Rollouts: per workload (DaemonSet, Deployment or StatefulSet), the status chart over the
//! timeline, `rollout history` (a Deployment's ReplicaSets with their pods), a quick "new
//! version" action (a new image tag) and roll back to a revision; for a Deployment or
//! StatefulSet, scale; for a Deployment, pause/resume; for a StatefulSet, its partition.
//! Each action is a scenario step the engine writes into the YAML.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::chart::{rollout_chart, RolloutChartProps};
use super::engine::edit;
use super::i18n::{sentence, tr, trf, Lang};
use super::node_card::owner_class;
use super::state::AppContext;
use crate::protocol::{BudgetView, TextEdit, WorkloadKind};

/// The PodDisruptionBudgets' status lines (one that allows no disruption marked).
fn budget_rows(lang: Lang, budgets: &[BudgetView]) -> Html {
    html! {
        <ul class="budgets">
            { for budgets.iter().map(|b| html! {
                <li class={classes!("budget", b.blocks.then_some("blocks"))} data-testid="budget" data-key={b.key.clone()}>
                    { sentence(lang, &b.text) }
                </li>
            }) }
        </ul>
    }
}

/// The next image tag: the last number of the tag plus one (`v2.5.2` → `v2.5.3`), or `-next`.
pub fn bump_image_tag(image: &str) -> String {
    let (repository, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image, "latest"),
    };
    let digits_end = tag.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1);
    let bumped = digits_end.and_then(|end| {
        let start = tag[..end]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let number: u64 = tag[start..end].parse().ok()?;
        Some(format!("{}{}{}", &tag[..start], number + 1, &tag[end..]))
    });
    format!(
        "{repository}:{}",
        bumped.unwrap_or_else(|| format!("{tag}-next"))
    )
}

/// A number input's submit: sends the edit `make` builds from the workload's key and the
/// input's value (nothing when it is not a number).
fn on_number(
    send: &Callback<TextEdit>,
    key: &str,
    input: &NodeRef,
    make: impl Fn(String, i32) -> TextEdit + 'static,
) -> Callback<SubmitEvent> {
    let (send, key, input) = (send.clone(), key.to_owned(), input.clone());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let value = input
            .cast::<HtmlInputElement>()
            .and_then(|el| el.value().parse().ok());
        if let Some(value) = value {
            send.emit(make(key.clone(), value));
        }
    })
}

/// The rollouts panel: a plain function of the state, which it re-renders with as often as
/// a component would (a component costs shell size).
pub fn rollout_panel(state: &AppContext) -> Html {
    let lang = state.lang;
    let workloads = &state.shown.workloads;
    // Every action sends its edit through this one callback.
    let send = {
        let state = state.clone();
        Callback::from(move |e: TextEdit| edit(&state, e))
    };
    html! {
        <section class="pane rollout-pane" aria-labelledby="rollout-title">
            <div class="pane-title"><h2 id="rollout-title">{ tr(lang, "rollouts_title") }</h2></div>
            if state.shown.run == 0 {
                <p class="muted">{ "…" }</p>
            } else if workloads.is_empty() {
                <p class="muted">{ tr(lang, "no_workloads") }</p>
            }
            { for workloads.iter().map(|ds| {
                let key = ds.key.clone();
                let kind = ds.kind;
                let daemon = kind == WorkloadKind::DaemonSet;
                let name = AttrValue::from(format!("{} {key}", ds.kind.as_str()));
                let input = NodeRef::default();
                let onnew = {
                    let (send, key, input) = (send.clone(), key.clone(), input.clone());
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        let image = input.cast::<HtmlInputElement>().map(|el| el.value().trim().to_owned());
                        if let Some(image) = image.filter(|i| !i.is_empty()) {
                            send.emit(TextEdit::NewImage { kind, workload: key.clone(), image });
                        }
                    })
                };
                let replicas = NodeRef::default();
                let onscale = on_number(&send, &key, &replicas, move |workload, replicas| {
                    TextEdit::Scale { kind, workload, replicas }
                });
                let partition = NodeRef::default();
                let onpartition = on_number(&send, &key, &partition, |stateful_set, partition| {
                    TextEdit::SetPartition { stateful_set, partition }
                });
                let onpause = {
                    let (deployment, paused) = (key.clone(), ds.paused);
                    send.reform(move |_: MouseEvent| {
                        TextEdit::SetPaused { deployment: deployment.clone(), paused: !paused }
                    })
                };
                let status = ds.status;
                let history = state
                    .run
                    .histories
                    .iter()
                    .find(|h| h.kind == ds.kind && h.key == key);
                html! {
                    <div class={classes!("rollout", owner_class(ds.colour))} data-testid="rollout" data-kind={ds.kind.as_str()} data-key={key.clone()}>
                        <h3><span class="swatch" aria-hidden="true"></span>{ name.clone() }</h3>
                        <p class="rollout-status" data-testid={match kind {
                            WorkloadKind::DaemonSet => "ds-status",
                            WorkloadKind::Deployment => "deploy-status",
                            WorkloadKind::StatefulSet => "sts-status",
                        }}>
                            if ds.details.is_empty() {
                                { trf(lang, "ds_status", &[
                                    &status.desired.to_string(),
                                    &status.updated.to_string(),
                                    &status.available.to_string(),
                                    &status.unavailable.to_string(),
                                ]) }
                            }
                            { for ds.details.iter().map(|line| html! { <span class="status-line">{ sentence(lang, line) }</span> }) }
                        </p>
                        { budget_rows(lang, &ds.budgets) }
                        { rollout_chart(&RolloutChartProps {
                            workload: name,
                            history: history.map_or(&[][..], |h| h.points.as_slice()),
                            end_ms: history.map_or(0, |h| h.end_ms),
                            end: history.map_or("", |h| h.end.as_str()),
                            cursor_ms: state.cursor_time(),
                            lang,
                        }) }
                        <form class="new-version" onsubmit={onnew}>
                            <label>{ tr(lang, "new_image") }
                                <input ref={input} value={bump_image_tag(&ds.image)} aria-label={tr(lang, "new_image")} />
                            </label>
                            <button class="btn btn-primary" type="submit">{ tr(lang, "new_version") }</button>
                        </form>
                        if !daemon {
                            <form class="new-version" onsubmit={onscale}>
                                <label>{ tr(lang, "replicas") }
                                    <input ref={replicas} type="number" min="0" value={status.desired.to_string()} aria-label={tr(lang, "replicas")} />
                                </label>
                                <button class="btn" type="submit">{ tr(lang, "scale") }</button>
                                if kind == WorkloadKind::Deployment {
                                    <button class="btn" type="button" onclick={onpause}>
                                        { tr(lang, if ds.paused { "resume_rollout" } else { "pause_rollout" }) }
                                    </button>
                                }
                            </form>
                        }
                        if let Some(value) = ds.partition {
                            <form class="new-version" onsubmit={onpartition}>
                                <label>{ "partition" }
                                    <input ref={partition} type="number" min="0" value={value.to_string()} aria-label="partition" />
                                </label>
                                <button class="btn" type="submit">{ tr(lang, "set_partition") }</button>
                            </form>
                        }
                        <table class="history">
                            <caption>{ tr(lang, "rollout_history") }</caption>
                            <thead><tr><th>{ tr(lang, "history_revision") }</th><th>{ tr(lang, "history_image") }</th><th></th></tr></thead>
                            <tbody>
                                { for ds.revisions.iter().map(|r| {
                                    let current = r.current;
                                    let onrollback = {
                                        let (key, to_revision) = (key.clone(), Some(r.revision));
                                        send.reform(move |_: MouseEvent| {
                                            TextEdit::Rollback { kind, workload: key.clone(), to_revision }
                                        })
                                    };
                                    html! {
                                        <tr class={classes!(current.then_some("current"))}>
                                            <td>{ r.revision }{ if current { " ★" } else { "" } }</td>
                                            <td><code>{ &r.image }</code>
                                                if let Some(rs) = &r.replica_set {
                                                    <div class="replica-set" data-testid="replica-set" data-hash={rs.hash.clone()}>
                                                        <code>{ &rs.name }</code>{ format!(" {}/{} {}", rs.ready, rs.replicas, tr(lang, "ready")) }
                                                    </div>
                                                }
                                            </td>
                                            <td>
                                                if !current {
                                                    <button class="btn btn-small" onclick={onrollback}>{ trf(lang, "rollback_to", &[&r.revision.to_string()]) }</button>
                                                }
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            }) }
            if !state.shown.budgets.is_empty() {
                <div class="rollout">
                    <h3>{ tr(lang, "budgets") }</h3>
                    { budget_rows(lang, &state.shown.budgets) }
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_version_suggestion_bumps_the_last_number_of_the_tag() {
        let cases = [
            (
                "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
                "quay.io/fluentd_elasticsearch/fluentd:v2.5.3",
            ),
            ("nginx:1.27", "nginx:1.28"),
            ("nginx", "nginx:latest-next"),
            ("registry:5000/app:stable", "registry:5000/app:stable-next"),
            ("registry:5000/app", "registry:5000/app:latest-next"),
            ("app:v9-rc1", "app:v9-rc2"),
        ];
        for (image, expected) in cases {
            assert_eq!(bump_image_tag(image), expected, "{image}");
        }
    }
}

//! Rollouts: per DaemonSet, a quick "new version" action (a new image tag), the status chart
//! over the timeline, `rollout history` and roll back to a revision.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::chart::RolloutChart;
use super::engine::edit;
use super::i18n::{tr, trf};
use super::state::AppContext;
use crate::protocol::{StatusCounts, TextEdit};

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

/// The rollouts panel.
#[function_component(RolloutPanel)]
pub fn rollout_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    // The charts' data belongs to the run: shared once per run, so a chart re-renders only
    // when the cursor moves.
    let histories = {
        let run = Rc::clone(&state.run);
        use_memo(state.run_id, move |_| {
            run.histories
                .iter()
                .map(|h| (h.daemon_set.clone(), Rc::new(h.points.clone())))
                .collect::<Vec<(String, Rc<Vec<(u64, StatusCounts)>>)>>()
        })
    };
    let end_ms = state.run.frames.last().map_or(0, |f| f.time_ms);
    let daemon_sets = &state.shown.daemon_sets;
    html! {
        <section class="pane rollout-pane" aria-labelledby="rollout-title">
            <div class="pane-title"><h2 id="rollout-title">{ tr(lang, "rollouts_title") }</h2></div>
            if state.shown.run == 0 {
                <p class="muted">{ "…" }</p>
            } else if daemon_sets.is_empty() {
                <p class="muted">{ tr(lang, "no_daemonsets") }</p>
            }
            { for daemon_sets.iter().map(|ds| {
                let key = ds.key.clone();
                let input = NodeRef::default();
                let onnew = {
                    let state = state.clone();
                    let key = key.clone();
                    let input = input.clone();
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        if let Some(el) = input.cast::<HtmlInputElement>() {
                            let image = el.value().trim().to_owned();
                            if !image.is_empty() {
                                edit(&state, TextEdit::NewImage { daemon_set: key.clone(), image });
                            }
                        }
                    })
                };
                let status = ds.status;
                let history = histories
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, h)| Rc::clone(h))
                    .unwrap_or_default();
                html! {
                    <div class="rollout" data-testid="rollout" data-ds={key.clone()}>
                        <h3>{ format!("DaemonSet {key}") }</h3>
                        <p class="rollout-status" data-testid="ds-status">
                            { trf(lang, "ds_status", &[
                                &status.desired.to_string(),
                                &status.updated.to_string(),
                                &status.available.to_string(),
                                &status.unavailable.to_string(),
                            ]) }
                        </p>
                        <RolloutChart history={history} end_ms={end_ms} cursor_ms={state.cursor_time()} lang={lang} />
                        <form class="new-version" onsubmit={onnew}>
                            <label>{ tr(lang, "new_image") }
                                <input ref={input} value={bump_image_tag(&ds.image)} aria-label={tr(lang, "new_image")} />
                            </label>
                            <button class="btn btn-primary" type="submit">{ tr(lang, "new_version") }</button>
                        </form>
                        <table class="history">
                            <caption>{ tr(lang, "rollout_history") }</caption>
                            <thead><tr><th>{ "REVISION" }</th><th>{ "IMAGE" }</th><th></th></tr></thead>
                            <tbody>
                                { for ds.revisions.iter().map(|r| {
                                    let current = r.current;
                                    let onrollback = {
                                        let state = state.clone();
                                        let key = key.clone();
                                        let revision = r.revision;
                                        Callback::from(move |_| edit(&state, TextEdit::Rollback { daemon_set: key.clone(), to_revision: Some(revision) }))
                                    };
                                    html! {
                                        <tr class={classes!(current.then_some("current"))}>
                                            <td>{ r.revision }{ if current { " ★" } else { "" } }</td>
                                            <td><code>{ &r.image }</code></td>
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

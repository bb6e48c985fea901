//! The postMessage protocol between an embedded playground and its host page (documented in
//! docs/embedding.md).
//!
//! The host posts `{type: "kubeplay:load", yaml, play?}`, `{type: "kubeplay:play"}`,
//! `{type: "kubeplay:pause"}`, `{type: "kubeplay:step"}` or `{type: "kubeplay:seek", ms}` to
//! the iframe; only messages from the parent window are read. The playground posts
//! `{type: "kubeplay:ready", kubernetesVersion}` once it listens, and
//! `{type: "kubeplay:state", ...}` whenever what it shows changes (at most every
//! [`STATE_INTERVAL_MS`] while playing), and `{type: "kubeplay:goal", lesson, goal, met,
//! title}` for each goal of an exercise when it arrives and whenever its state changes.

use std::cell::Cell;

use gloo::events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};
use yew::prelude::*;

use super::state::{Action, AppState};
use super::url_params::SRC_MAX_BYTES;
use crate::protocol::{Severity, KUBERNETES_VERSION};

/// While playing, state events are sent at most this often, in real milliseconds.
pub const STATE_INTERVAL_MS: f64 = 250.0;

/// A host page's message, read into the action it asks for (None: not a kubeplay command,
/// or a malformed one). `ms` must be a finite number of milliseconds, not negative.
pub fn command(
    type_: &str,
    yaml: Option<String>,
    play: Option<bool>,
    ms: Option<f64>,
) -> Option<Action> {
    match type_ {
        "kubeplay:load" => {
            yaml.filter(|text| text.len() <= SRC_MAX_BYTES)
                .map(|text| Action::LoadText {
                    text,
                    play: play.unwrap_or(false),
                })
        }
        "kubeplay:play" => Some(Action::Play),
        "kubeplay:pause" => Some(Action::Pause),
        "kubeplay:step" => Some(Action::StepEvent),
        "kubeplay:seek" => ms
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            // Saturating conversion: a huge time seeks to the end.
            .map(|ms| Action::SeekTime(ms as u64)),
        _ => None,
    }
}

fn parent_of(window: &Window) -> Option<Window> {
    let parent = window.parent().ok().flatten()?;
    let own: &JsValue = window.as_ref();
    let theirs: &JsValue = parent.as_ref();
    (own != theirs).then_some(parent)
}

fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

fn get(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post(message: &Object) {
    if let Some(parent) = parent_of(&gloo::utils::window()) {
        let _ = parent.post_message(message, "*");
    }
}

/// Listens for the host page's messages (when the page is in a frame) and announces
/// `kubeplay:ready`; dropping the listener stops listening.
pub fn listen(dispatcher: UseReducerDispatcher<AppState>) -> Option<EventListener> {
    let window = gloo::utils::window();
    let parent = parent_of(&window)?;
    let listener = EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let from_parent = event.source().is_some_and(|source| {
            AsRef::<JsValue>::as_ref(&source) == AsRef::<JsValue>::as_ref(&parent)
        });
        if !from_parent {
            return;
        }
        let data = event.data();
        let Some(type_) = get(&data, "type").as_string() else {
            return;
        };
        let action = command(
            &type_,
            get(&data, "yaml").as_string(),
            get(&data, "play").as_bool(),
            get(&data, "ms").as_f64(),
        );
        if let Some(action) = action {
            dispatcher.dispatch(action);
        }
    });
    let ready = Object::new();
    set(&ready, "type", JsValue::from("kubeplay:ready"));
    set(
        &ready,
        "kubernetesVersion",
        JsValue::from(KUBERNETES_VERSION),
    );
    post(&ready);
    Some(listener)
}

thread_local! {
    static LAST_SENT: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// Posts `kubeplay:state` to the parent window (when framed); while playing, at most every
/// [`STATE_INTERVAL_MS`]. Nothing is posted while a lesson is being fetched or while the
/// engine has not sent the frame on the time controls: what the page shows meanwhile is not
/// what the host asked for.
pub fn emit_state(state: &AppState) {
    // A state tells the host what is on screen: nothing while a lesson is fetched or the
    // board has not caught up with the engine.
    if state.fetching.is_some() || !state.is_synced() || parent_of(&gloo::utils::window()).is_none()
    {
        return;
    }
    let now = js_sys::Date::now();
    if state.playing && now - LAST_SENT.get() < STATE_INTERVAL_MS {
        return;
    }
    LAST_SENT.set(now);
    let end_ms = state.run.frames.last().map_or(0, |frame| frame.time_ms);
    let errors = state
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let pods = state.shown.pods;
    let counts = Object::new();
    set(&counts, "total", JsValue::from(pods.total as f64));
    set(&counts, "running", JsValue::from(pods.running as f64));
    set(&counts, "pending", JsValue::from(pods.pending as f64));
    set(&counts, "ready", JsValue::from(pods.ready as f64));
    set(
        &counts,
        "terminating",
        JsValue::from(pods.terminating as f64),
    );
    let message = Object::new();
    set(&message, "type", JsValue::from("kubeplay:state"));
    set(&message, "playing", JsValue::from(state.playing));
    set(
        &message,
        "playheadMs",
        JsValue::from(state.playhead_ms.min(end_ms) as f64),
    );
    set(&message, "endMs", JsValue::from(end_ms as f64));
    set(&message, "frame", JsValue::from(state.cursor as f64));
    set(
        &message,
        "frames",
        JsValue::from(state.run.frames.len() as f64),
    );
    let frame = state.run.frames.get(state.cursor);
    let time = frame.map_or("0s", |f| f.time.as_str());
    set(&message, "time", JsValue::from(time));
    let title = frame.map_or("", |f| f.title.as_str());
    set(&message, "title", JsValue::from(title));
    set(&message, "applied", JsValue::from(!state.not_applied));
    set(&message, "errors", JsValue::from(errors as f64));
    let warnings = state.diagnostics.len() - errors;
    set(&message, "warnings", JsValue::from(warnings as f64));
    set(&message, "pods", JsValue::from(counts));
    post(&message);
}

/// Posts `{type: "kubeplay:goal", lesson, goal, met, title}` to the parent window (when
/// framed): a goal of the exercise on screen is met (or no longer) at the frame shown.
pub fn emit_goal(lesson: &str, goal: &str, met: bool, title: &str) {
    let message = Object::new();
    set(&message, "type", JsValue::from("kubeplay:goal"));
    set(&message, "lesson", JsValue::from(lesson));
    set(&message, "goal", JsValue::from(goal));
    set(&message, "met", JsValue::from(met));
    set(&message, "title", JsValue::from(title));
    post(&message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_messages_become_actions_and_malformed_ones_are_ignored() {
        let big = "x".repeat(SRC_MAX_BYTES + 1);
        // (case, type, yaml, play, ms, the action)
        type Case = (
            &'static str,
            &'static str,
            Option<String>,
            Option<bool>,
            Option<f64>,
            Option<Action>,
        );
        let cases: Vec<Case> = vec![
            (
                "load shows the settled cluster by default",
                "kubeplay:load",
                Some("kind: Node".into()),
                None,
                None,
                Some(Action::LoadText {
                    text: "kind: Node".into(),
                    play: false,
                }),
            ),
            (
                "load with play plays",
                "kubeplay:load",
                Some("a: 1".into()),
                Some(true),
                None,
                Some(Action::LoadText {
                    text: "a: 1".into(),
                    play: true,
                }),
            ),
            (
                "load without yaml is ignored",
                "kubeplay:load",
                None,
                None,
                None,
                None,
            ),
            (
                "load of an oversized text is ignored",
                "kubeplay:load",
                Some(big),
                None,
                None,
                None,
            ),
            (
                "play",
                "kubeplay:play",
                None,
                None,
                None,
                Some(Action::Play),
            ),
            (
                "pause",
                "kubeplay:pause",
                None,
                None,
                None,
                Some(Action::Pause),
            ),
            (
                "step",
                "kubeplay:step",
                None,
                None,
                None,
                Some(Action::StepEvent),
            ),
            (
                "seek",
                "kubeplay:seek",
                None,
                None,
                Some(30_500.9),
                Some(Action::SeekTime(30_500)),
            ),
            (
                "seek past any end saturates",
                "kubeplay:seek",
                None,
                None,
                Some(1e300),
                Some(Action::SeekTime(u64::MAX)),
            ),
            (
                "seek without ms is ignored",
                "kubeplay:seek",
                None,
                None,
                None,
                None,
            ),
            (
                "seek to a negative time is ignored",
                "kubeplay:seek",
                None,
                None,
                Some(-1.0),
                None,
            ),
            (
                "seek to NaN is ignored",
                "kubeplay:seek",
                None,
                None,
                Some(f64::NAN),
                None,
            ),
            (
                "another page's message is ignored",
                "webpackOk",
                None,
                None,
                None,
                None,
            ),
        ];
        for (name, type_, yaml, play, ms, expected) in cases {
            assert_eq!(command(type_, yaml, play, ms), expected, "{name}");
        }
    }
}

//! Time controls: play/pause, step one event, step to the next controller sync, speed, a
//! scrubber over the recorded timeline, and rewind.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::i18n::{frame_title, tr, trf};
use super::state::{Action, AppContext, SPEEDS};

/// A small inline SVG icon (fonts on many machines lack the media-control glyphs).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d={path} /></svg>
    }
}

const ICON_REWIND: &str = "M3 3h2v10H3zM13 3v10L6 8z";
const ICON_PLAY: &str = "M4 2v12l10-6z";
const ICON_PAUSE: &str = "M4 2h3v12H4zM9 2h3v12H9z";
const ICON_STEP: &str = "M3 3v10l7-5zM11 3h2v10h-2z";
const ICON_SYNC: &str =
    "M8 2a6 6 0 0 1 5.7 4H16l-3 4-3-4h1.6A4 4 0 1 0 12 9.5l1.7 1A6 6 0 1 1 8 2z";

/// The time controls (drawn with the app).
pub fn time_controls(state: &AppContext) -> Html {
    let lang = state.lang;
    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    let onscrub = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(index) = input.value().parse::<usize>() {
                state.dispatch(Action::Seek(index));
            }
        })
    };
    let onspeed = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse::<u32>() {
                state.dispatch(Action::SetSpeed(speed));
            }
        })
    };
    let last = state.last_frame();
    let frame = state.run.frames.get(state.cursor);
    let title = frame.map_or_else(String::new, |f| frame_title(lang, &f.title));
    let time = frame.map_or_else(|| "0s".to_owned(), |f| f.time.clone());
    html! {
        <div class="time-controls" role="group" aria-label={tr(lang, "time_controls")}>
            <button class="btn" onclick={dispatch(Action::Rewind)} aria-label={tr(lang, "rewind")} title={tr(lang, "rewind")}>{ icon(ICON_REWIND) }</button>
            if state.playing {
                <button class="btn btn-primary" onclick={dispatch(Action::Pause)} aria-label={tr(lang, "pause")} title={tr(lang, "pause")}>{ icon(ICON_PAUSE) }{ tr(lang, "pause") }</button>
            } else {
                <button class="btn btn-primary" onclick={dispatch(Action::Play)} aria-label={tr(lang, "play")} title={tr(lang, "play")}>{ icon(ICON_PLAY) }{ tr(lang, "play") }</button>
            }
            <button class="btn" onclick={dispatch(Action::StepEvent)} aria-label={tr(lang, "step_event")} title={tr(lang, "step_event")}>{ icon(ICON_STEP) }{ tr(lang, "step_event_short") }</button>
            <button class="btn" onclick={dispatch(Action::StepSync)} aria-label={tr(lang, "step_sync")} title={tr(lang, "step_sync")}>{ icon(ICON_SYNC) }{ tr(lang, "step_sync_short") }</button>
            <label class="speed">
                <span>{ tr(lang, "speed") }</span>
                <select aria-label={tr(lang, "speed")} onchange={onspeed}>
                    { for SPEEDS.iter().map(|(speed, label)| html! {
                        <option value={speed.to_string()} selected={*speed == state.speed}>{ *label }</option>
                    }) }
                </select>
            </label>
            <input class="scrubber" type="range" min="0" max={last.to_string()} value={state.cursor.to_string()}
                aria-label={tr(lang, "timeline")} aria-valuetext={format!("{time} {title}")} oninput={onscrub} />
            <span class="clock" data-testid="clock" aria-live="polite">
                { trf(lang, "frame_of", &[&(state.cursor + 1).to_string(), &(last + 1).to_string()]) }
                { " · t=" }{ time }
            </span>
            if state.playing && state.playback_speed() > u64::from(state.speed) {
                <span class="fast-forward" data-testid="fast-forward" title={tr(lang, "fast_forward")}>
                    { format!("» {}×", state.playback_speed() / 100) }
                </span>
            }
            <span class="frame-title" data-testid="frame-title">{ title }</span>
        </div>
    }
}

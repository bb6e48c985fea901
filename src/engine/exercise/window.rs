//! The frames a goal's window covers: its `from` and `until` moments resolved against the
//! recorded timeline (steps are found by their frames' titles, `step N: ...`).

use crate::engine::api::goals::{Moment, Window};
use crate::engine::sim::timeline::{FrameKind, Timeline};

/// The first and last frame of `window` in `timeline` (both included); `Err` says why it
/// never opened (a step that did not run, or a `from` after the end).
pub fn frames(window: &Window, timeline: &Timeline) -> Result<(usize, usize), String> {
    let last = timeline.len().saturating_sub(1);
    // Frame 0 is the cluster before the objects are loaded; frame 1 loads them.
    let first = match &window.from {
        None => 1.min(last),
        // `{step: N}` opens at that step's own frame; with a delay, at the frame whose
        // state is the cluster's at that time (the last one not later than it).
        Some(moment) => {
            let (base_index, at) = base(moment, timeline)?;
            let ended = timeline.frames().last().map_or(0, |f| f.time);
            if at > ended {
                return Err(format!("the run ended before {}", moment_text(moment)));
            }
            if moment.step.is_some() && moment.after_ms == 0 {
                base_index
            } else {
                timeline.frame_at_time(at).max(base_index)
            }
        }
    };
    let end = match &window.until {
        None => last,
        // `{step: N}` closes at that step's own frame; with a delay, at the last frame
        // not later than it.
        Some(moment) => {
            let (base_index, at) = base(moment, timeline)?;
            if moment.step.is_some() && moment.after_ms == 0 {
                base_index
            } else {
                timeline.frame_at_time(at).max(base_index)
            }
        }
    };
    if first > end {
        return Err(format!(
            "the window is empty: it opens at frame {first} and closes at frame {end}"
        ));
    }
    Ok((first, end))
}

/// The frame a moment counts from and the virtual time it names.
fn base(moment: &Moment, timeline: &Timeline) -> Result<(usize, u64), String> {
    let frames = timeline.frames();
    let (index, time) = match moment.step {
        None => (0, frames.first().map_or(0, |f| f.time)),
        Some(step) => {
            let prefix = format!("step {step}: ");
            frames
                .iter()
                .enumerate()
                .find(|(_, f)| f.kind == FrameKind::Step && f.title.starts_with(&prefix))
                .map(|(i, f)| (i, f.time))
                .ok_or_else(|| format!("step {step} never ran"))?
        }
    };
    Ok((index, time.saturating_add(moment.after_ms)))
}

fn moment_text(moment: &Moment) -> String {
    let after = crate::engine::time::format_go_duration(moment.after_ms);
    match moment.step {
        None => format!("{after} from the start"),
        Some(step) => format!("{after} after step {step}"),
    }
}

//! Exercises: a Scenario's goals (`spec.goals`) checked against a simulated timeline.
//!
//! [`evaluate`] walks the timeline once, replaying its changes, and records for every goal
//! with a condition the frames where the condition holds ([`GoalResult::holds`]); from those
//! come whether the goal is met, the frame where it became met, or the frame where an
//! `always` invariant first broke and why. A checklist reads any frame's state with
//! [`GoalResult::ticked_at`], without another run. `unchanged` goals compare the lesson's
//! starting objects with the attempt's. Pure: no clock, no I/O.

pub mod conditions;
pub mod unchanged;
pub mod window;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::engine::api::goals::{Check, Condition, Goal, Text};
use crate::engine::sim::timeline::{apply_changes, Timeline};
use crate::engine::yaml::Objects;
use conditions::View;

/// A first and a last frame, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The first frame.
    pub first: usize,
    /// The last frame.
    pub last: usize,
}

impl Span {
    /// Whether `frame` is in the span.
    pub fn contains(&self, frame: usize) -> bool {
        self.first <= frame && frame <= self.last
    }
}

/// One goal's result (the `goals` of `kubeplay simulate --output json` and `kubeplay check`,
/// documented in docs/cli.md; fields in the JSON's sorted key order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalResult {
    /// `always`: the first frame of the window where the condition does not hold.
    pub broken_at: Option<usize>,
    /// Its hint, shown after a failed try.
    pub hint: Option<Text>,
    /// The frames where the condition holds, in order (empty for `unchanged`).
    pub holds: Vec<Span>,
    /// The goal's id.
    pub id: String,
    /// Whether the attempt meets it.
    pub met: bool,
    /// The frame where it became met: `atEnd`, the first frame of the condition's last
    /// unbroken run to the end; `eventually`, the first frame in the window where it holds;
    /// `always`, the window's last frame. `None` when not met, and for `unchanged`.
    pub met_at: Option<usize>,
    /// Why it is not met, naming the object at fault: at the last frame (`atEnd`), at the
    /// window's end (`eventually`), at `brokenAt` (`always`), or what changed (`unchanged`).
    pub reason: Option<String>,
    /// Its title.
    pub title: Text,
    /// `atEnd`, `eventually`, `always` or `unchanged`.
    pub when: String,
    /// The frames an `eventually` or `always` goal looks at.
    pub window: Option<Span>,
}

impl GoalResult {
    /// Whether a live checklist ticks the goal when the timeline shows `frame`: `atEnd`,
    /// the condition holds there; `eventually`, it has held at or before it in the window;
    /// `always`, the window has opened and the invariant has not broken by then;
    /// `unchanged`, whether it is met.
    pub fn ticked_at(&self, frame: usize) -> bool {
        match self.when.as_str() {
            "atEnd" => self.holds.iter().any(|s| s.contains(frame)),
            "eventually" => self.met_at.is_some_and(|at| at <= frame),
            "always" => {
                self.window.is_some_and(|w| w.first <= frame)
                    && self.broken_at.is_none_or(|at| frame < at)
            }
            _ => self.met,
        }
    }
}

/// Checks `goals` against `timeline`, the run of `attempt`; `baseline` holds the lesson's
/// starting objects for `unchanged` goals (the attempt itself when there is no lesson).
pub fn evaluate(
    goals: &[Goal],
    timeline: &Timeline,
    baseline: &Objects,
    attempt: &Objects,
) -> Vec<GoalResult> {
    let conditions: Vec<&Condition> = goals.iter().filter_map(|g| condition_of(g)).collect();
    let holds = holding_spans(&conditions, timeline);
    let mut holds = holds.into_iter();
    goals
        .iter()
        .map(|goal| {
            let mut result = GoalResult {
                id: goal.id.clone(),
                title: goal.title.clone(),
                hint: goal.hint.clone(),
                when: goal.check.key().to_string(),
                met: false,
                met_at: None,
                broken_at: None,
                window: None,
                holds: Vec::new(),
                reason: None,
            };
            if let Check::Unchanged(u) = &goal.check {
                let outcome = unchanged::check(u, baseline, attempt);
                result.met = outcome.is_ok();
                result.reason = outcome.err();
                return result;
            }
            result.holds = holds.next().unwrap_or_default();
            judge(&mut result, &goal.check, timeline);
            result
        })
        .collect()
}

fn condition_of(goal: &Goal) -> Option<&Condition> {
    match &goal.check {
        Check::AtEnd(c) | Check::Eventually(c, _) | Check::Always(c, _) => Some(c),
        Check::Unchanged(_) => None,
    }
}

/// Fills in `met`, `metAt`, `brokenAt`, `window` and `reason` from the spans.
fn judge(result: &mut GoalResult, check: &Check, timeline: &Timeline) {
    let Some(last) = timeline.len().checked_sub(1) else {
        result.reason = Some("nothing was simulated".to_string());
        return;
    };
    let holds_at = |frame: usize| result.holds.iter().any(|s| s.contains(frame));
    let (condition, window) = match check {
        Check::AtEnd(c) => {
            if let Some(span) = result.holds.last().filter(|s| s.last == last) {
                result.met = true;
                result.met_at = Some(span.first);
            } else {
                result.reason = reason_at(c, timeline, last);
            }
            return;
        }
        Check::Eventually(c, w) | Check::Always(c, w) => (c, w),
        Check::Unchanged(_) => return,
    };
    let (first, end) = match window::frames(window, timeline) {
        Ok(frames) => frames,
        Err(why) => {
            result.reason = Some(why);
            return;
        }
    };
    result.window = Some(Span { first, last: end });
    if matches!(check, Check::Eventually(..)) {
        let met_at = result
            .holds
            .iter()
            .find(|s| s.last >= first && s.first <= end)
            .map(|s| s.first.max(first));
        result.met = met_at.is_some();
        result.met_at = met_at;
        if !result.met {
            result.reason = reason_at(condition, timeline, end).map(|why| format!("never: {why}"));
        }
        return;
    }
    let broken = (first..=end).find(|&frame| !holds_at(frame));
    match broken {
        None => {
            result.met = true;
            result.met_at = Some(end);
        }
        Some(frame) => {
            result.broken_at = Some(frame);
            result.reason = reason_at(condition, timeline, frame);
        }
    }
}

/// Why `condition` does not hold at `frame` (rebuilt from the timeline).
fn reason_at(condition: &Condition, timeline: &Timeline, frame: usize) -> Option<String> {
    let state = timeline.state_at(frame);
    let drained = drained_until(timeline, frame);
    let view = View {
        state: &state,
        events: timeline.events_until(frame),
        drained: &drained,
    };
    conditions::check(condition, &view).err()
}

/// The nodes `kubectl drain` reported drained in the output of frames up to `frame`.
fn drained_until(timeline: &Timeline, frame: usize) -> BTreeSet<String> {
    let mut drained = BTreeSet::new();
    for f in timeline.frames().iter().take(frame + 1) {
        record_drained(&mut drained, &f.output);
    }
    drained
}

fn record_drained(drained: &mut BTreeSet<String>, output: &[String]) {
    for line in output {
        if let Some(node) = line
            .strip_prefix("node/")
            .and_then(|rest| rest.strip_suffix(" drained"))
        {
            drained.insert(node.to_string());
        }
    }
}

/// For each condition, the frames of `timeline` where it holds. One replay of the
/// timeline; a frame that changes nothing, records no event and prints nothing keeps the
/// previous frame's answers.
fn holding_spans(conditions: &[&Condition], timeline: &Timeline) -> Vec<Vec<Span>> {
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); conditions.len()];
    if conditions.is_empty() || timeline.is_empty() {
        return spans;
    }
    let mut state = timeline.state_at(0);
    let mut drained = BTreeSet::new();
    let mut previous: Vec<bool> = vec![false; conditions.len()];
    for (index, frame) in timeline.frames().iter().enumerate() {
        if index > 0 {
            apply_changes(&mut state, frame);
        }
        record_drained(&mut drained, &frame.output);
        let quiet = index > 0
            && frame.changes.is_empty()
            && frame.events.is_empty()
            && frame.output.is_empty();
        if !quiet {
            let view = View {
                state: &state,
                events: timeline.events_until(index),
                drained: &drained,
            };
            for (answer, condition) in previous.iter_mut().zip(conditions) {
                *answer = conditions::check(condition, &view).is_ok();
            }
        }
        for (list, holds) in spans.iter_mut().zip(&previous) {
            if !holds {
                continue;
            }
            match list.last_mut() {
                Some(span) if span.last + 1 == index => span.last = index,
                _ => list.push(Span {
                    first: index,
                    last: index,
                }),
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests;

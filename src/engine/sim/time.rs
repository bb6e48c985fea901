//! Virtual time as text and the run's place in wall-clock time: the instant the run starts
//! at (the latest time the input states), times of input objects as offsets before it,
//! RFC 3339 timestamps and kubectl's human durations.
//!
//! The simulation clock ([`Millis`]) counts from 0, the start of the run: scenario step
//! times, the timeline and the UI's scrubber use it. Objects from the input may be older than
//! the run, so their creation and Ready-transition times are [`Timestamp`]s: signed offsets
//! from the same 0.

use super::state::Millis;
use crate::engine::api::time::{format_rfc3339, parse_rfc3339, UnixMillis};
use crate::engine::api::{Condition, RawValue};
use crate::engine::yaml::Objects;

/// A point in simulated time as a signed offset in milliseconds from the start of the run:
/// 0 is the start, negative is before it (an input object created earlier), positive is
/// the clock's own time.
pub type Timestamp = i64;

/// The wall-clock instant virtual time 0 stands for when the input states no time.
pub const EPOCH_TEXT: &str = "2025-01-01T00:00:00Z";

/// [`EPOCH_TEXT`] as milliseconds since the Unix epoch.
pub const DEFAULT_RUN_START: UnixMillis = 1_735_689_600_000;

/// The clock time `t` as a [`Timestamp`].
pub fn timestamp(t: Millis) -> Timestamp {
    Timestamp::try_from(t).unwrap_or(Timestamp::MAX)
}

/// The instant the run starts at, "now" at virtual time 0: the latest time the input
/// states (creation, deletion, condition transitions and heartbeats, pod start times, taint
/// times), or [`DEFAULT_RUN_START`] when it states none. Unreadable times are left out (the
/// loader reports them).
pub fn run_start(objects: &Objects) -> UnixMillis {
    let mut latest: Option<UnixMillis> = None;
    let mut consider = |text: Option<&str>| {
        if let Some(t) = text.and_then(|t| parse_rfc3339(t).ok()) {
            latest = Some(latest.map_or(t, |l| l.max(t)));
        }
    };
    let metas = objects
        .nodes
        .iter()
        .map(|n| &n.metadata)
        .chain(objects.pods.iter().map(|p| &p.metadata))
        .chain(objects.daemon_sets.iter().map(|d| &d.metadata))
        .chain(objects.priority_classes.iter().map(|p| &p.metadata));
    for m in metas {
        consider(m.creation_timestamp.as_deref());
        consider(m.deletion_timestamp.as_deref());
    }
    for pod in &objects.pods {
        consider(pod.status.start_time.as_deref());
        for c in &pod.status.conditions {
            condition_times(c, &mut consider);
        }
    }
    for node in &objects.nodes {
        for taint in &node.spec.taints {
            consider(taint.time_added.as_deref());
        }
        for c in &node.status.conditions {
            condition_times(c, &mut consider);
        }
    }
    latest.unwrap_or(DEFAULT_RUN_START)
}

/// A condition's `lastTransitionTime`, `lastHeartbeatTime` and `lastProbeTime`.
fn condition_times(c: &Condition, consider: &mut impl FnMut(Option<&str>)) {
    consider(c.last_transition_time.as_deref());
    for (key, value) in &c.extra {
        if let ("lastHeartbeatTime" | "lastProbeTime", RawValue::String(text)) =
            (key.as_str(), value)
        {
            consider(Some(text));
        }
    }
}

/// The [`Timestamp`] of RFC 3339 `text` in a run that starts at `run_start`; `None` when
/// there is no text or it is not RFC 3339.
pub fn offset_from_start(text: Option<&str>, run_start: UnixMillis) -> Option<Timestamp> {
    text.and_then(|t| parse_rfc3339(t).ok())
        .map(|t| t - run_start)
}

/// RFC 3339 text (UTC, whole seconds) of `t` in a run that starts at `run_start`.
pub fn rfc3339_at(t: Timestamp, run_start: UnixMillis) -> String {
    format_rfc3339(run_start.saturating_add(t))
}

/// RFC 3339 text of virtual time `t` (whole seconds, UTC) in a run that starts at
/// [`EPOCH_TEXT`].
pub fn rfc3339(t: Millis) -> String {
    rfc3339_at(timestamp(t), DEFAULT_RUN_START)
}

/// kubectl's `duration.HumanDuration` (apimachinery `util/duration`), as AGE columns print.
pub fn human_duration(ms: Millis) -> String {
    let seconds = ms / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let d = (hours / 24) % 365;
        if d == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{d}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_follows_kubectl() {
        // apimachinery util/duration TestHumanDuration rows.
        let cases = [
            ("zero", 0, "0s"),
            ("under two minutes in seconds", 119_000, "119s"),
            ("two minutes", 120_000, "2m"),
            ("minutes and seconds", 130_000, "2m10s"),
            ("ten minutes", 600_000, "10m"),
            ("three hours", 3 * 3_600_000, "3h"),
            ("hours and minutes", 3 * 3_600_000 + 60_000, "3h1m"),
            ("eight hours", 8 * 3_600_000, "8h"),
            ("two days", 48 * 3_600_000, "2d"),
            ("two days three hours", 51 * 3_600_000, "2d3h"),
        ];
        for (name, ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{name}");
        }
    }

    #[test]
    fn human_duration_matches_the_upstream_tables() {
        // duration_test.go TestHumanDuration and TestHumanDurationBoundaries (the
        // non-negative rows: simulated ages never go below zero).
        const S: Millis = 1_000;
        const M: Millis = 60 * S;
        const H: Millis = 60 * M;
        const D: Millis = 24 * H;
        const Y: Millis = 365 * D;
        let cases = [
            (S, "1s"),
            (70 * S, "70s"),
            (190 * S, "3m10s"),
            (70 * M, "70m"),
            (47 * H, "47h"),
            (49 * H, "2d1h"),
            (8 * D + 2 * H, "8d"),
            (367 * D, "367d"),
            (2 * Y + 25 * H, "2y1d"),
            (8 * Y + 2 * H, "8y"),
            (0, "0s"),
            (S - 1, "0s"),
            (2 * M - 1, "119s"),
            (2 * M, "2m"),
            (2 * M + S, "2m1s"),
            (10 * M - 1, "9m59s"),
            (10 * M, "10m"),
            (10 * M + S, "10m"),
            (3 * H - 1, "179m"),
            (3 * H, "3h"),
            (3 * H + M, "3h1m"),
            (8 * H - 1, "7h59m"),
            (8 * H, "8h"),
            (8 * H + 59 * M, "8h"),
            (2 * D - 1, "47h"),
            (2 * D, "2d"),
            (2 * D + H, "2d1h"),
            (8 * D - 1, "7d23h"),
            (8 * D, "8d"),
            (8 * D + 23 * H, "8d"),
            (2 * Y - 1, "729d"),
            (2 * Y, "2y"),
            (2 * Y + 23 * H, "2y"),
            (2 * Y + 23 * H + 59 * M, "2y"),
            (2 * Y + D - 1, "2y"),
            (2 * Y + D, "2y1d"),
            (3 * Y, "3y"),
            (4 * Y, "4y"),
            (5 * Y, "5y"),
            (6 * Y, "6y"),
            (7 * Y, "7y"),
            (8 * Y - 1, "7y364d"),
            (8 * Y, "8y"),
            (8 * Y + 364 * D, "8y"),
            (9 * Y, "9y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms} ms");
        }
    }

    #[test]
    fn rfc3339_counts_from_the_virtual_epoch() {
        let cases = [
            ("epoch", 0, "2025-01-01T00:00:00Z"),
            ("one day and a bit", 90_061_000, "2025-01-02T01:01:01Z"),
            ("first of March", 59 * 86_400_000, "2025-03-01T00:00:00Z"),
        ];
        for (name, ms, want) in cases {
            assert_eq!(rfc3339(ms), want, "{name}");
        }
    }

    /// `metadata` and `status` lines of a Node or Pod, indented under the document.
    fn object(kind: &str, name: &str, fields: &str) -> String {
        let spec = if kind == "Pod" {
            "spec:\n  containers: [{name: c, image: i}]\n"
        } else {
            ""
        };
        format!("apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n{fields}{spec}---\n")
    }

    #[test]
    fn the_run_starts_at_the_latest_time_the_input_states() {
        let created = |t: &str| format!("  creationTimestamp: \"{t}\"\n");
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "an input without times starts at the default epoch",
                object("Node", "n1", ""),
                EPOCH_TEXT,
            ),
            (
                "the newest creation timestamp of all objects",
                object("Node", "n1", &created("2024-05-01T10:00:00Z"))
                    + &object("Pod", "p1", &created("2024-05-02T10:00:00Z"))
                    + &object("Node", "n2", &created("2024-04-01T10:00:00Z")),
                "2024-05-02T10:00:00Z",
            ),
            (
                "offsets are compared as instants",
                object("Node", "n1", &created("2024-05-01T12:00:00+04:00"))
                    + &object("Node", "n2", &created("2024-05-01T09:00:00Z")),
                "2024-05-01T09:00:00Z",
            ),
            (
                "a Ready transition after the creation",
                object(
                    "Pod",
                    "p1",
                    &(created("2024-05-01T10:00:00Z")
                        + "status:\n  conditions:\n  - {type: Ready, status: \"True\", lastTransitionTime: \"2024-05-01T10:00:30Z\"}\n"),
                ),
                "2024-05-01T10:00:30Z",
            ),
            (
                "a node's heartbeat",
                object(
                    "Node",
                    "n1",
                    &(created("2024-05-01T10:00:00Z")
                        + "status:\n  conditions:\n  - {type: Ready, status: \"True\", lastHeartbeatTime: \"2024-06-01T08:00:00Z\", lastTransitionTime: \"2024-05-01T10:01:00Z\"}\n"),
                ),
                "2024-06-01T08:00:00Z",
            ),
            (
                "a deletion timestamp",
                object(
                    "Pod",
                    "p1",
                    &(created("2024-05-01T10:00:00Z")
                        + "  deletionTimestamp: \"2024-05-01T11:00:00Z\"\n"),
                ),
                "2024-05-01T11:00:00Z",
            ),
            (
                "a pod's start time and a taint's time",
                object(
                    "Pod",
                    "p1",
                    "status:\n  startTime: \"2024-05-01T10:00:00Z\"\n",
                ) + &object(
                    "Node",
                    "n1",
                    "spec:\n  taints: [{key: k, effect: NoExecute, timeAdded: \"2024-05-03T00:00:00Z\"}]\n",
                ),
                "2024-05-03T00:00:00Z",
            ),
        ];
        for (name, text, want) in cases {
            let loaded = crate::engine::yaml::load(&text);
            assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
            let start = run_start(&loaded.objects);
            assert_eq!(format_rfc3339(start), want, "{name}");
        }
    }

    #[test]
    fn input_times_are_offsets_before_the_start_of_the_run() {
        let start = DEFAULT_RUN_START;
        let cases: &[(&str, Option<&str>, Option<Timestamp>)] = &[
            ("the start itself", Some(EPOCH_TEXT), Some(0)),
            (
                "a minute before",
                Some("2024-12-31T23:59:00Z"),
                Some(-60_000),
            ),
            (
                "with an offset and a fraction",
                Some("2025-01-01T00:59:59.5+01:00"),
                Some(-500),
            ),
            ("no time", None, None),
            ("not RFC 3339", Some("yesterday"), None),
        ];
        for (name, text, want) in cases {
            assert_eq!(offset_from_start(*text, start), *want, "{name}");
        }
        assert_eq!(rfc3339_at(-60_000, start), "2024-12-31T23:59:00Z");
        assert_eq!(rfc3339_at(90_061_000, start), "2025-01-02T01:01:01Z");
    }
}

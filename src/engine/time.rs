//! Virtual time: milliseconds since the start of a simulation, and as text (RFC 3339
//! timestamps from a fixed virtual epoch, kubectl's human durations, Go's durations).

/// Virtual time in milliseconds since the start of the simulation.
pub type Millis = u64;

/// The wall-clock instant virtual time 0 stands for: 2025-01-01T00:00:00Z.
pub const EPOCH_TEXT: &str = "2025-01-01T00:00:00Z";

/// RFC 3339 text of virtual time `t` (whole seconds, UTC).
pub fn rfc3339(t: Millis) -> String {
    let secs = t / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // 2025 is not a leap year; walk months from 2025-01-01.
    let mut year = 2025u64;
    let mut day = days;
    loop {
        let len = if is_leap(year) { 366 } else { 365 };
        if day < len {
            break;
        }
        day -= len;
        year += 1;
    }
    let months = [
        31,
        if is_leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 1;
    for len in months {
        if day < len {
            break;
        }
        day -= len;
        month += 1;
    }
    format!(
        "{year:04}-{month:02}-{:02}T{:02}:{:02}:{:02}Z",
        day + 1,
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

fn is_leap(y: u64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
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

/// Go's `time.Duration.String()` for whole milliseconds (`2s`, `1.5s`, `2m0s`, `500ms`).
pub fn format_go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    let sec_text = if frac == 0 {
        format!("{}s", secs % 60)
    } else {
        let f = format!("{frac:03}");
        format!("{}.{}s", secs % 60, f.trim_end_matches('0'))
    };
    let (h, m) = (secs / 3600, (secs / 60) % 60);
    if h > 0 {
        format!("{h}h{m}m{sec_text}")
    } else if m > 0 {
        format!("{m}m{sec_text}")
    } else {
        sec_text
    }
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

    #[test]
    fn go_durations_print_as_time_duration_string_does() {
        // time.Duration.String() for whole milliseconds.
        let cases = [
            ("zero", 0, "0s"),
            ("under a second", 500, "500ms"),
            ("whole seconds", 2_000, "2s"),
            ("fractional seconds drop trailing zeros", 1_500, "1.5s"),
            ("minutes keep zero seconds", 120_000, "2m0s"),
            ("hours, minutes and milliseconds", 3_723_004, "1h2m3.004s"),
        ];
        for (name, ms, want) in cases {
            assert_eq!(format_go_duration(ms), want, "{name}");
        }
    }
}

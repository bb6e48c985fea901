//! RFC 3339 timestamps as the API server reads and writes them (`metav1.Time`).
//!
//! Reading follows Go's `time.Parse(time.RFC3339, text)`, which `metav1.Time` uses to
//! unmarshal: a `T` between date and time, optional fractional seconds (`.` or `,` and
//! digits), then `Z` or a `±hh:mm` offset; every part range-checked (no leap second).
//! Writing follows `metav1.Time`'s marshalling: UTC, whole seconds, `Z`.

/// An instant as milliseconds since 1970-01-01T00:00:00Z (negative before).
pub type UnixMillis = i64;

/// An instant as nanoseconds since 1970-01-01T00:00:00Z (negative before), wide enough for
/// every year RFC 3339 can write.
pub type UnixNanos = i128;

/// The layout Go names in its parse errors (`time.RFC3339`).
const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Reads RFC 3339 text to the nanosecond, as Go's `time.Time` holds it (finer digits
/// dropped); the error is Go's message for the same text.
pub fn parse_rfc3339_nanos(text: &str) -> Result<UnixNanos, String> {
    let mut reader = Reader { text, at: 0 };
    // As Go, a value out of range fails as soon as it is read; only the day is checked
    // against its month at the end.
    let year = reader.digits(4, "2006")?;
    reader.literal("-")?;
    let month = reader.ranged(2, "01", 1..=12, "month")?;
    reader.literal("-")?;
    let day = reader.ranged(2, "02", 0..=31, "day")?;
    reader.literal("T")?;
    let hour = reader.ranged(2, "15", 0..=23, "hour")?;
    reader.literal(":")?;
    let minute = reader.ranged(2, "04", 0..=59, "minute")?;
    reader.literal(":")?;
    let second = reader.ranged(2, "05", 0..=59, "second")?;
    let nanos = reader.fraction();
    let offset_minutes = reader.zone()?;
    if reader.at != text.len() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            quote(text),
            quote(reader.rest())
        ));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(reader.out_of_range("day"));
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + (hour * 60 + minute) * 60 + second - offset_minutes * 60;
    Ok(i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
}

/// Reads RFC 3339 text to the millisecond (finer digits dropped, rounding towards the
/// past); the error is Go's message for the same text.
pub fn parse_rfc3339(text: &str) -> Result<UnixMillis, String> {
    parse_rfc3339_nanos(text).map(|nanos| nanos.div_euclid(1_000_000) as UnixMillis)
}

/// RFC 3339 text of `t` as `metav1.Time` marshals it: UTC, whole seconds (the
/// milliseconds are dropped, rounding towards the past), `Z`.
pub fn format_rfc3339(t: UnixMillis) -> String {
    let days = t.div_euclid(MILLIS_PER_DAY);
    let seconds = t.rem_euclid(MILLIS_PER_DAY) / 1000;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    )
}

/// Go's `%q` of plain text (timestamps have no characters that need escaping).
fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

/// Reads a timestamp left to right, with Go's error for the element that does not match.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn cannot_parse(&self, element: &str) -> String {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(self.text),
            quote(LAYOUT),
            quote(self.rest()),
            quote(element)
        )
    }

    /// Exactly `width` ASCII digits.
    fn digits(&mut self, width: usize, element: &str) -> Result<i64, String> {
        let rest = self.rest().as_bytes();
        if rest.len() < width || !rest[..width].iter().all(u8::is_ascii_digit) {
            return Err(self.cannot_parse(element));
        }
        let value = rest[..width]
            .iter()
            .fold(0, |n, d| n * 10 + i64::from(d - b'0'));
        self.at += width;
        Ok(value)
    }

    /// Exactly `width` ASCII digits, whose value must be in `range`.
    fn ranged(
        &mut self,
        width: usize,
        element: &str,
        range: std::ops::RangeInclusive<i64>,
        what: &str,
    ) -> Result<i64, String> {
        let value = self.digits(width, element)?;
        if !range.contains(&value) {
            return Err(self.out_of_range(what));
        }
        Ok(value)
    }

    fn out_of_range(&self, what: &str) -> String {
        format!("parsing time {}: {what} out of range", quote(self.text))
    }

    fn literal(&mut self, expected: &str) -> Result<(), String> {
        if !self.rest().starts_with(expected) {
            return Err(self.cannot_parse(expected));
        }
        self.at += expected.len();
        Ok(())
    }

    /// Optional fractional seconds (Go accepts them after the seconds even when the layout
    /// has none): the nanoseconds, finer digits dropped.
    fn fraction(&mut self) -> i64 {
        let rest = self.rest().as_bytes();
        let digits = match rest.first() {
            Some(b'.' | b',') => rest[1..].iter().take_while(|d| d.is_ascii_digit()).count(),
            _ => 0,
        };
        if digits == 0 {
            return 0;
        }
        let nanos = rest[1..1 + digits]
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(9)
            .fold(0, |n, d| n * 10 + i64::from(d - b'0'));
        self.at += 1 + digits;
        nanos
    }

    /// `Z` or `±hh:mm`, as minutes east of UTC.
    fn zone(&mut self) -> Result<i64, String> {
        if self.rest().starts_with('Z') {
            self.at += 1;
            return Ok(0);
        }
        let sign = match self.rest().as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(self.cannot_parse("Z07:00")),
        };
        let offset = self.rest().as_bytes();
        let well_formed = offset.len() >= 6
            && offset[1..3].iter().all(u8::is_ascii_digit)
            && offset[3] == b':'
            && offset[4..6].iter().all(u8::is_ascii_digit);
        if !well_formed {
            return Err(self.cannot_parse("Z07:00"));
        }
        let number = |pair: &[u8]| pair.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'));
        let (hours, minutes) = (number(&offset[1..3]), number(&offset[4..6]));
        self.at += 6;
        // Go allows an offset of 24 hours or 60 minutes ("some people do write them").
        if hours > 24 {
            return Err(self.out_of_range("time zone offset hour"));
        }
        if minutes > 60 {
            return Err(self.out_of_range("time zone offset minute"));
        }
        Ok(sign * (hours * 60 + minutes))
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `time.RFC1123Z` text of `t` in UTC (`Wed, 01 Jan 2025 00:00:00 +0000`), as
/// `kubectl describe` prints a CreationTimestamp.
pub fn format_rfc1123z(t: UnixMillis) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(MILLIS_PER_DAY);
    let seconds = t.rem_euclid(MILLIS_PER_DAY) / 1000;
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
    format!(
        "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} +0000",
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc1123z_text_names_the_weekday_and_month_as_go_does() {
        let cases = [
            ("2025-01-01T00:00:00Z", "Wed, 01 Jan 2025 00:00:00 +0000"),
            ("1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 +0000"),
            ("2024-02-29T13:05:09Z", "Thu, 29 Feb 2024 13:05:09 +0000"),
            ("1969-12-31T23:59:59Z", "Wed, 31 Dec 1969 23:59:59 +0000"),
        ];
        for (rfc3339, want) in cases {
            let t = parse_rfc3339(rfc3339).expect("a time");
            assert_eq!(format_rfc1123z(t), want, "{rfc3339}");
        }
    }

    use super::*;

    const SECOND: i64 = 1000;
    const HOUR: i64 = 3600 * SECOND;
    /// 2025-01-01T00:00:00Z.
    const NEW_YEAR_2025: i64 = 1_735_689_600_000;

    #[test]
    fn rfc3339_text_is_read_as_go_reads_it() {
        let cases: &[(&str, &str, UnixMillis)] = &[
            ("the Unix epoch", "1970-01-01T00:00:00Z", 0),
            ("a UTC instant", "2025-01-01T00:00:00Z", NEW_YEAR_2025),
            (
                "whole seconds",
                "2025-01-01T01:02:03Z",
                NEW_YEAR_2025 + HOUR + 123 * SECOND,
            ),
            (
                "fractional seconds",
                "2025-01-01T00:00:00.5Z",
                NEW_YEAR_2025 + 500,
            ),
            (
                "milliseconds",
                "2025-01-01T00:00:00.123Z",
                NEW_YEAR_2025 + 123,
            ),
            (
                "nanoseconds are cut to milliseconds",
                "2025-01-01T00:00:00.987654321Z",
                NEW_YEAR_2025 + 987,
            ),
            (
                "a comma before the fraction",
                "2025-01-01T00:00:00,25Z",
                NEW_YEAR_2025 + 250,
            ),
            (
                "a positive offset is east of UTC",
                "2025-01-01T02:00:00+02:00",
                NEW_YEAR_2025,
            ),
            (
                "a negative offset is west of UTC",
                "2024-12-31T19:30:00-04:30",
                NEW_YEAR_2025,
            ),
            ("a zero offset", "2025-01-01T00:00:00+00:00", NEW_YEAR_2025),
            (
                "an offset of a whole day, which Go allows",
                "2025-01-02T00:00:00+24:00",
                NEW_YEAR_2025,
            ),
            (
                "a fraction with an offset",
                "2025-01-01T01:00:00.1+01:00",
                NEW_YEAR_2025 + 100,
            ),
            (
                "the leap day",
                "2024-02-29T00:00:00Z",
                NEW_YEAR_2025 - 307 * 24 * HOUR,
            ),
            ("before 1970", "1969-12-31T23:59:59Z", -SECOND),
            (
                "the last second of a day",
                "2025-01-01T23:59:59Z",
                NEW_YEAR_2025 + 24 * HOUR - SECOND,
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_rfc3339(text), Ok(*want), "{name}");
        }
    }

    #[test]
    fn rfc3339_text_is_read_to_the_nanosecond_as_go_holds_it() {
        let cases: &[(&str, &str, UnixNanos)] = &[
            ("the Unix epoch", "1970-01-01T00:00:00Z", 0),
            ("one nanosecond", "1970-01-01T00:00:00.000000001Z", 1),
            (
                "digits past the nanosecond are dropped",
                "1970-01-01T00:00:00.0000000059Z",
                5,
            ),
            (
                "nanoseconds with an offset",
                "1970-01-01T01:00:00.987654321+01:00",
                987_654_321,
            ),
            ("before 1970", "1969-12-31T23:59:59.5Z", -500_000_000),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_rfc3339_nanos(text), Ok(*want), "{name}");
        }
    }

    #[test]
    fn text_that_is_not_rfc3339_gets_gos_message() {
        let cases: &[(&str, &str, &str)] = &[
            ("empty", "", "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\""),
            ("a date alone", "2025-01-01", "parsing time \"2025-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\""),
            ("a space for the T", "2025-01-01 00:00:00Z", "parsing time \"2025-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 00:00:00Z\" as \"T\""),
            ("no zone", "2025-01-01T00:00:00", "parsing time \"2025-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\""),
            ("an offset without a colon", "2025-01-01T00:00:00+0200", "parsing time \"2025-01-01T00:00:00+0200\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0200\" as \"Z07:00\""),
            ("a one-digit month", "2025-1-01T00:00:00Z", "parsing time \"2025-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01T00:00:00Z\" as \"01\""),
            ("text after the zone", "2025-01-01T00:00:00Zx", "parsing time \"2025-01-01T00:00:00Zx\": extra text: \"x\""),
            ("month thirteen", "2025-13-01T00:00:00Z", "parsing time \"2025-13-01T00:00:00Z\": month out of range"),
            ("the 29th of February of a common year", "2025-02-29T00:00:00Z", "parsing time \"2025-02-29T00:00:00Z\": day out of range"),
            ("hour 24", "2025-01-01T24:00:00Z", "parsing time \"2025-01-01T24:00:00Z\": hour out of range"),
            ("a leap second", "2016-12-31T23:59:60Z", "parsing time \"2016-12-31T23:59:60Z\": second out of range"),
            ("an offset over a day", "2025-01-01T00:00:00+25:00", "parsing time \"2025-01-01T00:00:00+25:00\": time zone offset hour out of range"),
            ("an offset over an hour of minutes", "2025-01-01T00:00:00+01:61", "parsing time \"2025-01-01T00:00:00+01:61\": time zone offset minute out of range"),
            ("a month out of range before anything else", "2025-13", "parsing time \"2025-13\": month out of range"),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_rfc3339(text), Err(want.to_string()), "{name}");
        }
    }

    #[test]
    fn instants_are_written_in_utc_with_whole_seconds() {
        let cases: &[(&str, UnixMillis, &str)] = &[
            ("the Unix epoch", 0, "1970-01-01T00:00:00Z"),
            ("a new year", NEW_YEAR_2025, "2025-01-01T00:00:00Z"),
            (
                "milliseconds are dropped",
                NEW_YEAR_2025 + 999,
                "2025-01-01T00:00:00Z",
            ),
            (
                "one day and a bit",
                NEW_YEAR_2025 + 90_061_000,
                "2025-01-02T01:01:01Z",
            ),
            (
                "the first of March",
                NEW_YEAR_2025 + 59 * 24 * HOUR,
                "2025-03-01T00:00:00Z",
            ),
            (
                "the leap day",
                NEW_YEAR_2025 - 307 * 24 * HOUR,
                "2024-02-29T00:00:00Z",
            ),
            (
                "before 1970 rounds towards the past",
                -1,
                "1969-12-31T23:59:59Z",
            ),
        ];
        for (name, t, want) in cases {
            assert_eq!(format_rfc3339(*t), *want, "{name}");
        }
    }

    #[test]
    fn written_text_reads_back_as_the_same_second() {
        for t in [
            0,
            NEW_YEAR_2025,
            NEW_YEAR_2025 + 12_345_678_000,
            -86_400_000 * 400,
        ] {
            assert_eq!(parse_rfc3339(&format_rfc3339(t)), Ok(t), "{t}");
        }
    }
}

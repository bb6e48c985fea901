//! Go's formatting of values in messages, as the API server and the scheduler print them:
//! `%q` of a string ([`go_quote`]) and `%#v` of a `map[string]string` ([`go_string_map`]).
//!
//! A leaf: it imports nothing of the crate, so every layer (the YAML loader, the scheduler,
//! the controllers, the UI) can use it.

/// Go's `%q` of a string: double quotes, with `"` and `\` escaped, `\n`, `\t` and `\r` as
/// such and other control characters as `\xNN`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%#v` of a `map[string]string`, given its entries in key order:
/// `map[string]string{"a":"1", "b":"2"}`, or `map[string]string(nil)` when it is empty.
pub fn go_string_map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    let items: Vec<String> = entries
        .into_iter()
        .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
        .collect();
    if items.is_empty() {
        return "map[string]string(nil)".to_string();
    }
    format!("map[string]string{{{}}}", items.join(", "))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn strings_are_quoted_as_go_prints_them_with_percent_q() {
        let cases = [
            ("a plain word", "app", "\"app\""),
            ("the empty string", "", "\"\""),
            ("a double quote", "say \"hi\"", "\"say \\\"hi\\\"\""),
            ("a backslash", "a\\b", "\"a\\\\b\""),
            ("newline, tab and return", "a\nb\tc\r", "\"a\\nb\\tc\\r\""),
            ("other control characters", "\u{1}\u{7f}", "\"\\x01\\x7f\""),
            ("non-ASCII letters are kept", "café", "\"café\""),
        ];
        for (name, text, quoted) in cases {
            assert_eq!(go_quote(text), quoted, "{name}");
        }
    }

    #[test]
    fn string_maps_print_as_go_prints_them_with_percent_sharp_v() {
        type Entries = &'static [(&'static str, &'static str)];
        let cases: [(&str, Entries, &str); 3] = [
            ("an empty map is nil", &[], "map[string]string(nil)"),
            (
                "one entry",
                &[("app", "web")],
                "map[string]string{\"app\":\"web\"}",
            ),
            (
                "entries in key order",
                &[("tier", "front"), ("app", "web")],
                "map[string]string{\"app\":\"web\", \"tier\":\"front\"}",
            ),
        ];
        for (name, entries, printed) in cases {
            let map: BTreeMap<String, String> = entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(go_string_map(&map), printed, "{name}");
        }
    }
}

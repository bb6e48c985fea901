//! The text of an export: a tree of values to print ([`Out`]) written as block YAML, with
//! strings quoted whenever a plain scalar would read back as another type.

use super::node::{resolve_plain, Scalar};

/// A value to print.
pub(super) enum Out {
    /// A mapping, in order.
    Map(Vec<(String, Out)>),
    /// A sequence.
    Seq(Vec<Out>),
    /// A string (quoted when it would read back as another type).
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A float, as written.
    Float(String),
    /// `null`.
    Null,
}

impl Out {
    /// Whether it is an empty mapping or sequence.
    pub(super) fn is_empty_collection(&self) -> bool {
        match self {
            Out::Map(m) => m.is_empty(),
            Out::Seq(s) => s.is_empty(),
            _ => false,
        }
    }
}

/// Whether a string must be quoted to read back as the same string.
fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s == "<<" || resolve_plain(s) != Scalar::Str(s.to_string()) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    let last = s.chars().last().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace() {
        return true;
    }
    if last.is_whitespace() || last == ':' {
        return true;
    }
    s.contains(": ") || s.contains(" #") || s.chars().any(|c| c.is_control() || c == '\u{feff}')
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar_text(s: &str) -> String {
    if needs_quotes(s) {
        quote(s)
    } else {
        s.to_string()
    }
}

fn inline(v: &Out) -> Option<String> {
    Some(match v {
        Out::Str(s) => scalar_text(s),
        Out::Int(i) => i.to_string(),
        Out::Bool(b) => b.to_string(),
        Out::Float(f) => f.clone(),
        Out::Null => "null".to_string(),
        Out::Map(m) if m.is_empty() => "{}".to_string(),
        Out::Seq(s) if s.is_empty() => "[]".to_string(),
        _ => return None,
    })
}

pub(super) fn emit_map(
    out: &mut String,
    entries: &[(String, Out)],
    indent: usize,
    first_inline: bool,
) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if !(first_inline && i == 0) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&scalar_text(k));
        out.push(':');
        match inline(v) {
            Some(text) => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            None => {
                out.push('\n');
                match v {
                    Out::Map(m) => emit_map(out, m, indent + 2, false),
                    Out::Seq(s) => emit_seq(out, s, indent),
                    _ => {}
                }
            }
        }
    }
}

fn emit_seq(out: &mut String, items: &[Out], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match inline(item) {
            Some(text) => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            None => match item {
                Out::Map(m) => {
                    out.push(' ');
                    emit_map(out, m, indent + 2, true);
                }
                Out::Seq(s) => {
                    out.push('\n');
                    emit_seq(out, s, indent + 2);
                }
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_would_read_back_as_another_type_are_quoted() {
        let table: &[(&str, &str, &str)] = &[
            ("a boolean word", "true", "\"true\""),
            ("a YAML 1.1 boolean word", "on", "\"on\""),
            ("a number", "1", "\"1\""),
            ("an octal-looking number", "0206", "\"0206\""),
            ("the empty string", "", "\"\""),
            ("null", "null", "\"null\""),
            ("a float", "1.5", "\"1.5\""),
            ("an image stays plain", "quay.io/x/y:v1", "quay.io/x/y:v1"),
            ("a quantity stays plain", "100m", "100m"),
            ("a leading dash", "--flag", "\"--flag\""),
            ("a newline", "a\nb", "\"a\\nb\""),
            ("a colon and space", "a: b", "\"a: b\""),
            (
                "a sentence stays plain",
                "kubelet is ready",
                "kubelet is ready",
            ),
            ("a merge key", "<<", "\"<<\""),
            (
                "a managed-fields key stays plain",
                "k:{\"type\":\"Ready\"}",
                "k:{\"type\":\"Ready\"}",
            ),
        ];
        for (name, input, want) in table {
            assert_eq!(scalar_text(input), *want, "{name}");
        }
    }
}

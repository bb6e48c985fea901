//! The decoding context of one object (its diagnostics so far and the source position of
//! every field path) and the field-path helpers (`path.key`, `path[i]`, `path[key]`) that
//! decoding and validation share.

use std::collections::HashMap;

use super::node::{Node, Pos, Scalar, Value};
use crate::engine::diagnostic::Severity;

/// A diagnostic before it is tied to an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    /// Error or warning.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Dotted field path.
    pub path: Option<String>,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Decoding state for one object: diagnostics and the position of every path seen.
#[derive(Debug, Default)]
pub struct Ctx {
    /// Diagnostics found so far.
    pub diags: Vec<Diag>,
    /// Field path to source position.
    pub positions: HashMap<String, Pos>,
    /// Unknown fields reported so far for this object.
    pub unknown_fields: usize,
}

impl Ctx {
    /// Remembers where `path` is.
    pub fn at(&mut self, path: &str, node: &Node) {
        self.positions.entry(path.to_string()).or_insert(node.pos);
    }

    /// The position of `path`, or of its closest recorded ancestor.
    pub fn pos_of(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => return self.positions.get("").copied().unwrap_or_default(),
            }
        }
    }

    /// Adds an error at `path`, positioned at `pos`.
    pub fn error_at(&mut self, path: &str, pos: Pos, message: String, hint: Option<String>) {
        self.diags.push(Diag {
            severity: Severity::Error,
            message,
            path: Some(path.to_string()),
            pos,
            hint,
        });
    }

    /// Adds an upstream-style field error (`path: body`) positioned by path.
    pub fn field_error(&mut self, path: &str, body: &str) {
        let pos = self.pos_of(path);
        self.error_at(path, pos, format!("{path}: {body}"), None);
    }

    /// Adds an upstream-style field error for `path`, positioned at `pos_path` (e.g. the
    /// line of one label while the upstream path names the whole map).
    pub fn field_error_near(&mut self, path: &str, pos_path: &str, body: &str) {
        let pos = self.pos_of(pos_path);
        self.error_at(path, pos, format!("{path}: {body}"), None);
    }

    /// True when an error was reported after the first `mark` diagnostics.
    pub fn errors_since(&self, mark: usize) -> bool {
        self.diags
            .iter()
            .skip(mark)
            .any(|d| d.severity == Severity::Error)
    }

    /// True when an error was reported.
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// Adds a type error at `path` (`Invalid type: got "string", expected "integer"`), with a
    /// hint to quote a number or boolean that was meant as a string.
    pub fn type_error(&mut self, path: &str, node: &Node, want: &str) {
        let got = node.type_name();
        let mut message = format!("{path}: Invalid type: got \"{got}\", expected \"{want}\"");
        let mut hint = None;
        if let (
            Value::Scalar(Scalar::Bool(_) | Scalar::Int(_) | Scalar::Float(_), text),
            "string",
        ) = (&node.value, want)
        {
            message.push_str(&format!(
                ": quote the value (\"{text}\") so that YAML reads it as a string"
            ));
            hint = Some(format!("write it as \"{text}\""));
        }
        self.error_at(path, node.pos, message, hint);
    }
}

/// `path.key`, or `key` at the root.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `path[key]` (upstream `field.Path.Key`).
pub fn key_path(path: &str, key: &str) -> String {
    format!("{path}[{key}]")
}

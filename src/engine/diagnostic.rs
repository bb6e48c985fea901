//! A problem found in the user's input, with its position and a hint: what the YAML loader
//! reports (decoding, validation, refused inputs) and what a run that reached a limit says.
//!
//! A leaf (like upstream's `field.Error` in apimachinery): the loader, the limits, the CLI
//! and the UI all use it, so it imports nothing of the crate.

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// The object (or the text) cannot be used.
    Error,
    /// The object is used, but something looks wrong.
    Warning,
    /// Nothing is wrong: a note on what the simulation leaves out (given once per text).
    Info,
}

/// A problem found in the text, with its position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The message (validation errors in the API server's wording, path first).
    pub message: String,
    /// The dotted field path inside the object, when there is one.
    pub path: Option<String>,
    /// The object, e.g. `DaemonSet kube-system/fluentd-elasticsearch`.
    pub object: Option<String>,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// How to fix it.
    pub hint: Option<String>,
}

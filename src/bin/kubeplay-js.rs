//! `kubeplay-js`: the engine for JavaScript pages, built to its own wasm (`dist/api/`) so the
//! playground's first load does not grow. `explain(yaml)` and `simulate(yaml, options)` return
//! the documents `kubeplay explain --output json` and `kubeplay simulate --output json` print,
//! built by the same functions, as plain JavaScript objects (see docs/embedding.md).

use serde::Deserialize;

use kubeplay::cli::explain::{self, ExplainReport};
use kubeplay::cli::simulate::{self, SimulationReport};
use kubeplay::cli::{FileDiagnostic, LoadedFile};
use kubeplay::engine::api::scenario::{Duration, Until};
use kubeplay::engine::diagnostic::Severity;
use kubeplay::engine::yaml;

/// How diagnostics name the text a page passes in.
const INPUT: &str = "<input>";

/// The options of `simulate(yaml, options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulateOptions {
    /// `"stable"` or a duration such as `"90s"` (as `--until`).
    until: Option<String>,
}

/// Every diagnostic of `text` (errors and warnings), in the order the loader found them,
/// in the shape the command line's JSON documents carry (`file` is `<input>`).
fn diagnostics(text: &str) -> Vec<FileDiagnostic> {
    yaml::load(text)
        .diagnostics
        .into_iter()
        .map(|d| FileDiagnostic::new(INPUT, d))
        .collect()
}

/// The objects of `text` with its warnings, or its errors written as the command line
/// writes them (`<input>:LINE:COLUMN: error: MESSAGE`, one a line).
fn load(text: &str) -> Result<LoadedFile, String> {
    let loaded = yaml::load(text);
    if !loaded.has_errors() {
        return Ok(LoadedFile {
            objects: loaded.objects,
            diagnostics: loaded
                .diagnostics
                .into_iter()
                .map(|d| FileDiagnostic::new(INPUT, d))
                .collect(),
        });
    }
    let lines: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{INPUT}:{}:{}: error: {}", d.line, d.column, d.message))
        .collect();
    Err(lines.join("\n"))
}

/// The explain report of `text` (what `kubeplay explain --output json` prints).
fn explain_report(text: &str) -> Result<ExplainReport, String> {
    load(text).map(|loaded| explain::report(loaded.objects, loaded.diagnostics))
}

/// The `until` option as `--until` reads it.
fn until(options: &SimulateOptions) -> Result<Option<Until>, String> {
    match options.until.as_deref() {
        None => Ok(None),
        Some("stable") => Ok(Some(Until::Stable)),
        Some(text) => Duration::parse(text)
            .map(|d| Some(Until::After(d)))
            .ok_or_else(|| {
                format!("invalid until value `{text}` (\"stable\" or a duration such as \"90s\")")
            }),
    }
}

/// The timeline document of `text` (what `kubeplay simulate --output json` prints).
fn simulate_report(text: &str, options: &SimulateOptions) -> Result<SimulationReport, String> {
    let until = until(options)?;
    Ok(simulate::simulate_file(load(text)?, INPUT, until))
}

mod exports {
    //! The functions wasm-bindgen exports to JavaScript.

    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    use super::SimulateOptions;

    fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `explain(yaml)`: the document `kubeplay explain --output json` prints; throws an
    /// `Error` listing the YAML's errors.
    #[wasm_bindgen]
    pub fn explain(yaml: &str) -> Result<JsValue, JsError> {
        to_js(&super::explain_report(yaml).map_err(|e| JsError::new(&e))?)
    }

    /// `simulate(yaml, options)`: the document `kubeplay simulate --output json` prints;
    /// `options.until` is `"stable"` or a duration such as `"90s"`.
    #[wasm_bindgen]
    pub fn simulate(yaml: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options: SimulateOptions = if options.is_undefined() || options.is_null() {
            SimulateOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&e.to_string()))?
        };
        to_js(&super::simulate_report(yaml, &options).map_err(|e| JsError::new(&e))?)
    }

    /// `diagnostics(yaml)`: every error and warning of the text, with line and column.
    #[wasm_bindgen]
    pub fn diagnostics(yaml: &str) -> Result<JsValue, JsError> {
        to_js(&super::diagnostics(yaml))
    }

    /// `version()`: the Kubernetes release whose behaviour the engine follows.
    #[wasm_bindgen]
    pub fn version() -> String {
        kubeplay::engine::KUBERNETES_VERSION.to_string()
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!(
        "kubeplay-js is the JavaScript API; `scripts/build-dist.sh` builds it into dist/api/."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
    const MISSPELLED: &str =
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\nspec:\n  unschedulabel: true\n";

    #[test]
    fn reports_carry_the_warnings_with_their_hints() {
        let explained = explain_report(MISSPELLED).expect("loads");
        let simulated = simulate_report(MISSPELLED, &SimulateOptions::default()).expect("loads");
        for (name, carried) in [
            ("explain", &explained.diagnostics),
            ("simulate", &simulated.diagnostics),
        ] {
            assert_eq!(carried, &diagnostics(MISSPELLED), "{name}");
            assert_eq!(carried.len(), 1, "{name}");
            assert_eq!(carried[0].file, "<input>", "{name}");
            assert_eq!(
                carried[0].hint.as_deref(),
                Some("did you mean \"unschedulable\"?"),
                "{name}"
            );
        }
    }

    #[test]
    fn explain_returns_the_command_lines_json_document() {
        for (name, text) in [
            ("a file with a node", NODE),
            (
                "the default scenario",
                kubeplay::engine::sim::cluster::DEFAULT_SCENARIO,
            ),
            ("a node with a misspelled field", MISSPELLED),
        ] {
            let ours = serde_json::to_value(explain_report(text).expect("loads")).expect("json");
            let loaded = yaml::load(text);
            let warnings = loaded
                .diagnostics
                .into_iter()
                .map(|d| FileDiagnostic::new(INPUT, d))
                .collect();
            let cli =
                serde_json::to_value(explain::report(loaded.objects, warnings)).expect("json");
            assert_eq!(ours, cli, "{name}");
        }
    }

    #[test]
    fn yaml_errors_are_reported_as_the_command_line_writes_them() {
        let broken = "apiVersion: v1\nkind: Node\nmetadata:\n  name: [unclosed\n";
        let expected: Vec<String> = yaml::load(broken)
            .diagnostics
            .iter()
            .map(|d| format!("<input>:{}:{}: error: {}", d.line, d.column, d.message))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(explain_report(broken).err(), Some(expected.join("\n")));
        assert_eq!(
            simulate_report(broken, &SimulateOptions::default()).err(),
            Some(expected.join("\n"))
        );
        let listed = diagnostics(broken);
        assert_eq!(listed.len(), yaml::load(broken).diagnostics.len());
        assert!(listed.iter().all(|d| d.severity == "error"));
    }

    #[test]
    fn simulate_reads_until_like_the_command_line() {
        let cases: &[(&str, Option<&str>, Result<(), &str>)] = &[
            ("no until runs the scenario's own end", None, Ok(())),
            ("until stable", Some("stable"), Ok(())),
            ("until a duration", Some("90s"), Ok(())),
            (
                "an unreadable duration is refused",
                Some("soon"),
                Err("invalid until value `soon` (\"stable\" or a duration such as \"90s\")"),
            ),
        ];
        for (name, value, expected) in cases {
            let options = SimulateOptions {
                until: value.map(str::to_string),
            };
            let got = simulate_report(NODE, &options);
            match expected {
                Ok(()) => {
                    let until = until(&options).expect("valid");
                    let loaded = LoadedFile {
                        objects: yaml::load(NODE).objects,
                        diagnostics: Vec::new(),
                    };
                    let cli = simulate::simulate_file(loaded, INPUT, until);
                    let json = |report: &SimulationReport| serde_json::to_value(report).ok();
                    assert_eq!(got.as_ref().ok().and_then(json), json(&cli), "{name}");
                }
                Err(message) => assert_eq!(got.err().as_deref(), Some(*message), "{name}"),
            }
        }
    }
}

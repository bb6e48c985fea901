//! The JavaScript API's requests: the documents `kubeplay explain --output json` and
//! `kubeplay simulate --output json` print, built by the same functions, and the
//! diagnostics in the command line's JSON shape (see docs/embedding.md).

use crate::cli::explain;
use crate::cli::simulate;
use crate::cli::{FileDiagnostic, LoadedFile};
use crate::engine::api::scenario::{Duration, Until};
use crate::engine::diagnostic::Severity;
use crate::engine::yaml;
use crate::protocol::{Request, Response};

/// How diagnostics name the text a page passes in.
const INPUT: &str = "<input>";

/// The answer to one of the JavaScript API's own requests (none for the page's requests,
/// which the [`super::session::Session`] answers).
pub fn document(request: &Request) -> Option<Response> {
    Some(match request {
        Request::CliExplain { yaml } => explain(yaml),
        Request::CliSimulate { yaml, until } => simulate(yaml, until.as_deref()),
        Request::CliDiagnostics { yaml } => diagnostics(yaml),
        _ => return None,
    })
}

/// `document` as a [`Response::Document`].
fn as_document<T: serde::Serialize>(document: &T) -> Response {
    match serde_json::to_string(document) {
        Ok(json) => Response::Document { json },
        Err(e) => Response::Failed {
            message: e.to_string(),
        },
    }
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
pub fn explain(text: &str) -> Response {
    match load(text) {
        Ok(loaded) => as_document(&explain::explain_file(loaded, INPUT)),
        Err(message) => Response::Failed { message },
    }
}

/// `until` as `--until` reads it.
fn until(text: Option<&str>) -> Result<Option<Until>, String> {
    match text {
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
pub fn simulate(text: &str, until_text: Option<&str>) -> Response {
    match until(until_text).and_then(|until| Ok((load(text)?, until))) {
        Ok((loaded, until)) => as_document(&simulate::simulate_file(loaded, INPUT, until)),
        Err(message) => Response::Failed { message },
    }
}

/// Every diagnostic of `text` (errors and warnings), in the order the loader found them,
/// in the shape the command line's JSON documents carry (`file` is `<input>`).
pub fn diagnostics(text: &str) -> Response {
    let listed: Vec<FileDiagnostic> = yaml::load(text)
        .diagnostics
        .into_iter()
        .map(|d| FileDiagnostic::new(INPUT, d))
        .collect();
    as_document(&listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
    const MISSPELLED: &str =
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\nspec:\n  unschedulabel: true\n";

    fn json(response: Response) -> serde_json::Value {
        match response {
            Response::Document { json } => serde_json::from_str(&json).expect("a JSON document"),
            other => panic!("not a document: {other:?}"),
        }
    }

    /// `www/api/kubeplay.js` writes and reads these messages as JSON text by hand.
    #[test]
    fn the_javascript_api_speaks_the_protocols_json() {
        use crate::protocol::{Envelope, Reply, Request};
        use serde_json::json;
        let requests = [
            (
                json!({"id": 1, "request": {"cliExplain": {"yaml": NODE}}}),
                Request::CliExplain {
                    yaml: NODE.to_owned(),
                },
            ),
            (
                json!({"id": 2, "request": {"cliSimulate": {"yaml": NODE, "until": "90s"}}}),
                Request::CliSimulate {
                    yaml: NODE.to_owned(),
                    until: Some("90s".to_owned()),
                },
            ),
            (
                json!({"id": 3, "request": {"cliSimulate": {"yaml": NODE, "until": null}}}),
                Request::CliSimulate {
                    yaml: NODE.to_owned(),
                    until: None,
                },
            ),
            (
                json!({"id": 4, "request": {"cliDiagnostics": {"yaml": NODE}}}),
                Request::CliDiagnostics {
                    yaml: NODE.to_owned(),
                },
            ),
        ];
        for (text, request) in requests {
            let envelope: Envelope = serde_json::from_value(text.clone()).expect("an envelope");
            assert_eq!(envelope.request, request, "{text}");
        }
        let replies = [
            (
                Reply {
                    id: None,
                    response: Response::Ready {
                        kubernetes_version: "v1.35".to_owned(),
                    },
                },
                json!({"id": null, "response": {"ready": {"kubernetesVersion": "v1.35"}}}),
            ),
            (
                Reply {
                    id: None,
                    response: Response::Crashed {
                        message: "boom".to_owned(),
                    },
                },
                json!({"id": null, "response": {"crashed": {"message": "boom"}}}),
            ),
            (
                Reply {
                    id: Some(1),
                    response: Response::Document {
                        json: r#"{"nodes":[]}"#.to_owned(),
                    },
                },
                json!({"id": 1, "response": {"document": {"json": "{\"nodes\":[]}"}}}),
            ),
            (
                Reply {
                    id: Some(2),
                    response: Response::Failed {
                        message: "<input>:1:1: error: x".to_owned(),
                    },
                },
                json!({"id": 2, "response": {"failed": {"message": "<input>:1:1: error: x"}}}),
            ),
            (
                Reply {
                    id: Some(3),
                    response: Response::Progress {
                        simulated_ms: 10,
                        frames: 2,
                    },
                },
                json!({"id": 3, "response": {"progress": {"simulatedMs": 10, "frames": 2}}}),
            ),
        ];
        for (reply, text) in replies {
            assert_eq!(
                serde_json::to_value(&reply).ok(),
                Some(text.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn the_api_answers_its_own_requests_and_leaves_the_pages_to_the_session() {
        let request = Request::CliDiagnostics {
            yaml: NODE.to_owned(),
        };
        assert!(matches!(
            document(&request),
            Some(Response::Document { .. })
        ));
        let apply = Request::Apply {
            text: NODE.to_owned(),
        };
        assert_eq!(document(&apply), None);
        let page_answer = crate::worker::session::Session::new().handle(request, &mut |_| {});
        assert!(
            matches!(&page_answer, Response::Failed { message } if message.contains("kubeplay-api-engine")),
            "{page_answer:?}"
        );
    }

    #[test]
    fn reports_carry_the_warnings_with_their_hints() {
        let listed = json(diagnostics(MISSPELLED));
        for (name, report) in [
            ("explain", json(explain(MISSPELLED))),
            ("simulate", json(simulate(MISSPELLED, None))),
        ] {
            assert_eq!(report["diagnostics"], listed, "{name}");
            assert_eq!(listed[0]["file"], "<input>", "{name}");
            assert_eq!(
                listed[0]["hint"], "did you mean \"unschedulable\"?",
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
                crate::engine::sim::cluster::DEFAULT_SCENARIO,
            ),
            ("a node with a misspelled field", MISSPELLED),
        ] {
            let loaded = yaml::load(text);
            let warnings = loaded
                .diagnostics
                .into_iter()
                .map(|d| FileDiagnostic::new(INPUT, d))
                .collect();
            let cli = serde_json::to_value(explain::report(loaded.objects, warnings)).ok();
            assert_eq!(Some(json(explain(text))), cli, "{name}");
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
        let failed = Response::Failed {
            message: expected.join("\n"),
        };
        assert_eq!(explain(broken), failed);
        assert_eq!(simulate(broken, None), failed);
        let listed = json(diagnostics(broken));
        let listed = listed.as_array().expect("a list");
        assert_eq!(listed.len(), yaml::load(broken).diagnostics.len());
        assert!(listed.iter().all(|d| d["severity"] == "error"));
    }

    #[test]
    fn simulate_reads_until_like_the_command_line() {
        type Case<'a> = (&'a str, Option<&'a str>, Result<Option<Until>, &'a str>);
        let cases: &[Case] = &[
            ("no until runs the scenario's own end", None, Ok(None)),
            ("until stable", Some("stable"), Ok(Some(Until::Stable))),
            (
                "until a duration",
                Some("90s"),
                Ok(Duration::parse("90s").map(Until::After)),
            ),
            (
                "an unreadable duration is refused",
                Some("soon"),
                Err("invalid until value `soon` (\"stable\" or a duration such as \"90s\")"),
            ),
        ];
        for (name, value, expected) in cases {
            let got = simulate(NODE, *value);
            match expected {
                Ok(until) => {
                    let loaded = LoadedFile {
                        objects: yaml::load(NODE).objects,
                        diagnostics: Vec::new(),
                    };
                    let cli = simulate::simulate_file(loaded, INPUT, *until);
                    assert_eq!(Some(json(got)), serde_json::to_value(cli).ok(), "{name}");
                }
                Err(message) => assert_eq!(
                    got,
                    Response::Failed {
                        message: (*message).to_owned()
                    },
                    "{name}"
                ),
            }
        }
    }
}

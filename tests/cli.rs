//! The native command-line tool, run as a user runs it.
// These tests run the native binary; the wasm32 target has no processes.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// A node and a DaemonSet with one misspelled field each (lines 8 and 24).
const MISSPELLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cli/misspelled-fields.yaml"
);

fn kubeplay(args: &[&str]) -> (i32, String, String) {
    kubeplay_with_input(args, "")
}

/// Runs kubeplay with `input` on its standard input.
fn kubeplay_with_input(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kubeplay binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin is written");
    let output = child.wait_with_output().expect("kubeplay finishes");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The warnings of [`MISSPELLED`] as every command prints them on standard error.
fn misspelled_warnings_text() -> String {
    format!(
        "{MISSPELLED}:8:3: warning: unknown field \"spec.unschedulabel\"\n\
         \x20 object: Node worker-1\n\
         \x20 field: spec.unschedulabel\n\
         \x20 hint: did you mean \"unschedulable\"?\n\
         {MISSPELLED}:24:7: warning: unknown field \"spec.template.spec.toleration\"\n\
         \x20 object: DaemonSet kube-system/agent\n\
         \x20 field: spec.template.spec.toleration\n\
         \x20 hint: did you mean \"tolerations\"?\n"
    )
}

#[test]
fn every_command_prints_each_warning_with_its_position_field_and_hint() {
    let cases: &[(&str, &[&str])] = &[
        ("explain", &["explain", MISSPELLED]),
        (
            "explain in Chinese",
            &["explain", MISSPELLED, "--lang", "zh"],
        ),
        (
            "explain as JSON",
            &["explain", MISSPELLED, "--output", "json"],
        ),
        ("simulate", &["simulate", MISSPELLED]),
        ("simulate as JSON", &["simulate", MISSPELLED, "-o", "json"]),
        ("export as YAML", &["export", MISSPELLED]),
        (
            "export as kubectl commands",
            &["export", "--format", "kubectl", MISSPELLED],
        ),
        (
            "export as a kind cluster",
            &["export", "--format", "kind", MISSPELLED],
        ),
        (
            "export the workload",
            &["export", "--format", "workload", MISSPELLED],
        ),
    ];
    for (name, args) in cases {
        let (code, out, err) = kubeplay(args);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(err, misspelled_warnings_text(), "{name}");
        assert!(!out.is_empty(), "{name}: the command still runs");
    }
}

#[test]
fn every_json_document_carries_the_warnings_with_their_hints_in_one_shape() {
    let warning = |line: u32, column: u32, object: &str, path: &str, hint: &str| {
        json!({
            "column": column,
            "file": MISSPELLED,
            "hint": format!("did you mean \"{hint}\"?"),
            "line": line,
            "message": format!("unknown field \"{path}\""),
            "object": object,
            "path": path,
            "severity": "warning",
        })
    };
    let expected = json!([
        warning(8, 3, "Node worker-1", "spec.unschedulabel", "unschedulable"),
        warning(
            24,
            7,
            "DaemonSet kube-system/agent",
            "spec.template.spec.toleration",
            "tolerations"
        ),
    ]);
    for command in ["explain", "simulate"] {
        let (code, out, err) = kubeplay(&[command, MISSPELLED, "--output", "json"]);
        assert_eq!(code, 0, "{command}: {err}");
        let document: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(document["diagnostics"], expected, "{command}");
    }
}

#[test]
fn an_error_is_printed_with_its_hint_and_nothing_on_standard_output() {
    let node = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels:\n    gpu: true\n";
    let expected = "<stdin>:6:10: error: metadata.labels.gpu: Invalid type: got \"boolean\", expected \"string\": quote the value (\"true\") so that YAML reads it as a string\n\
                    \x20 object: Node n1\n\
                    \x20 field: metadata.labels.gpu\n\
                    \x20 hint: write it as \"true\"\n";
    let cases: &[&[&str]] = &[
        &["explain", "-"],
        &["explain", "-", "--output", "json"],
        &["simulate", "-"],
        &["simulate", "-", "--output", "json"],
        &["export", "-"],
    ];
    for args in cases {
        let (code, out, err) = kubeplay_with_input(args, node);
        assert_eq!((code, out.as_str()), (1, ""), "{args:?}");
        assert_eq!(err, expected, "{args:?}");
    }
}

#[test]
fn version_names_the_release_and_the_kubernetes_behaviour_it_follows() {
    let (code, out, _) = kubeplay(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "kubeplay {} (Kubernetes v1.35 behaviour)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn an_unknown_command_fails_with_the_usage() {
    let (code, out, err) = kubeplay(&["frobnicate"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with("kubeplay: unknown command `frobnicate`"),
        "{err}"
    );
    assert!(err.contains("Usage: kubeplay"), "{err}");
}

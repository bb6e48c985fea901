//! The native command-line tool, run as a user runs it.

use std::process::Command;

fn kubeplay(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .output()
        .expect("the kubeplay binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
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

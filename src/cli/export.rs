//! `kubeplay export [--format yaml|kubectl|kind|workload] FILE`: the objects of FILE in a form
//! that reproduces them on a real cluster. `-` reads standard input.

use std::io::Write;

use crate::engine::export::{kind_config, kubectl_script, workload_yaml};
use crate::engine::yaml;

/// Usage of the `export` subcommand.
pub const USAGE: &str = "\
Usage: kubeplay export [--format yaml|kubectl|kind|workload] FILE

  yaml      every object of FILE as clean YAML (the default)
  kubectl   kubectl label/taint/cordon commands for the nodes, then kubectl apply of the workload
  kind      a kind cluster configuration (kind.x-k8s.io/v1alpha4) with the nodes' labels and taints
  workload  the PriorityClasses, DaemonSets and Pods only
FILE `-` reads standard input.
";

/// Runs `kubeplay export` with `args` (after the subcommand); returns the exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut format = "yaml";
    let mut file: Option<&str> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" | "-f" => match it.next().map(String::as_str) {
                Some(f @ ("yaml" | "kubectl" | "kind" | "workload")) => format = f,
                other => {
                    let _ = writeln!(
                        err,
                        "kubeplay export: --format must be yaml, kubectl, kind or workload, not {:?}\n\n{USAGE}",
                        other.unwrap_or("")
                    );
                    return 2;
                }
            },
            "--help" | "-h" => {
                let _ = write!(out, "{USAGE}");
                return 0;
            }
            name if file.is_none() => file = Some(name),
            extra => {
                let _ = writeln!(
                    err,
                    "kubeplay export: unexpected argument `{extra}`\n\n{USAGE}"
                );
                return 2;
            }
        }
    }
    let Some(file) = file else {
        let _ = write!(err, "kubeplay export: missing FILE\n\n{USAGE}");
        return 2;
    };
    let loaded = match super::load_file("export", file, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let objects = loaded.objects;
    let text = match format {
        "kubectl" => kubectl_script(&objects),
        "kind" => kind_config(&objects, "kubeplay"),
        "workload" => workload_yaml(&objects),
        _ => yaml::to_yaml(&objects),
    };
    let _ = write!(out, "{text}");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn each_format_prints_its_export_and_bad_arguments_are_refused() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/default.yaml");
        let objects = yaml::load(&std::fs::read_to_string(file).unwrap_or_default()).objects;
        let cases: Vec<(&str, Vec<&str>, i32, String)> = vec![
            (
                "yaml is the default",
                vec![file],
                0,
                yaml::to_yaml(&objects),
            ),
            (
                "kubectl",
                vec!["--format", "kubectl", file],
                0,
                kubectl_script(&objects),
            ),
            (
                "kind",
                vec!["--format", "kind", file],
                0,
                kind_config(&objects, "kubeplay"),
            ),
            (
                "workload",
                vec!["-f", "workload", file],
                0,
                workload_yaml(&objects),
            ),
            (
                "an unknown format",
                vec!["--format", "helm", file],
                2,
                String::new(),
            ),
            ("no file", vec![], 2, String::new()),
            ("two files", vec![file, file], 2, String::new()),
            (
                "a missing file",
                vec!["/no/such/file.yaml"],
                1,
                String::new(),
            ),
        ];
        for (name, args, code, out) in cases {
            let (got_code, got_out, _) = run_with(&args);
            assert_eq!((got_code, got_out), (code, out), "{name}");
        }
        let (_, _, err) = run_with(&["--format", "helm", file]);
        assert!(
            err.starts_with(
                "kubeplay export: --format must be yaml, kubectl, kind or workload, not \"helm\""
            ),
            "{err}"
        );
    }
}

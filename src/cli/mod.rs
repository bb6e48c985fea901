//! The native command-line tool (`kubeplay`): the same engine on files.

use std::io::{Read, Write};

use crate::engine::diagnostic::Severity;
use crate::engine::yaml::{self, Loaded};

pub mod explain;
pub mod export;
pub mod generate;
pub mod simulate;

/// Runs the command line with `args` (without the program name), writing to `out` and
/// `err`; returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("--version") | Some("-V") | Some("version") => {
            let _ = writeln!(
                out,
                "kubeplay {} (Kubernetes {} behaviour)",
                env!("CARGO_PKG_VERSION"),
                crate::engine::KUBERNETES_VERSION
            );
            0
        }
        Some("explain") => explain::run(&args[1..], out, err),
        Some("export") => export::run(&args[1..], out, err),
        Some("--help") | Some("-h") | Some("help") | None => {
            let _ = write!(out, "{}", USAGE);
            0
        }
        Some("simulate") => simulate::run(&args[1..], out, err),
        Some("generate") => generate::run(&args[1..], out, err),
        Some(other) => {
            let _ = writeln!(err, "kubeplay: unknown command `{other}`\n\n{USAGE}");
            2
        }
    }
}

/// The usage text printed by `kubeplay --help`.
pub const USAGE: &str = "\
Usage: kubeplay <command> [options]

Commands:
  --version            print the version and the Kubernetes release it follows
  explain FILE         why each DaemonSet/Pod in FILE lands (or not) on each node
                       (--output text|json, --lang en|zh; FILE `-` reads stdin)
  simulate FILE        run the cluster simulation on FILE
                       (--until stable|DURATION, --output text|json)
  export FILE          FILE as YAML, kubectl commands or a kind cluster config
                       (--format yaml|kubectl|kind|workload)
  generate --nodes N   print a large generated cluster with a rolling update
                       (--pods-per-node K, --zones Z)
  --help               print this help
";

/// Reads FILE (`-`: standard input), loads it and prints its diagnostics to `err` as
/// `FILE:LINE:COLUMN: severity: message` (`<stdin>` for standard input). `Err` carries the
/// exit code when the file cannot be read (1) or has errors (1).
pub fn load_file(command: &str, file: &str, err: &mut dyn Write) -> Result<Loaded, i32> {
    let (text, shown) = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            let _ = writeln!(err, "kubeplay {command}: cannot read standard input: {e}");
            return Err(1);
        }
        (s, "<stdin>")
    } else {
        match std::fs::read_to_string(file) {
            Ok(s) => (s, file),
            Err(e) => {
                let _ = writeln!(err, "kubeplay {command}: cannot read {file}: {e}");
                return Err(1);
            }
        }
    };
    let loaded = yaml::load(&text);
    for d in &loaded.diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            err,
            "{shown}:{}:{}: {severity}: {}",
            d.line, d.column, d.message
        );
    }
    if loaded.has_errors() {
        return Err(1);
    }
    Ok(loaded)
}

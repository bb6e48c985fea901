//! The native command-line tool (`kubeplay`): the same engine on files.

use std::fmt;
use std::io::{BufWriter, Read, Write};

use serde::Serialize;

use crate::engine::diagnostic::{Diagnostic, Severity};
use crate::engine::yaml::{self, Objects};

pub mod check;
pub mod explain;
pub mod export;
pub mod generate;
pub mod matrix;
pub mod simulate;
pub mod workloads_json;

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
        Some("check") => check::run(&args[1..], out, err),
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
                       (--matrix POD: the node × plugin matrix of one pod)
                       (--output text|json, --lang en|zh; FILE `-` reads stdin)
  simulate FILE        run the cluster simulation on FILE
                       (--until stable|DURATION, --output text|json)
  check ATTEMPT        check ATTEMPT against a lesson's goals (--lesson ID|FILE),
                       or against its own; exit 0 when all are met, 1 when not
                       (--output text|json, --lang en|zh)
  export FILE          FILE as YAML, kubectl commands or a kind cluster config
                       (--format yaml|kubectl|kind|workload)
  generate --nodes N   print a large generated cluster with a rolling update
                       (--pods-per-node K, --zones Z)
  --help               print this help
";

/// One problem found in a command's input file: printed on standard error by every command
/// and carried in the `diagnostics` of every JSON document (keys in this order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDiagnostic {
    /// Column, from 1.
    pub column: usize,
    /// The file as given on the command line (`<stdin>` for standard input).
    pub file: String,
    /// How to fix it (e.g. `did you mean "containers"?` for a misspelled field).
    pub hint: Option<String>,
    /// Line, from 1.
    pub line: usize,
    /// The message (validation errors in the API server's wording, path first).
    pub message: String,
    /// The object, e.g. `DaemonSet kube-system/fluentd-elasticsearch`.
    pub object: Option<String>,
    /// The dotted field path inside the object, e.g. `spec.template.spec.tolerations[0]`.
    pub path: Option<String>,
    /// `error` or `warning`.
    pub severity: &'static str,
}

impl FileDiagnostic {
    /// `diagnostic` found in `file`.
    pub fn new(file: &str, diagnostic: Diagnostic) -> FileDiagnostic {
        FileDiagnostic {
            column: diagnostic.column,
            file: file.to_string(),
            hint: diagnostic.hint,
            line: diagnostic.line,
            message: diagnostic.message,
            object: diagnostic.object,
            path: diagnostic.path,
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
        }
    }
}

impl fmt::Display for FileDiagnostic {
    /// `FILE:LINE:COLUMN: severity: message`, then indented `object:`, `field:` and `hint:`
    /// lines for those that are known; every line ends with a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.severity, self.message
        )?;
        let details = [
            ("object", &self.object),
            ("field", &self.path),
            ("hint", &self.hint),
        ];
        for (label, value) in details {
            if let Some(value) = value {
                writeln!(f, "  {label}: {value}")?;
            }
        }
        Ok(())
    }
}

/// Writes `document` to `out` as pretty-printed JSON and a newline, serialised straight
/// into a buffer in front of `out`: no JSON tree or string of the whole document is built.
pub fn write_json(out: &mut dyn Write, document: &impl Serialize) -> std::io::Result<()> {
    let mut buffered = BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut buffered, document)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// A file loaded without errors, with its warnings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedFile {
    /// The objects of the file.
    pub objects: Objects,
    /// The warnings found while loading it, in file order.
    pub diagnostics: Vec<FileDiagnostic>,
}

/// How a command names FILE in its messages: `<stdin>` for `-`, otherwise FILE itself.
pub fn shown_name(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}

/// A command's arguments, read one at a time; an option's value is written `--flag=value`
/// or as the argument after the option.
pub struct ArgReader<'a> {
    args: &'a [String],
    at: usize,
    inline: Option<&'a str>,
}

impl<'a> ArgReader<'a> {
    /// Reads `args` (after the subcommand name).
    pub fn new(args: &'a [String]) -> ArgReader<'a> {
        ArgReader {
            args,
            at: 0,
            inline: None,
        }
    }

    /// The next argument and its option name: the part before `=` of `--flag=value`, else
    /// the whole argument.
    pub fn next_arg(&mut self) -> Option<(&'a str, &'a str)> {
        let arg = self.args.get(self.at)?.as_str();
        self.at += 1;
        self.inline = None;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                self.inline = Some(value);
                Some((arg, flag))
            }
            _ => Some((arg, arg)),
        }
    }

    /// The value of the option just read: the one after its `=`, or the next argument.
    pub fn value(&mut self) -> Option<&'a str> {
        self.inline.take().or_else(|| {
            let value = self.args.get(self.at)?;
            self.at += 1;
            Some(value.as_str())
        })
    }
}

/// Reads FILE (`-`: standard input), loads it and prints every diagnostic to `err` (see
/// [`FileDiagnostic`]'s `Display`). `Err` carries the exit code when the file cannot be read
/// (1) or has errors (1).
pub fn load_file(command: &str, file: &str, err: &mut dyn Write) -> Result<LoadedFile, i32> {
    let text = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            let _ = writeln!(err, "kubeplay {command}: cannot read standard input: {e}");
            return Err(1);
        }
        s
    } else {
        match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(err, "kubeplay {command}: cannot read {file}: {e}");
                return Err(1);
            }
        }
    };
    let loaded = yaml::load(&text);
    let has_errors = loaded.has_errors();
    let diagnostics: Vec<FileDiagnostic> = loaded
        .diagnostics
        .into_iter()
        .map(|d| FileDiagnostic::new(shown_name(file), d))
        .collect();
    for d in &diagnostics {
        let _ = write!(err, "{d}");
    }
    if has_errors {
        return Err(1);
    }
    Ok(LoadedFile {
        objects: loaded.objects,
        diagnostics,
    })
}

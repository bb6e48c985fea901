//! `kubeplay check ATTEMPT [--lesson LESSON] [--output text|json] [--lang en|zh]`: runs a
//! learner's attempt and checks it against a lesson's goals (or against the goals of its
//! own Scenario), printing a checklist. Exit code 0 when every goal is met, 1 when one is
//! not, 2 on bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{FileDiagnostic, LoadedFile};
use crate::engine::api::goals::Text;
use crate::engine::exercise::{self, GoalResult};
use crate::engine::limits::run_diagnostic;
use crate::engine::sim::cluster::fill_in_default_cluster;
use crate::engine::sim::Simulation;
use crate::engine::yaml;

/// The usage line of `kubeplay check`.
pub const USAGE: &str =
    "Usage: kubeplay check ATTEMPT [--lesson LESSON] [--output text|json] [--lang en|zh]\n";

/// Where lessons are looked up by id, relative to the current directory.
pub const LESSONS_DIR: &str = "scenarios/lessons";

/// The default lesson (lesson 1), relative to the current directory.
pub const DEFAULT_LESSON: &str = "scenarios/default.yaml";

/// The outcome of a check: the document `--output json` prints (keys sorted).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    /// The attempt's file as given.
    pub attempt: String,
    /// Warnings of both files and the run limit reached, if any.
    pub diagnostics: Vec<FileDiagnostic>,
    /// Each goal's result, in the lesson's order.
    pub goals: Vec<GoalResult>,
    /// The lesson's file, when the goals are a lesson's.
    pub lesson: Option<String>,
    /// True when every goal is met.
    pub met: bool,
}

/// Checks `attempt` (loaded from the file named `attempt_name`) against the goals of
/// `lesson` (loaded from `lesson_name`), or against its own goals without a lesson. The
/// attempt runs with its own Scenario, or the lesson's steps when it has none; the goals
/// are always the lesson's. `Err` when there are no goals to check.
pub fn check_objects(
    attempt: LoadedFile,
    attempt_name: &str,
    lesson: Option<(LoadedFile, &str)>,
) -> Result<CheckReport, String> {
    let mut diagnostics = attempt.diagnostics;
    let (baseline, lesson_name) = match lesson {
        Some((lesson, name)) => {
            diagnostics.extend(lesson.diagnostics);
            (Some(lesson.objects), Some(name.to_string()))
        }
        None => (None, None),
    };
    let goals_from = baseline.as_ref().unwrap_or(&attempt.objects);
    let goals = goals_from
        .scenario
        .as_ref()
        .map(|s| s.spec.goals.clone())
        .unwrap_or_default();
    if goals.is_empty() {
        let named = lesson_name.as_deref().unwrap_or(attempt_name);
        return Err(format!(
            "{named} has no goals: its Scenario states none (spec.goals){}",
            if lesson_name.is_none() {
                "; name a lesson with --lesson"
            } else {
                ""
            }
        ));
    }
    let mut objects = attempt.objects;
    if objects.scenario.is_none() {
        objects.scenario = baseline.as_ref().and_then(|b| b.scenario.clone());
    }
    let filled = fill_in_default_cluster(&mut objects);
    diagnostics.extend(filled.map(|d| FileDiagnostic::new(attempt_name, d)));
    let timeline = Simulation::run(&objects, None);
    diagnostics
        .extend(run_diagnostic(timeline.limit()).map(|d| FileDiagnostic::new(attempt_name, d)));
    let results = exercise::evaluate(
        &goals,
        &timeline,
        baseline.as_ref().unwrap_or(&objects),
        &objects,
    );
    Ok(CheckReport {
        attempt: attempt_name.to_string(),
        diagnostics,
        met: results.iter().all(|r| r.met),
        goals: results,
        lesson: lesson_name,
    })
}

/// [`check_objects`] on texts: `Err` lists the errors of a text that does not load, or says
/// that there are no goals.
pub fn check_texts(
    attempt: &str,
    attempt_name: &str,
    lesson: Option<(&str, &str)>,
) -> Result<CheckReport, String> {
    let load = |text: &str, name: &str| -> Result<LoadedFile, String> {
        let loaded = yaml::load(text);
        let has_errors = loaded.has_errors();
        let diagnostics: Vec<FileDiagnostic> = loaded
            .diagnostics
            .into_iter()
            .map(|d| FileDiagnostic::new(name, d))
            .collect();
        if has_errors {
            return Err(diagnostics.iter().map(ToString::to_string).collect());
        }
        Ok(LoadedFile {
            objects: loaded.objects,
            diagnostics,
        })
    };
    let attempt_file = load(attempt, attempt_name)?;
    let lesson_file = match lesson {
        Some((text, name)) => Some((load(text, name)?, name)),
        None => None,
    };
    check_objects(attempt_file, attempt_name, lesson_file)
}

/// The lesson file `lesson` names: a path to a file, or an id looked up in
/// [`LESSONS_DIR`] under `root`: a number (`6`, `06`), a file name without `.yaml`
/// (`06-rolling-update`) or without its number (`rolling-update`); `default` (or 1) is
/// [`DEFAULT_LESSON`].
pub fn find_lesson(root: &Path, lesson: &str) -> Result<PathBuf, String> {
    let as_path = root.join(lesson);
    if lesson.ends_with(".yaml") || lesson.contains('/') {
        return if as_path.is_file() {
            Ok(as_path)
        } else {
            Err(format!("no lesson file {lesson}"))
        };
    }
    if matches!(lesson, "default" | "1" | "01") {
        return Ok(root.join(DEFAULT_LESSON));
    }
    let dir = root.join(LESSONS_DIR);
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    stems.sort();
    let number = lesson.parse::<u32>().ok().map(|n| format!("{n:02}-"));
    let found = stems.iter().find(|stem| {
        *stem == lesson
            || number
                .as_ref()
                .is_some_and(|prefix| stem.starts_with(prefix))
            || stem.split_once('-').is_some_and(|(_, rest)| rest == lesson)
    });
    match found {
        Some(stem) => Ok(dir.join(format!("{stem}.yaml"))),
        None => Err(format!(
            "no lesson {lesson:?} in {LESSONS_DIR}; the lessons are: default, {}",
            stems.join(", ")
        )),
    }
}

fn say(text: &Text, zh: bool) -> &str {
    if zh {
        &text.zh
    } else {
        &text.en
    }
}

/// The checklist: one line per goal (✓ or ✗, id, title), with why a failed goal failed
/// and its hint, then the count of goals met.
pub fn text_report(report: &CheckReport, zh: bool) -> String {
    let mut s = String::new();
    for goal in &report.goals {
        let mark = if goal.met { "✓" } else { "✗" };
        s.push_str(&format!("{mark} {}: {}\n", goal.id, say(&goal.title, zh)));
        if goal.met {
            continue;
        }
        if let Some(reason) = &goal.reason {
            s.push_str(&format!("    {reason}\n"));
        }
        if let Some(hint) = &goal.hint {
            let label = if zh { "提示" } else { "hint" };
            s.push_str(&format!("    {label}: {}\n", say(hint, zh)));
        }
    }
    let met = report.goals.iter().filter(|g| g.met).count();
    let total = report.goals.len();
    if zh {
        s.push_str(&format!("已达成 {met}/{total} 个目标\n"));
    } else {
        s.push_str(&format!("{met} of {total} goals met\n"));
    }
    s
}

/// Runs `kubeplay check` with `args` (after the subcommand name).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut attempt: Option<&str> = None;
    let mut lesson: Option<String> = None;
    let mut json_output = false;
    let mut zh = false;
    let mut reader = super::ArgReader::new(args);
    while let Some((arg, flag)) = reader.next_arg() {
        let bad = |err: &mut dyn Write, what: String| {
            let _ = write!(err, "kubeplay check: {what}\n{USAGE}");
            2
        };
        match flag {
            "--lesson" => match reader.value() {
                Some(v) => lesson = Some(v.to_string()),
                None => return bad(err, "--lesson needs a value".into()),
            },
            "--output" | "-o" => match reader.value() {
                Some("json") => json_output = true,
                Some("text") => json_output = false,
                other => {
                    return bad(
                        err,
                        format!("invalid --output value `{}`", other.unwrap_or("")),
                    )
                }
            },
            "--lang" => match reader.value() {
                Some("zh") => zh = true,
                Some("en") => zh = false,
                other => {
                    return bad(
                        err,
                        format!("invalid --lang value `{}`", other.unwrap_or("")),
                    )
                }
            },
            "--help" | "-h" => {
                let _ = write!(out, "{USAGE}");
                return 0;
            }
            _ if arg.starts_with('-') && arg != "-" => {
                return bad(err, format!("unknown option `{arg}`"));
            }
            _ if attempt.is_none() => attempt = Some(arg),
            _ => return bad(err, format!("unexpected argument `{arg}`")),
        }
    }
    let Some(attempt) = attempt else {
        let _ = write!(err, "kubeplay check: missing ATTEMPT\n{USAGE}");
        return 2;
    };
    let Ok(attempt_file) = super::load_file("check", attempt, err) else {
        return 2;
    };
    let lesson_file = match &lesson {
        None => None,
        Some(id) => {
            let path = match find_lesson(Path::new("."), id) {
                Ok(path) => path,
                Err(why) => {
                    let _ = writeln!(err, "kubeplay check: {why}");
                    return 2;
                }
            };
            let shown = path
                .strip_prefix(".")
                .unwrap_or(&path)
                .display()
                .to_string();
            let Ok(file) = super::load_file("check", &shown, err) else {
                return 2;
            };
            Some((file, shown))
        }
    };
    let printed = attempt_file.diagnostics.len()
        + lesson_file.as_ref().map_or(0, |(f, _)| f.diagnostics.len());
    let shown = super::shown_name(attempt);
    let report = match check_objects(
        attempt_file,
        shown,
        lesson_file
            .as_ref()
            .map(|(f, name)| (f.clone(), name.as_str())),
    ) {
        Ok(report) => report,
        Err(why) => {
            let _ = writeln!(err, "kubeplay check: {why}");
            return 2;
        }
    };
    for d in report.diagnostics.iter().skip(printed) {
        let _ = write!(err, "{d}");
    }
    let written = if json_output {
        super::write_json(out, &report)
    } else {
        write!(out, "{}", text_report(&report, zh))
    };
    match (written, report.met) {
        (Err(_), _) => 2,
        (Ok(()), true) => 0,
        (Ok(()), false) => 1,
    }
}

//! Exercises (issue 21): every lesson states goals, its solution
//! (`scenarios/lessons/solutions/NN-*.yaml`) meets them and its starting state does not,
//! through the library function behind `kubeplay check` and through the binary; the
//! command's bad input, JSON and lesson ids; the goals in `kubeplay simulate --output json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use kubeplay::cli::check::{check_texts, find_lesson};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every lesson file with its solution file: the default scenario is lesson 1.
fn lessons() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(ROOT).join("scenarios");
    let mut found = vec![(
        root.join("default.yaml"),
        root.join("lessons/solutions/01-default.yaml"),
    )];
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("lessons"))
        .expect("the lessons")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    for lesson in files {
        let name = lesson.file_name().expect("a name").to_owned();
        found.push((lesson, root.join("lessons/solutions").join(name)));
    }
    found
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn kubeplay(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("kubeplay runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_lessons_solution_meets_its_goals_and_its_starting_state_does_not() {
    let all = lessons();
    assert!(all.len() >= 23, "the default scenario and lessons 2 to 23");
    for (lesson, solution) in all {
        let name = lesson.display().to_string();
        let lesson_text = read(&lesson);
        let solved = check_texts(&read(&solution), "solution", Some((&lesson_text, &name)))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!solved.goals.is_empty(), "{name} has goals");
        let unmet: Vec<_> = solved.goals.iter().filter(|g| !g.met).collect();
        assert!(solved.met, "{name}: the solution misses {unmet:#?}");
        let start = check_texts(&lesson_text, "start", Some((&lesson_text, &name)))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !start.met,
            "{name}: the starting state already meets every goal"
        );
        assert!(
            start.goals.iter().any(|g| !g.met && g.hint.is_some()),
            "{name}: a failed goal has a hint to show"
        );
    }
}

#[test]
fn the_binary_passes_every_solution_and_fails_every_starting_state() {
    for (lesson, solution) in lessons() {
        let lesson = lesson.to_str().expect("utf-8");
        let solution = solution.to_str().expect("utf-8");
        let (code, out, err) = kubeplay(&["check", solution, "--lesson", lesson]);
        assert_eq!(code, 0, "{solution}: {out}{err}");
        assert!(out.lines().all(|l| !l.starts_with('✗')), "{out}");
        let (code, out, err) = kubeplay(&["check", lesson, "--lesson", lesson]);
        assert_eq!(code, 1, "{lesson}: {out}{err}");
        assert!(out.contains("✗ ") && out.contains("    hint: "), "{out}");
    }
}

#[test]
fn check_prints_a_checklist_with_the_reason_and_hint_of_a_failed_goal() {
    let (code, out, _) = kubeplay(&[
        "check",
        "scenarios/lessons/03-node-selector.yaml",
        "--lesson",
        "3",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "✗ daemon-on-worker-1: A daemon pod runs on worker-1\n\
         \x20   0 pods (of DaemonSet fluentd-elasticsearch, in namespace kube-system, on node worker-1, Running and Ready), wanted >= 1\n\
         \x20   hint: Change worker-1's topology.kubernetes.io/zone label to zone-b.\n\
         ✓ node-selector-unchanged: Change the node, not the DaemonSet's nodeSelector\n\
         1 of 2 goals met\n"
    );
    let (code, out, _) = kubeplay(&[
        "check",
        "scenarios/lessons/solutions/03-node-selector.yaml",
        "--lesson",
        "node-selector",
        "--lang",
        "zh",
    ]);
    assert_eq!(code, 0);
    assert!(out.ends_with("已达成 2/2 个目标\n"), "{out}");
    assert!(
        out.contains("✓ daemon-on-worker-1: worker-1 上运行一个守护 Pod"),
        "{out}"
    );
}

#[test]
fn check_without_a_lesson_uses_the_attempts_own_goals() {
    let (code, out, err) = kubeplay(&[
        "check",
        "scenarios/lessons/solutions/06-rolling-update.yaml",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("2 of 2 goals met\n"), "{out}");
}

#[test]
fn an_attempt_without_a_scenario_runs_the_lessons_steps() {
    // The learner's objects alone (lesson 6 with maxUnavailable 2, its Scenario cut off):
    // the lesson's rollout still runs, so the goals about it can be met.
    let solution =
        read(&Path::new(ROOT).join("scenarios/lessons/solutions/06-rolling-update.yaml"));
    let objects = &solution[..solution.find("kind: Scenario").expect("a Scenario")];
    let objects = objects.trim_end_matches("apiVersion: kubeplay.dev/v1alpha1\n");
    let lesson = read(&Path::new(ROOT).join("scenarios/lessons/06-rolling-update.yaml"));
    let report = check_texts(objects, "attempt", Some((&lesson, "06"))).expect("a report");
    assert!(report.met, "{:#?}", report.goals);
}

#[test]
fn check_reports_bad_input_with_exit_code_2() {
    let table: &[(&str, &[&str], &str)] = &[
        (
            "a file without goals and no lesson",
            &["check", "tests/simulation/tutorial-rolling-update.yaml"],
            "has no goals",
        ),
        (
            "a lesson that does not exist",
            &["check", "scenarios/default.yaml", "--lesson", "99"],
            "no lesson \"99\" in scenarios/lessons; the lessons are: default, 02-control-plane-tolerations",
        ),
        (
            "an attempt that cannot be read",
            &["check", "no-such-file.yaml", "--lesson", "3"],
            "cannot read no-such-file.yaml",
        ),
        ("no attempt", &["check"], "missing ATTEMPT"),
        (
            "an unknown option",
            &["check", "scenarios/default.yaml", "--fast"],
            "unknown option `--fast`",
        ),
    ];
    for (name, args, message) in table {
        let (code, out, err) = kubeplay(args);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains(message), "{name}: {err}");
    }
    let broken = std::env::temp_dir().join("kubeplay-check-broken.yaml");
    std::fs::write(&broken, "kind: Node\nmetadata:\n  name: [oops\n").expect("a temp file");
    let (code, _, err) = kubeplay(&["check", broken.to_str().expect("utf-8"), "--lesson", "3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(": error: "), "{err}");
}

#[test]
fn check_json_gives_each_goals_result_with_its_frames() {
    let (code, out, err) = kubeplay(&[
        "check",
        "scenarios/lessons/07-rolling-update-max-surge.yaml",
        "--lesson",
        "7",
        "--output",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let whole = serde_json::to_string_pretty(&doc).expect("json") + "\n";
    assert_eq!(out, whole, "keys sorted, laid out as the whole document");
    assert_eq!(doc["met"], false);
    assert_eq!(
        doc["lesson"],
        "scenarios/lessons/07-rolling-update-max-surge.yaml"
    );
    let goals = doc["goals"].as_array().expect("goals");
    let ids: Vec<&str> = goals.iter().filter_map(|g| g["id"].as_str()).collect();
    assert_eq!(ids, ["two-nodes-surge-at-once", "no-node-without-a-daemon"]);
    let surge = &goals[0];
    assert_eq!(surge["when"], "eventually");
    assert_eq!(surge["met"], false);
    assert!(surge["reason"]
        .as_str()
        .is_some_and(|r| r.starts_with("never: ")));
    assert_eq!(
        surge["hint"]["en"],
        "Set maxSurge to 2 (maxUnavailable stays 0; both at 1 is refused)."
    );
    let invariant = &goals[1];
    assert_eq!(invariant["met"], true);
    assert_eq!(invariant["brokenAt"], serde_json::Value::Null);
    let window = &invariant["window"];
    assert_eq!(invariant["metAt"], window["last"]);
    assert_eq!(
        invariant["holds"][0]["last"], window["last"],
        "the invariant holds to the end"
    );
}

#[test]
fn simulate_json_carries_the_goals_of_the_files_scenario() {
    let (code, out, err) = kubeplay(&[
        "simulate",
        "scenarios/lessons/solutions/11-deployment-surge-arithmetic.yaml",
        "--output",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let goals = doc["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 3);
    assert!(goals.iter().all(|g| g["met"] == true), "{goals:#?}");
    let frames = doc["frames"].as_array().expect("frames").len();
    let rollout = &goals[2];
    assert_eq!(rollout["when"], "atEnd");
    assert!(rollout["metAt"]
        .as_u64()
        .is_some_and(|at| (at as usize) < frames));
    let (_, out, _) = kubeplay(&[
        "simulate",
        "tests/simulation/tutorial-rolling-update.yaml",
        "--output",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(doc.get("goals").is_none(), "no goals key without goals");
}

#[test]
fn a_lesson_is_found_by_number_by_name_or_by_path() {
    let root = Path::new(ROOT);
    let table: &[(&str, &str)] = &[
        ("default", "scenarios/default.yaml"),
        ("1", "scenarios/default.yaml"),
        ("6", "scenarios/lessons/06-rolling-update.yaml"),
        ("06", "scenarios/lessons/06-rolling-update.yaml"),
        (
            "06-rolling-update",
            "scenarios/lessons/06-rolling-update.yaml",
        ),
        (
            "rolling-update-max-surge",
            "scenarios/lessons/07-rolling-update-max-surge.yaml",
        ),
        (
            "scenarios/lessons/09-noexecute-eviction.yaml",
            "scenarios/lessons/09-noexecute-eviction.yaml",
        ),
    ];
    for (id, file) in table {
        assert_eq!(find_lesson(root, id), Ok(root.join(file)), "{id}");
    }
    assert!(find_lesson(root, "scenarios/lessons/99-none.yaml").is_err());
}

#[test]
fn a_drain_under_a_budget_completes_and_never_violates_it_while_a_blocked_one_does_not_complete() {
    let goals = "
  goals:
  - id: drained
    title: {en: The drain completes, zh: 驱逐完成}
    atEnd: {drained: worker-1}
  - id: budget-kept
    title: {en: The budget is never violated, zh: 预算从未被违反}
    always: {podDisruptionBudget: web}
    from: {step: 1}
";
    let table: &[(&str, bool)] = &[
        ("tests/simulation/drain-under-budget.yaml", true),
        ("tests/simulation/drain-blocked-by-budget.yaml", false),
    ];
    for (file, drained) in table {
        let text = read(&Path::new(ROOT).join(file)) + goals;
        let report = check_texts(&text, file, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let met: Vec<bool> = report.goals.iter().map(|g| g.met).collect();
        assert_eq!(met, [*drained, true], "{file}: {:#?}", report.goals);
    }
}

//! Documented input and simulation limits (docs/limits.md). Inputs over a load limit are
//! refused with a diagnostic that says what is too big, the limit, and how to fix it; a
//! simulation that reaches a run limit stops recording and says so in its timeline
//! ([`crate::engine::sim::Timeline::limit`]), so no input can make the engine run forever.

use crate::engine::api::scenario::{Action, ScenarioObject, Until, Wait};
use crate::engine::sim::Timeline;
use crate::engine::time::Millis;
use crate::engine::yaml::{Diagnostic, Objects, Severity};

/// Largest YAML text read, in bytes (the YAML reader's own limit).
pub const MAX_INPUT_BYTES: usize = crate::engine::yaml::MAX_INPUT_BYTES;
/// Most nodes in one input (objects plus nodes that scenario steps add).
pub const MAX_NODES: usize = 20_000;
/// Most pods in one input, and most pods alive at once in a simulation.
pub const MAX_PODS: usize = 200_000;
/// Most DaemonSets in one input (objects plus those scenario steps apply).
pub const MAX_DAEMON_SETS: usize = 100;
/// Most scenario steps.
pub const MAX_STEPS: usize = 1_000;
/// Most frames one simulation records.
pub const MAX_FRAMES: usize = 1_000_000;
/// Longest simulated time of one run, in milliseconds (7 days).
pub const MAX_SIMULATED_MS: Millis = 7 * 24 * 3600 * 1000;

fn refusal(message: String, hint: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message,
        path: None,
        object: None,
        line: 1,
        column: 1,
        hint: Some(hint.to_string()),
    }
}

/// `7d`, `36h`, `90m`, `45s` or `250ms`: the largest unit that divides `ms` exactly.
fn duration_text(ms: Millis) -> String {
    for (unit, size) in [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
    ] {
        if ms >= size && ms % size == 0 {
            return format!("{}{unit}", ms / size);
        }
    }
    format!("{ms}ms")
}

/// The load-time limits: one error per limit the objects exceed (none when they fit).
pub fn check_objects(objects: &Objects) -> Vec<Diagnostic> {
    let steps = objects
        .scenario
        .as_ref()
        .map_or(&[][..], |s| s.spec.steps.as_slice());
    let added = |wanted: fn(&Action) -> bool| steps.iter().filter(|s| wanted(&s.action)).count();
    let nodes = objects.nodes.len()
        + added(|a| {
            matches!(
                a,
                Action::AddNode(_) | Action::Apply(ScenarioObject::Node(_))
            )
        });
    let pods = objects.pods.len() + added(|a| matches!(a, Action::Apply(ScenarioObject::Pod(_))));
    let daemon_sets = objects.daemon_sets.len()
        + added(|a| matches!(a, Action::Apply(ScenarioObject::DaemonSet(_))));
    let mut out = Vec::new();
    let counts = [
        (
            nodes,
            MAX_NODES,
            "nodes",
            "simulate a representative subset of the nodes",
        ),
        (
            pods,
            MAX_PODS,
            "pods",
            "leave out pods that do not matter for placement",
        ),
        (
            daemon_sets,
            MAX_DAEMON_SETS,
            "DaemonSets",
            "simulate fewer DaemonSets at a time",
        ),
        (
            steps.len(),
            MAX_STEPS,
            "scenario steps",
            "split the scenario into several shorter ones",
        ),
    ];
    for (count, max, what, hint) in counts {
        if count > max {
            out.push(refusal(
                format!("the input has {count} {what}; kubeplay simulates at most {max} {what}"),
                hint,
            ));
        }
    }
    if let Some(scenario) = &objects.scenario {
        let mut longest = match scenario.spec.until {
            Until::After(d) => d.millis,
            Until::Stable => 0,
        };
        let mut previous: Millis = 0;
        for step in steps {
            let at = match (step.at, step.after) {
                (Some(at), _) => at.millis,
                (None, Some(after)) => previous.saturating_add(after.millis),
                (None, None) => previous,
            };
            previous = match &step.action {
                Action::Wait(Wait::For(d)) => at.saturating_add(d.millis),
                _ => at,
            };
            longest = longest.max(previous);
        }
        if longest > MAX_SIMULATED_MS {
            out.push(refusal(
                format!(
                    "the scenario runs until {}; kubeplay simulates at most {} of virtual time",
                    duration_text(longest),
                    duration_text(MAX_SIMULATED_MS)
                ),
                "use shorter step times and a shorter `until`",
            ));
        }
    }
    out
}

/// The message of a simulation that reached a run limit: what stopped, where, the limit.
pub fn frames_reached(time: Millis) -> String {
    format!(
        "the simulation stopped at {} of virtual time: a run records at most {MAX_FRAMES} frames; the timeline ends here",
        duration_text(time)
    )
}

/// The message of a simulation that reached the simulated-time limit.
pub fn time_reached() -> String {
    format!(
        "the simulation stopped after {} of virtual time, the most a run simulates; the timeline ends here",
        duration_text(MAX_SIMULATED_MS)
    )
}

/// The message of a simulation that reached the pod limit.
pub fn pods_reached(pods: usize, time: Millis) -> String {
    format!(
        "the simulation stopped at {} of virtual time with {pods} pods: a run keeps at most {MAX_PODS} pods; the timeline ends here",
        duration_text(time)
    )
}

/// A run limit reached by `timeline`, as a warning diagnostic for the editor and the CLI.
pub fn run_diagnostic(timeline: &Timeline) -> Option<Diagnostic> {
    timeline.limit().map(|message| Diagnostic {
        severity: Severity::Warning,
        message: message.to_string(),
        path: None,
        object: None,
        line: 1,
        column: 1,
        hint: Some("simulate fewer nodes or pods, or a shorter scenario".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml::load;

    fn nodes(n: usize) -> String {
        (0..n)
            .map(|i| format!("apiVersion: v1\nkind: Node\nmetadata: {{name: n{i}}}\n---\n"))
            .collect()
    }

    /// The refusals of `load(text)`; two nodes stand for one more node than the limit
    /// (repeating a loaded node is cheaper than 20,001 documents of text).
    fn messages(text: &str) -> Vec<String> {
        let loaded = load(text);
        let mut diagnostics = loaded.diagnostics;
        if loaded.objects.nodes.len() == 2 {
            let mut objects = loaded.objects;
            objects.nodes = vec![objects.nodes[0].clone(); MAX_NODES + 1];
            diagnostics = check_objects(&objects);
        }
        diagnostics
            .into_iter()
            .map(|d| format!("{}: {}", d.message, d.hint.unwrap_or_default()))
            .collect()
    }

    /// Each load limit: input under it loads, input over it is refused with what, the
    /// limit and how to fix it.
    #[test]
    fn inputs_over_a_load_limit_are_refused_with_what_the_limit_and_a_fix() {
        let steps = |n: usize, step: &str| {
            format!(
                "apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n{}",
                format!("  - {step}\n").repeat(n)
            )
        };
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            ("one node fits", nodes(1), vec![]),
            (
                "20,001 nodes are refused",
                nodes(2),
                vec!["the input has 20001 nodes; kubeplay simulates at most 20000 nodes: simulate a representative subset of the nodes"],
            ),
            (
                "1,000 steps fit",
                steps(1000, "wait: 1s"),
                vec![],
            ),
            (
                "1,001 steps are refused",
                steps(1001, "wait: 1s"),
                vec!["the input has 1001 scenario steps; kubeplay simulates at most 1000 scenario steps: split the scenario into several shorter ones"],
            ),
            (
                "a wait that ends at 7 days fits",
                steps(1, "{at: 167h, wait: 1h}"),
                vec![],
            ),
            (
                "a step after 7 days is refused",
                steps(1, "{at: 169h, cordon: n1}"),
                vec!["the scenario runs until 169h; kubeplay simulates at most 7d of virtual time: use shorter step times and a shorter `until`"],
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(messages(&text), expected, "{name}");
        }
    }

    /// A crash loop run until stable after the latest allowed step reaches the
    /// simulated-time limit: the run stops there, says why, and is not stable.
    #[test]
    fn a_run_that_reaches_the_time_limit_stops_and_says_why() {
        let text = "apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  nodeName: n1
  containers: [{name: c, image: crash:v1}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  kubelet:
    images: [{image: crash:v1, failure: Crash}]
  steps:
  - {at: 167h, wait: 1h}
";
        let loaded = load(text);
        assert_eq!(loaded.diagnostics, vec![], "loads");
        let timeline = crate::engine::sim::Simulation::run(&loaded.objects, None);
        assert_eq!(
            timeline.limit(),
            Some("the simulation stopped after 7d of virtual time, the most a run simulates; the timeline ends here")
        );
        assert!(!timeline.is_stable(), "a stopped run is not stable");
        assert!(
            timeline.final_state().time <= MAX_SIMULATED_MS,
            "time stays in the limit"
        );
        let warning = run_diagnostic(&timeline).map(|d| (d.severity, d.line));
        assert_eq!(warning, Some((Severity::Warning, 1)));
    }

    /// Found by tests/fuzz.rs: a rollout wait with a huge timeout on a rollout that never
    /// completes used to move the clock past the limit.
    #[test]
    fn a_wait_with_a_huge_timeout_stops_at_the_time_limit() {
        let text = "apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d, namespace: default}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: c, image: crash:v1}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  kubelet:
    images: [{image: crash:v1, failure: Crash}]
  steps:
  - wait: {until: rolloutComplete, daemonSet: d, namespace: default, timeout: 9703297032m}
";
        let loaded = load(text);
        assert_eq!(loaded.diagnostics, vec![], "loads");
        let timeline = crate::engine::sim::Simulation::run(&loaded.objects, None);
        assert_eq!(timeline.limit(), Some(time_reached().as_str()));
        assert_eq!(
            timeline.final_state().time,
            MAX_SIMULATED_MS,
            "the clock stops at the limit"
        );
    }

    #[test]
    fn durations_use_the_largest_exact_unit() {
        let cases = [
            (604_800_000, "7d"),
            (129_600_000, "36h"),
            (5_400_000, "90m"),
            (45_000, "45s"),
            (250, "250ms"),
            (0, "0ms"),
        ];
        for (ms, text) in cases {
            assert_eq!(duration_text(ms), text, "{ms} ms");
        }
    }
}

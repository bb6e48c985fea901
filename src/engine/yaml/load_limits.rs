//! The load limits of [`crate::engine::limits`], checked on the objects a text decoded to:
//! [`check_objects`] refuses an input that is too big to simulate, saying what is too big,
//! the limit, and how to fix it.

use super::Objects;
use crate::engine::api::scenario::{Action, ScenarioObject, Until, Wait};
use crate::engine::diagnostic::{Diagnostic, Severity};
use crate::engine::limits::{
    duration_text, MAX_DAEMON_SETS, MAX_NODES, MAX_PODS, MAX_SIMULATED_MS, MAX_STEPS,
};

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
        let mut previous: u64 = 0;
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
}

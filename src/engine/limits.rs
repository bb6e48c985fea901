//! Documented input and simulation limits (docs/limits.md), with the words that report them.
//!
//! Each limit is checked where its input is read: the YAML loader refuses inputs over a load
//! limit with a diagnostic that says what is too big, the limit, and how to fix it
//! (`yaml::load`); a simulation that reaches a run limit stops recording and says so in its
//! timeline (`sim::Timeline::limit`, shown as [`run_diagnostic`]), so no input can make the
//! engine run forever. Both use this module, so it sits below them and imports only the
//! [`Diagnostic`] leaf.

use crate::engine::diagnostic::{Diagnostic, Severity};

/// Largest YAML text read, in bytes (the YAML reader's own limit).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
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
pub const MAX_SIMULATED_MS: u64 = 7 * 24 * 3600 * 1000;

/// `7d`, `36h`, `90m`, `45s` or `250ms`: the largest unit that divides `ms` exactly.
pub fn duration_text(ms: u64) -> String {
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

/// The message of a simulation that reached a run limit: what stopped, where, the limit.
pub fn frames_reached(time: u64) -> String {
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
pub fn pods_reached(pods: usize, time: u64) -> String {
    format!(
        "the simulation stopped at {} of virtual time with {pods} pods: a run keeps at most {MAX_PODS} pods; the timeline ends here",
        duration_text(time)
    )
}

/// The run limit a timeline reached (`Timeline::limit`), as a warning diagnostic for the
/// editor and the CLI.
pub fn run_diagnostic(limit: Option<&str>) -> Option<Diagnostic> {
    limit.map(|message| Diagnostic {
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
    //! The run limits end to end: these tests load and run scenarios, so they reach the
    //! YAML loader and the simulation above this module (test code only).

    use super::*;
    use crate::engine::yaml::load;

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
        let warning = run_diagnostic(timeline.limit()).map(|d| (d.severity, d.line));
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

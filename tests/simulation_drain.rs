//! `kubeplay simulate` of `kubectl drain` end to end, running the real binary: a
//! Deployment's pods under a PodDisruptionBudget, a DaemonSet on every node.
// These tests run the native binary; the wasm32 target has no processes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const DRAIN: &str = "tests/simulation/drain-under-budget.yaml";

fn simulate(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .arg("simulate")
        .args(args)
        .output()
        .expect("run kubeplay");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The output of the step titled `title`, up to the views after it.
fn step_output<'a>(out: &'a str, title: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.ends_with(title))
        .skip(1)
        .take_while(|l| !l.starts_with("$ kubectl"))
        .collect()
}

#[test]
fn a_drain_under_a_budget_prints_kubectls_lines_in_order() {
    let (code, out, err) = simulate(&[DRAIN]);
    assert_eq!(code, 0, "{err}");
    let refused = "error when evicting pods/\"web-5d4c8f7b9-bbbbb\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
    let retry = ["evicting pod default/web-5d4c8f7b9-bbbbb", refused];
    let mut want = vec![
        "node/worker-1 cordoned",
        "Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-h8q24",
        "evicting pod default/web-5d4c8f7b9-aaaaa",
    ];
    // Refused at 10s, 15s, ..., 40s; the first pod is gone after its 30 s grace period
    // (seen by the 1 s poll at 40s), then refused again until the timeout at 70s.
    for _ in 0..7 {
        want.extend(retry);
    }
    want.push("pod/web-5d4c8f7b9-aaaaa evicted");
    for _ in 0..5 {
        want.extend(retry);
    }
    let timeout = "error when evicting pods/\"web-5d4c8f7b9-bbbbb\" -n \"default\": global timeout reached: 1m0s";
    let pending =
        format!("There are pending pods in node \"worker-1\" when an error occurred: {timeout}");
    let unable = format!(
        "error: unable to drain node \"worker-1\" due to error:{timeout}, continuing command..."
    );
    let last = format!("error: {timeout}");
    want.extend([
        "evicting pod default/web-5d4c8f7b9-bbbbb",
        &pending,
        "pod/web-5d4c8f7b9-bbbbb",
        &unable,
        "There are pending nodes to be drained:",
        " worker-1",
        &last,
    ]);
    assert_eq!(step_output(&out, "step 1: drain worker-1"), want);
    // The budget after the step: one disruption spent.
    assert!(
        out.contains("$ kubectl get pdb -A\nNAMESPACE   NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\ndefault     web    2               N/A               0                     10s\n"),
        "{out}"
    );
}

#[test]
fn the_json_carries_the_budgets_and_the_eviction_answers() {
    let (code, out, err) = simulate(&[DRAIN, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let frames = doc["frames"].as_array().expect("frames");
    let evictions: Vec<&serde_json::Value> = frames
        .iter()
        .flat_map(|f| f["actions"].as_array().into_iter().flatten())
        .filter(|a| a["type"] == "evict")
        .collect();
    assert_eq!(evictions[0]["pod"], "default/web-5d4c8f7b9-aaaaa");
    assert_eq!(evictions[0]["allowed"], true);
    assert_eq!(evictions[0]["code"], 201);
    assert_eq!(evictions[1]["pod"], "default/web-5d4c8f7b9-bbbbb");
    assert_eq!(evictions[1]["allowed"], false);
    assert_eq!(evictions[1]["code"], 429);
    assert_eq!(
        evictions[1]["message"],
        "Cannot evict pod as it would violate the pod's disruption budget."
    );
    // In the same instant as the first eviction the controller has not synced yet: the
    // status still counts 3 healthy pods, so v1.35 says no more than that.
    assert_eq!(
        evictions[1]["cause"],
        "The disruption budget web does not allow evicting pods currently"
    );
    assert_eq!(
        evictions[2]["cause"],
        "The disruption budget web needs 2 healthy pods and has 2 currently"
    );
    assert_eq!(
        evictions.len(),
        13,
        "two evictions at 10s, then one every 5s until 65s"
    );
    // Every frame with state shows the budget; after the first eviction none is allowed.
    let step = frames
        .iter()
        .find(|f| f["title"] == "step 1: drain worker-1")
        .expect("the drain step");
    let pdb = &step["podDisruptionBudgets"][0];
    assert_eq!(pdb["name"], "web");
    assert_eq!(pdb["minAvailable"], "2");
    assert_eq!(pdb["disruptionsAllowed"], 0);
    assert_eq!(pdb["disruptedPods"][0], "web-5d4c8f7b9-aaaaa");
    assert_eq!(pdb["disruptionAllowed"]["reason"], "InsufficientPods");
    let loaded = frames
        .iter()
        .find(|f| f["title"] == "sync poddisruptionbudget default/web")
        .expect("the controller's first sync");
    let first = &loaded["podDisruptionBudgets"][0];
    assert_eq!(
        (
            &first["expectedPods"],
            &first["currentHealthy"],
            &first["desiredHealthy"],
            &first["disruptionsAllowed"]
        ),
        (
            &serde_json::json!(3),
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(1)
        )
    );
    assert_eq!(first["disruptionAllowed"]["reason"], "SufficientPods");
}

/// The drain step of the fixture with `drain` replaced by `drain_step`, run in process:
/// the step's output lines.
fn drain_output(drain_step: &str) -> Vec<String> {
    let text = std::fs::read_to_string(DRAIN).expect("the fixture");
    let text = text.replace(
        "drain: {node: worker-1, ignoreDaemonSets: true, timeout: 60s}",
        drain_step,
    );
    let loaded = kubeplay::engine::yaml::load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut objects = loaded.objects;
    kubeplay::engine::sim::cluster::fill_in_default_cluster(&mut objects);
    let timeline = kubeplay::engine::sim::Simulation::run(&objects, None);
    timeline
        .frames()
        .iter()
        .filter(|f| f.title.starts_with("step 1: drain"))
        .flat_map(|f| f.output.clone())
        .collect()
}

#[test]
fn daemon_set_pods_stop_a_drain_without_ignore_daemonsets() {
    let fatal = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/node-agent-h8q24";
    assert_eq!(
        drain_output("drain: {node: worker-1}"),
        [
            "node/worker-1 cordoned".to_string(),
            format!("error: unable to drain node \"worker-1\" due to error:{fatal}, continuing command..."),
            "There are pending nodes to be drained:".to_string(),
            " worker-1".to_string(),
            format!("error: {fatal}"),
        ]
    );
}

#[test]
fn disable_eviction_deletes_the_pods_without_asking_the_budget() {
    let lines = drain_output(
        "drain: {node: worker-1, ignoreDaemonSets: true, disableEviction: true, gracePeriod: 5}",
    );
    assert_eq!(
        lines,
        [
            "node/worker-1 cordoned",
            "Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-h8q24",
            "pod/web-5d4c8f7b9-aaaaa deleted",
            "pod/web-5d4c8f7b9-bbbbb deleted",
            "node/worker-1 drained",
        ]
    );
}

#[test]
fn a_drain_without_a_timeout_stops_once_nothing_can_change() {
    let lines = drain_output("drain: {node: worker-1, ignoreDaemonSets: true}");
    let last = lines.last().expect("lines");
    assert!(
        last.starts_with("# kubeplay: the drain is still blocked at 30s"),
        "{lines:#?}"
    );
    assert!(lines.contains(&"pod/web-5d4c8f7b9-aaaaa evicted".to_string()));
}

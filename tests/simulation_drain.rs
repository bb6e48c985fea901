//! `kubeplay simulate` of `kubectl drain` end to end, running the real binary: a
//! Deployment's pods under a PodDisruptionBudget, a DaemonSet on every node.
// These tests run the native binary; the wasm32 target has no processes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const DRAIN: &str = "tests/simulation/drain-under-budget.yaml";
const BLOCKED: &str = "tests/simulation/drain-blocked-by-budget.yaml";

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
fn a_drain_under_a_budget_waits_for_the_replacement_then_finishes() {
    let (code, out, err) = simulate(&[DRAIN]);
    assert_eq!(code, 0, "{err}");
    // At 10s the first pod is evicted and the second refused; the ReplicaSet's replacement
    // for the first is Ready on another node by the retry at 15s, which is allowed. Each
    // pod is reported evicted when its 30 s grace period is over.
    let refused = "error when evicting pods/\"web-5d4c8f7b9-bbbbb\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
    assert_eq!(
        step_output(&out, "step 1: drain worker-1"),
        [
            "node/worker-1 cordoned",
            "Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-h8q24",
            "evicting pod default/web-5d4c8f7b9-aaaaa",
            "evicting pod default/web-5d4c8f7b9-bbbbb",
            refused,
            "evicting pod default/web-5d4c8f7b9-bbbbb",
            "pod/web-5d4c8f7b9-aaaaa evicted",
            "pod/web-5d4c8f7b9-bbbbb evicted",
            "node/worker-1 drained",
        ]
    );
    // The budget right after the step's first instant: one disruption spent.
    assert!(
        out.contains("$ kubectl get pdb -A\nNAMESPACE   NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\ndefault     web    2               N/A               0                     10s\n"),
        "{out}"
    );
}

#[test]
fn a_budget_of_every_replica_blocks_the_drain_until_its_timeout() {
    let (code, out, err) = simulate(&[BLOCKED]);
    assert_eq!(code, 0, "{err}");
    let refused = |pod: &str| {
        format!("error when evicting pods/\"{pod}\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.")
    };
    let (a, b) = ("web-5d4c8f7b9-aaaaa", "web-5d4c8f7b9-bbbbb");
    let mut want = vec![
        "node/worker-1 cordoned".to_string(),
        "Warning: ignoring DaemonSet-managed Pods: kube-system/node-agent-h8q24".to_string(),
    ];
    // Both pods refused at 10s, 15s, ..., 65s; the last attempts at 70s meet the timeout.
    for _ in 0..12 {
        for pod in [a, b] {
            want.push(format!("evicting pod default/{pod}"));
            want.push(refused(pod));
        }
    }
    let timeout = |pod: &str| {
        format!("error when evicting pods/\"{pod}\" -n \"default\": global timeout reached: 1m0s")
    };
    let both = format!("[{}, {}]", timeout(a), timeout(b));
    want.extend([
        format!("evicting pod default/{a}"),
        format!("evicting pod default/{b}"),
        format!("There are pending pods in node \"worker-1\" when an error occurred: {both}"),
        format!("pod/{a}"),
        format!("pod/{b}"),
        format!(
            "error: unable to drain node \"worker-1\" due to error: {both}, continuing command..."
        ),
        "There are pending nodes to be drained:".to_string(),
        " worker-1".to_string(),
        timeout(a),
        timeout(b),
    ]);
    assert_eq!(step_output(&out, "step 1: drain worker-1"), want);
}

#[test]
fn the_json_carries_the_budgets_and_the_eviction_answers() {
    let evictions = |file: &str| -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
        let (code, out, err) = simulate(&[file, "--output", "json"]);
        assert_eq!(code, 0, "{err}");
        let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let frames = doc["frames"].as_array().expect("frames").clone();
        let evictions = frames
            .iter()
            .flat_map(|f| f["actions"].as_array().cloned().unwrap_or_default())
            .filter(|a| a["type"] == "evict")
            .collect();
        (frames, evictions)
    };
    let (frames, answers) = evictions(DRAIN);
    assert_eq!(
        answers.len(),
        3,
        "evicted, refused, then evicted: {answers:#?}"
    );
    assert_eq!(answers[0]["pod"], "default/web-5d4c8f7b9-aaaaa");
    assert_eq!(answers[0]["allowed"], true);
    assert_eq!(answers[0]["code"], 201);
    assert_eq!(answers[1]["pod"], "default/web-5d4c8f7b9-bbbbb");
    assert_eq!(answers[1]["allowed"], false);
    assert_eq!(answers[1]["code"], 429);
    assert_eq!(
        answers[1]["message"],
        "Cannot evict pod as it would violate the pod's disruption budget."
    );
    // In the same instant as the first eviction the controller has not synced yet: the
    // status still counts 3 healthy pods, so v1.35 says no more than that.
    assert_eq!(
        answers[1]["cause"],
        "The disruption budget web does not allow evicting pods currently"
    );
    assert_eq!(answers[2]["pod"], "default/web-5d4c8f7b9-bbbbb");
    assert_eq!(answers[2]["allowed"], true);
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
    // A budget of every replica refuses with the counts once the controller has synced.
    let (_, blocked) = evictions(BLOCKED);
    assert_eq!(blocked.len(), 24, "two pods refused at 10s, 15s, ..., 65s");
    assert!(blocked.iter().all(|a| a["allowed"] == false));
    assert_eq!(
        blocked[0]["cause"],
        "The disruption budget web needs 3 healthy pods and has 3 currently"
    );
}

/// The drain step of the fixture `file` with `drain` replaced by `drain_step`, run in process:
/// the step's output lines.
fn drain_output(file: &str, drain_step: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("the fixture");
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
        drain_output(DRAIN, "drain: {node: worker-1}"),
        [
            "node/worker-1 cordoned".to_string(),
            format!("error: unable to drain node \"worker-1\" due to error: {fatal}, continuing command..."),
            "There are pending nodes to be drained:".to_string(),
            " worker-1".to_string(),
            format!("error: {fatal}"),
        ]
    );
}

#[test]
fn disable_eviction_deletes_the_pods_without_asking_the_budget() {
    let lines = drain_output(
        DRAIN,
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
    let lines = drain_output(BLOCKED, "drain: {node: worker-1, ignoreDaemonSets: true}");
    let last = lines.last().expect("lines");
    assert!(
        last.starts_with("# kubeplay: the drain is still blocked"),
        "{lines:#?}"
    );
}

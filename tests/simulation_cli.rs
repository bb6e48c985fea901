//! `kubeplay simulate` end to end on the tutorial's rolling-update example
//! (/work/shared/tutorial/daemonset.zh.md, second DaemonSet, maxUnavailable: 1) on the
//! default cluster (1 tainted control-plane node + 3 workers), running the real binary.
// These tests run the native binary; the wasm32 target has no processes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const TUTORIAL: &str = "tests/simulation/tutorial-rolling-update.yaml";

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

#[test]
fn tutorial_rolling_update_rolls_out_one_node_at_a_time() {
    let (code, out, err) = simulate(&[TUTORIAL]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!("{TUTORIAL}:1:1: warning: no nodes in the input: using the default cluster of 4 nodes (control-plane, worker-1, worker-2, worker-3)\n  hint: to simulate a cluster without nodes, state an empty node list: `apiVersion: v1`, `kind: NodeList`, `items: []`\n"),
        "the only message says that the default cluster fills in"
    );
    // rollout status, as kubectl prints it while watching.
    let status_section = out
        .split("$ kubectl rollout status ds/fluentd-elasticsearch -n kube-system\n")
        .nth(1)
        .and_then(|rest| rest.split("$ kubectl rollout history").next())
        .unwrap_or_default();
    assert_eq!(
        status_section,
        "Waiting for daemon set spec update to be observed...\n\
         Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 0 out of 4 new pods have been updated...\n\
         Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 1 out of 4 new pods have been updated...\n\
         Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 2 out of 4 new pods have been updated...\n\
         Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 3 out of 4 new pods have been updated...\n\
         Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 3 of 4 updated pods are available...\n\
         daemon set \"fluentd-elasticsearch\" successfully rolled out\n"
    );
    // One node at a time: after the image change, deletes and creates alternate.
    let events: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "== events")
        .take_while(|l| !l.starts_with("== end"))
        .filter(|l| l.contains("SuccessfulDelete") || l.contains("SuccessfulCreate"))
        .map(|l| {
            if l.contains("SuccessfulDelete") {
                "delete"
            } else {
                "create"
            }
        })
        .skip(4)
        .collect();
    assert_eq!(
        events,
        ["delete", "create", "delete", "create", "delete", "create", "delete", "create"]
    );
    assert!(out.contains(
        "kube-system   fluentd-elasticsearch   4         4         4       4            4           <none>          3m16s\n"
    ));
    assert!(out.contains("REVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"));
}

#[test]
fn tutorial_json_is_deterministic_and_never_exceeds_max_unavailable() {
    let (code, first, err) = simulate(&[TUTORIAL, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let (_, second, _) = simulate(&[TUTORIAL, "-o", "json"]);
    assert_eq!(first, second, "same input, same JSON");
    let doc: serde_json::Value = serde_json::from_str(&first).expect("json");
    assert_eq!(doc["stable"], serde_json::Value::Bool(true));
    let frames = doc["frames"].as_array().cloned().unwrap_or_default();
    let mut max_unavailable_seen = 0;
    let mut after_update = false;
    for frame in &frames {
        if frame["title"]
            .as_str()
            .is_some_and(|t| t.contains("set image"))
        {
            after_update = true;
        }
        if !after_update || frame["kind"] != "sync" {
            continue;
        }
        let unavailable = frame["daemonSets"][0]["status"]["numberUnavailable"]
            .as_i64()
            .unwrap_or(0);
        max_unavailable_seen = max_unavailable_seen.max(unavailable);
    }
    assert_eq!(max_unavailable_seen, 1);
    assert!(doc["podTransitions"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
}

#[test]
fn simulate_reports_usage_errors() {
    let cases: [(&str, &[&str], i32, &str); 3] = [
        ("no file", &[], 2, "kubeplay simulate: missing FILE\n"),
        (
            "bad output",
            &[TUTORIAL, "--output", "yaml"],
            2,
            "kubeplay simulate: invalid --output value `yaml`\n",
        ),
        (
            "bad until",
            &[TUTORIAL, "--until", "soon"],
            2,
            "kubeplay simulate: invalid --until value `soon`\n",
        ),
    ];
    for (name, args, want_code, want_err) in cases {
        let (code, _, err) = simulate(args);
        assert_eq!(code, want_code, "{name}");
        assert!(err.starts_with(want_err), "{name}: {err}");
    }
}

/// Without a Scenario, `rollout status` watches from the DaemonSet's creation (not from the
/// empty cluster before the objects are loaded).
#[test]
fn rollout_status_without_a_scenario_watches_from_creation() {
    let (code, out, err) = simulate(&["scenarios/lessons/03-node-selector.yaml"]);
    assert_eq!(code, 0, "{err}");
    let section: Vec<&str> = out
        .split("$ kubectl rollout status ds/fluentd-elasticsearch -n kube-system\n")
        .nth(1)
        .expect("a rollout status section")
        .lines()
        .take_while(|l| !l.starts_with('$'))
        .collect();
    assert_eq!(
        section,
        [
            "Waiting for daemon set spec update to be observed...",
            "Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 0 of 2 updated pods are available...",
            "daemon set \"fluentd-elasticsearch\" successfully rolled out",
        ]
    );
}

/// The frames of `kubeplay simulate FILE --output json`, parsed.
fn json_frames(file: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = simulate(&[file, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    doc["frames"].as_array().cloned().unwrap_or_default()
}

/// `(currentRevision, currentRevisionHash)` of the first DaemonSet and
/// `(revision, revisionHash)` of each pod of a frame.
fn revisions(frame: &serde_json::Value) -> ((i64, String), Vec<(i64, String)>) {
    let pair = |number: &serde_json::Value, hash: &serde_json::Value| {
        (
            number.as_i64().unwrap_or(-1),
            hash.as_str().unwrap_or("").to_string(),
        )
    };
    let ds = &frame["daemonSets"][0];
    let pods = frame["pods"].as_array().cloned().unwrap_or_default();
    (
        pair(&ds["currentRevision"], &ds["currentRevisionHash"]),
        pods.iter()
            .map(|p| pair(&p["revision"], &p["revisionHash"]))
            .collect(),
    )
}

#[test]
fn json_shows_the_controller_revision_number_beside_each_hash() {
    let frames = json_frames(TUTORIAL);
    let with_state: Vec<&serde_json::Value> = frames
        .iter()
        .filter(|f| f["daemonSets"][0]["currentRevisionHash"].is_string())
        .collect();
    let (first, pods_first) = revisions(with_state[0]);
    let (last, pods_last) = revisions(with_state[with_state.len() - 1]);
    assert_eq!(first.0, 1, "the first template is revision 1");
    assert_eq!(last.0, 2, "the updated template is revision 2");
    assert_ne!(first.1, last.1);
    assert_eq!(pods_first, vec![first.clone(); 4]);
    assert_eq!(pods_last, vec![last.clone(); 4]);
}

/// A rollback renumbers the old revision (`constructHistory`): its hash comes back as
/// revision 3, and the pods carrying that hash show 3 from then on, as `kubectl rollout
/// history` lists 2 and 3.
#[test]
fn after_a_rollback_the_old_hash_carries_the_new_revision_number() {
    let frames = json_frames("scenarios/lessons/08-bad-image-rollback.yaml");
    let with_state: Vec<&serde_json::Value> = frames
        .iter()
        .filter(|f| f["daemonSets"][0]["currentRevisionHash"].is_string())
        .collect();
    let (first, _) = revisions(with_state[0]);
    let (last, pods_last) = revisions(with_state[with_state.len() - 1]);
    assert_eq!(first.0, 1);
    assert_eq!(
        last,
        (3, first.1.clone()),
        "revision 1's template is back as 3"
    );
    assert!(!pods_last.is_empty());
    assert!(pods_last.iter().all(|p| *p == last), "{pods_last:?}");
}

/// The document is written while it is serialised; it must still be what rendering the
/// whole parsed document prints: keys sorted, two-space indentation, a final newline.
#[test]
fn the_streamed_json_parses_and_is_laid_out_as_the_whole_document_would_be() {
    for file in [
        TUTORIAL,
        "scenarios/default.yaml",
        "scenarios/lessons/05-resources-and-preemption.yaml",
        "scenarios/lessons/08-bad-image-rollback.yaml",
    ] {
        let (code, out, err) = simulate(&[file, "--output", "json"]);
        assert_eq!(code, 0, "{file}: {err}");
        let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
        let whole = serde_json::to_string_pretty(&doc).expect("json") + "\n";
        assert!(out == whole, "{file}: the streamed layout differs");
    }
}

/// The real cluster dumps of `tests/fixtures/realworld/` (see its README).
const PASTED_DUMPS: &[&str] = &[
    "tests/fixtures/realworld/aiops-pending-pod-tainted-node.yaml",
    "tests/fixtures/realworld/kubeadm-notready-node-cluster-info-dump.yaml",
];

/// `(namespace/name, node, phase, ready)` of every pod of a frame.
fn pod_places(frame: &serde_json::Value) -> Vec<(String, String, String, bool)> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    frame["pods"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            (
                format!("{}/{}", text(&p["namespace"]), text(&p["name"])),
                text(&p["node"]),
                text(&p["phase"]),
                p["ready"] == true,
            )
        })
        .collect()
}

#[test]
fn a_pasted_real_dump_simulates_without_errors_and_loads_its_pods_where_the_dump_has_them() {
    for file in PASTED_DUMPS {
        let (code, _, err) = simulate(&[file]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(
            !err.contains(": warning: ") && !err.contains(": error: "),
            "{file}: no warnings: {err}"
        );
        let frames = json_frames(file);
        let loaded = frames
            .iter()
            .find(|f| f["title"] == "load objects")
            .unwrap_or_else(|| panic!("{file}: a frame loads the objects"));
        assert_eq!(loaded["time"], 0, "{file}");
        let text = std::fs::read_to_string(file).expect("the dump");
        let ready = |p: &kubeplay::engine::api::types::Pod| {
            p.status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True")
        };
        let mut want: Vec<(String, String, String, bool)> = kubeplay::engine::yaml::load(&text)
            .objects
            .pods
            .iter()
            .map(|p| {
                (
                    format!("{}/{}", p.metadata.namespace, p.metadata.name),
                    p.spec.node_name.clone(),
                    p.status.phase.clone().unwrap_or_else(|| "Pending".into()),
                    ready(p),
                )
            })
            .collect();
        let mut got = pod_places(loaded);
        want.sort();
        got.sort();
        assert_eq!(got, want, "{file}: the pods at time 0");
    }
}

/// A terminating pod in the JSON carries its grace period and when its kubelet removes it:
/// the rolling update deletes each old pod with its own 30 s, and the pod is gone from the
/// first frame at or after `removedAt`.
#[test]
fn a_terminating_pod_carries_its_grace_period_and_when_it_is_removed() {
    let frames = json_frames(TUTORIAL);
    let mut seen = 0;
    for (i, frame) in frames.iter().enumerate() {
        for pod in frame["pods"].as_array().into_iter().flatten() {
            if pod["terminating"] != serde_json::Value::Bool(true) {
                assert!(pod.get("removedAt").is_none(), "{pod}");
                continue;
            }
            seen += 1;
            assert_eq!(pod["deletionGracePeriodSeconds"], 30, "{pod}");
            let removed_at = pod["removedAt"].as_u64().expect("removedAt");
            let time = frame["time"].as_u64().expect("time");
            assert!(
                time < removed_at && removed_at <= time + 30_000,
                "{pod} at {time}"
            );
            let name = &pod["name"];
            let gone = frames[i..]
                .iter()
                .filter(|f| f["pods"].is_array())
                .find(|f| f["time"].as_u64().unwrap_or(0) >= removed_at)
                .expect("a frame after the removal");
            assert!(
                !gone["pods"]
                    .as_array()
                    .expect("pods")
                    .iter()
                    .any(|p| p["name"] == *name),
                "{name} is gone at {removed_at}"
            );
        }
    }
    assert!(seen > 0, "the rolling update terminates pods");
}

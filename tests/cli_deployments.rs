//! `kubeplay simulate` and `kubeplay explain` on Deployments, running the real binary on the
//! scenarios of `tests/fixtures/deployments/` (one behaviour each, on the default cluster).
// These tests run the native binary; the wasm32 target has no processes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

/// Runs `kubeplay ARGS`: exit code, standard output, standard error.
fn kubeplay(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run kubeplay");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The text report of `simulate` on the fixture `name`.
fn simulate(name: &str) -> String {
    let file = format!("tests/fixtures/deployments/{name}");
    let (code, out, err) = kubeplay(&["simulate", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("error"),
        "only the default-cluster warning: {err}"
    );
    out
}

/// The output lines of the step whose title ends with `title` (`step 2: wait for ...`).
fn step_output<'a>(report: &'a str, title: &str) -> Vec<&'a str> {
    report
        .lines()
        .skip_while(|l| !(l.starts_with("== ") && l.ends_with(title)))
        .skip(1)
        .take_while(|l| !l.starts_with('$') && !l.starts_with("== "))
        .collect()
}

/// The messages of the `ScalingReplicaSet` events of the run, in order, with the ReplicaSets' hashes
/// replaced by `old` (the first ReplicaSet) and `new`.
fn scalings(report: &str) -> Vec<String> {
    let lines: Vec<&str> = report
        .lines()
        .skip_while(|l| *l != "== events")
        .take_while(|l| !l.starts_with("== end"))
        .filter(|l| l.contains("ScalingReplicaSet"))
        .collect();
    let name_of = |line: &str| {
        line.split("replica set ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_default()
            .to_string()
    };
    let old = lines.first().map(|l| name_of(l)).unwrap_or_default();
    lines
        .iter()
        .map(|l| {
            let message = l.split("deployment/web: ").nth(1).unwrap_or_default();
            let name = name_of(l);
            message.replace(&name, if name == old { "old" } else { "new" })
        })
        .collect()
}

#[test]
fn ten_replicas_at_25_percent_first_scale_the_new_replica_set_up_by_3_and_the_old_down_by_2() {
    let report = simulate("rolling-update.yaml");
    assert_eq!(
        step_output(&report, "set image deployment/web nginx:1.27"),
        ["deployment.apps/web image updated"]
    );
    assert_eq!(
        scalings(&report)[..3],
        [
            "Scaled up replica set old from 0 to 10",
            "Scaled up replica set new from 0 to 3",
            "Scaled down replica set old from 10 to 8",
        ]
    );
    assert_eq!(
        step_output(&report, "wait for rollout of deployment/web"),
        [
            "Waiting for deployment \"web\" rollout to finish: 5 out of 10 new replicas have been updated...",
            "Waiting for deployment \"web\" rollout to finish: 3 old replicas are pending termination...",
            "deployment \"web\" successfully rolled out",
        ]
    );
    let end = report.split("== end").nth(1).unwrap_or_default();
    let deploy = end
        .split("$ kubectl get deploy -A\n")
        .nth(1)
        .and_then(|rest| rest.split('$').next())
        .unwrap_or_default();
    assert!(
        deploy.starts_with(
            "NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE\ndefault     web    10/10   10           10          "
        ),
        "{deploy}"
    );
    assert!(end.contains("$ kubectl rollout history deployment/web -n default\ndeployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"), "{end}");
    assert!(
        end.contains("Replicas:               10 desired | 10 updated | 10 total | 10 available | 0 unavailable\n"),
        "{end}"
    );
    assert!(
        end.contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"),
        "{end}"
    );
}

#[test]
fn recreate_scales_the_old_replica_set_to_zero_before_the_new_one_up() {
    let report = simulate("recreate.yaml");
    assert_eq!(
        scalings(&report),
        [
            "Scaled up replica set old from 0 to 4",
            "Scaled down replica set old from 4 to 0",
            "Scaled up replica set new from 0 to 4",
        ]
    );
    assert!(
        report.contains("StrategyType:       Recreate\n"),
        "{report}"
    );
    assert!(
        !report.contains("RollingUpdateStrategy:"),
        "Recreate has no rollingUpdate"
    );
}

#[test]
fn a_bad_image_stalls_until_the_progress_deadline_and_rollout_undo_recovers() {
    let report = simulate("bad-image-rollback.yaml");
    let waits: Vec<Vec<&str>> = report
        .split("wait for rollout of deployment/web\n")
        .skip(1)
        .map(|rest| {
            rest.lines()
                .take_while(|l| !l.starts_with('$'))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        waits,
        [
            vec![
                "Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...",
                "error: deployment \"web\" exceeded its progress deadline",
            ],
            vec![
                "Waiting for deployment \"web\" rollout to finish: 3 of 4 updated replicas are available...",
                "deployment \"web\" successfully rolled out",
            ],
        ]
    );
    assert_eq!(
        step_output(&report, "rollout undo deployment/web"),
        ["deployment.apps/web rolled back"]
    );
    let watched = report
        .split("$ kubectl rollout status deployment/web -n default\n")
        .nth(1)
        .and_then(|rest| rest.split('$').next())
        .unwrap_or_default();
    assert_eq!(
        watched,
        "Waiting for deployment spec update to be observed...\n\
         Waiting for deployment \"web\" rollout to finish: 0 out of 4 new replicas have been updated...\n\
         Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...\n\
         error: deployment \"web\" exceeded its progress deadline\n",
        "the end's watch from the first step stops at the error, as kubectl does"
    );
    assert_eq!(
        scalings(&report)[4..],
        [
            "Scaled down replica set new from 2 to 0",
            "Scaled up replica set old from 3 to 4",
        ]
    );
    assert!(
        report.contains("  Progressing    False   ProgressDeadlineExceeded\n")
            || report.contains("Progressing    True    NewReplicaSetAvailable\n"),
        "{report}"
    );
}

#[test]
fn a_scale_during_a_stalled_rollout_is_shared_out_in_proportion() {
    let report = simulate("scale-during-rollout.yaml");
    assert_eq!(
        step_output(&report, "scale deployment/web --replicas=8"),
        ["deployment.apps/web scaled"]
    );
    assert_eq!(
        scalings(&report)[..6],
        [
            "Scaled up replica set old from 0 to 4",
            "Scaled up replica set new from 0 to 1",
            "Scaled down replica set old from 4 to 3",
            "Scaled up replica set new from 1 to 2",
            "Scaled up replica set old from 3 to 6",
            "Scaled up replica set new from 2 to 4",
        ],
        "8 + maxSurge 2 = 10 shared as 3:2"
    );
}

#[test]
fn a_paused_deployment_rolls_out_its_new_image_only_when_resumed() {
    let report = simulate("pause-resume.yaml");
    assert_eq!(
        step_output(&report, "step 1: rollout pause deployment/web"),
        ["deployment.apps/web paused"]
    );
    assert_eq!(
        step_output(&report, "step 2: rollout pause deployment/web"),
        ["deployment.apps/web already paused"]
    );
    assert_eq!(
        step_output(&report, "rollout resume deployment/web"),
        ["deployment.apps/web resumed"]
    );
    let scaled_at: Vec<&str> = report
        .lines()
        .skip_while(|l| *l != "== events")
        .take_while(|l| !l.starts_with("== end"))
        .filter(|l| l.contains("ScalingReplicaSet"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(scaled_at[0], "0s");
    assert!(
        scaled_at[1..].iter().all(|t| *t != "30s"),
        "nothing rolls out while paused: {scaled_at:?}"
    );
    assert_eq!(scaled_at[1], "1m0s", "the rollout starts on resume");
}

#[test]
fn explain_says_what_the_deployment_controller_does_first_and_where_each_pod_goes() {
    let file = "tests/fixtures/explain/deployment-too-big.yaml";
    let (code, out, err) = kubeplay(&["explain", file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Deployment apps/big: 5 replica(s)\n  Strategy: RollingUpdate: at most 6 pods in all (maxSurge 1 of 5, rounded up, is 1) and at least 5 available (maxUnavailable 0 of 5, rounded down, is 0).\n"), "{out}");
    let next = out.lines().nth(2).unwrap_or_default();
    assert!(
        next.starts_with("  Next: The controller scales ReplicaSet big-")
            && next.ends_with(" up from 0 to 5."),
        "{next}"
    );
    let pods: Vec<&str> = out.lines().filter(|l| l.contains("  pod big-")).collect();
    assert_eq!(pods.len(), 5, "{out}");
    assert_eq!(
        pods.iter().filter(|l| l.contains(": on worker-")).count(),
        3
    );
    assert!(
        pods.iter().filter(|l| l.contains(": pending: 0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu.")).count() == 2,
        "{out}"
    );
    assert!(out.contains("ReplicaSet default/lonely: 1 replica(s)\n  pod lonely-"));

    let (code, json, err) = kubeplay(&["explain", "--output", "json", file]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let big = &v["deployments"][0];
    assert_eq!(big["name"], "big");
    assert_eq!(
        (big["maxSurge"].as_i64(), big["maxUnavailable"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(big["scalings"][0]["from"], 0);
    assert_eq!(big["scalings"][0]["to"], 5);
    assert_eq!(big["status"]["updated"], 5);
    assert_eq!(big["conditions"][0]["type"], "Available");
    assert_eq!(big["replicaSets"][0]["deployment"], "big");
    assert_eq!(big["replicaSets"][0]["revision"], 1);
    let pending = big["replicaSets"][0]["pods"]
        .as_array()
        .expect("pods")
        .iter()
        .filter(|p| p["node"].is_null() && p["failedSchedulingMessage"].is_string())
        .count();
    assert_eq!(pending, 2);
    assert_eq!(v["replicaSets"][0]["name"], "lonely");
    assert!(v["replicaSets"][0]["deployment"].is_null());
    assert!(big["next"]["zh"]
        .as_str()
        .is_some_and(|s| s.contains("扩容到 5")));
}

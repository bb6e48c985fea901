//! Scenario semantics on the simulation: rollback, node lifecycle, taint eviction, failure
//! injection, manual mode, and timeline reconstruction.

use kubeplay::engine::sim::cluster::fill_in_default_cluster;
use kubeplay::engine::sim::timeline::{apply_changes, FrameKind, Timeline};
use kubeplay::engine::sim::{rollout_status, Simulation};
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::yaml::load;

const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - {name: agent, image: agent:v1}
";

fn run(extra: &str) -> Timeline {
    let text = format!("{DS}---\n{extra}");
    let mut loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    fill_in_default_cluster(&mut loaded.objects);
    Simulation::run(&loaded.objects, None)
}

fn step_output(timeline: &Timeline, step: usize) -> Vec<String> {
    timeline
        .frames()
        .iter()
        .filter(|f| f.kind == FrameKind::Step && f.title.starts_with("step "))
        .nth(step)
        .map(|f| f.output.clone())
        .unwrap_or_default()
}

fn events(timeline: &Timeline, reason: &str) -> Vec<String> {
    timeline
        .events()
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| format!("{} {}", e.object.name(), e.message))
        .collect()
}

#[test]
fn rollback_renumbers_the_revision_and_prints_kubectl_output() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: undo}
spec:
  steps:
  - at: 10s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:v2}
  - wait: {until: rolloutComplete, daemonSet: agent, namespace: kube-system}
  - rollback: {daemonSet: agent, namespace: kube-system}
  - wait: {until: rolloutComplete, daemonSet: agent, namespace: kube-system}
  - rollback: {daemonSet: agent, namespace: kube-system, toRevision: 3}
  - rollback: {daemonSet: agent, namespace: kube-system, toRevision: 9}
");
    let cases = [
        ("rolled back", 2, vec!["daemonset.apps/agent rolled back"]),
        (
            "already at that revision",
            4,
            vec!["daemonset.apps/agent skipped rollback (current template already matches revision 3)"],
        ),
        ("unknown revision", 5, vec!["error: unable to find specified revision 9 in history"]),
    ];
    for (name, step, want) in cases {
        assert_eq!(step_output(&timeline, step), want, "{name}");
    }
    let state = timeline.final_state();
    let ds = &state.daemon_sets["kube-system/agent"];
    let history = kubeplay::engine::kubectl::rollout_history(ds);
    assert_eq!(
        history,
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    );
    assert_eq!(
        rollout_status(ds),
        Ok((
            "daemon set \"agent\" successfully rolled out".to_string(),
            true
        ))
    );
    let images: Vec<String> = state
        .pods
        .values()
        .map(|p| p.pod.spec.containers[0].image.clone())
        .collect();
    // The DaemonSet does not tolerate the control-plane taint: 3 workers.
    assert_eq!(images, vec!["agent:v1"; 3]);
}

#[test]
fn rollback_leaves_pods_already_at_that_revision_untouched() {
    // Change the image and roll back right away: only the node already updated restarts.
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: quick-undo}
spec:
  steps:
  - at: 10s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:v2}
  - after: 1s
    rollback: {daemonSet: agent, namespace: kube-system}
  - wait: {until: rolloutComplete, daemonSet: agent, namespace: kube-system}
");
    let deletes: usize = timeline
        .frames()
        .iter()
        .flat_map(|f| f.actions.iter())
        .filter(|a| matches!(a, Action::Deleted { .. }))
        .count();
    // One v1 pod was deleted for v2; after the rollback its replacement is a v1 pod again
    // and no other pod restarts.
    assert_eq!(deletes, 1);
}

#[test]
fn not_ready_node_keeps_daemon_pods_and_evicts_ordinary_pods_after_300s() {
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: not-ready}
spec:
  steps:
  - at: 30s
    setNodeReady: {node: worker-1, ready: false}
  - wait: 301s
");
    assert_eq!(
        events(&timeline, "TaintManagerEviction"),
        vec!["web Marking for deletion Pod default/web"]
    );
    let eviction = timeline
        .events()
        .iter()
        .find(|e| e.reason == "TaintManagerEviction")
        .map(|e| e.time);
    assert_eq!(eviction, Some(330_000));
    let state = timeline.final_state();
    let status = &state.daemon_sets["kube-system/agent"].ds.status;
    assert_eq!(
        (
            status.desired_number_scheduled,
            status.current_number_scheduled,
            status.number_misscheduled
        ),
        (2, 2, 1)
    );
    let on_worker = state
        .pods
        .values()
        .filter(|p| p.node_name() == "worker-1" && p.owner.is_some())
        .count();
    assert_eq!(on_worker, 1, "the daemon pod is never evicted");
    assert_eq!(
        kubeplay::engine::kubectl::get_nodes(state)
            .lines()
            .find(|l| l.starts_with("worker-1 "))
            .map(|l| l.split_whitespace().nth(1).unwrap_or_default().to_string()),
        Some("NotReady".to_string())
    );
}

#[test]
fn image_pull_error_stalls_the_rollout() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: broken}
spec:
  kubelet:
    images:
    - {image: agent:broken, failure: ImagePullError}
  steps:
  - at: 10s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:broken}
  - wait: {until: rolloutComplete, daemonSet: agent, namespace: kube-system, timeout: 2m}
");
    let output = step_output(&timeline, 1);
    assert_eq!(
        output.last().map(String::as_str),
        Some("error: timed out waiting for the condition")
    );
    let state = timeline.final_state();
    let statuses: Vec<String> = state
        .pods
        .values()
        .filter(|p| p.pod.spec.containers[0].image == "agent:broken")
        .map(|p| kubeplay::engine::store::state::pod_status_text(p))
        .collect();
    assert_eq!(
        statuses.len(),
        1,
        "one node at a time: the broken pod blocks the rest"
    );
    assert!(
        statuses[0] == "ImagePullBackOff" || statuses[0] == "ErrImagePull",
        "{statuses:?}"
    );
    assert!(events(&timeline, "Failed")
        .iter()
        .any(|m| m.ends_with("Error: ErrImagePull")));
}

#[test]
fn crashing_image_gives_crash_loop_back_off() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: crash}
spec:
  until: 3m
  kubelet:
    images:
    - {image: agent:crash, failure: Crash}
  steps:
  - at: 10s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:crash}
");
    let state = timeline.final_state();
    let crashing: Vec<(String, u32)> = state
        .pods
        .values()
        .filter(|p| p.pod.spec.containers[0].image == "agent:crash")
        .map(|p| {
            (
                kubeplay::engine::store::state::pod_status_text(p),
                p.restarts,
            )
        })
        .collect();
    assert_eq!(crashing.len(), 1);
    assert!(crashing[0].1 >= 3, "{crashing:?}");
    let ds = &state.daemon_sets["kube-system/agent"].ds.status;
    assert_eq!((ds.updated_number_scheduled, ds.number_available), (1, 2));
}

#[test]
fn cordoned_and_added_nodes_get_daemon_pods() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: nodes}
spec:
  steps:
  - at: 5s
    addNode: {apiVersion: v1, kind: Node, metadata: {name: extra}, status: {allocatable: {cpu: '2', memory: 4Gi, pods: '110'}, conditions: [{type: Ready, status: 'True'}]}}
  - cordon: extra
  - taintNode: {node: worker-2, key: dedicated, value: db, effect: NoExecute}
  - labelNode: {node: worker-3, labels: {disk: ssd}}
");
    let state = timeline.final_state();
    let nodes: Vec<String> = state
        .pods
        .values()
        .filter(|p| p.deletion.is_none())
        .map(|p| p.node_name().to_string())
        .collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}"); // worker-1, worker-3, extra
    assert!(nodes.contains(&"extra".to_string()));
    assert!(!nodes.contains(&"worker-2".to_string()));
    assert_eq!(step_output(&timeline, 1), vec!["node/extra cordoned"]);
    assert_eq!(step_output(&timeline, 2), vec!["node/worker-2 tainted"]);
    let table = kubeplay::engine::kubectl::get_nodes(state);
    assert!(
        table.contains("extra           Ready,SchedulingDisabled   <none>"),
        "{table}"
    );
}

#[test]
fn manual_mode_replays_test_daemon_set_updates_pods() {
    // update_test.go TestDaemonSetUpdatesPods as a Scenario (5 nodes, maxUnavailable 2).
    let mut nodes = String::new();
    for i in 0..5 {
        nodes.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}}}\nstatus: {{conditions: [{{type: Ready, status: 'True'}}]}}\n---\n"
        ));
    }
    let mut steps = String::from(
        "  - sync: {daemonSet: agent, namespace: kube-system}\n  - markPodsReady: {daemonSet: agent, namespace: kube-system}\n  - apply: {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: kube-system}, spec: {selector: {matchLabels: {app: agent}}, updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}, template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: agent, image: agent:v2}]}}}}\n",
    );
    for _ in 0..3 {
        steps.push_str("  - sync: {daemonSet: agent, namespace: kube-system}\n  - sync: {daemonSet: agent, namespace: kube-system}\n  - markPodsReady: {daemonSet: agent, namespace: kube-system}\n");
    }
    steps.push_str("  - sync: {daemonSet: agent, namespace: kube-system}\n");
    let timeline = run(&format!(
        "{nodes}apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata: {{name: manual}}\nspec:\n  manualReadiness: true\n  steps:\n{steps}"
    ));
    let counts: Vec<(usize, usize)> = timeline
        .frames()
        .iter()
        .filter(|f| f.kind == FrameKind::Sync)
        .map(|f| {
            let creates = f
                .actions
                .iter()
                .filter(|a| matches!(a, Action::Created { .. }))
                .count();
            (creates, f.actions.len() - creates)
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            (5, 0),
            (0, 2),
            (2, 0),
            (0, 2),
            (2, 0),
            (0, 1),
            (1, 0),
            (0, 0)
        ]
    );
}

#[test]
fn state_at_matches_a_replay_from_the_start() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: replay}
spec:
  steps:
  - at: 10s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:v2}
");
    let mut state = timeline.state_at(0);
    for (i, frame) in timeline.frames().iter().enumerate().skip(1) {
        apply_changes(&mut state, frame);
        assert_eq!(timeline.state_at(i), state, "frame {i}");
    }
    assert_eq!(&state, timeline.final_state());
}

/// A pod created with `spec.nodeName` skips the scheduler; the kubelet of that node pulls
/// its image and runs it (and a higher-priority daemon pod can then preempt it).
#[test]
fn a_pod_created_already_bound_is_started_by_its_kubelet() {
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  nodeName: worker-1
  containers:
  - {name: web, image: nginx:1.27}
---
apiVersion: v1
kind: Pod
metadata: {name: lost, namespace: default}
spec:
  nodeName: no-such-node
  containers:
  - {name: web, image: nginx:1.27}
");
    let end = timeline.final_state();
    let lost = end.pods.get("default/lost").expect("the pod exists");
    assert_eq!((lost.phase.as_str(), lost.ready), ("Pending", false));
    let web = end.pods.get("default/web").expect("the pod exists");
    assert_eq!(web.node_name(), "worker-1");
    assert_eq!(web.phase.as_str(), "Running");
    assert!(web.ready);
    let reasons: Vec<&str> = timeline
        .events()
        .iter()
        .filter(|e| e.object.name() == "web")
        .map(|e| e.reason)
        .collect();
    assert_eq!(reasons, ["Pulling", "Pulled", "Created", "Started"]);
}

#[test]
fn resume_continues_a_rollout_from_a_recorded_state() {
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: resume}
spec:
  until: 62s
  steps:
  - at: 60s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:v2}
");
    let middle = timeline.final_state().clone();
    assert_eq!(middle.time, 62_000);
    let resumed = Simulation::resume(&middle, &Default::default(), None);
    let ds = &resumed.final_state().daemon_sets["kube-system/agent"];
    assert_eq!(
        rollout_status(ds),
        Ok((
            "daemon set \"agent\" successfully rolled out".to_string(),
            true
        ))
    );
    let images: Vec<String> = resumed
        .final_state()
        .pods
        .values()
        .map(|p| p.pod.spec.containers[0].image.clone())
        .collect();
    assert_eq!(images, vec!["agent:v2"; 3]);
}

#[test]
fn a_node_ready_again_before_300s_cancels_the_eviction_with_an_event() {
    // taint_eviction.go: cancelWorkWithEvent when the NoExecute taints are gone.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: flap}
spec:
  steps:
  - at: 30s
    setNodeReady: {node: worker-1, ready: false}
  - at: 100s
    setNodeReady: {node: worker-1, ready: true}
  - wait: 400s
");
    assert_eq!(
        events(&timeline, "TaintManagerEviction"),
        vec!["web Cancelling deletion of Pod default/web"]
    );
    assert!(timeline.final_state().pods.contains_key("default/web"));
    // monitorNodeHealth: the node's status change, then MarkPodsNotReady's warning on
    // each Ready pod of the node.
    let not_ready = events(&timeline, "NodeNotReady");
    assert_eq!(
        not_ready.first().map(String::as_str),
        Some("worker-1 Node worker-1 status is now: NodeNotReady")
    );
    assert!(
        not_ready.contains(&"web Node is not ready".to_string()),
        "{not_ready:?}"
    );
    assert!(
        not_ready
            .iter()
            .any(|e| e.starts_with("agent-") && e.ends_with(" Node is not ready")),
        "{not_ready:?}"
    );
    assert_eq!(not_ready.len(), 3, "{not_ready:?}");
}

#[test]
fn only_the_first_matching_toleration_of_a_taint_counts() {
    // GetMatchingTolerations takes the first toleration of each taint: a forever
    // toleration listed first wins over a later 10s one.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: forever-first, namespace: default}
spec:
  nodeName: worker-1
  tolerations:
  - {key: dedicated, operator: Exists, effect: NoExecute}
  - {key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 10}
  containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: ten-first, namespace: default}
spec:
  nodeName: worker-1
  tolerations:
  - {key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 10}
  - {key: dedicated, operator: Exists, effect: NoExecute}
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: first}
spec:
  steps:
  - at: 20s
    taintNode: {node: worker-1, key: dedicated, value: x, effect: NoExecute}
  - wait: 60s
");
    let ours: Vec<String> = events(&timeline, "TaintManagerEviction")
        .into_iter()
        .filter(|e| !e.starts_with("agent-"))
        .collect();
    assert_eq!(
        ours,
        vec!["ten-first Marking for deletion Pod default/ten-first"]
    );
    let at = timeline
        .events()
        .iter()
        .find(|e| e.reason == "TaintManagerEviction" && e.object.name() == "ten-first")
        .map(|e| e.time);
    assert_eq!(at, Some(30_000));
}

#[test]
fn a_pod_bound_to_a_tainted_node_counts_its_toleration_from_when_it_arrives() {
    // processPodOnNode on a pod update: the toleration time starts when the controller
    // sees the pod, not when the taint was added; the evicted pod gets the
    // DisruptionTarget condition.
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: late}
spec:
  steps:
  - at: 10s
    taintNode: {node: worker-1, key: dedicated, value: x, effect: NoExecute}
  - at: 40s
    apply:
      apiVersion: v1
      kind: Pod
      metadata: {name: late, namespace: default}
      spec:
        nodeName: worker-1
        tolerations:
        - {key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
        containers: [{name: web, image: nginx}]
  - wait: 90s
");
    let eviction = timeline
        .events()
        .iter()
        .find(|e| e.reason == "TaintManagerEviction" && e.object.name() == "late")
        .map(|e| (e.time, e.message.clone()));
    assert_eq!(
        eviction,
        Some((100_000, "Marking for deletion Pod default/late".to_string()))
    );
    let i = timeline
        .frames()
        .iter()
        .position(|f| f.time == 100_000)
        .expect("a frame at 100s");
    let state = timeline.state_at(i);
    let pod = &state.pods["default/late"];
    let condition = pod
        .pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .map(|c| (c.status.clone(), c.reason.clone(), c.message.clone()));
    assert_eq!(
        condition,
        Some((
            "True".to_string(),
            Some("DeletionByTaintManager".to_string()),
            Some("Taint manager: deleting due to NoExecute taint".to_string())
        ))
    );
}

#[test]
fn a_node_that_lost_its_no_execute_taint_keeps_the_pods_placed_on_it_later() {
    // handleNodeUpdate forgets a node's NoExecute taints when it loses them (untainted) or
    // is deleted: a pod placed on it afterwards (bound to the deleted node's name, where it
    // stays Pending) is not evicted.
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: forgotten}
spec:
  steps:
  - at: 10s
    taintNode: {node: worker-1, key: dedicated, value: x, effect: NoExecute}
  - at: 20s
    untaintNode: {node: worker-1, key: dedicated, effect: NoExecute}
  - at: 30s
    apply:
      apiVersion: v1
      kind: Pod
      metadata: {name: after-untaint, namespace: default}
      spec:
        nodeName: worker-1
        containers: [{name: web, image: nginx}]
  - at: 40s
    taintNode: {node: worker-2, key: dedicated, value: x, effect: NoExecute}
  - at: 50s
    deleteNode: worker-2
  - at: 70s
    apply:
      apiVersion: v1
      kind: Pod
      metadata: {name: after-delete, namespace: default}
      spec:
        nodeName: worker-2
        containers: [{name: web, image: nginx}]
  - wait: 60s
");
    let evicted: Vec<String> = events(&timeline, "TaintManagerEviction")
        .into_iter()
        .filter(|e| e.starts_with("after-"))
        .collect();
    assert_eq!(evicted, Vec::<String>::new());
    let last = timeline.final_state();
    assert!(last.pods.contains_key("default/after-untaint"));
    assert!(last.pods.contains_key("default/after-delete"));
}

#[test]
fn lifecycle_taints_carry_the_time_they_were_added() {
    // SwapNodeControllerTaint stamps timeAdded on every taint the node lifecycle
    // controller adds (not-ready/unreachable NoSchedule and NoExecute, unschedulable).
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: stamps}
spec:
  steps:
  - at: 30s
    setNodeReady: {node: worker-1, ready: false}
  - at: 45s
    cordon: worker-2
  - wait: 10s
");
    let state = timeline.final_state();
    let taints = |node: &str| -> Vec<(String, String, Option<String>)> {
        state.nodes[node]
            .node
            .spec
            .taints
            .iter()
            .map(|t| {
                (
                    t.key.clone(),
                    format!("{:?}", t.effect),
                    t.time_added.clone(),
                )
            })
            .collect()
    };
    let at = |s: &str| Some(s.to_string());
    assert_eq!(
        taints("worker-1"),
        vec![
            (
                "node.kubernetes.io/not-ready".to_string(),
                "NoSchedule".to_string(),
                at("2025-01-01T00:00:30Z")
            ),
            (
                "node.kubernetes.io/not-ready".to_string(),
                "NoExecute".to_string(),
                at("2025-01-01T00:00:30Z")
            ),
        ]
    );
    assert_eq!(
        taints("worker-2"),
        vec![(
            "node.kubernetes.io/unschedulable".to_string(),
            "NoSchedule".to_string(),
            at("2025-01-01T00:00:45Z")
        )]
    );
}

#[test]
fn cordon_and_uncordon_report_a_node_already_in_that_state() {
    // kubectl drain.go RunCordonOrUncordon: already(desired).
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: twice}
spec:
  steps:
  - uncordon: worker-1
  - cordon: worker-1
  - cordon: worker-1
  - uncordon: worker-1
  - cordon: nowhere
");
    let outputs: Vec<Vec<String>> = (0..5).map(|i| step_output(&timeline, i)).collect();
    assert_eq!(
        outputs,
        vec![
            vec!["node/worker-1 already uncordoned".to_string()],
            vec!["node/worker-1 cordoned".to_string()],
            vec!["node/worker-1 already cordoned".to_string()],
            vec!["node/worker-1 uncordoned".to_string()],
            vec!["Error from server (NotFound): nodes \"nowhere\" not found".to_string()],
        ]
    );
}

#[test]
fn test_update_node_with_multiple_taints() {
    // taint_eviction_test.go TestUpdateNodeWithMultipleTaints: taint1 tolerated forever,
    // taint2 for 60s; removing taint2 cancels the scheduled eviction.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: pod1, namespace: default}
spec:
  nodeName: worker-1
  tolerations:
  - {key: testTaint1, operator: Exists, effect: NoExecute}
  - {key: testTaint2, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: multi}
spec:
  steps:
  - at: 10s
    taintNode: {node: worker-1, key: testTaint1, value: test1, effect: NoExecute}
  - taintNode: {node: worker-1, key: testTaint2, value: test2, effect: NoExecute}
  - at: 30s
    untaintNode: {node: worker-1, key: testTaint2}
  - wait: 120s
");
    let ours: Vec<String> = events(&timeline, "TaintManagerEviction")
        .into_iter()
        .filter(|e| e.starts_with("pod1 "))
        .collect();
    assert_eq!(ours, vec!["pod1 Cancelling deletion of Pod default/pod1"]);
    assert!(timeline.final_state().pods["default/pod1"]
        .deletion
        .is_none());
}

#[test]
fn taint_and_untaint_refuse_like_kubectl_taint() {
    // kubectl taint.go updateTaints / deleteTaints: no overwrite without --overwrite, and
    // removing a taint that is not there is an error; the node is left unchanged.
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: taints}
spec:
  steps:
  - taintNode: {node: worker-1, key: dedicated, value: a, effect: NoSchedule}
  - taintNode: {node: worker-1, key: dedicated, value: b, effect: NoSchedule}
  - untaintNode: {node: worker-1, key: dedicated, effect: NoExecute}
  - untaintNode: {node: worker-1, key: other}
  - untaintNode: {node: worker-1, key: dedicated}
");
    let outputs: Vec<Vec<String>> = (0..5).map(|i| step_output(&timeline, i)).collect();
    assert_eq!(
        outputs,
        vec![
            vec!["node/worker-1 tainted".to_string()],
            vec!["error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false".to_string()],
            vec!["error: taint \"dedicated:NoExecute\" not found".to_string()],
            vec!["error: taint \"other\" not found".to_string()],
            vec!["node/worker-1 untainted".to_string()],
        ]
    );
}

#[test]
fn a_scheduled_eviction_is_kept_when_more_taints_arrive() {
    // processPodOnNode: with work already queued (created earlier), a later update that
    // still tolerates every taint for a while leaves it as it is.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: pod1, namespace: default}
spec:
  nodeName: worker-1
  tolerations:
  - {key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
  - {key: b, operator: Exists, effect: NoExecute, tolerationSeconds: 10}
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: keep}
spec:
  steps:
  - at: 10s
    taintNode: {node: worker-1, key: a, value: x, effect: NoExecute}
  - at: 30s
    taintNode: {node: worker-1, key: b, value: x, effect: NoExecute}
  - wait: 60s
");
    let eviction: Vec<(u64, String)> = timeline
        .events()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction" && e.object.name() == "pod1")
        .map(|e| (e.time, e.message.clone()))
        .collect();
    assert_eq!(
        eviction,
        vec![(70_000, "Marking for deletion Pod default/pod1".to_string())]
    );
}

#[test]
fn a_disruption_target_condition_no_deletion_followed_is_reset_after_two_minutes() {
    // disruption.go syncStalePodDisruption: a DisruptionTarget=True condition on a pod that
    // is not being deleted goes back to False stalePodDisruptionTimeout (2 minutes) after
    // its transition, as a whole new condition (no reason, no message). The run starts at
    // the latest time of the input, the pod's creation 30s after the transition.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, creationTimestamp: '2025-01-01T00:01:00Z'}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx}]
status:
  conditions:
  - {type: DisruptionTarget, status: 'True', reason: EvictionByEvictionAPI, message: 'Eviction API: evicting', lastTransitionTime: '2025-01-01T00:00:30Z'}
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: stale}
spec:
  steps:
  - wait: 200s
");
    let resets: Vec<(u64, String)> = timeline
        .frames()
        .iter()
        .filter(|f| f.title.starts_with("stale disruption condition"))
        .map(|f| (f.time, f.title.clone()))
        .collect();
    assert_eq!(
        resets,
        vec![(90_000, "stale disruption condition default/web".to_string())]
    );
    let condition = timeline.final_state().pods["default/web"]
        .pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .map(|c| {
            (
                c.status.clone(),
                c.reason.clone(),
                c.message.clone(),
                c.last_transition_time.clone(),
            )
        });
    assert_eq!(
        condition,
        Some((
            "False".to_string(),
            None,
            None,
            Some("2025-01-01T00:02:30Z".to_string())
        ))
    );
}

#[test]
fn no_pod_is_evicted_while_every_node_is_not_ready() {
    // node_lifecycle_controller.go handleDisruption: with every node not Ready the
    // controller enters its master disruption mode, marks every node reachable (the
    // NoExecute taints go, the scheduled evictions are cancelled) and taints none; once a
    // node is Ready again it taints the others again, and their pods' 300s start over.
    let timeline = run("apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: blackout}
spec:
  steps:
  - at: 10s
    setNodeReady: {node: worker-1, ready: false}
  - setNodeReady: {node: worker-2, ready: false}
  - setNodeReady: {node: worker-3, ready: false}
  - at: 20s
    setNodeReady: {node: control-plane, ready: false}
  - at: 400s
    setNodeReady: {node: control-plane, ready: true}
  - wait: 400s
");
    let web: Vec<(u64, String)> = timeline
        .events()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction" && e.object.name() == "web")
        .map(|e| (e.time, e.message.clone()))
        .collect();
    assert_eq!(
        web,
        vec![
            (20_000, "Cancelling deletion of Pod default/web".to_string()),
            (700_000, "Marking for deletion Pod default/web".to_string()),
        ]
    );
    let i = timeline
        .frames()
        .iter()
        .rposition(|f| f.time < 400_000)
        .expect("a frame before 400s");
    let state = timeline.state_at(i);
    let no_execute: Vec<String> = state
        .nodes
        .values()
        .flat_map(|n| n.node.spec.taints.iter())
        .filter(|t| format!("{:?}", t.effect) == "NoExecute")
        .map(|t| t.key.clone())
        .collect();
    assert_eq!(
        no_execute,
        Vec::<String>::new(),
        "no NoExecute taint in the blackout"
    );
}

#[test]
fn test_node_event_generation() {
    // node_lifecycle_controller_test.go TestNodeEventGeneration: monitorNodeHealth records
    // RegisteredNode for a node it has not seen (RecordNodeEvent's "Node NAME event: ..."),
    // the input's nodes as they are loaded, and RemovingNode once one is gone.
    let timeline = run("apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: nodes}
spec:
  steps:
  - at: 10s
    addNode:
      apiVersion: v1
      kind: Node
      metadata: {name: node0}
      status:
        conditions: [{type: Ready, status: 'True'}]
  - at: 20s
    deleteNode: node0
");
    let node_events: Vec<(u64, String, String)> = timeline
        .events()
        .iter()
        .filter(|e| e.object.kind == "Node" && e.source == "node-controller")
        .map(|e| (e.time, e.reason.to_string(), e.message.clone()))
        .collect();
    let registered = |at: u64, node: &str| {
        (
            at,
            "RegisteredNode".to_string(),
            format!("Node {node} event: Registered Node {node} in Controller"),
        )
    };
    let mut expected: Vec<(u64, String, String)> =
        ["control-plane", "worker-1", "worker-2", "worker-3"]
            .iter()
            .map(|node| registered(0, node))
            .collect();
    expected.extend([
        registered(10_000, "node0"),
        (
            20_000,
            "RemovingNode".to_string(),
            "Node node0 event: Removing Node node0 from Controller".to_string(),
        ),
    ]);
    assert_eq!(node_events, expected);
}

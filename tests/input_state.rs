//! The input is taken as the API server holds it: creation times decide which duplicate
//! daemon pod goes, a Ready condition's `lastTransitionTime` decides availability, a
//! DaemonSet's generation and status are the starting point, and an empty node list means
//! no nodes. The cases follow upstream `pkg/controller/daemon/daemon_controller_test.go`
//! and `update_test.go`, written as pasted manifests and run in manual mode (the controller
//! syncs only at `sync` steps, as in upstream's unit tests).

use kubeplay::engine::controllers::util::compute_hash;
use kubeplay::engine::sim::cluster::fill_in_default_cluster;
use kubeplay::engine::sim::timeline::FrameKind;
use kubeplay::engine::sim::{Simulation, Timeline};
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::yaml::{load, Objects};

/// An instant `seconds` after 2025-06-01T00:00:00Z, as the API server writes it.
fn at(seconds: u32) -> String {
    format!(
        "2025-06-01T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// upstream `newDaemonSet("foo")` with an update strategy and minReadySeconds.
fn daemon_set(strategy: &str, min_ready_seconds: u32) -> String {
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: foo
  namespace: default
  uid: ds-foo
spec:
  minReadySeconds: {min_ready_seconds}
  selector:
    matchLabels: {{name: simple-daemon, type: production}}
  updateStrategy: {strategy}
  template:
    metadata:
      labels: {{name: simple-daemon, type: production}}
    spec:
      containers:
      - name: foo
        image: foo/bar
"
    )
}

const MAX_UNAVAILABLE_ONE: &str = "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}";
const MAX_SURGE_ONE: &str =
    "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}";

/// upstream `addNodes(store, 0, count, nil)`; `heartbeat` (seconds) puts "now" there.
fn nodes(count: usize, heartbeat: Option<u32>) -> String {
    let status = heartbeat.map_or(String::new(), |t| {
        format!(
            "status:\n  conditions:\n  - {{type: Ready, status: \"True\", lastHeartbeatTime: \"{}\"}}\n",
            at(t)
        )
    });
    (0..count)
        .map(|i| format!("---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-{i}\n{status}"))
        .collect()
}

/// A running daemon pod of `foo` on `node`, created at `created` (seconds), Ready since
/// `ready_since` (`Some(None)`: Ready without a transition time), labelled with the current
/// hash unless `old`.
struct DaemonPod<'a> {
    name: &'a str,
    node: &'a str,
    old: bool,
    created: u32,
    ready_since: Option<Option<u32>>,
}

fn pod(p: &DaemonPod, hash: &str) -> String {
    let hash_label = if p.old {
        String::new()
    } else {
        format!(", controller-revision-hash: {hash}")
    };
    let conditions = match p.ready_since {
        None => "  - {type: Ready, status: \"False\"}\n".to_string(),
        Some(None) => "  - {type: Ready, status: \"True\"}\n".to_string(),
        Some(Some(t)) => format!(
            "  - {{type: Ready, status: \"True\", lastTransitionTime: \"{}\"}}\n",
            at(t)
        ),
    };
    format!(
        "---
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: default
  creationTimestamp: \"{created}\"
  labels: {{name: simple-daemon, type: production{hash_label}}}
  ownerReferences:
  - {{apiVersion: apps/v1, kind: DaemonSet, name: foo, uid: ds-foo, controller: true, blockOwnerDeletion: true}}
spec:
  nodeName: {node}
  containers:
  - name: foo
    image: foo/bar
status:
  phase: Running
  conditions:
{conditions}",
        name = p.name,
        node = p.node,
        created = at(p.created),
    )
}

const ONE_SYNC: &str = "---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata:
  name: one-sync
spec:
  manualReadiness: true
  steps:
  - sync: {daemonSet: foo}
";

/// Loads the text (which must have no errors) and simulates it.
fn simulate(text: &str) -> (Objects, Timeline) {
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut objects = loaded.objects;
    fill_in_default_cluster(&mut objects);
    let timeline = Simulation::run(&objects, None);
    (objects, timeline)
}

/// The current hash of the DaemonSet of `strategy`, as the loader defaults it.
fn current_hash(strategy: &str, min_ready_seconds: u32) -> String {
    let loaded = load(&daemon_set(strategy, min_ready_seconds));
    let ds = &loaded.objects.daemon_sets[0];
    compute_hash(&ds.spec.template, None)
}

/// Indices of the controller's sync frames.
fn syncs(timeline: &Timeline) -> Vec<usize> {
    timeline
        .frames()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FrameKind::Sync)
        .map(|(i, _)| i)
        .collect()
}

/// (created pods, deleted pod names sorted) of the first controller sync.
fn first_sync(timeline: &Timeline) -> (usize, Vec<String>) {
    let frame = &timeline.frames()[syncs(timeline)[0]];
    let created = frame
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Created { .. }))
        .count();
    let mut deleted: Vec<String> = frame
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Deleted { pod } => Some(pod.trim_start_matches("default/").to_string()),
            _ => None,
        })
        .collect();
    deleted.sort();
    (created, deleted)
}

/// Cases where daemon pods on one node differ in creation time (and readiness): the sync
/// keeps the oldest by `creationTimestamp`, not by name.
#[test]
fn creation_times_from_the_input_decide_which_daemon_pod_the_controller_keeps() {
    struct Case<'a> {
        name: &'a str,
        strategy: &'a str,
        min_ready_seconds: u32,
        node_count: usize,
        heartbeat: Option<u32>,
        pods: Vec<DaemonPod<'a>>,
        creates: usize,
        deletes: Vec<&'a str>,
    }
    let running = |name, node, old, created| DaemonPod {
        name,
        node,
        old,
        created,
        ready_since: Some(Some(created + 1)),
    };
    let cases = vec![
        Case {
            // podsShouldBeOnNode: "Sort the daemon pods by creation time, so the oldest is
            // preserved" (TestDealsWithExistingPods with creation times).
            name: "of two duplicate daemon pods the newer one is deleted, whatever their names",
            strategy: MAX_UNAVAILABLE_ONE,
            min_ready_seconds: 0,
            node_count: 1,
            heartbeat: None,
            pods: vec![
                running("a-newer", "node-0", false, 100),
                running("b-older", "node-0", false, 50),
            ],
            creates: 0,
            deletes: vec!["a-newer"],
        },
        Case {
            name: "of three duplicates only the oldest stays",
            strategy: MAX_UNAVAILABLE_ONE,
            min_ready_seconds: 0,
            node_count: 1,
            heartbeat: None,
            pods: vec![
                running("a", "node-0", false, 30),
                running("b", "node-0", false, 10),
                running("c", "node-0", false, 20),
            ],
            creates: 0,
            deletes: vec!["a", "c"],
        },
        Case {
            name: "duplicates created in the same second go by name",
            strategy: MAX_UNAVAILABLE_ONE,
            min_ready_seconds: 0,
            node_count: 1,
            heartbeat: None,
            pods: vec![
                running("b", "node-0", false, 10),
                running("a", "node-0", false, 10),
            ],
            creates: 0,
            deletes: vec!["b"],
        },
        Case {
            // TestSurgePreservesReadyOldPods
            name: "with surge the oldest ready old pod stays beside the new one and the other old pod goes",
            strategy: MAX_SURGE_ONE,
            min_ready_seconds: 0,
            node_count: 5,
            heartbeat: None,
            pods: vec![
                DaemonPod { name: "node-1-new", node: "node-1", old: false, created: 100, ready_since: None },
                running("node-1-old", "node-1", true, 50),
                running("node-1-delete", "node-1", true, 60),
                running("node-2-new", "node-2", false, 10),
            ],
            creates: 3,
            deletes: vec!["node-1-delete"],
        },
        Case {
            // TestSurgeDeletesUnreadyOldPods
            name: "with surge an unready oldest old pod goes and so does every younger old pod",
            strategy: MAX_SURGE_ONE,
            min_ready_seconds: 0,
            node_count: 5,
            heartbeat: None,
            pods: vec![
                DaemonPod { name: "node-1-new", node: "node-1", old: false, created: 100, ready_since: None },
                DaemonPod { name: "node-1-old-unready", node: "node-1", old: true, created: 50, ready_since: None },
                running("node-1-delete", "node-1", true, 60),
                running("node-2-new", "node-2", false, 10),
            ],
            creates: 3,
            deletes: vec!["node-1-delete", "node-1-old-unready"],
        },
        Case {
            // TestSurgePreservesOldReadyWithUnsatisfiedMinReady: now is the heartbeat at 110,
            // the new pod is Ready since 100, 10s < minReadySeconds 15.
            name: "with surge the old ready pod stays while the new pod is Ready for less than minReadySeconds",
            strategy: MAX_SURGE_ONE,
            min_ready_seconds: 15,
            node_count: 5,
            heartbeat: Some(110),
            pods: vec![
                DaemonPod { name: "node-1-new", node: "node-1", old: false, created: 90, ready_since: Some(Some(100)) },
                running("node-1-old-ready", "node-1", true, 50),
                running("node-1-delete", "node-1", true, 60),
                running("node-2-new", "node-2", false, 10),
            ],
            creates: 3,
            deletes: vec!["node-1-delete"],
        },
        Case {
            // TestSurgeDeletesOldReadyWithUnsatisfiedMinReady: now 120, Ready for 20s > 15s.
            name: "with surge the old ready pod goes once the new pod is available",
            strategy: MAX_SURGE_ONE,
            min_ready_seconds: 15,
            node_count: 5,
            heartbeat: Some(120),
            pods: vec![
                DaemonPod { name: "node-1-new", node: "node-1", old: false, created: 90, ready_since: Some(Some(100)) },
                running("node-1-old-ready", "node-1", true, 50),
                running("node-1-delete", "node-1", true, 60),
                running("node-2-new", "node-2", false, 10),
            ],
            creates: 3,
            deletes: vec!["node-1-delete", "node-1-old-ready"],
        },
    ];
    for case in cases {
        let hash = current_hash(case.strategy, case.min_ready_seconds);
        let mut text = daemon_set(case.strategy, case.min_ready_seconds);
        text.push_str(&nodes(case.node_count, case.heartbeat));
        for p in &case.pods {
            text.push_str(&pod(p, &hash));
        }
        text.push_str(ONE_SYNC);
        let (_, timeline) = simulate(&text);
        let deletes: Vec<String> = case.deletes.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            first_sync(&timeline),
            (case.creates, deletes),
            "{}",
            case.name
        );
    }
}

/// `podutil.IsPodAvailable`: Ready for at least minReadySeconds since the Ready condition's
/// `lastTransitionTime`, counted from the input's own times.
#[test]
fn availability_counts_from_the_ready_transition_time_in_the_input() {
    let cases = [
        (
            "Ready long enough before the start is available at once",
            30,
            Some(Some(0)),
            1,
        ),
        (
            "Ready for less than minReadySeconds is not yet available",
            30,
            Some(Some(50)),
            0,
        ),
        (
            "without minReadySeconds Ready is available",
            0,
            Some(Some(59)),
            1,
        ),
        (
            "a Ready condition without a time counts from the start",
            30,
            Some(None),
            0,
        ),
        ("not Ready is not available", 0, None, 0),
    ];
    for (name, min_ready_seconds, ready_since, available) in cases {
        let hash = current_hash(MAX_UNAVAILABLE_ONE, min_ready_seconds);
        let mut text = daemon_set(MAX_UNAVAILABLE_ONE, min_ready_seconds);
        text.push_str(&nodes(1, Some(60)));
        text.push_str(&pod(
            &DaemonPod {
                name: "p",
                node: "node-0",
                old: false,
                created: 0,
                ready_since,
            },
            &hash,
        ));
        text.push_str(ONE_SYNC);
        let (_, timeline) = simulate(&text);
        let state = timeline.state_at(syncs(&timeline)[0]);
        let status = state.daemon_sets["default/foo"].status().clone();
        assert_eq!(status.number_available, available, "{name}");
        assert_eq!(status.number_unavailable, 1 - available, "{name}");
    }
}

/// The DaemonSet's generation, template-generation annotation and status as given are the
/// starting point: a template change bumps them by one, and the first sync after it writes
/// observedGeneration = generation.
#[test]
fn observed_generation_follows_the_generation_given_in_the_input() {
    let text = daemon_set(MAX_UNAVAILABLE_ONE, 0).replace(
        "  uid: ds-foo\n",
        "  uid: ds-foo\n  generation: 7\n  annotations: {deprecated.daemonset.template.generation: \"5\"}\n",
    ) + "status:\n  observedGeneration: 7\n  collisionCount: 2\n  desiredNumberScheduled: 1\n"
        + &nodes(1, None)
        + "---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata:
  name: set-image
spec:
  manualReadiness: true
  steps:
  - sync: {daemonSet: foo}
  - setImage: {daemonSet: foo, container: foo, image: foo/bar2}
  - sync: {daemonSet: foo}
  - sync: {daemonSet: foo}
";
    let (_, timeline) = simulate(&text);
    let syncs = syncs(&timeline);
    assert_eq!(syncs.len(), 3, "one sync per sync step");
    let set_image = syncs[1] - 1;
    let loaded = timeline
        .frames()
        .iter()
        .position(|f| f.title == "load objects")
        .expect("the load frame");
    let generations = |i: usize| {
        let state = timeline.state_at(i);
        let ds = &state.daemon_sets["default/foo"];
        (
            ds.ds.metadata.generation,
            ds.status().observed_generation,
            ds.template_generation,
            ds.status().collision_count,
        )
    };
    assert_eq!(
        generations(loaded),
        (Some(7), 7, 5, Some(2)),
        "before any sync the input is the state"
    );
    assert_eq!(
        generations(syncs[0]),
        (Some(7), 7, 5, Some(2)),
        "the first sync observes generation 7"
    );
    assert_eq!(
        generations(set_image),
        (Some(8), 7, 6, Some(2)),
        "the template change bumps the generation and the template generation"
    );
    assert_eq!(
        generations(syncs[1]),
        (Some(8), 8, 6, Some(2)),
        "the next sync observes generation 8"
    );
    let template_generation_labels = |i: usize| -> Vec<String> {
        let state = timeline.state_at(i);
        state
            .pods
            .values()
            .filter_map(|p| p.label("pod-template-generation").map(str::to_string))
            .collect()
    };
    assert_eq!(
        template_generation_labels(syncs[0]),
        ["5"],
        "the first pod carries the template generation of the annotation"
    );
    assert_eq!(
        template_generation_labels(syncs[1]),
        Vec::<String>::new(),
        "the rolling update deletes the old pod"
    );
    assert_eq!(
        template_generation_labels(syncs[2]),
        ["6"],
        "the new pod carries the bumped template generation"
    );
    assert_eq!(generations(syncs[2]), (Some(8), 8, 6, Some(2)));
}

/// An explicit empty node list means a cluster without nodes; only an input that states no
/// nodes at all gets the default cluster.
#[test]
fn an_empty_node_list_in_the_input_means_a_cluster_without_nodes() {
    let ds = daemon_set(MAX_UNAVAILABLE_ONE, 0);
    let cases = [
        (
            "a DaemonSet alone runs on the default cluster",
            ds.clone(),
            3,
        ),
        (
            "a DaemonSet with an empty NodeList has nowhere to run",
            format!("{ds}---\napiVersion: v1\nkind: NodeList\nitems: []\n"),
            0,
        ),
        (
            "a DaemonSet after an empty List has nowhere to run",
            format!("apiVersion: v1\nkind: List\nitems: []\n---\n{ds}"),
            0,
        ),
    ];
    for (name, text, pods) in cases {
        let (_, timeline) = simulate(&text);
        let state = timeline.final_state();
        assert_eq!(
            state.pods.len(),
            pods,
            "{name}: daemon pods (the control plane is tainted)"
        );
        let desired = state.daemon_sets["default/foo"]
            .status()
            .desired_number_scheduled;
        assert_eq!(desired, pods as i32, "{name}: desired");
    }
}

/// kubectl's AGE and RESTARTS columns and the pod IP come from the input's own state.
#[test]
fn kubectl_views_show_the_input_pods_age_restarts_and_ip() {
    let text = nodes(1, Some(600))
        + "---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  creationTimestamp: \"2025-06-01T00:08:00Z\"
spec:
  nodeName: node-0
  containers:
  - {name: web, image: nginx}
status:
  phase: Running
  podIP: 10.9.8.7
  conditions:
  - {type: Ready, status: \"True\", lastTransitionTime: \"2025-06-01T00:08:10Z\"}
  containerStatuses:
  - {name: web, restartCount: 4, state: {running: {}}}
";
    let (_, timeline) = simulate(&text);
    let loaded = timeline
        .frames()
        .iter()
        .position(|f| f.title == "load objects")
        .expect("the load frame");
    let state = timeline.state_at(loaded);
    assert_eq!(state.time, 0, "the run starts at the node's heartbeat");
    let view = kubeplay::engine::kubectl::get_pods_wide(&state, Some("default"));
    let row = view
        .lines()
        .find(|l| l.starts_with("web "))
        .expect("a row for the pod");
    let cells: Vec<&str> = row.split_whitespace().collect();
    // NAME READY STATUS RESTARTS AGE IP NODE ...
    assert_eq!(
        &cells[..7],
        ["web", "1/1", "Running", "4", "2m", "10.9.8.7", "node-0"],
        "{view}"
    );
}

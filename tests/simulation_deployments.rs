//! Deployments end to end on the simulation: the Deployment and ReplicaSet controllers,
//! the scheduler and the kubelets together. A Deployment is run until stable, then its
//! template changes (`Simulation::resume` applies the edited object to the stable state).

use kubeplay::engine::api::WorkloadCondition;
use kubeplay::engine::sim::timeline::Timeline;
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::store::state::ClusterState;
use kubeplay::engine::yaml::{load, Objects};

/// The default cluster's nodes, as YAML.
const NODES: &str = "apiVersion: v1
kind: Node
metadata: {name: worker-1}
status:
  allocatable: {cpu: '4', memory: 8Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Node
metadata: {name: worker-2}
status:
  allocatable: {cpu: '4', memory: 8Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Node
metadata: {name: worker-3}
status:
  allocatable: {cpu: '4', memory: 8Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
";

/// A scenario whose kubelets fail to pull `nginx:does-not-exist`.
const BAD_IMAGE: &str = "apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: bad-image}
spec:
  kubelet:
    images:
    - {image: 'nginx:does-not-exist', failure: ImagePullError}
";

/// The Deployment `web` running `image`, with `extra` under its spec.
fn web(replicas: u32, image: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
{extra}  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: web, image: '{image}', resources: {{requests: {{cpu: 10m}}}}}}]
"
    )
}

fn objects(text: &str) -> Objects {
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.objects
}

/// Runs `first` until stable, then applies `second` and runs until stable again.
fn roll(first: &str, second: &str) -> (Timeline, Timeline) {
    let before = Simulation::run(&objects(&format!("{NODES}---\n{first}")), None);
    assert!(before.is_stable(), "the first version settles");
    let second = objects(second);
    let after = Simulation::resume(before.final_state(), &second, second.scenario.as_ref());
    (before, after)
}

/// The ReplicaSet scalings of every frame titled `sync deployment default/web`.
fn scalings(timeline: &Timeline) -> Vec<Vec<(String, i32, i32)>> {
    timeline
        .frames()
        .iter()
        .filter(|f| f.title == "sync deployment default/web")
        .map(|f| {
            f.actions
                .iter()
                .filter_map(|a| match a {
                    Action::Scaled {
                        replica_set,
                        from,
                        to,
                    } => Some((replica_set.clone(), *from, *to)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn condition<'a>(state: &'a ClusterState, type_: &str) -> &'a WorkloadCondition {
    let d = &state.deployments["default/web"].deployment;
    d.status
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .unwrap_or_else(|| panic!("no {type_} condition: {:?}", d.status.conditions))
}

/// The names of web's ReplicaSets, oldest revision first.
fn replica_set_names(state: &ClusterState) -> Vec<String> {
    let mut sets: Vec<(String, String)> = state
        .replica_sets
        .values()
        .map(|rs| {
            let meta = &rs.replica_set.metadata;
            let revision = meta
                .annotations
                .get("deployment.kubernetes.io/revision")
                .cloned()
                .unwrap_or_default();
            (revision, meta.name.clone())
        })
        .collect();
    sets.sort();
    sets.into_iter().map(|(_, name)| name).collect()
}

#[test]
fn a_new_deployment_creates_its_replica_set_and_pods_which_are_placed_and_become_ready() {
    let timeline = Simulation::run(
        &objects(&format!("{NODES}---\n{}", web(3, "nginx:1", ""))),
        None,
    );
    assert!(timeline.is_stable());
    let end = timeline.final_state();
    let names = replica_set_names(end);
    assert_eq!(names.len(), 1, "one ReplicaSet");
    assert!(names[0].starts_with("web-"), "{names:?}");
    assert_eq!(
        scalings(&timeline)[0],
        [(format!("default/{}", names[0]), 0, 3)]
    );
    let events: Vec<&str> = timeline
        .events()
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert!(
        events.contains(&format!("Scaled up replica set {} from 0 to 3", names[0]).as_str()),
        "{events:?}"
    );
    let pods: Vec<_> = end.pods.values().collect();
    assert_eq!(pods.len(), 3);
    for pod in &pods {
        assert!(pod.ready, "{} is ready", pod.name());
        assert!(!pod.node_name().is_empty(), "{} is placed", pod.name());
        assert_eq!(
            pod.replica_set(),
            Some(format!("default/{}", names[0]).as_str())
        );
        let suffix = pod.name().rsplit('-').next().unwrap_or("");
        assert_eq!(suffix.len(), 5, "{}: <rs>-<5 random>", pod.name());
    }
    let nodes: std::collections::BTreeSet<&str> = pods.iter().map(|p| p.node_name()).collect();
    assert_eq!(nodes.len(), 3, "the scheduler spreads them: {nodes:?}");
    let status = &end.deployments["default/web"].deployment.status;
    assert_eq!(
        (
            status.replicas,
            status.updated_replicas,
            status.ready_replicas,
            status.available_replicas
        ),
        (3, 3, 3, 3)
    );
    assert_eq!(condition(end, "Available").status, "True");
    let progressing = condition(end, "Progressing");
    assert_eq!(
        progressing.reason.as_deref(),
        Some("NewReplicaSetAvailable")
    );
    assert_eq!(
        progressing.message.as_deref(),
        Some(format!("ReplicaSet \"{}\" has successfully progressed.", names[0]).as_str())
    );
}

#[test]
fn ten_replicas_at_25_percent_roll_3_up_and_2_down_first_and_end_on_the_new_template() {
    let (before, after) = roll(&web(10, "nginx:1", ""), &web(10, "nginx:2", ""));
    let old = replica_set_names(before.final_state())[0].clone();
    let end = after.final_state();
    let names = replica_set_names(end);
    assert_eq!(names.len(), 2, "old and new: {names:?}");
    let new = names[1].clone();
    assert_ne!(old, new);
    let steps = scalings(&after);
    assert_eq!(
        steps[0],
        [
            (format!("default/{new}"), 0, 3),
            (format!("default/{old}"), 10, 8)
        ],
        "maxSurge 25% of 10 rounds up to 3, maxUnavailable down to 2"
    );
    let messages: Vec<&str> = after.events().iter().map(|e| e.message.as_str()).collect();
    for expected in [
        format!("Scaled up replica set {new} from 0 to 3"),
        format!("Scaled down replica set {old} from 10 to 8"),
    ] {
        assert!(
            messages.contains(&expected.as_str()),
            "{expected}: {messages:?}"
        );
    }
    assert!(after.is_stable());
    let rs = |name: &str| &end.replica_sets[&format!("default/{name}")].replica_set;
    assert_eq!((rs(&old).spec.replicas, rs(&new).spec.replicas), (0, 10));
    assert_eq!(end.pods.len(), 10);
    assert!(end
        .pods
        .values()
        .all(|p| p.ready && p.replica_set() == Some(format!("default/{new}").as_str())));
    let d = &end.deployments["default/web"].deployment;
    assert_eq!(
        d.metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
            .map(String::as_str),
        Some("2")
    );
    assert_eq!(
        condition(end, "Progressing").reason.as_deref(),
        Some("NewReplicaSetAvailable")
    );
}

#[test]
fn recreate_scales_the_old_replica_set_to_zero_before_creating_the_new_one() {
    let strategy = "  strategy: {type: Recreate}\n";
    let (before, after) = roll(&web(4, "nginx:1", strategy), &web(4, "nginx:2", strategy));
    let old = replica_set_names(before.final_state())[0].clone();
    let names = replica_set_names(after.final_state());
    let new = names[1].clone();
    let steps = scalings(&after);
    assert_eq!(
        steps,
        [
            vec![(format!("default/{old}"), 4, 0)],
            vec![(format!("default/{new}"), 0, 4)]
        ]
    );
    // No new pod is created while an old one is still there.
    let old_gone = after
        .frames()
        .iter()
        .position(|f| {
            f.title == "sync deployment default/web"
                && !scalings_of(f).is_empty()
                && scalings_of(f)[0].0.ends_with(&new)
        })
        .expect("the new ReplicaSet is scaled up");
    let state = after.state_at(old_gone - 1);
    assert!(
        state
            .pods
            .values()
            .all(|p| p.replica_set() != Some(format!("default/{old}").as_str())),
        "every old pod is gone before the new ReplicaSet is created"
    );
    assert!(after.is_stable());
    assert_eq!(after.final_state().pods.len(), 4);
}

fn scalings_of(frame: &kubeplay::engine::sim::timeline::Frame) -> Vec<(String, i32, i32)> {
    frame
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Scaled {
                replica_set,
                from,
                to,
            } => Some((replica_set.clone(), *from, *to)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_bad_image_stalls_the_rollout_until_the_progress_deadline() {
    let deadline = "  progressDeadlineSeconds: 60\n";
    let bad = format!(
        "{}---\n{BAD_IMAGE}",
        web(4, "nginx:does-not-exist", deadline)
    );
    let (_, after) = roll(&web(4, "nginx:1", deadline), &bad);
    let end = after.final_state();
    let names = replica_set_names(end);
    let new = &names[1];
    let progressing = condition(end, "Progressing");
    assert_eq!(progressing.status, "False");
    assert_eq!(
        progressing.reason.as_deref(),
        Some("ProgressDeadlineExceeded")
    );
    assert_eq!(
        progressing.message.as_deref(),
        Some(format!("ReplicaSet \"{new}\" has timed out progressing.").as_str())
    );
    // The old pods the budget keeps stay available; the new ones never become ready.
    let rs = |name: &str| &end.replica_sets[&format!("default/{name}")].replica_set;
    assert_eq!(
        rs(&names[0]).spec.replicas,
        3,
        "maxUnavailable 25% of 4 rounds down to 1"
    );
    assert_eq!(
        rs(new).spec.replicas,
        2,
        "maxSurge 25% of 4 rounds up to 1, then one more"
    );
    assert_eq!(rs(new).status.ready_replicas, 0);
    assert_eq!(condition(end, "Available").status, "True");
    // It timed out only once the deadline passed.
    let timed_out = after
        .frames()
        .iter()
        .position(|f| {
            f.title == "sync deployment default/web"
                && after
                    .state_at(
                        after
                            .frames()
                            .iter()
                            .position(|g| std::ptr::eq(g, f))
                            .unwrap_or(0),
                    )
                    .deployments["default/web"]
                    .deployment
                    .status
                    .conditions
                    .iter()
                    .any(|c| c.reason.as_deref() == Some("ProgressDeadlineExceeded"))
        })
        .expect("it times out");
    assert!(
        after.frames()[timed_out].time >= 60_000,
        "not before the deadline"
    );
}

/// Every real-world file with a Deployment or a ReplicaSet, on its own nodes or the default
/// cluster: each Deployment gets a ReplicaSet of its size, each ReplicaSet its pods, and the
/// scheduler places them, but for kube-ovn's `ovn-central`, which selects nodes labelled
/// `kube-ovn/role: master` that the default cluster does not have, and the CoreDNS pods of
/// the cluster dump, which stay Pending as in the dump: its one node is tainted not-ready.
#[test]
fn the_real_world_deployments_and_replica_sets_create_their_pods_and_place_them() {
    let dir = format!("{}/tests/fixtures/realworld", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    files.sort();
    let mut simulated = 0;
    for file in files {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("readable");
        let loaded = load(&text);
        let objects = loaded.objects;
        if objects.deployments.is_empty() && objects.replica_sets.is_empty() {
            continue;
        }
        simulated += 1;
        let timeline = kubeplay::cli::simulate::run_objects(objects, None);
        assert!(timeline.is_stable(), "{file}: settles");
        let end = timeline.final_state();
        for d in end.deployments.values() {
            let key = d.key();
            let sets = end.replica_sets_of(&key);
            assert_eq!(sets.len(), 1, "{file}: {key} has one ReplicaSet");
            assert_eq!(
                sets[0].replica_set.spec.replicas, d.deployment.spec.replicas,
                "{file}: {key}'s ReplicaSet has its size"
            );
        }
        for rs in end.replica_sets.values() {
            let key = rs.key();
            let pods: Vec<_> = end
                .pods
                .values()
                .filter(|p| p.replica_set() == Some(key.as_str()) && p.deletion.is_none())
                .collect();
            assert_eq!(
                pods.len() as i32,
                rs.replica_set.spec.replicas,
                "{file}: {key} has its pods"
            );
            for pod in pods {
                let placed = !pod.node_name().is_empty();
                let expected = !pod.name().starts_with("ovn-central-")
                    && file != "kubeadm-notready-node-cluster-info-dump.yaml";
                assert_eq!(placed, expected, "{file}: {} placed", pod.name());
            }
        }
    }
    assert!(simulated >= 10, "the corpus's workloads: {simulated}");
}

/// A ReplicaSet whose pods admission refuses (their PriorityClass does not exist) retries
/// after its work queue's back-off, 5 ms doubling, and creates them once the class exists.
#[test]
fn a_failed_creation_is_retried_with_back_off_until_it_succeeds() {
    let text = format!(
        "{NODES}---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {{name: frontend, labels: {{app: web}}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      priorityClassName: high
      containers: [{{name: web, image: nginx}}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: retry}}
spec:
  steps:
  - at: 10s
    apply: {{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {{name: high}}, value: 1000}}
"
    );
    let timeline = Simulation::run(&objects(&text), None);
    assert!(timeline.is_stable(), "it ends once the pods exist");
    let failed: Vec<u64> = timeline
        .events()
        .iter()
        .filter(|e| e.reason == "FailedCreate")
        .map(|e| e.time)
        .collect();
    assert_eq!(
        failed,
        [0, 5, 15, 35, 75, 155, 315, 635, 1275, 2555, 5115],
        "one attempt per sync, 5 ms doubling between them"
    );
    let created: Vec<u64> = timeline
        .events()
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate")
        .map(|e| e.time)
        .collect();
    assert_eq!(
        created,
        [10_235, 10_235],
        "the retry after the class exists"
    );
    let end = timeline.final_state();
    let rs = &end.replica_sets["default/frontend"].replica_set;
    assert!(
        rs.status.conditions.is_empty(),
        "the ReplicaFailure condition goes once a sync succeeds: {:?}",
        rs.status.conditions
    );
    assert_eq!(rs.status.ready_replicas, 2);
}

/// Runs `first` until stable, then applies each of `next` in turn, each until stable.
fn stages(first: &str, next: &[String]) -> Vec<Timeline> {
    let mut timelines = vec![Simulation::run(
        &objects(&format!("{NODES}---\n{first}")),
        None,
    )];
    for text in next {
        let objects = objects(text);
        let last = timelines.last().expect("a stage");
        let timeline = Simulation::resume(last.final_state(), &objects, objects.scenario.as_ref());
        timelines.push(timeline);
    }
    timelines
}

/// A scale during a stalled rollout (`isScalingEvent`): `replicas + maxSurge` is shared out
/// in proportion to the ReplicaSets' sizes, the larger first (`TestScale`'s rule).
#[test]
fn a_scale_during_a_rollout_is_shared_out_in_proportion() {
    let bad = format!("{}---\n{BAD_IMAGE}", web(4, "nginx:does-not-exist", ""));
    let scaled = format!("{}---\n{BAD_IMAGE}", web(8, "nginx:does-not-exist", ""));
    let runs = stages(&web(4, "nginx:1", ""), &[bad, scaled]);
    let names = replica_set_names(runs[2].final_state());
    let (old, new) = (&names[0], &names[1]);
    let rs = |run: &Timeline, name: &str| {
        run.final_state().replica_sets[&format!("default/{name}")]
            .replica_set
            .spec
            .replicas
    };
    assert_eq!((rs(&runs[1], old), rs(&runs[1], new)), (3, 2), "stalled");
    assert_eq!(
        scalings(&runs[2])[0],
        [
            (format!("default/{old}"), 3, 6),
            (format!("default/{new}"), 2, 4)
        ],
        "8 + maxSurge 2 = 10: each ReplicaSet grows by its share of 10 / (4 + 1)"
    );
    assert_eq!((rs(&runs[2], old), rs(&runs[2], new)), (6, 4));
}

/// The deprecated rollback request (`deprecated.deployment.rollback.to`): the Deployment
/// takes revision 1's template back, which becomes revision 3, and the old pods return.
#[test]
fn a_rollback_request_brings_the_revisions_template_back() {
    let back = web(3, "nginx:2", "").replace(
        "metadata: {name: web}",
        "metadata: {name: web, annotations: {deprecated.deployment.rollback.to: '1'}}",
    );
    let runs = stages(&web(3, "nginx:1", ""), &[web(3, "nginx:2", ""), back]);
    let end = runs[2].final_state();
    let messages: Vec<&str> = runs[2]
        .events()
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert!(
        messages.contains(&"Rolled back deployment \"web\" to revision 1"),
        "{messages:?}"
    );
    let d = &end.deployments["default/web"].deployment;
    assert_eq!(d.spec.template.spec.containers[0].image, "nginx:1");
    assert!(
        !d.metadata
            .annotations
            .contains_key("deprecated.deployment.rollback.to"),
        "the request is cleared"
    );
    assert_eq!(
        d.metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
            .map(String::as_str),
        Some("3")
    );
    let first = &replica_set_names(runs[0].final_state())[0];
    let rs = &end.replica_sets[&format!("default/{first}")].replica_set;
    assert_eq!(
        rs.spec.replicas, 3,
        "revision 1's ReplicaSet is the new one again"
    );
    assert_eq!(
        rs.metadata
            .annotations
            .get("deployment.kubernetes.io/revision-history")
            .map(String::as_str),
        Some("1")
    );
    assert!(end
        .pods
        .values()
        .all(|p| p.pod.spec.containers[0].image == "nginx:1"));
}

/// A DaemonSet pod of a higher priority that fits nowhere preempts a Deployment's pod; the
/// ReplicaSet replaces it, and the replacement waits, as upstream.
#[test]
fn a_higher_priority_daemon_pod_preempts_a_deployment_pod_which_its_replica_set_replaces() {
    let text = r#"apiVersion: v1
kind: Node
metadata: {name: only}
status:
  allocatable: {cpu: '1', memory: 1Gi, pods: '10'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: node-critical}
value: 1000000
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {requests: {cpu: 450m}}}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: pre}
spec:
  steps:
  - at: 30s
    apply:
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: kube-system}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec:
            priorityClassName: node-critical
            containers: [{name: a, image: agent, resources: {requests: {cpu: 300m}}}]
"#;
    let timeline = Simulation::run(&objects(text), None);
    let events = timeline.events();
    let preempted: Vec<_> = events.iter().filter(|e| e.reason == "Preempted").collect();
    assert!(!preempted.is_empty(), "a Deployment pod is preempted");
    let victim = &preempted[0].object.name();
    assert!(victim.starts_with("web-"), "{victim}");
    assert!(
        preempted[0].message.starts_with("Preempted by pod "),
        "{}",
        preempted[0].message
    );
    let replaced = events.iter().any(|e| {
        e.reason == "SuccessfulCreate"
            && e.time == preempted[0].time
            && e.message.starts_with("Created pod: web-")
    });
    assert!(replaced, "the ReplicaSet creates a replacement at once");
    let state = timeline.final_state();
    let agent = state
        .pods
        .values()
        .find(|p| p.name().starts_with("agent-"))
        .expect("the daemon pod");
    assert_eq!(agent.node_name(), "only", "the daemon pod is placed");
    assert!(
        !state.pods.contains_key(&format!("default/{victim}")),
        "the victim is gone"
    );
}

//! Property tests over random clusters and strategies (a deterministic generator, bounded
//! virtual time): rolling-update budgets hold at every frame, every eligible node ends with
//! exactly one updated available pod, a Deployment's rolling update keeps its pods within
//! maxSurge and maxUnavailable, and the same input gives the same JSON.

use kubeplay::cli::simulate::SimulationReport;
use kubeplay::engine::api::IntOrPercent;
use kubeplay::engine::controllers::daemonset::update::scaled_value;
use kubeplay::engine::controllers::deployment::util::{max_surge, max_unavailable};
use kubeplay::engine::sim::timeline::{apply_changes, Timeline};
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::store::state::{ClusterState, HASH_LABEL};
use kubeplay::engine::yaml::load;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

struct Case {
    text: String,
    surge: bool,
    budget: IntOrPercent,
}

fn generate(seed: u64) -> Case {
    let mut rng = Lcg(seed);
    let mut text = String::new();
    let nodes = 3 + rng.next(10);
    for i in 0..nodes {
        let zone = if rng.next(3) == 0 { "b" } else { "a" };
        let taint = if rng.next(5) == 0 {
            "\n  taints: [{key: dedicated, value: x, effect: NoSchedule}]"
        } else {
            ""
        };
        text.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i:02}, labels: {{zone: {zone}}}}}\nspec:{}\nstatus:\n  allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  conditions: [{{type: Ready, status: 'True'}}]\n---\n",
            if taint.is_empty() { " {}" } else { taint }
        ));
    }
    let surge = rng.next(2) == 0;
    let amount = 1 + rng.next(3) as i32;
    let budget = if rng.next(2) == 0 {
        IntOrPercent::Int(amount)
    } else {
        IntOrPercent::String(format!("{}%", 10 * amount + 5))
    };
    let budget_text = match &budget {
        IntOrPercent::Int(v) => v.to_string(),
        IntOrPercent::String(s) => format!("'{s}'"),
    };
    let rolling = if surge {
        format!("{{maxUnavailable: 0, maxSurge: {budget_text}}}")
    } else {
        format!("{{maxUnavailable: {budget_text}}}")
    };
    let selector = if rng.next(3) == 0 {
        "\n      nodeSelector: {zone: a}"
    } else {
        ""
    };
    let min_ready = rng.next(3) * 5;
    let pull = 1 + rng.next(4);
    text.push_str(&format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent, namespace: kube-system}}
spec:
  minReadySeconds: {min_ready}
  selector: {{matchLabels: {{app: agent}}}}
  updateStrategy: {{type: RollingUpdate, rollingUpdate: {rolling}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:{selector}
      terminationGracePeriodSeconds: {grace}
      containers: [{{name: agent, image: agent:v1}}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: prop}}
spec:
  seed: {seed}
  kubelet: {{imagePullSeconds: {pull}}}
  steps:
  - at: 60s
    setImage: {{daemonSet: agent, namespace: kube-system, image: agent:v2}}
",
        grace = rng.next(10),
    ));
    Case {
        text,
        surge,
        budget,
    }
}

fn run(text: &str) -> Timeline {
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    Simulation::run(&loaded.objects, None)
}

/// Desired nodes, and those without a non-terminating available pod.
fn unavailable_nodes(state: &ClusterState, min_ready: i32) -> (i32, i32, usize) {
    let ds = &state.daemon_sets["kube-system/agent"];
    let desired: Vec<String> = state
        .nodes
        .values()
        .filter(|n| {
            kubeplay::engine::controllers::daemonset::eligibility::node_should_run_daemon_pod(
                &n.node, &ds.ds,
            )
            .should_run
        })
        .map(|n| n.name().to_string())
        .collect();
    let live = state.pods.values().filter(|p| p.deletion.is_none()).count();
    let unavailable = desired
        .iter()
        .filter(|node| {
            !state.pods.values().any(|p| {
                p.deletion.is_none()
                    && p.target_node() == Some(node.as_str())
                    && p.is_available(min_ready, state.time)
            })
        })
        .count();
    (desired.len() as i32, unavailable as i32, live)
}

#[test]
fn rolling_updates_respect_their_budget_and_converge() {
    for seed in 1..=24u64 {
        let case = generate(seed);
        let timeline = run(&case.text);
        assert!(timeline.is_stable(), "seed {seed}: did not settle");
        let frames = timeline.frames();
        let mut state = timeline.state_at(0);
        let min_ready = timeline.final_state().daemon_sets["kube-system/agent"]
            .ds
            .spec
            .min_ready_seconds;
        for (i, frame) in frames.iter().enumerate().skip(1) {
            apply_changes(&mut state, frame);
            if frame.time < 60_000 {
                continue;
            }
            let (desired, unavailable, live) = unavailable_nodes(&state, min_ready);
            let budget = scaled_value(&case.budget, desired).unwrap_or(1);
            if case.surge {
                assert_eq!(
                    unavailable, 0,
                    "seed {seed} frame {i}: surge keeps every node available"
                );
                assert!(
                    live as i32 <= desired + budget,
                    "seed {seed} frame {i}: {live} live pods for {desired} nodes, maxSurge {budget}"
                );
            } else {
                assert!(
                    unavailable <= budget.max(1),
                    "seed {seed} frame {i}: {unavailable} unavailable > maxUnavailable {budget}"
                );
            }
        }
        // Every eligible node ends with exactly one updated, available pod.
        let end = timeline.final_state();
        let ds = &end.daemon_sets["kube-system/agent"];
        let hash = ds.current_hash.clone().unwrap_or_default();
        let (desired, unavailable, live) = unavailable_nodes(end, 0);
        assert_eq!((unavailable, live as i32), (0, desired), "seed {seed}");
        assert!(
            end.pods
                .values()
                .all(|p| p.label(HASH_LABEL) == Some(hash.as_str()) && p.ready),
            "seed {seed}"
        );
        assert_eq!(
            ds.ds.status.updated_number_scheduled, desired,
            "seed {seed}"
        );
        assert_eq!(ds.ds.status.number_available, desired, "seed {seed}");
    }
}

#[test]
fn same_input_gives_the_same_json() {
    for seed in [3u64, 7, 11] {
        let case = generate(seed);
        let json = |timeline| {
            serde_json::to_string(&SimulationReport {
                timeline,
                diagnostics: Vec::new(),
                goals: Vec::new(),
            })
            .expect("the timeline serialises")
        };
        let first = json(run(&case.text));
        let second = json(run(&case.text));
        assert_eq!(first, second, "seed {seed}");
    }
}

/// A random cluster with a Deployment's pods (some not Ready) spread over its nodes, a
/// budget over them (`minAvailable` or `maxUnavailable`, an integer or a percent), and a
/// drain of the first node with a one-minute timeout. Returns the text and the budget's
/// desired healthy count (as `getExpectedPodCount` computes it).
fn generate_drain(seed: u64) -> (String, i32) {
    let mut rng = Lcg(seed);
    let nodes = 2 + rng.next(4);
    let replicas = 1 + rng.next(6) as i32;
    let mut text = String::new();
    for i in 0..nodes {
        text.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}}}\nstatus:\n  allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  conditions: [{{type: Ready, status: 'True'}}]\n---\n"
        ));
    }
    let amount = rng.next(replicas as u64 + 1) as i32;
    let percent = 10 * rng.next(11) as i32;
    let (field, value, desired) = match rng.next(4) {
        0 => ("minAvailable", amount.to_string(), amount),
        1 => (
            "minAvailable",
            format!("'{percent}%'"),
            (percent * replicas + 99) / 100,
        ),
        2 => (
            "maxUnavailable",
            amount.to_string(),
            (replicas - amount).max(0),
        ),
        _ => (
            "maxUnavailable",
            format!("'{percent}%'"),
            (replicas - (percent * replicas + 99) / 100).max(0),
        ),
    };
    text.push_str(&format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web, uid: d-web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: web, image: web:1}}]}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-abc
  uid: rs-web
  labels: {{app: web}}
  ownerReferences: [{{apiVersion: apps/v1, kind: Deployment, name: web, uid: d-web, controller: true}}]
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: web, image: web:1}}]}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: web}}
spec:
  {field}: {value}
  selector: {{matchLabels: {{app: web}}}}
---
"
    ));
    for i in 0..replicas {
        let node = rng.next(nodes);
        let ready = if rng.next(5) == 0 { "False" } else { "True" };
        text.push_str(&format!(
            "apiVersion: v1
kind: Pod
metadata:
  name: web-abc-{i}
  labels: {{app: web}}
  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: rs-web, controller: true}}]
spec:
  nodeName: node-{node}
  terminationGracePeriodSeconds: {grace}
  containers: [{{name: web, image: web:1}}]
status:
  phase: Running
  conditions: [{{type: Ready, status: '{ready}', lastTransitionTime: '2025-01-01T00:00:00Z'}}]
---
",
            grace = rng.next(40),
        ));
    }
    text.push_str(
        "apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: drain}
spec:
  steps:
  - at: 10s
    drain: {node: node-0, timeout: 60s}
",
    );
    (text, desired)
}

/// Pods of `web` that are Ready and not being deleted.
fn healthy(state: &ClusterState) -> i32 {
    state
        .pods
        .values()
        .filter(|p| p.ready && p.deletion.is_none())
        .count() as i32
}

#[test]
fn a_drain_never_takes_a_budget_below_its_desired_healthy_pods() {
    let (mut refused, mut drained) = (0, 0);
    for seed in 1..=40u64 {
        let (text, desired) = generate_drain(seed);
        let timeline = run(&text);
        let frames = timeline.frames();
        let mut state = timeline.state_at(0);
        let before = healthy(&state);
        // Evictions never take the healthy pods below the budget; pods that were already
        // unhealthy (or a budget never met) are what upstream lets go.
        let floor = desired.min(before);
        for (i, frame) in frames.iter().enumerate().skip(1) {
            apply_changes(&mut state, frame);
            let now = healthy(&state);
            assert!(
                now >= floor,
                "seed {seed} frame {i} ({}): {now} healthy < {floor} (desired {desired}, {before} before the drain)\n{text}",
                frame.title
            );
            if let Some(pdb) = state.pod_disruption_budgets.get("default/web") {
                if pdb.status.observed_generation > 0 && pdb.status.expected_pods > 0 {
                    assert_eq!(
                        pdb.status.desired_healthy, desired,
                        "seed {seed} frame {i}: the controller's desiredHealthy"
                    );
                }
            }
        }
        let output: Vec<&String> = frames
            .iter()
            .filter(|f| f.title.contains("drain node-0"))
            .flat_map(|f| &f.output)
            .collect();
        let last = output.last().map(|s| s.as_str()).unwrap_or_default();
        let failed = output
            .iter()
            .any(|l| l.starts_with("error: unable to drain node \"node-0\""));
        assert!(
            last == "node/node-0 drained" || failed,
            "seed {seed}: the drain ends drained or with an error, not {last:?}"
        );
        refused += usize::from(output.iter().any(|l| l.contains("(will retry after 5s)")));
        drained += usize::from(last == "node/node-0 drained");
    }
    assert!(
        refused > 0 && drained > 0,
        "the cases cover refused evictions ({refused}) and completed drains ({drained})"
    );
}

/// A random cluster and a Deployment with a random size, budget and `minReadySeconds`:
/// (its first version with the nodes and the kubelet's timings, its second version).
fn generate_deployment(seed: u64) -> (String, String) {
    let mut rng = Lcg(seed);
    let mut nodes = String::new();
    for i in 0..2 + rng.next(6) {
        nodes.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i:02}}}\nstatus:\n  allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  conditions: [{{type: Ready, status: 'True'}}]\n---\n"
        ));
    }
    let budget = |rng: &mut Lcg| match rng.next(3) {
        0 => rng.next(3).to_string(),
        _ => format!("'{}%'", 10 * rng.next(6)),
    };
    let (surge, unavailable) = loop {
        let pair = (budget(&mut rng), budget(&mut rng));
        let zero = |b: &str| b == "0" || b == "'0%'";
        if !(zero(&pair.0) && zero(&pair.1)) {
            break pair;
        }
    };
    let replicas = 1 + rng.next(12);
    let min_ready = rng.next(3) * 5;
    let pull = 1 + rng.next(4);
    let deployment = |image: &str| {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: {replicas}
  minReadySeconds: {min_ready}
  selector: {{matchLabels: {{app: web}}}}
  strategy: {{type: RollingUpdate, rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      terminationGracePeriodSeconds: {grace}
      containers: [{{name: web, image: '{image}', resources: {{requests: {{cpu: 10m}}}}}}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: prop}}
spec:
  seed: {seed}
  kubelet: {{imagePullSeconds: {pull}}}
",
            grace = seed % 7,
        )
    };
    (
        format!("{nodes}{}", deployment("web:v1")),
        deployment("web:v2"),
    )
}

/// The Deployment's pods not being deleted, and those of them available.
fn deployment_pods(state: &ClusterState, min_ready: i32) -> (i32, i32) {
    let live: Vec<_> = state
        .pods
        .values()
        .filter(|p| p.replica_set().is_some() && p.deletion.is_none())
        .collect();
    let available = live
        .iter()
        .filter(|p| p.is_available(min_ready, state.time))
        .count();
    (live.len() as i32, available as i32)
}

/// Upstream's bounds of a rolling update, checked at every frame of the rollout of a new
/// template: at least `replicas - maxUnavailable` pods available, at most
/// `replicas + maxSurge` pods. The exceptions, as upstream: pods being deleted are not
/// counted (with `DeploymentPodReplacementPolicy` off, a replacement is created as soon as
/// the old pod is marked for deletion, so a terminating pod and its replacement coexist),
/// and availability is what the pods' readiness says (no pod fails here, so none becomes
/// unavailable behind the controller's back).
#[test]
fn deployment_rolling_updates_stay_within_max_surge_and_max_unavailable() {
    for seed in 1..=24u64 {
        let (first, second) = generate_deployment(seed);
        let before = run(&first);
        assert!(before.is_stable(), "seed {seed}: the first version settles");
        let loaded = load(&second);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let after = Simulation::resume(
            before.final_state(),
            &loaded.objects,
            loaded.objects.scenario.as_ref(),
        );
        assert!(after.is_stable(), "seed {seed}: the rollout settles");
        let d = &after.final_state().deployments["default/web"].deployment;
        let (replicas, min_ready) = (d.spec.replicas, d.spec.min_ready_seconds);
        let (surge, unavailable) = (max_surge(d), max_unavailable(d));
        let mut state = after.state_at(0);
        for (i, frame) in after.frames().iter().enumerate().skip(1) {
            apply_changes(&mut state, frame);
            let (live, available) = deployment_pods(&state, min_ready);
            assert!(
                available >= replicas - unavailable,
                "seed {seed} frame {i} ({}): {available} available < {replicas} - maxUnavailable {unavailable}",
                frame.title
            );
            assert!(
                live <= replicas + surge,
                "seed {seed} frame {i} ({}): {live} pods > {replicas} + maxSurge {surge}",
                frame.title
            );
        }
        let end = after.final_state();
        let (live, available) = deployment_pods(end, 0);
        assert_eq!((live, available), (replicas, replicas), "seed {seed}");
        assert!(
            end.pods
                .values()
                .all(|p| p.pod.spec.containers[0].image == "web:v2"),
            "seed {seed}: every pod runs the new template"
        );
        assert_eq!(d.status.updated_replicas, replicas, "seed {seed}");
    }
}

/// A random cluster and an OrderedReady StatefulSet with a random size, partition and
/// `minReadySeconds`: (its first version with the nodes and the kubelet's timings, its
/// second version, with a new image).
fn generate_stateful_set(seed: u64) -> (String, String) {
    let mut rng = Lcg(seed);
    let mut nodes = String::new();
    for i in 0..1 + rng.next(5) {
        nodes.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i:02}}}\nstatus:\n  allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}\n  conditions: [{{type: Ready, status: 'True'}}]\n---\n"
        ));
    }
    let replicas = 1 + rng.next(6);
    let partition = rng.next(replicas + 1);
    let min_ready = rng.next(3) * 5;
    let pull = 1 + rng.next(4);
    let set = |image: &str| {
        format!(
            "apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: db}}
spec:
  replicas: {replicas}
  minReadySeconds: {min_ready}
  serviceName: db
  updateStrategy: {{rollingUpdate: {{partition: {partition}}}}}
  selector: {{matchLabels: {{app: db}}}}
  template:
    metadata: {{labels: {{app: db}}}}
    spec:
      terminationGracePeriodSeconds: {grace}
      containers: [{{name: db, image: '{image}', resources: {{requests: {{cpu: 10m}}}}}}]
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: prop}}
spec:
  seed: {seed}
  kubelet: {{imagePullSeconds: {pull}}}
",
            grace = seed % 7,
        )
    };
    (format!("{nodes}{}", set("db:v1")), set("db:v2"))
}

/// `(ordinal, revision, running and ready)` of the set's pods in `state`, in ordinal order.
fn stateful_pods(state: &ClusterState) -> Vec<(i32, String, bool)> {
    let mut pods: Vec<(i32, String, bool)> = state
        .pods
        .values()
        .filter(|p| p.stateful_set().is_some())
        .map(|p| {
            let ordinal = p.pod.metadata.name.rsplit('-').next().unwrap_or_default();
            (
                ordinal.parse().unwrap_or(-1),
                p.label(HASH_LABEL).unwrap_or_default().to_string(),
                p.phase == kubeplay::engine::store::state::PodPhase::Running && p.ready,
            )
        })
        .collect();
    pods.sort();
    pods
}

/// The order an OrderedReady StatefulSet keeps, checked at every frame of random creations
/// and rolling updates, as upstream's `updateStatefulSet` behaves: a pod is created only
/// when every lower ordinal is Running and Ready (creation goes up); a pod of the update
/// revision is created only when every higher ordinal is at the update revision and Running
/// and Ready (the rolling update goes down, one pod at a time); and pods below the
/// partition keep the revision they had.
#[test]
fn ordered_ready_stateful_sets_create_up_and_update_down_and_keep_the_partition() {
    for seed in 1..=24u64 {
        let (first, second) = generate_stateful_set(seed);
        let before = run(&first);
        assert!(before.is_stable(), "seed {seed}: the first version settles");
        let loaded = load(&second);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let after = Simulation::resume(
            before.final_state(),
            &loaded.objects,
            loaded.objects.scenario.as_ref(),
        );
        assert!(after.is_stable(), "seed {seed}: the rollout settles");
        let old = before.final_state().stateful_sets["default/db"]
            .stateful_set
            .status
            .update_revision
            .clone();
        let set = &after.final_state().stateful_sets["default/db"].stateful_set;
        let new = set.status.update_revision.clone();
        assert_ne!(old, new, "seed {seed}: a new revision");
        let partition = set
            .spec
            .update_strategy
            .rolling_update
            .as_ref()
            .unwrap()
            .partition;
        for timeline in [&before, &after] {
            let mut previous = timeline.state_at(0);
            for (i, frame) in timeline.frames().iter().enumerate().skip(1) {
                let mut state = previous.clone();
                apply_changes(&mut state, frame);
                let was = stateful_pods(&previous);
                for (ordinal, revision, _) in stateful_pods(&state) {
                    assert!(
                        ordinal >= partition || revision == old,
                        "seed {seed} frame {i} ({}): db-{ordinal} below the partition {partition} at {revision}",
                        frame.title
                    );
                    if was.iter().any(|(o, _, _)| *o == ordinal) {
                        continue;
                    }
                    for (o, r, ready) in &was {
                        assert!(
                            *o > ordinal || *ready,
                            "seed {seed} frame {i} ({}): db-{ordinal} created while db-{o} is not Running and Ready",
                            frame.title
                        );
                        assert!(
                            *o < ordinal || revision != new || (*ready && *r == new),
                            "seed {seed} frame {i} ({}): db-{ordinal} updated before db-{o}",
                            frame.title
                        );
                    }
                    let lower = was.iter().filter(|(o, _, _)| *o < ordinal).count();
                    assert_eq!(
                        lower, ordinal as usize,
                        "seed {seed} frame {i} ({}): db-{ordinal} created with a lower ordinal missing",
                        frame.title
                    );
                }
                previous = state;
            }
        }
        let end = stateful_pods(after.final_state());
        assert_eq!(end.len() as i32, set.spec.replicas, "seed {seed}");
        for (ordinal, revision, ready) in end {
            assert!(ready, "seed {seed}: db-{ordinal} ready");
            let want = if ordinal < partition { &old } else { &new };
            assert_eq!(&revision, want, "seed {seed}: db-{ordinal}'s revision");
        }
    }
}

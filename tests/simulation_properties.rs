//! Property tests of the rolling update over random clusters and strategies (a seeded,
//! deterministic generator, so a failure names its case and reproduces exactly):
//!
//! * with `maxSurge: 0`, the eligible nodes without an available daemon pod never exceed
//!   `maxUnavailable` (all pods are available when the update starts, so upstream's
//!   "already unavailable" allowance never applies here);
//! * with surge, the nodes running two daemon pods never exceed `maxSurge`, and no eligible
//!   node ever lacks an available pod (`maxUnavailable: 0`);
//! * every eligible node ends with exactly one updated, available pod;
//! * the same input gives the same timeline.

use kubeplay::engine::sim::state::{ClusterState, HASH_LABEL};
use kubeplay::engine::sim::{Simulation, Timeline};
use kubeplay::engine::yaml::load;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated case: the YAML, the strategy numbers and which nodes are eligible.
struct Case {
    yaml: String,
    max_unavailable: i64,
    max_surge: i64,
    eligible: Vec<String>,
    min_ready_seconds: i32,
}

fn scaled(value: &str, desired: i64) -> i64 {
    match value.strip_suffix('%') {
        Some(p) => (p.parse::<i64>().expect("a percent") * desired + 99) / 100,
        None => value.parse().expect("an int"),
    }
}

fn generate(seed: u64) -> Case {
    let mut rng = Rng(seed);
    let nodes = 2 + rng.below(7) as usize;
    let surge = rng.below(2) == 1;
    let value = ["1", "2", "3", "25%", "50%", "100%"][rng.below(6) as usize];
    let min_ready_seconds = [0, 0, 3][rng.below(3) as usize];
    let mut yaml = String::new();
    let mut eligible = Vec::new();
    for i in 0..nodes {
        let name = format!("node-{i}");
        // About one node in four has a taint the DaemonSet does not tolerate.
        let tainted = rng.below(4) == 0;
        if !tainted {
            eligible.push(name.clone());
        }
        let taints = if tainted {
            "  taints:\n  - {key: dedicated, value: db, effect: NoSchedule}\n"
        } else {
            ""
        };
        yaml.push_str(&format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\nspec:\n{taints}status:\n  capacity: {{cpu: \"4\", memory: 8Gi, pods: \"110\"}}\n---\n"
        ));
    }
    // An int-or-percent: an integer, or a quoted percent string.
    let written = if value.ends_with('%') {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    };
    let strategy = if surge {
        format!("{{maxUnavailable: 0, maxSurge: {written}}}")
    } else {
        format!("{{maxUnavailable: {written}, maxSurge: 0}}")
    };
    yaml.push_str(&format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent, namespace: kube-system}}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  minReadySeconds: {min_ready_seconds}
  updateStrategy: {{type: RollingUpdate, rollingUpdate: {strategy}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:
      terminationGracePeriodSeconds: {grace}
      containers:
      - {{name: agent, image: agent:v1, resources: {{requests: {{cpu: 100m}}}}}}
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: property}}
spec:
  seed: {seed}
  steps:
  - wait: {{until: rolloutComplete, daemonSet: agent, namespace: kube-system, timeout: 10m}}
  - setImage: {{daemonSet: agent, namespace: kube-system, image: agent:v2}}
  - wait: {{until: rolloutComplete, daemonSet: agent, namespace: kube-system, timeout: 30m}}
",
        grace = rng.below(4) * 5,
    ));
    let desired = eligible.len() as i64;
    let (max_unavailable, max_surge) = if surge {
        (0, scaled(value, desired))
    } else {
        (scaled(value, desired), 0)
    };
    Case {
        yaml,
        max_unavailable,
        max_surge,
        eligible,
        min_ready_seconds,
    }
}

fn simulate(case: &Case) -> Timeline {
    let loaded = load(&case.yaml);
    assert!(
        !loaded.has_errors(),
        "{:?}\n{}",
        loaded.diagnostics,
        case.yaml
    );
    Simulation::run(&loaded.objects, None)
}

/// (nodes without an available pod, nodes with two or more pods) among the eligible nodes.
fn counts(case: &Case, state: &ClusterState) -> (i64, i64) {
    let mut unavailable = 0;
    let mut doubled = 0;
    for node in &case.eligible {
        let pods: Vec<_> = state
            .pods
            .values()
            .filter(|p| p.owner.is_some() && p.target_node() == Some(node.as_str()))
            .collect();
        let available = pods
            .iter()
            .any(|p| p.deletion.is_none() && p.is_available(case.min_ready_seconds, state.time));
        unavailable += i64::from(!available);
        doubled += i64::from(pods.iter().filter(|p| p.deletion.is_none()).count() >= 2);
    }
    (unavailable, doubled)
}

#[test]
fn rolling_updates_respect_max_unavailable_and_max_surge_and_finish_updated() {
    for seed in 1..=60u64 {
        let case = generate(seed);
        let timeline = simulate(&case);
        let update = timeline
            .frames()
            .iter()
            .position(|f| f.title.starts_with("step 2"))
            .unwrap_or_else(|| panic!("seed {seed}: no setImage step\n{}", case.yaml));
        let mut state = timeline.state_at(update);
        for (index, frame) in timeline.frames().iter().enumerate().skip(update + 1) {
            kubeplay::engine::sim::timeline::apply_changes(&mut state, frame);
            let (unavailable, doubled) = counts(&case, &state);
            assert!(
                unavailable <= case.max_unavailable,
                "seed {seed}, frame {index} ({}): {unavailable} eligible nodes without an available pod, maxUnavailable {}\n{}",
                frame.title,
                case.max_unavailable,
                case.yaml
            );
            assert!(
                doubled <= case.max_surge,
                "seed {seed}, frame {index} ({}): {doubled} nodes with two pods, maxSurge {}\n{}",
                frame.title,
                case.max_surge,
                case.yaml
            );
        }
        let end = timeline.final_state();
        let ds = end
            .daemon_sets
            .get("kube-system/agent")
            .expect("the DaemonSet");
        let current = ds.current_hash.clone().expect("a current revision");
        for node in &case.eligible {
            let pods: Vec<_> = end
                .pods
                .values()
                .filter(|p| p.owner.is_some() && p.target_node() == Some(node.as_str()))
                .collect();
            assert_eq!(pods.len(), 1, "seed {seed}: {node} has {} pods", pods.len());
            assert_eq!(
                pods[0].label(HASH_LABEL),
                Some(current.as_str()),
                "seed {seed}: {node} not updated"
            );
            assert!(
                pods[0].is_available(case.min_ready_seconds, end.time + 1),
                "seed {seed}: {node} not available"
            );
        }
        let status = ds.status();
        let desired = case.eligible.len() as i32;
        assert_eq!(
            (
                status.desired_number_scheduled,
                status.updated_number_scheduled,
                status.number_available
            ),
            (desired, desired, desired),
            "seed {seed}"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_timeline() {
    for seed in [3u64, 17, 42] {
        let case = generate(seed);
        let first = format!("{:?}", simulate(&case).frames());
        let second = format!("{:?}", simulate(&case).frames());
        assert!(first == second, "seed {seed}: two runs differ");
    }
}

//! Benchmark: one scheduling cycle (`schedule_one`: PreFilter, Filter on every node,
//! scoring) for a pod with required pod anti-affinity and two topology spread constraints,
//! against generated clusters (1,000 and 5,000 nodes by default, 10 running pods per node
//! unless `--pods-per-node N`), and print a table with each row's peak RSS.
//!
//! Run with `cargo run --release --example bench_schedule [NODES...] [--pods-per-node N]`
//! (see docs/performance.md). InterPodAffinity and PodTopologySpread count the running pods
//! once per cycle (their PreFilter), so the cycle costs one pass over the pods plus one
//! look-up per node: the µs-per-node column stays flat.

use std::time::Instant;

use kubeplay::engine::api::types::{
    Affinity, LabelSelector, PodAffinity, PodAffinityTerm, TopologySpreadConstraint,
};
use kubeplay::engine::api::{Container, Node, Pod, Quantity};
use kubeplay::engine::scheduler::node_info::ClusterSnapshot;
use kubeplay::engine::scheduler::schedule::schedule_one;

#[path = "support/mod.rs"]
mod support;

const ZONES: [&str; 3] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const APPS: usize = 200;

fn q(s: &str) -> Quantity {
    Quantity::parse(s).unwrap_or_default()
}

fn app_selector(app: &str) -> LabelSelector {
    LabelSelector {
        match_labels: [("app".to_string(), app.to_string())].into_iter().collect(),
        match_expressions: Vec::new(),
    }
}

fn one_per_node(app: &str) -> Affinity {
    Affinity {
        pod_anti_affinity: Some(PodAffinity {
            required: vec![PodAffinityTerm {
                label_selector: Some(app_selector(app)),
                topology_key: "kubernetes.io/hostname".into(),
                ..Default::default()
            }],
            preferred: Vec::new(),
        }),
        ..Default::default()
    }
}

/// `n` nodes over three zones; `per_node` pods on each, of 200 apps, one in twenty with
/// required anti-affinity of its own.
fn cluster(n: usize, per_node: usize) -> (Vec<Node>, Vec<Pod>) {
    let mut nodes = Vec::with_capacity(n);
    let mut pods = Vec::with_capacity(n * per_node);
    for i in 0..n {
        let name = format!("node-{i:05}");
        let mut node = Node::default();
        node.metadata.name = name.clone();
        node.metadata
            .labels
            .insert("kubernetes.io/hostname".into(), name.clone());
        node.metadata
            .labels
            .insert("topology.kubernetes.io/zone".into(), ZONES[i % 3].into());
        node.status.allocatable = [
            ("cpu".to_string(), q("16")),
            ("memory".to_string(), q("64Gi")),
            ("pods".to_string(), q("110")),
        ]
        .into();
        for j in 0..per_node {
            let k = i * per_node + j;
            let app = format!("app-{}", k % APPS);
            let mut p = Pod::default();
            p.metadata.name = format!("{app}-{k}");
            p.metadata.namespace = "default".into();
            p.metadata.labels.insert("app".into(), app.clone());
            p.spec.node_name = name.clone();
            if k % 20 == 0 {
                p.spec.affinity = Some(one_per_node(&app));
            }
            let mut c = Container::default();
            c.resources.requests = [
                ("cpu".to_string(), q("100m")),
                ("memory".to_string(), q("256Mi")),
            ]
            .into();
            p.spec.containers.push(c);
            pods.push(p);
        }
        nodes.push(node);
    }
    (nodes, pods)
}

/// The pod to place: app `web`, one per node, spread over zones (`DoNotSchedule`) and
/// nodes (`ScheduleAnyway`).
fn incoming() -> Pod {
    let mut p = Pod::default();
    p.metadata.name = "web-new".into();
    p.metadata.namespace = "default".into();
    p.metadata.labels.insert("app".into(), "app-7".into());
    p.spec.affinity = Some(one_per_node("app-7"));
    let spread = |key: &str, when: &str| TopologySpreadConstraint {
        max_skew: 1,
        topology_key: key.into(),
        when_unsatisfiable: when.into(),
        label_selector: Some(app_selector("app-7")),
        ..Default::default()
    };
    p.spec.topology_spread_constraints = vec![
        spread("topology.kubernetes.io/zone", "DoNotSchedule"),
        spread("kubernetes.io/hostname", "ScheduleAnyway"),
    ];
    let mut c = Container::default();
    c.resources.requests = [("cpu".to_string(), q("500m"))].into();
    p.spec.containers.push(c);
    p
}

/// Runs `f` `RUNS` times and returns its last result and the median wall time.
fn median_time<T>(mut f: impl FnMut() -> T) -> (T, std::time::Duration) {
    const RUNS: usize = 7;
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (last.expect("at least one run"), times[RUNS / 2])
}

/// One row: builds the cluster, then times the snapshot and one scheduling cycle.
fn row(n: usize, per_node: usize) -> (f64, String) {
    let (nodes, pods) = cluster(n, per_node);
    let pod = incoming();
    let (snapshot, build) = median_time(|| ClusterSnapshot::new(&nodes, &pods));
    let (out, cycle) = median_time(|| schedule_one(&pod, &snapshot));
    let cycle_ms = cycle.as_secs_f64() * 1e3;
    let text = format!(
        "| {n:>6} | {:>7} | {:>13.1} | {cycle_ms:>10.1} | {:>8} | {:>11.1} | {:>12} |",
        pods.len(),
        build.as_secs_f64() * 1e3,
        out.feasible.len(),
        cycle.as_secs_f64() * 1e6 / n as f64,
        support::mib_text(support::peak_rss_mib()),
    );
    (cycle_ms, text)
}

fn main() {
    let args = support::args(&[1_000, 5_000], 10);
    println!("Median of 7 runs each.");
    support::table(
        &args,
        &[
            "nodes ",
            "pods   ",
            "snapshot (ms)",
            "cycle (ms)",
            "feasible",
            "µs per node",
            "peak RSS MiB",
        ],
        row,
    );
}

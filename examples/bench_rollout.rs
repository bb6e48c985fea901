//! Benchmark: a full rolling update (maxUnavailable 10%) to completion on generated clusters
//! (1,000, 5,000 and 20,000 nodes by default), optionally with ordinary running pods on
//! every node, printed as a table: wall time, frames, the timeline's memory (live bytes
//! after the run, from a counting allocator), the time to rebuild the middle frame's state,
//! and the process's peak RSS (`VmHWM`, each row in its own process).
//!
//! `cargo run --release --example bench_rollout [NODES...] [--pods-per-node N] [--repeat N]`

use std::alloc::System;
use std::time::Instant;

use kubeplay::engine::api::{Condition, Node, Pod};
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::yaml::load;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[path = "support/mod.rs"]
mod support;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const INPUT: &str = "apiVersion: v1
kind: Node
metadata: {name: template}
status:
  allocatable: {cpu: '64', memory: 256Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Pod
metadata: {name: template, namespace: default, labels: {app: web}}
spec:
  containers:
  - name: web
    image: web:v1
    resources: {requests: {cpu: 50m, memory: 64Mi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 10%}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: agent
        image: agent:v1
        resources: {requests: {cpu: 100m, memory: 100Mi}}
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: bench}
spec:
  steps:
  - at: 60s
    setImage: {daemonSet: agent, namespace: kube-system, image: agent:v2}
  - wait: {until: rolloutComplete, daemonSet: agent, namespace: kube-system, timeout: 2h}
";

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// One row: builds the cluster, runs the rollout, measures.
fn row(nodes: usize, pods_per_node: usize) -> (f64, String) {
    let mut loaded = load(INPUT);
    let template: Node = loaded.objects.nodes.remove(0);
    let mut app: Pod = loaded.objects.pods.remove(0);
    app.status.phase = Some("Running".to_string());
    app.status.conditions = vec![Condition {
        type_: "Ready".to_string(),
        status: "True".to_string(),
        ..Condition::default()
    }];
    loaded.objects.nodes = (0..nodes)
        .map(|i| {
            let mut n = template.clone();
            n.metadata.name = format!("node-{i:05}");
            n
        })
        .collect();
    loaded.objects.pods = (0..nodes)
        .flat_map(|i| (0..pods_per_node).map(move |j| (i, j)))
        .map(|(i, j)| {
            let mut p = app.clone();
            p.metadata.name = format!("web-{i:05}-{j:02}");
            p.spec.node_name = format!("node-{i:05}");
            p
        })
        .collect();
    let region = Region::new(GLOBAL);
    let started = Instant::now();
    let timeline = Simulation::run(&loaded.objects, None);
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    let stats = region.change();
    let live = stats
        .bytes_allocated
        .saturating_sub(stats.bytes_deallocated);
    let rolled_out = timeline
        .frames()
        .iter()
        .filter(|f| f.title.contains("wait for rollout"))
        .filter_map(|f| f.output.last())
        .any(|line| line.contains("successfully rolled out"));
    let middle = timeline.len() / 2;
    let t = Instant::now();
    let state = timeline.state_at(middle);
    let state_at = t.elapsed().as_secs_f64() * 1000.0;
    let virtual_s = timeline.final_state().time / 1000;
    let text = format!(
        "| {nodes:>6} | {:>7} | {wall:>8.0} | {:>7} | {:>13.1} | {state_at:>11.1} | {:>8} | {:>13} | {} |",
        timeline.final_state().pods.len(),
        timeline.len(),
        mib(live),
        state.pods.len(),
        support::mib_text(support::peak_rss_mib()),
        if rolled_out {
            format!("done at {virtual_s}s")
        } else {
            "NOT rolled out".to_string()
        }
    );
    (wall, text)
}

fn main() {
    let args = support::args(&[1_000, 5_000, 20_000], 0);
    println!(
        "Rolling update, maxUnavailable 10%, {} ordinary pods per node.",
        args.pods_per_node
    );
    support::table(
        &args,
        &[
            "nodes ",
            "pods   ",
            "wall ms ",
            "frames ",
            "timeline MiB ",
            "state_at ms",
            "mid pods",
            "peak RSS MiB ",
            "rollout",
        ],
        row,
    );
}

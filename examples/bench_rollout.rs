//! Benchmark: a full rolling update (maxUnavailable 10%) to completion on 1,000 and 5,000
//! nodes, with wall time, timeline size and memory counted by a counting global allocator.
//!
//! `cargo run --release --example bench_rollout [NODES...]`

use std::alloc::System;
use std::time::Instant;

use kubeplay::engine::api::Node;
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::yaml::load;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const INPUT: &str = "apiVersion: v1
kind: Node
metadata: {name: template}
status:
  allocatable: {cpu: '8', memory: 16Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
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

fn main() {
    let counts: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if args.is_empty() {
            vec![1_000, 5_000]
        } else {
            args
        }
    };
    println!("nodes  frames  events  virtual-rollout  wall      live-after-run  allocated-total");
    for nodes in counts {
        let mut loaded = load(INPUT);
        let template: Node = loaded.objects.nodes.remove(0);
        loaded.objects.nodes = (0..nodes)
            .map(|i| {
                let mut n = template.clone();
                n.metadata.name = format!("node-{i:05}");
                n
            })
            .collect();
        let region = Region::new(GLOBAL);
        let started = Instant::now();
        let timeline = Simulation::run(&loaded.objects, None);
        let wall = started.elapsed();
        let stats = region.change();
        let live = stats
            .bytes_allocated
            .saturating_sub(stats.bytes_deallocated);
        let rollout_done = timeline
            .frames()
            .iter()
            .filter(|f| f.title.contains("wait for rollout"))
            .map(|f| f.output.last().cloned().unwrap_or_default())
            .next()
            .unwrap_or_default();
        let end = timeline.final_state().time;
        let virtual_rollout = format!("{}s", end.saturating_sub(60_000) / 1000);
        let wall_text = format!("{:.2}s", wall.as_secs_f64());
        let live_text = format!("{:.1} MiB", mib(live));
        let total_text = format!("{:.1} MiB", mib(stats.bytes_allocated));
        println!(
            "{nodes:<6} {:<7} {:<7} {virtual_rollout:<16} {wall_text:<9} {live_text:<15} {total_text}",
            timeline.len(),
            timeline.events().len(),
        );
        println!("       {rollout_done}");
        // Rebuilding a state in the middle of the run (what the UI's scrubber does).
        let middle = timeline.len() / 2;
        let t = Instant::now();
        let state = timeline.state_at(middle);
        println!(
            "       state_at({middle}) with {} pods in {:.1} ms",
            state.pods.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

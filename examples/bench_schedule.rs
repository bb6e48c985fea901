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

use kubeplay::engine::scheduler::node_info::ClusterSnapshot;
use kubeplay::engine::scheduler::schedule::schedule_one;

#[path = "support/schedule_cluster.rs"]
mod schedule_cluster;
#[path = "support/mod.rs"]
mod support;

use schedule_cluster::{cluster, incoming};

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

//! The scheduling benchmark's cycle in the browser: `bench_schedule`'s cluster and pod
//! (`support/schedule_cluster.rs`) behind a wasm-bindgen class, which
//! `tests/bench/schedule-bench.mjs` times in headless Chromium with `performance.now()`
//! (wasm has no clock of its own). Built by `scripts/bench.sh`:
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown --example bench_schedule_wasm
//! wasm-bindgen --target web --out-dir target/bench/schedule-wasm \
//!   target/wasm32-unknown-unknown/release/examples/bench_schedule_wasm.wasm
//! ```

use kubeplay::engine::api::{Node, Pod};
use kubeplay::engine::scheduler::node_info::ClusterSnapshot;
use kubeplay::engine::scheduler::schedule::schedule_one;
use wasm_bindgen::prelude::wasm_bindgen;

#[path = "support/schedule_cluster.rs"]
mod schedule_cluster;

/// One row of the benchmark: the generated cluster, its snapshot and the pod to place.
#[wasm_bindgen]
pub struct ScheduleBench {
    nodes: Vec<Node>,
    pods: Vec<Pod>,
    snapshot: ClusterSnapshot,
    incoming: Pod,
}

#[wasm_bindgen]
impl ScheduleBench {
    /// Generates `nodes` nodes with `pods_per_node` running pods each and their snapshot.
    #[wasm_bindgen(constructor)]
    pub fn new(nodes: usize, pods_per_node: usize) -> ScheduleBench {
        let (nodes, pods) = schedule_cluster::cluster(nodes, pods_per_node);
        let snapshot = ClusterSnapshot::new(&nodes, &pods);
        ScheduleBench {
            nodes,
            pods,
            snapshot,
            incoming: schedule_cluster::incoming(),
        }
    }

    /// How many running pods the cluster has.
    pub fn pods(&self) -> usize {
        self.pods.len()
    }

    /// Builds the snapshot again (the timed part of the native *snapshot* column).
    pub fn snapshot(&mut self) {
        self.snapshot = ClusterSnapshot::new(&self.nodes, &self.pods);
    }

    /// One scheduling cycle for the pod; the number of feasible nodes.
    pub fn cycle(&self) -> usize {
        schedule_one(&self.incoming, &self.snapshot).feasible.len()
    }
}

fn main() {}

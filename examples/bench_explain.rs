//! Benchmark: explain one DaemonSet over generated clusters (1,000, 5,000 and 20,000 nodes
//! by default; realistic labels, taints and 10 running pods per node unless
//! `--pods-per-node N`) and print a table with each row's peak RSS.
//!
//! Run with `cargo run --release --example bench_explain [NODES...] [--pods-per-node N]`
//! (see docs/cli.md). The cost must grow linearly with the number of nodes: the µs-per-node
//! column stays flat and the 20,000 / 5,000 ratio stays near 4.

use std::time::Instant;

use kubeplay::engine::api::{
    Affinity, Container, DaemonSet, DaemonSetSpec, DaemonSetStatus, DaemonSetUpdateStrategy, Node,
    NodeAffinity, NodeSelector, NodeSelectorTerm, ObjectMeta, Pod, PodSpec, PodTemplateSpec,
    Quantity, SelectorRequirement, Taint, TaintEffect, Toleration, TolerationOperator,
    UpdateStrategyType,
};
use kubeplay::engine::explain::explain_daemon_set;
use kubeplay::engine::scheduler::node_info::ClusterSnapshot;

#[path = "support/mod.rs"]
mod support;

/// A small deterministic generator (64-bit LCG), so every run builds the same cluster.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

fn q(s: &str) -> Quantity {
    Quantity::parse(s).unwrap_or_default()
}

fn taint(key: &str, value: &str, effect: TaintEffect) -> Taint {
    Taint {
        key: key.into(),
        value: value.into(),
        effect,
        time_added: None,
    }
}

fn cluster(n: usize, per_node: usize, rng: &mut Lcg) -> (Vec<Node>, Vec<Pod>) {
    let zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    let types = [
        "m5.large",
        "m5.xlarge",
        "c6i.2xlarge",
        "r6i.large",
        "g5.xlarge",
    ];
    let pools = ["general", "compute", "memory", "gpu", "batch", "system"];
    let mut nodes = Vec::with_capacity(n);
    let mut pods = Vec::with_capacity(n * per_node);
    for i in 0..n {
        let name = format!("node-{i:05}");
        let mut node = Node::default();
        node.metadata.name = name.clone();
        let labels = &mut node.metadata.labels;
        labels.insert("kubernetes.io/hostname".into(), name.clone());
        labels.insert(
            "kubernetes.io/os".into(),
            if rng.next(50) == 0 {
                "windows"
            } else {
                "linux"
            }
            .into(),
        );
        labels.insert(
            "kubernetes.io/arch".into(),
            if rng.next(4) == 0 { "arm64" } else { "amd64" }.into(),
        );
        labels.insert(
            "topology.kubernetes.io/zone".into(),
            zones[rng.next(3) as usize].into(),
        );
        labels.insert(
            "node.kubernetes.io/instance-type".into(),
            types[rng.next(5) as usize].into(),
        );
        labels.insert(
            "eks.amazonaws.com/nodegroup".into(),
            pools[rng.next(6) as usize].into(),
        );
        if rng.next(10) == 0 {
            labels.insert("eks.amazonaws.com/compute-type".into(), "fargate".into());
        }
        match rng.next(20) {
            0 => {
                labels.insert(
                    "node-role.kubernetes.io/control-plane".into(),
                    String::new(),
                );
                node.spec.taints.push(taint(
                    "node-role.kubernetes.io/control-plane",
                    "",
                    TaintEffect::NoSchedule,
                ));
            }
            1 => node
                .spec
                .taints
                .push(taint("nvidia.com/gpu", "present", TaintEffect::NoSchedule)),
            2 => node
                .spec
                .taints
                .push(taint("dedicated", "batch", TaintEffect::NoExecute)),
            3 => node
                .spec
                .taints
                .push(taint("spot", "true", TaintEffect::PreferNoSchedule)),
            4 => {
                node.spec.unschedulable = true;
                node.spec.taints.push(taint(
                    "node.kubernetes.io/unschedulable",
                    "",
                    TaintEffect::NoSchedule,
                ));
            }
            _ => {}
        }
        node.status.allocatable = [
            ("cpu".to_string(), q("8")),
            ("memory".to_string(), q("32Gi")),
            ("pods".to_string(), q("110")),
        ]
        .into();
        for j in 0..per_node {
            let mut p = Pod::default();
            p.metadata.name = format!("app-{i}-{j}");
            p.metadata.namespace = "default".into();
            p.spec.node_name = name.clone();
            p.spec.priority = Some(rng.next(3) as i32 * 100);
            let mut c = Container::default();
            c.resources.requests = [
                (
                    "cpu".to_string(),
                    Quantity::from_milli(100 + rng.next(700) as i64),
                ),
                ("memory".to_string(), q("512Mi")),
            ]
            .into();
            p.spec.containers.push(c);
            pods.push(p);
        }
        nodes.push(node);
    }
    (nodes, pods)
}

fn daemon_set() -> DaemonSet {
    let mut spec = PodSpec::default();
    spec.node_selector
        .insert("kubernetes.io/os".into(), "linux".into());
    spec.affinity = Some(Affinity {
        pod_affinity: None,
        pod_anti_affinity: None,
        node_affinity: Some(NodeAffinity {
            required: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: vec![
                        SelectorRequirement {
                            key: "kubernetes.io/arch".into(),
                            operator: "In".into(),
                            values: vec!["amd64".into(), "arm64".into()],
                        },
                        SelectorRequirement {
                            key: "eks.amazonaws.com/compute-type".into(),
                            operator: "NotIn".into(),
                            values: vec!["fargate".into()],
                        },
                    ],
                    match_fields: vec![],
                }],
            }),
            preferred: vec![],
        }),
        extra: vec![],
    });
    spec.tolerations.push(Toleration {
        key: "nvidia.com/gpu".into(),
        operator: Some(TolerationOperator::Exists),
        value: String::new(),
        effect: Some(TaintEffect::NoSchedule),
        toleration_seconds: None,
    });
    let mut c = Container::default();
    c.resources.requests = [
        ("cpu".to_string(), q("100m")),
        ("memory".to_string(), q("200Mi")),
    ]
    .into();
    spec.containers.push(c);
    DaemonSet {
        metadata: ObjectMeta {
            name: "node-agent".into(),
            namespace: "kube-system".into(),
            ..Default::default()
        },
        spec: DaemonSetSpec {
            selector: None,
            template: PodTemplateSpec {
                metadata: ObjectMeta::default(),
                spec,
            },
            update_strategy: DaemonSetUpdateStrategy {
                type_: UpdateStrategyType::RollingUpdate,
                rolling_update: None,
            },
            min_ready_seconds: 0,
            revision_history_limit: 10,
        },
        status: DaemonSetStatus::default(),
    }
}

/// Runs `f` `RUNS` times and returns its last result and the median wall time: a single
/// run on a shared 2-core VM varies by a factor of 3, the median far less.
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

/// One row: builds the cluster, then times the snapshot and the explanation.
fn row(n: usize, per_node: usize) -> (f64, String) {
    let ds = daemon_set();
    let mut rng = Lcg(42);
    let (nodes, pods) = cluster(n, per_node, &mut rng);
    let (snapshot, build) = median_time(|| ClusterSnapshot::new(&nodes, &pods));
    let (ex, explain) = median_time(|| explain_daemon_set(&ds, &snapshot, &[]));
    let explain_ms = explain.as_secs_f64() * 1e3;
    let text = format!(
        "| {n:>6} | {:>7} | {:>13.1} | {explain_ms:>12.1} | {:>7} | {:>11.1} | {:>12} |",
        pods.len(),
        build.as_secs_f64() * 1e3,
        ex.desired_number_scheduled,
        explain.as_secs_f64() * 1e6 / n as f64,
        support::mib_text(support::peak_rss_mib()),
    );
    (explain_ms, text)
}

fn main() {
    let args = support::args(&[1_000, 5_000, 20_000], 10);
    println!("Median of 7 runs each.");
    support::table(
        &args,
        &[
            "nodes ",
            "pods   ",
            "snapshot (ms)",
            "explain (ms)",
            "desired",
            "µs per node",
            "peak RSS MiB",
        ],
        row,
    );
}

//! The cluster and the incoming pod of the scheduling benchmark, shared by
//! `bench_schedule` (native) and `bench_schedule_wasm` (the same cycle in the browser):
//! `n` nodes over three zones with running pods of 200 apps, one in twenty with required
//! pod anti-affinity of its own, and a pod with required anti-affinity and two topology
//! spread constraints to place.

use kubeplay::engine::api::types::{
    Affinity, LabelSelector, PodAffinity, PodAffinityTerm, TopologySpreadConstraint,
};
use kubeplay::engine::api::{Container, Node, Pod, Quantity};

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
pub fn cluster(n: usize, per_node: usize) -> (Vec<Node>, Vec<Pod>) {
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
pub fn incoming() -> Pod {
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

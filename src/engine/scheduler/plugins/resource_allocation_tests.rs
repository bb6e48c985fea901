//! Upstream's scoring-strategy tables, with their names: `TestMostAllocatedScoringStrategy`,
//! `TestRequestedToCapacityRatioScoringStrategy`, `TestBrokenLinearFunction`,
//! `TestResourceBinPackingSingleExtended` and `TestResourceBinPackingMultipleExtended`.

use super::*;
use crate::engine::api::{Node, Pod};
use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::plugins::testutil::*;
use crate::engine::scheduler::resources::{pod_non_zero_requests, pod_requests};

fn spec(name: &str, weight: i64) -> ResourceSpec {
    ResourceSpec {
        name: name.into(),
        weight,
    }
}

fn default_resources() -> Vec<ResourceSpec> {
    vec![spec("cpu", 1), spec("memory", 1)]
}

fn capacity(name: &str, pairs: &[(&str, &str)]) -> Node {
    node_with_allocatable(name, pairs)
}

fn existing(node: &str, containers: &[&[(&str, &str)]]) -> Pod {
    on(pod_with_requests(&format!("on-{node}"), containers), node)
}

/// Every node's score, in the order given.
fn scores(strategy: &ScoringStrategy, p: &Pod, nodes: &[Node], pods: &[Pod]) -> Vec<i64> {
    let mut named: Vec<Pod> = pods.to_vec();
    for (i, q) in named.iter_mut().enumerate() {
        q.metadata.name = format!("existing-{i}");
    }
    let snap = ClusterSnapshot::new(nodes, &named);
    let (nz, req) = (pod_non_zero_requests(p), pod_requests(p));
    nodes
        .iter()
        .map(|n| {
            score(
                strategy,
                &nz,
                &req,
                snap.node(&n.metadata.name).expect("node"),
            )
        })
        .collect()
}

fn two_containers() -> Pod {
    pod_with_requests(
        "p",
        &[
            &[("cpu", "1000"), ("memory", "2000")],
            &[("cpu", "2000"), ("memory", "3000")],
        ],
    )
}

const EXTENDED: &str = "example.com/foo";

#[test]
fn most_allocated_scoring_strategy_table() {
    let most = |resources: Vec<ResourceSpec>| ScoringStrategy {
        kind: StrategyType::MostAllocated,
        resources,
    };
    let small = |n: &str| capacity(n, &[("cpu", "4000"), ("memory", "10000")]);
    let wide = |n: &str| capacity(n, &[("cpu", "6000"), ("memory", "10000")]);
    let big = |n: &str| capacity(n, &[("cpu", "10000"), ("memory", "20000")]);
    let ext = |n: &str, count: &str| {
        capacity(
            n,
            &[("cpu", "6000"), ("memory", "10000"), (EXTENDED, count)],
        )
    };
    let empty_container = || {
        let mut p = pod("p");
        p.spec.containers.push(container(&[]));
        p
    };
    type Case = (
        &'static str,
        Pod,
        Vec<Node>,
        Vec<Pod>,
        Vec<ResourceSpec>,
        Vec<i64>,
    );
    let cases: Vec<Case> = vec![
        (
            "nothing scheduled, nothing requested",
            pod("p"),
            vec![small("node1"), small("node2")],
            vec![],
            default_resources(),
            vec![0, 0],
        ),
        (
            "nothing scheduled, resources requested, differently sized nodes",
            two_containers(),
            vec![small("node1"), wide("node2")],
            vec![],
            default_resources(),
            vec![62, 50],
        ),
        (
            "no resources requested, pods scheduled with resources",
            pod("p"),
            vec![big("node1"), big("node2")],
            vec![
                existing("node1", &[&[("cpu", "3000"), ("memory", "0")]]),
                existing("node1", &[&[("cpu", "3000"), ("memory", "0")]]),
                existing("node2", &[&[("cpu", "3000"), ("memory", "0")]]),
                existing("node2", &[&[("cpu", "3000"), ("memory", "5000")]]),
            ],
            default_resources(),
            vec![30, 42],
        ),
        (
            "resources requested, pods scheduled with resources",
            two_containers(),
            vec![big("node1"), big("node2")],
            vec![
                existing("node1", &[&[("cpu", "3000"), ("memory", "0")]]),
                existing("node2", &[&[("cpu", "3000"), ("memory", "5000")]]),
            ],
            default_resources(),
            vec![42, 55],
        ),
        (
            "resources requested equal node capacity",
            pod_with_requests(
                "p",
                &[
                    &[("cpu", "2000"), ("memory", "4000")],
                    &[("cpu", "3000"), ("memory", "5000")],
                ],
            ),
            vec![
                capacity("node1", &[("cpu", "5000"), ("memory", "10000")]),
                capacity("node2", &[("cpu", "10000"), ("memory", "9000")]),
            ],
            vec![],
            default_resources(),
            vec![95, 75],
        ),
        (
            "nothing scheduled, resources requested, differently sized nodes (weighted)",
            two_containers(),
            vec![small("node1"), wide("node2")],
            vec![],
            vec![spec("memory", 2), spec("cpu", 1)],
            vec![58, 50],
        ),
        (
            "no resources requested, pods scheduled, nonzero request for resource",
            empty_container(),
            vec![
                capacity("node1", &[("cpu", "250m"), ("memory", "1000Mi")]),
                capacity("node2", &[("cpu", "250m"), ("memory", "1000Mi")]),
            ],
            vec![
                on(
                    {
                        let mut p = empty_container();
                        p.metadata.name = "a".into();
                        p
                    },
                    "node1",
                ),
                on(
                    {
                        let mut p = empty_container();
                        p.metadata.name = "b".into();
                        p
                    },
                    "node1",
                ),
            ],
            default_resources(),
            vec![80, 30],
        ),
        (
            "bypass extended resource if the pod does not request",
            two_containers(),
            vec![
                capacity("node1", &[("cpu", "6000"), ("memory", "10000")]),
                ext("node2", "4"),
            ],
            vec![],
            vec![spec("cpu", 1), spec("memory", 1), spec(EXTENDED, 1)],
            vec![50, 50],
        ),
        (
            "honor extended resource if the pod request",
            pod_with_requests(
                "p",
                &[&[("cpu", "3000"), ("memory", "5000"), (EXTENDED, "2")]],
            ),
            vec![ext("node1", "4"), ext("node2", "10")],
            vec![],
            vec![spec("cpu", 1), spec("memory", 1), spec(EXTENDED, 1)],
            vec![50, 40],
        ),
        (
            "if the node doesn't have a resource",
            pod_with_requests("p", &[&[("cpu", "3000"), ("memory", "4000")]]),
            vec![
                capacity("node1", &[("cpu", "6000"), ("memory", "10000")]),
                ext("node2", "4"),
            ],
            vec![],
            vec![spec(EXTENDED, 2), spec("cpu", 1), spec("memory", 1)],
            vec![45, 45],
        ),
    ];
    for (name, p, nodes, pods, resources, want) in cases {
        assert_eq!(scores(&most(resources), &p, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn requested_to_capacity_ratio_scoring_strategy_table() {
    let shape = vec![
        ShapePoint {
            utilization: 0,
            score: 10,
        },
        ShapePoint {
            utilization: 100,
            score: 0,
        },
    ];
    let strategy = ScoringStrategy {
        kind: StrategyType::RequestedToCapacityRatio { shape },
        resources: default_resources(),
    };
    let small = |n: &str| capacity(n, &[("cpu", "4000"), ("memory", "10000")]);
    let wide = |n: &str| capacity(n, &[("cpu", "6000"), ("memory", "10000")]);
    let bare = |n: &str, i: usize| {
        on(
            {
                let mut p = pod("x");
                p.metadata.name = format!("bare-{i}");
                p
            },
            n,
        )
    };
    type Case = (&'static str, Pod, Vec<Node>, Vec<Pod>, Vec<i64>);
    let cases: Vec<Case> = vec![
        ("nothing scheduled, nothing requested (default - least requested nodes have priority)",
            pod("p"), vec![small("node1"), small("node2")], vec![bare("node1", 0), bare("node1", 1)], vec![100, 100]),
        ("nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)",
            two_containers(), vec![small("node1"), wide("node2")], vec![bare("node1", 0), bare("node1", 1)], vec![38, 50]),
        ("no resources requested, pods scheduled with resources (default - least requested nodes have priority)",
            pod("p"), vec![small("node1"), wide("node2")],
            vec![existing("node1", &[&[("cpu", "3000"), ("memory", "5000")]]), existing("node2", &[&[("cpu", "3000"), ("memory", "5000")]])],
            vec![38, 50]),
    ];
    for (name, p, nodes, pods, want) in cases {
        assert_eq!(scores(&strategy, &p, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn broken_linear_function_table() {
    let pts = |v: &[(i64, i64)]| -> Vec<ShapePoint> {
        v.iter()
            .map(|&(utilization, score)| ShapePoint { utilization, score })
            .collect()
    };
    type Case = (Vec<ShapePoint>, Vec<(i64, i64)>);
    let cases: Vec<Case> = vec![
        (
            pts(&[(10, 1), (90, 9)]),
            vec![
                (-10, 1),
                (0, 1),
                (9, 1),
                (10, 1),
                (15, 1),
                (19, 1),
                (20, 2),
                (89, 8),
                (90, 9),
                (99, 9),
                (100, 9),
                (110, 9),
            ],
        ),
        (
            pts(&[(0, 2), (40, 10), (100, 0)]),
            vec![
                (-10, 2),
                (0, 2),
                (20, 6),
                (30, 8),
                (40, 10),
                (70, 5),
                (100, 0),
                (110, 0),
            ],
        ),
        (
            pts(&[(0, 2), (40, 2), (100, 2)]),
            vec![
                (-10, 2),
                (0, 2),
                (20, 2),
                (30, 2),
                (40, 2),
                (70, 2),
                (100, 2),
                (110, 2),
            ],
        ),
    ];
    for (i, (shape, checks)) in cases.iter().enumerate() {
        for &(p, want) in checks {
            assert_eq!(broken_linear(shape, p), want, "case_{i}: p={p}");
        }
    }
}

#[test]
fn resource_bin_packing_single_extended_table() {
    let strategy = ScoringStrategy {
        kind: StrategyType::RequestedToCapacityRatio {
            shape: vec![
                ShapePoint {
                    utilization: 0,
                    score: 0,
                },
                ShapePoint {
                    utilization: 100,
                    score: 1,
                },
            ],
        },
        resources: vec![spec(EXTENDED, 1)],
    };
    let n = |name: &str, count: &str| {
        capacity(
            name,
            &[("cpu", "4"), ("memory", "10000Mi"), (EXTENDED, count)],
        )
    };
    let nodes = vec![n("node1", "8"), n("node2", "4")];
    let wants = |count: &str| pod_with_requests("p", &[&[(EXTENDED, count)]]);
    let cases: Vec<(&str, Pod, Vec<Pod>, Vec<i64>)> = vec![
        ("nothing scheduled, nothing requested", pod("p"), vec![], vec![0, 0]),
        ("resources requested, pods scheduled with less resources", wants("2"), vec![on(pod("q"), "node1")], vec![2, 5]),
        ("resources requested, pods scheduled with resources, on node with existing pod running ", wants("2"),
            vec![existing("node2", &[&[(EXTENDED, "2")]])], vec![2, 10]),
        ("resources requested, pods scheduled with more resources", wants("4"), vec![on(pod("q"), "node1")], vec![5, 10]),
    ];
    for (name, p, pods, want) in cases {
        assert_eq!(scores(&strategy, &p, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn resource_bin_packing_multiple_extended_table() {
    let (foo, bar) = ("intel.com/foo", "intel.com/bar");
    let strategy = ScoringStrategy {
        kind: StrategyType::RequestedToCapacityRatio {
            shape: vec![
                ShapePoint {
                    utilization: 0,
                    score: 0,
                },
                ShapePoint {
                    utilization: 100,
                    score: 1,
                },
            ],
        },
        resources: vec![spec(foo, 3), spec(bar, 5)],
    };
    let n = |name: &str, foo_count: &str, bar_count: &str| {
        capacity(
            name,
            &[
                ("cpu", "4"),
                ("memory", "10000Mi"),
                (foo, foo_count),
                (bar, bar_count),
            ],
        )
    };
    let nodes = vec![n("node1", "8", "4"), n("node2", "4", "8")];
    let wants = |f: &str, b: &str| pod_with_requests("p", &[&[(foo, f), (bar, b)]]);
    let cases: Vec<(&str, Pod, Vec<Pod>, Vec<i64>)> = vec![
        ("nothing scheduled, nothing requested", pod("p"), vec![], vec![0, 0]),
        ("resources requested, pods scheduled with less resources", wants("2", "2"), vec![pod("q")], vec![4, 3]),
        ("resources requested, pods scheduled with resources, on node with existing pod running ", wants("2", "2"),
            vec![existing("node2", &[&[(foo, "4"), (bar, "2")]])], vec![4, 7]),
        ("resources requested, pods scheduled with more resources", wants("4", "2"), vec![pod("q")], vec![5, 5]),
    ];
    for (name, p, pods, want) in cases {
        assert_eq!(scores(&strategy, &p, &nodes, &pods), want, "{name}");
    }
}

#[test]
fn least_allocated_is_the_default_strategy_over_cpu_and_memory() {
    let strategy = ScoringStrategy::default();
    assert_eq!(strategy.kind, StrategyType::LeastAllocated);
    let nodes = vec![
        capacity("node1", &[("cpu", "4000"), ("memory", "10000")]),
        capacity("node2", &[("cpu", "6000"), ("memory", "10000")]),
    ];
    assert_eq!(scores(&strategy, &two_containers(), &nodes, &[]), [37, 50]);
}

/// Follows upstream `TestLeastAllocatedScoringStrategy` (noderesources/least_allocated_test.go).
#[test]
fn least_allocated_scoring_strategy_table() {
    let least = |resources: Vec<ResourceSpec>| ScoringStrategy {
        kind: StrategyType::LeastAllocated,
        resources,
    };
    let small = |n: &str| capacity(n, &[("cpu", "4000"), ("memory", "10000")]);
    let wide = |n: &str| capacity(n, &[("cpu", "6000"), ("memory", "10000")]);
    let big = |n: &str| capacity(n, &[("cpu", "10000"), ("memory", "20000")]);
    let ext = |n: &str, count: &str| {
        capacity(
            n,
            &[("cpu", "6000"), ("memory", "10000"), (EXTENDED, count)],
        )
    };
    let bare = |n: &str, i: usize| {
        let mut p = pod("x");
        p.metadata.name = format!("bare-{i}");
        on(p, n)
    };
    let cpu_only = |n: &str| existing(n, &[&[("cpu", "3000"), ("memory", "0")]]);
    let cpu_and_memory = |n: &str| existing(n, &[&[("cpu", "3000"), ("memory", "5000")]]);
    type Case = (
        &'static str,
        Pod,
        Vec<Node>,
        Vec<Pod>,
        Vec<ResourceSpec>,
        Vec<i64>,
    );
    let cases: Vec<Case> = vec![
        ("nothing scheduled, nothing requested",
            pod("p"), vec![small("node1"), small("node2")], vec![], default_resources(), vec![100, 100]),
        ("nothing scheduled, resources requested, differently sized nodes",
            two_containers(), vec![small("node1"), wide("node2")], vec![], default_resources(), vec![37, 50]),
        ("no resources requested, pods scheduled",
            pod("p"), vec![small("node1"), small("node2")],
            vec![bare("node1", 0), bare("node1", 1), bare("node2", 2), bare("node2", 3)],
            default_resources(), vec![100, 100]),
        ("no resources requested, pods scheduled with resources",
            pod("p"), vec![big("node1"), big("node2")],
            vec![cpu_only("node1"), cpu_only("node1"), cpu_only("node2"), cpu_and_memory("node2")],
            default_resources(), vec![70, 57]),
        ("resources requested, pods scheduled with resources",
            two_containers(), vec![big("node1"), big("node2")],
            vec![cpu_only("node1"), cpu_and_memory("node2")], default_resources(), vec![57, 45]),
        ("resources requested, pods scheduled with resources, differently sized nodes",
            two_containers(), vec![big("node1"), capacity("node2", &[("cpu", "10000"), ("memory", "50000")])],
            vec![cpu_only("node1"), cpu_and_memory("node2")], default_resources(), vec![57, 60]),
        ("requested resources exceed node capacity",
            pod_with_requests("p", &[&[("cpu", "3000"), ("memory", "0")]]), vec![small("node1"), small("node2")],
            vec![cpu_only("node1"), cpu_and_memory("node2")], default_resources(), vec![50, 25]),
        ("zero node resources, pods scheduled with resources",
            pod("p"), vec![capacity("node1", &[]), capacity("node2", &[])],
            vec![cpu_only("node1"), cpu_and_memory("node2")], default_resources(), vec![0, 0]),
        ("nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes",
            two_containers(), vec![small("node1"), wide("node2")], vec![],
            vec![spec("memory", 2), spec("cpu", 1)], vec![41, 50]),
        ("bypass extended resource if the pod does not request",
            two_containers(), vec![capacity("node1", &[("cpu", "6000"), ("memory", "10000")]), ext("node2", "4")], vec![],
            vec![spec("cpu", 1), spec("memory", 1), spec(EXTENDED, 1)], vec![50, 50]),
        ("honor extended resource if the pod requests",
            pod_with_requests("p", &[&[("cpu", "3000"), ("memory", "5000"), (EXTENDED, "2")]]),
            vec![ext("node1", "4"), ext("node2", "10")], vec![],
            vec![spec("cpu", 1), spec("memory", 1), spec(EXTENDED, 1)], vec![50, 60]),
        ("if the node doesn't have a resource",
            pod_with_requests("p", &[&[("cpu", "3000"), ("memory", "4000")]]),
            vec![capacity("node1", &[("cpu", "6000"), ("memory", "10000")]), ext("node2", "4")], vec![],
            vec![spec(EXTENDED, 2), spec("cpu", 1), spec("memory", 1)], vec![55, 55]),
    ];
    for (name, p, nodes, pods, resources, want) in cases {
        assert_eq!(scores(&least(resources), &p, &nodes, &pods), want, "{name}");
    }
}

/// Follows upstream `TestFitScore` (noderesources/fit_test.go), without the cases whose
/// extended resource is backed by DRA. The "if PreScore is not called" cases score the same:
/// kubeplay always runs PreScore.
#[test]
fn fit_score_table() {
    let shape = |points: &[(i64, i64)]| StrategyType::RequestedToCapacityRatio {
        shape: points
            .iter()
            .map(|&(utilization, score)| ShapePoint { utilization, score })
            .collect(),
    };
    let nodes = || {
        vec![
            capacity("node1", &[("cpu", "4000"), ("memory", "10000")]),
            capacity("node2", &[("cpu", "6000"), ("memory", "10000")]),
        ]
    };
    let equal_nodes = || {
        vec![
            capacity("node1", &[("cpu", "4000"), ("memory", "10000")]),
            capacity("node2", &[("cpu", "4000"), ("memory", "10000")]),
        ]
    };
    let pods = || {
        vec![
            existing("node1", &[&[("cpu", "2000"), ("memory", "4000")]]),
            existing("node2", &[&[("cpu", "1000"), ("memory", "2000")]]),
        ]
    };
    let with_sidecar = || {
        let mut p = existing("node1", &[&[("cpu", "1000"), ("memory", "2000")]]);
        let mut sidecar = container(&[("cpu", "1000"), ("memory", "2000")]);
        sidecar.restart_policy = Some("Always".into());
        p.spec.init_containers = vec![sidecar].into();
        vec![
            p,
            existing("node2", &[&[("cpu", "1000"), ("memory", "2000")]]),
        ]
    };
    let big = || pod_with_requests("p", &[&[("cpu", "3000"), ("memory", "5000")]]);
    let small = || pod_with_requests("p", &[&[("cpu", "1000"), ("memory", "2000")]]);
    type Case = (
        &'static str,
        StrategyType,
        Pod,
        Vec<Node>,
        Vec<Pod>,
        Vec<i64>,
    );
    let cases: Vec<Case> = vec![
        ("test case for ScoringStrategy RequestedToCapacityRatio case1",
            shape(&[(0, 10), (100, 0)]), big(), nodes(), pods(), vec![10, 32]),
        ("test case for ScoringStrategy RequestedToCapacityRatio case2",
            shape(&[(0, 0), (100, 10)]), big(), nodes(), pods(), vec![95, 68]),
        ("test case for ScoringStrategy MostAllocated",
            StrategyType::MostAllocated, small(), nodes(), pods(), vec![67, 36]),
        ("test case for ScoringStrategy LeastAllocated",
            StrategyType::LeastAllocated, small(), nodes(), pods(), vec![32, 63]),
        ("test case for ScoringStrategy RequestedToCapacityRatio case1 if PreScore is not called",
            shape(&[(0, 10), (100, 0)]), big(), nodes(), pods(), vec![10, 32]),
        ("test case for ScoringStrategy MostAllocated if PreScore is not called",
            StrategyType::MostAllocated, small(), nodes(), pods(), vec![67, 36]),
        ("test case for ScoringStrategy LeastAllocated if PreScore is not called",
            StrategyType::LeastAllocated, small(), nodes(), pods(), vec![32, 63]),
        ("test case for ScoringStrategy MostAllocated with sidecar container",
            StrategyType::MostAllocated, small(), equal_nodes(), with_sidecar(), vec![67, 45]),
        ("test case for ScoringStrategy LeastAllocated with sidecar container",
            StrategyType::LeastAllocated, small(), equal_nodes(), with_sidecar(), vec![32, 55]),
    ];
    for (name, kind, p, nodes, pods, want) in cases {
        let strategy = ScoringStrategy {
            kind,
            resources: default_resources(),
        };
        assert_eq!(scores(&strategy, &p, &nodes, &pods), want, "{name}");
    }
}

//! Tests of DefaultPreemption (`preemption.rs`), with upstream's
//! default_preemption_test.go and preemption_test.go cases by name.

use super::*;
use crate::engine::api::Condition;
use crate::engine::scheduler::plugins::testutil::*;
use crate::engine::scheduler::profile::default_profile;
use std::collections::BTreeMap;
use std::sync::Arc;

fn node_cpu(name: &str, cpu: &str) -> crate::engine::api::Node {
    node_with_allocatable(name, &[("cpu", cpu), ("memory", "100Gi"), ("pods", "110")])
}

fn running(name: &str, node: &str, cpu: &str, prio: i32, start: Option<&str>) -> Pod {
    let mut p = pod_with_requests(name, &[&[("cpu", cpu)]]);
    p.spec.node_name = node.into();
    p.spec.priority = Some(prio);
    p.status.start_time = start.map(String::from);
    p
}

#[test]
fn start_times_compare_as_instants() {
    let cases = [
        (
            "the earlier instant first",
            Some("2025-01-01T00:00:00Z"),
            Some("2025-01-01T00:00:01Z"),
            Ordering::Less,
        ),
        (
            "an offset is east of UTC",
            Some("2025-01-01T02:00:00+02:00"),
            Some("2025-01-01T01:00:00Z"),
            Ordering::Less,
        ),
        (
            "the same instant in two zones",
            Some("2025-01-01T00:00:00Z"),
            Some("2025-01-01T01:00:00+01:00"),
            Ordering::Equal,
        ),
        (
            "a fraction counts",
            Some("2025-01-01T00:00:00.5Z"),
            Some("2025-01-01T00:00:00Z"),
            Ordering::Greater,
        ),
        (
            "a nanosecond counts",
            Some("1970-01-01T00:00:00.000000005Z"),
            Some("1970-01-01T00:00:00.000000004Z"),
            Ordering::Greater,
        ),
        (
            "a missing start time is now",
            None,
            Some("2025-01-01T00:00:00Z"),
            Ordering::Greater,
        ),
    ];
    for (name, a, b, want) in cases {
        assert_eq!(cmp_start(a, b), want, "{name}");
    }
}

fn preemptor(cpu: &str, prio: i32) -> Pod {
    let mut p = pod_with_requests("preemptor", &[&[("cpu", cpu)]]);
    p.spec.priority = Some(prio);
    p
}

/// The filter status of every node that rejects `pod` (the pods here have no node
/// affinity, so PreFilter leaves every node in).
pub(super) fn statuses(snapshot: &ClusterSnapshot, pod: &Pod) -> NodeToStatus {
    let state = CycleState::for_snapshot(pod, snapshot);
    NodeToStatus {
        nodes: snapshot
            .nodes()
            .map(|n| {
                (
                    n.name().to_string(),
                    filter_with_nominated(&default_profile().filters, &state, snapshot, n),
                )
            })
            .filter(|(_, s)| !s.is_success())
            .collect(),
        ..Default::default()
    }
}

/// Follows upstream `TestSelectVictimsOnNode` / `TestDryRunPreemption` cases
/// (defaultpreemption/default_preemption_test.go).
#[test]
fn select_victims_on_node_table() {
    type Case = (
        &'static str,
        Vec<Pod>,
        Pod,
        Result<Vec<&'static str>, &'static str>,
    );
    let cases: Vec<Case> = vec![
        (
            "all lower-priority pods are removed, then the most important is reprieved",
            vec![
                running("low-1", "n", "1", 10, Some("2026-01-01T00:00:00Z")),
                running("low-2", "n", "1", 20, Some("2026-01-01T00:00:00Z")),
            ],
            preemptor("1", 100),
            Ok(vec!["low-1"]),
        ),
        (
            "equal priority is never preempted",
            vec![running("same", "n", "2", 100, None)],
            preemptor("1", 100),
            Err("No preemption victims found for incoming pod"),
        ),
        (
            "removing every lower-priority pod is not enough",
            vec![
                running("high", "n", "2", 1000, None),
                running("low", "n", "0.5", 1, None),
            ],
            preemptor("1", 100),
            Err("Insufficient cpu"),
        ),
        (
            "among equal priorities the pod that started earlier is reprieved",
            vec![
                running("late", "n", "1", 10, Some("2026-02-01T00:00:00Z")),
                running("early", "n", "1", 10, Some("2026-01-01T00:00:00Z")),
            ],
            preemptor("1", 100),
            Ok(vec!["late"]),
        ),
        (
            "several victims are needed, listed most important first",
            vec![
                running("a", "n", "1", 30, None),
                running("b", "n", "1", 20, None),
            ],
            preemptor("2", 100),
            Ok(vec!["a", "b"]),
        ),
    ];
    for (name, pods, p, want) in cases {
        let snap = ClusterSnapshot::new(&[node_cpu("n", "2")], &pods);
        let state = CycleState::new(&p);
        let got = select_victims_on_node(
            default_profile(),
            &state,
            &snap,
            snap.node("n").expect("node"),
        )
        .map(|(v, _)| {
            v.iter()
                .map(|x| x.pod.metadata.name.clone())
                .collect::<Vec<_>>()
        })
        .map_err(|s| s.message());
        let want = want
            .map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .map_err(String::from);
        assert_eq!(got, want, "{name}");
    }
}

/// A budget over `app: foo` in `default` with `allowed` disruptions and `disrupted`
/// pods (upstream's test budgets).
fn budget(allowed: i32, disrupted: &[&str]) -> Arc<PodDisruptionBudget> {
    let mut pdb = PodDisruptionBudget::default();
    pdb.metadata.namespace = "default".into();
    let mut selector = crate::engine::api::LabelSelector::default();
    selector.match_labels.insert("app".into(), "foo".into());
    pdb.spec.selector = Some(selector);
    pdb.status.disruptions_allowed = allowed;
    for pod in disrupted {
        pdb.status
            .disrupted_pods
            .insert(pod.to_string(), "2025-01-01T00:00:00Z".into());
    }
    Arc::new(pdb)
}

/// A running pod labelled `app: foo`.
fn guarded(name: &str, node: &str, cpu: &str, prio: i32) -> Pod {
    let mut p = running(name, node, cpu, prio, None);
    p.metadata.labels.insert("app".into(), "foo".into());
    p
}

/// Upstream `TestDryRunPreemption`'s budget cases: victims whose eviction takes a
/// budget below zero count as violations, a pod already in `disruptedPods` spends
/// nothing.
#[test]
fn dry_run_preemption_with_budgets() {
    let cases: Vec<(&str, usize, Vec<&str>, i64)> = vec![
        ("preemption with violation of same pdb", 2, vec![], 1),
        (
            "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
            2,
            vec!["p2"],
            1,
        ),
        (
            "preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods",
            2,
            vec!["p1.2"],
            0,
        ),
        (
            "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
            3,
            vec!["p1.3"],
            1,
        ),
    ];
    for (name, count, disrupted, violations) in cases {
        let pods: Vec<Pod> = (1..=count)
            .map(|i| guarded(&format!("p1.{i}"), "node1", "1", 10))
            .collect();
        let mut snap = ClusterSnapshot::new(&[node_cpu("node1", &count.to_string())], &pods);
        snap.set_pod_disruption_budgets(vec![budget(1, &disrupted)]);
        let p = preemptor(&count.to_string(), 100);
        let state = CycleState::new(&p);
        let (victims, got) = select_victims_on_node(
            default_profile(),
            &state,
            &snap,
            snap.node("node1").unwrap(),
        )
        .unwrap_or_else(|s| panic!("{name}: {}", s.message()));
        let mut names: Vec<String> = victims
            .iter()
            .map(|v| v.pod.metadata.name.clone())
            .collect();
        names.sort();
        let want: Vec<String> = pods.iter().map(|p| p.metadata.name.clone()).collect();
        assert_eq!((names, got), (want, violations), "{name}");
    }
}

/// Upstream's "preemption looks past numCandidates until a non-PDB violating node is
/// found": kubeplay dry-runs every node, and `pickOneNodeForPreemption` prefers the
/// nodes whose victims violate no budget.
#[test]
fn the_node_without_budget_violations_is_chosen() {
    let pods = vec![
        guarded("p1", "node1", "2", 10),
        guarded("p2", "node2", "2", 10),
        running("p3", "node3", "2", 10, None),
        running("p4", "node4", "2", 10, None),
        guarded("p5", "node5", "2", 10),
    ];
    let nodes: Vec<_> = (1..=5)
        .map(|i| node_cpu(&format!("node{i}"), "2"))
        .collect();
    let mut snap = ClusterSnapshot::new(&nodes, &pods);
    snap.set_pod_disruption_budgets(vec![budget(0, &[])]);
    let p = preemptor("2", 100);
    let result = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
    assert_eq!(result.nominated_node.as_deref(), Some("node3"));
    let victims: Vec<&str> = result.victims.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(victims, ["p3"]);
}

/// `filterPodsWithPDBViolation`: a budget with an empty selector, in another namespace,
/// or over other labels does not count; two pods spend one allowed disruption each.
#[test]
fn filter_pods_with_pdb_violation_table() {
    let pods = |names: &[&str]| -> Vec<PodInfo> {
        let snap = ClusterSnapshot::new(
            &[node_cpu("n", "8")],
            &names
                .iter()
                .map(|n| guarded(n, "n", "1", 1))
                .collect::<Vec<_>>(),
        );
        snap.node("n").unwrap().pods.to_vec()
    };
    let split = |budgets: Vec<Arc<PodDisruptionBudget>>| {
        let (violating, other) = filter_pods_with_pdb_violation(pods(&["a", "b"]), &budgets);
        let names = |v: Vec<PodInfo>| {
            v.iter()
                .map(|p| p.pod.metadata.name.clone())
                .collect::<Vec<_>>()
        };
        (names(violating), names(other))
    };
    assert_eq!(
        split(vec![budget(1, &[])]),
        (vec!["b".to_string()], vec!["a".to_string()])
    );
    assert_eq!(
        split(vec![budget(2, &[])]),
        (vec![], vec!["a".to_string(), "b".to_string()])
    );
    let mut empty = (*budget(0, &[])).clone();
    empty.spec.selector = Some(crate::engine::api::LabelSelector::default());
    assert_eq!(
        split(vec![Arc::new(empty)]).0,
        Vec::<String>::new(),
        "an empty selector matches nothing"
    );
    let mut elsewhere = (*budget(0, &[])).clone();
    elsewhere.metadata.namespace = "other".into();
    assert_eq!(
        split(vec![Arc::new(elsewhere)]).0,
        Vec::<String>::new(),
        "another namespace"
    );
}

fn cand(node: &str, victims: &[(i32, Option<&str>)]) -> Candidate {
    Candidate {
        node: node.into(),
        victims: victims
            .iter()
            .enumerate()
            .map(|(i, (p, s))| {
                PodInfo::new(Arc::new(running(&format!("{node}-{i}"), node, "1", *p, *s)))
            })
            .collect(),
        num_pdb_violations: 0,
    }
}

/// Follows upstream `TestPickOneNodeForPreemption`.
#[test]
fn pick_one_node_for_preemption_table() {
    let t1 = Some("2026-01-01T00:00:00Z");
    let t2 = Some("2026-01-02T00:00:00Z");
    let cases: Vec<(&str, Vec<Candidate>, &str)> = vec![
        (
            "No node needs preemption: the single candidate",
            vec![cand("node1", &[(10, t1)])],
            "node1",
        ),
        (
            "a node whose highest victim priority is lowest wins",
            vec![
                cand("node1", &[(100, t1)]),
                cand("node2", &[(50, t1), (50, t1)]),
            ],
            "node2",
        ),
        (
            "then the lowest sum of priorities",
            vec![
                cand("node1", &[(50, t1), (40, t1)]),
                cand("node2", &[(50, t1), (10, t1)]),
            ],
            "node2",
        ),
        (
            "the sum shifts priorities, so fewer negative-priority victims win",
            vec![
                cand("node1", &[(-10, t1), (-10, t1)]),
                cand("node2", &[(-10, t1)]),
            ],
            "node2",
        ),
        (
            "fewer victims of the same priority win",
            vec![
                cand("node1", &[(10, t1), (10, t1)]),
                cand("node2", &[(10, t1), (10, t1)]),
                cand("node3", &[(10, t1)]),
            ],
            "node3",
        ),
        (
            "then the latest start time among the highest-priority victims",
            vec![cand("node1", &[(10, t1)]), cand("node2", &[(10, t2)])],
            "node2",
        ),
        (
            "a victim without a start time counts as started now",
            vec![cand("node1", &[(10, t2)]), cand("node2", &[(10, None)])],
            "node2",
        ),
        (
            "start times compare as instants, whatever their offsets",
            vec![
                cand("node1", &[(10, Some("2026-01-01T02:00:00+02:00"))]),
                cand("node2", &[(10, Some("2026-01-01T01:00:00Z"))]),
            ],
            "node2",
        ),
        (
            "a complete tie goes to the first node by name",
            vec![cand("node1", &[(10, t1)]), cand("node2", &[(10, t1)])],
            "node1",
        ),
    ];
    for (name, cands, want) in cases {
        let got = pick_one_node_for_preemption(&cands).map(|c| c.node.as_str());
        assert_eq!(got, Some(want), "{name}");
    }
}

/// Upstream's `LabelKeyIsViolatingPDB`.
const IS_VIOLATING_PDB: &str = "test.kubernetes.io/is-violating-pdb";

/// `p` labelled [`IS_VIOLATING_PDB`] with `value`.
fn labelled_for_budget(mut p: Pod, value: &str) -> Pod {
    p.metadata
        .labels
        .insert(IS_VIOLATING_PDB.into(), value.into());
    p
}

/// A budget in `default` over `key: value` with `allowed` disruptions.
fn budget_over(key: &str, value: &str, allowed: i32) -> Arc<PodDisruptionBudget> {
    let mut pdb = PodDisruptionBudget::default();
    pdb.metadata.namespace = "default".into();
    let mut selector = crate::engine::api::LabelSelector::default();
    selector.match_labels.insert(key.into(), value.into());
    pdb.spec.selector = Some(selector);
    pdb.status.disruptions_allowed = allowed;
    Arc::new(pdb)
}

/// Follows upstream `TestPostFilter`.
#[test]
fn post_filter_table() {
    type Case = (
        &'static str,
        Vec<crate::engine::api::Node>,
        Vec<Pod>,
        Pod,
        Option<&'static str>,
        &'static str,
    );
    let never = {
        let mut p = preemptor("1", 100);
        p.spec.preemption_policy = Some("Never".into());
        p
    };
    let cases: Vec<Case> = vec![
        ("pod with higher priority can be made schedulable", vec![node_cpu("node1", "1")], vec![running("p1", "node1", "1", 10, None)], preemptor("1", 100), Some("node1"), ""),
        ("pod with tied priority is still unschedulable", vec![node_cpu("node1", "1")], vec![running("p1", "node1", "1", 100, None)], preemptor("1", 100), None, "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
        ("preemption should respect filteredNodesStatuses", vec![node_with_taints("node1", vec![taint("a", "", crate::engine::api::TaintEffect::NoSchedule)])], vec![], preemptor("1", 100), None, "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
        ("pod can be made schedulable on one node", vec![node_cpu("node1", "1"), node_cpu("node2", "1")], vec![running("p1", "node1", "1", 1000, None), running("p2", "node2", "1", 10, None)], preemptor("1", 100), Some("node2"), ""),
        ("no candidate nodes found, no enough resource after removing low priority pods", vec![node_cpu("node1", "2"), node_cpu("node2", "2")], vec![running("p1", "node1", "1", 1000, None), running("p2", "node2", "1", 1000, None), running("p3", "node1", "1", 10, None), running("p4", "node2", "1", 10, None)], preemptor("1.5", 100), None, "preemption: 0/2 nodes are available: 2 Insufficient cpu."),
        ("no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource", vec![node_cpu("node1", "2"), node_cpu("node2", "2"), node_cpu("node3", "2"), node_cpu("node4", "2")], vec![running("p1", "node1", "2", 1000, None), running("p2", "node2", "2", 1000, None), running("p3", "node3", "1.5", 1000, None), running("p4", "node3", "0.5", 10, None), running("p5", "node4", "1.5", 1000, None), running("p6", "node4", "0.5", 10, None)], preemptor("1", 100), None, "preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 No preemption victims found for incoming pod."),
        ("pod can be made schedulable on minHighestPriority node", vec![node_cpu("node1", "1"), node_cpu("node2", "1")], vec![labelled_for_budget(running("p1", "node1", "0.5", HIGH, None), "non-violating"), labelled_for_budget(running("p2", "node1", "0.5", LOW, None), "violating"), labelled_for_budget(running("p3", "node2", "1", MID, None), "violating")], preemptor("1", VERY_HIGH), Some("node2"), ""),
        ("a preemptionPolicy Never pod is not eligible", vec![node_cpu("node1", "1")], vec![running("p1", "node1", "1", 10, None)], never, None, "preemption: not eligible due to preemptionPolicy=Never."),
    ];
    for (name, nodes, pods, p, want_node, want_msg) in cases {
        let mut snap = ClusterSnapshot::new(&nodes, &pods);
        snap.set_pod_disruption_budgets(vec![
            budget_over(IS_VIOLATING_PDB, "violating", 0),
            budget_over(IS_VIOLATING_PDB, "non-violating", i32::MAX),
        ]);
        let r = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
        assert_eq!(r.nominated_node.as_deref(), want_node, "{name}");
        assert_eq!(r.message, want_msg, "{name}");
    }
}

/// Follows upstream `TestPostFilter` rows that pass the filter statuses explicitly: only
/// nodes marked `Unschedulable` are dry-run, absent and unresolvable ones count as
/// "Preemption is not helpful".
#[test]
fn post_filter_with_explicit_statuses_table() {
    let unsched = || Status::new(Code::Unschedulable, "", vec![]);
    let unresolvable = || Status::new(Code::UnschedulableAndUnresolvable, "", vec![]);
    let with = |explicit: Vec<(&str, Status)>| NodeToStatus {
        nodes: explicit
            .into_iter()
            .map(|(n, st)| (n.to_string(), st))
            .collect(),
        absent: unresolvable(),
    };
    type Case = (
        &'static str,
        Vec<crate::engine::api::Node>,
        Vec<Pod>,
        NodeToStatus,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "preemption should respect absent NodeToStatusMap entry meaning UnschedulableAndUnresolvable",
            vec![node_cpu("node1", "1")],
            vec![running("p1", "node1", "1", 10, None)],
            NodeToStatus::default(),
            "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
        (
            "no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don't have enough CPU resource",
            vec![node_cpu("node1", "1"), node_cpu("node2", "1"), node_cpu("node3", "1"), node_cpu("node4", "1")],
            vec![running("p1", "node1", "1", 10, None), running("p2", "node2", "1", 10, None)],
            with(vec![("node1", unsched()), ("node2", unsched()), ("node4", unresolvable())]),
            "preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.",
        ),
    ];
    for (name, nodes, pods, m, want) in cases {
        let snap = ClusterSnapshot::new(&nodes, &pods);
        let r = preempt(default_profile(), &preemptor("2", 100), &snap, &m);
        assert_eq!(r.nominated_node, None, "{name}");
        assert_eq!(r.message, want, "{name}");
    }
}

/// Follows upstream `TestNodesWherePreemptionMightHelp` (preemption_test.go): only the
/// nodes whose filter status is `Unschedulable` are dry-run, whatever the reason. Every
/// node holds a lower-priority pod the preemptor needs gone, so the nodes tried are
/// exactly the candidates.
#[test]
fn nodes_where_preemption_might_help_table() {
    use Code::{Unschedulable as U, UnschedulableAndUnresolvable as UU};
    let names = ["node1", "node2", "node3", "node4"];
    let nodes = names.map(|n| node_cpu(n, "1"));
    let pods: Vec<Pod> = names
        .iter()
        .map(|n| running(&format!("p-{n}"), n, "1", 10, None))
        .collect();
    let snap = ClusterSnapshot::new(&nodes, &pods);
    type Case = (
        &'static str,
        [(Code, &'static str); 4],
        &'static [&'static str],
    );
    let cases: [Case; 9] = [
        ("No node should be attempted",
            [(UU, "node(s) didn't match Pod's node affinity/selector"), (UU, "node(s) didn't match the requested node name"), (UU, "node(s) had untolerated taint(s)"), (UU, "node(s) didn't match pod affinity rules")], &[]),
        ("ErrReasonAntiAffinityRulesNotMatch should be tried as it indicates that the pod is unschedulable due to inter-pod anti-affinity",
            [(U, "node(s) didn't match pod anti-affinity rules"), (UU, "node(s) didn't match the requested node name"), (UU, "node(s) were unschedulable"), (U, "Unschedulable")], &["node1", "node4"]),
        ("ErrReasonAffinityRulesNotMatch should not be tried as it indicates that the pod is unschedulable due to inter-pod affinity, but ErrReasonAntiAffinityRulesNotMatch should be tried as it indicates that the pod is unschedulable due to inter-pod anti-affinity",
            [(UU, "node(s) didn't match pod affinity rules"), (U, "node(s) didn't match pod anti-affinity rules"), (U, "Unschedulable"), (U, "Unschedulable")], &["node2", "node3", "node4"]),
        ("Mix of failed predicates works fine",
            [(UU, "node(s) had no available disk"), (U, "Insufficient memory"), (U, "Unschedulable"), (U, "Unschedulable")], &["node2", "node3", "node4"]),
        ("Node condition errors should be considered unresolvable",
            [(UU, "node(s) had unknown conditions"), (U, "Unschedulable"), (U, "Unschedulable"), (U, "Unschedulable")], &["node2", "node3", "node4"]),
        ("ErrVolume... errors should not be tried as it indicates that the pod is unschedulable due to no matching volumes for pod on node",
            [(UU, "node(s) had no available volume zone"), (UU, "node(s) had volume node affinity conflict"), (UU, "node(s) didn't find available persistent volumes to bind"), (U, "Unschedulable")], &["node4"]),
        ("ErrReasonConstraintsNotMatch should be tried as it indicates that the pod is unschedulable due to topology spread constraints",
            [(U, "node(s) didn't match pod topology spread constraints"), (UU, "node(s) didn't match the requested node name"), (U, "node(s) didn't match pod topology spread constraints"), (U, "Unschedulable")], &["node1", "node3", "node4"]),
        ("UnschedulableAndUnresolvable status should be skipped but Unschedulable should be tried",
            [(U, ""), (UU, ""), (U, ""), (UU, "")], &["node1", "node3"]),
        ("ErrReasonNodeLabelNotMatch should not be tried as it indicates that the pod is unschedulable due to node doesn't have the required label",
            [(U, ""), (UU, "node(s) didn't match pod topology spread constraints (missing required label)"), (U, ""), (UU, "")], &["node1", "node3"]),
    ];
    for (name, node_statuses, want) in cases {
        let m = NodeToStatus {
            nodes: names
                .iter()
                .zip(node_statuses)
                .map(|(n, (code, reason))| {
                    let reasons = if reason.is_empty() {
                        vec![]
                    } else {
                        vec![reason.to_string()]
                    };
                    (n.to_string(), Status::new(code, "", reasons))
                })
                .collect(),
            ..Default::default()
        };
        let r = preempt(default_profile(), &preemptor("1", 100), &snap, &m);
        let tried: Vec<&str> = r.candidates.iter().map(|c| c.node.as_str()).collect();
        assert_eq!(tried, want, "{name}");
    }
}

/// Upstream's priorities (`lowPriority` … `veryHighPriority`).
pub(super) const NEG: i32 = -100;
pub(super) const LOW: i32 = 0;
pub(super) const MID: i32 = 100;
pub(super) const HIGH: i32 = 1000;
pub(super) const VERY_HIGH: i32 = 10000;

#[test]
fn a_terminating_victim_on_the_nominated_node_blocks_new_preemption() {
    let mut victim = running("victim", "node1", "1", 10, None);
    victim.metadata.deletion_timestamp = Some("2026-01-01T00:00:00Z".into());
    victim.status.conditions.push(Condition {
        type_: "DisruptionTarget".into(),
        status: "True".into(),
        reason: Some("PreemptionByScheduler".into()),
        ..Default::default()
    });
    let mut p = preemptor("1", 100);
    p.status.nominated_node_name = Some("node1".into());
    let snap = ClusterSnapshot::new(&[node_cpu("node1", "1")], &[victim]);
    let r = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
    assert_eq!(
        r.message,
        "preemption: not eligible due to a terminating pod on the nominated node."
    );
    assert!(!r.clear_nominated_node);
}

/// Follows upstream `TestPodEligibleToPreemptOthers`: `None` as the nominated node's
/// status is upstream's nil status (the node was not filtered).
#[test]
fn pod_eligible_to_preempt_others_table() {
    let nominated = |name: &str| {
        let mut p = preemptor("1", HIGH);
        p.metadata.name = name.into();
        p.status.nominated_node_name = Some("node1".into());
        p
    };
    let terminating_low = || {
        let mut p = running("p1", "node1", "0", LOW, None);
        p.metadata.deletion_timestamp = Some("2026-01-01T00:00:00Z".into());
        p
    };
    let never = {
        let mut p = preemptor("1", HIGH);
        p.spec.preemption_policy = Some(PREEMPT_NEVER.into());
        p
    };
    let unresolvable = Status::new(
        Code::UnschedulableAndUnresolvable,
        "TaintToleration",
        vec!["node(s) had untolerated taint(s)".into()],
    );
    type Case = (
        &'static str,
        Pod,
        Vec<Pod>,
        Vec<&'static str>,
        Option<Status>,
        bool,
    );
    let cases: Vec<Case> = vec![
        (
            "Pod with nominated node",
            nominated("p_with_nominated_node"),
            vec![terminating_low()],
            vec!["node1"],
            Some(unresolvable),
            true,
        ),
        (
            "Pod without nominated node",
            preemptor("1", HIGH),
            vec![],
            vec![],
            None,
            true,
        ),
        (
            "Pod with 'PreemptNever' preemption policy",
            never,
            vec![],
            vec![],
            None,
            false,
        ),
        (
            "preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition",
            nominated("p_with_nominated_node"),
            vec![{
                let mut p = terminating_low();
                p.status.conditions.push(Condition {
                    type_: "DisruptionTarget".into(),
                    status: "True".into(),
                    reason: Some("PreemptionByScheduler".into()),
                    ..Default::default()
                });
                p
            }],
            vec!["node1"],
            None,
            false,
        ),
        (
            "non-victim Pods terminating",
            nominated("p_with_nominated_node"),
            vec![terminating_low()],
            vec!["node1"],
            None,
            true,
        ),
    ];
    for (name, p, pods, nodes, nominated_status, want) in cases {
        let nodes: Vec<_> = nodes.iter().map(|n| node_cpu(n, "1")).collect();
        let snap = ClusterSnapshot::new(&nodes, &pods);
        let m = NodeToStatus {
            nodes: BTreeMap::new(),
            absent: nominated_status.unwrap_or_else(Status::success),
        };
        assert_eq!(
            pod_eligible_to_preempt_others(&p, &snap, &m).is_ok(),
            want,
            "{name}"
        );
    }
}

/// Follows upstream `TestSelectCandidate` / `TestPickOneNodeForPreemption`: every node
/// where preemption would help is a candidate with its victims; one is chosen.
#[test]
fn every_candidate_is_listed_with_its_victims_and_the_chosen_one_is_marked() {
    let name_and_priority = |c: &PreemptionCandidate| -> (String, Vec<(String, i32)>, bool) {
        let victims = c
            .victims
            .iter()
            .map(|v| (v.name.clone(), v.priority))
            .collect();
        (c.node.clone(), victims, c.chosen)
    };
    type Want = Vec<(&'static str, Vec<(&'static str, i32)>, bool)>;
    let cases: Vec<(&str, Vec<crate::engine::api::Node>, Vec<Pod>, Want)> = vec![
        (
            "the node whose highest victim has the lowest priority is chosen (the more important pod there is reprieved); the other is still listed",
            vec![node_cpu("node1", "2"), node_cpu("node2", "2"), node_cpu("node3", "2")],
            vec![
                running("mid", "node1", "2", 50, None),
                running("low-a", "node2", "1", 10, None),
                running("low-b", "node2", "1", 20, None),
                running("high", "node3", "2", 1000, None),
            ],
            vec![
                ("node1", vec![("mid", 50)], false),
                ("node2", vec![("low-a", 10)], true),
            ],
        ),
        (
            "a single candidate is the chosen one",
            vec![node_cpu("node1", "1")],
            vec![running("p1", "node1", "1", 10, None)],
            vec![("node1", vec![("p1", 10)], true)],
        ),
        (
            "no candidate: nothing is listed",
            vec![node_cpu("node1", "1")],
            vec![running("p1", "node1", "1", 100, None)],
            vec![],
        ),
    ];
    for (name, nodes, pods, want) in cases {
        let snap = ClusterSnapshot::new(&nodes, &pods);
        let p = preemptor("1", 100);
        let r = preempt(default_profile(), &p, &snap, &statuses(&snap, &p));
        let got: Vec<_> = r.candidates.iter().map(name_and_priority).collect();
        let want: Vec<_> = want
            .into_iter()
            .map(|(n, v, c)| {
                let v = v.into_iter().map(|(x, p)| (x.to_string(), p)).collect();
                (n.to_string(), v, c)
            })
            .collect();
        assert_eq!(got, want, "{name}");
        let chosen = r
            .candidates
            .iter()
            .find(|c| c.chosen)
            .map(|c| c.node.as_str());
        assert_eq!(chosen, r.nominated_node.as_deref(), "{name}");
    }
}

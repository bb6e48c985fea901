//! Scheduling cycles with InterPodAffinity and PodTopologySpread: the FailedScheduling
//! message with their reasons among taints and resources (as upstream's `FitError`
//! composes it), preemption's dry run removing victims that block anti-affinity or spread
//! (upstream `TestDryRunPreemption` / `TestSelectCandidate` cases with pod affinity), and
//! nominated pods counted through `AddPod`.

use super::node_info::ClusterSnapshot;
use super::schedule::schedule_one;
use crate::engine::api::types::{Affinity, PodAffinity, TopologySpreadConstraint};
use crate::engine::api::{Node, Pod, TaintEffect};
use crate::engine::scheduler::plugins::testutil::*;

fn worker(name: &str, cpu: &str, zone: &str) -> Node {
    let mut n = node_with_allocatable(name, &[("cpu", cpu), ("memory", "8Gi"), ("pods", "110")]);
    n.metadata.labels = [("kubernetes.io/hostname", name), ("zone", zone)]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    n
}

fn web(name: &str, node: &str, prio: i32) -> Pod {
    let mut p = on(labelled(name, &[("app", "web")]), node);
    p.spec.priority = Some(prio);
    p
}

/// A pod of `cpu` with required anti-affinity to `app=web` per hostname.
fn one_per_node(cpu: &str, prio: i32) -> Pod {
    let mut p = pod_with_requests("incoming", &[&[("cpu", cpu)]]);
    p.metadata.labels.insert("app".into(), "web".into());
    p.spec.priority = Some(prio);
    p.spec.affinity = Some(Affinity {
        pod_anti_affinity: Some(PodAffinity {
            required: vec![term(
                selector("app", "In", &["web"]),
                "kubernetes.io/hostname",
            )],
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    p
}

#[test]
fn the_failed_scheduling_message_counts_anti_affinity_among_taints_and_resources() {
    let mut cp = worker("control-plane", "4", "a");
    cp.spec.taints = vec![taint(
        "node-role.kubernetes.io/control-plane",
        "",
        TaintEffect::NoSchedule,
    )];
    let snap = ClusterSnapshot::new(
        &[cp, worker("w1", "4", "a"), worker("w2", "1", "b")],
        &[web("web-1", "w1", 0)],
    );
    let out = schedule_one(&one_per_node("2", 0), &snap);
    assert_eq!(
        out.failed_scheduling_message.as_deref(),
        Some("0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod anti-affinity rules, 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.")
    );
}

#[test]
fn required_pod_affinity_that_nothing_matches_is_not_helped_by_preemption() {
    let mut p = pod("p");
    p.spec.affinity = Some(Affinity {
        pod_affinity: Some(PodAffinity {
            required: vec![term(selector("app", "In", &["db"]), "zone")],
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    let snap = ClusterSnapshot::new(&[worker("w1", "4", "a"), worker("w2", "4", "b")], &[]);
    assert_eq!(
        schedule_one(&p, &snap).failed_scheduling_message.as_deref(),
        Some("0/2 nodes are available: 2 node(s) didn't match pod affinity rules. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    );
}

#[test]
fn preemption_evicts_the_lower_priority_pod_that_blocks_anti_affinity() {
    let snap = ClusterSnapshot::new(
        &[worker("w1", "4", "a"), worker("w2", "4", "b")],
        &[web("web-1", "w1", 0), web("web-2", "w2", 0)],
    );
    let out = schedule_one(&one_per_node("1", 100), &snap);
    let p = out.preemption.expect("preemption ran");
    assert_eq!(p.nominated_node.as_deref(), Some("w1"));
    let victims: Vec<&str> = p.victims.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(victims, ["web-1"]);
    assert_eq!(p.candidates.len(), 2, "both nodes are candidates");
}

#[test]
fn a_pod_that_an_existing_pods_anti_affinity_excludes_preempts_that_pod() {
    let mut guard = web("guard", "w1", 0);
    guard.metadata.labels = Default::default();
    guard.spec.affinity = Some(Affinity {
        pod_anti_affinity: Some(PodAffinity {
            required: vec![term(selector("app", "In", &["web"]), "zone")],
            preferred: Vec::new(),
        }),
        ..Default::default()
    });
    let snap = ClusterSnapshot::new(&[worker("w1", "4", "a")], &[guard]);
    let mut incoming = labelled("incoming", &[("app", "web")]);
    incoming.spec.priority = Some(10);
    let out = schedule_one(&incoming, &snap);
    assert!(out
        .failed_scheduling_message
        .as_deref()
        .is_some_and(|m| m.starts_with(
            "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules."
        )));
    let p = out.preemption.expect("preemption ran");
    assert_eq!(p.nominated_node.as_deref(), Some("w1"));
    assert_eq!(p.victims.len(), 1);
}

#[test]
fn topology_spread_places_the_pod_in_the_emptier_zone() {
    let mut incoming = labelled("incoming", &[("app", "web")]);
    incoming.spec.topology_spread_constraints = vec![TopologySpreadConstraint {
        max_skew: 1,
        topology_key: "zone".into(),
        when_unsatisfiable: "DoNotSchedule".into(),
        label_selector: Some(selector("app", "In", &["web"])),
        ..Default::default()
    }];
    let snap = ClusterSnapshot::new(
        &[worker("w1", "4", "a"), worker("w2", "4", "b")],
        &[web("web-1", "w1", 0)],
    );
    let out = schedule_one(&incoming, &snap);
    assert_eq!(out.selected_node.as_deref(), Some("w2"));
    assert_eq!(out.feasible, ["w2"]);
}

#[test]
fn a_nominated_pod_counts_for_the_anti_affinity_of_a_pod_of_lower_priority() {
    let mut nominated = labelled("nominated", &[("app", "web")]);
    nominated.spec.priority = Some(100);
    nominated.status.nominated_node_name = Some("w1".into());
    let snap = ClusterSnapshot::new(
        &[worker("w1", "4", "a"), worker("w2", "4", "b")],
        &[nominated],
    );
    let out = schedule_one(&one_per_node("1", 0), &snap);
    assert_eq!(out.selected_node.as_deref(), Some("w2"));
}

#[test]
fn preferred_anti_affinity_and_spread_show_in_the_scores() {
    let mut incoming = labelled("incoming", &[("app", "web")]);
    incoming.spec.topology_spread_constraints = vec![TopologySpreadConstraint {
        max_skew: 1,
        topology_key: "zone".into(),
        when_unsatisfiable: "ScheduleAnyway".into(),
        label_selector: Some(selector("app", "In", &["web"])),
        ..Default::default()
    }];
    let snap = ClusterSnapshot::new(
        &[worker("w1", "4", "a"), worker("w2", "4", "b")],
        &[web("web-1", "w1", 0)],
    );
    let out = schedule_one(&incoming, &snap);
    assert_eq!(out.selected_node.as_deref(), Some("w2"));
    let spread: Vec<(String, i64, i64, i64)> = out
        .scores
        .iter()
        .flat_map(|n| {
            n.plugins
                .iter()
                .filter(|p| p.plugin == "PodTopologySpread")
                .map(|p| (n.node.clone(), p.raw, p.score, p.weight))
        })
        .collect();
    // log(2 + 2) × {1, 0} + 0 → {1, 0}; reversed: 100 × (1 + 0 − s) / 1.
    assert_eq!(
        spread,
        [("w1".to_string(), 1, 0, 2), ("w2".to_string(), 0, 100, 2)]
    );
}

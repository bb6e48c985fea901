//! Goals checked on the default cluster (the tutorial's DaemonSet on a control-plane node
//! and three workers) with a few steps: a rollout wait, a cordon and a drain.

use super::*;
use crate::engine::sim::cluster::DEFAULT_SCENARIO;
use crate::engine::sim::Simulation;
use crate::engine::yaml::load;

const STEPS: &str = "
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {name: goals}
spec:
  steps:
  - wait: {until: rolloutComplete, daemonSet: fluentd-elasticsearch, namespace: kube-system}
  - after: 5s
    cordon: worker-1
  - drain: {node: worker-2, ignoreDaemonSets: true}
  goals:
";

/// The default scenario's objects, without its own Scenario.
fn cluster() -> &'static str {
    let end = DEFAULT_SCENARIO
        .find("---\napiVersion: kubeplay.dev/v1alpha1")
        .unwrap_or(DEFAULT_SCENARIO.len());
    DEFAULT_SCENARIO[..end].trim_end()
}

/// One goal, written as a list item under `goals:` (without its id and title).
fn goal_text(id: usize, body: &str) -> String {
    let body = body.trim().replace('\n', "\n    ");
    format!("  - id: g{id}\n    title: {{en: goal {id}, zh: 目标 {id}}}\n    {body}\n")
}

/// The default cluster with [`STEPS`] and `goals`, simulated and checked against itself.
fn results(goals: &[&str]) -> (Vec<GoalResult>, Timeline) {
    let bodies = goals.len();
    let mut text = format!("{}{STEPS}", cluster());
    for (i, body) in goals.iter().enumerate() {
        text.push_str(&goal_text(i, body));
    }
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let timeline = Simulation::run(&loaded.objects, None);
    let goals = &loaded
        .objects
        .scenario
        .as_ref()
        .expect("a scenario")
        .spec
        .goals;
    assert_eq!(goals.len(), bodies, "every goal decoded");
    (
        evaluate(goals, &timeline, &loaded.objects, &loaded.objects),
        timeline,
    )
}

#[test]
fn conditions_over_pods_workloads_nodes_drains_and_events_are_met_or_not() {
    let table: &[(&str, &str, bool)] = &[
        (
            "a daemon pod runs on each of the three workers at the end",
            "atEnd: {pods: {daemonSet: fluentd-elasticsearch, namespace: kube-system}, count: 3}",
            true,
        ),
        (
            "no daemon pod runs on the tainted control-plane node",
            "atEnd: {pods: {daemonSet: fluentd-elasticsearch, node: control-plane}, count: 0}",
            true,
        ),
        (
            "four daemon pods are never reached",
            "atEnd: {pods: {daemonSet: fluentd-elasticsearch}, count: '>= 4'}",
            false,
        ),
        (
            "pods are matched by the labels of their node",
            "atEnd: {pods: {nodeSelector: {matchLabels: {topology.kubernetes.io/zone: zone-b}}}, count: 2}",
            true,
        ),
        (
            "pods are matched by their own labels and image",
            "atEnd: {pods: {selector: {matchLabels: {name: fluentd-elasticsearch}}, image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2'}, count: 3}",
            true,
        ),
        (
            "a field compares with another field of the same DaemonSet",
            "atEnd: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: numberAvailable, is: '>= desiredNumberScheduled'}",
            true,
        ),
        (
            "the DaemonSet is on its first revision",
            "atEnd: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: revision, is: 1}",
            true,
        ),
        (
            "the rollout is complete at the end",
            "atEnd: {daemonSet: fluentd-elasticsearch, namespace: kube-system, rolloutComplete: true}",
            true,
        ),
        (
            "a DaemonSet in the wrong namespace does not exist",
            "atEnd: {daemonSet: fluentd-elasticsearch, rolloutComplete: true}",
            false,
        ),
        (
            "the cordoned worker is not schedulable and still Ready",
            "atEnd: {node: worker-1, ready: true, schedulable: false}",
            true,
        ),
        (
            "worker-3 was never cordoned",
            "atEnd: {node: worker-3, schedulable: false}",
            false,
        ),
        ("the drain of worker-2 completed", "atEnd: {drained: worker-2}", true),
        ("worker-3 was not drained", "atEnd: {drained: worker-3}", false),
        (
            "no pod failed to schedule",
            "atEnd: {event: {reason: FailedScheduling}, count: 0}",
            true,
        ),
        (
            "the DaemonSet created its three pods",
            "atEnd: {event: {reason: SuccessfulCreate, kind: DaemonSet, message: 'Created pod'}, count: 3}",
            true,
        ),
        (
            "allOf holds when every condition holds",
            "atEnd: {allOf: [{drained: worker-2}, {node: worker-1, schedulable: false}]}",
            true,
        ),
        (
            "anyOf holds when one condition holds",
            "atEnd: {anyOf: [{drained: worker-3}, {drained: worker-2}]}",
            true,
        ),
        (
            "not turns a held condition into a failed one",
            "atEnd: {not: {drained: worker-2}}",
            false,
        ),
        (
            "eventually: the daemon pods become available at some frame",
            "eventually: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: numberAvailable, is: 3}",
            true,
        ),
        (
            "always from the loading frame breaks: the pods are not available yet",
            "always: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: numberAvailable, is: '>= 3'}",
            false,
        ),
        (
            "always from the cordon step holds: the daemon pods stay through cordon and drain",
            "always: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: numberAvailable, is: '>= 3'}\nfrom: {step: 2}",
            true,
        ),
        (
            "eventually before the rollout ended does not see the drain",
            "eventually: {drained: worker-2}\nuntil: {step: 2}",
            false,
        ),
    ];
    let bodies: Vec<&str> = table.iter().map(|(_, body, _)| *body).collect();
    let (results, _) = results(&bodies);
    for ((name, _, met), result) in table.iter().zip(&results) {
        assert_eq!(result.met, *met, "{name}: {result:?}");
        assert_eq!(
            result.reason.is_none(),
            *met,
            "{name}: a reason exactly when not met"
        );
    }
}

#[test]
fn an_unmet_goal_says_why_naming_the_object_at_fault() {
    let (results, timeline) = results(&[
        "atEnd: {pods: {daemonSet: fluentd-elasticsearch}, count: '>= 4'}",
        "always: {daemonSet: fluentd-elasticsearch, namespace: kube-system, field: numberAvailable, is: '>= 3'}",
        "atEnd: {not: {drained: worker-2}}",
        "eventually: {node: worker-9, ready: true}",
    ]);
    let reasons: Vec<&str> = results.iter().filter_map(|r| r.reason.as_deref()).collect();
    assert_eq!(
        reasons,
        [
            "3 pods (of DaemonSet fluentd-elasticsearch, Running and Ready), wanted >= 4",
            "DaemonSet kube-system/fluentd-elasticsearch: numberAvailable is 0, wanted >= 3",
            "it holds, and must not: node worker-2 was drained",
            "never: node worker-9 does not exist",
        ]
    );
    assert_eq!(
        results[1].broken_at,
        Some(1),
        "broken as soon as the objects load"
    );
    assert_eq!(
        results[1].window,
        Some(Span {
            first: 1,
            last: timeline.len() - 1
        })
    );
}

#[test]
fn a_checklist_reads_each_goals_state_at_any_frame_from_the_result() {
    let (results, timeline) = results(&[
        "eventually: {drained: worker-2}",
        "atEnd: {node: worker-1, schedulable: false}",
        "always: {pods: {daemonSet: fluentd-elasticsearch, node: worker-3}, count: '<= 1'}",
    ]);
    let last = timeline.len() - 1;
    let drained = &results[0];
    let at = drained.met_at.expect("the drain completes");
    assert!(timeline.frames()[at]
        .output
        .contains(&"node/worker-2 drained".to_string()));
    assert!(!drained.ticked_at(at - 1) && drained.ticked_at(at) && drained.ticked_at(last));
    let cordoned = &results[1];
    let since = cordoned.met_at.expect("cordoned to the end");
    assert!(timeline.frames()[since].title.contains("cordon worker-1"));
    assert!(!cordoned.ticked_at(since - 1) && cordoned.ticked_at(since));
    let invariant = &results[2];
    assert!(invariant.met);
    assert!(!invariant.ticked_at(0), "not before its window opens");
    assert!(invariant.ticked_at(1) && invariant.ticked_at(last));
}

#[test]
fn unchanged_compares_the_loaded_objects_not_the_text() {
    let baseline = load(DEFAULT_SCENARIO).objects;
    let goal = |field: Option<&str>| crate::engine::api::goals::Unchanged {
        kind: "Node".into(),
        name: "control-plane".into(),
        namespace: String::new(),
        field: field.map(str::to_string),
    };
    let reformatted = DEFAULT_SCENARIO.replace(
        "  taints:\n  - key: node-role.kubernetes.io/control-plane\n    effect: NoSchedule",
        "  taints: [{effect: NoSchedule, key: node-role.kubernetes.io/control-plane}]",
    );
    assert_ne!(reformatted, DEFAULT_SCENARIO);
    let untainted = DEFAULT_SCENARIO.replace(
        "  taints:\n  - key: node-role.kubernetes.io/control-plane\n    effect: NoSchedule\n",
        "",
    );
    let relabelled = DEFAULT_SCENARIO.replacen(
        "    topology.kubernetes.io/zone: zone-a\nspec:",
        "    topology.kubernetes.io/zone: zone-c\nspec:",
        1,
    );
    // (case, attempt text, field compared, the check's answer)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, Result<(), &'a str>);
    let table: &[Case] = &[
        ("the same text", DEFAULT_SCENARIO, None, Ok(())),
        (
            "the taints written in flow style",
            &reformatted,
            Some("spec.taints"),
            Ok(()),
        ),
        (
            "the taint removed",
            &untainted,
            Some("spec.taints"),
            Err("Node control-plane: spec.taints was changed"),
        ),
        (
            "another field changed, the taints kept",
            &relabelled,
            Some("spec.taints"),
            Ok(()),
        ),
        (
            "another field changed, the whole node compared",
            &relabelled,
            None,
            Err("Node control-plane was changed"),
        ),
    ];
    for (name, text, field, want) in table {
        let attempt = load(text).objects;
        let got = unchanged::check(&goal(*field), &baseline, &attempt);
        assert_eq!(got, want.map_err(str::to_string), "{name}");
    }
    let mut without = baseline.clone();
    without.nodes.retain(|n| n.metadata.name != "control-plane");
    assert_eq!(
        unchanged::check(&goal(None), &baseline, &without),
        Err("Node control-plane is missing from the attempt".to_string())
    );
}

//! The scenario steps on Deployments, ReplicaSets and StatefulSets: how they are written (one kind key
//! names the workload), the errors when they are written wrong, their YAML round trip, and
//! what kubectl prints for each when it runs.

use kubeplay::engine::api::scenario::{Action, Duration, PodRef, Wait, Workload, WorkloadKind};
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::yaml::{load, to_yaml};

/// A scenario with `steps` (YAML list items, indented under `steps:`).
fn scenario(steps: &str) -> String {
    format!(
        "apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: steps}}
spec:
  steps:
{steps}"
    )
}

/// The Deployment `web` with 3 replicas of `nginx:1`, on one roomy node.
const WEB: &str = "apiVersion: v1
kind: Node
metadata: {name: worker-1}
status:
  allocatable: {cpu: '4', memory: 8Gi, pods: '110'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1', resources: {requests: {cpu: 10m}}}]
";

#[test]
fn every_deployment_step_decodes_with_its_workload_named_by_its_kind_key() {
    let text = scenario(
        "  - setImage: {deployment: web, namespace: apps, container: web, image: 'nginx:2'}
  - scale: {deployment: web, replicas: 5}
  - scale: {replicaSet: web-abc, replicas: 0}
  - pause: {deployment: web}
  - resume: {deployment: web}
  - rollback: {deployment: web, toRevision: 1}
  - wait: {until: rolloutComplete, deployment: web, timeout: 2m}
  - setImage: {daemonSet: fluentd, image: 'fluentd:2'}
",
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let steps = loaded.objects.scenario.expect("a scenario").spec.steps;
    let web = Workload::deployment("web", "default");
    let actions: Vec<Action> = steps.into_iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [
            Action::SetImage {
                workload: Workload::deployment("web", "apps"),
                container: Some("web".into()),
                image: "nginx:2".into(),
            },
            Action::Scale {
                workload: web.clone(),
                replicas: 5,
            },
            Action::Scale {
                workload: Workload::new(WorkloadKind::ReplicaSet, "web-abc", "default"),
                replicas: 0,
            },
            Action::Pause(web.clone()),
            Action::Resume(web.clone()),
            Action::Rollback {
                workload: web.clone(),
                to_revision: Some(1),
            },
            Action::Wait(Wait::RolloutComplete {
                workload: web,
                timeout: Some(Duration::from_secs(120)),
            }),
            Action::SetImage {
                workload: Workload::daemon_set("fluentd", "default"),
                container: None,
                image: "fluentd:2".into(),
            },
        ]
    );
}

#[test]
fn every_stateful_set_step_names_its_set_as_one_more_workload_kind() {
    let text = scenario(
        "  - setImage: {statefulSet: db, namespace: data, image: 'postgres:17'}
  - scale: {statefulSet: db, replicas: 5}
  - rollback: {statefulSet: db, toRevision: 2}
  - deletePod: {statefulSet: db, ordinal: 2}
  - wait: {until: rolloutComplete, statefulSet: db, timeout: 2m}
",
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let steps = loaded.objects.scenario.expect("a scenario").spec.steps;
    let db = Workload::new(WorkloadKind::StatefulSet, "db", "default");
    let actions: Vec<Action> = steps.into_iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [
            Action::SetImage {
                workload: Workload::new(WorkloadKind::StatefulSet, "db", "data"),
                container: None,
                image: "postgres:17".into(),
            },
            Action::Scale {
                workload: db.clone(),
                replicas: 5,
            },
            Action::Rollback {
                workload: db.clone(),
                to_revision: Some(2),
            },
            Action::DeletePod(PodRef::StatefulSetPod {
                stateful_set: "db".into(),
                namespace: "default".into(),
                ordinal: 2,
            }),
            Action::Wait(Wait::RolloutComplete {
                workload: db,
                timeout: Some(Duration::from_secs(120)),
            }),
        ]
    );
}

/// The StatefulSet `db` of 3 pods with `strategy` (a line of its spec, or empty), on one
/// roomy node.
fn db(strategy: &str) -> String {
    format!(
        "apiVersion: v1
kind: Node
metadata: {{name: worker-1}}
status:
  allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}
  conditions: [{{type: Ready, status: 'True'}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: db}}
spec:
  replicas: 3
{strategy}  selector: {{matchLabels: {{app: db}}}}
  template:
    metadata: {{labels: {{app: db}}}}
    spec:
      containers: [{{name: db, image: 'postgres:16'}}]
"
    )
}

#[test]
fn a_partition_step_decodes_survives_a_round_trip_and_patches_the_partition_as_kubectl_does() {
    let steps = "  - wait: {until: rolloutComplete, statefulSet: db}
  - setPartition: {statefulSet: db, partition: 2}
  - setPartition: {statefulSet: db, partition: 2}
  - setImage: {statefulSet: db, image: 'postgres:17'}
  - wait: {until: rolloutComplete, statefulSet: db}
  - setPartition: {statefulSet: missing, partition: 0}
  - setPartition: {statefulSet: db, namespace: default, partition: 0}
  - wait: {until: rolloutComplete, statefulSet: db}
";
    let loaded = load(&format!("{}---\n{}", db(""), scenario(steps)));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let written = to_yaml(&loaded.objects);
    assert!(
        written.contains("  - setPartition:\n      statefulSet: db\n      namespace: default\n      partition: 2\n"),
        "{written}"
    );
    let again = load(&written);
    let steps_of =
        |o: &kubeplay::engine::yaml::Objects| o.scenario.as_ref().map(|s| s.spec.steps.clone());
    assert_eq!(steps_of(&again.objects), steps_of(&loaded.objects));
    assert_eq!(
        steps_of(&loaded.objects).expect("steps")[1].action,
        Action::SetPartition {
            workload: Workload::new(WorkloadKind::StatefulSet, "db", "default"),
            partition: 2,
        }
    );
    let run = Simulation::run(&loaded.objects, None);
    let outputs: Vec<Vec<String>> = run
        .frames()
        .iter()
        .filter(|f| f.title.starts_with("step "))
        .map(|f| f.output.clone())
        .collect();
    assert_eq!(outputs[1], ["statefulset.apps/db patched"]);
    assert_eq!(outputs[2], ["statefulset.apps/db patched (no change)"]);
    assert_eq!(
        outputs[4].last().map(String::as_str),
        Some("partitioned roll out complete: 1 new pods have been updated..."),
        "only db-2 is at or above the partition"
    );
    assert_eq!(
        outputs[5],
        ["Error from server (NotFound): statefulsets.apps \"missing\" not found"]
    );
    assert_eq!(outputs[6], ["statefulset.apps/db patched"]);
    assert_eq!(
        outputs[7].last().map(String::as_str),
        Some("partitioned roll out complete: 3 new pods have been updated...")
    );
    let images: Vec<&str> = run
        .final_state()
        .pods
        .values()
        .map(|p| p.pod.spec.containers[0].image.as_str())
        .collect();
    assert_eq!(images, ["postgres:17"; 3]);
}

#[test]
fn an_on_delete_set_refuses_a_partition_as_the_api_server_does() {
    let text = format!(
        "{}---\n{}",
        db("  updateStrategy: {type: OnDelete}\n"),
        scenario("  - setPartition: {statefulSet: db, partition: 1}\n")
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = Simulation::run(&loaded.objects, None);
    let step = run
        .frames()
        .iter()
        .find(|f| f.title.starts_with("step "))
        .expect("the step");
    assert_eq!(
        step.output,
        ["The StatefulSet \"db\" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: \
          apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: \
          only allowed for updateStrategy 'RollingUpdate'"]
    );
    let set = &run.final_state().stateful_sets["default/db"].stateful_set;
    assert_eq!(set.spec.update_strategy.rolling_update, None, "unchanged");
}

#[test]
fn a_step_without_exactly_one_kind_key_it_takes_says_what_to_write_and_where() {
    // (name, step, line:column, message, hint)
    let cases: &[(&str, &str, &str, &str, Option<&str>)] = &[
        (
            "a kind the step does not take",
            "pause: {daemonSet: fluentd}",
            "6:13",
            "spec.steps[0].pause.daemonSet: Forbidden: pause takes a deployment, not a daemonSet",
            Some("for example pause: {deployment: web}"),
        ),
        (
            "two kind keys",
            "scale: {deployment: web, replicaSet: web-1, replicas: 3}",
            "6:30",
            "spec.steps[0].scale: Invalid value: deployment and replicaSet given: name exactly one workload",
            Some("for example scale: {deployment: web, replicas: 5}"),
        ),
        (
            "no kind key",
            "setImage: {image: 'nginx:2'}",
            "6:5",
            "spec.steps[0].setImage: Required value: name the workload by its kind: daemonSet, deployment or statefulSet",
            Some("for example setImage: {deployment: web, image: 'nginx:1.27'}"),
        ),
        (
            "a StatefulSet cannot be paused",
            "pause: {statefulSet: db}",
            "6:13",
            "spec.steps[0].pause.statefulSet: Forbidden: pause takes a deployment, not a statefulSet",
            Some("for example pause: {deployment: web}"),
        ),
        (
            "a StatefulSet's pod is named by its ordinal",
            "deletePod: {statefulSet: db}",
            "6:5",
            "spec.steps[0].deletePod.ordinal: Required value",
            None,
        ),
        (
            "an empty name",
            "rollback: {deployment: ''}",
            "6:16",
            "spec.steps[0].rollback.deployment: Required value",
            None,
        ),
        (
            "negative replicas",
            "scale: {deployment: web, replicas: -1}",
            "6:30",
            "spec.steps[0].scale.replicas: Invalid value: -1: must be greater than or equal to 0",
            None,
        ),
        (
            "no replicas",
            "scale: {deployment: web}",
            "6:5",
            "spec.steps[0].scale.replicas: Required value",
            None,
        ),
        (
            "only a StatefulSet has a partition",
            "setPartition: {deployment: web, partition: 1}",
            "6:20",
            "spec.steps[0].setPartition.deployment: Forbidden: setPartition takes a statefulSet, not a deployment",
            Some("for example setPartition: {statefulSet: web, partition: 2}"),
        ),
        (
            "a negative partition",
            "setPartition: {statefulSet: web, partition: -2}",
            "6:38",
            "spec.steps[0].setPartition.partition: Invalid value: -2: must be greater than or equal to 0",
            None,
        ),
        (
            "no partition",
            "setPartition: {statefulSet: web}",
            "6:5",
            "spec.steps[0].setPartition.partition: Required value",
            None,
        ),
        (
            "a ReplicaSet's rollout cannot be waited for",
            "wait: {until: rolloutComplete, replicaSet: web-1}",
            "6:36",
            "spec.steps[0].wait.replicaSet: Forbidden: wait takes a daemonSet, deployment or statefulSet, not a replicaSet",
            Some("for example wait: {until: rolloutComplete, deployment: web, timeout: 5m}"),
        ),
    ];
    for (name, step, at, message, hint) in cases {
        let loaded = load(&scenario(&format!("  - {step}\n")));
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == kubeplay::engine::diagnostic::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        let error = errors[0];
        assert_eq!(error.message, *message, "{name}");
        assert_eq!(format!("{}:{}", error.line, error.column), *at, "{name}");
        assert_eq!(error.hint.as_deref(), *hint, "{name}");
    }
}

#[test]
fn apply_takes_deployments_and_replica_sets_and_the_steps_survive_a_round_trip() {
    let text = format!(
        "{WEB}---\n{}",
        scenario(
            "  - apply:
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: extra}
      spec:
        replicas: 1
        selector: {matchLabels: {app: extra}}
        template:
          metadata: {labels: {app: extra}}
          spec:
            containers: [{name: c, image: 'busybox'}]
  - scale: {deployment: web, replicas: 4}
  - pause: {deployment: web}
  - resume: {deployment: web}
  - rollback: {deployment: web}
  - wait: {until: rolloutComplete, deployment: web}
"
        )
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let written = to_yaml(&loaded.objects);
    let again = load(&written);
    assert!(!again.has_errors(), "{:?}\n{written}", again.diagnostics);
    assert_eq!(
        again.objects.scenario.map(|s| s.spec.steps),
        loaded
            .objects
            .scenario
            .as_ref()
            .map(|s| s.spec.steps.clone())
    );
    let run = Simulation::run(&loaded.objects, None);
    let outputs: Vec<&str> = run
        .frames()
        .iter()
        .flat_map(|f| f.output.iter().map(String::as_str))
        .collect();
    assert!(
        outputs.contains(&"replicaset.apps/extra created"),
        "{outputs:?}"
    );
    assert!(run.final_state().replica_sets.contains_key("default/extra"));
}

/// The output lines of each step, in order, after `WEB` is loaded.
fn step_outputs(steps: &str) -> Vec<Vec<String>> {
    let loaded = load(&format!("{WEB}---\n{}", scenario(steps)));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = Simulation::run(&loaded.objects, None);
    run.frames()
        .iter()
        .filter(|f| f.title.starts_with("step "))
        .map(|f| f.output.clone())
        .collect()
}

#[test]
fn each_step_prints_what_kubectl_prints() {
    let outputs = step_outputs(
        "  - at: 10s
    scale: {deployment: missing, replicas: 1}
  - pause: {deployment: web}
  - pause: {deployment: web}
  - rollback: {deployment: web}
  - resume: {deployment: web}
  - resume: {deployment: web}
  - rollback: {deployment: web}
  - setImage: {deployment: web, container: nope, image: 'nginx:2'}
  - setImage: {deployment: web, image: 'nginx:2'}
  - wait: {until: rolloutComplete, deployment: web, timeout: 2m}
  - rollback: {deployment: web, toRevision: 7}
  - rollback: {deployment: web}
  - scale: {deployment: web, replicas: 5}
",
    );
    let expected: &[&[&str]] = &[
        &["Error from server (NotFound): deployments.apps \"missing\" not found"],
        &["deployment.apps/web paused"],
        &["deployment.apps/web already paused"],
        &["error: no rollout history found for deployment \"web\""],
        &["deployment.apps/web resumed"],
        &["deployment.apps/web already resumed"],
        &["error: no rollout history found for deployment \"web\""],
        &["error: unable to find container named \"nope\""],
        &["deployment.apps/web image updated"],
        &[
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...",
            "Waiting for deployment \"web\" rollout to finish: 2 out of 3 new replicas have been updated...",
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...",
            "deployment \"web\" successfully rolled out",
        ],
        &["error: unable to find specified revision 7 in history"],
        &["deployment.apps/web rolled back"],
        &["deployment.apps/web scaled"],
    ];
    assert_eq!(outputs, expected);
}

#[test]
fn a_paused_deployment_cannot_be_rolled_back() {
    let outputs = step_outputs(
        "  - at: 10s
    setImage: {deployment: web, image: 'nginx:2'}
  - wait: {until: rolloutComplete, deployment: web}
  - pause: {deployment: web}
  - rollback: {deployment: web}
",
    );
    assert_eq!(
        outputs[3],
        ["error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"]
    );
}

#[test]
fn deleting_the_pods_of_a_deployment_deletes_each_and_its_replica_set_replaces_them() {
    let text = format!(
        "{WEB}---\n{}",
        scenario(
            "  - at: 30s
    deletePod: {deployment: web}
  - deletePod: {deployment: web, node: nowhere}
"
        )
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = Simulation::run(&loaded.objects, None);
    let steps: Vec<&Vec<String>> = run
        .frames()
        .iter()
        .filter(|f| f.title.starts_with("step "))
        .map(|f| &f.output)
        .collect();
    assert_eq!(steps[0].len(), 3, "{steps:?}");
    assert!(steps[0]
        .iter()
        .all(|l| l.starts_with("pod \"web-") && l.ends_with("\" deleted")));
    assert_eq!(steps[1], &["No resources found"]);
    let end = run.final_state();
    let before = run.state_at(0);
    assert_eq!(end.pods.len(), 3, "replaced");
    assert!(
        end.pods.keys().all(|k| !before.pods.contains_key(k)),
        "every pod is new"
    );
    let wrong = load(&scenario(
        "  - deletePod: {deployment: web, daemonSet: agent, node: n}\n",
    ));
    assert_eq!(
        wrong.diagnostics[0].message,
        "spec.steps[0].deletePod: Invalid value: deletePod needs either {name, namespace}, {daemonSet, namespace, node}, {deployment, namespace, node?} or {statefulSet, namespace, ordinal}"
    );
}

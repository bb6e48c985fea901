//! StatefulSets end to end on the simulation: the StatefulSet controller, the scheduler
//! and the kubelets together, driven by Scenario steps, with kubectl's lines.

use kubeplay::engine::sim::timeline::{FrameKind, Timeline};
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::yaml::{load, to_yaml};

/// A StatefulSet `web` of `replicas` nginx pods with a claim template, then `scenario`'s
/// steps (YAML list items, indented by four spaces), with a broken image.
fn text(replicas: i32, strategy: &str, steps: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  serviceName: nginx
  replicas: {replicas}
{strategy}  selector: {{matchLabels: {{app: nginx}}}}
  template:
    metadata: {{labels: {{app: nginx}}}}
    spec:
      containers: [{{name: nginx, image: 'nginx:1.27'}}]
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
---
apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata: {{name: s}}
spec:
  kubelet:
    images: [{{image: 'nginx:broken', failure: ImagePullError}}]
  steps:
{steps}"
    )
}

fn run(text: &str) -> Timeline {
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    kubeplay::cli::simulate::run_objects(loaded.objects, None)
}

/// The output lines of step `n` (1-based).
fn step_output(timeline: &Timeline, n: usize) -> Vec<String> {
    timeline
        .frames()
        .iter()
        .filter(|f| f.kind == FrameKind::Step && f.title.starts_with("step "))
        .nth(n - 1)
        .expect("the step")
        .output
        .clone()
}

/// Pod names (without their namespace) in the order the controller created them.
fn creations(timeline: &Timeline) -> Vec<String> {
    timeline
        .frames()
        .iter()
        .flat_map(|f| &f.actions)
        .filter_map(|a| match a {
            Action::Created { pod, .. } => pod.split_once('/').map(|(_, name)| name.to_string()),
            _ => None,
        })
        .collect()
}

fn deletions(timeline: &Timeline) -> Vec<String> {
    timeline
        .frames()
        .iter()
        .flat_map(|f| &f.actions)
        .filter_map(|a| match a {
            Action::Deleted { pod } => Some(pod.trim_start_matches("default/").to_string()),
            _ => None,
        })
        .collect()
}

/// `(pod, image)` of the final state, by name.
fn images(timeline: &Timeline) -> Vec<(String, String)> {
    timeline
        .final_state()
        .pods
        .values()
        .map(|p| {
            (
                p.pod.metadata.name.clone(),
                p.pod.spec.containers[0].image.clone(),
            )
        })
        .collect()
}

#[test]
fn pods_start_in_ordinal_order_and_kubectl_rollout_status_counts_them_down() {
    let timeline = run(&text(
        3,
        "",
        "  - wait: {until: rolloutComplete, statefulSet: web}\n",
    ));
    assert_eq!(creations(&timeline), ["web-0", "web-1", "web-2"]);
    assert_eq!(
        step_output(&timeline, 1),
        [
            "Waiting for 3 pods to be ready...",
            "Waiting for 2 pods to be ready...",
            "Waiting for 1 pods to be ready...",
            "partitioned roll out complete: 3 new pods have been updated...",
        ]
    );
    let end = timeline.final_state();
    let set = &end.stateful_sets["default/web"].stateful_set;
    assert_eq!(
        (
            set.status.replicas,
            set.status.ready_replicas,
            set.status.current_replicas
        ),
        (3, 3, 3)
    );
    assert_eq!(set.status.current_revision, set.status.update_revision);
    let pod = &end.pods["default/web-1"].pod;
    assert_eq!(
        pod.metadata.labels.get("controller-revision-hash"),
        Some(&set.status.update_revision),
        "the pod carries its revision"
    );
    assert!(
        format!("{:?}", pod.spec.extra).contains("www-web-1"),
        "the pod's volume names its claim"
    );
}

#[test]
fn a_partitioned_canary_then_the_full_rollout() {
    let timeline = run(&text(
        3,
        "  updateStrategy: {rollingUpdate: {partition: 2}}\n",
        "  - wait: {until: rolloutComplete, statefulSet: web}
  - setImage: {statefulSet: web, image: 'nginx:1.28'}
  - wait: {until: rolloutComplete, statefulSet: web}
  - apply:
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: web}
      spec:
        serviceName: nginx
        replicas: 3
        updateStrategy: {rollingUpdate: {partition: 0}}
        selector: {matchLabels: {app: nginx}}
        template:
          metadata: {labels: {app: nginx}}
          spec:
            containers: [{name: nginx, image: 'nginx:1.28'}]
        volumeClaimTemplates:
        - metadata: {name: www}
          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
  - wait: {until: rolloutComplete, statefulSet: web}
",
    ));
    assert_eq!(
        step_output(&timeline, 3),
        [
            "Waiting for 1 pods to be ready...",
            "partitioned roll out complete: 1 new pods have been updated...",
        ],
        "only web-2 is above the partition: it is replaced, the wait is for it to be ready"
    );
    assert_eq!(
        step_output(&timeline, 5).last().map(String::as_str),
        Some("partitioned roll out complete: 3 new pods have been updated...")
    );
    assert_eq!(
        deletions(&timeline),
        ["web-2", "web-1", "web-0"],
        "updated in reverse ordinal order"
    );
    assert!(images(&timeline).iter().all(|(_, i)| i == "nginx:1.28"));
}

#[test]
fn a_broken_revision_stays_stuck_after_a_rollback_until_its_pod_is_deleted() {
    let timeline = run(&text(
        3,
        "",
        "  - wait: {until: rolloutComplete, statefulSet: web}
  - setImage: {statefulSet: web, image: 'nginx:broken'}
  - wait: {until: rolloutComplete, statefulSet: web, timeout: 2m}
  - rollback: {statefulSet: web}
  - wait: {until: rolloutComplete, statefulSet: web, timeout: 2m}
  - deletePod: {statefulSet: web, ordinal: 2}
  - wait: {until: rolloutComplete, statefulSet: web}
",
    ));
    assert_eq!(
        step_output(&timeline, 3).last().map(String::as_str),
        Some("error: timed out waiting for the condition"),
        "web-2 never becomes ready"
    );
    assert_eq!(
        step_output(&timeline, 4),
        ["statefulset.apps/web rolled back"]
    );
    assert_eq!(
        step_output(&timeline, 5),
        [
            "Waiting for 1 pods to be ready...",
            "error: timed out waiting for the condition"
        ],
        "the rollback alone does not replace the broken pod"
    );
    assert_eq!(step_output(&timeline, 6), ["pod \"web-2\" deleted"]);
    assert_eq!(
        step_output(&timeline, 7).last().map(String::as_str),
        Some("partitioned roll out complete: 3 new pods have been updated...")
    );
    assert!(images(&timeline).iter().all(|(_, i)| i == "nginx:1.27"));
    let history = kubeplay::engine::kubectl::stateful_sets::rollout_history(
        &timeline.final_state().stateful_sets["default/web"],
    );
    assert_eq!(
        history,
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
        "the rollback renumbered the first revision"
    );
}

#[test]
fn parallel_pods_start_together_and_scale_down_from_the_highest_ordinal() {
    let timeline = run(&text(
        3,
        "  podManagementPolicy: Parallel\n",
        "  - wait: {until: rolloutComplete, statefulSet: web}
  - scale: {statefulSet: web, replicas: 1}
  - wait: {until: rolloutComplete, statefulSet: web}
",
    ));
    let first_sync = timeline
        .frames()
        .iter()
        .find(|f| f.title.starts_with("sync statefulset"))
        .expect("a sync");
    assert_eq!(first_sync.actions.len(), 3, "three pods in one sync");
    assert_eq!(step_output(&timeline, 2), ["statefulset.apps/web scaled"]);
    assert_eq!(deletions(&timeline), ["web-2", "web-1"]);
    assert_eq!(timeline.final_state().pods.len(), 1);
}

#[test]
fn a_stateful_set_read_from_a_cluster_keeps_its_pods_at_their_revision() {
    let text = "apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, uid: u1, generation: 2, creationTimestamp: '2025-01-01T00:00:00Z'}
spec:
  replicas: 1
  serviceName: nginx
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}
status:
  observedGeneration: 2
  replicas: 1
  readyReplicas: 1
  currentReplicas: 1
  updatedReplicas: 1
  availableReplicas: 1
  currentRevision: web-6b9f5d8c7
  updateRevision: web-6b9f5d8c7
  collisionCount: 0
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  uid: p1
  creationTimestamp: '2025-01-01T00:00:00Z'
  labels: {app: nginx, controller-revision-hash: web-6b9f5d8c7}
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: web, uid: u1, controller: true}]
spec:
  nodeName: worker-1
  containers: [{name: nginx, image: 'nginx:1.27'}]
status:
  phase: Running
  conditions: [{type: Ready, status: 'True', lastTransitionTime: '2025-01-01T00:00:10Z'}]
";
    let timeline = run(text);
    assert_eq!(
        deletions(&timeline),
        Vec::<String>::new(),
        "nothing replaced"
    );
    assert_eq!(creations(&timeline), Vec::<String>::new());
    let set = &timeline.final_state().stateful_sets["default/web"].stateful_set;
    assert_eq!(set.status.update_revision, "web-6b9f5d8c7");
    assert_eq!(set.metadata.generation, Some(2));
}

#[test]
fn a_stateful_set_exports_and_loads_back_the_same() {
    let loaded = load(&text(2, "  podManagementPolicy: Parallel\n  ordinals: {start: 5}\n  updateStrategy: {type: OnDelete}\n", "  - scale: {statefulSet: web, replicas: 4}\n  - deletePod: {statefulSet: web, ordinal: 5}\n  - rollback: {statefulSet: web, toRevision: 1}\n  - setImage: {statefulSet: web, image: x}\n  - wait: {until: rolloutComplete, statefulSet: web, timeout: 1m}\n"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let exported = to_yaml(&loaded.objects);
    let again = load(&exported);
    let messages = |diagnostics: &[kubeplay::engine::diagnostic::Diagnostic]| {
        diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        messages(&again.diagnostics),
        messages(&loaded.diagnostics),
        "only the storage note"
    );
    assert_eq!(again.objects.stateful_sets, loaded.objects.stateful_sets);
    assert_eq!(again.objects.scenario, loaded.objects.scenario);
    assert_eq!(to_yaml(&again.objects), exported, "byte-stable");
}

#[test]
fn the_real_world_stateful_sets_create_their_pods_in_order_and_place_them() {
    let dir = format!("{}/tests/fixtures/realworld", env!("CARGO_MANIFEST_DIR"));
    let mut simulated = 0;
    for file in [
        "kubernetes-docs-cassandra-statefulset.yaml",
        "kubernetes-docs-mysql-statefulset.yaml",
        "kubernetes-docs-web-statefulset.yaml",
        "kubernetes-docs-zookeeper-statefulset.yaml",
        "kubernetes-e2e-etcd-statefulset.yaml",
        "kubernetes-addons-elasticsearch-statefulset.yaml",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("readable");
        let objects = load(&text).objects;
        let timeline = kubeplay::cli::simulate::run_objects(objects, None);
        assert!(timeline.is_stable(), "{file}: settles");
        let end = timeline.final_state();
        for set in end.stateful_sets.values() {
            let name = &set.stateful_set.metadata.name;
            let want: Vec<String> = (0..set.stateful_set.spec.replicas)
                .map(|i| format!("{name}-{i}"))
                .collect();
            assert_eq!(creations(&timeline), want, "{file}: in ordinal order");
            assert_eq!(
                set.stateful_set.status.ready_replicas, set.stateful_set.spec.replicas,
                "{file}: every pod ready"
            );
            for pod in end.pods.values() {
                assert!(!pod.node_name().is_empty(), "{file}: {} placed", pod.key());
            }
        }
        simulated += 1;
    }
    assert_eq!(simulated, 6);
}

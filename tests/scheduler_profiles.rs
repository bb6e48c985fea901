//! Scheduler profiles in a simulation: a pod's `schedulerName` picks the profile that
//! schedules it, and a pod naming no profile belongs to another scheduler.

use kubeplay::engine::sim::cluster::fill_in_default_cluster;
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::store::state::PodPhase;
use kubeplay::engine::yaml::load;

const PODS: &str = "
apiVersion: v1
kind: Pod
metadata: {name: ours}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: theirs}
spec:
  schedulerName: my-scheduler
  containers: [{name: c, image: nginx}]
";

#[test]
fn a_pod_naming_another_scheduler_stays_pending_without_an_event() {
    let mut loaded = load(PODS);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    fill_in_default_cluster(&mut loaded.objects);
    let timeline = Simulation::run(&loaded.objects, None);
    let state = timeline.final_state();
    let ours = &state.pods["default/ours"];
    let theirs = &state.pods["default/theirs"];
    assert!(
        !ours.pod.spec.node_name.is_empty(),
        "the default profile binds it"
    );
    assert_eq!(theirs.phase, PodPhase::Pending);
    assert!(theirs.pod.spec.node_name.is_empty());
    assert!(
        !timeline
            .events()
            .iter()
            .any(|e| e.object.name() == "theirs" && e.reason == "FailedScheduling"),
        "kube-scheduler ignores pods of other schedulers"
    );
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/profiles/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn most_allocated_packs_the_pods_its_profile_schedules_while_the_default_profile_spreads() {
    let nodes_used = |text: &str| {
        let loaded = load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let timeline = Simulation::run(&loaded.objects, None);
        let state = timeline.final_state();
        (0..3)
            .map(|i| {
                let pod = &state.pods[&format!("default/packed-{i}")];
                assert!(!pod.pod.spec.node_name.is_empty(), "packed-{i} is bound");
                pod.pod.spec.node_name.clone()
            })
            .collect::<std::collections::BTreeSet<String>>()
    };
    let text = fixture("bin-packing.yaml");
    let packed = nodes_used(&text);
    let spread = nodes_used(&text.replace("  schedulerName: bin-packer\n", ""));
    assert_eq!(
        packed.len(),
        1,
        "MostAllocated packs the pods on one node: {packed:?}"
    );
    assert_eq!(
        spread.len(),
        3,
        "LeastAllocated puts each pod on its own node: {spread:?}"
    );
}

#[test]
fn a_profile_records_its_scheduling_events_under_its_own_name() {
    let loaded = load(&fixture("bin-packing.yaml"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let timeline = Simulation::run(&loaded.objects, None);
    let sources: std::collections::BTreeSet<String> = timeline
        .events()
        .iter()
        .filter(|e| e.reason == "Scheduled" && e.object.name().starts_with("packed-"))
        .map(|e| e.source.to_string())
        .collect();
    assert_eq!(
        sources.into_iter().collect::<Vec<_>>(),
        ["bin-packer"],
        "kube-scheduler's recorder for a profile reports as the profile's schedulerName"
    );
}

#[test]
fn a_second_configuration_is_an_error_at_its_line() {
    let text = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n---\napiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
    let loaded = load(text);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == kubeplay::engine::diagnostic::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 4);
    assert!(errors[0]
        .message
        .starts_with("only one KubeSchedulerConfiguration"));
}

#[test]
fn an_invalid_weight_is_reported_with_upstreams_message_at_its_line() {
    let text = "apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
parallelism: 4
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
          weight: 101
";
    let loaded = load(text);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == kubeplay::engine::diagnostic::Severity::Error)
        .expect("an error");
    assert_eq!(
        d.message,
        "profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]"
    );
    assert_eq!(d.line, 12);
    assert!(loaded.objects.scheduler_configuration.is_none());
    let warning = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == kubeplay::engine::diagnostic::Severity::Warning);
    assert_eq!(warning, None, "parallelism is read and validated");
}

#[test]
fn unknown_and_unsimulated_fields_warn() {
    let text = "apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
leaderElection: {leaderElect: false}
profiles:
- schedulerName: default-scheduler
  pluginz: {}
";
    let loaded = load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let messages: Vec<&str> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "leaderElection is kept but not simulated",
            "unknown field \"profiles[0].pluginz\""
        ]
    );
    assert_eq!(
        loaded.diagnostics[1].hint.as_deref(),
        Some("did you mean \"plugins\"?")
    );
}

//! Resource accounting end to end: pods created by the DaemonSet controller are defaulted
//! as the API server defaults every Pod (`SetDefaults_Pod`, including pod-level
//! `spec.resources`), so the scheduler's NodeResourcesFit sees the same requests as in a
//! real cluster.

use kubeplay::engine::sim::timeline::Timeline;
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::yaml::load;

const NODE: &str = "apiVersion: v1
kind: Node
metadata: {name: n1}
status:
  allocatable: {cpu: '2', memory: 4Gi, pods: '110'}
";

fn run(ds_spec: &str) -> Timeline {
    let text = format!(
        "{NODE}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent, namespace: kube-system}}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:
{ds_spec}"
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    Simulation::run(&loaded.objects, None)
}

fn scheduling_events(t: &Timeline) -> Vec<String> {
    t.events()
        .iter()
        .filter(|e| e.reason == "FailedScheduling" || e.reason == "Scheduled")
        .map(|e| format!("{}: {}", e.reason, e.message))
        .collect()
}

#[test]
fn daemon_pods_are_defaulted_like_every_api_pod() {
    let cases = [
        (
            "a container with only a cpu limit requests that limit",
            "      containers:
      - name: agent
        image: agent:v1
        resources:
          limits: {cpu: '10'}
",
            "FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
        (
            "an explicit request below the limit is kept",
            "      containers:
      - name: agent
        image: agent:v1
        resources:
          requests: {cpu: '1'}
          limits: {cpu: '10'}
",
            "Scheduled: Successfully assigned kube-system/agent-",
        ),
        (
            "an init container's limit counts as its request too",
            "      initContainers:
      - name: init
        image: init:v1
        resources:
          limits: {memory: 5Gi}
      containers:
      - {name: agent, image: agent:v1}
",
            "FailedScheduling: 0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
        (
            "pod-level requests replace the containers' requests",
            "      resources:
        requests: {cpu: '3'}
      containers:
      - name: agent
        image: agent:v1
        resources:
          requests: {cpu: 100m}
",
            "FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
        (
            "a pod-level limit becomes the request of a resource no container requests",
            "      resources:
        limits: {memory: 8Gi}
      containers:
      - {name: agent, image: agent:v1}
",
            "FailedScheduling: 0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
        (
            "a pod-level limit does not override the containers' aggregate request",
            "      resources:
        limits: {memory: 8Gi}
      containers:
      - name: agent
        image: agent:v1
        resources:
          requests: {memory: 1Gi}
",
            "Scheduled: Successfully assigned kube-system/agent-",
        ),
    ];
    for (name, spec, want) in cases {
        let got = scheduling_events(&run(spec));
        assert!(
            got.first().is_some_and(|e| e.starts_with(want)),
            "{name}: {got:?}"
        );
    }
}

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
            .any(|e| e.object.name == "theirs" && e.reason == "FailedScheduling"),
        "kube-scheduler ignores pods of other schedulers"
    );
}

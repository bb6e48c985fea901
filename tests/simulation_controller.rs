//! Upstream's DaemonSet controller and rolling-update unit tests
//! (`pkg/controller/daemon/daemon_controller_test.go`, `update_test.go`), replayed sync by
//! sync on the simulation in manual mode: the creates, deletes and events of every sync.

use kubeplay::engine::api::{
    Condition, Container, DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, IntOrPercent,
    LabelSelector, Node, ObjectMeta, OwnerReference, Pod, PodTemplateSpec, RollingUpdateDaemonSet,
    StringMap, Taint, TaintEffect, UpdateStrategyType,
};
use kubeplay::engine::daemon::history::compute_hash;
use kubeplay::engine::sim::engine::{Config, Engine};
use kubeplay::engine::sim::state::{ClusterState, PodPhase, PodState, HASH_LABEL};
use kubeplay::engine::sim::timeline::Action;

fn labels(pairs: &[(&str, &str)]) -> StringMap {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn simple_daemon_set_label() -> StringMap {
    labels(&[("name", "simple-daemon"), ("type", "production")])
}

fn simple_daemon_set_label2() -> StringMap {
    labels(&[("name", "simple-daemon"), ("type", "test")])
}

fn simple_node_label() -> StringMap {
    labels(&[("color", "blue"), ("speed", "fast")])
}

/// upstream `newDaemonSet`: OnDelete, history limit 2, image foo/bar.
fn new_daemon_set(name: &str) -> DaemonSet {
    DaemonSet {
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: "default".to_string(),
            uid: Some(format!("uid-{name}")),
            ..ObjectMeta::default()
        },
        spec: DaemonSetSpec {
            selector: Some(LabelSelector {
                match_labels: simple_daemon_set_label(),
                match_expressions: Vec::new(),
            }),
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels: simple_daemon_set_label(),
                    ..ObjectMeta::default()
                },
                spec: kubeplay::engine::api::PodSpec {
                    containers: vec![Container {
                        name: "foo".to_string(),
                        image: "foo/bar".to_string(),
                        ..Container::default()
                    }],
                    ..Default::default()
                },
            },
            update_strategy: DaemonSetUpdateStrategy {
                type_: UpdateStrategyType::OnDelete,
                rolling_update: None,
            },
            min_ready_seconds: 0,
            revision_history_limit: 2,
        },
        status: Default::default(),
    }
}

fn rolling(max_unavailable: IntOrPercent) -> DaemonSetUpdateStrategy {
    DaemonSetUpdateStrategy {
        type_: UpdateStrategyType::RollingUpdate,
        rolling_update: Some(RollingUpdateDaemonSet {
            max_unavailable: Some(max_unavailable),
            max_surge: None,
        }),
    }
}

/// upstream `newUpdateSurge`.
fn surge(max_surge: IntOrPercent) -> DaemonSetUpdateStrategy {
    DaemonSetUpdateStrategy {
        type_: UpdateStrategyType::RollingUpdate,
        rolling_update: Some(RollingUpdateDaemonSet {
            max_unavailable: Some(IntOrPercent::Int(0)),
            max_surge: Some(max_surge),
        }),
    }
}

/// upstream `updateStrategies()`: OnDelete and RollingUpdate (maxUnavailable 1).
fn update_strategies() -> Vec<DaemonSetUpdateStrategy> {
    vec![
        DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::OnDelete,
            rolling_update: None,
        },
        rolling(IntOrPercent::Int(1)),
    ]
}

fn new_node(name: &str, node_labels: StringMap) -> Node {
    Node {
        metadata: ObjectMeta {
            name: name.to_string(),
            labels: node_labels,
            ..ObjectMeta::default()
        },
        status: kubeplay::engine::api::NodeStatus {
            conditions: vec![Condition {
                type_: "Ready".to_string(),
                status: "True".to_string(),
                ..Condition::default()
            }],
            ..Default::default()
        },
        ..Node::default()
    }
}

struct Harness {
    engine: Engine,
    ds: DaemonSet,
    serial: usize,
}

impl Harness {
    fn new(ds: DaemonSet) -> Harness {
        let mut engine = Engine::new(
            ClusterState::default(),
            Config {
                manual: true,
                ..Config::default()
            },
        );
        engine.apply_daemon_set(ds.clone());
        Harness {
            engine,
            ds,
            serial: 0,
        }
    }

    /// upstream `addNodes(store, start, count, labels)`.
    fn add_nodes(&mut self, start: usize, count: usize, node_labels: StringMap) {
        for i in start..start + count {
            self.engine
                .apply_node(new_node(&format!("node-{i}"), node_labels.clone()));
        }
    }

    /// upstream `newPod(prefix, node, labels, ds)`: carries the current hash.
    fn new_pod(&mut self, prefix: &str, node: &str, pod_labels: StringMap) -> PodState {
        self.serial += 1;
        let mut pod_labels = pod_labels;
        pod_labels.insert(
            HASH_LABEL.to_string(),
            compute_hash(&self.ds.spec.template, None),
        );
        let pod = Pod {
            metadata: ObjectMeta {
                name: format!("{prefix}{:05}", self.serial),
                namespace: "default".to_string(),
                labels: pod_labels,
                owner_references: vec![OwnerReference {
                    api_version: "apps/v1".to_string(),
                    kind: "DaemonSet".to_string(),
                    name: self.ds.metadata.name.clone(),
                    uid: self.ds.metadata.uid.clone().unwrap_or_default(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..ObjectMeta::default()
            },
            spec: kubeplay::engine::api::PodSpec {
                node_name: node.to_string(),
                ..self.ds.spec.template.spec.clone()
            },
            status: Default::default(),
        };
        let owner = Some(format!("default/{}", self.ds.metadata.name));
        self.engine.admit_pod(pod, owner).expect("admission")
    }

    /// upstream `addPods(store, node, labels, ds, n)`.
    fn add_pods(&mut self, node: &str, pod_labels: StringMap, n: usize) {
        for _ in 0..n {
            let pod = self.new_pod(&format!("{node}-"), node, pod_labels.clone());
            self.engine.insert_pod(pod);
        }
    }

    /// upstream `addFailedPods`.
    fn add_failed_pods(&mut self, node: &str, pod_labels: StringMap, n: usize) {
        for _ in 0..n {
            let mut pod = self.new_pod(&format!("{node}-"), node, pod_labels.clone());
            pod.phase = PodPhase::Failed;
            self.engine.insert_pod(pod);
        }
    }

    fn update(&mut self, edit: impl FnOnce(&mut DaemonSet)) {
        edit(&mut self.ds);
        self.engine.apply_daemon_set(self.ds.clone());
    }

    /// upstream `expectSyncDaemonSets`: one sync, then (creates, deletes, events), where
    /// events excludes the pod-control events SuccessfulCreate/SuccessfulDelete.
    fn sync(&mut self) -> (usize, usize, usize) {
        let key = format!("default/{}", self.ds.metadata.name);
        self.engine.sync_daemon_set(&key);
        let timeline = self.engine.timeline();
        let Some(frame) = timeline.frames().last() else {
            return (0, 0, 0);
        };
        let creates = frame
            .actions
            .iter()
            .filter(|a| matches!(a, Action::Created { .. }))
            .count();
        let deletes = frame.actions.len() - creates;
        let events = timeline.events()[frame.events.clone()]
            .iter()
            .filter(|e| e.reason != "SuccessfulCreate" && e.reason != "SuccessfulDelete")
            .count();
        (creates, deletes, events)
    }

    fn deleted_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .engine
            .timeline()
            .frames()
            .last()
            .map(|f| {
                f.actions
                    .iter()
                    .filter_map(|a| match a {
                        Action::Deleted { pod } => {
                            Some(pod.trim_start_matches("default/").to_string())
                        }
                        Action::Created { .. } => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// upstream `markPodsReady`.
    fn mark_pods_ready(&mut self) {
        let keys: Vec<String> = self.engine.state().pods.keys().cloned().collect();
        self.engine.mark_ready(&keys);
    }

    fn set_time(&mut self, seconds: u64) {
        self.engine.advance_to(seconds * 1000);
    }
}

#[test]
fn test_simple_daemon_set_launches_pods() {
    // TestSimpleDaemonSetLaunchesPods
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        assert_eq!(h.sync(), (5, 0, 0));
    }
}

#[test]
fn test_daemon_set_respects_termination() {
    // TestDaemonSetRespectsTermination
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 1, simple_node_label());
        let mut pod = h.new_pod("node-0-", "node-0", simple_daemon_set_label());
        pod.deletion = Some(0);
        h.engine.insert_pod(pod);
        assert_eq!(h.sync(), (0, 0, 0));
    }
}

#[test]
fn test_deals_with_existing_pods() {
    // TestDealsWithExistingPods
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        h.add_pods("node-1", simple_daemon_set_label(), 1);
        h.add_pods("node-2", simple_daemon_set_label(), 2);
        h.add_pods("node-3", simple_daemon_set_label(), 5);
        h.add_pods("node-4", simple_daemon_set_label2(), 2);
        assert_eq!(h.sync(), (2, 5, 0));
    }
}

#[test]
fn test_selector_daemon_deletes_unselected_pods() {
    // TestSelectorDaemonDeletesUnselectedPods
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.spec.template.spec.node_selector = simple_node_label();
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        h.add_nodes(5, 5, simple_node_label());
        h.add_pods("node-0", simple_daemon_set_label2(), 2);
        h.add_pods("node-1", simple_daemon_set_label(), 3);
        h.add_pods("node-1", simple_daemon_set_label2(), 1);
        h.add_pods("node-4", simple_daemon_set_label(), 1);
        assert_eq!(h.sync(), (5, 4, 0));
    }
}

#[test]
fn test_no_execute_tainted_does_evict_running_intolerant_pod() {
    // TestNoExecuteTaintedDoesEvicitRunningIntolerantPod
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("intolerant");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        let mut node = new_node("tainted", StringMap::new());
        node.spec.taints = vec![Taint {
            key: "key1".to_string(),
            value: "value1".to_string(),
            effect: TaintEffect::NoExecute,
            time_added: None,
        }];
        h.engine.apply_node(node);
        let pod = h.new_pod("keep-running-me-", "tainted", simple_daemon_set_label());
        h.engine.insert_pod(pod);
        assert_eq!(h.sync(), (0, 1, 0));
    }
}

#[test]
fn test_daemon_kill_failed_pods() {
    // TestDaemonKillFailedPods
    let cases = [
        ("normal (do nothing)", 0, 1, (0, 0, 0)),
        ("no pods (create 1)", 0, 0, (1, 0, 0)),
        (
            "1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)",
            1,
            0,
            (0, 1, 1),
        ),
        (
            "1 failed pod (kill 1), 3 normal pods (kill 2)",
            1,
            3,
            (0, 3, 1),
        ),
    ];
    for (name, failed, normal, expected) in cases {
        for strategy in update_strategies() {
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            let mut h = Harness::new(ds);
            h.add_nodes(0, 1, StringMap::new());
            h.add_failed_pods("node-0", simple_daemon_set_label(), failed);
            h.add_pods("node-0", simple_daemon_set_label(), normal);
            assert_eq!(h.sync(), expected, "{name}");
        }
    }
}

#[test]
fn test_daemon_kill_failed_pods_event_message_and_backoff() {
    // TestDaemonKillFailedPods (event text) and the failed-pods back-off of manage().
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 1, StringMap::new());
    h.add_failed_pods("node-0", simple_daemon_set_label(), 1);
    assert_eq!(h.sync(), (0, 1, 1));
    let event = h
        .engine
        .timeline()
        .events()
        .iter()
        .find(|e| e.reason == "FailedDaemonPod")
        .map(|e| (e.type_.as_str().to_string(), e.message.clone()));
    assert_eq!(
        event,
        Some((
            "Warning".to_string(),
            "Found failed daemon pod default/node-0-00001 on node node-0, will try to kill it"
                .to_string()
        ))
    );
    // The replacement is created by the next sync.
    assert_eq!(h.sync(), (1, 0, 0));
}

#[test]
fn test_not_ready_node_daemon_does_launch_pod() {
    // TestNotReadyNodeDaemonDoesLaunchPod: a NotReady condition without taints yet.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        let mut node = new_node("not-ready", StringMap::new());
        node.status.conditions[0].status = "False".to_string();
        h.engine.apply_node(node);
        assert_eq!(h.sync(), (1, 0, 0));
    }
}

#[test]
fn test_taint_pressure_node_daemon_launches_pod() {
    // TestTaintPressureNodeDaemonLaunchesPod
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("critical");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        let mut node = new_node("resources-pressured", StringMap::new());
        for (cond, key) in [
            ("DiskPressure", "node.kubernetes.io/disk-pressure"),
            ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
            ("PIDPressure", "node.kubernetes.io/pid-pressure"),
        ] {
            node.status.conditions.push(Condition {
                type_: cond.to_string(),
                status: "True".to_string(),
                ..Condition::default()
            });
            node.spec.taints.push(Taint {
                key: key.to_string(),
                value: String::new(),
                effect: TaintEffect::NoSchedule,
                time_added: None,
            });
        }
        h.engine.apply_node(node);
        assert_eq!(h.sync(), (1, 0, 0));
    }
}

#[test]
fn test_delete_unscheduled_pod_for_not_existing_node() {
    // TestDeleteUnscheduledPodForNotExistingNode
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 1, StringMap::new());
        h.add_pods("node-0", simple_daemon_set_label(), 1);
        h.add_pods("node-1", simple_daemon_set_label(), 1);
        let mut pinned = h.new_pod("pod1-node-3-", "", simple_daemon_set_label());
        std::sync::Arc::make_mut(&mut pinned.pod).spec.affinity =
            Some(kubeplay::engine::api::Affinity {
                node_affinity: Some(kubeplay::engine::api::NodeAffinity {
                    required: Some(kubeplay::engine::api::NodeSelector {
                        node_selector_terms: vec![kubeplay::engine::api::NodeSelectorTerm {
                            match_expressions: Vec::new(),
                            match_fields: vec![kubeplay::engine::api::SelectorRequirement {
                                key: "metadata.name".to_string(),
                                operator: "In".to_string(),
                                values: vec!["node-2".to_string()],
                            }],
                        }],
                    }),
                    preferred: Vec::new(),
                }),
                extra: Vec::new(),
            });
        h.engine.insert_pod(pinned);
        assert_eq!(h.sync(), (0, 1, 0));
    }
}

fn surge_pod(
    h: &mut Harness,
    prefix: &str,
    node: &str,
    old: bool,
    created: u64,
    ready: Option<u64>,
) -> String {
    let mut pod = h.new_pod(prefix, node, simple_daemon_set_label());
    if old {
        std::sync::Arc::make_mut(&mut pod.pod)
            .metadata
            .labels
            .remove(HASH_LABEL);
    }
    pod.created = created * 1000;
    if let Some(since) = ready {
        pod.ready = true;
        pod.ready_transition = Some(since * 1000);
    }
    let name = pod.pod.metadata.name.clone();
    h.engine.insert_pod(pod);
    name
}

#[test]
fn test_surge_deals_with_existing_pods() {
    // TestSurgeDealsWithExistingPods
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(IntOrPercent::Int(1));
    let mut h = Harness::new(ds);
    h.add_nodes(0, 5, StringMap::new());
    h.add_pods("node-1", simple_daemon_set_label(), 1);
    h.add_pods("node-2", simple_daemon_set_label(), 2);
    h.add_pods("node-3", simple_daemon_set_label(), 5);
    h.add_pods("node-4", simple_daemon_set_label2(), 2);
    assert_eq!(h.sync(), (2, 5, 0));
}

#[test]
fn test_surge_preserves_ready_old_pods() {
    // TestSurgePreservesReadyOldPods
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(IntOrPercent::Int(1));
    let mut h = Harness::new(ds);
    h.add_nodes(0, 5, StringMap::new());
    surge_pod(&mut h, "node-1-", "node-1", false, 100, None);
    surge_pod(&mut h, "node-1-old-", "node-1", true, 50, Some(0));
    let old_ready = surge_pod(&mut h, "node-1-delete-", "node-1", true, 60, Some(0));
    h.add_pods("node-2", simple_daemon_set_label(), 1);
    assert_eq!(h.sync(), (3, 1, 0));
    assert_eq!(h.deleted_names(), vec![old_ready]);
}

#[test]
fn test_surge_creates_new_pod_when_at_max_surge_and_old_pod_deleted() {
    // TestSurgeCreatesNewPodWhenAtMaxSurgeAndOldPodDeleted
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(IntOrPercent::Int(1));
    let mut h = Harness::new(ds);
    h.add_nodes(0, 5, StringMap::new());
    surge_pod(&mut h, "node-0-", "node-0", false, 100, None);
    surge_pod(&mut h, "node-0-old-ready-", "node-0", true, 50, Some(0));
    for i in 1..5 {
        let mut pod = h.new_pod(
            &format!("node-{i}-preserve-"),
            &format!("node-{i}"),
            simple_daemon_set_label(),
        );
        std::sync::Arc::make_mut(&mut pod.pod)
            .metadata
            .labels
            .remove(HASH_LABEL);
        pod.created = 1000;
        pod.ready = true;
        pod.ready_transition = Some(0);
        if i == 4 {
            pod.deletion = Some(31_000);
        }
        h.engine.insert_pod(pod);
    }
    assert_eq!(h.sync(), (1, 0, 0));
}

#[test]
fn test_surge_deletes_unready_old_pods() {
    // TestSurgeDeletesUnreadyOldPods
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(IntOrPercent::Int(1));
    let mut h = Harness::new(ds);
    h.add_nodes(0, 5, StringMap::new());
    surge_pod(&mut h, "node-1-", "node-1", false, 100, None);
    let unready = surge_pod(&mut h, "node-1-old-unready-", "node-1", true, 50, None);
    let old_ready = surge_pod(&mut h, "node-1-delete-", "node-1", true, 60, Some(0));
    h.add_pods("node-2", simple_daemon_set_label(), 1);
    assert_eq!(h.sync(), (3, 2, 0));
    let mut expected = vec![old_ready, unready];
    expected.sort();
    assert_eq!(h.deleted_names(), expected);
}

#[test]
fn test_surge_min_ready_seconds() {
    // TestSurgePreservesOldReadyWithUnsatisfiedMinReady (clock 60: new pod ready since 50,
    // minReadySeconds 15 → not available) and TestSurgeDeletesOldReadyWithUnsatisfiedMinReady
    // (clock 70: available → the old ready pod goes too).
    for (clock, deletes_old_ready) in [(60, false), (70, true)] {
        let mut ds = new_daemon_set("foo");
        ds.spec.min_ready_seconds = 15;
        ds.spec.update_strategy = surge(IntOrPercent::Int(1));
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        h.set_time(clock);
        surge_pod(&mut h, "node-1-", "node-1", false, 100, Some(50));
        let old_ready = surge_pod(&mut h, "node-1-old-ready-", "node-1", true, 50, Some(0));
        let excess = surge_pod(&mut h, "node-1-delete-", "node-1", true, 60, Some(0));
        h.add_pods("node-2", simple_daemon_set_label(), 1);
        let mut expected = vec![excess];
        if deletes_old_ready {
            expected.push(old_ready);
        }
        expected.sort();
        assert_eq!(h.sync(), (3, expected.len(), 0), "clock {clock}");
        assert_eq!(h.deleted_names(), expected);
    }
}

fn change_image(h: &mut Harness, image: &str, strategy: DaemonSetUpdateStrategy) {
    h.update(|ds| {
        ds.spec.template.spec.containers[0].image = image.to_string();
        ds.spec.update_strategy = strategy;
    });
}

#[test]
fn test_daemon_set_updates_pods() {
    // TestDaemonSetUpdatesPods (update_test.go), maxUnavailable 2 over 5 nodes.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    h.mark_pods_ready();
    change_image(&mut h, "foo2/bar2", rolling(IntOrPercent::Int(2)));
    let expected = [
        (0, 2, 0),
        (2, 0, 0),
        (0, 2, 0),
        (2, 0, 0),
        (0, 1, 0),
        (1, 0, 0),
        (0, 0, 0),
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(h.sync(), *want, "sync {i}");
        if want.0 > 0 {
            h.mark_pods_ready();
        }
    }
    let status = h.engine.state().daemon_sets["default/foo"]
        .ds
        .status
        .clone();
    assert_eq!(
        (
            status.desired_number_scheduled,
            status.current_number_scheduled,
            status.updated_number_scheduled,
            status.number_ready,
            status.number_available,
            status.number_unavailable,
            status.observed_generation
        ),
        (5, 5, 5, 5, 5, 0, 2)
    );
}

#[test]
fn test_daemon_set_updates_pods_with_max_surge() {
    // TestDaemonSetUpdatesPodsWithMaxSurge, maxSurge 2 over 5 nodes.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    h.mark_pods_ready();
    change_image(&mut h, "foo2/bar2", surge(IntOrPercent::Int(2)));
    assert_eq!(h.sync(), (2, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
    h.mark_pods_ready();
    assert_eq!(h.sync(), (2, 2, 0));
    assert_eq!(h.sync(), (0, 0, 0));
    h.mark_pods_ready();
    assert_eq!(h.sync(), (1, 2, 0));
    assert_eq!(h.sync(), (0, 0, 0));
    h.mark_pods_ready();
    assert_eq!(h.sync(), (0, 1, 0));
    assert_eq!(h.sync(), (0, 0, 0));
}

#[test]
fn test_daemon_set_updates_when_new_pod_is_not_ready() {
    // TestDaemonSetUpdatesWhenNewPosIsNotReady, maxUnavailable 3.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    h.mark_pods_ready();
    change_image(&mut h, "foo2/bar2", rolling(IntOrPercent::Int(3)));
    assert_eq!(h.sync(), (0, 3, 0));
    assert_eq!(h.sync(), (3, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
}

#[test]
fn test_daemon_set_updates_all_old_pods_not_ready() {
    // TestDaemonSetUpdatesAllOldPodsNotReady: unavailable old pods are all replaced.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    change_image(&mut h, "foo2/bar2", rolling(IntOrPercent::Int(3)));
    assert_eq!(h.sync(), (0, 5, 0));
    assert_eq!(h.sync(), (5, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
}

#[test]
fn test_daemon_set_updates_all_old_pods_not_ready_max_surge() {
    // TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    change_image(&mut h, "foo2/bar2", surge(IntOrPercent::Int(3)));
    h.set_time(100);
    assert_eq!(
        h.sync(),
        (5, 0, 0),
        "all old pods are unavailable so should be surged"
    );
    h.set_time(200);
    assert_eq!(h.sync(), (0, 5, 0), "old pods are deleted");
    // setPodReadiness(true, 5) at t=200, then minReadySeconds 15 and a new image.
    h.mark_pods_ready();
    h.update(|ds| {
        ds.spec.min_ready_seconds = 15;
        ds.spec.template.spec.containers[0].image = "foo3/bar3".to_string();
    });
    h.set_time(300);
    assert_eq!(h.sync(), (3, 0, 0));
    let hash = h.engine.state().daemon_sets["default/foo"]
        .current_hash
        .clone()
        .unwrap_or_default();
    // Mark two updated pods ready at 300, and one old pod on a node without an updated pod
    // not ready.
    let pods: Vec<PodState> = h
        .engine
        .state()
        .pods
        .values()
        .map(|p| (**p).clone())
        .collect();
    let new_nodes: Vec<String> = pods
        .iter()
        .filter(|p| p.label(HASH_LABEL) == Some(hash.as_str()))
        .filter_map(|p| p.target_node().map(str::to_string))
        .collect();
    let new_keys: Vec<String> = pods
        .iter()
        .filter(|p| p.label(HASH_LABEL) == Some(hash.as_str()))
        .map(|p| p.key())
        .take(2)
        .collect();
    h.engine.mark_ready(&new_keys);
    if let Some(old) = pods.iter().find(|p| {
        p.label(HASH_LABEL) != Some(hash.as_str())
            && p.target_node()
                .is_some_and(|n| !new_nodes.iter().any(|m| m == n))
    }) {
        let mut old = old.clone();
        old.ready = false;
        old.ready_transition = Some(300_000);
        h.engine.insert_pod(old);
    }
    h.set_time(310);
    assert_eq!(h.sync(), (1, 0, 0), "replace the unready old pod at once");
    h.set_time(320);
    assert_eq!(
        h.sync(),
        (1, 3, 0),
        "new pods available: delete the old ones"
    );
    let pods: Vec<String> = h
        .engine
        .state()
        .pods
        .values()
        .filter(|p| p.label(HASH_LABEL) == Some(hash.as_str()))
        .map(|p| p.key())
        .collect();
    h.engine.mark_ready(&pods);
    h.set_time(340);
    assert_eq!(h.sync(), (0, 2, 0));
    h.set_time(350);
    assert_eq!(h.sync(), (0, 0, 0), "controller has completed upgrade");
}

#[test]
fn test_daemon_set_updates_no_template_changed() {
    // TestDaemonSetUpdatesNoTemplateChanged
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    h.update(|ds| ds.spec.update_strategy = rolling(IntOrPercent::Int(3)));
    assert_eq!(h.sync(), (0, 0, 0));
}

//! Upstream's DaemonSet controller and rolling-update unit tests
//! (`pkg/controller/daemon/daemon_controller_test.go`, `update_test.go`), replayed sync by
//! sync on the simulation in manual mode: the creates, deletes and events of every sync.

use kubeplay::engine::api::{
    Condition, Container, DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, IntOrPercent,
    LabelSelector, Node, ObjectMeta, OwnerReference, Pod, PodTemplateSpec, RollingUpdateDaemonSet,
    StringMap, Taint, TaintEffect, UpdateStrategyType,
};
use kubeplay::engine::controllers::util::compute_hash;
use kubeplay::engine::sim::{Config, Engine};
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::store::state::{ClusterState, PodOwner, PodPhase, PodState, HASH_LABEL};
use kubeplay::engine::time::timestamp;

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
                    }]
                    .into(),
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
        let owner = Some(PodOwner::DaemonSet(
            format!("default/{}", self.ds.metadata.name).into(),
        ));
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
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// upstream `markPodsReady`.
    fn mark_pods_ready(&mut self) {
        let keys: Vec<String> = self
            .engine
            .state()
            .pods
            .keys()
            .map(str::to_string)
            .collect();
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
                pod_affinity: None,
                pod_anti_affinity: None,
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
    created: i64,
    ready: Option<i64>,
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
        .map(|p| p.key().to_string())
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
        .map(|p| p.key().to_string())
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

/// upstream `setNodeTaint` for one taint.
fn tainted_node(name: &str, key: &str, value: &str, effect: TaintEffect) -> Node {
    let mut node = new_node(name, StringMap::new());
    node.spec.taints = vec![Taint {
        key: key.to_string(),
        value: value.to_string(),
        effect,
        time_added: None,
    }];
    node
}

fn no_schedule_toleration() -> kubeplay::engine::api::Toleration {
    // upstream `noScheduleTolerations`: key dedicated, value user1, operator unset (Equal).
    kubeplay::engine::api::Toleration {
        key: "dedicated".to_string(),
        operator: None,
        value: "user1".to_string(),
        effect: Some(TaintEffect::NoSchedule),
        toleration_seconds: None,
    }
}

#[test]
fn test_placement_by_selector_name_and_taints_table() {
    // daemon_controller_test.go: one sync per case, for both update strategies.
    type Setup = fn(&mut Harness);
    type Case = (
        &'static str,
        fn(&mut DaemonSet),
        Setup,
        (usize, usize, usize),
    );
    let plain: Setup = |h| h.add_nodes(0, 5, StringMap::new());
    let with_labels: Setup = |h| {
        h.add_nodes(0, 4, StringMap::new());
        h.add_nodes(4, 3, simple_node_label());
    };
    let cases: Vec<Case> = vec![
        ("TestNoNodesDoesNothing", |_| {}, |_| {}, (0, 0, 0)),
        (
            "TestOneNodeDaemonLaunchesPod",
            |_| {},
            |h| h.engine.apply_node(new_node("only-node", StringMap::new())),
            (1, 0, 0),
        ),
        (
            "TestSelectorDaemonLaunchesPods",
            |ds| ds.spec.template.spec.node_selector = simple_node_label(),
            with_labels,
            (3, 0, 0),
        ),
        (
            "TestBadSelectorDaemonDoesNothing",
            |ds| {
                ds.spec.template.spec.node_selector = labels(&[("color", "red"), ("speed", "fast")])
            },
            with_labels,
            (0, 0, 0),
        ),
        (
            "TestNameDaemonSetLaunchesPods",
            |ds| ds.spec.template.spec.node_name = "node-0".to_string(),
            plain,
            (1, 0, 0),
        ),
        (
            "TestBadNameDaemonSetDoesNothing",
            |ds| ds.spec.template.spec.node_name = "node-10".to_string(),
            plain,
            (0, 0, 0),
        ),
        (
            "TestNameAndSelectorDaemonSetLaunchesPods",
            |ds| {
                ds.spec.template.spec.node_selector = simple_node_label();
                ds.spec.template.spec.node_name = "node-6".to_string();
            },
            with_labels,
            (1, 0, 0),
        ),
        (
            "TestInconsistentNameSelectorDaemonSetDoesNothing",
            |ds| {
                ds.spec.template.spec.node_selector = simple_node_label();
                ds.spec.template.spec.node_name = "node-0".to_string();
            },
            with_labels,
            (0, 0, 0),
        ),
        (
            "TestNodeAffinityDaemonLaunchesPods",
            |ds| {
                ds.spec.template.spec.affinity = Some(kubeplay::engine::api::Affinity {
                    pod_affinity: None,
                    pod_anti_affinity: None,
                    node_affinity: Some(kubeplay::engine::api::NodeAffinity {
                        required: Some(kubeplay::engine::api::NodeSelector {
                            node_selector_terms: vec![kubeplay::engine::api::NodeSelectorTerm {
                                match_expressions: vec![
                                    kubeplay::engine::api::SelectorRequirement {
                                        key: "color".to_string(),
                                        operator: "In".to_string(),
                                        values: vec!["blue".to_string()],
                                    },
                                ],
                                match_fields: Vec::new(),
                            }],
                        }),
                        preferred: Vec::new(),
                    }),
                    extra: Vec::new(),
                })
            },
            with_labels,
            (3, 0, 0),
        ),
        (
            "TestTaintedNodeDaemonDoesNotLaunchIntolerantPod",
            |_| {},
            |h| {
                h.engine.apply_node(tainted_node(
                    "tainted",
                    "dedicated",
                    "user1",
                    TaintEffect::NoSchedule,
                ))
            },
            (0, 0, 0),
        ),
        (
            "TestTaintedNodeDaemonLaunchesToleratePod",
            |ds| ds.spec.template.spec.tolerations = vec![no_schedule_toleration()].into(),
            |h| {
                h.engine.apply_node(tainted_node(
                    "tainted",
                    "dedicated",
                    "user1",
                    TaintEffect::NoSchedule,
                ))
            },
            (1, 0, 0),
        ),
        (
            "TestNodeDaemonLaunchesToleratePod",
            |ds| ds.spec.template.spec.tolerations = vec![no_schedule_toleration()].into(),
            |h| h.add_nodes(0, 1, StringMap::new()),
            (1, 0, 0),
        ),
        (
            "TestNotReadyNodeDaemonLaunchesPod",
            |_| {},
            |h| {
                let mut node = tainted_node(
                    "tainted",
                    "node.kubernetes.io/not-ready",
                    "",
                    TaintEffect::NoExecute,
                );
                node.status.conditions[0].status = "False".to_string();
                h.engine.apply_node(node);
            },
            (1, 0, 0),
        ),
        (
            "TestUnreachableNodeDaemonLaunchesPod",
            |_| {},
            |h| {
                let mut node = tainted_node(
                    "tainted",
                    "node.kubernetes.io/unreachable",
                    "",
                    TaintEffect::NoExecute,
                );
                node.status.conditions[0].status = "Unknown".to_string();
                h.engine.apply_node(node);
            },
            (1, 0, 0),
        ),
        (
            "TestNetworkUnavailableNodeDaemonLaunchesPod (condition without its taint)",
            |_| {},
            |h| {
                let mut node = new_node("network-unavailable", StringMap::new());
                node.status.conditions = vec![Condition {
                    type_: "NetworkUnavailable".to_string(),
                    status: "True".to_string(),
                    ..Condition::default()
                }];
                h.engine.apply_node(node);
            },
            (1, 0, 0),
        ),
    ];
    for (name, edit, setup, want) in cases {
        for strategy in update_strategies() {
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            edit(&mut ds);
            let mut h = Harness::new(ds);
            setup(&mut h);
            assert_eq!(h.sync(), want, "{name}");
        }
    }
}

#[test]
fn test_selector_daemon_deals_with_existing_pods() {
    // TestSelectorDaemonDealsWithExistingPods
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.spec.template.spec.node_selector = simple_node_label();
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        h.add_nodes(5, 5, simple_node_label());
        h.add_pods("node-0", simple_daemon_set_label(), 1);
        h.add_pods("node-1", simple_daemon_set_label(), 3);
        h.add_pods("node-1", simple_daemon_set_label2(), 2);
        h.add_pods("node-2", simple_daemon_set_label(), 4);
        h.add_pods("node-6", simple_daemon_set_label(), 13);
        h.add_pods("node-7", simple_daemon_set_label2(), 4);
        h.add_pods("node-9", simple_daemon_set_label(), 1);
        h.add_pods("node-9", simple_daemon_set_label2(), 1);
        assert_eq!(h.sync(), (3, 20, 0));
    }
}

#[test]
fn test_no_schedule_tainted_doesnt_evict_running_intolerant_pod() {
    // TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod: kept, and counted misscheduled.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("intolerant");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.engine.apply_node(tainted_node(
            "tainted",
            "dedicated",
            "user1",
            TaintEffect::NoSchedule,
        ));
        let pod = h.new_pod("keep-running-me-", "tainted", simple_daemon_set_label());
        h.engine.insert_pod(pod);
        assert_eq!(h.sync(), (0, 0, 0));
        let status = &h.engine.state().daemon_sets["default/intolerant"].ds.status;
        assert_eq!(
            (
                status.desired_number_scheduled,
                status.current_number_scheduled,
                status.number_misscheduled
            ),
            (0, 0, 1)
        );
    }
}

#[test]
fn test_pod_is_not_deleted_by_daemonset_with_empty_label_selector() {
    // TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector: one SelectingAll event, nothing else.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.spec.selector = Some(LabelSelector::default());
        ds.spec.template.spec.node_selector = labels(&[("foo", "bar")]);
        let mut h = Harness::new(ds);
        h.engine.apply_node(new_node("node1", StringMap::new()));
        let pod = Pod {
            metadata: ObjectMeta {
                name: "orphan".to_string(),
                namespace: "default".to_string(),
                labels: labels(&[("bang", "boom")]),
                ..ObjectMeta::default()
            },
            spec: kubeplay::engine::api::PodSpec {
                node_name: "node1".to_string(),
                ..Default::default()
            },
            status: Default::default(),
        };
        let pod = h.engine.admit_pod(pod, None).expect("admission");
        h.engine.insert_pod(pod);
        assert_eq!(h.sync(), (0, 0, 1));
        let event = h.engine.timeline().events().last().cloned().expect("event");
        assert_eq!(
            (event.type_.as_str(), event.reason, event.message.as_str()),
            (
                "Warning",
                "SelectingAll",
                "This daemon set is selecting all pods. A non-empty selector is required."
            )
        );
    }
}

#[test]
fn test_dont_do_anything_if_being_deleted() {
    // TestDontDoAnythingIfBeingDeleted: a DaemonSet with a deletionTimestamp is not synced.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.metadata.deletion_timestamp = Some("2026-01-01T00:00:00Z".to_string());
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        assert_eq!(h.sync(), (0, 0, 0));
        let status = &h.engine.state().daemon_sets["default/foo"].ds.status;
        assert_eq!(
            (status.desired_number_scheduled, status.observed_generation),
            (0, 0),
            "no status update either"
        );
    }
}

#[test]
fn test_port_conflicts_are_left_to_the_scheduler() {
    // TestPortConflictWithSameDaemonPodDoesNotDeletePod and TestNoPortConflictNodeDaemonLaunchesPod.
    let host_port = |port: i32| kubeplay::engine::api::PodSpec {
        node_name: "port-node".to_string(),
        containers: vec![Container {
            name: "c".to_string(),
            image: "foo/bar".to_string(),
            ports: vec![kubeplay::engine::api::ContainerPort {
                host_port: port,
                ..Default::default()
            }],
            ..Container::default()
        }]
        .into(),
        ..Default::default()
    };
    for strategy in update_strategies() {
        // Its own pod with the same host port stays.
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy.clone();
        ds.spec.template.spec = host_port(666);
        let mut h = Harness::new(ds);
        h.engine.apply_node(new_node("port-node", StringMap::new()));
        let pod = h.new_pod("foo-", "port-node", simple_daemon_set_label());
        h.engine.insert_pod(pod);
        assert_eq!(h.sync(), (0, 0, 0), "same daemon pod");

        // Another pod's host port does not keep the daemon pod away.
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.spec.template.spec = host_port(6662);
        let mut h = Harness::new(ds);
        h.engine.apply_node(new_node("port-node", StringMap::new()));
        let other = Pod {
            metadata: ObjectMeta {
                name: "other".to_string(),
                namespace: "default".to_string(),
                ..ObjectMeta::default()
            },
            spec: host_port(6661),
            status: Default::default(),
        };
        let other = h.engine.admit_pod(other, None).expect("admission");
        h.engine.insert_pod(other);
        assert_eq!(h.sync(), (1, 0, 0), "other pod's port");
    }
}

#[test]
fn test_created_pods_are_pinned_by_node_affinity() {
    // TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods and
    // TestSimpleDaemonSetUpdatesStatusAfterLaunchingPods.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 5, StringMap::new());
        assert_eq!(h.sync(), (5, 0, 0));
        let mut pinned: Vec<String> = Vec::new();
        for pod in h.engine.state().pods.values() {
            assert!(pod.node_name().is_empty(), "{} is not bound", pod.name());
            let terms = &pod
                .pod
                .spec
                .affinity
                .as_ref()
                .and_then(|a| a.node_affinity.as_ref())
                .and_then(|n| n.required.as_ref())
                .expect("required node affinity")
                .node_selector_terms;
            assert_eq!(terms.len(), 1);
            assert_eq!(terms[0].match_fields.len(), 1);
            let field = &terms[0].match_fields[0];
            assert_eq!(
                (field.key.as_str(), field.operator.as_str()),
                ("metadata.name", "In")
            );
            assert_eq!(field.values.len(), 1);
            pinned.push(field.values[0].clone());
        }
        pinned.sort();
        assert_eq!(pinned, ["node-0", "node-1", "node-2", "node-3", "node-4"]);
        let status = &h.engine.state().daemon_sets["default/foo"].ds.status;
        assert_eq!(status.current_number_scheduled, 5);
    }
}

#[test]
fn test_number_ready_status_and_observed_generation() {
    // TestNumberReadyStatus and TestObservedGeneration.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        let mut h = Harness::new(ds);
        h.add_nodes(0, 2, simple_node_label());
        h.add_pods("node-0", simple_daemon_set_label(), 1);
        h.add_pods("node-1", simple_daemon_set_label(), 1);
        assert_eq!(h.sync(), (0, 0, 0));
        let status = h.engine.state().daemon_sets["default/foo"]
            .ds
            .status
            .clone();
        assert_eq!((status.number_ready, status.observed_generation), (0, 1));
        h.mark_pods_ready();
        assert_eq!(h.sync(), (0, 0, 0));
        let status = h.engine.state().daemon_sets["default/foo"]
            .ds
            .status
            .clone();
        assert_eq!(status.number_ready, 2);
    }
}

#[test]
fn test_insufficient_capacity_is_left_to_the_scheduler() {
    // TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod: a pod of nobody on the
    // node; the DaemonSet still creates its own pod there.
    for strategy in update_strategies() {
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        ds.spec.template.spec.node_name = "too-much-mem".to_string();
        let mut h = Harness::new(ds);
        let mut node = new_node("too-much-mem", StringMap::new());
        node.status.allocatable = [
            ("memory".to_string(), "100M".parse().expect("quantity")),
            ("cpu".to_string(), "200m".parse().expect("quantity")),
            ("pods".to_string(), "100".parse().expect("quantity")),
        ]
        .into_iter()
        .collect();
        h.engine.apply_node(node);
        let other = Pod {
            metadata: ObjectMeta {
                name: "other".to_string(),
                namespace: "default".to_string(),
                ..ObjectMeta::default()
            },
            spec: kubeplay::engine::api::PodSpec {
                node_name: "too-much-mem".to_string(),
                ..Default::default()
            },
            status: Default::default(),
        };
        let other = h.engine.admit_pod(other, None).expect("admission");
        h.engine.insert_pod(other);
        assert_eq!(h.sync(), (1, 0, 0));
    }
}

#[test]
fn test_daemon_set_updates_pods_not_match_taints_with_max_surge() {
    // TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge (update_test.go): node-0 keeps its
    // old pod (NoSchedule only) until a surge pod elsewhere is available.
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(IntOrPercent::Int(1));
    ds.spec.template.spec.tolerations = vec![kubeplay::engine::api::Toleration {
        key: "node-role.kubernetes.io/control-plane".to_string(),
        operator: Some(kubeplay::engine::api::TolerationOperator::Exists),
        value: String::new(),
        effect: None,
        toleration_seconds: None,
    }]
    .into();
    let mut h = Harness::new(ds);
    h.add_nodes(0, 5, StringMap::new());
    h.engine.apply_node(tainted_node(
        "node-0",
        "node-role.kubernetes.io/control-plane",
        "",
        TaintEffect::NoSchedule,
    ));
    assert_eq!(h.sync(), (5, 0, 0));
    h.mark_pods_ready();
    h.update(|ds| ds.spec.template.spec.tolerations = Vec::new().into());
    let expected = [
        ((1, 1, 0), (0, 0, 0)),
        ((1, 1, 0), (0, 0, 0)),
        ((1, 1, 0), (0, 0, 0)),
        ((1, 1, 0), (0, 0, 0)),
        ((0, 1, 0), (0, 0, 0)),
    ];
    for (i, (first, second)) in expected.into_iter().enumerate() {
        assert_eq!(h.sync(), first, "round {i}");
        assert_eq!(h.sync(), second, "round {i}, again");
        h.mark_pods_ready();
    }
    assert!(
        h.engine
            .state()
            .pods
            .values()
            .all(|p| p.target_node() != Some("node-0")),
        "no pod is left on the tainted node"
    );
}

/// Replaces the image (a new template) and the update strategy.
fn roll(h: &mut Harness, image: &str, max_unavailable: i32) {
    h.update(|ds| {
        ds.spec.template.spec.containers[0].image = image.to_string();
        ds.spec.update_strategy = rolling(IntOrPercent::Int(max_unavailable));
    });
}

fn ready_pod_names(h: &Harness) -> Vec<String> {
    let mut names: Vec<String> = h
        .engine
        .state()
        .pods
        .values()
        .filter(|p| p.ready)
        .map(|p| p.name().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn test_daemon_set_updates_some_old_pods_not_ready() {
    // TestDaemonSetUpdatesSomeOldPodsNotReady: the unready pods of the first rollout are
    // replaced by the second; the three available ones stay.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 5, StringMap::new());
    assert_eq!(h.sync(), (5, 0, 0));
    h.mark_pods_ready();
    for image in ["foo2/bar2", "foo2/bar3"] {
        roll(&mut h, image, 2);
        assert_eq!(h.sync(), (0, 2, 0), "{image}");
        assert_eq!(h.sync(), (2, 0, 0), "{image}");
        assert_eq!(h.sync(), (0, 0, 0), "{image}");
    }
    assert_eq!(ready_pod_names(&h).len(), 3);
}

#[test]
fn test_daemon_set_updates_save_old_healthy_pods() {
    // TestDaemonSetUpdatesSaveOldHealthyPods: with 10 unavailable pods, a new rollout only
    // replaces those, whatever maxUnavailable below 10 (upstream draws it at random).
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 20, StringMap::new());
    assert_eq!(h.sync(), (20, 0, 0));
    h.mark_pods_ready();
    roll(&mut h, "foo2/bar2", 10);
    assert_eq!(h.sync(), (0, 10, 0));
    assert_eq!(h.sync(), (10, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
    let old_ready = ready_pod_names(&h);
    assert_eq!(old_ready.len(), 10);
    for max_unavailable in 0..10 {
        roll(
            &mut h,
            &format!("foo2/bar3-{max_unavailable}"),
            max_unavailable,
        );
        assert_eq!(h.sync(), (0, 10, 0), "maxUnavailable {max_unavailable}");
        assert_eq!(h.sync(), (10, 0, 0), "maxUnavailable {max_unavailable}");
        assert_eq!(h.sync(), (0, 0, 0), "maxUnavailable {max_unavailable}");
        assert_eq!(
            ready_pod_names(&h),
            old_ready,
            "maxUnavailable {max_unavailable}"
        );
    }
    roll(&mut h, "foo2/bar4", 11);
    assert_eq!(h.sync(), (0, 11, 0));
    assert_eq!(h.sync(), (11, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
    assert_eq!(ready_pod_names(&h).len(), 9);
}

#[test]
fn test_daemon_set_updates_all_old_not_ready_pods_and_new_not_ready_pods() {
    // TestDaemonSetUpdatesAllOldNotReadyPodsAndNewNotReadyPods: 100 nodes, maxUnavailable 10;
    // then 88 unavailable new pods, 2 unavailable old pods and 10 available old pods: only
    // the 2 unavailable old pods are replaced.
    let mut h = Harness::new(new_daemon_set("foo"));
    h.add_nodes(0, 100, StringMap::new());
    assert_eq!(h.sync(), (100, 0, 0));
    h.mark_pods_ready();
    let hash1 = h.engine.state().daemon_sets["default/foo"]
        .current_hash
        .clone()
        .expect("hash");
    roll(&mut h, "foo2/bar2", 10);
    for round in 0..10 {
        assert_eq!(h.sync(), (0, 10, 0), "round {round}");
        assert_eq!(h.sync(), (10, 0, 0), "round {round}");
        h.mark_pods_ready();
    }
    assert_eq!(h.sync(), (0, 0, 0));
    let pods: Vec<PodState> = h
        .engine
        .state()
        .pods
        .values()
        .map(|p| (**p).clone())
        .collect();
    let mut old_unavailable = Vec::new();
    for (i, mut pod) in pods.into_iter().enumerate() {
        if i >= 10 {
            pod.ready = false;
            pod.ready_transition = Some(timestamp(h.engine.now()));
        }
        if i < 12 {
            // Upstream's test DaemonSet has no template-generation annotation, so its pods
            // carry no pod-template-generation label; ours do, so it goes back to 1 too.
            let labels = &mut std::sync::Arc::make_mut(&mut pod.pod).metadata.labels;
            labels.insert(HASH_LABEL.to_string(), hash1.clone());
            labels.insert("pod-template-generation".to_string(), "1".to_string());
            if i >= 10 {
                old_unavailable.push(pod.name().to_string());
            }
        }
        h.engine.insert_pod(pod);
    }
    assert_eq!(h.sync(), (0, 2, 0));
    old_unavailable.sort();
    assert_eq!(h.deleted_names(), old_unavailable);
    assert_eq!(h.sync(), (2, 0, 0));
    assert_eq!(h.sync(), (0, 0, 0));
}

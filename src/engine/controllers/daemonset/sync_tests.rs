//! Upstream's `daemon_controller_test.go` over the store (`update_tests.rs` runs its
//! `update_test.go` on this harness): a cluster is built as the tests build theirs,
//! [`DaemonSetController::sync`] runs once per `expectSyncDaemonSets`, and the pods it
//! created and deleted and the events it recorded itself (not the pod control's
//! `SuccessfulCreate`/`SuccessfulDelete`) are counted. The store runs in manual mode, so a
//! deleted pod goes at once, as the fake pod control removes it.

use std::sync::Arc;

use crate::engine::api::{DaemonSet, IntOrPercent, Node, Pod};
use crate::engine::controllers::util::compute_hash;
use crate::engine::store::journal::Action;
use crate::engine::store::state::{object_key, NodeState, PodPhase, PodState, HASH_LABEL};
use crate::engine::store::Store;
use crate::engine::time::Millis;

use super::sync::{controller_ref, new_daemon_pod, DaemonSetController};

/// `simpleDaemonSetLabel`.
pub(super) const DAEMON_LABELS: &str = "name: simple-daemon, type: production";
/// `simpleDaemonSetLabel2`.
pub(super) const DAEMON_LABELS_2: &str = "name: simple-daemon, type: test";
/// `simpleNodeLabel`.
pub(super) const NODE_LABELS: &str = "color: blue, speed: fast";

/// The two strategies upstream runs most tests with (`updateStrategies`): OnDelete, and a
/// rolling update with `maxUnavailable: 1`.
pub(super) const STRATEGIES: [&str; 2] = [
    "{type: OnDelete}",
    "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}",
];

/// `newDaemonSet(name)` in the namespace `namespace`, with `strategy` and the pod
/// template's spec `template_spec` (YAML flow mappings).
pub(super) fn daemon_set_in(
    namespace: &str,
    name: &str,
    strategy: &str,
    template_spec: &str,
) -> DaemonSet {
    let text = format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n  revisionHistoryLimit: 2\n  updateStrategy: {strategy}\n  selector: {{matchLabels: {{{DAEMON_LABELS}}}}}\n  template:\n    metadata: {{labels: {{{DAEMON_LABELS}}}}}\n    spec: {template_spec}\n"
    );
    let loaded = crate::engine::yaml::load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.objects.daemon_sets.into_iter().next().unwrap()
}

/// `newDaemonSet("foo")` with `strategy` and the template's spec `template_spec`.
pub(super) fn daemon_set(strategy: &str, template_spec: &str) -> DaemonSet {
    daemon_set_in("default", "foo", strategy, template_spec)
}

/// The template spec of `newDaemonSet`: one container, `foo/bar`.
pub(super) const SIMPLE_SPEC: &str = "{containers: [{name: c, image: foo/bar}]}";

/// `newNode(name, labels)` with `spec` (taints) and the `conditions` of its status.
pub(super) fn node(name: &str, labels: &str, spec: &str, conditions: &str) -> Node {
    let text = format!(
        "apiVersion: v1\nkind: Node\nmetadata: {{name: {name}, labels: {{{labels}}}}}\nspec: {{{spec}}}\nstatus:\n  conditions: [{conditions}]\n  allocatable: {{pods: '100'}}\n"
    );
    let loaded = crate::engine::yaml::load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.objects.nodes.into_iter().next().unwrap()
}

/// A Ready node's conditions.
pub(super) const READY: &str = "{type: Ready, status: 'True'}";

/// The cluster of one test: the store, the controller and the DaemonSet's key.
pub(super) struct Cluster {
    store: Store,
    controller: DaemonSetController,
    key: String,
    next_pod: usize,
}

/// What one sync did: pods created (by target node), pods deleted, and the controller's
/// own events as `reason: message`.
#[derive(Debug, Default)]
pub(super) struct Synced {
    created_on: Vec<String>,
    deleted: Vec<String>,
    events: Vec<String>,
}

impl Synced {
    /// `(creates, deletes, events)`, as `expectSyncDaemonSets` counts them.
    pub(super) fn counts(&self) -> (usize, usize, usize) {
        (self.created_on.len(), self.deleted.len(), self.events.len())
    }
}

impl Cluster {
    /// A cluster with the DaemonSet `ds` and no nodes.
    pub(super) fn new(ds: DaemonSet) -> Cluster {
        let key = object_key(&ds.metadata.namespace, &ds.metadata.name);
        let mut store = Store::new(0, 1, true);
        store.apply_daemon_set(ds);
        Cluster {
            store,
            controller: DaemonSetController::default(),
            key,
            next_pod: 0,
        }
    }

    /// Adds `node`.
    pub(super) fn add_node(&mut self, node: Node) {
        self.store
            .put_node(Arc::new(NodeState::new(Arc::new(node), 0)));
    }

    /// `addNodes(store, start, count, labels)`: nodes `node-<start>`... with `labels`.
    pub(super) fn add_nodes(&mut self, start: usize, count: usize, labels: &str) {
        for i in start..start + count {
            self.add_node(node(&format!("node-{i}"), labels, "", READY));
        }
    }

    /// The DaemonSet as stored.
    pub(super) fn ds(&self) -> &DaemonSet {
        &self.store.state().daemon_sets[&self.key].ds
    }

    /// The hash of the DaemonSet's current template (`currentDSHash`).
    pub(super) fn hash(&self) -> String {
        let ds = self.ds();
        compute_hash(&ds.spec.template, ds.status.collision_count)
    }

    /// `newPod(prefix, node, labels, ds)`: a pod of the DaemonSet's template bound to
    /// `node`, labelled `labels` and the current hash, controlled by the DaemonSet (or by
    /// nothing when `owned` is false). Returns its name.
    pub(super) fn pod_with(
        &mut self,
        node: &str,
        labels: &str,
        owned: bool,
        edit: impl FnOnce(&mut Pod),
    ) -> String {
        let hash = self.hash();
        let ds = self.ds().clone();
        let mut pod = new_daemon_pod(&ds, node, &hash, 1);
        pod.metadata.labels = parse_labels(labels);
        pod.metadata.labels.insert(HASH_LABEL.to_string(), hash);
        pod.spec.affinity = ds.spec.template.spec.affinity.clone();
        pod.spec.node_name = node.to_string();
        let name = format!("{node}-{}", self.next_pod);
        self.next_pod += 1;
        pod.metadata.name = name.clone();
        if !owned {
            pod.metadata.owner_references.clear();
        } else {
            pod.metadata.owner_references = vec![controller_ref(&ds)];
        }
        edit(&mut pod);
        self.store.apply_pod(pod).expect("the pod is admitted");
        name
    }

    /// `addPods(store, node, labels, ds, count)`.
    pub(super) fn add_pods(&mut self, node: &str, labels: &str, count: usize) {
        for _ in 0..count {
            self.pod_with(node, labels, true, |_| {});
        }
    }

    /// Sets the phase of the pod `name`.
    pub(super) fn set_phase(&mut self, name: &str, phase: PodPhase) {
        let key = object_key(&self.ds().metadata.namespace.clone(), name);
        let mut pod = (**self.store.pod(&key).unwrap()).clone();
        pod.phase = phase;
        self.store.put_pod(pod);
    }

    /// Sets whether the pod `name` is Ready, since `since` (milliseconds of virtual time).
    pub(super) fn set_ready(&mut self, name: &str, ready: bool, since: Millis) {
        let key = object_key(&self.ds().metadata.namespace.clone(), name);
        let mut pod = (**self.store.pod(&key).unwrap()).clone();
        pod.ready = ready;
        pod.ready_transition = Some(since as i64);
        self.store.put_pod(pod);
    }

    /// `markPodsReady`: every pod Ready now.
    pub(super) fn mark_pods_ready(&mut self) {
        let keys: Vec<String> = self.store.state().pods.keys().map(str::to_string).collect();
        self.store.mark_ready(&keys);
    }

    /// One `syncHandler` of the DaemonSet, after the watch events so far were delivered.
    pub(super) fn sync(&mut self) -> Synced {
        self.store.journal().close();
        let controller = &mut self.controller;
        self.store
            .deliver_notices(|store, notice| controller.observe(store, notice));
        self.controller.sync(&mut self.store, &self.key);
        let entry = self.store.journal().close().unwrap_or_default();
        let mut synced = Synced::default();
        for action in entry.actions {
            match action {
                Action::Created { node, .. } => synced.created_on.push(node.unwrap_or_default()),
                Action::Deleted { pod } => synced.deleted.push(pod),
                _ => {}
            }
        }
        synced.events = entry
            .events
            .into_iter()
            .filter(|e| !matches!(e.reason, "SuccessfulCreate" | "SuccessfulDelete"))
            .map(|e| format!("{}: {}", e.reason, e.message))
            .collect();
        synced
    }

    /// `expectSyncDaemonSets(creates, deletes, events)`.
    pub(super) fn expect_sync(&mut self, want: (usize, usize, usize), name: &str) -> Synced {
        let synced = self.sync();
        assert_eq!(synced.counts(), want, "{name}: {synced:?}");
        synced
    }
}

/// `{a: b, c: d}`'s pairs.
pub(super) fn parse_labels(flow: &str) -> crate::engine::api::StringMap {
    flow.split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// One sync-level case of upstream's: a DaemonSet's template spec, the nodes and pods,
/// and the `(creates, deletes, events)` of one sync, for every update strategy.
pub(super) struct SyncCase {
    name: &'static str,
    namespace: &'static str,
    template_spec: &'static str,
    nodes: Vec<Node>,
    /// `(node, labels, count)` of the DaemonSet's own pods.
    pods: Vec<(&'static str, &'static str, usize)>,
    want: (usize, usize, usize),
}

impl Default for SyncCase {
    fn default() -> SyncCase {
        SyncCase {
            name: "",
            namespace: "default",
            template_spec: SIMPLE_SPEC,
            nodes: Vec::new(),
            pods: Vec::new(),
            want: (0, 0, 0),
        }
    }
}

/// `count` nodes `node-<start>`... labelled `labels`.
pub(super) fn nodes(start: usize, count: usize, labels: &str) -> Vec<Node> {
    (start..start + count)
        .map(|i| node(&format!("node-{i}"), labels, "", READY))
        .collect()
}

/// Upstream's sync-level tests that build a cluster, sync once and count what the
/// controller did, each under both update strategies.
#[test]
fn sync_once_table() {
    let mut not_ready = node("not-ready", "", "", "{type: Ready, status: 'False'}");
    not_ready.metadata.labels = Default::default();
    let cases = vec![
        SyncCase {
            name: "TestSimpleDaemonSetLaunchesPods",
            nodes: nodes(0, 5, ""),
            want: (5, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNoNodesDoesNothing",
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestOneNodeDaemonLaunchesPod",
            nodes: vec![node("only-node", "", "", READY)],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNotReadyNodeDaemonDoesLaunchPod",
            nodes: vec![not_ready],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNetworkUnavailableNodeDaemonLaunchesPod",
            nodes: vec![node(
                "network-unavailable",
                "",
                "",
                "{type: NetworkUnavailable, status: 'True'}",
            )],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestDealsWithExistingPods",
            nodes: nodes(0, 5, ""),
            pods: vec![
                ("node-1", DAEMON_LABELS, 1),
                ("node-2", DAEMON_LABELS, 2),
                ("node-3", DAEMON_LABELS, 5),
                ("node-4", DAEMON_LABELS_2, 2),
            ],
            want: (2, 5, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestSelectorDaemonLaunchesPods",
            template_spec: "{nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 4, ""), nodes(4, 3, NODE_LABELS)].concat(),
            want: (3, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestSelectorDaemonDeletesUnselectedPods",
            template_spec: "{nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 5, ""), nodes(5, 5, NODE_LABELS)].concat(),
            pods: vec![
                ("node-0", DAEMON_LABELS_2, 2),
                ("node-1", DAEMON_LABELS, 3),
                ("node-1", DAEMON_LABELS_2, 1),
                ("node-4", DAEMON_LABELS, 1),
            ],
            want: (5, 4, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestSelectorDaemonDealsWithExistingPods",
            template_spec: "{nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 5, ""), nodes(5, 5, NODE_LABELS)].concat(),
            pods: vec![
                ("node-0", DAEMON_LABELS, 1),
                ("node-1", DAEMON_LABELS, 3),
                ("node-1", DAEMON_LABELS_2, 2),
                ("node-2", DAEMON_LABELS, 4),
                ("node-6", DAEMON_LABELS, 13),
                ("node-7", DAEMON_LABELS_2, 4),
                ("node-9", DAEMON_LABELS, 1),
                ("node-9", DAEMON_LABELS_2, 1),
            ],
            want: (3, 20, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestBadSelectorDaemonDoesNothing",
            template_spec: "{nodeSelector: {color: red, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 4, ""), nodes(4, 3, NODE_LABELS)].concat(),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNameDaemonSetLaunchesPods",
            template_spec: "{nodeName: node-0, containers: [{name: c, image: foo/bar}]}",
            nodes: nodes(0, 5, ""),
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestBadNameDaemonSetDoesNothing",
            template_spec: "{nodeName: node-10, containers: [{name: c, image: foo/bar}]}",
            nodes: nodes(0, 5, ""),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNameAndSelectorDaemonSetLaunchesPods",
            template_spec: "{nodeName: node-6, nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 4, ""), nodes(4, 3, NODE_LABELS)].concat(),
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestInconsistentNameSelectorDaemonSetDoesNothing",
            template_spec: "{nodeName: node-0, nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 4, ""), nodes(4, 3, NODE_LABELS)].concat(),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNodeAffinityDaemonLaunchesPods",
            template_spec: "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: color, operator: In, values: [blue]}]}]}}}, containers: [{name: c, image: foo/bar}]}",
            nodes: [nodes(0, 4, ""), nodes(4, 3, NODE_LABELS)].concat(),
            want: (3, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: dedicated, value: user1, effect: NoSchedule}]",
                READY,
            )],
            pods: vec![("tainted", DAEMON_LABELS, 1)],
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNoExecuteTaintedDoesEvicitRunningIntolerantPod",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: dedicated, value: user1, effect: NoExecute}]",
                READY,
            )],
            pods: vec![("tainted", DAEMON_LABELS, 1)],
            want: (0, 1, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestTaintedNodeDaemonDoesNotLaunchIntolerantPod",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: dedicated, value: user1, effect: NoSchedule}]",
                READY,
            )],
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestTaintedNodeDaemonLaunchesToleratePod",
            template_spec: "{tolerations: [{key: dedicated, value: user1, effect: NoSchedule}], containers: [{name: c, image: foo/bar}]}",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: dedicated, value: user1, effect: NoSchedule}]",
                READY,
            )],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNotReadyNodeDaemonLaunchesPod",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: node.kubernetes.io/not-ready, effect: NoExecute}]",
                "{type: Ready, status: 'False'}",
            )],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestUnreachableNodeDaemonLaunchesPod",
            nodes: vec![node(
                "tainted",
                "",
                "taints: [{key: node.kubernetes.io/unreachable, effect: NoExecute}]",
                "{type: Ready, status: Unknown}",
            )],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestNodeDaemonLaunchesToleratePod",
            template_spec: "{tolerations: [{key: dedicated, value: user1, effect: NoSchedule}], containers: [{name: c, image: foo/bar}]}",
            nodes: nodes(0, 1, ""),
            want: (1, 0, 0),
            ..SyncCase::default()
        },
        SyncCase {
            name: "TestTaintPressureNodeDaemonLaunchesPod",
            namespace: "kube-system",
            // Upstream sets `priority` itself (its fake pod control skips admission); the
            // API server's priority admission wants the class named instead.
            template_spec: "{priorityClassName: system-cluster-critical, containers: [{name: c, image: foo/bar}]}",
            nodes: vec![node(
                "resources-pressure",
                "",
                "taints: [{key: node.kubernetes.io/disk-pressure, effect: NoSchedule}, {key: node.kubernetes.io/memory-pressure, effect: NoSchedule}, {key: node.kubernetes.io/pid-pressure, effect: NoSchedule}]",
                "{type: DiskPressure, status: 'True'}, {type: MemoryPressure, status: 'True'}, {type: PIDPressure, status: 'True'}",
            )],
            want: (1, 0, 0),
            ..SyncCase::default()
        },
    ];
    for case in cases {
        for strategy in STRATEGIES {
            let ds = daemon_set_in(case.namespace, "foo", strategy, case.template_spec);
            let mut cluster = Cluster::new(ds);
            for node in &case.nodes {
                cluster.add_node(node.clone());
            }
            for (node, labels, count) in &case.pods {
                cluster.add_pods(node, labels, *count);
            }
            cluster.expect_sync(case.want, &format!("{} ({strategy})", case.name));
        }
    }
}

impl Cluster {
    /// Sets the creation time of the pod `name` (milliseconds of virtual time).
    pub(super) fn set_created(&mut self, name: &str, at: i64) {
        let key = object_key(&self.ds().metadata.namespace.clone(), name);
        let mut pod = (**self.store.pod(&key).unwrap()).clone();
        pod.created = at;
        self.store.put_pod(pod);
    }

    /// Applies an edit of the DaemonSet through the API (`dsStore.Update`).
    pub(super) fn update_ds(&mut self, edit: impl FnOnce(&mut DaemonSet)) {
        let mut ds = self.ds().clone();
        edit(&mut ds);
        self.store.apply_daemon_set(ds);
    }

    /// Moves the controller's clock (`failedPodsBackoff.Clock`) to `at` (milliseconds).
    pub(super) fn set_time(&mut self, at: Millis) {
        self.store.set_time(at);
    }

    /// Names of the pods `keep` selects, in the store's order (`podStore.List()`).
    pub(super) fn pods_where(&self, keep: impl Fn(&PodState) -> bool) -> Vec<String> {
        let pods = self.store.state().pods.values();
        pods.filter(|p| keep(p))
            .map(|p| p.pod.metadata.name.clone())
            .collect()
    }

    /// The pod `name`.
    pub(super) fn pod(&self, name: &str) -> &PodState {
        let key = object_key(&self.ds().metadata.namespace, name);
        self.store.pod(&key).expect("the pod exists")
    }

    /// Edits the object of the pod `name` in place, as a test writes to the pod store.
    pub(super) fn edit_pod(&mut self, name: &str, edit: impl FnOnce(&mut Pod)) {
        let key = object_key(&self.ds().metadata.namespace.clone(), name);
        let mut pod = (**self.store.pod(&key).unwrap()).clone();
        edit(Arc::make_mut(&mut pod.pod));
        self.store.put_pod(pod);
    }

    /// Names of the pods that are Ready.
    pub(super) fn ready_pods(&self) -> std::collections::BTreeSet<String> {
        let pods = self.store.state().pods.values();
        pods.filter(|p| p.ready)
            .map(|p| p.pod.metadata.name.clone())
            .collect()
    }
}

/// Drops a pod's revision hash label: a pod of an older template.
pub(super) fn old(pod: &mut Pod) {
    pod.metadata.labels.remove(HASH_LABEL);
}

/// `newUpdateSurge(value)`: a rolling update with `maxUnavailable: 0`.
pub(super) fn surge(value: &str) -> String {
    format!("{{type: RollingUpdate, rollingUpdate: {{maxUnavailable: 0, maxSurge: {value}}}}}")
}

/// A rolling update with `maxUnavailable`.
pub(super) fn unavailable(value: i32) -> crate::engine::api::DaemonSetUpdateStrategy {
    crate::engine::api::DaemonSetUpdateStrategy {
        type_: crate::engine::api::UpdateStrategyType::RollingUpdate,
        rolling_update: Some(crate::engine::api::RollingUpdateDaemonSet {
            max_unavailable: Some(IntOrPercent::Int(value)),
            max_surge: None,
        }),
    }
}

/// Upstream `TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods`: the pods are created
/// unbound, each pinned to its node by one `metadata.name In [node]` field term.
#[test]
fn test_simple_daemon_set_schedule_daemon_set_pods_launches_pods() {
    for strategy in STRATEGIES {
        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 5, "");
        cluster.expect_sync((5, 0, 0), strategy);
        let mut pinned: Vec<String> = Vec::new();
        for pod in cluster.store.state().pods.values() {
            assert_eq!(pod.pod.spec.node_name, "", "{strategy}: unbound");
            let required = pod
                .pod
                .spec
                .affinity
                .as_ref()
                .and_then(|a| a.node_affinity.as_ref())
                .and_then(|n| n.required.as_ref())
                .expect("required node affinity");
            assert_eq!(required.node_selector_terms.len(), 1, "{strategy}");
            let fields = &required.node_selector_terms[0].match_fields;
            assert_eq!(fields.len(), 1, "{strategy}");
            assert_eq!(fields[0].key, "metadata.name", "{strategy}");
            assert_eq!(fields[0].values.len(), 1, "{strategy}");
            pinned.push(fields[0].values[0].clone());
        }
        pinned.sort();
        assert_eq!(
            pinned,
            ["node-0", "node-1", "node-2", "node-3", "node-4"],
            "{strategy}"
        );
    }
}

/// Upstream `TestSimpleDaemonSetUpdatesStatusAfterLaunchingPods`, `TestNumberReadyStatus`
/// and `TestObservedGeneration`: the status written by the sync that created the pods
/// counts them; readiness is counted on the next sync; the generation is observed.
#[test]
fn status_after_a_sync() {
    for strategy in STRATEGIES {
        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 5, "");
        cluster.expect_sync((5, 0, 0), strategy);
        assert_eq!(
            cluster.ds().status.current_number_scheduled,
            5,
            "{strategy}"
        );

        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 2, NODE_LABELS);
        cluster.add_pods("node-0", DAEMON_LABELS, 1);
        cluster.add_pods("node-1", DAEMON_LABELS, 1);
        cluster.expect_sync((0, 0, 0), strategy);
        assert_eq!(cluster.ds().status.number_ready, 0, "{strategy}");
        assert_eq!(cluster.ds().status.observed_generation, 1, "{strategy}");
        cluster.mark_pods_ready();
        cluster.expect_sync((0, 0, 0), strategy);
        assert_eq!(cluster.ds().status.number_ready, 2, "{strategy}");
    }
}

/// Upstream `TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod`,
/// `TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod`,
/// `TestNoPortConflictNodeDaemonLaunchesPod` and `TestPortConflictWithSameDaemonPodDoesNotDeletePod`:
/// resources and host ports are left to the scheduler.
#[test]
fn resources_and_ports_are_left_to_the_scheduler() {
    let resources = "{nodeName: too-much-mem, containers: [{name: c, image: foo/bar, resources: {requests: {memory: 75M, cpu: 75m}}}]}";
    for strategy in STRATEGIES {
        let mut cluster = Cluster::new(daemon_set(strategy, resources));
        let mut small = node("too-much-mem", "", "", READY);
        small.status.allocatable = [("memory", "100M"), ("cpu", "200m"), ("pods", "100")]
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    crate::engine::api::Quantity::parse(v).unwrap(),
                )
            })
            .collect();
        cluster.add_node(small);
        cluster.pod_with("too-much-mem", "", false, |pod| {
            pod.metadata.labels = Default::default();
        });
        cluster.expect_sync((1, 0, 0), strategy);

        let ports = "{nodeName: no-port-conflict, containers: [{name: c, image: foo/bar, ports: [{containerPort: 80, hostPort: 6662}]}]}";
        let mut cluster = Cluster::new(daemon_set(strategy, ports));
        cluster.add_node(node("no-port-conflict", "", "", READY));
        cluster.pod_with("no-port-conflict", "", false, |pod| {
            pod.metadata.labels = Default::default();
            pod.spec.containers[0].ports[0].host_port = 6661;
        });
        cluster.expect_sync((1, 0, 0), strategy);

        let same = "{nodeName: port-conflict, containers: [{name: c, image: foo/bar, ports: [{containerPort: 80, hostPort: 666}]}]}";
        let mut cluster = Cluster::new(daemon_set(strategy, same));
        cluster.add_node(node("port-conflict", "", "", READY));
        cluster.add_pods("port-conflict", DAEMON_LABELS, 1);
        cluster.expect_sync((0, 0, 0), strategy);
    }
    let selected = "{nodeSelector: {color: blue, speed: fast}, containers: [{name: c, image: foo/bar, resources: {requests: {memory: 50M, cpu: 75m}}}]}";
    let mut cluster = Cluster::new(daemon_set(STRATEGIES[0], selected));
    cluster.add_node(node("not-enough-resource", "", "", READY));
    cluster.add_node(node("enough-resource", NODE_LABELS, "", READY));
    cluster.expect_sync(
        (1, 0, 0),
        "TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod",
    );
}

/// Upstream `TestDontDoAnythingIfBeingDeleted`, `TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector`
/// and `TestDaemonSetRespectsTermination`.
#[test]
fn syncs_that_do_nothing() {
    for strategy in STRATEGIES {
        let mut ds = daemon_set(strategy, SIMPLE_SPEC);
        ds.metadata.deletion_timestamp = Some("2024-01-01T00:00:00Z".to_string());
        let mut cluster = Cluster::new(ds);
        cluster.add_nodes(0, 1, "");
        cluster.expect_sync((0, 0, 0), "TestDontDoAnythingIfBeingDeleted");

        let mut ds = daemon_set(
            strategy,
            "{nodeSelector: {foo: bar}, containers: [{name: c, image: foo/bar}]}",
        );
        ds.spec.selector = Some(crate::engine::api::LabelSelector::default());
        let mut cluster = Cluster::new(ds);
        cluster.add_node(node("node1", "", "", READY));
        cluster.pod_with("node1", "bang: boom", false, |_| {});
        let synced = cluster.expect_sync(
            (0, 0, 1),
            "TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector",
        );
        assert_eq!(
            synced.events,
            ["SelectingAll: This daemon set is selecting all pods. A non-empty selector is required."]
        );

        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 1, NODE_LABELS);
        cluster.pod_with("node-0", DAEMON_LABELS, true, |pod| {
            pod.metadata.deletion_timestamp = Some("2024-01-01T00:00:00Z".to_string());
        });
        cluster.expect_sync((0, 0, 0), "TestDaemonSetRespectsTermination");
    }
}

/// Upstream `TestDeleteUnscheduledPodForNotExistingNode`: an unscheduled pod pinned to a
/// node that does not exist is deleted; a bound one is left to pod garbage collection.
#[test]
fn test_delete_unscheduled_pod_for_not_existing_node() {
    for strategy in STRATEGIES {
        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 1, "");
        cluster.add_pods("node-0", DAEMON_LABELS, 1);
        cluster.add_pods("node-1", DAEMON_LABELS, 1);
        let ds = cluster.ds().clone();
        let hash = cluster.hash();
        let mut pinned = new_daemon_pod(&ds, "node-2", &hash, 1);
        pinned.metadata.name = "pod1-node-3".to_string();
        cluster.store.apply_pod(pinned).unwrap();
        let synced = cluster.expect_sync((0, 1, 0), strategy);
        assert_eq!(synced.deleted, ["default/pod1-node-3"], "{strategy}");
    }
}

/// Upstream `TestDaemonKillFailedPods`: failed pods are killed (one event each time a
/// node's back-off allows), at most one pod is kept per node.
#[test]
fn test_daemon_kill_failed_pods() {
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
    for (name, failed, normal, want) in cases {
        for strategy in STRATEGIES {
            let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
            cluster.add_nodes(0, 1, "");
            for _ in 0..failed {
                let pod = cluster.pod_with("node-0", DAEMON_LABELS, true, |_| {});
                cluster.set_phase(&pod, PodPhase::Failed);
            }
            cluster.add_pods("node-0", DAEMON_LABELS, normal);
            let synced = cluster.expect_sync(want, &format!("{name} ({strategy})"));
            for event in &synced.events {
                assert!(
                    event.starts_with("FailedDaemonPod: Found failed daemon pod default/node-0-0 on node node-0, will try to kill it"),
                    "{event}"
                );
            }
        }
    }
}

/// Upstream `TestDaemonKillFailedPodsBackoff` over the sync: the failed pod is killed, a
/// failed pod found again within the back-off is left alone (nothing created either), and
/// killed once the back-off has passed.
#[test]
fn test_daemon_kill_failed_pods_backoff() {
    for strategy in STRATEGIES {
        let mut cluster = Cluster::new(daemon_set(strategy, SIMPLE_SPEC));
        cluster.add_nodes(0, 1, "");
        let add_failed = |cluster: &mut Cluster| {
            let pod = cluster.pod_with("node-0", DAEMON_LABELS, true, |_| {});
            cluster.set_phase(&pod, PodPhase::Failed);
        };
        add_failed(&mut cluster);
        cluster.expect_sync((0, 1, 1), "first sync kills");
        add_failed(&mut cluster);
        cluster.expect_sync((0, 0, 0), "in back-off");
        cluster.store.set_time(999);
        cluster.expect_sync((0, 0, 0), "just before the end");
        cluster.store.set_time(1_000);
        cluster.expect_sync((0, 1, 1), "back-off over");
    }
}

/// Upstream `TestSurgeDealsWithExistingPods`.
#[test]
fn test_surge_deals_with_existing_pods() {
    let mut cluster = Cluster::new(daemon_set(&surge("1"), SIMPLE_SPEC));
    cluster.add_nodes(0, 5, "");
    cluster.add_pods("node-1", DAEMON_LABELS, 1);
    cluster.add_pods("node-2", DAEMON_LABELS, 2);
    cluster.add_pods("node-3", DAEMON_LABELS, 5);
    cluster.add_pods("node-4", DAEMON_LABELS_2, 2);
    cluster.expect_sync((2, 5, 0), "surge");
}

/// Upstream `TestSurgePreservesReadyOldPods`, `TestSurgeDeletesUnreadyOldPods`,
/// `TestSurgePreservesOldReadyWithUnsatisfiedMinReady` and
/// `TestSurgeDeletesOldReadyWithUnsatisfiedMinReady`: on node-1, a new pod (created at
/// 100 s), an old pod created at 50 s and an old ready pod created at 60 s.
#[test]
fn surge_keeps_the_oldest_old_pod_while_it_is_needed() {
    struct Case {
        name: &'static str,
        min_ready: i32,
        now: Millis,
        new_ready_since: Option<Millis>,
        oldest_ready: bool,
        want_deleted: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "TestSurgePreservesReadyOldPods",
            min_ready: 0,
            now: 0,
            new_ready_since: None,
            oldest_ready: true,
            want_deleted: &["default/node-1-2"],
        },
        Case {
            name: "TestSurgeDeletesUnreadyOldPods",
            min_ready: 0,
            now: 0,
            new_ready_since: None,
            oldest_ready: false,
            want_deleted: &["default/node-1-1", "default/node-1-2"],
        },
        Case {
            name: "TestSurgePreservesOldReadyWithUnsatisfiedMinReady",
            min_ready: 15,
            now: 60_000,
            new_ready_since: Some(50_000),
            oldest_ready: true,
            want_deleted: &["default/node-1-2"],
        },
        Case {
            name: "TestSurgeDeletesOldReadyWithUnsatisfiedMinReady",
            min_ready: 15,
            now: 70_000,
            new_ready_since: Some(50_000),
            oldest_ready: true,
            want_deleted: &["default/node-1-1", "default/node-1-2"],
        },
    ];
    for case in cases {
        let mut ds = daemon_set(&surge("1"), SIMPLE_SPEC);
        ds.spec.min_ready_seconds = case.min_ready;
        let mut cluster = Cluster::new(ds);
        cluster.store.set_time(case.now);
        cluster.add_nodes(0, 5, "");
        let new = cluster.pod_with("node-1", DAEMON_LABELS, true, |_| {});
        cluster.set_created(&new, 100_000);
        if let Some(since) = case.new_ready_since {
            cluster.set_ready(&new, true, since);
        }
        let oldest = cluster.pod_with("node-1", DAEMON_LABELS, true, old);
        cluster.set_created(&oldest, 50_000);
        cluster.set_ready(&oldest, case.oldest_ready, 0);
        let excess = cluster.pod_with("node-1", DAEMON_LABELS, true, old);
        cluster.set_created(&excess, 60_000);
        cluster.set_ready(&excess, true, 0);
        cluster.add_pods("node-2", DAEMON_LABELS, 1);
        let synced = cluster.expect_sync((3, case.want_deleted.len(), 0), case.name);
        let mut deleted = synced.deleted.clone();
        deleted.sort();
        assert_eq!(deleted, case.want_deleted, "{}", case.name);
    }
}

/// Upstream `TestSurgeCreatesNewPodWhenAtMaxSurgeAndOldPodDeleted`: node-4 has only a
/// terminating old pod, so a new one is created there although the surge is used up.
#[test]
fn test_surge_creates_new_pod_when_at_max_surge_and_old_pod_deleted() {
    let mut cluster = Cluster::new(daemon_set(&surge("1"), SIMPLE_SPEC));
    cluster.add_nodes(0, 5, "");
    let new = cluster.pod_with("node-0", DAEMON_LABELS, true, |_| {});
    cluster.set_created(&new, 100_000);
    let old_ready = cluster.pod_with("node-0", DAEMON_LABELS, true, old);
    cluster.set_created(&old_ready, 50_000);
    cluster.set_ready(&old_ready, true, 0);
    for i in 1..5 {
        let pod = cluster.pod_with(&format!("node-{i}"), DAEMON_LABELS, true, |pod| {
            old(pod);
            if i == 4 {
                pod.metadata.deletion_timestamp = Some("2024-01-01T00:00:31Z".to_string());
            }
        });
        cluster.set_created(&pod, 1_000);
        cluster.set_ready(&pod, true, 0);
    }
    let synced = cluster.expect_sync((1, 0, 0), "surge");
    assert_eq!(synced.created_on, ["node-4"]);
}

//! Upstream's `pkg/controller/tainteviction/taint_eviction_test.go`: the pure rules, then the
//! controller's handlers and timers over a store (a `Cluster` stands for the fake
//! clientset, its informers and the real clock of upstream's tests).

use super::*;
use crate::engine::api::{Node, Pod, TolerationOperator};
use crate::engine::store::events::Event;
use crate::engine::store::state::NodeState;
use crate::engine::time::DEFAULT_RUN_START;

fn seconds(s: Option<i64>) -> Toleration {
    Toleration {
        toleration_seconds: s,
        ..Toleration::default()
    }
}

fn taint(key: &str, value: &str, effect: TaintEffect) -> Taint {
    Taint {
        key: key.to_string(),
        value: value.to_string(),
        effect,
        time_added: None,
    }
}

fn toleration(key: &str, value: &str, effect: TaintEffect, s: Option<i64>) -> Toleration {
    Toleration {
        key: key.to_string(),
        operator: Some(TolerationOperator::Equal),
        value: value.to_string(),
        effect: Some(effect),
        toleration_seconds: s,
    }
}

#[test]
fn test_get_min_toleration_time() {
    // TestGetMinTolerationTime (taint_eviction_test.go), plus the <= 0 rule.
    let cases: Vec<(&str, Vec<Toleration>, Option<Millis>)> = vec![
        ("no tolerations: evict at once", vec![], Some(0)),
        (
            "one toleration without seconds: forever",
            vec![seconds(None)],
            None,
        ),
        (
            "1s and 2s: 1s",
            vec![seconds(Some(1)), seconds(Some(2))],
            Some(1000),
        ),
        (
            "1s and forever: 1s",
            vec![seconds(Some(1)), seconds(None)],
            Some(1000),
        ),
        (
            "forever and 1s: 1s",
            vec![seconds(None), seconds(Some(1))],
            Some(1000),
        ),
        (
            "0s: at once",
            vec![seconds(Some(5)), seconds(Some(0))],
            Some(0),
        ),
        (
            "negative: at once",
            vec![seconds(Some(-3)), seconds(None)],
            Some(0),
        ),
    ];
    for (name, tolerations, expected) in cases {
        let refs: Vec<&Toleration> = tolerations.iter().collect();
        assert_eq!(min_toleration_time(&refs), expected, "{name}");
    }
}

#[test]
fn test_verdict() {
    // The decisions of processPodOnNode as TestCreatePod / TestUpdateNode /
    // TestUpdateNodeWithMultipleTaints exercise them.
    let t1 = taint("testTaint1", "test", TaintEffect::NoExecute);
    let t2 = taint("testTaint2", "test", TaintEffect::NoExecute);
    let no_schedule = taint("testTaint1", "test", TaintEffect::NoSchedule);
    let tol = |key: &str, s: Option<i64>| toleration(key, "test", TaintEffect::NoExecute, s);
    let cases: Vec<(&str, Vec<Taint>, Vec<Toleration>, Verdict)> = vec![
        ("not scheduled - ignore", vec![], vec![], Verdict::Stay),
        (
            "only NoSchedule taints - ignore",
            vec![no_schedule.clone()],
            vec![],
            Verdict::Stay,
        ),
        (
            "scheduled on tainted Node",
            vec![t1.clone()],
            vec![],
            Verdict::EvictNow,
        ),
        (
            "scheduled on tainted Node with finite toleration",
            vec![t1.clone()],
            vec![tol("testTaint1", Some(100))],
            Verdict::EvictAfter(100_000),
        ),
        (
            "scheduled on tainted Node with infinite toleration",
            vec![t1.clone()],
            vec![tol("testTaint1", None)],
            Verdict::Stay,
        ),
        (
            "scheduled on tainted Node not tolerating the taint",
            vec![t2.clone()],
            vec![tol("testTaint1", None)],
            Verdict::EvictNow,
        ),
        (
            "two taints, one tolerated forever and one for 1s: 1s",
            vec![t1.clone(), t2.clone()],
            vec![tol("testTaint1", None), tol("testTaint2", Some(1))],
            Verdict::EvictAfter(1000),
        ),
        (
            "two taints, only one tolerated",
            vec![t1.clone(), t2.clone()],
            vec![tol("testTaint1", Some(1))],
            Verdict::EvictNow,
        ),
        (
            "only the first matching toleration of a taint counts (forever first)",
            vec![t1.clone()],
            vec![tol("testTaint1", None), tol("testTaint1", Some(1))],
            Verdict::Stay,
        ),
        (
            "only the first matching toleration of a taint counts (1s first)",
            vec![t1.clone()],
            vec![tol("testTaint1", Some(1)), tol("testTaint1", None)],
            Verdict::EvictAfter(1000),
        ),
    ];
    for (name, taints, tolerations, expected) in cases {
        assert_eq!(verdict(&taints, &tolerations), expected, "{name}");
    }
}

#[test]
fn test_filter_no_execute_taints() {
    let taints = [
        taint("one", "one", TaintEffect::NoExecute),
        taint("two", "two", TaintEffect::NoSchedule),
    ];
    let kept: Vec<String> = no_execute_taints(&taints)
        .into_iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(kept, ["one"]);
}

/// `createNoExecuteTaint(index)`.
fn no_execute_taint(index: usize) -> Taint {
    taint(
        &format!("testTaint{index}"),
        &format!("test{index}"),
        TaintEffect::NoExecute,
    )
}

/// `testutil.NewPod(name, host)` in `default`, with `addToleration(pod, index, seconds)`'s
/// toleration when `toleration` is `Some((index, seconds))` (seconds < 0: forever).
fn new_pod(name: &str, host: &str, toleration: Option<(usize, i64)>) -> Pod {
    let mut pod = Pod::default();
    pod.metadata.name = name.to_string();
    pod.metadata.namespace = "default".to_string();
    pod.spec.node_name = host.to_string();
    if let Some((index, seconds)) = toleration {
        pod.spec.tolerations = vec![Toleration {
            key: format!("testTaint{index}"),
            value: format!("test{index}"),
            effect: Some(TaintEffect::NoExecute),
            toleration_seconds: (seconds >= 0).then_some(seconds),
            ..Toleration::default()
        }]
        .into();
    }
    pod
}

/// A store with the controller watching it, and the evictions' timers it asked for.
struct Cluster {
    store: Store,
    controller: TaintEviction,
    timers: Vec<(Millis, Wake)>,
}

impl Cluster {
    fn new() -> Cluster {
        let mut store = Store::new(0, 1, false);
        store.set_run_start(DEFAULT_RUN_START);
        Cluster {
            store,
            controller: TaintEviction::default(),
            timers: Vec::new(),
        }
    }

    /// Delivers the watch events and keeps the timers asked for.
    fn react(&mut self) {
        let controller = &mut self.controller;
        self.store
            .deliver_notices(|store, notice| controller.observe(store, notice));
        self.timers.extend(self.store.take_wakes());
    }

    /// Writes the node `name` with the `NoExecute` taints `indices` (`NodeUpdated`).
    fn node(&mut self, name: &str, indices: &[usize]) {
        let mut node = Node::default();
        node.metadata.name = name.to_string();
        node.spec.taints = indices.iter().map(|&i| no_execute_taint(i)).collect();
        self.store
            .put_node(Arc::new(NodeState::new(Arc::new(node), 0)));
        self.controller.node_updated(&mut self.store, name);
        self.react();
    }

    /// Deletes the node `name` (`NodeUpdated(node, nil)`).
    fn delete_node(&mut self, name: &str) {
        self.store.delete_node(name);
        self.controller.node_updated(&mut self.store, name);
        self.react();
    }

    /// Creates `pod`, or updates the pod of its name to it (`PodUpdated`).
    fn pod(&mut self, pod: Pod) {
        let key = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
        match self.store.pod(&key).cloned() {
            Some(old) => {
                let mut next = (*old).clone();
                next.pod = Arc::new(pod);
                self.store.put_pod(next);
            }
            None => self.store.insert_pod(Arc::new(PodState::new(pod))),
        }
        self.react();
    }

    /// Moves the clock to `to`, firing the evictions due on the way in time order.
    fn advance(&mut self, to: Millis) {
        loop {
            self.timers
                .retain(|(_, wake)| matches!(wake, Wake::TaintEviction(_)));
            let next = (0..self.timers.len())
                .filter(|&i| self.timers[i].0 <= to)
                .min_by_key(|&i| self.timers[i].0);
            let Some(i) = next else {
                break;
            };
            let (at, wake) = self.timers.remove(i);
            let Wake::TaintEviction(timer) = wake else {
                unreachable!("only evictions are kept");
            };
            self.store.set_time(at.max(self.store.now()));
            self.controller.wake(&mut self.store, timer.key.as_str());
            self.react();
        }
        self.store.set_time(to.max(self.store.now()));
    }

    /// When the pod `default/name` was deleted, if it was.
    fn deleted_at(&self, name: &str) -> Option<Millis> {
        self.store
            .pod(&format!("default/{name}"))
            .and_then(|p| p.deletion)
    }

    /// `verifyPodActions`: whether the pod `default/name` got the `DisruptionTarget`
    /// condition (upstream's status patch) and whether it was deleted.
    fn actions(&self, name: &str) -> (bool, bool) {
        let Some(pod) = self.store.pod(&format!("default/{name}")) else {
            return (false, false);
        };
        let patched = pod
            .pod
            .status
            .conditions
            .iter()
            .any(|c| c.type_ == "DisruptionTarget" && c.status == "True");
        (patched, pod.deletion.is_some())
    }

    /// The events recorded so far.
    fn events(&mut self) -> Vec<Event> {
        self.store
            .journal()
            .close()
            .map(|entry| entry.events)
            .unwrap_or_default()
    }
}

/// How long upstream's `verifyPodActions` waits for the expected actions.
const VERIFY_WITHIN: Millis = 5_000;

#[test]
fn test_create_pod() {
    // (description, pod, the taints of node1 (none: untainted), expect patch, expect delete)
    let cases: Vec<(&str, Pod, &[usize], bool, bool)> = vec![
        (
            "not scheduled - ignore",
            new_pod("pod1", "", None),
            &[],
            false,
            false,
        ),
        (
            "scheduled on untainted Node",
            new_pod("pod1", "node1", None),
            &[],
            false,
            false,
        ),
        (
            "schedule on tainted Node",
            new_pod("pod1", "node1", None),
            &[1],
            true,
            true,
        ),
        (
            "schedule on tainted Node with finite toleration",
            new_pod("pod1", "node1", Some((1, 100))),
            &[1],
            false,
            false,
        ),
        (
            "schedule on tainted Node with infinite toleration",
            new_pod("pod1", "node1", Some((1, -1))),
            &[1],
            false,
            false,
        ),
        (
            "schedule on tainted Node with infinite invalid toleration",
            new_pod("pod1", "node1", Some((2, -1))),
            &[1],
            true,
            true,
        ),
    ];
    for (description, pod, taints, expect_patch, expect_delete) in cases {
        let mut cluster = Cluster::new();
        cluster.node("node1", taints);
        cluster.pod(pod);
        cluster.advance(VERIFY_WITHIN);
        assert_eq!(
            cluster.actions("pod1"),
            (expect_patch, expect_delete),
            "{description}"
        );
    }
}

#[test]
fn test_delete_pod() {
    // A pod that goes without a scheduled eviction is forgotten without a word.
    let mut cluster = Cluster::new();
    cluster.node("node1", &[1]);
    cluster.pod(new_pod("pod1", "node1", Some((1, -1))));
    cluster.store.remove_pod("default/pod1");
    cluster.react();
    assert_eq!(cluster.events(), []);
}

#[test]
fn test_update_pod() {
    // (description, prev pod, new pod, expect patch, expect delete); node1 has taint 1 and
    // the new pod comes 10ms after the previous one (once its eviction is scheduled).
    let cases: Vec<(&str, Pod, Pod, bool, bool)> = vec![
        (
            "scheduling onto tainted Node",
            new_pod("pod1", "", None),
            new_pod("pod1", "node1", None),
            true,
            true,
        ),
        (
            "scheduling onto tainted Node with toleration",
            new_pod("pod1", "", Some((1, -1))),
            new_pod("pod1", "node1", Some((1, -1))),
            false,
            false,
        ),
        (
            "removing toleration",
            new_pod("pod1", "node1", Some((1, 100))),
            new_pod("pod1", "node1", None),
            true,
            true,
        ),
        (
            "lengthening toleration shouldn't work",
            new_pod("pod1", "node1", Some((1, 1))),
            new_pod("pod1", "node1", Some((1, 100))),
            true,
            true,
        ),
    ];
    for (description, prev, new, expect_patch, expect_delete) in cases {
        let mut cluster = Cluster::new();
        cluster.node("node1", &[1]);
        cluster.pod(prev);
        cluster.advance(10);
        cluster.pod(new);
        cluster.advance(10 + VERIFY_WITHIN);
        assert_eq!(
            cluster.actions("pod1"),
            (expect_patch, expect_delete),
            "{description}"
        );
    }
}

#[test]
fn test_create_node() {
    // (description, pod, the taints of the new node1, expect patch, expect delete)
    let cases: Vec<(&str, Pod, &[usize], bool, bool)> = vec![
        (
            "Creating Node matching already assigned Pod",
            new_pod("pod1", "node1", None),
            &[],
            false,
            false,
        ),
        (
            "Creating tainted Node matching already assigned Pod",
            new_pod("pod1", "node1", None),
            &[1],
            true,
            true,
        ),
        (
            "Creating tainted Node matching already assigned tolerating Pod",
            new_pod("pod1", "node1", Some((1, -1))),
            &[1],
            false,
            false,
        ),
    ];
    for (description, pod, taints, expect_patch, expect_delete) in cases {
        let mut cluster = Cluster::new();
        cluster.pod(pod);
        cluster.node("node1", taints);
        cluster.advance(VERIFY_WITHIN);
        assert_eq!(
            cluster.actions("pod1"),
            (expect_patch, expect_delete),
            "{description}"
        );
    }
}

#[test]
fn test_delete_node() {
    let mut cluster = Cluster::new();
    cluster.node("node1", &[1]);
    assert!(cluster.controller.tainted_nodes.get("node1").is_some());
    cluster.delete_node("node1");
    assert!(cluster.controller.tainted_nodes.get("node1").is_none());
}

#[test]
fn test_update_node() {
    let multiple_tolerations = {
        let mut pod = new_pod("pod1", "node1", None);
        pod.spec.tolerations = [(1, 1), (2, 100)]
            .iter()
            .map(|&(i, s)| Toleration {
                key: format!("testTaint{i}"),
                value: format!("test{i}"),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(s),
                ..Toleration::default()
            })
            .collect::<Vec<_>>()
            .into();
        pod
    };
    // (description, pod, the taints of the new node1, additional sleep, expect patch,
    // expect delete); the controller only ever sees the new node.
    type Case = (&'static str, Pod, &'static [usize], Millis, bool, bool);
    let cases: Vec<Case> = vec![
        (
            "Added taint, expect node patched and deleted",
            new_pod("pod1", "node1", None),
            &[1],
            0,
            true,
            true,
        ),
        (
            "Added tolerated taint",
            new_pod("pod1", "node1", Some((1, 100))),
            &[1],
            0,
            false,
            false,
        ),
        (
            "Only one added taint tolerated",
            new_pod("pod1", "node1", Some((1, 100))),
            &[1, 2],
            0,
            true,
            true,
        ),
        (
            "Taint removed",
            new_pod("pod1", "node1", Some((1, 1))),
            &[],
            1_500,
            false,
            false,
        ),
        (
            "Pod with multiple tolerations are evicted when first one runs out",
            multiple_tolerations,
            &[1, 2],
            0,
            true,
            true,
        ),
    ];
    for (description, pod, taints, sleep, expect_patch, expect_delete) in cases {
        let mut cluster = Cluster::new();
        cluster.pod(pod);
        cluster.node("node1", taints);
        cluster.advance(sleep + VERIFY_WITHIN);
        assert_eq!(
            cluster.actions("pod1"),
            (expect_patch, expect_delete),
            "{description}"
        );
    }
}

#[test]
fn test_update_node_with_multiple_taints_queues_and_cancels_the_eviction() {
    // TestUpdateNodeWithMultipleTaints: taint 1 tolerated forever, taint 2 for a minute.
    let mut pod = new_pod("pod1", "node1", None);
    pod.spec.tolerations = vec![
        Toleration {
            key: "testTaint1".to_string(),
            operator: Some(TolerationOperator::Exists),
            effect: Some(TaintEffect::NoExecute),
            ..Toleration::default()
        },
        Toleration {
            key: "testTaint2".to_string(),
            operator: Some(TolerationOperator::Exists),
            effect: Some(TaintEffect::NoExecute),
            toleration_seconds: Some(60),
            ..Toleration::default()
        },
    ]
    .into();
    let mut cluster = Cluster::new();
    cluster.pod(pod);
    let queued = |cluster: &Cluster| cluster.controller.evictions.contains_key("default/pod1");
    cluster.node("node1", &[]);
    assert!(!queued(&cluster), "no taint");
    cluster.node("node1", &[1]);
    assert!(!queued(&cluster), "no taint -> infinitely tolerated taint");
    cluster.node("node1", &[1, 2]);
    assert!(
        queued(&cluster),
        "infinitely -> temporarily tolerated taint"
    );
    cluster.node("node1", &[1]);
    assert!(
        !queued(&cluster),
        "temporarily -> infinitely tolerated taint"
    );
    cluster.advance(120_000);
    assert_eq!(cluster.actions("pod1"), (false, false), "not deleted");
}

#[test]
fn test_update_node_with_multiple_pods() {
    // (description, the taints of the new node1, when each deleted pod was deleted)
    type Case = (&'static str, &'static [usize], Vec<(&'static str, Millis)>);
    let cases: Vec<Case> = vec![
        (
            "Pods with different toleration times are evicted appropriately",
            &[1],
            vec![("pod1", 0), ("pod2", 1_000)],
        ),
        (
            "Evict all pods not matching all taints instantly",
            &[1, 2],
            vec![("pod1", 0), ("pod2", 0), ("pod3", 0)],
        ),
    ];
    for (description, taints, expected) in cases {
        let mut cluster = Cluster::new();
        cluster.pod(new_pod("pod1", "node1", None));
        cluster.pod(new_pod("pod2", "node1", Some((1, 1))));
        cluster.pod(new_pod("pod3", "node1", Some((1, -1))));
        cluster.node("node1", taints);
        cluster.advance(10_000);
        let deleted: Vec<(&str, Millis)> = ["pod1", "pod2", "pod3"]
            .into_iter()
            .filter_map(|name| cluster.deleted_at(name).map(|at| (name, at)))
            .collect();
        assert_eq!(deleted, expected, "{description}");
    }
}

#[test]
fn test_eventual_consistency() {
    // (description, pod2 before the node update (none: created after), pod2 placed on
    // node1, when pod2 is deleted). pod1 on node1 goes as soon as node1 is tainted; pod2
    // seen on node1 later is dealt with then, with the taints the controller noted.
    let cases: Vec<(&str, Option<Pod>, Pod, Millis)> = vec![
        (
            "existing pod2 scheduled onto tainted Node",
            Some(new_pod("pod2", "", None)),
            new_pod("pod2", "node1", None),
            10,
        ),
        (
            "existing pod2 with taint toleration scheduled onto tainted Node",
            Some(new_pod("pod2", "", Some((1, 100)))),
            new_pod("pod2", "node1", Some((1, 100))),
            100_010,
        ),
        (
            "new pod2 created on tainted Node",
            None,
            new_pod("pod2", "node1", None),
            10,
        ),
        (
            "new pod2 with tait toleration created on tainted Node",
            None,
            new_pod("pod2", "node1", Some((1, 100))),
            100_010,
        ),
    ];
    for (description, prev, new, pod2_deleted_at) in cases {
        let mut cluster = Cluster::new();
        cluster.pod(new_pod("pod1", "node1", None));
        if let Some(prev) = prev {
            cluster.pod(prev);
        }
        cluster.node("node1", &[1]);
        assert_eq!(cluster.actions("pod1"), (true, true), "{description}: pod1");
        cluster.advance(10);
        cluster.pod(new);
        cluster.advance(200_000);
        assert_eq!(
            cluster.deleted_at("pod2"),
            Some(pod2_deleted_at),
            "{description}: pod2"
        );
    }
}

#[test]
fn test_pod_deletion_event() {
    // emitPodDeletionEvent and emitCancelPodDeletionEvent, on the pod test/test: a
    // scheduled eviction cancelled when the node loses its taint, then an eviction.
    let mut pod = new_pod("test", "node1", Some((1, 100)));
    pod.metadata.namespace = "test".to_string();
    let mut cluster = Cluster::new();
    cluster.node("node1", &[1]);
    cluster.pod(pod.clone());
    cluster.node("node1", &[]);
    cluster.node("node1", &[2]);
    let events: Vec<(&str, String, &str, &str, String, String)> = cluster
        .events()
        .iter()
        .map(|e| {
            (
                e.object.kind,
                e.object.key().to_string(),
                e.type_.as_str(),
                e.reason,
                e.source.to_string(),
                e.message.clone(),
            )
        })
        .filter(|e| e.3 == "TaintManagerEviction")
        .collect();
    let event = |message: &str| {
        (
            "Pod",
            "test/test".to_string(),
            "Normal",
            "TaintManagerEviction",
            "taint-eviction-controller".to_string(),
            message.to_string(),
        )
    };
    assert_eq!(
        events,
        [
            event("Cancelling deletion of Pod test/test"),
            event("Marking for deletion Pod test/test"),
        ]
    );
}

/// The pod `default/name`'s `DisruptionTarget` condition: (status, reason, transition).
fn disruption_target(
    cluster: &Cluster,
    name: &str,
) -> Option<(String, Option<String>, Option<String>)> {
    cluster
        .store
        .pod(&format!("default/{name}"))?
        .pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .map(|c| {
            (
                c.status.clone(),
                c.reason.clone(),
                c.last_transition_time.clone(),
            )
        })
}

#[test]
fn the_disruption_target_condition_is_stamped_as_update_pod_condition_does() {
    // addConditionAndDeletePod: UpdatePodCondition stamps lastTransitionTime now, and
    // keeps the old one when the pod already had DisruptionTarget=True.
    let mut cluster = Cluster::new();
    cluster.node("node1", &[1]);
    cluster.advance(3_000);
    cluster.pod(new_pod("fresh", "node1", None));
    let mut marked = new_pod("marked", "node1", None);
    marked.status.conditions.push(Condition {
        type_: "DisruptionTarget".to_string(),
        status: "True".to_string(),
        reason: Some("EvictionByEvictionAPI".to_string()),
        last_transition_time: Some("2025-01-01T00:00:01Z".to_string()),
        ..Condition::default()
    });
    cluster.pod(marked);
    let manager = Some("DeletionByTaintManager".to_string());
    assert_eq!(
        disruption_target(&cluster, "fresh"),
        Some((
            "True".to_string(),
            manager.clone(),
            Some("2025-01-01T00:00:03Z".to_string())
        ))
    );
    assert_eq!(
        disruption_target(&cluster, "marked"),
        Some((
            "True".to_string(),
            manager,
            Some("2025-01-01T00:00:01Z".to_string())
        ))
    );
}

#[test]
fn a_pod_already_being_deleted_still_gets_the_event_and_the_condition() {
    // deletePodHandler emits the event before addConditionAndDeletePod, which patches the
    // condition and deletes again: a pending graceful deletion stays as it was.
    let mut cluster = Cluster::new();
    cluster.node("node1", &[]);
    cluster.pod(new_pod("pod1", "node1", None));
    cluster.store.delete_pod("default/pod1");
    cluster.react();
    cluster.advance(2_000);
    cluster.node("node1", &[1]);
    let marking: Vec<(Millis, String)> = cluster
        .events()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction")
        .map(|e| (e.time, e.message.clone()))
        .collect();
    assert_eq!(
        marking,
        [(2_000, "Marking for deletion Pod default/pod1".to_string())]
    );
    assert_eq!(cluster.actions("pod1"), (true, true));
    assert_eq!(
        cluster.deleted_at("pod1"),
        Some(0),
        "the first deletion stands"
    );
}

#[test]
fn a_finished_eviction_keeps_its_place_in_the_queue_until_it_is_cancelled() {
    // TimedWorkerQueue: a worker that ran stays (nil) under the pod's key, so AddWork for
    // a toleration time skips the pod; a cancel (here: the taints tolerated forever)
    // frees the key without an event.
    let mut cluster = Cluster::new();
    cluster.pod(new_pod("pod1", "node1", Some((1, 1))));
    cluster.node("node1", &[1]);
    cluster.advance(1_000);
    assert_eq!(cluster.deleted_at("pod1"), Some(1_000), "evicted after 1s");
    cluster.pod(new_pod("pod1", "node1", Some((1, 5))));
    cluster.advance(20_000);
    let messages = |cluster: &mut Cluster| -> Vec<String> {
        cluster
            .events()
            .iter()
            .filter(|e| e.reason == "TaintManagerEviction")
            .map(|e| e.message.clone())
            .collect()
    };
    assert_eq!(
        messages(&mut cluster),
        ["Marking for deletion Pod default/pod1"],
        "a new toleration time is not queued"
    );
    cluster.pod(new_pod("pod1", "node1", Some((1, -1))));
    cluster.pod(new_pod("pod1", "node1", Some((1, 5))));
    cluster.advance(30_000);
    assert_eq!(
        messages(&mut cluster),
        ["Marking for deletion Pod default/pod1"],
        "queued again once the key was freed"
    );
}

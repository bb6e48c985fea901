//! The cell colour of a node: the most urgent state of its daemon pods.

use super::*;
use crate::engine::api::{ObjectMeta, Pod, StringMap};
use crate::engine::store::state::{PodOwner, TEMPLATE_GENERATION_LABEL};

/// A pod of `owner` (None: an ordinary pod) with the revision hash `hash`.
fn pod(
    ready: bool,
    hash: &str,
    deleting: bool,
    waiting: Option<&'static str>,
    owner: Option<&str>,
) -> Arc<PodState> {
    let mut labels = StringMap::new();
    labels.insert(HASH_LABEL.to_owned(), hash.to_owned());
    let mut state = PodState::new(Pod {
        metadata: ObjectMeta {
            name: "p".into(),
            labels,
            ..ObjectMeta::default()
        },
        ..Pod::default()
    });
    state.phase = if ready {
        PodPhase::Running
    } else {
        PodPhase::Pending
    };
    state.waiting_reason = waiting;
    state.ready = ready;
    state.deletion = deleting.then_some(1);
    state.owner = owner.map(|key| PodOwner::DaemonSet(key.into()));
    Arc::new(state)
}

/// `pod` labelled with a `pod-template-generation`.
fn with_generation(mut pod: Arc<PodState>, generation: &str) -> Arc<PodState> {
    let labels = &mut Arc::make_mut(&mut Arc::make_mut(&mut pod).pod)
        .metadata
        .labels;
    labels.insert(TEMPLATE_GENERATION_LABEL.to_owned(), generation.to_owned());
    pod
}

/// Follows the states `kubectl rollout status` walks a DaemonSet's pods through
/// (upstream: pkg/controller/daemon/update.go, which counts old and new pods by
/// `IsPodUpdated`, the revision hash or the template generation, and availability).
#[test]
fn a_nodes_cell_shows_its_most_urgent_daemon_pod() {
    let mut cluster = ClusterState::default();
    let ds = DaemonSetState {
        ds: crate::engine::yaml::load(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: ns}\n\
             spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    \
             spec: {containers: [{name: c, image: i}]}\n",
        )
        .objects
        .daemon_sets
        .into_iter()
        .next()
        .expect("the DaemonSet loads"),
        created: 0,
        generation: 1,
        template_generation: 1,
        revisions: Vec::new(),
        current_hash: Some("new".into()),
    };
    cluster.daemon_sets.insert("ns/ds", Arc::new(ds));
    let node = NodeState::new(Arc::default(), 0);
    let cases: Vec<(&str, Vec<Arc<PodState>>, CellStatus)> = vec![
        ("a node without pods has none", vec![], CellStatus::None),
        (
            "an ordinary pod is not a daemon pod",
            vec![pod(true, "new", false, None, None)],
            CellStatus::None,
        ),
        (
            "a ready current pod is ready",
            vec![pod(true, "new", false, None, Some("ns/ds"))],
            CellStatus::Ready,
        ),
        (
            "a ready old pod is an old revision",
            vec![pod(true, "old", false, None, Some("ns/ds"))],
            CellStatus::OldRevision,
        ),
        (
            "a ready pod of the current template generation is current whatever its hash",
            vec![with_generation(
                pod(true, "old", false, None, Some("ns/ds")),
                "1",
            )],
            CellStatus::Ready,
        ),
        (
            "a pod not yet ready is pending",
            vec![pod(
                false,
                "new",
                false,
                Some("ContainerCreating"),
                Some("ns/ds"),
            )],
            CellStatus::Pending,
        ),
        (
            "a pull error is failed",
            vec![pod(
                false,
                "new",
                false,
                Some("ImagePullBackOff"),
                Some("ns/ds"),
            )],
            CellStatus::Failed,
        ),
        (
            "a deleted pod is terminating",
            vec![pod(true, "old", true, None, Some("ns/ds"))],
            CellStatus::Terminating,
        ),
        (
            "a surge pod starting beside an old one makes the node pending",
            vec![
                pod(true, "old", false, None, Some("ns/ds")),
                pod(false, "new", false, None, Some("ns/ds")),
            ],
            CellStatus::Pending,
        ),
        (
            "a pod of an unknown DaemonSet is ignored",
            vec![pod(true, "x", false, None, Some("ns/other"))],
            CellStatus::None,
        ),
    ];
    for (name, pods, expected) in cases {
        let pods: Vec<&Arc<PodState>> = pods.iter().collect();
        let view = node_view(&node, &pods, NodeUsage::default(), &cluster);
        assert_eq!(view.cell, expected, "{name}");
    }
}

//! Upstream's ReplicaSet and Deployment controller sync tests
//! (`pkg/controller/replicaset/replica_set_test.go`,
//! `pkg/controller/deployment/deployment_controller_test.go`), replayed sync by sync on the
//! simulation in manual mode: the pods created and deleted, the ReplicaSets written and the
//! events of every sync.

use kubeplay::engine::api::{Deployment, ReplicaSet};
use kubeplay::engine::sim::timeline::Frame;
use kubeplay::engine::sim::{Config, Engine};
use kubeplay::engine::store::journal::Action;
use kubeplay::engine::store::state::{ClusterState, PodOwner, PodState};
use kubeplay::engine::yaml::load;

fn manual_engine() -> Engine {
    Engine::new(
        ClusterState::default(),
        Config {
            manual: true,
            ..Config::default()
        },
    )
}

/// upstream `newReplicaSet(replicas, selectorMap)` named `foobar`, selecting `name: foo`,
/// with `extra` under its pod spec.
fn replica_set(replicas: i32, extra: &str) -> ReplicaSet {
    let text = format!(
        "apiVersion: apps/v1
kind: ReplicaSet
metadata: {{name: foobar, namespace: default}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{name: foo}}}}
  template:
    metadata: {{labels: {{name: foo, type: production}}}}
    spec:
{extra}      containers: [{{name: foo, image: foo/bar}}]
"
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.objects.replica_sets[0].clone()
}

/// upstream `newDeployment(name, replicas, ...)` selecting `foo: bar`, with `extra` under
/// its metadata.
fn deployment(replicas: i32, extra: &str) -> Deployment {
    let text = format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: foo
  namespace: default
{extra}spec:
  replicas: {replicas}
  selector: {{matchLabels: {{foo: bar}}}}
  template:
    metadata: {{labels: {{foo: bar}}}}
    spec:
      containers: [{{name: foo, image: foo/bar}}]
"
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.objects.deployments[0].clone()
}

/// upstream `newPod(name, rs, status)`: a pod labelled `name: foo` in `namespace`, owned by
/// `owner` when given, Running and Ready when `running`.
fn pod(engine: &mut Engine, name: &str, namespace: &str, owner: Option<&str>, running: bool) {
    let text = format!(
        "apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: {namespace}, labels: {{name: foo, type: production}}}}
spec:
  nodeName: node-1
  containers: [{{name: foo, image: foo/bar}}]
"
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut api = loaded.objects.pods[0].clone();
    let owner = owner.map(|key| {
        let (_, rs) = key.split_once('/').unwrap_or(("", key));
        api.metadata
            .owner_references
            .push(kubeplay::engine::api::OwnerReference {
                api_version: "apps/v1".to_string(),
                kind: "ReplicaSet".to_string(),
                name: rs.to_string(),
                uid: String::new(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            });
        PodOwner::ReplicaSet(key.into())
    });
    let state = engine.admit_pod(api, owner).expect("admitted");
    let key = state.key().to_string();
    engine.insert_pod(state);
    if running {
        engine.mark_ready(&[key]);
    }
}

fn last_frame(engine: &Engine) -> &Frame {
    engine.timeline().frames().last().expect("a frame")
}

/// (pods created, pods deleted) by the last frame.
fn creates_and_deletes(engine: &Engine) -> (usize, usize) {
    let frame = last_frame(engine);
    let creates = frame
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Created { .. }))
        .count();
    let deletes = frame
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Deleted { .. }))
        .count();
    (creates, deletes)
}

/// The (reason, message) of the events of the last frame.
fn events(engine: &Engine) -> Vec<(String, String)> {
    let frame = last_frame(engine);
    engine.timeline().events()[frame.events.clone()]
        .iter()
        .map(|e| (e.reason.to_string(), e.message.clone()))
        .collect()
}

fn owned_by<'a>(engine: &'a Engine, rs: &str) -> Vec<&'a PodState> {
    engine
        .state()
        .pods
        .values()
        .filter(|p| p.replica_set() == Some(rs))
        .map(|p| p.as_ref())
        .collect()
}

const RS: &str = "default/foobar";

#[test]
fn test_sync_replica_set_does_nothing() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(2, ""));
    pod(&mut engine, "a", "default", Some(RS), true);
    pod(&mut engine, "b", "default", Some(RS), true);
    engine.sync_replica_set(RS);
    assert_eq!(
        creates_and_deletes(&engine),
        (0, 0),
        "two pods for two replicas"
    );
    let status = &engine.state().replica_sets[RS].replica_set.status;
    assert_eq!(
        (
            status.replicas,
            status.ready_replicas,
            status.available_replicas
        ),
        (2, 2, 2)
    );
    assert_eq!(
        status.fully_labeled_replicas, 2,
        "their labels carry the template's"
    );
}

#[test]
fn test_sync_replica_set_deletes() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(2, ""));
    for name in ["a", "b", "c"] {
        pod(&mut engine, name, "default", Some(RS), true);
    }
    engine.sync_replica_set(RS);
    assert_eq!(creates_and_deletes(&engine), (0, 1), "one pod too many");
    let reasons: Vec<String> = events(&engine).into_iter().map(|(r, _)| r).collect();
    assert_eq!(reasons, ["SuccessfulDelete"]);
    assert_eq!(owned_by(&engine, RS).len(), 2);
}

#[test]
fn a_scale_down_deletes_the_not_ready_pod_before_the_ready_ones() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(2, ""));
    pod(&mut engine, "ready-1", "default", Some(RS), true);
    pod(&mut engine, "not-ready", "default", Some(RS), false);
    pod(&mut engine, "ready-2", "default", Some(RS), true);
    engine.sync_replica_set(RS);
    assert_eq!(
        events(&engine),
        [(
            "SuccessfulDelete".to_string(),
            "Deleted pod: not-ready".to_string()
        )]
    );
}

#[test]
fn missing_pods_are_created_in_slow_start_batches_from_the_template() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(7, ""));
    engine.sync_replica_set(RS);
    assert_eq!(
        creates_and_deletes(&engine),
        (7, 0),
        "batches of 1, 2 and 4"
    );
    let pods = owned_by(&engine, RS);
    assert_eq!(pods.len(), 7);
    for p in &pods {
        let name = p.name();
        assert!(
            name.starts_with("foobar-") && name.len() == "foobar-".len() + 5,
            "{name}"
        );
        assert_eq!(p.label("type"), Some("production"), "the template's labels");
        let reference = &p.pod.metadata.owner_references[0];
        assert_eq!(
            (
                reference.kind.as_str(),
                reference.name.as_str(),
                reference.controller
            ),
            ("ReplicaSet", "foobar", Some(true))
        );
        assert!(
            p.node_name().is_empty(),
            "left to the scheduler, not pinned"
        );
    }
    let created: Vec<(String, String)> = pods
        .iter()
        .map(|p| {
            (
                "SuccessfulCreate".to_string(),
                format!("Created pod: {}", p.name()),
            )
        })
        .collect();
    let mut recorded = events(&engine);
    recorded.sort();
    let mut expected = created;
    expected.sort();
    assert_eq!(recorded, expected);
    // The status counts the pods listed before the sync; the creations queue it again.
    assert_eq!(
        engine.state().replica_sets[RS].replica_set.status.replicas,
        0
    );
    engine.sync_replica_set(RS);
    assert_eq!(creates_and_deletes(&engine), (0, 0));
    assert_eq!(
        engine.state().replica_sets[RS].replica_set.status.replicas,
        7
    );
}

#[test]
fn test_sync_replica_set_create_failures() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(3, "      priorityClassName: missing\n"));
    engine.sync_replica_set(RS);
    assert_eq!(
        creates_and_deletes(&engine),
        (0, 0),
        "the first batch fails: no more batches"
    );
    let recorded = events(&engine);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0].0, "FailedCreate");
    assert!(
        recorded[0].1.starts_with("Error creating: "),
        "{recorded:?}"
    );
    let status = &engine.state().replica_sets[RS].replica_set.status;
    let failure = status
        .conditions
        .iter()
        .find(|c| c.type_ == "ReplicaFailure")
        .expect("a ReplicaFailure condition");
    assert_eq!(
        (failure.status.as_str(), failure.reason.as_deref()),
        ("True", Some("FailedCreate"))
    );
}

/// Follows upstream `TestPodControllerLookup`: a ReplicaSet claims the pods of its
/// namespace its selector matches, by its key.
#[test]
fn test_pod_controller_lookup() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(1, ""));
    pod(&mut engine, "same-namespace", "default", None, true);
    pod(&mut engine, "other-namespace", "other", None, true);
    let mut unlabelled = load(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: unlabelled}\nspec: {containers: [{name: c, image: i}]}\n",
    )
    .objects
    .pods[0]
        .clone();
    unlabelled.metadata.namespace = "default".to_string();
    engine.apply_pod(unlabelled).expect("created");
    engine.sync_replica_set(RS);
    let owner = |key: &str| engine.state().pods[key].owner.clone();
    assert_eq!(
        owner("default/same-namespace"),
        Some(PodOwner::ReplicaSet(RS.into())),
        "matching namespace and labels: adopted"
    );
    assert_eq!(owner("other/other-namespace"), None, "another namespace");
    assert_eq!(
        owner("default/unlabelled"),
        None,
        "pods without labels match nothing"
    );
    let adopted = &engine.state().pods["default/same-namespace"].pod;
    assert_eq!(adopted.metadata.owner_references[0].name, "foobar");
    assert_eq!(
        creates_and_deletes(&engine),
        (0, 0),
        "the adopted pod is its one replica"
    );
}

#[test]
fn a_pod_whose_labels_no_longer_match_is_released() {
    let mut engine = manual_engine();
    engine.apply_replica_set(replica_set(1, ""));
    pod(&mut engine, "a", "default", Some(RS), true);
    let mut relabelled = engine.state().pods["default/a"].as_ref().clone();
    std::sync::Arc::make_mut(&mut relabelled.pod)
        .metadata
        .labels
        .insert("name".to_string(), "bar".to_string());
    engine.insert_pod(relabelled);
    engine.sync_replica_set(RS);
    let released = &engine.state().pods["default/a"];
    assert_eq!(released.owner, None);
    assert!(released.pod.metadata.owner_references.is_empty());
    assert_eq!(
        creates_and_deletes(&engine),
        (1, 0),
        "a replacement is created"
    );
}

const D: &str = "default/foo";

/// The ReplicaSets of the store, by name.
fn replica_sets(engine: &Engine) -> Vec<(String, i32)> {
    engine
        .state()
        .replica_sets
        .values()
        .map(|rs| {
            (
                rs.replica_set.metadata.name.clone(),
                rs.replica_set.spec.replicas,
            )
        })
        .collect()
}

#[test]
fn test_sync_deployment_creates_replica_set() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(1, ""));
    engine.sync_deployment(D);
    let sets = replica_sets(&engine);
    assert_eq!(sets.len(), 1);
    let (name, replicas) = &sets[0];
    assert!(name.starts_with("foo-"), "{name}");
    assert_eq!(*replicas, 1);
    let rs = &engine.state().replica_sets[&format!("default/{name}")];
    assert_eq!(rs.owner.as_deref(), Some(D));
    let hash = rs.replica_set.metadata.labels["pod-template-hash"].clone();
    assert_eq!(*name, format!("foo-{hash}"));
    assert_eq!(
        rs.replica_set
            .spec
            .selector
            .as_ref()
            .map(|s| s.match_labels["pod-template-hash"].clone()),
        Some(hash)
    );
    assert_eq!(
        events(&engine),
        [(
            "ScalingReplicaSet".to_string(),
            format!("Scaled up replica set {name} from 0 to 1")
        )]
    );
    let d = &engine.state().deployments[D].deployment;
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    assert_eq!(d.status.observed_generation, 1, "the status is updated");
    assert_eq!(
        d.metadata.generation,
        Some(1),
        "a status update: no new generation"
    );
}

#[test]
fn test_sync_deployment_dont_do_anything_during_deletion() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(
        1,
        "  deletionTimestamp: '2025-01-01T00:00:00Z'\n",
    ));
    engine.sync_deployment(D);
    assert!(replica_sets(&engine).is_empty(), "no ReplicaSet created");
    assert!(events(&engine).is_empty());
    let d = &engine.state().deployments[D].deployment;
    assert_eq!(d.status.observed_generation, 1, "only the status is synced");
}

/// Follows upstream `TestSyncDeploymentDeletionRace`: a Deployment being deleted does not
/// adopt an orphan ReplicaSet (upstream's fresh read finds it deleted).
#[test]
fn test_sync_deployment_deletion_race() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(
        1,
        "  deletionTimestamp: '2025-01-01T00:00:00Z'\n",
    ));
    let mut orphan = replica_set(1, "");
    orphan.metadata.name = "rs1".to_string();
    orphan.metadata.labels = deployment(1, "").spec.template.metadata.labels;
    engine.apply_replica_set(orphan);
    engine.sync_deployment(D);
    assert_eq!(engine.state().replica_sets["default/rs1"].owner, None);
}

#[test]
fn an_orphan_replica_set_the_selector_matches_is_adopted_and_one_it_stops_matching_released() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(1, ""));
    engine.sync_deployment(D);
    let created = replica_sets(&engine)[0].0.clone();
    let mut orphan = replica_set(0, "");
    orphan.metadata.name = "rs1".to_string();
    orphan.metadata.labels = deployment(1, "").spec.template.metadata.labels;
    engine.apply_replica_set(orphan);
    let mut stray = engine.state().replica_sets[&format!("default/{created}")]
        .replica_set
        .clone();
    stray
        .metadata
        .labels
        .insert("foo".to_string(), "baz".to_string());
    engine.apply_replica_set(stray);
    engine.sync_deployment(D);
    let state = engine.state();
    assert_eq!(state.replica_sets["default/rs1"].owner.as_deref(), Some(D));
    let rs1 = &state.replica_sets["default/rs1"].replica_set;
    assert_eq!(rs1.metadata.owner_references[0].kind, "Deployment");
    assert_eq!(
        state.replica_sets[&format!("default/{created}")].owner,
        None
    );
}

#[test]
fn test_dont_sync_deployments_with_empty_pod_selector() {
    let mut engine = manual_engine();
    let mut d = deployment(1, "");
    d.spec.selector = Some(Default::default());
    engine.apply_deployment(d);
    engine.sync_deployment(D);
    assert!(replica_sets(&engine).is_empty());
    assert_eq!(
        events(&engine),
        [(
            "SelectingAll".to_string(),
            "This deployment is selecting all pods. A non-empty selector is required.".to_string()
        )]
    );
}

#[test]
fn a_scaling_event_scales_the_only_replica_set_and_a_paused_deployment_keeps_its_template() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(1, ""));
    engine.sync_deployment(D);
    let name = replica_sets(&engine)[0].0.clone();
    engine.apply_deployment(deployment(5, ""));
    engine.sync_deployment(D);
    assert_eq!(replica_sets(&engine), [(name.clone(), 5)]);
    assert_eq!(
        events(&engine),
        [(
            "ScalingReplicaSet".to_string(),
            format!("Scaled up replica set {name} from 1 to 5")
        )]
    );
    let frame = last_frame(&engine);
    assert_eq!(
        *frame.actions,
        [Action::Scaled {
            replica_set: format!("default/{name}"),
            from: 1,
            to: 5
        }]
    );
    let mut paused = deployment(5, "");
    paused.spec.paused = true;
    paused.spec.template.spec.containers[0].image = "foo/bar:2".to_string();
    engine.apply_deployment(paused);
    engine.sync_deployment(D);
    assert_eq!(
        replica_sets(&engine),
        [(name, 5)],
        "no new ReplicaSet while paused"
    );
    let d = &engine.state().deployments[D].deployment;
    let progressing = d
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Progressing");
    assert_eq!(
        progressing.and_then(|c| c.reason.as_deref()),
        Some("DeploymentPaused")
    );
}

/// A Running, Ready pod of the ReplicaSet `owner` bound to `node`.
fn ready_pod_on(engine: &mut Engine, name: &str, node: &str, owner: &str) {
    pod(engine, name, "default", Some(owner), true);
    let mut moved = engine.state().pods[&format!("default/{name}")]
        .as_ref()
        .clone();
    std::sync::Arc::make_mut(&mut moved.pod).spec.node_name = node.to_string();
    engine.insert_pod(moved);
}

/// Follows upstream `TestRelatedPodsLookup` and `getPodsToDelete`'s ranking: between
/// otherwise equal pods, the one on the node with more pods of the Deployment's
/// ReplicaSets goes first.
#[test]
fn a_scale_down_deletes_the_pod_on_the_node_crowded_with_related_pods() {
    let mut engine = manual_engine();
    engine.apply_deployment(deployment(3, ""));
    for (name, replicas) in [("rs-a", 1), ("rs-b", 2)] {
        let mut rs = replica_set(replicas, "");
        rs.metadata.name = name.to_string();
        rs.metadata
            .owner_references
            .push(kubeplay::engine::api::OwnerReference {
                api_version: "apps/v1".to_string(),
                kind: "Deployment".to_string(),
                name: "foo".to_string(),
                uid: String::new(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            });
        engine.apply_replica_set(rs);
    }
    ready_pod_on(&mut engine, "a-1", "node-1", "default/rs-a");
    ready_pod_on(&mut engine, "a-2", "node-2", "default/rs-a");
    ready_pod_on(&mut engine, "b-1", "node-2", "default/rs-b");
    ready_pod_on(&mut engine, "b-2", "node-2", "default/rs-b");
    engine.sync_replica_set("default/rs-a");
    assert_eq!(
        events(&engine),
        [(
            "SuccessfulDelete".to_string(),
            "Deleted pod: a-2".to_string()
        )],
        "node-2 holds three of the Deployment's pods, node-1 one"
    );
}

/// `foobar` with 2 replicas whose pod anti-affinity term and spread constraint name
/// `type` in `matchLabelKeys`.
fn replica_set_with_label_keys() -> ReplicaSet {
    replica_set(
        2,
        "      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - {labelSelector: {matchLabels: {name: foo}}, topologyKey: zone, matchLabelKeys: [type]}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {name: foo}}, matchLabelKeys: [type]}
",
    )
}

#[test]
fn pods_created_from_a_template_get_its_label_keys_merged_into_their_selectors() {
    let mut engine = manual_engine();
    let rs = replica_set_with_label_keys();
    let template = rs.spec.template.clone();
    engine.apply_replica_set(rs);
    engine.sync_replica_set(RS);
    let pods = owned_by(&engine, RS);
    assert_eq!(pods.len(), 2);
    let merged = vec![kubeplay::engine::api::SelectorRequirement {
        key: "type".to_string(),
        operator: "In".to_string(),
        values: vec!["production".to_string()],
    }];
    for pod in pods {
        let spec = &pod.pod.spec;
        let anti = &spec.affinity.as_ref().expect("affinity").pod_anti_affinity;
        let term = &anti.as_ref().expect("anti-affinity").required[0];
        let selector = term.label_selector.as_ref().expect("a selector");
        assert_eq!(selector.match_expressions, merged);
        let spread = spec.topology_spread_constraints[0].label_selector.as_ref();
        assert_eq!(spread.expect("a selector").match_expressions, merged);
    }
    assert_eq!(
        engine.state().replica_sets[RS].replica_set.spec.template,
        template,
        "the template is not merged"
    );
}

/// The template passes validation (templates are not merged); each pod made from it is
/// refused once `name`, which the selector names already, is merged in as well.
#[test]
fn a_template_naming_a_selector_key_in_match_label_keys_fails_every_pod_create() {
    let mut engine = manual_engine();
    let mut rs = replica_set_with_label_keys();
    let template = &mut rs.spec.template.spec;
    let anti = template.affinity.as_mut().expect("affinity");
    let term = &mut anti.pod_anti_affinity.as_mut().expect("anti").required[0];
    term.match_label_keys = vec!["name".to_string()];
    engine.apply_replica_set(rs);
    engine.sync_replica_set(RS);
    assert_eq!(creates_and_deletes(&engine), (0, 0));
    let recorded = events(&engine);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    let (reason, message) = &recorded[0];
    assert_eq!(reason, "FailedCreate");
    let (head, tail) = message.split_once(" is invalid: ").expect("an invalid pod");
    assert!(
        head.starts_with("Error creating: Pod \"foobar-"),
        "{message}"
    );
    assert_eq!(
        tail,
        "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: \"name\": exists in both matchLabelKeys and labelSelector"
    );
}

//! Upstream `replica_set_test.go`'s sync-level rules over the store: a ReplicaSet and its
//! pods are loaded as the tests put them in the informers, [`ReplicaSetController::sync`]
//! runs once, and the pods it created, deleted and adopted (upstream's pod control
//! `Templates`, `DeletePodName` and `Patches`) are counted. Expectations, the fake client's
//! errors and the informers' event plumbing are not modelled (see [`super::sync`]).

use crate::engine::store::journal::Action;
use crate::engine::store::state::{object_key, PodOwner};
use crate::engine::store::Store;

use super::sync::ReplicaSetController;

/// `newReplicaSet(replicas, {foo: bar})` in `default`, with extra `metadata` fields.
fn replica_set(replicas: i32, metadata: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: foobar, namespace: default, uid: rs-uid{metadata}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: c, image: foo/bar}}]}}\n"
    )
}

/// A Running, Ready pod `name` in `namespace` with `labels`, controlled by `controller`
/// (a ReplicaSet's name) or by nothing.
fn pod(name: &str, namespace: &str, labels: &str, controller: Option<&str>) -> String {
    let owner = controller.map_or(String::new(), |rs| {
        format!(", ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: {rs}, uid: {rs}-uid, controller: true}}]")
    });
    format!(
        "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: {namespace}, labels: {{{labels}}}{owner}}}\nspec: {{containers: [{{name: c, image: foo/bar}}]}}\nstatus: {{phase: Running, conditions: [{{type: Ready, status: 'True'}}]}}\n"
    )
}

/// Loads `documents`, syncs the ReplicaSet `default/foobar` once and returns
/// `(creates, deletes, adoptions)`.
fn sync_once(documents: &str) -> (usize, usize, usize) {
    let loaded = crate::engine::yaml::load(documents);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut store = Store::new(0, 1, true);
    for rs in loaded.objects.replica_sets {
        store.apply_replica_set(rs);
    }
    for pod in loaded.objects.pods {
        store.apply_pod(pod).expect("the pod is admitted");
    }
    let key = object_key("default", "foobar");
    let owned_before = store.pods_of_replica_set(&key).count();
    store.journal().close();
    ReplicaSetController::default().sync(&mut store, &key);
    let entry = store.journal().close().unwrap_or_default();
    let creates = entry
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Created { .. }))
        .count();
    let deletes = entry
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Deleted { .. }))
        .count();
    let adopted = store
        .state()
        .pods
        .values()
        .filter(|p| p.owner == Some(PodOwner::ReplicaSet(key.as_str().into())))
        .count()
        .saturating_sub(owned_before + creates);
    (creates, deletes, adopted)
}

/// Upstream `TestSyncReplicaSetDoesNothing`: two running pods of a ReplicaSet of two.
#[test]
fn test_sync_replica_set_does_nothing() {
    let documents = replica_set(2, "")
        + &pod("pod0", "default", "foo: bar", Some("foobar"))
        + &pod("pod1", "default", "foo: bar", Some("foobar"));
    assert_eq!(sync_once(&documents), (0, 0, 0));
}

/// Upstream `TestPodControllerLookup`, as the adoption it decides: an orphan is claimed by
/// the ReplicaSet whose selector matches its labels in its own namespace only.
#[test]
fn test_pod_controller_lookup() {
    let cases = [
        (
            "pods without labels don't match any ReplicaSets",
            "default",
            "",
            0,
        ),
        ("Matching labels, not namespace", "ns", "foo: bar", 0),
        ("Matching ns and labels", "default", "foo: bar", 1),
    ];
    for (name, namespace, labels, adopted) in cases {
        let documents = replica_set(1, "") + &pod("foo1", namespace, labels, None);
        let creates = 1 - adopted;
        assert_eq!(sync_once(&documents), (creates, 0, adopted), "{name}");
    }
}

/// Upstream `TestDoNotPatchPodWithOtherControlRef`: a matching pod controlled by another
/// ReplicaSet is neither adopted nor counted, so both replicas are created.
#[test]
fn test_do_not_patch_pod_with_other_control_ref() {
    let documents = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: another-rs, namespace: default, uid: another-rs-uid}\nspec:\n  replicas: 1\n  selector: {matchLabels: {other: rs}}\n  template:\n    metadata: {labels: {other: rs}}\n    spec: {containers: [{name: c, image: foo/bar}]}\n---\n".to_string()
        + &replica_set(2, "")
        + &pod("pod", "default", "foo: bar", Some("another-rs"));
    assert_eq!(sync_once(&documents), (2, 0, 0));
}

/// Upstream `TestDoNotAdoptOrCreateIfBeingDeleted`: a ReplicaSet being deleted neither
/// adopts a matching orphan nor creates pods.
#[test]
fn test_do_not_adopt_or_create_if_being_deleted() {
    let documents = replica_set(
        2,
        ", deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: [foregroundDeletion]",
    ) + &pod("pod1", "default", "foo: bar", None);
    assert_eq!(sync_once(&documents), (0, 0, 0));
}

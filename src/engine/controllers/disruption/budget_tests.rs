//! Upstream `disruption_test.go`, ported for the covered behaviour: each test replays
//! `dc.sync` over the budget, pods and controllers it builds, and checks the status as
//! `VerifyPdbStatus(disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods,
//! disruptedPods)` does. ReplicationControllers are replaced by ReplicaSets, which
//! kubeplay has.

use crate::engine::api::policy::*;
use crate::engine::api::time::format_rfc3339;
use crate::engine::api::{
    Condition, Deployment, IntOrPercent, LabelSelector, ObjectMeta, OwnerReference, Pod,
    ReplicaSet, StatefulSet, StringMap,
};
use crate::engine::store::state::ClusterState;
use crate::engine::time::DEFAULT_RUN_START;

use super::budget::*;
use super::controller::DisruptionController;

const NOW: i64 = DEFAULT_RUN_START;

fn foo_bar() -> StringMap {
    let mut labels = StringMap::default();
    labels.insert("foo".to_string(), "bar".to_string());
    labels
}

fn selector(labels: StringMap) -> LabelSelector {
    LabelSelector {
        match_labels: labels,
        match_expressions: Vec::new(),
    }
}

fn meta(name: &str, uid: &str) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: "default".to_string(),
        uid: Some(uid.to_string()),
        generation: Some(1),
        labels: foo_bar(),
        ..ObjectMeta::default()
    }
}

/// `newPod`: labelled `foo: bar`, Ready.
fn new_pod(name: &str) -> Pod {
    let mut pod = Pod {
        metadata: meta(name, &format!("uid-{name}")),
        ..Pod::default()
    };
    pod.status.conditions.push(Condition {
        type_: "Ready".to_string(),
        status: "True".to_string(),
        ..Condition::default()
    });
    pod
}

fn unready(mut pod: Pod) -> Pod {
    pod.status.conditions.clear();
    pod
}

fn controller_ref(kind: &str, name: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        uid: uid.to_string(),
        controller: Some(true),
        block_owner_deletion: None,
    }
}

fn owned_by(mut pod: Pod, owner: OwnerReference) -> Pod {
    pod.metadata.owner_references = vec![owner];
    pod
}

/// `newReplicaSet`.
fn new_replica_set(name: &str, size: i32) -> ReplicaSet {
    let text = format!("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: {name}, uid: rs-{name}}}\nspec:\n  replicas: {size}\n  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n");
    crate::engine::yaml::load(&text)
        .objects
        .replica_sets
        .remove(0)
}

/// `newDeployment`.
fn new_deployment(name: &str, size: i32) -> Deployment {
    let text = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, uid: d-{name}}}\nspec:\n  replicas: {size}\n  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n");
    crate::engine::yaml::load(&text)
        .objects
        .deployments
        .remove(0)
}

fn rs_ref(rs: &ReplicaSet) -> OwnerReference {
    controller_ref(
        "ReplicaSet",
        &rs.metadata.name,
        rs.metadata.uid.as_deref().unwrap_or(""),
    )
}

/// `newMinAvailablePodDisruptionBudget` / `newMaxUnavailablePodDisruptionBudget`.
fn budget(
    min_available: Option<IntOrPercent>,
    max_unavailable: Option<IntOrPercent>,
) -> PodDisruptionBudget {
    PodDisruptionBudget {
        metadata: meta("foobar", "pdb-uid"),
        spec: PodDisruptionBudgetSpec {
            min_available,
            max_unavailable,
            selector: Some(selector(foo_bar())),
            unhealthy_pod_eviction_policy: None,
        },
        status: PodDisruptionBudgetStatus::default(),
    }
}

fn int(v: i32) -> Option<IntOrPercent> {
    Some(IntOrPercent::Int(v))
}

fn percent(v: &str) -> Option<IntOrPercent> {
    Some(IntOrPercent::String(v.to_string()))
}

/// `dc.sync`: writes the new status, returns the events' reasons.
fn sync(
    pdb: &mut PodDisruptionBudget,
    pods: &[Pod],
    replica_sets: &[&ReplicaSet],
    deployments: &[&Deployment],
) -> Vec<&'static str> {
    let controllers = Controllers {
        replica_sets,
        deployments,
        stateful_sets: &[],
    };
    let result = sync_budget(pdb, pods.iter().map(BudgetPod::from_api), &controllers, NOW);
    if let Some(status) = result.status {
        pdb.status = status;
    }
    result.events.iter().map(|e| e.reason).collect()
}

/// `VerifyPdbStatus`.
#[track_caller]
fn verify(
    pdb: &PodDisruptionBudget,
    allowed: i32,
    current: i32,
    desired: i32,
    expected: i32,
    disrupted: &[(&str, &str)],
) {
    let s = &pdb.status;
    assert_eq!(
        (
            s.disruptions_allowed,
            s.current_healthy,
            s.desired_healthy,
            s.expected_pods
        ),
        (allowed, current, desired, expected),
        "(disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods)"
    );
    let got: Vec<(&str, &str)> = s
        .disrupted_pods
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, disrupted, "disruptedPods");
    assert_eq!(s.observed_generation, 1, "observedGeneration");
    let condition = s.disruption_allowed_condition().expect("DisruptionAllowed");
    let want = if allowed > 0 {
        ("True", SUFFICIENT_PODS_REASON)
    } else {
        ("False", INSUFFICIENT_PODS_REASON)
    };
    assert_eq!(
        (condition.status.as_str(), condition.reason.as_str()),
        want,
        "condition"
    );
}

/// Upstream `TestNoSelector`: an empty selector selects every pod of the namespace.
#[test]
fn test_no_selector() {
    let mut pdb = budget(int(3), None);
    pdb.spec.selector = Some(LabelSelector::default());
    sync(&mut pdb, &[], &[], &[]);
    verify(&pdb, 0, 0, 3, 0, &[]);
    let mut pod = new_pod("yo-yo-yo");
    pod.metadata.labels = StringMap::default();
    sync(&mut pdb, &[pod], &[], &[]);
    verify(&pdb, 0, 1, 3, 1, &[]);
}

/// A missing selector selects nothing (`LabelSelectorAsSelector(nil)`).
#[test]
fn a_budget_without_a_selector_guards_no_pod() {
    let mut pdb = budget(int(1), None);
    pdb.spec.selector = None;
    let events = sync(&mut pdb, &[new_pod("a")], &[], &[]);
    verify(&pdb, 0, 0, 1, 0, &[]);
    assert_eq!(events, ["NoPods"]);
}

/// Upstream `TestUnavailable`: the counts go up as pods come, and down when one is unready.
#[test]
fn test_unavailable() {
    let mut pdb = budget(int(3), None);
    let mut pods = Vec::new();
    sync(&mut pdb, &pods, &[], &[]);
    for i in 0..4 {
        verify(&pdb, 0, i, 3, i, &[]);
        pods.push(new_pod(&format!("yo-yo-yo {i}")));
        sync(&mut pdb, &pods, &[], &[]);
    }
    verify(&pdb, 1, 4, 3, 4, &[]);
    pods[0] = unready(pods[0].clone());
    sync(&mut pdb, &pods, &[], &[]);
    verify(&pdb, 0, 3, 3, 4, &[]);
}

/// Upstream `TestIntegerMaxUnavailable`: no disruption for pods without a controller.
#[test]
fn test_integer_max_unavailable() {
    let mut pdb = budget(None, int(1));
    sync(&mut pdb, &[], &[], &[]);
    assert_eq!(pdb.status.disruptions_allowed, 0, "no pods, no disruption");
    let events = sync(&mut pdb, &[new_pod("naked")], &[], &[]);
    assert_eq!(pdb.status.disruptions_allowed, 0);
    assert!(events.contains(&"UnmanagedPods"), "{events:?}");
}

/// Upstream `TestIntegerMaxUnavailableWithScaling`.
#[test]
fn test_integer_max_unavailable_with_scaling() {
    let mut pdb = budget(None, int(2));
    let rs = new_replica_set("foobar", 7);
    let pods = [owned_by(new_pod("pod"), rs_ref(&rs))];
    sync(&mut pdb, &pods, &[&rs], &[]);
    verify(&pdb, 0, 1, 5, 7, &[]);
    let mut scaled = rs.clone();
    scaled.spec.replicas = 5;
    sync(&mut pdb, &pods, &[&scaled], &[]);
    verify(&pdb, 0, 1, 3, 5, &[]);
}

/// Upstream `TestPercentageMaxUnavailableWithScaling`: 30% of 7 rounds up to 3.
#[test]
fn test_percentage_max_unavailable_with_scaling() {
    let mut pdb = budget(None, percent("30%"));
    let rs = new_replica_set("foobar", 7);
    let pods = [owned_by(new_pod("pod"), rs_ref(&rs))];
    sync(&mut pdb, &pods, &[&rs], &[]);
    verify(&pdb, 0, 1, 4, 7, &[]);
    let mut scaled = rs.clone();
    scaled.spec.replicas = 3;
    sync(&mut pdb, &pods, &[&scaled], &[]);
    verify(&pdb, 0, 1, 2, 3, &[]);
}

/// Upstream `TestNakedPod` and `TestStatusForUnmanagedPod`: a percent budget over a pod
/// without a controller allows nothing, warns, and does not fail its sync.
#[test]
fn test_naked_pod() {
    let mut pdb = budget(percent("28%"), None);
    assert_eq!(sync(&mut pdb, &[], &[], &[]), ["NoPods"]);
    assert_eq!(pdb.status.disruptions_allowed, 0);
    let events = sync(&mut pdb, &[new_pod("naked")], &[], &[]);
    assert_eq!(events, ["UnmanagedPods"]);
    verify(&pdb, 0, 1, 0, 0, &[]);
}

/// Upstream `TestTotalUnmanagedPods`.
#[test]
fn test_total_unmanaged_pods() {
    let pod = new_pod("unmanaged");
    let (_, unmanaged) =
        expected_scale(&[BudgetPod::from_api(&pod)], &Controllers::default()).unwrap();
    assert_eq!(unmanaged, ["unmanaged"]);
}

/// Upstream `TestUnsupportedControllerPod`: the sync fails, so the fail-safe allows no
/// disruption and says why.
#[test]
fn test_unsupported_controller_pod() {
    let mut pdb = budget(percent("28%"), None);
    sync(&mut pdb, &[], &[], &[]);
    let mut owner = controller_ref(
        "TestWorkload",
        "fake-controller",
        "b7329742-8daa-493a-8881-6ca07139172b",
    );
    owner.api_version = "apps.test.io/v1".to_string();
    let events = sync(&mut pdb, &[owned_by(new_pod("naked"), owner)], &[], &[]);
    assert_eq!(events, ["CalculateExpectedPodCountFailed"]);
    assert_eq!(pdb.status.disruptions_allowed, 0);
    let condition = pdb.status.disruption_allowed_condition().unwrap();
    assert_eq!(
        (
            condition.status.as_str(),
            condition.reason.as_str(),
            condition.message.as_str()
        ),
        (
            "False",
            SYNC_FAILED_REASON,
            "no matches for kind \"TestWorkload\" in version \"apps.test.io/v1\""
        )
    );
}

/// A DaemonSet has no scale subresource: a percent budget over its pods cannot be synced.
#[test]
fn a_percent_budget_over_daemon_set_pods_fails_its_sync() {
    let mut pdb = budget(None, int(1));
    let pod = owned_by(
        new_pod("agent"),
        controller_ref("DaemonSet", "agent", "ds-uid"),
    );
    assert_eq!(
        sync(&mut pdb, &[pod], &[], &[]),
        ["CalculateExpectedPodCountFailed"]
    );
    let condition = pdb.status.disruption_allowed_condition().unwrap();
    assert_eq!(
        condition.message,
        "daemonsets.apps does not implement the scale subresource"
    );
}

/// Upstream `TestReplicaSet`: the scale of a ReplicaSet without a Deployment counts.
#[test]
fn test_replica_set() {
    let mut pdb = budget(percent("20%"), None);
    let rs = new_replica_set("foobar", 10);
    sync(
        &mut pdb,
        &[owned_by(new_pod("pod"), rs_ref(&rs))],
        &[&rs],
        &[],
    );
    verify(&pdb, 0, 1, 2, 10, &[]);
}

/// Upstream `TestMultipleControllers`, with a ReplicaSet for the ReplicationController.
#[test]
fn test_multiple_controllers() {
    let mut pdb = budget(percent("1%"), None);
    let mut pods = vec![new_pod("pod 0"), new_pod("pod 1")];
    sync(&mut pdb, &pods, &[], &[]);
    assert_eq!(pdb.status.disruptions_allowed, 0, "no controllers yet");
    let rs = new_replica_set("rs-1", 1);
    pods = pods.into_iter().map(|p| owned_by(p, rs_ref(&rs))).collect();
    sync(&mut pdb, &pods, &[&rs], &[]);
    assert_eq!(
        pdb.status.disruptions_allowed, 1,
        "one controller and 200% > 1% healthy"
    );
}

/// Upstream `TestReplicationController`, with a ReplicaSet: 34% of 3 rounds up to 2, and a
/// rogue pod without a controller adds to the healthy pods but not to the expected ones.
#[test]
fn test_replication_controller() {
    let mut labels = foo_bar();
    labels.insert("baz".to_string(), "quux".to_string());
    let mut pdb = budget(percent("34%"), None);
    let rs = new_replica_set("foobar", 3);
    sync(&mut pdb, &[], &[&rs], &[]);
    verify(&pdb, 0, 0, 0, 0, &[]);
    let mut pods = Vec::new();
    for i in 0..3 {
        let mut pod = owned_by(new_pod(&format!("foobar {i}")), rs_ref(&rs));
        pod.metadata.labels = labels.clone();
        pods.push(pod);
        sync(&mut pdb, &pods, &[&rs], &[]);
        if i < 2 {
            verify(&pdb, 0, i + 1, 2, 3, &[]);
        } else {
            verify(&pdb, 1, 3, 2, 3, &[]);
        }
    }
    pods.push(new_pod("rogue"));
    sync(&mut pdb, &pods, &[&rs], &[]);
    assert_eq!(pdb.status.disruptions_allowed, 2);
}

/// Upstream `TestDeploymentFinderFunction`'s case: a pod of a Deployment's ReplicaSet
/// counts the Deployment's scale, not the ReplicaSet's.
#[test]
fn a_deployments_pods_count_the_deployments_scale() {
    let deployment = new_deployment("web", 4);
    let mut rs = new_replica_set("web-abc", 2);
    rs.metadata.owner_references = vec![controller_ref("Deployment", "web", "d-web")];
    let pods: Vec<Pod> = (0..2)
        .map(|i| owned_by(new_pod(&format!("web-abc-{i}")), rs_ref(&rs)))
        .collect();
    let mut pdb = budget(None, int(1));
    sync(&mut pdb, &pods, &[&rs], &[&deployment]);
    verify(&pdb, 0, 2, 3, 4, &[]);
    let mut other_uid = deployment.clone();
    other_uid.metadata.uid = Some("another".to_string());
    assert!(sync(&mut pdb, &pods, &[&rs], &[&other_uid]).is_empty());
    verify(&pdb, 1, 2, 1, 2, &[]);
}

/// `getScaleController` reads the scale subresource of a ReplicaSet whose Deployment is
/// not found, and the subresource carries the ReplicaSet's uid: its own scale counts.
#[test]
fn a_replica_set_whose_deployment_is_gone_counts_its_own_scale() {
    let mut rs = new_replica_set("web-abc", 3);
    rs.metadata.owner_references = vec![controller_ref("Deployment", "web", "d-web")];
    let pods = [owned_by(new_pod("web-abc-0"), rs_ref(&rs))];
    let mut pdb = budget(percent("50%"), None);
    assert!(sync(&mut pdb, &pods, &[&rs], &[]).is_empty());
    verify(&pdb, 0, 1, 2, 3, &[]);
}

/// `getScaleController` for a StatefulSet of another uid finds no controller.
#[test]
fn a_stateful_set_of_another_uid_is_no_controller() {
    let mut pdb = budget(None, int(1));
    let pod = owned_by(
        new_pod("db-0"),
        controller_ref("StatefulSet", "db", "not-the-uid"),
    );
    assert_eq!(
        sync(&mut pdb, &[pod], &[], &[]),
        ["CalculateExpectedPodCountFailed"]
    );
    assert_eq!(
        pdb.status.disruption_allowed_condition().unwrap().message,
        "found no controllers for pod \"db-0\""
    );
}

/// Upstream `TestUpdateDisruptedPods`: entries of pods being deleted, of pods gone and of
/// expired evictions are dropped; the others stay and keep their pod out of the healthy.
#[test]
fn test_update_disrupted_pods() {
    let mut pdb = budget(int(1), None);
    let at = |offset_ms: i64| format_rfc3339(NOW + offset_ms);
    for (pod, time) in [
        ("p1", at(0)),
        ("p2", at(-3 * 60_000)),
        ("p3", at(-60_000)),
        ("notthere", at(0)),
    ] {
        pdb.status.disrupted_pods.insert(pod.to_string(), time);
    }
    let mut p1 = new_pod("p1");
    p1.metadata.deletion_timestamp = Some(at(0));
    let events = sync(&mut pdb, &[p1, new_pod("p2"), new_pod("p3")], &[], &[]);
    verify(&pdb, 0, 1, 1, 3, &[("p3", &at(-60_000))]);
    assert_eq!(events, ["NotDeleted"], "p2 was expected to be deleted");
}

/// The recheck comes when the earliest kept entry expires (`DeletionTimeout`).
#[test]
fn a_budget_is_rechecked_when_a_disruption_expires() {
    let mut pdb = budget(int(1), None);
    pdb.status
        .disrupted_pods
        .insert("p1".to_string(), format_rfc3339(NOW - 30_000));
    let controllers = Controllers::default();
    let pods = [new_pod("p1")];
    let result = sync_budget(
        &pdb,
        pods.iter().map(BudgetPod::from_api),
        &controllers,
        NOW,
    );
    assert_eq!(result.recheck_at, Some(NOW - 30_000 + DELETION_TIMEOUT_MS));
}

/// An unchanged budget is not written again (`updatePdbStatus`'s early return).
#[test]
fn an_up_to_date_status_is_not_written_again() {
    let mut pdb = budget(int(1), None);
    let pods = [new_pod("a"), new_pod("b")];
    sync(&mut pdb, &pods, &[], &[]);
    verify(&pdb, 1, 2, 1, 2, &[]);
    let again = sync_budget(
        &pdb,
        pods.iter().map(BudgetPod::from_api),
        &Controllers::default(),
        NOW + 1000,
    );
    assert_eq!(again.status, None);
}

/// Upstream `TestStatefulSetController`: 34% of a StatefulSet of 3 rounds up to 2 healthy
/// pods; its scale is found once its pods name it.
#[test]
fn test_stateful_set_controller() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: foobar, uid: ss-foobar}\nspec:\n  replicas: 3\n  selector: {matchLabels: {foo: bar}}\n  template:\n    metadata: {labels: {foo: bar}}\n    spec: {containers: [{name: c, image: i}]}\n";
    let ss = crate::engine::yaml::load(text)
        .objects
        .stateful_sets
        .remove(0);
    let mut pdb = budget(percent("34%"), None);
    let stateful_sets = [&ss];
    let sync_with = |pdb: &mut PodDisruptionBudget, pods: &[Pod]| {
        let controllers = Controllers {
            replica_sets: &[],
            deployments: &[],
            stateful_sets: &stateful_sets,
        };
        let result = sync_budget(pdb, pods.iter().map(BudgetPod::from_api), &controllers, NOW);
        if let Some(status) = result.status {
            pdb.status = status;
        }
    };
    sync_with(&mut pdb, &[]);
    verify(&pdb, 0, 0, 0, 0, &[]);
    let mut pods = Vec::new();
    for i in 0..3 {
        let owner = controller_ref("StatefulSet", "foobar", "ss-foobar");
        pods.push(owned_by(new_pod(&format!("foobar {i}")), owner));
        sync_with(&mut pdb, &pods);
        if i < 2 {
            verify(&pdb, 0, i + 1, 2, 3, &[]);
        } else {
            verify(&pdb, 1, 3, 2, 3, &[]);
        }
    }
}

/// `newStatefulSet`.
fn new_stateful_set(name: &str, size: i32) -> StatefulSet {
    let text = format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {name}, uid: ss-{name}}}\nspec:\n  replicas: {size}\n  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n");
    crate::engine::yaml::load(&text)
        .objects
        .stateful_sets
        .remove(0)
}

/// Upstream `TestTwoControllers`, with a ReplicaSet for the ReplicationController: 28% of
/// one collection of 11 is 4 healthy pods, of two collections 7; a Deployment whose
/// selector matches no ReplicaSet it owns adds nothing.
#[test]
fn test_two_controllers() {
    const COLLECTION_SIZE: i32 = 11;
    const MINIMUM_ONE: i32 = 4;
    const MINIMUM_TWO: i32 = 7;
    let mut rc_labels = foo_bar();
    rc_labels.insert("baz".to_string(), "quux".to_string());
    let mut d_labels = foo_bar();
    d_labels.insert("baz".to_string(), "quuux".to_string());
    let mut pdb = budget(percent("28%"), None);
    let rc = new_replica_set("rc", COLLECTION_SIZE);
    sync(&mut pdb, &[], &[&rc], &[]);
    verify(&pdb, 0, 0, 0, 0, &[]);

    let mut pods: Vec<Pod> = Vec::new();
    let mut unavailable_pods = COLLECTION_SIZE - MINIMUM_ONE - 1;
    for i in 1..=COLLECTION_SIZE {
        let mut pod = owned_by(new_pod(&format!("quux {i}")), rs_ref(&rc));
        pod.metadata.labels = rc_labels.clone();
        if i <= unavailable_pods {
            pod = unready(pod);
        }
        pods.push(pod);
        sync(&mut pdb, &pods, &[&rc], &[]);
        if i <= unavailable_pods {
            verify(&pdb, 0, 0, MINIMUM_ONE, COLLECTION_SIZE, &[]);
        } else if i - unavailable_pods <= MINIMUM_ONE {
            verify(
                &pdb,
                0,
                i - unavailable_pods,
                MINIMUM_ONE,
                COLLECTION_SIZE,
                &[],
            );
        } else {
            verify(
                &pdb,
                1,
                i - unavailable_pods,
                MINIMUM_ONE,
                COLLECTION_SIZE,
                &[],
            );
        }
    }

    let mut d = new_deployment("foobar", COLLECTION_SIZE);
    d.spec.selector = Some(selector(d_labels.clone()));
    sync(&mut pdb, &pods, &[&rc], &[&d]);
    verify(&pdb, 1, MINIMUM_ONE + 1, MINIMUM_ONE, COLLECTION_SIZE, &[]);

    let mut rs = new_replica_set("rs", COLLECTION_SIZE);
    rs.spec.selector = Some(selector(d_labels.clone()));
    rs.metadata.labels = d_labels.clone();
    sync(&mut pdb, &pods, &[&rc, &rs], &[&d]);
    verify(&pdb, 1, MINIMUM_ONE + 1, MINIMUM_ONE, COLLECTION_SIZE, &[]);

    unavailable_pods = 2 * COLLECTION_SIZE - (MINIMUM_TWO + 2) - unavailable_pods;
    for i in 1..=COLLECTION_SIZE {
        let mut pod = owned_by(new_pod(&format!("quuux {i}")), rs_ref(&rs));
        pod.metadata.labels = d_labels.clone();
        if i <= unavailable_pods {
            pod = unready(pod);
        }
        pods.push(pod);
        sync(&mut pdb, &pods, &[&rc, &rs], &[&d]);
        let healthy = (MINIMUM_ONE + 1) + (i - unavailable_pods);
        if i <= unavailable_pods {
            verify(
                &pdb,
                0,
                MINIMUM_ONE + 1,
                MINIMUM_TWO,
                2 * COLLECTION_SIZE,
                &[],
            );
        } else if i - unavailable_pods <= MINIMUM_TWO - (MINIMUM_ONE + 1) {
            verify(&pdb, 0, healthy, MINIMUM_TWO, 2 * COLLECTION_SIZE, &[]);
        } else {
            verify(
                &pdb,
                i - unavailable_pods - (MINIMUM_TWO - (MINIMUM_ONE + 1)),
                healthy,
                MINIMUM_TWO,
                2 * COLLECTION_SIZE,
                &[],
            );
        }
    }

    // One pod down still allows a disruption, two do not; one back allows one again.
    verify(
        &pdb,
        2,
        2 + MINIMUM_TWO,
        MINIMUM_TWO,
        2 * COLLECTION_SIZE,
        &[],
    );
    let last = (COLLECTION_SIZE - 1) as usize;
    pods[last] = unready(pods[last].clone());
    sync(&mut pdb, &pods, &[&rc, &rs], &[&d]);
    verify(
        &pdb,
        1,
        1 + MINIMUM_TWO,
        MINIMUM_TWO,
        2 * COLLECTION_SIZE,
        &[],
    );
    pods[last - 1] = unready(pods[last - 1].clone());
    sync(&mut pdb, &pods, &[&rc, &rs], &[&d]);
    verify(&pdb, 0, MINIMUM_TWO, MINIMUM_TWO, 2 * COLLECTION_SIZE, &[]);
    pods[last] = owned_by(new_pod(&format!("quux {COLLECTION_SIZE}")), rs_ref(&rc));
    pods[last].metadata.labels = rc_labels;
    sync(&mut pdb, &pods, &[&rc, &rs], &[&d]);
    verify(
        &pdb,
        1,
        1 + MINIMUM_TWO,
        MINIMUM_TWO,
        2 * COLLECTION_SIZE,
        &[],
    );
}

/// Upstream `TestPDBNotExist`: a sync of a budget that is gone does nothing.
#[test]
fn test_pdb_not_exist() {
    let state = ClusterState::default();
    assert_eq!(DisruptionController::plan(&state, "notExist", NOW), None);
}

/// Upstream `TestBasicFinderFunctions`, without the ReplicationController cases (kubeplay
/// has none): each finder finds its kind in its groups only.
#[test]
fn test_basic_finder_functions() {
    let rs = new_replica_set("foobar", 10);
    let ss = new_stateful_set("foobar", 14);
    let replica_sets = [&rs];
    let stateful_sets = [&ss];
    let controllers = Controllers {
        replica_sets: &replica_sets,
        deployments: &[],
        stateful_sets: &stateful_sets,
    };
    let reference = |api_version: &str, kind: &str, uid: &str| OwnerReference {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name: "foobar".to_string(),
        uid: uid.to_string(),
        controller: None,
        block_owner_deletion: None,
    };
    let cases = [
        (
            "replicaset controller with apps group",
            controllers
                .replica_set_scale(&reference("apps/v1", "ReplicaSet", "rs-foobar"), "default"),
            Some(("rs-foobar".to_string(), 10)),
        ),
        (
            "replicaset controller with invalid group",
            controllers.replica_set_scale(
                &reference("invalid/v1", "ReplicaSet", "rs-foobar"),
                "default",
            ),
            None,
        ),
        (
            "statefulset controller with extensions group",
            controllers
                .stateful_set_scale(&reference("apps/v1", "StatefulSet", "ss-foobar"), "default"),
            Some(("ss-foobar".to_string(), 14)),
        ),
        (
            "statefulset controller with invalid kind",
            controllers
                .stateful_set_scale(&reference("apps/v1", "ReplicaSet", "ss-foobar"), "default"),
            None,
        ),
    ];
    for (name, got, want) in cases {
        assert_eq!(got, want, "{name}");
    }
}

/// Upstream `TestDeploymentFinderFunction`: the pod's ReplicaSet and the ReplicaSet's
/// Deployment must each be of their kind in the `apps` or `extensions` group.
#[test]
fn test_deployment_finder_function() {
    let cases = [
        (
            "happy path",
            "apps/v1",
            "ReplicaSet",
            "extensions/v1",
            "Deployment",
            Some(10),
        ),
        (
            "invalid rs apiVersion",
            "invalid/v1",
            "ReplicaSet",
            "apps/v1",
            "Deployment",
            None,
        ),
        (
            "invalid rs kind",
            "apps/v1",
            "InvalidKind",
            "apps/v1",
            "Deployment",
            None,
        ),
        (
            "invalid deployment apiVersion",
            "extensions/v1",
            "ReplicaSet",
            "deployment/v1",
            "Deployment",
            None,
        ),
        (
            "invalid deployment kind",
            "apps/v1",
            "ReplicaSet",
            "extensions/v1",
            "InvalidKind",
            None,
        ),
    ];
    for (name, rs_api_version, rs_kind, dep_api_version, dep_kind, want) in cases {
        let dep = new_deployment("foobar", 10);
        let mut rs = new_replica_set("foobar", 5);
        let mut dep_ref = controller_ref(dep_kind, "foobar", "d-foobar");
        dep_ref.api_version = dep_api_version.to_string();
        rs.metadata.owner_references = vec![dep_ref];
        let mut rs_reference = controller_ref(rs_kind, "foobar", "rs-foobar");
        rs_reference.api_version = rs_api_version.to_string();
        let replica_sets = [&rs];
        let deployments = [&dep];
        let controllers = Controllers {
            replica_sets: &replica_sets,
            deployments: &deployments,
            stateful_sets: &[],
        };
        let got = controllers.deployment_scale(&rs_reference, "default");
        assert_eq!(
            got,
            want.map(|scale| ("d-foobar".to_string(), scale)),
            "{name}"
        );
    }
}

/// Upstream `TestKeepExistingPDBConditionDuringSync`: a sync sets `DisruptionAllowed`
/// beside the conditions it does not own and keeps them.
#[test]
fn test_keep_existing_pdb_condition_during_sync() {
    let mut pdb = budget(int(3), None);
    pdb.spec.selector = Some(LabelSelector::default());
    pdb.status.conditions.push(BudgetCondition {
        type_: "ExistingTestCondition".to_string(),
        status: "True".to_string(),
        observed_generation: None,
        last_transition_time: Some(format_rfc3339(NOW)),
        reason: "Test".to_string(),
        message: "This is a test condition".to_string(),
    });
    sync(&mut pdb, &[], &[], &[]);
    verify(&pdb, 0, 0, 3, 0, &[]);
    let types: Vec<&str> = pdb
        .status
        .conditions
        .iter()
        .map(|c| c.type_.as_str())
        .collect();
    assert_eq!(
        types,
        ["ExistingTestCondition", DISRUPTION_ALLOWED_CONDITION]
    );
}

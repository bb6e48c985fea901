//! Upstream's `stateful_set_control_test.go` cases for the covered behaviour, over the pure
//! plan: a fake pod control applies the plan (creations are Pending, deletions are
//! immediate, as upstream's fake), a fake kubelet makes pods Running and Ready.

use super::*;
use crate::engine::api::{
    PodManagementPolicy, PodTemplateSpec, RollingUpdateStatefulSet, StatefulSetSpec,
    StatefulSetUpdateStrategy, UpdateStrategyType,
};
use crate::engine::store::state::PodPhase;

const REV1: &str = "web-rev1";
const REV2: &str = "web-rev2";

fn spec(replicas: i32, policy: PodManagementPolicy) -> StatefulSetSpec {
    StatefulSetSpec {
        replicas,
        selector: None,
        template: PodTemplateSpec::default(),
        volume_claim_templates: Vec::new(),
        service_name: String::new(),
        pod_management_policy: policy,
        update_strategy: StatefulSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateStatefulSet {
                partition: 0,
                max_unavailable: None,
            }),
        },
        revision_history_limit: 10,
        min_ready_seconds: 0,
        persistent_volume_claim_retention_policy: None,
        ordinals_start: None,
    }
}

/// A set's pods under the fake controls, with the revisions of its status.
struct Fake {
    spec: StatefulSetSpec,
    pods: Vec<MemberPod>,
    current: String,
    update: String,
    /// Every pod operation, in order, as `create web-0` / `delete web-2`.
    log: Vec<String>,
}

impl Fake {
    fn new(spec: StatefulSetSpec) -> Fake {
        Fake {
            spec,
            pods: Vec::new(),
            current: REV1.to_string(),
            update: REV1.to_string(),
            log: Vec::new(),
        }
    }

    /// One sync: the plan applied, `completeRollingUpdate` on its status.
    fn sync(&mut self) -> Plan {
        let plan = update_stateful_set(&self.spec, false, &self.current, &self.update, &self.pods);
        for op in &plan.ops {
            match op {
                PodOp::Create { ordinal, revision } => {
                    let name = format!("web-{ordinal}");
                    self.log.push(format!("create {name}"));
                    self.pods.push(MemberPod {
                        name,
                        ordinal: *ordinal,
                        revision: revision.clone(),
                        phase: PodPhase::Pending,
                        terminating: false,
                        ready: false,
                        available: false,
                    });
                }
                PodOp::Delete { name, .. } => {
                    self.log.push(format!("delete {name}"));
                    self.pods.retain(|p| &p.name != name);
                }
            }
        }
        let c = &plan.counts;
        if self.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate
            && c.updated == c.replicas
            && c.ready == c.replicas
        {
            self.current = self.update.clone();
        }
        plan
    }

    /// The kubelet starts the lowest-ordinal pod that is not Running and Ready, if any
    /// pod of `healthy_revision` (all when `None`).
    fn start_next(&mut self, broken: Option<&str>) -> bool {
        let mut pods: Vec<&mut MemberPod> = self
            .pods
            .iter_mut()
            .filter(|p| !p.running_and_ready() && Some(p.revision.as_str()) != broken)
            .collect();
        pods.sort_by_key(|p| p.ordinal);
        let Some(pod) = pods.into_iter().next() else {
            return false;
        };
        pod.phase = PodPhase::Running;
        pod.ready = true;
        pod.available = true;
        true
    }

    /// Syncs and starts pods until nothing changes; checks at every sync that (with
    /// OrderedReady) a pod is created only when every lower ordinal of the set exists and is
    /// Running and Ready (`assertMonotonicInvariants`).
    fn settle(&mut self, broken: Option<&str>) {
        for _ in 0..200 {
            let before = self.pods.clone();
            let plan = self.sync();
            if self.spec.pod_management_policy == PodManagementPolicy::OrderedReady {
                assert_monotonic(&self.spec, &before, &plan);
            }
            let started = self.start_next(broken);
            if plan.ops.is_empty() && !started {
                return;
            }
        }
        panic!("the set did not settle: {:?}", self.log);
    }

    fn revisions(&self) -> Vec<(String, String)> {
        let mut pods: Vec<(String, String)> = self
            .pods
            .iter()
            .map(|p| (p.name.clone(), p.revision.clone()))
            .collect();
        pods.sort();
        pods
    }

    fn log_since(&self, from: usize) -> Vec<&str> {
        self.log[from..].iter().map(String::as_str).collect()
    }
}

fn assert_monotonic(spec: &StatefulSetSpec, before: &[MemberPod], plan: &Plan) {
    for op in &plan.ops {
        let PodOp::Create { ordinal, .. } = op else {
            continue;
        };
        for lower in spec.start_ordinal()..*ordinal {
            assert!(
                before
                    .iter()
                    .any(|p| p.ordinal == lower && p.running_and_ready()),
                "web-{ordinal} created while web-{lower} is not Running and Ready"
            );
        }
    }
}

fn names(revisions: &[(String, String)]) -> Vec<&str> {
    revisions.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn test_stateful_set_control_creates_pods() {
    let mut fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
    let first = fake.sync();
    assert_eq!(fake.log, ["create web-0"], "one pod at a time");
    assert_eq!(first.counts.replicas, 0, "a new pod is not counted yet");
    let again = fake.sync();
    assert!(again.ops.is_empty(), "web-1 waits for web-0");
    assert_eq!(
        again.waiting,
        Some(Waiting {
            pod: "web-0".into(),
            reason: "Running and Ready"
        })
    );
    fake.settle(None);
    assert_eq!(fake.log, ["create web-0", "create web-1", "create web-2"]);
    let status = fake.sync().counts;
    assert_eq!(
        status,
        ReplicaCounts {
            replicas: 3,
            ready: 3,
            available: 3,
            current: 3,
            updated: 3
        }
    );
}

#[test]
fn test_stateful_set_control_scales_up_and_down() {
    let mut fake = Fake::new(spec(1, PodManagementPolicy::OrderedReady));
    fake.settle(None);
    fake.spec.replicas = 3;
    fake.settle(None);
    assert_eq!(
        names(&fake.revisions()),
        ["web-0", "web-1", "web-2"],
        "scaled up"
    );
    let mark = fake.log.len();
    fake.spec.replicas = 0;
    fake.sync();
    assert_eq!(fake.log_since(mark), ["delete web-2"], "one pod per sync");
    fake.settle(None);
    assert_eq!(
        fake.log_since(mark),
        ["delete web-2", "delete web-1", "delete web-0"],
        "scale down goes from the highest ordinal"
    );
}

#[test]
fn a_scale_down_waits_for_an_unhealthy_pod_below_the_condemned_ones() {
    let mut fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
    fake.settle(None);
    fake.pods[0].ready = false;
    fake.spec.replicas = 1;
    let plan = fake.sync();
    assert!(plan.ops.is_empty(), "web-0 is not ready: nothing goes");
    assert_eq!(
        plan.waiting,
        Some(Waiting {
            pod: "web-0".into(),
            reason: "Running and Ready"
        })
    );
}

#[test]
fn test_stateful_set_control_recreates_failed_pod() {
    for phase in [PodPhase::Failed, PodPhase::Succeeded] {
        let mut fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
        fake.settle(None);
        fake.pods
            .iter_mut()
            .find(|p| p.name == "web-1")
            .unwrap()
            .phase = phase;
        let mark = fake.log.len();
        fake.sync();
        assert_eq!(fake.log_since(mark), ["delete web-1"], "{phase:?}: deleted");
        fake.sync();
        assert_eq!(
            fake.log_since(mark),
            ["delete web-1", "create web-1"],
            "{phase:?}: recreated once gone"
        );
    }
}

#[test]
fn test_stateful_set_control_with_start_ordinal() {
    let mut s = spec(2, PodManagementPolicy::OrderedReady);
    s.ordinals_start = Some(3);
    let mut fake = Fake::new(s);
    fake.settle(None);
    assert_eq!(fake.log, ["create web-3", "create web-4"]);
    fake.spec.ordinals_start = Some(4);
    let mark = fake.log.len();
    fake.settle(None);
    assert_eq!(
        fake.log_since(mark),
        ["create web-5", "delete web-3"],
        "a new start: the missing ordinal first, then the one out of range"
    );
}

#[test]
fn test_stateful_set_control_parallel_creates_and_deletes_at_once() {
    let mut fake = Fake::new(spec(3, PodManagementPolicy::Parallel));
    fake.sync();
    assert_eq!(fake.log, ["create web-0", "create web-1", "create web-2"]);
    let mark = fake.log.len();
    fake.spec.replicas = 0;
    fake.sync();
    assert_eq!(
        fake.log_since(mark),
        ["delete web-2", "delete web-1", "delete web-0"],
        "Parallel deletes without waiting, highest first"
    );
}

/// `TestStatefulSetControlRollingUpdate`: "monotonic image update" and "burst image
/// update": pods are replaced from the highest ordinal, each after the one before it is
/// Running and Ready again.
#[test]
fn test_stateful_set_control_rolling_update() {
    for policy in [
        PodManagementPolicy::OrderedReady,
        PodManagementPolicy::Parallel,
    ] {
        let mut fake = Fake::new(spec(3, policy.clone()));
        fake.settle(None);
        fake.update = REV2.to_string();
        let mark = fake.log.len();
        fake.sync();
        assert_eq!(fake.log_since(mark), ["delete web-2"], "{policy:?}");
        fake.sync();
        assert_eq!(
            fake.log_since(mark),
            ["delete web-2", "create web-2"],
            "{policy:?}: recreated at once"
        );
        let plan = fake.sync();
        assert!(plan.ops.is_empty(), "{policy:?}: web-1 waits for web-2");
        fake.settle(None);
        assert_eq!(
            fake.log_since(mark),
            [
                "delete web-2",
                "create web-2",
                "delete web-1",
                "create web-1",
                "delete web-0",
                "create web-0"
            ],
            "{policy:?}"
        );
        assert!(
            fake.revisions().iter().all(|(_, r)| r == REV2),
            "{policy:?}"
        );
        assert_eq!(fake.current, REV2, "{policy:?}: the update completed");
    }
}

/// `TestStatefulSetControlRollingUpdateWithPartition`: pods below the partition keep the
/// current revision, even when they are recreated.
#[test]
fn test_stateful_set_control_rolling_update_with_partition() {
    let mut s = spec(5, PodManagementPolicy::OrderedReady);
    s.update_strategy.rolling_update.as_mut().unwrap().partition = 3;
    let mut fake = Fake::new(s);
    fake.settle(None);
    fake.update = REV2.to_string();
    fake.settle(None);
    let want: Vec<(String, String)> = [
        ("web-0", REV1),
        ("web-1", REV1),
        ("web-2", REV1),
        ("web-3", REV2),
        ("web-4", REV2),
    ]
    .iter()
    .map(|(n, r)| (n.to_string(), r.to_string()))
    .collect();
    assert_eq!(fake.revisions(), want, "partitioned");
    assert_eq!(fake.current, REV1, "a partitioned update does not complete");
    fake.pods.retain(|p| p.name != "web-1");
    fake.settle(None);
    assert_eq!(
        fake.revisions(),
        want,
        "web-1 is recreated at the current revision"
    );
    fake.spec
        .update_strategy
        .rolling_update
        .as_mut()
        .unwrap()
        .partition = 0;
    fake.settle(None);
    assert!(fake.revisions().iter().all(|(_, r)| r == REV2), "released");
    assert_eq!(fake.current, REV2);
}

#[test]
fn test_stateful_set_control_on_delete_update() {
    let mut s = spec(3, PodManagementPolicy::OrderedReady);
    s.update_strategy = StatefulSetUpdateStrategy {
        type_: UpdateStrategyType::OnDelete,
        rolling_update: None,
    };
    let mut fake = Fake::new(s);
    fake.settle(None);
    fake.update = REV2.to_string();
    let mark = fake.log.len();
    fake.settle(None);
    assert_eq!(
        fake.log_since(mark),
        Vec::<&str>::new(),
        "no pod is replaced"
    );
    fake.pods.retain(|p| p.name != "web-1");
    fake.settle(None);
    assert_eq!(
        fake.revisions()
            .into_iter()
            .filter(|(_, r)| r == REV2)
            .map(|(n, _)| n)
            .collect::<Vec<_>>(),
        ["web-1"],
        "a deleted pod comes back at the update revision"
    );
}

/// A pod of a broken revision that never becomes Ready stops the rollout; rolling back
/// the template does not replace it (it waits for that pod to be Running and Ready); once
/// it is deleted it comes back at the rolled-back revision (upstream's "forced rollback").
#[test]
fn a_broken_revision_stops_the_rollout_until_its_pod_is_deleted() {
    let mut fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
    fake.settle(None);
    fake.update = REV2.to_string();
    let mark = fake.log.len();
    fake.settle(Some(REV2));
    assert_eq!(
        fake.log_since(mark),
        ["delete web-2", "create web-2"],
        "the rollout stops at the broken pod"
    );
    let plan = fake.sync();
    assert_eq!(
        plan.waiting,
        Some(Waiting {
            pod: "web-2".into(),
            reason: "Running and Ready"
        })
    );
    // kubectl rollout undo: the update revision is the old template's again.
    fake.update = REV1.to_string();
    let mark = fake.log.len();
    fake.settle(Some(REV2));
    assert_eq!(
        fake.log_since(mark),
        Vec::<&str>::new(),
        "stuck after the rollback"
    );
    assert_eq!(fake.revisions()[2], ("web-2".to_string(), REV2.to_string()));
    fake.pods.retain(|p| p.name != "web-2");
    fake.settle(Some(REV2));
    assert!(fake.revisions().iter().all(|(_, r)| r == REV1), "recovered");
}

/// `TestStatefulSetAvailability`-like: a Ready pod that is not available yet
/// (`minReadySeconds`) holds the next creation back.
#[test]
fn a_ready_pod_not_yet_available_holds_the_next_one_back() {
    let mut s = spec(2, PodManagementPolicy::OrderedReady);
    s.min_ready_seconds = 10;
    let mut fake = Fake::new(s);
    fake.sync();
    fake.pods[0].phase = PodPhase::Running;
    fake.pods[0].ready = true;
    let plan = fake.sync();
    assert!(plan.ops.is_empty());
    assert_eq!(
        plan.waiting,
        Some(Waiting {
            pod: "web-0".into(),
            reason: "Available"
        })
    );
    assert_eq!((plan.counts.ready, plan.counts.available), (1, 0));
    fake.pods[0].available = true;
    fake.sync();
    assert_eq!(fake.log, ["create web-0", "create web-1"]);
}

#[test]
fn a_set_being_deleted_only_gets_its_status() {
    let fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
    let plan = update_stateful_set(&fake.spec, true, REV1, REV1, &[]);
    assert!(plan.ops.is_empty());
}

impl Fake {
    /// Pod creations so far (`createPodTracker.requests`).
    fn creations(&self) -> usize {
        self.log.iter().filter(|l| l.starts_with("create")).count()
    }

    /// Pod deletions so far (`deletePodTracker.requests`).
    fn deletions(&self) -> usize {
        self.log.iter().filter(|l| l.starts_with("delete")).count()
    }

    fn pod_mut(&mut self, name: &str) -> &mut MemberPod {
        self.pods.iter_mut().find(|p| p.name == name).unwrap()
    }
}

const POLICIES: [PodManagementPolicy; 2] = [
    PodManagementPolicy::OrderedReady,
    PodManagementPolicy::Parallel,
];

/// Upstream `TestStatefulSetControl`'s `ReplacesPods` (Monotonic and Burst): three of five
/// pods go away; each is recreated, made Running then Ready, and the set is whole again.
#[test]
fn test_stateful_set_control_replaces_pods() {
    for policy in POLICIES {
        let mut fake = Fake::new(spec(5, policy.clone()));
        fake.settle(None);
        assert_eq!(fake.sync().counts.replicas, 5, "{policy:?}");
        fake.pods
            .retain(|p| !["web-0", "web-2", "web-4"].contains(&p.name.as_str()));
        let mark = fake.log.len();
        for ordinal in [0, 2, 4] {
            let name = format!("web-{ordinal}");
            fake.sync();
            assert!(
                fake.log_since(mark)
                    .contains(&format!("create {name}").as_str()),
                "{policy:?}: {name} is recreated in its turn"
            );
            fake.pod_mut(&name).phase = PodPhase::Running;
            fake.sync();
            let pod = fake.pod_mut(&name);
            pod.ready = true;
            pod.available = true;
        }
        assert_eq!(fake.sync().counts.replicas, 5, "{policy:?}");
        if policy == PodManagementPolicy::Parallel {
            assert_eq!(
                fake.log_since(mark),
                ["create web-0", "create web-2", "create web-4"],
                "Parallel recreates them at once"
            );
        }
    }
}

/// Upstream `TestStatefulSetControl`'s `RecreatesFailedPod` and `RecreatesSucceededPod`
/// (Monotonic and Burst): from no pod, one sync creates; the first pod finishes and the
/// others are Pending; one sync deletes it, the next recreates it without another delete.
#[test]
fn test_stateful_set_control_recreates_finished_pods() {
    for policy in POLICIES {
        for phase in [PodPhase::Failed, PodPhase::Succeeded] {
            let mut fake = Fake::new(spec(3, policy.clone()));
            fake.sync();
            assert_eq!(fake.deletions(), 0);
            fake.pod_mut("web-0").phase = phase;
            fake.sync();
            assert_eq!(fake.deletions(), 1, "{policy:?} {phase:?}: deleted");
            fake.sync();
            assert_eq!(
                fake.deletions(),
                1,
                "{policy:?} {phase:?}: no second delete"
            );
            let recreated = fake.pods.iter().find(|p| p.name == "web-0");
            assert_eq!(
                recreated.map(|p| p.phase),
                Some(PodPhase::Pending),
                "{policy:?} {phase:?}: recreated"
            );
            let want = if policy == PodManagementPolicy::Parallel {
                4
            } else {
                2
            };
            assert_eq!(fake.creations(), want, "{policy:?} {phase:?}");
        }
    }
}

/// Upstream `TestStatefulSetControl`'s `NewRevisionDeletePodFailure`, the part without
/// the failure: deleting a pod for the new revision takes it off `currentReplicas`.
#[test]
fn test_stateful_set_control_new_revision_delete_pod() {
    let mut fake = Fake::new(spec(3, PodManagementPolicy::OrderedReady));
    fake.settle(None);
    fake.update = REV2.to_string();
    let plan = fake.sync();
    assert_eq!(fake.log_since(fake.log.len() - 1), ["delete web-2"]);
    assert_eq!(plan.counts.current, 2);
}

/// Upstream `TestStatefulSetControlRollingUpdate`'s cases with a scale: with OrderedReady
/// and Parallel, an image update together with a scale up or down ends with every pod of
/// the new replicas at the update revision.
#[test]
fn test_stateful_set_control_rolling_update_with_scale() {
    for policy in POLICIES {
        for (initial, replicas) in [(3, 5), (5, 3)] {
            let mut fake = Fake::new(spec(initial, policy.clone()));
            fake.settle(None);
            fake.spec.replicas = replicas;
            fake.update = REV2.to_string();
            fake.settle(None);
            let revisions = fake.revisions();
            assert_eq!(
                revisions.len(),
                replicas as usize,
                "{policy:?} {initial}->{replicas}"
            );
            assert!(
                revisions.iter().all(|(_, r)| r == REV2),
                "{policy:?} {initial}->{replicas}: {revisions:?}"
            );
            assert_eq!(fake.current, REV2, "{policy:?} {initial}->{replicas}");
        }
    }
}

/// Upstream `TestStatefulSetControlWithStartOrdinal`'s `CreatesPodsWithStartOrdinal`:
/// three replicas from ordinal 2 are `web-2` to `web-4`, all Ready and updated.
#[test]
fn test_stateful_set_control_creates_pods_with_start_ordinal() {
    let mut s = spec(3, PodManagementPolicy::OrderedReady);
    s.ordinals_start = Some(2);
    let mut fake = Fake::new(s);
    fake.settle(None);
    assert_eq!(names(&fake.revisions()), ["web-2", "web-3", "web-4"]);
    let counts = fake.sync().counts;
    assert_eq!((counts.replicas, counts.ready, counts.updated), (3, 3, 3));
}

/// The pods' revisions by ordinal, lowest first.
fn revisions_by_ordinal(fake: &Fake) -> Vec<String> {
    let mut pods: Vec<&MemberPod> = fake.pods.iter().collect();
    pods.sort_by_key(|p| p.ordinal);
    pods.iter().map(|p| p.revision.clone()).collect()
}

/// Upstream `TestStatefulSetControlOnDeleteUpdate` (monotonic and burst; an image update
/// alone, with a scale up from 3 to 5, with a scale down from 5 to 3): the update replaces
/// no pod, new ordinals come at the update revision, and after a scale to 0 and back every
/// pod is at the update revision.
#[test]
fn test_stateful_set_control_on_delete_update_table() {
    for policy in POLICIES {
        for (name, initial, replicas) in [
            ("image update", 3, 3),
            ("image update and scale up", 3, 5),
            ("image update and scale down", 5, 3),
        ] {
            let mut s = spec(initial, policy.clone());
            s.update_strategy = StatefulSetUpdateStrategy {
                type_: UpdateStrategyType::OnDelete,
                rolling_update: None,
            };
            let mut fake = Fake::new(s);
            fake.settle(None);
            fake.spec.replicas = replicas;
            fake.update = REV2.to_string();
            fake.settle(None);
            let want: Vec<String> = (0..replicas)
                .map(|i| if i < initial { REV1 } else { REV2 }.to_string())
                .collect();
            assert_eq!(revisions_by_ordinal(&fake), want, "{policy:?} {name}");
            fake.spec.replicas = 0;
            fake.settle(None);
            assert!(fake.pods.is_empty(), "{policy:?} {name}: scaled to 0");
            fake.spec.replicas = replicas;
            fake.settle(None);
            assert_eq!(
                revisions_by_ordinal(&fake),
                vec![REV2.to_string(); replicas as usize],
                "{policy:?} {name}: restarted at the update revision"
            );
        }
    }
}

/// Upstream `TestStatefulSetControlRollingUpdateWithPartition` (monotonic and burst, with
/// and without a scale up from 3 to 5, partition 2): the pods below the partition keep
/// the current revision, the others get the update revision.
#[test]
fn test_stateful_set_control_rolling_update_with_partition_table() {
    for policy in POLICIES {
        for (name, replicas) in [("image update", 3), ("image update and scale up", 5)] {
            let mut s = spec(3, policy.clone());
            s.update_strategy.rolling_update.as_mut().unwrap().partition = 2;
            let mut fake = Fake::new(s);
            fake.settle(None);
            fake.spec.replicas = replicas;
            fake.update = REV2.to_string();
            fake.settle(None);
            let want: Vec<String> = (0..replicas)
                .map(|i| if i < 2 { REV1 } else { REV2 }.to_string())
                .collect();
            assert_eq!(revisions_by_ordinal(&fake), want, "{policy:?} {name}");
        }
    }
}

/// Upstream `TestStatefulSetControlRollback` (monotonic and burst; an image update alone,
/// with a scale up from 3 to 5, with a scale down from 5 to 3): once the update is rolled
/// out, going back to the first revision rolls every pod back.
#[test]
fn test_stateful_set_control_rollback() {
    for policy in POLICIES {
        for (name, initial, replicas) in [
            ("image update", 3, 3),
            ("image update and scale up", 3, 5),
            ("image update and scale down", 5, 3),
        ] {
            let mut fake = Fake::new(spec(initial, policy.clone()));
            fake.settle(None);
            fake.spec.replicas = replicas;
            fake.update = REV2.to_string();
            fake.settle(None);
            assert_eq!(
                revisions_by_ordinal(&fake),
                vec![REV2.to_string(); replicas as usize],
                "{policy:?} {name}: updated"
            );
            fake.update = REV1.to_string();
            fake.settle(None);
            assert_eq!(
                revisions_by_ordinal(&fake),
                vec![REV1.to_string(); replicas as usize],
                "{policy:?} {name}: rolled back"
            );
            assert_eq!(fake.current, REV1, "{policy:?} {name}");
        }
    }
}

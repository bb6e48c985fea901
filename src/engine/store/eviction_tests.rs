//! Upstream `eviction_test.go` (`TestEviction`, `TestEvictionIngorePDB`,
//! `TestEvictionPDBStatus`) for the covered behaviour, and the v1.35 causes.

use crate::engine::api::policy::*;
use crate::engine::api::{Condition, LabelSelector, ObjectMeta, Pod, StringMap};
use crate::engine::time::DEFAULT_RUN_START;

use super::*;

const NOW: i64 = DEFAULT_RUN_START;

fn labels(key: &str) -> StringMap {
    let mut labels = StringMap::default();
    labels.insert(key.to_string(), "true".to_string());
    labels
}

/// `validNewPod` named `name`, labelled `a: true`, Ready when `ready`.
fn pod(name: &str, ready: bool) -> Pod {
    let mut pod = Pod {
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: "default".to_string(),
            labels: labels("a"),
            ..ObjectMeta::default()
        },
        ..Pod::default()
    };
    pod.status.conditions.push(Condition {
        type_: "Ready".to_string(),
        status: if ready { "True" } else { "False" }.to_string(),
        ..Condition::default()
    });
    pod
}

/// The budget `foo` selecting `key: true`, with `allowed` disruptions.
fn budget(key: &str, allowed: i32) -> PodDisruptionBudget {
    PodDisruptionBudget {
        metadata: ObjectMeta {
            name: "foo".to_string(),
            namespace: "default".to_string(),
            ..ObjectMeta::default()
        },
        spec: PodDisruptionBudgetSpec {
            selector: Some(LabelSelector {
                match_labels: labels(key),
                match_expressions: Vec::new(),
            }),
            ..PodDisruptionBudgetSpec::default()
        },
        status: PodDisruptionBudgetStatus {
            disruptions_allowed: allowed,
            ..PodDisruptionBudgetStatus::default()
        },
    }
}

fn evict_pod(pod: &Pod, phase: &str, budgets: &[PodDisruptionBudget]) -> EvictionAnswer {
    let evicted = EvictedPod {
        pod: BudgetPod::from_api(pod),
        phase,
    };
    evict(&evicted, budgets, NOW)
}

fn refused_429(cause: &str) -> EvictionAnswer {
    EvictionAnswer::Refused {
        code: 429,
        message: TOO_MANY_REQUESTS_MESSAGE.to_string(),
        cause: Some(cause.to_string()),
    }
}

fn allowed(answer: &EvictionAnswer) -> bool {
    matches!(answer, EvictionAnswer::Allowed { .. })
}

/// Upstream `TestEviction`: a budget with no disruption refuses a running pod, not a
/// pending, succeeded or failed one; a budget that allows one lets it go; a budget that
/// does not select the pod does not count.
#[test]
fn test_eviction() {
    let cases = [
        (
            "matching pdbs with no disruptions allowed, pod running",
            "a",
            0,
            "Running",
            false,
        ),
        (
            "matching pdbs with no disruptions allowed, pod pending",
            "a",
            0,
            "Pending",
            true,
        ),
        (
            "matching pdbs with no disruptions allowed, pod succeeded",
            "a",
            0,
            "Succeeded",
            true,
        ),
        (
            "matching pdbs with no disruptions allowed, pod failed",
            "a",
            0,
            "Failed",
            true,
        ),
        (
            "matching pdbs with disruptions allowed",
            "a",
            1,
            "Running",
            true,
        ),
        ("non-matching pdbs", "b", 0, "Running", true),
    ];
    for (name, key, disruptions, phase, deleted) in cases {
        let answer = evict_pod(&pod("t1", false), phase, &[budget(key, disruptions)]);
        assert_eq!(allowed(&answer), deleted, "{name}: {answer:?}");
    }
    assert_eq!(
        evict_pod(&pod("t1", false), "Running", &[budget("a", 0)]),
        refused_429("The disruption budget foo needs 0 healthy pods and has 0 currently"),
    );
}

/// Upstream `TestEvictionIngorePDB`'s cases without conflicts: a terminating pod goes
/// without a check; a healthy pod is refused when the budget is exactly met; an unhealthy
/// pod goes when the budget is met without it.
#[test]
fn test_eviction_ignore_pdb() {
    let mut terminating = pod("t6", true);
    terminating.metadata.deletion_timestamp = Some("2025-01-01T00:00:00Z".to_string());
    assert_eq!(
        evict_pod(&terminating, "Running", &[budget("a", 0)]),
        EvictionAnswer::Allowed { budget: None },
        "matching pdbs with no disruptions allowed, pod terminating"
    );
    let mut met = budget("a", 0);
    met.status.current_healthy = 2;
    met.status.desired_healthy = 2;
    assert_eq!(
        evict_pod(&pod("t7", true), "Running", std::slice::from_ref(&met)),
        refused_429("The disruption budget foo needs 2 healthy pods and has 2 currently"),
        "pod running, pod healthy, unhealthy pod not ours"
    );
    assert_eq!(
        evict_pod(&pod("t8", false), "Running", std::slice::from_ref(&met)),
        EvictionAnswer::Allowed { budget: None },
        "pod running, pod unhealthy, unhealthy pod ours: nothing is spent"
    );
}

/// `unhealthyPodEvictionPolicy: AlwaysAllow` lets an unhealthy pod go even when the budget
/// is not met; `IfHealthyBudget` (and unset) does not.
#[test]
fn unhealthy_pods_go_under_always_allow_only_while_the_budget_is_not_met() {
    let mut short = budget("a", 0);
    short.status.current_healthy = 1;
    short.status.desired_healthy = 2;
    for (policy, deleted) in [
        (None, false),
        (Some(IF_HEALTHY_BUDGET), false),
        (Some(ALWAYS_ALLOW), true),
    ] {
        short.spec.unhealthy_pod_eviction_policy = policy.map(str::to_string);
        let answer = evict_pod(&pod("p", false), "Running", std::slice::from_ref(&short));
        assert_eq!(allowed(&answer), deleted, "{policy:?}: {answer:?}");
    }
}

/// Upstream `TestEvictionPDBStatus`: the eviction spends one disruption and records the
/// pod; the condition changes only when none is left.
#[test]
fn test_eviction_pdb_status() {
    for (allowed_before, allowed_after, reason) in [
        (1, 0, INSUFFICIENT_PODS_REASON),
        (3, 2, SUFFICIENT_PODS_REASON),
    ] {
        let mut pdb = budget("a", allowed_before);
        pdb.status.conditions.push(BudgetCondition {
            type_: DISRUPTION_ALLOWED_CONDITION.to_string(),
            status: "True".to_string(),
            reason: SUFFICIENT_PODS_REASON.to_string(),
            ..BudgetCondition::default()
        });
        let answer = evict_pod(&pod("foo-1", true), "Running", &[pdb]);
        let EvictionAnswer::Allowed {
            budget: Some((key, status)),
        } = answer
        else {
            panic!("{answer:?}");
        };
        assert_eq!(key, "default/foo");
        assert_eq!(status.disruptions_allowed, allowed_after);
        assert_eq!(
            status.disruption_allowed_condition().unwrap().reason,
            reason
        );
        assert_eq!(
            status
                .disrupted_pods
                .get(&"foo-1".to_string())
                .map(String::as_str),
            Some("2025-01-01T00:00:00Z")
        );
    }
}

/// A pod two budgets select is refused with a 500.
#[test]
fn a_pod_with_two_budgets_cannot_be_evicted() {
    let mut second = budget("a", 1);
    second.metadata.name = "bar".to_string();
    assert_eq!(
        evict_pod(&pod("p", true), "Running", &[budget("a", 1), second]),
        EvictionAnswer::Refused {
            code: 500,
            message: MULTIPLE_BUDGETS_MESSAGE.to_string(),
            cause: None
        }
    );
}

/// `checkAndDecrement`'s refusals before the count: a status older than the spec, a
/// negative count, too many unconfirmed evictions.
#[test]
fn a_budget_in_a_bad_state_refuses() {
    let mut stale = budget("a", 1);
    stale.metadata.generation = Some(2);
    stale.status.observed_generation = 1;
    assert_eq!(
        evict_pod(&pod("p", true), "Running", &[stale]),
        refused_429("The disruption budget foo is still being processed by the server.")
    );
    let negative = budget("a", -1);
    assert_eq!(
        evict_pod(&pod("p", true), "Running", &[negative]),
        EvictionAnswer::Refused {
            code: 403,
            message: "poddisruptionbudget.policy \"foo\" is forbidden: pdb disruptions allowed is negative".to_string(),
            cause: None
        }
    );
    let mut crowded = budget("a", 1);
    for i in 0..=MAX_DISRUPTED_POD_SIZE {
        crowded
            .status
            .disrupted_pods
            .insert(format!("p{i}"), "2025-01-01T00:00:00Z".to_string());
    }
    let answer = evict_pod(&pod("p", true), "Running", &[crowded]);
    assert!(
        matches!(answer, EvictionAnswer::Refused { code: 403, .. }),
        "{answer:?}"
    );
}

/// The v1.35 causes of a 429: a failed sync first, then the healthy counts, then the
/// condition's reason and message, else the plain sentence.
#[test]
fn the_cause_of_a_refusal_says_why_in_v1_35_words() {
    let condition = |reason: &str, message: &str| BudgetCondition {
        type_: DISRUPTION_ALLOWED_CONDITION.to_string(),
        status: "False".to_string(),
        reason: reason.to_string(),
        message: message.to_string(),
        ..BudgetCondition::default()
    };
    let mut pdb = budget("a", 0);
    pdb.status.current_healthy = 3;
    pdb.status.desired_healthy = 3;
    pdb.status.conditions = vec![condition(
        SYNC_FAILED_REASON,
        "found no controllers for pod \"p\"",
    )];
    assert_eq!(
        disruption_denied_cause(&pdb),
        "The disruption budget foo does not allow evicting pods currently because it failed sync: found no controllers for pod \"p\""
    );
    pdb.status.conditions = vec![condition(INSUFFICIENT_PODS_REASON, "")];
    assert_eq!(
        disruption_denied_cause(&pdb),
        "The disruption budget foo needs 3 healthy pods and has 3 currently"
    );
    pdb.status.current_healthy = 4;
    pdb.status.conditions = vec![condition(INSUFFICIENT_PODS_REASON, "waiting")];
    assert_eq!(
        disruption_denied_cause(&pdb),
        "The disruption budget foo does not allow evicting pods currently (InsufficientPods): waiting"
    );
    pdb.status.conditions.clear();
    assert_eq!(
        disruption_denied_cause(&pdb),
        "The disruption budget foo does not allow evicting pods currently"
    );
}

/// The policies upstream's tables run each case under: unset, `IfHealthyBudget`,
/// `AlwaysAllow`.
const POLICIES: [Option<&str>; 3] = [None, Some(IF_HEALTHY_BUDGET), Some(ALWAYS_ALLOW)];

/// Upstream `TestEviction` under each `unhealthyPodEvictionPolicy`: an unready running pod
/// is refused under unset and `IfHealthyBudget` only (`AlwaysAllow` lets it go), and an
/// empty selector guards every pod of the namespace.
#[test]
fn test_eviction_with_each_unhealthy_pod_eviction_policy() {
    let refused = refused_429("The disruption budget foo needs 0 healthy pods and has 0 currently");
    for policy in POLICIES {
        let always = policy == Some(ALWAYS_ALLOW);
        let with_policy = |mut pdb: PodDisruptionBudget| {
            pdb.spec.unhealthy_pod_eviction_policy = policy.map(str::to_string);
            pdb
        };
        let mut empty_selector = budget("a", 0);
        empty_selector.spec.selector = Some(LabelSelector::default());
        let cases = [
            (
                "matching pdbs with no disruptions allowed, pod running",
                budget("a", 0),
                "Running",
            ),
            (
                "matching pdbs with no disruptions allowed, pod pending",
                budget("a", 0),
                "Pending",
            ),
            (
                "matching pdbs with no disruptions allowed, pod succeeded",
                budget("a", 0),
                "Succeeded",
            ),
            (
                "matching pdbs with no disruptions allowed, pod failed",
                budget("a", 0),
                "Failed",
            ),
            (
                "matching pdbs with disruptions allowed",
                budget("a", 1),
                "Running",
            ),
            ("non-matching pdbs", budget("b", 0), "Running"),
            (
                "matching pdbs with no disruptions allowed, pod running, empty selector",
                empty_selector,
                "Running",
            ),
        ];
        for (name, pdb, phase) in cases {
            let answer = evict_pod(&pod("t1", false), phase, &[with_policy(pdb)]);
            let refusal_expected =
                name.ends_with("pod running") || name.ends_with("pod running, empty selector");
            if refusal_expected && !always {
                assert_eq!(answer, refused, "{name} with {policy:?} policy");
            } else {
                assert!(
                    allowed(&answer),
                    "{name} with {policy:?} policy: {answer:?}"
                );
            }
        }
    }
}

/// Upstream `TestEvictionIgnorePDB`'s cases without conflicts, under each policy: a
/// healthy pod of a budget that allows a disruption goes and spends it; `AlwaysAllow`
/// lets an unhealthy pod go without a check; an empty selector guards a healthy pod.
#[test]
fn test_eviction_ignore_pdb_with_each_unhealthy_pod_eviction_policy() {
    for policy in POLICIES {
        let with_policy = |mut pdb: PodDisruptionBudget| {
            pdb.spec.unhealthy_pod_eviction_policy = policy.map(str::to_string);
            pdb
        };
        let mut honoured = budget("a", 1);
        honoured.status.current_healthy = 3;
        honoured.status.desired_healthy = 3;
        let answer = evict_pod(&pod("t8", true), "Running", &[with_policy(honoured)]);
        assert!(
            matches!(answer, EvictionAnswer::Allowed { budget: Some(_) }),
            "matching pdbs with disruptions allowed, pod running, pod healthy, healthy pod ours, deletes pod by honoring the PDB with {policy:?} policy: {answer:?}"
        );

        let answer = evict_pod(&pod("t8", false), "Running", &[with_policy(budget("a", 0))]);
        if policy == Some(ALWAYS_ALLOW) {
            assert_eq!(
                answer,
                EvictionAnswer::Allowed { budget: None },
                "pod running, pod unhealthy, unhealthy pod ours, skips the PDB check and deletes"
            );
        } else {
            assert_eq!(
                answer,
                refused_429("The disruption budget foo needs 0 healthy pods and has 0 currently"),
                "the PDB check is not skipped with {policy:?} policy"
            );
        }

        let mut empty_selector = budget("a", 0);
        empty_selector.spec.selector = Some(LabelSelector::default());
        empty_selector.status.current_healthy = 3;
        empty_selector.status.desired_healthy = 3;
        assert_eq!(
            evict_pod(&pod("t11", true), "Running", &[with_policy(empty_selector)]),
            refused_429("The disruption budget foo needs 3 healthy pods and has 3 currently"),
            "pod running, pod healthy, empty selector, pod not deleted by honoring the PDB with {policy:?} policy"
        );
    }
}

/// Upstream `TestEvictionIgnorePDB`'s cases on the cause of the refusal: a failed sync
/// says so; otherwise a `False` condition with a message gives its reason.
#[test]
fn test_eviction_ignore_pdb_refusal_causes() {
    let condition = |reason: &str| BudgetCondition {
        type_: DISRUPTION_ALLOWED_CONDITION.to_string(),
        status: "False".to_string(),
        reason: reason.to_string(),
        message: "hoge".to_string(),
        ..BudgetCondition::default()
    };
    let mut failed = budget("a", 0);
    failed.spec.selector = Some(LabelSelector::default());
    failed.status.conditions = vec![condition(SYNC_FAILED_REASON)];
    assert_eq!(
        evict_pod(&pod("t12", true), "Running", &[failed]),
        refused_429(
            "The disruption budget foo does not allow evicting pods currently because it failed sync: hoge"
        ),
        "the error is about sync failure when the condition reason is SyncFailedReason"
    );
    let mut reasoned = budget("a", 0);
    reasoned.spec.selector = Some(LabelSelector::default());
    reasoned.status.current_healthy = 4;
    reasoned.status.desired_healthy = 3;
    reasoned.status.conditions = vec![condition("bar-reason")];
    assert_eq!(
        evict_pod(&pod("t13", true), "Running", &[reasoned]),
        refused_429(
            "The disruption budget foo does not allow evicting pods currently (bar-reason): hoge"
        ),
        "the error includes the reason when the condition.Status is False"
    );
}

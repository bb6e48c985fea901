//! The decision rule of the taint-eviction controller
//! (`pkg/controller/tainteviction/taint_eviction.go`): which tolerations a pod uses for the
//! `NoExecute` taints of its node, and how long they let it stay.

use crate::engine::api::{Taint, TaintEffect, Toleration};
use crate::engine::scheduler::corev1::toleration_tolerates_taint;

use crate::engine::time::Millis;

/// What the controller does with a pod on a node (`processPodOnNode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The node has no `NoExecute` taint, or every one is tolerated forever: any scheduled
    /// eviction is cancelled.
    Stay,
    /// A `NoExecute` taint is not tolerated: the pod is deleted at once.
    EvictNow,
    /// Every `NoExecute` taint is tolerated, the shortest for this long (milliseconds,
    /// 0 = at once) after the controller sees it.
    EvictAfter(Millis),
}

/// `GetMatchingTolerations`: for each taint the FIRST toleration that tolerates it (later
/// tolerations of the same taint are not looked at); `None` when a taint is not tolerated.
pub fn matching_tolerations<'a>(
    taints: &[&Taint],
    tolerations: &'a [Toleration],
) -> Option<Vec<&'a Toleration>> {
    taints
        .iter()
        .map(|taint| {
            tolerations
                .iter()
                .find(|t| toleration_tolerates_taint(t, taint))
        })
        .collect()
}

/// `getMinTolerationTime` in milliseconds: `Some(0)` for no tolerations or any
/// `tolerationSeconds <= 0`, otherwise the smallest `tolerationSeconds`; `None` (upstream's
/// -1, "forever") when no toleration sets `tolerationSeconds`.
pub fn min_toleration_time(tolerations: &[&Toleration]) -> Option<Millis> {
    if tolerations.is_empty() {
        return Some(0);
    }
    let mut min: Option<i64> = None;
    for seconds in tolerations.iter().filter_map(|t| t.toleration_seconds) {
        if seconds <= 0 {
            return Some(0);
        }
        min = Some(min.map_or(seconds, |m| m.min(seconds)));
    }
    min.map(|s| (s as u64).saturating_mul(1000))
}

/// The controller's verdict for a pod with `tolerations` on a node with `taints` (all of
/// them; only the `NoExecute` ones count).
pub fn verdict(taints: &[Taint], tolerations: &[Toleration]) -> Verdict {
    let no_execute: Vec<&Taint> = taints
        .iter()
        .filter(|t| t.effect == TaintEffect::NoExecute)
        .collect();
    if no_execute.is_empty() {
        return Verdict::Stay;
    }
    match matching_tolerations(&no_execute, tolerations) {
        None => Verdict::EvictNow,
        Some(used) => match min_toleration_time(&used) {
            None => Verdict::Stay,
            Some(ms) => Verdict::EvictAfter(ms),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::TolerationOperator;

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
}

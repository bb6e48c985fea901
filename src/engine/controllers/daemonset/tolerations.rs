//! The tolerations the DaemonSet controller adds to every daemon pod
//! (`AddOrUpdateDaemonPodTolerations`), so that node problems and cordons do not keep
//! daemon pods away or evict them.

use crate::engine::api::{PodSpec, TaintEffect, Toleration, TolerationOperator};

/// `node.kubernetes.io/not-ready`.
pub const TAINT_NODE_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// `node.kubernetes.io/unreachable`.
pub const TAINT_NODE_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// `node.kubernetes.io/disk-pressure`.
pub const TAINT_NODE_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
/// `node.kubernetes.io/memory-pressure`.
pub const TAINT_NODE_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
/// `node.kubernetes.io/pid-pressure`.
pub const TAINT_NODE_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
/// `node.kubernetes.io/unschedulable`.
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// `node.kubernetes.io/network-unavailable`.
pub const TAINT_NODE_NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";

fn exists(key: &str, effect: TaintEffect) -> Toleration {
    Toleration {
        key: key.to_string(),
        operator: Some(TolerationOperator::Exists),
        value: String::new(),
        effect: Some(effect),
        toleration_seconds: None,
    }
}

/// The automatic tolerations, in the order the controller adds them; the
/// `network-unavailable` one only for `hostNetwork` pods.
pub fn daemon_pod_tolerations(host_network: bool) -> Vec<Toleration> {
    let mut out = vec![
        exists(TAINT_NODE_NOT_READY, TaintEffect::NoExecute),
        exists(TAINT_NODE_UNREACHABLE, TaintEffect::NoExecute),
        exists(TAINT_NODE_DISK_PRESSURE, TaintEffect::NoSchedule),
        exists(TAINT_NODE_MEMORY_PRESSURE, TaintEffect::NoSchedule),
        exists(TAINT_NODE_PID_PRESSURE, TaintEffect::NoSchedule),
        exists(TAINT_NODE_UNSCHEDULABLE, TaintEffect::NoSchedule),
    ];
    if host_network {
        out.push(exists(
            TAINT_NODE_NETWORK_UNAVAILABLE,
            TaintEffect::NoSchedule,
        ));
    }
    out
}

/// `Toleration.MatchToleration`: same key, operator (as written), value and effect.
fn same_toleration(a: &Toleration, b: &Toleration) -> bool {
    a.key == b.key && a.operator == b.operator && a.value == b.value && a.effect == b.effect
}

/// `AddOrUpdateTolerationInPodSpec`: every toleration with the same key, operator, value and
/// effect is replaced by `toleration` (dropping e.g. a user `tolerationSeconds`); if none
/// matched, `toleration` is appended. Upstream's "already present, change nothing" early
/// return compares a `*Toleration` with a `Toleration` through `Semantic.DeepEqual`, whose
/// type check makes it always false, so matching tolerations are always rewritten.
pub fn add_or_update_toleration(spec: &mut PodSpec, toleration: &Toleration) {
    let mut updated = false;
    for t in spec.tolerations.iter_mut() {
        if same_toleration(t, toleration) {
            *t = toleration.clone();
            updated = true;
        }
    }
    if !updated {
        spec.tolerations.push(toleration.clone());
    }
}

/// `AddOrUpdateDaemonPodTolerations`.
pub fn add_or_update_daemon_pod_tolerations(spec: &mut PodSpec) {
    for t in daemon_pod_tolerations(spec.host_network) {
        add_or_update_toleration(spec, &t);
    }
}

/// Whether `t` is one of the automatic tolerations for a pod with this `hostNetwork`.
pub fn is_automatic(t: &Toleration, host_network: bool) -> bool {
    daemon_pod_tolerations(host_network).iter().any(|a| a == t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows upstream `TestAddOrUpdateDaemonPodTolerations` intent (daemon/util).
    #[test]
    fn automatic_tolerations_table() {
        let user_not_ready = Toleration {
            toleration_seconds: Some(300),
            ..exists(TAINT_NODE_NOT_READY, TaintEffect::NoExecute)
        };
        let custom = exists("dedicated", TaintEffect::NoSchedule);
        type Case = (&'static str, bool, Vec<Toleration>, usize, Option<i64>);
        let cases: [Case; 4] = [
            ("a plain pod gets six tolerations", false, vec![], 6, None),
            ("a hostNetwork pod also tolerates network-unavailable", true, vec![], 7, None),
            ("a user toleration with the same key, operator and effect is replaced without its tolerationSeconds", false, vec![user_not_ready], 6, None),
            ("other user tolerations are kept first", false, vec![custom], 7, None),
        ];
        for (name, host_network, tolerations, len, seconds) in cases {
            let mut spec = PodSpec {
                host_network,
                tolerations: tolerations.into(),
                ..Default::default()
            };
            add_or_update_daemon_pod_tolerations(&mut spec);
            assert_eq!(spec.tolerations.len(), len, "{name}");
            assert_eq!(spec.tolerations[0].toleration_seconds, seconds, "{name}");
            let again = spec.clone();
            add_or_update_daemon_pod_tolerations(&mut spec);
            assert_eq!(spec, again, "adding twice changes nothing: {name}");
        }
    }

    /// Follows upstream `AddOrUpdateTolerationInPodSpec` (pkg/apis/core/v1/helper): every
    /// matching toleration is rewritten, whatever its position and even when another one
    /// already equals the automatic toleration.
    #[test]
    fn every_matching_toleration_is_rewritten_table() {
        let auto = exists(TAINT_NODE_NOT_READY, TaintEffect::NoExecute);
        let limited = Toleration {
            toleration_seconds: Some(300),
            ..auto.clone()
        };
        let cases = [
            (
                "a limited toleration before an equal one",
                vec![limited.clone(), auto.clone()],
            ),
            (
                "a limited toleration after an equal one",
                vec![auto.clone(), limited.clone()],
            ),
        ];
        for (name, tolerations) in cases {
            let mut spec = PodSpec {
                tolerations: tolerations.into(),
                ..Default::default()
            };
            add_or_update_toleration(&mut spec, &auto);
            assert_eq!(spec.tolerations, vec![auto.clone(), auto.clone()], "{name}");
        }
    }
}

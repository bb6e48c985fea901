//! Pod priority resolution as the `Priority` admission plugin does it: the named
//! PriorityClass (the two built-in system classes always exist), else the `globalDefault`
//! class with the lowest value, else 0.

use crate::engine::api::{Pod, PriorityClass};

/// `system-node-critical`.
pub const SYSTEM_NODE_CRITICAL: &str = "system-node-critical";
/// `system-cluster-critical`.
pub const SYSTEM_CLUSTER_CRITICAL: &str = "system-cluster-critical";
/// Value of `system-node-critical`.
pub const SYSTEM_NODE_CRITICAL_VALUE: i32 = 2_000_001_000;
/// Value of `system-cluster-critical`.
pub const SYSTEM_CLUSTER_CRITICAL_VALUE: i32 = 2_000_000_000;
/// The default preemption policy.
pub const PREEMPT_LOWER_PRIORITY: &str = "PreemptLowerPriority";
/// The policy that forbids preempting.
pub const PREEMPT_NEVER: &str = "Never";

/// The outcome of resolving a pod's priority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedPriority {
    /// The class used (empty when no class applies).
    pub class_name: String,
    /// The priority value.
    pub priority: i32,
    /// The preemption policy copied from the class.
    pub preemption_policy: String,
}

fn class_policy(pc: &PriorityClass) -> String {
    if pc.preemption_policy.is_empty() {
        PREEMPT_LOWER_PRIORITY.to_string()
    } else {
        pc.preemption_policy.clone()
    }
}

fn builtin(name: &str) -> Option<i32> {
    match name {
        SYSTEM_NODE_CRITICAL => Some(SYSTEM_NODE_CRITICAL_VALUE),
        SYSTEM_CLUSTER_CRITICAL => Some(SYSTEM_CLUSTER_CRITICAL_VALUE),
        _ => None,
    }
}

/// Resolves `class_name` against `classes`. `object_name` is the pod's name (or its
/// `generateName`) used in the admission error:
/// `pods "<name>" is forbidden: no PriorityClass with name <class> was found`.
pub fn resolve_priority(
    object_name: &str,
    class_name: &str,
    classes: &[PriorityClass],
) -> Result<ResolvedPriority, String> {
    if class_name.is_empty() {
        let default = classes
            .iter()
            .filter(|c| c.global_default)
            .min_by_key(|c| c.value);
        return Ok(match default {
            Some(pc) => ResolvedPriority {
                class_name: pc.metadata.name.clone(),
                priority: pc.value,
                preemption_policy: class_policy(pc),
            },
            None => ResolvedPriority {
                class_name: String::new(),
                priority: 0,
                preemption_policy: PREEMPT_LOWER_PRIORITY.to_string(),
            },
        });
    }
    if let Some(pc) = classes.iter().find(|c| c.metadata.name == class_name) {
        return Ok(ResolvedPriority {
            class_name: class_name.to_string(),
            priority: pc.value,
            preemption_policy: class_policy(pc),
        });
    }
    match builtin(class_name) {
        Some(v) => Ok(ResolvedPriority {
            class_name: class_name.to_string(),
            priority: v,
            preemption_policy: PREEMPT_LOWER_PRIORITY.to_string(),
        }),
        None => Err(format!(
            "pods \"{object_name}\" is forbidden: no PriorityClass with name {class_name} was found"
        )),
    }
}

/// Admits a pod: sets `spec.priority`, `spec.priorityClassName` and
/// `spec.preemptionPolicy`, or returns the admission error text.
pub fn admit_pod(
    pod: &mut Pod,
    object_name: &str,
    classes: &[PriorityClass],
) -> Result<(), String> {
    let r = resolve_priority(object_name, &pod.spec.priority_class_name, classes)?;
    if let Some(p) = pod.spec.priority {
        if p != r.priority {
            return Err(format!(
                "pods \"{object_name}\" is forbidden: the integer value of priority ({p}) must not be provided in pod spec; priority admission controller computed {} from the given PriorityClass name",
                r.priority
            ));
        }
    }
    if let Some(pp) = &pod.spec.preemption_policy {
        if *pp != r.preemption_policy {
            return Err(format!(
                "pods \"{object_name}\" is forbidden: the string value of PreemptionPolicy ({pp}) must not be provided in pod spec; priority admission controller computed {} from the given PriorityClass name",
                r.preemption_policy
            ));
        }
    }
    pod.spec.priority = Some(r.priority);
    pod.spec.priority_class_name = r.class_name;
    pod.spec.preemption_policy = Some(r.preemption_policy);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, value: i32, global: bool, policy: &str) -> PriorityClass {
        let mut pc = PriorityClass::default();
        pc.metadata.name = name.into();
        pc.value = value;
        pc.global_default = global;
        pc.preemption_policy = policy.into();
        pc
    }

    /// Follows upstream `TestPodAdmission` (plugin/pkg/admission/priority/admission_test.go).
    #[test]
    fn priority_resolution_table() {
        let classes = vec![
            class("default1", 1000, true, ""),
            class("default2", 500, true, ""),
            class("high", 100000, false, ""),
            class("never", 10, false, "Never"),
        ];
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a [PriorityClass],
            Result<(i32, &'a str), String>,
        );
        let cases: Vec<Case> = vec![
            (
                "a pod without a class gets 0 when there is no default",
                "",
                &[],
                Ok((0, "PreemptLowerPriority")),
            ),
            (
                "with two global defaults the lowest value wins",
                "",
                &classes,
                Ok((500, "PreemptLowerPriority")),
            ),
            (
                "a named class gives its value",
                "high",
                &classes,
                Ok((100000, "PreemptLowerPriority")),
            ),
            (
                "the class's preemption policy is copied",
                "never",
                &classes,
                Ok((10, "Never")),
            ),
            (
                "system-node-critical always exists",
                "system-node-critical",
                &[],
                Ok((2000001000, "PreemptLowerPriority")),
            ),
            (
                "system-cluster-critical always exists",
                "system-cluster-critical",
                &[],
                Ok((2000000000, "PreemptLowerPriority")),
            ),
            (
                "an unknown class is an admission error",
                "missing",
                &classes,
                Err(
                    "pods \"web-\" is forbidden: no PriorityClass with name missing was found"
                        .into(),
                ),
            ),
        ];
        for (name, class_name, classes, want) in cases {
            let got = resolve_priority("web-", class_name, classes)
                .map(|r| (r.priority, r.preemption_policy));
            let want = want.map(|(v, p)| (v, p.to_string()));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_conflicting_explicit_priority_is_rejected() {
        let mut pod = Pod::default();
        pod.spec.priority = Some(5);
        let err = admit_pod(&mut pod, "p", &[]).expect_err("must fail");
        assert_eq!(err, "pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name");
    }
}

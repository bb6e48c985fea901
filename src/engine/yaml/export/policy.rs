//! A PodDisruptionBudget (`policy/v1`) back to YAML, in the API's field order, and the
//! Scenario's `drain` step.

use super::{duration, header, int_or_percent, label_selector, meta, Out, M};
use crate::engine::api::policy::*;
use crate::engine::api::scenario::DrainSpec;

fn budget_conditions(conditions: &[BudgetCondition]) -> Out {
    Out::Seq(
        conditions
            .iter()
            .map(|c| {
                let mut m = M::default();
                m.str("type", &c.type_)
                    .str("status", &c.status)
                    .opt_int("observedGeneration", c.observed_generation)
                    .opt_time("lastTransitionTime", &c.last_transition_time)
                    .str("reason", &c.reason)
                    .str("message", &c.message);
                m.done()
            })
            .collect(),
    )
}

/// One PodDisruptionBudget document.
pub(super) fn pod_disruption_budget(pdb: &PodDisruptionBudget) -> Out {
    let mut o = header("policy/v1", "PodDisruptionBudget");
    o.sub("metadata", meta(&pdb.metadata));
    let mut spec = M::default();
    if let Some(v) = &pdb.spec.min_available {
        spec.put("minAvailable", int_or_percent(v));
    }
    if let Some(sel) = &pdb.spec.selector {
        spec.put("selector", label_selector(sel));
    }
    if let Some(v) = &pdb.spec.max_unavailable {
        spec.put("maxUnavailable", int_or_percent(v));
    }
    spec.opt_str(
        "unhealthyPodEvictionPolicy",
        &pdb.spec.unhealthy_pod_eviction_policy,
    );
    o.sub("spec", spec.done());
    let s = &pdb.status;
    let mut disrupted = M::default();
    for (pod, time) in &s.disrupted_pods {
        disrupted.opt_time(pod, &Some(time.clone()));
    }
    let mut status = M::default();
    status
        .int("observedGeneration", s.observed_generation)
        .sub("disruptedPods", disrupted.done())
        .int("disruptionsAllowed", i64::from(s.disruptions_allowed))
        .int("currentHealthy", i64::from(s.current_healthy))
        .int("desiredHealthy", i64::from(s.desired_healthy))
        .int("expectedPods", i64::from(s.expected_pods))
        .sub("conditions", budget_conditions(&s.conditions));
    o.sub("status", status.done());
    o.done()
}

/// A `drain` step: the node and the flags that differ from kubectl's defaults.
pub(super) fn drain_step(spec: &DrainSpec) -> Out {
    let mut m = M::default();
    m.str("node", &spec.node)
        .flag("ignoreDaemonSets", spec.ignore_daemon_sets)
        .flag("deleteEmptyDirData", spec.delete_emptydir_data)
        .flag("force", spec.force)
        .opt_int("gracePeriod", spec.grace_period);
    if let Some(timeout) = spec.timeout {
        m.put("timeout", duration(timeout));
    }
    m.flag("disableEviction", spec.disable_eviction);
    m.done()
}

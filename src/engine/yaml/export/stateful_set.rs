//! A StatefulSet (`apps/v1`) back to YAML, in the API's field order.

use super::{
    header, int_or_percent, label_selector, meta, pod_template, raw, workload_conditions, Out, M,
};
use crate::engine::api::types::UpdateStrategyType;
use crate::engine::api::workloads::*;

fn update_strategy(strategy: &StatefulSetUpdateStrategy) -> Out {
    let mut m = M::default();
    let type_ = match &strategy.type_ {
        UpdateStrategyType::RollingUpdate => "RollingUpdate",
        UpdateStrategyType::OnDelete => "OnDelete",
        UpdateStrategyType::Other(s) => s.as_str(),
    };
    m.str("type", type_);
    if let Some(ru) = &strategy.rolling_update {
        let mut r = M::default();
        r.put("partition", Out::Int(i64::from(ru.partition)));
        if let Some(v) = &ru.max_unavailable {
            r.put("maxUnavailable", int_or_percent(v));
        }
        m.put("rollingUpdate", r.done());
    }
    m.done()
}

/// One StatefulSet document.
pub(super) fn stateful_set(s: &StatefulSet) -> Out {
    let mut o = header("apps/v1", "StatefulSet");
    o.sub("metadata", meta(&s.metadata));
    let mut spec = M::default();
    spec.put("replicas", Out::Int(i64::from(s.spec.replicas)));
    if let Some(sel) = &s.spec.selector {
        spec.put("selector", label_selector(sel));
    }
    spec.sub("template", pod_template(&s.spec.template));
    if !s.spec.volume_claim_templates.is_empty() {
        spec.put(
            "volumeClaimTemplates",
            Out::Seq(
                s.spec
                    .volume_claim_templates
                    .iter()
                    .map(|t| raw(&t.raw))
                    .collect(),
            ),
        );
    }
    spec.str("serviceName", &s.spec.service_name)
        .str("podManagementPolicy", s.spec.pod_management_policy.as_str())
        .sub("updateStrategy", update_strategy(&s.spec.update_strategy))
        .put(
            "revisionHistoryLimit",
            Out::Int(i64::from(s.spec.revision_history_limit)),
        )
        .int("minReadySeconds", i64::from(s.spec.min_ready_seconds));
    if let Some(policy) = &s.spec.persistent_volume_claim_retention_policy {
        let mut p = M::default();
        p.str("whenDeleted", &policy.when_deleted)
            .str("whenScaled", &policy.when_scaled);
        spec.put("persistentVolumeClaimRetentionPolicy", p.done());
    }
    if let Some(start) = s.spec.ordinals_start {
        let mut ordinals = M::default();
        ordinals.put("start", Out::Int(i64::from(start)));
        spec.put("ordinals", ordinals.done());
    }
    o.sub("spec", spec.done());
    let st = &s.status;
    let mut status = M::default();
    status
        .int("observedGeneration", st.observed_generation)
        .int("replicas", i64::from(st.replicas))
        .int("readyReplicas", i64::from(st.ready_replicas))
        .int("currentReplicas", i64::from(st.current_replicas))
        .int("updatedReplicas", i64::from(st.updated_replicas))
        .str("currentRevision", &st.current_revision)
        .str("updateRevision", &st.update_revision)
        .opt_int("collisionCount", st.collision_count.map(i64::from))
        .int("availableReplicas", i64::from(st.available_replicas))
        .sub("conditions", workload_conditions(&st.conditions));
    o.sub("status", status.done());
    o.done()
}

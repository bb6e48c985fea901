//! `kubectl get sts`, `kubectl rollout history sts/NAME` and the lines `kubectl rollout
//! status sts/NAME` prints while watching a timeline.

use super::{age, in_namespace, no_resources, tabwrite};
use crate::engine::controllers::statefulset::history::sorted_revisions;
use crate::engine::sim::status_viewers::stateful_set_rollout_status;
use crate::engine::sim::timeline::Timeline;
use crate::engine::store::journal::Change;
use crate::engine::store::state::{object_key, ClusterState, StatefulSetState};

/// `kubectl get sts` (`-n NS`, or `-A` with a NAMESPACE column): READY is the ready pods
/// out of `spec.replicas`.
pub fn get_stateful_sets(state: &ClusterState, namespace: Option<&str>) -> String {
    let mut header: Vec<String> = Vec::new();
    if namespace.is_none() {
        header.push("NAMESPACE".into());
    }
    header.extend(["NAME", "READY", "AGE"].map(String::from));
    let mut rows = vec![header];
    for set in state.stateful_sets.values() {
        let meta = &set.stateful_set.metadata;
        if !in_namespace(namespace, &meta.namespace) {
            continue;
        }
        let mut row = Vec::new();
        if namespace.is_none() {
            row.push(meta.namespace.clone());
        }
        row.extend([
            meta.name.clone(),
            format!(
                "{}/{}",
                set.stateful_set.status.ready_replicas, set.stateful_set.spec.replicas
            ),
            age(state.time, set.created),
        ]);
        rows.push(row);
    }
    if rows.len() == 1 {
        return no_resources(namespace);
    }
    tabwrite(&rows, 3)
}

/// The lines `kubectl rollout status sts/NAME` prints while watching the timeline from
/// frame `from` on: one line per change of the set, identical consecutive lines collapsed,
/// ending with the final line (or the last line reached).
pub fn rollout_status_lines(
    timeline: &Timeline,
    namespace: &str,
    name: &str,
    from: usize,
) -> Vec<String> {
    let key = object_key(namespace, name);
    super::watch_rollout_status(
        timeline,
        from,
        "statefulsets.apps",
        name,
        |c| matches!(c, Change::StatefulSet(k, _) if *k == key),
        |state| {
            state
                .stateful_sets
                .get(&key)
                .map(|set| stateful_set_rollout_status(&set.stateful_set))
        },
    )
}

/// `kubectl rollout history sts/NAME` (`StatefulSetHistoryViewer.ViewHistory`): the
/// revisions with their change causes (the StatefulSet's annotation, copied to each
/// revision when it was made).
pub fn rollout_history(set: &StatefulSetState) -> String {
    let name = &set.stateful_set.metadata.name;
    if set.revisions.is_empty() {
        return format!("statefulset.apps/{name} \nNo rollout history found.\n");
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    rows.extend(sorted_revisions(&set.revisions).into_iter().map(|r| {
        let cause = r
            .change_cause
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        vec![r.revision.to_string(), cause]
    }));
    format!("statefulset.apps/{name} \n{}\n", tabwrite(&rows, 2))
}

//! The store's StatefulSet writes: as the API server creates and updates them
//! (`statefulSetStrategy`), and as their controller writes their status and revisions.

use std::sync::Arc;

use super::journal::Change;
use super::objects::give_identity;
use super::state::{object_key, StatefulSetState};
use super::Store;
use crate::engine::api::StatefulSet;

impl Store {
    /// Writes a new version of a StatefulSet (its status or revisions, as its controller
    /// does) and marks it dirty.
    pub fn put_stateful_set(&mut self, stateful_set: Arc<StatefulSetState>) {
        let key = stateful_set.key();
        if self.state.stateful_sets.get(&key) == Some(&stateful_set) {
            return;
        }
        self.dirty.stateful_sets.insert(key.clone());
        self.state
            .stateful_sets
            .insert(key.clone(), stateful_set.clone());
        self.entry()
            .changes
            .push(Change::StatefulSet(key.into(), Some(stateful_set)));
        self.mark_budgets_dirty();
    }

    /// Creates or updates a StatefulSet as the API server does: an update keeps the status
    /// and the revisions and bumps the generation when the spec changes. A new one read
    /// from a cluster keeps its `metadata.generation` (1 when it states none) and its
    /// `status`.
    pub fn apply_stateful_set(&mut self, stateful_set: StatefulSet) {
        let key = object_key(
            &stateful_set.metadata.namespace,
            &stateful_set.metadata.name,
        );
        let next = match self.state.stateful_sets.get(&key) {
            Some(current) => {
                let old = &current.stateful_set;
                let generation = current.generation() + i64::from(old.spec != stateful_set.spec);
                let mut next = StatefulSetState {
                    stateful_set,
                    created: current.created,
                    revisions: current.revisions.clone(),
                };
                next.stateful_set.status = old.status.clone();
                next.stateful_set.metadata.generation = Some(generation);
                next
            }
            None => {
                let mut stateful_set = stateful_set;
                give_identity(&mut stateful_set.metadata, "sts");
                StatefulSetState {
                    created: self.created(&stateful_set.metadata),
                    stateful_set,
                    revisions: Vec::new(),
                }
            }
        };
        self.put_stateful_set(Arc::new(next));
    }
}

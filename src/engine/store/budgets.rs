//! PodDisruptionBudget writes as the API server handles them (`podDisruptionBudgetStrategy`).

use std::sync::Arc;

use crate::engine::api::PodDisruptionBudget;

use super::journal::Change;
use super::objects::give_identity;
use super::state::object_key;
use super::Store;

impl Store {
    /// Writes a new version of a PodDisruptionBudget (its status, as the disruption
    /// controller and the eviction API do).
    pub fn put_pod_disruption_budget(&mut self, pdb: Arc<PodDisruptionBudget>) {
        let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
        if self.state.pod_disruption_budgets.get(&key) == Some(&pdb) {
            return;
        }
        self.state
            .pod_disruption_budgets
            .insert(key.clone(), pdb.clone());
        self.entry()
            .changes
            .push(Change::PodDisruptionBudget(key, Some(pdb)));
    }

    /// Creates or updates a PodDisruptionBudget as the API server does: an update keeps the
    /// status and bumps the generation when the spec changes. A new one read from a cluster
    /// keeps its `metadata.generation` (1 when it states none) and its `status`.
    pub fn apply_pod_disruption_budget(&mut self, pdb: PodDisruptionBudget) {
        let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
        let next = match self.state.pod_disruption_budgets.get(&key) {
            Some(current) => {
                let changed = current.spec != pdb.spec;
                let generation = current.metadata.generation.unwrap_or(1) + i64::from(changed);
                let mut next = pdb;
                next.status = current.status.clone();
                next.metadata.uid = current.metadata.uid.clone();
                next.metadata.generation = Some(generation);
                next
            }
            None => {
                let mut pdb = pdb;
                give_identity(&mut pdb.metadata, "pdb");
                pdb
            }
        };
        self.put_pod_disruption_budget(Arc::new(next));
    }

    /// Deletes a PodDisruptionBudget; false when there is none.
    pub fn delete_pod_disruption_budget(&mut self, key: &str) -> bool {
        if self.state.pod_disruption_budgets.remove(key).is_none() {
            return false;
        }
        self.entry()
            .changes
            .push(Change::PodDisruptionBudget(key.to_string(), None));
        true
    }
}

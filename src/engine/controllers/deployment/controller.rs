//! `syncDeployment` over the store (`pkg/controller/deployment/deployment_controller.go` and
//! `sync.go`, Kubernetes v1.35): claim the ReplicaSets (`getReplicaSetsForDeployment`),
//! find or create the new ReplicaSet (`getAllReplicaSetsAndSyncRevision`), then the path
//! `syncDeployment` takes (status only while being deleted, `sync` when paused or scaled,
//! a rollback, a Recreate or a RollingUpdate rollout) with the pure plans beside this file,
//! and the status (`syncRolloutStatus` with its progress deadline, or `calculateStatus`).
//!
//! The writes go through the store as upstream's go through the API server: a ReplicaSet
//! created or scaled as an update (its generation bumps), the Deployment's status and
//! revision annotation as a status update (no generation bump), a rollback as an update.
//! Every write of the Deployment or its ReplicaSets marks the Deployment again, as
//! upstream's handlers enqueue it; a sync that writes nothing ends the chain.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::api::time::UnixMillis;
use crate::engine::api::{controller_of, Deployment, Pod, ReplicaSet};
use crate::engine::controllers::daemonset::controller::selector_matches;
use crate::engine::controllers::replicaset::sync::pod_object;
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::is_empty_selector;
use crate::engine::store::journal::Action;
use crate::engine::store::state::{object_key, DeploymentState, ReplicaSetState};
use crate::engine::store::wake::Wake;
use crate::engine::store::Store;
use crate::engine::time::{rfc3339_at, timestamp, Millis};

use super::new_replica_set::{
    controller_ref, get_all_replica_sets_and_sync_revision, NewReplicaSetWrite,
};
use super::progress::{requeue_stuck_deployment, sync_rollout_status, Requeue};
use super::recreate::rollout_recreate;
use super::rollback::rollback;
use super::rolling::rollout_rolling;
use super::sync::{
    calculate_status, check_paused_conditions, sync_path, sync_scaled_or_paused, ReplicaSetUpdate,
    SyncPath, SCALING_REPLICA_SET_REASON,
};
use super::util::equal_ignore_hash;

/// The component the Deployment controller's events name.
pub const SOURCE: &str = "deployment-controller";

/// How long after a rate-limited requeue ([`Requeue::Now`]) the Deployment is synced again.
const RATE_LIMITED_REQUEUE: Millis = 1_000;

/// The Deployment controller. Its state is the store's: it keeps no bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct DeploymentController;

/// One sync in progress: the Deployment as the sync changes it and its ReplicaSets as
/// claimed and written so far.
struct Sync<'a> {
    store: &'a mut Store,
    key: String,
    created: crate::engine::time::Timestamp,
    deployment: Deployment,
    replica_sets: Vec<ReplicaSet>,
    now: UnixMillis,
}

/// The new ReplicaSet (if any) and the old ones, as `getAllReplicaSetsAndSyncRevision`
/// returns them.
type NewAndOld = (Option<ReplicaSet>, Vec<ReplicaSet>);

impl DeploymentController {
    /// One `syncDeployment` of the Deployment `key`.
    pub fn sync(&mut self, store: &mut Store, key: &str) {
        let Some(current) = store.state().deployments.get(key).cloned() else {
            return;
        };
        let now = store.state().run_start + timestamp(store.now());
        let mut sync = Sync {
            store,
            key: key.to_string(),
            created: current.created,
            deployment: current.deployment.clone(),
            replica_sets: Vec::new(),
            now,
        };
        let generation = current.generation();
        let selector = sync.deployment.spec.selector.clone().unwrap_or_default();
        if is_empty_selector(&selector) {
            sync.event(
                EventType::Warning,
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required."
                    .to_string(),
            );
            if sync.deployment.status.observed_generation < generation {
                sync.deployment.status.observed_generation = generation;
                sync.write_deployment();
            }
            return;
        }
        sync.claim_replica_sets(&current);
        if sync.deployment.metadata.deletion_timestamp.is_some() {
            if let Ok((new_rs, old)) = sync.new_and_old(false) {
                sync.write_status(new_rs.as_ref(), &old, false);
            }
            return;
        }
        if check_paused_conditions(&mut sync.deployment, now) {
            sync.write_deployment();
        }
        let Ok((new_rs, old)) = sync.new_and_old(false) else {
            return;
        };
        let old_refs: Vec<&ReplicaSet> = old.iter().collect();
        let path = match sync_path(&sync.deployment, new_rs.as_ref(), &old_refs) {
            Ok(path) => path,
            Err(_) => return,
        };
        match path {
            SyncPath::StatusOnly => sync.write_status(new_rs.as_ref(), &old, false),
            SyncPath::Scale => {
                let plan = sync_scaled_or_paused(&sync.deployment, new_rs.as_ref(), &old_refs);
                sync.apply_updates(&plan.updates);
                sync.delete_replica_sets(&plan.deletions);
                sync.write_status(new_rs.as_ref(), &old, false);
            }
            SyncPath::Rollback(revision) => sync.rollback(new_rs, old, revision),
            SyncPath::Recreate => sync.rollout_recreate(new_rs, old),
            SyncPath::RollingUpdate => sync.rollout_rolling(new_rs, old),
        }
    }
}

impl Sync<'_> {
    /// Records an event on the Deployment.
    fn event(&mut self, type_: EventType, reason: &'static str, message: String) {
        let object = ObjectRef::deployment(&self.deployment);
        self.store
            .record_event(type_, reason, object, SOURCE, message);
    }

    /// Writes the Deployment as the sync has it (a status update: its status and revision
    /// annotation).
    fn write_deployment(&mut self) {
        self.store.put_deployment(Arc::new(DeploymentState {
            deployment: self.deployment.clone(),
            created: self.created,
        }));
    }

    /// `getReplicaSetsForDeployment` (`ClaimReplicaSets`): the ReplicaSets of the namespace
    /// it controls stay its own while its selector matches them and are released when it
    /// no longer does; orphans it matches are adopted unless it is being deleted.
    fn claim_replica_sets(&mut self, current: &DeploymentState) {
        let d = &current.deployment;
        let selector = d.spec.selector.clone().unwrap_or_default();
        let candidates: Vec<Arc<ReplicaSetState>> = self
            .store
            .state()
            .replica_sets
            .values()
            .filter(|rs| rs.replica_set.metadata.namespace == d.metadata.namespace)
            .cloned()
            .collect();
        for state in candidates {
            let mut rs = state.replica_set.clone();
            let matches = selector_matches(&selector, &rs.metadata.labels);
            let references = &rs.metadata.owner_references;
            let controller = controller_of(references);
            let names_us =
                controller.is_some_and(|o| o.kind == "Deployment" && o.name == d.metadata.name);
            if state.owner.as_deref() == Some(self.key.as_str()) {
                if matches {
                    self.replica_sets.push(rs);
                    continue;
                }
                rs.metadata
                    .owner_references
                    .retain(|o| o.controller != Some(true));
                self.store.apply_replica_set(rs);
            } else if state.owner.is_none()
                && matches
                && rs.metadata.deletion_timestamp.is_none()
                && d.metadata.deletion_timestamp.is_none()
                && (controller.is_none() || names_us)
            {
                if !names_us {
                    rs.metadata.owner_references.push(controller_ref(d));
                }
                self.store.apply_replica_set(rs);
                if let Some(adopted) = self.store.state().replica_sets.get(&state.key()) {
                    self.replica_sets.push(adopted.replica_set.clone());
                }
            }
        }
    }

    /// `getAllReplicaSetsAndSyncRevision`, with its writes: the new ReplicaSet's updated
    /// annotations, or its creation (and its event), and the Deployment's revision and
    /// Progressing condition. A name taken by another ReplicaSet (a hash collision) bumps
    /// `collisionCount` and fails the sync, which runs again with the new hash.
    fn new_and_old(&mut self, create: bool) -> Result<NewAndOld, ()> {
        let all: Vec<&ReplicaSet> = self.replica_sets.iter().collect();
        let (plan, old) =
            get_all_replica_sets_and_sync_revision(&mut self.deployment, &all, create, self.now)
                .map_err(|_| ())?;
        let old: Vec<ReplicaSet> = old.into_iter().cloned().collect();
        let Some(mut new_rs) = plan.new_rs else {
            return Ok((None, old));
        };
        match plan.write {
            NewReplicaSetWrite::None => {}
            NewReplicaSetWrite::Update => {
                self.store.apply_replica_set(new_rs.clone());
                self.replace(&new_rs);
                return Ok((Some(new_rs), old));
            }
            NewReplicaSetWrite::Create => {
                let key = object_key(&new_rs.metadata.namespace, &new_rs.metadata.name);
                if let Some(existing) = self.store.state().replica_sets.get(&key) {
                    let ours = existing.owner.as_deref() == Some(self.key.as_str())
                        && equal_ignore_hash(
                            &existing.replica_set.spec.template,
                            &self.deployment.spec.template,
                        );
                    if !ours {
                        let status = &mut self.deployment.status;
                        status.collision_count = Some(status.collision_count.unwrap_or(0) + 1);
                        self.write_deployment();
                        return Err(());
                    }
                }
                let run_start = self.store.state().run_start;
                new_rs.metadata.creation_timestamp =
                    Some(rfc3339_at(timestamp(self.store.now()), run_start));
                self.store.apply_replica_set(new_rs.clone());
                if let Some(stored) = self.store.state().replica_sets.get(&key) {
                    new_rs = stored.replica_set.clone();
                }
                self.replica_sets.push(new_rs.clone());
                if let Some(message) = plan.event {
                    self.store.record_action(Action::Scaled {
                        replica_set: key,
                        from: 0,
                        to: new_rs.spec.replicas,
                    });
                    self.event(EventType::Normal, SCALING_REPLICA_SET_REASON, message);
                }
            }
        }
        if plan.deployment_changed {
            self.write_deployment();
        }
        Ok((Some(new_rs), old))
    }

    /// Replaces the sync's copy of the ReplicaSet named like `rs`.
    fn replace(&mut self, rs: &ReplicaSet) {
        for known in &mut self.replica_sets {
            if known.metadata.name == rs.metadata.name {
                *known = rs.clone();
            }
        }
    }

    /// Writes the ReplicaSet updates (`scaleReplicaSet`): each ReplicaSet's new size and
    /// annotations, and for a new size its `ScalingReplicaSet` event and the action.
    fn apply_updates(&mut self, updates: &[ReplicaSetUpdate]) {
        for update in updates {
            let Some(mut rs) = self
                .replica_sets
                .iter()
                .find(|rs| rs.metadata.name == update.name)
                .cloned()
            else {
                continue;
            };
            update.apply_to(&mut rs);
            let key = object_key(&rs.metadata.namespace, &rs.metadata.name);
            self.store.apply_replica_set(rs.clone());
            self.replace(&rs);
            if let Some(message) = &update.event {
                self.store.record_action(Action::Scaled {
                    replica_set: key,
                    from: update.from,
                    to: update.to,
                });
                self.event(
                    EventType::Normal,
                    SCALING_REPLICA_SET_REASON,
                    message.clone(),
                );
            }
        }
    }

    /// `cleanupDeployment`'s deletions.
    fn delete_replica_sets(&mut self, names: &[String]) {
        let namespace = self.deployment.metadata.namespace.clone();
        for name in names {
            self.store.delete_replica_set(&object_key(&namespace, name));
            self.replica_sets.retain(|rs| rs.metadata.name != *name);
        }
    }

    /// The status from the ReplicaSets as the sync found them (before its own scaling, as
    /// upstream computes it): `syncRolloutStatus` with the progress conditions when
    /// `rollout`, else `syncDeploymentStatus`. Written when it changed; when it did not,
    /// a rollout not yet complete is looked at again when its deadline can pass
    /// (`requeueStuckDeployment`).
    fn write_status(&mut self, new_rs: Option<&ReplicaSet>, old: &[ReplicaSet], rollout: bool) {
        let mut all: Vec<&ReplicaSet> = old.iter().collect();
        all.extend(new_rs);
        let status = if rollout {
            sync_rollout_status(&all, new_rs, &self.deployment, self.now)
        } else {
            calculate_status(&all, new_rs, &self.deployment, self.now)
        };
        if status != self.deployment.status {
            self.deployment.status = status;
            self.write_deployment();
            return;
        }
        if !rollout {
            return;
        }
        let delay = match requeue_stuck_deployment(&self.deployment, &status, self.now) {
            Requeue::Never => return,
            Requeue::Now => RATE_LIMITED_REQUEUE,
            after => after.delay().unwrap_or(RATE_LIMITED_REQUEUE),
        };
        let at = self.store.now().saturating_add(delay);
        self.store
            .wake_at(at, Wake::DeploymentResync(self.key.clone()));
    }

    /// `rollback`: the Deployment takes the revision's template (an update of the
    /// Deployment, which bumps its generation) and the request is cleared; the event says
    /// what happened.
    fn rollback(&mut self, new_rs: Option<ReplicaSet>, old: Vec<ReplicaSet>, revision: i64) {
        let (new_rs, old) = match new_rs {
            Some(rs) => (Some(rs), old),
            None => match self.new_and_old(true) {
                Ok(found) => found,
                Err(()) => return,
            },
        };
        let mut all: Vec<&ReplicaSet> = old.iter().collect();
        all.extend(new_rs.as_ref());
        let event = rollback(&mut self.deployment, &all, revision);
        let type_ = match event.type_ {
            "Warning" => EventType::Warning,
            _ => EventType::Normal,
        };
        self.event(type_, event.reason, event.message);
        self.store.apply_deployment(self.deployment.clone());
    }

    /// `rolloutRecreate`: scale the old ReplicaSets down, wait for their pods to stop, then
    /// create or scale up the new one.
    fn rollout_recreate(&mut self, new_rs: Option<ReplicaSet>, old: Vec<ReplicaSet>) {
        let objects: Vec<(String, Vec<Pod>)> = self
            .replica_sets
            .iter()
            .map(|rs| {
                let key = object_key(&rs.metadata.namespace, &rs.metadata.name);
                let run_start = self.store.state().run_start;
                let pods = self
                    .store
                    .pods_of_replica_set(&key)
                    .map(|p| pod_object(p, run_start))
                    .collect();
                (rs.metadata.name.clone(), pods)
            })
            .collect();
        let pods_by_owner: BTreeMap<String, Vec<&Pod>> = objects
            .iter()
            .map(|(name, pods)| (name.clone(), pods.iter().collect()))
            .collect();
        let old_refs: Vec<&ReplicaSet> = old.iter().collect();
        let plan = rollout_recreate(&self.deployment, new_rs.as_ref(), &old_refs, &pods_by_owner);
        self.apply_updates(&plan.updates);
        let (new_rs, old) = if plan.create_new_replica_set.is_some() {
            match self.new_and_old(true) {
                Ok(found) => found,
                Err(()) => return,
            }
        } else {
            (new_rs, old)
        };
        self.delete_replica_sets(&plan.deletions);
        self.write_status(new_rs.as_ref(), &old, true);
    }

    /// `rolloutRolling`: create the new ReplicaSet if there is none, then scale it up, or
    /// the old ones down, or clean up a completed rollout's history.
    fn rollout_rolling(&mut self, new_rs: Option<ReplicaSet>, old: Vec<ReplicaSet>) {
        let (new_rs, old) = match new_rs {
            Some(rs) => (Some(rs), old),
            None => match self.new_and_old(true) {
                Ok(found) => found,
                Err(()) => return,
            },
        };
        let Some(new_rs) = new_rs else {
            return;
        };
        let old_refs: Vec<&ReplicaSet> = old.iter().collect();
        if let Ok(plan) = rollout_rolling(&self.deployment, &new_rs, &old_refs) {
            self.apply_updates(&plan.updates);
            self.delete_replica_sets(&plan.deletions);
        }
        self.write_status(Some(&new_rs), &old, true);
    }
}

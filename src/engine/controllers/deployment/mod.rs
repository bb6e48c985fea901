//! The Deployment controller's pure rules (`pkg/controller/deployment`, Kubernetes v1.35):
//! each function takes a Deployment and its ReplicaSets (and the time, where upstream reads
//! the clock) and returns what a sync would do: which ReplicaSet goes from what size to what,
//! with the event upstream records, and the status and conditions it writes. A later slice
//! runs them over the store.
//!
//! * [`util`]: `deployment_util.go`: revisions, replica annotations, fenceposts, new and old
//!   ReplicaSets, counts and proportions;
//! * [`conditions`]: the conditions, their reasons and messages, and the rollout verdicts;
//! * [`new_replica_set`]: `sync.go`'s `getNewReplicaSet`: the new ReplicaSet, found or
//!   created, and the revision;
//! * [`sync`]: `sync.go` and `syncDeployment`'s choice of path: scaling a ReplicaSet and
//!   its event, proportional scaling, clean-up of old ReplicaSets, paused conditions, the
//!   status;
//! * [`rolling`]: `rolling.go`: the rolling update's scale up and scale down;
//! * [`recreate`]: `recreate.go`: the Recreate strategy;
//! * [`progress`]: `progress.go`: the Progressing condition and the stuck-rollout re-check;
//! * [`rollback`]: `rollback.go`: which revision a rollback goes to and its events;
//! * [`controller`]: `syncDeployment` over the store, with these plans.

pub mod conditions;
pub mod controller;
pub mod new_replica_set;
pub mod progress;
pub mod recreate;
pub mod rollback;
pub mod rolling;
pub mod sync;
pub mod util;

#[cfg(test)]
mod testing;

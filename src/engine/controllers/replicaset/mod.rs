//! The ReplicaSet controller's pure rules (`pkg/controller/replicaset`, Kubernetes v1.35):
//! [`ranking`] orders pods for deletion (`ActivePods`, `ActivePodsWithRanks`,
//! `getPodsToDelete`) and sizes the slow-start creation batches; [`status`] computes the
//! status (`calculateStatus`) and words the events; [`sync`] runs them over the store
//! (`syncReplicaSet`).

pub mod ranking;
pub mod status;
pub mod sync;
#[cfg(test)]
mod sync_tests;

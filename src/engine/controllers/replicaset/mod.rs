//! The ReplicaSet controller's pure rules (`pkg/controller/replicaset`, Kubernetes v1.35):
//! [`ranking`] orders pods for deletion (`ActivePods`, `ActivePodsWithRanks`,
//! `getPodsToDelete`) and sizes the slow-start creation batches; [`status`] computes the
//! status (`calculateStatus`) and words the events.

pub mod ranking;
pub mod status;

//! The ReplicaSet controller's pure rules (`pkg/controller/replicaset`, Kubernetes v1.35):
//! [`ranking`] orders pods for deletion (`ActivePods`, `ActivePodsWithRanks`,
//! `getPodsToDelete`) and sizes the slow-start creation batches.

pub mod ranking;

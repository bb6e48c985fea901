//! The disruption controller (`pkg/controller/disruption`): for each PodDisruptionBudget,
//! how many of its pods are expected and healthy, how many disruptions it allows now,
//! and its `DisruptionAllowed` condition; and the eviction API
//! (`pkg/registry/core/pod/storage/eviction.go`), which checks and spends those
//! disruptions before it deletes a pod.
//!
//! * [`budget`]: the controller's pure rules (expected pods, healthy pods, the status,
//!   `disruptedPods` and its expiry, the events);
//! * [`eviction`]: the eviction API's answer for one pod.

pub mod budget;
pub mod eviction;

#[cfg(test)]
mod budget_tests;
#[cfg(test)]
mod eviction_tests;

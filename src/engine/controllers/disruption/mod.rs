//! The disruption controller (`pkg/controller/disruption`): for each PodDisruptionBudget,
//! how many of its pods are expected and healthy, how many disruptions it allows now,
//! and its `DisruptionAllowed` condition. The eviction API, which checks and spends those
//! disruptions before it deletes a pod, is the store's ([`crate::engine::store::eviction`]).
//!
//! * [`controller`]: the controller's sync over the store, and its reset of a pod's stale
//!   `DisruptionTarget` condition;
//! * [`budget`]: the controller's pure rules (expected pods, healthy pods, the status,
//!   `disruptedPods` and its expiry, the events).

pub mod budget;
pub mod controller;

#[cfg(test)]
mod budget_tests;
#[cfg(test)]
mod controller_tests;

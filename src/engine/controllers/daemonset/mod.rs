//! The DaemonSet controller (`pkg/controller/daemon`): [`sync::DaemonSetController`] runs
//! `syncDaemonSet` over the store; the pure functions it plans with sit beside it: which
//! nodes should run a daemon pod, `manage()`, the rolling update, history and status.

pub mod controller;
pub mod eligibility;
pub mod history;
pub mod status;
pub mod sync;
#[cfg(test)]
mod sync_tests;
pub mod tolerations;
pub mod update;
#[cfg(test)]
mod update_tests;

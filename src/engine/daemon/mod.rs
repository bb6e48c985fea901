//! The DaemonSet controller: which nodes should run a daemon pod, manage(), rolling update, history and status.

pub mod controller;
pub mod eligibility;
pub mod history;
pub mod status;
pub mod tolerations;
pub mod update;

//! The DaemonSet controller: which nodes should run a daemon pod, manage(), rolling update, history and status.

pub mod eligibility;
pub mod tolerations;

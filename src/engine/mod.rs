//! The simulation engine: pure Rust, deterministic, no web or UI crates and no wall clock.
//!
//! * [`api`]: the object model (Node, Pod, DaemonSet, PriorityClass, quantities).
//! * [`yaml`]: YAML text to objects, with defaulting, validation and positioned messages,
//!   and objects back to YAML.
//! * [`scheduler`]: the default scheduler's filter and score plugins, the
//!   FailedScheduling message and preemption.
//! * [`controllers`]: the control loops (the DaemonSet controller: eligibility, manage,
//!   rolling update, history).
//! * [`explain`]: per (workload, node) check lists for the "why" views.
//! * [`sim`]: the discrete-event simulation of a small control plane and its timeline.
//! * [`kubectl`]: `kubectl`-style text views rendered from simulation state.
//! * [`limits`]: the documented input and simulation limits.

pub mod api;
pub mod controllers;
pub mod explain;
pub mod export;
pub mod kubectl;
pub mod limits;
pub mod scheduler;
pub mod sim;
pub mod sort;
pub mod store;
pub mod time;
pub mod yaml;

/// The Kubernetes release whose behaviour and messages the engine follows.
pub const KUBERNETES_VERSION: &str = "v1.35";

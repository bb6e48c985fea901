//! The simulation engine: pure Rust, deterministic, no web or UI crates and no wall clock.
//!
//! From the object model up to the views (a module imports only modules listed before it,
//! or beside it in the same layer; `tests/architecture.rs` checks that order, that no two
//! files import each other, directly or round a loop, and that no file grows past 1,000
//! lines):
//!
//! * [`api`]: the object model (Node, Pod, DaemonSet, PriorityClass, quantities), and
//!   [`time`]: virtual time and its text forms.
//! * [`quote`], [`diagnostic`], [`key_map`], [`object_map`], [`name_table`], [`sorting`]:
//!   leaves every layer uses (Go's quoting, the positioned problem report, hash maps from
//!   object keys kept inline, objects in key order, named things in name order found by
//!   name, stable sorts compiled once).
//! * [`limits`]: the documented input and simulation limits.
//! * [`yaml`]: YAML text to objects, with defaulting, validation and positioned messages,
//!   and objects back to YAML.
//! * [`scheduler`]: the default scheduler's filter and score plugins, the
//!   FailedScheduling message and preemption.
//! * [`store`]: the object store the control loops share: the cluster state, its indexes,
//!   the API server's semantics of every write, and the record of every write and event.
//! * [`controllers`]: the control loops, one module each (DaemonSet controller, scheduler
//!   loop, kubelet, node lifecycle, taint eviction), meeting only in the store, and the
//!   Deployment and ReplicaSet controllers' pure rules.
//! * [`sim`]: the discrete-event simulation that drives them (clock, wake-ups, scenarios)
//!   and its recorded timeline.
//! * [`explain`]: per (workload, node) check lists for the "why" views; [`kubectl`]:
//!   `kubectl`-style text views rendered from simulation state (with kubectl's `rollout
//!   history`); [`export`]: YAML and command exports; [`exercise`]: a Scenario's goals
//!   checked against the recorded timeline.

pub mod api;
pub mod controllers;
pub mod diagnostic;
pub mod exercise;
pub mod explain;
pub mod export;
pub mod key_map;
pub mod kubectl;
pub mod limits;
pub mod name_table;
pub mod object_map;
pub mod quote;
pub mod scheduler;
pub mod sim;
pub mod sorting;
pub mod store;
pub mod time;
pub mod yaml;

/// The Kubernetes release whose behaviour and messages the engine follows.
pub const KUBERNETES_VERSION: &str = "v1.35";

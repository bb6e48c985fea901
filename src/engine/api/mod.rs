//! The engine's model of the Kubernetes objects it simulates.
//!
//! Field names follow the upstream API (`core/v1`, `apps/v1`, `policy/v1`, `scheduling/v1`) in
//! snake_case; the YAML layer maps them to and from camelCase. Only what the simulation
//! uses is modelled as typed data; other valid upstream fields are kept verbatim in
//! `extra` so that export round-trips them. [`resource`] holds the pod resource helpers
//! that defaulting and the scheduler share (upstream `component-helpers/resource`).

pub mod goals;
pub mod match_label_keys;
pub mod policy;
pub mod quantity;
pub mod resource;
pub mod scenario;
pub mod scheduler_config;
pub mod shared;
pub mod sorted_map;
pub mod taint_text;
pub mod time;
pub mod types;
pub mod validation;
pub mod workload_ref;
pub mod workloads;

pub use policy::*;
pub use quantity::Quantity;
pub use shared::Shared;
pub use sorted_map::SortedMap;
pub use types::*;

/// The kinds of the API objects kubeplay simulates (kubeplay's own `Scenario` aside).
pub const OBJECT_KINDS: &[&str] = &[
    "Node",
    "Pod",
    "DaemonSet",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "PodDisruptionBudget",
    "PriorityClass",
];
pub use workloads::*;

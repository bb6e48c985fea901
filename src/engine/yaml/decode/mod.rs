//! Decoding positioned YAML nodes into the typed object model, with strict field checking:
//! unknown fields warn (with a "did you mean"), wrong types are errors.
//!
//! [`fields`] reads one mapping and [`scalar`] one value; [`common`] decodes what several
//! kinds share (metadata, selectors, conditions, taint effects); one module per kind
//! decodes its object.

pub mod common;
pub mod daemon_set;
pub mod deployment;
pub mod fields;
pub mod node;
pub mod pod;
pub mod pod_disruption_budget;
pub mod priority_class;
pub mod replica_set;
pub mod scalar;
pub mod scheduler_configuration;
pub mod stateful_set;

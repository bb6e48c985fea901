//! Validation with the API server's field paths and messages
//! (`pkg/apis/core/validation`, `pkg/apis/apps/validation`, `pkg/apis/policy/validation`,
//! `staging/src/k8s.io/apimachinery/pkg/util/validation`).
//!
//! apimachinery's name and label checks are in [`crate::engine::api::validation`]; [`common`] the `field.Error`
//! wording and the metadata checks every kind shares, [`resources`] the resource-name and
//! quantity checks, [`apps`] what the apps/v1 workloads share; one module per kind
//! validates its object.

pub mod apps;
pub mod common;
pub mod daemon_set;
pub mod deployment;
pub mod node;
pub mod pod;
pub mod pod_disruption_budget;
pub mod priority_class;
pub mod replica_set;
pub mod resources;
pub mod stateful_set;

//! Validation with the API server's field paths and messages
//! (`pkg/apis/core/validation`, `pkg/apis/apps/validation`,
//! `staging/src/k8s.io/apimachinery/pkg/util/validation`).
//!
//! [`names`] holds apimachinery's name and label checks, [`common`] the `field.Error`
//! wording and the metadata checks every kind shares, [`resources`] the resource-name and
//! quantity checks; one module per kind validates its object.

pub mod common;
pub mod daemon_set;
pub mod names;
pub mod node;
pub mod pod;
pub mod priority_class;
pub mod resources;

//! kubeplay: a Kubernetes DaemonSet scheduling and rollout playground.
//!
//! * [`engine`]: the pure-Rust simulation (objects, scheduler, controllers, timeline).
//! * [`ui`]: the Yew playground that renders the engine's state.
//! * [`cli`]: the native command-line tool over the same engine.

pub mod cli;
pub mod engine;
pub mod ui;

//! kubeplay: a Kubernetes scheduling and rollout playground.
//!
//! * [`engine`]: the pure-Rust simulation (objects, scheduler, controllers, timeline).
//! * [`ui`]: the Yew playground that renders the engine's state.
//! * [`cli`]: the native command-line tool over the same engine.
//! * [`protocol`]: the typed requests and replies between the page and the engine worker.
//! * [`worker`]: the engine's side of that protocol (run in a Web Worker).

pub mod cli;
pub mod engine;
pub mod protocol;
pub mod ui;
pub mod worker;

//! The deterministic discrete-event simulation: virtual clock, scheduler and kubelet models, node lifecycle, scenarios and the recorded timeline.
pub mod adapters;
pub mod engine;
pub mod state;
pub mod time;
pub mod timeline;

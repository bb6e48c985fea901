//! The deterministic discrete-event simulation: the [`driver`] that runs the
//! [`crate::engine::controllers`] over the store on a virtual clock, scenarios, and the
//! recorded timeline.
//!
//! [`Simulation::run`] loads the initial objects, plays the Scenario steps and returns a
//! [`Timeline`]: one [`timeline::Frame`] per processed event, controller sync, scheduling
//! attempt or step, and any state rebuilt on demand with [`Timeline::state_at`].
//! [`Simulation::resume`] starts a new run from a recorded state (after a user edit).

pub mod cluster;
pub mod drain;
pub mod driver;
pub mod rollout_steps;
pub mod scenario;
pub mod status_viewers;
pub mod timeline;
pub mod wake_queue;

pub use driver::{Config, Engine};
pub use scenario::Simulation;
pub use status_viewers::rollout_status;
pub use timeline::{Frame, FrameKind, Timeline};

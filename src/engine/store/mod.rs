//! The object store: the cluster state every control loop reads and writes, its indexes,
//! and the record of every write.

pub mod events;
pub mod index;
pub mod journal;
pub mod scheduler_view;
pub mod state;

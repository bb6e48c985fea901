//! The StatefulSet controller (`pkg/controller/statefulset/`, Kubernetes v1.35): pods with
//! ordinals created in order (`OrderedReady`) or all at once (`Parallel`), deleted from the
//! highest ordinal, replaced in reverse ordinal order down to the partition on a rolling
//! update, with the set's ControllerRevisions.
//!
//! * [`utils`]: ordinals, names, claims and the pods' identity (`stateful_set_utils.go`);
//! * [`control`]: `updateStatefulSet` as a pure plan (`stateful_set_control.go`);
//! * [`history`]: the revisions, `kubectl rollout undo` and `rollout history`;
//! * [`sync`]: `syncStatefulSet` over the store, with upstream's events.

pub mod control;
pub mod history;
pub mod sync;
pub mod utils;

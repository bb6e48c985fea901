//! The default scheduler: filter plugins in upstream order, scoring, the FailedScheduling message and preemption.

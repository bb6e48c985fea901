//! The default scheduler: filter plugins in upstream order, scoring, the FailedScheduling
//! message and preemption.
//!
//! * [`corev1`]: toleration and node-selector matching shared with the DaemonSet controller.
//! * [`resources`] and [`node_info`]: pod requests and the incrementally kept cluster view.
//! * [`framework`] and [`detail`]: plugin statuses, with the typed finding behind a failure;
//!   [`explanation`]: what a plugin's explanation of its verdict reads and writes.
//! * [`plugins`] and [`registry`]: one module per filter plugin, listed in order, and the
//!   framework calls that run them (`RunFilterPlugins`, `RunFilterPluginsWithNominatedPods`).
//!   InterPodAffinity and PodTopologySpread count matching pods per topology domain once per
//!   cycle over the whole snapshot (their PreFilter, kept in the [`framework::CycleState`]);
//!   their filters only look those counts up, and the `AddPod` / `RemovePod` extensions keep
//!   them current for nominated pods and preemption's dry run.
//! * [`selector`]: label selectors and pod (anti-)affinity terms as the scheduler reads them.
//! * [`matrix`]: every node's verdict from every filter and score plugin of a pod's profile.
//! * [`profile`] and [`multi_point`]: the profiles of a `KubeSchedulerConfiguration`
//!   (plugins, weights, scoring strategy); a pod's `schedulerName` picks its profile.
//! * [`scoring`], [`fit_error`], [`priority`], [`preemption`], [`schedule`]: the cycle.
//! * [`admission`]: what the kubelet's admission says of a pod that names its node.

pub mod admission;
pub mod corev1;
pub mod detail;
pub mod explanation;
pub mod fit_error;
pub mod framework;
pub mod matrix;
pub mod multi_point;
pub mod node_info;

pub mod plugins;
pub mod preemption;
pub mod priority;
pub mod profile;
pub mod registry;
pub mod resources;
pub mod schedule;
#[cfg(test)]
mod schedule_affinity_tests;
pub mod scoring;
pub mod selector;

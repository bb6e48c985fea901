//! The default scheduler's loop over the store: every pending pod, highest priority first,
//! gets one scheduling cycle ([`crate::engine::scheduler`]'s plugins, FailedScheduling,
//! preemption) against the store's snapshot, and is bound, reported unschedulable or
//! nominated after evicting its victims. A pass is [`Scheduler::start_pass`], one
//! [`Scheduler::schedule`] per pending pod (each a step of the driver, with the reactions
//! to its binding), then [`Scheduler::finish_pass`].

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::scheduler::profile::{Profile, Profiles, DEFAULT_SCHEDULER_NAME};
use crate::engine::scheduler::schedule::schedule_one_in_profile;
use crate::engine::sorting::sort_stably_by_key;
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::scheduler_view::api_pod;
use crate::engine::store::state::{object_key, PodState};
use crate::engine::store::Store;
use crate::engine::time::Millis;

use super::pair_key;

/// Where the scheduler puts a pending pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Bind to this node.
    Bind(String),
    /// No node fits: the FailedScheduling message.
    Unschedulable(String),
    /// No node fits, but evicting `victims` (`namespace/name`) on `node` makes room.
    Preempt {
        /// The nominated node.
        node: String,
        /// Pods to evict.
        victims: Vec<String>,
        /// The FailedScheduling message of this attempt.
        message: String,
    },
}

/// One scheduling cycle of `profile` for `pod` against `snapshot`.
pub fn schedule(profile: &Profile, snapshot: &ClusterSnapshot, pod: &PodState) -> Placement {
    let object = api_pod(pod);
    let outcome = schedule_one_in_profile(profile, &object, snapshot);
    if let Some(node) = outcome.selected_node {
        return Placement::Bind(node);
    }
    let message = outcome.failed_scheduling_message.unwrap_or_default();
    match outcome.preemption {
        Some(p) if p.nominated_node.is_some() => Placement::Preempt {
            node: p.nominated_node.unwrap_or_default(),
            victims: p
                .victims
                .iter()
                .map(|v| object_key(&v.namespace, &v.name))
                .collect(),
            message,
        },
        _ => Placement::Unschedulable(message),
    }
}

/// A pod the scheduler bound: its node, namespace and name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Assumed {
    node: String,
    namespace: String,
    name: String,
}

/// The scheduler's loop. The store keeps its snapshot in key order change by change;
/// within one pass a pod the pass bound goes last on its node (the scheduler's cache adds
/// it there), and key order comes back at the end of the pass or after a preemption.
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    /// FailedScheduling events of the current instant, as [`pair_key`]`(pod, message)`.
    failed_now: (Millis, BTreeSet<String>),
    /// Nodes whose pods this pass left out of key order.
    appended: BTreeSet<String>,
    /// The pod bound last, to move to the end of its node once the reactions to the
    /// binding (which may rewrite the pod) have run.
    assumed: Option<Assumed>,
    /// The scheduler's profiles; a pod naming none of them is another scheduler's and is
    /// left alone.
    pub profiles: Profiles,
}

impl Scheduler {
    /// Starts a pass: the pending pods in scheduling order (priority, then age, then key).
    pub fn start_pass(&mut self, store: &mut Store) -> Vec<Arc<PodState>> {
        store.dirty.scheduler = false;
        // The store lists them in key order, and the sort is stable: pods of the same
        // priority and age stay in key order.
        let mut pending = store.pending_pods();
        sort_stably_by_key(&mut pending, &|pod| {
            (Reverse(pod.pod.spec.priority.unwrap_or(0)), pod.created)
        });
        pending
    }

    /// One scheduling attempt for the pending pod `key`.
    pub fn schedule(&mut self, store: &mut Store, key: &str) {
        self.place_assumed_last(store);
        let Some(current) = store.pod(key).cloned() else {
            return;
        };
        let Some(profile) = self.profiles.for_pod(&current.pod) else {
            return;
        };
        // Each profile records its events under its own name (`NewRecorderFactory`).
        let scheduler = profile.scheduler_name.clone();
        match schedule(profile, store.scheduler_view(), &current) {
            Placement::Bind(node) => {
                bind(store, &current, &node, &scheduler);
                self.assumed = Some(Assumed {
                    node: node.clone(),
                    namespace: current.pod.metadata.namespace.clone(),
                    name: current.name().to_string(),
                });
                self.appended.insert(node);
            }
            Placement::Unschedulable(message) => {
                // The same FailedScheduling event at the same instant is not repeated.
                let repeated = self.failed_now.0 == store.now()
                    && self
                        .failed_now
                        .1
                        .contains(&pair_key(current.key(), &message));
                if !repeated {
                    self.failed_scheduling(store, &current, message, &scheduler);
                }
            }
            Placement::Preempt {
                node,
                victims,
                message,
            } => {
                self.failed_scheduling(store, &current, message, &scheduler);
                let uid = current.pod.metadata.uid.clone().unwrap_or_default();
                for victim in victims {
                    if let Some(v) = store.pod(&victim).cloned() {
                        store.record_event(
                            EventType::Normal,
                            "Preempted",
                            ObjectRef::pod(&v),
                            event_source(&scheduler),
                            format!("Preempted by pod {uid} on node {node}"),
                        );
                        store.delete_pod(&victim);
                    }
                }
                let mut next = (*current).clone();
                next.nominated_node = Some(node);
                store.put_pod(next);
                self.restore_key_order(store);
            }
        }
    }

    /// Ends a pass: every node's pods are in key order again.
    pub fn finish_pass(&mut self, store: &mut Store) {
        self.place_assumed_last(store);
        self.restore_key_order(store);
        store.dirty.scheduler = false;
    }

    /// Records a FailedScheduling event from the profile `scheduler`, remembered for the
    /// rest of the instant.
    fn failed_scheduling(
        &mut self,
        store: &mut Store,
        pod: &PodState,
        message: String,
        scheduler: &str,
    ) {
        let now = store.now();
        if self.failed_now.0 != now {
            self.failed_now = (now, BTreeSet::new());
        }
        self.failed_now.1.insert(pair_key(pod.key(), &message));
        store.record_event(
            EventType::Warning,
            "FailedScheduling",
            ObjectRef::pod(pod),
            event_source(scheduler),
            message,
        );
    }

    /// Moves the pod bound last to the end of its node.
    fn place_assumed_last(&mut self, store: &mut Store) {
        if let Some(assumed) = self.assumed.take() {
            if let Some(info) = store.scheduler_view_mut().node_mut(&assumed.node) {
                info.move_pod_to_end(&assumed.namespace, &assumed.name);
            }
        }
    }

    /// Puts the pods of the nodes this pass appended to back in key order.
    fn restore_key_order(&mut self, store: &mut Store) {
        for name in std::mem::take(&mut self.appended) {
            if let Some(info) = store.scheduler_view_mut().node_mut(&name) {
                info.sort_pods_by_key();
            }
        }
    }
}

/// The source of the events of the profile named `scheduler` (the default profile's name
/// is shared, not copied into every event).
fn event_source(scheduler: &str) -> Cow<'static, str> {
    if scheduler == DEFAULT_SCHEDULER_NAME {
        Cow::Borrowed(DEFAULT_SCHEDULER_NAME)
    } else {
        Cow::Owned(scheduler.to_string())
    }
}

/// Binds `pod` to `node` with the `Scheduled` event from the profile `scheduler`; the node's
/// kubelet takes it from there.
fn bind(store: &mut Store, pod: &PodState, node: &str, scheduler: &str) {
    let mut next = pod.clone();
    Arc::make_mut(&mut next.pod).spec.node_name = node.to_string();
    next.nominated_node = None;
    next.waiting_reason = Some("ContainerCreating");
    store.record_event(
        EventType::Normal,
        "Scheduled",
        ObjectRef::pod(&next),
        event_source(scheduler),
        format!(
            "Successfully assigned {}/{} to {}",
            next.pod.metadata.namespace,
            next.name(),
            node
        ),
    );
    store.bind_pod(next);
}

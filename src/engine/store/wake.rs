//! Timed wake-ups: what a controller asks to be woken for, and when. Controllers queue them
//! through [`super::Store::wake_at`]; the simulation's driver keeps them in time order and
//! hands each back to the controller it names when the clock gets there.

use crate::engine::key_map::Key;

/// A pod timer: the pod's key and the incarnation it was set for. A pod deleted and created
/// again under the same name has a new uid, so timers of the old one are dropped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PodTimer {
    /// `namespace/name`, kept in the timer itself (the wake-up reads no text elsewhere).
    pub key: Key,
    /// The incarnation ([`super::Store::uid_of`]) the timer was set for.
    pub uid: u64,
}

impl PodTimer {
    /// A timer of the pod `key`, incarnation `uid`.
    pub fn new(key: &str, uid: u64) -> PodTimer {
        PodTimer {
            key: Key::from(key),
            uid,
        }
    }
}

/// The kubelet's steps on a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KubeletStep {
    /// The image pull finished (or failed).
    PullDone,
    /// `ErrImagePull` turns into `ImagePullBackOff`.
    ShowPullBackOff,
    /// The back-off after a failed pull is over: pull again.
    RetryPull,
    /// The containers started.
    Started,
    /// The readiness probe passed.
    Ready,
    /// The container exited.
    Crashed,
    /// The back-off after a crash is over: start again.
    Restart,
}

/// One timed wake-up, named after the controller that handles it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wake {
    /// The kubelet's next step on a pod.
    Kubelet(KubeletStep, PodTimer),
    /// The grace period of a deleted pod is over: the object goes.
    PodGone(PodTimer),
    /// An eviction the taint-eviction controller scheduled is due.
    TaintEviction(PodTimer),
    /// The disruption controller looks again at a pod's `DisruptionTarget=True`
    /// condition, which may be stale now.
    StalePodDisruption(PodTimer),
    /// The DaemonSet controller syncs this DaemonSet (`namespace/name`) again.
    DaemonSetResync(String),
    /// The ReplicaSet controller syncs this ReplicaSet (`namespace/name`) again (its pods
    /// become available after `minReadySeconds`).
    ReplicaSetResync(String),
    /// The Deployment controller syncs this Deployment (`namespace/name`) again (its pods
    /// become available, or its progress deadline may have passed).
    DeploymentResync(String),
    /// The StatefulSet controller syncs this StatefulSet (`namespace/name`) again (its pods
    /// become available after `minReadySeconds`).
    StatefulSetResync(String),
}

impl Wake {
    /// What happened, as the title of the frame that records it (before the object key).
    pub fn title(&self) -> &'static str {
        match self {
            Wake::Kubelet(step, _) => match step {
                KubeletStep::PullDone => "image pulled",
                KubeletStep::ShowPullBackOff => "image pull back-off",
                KubeletStep::RetryPull => "retry image pull",
                KubeletStep::Started => "container started",
                KubeletStep::Ready => "pod ready",
                KubeletStep::Crashed => "container crashed",
                KubeletStep::Restart => "container restarted",
            },
            Wake::PodGone(_) => "pod terminated",
            Wake::TaintEviction(_) => "taint eviction",
            Wake::StalePodDisruption(_) => "stale disruption condition",
            Wake::DaemonSetResync(_)
            | Wake::ReplicaSetResync(_)
            | Wake::DeploymentResync(_)
            | Wake::StatefulSetResync(_) => "resync",
        }
    }
}

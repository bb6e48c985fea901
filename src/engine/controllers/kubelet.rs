//! The kubelet model: on the node a pod is bound to, pull its images (with back-off when a
//! pull fails), start its containers (with back-off when they crash), report it Ready, and
//! stop it when it is deleted. Timings and failures come from the scenario's `kubelet`
//! settings; every step is a timed wake-up through the store.

use std::sync::Arc;

use crate::engine::key_map::{KeyMap, KeySet};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::state::{PodPhase, PodState};
use crate::engine::store::wake::{KubeletStep, PodTimer, Wake};
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::{format_go_duration, timestamp, Millis};

use super::pair_key;

/// What an image does in the kubelet model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFailure {
    /// Pulling fails: ErrImagePull, then ImagePullBackOff.
    PullError,
    /// The container exits right after starting: CrashLoopBackOff.
    Crash,
}

/// Per-image kubelet behaviour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageBehaviour {
    /// The full image reference it applies to.
    pub image: String,
    /// Pull time override, in milliseconds.
    pub pull_ms: Option<Millis>,
    /// Failure injection.
    pub failure: Option<ImageFailure>,
}

/// Timings of the kubelet model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeletConfig {
    /// Default image pull time.
    pub pull_ms: Millis,
    /// ContainerCreating → Running after the pull.
    pub start_ms: Millis,
    /// Running → Ready.
    pub ready_ms: Millis,
    /// Per-image overrides.
    pub images: Vec<ImageBehaviour>,
}

impl Default for KubeletConfig {
    fn default() -> Self {
        KubeletConfig {
            pull_ms: 2_000,
            start_ms: 1_000,
            ready_ms: 1_000,
            images: Vec::new(),
        }
    }
}

/// A deterministic stand-in for the image size the runtime reports.
pub fn image_size(image: &str) -> u64 {
    let h = crate::engine::controllers::util::fnv32a(image.as_bytes()) as u64;
    20_000_000 + h % 180_000_000
}

/// Per-pod bookkeeping that is not part of the API object, for one incarnation.
#[derive(Clone, Debug, Default)]
struct KubeletPod {
    uid: u64,
    backoff_ms: Millis,
    pull_started: Millis,
}

/// The kubelets of every node: their timings, their per-pod bookkeeping and the images
/// each node already has.
#[derive(Clone, Debug, Default)]
pub struct Kubelet {
    config: KubeletConfig,
    pods: KeyMap<KubeletPod>,
    /// Images present on nodes, as [`pair_key`]`(node, image)`.
    node_images: KeySet,
}

/// The images of the pod's containers.
fn images_of(pod: &PodState) -> impl Iterator<Item = &str> + '_ {
    pod.pod.spec.containers.iter().map(|c| c.image.as_str())
}

/// A timer of the kubelet for the pod `key`.
fn timer(store: &Store, step: KubeletStep, key: &str) -> Wake {
    Wake::Kubelet(step, PodTimer::new(key, store.uid_of(key)))
}

impl Kubelet {
    /// Kubelets with these timings and failures.
    pub fn new(config: KubeletConfig) -> Kubelet {
        Kubelet {
            config,
            ..Kubelet::default()
        }
    }

    /// Restarts the kubelet work of pods taken over from a recorded state (pulls in
    /// progress, readiness, termination).
    pub fn resume(&mut self, store: &mut Store) {
        if store.is_manual() {
            return;
        }
        let pods: Vec<Arc<PodState>> = store.state().pods.values().cloned().collect();
        let now = store.now();
        for pod in pods {
            let key = pod.key();
            let uid = store.uid_of(key);
            if pod.node_name().is_empty() {
                continue;
            }
            if let Some(ends) = pod.deletion_ends() {
                // A deletion under way ends when its grace period does.
                store.wake_at(ends.max(now), Wake::PodGone(PodTimer::new(key, uid)));
            } else if pod.phase == PodPhase::Pending {
                self.start_pull(store, key);
            } else if pod.phase == PodPhase::Running && !pod.ready && pod.waiting_reason.is_none() {
                store.wake_at(
                    now.saturating_add(self.config.ready_ms),
                    Wake::Kubelet(KubeletStep::Ready, PodTimer::new(key, uid)),
                );
            }
        }
    }

    /// A timed step on the pod `key` (whose timer is still current); a pod being deleted
    /// gets no further steps.
    pub fn wake(&mut self, store: &mut Store, step: KubeletStep, key: &str) {
        if store.pod(key).is_none_or(|p| p.deletion.is_some()) {
            return;
        }
        match step {
            KubeletStep::PullDone => self.pull_done(store, key),
            KubeletStep::ShowPullBackOff => self.show_pull_backoff(store, key),
            KubeletStep::RetryPull => self.start_pull(store, key),
            KubeletStep::Started | KubeletStep::Restart => self.started(store, key),
            KubeletStep::Ready => self.became_ready(store, key),
            KubeletStep::Crashed => self.crashed(store, key),
        }
    }

    /// The kubelet's pod watch: a pod bound to its node is started; a pod that is gone is
    /// forgotten.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        match notice {
            Notice::PodBound { key } => self.start_pull(store, key),
            Notice::PodRemoved { key, uid, .. } => {
                if self.pods.get(key).is_some_and(|k| k.uid == *uid) {
                    self.pods.remove(key);
                }
            }
            Notice::PodChanged { .. }
            | Notice::PodPlaced { .. }
            | Notice::PodBecameReady { .. } => {}
        }
    }

    fn behaviour(&self, image: &str) -> (Millis, Option<ImageFailure>) {
        let rule = self.config.images.iter().find(|r| r.image == image);
        (
            rule.and_then(|r| r.pull_ms).unwrap_or(self.config.pull_ms),
            rule.and_then(|r| r.failure),
        )
    }

    /// The kubelet's bookkeeping of the pod `key`, fresh for a new incarnation.
    fn bookkeeping(&mut self, store: &Store, key: &str) -> &mut KubeletPod {
        let uid = store.uid_of(key);
        let entry = self.pods.entry(key).or_default();
        if entry.uid != uid {
            *entry = KubeletPod {
                uid,
                ..KubeletPod::default()
            };
        }
        entry
    }

    fn start_pull(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let node = pod.node_name();
        let mut wait = 0;
        for image in images_of(&pod) {
            if self.node_images.contains(&pair_key(node, image)) {
                continue;
            }
            store.record_event(
                EventType::Normal,
                "Pulling",
                ObjectRef::pod(&pod),
                "kubelet",
                format!("Pulling image \"{image}\""),
            );
            wait = wait.max(self.behaviour(image).0);
        }
        let now = store.now();
        self.bookkeeping(store, key).pull_started = now;
        let timer = timer(store, KubeletStep::PullDone, key);
        store.wake_at(now.saturating_add(wait), timer);
    }

    fn pull_done(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let node = pod.node_name();
        let started = self.bookkeeping(store, key).pull_started;
        let now = store.now();
        for image in images_of(&pod) {
            if self.node_images.contains(&pair_key(node, image)) {
                store.record_event(
                    EventType::Normal,
                    "Pulled",
                    ObjectRef::pod(&pod),
                    "kubelet",
                    format!("Container image \"{image}\" already present on machine"),
                );
                continue;
            }
            let (_, failure) = self.behaviour(image);
            if failure == Some(ImageFailure::PullError) {
                store.record_event(
                    EventType::Warning,
                    "Failed",
                    ObjectRef::pod(&pod),
                    "kubelet",
                    format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"),
                );
                store.record_event(
                    EventType::Warning,
                    "Failed",
                    ObjectRef::pod(&pod),
                    "kubelet",
                    "Error: ErrImagePull".to_string(),
                );
                let mut next = (*pod).clone();
                next.waiting_reason = Some("ErrImagePull");
                store.put_pod(next);
                let backoff = self.bump_backoff(store, key);
                let show = timer(store, KubeletStep::ShowPullBackOff, key);
                store.wake_at(now.saturating_add(1), show);
                let retry = timer(store, KubeletStep::RetryPull, key);
                store.wake_at(now.saturating_add(backoff), retry);
                return;
            }
            let took = format_go_duration(now - started);
            store.record_event(
                EventType::Normal,
                "Pulled",
                ObjectRef::pod(&pod),
                "kubelet",
                format!(
                    "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {} bytes.",
                    image_size(image)
                ),
            );
            self.node_images.insert(&pair_key(node, image));
        }
        let started = timer(store, KubeletStep::Started, key);
        store.wake_at(now.saturating_add(self.config.start_ms), started);
    }

    fn bump_backoff(&mut self, store: &Store, key: &str) -> Millis {
        let entry = self.bookkeeping(store, key);
        entry.backoff_ms = if entry.backoff_ms == 0 {
            10_000
        } else {
            (entry.backoff_ms * 2).min(300_000)
        };
        entry.backoff_ms
    }

    fn started(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        let mut crash = false;
        for container in &pod.pod.spec.containers {
            let name = &container.name;
            store.record_event(
                EventType::Normal,
                "Created",
                ObjectRef::pod(&next),
                "kubelet",
                format!("Created container: {name}"),
            );
            store.record_event(
                EventType::Normal,
                "Started",
                ObjectRef::pod(&next),
                "kubelet",
                format!("Started container {name}"),
            );
            crash |= self.behaviour(&container.image).1 == Some(ImageFailure::Crash);
        }
        next.phase = PodPhase::Running;
        next.waiting_reason = None;
        if next.ip.is_none() {
            next.ip = Some(store.next_ip_for_pod(key));
        }
        store.put_pod(next);
        let now = store.now();
        if crash {
            let crashed = timer(store, KubeletStep::Crashed, key);
            store.wake_at(now.saturating_add(1_000), crashed);
        } else {
            let ready = timer(store, KubeletStep::Ready, key);
            store.wake_at(now.saturating_add(self.config.ready_ms), ready);
        }
    }

    fn crashed(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        next.restarts += 1;
        next.waiting_reason = Some("CrashLoopBackOff");
        let name = next
            .pod
            .spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let uid_text = next.pod.metadata.uid.clone().unwrap_or_default();
        store.record_event(
            EventType::Warning,
            "BackOff",
            ObjectRef::pod(&next),
            "kubelet",
            format!(
                "Back-off restarting failed container {name} in pod {}_{}({uid_text})",
                next.pod.metadata.name, next.pod.metadata.namespace
            ),
        );
        store.put_pod(next);
        let backoff = self.bump_backoff(store, key);
        let restart = timer(store, KubeletStep::Restart, key);
        store.wake_at(store.now().saturating_add(backoff), restart);
    }

    fn became_ready(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let node_ready = store.bound_node(key).is_some_and(|n| n.is_ready());
        if pod.ready || !node_ready {
            return;
        }
        let mut next = (*pod).clone();
        next.ready = true;
        next.ready_transition = Some(timestamp(store.now()));
        store.put_pod(next);
        store.notify(Notice::PodBecameReady {
            key: key.to_string(),
        });
    }

    fn show_pull_backoff(&mut self, store: &mut Store, key: &str) {
        let Some(pod) = store.pod(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        next.waiting_reason = Some("ImagePullBackOff");
        for image in images_of(&pod) {
            if self.behaviour(image).1 == Some(ImageFailure::PullError) {
                store.record_event(
                    EventType::Normal,
                    "BackOff",
                    ObjectRef::pod(&pod),
                    "kubelet",
                    format!("Back-off pulling image \"{image}\""),
                );
                store.record_event(
                    EventType::Warning,
                    "Failed",
                    ObjectRef::pod(&pod),
                    "kubelet",
                    "Error: ImagePullBackOff".to_string(),
                );
            }
        }
        store.put_pod(next);
    }

    /// The node `node` is Ready again: its kubelet makes its running pods Ready again.
    pub fn node_ready(&mut self, store: &mut Store, node: &str) {
        let pods: Vec<Arc<PodState>> = store
            .pods_on(node)
            .filter(|p| p.deletion.is_none() && p.phase == PodPhase::Running)
            .collect();
        for pod in pods {
            if pod.waiting_reason.is_none() {
                let ready = timer(store, KubeletStep::Ready, pod.key());
                store.wake_at(store.now().saturating_add(self.config.ready_ms), ready);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;

    fn create(store: &mut Store, name: &str) -> String {
        let mut pod = Pod::default();
        pod.metadata.name = name.to_string();
        let state = store.admit_pod(pod, None).expect("admitted");
        let key = state.key().to_string();
        store.insert_pod(Arc::new(state));
        key
    }

    #[test]
    fn back_off_doubles_up_to_five_minutes_and_starts_afresh_for_a_new_incarnation() {
        let mut store = Store::new(0, 1, false);
        let mut kubelet = Kubelet::default();
        let key = create(&mut store, "p");
        let delays: Vec<Millis> = (0..7).map(|_| kubelet.bump_backoff(&store, &key)).collect();
        assert_eq!(
            delays,
            [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000],
            "doubling, capped"
        );
        store.remove_pod(&key);
        let again = create(&mut store, "p");
        assert_eq!(again, key, "same name");
        assert_eq!(
            kubelet.bump_backoff(&store, &key),
            10_000,
            "a new pod, a new back-off"
        );
    }
}

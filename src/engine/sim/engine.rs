//! The discrete-event engine: a virtual clock, a queue of timed wake-ups, and the control
//! loops that react to every change (DaemonSet controller, scheduler, kubelet, taint
//! eviction, pod garbage collection). Every mutation is recorded into the timeline.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::sync::Arc;

use super::taint_eviction::{self, Verdict};
use crate::engine::api::{
    Condition, DaemonSet, Node, Pod, Taint, TaintEffect, Toleration, TolerationOperator,
};
use crate::engine::daemon::controller::{
    manage, selector_matches, ControllerEvent, EventType, FailedPodsBackoff,
};
use crate::engine::daemon::history::{cleanup_history, construct_history};
use crate::engine::daemon::status::compute_status;
use crate::engine::daemon::update::{rolling_update, NodeDecision};

use super::adapters::{self, Placement};
use super::index::PodIndex;
use super::state::{
    object_key, ClusterState, DaemonSetState, Millis, NodeState, PodPhase, PodState,
    TEMPLATE_GENERATION_ANNOTATION,
};
use super::timeline::{
    Action, Change, Event, Frame, FrameKind, ObjectRef, PodLifecycle, PodTransition, Timeline,
};
use crate::engine::limits;
use crate::engine::scheduler::node_info::ClusterSnapshot;

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

/// Simulation options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Seed of pod-name suffixes.
    pub seed: u64,
    /// Manual mode, as upstream's unit tests: no kubelet, no scheduler, controller syncs only
    /// on request, pods Ready only when marked, deletions immediate.
    pub manual: bool,
    /// Kubelet timings and failure injection.
    pub kubelet: KubeletConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            manual: false,
            kubelet: KubeletConfig::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Wake {
    PullDone(String, u64),
    ShowPullBackOff(String, u64),
    RetryPull(String, u64),
    Started(String, u64),
    Ready(String, u64),
    Crashed(String, u64),
    Restart(String, u64),
    Gone(String, u64),
    Evict(String, u64),
    Sync(String),
}

/// A splitmix64 generator: deterministic pod-name suffixes from the seed.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The alphabet of upstream's random name suffixes.
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Per-pod kubelet bookkeeping that is not part of the API object.
#[derive(Clone, Debug, Default)]
struct KubeletPod {
    uid: u64,
    backoff_ms: Millis,
    pull_started: Millis,
}

/// What a DaemonSet's last `ClaimPods` saw: its selector and the pods of its namespace
/// changed since.
#[derive(Clone, Debug)]
struct ClaimMemo {
    namespace: String,
    selector: crate::engine::api::LabelSelector,
    changed: BTreeSet<String>,
}

/// The node decisions of a DaemonSet's last sync, kept while no node and not its pod
/// template changed (they depend on nothing else).
#[derive(Clone, Debug)]
struct NodeDecisionsMemo {
    /// [`Engine::nodes_version`] when they were made.
    nodes_version: u64,
    /// The pod template they were made for (with the DaemonSet's namespace).
    template: crate::engine::api::PodTemplateSpec,
    namespace: String,
    decisions: Vec<NodeDecision>,
    /// The pod index's numbers of the nodes of `decisions`.
    node_ids: Vec<usize>,
}

/// One set key for a pair whose first part cannot contain NUL (a node name or pod key): the
/// engine's sets of pairs share the code of `BTreeSet<String>`.
fn pair_key(first: &str, second: &str) -> String {
    format!("{first}\0{second}")
}

/// The running simulation.
pub struct Engine {
    pub(crate) state: ClusterState,
    config: Config,
    queue: BinaryHeap<Reverse<(Millis, u64, Wake)>>,
    seq: u64,
    rng: Rng,
    uid: u64,
    /// Failed-pod backoff per DaemonSet (few DaemonSets: a list).
    backoffs: Vec<(String, FailedPodsBackoff)>,
    kubelet: BTreeMap<String, KubeletPod>,
    /// Images present on nodes, as [`pair_key`]`(node, image)`.
    node_images: BTreeSet<String>,
    /// The taint-eviction controller's scheduled evictions (upstream's `TimedWorkerQueue`):
    /// pod key → (created at, fires at).
    evictions: BTreeMap<String, (Millis, Millis)>,
    node_ordinals: BTreeMap<String, u64>,
    ip_counter: u64,
    dirty_ds: BTreeSet<String>,
    dirty_scheduler: bool,
    index: PodIndex,
    sched: ClusterSnapshot,
    /// Claim memo per DaemonSet (few DaemonSets: a list).
    claims: Vec<(String, ClaimMemo)>,
    /// Counts the changes of the node set and of node objects.
    nodes_version: u64,
    /// Node decisions memo per DaemonSet (few DaemonSets: a list).
    node_decisions: Vec<(String, NodeDecisionsMemo)>,
    limit: Option<String>,
    /// FailedScheduling events of the current instant, as [`pair_key`]`(pod, message)`.
    failed_now: (Millis, BTreeSet<String>),
    timeline: Timeline,
    current: Option<Frame>,
    changes_since_checkpoint: usize,
}

fn condition(type_: &str, status: &str) -> Condition {
    Condition {
        type_: type_.to_string(),
        status: status.to_string(),
        ..Condition::default()
    }
}

/// The kubectl STATUS of a pod (printers.go printPod): the container waiting reason, else
/// the phase; a pod being deleted shows `Terminating` unless its phase is already terminal
/// (`Succeeded`, `Failed`), which keeps its status while it is removed.
pub fn pod_status_text(pod: &PodState) -> String {
    let terminal = matches!(pod.phase, PodPhase::Succeeded | PodPhase::Failed);
    if pod.deletion.is_some() && !terminal {
        return "Terminating".to_string();
    }
    if let Some(reason) = &pod.waiting_reason {
        return reason.clone();
    }
    pod.phase.as_str().to_string()
}

impl Engine {
    /// A new engine on `state` (normally the initial cluster), recording from now on.
    pub fn new(state: ClusterState, config: Config) -> Engine {
        let rng = Rng(config.seed);
        let mut engine = Engine {
            state: ClusterState {
                time: state.time,
                ..ClusterState::default()
            },
            config,
            queue: BinaryHeap::new(),
            seq: 0,
            rng,
            uid: 0,
            backoffs: Vec::new(),
            kubelet: BTreeMap::new(),
            node_images: BTreeSet::new(),
            evictions: BTreeMap::new(),
            node_ordinals: BTreeMap::new(),
            ip_counter: 0,
            dirty_ds: BTreeSet::new(),
            dirty_scheduler: true,
            index: PodIndex::default(),
            sched: ClusterSnapshot::default(),
            claims: Vec::new(),
            nodes_version: 0,
            node_decisions: Vec::new(),
            limit: None,
            failed_now: (0, BTreeSet::new()),
            timeline: Timeline::default(),
            current: None,
            changes_since_checkpoint: 0,
        };
        engine.begin(FrameKind::Start, "initial cluster".to_string());
        for node in state.nodes.values() {
            engine.apply_node(node.node.clone());
        }
        for ds in state.daemon_sets.values() {
            engine.put_ds(ds.clone());
        }
        for pod in state.pods.values() {
            engine.register_pod(pod.clone());
        }
        engine.state.priority_classes = state.priority_classes.clone();
        engine.end();
        engine.resume_kubelet();
        engine
    }

    /// Restarts the kubelet work of pods taken over from a recorded state (pulls in
    /// progress, readiness, termination).
    fn resume_kubelet(&mut self) {
        if self.config.manual {
            return;
        }
        let pods: Vec<Arc<PodState>> = self.state.pods.values().cloned().collect();
        for pod in pods {
            let key = pod.key();
            let uid = self.uid_of(&key);
            if pod.node_name().is_empty() {
                continue;
            }
            if let Some(since) = pod.deletion {
                let grace = pod
                    .pod
                    .spec
                    .termination_grace_period_seconds
                    .unwrap_or(30)
                    .max(0) as u64;
                let at = since
                    .saturating_add(grace.saturating_mul(1000))
                    .max(self.state.time);
                self.wake(at, Wake::Gone(key, uid));
            } else if pod.phase == PodPhase::Pending {
                self.start_pull(&key);
            } else if pod.phase == PodPhase::Running && !pod.ready && pod.waiting_reason.is_none() {
                self.wake(
                    self.state.time.saturating_add(self.config.kubelet.ready_ms),
                    Wake::Ready(key, uid),
                );
            }
        }
    }

    /// The current state.
    pub fn state(&self) -> &ClusterState {
        &self.state
    }

    /// Whether the scheduler's incrementally kept snapshot equals one built from scratch.
    #[cfg(test)]
    pub(crate) fn scheduler_view_is_fresh(&self) -> bool {
        self.sched == adapters::snapshot(&self.state)
    }

    /// Why the run stopped early, once it reached a limit of [`limits`].
    pub fn limit(&self) -> Option<&str> {
        self.limit.as_deref()
    }

    /// Current virtual time.
    pub fn now(&self) -> Millis {
        self.state.time
    }

    /// True when manual mode is on.
    pub fn is_manual(&self) -> bool {
        self.config.manual
    }

    /// Finishes the run and returns the timeline.
    pub fn finish(mut self, stable: bool) -> Timeline {
        self.end();
        self.timeline.final_state = self.state.clone();
        self.timeline.stable = stable && self.limit.is_none();
        self.timeline.limit = self.limit.take();
        self.timeline
    }

    // ---------------------------------------------------------------- recording

    pub(crate) fn begin(&mut self, kind: FrameKind, title: String) {
        self.end();
        let start = self.timeline.events.len();
        self.current = Some(Frame {
            time: self.state.time,
            kind,
            title,
            actions: Vec::new(),
            events: start..start,
            changes: Vec::new(),
            transitions: Vec::new(),
            output: Vec::new(),
        });
    }

    pub(crate) fn end(&mut self) {
        let Some(mut frame) = self.current.take() else {
            return;
        };
        frame.events.end = self.timeline.events.len();
        frame.changes.shrink_to_fit();
        frame.transitions.shrink_to_fit();
        frame.actions.shrink_to_fit();
        let keep =
            frame.kind != FrameKind::Event || !frame.changes.is_empty() || !frame.events.is_empty();
        if !keep {
            return;
        }
        self.changes_since_checkpoint += frame.changes.len();
        self.timeline.frames.push(frame);
        if self.limit.is_none() {
            if self.timeline.frames.len() >= limits::MAX_FRAMES {
                self.limit = Some(limits::frames_reached(self.state.time));
            } else if self.state.pods.len() > limits::MAX_PODS {
                self.limit = Some(limits::pods_reached(self.state.pods.len(), self.state.time));
            }
        }
        let objects = self.state.pods.len() + self.state.nodes.len() + self.state.daemon_sets.len();
        if self.timeline.checkpoints.is_empty() || self.changes_since_checkpoint >= objects.max(256)
        {
            let index = self.timeline.frames.len() - 1;
            self.timeline.checkpoints.push((index, self.state.clone()));
            self.changes_since_checkpoint = 0;
        }
    }

    fn frame(&mut self) -> &mut Frame {
        if self.current.is_none() {
            self.begin(FrameKind::Event, "event".to_string());
        }
        self.current.get_or_insert_with(unreachable_frame)
    }

    /// The index the frame being recorded will have once it is kept.
    pub fn current_frame_index(&self) -> usize {
        self.timeline.frames.len()
    }

    /// Adds output lines to an already recorded frame (a step that waited).
    pub fn append_output(&mut self, index: usize, lines: Vec<String>) {
        if index == self.timeline.frames.len() {
            for line in lines {
                self.output(line);
            }
        } else if let Some(frame) = self.timeline.frames.get_mut(index) {
            frame.output.extend(lines);
        }
    }

    /// Adds an output line (e.g. kubectl's answer to a scenario step) to the current frame.
    pub fn output(&mut self, line: String) {
        self.frame().output.push(line);
    }

    pub(crate) fn record_event(
        &mut self,
        type_: EventType,
        reason: &str,
        object: ObjectRef,
        source: &str,
        message: String,
    ) {
        self.frame();
        if reason == "FailedScheduling" {
            if self.failed_now.0 != self.state.time {
                self.failed_now = (self.state.time, BTreeSet::new());
            }
            let key = object_key(&object.namespace, &object.name);
            self.failed_now.1.insert(pair_key(&key, &message));
        }
        self.timeline.events.push(Event {
            time: self.state.time,
            type_,
            reason: reason.to_string(),
            object,
            source: source.to_string(),
            message,
        });
    }

    fn pod_ref(pod: &PodState) -> ObjectRef {
        ObjectRef {
            kind: "Pod".to_string(),
            namespace: pod.pod.metadata.namespace.clone(),
            name: pod.pod.metadata.name.clone(),
        }
    }

    fn ds_ref(ds: &DaemonSet) -> ObjectRef {
        ObjectRef {
            kind: "DaemonSet".to_string(),
            namespace: ds.metadata.namespace.clone(),
            name: ds.metadata.name.clone(),
        }
    }

    pub(crate) fn put_pod(&mut self, mut pod: PodState) {
        let key = pod.key();
        let old = self.state.pods.get(&key).cloned();
        if old.as_deref() == Some(&pod) {
            return;
        }
        let status = pod_status_text(&pod);
        let changed = old.as_ref().is_none_or(|o| {
            pod_status_text(o) != status || o.ready != pod.ready || o.node_name() != pod.node_name()
        });
        if changed {
            let transition = PodTransition {
                time: self.state.time,
                pod: key.clone(),
                node: pod.node_name().to_string(),
                status,
                ready: pod.ready,
            };
            self.frame().transitions.push(transition);
        }
        if let Some(old) = &old {
            self.index.remove(&key, old);
        }
        self.update_scheduler_view(old.as_deref(), &pod);
        self.note_claim_change(&key, &pod.pod.metadata.namespace);
        // Only the lifecycle and the node are recorded when the rest of the API object
        // did not change (compared with the old node name swapped in, to avoid a copy).
        let same_object = old.as_ref().is_some_and(|old| {
            if Arc::ptr_eq(&old.pod, &pod.pod) {
                return true;
            }
            let new = Arc::make_mut(&mut pod.pod);
            let mut node_name = old.pod.spec.node_name.clone();
            std::mem::swap(&mut new.spec.node_name, &mut node_name);
            let same = *old.pod == *new;
            std::mem::swap(&mut new.spec.node_name, &mut node_name);
            same
        });
        let pod = Arc::new(pod);
        self.index.insert(&key, &pod);
        self.state.pods.insert(key.clone(), pod.clone());
        // The taint-eviction controller looks at a pod again when its node or its
        // tolerations change (`PodUpdated`), on a node with taints.
        let rebound = old.as_ref().is_none_or(|o| {
            o.node_name() != pod.node_name() || o.pod.spec.tolerations != pod.pod.spec.tolerations
        });
        let change = if same_object {
            Change::PodLifecycle(key, Box::new(PodLifecycle::of(&pod)))
        } else {
            Change::Pod(key, Some(pod.clone()))
        };
        self.frame().changes.push(change);
        self.dirty_ds.extend(self.state.daemon_sets.keys().cloned());
        self.dirty_scheduler = true;
        if rebound && !self.config.manual && !pod.node_name().is_empty() {
            if let Some(node) = self.state.nodes.get(pod.node_name()).cloned() {
                self.process_pod_on_node(&pod, &node.node.spec.taints);
            }
        }
    }

    /// Keeps the scheduler's snapshot in step with a change of a pod from `old` to `new`.
    /// What the scheduler holds is [`adapters::api_pod`]: the object with the phase, the
    /// nomination and the deletion written in. A bound pod whose object stays the same (a
    /// kubelet or deletion change) keeps its place on its node, where removing it and
    /// inserting it again in key order would put it back, and its copy is replaced only if
    /// the phase or the deletion changed (the spec, so the node's sums, stay). Otherwise the
    /// old copy is removed and the new one inserted in key order.
    fn update_scheduler_view(&mut self, old: Option<&PodState>, new: &PodState) {
        if let Some(old) = old {
            let in_place = Arc::ptr_eq(&old.pod, &new.pod)
                && old.nominated_node == new.nominated_node
                && !old.node_name().is_empty()
                && !old.phase.is_terminal()
                && !new.phase.is_terminal()
                && self
                    .sched
                    .node(old.node_name())
                    .is_some_and(|n| n.pods_in_key_order());
            let view_changed = old.phase != new.phase || old.deletion != new.deletion;
            if in_place && (!view_changed || self.sched.replace_pod_object(adapters::api_pod(new)))
            {
                return;
            }
            self.sched
                .remove_pod(&old.pod.metadata.namespace, old.name(), old.node_name());
        }
        if !new.node_name().is_empty() || new.nominated_node.is_some() {
            self.sched.insert_pod_in_key_order(adapters::api_pod(new));
        }
    }

    fn remove_pod(&mut self, key: &str) {
        let Some(old) = self.state.pods.remove(key) else {
            return;
        };
        self.cancel_eviction(key);
        self.index.remove(key, &old);
        self.note_claim_change(key, &old.pod.metadata.namespace);
        self.sched
            .remove_pod(&old.pod.metadata.namespace, old.name(), old.node_name());
        self.kubelet.remove(key);
        let transition = PodTransition {
            time: self.state.time,
            pod: key.to_string(),
            node: old.node_name().to_string(),
            status: "Deleted".to_string(),
            ready: false,
        };
        let frame = self.frame();
        frame.transitions.push(transition);
        frame.changes.push(Change::Pod(key.to_string(), None));
        self.dirty_ds.extend(self.state.daemon_sets.keys().cloned());
        self.dirty_scheduler = true;
    }

    fn note_claim_change(&mut self, key: &str, namespace: &str) {
        for (_, memo) in &mut self.claims {
            if memo.namespace == namespace {
                memo.changed.insert(key.to_string());
            }
        }
    }

    pub(crate) fn put_node(&mut self, node: Arc<NodeState>) {
        let name = node.name().to_string();
        if !self.node_ordinals.contains_key(&name) {
            let ordinal = self.node_ordinals.len() as u64;
            self.node_ordinals.insert(name.clone(), ordinal);
        }
        self.state.nodes.insert(name.clone(), node.clone());
        self.nodes_version += 1;
        let is_new = self.sched.node(&name).is_none();
        self.sched.upsert_node(node.node.clone());
        if is_new {
            // Pods already bound to a node of this name join it, as in a fresh snapshot.
            let bound: Vec<Arc<Pod>> = self
                .index
                .on_node(&name)
                .map(|p| adapters::api_pod(p))
                .collect();
            for pod in bound {
                self.sched.insert_pod_in_key_order(pod);
            }
        }
        self.frame().changes.push(Change::Node(name, Some(node)));
        self.dirty_ds.extend(self.state.daemon_sets.keys().cloned());
        self.dirty_scheduler = true;
    }

    pub(crate) fn put_ds(&mut self, ds: Arc<DaemonSetState>) {
        let key = ds.key();
        if self.state.daemon_sets.get(&key) == Some(&ds) {
            return;
        }
        self.state.daemon_sets.insert(key.clone(), ds.clone());
        self.frame()
            .changes
            .push(Change::DaemonSet(key.clone(), Some(ds)));
        self.dirty_ds.insert(key);
    }

    fn wake(&mut self, at: Millis, wake: Wake) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, wake)));
    }

    // ---------------------------------------------------------------- objects

    fn next_uid(&mut self) -> u64 {
        self.uid += 1;
        self.uid
    }

    /// A fresh 5-character suffix from upstream's alphabet.
    pub fn name_suffix(&mut self) -> String {
        (0..5)
            .map(|_| {
                let i = (self.rng.next() % NAME_ALPHABET.len() as u64) as usize;
                char::from(NAME_ALPHABET[i])
            })
            .collect()
    }

    /// Wraps an API pod for the simulation as the API server creates it: defaulting
    /// (`SetDefaults_Pod`: requests from limits, pod-level requests, host ports), then
    /// admission (priority, default tolerations).
    pub fn admit_pod(&mut self, mut pod: Pod, owner: Option<String>) -> Result<PodState, String> {
        if pod.metadata.namespace.is_empty() {
            pod.metadata.namespace = "default".to_string();
        }
        crate::engine::yaml::defaults::default_pod(&mut pod);
        if owner.is_none() {
            for key in [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
            ] {
                let tolerated = pod.spec.tolerations.iter().any(|t| {
                    (t.key.is_empty() || t.key == key)
                        && t.effect.is_none_or(|e| e == TaintEffect::NoExecute)
                        && t.operator == Some(TolerationOperator::Exists)
                });
                if !tolerated {
                    pod.spec.tolerations.push(Toleration {
                        key: key.to_string(),
                        operator: Some(TolerationOperator::Exists),
                        value: String::new(),
                        effect: Some(TaintEffect::NoExecute),
                        toleration_seconds: Some(300),
                    });
                }
            }
        }
        let classes: Vec<crate::engine::api::PriorityClass> = self
            .state
            .priority_classes
            .values()
            .map(|c| (**c).clone())
            .collect();
        let object_name = pod.metadata.name.clone();
        crate::engine::scheduler::priority::admit_pod(&mut pod, &object_name, &classes)?;
        let uid = self.next_uid();
        if pod.metadata.uid.is_none() {
            pod.metadata.uid = Some(format!("uid-{uid}"));
        }
        let phase = match pod.status.phase.as_deref() {
            Some("Running") => PodPhase::Running,
            Some("Succeeded") => PodPhase::Succeeded,
            Some("Failed") => PodPhase::Failed,
            _ => PodPhase::Pending,
        };
        let ready = pod
            .status
            .conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        let key = object_key(&pod.metadata.namespace, &pod.metadata.name);
        self.kubelet.insert(
            key,
            KubeletPod {
                uid,
                ..KubeletPod::default()
            },
        );
        Ok(PodState {
            pod: Arc::new(pod),
            created: self.state.time,
            phase,
            waiting_reason: None,
            ready,
            ready_transition: ready.then_some(self.state.time),
            deletion: None,
            restarts: 0,
            ip: None,
            nominated_node: None,
            owner,
        })
    }

    /// Creates a pod through the API: admission (namespace, priority, default
    /// tolerations) and ownership from its controller reference.
    pub fn apply_pod(&mut self, pod: Pod) -> Result<(), String> {
        let owner = pod
            .metadata
            .owner_references
            .iter()
            .find(|o| o.controller == Some(true) && o.kind == "DaemonSet")
            .map(|o| object_key(&pod.metadata.namespace, &o.name))
            .filter(|key| self.state.daemon_sets.contains_key(key));
        let mut state = self.admit_pod(pod, owner)?;
        if state.pod.metadata.deletion_timestamp.is_some() {
            state.deletion = Some(self.state.time);
        }
        // A pod created already bound (spec.nodeName set, as static and mirror pods or a
        // user's own manifest) skips the scheduler: the node's kubelet starts it at once.
        // Bound to a node that does not exist, it stays Pending: no kubelet runs it.
        let prebound = !self.config.manual
            && self.state.nodes.contains_key(state.node_name())
            && state.phase == PodPhase::Pending
            && state.deletion.is_none();
        if prebound {
            state.waiting_reason = Some("ContainerCreating".to_string());
        }
        let key = state.key();
        self.register_pod(Arc::new(state));
        if prebound {
            self.start_pull(&key);
        }
        Ok(())
    }

    /// Inserts a pod exactly as given (tests and restored states).
    pub fn insert_pod(&mut self, pod: PodState) {
        self.register_pod(Arc::new(pod));
    }

    /// Adds an existing pod (from the input) to the cluster.
    fn register_pod(&mut self, pod: Arc<PodState>) {
        let key = pod.key();
        let uid = self.next_uid();
        self.kubelet.insert(
            key,
            KubeletPod {
                uid,
                ..KubeletPod::default()
            },
        );
        let running_on_node = !pod.node_name().is_empty() && pod.phase == PodPhase::Running;
        let mut pod = (*pod).clone();
        if running_on_node && pod.ip.is_none() {
            pod.ip = Some(self.next_ip(&pod.pod.spec.node_name.clone()));
        }
        self.put_pod(pod);
    }

    fn next_ip(&mut self, node: &str) -> String {
        self.ip_counter += 1;
        let ordinal = self.node_ordinals.get(node).copied().unwrap_or(0);
        format!("10.244.{}.{}", ordinal, self.ip_counter % 250 + 2)
    }

    fn uid_of(&self, key: &str) -> u64 {
        self.kubelet.get(key).map_or(0, |k| k.uid)
    }

    /// Requests deletion of a pod: immediate in manual mode or when it is not bound,
    /// otherwise graceful (kubelet stops the containers, the object goes after the grace
    /// period).
    pub fn delete_pod(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        if pod.deletion.is_some() {
            return;
        }
        if self.config.manual || pod.node_name().is_empty() || pod.phase.is_terminal() {
            self.remove_pod(key);
            return;
        }
        let mut next = (*pod).clone();
        next.deletion = Some(self.state.time);
        next.ready = false;
        if pod.ready {
            next.ready_transition = Some(self.state.time);
        }
        let names: Vec<String> = next
            .pod
            .spec
            .containers
            .iter()
            .map(|c| c.name.clone())
            .collect();
        for name in names {
            self.record_event(
                EventType::Normal,
                "Killing",
                Self::pod_ref(&next),
                "kubelet",
                format!("Stopping container {name}"),
            );
        }
        let grace = next
            .pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .max(0) as u64;
        let uid = self.uid_of(key);
        self.put_pod(next);
        self.wake(
            self.state.time.saturating_add(grace.saturating_mul(1000)),
            Wake::Gone(key.to_string(), uid),
        );
    }

    // ---------------------------------------------------------------- DaemonSet controller

    /// The node decisions of `ds` over every node, in name order.
    pub fn node_decisions(&self, ds: &DaemonSet) -> Vec<NodeDecision> {
        adapters::node_decisions(self.state.nodes.values().map(|n| &n.node), ds)
    }

    /// One `syncDaemonSet` of `key`, as its own timeline frame.
    pub fn sync_daemon_set(&mut self, key: &str) {
        self.dirty_ds.remove(key);
        let Some(ds_arc) = self.state.daemon_sets.get(key).cloned() else {
            return;
        };
        self.begin(FrameKind::Sync, format!("sync daemonset {key}"));
        let mut ds = (*ds_arc).clone();
        let now = self.state.time;
        let selector = ds.ds.spec.selector.clone().unwrap_or_default();
        if selector.match_labels.is_empty() && selector.match_expressions.is_empty() {
            self.record_event(
                EventType::Warning,
                "SelectingAll",
                Self::ds_ref(&ds.ds),
                "daemonset-controller",
                "This daemon set is selecting all pods. A non-empty selector is required."
                    .to_string(),
            );
            self.end();
            return;
        }
        // A DaemonSet being deleted is left alone: no pods created or deleted, no status
        // (its history may already be gone, so upstream cannot compute one reliably).
        if ds.ds.metadata.deletion_timestamp.is_some() {
            self.end();
            return;
        }
        self.claim_pods(&ds, &selector);
        let hash = construct_history(&mut ds);
        let generation = Some(ds.template_generation);
        let (nodes, node_ids) = self.take_node_decisions(key, &ds.ds);

        let at = match self.backoffs.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                self.backoffs
                    .push((key.to_string(), FailedPodsBackoff::default()));
                self.backoffs.len() - 1
            }
        };
        let node_to_pods = self.index.node_to_pods(key, &node_ids, &hash, generation);
        let backoff = &mut self.backoffs[at].1;
        let plan = manage(&ds.ds, &hash, &nodes, &node_to_pods, now, backoff);
        if let Some(delay) = plan.requeue_after {
            self.wake(now.saturating_add(delay), Wake::Sync(key.to_string()));
        }
        self.controller_events(&ds.ds, plan.events);
        self.sync_nodes(&ds, &hash, &plan.create_on, &plan.delete);

        if ds.ds.spec.update_strategy.type_ == crate::engine::api::UpdateStrategyType::RollingUpdate
        {
            let node_to_pods = self.index.node_to_pods(key, &node_ids, &hash, generation);
            let update = rolling_update(&ds.ds, &nodes, &node_to_pods, now);
            if let Ok(update) = update {
                self.sync_nodes(&ds, &hash, &update.create_on, &update.delete);
            }
        }

        let pods: Vec<&PodState> = self.owned_pods(key).collect();
        cleanup_history(&mut ds, &pods);
        let node_to_pods = self.index.node_to_pods(key, &node_ids, &hash, generation);
        let mut status = compute_status(&ds.ds, &nodes, &node_to_pods, now);
        status.observed_generation = ds.generation;
        ds.ds.status = status;
        let min_ready = ds.ds.spec.min_ready_seconds;
        let next_sync = (min_ready > 0
            && ds.ds.status.number_ready != ds.ds.status.number_available)
            .then(|| {
                pods.iter()
                    .filter(|p| p.ready && p.deletion.is_none())
                    .filter_map(|p| p.ready_transition)
                    .map(|t| t + min_ready as u64 * 1000 + 1)
                    .filter(|t| *t > now)
                    .min()
            })
            .flatten();
        if let Some(at) = next_sync {
            self.wake(at, Wake::Sync(key.to_string()));
        }
        self.keep_node_decisions(key, &ds.ds, nodes, node_ids);
        self.put_ds(Arc::new(ds));
        self.dirty_ds.remove(key);
        self.end();
    }

    /// The node decisions of the DaemonSet `key` (`ds`) and the pod index's numbers of
    /// their nodes, from its memo when still valid; [`Engine::keep_node_decisions`] puts
    /// them back after the sync.
    fn take_node_decisions(
        &mut self,
        key: &str,
        ds: &DaemonSet,
    ) -> (Vec<NodeDecision>, Vec<usize>) {
        let at = self.node_decisions.iter().position(|(k, _)| k == key);
        let memo = at.map(|at| self.node_decisions.swap_remove(at).1);
        match memo {
            Some(memo)
                if memo.nodes_version == self.nodes_version
                    && memo.template == ds.spec.template
                    && memo.namespace == ds.metadata.namespace =>
            {
                (memo.decisions, memo.node_ids)
            }
            _ => {
                let decisions = self.node_decisions(ds);
                let ids = decisions
                    .iter()
                    .map(|n| self.index.node_id(&n.name))
                    .collect();
                (decisions, ids)
            }
        }
    }

    /// Keeps the node decisions of the DaemonSet `key` (`ds`) for its next sync.
    fn keep_node_decisions(
        &mut self,
        key: &str,
        ds: &DaemonSet,
        decisions: Vec<NodeDecision>,
        node_ids: Vec<usize>,
    ) {
        let memo = NodeDecisionsMemo {
            nodes_version: self.nodes_version,
            template: ds.spec.template.clone(),
            namespace: ds.metadata.namespace.clone(),
            decisions,
            node_ids,
        };
        self.node_decisions.push((key.to_string(), memo));
    }

    /// The pods controlled by the DaemonSet `key` (by target node, then key).
    fn owned_pods<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a PodState> + 'a {
        self.index.owned_by(key).map(Arc::as_ref)
    }

    /// The pods bound to `node`, in key order.
    fn pods_on<'a>(&'a self, node: &'a str) -> impl Iterator<Item = Arc<PodState>> + 'a {
        self.index.on_node(node).cloned()
    }

    /// Adoption and release (`ClaimPods`): pods matching the selector without a controller
    /// are adopted, owned pods that no longer match are released.
    fn claim_pods(&mut self, ds: &DaemonSetState, selector: &crate::engine::api::LabelSelector) {
        let key = ds.key();
        let namespace = ds.ds.metadata.namespace.clone();
        // A pod's claim decision depends only on the pod and the selector: with the same
        // selector as last time, only the pods changed since can decide differently.
        let memo = match self.claims.iter().position(|(k, _)| *k == key) {
            Some(at) => Some(self.claims.swap_remove(at).1).filter(|m| &m.selector == selector),
            None => None,
        };
        let candidates: Vec<Arc<PodState>> = match &memo {
            Some(memo) => memo
                .changed
                .iter()
                .filter_map(|k| self.state.pods.get(k).cloned())
                .collect(),
            None => self
                .state
                .pods
                .values()
                .filter(|p| p.pod.metadata.namespace == namespace)
                .cloned()
                .collect(),
        };
        self.claims.push((
            key.clone(),
            ClaimMemo {
                namespace: namespace.clone(),
                selector: selector.clone(),
                changed: BTreeSet::new(),
            },
        ));
        self.claim_candidates(&key, ds, selector, candidates);
        if let Some((_, memo)) = self.claims.iter_mut().find(|(k, _)| *k == key) {
            // Its own adoptions and releases are settled for this DaemonSet.
            memo.changed.clear();
        }
    }

    fn claim_candidates(
        &mut self,
        key: &str,
        ds: &DaemonSetState,
        selector: &crate::engine::api::LabelSelector,
        candidates: Vec<Arc<PodState>>,
    ) {
        let key = key.to_string();
        for pod in candidates {
            let matches = selector_matches(selector, &pod.pod.metadata.labels);
            let has_controller = pod
                .pod
                .metadata
                .owner_references
                .iter()
                .any(|o| o.controller == Some(true));
            if pod.owner.as_deref() == Some(key.as_str()) && !matches {
                let mut next = (*pod).clone();
                next.owner = None;
                Arc::make_mut(&mut next.pod)
                    .metadata
                    .owner_references
                    .retain(|o| o.controller != Some(true));
                self.put_pod(next);
            } else if pod.owner.is_none() && matches && pod.deletion.is_none() {
                let owned_by_us = pod.pod.metadata.owner_references.iter().any(|o| {
                    o.controller == Some(true)
                        && o.kind == "DaemonSet"
                        && o.name == ds.ds.metadata.name
                });
                if has_controller && !owned_by_us {
                    continue;
                }
                let mut next = (*pod).clone();
                next.owner = Some(key.clone());
                if !owned_by_us {
                    Arc::make_mut(&mut next.pod)
                        .metadata
                        .owner_references
                        .push(controller_ref(&ds.ds));
                }
                self.put_pod(next);
            }
        }
    }

    fn controller_events(&mut self, ds: &DaemonSet, events: Vec<ControllerEvent>) {
        for event in events {
            self.record_event(
                event.type_,
                &event.reason,
                Self::ds_ref(ds),
                "daemonset-controller",
                event.message,
            );
        }
    }

    /// `syncNodes`: creates pods on `create_on`, then deletes `delete`.
    fn sync_nodes(
        &mut self,
        ds: &DaemonSetState,
        hash: &str,
        create_on: &[String],
        delete: &[String],
    ) {
        let key = ds.key();
        for node in create_on {
            let mut pod = adapters::new_daemon_pod(&ds.ds, node, hash, ds.template_generation);
            let name = loop {
                let candidate = format!("{}-{}", ds.ds.metadata.name, self.name_suffix());
                if !self
                    .state
                    .pods
                    .contains_key(&object_key(&ds.ds.metadata.namespace, &candidate))
                {
                    break candidate;
                }
            };
            pod.metadata.name = name.clone();
            pod.metadata.owner_references = vec![controller_ref(&ds.ds)];
            let state = match self.admit_pod(pod, Some(key.clone())) {
                Ok(state) => state,
                Err(message) => {
                    self.record_event(
                        EventType::Warning,
                        "FailedCreate",
                        Self::ds_ref(&ds.ds),
                        "daemonset-controller",
                        format!("Error creating: {message}"),
                    );
                    continue;
                }
            };
            let pod_key = state.key();
            self.put_pod(state);
            self.frame().actions.push(Action::Created {
                pod: pod_key,
                node: Some(node.clone()),
            });
            self.record_event(
                EventType::Normal,
                "SuccessfulCreate",
                Self::ds_ref(&ds.ds),
                "daemonset-controller",
                format!("Created pod: {name}"),
            );
        }
        for name in delete {
            let pod_key = object_key(&ds.ds.metadata.namespace, name);
            if !self.state.pods.contains_key(&pod_key) {
                continue;
            }
            self.delete_pod(&pod_key);
            self.frame().actions.push(Action::Deleted { pod: pod_key });
            self.record_event(
                EventType::Normal,
                "SuccessfulDelete",
                Self::ds_ref(&ds.ds),
                "daemonset-controller",
                format!("Deleted pod: {name}"),
            );
        }
    }

    // ---------------------------------------------------------------- DaemonSet updates

    /// Creates or updates a DaemonSet as the API server does: generation bumps on spec
    /// change, template generation bumps on template change.
    pub fn apply_daemon_set(&mut self, ds: DaemonSet) {
        let key = object_key(&ds.metadata.namespace, &ds.metadata.name);
        let next = match self.state.daemon_sets.get(&key) {
            Some(current) => {
                let mut next = (**current).clone();
                if next.ds.spec != ds.spec {
                    next.generation += 1;
                    if next.ds.spec.template != ds.spec.template {
                        next.template_generation += 1;
                    }
                }
                let status = next.ds.status.clone();
                next.ds = ds;
                next.ds.status = status;
                next
            }
            None => new_daemon_set_state(ds, self.state.time),
        };
        let mut next = next;
        next.ds.metadata.generation = Some(next.generation);
        next.ds.metadata.annotations.insert(
            TEMPLATE_GENERATION_ANNOTATION.to_string(),
            next.template_generation.to_string(),
        );
        self.put_ds(Arc::new(next));
    }

    /// Creates or replaces a PriorityClass.
    pub fn apply_priority_class(&mut self, class: crate::engine::api::PriorityClass) {
        self.state
            .priority_classes
            .insert(class.metadata.name.clone(), Arc::new(class));
    }

    // ---------------------------------------------------------------- scheduler

    fn schedule_pending(&mut self) {
        self.dirty_scheduler = false;
        let mut pending: Vec<Arc<PodState>> = self.index.pending().cloned().collect();
        if pending.is_empty() {
            return;
        }
        crate::engine::sort::sort_by(&mut pending, |a, b| {
            let pa = a.pod.spec.priority.unwrap_or(0);
            let pb = b.pod.spec.priority.unwrap_or(0);
            pb.cmp(&pa)
                .then(a.created.cmp(&b.created))
                .then(a.key().cmp(&b.key()))
        });
        // The scheduler's snapshot is maintained change by change in key order; within one
        // pass a pod bound by the pass goes last on its node (the scheduler's cache adds it
        // there), and key order is restored at the end of the pass or after a preemption.
        let mut appended: BTreeSet<String> = BTreeSet::new();
        for pod in pending {
            let Some(current) = self.state.pods.get(&pod.key()).cloned() else {
                continue;
            };
            let placement = adapters::schedule(&self.sched, &current);
            self.begin(
                FrameKind::Schedule,
                format!("schedule pod {}", current.key()),
            );
            match placement {
                Placement::Bind(node) => {
                    self.bind(&current, &node);
                    if let Some(info) = self.sched.node_mut(&node) {
                        info.move_pod_to_end(&current.pod.metadata.namespace, current.name());
                    }
                    appended.insert(node);
                }
                Placement::Unschedulable(message) => {
                    // The same FailedScheduling event at the same instant is not repeated.
                    let repeated = self.failed_now.0 == self.state.time
                        && self
                            .failed_now
                            .1
                            .contains(&pair_key(&current.key(), &message));
                    if repeated {
                        self.end();
                        continue;
                    }
                    self.record_event(
                        EventType::Warning,
                        "FailedScheduling",
                        Self::pod_ref(&current),
                        "default-scheduler",
                        message,
                    );
                }
                Placement::Preempt {
                    node,
                    victims,
                    message,
                } => {
                    self.record_event(
                        EventType::Warning,
                        "FailedScheduling",
                        Self::pod_ref(&current),
                        "default-scheduler",
                        message,
                    );
                    let uid = current.pod.metadata.uid.clone().unwrap_or_default();
                    for victim in victims {
                        if let Some(v) = self.state.pods.get(&victim).cloned() {
                            self.record_event(
                                EventType::Normal,
                                "Preempted",
                                Self::pod_ref(&v),
                                "default-scheduler",
                                format!("Preempted by pod {uid} on node {node}"),
                            );
                            self.delete_pod(&victim);
                        }
                    }
                    let mut next = (*current).clone();
                    next.nominated_node = Some(node);
                    self.put_pod(next);
                    self.restore_key_order(&mut appended);
                }
            }
            self.end();
        }
        self.restore_key_order(&mut appended);
        self.dirty_scheduler = false;
    }

    /// Puts the pods of the nodes in `nodes` back in key order and empties `nodes`.
    fn restore_key_order(&mut self, nodes: &mut BTreeSet<String>) {
        for name in std::mem::take(nodes) {
            if let Some(info) = self.sched.node_mut(&name) {
                info.sort_pods_by_key();
            }
        }
    }

    fn bind(&mut self, pod: &PodState, node: &str) {
        let mut next = pod.clone();
        Arc::make_mut(&mut next.pod).spec.node_name = node.to_string();
        next.nominated_node = None;
        next.waiting_reason = Some("ContainerCreating".to_string());
        self.record_event(
            EventType::Normal,
            "Scheduled",
            Self::pod_ref(&next),
            "default-scheduler",
            format!(
                "Successfully assigned {}/{} to {}",
                next.pod.metadata.namespace,
                next.name(),
                node
            ),
        );
        let key = next.key();
        self.put_pod(next);
        self.start_pull(&key);
    }

    // ---------------------------------------------------------------- kubelet

    fn behaviour(&self, image: &str) -> (Millis, Option<ImageFailure>) {
        let rule = self.config.kubelet.images.iter().find(|r| r.image == image);
        (
            rule.and_then(|r| r.pull_ms)
                .unwrap_or(self.config.kubelet.pull_ms),
            rule.and_then(|r| r.failure),
        )
    }

    fn images_of(pod: &PodState) -> Vec<String> {
        pod.pod
            .spec
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect()
    }

    fn start_pull(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let node = pod.node_name().to_string();
        let mut wait = 0;
        for image in Self::images_of(&pod) {
            if self.node_images.contains(&pair_key(&node, &image)) {
                continue;
            }
            self.record_event(
                EventType::Normal,
                "Pulling",
                Self::pod_ref(&pod),
                "kubelet",
                format!("Pulling image \"{image}\""),
            );
            wait = wait.max(self.behaviour(&image).0);
        }
        let uid = self.uid_of(key);
        if let Some(k) = self.kubelet.get_mut(key) {
            k.pull_started = self.state.time;
        }
        self.wake(
            self.state.time.saturating_add(wait),
            Wake::PullDone(key.to_string(), uid),
        );
    }

    fn pull_done(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let node = pod.node_name().to_string();
        let started = self
            .kubelet
            .get(key)
            .map_or(self.state.time, |k| k.pull_started);
        let uid = self.uid_of(key);
        for image in Self::images_of(&pod) {
            if self.node_images.contains(&pair_key(&node, &image)) {
                self.record_event(
                    EventType::Normal,
                    "Pulled",
                    Self::pod_ref(&pod),
                    "kubelet",
                    format!("Container image \"{image}\" already present on machine"),
                );
                continue;
            }
            let (_, failure) = self.behaviour(&image);
            if failure == Some(ImageFailure::PullError) {
                self.record_event(
                    EventType::Warning,
                    "Failed",
                    Self::pod_ref(&pod),
                    "kubelet",
                    format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"),
                );
                self.record_event(
                    EventType::Warning,
                    "Failed",
                    Self::pod_ref(&pod),
                    "kubelet",
                    "Error: ErrImagePull".to_string(),
                );
                let mut next = (*pod).clone();
                next.waiting_reason = Some("ErrImagePull".to_string());
                self.put_pod(next);
                let backoff = self.bump_backoff(key);
                self.wake(
                    self.state.time.saturating_add(1),
                    Wake::ShowPullBackOff(key.to_string(), uid),
                );
                self.wake(
                    self.state.time.saturating_add(backoff),
                    Wake::RetryPull(key.to_string(), uid),
                );
                return;
            }
            let took = format_go_duration(self.state.time - started);
            self.record_event(
                EventType::Normal,
                "Pulled",
                Self::pod_ref(&pod),
                "kubelet",
                format!(
                    "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {} bytes.",
                    image_size(&image)
                ),
            );
            self.node_images.insert(pair_key(&node, &image));
        }
        self.wake(
            self.state.time.saturating_add(self.config.kubelet.start_ms),
            Wake::Started(key.to_string(), uid),
        );
    }

    fn bump_backoff(&mut self, key: &str) -> Millis {
        let entry = self.kubelet.entry(key.to_string()).or_default();
        entry.backoff_ms = if entry.backoff_ms == 0 {
            10_000
        } else {
            (entry.backoff_ms * 2).min(300_000)
        };
        entry.backoff_ms
    }

    fn started(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        let containers: Vec<(String, String)> = next
            .pod
            .spec
            .containers
            .iter()
            .map(|c| (c.name.clone(), c.image.clone()))
            .collect();
        let mut crash = false;
        for (name, image) in &containers {
            self.record_event(
                EventType::Normal,
                "Created",
                Self::pod_ref(&next),
                "kubelet",
                format!("Created container: {name}"),
            );
            self.record_event(
                EventType::Normal,
                "Started",
                Self::pod_ref(&next),
                "kubelet",
                format!("Started container {name}"),
            );
            crash |= self.behaviour(image).1 == Some(ImageFailure::Crash);
        }
        next.phase = PodPhase::Running;
        next.waiting_reason = None;
        if next.ip.is_none() {
            let node = next.pod.spec.node_name.clone();
            next.ip = Some(self.next_ip(&node));
        }
        self.put_pod(next);
        let uid = self.uid_of(key);
        if crash {
            self.wake(
                self.state.time.saturating_add(1_000),
                Wake::Crashed(key.to_string(), uid),
            );
        } else {
            self.wake(
                self.state.time.saturating_add(self.config.kubelet.ready_ms),
                Wake::Ready(key.to_string(), uid),
            );
        }
    }

    fn crashed(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        next.restarts += 1;
        next.waiting_reason = Some("CrashLoopBackOff".to_string());
        let name = next
            .pod
            .spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let uid_text = next.pod.metadata.uid.clone().unwrap_or_default();
        self.record_event(
            EventType::Warning,
            "BackOff",
            Self::pod_ref(&next),
            "kubelet",
            format!(
                "Back-off restarting failed container {name} in pod {}_{}({uid_text})",
                next.pod.metadata.name, next.pod.metadata.namespace
            ),
        );
        self.put_pod(next);
        let backoff = self.bump_backoff(key);
        let uid = self.uid_of(key);
        self.wake(
            self.state.time.saturating_add(backoff),
            Wake::Restart(key.to_string(), uid),
        );
    }

    fn became_ready(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let node_ready = self
            .state
            .nodes
            .get(pod.node_name())
            .is_some_and(|n| n.ready_status() == "True");
        if pod.ready || !node_ready {
            return;
        }
        let mut next = (*pod).clone();
        next.ready = true;
        next.ready_transition = Some(self.state.time);
        self.put_pod(next);
        if let Some(owner) = pod.owner.clone() {
            let min_ready = self
                .state
                .daemon_sets
                .get(&owner)
                .map_or(0, |d| d.ds.spec.min_ready_seconds);
            if min_ready > 0 {
                self.wake(
                    self.state.time.saturating_add(min_ready as u64 * 1000 + 1),
                    Wake::Sync(owner),
                );
            }
        }
    }

    /// Manual mode: marks the matching non-terminating pods Running and Ready now.
    pub fn mark_ready(&mut self, keys: &[String]) {
        for key in keys {
            let Some(pod) = self.state.pods.get(key).cloned() else {
                continue;
            };
            if pod.deletion.is_some() || pod.ready {
                continue;
            }
            let mut next = (*pod).clone();
            next.phase = PodPhase::Running;
            next.waiting_reason = None;
            next.ready = true;
            next.ready_transition = Some(self.state.time);
            self.put_pod(next);
        }
    }

    // ---------------------------------------------------------------- nodes

    /// Adds or replaces a node.
    pub fn apply_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let created = self
            .state
            .nodes
            .get(&name)
            .map_or(self.state.time, |n| n.created);
        let node = self.lifecycle(node);
        self.put_node(Arc::new(NodeState { node, created }));
        self.check_evictions(&name);
    }

    /// Changes a node with `edit`, then re-derives its lifecycle taints.
    pub fn edit_node(&mut self, name: &str, edit: impl FnOnce(&mut Node)) -> bool {
        let Some(current) = self.state.nodes.get(name).cloned() else {
            return false;
        };
        let mut node = current.node.clone();
        edit(&mut node);
        let node = self.lifecycle(node);
        let ready_before = current.ready_status() == "True";
        let next = NodeState {
            node,
            created: current.created,
        };
        let ready_after = next.ready_status() == "True";
        self.put_node(Arc::new(next));
        if ready_before != ready_after {
            self.node_readiness_changed(name, ready_after);
        }
        self.check_evictions(name);
        true
    }

    /// The node's Ready condition turned True or stopped being True. When it stops, the
    /// node lifecycle controller (`monitorNodeHealth`) records `NodeNotReady` on the node
    /// and marks its Ready pods not Ready, each with a `NodeNotReady` warning
    /// (`MarkPodsNotReady`); when it returns, the kubelet makes them Ready again.
    fn node_readiness_changed(&mut self, node: &str, ready: bool) {
        if !ready {
            self.record_event(
                EventType::Normal,
                "NodeNotReady",
                ObjectRef {
                    kind: "Node".to_string(),
                    namespace: String::new(),
                    name: node.to_string(),
                },
                "node-controller",
                format!("Node {node} status is now: NodeNotReady"),
            );
        }
        let pods: Vec<Arc<PodState>> = self
            .pods_on(node)
            .filter(|p| p.deletion.is_none() && p.phase == PodPhase::Running)
            .collect();
        for pod in pods {
            if ready {
                let uid = self.uid_of(&pod.key());
                if pod.waiting_reason.is_none() {
                    self.wake(
                        self.state.time.saturating_add(self.config.kubelet.ready_ms),
                        Wake::Ready(pod.key(), uid),
                    );
                }
            } else if pod.ready {
                let mut next = (*pod).clone();
                next.ready = false;
                next.ready_transition = Some(self.state.time);
                self.put_pod(next);
                self.record_event(
                    EventType::Warning,
                    "NodeNotReady",
                    Self::pod_ref(&pod),
                    "node-controller",
                    "Node is not ready".to_string(),
                );
            }
        }
    }

    /// Deletes a node; pod garbage collection removes the pods bound to it.
    pub fn delete_node(&mut self, name: &str) -> bool {
        if self.state.nodes.remove(name).is_none() {
            return false;
        }
        self.nodes_version += 1;
        self.sched.remove_node(name);
        self.frame()
            .changes
            .push(Change::Node(name.to_string(), None));
        self.dirty_ds.extend(self.state.daemon_sets.keys().cloned());
        let bound: Vec<String> = self.index.on_node(name).map(|p| p.key()).collect();
        for key in bound {
            self.remove_pod(&key);
        }
        true
    }

    /// The node lifecycle controller's taints (not in manual mode, where nodes stay exactly
    /// as written, as in upstream's unit tests).
    fn lifecycle(&mut self, node: Node) -> Node {
        if self.config.manual {
            return node;
        }
        with_lifecycle_taints(node, self.state.time)
    }

    /// The taint-eviction controller after an update of `node` (`handleNodeUpdate`; not in
    /// manual mode): every pod bound to it is re-examined.
    fn check_evictions(&mut self, node_name: &str) {
        if self.config.manual {
            return;
        }
        let Some(node) = self.state.nodes.get(node_name).cloned() else {
            return;
        };
        let pods: Vec<Arc<PodState>> = self.pods_on(node_name).collect();
        for pod in pods {
            self.process_pod_on_node(&pod, &node.node.spec.taints);
        }
    }

    /// `processPodOnNode`: cancels, runs or schedules the eviction of `pod` from a node
    /// with `taints`. The toleration time counts from when the controller first scheduled
    /// the eviction; a scheduled eviction is kept as it is by later updates that still
    /// tolerate the taints for a while (as upstream's work queue keeps the existing work).
    fn process_pod_on_node(&mut self, pod: &PodState, taints: &[Taint]) {
        let key = pod.key();
        let now = self.state.time;
        match taint_eviction::verdict(taints, &pod.pod.spec.tolerations) {
            Verdict::Stay => self.cancel_eviction(&key),
            Verdict::EvictNow => {
                self.cancel_eviction(&key);
                self.evict(&key);
            }
            Verdict::EvictAfter(ms) => {
                let mut start = now;
                if let Some(&(created, fire)) = self.evictions.get(&key) {
                    if created < now || fire == created.saturating_add(ms) {
                        return;
                    }
                    start = created;
                    self.cancel_eviction(&key);
                }
                let at = start.saturating_add(ms);
                if at <= now {
                    self.evict(&key);
                } else {
                    self.evictions.insert(key.clone(), (start, at));
                    let uid = self.uid_of(&key);
                    self.wake(at, Wake::Evict(key, uid));
                }
            }
        }
    }

    /// `cancelWorkWithEvent`: drops the scheduled eviction of `key`, if any, with the
    /// `Cancelling deletion of Pod ns/name` event.
    fn cancel_eviction(&mut self, key: &str) {
        if self.evictions.remove(key).is_none() {
            return;
        }
        let (namespace, name) = key.split_once('/').unwrap_or(("", key));
        let object = ObjectRef {
            kind: "Pod".to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        };
        self.record_event(
            EventType::Normal,
            "TaintManagerEviction",
            object,
            "taint-eviction-controller",
            format!("Cancelling deletion of Pod {key}"),
        );
    }

    /// The eviction itself (`deletePodHandler`): the `TaintManagerEviction` event, the
    /// `DisruptionTarget` condition (reason `DeletionByTaintManager`), then a graceful delete.
    fn evict(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        if pod.deletion.is_some() {
            return;
        }
        self.record_event(
            EventType::Normal,
            "TaintManagerEviction",
            Self::pod_ref(&pod),
            "taint-eviction-controller",
            format!("Marking for deletion Pod {}", pod.key()),
        );
        let mut next = (*pod).clone();
        let conditions = &mut Arc::make_mut(&mut next.pod).status.conditions;
        let target = Condition {
            type_: "DisruptionTarget".to_string(),
            status: "True".to_string(),
            reason: Some("DeletionByTaintManager".to_string()),
            message: Some("Taint manager: deleting due to NoExecute taint".to_string()),
            ..Condition::default()
        };
        match conditions.iter_mut().find(|c| c.type_ == target.type_) {
            Some(c) => *c = target,
            None => conditions.push(target),
        }
        self.put_pod(next);
        self.delete_pod(key);
    }

    /// A timer of the eviction queue fired: evicts `key` if this is still its scheduled
    /// eviction (it may have been cancelled or replaced since).
    fn evict_if_still_due(&mut self, key: &str) {
        let due = self
            .evictions
            .get(key)
            .is_some_and(|&(_, at)| at <= self.state.time);
        if due {
            self.evictions.remove(key);
            self.evict(key);
        }
    }

    // ---------------------------------------------------------------- the loop

    /// Runs the control loops at the current instant until nothing changes: DaemonSet
    /// syncs (not in manual mode) and scheduling.
    pub fn settle(&mut self) {
        self.end();
        if self.config.manual || self.limit.is_some() {
            self.dirty_ds.clear();
            return;
        }
        for _ in 0..16 {
            let dirty: Vec<String> = std::mem::take(&mut self.dirty_ds).into_iter().collect();
            let scheduler = self.dirty_scheduler;
            if dirty.is_empty() && !scheduler {
                break;
            }
            for key in dirty {
                self.sync_daemon_set(&key);
            }
            if self.dirty_scheduler {
                self.schedule_pending();
            }
        }
        self.dirty_ds.clear();
        self.dirty_scheduler = false;
    }

    /// The time of the next wake-up, if any.
    pub fn next_wake(&self) -> Option<Millis> {
        self.queue.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Processes every wake-up due at the next wake time (if it is ≤ `limit`), then
    /// settles. Returns false when there was none.
    pub fn step_wakes(&mut self, limit: Millis) -> bool {
        let Some(at) = self.next_wake() else {
            return false;
        };
        if at > limit || self.limit.is_some() {
            return false;
        }
        if at > limits::MAX_SIMULATED_MS {
            self.limit = Some(limits::time_reached());
            return false;
        }
        self.state.time = self.state.time.max(at);
        while let Some(Reverse((t, _, _))) = self.queue.peek() {
            if *t > at {
                break;
            }
            let Some(Reverse((_, _, wake))) = self.queue.pop() else {
                break;
            };
            self.process(wake);
        }
        self.settle();
        true
    }

    /// Advances the clock to `time`, processing everything due before.
    /// The clock never passes [`limits::MAX_SIMULATED_MS`]: asked to, it stops there and the
    /// run records why.
    pub fn advance_to(&mut self, time: Millis) {
        let capped = time.min(limits::MAX_SIMULATED_MS);
        while self.step_wakes(capped) {}
        if self.limit.is_some() {
            return;
        }
        if capped > self.state.time {
            self.state.time = capped;
        }
        if time > capped {
            self.limit = Some(limits::time_reached());
        }
    }

    fn process(&mut self, wake: Wake) {
        let (key, uid) = match &wake {
            Wake::Sync(key) => {
                if self.config.manual {
                    return;
                }
                self.dirty_ds.insert(key.clone());
                return;
            }
            Wake::PullDone(k, u)
            | Wake::ShowPullBackOff(k, u)
            | Wake::RetryPull(k, u)
            | Wake::Started(k, u)
            | Wake::Ready(k, u)
            | Wake::Crashed(k, u)
            | Wake::Restart(k, u)
            | Wake::Gone(k, u)
            | Wake::Evict(k, u) => (k.clone(), *u),
        };
        if self.uid_of(&key) != uid || !self.state.pods.contains_key(&key) {
            return;
        }
        let terminating = self
            .state
            .pods
            .get(&key)
            .is_some_and(|p| p.deletion.is_some());
        self.begin(FrameKind::Event, format!("{} {key}", wake_name(&wake)));
        match wake {
            Wake::Gone(..) => self.remove_pod(&key),
            Wake::Evict(..) => self.evict_if_still_due(&key),
            _ if terminating => {}
            Wake::PullDone(..) => self.pull_done(&key),
            Wake::ShowPullBackOff(..) => self.show_pull_backoff(&key),
            Wake::RetryPull(..) => self.start_pull(&key),
            Wake::Started(..) | Wake::Restart(..) => self.started(&key),
            Wake::Ready(..) => self.became_ready(&key),
            Wake::Crashed(..) => self.crashed(&key),
            Wake::Sync(_) => {}
        }
        self.end();
    }

    fn show_pull_backoff(&mut self, key: &str) {
        let Some(pod) = self.state.pods.get(key).cloned() else {
            return;
        };
        let mut next = (*pod).clone();
        next.waiting_reason = Some("ImagePullBackOff".to_string());
        for image in Self::images_of(&pod) {
            if self.behaviour(&image).1 == Some(ImageFailure::PullError) {
                self.record_event(
                    EventType::Normal,
                    "BackOff",
                    Self::pod_ref(&pod),
                    "kubelet",
                    format!("Back-off pulling image \"{image}\""),
                );
                self.record_event(
                    EventType::Warning,
                    "Failed",
                    Self::pod_ref(&pod),
                    "kubelet",
                    "Error: ImagePullBackOff".to_string(),
                );
            }
        }
        self.put_pod(next);
    }

    /// Rebuilds a state at frame `i` of the timeline recorded so far.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}

fn unreachable_frame() -> Frame {
    Frame {
        time: 0,
        kind: FrameKind::Event,
        title: String::new(),
        actions: Vec::new(),
        events: 0..0,
        changes: Vec::new(),
        transitions: Vec::new(),
        output: Vec::new(),
    }
}

fn wake_name(wake: &Wake) -> &'static str {
    match wake {
        Wake::PullDone(..) => "image pulled",
        Wake::ShowPullBackOff(..) => "image pull back-off",
        Wake::RetryPull(..) => "retry image pull",
        Wake::Started(..) => "container started",
        Wake::Ready(..) => "pod ready",
        Wake::Crashed(..) => "container crashed",
        Wake::Restart(..) => "container restarted",
        Wake::Gone(..) => "pod terminated",
        Wake::Evict(..) => "taint eviction",
        Wake::Sync(..) => "resync",
    }
}

fn controller_ref(ds: &DaemonSet) -> crate::engine::api::OwnerReference {
    crate::engine::api::OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "DaemonSet".to_string(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The simulation's record of a DaemonSet just created through the API.
pub fn new_daemon_set_state(mut ds: DaemonSet, now: Millis) -> DaemonSetState {
    ds.status = Default::default();
    if ds.metadata.uid.is_none() {
        ds.metadata.uid = Some(format!("ds-{}-{}", ds.metadata.namespace, ds.metadata.name));
    }
    ds.metadata.generation = Some(1);
    ds.metadata
        .annotations
        .insert(TEMPLATE_GENERATION_ANNOTATION.to_string(), "1".to_string());
    DaemonSetState {
        ds,
        created: now,
        generation: 1,
        template_generation: 1,
        revisions: Vec::new(),
        current_hash: None,
    }
}

/// The node lifecycle controller: derives the `not-ready`, `unreachable`, pressure,
/// `network-unavailable` and `unschedulable` taints from conditions and `spec.unschedulable`;
/// a taint it adds gets `timeAdded` = `now` (`SwapNodeControllerTaint`).
fn with_lifecycle_taints(mut node: Node, now: Millis) -> Node {
    let status = |type_: &str| {
        node.status
            .conditions
            .iter()
            .find(|c| c.type_ == type_)
            .map(|c| c.status.clone())
    };
    let mut wanted: Vec<(&str, TaintEffect)> = Vec::new();
    match status("Ready").as_deref() {
        Some("False") => {
            wanted.push(("node.kubernetes.io/not-ready", TaintEffect::NoSchedule));
            wanted.push(("node.kubernetes.io/not-ready", TaintEffect::NoExecute));
        }
        Some("Unknown") => {
            wanted.push(("node.kubernetes.io/unreachable", TaintEffect::NoSchedule));
            wanted.push(("node.kubernetes.io/unreachable", TaintEffect::NoExecute));
        }
        _ => {}
    }
    for (cond, key) in [
        ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "node.kubernetes.io/pid-pressure"),
        (
            "NetworkUnavailable",
            "node.kubernetes.io/network-unavailable",
        ),
    ] {
        if status(cond).as_deref() == Some("True") {
            wanted.push((key, TaintEffect::NoSchedule));
        }
    }
    if node.spec.unschedulable {
        wanted.push(("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule));
    }
    let managed = [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
        "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/pid-pressure",
        "node.kubernetes.io/network-unavailable",
        "node.kubernetes.io/unschedulable",
    ];
    node.spec.taints.retain(|t| {
        !managed.contains(&t.key.as_str())
            || wanted.iter().any(|(k, e)| *k == t.key && *e == t.effect)
    });
    for (key, effect) in wanted {
        if !node
            .spec
            .taints
            .iter()
            .any(|t| t.key == key && t.effect == effect)
        {
            node.spec.taints.push(Taint {
                key: key.to_string(),
                value: String::new(),
                effect,
                time_added: Some(super::time::rfc3339(now)),
            });
        }
    }
    node
}

/// Sets a node condition (adding it when missing).
pub fn set_condition(node: &mut Node, type_: &str, status: &str) {
    match node.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => c.status = status.to_string(),
        None => node.status.conditions.push(condition(type_, status)),
    }
}

/// Go's `time.Duration.String()` for whole milliseconds (`2s`, `1.5s`, `2m0s`, `500ms`).
pub fn format_go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    let sec_text = if frac == 0 {
        format!("{}s", secs % 60)
    } else {
        let f = format!("{frac:03}");
        format!("{}.{}s", secs % 60, f.trim_end_matches('0'))
    };
    let (h, m) = (secs / 3600, (secs / 60) % 60);
    if h > 0 {
        format!("{h}h{m}m{sec_text}")
    } else if m > 0 {
        format!("{m}m{sec_text}")
    } else {
        sec_text
    }
}

/// A deterministic stand-in for the image size the runtime reports.
pub fn image_size(image: &str) -> u64 {
    let h = crate::engine::daemon::history::fnv32a(image.as_bytes()) as u64;
    20_000_000 + h % 180_000_000
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;

    #[test]
    fn pod_status_text_follows_print_pod() {
        // printers.go printPod: waiting reason over phase; deletionTimestamp gives
        // Terminating only while the phase is not terminal.
        let pod = |phase: PodPhase, waiting: Option<&str>, deleting: bool| PodState {
            pod: Arc::new(Pod::default()),
            created: 0,
            phase,
            waiting_reason: waiting.map(str::to_owned),
            ready: false,
            ready_transition: None,
            deletion: deleting.then_some(5),
            restarts: 0,
            ip: None,
            nominated_node: None,
            owner: None,
        };
        let cases = [
            ("running", pod(PodPhase::Running, None, false), "Running"),
            ("pending", pod(PodPhase::Pending, None, false), "Pending"),
            (
                "creating",
                pod(PodPhase::Pending, Some("ContainerCreating"), false),
                "ContainerCreating",
            ),
            (
                "crash loop",
                pod(PodPhase::Running, Some("CrashLoopBackOff"), false),
                "CrashLoopBackOff",
            ),
            ("failed", pod(PodPhase::Failed, None, false), "Failed"),
            (
                "deleting running",
                pod(PodPhase::Running, None, true),
                "Terminating",
            ),
            (
                "deleting while waiting",
                pod(PodPhase::Pending, Some("ImagePullBackOff"), true),
                "Terminating",
            ),
            (
                "deleting failed keeps Failed",
                pod(PodPhase::Failed, None, true),
                "Failed",
            ),
            (
                "deleting succeeded keeps Succeeded",
                pod(PodPhase::Succeeded, None, true),
                "Succeeded",
            ),
        ];
        for (name, pod, want) in cases {
            assert_eq!(pod_status_text(&pod), want, "{name}");
        }
    }
}

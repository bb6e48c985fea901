//! The simulation's driver: the virtual clock, the queue of timed wake-ups, and the
//! dispatch of the work of each instant to the [`crate::engine::controllers`] over the
//! shared [`Store`]; every step is recorded as a frame of the timeline.
//!
//! A step is one unit of a controller's work (a DaemonSet sync, a scheduling attempt, a
//! timed wake-up, a scenario action): the driver opens a frame, runs the step, delivers the
//! watch events its writes raised ([`Store::deliver_notices`]: in the order the handlers
//! would run had the writes called them), queues the wake-ups asked for in the order they
//! were asked for, and closes the frame. When an instant has no wake-up left, the driver
//! settles it: the controllers whose work queues the writes marked run until none is marked.

use std::sync::Arc;

use super::timeline::{DrainRecord, Frame, FrameKind, Timeline};
use super::wake_queue::WakeQueue;
use crate::engine::api::scheduler_config::KubeSchedulerConfiguration;
use crate::engine::api::{DaemonSet, Deployment, Node, Pod, ReplicaSet};
use crate::engine::controllers::disruption::controller::DisruptionController;
use crate::engine::controllers::kubelet::KubeletConfig;
use crate::engine::controllers::Controllers;
use crate::engine::limits;
use crate::engine::scheduler::profile::Profiles;
use crate::engine::store::eviction::EvictionAnswer;
use crate::engine::store::state::{ClusterState, NodeState, PodOwner, PodState};
use crate::engine::store::wake::Wake;
use crate::engine::store::Store;
use crate::engine::time::{offset_from_start, timestamp, Millis};

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
    /// The scheduler's configuration (defaulted); `None`: the default profile only.
    pub scheduler: Option<KubeSchedulerConfiguration>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            manual: false,
            kubelet: KubeletConfig::default(),
            scheduler: None,
        }
    }
}

/// The head of the frame being recorded: what the store's journal does not know.
struct FrameHead {
    kind: FrameKind,
    title: String,
    output: Vec<String>,
}

impl FrameHead {
    /// The head of a frame the store opened by itself: a write outside any frame.
    fn event() -> FrameHead {
        FrameHead {
            kind: FrameKind::Event,
            title: "event".to_string(),
            output: Vec::new(),
        }
    }
}

/// The running simulation.
pub struct Engine {
    store: Store,
    config: Config,
    queue: WakeQueue,
    controllers: Controllers,
    limit: Option<String>,
    timeline: Timeline,
    head: Option<FrameHead>,
    changes_since_checkpoint: usize,
}

impl Engine {
    /// A new engine on `state` (normally the initial cluster), recording from now on.
    pub fn new(state: ClusterState, config: Config) -> Engine {
        let mut store = Store::new(state.time, config.seed, config.manual);
        store.set_run_start(state.run_start);
        let mut engine = Engine {
            store,
            controllers: Controllers::new(config.kubelet.clone()),
            config,
            queue: WakeQueue::default(),
            limit: None,
            timeline: Timeline::default(),
            head: None,
            changes_since_checkpoint: 0,
        };
        if let Some(scheduler) = &engine.config.scheduler {
            engine.controllers.scheduler.profiles = Profiles::from_configuration(scheduler);
        }
        engine.begin(FrameKind::Start, "initial cluster".to_string());
        for node in state.nodes.values() {
            engine.write_node(Node::clone(&node.node));
        }
        for ds in state.daemon_sets.values() {
            engine.store.put_daemon_set(ds.clone());
        }
        for deployment in state.deployments.values() {
            engine.store.put_deployment(deployment.clone());
        }
        for replica_set in state.replica_sets.values() {
            engine.store.put_replica_set(replica_set.clone());
        }
        for stateful_set in state.stateful_sets.values() {
            engine.store.put_stateful_set(stateful_set.clone());
        }
        for pdb in state.pod_disruption_budgets.values() {
            engine.store.put_pod_disruption_budget(pdb.clone());
        }
        for pod in state.pods.values() {
            engine.store.insert_pod(pod.clone());
            engine.react();
        }
        engine
            .store
            .set_priority_classes(state.priority_classes.clone());
        engine.end();
        engine.controllers.kubelet.resume(&mut engine.store);
        engine.react();
        engine
    }

    /// The current state.
    pub fn state(&self) -> &ClusterState {
        self.store.state()
    }

    /// Whether the scheduler's incrementally kept snapshot equals one built from scratch.
    #[cfg(test)]
    pub(crate) fn scheduler_view_is_fresh(&self) -> bool {
        *self.store.scheduler_view()
            == crate::engine::store::scheduler_view::snapshot(self.store.state())
    }

    /// Why the run stopped early, once it reached a limit of [`limits`].
    pub fn limit(&self) -> Option<&str> {
        self.limit.as_deref()
    }

    /// Current virtual time.
    pub fn now(&self) -> Millis {
        self.store.now()
    }

    /// True when manual mode is on.
    pub fn is_manual(&self) -> bool {
        self.config.manual
    }

    /// Finishes the run and returns the timeline, with the store's state as its final state.
    pub fn finish(mut self, stable: bool) -> Timeline {
        self.end();
        let mut timeline = self.timeline;
        timeline.final_state = self.store.into_state();
        timeline.stable = stable && self.limit.is_none();
        timeline.limit = self.limit;
        timeline
    }

    // ---------------------------------------------------------------- recording

    /// Opens a frame (closing the one being recorded).
    pub(crate) fn begin(&mut self, kind: FrameKind, title: String) {
        self.end();
        let now = self.store.now();
        self.store.journal().open(now);
        self.head = Some(FrameHead {
            kind,
            title,
            output: Vec::new(),
        });
    }

    /// Notes that the frame just begun is a scenario step's (step frames are always kept:
    /// it gets the next index).
    pub(crate) fn mark_step(&mut self) {
        self.timeline.step_frames.push(self.timeline.frames.len());
    }

    /// Closes the frame being recorded: files what the store recorded into the timeline
    /// (an event frame that changed nothing is dropped), notes a limit reached and takes a
    /// checkpoint of the state now and then.
    pub(crate) fn end(&mut self) {
        let Some(entry) = self.store.journal().close() else {
            return;
        };
        let head = self.head.take().unwrap_or_else(FrameHead::event);
        let start = self.timeline.events.len();
        self.timeline.events.extend(entry.events);
        let frame = Frame {
            time: entry.opened_at,
            kind: head.kind,
            title: head.title,
            actions: entry.actions.into_boxed_slice(),
            events: start..self.timeline.events.len(),
            changes: entry.changes.into_boxed_slice(),
            transitions: entry.transitions.into_boxed_slice(),
            output: head.output,
        };
        let keep = frame.kind != FrameKind::Event
            || !frame.changes.is_empty()
            || !frame.events.is_empty()
            || !frame.actions.is_empty();
        if !keep {
            return;
        }
        self.changes_since_checkpoint += frame.changes.len();
        self.timeline.frames.push(frame);
        let state = self.store.state();
        if self.limit.is_none() {
            if self.timeline.frames.len() >= limits::MAX_FRAMES {
                self.limit = Some(limits::frames_reached(state.time));
            } else if state.pods.len() > limits::MAX_PODS {
                self.limit = Some(limits::pods_reached(state.pods.len(), state.time));
            }
        }
        let objects = state.pods.len()
            + state.nodes.len()
            + state.daemon_sets.len()
            + state.deployments.len()
            + state.replica_sets.len()
            + state.stateful_sets.len()
            + state.pod_disruption_budgets.len();
        if self.timeline.checkpoints.is_empty() || self.changes_since_checkpoint >= objects.max(256)
        {
            let index = self.timeline.frames.len() - 1;
            self.timeline.checkpoints.push((index, state.clone()));
            self.changes_since_checkpoint = 0;
        }
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

    /// Notes a `kubectl drain` step of the run (its lines go to the step frame's output).
    pub fn record_drain(&mut self, drain: DrainRecord) {
        self.timeline.drains.push(drain);
    }

    /// Adds an output line (e.g. kubectl's answer to a scenario step) to the current frame.
    pub fn output(&mut self, line: String) {
        if !self.store.journal().is_open() {
            self.begin(FrameKind::Event, "event".to_string());
        }
        self.head
            .get_or_insert_with(FrameHead::event)
            .output
            .push(line);
    }

    // ---------------------------------------------------------------- steps

    /// Runs one step as its own frame: `work` on the controllers and the store, then the
    /// reactions to it.
    fn step(
        &mut self,
        kind: FrameKind,
        title: String,
        work: impl FnOnce(&mut Controllers, &mut Store),
    ) {
        self.begin(kind, title);
        work(&mut self.controllers, &mut self.store);
        self.react();
        self.end();
    }

    /// Delivers the watch events the step raised to the controllers, then queues the
    /// wake-ups it asked for, in the order they were asked for.
    fn react(&mut self) {
        let controllers = &mut self.controllers;
        self.store
            .deliver_notices(|store, notice| controllers.observe(store, notice));
        for (at, wake) in self.store.take_wakes() {
            self.queue.push(at, wake);
        }
    }

    /// One `syncDaemonSet` of `key`, as its own timeline frame.
    pub fn sync_daemon_set(&mut self, key: &str) {
        self.store.dirty.daemon_sets.remove(key);
        if !self.store.state().daemon_sets.contains_key(key) {
            return;
        }
        self.step(
            FrameKind::Sync,
            format!("sync daemonset {key}"),
            |c, store| c.daemon_sets.sync(store, key),
        );
    }

    /// One `syncDeployment` of `key`, as its own timeline frame.
    pub fn sync_deployment(&mut self, key: &str) {
        self.store.dirty.deployments.remove(key);
        if !self.store.state().deployments.contains_key(key) {
            return;
        }
        self.step(
            FrameKind::Sync,
            format!("sync deployment {key}"),
            |c, store| c.deployments.sync(store, key),
        );
    }

    /// One `syncReplicaSet` of `key`, as its own timeline frame.
    pub fn sync_replica_set(&mut self, key: &str) {
        self.store.dirty.replica_sets.remove(key);
        if !self.store.state().replica_sets.contains_key(key) {
            return;
        }
        self.step(
            FrameKind::Sync,
            format!("sync replicaset {key}"),
            |c, store| c.replica_sets.sync(store, key),
        );
    }

    /// One `syncStatefulSet` of `key`, as its own timeline frame.
    pub fn sync_stateful_set(&mut self, key: &str) {
        self.store.dirty.stateful_sets.remove(key);
        if !self.store.state().stateful_sets.contains_key(key) {
            return;
        }
        self.step(
            FrameKind::Sync,
            format!("sync statefulset {key}"),
            |c, store| c.stateful_sets.sync(store, key),
        );
    }

    /// One sync of the PodDisruptionBudget `key`, as its own timeline frame when it changes
    /// the budget's status.
    pub fn sync_pod_disruption_budget(&mut self, key: &str) {
        self.store.dirty.pod_disruption_budgets.remove(key);
        let now = self.store.unix_now();
        let Some(plan) = DisruptionController::plan(self.store.state(), key, now) else {
            return;
        };
        self.step(
            FrameKind::Sync,
            format!("sync poddisruptionbudget {key}"),
            |c, store| c.disruption.sync(store, key, plan),
        );
    }

    /// One scheduling pass over the pending pods, an attempt per pod, each its own frame.
    fn schedule_pending(&mut self) {
        let pending = self.controllers.scheduler.start_pass(&mut self.store);
        for pod in pending {
            let key = pod.key();
            if self.store.pod(key).is_none() {
                continue;
            }
            self.step(
                FrameKind::Schedule,
                format!("schedule pod {key}"),
                |c, store| c.scheduler.schedule(store, key),
            );
        }
        self.controllers.scheduler.finish_pass(&mut self.store);
    }

    // ---------------------------------------------------------------- API calls

    /// Wraps an API pod for the simulation as the API server creates it: defaulting
    /// (`SetDefaults_Pod`: requests from limits, pod-level requests, host ports), the
    /// merge of `matchLabelKeys` / `mismatchLabelKeys` into its selectors, then admission
    /// (priority, default tolerations).
    pub fn admit_pod(&mut self, pod: Pod, owner: Option<PodOwner>) -> Result<PodState, String> {
        self.store.admit_pod(pod, owner)
    }

    /// Creates a pod through the API: admission (namespace, priority, default
    /// tolerations) and ownership from its controller reference.
    pub fn apply_pod(&mut self, pod: Pod) -> Result<(), String> {
        let created = self.store.apply_pod(pod);
        self.react();
        created
    }

    /// Inserts a pod exactly as given (tests and restored states).
    pub fn insert_pod(&mut self, pod: PodState) {
        self.store.insert_pod(Arc::new(pod));
        self.react();
    }

    /// Requests deletion of a pod: immediate in manual mode or when it is not bound,
    /// otherwise graceful (kubelet stops the containers, the object goes after the grace
    /// period).
    pub fn delete_pod(&mut self, key: &str) {
        self.store.delete_pod(key);
        self.react();
    }

    /// [`Engine::delete_pod`] with `DeleteOptions.gracePeriodSeconds`.
    pub fn delete_pod_with_grace(&mut self, key: &str, grace_seconds: Option<i64>) {
        self.store.delete_pod_with_grace(key, grace_seconds);
        self.react();
    }

    /// Evicts a pod through the eviction API (see [`Store::evict_pod`]); `None` when there
    /// is no such pod.
    pub fn evict_pod(&mut self, key: &str, grace_seconds: Option<i64>) -> Option<EvictionAnswer> {
        let answer = self.store.evict_pod(key, grace_seconds);
        self.react();
        answer
    }

    /// Creates or updates a DaemonSet as the API server does: generation bumps on spec
    /// change, template generation bumps on template change.
    pub fn apply_daemon_set(&mut self, ds: DaemonSet) {
        self.store.apply_daemon_set(ds);
        self.react();
    }

    /// Creates or updates a Deployment as the API server does (see
    /// [`Store::apply_deployment`]).
    pub fn apply_deployment(&mut self, deployment: Deployment) {
        self.store.apply_deployment(deployment);
        self.react();
    }

    /// Creates or updates a ReplicaSet as the API server does (see
    /// [`Store::apply_replica_set`]).
    pub fn apply_replica_set(&mut self, replica_set: ReplicaSet) {
        self.store.apply_replica_set(replica_set);
        self.react();
    }

    /// Creates or updates a StatefulSet as the API server does (see
    /// [`Store::apply_stateful_set`]).
    pub fn apply_stateful_set(&mut self, stateful_set: crate::engine::api::StatefulSet) {
        self.store.apply_stateful_set(stateful_set);
        self.react();
    }

    /// Creates or updates a PodDisruptionBudget as the API server does (see
    /// [`Store::apply_pod_disruption_budget`]).
    pub fn apply_pod_disruption_budget(&mut self, pdb: crate::engine::api::PodDisruptionBudget) {
        self.store.apply_pod_disruption_budget(pdb);
        self.react();
    }

    /// Creates or replaces a PriorityClass.
    pub fn apply_priority_class(&mut self, class: crate::engine::api::PriorityClass) {
        self.store.apply_priority_class(class);
    }

    /// Manual mode: marks the matching non-terminating pods Running and Ready now.
    pub fn mark_ready(&mut self, keys: &[String]) {
        self.store.mark_ready(keys);
        self.react();
    }

    // ---------------------------------------------------------------- nodes
    //
    // A node write runs the node controllers' handlers in upstream's order: the lifecycle
    // taints as the node is written, the reaction to a readiness change, then the
    // taint-eviction controller's look at the pods bound to it.

    /// Adds or replaces a node; the node lifecycle controller registers a new one
    /// (`RegisteredNode`).
    pub fn apply_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let is_new = !self.store.state().nodes.contains_key(&name);
        self.write_node(node);
        if is_new {
            self.controllers
                .node_lifecycle
                .node_observed(&mut self.store, &name, true);
        }
    }

    /// Adds or replaces a node (the nodes of the initial cluster are known to the
    /// controllers already). As the API server does, a node that exists keeps its creation
    /// time; a new one has the time it states (read from a cluster), else now.
    fn write_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let state = self.store.state();
        let created = state
            .nodes
            .get(&name)
            .map(|n| n.created)
            .unwrap_or_else(|| {
                offset_from_start(node.metadata.creation_timestamp.as_deref(), state.run_start)
                    .unwrap_or(timestamp(state.time))
            });
        let master_before = self
            .controllers
            .node_lifecycle
            .in_master_disruption(&self.store);
        let node = self.controllers.node_lifecycle.taint(&self.store, node);
        self.store
            .put_node(Arc::new(NodeState::new(Arc::new(node), created)));
        self.react();
        self.controllers
            .taint_eviction
            .node_updated(&mut self.store, &name);
        self.react();
        self.retaint_on_disruption_mode_change(master_before, &name);
    }

    /// Changes a node with `edit`, then re-derives its lifecycle taints.
    pub fn edit_node(&mut self, name: &str, edit: impl FnOnce(&mut Node)) -> bool {
        let Some(current) = self.store.state().nodes.get(name).cloned() else {
            return false;
        };
        let mut node = Node::clone(&current.node);
        edit(&mut node);
        let master_before = self
            .controllers
            .node_lifecycle
            .in_master_disruption(&self.store);
        let node = self.controllers.node_lifecycle.taint(&self.store, node);
        let ready_before = current.is_ready();
        let next = NodeState::new(Arc::new(node), current.created);
        let ready_after = next.is_ready();
        self.store.put_node(Arc::new(next));
        if ready_before != ready_after {
            if ready_after {
                self.controllers.kubelet.node_ready(&mut self.store, name);
            } else {
                self.controllers
                    .node_lifecycle
                    .node_not_ready(&mut self.store, name);
            }
        }
        self.react();
        self.controllers
            .taint_eviction
            .node_updated(&mut self.store, name);
        self.react();
        self.retaint_on_disruption_mode_change(master_before, name);
        true
    }

    /// Deletes a node; pod garbage collection removes the pods bound to it.
    pub fn delete_node(&mut self, name: &str) -> bool {
        let master_before = self
            .controllers
            .node_lifecycle
            .in_master_disruption(&self.store);
        let deleted = self.store.delete_node(name);
        self.react();
        if deleted {
            self.controllers
                .node_lifecycle
                .node_observed(&mut self.store, name, false);
            self.controllers
                .taint_eviction
                .node_updated(&mut self.store, name);
            self.retaint_on_disruption_mode_change(master_before, name);
        }
        deleted
    }

    /// After a write of the node `written`: when it moved the node lifecycle controller
    /// into or out of its master disruption mode, every other node's lifecycle taints are
    /// derived again (`markNodeAsReachable` on entering, tainting again on leaving), each
    /// change seen by the taint-eviction controller.
    fn retaint_on_disruption_mode_change(&mut self, master_before: bool, written: &str) {
        let lifecycle = &self.controllers.node_lifecycle;
        if lifecycle.in_master_disruption(&self.store) == master_before {
            return;
        }
        let others: Vec<Arc<NodeState>> = self
            .store
            .state()
            .nodes
            .values()
            .filter(|n| n.name() != written)
            .cloned()
            .collect();
        for current in others {
            let node = Node::clone(&current.node);
            let node = self.controllers.node_lifecycle.taint(&self.store, node);
            if node.spec.taints == current.node.spec.taints {
                continue;
            }
            let name = current.name().to_string();
            self.store
                .put_node(Arc::new(NodeState::new(Arc::new(node), current.created)));
            self.react();
            self.controllers
                .taint_eviction
                .node_updated(&mut self.store, &name);
            self.react();
        }
    }

    // ---------------------------------------------------------------- the clock

    /// Runs the control loops at the current instant until nothing changes: DaemonSet,
    /// Deployment, ReplicaSet and PodDisruptionBudget syncs (not in manual mode) and
    /// scheduling.
    pub fn settle(&mut self) {
        self.end();
        if self.config.manual || self.limit.is_some() {
            self.clear_work_queues();
            return;
        }
        for _ in 0..16 {
            let dirty = &mut self.store.dirty;
            let daemon_sets = std::mem::take(&mut dirty.daemon_sets);
            let deployments = std::mem::take(&mut dirty.deployments);
            let replica_sets = std::mem::take(&mut dirty.replica_sets);
            let stateful_sets = std::mem::take(&mut dirty.stateful_sets);
            let budgets = std::mem::take(&mut dirty.pod_disruption_budgets);
            let scheduler = dirty.scheduler;
            let idle = daemon_sets.is_empty()
                && deployments.is_empty()
                && replica_sets.is_empty()
                && stateful_sets.is_empty()
                && budgets.is_empty();
            if idle && !scheduler {
                break;
            }
            for key in daemon_sets {
                self.sync_daemon_set(&key);
            }
            for key in deployments {
                self.sync_deployment(&key);
            }
            for key in replica_sets {
                self.sync_replica_set(&key);
            }
            for key in stateful_sets {
                self.sync_stateful_set(&key);
            }
            for key in budgets {
                self.sync_pod_disruption_budget(&key);
            }
            if self.store.dirty.scheduler {
                self.schedule_pending();
            }
        }
        self.clear_work_queues();
        self.store.dirty.scheduler = false;
    }

    /// Empties the controllers' work queues.
    fn clear_work_queues(&mut self) {
        let dirty = &mut self.store.dirty;
        dirty.daemon_sets.clear();
        dirty.deployments.clear();
        dirty.replica_sets.clear();
        dirty.stateful_sets.clear();
        dirty.pod_disruption_budgets.clear();
    }

    /// The time of the next wake-up, if any.
    pub fn next_wake(&self) -> Option<Millis> {
        self.queue.next_time()
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
        self.store.set_time(self.store.now().max(at));
        while let Some(wake) = self.queue.pop_due(at) {
            self.process(wake);
        }
        self.settle();
        true
    }

    /// Advances the clock to `time`, processing everything due before.
    /// The clock never passes [`limits::MAX_SIMULATED_MS`]: asked to, it stops there and the
    /// run records why.
    pub fn advance_to(&mut self, time: Millis) {
        self.advance_to_observed(time, &mut |_| {});
    }

    /// [`Engine::advance_to`], calling `observe` after every instant processed on the way
    /// (how a long run reports its progress).
    pub fn advance_to_observed(&mut self, time: Millis, observe: &mut dyn FnMut(&Engine)) {
        let capped = time.min(limits::MAX_SIMULATED_MS);
        while self.step_wakes(capped) {
            observe(self);
        }
        if self.limit.is_some() {
            return;
        }
        if capped > self.store.now() {
            self.store.set_time(capped);
        }
        if time > capped {
            self.limit = Some(limits::time_reached());
        }
    }

    /// Hands a due wake-up to the controller it names. A pod's timer is dropped when the
    /// pod is gone or is another incarnation now; a DaemonSet resync only queues the
    /// DaemonSet, which syncs when the instant settles.
    fn process(&mut self, wake: Wake) {
        let timer = match &wake {
            Wake::DaemonSetResync(key) => {
                if !self.config.manual {
                    self.store.dirty.daemon_sets.insert(key.clone());
                }
                return;
            }
            Wake::ReplicaSetResync(key) => {
                if !self.config.manual {
                    self.store.dirty.replica_sets.insert(key.clone());
                }
                return;
            }
            Wake::DeploymentResync(key) => {
                if !self.config.manual {
                    self.store.dirty.deployments.insert(key.clone());
                }
                return;
            }
            Wake::StatefulSetResync(key) => {
                if !self.config.manual {
                    self.store.dirty.stateful_sets.insert(key.clone());
                }
                return;
            }
            Wake::Kubelet(_, timer)
            | Wake::PodGone(timer)
            | Wake::TaintEviction(timer)
            | Wake::StalePodDisruption(timer) => timer,
        };
        // The wake-up moves into the step below, so its key is copied out first.
        let timer_key = timer.key.clone();
        let key = timer_key.as_str();
        if self.store.live_uid(key) != Some(timer.uid) {
            return;
        }
        let title = format!("{} {key}", wake.title());
        self.step(FrameKind::Event, title, |c, store| match wake {
            Wake::PodGone(_) => store.remove_pod(key),
            Wake::TaintEviction(_) => c.taint_eviction.wake(store, key),
            Wake::StalePodDisruption(_) => c.disruption.reset_stale_condition(store, key),
            Wake::Kubelet(step, _) => c.kubelet.wake(store, step, key),
            Wake::DaemonSetResync(_)
            | Wake::ReplicaSetResync(_)
            | Wake::DeploymentResync(_)
            | Wake::StatefulSetResync(_) => {}
        });
    }

    /// The timeline recorded so far.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}

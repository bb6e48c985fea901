//! The recorded run: frames (one per processed event, controller sync or scenario step),
//! the events log, and the object changes of every frame. States are rebuilt from periodic
//! checkpoints plus changes, so no full cluster copy is kept per frame.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::store::events::Event;
use crate::engine::store::journal::{Action, Change, PodTransition};
use crate::engine::store::state::ClusterState;
use crate::engine::time::Millis;

/// What a frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FrameKind {
    /// The initial cluster.
    Start,
    /// A timed event (kubelet progress, grace period end, eviction, ...).
    Event,
    /// One DaemonSet controller sync.
    Sync,
    /// One scheduling attempt.
    Schedule,
    /// One scenario step.
    Step,
}

impl FrameKind {
    /// Lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FrameKind::Start => "start",
            FrameKind::Event => "event",
            FrameKind::Sync => "sync",
            FrameKind::Schedule => "schedule",
            FrameKind::Step => "step",
        }
    }
}

/// One step of the timeline. What a frame recorded never grows, so its lists are boxed
/// slices (a run keeps a frame per event: at 20,000 nodes, 180,000 of them). The title
/// keeps the text `format!` made as it is (boxing it would reallocate most titles).
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Virtual time.
    pub time: Millis,
    /// What happened.
    pub kind: FrameKind,
    /// A one-line description (`sync kube-system/fluentd`, `step 2: setImage ...`).
    pub title: String,
    /// Controller actions.
    pub actions: Box<[Action]>,
    /// Index range into [`Timeline::events`] of the events of this frame.
    pub events: std::ops::Range<usize>,
    /// Object changes.
    pub changes: Box<[Change]>,
    /// Pod transitions.
    pub transitions: Box<[PodTransition]>,
    /// Output lines of a step (e.g. `kubectl rollout undo`; a step that waits adds its
    /// lines when the wait ends).
    pub output: Vec<String>,
}

/// A `kubectl drain` step of the run: its command line and, for each line of its output
/// (the step frame's output), the frame it was printed at, so that a view following the
/// timeline shows only the lines printed by the frame on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrainRecord {
    /// The step's frame.
    pub frame: usize,
    /// The command as typed (`kubectl drain worker-1 --ignore-daemonsets`).
    pub command: String,
    /// For each output line of the step, the frame it was printed at (a frame dropped for
    /// changing nothing counts as the next frame kept; past the last frame: the run's end).
    pub printed_at: Vec<usize>,
}

/// The whole recorded run.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub(crate) frames: Vec<Frame>,
    pub(crate) drains: Vec<DrainRecord>,
    /// The frame of each scenario step, in step order.
    pub(crate) step_frames: Vec<usize>,
    pub(crate) events: Vec<Event>,
    pub(crate) checkpoints: Vec<(usize, ClusterState)>,
    pub(crate) final_state: ClusterState,
    pub(crate) stable: bool,
    pub(crate) limit: Option<String>,
}

impl Timeline {
    /// Number of frames.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// How many of the scenario's steps had started by frame `i` (its own step included).
    pub fn steps_started_by(&self, i: usize) -> usize {
        self.step_frames.partition_point(|&frame| frame <= i)
    }

    /// Frame `i`.
    pub fn frame(&self, i: usize) -> Option<&Frame> {
        self.frames.get(i)
    }

    /// The frames up to frame `i`, that one included (all of them when `i` is past the
    /// end): what has happened by the time frame `i` is on screen.
    pub fn frames_through(&self, i: usize) -> &[Frame] {
        &self.frames[..i.saturating_add(1).min(self.frames.len())]
    }

    /// All frames.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Every event recorded, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events recorded up to and including frame `i`.
    pub fn events_until(&self, i: usize) -> &[Event] {
        let end = self
            .frames
            .get(i.min(self.frames.len().saturating_sub(1)))
            .map_or(0, |f| f.events.end);
        &self.events[..end.min(self.events.len())]
    }

    /// Why each pod the scheduler could not place (by `namespace/name`) is pending, as of
    /// frame `i`: the message of its latest `FailedScheduling` event.
    pub fn failed_scheduling_messages(&self, i: usize) -> BTreeMap<String, String> {
        let mut messages = BTreeMap::new();
        for event in self.events_until(i) {
            if event.reason == "FailedScheduling" {
                let key = event.object.key().to_string();
                messages.insert(key, event.message.clone());
            }
        }
        messages
    }

    /// The `kubectl drain` steps of the run, in order.
    pub fn drains(&self) -> &[DrainRecord] {
        &self.drains
    }

    /// Why the run stopped early, when it reached a limit of [`crate::engine::limits`].
    pub fn limit(&self) -> Option<&str> {
        self.limit.as_deref()
    }

    /// The state after the last frame.
    pub fn final_state(&self) -> &ClusterState {
        &self.final_state
    }

    /// True when the run ended because nothing more was going to happen.
    pub fn is_stable(&self) -> bool {
        self.stable
    }

    /// The cluster state right after frame `i` (clamped to the last frame), rebuilt from
    /// the nearest checkpoint at or before `i` and the changes since.
    pub fn state_at(&self, i: usize) -> ClusterState {
        let i = i.min(self.frames.len().saturating_sub(1));
        let (start, base) = match self.checkpoints.iter().rev().find(|(at, _)| *at <= i) {
            Some((at, state)) => (*at, state.clone()),
            None => return ClusterState::default(),
        };
        let mut state = base;
        for frame in self.frames.iter().take(i + 1).skip(start + 1) {
            apply_changes(&mut state, frame);
        }
        state
    }

    /// The index of the last frame at or before virtual time `time`.
    pub fn frame_at_time(&self, time: Millis) -> usize {
        self.frames
            .partition_point(|f| f.time <= time)
            .saturating_sub(1)
    }
}

/// Applies the changes of `frame` to `state` (replaying a timeline forwards).
pub fn apply_changes(state: &mut ClusterState, frame: &Frame) {
    state.time = frame.time;
    for change in &frame.changes {
        match change {
            Change::Pod(key, Some(pod)) => {
                state.pods.insert(key.clone(), pod.clone());
            }
            Change::Pod(key, None) => {
                state.pods.remove(key.as_str());
            }
            Change::Node(key, Some(node)) => {
                state.nodes.insert(key.clone(), node.clone());
            }
            Change::Node(key, None) => {
                state.nodes.remove(key.as_str());
            }
            Change::DaemonSet(key, Some(ds)) => {
                state.daemon_sets.insert(key.clone(), ds.clone());
            }
            Change::DaemonSet(key, None) => {
                state.daemon_sets.remove(key.as_str());
            }
            Change::Deployment(key, Some(deployment)) => {
                state.deployments.insert(key.clone(), deployment.clone());
            }
            Change::Deployment(key, None) => {
                state.deployments.remove(key.as_str());
            }
            Change::ReplicaSet(key, Some(replica_set)) => {
                state.replica_sets.insert(key.clone(), replica_set.clone());
            }
            Change::ReplicaSet(key, None) => {
                state.replica_sets.remove(key.as_str());
            }
            Change::StatefulSet(key, Some(stateful_set)) => {
                state
                    .stateful_sets
                    .insert(key.clone(), stateful_set.clone());
            }
            Change::StatefulSet(key, None) => {
                state.stateful_sets.remove(key.as_str());
            }
            Change::PodDisruptionBudget(key, Some(pdb)) => {
                state
                    .pod_disruption_budgets
                    .insert(key.clone(), pdb.clone());
            }
            Change::PodDisruptionBudget(key, None) => {
                state.pod_disruption_budgets.remove(key.as_str());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::sim::scenario::Simulation;
    use crate::engine::yaml::load;

    #[test]
    fn frames_through_a_frame_end_with_it_and_stop_at_the_last() {
        let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n";
        let timeline = Simulation::run(&load(text).objects, None);
        let last = timeline.len() - 1;
        assert!(last > 0, "more than one frame");
        assert_eq!(timeline.frames_through(0).len(), 1);
        assert_eq!(timeline.frames_through(last).len(), last + 1);
        assert_eq!(timeline.frames_through(last + 10).len(), last + 1);
    }

    #[test]
    fn a_pending_pod_shows_its_latest_failed_scheduling_message() {
        let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: '1', memory: 1Gi, pods: '10'}}\n---\n\
                    apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, image: i}]\n";
        let loaded = load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let timeline = Simulation::run(&loaded.objects, None);
        let last = timeline.len() - 1;
        let messages = timeline.failed_scheduling_messages(last);
        let keys: Vec<&str> = messages.keys().map(String::as_str).collect();
        assert_eq!(keys, ["default/p"]);
        assert!(
            messages["default/p"].starts_with(
                "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
            ),
            "{messages:?}"
        );
        assert_eq!(
            timeline.failed_scheduling_messages(0).len(),
            0,
            "nothing failed yet at the start"
        );
    }

    #[test]
    fn the_inputs_deployments_and_replica_sets_are_in_every_frame() {
        // The ReplicaSet's labels match the Deployment's selector and its template is the
        // Deployment's: the Deployment keeps it as its new ReplicaSet.
        let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: '1', memory: 1Gi, pods: '10'}}\n---\n\
                    apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, generation: 2}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n---\n\
                    apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-abc\n  labels: {app: web}\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n---\n\
                    apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n";
        let loaded = load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let timeline = Simulation::run(&loaded.objects, None);
        assert!(timeline.len() > 3, "the pod is scheduled and started");
        assert!(
            timeline.state_at(0).deployments.is_empty(),
            "the initial cluster is empty"
        );
        // Frame 1 loads the objects.
        for i in 1..timeline.len() {
            let state = timeline.state_at(i);
            let deployments: Vec<_> = state.deployments.keys().collect();
            let replica_sets: Vec<_> = state.replica_sets.keys().collect();
            assert_eq!(deployments, ["default/web"], "frame {i}");
            assert_eq!(replica_sets, ["default/web-abc"], "frame {i}");
            assert_eq!(
                state.deployments["default/web"].generation(),
                2,
                "frame {i}"
            );
            assert_eq!(
                state.replica_sets["default/web-abc"].owner.as_deref(),
                Some("default/web"),
                "frame {i}"
            );
        }
        assert_eq!(
            timeline.frame(1).map(|f| f.output.clone()),
            Some(vec![
                "node/n1 created".to_string(),
                "deployment.apps/web created".to_string(),
                "replicaset.apps/web-abc created".to_string(),
                "pod/p created".to_string(),
            ]),
            "loading says what it applied"
        );
    }
}

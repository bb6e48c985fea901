//! The engine's side of the protocol: one [`Session`] holds the applied objects and their
//! run, and answers each [`Request`] with the engine's own functions. It is plain Rust
//! (native tests drive it directly); `super::web` runs it in a Web Worker.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::scheduler::profile::Profiles;
use crate::engine::sim::scenario::Simulation;
use crate::engine::sim::timeline::{apply_changes, Frame, Timeline};
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::state::ClusterState;
use crate::engine::yaml::edit::StepTime;
use crate::engine::yaml::{self, Objects};
use crate::protocol::{
    Applied, FrameUpdate, NodeChanges, NodeView, Program, Request, Response, RunView,
};

use super::{exercise, matrix, panels, views};

/// A simulation run with the cluster of the frame last asked for, which playback moves
/// forward a few frames at a time, so it is replayed incrementally.
struct Run {
    timeline: Timeline,
    cache: Option<(usize, ClusterState)>,
    /// The eviction API's answers over the run (which pods a budget holds, when).
    evictions: views::EvictionAnswers,
}

impl Run {
    /// Makes the cluster at frame `i` (clamped to the timeline) the cached one: replayed
    /// forward from the cached frame when no checkpoint lies in between, or from the
    /// timeline.
    fn move_to(&mut self, i: usize) {
        let i = i.min(self.timeline.len().saturating_sub(1));
        let forward = match &self.cache {
            Some((at, _)) if *at == i => None,
            Some((at, _)) => Some(
                *at < i
                    && !self
                        .timeline
                        .checkpoints
                        .iter()
                        .any(|(c, _)| *at < *c && *c <= i),
            ),
            None => Some(false),
        };
        if let Some(forward) = forward {
            let state = match self.cache.take() {
                Some((at, mut state)) if forward => {
                    for frame in self.timeline.frames().iter().take(i + 1).skip(at + 1) {
                        apply_changes(&mut state, frame);
                    }
                    state
                }
                _ => self.timeline.state_at(i),
            };
            self.cache = Some((i, state));
        }
    }
}

/// The answer to a request about the current run when nothing has been applied yet.
fn not_applied() -> Response {
    Response::Failed {
        message: "nothing has been applied yet".to_owned(),
    }
}

/// The answer to a request sent to the wrong worker (`program` answers it).
fn wrong_worker(program: &str) -> Response {
    Response::Failed {
        message: format!("this request is answered by {program}"),
    }
}

/// The frame the page was last sent, with what its views were made from.
struct Shown {
    /// The frame.
    frame: usize,
    /// Its nodes' views, by name.
    nodes: BTreeMap<String, NodeView>,
    /// The node each pod on a node card is on.
    pod_nodes: BTreeMap<String, String>,
    /// What decided the workload pods' revisions ([`views::revision_keys`]).
    revisions: Vec<views::RevisionKey>,
    /// The nodes' label keys.
    label_keys: Vec<String>,
}

impl Shown {
    /// Replaces the view of node `name` (None: the node is gone) and the pods it lists.
    fn put(&mut self, name: &str, view: Option<NodeView>) {
        if let Some(old) = self.nodes.remove(name) {
            for pod in &old.pods {
                self.pod_nodes.remove(&pod.key);
            }
        }
        if let Some(view) = view {
            for pod in &view.pods {
                self.pod_nodes.insert(pod.key.clone(), name.to_owned());
            }
            self.nodes.insert(name.to_owned(), view);
        }
    }
}

/// The nodes whose views the changes of `frames` may have changed: the nodes changed, and
/// the nodes a changed pod was on (as `shown` lists it) or is on now (in `cluster`); also
/// whether a node changed (its labels may have).
fn touched_nodes(
    frames: &[Frame],
    shown: &Shown,
    cluster: &ClusterState,
) -> (BTreeSet<String>, bool) {
    let mut touched = BTreeSet::new();
    let mut nodes_changed = false;
    for frame in frames {
        // An eviction answer changes no object but may change a pod's mark.
        for action in &frame.actions {
            if let Action::Eviction { pod, .. } = action {
                if let Some(node) = shown.pod_nodes.get(pod) {
                    touched.insert(node.clone());
                }
            }
        }
        for change in &frame.changes {
            match change {
                Change::Node(name, _) => {
                    nodes_changed = true;
                    touched.insert(name.to_string());
                }
                Change::Pod(key, _) => {
                    if let Some(node) = shown.pod_nodes.get(key.as_str()) {
                        touched.insert(node.clone());
                    }
                    if let Some(node) = cluster.pods.get(key.as_str()).and_then(|p| p.target_node())
                    {
                        touched.insert(node.to_owned());
                    }
                }
                // What a DaemonSet change may change in the nodes' views is compared as a
                // whole (`Shown::revisions`).
                Change::DaemonSet(..) => {}
                // No node view shows Deployments, ReplicaSets or StatefulSets (their pods are
                // pod changes; what decides their pods' revisions is compared as a whole).
                Change::Deployment(..)
                | Change::ReplicaSet(..)
                | Change::StatefulSet(..)
                | Change::PodDisruptionBudget(..) => {}
            }
        }
    }
    (touched, nodes_changed)
}

/// The name the add form suggests for a new node: the first `worker-N` no Node of the
/// text has.
fn suggested_node_name(objects: &Objects) -> String {
    (1..)
        .map(|n| format!("worker-{n}"))
        .find(|name| !objects.nodes.iter().any(|n| n.metadata.name == *name))
        .unwrap_or_default()
}

/// A frame of the current run.
struct FrameRef<'a> {
    /// The frame's index.
    pub index: usize,
    /// The run's timeline.
    pub timeline: &'a Timeline,
    /// The cluster at the frame.
    pub cluster: &'a ClusterState,
}

/// The engine's state between requests.
#[derive(Default)]
pub struct Session {
    /// The objects of the last text applied without errors.
    objects: Objects,
    /// Their run.
    run: Option<Run>,
    /// What the page was last sent (what a delta is computed from).
    shown: Option<Shown>,
}

impl Session {
    /// A session with nothing applied yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// Answers `request`, whichever worker it is for ([`Request::program`]): the JavaScript
    /// API's engine and native tests serve both. While an apply works, `progress` receives
    /// [`Response::Progress`] after every instant simulated (the caller decides how often
    /// to pass them on).
    pub fn handle(&mut self, request: Request, progress: &mut dyn FnMut(Response)) -> Response {
        match request.program() {
            Program::Engine => self.handle_engine(request, progress),
            Program::Tools => self.handle_tools(request, progress),
        }
    }

    /// Answers a request of the engine worker (`kubeplay-engine`): applies, frames,
    /// explanations, kubectl views and board edits. The tools' requests are refused here, so
    /// that the engine's program does not link them.
    pub fn handle_engine(
        &mut self,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response {
        match request {
            Request::Apply { text } => Response::Applied(self.apply(&text, progress)),
            Request::Show { frame, since } => self.show(frame, since),
            Request::CliExplain { .. }
            | Request::CliSimulate { .. }
            | Request::CliDiagnostics { .. } => Response::Failed {
                message: "this engine serves the playground's page; the JavaScript API's \
                          documents come from its own engine (kubeplay-api-engine)"
                    .to_string(),
            },
            Request::Explain { frame, selection } => {
                let profiles = Profiles::of(self.objects.scheduler_configuration.as_ref());
                match self.frame(frame) {
                    Some(at) => Response::Explained(panels::explain(
                        at.timeline,
                        at.index,
                        at.cluster,
                        &selection,
                        &profiles,
                    )),
                    None => not_applied(),
                }
            }
            Request::Kubectl { frame, view } => match self.frame(frame) {
                Some(at) => Response::Kubectl {
                    output: panels::kubectl_view(at.timeline, at.index, at.cluster, view),
                },
                None => not_applied(),
            },
            Request::Edit { text, frame, edit } => {
                let (when, cluster) = match self.frame(frame) {
                    Some(at) => (
                        StepTime {
                            at_ms: at.timeline.frame(at.index).map_or(0, |f| f.time),
                            steps_before: Some(at.timeline.steps_started_by(at.index)),
                        },
                        Some(at.cluster),
                    ),
                    None => (StepTime::from(0), None),
                };
                match panels::edited(&text, when, cluster, edit) {
                    Ok(text) => Response::Edited { text },
                    Err(message) => Response::Failed { message },
                }
            }
            Request::Goals { lesson } => match &self.run {
                Some(run) => {
                    Response::Goals(exercise::checklist(&self.objects, &run.timeline, &lesson))
                }
                None => not_applied(),
            },
            Request::Matrix { .. } | Request::Export { .. } => wrong_worker("kubeplay-tools"),
        }
    }

    /// Answers a request of the tools worker (`kubeplay-tools`): applies (the current run's
    /// text, which the page sends before the other requests), the node × plugin matrix and
    /// exports.
    pub fn handle_tools(
        &mut self,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response {
        match request {
            Request::Apply { text } => Response::Applied(self.apply(&text, progress)),
            Request::Export { export } => Response::Exported {
                text: panels::export(&self.objects, export),
            },
            Request::Matrix { frame, pod } => {
                let profiles = Profiles::of(self.objects.scheduler_configuration.as_ref());
                match self.frame(frame) {
                    Some(at) => Response::Table(matrix::matrix_table(at.cluster, &pod, &profiles)),
                    None => not_applied(),
                }
            }
            _ => wrong_worker("kubeplay-engine"),
        }
    }

    /// Loads `text`; without errors, simulates it and makes it the current run.
    fn apply(&mut self, text: &str, progress: &mut dyn FnMut(Response)) -> Applied {
        let loaded = yaml::load(text);
        let has_errors = loaded.has_errors();
        let mut diagnostics = loaded.diagnostics;
        if has_errors {
            return Applied {
                diagnostics,
                run: None,
            };
        }
        let timeline = Simulation::run_observed(&loaded.objects, None, &mut |p| {
            progress(Response::Progress {
                simulated_ms: p.simulated_ms,
                frames: p.frames,
            })
        });
        diagnostics.extend(crate::engine::limits::run_diagnostic(timeline.limit()));
        let run = RunView {
            frames: views::frames(&timeline),
            histories: views::status_histories(&timeline),
            next_node_name: suggested_node_name(&loaded.objects),
        };
        self.objects = loaded.objects;
        self.run = Some(Run {
            evictions: views::EvictionAnswers::of(&timeline),
            timeline,
            cache: None,
        });
        self.shown = None;
        Applied {
            diagnostics,
            run: Some(run),
        }
    }

    /// The cluster at `frame`: a delta from `since` when that is the frame last sent and
    /// `frame` comes after it, else a snapshot.
    fn show(&mut self, frame: usize, since: Option<usize>) -> Response {
        let Some(run) = self.run.as_mut() else {
            return not_applied();
        };
        let frame = frame.min(run.timeline.len().saturating_sub(1));
        run.move_to(frame);
        let Some((_, cluster)) = run.cache.as_ref() else {
            return Response::Failed {
                message: "no cluster at that frame".to_owned(),
            };
        };
        let revisions = views::revision_keys(cluster);
        let before = self.shown.take().filter(|shown| since == Some(shown.frame));
        let (nodes, shown) = match before {
            // Forward from the frame the page shows, with the same revisions: only the nodes
            // the frames in between touched get new views.
            Some(mut shown) if shown.frame < frame && shown.revisions == revisions => {
                let frames = &run.timeline.frames()[shown.frame + 1..=frame];
                let (touched, nodes_changed) = touched_nodes(frames, &shown, cluster);
                let mut views = views::node_views_of(cluster, &touched);
                run.evictions.mark(&mut views, frame);
                let mut fresh: BTreeMap<String, NodeView> =
                    views.into_iter().map(|n| (n.name.clone(), n)).collect();
                let mut changed = Vec::new();
                let mut removed = Vec::new();
                for name in &touched {
                    let view = fresh.remove(name);
                    match &view {
                        Some(view) if shown.nodes.get(name) != Some(view) => {
                            changed.push(view.clone())
                        }
                        None if shown.nodes.contains_key(name) => removed.push(name.clone()),
                        _ => {}
                    }
                    shown.put(name, view);
                }
                if nodes_changed {
                    shown.label_keys = views::label_keys(cluster);
                }
                shown.frame = frame;
                (NodeChanges::Delta { changed, removed }, shown)
            }
            // Otherwise every node's view is made again; the page gets the ones that differ
            // from what it shows, or all of them.
            before => {
                let mut shown = Shown {
                    frame,
                    nodes: BTreeMap::new(),
                    pod_nodes: BTreeMap::new(),
                    revisions,
                    label_keys: views::label_keys(cluster),
                };
                let mut views = views::node_views(cluster);
                run.evictions.mark(&mut views, frame);
                for view in views {
                    let name = view.name.clone();
                    shown.put(&name, Some(view));
                }
                let nodes = match before {
                    Some(before) => NodeChanges::Delta {
                        changed: shown
                            .nodes
                            .iter()
                            .filter(|(name, node)| before.nodes.get(*name) != Some(*node))
                            .map(|(_, node)| node.clone())
                            .collect(),
                        removed: before
                            .nodes
                            .keys()
                            .filter(|name| !shown.nodes.contains_key(*name))
                            .cloned()
                            .collect(),
                    },
                    None => NodeChanges::Snapshot {
                        nodes: shown.nodes.values().cloned().collect(),
                    },
                };
                (nodes, shown)
            }
        };
        let (workloads, budgets) = views::workloads(cluster);
        let update = FrameUpdate {
            frame,
            nodes,
            pending: views::pending_pods(cluster, &run.timeline, frame),
            workloads,
            budgets,
            pods: views::pod_counts(cluster),
            label_keys: shown.label_keys.clone(),
            idle: views::idle_workloads(cluster),
        };
        self.shown = Some(shown);
        Response::Frame(update)
    }

    /// The current run at `frame` (clamped to its frames); None before any apply.
    fn frame(&mut self, frame: usize) -> Option<FrameRef<'_>> {
        let run = self.run.as_mut()?;
        run.move_to(frame);
        let run = self.run.as_ref()?;
        let (index, cluster) = run.cache.as_ref()?;
        Some(FrameRef {
            index: *index,
            timeline: &run.timeline,
            cluster,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Explanation, ExportKind, Selection, TextEdit};

    fn handle(session: &mut Session, request: Request) -> Response {
        session.handle(request, &mut |_| {})
    }

    fn applied(session: &mut Session, text: &str) -> Applied {
        match handle(
            session,
            Request::Apply {
                text: text.to_owned(),
            },
        ) {
            Response::Applied(applied) => applied,
            other => panic!("not applied: {other:?}"),
        }
    }

    fn shown(session: &mut Session, frame: usize, since: Option<usize>) -> FrameUpdate {
        match handle(session, Request::Show { frame, since }) {
            Response::Frame(update) => update,
            other => panic!("not a frame: {other:?}"),
        }
    }

    fn snapshot_nodes(update: FrameUpdate) -> Vec<NodeView> {
        match update.nodes {
            NodeChanges::Snapshot { nodes } => nodes,
            other => panic!("not a snapshot: {other:?}"),
        }
    }

    /// The page sends each request to the worker that answers it: the matrix and exports
    /// to the tools worker, everything else (applies included) to the engine.
    #[test]
    fn only_the_matrix_and_exports_are_routed_to_the_tools_worker() {
        let text = String::new;
        let requests = [
            (Request::Apply { text: text() }, Program::Engine),
            (
                Request::Show {
                    frame: 0,
                    since: None,
                },
                Program::Engine,
            ),
            (
                Request::Explain {
                    frame: 0,
                    selection: Selection::Node(text()),
                },
                Program::Engine,
            ),
            (
                Request::Kubectl {
                    frame: 0,
                    view: crate::protocol::KubectlView::GetPods,
                },
                Program::Engine,
            ),
            (
                Request::Edit {
                    text: text(),
                    frame: 0,
                    edit: TextEdit::DeleteNode { node: text() },
                },
                Program::Engine,
            ),
            (Request::CliDiagnostics { yaml: text() }, Program::Engine),
            (
                Request::Matrix {
                    frame: 0,
                    pod: text(),
                },
                Program::Tools,
            ),
            (
                Request::Export {
                    export: ExportKind::KindConfig,
                },
                Program::Tools,
            ),
            // Every lesson has goals: its checklist is asked for as soon as it is applied,
            // so it stays with the engine rather than start the tools worker on every visit.
            (Request::Goals { lesson: text() }, Program::Engine),
        ];
        for (request, program) in requests {
            assert_eq!(request.program(), program, "{request:?}");
        }
    }

    /// Each worker's dispatch answers its own requests and refuses the other's (so that
    /// the engine's program does not link the matrix and the exports).
    #[test]
    fn each_worker_refuses_the_requests_of_the_other() {
        let mut session = Session::new();
        let matrix = Request::Matrix {
            frame: 0,
            pod: "default/p".to_owned(),
        };
        let refused = session.handle_engine(matrix, &mut |_| {});
        assert_eq!(
            refused,
            Response::Failed {
                message: "this request is answered by kubeplay-tools".to_owned()
            }
        );
        let show = Request::Show {
            frame: 0,
            since: None,
        };
        let refused = session.handle_tools(show, &mut |_| {});
        assert_eq!(
            refused,
            Response::Failed {
                message: "this request is answered by kubeplay-engine".to_owned()
            }
        );
    }

    /// A tools session given the run's text answers the matrix at every frame and every
    /// export exactly as the engine's functions do on that run (what the single engine
    /// answered before the split), and follows a newer text.
    #[test]
    fn the_tools_session_answers_the_matrix_and_exports_of_the_text_it_was_given() {
        let lesson = include_str!("../../scenarios/lessons/16-topology-spread-zones.yaml");
        let others = include_str!("../../scenarios/lessons/03-node-selector.yaml");
        let mut tools = Session::new();
        for text in [others, lesson] {
            let apply = Request::Apply {
                text: text.to_owned(),
            };
            assert!(matches!(
                tools.handle_tools(apply, &mut |_| {}),
                Response::Applied(Applied { run: Some(_), .. })
            ));
        }
        let objects = yaml::load(lesson).objects;
        let profiles = Profiles::of(objects.scheduler_configuration.as_ref());
        let timeline = Simulation::run(&objects, None);
        let last = timeline.len() - 1;
        let pods: Vec<String> = timeline
            .state_at(last)
            .pods
            .keys()
            .map(str::to_string)
            .collect();
        assert!(!pods.is_empty());
        for frame in [0, last / 2, last] {
            let cluster = timeline.state_at(frame);
            for pod in &pods {
                let request = Request::Matrix {
                    frame,
                    pod: pod.clone(),
                };
                assert_eq!(
                    tools.handle_tools(request, &mut |_| {}),
                    Response::Table(matrix::matrix_table(&cluster, pod, &profiles)),
                    "the matrix of {pod} at frame {frame}"
                );
            }
        }
        for export in [
            ExportKind::ClusterYaml,
            ExportKind::WorkloadYaml,
            ExportKind::KubectlScript,
            ExportKind::KindConfig,
        ] {
            assert_eq!(
                tools.handle_tools(Request::Export { export }, &mut |_| {}),
                Response::Exported {
                    text: panels::export(&objects, export)
                }
            );
        }
    }

    /// The cached, incrementally replayed cluster is the timeline's own `state_at` for any
    /// walk over the frames (forwards across checkpoints, backwards, repeated).
    #[test]
    fn the_cached_cluster_matches_the_timeline_at_every_frame_of_a_walk() {
        let text = crate::cli::generate::generate(crate::cli::generate::Options {
            nodes: 100,
            pods_per_node: 0,
            zones: 3,
        });
        let mut run = Run {
            timeline: Simulation::run(&yaml::load(&text).objects, None),
            cache: None,
            evictions: views::EvictionAnswers::default(),
        };
        let last = run.timeline.len() - 1;
        assert!(
            run.timeline.checkpoints.len() > 1,
            "the walk must cross checkpoints"
        );
        let mut walk: Vec<usize> = (0..=last).step_by(3).collect();
        walk.extend([last, last, 0, last / 2, last / 2 + 1, 1, last + 10]);
        for i in walk {
            run.move_to(i);
            let cached = &run.cache.as_ref().expect("cached").1;
            assert!(
                *cached == run.timeline.state_at(i.min(last)),
                "frame {i} differs"
            );
        }
    }

    #[test]
    fn an_apply_reports_its_progress_and_the_frames_of_its_run() {
        let mut session = Session::new();
        let mut reports = Vec::new();
        let response = session.handle(
            Request::Apply {
                text: crate::engine::sim::cluster::DEFAULT_SCENARIO.to_owned(),
            },
            &mut |r| reports.push(r),
        );
        let Response::Applied(Applied { diagnostics, run }) = response else {
            panic!("not applied");
        };
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let run = run.expect("a run");
        assert!(run.frames.len() > 1);
        assert_eq!(
            run.next_node_name, "worker-4",
            "control-plane and worker-1..3 are taken"
        );
        assert!(!reports.is_empty(), "progress was reported");
        assert!(reports
            .iter()
            .all(|r| matches!(r, Response::Progress { .. })));
    }

    #[test]
    fn a_text_with_errors_keeps_the_last_good_run() {
        let mut session = Session::new();
        applied(&mut session, crate::engine::sim::cluster::DEFAULT_SCENARIO);
        let before = snapshot_nodes(shown(&mut session, usize::MAX, None));
        let broken = applied(&mut session, "kind: Node\nmetadata:\n  name: [oops\n");
        assert!(broken.run.is_none());
        assert!(!broken.diagnostics.is_empty());
        assert_eq!(
            snapshot_nodes(shown(&mut session, usize::MAX, None)),
            before
        );
    }

    /// Walking the frames with deltas (one frame at a time, and in jumps) gives, at every
    /// frame, the nodes of a snapshot: for every lesson, whose frames change pods, nodes
    /// (labels, taints, cordons, readiness) and DaemonSets (rolling updates, rollbacks).
    #[test]
    fn deltas_applied_frame_by_frame_equal_the_snapshot_of_every_frame() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lessons");
        let mut files: Vec<_> = std::fs::read_dir(root)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|f| f.extension().is_some_and(|e| e == "yaml"));
        files.sort();
        assert!(files.len() >= 9, "lessons found");
        let mut deltas = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).expect("the lesson");
            let name = file.display();
            for step in [1, 3] {
                let (mut walker, mut reference) = (Session::new(), Session::new());
                let run = applied(&mut walker, &text).run.expect("a run");
                applied(&mut reference, &text);
                let mut nodes: BTreeMap<String, NodeView> =
                    snapshot_nodes(shown(&mut walker, 0, None))
                        .into_iter()
                        .map(|n| (n.name.clone(), n))
                        .collect();
                let mut at = 0;
                while at + step < run.frames.len() {
                    let update = shown(&mut walker, at + step, Some(at));
                    at += step;
                    match update.nodes {
                        NodeChanges::Delta { changed, removed } => {
                            deltas += usize::from(!changed.is_empty());
                            for gone in removed {
                                nodes.remove(&gone);
                            }
                            for node in changed {
                                nodes.insert(node.name.clone(), node);
                            }
                        }
                        other => panic!("{name} frame {at}: not a delta: {other:?}"),
                    }
                    let expected = snapshot_nodes(shown(&mut reference, at, None));
                    assert_eq!(
                        nodes.values().cloned().collect::<Vec<_>>(),
                        expected,
                        "{name}, step {step}, frame {at}"
                    );
                    let fresh = shown(&mut reference, at, None);
                    assert_eq!(update.label_keys, fresh.label_keys, "{name} frame {at}");
                }
            }
        }
        assert!(deltas > 0, "the lessons change pods");
    }

    /// A terminating pod's view carries its grace period (the board's countdown) at every
    /// frame of its termination, walked to or shown directly, and with a drain's
    /// `--grace-period` its own.
    #[test]
    fn a_terminating_pod_shows_its_grace_period_at_every_frame_walked_or_shown() {
        let read = |file: &str| {
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                .expect("the lesson")
        };
        let drain = read("scenarios/lessons/20-drain-daemonset-pods.yaml");
        let cases = [
            (
                "a rolling update",
                read("scenarios/lessons/06-rolling-update.yaml"),
                30_000,
            ),
            ("a drain", drain.clone(), 30_000),
            (
                "a drain with --grace-period=5",
                drain.replace(
                    "ignoreDaemonSets: true, timeout",
                    "ignoreDaemonSets: true, gracePeriod: 5, timeout",
                ),
                5_000,
            ),
        ];
        for (name, text, grace) in cases {
            let mut session = Session::new();
            let run = applied(&mut session, &text).run.expect("a run");
            // Walked forwards, then shown backwards (replayed from a checkpoint).
            let forwards = 0..run.frames.len();
            let mut terminating = 0;
            for frame in forwards.clone().chain(forwards.rev()) {
                for pod in snapshot_nodes(shown(&mut session, frame, None))
                    .iter()
                    .flat_map(|n| &n.pods)
                {
                    if let Some(period) = pod.terminating {
                        terminating += 1;
                        assert_eq!(period.ends - period.since, grace, "{name}: {}", pod.key);
                        assert!(period.since <= run.frames[frame].time_ms, "{name}");
                    }
                }
            }
            assert!(terminating > 0, "{name} terminates a pod");
        }
    }

    /// The page speaks the protocol in postcard, which cannot carry every serde shape (no
    /// self-describing values): every kind of reply survives the round trip.
    #[test]
    fn every_reply_survives_the_pages_postcard_encoding() {
        let mut session = Session::new();
        let text = crate::engine::sim::cluster::DEFAULT_SCENARIO;
        let mut replies = vec![Response::Ready {
            kubernetes_version: "v1.35".to_owned(),
        }];
        replies.push(handle(
            &mut session,
            Request::Apply {
                text: "kind: Node\nmetadata:\n  name: [oops\n".to_owned(),
            },
        ));
        replies.push(handle(
            &mut session,
            Request::Apply {
                text: text.to_owned(),
            },
        ));
        replies.push(handle(
            &mut session,
            Request::Show {
                frame: 3,
                since: None,
            },
        ));
        replies.push(handle(
            &mut session,
            Request::Show {
                frame: 9,
                since: Some(3),
            },
        ));
        for selection in [
            Selection::Node("control-plane".to_owned()),
            Selection::Pod("default/nobody".to_owned()),
        ] {
            replies.push(handle(
                &mut session,
                Request::Explain {
                    frame: 9,
                    selection,
                },
            ));
        }
        let pending = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: c\n    image: x\n    resources:\n      requests:\n        cpu: \"100\"\n";
        handle(
            &mut session,
            Request::Apply {
                text: pending.to_owned(),
            },
        );
        replies.push(handle(
            &mut session,
            Request::Explain {
                frame: usize::MAX,
                selection: Selection::Pod("default/big".to_owned()),
            },
        ));
        replies.push(handle(
            &mut session,
            Request::CliDiagnostics {
                yaml: text.to_owned(),
            },
        ));
        for (id, response) in replies.into_iter().enumerate() {
            let reply = crate::protocol::Reply {
                id: Some(id as u64),
                response,
            };
            let bytes = postcard::to_allocvec(&reply).expect("encodes");
            let back: crate::protocol::Reply = postcard::from_bytes(&bytes).expect("decodes");
            assert_eq!(back, reply);
        }
        let envelope = crate::protocol::Envelope {
            id: 7,
            request: Request::Edit {
                text: text.to_owned(),
                frame: 2,
                edit: TextEdit::Rollback {
                    kind: crate::protocol::WorkloadKind::DaemonSet,
                    workload: "kube-system/fluentd-elasticsearch".to_owned(),
                    to_revision: Some(1),
                },
            },
        };
        let bytes = postcard::to_allocvec(&envelope).expect("encodes");
        assert_eq!(
            postcard::from_bytes::<crate::protocol::Envelope>(&bytes).expect("decodes"),
            envelope
        );
    }

    #[test]
    fn a_show_since_another_frame_than_the_last_sent_is_a_snapshot() {
        let mut session = Session::new();
        applied(&mut session, crate::engine::sim::cluster::DEFAULT_SCENARIO);
        shown(&mut session, 3, None);
        assert!(matches!(
            shown(&mut session, 5, Some(2)).nodes,
            NodeChanges::Snapshot { .. }
        ));
    }

    #[test]
    fn explain_and_edits_answer_about_the_frame_asked_for() {
        let mut session = Session::new();
        let text = crate::engine::sim::cluster::DEFAULT_SCENARIO;
        applied(&mut session, text);
        let explained = handle(
            &mut session,
            Request::Explain {
                frame: usize::MAX,
                selection: Selection::Node("worker-1".to_owned()),
            },
        );
        let Response::Explained(Explanation::Node { daemon_sets }) = explained else {
            panic!("not a node explanation: {explained:?}");
        };
        assert_eq!(daemon_sets.len(), 1);
        assert!(daemon_sets[0].should_run);
        assert_eq!(
            handle(
                &mut session,
                Request::Explain {
                    frame: 0,
                    selection: Selection::Pod("default/nobody".to_owned()),
                },
            ),
            Response::Explained(Explanation::Gone)
        );
        let cordoned = handle(
            &mut session,
            Request::Edit {
                text: text.to_owned(),
                frame: usize::MAX,
                edit: TextEdit::SetUnschedulable {
                    node: "worker-2".to_owned(),
                    unschedulable: true,
                },
            },
        );
        let Response::Edited { text: cordoned } = cordoned else {
            panic!("not edited: {cordoned:?}");
        };
        assert!(cordoned.contains("unschedulable: true"), "{cordoned}");
        let refused = handle(
            &mut session,
            Request::Edit {
                text: text.to_owned(),
                frame: usize::MAX,
                edit: TextEdit::SetLabelsAndTaints {
                    node: "worker-2".to_owned(),
                    labels: String::new(),
                    taints: "c".to_owned(),
                },
            },
        );
        assert_eq!(
            refused,
            Response::Failed {
                message: "invalid taint spec: c".to_owned()
            }
        );
    }
}

//! Scenario semantics: the initial objects, each step's action at its time, waits, and
//! the stop condition.

use crate::engine::api::scenario::{
    Action, ImageFailure as ScenarioFailure, PodRef, Scenario, ScenarioObject, ScenarioSpec, Until,
    Wait,
};
use crate::engine::api::{Node, Taint};
use crate::engine::yaml::Objects;

use super::drain;
use super::driver::{Config, Engine};
use super::rollout_steps;
use super::timeline::{DrainRecord, FrameKind, Timeline};
use crate::engine::controllers::kubelet::{ImageBehaviour, ImageFailure, KubeletConfig};
use crate::engine::controllers::statefulset::utils::pod_name;
use crate::engine::store::state::{object_key, set_condition, ClusterState};
use crate::engine::time::Millis;

/// How long `until: stable` may run at most (virtual time), so that a crash loop or a
/// back-off still ends.
pub const STABLE_LIMIT: Millis = 6 * 3600 * 1000;

/// Entry points of the simulation.
pub struct Simulation;

/// The kubelet model and other options of a scenario as engine configuration.
pub fn config_of(spec: &ScenarioSpec) -> Config {
    Config {
        seed: spec.seed,
        manual: spec.manual_readiness,
        kubelet: KubeletConfig {
            pull_ms: spec.kubelet.image_pull.millis,
            start_ms: spec.kubelet.start.millis,
            ready_ms: spec.kubelet.readiness.millis,
            images: spec
                .kubelet
                .images
                .iter()
                .map(|rule| ImageBehaviour {
                    image: rule.image.clone(),
                    pull_ms: rule.pull.map(|d| d.millis),
                    failure: rule.failure.map(|f| match f {
                        ScenarioFailure::ImagePullError => ImageFailure::PullError,
                        ScenarioFailure::Crash => ImageFailure::Crash,
                    }),
                })
                .collect(),
        },
        scheduler: None,
    }
}

impl Simulation {
    /// Runs `objects` (with their Scenario, if any) until the scenario's `until`, or
    /// `until` when given.
    pub fn run(objects: &Objects, until: Option<Until>) -> Timeline {
        Simulation::run_observed(objects, until, &mut |_| {})
    }

    /// [`Simulation::run`], calling `observe` with the run's progress after every instant
    /// simulated (the worker reports it to the page while a large run works).
    pub fn run_observed(
        objects: &Objects,
        until: Option<Until>,
        observe: &mut dyn FnMut(Progress),
    ) -> Timeline {
        let spec = objects
            .scenario
            .as_ref()
            .map(|s| s.spec.clone())
            .unwrap_or_default();
        // The run starts at the latest time the input states: its objects' own times are
        // offsets before it.
        let initial = ClusterState {
            run_start: crate::engine::yaml::run_start(objects),
            ..ClusterState::default()
        };
        let config = Config {
            scheduler: objects.scheduler_configuration.clone(),
            ..config_of(&spec)
        };
        let mut engine = Engine::new(initial, config);
        engine.begin(FrameKind::Step, "load objects".to_string());
        apply_objects(&mut engine, objects);
        play(engine, &spec, until.unwrap_or(spec.until), observe)
    }

    /// Starts a new run from `state` (e.g. a frame of an earlier timeline), applies
    /// `objects` at that instant (create or update), and plays `scenario`'s steps from there.
    pub fn resume(
        state: &ClusterState,
        objects: &Objects,
        scenario: Option<&Scenario>,
    ) -> Timeline {
        let spec = scenario.map(|s| s.spec.clone()).unwrap_or_default();
        let config = Config {
            scheduler: objects.scheduler_configuration.clone(),
            ..config_of(&spec)
        };
        let mut engine = Engine::new(state.clone(), config);
        engine.begin(FrameKind::Step, "apply edited objects".to_string());
        apply_objects(&mut engine, objects);
        play(engine, &spec, spec.until, &mut |_| {})
    }
}

/// Creates or updates every object, dependencies first (PriorityClasses, Nodes, DaemonSets,
/// Deployments, ReplicaSets, PodDisruptionBudgets, then Pods), and lets the controllers react.
fn apply_objects(engine: &mut Engine, objects: &Objects) {
    for class in &objects.priority_classes {
        apply(engine, ScenarioObject::PriorityClass(class.clone()));
    }
    for node in &objects.nodes {
        apply(engine, ScenarioObject::Node(node.clone()));
    }
    for ds in &objects.daemon_sets {
        apply(engine, ScenarioObject::DaemonSet(ds.clone()));
    }
    for deployment in &objects.deployments {
        apply(engine, ScenarioObject::Deployment(deployment.clone()));
    }
    for replica_set in &objects.replica_sets {
        apply(engine, ScenarioObject::ReplicaSet(replica_set.clone()));
    }
    for stateful_set in &objects.stateful_sets {
        apply(engine, ScenarioObject::StatefulSet(stateful_set.clone()));
    }
    for pdb in &objects.pod_disruption_budgets {
        apply(engine, ScenarioObject::PodDisruptionBudget(pdb.clone()));
    }
    for pod in &objects.pods {
        apply(engine, ScenarioObject::Pod(pod.clone()));
    }
    engine.settle();
}

/// How far a run has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Virtual time simulated since the run's start, in milliseconds.
    pub simulated_ms: Millis,
    /// Frames recorded so far.
    pub frames: usize,
}

fn play(
    mut engine: Engine,
    spec: &ScenarioSpec,
    until: Until,
    observe: &mut dyn FnMut(Progress),
) -> Timeline {
    let start = engine.now();
    let mut observe = |engine: &Engine| {
        observe(Progress {
            simulated_ms: engine.now().saturating_sub(start),
            frames: engine.timeline().len(),
        })
    };
    let mut previous_end = engine.now();
    for (index, step) in spec.steps.iter().enumerate() {
        if engine.limit().is_some() {
            break;
        }
        let target = match (step.at, step.after) {
            (Some(at), _) => start.saturating_add(at.millis),
            (None, Some(after)) => previous_end.saturating_add(after.millis),
            (None, None) => previous_end,
        };
        engine.advance_to_observed(target, &mut observe);
        engine.begin(
            FrameKind::Step,
            format!("step {}: {}", index + 1, describe(&step.action)),
        );
        engine.mark_step();
        run_action(&mut engine, &step.action, &mut observe);
        engine.settle();
        previous_end = engine.now();
    }
    let stable = match until {
        Until::Stable => {
            let limit = engine.now().saturating_add(STABLE_LIMIT);
            while engine.step_wakes(limit) {
                observe(&engine);
            }
            engine.next_wake().is_none()
        }
        Until::After(d) => {
            let end = start.saturating_add(d.millis).max(engine.now());
            engine.advance_to_observed(end, &mut observe);
            engine.next_wake().is_none()
        }
    };
    engine.finish(stable)
}

/// A short description of a step's action.
pub fn describe(action: &Action) -> String {
    match action {
        Action::Apply(obj) => match obj {
            ScenarioObject::Node(n) => format!("apply node/{}", n.metadata.name),
            ScenarioObject::Pod(p) => format!("apply pod/{}", p.metadata.name),
            ScenarioObject::DaemonSet(d) => format!("apply daemonset/{}", d.metadata.name),
            ScenarioObject::PriorityClass(c) => format!("apply priorityclass/{}", c.metadata.name),
            ScenarioObject::PodDisruptionBudget(p) => {
                format!("apply poddisruptionbudget/{}", p.metadata.name)
            }
            ScenarioObject::Deployment(d) => format!("apply deployment/{}", d.metadata.name),
            ScenarioObject::ReplicaSet(r) => format!("apply replicaset/{}", r.metadata.name),
            ScenarioObject::StatefulSet(s) => format!("apply statefulset/{}", s.metadata.name),
        },
        Action::Drain(spec) => format!("drain {}", spec.node),
        Action::Evict { name, .. } => format!("evict pod {name}"),
        Action::SetImage {
            workload, image, ..
        } => format!("set image {} {image}", workload.slash_name()),
        Action::Scale { workload, replicas } => {
            format!("scale {} --replicas={replicas}", workload.slash_name())
        }
        Action::SetPartition {
            workload,
            partition,
        } => format!("set partition {} {partition}", workload.slash_name()),
        Action::Pause(workload) => format!("rollout pause {}", workload.slash_name()),
        Action::Resume(workload) => format!("rollout resume {}", workload.slash_name()),
        Action::AddNode(n) => format!("add node {}", n.metadata.name),
        Action::DeleteNode(n) => format!("delete node {n}"),
        Action::LabelNode { node, .. } => format!("label node {node}"),
        Action::TaintNode {
            node,
            key,
            value,
            effect,
        } => format!("taint node {node} {key}={value}:{}", effect.as_str()),
        Action::UntaintNode { node, key, .. } => format!("untaint node {node} {key}"),
        Action::Cordon(n) => format!("cordon {n}"),
        Action::Uncordon(n) => format!("uncordon {n}"),
        Action::SetNodeReady { node, ready } => format!("set node {node} ready={ready}"),
        Action::DeletePod(PodRef::Named { name, .. }) => format!("delete pod {name}"),
        Action::DeletePod(PodRef::DaemonPod {
            daemon_set, node, ..
        }) => format!("delete pod of daemonset/{daemon_set} on {node}"),
        Action::DeletePod(PodRef::DeploymentPods {
            deployment, node, ..
        }) => match node {
            Some(node) => format!("delete pods of deployment/{deployment} on {node}"),
            None => format!("delete pods of deployment/{deployment}"),
        },
        Action::DeletePod(PodRef::StatefulSetPod {
            stateful_set,
            ordinal,
            ..
        }) => format!("delete pod {}", pod_name(stateful_set, *ordinal)),
        Action::MarkPodsReady { daemon_set, .. } => format!("mark pods of {daemon_set} ready"),
        Action::Sync { daemon_set, .. } => match daemon_set {
            Some(ds) => format!("sync daemonset/{ds}"),
            None => "sync".to_string(),
        },
        Action::Wait(Wait::For(d)) => format!("wait {d}"),
        Action::Wait(Wait::RolloutComplete { workload, .. }) => {
            format!("wait for rollout of {}", workload.slash_name())
        }
        Action::Rollback { workload, .. } => format!("rollout undo {}", workload.slash_name()),
    }
}

fn apply(engine: &mut Engine, object: ScenarioObject) {
    match object {
        ScenarioObject::Node(node) => {
            let name = node.metadata.name.clone();
            let existed = engine.state().nodes.contains_key(&name);
            engine.apply_node(node);
            engine.output(format!(
                "node/{name} {}",
                if existed { "configured" } else { "created" }
            ));
        }
        ScenarioObject::Pod(pod) => {
            let name = pod.metadata.name.clone();
            match engine.apply_pod(pod) {
                Ok(()) => engine.output(format!("pod/{name} created")),
                Err(message) => engine.output(format!("Error from server (Forbidden): {message}")),
            }
        }
        ScenarioObject::DaemonSet(ds) => {
            let key = object_key(&ds.metadata.namespace, &ds.metadata.name);
            let name = ds.metadata.name.clone();
            let existed = engine.state().daemon_sets.contains_key(&key);
            engine.apply_daemon_set(ds);
            engine.output(format!(
                "daemonset.apps/{name} {}",
                if existed { "configured" } else { "created" }
            ));
        }
        ScenarioObject::PodDisruptionBudget(pdb) => {
            let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
            let name = pdb.metadata.name.clone();
            let existed = engine.state().pod_disruption_budgets.contains_key(&key);
            engine.apply_pod_disruption_budget(pdb);
            output_applied(engine, "poddisruptionbudget.policy", &name, existed);
        }
        ScenarioObject::StatefulSet(stateful_set) => {
            let meta = &stateful_set.metadata;
            let key = object_key(&meta.namespace, &meta.name);
            let name = meta.name.clone();
            let existed = engine.state().stateful_sets.contains_key(&key);
            engine.apply_stateful_set(stateful_set);
            output_applied(engine, "statefulset.apps", &name, existed);
        }
        ScenarioObject::PriorityClass(class) => {
            let name = class.metadata.name.clone();
            engine.apply_priority_class(class);
            engine.output(format!("priorityclass.scheduling.k8s.io/{name} created"));
        }
        ScenarioObject::Deployment(deployment) => {
            let key = object_key(&deployment.metadata.namespace, &deployment.metadata.name);
            let name = deployment.metadata.name.clone();
            let existed = engine.state().deployments.contains_key(&key);
            engine.apply_deployment(deployment);
            output_applied(engine, "deployment.apps", &name, existed);
        }
        ScenarioObject::ReplicaSet(replica_set) => {
            let key = object_key(&replica_set.metadata.namespace, &replica_set.metadata.name);
            let name = replica_set.metadata.name.clone();
            let existed = engine.state().replica_sets.contains_key(&key);
            engine.apply_replica_set(replica_set);
            output_applied(engine, "replicaset.apps", &name, existed);
        }
    }
}

/// kubectl apply's line for an object: `<resource>/<name> created` or `configured`.
fn output_applied(engine: &mut Engine, resource: &str, name: &str, existed: bool) {
    engine.output(format!(
        "{resource}/{name} {}",
        if existed { "configured" } else { "created" }
    ));
}

fn edit_node(engine: &mut Engine, name: &str, verb: &str, edit: impl FnOnce(&mut Node)) {
    if engine.edit_node(name, edit) {
        engine.output(format!("node/{name} {verb}"));
    } else {
        engine.output(format!(
            "Error from server (NotFound): nodes \"{name}\" not found"
        ));
    }
}

/// `kubectl cordon` / `uncordon` (`RunCordonOrUncordon`): a node already in the desired
/// state is left alone and reported `already cordoned` / `already uncordoned`.
fn cordon(engine: &mut Engine, name: &str, desired: bool) {
    let verb = if desired { "cordoned" } else { "uncordoned" };
    let current = engine
        .state()
        .nodes
        .get(name)
        .map(|n| n.node.spec.unschedulable);
    if current == Some(desired) {
        engine.output(format!("node/{name} already {verb}"));
        return;
    }
    edit_node(engine, name, verb, |n| n.spec.unschedulable = desired);
}

/// Runs one scenario step; `observe` is called after every instant a `wait` simulates.
fn run_action(engine: &mut Engine, action: &Action, observe: &mut dyn FnMut(&Engine)) {
    match action {
        Action::Apply(object) => apply(engine, object.clone()),
        Action::AddNode(node) => apply(engine, ScenarioObject::Node(node.clone())),
        Action::SetImage {
            workload,
            container,
            image,
        } => rollout_steps::set_image(engine, workload, container.as_deref(), image),
        Action::Scale { workload, replicas } => rollout_steps::scale(engine, workload, *replicas),
        Action::SetPartition {
            workload,
            partition,
        } => rollout_steps::set_partition(engine, workload, *partition),
        Action::Pause(workload) => rollout_steps::set_paused(engine, workload, true),
        Action::Resume(workload) => rollout_steps::set_paused(engine, workload, false),
        Action::DeleteNode(name) => {
            if engine.delete_node(name) {
                engine.output(format!("node \"{name}\" deleted"));
            } else {
                engine.output(format!(
                    "Error from server (NotFound): nodes \"{name}\" not found"
                ));
            }
        }
        Action::LabelNode { node, labels } => {
            let verb = if labels.values().all(Option::is_none) {
                "unlabeled"
            } else {
                "labeled"
            };
            let labels = labels.clone();
            edit_node(engine, node, verb, move |n| {
                for (k, v) in labels {
                    match v {
                        Some(v) => {
                            n.metadata.labels.insert(k, v);
                        }
                        None => {
                            n.metadata.labels.remove(&k);
                        }
                    }
                }
            });
        }
        Action::TaintNode {
            node,
            key,
            value,
            effect,
        } => {
            // kubectl taint without --overwrite refuses a key and effect already there.
            let exists = engine.state().nodes.get(node).is_some_and(|n| {
                n.node
                    .spec
                    .taints
                    .iter()
                    .any(|t| t.key == *key && t.effect == *effect)
            });
            if exists {
                engine.output(format!(
                    "error: node {node} already has {key} taint(s) with same effect(s) and --overwrite is false"
                ));
                return;
            }
            let taint = Taint {
                key: key.clone(),
                value: value.clone(),
                effect: *effect,
                time_added: None,
            };
            edit_node(engine, node, "tainted", move |n| n.spec.taints.push(taint));
        }
        Action::UntaintNode { node, key, effect } => {
            let spec = match effect {
                Some(e) => format!("{key}:{}", e.as_str()),
                None => key.clone(),
            };
            let (key, effect) = (key.clone(), *effect);
            let matches = move |t: &Taint| t.key == key && effect.is_none_or(|e| e == t.effect);
            // kubectl taint KEY[:EFFECT]- fails when nothing matches (`deleteTaints`).
            let found = engine
                .state()
                .nodes
                .get(node)
                .is_none_or(|n| n.node.spec.taints.iter().any(matches.clone()));
            if !found {
                engine.output(format!("error: taint \"{spec}\" not found"));
                return;
            }
            edit_node(engine, node, "untainted", move |n| {
                n.spec.taints.retain(|t| !matches(t))
            });
        }
        Action::Cordon(node) => cordon(engine, node, true),
        Action::Uncordon(node) => cordon(engine, node, false),
        Action::SetNodeReady { node, ready } => {
            let status = if *ready { "True" } else { "False" };
            edit_node(engine, node, "condition updated", move |n| {
                set_condition(n, "Ready", status)
            });
        }
        Action::DeletePod(reference) => {
            let keys: Vec<String> = match reference {
                PodRef::Named { name, namespace } => {
                    vec![object_key(namespace, name)]
                }
                PodRef::DaemonPod {
                    daemon_set,
                    namespace,
                    node,
                } => {
                    let owner = object_key(namespace, daemon_set);
                    engine
                        .state()
                        .pods
                        .values()
                        .filter(|p| {
                            p.daemon_set() == Some(owner.as_str())
                                && p.target_node() == Some(node.as_str())
                                && p.deletion.is_none()
                        })
                        .map(|p| p.key().to_string())
                        .collect()
                }
                PodRef::DeploymentPods {
                    deployment,
                    namespace,
                    node,
                } => {
                    let state = engine.state();
                    let owners: Vec<String> = state
                        .replica_sets_of(&object_key(namespace, deployment))
                        .iter()
                        .map(|r| r.key())
                        .collect();
                    state
                        .pods
                        .values()
                        .filter(|p| {
                            p.replica_set()
                                .is_some_and(|o| owners.iter().any(|k| k == o))
                                && node
                                    .as_ref()
                                    .is_none_or(|n| p.target_node() == Some(n.as_str()))
                                && p.deletion.is_none()
                        })
                        .map(|p| p.key().to_string())
                        .collect()
                }
                PodRef::StatefulSetPod {
                    stateful_set,
                    namespace,
                    ordinal,
                } => vec![object_key(namespace, &pod_name(stateful_set, *ordinal))],
            };
            if keys.is_empty() {
                engine.output("No resources found".to_string());
            }
            for key in keys {
                let name = key.rsplit('/').next().unwrap_or_default().to_string();
                if engine.state().pods.contains_key(&key) {
                    engine.delete_pod(&key);
                    engine.output(format!("pod \"{name}\" deleted"));
                } else {
                    engine.output(format!(
                        "Error from server (NotFound): pods \"{name}\" not found"
                    ));
                }
            }
        }
        Action::MarkPodsReady {
            daemon_set,
            namespace,
            node,
        } => {
            let owner = object_key(namespace, daemon_set);
            let keys: Vec<String> = engine
                .state()
                .pods
                .values()
                .filter(|p| p.daemon_set() == Some(owner.as_str()))
                .filter(|p| {
                    node.as_ref()
                        .is_none_or(|n| p.target_node() == Some(n.as_str()))
                })
                .map(|p| p.key().to_string())
                .collect();
            engine.mark_ready(&keys);
        }
        Action::Sync {
            daemon_set,
            namespace,
        } => {
            let keys: Vec<String> = match daemon_set {
                Some(name) => vec![object_key(namespace, name)],
                None => engine
                    .state()
                    .daemon_sets
                    .keys()
                    .map(str::to_string)
                    .collect(),
            };
            for key in keys {
                engine.sync_daemon_set(&key);
            }
        }
        Action::Wait(Wait::For(d)) => {
            let target = engine.now().saturating_add(d.millis);
            engine.advance_to_observed(target, observe);
        }
        Action::Wait(Wait::RolloutComplete { workload, timeout }) => {
            let deadline = engine
                .now()
                .saturating_add(timeout.map_or(STABLE_LIMIT, |t| t.millis));
            let step_frame = engine.current_frame_index();
            let lines = rollout_steps::wait_for_rollout(engine, workload, deadline, observe);
            engine.append_output(step_frame, lines);
        }
        Action::Drain(spec) => {
            let step_frame = engine.current_frame_index();
            let limit = engine.now().saturating_add(STABLE_LIMIT);
            let output = drain::drain(engine, spec, limit, observe);
            engine.record_drain(DrainRecord {
                frame: step_frame,
                command: drain::command_line(spec),
                printed_at: output.printed_at,
            });
            engine.append_output(step_frame, output.lines);
        }
        Action::Evict { name, namespace } => {
            let line = drain::evict(engine, namespace, name);
            engine.output(line);
        }
        Action::Rollback {
            workload,
            to_revision,
        } => rollout_steps::rollback(engine, workload, *to_revision),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scheduler's snapshot is kept change by change; after every step and every batch
    /// of wake-ups it must equal a snapshot built from the whole state, for every lesson
    /// (preemption, rolling updates, evictions, node changes).
    #[test]
    fn the_incremental_scheduler_snapshot_equals_a_fresh_one_throughout_every_lesson() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lessons");
        let mut files: Vec<_> = std::fs::read_dir(root)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        assert!(files.len() >= 5, "lessons found");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let mut objects = crate::engine::yaml::load(&text).objects;
            super::super::cluster::fill_in_default_cluster(&mut objects);
            let spec = objects
                .scenario
                .as_ref()
                .map(|s| s.spec.clone())
                .unwrap_or_default();
            let mut engine = Engine::new(ClusterState::default(), config_of(&spec));
            apply_objects(&mut engine, &objects);
            let name = file.display();
            assert!(engine.scheduler_view_is_fresh(), "{name}: after loading");
            for (i, step) in spec.steps.iter().enumerate() {
                if let Some(at) = step.at {
                    while engine.step_wakes(at.millis) {
                        assert!(engine.scheduler_view_is_fresh(), "{name}: before step {i}");
                    }
                }
                run_action(&mut engine, &step.action, &mut |_| {});
                engine.settle();
                assert!(engine.scheduler_view_is_fresh(), "{name}: after step {i}");
            }
            let limit = engine.now() + STABLE_LIMIT;
            while engine.step_wakes(limit) {
                assert!(engine.scheduler_view_is_fresh(), "{name}: until stable");
            }
        }
    }
}

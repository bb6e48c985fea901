//! Scenario semantics: the initial objects, each step's action at its time, waits, and
//! the stop condition.

use std::sync::Arc;

use crate::engine::api::scenario::{
    Action, ImageFailure as ScenarioFailure, PodRef, Scenario, ScenarioObject, ScenarioSpec, Until,
    Wait,
};
use crate::engine::api::{DaemonSet, Node, Taint, UpdateStrategyType};
use crate::engine::controllers::daemonset::history::{rollback, rollback_message, Rollback};
use crate::engine::yaml::Objects;

use super::drain;
use super::driver::{Config, Engine};
use super::stateful_set_steps;
use super::timeline::{FrameKind, Timeline};
use crate::engine::controllers::kubelet::{ImageBehaviour, ImageFailure, KubeletConfig};
use crate::engine::store::state::{object_key, set_condition, ClusterState, DaemonSetState};
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
        let mut engine = Engine::new(initial, config_of(&spec));
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
        let mut engine = Engine::new(state.clone(), config_of(&spec));
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
        let key = object_key(&deployment.metadata.namespace, &deployment.metadata.name);
        let existed = engine.state().deployments.contains_key(&key);
        engine.apply_deployment(deployment.clone());
        output_applied(
            engine,
            "deployment.apps",
            &deployment.metadata.name,
            existed,
        );
    }
    for replica_set in &objects.replica_sets {
        let key = object_key(&replica_set.metadata.namespace, &replica_set.metadata.name);
        let existed = engine.state().replica_sets.contains_key(&key);
        engine.apply_replica_set(replica_set.clone());
        output_applied(
            engine,
            "replicaset.apps",
            &replica_set.metadata.name,
            existed,
        );
    }
    for stateful_set in &objects.stateful_sets {
        apply(engine, ScenarioObject::StatefulSet(stateful_set.clone()));
    }
    for pdb in &objects.pod_disruption_budgets {
        let key = object_key(&pdb.metadata.namespace, &pdb.metadata.name);
        let existed = engine.state().pod_disruption_budgets.contains_key(&key);
        engine.apply_pod_disruption_budget(pdb.clone());
        output_applied(
            engine,
            "poddisruptionbudget.policy",
            &pdb.metadata.name,
            existed,
        );
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
            ScenarioObject::StatefulSet(s) => format!("apply statefulset/{}", s.metadata.name),
        },
        Action::Drain(spec) => format!("drain {}", spec.node),
        Action::Evict { name, .. } => format!("evict pod {name}"),
        Action::SetImage {
            daemon_set, image, ..
        } => format!("set image daemonset/{daemon_set} {image}"),
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
        Action::MarkPodsReady { daemon_set, .. } => format!("mark pods of {daemon_set} ready"),
        Action::Sync { daemon_set, .. } => match daemon_set {
            Some(ds) => format!("sync daemonset/{ds}"),
            None => "sync".to_string(),
        },
        Action::Wait(Wait::For(d)) => format!("wait {d}"),
        Action::Wait(Wait::RolloutComplete { daemon_set, .. }) => {
            format!("wait for rollout of daemonset/{daemon_set}")
        }
        Action::Rollback { daemon_set, .. } => format!("rollout undo daemonset/{daemon_set}"),
        Action::StatefulSet { name, op, .. } => stateful_set_steps::describe(name, op),
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
    }
}

/// kubectl apply's line for an object: `<resource>/<name> created` or `configured`.
fn output_applied(engine: &mut Engine, resource: &str, name: &str, existed: bool) {
    engine.output(format!(
        "{resource}/{name} {}",
        if existed { "configured" } else { "created" }
    ));
}

fn find_ds(engine: &mut Engine, namespace: &str, name: &str) -> Option<Arc<DaemonSetState>> {
    let found = engine
        .state()
        .daemon_sets
        .get(&object_key(namespace, name))
        .cloned();
    if found.is_none() {
        engine.output(format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    }
    found
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
        Action::StatefulSet {
            name,
            namespace,
            op,
        } => stateful_set_steps::run(engine, name, namespace, op, STABLE_LIMIT, observe),
        Action::Apply(object) => apply(engine, object.clone()),
        Action::AddNode(node) => apply(engine, ScenarioObject::Node(node.clone())),
        Action::SetImage {
            daemon_set,
            namespace,
            container,
            image,
        } => {
            let Some(ds) = find_ds(engine, namespace, daemon_set) else {
                return;
            };
            let mut next: DaemonSet = ds.ds.clone();
            let target = next
                .spec
                .template
                .spec
                .containers
                .iter_mut()
                .find(|c| container.as_ref().is_none_or(|name| &c.name == name));
            match target {
                Some(c) => {
                    c.image = image.clone();
                    engine.apply_daemon_set(next);
                    engine.output(format!("daemonset.apps/{daemon_set} image updated"));
                }
                None => engine.output(format!(
                    "error: unable to find container named \"{}\"",
                    container.clone().unwrap_or_default()
                )),
            }
        }
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
                        .map(|p| p.key())
                        .collect()
                }
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
                .map(|p| p.key())
                .collect();
            engine.mark_ready(&keys);
        }
        Action::Sync {
            daemon_set,
            namespace,
        } => {
            let keys: Vec<String> = match daemon_set {
                Some(name) => vec![object_key(namespace, name)],
                None => engine.state().daemon_sets.keys().cloned().collect(),
            };
            for key in keys {
                engine.sync_daemon_set(&key);
            }
        }
        Action::Wait(Wait::For(d)) => {
            let target = engine.now().saturating_add(d.millis);
            engine.advance_to_observed(target, observe);
        }
        Action::Wait(Wait::RolloutComplete {
            daemon_set,
            namespace,
            timeout,
        }) => {
            let key = object_key(namespace, daemon_set);
            let deadline = engine
                .now()
                .saturating_add(timeout.map_or(STABLE_LIMIT, |t| t.millis));
            let step_frame = engine.current_frame_index();
            let mut lines: Vec<String> = Vec::new();
            loop {
                let status = match engine.state().daemon_sets.get(&key) {
                    Some(ds) => rollout_status(ds),
                    None => Err(format!(
                        "Error from server (NotFound): daemonsets.apps \"{daemon_set}\" not found"
                    )),
                };
                match status {
                    Ok((line, done)) => {
                        if lines.last() != Some(&line) {
                            lines.push(line);
                        }
                        if done {
                            break;
                        }
                    }
                    Err(message) => {
                        lines.push(message);
                        break;
                    }
                }
                if engine.step_wakes(deadline) {
                    observe(engine);
                } else {
                    engine.advance_to(deadline);
                    lines.push("error: timed out waiting for the condition".to_string());
                    break;
                }
            }
            engine.append_output(step_frame, lines);
        }
        Action::Drain(spec) => {
            let step_frame = engine.current_frame_index();
            let limit = engine.now().saturating_add(STABLE_LIMIT);
            let lines = drain::drain(engine, spec, limit, observe);
            engine.append_output(step_frame, lines);
        }
        Action::Evict { name, namespace } => {
            let line = drain::evict(engine, namespace, name);
            engine.output(line);
        }
        Action::Rollback {
            daemon_set,
            namespace,
            to_revision,
        } => {
            let Some(ds) = find_ds(engine, namespace, daemon_set) else {
                return;
            };
            match rollback(&ds, to_revision.unwrap_or(0)) {
                Ok(outcome) => {
                    engine.output(rollback_message(daemon_set, &outcome));
                    if let Rollback::RolledBack(template) = outcome {
                        let mut next = ds.ds.clone();
                        next.spec.template = *template;
                        engine.apply_daemon_set(next);
                    }
                }
                Err(message) => engine.output(format!("error: {message}")),
            }
        }
    }
}

/// `kubectl rollout status ds/NAME` for the current state: the line kubectl prints and
/// whether it is the final one. Errors (non-RollingUpdate strategy) as `Err`.
pub fn rollout_status(ds: &DaemonSetState) -> Result<(String, bool), String> {
    if ds.ds.spec.update_strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".to_string(),
        );
    }
    let name = &ds.ds.metadata.name;
    let status = &ds.ds.status;
    if ds.generation > status.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...".to_string(),
            false,
        ));
    }
    if status.updated_number_scheduled < status.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...",
                status.updated_number_scheduled, status.desired_number_scheduled
            ),
            false,
        ));
    }
    if status.number_available < status.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...",
                status.number_available, status.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out"),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollout_status_follows_the_daemon_set_status_viewer() {
        // rollout_status_test.go TestDaemonSetStatusViewerStatus (test1..test4) and
        // TestDaemonSetStatusViewerStatusWithWrongUpdateStrategyType. kubectl prints the
        // error with its "error: " prefix.
        use crate::engine::api::{
            DaemonSetSpec, DaemonSetStatus, DaemonSetUpdateStrategy, PodTemplateSpec,
        };
        let ds = |type_: UpdateStrategyType, generation: i64, status: [i32; 4]| {
            let [observed, updated, desired, available] = status;
            let mut ds = DaemonSet {
                metadata: Default::default(),
                spec: DaemonSetSpec {
                    selector: None,
                    template: PodTemplateSpec::default(),
                    update_strategy: DaemonSetUpdateStrategy {
                        type_,
                        rolling_update: None,
                    },
                    min_ready_seconds: 0,
                    revision_history_limit: 10,
                },
                status: DaemonSetStatus {
                    observed_generation: i64::from(observed),
                    updated_number_scheduled: updated,
                    desired_number_scheduled: desired,
                    number_available: available,
                    ..DaemonSetStatus::default()
                },
            };
            ds.metadata.namespace = "bar".into();
            ds.metadata.name = "foo".into();
            DaemonSetState {
                ds,
                created: 0,
                generation,
                template_generation: 1,
                revisions: Vec::new(),
                current_hash: None,
            }
        };
        let rolling = UpdateStrategyType::RollingUpdate;
        let cases = [
            (
                "test1",
                ds(rolling.clone(), 0, [1, 0, 1, 0]),
                Ok((
                    "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...",
                    false,
                )),
            ),
            (
                "test2",
                ds(rolling.clone(), 1, [1, 2, 2, 1]),
                Ok((
                    "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...",
                    false,
                )),
            ),
            (
                "test3",
                ds(rolling.clone(), 1, [1, 2, 2, 2]),
                Ok(("daemon set \"foo\" successfully rolled out", true)),
            ),
            (
                "test4",
                ds(rolling, 2, [1, 2, 2, 2]),
                Ok(("Waiting for daemon set spec update to be observed...", false)),
            ),
            (
                "wrong update strategy type",
                ds(UpdateStrategyType::OnDelete, 0, [0, 0, 0, 0]),
                Err("error: rollout status is only available for RollingUpdate strategy type"),
            ),
        ];
        for (name, ds, want) in cases {
            let want = want
                .map(|(line, done)| (line.to_string(), done))
                .map_err(str::to_string);
            assert_eq!(rollout_status(&ds), want, "{name}");
        }
    }

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

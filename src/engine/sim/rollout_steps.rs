//! The scenario steps on workloads, as kubectl does them: `set image`, `scale`, `rollout
//! pause`, `rollout resume`, `rollout undo`, `rollout status` (the `wait` for a complete
//! rollout) and the `patch` of a StatefulSet's partition, on DaemonSets, Deployments,
//! ReplicaSets and StatefulSets. Each prints kubectl's lines.

use crate::engine::api::scenario::{Workload, WorkloadKind};
use crate::engine::api::{
    PodTemplateSpec, ReplicaSet, RollingUpdateStatefulSet, UpdateStrategyType,
};
use crate::engine::controllers::daemonset;
use crate::engine::controllers::daemonset::history::{rollback_message, Rollback};
use crate::engine::controllers::deployment::rollback::kubectl_rollback;
use crate::engine::controllers::statefulset;
use crate::engine::store::state::object_key;
use crate::engine::time::Millis;
use crate::engine::yaml::rolling_update_text;

use super::driver::Engine;
use super::status_viewers::{
    deployment_rollout_status, rollout_status, stateful_set_rollout_status,
};

/// `namespace/name` of the workload.
fn key_of(workload: &Workload) -> String {
    object_key(&workload.namespace, &workload.name)
}

/// The API server's answer for a workload that is not there.
fn not_found(workload: &Workload) -> String {
    format!(
        "Error from server (NotFound): {} \"{}\" not found",
        workload.kind.plural(),
        workload.name
    )
}

/// kubectl's `<resource>/<name> <what>` line (`deployment.apps/web paused`).
fn done_line(workload: &Workload, what: &str) -> String {
    format!("{}/{} {what}", workload.kind.resource(), workload.name)
}

/// Whether the workload exists; prints the NotFound error when it does not.
fn exists(engine: &mut Engine, workload: &Workload) -> bool {
    let key = key_of(workload);
    let state = engine.state();
    let found = match workload.kind {
        WorkloadKind::DaemonSet => state.daemon_sets.contains_key(&key),
        WorkloadKind::Deployment => state.deployments.contains_key(&key),
        WorkloadKind::ReplicaSet => state.replica_sets.contains_key(&key),
        WorkloadKind::StatefulSet => state.stateful_sets.contains_key(&key),
    };
    if !found {
        engine.output(not_found(workload));
    }
    found
}

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE` (the first container when none is named).
pub fn set_image(engine: &mut Engine, workload: &Workload, container: Option<&str>, image: &str) {
    if !exists(engine, workload) {
        return;
    }
    let key = key_of(workload);
    let set = |template: &mut PodTemplateSpec| {
        let target = template
            .spec
            .containers
            .iter_mut()
            .find(|c| container.is_none_or(|name| c.name == name));
        target.map(|c| c.image = image.to_string()).is_some()
    };
    let changed = match workload.kind {
        WorkloadKind::DaemonSet => {
            let mut next = engine.state().daemon_sets[key.as_str()].ds.clone();
            set(&mut next.spec.template).then(|| engine.apply_daemon_set(next))
        }
        WorkloadKind::Deployment => {
            let mut next = engine.state().deployments[key.as_str()].deployment.clone();
            set(&mut next.spec.template).then(|| engine.apply_deployment(next))
        }
        WorkloadKind::ReplicaSet => {
            let mut next = engine.state().replica_sets[key.as_str()]
                .replica_set
                .clone();
            set(&mut next.spec.template).then(|| engine.apply_replica_set(next))
        }
        WorkloadKind::StatefulSet => {
            let mut next = engine.state().stateful_sets[key.as_str()]
                .stateful_set
                .clone();
            set(&mut next.spec.template).then(|| engine.apply_stateful_set(next))
        }
    };
    match changed {
        Some(()) => engine.output(done_line(workload, "image updated")),
        None => engine.output(format!(
            "error: unable to find container named \"{}\"",
            container.unwrap_or_default()
        )),
    }
}

/// `kubectl scale TYPE/NAME --replicas=N`.
pub fn scale(engine: &mut Engine, workload: &Workload, replicas: i32) {
    if !exists(engine, workload) {
        return;
    }
    let key = key_of(workload);
    match workload.kind {
        WorkloadKind::Deployment => {
            let mut next = engine.state().deployments[key.as_str()].deployment.clone();
            next.spec.replicas = replicas;
            engine.apply_deployment(next);
        }
        WorkloadKind::ReplicaSet => {
            let mut next = engine.state().replica_sets[key.as_str()]
                .replica_set
                .clone();
            next.spec.replicas = replicas;
            engine.apply_replica_set(next);
        }
        WorkloadKind::StatefulSet => {
            let mut next = engine.state().stateful_sets[key.as_str()]
                .stateful_set
                .clone();
            next.spec.replicas = replicas;
            engine.apply_stateful_set(next);
        }
        WorkloadKind::DaemonSet => {
            // The step's decoding refuses it; kubectl's answer all the same.
            engine.output("error: no scaler has been implemented for DaemonSet.apps".to_string());
            return;
        }
    }
    engine.output(done_line(workload, "scaled"));
}

/// `kubectl patch statefulset NAME -p
/// '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":N}}}}'`: `patched`, `patched (no
/// change)` when the partition is already N, or the API server's refusal for an `OnDelete`
/// set (`rollingUpdate` is only allowed with `RollingUpdate`).
pub fn set_partition(engine: &mut Engine, workload: &Workload, partition: i32) {
    if !exists(engine, workload) {
        return;
    }
    let WorkloadKind::StatefulSet = workload.kind else {
        // The step's decoding takes StatefulSets only.
        return;
    };
    let mut next = engine.state().stateful_sets[key_of(workload).as_str()]
        .stateful_set
        .clone();
    let strategy = &mut next.spec.update_strategy;
    let before = strategy.rolling_update.as_ref().map(|ru| ru.partition);
    let rolling_update = strategy
        .rolling_update
        .get_or_insert(RollingUpdateStatefulSet {
            partition: 0,
            max_unavailable: None,
        });
    rolling_update.partition = partition;
    if strategy.type_ == UpdateStrategyType::OnDelete {
        engine.output(format!(
            "The StatefulSet \"{}\" is invalid: spec.updateStrategy.rollingUpdate: Invalid \
             value: {}: only allowed for updateStrategy 'RollingUpdate'",
            workload.name,
            rolling_update_text(rolling_update)
        ));
        return;
    }
    if before == Some(partition) {
        engine.output(done_line(workload, "patched (no change)"));
        return;
    }
    engine.apply_stateful_set(next);
    engine.output(done_line(workload, "patched"));
}

/// `kubectl rollout pause` (`paused`) or `resume` (not paused) of a Deployment: `paused` /
/// `resumed`, or `already paused` / `already resumed` when there is nothing to change.
pub fn set_paused(engine: &mut Engine, workload: &Workload, paused: bool) {
    if !exists(engine, workload) {
        return;
    }
    let verb = if paused { "paused" } else { "resumed" };
    let WorkloadKind::Deployment = workload.kind else {
        // `rollout pause` and `resume` take Deployments only (the decoding refuses others).
        engine.output(format!(
            "error: {} \"{}\" {verb} is not supported",
            workload.kind.plural(),
            workload.name
        ));
        return;
    };
    let mut next = engine.state().deployments[key_of(workload).as_str()]
        .deployment
        .clone();
    if next.spec.paused == paused {
        engine.output(done_line(workload, &format!("already {verb}")));
        return;
    }
    next.spec.paused = paused;
    engine.apply_deployment(next);
    engine.output(done_line(workload, verb));
}

/// `kubectl rollout undo TYPE/NAME [--to-revision=N]`.
pub fn rollback(engine: &mut Engine, workload: &Workload, to_revision: Option<i64>) {
    if !exists(engine, workload) {
        return;
    }
    let key = key_of(workload);
    match workload.kind {
        WorkloadKind::DaemonSet => {
            let ds = engine.state().daemon_sets[key.as_str()].clone();
            match daemonset::history::rollback(&ds, to_revision.unwrap_or(0)) {
                Ok(outcome) => {
                    engine.output(rollback_message(&workload.name, &outcome));
                    if let Rollback::RolledBack(template) = outcome {
                        let mut next = ds.ds.clone();
                        next.spec.template = *template;
                        engine.apply_daemon_set(next);
                    }
                }
                Err(message) => engine.output(format!("error: {message}")),
            }
        }
        WorkloadKind::Deployment => {
            let state = engine.state();
            let current = &state.deployments[key.as_str()].deployment;
            let replica_sets: Vec<&ReplicaSet> = state
                .replica_sets_of(&key)
                .into_iter()
                .map(|r| &r.replica_set)
                .collect();
            match kubectl_rollback(current, &replica_sets, to_revision.unwrap_or(0)) {
                Ok((message, rolled_back)) => {
                    if let Some(next) = rolled_back {
                        engine.apply_deployment(next);
                    }
                    engine.output(done_line(workload, &message));
                }
                Err(message) => engine.output(format!("error: {message}")),
            }
        }
        WorkloadKind::StatefulSet => {
            let set = engine.state().stateful_sets[key.as_str()].clone();
            match statefulset::history::rollback(&set, to_revision.unwrap_or(0)) {
                Ok(outcome) => {
                    engine.output(statefulset::history::rollback_message(
                        &workload.name,
                        &outcome,
                    ));
                    if let Rollback::RolledBack(template) = outcome {
                        let mut next = set.stateful_set.clone();
                        next.spec.template = *template;
                        engine.apply_stateful_set(next);
                    }
                }
                Err(message) => engine.output(format!("error: {message}")),
            }
        }
        WorkloadKind::ReplicaSet => engine
            .output("error: no rollbacker has been implemented for ReplicaSet.apps".to_string()),
    }
}

/// `kubectl rollout status TYPE/NAME` at this instant: the line and whether it is the
/// last one, or the error that ends the watch.
fn rollout_line(engine: &Engine, workload: &Workload) -> Result<(String, bool), String> {
    let key = key_of(workload);
    let state = engine.state();
    match workload.kind {
        WorkloadKind::DaemonSet => match state.daemon_sets.get(&key) {
            Some(ds) => rollout_status(ds),
            None => Err(not_found(workload)),
        },
        WorkloadKind::Deployment => match state.deployments.get(&key) {
            Some(d) => deployment_rollout_status(&d.deployment, 0),
            None => Err(not_found(workload)),
        },
        WorkloadKind::StatefulSet => match state.stateful_sets.get(&key) {
            Some(set) => stateful_set_rollout_status(&set.stateful_set),
            None => Err(not_found(workload)),
        },
        WorkloadKind::ReplicaSet => {
            Err("error: no status viewer has been implemented for ReplicaSet.apps".to_string())
        }
    }
}

/// `kubectl rollout status TYPE/NAME --timeout=T` while the simulation runs: each distinct
/// line once, in order, until the rollout is done, an error ends the watch, or the
/// deadline (`error: timed out waiting for the condition`). The lines kubectl printed.
pub fn wait_for_rollout(
    engine: &mut Engine,
    workload: &Workload,
    deadline: Millis,
    observe: &mut dyn FnMut(&Engine),
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    loop {
        match rollout_line(engine, workload) {
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
    lines
}

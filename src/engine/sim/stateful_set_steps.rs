//! The Scenario steps on a StatefulSet, as kubectl does them: `kubectl set image`,
//! `kubectl scale`, `kubectl rollout undo`, `kubectl delete pod` and `kubectl rollout
//! status` (`StatefulSetStatusViewer`, kubectl v0.35).

use std::sync::Arc;

use crate::engine::api::scenario::StatefulSetOp;
use crate::engine::api::{StatefulSet, UpdateStrategyType};
use crate::engine::controllers::daemonset::history::Rollback;
use crate::engine::controllers::statefulset::history::{rollback, rollback_message};
use crate::engine::controllers::statefulset::utils::pod_name;
use crate::engine::store::state::{object_key, StatefulSetState};
use crate::engine::time::Millis;

use super::driver::Engine;

/// A short description of the step.
pub fn describe(name: &str, op: &StatefulSetOp) -> String {
    match op {
        StatefulSetOp::SetImage { image, .. } => format!("set image statefulset/{name} {image}"),
        StatefulSetOp::Scale(replicas) => {
            format!("scale statefulset/{name} --replicas={replicas}")
        }
        StatefulSetOp::Rollback { .. } => format!("rollout undo statefulset/{name}"),
        StatefulSetOp::DeletePod(ordinal) => format!("delete pod {}", pod_name(name, *ordinal)),
        StatefulSetOp::WaitRolloutComplete { .. } => {
            format!("wait for rollout of statefulset/{name}")
        }
    }
}

fn find(engine: &mut Engine, namespace: &str, name: &str) -> Option<Arc<StatefulSetState>> {
    let found = engine
        .state()
        .stateful_sets
        .get(&object_key(namespace, name))
        .cloned();
    if found.is_none() {
        engine.output(format!(
            "Error from server (NotFound): statefulsets.apps \"{name}\" not found"
        ));
    }
    found
}

/// Runs one step on the StatefulSet `namespace/name`; a `wait` without a timeout waits at
/// most `longest_wait`, and `observe` is called after every instant it simulates.
pub fn run(
    engine: &mut Engine,
    name: &str,
    namespace: &str,
    op: &StatefulSetOp,
    longest_wait: Millis,
    observe: &mut dyn FnMut(&Engine),
) {
    if let StatefulSetOp::WaitRolloutComplete { timeout } = op {
        let deadline = engine
            .now()
            .saturating_add(timeout.map_or(longest_wait, |t| t.millis));
        let step_frame = engine.current_frame_index();
        let lines = wait_rollout(engine, namespace, name, deadline, observe);
        engine.append_output(step_frame, lines);
        return;
    }
    if let StatefulSetOp::DeletePod(ordinal) = op {
        let pod = pod_name(name, *ordinal);
        let key = object_key(namespace, &pod);
        if engine.state().pods.contains_key(&key) {
            engine.delete_pod(&key);
            engine.output(format!("pod \"{pod}\" deleted"));
        } else {
            engine.output(format!(
                "Error from server (NotFound): pods \"{pod}\" not found"
            ));
        }
        return;
    }
    let Some(state) = find(engine, namespace, name) else {
        return;
    };
    let mut next: StatefulSet = state.stateful_set.clone();
    match op {
        StatefulSetOp::SetImage { container, image } => {
            let target = next
                .spec
                .template
                .spec
                .containers
                .iter_mut()
                .find(|c| container.as_ref().is_none_or(|n| &c.name == n));
            match target {
                Some(c) => {
                    c.image = image.clone();
                    engine.apply_stateful_set(next);
                    engine.output(format!("statefulset.apps/{name} image updated"));
                }
                None => engine.output(format!(
                    "error: unable to find container named \"{}\"",
                    container.clone().unwrap_or_default()
                )),
            }
        }
        StatefulSetOp::Scale(replicas) => {
            next.spec.replicas = *replicas;
            engine.apply_stateful_set(next);
            engine.output(format!("statefulset.apps/{name} scaled"));
        }
        StatefulSetOp::Rollback { to_revision } => {
            match rollback(&state, to_revision.unwrap_or(0)) {
                Ok(outcome) => {
                    engine.output(rollback_message(name, &outcome));
                    if let Rollback::RolledBack(template) = outcome {
                        next.spec.template = *template;
                        engine.apply_stateful_set(next);
                    }
                }
                Err(message) => engine.output(format!("error: {message}")),
            }
        }
        StatefulSetOp::DeletePod(_) | StatefulSetOp::WaitRolloutComplete { .. } => {}
    }
}

/// `kubectl rollout status sts/NAME` until it is done, the deadline passes or the set is
/// gone: every line it prints, in order (a line is printed again only when it changes).
fn wait_rollout(
    engine: &mut Engine,
    namespace: &str,
    name: &str,
    deadline: u64,
    observe: &mut dyn FnMut(&Engine),
) -> Vec<String> {
    let key = object_key(namespace, name);
    let mut lines: Vec<String> = Vec::new();
    loop {
        let status = match engine.state().stateful_sets.get(&key) {
            Some(set) => rollout_status(&set.stateful_set),
            None => Err(format!(
                "Error from server (NotFound): statefulsets.apps \"{name}\" not found"
            )),
        };
        match status {
            Ok((line, done)) => {
                if lines.last() != Some(&line) {
                    lines.push(line);
                }
                if done {
                    return lines;
                }
            }
            Err(message) => {
                lines.push(message);
                return lines;
            }
        }
        if engine.step_wakes(deadline) {
            observe(engine);
        } else {
            engine.advance_to(deadline);
            lines.push("error: timed out waiting for the condition".to_string());
            return lines;
        }
    }
}

/// `StatefulSetStatusViewer.Status`: the line `kubectl rollout status sts/NAME` prints for
/// the set as it is (without its newline), and whether the rollout is done. A set whose
/// `rollingUpdate` is stated (as defaulting states it) reports a partitioned roll out,
/// even with partition 0.
pub fn rollout_status(set: &StatefulSet) -> Result<(String, bool), String> {
    let strategy = &set.spec.update_strategy;
    if strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".to_string(),
        );
    }
    let status = &set.status;
    let generation = set.metadata.generation.unwrap_or(1);
    if status.observed_generation == 0 || generation > status.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...".to_string(),
            false,
        ));
    }
    let replicas = set.spec.replicas;
    if status.ready_replicas < replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...",
                replicas - status.ready_replicas
            ),
            false,
        ));
    }
    if let Some(ru) = &strategy.rolling_update {
        let wanted = replicas - ru.partition;
        if status.updated_replicas < wanted {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {wanted} new pods have been updated...",
                    status.updated_replicas
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...",
                status.updated_replicas
            ),
            true,
        ));
    }
    if status.update_revision != status.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                status.updated_replicas, status.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...",
            status.current_replicas, status.current_revision
        ),
        true,
    ))
}

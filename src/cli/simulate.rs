//! `kubeplay simulate FILE [--until stable|DURATION] [--output text|json]`: runs the
//! simulation on a file and prints the timeline as text (events and kubectl views) or as
//! JSON (documented in docs/cli.md).

use std::io::Write;

use serde_json::{json, Value};

use crate::engine::api::scenario::{Duration, Until};
use crate::engine::api::UpdateStrategyType;
use crate::engine::kubectl;
use crate::engine::kubectl::pod_status_text;
use crate::engine::sim::cluster::default_cluster;
use crate::engine::sim::timeline::{Frame, FrameKind, Timeline};
use crate::engine::sim::Simulation;
use crate::engine::store::events::Event;
use crate::engine::store::journal::{Action, Change};
use crate::engine::store::state::{
    object_key, ClusterState, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL,
};
use crate::engine::time::format_go_duration;
use crate::engine::yaml::Objects;

/// The usage line of `kubeplay simulate`.
pub const USAGE: &str =
    "Usage: kubeplay simulate FILE [--until stable|DURATION] [--output text|json]\n";

/// Runs `kubeplay simulate` with `args` (after the subcommand name).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut file: Option<&str> = None;
    let mut until: Option<Until> = None;
    let mut json_output = false;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = || {
            inline.clone().or_else(|| {
                i += 1;
                args.get(i).cloned()
            })
        };
        match flag {
            "--until" => match value().as_deref() {
                Some("stable") => until = Some(Until::Stable),
                Some(text) => match Duration::parse(text) {
                    Some(d) => until = Some(Until::After(d)),
                    None => {
                        let _ = write!(
                            err,
                            "kubeplay simulate: invalid --until value `{text}`\n{USAGE}"
                        );
                        return 2;
                    }
                },
                None => {
                    let _ = write!(err, "kubeplay simulate: --until needs a value\n{USAGE}");
                    return 2;
                }
            },
            "--output" | "-o" => match value().as_deref() {
                Some("json") => json_output = true,
                Some("text") => json_output = false,
                other => {
                    let _ = write!(
                        err,
                        "kubeplay simulate: invalid --output value `{}`\n{USAGE}",
                        other.unwrap_or("")
                    );
                    return 2;
                }
            },
            "--help" | "-h" => {
                let _ = write!(out, "{USAGE}");
                return 0;
            }
            _ if arg.starts_with('-') && arg != "-" => {
                let _ = write!(err, "kubeplay simulate: unknown option `{arg}`\n{USAGE}");
                return 2;
            }
            _ if file.is_none() => file = Some(arg),
            _ => {
                let _ = write!(
                    err,
                    "kubeplay simulate: unexpected argument `{arg}`\n{USAGE}"
                );
                return 2;
            }
        }
        i += 1;
    }
    let Some(file) = file else {
        let _ = write!(err, "kubeplay simulate: missing FILE\n{USAGE}");
        return 2;
    };
    let mut loaded = match super::load_file("simulate", file, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let timeline = run_objects(std::mem::take(&mut loaded.objects), until);
    if let Some(d) = crate::engine::limits::run_diagnostic(&timeline) {
        let _ = writeln!(err, "{file}: warning: {}", d.message);
    }
    let written = if json_output {
        serde_json::to_string_pretty(&timeline_json(&timeline))
            .map(|s| writeln!(out, "{s}"))
            .unwrap_or(Ok(()))
    } else {
        write!(out, "{}", text_report(&timeline))
    };
    if written.is_err() {
        return 1;
    }
    0
}

/// Simulates `objects` (loaded without errors) as `kubeplay simulate` does: without Node
/// objects the default cluster is used. The JavaScript API runs the same function.
pub fn run_objects(mut objects: Objects, until: Option<Until>) -> Timeline {
    if objects.nodes.is_empty() {
        objects.nodes = default_cluster();
    }
    Simulation::run(&objects, until)
}

fn time_text(ms: u64) -> String {
    format_go_duration(ms)
}

fn event_line(e: &Event) -> String {
    format!(
        "{:>8}  {:<7}  {:<22} {}/{}: {}",
        time_text(e.time),
        e.type_.as_str(),
        e.reason,
        e.object.kind.to_lowercase(),
        e.object.name,
        e.message
    )
}

fn views(state: &ClusterState) -> String {
    let mut s = String::new();
    s.push_str("$ kubectl get ds -A\n");
    s.push_str(&kubectl::get_daemon_sets(state, None));
    s.push_str("$ kubectl get pods -A -o wide\n");
    s.push_str(&kubectl::get_pods_wide(state, None));
    s
}

/// The text report: every step with its output and the views after it, the events, and
/// the final views with rollout status/history of each DaemonSet.
pub fn text_report(timeline: &Timeline) -> String {
    let mut s = String::new();
    let frames = timeline.frames();
    let steps: Vec<usize> = frames
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FrameKind::Step)
        .map(|(i, _)| i)
        .collect();
    for (n, &index) in steps.iter().enumerate() {
        let frame = &frames[index];
        let last = steps
            .get(n + 1)
            .map_or(frames.len(), |next| *next)
            .saturating_sub(1);
        // Views right after the step settled (before the next wake-up).
        let settled = frames
            .iter()
            .enumerate()
            .skip(index)
            .take_while(|(i, f)| *i <= last && f.time == frame.time)
            .map(|(i, _)| i)
            .last()
            .unwrap_or(index);
        s.push_str(&format!("== {} {}\n", time_text(frame.time), frame.title));
        for line in &frame.output {
            s.push_str(line);
            s.push('\n');
        }
        let shown = if frame.title.contains(": wait") {
            last
        } else {
            settled
        };
        s.push_str(&views(&timeline.state_at(shown)));
        s.push('\n');
    }
    s.push_str("== events\n");
    for e in timeline.events() {
        s.push_str(&event_line(e));
        s.push('\n');
    }
    let state = timeline.final_state();
    s.push_str(&format!(
        "\n== end {}{}\n",
        time_text(state.time),
        if timeline.is_stable() {
            " (stable)"
        } else {
            ""
        }
    ));
    s.push_str("$ kubectl get nodes\n");
    s.push_str(&kubectl::get_nodes(state));
    s.push_str(&views(state));
    let first_step = steps
        .iter()
        .copied()
        .find(|&i| frames[i].title.starts_with("step "))
        .unwrap_or(0);
    for ds in state.daemon_sets.values() {
        let (ns, name) = (&ds.ds.metadata.namespace, &ds.ds.metadata.name);
        if ds.ds.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate {
            s.push_str(&format!("$ kubectl rollout status ds/{name} -n {ns}\n"));
            // Watch from the first scenario step, or from the DaemonSet's creation when that
            // comes later (without steps the first frame is the empty cluster).
            let key = object_key(ns, name);
            let created = frames
                .iter()
                .position(|f| {
                    f.changes
                        .iter()
                        .any(|c| matches!(c, Change::DaemonSet(k, Some(_)) if *k == key))
                })
                .unwrap_or(0);
            for line in kubectl::rollout_status_lines(timeline, ns, name, first_step.max(created)) {
                s.push_str(&line);
                s.push('\n');
            }
        }
        s.push_str(&format!("$ kubectl rollout history ds/{name} -n {ns}\n"));
        s.push_str(&kubectl::rollout_history(ds));
        s.push_str(&format!(
            "$ kubectl describe ds/{name} -n {ns}   # events\n"
        ));
        s.push_str(&kubectl::describe_events(
            timeline.events(),
            state.time,
            "DaemonSet",
            ns,
            name,
        ));
    }
    s
}

fn pod_json(pod: &PodState) -> Value {
    json!({
        "namespace": pod.pod.metadata.namespace,
        "name": pod.pod.metadata.name,
        "node": pod.target_node().unwrap_or(""),
        "bound": !pod.node_name().is_empty(),
        "phase": pod.phase.as_str(),
        "status": pod_status_text(pod),
        "ready": pod.ready,
        "revisionHash": pod.label(HASH_LABEL),
        "templateGeneration": pod.label(TEMPLATE_GENERATION_LABEL),
        "terminating": pod.deletion.is_some(),
        "restarts": pod.restarts,
        "owner": pod.owner,
    })
}

fn event_json(e: &Event) -> Value {
    json!({
        "time": e.time,
        "type": e.type_.as_str(),
        "reason": e.reason,
        "object": {"kind": e.object.kind, "namespace": e.object.namespace, "name": e.object.name},
        "source": e.source,
        "message": e.message,
    })
}

fn frame_json(index: usize, frame: &Frame, timeline: &Timeline, state: &ClusterState) -> Value {
    let actions: Vec<Value> = frame
        .actions
        .iter()
        .map(|a| match a {
            Action::Created { pod, node } => json!({"type": "create", "pod": pod, "node": node}),
            Action::Deleted { pod } => json!({"type": "delete", "pod": pod}),
        })
        .collect();
    let mut value = json!({
        "index": index,
        "time": frame.time,
        "kind": frame.kind.as_str(),
        "title": frame.title,
        "actions": actions,
        "events": timeline.events()[frame.events.clone()].iter().map(event_json).collect::<Vec<_>>(),
        "output": frame.output,
    });
    if matches!(
        frame.kind,
        FrameKind::Step | FrameKind::Sync | FrameKind::Start
    ) {
        let daemon_sets: Vec<Value> = state
            .daemon_sets
            .values()
            .map(|ds| {
                let s = &ds.ds.status;
                json!({
                    "namespace": ds.ds.metadata.namespace,
                    "name": ds.ds.metadata.name,
                    "generation": ds.generation,
                    "templateGeneration": ds.template_generation,
                    "currentRevisionHash": ds.current_hash,
                    "status": {
                        "desiredNumberScheduled": s.desired_number_scheduled,
                        "currentNumberScheduled": s.current_number_scheduled,
                        "numberMisscheduled": s.number_misscheduled,
                        "numberReady": s.number_ready,
                        "updatedNumberScheduled": s.updated_number_scheduled,
                        "numberAvailable": s.number_available,
                        "numberUnavailable": s.number_unavailable,
                        "observedGeneration": s.observed_generation,
                    },
                })
            })
            .collect();
        let pods: Vec<Value> = state.pods.values().map(|p| pod_json(p)).collect();
        if let Value::Object(map) = &mut value {
            map.insert("daemonSets".into(), Value::Array(daemon_sets));
            map.insert("pods".into(), Value::Array(pods));
        }
    }
    value
}

/// The JSON document of a timeline (schema in docs/cli.md).
pub fn timeline_json(timeline: &Timeline) -> Value {
    let mut state = timeline.state_at(0);
    let mut frames = Vec::new();
    let mut transitions = Vec::new();
    for (index, frame) in timeline.frames().iter().enumerate() {
        if index > 0 {
            crate::engine::sim::timeline::apply_changes(&mut state, frame);
        }
        frames.push(frame_json(index, frame, timeline, &state));
        for t in &frame.transitions {
            transitions.push(json!({
                "time": t.time,
                "pod": t.pod,
                "node": t.node,
                "status": t.status,
                "ready": t.ready,
            }));
        }
    }
    json!({
        "kubernetesVersion": crate::engine::KUBERNETES_VERSION,
        "stable": timeline.is_stable(),
        "endTime": timeline.final_state().time,
        "frames": frames,
        "podTransitions": transitions,
    })
}

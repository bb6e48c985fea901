//! `kubectl drain` and single evictions as scenario steps, over virtual time
//! (`staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go` and `pkg/drain/drain.go`):
//! cordon the node, filter its pods ([`filters`]), then evict each one, retrying a refused
//! eviction every 5 s and polling every second until the pod is gone, all within the
//! `--timeout`. Each eviction is its own frame with the API's answer as an action; the
//! lines kubectl prints are the step's output, in the order kubectl prints them (pods in
//! the API's list order where kubectl's goroutines race).

pub mod filters;

use crate::engine::api::scenario::DrainSpec;
use crate::engine::store::eviction::EvictionAnswer;
use crate::engine::store::state::{key_parts, object_key};
use crate::engine::time::{format_go_duration, human_duration, Millis};

use super::driver::Engine;
use super::timeline::FrameKind;
use filters::{check_err_lines, pods_for_deletion, DrainPod, FilterFlags};

/// How long kubectl waits before it retries an eviction a budget refused.
pub const EVICTION_RETRY_MS: Millis = 5_000;

/// How often kubectl looks whether an evicted or deleted pod is gone (`waitForDelete`).
pub const DELETE_POLL_MS: Millis = 1_000;

/// Where one pod of the drain is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PodDrain {
    /// The next eviction attempt is due then.
    Evicting(Millis),
    /// Evicted or deleted; the next look is due then.
    Waiting(Millis),
    /// Gone, or not found when evicted.
    Done,
    /// Given up with this error.
    Failed(String),
}

/// One pod being drained.
struct Drained {
    key: String,
    namespace: String,
    name: String,
    state: PodDrain,
}

/// The pods of `node` as the filters see them, in the API's list order.
fn delete_list(engine: &Engine, node: &str, flags: FilterFlags) -> filters::DeleteList {
    let state = engine.state();
    let pods = state
        .pods
        .values()
        .filter(|p| p.node_name() == node)
        .map(|p| DrainPod {
            pod: &p.pod,
            phase: p.phase.as_str(),
        });
    let exists =
        |namespace: &str, name: &str| state.daemon_sets.contains_key(&object_key(namespace, name));
    pods_for_deletion(pods, flags, &exists)
}

/// What a drain printed: its lines in order, and the frame each was printed at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrainOutput {
    /// The lines, as kubectl prints them.
    pub lines: Vec<String>,
    /// For each line, the index the frame being recorded had when it was printed.
    pub printed_at: Vec<usize>,
}

/// The command line of a drain step, flags in kubectl's spelling and order of its help
/// (`kubectl drain worker-1 --ignore-daemonsets --timeout=1m0s`).
pub fn command_line(spec: &DrainSpec) -> String {
    let mut command = format!("kubectl drain {}", spec.node);
    let switches = [
        (spec.delete_emptydir_data, " --delete-emptydir-data"),
        (spec.disable_eviction, " --disable-eviction"),
        (spec.force, " --force"),
        (spec.ignore_daemon_sets, " --ignore-daemonsets"),
    ];
    for (on, flag) in switches {
        if on {
            command.push_str(flag);
        }
    }
    if let Some(seconds) = spec.grace_period {
        command.push_str(&format!(" --grace-period={seconds}"));
    }
    if let Some(timeout) = spec.timeout {
        command.push_str(&format!(
            " --timeout={}",
            format_go_duration(timeout.millis)
        ));
    }
    command
}

/// `kubectl drain` of `spec.node`: every line it prints, in order, with the frame each was
/// printed at. The run ends at the `--timeout`, when every pod is gone, or (with no
/// timeout, kubectl's default of waiting forever) at `limit` or once nothing in the cluster
/// can change any more.
pub fn drain(
    engine: &mut Engine,
    spec: &DrainSpec,
    limit: Millis,
    observe: &mut dyn FnMut(&Engine),
) -> DrainOutput {
    // (lines printed before, frame): the lines from then on were printed at that frame.
    let mut marks = vec![(0, engine.current_frame_index())];
    let lines = drain_lines(engine, spec, limit, observe, &mut marks);
    let printed_at = (0..lines.len())
        .map(|line| {
            let at = marks.partition_point(|(first, _)| *first <= line);
            marks[at.saturating_sub(1)].1
        })
        .collect();
    DrainOutput { lines, printed_at }
}

/// The lines of [`drain`]; `marks` gets the frame of every drain frame begun.
fn drain_lines(
    engine: &mut Engine,
    spec: &DrainSpec,
    limit: Millis,
    observe: &mut dyn FnMut(&Engine),
    marks: &mut Vec<(usize, usize)>,
) -> Vec<String> {
    let node = spec.node.as_str();
    let mut lines = Vec::new();
    let Some(current) = engine.state().nodes.get(node) else {
        lines.push(format!(
            "Error from server (NotFound): nodes \"{node}\" not found"
        ));
        return lines;
    };
    if current.node.spec.unschedulable {
        lines.push(format!("node/{node} already cordoned"));
    } else {
        engine.edit_node(node, |n| n.spec.unschedulable = true);
        lines.push(format!("node/{node} cordoned"));
    }
    let flags = FilterFlags {
        ignore_daemon_sets: spec.ignore_daemon_sets,
        delete_emptydir_data: spec.delete_emptydir_data,
        force: spec.force,
    };
    let list = delete_list(engine, node, flags);
    let errors = list.errors();
    if !errors.is_empty() {
        fail(&mut lines, node, &errors);
        return lines;
    }
    let warnings = list.warnings();
    if !warnings.is_empty() {
        lines.push(format!("Warning: {warnings}"));
    }
    let start = engine.now();
    let deadline = spec.timeout.map(|t| start.saturating_add(t.millis));
    let mut pods: Vec<Drained> = list
        .pods()
        .into_iter()
        .map(|key| {
            let (namespace, name) = key_parts(key);
            Drained {
                key: key.to_string(),
                namespace: namespace.to_string(),
                name: name.to_string(),
                state: PodDrain::Evicting(start),
            }
        })
        .collect();
    if spec.disable_eviction {
        for pod in &mut pods {
            engine.delete_pod_with_grace(&pod.key, spec.grace_period);
            pod.state = PodDrain::Waiting(start);
        }
    }
    let timeout_text = spec.timeout.map(|t| format_go_duration(t.millis));
    let verb = if spec.disable_eviction {
        "deleted"
    } else {
        "evicted"
    };
    let mut first = true;
    loop {
        let now = engine.now();
        let timed_out = deadline.is_some_and(|d| now >= d);
        if !first {
            engine.begin(FrameKind::Event, format!("drain node/{node}"));
            marks.push((lines.len(), engine.current_frame_index()));
        }
        first = false;
        for pod in &mut pods {
            match pod.state {
                PodDrain::Evicting(at) if at <= now => {
                    lines.push(format!("evicting pod {}/{}", pod.namespace, pod.name));
                    if timed_out {
                        pod.state = PodDrain::Failed(format!(
                            "error when evicting pods/\"{}\" -n \"{}\": global timeout reached: {}",
                            pod.name,
                            pod.namespace,
                            timeout_text.clone().unwrap_or_default()
                        ));
                        continue;
                    }
                    pod.state = match engine.evict_pod(&pod.key, spec.grace_period) {
                        None => PodDrain::Done,
                        Some(EvictionAnswer::Allowed { .. }) => PodDrain::Waiting(now),
                        Some(EvictionAnswer::Refused {
                            code: 429, message, ..
                        }) => {
                            lines.push(format!(
                                "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {message}",
                                pod.name, pod.namespace
                            ));
                            PodDrain::Evicting(now + EVICTION_RETRY_MS)
                        }
                        Some(EvictionAnswer::Refused { message, .. }) => PodDrain::Failed(format!(
                            "error when evicting pods/\"{}\" -n \"{}\": {message}",
                            pod.name, pod.namespace
                        )),
                    };
                }
                _ => {}
            }
        }
        engine.settle();
        for pod in &mut pods {
            let PodDrain::Waiting(at) = pod.state else {
                continue;
            };
            if at > engine.now() {
                continue;
            }
            if !engine.state().pods.contains_key(&pod.key) {
                lines.push(format!("pod/{} {verb}", pod.name));
                pod.state = PodDrain::Done;
            } else if deadline.is_some_and(|d| engine.now() >= d) {
                pod.state = PodDrain::Failed(format!(
                    "error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {}",
                    pod.name,
                    pod.namespace,
                    timeout_text.clone().unwrap_or_default()
                ));
            } else {
                pod.state = PodDrain::Waiting(at + DELETE_POLL_MS);
            }
        }
        let next = pods
            .iter()
            .filter_map(|p| match p.state {
                PodDrain::Evicting(at) | PodDrain::Waiting(at) => Some(at),
                _ => None,
            })
            .min();
        let Some(next) = next else {
            break;
        };
        let next = deadline.map_or(next, |d| next.min(d.max(engine.now() + 1)));
        let only_retrying = pods
            .iter()
            .all(|p| !matches!(p.state, PodDrain::Waiting(_)));
        if next > limit || (deadline.is_none() && only_retrying && engine.next_wake().is_none()) {
            lines.push(format!(
                "# kubeplay: the drain is still blocked at {}: nothing in the cluster changes any more, and kubectl keeps retrying every 5s until it is interrupted",
                human_duration(engine.now().saturating_sub(start))
            ));
            return lines;
        }
        engine.advance_to_observed(next, observe);
    }
    let errors: Vec<String> = pods
        .iter()
        .filter_map(|p| match &p.state {
            PodDrain::Failed(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    if errors.is_empty() {
        lines.push(format!("node/{node} drained"));
        return lines;
    }
    let err = filters::aggregate(&errors);
    let pending = delete_list(engine, node, flags);
    let pending_pods = pending.pods();
    if !pending_pods.is_empty() {
        lines.push(format!(
            "There are pending pods in node \"{node}\" when an error occurred: {err}"
        ));
        for key in pending_pods {
            lines.push(format!("pod/{}", key_parts(key).1));
        }
    }
    fail(&mut lines, node, &errors);
    lines
}

/// What `RunDrain` and `cmdutil.CheckErr` print when a node cannot be drained.
fn fail(lines: &mut Vec<String>, node: &str, errors: &[String]) {
    lines.push(format!(
        "error: unable to drain node \"{node}\" due to error: {}, continuing command...",
        filters::aggregate(errors)
    ));
    lines.push("There are pending nodes to be drained:".to_string());
    lines.push(format!(" {node}"));
    lines.extend(check_err_lines(errors));
}

/// One eviction (`POST .../pods/NAME/eviction`): the line the API's answer reads as.
pub fn evict(engine: &mut Engine, namespace: &str, name: &str) -> String {
    match engine.evict_pod(&object_key(namespace, name), None) {
        None => format!("Error from server (NotFound): pods \"{name}\" not found"),
        Some(EvictionAnswer::Allowed { .. }) => format!("pod/{name} evicted"),
        Some(EvictionAnswer::Refused { code, message, .. }) => {
            let reason = match code {
                429 => " (TooManyRequests)",
                403 => " (Forbidden)",
                _ => "",
            };
            format!("Error from server{reason}: {message}")
        }
    }
}

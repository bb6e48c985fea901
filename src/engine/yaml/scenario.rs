//! Decoding kubeplay's `Scenario` kind (schema: `briefs/scenario-schema.md`).

use std::collections::BTreeMap;

use super::context::{child, Ctx};
use super::decode::common::object_meta;
use super::decode::fields::Fields;
use super::decode::scalar::string;
use super::decode_inline;
use super::node::{Node, Scalar, Value};
use super::validate;
use crate::engine::api::scenario::*;
use crate::engine::api::types::{StringMap, TaintEffect};
use crate::engine::quote::go_quote;

/// The step actions, in the order the schema lists them.
pub const ACTIONS: &[&str] = &[
    "apply",
    "setImage",
    "addNode",
    "deleteNode",
    "labelNode",
    "taintNode",
    "untaintNode",
    "cordon",
    "uncordon",
    "setNodeReady",
    "deletePod",
    "markPodsReady",
    "sync",
    "wait",
    "drain",
    "evict",
    "rollback",
    "scale",
    "pause",
    "resume",
    "setPartition",
];

/// The workload kinds a step may name (its kind keys), and an example of the step.
fn workload_kinds(step: &str) -> (&'static [WorkloadKind], &'static str) {
    use WorkloadKind::*;
    match step {
        "setImage" => (
            &[DaemonSet, Deployment, StatefulSet],
            "setImage: {deployment: web, image: 'nginx:1.27'}",
        ),
        "scale" => (
            &[Deployment, ReplicaSet, StatefulSet],
            "scale: {deployment: web, replicas: 5}",
        ),
        "pause" => (&[Deployment], "pause: {deployment: web}"),
        "setPartition" => (
            &[StatefulSet],
            "setPartition: {statefulSet: web, partition: 2}",
        ),
        "resume" => (&[Deployment], "resume: {deployment: web}"),
        "rollback" => (
            &[DaemonSet, Deployment, StatefulSet],
            "rollback: {deployment: web, toRevision: 1}",
        ),
        _ => (
            &[DaemonSet, Deployment, StatefulSet],
            "wait: {until: rolloutComplete, deployment: web, timeout: 5m}",
        ),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn either(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The workload a step names by its kind key (`deployment: web`) and its `namespace`:
/// exactly one kind key, one the step takes, with a name. The errors say what to write.
fn workload(ctx: &mut Ctx, f: &mut Fields<'_>, path: &str, step: &str) -> Option<Workload> {
    let (allowed, example) = workload_kinds(step);
    let allowed_keys: Vec<&str> = allowed.iter().map(|k| k.key()).collect();
    let named: Vec<(WorkloadKind, Option<String>)> = WorkloadKind::ALL
        .iter()
        .filter_map(|kind| {
            f.get(ctx, kind.key())?;
            Some((*kind, f.string(ctx, kind.key())))
        })
        .collect();
    let namespace = namespace(ctx, f);
    let hint = |ctx: &mut Ctx| {
        if let Some(d) = ctx.diags.last_mut() {
            d.hint = Some(format!("for example {example}"));
        }
    };
    let mark = ctx.diags.len();
    for (kind, _) in &named {
        if !allowed.contains(kind) {
            ctx.field_error(
                &f.sub(kind.key()),
                &format!(
                    "Forbidden: {step} takes a {}, not a {}",
                    either(&allowed_keys),
                    kind.key()
                ),
            );
            hint(ctx);
        }
    }
    if ctx.errors_since(mark) {
        return None;
    }
    match named.as_slice() {
        [] => {
            ctx.field_error(
                path,
                &format!(
                    "Required value: name the workload by its kind: {}",
                    either(&allowed_keys)
                ),
            );
            hint(ctx);
            None
        }
        [(kind, name)] => match name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => Some(Workload::new(*kind, name, &namespace)),
            None => {
                ctx.field_error(&f.sub(kind.key()), "Required value");
                None
            }
        },
        [.., (second, _)] => {
            let keys: Vec<&str> = named.iter().map(|(k, _)| k.key()).collect();
            ctx.field_error_near(
                path,
                &f.sub(second.key()),
                &format!(
                    "Invalid value: {} given: name exactly one workload",
                    keys.join(" and ")
                ),
            );
            hint(ctx);
            None
        }
    }
}

/// The fields of a step that names a workload: the kind keys, `namespace`, and `extra`.
fn workload_fields(extra: &[&'static str]) -> Vec<&'static str> {
    let mut fields: Vec<&str> = WorkloadKind::ALL.iter().map(|k| k.key()).collect();
    fields.push("namespace");
    fields.extend_from_slice(extra);
    fields
}

fn duration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Duration> {
    ctx.at(path, node);
    let parsed = match &node.value {
        Value::Scalar(Scalar::Int(i), _) => u64::try_from(*i).ok().map(Duration::from_secs),
        Value::Scalar(Scalar::Str(s), _) => Duration::parse(s),
        Value::Scalar(Scalar::Float(f), _) => Duration::parse(&format!("{f}s")),
        _ => None,
    };
    if parsed.is_none() {
        let text = match &node.value {
            Value::Scalar(_, t) => t.clone(),
            _ => node.type_name().to_string(),
        };
        ctx.error_at(
            path,
            node.pos,
            format!(
                "{path}: Invalid value: {}: must be a number of seconds or a duration such as 500ms, 30s, 5m, 1h, 1m30s",
                go_quote(&text)
            ),
            None,
        );
    }
    parsed
}

/// A whole number of at least 0 a step requires: `Required value` when the field is absent
/// (a value of the wrong type was reported when it was read), `Invalid value` below 0.
fn non_negative(ctx: &mut Ctx, given: bool, value: Option<i32>, path: &str) -> Option<i32> {
    match value {
        None => {
            if !given {
                ctx.field_error(path, "Required value");
            }
            None
        }
        Some(v) if v < 0 => {
            ctx.field_error(
                path,
                &format!("Invalid value: {v}: must be greater than or equal to 0"),
            );
            None
        }
        Some(v) => Some(v),
    }
}

fn required_string(ctx: &mut Ctx, f: &mut Fields<'_>, key: &str) -> Option<String> {
    let v = f.string(ctx, key);
    if v.as_deref().is_none_or(str::is_empty) {
        let p = f.sub(key);
        ctx.field_error(&p, "Required value");
        return None;
    }
    v
}

fn namespace(ctx: &mut Ctx, f: &mut Fields<'_>) -> String {
    f.string(ctx, "namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

fn effect(ctx: &mut Ctx, f: &mut Fields<'_>, required: bool) -> Option<Option<TaintEffect>> {
    let text = f.string(ctx, "effect").unwrap_or_default();
    let p = f.sub("effect");
    if text.is_empty() {
        if required {
            ctx.field_error(&p, "Required value");
            return None;
        }
        return Some(None);
    }
    match TaintEffect::parse(&text) {
        Some(e) => Some(Some(e)),
        None => {
            ctx.field_error(
                &p,
                &format!(
                    "Unsupported value: {}: supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                    go_quote(&text)
                ),
            );
            None
        }
    }
}

/// A node name given directly (`cordon: n1`) or as `{node: n1}`.
fn node_name(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    if let Value::Map(_) = node.value {
        let mut f = Fields::open(ctx, node, path)?;
        let name = required_string(ctx, &mut f, "node");
        f.finish(ctx, &["node"], &[]);
        return name;
    }
    let name = string(ctx, node, path);
    if name.as_deref().is_none_or(str::is_empty) {
        ctx.field_error(path, "Required value");
        return None;
    }
    name
}

fn action(ctx: &mut Ctx, name: &str, node: &Node, path: &str) -> Option<Action> {
    match name {
        "apply" => decode_inline(ctx, node, path).map(Action::Apply),
        "addNode" => {
            match decode_inline(ctx, node, path)? {
                ScenarioObject::Node(n) => Some(Action::AddNode(n)),
                _ => {
                    ctx.error_at(
                    path,
                    node.pos,
                    format!("{path}: Invalid value: an object that is not a Node: addNode takes a Node"),
                    None,
                );
                    None
                }
            }
        }
        "deleteNode" => node_name(ctx, node, path).map(Action::DeleteNode),
        "cordon" => node_name(ctx, node, path).map(Action::Cordon),
        "uncordon" => node_name(ctx, node, path).map(Action::Uncordon),
        "wait" => {
            if !matches!(node.value, Value::Map(_)) {
                return duration(ctx, node, path).map(|d| Action::Wait(Wait::For(d)));
            }
            let mut f = Fields::open(ctx, node, path)?;
            let until = f.string(ctx, "until").unwrap_or_default();
            let workload = workload(ctx, &mut f, path, name);
            let timeout = f.object(ctx, "timeout", duration);
            f.finish(ctx, &workload_fields(&["until", "timeout"]), &[]);
            if until != "rolloutComplete" {
                ctx.field_error(
                    &child(path, "until"),
                    &format!(
                        "Unsupported value: {}: supported values: \"rolloutComplete\"",
                        go_quote(&until)
                    ),
                );
                return None;
            }
            Some(Action::Wait(Wait::RolloutComplete {
                workload: workload?,
                timeout,
            }))
        }
        _ => {
            let mut f = Fields::open(ctx, node, path)?;
            let a = match name {
                "setImage" => {
                    let workload = workload(ctx, &mut f, path, name);
                    let container = f.string(ctx, "container").filter(|s| !s.is_empty());
                    let image = required_string(ctx, &mut f, "image");
                    f.finish(ctx, &workload_fields(&["container", "image"]), &[]);
                    Action::SetImage {
                        workload: workload?,
                        container,
                        image: image?,
                    }
                }
                "scale" => {
                    let workload = workload(ctx, &mut f, path, name);
                    let given = f.get(ctx, "replicas").is_some();
                    let value = f.int32(ctx, "replicas");
                    let at = f.sub("replicas");
                    f.finish(ctx, &workload_fields(&["replicas"]), &[]);
                    let replicas = non_negative(ctx, given, value, &at);
                    Action::Scale {
                        workload: workload?,
                        replicas: replicas?,
                    }
                }
                "setPartition" => {
                    let workload = workload(ctx, &mut f, path, name);
                    let given = f.get(ctx, "partition").is_some();
                    let value = f.int32(ctx, "partition");
                    let at = f.sub("partition");
                    f.finish(ctx, &workload_fields(&["partition"]), &[]);
                    let partition = non_negative(ctx, given, value, &at);
                    Action::SetPartition {
                        workload: workload?,
                        partition: partition?,
                    }
                }
                "pause" | "resume" => {
                    let workload = workload(ctx, &mut f, path, name);
                    f.finish(ctx, &workload_fields(&[]), &[]);
                    if name == "pause" {
                        Action::Pause(workload?)
                    } else {
                        Action::Resume(workload?)
                    }
                }
                "labelNode" => {
                    let n = required_string(ctx, &mut f, "node");
                    let mut labels = BTreeMap::new();
                    if let Some(m) = f.get(ctx, "labels") {
                        let lp = f.sub("labels");
                        if let Value::Map(entries) = &m.value {
                            for (k, v) in entries {
                                let value = match &v.value {
                                    Value::Scalar(Scalar::Null, _) => None,
                                    _ => Some(string(ctx, v, &child(&lp, &k.text))?),
                                };
                                labels.insert(k.text.clone(), value);
                            }
                        } else {
                            ctx.field_error(&lp, "Invalid type: expected \"object\"");
                        }
                    }
                    let lp = f.sub("labels");
                    f.finish(ctx, &["node", "labels"], &[]);
                    let set: StringMap = labels
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone().unwrap_or_default()))
                        .collect();
                    let mark = ctx.diags.len();
                    validate::common::labels(ctx, &set, &lp);
                    if ctx.errors_since(mark) {
                        return None;
                    }
                    Action::LabelNode { node: n?, labels }
                }
                "taintNode" => {
                    let n = required_string(ctx, &mut f, "node");
                    let key = required_string(ctx, &mut f, "key");
                    let value = f.string(ctx, "value").unwrap_or_default();
                    let e = effect(ctx, &mut f, true);
                    let kp = f.sub("key");
                    f.finish(ctx, &["node", "key", "value", "effect"], &[]);
                    let mark = ctx.diags.len();
                    if let Some(k) = &key {
                        validate::common::validate_label_name(ctx, k, &kp);
                    }
                    if ctx.errors_since(mark) {
                        return None;
                    }
                    Action::TaintNode {
                        node: n?,
                        key: key?,
                        value,
                        effect: e??,
                    }
                }
                "untaintNode" => {
                    let n = required_string(ctx, &mut f, "node");
                    let key = required_string(ctx, &mut f, "key");
                    let e = effect(ctx, &mut f, false);
                    f.finish(ctx, &["node", "key", "effect"], &[]);
                    Action::UntaintNode {
                        node: n?,
                        key: key?,
                        effect: e?,
                    }
                }
                "setNodeReady" => {
                    let n = required_string(ctx, &mut f, "node");
                    let ready = f.bool(ctx, "ready");
                    if ready.is_none() {
                        ctx.field_error(&f.sub("ready"), "Required value");
                    }
                    f.finish(ctx, &["node", "ready"], &[]);
                    Action::SetNodeReady {
                        node: n?,
                        ready: ready?,
                    }
                }
                "deletePod" => {
                    let pod = f.string(ctx, "name").filter(|s| !s.is_empty());
                    let ds = f.string(ctx, "daemonSet").filter(|s| !s.is_empty());
                    let deployment = f.string(ctx, "deployment").filter(|s| !s.is_empty());
                    let stateful_set = f.string(ctx, "statefulSet").filter(|s| !s.is_empty());
                    let ordinal_given = f.get(ctx, "ordinal").is_some();
                    let ordinal = f.int32(ctx, "ordinal");
                    let ordinal_path = f.sub("ordinal");
                    let on = f.string(ctx, "node").filter(|s| !s.is_empty());
                    let ns = namespace(ctx, &mut f);
                    f.finish(
                        ctx,
                        &[
                            "name",
                            "namespace",
                            "daemonSet",
                            "deployment",
                            "statefulSet",
                            "ordinal",
                            "node",
                        ],
                        &[],
                    );
                    match (pod, ds, deployment, stateful_set, on, ordinal_given) {
                        (Some(name), None, None, None, None, false) => {
                            Action::DeletePod(PodRef::Named {
                                name,
                                namespace: ns,
                            })
                        }
                        (None, Some(daemon_set), None, None, Some(node), false) => {
                            Action::DeletePod(PodRef::DaemonPod {
                                daemon_set,
                                namespace: ns,
                                node,
                            })
                        }
                        (None, None, Some(deployment), None, node, false) => {
                            Action::DeletePod(PodRef::DeploymentPods {
                                deployment,
                                namespace: ns,
                                node,
                            })
                        }
                        (None, None, None, Some(stateful_set), None, given) => {
                            if !given {
                                ctx.field_error(&ordinal_path, "Required value");
                            }
                            Action::DeletePod(PodRef::StatefulSetPod {
                                stateful_set,
                                namespace: ns,
                                ordinal: ordinal?,
                            })
                        }
                        _ => {
                            ctx.field_error(
                                path,
                                "Invalid value: deletePod needs either {name, namespace}, {daemonSet, namespace, node}, {deployment, namespace, node?} or {statefulSet, namespace, ordinal}",
                            );
                            return None;
                        }
                    }
                }
                "markPodsReady" => {
                    let ds = required_string(ctx, &mut f, "daemonSet");
                    let ns = namespace(ctx, &mut f);
                    let on = f.string(ctx, "node").filter(|s| !s.is_empty());
                    f.finish(ctx, &["daemonSet", "namespace", "node"], &[]);
                    Action::MarkPodsReady {
                        daemon_set: ds?,
                        namespace: ns,
                        node: on,
                    }
                }
                "drain" => {
                    let node = required_string(ctx, &mut f, "node");
                    let spec = DrainSpec {
                        node: node.clone().unwrap_or_default(),
                        ignore_daemon_sets: f.bool(ctx, "ignoreDaemonSets").unwrap_or(false),
                        delete_emptydir_data: f.bool(ctx, "deleteEmptyDirData").unwrap_or(false),
                        force: f.bool(ctx, "force").unwrap_or(false),
                        grace_period: f.int(ctx, "gracePeriod").filter(|g| *g >= 0),
                        timeout: f.object(ctx, "timeout", duration),
                        disable_eviction: f.bool(ctx, "disableEviction").unwrap_or(false),
                    };
                    f.finish(ctx, DRAIN_FIELDS, &[]);
                    node?;
                    Action::Drain(spec)
                }
                "evict" => {
                    let pod = required_string(ctx, &mut f, "name");
                    let ns = namespace(ctx, &mut f);
                    f.finish(ctx, &["name", "namespace"], &[]);
                    Action::Evict {
                        name: pod?,
                        namespace: ns,
                    }
                }
                "sync" => {
                    let ds = f.string(ctx, "daemonSet").filter(|s| !s.is_empty());
                    let ns = namespace(ctx, &mut f);
                    f.finish(ctx, &["daemonSet", "namespace"], &[]);
                    Action::Sync {
                        daemon_set: ds,
                        namespace: ns,
                    }
                }
                _ => {
                    let workload = workload(ctx, &mut f, path, name);
                    let to_revision = f.int(ctx, "toRevision");
                    f.finish(ctx, &workload_fields(&["toRevision"]), &[]);
                    Action::Rollback {
                        workload: workload?,
                        to_revision,
                    }
                }
            };
            Some(a)
        }
    }
}

/// The fields of a `drain` step: `kubectl drain`'s flags.
const DRAIN_FIELDS: &[&str] = &[
    "node",
    "ignoreDaemonSets",
    "deleteEmptyDirData",
    "force",
    "gracePeriod",
    "timeout",
    "disableEviction",
];

fn step(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Step> {
    let Value::Map(entries) = &node.value else {
        ctx.error_at(
            path,
            node.pos,
            format!(
                "{path}: Invalid type: got \"{}\", expected \"object\"",
                node.type_name()
            ),
            None,
        );
        return None;
    };
    let present: Vec<&str> = entries
        .iter()
        .map(|(k, _)| k.text.as_str())
        .filter(|k| ACTIONS.contains(k))
        .collect();
    let mut f = Fields::open(ctx, node, path)?;
    let at = f.object(ctx, "at", duration);
    let after = f.object(ctx, "after", duration);
    let mut decoded = None;
    for name in &present {
        let p = f.sub(name);
        if let Some(n) = f.get(ctx, name) {
            decoded = action(ctx, name, n, &p);
        }
    }
    let mut typed = vec!["at", "after"];
    typed.extend_from_slice(ACTIONS);
    f.finish(ctx, &typed, &[]);
    if present.len() != 1 {
        ctx.field_error(path, "must have exactly one action (apply, setImage, ...)");
        if let Some(d) = ctx.diags.last_mut() {
            d.hint = Some(format!(
                "{} action keys found; the actions are: {}",
                present.len(),
                ACTIONS.join(", ")
            ));
        }
        return None;
    }
    Some(Step {
        at,
        after,
        action: decoded?,
    })
}

fn kubelet(ctx: &mut Ctx, node: &Node, path: &str) -> Option<KubeletModel> {
    let mut f = Fields::open(ctx, node, path)?;
    let mut k = KubeletModel::default();
    if let Some(d) = f.object(ctx, "imagePullSeconds", duration) {
        k.image_pull = d;
    }
    if let Some(d) = f.object(ctx, "startSeconds", duration) {
        k.start = d;
    }
    if let Some(d) = f.object(ctx, "readinessSeconds", duration) {
        k.readiness = d;
    }
    k.images = f.list(ctx, "images", |ctx, n, p| {
        let mut g = Fields::open(ctx, n, p)?;
        let image = required_string(ctx, &mut g, "image");
        let pull = g.object(ctx, "pullSeconds", duration);
        let failure = match g.string(ctx, "failure").as_deref() {
            None | Some("") => None,
            Some("ImagePullError") => Some(ImageFailure::ImagePullError),
            Some("Crash") => Some(ImageFailure::Crash),
            Some(other) => {
                ctx.field_error(
                    &g.sub("failure"),
                    &format!(
                        "Unsupported value: {}: supported values: \"Crash\", \"ImagePullError\"",
                        go_quote(other)
                    ),
                );
                None
            }
        };
        g.finish(ctx, &["image", "pullSeconds", "failure"], &[]);
        Some(ImageRule {
            image: image?,
            pull,
            failure,
        })
    });
    f.finish(
        ctx,
        &[
            "imagePullSeconds",
            "startSeconds",
            "readinessSeconds",
            "images",
        ],
        &[],
    );
    Some(k)
}

/// A Scenario (the whole object mapping, `apiVersion` and `kind` already read).
pub fn scenario(ctx: &mut Ctx, f: &mut Fields<'_>) -> Scenario {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = ScenarioSpec::default();
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            if let Some(seed) = g.int(ctx, "seed") {
                match u64::try_from(seed) {
                    Ok(s) => spec.seed = s,
                    Err(_) => ctx.field_error(
                        "spec.seed",
                        &format!("Invalid value: {seed}: must be greater than or equal to 0"),
                    ),
                }
            }
            if let Some(u) = g.get(ctx, "until") {
                spec.until = match &u.value {
                    Value::Scalar(Scalar::Str(s), _) if s == "stable" => Until::Stable,
                    _ => duration(ctx, u, "spec.until")
                        .map(Until::After)
                        .unwrap_or_default(),
                };
            }
            spec.manual_readiness = g.bool(ctx, "manualReadiness").unwrap_or(false);
            if let Some(k) = g.object(ctx, "kubelet", kubelet) {
                spec.kubelet = k;
            }
            spec.steps = g.list(ctx, "steps", step);
            let steps = spec.steps.len();
            spec.goals = g
                .object(ctx, "goals", |c, n, p| {
                    Some(super::goals::goals(c, n, p, steps))
                })
                .unwrap_or_default();
            g.finish(
                ctx,
                &[
                    "seed",
                    "until",
                    "manualReadiness",
                    "kubelet",
                    "steps",
                    "goals",
                ],
                &[],
            );
        }
    }
    Scenario { metadata, spec }
}

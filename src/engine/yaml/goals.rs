//! Decoding and validating a Scenario's `spec.goals` (docs/scenario.md, "Goals"): each
//! problem says what is wrong, where (the field path and its position) and how to fix it.

use std::collections::BTreeSet;

use super::context::{child, Ctx};
use super::decode::common::label_selector;
use super::decode::fields::Fields;
use super::node::{Node, Scalar, Value};
use super::validate;
use crate::engine::api::goals::*;
use crate::engine::api::scenario::{Duration, Workload, WorkloadKind};
use crate::engine::api::validation::is_dns1123_label;
use crate::engine::quote::go_quote;

/// When a goal's condition must hold: the keys, one of which a goal has.
const CHECKS: &[&str] = &["atEnd", "eventually", "always", "unchanged"];

/// What a condition is about: the keys, exactly one of which a condition has.
const SUBJECTS: &[&str] = &[
    "pods",
    "daemonSet",
    "deployment",
    "replicaSet",
    "statefulSet",
    "podDisruptionBudget",
    "node",
    "drained",
    "event",
    "allOf",
    "anyOf",
    "not",
];

/// The fields of a goal.
const GOAL_FIELDS: &[&str] = &[
    "id",
    "title",
    "hint",
    "atEnd",
    "eventually",
    "always",
    "unchanged",
    "from",
    "until",
];

/// `spec.goals`: the goals, with unique ids; `steps` is how many steps the Scenario has
/// (a window may name one of them).
pub fn goals(ctx: &mut Ctx, node: &Node, path: &str, steps: usize) -> Vec<Goal> {
    let decoded = super::decode::scalar::list(ctx, node, path, |c, n, p| goal(c, n, p, steps));
    let mut seen = BTreeSet::new();
    for (i, goal) in decoded.iter().enumerate() {
        if !seen.insert(goal.id.as_str()) {
            let p = child(&super::context::index(path, i), "id");
            ctx.field_error(&p, &format!("Duplicate value: {}", go_quote(&goal.id)));
            hint(ctx, "give every goal its own id");
        }
    }
    decoded
}

/// Sets the hint of the diagnostic just reported.
fn hint(ctx: &mut Ctx, text: &str) {
    if let Some(d) = ctx.diags.last_mut() {
        d.hint = Some(text.to_string());
    }
}

fn required_string(ctx: &mut Ctx, f: &mut Fields<'_>, key: &str) -> Option<String> {
    let v = f.string(ctx, key).filter(|s| !s.is_empty());
    if v.is_none() {
        ctx.field_error(&f.sub(key), "Required value");
    }
    v
}

fn namespace_or_default(ctx: &mut Ctx, f: &mut Fields<'_>) -> String {
    f.string(ctx, "namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

fn goal(ctx: &mut Ctx, node: &Node, path: &str, steps: usize) -> Option<Goal> {
    let mut f = Fields::open(ctx, node, path)?;
    let mark = ctx.diags.len();
    let id = required_string(ctx, &mut f, "id");
    if let Some(id) = &id {
        for m in is_dns1123_label(id) {
            validate::common::invalid(ctx, &f.sub("id"), &go_quote(id), &m);
        }
    }
    let title = match f.get(ctx, "title") {
        Some(n) => text(ctx, n, &f.sub("title")),
        None => {
            ctx.field_error(&f.sub("title"), "Required value");
            hint(ctx, "for example title: {en: A daemon pod runs on every node, zh: 每个节点都运行一个守护 Pod}");
            None
        }
    };
    let hint_text = f.object(ctx, "hint", text);
    let present: Vec<&str> = CHECKS
        .iter()
        .copied()
        .filter(|k| f.get(ctx, k).is_some())
        .collect();
    let from = f.object(ctx, "from", |c, n, p| moment(c, n, p, steps));
    let until = f.object(ctx, "until", |c, n, p| moment(c, n, p, steps));
    let check = match present.as_slice() {
        [key] => {
            let p = f.sub(key);
            let n = f.get(ctx, key)?;
            let windowed = matches!(*key, "eventually" | "always");
            if !windowed {
                for (given, name) in [(from.is_some(), "from"), (until.is_some(), "until")] {
                    if given {
                        validate::common::forbidden(
                            ctx,
                            &f.sub(name),
                            &format!("{name} applies to eventually and always goals, not to {key}"),
                        );
                    }
                }
            }
            let window = Window { from, until };
            match *key {
                "unchanged" => unchanged(ctx, n, &p).map(Check::Unchanged),
                "atEnd" => condition(ctx, n, &p).map(Check::AtEnd),
                "eventually" => condition(ctx, n, &p).map(|c| Check::Eventually(c, window)),
                _ => condition(ctx, n, &p).map(|c| Check::Always(c, window)),
            }
        }
        [] => {
            ctx.field_error(
                path,
                "Required value: say when the goal holds: atEnd, eventually, always or unchanged",
            );
            hint(ctx, "for example atEnd: {pods: {daemonSet: fluentd-elasticsearch, namespace: kube-system, node: control-plane}}");
            None
        }
        [_, second, ..] => {
            ctx.field_error_near(
                path,
                &f.sub(second),
                &format!(
                    "Invalid value: {} given: a goal has exactly one of atEnd, eventually, always, unchanged",
                    present.join(" and ")
                ),
            );
            hint(ctx, "split it into one goal for each");
            None
        }
    };
    f.finish(ctx, GOAL_FIELDS, &[]);
    if ctx.errors_since(mark) {
        return None;
    }
    Some(Goal {
        id: id?,
        title: title?,
        hint: hint_text,
        check: check?,
    })
}

/// `{en: ..., zh: ...}`, both required.
fn text(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Text> {
    let Some(mut f) = Fields::open(ctx, node, path) else {
        if node.is_null() {
            ctx.field_error(path, "Required value");
        }
        hint(
            ctx,
            "write the text in English and Chinese: {en: ..., zh: ...}",
        );
        return None;
    };
    let en = required_string(ctx, &mut f, "en");
    let zh = required_string(ctx, &mut f, "zh");
    f.finish(ctx, &["en", "zh"], &[]);
    Some(Text { en: en?, zh: zh? })
}

fn duration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Duration> {
    ctx.at(path, node);
    let parsed = match &node.value {
        Value::Scalar(Scalar::Int(i), _) => u64::try_from(*i).ok().map(Duration::from_secs),
        Value::Scalar(Scalar::Str(s), _) => Duration::parse(s),
        _ => None,
    };
    if parsed.is_none() {
        let text = match &node.value {
            Value::Scalar(_, t) => t.clone(),
            _ => node.type_name().to_string(),
        };
        ctx.field_error(
            path,
            &format!(
                "Invalid value: {}: must be a number of seconds or a duration such as 500ms, 30s, 5m, 1h, 1m30s",
                go_quote(&text)
            ),
        );
    }
    parsed
}

/// `30s` (from the start of the run) or `{step: N, after: 30s}`.
fn moment(ctx: &mut Ctx, node: &Node, path: &str, steps: usize) -> Option<Moment> {
    if !matches!(node.value, Value::Map(_)) {
        return duration(ctx, node, path).map(|after| Moment {
            step: None,
            after_ms: after.millis,
        });
    }
    let mut f = Fields::open(ctx, node, path)?;
    let step = f.int(ctx, "step");
    let after = f.object(ctx, "after", duration);
    f.finish(ctx, &["step", "after"], &[]);
    let step = match step {
        None => {
            ctx.field_error(&child(path, "step"), "Required value");
            hint(
                ctx,
                "for example {step: 2, after: 10s}, or a time from the start such as 30s",
            );
            return None;
        }
        Some(n) if n < 1 || usize::try_from(n).map_or(true, |n| n > steps) => {
            ctx.field_error(
                &child(path, "step"),
                &format!("Invalid value: {n}: must name a step of spec.steps, from 1 to {steps}"),
            );
            return None;
        }
        Some(n) => usize::try_from(n).ok(),
    };
    Some(Moment {
        step,
        after_ms: after.map_or(0, |d| d.millis),
    })
}

/// `op value` or a bare number; `fields` are the names allowed as the value (none for a
/// count).
fn comparison(ctx: &mut Ctx, node: &Node, path: &str, fields: &[&str]) -> Option<Comparison> {
    ctx.at(path, node);
    let text = match &node.value {
        Value::Scalar(Scalar::Int(i), _) => {
            return Some(Comparison {
                op: CompareOp::Eq,
                value: Operand::Number(*i),
            })
        }
        Value::Scalar(Scalar::Str(s), _) => s.trim().to_string(),
        _ => {
            ctx.type_error(path, node, "string");
            return None;
        }
    };
    let op = CompareOp::ALL
        .into_iter()
        .find(|op| text.starts_with(op.as_str()));
    let rest = op
        .map_or(text.as_str(), |op| &text[op.as_str().len()..])
        .trim();
    let op = op.unwrap_or(CompareOp::Eq);
    if let Ok(n) = rest.parse::<i64>() {
        return Some(Comparison {
            op,
            value: Operand::Number(n),
        });
    }
    if fields.contains(&rest) {
        return Some(Comparison {
            op,
            value: Operand::Field(rest.to_string()),
        });
    }
    let what = if fields.is_empty() {
        "must be a comparison with a number".to_string()
    } else {
        format!(
            "must be a comparison with a number or another field ({})",
            fields.join(", ")
        )
    };
    validate::common::invalid(ctx, path, &go_quote(&text), &what);
    hint(
        ctx,
        "for example \">= 3\", \"== 0\", \"< 2\" (operators ==, !=, <, <=, >, >=)",
    );
    None
}

/// `count` of a `pods` or `event` condition (default `>= 1`).
fn count(ctx: &mut Ctx, f: &mut Fields<'_>) -> Option<Comparison> {
    match f.get(ctx, "count") {
        Some(n) => comparison(ctx, n, &f.sub("count"), &[]),
        None => Some(Comparison::at_least(1)),
    }
}

fn workload_kind(key: &str) -> Option<WorkloadKind> {
    WorkloadKind::ALL.into_iter().find(|k| k.key() == key)
}

/// One condition: exactly one subject key and the keys that go with it.
fn condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Condition> {
    let Value::Map(entries) = &node.value else {
        ctx.type_error(path, node, "object");
        return None;
    };
    let present: Vec<&str> = entries
        .iter()
        .map(|(k, _)| k.text.as_str())
        .filter(|k| SUBJECTS.contains(k))
        .collect();
    let mut f = Fields::open(ctx, node, path)?;
    let [subject] = present.as_slice() else {
        let found = if present.is_empty() {
            "none".to_string()
        } else {
            present.join(" and ")
        };
        ctx.field_error(
            path,
            &format!("Invalid value: a condition is about exactly one thing: {found} given"),
        );
        hint(
            ctx,
            &format!(
                "use one of {}; combine conditions with allOf, anyOf and not",
                SUBJECTS.join(", ")
            ),
        );
        return None;
    };
    let subject = *subject;
    let p = f.sub(subject);
    let decoded = match subject {
        "pods" => {
            let query = f.object(ctx, "pods", pod_query);
            let count = count(ctx, &mut f);
            f.finish(ctx, &["pods", "count"], &[]);
            Condition::Pods {
                query: query.or_else(|| {
                    // `pods: {}` or `pods: null`: every pod.
                    f_is_empty_map(node, "pods").then(PodQuery::default)
                })?,
                count: count?,
            }
        }
        "podDisruptionBudget" => {
            let name = required_string(ctx, &mut f, subject);
            let namespace = namespace_or_default(ctx, &mut f);
            let (field, is) = field_and_comparison(ctx, &mut f, BUDGET_FIELDS, false)?;
            f.finish(ctx, &[subject, "namespace", "field", "is"], &[]);
            let (field, is) = match field {
                Some(field) => (field, is?),
                None => (
                    "currentHealthy".to_string(),
                    Comparison {
                        op: CompareOp::Ge,
                        value: Operand::Field("desiredHealthy".to_string()),
                    },
                ),
            };
            Condition::Field {
                object: FieldObject::Budget {
                    name: name?,
                    namespace,
                },
                field,
                is,
            }
        }
        "node" => {
            let name = required_string(ctx, &mut f, subject);
            let ready = f.bool(ctx, "ready");
            let schedulable = f.bool(ctx, "schedulable");
            f.finish(ctx, &["node", "ready", "schedulable"], &[]);
            Condition::Node {
                name: name?,
                ready,
                schedulable,
            }
        }
        "drained" => {
            let name = required_string(ctx, &mut f, subject);
            f.finish(ctx, &["drained"], &[]);
            Condition::Drained(name?)
        }
        "event" => {
            let query = f.object(ctx, "event", event_query);
            let count = count(ctx, &mut f);
            f.finish(ctx, &["event", "count"], &[]);
            if query.is_none() && !ctx.has_errors() {
                ctx.field_error(&p, "Required value: the event's reason");
                hint(ctx, "for example event: {reason: Preempted}, count: 0");
            }
            Condition::Events {
                query: query?,
                count: count?,
            }
        }
        "allOf" | "anyOf" => {
            let items = f.list(ctx, subject, condition);
            let given = match f.get(ctx, subject) {
                Some(Node {
                    value: Value::Seq(items),
                    ..
                }) => items.len(),
                _ => 0,
            };
            f.finish(ctx, &[subject], &[]);
            if given == 0 {
                ctx.field_error(&p, "Required value: at least one condition");
                return None;
            }
            if items.len() != given {
                return None;
            }
            if subject == "allOf" {
                Condition::AllOf(items)
            } else {
                Condition::AnyOf(items)
            }
        }
        "not" => {
            let inner = f.object(ctx, "not", condition);
            f.finish(ctx, &["not"], &[]);
            Condition::Not(Box::new(inner?))
        }
        _ => {
            let kind = workload_kind(subject)?;
            let name = required_string(ctx, &mut f, subject);
            let namespace = namespace_or_default(ctx, &mut f);
            let rollout = f.bool(ctx, "rolloutComplete");
            let fields = workload_fields(kind);
            let (field, is) = field_and_comparison(ctx, &mut f, fields, rollout.is_none())?;
            f.finish(
                ctx,
                &[subject, "namespace", "field", "is", "rolloutComplete"],
                &[],
            );
            let workload = Workload::new(kind, &name?, &namespace);
            match (rollout, field) {
                (Some(true), None) => {
                    if kind == WorkloadKind::ReplicaSet {
                        validate::common::forbidden(
                            ctx,
                            &child(path, "rolloutComplete"),
                            "a ReplicaSet has no rollout: name its Deployment",
                        );
                        return None;
                    }
                    Condition::RolloutComplete(workload)
                }
                (Some(false), _) => {
                    validate::common::invalid(
                        ctx,
                        &child(path, "rolloutComplete"),
                        "false",
                        "only true is checked",
                    );
                    hint(ctx, "for a rollout that is not complete write not: {deployment: web, rolloutComplete: true}");
                    return None;
                }
                (Some(true), Some(_)) => {
                    validate::common::forbidden(
                        ctx,
                        &child(path, "field"),
                        "give either rolloutComplete or field and is, not both",
                    );
                    hint(ctx, "split it into two conditions under allOf");
                    return None;
                }
                (None, Some(field)) => Condition::Field {
                    object: FieldObject::Workload(workload),
                    field,
                    is: is?,
                },
                (None, None) => return None,
            }
        }
    };
    Some(decoded)
}

/// True when `key` of the mapping `node` is an empty mapping or null.
fn f_is_empty_map(node: &Node, key: &str) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    entries.iter().any(|(k, v)| {
        k.text == key && (v.is_null() || matches!(&v.value, Value::Map(m) if m.is_empty()))
    })
}

/// `field` (one of `fields`) and `is`. `required`: one of them must be given. `None` when
/// something is wrong; `Some((None, _))` when no field is named.
#[allow(clippy::type_complexity)] // a pair read together; only two callers
fn field_and_comparison(
    ctx: &mut Ctx,
    f: &mut Fields<'_>,
    fields: &[&str],
    required: bool,
) -> Option<(Option<String>, Option<Comparison>)> {
    let field = f.string(ctx, "field").filter(|s| !s.is_empty());
    let is = f.get(ctx, "is").map(|n| (n, f.sub("is")));
    let path = f.sub("field");
    match (&field, is) {
        (None, None) if required => {
            ctx.field_error(
                &path,
                &format!(
                    "Required value: a status field to compare ({})",
                    fields.join(", ")
                ),
            );
            hint(ctx, "for example {deployment: web, field: availableReplicas, is: \">= 3\"}, or {deployment: web, rolloutComplete: true}");
            None
        }
        (None, None) => Some((None, None)),
        (None, Some(_)) => {
            ctx.field_error(&path, "Required value: the field that `is` compares");
            None
        }
        (Some(field), is) => {
            if !fields.contains(&field.as_str()) {
                validate::common::not_supported(ctx, &path, &go_quote(field), fields);
                return None;
            }
            let Some((node, is_path)) = is else {
                ctx.field_error(&child(&path_parent(&path), "is"), "Required value");
                hint(ctx, "for example is: \">= 3\"");
                return None;
            };
            let comparison = comparison(ctx, node, &is_path, fields)?;
            Some((Some(field.clone()), Some(comparison)))
        }
    }
}

fn path_parent(path: &str) -> String {
    path.rsplit_once('.')
        .map_or(String::new(), |(p, _)| p.to_string())
}

/// `pods: {...}`.
fn pod_query(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodQuery> {
    let mut f = Fields::open(ctx, node, path)?;
    let mark = ctx.diags.len();
    let namespace = f.string(ctx, "namespace").filter(|s| !s.is_empty());
    let name = f.string(ctx, "name").filter(|s| !s.is_empty());
    let owners: Vec<Workload> = WorkloadKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let name = f.string(ctx, kind.key()).filter(|s| !s.is_empty())?;
            Some(Workload::new(
                kind,
                &name,
                namespace.as_deref().unwrap_or(""),
            ))
        })
        .collect();
    if owners.len() > 1 {
        ctx.field_error(
            path,
            "Invalid value: more than one controller given: name at most one of daemonSet, deployment, replicaSet, statefulSet",
        );
    }
    let selector = f.object(ctx, "selector", label_selector);
    let node_name = f.string(ctx, "node").filter(|s| !s.is_empty());
    let node_selector = f.object(ctx, "nodeSelector", label_selector);
    let image = f.string(ctx, "image").filter(|s| !s.is_empty());
    let phase = match f.string(ctx, "phase").as_deref() {
        None | Some("Running") => PodPhaseFilter::Running,
        Some("Pending") => PodPhaseFilter::Pending,
        Some("Any") => PodPhaseFilter::Any,
        Some(other) => {
            validate::common::not_supported(
                ctx,
                &f.sub("phase"),
                &go_quote(other),
                &["Running", "Pending", "Any"],
            );
            PodPhaseFilter::Running
        }
    };
    for (sel, key) in [(&selector, "selector"), (&node_selector, "nodeSelector")] {
        if let Some(sel) = sel {
            validate::common::label_selector(ctx, sel, &f.sub(key));
        }
    }
    f.finish(
        ctx,
        &[
            "namespace",
            "name",
            "daemonSet",
            "deployment",
            "replicaSet",
            "statefulSet",
            "selector",
            "node",
            "nodeSelector",
            "image",
            "phase",
        ],
        &[],
    );
    if ctx.errors_since(mark) {
        return None;
    }
    Some(PodQuery {
        namespace,
        name,
        owner: owners.into_iter().next(),
        selector,
        node: node_name,
        node_selector,
        image,
        phase,
    })
}

/// `event: {reason, message?, kind?, name?, namespace?}`.
fn event_query(ctx: &mut Ctx, node: &Node, path: &str) -> Option<EventQuery> {
    let mut f = Fields::open(ctx, node, path)?;
    let reason = required_string(ctx, &mut f, "reason");
    let optional =
        |ctx: &mut Ctx, f: &mut Fields<'_>, key: &str| f.string(ctx, key).filter(|s| !s.is_empty());
    let message = optional(ctx, &mut f, "message");
    let kind = optional(ctx, &mut f, "kind");
    let name = optional(ctx, &mut f, "name");
    let namespace = optional(ctx, &mut f, "namespace");
    f.finish(
        ctx,
        &["reason", "message", "kind", "name", "namespace"],
        &[],
    );
    Some(EventQuery {
        reason: reason?,
        message,
        kind,
        name,
        namespace,
    })
}

/// `unchanged: {kind, name, namespace?, field?}`.
fn unchanged(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Unchanged> {
    let mut f = Fields::open(ctx, node, path)?;
    let mark = ctx.diags.len();
    let kind = required_string(ctx, &mut f, "kind");
    let name = required_string(ctx, &mut f, "name");
    let namespace = f.string(ctx, "namespace").filter(|s| !s.is_empty());
    let field = f.string(ctx, "field").filter(|s| !s.is_empty());
    if let Some(kind) = &kind {
        if !UNCHANGED_KINDS.contains(&kind.as_str()) {
            validate::common::not_supported(ctx, &f.sub("kind"), &go_quote(kind), UNCHANGED_KINDS);
        }
    }
    if let Some(field) = &field {
        if let Err(problem) = field_path(field) {
            validate::common::invalid(ctx, &f.sub("field"), &go_quote(field), &problem);
            hint(ctx, "for example spec.taints, spec.template.spec.tolerations or metadata.labels[topology.kubernetes.io/zone]");
        }
    }
    f.finish(ctx, &["kind", "name", "namespace", "field"], &[]);
    if ctx.errors_since(mark) {
        return None;
    }
    let kind = kind?;
    let cluster_scoped = matches!(kind.as_str(), "Node" | "PriorityClass");
    Some(Unchanged {
        namespace: if cluster_scoped {
            String::new()
        } else {
            namespace.unwrap_or_else(|| "default".to_string())
        },
        kind,
        name: name?,
        field,
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::yaml::load;

    /// A Scenario with one step and `goals` (YAML lines indented under `goals:`).
    fn scenario(goals: &str) -> String {
        format!(
            "apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n  - wait: 5s\n  goals:\n{goals}"
        )
    }

    #[test]
    fn mistakes_in_goals_are_reported_with_their_path_position_and_a_fix() {
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "a goal without any check",
                "  - id: a\n    title: {en: A, zh: 甲}\n",
                "spec.goals[0]: Required value: say when the goal holds: atEnd, eventually, always or unchanged",
                Some("for example atEnd:"),
            ),
            (
                "a goal with two checks",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {drained: n1}\n    always: {drained: n1}\n",
                "spec.goals[0]: Invalid value: atEnd and always given: a goal has exactly one of atEnd, eventually, always, unchanged",
                Some("split it into one goal for each"),
            ),
            (
                "a title without Chinese",
                "  - id: a\n    title: {en: A}\n    atEnd: {drained: n1}\n",
                "spec.goals[0].title.zh: Required value",
                None,
            ),
            (
                "an id that is not a label",
                "  - id: Big_Id\n    title: {en: A, zh: 甲}\n    atEnd: {drained: n1}\n",
                "spec.goals[0].id: Invalid value: \"Big_Id\": a lowercase RFC 1123 label",
                None,
            ),
            (
                "two goals with one id",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {drained: n1}\n  - id: a\n    title: {en: B, zh: 乙}\n    atEnd: {drained: n2}\n",
                "spec.goals[1].id: Duplicate value: \"a\"",
                Some("give every goal its own id"),
            ),
            (
                "a condition about two things",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {drained: n1, node: n1}\n",
                "spec.goals[0].atEnd: Invalid value: a condition is about exactly one thing: drained and node given",
                Some("use one of pods, daemonSet"),
            ),
            (
                "a field a DaemonSet does not have",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {daemonSet: ds, field: availableReplicas, is: 3}\n",
                "spec.goals[0].atEnd.field: Unsupported value: \"availableReplicas\": supported values: \"desiredNumberScheduled\"",
                None,
            ),
            (
                "a comparison that is not one",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {pods: {node: n1}, count: 'about 3'}\n",
                "spec.goals[0].atEnd.count: Invalid value: \"about 3\": must be a comparison with a number",
                Some("for example \">= 3\""),
            ),
            (
                "a workload condition without a field",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {deployment: web}\n",
                "spec.goals[0].atEnd.field: Required value: a status field to compare",
                Some("rolloutComplete: true"),
            ),
            (
                "a window on an atEnd goal",
                "  - id: a\n    title: {en: A, zh: 甲}\n    atEnd: {drained: n1}\n    from: 10s\n",
                "spec.goals[0].from: Forbidden: from applies to eventually and always goals, not to atEnd",
                None,
            ),
            (
                "a window naming a step that does not exist",
                "  - id: a\n    title: {en: A, zh: 甲}\n    always: {drained: n1}\n    from: {step: 3}\n",
                "spec.goals[0].from.step: Invalid value: 3: must name a step of spec.steps, from 1 to 1",
                None,
            ),
            (
                "an unchanged goal of a kind that is not kept",
                "  - id: a\n    title: {en: A, zh: 甲}\n    unchanged: {kind: Service, name: web}\n",
                "spec.goals[0].unchanged.kind: Unsupported value: \"Service\": supported values: \"Node\"",
                None,
            ),
            (
                "an unchanged field path with an empty segment",
                "  - id: a\n    title: {en: A, zh: 甲}\n    unchanged: {kind: Node, name: n1, field: spec..taints}\n",
                "spec.goals[0].unchanged.field: Invalid value: \"spec..taints\": an empty segment",
                Some("for example spec.taints"),
            ),
        ];
        for (name, goals, message, hint) in table {
            let loaded = load(&scenario(goals));
            let found = loaded
                .diagnostics
                .iter()
                .find(|d| d.message.starts_with(message))
                .unwrap_or_else(|| panic!("{name}: {:#?}", loaded.diagnostics));
            assert!(found.line > 7, "{name}: positioned in the goals: {found:?}");
            if let Some(hint) = hint {
                let got = found.hint.as_deref().unwrap_or("");
                assert!(got.contains(hint), "{name}: hint {got:?}");
            }
            assert!(loaded.has_errors(), "{name}: an error");
        }
    }

    #[test]
    fn goals_read_back_the_same_after_an_export() {
        let text = scenario(
            "  - id: all
    title: {en: Everything, zh: 全部}
    hint: {en: Try, zh: 试试}
    eventually:
      allOf:
      - pods: {namespace: kube-system, daemonSet: ds, node: n1, image: 'a:1', phase: Pending, selector: {matchLabels: {a: b}}, nodeSelector: {matchExpressions: [{key: zone, operator: DoesNotExist}]}}
        count: '< 2'
      - {deployment: web, field: availableReplicas, is: '>= spec.replicas'}
      - {statefulSet: db, rolloutComplete: true}
      - {podDisruptionBudget: pdb}
      - {podDisruptionBudget: pdb, field: disruptionsAllowed, is: 0}
      - anyOf: [{node: n1, ready: false}, {drained: n2}]
      - not: {event: {reason: Preempted, kind: Pod, name: p, namespace: default, message: by}, count: '!= 0'}
    from: {step: 1, after: 2s}
    until: 1m
  - id: same
    title: {en: Same, zh: 相同}
    unchanged: {kind: Node, name: n1, field: 'metadata.labels[a.b/c]'}
",
        );
        let first = load(&text);
        assert!(!first.has_errors(), "{:?}", first.diagnostics);
        let exported = crate::engine::yaml::to_yaml(&first.objects);
        let second = load(&exported);
        assert!(!second.has_errors(), "{exported}\n{:?}", second.diagnostics);
        let goals = |o: &crate::engine::yaml::Objects| o.scenario.clone().map(|s| s.spec.goals);
        assert_eq!(goals(&first.objects).map(|g| g.len()), Some(2));
        assert_eq!(goals(&first.objects), goals(&second.objects), "{exported}");
    }
}

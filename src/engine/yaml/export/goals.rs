//! A Scenario's `spec.goals` back to YAML, as docs/scenario.md writes them.

use super::{duration, label_selector, workload, Out, M};
use crate::engine::api::goals::*;
use crate::engine::api::scenario::Duration;

fn text(t: &Text) -> Out {
    let mut m = M::default();
    m.str("en", &t.en).str("zh", &t.zh);
    m.done()
}

fn comparison(c: &Comparison) -> Out {
    match &c.value {
        Operand::Number(n) => Out::Str(format!("{} {n}", c.op.as_str())),
        Operand::Field(f) => Out::Str(format!("{} {f}", c.op.as_str())),
    }
}

/// `count`, left out when it is the default `>= 1`.
fn count(m: &mut M, c: &Comparison) {
    if *c != Comparison::at_least(1) {
        m.put("count", comparison(c));
    }
}

fn moment(at: &Moment) -> Out {
    match at.step {
        None => duration(Duration {
            millis: at.after_ms,
        }),
        Some(step) => {
            let mut m = M::default();
            m.put("step", Out::Int(i64::try_from(step).unwrap_or(i64::MAX)));
            if at.after_ms > 0 {
                m.put(
                    "after",
                    duration(Duration {
                        millis: at.after_ms,
                    }),
                );
            }
            m.done()
        }
    }
}

fn pod_query(q: &PodQuery) -> Out {
    let mut m = M::default();
    m.opt_str("namespace", &q.namespace)
        .opt_str("name", &q.name);
    if let Some(owner) = &q.owner {
        m.str(owner.kind.key(), &owner.name);
    }
    if let Some(sel) = &q.selector {
        m.put("selector", label_selector(sel));
    }
    m.opt_str("node", &q.node);
    if let Some(sel) = &q.node_selector {
        m.put("nodeSelector", label_selector(sel));
    }
    m.opt_str("image", &q.image);
    if q.phase != PodPhaseFilter::Running {
        m.str("phase", q.phase.as_str());
    }
    m.done()
}

fn condition(c: &Condition) -> Out {
    let mut m = M::default();
    match c {
        Condition::Pods { query, count: n } => {
            m.put("pods", pod_query(query));
            count(&mut m, n);
        }
        Condition::Field { object, field, is } => match object {
            FieldObject::Workload(w) => {
                workload(&mut m, w);
                m.str("field", field).put("is", comparison(is));
            }
            FieldObject::Budget { name, namespace } => {
                m.str("podDisruptionBudget", name)
                    .str("namespace", namespace);
                let healthy = Comparison {
                    op: CompareOp::Ge,
                    value: Operand::Field("desiredHealthy".into()),
                };
                if !(field == "currentHealthy" && *is == healthy) {
                    m.str("field", field).put("is", comparison(is));
                }
            }
        },
        Condition::RolloutComplete(w) => {
            workload(&mut m, w);
            m.put("rolloutComplete", Out::Bool(true));
        }
        Condition::Node {
            name,
            ready,
            schedulable,
        } => {
            m.str("node", name)
                .opt_bool("ready", *ready)
                .opt_bool("schedulable", *schedulable);
        }
        Condition::Drained(node) => {
            m.str("drained", node);
        }
        Condition::Events { query, count: n } => {
            let mut e = M::default();
            e.str("reason", &query.reason)
                .opt_str("message", &query.message)
                .opt_str("kind", &query.kind)
                .opt_str("name", &query.name)
                .opt_str("namespace", &query.namespace);
            m.put("event", e.done());
            count(&mut m, n);
        }
        Condition::AllOf(items) => {
            m.put("allOf", Out::Seq(items.iter().map(condition).collect()));
        }
        Condition::AnyOf(items) => {
            m.put("anyOf", Out::Seq(items.iter().map(condition).collect()));
        }
        Condition::Not(inner) => {
            m.put("not", condition(inner));
        }
    }
    m.done()
}

fn unchanged(u: &Unchanged) -> Out {
    let mut m = M::default();
    m.str("kind", &u.kind)
        .str("name", &u.name)
        .str("namespace", &u.namespace)
        .opt_str("field", &u.field);
    m.done()
}

/// `spec.goals`.
pub(super) fn goals(goals: &[Goal]) -> Out {
    Out::Seq(
        goals
            .iter()
            .map(|g| {
                let mut m = M::default();
                m.str("id", &g.id).put("title", text(&g.title));
                if let Some(hint) = &g.hint {
                    m.put("hint", text(hint));
                }
                let window = match &g.check {
                    Check::AtEnd(c) => {
                        m.put("atEnd", condition(c));
                        None
                    }
                    Check::Eventually(c, w) => {
                        m.put("eventually", condition(c));
                        Some(w)
                    }
                    Check::Always(c, w) => {
                        m.put("always", condition(c));
                        Some(w)
                    }
                    Check::Unchanged(u) => {
                        m.put("unchanged", unchanged(u));
                        None
                    }
                };
                if let Some(w) = window {
                    if let Some(from) = &w.from {
                        m.put("from", moment(from));
                    }
                    if let Some(until) = &w.until {
                        m.put("until", moment(until));
                    }
                }
                m.done()
            })
            .collect(),
    )
}

//! One mapping being decoded: which keys were read, the unknown ones warned about (with a
//! "did you mean"), the known-but-unsimulated ones kept verbatim.

use super::scalar::{int, list, resource_list, string, string_map};
use crate::engine::api::types::*;
use crate::engine::diagnostic::Severity;
use crate::engine::quote::go_quote;
use crate::engine::yaml::context::{child, Ctx, Diag};
use crate::engine::yaml::node::{Key, Node, Scalar, Value};

/// At most this many unknown-field warnings are listed per object; the rest are counted.
pub const MAX_UNKNOWN_FIELD_WARNINGS: usize = 50;

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur[j + 1] = best;
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest candidate: same letters ignoring case, else edit distance of at most 2.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(c);
    }
    if word.chars().count() > 64 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(word, c);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Converts a node to a verbatim value; null entries of mappings are dropped (JSON `null`
/// means "not set" for every optional Kubernetes field).
pub fn raw(node: &Node) -> RawValue {
    match &node.value {
        Value::Scalar(s, _) => match s {
            Scalar::Null => RawValue::Null,
            Scalar::Bool(b) => RawValue::Bool(*b),
            Scalar::Int(i) => RawValue::Int(*i),
            Scalar::Float(f) => RawValue::Float(f.clone()),
            Scalar::Str(s) => RawValue::String(s.clone()),
        },
        Value::Seq(items) => RawValue::Seq(items.iter().map(raw).collect()),
        Value::Map(entries) => RawValue::Map(
            entries
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.text.clone(), raw(v)))
                .collect(),
        ),
    }
}

/// The fields of one mapping being decoded; tracks which keys were read.
pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    path: String,
}

impl<'n> Fields<'n> {
    /// Opens a mapping; `None` (and an error) for other node types, `None` for null.
    pub fn open(ctx: &mut Ctx, node: &'n Node, path: &str) -> Option<Fields<'n>> {
        ctx.at(path, node);
        match &node.value {
            Value::Map(entries) => Some(Fields {
                entries,
                used: vec![false; entries.len()],
                path: path.to_string(),
            }),
            Value::Scalar(Scalar::Null, _) => None,
            _ => {
                ctx.type_error(path, node, "object");
                None
            }
        }
    }

    /// The path of a field of this mapping.
    pub fn sub(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// The value of `key` unless absent or null; records its position.
    pub fn get(&mut self, ctx: &mut Ctx, key: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.text == key)?;
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
        let (k, node) = self.entries.get(i)?;
        let path = self.sub(key);
        ctx.positions.entry(path).or_insert(k.pos);
        if node.is_null() {
            None
        } else {
            Some(node)
        }
    }

    /// A string field.
    pub fn string(&mut self, ctx: &mut Ctx, key: &str) -> Option<String> {
        let node = self.get(ctx, key)?;
        string(ctx, node, &self.sub(key))
    }

    /// An integer field.
    pub fn int(&mut self, ctx: &mut Ctx, key: &str) -> Option<i64> {
        let node = self.get(ctx, key)?;
        int(ctx, node, &self.sub(key))
    }

    /// An int32 field.
    pub fn int32(&mut self, ctx: &mut Ctx, key: &str) -> Option<i32> {
        let node = self.get(ctx, key)?;
        let path = self.sub(key);
        let v = int(ctx, node, &path)?;
        match i32::try_from(v) {
            Ok(v) => Some(v),
            Err(_) => {
                ctx.error_at(
                    &path,
                    node.pos,
                    format!("{path}: Invalid value: {v}: must fit in a 32-bit integer"),
                    None,
                );
                None
            }
        }
    }

    /// A boolean field.
    pub fn bool(&mut self, ctx: &mut Ctx, key: &str) -> Option<bool> {
        let node = self.get(ctx, key)?;
        match &node.value {
            Value::Scalar(Scalar::Bool(b), _) => Some(*b),
            _ => {
                ctx.type_error(&self.sub(key), node, "boolean");
                None
            }
        }
    }

    /// A map of strings (labels, annotations, nodeSelector).
    pub fn string_map(&mut self, ctx: &mut Ctx, key: &str) -> StringMap {
        let Some(node) = self.get(ctx, key) else {
            return StringMap::new();
        };
        string_map(ctx, node, &self.sub(key))
    }

    /// A resource list.
    pub fn resources(&mut self, ctx: &mut Ctx, key: &str) -> ResourceList {
        let Some(node) = self.get(ctx, key) else {
            return ResourceList::new();
        };
        resource_list(ctx, node, &self.sub(key))
    }

    /// A list field decoded item by item.
    pub fn list<T>(
        &mut self,
        ctx: &mut Ctx,
        key: &str,
        item: impl FnMut(&mut Ctx, &'n Node, &str) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = self.get(ctx, key) else {
            return Vec::new();
        };
        list(ctx, node, &self.sub(key), item)
    }

    /// A sub-object.
    pub fn object<T>(
        &mut self,
        ctx: &mut Ctx,
        key: &str,
        decode: impl FnOnce(&mut Ctx, &'n Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.get(ctx, key)?;
        decode(ctx, node, &self.sub(key))
    }

    /// Ends decoding: returns the known-but-unsimulated fields verbatim and warns about the
    /// rest. `typed` lists the fields this struct models (for suggestions).
    pub fn finish(self, ctx: &mut Ctx, typed: &[&str], known: &[&str]) -> Extra {
        let mut extra = Extra::new();
        for ((k, v), used) in self.entries.iter().zip(self.used) {
            if used {
                continue;
            }
            if known.contains(&k.text.as_str()) {
                ctx.at(&child(&self.path, &k.text), v);
                if !v.is_null() {
                    extra.push((k.text.clone(), raw(v)));
                }
                continue;
            }
            ctx.unknown_fields += 1;
            if ctx.unknown_fields > MAX_UNKNOWN_FIELD_WARNINGS {
                continue;
            }
            let path = child(&self.path, &k.text);
            let candidates: Vec<&str> = typed.iter().chain(known.iter()).copied().collect();
            let hint =
                suggest(&k.text, &candidates).map(|s| format!("did you mean {}?", go_quote(s)));
            ctx.diags.push(Diag {
                severity: Severity::Warning,
                message: format!("unknown field {}", go_quote(&path)),
                path: Some(path),
                pos: k.pos,
                hint,
            });
        }
        extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_case_insensitive_matches_then_small_edits() {
        let table: &[(&str, &str, &[&str], Option<&str>)] = &[
            (
                "one letter missing",
                "efect",
                &["key", "effect"],
                Some("effect"),
            ),
            (
                "wrong case",
                "nodename",
                &["nodeName", "name"],
                Some("nodeName"),
            ),
            ("too far away", "zzzzzz", &["effect"], None),
            (
                "a swap is two edits",
                "tolerations",
                &["tolerations"],
                Some("tolerations"),
            ),
        ];
        for (name, word, candidates, want) in table {
            assert_eq!(suggest(word, candidates), *want, "{name}");
        }
    }
}

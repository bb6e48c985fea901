//! Decoding positioned YAML nodes into the typed object model, with strict field checking:
//! unknown fields warn (with a "did you mean"), wrong types are errors.

use std::collections::HashMap;

use super::known;
use super::node::{Key, Node, Pos, Scalar, Value};
use crate::engine::api::types::*;
use crate::engine::api::Quantity;
use crate::engine::diagnostic::Severity;
use crate::engine::quote::go_quote;

/// A diagnostic before it is tied to an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    /// Error or warning.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Dotted field path.
    pub path: Option<String>,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Decoding state for one object: diagnostics and the position of every path seen.
#[derive(Debug, Default)]
pub struct Ctx {
    /// Diagnostics found so far.
    pub diags: Vec<Diag>,
    /// Field path to source position.
    pub positions: HashMap<String, Pos>,
    /// Unknown fields reported so far for this object.
    pub unknown_fields: usize,
}

/// At most this many unknown-field warnings are listed per object; the rest are counted.
pub const MAX_UNKNOWN_FIELD_WARNINGS: usize = 50;

/// `path.key`, or `key` at the root.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `path[key]` (upstream `field.Path.Key`).
pub fn key_path(path: &str, key: &str) -> String {
    format!("{path}[{key}]")
}

impl Ctx {
    /// Remembers where `path` is.
    pub fn at(&mut self, path: &str, node: &Node) {
        self.positions.entry(path.to_string()).or_insert(node.pos);
    }

    /// The position of `path`, or of its closest recorded ancestor.
    pub fn pos_of(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => return self.positions.get("").copied().unwrap_or_default(),
            }
        }
    }

    /// Adds an error at `path`, positioned at `pos`.
    pub fn error_at(&mut self, path: &str, pos: Pos, message: String, hint: Option<String>) {
        self.diags.push(Diag {
            severity: Severity::Error,
            message,
            path: Some(path.to_string()),
            pos,
            hint,
        });
    }

    /// Adds an upstream-style field error (`path: body`) positioned by path.
    pub fn field_error(&mut self, path: &str, body: &str) {
        let pos = self.pos_of(path);
        self.error_at(path, pos, format!("{path}: {body}"), None);
    }

    /// Adds an upstream-style field error for `path`, positioned at `pos_path` (e.g. the
    /// line of one label while the upstream path names the whole map).
    pub fn field_error_near(&mut self, path: &str, pos_path: &str, body: &str) {
        let pos = self.pos_of(pos_path);
        self.error_at(path, pos, format!("{path}: {body}"), None);
    }

    /// True when an error was reported after the first `mark` diagnostics.
    pub fn errors_since(&self, mark: usize) -> bool {
        self.diags
            .iter()
            .skip(mark)
            .any(|d| d.severity == Severity::Error)
    }

    /// True when an error was reported.
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    fn type_error(&mut self, path: &str, node: &Node, want: &str) {
        let got = node.type_name();
        let mut message = format!("{path}: Invalid type: got \"{got}\", expected \"{want}\"");
        let mut hint = None;
        if let (
            Value::Scalar(Scalar::Bool(_) | Scalar::Int(_) | Scalar::Float(_), text),
            "string",
        ) = (&node.value, want)
        {
            message.push_str(&format!(
                ": quote the value (\"{text}\") so that YAML reads it as a string"
            ));
            hint = Some(format!("write it as \"{text}\""));
        }
        self.error_at(path, node.pos, message, hint);
    }
}

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

/// A string value.
pub fn string(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Str(s), _) => Some(s.clone()),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "string");
            None
        }
    }
}

/// An integer value.
pub fn int(ctx: &mut Ctx, node: &Node, path: &str) -> Option<i64> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Int(i), _) => Some(*i),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "integer");
            None
        }
    }
}

/// A list of items.
pub fn list<'n, T>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
    mut item: impl FnMut(&mut Ctx, &'n Node, &str) -> Option<T>,
) -> Vec<T> {
    ctx.at(path, node);
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let p = index(path, i);
                ctx.at(&p, n);
                item(ctx, n, &p)
            })
            .collect(),
        Value::Scalar(Scalar::Null, _) => Vec::new(),
        _ => {
            ctx.type_error(path, node, "array");
            Vec::new()
        }
    }
}

/// A map of strings.
pub fn string_map(ctx: &mut Ctx, node: &Node, path: &str) -> StringMap {
    let mut out = StringMap::new();
    ctx.at(path, node);
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = child(path, &k.text);
                ctx.positions.entry(p.clone()).or_insert(k.pos);
                match &v.value {
                    Value::Scalar(Scalar::Str(s), _) => {
                        out.insert(k.text.clone(), s.clone());
                    }
                    // JSON null for a string value decodes as "".
                    Value::Scalar(Scalar::Null, _) => {
                        out.insert(k.text.clone(), String::new());
                    }
                    _ => ctx.type_error(&p, v, "string"),
                }
            }
        }
        Value::Scalar(Scalar::Null, _) => {}
        _ => ctx.type_error(path, node, "object"),
    }
    out
}

/// The JSON number kubectl sends for a YAML float: go-yaml reads a `float64`, which
/// `encoding/json` writes with the shortest digits, in exponent form (`1e-7`, `1e+21`)
/// below 1e-6 and from 1e21 on. So an unquoted `1e3` arrives as `1000` and `1.250` as
/// `1.25`, which matters for the text a quantity keeps (see [`Quantity`]).
///
/// Worked on the decimal digits, without floating point (whose parsing and printing would
/// add some 30 KB to the wasm): a decimal of up to 15 significant digits converts to a
/// `float64` and back to the same digits, so the shortest form is those digits without
/// leading and trailing zeros. Longer mantissas are rounded to 17 digits, the precision of a
/// `float64` (the shortest form of such a double can be a digit or two shorter). None for a
/// value a `float64` cannot hold (infinite).
fn go_json_float(text: &str) -> Option<String> {
    let text = text.replace('_', "");
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, &text[..]),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // value = digits × 10^scale
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    let mut scale = exponent.checked_sub(fraction.len() as i64)?;
    let leading = digits.iter().take_while(|d| **d == 0).count();
    digits.drain(..leading);
    if digits.len() > 17 {
        let dropped = digits.len() - 17;
        let round_up = digits[17] >= 5;
        digits.truncate(17);
        scale = scale.checked_add(dropped as i64)?;
        if round_up {
            let mut at = digits.len();
            loop {
                if at == 0 {
                    digits.insert(0, 1);
                    break;
                }
                at -= 1;
                if digits[at] == 9 {
                    digits[at] = 0;
                } else {
                    digits[at] += 1;
                    break;
                }
            }
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
        scale += 1;
    }
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return Some(format!("{sign}0"));
    }
    let n = digits.len() as i64;
    // The decimal exponent of the leading digit: value = d.ddd × 10^point.
    let point = scale + n - 1;
    if point > 308 {
        return None;
    }
    if point < -324 {
        return Some(format!("{sign}0"));
    }
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    if !(-6..21).contains(&point) {
        let (first, rest) = text.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if point < 0 { '-' } else { '+' };
        return Some(format!(
            "{sign}{first}{dot}{rest}e{exp_sign}{}",
            point.abs()
        ));
    }
    Some(if point >= n - 1 {
        format!("{sign}{text}{}", "0".repeat((point - (n - 1)) as usize))
    } else if point < 0 {
        format!("{sign}0.{}{text}", "0".repeat((-point - 1) as usize))
    } else {
        let (int, frac) = text.split_at(point as usize + 1);
        format!("{sign}{int}.{frac}")
    })
}

/// A quantity: a string, an integer or a float (numbers as kubectl's JSON writes them).
pub fn quantity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Quantity> {
    ctx.at(path, node);
    let text = match &node.value {
        Value::Scalar(Scalar::Str(s), _) => s.clone(),
        Value::Scalar(Scalar::Int(i), _) => i.to_string(),
        Value::Scalar(Scalar::Float(f), _) => go_json_float(f).unwrap_or_else(|| f.clone()),
        _ => {
            ctx.type_error(path, node, "quantity");
            return None;
        }
    };
    // Upstream `Quantity.UnmarshalJSON` trims surrounding whitespace before parsing.
    match Quantity::parse(text.trim()) {
        Ok(q) => Some(q),
        Err(e) => {
            ctx.error_at(
                path,
                node.pos,
                format!("{path}: Invalid value: {}: {e}", go_quote(&text)),
                Some("examples: 100m, 0.5, 2, 128Mi, 1Gi (suffixes are case-sensitive)".into()),
            );
            None
        }
    }
}

/// A resource list (`cpu: 100m`, `memory: 1Gi`).
pub fn resource_list(ctx: &mut Ctx, node: &Node, path: &str) -> ResourceList {
    let mut out = ResourceList::new();
    ctx.at(path, node);
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = key_path(path, &k.text);
                if let Some(q) = quantity(ctx, v, &p) {
                    out.insert(k.text.clone(), q);
                }
            }
        }
        Value::Scalar(Scalar::Null, _) => {}
        _ => ctx.type_error(path, node, "object"),
    }
    out
}

/// An int-or-string value.
pub fn int_or_percent(ctx: &mut Ctx, node: &Node, path: &str) -> Option<IntOrPercent> {
    ctx.at(path, node);
    match &node.value {
        Value::Scalar(Scalar::Int(i), _) => match i32::try_from(*i) {
            Ok(v) => Some(IntOrPercent::Int(v)),
            Err(_) => {
                ctx.type_error(path, node, "int32 or string");
                None
            }
        },
        Value::Scalar(Scalar::Str(s), _) => Some(IntOrPercent::String(s.clone())),
        Value::Scalar(Scalar::Null, _) => None,
        _ => {
            ctx.type_error(path, node, "integer or string");
            None
        }
    }
}

/// `metadata`.
pub fn object_meta(ctx: &mut Ctx, node: &Node, path: &str) -> ObjectMeta {
    let mut meta = ObjectMeta::default();
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return meta;
    };
    meta.name = f.string(ctx, "name").unwrap_or_default();
    meta.namespace = f.string(ctx, "namespace").unwrap_or_default();
    meta.labels = f.string_map(ctx, "labels");
    meta.annotations = f.string_map(ctx, "annotations");
    meta.uid = f.string(ctx, "uid");
    meta.creation_timestamp = f.string(ctx, "creationTimestamp");
    meta.generation = f.int(ctx, "generation");
    meta.owner_references = f.list(ctx, "ownerReferences", owner_reference);
    meta.deletion_timestamp = f.string(ctx, "deletionTimestamp");
    meta.extra = f.finish(
        ctx,
        &[
            "name",
            "namespace",
            "labels",
            "annotations",
            "uid",
            "creationTimestamp",
            "generation",
            "ownerReferences",
            "deletionTimestamp",
        ],
        known::OBJECT_META,
    );
    meta
}

fn owner_reference(ctx: &mut Ctx, node: &Node, path: &str) -> Option<OwnerReference> {
    let mut f = Fields::open(ctx, node, path)?;
    let r = OwnerReference {
        api_version: f.string(ctx, "apiVersion").unwrap_or_default(),
        kind: f.string(ctx, "kind").unwrap_or_default(),
        name: f.string(ctx, "name").unwrap_or_default(),
        uid: f.string(ctx, "uid").unwrap_or_default(),
        controller: f.bool(ctx, "controller"),
        block_owner_deletion: f.bool(ctx, "blockOwnerDeletion"),
    };
    f.finish(
        ctx,
        &[
            "apiVersion",
            "kind",
            "name",
            "uid",
            "controller",
            "blockOwnerDeletion",
        ],
        &[],
    );
    Some(r)
}

/// Upstream `validateTaintEffect` lists the effects in this order (not sorted).
const TAINT_EFFECTS: &str = "supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"";

fn taint_effect(ctx: &mut Ctx, text: &str, path: &str, allow_empty: bool) -> Option<TaintEffect> {
    if text.is_empty() {
        if !allow_empty {
            ctx.field_error(path, "Required value");
        }
        return None;
    }
    let effect = TaintEffect::parse(text);
    if effect.is_none() {
        ctx.field_error(
            path,
            &format!("Unsupported value: {}: {TAINT_EFFECTS}", go_quote(text)),
        );
    }
    effect
}

fn taint(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Taint> {
    let mut f = Fields::open(ctx, node, path)?;
    let key = f.string(ctx, "key").unwrap_or_default();
    let value = f.string(ctx, "value").unwrap_or_default();
    let effect_text = f.string(ctx, "effect").unwrap_or_default();
    let time_added = f.string(ctx, "timeAdded");
    f.finish(ctx, &["key", "value", "effect", "timeAdded"], &[]);
    let effect = taint_effect(ctx, &effect_text, &child(path, "effect"), false)?;
    Some(Taint {
        key,
        value,
        effect,
        time_added,
    })
}

fn toleration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Toleration> {
    let mut f = Fields::open(ctx, node, path)?;
    let key = f.string(ctx, "key").unwrap_or_default();
    let operator_text = f.string(ctx, "operator").unwrap_or_default();
    let value = f.string(ctx, "value").unwrap_or_default();
    let effect_text = f.string(ctx, "effect").unwrap_or_default();
    let toleration_seconds = f.int(ctx, "tolerationSeconds");
    f.finish(
        ctx,
        &["key", "operator", "value", "effect", "tolerationSeconds"],
        &[],
    );
    let operator = match operator_text.as_str() {
        "" => None,
        "Equal" => Some(TolerationOperator::Equal),
        "Exists" => Some(TolerationOperator::Exists),
        other => {
            ctx.field_error(
                &child(path, "operator"),
                &format!(
                    "Unsupported value: {}: supported values: \"Equal\", \"Exists\"",
                    go_quote(other)
                ),
            );
            return None;
        }
    };
    let effect = taint_effect(ctx, &effect_text, &child(path, "effect"), true);
    if effect.is_none() && !effect_text.is_empty() {
        return None;
    }
    Some(Toleration {
        key,
        operator,
        value,
        effect,
        toleration_seconds,
    })
}

fn requirement(ctx: &mut Ctx, node: &Node, path: &str) -> Option<SelectorRequirement> {
    let mut f = Fields::open(ctx, node, path)?;
    let r = SelectorRequirement {
        key: f.string(ctx, "key").unwrap_or_default(),
        operator: f.string(ctx, "operator").unwrap_or_default(),
        values: f.list(ctx, "values", string),
    };
    f.finish(ctx, &["key", "operator", "values"], &[]);
    Some(r)
}

fn node_selector_term(ctx: &mut Ctx, node: &Node, path: &str) -> Option<NodeSelectorTerm> {
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return Some(NodeSelectorTerm::default());
    };
    let t = NodeSelectorTerm {
        match_expressions: f.list(ctx, "matchExpressions", requirement),
        match_fields: f.list(ctx, "matchFields", requirement),
    };
    f.finish(ctx, &["matchExpressions", "matchFields"], &[]);
    Some(t)
}

fn node_affinity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<NodeAffinity> {
    let mut f = Fields::open(ctx, node, path)?;
    let required = f.object(
        ctx,
        "requiredDuringSchedulingIgnoredDuringExecution",
        |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let terms = g.list(ctx, "nodeSelectorTerms", node_selector_term);
            g.finish(ctx, &["nodeSelectorTerms"], &[]);
            Some(NodeSelector {
                node_selector_terms: terms,
            })
        },
    );
    let preferred = f.list(
        ctx,
        "preferredDuringSchedulingIgnoredDuringExecution",
        |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let weight = g.int32(ctx, "weight").unwrap_or(0);
            let preference = g
                .object(ctx, "preference", node_selector_term)
                .unwrap_or_default();
            g.finish(ctx, &["weight", "preference"], &[]);
            Some(PreferredSchedulingTerm { weight, preference })
        },
    );
    f.finish(
        ctx,
        &[
            "requiredDuringSchedulingIgnoredDuringExecution",
            "preferredDuringSchedulingIgnoredDuringExecution",
        ],
        &[],
    );
    Some(NodeAffinity {
        required,
        preferred,
    })
}

fn affinity(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Affinity> {
    let mut f = Fields::open(ctx, node, path)?;
    let node_affinity = f.object(ctx, "nodeAffinity", node_affinity);
    let extra = f.finish(ctx, &["nodeAffinity"], known::AFFINITY);
    if node_affinity.is_none() && extra.is_empty() {
        // `affinity: {}` is the same as no affinity.
        return None;
    }
    Some(Affinity {
        node_affinity,
        extra,
    })
}

fn container_port(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ContainerPort> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = ContainerPort {
        name: f.string(ctx, "name"),
        container_port: f.int32(ctx, "containerPort").unwrap_or(0),
        host_port: f.int32(ctx, "hostPort").unwrap_or(0),
        host_ip: f.string(ctx, "hostIP").unwrap_or_default(),
        protocol: f.string(ctx, "protocol").unwrap_or_default(),
    };
    f.finish(
        ctx,
        &["name", "containerPort", "hostPort", "hostIP", "protocol"],
        &[],
    );
    Some(p)
}

fn resource_requirements(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ResourceRequirements> {
    let mut f = Fields::open(ctx, node, path)?;
    let requests = f.resources(ctx, "requests");
    let limits = f.resources(ctx, "limits");
    let extra = f.finish(ctx, &["requests", "limits"], known::RESOURCES);
    Some(ResourceRequirements {
        requests,
        limits,
        extra,
    })
}

fn container(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Container> {
    let mut f = Fields::open(ctx, node, path)?;
    let name = f.string(ctx, "name").unwrap_or_default();
    let image = f.string(ctx, "image").unwrap_or_default();
    let ports = f.list(ctx, "ports", container_port);
    let resources = f
        .object(ctx, "resources", resource_requirements)
        .unwrap_or_default();
    let restart_policy = f.string(ctx, "restartPolicy");
    let extra = f.finish(
        ctx,
        &["name", "image", "ports", "resources", "restartPolicy"],
        known::CONTAINER,
    );
    Some(Container {
        name,
        image,
        ports,
        resources,
        restart_policy,
        extra,
    })
}

/// `spec` of a Pod or a pod template.
pub fn pod_spec(ctx: &mut Ctx, node: &Node, path: &str) -> PodSpec {
    let mut spec = PodSpec::default();
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return spec;
    };
    spec.node_name = f.string(ctx, "nodeName").unwrap_or_default();
    spec.node_selector = f.string_map(ctx, "nodeSelector");
    spec.affinity = f.object(ctx, "affinity", affinity);
    spec.tolerations = f.list(ctx, "tolerations", toleration);
    spec.containers = f.list(ctx, "containers", container);
    spec.init_containers = f.list(ctx, "initContainers", container);
    spec.overhead = f.resources(ctx, "overhead");
    spec.resources = f.object(ctx, "resources", resource_requirements);
    spec.priority = f.int32(ctx, "priority");
    spec.priority_class_name = f.string(ctx, "priorityClassName").unwrap_or_default();
    spec.preemption_policy = f.string(ctx, "preemptionPolicy");
    spec.host_network = f.bool(ctx, "hostNetwork").unwrap_or(false);
    spec.scheduler_name = f.string(ctx, "schedulerName").unwrap_or_default();
    spec.termination_grace_period_seconds = f.int(ctx, "terminationGracePeriodSeconds");
    spec.restart_policy = f.string(ctx, "restartPolicy").unwrap_or_default();
    spec.active_deadline_seconds = f.int(ctx, "activeDeadlineSeconds");
    spec.extra = f.finish(ctx, POD_SPEC_TYPED, known::POD_SPEC);
    spec
}

const POD_SPEC_TYPED: &[&str] = &[
    "nodeName",
    "nodeSelector",
    "affinity",
    "tolerations",
    "containers",
    "initContainers",
    "overhead",
    "resources",
    "priority",
    "priorityClassName",
    "preemptionPolicy",
    "hostNetwork",
    "schedulerName",
    "terminationGracePeriodSeconds",
    "restartPolicy",
    "activeDeadlineSeconds",
];

fn condition(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Condition> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = f.string(ctx, "type").unwrap_or_default();
    let status = f.string(ctx, "status").unwrap_or_default();
    let reason = f.string(ctx, "reason");
    let message = f.string(ctx, "message");
    let last_transition_time = f.string(ctx, "lastTransitionTime");
    let extra = f.finish(
        ctx,
        &["type", "status", "reason", "message", "lastTransitionTime"],
        known::CONDITION,
    );
    Some(Condition {
        type_,
        status,
        reason,
        message,
        last_transition_time,
        extra,
    })
}

/// A Pod (the whole object mapping, `apiVersion` and `kind` already read by the caller).
pub fn pod(ctx: &mut Ctx, f: &mut Fields<'_>) -> Pod {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let spec = f
        .object(ctx, "spec", |c, n, p| Some(pod_spec(c, n, p)))
        .unwrap_or_default();
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = PodStatus {
                phase: g.string(ctx, "phase"),
                conditions: g.list(ctx, "conditions", condition),
                nominated_node_name: g.string(ctx, "nominatedNodeName"),
                start_time: g.string(ctx, "startTime"),
                extra: Extra::new(),
            };
            let extra = g.finish(
                ctx,
                &["phase", "conditions", "nominatedNodeName", "startTime"],
                known::POD_STATUS,
            );
            Some(PodStatus { extra, ..s })
        })
        .unwrap_or_default();
    Pod {
        metadata,
        spec,
        status,
    }
}

/// A Node.
pub fn node(ctx: &mut Ctx, f: &mut Fields<'_>) -> crate::engine::api::types::Node {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let spec = f
        .object(ctx, "spec", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let unschedulable = g.bool(ctx, "unschedulable").unwrap_or(false);
            let taints = g.list(ctx, "taints", taint);
            let extra = g.finish(ctx, &["unschedulable", "taints"], known::NODE_SPEC);
            Some(NodeSpec {
                unschedulable,
                taints,
                extra,
            })
        })
        .unwrap_or_default();
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let capacity = g.resources(ctx, "capacity");
            let allocatable = g.resources(ctx, "allocatable");
            let conditions = g.list(ctx, "conditions", condition);
            let extra = g.finish(
                ctx,
                &["capacity", "allocatable", "conditions"],
                known::NODE_STATUS,
            );
            Some(NodeStatus {
                capacity,
                allocatable,
                conditions,
                extra,
            })
        })
        .unwrap_or_default();
    crate::engine::api::types::Node {
        metadata,
        spec,
        status,
    }
}

fn label_selector(ctx: &mut Ctx, node: &Node, path: &str) -> Option<LabelSelector> {
    let Some(mut f) = Fields::open(ctx, node, path) else {
        // `selector: null` is a missing selector; `selector: []` is a type error.
        return None;
    };
    let s = LabelSelector {
        match_labels: f.string_map(ctx, "matchLabels"),
        match_expressions: f.list(ctx, "matchExpressions", requirement),
    };
    f.finish(ctx, &["matchLabels", "matchExpressions"], &[]);
    Some(s)
}

fn update_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DaemonSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_ = match f.string(ctx, "type").unwrap_or_default().as_str() {
        "" => None,
        "RollingUpdate" => Some(UpdateStrategyType::RollingUpdate),
        "OnDelete" => Some(UpdateStrategyType::OnDelete),
        other => Some(UpdateStrategyType::Other(other.to_string())),
    };
    let rolling_update = f.object(ctx, "rollingUpdate", |ctx, n, p| {
        let mut g = Fields::open(ctx, n, p)?;
        let max_unavailable = g.object(ctx, "maxUnavailable", int_or_percent);
        let max_surge = g.object(ctx, "maxSurge", int_or_percent);
        g.finish(ctx, &["maxUnavailable", "maxSurge"], &[]);
        Some(RollingUpdateDaemonSet {
            max_unavailable,
            max_surge,
        })
    });
    f.finish(ctx, &["type", "rollingUpdate"], &[]);
    Some(DaemonSetUpdateStrategy {
        // An empty type is defaulted later; `Other("")` marks it as unset until then.
        type_: type_.unwrap_or(UpdateStrategyType::Other(String::new())),
        rolling_update,
    })
}

/// A DaemonSet.
pub fn daemon_set(ctx: &mut Ctx, f: &mut Fields<'_>) -> DaemonSet {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    let mut spec = DaemonSetSpec {
        selector: None,
        template: PodTemplateSpec::default(),
        update_strategy: DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::Other(String::new()),
            rolling_update: None,
        },
        min_ready_seconds: 0,
        revision_history_limit: 10,
    };
    if let Some(n) = f.get(ctx, "spec") {
        if let Some(mut g) = Fields::open(ctx, n, "spec") {
            spec.selector = g.object(ctx, "selector", label_selector);
            spec.template = g
                .object(ctx, "template", |ctx, n, p| {
                    let mut t = Fields::open(ctx, n, p)?;
                    let metadata = t
                        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
                        .unwrap_or_default();
                    let spec = t
                        .object(ctx, "spec", |c, n, p| Some(pod_spec(c, n, p)))
                        .unwrap_or_default();
                    t.finish(ctx, &["metadata", "spec"], &[]);
                    Some(PodTemplateSpec { metadata, spec })
                })
                .unwrap_or_default();
            if let Some(s) = g.object(ctx, "updateStrategy", update_strategy) {
                spec.update_strategy = s;
            }
            spec.min_ready_seconds = g.int32(ctx, "minReadySeconds").unwrap_or(0);
            spec.revision_history_limit = g.int32(ctx, "revisionHistoryLimit").unwrap_or(10);
            g.finish(
                ctx,
                &[
                    "selector",
                    "template",
                    "updateStrategy",
                    "minReadySeconds",
                    "revisionHistoryLimit",
                ],
                &[],
            );
        }
    }
    let status = f
        .object(ctx, "status", |ctx, n, p| {
            let mut g = Fields::open(ctx, n, p)?;
            let s = DaemonSetStatus {
                current_number_scheduled: g.int32(ctx, "currentNumberScheduled").unwrap_or(0),
                number_misscheduled: g.int32(ctx, "numberMisscheduled").unwrap_or(0),
                desired_number_scheduled: g.int32(ctx, "desiredNumberScheduled").unwrap_or(0),
                number_ready: g.int32(ctx, "numberReady").unwrap_or(0),
                observed_generation: g.int(ctx, "observedGeneration").unwrap_or(0),
                updated_number_scheduled: g.int32(ctx, "updatedNumberScheduled").unwrap_or(0),
                number_available: g.int32(ctx, "numberAvailable").unwrap_or(0),
                number_unavailable: g.int32(ctx, "numberUnavailable").unwrap_or(0),
                collision_count: g.int32(ctx, "collisionCount"),
            };
            g.finish(ctx, DS_STATUS_TYPED, known::DAEMON_SET_STATUS);
            Some(s)
        })
        .unwrap_or_default();
    DaemonSet {
        metadata,
        spec,
        status,
    }
}

const DS_STATUS_TYPED: &[&str] = &[
    "currentNumberScheduled",
    "numberMisscheduled",
    "desiredNumberScheduled",
    "numberReady",
    "observedGeneration",
    "updatedNumberScheduled",
    "numberAvailable",
    "numberUnavailable",
    "collisionCount",
];

/// A PriorityClass.
pub fn priority_class(ctx: &mut Ctx, f: &mut Fields<'_>) -> PriorityClass {
    let metadata = f
        .object(ctx, "metadata", |c, n, p| Some(object_meta(c, n, p)))
        .unwrap_or_default();
    PriorityClass {
        metadata,
        value: f.int32(ctx, "value").unwrap_or(0),
        global_default: f.bool(ctx, "globalDefault").unwrap_or(false),
        preemption_policy: f.string(ctx, "preemptionPolicy").unwrap_or_default(),
        description: f.string(ctx, "description"),
    }
}

/// The top-level fields each simulated kind models (for suggestions).
pub fn top_level_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "PriorityClass" => &[
            "apiVersion",
            "kind",
            "metadata",
            "value",
            "globalDefault",
            "preemptionPolicy",
            "description",
        ],
        "Scenario" => &["apiVersion", "kind", "metadata", "spec"],
        _ => &["apiVersion", "kind", "metadata", "spec", "status"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quantity's text is the one the API server would parse: a YAML string as written, a
    /// YAML number as kubectl's JSON writes it.
    /// The reference: Rust's own float parsing and shortest printing, in Go's JSON layout.
    fn go_json_float_by_f64(text: &str) -> Option<String> {
        let f: f64 = text
            .replace('_', "")
            .parse()
            .ok()
            .filter(|f: &f64| f.is_finite())?;
        let abs = f.abs();
        if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
            let e = format!("{f:e}");
            let (mantissa, exp) = e.split_once('e')?;
            let sign = if exp.starts_with('-') { "" } else { "+" };
            return Some(format!("{mantissa}e{sign}{exp}"));
        }
        Some(format!("{f}"))
    }

    #[test]
    fn go_json_float_writes_the_shortest_float64_text() {
        let cases = [
            ("1e3", "1000"),
            ("1.250", "1.25"),
            ("0.5", "0.5"),
            (".5", "0.5"),
            ("1.", "1"),
            ("+1.5", "1.5"),
            ("-2.50", "-2.5"),
            ("1e-7", "1e-7"),
            ("1.5e-7", "1.5e-7"),
            ("0.000001", "0.000001"),
            ("1e21", "1e+21"),
            ("12.5e20", "1.25e+21"),
            ("999999999999999999999.0", "1e+21"),
            ("100000000000000000000.0", "100000000000000000000"),
            ("0.0", "0"),
            ("1_000.5", "1000.5"),
            ("5e0", "5"),
        ];
        for (text, want) in cases {
            assert_eq!(go_json_float(text).as_deref(), Some(want), "{text}");
        }
        for bad in ["1e400", "abc", ".", "1.2.3", "", "-"] {
            assert_eq!(go_json_float(bad), None, "{bad}");
        }
        // Agrees with float64 parsing and printing for mantissas of up to 15 digits.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let digits = 1 + next() % 15;
            let mantissa: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let dot = (next() % (digits + 1)) as usize;
            let exp = (next() % 60) as i64 - 30;
            let text = format!("{}.{}e{exp}", &mantissa[..dot], &mantissa[dot..]);
            assert_eq!(go_json_float(&text), go_json_float_by_f64(&text), "{text}");
        }
    }

    #[test]
    fn quantities_print_as_the_api_server_stores_them() {
        let text = "apiVersion: v1
kind: Node
metadata: {name: node1}
status:
  allocatable:
    a: 1e3
    b: '1e3'
    c: 1.250
    d: '1.250'
    e: 0.5
    f: 2
    g: 1.5Gi
    h: 0.0000001
    i: 99999999999999999999999
    j: 1.0
    k: '+1k'
";
        let loaded = crate::engine::yaml::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let node = &loaded.objects.nodes[0];
        let got: Vec<(String, String)> = node
            .status
            .allocatable
            .iter()
            .map(|(k, q)| (k.clone(), q.to_string()))
            .collect();
        let want = [
            ("a", "1k"),
            ("b", "1e3"),
            ("c", "1250m"),
            ("d", "1.250"),
            ("e", "500m"),
            ("f", "2"),
            ("g", "1536Mi"),
            ("h", "100e-9"),
            ("i", "100e21"),
            ("j", "1"),
            ("k", "+1k"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }

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

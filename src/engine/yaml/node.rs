//! A YAML tree with source positions, built from yaml-rust2's event parser.
//!
//! Plain scalars are resolved the way Kubernetes' YAML library (go-yaml v2, YAML 1.1) does:
//! `true`/`yes`/`on` are booleans, `null`/`~`/empty is null, numbers are numbers; quoted and
//! block scalars are always strings.

use std::collections::{BTreeSet, HashMap};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::engine::quote::go_quote;

/// Deepest accepted nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 100;
/// Most nodes a text may expand to, counting every alias expansion (alias-bomb guard).
pub const MAX_NODES: usize = 2_000_000;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Pos {
    fn from_marker(m: &Marker) -> Pos {
        Pos {
            line: m.line().max(1),
            column: m.col() + 1,
        }
    }
}

/// What a scalar resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `null`, `~` or nothing.
    Null,
    /// A YAML 1.1 boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float, as written.
    Float(String),
    /// A string.
    Str(String),
}

impl Scalar {
    /// How the value is called in type messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "boolean",
            Scalar::Int(_) | Scalar::Float(_) => "number",
            Scalar::Str(_) => "string",
        }
    }
}

/// A node's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar with its source text.
    Scalar(Scalar, String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping in source order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text.
    pub text: String,
    /// Where the key starts.
    pub pos: Pos,
}

/// A positioned node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// The content.
    pub value: Value,
}

impl Node {
    /// How the node's type is called in type messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar(s, _) => s.type_name(),
            Value::Seq(_) => "array",
            Value::Map(_) => "map",
        }
    }

    /// True for a null scalar.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Scalar(Scalar::Null, _))
    }

    /// Number of nodes in this subtree.
    fn size(&self) -> usize {
        match &self.value {
            Value::Scalar(..) => 1,
            Value::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Value::Map(entries) => 1 + entries.iter().map(|(_, v)| 1 + v.size()).sum::<usize>(),
        }
    }
}

/// One YAML document of the stream.
#[derive(Debug)]
pub struct Document {
    /// The root node.
    pub root: Node,
    /// Where the document sits in the text.
    pub span: Span,
}

/// How a document's last scalar is written: a quoted one ends at its closing quote (its
/// lines may look like comments), a block one runs on over the indented lines below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastScalar {
    /// Plain (or an alias): any lines it continues on are not comments.
    Plain,
    /// In single quotes.
    SingleQuoted,
    /// In double quotes.
    DoubleQuoted,
    /// A literal (`|`) or folded (`>`) block scalar.
    Block,
}

/// Where a document sits in its text, as byte offsets: what an edit needs to replace or
/// remove the document while keeping the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The `---` that opens the document, when it is written.
    pub start_marker: Option<usize>,
    /// The document's first token.
    pub first_token: usize,
    /// The start of the document's last scalar (or alias).
    pub last_scalar: usize,
    /// How that scalar is written.
    pub last_scalar_style: LastScalar,
    /// Where the document ends: its `...`, or the next token (the next document's `---`, or
    /// the end of the text), after any comments.
    pub end: usize,
    /// True when `end` is a written `...`.
    pub end_marker: bool,
}

/// The parser's markers count characters; this converts them to byte offsets with a cursor
/// that walks from one marker to the next (they come almost in text order).
struct ByteOffsets<'a> {
    text: &'a str,
    /// The cursor, in characters.
    chars: usize,
    /// The same cursor, in bytes.
    bytes: usize,
}

impl ByteOffsets<'_> {
    fn of(&mut self, marker: &Marker) -> usize {
        let target = marker.index();
        self.bytes = if target >= self.chars {
            let rest = &self.text[self.bytes..];
            let ahead = rest.char_indices().nth(target - self.chars);
            self.bytes + ahead.map_or(rest.len(), |(i, _)| i)
        } else {
            let before = self.text[..self.bytes].char_indices().rev();
            before
                .take(self.chars - target)
                .last()
                .map_or(0, |(i, _)| i)
        };
        self.chars = target;
        self.bytes
    }
}

/// Whether `text` has the document marker `marker` (`---` or `...`) at byte `at`: the three
/// characters followed by a blank or the end of the line.
pub fn is_marker_at(text: &str, at: usize, marker: &str) -> bool {
    text.get(at..).is_some_and(|rest| {
        rest.strip_prefix(marker)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']))
    })
}

/// The span of the document being read: its markers as the parser reports them.
#[derive(Default)]
struct SpanMarks {
    start: Option<Marker>,
    first_token: Option<Marker>,
    last_scalar: Option<(Marker, LastScalar)>,
}

impl SpanMarks {
    /// A content event at `marker`: the first token is the earliest (a block mapping's start
    /// sits after its first key).
    fn token(&mut self, marker: Marker) {
        if self.first_token.is_none_or(|m| marker.index() < m.index()) {
            self.first_token = Some(marker);
        }
    }

    /// The span, now that the document ends at `end`.
    fn span(&self, offsets: &mut ByteOffsets, end: &Marker) -> Span {
        let start = self.start.map(|m| offsets.of(&m)).unwrap_or_default();
        let start_marker = Some(start).filter(|at| is_marker_at(offsets.text, *at, "---"));
        let first_token = self.first_token.map_or(start, |m| offsets.of(&m));
        let (last_scalar, last_scalar_style) = match &self.last_scalar {
            Some((m, style)) => (offsets.of(m), *style),
            None => (first_token, LastScalar::Plain),
        };
        let end = offsets.of(end);
        Span {
            start_marker,
            first_token,
            last_scalar,
            last_scalar_style,
            end,
            end_marker: is_marker_at(offsets.text, end, "..."),
        }
    }
}

/// A problem found while reading YAML text.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub hint: Option<String>,
}

/// The documents read before any error, and the error that stopped reading (if any).
#[derive(Debug, Default)]
pub struct Stream {
    /// Complete documents.
    pub documents: Vec<Document>,
    /// Errors: a syntax error ends reading; duplicate keys do not.
    pub errors: Vec<SyntaxError>,
    /// Indices of documents that contain a duplicate key (they are not applied).
    pub broken_documents: Vec<usize>,
    /// True when the whole text was read (no syntax error stopped reading).
    pub complete: bool,
}

enum Frame {
    Seq(Pos, usize, Vec<Node>),
    Map(
        Pos,
        usize,
        Vec<(Key, Node)>,
        Option<(Key, bool)>,
        HashMap<String, usize>,
    ),
}

/// Resolves a plain scalar as go-yaml v2 does.
pub fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(text.to_string()),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Scalar::Str(text.to_string());
    }
    if let Some(i) = parse_yaml_int(text) {
        return Scalar::Int(i);
    }
    if looks_like_int(text) || is_yaml_float(text) {
        return Scalar::Float(text.to_string());
    }
    Scalar::Str(text.to_string())
}

/// go-yaml v2 integers: decimal, `0x` hex, `0b` binary, leading-zero octal, `_` separators.
fn parse_yaml_int(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    let (neg, body) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, cleaned.get(1..)?),
        Some(b'+') => (false, cleaned.get(1..)?),
        _ => (false, cleaned.as_str()),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(h) = body.strip_prefix("0x") {
        (16, h)
    } else if let Some(b) = body.strip_prefix("0b") {
        (2, b)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, body.get(1..)?)
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// A decimal integer too large for i64 (go-yaml then reads it as a float).
fn looks_like_int(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-') | Some(b'+')) {
        i = 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-') | Some(b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn line_of(text: &str, line: usize) -> &str {
    text.lines().nth(line.saturating_sub(1)).unwrap_or("")
}

/// A short hint for a syntax error, looking at the offending line.
fn syntax_hint(text: &str, info: &str, pos: Pos) -> Option<String> {
    let here = line_of(text, pos.line);
    let prev = line_of(text, pos.line.saturating_sub(1));
    let leading = |l: &str| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .collect::<String>()
    };
    if leading(here).contains('\t') || (pos.line > 1 && leading(prev).contains('\t')) {
        return Some("a tab is used for indentation: YAML allows only spaces there".to_string());
    }
    let indentation = info.contains("did not find expected key")
        || info.contains("mapping values are not allowed")
        || info.contains("did not find expected '-'")
        || info.contains("block sequence entries are not allowed")
        || info.contains("could not find expected ':'")
        || info.contains("did not find expected node content");
    if info.contains("mapping values are not allowed") {
        let value = here.split_once(": ").map_or("", |(_, v)| v);
        if value.contains(": ") && !value.trim_start().starts_with(['"', '\'', '{']) {
            return Some("a value contains \": \": put the value in quotes".to_string());
        }
    }
    if indentation {
        let trimmed = here.trim_start();
        if trimmed.starts_with("- ") || trimmed == "-" {
            return Some(
                "check the indentation: this list item is at the wrong depth for the list it belongs to"
                    .to_string(),
            );
        }
        return Some(
            "check the indentation: this key is at the wrong depth (keys of one mapping must line up)"
                .to_string(),
        );
    }
    if info.contains("quoted scalar") {
        return Some("a quoted string is not closed: add the closing quote".to_string());
    }
    if info.contains("flow sequence") || info.contains("flow mapping") {
        return Some("a bracket is not closed: check the matching ] or }".to_string());
    }
    None
}

/// Reads all documents of `text`.
pub fn read_stream(text: &str) -> Stream {
    let mut stream = Stream::default();
    let mut parser = Parser::new_from_str(text);
    let mut anchors: Vec<Option<Node>> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut budget = MAX_NODES;
    let mut doc_broken = false;
    let mut offsets = ByteOffsets {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut marks = SpanMarks::default();
    loop {
        let (event, marker) = match parser.next_token() {
            Ok(e) => e,
            Err(err) => {
                let pos = Pos::from_marker(err.marker());
                stream.errors.push(SyntaxError {
                    message: err.info().to_string(),
                    pos,
                    hint: syntax_hint(text, err.info(), pos),
                });
                return stream;
            }
        };
        let pos = Pos::from_marker(&marker);
        match &event {
            Event::Scalar(text_value, style, ..) => {
                // An empty plain or block scalar has no text of its own: its marker is
                // where the next token (or a comment after it) starts.
                let quoted = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                if quoted || !text_value.is_empty() {
                    marks.token(marker);
                    let written = match style {
                        TScalarStyle::SingleQuoted => LastScalar::SingleQuoted,
                        TScalarStyle::DoubleQuoted => LastScalar::DoubleQuoted,
                        TScalarStyle::Literal | TScalarStyle::Folded => LastScalar::Block,
                        _ => LastScalar::Plain,
                    };
                    marks.last_scalar = Some((marker, written));
                }
            }
            Event::Alias(_) => {
                marks.token(marker);
                marks.last_scalar = Some((marker, LastScalar::Plain));
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => marks.token(marker),
            _ => {}
        }
        let node = match event {
            Event::StreamEnd => {
                stream.complete = true;
                return stream;
            }
            Event::DocumentStart => {
                root = None;
                stack.clear();
                doc_broken = false;
                marks = SpanMarks {
                    start: Some(marker),
                    ..SpanMarks::default()
                };
                continue;
            }
            Event::DocumentEnd => {
                if let Some(r) = root.take() {
                    if doc_broken {
                        stream.broken_documents.push(stream.documents.len());
                    }
                    stream.documents.push(Document {
                        root: r,
                        span: marks.span(&mut offsets, &marker),
                    });
                }
                continue;
            }
            Event::Nothing | Event::StreamStart => continue,
            Event::Alias(id) => {
                let Some(Some(target)) = anchors.get(id) else {
                    stream.errors.push(SyntaxError {
                        message: "unknown anchor".to_string(),
                        pos,
                        hint: Some(
                            "an alias (*name) must refer to an anchor (&name) defined before it"
                                .into(),
                        ),
                    });
                    return stream;
                };
                let size = target.size();
                if size > budget {
                    stream.errors.push(too_big(pos));
                    return stream;
                }
                budget -= size;
                Node {
                    pos,
                    value: target.value.clone(),
                }
            }
            Event::Scalar(text_value, style, anchor, tag) => {
                if budget == 0 {
                    stream.errors.push(too_big(pos));
                    return stream;
                }
                budget -= 1;
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let scalar = if style == TScalarStyle::Plain && !forced_string {
                    resolve_plain(&text_value)
                } else {
                    Scalar::Str(text_value.clone())
                };
                let node = Node {
                    pos,
                    value: Value::Scalar(scalar, text_value),
                };
                remember(&mut anchors, anchor, &node);
                node
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    stream.errors.push(SyntaxError {
                        message: format!("the text is nested deeper than {MAX_DEPTH} levels"),
                        pos,
                        hint: Some(
                            "Kubernetes objects are never this deep; check the input".into(),
                        ),
                    });
                    return stream;
                }
                if budget == 0 {
                    stream.errors.push(too_big(pos));
                    return stream;
                }
                budget -= 1;
                if matches!(event, Event::SequenceStart(..)) {
                    stack.push(Frame::Seq(pos, anchor, Vec::new()));
                } else {
                    stack.push(Frame::Map(pos, anchor, Vec::new(), None, HashMap::new()));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Frame::Seq(p, anchor, items)) => {
                        let n = Node {
                            pos: p,
                            value: Value::Seq(items),
                        };
                        remember(&mut anchors, anchor, &n);
                        n
                    }
                    Some(Frame::Map(p, anchor, entries, _, _)) => {
                        let entries = apply_merge_keys(entries);
                        let n = Node {
                            // A block mapping's start marker sits on its first `:`; use
                            // the first key instead. A flow mapping keeps its `{`.
                            pos: match entries.first() {
                                Some((k, _)) if k.pos.line == p.line && k.pos.column < p.column => {
                                    k.pos
                                }
                                _ => p,
                            },
                            value: Value::Map(entries),
                        };
                        remember(&mut anchors, anchor, &n);
                        n
                    }
                    None => continue,
                };
                node
            }
        };
        // Attach `node` to its parent.
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(_, _, items)) => items.push(node),
            Some(Frame::Map(_, _, entries, pending, seen)) => match pending.take() {
                None => {
                    let text_key = match &node.value {
                        Value::Scalar(_, t) => t.clone(),
                        _ => String::new(),
                    };
                    let duplicate = seen.contains_key(&text_key);
                    if let Some(first_line) = seen.get(&text_key) {
                        stream.errors.push(SyntaxError {
                            message: format!(
                                "mapping key {} already defined at line {}",
                                go_quote(&text_key),
                                first_line
                            ),
                            pos: node.pos,
                            hint: Some("remove or rename one of the two keys".to_string()),
                        });
                        doc_broken = true;
                    } else {
                        seen.insert(text_key.clone(), node.pos.line);
                    }
                    *pending = Some((
                        Key {
                            text: text_key,
                            pos: node.pos,
                        },
                        duplicate,
                    ));
                }
                // The value of a duplicate key is dropped (the error is already reported).
                Some((_, true)) => {}
                Some((key, false)) => entries.push((key, node)),
            },
        }
    }
}

/// YAML merge keys (`<<: *base` or `<<: [*a, *b]`), as go-yaml v2 supports them: keys
/// written in the mapping win, then earlier merged mappings win over later ones.
fn apply_merge_keys(entries: Vec<(Key, Node)>) -> Vec<(Key, Node)> {
    if !entries.iter().any(|(k, _)| k.text == "<<") {
        return entries;
    }
    let mut out = Vec::new();
    let mut sources = Vec::new();
    for (k, v) in entries {
        if k.text != "<<" {
            out.push((k, v));
            continue;
        }
        match v.value {
            Value::Map(m) => sources.push(m),
            Value::Seq(items) => {
                for item in items {
                    if let Value::Map(m) = item.value {
                        sources.push(m);
                    }
                }
            }
            _ => out.push((k, v)),
        }
    }
    let mut seen: BTreeSet<String> = out.iter().map(|(k, _)| k.text.clone()).collect();
    for source in sources {
        for (k, v) in source {
            if seen.insert(k.text.clone()) {
                out.push((k, v));
            }
        }
    }
    out
}

fn remember(anchors: &mut Vec<Option<Node>>, anchor: usize, node: &Node) {
    if anchor == 0 {
        return;
    }
    if anchors.len() <= anchor {
        anchors.resize(anchor + 1, None);
    }
    if let Some(slot) = anchors.get_mut(anchor) {
        *slot = Some(node.clone());
    }
}

fn too_big(pos: Pos) -> SyntaxError {
    SyntaxError {
        message: format!("the text expands to more than {MAX_NODES} YAML nodes (aliases included)"),
        pos,
        hint: Some("anchors and aliases (&a, *a) expand to copies; this input is too large".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows go-yaml v2's `resolve` table (decode_test.go).
    #[test]
    fn plain_scalars_resolve_like_go_yaml_v2() {
        let table: &[(&str, &str, Scalar)] = &[
            ("empty is null", "", Scalar::Null),
            ("tilde is null", "~", Scalar::Null),
            ("true is a boolean", "true", Scalar::Bool(true)),
            ("yes is a YAML 1.1 boolean", "yes", Scalar::Bool(true)),
            ("Off is a YAML 1.1 boolean", "Off", Scalar::Bool(false)),
            ("an integer", "42", Scalar::Int(42)),
            ("a negative integer", "-7", Scalar::Int(-7)),
            ("a leading zero is octal", "0206", Scalar::Int(134)),
            ("hex", "0x1F", Scalar::Int(31)),
            ("a float", "0.5", Scalar::Float("0.5".into())),
            ("an exponent float", "1e3", Scalar::Float("1e3".into())),
            (
                "a huge integer is a float",
                "99999999999999999999",
                Scalar::Float("99999999999999999999".into()),
            ),
            (
                "a version is a string",
                "1.2.3",
                Scalar::Str("1.2.3".into()),
            ),
            ("a quantity is a string", "100m", Scalar::Str("100m".into())),
            (
                "a timestamp stays a string",
                "2018-08-14T20:46:59Z",
                Scalar::Str("2018-08-14T20:46:59Z".into()),
            ),
            ("a word", "hello", Scalar::Str("hello".into())),
        ];
        for (name, input, want) in table {
            assert_eq!(resolve_plain(input), *want, "{name}");
        }
    }

    #[test]
    fn positions_are_one_based_and_duplicate_keys_are_reported() {
        let s = read_stream("a: 1\nb:\n  c: x\na: 2\n");
        assert_eq!(s.documents.len(), 1);
        assert_eq!(
            s.errors,
            vec![SyntaxError {
                message: "mapping key \"a\" already defined at line 1".into(),
                pos: Pos { line: 4, column: 1 },
                hint: Some("remove or rename one of the two keys".into()),
            }]
        );
        let Value::Map(entries) = &s.documents[0].root.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.pos, Pos { line: 2, column: 1 });
        assert_eq!(entries[1].1.pos.line, 3);
    }

    #[test]
    fn documents_know_their_markers_and_first_and_last_tokens_in_bytes() {
        let s = read_stream("# c\né: 1\n---\nb: \"x\"\n...\n--- {a: [1]}\n");
        assert!(s.complete && s.errors.is_empty());
        let spans: Vec<Span> = s.documents.iter().map(|d| d.span).collect();
        assert_eq!(
            spans,
            [
                Span {
                    start_marker: None,
                    first_token: 4,
                    last_scalar: 8,
                    last_scalar_style: LastScalar::Plain,
                    end: 10,
                    end_marker: false,
                },
                Span {
                    start_marker: Some(10),
                    first_token: 14,
                    last_scalar: 17,
                    last_scalar_style: LastScalar::DoubleQuoted,
                    end: 21,
                    end_marker: true,
                },
                Span {
                    start_marker: Some(25),
                    first_token: 29,
                    last_scalar: 34,
                    last_scalar_style: LastScalar::Plain,
                    end: 38,
                    end_marker: false,
                },
            ]
        );
        let stopped = read_stream("a: 1\nb: [\n");
        assert!(!stopped.complete && stopped.documents.is_empty());
    }

    #[test]
    fn merge_keys_copy_the_fields_that_are_not_written() {
        let s = read_stream("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n");
        assert_eq!(s.errors, vec![]);
        let Value::Map(root) = &s.documents[0].root.value else {
            panic!("not a map")
        };
        let Value::Map(thing) = &root[1].1.value else {
            panic!("not a map")
        };
        let got: Vec<(&str, &Value)> = thing
            .iter()
            .map(|(k, v)| (k.text.as_str(), &v.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("y", &Value::Scalar(Scalar::Int(3), "3".into())),
                ("x", &Value::Scalar(Scalar::Int(1), "1".into())),
            ]
        );
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in "bcdefghijk".chars() {
            bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let s = read_stream(&bomb);
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].message.contains("expands to more than"));
        let deep = "[".repeat(200) + &"]".repeat(200);
        let s = read_stream(&deep);
        assert_eq!(
            s.errors[0].message,
            "the text is nested deeper than 100 levels"
        );
    }
}

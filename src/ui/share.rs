//! Share links: the whole playground state in the URL fragment, compressed, behind a
//! format-version prefix so that old links keep their meaning after upgrades.
//!
//! Format `v1`: `#v1.<base64url(deflate-raw(payload))>`, where the payload is UTF-8 text:
//! `key=value` header lines, one blank line, then the YAML exactly as typed. Header values
//! escape `\`, newline and carriage return as `\\`, `\n` and `\r`; unknown keys are ignored
//! (so a later v1 build may add keys), unknown versions are refused.
//!
//! The early preview wrote `#v1/<base64url(deflate-raw(JSON))>`; such links are read as the
//! legacy format and migrated (text and language; the position starts at the end).
//!
//! Everything here except [`compress`] and [`decompress`] is plain Rust with native tests;
//! those two use the browser's `CompressionStream` / `DecompressionStream` (`deflate-raw`).

use std::rc::Rc;

use super::i18n::Lang;
use super::shared_text::same_text;
use crate::protocol::go_quote;

/// The fragment prefix of the current format (without the `#`).
pub const PREFIX_V1: &str = "v1.";
/// The fragment prefix of the early preview's JSON format.
pub const PREFIX_LEGACY: &str = "v1/";
/// Links longer than this (in characters after `#`) are refused before decoding.
pub const MAX_LINK_CHARS: usize = 256 * 1024;
/// Decompressed payloads larger than this are refused.
pub const MAX_PAYLOAD_BYTES: usize = 2 * 1024 * 1024;

/// What a share link (and the saved work) carries.
#[derive(Clone, Debug, Default, Eq)]
pub struct SharedState {
    /// The editor text (shared with the app state, not copied).
    pub yaml: Rc<str>,
    /// The frame of the timeline on screen (None: the end of the timeline).
    pub frame: Option<usize>,
    /// The UI language tag (`en`, `zh-CN`; empty: the browser's).
    pub lang: String,
    /// The id of the lesson the text came from (empty: none).
    pub lesson: String,
    /// The node label the board groups by (empty: no grouping).
    pub group_by: String,
    /// The board's node filter.
    pub filter: String,
    /// What the explain panel shows: `node:NAME`, `pod:NAMESPACE/NAME` or empty.
    pub selection: String,
    /// Playback speed in hundredths (0: the default).
    pub speed: u32,
}

impl PartialEq for SharedState {
    fn eq(&self, other: &SharedState) -> bool {
        same_text(&self.yaml, &other.yaml)
            && self.frame == other.frame
            && self.lang == other.lang
            && self.lesson == other.lesson
            && self.group_by == other.group_by
            && self.filter == other.filter
            && self.selection == other.selection
            && self.speed == other.speed
    }
}

/// The formats a link or a saved value can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The early preview's JSON (`v1/`).
    Legacy,
    /// `key=value` header lines, a blank line, the YAML (`v1.`).
    V1,
}

/// Why a link (or saved work) could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a known format prefix (its start is kept).
    UnknownVersion(String),
    /// The link is longer than [`MAX_LINK_CHARS`] (its length).
    TooLong(usize),
    /// The data is not base64url.
    NotBase64,
    /// The data does not decompress (a truncated or altered link).
    NotDeflate,
    /// The data decompresses to more than [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// The payload is not UTF-8 text.
    NotText,
    /// A header line is malformed (the line).
    BadField(String),
    /// The payload has no YAML part.
    NoYaml,
}

impl ShareError {
    /// The i18n catalogue key that explains the error.
    pub fn message_key(&self) -> &'static str {
        match self {
            ShareError::UnknownVersion(_) => "link_unknown_version",
            ShareError::TooLong(_) | ShareError::TooLarge => "link_too_large",
            ShareError::NotBase64 | ShareError::NotDeflate | ShareError::NotText => "link_corrupt",
            ShareError::BadField(_) | ShareError::NoYaml => "link_bad_state",
        }
    }

    /// The technical detail shown after the explanation.
    pub fn detail(&self) -> String {
        match self {
            ShareError::UnknownVersion(start) => format!("prefix {}", go_quote(start)),
            ShareError::TooLong(n) => format!("{n} characters, limit {MAX_LINK_CHARS}"),
            ShareError::NotBase64 => "not base64url".into(),
            ShareError::NotDeflate => "not deflate data".into(),
            ShareError::TooLarge => format!("more than {MAX_PAYLOAD_BYTES} bytes"),
            ShareError::NotText => "not UTF-8 text".into(),
            ShareError::BadField(line) => format!("bad field {}", go_quote(line)),
            ShareError::NoYaml => "no YAML".into(),
        }
    }
}

/// The payload text of a state in the current format.
pub fn to_payload(state: &SharedState) -> String {
    let mut out = String::new();
    let mut field = |key: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(key);
            out.push('=');
            escape_into(&mut out, value);
            out.push('\n');
        }
    };
    field("lang", &state.lang);
    field("lesson", &state.lesson);
    field(
        "frame",
        &state.frame.map(|f| f.to_string()).unwrap_or_default(),
    );
    field("speed", &nonzero(state.speed));
    field("group", &state.group_by);
    field("filter", &state.filter);
    field("select", &state.selection);
    out.push('\n');
    out.push_str(&state.yaml);
    out
}

fn nonzero(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        n.to_string()
    }
}

fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            _ => return None,
        }
    }
    Some(out)
}

/// Reads a payload of the given format.
pub fn parse_payload(format: Format, bytes: &[u8]) -> Result<SharedState, ShareError> {
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(ShareError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ShareError::NotText)?;
    match format {
        Format::V1 => parse_v1(text),
        Format::Legacy => migrate_legacy(text),
    }
}

fn parse_v1(text: &str) -> Result<SharedState, ShareError> {
    let mut state = SharedState::default();
    let mut rest = text;
    loop {
        let (line, after) = rest.split_once('\n').ok_or(ShareError::NoYaml)?;
        rest = after;
        if line.is_empty() {
            break;
        }
        let bad = || ShareError::BadField(line.chars().take(40).collect());
        let (key, raw) = line.split_once('=').ok_or_else(bad)?;
        let value = unescape(raw).ok_or_else(bad)?;
        match key {
            "lang" => state.lang = value,
            "lesson" => state.lesson = value,
            "frame" => state.frame = Some(value.parse().map_err(|_| bad())?),
            "speed" => state.speed = value.parse().map_err(|_| bad())?,
            "group" => state.group_by = value,
            "filter" => state.filter = value,
            "select" => state.selection = value,
            _ => {}
        }
    }
    state.yaml = Rc::from(rest);
    Ok(state)
}

/// Migrates the early preview's JSON state (`{"yaml": ..., "lang": ..., ...}`, possibly
/// wrapped as `{"version": 1, "state": {...}}`): the text and the language carry over.
fn migrate_legacy(json: &str) -> Result<SharedState, ShareError> {
    let yaml = json_string_field(json, "yaml").ok_or(ShareError::NoYaml)?;
    Ok(SharedState {
        yaml: yaml.into(),
        lang: json_string_field(json, "lang").unwrap_or_default(),
        group_by: json_string_field(json, "groupBy").unwrap_or_default(),
        ..SharedState::default()
    })
}

/// The value of the first string member `"key": "..."` in a JSON text, unescaped.
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    let start = json.find(&quoted)? + quoted.len();
    let rest = json.get(start..)?.trim_start().strip_prefix(':')?;
    let mut chars = rest.trim_start().strip_prefix('"')?.chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hi = hex4(&mut chars)?;
                    let code = if (0xD800..0xDC00).contains(&hi) {
                        if chars.next()? != '\\' || chars.next()? != 'u' {
                            return None;
                        }
                        let lo = hex4(&mut chars)?;
                        0x10000 + ((hi - 0xD800) << 10) + lo.checked_sub(0xDC00)?
                    } else {
                        hi
                    };
                    out.push(char::from_u32(code)?);
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let digits: String = chars.take(4).collect();
    if digits.len() != 4 {
        return None;
    }
    u32::from_str_radix(&digits, 16).ok()
}

/// Splits a fragment (with or without `#`) into its format and compressed bytes.
pub fn split_link(fragment: &str) -> Result<(Format, Vec<u8>), ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let (format, data) = if let Some(data) = fragment.strip_prefix(PREFIX_V1) {
        (Format::V1, data)
    } else if let Some(data) = fragment.strip_prefix(PREFIX_LEGACY) {
        (Format::Legacy, data)
    } else {
        return Err(ShareError::UnknownVersion(
            fragment.chars().take(8).collect(),
        ));
    };
    let bytes = base64url_decode(data).ok_or(ShareError::NotBase64)?;
    Ok((format, bytes))
}

/// The fragment (without `#`) for compressed payload bytes in the current format.
pub fn link_fragment(compressed: &[u8]) -> String {
    format!("{PREFIX_V1}{}", base64url_encode(compressed))
}

/// True when a URL fragment looks like a share link (`v` and a digit), so startup should try
/// to open it.
pub fn is_share_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut chars = fragment.chars();
    chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            n |= u32::from(*b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Decodes base64url without padding (a trailing `=` padding is accepted too).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    // A single leftover character (6 bits) cannot end a base64 text.
    (bits < 6).then_some(out)
}

/// The language a shared state asks for, if any.
pub fn lang_of(state: &SharedState) -> Option<Lang> {
    (!state.lang.is_empty()).then(|| Lang::from_tag(&state.lang))
}

/// Compresses bytes with the browser's `CompressionStream("deflate-raw")`.
pub async fn compress(bytes: &[u8]) -> Result<Vec<u8>, ShareError> {
    browser::run(bytes, true, usize::MAX).await
}

/// Decompresses bytes with the browser's `DecompressionStream("deflate-raw")`, refusing
/// more than [`MAX_PAYLOAD_BYTES`].
pub async fn decompress(bytes: &[u8]) -> Result<Vec<u8>, ShareError> {
    browser::run(bytes, false, MAX_PAYLOAD_BYTES).await
}

/// Encodes a state as a URL fragment (without `#`).
pub async fn encode(state: &SharedState) -> Result<String, ShareError> {
    let packed = compress(to_payload(state).as_bytes()).await?;
    Ok(link_fragment(&packed))
}

/// Decodes a URL fragment (with or without `#`).
pub async fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let (format, packed) = split_link(fragment)?;
    let bytes = decompress(&packed).await?;
    parse_payload(format, &bytes)
}

/// Copies text to the clipboard; false when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The page's URL fragment (with its `#`, empty when there is none).
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's URL without its fragment.
pub fn page_url() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((before, _)) => before.to_owned(),
        None => href,
    }
}

/// Removes the fragment from the address bar without reloading or adding a history entry
/// (an opened link lives on as saved work, so a reload keeps later edits).
pub fn clear_fragment() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_url()));
        }
    }
}

mod browser {
    use js_sys::{Array, Reflect, Uint8Array};
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, WritableStream,
    };

    use super::ShareError;

    // web-sys has these only behind `web_sys_unstable_apis`; the two classes are in every
    // current browser, so they are bound here directly.
    #[wasm_bindgen]
    extern "C" {
        type CompressionStream;
        #[wasm_bindgen(constructor, catch)]
        fn new(format: &str) -> Result<CompressionStream, JsValue>;
        #[wasm_bindgen(method, getter)]
        fn readable(this: &CompressionStream) -> ReadableStream;
        #[wasm_bindgen(method, getter)]
        fn writable(this: &CompressionStream) -> WritableStream;

        type DecompressionStream;
        #[wasm_bindgen(constructor, catch)]
        fn new(format: &str) -> Result<DecompressionStream, JsValue>;
        #[wasm_bindgen(method, getter)]
        fn readable(this: &DecompressionStream) -> ReadableStream;
        #[wasm_bindgen(method, getter)]
        fn writable(this: &DecompressionStream) -> WritableStream;
    }

    /// Pipes `bytes` through a (de)compression stream and collects at most `limit` bytes.
    pub async fn run(bytes: &[u8], compress: bool, limit: usize) -> Result<Vec<u8>, ShareError> {
        let failed = if compress {
            ShareError::TooLarge
        } else {
            ShareError::NotDeflate
        };
        let stream = pipe(bytes, compress).map_err(|_| failed.clone())?;
        let reader: ReadableStreamDefaultReader =
            stream.get_reader().dyn_into().map_err(|_| failed.clone())?;
        let mut out = Vec::new();
        loop {
            let chunk = JsFuture::from(reader.read())
                .await
                .map_err(|_| failed.clone())?;
            let done = Reflect::get(&chunk, &JsValue::from_str("done"))
                .map(|d| d.is_truthy())
                .unwrap_or(true);
            if done {
                return Ok(out);
            }
            let value =
                Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| failed.clone())?;
            let array: Uint8Array = value.dyn_into().map_err(|_| failed.clone())?;
            if out.len() + array.length() as usize > limit {
                let _ = reader.cancel();
                return Err(ShareError::TooLarge);
            }
            out.extend(array.to_vec());
        }
    }

    fn pipe(bytes: &[u8], compress: bool) -> Result<ReadableStream, JsValue> {
        let parts = Array::of1(&Uint8Array::from(bytes));
        let blob = Blob::new_with_u8_array_sequence(&parts)?;
        let pair = if compress {
            let s = CompressionStream::new("deflate-raw")?;
            ReadableWritablePair::new(&s.readable(), &s.writable())
        } else {
            let s = DecompressionStream::new("deflate-raw")?;
            ReadableWritablePair::new(&s.readable(), &s.writable())
        };
        Ok(blob.stream().pipe_through(&pair))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedState {
        SharedState {
            yaml: "apiVersion: v1\nkind: Node\nmetadata:\n  name: 节点-1\n\n---\n".into(),
            frame: Some(17),
            lang: "zh-CN".into(),
            lesson: "rolling-update".into(),
            group_by: "topology.kubernetes.io/zone".into(),
            filter: "a=b\\c\nd".into(),
            selection: "pod:kube-system/fluentd-x".into(),
            speed: 500,
        }
    }

    #[test]
    fn a_state_survives_the_round_trip_through_the_payload_format() {
        let cases = vec![
            ("every field set", sample()),
            (
                "only the text",
                SharedState {
                    yaml: "kind: Node\n".into(),
                    ..SharedState::default()
                },
            ),
            ("an empty text", SharedState::default()),
            (
                "text that starts with a header-like line",
                SharedState {
                    yaml: "lang=en\n\nx: 1".into(),
                    frame: Some(0),
                    ..SharedState::default()
                },
            ),
        ];
        for (name, state) in cases {
            let payload = to_payload(&state);
            assert_eq!(
                parse_payload(Format::V1, payload.as_bytes()),
                Ok(state),
                "{name}"
            );
        }
    }

    #[test]
    fn the_payload_is_readable_header_lines_then_the_yaml() {
        assert_eq!(
            to_payload(&sample()),
            "lang=zh-CN\nlesson=rolling-update\nframe=17\nspeed=500\n\
             group=topology.kubernetes.io/zone\nfilter=a=b\\\\c\\nd\n\
             select=pod:kube-system/fluentd-x\n\n\
             apiVersion: v1\nkind: Node\nmetadata:\n  name: 节点-1\n\n---\n"
        );
    }

    #[test]
    fn unknown_header_keys_are_ignored_for_later_builds() {
        let state = parse_payload(Format::V1, b"lang=en\nlayout=wide\n\nkind: Node\n");
        assert_eq!(
            state,
            Ok(SharedState {
                yaml: "kind: Node\n".into(),
                lang: "en".into(),
                ..SharedState::default()
            })
        );
    }

    #[test]
    fn base64url_round_trips_every_length_and_refuses_other_alphabets() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(200))
                .collect();
            let text = base64url_encode(&bytes);
            assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(base64url_decode(&text), Some(bytes), "length {len}");
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("-_8="), Some(b"\xfb\xff".to_vec()));
        assert_eq!(base64url_decode("+/8"), None);
        assert_eq!(base64url_decode("A"), None);
    }

    #[test]
    fn broken_links_explain_why_they_cannot_be_opened() {
        let cases: Vec<(&str, String, Result<Format, ShareError>)> = vec![
            (
                "a future version",
                "#v9.abc".into(),
                Err(ShareError::UnknownVersion("v9.abc".into())),
            ),
            (
                "no prefix",
                "hello".into(),
                Err(ShareError::UnknownVersion("hello".into())),
            ),
            ("not base64", "v1.a*b".into(), Err(ShareError::NotBase64)),
            (
                "one stray character",
                "v1.AAAAA".into(),
                Err(ShareError::NotBase64),
            ),
            (
                "a huge link",
                format!("v1.{}", "A".repeat(MAX_LINK_CHARS)),
                Err(ShareError::TooLong(MAX_LINK_CHARS + 3)),
            ),
            ("the current format", "#v1.AAAA".into(), Ok(Format::V1)),
            ("the preview's format", "v1/AAAA".into(), Ok(Format::Legacy)),
        ];
        for (name, link, expected) in cases {
            assert_eq!(split_link(&link).map(|(f, _)| f), expected, "{name}");
        }
    }

    #[test]
    fn malformed_payloads_are_refused_with_the_reason() {
        let cases: &[(&str, &[u8], ShareError)] = &[
            (
                "no blank line before the YAML",
                b"lang=en\n",
                ShareError::NoYaml,
            ),
            (
                "a line without =",
                b"lang\n\nx",
                ShareError::BadField("lang".into()),
            ),
            (
                "a frame that is not a number",
                b"frame=-1\n\nx",
                ShareError::BadField("frame=-1".into()),
            ),
            (
                "a bad escape",
                b"filter=\\q\n\nx",
                ShareError::BadField("filter=\\q".into()),
            ),
            ("bytes that are not UTF-8", b"\n\xff", ShareError::NotText),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(
                parse_payload(Format::V1, bytes).as_ref(),
                Err(expected),
                "{name}"
            );
        }
        let huge = vec![b'x'; MAX_PAYLOAD_BYTES + 1];
        assert_eq!(parse_payload(Format::V1, &huge), Err(ShareError::TooLarge));
    }

    #[test]
    fn the_previews_json_states_are_migrated() {
        let cases: &[(&str, &str, Result<SharedState, ShareError>)] = &[
            (
                "a share link's state",
                r#"{"yaml":"kind: Node\nmetadata:\n  name: \"n\\1\" \u8282\ud83d\ude00\n","timeMs":5,"lang":"zh-CN","groupBy":"zone"}"#,
                Ok(SharedState {
                    yaml: "kind: Node\nmetadata:\n  name: \"n\\1\" 节😀\n".into(),
                    lang: "zh-CN".into(),
                    group_by: "zone".into(),
                    ..SharedState::default()
                }),
            ),
            (
                "a stored value with its version wrapper",
                r#"{"version": 1, "state": {"yaml" : "x: 1", "lang": "en"}}"#,
                Ok(SharedState {
                    yaml: "x: 1".into(),
                    lang: "en".into(),
                    ..SharedState::default()
                }),
            ),
            (
                "no yaml member",
                r#"{"lang":"en"}"#,
                Err(ShareError::NoYaml),
            ),
            (
                "an unterminated string",
                r#"{"yaml":"abc"#,
                Err(ShareError::NoYaml),
            ),
            (
                "a yaml member that is not a string",
                r#"{"yaml":5}"#,
                Err(ShareError::NoYaml),
            ),
        ];
        for (name, json, expected) in cases {
            assert_eq!(
                &parse_payload(Format::Legacy, json.as_bytes()),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn errors_name_their_message_and_detail() {
        let cases = [
            (
                ShareError::UnknownVersion("v9.".into()),
                "link_unknown_version",
                "prefix \"v9.\"",
            ),
            (ShareError::NotDeflate, "link_corrupt", "not deflate data"),
            (
                ShareError::TooLarge,
                "link_too_large",
                "more than 2097152 bytes",
            ),
            (ShareError::NoYaml, "link_bad_state", "no YAML"),
        ];
        for (error, key, detail) in cases {
            assert_eq!(
                (error.message_key(), error.detail().as_str()),
                (key, detail)
            );
        }
    }

    #[test]
    fn every_message_key_used_indirectly_has_text_in_both_languages() {
        let errors = [
            ShareError::UnknownVersion(String::new()),
            ShareError::TooLong(0),
            ShareError::NotBase64,
            ShareError::NotDeflate,
            ShareError::TooLarge,
            ShareError::NotText,
            ShareError::BadField(String::new()),
            ShareError::NoYaml,
        ];
        let others = [
            "link_failed",
            "saved_discarded",
            "link_copied",
            "link_not_copied",
            "export_downloaded",
            "export_not_downloaded",
            "export_copied",
            "export_not_copied",
            "panic_text_kept",
            "panic_text_not_kept",
        ];
        let keys = errors.iter().map(ShareError::message_key).chain(others);
        for key in keys {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!super::super::i18n::tr(lang, key).is_empty(), "{key}");
            }
        }
    }

    #[test]
    fn share_fragments_are_told_from_other_fragments() {
        assert!(is_share_fragment("#v1.abc"));
        assert!(is_share_fragment("v2.x"));
        assert!(!is_share_fragment("#"));
        assert!(!is_share_fragment("#top"));
        assert!(!is_share_fragment("#video-notes"));
    }
}

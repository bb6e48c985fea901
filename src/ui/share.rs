//! Share links: the whole playground state in the URL fragment, compressed, behind a
//! format-version prefix so that old links keep their meaning after upgrades.
//!
//! Format `v1`: `#v1/<base64url(deflate(JSON of SharedState))>`.

use serde::{Deserialize, Serialize};

/// The fragment prefix of the current format.
pub const PREFIX_V1: &str = "v1/";
/// Links longer than this are refused before decoding.
pub const MAX_LINK_CHARS: usize = 512 * 1024;
/// Decompressed states larger than this are refused.
pub const MAX_STATE_BYTES: usize = 4 * 1024 * 1024;

/// What a share link carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedState {
    /// The editor text.
    pub yaml: String,
    /// The position on the timeline, in virtual milliseconds.
    #[serde(default)]
    pub time_ms: u64,
    /// The UI language tag (`en`, `zh-CN`).
    #[serde(default)]
    pub lang: String,
    /// The label key the board groups nodes by, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Whether the editor pane is hidden.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_editor: bool,
}

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a known format prefix.
    UnknownFormat(String),
    /// The link is longer than [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// The data is not valid base64url.
    BadEncoding,
    /// The data does not decompress (truncated or altered link), or is too large.
    Corrupt,
    /// The decompressed data is not a valid state.
    BadState(String),
}

impl ShareError {
    /// The i18n catalogue key that explains the error.
    pub fn message_key(&self) -> &'static str {
        match self {
            ShareError::UnknownFormat(_) => "link_unknown_format",
            ShareError::TooLong(_) => "link_too_long",
            ShareError::BadEncoding | ShareError::Corrupt => "link_corrupt",
            ShareError::BadState(_) => "link_bad_state",
        }
    }
}

/// Encodes a state as a URL fragment (without the leading `#`).
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX_V1}{}", base64url_encode(&packed))
}

/// Decodes a URL fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let Some(data) = fragment.strip_prefix(PREFIX_V1) else {
        let shown: String = fragment.chars().take(12).collect();
        return Err(ShareError::UnknownFormat(shown));
    };
    let packed = base64url_decode(data).ok_or(ShareError::BadEncoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_STATE_BYTES)
        .map_err(|_| ShareError::Corrupt)?;
    serde_json::from_slice(&json).map_err(|e| ShareError::BadState(e.to_string()))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedState {
        SharedState {
            yaml: "apiVersion: v1\nkind: Node\nmetadata:\n  name: 节点-1\n".into(),
            time_ms: 12_500,
            lang: "zh-CN".into(),
            group_by: Some("topology.kubernetes.io/zone".into()),
            hide_editor: true,
        }
    }

    #[test]
    fn a_state_survives_the_round_trip_through_a_link() {
        let link = encode(&sample());
        assert!(link.starts_with("v1/"));
        assert!(link
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_".contains(&b)));
        assert_eq!(decode(&link), Ok(sample()));
        assert_eq!(decode(&format!("#{link}")), Ok(sample()));
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn broken_links_explain_why_they_cannot_be_opened() {
        let good = encode(&sample());
        let cases: Vec<(String, ShareError)> = vec![
            ("v9/abc".into(), ShareError::UnknownFormat("v9/abc".into())),
            ("".into(), ShareError::UnknownFormat(String::new())),
            ("v1/***".into(), ShareError::BadEncoding),
            (good[..good.len() / 2].to_string(), ShareError::Corrupt),
            (
                format!(
                    "v1/{}",
                    base64url_encode(&miniz_oxide::deflate::compress_to_vec(br#"{"yaml":5}"#, 9))
                ),
                ShareError::BadState(
                    "invalid type: integer `5`, expected a string at line 1 column 9".into(),
                ),
            ),
            (
                format!("v1/{}", "A".repeat(MAX_LINK_CHARS)),
                ShareError::TooLong(MAX_LINK_CHARS + 3),
            ),
        ];
        for (link, expected) in cases {
            assert_eq!(decode(&link), Err(expected), "{link:.40}");
        }
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let huge = vec![b' '; MAX_STATE_BYTES + 10];
        let link = format!(
            "v1/{}",
            base64url_encode(&miniz_oxide::deflate::compress_to_vec(&huge, 9))
        );
        assert!(link.len() < 20_000);
        assert_eq!(decode(&link), Err(ShareError::Corrupt));
    }
}

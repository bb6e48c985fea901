//! Helpers every controller shares, as upstream's `pkg/controller/controller_utils.go`:
//! the template hash (`ComputeHash`) that names revisions and labels pods, and the name of
//! a ControllerRevision (`history.ControllerRevisionName`).

use crate::engine::api::PodTemplateSpec;

/// The alphabet of upstream's `rand.SafeEncodeString` (no vowels, no look-alikes).
pub const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// 32-bit FNV-1a.
pub fn fnv32a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// `rand.SafeEncodeString`: every byte mapped into [`SAFE_ALPHABET`].
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(SAFE_ALPHABET[usize::from(b) % SAFE_ALPHABET.len()]))
        .collect()
}

/// The longest prefix a ControllerRevision name keeps, so that `prefix-hash` fits the
/// 253 characters of an object name.
const REVISION_NAME_PREFIX_MAX: usize = 223;

/// `history.ControllerRevisionName`: `prefix-hash`, the prefix (the owner's name) cut to
/// its first 223 bytes.
pub fn controller_revision_name(prefix: &str, hash: &str) -> String {
    // Names are ASCII once validated; the boundary search only keeps the slice valid.
    let cut = (0..=REVISION_NAME_PREFIX_MAX.min(prefix.len()))
        .rev()
        .find(|&at| prefix.is_char_boundary(at))
        .unwrap_or(0);
    format!("{}-{hash}", &prefix[..cut])
}

/// `controller.ComputeHash(template, collisionCount)`: a 32-bit FNV-1a hash of the template
/// (its canonical YAML rendering stands in for upstream's object printer) and of the
/// collision count, printed in decimal and safe-encoded. Same template → same hash.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut text = crate::engine::yaml::pod_template_to_yaml(template);
    if let Some(count) = collision_count {
        text.push_str(&format!("#{count}"));
    }
    safe_encode(&fnv32a(text.as_bytes()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_name_cuts_its_prefix_to_223_bytes() {
        let cases = [
            ("a short name is kept whole", "web".to_string(), "web-5d8c"),
            ("223 bytes are kept whole", "a".repeat(223), "-5d8c"),
            (
                "a longer prefix is cut to 223 bytes",
                "b".repeat(240),
                "-5d8c",
            ),
        ];
        for (name, prefix, suffix) in cases {
            let got = controller_revision_name(&prefix, "5d8c");
            let want_prefix = &prefix[..prefix.len().min(223)];
            assert!(got.starts_with(want_prefix), "{name}: {got}");
            assert!(got.ends_with(suffix), "{name}: {got}");
            assert_eq!(got.len(), want_prefix.len() + "-5d8c".len(), "{name}");
        }
    }

    #[test]
    fn hashes_are_stable_and_safe_encoded() {
        let mut template = PodTemplateSpec::default();
        template.spec.containers.push(Default::default());
        let hash = compute_hash(&template, None);
        assert_eq!(hash, compute_hash(&template, None));
        assert_ne!(hash, compute_hash(&template, Some(1)));
        assert!(hash.bytes().all(|b| SAFE_ALPHABET.contains(&b)), "{hash}");
        assert_eq!(safe_encode("0123"), "4567");
        assert_eq!(safe_encode("6789"), "bcdf");
    }
}

//! Helpers every controller shares, as upstream's `pkg/controller/controller_utils.go`:
//! the template hash (`ComputeHash`) that names revisions and labels pods.

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

//! [`KeyMap`]: a hash map from object keys (`namespace/name`, node names) for the look-ups
//! by key that happen on every event (the store's, the kubelet's, the scheduler snapshot's
//! nodes). An ordered map compares the key with a dozen others on the way down, each
//! comparison reading another key's text from elsewhere in memory; a hash map reads the key
//! once and compares it with one other. Iteration order is the hasher's, so a [`KeyMap`] is
//! only ever looked up, never listed (ordered maps or sorted lists are what gets listed).
//! The hasher is fixed (64-bit FNV-1a), so runs are repeatable.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map from object keys, looked up and never iterated.
pub type KeyMap<V> = HashMap<String, V, BuildHasherDefault<Fnv64>>;

/// A set of keys, looked up and never iterated (as [`KeyMap`]).
pub type KeySet = HashSet<String, BuildHasherDefault<Fnv64>>;

/// 64-bit FNV-1a: short keys, fixed seed.
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv64_of_known_inputs_matches_the_published_values() {
        let hash = |text: &str| {
            let mut hasher = Fnv64::default();
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_key_map_finds_what_was_inserted_and_forgets_what_was_removed() {
        let mut map: KeyMap<u64> = KeyMap::default();
        map.insert("default/web-1".to_string(), 1);
        map.insert("default/web-2".to_string(), 2);
        assert_eq!(map.get("default/web-2"), Some(&2));
        map.remove("default/web-2");
        assert_eq!(map.get("default/web-2"), None);
        assert_eq!(map.get("default/web-1"), Some(&1));
    }
}

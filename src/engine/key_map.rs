//! [`KeyMap`]: a hash map from object keys (`namespace/name`, node names) for the look-ups
//! by key that happen on every event (the store's, the kubelet's, the scheduler snapshot's
//! nodes). An ordered map compares the key with a dozen others on the way down, each
//! comparison reading another key's text from elsewhere in memory; a hash map reads the key
//! once and compares it with one other. Iteration order is the hasher's, so a [`KeyMap`] is
//! only ever looked up, never listed (ordered maps or sorted lists are what gets listed).
//! The hasher is fixed (64-bit FNV-1a), so runs are repeatable. A short key's text is kept
//! in the table itself (see [`Key`]).

use std::borrow::Borrow;
use std::collections::hash_map::{Entry, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A map from object keys, looked up by `&str` and never iterated.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMap<V> {
    entries: HashMap<Key, V, BuildHasherDefault<Fnv64>>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            entries: HashMap::default(),
        }
    }
}

impl<V> KeyMap<V> {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `key` is in the map.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(key.as_bytes())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key.as_bytes())
    }

    /// The value of `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries.get_mut(key.as_bytes())
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: &str, value: V) -> Option<V> {
        self.entries.insert(Key::from(key), value)
    }

    /// Forgets `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.entries.remove(key.as_bytes())
    }

    /// The entry of `key`, to fill in when it is vacant.
    pub fn entry(&mut self, key: &str) -> Entry<'_, Key, V> {
        self.entries.entry(Key::from(key))
    }
}

/// A set of keys, looked up and never iterated (as [`KeyMap`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeySet {
    keys: KeyMap<()>,
}

impl KeySet {
    /// Whether `key` is in the set.
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// Adds `key`; false if it was there already.
    pub fn insert(&mut self, key: &str) -> bool {
        self.keys.insert(key, ()).is_none()
    }
}

/// The longest key kept inline: `kube-system/` and an 18-character pod name fit.
const INLINE: usize = 30;

/// An object key as the maps of the store hold it ([`KeyMap`], `ObjectMap`, the pod
/// index's groups). A key of up to 30 bytes (nearly every `namespace/name` and
/// node name) is kept in the entry itself, so that finding it compares it there instead of
/// reading its text from elsewhere in memory; a longer one is kept apart. Keys are compared
/// and hashed as bytes: a look-up never needs the key as text.
#[derive(Clone)]
pub struct Key(KeyBytes);

#[derive(Clone)]
enum KeyBytes {
    Inline { len: u8, bytes: [u8; INLINE] },
    Apart(Box<[u8]>),
}

impl Key {
    /// The key's text (made from a `&str`, so always UTF-8).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("a key is made from text")
    }

    /// The key's text as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            KeyBytes::Inline { len, bytes } => &bytes[..usize::from(*len)],
            KeyBytes::Apart(bytes) => bytes,
        }
    }
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        if text.len() > INLINE {
            return Key(KeyBytes::Apart(text.as_bytes().into()));
        }
        let mut bytes = [0; INLINE];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Key(KeyBytes::Inline {
            len: text.len() as u8,
            bytes,
        })
    }
}

impl From<&String> for Key {
    fn from(text: &String) -> Key {
        Key::from(text.as_str())
    }
}

impl From<String> for Key {
    fn from(text: String) -> Key {
        Key::from(text.as_str())
    }
}

/// A key is its text, so it compares with text as text.
impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Key {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

/// Shown as its text.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// Hashed as its bytes, so that a map of keys is looked up by `&[u8]`.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Key {}

/// Ordered as its text (UTF-8 orders as its bytes), so that an ordered map of keys lists
/// them as one of strings would.
impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(self.as_bytes()), f)
    }
}

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

    /// A length (the prefix of a hashed key) is mixed in as one word, not byte by byte.
    fn write_usize(&mut self, n: usize) {
        self.0 ^= n as u64;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
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
        map.insert("default/web-1", 1);
        map.insert("default/web-2", 2);
        assert_eq!(map.get("default/web-2"), Some(&2));
        map.remove("default/web-2");
        assert_eq!(map.get("default/web-2"), None);
        assert_eq!(map.get("default/web-1"), Some(&1));
    }

    #[test]
    fn keys_at_and_past_the_inline_length_are_found_and_kept_apart_from_each_other() {
        let inline = "n".repeat(INLINE);
        let apart = "n".repeat(INLINE + 1);
        let mut map: KeyMap<&str> = KeyMap::default();
        map.insert(&inline, "inline");
        map.insert(&apart, "apart");
        map.insert("", "empty");
        assert_eq!(map.get(&inline), Some(&"inline"));
        assert_eq!(map.get(&apart), Some(&"apart"));
        assert_eq!(map.get(""), Some(&"empty"));
        assert_eq!(map.get(&"n".repeat(INLINE - 1)), None);
        assert_eq!(map.remove(&apart), Some("apart"));
        assert_eq!(map.len(), 2);
        let mut set = KeySet::default();
        assert!(set.insert("worker-1\u{0}web:v1"));
        assert!(!set.insert("worker-1\u{0}web:v1"));
        assert!(set.contains("worker-1\u{0}web:v1"));
        assert!(!set.contains("worker-1"));
    }
}

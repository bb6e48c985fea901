//! [`ObjectMap`]: objects by key (`namespace/name`, or a name), in key order, the way the
//! cluster state holds every kind. The keys are [`Key`]s, kept inline when short: finding
//! an object compares the keys in the tree's nodes instead of following each to its text
//! elsewhere in memory. The tree is shared until written: copying the map (a timeline
//! checkpoint) copies nothing, and a kind the run does not write again after a checkpoint
//! (the nodes, during a rollout) is never copied at all.

use std::collections::btree_map::{self, BTreeMap};
use std::sync::Arc;

use crate::engine::key_map::Key;

/// Objects by key, in key order; copies share the tree until one of them is written.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMap<V> {
    entries: Arc<BTreeMap<Key, V>>,
}

impl<V> Default for ObjectMap<V> {
    fn default() -> Self {
        ObjectMap {
            entries: Arc::new(BTreeMap::new()),
        }
    }
}

impl<V> ObjectMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        ObjectMap::default()
    }

    /// The number of objects.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether an object has the key `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(key.as_bytes())
    }

    /// The object with the key `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key.as_bytes())
    }
    /// The objects with their keys, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &V)> + '_ {
        self.into_iter()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.entries.keys().map(Key::as_str)
    }

    /// The objects, in key order.
    pub fn values(&self) -> btree_map::Values<'_, Key, V> {
        self.entries.values()
    }
}

/// Writing: the map gets its own tree first if a copy still shares it (a write that finds
/// nothing to change copies nothing).
impl<V: Clone> ObjectMap<V> {
    /// Whether no copy shares the tree.
    fn owns_tree(&mut self) -> bool {
        Arc::get_mut(&mut self.entries).is_some()
    }

    /// The object with the key `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if !self.owns_tree() && !self.contains_key(key) {
            return None;
        }
        Arc::make_mut(&mut self.entries).get_mut(key.as_bytes())
    }

    /// Stores `value` under `key`, returning the object it replaces.
    pub fn insert(&mut self, key: impl Into<Key>, value: V) -> Option<V> {
        Arc::make_mut(&mut self.entries).insert(key.into(), value)
    }

    /// Removes the object with the key `key`, returning it.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        if !self.owns_tree() && !self.contains_key(key) {
            return None;
        }
        Arc::make_mut(&mut self.entries).remove(key.as_bytes())
    }

    /// The objects with their keys, in key order, mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut V)> + '_ {
        Arc::make_mut(&mut self.entries)
            .iter_mut()
            .map(|(key, value)| (key.as_str(), value))
    }

    /// Keeps only the objects for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        Arc::make_mut(&mut self.entries).retain(|key, value| keep(key.as_str(), value));
    }
}

/// The object with the key; panics when there is none (as indexing a `BTreeMap` does).
impl<V> std::ops::Index<&str> for ObjectMap<V> {
    type Output = V;

    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no object with this key")
    }
}

/// An entry of [`ObjectMap::iter`] as the map stores it.
type StoredEntry<'a, V> = (&'a Key, &'a V);

impl<'a, V> IntoIterator for &'a ObjectMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter =
        std::iter::Map<btree_map::Iter<'a, Key, V>, fn(StoredEntry<'a, V>) -> (&'a str, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value))
    }
}

impl<K: Into<Key>, V: Clone> Extend<(K, V)> for ObjectMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        for (key, value) in items {
            self.insert(key, value);
        }
    }
}

impl<K: Into<Key>, V: Clone> FromIterator<(K, V)> for ObjectMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = ObjectMap::new();
        map.extend(items);
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_listed_in_key_order_and_found_by_key_short_or_long() {
        let long = format!("default/{}", "x".repeat(60));
        let mut map: ObjectMap<u32> = ["kube-system/b", "default/a", long.as_str()]
            .into_iter()
            .zip(1..)
            .collect();
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            vec!["default/a", long.as_str(), "kube-system/b"]
        );
        assert_eq!(map.get(&long), Some(&3));
        assert_eq!(map.insert("default/a", 4), Some(2));
        map.retain(|key, _| key != long);
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            vec![("default/a", &4), ("kube-system/b", &1)]
        );
        assert_eq!(map.remove("kube-system/b"), Some(1));
        assert!(!map.contains_key("kube-system/b"));
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn a_copy_shares_the_tree_until_one_side_writes_and_then_each_keeps_its_own() {
        let mut map: ObjectMap<u32> = [("default/a", 1), ("default/b", 2)].into_iter().collect();
        let copy = map.clone();
        assert!(
            Arc::ptr_eq(&map.entries, &copy.entries),
            "a copy is the same tree"
        );
        assert_eq!(map.remove("default/none"), None);
        assert_eq!(map.get_mut("default/none"), None);
        assert!(
            Arc::ptr_eq(&map.entries, &copy.entries),
            "a write that changes nothing copies nothing"
        );
        *map.get_mut("default/a").expect("present") = 10;
        map.insert("default/c", 3);
        assert!(
            !Arc::ptr_eq(&map.entries, &copy.entries),
            "written: its own tree"
        );
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            vec![("default/a", &10), ("default/b", &2), ("default/c", &3)]
        );
        assert_eq!(
            copy.iter().collect::<Vec<_>>(),
            vec![("default/a", &1), ("default/b", &2)],
            "the copy is as it was"
        );
    }
}

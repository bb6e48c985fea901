//! [`ObjectMap`]: objects by key (`namespace/name`, or a name), in key order, the way the
//! cluster state holds every kind. The objects sit in numbered slots, and an ordered map
//! of [`Key`]s gives each key its slot. The keys are kept inline when short, so finding an
//! object compares the keys in the tree's nodes instead of following each to its text
//! elsewhere in memory; a writer that knows an object's [`Slot`] (the store, writing a pod
//! it wrote before) replaces it without searching the tree at all. Both parts are shared
//! until written: copying the map (a timeline checkpoint) copies no object, a kind the run
//! does not write again after a checkpoint (the nodes, during a rollout) is never copied at
//! all, the keys are copied only when one is added or removed, and the slots are copied a
//! chunk at a time, so the first write after a checkpoint copies the few objects beside
//! the one it writes, not every object of the kind.

use std::collections::btree_map::{self, BTreeMap};
use std::sync::Arc;

use crate::engine::key_map::Key;

/// Where an [`ObjectMap`] keeps an object: valid until the object's key is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(u32);

impl Slot {
    fn at(self) -> usize {
        self.0 as usize
    }
}

/// Objects by key, in key order; copies share the keys and the objects until one of them
/// is written.
#[derive(Clone)]
pub struct ObjectMap<V> {
    /// Each key's slot, in key order.
    slots: Arc<BTreeMap<Key, Slot>>,
    /// The objects by slot.
    objects: Chunks<V>,
    /// The free slots, taken again before new ones are added.
    free: Vec<Slot>,
}

impl<V> Default for ObjectMap<V> {
    fn default() -> Self {
        ObjectMap {
            slots: Arc::new(BTreeMap::new()),
            objects: Chunks::default(),
            free: Vec::new(),
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
        self.slots.len()
    }

    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether an object has the key `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.slots.contains_key(key.as_bytes())
    }

    /// The object with the key `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.objects.get(*self.slots.get(key.as_bytes())?)
    }

    /// The objects with their keys, in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        self.into_iter()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.slots.keys().map(Key::as_str)
    }

    /// The objects, in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + '_ {
        self.iter().map(|(_, value)| value)
    }
}

/// Writing: the map gets its own keys or objects first if a copy still shares them (a
/// write that finds nothing to change copies nothing).
impl<V: Clone> ObjectMap<V> {
    /// The object with the key `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let slot = *self.slots.get(key.as_bytes())?;
        self.objects.get_mut(slot)
    }

    /// Stores `value` under `key`, returning the object it replaces.
    pub fn insert(&mut self, key: impl Into<Key>, value: V) -> Option<V> {
        self.insert_slotted(key, value).1
    }

    /// Stores `value` under `key`, returning the slot it is kept in and the object it
    /// replaces.
    pub fn insert_slotted(&mut self, key: impl Into<Key>, value: V) -> (Slot, Option<V>) {
        let key = key.into();
        if let Some(&slot) = self.slots.get(key.as_bytes()) {
            let old = self.objects.set(slot, Some(value));
            return (slot, old);
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                self.objects.set(slot, Some(value));
                slot
            }
            None => self.objects.push(value),
        };
        Arc::make_mut(&mut self.slots).insert(key, slot);
        (slot, None)
    }

    /// Removes the object with the key `key`, returning it.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        if !self.slots.contains_key(key.as_bytes()) {
            return None;
        }
        let slot = Arc::make_mut(&mut self.slots).remove(key.as_bytes())?;
        self.free.push(slot);
        self.objects.set(slot, None)
    }
}

/// Writing by slot, for maps of shared objects.
impl<T> ObjectMap<Arc<T>> {
    /// Replaces the object in `slot` with `value` when `slot` still holds `current` (the
    /// very object, not an equal one); otherwise changes nothing and hands `value` back,
    /// for the caller to store it by key.
    pub fn replace_in_slot(
        &mut self,
        slot: Slot,
        current: &Arc<T>,
        value: Arc<T>,
    ) -> Result<(), Arc<T>> {
        let holds_current = self
            .objects
            .get(slot)
            .is_some_and(|held| Arc::ptr_eq(held, current));
        if !holds_current {
            return Err(value);
        }
        self.objects.set(slot, Some(value));
        Ok(())
    }
}

/// Two maps are equal when they hold equal objects under the same keys (wherever each
/// keeps them).
impl<V: PartialEq> PartialEq for ObjectMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for ObjectMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The object with the key; panics when there is none (as indexing a `BTreeMap` does).
impl<V> std::ops::Index<&str> for ObjectMap<V> {
    type Output = V;

    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no object with this key")
    }
}

/// How many slots a chunk holds.
const CHUNK: usize = 32;

/// Objects by slot, in chunks that copies share until one of them writes into the chunk;
/// `None` is a free slot.
#[derive(Clone)]
struct Chunks<V> {
    chunks: Vec<Arc<Vec<Option<V>>>>,
}

impl<V> Default for Chunks<V> {
    fn default() -> Self {
        Chunks { chunks: Vec::new() }
    }
}

impl<V> Chunks<V> {
    /// The object in `slot`, if the slot is taken.
    fn get(&self, slot: Slot) -> Option<&V> {
        let chunk = self.chunks.get(slot.at() / CHUNK)?;
        chunk.get(slot.at() % CHUNK)?.as_ref()
    }
}

impl<V: Clone> Chunks<V> {
    /// The object in `slot`, mutable (its chunk copied first if a copy shares it).
    fn get_mut(&mut self, slot: Slot) -> Option<&mut V> {
        let chunk = self.chunks.get_mut(slot.at() / CHUNK)?;
        Arc::make_mut(chunk).get_mut(slot.at() % CHUNK)?.as_mut()
    }

    /// Puts `value` in the taken or freed `slot`, returning what it held.
    fn set(&mut self, slot: Slot, value: Option<V>) -> Option<V> {
        let chunk = Arc::make_mut(&mut self.chunks[slot.at() / CHUNK]);
        std::mem::replace(&mut chunk[slot.at() % CHUNK], value)
    }

    /// Puts `value` in a new slot after the last one.
    fn push(&mut self, value: V) -> Slot {
        let last_is_full = self.chunks.last().is_none_or(|chunk| chunk.len() == CHUNK);
        if last_is_full {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        let at = self.chunks.len() - 1;
        let chunk = Arc::make_mut(&mut self.chunks[at]);
        chunk.push(Some(value));
        Slot((at * CHUNK + chunk.len() - 1) as u32)
    }
}

/// [`ObjectMap::iter`]: the keys in order, each with its object.
pub struct Iter<'a, V> {
    slots: btree_map::Iter<'a, Key, Slot>,
    objects: &'a Chunks<V>,
}

impl<'a, V> Iter<'a, V> {
    fn entry(&self, (key, slot): (&'a Key, &'a Slot)) -> (&'a str, &'a V) {
        let value = self
            .objects
            .get(*slot)
            .expect("a key's slot holds its object");
        (key.as_str(), value)
    }
}

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a str, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        let entry = self.slots.next()?;
        Some(self.entry(entry))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.slots.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let entry = self.slots.next_back()?;
        Some(self.entry(entry))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

impl<'a, V> IntoIterator for &'a ObjectMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        Iter {
            slots: self.slots.iter(),
            objects: &self.objects,
        }
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
        assert_eq!(map.remove(&long), Some(3));
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            vec![("default/a", &4), ("kube-system/b", &1)]
        );
        assert_eq!(map.values().rev().collect::<Vec<_>>(), vec![&1, &4]);
        assert_eq!(map.remove("kube-system/b"), Some(1));
        assert!(!map.contains_key("kube-system/b"));
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn a_copy_shares_the_keys_and_objects_until_one_side_writes_and_then_each_keeps_its_own() {
        let mut map: ObjectMap<u32> = [("default/a", 1), ("default/b", 2)].into_iter().collect();
        let copy = map.clone();
        let shared = |map: &ObjectMap<u32>, copy: &ObjectMap<u32>| {
            (
                Arc::ptr_eq(&map.slots, &copy.slots),
                Arc::ptr_eq(&map.objects.chunks[0], &copy.objects.chunks[0]),
            )
        };
        assert_eq!(shared(&map, &copy), (true, true), "a copy is the same map");
        assert_eq!(map.remove("default/none"), None);
        assert_eq!(map.get_mut("default/none"), None);
        assert_eq!(
            shared(&map, &copy),
            (true, true),
            "a write that changes nothing copies nothing"
        );
        *map.get_mut("default/a").expect("present") = 10;
        assert_eq!(
            shared(&map, &copy),
            (true, false),
            "a changed object copies the objects, not the keys"
        );
        map.insert("default/c", 3);
        assert_eq!(
            shared(&map, &copy),
            (false, false),
            "a new key copies the keys"
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
        assert_ne!(map, copy);
    }

    #[test]
    fn a_write_after_a_copy_copies_only_the_chunk_of_the_slot_it_writes() {
        let mut map: ObjectMap<usize> = (0..3 * CHUNK).map(|i| (format!("p-{i:03}"), i)).collect();
        let copy = map.clone();
        let (slot, _) = map.insert_slotted(format!("p-{:03}", CHUNK + 1), 1_000);
        assert_eq!(slot.at() / CHUNK, 1, "the second chunk");
        let shared: Vec<bool> = (0..3)
            .map(|at| Arc::ptr_eq(&map.objects.chunks[at], &copy.objects.chunks[at]))
            .collect();
        assert_eq!(shared, vec![true, false, true]);
        assert_eq!(map.get(&format!("p-{:03}", CHUNK + 1)), Some(&1_000));
        assert_eq!(copy.get(&format!("p-{:03}", CHUNK + 1)), Some(&(CHUNK + 1)));
        map.remove("p-000");
        let (reused, _) = map.insert_slotted("q", 7);
        assert_eq!(reused.at(), 0, "a freed slot is taken before a new one");
        let (new, _) = map.insert_slotted("r", 8);
        assert_eq!(new.at(), 3 * CHUNK, "then a slot in a new chunk");
        assert_eq!(map.values().copied().max(), Some(1_000));
        assert_eq!(map.len(), 3 * CHUNK + 1);
    }

    #[test]
    fn an_object_is_replaced_in_its_slot_only_while_the_slot_holds_it() {
        let first = Arc::new("first");
        let mut map = ObjectMap::new();
        let (slot, replaced) = map.insert_slotted("default/a", Arc::clone(&first));
        assert_eq!(replaced, None);
        let second = Arc::new("second");
        assert_eq!(
            map.replace_in_slot(slot, &first, Arc::clone(&second)),
            Ok(())
        );
        assert_eq!(map.get("default/a"), Some(&second));
        assert_eq!(
            map.replace_in_slot(slot, &first, Arc::new("stale")),
            Err(Arc::new("stale")),
            "the slot no longer holds the first object"
        );
        map.remove("default/a");
        let (reused, _) = map.insert_slotted("default/b", Arc::new("other"));
        assert_eq!(reused, slot, "a freed slot is taken again");
        assert_eq!(
            map.replace_in_slot(slot, &second, Arc::new("stale")),
            Err(Arc::new("stale")),
            "the slot holds another key's object now"
        );
        assert_eq!(map.get("default/b"), Some(&Arc::new("other")));
        let equal = ObjectMap::from_iter([("default/b", Arc::new("other"))]);
        assert_eq!(map, equal, "equal whatever the slots");
    }
}

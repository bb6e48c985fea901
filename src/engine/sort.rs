//! Stable sorting with a single instance of the standard library's sort in the binary.
//!
//! `slice::sort_by` is generic: every element type and comparator gets its own copy of the
//! sort (several KB of wasm each). These helpers sort a list of indices with one shared,
//! non-generic comparator call, then move the elements into place, so each call site adds
//! only a few hundred bytes. Same result and stability as `sort_by`, O(n log n).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `order` (indices) with a comparator over indices: the one instance of std's sort.
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// Moves the elements of `v` so that position `i` holds the element that was at
/// `order[i]`, following each cycle of the permutation once.
fn apply_permutation<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Stable sort by a comparator, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    apply_permutation(v, order);
}

/// Stable sort by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort in natural order, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Collects pairs into a map by inserting them one by one (a later key replaces an earlier
/// one, as with `collect`). `collect` into a `BTreeMap` sorts its input first with another
/// instance of std's sort per element type; this reuses the map's `insert`.
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// Collects items into a set by inserting them one by one (see [`map_from`]).
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collecting_by_insertion_keeps_the_last_value_of_a_key() {
        let map = map_from([("b", 1), ("a", 2), ("b", 3)]);
        assert_eq!(map.into_iter().collect::<Vec<_>>(), [("a", 2), ("b", 3)]);
        let set = set_from(["b", "a", "b"]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn sorting_matches_the_standard_library_and_is_stable() {
        // Pseudo-random pairs (key, original position) with many equal keys.
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    ((seed >> 33) % 10, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = items.clone();
            sort_by_key(&mut got, |p| p.0);
            assert_eq!(got, expected, "len {len}");
            let mut natural = items.clone();
            sort(&mut natural);
            let mut std_natural = items;
            std_natural.sort();
            assert_eq!(natural, std_natural);
        }
    }
}

//! Stable sorts that compile once per element type.
//!
//! `slice::sort_by` is generic over its comparison, so every call site's closure compiles
//! the whole merge sort again (about 5 KB of WebAssembly each, and the engine worker has a
//! size budget). These take the comparison as a `&dyn Fn`: one copy of the sort per element
//! type, shared by every call site that sorts that type. The order is the same as
//! `sort_by`'s: stable, so equal elements keep their order.
//!
//! A leaf: it imports nothing of the crate.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare` (as `slice::sort_by`).
pub fn sort_stably_by<T>(items: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    items.sort_by(|a, b| compare(a, b));
}

/// Sorts `items` stably by the key `key` gives each (as `slice::sort_by_key`).
pub fn sort_stably_by_key<T, K: Ord>(items: &mut [T], key: &dyn Fn(&T) -> K) {
    sort_stably_by(items, &|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_elements_keep_their_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
        sort_stably_by(&mut items, &|a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn a_key_sort_orders_by_the_key_and_keeps_ties_in_order() {
        let mut items = vec!["ccc", "a", "bb", "d", "ee"];
        sort_stably_by_key(&mut items, &|s| s.len());
        assert_eq!(items, ["a", "d", "bb", "ee", "ccc"]);
    }
}

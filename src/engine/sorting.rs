//! Stable sorts that compile once.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so every call
//! site compiles the whole merge sort again (about 5 KB of WebAssembly each, and the engine
//! worker has a size budget). These sort the elements' positions with a `&dyn Fn`
//! comparison, which compiles the merge sort once, then move the elements into that order
//! (a few swaps per element). The order is the same as `sort_by`'s: stable, so equal
//! elements keep their order.
//!
//! A leaf: it imports nothing of the crate.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare` (as `slice::sort_by`).
pub fn sort_stably_by<T>(items: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
    put_in_order(items, order);
}

/// Sorts positions stably by `compare`: the one compiled copy of the merge sort.
fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `items` so that the element at `order[k]` ends at `k`, following each cycle
/// of the permutation with swaps.
fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    const PLACED: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != PLACED {
            let from = order[at];
            order[at] = PLACED;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
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
    fn five_elements_with_every_assignment_of_keys_sort_as_sort_by_sorts_them() {
        let mut count = 0;
        for code in 0..5usize.pow(5) {
            let items: Vec<(usize, usize)> = (0..5)
                .map(|i| ((code / 5usize.pow(i)) % 5, i as usize))
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items;
            sort_stably_by(&mut sorted, &|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted, expected);
            count += 1;
        }
        assert_eq!(count, 3125);
    }

    #[test]
    fn a_key_sort_orders_by_the_key_and_keeps_ties_in_order() {
        let mut items = vec!["ccc", "a", "bb", "d", "ee"];
        sort_stably_by_key(&mut items, &|s| s.len());
        assert_eq!(items, ["a", "d", "bb", "ee", "ccc"]);
    }
}

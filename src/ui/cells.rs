//! The compact board's cells for the frame on screen.
//!
//! The cells are built again from the shown nodes whenever the frame, the grouping or the
//! filter changes: the engine has already decided each node's cell, so this is only grouping
//! and comparing (about a quarter of a millisecond for 5,000 nodes, natively). What must not
//! happen on every playback tick is re-rendering 5,000 cells, so a chunk that would hold the
//! same cells as the chunk at its place before is that chunk, the same `Rc`: only the chunks
//! whose cells changed are new objects, and only those re-render.

use std::rc::Rc;

use yew::AttrValue;

use super::compact::{Cell, CellGroup, CHUNK};
use super::grouping::group_nodes;
use super::shown::ShownCluster;

/// What a set of cells is built for besides the frame: the grouping label, the filter and the
/// name of the group of nodes without the label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellsKey {
    /// The grouping label key (empty: one group).
    pub label: String,
    /// The node filter.
    pub filter: String,
    /// The group name of nodes without the label.
    pub no_value: &'static str,
}

/// The cells of the frame on screen, kept between renders of the board.
pub struct CellCache {
    /// The frame's views they were built from (compared by identity).
    shown: Rc<ShownCluster>,
    /// The grouping and filter they were built for.
    key: CellsKey,
    /// The cells.
    groups: Rc<Vec<CellGroup>>,
}

/// The cells of `shown` for `key`. A chunk that would hold the same cells as the chunk at the
/// same place of the same group in `before` (cells built by this function, so in group name
/// order) is that chunk.
pub fn build_cells(shown: &ShownCluster, key: &CellsKey, before: &[CellGroup]) -> Vec<CellGroup> {
    group_nodes(&shown.nodes, &key.filter, &key.label, key.no_value)
        .into_iter()
        .map(|(name, nodes)| {
            let old = before
                .binary_search_by(|g| g.name.as_str().cmp(name))
                .ok()
                .map(|at| &before[at]);
            let chunks = nodes
                .chunks(CHUNK)
                .enumerate()
                .map(|(i, nodes)| match old.and_then(|g| g.chunks.get(i)) {
                    Some(chunk)
                        if chunk.len() == nodes.len()
                            && chunk.iter().zip(nodes).all(|(c, n)| c.shows(n)) =>
                    {
                        Rc::clone(chunk)
                    }
                    _ => nodes.iter().map(|n| Cell::of(n)).collect(),
                })
                .collect();
            CellGroup {
                name: old.map_or_else(|| AttrValue::from(name.to_owned()), |g| g.name.clone()),
                chunks,
            }
        })
        .collect()
}

impl CellCache {
    /// The cells of `shown` for `key`: those of `cache` when it was built for both, else
    /// built again (keeping the chunks that did not change), and kept in `cache`.
    pub fn for_frame(
        cache: &mut Option<CellCache>,
        key: CellsKey,
        shown: &Rc<ShownCluster>,
    ) -> Rc<Vec<CellGroup>> {
        if let Some(cells) = cache
            .as_ref()
            .filter(|c| Rc::ptr_eq(&c.shown, shown) && c.key == key)
        {
            return Rc::clone(&cells.groups);
        }
        let before = cache.take().map(|c| c.groups).unwrap_or_default();
        let groups = build_cells(shown, &key, &before);
        // Unchanged cells keep the very same groups, so the board's props compare at once.
        let groups = if *before == groups {
            before
        } else {
            Rc::new(groups)
        };
        *cache = Some(CellCache {
            shown: Rc::clone(shown),
            key,
            groups: Rc::clone(&groups),
        });
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{CellStatus, NodeView};
    use crate::ui::grouping::tests::{by_name, node};

    fn key(label: &str) -> CellsKey {
        CellsKey {
            label: label.to_owned(),
            filter: String::new(),
            no_value: "(none)",
        }
    }

    /// A frame of `count` nodes `node-000`, `node-001`, ..., alternately in zone a and zone
    /// b, every cell ready.
    fn frame(count: usize) -> ShownCluster {
        let nodes = (0..count)
            .map(|i| {
                let zone = if i % 2 == 0 { "zone=a" } else { "zone=b" };
                NodeView {
                    cell: CellStatus::Ready,
                    ..node(&format!("node-{i:03}"), &[zone])
                }
            })
            .collect();
        ShownCluster {
            nodes: by_name(nodes),
            ..ShownCluster::default()
        }
    }

    /// `shown` with the cell of node `name` set to `cell` (a new view, as a delta brings).
    fn with_cell(shown: &ShownCluster, name: &str, cell: CellStatus) -> ShownCluster {
        let mut next = shown.clone();
        let view = NodeView {
            cell,
            ..(*next.nodes[name]).clone()
        };
        next.nodes.insert(name.to_owned(), Rc::new(view));
        next
    }

    /// Which chunks of `after` are the very chunks of `before`, group by group.
    fn kept(before: &[CellGroup], after: &[CellGroup]) -> Vec<Vec<bool>> {
        after
            .iter()
            .zip(before)
            .map(|(a, b)| {
                a.chunks
                    .iter()
                    .zip(&b.chunks)
                    .map(|(a, b)| Rc::ptr_eq(a, b))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_new_frame_keeps_the_chunks_whose_cells_did_not_change() {
        let mut cache = None;
        let first = Rc::new(frame(3 * CHUNK + 5));
        let before = CellCache::for_frame(&mut cache, key(""), &first);
        let sizes: Vec<usize> = before[0].chunks.iter().map(|c| c.len()).collect();
        assert_eq!((before.len(), sizes), (1, vec![CHUNK, CHUNK, CHUNK, 5]));
        // node-070 is the 71st node: the second chunk.
        let second = Rc::new(with_cell(&first, "node-070", CellStatus::Failed));
        let after = CellCache::for_frame(&mut cache, key(""), &second);
        assert_eq!(kept(&before, &after), [[true, false, true, true]]);
        assert_eq!(*after, build_cells(&second, &key(""), &[]));
        assert_eq!(after[0].chunks[1][70 - CHUNK].status, CellStatus::Failed);
    }

    #[test]
    fn a_new_frame_with_the_same_cells_keeps_the_same_groups() {
        let mut cache = None;
        let first = Rc::new(frame(CHUNK + 1));
        let before = CellCache::for_frame(&mut cache, key("zone"), &first);
        // A new frame whose node changed in a way its cell does not show.
        let mut second = (*first).clone();
        let view = NodeView {
            roles: "control-plane".to_owned(),
            ..(*second.nodes["node-003"]).clone()
        };
        second.nodes.insert("node-003".to_owned(), Rc::new(view));
        let after = CellCache::for_frame(&mut cache, key("zone"), &Rc::new(second));
        assert!(Rc::ptr_eq(&before, &after));
    }

    #[test]
    fn the_same_frame_and_key_give_the_same_cells_and_another_key_builds_them_again() {
        let mut cache = None;
        let shown = Rc::new(frame(10));
        let all = CellCache::for_frame(&mut cache, key(""), &shown);
        assert!(Rc::ptr_eq(
            &all,
            &CellCache::for_frame(&mut cache, key(""), &shown)
        ));
        let by_zone = CellCache::for_frame(&mut cache, key("zone"), &shown);
        let names: Vec<&str> = by_zone.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(*by_zone, build_cells(&shown, &key("zone"), &[]));
        let filtered = CellsKey {
            filter: "NODE-00".to_owned(),
            ..key("")
        };
        let shown = Rc::new(frame(30));
        let names: Vec<String> = CellCache::for_frame(&mut cache, filtered, &shown)[0]
            .cells()
            .map(|c| c.name.to_string())
            .collect();
        let expected: Vec<String> = (0..10).map(|i| format!("node-00{i}")).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn a_node_added_renews_only_the_chunks_from_where_it_lands() {
        let mut cache = None;
        let first = Rc::new(frame(3 * CHUNK));
        let before = CellCache::for_frame(&mut cache, key(""), &first);
        let mut second = (*first).clone();
        second.nodes.insert(
            "node-100a".to_owned(),
            Rc::new(node("node-100a", &["zone=a"])),
        );
        let after = CellCache::for_frame(&mut cache, key(""), &Rc::new(second));
        assert_eq!(kept(&before, &after), [[true, false, false]]);
        assert_eq!(after[0].chunks.len(), 4);
    }

    #[test]
    fn a_change_in_one_group_keeps_the_chunks_of_the_others() {
        let mut cache = None;
        let first = Rc::new(frame(4 * CHUNK));
        let before = CellCache::for_frame(&mut cache, key("zone"), &first);
        // node-001 is the first node of zone b.
        let second = Rc::new(with_cell(&first, "node-001", CellStatus::Pending));
        let after = CellCache::for_frame(&mut cache, key("zone"), &second);
        assert_eq!(kept(&before, &after), [[true, true], [false, true]]);
    }
}

//! The compact board's cells for the frame on screen, kept up to date frame by frame.
//!
//! Building every cell means grouping all pods by node and all nodes by a label: on 5,000
//! nodes that is several milliseconds, too much to redo on every playback tick when a tick
//! changes a few dozen pods. So the cells of the last frame are kept with where each node's
//! cell is and which pods target each node; moving forward on the same run, only the nodes
//! whose pods changed in the frames in between get a new cell, and only their chunks are new
//! objects (so only those re-render). A node change (added, removed, relabelled), a new
//! revision of a DaemonSet, a move backwards, another run or another grouping or filter
//! builds everything again.

use std::rc::Rc;
use std::sync::Arc;

use yew::AttrValue;

use super::compact::{Cell, CellGroup, CHUNK};
use super::grouping::{group_nodes, pods_by_node};
use super::state::Run;
use crate::engine::api::SortedMap;
use crate::engine::store::journal::Change;
use crate::engine::store::state::ClusterState;

/// What a set of cells was built for: the run, the grouping label, the filter and the name of
/// the group of nodes without the label.
#[derive(Clone, PartialEq)]
pub struct CellsKey {
    /// The run (compared by identity).
    pub run: Rc<Run>,
    /// The grouping label key (empty: one group).
    pub label: String,
    /// The node filter.
    pub filter: String,
    /// The group name of nodes without the label.
    pub no_value: &'static str,
}

/// Where a node's cell is and which pods target the node.
#[derive(Default)]
struct NodeCell {
    /// (group, position in the group), when the node is shown.
    place: Option<(usize, usize)>,
    /// The keys of the pods that target the node, in order.
    pods: Vec<String>,
}

/// The cells of one frame, with what it takes to update them to a later frame.
pub struct CellIndex {
    key: CellsKey,
    cursor: usize,
    groups: Rc<Vec<CellGroup>>,
    /// Each node's cell (when shown) and pods.
    nodes: SortedMap<String, NodeCell>,
    /// The node each pod targets.
    node_of: SortedMap<String, String>,
    /// Each DaemonSet with what decides which of its pods are current, in key order.
    revisions: Vec<CurrentRevision>,
}

/// A DaemonSet's key, current revision hash and template generation: whether a pod is at
/// the current revision depends on these (`is_pod_current`).
type CurrentRevision = (String, Option<String>, i64);

fn current_revisions(cluster: &ClusterState) -> Vec<CurrentRevision> {
    cluster
        .daemon_sets
        .iter()
        .map(|(key, ds)| (key.clone(), ds.current_hash.clone(), ds.template_generation))
        .collect()
}

impl CellIndex {
    /// Builds every cell of `cluster`, the cluster at frame `cursor` of `key.run`.
    pub fn build(key: CellsKey, cursor: usize, cluster: &ClusterState) -> CellIndex {
        let pods = pods_by_node(cluster);
        // Built in key order (the cluster's maps are sorted), so every insert appends.
        let mut cells_of: SortedMap<String, NodeCell> = SortedMap::new();
        for name in cluster.nodes.keys() {
            cells_of.insert(name.clone(), NodeCell::default());
        }
        for (node, on_node) in &pods {
            let keys = on_node.iter().map(|p| p.key()).collect::<Vec<_>>();
            match cells_of.get_mut(*node) {
                Some(cell) => cell.pods = keys,
                None => {
                    cells_of.insert(
                        (*node).to_owned(),
                        NodeCell {
                            place: None,
                            pods: keys,
                        },
                    );
                }
            }
        }
        let mut node_of = SortedMap::new();
        for (key, pod) in &cluster.pods {
            if let Some(node) = pod.target_node() {
                node_of.insert(key.clone(), node.to_owned());
            }
        }
        let mut groups = Vec::new();
        for (name, nodes) in group_nodes(cluster, &key.filter, &key.label, key.no_value) {
            let cells: Vec<Cell> = nodes
                .iter()
                .enumerate()
                .map(|(at, n)| {
                    if let Some(cell) = cells_of.get_mut(n.name()) {
                        cell.place = Some((groups.len(), at));
                    }
                    let on_node = pods.get(n.name()).map_or(&[][..], Vec::as_slice);
                    Cell::of(n, on_node, &cluster.daemon_sets)
                })
                .collect();
            groups.push(CellGroup::new(AttrValue::from(name.to_owned()), cells));
        }
        CellIndex {
            key,
            cursor,
            groups: Rc::new(groups),
            nodes: cells_of,
            node_of,
            revisions: current_revisions(cluster),
        }
    }

    /// The cells.
    pub fn groups(&self) -> Rc<Vec<CellGroup>> {
        Rc::clone(&self.groups)
    }

    /// Moves the cells forward to frame `cursor`, whose cluster is `cluster`, from the changes
    /// of the frames in between. False when that is not possible (see the module doc): then
    /// the cells must be built again.
    pub fn advance(&mut self, cursor: usize, cluster: &ClusterState) -> bool {
        if cursor < self.cursor {
            return false;
        }
        let run = Rc::clone(&self.key.run);
        let frames = run.timeline.frames();
        let Some(between) = frames.get(self.cursor + 1..=cursor.min(frames.len() - 1)) else {
            return cursor == self.cursor;
        };
        let mut touched = Vec::new();
        for frame in between {
            for change in &frame.changes {
                match change {
                    Change::Node(..) => return false,
                    Change::Pod(key, _) | Change::PodLifecycle(key, _) => touched.push(key),
                    Change::DaemonSet(..) => {}
                }
            }
        }
        if current_revisions(cluster) != self.revisions {
            return false;
        }
        let mut dirty: Vec<String> = Vec::new();
        for key in touched {
            let now = cluster.pods.get(key.as_str()).and_then(|p| p.target_node());
            let before = self.node_of.get(key.as_str()).map(String::as_str);
            if before != now {
                if let Some(old) = before.map(str::to_owned) {
                    if let Some(cell) = self.nodes.get_mut(&old) {
                        cell.pods.retain(|k| k != key);
                    }
                    self.node_of.remove(key.as_str());
                    dirty.push(old);
                }
                if let Some(new) = now {
                    let keys = &mut self
                        .nodes
                        .get_or_insert_with(new.to_owned(), NodeCell::default)
                        .pods;
                    if let Err(at) = keys.binary_search(key) {
                        keys.insert(at, key.clone());
                    }
                    self.node_of.insert(key.clone(), new.to_owned());
                }
            }
            dirty.extend(now.map(str::to_owned));
        }
        crate::engine::sort::sort(&mut dirty);
        dirty.dedup();
        let mut groups: Option<Vec<CellGroup>> = None;
        for node_name in dirty {
            let (Some(entry), Some(node)) =
                (self.nodes.get(&node_name), cluster.nodes.get(&node_name))
            else {
                continue;
            };
            let Some((g, at)) = entry.place else {
                continue;
            };
            let pods: Vec<&Arc<_>> = entry
                .pods
                .iter()
                .filter_map(|k| cluster.pods.get(k))
                .collect();
            let cell = Cell::of(node, &pods, &cluster.daemon_sets);
            let groups = groups.get_or_insert_with(|| (*self.groups).clone());
            let chunk = &mut groups[g].chunks[at / CHUNK];
            if chunk[at % CHUNK] != cell {
                let mut cells = chunk.to_vec();
                cells[at % CHUNK] = cell;
                *chunk = Rc::from(cells);
            }
        }
        if let Some(groups) = groups {
            self.groups = Rc::new(groups);
        }
        self.cursor = cursor;
        true
    }

    /// The cells of frame `cursor` (whose cluster is `cluster`) for `key`: `cache` moved
    /// forward when it can be, built again otherwise.
    pub fn for_frame(
        cache: &mut Option<CellIndex>,
        key: CellsKey,
        cursor: usize,
        cluster: &ClusterState,
    ) -> Rc<Vec<CellGroup>> {
        let current = cache
            .as_mut()
            .filter(|c| c.key == key)
            .is_some_and(|c| c.advance(cursor, cluster));
        if !current {
            *cache = Some(CellIndex::build(key, cursor, cluster));
        }
        cache.as_ref().map(CellIndex::groups).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml::load;
    use crate::ui::lessons;
    use crate::ui::state::simulate;

    fn key(run: &Rc<Run>, label: &str) -> CellsKey {
        CellsKey {
            run: Rc::clone(run),
            label: label.to_owned(),
            filter: String::new(),
            no_value: "(none)",
        }
    }

    /// Playing forward by 1, 2, 3, ... frames gives the cells a fresh build gives, for every
    /// lesson and for a rolling update on a generated cluster.
    #[test]
    fn cells_moved_forward_equal_cells_built_afresh() {
        // The large cluster is too slow for this walk; the generated one stands in for it.
        let mut texts: Vec<String> = lessons::LESSONS
            .iter()
            .filter(|l| l.id != "large-cluster")
            .map(|l| lessons::from_disk(l.id).yaml)
            .collect();
        texts.push(crate::cli::generate::generate(
            crate::cli::generate::Options {
                nodes: 120,
                pods_per_node: 2,
                zones: 3,
            },
        ));
        let mut moves = 0;
        for text in &texts {
            let run = Rc::new(simulate(&load(text).objects));
            for label in ["", "topology.kubernetes.io/zone"] {
                let mut cache: Option<CellIndex> = None;
                let (mut cursor, mut step) = (0, 1);
                while cursor < run.timeline.len() {
                    let cluster = run.timeline.state_at(cursor);
                    let moved = cache.as_mut().is_some_and(|c| c.advance(cursor, &cluster));
                    if moved {
                        moves += 1;
                    } else {
                        cache = Some(CellIndex::build(key(&run, label), cursor, &cluster));
                    }
                    let built = CellIndex::build(key(&run, label), cursor, &cluster).groups();
                    let cells = cache.as_ref().map(CellIndex::groups).unwrap_or_default();
                    assert_eq!(cells, built, "frame {cursor}, label {label:?}");
                    cursor += step;
                    step = step % 4 + 1;
                }
            }
        }
        assert!(
            moves > 1000,
            "only {moves} frames were reached by moving forward"
        );
    }

    #[test]
    fn a_move_backwards_or_another_grouping_builds_again() {
        let run = Rc::new(simulate(&load(&lessons::built_in().yaml).objects));
        let last = run.timeline.len() - 1;
        let mut cache = Some(CellIndex::build(
            key(&run, ""),
            last,
            &run.timeline.state_at(last),
        ));
        assert!(!cache
            .as_mut()
            .unwrap()
            .advance(0, &run.timeline.state_at(0)));
        let cluster = run.timeline.state_at(0);
        let cells = CellIndex::for_frame(&mut cache, key(&run, "kubernetes.io/os"), 0, &cluster);
        assert_eq!(
            cells,
            CellIndex::build(key(&run, "kubernetes.io/os"), 0, &cluster).groups()
        );
    }
}

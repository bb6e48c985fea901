//! The object store: the cluster state every control loop reads and writes, and what the
//! API server does on a write.
//!
//! * [`state`]: the objects (nodes, pods with their lifecycle, DaemonSets, PriorityClasses).
//! * [`index`] and [`scheduler_view`]: indexes kept in step with every write (pods by owner,
//!   by node, pending; the scheduler's snapshot), so no control loop scans every pod.
//! * [`Store`]'s write methods: creating a pod with defaulting, admission, a uid and a
//!   generated name, pod IPs, graceful deletion, DaemonSets and their generations.
//! * [`journal`] and [`events`]: the record of every write and every Event, which the
//!   simulation's driver files into the frame being written.
//! * [`watch`] and [`wake`]: how the controllers hear about writes (work queues, watch
//!   events) and ask to be woken later. Controllers never call each other: they meet here.

mod budgets;
pub mod events;
pub mod eviction;
pub mod index;
pub mod journal;

mod objects;
mod pods;
pub mod scheduler_view;
pub mod state;
mod stateful_sets;
pub mod wake;
pub mod watch;

use std::borrow::Cow;
use std::mem;
use std::sync::Arc;

use crate::engine::scheduler::node_info::ClusterSnapshot;
use crate::engine::time::Millis;

use crate::engine::key_map::KeyMap;
use crate::engine::object_map::Slot;
use events::{Event, EventType, ObjectRef};
use index::{DaemonPods, PodIndex, PodPlaces};
use journal::{Action, Journal};
use state::{ClusterState, NodeState, PodIp, PodState};
use wake::Wake;
use watch::{Dirty, Notice};

pub use objects::{is_empty_selector, new_daemon_set_state};

/// The alphabet of upstream's random name suffixes.
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// How much of a `generateName` the API server keeps (`maxGeneratedNameLength`: 63 less
/// the 5-character suffix).
const MAX_GENERATED_NAME_BASE: usize = 58;

/// The largest char boundary of `text` at or before byte `at` (names are ASCII once
/// validated; this only keeps a cut valid).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// A splitmix64 generator: deterministic pod-name suffixes from the seed.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The cluster's objects and the API server's semantics, shared by every controller.
pub struct Store {
    state: ClusterState,
    /// Manual mode (upstream's unit tests): no kubelet confirms a deletion, so deletions
    /// are immediate, and a pod created bound stays Pending.
    manual: bool,
    index: PodIndex,
    scheduler_view: ClusterSnapshot,
    rng: Rng,
    /// The last uid handed out.
    uid: u64,
    /// Every pod's incarnation and the state's pods again, for look-ups by key (see
    /// [`KeyMap`]): one look-up answers both.
    pods_by_key: KeyMap<PodEntry>,
    /// Every node name's ordinal and the state's nodes again, by the index's number of the
    /// name (see [`PodIndex::node_id`]): found by name with one look-up, and for a pod by
    /// the number of the node it is bound to, with none. `None`: a number given to a name
    /// no node was written under.
    nodes_by_number: Vec<Option<NodeEntry>>,
    /// How many node names were written (the next name's ordinal).
    node_names_written: u64,
    /// Counts the writes of nodes (new, changed or deleted).
    nodes_version: u64,
    ip_counter: u64,
    journal: Journal,
    wakes: Vec<(Millis, Wake)>,
    /// Watch events not delivered yet, each with the place in the open entry's events
    /// where the write that raised it was.
    notices: Vec<(Notice, usize)>,
    /// Where events go while a watch event is delivered (see [`Store::deliver_notices`]).
    event_cursor: Option<usize>,
    /// The controllers' work queues.
    pub dirty: Dirty,
}

/// A node name's ordinal (the order names were first written in: pod IPs use it, and a
/// name deleted and written again keeps it) and, while it exists, the node.
#[derive(Clone, Debug)]
struct NodeEntry {
    ordinal: u64,
    node: Option<Arc<NodeState>>,
}

/// A pod key's incarnation (a fresh uid each time a pod is created or registered under
/// it), once written, the pod, its places in the index and its slot in the state's pods.
#[derive(Clone, Debug, Default)]
struct PodEntry {
    uid: u64,
    pod: Option<Arc<PodState>>,
    places: PodPlaces,
    slot: Option<Slot>,
}

impl Store {
    /// An empty store at virtual time `now`, naming pods from `seed`.
    pub fn new(now: Millis, seed: u64, manual: bool) -> Store {
        Store {
            state: ClusterState {
                time: now,
                ..ClusterState::default()
            },
            manual,
            index: PodIndex::default(),
            scheduler_view: ClusterSnapshot::default(),
            rng: Rng(seed),
            uid: 0,
            pods_by_key: KeyMap::default(),
            nodes_by_number: Vec::new(),
            node_names_written: 0,
            nodes_version: 0,
            ip_counter: 0,
            journal: Journal::default(),
            wakes: Vec::new(),
            notices: Vec::new(),
            event_cursor: None,
            dirty: Dirty {
                scheduler: true,
                ..Dirty::default()
            },
        }
    }

    /// Sets the wall-clock instant virtual time 0 stands for (before any object is written).
    pub fn set_run_start(&mut self, run_start: crate::engine::api::time::UnixMillis) {
        self.state.run_start = run_start;
    }

    // ---------------------------------------------------------------- reads

    /// The current state.
    pub fn state(&self) -> &ClusterState {
        &self.state
    }

    /// The current state, taken out of the store at the end of a run (moved, not copied:
    /// a copy would count every object once more, and dropping the store's own once less).
    pub fn into_state(self) -> ClusterState {
        self.state
    }

    /// Current virtual time.
    pub fn now(&self) -> Millis {
        self.state.time
    }

    /// Moves the clock to `time` (the driver's clock).
    pub fn set_time(&mut self, time: Millis) {
        self.state.time = time;
    }

    /// True in manual mode.
    pub fn is_manual(&self) -> bool {
        self.manual
    }

    /// The pod `key`.
    pub fn pod(&self, key: &str) -> Option<&Arc<PodState>> {
        self.pods_by_key
            .get(key)
            .and_then(|entry| entry.pod.as_ref())
    }

    /// The node `name` (the same as the state's, found without searching the ordered map).
    pub fn node(&self, name: &str) -> Option<&Arc<NodeState>> {
        self.node_entry(self.index.known_node_id(name))?
            .node
            .as_ref()
    }

    /// The node the pod `key` is bound to, found by the number the pod's entry keeps.
    pub fn bound_node(&self, key: &str) -> Option<&Arc<NodeState>> {
        self.node_entry(self.bound_node_id(key))?.node.as_ref()
    }

    /// The number of the node the pod `key` is bound to.
    fn bound_node_id(&self, key: &str) -> Option<usize> {
        self.pods_by_key.get(key)?.places.bound()
    }

    /// The entry of node number `id`, once a node was written under its name.
    fn node_entry(&self, id: Option<usize>) -> Option<&NodeEntry> {
        self.nodes_by_number.get(id?)?.as_ref()
    }

    /// The incarnation of the pod `key` (0 when there is none).
    pub fn uid_of(&self, key: &str) -> u64 {
        self.pods_by_key.get(key).map_or(0, |entry| entry.uid)
    }

    /// The incarnation of the pod `key` when the pod exists.
    pub fn live_uid(&self, key: &str) -> Option<u64> {
        let entry = self.pods_by_key.get(key)?;
        entry.pod.as_ref().map(|_| entry.uid)
    }

    /// The pods controlled by the DaemonSet `key` (by target node, then key).
    pub fn pods_owned_by<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a PodState> + 'a {
        self.index.owned_by(key).map(Arc::as_ref)
    }

    /// The pods controlled by the StatefulSet `key`, in key order.
    pub fn pods_of_stateful_set<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = &'a Arc<PodState>> + 'a {
        self.index.owned_by_stateful_set(key)
    }

    /// The pods controlled by the ReplicaSet `key`, in key order.
    pub fn pods_of_replica_set<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = &'a Arc<PodState>> + 'a {
        self.index.owned_by_replica_set(key)
    }

    /// The pods of `namespace` without a controller, in key order.
    pub fn orphan_pods<'a>(
        &'a self,
        namespace: &'a str,
    ) -> impl Iterator<Item = &'a Arc<PodState>> + 'a {
        self.index.orphans_in(namespace)
    }

    /// The pods bound to `node`, in key order.
    pub fn pods_on<'a>(&'a self, node: &'a str) -> impl Iterator<Item = Arc<PodState>> + 'a {
        self.index.on_node(node).cloned()
    }

    /// The pods controlled by the DaemonSet `key` by target node, as a sync of the revision
    /// `hash` and `template_generation` sees them (see [`PodIndex::daemon_pods`]).
    pub fn daemon_pods<'a>(
        &'a self,
        key: &str,
        hash: &str,
        template_generation: Option<i64>,
    ) -> DaemonPods<'a> {
        self.index.daemon_pods(key, hash, template_generation)
    }

    /// The number the pod index gives the node named `name` (given now if it has none).
    pub fn node_id(&mut self, name: &str) -> usize {
        self.index.node_id(name)
    }

    /// Counts the writes of nodes: equal counts, same nodes.
    pub fn nodes_version(&self) -> u64 {
        self.nodes_version
    }

    /// The pods waiting for the scheduler, in key order.
    pub fn pending_pods(&self) -> Vec<Arc<PodState>> {
        self.index.pending().cloned().collect()
    }

    /// The scheduler's snapshot of the cluster, kept in step with every write.
    pub fn scheduler_view(&self) -> &ClusterSnapshot {
        &self.scheduler_view
    }

    /// The scheduler's snapshot, for the scheduler's own bookkeeping of the order of a
    /// node's pods (its cache puts a pod it just bound last).
    pub fn scheduler_view_mut(&mut self) -> &mut ClusterSnapshot {
        &mut self.scheduler_view
    }

    // ---------------------------------------------------------------- recording

    /// The record of the frame being written (opening an event frame when none is open).
    fn entry(&mut self) -> &mut journal::Entry {
        self.journal.entry(self.state.time)
    }

    /// The journal, for the driver that opens and closes frames.
    pub fn journal(&mut self) -> &mut Journal {
        &mut self.journal
    }

    /// Records an Event on `object`, reported by `source`.
    pub fn record_event(
        &mut self,
        type_: EventType,
        reason: &'static str,
        object: ObjectRef,
        source: impl Into<Cow<'static, str>>,
        message: String,
    ) {
        let event = Event {
            time: self.state.time,
            type_,
            reason,
            object,
            source: source.into(),
            message,
        };
        let cursor = self.event_cursor;
        let events = &mut self.entry().events;
        match cursor {
            Some(at) => {
                events.insert(at.min(events.len()), event);
                self.event_cursor = Some(at + 1);
            }
            None => events.push(event),
        }
    }

    /// Where the next event goes in the open entry.
    fn event_position(&self) -> usize {
        self.event_cursor
            .unwrap_or_else(|| self.journal.events_recorded())
    }

    /// Records a controller action.
    pub fn record_action(&mut self, action: Action) {
        self.entry().actions.push(action);
    }

    // ---------------------------------------------------------------- wake-ups and notices

    /// Asks for `wake` at virtual time `at`.
    pub fn wake_at(&mut self, at: Millis, wake: Wake) {
        self.wakes.push((at, wake));
    }

    /// The wake-ups asked for since the last call, in the order they were asked for.
    pub fn take_wakes(&mut self) -> Vec<(Millis, Wake)> {
        mem::take(&mut self.wakes)
    }

    /// Queues a watch event for the controllers.
    pub fn notify(&mut self, notice: Notice) {
        let at = self.event_position();
        self.notices.push((notice, at));
    }

    /// Delivers the queued watch events to `observe`, in order, the consequences of each
    /// (the watch events its handlers raise) before the next one: the order in which the
    /// handlers would run had the writes called them. The events a handler records are
    /// placed where the write that raised the watch event was, so the record of events also
    /// reads in that order; object changes stay in the order they were made.
    pub fn deliver_notices(&mut self, mut observe: impl FnMut(&mut Store, &Notice)) {
        // Every watch event still pending was raised later than the events the handlers
        // placed so far, so it moves behind them: each pending one holds its place and the
        // count of placed events when it joined, and moves by the events placed since.
        let mut placed = 0;
        let mut pending: Vec<(Notice, usize, usize)> = mem::take(&mut self.notices)
            .into_iter()
            .rev()
            .map(|(notice, at)| (notice, at, 0))
            .collect();
        while let Some((notice, at, placed_before)) = pending.pop() {
            let before = self.journal.events_recorded();
            self.event_cursor = Some(at + (placed - placed_before));
            observe(self, &notice);
            self.event_cursor = None;
            placed += self.journal.events_recorded() - before;
            let raised = mem::take(&mut self.notices);
            pending.extend(raised.into_iter().rev().map(|(n, at)| (n, at, placed)));
        }
    }

    /// Marks every DaemonSet for a sync (copying a key only when it is not marked yet: every
    /// pod write comes here).
    fn mark_daemon_sets_dirty(&mut self) {
        for key in self.state.daemon_sets.keys() {
            if !self.dirty.daemon_sets.contains(key) {
                self.dirty.daemon_sets.insert(key.to_string());
            }
        }
    }

    // ---------------------------------------------------------------- names

    fn next_uid(&mut self) -> u64 {
        self.uid += 1;
        self.uid
    }

    /// A fresh 5-character suffix from upstream's alphabet.
    fn name_suffix(&mut self) -> String {
        (0..5)
            .map(|_| {
                let i = (self.rng.next() % NAME_ALPHABET.len() as u64) as usize;
                char::from(NAME_ALPHABET[i])
            })
            .collect()
    }

    /// The name the API server gives a pod that a controller named `controller` creates
    /// in `namespace`: the controller asks for `generateName: <controller>-`
    /// (`getPodsPrefix`), and the server's `SimpleNameGenerator` keeps the first 58 bytes
    /// of it and adds a fresh 5-character suffix (a name no pod has yet).
    pub fn generate_pod_name(&mut self, namespace: &str, controller: &str) -> String {
        let prefix = format!("{controller}-");
        let base = &prefix[..floor_char_boundary(&prefix, MAX_GENERATED_NAME_BASE)];
        loop {
            let name = format!("{base}{}", self.name_suffix());
            if self.pod(&state::object_key(namespace, &name)).is_none() {
                return name;
            }
        }
    }

    /// A pod IP on `node` (`10.244.<node ordinal>.<n>`).
    pub fn next_ip(&mut self, node: &str) -> PodIp {
        let id = self.index.known_node_id(node);
        self.next_ip_on(id)
    }

    /// A pod IP for the pod `key` on the node it is bound to.
    pub fn next_ip_for_pod(&mut self, key: &str) -> PodIp {
        let id = self.bound_node_id(key);
        self.next_ip_on(id)
    }

    /// A pod IP on node number `id` (ordinal 0 for a name no node was written under).
    fn next_ip_on(&mut self, id: Option<usize>) -> PodIp {
        self.ip_counter += 1;
        let node_ordinal = self.node_entry(id).map_or(0, |entry| entry.ordinal);
        PodIp::Assigned {
            node_ordinal,
            host: self.ip_counter % 250 + 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_outside_any_frame_opens_an_entry_at_the_current_time() {
        let mut store = Store::new(7_000, 1, false);
        assert!(!store.journal().is_open(), "nothing recorded yet");
        store.record_action(Action::Deleted {
            pod: "default/p".to_string(),
        });
        let entry = store.journal().close().expect("opened by the write");
        assert_eq!(entry.opened_at, 7_000, "stamped now");
        assert_eq!(entry.actions.len(), 1, "the action is in it");
    }

    fn event(store: &mut Store, reason: &'static str) {
        store.record_event(
            EventType::Normal,
            reason,
            ObjectRef::node("n1"),
            "test",
            String::new(),
        );
    }

    fn placed(key: &str) -> Notice {
        Notice::PodPlaced {
            key: key.to_string(),
        }
    }

    #[test]
    fn events_a_watcher_records_are_placed_where_the_write_that_raised_the_notice_was() {
        let mut store = Store::new(0, 1, false);
        event(&mut store, "before");
        store.notify(placed("first"));
        event(&mut store, "between");
        store.notify(placed("second"));
        event(&mut store, "after");
        store.deliver_notices(|store, notice| match notice {
            Notice::PodPlaced { key } if key == "first" => {
                // A write of this handler raises a watch event before its own event.
                store.notify(placed("nested"));
                event(store, "first handler");
            }
            Notice::PodPlaced { key } if key == "nested" => event(store, "nested handler"),
            Notice::PodPlaced { key } if key == "second" => event(store, "second handler"),
            _ => {}
        });
        let entry = store.journal().close().expect("recorded");
        let reasons: Vec<&str> = entry.events.iter().map(|e| e.reason).collect();
        assert_eq!(
            reasons,
            [
                "before",
                "nested handler",
                "first handler",
                "between",
                "second handler",
                "after"
            ]
        );
    }

    #[test]
    fn a_controllers_pod_is_named_from_the_first_58_bytes_of_its_generate_name() {
        let long = "a".repeat(70);
        let cases = [
            (
                "a short controller name keeps its dash",
                "web-5d8c7b9f4d",
                "web-5d8c7b9f4d-",
            ),
            (
                "57 bytes and the dash fit",
                &long[..57],
                &format!("{}-", &long[..57]),
            ),
            (
                "58 bytes leave no room for the dash",
                &long[..58],
                &long[..58],
            ),
            ("a longer name is cut to 58 bytes", &long, &long[..58]),
        ];
        for (name, controller, want_base) in cases {
            let mut store = Store::new(0, 42, false);
            let got = store.generate_pod_name("default", controller);
            assert!(got.starts_with(want_base), "{name}: {got}");
            assert_eq!(got.len(), want_base.len() + 5, "{name}: {got}");
        }
    }

    #[test]
    fn generated_names_and_ips_depend_only_on_the_seed_and_the_order_of_requests() {
        let mut first = Store::new(0, 42, false);
        let mut second = Store::new(0, 42, false);
        let names: Vec<String> = (0..3).map(|_| first.name_suffix()).collect();
        let again: Vec<String> = (0..3).map(|_| second.name_suffix()).collect();
        assert_eq!(names, again, "same seed, same names");
        assert!(
            names
                .iter()
                .all(|n| n.len() == 5 && n.bytes().all(|b| NAME_ALPHABET.contains(&b))),
            "upstream's alphabet: {names:?}"
        );
        assert_eq!(first.next_ip("n1").to_string(), "10.244.0.3", "first IP");
        assert_eq!(
            first.next_ip("n1").to_string(),
            "10.244.0.4",
            "then the next"
        );
    }

    #[test]
    fn a_pods_node_and_ip_come_from_the_node_it_is_bound_to_found_by_number() {
        let mut store = Store::new(0, 1, true);
        let node = |name: &str| {
            let mut node = crate::engine::api::Node::default();
            node.metadata.name = name.to_string();
            Arc::new(NodeState::new(Arc::new(node), 0))
        };
        let bound = |store: &mut Store, name: &str, node: &str| {
            let mut pod = crate::engine::api::Pod::default();
            pod.metadata.name = name.to_string();
            pod.spec.node_name = node.to_string();
            let state = store.admit_pod(pod, None).expect("admitted");
            let key = state.key().to_string();
            store.insert_pod(Arc::new(state));
            key
        };
        // A pod names `n2` before any node is written: its name is numbered first.
        let early = bound(&mut store, "early", "n2");
        assert!(store.bound_node(&early).is_none(), "no node n2 yet");
        store.put_node(node("n1"));
        store.put_node(node("n2"));
        let on_n2 = bound(&mut store, "p", "n2");
        assert_eq!(
            store.bound_node(&on_n2).map(|n| n.name()),
            Some("n2"),
            "found by number"
        );
        let ip = |ip: PodIp| ip.to_string();
        assert!(
            ip(store.next_ip_for_pod(&on_n2)).starts_with("10.244.1."),
            "n2 was the second node written"
        );
        assert!(
            ip(store.next_ip("n2")).starts_with("10.244.1."),
            "by name alike"
        );
        let elsewhere = bound(&mut store, "q", "missing");
        assert!(store.bound_node(&elsewhere).is_none());
        assert!(
            ip(store.next_ip_for_pod(&elsewhere)).starts_with("10.244.0."),
            "ordinal 0 on a node never written"
        );
        store.delete_node("n2");
        assert!(store.node("n2").is_none(), "deleted");
        store.put_node(node("n2"));
        assert!(
            ip(store.next_ip("n2")).starts_with("10.244.1."),
            "a node written again keeps its ordinal"
        );
    }
}

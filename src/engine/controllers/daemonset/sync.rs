//! `syncDaemonSet` over the store (`daemon_controller.go`): claim the pods, build the
//! history, `manage()`, the rolling update, then the status, creating and deleting pods
//! through the store as the plans of the pure functions beside this file ask.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::engine::api::{
    controller_of, DaemonSet, LabelSelector, Node, OwnerReference, Pod, PodTemplateSpec,
    UpdateStrategyType,
};
use crate::engine::store::events::{EventType, ObjectRef};
use crate::engine::store::index::DaemonPods;
use crate::engine::store::journal::Action;
use crate::engine::store::state::{
    key_parts, object_key, DaemonSetState, PodOwner, PodState, HASH_LABEL,
    TEMPLATE_GENERATION_LABEL,
};
use crate::engine::store::wake::Wake;
use crate::engine::store::watch::Notice;
use crate::engine::store::Store;
use crate::engine::time::{Millis, Timestamp};

use super::controller::{manage, selector_matches, ControllerEvent, FailedPodsBackoff, ManagePlan};
use super::eligibility::DaemonSetNodeCheck;
use super::history::{cleanup_history, construct_history};
use super::status::compute_status;
use super::update::{rolling_update, DaemonPod, NodeDecision, NodeToPods};

/// What a DaemonSet's last `ClaimPods` saw: its selector and the pods of its namespace
/// changed since.
#[derive(Clone, Debug)]
struct ClaimMemo {
    namespace: String,
    selector: LabelSelector,
    changed: BTreeSet<String>,
}

/// The node decisions of a DaemonSet's last sync, kept while no node and not its pod
/// template changed (they depend on nothing else).
#[derive(Clone, Debug)]
struct NodeDecisionsMemo {
    /// [`Store::nodes_version`] when they were made.
    nodes_version: u64,
    /// The pod template they were made for, and the DaemonSet's namespace.
    template: PodTemplateSpec,
    namespace: String,
    decisions: Vec<NodeDecision>,
    /// The store's numbers of the nodes of `decisions` ([`Store::node_id`]).
    node_ids: Vec<usize>,
}

/// The DaemonSet controller: its failed-pod back-offs, what each DaemonSet's last claim
/// saw and its last node decisions. Few DaemonSets: lists rather than maps.
#[derive(Clone, Debug, Default)]
pub struct DaemonSetController {
    backoffs: Vec<(String, FailedPodsBackoff)>,
    claims: Vec<(String, ClaimMemo)>,
    node_decisions: Vec<(String, NodeDecisionsMemo)>,
}

/// `NodeShouldRunDaemonPod(node, ds)` for each of `nodes`, as the controller's per-node
/// decisions, in the order given.
pub fn node_decisions<'a>(
    nodes: impl IntoIterator<Item = &'a Node>,
    ds: &DaemonSet,
) -> Vec<NodeDecision> {
    let check = DaemonSetNodeCheck::new(ds);
    nodes
        .into_iter()
        .map(|node| {
            let eligibility = check.check(node);
            NodeDecision {
                name: node.metadata.name.clone(),
                should_run: eligibility.should_run,
                should_continue_running: eligibility.should_continue_running,
            }
        })
        .collect()
}

/// `getNodesToDaemonPods` for a sync over `nodes`, numbered `node_ids` by the store: each
/// listed node's pods by its number, then the pods meant for nodes not listed. Those are
/// looked for only when the listed nodes do not hold every pod that has a target node (a
/// pass over every node the DaemonSet's pods were ever meant for, in a large cluster one
/// more pass over its pods).
fn node_to_pods<'a>(pods: DaemonPods<'a>, node_ids: &[usize]) -> NodeToPods<'a> {
    let daemon_pod = |(state, facts, updated)| DaemonPod {
        state,
        facts,
        updated,
    };
    let on_listed = Cell::new(0);
    let listed = node_ids.iter().map(|&id| {
        let group = pods.on_node(id);
        group
            .inspect(|_| on_listed.set(on_listed.get() + 1))
            .map(daemon_pod)
    });
    let mut grouped = NodeToPods::from_listed(listed);
    if on_listed.get() == pods.targeted() {
        return grouped;
    }
    let mut is_listed = Vec::new();
    for &id in node_ids {
        if is_listed.len() <= id {
            is_listed.resize(id + 1, false);
        }
        is_listed[id] = true;
    }
    let elsewhere = pods
        .targets()
        .filter(|(id, _)| !is_listed.get(*id).copied().unwrap_or(false))
        .map(|(id, name)| (name, pods.on_node(id).map(daemon_pod)));
    grouped.add_elsewhere(elsewhere);
    grouped
}

/// The pod the controller creates for `node`, labelled with the template generation and
/// the revision hash, if there is one (`util.CreatePodTemplate`).
pub fn new_daemon_pod(ds: &DaemonSet, node: &str, hash: &str, generation: i64) -> Pod {
    let mut pod = super::eligibility::new_daemon_pod(ds, node);
    pod.metadata.labels.insert(
        TEMPLATE_GENERATION_LABEL.to_string(),
        generation.to_string(),
    );
    if !hash.is_empty() {
        pod.metadata
            .labels
            .insert(HASH_LABEL.to_string(), hash.to_string());
    }
    pod
}

/// The controller reference a daemon pod carries.
pub(super) fn controller_ref(ds: &DaemonSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_string(),
        kind: "DaemonSet".to_string(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

impl DaemonSetController {
    /// One `syncDaemonSet` of the DaemonSet `key` (which exists).
    pub fn sync(&mut self, store: &mut Store, key: &str) {
        let Some(current) = store.state().daemon_sets.get(key).cloned() else {
            return;
        };
        let mut ds = (*current).clone();
        let now = store.now();
        let selector = ds.ds.spec.selector.clone().unwrap_or_default();
        if selector.match_labels.is_empty() && selector.match_expressions.is_empty() {
            store.record_event(
                EventType::Warning,
                "SelectingAll",
                ObjectRef::daemon_set(&ds.ds),
                "daemonset-controller",
                "This daemon set is selecting all pods. A non-empty selector is required."
                    .to_string(),
            );
            return;
        }
        // A DaemonSet being deleted is left alone: no pods created or deleted, no status
        // (its history may already be gone, so upstream cannot compute one reliably).
        if ds.ds.metadata.deletion_timestamp.is_some() {
            return;
        }
        self.claim_pods(store, &ds, &selector);
        let hash = construct_history(&mut ds);
        let generation = Some(ds.template_generation);
        let (nodes, node_ids) = self.take_node_decisions(store, key, &ds.ds);

        let at = match self.backoffs.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                self.backoffs
                    .push((key.to_string(), FailedPodsBackoff::default()));
                self.backoffs.len() - 1
            }
        };
        // Upstream lists the pods again after each step that may write; the grouping of a
        // step that asked for nothing is still the store's, and is used again.
        let pods = node_to_pods(store.daemon_pods(key, &hash, generation), &node_ids);
        let plan = manage(&ds.ds, &hash, &nodes, &pods, now, &mut self.backoffs[at].1);
        let pods = if plan == ManagePlan::default() {
            pods
        } else {
            if let Some(delay) = plan.requeue_after {
                store.wake_at(
                    now.saturating_add(delay),
                    Wake::DaemonSetResync(key.to_string()),
                );
            }
            record_controller_events(store, &ds.ds, plan.events);
            sync_nodes(store, &ds, &hash, &plan.create_on, &plan.delete);
            node_to_pods(store.daemon_pods(key, &hash, generation), &node_ids)
        };

        let rolling = ds.ds.spec.update_strategy.type_ == UpdateStrategyType::RollingUpdate;
        let update = rolling
            .then(|| rolling_update(&ds.ds, &nodes, &pods, now).ok())
            .flatten()
            .filter(|update| !update.create_on.is_empty() || !update.delete.is_empty());
        let pods = match update {
            Some(update) => {
                sync_nodes(store, &ds, &hash, &update.create_on, &update.delete);
                node_to_pods(store.daemon_pods(key, &hash, generation), &node_ids)
            }
            None => pods,
        };

        cleanup_history(&mut ds, store.pods_owned_by(key));
        let mut status = compute_status(&ds.ds, &nodes, &pods, now);
        status.observed_generation = ds.generation;
        ds.ds.status = status;
        let min_ready = ds.ds.spec.min_ready_seconds;
        let next_sync = (min_ready > 0
            && ds.ds.status.number_ready != ds.ds.status.number_available)
            .then(|| {
                store
                    .pods_owned_by(key)
                    .filter(|p| p.ready && p.deletion.is_none())
                    .filter_map(|p| p.ready_transition)
                    .map(|t| t + Timestamp::from(min_ready) * 1000 + 1)
                    .filter_map(|t| Millis::try_from(t).ok())
                    .filter(|t| *t > now)
                    .min()
            })
            .flatten();
        if let Some(at) = next_sync {
            store.wake_at(at, Wake::DaemonSetResync(key.to_string()));
        }
        self.keep_node_decisions(store, key, &ds.ds, nodes, node_ids);
        store.put_daemon_set(Arc::new(ds));
        // Its own writes do not make it sync again.
        store.dirty.daemon_sets.remove(key);
    }

    /// The node decisions of the DaemonSet `key` (`ds`) and the store's numbers of their
    /// nodes, from its memo when still valid; [`DaemonSetController::keep_node_decisions`]
    /// puts them back after the sync.
    fn take_node_decisions(
        &mut self,
        store: &mut Store,
        key: &str,
        ds: &DaemonSet,
    ) -> (Vec<NodeDecision>, Vec<usize>) {
        let at = self.node_decisions.iter().position(|(k, _)| k == key);
        let memo = at.map(|at| self.node_decisions.swap_remove(at).1);
        match memo {
            Some(memo)
                if memo.nodes_version == store.nodes_version()
                    && memo.template == ds.spec.template
                    && memo.namespace == ds.metadata.namespace =>
            {
                (memo.decisions, memo.node_ids)
            }
            _ => {
                let nodes = store.state().nodes.values().map(|n| n.node.as_ref());
                let decisions = node_decisions(nodes, ds);
                let ids = decisions.iter().map(|n| store.node_id(&n.name)).collect();
                (decisions, ids)
            }
        }
    }

    /// Keeps the node decisions of the DaemonSet `key` (`ds`) for its next sync.
    fn keep_node_decisions(
        &mut self,
        store: &Store,
        key: &str,
        ds: &DaemonSet,
        decisions: Vec<NodeDecision>,
        node_ids: Vec<usize>,
    ) {
        let memo = NodeDecisionsMemo {
            nodes_version: store.nodes_version(),
            template: ds.spec.template.clone(),
            namespace: ds.metadata.namespace.clone(),
            decisions,
            node_ids,
        };
        self.node_decisions.push((key.to_string(), memo));
    }

    /// The controller's pod event handlers: a pod that is new or whose labels or controller
    /// changed is a claim candidate again for each DaemonSet of its namespace whose claim
    /// could adopt or release it (a pod that went has nothing left to claim); a pod of a
    /// DaemonSet with `minReadySeconds` that became Ready brings a resync once it counts as
    /// available. Whether a claim could act on the pod is decided here, while the pod just
    /// written is at hand: the pods a sync creates are its own and match its selector, and
    /// reading each of them again at the next sync is what a large cluster's claim costs.
    pub fn observe(&mut self, store: &mut Store, notice: &Notice) {
        match notice {
            Notice::PodChanged { key, namespace } => {
                let Some(pod) = store.pod(key) else {
                    return;
                };
                for (ds_key, memo) in &mut self.claims {
                    let acts = || claim_decision(pod, ds_key, &memo.selector) != Claim::Keep;
                    if memo.namespace == *namespace && acts() {
                        memo.changed.insert(key.clone());
                    }
                }
            }
            Notice::PodBecameReady { key } => requeue_after_min_ready(store, key),
            Notice::PodRemoved { .. } | Notice::PodPlaced { .. } | Notice::PodBound { .. } => {}
        }
    }

    /// Adoption and release (`ClaimPods`): pods matching the selector without a controller
    /// are adopted, owned pods that no longer match are released.
    fn claim_pods(&mut self, store: &mut Store, ds: &DaemonSetState, selector: &LabelSelector) {
        let key = ds.key();
        let namespace = ds.ds.metadata.namespace.clone();
        // A pod's claim decision depends only on the pod and the selector: with the same
        // selector as last time, only the pods changed since can decide differently. The
        // pods this claim adopts or releases come back as changed, and decide the same.
        let memo = match self.claims.iter().position(|(k, _)| *k == key) {
            Some(at) => Some(self.claims.swap_remove(at).1).filter(|m| &m.selector == selector),
            None => None,
        };
        let candidates: Vec<Arc<PodState>> = match &memo {
            Some(memo) => memo
                .changed
                .iter()
                .filter_map(|k| store.pod(k).cloned())
                .collect(),
            None => store
                .state()
                .pods
                .values()
                .filter(|p| p.pod.metadata.namespace == namespace)
                .cloned()
                .collect(),
        };
        self.claims.push((
            key.clone(),
            ClaimMemo {
                namespace,
                selector: selector.clone(),
                changed: BTreeSet::new(),
            },
        ));
        claim_candidates(store, &key, ds, selector, candidates);
    }
}

/// What a DaemonSet's claim (`ClaimPods`) does with a pod, apart from the pod's deletion
/// (which only ever stops an adoption, and never ends once requested).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Claim {
    /// Nothing: the pod is the DaemonSet's and matches, or is not and may not be adopted.
    Keep,
    /// Release it: the DaemonSet's pod no longer matches the selector.
    Release,
    /// Adopt it (unless it is being deleted): it matches and has no controller, or a
    /// controller reference to the DaemonSet that the simulation did not record as owner.
    Adopt {
        /// Whether its controller reference already names the DaemonSet.
        owned_by_us: bool,
    },
}

/// What the claim of the DaemonSet `key` with `selector` does with `pod`.
fn claim_decision(pod: &PodState, key: &str, selector: &LabelSelector) -> Claim {
    let matches = selector_matches(selector, &pod.pod.metadata.labels);
    if pod.daemon_set() == Some(key) {
        return if matches { Claim::Keep } else { Claim::Release };
    }
    if pod.owner.is_some() || !matches {
        return Claim::Keep;
    }
    let name = key_parts(key).1;
    let controller = controller_of(&pod.pod.metadata.owner_references);
    let owned_by_us = controller.is_some_and(|o| o.kind == "DaemonSet" && o.name == name);
    if controller.is_some() && !owned_by_us {
        return Claim::Keep;
    }
    Claim::Adopt { owned_by_us }
}

fn claim_candidates(
    store: &mut Store,
    key: &str,
    ds: &DaemonSetState,
    selector: &LabelSelector,
    candidates: Vec<Arc<PodState>>,
) {
    for pod in candidates {
        match claim_decision(&pod, key, selector) {
            Claim::Keep => {}
            Claim::Release => {
                let mut next = (*pod).clone();
                next.owner = None;
                Arc::make_mut(&mut next.pod)
                    .metadata
                    .owner_references
                    .retain(|o| o.controller != Some(true));
                store.put_pod(next);
            }
            Claim::Adopt { owned_by_us } => {
                if pod.deletion.is_some() {
                    continue;
                }
                let mut next = (*pod).clone();
                next.owner = Some(PodOwner::DaemonSet(key.into()));
                if !owned_by_us {
                    Arc::make_mut(&mut next.pod)
                        .metadata
                        .owner_references
                        .push(controller_ref(&ds.ds));
                }
                store.put_pod(next);
            }
        }
    }
}

/// A pod of a DaemonSet with `minReadySeconds` became Ready: the DaemonSet is synced
/// again once the pod counts as available.
fn requeue_after_min_ready(store: &mut Store, key: &str) {
    let Some(owner) = store
        .pod(key)
        .and_then(|p| p.daemon_set())
        .map(str::to_string)
    else {
        return;
    };
    let min_ready = store
        .state()
        .daemon_sets
        .get(&owner)
        .map_or(0, |d| d.ds.spec.min_ready_seconds);
    if min_ready > 0 {
        let at = store.now().saturating_add(min_ready as u64 * 1000 + 1);
        store.wake_at(at, Wake::DaemonSetResync(owner));
    }
}

fn record_controller_events(store: &mut Store, ds: &DaemonSet, events: Vec<ControllerEvent>) {
    for event in events {
        store.record_event(
            event.type_,
            event.reason,
            ObjectRef::daemon_set(ds),
            "daemonset-controller",
            event.message,
        );
    }
}

/// `syncNodes`: creates pods on `create_on`, then deletes `delete`.
fn sync_nodes(
    store: &mut Store,
    ds: &DaemonSetState,
    hash: &str,
    create_on: &[String],
    delete: &[String],
) {
    let owner = PodOwner::DaemonSet(ds.key().into());
    for node in create_on {
        let mut pod = new_daemon_pod(&ds.ds, node, hash, ds.template_generation);
        let name = store.generate_pod_name(&ds.ds.metadata.namespace, &ds.ds.metadata.name);
        pod.metadata.name = name.clone();
        pod.metadata.owner_references = vec![controller_ref(&ds.ds)];
        let state = match store.admit_pod(pod, Some(owner.clone())) {
            Ok(state) => state,
            Err(message) => {
                store.record_event(
                    EventType::Warning,
                    "FailedCreate",
                    ObjectRef::daemon_set(&ds.ds),
                    "daemonset-controller",
                    format!("Error creating: {message}"),
                );
                continue;
            }
        };
        let pod_key = state.key().to_string();
        store.put_pod(state);
        store.record_action(Action::Created {
            pod: pod_key,
            node: Some(node.clone()),
        });
        store.record_event(
            EventType::Normal,
            "SuccessfulCreate",
            ObjectRef::daemon_set(&ds.ds),
            "daemonset-controller",
            format!("Created pod: {name}"),
        );
    }
    for name in delete {
        let pod_key = object_key(&ds.ds.metadata.namespace, name);
        if store.pod(&pod_key).is_none() {
            continue;
        }
        store.delete_pod(&pod_key);
        store.record_action(Action::Deleted { pod: pod_key });
        store.record_event(
            EventType::Normal,
            "SuccessfulDelete",
            ObjectRef::daemon_set(&ds.ds),
            "daemonset-controller",
            format!("Deleted pod: {name}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::store::index::tests::{pod, record};
    use crate::engine::store::index::PodIndex;
    use crate::engine::store::state::PodPhase;

    /// Follows upstream `TestCreatePodTemplate` (daemon/util): the generation label is always
    /// set, the hash label only for a non-empty hash.
    #[test]
    fn test_create_pod_template() {
        let ds = super::super::eligibility::tests::ds_with(Default::default());
        for (generation, hash, expect_unique_label) in [(1, "", false), (2, "3242341807", true)] {
            let labels = new_daemon_pod(&ds, "node-0", hash, generation)
                .metadata
                .labels;
            let expected_generation = generation.to_string();
            assert_eq!(
                labels.get(TEMPLATE_GENERATION_LABEL),
                Some(&expected_generation)
            );
            let expected_hash = expect_unique_label.then(|| hash.to_string());
            assert_eq!(labels.get(HASH_LABEL), expected_hash.as_ref(), "{hash:?}");
        }
    }

    /// The grouping of a DaemonSet's pods by the index's node numbers equals the grouping of
    /// the same pods by target node name: listed nodes, unlisted targets in name order,
    /// pods without a target and terminating terminal pods left out; whether some pods are
    /// meant for nodes not listed or none are.
    #[test]
    fn grouping_by_node_number_equals_grouping_by_name() {
        let mut finished = (*pod("f", "n1", Some("ns/ds"), true)).clone();
        finished.phase = PodPhase::Failed;
        let pods = [
            pod("a", "n1", Some("ns/ds"), false),
            pod("b", "n9", Some("ns/ds"), false),
            pod("c", "n0", Some("ns/ds"), false),
            pod("d", "", Some("ns/ds"), false),
            pod("e", "n1", Some("ns/ds"), true),
            Arc::new(finished),
            pod("g", "n10", Some("ns/ds"), false),
            pod("h", "n0", Some("other"), false),
        ];
        let listed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let group = |node: &str, pods: &[&str]| (node.to_string(), listed(pods));
        struct Case {
            name: &'static str,
            nodes: &'static [&'static str],
            want: Vec<(String, Vec<String>)>,
        }
        let cases = [
            Case {
                name: "two targets not listed",
                nodes: &["n0", "n1", "n2"],
                want: vec![
                    group("n0", &["c"]),
                    group("n1", &["a", "e"]),
                    group("n2", &[]),
                    group("n10", &["g"]),
                    group("n9", &["b"]),
                ],
            },
            Case {
                name: "every target listed",
                nodes: &["n0", "n1", "n10", "n9"],
                want: vec![
                    group("n0", &["c"]),
                    group("n1", &["a", "e"]),
                    group("n10", &["g"]),
                    group("n9", &["b"]),
                ],
            },
        ];
        for case in cases {
            let mut index = PodIndex::default();
            for p in &pods {
                record(&mut index, p.name(), p);
            }
            let nodes: Vec<NodeDecision> = case
                .nodes
                .iter()
                .map(|name| NodeDecision {
                    name: name.to_string(),
                    should_run: true,
                    should_continue_running: true,
                })
                .collect();
            let node_ids: Vec<usize> = nodes.iter().map(|n| index.node_id(&n.name)).collect();
            let from_index = node_to_pods(index.daemon_pods("ns/ds", "", None), &node_ids);
            let owned = pods.iter().filter(|p| p.daemon_set() == Some("ns/ds"));
            let by_name = NodeToPods::group(&nodes, owned.map(|p| p.as_ref()), "", None);
            let names = |grouped: &NodeToPods| -> Vec<(String, Vec<String>)> {
                let listed =
                    (0..nodes.len()).map(|at| (nodes[at].name.clone(), grouped.on_node(at)));
                let elsewhere = grouped
                    .elsewhere()
                    .map(|(name, pods)| (name.to_string(), pods));
                listed
                    .chain(elsewhere)
                    .map(|(name, pods)| (name, pods.iter().map(|p| p.name().to_string()).collect()))
                    .collect()
            };
            assert_eq!(names(&from_index), names(&by_name), "{}", case.name);
            assert_eq!(names(&from_index), case.want, "{}", case.name);
        }
    }

    /// What a claim does with a pod, by its owner, its controller reference and whether it
    /// matches the selector (`ClaimPods` with `ControllerRefManager`'s adopt and release).
    #[test]
    fn a_claim_adopts_orphans_that_match_and_releases_its_own_that_do_not() {
        use crate::engine::api::LabelSelector;
        let selector = LabelSelector {
            match_labels: [("app".to_string(), "agent".to_string())].into(),
            ..LabelSelector::default()
        };
        let reference = |kind: &str, name: &str, controller: bool| OwnerReference {
            kind: kind.to_string(),
            name: name.to_string(),
            controller: Some(controller),
            ..OwnerReference::default()
        };
        struct Case {
            name: &'static str,
            owner: Option<&'static str>,
            app: &'static str,
            references: Vec<OwnerReference>,
            want: Claim,
        }
        let cases = [
            Case {
                name: "its own pod that matches is kept",
                owner: Some("ns/ds"),
                app: "agent",
                references: vec![reference("DaemonSet", "ds", true)],
                want: Claim::Keep,
            },
            Case {
                name: "its own pod that no longer matches is released",
                owner: Some("ns/ds"),
                app: "web",
                references: vec![reference("DaemonSet", "ds", true)],
                want: Claim::Release,
            },
            Case {
                name: "another DaemonSet's pod is left alone",
                owner: Some("ns/other"),
                app: "agent",
                references: vec![reference("DaemonSet", "other", true)],
                want: Claim::Keep,
            },
            Case {
                name: "an orphan that matches is adopted",
                owner: None,
                app: "agent",
                references: vec![reference("ReplicaSet", "rs", false)],
                want: Claim::Adopt { owned_by_us: false },
            },
            Case {
                name: "an orphan whose controller reference names it already is adopted as is",
                owner: None,
                app: "agent",
                references: vec![reference("DaemonSet", "ds", true)],
                want: Claim::Adopt { owned_by_us: true },
            },
            Case {
                name: "a pod with another controller is not adopted",
                owner: None,
                app: "agent",
                references: vec![reference("ReplicaSet", "rs", true)],
                want: Claim::Keep,
            },
            Case {
                name: "an orphan that does not match is left alone",
                owner: None,
                app: "web",
                references: Vec::new(),
                want: Claim::Keep,
            },
        ];
        for case in cases {
            let mut state = (*pod("p", "n1", case.owner, false)).clone();
            let object = Arc::make_mut(&mut state.pod);
            object
                .metadata
                .labels
                .insert("app".to_string(), case.app.to_string());
            object.metadata.owner_references = case.references;
            assert_eq!(
                claim_decision(&state, "ns/ds", &selector),
                case.want,
                "{}",
                case.name
            );
        }
    }
}

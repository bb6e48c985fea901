//! The rolling update of `pkg/controller/daemon/update.go`, as pure functions over a
//! "node → daemon pods" map. Nodes are visited in name order (upstream visits a Go map in
//! random order; the simulator needs a deterministic one).

use std::collections::BTreeMap;

use crate::engine::api::{DaemonSet, IntOrPercent, UpdateStrategyType};
use crate::engine::store::state::{
    DaemonSetState, PodFacts, PodState, HASH_LABEL, TEMPLATE_GENERATION_LABEL,
};
use crate::engine::time::Millis;

/// The per-node verdict of `NodeShouldRunDaemonPod`, computed once per sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDecision {
    /// Node name.
    pub name: String,
    /// A new daemon pod may be created there.
    pub should_run: bool,
    /// An existing daemon pod may stay there.
    pub should_continue_running: bool,
}

/// A daemon pod as one sync sees it: the pod, what the sync reads of it, and whether it is
/// of the sync's revision.
#[derive(Clone, Copy, Debug)]
pub struct DaemonPod<'a> {
    /// The pod.
    pub state: &'a PodState,
    /// Its phase, readiness, deletion and creation, copied beside it in the store's index:
    /// the passes over every pod of a sync read these, not the pod.
    pub facts: PodFacts,
    /// `util.IsPodUpdated` for the sync's hash and template generation.
    pub updated: bool,
}

impl<'a> DaemonPod<'a> {
    /// `state` as a sync of a revision for which it is `updated` or not sees it.
    pub fn new(state: &'a PodState, updated: bool) -> DaemonPod<'a> {
        DaemonPod {
            state,
            facts: state.facts(),
            updated,
        }
    }

    /// The pod's name.
    pub fn name(&self) -> &'a str {
        self.state.name()
    }
}

/// The DaemonSet's pods grouped by target node (`getNodesToDaemonPods`), for the node list
/// of one sync (in name order, as [`NodeDecision`]s): the group of a listed node is found by
/// its position in the list, without a look-up by name. Pods that are both terminating and
/// terminal are left out, as the controller asks (`includeDeletedTerminal` false).
#[derive(Clone, Debug, Default)]
pub struct NodeToPods<'a> {
    /// The pods of the listed nodes, node after node in list order, each node's in the
    /// order they were given (key order).
    pods: Vec<DaemonPod<'a>>,
    /// `pods[starts[i]..starts[i + 1]]` are the pods of the `i`-th listed node.
    starts: Vec<usize>,
    /// The pods whose target node is not in the list, by target node name.
    elsewhere: BTreeMap<&'a str, Vec<DaemonPod<'a>>>,
}

/// One group of [`NodeToPods::in_name_order`]: a node name, its decision when the node is
/// listed, and its pods.
pub type NodeGroup<'s, 'a> = (&'s str, Option<&'s NodeDecision>, &'s [DaemonPod<'a>]);

/// Whether `getNodesToDaemonPods(includeDeletedTerminal: false)` keeps `pod`.
fn counted(pod: &DaemonPod) -> bool {
    !(pod.facts.deletion.is_some() && pod.facts.phase.is_terminal())
}

impl<'a> NodeToPods<'a> {
    /// Groups `pods` (in key order) over `nodes` (sorted by name, as the node lister gives
    /// them) for a sync of revision `hash` and `template_generation`. Pods without a target
    /// node are left out.
    pub fn group(
        nodes: &[NodeDecision],
        pods: impl IntoIterator<Item = &'a PodState>,
        hash: &str,
        template_generation: Option<i64>,
    ) -> NodeToPods<'a> {
        debug_assert!(
            nodes.windows(2).all(|w| w[0].name < w[1].name),
            "nodes in name order"
        );
        let mut listed: Vec<Vec<DaemonPod<'a>>> = vec![Vec::new(); nodes.len()];
        let mut elsewhere: BTreeMap<&'a str, Vec<DaemonPod<'a>>> = BTreeMap::new();
        for pod in pods {
            let Some(target) = pod.target_node() else {
                continue;
            };
            let updated = is_pod_updated(pod, hash, template_generation);
            let daemon_pod = DaemonPod::new(pod, updated);
            match nodes.binary_search_by(|n| n.name.as_str().cmp(target)) {
                Ok(at) => listed[at].push(daemon_pod),
                Err(_) => elsewhere.entry(target).or_default().push(daemon_pod),
            }
        }
        let mut grouped = NodeToPods::from_listed(listed);
        grouped.add_elsewhere(elsewhere);
        grouped
    }

    /// The grouping of the pods of each listed node, in list order (each group's pods in key
    /// order), with no pods meant for other nodes yet.
    pub fn from_listed<L>(listed: impl IntoIterator<Item = L>) -> NodeToPods<'a>
    where
        L: IntoIterator<Item = DaemonPod<'a>>,
    {
        let listed = listed.into_iter();
        // About one pod per node: sized once rather than grown (and copied) step by step.
        let nodes = listed.size_hint().0;
        let mut grouped = NodeToPods {
            pods: Vec::with_capacity(nodes),
            starts: Vec::with_capacity(nodes + 1),
            elsewhere: BTreeMap::new(),
        };
        for pods in listed {
            grouped.starts.push(grouped.pods.len());
            grouped.pods.extend(pods.into_iter().filter(counted));
        }
        grouped.starts.push(grouped.pods.len());
        grouped
    }

    /// Adds the pods of each target node that is not listed, each group's in key order.
    pub fn add_elsewhere<E>(&mut self, elsewhere: impl IntoIterator<Item = (&'a str, E)>)
    where
        E: IntoIterator<Item = DaemonPod<'a>>,
    {
        for (target, pods) in elsewhere {
            let pods: Vec<DaemonPod<'a>> = pods.into_iter().filter(counted).collect();
            if !pods.is_empty() {
                self.elsewhere.insert(target, pods);
            }
        }
    }

    /// The pods of the `at`-th listed node.
    pub fn on_node(&self, at: usize) -> &[DaemonPod<'a>] {
        &self.pods[self.starts[at]..self.starts[at + 1]]
    }

    /// The pods whose target node is not listed, grouped by target, in name order.
    pub fn elsewhere(&self) -> impl Iterator<Item = (&str, &[DaemonPod<'a>])> + '_ {
        self.elsewhere
            .iter()
            .map(|(name, pods)| (*name, pods.as_slice()))
    }

    /// Every group in node name order, as upstream's map after `updatedDesiredNodeCounts`:
    /// the listed nodes that have pods or should run one, and the unlisted targets.
    pub fn in_name_order<'s>(&'s self, nodes: &'s [NodeDecision]) -> Vec<NodeGroup<'s, 'a>> {
        let mut groups = Vec::with_capacity(nodes.len() + self.elsewhere.len());
        let mut unlisted = self.elsewhere().peekable();
        for (at, node) in nodes.iter().enumerate() {
            while let Some((name, pods)) = unlisted.next_if(|(name, _)| *name < node.name.as_str())
            {
                groups.push((name, None, pods));
            }
            let pods = self.on_node(at);
            if node.should_run || !pods.is_empty() {
                groups.push((node.name.as_str(), Some(node), pods));
            }
        }
        groups.extend(unlisted.map(|(name, pods)| (name, None, pods)));
        groups
    }
}

/// `intstr.GetScaledValueFromIntOrPercent` with rounding up: an int as is, `p%` as
/// `ceil(p * total / 100)`.
pub fn scaled_value(value: &IntOrPercent, total: i32) -> Result<i32, String> {
    match value {
        IntOrPercent::Int(v) => Ok(*v),
        IntOrPercent::String(s) => {
            let digits = s
                .strip_suffix('%')
                .ok_or_else(|| format!("invalid value for IntOrString: invalid value \"{s}\""))?;
            let percent: i64 = digits
                .parse()
                .map_err(|_| format!("invalid value \"{s}\": must be an integer or percentage"))?;
            let scaled = (percent * i64::from(total) + 99) / 100;
            Ok(scaled.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        }
    }
}

/// `util.SurgeCount`: maxSurge scaled to `desired` (0 unless RollingUpdate).
pub fn surge_count(ds: &DaemonSet, desired: i32) -> Result<i32, String> {
    let strategy = &ds.spec.update_strategy;
    if strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Ok(0);
    }
    match strategy
        .rolling_update
        .as_ref()
        .and_then(|r| r.max_surge.as_ref())
    {
        Some(v) => scaled_value(v, desired),
        None => Ok(0),
    }
}

/// `util.UnavailableCount`: maxUnavailable scaled to `desired` (0 unless RollingUpdate).
pub fn unavailable_count(ds: &DaemonSet, desired: i32) -> Result<i32, String> {
    let strategy = &ds.spec.update_strategy;
    if strategy.type_ != UpdateStrategyType::RollingUpdate {
        return Ok(0);
    }
    match strategy
        .rolling_update
        .as_ref()
        .and_then(|r| r.max_unavailable.as_ref())
    {
        Some(v) => scaled_value(v, desired),
        None => Ok(0),
    }
}

/// `util.AllowsSurge`: maxSurge scaled to one node is not zero.
pub fn allows_surge(ds: &DaemonSet) -> bool {
    matches!(surge_count(ds, 1), Ok(n) if n != 0)
}

/// The numbers `updatedDesiredNodeCounts` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateCounts {
    /// maxSurge scaled to the desired count.
    pub max_surge: i32,
    /// maxUnavailable scaled to the desired count (1 if both would be 0).
    pub max_unavailable: i32,
    /// Nodes that should run a daemon pod.
    pub desired: i32,
}

/// `updatedDesiredNodeCounts`: scales the strategy to the number of nodes that should run a
/// daemon pod. (Upstream also adds those nodes to its node → pods map with no pods;
/// [`NodeToPods::in_name_order`] lists them.)
pub fn updated_desired_node_counts(
    ds: &DaemonSet,
    nodes: &[NodeDecision],
) -> Result<UpdateCounts, String> {
    let desired = nodes.iter().filter(|n| n.should_run).count() as i32;
    let mut max_unavailable = unavailable_count(ds, desired)?;
    let max_surge = surge_count(ds, desired)?;
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    Ok(UpdateCounts {
        max_surge,
        max_unavailable,
        desired,
    })
}

/// `util.IsPodUpdated`: the pod carries the current hash or the current template generation.
pub fn is_pod_updated(pod: &PodState, hash: &str, template_generation: Option<i64>) -> bool {
    let hash_matches = || !hash.is_empty() && pod.label(HASH_LABEL) == Some(hash);
    let generation_matches = || {
        template_generation.is_some_and(|g| {
            pod.label(TEMPLATE_GENERATION_LABEL)
                .is_some_and(|label| is_decimal_of(label, g))
        })
    };
    hash_matches() || generation_matches()
}

/// Whether a daemon pod is at its DaemonSet's current revision, as the controller counts
/// updated pods: [`is_pod_updated`] with the DaemonSet's current hash (none before its first
/// sync) and its template generation.
pub fn is_pod_current(pod: &PodState, ds: &DaemonSetState) -> bool {
    let hash = ds.current_hash.as_deref().unwrap_or_default();
    is_pod_updated(pod, hash, Some(ds.template_generation))
}

/// Whether `text` is exactly how Go prints `n` (`fmt.Sprint`), without formatting `n`: the
/// controller asks this of every pod on every sync.
fn is_decimal_of(text: &str, n: i64) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    canonical && text.parse::<i64>() == Ok(n)
}

/// `findUpdatedPodsOnNode`: the one new and the one old non-terminating pod of a node;
/// `None` when there is more than one of either.
pub fn find_updated_pods_on_node<'a>(
    pods: &[DaemonPod<'a>],
) -> Option<(Option<DaemonPod<'a>>, Option<DaemonPod<'a>>)> {
    let mut new_pod = None;
    let mut old_pod = None;
    for pod in pods.iter().filter(|p| p.facts.deletion.is_none()) {
        let slot = if pod.updated {
            &mut new_pod
        } else {
            &mut old_pod
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(*pod);
    }
    Some((new_pod, old_pod))
}

/// What one rolling-update step asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdatePlan {
    /// Names of old pods to delete.
    pub delete: Vec<String>,
    /// Nodes on which to create a new pod.
    pub create_on: Vec<String>,
}

/// `rollingUpdate`: decides which old pods to delete (maxSurge == 0) or on which nodes to
/// surge new pods and which old pods to delete (maxSurge > 0). The revision is the one
/// `node_to_pods` was grouped for.
pub fn rolling_update(
    ds: &DaemonSet,
    nodes: &[NodeDecision],
    node_to_pods: &NodeToPods,
    now: Millis,
) -> Result<UpdatePlan, String> {
    let counts = updated_desired_node_counts(ds, nodes)?;
    let groups = node_to_pods.in_name_order(nodes);
    let min_ready = ds.spec.min_ready_seconds;
    let available = |p: DaemonPod| p.facts.is_available(min_ready, now);

    if counts.max_surge == 0 {
        let mut num_unavailable = 0;
        let mut allowed_replacements = Vec::new();
        let mut candidates = Vec::new();
        for (_, _, node_pods) in groups {
            let Some((new_pod, old_pod)) = find_updated_pods_on_node(node_pods) else {
                num_unavailable += 1;
                continue;
            };
            match (new_pod, old_pod) {
                (None, None) | (Some(_), Some(_)) => num_unavailable += 1,
                (Some(new_pod), None) => {
                    if !available(new_pod) {
                        num_unavailable += 1;
                    }
                }
                (None, Some(old_pod)) => {
                    if !available(old_pod) {
                        allowed_replacements.push(old_pod.name().to_string());
                        num_unavailable += 1;
                    } else if num_unavailable < counts.max_unavailable {
                        // Only the first `remaining` are taken: their names are read then.
                        candidates.push(old_pod);
                    }
                }
            }
        }
        let remaining = (counts.max_unavailable - num_unavailable).max(0) as usize;
        let mut delete = allowed_replacements;
        delete.extend(
            candidates
                .into_iter()
                .take(remaining)
                .map(|pod| pod.name().to_string()),
        );
        return Ok(UpdatePlan {
            delete,
            create_on: Vec::new(),
        });
    }

    // `shouldRun` of a node that has pods; an error for a node that is not listed, which
    // upstream's node lister cannot get: the whole step fails and does nothing.
    let should_run = |node_name: &str, node: Option<&NodeDecision>| {
        node.map(|n| n.should_run).ok_or_else(|| {
            let quoted = crate::engine::quote::go_quote(node_name);
            format!("couldn't get node for nodeName {quoted}: node {quoted} not found")
        })
    };
    let mut old_pods_to_delete = Vec::new();
    let mut should_not_run_pods_to_delete = Vec::new();
    let mut candidate_new_nodes = Vec::new();
    let mut allowed_new_nodes = Vec::new();
    let mut num_surge = 0;
    let mut num_available = 0;
    for (node_name, node, node_pods) in groups {
        let Some((new_pod, old_pod)) = find_updated_pods_on_node(node_pods) else {
            num_surge += 1;
            continue;
        };
        match (old_pod, new_pod) {
            (Some(old), _) if available(old) => num_available += 1,
            (None, Some(new)) if available(new) => num_available += 1,
            _ => {}
        }
        match (old_pod, new_pod) {
            (None, _) => {}
            (Some(old), None) => {
                if !available(old) {
                    if !should_run(node_name, node)? {
                        old_pods_to_delete.push(old.name().to_string());
                        continue;
                    }
                    allowed_new_nodes.push(node_name.to_string());
                } else {
                    if !should_run(node_name, node)? {
                        should_not_run_pods_to_delete.push(old.name().to_string());
                        continue;
                    }
                    if num_surge >= counts.max_surge {
                        continue;
                    }
                    candidate_new_nodes.push(node_name);
                }
            }
            (Some(old), Some(new)) => {
                if !available(new) {
                    num_surge += 1;
                    continue;
                }
                old_pods_to_delete.push(old.name().to_string());
            }
        }
    }
    let extra_available = num_available - counts.desired;
    if extra_available > 0 {
        old_pods_to_delete.extend(
            should_not_run_pods_to_delete
                .into_iter()
                .take(extra_available as usize),
        );
    }
    let remaining = (counts.max_surge - num_surge).max(0) as usize;
    let mut create_on = allowed_new_nodes;
    create_on.extend(
        candidate_new_nodes
            .into_iter()
            .take(remaining)
            .map(str::to_string),
    );
    Ok(UpdatePlan {
        delete: old_pods_to_delete,
        create_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{
        DaemonSetSpec, DaemonSetUpdateStrategy, ObjectMeta, Pod, PodTemplateSpec,
        RollingUpdateDaemonSet,
    };
    use crate::engine::store::state::PodPhase;
    use std::sync::Arc;

    fn ds(strategy: DaemonSetUpdateStrategy) -> DaemonSet {
        DaemonSet {
            metadata: ObjectMeta::default(),
            spec: DaemonSetSpec {
                selector: None,
                template: PodTemplateSpec::default(),
                update_strategy: strategy,
                min_ready_seconds: 0,
                revision_history_limit: 10,
            },
            status: Default::default(),
        }
    }

    fn unavailable(v: IntOrPercent) -> DaemonSetUpdateStrategy {
        DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable: Some(v),
                max_surge: None,
            }),
        }
    }

    fn surge(v: IntOrPercent) -> DaemonSetUpdateStrategy {
        DaemonSetUpdateStrategy {
            type_: UpdateStrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable: Some(IntOrPercent::Int(0)),
                max_surge: Some(v),
            }),
        }
    }

    fn pod(name: &str, node: &str, ready: bool, deleting: bool) -> PodState {
        let mut p = Pod::default();
        p.metadata.name = name.to_string();
        p.spec.node_name = node.to_string();
        let mut state = PodState::new(p);
        state.phase = PodPhase::Running;
        state.ready = ready;
        state.ready_transition = ready.then_some(0);
        state.deletion = deleting.then_some(0);
        state
    }

    fn nodes(n: usize) -> Vec<NodeDecision> {
        (0..n)
            .map(|i| NodeDecision {
                name: format!("node-{i}"),
                should_run: true,
                should_continue_running: true,
            })
            .collect()
    }

    /// `getNodesToDaemonPods` as one grouping per pass: each listed node's pods in the order
    /// given with whether each is of the sync's revision, pods of unlisted nodes by name,
    /// terminating terminal pods left out, and upstream's map order (listed nodes with pods
    /// or that should run one, merged with the unlisted).
    #[test]
    fn pods_are_grouped_by_listed_node_and_unlisted_target_in_name_order() {
        let mut nodes = nodes(4);
        nodes[2].should_run = false;
        let a = pod("a", "node-1", true, false);
        let b = pod("b", "node-0", true, false);
        let mut c = pod("c", "node-1", true, false);
        let labels = &mut Arc::make_mut(&mut c.pod).metadata.labels;
        labels.insert(HASH_LABEL.to_string(), "new".to_string());
        let d = pod("d", "node-00", true, false);
        let e = pod("e", "node-9", true, false);
        let mut finished = pod("f", "node-3", false, true);
        finished.phase = PodPhase::Succeeded;
        let mut pinned = pod("g", "", false, false);
        let spec = &mut Arc::make_mut(&mut pinned.pod).spec;
        spec.affinity = Some(super::super::eligibility::pin_to_node(None, "node-2"));
        let unbound = pod("h", "", false, false);
        let pods = [&a, &b, &c, &d, &e, &finished, &pinned, &unbound];
        let grouped = NodeToPods::group(&nodes, pods, "new", None);
        fn names<'a>(pods: &[DaemonPod<'a>]) -> Vec<&'a str> {
            pods.iter().map(|p| p.state.name()).collect()
        }
        let on_nodes: Vec<Vec<&str>> = (0..4).map(|at| names(grouped.on_node(at))).collect();
        assert_eq!(on_nodes, [vec!["b"], vec!["a", "c"], vec!["g"], vec![]]);
        let elsewhere: Vec<(&str, Vec<&str>)> =
            grouped.elsewhere().map(|(n, p)| (n, names(p))).collect();
        assert_eq!(
            elsewhere,
            [("node-00", vec!["d"]), ("node-9", vec!["e"])],
            "unlisted targets by name"
        );
        let order: Vec<(&str, bool, usize)> = grouped
            .in_name_order(&nodes)
            .iter()
            .map(|(name, node, pods)| (*name, node.is_some(), pods.len()))
            .collect();
        assert_eq!(
            order,
            [
                ("node-0", true, 1),
                ("node-00", false, 1),
                ("node-1", true, 2),
                ("node-2", true, 1),
                ("node-3", true, 0),
                ("node-9", false, 1),
            ],
            "node-2 should not run but has a pod; node-3 should run and has none"
        );
        let updated: Vec<bool> = grouped.on_node(1).iter().map(|p| p.updated).collect();
        assert_eq!(updated, [false, true], "c has the sync's hash");
    }

    /// The playground marks a pod "old revision" by this rule, so it agrees with the
    /// controller's updated count (it once compared the hash label only).
    #[test]
    fn a_pod_is_current_by_its_daemon_sets_hash_or_template_generation() {
        let state = |current_hash: Option<&str>| DaemonSetState {
            ds: ds(unavailable(IntOrPercent::Int(1))),
            created: 0,
            generation: 3,
            template_generation: 3,
            revisions: Vec::new(),
            current_hash: current_hash.map(str::to_owned),
        };
        let labelled = |pairs: &[(&str, &str)]| {
            let mut p = pod("pod1", "node1", true, false);
            let meta = &mut Arc::make_mut(&mut p.pod).metadata;
            for (k, v) in pairs {
                meta.labels.insert(k.to_string(), v.to_string());
            }
            p
        };
        let cases = [
            (
                "a pod with the current hash is current",
                Some("new"),
                labelled(&[(HASH_LABEL, "new"), (TEMPLATE_GENERATION_LABEL, "2")]),
                true,
            ),
            (
                "a pod with an old hash and an old generation is not current",
                Some("new"),
                labelled(&[(HASH_LABEL, "old"), (TEMPLATE_GENERATION_LABEL, "2")]),
                false,
            ),
            (
                "a pod whose hash differs but whose pod-template-generation matches is current",
                Some("new"),
                labelled(&[(HASH_LABEL, "old"), (TEMPLATE_GENERATION_LABEL, "3")]),
                true,
            ),
            (
                "a pod without labels is not current",
                Some("new"),
                labelled(&[]),
                false,
            ),
            (
                "before the first sync the template generation alone decides",
                None,
                labelled(&[(HASH_LABEL, "x"), (TEMPLATE_GENERATION_LABEL, "3")]),
                true,
            ),
            (
                "before the first sync a pod of another generation is not current",
                None,
                labelled(&[(HASH_LABEL, "x"), (TEMPLATE_GENERATION_LABEL, "1")]),
                false,
            ),
        ];
        for (name, current_hash, pod, expected) in cases {
            assert_eq!(
                is_pod_current(&pod, &state(current_hash)),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn template_generation_label_compares_as_go_prints_the_number() {
        let cases = [
            ("7", 7, true),
            ("12", 12, true),
            ("0", 0, true),
            ("-3", -3, true),
            ("9223372036854775807", i64::MAX, true),
            ("07", 7, false),
            ("+7", 7, false),
            ("-0", 0, false),
            ("", 0, false),
            ("7 ", 7, false),
            ("8", 7, false),
            ("-", 0, false),
        ];
        for (text, n, want) in cases {
            assert_eq!(is_decimal_of(text, n), want, "{text:?} vs {n}");
            assert_eq!(n.to_string() == text, want, "{text:?} vs {n} (reference)");
        }
    }

    /// Follows upstream `TestIsPodUpdated` (daemon/util): the hash label or the
    /// pod-template-generation label, compared as Go prints the number.
    #[test]
    fn is_pod_updated_table() {
        let labelled = |pairs: &[(&str, &str)]| {
            let mut p = pod("pod1", "node1", false, false);
            let meta = &mut Arc::make_mut(&mut p.pod).metadata;
            for (k, v) in pairs {
                meta.labels.insert(k.to_string(), v.to_string());
            }
            p
        };
        let both = labelled(&[(TEMPLATE_GENERATION_LABEL, "12345"), (HASH_LABEL, "55555")]);
        let no_hash = labelled(&[(TEMPLATE_GENERATION_LABEL, "12345")]);
        let empty = labelled(&[]);
        let cases = [
            (
                "templateGeneration and hash both match",
                Some(12345),
                &both,
                "55555",
                true,
            ),
            (
                "templateGeneration matches, hash doesn't",
                Some(12345),
                &both,
                "55555123",
                true,
            ),
            (
                "templateGeneration matches, no hash label, has hash",
                Some(12345),
                &no_hash,
                "55555",
                true,
            ),
            (
                "templateGeneration matches, no hash label, no hash",
                Some(12345),
                &no_hash,
                "",
                true,
            ),
            (
                "templateGeneration matches, has hash label, no hash",
                Some(12345),
                &both,
                "",
                true,
            ),
            (
                "templateGeneration doesn't match, hash does",
                Some(12350),
                &both,
                "55555",
                true,
            ),
            (
                "templateGeneration and hash don't match",
                Some(12350),
                &both,
                "55555123",
                false,
            ),
            (
                "no templateGeneration annotation, hash doesn't match",
                None,
                &both,
                "55555123",
                false,
            ),
            ("empty labels, no hash", Some(12345), &empty, "", false),
            ("empty labels", Some(12345), &empty, "55555", false),
            // Upstream's nil labels are the empty map here.
            ("no labels", Some(12345), &empty, "55555", false),
        ];
        for (name, generation, p, hash, want) in cases {
            assert_eq!(is_pod_updated(p, hash, generation), want, "{name}");
        }
    }

    /// upstream `rollingUpdate` with surge looks up the node of every old pod without a new
    /// one: a node that does not exist fails the whole step (nothing created or deleted).
    #[test]
    fn surge_step_fails_on_a_pod_of_a_missing_node() {
        let surging = ds(surge(IntOrPercent::Int(1)));
        let p0 = pod("pod-0", "node-0", true, false);
        let p1 = pod("pod-1", "node-1", true, false);
        let gone = pod("pod-9", "node-9", true, false);
        let nodes = nodes(2);
        let both = NodeToPods::group(&nodes, [&p0, &p1], "new", None);
        let plan = rolling_update(&surging, &nodes, &both, 0);
        assert_eq!(
            plan.map(|p| (p.create_on, p.delete)),
            Ok((vec!["node-0".to_string()], vec![]))
        );
        let with_gone = NodeToPods::group(&nodes, [&p0, &p1, &gone], "new", None);
        let plan = rolling_update(&surging, &nodes, &with_gone, 0);
        assert!(plan.is_err(), "{plan:?}");
        let plan = rolling_update(
            &ds(unavailable(IntOrPercent::Int(1))),
            &nodes,
            &with_gone,
            0,
        );
        assert_eq!(
            plan.map(|p| p.delete),
            Ok(vec!["pod-0".to_string()]),
            "without surge the node is not looked up"
        );
    }

    #[test]
    fn get_unavailable_numbers() {
        // update_test.go TestGetUnavailableNumbers: (maxSurge, maxUnavailable, empty nodes).
        let p0 = pod("pod-0", "node-0", true, false);
        let p1 = pod("pod-1", "node-1", true, false);
        let p1_deleting = pod("pod-1", "node-1", true, true);
        let percent = |s: &str| IntOrPercent::String(s.to_string());
        type Case<'a> = (
            &'a str,
            DaemonSetUpdateStrategy,
            usize,
            Vec<&'a PodState>,
            (i32, i32, i32, usize),
        );
        let cases: Vec<Case> = vec![
            (
                "No nodes",
                unavailable(IntOrPercent::Int(0)),
                0,
                vec![],
                (0, 0, 0, 0),
            ),
            (
                "Two nodes with ready pods",
                unavailable(IntOrPercent::Int(1)),
                2,
                vec![&p0, &p1],
                (0, 1, 2, 0),
            ),
            (
                "Two nodes, one node without pods",
                unavailable(IntOrPercent::Int(0)),
                2,
                vec![&p0],
                (0, 1, 2, 1),
            ),
            (
                "Two nodes, one node without pods, surge",
                surge(IntOrPercent::Int(0)),
                2,
                vec![&p0],
                (0, 1, 2, 1),
            ),
            (
                "Two nodes with pods, MaxUnavailable in percents",
                unavailable(percent("50%")),
                2,
                vec![&p0, &p1],
                (0, 1, 2, 0),
            ),
            (
                "Two nodes with pods, MaxUnavailable in percents, surge",
                surge(percent("50%")),
                2,
                vec![&p0, &p1],
                (1, 0, 2, 0),
            ),
            (
                "Two nodes with pods, MaxUnavailable is 100%, surge",
                surge(percent("100%")),
                2,
                vec![&p0, &p1],
                (2, 0, 2, 0),
            ),
            (
                "Two nodes with pods, MaxUnavailable in percents, pod terminating",
                unavailable(percent("50%")),
                3,
                vec![&p0, &p1_deleting],
                (0, 2, 3, 1),
            ),
        ];
        for (
            name,
            strategy,
            node_count,
            pods,
            (want_surge, want_unavailable, want_desired, want_empty),
        ) in cases
        {
            let ds = ds(strategy);
            let nodes = nodes(node_count);
            let map = NodeToPods::group(&nodes, pods, "", None);
            let counts = updated_desired_node_counts(&ds, &nodes);
            let empty = map
                .in_name_order(&nodes)
                .iter()
                .filter(|(_, _, pods)| pods.is_empty())
                .count();
            assert_eq!(
                counts.map(|c| (c.max_surge, c.max_unavailable, c.desired, empty)),
                Ok((want_surge, want_unavailable, want_desired, want_empty)),
                "{name}"
            );
        }
    }

    #[test]
    fn scaled_values_round_up() {
        // intstr.GetScaledValueFromIntOrPercent(roundUp=true) as the DaemonSet uses it.
        let cases = [
            ("ten percent of five", "10%", 5, Ok(1)),
            ("thirty percent of five", "30%", 5, Ok(2)),
            ("fifty percent of three", "50%", 3, Ok(2)),
            ("one percent of zero", "1%", 0, Ok(0)),
            ("ten percent of a thousand", "10%", 1000, Ok(100)),
            ("not a percentage", "ten", 5, Err(())),
        ];
        for (name, value, total, want) in cases {
            let got = scaled_value(&IntOrPercent::String(value.to_string()), total).map_err(|_| ());
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(scaled_value(&IntOrPercent::Int(3), 10), Ok(3));
    }

    #[test]
    fn allows_surge_only_for_rolling_update_with_non_zero_surge() {
        let cases = [
            ("surge one", surge(IntOrPercent::Int(1)), true),
            ("surge zero", surge(IntOrPercent::Int(0)), false),
            (
                "surge one percent",
                surge(IntOrPercent::String("1%".into())),
                true,
            ),
            ("no surge", unavailable(IntOrPercent::Int(1)), false),
            (
                "on delete",
                DaemonSetUpdateStrategy {
                    type_: UpdateStrategyType::OnDelete,
                    rolling_update: None,
                },
                false,
            ),
        ];
        for (name, strategy, want) in cases {
            assert_eq!(allows_surge(&ds(strategy)), want, "{name}");
        }
    }
}

//! DefaultPreemption (PostFilter): eligibility, victims per node, the choice of node and
//! the message when preemption cannot help. Returns the decision only (nominated node and
//! victims); deleting the victims over time is the simulation's job. PodDisruptionBudgets
//! weigh in as upstream's: victims whose eviction would violate a budget are reprieved
//! first, and the node with the fewest violations wins.
//!
//! Every node whose filter status is `Unschedulable` is dry-run, in node-name order
//! (kube-scheduler dry-runs at least 100 nodes or 10 % of them from a random offset, which
//! is every node in a playground-sized cluster); a complete tie goes to the first node by name.

use std::cmp::Ordering;

use serde::Serialize;

use crate::engine::api::time::parse_rfc3339_nanos;
use crate::engine::api::{Pod, PodDisruptionBudget};
use crate::engine::quote::go_quote;
use crate::engine::sorting::sort_stably_by;
use crate::engine::yaml::label_selector_matches;

use super::fit_error::{FitError, NodeToStatus};
use super::framework::{Code, CycleState, Status};
use super::node_info::{pod_priority, ClusterSnapshot, NodeInfo, PodInfo};
use super::priority::PREEMPT_NEVER;
use super::profile::Profile;
use super::registry::filter_with_nominated;

/// Message when the preemptor's policy is `Never`.
pub const MSG_POLICY_NEVER: &str = "not eligible due to preemptionPolicy=Never.";
/// Message when victims are still terminating on the nominated node.
pub const MSG_TERMINATING_ON_NOMINATED: &str =
    "not eligible due to a terminating pod on the nominated node.";
/// Status of a node with no lower-priority pod.
pub const ERR_NO_VICTIMS: &str = "No preemption victims found for incoming pod";
/// Status of nodes where preemption was not tried.
pub const ERR_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
/// The plugin name.
pub const NAME: &str = "DefaultPreemption";

/// A pod chosen for eviction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Victim {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Priority.
    pub priority: i32,
}

impl Victim {
    fn of(p: &PodInfo) -> Victim {
        Victim {
            namespace: p.pod.metadata.namespace.clone(),
            name: p.pod.metadata.name.clone(),
            priority: p.priority(),
        }
    }
}

/// A node where evicting victims would make the preemptor fit (upstream `Candidate`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreemptionCandidate {
    /// Node name.
    pub node: String,
    /// The pods that would be evicted there, most important first.
    pub victims: Vec<Victim>,
    /// Whether `pickOneNodeForPreemption` chose this node.
    pub chosen: bool,
}

/// The PostFilter decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreemptionResult {
    /// The node the preemptor is nominated to (`status.nominatedNodeName`).
    pub nominated_node: Option<String>,
    /// The pods to evict on that node, most important first.
    pub victims: Vec<Victim>,
    /// Every candidate node with its victims, in node-name order; the nominated one is
    /// marked `chosen`.
    pub candidates: Vec<PreemptionCandidate>,
    /// The PostFilter message (`preemption: ...`); empty when preemption succeeded.
    pub message: String,
    /// Whether the preemptor's existing `nominatedNodeName` must be cleared.
    pub clear_nominated_node: bool,
}

/// `podTerminatingByPreemption`.
pub fn pod_terminating_by_preemption(p: &PodInfo) -> bool {
    if !p.terminating {
        return false;
    }
    p.pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .is_some_and(|c| c.status == "True" && c.reason.as_deref() == Some("PreemptionByScheduler"))
}

/// `PodEligibleToPreemptOthers`: `Err` carries the reason message.
pub fn pod_eligible_to_preempt_others(
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    m: &NodeToStatus,
) -> Result<(), &'static str> {
    if pod.spec.preemption_policy.as_deref() == Some(PREEMPT_NEVER) {
        return Err(MSG_POLICY_NEVER);
    }
    let nominated = pod.status.nominated_node_name.as_deref().unwrap_or("");
    if !nominated.is_empty() {
        if m.get(nominated).code == Code::UnschedulableAndUnresolvable {
            return Ok(());
        }
        if let Some(node) = snapshot.node(nominated) {
            let prio = pod_priority(pod);
            if node
                .pods
                .iter()
                .any(|p| p.priority() < prio && pod_terminating_by_preemption(p))
            {
                return Err(MSG_TERMINATING_ON_NOMINATED);
            }
        }
    }
    Ok(())
}

fn start_time(p: &Pod) -> Option<&str> {
    p.status.start_time.as_deref()
}

/// Compares start times as instants to the nanosecond, as `metav1.Time.Before` does
/// (offsets and fractions included), where a missing one means "now" (later than any
/// recorded time).
fn cmp_start(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => match (parse_rfc3339_nanos(x), parse_rfc3339_nanos(y)) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        },
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// `MoreImportantPod` as an ordering: higher priority first, then earlier start time.
pub fn importance_order(a: &Pod, b: &Pod) -> Ordering {
    pod_priority(b)
        .cmp(&pod_priority(a))
        .then_with(|| cmp_start(start_time(a), start_time(b)))
}

/// `filterPodsWithPDBViolation`: splits `pods` (most important first) into those whose
/// eviction would take a budget below zero allowed disruptions and the others. Each
/// matching budget's `disruptionsAllowed` is spent pod by pod; a pod already in its
/// `disruptedPods` spends nothing, and a budget with an empty selector matches nothing.
pub fn filter_pods_with_pdb_violation(
    pods: Vec<PodInfo>,
    budgets: &[std::sync::Arc<PodDisruptionBudget>],
) -> (Vec<PodInfo>, Vec<PodInfo>) {
    let mut allowed: Vec<i32> = budgets
        .iter()
        .map(|b| b.status.disruptions_allowed)
        .collect();
    let (mut violating, mut non_violating) = (Vec::new(), Vec::new());
    for p in pods {
        let meta = &p.pod.metadata;
        let mut violated = false;
        if !meta.labels.is_empty() {
            for (i, pdb) in budgets.iter().enumerate() {
                let Some(selector) = &pdb.spec.selector else {
                    continue;
                };
                let empty =
                    selector.match_labels.is_empty() && selector.match_expressions.is_empty();
                if pdb.metadata.namespace != meta.namespace
                    || empty
                    || label_selector_matches(selector, &meta.labels) != Some(true)
                    || pdb.status.disrupted_pods.get(&meta.name).is_some()
                {
                    continue;
                }
                allowed[i] -= 1;
                violated |= allowed[i] < 0;
            }
        }
        if violated {
            violating.push(p);
        } else {
            non_violating.push(p);
        }
    }
    (violating, non_violating)
}

/// `SelectVictimsOnNode`: remove every lower-priority pod; if the preemptor then fits,
/// reprieve as many as possible, the budget-violating ones first, each group most
/// important first. `Ok` holds the victims (most important first) and how many of them
/// violate a budget; `Err` is the node's status.
pub fn select_victims_on_node(
    profile: &Profile,
    state: &CycleState,
    snapshot: &ClusterSnapshot,
    node: &NodeInfo,
) -> Result<(Vec<PodInfo>, i64), Status> {
    let prio = pod_priority(state.pod);
    let mut work = node.clone();
    let mut work_state = state.clone();
    let mut potential: Vec<PodInfo> = node
        .pods
        .iter()
        .filter(|p| p.priority() < prio)
        .cloned()
        .collect();
    for p in &potential {
        work.remove_pod(&p.pod.metadata.namespace, &p.pod.metadata.name);
        work_state.remove_pod(p, &node.node);
    }
    if potential.is_empty() {
        return Err(Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec![ERR_NO_VICTIMS.into()],
        ));
    }
    let status = filter_with_nominated(&profile.filters, &work_state, snapshot, &work);
    if !status.is_success() {
        return Err(status);
    }
    sort_stably_by(&mut potential, &|a, b| importance_order(&a.pod, &b.pod));
    let (violating, non_violating) =
        filter_pods_with_pdb_violation(potential, snapshot.pod_disruption_budgets());
    let mixed = !violating.is_empty() && !non_violating.is_empty();
    let mut victims = Vec::new();
    let mut violations = 0;
    for (p, violates) in violating
        .into_iter()
        .map(|p| (p, true))
        .chain(non_violating.into_iter().map(|p| (p, false)))
    {
        work.add_pod_info(p.clone());
        work_state.add_pod(&p, &node.node);
        if !filter_with_nominated(&profile.filters, &work_state, snapshot, &work).is_success() {
            work.remove_pod(&p.pod.metadata.namespace, &p.pod.metadata.name);
            work_state.remove_pod(&p, &node.node);
            victims.push(p);
            violations += i64::from(violates);
        }
    }
    if mixed {
        sort_stably_by(&mut victims, &|a, b| importance_order(&a.pod, &b.pod));
    }
    Ok((victims, violations))
}

/// A node where preemption would make the pod fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Node name.
    pub node: String,
    /// Victims, most important first.
    pub victims: Vec<PodInfo>,
    /// Victims whose eviction violates a PodDisruptionBudget.
    pub num_pdb_violations: i64,
}

fn earliest_start_of_highest(victims: &[PodInfo]) -> Option<&str> {
    let max = victims.iter().map(PodInfo::priority).max()?;
    victims
        .iter()
        .filter(|v| v.priority() == max)
        .map(|v| start_time(&v.pod))
        .min_by(|a, b| cmp_start(*a, *b))
        .flatten()
}

/// `pickOneNodeForPreemption`: fewest PDB violations, then lowest highest victim priority,
/// then lowest sum of (priority + 2^31), then fewest victims, then latest earliest start
/// time among the highest-priority victims, then the first candidate (by node name).
pub fn pick_one_node_for_preemption(candidates: &[Candidate]) -> Option<&Candidate> {
    type Key = fn(&Candidate) -> i64;
    let keys: [Key; 4] = [
        |c| -c.num_pdb_violations,
        |c| -i64::from(c.victims.first().map(PodInfo::priority).unwrap_or(0)),
        |c| {
            -c.victims
                .iter()
                .map(|v| i64::from(v.priority()) + (1i64 << 31))
                .sum::<i64>()
        },
        |c| -(c.victims.len() as i64),
    ];
    let mut remaining: Vec<&Candidate> = candidates.iter().collect();
    for key in keys {
        let best = remaining.iter().map(|c| key(c)).max()?;
        remaining.retain(|c| key(c) == best);
        if remaining.len() == 1 {
            return remaining.first().copied();
        }
    }
    // Latest "earliest start time"; a missing start time counts as now (the latest).
    let best = remaining
        .iter()
        .map(|c| earliest_start_of_highest(&c.victims))
        .max_by(|a, b| cmp_start(*a, *b))?;
    remaining
        .into_iter()
        .find(|c| cmp_start(earliest_start_of_highest(&c.victims), best) == Ordering::Equal)
}

/// `Evaluator.Preempt` for a pod that fits nowhere, given the filter statuses `m`.
pub fn preempt(
    profile: &Profile,
    pod: &Pod,
    snapshot: &ClusterSnapshot,
    m: &NodeToStatus,
) -> PreemptionResult {
    if let Err(msg) = pod_eligible_to_preempt_others(pod, snapshot, m) {
        return PreemptionResult {
            nominated_node: None,
            victims: Vec::new(),
            candidates: Vec::new(),
            message: format!("preemption: {msg}"),
            clear_nominated_node: false,
        };
    }
    let state = profile.cycle_state(pod, snapshot);
    let mut dry_run = NodeToStatus {
        absent: Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            vec![ERR_NOT_HELPFUL.into()],
        ),
        ..Default::default()
    };
    let mut candidates = Vec::new();
    // Only nodes whose filter status is Unschedulable are tried; listing them from the
    // status map keeps a pinned daemon pod's preemption independent of the cluster size.
    let potential = m.nodes_for_status_code(snapshot, Code::Unschedulable);
    for node in potential {
        match select_victims_on_node(profile, &state, snapshot, node) {
            Ok((victims, violations)) if !victims.is_empty() => candidates.push(Candidate {
                node: node.name().to_string(),
                victims,
                num_pdb_violations: violations,
            }),
            Ok(_) => {
                dry_run.nodes.insert(
                    node.name().to_string(),
                    Status::new(
                        Code::Error,
                        NAME,
                        vec![format!(
                            "expected at least one victim pod on node {}",
                            go_quote(node.name())
                        )],
                    ),
                );
            }
            Err(status) => {
                dry_run.nodes.insert(node.name().to_string(), status);
            }
        }
    }
    match pick_one_node_for_preemption(&candidates) {
        Some(best) => PreemptionResult {
            nominated_node: Some(best.node.clone()),
            victims: best.victims.iter().map(Victim::of).collect(),
            candidates: candidates
                .iter()
                .map(|c| PreemptionCandidate {
                    node: c.node.clone(),
                    victims: c.victims.iter().map(Victim::of).collect(),
                    chosen: c.node == best.node,
                })
                .collect(),
            message: String::new(),
            clear_nominated_node: false,
        },
        None => {
            let fe = FitError {
                num_all_nodes: snapshot.node_count(),
                pre_filter_msg: String::new(),
                node_to_status: dry_run,
                post_filter_msg: String::new(),
            };
            PreemptionResult {
                nominated_node: None,
                victims: Vec::new(),
                candidates: Vec::new(),
                message: format!("preemption: {}", fe.message()),
                clear_nominated_node: true,
            }
        }
    }
}

#[cfg(test)]
#[path = "preemption_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "preemption_dry_run_tests.rs"]
mod dry_run_tests;

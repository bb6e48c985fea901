//! `KubeSchedulerConfiguration` (`kubescheduler.config.k8s.io/v1`) as kubeplay models it:
//! the profiles with their plugin sets and the plugin args that change scheduling
//! (NodeResourcesFit's scoring strategy, PodTopologySpread's default constraints,
//! InterPodAffinity's `hardPodAffinityWeight` and `ignorePreferredTermsOfExistingPods`). Other fields are kept by name and listed as
//! not simulated.
//!
//! The loader decodes, defaults and validates it (`yaml::scheduler_config`); the scheduler
//! builds its profiles from it (`scheduler::profile`).

use serde::Serialize;

use super::types::TopologySpreadConstraint;

/// The configuration's `apiVersion`.
pub const API_VERSION: &str = "kubescheduler.config.k8s.io/v1";
/// The configuration's `kind`.
pub const KIND: &str = "KubeSchedulerConfiguration";
/// `config.MaxCustomPriorityScore`: the top of a RequestedToCapacityRatio shape's scale.
pub const MAX_CUSTOM_PRIORITY_SCORE: i64 = 10;

/// A resource and its weight in a scoring strategy's weighted mean (`config.ResourceSpec`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceSpec {
    /// Resource name.
    pub name: String,
    /// Weight (1..=100).
    pub weight: i64,
}

/// One point of a RequestedToCapacityRatio shape (`config.UtilizationShapePoint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ShapePoint {
    /// Utilisation in percent (0..=100).
    pub utilization: i64,
    /// Score at that utilisation (0..=10).
    pub score: i64,
}

/// `v1.Plugin`: a plugin name with an optional score weight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginRef {
    /// `name`.
    pub name: String,
    /// `weight` (score plugins; unset or 0 means 1).
    pub weight: Option<i32>,
}

/// `v1.PluginSet`: plugins enabled and disabled at one extension point.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginSet {
    /// `enabled`, in order.
    pub enabled: Vec<PluginRef>,
    /// `disabled` (`*` disables every default plugin).
    pub disabled: Vec<PluginRef>,
}

/// `v1.Plugins`: the extension points that decide placement; the others are kept by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plugins {
    /// `multiPoint`: plugins enabled at every extension point they implement.
    pub multi_point: PluginSet,
    /// `preFilter`.
    pub pre_filter: PluginSet,
    /// `filter`.
    pub filter: PluginSet,
    /// `preScore`.
    pub pre_score: PluginSet,
    /// `score`.
    pub score: PluginSet,
    /// Other extension points that were set (`queueSort`, `bind`, ...): not simulated.
    pub not_simulated: Vec<String>,
}

/// `v1.ScoringStrategy` as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoringStrategyArgs {
    /// `type` (empty when unset).
    pub type_: String,
    /// `resources`.
    pub resources: Vec<ResourceSpec>,
    /// `requestedToCapacityRatio.shape`, when `requestedToCapacityRatio` is set.
    pub requested_to_capacity_ratio: Option<Vec<ShapePoint>>,
}

/// `v1.NodeResourcesFitArgs` (the scoring strategy; `ignoredResources` and
/// `ignoredResourceGroups` are not simulated).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeResourcesFitArgs {
    /// `scoringStrategy`.
    pub scoring_strategy: Option<ScoringStrategyArgs>,
}

/// `v1.PodTopologySpreadArgs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodTopologySpreadArgs {
    /// `defaultConstraints`.
    pub default_constraints: Vec<TopologySpreadConstraint>,
    /// `defaultingType`: `System` or `List` (empty when unset).
    pub defaulting_type: String,
}

/// `v1.InterPodAffinityArgs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InterPodAffinityArgs {
    /// `hardPodAffinityWeight` (default 1).
    pub hard_pod_affinity_weight: Option<i32>,
    /// `ignorePreferredTermsOfExistingPods`: a pod without preferred terms of its own is
    /// not scored by the running pods' terms.
    pub ignore_preferred_terms_of_existing_pods: bool,
}

/// The args of one `pluginConfig` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginArgs {
    /// NodeResourcesFit's.
    NodeResourcesFit(NodeResourcesFitArgs),
    /// PodTopologySpread's.
    PodTopologySpread(PodTopologySpreadArgs),
    /// InterPodAffinity's.
    InterPodAffinity(InterPodAffinityArgs),
    /// Another plugin's args: kept, not simulated.
    NotSimulated,
}

/// `v1.PluginConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginConfig {
    /// `name`.
    pub name: String,
    /// `args`.
    pub args: PluginArgs,
}

/// `v1.KubeSchedulerProfile`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileConfig {
    /// `schedulerName`.
    pub scheduler_name: Option<String>,
    /// `percentageOfNodesToScore` (validated; kubeplay scores every feasible node).
    pub percentage_of_nodes_to_score: Option<i32>,
    /// `plugins`.
    pub plugins: Option<Plugins>,
    /// `pluginConfig`.
    pub plugin_config: Vec<PluginConfig>,
}

/// `v1.KubeSchedulerConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KubeSchedulerConfiguration {
    /// `profiles`.
    pub profiles: Vec<ProfileConfig>,
    /// `parallelism` (validated, not simulated).
    pub parallelism: Option<i32>,
    /// `percentageOfNodesToScore` (validated; kubeplay scores every feasible node).
    pub percentage_of_nodes_to_score: Option<i32>,
    /// `podInitialBackoffSeconds` (validated, not simulated).
    pub pod_initial_backoff_seconds: Option<i64>,
    /// `podMaxBackoffSeconds` (validated, not simulated).
    pub pod_max_backoff_seconds: Option<i64>,
    /// Top-level fields kept but not simulated (`leaderElection`, `extenders`, ...).
    pub not_simulated: Vec<String>,
}

impl PluginConfig {
    /// The args of `name` in `configs`, if any.
    pub fn find<'a>(configs: &'a [PluginConfig], name: &str) -> Option<&'a PluginArgs> {
        configs.iter().find(|c| c.name == name).map(|c| &c.args)
    }
}

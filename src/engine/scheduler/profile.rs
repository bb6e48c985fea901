//! Scheduler profiles (`pkg/scheduler/profile`): what one `KubeSchedulerConfiguration`
//! profile makes of the framework — its filter plugins in order, its score plugins with
//! weights and NodeResourcesFit's scoring strategy. A pod is scheduled by the profile its
//! `spec.schedulerName` names (`frameworkForPod`); kube-scheduler ignores a pod that names
//! none of its profiles (it belongs to another scheduler), so the pod stays Pending without
//! an event.

use std::sync::LazyLock;

use crate::engine::api::Pod;

use super::framework::CycleState;
use super::multi_point::{expand, score_weight, FILTER_IMPLEMENTERS, SCORE_IMPLEMENTERS};
use super::node_info::ClusterSnapshot;
use super::plugins::node_affinity::{self, PreFilterResult};
use super::plugins::pod_topology_spread::common::DefaultConstraints;
use super::plugins::resource_allocation::{ScoringStrategy, StrategyType};
use super::plugins::{
    image_locality, inter_pod_affinity, node_resources_fit, pod_topology_spread, taint_toleration,
};
use super::registry::{FilterPlugin, FILTER_PLUGINS};
use crate::engine::api::scheduler_config::{
    KubeSchedulerConfiguration, NodeResourcesFitArgs, PluginArgs, PluginConfig, ProfileConfig,
};
use crate::engine::yaml::scheduler_config::defaults::{merge_plugins, LIST_DEFAULTING};

pub use crate::engine::yaml::scheduler_config::defaults::DEFAULT_SCHEDULER_NAME;

/// Score plugins with their default weights, in upstream order.
pub const SCORE_WEIGHTS: [(&str, i64); 7] = [
    (taint_toleration::NAME, 3),
    (node_affinity::NAME, 2),
    (node_resources_fit::NAME, 1),
    (pod_topology_spread::NAME, 2),
    (inter_pod_affinity::NAME, 2),
    (node_resources_fit::BALANCED_ALLOCATION_NAME, 1),
    (image_locality::NAME, 1),
];

/// One profile: the plugins it runs and their configuration.
#[derive(Clone, Debug)]
pub struct Profile {
    /// `schedulerName`: pods naming it are scheduled by this profile.
    pub scheduler_name: String,
    /// The enabled filter plugins, in upstream order.
    pub filters: Vec<&'static FilterPlugin>,
    /// The enabled score plugins with their weights, in upstream order.
    pub scores: Vec<(&'static str, i64)>,
    /// NodeResourcesFit's scoring strategy.
    pub fit_scoring: ScoringStrategy,
    /// PodTopologySpread's default constraints.
    pub spread_defaults: DefaultConstraints,
    /// InterPodAffinity's `hardPodAffinityWeight`.
    pub hard_pod_affinity_weight: i32,
    /// InterPodAffinity's `ignorePreferredTermsOfExistingPods`.
    pub ignore_preferred_terms_of_existing_pods: bool,
}

impl Profile {
    /// The default profile: every plugin of `default_plugins.go` with its default weight.
    pub fn default_profile() -> Profile {
        Profile {
            scheduler_name: DEFAULT_SCHEDULER_NAME.to_string(),
            filters: FILTER_PLUGINS.iter().collect(),
            scores: SCORE_WEIGHTS.to_vec(),
            fit_scoring: ScoringStrategy::default(),
            spread_defaults: DefaultConstraints::system(),
            hard_pod_affinity_weight: 1,
            ignore_preferred_terms_of_existing_pods: false,
        }
    }

    /// Whether the filter plugin `name` is enabled.
    pub fn has_filter(&self, name: &str) -> bool {
        self.filters.iter().any(|p| p.name == name)
    }

    /// The weight of the score plugin `name`, `None` when it is not enabled.
    pub fn score_weight(&self, name: &str) -> Option<i64> {
        self.scores
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| *w)
    }

    /// The PreFilter stage's cycle state for `pod` under this profile.
    pub fn cycle_state<'a>(&self, pod: &'a Pod, snapshot: &ClusterSnapshot) -> CycleState<'a> {
        CycleState::for_enabled(
            pod,
            snapshot,
            self.has_filter(pod_topology_spread::NAME)
                .then_some(&self.spread_defaults),
            self.has_filter(inter_pod_affinity::NAME),
        )
    }

    /// `RunPreFilterPlugins`: NodeAffinity's PreFilter, the only one that narrows or
    /// rejects, when the profile enables NodeAffinity.
    pub fn pre_filter(&self, pod: &Pod) -> PreFilterResult {
        if self.has_filter(node_affinity::NAME) {
            node_affinity::pre_filter(pod)
        } else {
            PreFilterResult::AllNodes
        }
    }
}

/// The profile a defaulted `KubeSchedulerProfile` builds: its Filter and Score plugins
/// after the multiPoint expansion (the ones kubeplay does not simulate left out), their
/// weights, and the args of NodeResourcesFit, PodTopologySpread and InterPodAffinity.
fn profile_of(config: &ProfileConfig) -> Profile {
    let plugins = config
        .plugins
        .clone()
        .unwrap_or_else(|| merge_plugins(None));
    let filters = expand(&plugins, &plugins.filter, &FILTER_IMPLEMENTERS)
        .iter()
        .filter_map(|p| FILTER_PLUGINS.iter().find(|f| f.name == p.name))
        .collect();
    let scores = expand(&plugins, &plugins.score, &SCORE_IMPLEMENTERS)
        .iter()
        .filter_map(|p| {
            SCORE_WEIGHTS
                .iter()
                .find(|(name, _)| *name == p.name)
                .map(|(name, _)| (*name, score_weight(&plugins, name)))
        })
        .collect();
    let args = |name| PluginConfig::find(&config.plugin_config, name);
    let fit_scoring = match args(node_resources_fit::NAME) {
        Some(PluginArgs::NodeResourcesFit(NodeResourcesFitArgs {
            scoring_strategy: Some(s),
        })) => ScoringStrategy {
            kind: match s.type_.as_str() {
                "MostAllocated" => StrategyType::MostAllocated,
                "RequestedToCapacityRatio" => StrategyType::RequestedToCapacityRatio {
                    shape: s.requested_to_capacity_ratio.clone().unwrap_or_default(),
                },
                _ => StrategyType::LeastAllocated,
            },
            resources: s.resources.clone(),
        },
        _ => ScoringStrategy::default(),
    };
    let spread_defaults = match args(pod_topology_spread::NAME) {
        Some(PluginArgs::PodTopologySpread(a)) if a.defaulting_type == LIST_DEFAULTING => {
            DefaultConstraints::list(a.default_constraints.clone())
        }
        _ => DefaultConstraints::system(),
    };
    let (hard_pod_affinity_weight, ignore_preferred_terms_of_existing_pods) =
        match args(inter_pod_affinity::NAME) {
            Some(PluginArgs::InterPodAffinity(a)) => (
                a.hard_pod_affinity_weight.unwrap_or(1),
                a.ignore_preferred_terms_of_existing_pods,
            ),
            _ => (1, false),
        };
    Profile {
        scheduler_name: config.scheduler_name.clone().unwrap_or_default(),
        filters,
        scores,
        fit_scoring,
        spread_defaults,
        hard_pod_affinity_weight,
        ignore_preferred_terms_of_existing_pods,
    }
}

static DEFAULT_PROFILE: LazyLock<Profile> = LazyLock::new(Profile::default_profile);

/// The default profile, shared.
pub fn default_profile() -> &'static Profile {
    &DEFAULT_PROFILE
}

/// The profiles of a configuration, one per scheduler name.
#[derive(Clone, Debug)]
pub struct Profiles {
    /// The profiles, in the configuration's order.
    pub profiles: Vec<Profile>,
}

impl Default for Profiles {
    /// One `default-scheduler` profile, as kube-scheduler runs without a configuration.
    fn default() -> Profiles {
        Profiles {
            profiles: vec![Profile::default_profile()],
        }
    }
}

impl Profiles {
    /// The profiles of a defaulted and valid configuration
    /// (as the loader leaves it).
    pub fn from_configuration(config: &KubeSchedulerConfiguration) -> Profiles {
        Profiles {
            profiles: config.profiles.iter().map(profile_of).collect(),
        }
    }

    /// The profiles of `config` (defaulted and valid), or the default one without it.
    pub fn of(config: Option<&KubeSchedulerConfiguration>) -> Profiles {
        config.map(Profiles::from_configuration).unwrap_or_default()
    }

    /// `frameworkForPod`: the profile `pod.spec.schedulerName` names, if any (an empty name
    /// is the default scheduler's, as the API server defaults it).
    pub fn for_pod(&self, pod: &Pod) -> Option<&Profile> {
        let name = match pod.spec.scheduler_name.as_str() {
            "" => DEFAULT_SCHEDULER_NAME,
            n => n,
        };
        self.profiles.iter().find(|p| p.scheduler_name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scheduler::plugins::testutil::pod;

    #[test]
    fn a_pod_without_a_scheduler_name_gets_the_default_profile() {
        let profiles = Profiles::default();
        assert_eq!(
            profiles
                .for_pod(&pod("p"))
                .map(|p| p.scheduler_name.as_str()),
            Some("default-scheduler")
        );
    }

    #[test]
    fn the_defaulted_empty_configuration_builds_the_default_profile() {
        let mut config = KubeSchedulerConfiguration::default();
        crate::engine::yaml::scheduler_config::defaults::set_defaults(&mut config);
        let built = Profiles::from_configuration(&config);
        let default = Profile::default_profile();
        let [only] = built.profiles.as_slice() else {
            panic!("one profile");
        };
        let names = |p: &Profile| p.filters.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(only), names(&default));
        assert_eq!(only.scores, default.scores);
        assert_eq!(only.fit_scoring, default.fit_scoring);
        assert_eq!(only.spread_defaults, default.spread_defaults);
        assert_eq!(only.hard_pod_affinity_weight, 1);
        assert!(!only.ignore_preferred_terms_of_existing_pods);
        assert_eq!(only.scheduler_name, "default-scheduler");
    }

    #[test]
    fn inter_pod_affinity_args_reach_the_profile() {
        let text = "apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: InterPodAffinity
    args:
      hardPodAffinityWeight: 7
      ignorePreferredTermsOfExistingPods: true
";
        let loaded = crate::engine::yaml::load(text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let built = Profiles::of(loaded.objects.scheduler_configuration.as_ref());
        let [only] = built.profiles.as_slice() else {
            panic!("one profile");
        };
        assert_eq!(only.hard_pod_affinity_weight, 7);
        assert!(only.ignore_preferred_terms_of_existing_pods);
    }

    #[test]
    fn a_pod_naming_another_scheduler_gets_no_profile() {
        let mut p = pod("p");
        p.spec.scheduler_name = "my-scheduler".into();
        assert!(Profiles::default().for_pod(&p).is_none());
    }
}

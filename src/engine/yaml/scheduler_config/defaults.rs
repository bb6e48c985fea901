//! `SetDefaults_KubeSchedulerConfiguration` (`v1/defaults.go`), the default plugin set
//! and its merge with a profile's own (`v1/default_plugins.go`).

use crate::engine::api::scheduler_config::{
    InterPodAffinityArgs, KubeSchedulerConfiguration, NodeResourcesFitArgs, PluginArgs,
    PluginConfig, PluginRef, PluginSet, Plugins, PodTopologySpreadArgs, ProfileConfig,
    ResourceSpec, ScoringStrategyArgs,
};

/// The name of the default profile (`v1.DefaultSchedulerName`).
pub const DEFAULT_SCHEDULER_NAME: &str = "default-scheduler";
/// `defaultingType: System`.
pub const SYSTEM_DEFAULTING: &str = "System";
/// `defaultingType: List`.
pub const LIST_DEFAULTING: &str = "List";

/// `getDefaultPlugins` of v1.35 (DynamicResources is on by default): the `multiPoint`
/// plugins in order, with their score weights.
pub const DEFAULT_MULTI_POINT: [(&str, Option<i32>); 19] = [
    ("SchedulingGates", None),
    ("PrioritySort", None),
    ("NodeUnschedulable", None),
    ("NodeName", None),
    ("TaintToleration", Some(3)),
    ("NodeAffinity", Some(2)),
    ("NodePorts", None),
    ("NodeResourcesFit", Some(1)),
    ("VolumeRestrictions", None),
    ("NodeVolumeLimits", None),
    ("VolumeBinding", None),
    ("VolumeZone", None),
    ("PodTopologySpread", Some(2)),
    ("InterPodAffinity", Some(2)),
    ("DynamicResources", None),
    ("DefaultPreemption", None),
    ("NodeResourcesBalancedAllocation", Some(1)),
    ("ImageLocality", Some(1)),
    ("DefaultBinder", None),
];

/// Whether kube-scheduler's in-tree registry knows the plugin `name`.
pub fn is_registered(name: &str) -> bool {
    DEFAULT_MULTI_POINT.iter().any(|(n, _)| *n == name)
}

fn default_plugins() -> Plugins {
    Plugins {
        multi_point: PluginSet {
            enabled: DEFAULT_MULTI_POINT
                .iter()
                .map(|(name, weight)| PluginRef {
                    name: name.to_string(),
                    weight: *weight,
                })
                .collect(),
            disabled: Vec::new(),
        },
        ..Plugins::default()
    }
}

/// `mergePluginSet`: the default plugins not disabled (none with `*`), each replaced in
/// place by the custom entry of the same name, then the other custom plugins.
pub fn merge_plugin_set(default: &PluginSet, custom: &PluginSet) -> PluginSet {
    let disabled: Vec<PluginRef> = custom
        .disabled
        .iter()
        .chain(&default.disabled)
        .map(|p| PluginRef {
            name: p.name.clone(),
            weight: None,
        })
        .collect();
    let is_disabled = |name: &str| disabled.iter().any(|d| d.name == name);
    let mut replaced = vec![false; custom.enabled.len()];
    let mut enabled = Vec::new();
    if !is_disabled("*") {
        for plugin in &default.enabled {
            if is_disabled(&plugin.name) {
                continue;
            }
            // The last custom entry of a name wins, as upstream's map of custom plugins.
            match custom.enabled.iter().rposition(|c| c.name == plugin.name) {
                Some(i) => {
                    replaced[i] = true;
                    enabled.push(custom.enabled[i].clone());
                }
                None => enabled.push(plugin.clone()),
            }
        }
    }
    for (i, plugin) in custom.enabled.iter().enumerate() {
        if !replaced[i] {
            enabled.push(plugin.clone());
        }
    }
    PluginSet { enabled, disabled }
}

/// `mergePlugins`: the default set merged with a profile's own, extension point by point.
pub fn merge_plugins(custom: Option<&Plugins>) -> Plugins {
    let default = default_plugins();
    let Some(custom) = custom else {
        return default;
    };
    Plugins {
        multi_point: merge_plugin_set(&default.multi_point, &custom.multi_point),
        pre_filter: merge_plugin_set(&default.pre_filter, &custom.pre_filter),
        filter: merge_plugin_set(&default.filter, &custom.filter),
        pre_score: merge_plugin_set(&default.pre_score, &custom.pre_score),
        score: merge_plugin_set(&default.score, &custom.score),
        not_simulated: custom.not_simulated.clone(),
    }
}

/// `defaultResourceSpec`: cpu and memory, weight 1 each.
pub fn default_resource_spec() -> Vec<ResourceSpec> {
    ["cpu", "memory"]
        .iter()
        .map(|name| ResourceSpec {
            name: name.to_string(),
            weight: 1,
        })
        .collect()
}

fn default_fit_args(args: &mut NodeResourcesFitArgs) {
    let strategy = args
        .scoring_strategy
        .get_or_insert_with(|| ScoringStrategyArgs {
            type_: "LeastAllocated".into(),
            ..ScoringStrategyArgs::default()
        });
    if strategy.resources.is_empty() {
        strategy.resources = default_resource_spec();
    }
    for r in &mut strategy.resources {
        if r.weight == 0 {
            r.weight = 1;
        }
    }
}

/// `SetDefaults_*Args` of the args kubeplay simulates.
fn default_args(args: &mut PluginArgs) {
    match args {
        PluginArgs::NodeResourcesFit(a) => default_fit_args(a),
        PluginArgs::PodTopologySpread(a) => {
            if a.defaulting_type.is_empty() {
                a.defaulting_type = SYSTEM_DEFAULTING.into();
            }
        }
        PluginArgs::InterPodAffinity(a) => {
            a.hard_pod_affinity_weight.get_or_insert(1);
        }
        PluginArgs::NotSimulated => {}
    }
}

/// `setDefaults_KubeSchedulerProfile`: the merged plugins, and default args for every
/// simulated plugin with args that has no `pluginConfig` entry, appended in name order.
fn default_profile(profile: &mut ProfileConfig) {
    let plugins = merge_plugins(profile.plugins.as_ref());
    let enabled = |name: &str| {
        [
            &plugins.multi_point,
            &plugins.pre_filter,
            &plugins.filter,
            &plugins.pre_score,
            &plugins.score,
        ]
        .iter()
        .any(|set| set.enabled.iter().any(|p| p.name == name))
    };
    // Sorted by name, as upstream appends them (`pluginsNames` returns a sorted list).
    let with_args: [(&str, PluginArgs); 3] = [
        (
            "InterPodAffinity",
            PluginArgs::InterPodAffinity(InterPodAffinityArgs::default()),
        ),
        (
            "NodeResourcesFit",
            PluginArgs::NodeResourcesFit(NodeResourcesFitArgs::default()),
        ),
        (
            "PodTopologySpread",
            PluginArgs::PodTopologySpread(PodTopologySpreadArgs::default()),
        ),
    ];
    for (name, args) in with_args {
        if enabled(name) && !profile.plugin_config.iter().any(|c| c.name == name) {
            profile.plugin_config.push(PluginConfig {
                name: name.into(),
                args,
            });
        }
    }
    for config in &mut profile.plugin_config {
        default_args(&mut config.args);
    }
    profile.plugins = Some(plugins);
}

/// `SetDefaults_KubeSchedulerConfiguration`: one profile when none is given, named
/// `default-scheduler` when it is the only one and unnamed; every profile's plugins merged
/// with the defaults and its args defaulted; `parallelism` 16, backoffs 1 s and 10 s.
pub fn set_defaults(config: &mut KubeSchedulerConfiguration) {
    if config.profiles.is_empty() {
        config.profiles.push(ProfileConfig::default());
    }
    if let [only] = config.profiles.as_mut_slice() {
        only.scheduler_name
            .get_or_insert_with(|| DEFAULT_SCHEDULER_NAME.to_string());
    }
    for profile in &mut config.profiles {
        default_profile(profile);
    }
    config.parallelism.get_or_insert(16);
    config.percentage_of_nodes_to_score.get_or_insert(0);
    config.pod_initial_backoff_seconds.get_or_insert(1);
    config.pod_max_backoff_seconds.get_or_insert(10);
}

#[cfg(test)]
#[path = "defaults_tests.rs"]
mod tests;

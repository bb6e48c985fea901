//! Upstream's `TestMergePlugins` (`v1/default_plugins_test.go`) with its case names, and the
//! defaults kubeplay simulates.

use super::*;
use crate::engine::api::scheduler_config::{PluginArgs, PluginConfig};

fn p(name: &str) -> PluginRef {
    PluginRef {
        name: name.into(),
        weight: None,
    }
}

fn w(name: &str, weight: i32) -> PluginRef {
    PluginRef {
        name: name.into(),
        weight: Some(weight),
    }
}

fn set(enabled: Vec<PluginRef>, disabled: Vec<PluginRef>) -> PluginSet {
    PluginSet { enabled, disabled }
}

#[test]
fn merge_plugins_table() {
    let d12 = || set(vec![p("DefaultPlugin1"), p("DefaultPlugin2")], vec![]);
    let p123 = || set(vec![p("Plugin1"), p("Plugin2"), p("Plugin3")], vec![]);
    let cases: Vec<(&str, PluginSet, PluginSet, PluginSet)> = vec![
        (
            "AppendCustomPlugin",
            set(vec![p("CustomPlugin")], vec![]),
            d12(),
            set(
                vec![p("DefaultPlugin1"), p("DefaultPlugin2"), p("CustomPlugin")],
                vec![],
            ),
        ),
        (
            "InsertAfterDefaultPlugins2",
            set(
                vec![p("CustomPlugin"), p("DefaultPlugin2")],
                vec![p("DefaultPlugin2")],
            ),
            d12(),
            set(
                vec![p("DefaultPlugin1"), p("CustomPlugin"), p("DefaultPlugin2")],
                vec![p("DefaultPlugin2")],
            ),
        ),
        (
            "InsertBeforeAllPlugins",
            set(
                vec![p("CustomPlugin"), p("DefaultPlugin1"), p("DefaultPlugin2")],
                vec![p("*")],
            ),
            d12(),
            set(
                vec![p("CustomPlugin"), p("DefaultPlugin1"), p("DefaultPlugin2")],
                vec![p("*")],
            ),
        ),
        (
            "ReorderDefaultPlugins",
            set(vec![p("DefaultPlugin2"), p("DefaultPlugin1")], vec![p("*")]),
            d12(),
            set(vec![p("DefaultPlugin2"), p("DefaultPlugin1")], vec![p("*")]),
        ),
        (
            "CustomPluginOverrideDefaultPlugin",
            set(vec![w("Plugin1", 2), w("Plugin3", 3)], vec![]),
            p123(),
            set(vec![w("Plugin1", 2), p("Plugin2"), w("Plugin3", 3)], vec![]),
        ),
        (
            "OrderPreserveAfterOverride",
            set(vec![w("Plugin2", 2), w("Plugin1", 1)], vec![]),
            p123(),
            set(vec![w("Plugin1", 1), w("Plugin2", 2), p("Plugin3")], vec![]),
        ),
        (
            "RepeatedCustomPlugin",
            set(
                vec![p("Plugin1"), w("Plugin2", 2), p("Plugin3"), w("Plugin2", 4)],
                vec![],
            ),
            p123(),
            set(
                vec![p("Plugin1"), w("Plugin2", 4), p("Plugin3"), w("Plugin2", 2)],
                vec![],
            ),
        ),
        (
            "Append custom MultiPoint plugin",
            set(vec![p("CustomPlugin")], vec![]),
            d12(),
            set(
                vec![p("DefaultPlugin1"), p("DefaultPlugin2"), p("CustomPlugin")],
                vec![],
            ),
        ),
        (
            "Append disabled Multipoint plugins",
            set(
                vec![p("CustomPlugin"), p("CustomPlugin2")],
                vec![p("DefaultPlugin2")],
            ),
            d12(),
            set(
                vec![p("DefaultPlugin1"), p("CustomPlugin"), p("CustomPlugin2")],
                vec![p("DefaultPlugin2")],
            ),
        ),
        (
            "override default MultiPoint plugins with custom value",
            set(vec![w("DefaultPlugin", 5)], vec![]),
            set(vec![p("DefaultPlugin")], vec![]),
            set(vec![w("DefaultPlugin", 5)], vec![]),
        ),
        (
            "disabled MultiPoint plugin in default set",
            set(vec![p("CustomPlugin")], vec![]),
            set(vec![p("DefaultPlugin")], vec![p("DefaultPlugin2")]),
            set(
                vec![p("DefaultPlugin"), p("CustomPlugin")],
                vec![p("DefaultPlugin2")],
            ),
        ),
        (
            "disabled MultiPoint plugin in default set for specific extension point (score)",
            set(vec![], vec![]),
            set(vec![], vec![p("DefaultPlugin2")]),
            set(vec![], vec![p("DefaultPlugin2")]),
        ),
        (
            "Append disabled Multipoint plugins (score)",
            set(vec![], vec![p("CustomPlugin2")]),
            set(vec![], vec![]),
            set(vec![], vec![p("CustomPlugin2")]),
        ),
        (
            "multipoint with only disabled gets merged",
            set(vec![], vec![p("DefaultPlugin")]),
            set(vec![p("DefaultPlugin")], vec![]),
            set(vec![], vec![p("DefaultPlugin")]),
        ),
    ];
    for (name, custom, default, want) in cases {
        assert_eq!(merge_plugin_set(&default, &custom), want, "{name}");
    }
}

/// Upstream's `ApplyNilCustomPlugin`: without a profile's own plugins, the defaults as they
/// are.
#[test]
fn apply_nil_custom_plugin() {
    assert_eq!(merge_plugins(None), default_plugins());
}

#[test]
fn an_empty_configuration_gets_one_default_scheduler_profile_with_default_args() {
    let mut config = KubeSchedulerConfiguration::default();
    set_defaults(&mut config);
    assert_eq!(config.profiles.len(), 1);
    let profile = &config.profiles[0];
    assert_eq!(profile.scheduler_name.as_deref(), Some("default-scheduler"));
    let names: Vec<&str> = profile
        .plugin_config
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, DEFAULT_ARGS_NAMES);
    let Some(PluginArgs::NodeResourcesFit(fit)) =
        PluginConfig::find(&profile.plugin_config, "NodeResourcesFit")
    else {
        panic!("fit args");
    };
    let strategy = fit.scoring_strategy.as_ref().expect("strategy");
    assert_eq!(strategy.type_, "LeastAllocated");
    assert_eq!(strategy.resources, default_resource_spec());
    assert_eq!(
        PluginConfig::find(&profile.plugin_config, "PodTopologySpread"),
        Some(&PluginArgs::PodTopologySpread(PodTopologySpreadArgs {
            default_constraints: vec![],
            defaulting_type: "System".into()
        }))
    );
    assert_eq!(
        PluginConfig::find(&profile.plugin_config, "InterPodAffinity"),
        Some(&PluginArgs::InterPodAffinity(InterPodAffinityArgs {
            hard_pod_affinity_weight: Some(1),
            ignore_preferred_terms_of_existing_pods: false,
        }))
    );
    assert_eq!(config.parallelism, Some(16));
}

#[test]
fn two_unnamed_profiles_stay_unnamed_for_validation_to_catch() {
    let mut config = KubeSchedulerConfiguration {
        profiles: vec![ProfileConfig::default(), ProfileConfig::default()],
        ..KubeSchedulerConfiguration::default()
    };
    set_defaults(&mut config);
    assert!(config.profiles.iter().all(|p| p.scheduler_name.is_none()));
}

/// The args kubeplay reads, in the order upstream appends them (`pluginsNames` is sorted).
const DEFAULT_ARGS_NAMES: [&str; 3] = ["InterPodAffinity", "NodeResourcesFit", "PodTopologySpread"];

/// What `test_scheduler_defaults` compares of a profile: its name, its
/// percentageOfNodesToScore and the names of its `pluginConfig` entries, in order.
type ProfileSummary = (Option<String>, Option<i32>, Vec<String>);

fn summary(name: Option<&str>, percentage: Option<i32>, configs: &[&str]) -> ProfileSummary {
    (
        name.map(str::to_string),
        percentage,
        configs.iter().map(|c| c.to_string()).collect(),
    )
}

/// Follows upstream `TestSchedulerDefaults` (`v1/defaults_test.go`) for the fields kubeplay
/// reads: parallelism, percentageOfNodesToScore, the backoffs and each profile's summary.
#[test]
fn test_scheduler_defaults() {
    type Defaulted = (
        Option<i32>,
        Option<i32>,
        Option<i64>,
        Option<i64>,
        Vec<ProfileSummary>,
    );
    let default_profile = || summary(Some("default-scheduler"), None, &DEFAULT_ARGS_NAMES);
    let profile = |percentage: Option<i32>| ProfileConfig {
        percentage_of_nodes_to_score: percentage,
        ..ProfileConfig::default()
    };
    let config =
        |parallelism: Option<i32>, percentage: Option<i32>, profiles| KubeSchedulerConfiguration {
            parallelism,
            percentage_of_nodes_to_score: percentage,
            profiles,
            ..KubeSchedulerConfiguration::default()
        };
    let foo_config = ProfileConfig {
        plugin_config: vec![PluginConfig {
            name: "FooPlugin".into(),
            args: PluginArgs::NotSimulated,
        }],
        ..ProfileConfig::default()
    };
    let custom = ProfileConfig {
        scheduler_name: Some("custom-scheduler".into()),
        ..ProfileConfig::default()
    };
    let cases: Vec<(&str, KubeSchedulerConfiguration, Defaulted)> = vec![
        (
            "empty config",
            config(None, None, vec![]),
            (
                Some(16),
                Some(0),
                Some(1),
                Some(10),
                vec![default_profile()],
            ),
        ),
        (
            "no scheduler name",
            config(None, None, vec![profile(None)]),
            (
                Some(16),
                Some(0),
                Some(1),
                Some(10),
                vec![default_profile()],
            ),
        ),
        (
            "two profiles",
            config(Some(16), None, vec![foo_config, custom]),
            (
                Some(16),
                Some(0),
                Some(1),
                Some(10),
                vec![
                    summary(
                        None,
                        None,
                        &[
                            "FooPlugin",
                            "InterPodAffinity",
                            "NodeResourcesFit",
                            "PodTopologySpread",
                        ],
                    ),
                    summary(Some("custom-scheduler"), None, &DEFAULT_ARGS_NAMES),
                ],
            ),
        ),
        (
            "Prallelism with no port",
            config(Some(16), None, vec![]),
            (
                Some(16),
                Some(0),
                Some(1),
                Some(10),
                vec![default_profile()],
            ),
        ),
        (
            "set non default parallelism",
            config(Some(8), None, vec![]),
            (Some(8), Some(0), Some(1), Some(10), vec![default_profile()]),
        ),
        (
            "set non default global percentageOfNodesToScore",
            config(None, Some(50), vec![]),
            (
                Some(16),
                Some(50),
                Some(1),
                Some(10),
                vec![default_profile()],
            ),
        ),
        (
            "set non default profile percentageOfNodesToScore",
            config(None, None, vec![profile(Some(50))]),
            (
                Some(16),
                Some(0),
                Some(1),
                Some(10),
                vec![summary(
                    Some("default-scheduler"),
                    Some(50),
                    &DEFAULT_ARGS_NAMES,
                )],
            ),
        ),
        (
            "set non default global and profile percentageOfNodesToScore",
            config(None, Some(10), vec![profile(Some(50))]),
            (
                Some(16),
                Some(10),
                Some(1),
                Some(10),
                vec![summary(
                    Some("default-scheduler"),
                    Some(50),
                    &DEFAULT_ARGS_NAMES,
                )],
            ),
        ),
    ];
    for (name, mut config, want) in cases {
        set_defaults(&mut config);
        let profiles = config
            .profiles
            .iter()
            .map(|p| {
                let names: Vec<&str> = p.plugin_config.iter().map(|c| c.name.as_str()).collect();
                summary(
                    p.scheduler_name.as_deref(),
                    p.percentage_of_nodes_to_score,
                    &names,
                )
            })
            .collect();
        let got: Defaulted = (
            config.parallelism,
            config.percentage_of_nodes_to_score,
            config.pod_initial_backoff_seconds,
            config.pod_max_backoff_seconds,
            profiles,
        );
        assert_eq!(got, want, "{name}");
    }
}

/// Follows upstream `TestPluginArgsDefaults` (`v1/defaults_test.go`) for the args kubeplay
/// reads, with its case names.
#[test]
fn test_plugin_args_defaults() {
    let fit = |strategy: Option<(&str, Vec<ResourceSpec>)>| {
        PluginArgs::NodeResourcesFit(NodeResourcesFitArgs {
            scoring_strategy: strategy.map(|(type_, resources)| ScoringStrategyArgs {
                type_: type_.into(),
                resources,
                requested_to_capacity_ratio: None,
            }),
        })
    };
    let affinity = |weight: Option<i32>| {
        PluginArgs::InterPodAffinity(InterPodAffinityArgs {
            hard_pod_affinity_weight: weight,
            ignore_preferred_terms_of_existing_pods: false,
        })
    };
    let planet = || crate::engine::api::types::TopologySpreadConstraint {
        topology_key: "planet".into(),
        when_unsatisfiable: "DoNotSchedule".into(),
        max_skew: 2,
        ..Default::default()
    };
    let spread = |constraints: Vec<_>, defaulting: &str| {
        PluginArgs::PodTopologySpread(PodTopologySpreadArgs {
            default_constraints: constraints,
            defaulting_type: defaulting.into(),
        })
    };
    let cases: Vec<(&str, PluginArgs, PluginArgs)> = vec![
        (
            "InterPodAffinityArgs empty",
            affinity(None),
            affinity(Some(1)),
        ),
        (
            "InterPodAffinityArgs explicit 0",
            affinity(Some(0)),
            affinity(Some(0)),
        ),
        (
            "InterPodAffinityArgs with value",
            affinity(Some(5)),
            affinity(Some(5)),
        ),
        (
            "PodTopologySpreadArgs resources empty",
            spread(vec![], ""),
            spread(vec![], "System"),
        ),
        (
            "PodTopologySpreadArgs resources with value",
            spread(vec![planet()], ""),
            spread(vec![planet()], "System"),
        ),
        (
            "NodeResourcesFitArgs not set",
            fit(None),
            fit(Some(("LeastAllocated", default_resource_spec()))),
        ),
        (
            "NodeResourcesFitArgs Resources empty",
            fit(Some(("MostAllocated", vec![]))),
            fit(Some(("MostAllocated", default_resource_spec()))),
        ),
    ];
    for (name, mut args, want) in cases {
        default_args(&mut args);
        assert_eq!(args, want, "{name}");
    }
}

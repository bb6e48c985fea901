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
    assert_eq!(
        names,
        ["NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"]
    );
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

//! The framework's `expandMultiPointPlugins` (`runtime/framework.go`): a profile's
//! merged plugin sets made into one extension point's plugins, and `getScoreWeights`.

use crate::engine::api::scheduler_config::{PluginRef, PluginSet, Plugins};

/// The in-tree plugins that implement Filter, as kube-scheduler registers them (volume
/// plugins and DynamicResources included; kubeplay passes every pod through those).
pub const FILTER_IMPLEMENTERS: [&str; 13] = [
    "NodeUnschedulable",
    "NodeName",
    "TaintToleration",
    "NodeAffinity",
    "NodePorts",
    "NodeResourcesFit",
    "VolumeRestrictions",
    "NodeVolumeLimits",
    "VolumeBinding",
    "VolumeZone",
    "PodTopologySpread",
    "InterPodAffinity",
    "DynamicResources",
];

/// The in-tree plugins that implement Score.
pub const SCORE_IMPLEMENTERS: [&str; 7] = [
    "TaintToleration",
    "NodeAffinity",
    "NodeResourcesFit",
    "PodTopologySpread",
    "InterPodAffinity",
    "NodeResourcesBalancedAllocation",
    "ImageLocality",
];

/// `expandMultiPointPlugins` for one extension point: the plugins of `point` (its own
/// enabled list) and the `multiPoint` plugins that `implements` it and that the point does
/// not disable, ordered as upstream: multiPoint plugins the point also enables, then the
/// other multiPoint plugins, then the point's other plugins. Each comes with the weight
/// its own entry gives, else its multiPoint entry's.
pub fn expand(plugins: &Plugins, point: &PluginSet, implements: &[&str]) -> Vec<PluginRef> {
    let own: Vec<&PluginRef> = point.enabled.iter().collect();
    let disabled = |name: &str| point.disabled.iter().any(|d| d.name == name);
    if disabled("*") {
        return own.into_iter().cloned().collect();
    }
    let mut overrides: Vec<PluginRef> = Vec::new();
    let mut multi: Vec<PluginRef> = Vec::new();
    for p in &plugins.multi_point.enabled {
        if !implements.contains(&p.name.as_str()) || disabled(&p.name) {
            continue;
        }
        if let Some(o) = own.iter().find(|o| o.name == p.name) {
            if !overrides.iter().any(|x| x.name == p.name) {
                overrides.push((*o).clone());
            }
            continue;
        }
        if !multi.iter().any(|x| x.name == p.name) {
            multi.push(p.clone());
        }
    }
    let mut out = overrides;
    for p in multi.into_iter().chain(own.into_iter().cloned()) {
        if !out.iter().any(|x| x.name == p.name) {
            out.push(p);
        }
    }
    out
}

/// The score weight `getScoreWeights` gives: the `score` point's entry first, then the
/// `multiPoint` one; unset or 0 is 1.
pub fn score_weight(plugins: &Plugins, name: &str) -> i64 {
    plugins
        .score
        .enabled
        .iter()
        .chain(&plugins.multi_point.enabled)
        .find(|p| p.name == name)
        .and_then(|p| p.weight)
        .filter(|w| *w != 0)
        .map_or(1, i64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> PluginRef {
        PluginRef {
            name: name.into(),
            weight: None,
        }
    }

    #[test]
    fn multi_point_expansion_puts_overrides_first_and_respects_disabled_points() {
        let plugins = Plugins {
            multi_point: PluginSet {
                enabled: vec![
                    p("NodeName"),
                    PluginRef {
                        name: "TaintToleration".into(),
                        weight: Some(3),
                    },
                    p("NodePorts"),
                ],
                disabled: vec![],
            },
            filter: PluginSet {
                enabled: vec![p("NodePorts"), p("InterPodAffinity")],
                disabled: vec![p("NodeName")],
            },
            ..Plugins::default()
        };
        let filters: Vec<String> = expand(&plugins, &plugins.filter, &FILTER_IMPLEMENTERS)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            filters,
            ["NodePorts", "TaintToleration", "InterPodAffinity"]
        );
        assert_eq!(score_weight(&plugins, "TaintToleration"), 3);
        assert_eq!(score_weight(&plugins, "NodeName"), 1);
    }
}

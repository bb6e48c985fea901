//! `ValidateKubeSchedulerConfiguration` and the plugin-args validations
//! (`validation.go`, `validation_pluginargs.go`) on a defaulted configuration, with
//! upstream's messages. NodeResourcesFit's args are checked as kube-scheduler checks them
//! when it builds the plugin (its startup fails), with the full path of the args. A
//! duplicate `schedulerName` names the first profile's field by path (upstream prints the
//! Go value of its field path). A plugin kube-scheduler does not know fails as the
//! framework fails to build the profile.

use super::defaults::{is_registered, LIST_DEFAULTING, SYSTEM_DEFAULTING};
use crate::engine::api::scheduler_config::{
    InterPodAffinityArgs, KubeSchedulerConfiguration, NodeResourcesFitArgs, PluginArgs, PluginSet,
    PodTopologySpreadArgs, ProfileConfig, ResourceSpec, ShapePoint, MAX_CUSTOM_PRIORITY_SCORE,
};

/// One validation error: the field path and the whole message (`path: body`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, e.g. `profiles[0].schedulerName`.
    pub path: String,
    /// The message as upstream prints it.
    pub message: String,
}

/// The plugins removed from kube-scheduler that a v1 configuration may not enable.
const INVALID_PLUGINS: [&str; 4] = [
    "AzureDiskLimits",
    "CinderLimits",
    "EBSLimits",
    "GCEPDLimits",
];

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: String, body: String) {
        self.0.push(FieldError {
            message: format!("{path}: {body}"),
            path,
        });
    }
}

/// `ValidateKubeSchedulerConfiguration` of a defaulted configuration.
pub fn validate(config: &KubeSchedulerConfiguration) -> Vec<FieldError> {
    let mut errs = Errors(Vec::new());
    if let Some(p) = config.parallelism.filter(|p| *p <= 0) {
        errs.push(
            "parallelism".into(),
            format!("Invalid value: {p}: should be an integer value greater than zero"),
        );
    }
    if config.profiles.is_empty() {
        errs.push("profiles".into(), "Required value".into());
    }
    for (i, profile) in config.profiles.iter().enumerate() {
        let path = format!("profiles[{i}]");
        validate_profile(&mut errs, &path, profile);
        let name = profile.scheduler_name.as_deref().unwrap_or_default();
        if let Some(first) = config.profiles[..i]
            .iter()
            .position(|p| p.scheduler_name.as_deref().unwrap_or_default() == name)
        {
            errs.push(
                format!("{path}.schedulerName"),
                format!("Duplicate value: \"profiles[{first}].schedulerName\""),
            );
        }
    }
    percentage(
        &mut errs,
        "percentageOfNodesToScore",
        config.percentage_of_nodes_to_score,
    );
    let initial = config.pod_initial_backoff_seconds.unwrap_or(1);
    if initial <= 0 {
        errs.push(
            "podInitialBackoffSeconds".into(),
            format!("Invalid value: {initial}: must be greater than 0"),
        );
    }
    let max = config.pod_max_backoff_seconds.unwrap_or(10);
    if max < initial {
        errs.push(
            "podMaxBackoffSeconds".into(),
            format!(
                "Invalid value: {max}: must be greater than or equal to PodInitialBackoffSeconds"
            ),
        );
    }
    errs.0
}

fn percentage(errs: &mut Errors, path: &str, value: Option<i32>) {
    if let Some(v) = value.filter(|v| !(0..=100).contains(v)) {
        errs.push(
            path.into(),
            format!("Invalid value: {v}: not in valid range [0-100]"),
        );
    }
}

fn validate_profile(errs: &mut Errors, path: &str, profile: &ProfileConfig) {
    if profile
        .scheduler_name
        .as_deref()
        .unwrap_or_default()
        .is_empty()
    {
        errs.push(format!("{path}.schedulerName"), "Required value".into());
    }
    percentage(
        errs,
        &format!("{path}.percentageOfNodesToScore"),
        profile.percentage_of_nodes_to_score,
    );
    if let Some(plugins) = &profile.plugins {
        let points: [(&str, &PluginSet, &str); 5] = [
            ("multiPoint", &plugins.multi_point, "PreFilterPlugin"),
            ("preFilter", &plugins.pre_filter, "PreFilterPlugin"),
            ("filter", &plugins.filter, "FilterPlugin"),
            ("preScore", &plugins.pre_score, "PreScorePlugin"),
            ("score", &plugins.score, "ScorePlugin"),
        ];
        for (point, set, kind) in points {
            for (k, plugin) in set.enabled.iter().enumerate() {
                let at = format!("{path}.plugins.{point}.enabled[{k}]");
                if INVALID_PLUGINS.contains(&plugin.name.as_str()) {
                    errs.push(at, format!(
                        "Invalid value: {:?}: was invalid in version \"kubescheduler.config.k8s.io/v1\" (KubeSchedulerConfiguration is version \"kubescheduler.config.k8s.io/v1\")",
                        plugin.name
                    ));
                } else if !is_registered(&plugin.name) {
                    errs.push(at, format!("{kind} {:?} does not exist", plugin.name));
                }
            }
        }
    }
    for (j, config) in profile.plugin_config.iter().enumerate() {
        let at = format!("{path}.pluginConfig[{j}]");
        if profile.plugin_config[..j]
            .iter()
            .any(|c| c.name == config.name)
        {
            errs.push(at.clone(), format!("Duplicate value: {:?}", config.name));
        }
        let args = format!("{at}.args");
        match &config.args {
            PluginArgs::NodeResourcesFit(a) => node_resources_fit_args(errs, &args, a),
            PluginArgs::PodTopologySpread(a) => pod_topology_spread_args(errs, &args, a),
            PluginArgs::InterPodAffinity(a) => inter_pod_affinity_args(errs, &args, a),
            PluginArgs::NotSimulated => {}
        }
    }
}

/// `ValidateInterPodAffinityArgs`.
fn inter_pod_affinity_args(errs: &mut Errors, path: &str, args: &InterPodAffinityArgs) {
    let w = args.hard_pod_affinity_weight.unwrap_or(1);
    if !(0..=100).contains(&w) {
        errs.push(
            format!("{path}.hardPodAffinityWeight"),
            format!("Invalid value: {w}: not in valid range [0, 100]"),
        );
    }
}

/// `ValidatePodTopologySpreadArgs`.
fn pod_topology_spread_args(errs: &mut Errors, path: &str, args: &PodTopologySpreadArgs) {
    let defaulting = format!("{path}.defaultingType");
    let t = args.defaulting_type.as_str();
    if t != SYSTEM_DEFAULTING && t != LIST_DEFAULTING {
        errs.push(
            defaulting,
            format!("Unsupported value: {t:?}: supported values: \"System\", \"List\""),
        );
    } else if t == SYSTEM_DEFAULTING && !args.default_constraints.is_empty() {
        errs.push(
            defaulting,
            format!("Invalid value: {t:?}: when .defaultConstraints are not empty"),
        );
    }
    for (i, c) in args.default_constraints.iter().enumerate() {
        let at = format!("{path}.defaultConstraints[{i}]");
        if c.max_skew <= 0 {
            errs.push(
                format!("{at}.maxSkew"),
                format!("Invalid value: {}: not in valid range (0, inf)", c.max_skew),
            );
        }
        if c.topology_key.is_empty() {
            errs.push(
                format!("{at}.topologyKey"),
                "Required value: can not be empty".into(),
            );
        }
        let action = c.when_unsatisfiable.as_str();
        if action.is_empty() {
            errs.push(
                format!("{at}.whenUnsatisfiable"),
                "Required value: can not be empty".into(),
            );
        } else if action != "DoNotSchedule" && action != "ScheduleAnyway" {
            errs.push(
                format!("{at}.whenUnsatisfiable"),
                format!("Unsupported value: {action:?}: supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
            );
        }
        if c.label_selector.is_some() {
            errs.push(
                format!("{at}.labelSelector"),
                "Forbidden: constraint must not define a selector, as they deduced for each pod"
                    .into(),
            );
        }
        if args.default_constraints[..i].iter().any(|o| {
            o.topology_key == c.topology_key && o.when_unsatisfiable == c.when_unsatisfiable
        }) {
            errs.push(
                at,
                format!(
                    "Duplicate value: \"{{{}, {}}}\"",
                    c.topology_key, c.when_unsatisfiable
                ),
            );
        }
    }
}

fn function_shape(errs: &mut Errors, path: &str, shape: &[ShapePoint]) {
    if shape.is_empty() {
        errs.push(
            path.into(),
            "Required value: at least one point must be specified".into(),
        );
        return;
    }
    if let Some(i) = (1..shape.len()).find(|&i| shape[i - 1].utilization >= shape[i].utilization) {
        errs.push(
            format!("{path}[{i}].utilization"),
            format!(
                "Invalid value: {}: values must be sorted in increasing order",
                shape[i].utilization
            ),
        );
    }
    for (i, point) in shape.iter().enumerate() {
        if !(0..=100).contains(&point.utilization) {
            errs.push(
                format!("{path}[{i}].utilization"),
                format!(
                    "Invalid value: {}: not in valid range [0, 100]",
                    point.utilization
                ),
            );
        }
        if !(0..=MAX_CUSTOM_PRIORITY_SCORE).contains(&point.score) {
            errs.push(
                format!("{path}[{i}].score"),
                format!(
                    "Invalid value: {}: not in valid range [0, {MAX_CUSTOM_PRIORITY_SCORE}]",
                    point.score
                ),
            );
        }
    }
}

fn resources(errs: &mut Errors, path: &str, resources: &[ResourceSpec]) {
    for (i, r) in resources.iter().enumerate() {
        if r.weight <= 0 || r.weight > 100 {
            errs.push(
                format!("{path}[{i}].weight"),
                format!(
                    "Invalid value: {}: resource weight of {} not in valid range (0, 100]",
                    r.weight, r.name
                ),
            );
        }
    }
}

/// `ValidateNodeResourcesFitArgs` (the scoring strategy).
fn node_resources_fit_args(errs: &mut Errors, path: &str, args: &NodeResourcesFitArgs) {
    let strategy_path = format!("{path}.scoringStrategy");
    let Some(strategy) = &args.scoring_strategy else {
        errs.push(
            strategy_path,
            "Required value: ScoringStrategy field is required".into(),
        );
        return;
    };
    let t = strategy.type_.as_str();
    if ![
        "LeastAllocated",
        "MostAllocated",
        "RequestedToCapacityRatio",
    ]
    .contains(&t)
    {
        errs.push(
            format!("{strategy_path}.type"),
            format!("Unsupported value: {t:?}: supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\""),
        );
    }
    resources(
        errs,
        &format!("{strategy_path}.resources"),
        &strategy.resources,
    );
    let ratio = format!("{strategy_path}.requestedToCapacityRatio");
    match (
        &strategy.requested_to_capacity_ratio,
        t == "RequestedToCapacityRatio",
    ) {
        (None, true) => errs.push(
            ratio,
            "Required value: must be specified when type is RequestedToCapacityRatio".into(),
        ),
        (Some(shape), true) => function_shape(errs, &format!("{ratio}.shape"), shape),
        (Some(_), false) => errs.push(
            ratio,
            "Forbidden: must be nil when type is not RequestedToCapacityRatio".into(),
        ),
        (None, false) => {}
    }
}

#[cfg(test)]
#[path = "validation_tests.rs"]
mod tests;

//! A `KubeSchedulerConfiguration` (`kubescheduler.config.k8s.io/v1`): the profiles, their
//! plugin sets and the args of NodeResourcesFit, PodTopologySpread and InterPodAffinity;
//! the other fields are kept by name as not simulated.

use super::fields::Fields;
use super::pod::topology_spread_constraint;
use crate::engine::api::scheduler_config::{
    InterPodAffinityArgs, KubeSchedulerConfiguration, NodeResourcesFitArgs, PluginArgs,
    PluginConfig, PluginRef, PluginSet, Plugins, PodTopologySpreadArgs, ProfileConfig,
    ResourceSpec, ScoringStrategyArgs, ShapePoint,
};
use crate::engine::yaml::context::Ctx;
use crate::engine::yaml::node::Node;

/// The top-level fields kubeplay reads.
pub const TYPED_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "profiles",
    "parallelism",
    "percentageOfNodesToScore",
    "podInitialBackoffSeconds",
    "podMaxBackoffSeconds",
];

/// The top-level fields kept but not simulated.
const NOT_SIMULATED_FIELDS: &[&str] = &[
    "leaderElection",
    "clientConnection",
    "healthzBindAddress",
    "metricsBindAddress",
    "enableProfiling",
    "enableContentionProfiling",
    "extenders",
    "delayCacheUntilActive",
];

/// The extension points kept but not simulated.
const NOT_SIMULATED_POINTS: &[&str] = &[
    "preEnqueue",
    "queueSort",
    "postFilter",
    "reserve",
    "permit",
    "preBind",
    "bind",
    "postBind",
];

/// The configuration (its `apiVersion` and `kind` already read); unknown fields warn.
pub fn configuration(ctx: &mut Ctx, mut f: Fields<'_>) -> KubeSchedulerConfiguration {
    let mut config = KubeSchedulerConfiguration {
        profiles: f.list(ctx, "profiles", profile),
        parallelism: f.int32(ctx, "parallelism"),
        percentage_of_nodes_to_score: f.int32(ctx, "percentageOfNodesToScore"),
        pod_initial_backoff_seconds: f.int(ctx, "podInitialBackoffSeconds"),
        pod_max_backoff_seconds: f.int(ctx, "podMaxBackoffSeconds"),
        not_simulated: Vec::new(),
    };
    let extra = f.finish(ctx, TYPED_FIELDS, NOT_SIMULATED_FIELDS);
    config.not_simulated = extra.into_iter().map(|(k, _)| k).collect();
    config
}

fn profile(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ProfileConfig> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = ProfileConfig {
        scheduler_name: f.string(ctx, "schedulerName"),
        percentage_of_nodes_to_score: f.int32(ctx, "percentageOfNodesToScore"),
        plugins: f.object(ctx, "plugins", plugins),
        plugin_config: f.list(ctx, "pluginConfig", plugin_config),
    };
    f.finish(
        ctx,
        &[
            "schedulerName",
            "percentageOfNodesToScore",
            "plugins",
            "pluginConfig",
        ],
        &[],
    );
    Some(p)
}

fn plugins(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Plugins> {
    let mut f = Fields::open(ctx, node, path)?;
    let mut set = |ctx: &mut Ctx, key: &str| f.object(ctx, key, plugin_set).unwrap_or_default();
    let mut p = Plugins {
        multi_point: set(ctx, "multiPoint"),
        pre_filter: set(ctx, "preFilter"),
        filter: set(ctx, "filter"),
        pre_score: set(ctx, "preScore"),
        score: set(ctx, "score"),
        not_simulated: Vec::new(),
    };
    let extra = f.finish(
        ctx,
        &["multiPoint", "preFilter", "filter", "preScore", "score"],
        NOT_SIMULATED_POINTS,
    );
    p.not_simulated = extra.into_iter().map(|(k, _)| k).collect();
    Some(p)
}

fn plugin_set(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PluginSet> {
    let mut f = Fields::open(ctx, node, path)?;
    let s = PluginSet {
        enabled: f.list(ctx, "enabled", plugin),
        disabled: f.list(ctx, "disabled", plugin),
    };
    f.finish(ctx, &["enabled", "disabled"], &[]);
    Some(s)
}

fn plugin(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PluginRef> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = PluginRef {
        name: f.string(ctx, "name").unwrap_or_default(),
        weight: f.int32(ctx, "weight"),
    };
    f.finish(ctx, &["name", "weight"], &[]);
    Some(p)
}

fn plugin_config(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PluginConfig> {
    let mut f = Fields::open(ctx, node, path)?;
    let name = f.string(ctx, "name").unwrap_or_default();
    let args = match name.as_str() {
        "NodeResourcesFit" => f
            .object(ctx, "args", fit_args)
            .map(PluginArgs::NodeResourcesFit),
        "PodTopologySpread" => f
            .object(ctx, "args", spread_args)
            .map(PluginArgs::PodTopologySpread),
        "InterPodAffinity" => f
            .object(ctx, "args", inter_pod_affinity_args)
            .map(PluginArgs::InterPodAffinity),
        _ => {
            f.get(ctx, "args");
            None
        }
    }
    .unwrap_or(PluginArgs::NotSimulated);
    f.finish(ctx, &["name", "args"], &[]);
    Some(PluginConfig { name, args })
}

/// The `apiVersion` and `kind` an args object may state.
const ARGS_TYPE_FIELDS: &[&str] = &["apiVersion", "kind"];

fn fit_args(ctx: &mut Ctx, node: &Node, path: &str) -> Option<NodeResourcesFitArgs> {
    let mut f = Fields::open(ctx, node, path)?;
    let a = NodeResourcesFitArgs {
        scoring_strategy: f.object(ctx, "scoringStrategy", scoring_strategy),
    };
    f.finish(
        ctx,
        &["scoringStrategy"],
        &[
            ARGS_TYPE_FIELDS,
            &["ignoredResources", "ignoredResourceGroups"],
        ]
        .concat(),
    );
    Some(a)
}

fn scoring_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ScoringStrategyArgs> {
    let mut f = Fields::open(ctx, node, path)?;
    let s = ScoringStrategyArgs {
        type_: f.string(ctx, "type").unwrap_or_default(),
        resources: f.list(ctx, "resources", resource_spec),
        requested_to_capacity_ratio: f.object(ctx, "requestedToCapacityRatio", |c, n, p| {
            let mut f = Fields::open(c, n, p)?;
            let shape = f.list(c, "shape", shape_point);
            f.finish(c, &["shape"], &[]);
            Some(shape)
        }),
    };
    f.finish(ctx, &["type", "resources", "requestedToCapacityRatio"], &[]);
    Some(s)
}

fn resource_spec(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ResourceSpec> {
    let mut f = Fields::open(ctx, node, path)?;
    let r = ResourceSpec {
        name: f.string(ctx, "name").unwrap_or_default(),
        weight: f.int(ctx, "weight").unwrap_or(0),
    };
    f.finish(ctx, &["name", "weight"], &[]);
    Some(r)
}

fn shape_point(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ShapePoint> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = ShapePoint {
        utilization: f.int(ctx, "utilization").unwrap_or(0),
        score: f.int(ctx, "score").unwrap_or(0),
    };
    f.finish(ctx, &["utilization", "score"], &[]);
    Some(p)
}

fn spread_args(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodTopologySpreadArgs> {
    let mut f = Fields::open(ctx, node, path)?;
    let a = PodTopologySpreadArgs {
        default_constraints: f.list(ctx, "defaultConstraints", topology_spread_constraint),
        defaulting_type: f.string(ctx, "defaultingType").unwrap_or_default(),
    };
    f.finish(
        ctx,
        &["defaultConstraints", "defaultingType"],
        ARGS_TYPE_FIELDS,
    );
    Some(a)
}

fn inter_pod_affinity_args(ctx: &mut Ctx, node: &Node, path: &str) -> Option<InterPodAffinityArgs> {
    let mut f = Fields::open(ctx, node, path)?;
    let a = InterPodAffinityArgs {
        hard_pod_affinity_weight: f.int32(ctx, "hardPodAffinityWeight"),
        ignore_preferred_terms_of_existing_pods: f
            .bool(ctx, "ignorePreferredTermsOfExistingPods")
            .unwrap_or(false),
    };
    f.finish(
        ctx,
        &[
            "hardPodAffinityWeight",
            "ignorePreferredTermsOfExistingPods",
        ],
        ARGS_TYPE_FIELDS,
    );
    Some(a)
}

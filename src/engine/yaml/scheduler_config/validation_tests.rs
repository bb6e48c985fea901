//! Upstream's `TestValidateKubeSchedulerConfigurationV1` scenarios that kubeplay models,
//! and the plugin-args tables of `validation_pluginargs_test.go`, with their names.

use super::super::defaults::set_defaults;
use super::*;
use crate::engine::api::scheduler_config::{PluginConfig, PluginRef, Plugins, ScoringStrategyArgs};
use crate::engine::api::types::{LabelSelector, TopologySpreadConstraint};

fn messages(errs: Vec<FieldError>) -> Vec<String> {
    errs.into_iter().map(|e| e.message).collect()
}

fn valid_config() -> KubeSchedulerConfiguration {
    KubeSchedulerConfiguration {
        parallelism: Some(8),
        percentage_of_nodes_to_score: Some(35),
        profiles: vec![
            ProfileConfig {
                scheduler_name: Some("me".into()),
                plugins: Some(Plugins {
                    score: PluginSet {
                        enabled: vec![],
                        disabled: vec![PluginRef {
                            name: "*".into(),
                            weight: None,
                        }],
                    },
                    ..Plugins::default()
                }),
                ..ProfileConfig::default()
            },
            ProfileConfig {
                scheduler_name: Some("other".into()),
                ..ProfileConfig::default()
            },
        ],
        ..KubeSchedulerConfiguration::default()
    }
}

#[test]
fn validate_kube_scheduler_configuration_v1_table() {
    let with = |edit: &dyn Fn(&mut KubeSchedulerConfiguration)| {
        let mut c = valid_config();
        edit(&mut c);
        c
    };
    let enable = |point: &str, name: &str| {
        let (point, name) = (point.to_string(), name.to_string());
        move |c: &mut KubeSchedulerConfiguration| {
            let plugins = c.profiles[0].plugins.get_or_insert_with(Plugins::default);
            let set = if point == "score" {
                &mut plugins.score
            } else {
                &mut plugins.filter
            };
            set.enabled.push(PluginRef {
                name: name.clone(),
                weight: Some(2),
            });
        }
    };
    let cases: Vec<(&str, KubeSchedulerConfiguration, Vec<&str>)> = vec![
        ("good", valid_config(), vec![]),
        ("bad-parallelism-invalid-value", with(&|c| c.parallelism = Some(0)),
            vec!["parallelism: Invalid value: 0: should be an integer value greater than zero"]),
        ("bad-percentage-of-nodes-to-score", with(&|c| c.percentage_of_nodes_to_score = Some(101)),
            vec!["percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]"]),
        ("negative-percentage-of-nodes-to-score", with(&|c| c.percentage_of_nodes_to_score = Some(-1)),
            vec!["percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]"]),
        ("greater-than-100-profile-percentage-of-nodes-to-score", with(&|c| c.profiles[1].percentage_of_nodes_to_score = Some(101)),
            vec!["profiles[1].percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]"]),
        ("bad-percentage-of-nodes-to-score-in-profile", with(&|c| c.profiles[1].percentage_of_nodes_to_score = Some(-1)),
            vec!["profiles[1].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]"]),
        ("scheduler-name-not-set", with(&|c| c.profiles[1].scheduler_name = Some(String::new())),
            vec!["profiles[1].schedulerName: Required value"]),
        ("repeated-scheduler-name", with(&|c| c.profiles[0].scheduler_name = Some("other".into())),
            vec!["profiles[1].schedulerName: Duplicate value: \"profiles[0].schedulerName\""]),
        ("duplicated-plugin-config", with(&|c| c.profiles[0].plugin_config = vec![
                PluginConfig { name: "config".into(), args: PluginArgs::NotSimulated },
                PluginConfig { name: "config".into(), args: PluginArgs::NotSimulated },
            ]),
            vec!["profiles[0].pluginConfig[1]: Duplicate value: \"config\""]),
        ("bad-removed-plugins-1", with(&enable("score", "EBSLimits")),
            vec!["profiles[0].plugins.score.enabled[0]: Invalid value: \"EBSLimits\": was invalid in version \"kubescheduler.config.k8s.io/v1\" (KubeSchedulerConfiguration is version \"kubescheduler.config.k8s.io/v1\")"]),
        ("good-removed-plugins-2", with(&enable("score", "PodTopologySpread")), vec![]),
        ("valid-plugins", with(&enable("score", "PodTopologySpread")), vec![]),
        ("unknown-plugin", with(&enable("filter", "NoSuchPlugin")),
            vec!["profiles[0].plugins.filter.enabled[0]: FilterPlugin \"NoSuchPlugin\" does not exist"]),
        ("bad-pod-initial-backoff", with(&|c| c.pod_initial_backoff_seconds = Some(0)),
            vec!["podInitialBackoffSeconds: Invalid value: 0: must be greater than 0"]),
        ("bad-pod-max-backoff", with(&|c| { c.pod_initial_backoff_seconds = Some(5); c.pod_max_backoff_seconds = Some(2) }),
            vec!["podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds"]),
    ];
    for (name, mut config, want) in cases {
        set_defaults(&mut config);
        assert_eq!(messages(validate(&config)), want, "{name}");
    }
}

fn run(check: impl Fn(&mut Errors)) -> Vec<String> {
    let mut errs = Errors(Vec::new());
    check(&mut errs);
    messages(errs.0)
}

#[test]
fn validate_inter_pod_affinity_args_table() {
    let cases = [
        ("valid args", 10, vec![]),
        (
            "hardPodAffinityWeight less than min",
            -1,
            vec!["hardPodAffinityWeight: Invalid value: -1: not in valid range [0, 100]"],
        ),
        (
            "hardPodAffinityWeight more than max",
            101,
            vec!["hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]"],
        ),
    ];
    for (name, weight, want) in cases {
        let args = InterPodAffinityArgs {
            hard_pod_affinity_weight: Some(weight),
            ..InterPodAffinityArgs::default()
        };
        let got = run(|e| inter_pod_affinity_args(e, "", &args));
        let got: Vec<String> = got
            .into_iter()
            .map(|m| m.trim_start_matches('.').to_string())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

fn constraint(skew: i32, key: &str, action: &str) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        max_skew: skew,
        topology_key: key.into(),
        when_unsatisfiable: action.into(),
        ..TopologySpreadConstraint::default()
    }
}

#[test]
fn validate_pod_topology_spread_args_table() {
    let zone = "topology.kubernetes.io/zone";
    let host = "kubernetes.io/hostname";
    let list = |cs: Vec<TopologySpreadConstraint>| PodTopologySpreadArgs {
        default_constraints: cs,
        defaulting_type: "List".into(),
    };
    let cases: Vec<(&str, PodTopologySpreadArgs, Vec<&str>)> = vec![
        ("valid config", list(vec![constraint(1, "node", "DoNotSchedule"), constraint(2, zone, "ScheduleAnyway")]), vec![]),
        ("maxSkew less than zero", list(vec![constraint(-1, "node", "DoNotSchedule")]),
            vec!["args.defaultConstraints[0].maxSkew: Invalid value: -1: not in valid range (0, inf)"]),
        ("empty topology key", list(vec![constraint(1, "", "DoNotSchedule")]),
            vec!["args.defaultConstraints[0].topologyKey: Required value: can not be empty"]),
        ("whenUnsatisfiable is empty", list(vec![constraint(1, "node", "")]),
            vec!["args.defaultConstraints[0].whenUnsatisfiable: Required value: can not be empty"]),
        ("whenUnsatisfiable contains unsupported action", list(vec![constraint(1, "node", "unknown action")]),
            vec!["args.defaultConstraints[0].whenUnsatisfiable: Unsupported value: \"unknown action\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""]),
        ("duplicated constraints", list(vec![constraint(1, "node", "DoNotSchedule"), constraint(2, "node", "DoNotSchedule")]),
            vec!["args.defaultConstraints[1]: Duplicate value: \"{node, DoNotSchedule}\""]),
        ("label selector present", list(vec![TopologySpreadConstraint { label_selector: Some(LabelSelector::default()), ..constraint(1, "key", "DoNotSchedule") }]),
            vec!["args.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod"]),
        ("list default constraints, no constraints", list(vec![]), vec![]),
        ("system default constraints", PodTopologySpreadArgs { default_constraints: vec![], defaulting_type: "System".into() }, vec![]),
        ("wrong constraints", PodTopologySpreadArgs { default_constraints: vec![constraint(1, host, "DoNotSchedule")], defaulting_type: "System".into() },
            vec!["args.defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty"]),
        ("unknown defaulting type", PodTopologySpreadArgs { default_constraints: vec![], defaulting_type: "Unknown".into() },
            vec!["args.defaultingType: Unsupported value: \"Unknown\": supported values: \"System\", \"List\""]),
    ];
    for (name, args, want) in cases {
        assert_eq!(
            run(|e| pod_topology_spread_args(e, "args", &args)),
            want,
            "{name}"
        );
    }
}

#[test]
fn validate_fit_args_table() {
    let spec = |name: &str, weight: i64| ResourceSpec {
        name: name.into(),
        weight,
    };
    let point = |utilization: i64, score: i64| ShapePoint { utilization, score };
    let strategy = |t: &str, resources: Vec<ResourceSpec>, shape: Option<Vec<ShapePoint>>| {
        NodeResourcesFitArgs {
            scoring_strategy: Some(ScoringStrategyArgs {
                type_: t.into(),
                resources,
                requested_to_capacity_ratio: shape,
            }),
        }
    };
    let cases: Vec<(&str, NodeResourcesFitArgs, Vec<&str>)> = vec![
        ("ScoringStrategy: LeastAllocated is valid", strategy("LeastAllocated", vec![spec("cpu", 1)], None), vec![]),
        ("ScoringStrategy: MostAllocated is valid", strategy("MostAllocated", vec![spec("cpu", 1)], None), vec![]),
        ("ScoringStrategy: RequestedToCapacityRatio is valid", strategy("RequestedToCapacityRatio", vec![spec("cpu", 1)], Some(vec![point(0, 10), point(100, 0)])), vec![]),
        ("ScoringStrategy: field is required", NodeResourcesFitArgs { scoring_strategy: None },
            vec!["scoringStrategy: Required value: ScoringStrategy field is required"]),
        ("ScoringStrategy: type is unsupported", strategy("Invalid", vec![spec("cpu", 1)], None),
            vec!["scoringStrategy.type: Unsupported value: \"Invalid\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\""]),
        ("ScoringStrategy: resources weight is less than 1", strategy("MostAllocated", vec![spec("cpu", 0)], None),
            vec!["scoringStrategy.resources[0].weight: Invalid value: 0: resource weight of cpu not in valid range (0, 100]"]),
        ("ScoringStrategy: resources weight is greater than 100", strategy("MostAllocated", vec![spec("memory", 101)], None),
            vec!["scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of memory not in valid range (0, 100]"]),
        ("ScoringStrategy: RequestedToCapacityRatio without its parameters", strategy("RequestedToCapacityRatio", vec![spec("cpu", 1)], None),
            vec!["scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio"]),
        ("ScoringStrategy: requestedToCapacityRatio with another type", strategy("LeastAllocated", vec![spec("cpu", 1)], Some(vec![point(0, 10)])),
            vec!["scoringStrategy.requestedToCapacityRatio: Forbidden: must be nil when type is not RequestedToCapacityRatio"]),
        ("ScoringStrategy: empty shape", strategy("RequestedToCapacityRatio", vec![spec("cpu", 1)], Some(vec![])),
            vec!["scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified"]),
        ("ScoringStrategy: shape utilization not sorted, out of range; score out of range", strategy("RequestedToCapacityRatio", vec![spec("cpu", 1)], Some(vec![point(30, 1), point(20, 11), point(101, 2)])),
            vec![
                "scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 20: values must be sorted in increasing order",
                "scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid range [0, 10]",
                "scoringStrategy.requestedToCapacityRatio.shape[2].utilization: Invalid value: 101: not in valid range [0, 100]",
            ]),
    ];
    for (name, args, want) in cases {
        let got: Vec<String> = run(|e| node_resources_fit_args(e, "", &args))
            .into_iter()
            .map(|m| m.trim_start_matches('.').to_string())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Follows upstream `TestValidateLeastAllocatedScoringStrategy`,
/// `TestValidateMostAllocatedScoringStrategy` and
/// `TestValidateRequestedToCapacityRatioScoringStrategy` (`validation_pluginargs_test.go`),
/// with their case names: the paths of the errors each strategy gets.
#[test]
fn validate_scoring_strategies_table() {
    let spec = |name: &str, weight: i64| ResourceSpec {
        name: name.into(),
        weight,
    };
    let point = |utilization: i64, score: i64| ShapePoint { utilization, score };
    let resource_cases = || -> Vec<(&str, Vec<ResourceSpec>, Vec<&str>)> {
        vec![
            ("default config", vec![], vec![]),
            (
                "multi valid resources",
                vec![spec("cpu", 1), spec("memory", 10)],
                vec![],
            ),
            (
                "weight less than min",
                vec![spec("cpu", 0)],
                vec!["resources[0].weight"],
            ),
            (
                "weight greater than max",
                vec![spec("cpu", 101)],
                vec!["resources[0].weight"],
            ),
            (
                "multi invalid resources",
                vec![spec("cpu", 0), spec("memory", 101)],
                vec!["resources[0].weight", "resources[1].weight"],
            ),
        ]
    };
    let default_shape = || vec![point(30, 3)];
    /// A RequestedToCapacityRatio case: name, resources, shape and the wanted error paths.
    type RatioCase<'a> = (&'a str, Vec<ResourceSpec>, Vec<ShapePoint>, Vec<&'a str>);
    let ratio_cases: Vec<RatioCase> = vec![
        (
            "no shapes",
            vec![],
            vec![],
            vec!["requestedToCapacityRatio.shape"],
        ),
        (
            "weight greater than max",
            vec![spec("cpu", 101)],
            default_shape(),
            vec!["resources[0].weight"],
        ),
        (
            "weight less than min",
            vec![spec("cpu", 0)],
            default_shape(),
            vec!["resources[0].weight"],
        ),
        ("valid shapes", vec![], default_shape(), vec![]),
        (
            "utilization less than min",
            vec![],
            vec![point(-1, 3)],
            vec!["requestedToCapacityRatio.shape[0].utilization"],
        ),
        (
            "utilization greater than max",
            vec![],
            vec![point(101, 3)],
            vec!["requestedToCapacityRatio.shape[0].utilization"],
        ),
        (
            "duplicated utilization values",
            vec![],
            vec![point(10, 3), point(10, 3)],
            vec!["requestedToCapacityRatio.shape[1].utilization"],
        ),
        (
            "increasing utilization values",
            vec![],
            vec![point(10, 3), point(20, 3), point(30, 3)],
            vec![],
        ),
        (
            "non-increasing utilization values",
            vec![],
            vec![point(10, 3), point(20, 3), point(15, 3)],
            vec!["requestedToCapacityRatio.shape[2].utilization"],
        ),
        (
            "score less than min",
            vec![],
            vec![point(10, -1)],
            vec!["requestedToCapacityRatio.shape[0].score"],
        ),
        (
            "score greater than max",
            vec![],
            vec![point(10, 11)],
            vec!["requestedToCapacityRatio.shape[0].score"],
        ),
    ];
    let mut cases = Vec::new();
    for type_ in ["LeastAllocated", "MostAllocated"] {
        for (name, resources, want) in resource_cases() {
            cases.push((format!("{type_}: {name}"), type_, resources, None, want));
        }
    }
    for (name, resources, shape, want) in ratio_cases {
        cases.push((
            format!("RequestedToCapacityRatio: {name}"),
            "RequestedToCapacityRatio",
            resources,
            Some(shape),
            want,
        ));
    }
    for (name, type_, resources, shape, want) in cases {
        let args = NodeResourcesFitArgs {
            scoring_strategy: Some(ScoringStrategyArgs {
                type_: type_.into(),
                resources,
                requested_to_capacity_ratio: shape,
            }),
        };
        let mut errs = Errors(Vec::new());
        node_resources_fit_args(&mut errs, "args", &args);
        let paths: Vec<String> = errs.0.into_iter().map(|e| e.path).collect();
        let want: Vec<String> = want
            .iter()
            .map(|p| format!("args.scoringStrategy.{p}"))
            .collect();
        assert_eq!(paths, want, "{name}");
    }
}

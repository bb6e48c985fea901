//! `NodeShouldRunDaemonPod`: whether a DaemonSet wants a pod on a node
//! (`shouldRun`) and whether an existing one may stay (`shouldContinueRunning`), with each
//! check's result kept as data; and the daemon pod the controller creates for a node.
//!
//! Only the template's `nodeName`, nodeSelector + required node affinity, and taints
//! (against the template's tolerations plus the automatic ones) are considered; resources,
//! ports, readiness and cordon are left to the scheduler, as upstream.

use serde::Serialize;

use crate::engine::api::{
    Affinity, DaemonSet, Node, NodeSelector, NodeSelectorTerm, OwnerReference, Pod, PodSpec,
    SelectorRequirement, Shared, Taint, TaintEffect, Toleration,
};
use crate::engine::scheduler::corev1::{
    find_matching_untolerated_taint, is_blocking_effect, RequiredNodeAffinity, OBJECT_NAME_FIELD,
};

use super::tolerations::add_or_update_daemon_pod_tolerations;

/// The per-check results of `NodeShouldRunDaemonPod` for one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Eligibility {
    /// A new daemon pod should be created on the node.
    pub should_run: bool,
    /// An existing daemon pod may keep running.
    pub should_continue_running: bool,
    /// The template's `nodeName` is empty or names this node.
    pub fits_node_name: bool,
    /// nodeSelector and required node affinity match the node.
    pub fits_node_affinity: bool,
    /// No `NoSchedule`/`NoExecute` taint is left untolerated.
    pub fits_taints: bool,
    /// The first untolerated `NoSchedule`/`NoExecute` taint, in node order.
    #[serde(skip)]
    pub untolerated_taint: Option<Taint>,
    /// The first untolerated `NoExecute` taint (it evicts an existing pod).
    #[serde(skip)]
    pub untolerated_no_execute_taint: Option<Taint>,
}

/// `NewPod`: the throw-away pod the controller checks a node with: the template, the DS
/// namespace, `spec.nodeName` set to the node and the automatic tolerations added.
pub fn new_pod(ds: &DaemonSet, node_name: &str) -> Pod {
    let mut pod = Pod {
        metadata: ds.spec.template.metadata.clone(),
        spec: ds.spec.template.spec.clone(),
        status: Default::default(),
    };
    pod.metadata.namespace = ds.metadata.namespace.clone();
    pod.spec.node_name = node_name.to_string();
    add_or_update_daemon_pod_tolerations(&mut pod.spec);
    pod
}

/// `NodeShouldRunDaemonPod`.
pub fn node_should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> Eligibility {
    DaemonSetNodeCheck::new(ds).check(node)
}

/// `NodeShouldRunDaemonPod` of one DaemonSet, for many nodes: the throw-away pod (the
/// template with the automatic tolerations) and its required node affinity are built once,
/// not per node. The pod's `nodeName` plays no part in the checks, so one pod serves all.
pub struct DaemonSetNodeCheck<'a> {
    template_node: &'a str,
    tolerations: Shared<Vec<Toleration>>,
    affinity: RequiredNodeAffinity,
}

impl<'a> DaemonSetNodeCheck<'a> {
    /// The checks of `ds`.
    pub fn new(ds: &'a DaemonSet) -> DaemonSetNodeCheck<'a> {
        let pod = new_pod(ds, "");
        DaemonSetNodeCheck {
            template_node: &ds.spec.template.spec.node_name,
            affinity: RequiredNodeAffinity::of(&pod),
            tolerations: pod.spec.tolerations,
        }
    }

    /// Every check of `node`.
    pub fn check(&self, node: &Node) -> Eligibility {
        let fits_node_name =
            self.template_node.is_empty() || self.template_node == node.metadata.name;
        let fits_node_affinity = self.affinity.matches(node);
        let untolerated_taint = find_matching_untolerated_taint(
            &node.spec.taints,
            &self.tolerations,
            is_blocking_effect,
        )
        .cloned();
        let untolerated_no_execute_taint =
            find_matching_untolerated_taint(&node.spec.taints, &self.tolerations, |t| {
                t.effect == TaintEffect::NoExecute
            })
            .cloned();
        let fits_taints = untolerated_taint.is_none();
        let (should_run, should_continue_running) = if !fits_node_name || !fits_node_affinity {
            (false, false)
        } else if !fits_taints {
            (false, untolerated_no_execute_taint.is_none())
        } else {
            (true, true)
        };
        Eligibility {
            should_run,
            should_continue_running,
            fits_node_name,
            fits_node_affinity,
            fits_taints,
            untolerated_taint,
            untolerated_no_execute_taint,
        }
    }
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes exactly
/// one term `matchFields: [{key: metadata.name, operator: In, values: [node]}]`; preferred
/// terms and other affinity kinds are kept.
pub fn pin_to_node(affinity: Option<Affinity>, node_name: &str) -> Affinity {
    let pin = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: vec![],
            match_fields: vec![SelectorRequirement {
                key: OBJECT_NAME_FIELD.to_string(),
                operator: "In".to_string(),
                values: vec![node_name.to_string()],
            }],
        }],
    };
    let mut affinity = affinity.unwrap_or_default();
    let mut na = affinity.node_affinity.take().unwrap_or_default();
    na.required = Some(pin);
    affinity.node_affinity = Some(na);
    affinity
}

/// The daemon pod the controller creates for `node_name`: template metadata and spec in
/// the DS namespace, owned by the DS, with the automatic tolerations and the required node
/// affinity replaced by the `metadata.name` pin. `spec.nodeName` stays as in the template
/// (normally empty: the scheduler binds the pod). The name is left empty (the API server
/// generates `<ds-name>-xxxxx`); revision-hash labels are the caller's business.
pub fn new_daemon_pod(ds: &DaemonSet, node_name: &str) -> Pod {
    let mut metadata = ds.spec.template.metadata.clone();
    metadata.namespace = ds.metadata.namespace.clone();
    metadata.name = String::new();
    metadata.owner_references = vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }];
    let mut spec: PodSpec = ds.spec.template.spec.clone();
    add_or_update_daemon_pod_tolerations(&mut spec);
    spec.affinity = Some(pin_to_node(spec.affinity.take(), node_name));
    Pod {
        metadata,
        spec,
        status: Default::default(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::api::{
        DaemonSetSpec, DaemonSetStatus, DaemonSetUpdateStrategy, NodeAffinity, ObjectMeta,
        PodTemplateSpec, Toleration, TolerationOperator, UpdateStrategyType,
    };
    use crate::engine::scheduler::plugins::testutil::*;

    pub fn ds_with(spec: PodSpec) -> DaemonSet {
        DaemonSet {
            metadata: ObjectMeta {
                name: "ds".into(),
                namespace: "default".into(),
                ..Default::default()
            },
            spec: DaemonSetSpec {
                selector: None,
                template: PodTemplateSpec {
                    metadata: ObjectMeta::default(),
                    spec,
                },
                update_strategy: DaemonSetUpdateStrategy {
                    type_: UpdateStrategyType::RollingUpdate,
                    rolling_update: None,
                },
                min_ready_seconds: 0,
                revision_history_limit: 10,
            },
            status: DaemonSetStatus::default(),
        }
    }

    fn tol(key: &str, effect: Option<TaintEffect>) -> Toleration {
        toleration(key, TolerationOperator::Exists, "", effect)
    }

    /// Follows upstream `TestNodeShouldRunDaemonPod` (daemon/daemon_controller_test.go) and the
    /// taint tests around it (`TestTaintedNodeDaemonDoesNotLaunchIntolerantPod`,
    /// `TestNoExecuteTaintedDoesEvicitRunningIntolerantPod`, `TestNotReadyNodeDaemonDoesLaunchPod`,
    /// `TestTaintPressureNodeDaemonLaunchesPod`, `TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod`).
    #[test]
    fn node_should_run_daemon_pod_table() {
        use TaintEffect::*;
        let with_req = PodSpec {
            containers: vec![container(&[("cpu", "100"), ("memory", "100Gi")])].into(),
            ..Default::default()
        };
        let selector = |k: &str, v: &str| PodSpec {
            node_selector: [(k.to_string(), v.to_string())].into(),
            ..Default::default()
        };
        let named = |n: &str| PodSpec {
            node_name: n.into(),
            ..Default::default()
        };
        let tolerating = |ts: Vec<Toleration>| PodSpec {
            tolerations: ts.into(),
            ..Default::default()
        };
        let cordoned = {
            let mut n = node_with_taints(
                "node-0",
                vec![taint("node.kubernetes.io/unschedulable", "", NoSchedule)],
            );
            n.spec.unschedulable = true;
            n
        };
        let not_ready = node_with_taints(
            "node-0",
            vec![
                taint("node.kubernetes.io/not-ready", "", NoSchedule),
                taint("node.kubernetes.io/not-ready", "", NoExecute),
            ],
        );
        let control_plane = node_with_taints(
            "node-0",
            vec![taint(
                "node-role.kubernetes.io/control-plane",
                "",
                NoSchedule,
            )],
        );
        let cases: Vec<(&str, PodSpec, Node, (bool, bool))> = vec![
            (
                "ShouldRunDaemonPod: a plain template runs on an untainted node",
                PodSpec::default(),
                node("node-0"),
                (true, true),
            ),
            (
                "InsufficientResourceError: capacity is left to the scheduler",
                with_req,
                node_with_allocatable(
                    "node-0",
                    &[("cpu", "1"), ("memory", "1Gi"), ("pods", "110")],
                ),
                (true, true),
            ),
            (
                "ShouldRunDaemonPod: a nodeSelector that matches",
                selector("type", "production"),
                node_with_labels("node-0", &[("type", "production")]),
                (true, true),
            ),
            (
                "ErrNodeSelectorNotMatch: a nodeSelector that does not match",
                selector("type", "production"),
                node_with_labels("node-0", &[("type", "test")]),
                (false, false),
            ),
            (
                "ShouldRunDaemonPod: a template nodeName for this node",
                named("node-0"),
                node("node-0"),
                (true, true),
            ),
            (
                "ErrPodNotMatchHostName: a template nodeName for another node",
                named("other-node"),
                node("node-0"),
                (false, false),
            ),
            (
                "ShouldRunDaemonPodOnUnschedulableNode: a cordoned node still gets a daemon pod (automatic toleration)",
                PodSpec::default(),
                cordoned,
                (true, true),
            ),
            (
                "a NotReady node gets no new daemon pod but keeps the existing one",
                PodSpec::default(),
                not_ready,
                (false, true),
            ),
            (
                "a node with only the not-ready NoExecute taint gets a daemon pod",
                PodSpec::default(),
                node_with_taints(
                    "node-0",
                    vec![taint("node.kubernetes.io/not-ready", "", NoExecute)],
                ),
                (true, true),
            ),
            (
                "pressure taints are tolerated automatically",
                PodSpec::default(),
                node_with_taints(
                    "node-0",
                    vec![
                        taint("node.kubernetes.io/disk-pressure", "", NoSchedule),
                        taint("node.kubernetes.io/memory-pressure", "", NoSchedule),
                        taint("node.kubernetes.io/pid-pressure", "", NoSchedule),
                    ],
                ),
                (true, true),
            ),
            (
                "network-unavailable is not tolerated without hostNetwork",
                PodSpec::default(),
                node_with_taints(
                    "node-0",
                    vec![taint(
                        "node.kubernetes.io/network-unavailable",
                        "",
                        NoSchedule,
                    )],
                ),
                (false, true),
            ),
            (
                "network-unavailable is tolerated with hostNetwork",
                PodSpec {
                    host_network: true,
                    ..Default::default()
                },
                node_with_taints(
                    "node-0",
                    vec![taint(
                        "node.kubernetes.io/network-unavailable",
                        "",
                        NoSchedule,
                    )],
                ),
                (true, true),
            ),
            (
                "the control-plane taint keeps a new daemon pod away but not an existing one",
                PodSpec::default(),
                control_plane.clone(),
                (false, true),
            ),
            (
                "a toleration for the control-plane taint places a pod there",
                tolerating(vec![tol(
                    "node-role.kubernetes.io/control-plane",
                    Some(NoSchedule),
                )]),
                control_plane,
                (true, true),
            ),
            (
                "an untolerated NoExecute taint evicts the daemon pod",
                PodSpec::default(),
                node_with_taints("node-0", vec![taint("dedicated", "x", NoExecute)]),
                (false, false),
            ),
            (
                "an empty-key Exists toleration tolerates every taint",
                tolerating(vec![tol("", None)]),
                node_with_taints(
                    "node-0",
                    vec![
                        taint("dedicated", "x", NoExecute),
                        taint("a", "", NoSchedule),
                    ],
                ),
                (true, true),
            ),
            ("ErrPodNotFitsHostPorts: host ports are left to the scheduler", PodSpec { containers: vec![crate::engine::api::Container { ports: vec![crate::engine::api::ContainerPort { host_port: 666, ..Default::default() }], ..Default::default() }].into(), ..Default::default() }, node("node-0"), (true, true)),
            ("ErrPodAffinityNotMatch: required affinity type In test on a production node", PodSpec { affinity: Some(Affinity { pod_affinity: None, pod_anti_affinity: None, node_affinity: Some(NodeAffinity { required: Some(NodeSelector { node_selector_terms: vec![NodeSelectorTerm { match_expressions: vec![SelectorRequirement { key: "type".into(), operator: "In".into(), values: vec!["test".into()] }], match_fields: vec![] }] }), preferred: vec![] }), extra: vec![] }), ..Default::default() }, node_with_labels("node-0", &[("type", "production")]), (false, false)),
            ("ShouldRunDaemonPod: required affinity type In production on a production node", PodSpec { affinity: Some(Affinity { pod_affinity: None, pod_anti_affinity: None, node_affinity: Some(NodeAffinity { required: Some(NodeSelector { node_selector_terms: vec![NodeSelectorTerm { match_expressions: vec![SelectorRequirement { key: "type".into(), operator: "In".into(), values: vec!["production".into()] }], match_fields: vec![] }] }), preferred: vec![] }), extra: vec![] }), ..Default::default() }, node_with_labels("node-0", &[("type", "production")]), (true, true)),
            ("a cordon without its taint does not matter to the controller", PodSpec::default(), { let mut n = node("node-0"); n.spec.unschedulable = true; n }, (true, true)),
            (
                "PreferNoSchedule never blocks a daemon pod",
                PodSpec::default(),
                node_with_taints("node-0", vec![taint("soft", "", PreferNoSchedule)]),
                (true, true),
            ),
            (
                "a toleration with tolerationSeconds still tolerates",
                tolerating(vec![Toleration {
                    toleration_seconds: Some(10),
                    ..tol("dedicated", Some(NoExecute))
                }]),
                node_with_taints("node-0", vec![taint("dedicated", "x", NoExecute)]),
                (true, true),
            ),
        ];
        for (name, spec, n, want) in cases {
            let e = node_should_run_daemon_pod(&n, &ds_with(spec));
            assert_eq!((e.should_run, e.should_continue_running), want, "{name}");
        }
    }

    /// Follows upstream `TestReplaceDaemonSetPodNodeNameNodeAffinity` (daemon/util): whatever
    /// the required terms were (none, label expressions, several names, NotIn, another
    /// field key), they become the single `metadata.name In [node]` term.
    #[test]
    fn pin_to_node_table() {
        let term = |expressions: Vec<SelectorRequirement>, fields: Vec<SelectorRequirement>| {
            NodeSelectorTerm {
                match_expressions: expressions,
                match_fields: fields,
            }
        };
        let req = |key: &str, op: &str, values: &[&str]| SelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let required = |terms: Vec<NodeSelectorTerm>| {
            Some(Affinity {
                pod_affinity: None,
                pod_anti_affinity: None,
                node_affinity: Some(NodeAffinity {
                    required: Some(NodeSelector {
                        node_selector_terms: terms,
                    }),
                    preferred: vec![],
                }),
                extra: vec![],
            })
        };
        let pinned = vec![term(vec![], vec![req("metadata.name", "In", &["host_1"])])];
        let preferred = vec![crate::engine::api::PreferredSchedulingTerm {
            weight: 1,
            preference: term(
                vec![req("kubernetes.io/hostname", "In", &["host_1"])],
                vec![],
            ),
        }];
        let cases: Vec<(&str, Option<Affinity>)> = vec![
            ("no affinity", None),
            (
                "an affinity without node affinity",
                Some(Affinity::default()),
            ),
            (
                "a hostname expression",
                required(vec![term(
                    vec![req("kubernetes.io/hostname", "In", &["host_1"])],
                    vec![],
                )]),
            ),
            (
                "two node names",
                required(vec![term(
                    vec![],
                    vec![req("metadata.name", "In", &["host_1", "host_2"])],
                )]),
            ),
            (
                "an expression term and another node's name",
                required(vec![
                    term(vec![req("hostname", "In", &["host_1"])], vec![]),
                    term(vec![], vec![req("metadata.name", "In", &["host_2"])]),
                ]),
            ),
            (
                "a NotIn field",
                required(vec![term(
                    vec![],
                    vec![req("metadata.name", "NotIn", &["host_2"])],
                )]),
            ),
            (
                "another field key",
                required(vec![term(
                    vec![],
                    vec![req("metadata.foo", "In", &["bar"])],
                )]),
            ),
        ];
        for (name, affinity) in cases {
            let got = pin_to_node(affinity, "host_1");
            let na = got.node_affinity.expect("node affinity");
            assert_eq!(
                na.required.expect("required").node_selector_terms,
                pinned,
                "{name}"
            );
            assert!(na.preferred.is_empty(), "{name}");
        }
        let with_preferred = Affinity {
            pod_affinity: None,
            pod_anti_affinity: None,
            node_affinity: Some(NodeAffinity {
                required: None,
                preferred: preferred.clone(),
            }),
            extra: vec![],
        };
        let na = pin_to_node(Some(with_preferred), "host_1")
            .node_affinity
            .expect("node affinity");
        assert_eq!(na.preferred, preferred, "preferred terms are kept");
        assert_eq!(na.required.expect("required").node_selector_terms, pinned);
    }

    #[test]
    fn new_daemon_pod_pins_the_node_and_keeps_preferred_terms() {
        use crate::engine::api::PreferredSchedulingTerm;
        let spec = PodSpec {
            affinity: Some(Affinity {
                pod_affinity: None,
                pod_anti_affinity: None,
                node_affinity: Some(NodeAffinity {
                    required: Some(NodeSelector {
                        node_selector_terms: vec![NodeSelectorTerm {
                            match_expressions: vec![SelectorRequirement {
                                key: "a".into(),
                                operator: "Exists".into(),
                                values: vec![],
                            }],
                            match_fields: vec![],
                        }],
                    }),
                    preferred: vec![PreferredSchedulingTerm {
                        weight: 1,
                        preference: NodeSelectorTerm::default(),
                    }],
                }),
                extra: vec![],
            }),
            ..Default::default()
        };
        let pod = new_daemon_pod(&ds_with(spec), "node-7");
        let na = pod
            .spec
            .affinity
            .and_then(|a| a.node_affinity)
            .expect("node affinity");
        let terms = na.required.expect("required").node_selector_terms;
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].match_fields[0].key, "metadata.name");
        assert_eq!(terms[0].match_fields[0].values, ["node-7"]);
        assert!(terms[0].match_expressions.is_empty());
        assert_eq!(na.preferred.len(), 1);
        assert_eq!(pod.spec.tolerations.len(), 6);
        assert!(pod.spec.node_name.is_empty());
        assert_eq!(pod.metadata.owner_references[0].kind, "DaemonSet");
    }
}

//! Upstream defaulting (`pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`,
//! `pkg/apis/scheduling/v1/defaults.go`), applied after decoding and before validation.

use crate::engine::api::policy::PodDisruptionBudget;
use crate::engine::api::resource::{
    aggregate_container_limits, aggregate_container_requests, is_supported_pod_level_resource,
};
use crate::engine::api::types::*;
use crate::engine::api::workloads::*;

/// `SetDefaults_PodSpec` plus `SetDefaults_ContainerPort`: restart policy `Always`, grace
/// period 30 s, `default-scheduler`, port protocol `TCP`. (Requests and host ports are not
/// defaulted here: upstream does that for Pods only, see [`default_pod`].)
pub fn default_pod_spec(spec: &mut PodSpec) {
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".to_string();
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".to_string();
    }
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        for p in &mut c.ports {
            if p.protocol.is_empty() {
                p.protocol = "TCP".to_string();
            }
        }
    }
}

/// `SetDefaults_Pod`: the pod-spec defaults; each container's requests default to its limits
/// (per resource, only where a limit exists and no request); then the pod-level resources
/// (`PodLevelResources`, on by default since v1.34: see [`default_pod_level_resources`]);
/// with `hostNetwork`, each port's `hostPort` defaults to its `containerPort` (since v1.28
/// for Pods only, not templates). The simulation calls this for every pod it creates, as
/// the API server does.
pub fn default_pod(pod: &mut Pod) {
    default_pod_spec(&mut pod.spec);
    let host_network = pod.spec.host_network;
    for c in pod
        .spec
        .containers
        .iter_mut()
        .chain(pod.spec.init_containers.iter_mut())
    {
        for (name, limit) in &c.resources.limits {
            c.resources
                .requests
                .get_or_insert_with(name.clone(), || *limit);
        }
        if host_network {
            for p in &mut c.ports {
                if p.host_port == 0 {
                    p.host_port = p.container_port;
                }
            }
        }
    }
    default_pod_level_resources(pod);
}

/// `defaultHugePagePodLimits` then `defaultPodRequests`, once `spec.resources` is partly
/// given: a huge-page size the containers limit and the pod neither limits nor requests
/// gets the containers' aggregate limit; then each pod-level request that is missing
/// takes, for cpu and memory, the containers' aggregate request if they request it, else
/// the pod-level limit (requests are only filled in when pod-level limits exist).
fn default_pod_level_resources(pod: &mut Pod) {
    let (container_requests, container_limits) = (
        aggregate_container_requests(pod),
        aggregate_container_limits(pod),
    );
    let Some(r) = pod.spec.resources.as_mut() else {
        return;
    };
    if r.limits.is_empty() && r.requests.is_empty() {
        return;
    }
    for (name, limit) in &container_limits {
        if name.starts_with("hugepages-") && r.requests.get(name).is_none() {
            r.limits.get_or_insert_with(name.clone(), || *limit);
        }
    }
    if r.limits.is_empty() {
        return;
    }
    for (name, request) in &container_requests {
        if name == "cpu" || name == "memory" {
            r.requests.get_or_insert_with(name.clone(), || *request);
        }
    }
    for (name, limit) in &r.limits {
        if is_supported_pod_level_resource(name) {
            r.requests.get_or_insert_with(name.clone(), || *limit);
        }
    }
}

/// `SetDefaults_DaemonSet`: strategy `RollingUpdate` with maxUnavailable 1 and maxSurge 0
/// (only for RollingUpdate), revisionHistoryLimit 10 (set while decoding), the template's
/// pod-spec defaults, and `metadata.generation` 1 when absent.
pub fn default_daemon_set(ds: &mut DaemonSet) {
    let strategy = &mut ds.spec.update_strategy;
    if strategy.type_ == UpdateStrategyType::Other(String::new()) {
        strategy.type_ = UpdateStrategyType::RollingUpdate;
    }
    if strategy.type_ == UpdateStrategyType::RollingUpdate {
        let ru = strategy
            .rolling_update
            .get_or_insert(RollingUpdateDaemonSet {
                max_unavailable: None,
                max_surge: None,
            });
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrPercent::Int(1));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrPercent::Int(0));
        }
    }
    default_pod_spec(&mut ds.spec.template.spec);
    if ds.metadata.generation.is_none() {
        ds.metadata.generation = Some(1);
    }
}

/// `SetDefaults_Deployment`: strategy `RollingUpdate` with maxUnavailable and maxSurge `25%`
/// (only for RollingUpdate), progressDeadlineSeconds 600; replicas 1 and
/// revisionHistoryLimit 10 (set while decoding); the template's pod-spec defaults, and
/// `metadata.generation` 1 when absent.
pub fn default_deployment(deployment: &mut Deployment) {
    let spec = &mut deployment.spec;
    let strategy = &mut spec.strategy;
    if strategy.type_ == DeploymentStrategyType::Other(String::new()) {
        strategy.type_ = DeploymentStrategyType::RollingUpdate;
    }
    if strategy.type_ == DeploymentStrategyType::RollingUpdate {
        let ru = strategy
            .rolling_update
            .get_or_insert(RollingUpdateDeployment {
                max_unavailable: None,
                max_surge: None,
            });
        let quarter = || IntOrPercent::String("25%".to_string());
        ru.max_unavailable.get_or_insert_with(quarter);
        ru.max_surge.get_or_insert_with(quarter);
    }
    spec.progress_deadline_seconds.get_or_insert(600);
    default_pod_spec(&mut spec.template.spec);
    deployment.metadata.generation.get_or_insert(1);
}

/// `SetDefaults_ReplicaSet`: replicas 1 (set while decoding); the template's pod-spec
/// defaults, and `metadata.generation` 1 when absent.
pub fn default_replica_set(replica_set: &mut ReplicaSet) {
    default_pod_spec(&mut replica_set.spec.template.spec);
    replica_set.metadata.generation.get_or_insert(1);
}

/// `SetDefaults_StatefulSet`: `podManagementPolicy` OrderedReady; an unset update strategy
/// becomes RollingUpdate with an empty `rollingUpdate`, whose `partition` defaults to 0
/// (`maxUnavailable` is defaulted only with the MaxUnavailableStatefulSet feature gate, off
/// in the latest v1.35 patch releases); the claim retention policy Retain/Retain; replicas 1
/// and `revisionHistoryLimit` 10 (set while decoding); the template's pod-spec defaults, and
/// `metadata.generation` 1 when absent.
pub fn default_stateful_set(stateful_set: &mut StatefulSet) {
    let spec = &mut stateful_set.spec;
    if spec.pod_management_policy == PodManagementPolicy::Other(String::new()) {
        spec.pod_management_policy = PodManagementPolicy::OrderedReady;
    }
    let strategy = &mut spec.update_strategy;
    if strategy.type_ == UpdateStrategyType::Other(String::new()) {
        strategy.type_ = UpdateStrategyType::RollingUpdate;
        strategy
            .rolling_update
            .get_or_insert(RollingUpdateStatefulSet {
                partition: 0,
                max_unavailable: None,
            });
    }
    let policy = spec.persistent_volume_claim_retention_policy.get_or_insert(
        PersistentVolumeClaimRetentionPolicy {
            when_deleted: String::new(),
            when_scaled: String::new(),
        },
    );
    for when in [&mut policy.when_deleted, &mut policy.when_scaled] {
        if when.is_empty() {
            *when = "Retain".to_string();
        }
    }
    default_pod_spec(&mut spec.template.spec);
    stateful_set.metadata.generation.get_or_insert(1);
}

/// A PodDisruptionBudget: `policy/v1` defaults nothing in it; `metadata.generation` 1 when
/// absent.
pub fn default_pod_disruption_budget(pdb: &mut PodDisruptionBudget) {
    pdb.metadata.generation.get_or_insert(1);
}

/// `SetDefaults_NodeStatus`: allocatable is a copy of capacity when absent.
pub fn default_node(node: &mut Node) {
    if node.status.allocatable.is_empty() && !node.status.capacity.is_empty() {
        node.status.allocatable = node.status.capacity.clone();
    }
}

/// `SetDefaults_PriorityClass`: preemptionPolicy `PreemptLowerPriority`.
pub fn default_priority_class(pc: &mut PriorityClass) {
    if pc.preemption_policy.is_empty() {
        pc.preemption_policy = "PreemptLowerPriority".to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Quantity;

    fn list(pairs: &[(&str, &str)]) -> ResourceList {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Quantity::parse(v).expect("quantity")))
            .collect()
    }

    fn with_container(requests: &[(&str, &str)], limits: &[(&str, &str)]) -> Pod {
        let mut c = Container::default();
        c.resources.requests = list(requests);
        c.resources.limits = list(limits);
        let mut pod = Pod::default();
        pod.spec.containers = vec![c].into();
        pod
    }

    /// Follows upstream `defaultPodRequests` / `defaultHugePagePodLimits`
    /// (pkg/apis/core/v1/defaults.go) with `PodLevelResources` on.
    #[test]
    fn pod_level_resources_defaults_table() {
        type Case = (
            &'static str,
            Pod,
            Option<(
                Vec<(&'static str, &'static str)>,
                Vec<(&'static str, &'static str)>,
            )>,
            Option<(
                Vec<(&'static str, &'static str)>,
                Vec<(&'static str, &'static str)>,
            )>,
        );
        let cases: Vec<Case> = vec![
            (
                "no pod-level resources stay absent",
                with_container(&[("cpu", "1")], &[]),
                None,
                None,
            ),
            (
                "a missing request takes the containers' aggregate request",
                with_container(&[("cpu", "500m")], &[]),
                Some((vec![], vec![("cpu", "2")])),
                Some((vec![("cpu", "500m")], vec![("cpu", "2")])),
            ),
            (
                "a resource no container requests takes the pod-level limit",
                with_container(&[], &[]),
                Some((vec![], vec![("cpu", "2"), ("memory", "1Gi")])),
                Some((
                    vec![("cpu", "2"), ("memory", "1Gi")],
                    vec![("cpu", "2"), ("memory", "1Gi")],
                )),
            ),
            (
                "requests alone are left as they are",
                with_container(&[("memory", "1Mi")], &[]),
                Some((vec![("cpu", "1")], vec![])),
                Some((vec![("cpu", "1")], vec![])),
            ),
            (
                "container huge-page limits become the pod-level limit and request",
                with_container(&[], &[("hugepages-2Mi", "4Mi")]),
                Some((vec![("cpu", "1")], vec![])),
                Some((
                    vec![("cpu", "1"), ("hugepages-2Mi", "4Mi")],
                    vec![("hugepages-2Mi", "4Mi")],
                )),
            ),
        ];
        for (name, mut pod, given, want) in cases {
            pod.spec.resources = given.map(|(r, l)| ResourceRequirements {
                requests: list(&r),
                limits: list(&l),
                ..Default::default()
            });
            default_pod(&mut pod);
            let got = pod.spec.resources.map(|r| (r.requests, r.limits));
            let want = want.map(|(r, l)| (list(&r), list(&l)));
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestSetDefaultPodSpecHostNetwork` (pkg/apis/core/v1/defaults_test.go):
    /// with `hostNetwork`, the ports of containers and init containers get `hostPort`.
    #[test]
    fn test_set_default_pod_spec_host_network() {
        let with_port = || Container {
            ports: vec![ContainerPort {
                container_port: 8080,
                ..ContainerPort::default()
            }],
            ..Container::default()
        };
        let mut pod = Pod::default();
        pod.spec.host_network = true;
        pod.spec.containers = vec![with_port()].into();
        pod.spec.init_containers = vec![with_port()].into();
        default_pod(&mut pod);
        assert_eq!(pod.spec.containers[0].ports[0].host_port, 8080, "container");
        assert_eq!(
            pod.spec.init_containers[0].ports[0].host_port, 8080,
            "init container"
        );
    }

    /// Follows upstream `TestSetDefaultRequestsPod`: requests default to limits in containers
    /// and init containers, an explicit request of 0 is kept, and nothing is added without
    /// limits.
    #[test]
    fn test_set_default_requests_pod() {
        let limited = || {
            with_container(&[("memory", "0")], &[("cpu", "100m"), ("memory", "1Gi")])
                .spec
                .containers[0]
                .clone()
        };
        let mut pod = Pod::default();
        pod.spec.containers = vec![limited()].into();
        pod.spec.init_containers = vec![limited()].into();
        default_pod(&mut pod);
        let want = list(&[("cpu", "100m"), ("memory", "0")]);
        assert_eq!(pod.spec.containers[0].resources.requests, want, "container");
        assert_eq!(
            pod.spec.init_containers[0].resources.requests, want,
            "init container"
        );

        let mut bare = Pod::default();
        bare.spec.containers = vec![Container::default()].into();
        bare.spec.init_containers = vec![Container::default()].into();
        default_pod(&mut bare);
        assert!(bare.spec.containers[0].resources.requests.is_empty());
        assert!(bare.spec.init_containers[0].resources.requests.is_empty());
    }

    /// Follows upstream `TestSetDefaultSchedulerName` and the pod-spec part of
    /// `TestPodDefaults`: restart policy, grace period and scheduler name.
    #[test]
    fn test_set_default_scheduler_name() {
        let mut pod = Pod::default();
        default_pod(&mut pod);
        assert_eq!(
            (
                pod.spec.scheduler_name.as_str(),
                pod.spec.restart_policy.as_str(),
                pod.spec.termination_grace_period_seconds,
            ),
            ("default-scheduler", "Always", Some(30))
        );
    }

    /// Follows upstream `TestSetDefaultNodeStatusAllocatable`: allocatable defaults to
    /// capacity only when it is absent.
    #[test]
    fn test_set_default_node_status_allocatable() {
        let capacity = || list(&[("cpu", "1000m"), ("memory", "10G")]);
        let allocatable = || list(&[("cpu", "500m"), ("memory", "5G")]);
        let cases = [
            (
                "everything set, no defaulting",
                capacity(),
                allocatable(),
                allocatable(),
            ),
            (
                "allocatable set, no defaulting",
                list(&[]),
                allocatable(),
                allocatable(),
            ),
            (
                "capacity set, allocatable defaults to capacity",
                capacity(),
                list(&[]),
                capacity(),
            ),
            ("nothing set", list(&[]), list(&[]), list(&[])),
        ];
        for (name, capacity, allocatable, want) in cases {
            let mut node = Node::default();
            node.status.capacity = capacity;
            node.status.allocatable = allocatable;
            default_node(&mut node);
            assert_eq!(node.status.allocatable, want, "{name}");
        }
    }

    /// A Deployment's `spec` as the loader has it after defaulting.
    fn deployment_spec(spec: &str) -> DeploymentSpec {
        let text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  selector: {{matchLabels: {{a: b}}}}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n{spec}"
        );
        let loaded = crate::engine::yaml::load(&text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.objects.deployments[0].spec.clone()
    }

    /// Follows upstream `TestSetDefaultDeployment` (pkg/apis/apps/v1/defaults_test.go):
    /// (replicas, strategy type, maxUnavailable, maxSurge, revisionHistoryLimit,
    /// progressDeadlineSeconds) after defaulting.
    #[test]
    fn test_set_default_deployment() {
        type Defaulted = (
            i32,
            DeploymentStrategyType,
            Option<IntOrPercent>,
            Option<IntOrPercent>,
            i32,
            Option<i32>,
        );
        let quarter = || Some(IntOrPercent::String("25%".into()));
        let rolling = DeploymentStrategyType::RollingUpdate;
        let cases: Vec<(&str, &str, Defaulted)> = vec![
            (
                "an empty spec gets 1 replica, RollingUpdate 25%/25%, 10 revisions, 600 s",
                "",
                (1, rolling.clone(), quarter(), quarter(), 10, Some(600)),
            ),
            (
                "a given maxSurge is kept and maxUnavailable defaults",
                "  replicas: 5\n  strategy:\n    rollingUpdate: {maxSurge: 5}\n",
                (
                    5,
                    rolling.clone(),
                    quarter(),
                    Some(IntOrPercent::Int(5)),
                    10,
                    Some(600),
                ),
            ),
            (
                "RollingUpdate without rollingUpdate gets both defaults",
                "  replicas: 3\n  strategy: {type: RollingUpdate}\n",
                (3, rolling.clone(), quarter(), quarter(), 10, Some(600)),
            ),
            (
                "Recreate gets no rollingUpdate",
                "  replicas: 5\n  strategy: {type: Recreate}\n",
                (
                    5,
                    DeploymentStrategyType::Recreate,
                    None,
                    None,
                    10,
                    Some(600),
                ),
            ),
            (
                "a given progressDeadlineSeconds is kept",
                "  replicas: 5\n  strategy: {type: Recreate}\n  progressDeadlineSeconds: 30\n",
                (
                    5,
                    DeploymentStrategyType::Recreate,
                    None,
                    None,
                    10,
                    Some(30),
                ),
            ),
            (
                "zero replicas stay zero",
                "  replicas: 0\n  revisionHistoryLimit: 0\n",
                (0, rolling, quarter(), quarter(), 0, Some(600)),
            ),
        ];
        for (name, spec, want) in cases {
            let got = deployment_spec(spec);
            let ru = got.strategy.rolling_update.clone();
            let got: Defaulted = (
                got.replicas,
                got.strategy.type_,
                ru.as_ref().and_then(|r| r.max_unavailable.clone()),
                ru.and_then(|r| r.max_surge),
                got.revision_history_limit,
                got.progress_deadline_seconds,
            );
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestSetDefaultDaemonSetSpec` (pkg/apis/apps/v1/defaults_test.go):
    /// (strategy type, maxUnavailable, maxSurge, revisionHistoryLimit) after defaulting.
    /// Its last case, an empty spec, is left out: it does not pass validation.
    #[test]
    fn test_set_default_daemon_set_spec() {
        type Defaulted = (
            UpdateStrategyType,
            Option<IntOrPercent>,
            Option<IntOrPercent>,
            i32,
        );
        let rolling = |history| {
            (
                UpdateStrategyType::RollingUpdate,
                Some(IntOrPercent::Int(1)),
                Some(IntOrPercent::Int(0)),
                history,
            )
        };
        let cases: Vec<(&str, &str, &str, Defaulted)> = vec![
            ("labels change/defaulting test", "", "", rolling(10)),
            (
                "labels change/defaulting test with a revisionHistoryLimit",
                "  labels: {bar: foo}\n",
                "  revisionHistoryLimit: 1\n",
                rolling(1),
            ),
            (
                "OnDeleteDaemonSetStrategyType update strategy",
                "",
                "  updateStrategy: {type: OnDelete}\n",
                (UpdateStrategyType::OnDelete, None, None, 10),
            ),
        ];
        for (name, labels, spec, want) in cases {
            let text = format!(
                "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\n{labels}spec:\n{spec}  selector: {{matchLabels: {{foo: bar}}}}\n  template:\n    metadata: {{labels: {{foo: bar}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n"
            );
            let loaded = crate::engine::yaml::load(&text);
            assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
            let spec = &loaded.objects.daemon_sets[0].spec;
            let ru = spec.update_strategy.rolling_update.clone();
            let got: Defaulted = (
                spec.update_strategy.type_.clone(),
                ru.as_ref().and_then(|r| r.max_unavailable.clone()),
                ru.and_then(|r| r.max_surge),
                spec.revision_history_limit,
            );
            assert_eq!(got, want, "{name}");
        }
    }

    /// Follows upstream `TestDefaultRequestIsNotSetForReplicaSet`: a template's container
    /// limits are not copied to its requests (only a Pod's are).
    #[test]
    fn test_default_request_is_not_set_for_replica_set() {
        let text = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: 3\n  selector: {matchLabels: {foo: bar}}\n  template:\n    metadata: {labels: {foo: bar}}\n    spec: {containers: [{name: c, image: i, resources: {limits: {cpu: 100m}}}]}\n";
        let loaded = crate::engine::yaml::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let container = &loaded.objects.replica_sets[0].spec.template.spec.containers[0];
        assert!(container.resources.requests.is_empty());
    }

    /// Follows upstream `TestSetDefaultReplicaSetReplicas`, and the template's pod-spec
    /// defaults both kinds get.
    #[test]
    fn test_set_default_replica_set_replicas() {
        let cases = [
            ("absent replicas default to 1", "", 1),
            ("zero replicas stay zero", "  replicas: 0\n", 0),
            ("three replicas stay three", "  replicas: 3\n", 3),
        ];
        for (name, replicas, want) in cases {
            let text = format!(
                "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: r}}\nspec:\n{replicas}  selector: {{matchLabels: {{a: b}}}}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec: {{containers: [{{name: c, image: i, ports: [{{containerPort: 80}}]}}]}}\n"
            );
            let loaded = crate::engine::yaml::load(&text);
            assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
            let rs = &loaded.objects.replica_sets[0];
            assert_eq!(rs.spec.replicas, want, "{name}");
            assert_eq!(rs.metadata.generation, Some(1), "{name}: generation");
            let template = &rs.spec.template.spec;
            assert_eq!(
                (
                    template.restart_policy.as_str(),
                    template.scheduler_name.as_str(),
                    template.termination_grace_period_seconds,
                    template.containers[0].ports[0].protocol.as_str(),
                ),
                ("Always", "default-scheduler", Some(30), "TCP"),
                "{name}: the template's pod-spec defaults"
            );
        }
    }
}

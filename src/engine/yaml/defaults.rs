//! Upstream defaulting (`pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`,
//! `pkg/apis/scheduling/v1/defaults.go`), applied after decoding and before validation.

use crate::engine::api::types::*;

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
/// (per resource, only where a limit exists and no request); with `hostNetwork`, each port's
/// `hostPort` defaults to its `containerPort` (since v1.28 for Pods only, not templates).
/// The simulation calls this for every pod it creates from a template, as the API server does.
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

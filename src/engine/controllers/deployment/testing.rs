//! Builders the Deployment tests share, after upstream's test helpers (`newDeployment`,
//! `rs`, `newRSWithStatus` of `deployment_controller_test.go`, `generateDeployment` and
//! `generateRS` of `deployment_util_test.go`).

use crate::engine::api::{
    Container, Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy,
    DeploymentStrategyType, IntOrPercent, LabelSelector, ObjectMeta, PodTemplateSpec, ReplicaSet,
    ReplicaSetSpec, ReplicaSetStatus, RollingUpdateDeployment, StringMap,
};

/// Labels from pairs.
pub fn labels(pairs: &[(&str, &str)]) -> StringMap {
    let mut map = StringMap::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v.to_string());
    }
    map
}

/// A selector matching `pairs`.
pub fn selector(pairs: &[(&str, &str)]) -> Option<LabelSelector> {
    Some(LabelSelector {
        match_labels: labels(pairs),
        match_expressions: Vec::new(),
    })
}

/// An integer maxSurge / maxUnavailable.
pub fn int(value: i32) -> Option<IntOrPercent> {
    Some(IntOrPercent::Int(value))
}

/// A percent (or any text) maxSurge / maxUnavailable.
pub fn text(value: &str) -> Option<IntOrPercent> {
    Some(IntOrPercent::String(value.to_string()))
}

/// `newDeployment`: a RollingUpdate Deployment with maxSurge and maxUnavailable 0 unless
/// given, the revision history limit unlimited unless given, and a `foo/bar` container.
pub fn new_deployment(
    name: &str,
    replicas: i32,
    revision_history_limit: Option<i32>,
    max_surge: Option<IntOrPercent>,
    max_unavailable: Option<IntOrPercent>,
    selector_labels: &[(&str, &str)],
) -> Deployment {
    let mut template = PodTemplateSpec::default();
    template.metadata.labels = labels(selector_labels);
    template.spec.containers.push(Container {
        image: "foo/bar".to_string(),
        ..Container::default()
    });
    Deployment {
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: "default".to_string(),
            ..ObjectMeta::default()
        },
        spec: DeploymentSpec {
            replicas,
            selector: selector(selector_labels),
            template,
            strategy: DeploymentStrategy {
                type_: DeploymentStrategyType::RollingUpdate,
                rolling_update: Some(RollingUpdateDeployment {
                    max_unavailable: max_unavailable.or(int(0)),
                    max_surge: max_surge.or(int(0)),
                }),
            },
            min_ready_seconds: 0,
            revision_history_limit: revision_history_limit.unwrap_or(i32::MAX),
            paused: false,
            progress_deadline_seconds: None,
        },
        status: DeploymentStatus::default(),
    }
}

/// A Recreate Deployment of `replicas`.
pub fn recreate_deployment(name: &str, replicas: i32) -> Deployment {
    let mut d = new_deployment(name, replicas, None, None, None, &[]);
    d.spec.strategy = DeploymentStrategy {
        type_: DeploymentStrategyType::Recreate,
        rolling_update: None,
    };
    d
}

/// `rs`: a ReplicaSet of `replicas` created at `created` (RFC 3339; empty for none), with an
/// empty template.
pub fn rs(
    name: &str,
    replicas: i32,
    selector_labels: &[(&str, &str)],
    created: &str,
) -> ReplicaSet {
    ReplicaSet {
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: "default".to_string(),
            creation_timestamp: (!created.is_empty()).then(|| created.to_string()),
            ..ObjectMeta::default()
        },
        spec: ReplicaSetSpec {
            replicas,
            min_ready_seconds: 0,
            selector: selector(selector_labels),
            template: PodTemplateSpec::default(),
        },
        status: ReplicaSetStatus::default(),
    }
}

/// `newRSWithStatus`: a ReplicaSet with `spec.replicas` and `status.replicas`.
pub fn new_rs_with_status(name: &str, spec_replicas: i32, status_replicas: i32) -> ReplicaSet {
    let mut replica_set = rs(name, spec_replicas, &[], "");
    replica_set.status.replicas = status_replicas;
    replica_set
}

/// `newRSWithAvailable`: a ReplicaSet with `spec.replicas`, `status.replicas` and
/// `status.availableReplicas`.
pub fn new_rs_with_available(
    name: &str,
    spec_replicas: i32,
    status_replicas: i32,
    available: i32,
) -> ReplicaSet {
    let mut replica_set = new_rs_with_status(name, spec_replicas, status_replicas);
    replica_set.status.available_replicas = available;
    replica_set
}

/// `generateDeployment`: a Deployment named after `image`, one replica, its pods labelled
/// `name: <image>` and running one container of that image.
pub fn generate_deployment(image: &str) -> Deployment {
    let mut d = new_deployment(image, 1, None, None, None, &[("name", image)]);
    d.spec.template.spec.containers[0] = Container {
        name: image.to_string(),
        image: image.to_string(),
        ..Container::default()
    };
    d
}

/// `generateRS`: a ReplicaSet of no replicas with the Deployment's template, labels and
/// selector, named after the Deployment and `suffix`.
pub fn generate_rs(deployment: &Deployment, suffix: &str) -> ReplicaSet {
    let template = deployment.spec.template.clone();
    ReplicaSet {
        metadata: ObjectMeta {
            name: format!("{}{suffix}", deployment.metadata.name),
            labels: template.metadata.labels.clone(),
            ..ObjectMeta::default()
        },
        spec: ReplicaSetSpec {
            replicas: 0,
            min_ready_seconds: 0,
            selector: Some(LabelSelector {
                match_labels: template.metadata.labels.clone(),
                match_expressions: Vec::new(),
            }),
            template,
        },
        status: ReplicaSetStatus::default(),
    }
}

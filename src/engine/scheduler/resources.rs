//! Pod resource requests as the scheduler computes them (`resource.PodRequests`,
//! sidecar-aware) and the scheduler's `Resource` aggregate.

use serde::Serialize;

use crate::engine::api::resource::{
    add_into, aggregate_containers, is_supported_pod_level_resource, CPU, EPHEMERAL_STORAGE,
    MEMORY, PODS,
};
use crate::engine::api::{Pod, Quantity, ResourceList};

/// The CPU request assumed for scoring when a container sets none (100m).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// The memory request assumed for scoring when a container sets none (200Mi).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// `IsScalarResourceName`: extended (`domain/name`), hugepages, prefixed native and
/// attachable-volumes resources.
pub fn is_scalar_resource_name(name: &str) -> bool {
    name.contains('/') || name.starts_with("hugepages-") || name.starts_with("attachable-volumes-")
}

/// The scheduler's resource vector (`framework.Resource`): cpu in millicores, the rest in
/// whole units, rounded up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// CPU in millicores.
    pub milli_cpu: i64,
    /// Memory in bytes.
    pub memory: i64,
    /// Ephemeral storage in bytes.
    pub ephemeral_storage: i64,
    /// `pods` (only meaningful for allocatable).
    pub allowed_pod_number: i64,
    /// Extended and other scalar resources, sorted by name (few: a list).
    pub scalar: Vec<(String, i64)>,
}

impl Resource {
    /// `NewResource(list)`.
    pub fn from_list(list: &ResourceList) -> Resource {
        let mut r = Resource::default();
        r.add_list(list);
        r
    }

    /// `Resource.Add(list)`.
    pub fn add_list(&mut self, list: &ResourceList) {
        for (name, q) in list {
            match name.as_str() {
                CPU => self.milli_cpu = self.milli_cpu.saturating_add(q.milli_value()),
                MEMORY => self.memory = self.memory.saturating_add(q.value()),
                PODS => self.allowed_pod_number = self.allowed_pod_number.saturating_add(q.value()),
                EPHEMERAL_STORAGE => {
                    self.ephemeral_storage = self.ephemeral_storage.saturating_add(q.value())
                }
                other if is_scalar_resource_name(other) => {
                    let e = self.scalar_entry(other);
                    *e = e.saturating_add(q.value());
                }
                _ => {}
            }
        }
    }

    /// Adds another resource vector.
    pub fn add(&mut self, other: &Resource) {
        self.milli_cpu = self.milli_cpu.saturating_add(other.milli_cpu);
        self.memory = self.memory.saturating_add(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_add(other.ephemeral_storage);
        self.allowed_pod_number = self
            .allowed_pod_number
            .saturating_add(other.allowed_pod_number);
        for (k, v) in &other.scalar {
            let e = self.scalar_entry(k);
            *e = e.saturating_add(*v);
        }
    }

    /// Subtracts another resource vector (used when a pod leaves a node).
    pub fn sub(&mut self, other: &Resource) {
        self.milli_cpu = self.milli_cpu.saturating_sub(other.milli_cpu);
        self.memory = self.memory.saturating_sub(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_sub(other.ephemeral_storage);
        self.allowed_pod_number = self
            .allowed_pod_number
            .saturating_sub(other.allowed_pod_number);
        for (k, v) in &other.scalar {
            let e = self.scalar_entry(k);
            *e = e.saturating_sub(*v);
        }
    }

    /// The value of a scalar resource (0 when absent).
    pub fn scalar(&self, name: &str) -> i64 {
        self.scalar
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .map_or(0, |at| self.scalar[at].1)
    }

    /// The amount of scalar resource `name`, added (at 0) in name order when absent.
    fn scalar_entry(&mut self, name: &str) -> &mut i64 {
        let at = match self.scalar.binary_search_by(|(k, _)| k.as_str().cmp(name)) {
            Ok(at) => at,
            Err(at) => {
                self.scalar.insert(at, (name.to_string(), 0));
                at
            }
        };
        &mut self.scalar[at].1
    }
}

/// `IsPodLevelRequestsSet`: the pod-level requests, when they name a supported resource.
fn pod_level_requests(pod: &Pod) -> Option<&ResourceList> {
    pod.spec
        .resources
        .as_ref()
        .map(|r| &r.requests)
        .filter(|reqs| reqs.keys().any(|k| is_supported_pod_level_resource(k)))
}

/// Which scoring defaults (100m cpu, 200Mi memory) [`pod_requests_list`] fills in for
/// requests a pod leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoringDefaults {
    /// None: the exact requests (the fit check, BalancedAllocation).
    None,
    /// For every container that sets no cpu or memory request, before pod-level requests
    /// replace the aggregate: how NodeResourcesFit's scorer computes the pod it scores
    /// (`resourceAllocationScorer.calculatePodResourceRequest`, `NonMissingContainerRequests`
    /// always set).
    EveryContainer,
    /// As kube-scheduler's `NodeInfo` adds a pod (`getNonMissingContainerRequests`): without
    /// pod-level requests like [`ScoringDefaults::EveryContainer`]; with them, only for a
    /// resource the pod requests nowhere.
    NodeInfo,
}

/// `resource.PodRequests`: the effective requests of a pod.
///
/// The containers' aggregate
/// ([`aggregate_container_requests`](crate::engine::api::resource::aggregate_container_requests)),
/// each container first given the `defaults` it lacks; pod-level `spec.resources.requests`
/// (cpu, memory, huge pages) replace it resource by resource; plus `spec.overhead`.
pub fn pod_requests_list(pod: &Pod, defaults: ScoringDefaults) -> ResourceList {
    let level = pod_level_requests(pod);
    let exact = (defaults == ScoringDefaults::NodeInfo && level.is_some())
        .then(|| pod_requests_list(pod, ScoringDefaults::None));
    let gets_default = |name: &str| match defaults {
        ScoringDefaults::None => false,
        ScoringDefaults::EveryContainer => true,
        ScoringDefaults::NodeInfo => exact.as_ref().is_none_or(|e| e.get(name).is_none()),
    };
    let mut container_defaults = ResourceList::new();
    if gets_default(CPU) {
        container_defaults.insert(
            CPU.to_string(),
            Quantity::from_milli(DEFAULT_MILLI_CPU_REQUEST),
        );
    }
    if gets_default(MEMORY) {
        container_defaults.insert(
            MEMORY.to_string(),
            Quantity::from_int(DEFAULT_MEMORY_REQUEST),
        );
    }
    let mut reqs = aggregate_containers(pod, |c| &c.resources.requests, &container_defaults);
    for (k, q) in level.into_iter().flatten() {
        if is_supported_pod_level_resource(k) {
            reqs.insert(k.clone(), *q);
        }
    }
    add_into(&mut reqs, &pod.spec.overhead);
    reqs
}

/// The pod's requests as a scheduler `Resource` (for the fit check).
pub fn pod_requests(pod: &Pod) -> Resource {
    Resource::from_list(&pod_requests_list(pod, ScoringDefaults::None))
}

/// The requests of a pod on a node with the scoring defaults (the node's
/// `NonZeroRequested`).
pub fn pod_non_zero_requests(pod: &Pod) -> Resource {
    Resource::from_list(&pod_requests_list(pod, ScoringDefaults::NodeInfo))
}

/// The requests NodeResourcesFit scores the incoming pod with: the scoring defaults for
/// every container that lacks them, then pod-level requests.
pub fn scored_pod_non_zero_requests(pod: &Pod) -> Resource {
    Resource::from_list(&pod_requests_list(pod, ScoringDefaults::EveryContainer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Container;

    fn list(pairs: &[(&str, &str)]) -> ResourceList {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Quantity::parse(v).expect("valid quantity")))
            .collect()
    }

    fn container(reqs: &[(&str, &str)], sidecar: bool) -> Container {
        let mut c = Container::default();
        c.resources.requests = list(reqs);
        if sidecar {
            c.restart_policy = Some("Always".into());
        }
        c
    }

    /// Follows upstream `TestPodRequests` (component-helpers resource/helpers_test.go).
    #[test]
    fn pod_requests_table() {
        type Case = (
            &'static str,
            Vec<Container>,
            Vec<Container>,
            ResourceList,
            Resource,
        );
        let r = |cpu: i64, mem: i64| Resource {
            milli_cpu: cpu,
            memory: mem,
            ..Default::default()
        };
        let cases: Vec<Case> = vec![
            (
                "containers are summed",
                vec![
                    container(&[("cpu", "1m"), ("memory", "1")], false),
                    container(&[("cpu", "2m")], false),
                ],
                vec![],
                list(&[]),
                r(3, 1),
            ),
            (
                "a larger init container wins over the containers' sum",
                vec![container(&[("cpu", "1m")], false)],
                vec![container(&[("cpu", "3m")], false)],
                list(&[]),
                r(3, 0),
            ),
            (
                "init containers are not added to the containers",
                vec![container(&[("cpu", "1m"), ("memory", "1")], false)],
                vec![container(&[("cpu", "1m"), ("memory", "1")], false)],
                list(&[]),
                r(1, 1),
            ),
            (
                "overhead is added",
                vec![container(&[("cpu", "1m"), ("memory", "1")], false)],
                vec![],
                list(&[("cpu", "1m"), ("memory", "15")]),
                r(2, 16),
            ),
            (
                "a sidecar adds to the containers",
                vec![container(&[("cpu", "1m")], false)],
                vec![container(&[("cpu", "2m")], true)],
                list(&[]),
                r(3, 0),
            ),
            (
                "an init container after a sidecar runs beside it",
                vec![container(&[("cpu", "1m")], false)],
                vec![
                    container(&[("cpu", "2m")], true),
                    container(&[("cpu", "5m")], false),
                ],
                list(&[]),
                r(7, 0),
            ),
            (
                "an init container before a sidecar does not",
                vec![container(&[("cpu", "1m")], false)],
                vec![
                    container(&[("cpu", "5m")], false),
                    container(&[("cpu", "2m")], true),
                ],
                list(&[]),
                r(5, 0),
            ),
            (
                "cpu is rounded up to a millicore",
                vec![container(&[("cpu", "0.1m")], false)],
                vec![],
                list(&[]),
                r(1, 0),
            ),
        ];
        for (name, containers, inits, overhead, want) in cases {
            let mut pod = Pod::default();
            pod.spec.containers = containers.into();
            pod.spec.init_containers = inits.into();
            pod.spec.overhead = overhead;
            assert_eq!(pod_requests(&pod), want, "{name}");
        }
    }

    /// Follows upstream `TestPodLevelResourceRequests` (component-helpers
    /// resource/helpers_test.go); pod-level resources are on by default since v1.34.
    #[test]
    fn pod_level_requests_table() {
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            Vec<Container>,
            Vec<Container>,
            &'static [(&'static str, &'static str)],
        );
        let sidecar = |reqs: &[(&str, &str)]| container(reqs, true);
        let plain = |reqs: &[(&str, &str)]| container(reqs, false);
        let cases: Vec<Case> = vec![
            ("nil", &[], vec![], vec![], &[]),
            ("pod level memory resource", &[("memory", "2Mi")], vec![], vec![], &[("memory", "2Mi")]),
            ("pod level memory and container level cpu resources", &[("memory", "2Mi")], vec![plain(&[("cpu", "2m")])], vec![], &[("cpu", "2m"), ("memory", "2Mi")]),
            ("pod level unsupported resources set at both pod-level and container-level", &[("storage", "2Mi")], vec![plain(&[("storage", "3Mi")])], vec![], &[("storage", "3Mi")]),
            ("pod level unsupported resources set at pod-level", &[("storage", "2Mi")], vec![plain(&[("memory", "3Mi")])], vec![], &[("memory", "3Mi")]),
            ("both container-level and pod-level resources set", &[("memory", "6Mi"), ("cpu", "8m")], vec![plain(&[("memory", "3Mi"), ("cpu", "2m")])], vec![], &[("memory", "6Mi"), ("cpu", "8m")]),
            ("container-level resources and init container set", &[], vec![plain(&[("memory", "3Mi"), ("cpu", "2m")])], vec![plain(&[("memory", "5Mi"), ("cpu", "4m")])], &[("memory", "5Mi"), ("cpu", "4m")]),
            ("container-level resources and sidecar container set", &[], vec![plain(&[("memory", "3Mi"), ("cpu", "2m")])], vec![sidecar(&[("memory", "5Mi"), ("cpu", "4m")])], &[("memory", "8Mi"), ("cpu", "6m")]),
            ("container-level resources, init and sidecar container set", &[], vec![plain(&[("memory", "3Mi"), ("cpu", "2m")])], vec![sidecar(&[("memory", "5Mi"), ("cpu", "4m")]), plain(&[("memory", "6Mi"), ("cpu", "8m")])], &[("memory", "11Mi"), ("cpu", "12m")]),
            ("pod-level resources, container-level resources, init and sidecar container set", &[("memory", "15Mi"), ("cpu", "18m")], vec![plain(&[("memory", "3Mi"), ("cpu", "2m")])], vec![sidecar(&[("memory", "5Mi"), ("cpu", "4m")]), plain(&[("memory", "6Mi"), ("cpu", "8m")])], &[("memory", "15Mi"), ("cpu", "18m")]),
            ("pod-level resources, hugepage request single page size", &[("memory", "10Mi"), ("hugepages-2Mi", "2Mi")], vec![], vec![], &[("memory", "10Mi"), ("hugepages-2Mi", "2Mi")]),
            ("pod-level resources, container-level resources, hugepage request single page size", &[("cpu", "1"), ("hugepages-2Mi", "10Mi")], vec![plain(&[("hugepages-2Mi", "6Mi")])], vec![], &[("cpu", "1"), ("hugepages-2Mi", "10Mi")]),
            ("pod-level resources, container-level resources, hugepage request multiple page sizes between pod-level and container-level", &[("cpu", "1"), ("hugepages-2Mi", "10Mi")], vec![plain(&[("memory", "4Mi"), ("hugepages-1Gi", "1Gi")])], vec![], &[("cpu", "1"), ("memory", "4Mi"), ("hugepages-2Mi", "10Mi"), ("hugepages-1Gi", "1Gi")]),
        ];
        for (name, level, containers, inits, want) in cases {
            let mut pod = Pod::default();
            pod.spec.containers = containers.into();
            pod.spec.init_containers = inits.into();
            if !level.is_empty() {
                pod.spec.resources = Some(crate::engine::api::ResourceRequirements {
                    requests: list(level),
                    ..Default::default()
                });
            }
            assert_eq!(
                pod_requests_list(&pod, ScoringDefaults::None),
                list(want),
                "{name}"
            );
        }
    }

    /// A pod asking for 300m cpu at pod level, with one container asking for 1Mi of memory
    /// and one asking for nothing.
    fn pod_level_cpu_and_one_memory_request() -> Pod {
        let mut pod = Pod::default();
        pod.spec.containers = vec![
            container(&[("memory", "1Mi")], false),
            container(&[], false),
        ]
        .into();
        pod.spec.resources = Some(crate::engine::api::ResourceRequirements {
            requests: list(&[("cpu", "300m")]),
            ..Default::default()
        });
        pod
    }

    /// kube-scheduler's `NodeInfo` (`getNonMissingContainerRequests`): with pod-level
    /// requests the scoring defaults only fill a resource the pod requests nowhere.
    #[test]
    fn non_zero_defaults_with_pod_level_requests() {
        let mut pod = pod_level_cpu_and_one_memory_request();
        let nz = pod_non_zero_requests(&pod);
        assert_eq!(nz.milli_cpu, 300, "the pod-level cpu request wins");
        assert_eq!(nz.memory, 1 << 20, "memory is requested by a container");
        pod.spec.containers = vec![container(&[], false), container(&[], false)].into();
        let nz = pod_non_zero_requests(&pod);
        assert_eq!(
            nz.memory,
            2 * DEFAULT_MEMORY_REQUEST,
            "memory requested nowhere"
        );
    }

    /// Upstream `resourceAllocationScorer.calculatePodResourceRequest` (v1.35) always sets
    /// `NonMissingContainerRequests`: the pod being scored gets the defaults for every
    /// container without a cpu or memory request, even when another container or the pod
    /// level requests that resource; pod-level requests still replace the aggregate.
    #[test]
    fn the_scored_pod_gets_the_defaults_in_every_container_that_lacks_a_request() {
        let mut pod = pod_level_cpu_and_one_memory_request();
        let scored = scored_pod_non_zero_requests(&pod);
        assert_eq!(scored.milli_cpu, 300, "the pod-level cpu request wins");
        assert_eq!(
            scored.memory,
            (1 << 20) + DEFAULT_MEMORY_REQUEST,
            "the container without a memory request gets the default"
        );
        assert_eq!(
            pod_non_zero_requests(&pod).memory,
            1 << 20,
            "on a node (NodeInfo) only a resource requested nowhere gets it"
        );
        pod.spec.resources = None;
        assert_eq!(
            scored_pod_non_zero_requests(&pod),
            pod_non_zero_requests(&pod),
            "without pod-level requests both are the same"
        );
    }

    #[test]
    fn non_zero_defaults_apply_only_to_missing_requests() {
        let mut pod = Pod::default();
        pod.spec.containers = vec![container(&[], false), container(&[("cpu", "0")], false)].into();
        let nz = pod_non_zero_requests(&pod);
        assert_eq!(nz.milli_cpu, 100, "an explicit zero cpu stays zero");
        assert_eq!(nz.memory, 2 * DEFAULT_MEMORY_REQUEST);
        assert_eq!(pod_requests(&pod), Resource::default());
    }

    #[test]
    fn scalar_resources_stay_sorted_by_name_and_add_and_subtract() {
        let list = |pairs: &[(&str, &str)]| -> ResourceList {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Quantity::parse(v).expect("quantity")))
                .collect()
        };
        let mut r = Resource::from_list(&list(&[
            ("nvidia.com/gpu", "2"),
            ("example.com/dongle", "1"),
        ]));
        r.add(&Resource::from_list(&list(&[
            ("hugepages-2Mi", "4Mi"),
            ("nvidia.com/gpu", "1"),
        ])));
        let names: Vec<&str> = r.scalar.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["example.com/dongle", "hugepages-2Mi", "nvidia.com/gpu"]
        );
        assert_eq!(r.scalar("nvidia.com/gpu"), 3);
        assert_eq!(r.scalar("hugepages-2Mi"), 4 * 1024 * 1024);
        assert_eq!(r.scalar("absent.io/thing"), 0);
        r.sub(&Resource::from_list(&list(&[
            ("nvidia.com/gpu", "3"),
            ("other.io/x", "1"),
        ])));
        assert_eq!(r.scalar("nvidia.com/gpu"), 0);
        assert_eq!(
            r.scalar("other.io/x"),
            -1,
            "an absent resource counts from 0"
        );
    }

    #[test]
    fn scalar_resource_names() {
        for (name, want) in [
            ("nvidia.com/gpu", true),
            ("hugepages-2Mi", true),
            ("attachable-volumes-gce-pd", true),
            ("cpu", false),
            ("pods", false),
        ] {
            assert_eq!(is_scalar_resource_name(name), want, "{name}");
        }
    }
}

//! Pod resource helpers that both the API server's defaulting and the scheduler use
//! (upstream `k8s.io/component-helpers/resource`): the resource names, the sidecar-aware
//! aggregate of the containers' requests or limits, and which resources a pod may set at
//! pod level.

use super::types::{Container, Pod, ResourceList};
use super::Quantity;

/// `cpu`.
pub const CPU: &str = "cpu";
/// `memory`.
pub const MEMORY: &str = "memory";
/// `ephemeral-storage`.
pub const EPHEMERAL_STORAGE: &str = "ephemeral-storage";
/// `pods`.
pub const PODS: &str = "pods";

/// Adds each quantity of `list` to `into` (`addResourceList`).
pub fn add_into(into: &mut ResourceList, list: &ResourceList) {
    for (k, q) in list {
        *into.get_or_insert_with(k.clone(), Quantity::zero) += *q;
    }
}

/// Keeps in `into` the larger quantity of each resource of `list` (`maxResourceList`).
fn max_into(into: &mut ResourceList, list: &ResourceList) {
    for (k, q) in list {
        match into.get_mut(k) {
            Some(e) if *q > *e => *e = *q,
            Some(_) => {}
            None => {
                into.insert(k.clone(), *q);
            }
        }
    }
}

/// `IsSupportedPodLevelResource`: the resources `spec.resources` may name (cpu, memory
/// and huge pages).
pub fn is_supported_pod_level_resource(name: &str) -> bool {
    name == CPU || name == MEMORY || name.starts_with("hugepages-")
}

/// `applyNonMissing`: the list with every resource of `defaults` it lacks added.
fn with_defaults(list: &ResourceList, defaults: &ResourceList) -> ResourceList {
    let mut out = list.clone();
    for (k, q) in defaults {
        out.get_or_insert_with(k.clone(), || *q);
    }
    out
}

/// The sidecar-aware aggregate of one resource list per container
/// (`aggregateContainerResourcesByFn`): sum of the regular containers; init containers
/// walked in order, restartable (sidecar, `restartPolicy: Always`) ones added to the total
/// and to every later init container's peak; per resource the max of the total and the
/// init peak. Each container's list first gets the `defaults` it lacks.
pub fn aggregate_containers(
    pod: &Pod,
    list: impl Fn(&Container) -> &ResourceList,
    defaults: &ResourceList,
) -> ResourceList {
    let mut total = ResourceList::new();
    for c in &pod.spec.containers {
        add_into(&mut total, &with_defaults(list(c), defaults));
    }
    let mut sidecars = ResourceList::new();
    let mut init_peak = ResourceList::new();
    for c in &pod.spec.init_containers {
        let own = with_defaults(list(c), defaults);
        let candidate = if c.restart_policy.as_deref() == Some("Always") {
            add_into(&mut total, &own);
            add_into(&mut sidecars, &own);
            sidecars.clone()
        } else {
            let mut tmp = own;
            add_into(&mut tmp, &sidecars);
            tmp
        };
        max_into(&mut init_peak, &candidate);
    }
    max_into(&mut total, &init_peak);
    total
}

/// `AggregateContainerRequests`: the containers' requests, sidecar-aware, without
/// pod-level requests and overhead.
pub fn aggregate_container_requests(pod: &Pod) -> ResourceList {
    aggregate_containers(pod, |c| &c.resources.requests, &ResourceList::new())
}

/// `AggregateContainerLimits`: the containers' limits, aggregated like the requests.
pub fn aggregate_container_limits(pod: &Pod) -> ResourceList {
    aggregate_containers(pod, |c| &c.resources.limits, &ResourceList::new())
}

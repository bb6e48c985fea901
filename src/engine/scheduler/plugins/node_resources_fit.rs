//! `NodeResourcesFit` (filter; its scoring strategies are in
//! [`super::resource_allocation`]) and
//! `NodeResourcesBalancedAllocation` (score).

use crate::engine::api::Quantity;
use crate::engine::scheduler::detail::{FilterDetail, InsufficientResource};
use crate::engine::scheduler::explanation::{Asker, Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;
use crate::engine::scheduler::resources::Resource;

/// The plugin name.
pub const NAME: &str = "NodeResourcesFit";
/// The balanced-allocation score plugin's name.
pub const BALANCED_ALLOCATION_NAME: &str = "NodeResourcesBalancedAllocation";
/// The reason when the node's pod limit is reached.
pub const ERR_REASON_TOO_MANY_PODS: &str = "Too many pods";
/// The highest node score.
pub const MAX_NODE_SCORE: i64 = 100;

fn check(out: &mut Vec<InsufficientResource>, name: &str, req: i64, used: i64, cap: i64) {
    if req > 0 && req > cap.saturating_sub(used) {
        out.push(InsufficientResource {
            resource: name.to_string(),
            reason: format!("Insufficient {name}"),
            requested: req,
            used,
            allocatable: cap,
            unresolvable: req > cap,
        });
    }
}

/// `fitsRequest`: every resource the pod cannot get on the node, in upstream order
/// (pods, cpu, memory, ephemeral-storage, then scalar resources by name).
pub fn fits_request(req: &Resource, node: &NodeInfo) -> Vec<InsufficientResource> {
    let mut out = Vec::new();
    let alloc = &node.allocatable;
    let used_pods = node.pods.len() as i64;
    if used_pods.saturating_add(1) > alloc.allowed_pod_number {
        out.push(InsufficientResource {
            resource: "pods".into(),
            reason: ERR_REASON_TOO_MANY_PODS.into(),
            requested: 1,
            used: used_pods,
            allocatable: alloc.allowed_pod_number,
            unresolvable: false,
        });
    }
    if req.milli_cpu == 0 && req.memory == 0 && req.ephemeral_storage == 0 && req.scalar.is_empty()
    {
        return out;
    }
    let used = &node.requested;
    check(
        &mut out,
        "cpu",
        req.milli_cpu,
        used.milli_cpu,
        alloc.milli_cpu,
    );
    check(&mut out, "memory", req.memory, used.memory, alloc.memory);
    check(
        &mut out,
        "ephemeral-storage",
        req.ephemeral_storage,
        used.ephemeral_storage,
        alloc.ephemeral_storage,
    );
    for (name, q) in &req.scalar {
        if *q == 0 {
            continue;
        }
        check(&mut out, name, *q, used.scalar(name), alloc.scalar(name));
    }
    out
}

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    let insufficient = fits_request(&state.requests, node);
    if insufficient.is_empty() {
        return Status::success();
    }
    let code = if insufficient.iter().any(|i| i.unresolvable) {
        Code::UnschedulableAndUnresolvable
    } else {
        Code::Unschedulable
    };
    Status::new(
        code,
        NAME,
        insufficient.iter().map(|i| i.reason.clone()).collect(),
    )
    .with_detail(FilterDetail::InsufficientResources {
        resources: insufficient,
    })
}

/// The explanation: each short resource with what is requested, free and allocatable, then
/// the fix.
pub fn explain(v: &Verdict) -> Text {
    match v.detail() {
        Some(FilterDetail::InsufficientResources { resources }) => {
            insufficient_resources(resources, v.asker)
        }
        _ => Text::new(
            "The node has room for the pod's requests and for one more pod.",
            "节点有足够的可分配资源容纳 Pod 的请求，且未达到 Pod 数上限。",
        ),
    }
}

/// An amount of `resource` as a quantity (cpu from millicores, memory and storage in
/// binary units).
fn format_amount(resource: &str, v: i64) -> String {
    match resource {
        "cpu" => Quantity::from_milli(v).to_string(),
        "memory" | "ephemeral-storage" => Quantity::from_int_binary(v).to_string(),
        _ => v.to_string(),
    }
}

fn insufficient_resources(items: &[InsufficientResource], asker: Asker) -> Text {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    for i in items {
        if i.resource == "pods" {
            en.push(format!(
                "The node already has {} pods and its limit (allocatable `pods`) is {}.",
                i.used, i.allocatable
            ));
            zh.push(format!(
                "节点上已有 {} 个 Pod，其上限（allocatable `pods`）为 {}。",
                i.used, i.allocatable
            ));
        } else {
            let requested = format_amount(&i.resource, i.requested);
            let free = format_amount(&i.resource, i.allocatable.saturating_sub(i.used).max(0));
            let allocatable = format_amount(&i.resource, i.allocatable);
            let resource = &i.resource;
            en.push(format!(
                "The pod requests {requested} of `{resource}`, but only {free} of the node's {allocatable} allocatable is not yet requested by other pods."
            ));
            zh.push(format!(
                "Pod 请求 {requested} 的 `{resource}`，但节点可分配的 {allocatable} 中只剩 {free} 未被其他 Pod 请求。"
            ));
        }
    }
    if items.iter().any(|i| i.unresolvable) {
        en.push("The request is larger than the whole node, so preemption cannot help: lower the request or use a larger node.".into());
        zh.push("该请求比整个节点还大，抢占也无济于事：请降低请求量或使用更大的节点。".into());
    } else if asker == Asker::Kubelet {
        en.push("Lower the pod's requests, remove pods from the node, or bind the pod to a node with room: the scheduler does not preempt for a pod that names its node.".into());
        zh.push("降低 Pod 的资源请求、从节点上移走 Pod，或把 Pod 绑定到有空间的节点：调度器不会为已指定节点的 Pod 执行抢占。".into());
    } else {
        en.push("Lower the pod's requests, remove pods from the node, or give the pod a higher priority so that it can preempt lower-priority pods.".into());
        zh.push(
            "降低 Pod 的资源请求、从节点上移走 Pod，或提高 Pod 的优先级以抢占低优先级 Pod。".into(),
        );
    }
    Text::new(en.join(" "), zh.join(""))
}

/// Whether the balanced-allocation plugin skips the pod (it requests no cpu and no memory).
pub fn balanced_allocation_skips(pod_requests: &Resource) -> bool {
    pod_requests.milli_cpu == 0 && pod_requests.memory == 0
}

/// NodeResourcesBalancedAllocation score: `(1 - std of the cpu and memory fractions) × 100`,
/// from the pod's actual requests and the node's requested sums.
pub fn balanced_allocation_score(pod_requests: &Resource, node: &NodeInfo) -> i64 {
    let pairs = [
        (
            node.allocatable.milli_cpu,
            node.requested
                .milli_cpu
                .saturating_add(pod_requests.milli_cpu),
        ),
        (
            node.allocatable.memory,
            node.requested.memory.saturating_add(pod_requests.memory),
        ),
    ];
    let fractions: Vec<f64> = pairs
        .iter()
        .filter(|(alloc, _)| *alloc != 0)
        .map(|(alloc, req)| (*req as f64 / *alloc as f64).min(1.0))
        .collect();
    let std = match fractions.as_slice() {
        [a, b] => ((a - b) / 2.0).abs(),
        _ => 0.0,
    };
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Pod;
    use crate::engine::scheduler::plugins::resource_allocation::{self, ScoringStrategy};
    use crate::engine::scheduler::plugins::testutil::*;
    use crate::engine::scheduler::resources::{pod_non_zero_requests, pod_requests};

    const EXT_A: &str = "example.com/aaa";
    const EXT_B: &str = "example.com/bbb";

    fn alloc_node() -> crate::engine::api::Node {
        node_with_allocatable(
            "n",
            &[
                ("cpu", "10m"),
                ("memory", "20"),
                ("pods", "32"),
                (EXT_A, "5"),
                ("ephemeral-storage", "20"),
                ("hugepages-2Mi", "5"),
            ],
        )
    }

    fn existing(cpu: i64, mem: i64) -> Pod {
        let c = format!("{cpu}m");
        let m = format!("{mem}");
        pod_with_requests(
            "existing",
            &[&[("cpu", c.as_str()), ("memory", m.as_str())]],
        )
    }

    fn with_init(mut p: Pod, inits: &[&[(&str, &str)]]) -> Pod {
        p.spec.init_containers = inits.iter().map(|r| container(r)).collect();
        p
    }

    fn with_pod_level(mut p: Pod, requests: &[(&str, &str)]) -> Pod {
        p.spec.resources = Some(crate::engine::api::ResourceRequirements {
            requests: list(requests),
            ..Default::default()
        });
        p
    }

    fn unsched(reasons: &[&str]) -> Status {
        Status::new(
            Code::Unschedulable,
            NAME,
            reasons.iter().map(|r| r.to_string()).collect(),
        )
    }

    fn unresolvable(reasons: &[&str]) -> Status {
        Status::new(
            Code::UnschedulableAndUnresolvable,
            NAME,
            reasons.iter().map(|r| r.to_string()).collect(),
        )
    }

    /// Follows upstream `TestEnoughRequests` (noderesources/fit_test.go).
    #[test]
    fn enough_requests_table() {
        let cpu_mem = |c: &str, m: &str| -> Vec<(String, String)> {
            vec![("cpu".into(), c.into()), ("memory".into(), m.into())]
        };
        let p = |pairs: Vec<(String, String)>| {
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            pod_with_requests("p", &[&refs])
        };
        let cases: Vec<(&str, Pod, Vec<Pod>, Status)> = vec![
            ("no resources requested always fits", pod("p"), vec![existing(10, 20)], Status::success()),
            ("too many resources fails", p(cpu_mem("1m", "1")), vec![existing(10, 20)], unsched(&["Insufficient cpu", "Insufficient memory"])),
            ("too many resources fails due to init container cpu", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "3m"), ("memory", "1")]]), vec![existing(8, 19)], unsched(&["Insufficient cpu"])),
            ("too many resources fails due to highest init container cpu", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "3m"), ("memory", "1")], &[("cpu", "2m"), ("memory", "1")]]), vec![existing(8, 19)], unsched(&["Insufficient cpu"])),
            ("too many resources fails due to init container memory", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "1m"), ("memory", "3")]]), vec![existing(9, 19)], unsched(&["Insufficient memory"])),
            ("init container fits because it's the max, not sum, of containers and init containers", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "1m"), ("memory", "1")]]), vec![existing(9, 19)], Status::success()),
            ("both resources fit", p(cpu_mem("1m", "1")), vec![existing(5, 5)], Status::success()),
            ("one resource memory fits", p(cpu_mem("2m", "1")), vec![existing(9, 5)], unsched(&["Insufficient cpu"])),
            ("one resource cpu fits", p(cpu_mem("1m", "2")), vec![existing(5, 19)], unsched(&["Insufficient memory"])),
            ("equal edge case", p(cpu_mem("5m", "1")), vec![existing(5, 19)], Status::success()),
            ("extended resource fits", pod_with_requests("p", &[&[(EXT_A, "1")]]), vec![existing(0, 0)], Status::success()),
            ("extended resource capacity enforced", pod_with_requests("p", &[&[(EXT_A, "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable enforced", pod_with_requests("p", &[&[(EXT_A, "1")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "5")]])], unsched(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable enforced for unknown resource", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), (EXT_B, "1")]]), vec![existing(0, 0)], unresolvable(&["Insufficient example.com/bbb"])),
            ("hugepages are checked like extended resources", pod_with_requests("p", &[&[("hugepages-2Mi", "6")]]), vec![], unresolvable(&["Insufficient hugepages-2Mi"])),
            ("resources + pod overhead fits", { let mut x = p(cpu_mem("1m", "1")); x.spec.overhead = list(&[("cpu", "3m"), ("memory", "13")]); x }, vec![existing(5, 5)], Status::success()),
            ("requests + overhead does not fit for memory", { let mut x = p(cpu_mem("1m", "1")); x.spec.overhead = list(&[("cpu", "1m"), ("memory", "15")]); x }, vec![existing(5, 5)], unsched(&["Insufficient memory"])),
            ("skip checking extended resource request with quantity zero via resource groups", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "0")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "6")]])], Status::success()),
            ("a request above the node's allocatable is unresolvable (v1.34+)", p(cpu_mem("11m", "1")), vec![], unresolvable(&["Insufficient cpu"])),
            ("one unresolvable resource makes the whole status unresolvable", p(cpu_mem("1m", "21")), vec![existing(10, 0)], unresolvable(&["Insufficient cpu", "Insufficient memory"])),
            ("ephemeral storage is enforced", pod_with_requests("p", &[&[("ephemeral-storage", "25")]]), vec![], unresolvable(&["Insufficient ephemeral-storage"])),
            ("multiple init containers fit because it's the max, not sum, of containers and init containers", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "1m"), ("memory", "1")], &[("cpu", "1m"), ("memory", "1")]]), vec![existing(9, 19)], Status::success()),
            ("too many resources fails due to highest init container memory", with_init(p(cpu_mem("1m", "1")), &[&[("cpu", "1m"), ("memory", "3")], &[("cpu", "1m"), ("memory", "2")]]), vec![existing(9, 19)], unsched(&["Insufficient memory"])),
            ("equal edge case for init container", with_init(p(cpu_mem("4m", "1")), &[&[("cpu", "5m"), ("memory", "1")]]), vec![existing(5, 19)], Status::success()),
            ("extended resource fits for init container", with_init(pod("p"), &[&[(EXT_A, "1")]]), vec![existing(0, 0)], Status::success()),
            ("extended resource capacity enforced for init container", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable enforced for multiple containers", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")], &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "2")]])], unresolvable(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable admits multiple init containers", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")], &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "2")]])], Status::success()),
            ("kubernetes.io resource capacity enforced", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), ("kubernetes.io/something", "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient kubernetes.io/something"])),
            ("hugepages resource allocatable enforced for multiple containers", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), ("hugepages-2Mi", "3")], &[("cpu", "1m"), ("memory", "1"), ("hugepages-2Mi", "3")]]), vec![pod_with_requests("existing", &[&[("hugepages-2Mi", "2")]])], unresolvable(&["Insufficient hugepages-2Mi"])),
            ("hugepages resource allocatable enforced when the request alone fits", pod_with_requests("p", &[&[("hugepages-2Mi", "4")]]), vec![pod_with_requests("existing", &[&[("hugepages-2Mi", "2")]])], unsched(&["Insufficient hugepages-2Mi"])),
            ("skip checking resource request with quantity zero", pod_with_requests("p", &[&[(EXT_A, "1")]]), vec![pod_with_requests("existing", &[&[("cpu", "20m"), ("memory", "30"), (EXT_A, "1")]])], Status::success()),
            ("extended resource allocatable enforced for init container", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "1")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "5")]])], unsched(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable enforced for multiple init containers", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "6")], &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")]]), vec![pod_with_requests("existing", &[&[(EXT_A, "2")]])], unresolvable(&["Insufficient example.com/aaa"])),
            ("extended resource allocatable enforced for unknown resource for init container", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), (EXT_B, "1")]]), vec![existing(0, 0)], unresolvable(&["Insufficient example.com/bbb"])),
            ("kubernetes.io resource capacity enforced for init container", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), ("subdomain.kubernetes.io/something", "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient subdomain.kubernetes.io/something"])),
            ("hugepages resource capacity enforced", pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), ("hugepages-2Mi", "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient hugepages-2Mi"])),
            ("hugepages resource capacity enforced for init container", with_init(pod("p"), &[&[("cpu", "1m"), ("memory", "1"), ("hugepages-2Mi", "10")]]), vec![existing(0, 0)], unresolvable(&["Insufficient hugepages-2Mi"])),
            ("both pod-level and container-level resources fit", with_pod_level(p(cpu_mem("1m", "1")), &[("cpu", "1m"), ("memory", "2")]), vec![existing(5, 5)], Status::success()),
            ("pod-level cpu resource not fit", with_pod_level(p(cpu_mem("1m", "1")), &[("cpu", "7m"), ("memory", "2")]), vec![existing(5, 5)], unsched(&["Insufficient cpu"])),
            ("pod-level memory resource not fit", with_pod_level(p(cpu_mem("1m", "1")), &[("cpu", "3m"), ("memory", "2")]), vec![existing(5, 19)], unsched(&["Insufficient memory"])),
            ("pod-level hugepages resource fit", with_pod_level(pod("p"), &[("cpu", "3m"), ("memory", "2"), ("hugepages-2Mi", "5")]), vec![], Status::success()),
            ("both pod-level and container-level hugepages resource fit", with_pod_level(pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1"), ("hugepages-2Mi", "3")]]), &[("cpu", "3m"), ("memory", "2"), ("hugepages-2Mi", "5")]), vec![], Status::success()),
            ("pod-level hugepages resource not fit", with_pod_level(pod("p"), &[("cpu", "3m"), ("memory", "2"), ("hugepages-2Mi", "10")]), vec![], unresolvable(&["Insufficient hugepages-2Mi"])),
            ("one pod-level cpu resource fits and all init and non-init containers resources fit", with_init(with_pod_level(p(cpu_mem("1m", "1")), &[("cpu", "3m"), ("memory", "2")]), &[&[("cpu", "1m"), ("memory", "1")]]), vec![existing(5, 19)], unsched(&["Insufficient memory"])),
            ("pod-level requests of an unsupported resource are ignored", with_pod_level(p(cpu_mem("1m", "1")), &[("ephemeral-storage", "25")]), vec![], Status::success()),
        ];
        for (name, p, pods, want) in cases {
            let n = NodeInfo::with_pods(alloc_node(), pods);
            assert_eq!(
                filter(&CycleState::new(&p), &n).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestNotEnoughRequests` (pod count): the node allows one pod and
    /// already has one.
    #[test]
    fn not_enough_requests_table() {
        let one_pod_node =
            || node_with_allocatable("n", &[("cpu", "10m"), ("memory", "20"), ("pods", "1")]);
        let cpu_mem = |c: &str, m: &str| pod_with_requests("p", &[&[("cpu", c), ("memory", m)]]);
        let cases = [
            ("even without specified resources, predicate fails when there's no space for additional pod",
                pod("p"), existing(10, 20), unsched(&["Too many pods"])),
            ("even if both resources fit, predicate fails when there's no space for additional pod",
                cpu_mem("1m", "1"), existing(5, 5), unsched(&["Too many pods"])),
            ("even for equal edge case, predicate fails when there's no space for additional pod",
                cpu_mem("5m", "1"), existing(5, 19), unsched(&["Too many pods"])),
            ("even for equal edge case, predicate fails when there's no space for additional pod due to init container",
                with_init(cpu_mem("5m", "1"), &[&[("cpu", "5m"), ("memory", "1")]]), existing(5, 19), unsched(&["Too many pods"])),
            ("the pod limit and a resource are both reported",
                pod_with_requests("p", &[&[("cpu", "6m")]]), existing(5, 5), unsched(&["Too many pods", "Insufficient cpu"])),
        ];
        for (name, p, on_node, want) in cases {
            let n = NodeInfo::with_pods(one_pod_node(), [on_node]);
            assert_eq!(
                filter(&CycleState::new(&p), &n).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestRestartableInitContainers` and `TestStorageRequests`.
    #[test]
    fn sidecar_and_storage_requests_table() {
        let sidecar_pod = |regular: &[(&str, &str)], sidecar: &[(&str, &str)]| {
            let mut p = pod_with_requests("p", &[regular]);
            let mut init = container(sidecar);
            init.restart_policy = Some("Always".into());
            p.spec.init_containers = vec![init].into();
            p
        };
        let small = || node_with_allocatable("n", &[("cpu", "2m"), ("memory", "0"), ("pods", "1")]);
        let cases: Vec<(&str, crate::engine::api::Node, Pod, Vec<Pod>, Status)> = vec![
            ("allow pod without restartable init containers if sidecar containers is enabled", small(), { let mut p = pod("p"); p.spec.containers.push(container(&[])); p }, vec![], Status::success()),
            ("allow pod with restartable init containers if sidecar containers is enabled", small(), sidecar_pod(&[], &[]), vec![], Status::success()),
            ("allow pod if the total requested resources do not exceed the node's allocatable resources", small(), sidecar_pod(&[("cpu", "1m")], &[("cpu", "1m")]), vec![], Status::success()),
            ("not allow pod if the total requested resources do exceed the node's allocatable resources", small(), sidecar_pod(&[("cpu", "1m")], &[("cpu", "2m")]), vec![], unresolvable(&["Insufficient cpu"])),
            ("empty storage requested, and pod fits", alloc_node(), pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1")]]), vec![existing(2, 10)], Status::success()),
            ("storage ephemeral local storage request exceeds allocatable", alloc_node(), pod_with_requests("p", &[&[("ephemeral-storage", "25")]]), vec![existing(2, 2)], unresolvable(&["Insufficient ephemeral-storage"])),
            ("ephemeral local storage is sufficient", alloc_node(), pod_with_requests("p", &[&[("ephemeral-storage", "5")]]), vec![pod_with_requests("existing", &[&[("cpu", "2m"), ("memory", "2"), ("ephemeral-storage", "10")]])], Status::success()),
            ("pod fits", alloc_node(), pod_with_requests("p", &[&[("ephemeral-storage", "10")]]), vec![existing(2, 2)], Status::success()),
            ("ephemeral storage already used by the node's pods", alloc_node(), pod_with_requests("p", &[&[("ephemeral-storage", "11")]]), vec![pod_with_requests("existing", &[&[("ephemeral-storage", "10")]])], unsched(&["Insufficient ephemeral-storage"])),
        ];
        for (name, node, p, pods, want) in cases {
            let n = NodeInfo::with_pods(node, pods);
            assert_eq!(
                filter(&CycleState::new(&p), &n).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestLeastAllocatedScoringStrategy` and `TestNodeResourcesBalancedAllocation`.
    #[test]
    fn resource_scores_table() {
        let big = |name: &str, cpu: &str, mem: &str| {
            node_with_allocatable(name, &[("cpu", cpu), ("memory", mem), ("pods", "110")])
        };
        let req_pod = pod_with_requests(
            "p",
            &[
                &[("cpu", "1000m"), ("memory", "2000")],
                &[("cpu", "2000m"), ("memory", "3000")],
            ],
        );
        let cases = [
            (
                "nothing scheduled, nothing requested",
                pod("p"),
                vec![big("a", "4", "10000"), big("b", "4", "10000")],
                vec![100, 100],
                vec![100, 100],
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes",
                req_pod.clone(),
                vec![big("a", "4", "10000"), big("b", "6", "10000")],
                vec![37, 50],
                vec![87, 100],
            ),
        ];
        for (name, p, nodes, least, balanced) in cases {
            let infos: Vec<NodeInfo> = nodes.into_iter().map(NodeInfo::new).collect();
            let nz = pod_non_zero_requests(&p);
            let req = pod_requests(&p);
            let got_least: Vec<i64> = infos
                .iter()
                .map(|n| resource_allocation::score(&ScoringStrategy::default(), &nz, &req, n))
                .collect();
            assert_eq!(got_least, least, "least allocated: {name}");
            let got_bal: Vec<i64> = infos
                .iter()
                .map(|n| balanced_allocation_score(&req, n))
                .collect();
            assert_eq!(got_bal, balanced, "balanced allocation: {name}");
        }
    }

    /// Follows upstream `TestNodeResourcesBalancedAllocation` (noderesources/
    /// balanced_allocation_test.go) for the default resources, cpu and memory. `None` is a
    /// pod that PreScore skips (it requests neither). "if PreScore not called" scores the
    /// same: kubeplay always runs PreScore.
    #[test]
    fn node_resources_balanced_allocation_table() {
        let sized = |name: &str, cpu: &str, mem: &str| {
            node_with_allocatable(name, &[("cpu", cpu), ("memory", mem)])
        };
        let cpu_only = || {
            pod_with_requests(
                "cpu-only",
                &[
                    &[("cpu", "1000m"), ("memory", "0")],
                    &[("cpu", "2000m"), ("memory", "0")],
                ],
            )
        };
        let cpu_and_memory = || {
            pod_with_requests(
                "cpu-and-memory",
                &[
                    &[("cpu", "1000m"), ("memory", "2000")],
                    &[("cpu", "2000m"), ("memory", "3000")],
                ],
            )
        };
        type Case = (
            &'static str,
            Pod,
            Vec<crate::engine::api::Node>,
            Vec<Vec<Pod>>,
            Option<Vec<i64>>,
        );
        let cases: Vec<Case> = vec![
            (
                "nothing scheduled, nothing requested, skip in PreScore",
                pod("p"),
                vec![
                    sized("node1", "4000m", "10000"),
                    sized("node2", "4000m", "10000"),
                ],
                vec![vec![], vec![]],
                None,
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes",
                cpu_and_memory(),
                vec![
                    sized("node1", "4000m", "10000"),
                    sized("node2", "6000m", "10000"),
                ],
                vec![vec![], vec![]],
                Some(vec![87, 100]),
            ),
            (
                "resources requested, pods scheduled with resources",
                cpu_and_memory(),
                vec![
                    sized("node1", "10000m", "20000"),
                    sized("node2", "10000m", "20000"),
                ],
                vec![vec![cpu_only()], vec![cpu_and_memory()]],
                Some(vec![82, 95]),
            ),
            (
                "resources requested, pods scheduled with resources, differently sized nodes",
                cpu_and_memory(),
                vec![
                    sized("node1", "10000m", "20000"),
                    sized("node2", "10000m", "50000"),
                ],
                vec![vec![cpu_only()], vec![cpu_and_memory()]],
                Some(vec![82, 80]),
            ),
            (
                "requested resources at node capacity",
                cpu_only(),
                vec![
                    sized("node1", "6000m", "10000"),
                    sized("node2", "6000m", "10000"),
                ],
                vec![vec![cpu_only()], vec![cpu_and_memory()]],
                Some(vec![50, 75]),
            ),
            // Upstream also lists nvidia.com/gpu in the args; the pod does not request it,
            // so it is left out and the score is cpu's and memory's.
            (
                "node without the scalar resource should skip the scalar resource",
                cpu_and_memory(),
                vec![
                    node_with_allocatable(
                        "node1",
                        &[
                            ("cpu", "3500m"),
                            ("memory", "40000"),
                            ("nvidia.com/gpu", "8"),
                        ],
                    ),
                    sized("node2", "3500m", "40000"),
                ],
                vec![vec![], vec![]],
                Some(vec![63, 63]),
            ),
            (
                "resources requested, pods scheduled with resources if PreScore not called",
                cpu_and_memory(),
                vec![
                    sized("node1", "10000m", "20000"),
                    sized("node2", "10000m", "20000"),
                ],
                vec![vec![cpu_only()], vec![cpu_and_memory()]],
                Some(vec![82, 95]),
            ),
        ];
        for (name, p, nodes, pods, want) in cases {
            let req = pod_requests(&p);
            let got = (!balanced_allocation_skips(&req)).then(|| {
                nodes
                    .into_iter()
                    .zip(pods)
                    .map(|(n, on_node)| {
                        balanced_allocation_score(&req, &NodeInfo::with_pods(n, on_node))
                    })
                    .collect::<Vec<i64>>()
            });
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn each_short_resource_with_its_amounts_is_the_detail() {
        let short =
            |resource: &str, requested: i64, used: i64, allocatable: i64, unresolvable: bool| {
                InsufficientResource {
                    resource: resource.into(),
                    reason: if resource == "pods" {
                        "Too many pods".into()
                    } else {
                        format!("Insufficient {resource}")
                    },
                    requested,
                    used,
                    allocatable,
                    unresolvable,
                }
            };
        let one_pod_node =
            || node_with_allocatable("n", &[("cpu", "10m"), ("memory", "20"), ("pods", "1")]);
        type Case = (
            &'static str,
            crate::engine::api::Node,
            Pod,
            Vec<Pod>,
            Option<Vec<InsufficientResource>>,
        );
        let cases: Vec<Case> = vec![
            (
                "cpu and memory short: requested, used and allocatable of each",
                alloc_node(),
                pod_with_requests("p", &[&[("cpu", "1m"), ("memory", "1")]]),
                vec![existing(10, 20)],
                Some(vec![
                    short("cpu", 1, 10, 10, false),
                    short("memory", 1, 20, 20, false),
                ]),
            ),
            (
                "a request above allocatable is marked unresolvable",
                alloc_node(),
                pod_with_requests("p", &[&[(EXT_A, "10")]]),
                vec![existing(0, 0)],
                Some(vec![short(EXT_A, 10, 0, 5, true)]),
            ),
            (
                "the pod limit counts the pods already there",
                one_pod_node(),
                pod_with_requests("p", &[&[("cpu", "6m")]]),
                vec![existing(5, 5)],
                Some(vec![
                    short("pods", 1, 1, 1, false),
                    short("cpu", 6, 5, 10, false),
                ]),
            ),
            (
                "a pod that fits has no detail",
                alloc_node(),
                pod_with_requests("p", &[&[("cpu", "1m")]]),
                vec![existing(5, 5)],
                None,
            ),
        ];
        for (name, node, p, pods, want) in cases {
            let n = NodeInfo::with_pods(node, pods);
            let want = want.map(|resources| FilterDetail::InsufficientResources { resources });
            assert_eq!(
                filter(&CycleState::new(&p), &n).detail.map(|d| *d),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn the_fix_for_a_short_resource_depends_on_who_asks() {
        let n = NodeInfo::with_pods(alloc_node(), [existing(9, 5)]);
        let p = pod_with_requests("p", &[&[("cpu", "2m")]]);
        let said = |asker| explained(filter, explain, &p, &n, asker).en;
        let cases = [
            ("the scheduler can preempt for a higher-priority pod", Asker::Scheduler,
                "The pod requests 2m of `cpu`, but only 1m of the node's 10m allocatable is not yet requested by other pods. Lower the pod's requests, remove pods from the node, or give the pod a higher priority so that it can preempt lower-priority pods."),
            ("nothing preempts for a pod the kubelet admits on its named node", Asker::Kubelet,
                "The pod requests 2m of `cpu`, but only 1m of the node's 10m allocatable is not yet requested by other pods. Lower the pod's requests, remove pods from the node, or bind the pod to a node with room: the scheduler does not preempt for a pod that names its node."),
        ];
        for (name, asker, want) in cases {
            assert_eq!(said(asker), want, "{name}");
        }
        assert_eq!(
            explained(filter, explain, &pod("p"), &n, Asker::Scheduler).en,
            "The node has room for the pod's requests and for one more pod."
        );
    }
}

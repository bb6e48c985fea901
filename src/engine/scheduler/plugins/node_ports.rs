//! `NodePorts`: a container `hostPort` must not clash with one already used on the node
//! (same protocol and port; `0.0.0.0` clashes with every IP).

use crate::engine::scheduler::detail::FilterDetail;
use crate::engine::scheduler::explanation::{Text, Verdict};
use crate::engine::scheduler::framework::{Code, CycleState, Status};
use crate::engine::scheduler::node_info::NodeInfo;

/// The plugin name.
pub const NAME: &str = "NodePorts";
/// The reason when a host port is taken.
pub const ERR_REASON: &str = "node(s) didn't have free ports for the requested pod ports";

/// The filter.
pub fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    match state.host_ports.iter().find(|p| node.port_conflict(p)) {
        None => Status::success(),
        Some(taken) => Status::new(Code::Unschedulable, NAME, vec![ERR_REASON.into()]).with_detail(
            FilterDetail::HostPortTaken {
                host_port: taken.clone(),
                holder: node
                    .port_holder(taken)
                    .map(|h| format!("{}/{}", h.metadata.namespace, h.metadata.name)),
            },
        ),
    }
}

/// The explanation: the taken port and the pod holding it.
pub fn explain(v: &Verdict) -> Text {
    if let Some(FilterDetail::HostPortTaken { host_port, holder }) = v.detail() {
        let port = format!("{}/{}", host_port.port, host_port.protocol);
        let holder = holder.as_deref().unwrap_or_default();
        return Text::new(
            format!("The pod wants host port {port}, which pod `{holder}` already uses on this node. Use another hostPort or move that pod."),
            format!("Pod 需要主机端口 {port}，但本节点上的 Pod `{holder}` 已占用。换一个 hostPort，或迁走那个 Pod。"),
        );
    }
    if v.state.host_ports.is_empty() {
        Text::new(
            "The pod uses no host port.",
            "Pod 不使用主机端口（hostPort）。",
        )
    } else {
        Text::new(
            "Every host port the pod wants is free on the node.",
            "Pod 需要的主机端口在节点上都空闲。",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scheduler::plugins::testutil::*;

    /// Follows upstream `TestNodePorts` (nodeports/node_ports_test.go).
    #[test]
    fn node_ports_table() {
        let fail = Status::new(
            Code::Unschedulable,
            NAME,
            vec!["node(s) didn't have free ports for the requested pod ports".into()],
        );
        type Ports = &'static [(&'static str, &'static str, i32)];
        let cases: Vec<(&str, Ports, Ports, Status)> = vec![
            ("nothing running", &[], &[], Status::success()),
            // Upstream's PreFilter skips a pod without host ports; its Filter then passes.
            (
                "skip filter",
                &[],
                &[("TCP", "127.0.0.1", 8080)],
                Status::success(),
            ),
            (
                "other port",
                &[("UDP", "127.0.0.1", 8080)],
                &[("UDP", "127.0.0.1", 9090)],
                Status::success(),
            ),
            (
                "same udp port",
                &[("UDP", "127.0.0.1", 8080)],
                &[("UDP", "127.0.0.1", 8080)],
                fail.clone(),
            ),
            (
                "same tcp port",
                &[("TCP", "127.0.0.1", 8080)],
                &[("TCP", "127.0.0.1", 8080)],
                fail.clone(),
            ),
            (
                "different host ip",
                &[("TCP", "127.0.0.1", 8080)],
                &[("TCP", "127.0.0.2", 8080)],
                Status::success(),
            ),
            (
                "different protocol",
                &[("UDP", "127.0.0.1", 8080)],
                &[("TCP", "127.0.0.1", 8080)],
                Status::success(),
            ),
            (
                "second udp port conflict",
                &[("UDP", "127.0.0.1", 8000), ("UDP", "127.0.0.1", 8080)],
                &[("UDP", "127.0.0.1", 8080)],
                fail.clone(),
            ),
            (
                "first tcp port conflict",
                &[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8080)],
                &[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8081)],
                fail.clone(),
            ),
            (
                "first tcp port conflict due to 0.0.0.0 hostIP",
                &[("TCP", "0.0.0.0", 8001)],
                &[("TCP", "127.0.0.1", 8001)],
                fail.clone(),
            ),
            (
                "TCP hostPort conflict due to 0.0.0.0 hostIP",
                &[("TCP", "10.0.10.10", 8001), ("TCP", "0.0.0.0", 8001)],
                &[("TCP", "127.0.0.1", 8001)],
                fail.clone(),
            ),
            (
                "second tcp port conflict to 0.0.0.0 hostIP",
                &[("TCP", "127.0.0.1", 8001)],
                &[("TCP", "0.0.0.0", 8001)],
                fail.clone(),
            ),
            (
                "second different protocol",
                &[("UDP", "127.0.0.1", 8001)],
                &[("TCP", "0.0.0.0", 8001)],
                Status::success(),
            ),
            (
                "UDP hostPort conflict due to 0.0.0.0 hostIP",
                &[("UDP", "127.0.0.1", 8001)],
                &[("TCP", "0.0.0.0", 8001), ("UDP", "0.0.0.0", 8001)],
                fail.clone(),
            ),
            (
                "an empty host IP binds every address and an empty protocol is TCP",
                &[("", "", 9100)],
                &[("TCP", "10.0.0.1", 9100)],
                fail,
            ),
        ];
        for (name, wanted, used, want) in cases {
            let p = pod_with_ports(wanted);
            let mut existing = pod_with_ports(used);
            existing.metadata.name = "existing".into();
            let n = NodeInfo::with_pods(node("n"), [existing]);
            assert_eq!(
                filter(&CycleState::new(&p), &n).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestNodePorts` init-container cases: only sidecar init containers
    /// (`restartPolicy: Always`) hold their host ports.
    #[test]
    fn init_container_ports_table() {
        let init_pod = |restart: Option<&str>| {
            let mut p = pod_with_ports(&[("TCP", "", 8001)]);
            let mut c = p.spec.containers.remove(0);
            c.restart_policy = restart.map(str::to_string);
            p.spec.init_containers.push(c);
            p
        };
        let fail = Status::new(
            Code::Unschedulable,
            NAME,
            vec!["node(s) didn't have free ports for the requested pod ports".into()],
        );
        let cases = [
            (
                "non-sidecar initContainer using hostPort",
                init_pod(None),
                Status::success(),
            ),
            (
                "TCP hostPort conflict from sidecar initContainer",
                init_pod(Some("Always")),
                fail,
            ),
        ];
        for (name, p, want) in cases {
            let mut existing = pod_with_ports(&[("TCP", "0.0.0.0", 8001)]);
            existing.metadata.name = "existing".into();
            let n = NodeInfo::with_pods(node("n"), [existing]);
            assert_eq!(
                filter(&CycleState::new(&p), &n).without_detail(),
                want,
                "{name}"
            );
        }
    }

    /// Follows upstream `TestFits` (nodeports/node_ports_test.go).
    #[test]
    fn fits_table() {
        type Ports = &'static [(&'static str, &'static str, i32)];
        let cases: Vec<(&str, Ports, Ports, bool)> = vec![
            (
                "non-conflicting ports",
                &[("TCP", "127.0.0.1", 80)],
                &[("TCP", "127.0.0.1", 9090)],
                true,
            ),
            (
                "multiple non-conflicting ports",
                &[
                    ("TCP", "127.0.0.1", 80),
                    ("TCP", "127.0.1.1", 80),
                    ("TCP", "127.0.1.1", 90),
                    ("TCP", "127.0.1.1", 100),
                ],
                &[
                    ("TCP", "127.0.0.1", 9090),
                    ("TCP", "127.0.0.1", 9191),
                    ("TCP", "127.0.1.1", 8080),
                ],
                true,
            ),
            (
                "same ports on different protocols",
                &[("TCP", "127.0.0.1", 80)],
                &[("UDP", "127.0.0.1", 80)],
                true,
            ),
            (
                "conflicting ports",
                &[("TCP", "127.0.0.1", 80)],
                &[("TCP", "127.0.0.1", 80)],
                false,
            ),
            (
                "multiple ports, some conflicting",
                &[
                    ("TCP", "127.0.0.1", 80),
                    ("TCP", "127.0.1.1", 80),
                    ("TCP", "127.0.1.1", 90),
                    ("TCP", "127.0.1.1", 100),
                ],
                &[
                    ("TCP", "127.0.0.1", 9090),
                    ("TCP", "127.0.1.1", 90),
                    ("TCP", "127.0.1.1", 8080),
                ],
                false,
            ),
        ];
        for (name, wanted, used, want) in cases {
            let p = pod_with_ports(wanted);
            let mut existing = pod_with_ports(used);
            existing.metadata.name = "existing".into();
            let n = NodeInfo::with_pods(node("n"), [existing]);
            assert_eq!(
                filter(&CycleState::new(&p), &n).is_success(),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn the_taken_port_and_its_holder_are_the_detail() {
        type Ports = &'static [(&'static str, &'static str, i32)];
        let taken = |ip: &str, protocol: &str, port: i32| {
            Some(FilterDetail::HostPortTaken {
                host_port: crate::engine::scheduler::node_info::HostPort {
                    ip: ip.into(),
                    protocol: protocol.into(),
                    port,
                },
                holder: Some("default/existing".into()),
            })
        };
        let cases: Vec<(&str, Ports, Ports, Option<FilterDetail>)> = vec![
            (
                "the first wanted port that clashes is named with the pod holding it",
                &[("UDP", "127.0.0.1", 8080), ("TCP", "127.0.0.1", 8001)],
                &[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8080)],
                taken("127.0.0.1", "UDP", 8080),
            ),
            (
                "an empty host IP and protocol are named as sanitized",
                &[("", "", 9100)],
                &[("TCP", "10.0.0.1", 9100)],
                taken("0.0.0.0", "TCP", 9100),
            ),
            (
                "free ports leave no detail",
                &[("TCP", "127.0.0.1", 80)],
                &[("TCP", "127.0.0.1", 81)],
                None,
            ),
        ];
        for (name, wanted, used, want) in cases {
            let p = pod_with_ports(wanted);
            let mut existing = pod_with_ports(used);
            existing.metadata.name = "existing".into();
            let n = NodeInfo::with_pods(node("n"), [existing]);
            assert_eq!(
                filter(&CycleState::new(&p), &n).detail.map(|d| *d),
                want,
                "{name}"
            );
        }
    }
}

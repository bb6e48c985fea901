//! Placement of real-world DaemonSets and pods on real node dumps: the "Cross-file cases"
//! of the corpus README (tests/fixtures/realworld, copied from /work/shared/realworld).

use kubeplay::engine::api::{DaemonSet, Node, Pod};
use kubeplay::engine::controllers::daemonset::eligibility::node_should_run_daemon_pod;
use kubeplay::engine::scheduler::framework::CycleState;
use kubeplay::engine::scheduler::node_info::NodeInfo;
use kubeplay::engine::scheduler::plugins::taint_toleration;
use kubeplay::engine::yaml;

fn read(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/realworld/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn nodes(files: &[&str]) -> Vec<Node> {
    files
        .iter()
        .flat_map(|f| yaml::load(&read(f)).objects.nodes)
        .collect()
}

fn daemon_sets(file: &str) -> Vec<DaemonSet> {
    let loaded = yaml::load(&read(file));
    assert!(!loaded.has_errors(), "{file}: {:?}", loaded.diagnostics);
    loaded.objects.daemon_sets
}

fn placement(ds: &DaemonSet, nodes: &[Node]) -> Vec<String> {
    nodes
        .iter()
        .filter(|n| node_should_run_daemon_pod(n, ds).should_run)
        .map(|n| n.metadata.name.clone())
        .collect()
}

#[test]
fn each_real_world_daemon_set_lands_on_the_kind_nodes_the_readme_states() {
    let kind = nodes(&["kind-nodes.yaml"]);
    assert_eq!(kind.len(), 2);
    let everywhere = vec!["kind-control-plane".to_string(), "kind-worker".to_string()];
    let worker_only = vec!["kind-worker".to_string()];
    let cases: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "nvidia (GPU toleration only) skips the control plane",
            "nvidia-device-plugin-daemonset.yaml",
            worker_only.clone(),
        ),
        (
            "datadog (null tolerations) skips the control plane",
            "datadog-agent-daemonset.yaml",
            worker_only,
        ),
        (
            "EKS kube-proxy (key-less Exists; NotIn on a missing label) lands everywhere",
            "eks-kube-proxy-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "terway (key-less Exists; NotIn on missing labels) lands everywhere",
            "aliyun-terway-eniip-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "aws-node (key-less Exists) lands everywhere",
            "amazon-vpc-cni-aws-node.yaml",
            everywhere.clone(),
        ),
        (
            "node-exporter (key-less Exists) lands everywhere",
            "kube-prometheus-node-exporter-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "cilium (key-less Exists) lands everywhere",
            "cilium-quick-install.yaml",
            everywhere.clone(),
        ),
        (
            "flannel tolerates NoSchedule, which is all kind's control plane has",
            "flannel-kube-flannel-ds.yaml",
            everywhere.clone(),
        ),
        (
            "calico tolerates NoSchedule and NoExecute",
            "calico-node-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "ebs-csi's NotIn expressions on missing labels match every node",
            "aws-ebs-csi-driver-node-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "fluent-bit's key-less Exists tolerations cover the control plane",
            "fluent-bit-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "node-problem-detector tolerates NoSchedule and NoExecute",
            "node-problem-detector-daemonset.yaml",
            everywhere.clone(),
        ),
        (
            "kube-ovn tolerates everything",
            "kube-ovn-ovs-ovn.yaml",
            everywhere,
        ),
        (
            "the GKE kube-proxy nodeSelector matches no node",
            "gke-kube-proxy-daemonset.yaml",
            vec![],
        ),
    ];
    for (name, file, want) in cases {
        let all = daemon_sets(file);
        let ds = all
            .first()
            .unwrap_or_else(|| panic!("{file} has a DaemonSet"));
        assert_eq!(placement(ds, &kind), want, "{name}");
    }
}

#[test]
fn the_openshift_master_taint_uses_the_legacy_key() {
    let openshift = nodes(&[
        "openshift-gcp-master-node.yaml",
        "openshift-gcp-worker-node.yaml",
    ]);
    assert_eq!(openshift.len(), 2);
    let master = openshift[0].metadata.name.clone();
    let worker = openshift[1].metadata.name.clone();
    let cases = [
        (
            "nvidia does not tolerate the master taint",
            "nvidia-device-plugin-daemonset.yaml",
            vec![worker.clone()],
        ),
        (
            "fluent-bit tolerates the legacy master key",
            "fluent-bit-daemonset.yaml",
            vec![master.clone(), worker.clone()],
        ),
        (
            "datadog does not tolerate the master taint",
            "datadog-agent-daemonset.yaml",
            vec![worker],
        ),
    ];
    for (name, file, want) in cases {
        let all = daemon_sets(file);
        let ds = all
            .first()
            .unwrap_or_else(|| panic!("{file} has a DaemonSet"));
        assert_eq!(placement(ds, &openshift), want, "{name}");
    }
}

fn unbound(mut pod: Pod) -> Pod {
    pod.spec.node_name = String::new();
    pod
}

#[test]
fn the_coredns_operator_less_toleration_matches_kind_but_not_openshift() {
    let coredns = yaml::load(&read("kind-coredns-pod.yaml"))
        .objects
        .pods
        .into_iter()
        .next()
        .map(unbound)
        .expect("the CoreDNS pod loads");
    let state = CycleState::new(&coredns);
    let kind = nodes(&["kind-nodes.yaml"]);
    let openshift = nodes(&["openshift-gcp-master-node.yaml"]);
    let on = |n: &Node| taint_toleration::filter(&state, &NodeInfo::new(n.clone())).is_success();
    assert!(
        on(&kind[0]),
        "the valueless kind control-plane taint is tolerated"
    );
    assert!(!on(&openshift[0]), "the OpenShift master taint is not");
}

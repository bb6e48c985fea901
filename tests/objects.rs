//! Loading Kubernetes objects from YAML: decoding, defaulting, validation with upstream
//! messages, positioned diagnostics, export and robustness.

use kubeplay::engine::api::scenario::{Action, Duration, ScenarioObject, Until, Wait};
use kubeplay::engine::api::types::{IntOrPercent, TaintEffect, UpdateStrategyType};
use kubeplay::engine::api::Quantity;
use kubeplay::engine::diagnostic::{Diagnostic, Severity};
use kubeplay::engine::limits::MAX_INPUT_BYTES;
use kubeplay::engine::yaml::{load, parse_object, to_yaml};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

/// The YAML files of the real-world corpus (`realworld/NAME`), in name order.
fn realworld_files() -> Vec<String> {
    let dir = format!("{}/tests/fixtures/realworld", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the real-world corpus")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| format!("realworld/{name}"))
        .collect();
    files.sort();
    files
}

fn summary(d: &Diagnostic) -> (Severity, usize, String) {
    (d.severity, d.line, d.message.clone())
}

const BASE_DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: busybox
";

/// The base DaemonSet with `extra` appended under `spec:` (indented by 2) or the template's
/// pod spec (indented by 6), as the marker says.
fn ds(spec_extra: &str, pod_extra: &str) -> String {
    let mut text = BASE_DS.to_string();
    for l in pod_extra.lines() {
        text.push_str(&format!("      {l}\n"));
    }
    for l in spec_extra.lines() {
        text.push_str(&format!("  {l}\n"));
    }
    text
}

// ---- real-world input ---------------------------------------------------------------------

/// Every file of the real-world corpus loads without false warnings: each row lists the
/// objects kept but not simulated; those of kinds that create or scale pods (Jobs) warn, the
/// others (Services, RBAC, CRDs, ...) are summed up in one quiet note.
#[test]
fn every_real_world_manifest_loads_without_false_warnings() {
    let not_simulated =
        |s: &str| format!("{s} is not simulated: kubeplay keeps it but it has no effect");
    let table: &[(&str, usize, usize, usize, &[&str])] = &[
        ("aiops-pending-pod-tainted-node.yaml", 1, 1, 0, &[]),
        ("aliyun-terway-eniip-daemonset.yaml", 0, 0, 1, &[]),
        (
            "amazon-vpc-cni-aws-node.yaml",
            0,
            0,
            1,
            &[
                "CustomResourceDefinition eniconfigs.crd.k8s.amazonaws.com",
                "ServiceAccount kube-system/aws-node",
                "ClusterRole aws-node",
                "ClusterRoleBinding aws-node",
            ],
        ),
        ("argocd-guestbook-deployment-progressing.yaml", 0, 0, 0, &[]),
        ("argocd-server-deployment.yaml", 0, 0, 0, &[]),
        ("aws-ebs-csi-driver-node-daemonset.yaml", 0, 0, 1, &[]),
        ("calico-node-daemonset.yaml", 0, 0, 1, &[]),
        (
            "cilium-quick-install.yaml",
            0,
            0,
            1,
            &[
                "ConfigMap kube-system/cilium-config",
                "ServiceAccount kube-system/cilium",
                "ServiceAccount kube-system/cilium-operator",
                "ClusterRole cilium",
                "ClusterRole cilium-operator",
                "ClusterRoleBinding cilium",
                "ClusterRoleBinding cilium-operator",
            ],
        ),
        (
            "coredns-deployment.yaml",
            0,
            0,
            0,
            &[
                "ServiceAccount kube-system/coredns",
                "ClusterRole system:coredns",
                "ClusterRoleBinding system:coredns",
                "ConfigMap kube-system/coredns",
                "Service kube-system/kube-dns",
            ],
        ),
        ("cert-manager-deployments.yaml", 0, 0, 0, &[]),
        ("datadog-agent-daemonset.yaml", 0, 0, 1, &[]),
        ("eks-kube-proxy-daemonset.yaml", 0, 0, 1, &[]),
        (
            "flannel-kube-flannel-ds.yaml",
            0,
            0,
            1,
            &[
                "PodSecurityPolicy psp.flannel.unprivileged",
                "ClusterRole flannel",
                "ClusterRoleBinding flannel",
                "ServiceAccount kube-system/flannel",
                "ConfigMap kube-system/kube-flannel-cfg",
            ],
        ),
        ("fluent-bit-daemonset.yaml", 0, 0, 1, &[]),
        ("gke-kube-proxy-daemonset.yaml", 0, 0, 1, &[]),
        ("gke-kube-proxy-static-pod.yaml", 0, 1, 0, &[]),
        (
            "ingress-nginx-controller.yaml",
            0,
            0,
            0,
            &[
                "Namespace ingress-nginx",
                "ServiceAccount ingress-nginx/ingress-nginx",
                "ServiceAccount ingress-nginx/ingress-nginx-admission",
                "Role ingress-nginx/ingress-nginx",
                "Role ingress-nginx/ingress-nginx-admission",
                "ClusterRole ingress-nginx",
                "ClusterRole ingress-nginx-admission",
                "RoleBinding ingress-nginx/ingress-nginx",
                "RoleBinding ingress-nginx/ingress-nginx-admission",
                "ClusterRoleBinding ingress-nginx",
                "ClusterRoleBinding ingress-nginx-admission",
                "ConfigMap ingress-nginx/ingress-nginx-controller",
                "Service ingress-nginx/ingress-nginx-controller",
                "Service ingress-nginx/ingress-nginx-controller-admission",
                "Job ingress-nginx/ingress-nginx-admission-create",
                "Job ingress-nginx/ingress-nginx-admission-patch",
                "IngressClass nginx",
                "ValidatingWebhookConfiguration ingress-nginx-admission",
            ],
        ),
        ("istio-gke-node.yaml", 1, 0, 0, &[]),
        ("kind-coredns-pod.yaml", 0, 1, 0, &[]),
        ("kind-nodes.yaml", 2, 0, 0, &[]),
        (
            "kube-ovn-ovs-ovn.yaml",
            0,
            0,
            1,
            &[
                "PodSecurityPolicy kube-ovn",
                "ConfigMap kube-system/ovn-config",
                "ServiceAccount kube-system/ovn",
                "ClusterRole system:ovn",
                "ClusterRoleBinding ovn",
                "Service kube-system/ovn-nb",
                "Service kube-system/ovn-sb",
                "Service kube-system/ovn-northd",
            ],
        ),
        ("kube-prometheus-node-exporter-daemonset.yaml", 0, 0, 1, &[]),
        (
            "kubernetes-addons-elasticsearch-statefulset.yaml",
            0,
            0,
            0,
            &[
                "ServiceAccount kube-system/elasticsearch-logging",
                "ClusterRole elasticsearch-logging",
                "ClusterRoleBinding kube-system/elasticsearch-logging",
            ],
        ),
        ("kube-state-metrics-deployment.yaml", 0, 0, 0, &[]),
        (
            "kubeadm-notready-node-cluster-info-dump.yaml",
            1,
            7,
            1,
            &[
                "Event kube-system/coredns-5dd5756b68-2zrhr.1801bdc416b3447a",
                "Event kube-system/coredns-5dd5756b68-wcs5x.1801bdc416b727d4",
                "Service kube-system/kube-dns",
                "Service default/kubernetes",
            ],
        ),
        (
            "kubernetes-docs-cassandra-statefulset.yaml",
            0,
            0,
            0,
            &["StorageClass fast"],
        ),
        ("kubernetes-docs-frontend-replicaset.yaml", 0, 0, 0, &[]),
        ("kubernetes-docs-mysql-statefulset.yaml", 0, 0, 0, &[]),
        (
            "kubernetes-docs-web-statefulset.yaml",
            0,
            0,
            0,
            &["Service nginx"],
        ),
        (
            "kubernetes-docs-zookeeper-pdb-maxunavailable.yaml",
            0,
            0,
            0,
            &[],
        ),
        (
            "kubernetes-docs-zookeeper-pdb-minavailable.yaml",
            0,
            0,
            0,
            &[],
        ),
        (
            "kubernetes-docs-zookeeper-statefulset.yaml",
            0,
            0,
            0,
            &["Service zk-hs", "Service zk-cs"],
        ),
        ("kubernetes-e2e-etcd-statefulset.yaml", 0, 0, 0, &[]),
        ("metrics-server-deployment.yaml", 0, 0, 0, &[]),
        ("metrics-server-ha-pdb.yaml", 0, 0, 0, &[]),
        ("node-problem-detector-daemonset.yaml", 0, 0, 1, &[]),
        ("nvidia-device-plugin-daemonset.yaml", 0, 0, 1, &[]),
        ("openshift-gcp-master-node.yaml", 1, 0, 0, &[]),
        ("openshift-gcp-worker-node.yaml", 1, 0, 0, &[]),
    ];
    assert_eq!(
        realworld_files().len(),
        table.len(),
        "every real-world file has a row"
    );
    // (file, Deployments, ReplicaSets) for the files that have any.
    let workloads: &[(&str, usize, usize)] = &[
        ("argocd-guestbook-deployment-progressing.yaml", 1, 0),
        ("argocd-server-deployment.yaml", 1, 0),
        ("calico-node-daemonset.yaml", 1, 0),
        ("cert-manager-deployments.yaml", 3, 0),
        ("cilium-quick-install.yaml", 1, 0),
        ("coredns-deployment.yaml", 1, 0),
        ("ingress-nginx-controller.yaml", 1, 0),
        ("kube-ovn-ovs-ovn.yaml", 1, 0),
        ("kube-state-metrics-deployment.yaml", 1, 0),
        ("kubeadm-notready-node-cluster-info-dump.yaml", 1, 1),
        ("kubernetes-docs-frontend-replicaset.yaml", 0, 1),
        ("metrics-server-deployment.yaml", 1, 0),
    ];
    for (file, nodes, pods, daemon_sets, warnings) in table {
        let loaded = load(&fixture(&format!("realworld/{file}")));
        let got: Vec<(Severity, String)> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| (d.severity, d.message.clone()))
            .collect();
        let notes: Vec<&str> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Info)
            .map(|d| d.message.as_str())
            .collect();
        let storage_notes = notes
            .iter()
            .filter(|n| n.contains("storage is not simulated"))
            .count();
        let claimed = loaded
            .objects
            .stateful_sets
            .iter()
            .filter(|set| !set.spec.volume_claim_templates.is_empty())
            .count();
        assert_eq!(
            storage_notes,
            usize::from(claimed > 0),
            "{file}: the note that storage is not simulated, for a set with claim templates"
        );
        fn kind_of(label: &str) -> &str {
            label.split(' ').next().unwrap_or_default()
        }
        let (warned, quiet): (Vec<&str>, Vec<&str>) = warnings
            .iter()
            .partition(|label| ["Job", "CronJob"].contains(&kind_of(label)));
        let quiet_notes: Vec<&&str> = notes
            .iter()
            .filter(|n| n.contains("no part in the simulation"))
            .collect();
        assert_eq!(quiet_notes.len(), usize::from(!quiet.is_empty()), "{file}");
        if let Some(note) = quiet_notes.first() {
            assert!(
                note.starts_with(&format!("{} object", quiet.len())),
                "{file}: {note}"
            );
            for label in &quiet {
                assert!(
                    note.contains(&format!(" {}", kind_of(label))),
                    "{file}: {label}"
                );
            }
        }
        let want: Vec<(Severity, String)> = warned
            .iter()
            .map(|w| (Severity::Warning, not_simulated(w)))
            .collect();
        assert_eq!(got, want, "{file}");
        assert_eq!(loaded.objects.nodes.len(), *nodes, "{file} nodes");
        assert_eq!(loaded.objects.pods.len(), *pods, "{file} pods");
        assert_eq!(
            loaded.objects.daemon_sets.len(),
            *daemon_sets,
            "{file} daemon sets"
        );
        assert_eq!(loaded.objects.others.len(), warnings.len(), "{file} others");
        let (deployments, replica_sets) = workloads
            .iter()
            .find(|(name, _, _)| name == file)
            .map_or((0, 0), |(_, d, r)| (*d, *r));
        assert_eq!(
            loaded.objects.deployments.len(),
            deployments,
            "{file} deployments"
        );
        assert_eq!(
            loaded.objects.replica_sets.len(),
            replica_sets,
            "{file} replica sets"
        );
        assert_eq!(
            loaded.objects.pod_disruption_budgets.len(),
            usize::from(file.contains("pdb") || file.contains("zookeeper-statefulset")),
            "{file} budgets"
        );
        assert_eq!(
            loaded.objects.stateful_sets.len(),
            usize::from(file.contains("statefulset")),
            "{file} stateful sets"
        );
    }
}

#[test]
fn real_world_details_are_decoded_and_defaulted() {
    let terway = load(&fixture("realworld/aliyun-terway-eniip-daemonset.yaml"));
    let ds = &terway.objects.daemon_sets[0];
    let ru = ds.spec.update_strategy.rolling_update.as_ref().unwrap();
    assert_eq!(ru.max_unavailable, Some(IntOrPercent::String("3%".into())));
    assert_eq!(ru.max_surge, Some(IntOrPercent::Int(0)));

    let flannel = load(&fixture("realworld/flannel-kube-flannel-ds.yaml"));
    let ds = &flannel.objects.daemon_sets[0];
    assert_eq!(
        ds.spec.update_strategy.type_,
        UpdateStrategyType::RollingUpdate
    );
    let ru = ds.spec.update_strategy.rolling_update.as_ref().unwrap();
    assert_eq!(ru.max_unavailable, Some(IntOrPercent::Int(1)));
    assert_eq!(ru.max_surge, Some(IntOrPercent::Int(0)));
    assert_eq!(ds.spec.revision_history_limit, 10);
    assert_eq!(ds.metadata.generation, Some(1));

    let ebs = load(&fixture("realworld/aws-ebs-csi-driver-node-daemonset.yaml"));
    assert_eq!(ebs.objects.daemon_sets[0].metadata.namespace, "default");

    let ovn = load(&fixture("realworld/kube-ovn-ovs-ovn.yaml"));
    let ds = &ovn.objects.daemon_sets[0];
    assert_eq!(ds.spec.update_strategy.type_, UpdateStrategyType::OnDelete);
    assert_eq!(ds.spec.update_strategy.rolling_update, None);

    let istio = load(&fixture("realworld/istio-gke-node.yaml"));
    let node = &istio.objects.nodes[0];
    assert_eq!(
        node.status.allocatable["cpu"],
        Quantity::parse("3920m").unwrap()
    );
    assert_eq!(node.status.capacity["cpu"], Quantity::from_int(4));

    let kind = load(&fixture("realworld/kind-nodes.yaml"));
    let cp = &kind.objects.nodes[0];
    assert_eq!(cp.spec.taints.len(), 1);
    assert_eq!(cp.spec.taints[0].value, "");
    assert_eq!(cp.spec.taints[0].effect, TaintEffect::NoSchedule);

    let coredns = load(&fixture("realworld/kind-coredns-pod.yaml"));
    let pod = &coredns.objects.pods[0];
    assert_eq!(pod.spec.priority, Some(2_000_000_000));
    assert!(pod
        .spec
        .tolerations
        .iter()
        .any(|t| t.operator.is_none() && t.key == "node-role.kubernetes.io/control-plane"));
}

#[test]
fn the_tutorial_daemon_sets_load_without_any_diagnostic() {
    for file in ["tutorial-daemonset.yaml", "tutorial-daemonset-update.yaml"] {
        let loaded = load(&fixture(file));
        assert_eq!(loaded.diagnostics, vec![], "{file}");
        let ds = &loaded.objects.daemon_sets[0];
        assert_eq!(ds.metadata.name, "fluentd-elasticsearch");
        assert_eq!(ds.metadata.namespace, "kube-system");
        let c = &ds.spec.template.spec.containers[0];
        assert_eq!(c.resources.requests["cpu"].to_string(), "100m");
        assert_eq!(c.resources.limits["memory"].to_string(), "200Mi");
        assert_eq!(ds.spec.template.spec.restart_policy, "Always");
        assert_eq!(ds.spec.template.spec.scheduler_name, "default-scheduler");
        assert_eq!(
            ds.spec.template.spec.termination_grace_period_seconds,
            Some(30)
        );
        assert_eq!(ds.spec.template.spec.tolerations.len(), 2);
    }
}

#[test]
fn a_kind_node_list_with_managed_fields_loads_without_any_diagnostic() {
    let loaded = load(&fixture("kind-3-nodes.yaml"));
    assert_eq!(loaded.diagnostics, vec![]);
    let names: Vec<&str> = loaded
        .objects
        .nodes
        .iter()
        .map(|n| n.metadata.name.as_str())
        .collect();
    assert_eq!(names, ["kind-control-plane", "kind-worker", "kind-worker2"]);
    assert_eq!(loaded.objects.nodes[0].spec.taints.len(), 1);
    assert!(loaded.objects.nodes[1].spec.taints.is_empty());
    assert_eq!(
        loaded.objects.nodes[2].status.allocatable["pods"],
        Quantity::from_int(110)
    );
    assert!(loaded.objects.nodes[0]
        .metadata
        .extra
        .iter()
        .any(|(k, _)| k == "managedFields"));
    assert!(loaded.objects.nodes[0]
        .status
        .extra
        .iter()
        .any(|(k, _)| k == "nodeInfo"));
}

// ---- documents -----------------------------------------------------------------------------

#[test]
fn documents_lists_json_and_comment_only_documents() {
    let table: &[(&str, &str, usize, usize)] = &[
        (
            "two documents separated by ---",
            "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: b}\n",
            2,
            0,
        ),
        (
            "comment-only and empty documents are skipped silently",
            "# just a comment\n---\n---\napiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\n# trailing\n",
            1,
            0,
        ),
        (
            "a NodeList with items",
            "apiVersion: v1\nkind: NodeList\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: b}\n",
            2,
            0,
        ),
        (
            "JSON is YAML",
            "{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"a\"}, \"status\": {\"capacity\": {\"cpu\": \"2\"}}}",
            1,
            0,
        ),
        (
            "Windows line endings",
            "apiVersion: v1\r\nkind: Node\r\nmetadata:\r\n  name: a\r\n",
            1,
            0,
        ),
        (
            "a byte-order mark",
            "\u{feff}apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n",
            1,
            0,
        ),
        (
            "tab-indented JSON",
            "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Node\",\n\t\"metadata\": {\"name\": \"a\"}\n}\n",
            1,
            0,
        ),
        (
            "an empty text (one warning: nothing to simulate)",
            "",
            0,
            1,
        ),
    ];
    for (name, text, nodes, diagnostics) in table {
        let loaded = load(text);
        assert_eq!(loaded.objects.nodes.len(), *nodes, "{name}");
        assert_eq!(
            loaded.diagnostics.len(),
            *diagnostics,
            "{name}: {:?}",
            loaded.diagnostics
        );
    }
    let json = load("{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"a\"}, \"status\": {\"capacity\": {\"cpu\": \"2\"}}}");
    assert_eq!(
        json.objects.nodes[0].status.allocatable["cpu"],
        Quantity::from_int(2)
    );
}

/// The API server leaves `kind` and `apiVersion` out of the items of a typed list
/// (`kubectl cluster-info dump`, `kubectl get --raw`): they come from the list, as decoding
/// the list type gives them. Items of a `List` state their own, and an item that states
/// them keeps its own (a wrong one is still an error).
#[test]
fn items_of_a_typed_list_take_their_kind_and_api_version_from_the_list() {
    let text = r#"{"kind": "PodList", "apiVersion": "v1", "items": [
  {"metadata": {"name": "p", "namespace": "ns"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
]}
---
{"kind": "DaemonSetList", "apiVersion": "apps/v1", "items": [
  {"metadata": {"name": "ds"}, "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
]}
---
{"kind": "NodeList", "apiVersion": "v1", "items": [{"metadata": {"name": "n1"}}]}
"#;
    let loaded = load(text);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.objects.pods[0].metadata.name, "p");
    assert_eq!(loaded.objects.daemon_sets[0].metadata.name, "ds");
    assert_eq!(loaded.objects.nodes[0].metadata.name, "n1");
    assert!(loaded.objects.nodes_stated);

    let untyped = load("apiVersion: v1\nkind: List\nitems:\n- metadata: {name: n1}\n");
    assert!(untyped.objects.nodes.is_empty());
    assert_eq!(
        untyped.diagnostics[0].message,
        "error validating data: [apiVersion not set, kind not set]"
    );
    let wrong = load("apiVersion: apps/v1\nkind: DaemonSetList\nitems:\n- apiVersion: extensions/v1beta1\n  kind: DaemonSet\n  metadata: {name: old}\n");
    assert!(wrong.objects.daemon_sets.is_empty());
    assert_eq!(
        wrong.diagnostics[0].severity,
        Severity::Error,
        "{:?}",
        wrong.diagnostics
    );
}

#[test]
fn unsimulated_kinds_are_noted_and_wrong_api_versions_are_errors() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: ns\n---\napiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: old\n---\nkind: Node\nmetadata:\n  name: n\n";
    let loaded = load(text);
    let got: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.message.clone(), d.hint.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Severity::Info, 1, "1 object takes no part in the simulation and is kept as it is: 1 ConfigMap".to_string(), None),
            (Severity::Error, 7, "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"".to_string(), Some("use apiVersion: apps/v1".to_string())),
            (Severity::Error, 12, "error validating data: [apiVersion not set]".to_string(), Some("every object needs apiVersion and kind, e.g. apiVersion: apps/v1 and kind: DaemonSet".to_string())),
        ]
    );
    assert_eq!(loaded.objects.others.len(), 1);
    assert!(loaded.objects.daemon_sets.is_empty());

    let typo = load("apiVersion: v1\nkind: Nde\nmetadata:\n  name: b\n");
    let got: Vec<_> = typo
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![(
            Severity::Warning,
            "Nde b is not simulated: kubeplay keeps it but it has no effect",
            Some("did you mean \"Node\"?")
        )]
    );
}

/// A pasted bundle: a Namespace, a Service and a ConfigMap are summed up in one note at the
/// first of them; a Job, which would create pods, keeps its warning (with no hint: it is a
/// real kind, not a typo).
#[test]
fn a_bundle_sums_its_unsimulated_objects_in_one_note_and_warns_for_a_job() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: demo}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: demo}\n";
    let loaded = load(text);
    let got: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Severity::Info, 1, "3 objects take no part in the simulation and are kept as they are: 1 ConfigMap, 1 Namespace, 1 Service", None),
            (Severity::Warning, 13, "Job demo/migrate is not simulated: kubeplay keeps it but it has no effect", None),
        ]
    );
    assert_eq!(loaded.objects.others.len(), 4, "nothing is dropped");
}

// ---- defaulting ----------------------------------------------------------------------------

/// Follows upstream `TestSetDefaultDaemonSetSpec` (pkg/apis/apps/v1/defaults_test.go) and
/// `TestSetDefaultPodSpec…` / `TestSetDefaultRequestsPod` (pkg/apis/core/v1/defaults_test.go).
#[test]
fn defaults_follow_the_upstream_defaulters() {
    let loaded = load(&ds("", "  ports:\n  - containerPort: 80\n"));
    assert_eq!(loaded.diagnostics, vec![]);
    let d = &loaded.objects.daemon_sets[0];
    assert_eq!(d.spec.revision_history_limit, 10);
    assert_eq!(d.metadata.generation, Some(1));
    let ru = d.spec.update_strategy.rolling_update.as_ref().unwrap();
    assert_eq!(
        (ru.max_unavailable.clone(), ru.max_surge.clone()),
        (Some(IntOrPercent::Int(1)), Some(IntOrPercent::Int(0)))
    );
    assert_eq!(d.spec.template.spec.containers[0].ports[0].protocol, "TCP");

    let on_delete = load(&ds("updateStrategy:\n  type: OnDelete\n", ""));
    assert_eq!(
        on_delete.objects.daemon_sets[0]
            .spec
            .update_strategy
            .rolling_update,
        None
    );

    let surge_only = load(&ds(
        "updateStrategy:\n  rollingUpdate:\n    maxUnavailable: 0\n    maxSurge: 25%\n",
        "",
    ));
    assert_eq!(surge_only.diagnostics, vec![]);
    let ru = surge_only.objects.daemon_sets[0]
        .spec
        .update_strategy
        .rolling_update
        .clone()
        .unwrap();
    assert_eq!(ru.max_surge, Some(IntOrPercent::String("25%".into())));

    // Requests default to limits for Pods only (not for templates), per resource.
    let pod = load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: i\n    ports:\n    - containerPort: 9100\n    resources:\n      limits: {cpu: 500m, memory: 1Gi}\n      requests: {memory: 512Mi}\n");
    assert_eq!(pod.diagnostics, vec![]);
    let p = &pod.objects.pods[0];
    assert_eq!(p.metadata.namespace, "default");
    let r = &p.spec.containers[0].resources.requests;
    assert_eq!(
        (r["cpu"].to_string(), r["memory"].to_string()),
        ("500m".to_string(), "512Mi".to_string())
    );
    assert_eq!(p.spec.containers[0].ports[0].host_port, 9100);
    // Since v1.28 neither requests nor host ports are defaulted in templates.
    let tpl = load(&ds("", "  resources:\n    limits: {cpu: 500m}\n  ports:\n  - containerPort: 9100\nhostNetwork: true\n"));
    assert_eq!(tpl.diagnostics, vec![]);
    let c = &tpl.objects.daemon_sets[0].spec.template.spec.containers[0];
    assert!(c.resources.requests.is_empty());
    assert_eq!(c.ports[0].host_port, 0);

    let node = load("apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\nstatus:\n  capacity: {cpu: 4, memory: 8Gi, pods: 110}\n");
    assert_eq!(
        node.objects.nodes[0].status.allocatable,
        node.objects.nodes[0].status.capacity
    );

    let pc = load("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000\n");
    assert_eq!(pc.diagnostics, vec![]);
    assert_eq!(
        pc.objects.priority_classes[0].preemption_policy,
        "PreemptLowerPriority"
    );
}

// ---- validation ----------------------------------------------------------------------------

/// Follows upstream `TestValidateDaemonSet` / `TestValidateDaemonSetUpdateStrategy`
/// (pkg/apis/apps/validation/validation_test.go), `TestValidateTaints`,
/// `TestValidateTolerations` (pkg/apis/core/validation/validation_test.go).
#[test]
fn invalid_objects_get_the_api_servers_messages_at_the_right_line() {
    let table: Vec<(&str, String, &str, Vec<&str>)> = vec![
        (
            "maxSurge and maxUnavailable may not both be non-zero",
            ds("updateStrategy:\n  rollingUpdate:\n    maxSurge: 1\n", ""),
            "maxSurge: 1",
            vec!["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"],
        ),
        (
            "maxSurge and maxUnavailable may not both be zero",
            ds("updateStrategy:\n  rollingUpdate:\n    maxUnavailable: 0\n", ""),
            "maxUnavailable: 0",
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"],
        ),
        (
            "a percentage over 100% is refused",
            ds("updateStrategy:\n  rollingUpdate:\n    maxUnavailable: 101%\n", ""),
            "maxUnavailable: 101%",
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%"],
        ),
        (
            "a percentage must be digits and a percent sign",
            ds("updateStrategy:\n  rollingUpdate:\n    maxUnavailable: ten%\n", ""),
            "maxUnavailable: ten%",
            vec![
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten%\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ],
        ),
        (
            "an unknown strategy type is unsupported",
            ds("updateStrategy:\n  type: Rolling\n", ""),
            "type: Rolling",
            vec!["spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Rolling\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""],
        ),
        (
            "the selector must match the template labels",
            BASE_DS.replace("      labels:\n        app: x", "      labels:\n        app: web\n        tier: front"),
            "labels:",
            vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"front\"}: `selector` does not match template `labels`"],
        ),
        (
            "an empty selector is invalid",
            BASE_DS.replace("  selector:\n    matchLabels:\n      app: x\n", "  selector: {}\n"),
            "selector: {}",
            vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"],
        ),
        (
            "a missing selector is required",
            BASE_DS.replace("  selector:\n    matchLabels:\n      app: x\n", ""),
            "labels:",
            vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"],
        ),
        (
            "a toleration with Exists must not have a value",
            ds("", "tolerations:\n- key: k\n  operator: Exists\n  value: x\n"),
            "operator: Exists",
            // Upstream `ValidateTolerations` reports this at `.operator`, showing the value.
            vec!["spec.template.spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'"],
        ),
        (
            "an empty toleration key needs Exists",
            ds("", "tolerations:\n- operator: Equal\n  effect: NoSchedule\n"),
            "operator: Equal",
            vec!["spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""],
        ),
        (
            "an unknown toleration operator is unsupported",
            ds("", "tolerations:\n- key: k\n  operator: exists\n"),
            "operator: exists",
            vec!["spec.template.spec.tolerations[0].operator: Unsupported value: \"exists\": supported values: \"Equal\", \"Exists\""],
        ),
        (
            "a misspelled toleration effect is unsupported",
            ds("", "tolerations:\n- key: k\n  operator: Exists\n  effect: NoSchedul\n"),
            "effect: NoSchedul",
            vec!["spec.template.spec.tolerations[0].effect: Unsupported value: \"NoSchedul\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
        ),
        (
            "tolerationSeconds needs NoExecute",
            ds("", "tolerations:\n- key: k\n  operator: Exists\n  effect: NoSchedule\n  tolerationSeconds: 30\n"),
            "effect: NoSchedule",
            vec!["spec.template.spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
        ),
        (
            "an invalid label key is reported with the IsQualifiedName message",
            BASE_DS.replace("  namespace: kube-system\n", "  namespace: kube-system\n  labels:\n    -bad: x\n"),
            "-bad: x",
            vec!["metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
        ),
        (
            "an invalid label value is reported with the IsValidLabelValue message",
            BASE_DS.replace("  namespace: kube-system\n", "  namespace: kube-system\n  labels:\n    tier: \"front end\"\n"),
            "tier:",
            vec!["metadata.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
        ),
        (
            "a name must be a DNS subdomain",
            BASE_DS.replace("  name: ds\n", "  name: My_DS\n"),
            "name: My_DS",
            vec!["metadata.name: Invalid value: \"My_DS\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
        ),
        (
            "a quantity with a wrong-case suffix is refused",
            ds("", "  resources:\n    requests:\n      memory: 1K\n"),
            "memory: 1K",
            vec!["spec.template.spec.containers[0].resources.requests[memory]: Invalid value: \"1K\": unable to parse quantity's suffix"],
        ),
        (
            "a quantity that is not a number is refused",
            ds("", "  resources:\n    limits:\n      cpu: one\n"),
            "cpu: one",
            vec!["spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: \"one\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
        ),
        (
            "a request above its limit is refused",
            ds("", "  resources:\n    limits:\n      cpu: 100m\n    requests:\n      cpu: 200m\n"),
            "cpu: 200m",
            vec!["spec.template.spec.containers[0].resources.requests: Invalid value: \"200m\": must be less than or equal to cpu limit of 100m"],
        ),
        (
            "an In node affinity requirement needs values",
            ds("", "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: zone\n          operator: In\n"),
            "- key: zone",
            vec!["spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
        ),
        (
            "an unknown node affinity operator is invalid",
            ds("", "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: zone\n          operator: Is\n          values: [a]\n"),
            "operator: Is",
            vec!["spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: \"Is\": not a valid selector operator"],
        ),
        (
            "a daemon set's template may not set activeDeadlineSeconds",
            ds("", "activeDeadlineSeconds: 30\n"),
            "activeDeadlineSeconds: 30",
            vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"],
        ),
        (
            "minReadySeconds may not be negative",
            ds("minReadySeconds: -1\n", ""),
            "minReadySeconds: -1",
            vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            "a host port must be a valid port number",
            ds("", "  ports:\n  - containerPort: 70000\n"),
            "containerPort: 70000",
            vec!["spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
        ),
        (
            "a daemon set's pods must restart Always",
            ds("", "restartPolicy: Never\n"),
            "restartPolicy: Never",
            vec!["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""],
        ),
        (
            // Upstream `TestValidateDaemonSetUpdateStrategy`: a negative int is shown as a number.
            "a negative maxUnavailable is refused",
            ds("updateStrategy:\n  rollingUpdate:\n    maxUnavailable: -1\n", ""),
            "maxUnavailable: -1",
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            // Upstream `ValidateRollingUpdateDaemonSet`: both fields are checked as ints or
            // percents first, then both against 100%, then the one-non-zero rule.
            "both rolling-update fields over 100% are reported in upstream order",
            ds("updateStrategy:\n  rollingUpdate: {maxUnavailable: 200%, maxSurge: 150%}\n", ""),
            "rollingUpdate:",
            vec![
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"200%\"}: must not be greater than 100%",
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%",
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: may not be set when maxUnavailable is non-zero",
            ],
        ),
        (
            // Upstream `validateContainerPorts`: a zero containerPort is missing, not out of range.
            "a container port of zero is required",
            ds("", "  ports:\n  - containerPort: 0\n"),
            "containerPort: 0",
            vec!["spec.template.spec.containers[0].ports[0].containerPort: Required value"],
        ),
        (
            // Upstream `ValidateLabelSelectorRequirement`: each value must be a label value.
            "a selector requirement value must be a valid label value",
            BASE_DS.replace(
                "    matchLabels:\n      app: x\n",
                "    matchLabels:\n      app: x\n    matchExpressions:\n    - key: tier\n      operator: NotIn\n      values: [\"a b\"]\n",
            ),
            "values: [",
            vec!["spec.selector.matchExpressions[0].values[0]: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
        ),
        (
            // Upstream `IsDNS1123Label`: a valid subdomain that is not a label has dots.
            "a container name with dots is reported as such",
            BASE_DS.replace("      - name: c\n", "      - name: c.d\n"),
            "name: c.d",
            vec!["spec.template.spec.containers[0].name: Invalid value: \"c.d\": must not contain dots"],
        ),
        (
            // Upstream `validateContainerResourceName`: a misspelt resource gets both messages.
            "a resource name that is not standard is refused",
            ds("", "  resources:\n    requests:\n      cpus: 1\n"),
            "cpus: 1",
            vec![
                "spec.template.spec.containers[0].resources.requests[cpus]: Invalid value: cpus: must be a standard resource type or fully qualified",
                "spec.template.spec.containers[0].resources.requests[cpus]: Invalid value: cpus: must be a standard resource for containers",
            ],
        ),
        (
            // Upstream `ValidateResourceQuantityValue`: extended resources are whole numbers.
            "an extended resource must be an integer",
            ds("", "  resources:\n    limits:\n      example.com/gpu: 500m\n"),
            "example.com/gpu: 500m",
            vec!["spec.template.spec.containers[0].resources.limits[example.com/gpu]: Invalid value: 500m: must be an integer"],
        ),
        (
            // Upstream `ValidateContainerResourceRequirements`: extended resources cannot be
            // overcommitted, so a request needs an equal limit.
            "an extended resource request needs a limit",
            ds("", "  resources:\n    requests:\n      example.com/gpu: 1\n"),
            "example.com/gpu: 1",
            vec!["spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"],
        ),
        (
            "an extended resource request must equal its limit",
            ds("", "  resources:\n    limits: {example.com/gpu: 2}\n    requests: {example.com/gpu: 1}\n"),
            "requests: {",
            vec!["spec.template.spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"],
        ),
        (
            // Upstream `ValidatePodTemplateSpec`: template labels are reported at
            // `spec.template.labels` (as the API server prints them), with the length in bytes.
            "a template label value that is too long is reported at spec.template.labels",
            BASE_DS.replace("        app: x\n", &format!("        app: x\n        job: {}\n", "j".repeat(64))),
            "job: jjj",
            vec![&*format!("spec.template.labels: Invalid value: \"{}\": must be no more than 63 bytes", "j".repeat(64)).leak()],
        ),
        (
            // Upstream `validateContainerPorts`: port names are IANA service names, unique
            // within a container.
            "a port name longer than 15 characters is refused",
            ds("", "  ports:\n  - {name: prometheus-metrics, containerPort: 9100}\n"),
            "- {name: prometheus-metrics",
            vec!["spec.template.spec.containers[0].ports[0].name: Invalid value: \"prometheus-metrics\": must be no more than 15 characters"],
        ),
        (
            "a port name may not repeat within a container",
            ds("", "  ports:\n  - {name: http, containerPort: 80}\n  - {name: http, containerPort: 81}\n"),
            "containerPort: 81",
            vec!["spec.template.spec.containers[0].ports[1].name: Duplicate value: \"http\""],
        ),
        (
            // Upstream `AccumulateUniqueHostPorts`: one protocol/hostIP/port per pod.
            "a host port may not repeat in a pod",
            ds("", "  ports:\n  - {containerPort: 80, hostPort: 8080}\n  - {containerPort: 81, hostPort: 8080}\n"),
            "containerPort: 81",
            vec!["spec.template.spec.containers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""],
        ),
        (
            "a container needs a name and an image",
            BASE_DS.replace("      - name: c\n        image: busybox\n", "      - image: \"\"\n"),
            "- image:",
            vec![
                "spec.template.spec.containers[0].name: Required value",
                "spec.template.spec.containers[0].image: Required value",
            ],
        ),
    ];
    for (name, text, needle, messages) in table {
        let loaded = load(&text);
        let line = line_of(&text, needle);
        let got: Vec<(Severity, usize, String)> = loaded.diagnostics.iter().map(summary).collect();
        let want: Vec<(Severity, usize, String)> = messages
            .iter()
            .map(|m| (Severity::Error, line, m.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
        assert!(
            loaded.objects.daemon_sets.is_empty(),
            "{name}: an invalid object is not applied"
        );
        for d in &loaded.diagnostics {
            assert_eq!(
                d.object.as_deref(),
                Some(if text.contains("My_DS") {
                    "DaemonSet kube-system/My_DS"
                } else {
                    "DaemonSet kube-system/ds"
                }),
                "{name}"
            );
        }
    }
}

#[test]
fn node_taints_are_validated() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\nspec:\n  taints:\n  - key: a\n    effect: NoSchedul\n  - key: b\n  - key: c\n    effect: NoExecute\n  - key: c\n    effect: NoExecute\n";
    let loaded = load(text);
    let got: Vec<_> = loaded.diagnostics.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (Severity::Error, 8, "spec.taints[0].effect: Unsupported value: \"NoSchedul\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"".to_string()),
            (Severity::Error, 9, "spec.taints[1].effect: Required value".to_string()),
        ]
    );
    let dup = "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\nspec:\n  taints:\n  - key: c\n    effect: NoExecute\n  - key: c\n    effect: NoExecute\n";
    let got: Vec<_> = load(dup).diagnostics.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![(Severity::Error, 9, "spec.taints[1]: Duplicate value: core.Taint{Key:\"c\", Value:\"\", Effect:\"NoExecute\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair".to_string())]
    );
}

#[test]
fn an_invalid_object_is_skipped_but_the_valid_ones_in_the_same_text_are_kept() {
    let text = format!(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: good\n---\n{}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: good\n",
        ds("updateStrategy:\n  rollingUpdate:\n    maxSurge: 1\n", "")
    );
    let loaded = load(&text);
    let second_good = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("name: good"))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(loaded.objects.nodes.len(), 1);
    assert!(loaded.objects.daemon_sets.is_empty());
    let got: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (line_of(&text, "maxSurge: 1"), "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero".to_string()),
            (second_good, "Node good is defined more than once (first at line 4); this one is ignored".to_string()),
        ]
    );
}

// ---- strict decoding -----------------------------------------------------------------------

#[test]
fn unknown_fields_warn_with_path_line_and_a_suggestion() {
    let table: Vec<(&str, String, &str, &str, Option<&str>)> = vec![
        (
            "a misspelled toleration effect key",
            ds(
                "",
                "tolerations:\n- key: k\n  operator: Exists\n  efect: NoSchedule\n",
            ),
            "efect:",
            "unknown field \"spec.template.spec.tolerations[0].efect\"",
            Some("did you mean \"effect\"?"),
        ),
        (
            "a wrongly cased pod spec field",
            ds("", "nodeselector:\n  disk: ssd\n"),
            "nodeselector:",
            "unknown field \"spec.template.spec.nodeselector\"",
            Some("did you mean \"nodeSelector\"?"),
        ),
        (
            "a field that is nothing like a known one",
            ds("", "frobnicate: true\n"),
            "frobnicate:",
            "unknown field \"spec.template.spec.frobnicate\"",
            None,
        ),
        (
            "a misspelled top-level field",
            BASE_DS.replace("kind: DaemonSet\n", "kind: DaemonSet\nmetdata: {}\n"),
            "metdata:",
            "unknown field \"metdata\"",
            Some("did you mean \"metadata\"?"),
        ),
    ];
    for (name, text, needle, message, hint) in table {
        let loaded = load(&text);
        let line = line_of(&text, needle);
        let column = text
            .lines()
            .nth(line - 1)
            .unwrap()
            .find(needle.trim_start_matches("- "))
            .unwrap()
            + 1;
        assert_eq!(
            loaded.diagnostics.len(),
            1,
            "{name}: {:?}",
            loaded.diagnostics
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(
            (
                d.severity,
                d.line,
                d.column,
                d.message.as_str(),
                d.hint.as_deref()
            ),
            (Severity::Warning, line, column, message, hint),
            "{name}"
        );
        assert_eq!(
            loaded.objects.daemon_sets.len(),
            1,
            "{name}: warnings do not stop the object"
        );
    }
}

#[test]
fn a_flood_of_unknown_fields_is_summarised_after_fifty() {
    let mut text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\nspec:\n".to_string();
    for i in 0..60 {
        text.push_str(&format!("  field{i}: x\n"));
    }
    let loaded = load(&text);
    assert_eq!(loaded.diagnostics.len(), 51);
    assert_eq!(
        loaded.diagnostics[0].message,
        "10 more unknown fields are not listed"
    );
    assert_eq!(
        loaded.diagnostics[50].message,
        "unknown field \"spec.field49\""
    );
    assert_eq!(loaded.objects.nodes.len(), 1);
}

#[test]
fn type_mismatches_are_errors_with_path_line_and_column() {
    type Case<'a> = (&'a str, String, usize, usize, &'a str, Option<&'a str>);
    let table: Vec<Case> = vec![
        (
            "a map where a list is expected",
            ds("", "tolerations: {key: k}\n"),
            18,
            20,
            "spec.template.spec.tolerations: Invalid type: got \"map\", expected \"array\"",
            None,
        ),
        (
            "a string where an integer is expected",
            ds("minReadySeconds: ten\n", ""),
            18,
            20,
            "spec.minReadySeconds: Invalid type: got \"string\", expected \"integer\"",
            None,
        ),
        (
            "an unquoted boolean label value",
            BASE_DS.replace("        app: x\n", "        app: x\n        enabled: true\n"),
            14,
            18,
            "spec.template.metadata.labels.enabled: Invalid type: got \"boolean\", expected \"string\": quote the value (\"true\") so that YAML reads it as a string",
            Some("write it as \"true\""),
        ),
        (
            "a number where a string is expected",
            ds("", "priorityClassName: 7\n"),
            18,
            26,
            "spec.template.spec.priorityClassName: Invalid type: got \"number\", expected \"string\": quote the value (\"7\") so that YAML reads it as a string",
            Some("write it as \"7\""),
        ),
    ];
    for (name, text, line, column, message, hint) in table {
        let loaded = load(&text);
        let got: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.severity,
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.hint.as_deref(),
                    d.path.is_some(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![(Severity::Error, line, column, message, hint, true)],
            "{name}"
        );
        assert!(loaded.objects.daemon_sets.is_empty(), "{name}");
    }
}

#[test]
fn yaml_syntax_errors_have_a_position_and_a_hint() {
    let table: &[(&str, &str, usize, usize, &str)] = &[
        (
            "a tab used for indentation",
            "apiVersion: v1\nkind: Node\nmetadata:\n\tname: a\n",
            4,
            2,
            "a tab is used for indentation: YAML allows only spaces there",
        ),
        (
            "a key indented too little",
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n labels: {}\n",
            5,
            8,
            "check the indentation: this key is at the wrong depth (keys of one mapping must line up)",
        ),
        (
            "a key indented too much",
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n    labels: {}\n",
            5,
            11,
            "check the indentation: this key is at the wrong depth (keys of one mapping must line up)",
        ),
        (
            "a list item at the wrong depth",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: x\n  - name: b\n",
            9,
            5,
            "check the indentation: this list item is at the wrong depth for the list it belongs to",
        ),
        (
            "an unquoted value with a colon and a space",
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  annotations:\n    note: see: here\n",
            6,
            14,
            "a value contains \": \": put the value in quotes",
        ),
        (
            "an unclosed quote",
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: \"a\n",
            4,
            9,
            "a quoted string is not closed: add the closing quote",
        ),
        (
            "an unclosed bracket",
            "apiVersion: v1\nkind: Node\nmetadata: {name: a\n",
            4,
            1,
            "a bracket is not closed: check the matching ] or }",
        ),
    ];
    for (name, text, line, column, hint) in table {
        let loaded = load(text);
        assert_eq!(
            loaded.diagnostics.len(),
            1,
            "{name}: {:?}",
            loaded.diagnostics
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(
            (d.severity, d.line, d.column, d.hint.as_deref()),
            (Severity::Error, *line, *column, Some(*hint)),
            "{name}: {}",
            d.message
        );
    }
}

#[test]
fn a_syntax_error_keeps_the_documents_before_it() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: \"b\n";
    let loaded = load(text);
    assert_eq!(loaded.objects.nodes.len(), 1);
    assert_eq!(loaded.objects.nodes[0].metadata.name, "a");
    assert_eq!(loaded.diagnostics.len(), 1);
    assert_eq!(loaded.diagnostics[0].severity, Severity::Error);
}

#[test]
fn duplicate_keys_are_errors_and_the_object_is_not_applied() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  name: b\n";
    let loaded = load(text);
    let got: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.column, d.message.clone()))
        .collect();
    assert_eq!(
        got,
        vec![(
            Severity::Error,
            5,
            3,
            "mapping key \"name\" already defined at line 4".to_string()
        )]
    );
    assert!(loaded.objects.nodes.is_empty());
}

// ---- Scenario --------------------------------------------------------------------------------

#[test]
fn a_scenario_decodes_its_settings_and_steps() {
    let text = "apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata:
  name: rolling-update
spec:
  seed: 7
  until: 5m
  kubelet:
    imagePullSeconds: 3
    images:
    - image: quay.io/x:broken
      failure: ImagePullError
  steps:
  - at: 10s
    setImage: {daemonSet: fluentd, namespace: kube-system, image: \"quay.io/x:v2\"}
  - wait: {until: rolloutComplete, daemonSet: fluentd, namespace: kube-system, timeout: 10m}
  - after: 1m30s
    taintNode: {node: kind-worker, key: k, value: v, effect: NoExecute}
  - cordon: kind-worker2
  - apply:
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: high}
      value: 1000
";
    let loaded = load(text);
    assert_eq!(loaded.diagnostics, vec![]);
    let s = loaded.objects.scenario.clone().unwrap();
    assert_eq!(s.spec.seed, 7);
    assert_eq!(s.spec.until, Until::After(Duration { millis: 300_000 }));
    assert_eq!(s.spec.kubelet.image_pull, Duration::from_secs(3));
    assert_eq!(s.spec.steps.len(), 5);
    assert_eq!(s.spec.steps[0].at, Some(Duration::from_secs(10)));
    assert!(
        matches!(&s.spec.steps[1].action, Action::Wait(Wait::RolloutComplete { timeout: Some(t), .. }) if t.millis == 600_000)
    );
    assert_eq!(s.spec.steps[2].after, Some(Duration { millis: 90_000 }));
    assert!(matches!(&s.spec.steps[3].action, Action::Cordon(n) if n == "kind-worker2"));
    assert!(
        matches!(&s.spec.steps[4].action, Action::Apply(ScenarioObject::PriorityClass(pc)) if pc.preemption_policy == "PreemptLowerPriority")
    );
    let again = load(&to_yaml(&loaded.objects));
    assert_eq!(again.diagnostics, vec![]);
    assert_eq!(again.objects, loaded.objects);
}

#[test]
fn scenario_steps_need_exactly_one_action_and_valid_inline_objects() {
    let text = "apiVersion: kubeplay.dev/v1alpha1
kind: Scenario
metadata:
  name: s
spec:
  steps:
  - cordon: a
    uncordon: a
  - wait: 5s
  - addNode:
      apiVersion: v1
      kind: Node
      metadata: {name: node-a}
      spec:
        taints:
        - {key: k, effect: Sometimes}
  - sleep: 5s
  - labelNode: {node: node-a, labels: {\"bad key\": x}}
";
    let loaded = load(text);
    let got: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.message.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Severity::Error, 7, "spec.steps[0]: must have exactly one action (apply, setImage, ...)".to_string()),
            (Severity::Error, 16, "spec.steps[2].addNode.spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"".to_string()),
            (Severity::Error, 17, "spec.steps[3]: must have exactly one action (apply, setImage, ...)".to_string()),
            (Severity::Warning, 17, "unknown field \"spec.steps[3].sleep\"".to_string()),
            (Severity::Error, 18, "spec.steps[4].labelNode.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_string()),
        ]
    );
    assert!(loaded.objects.scenario.is_none());
    assert!(
        matches!(parse_object("apiVersion: v1\nkind: Node\nmetadata: {name: x}\n"), Ok(ScenarioObject::Node(n)) if n.metadata.name == "x")
    );
}

// ---- export ----------------------------------------------------------------------------------

#[test]
fn export_round_trips_every_fixture() {
    let mut files = realworld_files();
    files.extend([
        "kind-3-nodes.yaml".to_string(),
        "tutorial-daemonset.yaml".to_string(),
        "tutorial-daemonset-update.yaml".to_string(),
    ]);
    for file in files {
        let first = load(&fixture(&file));
        let text = to_yaml(&first.objects);
        assert!(
            !text.contains(": null") && !text.contains("labels: {}"),
            "{file}: clean output"
        );
        let second = load(&text);
        let problems: Vec<_> = second
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert_eq!(problems, Vec::<&Diagnostic>::new(), "{file}:\n{text}");
        let mut want = first.objects.clone();
        want.others.clear();
        // Export writes the nodes themselves, not the NodeList they came in; a stated node
        // list only matters when it is empty.
        want.nodes_stated &= want.nodes.is_empty();
        assert_eq!(second.objects, want, "{file}");
    }
}

#[test]
fn export_prints_kubernetes_field_order_and_quotes_ambiguous_strings() {
    let text = "apiVersion: v1\nkind: Node\nstatus:\n  capacity: {cpu: 0.5, memory: 1024Mi}\nspec: {}\nmetadata:\n  name: node-a\n  labels: {enabled: \"true\", zip: \"0206\", empty: \"\", n: \"1\"}\n";
    let out = to_yaml(&load(text).objects);
    assert_eq!(
        out,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels:\n    empty: \"\"\n    enabled: \"true\"\n    \"n\": \"1\"\n    zip: \"0206\"\nstatus:\n  capacity:\n    cpu: 500m\n    memory: 1Gi\n  allocatable:\n    cpu: 500m\n    memory: 1Gi\n"
    );
}

// ---- robustness ------------------------------------------------------------------------------

#[test]
fn input_above_the_size_bound_is_refused_with_a_clear_message() {
    let big = "#".repeat(MAX_INPUT_BYTES + 1);
    let loaded = load(&big);
    assert_eq!(loaded.diagnostics.len(), 1);
    assert_eq!(
        loaded.diagnostics[0].message,
        format!(
            "the text is {} bytes; kubeplay reads at most {MAX_INPUT_BYTES} bytes (8 MiB)",
            MAX_INPUT_BYTES + 1
        )
    );
}

/// xorshift64*: a small deterministic generator for the fuzz test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => lines[i].insert(0, '\t'),
            3 => {
                let n = rng.below(6);
                lines[i] = format!("{}{}", " ".repeat(n), lines[i].trim_start());
            }
            4 => {
                let mut bytes = lines[i].clone().into_bytes();
                if !bytes.is_empty() {
                    let j = rng.below(bytes.len());
                    bytes[j] = b"-:{}[]&*!|>'\"%@`#,? \x00"[rng.below(21)];
                }
                lines[i] = String::from_utf8_lossy(&bytes).into_owned();
            }
            5 => lines.insert(i, "---".to_string()),
            _ => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn arbitrary_and_mutated_input_never_panics_or_hangs() {
    let mut seeds: Vec<String> = [
        "kind-3-nodes.yaml",
        "tutorial-daemonset.yaml",
        "realworld/cilium-quick-install.yaml",
        "realworld/kind-coredns-pod.yaml",
        "realworld/openshift-gcp-master-node.yaml",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    seeds.push(ds(
        "updateStrategy:\n  rollingUpdate:\n    maxSurge: 1\n",
        "tolerations:\n- operator: Exists\n",
    ));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let seed = &seeds[round % seeds.len()];
        let text = mutate(&mut rng, seed);
        let loaded = load(&text);
        for d in &loaded.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "round {round}: {d:?}");
        }
        let _ = to_yaml(&loaded.objects);
    }
    for round in 0..300 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| b"ab: -\n\t[]{}&*!|>'\"#,?0.5eE~%@"[rng.below(28)])
            .collect();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let loaded = load(&text);
        let mut sorted = loaded.diagnostics.clone();
        sorted.sort_by_key(|d| (d.line, d.column));
        assert_eq!(
            sorted
                .iter()
                .map(|d| (d.line, d.column))
                .collect::<Vec<_>>(),
            loaded
                .diagnostics
                .iter()
                .map(|d| (d.line, d.column))
                .collect::<Vec<_>>(),
            "round {round}: sorted"
        );
    }
    // Deep nesting and alias bombs are refused, not expanded.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(load(&deep).has_errors());
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, c) in "abcdefghij".chars().zip("bcdefghijk".chars()) {
        bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    assert!(load(&bomb).has_errors());
}

/// Follows upstream `TestValidatePriorityClass` (pkg/apis/scheduling/validation): the
/// `system-` prefix is reserved for the known system classes with their exact values.
#[test]
fn priority_classes_are_validated_as_upstream() {
    let pc = |name: &str, rest: &str| {
        format!("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: {name}\n{rest}")
    };
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "a known system class with its value is valid",
            pc("system-node-critical", "value: 2000001000\n"),
            vec![],
        ),
        (
            "an unknown system- name is forbidden",
            pc("system-foo", "value: 10\n"),
            vec!["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class"],
        ),
        (
            "a system class with another value is forbidden",
            pc("system-cluster-critical", "value: 10\n"),
            vec!["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"],
        ),
        (
            "a system class may not be the global default",
            pc("system-cluster-critical", "value: 2000000000\nglobalDefault: true\n"),
            vec!["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-cluster-critical PriorityClass must be false"],
        ),
        (
            "a user class above one billion is forbidden",
            pc("high", "value: 1000000001\n"),
            vec!["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
        ),
        (
            "an unknown preemption policy lists the supported ones in upstream order",
            pc("high", "value: 1\npreemptionPolicy: Sometimes\n"),
            vec!["preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""],
        ),
    ];
    for (name, text, want) in table {
        let loaded = load(&text);
        let got: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Follows upstream `ValidatePodSpec` / `validateContainersOnlyForPod`
/// (pkg/apis/core/validation): checks that apply to Pods, in upstream order.
#[test]
fn pods_are_validated_as_upstream() {
    let pod =
        |spec: &str| format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}");
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "an image with surrounding whitespace is refused on a Pod",
            pod("  containers:\n  - name: c\n    image: \" busybox\"\n"),
            vec!["spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace"],
        ),
        (
            "a node name must be a DNS subdomain",
            pod("  nodeName: Node_1\n  containers:\n  - name: c\n    image: i\n"),
            vec!["spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
        ),
        (
            "activeDeadlineSeconds must be positive",
            pod("  activeDeadlineSeconds: 0\n  containers:\n  - name: c\n    image: i\n"),
            vec!["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
        ),
        (
            "a bad toleration and a bad preemption policy are both reported",
            pod("  tolerations:\n  - operator: Equal\n  preemptionPolicy: Always\n  containers:\n  - name: c\n    image: i\n"),
            vec![
                "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                "spec.preemptionPolicy: Unsupported value: \"Always\": supported values: \"PreemptLowerPriority\", \"Never\"",
            ],
        ),
    ];
    for (name, text, want) in table {
        let loaded = load(&text);
        let got: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Follows upstream `ValidateNode` / `ValidateNodeResources` and `validateNodeTaints`
/// (pkg/apis/core/validation).
#[test]
fn nodes_are_validated_as_upstream() {
    let node = |rest: &str| format!("apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n{rest}");
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "a negative capacity is refused at status.capacity.<name> (and in the defaulted allocatable)",
            node("status:\n  capacity: {cpu: -1, memory: 1Gi}\n"),
            vec![
                "status.allocatable.cpu: Invalid value: \"-1\": must be greater than or equal to 0",
                "status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0",
            ],
        ),
        (
            "an extended resource in allocatable must be an integer",
            node("status:\n  allocatable: {example.com/dongle: 1500m}\n"),
            vec!["status.allocatable.example.com/dongle: Invalid value: 1500m: must be an integer"],
        ),
        (
            // Upstream `Quantity.UnmarshalJSON` trims whitespace before `ParseQuantity`.
            "a quoted quantity with surrounding spaces is read as the API server reads it",
            node("status:\n  capacity: {cpu: \" -2 \"}\n"),
            vec![
                "status.allocatable.cpu: Invalid value: \"-2\": must be greater than or equal to 0",
                "status.capacity.cpu: Invalid value: \"-2\": must be greater than or equal to 0",
            ],
        ),
        (
            "taints must be unique by key and effect",
            node("spec:\n  taints:\n  - {key: a, value: v1, effect: NoSchedule}\n  - {key: a, value: v2, effect: NoSchedule}\n"),
            vec!["spec.taints[1]: Duplicate value: core.Taint{Key:\"a\", Value:\"v2\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"],
        ),
        (
            "an unknown taint effect lists the effects in upstream order",
            node("spec:\n  taints:\n  - {key: a, effect: NoRun}\n"),
            vec!["spec.taints[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
        ),
    ];
    for (name, text, want) in table {
        let loaded = load(&text);
        let got: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

// ---- Deployments and ReplicaSets ------------------------------------------------------------

const BASE_DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

#[test]
fn real_world_deployments_and_replica_sets_are_decoded_and_defaulted() {
    use kubeplay::engine::api::DeploymentStrategyType;
    let quarter = Some(IntOrPercent::String("25%".into()));

    let metrics = load(&fixture("realworld/metrics-server-deployment.yaml"));
    let d = &metrics.objects.deployments[0];
    assert_eq!(d.spec.replicas, 1, "metrics-server states no replicas");
    let ru = d.spec.strategy.rolling_update.as_ref().unwrap();
    assert_eq!(d.spec.strategy.type_, DeploymentStrategyType::RollingUpdate);
    assert_eq!(ru.max_unavailable, Some(IntOrPercent::Int(0)));
    assert_eq!(ru.max_surge, quarter, "maxSurge defaults to 25%");
    assert_eq!(d.spec.progress_deadline_seconds, Some(600));
    assert_eq!(d.spec.revision_history_limit, 10);
    assert_eq!(
        d.spec.template.spec.priority_class_name,
        "system-cluster-critical"
    );

    let argocd = load(&fixture("realworld/argocd-server-deployment.yaml"));
    let d = &argocd.objects.deployments[0];
    assert_eq!(d.metadata.namespace, "default", "a kustomize base has none");
    assert_eq!(d.spec.template.spec.restart_policy, "Always");

    let coredns = load(&fixture("realworld/coredns-deployment.yaml"));
    let d = &coredns.objects.deployments[0];
    assert_eq!(d.spec.replicas, 1);
    let ru = d.spec.strategy.rolling_update.as_ref().unwrap();
    assert_eq!(ru.max_unavailable, Some(IntOrPercent::Int(1)));
    assert_eq!(ru.max_surge, quarter);

    let guestbook = load(&fixture(
        "realworld/argocd-guestbook-deployment-progressing.yaml",
    ));
    let d = &guestbook.objects.deployments[0];
    assert_eq!(d.metadata.generation, Some(4));
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "4"
    );
    let s = &d.status;
    assert_eq!(
        (
            s.observed_generation,
            s.replicas,
            s.updated_replicas,
            s.ready_replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
        (4, 2, 1, 1, 1, 1)
    );
    let progressing = &s.conditions[1];
    assert_eq!(
        (
            progressing.type_.as_str(),
            progressing.reason.as_deref(),
            progressing.last_update_time.as_deref()
        ),
        (
            "Progressing",
            Some("ReplicaSetUpdated"),
            Some("2018-07-18T06:19:22Z")
        )
    );

    let frontend = load(&fixture(
        "realworld/kubernetes-docs-frontend-replicaset.yaml",
    ));
    let rs = &frontend.objects.replica_sets[0];
    assert_eq!(
        (rs.metadata.namespace.as_str(), rs.spec.replicas),
        ("default", 3)
    );
    assert_eq!(rs.metadata.generation, Some(1));
}

#[test]
fn deployments_and_replica_sets_come_in_every_form_an_input_takes() {
    let json = r#"{"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r"}, "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}}}"#;
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n{}",
        BASE_DEPLOYMENT
            .lines()
            .enumerate()
            .map(|(i, l)| if i == 0 {
                format!("- {l}\n")
            } else {
                format!("  {l}\n")
            })
            .collect::<String>()
    );
    for (name, text, deployments, replica_sets) in [
        ("a document", BASE_DEPLOYMENT.to_string(), 1, 0),
        ("an item of a List", list, 1, 0),
        ("JSON", json.to_string(), 0, 1),
    ] {
        let loaded = load(&text);
        assert_eq!(loaded.diagnostics, vec![], "{name}");
        assert_eq!(loaded.objects.deployments.len(), deployments, "{name}");
        assert_eq!(loaded.objects.replica_sets.len(), replica_sets, "{name}");
    }
}

#[test]
fn a_deployment_in_an_old_api_version_is_refused_as_a_daemon_set_is() {
    for (kind, version) in [
        ("Deployment", "extensions/v1beta1"),
        ("Deployment", "apps/v1beta2"),
        ("Deployment", "apps/v1beta1"),
        ("ReplicaSet", "extensions/v1beta1"),
        ("ReplicaSet", "apps/v1beta2"),
    ] {
        let text = BASE_DEPLOYMENT
            .replace("apiVersion: apps/v1", &format!("apiVersion: {version}"))
            .replace("kind: Deployment", &format!("kind: {kind}"));
        let loaded = load(&text);
        let got: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.line, d.message.clone(), d.hint.clone()))
            .collect();
        assert_eq!(
            got,
            vec![(
                Severity::Error,
                1,
                format!("no matches for kind \"{kind}\" in version \"{version}\""),
                Some("use apiVersion: apps/v1".to_string())
            )],
            "{kind} {version}"
        );
        assert!(loaded.objects.deployments.is_empty() && loaded.objects.replica_sets.is_empty());
    }
    let typo = load(&BASE_DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet"));
    assert_eq!(
        typo.diagnostics[0].hint.as_deref(),
        Some("did you mean \"Deployment\"?"),
        "a misspelt kind"
    );
}

#[test]
fn unknown_deployment_fields_warn_with_a_suggestion() {
    let table: Vec<(&str, String, &str, &str, Option<&str>)> = vec![
        (
            "a wrongly cased spec field",
            BASE_DEPLOYMENT.replace("  replicas: 3\n", "  replicas: 3\n  minReadySecond: 5\n"),
            "minReadySecond:",
            "unknown field \"spec.minReadySecond\"",
            Some("did you mean \"minReadySeconds\"?"),
        ),
        (
            "a misspelt strategy field",
            BASE_DEPLOYMENT.replace(
                "  replicas: 3\n",
                "  replicas: 3\n  strategy:\n    rollingUpdates: {maxSurge: 1}\n",
            ),
            "rollingUpdates:",
            "unknown field \"spec.strategy.rollingUpdates\"",
            Some("did you mean \"rollingUpdate\"?"),
        ),
        (
            "extensions/v1beta1's rollbackTo is not in apps/v1",
            BASE_DEPLOYMENT.replace("  replicas: 3\n", "  replicas: 3\n  rollbackTo: {revision: 1}\n"),
            "rollbackTo:",
            "unknown field \"spec.rollbackTo\"",
            None,
        ),
        (
            "a ReplicaSet has no strategy",
            BASE_DEPLOYMENT
                .replace("kind: Deployment", "kind: ReplicaSet")
                .replace("  replicas: 3\n", "  replicas: 3\n  strategy: {type: Recreate}\n"),
            "strategy:",
            "unknown field \"spec.strategy\"",
            None,
        ),
        (
            "a ReplicaSet condition has no lastUpdateTime",
            BASE_DEPLOYMENT.replace("kind: Deployment", "kind: ReplicaSet")
                + "status:\n  replicas: 1\n  conditions:\n  - {type: ReplicaFailure, status: \"True\", lastUpdateTime: \"2025-01-01T00:00:00Z\"}\n",
            "lastUpdateTime",
            "unknown field \"status.conditions[0].lastUpdateTime\"",
            None,
        ),
    ];
    for (name, text, needle, message, hint) in table {
        let loaded = load(&text);
        let got: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.line, d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![(Severity::Warning, line_of(&text, needle), message, hint)],
            "{name}"
        );
        assert_eq!(
            loaded.objects.deployments.len() + loaded.objects.replica_sets.len(),
            1,
            "{name}: the object is kept"
        );
    }
}

#[test]
fn deployments_and_replica_sets_export_byte_stably() {
    let files = [
        "realworld/argocd-guestbook-deployment-progressing.yaml",
        "realworld/cert-manager-deployments.yaml",
        "realworld/ingress-nginx-controller.yaml",
        "realworld/kubernetes-docs-frontend-replicaset.yaml",
    ];
    for file in files {
        let first = load(&fixture(file));
        let text = to_yaml(&first.objects);
        let second = load(&text);
        let problems: Vec<_> = second
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert_eq!(problems, Vec::<&Diagnostic>::new(), "{file}:\n{text}");
        assert_eq!(
            second.objects.deployments, first.objects.deployments,
            "{file}"
        );
        assert_eq!(
            second.objects.replica_sets, first.objects.replica_sets,
            "{file}"
        );
        assert_eq!(
            to_yaml(&second.objects),
            text,
            "{file}: the export is a fixed point"
        );
    }
    let guestbook = to_yaml(
        &load(&fixture(
            "realworld/argocd-guestbook-deployment-progressing.yaml",
        ))
        .objects,
    );
    for (name, line) in [
        ("replicas are always written", "  replicas: 1\n"),
        ("the strategy in upstream's field order", "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 25%\n      maxSurge: 25%\n"),
        ("the defaults", "  revisionHistoryLimit: 10\n  progressDeadlineSeconds: 600\n"),
        ("a condition's times in UTC", "    lastUpdateTime: 2018-07-18T06:19:22Z\n"),
        ("the revision annotation", "    deployment.kubernetes.io/revision: \"4\"\n"),
    ] {
        assert!(guestbook.contains(line), "{name}:\n{guestbook}");
    }
}

#[test]
fn a_text_without_any_object_gets_one_warning_saying_there_is_nothing_to_simulate() {
    for text in [
        "",
        "\n\n",
        "# only a comment\n",
        "---\n---\n",
        "   \n# a\n---\n",
    ] {
        let loaded = load(text);
        assert_eq!(
            loaded.diagnostics.len(),
            1,
            "{text:?}: {:?}",
            loaded.diagnostics
        );
        let warning = &loaded.diagnostics[0];
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(
            warning.message,
            "the text has no Kubernetes object: there is nothing to simulate"
        );
        assert_eq!((warning.line, warning.column), (1, 1));
        assert!(warning
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("pick a lesson")));
    }
    // An empty node list is an object: a cluster without nodes, said on purpose.
    assert!(load("apiVersion: v1\nkind: NodeList\nitems: []\n")
        .diagnostics
        .is_empty());
}

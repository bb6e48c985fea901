//! Upstream `filters_test.go` and `drain_test.go`'s `TestDrain` cases for which pods a drain
//! deletes, skips, warns about or refuses, with kubectl's messages.

use super::*;
use crate::engine::api::{ObjectMeta, OwnerReference, Pod, RawValue};

/// A pod `default/bar` controlled by a `kind` named `name` (none for `""`), in `phase`.
fn pod(kind: &str, name: &str) -> Pod {
    let mut pod = Pod {
        metadata: ObjectMeta {
            name: "bar".to_string(),
            namespace: "default".to_string(),
            ..ObjectMeta::default()
        },
        ..Pod::default()
    };
    if !kind.is_empty() {
        pod.metadata.owner_references.push(OwnerReference {
            api_version: "apps/v1".to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
            uid: "uid".to_string(),
            controller: Some(true),
            block_owner_deletion: None,
        });
    }
    pod
}

fn with_empty_dir(mut pod: Pod) -> Pod {
    let volume = RawValue::Map(vec![
        ("name".to_string(), RawValue::String("scratch".to_string())),
        ("emptyDir".to_string(), RawValue::Map(Vec::new())),
    ]);
    pod.spec
        .extra
        .push(("volumes".to_string(), RawValue::Seq(vec![volume])));
    pod
}

fn mirror(mut pod: Pod) -> Pod {
    pod.metadata.annotations.insert(
        "kubernetes.io/config.mirror".to_string(),
        "hash".to_string(),
    );
    pod
}

fn flags(ignore_daemon_sets: bool, delete_emptydir_data: bool, force: bool) -> FilterFlags {
    FilterFlags {
        ignore_daemon_sets,
        delete_emptydir_data,
        force,
    }
}

/// The DaemonSet `ds` exists; `missing-ds` does not.
fn daemon_set_exists(_: &str, name: &str) -> bool {
    name == "ds"
}

/// `GetPodsForDeletion` of one pod: (pods to delete, warnings, errors).
fn run(pod: &Pod, phase: &str, flags: FilterFlags) -> (Vec<String>, String, Vec<String>) {
    let list = pods_for_deletion([DrainPod { pod, phase }], flags, &daemon_set_exists);
    let pods = list.pods().into_iter().map(str::to_string).collect();
    (pods, list.warnings(), list.errors())
}

/// One case: its name, the pod and its phase, the flags, then what comes out (the pods
/// deleted, the warnings, the errors).
type Case = (
    &'static str,
    Pod,
    &'static str,
    FilterFlags,
    Vec<String>,
    &'static str,
    Vec<&'static str>,
);

/// `TestDrain`'s cases: which pod is deleted, with which warning, or which error stops
/// the drain (kubectl prints the warning after `Warning: `).
#[test]
fn test_drain_filters() {
    let deleted = || vec!["default/bar".to_string()];
    let cases: Vec<Case> = vec![
        ("RS-managed pod", pod("ReplicaSet", "rs"), "Running", flags(false, false, false), deleted(), "", vec![]),
        (
            "DS-managed pod",
            pod("DaemonSet", "ds"),
            "Running",
            flags(false, false, false),
            vec![],
            "",
            vec!["cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/bar"],
        ),
        ("DS-managed terminated pod", pod("DaemonSet", "ds"), "Succeeded", flags(false, false, false), deleted(), "", vec![]),
        (
            "orphaned DS-managed pod",
            pod("DaemonSet", "missing-ds"),
            "Running",
            flags(false, false, false),
            vec![],
            "",
            vec!["cannot delete daemonsets.apps \"missing-ds\" not found: default/bar"],
        ),
        (
            "orphaned DS-managed pod with --force",
            pod("DaemonSet", "missing-ds"),
            "Running",
            flags(false, false, true),
            deleted(),
            "",
            vec![],
        ),
        (
            "DS-managed pod with --ignore-daemonsets",
            pod("DaemonSet", "ds"),
            "Running",
            flags(true, false, false),
            vec![],
            "ignoring DaemonSet-managed Pods: default/bar",
            vec![],
        ),
        (
            "DS-managed pod with emptyDir with --ignore-daemonsets",
            with_empty_dir(pod("DaemonSet", "ds")),
            "Running",
            flags(true, false, false),
            vec![],
            "ignoring DaemonSet-managed Pods: default/bar",
            vec![],
        ),
        (
            "Job-managed pod with local storage",
            with_empty_dir(pod("Job", "job")),
            "Running",
            flags(false, true, true),
            deleted(),
            "",
            vec![],
        ),
        (
            "Job-managed terminated pod",
            with_empty_dir(pod("Job", "job")),
            "Succeeded",
            flags(false, false, false),
            deleted(),
            "",
            vec![],
        ),
        (
            "naked pod",
            pod("", ""),
            "Running",
            flags(false, false, false),
            vec![],
            "",
            vec!["cannot delete cannot delete Pods that declare no controller (use --force to override): default/bar"],
        ),
        (
            "naked pod with --force",
            pod("", ""),
            "Running",
            flags(false, false, true),
            deleted(),
            "deleting Pods that declare no controller: default/bar",
            vec![],
        ),
        (
            "pod with EmptyDir",
            with_empty_dir(pod("", "")),
            "Running",
            flags(false, false, true),
            vec![],
            "",
            vec!["cannot delete Pods with local storage (use --delete-emptydir-data to override): default/bar"],
        ),
        (
            "terminated pod with emptyDir",
            with_empty_dir(pod("ReplicaSet", "rs")),
            "Failed",
            flags(false, false, false),
            deleted(),
            "",
            vec![],
        ),
        (
            "pod with EmptyDir and --delete-emptydir-data: the local-storage warning is dropped by the next filter",
            with_empty_dir(pod("ReplicaSet", "rs")),
            "Running",
            flags(false, true, false),
            deleted(),
            "",
            vec![],
        ),
        ("mirror pod is skipped", mirror(pod("Node", "n1")), "Running", flags(false, false, false), vec![], "", vec![]),
    ];
    for (name, pod, phase, flags, want_pods, want_warnings, want_errors) in cases {
        let (pods, warnings, errors) = run(&pod, phase, flags);
        assert_eq!(pods, want_pods, "{name}: pods");
        assert_eq!(warnings, want_warnings, "{name}: warnings");
        assert_eq!(errors, want_errors, "{name}: errors");
    }
}

/// Messages group the pods they are about, in the order they come; several errors
/// aggregate as `[a, b]`, and `CheckErr` prints them one per line.
#[test]
fn messages_group_their_pods_and_errors_aggregate() {
    let mut a = pod("DaemonSet", "ds");
    a.metadata.name = "a".to_string();
    let mut b = pod("", "");
    b.metadata.name = "b".to_string();
    let mut c = pod("DaemonSet", "ds");
    c.metadata.name = "c".to_string();
    let list = pods_for_deletion(
        [&a, &b, &c].map(|pod| DrainPod {
            pod,
            phase: "Running",
        }),
        flags(false, false, false),
        &daemon_set_exists,
    );
    let errors = list.errors();
    assert_eq!(
        errors,
        [
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/a, default/c",
            "cannot delete cannot delete Pods that declare no controller (use --force to override): default/b",
        ]
    );
    assert_eq!(
        aggregate(&errors),
        format!("[{}, {}]", errors[0], errors[1])
    );
    assert_eq!(check_err_lines(&errors), errors);
    assert_eq!(
        check_err_lines(&errors[..1]),
        [format!("error: {}", errors[0])]
    );
    let warned = pods_for_deletion(
        [&a, &b, &c].map(|pod| DrainPod {
            pod,
            phase: "Running",
        }),
        flags(true, false, true),
        &daemon_set_exists,
    );
    assert_eq!(
        warned.warnings(),
        "ignoring DaemonSet-managed Pods: default/a, default/c; deleting Pods that declare no controller: default/b"
    );
    assert_eq!(warned.pods(), ["default/b"]);
}

//! `kubectl drain`'s pure parts (`staging/src/k8s.io/kubectl/pkg/drain/filters.go`): which
//! pods of a node it deletes, which it leaves with a warning, which stop it with an error,
//! and how it words them.

use crate::engine::api::{controller_of, Pod, RawValue};
use crate::engine::scheduler::admission::is_mirror_pod;

/// `daemonSetFatal`.
pub const DAEMON_SET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
/// `daemonSetWarning`.
pub const DAEMON_SET_WARNING: &str = "ignoring DaemonSet-managed Pods";
/// `localStorageFatal`.
pub const LOCAL_STORAGE_FATAL: &str =
    "Pods with local storage (use --delete-emptydir-data to override)";
/// `localStorageWarning`.
pub const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
/// `unmanagedFatal`.
pub const UNMANAGED_FATAL: &str =
    "cannot delete Pods that declare no controller (use --force to override)";
/// `unmanagedWarning`.
pub const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";

/// The flags the filters read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilterFlags {
    /// `--ignore-daemonsets`.
    pub ignore_daemon_sets: bool,
    /// `--delete-emptydir-data`.
    pub delete_emptydir_data: bool,
    /// `--force`.
    pub force: bool,
}

/// `PodDeleteStatus`'s reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteReason {
    /// `Okay`.
    Okay,
    /// `Skip` (mirror pods).
    Skip,
    /// `Warning`.
    Warning,
    /// `Error`.
    Error,
}

/// `PodDeleteStatus`: whether the pod is deleted, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteStatus {
    /// `Delete`.
    pub delete: bool,
    /// `Reason`.
    pub reason: DeleteReason,
    /// `Message`.
    pub message: String,
}

impl DeleteStatus {
    fn okay() -> DeleteStatus {
        DeleteStatus {
            delete: true,
            reason: DeleteReason::Okay,
            message: String::new(),
        }
    }

    fn skip() -> DeleteStatus {
        DeleteStatus {
            delete: false,
            reason: DeleteReason::Skip,
            message: String::new(),
        }
    }

    fn warning(delete: bool, message: &str) -> DeleteStatus {
        DeleteStatus {
            delete,
            reason: DeleteReason::Warning,
            message: message.to_string(),
        }
    }

    fn error(message: &str) -> DeleteStatus {
        DeleteStatus {
            delete: false,
            reason: DeleteReason::Error,
            message: message.to_string(),
        }
    }
}

/// One pod of the node as the filters see it.
#[derive(Clone, Copy, Debug)]
pub struct DrainPod<'a> {
    /// The API object.
    pub pod: &'a Pod,
    /// `status.phase`.
    pub phase: &'a str,
}

impl DrainPod<'_> {
    fn finished(&self) -> bool {
        matches!(self.phase, "Succeeded" | "Failed")
    }

    fn controller_kind(&self) -> Option<(&str, &str)> {
        controller_of(&self.pod.metadata.owner_references)
            .map(|o| (o.kind.as_str(), o.name.as_str()))
    }

    /// `hasLocalStorage`: a volume with `emptyDir`.
    fn has_local_storage(&self) -> bool {
        let volumes = self.pod.spec.extra.iter().find(|(k, _)| k == "volumes");
        let Some((_, RawValue::Seq(volumes))) = volumes else {
            return false;
        };
        volumes.iter().any(|v| match v {
            RawValue::Map(fields) => fields
                .iter()
                .any(|(k, v)| k == "emptyDir" && *v != RawValue::Null),
            _ => false,
        })
    }
}

/// `daemonSetFilter`; `daemon_set_exists` answers the `Get` of the pod's DaemonSet.
fn daemon_set_filter(
    pod: &DrainPod<'_>,
    flags: FilterFlags,
    daemon_set_exists: &dyn Fn(&str, &str) -> bool,
) -> DeleteStatus {
    let Some(("DaemonSet", name)) = pod.controller_kind() else {
        return DeleteStatus::okay();
    };
    if pod.finished() {
        return DeleteStatus::okay();
    }
    if !daemon_set_exists(&pod.pod.metadata.namespace, name) {
        let not_found = format!("daemonsets.apps \"{name}\" not found");
        if flags.force {
            return DeleteStatus::warning(true, &not_found);
        }
        return DeleteStatus::error(&not_found);
    }
    if !flags.ignore_daemon_sets {
        return DeleteStatus::error(DAEMON_SET_FATAL);
    }
    DeleteStatus::warning(false, DAEMON_SET_WARNING)
}

/// `mirrorPodFilter`.
fn mirror_pod_filter(pod: &DrainPod<'_>) -> DeleteStatus {
    if is_mirror_pod(pod.pod) {
        DeleteStatus::skip()
    } else {
        DeleteStatus::okay()
    }
}

/// `localStorageFilter`.
fn local_storage_filter(pod: &DrainPod<'_>, flags: FilterFlags) -> DeleteStatus {
    if !pod.has_local_storage() || pod.finished() {
        return DeleteStatus::okay();
    }
    if !flags.delete_emptydir_data {
        return DeleteStatus::error(LOCAL_STORAGE_FATAL);
    }
    DeleteStatus::warning(true, LOCAL_STORAGE_WARNING)
}

/// `unreplicatedFilter`.
fn unreplicated_filter(pod: &DrainPod<'_>, flags: FilterFlags) -> DeleteStatus {
    if pod.finished() || pod.controller_kind().is_some() {
        return DeleteStatus::okay();
    }
    if flags.force {
        return DeleteStatus::warning(true, UNMANAGED_WARNING);
    }
    DeleteStatus::error(UNMANAGED_FATAL)
}

/// The filters in `makeFilters`' order (`skipDeletedFilter` is a no-op with kubectl's
/// default `--skip-wait-for-delete-timeout=0`); the first that keeps the pod decides, else
/// the last one's status stands (so a local-storage warning is dropped, as upstream's TODO
/// says).
pub fn filter_pod(
    pod: &DrainPod<'_>,
    flags: FilterFlags,
    daemon_set_exists: &dyn Fn(&str, &str) -> bool,
) -> DeleteStatus {
    let filters: [&dyn Fn() -> DeleteStatus; 4] = [
        &|| daemon_set_filter(pod, flags, daemon_set_exists),
        &|| mirror_pod_filter(pod),
        &|| local_storage_filter(pod, flags),
        &|| unreplicated_filter(pod, flags),
    ];
    let mut status = DeleteStatus::okay();
    for filter in filters {
        status = filter();
        if !status.delete {
            break;
        }
    }
    status
}

/// `PodDeleteList`: every pod of the node (`namespace/name`) with its status, in the API's
/// list order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteList {
    /// The pods and their statuses.
    pub items: Vec<(String, DeleteStatus)>,
}

/// Groups `namespace/name`s by message, in the order the messages first appear (upstream
/// groups them in a Go map, whose order is random).
fn grouped<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (message, pod) in items {
        match groups.iter_mut().find(|(m, _)| *m == message) {
            Some((_, pods)) => pods.push(pod),
            None => groups.push((message, vec![pod])),
        }
    }
    groups
}

impl DeleteList {
    /// `Pods()`: the pods to delete or evict.
    pub fn pods(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter(|(_, s)| s.delete)
            .map(|(key, _)| key.as_str())
            .collect()
    }

    /// `Warnings()`: `message: ns/a, ns/b` joined with `; `.
    pub fn warnings(&self) -> String {
        let warnings = self
            .items
            .iter()
            .filter(|(_, s)| s.reason == DeleteReason::Warning)
            .map(|(key, s)| (s.message.as_str(), key.as_str()));
        grouped(warnings)
            .iter()
            .map(|(message, pods)| format!("{message}: {}", pods.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `errors()`: one error per message, `cannot delete <message>: <pods>`. Upstream
    /// prefixes every message, so `unmanagedFatal`, which starts with `cannot delete`
    /// itself, reads `cannot delete cannot delete Pods that declare no controller ...`.
    pub fn errors(&self) -> Vec<String> {
        let errors = self
            .items
            .iter()
            .filter(|(_, s)| s.reason == DeleteReason::Error)
            .map(|(key, s)| {
                let message = if s.message.is_empty() {
                    "unexpected error"
                } else {
                    s.message.as_str()
                };
                (message, key.as_str())
            });
        grouped(errors)
            .iter()
            .map(|(message, pods)| format!("cannot delete {message}: {}", pods.join(", ")))
            .collect()
    }
}

/// `GetPodsForDeletion` over the node's pods (in the API's list order, by namespace and
/// name).
pub fn pods_for_deletion<'a>(
    pods: impl IntoIterator<Item = DrainPod<'a>>,
    flags: FilterFlags,
    daemon_set_exists: &dyn Fn(&str, &str) -> bool,
) -> DeleteList {
    let items = pods
        .into_iter()
        .map(|p| {
            let key = format!("{}/{}", p.pod.metadata.namespace, p.pod.metadata.name);
            (key, filter_pod(&p, flags, daemon_set_exists))
        })
        .collect();
    DeleteList { items }
}

/// `utilerrors.NewAggregate(errs).Error()`: one error as is, several (deduplicated) as
/// `[a, b]`.
pub fn aggregate(errors: &[String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for e in errors {
        if !seen.contains(&e.as_str()) {
            seen.push(e);
        }
    }
    match seen.as_slice() {
        [one] => one.to_string(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// How cmdutil.CheckErr prints the error a drain ends with: an aggregate of one error as
/// `error: <it>`, of several as one line each.
pub fn check_err_lines(errors: &[String]) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    for e in errors {
        if !seen.contains(&e.as_str()) {
            seen.push(e);
        }
    }
    match seen.as_slice() {
        [one] if one.starts_with("error: ") => vec![one.to_string()],
        [one] => vec![format!("error: {one}")],
        many => many.iter().map(|e| e.to_string()).collect(),
    }
}

#[cfg(test)]
#[path = "filters_tests.rs"]
mod tests;

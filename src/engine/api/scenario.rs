//! kubeplay's own `Scenario` kind (`kubeplay.dev/v1alpha1`): what happens over virtual time and
//! how the kubelet model behaves. See `briefs/scenario-schema.md`.

use std::collections::BTreeMap;

use super::policy::PodDisruptionBudget;
use super::types::{DaemonSet, Node, ObjectMeta, Pod, PriorityClass, TaintEffect};
pub use super::workload_ref::{Workload, WorkloadKind};
use super::workloads::{Deployment, ReplicaSet, StatefulSet};

/// A span of virtual time, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    /// Milliseconds.
    pub millis: u64,
}

impl Duration {
    /// A duration of `secs` seconds.
    pub fn from_secs(secs: u64) -> Duration {
        Duration {
            millis: secs.saturating_mul(1000),
        }
    }

    /// Parses an integer number of seconds or a Go-style duration (`500ms`, `30s`, `5m`, `1h`,
    /// `1m30s`, `1.5s`). Negative durations are refused.
    pub fn parse(s: &str) -> Option<Duration> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse::<u64>().ok().map(Duration::from_secs);
        }
        if s == "0" {
            return Some(Duration::default());
        }
        let mut rest = s;
        // Exact decimal arithmetic in microseconds, rounded to the millisecond at the end.
        let mut total_us: u64 = 0;
        if rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let (int_part, tail) = rest.split_at(int_len);
            let (frac_part, tail) = match tail.strip_prefix('.') {
                Some(t) => t.split_at(t.bytes().take_while(u8::is_ascii_digit).count()),
                None => ("", tail),
            };
            if int_part.is_empty() && frac_part.is_empty() {
                return None;
            }
            let unit_len = tail.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
            let (unit, tail) = tail.split_at(unit_len);
            let unit_us: u64 = match unit {
                "ms" => 1_000,
                "s" => 1_000_000,
                "m" => 60_000_000,
                "h" => 3_600_000_000,
                _ => return None,
            };
            let whole: u64 = if int_part.is_empty() {
                0
            } else {
                int_part.parse().ok()?
            };
            let mut value = whole.checked_mul(unit_us)?;
            let mut scale = unit_us;
            for digit in frac_part.bytes().take(12) {
                scale /= 10;
                value = value.checked_add(u64::from(digit - b'0') * scale)?;
            }
            total_us = total_us.checked_add(value)?;
            rest = tail;
        }
        let millis = total_us / 1_000 + u64::from(total_us % 1_000 >= 500);
        if millis > 1_000_000_000_000_000 {
            return None;
        }
        Some(Duration { millis })
    }
}

impl std::fmt::Display for Duration {
    /// Go-style text: `1m30s`, `500ms`, `0s`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.millis;
        if ms == 0 {
            return f.write_str("0s");
        }
        if ms % 1000 != 0 {
            return write!(f, "{ms}ms");
        }
        let secs = ms / 1000;
        let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if m > 0 {
            write!(f, "{m}m")?;
        }
        if s > 0 {
            write!(f, "{s}s")?;
        }
        Ok(())
    }
}

/// When `kubeplay simulate` stops by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Until {
    /// When nothing changes any more (default).
    #[default]
    Stable,
    /// After this much virtual time.
    After(Duration),
}

/// Failure injected for an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFailure {
    /// The pull fails: `ErrImagePull`, then `ImagePullBackOff`.
    ImagePullError,
    /// The container crashes: `CrashLoopBackOff`.
    Crash,
}

impl ImageFailure {
    /// The spelling in the Scenario.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFailure::ImagePullError => "ImagePullError",
            ImageFailure::Crash => "Crash",
        }
    }
}

/// `spec.kubelet.images[]`: per-image behaviour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageRule {
    /// The full image string to match.
    pub image: String,
    /// Pull time for this image.
    pub pull: Option<Duration>,
    /// Failure to inject.
    pub failure: Option<ImageFailure>,
}

/// `spec.kubelet`: timings of the kubelet model.
#[derive(Clone, Debug, PartialEq)]
pub struct KubeletModel {
    /// `imagePullSeconds` (default 2s).
    pub image_pull: Duration,
    /// `startSeconds` (default 1s).
    pub start: Duration,
    /// `readinessSeconds` (default 1s).
    pub readiness: Duration,
    /// `images`.
    pub images: Vec<ImageRule>,
}

impl Default for KubeletModel {
    fn default() -> Self {
        KubeletModel {
            image_pull: Duration::from_secs(2),
            start: Duration::from_secs(1),
            readiness: Duration::from_secs(1),
            images: Vec::new(),
        }
    }
}

/// An object inside an `apply` or `addNode` step, already decoded, defaulted and validated.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // few, short-lived values; unboxed for simple matching
pub enum ScenarioObject {
    /// A Node.
    Node(Node),
    /// A Pod.
    Pod(Pod),
    /// A DaemonSet.
    DaemonSet(DaemonSet),
    /// A PriorityClass.
    PriorityClass(PriorityClass),
    /// A PodDisruptionBudget.
    PodDisruptionBudget(PodDisruptionBudget),
    /// A Deployment.
    Deployment(Deployment),
    /// A ReplicaSet.
    ReplicaSet(ReplicaSet),
    /// A StatefulSet.
    StatefulSet(StatefulSet),
}

/// Which pod a `deletePod` step deletes.
#[derive(Clone, Debug, PartialEq)]
pub enum PodRef {
    /// By name: `{name, namespace}`.
    Named {
        /// Pod name.
        name: String,
        /// Namespace (default `default`).
        namespace: String,
    },
    /// The daemon pod of a DaemonSet on a node: `{daemonSet, namespace, node}`.
    DaemonPod {
        /// DaemonSet name.
        daemon_set: String,
        /// Namespace (default `default`).
        namespace: String,
        /// Node name.
        node: String,
    },
    /// The pods of a Deployment's ReplicaSets, only those on `node` when given:
    /// `{deployment, namespace, node?}` (`kubectl delete pods -l` with its selector).
    DeploymentPods {
        /// Deployment name.
        deployment: String,
        /// Namespace (default `default`).
        namespace: String,
        /// Only on this node.
        node: Option<String>,
    },
    /// The pod of a StatefulSet with this ordinal: `{statefulSet, namespace, ordinal}`
    /// (`kubectl delete pod NAME-ORDINAL`).
    StatefulSetPod {
        /// StatefulSet name.
        stateful_set: String,
        /// Namespace (default `default`).
        namespace: String,
        /// The pod's ordinal.
        ordinal: i32,
    },
}

/// What a `wait` step waits for.
#[derive(Clone, Debug, PartialEq)]
pub enum Wait {
    /// Let this much time pass.
    For(Duration),
    /// Until a DaemonSet's, Deployment's or StatefulSet's rollout is complete (`kubectl
    /// rollout status`), or the timeout passes.
    RolloutComplete {
        /// The DaemonSet, Deployment or StatefulSet.
        workload: Workload,
        /// Give up after this long.
        timeout: Option<Duration>,
    },
}

/// `kubectl drain NODE` and its flags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrainSpec {
    /// The node.
    pub node: String,
    /// `--ignore-daemonsets`.
    pub ignore_daemon_sets: bool,
    /// `--delete-emptydir-data`.
    pub delete_emptydir_data: bool,
    /// `--force`: also delete pods that declare no controller.
    pub force: bool,
    /// `--grace-period` in seconds (`None`: each pod's own, kubectl's -1).
    pub grace_period: Option<i64>,
    /// `--timeout` (`None`: kubectl's 0, wait forever; the simulation stops at the
    /// scenario's limit).
    pub timeout: Option<Duration>,
    /// `--disable-eviction`: delete the pods instead of evicting them (no budget check).
    pub disable_eviction: bool,
}

/// The one action of a step.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // a scenario has a handful of steps
pub enum Action {
    /// Create or update an object.
    Apply(ScenarioObject),
    /// Change a container image of a DaemonSet's, Deployment's or StatefulSet's template
    /// (`kubectl set image`).
    SetImage {
        /// The DaemonSet, Deployment or StatefulSet.
        workload: Workload,
        /// Container name (`None`: the first container).
        container: Option<String>,
        /// New image.
        image: String,
    },
    /// Add a node.
    AddNode(Node),
    /// Delete a node.
    DeleteNode(String),
    /// Set (`Some`) or remove (`None`) node labels.
    LabelNode {
        /// Node name.
        node: String,
        /// Label changes.
        labels: BTreeMap<String, Option<String>>,
    },
    /// Add a taint.
    TaintNode {
        /// Node name.
        node: String,
        /// Taint key.
        key: String,
        /// Taint value.
        value: String,
        /// Taint effect.
        effect: TaintEffect,
    },
    /// Remove taints with `key` (and `effect`, when given).
    UntaintNode {
        /// Node name.
        node: String,
        /// Taint key.
        key: String,
        /// Only this effect.
        effect: Option<TaintEffect>,
    },
    /// Mark a node unschedulable.
    Cordon(String),
    /// Mark a node schedulable.
    Uncordon(String),
    /// Make a node Ready or NotReady.
    SetNodeReady {
        /// Node name.
        node: String,
        /// Ready or not.
        ready: bool,
    },
    /// Delete a pod.
    DeletePod(PodRef),
    /// Mark matching daemon pods Ready (manual readiness mode).
    MarkPodsReady {
        /// DaemonSet name.
        daemon_set: String,
        /// Namespace (default `default`).
        namespace: String,
        /// Only on this node.
        node: Option<String>,
    },
    /// Run one controller sync now.
    Sync {
        /// Only this DaemonSet.
        daemon_set: Option<String>,
        /// Namespace (default `default`).
        namespace: String,
    },
    /// Let time pass.
    Wait(Wait),
    /// `kubectl drain`: cordon the node, then evict (or delete) its pods, retrying refused
    /// evictions every 5 s.
    Drain(DrainSpec),
    /// One eviction through the API (`kubectl` has no verb for it: `POST
    /// .../pods/NAME/eviction`).
    Evict {
        /// Pod name.
        name: String,
        /// Namespace (default `default`).
        namespace: String,
    },
    /// Roll a DaemonSet, Deployment or StatefulSet back (`kubectl rollout undo`).
    Rollback {
        /// The DaemonSet, Deployment or StatefulSet.
        workload: Workload,
        /// Target revision (`None`: the previous one).
        to_revision: Option<i64>,
    },
    /// Set a Deployment's, ReplicaSet's or StatefulSet's `spec.replicas` (`kubectl scale`).
    Scale {
        /// The Deployment, ReplicaSet or StatefulSet.
        workload: Workload,
        /// The new replica count.
        replicas: i32,
    },
    /// Set a StatefulSet's `spec.updateStrategy.rollingUpdate.partition` (`kubectl patch
    /// statefulset NAME -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":N}}}}'`).
    SetPartition {
        /// The StatefulSet.
        workload: Workload,
        /// The new partition: pods with a lower ordinal keep the current revision.
        partition: i32,
    },
    /// Pause a Deployment's rollout (`kubectl rollout pause`).
    Pause(Workload),
    /// Resume a paused Deployment (`kubectl rollout resume`).
    Resume(Workload),
}

/// One step: optional timing and one action.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Absolute virtual time.
    pub at: Option<Duration>,
    /// Delay after the previous step finished.
    pub after: Option<Duration>,
    /// What to do.
    pub action: Action,
}

/// `spec` of a Scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioSpec {
    /// `seed` (default 1): drives pod-name suffixes.
    pub seed: u64,
    /// `until` (default `stable`).
    pub until: Until,
    /// `manualReadiness`.
    pub manual_readiness: bool,
    /// `kubelet`.
    pub kubelet: KubeletModel,
    /// `steps`.
    pub steps: Vec<Step>,
    /// `goals`: what an exercise asks for (see [`super::goals`]).
    pub goals: Vec<super::goals::Goal>,
}

impl Default for ScenarioSpec {
    fn default() -> Self {
        ScenarioSpec {
            seed: 1,
            until: Until::Stable,
            manual_readiness: false,
            kubelet: KubeletModel::default(),
            steps: Vec::new(),
            goals: Vec::new(),
        }
    }
}

/// A `Scenario` object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// `metadata` (annotations may carry lesson text).
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: ScenarioSpec,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_as_seconds_or_go_style_text() {
        let table: &[(&str, &str, Option<u64>, &str)] = &[
            ("an integer is seconds", "30", Some(30_000), "30s"),
            ("milliseconds", "500ms", Some(500), "500ms"),
            ("minutes and seconds", "1m30s", Some(90_000), "1m30s"),
            ("hours", "1h", Some(3_600_000), "1h"),
            ("fractional seconds", "1.5s", Some(1500), "1500ms"),
            ("a fraction of a minute", "0.25m", Some(15_000), "15s"),
            ("a leading dot", ".5s", Some(500), "500ms"),
            (
                "a fraction of a millisecond rounds",
                "1.5ms",
                Some(2),
                "2ms",
            ),
            ("a lone dot is refused", ".s", None, ""),
            (
                "a number without a unit after a unit is refused",
                "1m30",
                None,
                "",
            ),
            (
                "an overflowing value is refused",
                "99999999999999999999h",
                None,
                "",
            ),
            ("zero seconds", "0s", Some(0), "0s"),
            ("an unknown unit is refused", "5d", None, ""),
            ("a negative duration is refused", "-5s", None, ""),
            ("empty is refused", "", None, ""),
        ];
        for (name, input, millis, shown) in table {
            let d = Duration::parse(input);
            assert_eq!(d.map(|d| d.millis), *millis, "{name}");
            if let Some(d) = d {
                assert_eq!(d.to_string(), *shown, "{name}");
            }
        }
    }
}

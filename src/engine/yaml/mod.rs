//! YAML text to objects and back: parsing with positions, decoding, defaulting, validation, export.
//!
//! [`load`] reads one or many documents (also `kind: List` and JSON), decodes the simulated kinds
//! (Node, Pod, DaemonSet, Deployment, ReplicaSet, PodDisruptionBudget, PriorityClass and kubeplay's
//! Scenario), applies the upstream defaults,
//! validates with the API server's field paths and messages, and reports every problem with a
//! line and column. Invalid objects are reported and left out; valid ones are kept.
//! [`to_yaml`] prints objects back as clean YAML that `kubectl apply` accepts.
//!
//! The steps, in the order a text goes through them: `node` (the YAML tree with positions),
//! `context` (diagnostics and field positions of one object), `decode` (one module per kind
//! over shared field readers; `scenario` for kubeplay's Scenario), [`defaults`], `validate`
//! (one module per kind over apimachinery's name checks), `load_limits` (the documented
//! input limits); this file dispatches each document by kind.
//! [`edit`] replaces, removes or appends one document of a text and keeps the rest as written.

mod context;
mod decode;
pub mod defaults;
pub mod edit;
mod emit;
mod export;
mod goals;
mod input_state;
mod known;
mod load_limits;
mod node;
pub mod object_tree;
mod scenario;
pub mod scheduler_config;
mod unsimulated;
mod validate;

/// How the API server's field errors show a StatefulSet's `rollingUpdate`
/// (`apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:...}`).
pub use validate::stateful_set::rolling_update_text;

use std::collections::HashMap;

use crate::engine::api::policy::PodDisruptionBudget;
use crate::engine::api::scenario::{Scenario, ScenarioObject};
use crate::engine::api::scheduler_config::{
    KubeSchedulerConfiguration, KIND as SCHEDULER_CONFIGURATION,
};
use crate::engine::api::types::{DaemonSet, Node, Pod, PriorityClass};
use crate::engine::api::workloads::{Deployment, ReplicaSet, StatefulSet};
use crate::engine::diagnostic::{Diagnostic, Severity};
use crate::engine::limits::MAX_INPUT_BYTES;
use crate::engine::quote::go_quote;
use crate::engine::sorting::sort_stably_by;

use context::{child, Ctx, Diag};
use decode::fields::{Fields, MAX_UNKNOWN_FIELD_WARNINGS};
pub use export::{pod_template_to_yaml, to_yaml};
pub use input_state::run_start;
use node::{Pos, Scalar, Value};
pub use node::{MAX_DEPTH, MAX_NODES};
pub use validate::apps::{label_selector_matches, label_selector_text};

/// An object of a kind kubeplay does not simulate (kept by name only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OtherObject {
    /// `kind`.
    pub kind: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` (as written).
    pub namespace: String,
}

/// Every object read from a text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Objects {
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Pods.
    pub pods: Vec<Pod>,
    /// DaemonSets.
    pub daemon_sets: Vec<DaemonSet>,
    /// Deployments.
    pub deployments: Vec<Deployment>,
    /// ReplicaSets.
    pub replica_sets: Vec<ReplicaSet>,
    /// StatefulSets.
    pub stateful_sets: Vec<StatefulSet>,
    /// PodDisruptionBudgets.
    pub pod_disruption_budgets: Vec<PodDisruptionBudget>,
    /// PriorityClasses.
    pub priority_classes: Vec<PriorityClass>,
    /// The Scenario, if the text has one.
    pub scenario: Option<Scenario>,
    /// The `KubeSchedulerConfiguration`, defaulted, if the text has one.
    pub scheduler_configuration: Option<KubeSchedulerConfiguration>,
    /// Objects of kinds that are not simulated.
    pub others: Vec<OtherObject>,
    /// True when the text states its node list, even an empty one: a `NodeList` (of any
    /// length), or a `List` with no items. Then the default cluster does not fill in for a
    /// text without Node objects (see [`crate::engine::sim::cluster`]).
    pub nodes_stated: bool,
}

/// The result of [`load`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// The objects that decoded and validated.
    pub objects: Objects,
    /// Problems, sorted by line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A decoded object of a simulated kind.
#[allow(clippy::large_enum_variant)] // one value per document, moved once
enum Decoded {
    Node(Node),
    Pod(Pod),
    DaemonSet(DaemonSet),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    StatefulSet(StatefulSet),
    PodDisruptionBudget(PodDisruptionBudget),
    PriorityClass(PriorityClass),
    Scenario(Scenario),
}

impl Decoded {
    fn metadata_mut(&mut self) -> &mut crate::engine::api::ObjectMeta {
        match self {
            Decoded::Node(n) => &mut n.metadata,
            Decoded::Pod(p) => &mut p.metadata,
            Decoded::DaemonSet(d) => &mut d.metadata,
            Decoded::Deployment(d) => &mut d.metadata,
            Decoded::ReplicaSet(r) => &mut r.metadata,
            Decoded::StatefulSet(s) => &mut s.metadata,
            Decoded::PodDisruptionBudget(p) => &mut p.metadata,
            Decoded::PriorityClass(p) => &mut p.metadata,
            Decoded::Scenario(s) => &mut s.metadata,
        }
    }
}

/// The API group/version each simulated kind is served at.
fn expected_api_version(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Node" | "Pod" => "v1",
        "DaemonSet" | "Deployment" | "ReplicaSet" | "StatefulSet" => "apps/v1",
        "PodDisruptionBudget" => "policy/v1",
        "PriorityClass" => "scheduling.k8s.io/v1",
        "Scenario" => "kubeplay.dev/v1alpha1",
        _ => return None,
    })
}

/// An item of a typed list (`PodList`, `DaemonSetList`, ...) as the API server returns it
/// (`kubectl cluster-info dump`, `kubectl get --raw`): without `kind` and `apiVersion`, which
/// the list states for all its items. Gives the item the list's item kind and `apiVersion`,
/// as decoding the list type does; `None` when the item states both itself (or is no
/// mapping). Items of a `List` always state their own.
fn typed_list_item(
    item: &node::Node,
    item_kind: &str,
    list_api_version: Option<&(node::Key, node::Node)>,
) -> Option<node::Node> {
    let Value::Map(entries) = &item.value else {
        return None;
    };
    let has = |field: &str| entries.iter().any(|(k, _)| k.text == field);
    let mut inherited = Vec::new();
    if !has("apiVersion") {
        inherited.extend(list_api_version.cloned());
    }
    if !has("kind") {
        let key = node::Key {
            text: "kind".into(),
            pos: item.pos,
        };
        let value = Value::Scalar(Scalar::Str(item_kind.into()), item_kind.into());
        inherited.push((
            key,
            node::Node {
                pos: item.pos,
                value,
            },
        ));
    }
    if inherited.is_empty() {
        return None;
    }
    inherited.extend(entries.iter().cloned());
    Some(node::Node {
        pos: item.pos,
        value: Value::Map(inherited),
    })
}

/// The top-level fields each simulated kind models (for suggestions).
pub fn top_level_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "PriorityClass" => &[
            "apiVersion",
            "kind",
            "metadata",
            "value",
            "globalDefault",
            "preemptionPolicy",
            "description",
        ],
        "Scenario" => &["apiVersion", "kind", "metadata", "spec"],
        _ => &["apiVersion", "kind", "metadata", "spec", "status"],
    }
}

fn is_namespaced(kind: &str) -> bool {
    matches!(
        kind,
        "Pod" | "DaemonSet" | "Deployment" | "ReplicaSet" | "StatefulSet" | "PodDisruptionBudget"
    )
}

/// `Kind namespace/name` or `Kind name`.
fn object_label(kind: &str, namespace: &str, name: &str) -> String {
    let name = if name.is_empty() { "(no name)" } else { name };
    if namespace.is_empty() {
        format!("{kind} {name}")
    } else {
        format!("{kind} {namespace}/{name}")
    }
}

struct Loader {
    objects: Objects,
    diagnostics: Vec<Diagnostic>,
    seen: HashMap<(String, String, String), usize>,
    uids: input_state::Uids,
    /// The objects kept without a warning of their own, summed up in one note.
    quiet: unsimulated::QuietObjects,
}

impl Loader {
    /// Records a diagnostic; a note (`Info`) is given once per text.
    fn push(&mut self, d: Diag, object: Option<String>) {
        let noted =
            |given: &Diagnostic| given.severity == Severity::Info && given.message == d.message;
        if d.severity == Severity::Info && self.diagnostics.iter().any(noted) {
            return;
        }
        self.diagnostics.push(Diagnostic {
            severity: d.severity,
            message: d.message,
            path: d.path,
            object,
            line: d.pos.line,
            column: d.pos.column,
            hint: d.hint,
        });
    }

    fn document(&mut self, root: &node::Node, usable: bool) {
        if root.is_null() {
            return;
        }
        let Value::Map(entries) = &root.value else {
            self.push(
                Diag {
                    severity: Severity::Error,
                    message: format!(
                        "expected a Kubernetes object (a mapping with apiVersion and kind), got {}",
                        go_quote(root.type_name())
                    ),
                    path: None,
                    pos: root.pos,
                    hint: None,
                },
                None,
            );
            return;
        };
        let kind = entries
            .iter()
            .find(|(k, _)| k.text == "kind")
            .and_then(|(_, v)| match &v.value {
                Value::Scalar(Scalar::Str(s), _) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let items = entries.iter().find(|(k, _)| k.text == "items");
        if kind.ends_with("List") && expected_api_version(&kind).is_none() {
            if let Some((_, items)) = items {
                if let Value::Seq(list) = &items.value {
                    if usable && (kind == "NodeList" || list.is_empty()) {
                        self.objects.nodes_stated = true;
                    }
                    let api_version = entries.iter().find(|(k, _)| k.text == "apiVersion");
                    let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
                    for item in list {
                        match item_kind {
                            Some(item_kind) => {
                                let typed = typed_list_item(item, item_kind, api_version);
                                self.document(typed.as_ref().unwrap_or(item), usable);
                            }
                            None => self.document(item, usable),
                        }
                    }
                    return;
                }
            }
        }
        if kind == SCHEDULER_CONFIGURATION {
            self.scheduler_configuration(root, usable);
            return;
        }
        let mut ctx = Ctx::default();
        ctx.at("", root);
        match decode_object(&mut ctx, root) {
            Some(DecodeOutcome::Simulated(label, key, pos, mut decoded)) => {
                let errors = ctx.has_errors();
                let uid_pos = ctx.pos_of("metadata.uid");
                for d in ctx.diags {
                    self.push(d, Some(label.clone()));
                }
                if errors || !usable {
                    return;
                }
                if let Some(first_line) = self.seen.get(&key) {
                    self.push(
                        Diag {
                            severity: Severity::Error,
                            message: format!(
                                "{label} is defined more than once (first at line {first_line}); this one is ignored"
                            ),
                            path: Some("metadata.name".into()),
                            pos,
                            hint: Some("rename it or remove one of the two".into()),
                        },
                        Some(label),
                    );
                    return;
                }
                if matches!(decoded, Decoded::Scenario(_)) && self.objects.scenario.is_some() {
                    self.push(
                        Diag {
                            severity: Severity::Error,
                            message: "only one Scenario is allowed in a text; this one is ignored"
                                .into(),
                            path: None,
                            pos,
                            hint: None,
                        },
                        Some(label),
                    );
                    return;
                }
                self.seen.insert(key, pos.line);
                if let Some(d) = self.uids.claim(decoded.metadata_mut(), &label, uid_pos) {
                    self.push(d, Some(label));
                }
                match decoded {
                    Decoded::Node(n) => self.objects.nodes.push(n),
                    Decoded::Pod(p) => self.objects.pods.push(p),
                    Decoded::DaemonSet(d) => self.objects.daemon_sets.push(d),
                    Decoded::Deployment(d) => self.objects.deployments.push(d),
                    Decoded::ReplicaSet(r) => self.objects.replica_sets.push(r),
                    Decoded::StatefulSet(s) => self.objects.stateful_sets.push(s),
                    Decoded::PodDisruptionBudget(p) => self.objects.pod_disruption_budgets.push(p),
                    Decoded::PriorityClass(p) => self.objects.priority_classes.push(p),
                    Decoded::Scenario(s) => self.objects.scenario = Some(s),
                }
            }
            Some(DecodeOutcome::Other(other)) => {
                for d in ctx.diags {
                    self.push(d, None);
                }
                if usable {
                    if unsimulated::is_quiet(&other.kind) {
                        self.quiet.add(&other.kind, root.pos);
                    }
                    self.objects.others.push(other);
                }
            }
            None => {
                for d in ctx.diags {
                    self.push(d, None);
                }
            }
        }
    }
}

impl Loader {
    /// A `KubeSchedulerConfiguration` document: one per text; a second one is an error.
    fn scheduler_configuration(&mut self, root: &node::Node, usable: bool) {
        let (config, diags) = scheduler_config::read(root);
        let label = SCHEDULER_CONFIGURATION.to_string();
        for d in diags {
            self.push(d, Some(label.clone()));
        }
        let Some(config) = config.filter(|_| usable) else {
            return;
        };
        let key = (label.clone(), String::new(), String::new());
        if let Some(first_line) = self.seen.get(&key) {
            self.push(
                Diag {
                    severity: Severity::Error,
                    message: format!(
                        "only one KubeSchedulerConfiguration is allowed in a text (first at line {first_line}); this one is ignored"
                    ),
                    path: None,
                    pos: root.pos,
                    hint: Some("merge the profiles into one configuration".into()),
                },
                Some(label),
            );
            return;
        }
        self.seen.insert(key, root.pos.line);
        self.objects.scheduler_configuration = Some(config);
    }
}

/// The objects of one parsed document, as [`load`] keeps them (none from a document that is
/// not usable).
fn document_objects(root: &node::Node, usable: bool) -> Objects {
    let mut loader = Loader {
        objects: Objects::default(),
        diagnostics: Vec::new(),
        seen: HashMap::new(),
        uids: input_state::Uids::default(),
        quiet: unsimulated::QuietObjects::default(),
    };
    loader.document(root, usable);
    loader.objects
}

#[allow(clippy::large_enum_variant)] // one value per document, moved once
enum DecodeOutcome {
    /// Label, identity key, position of the name, object.
    Simulated(String, (String, String, String), Pos, Decoded),
    Other(OtherObject),
}

fn scalar_text(node: Option<&node::Node>) -> String {
    match node.map(|n| &n.value) {
        Some(Value::Scalar(Scalar::Str(s), _)) => s.clone(),
        _ => String::new(),
    }
}

/// Decodes, defaults and validates one object mapping. Diagnostics go to `ctx`.
fn decode_object(ctx: &mut Ctx, root: &node::Node) -> Option<DecodeOutcome> {
    let mut f = Fields::open(ctx, root, "")?;
    let api_version = f.string(ctx, "apiVersion").unwrap_or_default();
    let kind = f.string(ctx, "kind").unwrap_or_default();
    if kind.is_empty() || api_version.is_empty() {
        let missing = match (api_version.is_empty(), kind.is_empty()) {
            (true, true) => "apiVersion not set, kind not set",
            (true, false) => "apiVersion not set",
            _ => "kind not set",
        };
        ctx.diags.push(Diag {
            severity: Severity::Error,
            message: format!("error validating data: [{missing}]"),
            path: None,
            pos: root.pos,
            hint: Some(
                "every object needs apiVersion and kind, e.g. apiVersion: apps/v1 and kind: DaemonSet"
                    .into(),
            ),
        });
        return None;
    }
    let Some(want) = expected_api_version(&kind) else {
        let meta = f.get(ctx, "metadata");
        let (name, namespace) = match meta.map(|m| &m.value) {
            Some(Value::Map(entries)) => {
                let get = |k: &str| {
                    entries
                        .iter()
                        .find(|(key, _)| key.text == k)
                        .map(|(_, v)| v)
                };
                (scalar_text(get("name")), scalar_text(get("namespace")))
            }
            _ => (String::new(), String::new()),
        };
        if !unsimulated::is_quiet(&kind) {
            ctx.diags.push(Diag {
                severity: Severity::Warning,
                message: format!(
                    "{} is not simulated: kubeplay keeps it but it has no effect",
                    object_label(&kind, &namespace, &name)
                ),
                path: None,
                pos: root.pos,
                hint: unsimulated::typo_of(&kind).map(|k| format!("did you mean {}?", go_quote(k))),
            });
        }
        return Some(DecodeOutcome::Other(OtherObject {
            kind,
            api_version,
            name,
            namespace,
        }));
    };
    if api_version != want {
        ctx.error_at(
            "apiVersion",
            ctx.pos_of("apiVersion"),
            format!(
                "no matches for kind {} in version {}",
                go_quote(&kind),
                go_quote(&api_version)
            ),
            Some(format!("use apiVersion: {want}")),
        );
        return None;
    }
    let decoded = match kind.as_str() {
        "Node" => Decoded::Node(decode::node::node(ctx, &mut f)),
        "Pod" => Decoded::Pod(decode::pod::pod(ctx, &mut f)),
        "DaemonSet" => Decoded::DaemonSet(decode::daemon_set::daemon_set(ctx, &mut f)),
        "Deployment" => Decoded::Deployment(decode::deployment::deployment(ctx, &mut f)),
        "ReplicaSet" => Decoded::ReplicaSet(decode::replica_set::replica_set(ctx, &mut f)),
        "StatefulSet" => Decoded::StatefulSet(decode::stateful_set::stateful_set(ctx, &mut f)),
        "PodDisruptionBudget" => Decoded::PodDisruptionBudget(
            decode::pod_disruption_budget::pod_disruption_budget(ctx, &mut f),
        ),
        "PriorityClass" => {
            Decoded::PriorityClass(decode::priority_class::priority_class(ctx, &mut f))
        }
        _ => Decoded::Scenario(scenario::scenario(ctx, &mut f)),
    };
    f.finish(ctx, top_level_fields(&kind), &[]);
    if ctx.unknown_fields > MAX_UNKNOWN_FIELD_WARNINGS {
        ctx.diags.push(Diag {
            severity: Severity::Warning,
            message: format!(
                "{} more unknown fields are not listed",
                ctx.unknown_fields - MAX_UNKNOWN_FIELD_WARNINGS
            ),
            path: None,
            pos: root.pos,
            hint: None,
        });
    }
    let mut decoded = decoded;
    let meta = decoded.metadata_mut();
    if is_namespaced(&kind) {
        if meta.namespace.is_empty() {
            meta.namespace = "default".to_string();
        }
    } else {
        meta.namespace.clear();
    }
    let label = object_label(&kind, &meta.namespace, &meta.name);
    let key = (kind.clone(), meta.namespace.clone(), meta.name.clone());
    let pos = ctx.pos_of("metadata.name");
    if ctx.has_errors() {
        // As upstream, an object that does not decode is not defaulted or validated.
        return Some(DecodeOutcome::Simulated(label, key, pos, decoded));
    }
    match &mut decoded {
        Decoded::Node(n) => {
            defaults::default_node(n);
            validate::node::node(ctx, n);
        }
        Decoded::Pod(p) => {
            defaults::default_pod(p);
            validate::pod::pod(ctx, p);
        }
        Decoded::DaemonSet(d) => {
            defaults::default_daemon_set(d);
            validate::daemon_set::daemon_set(ctx, d);
        }
        Decoded::Deployment(d) => {
            defaults::default_deployment(d);
            validate::deployment::deployment(ctx, d);
        }
        Decoded::ReplicaSet(r) => {
            defaults::default_replica_set(r);
            validate::replica_set::replica_set(ctx, r);
        }
        Decoded::StatefulSet(s) => {
            defaults::default_stateful_set(s);
            validate::stateful_set::stateful_set(ctx, s);
        }
        Decoded::PodDisruptionBudget(p) => {
            defaults::default_pod_disruption_budget(p);
            validate::pod_disruption_budget::pod_disruption_budget(ctx, p);
        }
        Decoded::PriorityClass(p) => {
            defaults::default_priority_class(p);
            validate::priority_class::priority_class(ctx, p);
        }
        Decoded::Scenario(_) => {}
    }
    input_state::check(ctx, &decoded);
    Some(DecodeOutcome::Simulated(label, key, pos, decoded))
}

/// Decodes one Node, Pod, DaemonSet, Deployment, ReplicaSet, StatefulSet,
/// PodDisruptionBudget or PriorityClass from an already-parsed node (used by
/// Scenario `apply` / `addNode` steps). Diagnostics carry paths under `path`.
fn decode_inline(ctx: &mut Ctx, node: &node::Node, path: &str) -> Option<ScenarioObject> {
    let mut inner = Ctx::default();
    inner.at("", node);
    let outcome = decode_object(&mut inner, node);
    let failed = inner.has_errors();
    for mut d in inner.diags {
        let inner_path = d.path.take().unwrap_or_default();
        let full = if inner_path.is_empty() {
            path.to_string()
        } else {
            child(path, &inner_path)
        };
        if !inner_path.is_empty() {
            if let Some(rest) = d.message.strip_prefix(&format!("{inner_path}: ")) {
                d.message = format!("{full}: {rest}");
            } else if let Some(rest) = d.message.strip_prefix("unknown field ") {
                d.message = format!(
                    "unknown field {}",
                    go_quote(&child(path, rest.trim_matches('"')))
                );
            }
        }
        d.path = Some(full);
        ctx.diags.push(d);
    }
    let unsupported = |ctx: &mut Ctx, kind: &str| {
        ctx.error_at(
            path,
            node.pos,
            format!(
                "{path}: Unsupported value: {}: supported values: \"DaemonSet\", \"Deployment\", \"Node\", \"Pod\", \"PodDisruptionBudget\", \"PriorityClass\", \"ReplicaSet\", \"StatefulSet\"",
                go_quote(kind)
            ),
            None,
        );
        None
    };
    match outcome {
        Some(DecodeOutcome::Simulated(_, _, _, decoded)) if !failed => match decoded {
            Decoded::Node(n) => Some(ScenarioObject::Node(n)),
            Decoded::Pod(p) => Some(ScenarioObject::Pod(p)),
            Decoded::DaemonSet(d) => Some(ScenarioObject::DaemonSet(d)),
            Decoded::PriorityClass(p) => Some(ScenarioObject::PriorityClass(p)),
            Decoded::Deployment(d) => Some(ScenarioObject::Deployment(d)),
            Decoded::ReplicaSet(r) => Some(ScenarioObject::ReplicaSet(r)),
            Decoded::StatefulSet(s) => Some(ScenarioObject::StatefulSet(s)),
            Decoded::PodDisruptionBudget(p) => Some(ScenarioObject::PodDisruptionBudget(p)),
            Decoded::Scenario(_) => {
                ctx.error_at(
                    path,
                    node.pos,
                    format!(
                        "{path}: Invalid value: \"Scenario\": a Scenario cannot apply a Scenario"
                    ),
                    None,
                );
                None
            }
        },
        Some(DecodeOutcome::Other(o)) if !failed => unsupported(ctx, &o.kind),
        _ => None,
    }
}

/// Decodes one object from YAML text (a single document), as a Scenario step would.
pub fn parse_object(text: &str) -> Result<ScenarioObject, Vec<Diagnostic>> {
    let loaded_errors = |diags: Vec<Diag>| -> Vec<Diagnostic> {
        diags
            .into_iter()
            .map(|d| Diagnostic {
                severity: d.severity,
                message: d.message,
                path: d.path,
                object: None,
                line: d.pos.line,
                column: d.pos.column,
                hint: d.hint,
            })
            .collect()
    };
    if text.len() > MAX_INPUT_BYTES {
        return Err(vec![too_large(text.len())]);
    }
    let stream = node::read_stream(text);
    if let Some(e) = stream.errors.first() {
        return Err(loaded_errors(vec![Diag {
            severity: Severity::Error,
            message: e.message.clone(),
            path: None,
            pos: e.pos,
            hint: e.hint.clone(),
        }]));
    }
    let Some(doc) = stream.documents.first() else {
        return Err(loaded_errors(vec![Diag {
            severity: Severity::Error,
            message: "the text has no object".into(),
            path: None,
            pos: Pos { line: 1, column: 1 },
            hint: None,
        }]));
    };
    let mut ctx = Ctx::default();
    match decode_inline(&mut ctx, &doc.root, "") {
        Some(o) => Ok(o),
        None => Err(loaded_errors(ctx.diags)),
    }
}

fn too_large(len: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message: format!(
            "the text is {len} bytes; kubeplay reads at most {MAX_INPUT_BYTES} bytes (8 MiB)"
        ),
        path: None,
        object: None,
        line: 1,
        column: 1,
        hint: Some("load fewer objects at a time".into()),
    }
}

/// The warning for a text without any object (empty, or only comments and `---`).
fn empty_text() -> Diag {
    Diag {
        severity: Severity::Warning,
        message: "the text has no Kubernetes object: there is nothing to simulate".to_string(),
        path: None,
        pos: node::Pos { line: 1, column: 1 },
        hint: Some(
            "write or paste YAML (a DaemonSet, a Deployment, Nodes, ...), or pick a lesson"
                .to_string(),
        ),
    }
}

/// Reads YAML (or JSON) text: every document, `List` kinds included.
pub fn load(text: &str) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_INPUT_BYTES {
        return Loaded {
            objects: Objects::default(),
            diagnostics: vec![too_large(text.len())],
        };
    }
    let stream = node::read_stream(text);
    let mut loader = Loader {
        objects: Objects::default(),
        diagnostics: Vec::new(),
        seen: HashMap::new(),
        uids: input_state::Uids::default(),
        quiet: unsimulated::QuietObjects::default(),
    };
    for e in &stream.errors {
        loader.push(
            Diag {
                severity: Severity::Error,
                message: e.message.clone(),
                path: None,
                pos: e.pos,
                hint: e.hint.clone(),
            },
            None,
        );
    }
    for (i, doc) in stream.documents.iter().enumerate() {
        let usable = !stream.broken_documents.contains(&i);
        loader.document(&doc.root, usable);
    }
    if stream.errors.is_empty() && stream.documents.iter().all(|d| d.root.is_null()) {
        loader.push(empty_text(), None);
    }
    if let Some(note) = loader.quiet.note() {
        loader.push(note, None);
    }
    let mut diagnostics = loader.diagnostics;
    sort_stably_by(&mut diagnostics, &|a, b| {
        (a.line, a.column)
            .cmp(&(b.line, b.column))
            .then_with(|| a.severity.cmp(&b.severity))
    });
    let refused = load_limits::check_objects(&loader.objects);
    if !refused.is_empty() {
        return Loaded {
            objects: Objects::default(),
            diagnostics: refused,
        };
    }
    Loaded {
        objects: loader.objects,
        diagnostics,
    }
}

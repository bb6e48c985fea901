//! Forms to add a node (name, role preset, labels, taints, capacity) and to edit a node's
//! labels and taints in place. Labels are written `key=value`, taints as `kubectl taint`
//! takes them (`key=value:Effect` or `key:Effect`), one per line: the engine reads them, with
//! kubectl's messages, and validates the node on apply.

use std::sync::Arc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::i18n::tr;
use super::state::{Action, AppContext};
use crate::engine::api::taint_text::{format_taint, parse_taints};
use crate::engine::api::{Node, Quantity, ResourceList, StringMap, Taint};
use crate::engine::quote::go_quote;
use crate::engine::sim::cluster;
use crate::engine::store::state::NodeState;

/// Parses `key=value` lines (a line without `=` is a label with an empty value).
pub fn parse_labels(text: &str) -> StringMap {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

/// Reads the taints of the form's text: one `kubectl taint` spec per line (blank lines
/// skipped), as the engine parses them.
pub fn taints_of(text: &str) -> Result<Vec<Taint>, String> {
    parse_taints(text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

/// The form's text of taints: each as `kubectl` prints it, one per line.
pub fn taints_text(taints: &[Taint]) -> String {
    taints
        .iter()
        .map(format_taint)
        .collect::<Vec<_>>()
        .join("\n")
}

fn labels_text(labels: &StringMap) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A new node as the add form builds it: the engine's newly registered node with the
/// form's labels and taints added.
pub fn new_node(
    name: &str,
    control_plane: bool,
    labels: &str,
    taints: &str,
    capacity: [&str; 3],
) -> Result<Node, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a node needs a name".into());
    }
    let taints = taints_of(taints)?;
    let mut resources = ResourceList::new();
    for (resource, text) in ["cpu", "memory", "pods"].into_iter().zip(capacity) {
        let quantity = Quantity::parse(text.trim())
            .map_err(|_| format!("{resource}: invalid quantity {}", go_quote(text)))?;
        resources.insert(resource.to_owned(), quantity);
    }
    let mut node = cluster::new_node(name, control_plane, resources);
    node.metadata.labels.extend(parse_labels(labels));
    node.spec.taints.extend(taints);
    Ok(node)
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|e| e.value())
        .or_else(|| node.cast::<HtmlTextAreaElement>().map(|e| e.value()))
        .or_else(|| node.cast::<HtmlSelectElement>().map(|e| e.value()))
        .unwrap_or_default()
}

/// The "add a node" button and form.
#[function_component(AddNodeForm)]
pub fn add_node_form() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let open = use_state(|| false);
    let error = use_state(String::new);
    let refs: [NodeRef; 7] = Default::default();
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let onsubmit = {
        let state = state.clone();
        let open = open.clone();
        let error = error.clone();
        let refs = refs.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v: Vec<String> = refs.iter().map(input_value).collect();
            match new_node(
                &v[0],
                v[1] == "control-plane",
                &v[2],
                &v[3],
                [&v[4], &v[5], &v[6]],
            ) {
                Ok(node) => {
                    error.set(String::new());
                    open.set(false);
                    state.dispatch(Action::UpsertNode(Box::new(node)));
                }
                Err(message) => error.set(message),
            }
        })
    };
    let next_name = format!("worker-{}", state.applied.nodes.len() + 1);
    html! {
        <div class="popover-host">
            <button class="btn" onclick={toggle} aria-expanded={open.to_string()}>{ "+ " }{ tr(lang, "add_node") }</button>
            if *open {
                <form class="popover node-form" {onsubmit} aria-label={tr(lang, "add_node")}>
                    <label>{ tr(lang, "node_name") }<input ref={refs[0].clone()} value={next_name} required=true /></label>
                    <label>{ tr(lang, "node_role") }
                        <select ref={refs[1].clone()}>
                            <option value="worker" selected=true>{ "worker" }</option>
                            <option value="control-plane">{ "control-plane" }</option>
                        </select>
                    </label>
                    <label>{ tr(lang, "labels_hint") }<textarea ref={refs[2].clone()} rows="2" placeholder="topology.kubernetes.io/zone=zone-c" /></label>
                    <label>{ tr(lang, "taints_hint") }<textarea ref={refs[3].clone()} rows="2" placeholder="dedicated=gpu:NoSchedule" /></label>
                    <div class="form-row">
                        <label>{ tr(lang, "cpu") }<input ref={refs[4].clone()} value="4" size="5" /></label>
                        <label>{ tr(lang, "memory") }<input ref={refs[5].clone()} value="8Gi" size="6" /></label>
                        <label>{ tr(lang, "pods") }<input ref={refs[6].clone()} value="110" size="4" /></label>
                    </div>
                    if !error.is_empty() { <p class="form-error" role="alert">{ (*error).clone() }</p> }
                    <button class="btn btn-primary" type="submit">{ tr(lang, "add") }</button>
                </form>
            }
        </div>
    }
}

/// Props of [`EditNodeForm`].
#[derive(Properties)]
pub struct EditNodeFormProps {
    /// The node on the board (the timeline shares an unchanged node between frames).
    pub node: Arc<NodeState>,
}

/// The same node object: an edited node is always a new one.
impl PartialEq for EditNodeFormProps {
    fn eq(&self, other: &EditNodeFormProps) -> bool {
        Arc::ptr_eq(&self.node, &other.node)
    }
}

/// The "edit labels and taints" button and form of a node card.
#[function_component(EditNodeForm)]
pub fn edit_node_form(props: &EditNodeFormProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let open = use_state(|| false);
    let error = use_state(String::new);
    let labels_ref = NodeRef::default();
    let taints_ref = NodeRef::default();
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let onsubmit = {
        let state = state.clone();
        let node = Arc::clone(&props.node);
        let (open, error) = (open.clone(), error.clone());
        let (labels_ref, taints_ref) = (labels_ref.clone(), taints_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match taints_of(&input_value(&taints_ref)) {
                Ok(taints) => {
                    let mut node = node.node.clone();
                    node.metadata.labels = parse_labels(&input_value(&labels_ref));
                    node.spec.taints = taints;
                    error.set(String::new());
                    open.set(false);
                    state.dispatch(Action::UpsertNode(Box::new(node)));
                }
                Err(message) => error.set(message),
            }
        })
    };
    html! {
        <span class="popover-host">
            <button class="btn btn-small" onclick={toggle} aria-expanded={open.to_string()}>{ tr(lang, "edit") }</button>
            if *open {
                <form class="popover node-form" {onsubmit} aria-label={tr(lang, "edit_node")}>
                    <label>{ tr(lang, "labels_hint") }<textarea ref={labels_ref} rows="4" value={labels_text(&props.node.node.metadata.labels)} /></label>
                    <label>{ tr(lang, "taints_hint") }<textarea ref={taints_ref} rows="2" value={taints_text(&props.node.node.spec.taints)} /></label>
                    if !error.is_empty() { <p class="form-error" role="alert">{ (*error).clone() }</p> }
                    <button class="btn btn-primary" type="submit">{ tr(lang, "save") }</button>
                </form>
            }
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taint_text_has_one_kubectl_spec_per_line() {
        let cases: &[(&str, &str, Result<&str, &str>)] = &[
            (
                "specs are trimmed and blank lines skipped",
                " a=b:NoExecute \n\n c:PreferNoSchedule",
                Ok("a=b:NoExecute\nc:PreferNoSchedule"),
            ),
            ("an empty text has no taints", "", Ok("")),
            (
                "a line that kubectl refuses fails with kubectl's message",
                "a=b:NoSchedule\nc",
                Err("invalid taint spec: c"),
            ),
        ];
        for (name, text, expected) in cases {
            let got = taints_of(text).map(|t| taints_text(&t));
            assert_eq!(
                got.as_deref(),
                expected.map_err(|e| e.to_owned()).as_deref(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_new_control_plane_node_gets_its_role_label_and_taint() {
        let node = new_node("cp-2", true, "zone=a", "", ["2", "4Gi", "110"]).expect("a node");
        assert_eq!(
            node.metadata
                .labels
                .get("node-role.kubernetes.io/control-plane")
                .map(String::as_str),
            Some("")
        );
        assert_eq!(
            node.metadata.labels.get("zone").map(String::as_str),
            Some("a")
        );
        assert_eq!(
            taints_text(&node.spec.taints),
            "node-role.kubernetes.io/control-plane:NoSchedule"
        );
        assert_eq!(
            node.status
                .allocatable
                .get("memory")
                .map(ToString::to_string)
                .as_deref(),
            Some("4Gi")
        );
        assert!(new_node(" ", false, "", "", ["1", "1Gi", "10"]).is_err());
        assert!(new_node("n", false, "", "", ["1", "1GB", "10"]).is_err());
    }
}

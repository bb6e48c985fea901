//! Forms to add a node (name, role preset, labels, taints, capacity) and to edit a node's
//! labels and taints in place. Labels are written `key=value`, taints as `kubectl taint`
//! takes them (`key=value:Effect` or `key:Effect`), one per line: the engine reads them, with
//! kubectl's messages, writes the node into the text, and validates it on apply. A refused
//! edit's message shows in the form, which stays open until its edit is applied.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::engine::edit;
use super::i18n::tr;
use super::state::AppContext;
use crate::protocol::{NodeFields, NodeView, TextEdit};

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|e| e.value())
        .or_else(|| node.cast::<HtmlTextAreaElement>().map(|e| e.value()))
        .or_else(|| node.cast::<HtmlSelectElement>().map(|e| e.value()))
        .unwrap_or_default()
}

/// Whether a form is open, and whether it has sent an edit since it was opened.
struct FormState {
    open: UseStateHandle<bool>,
    sent: UseStateHandle<bool>,
}

impl FormState {
    /// Opens a closed form, closes an open one.
    fn toggle(&self) -> Callback<MouseEvent> {
        let (open, sent) = (self.open.clone(), self.sent.clone());
        Callback::from(move |_| {
            sent.set(false);
            open.set(!*open);
        })
    }
}

/// A form's state: once it has sent an edit, it closes when a new run (its edit applied)
/// comes; until then a refused edit's message shows in it.
#[hook]
fn use_form_state(run_id: u64) -> FormState {
    let open = use_state(|| false);
    let sent = use_state(|| false);
    {
        let (open, sent) = (open.clone(), sent.clone());
        use_effect_with(run_id, move |_| {
            if *sent {
                sent.set(false);
                open.set(false);
            }
        });
    }
    FormState { open, sent }
}

/// The refused edit's message, in a form that has sent one.
fn edit_error(form: &FormState, error: Option<&String>) -> Html {
    match error {
        Some(message) if *form.sent => {
            html! { <p class="form-error" role="alert">{ message.clone() }</p> }
        }
        _ => html! {},
    }
}

/// The "add a node" button and form.
#[function_component(AddNodeForm)]
pub fn add_node_form() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let form = use_form_state(state.run_id);
    let refs: [NodeRef; 7] = Default::default();
    let onsubmit = {
        let state = state.clone();
        let sent = form.sent.clone();
        let refs = refs.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let [name, role, labels, taints, cpu, memory, pods] = refs.each_ref().map(input_value);
            let fields = NodeFields {
                name,
                control_plane: role == "control-plane",
                labels,
                taints,
                cpu,
                memory,
                pods,
            };
            sent.set(true);
            edit(&state, TextEdit::AddNode { fields });
        })
    };
    let next_name = state.run.next_node_name.clone();
    html! {
        <div class="popover-host">
            <button class="btn" onclick={form.toggle()} aria-expanded={form.open.to_string()}>{ "+ " }{ tr(lang, "add_node") }</button>
            if *form.open {
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
                    { edit_error(&form, state.edit_error.as_ref()) }
                    <button class="btn btn-primary" type="submit">{ tr(lang, "add") }</button>
                </form>
            }
        </div>
    }
}

/// Props of [`EditNodeForm`].
#[derive(Properties)]
pub struct EditNodeFormProps {
    /// The node on the board (an unchanged node keeps its view between frames).
    pub node: Rc<NodeView>,
}

/// The same node view: a changed node is always a new one.
impl PartialEq for EditNodeFormProps {
    fn eq(&self, other: &EditNodeFormProps) -> bool {
        Rc::ptr_eq(&self.node, &other.node)
    }
}

/// The form's text of labels: `key=value`, one per line.
fn labels_text(node: &NodeView) -> String {
    node.labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form's text of taints: each as `kubectl taint` takes it, one per line.
fn taints_text(node: &NodeView) -> String {
    node.taints
        .iter()
        .map(|t| t.spec.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The "edit labels and taints" button and form of a node card.
#[function_component(EditNodeForm)]
pub fn edit_node_form(props: &EditNodeFormProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let form = use_form_state(state.run_id);
    let labels_ref = NodeRef::default();
    let taints_ref = NodeRef::default();
    let onsubmit = {
        let state = state.clone();
        let node = props.node.name.clone();
        let sent = form.sent.clone();
        let (labels_ref, taints_ref) = (labels_ref.clone(), taints_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            sent.set(true);
            edit(
                &state,
                TextEdit::SetLabelsAndTaints {
                    node: node.clone(),
                    labels: input_value(&labels_ref),
                    taints: input_value(&taints_ref),
                },
            );
        })
    };
    html! {
        <span class="popover-host">
            <button class="btn btn-small" onclick={form.toggle()} aria-expanded={form.open.to_string()}>{ tr(lang, "edit") }</button>
            if *form.open {
                <form class="popover node-form" {onsubmit} aria-label={tr(lang, "edit_node")}>
                    <label>{ tr(lang, "labels_hint") }<textarea ref={labels_ref} rows="4" value={labels_text(&props.node)} /></label>
                    <label>{ tr(lang, "taints_hint") }<textarea ref={taints_ref} rows="2" value={taints_text(&props.node)} /></label>
                    { edit_error(&form, state.edit_error.as_ref()) }
                    <button class="btn btn-primary" type="submit">{ tr(lang, "save") }</button>
                </form>
            }
        </span>
    }
}

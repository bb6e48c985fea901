//! The header's "?" button and its help dialog: how to paste a real cluster (the command to
//! run, that nothing leaves the browser, and that secrets are never needed). Escape closes it.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::i18n::tr;
use super::state::AppContext;

/// What to run for a cluster to paste.
pub const DUMP_COMMAND: &str =
    "kubectl get nodes,pods,deployments,replicasets,daemonsets,statefulsets,pdb -A -o yaml";

/// The "?" button and, while open, the help dialog.
#[function_component(HelpButton)]
pub fn help_button() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let open = use_state(|| false);
    {
        let open = open.clone();
        use_effect_with(*open, move |shown| {
            let listener = shown.then(|| {
                EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                    let escape = event
                        .dyn_ref::<KeyboardEvent>()
                        .is_some_and(|e| e.key() == "Escape");
                    if escape {
                        open.set(false);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <>
        <button class="btn" title={tr(lang, "help")} aria-label={tr(lang, "help")}
            aria-expanded={open.to_string()} onclick={toggle.clone()}>{ "?" }</button>
        if *open {
            <div class="embed-dialog" role="dialog" aria-labelledby="help-title">
                <h2 id="help-title">{ tr(lang, "help_title") }</h2>
                <p>{ tr(lang, "help_paste") }</p>
                <code class="help-command">{ DUMP_COMMAND }</code>
                <p>{ tr(lang, "help_private") }</p>
                <div class="embed-actions">
                    <button class="btn" onclick={toggle}>{ tr(lang, "close") }</button>
                </div>
            </div>
        }
        </>
    }
}

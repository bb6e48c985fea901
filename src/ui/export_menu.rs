//! The Export menu: download the cluster (or only the workload) as YAML, and copy the
//! `kubectl` commands or the `kind` configuration that reproduce it on a real cluster. The
//! last export is also shown, so it can be selected by hand when the clipboard is refused.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use yew::prelude::*;

use super::engine::{ask, starting};
use super::i18n::tr;
use super::share::copy_text;
use super::state::AppContext;
use crate::protocol::{ExportKind, Program, Request, Response};

/// The file an export is downloaded as (None: it is copied to the clipboard instead).
fn file_name(export: ExportKind) -> Option<&'static str> {
    match export {
        ExportKind::ClusterYaml => Some("kubeplay-cluster.yaml"),
        ExportKind::WorkloadYaml => Some("kubeplay-workload.yaml"),
        ExportKind::KubectlScript | ExportKind::KindConfig => None,
    }
}

/// Saves `text` as a file called `name` through a Blob URL.
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let options = BlobPropertyBag::new();
    options.set_type("application/yaml");
    let blob =
        Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&text.into()), &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The Export menu (in the header).
#[function_component(ExportMenu)]
pub fn export_menu() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    // The last export: (catalogue key of the status line, text).
    let shown = use_state(|| None::<(&'static str, String)>);
    let run = |export: ExportKind| {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            // The exports' worker is started by its first request: say so while it starts.
            if starting(Program::Tools) {
                shown.set(Some(("engine_loading", String::new())));
            }
            let shown = shown.clone();
            ask(
                Request::Export { export },
                move |response| {
                    let text = match response {
                        Response::Exported { text } => text,
                        // The engine's message stands where the text would be.
                        Response::Failed { message } | Response::Crashed { message } => {
                            let failed = if file_name(export).is_some() {
                                "export_not_downloaded"
                            } else {
                                "export_not_copied"
                            };
                            shown.set(Some((failed, message)));
                            return;
                        }
                        _ => return,
                    };
                    if let Some(file) = file_name(export) {
                        let status = if download(file, &text).is_ok() {
                            "export_downloaded"
                        } else {
                            "export_not_downloaded"
                        };
                        shown.set(Some((status, text)));
                        return;
                    }
                    wasm_bindgen_futures::spawn_local(async move {
                        let status = if copy_text(&text).await {
                            "export_copied"
                        } else {
                            "export_not_copied"
                        };
                        shown.set(Some((status, text)));
                    });
                },
                None,
            );
        })
    };
    html! {
        <details class="export-menu" data-testid="export-menu">
            <summary class="btn" title={tr(lang, "export_title")}>{ tr(lang, "export") }</summary>
            <div class="export-panel">
                <div class="export-actions">
                    <button class="btn" onclick={run(ExportKind::ClusterYaml)}>{ tr(lang, "download_yaml") }</button>
                    <button class="btn" onclick={run(ExportKind::WorkloadYaml)}>{ tr(lang, "download_workload") }</button>
                    <button class="btn" onclick={run(ExportKind::KubectlScript)}>{ tr(lang, "copy_kubectl") }</button>
                    <button class="btn" onclick={run(ExportKind::KindConfig)}>{ tr(lang, "copy_kind") }</button>
                </div>
                if let Some((status, text)) = &*shown {
                    <p class="muted" role="status">{ tr(lang, status) }</p>
                    <textarea class="export-text" readonly=true data-testid="export-text"
                        aria-label={tr(lang, "export")} value={text.clone()} />
                }
            </div>
        </details>
    }
}

//! The Export menu: download the cluster (or only the workload) as YAML, and copy the
//! `kubectl` commands or the `kind` configuration that reproduce it on a real cluster. The
//! last export is also shown, so it can be selected by hand when the clipboard is refused.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use yew::prelude::*;

use super::i18n::tr;
use super::share::copy_text;
use super::state::AppContext;
use crate::engine::export::{kind_config, kubectl_script, workload_yaml};
use crate::engine::yaml::to_yaml;

/// What the menu can produce.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Export {
    ClusterYaml,
    WorkloadYaml,
    Kubectl,
    Kind,
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
    let run = |kind: Export| {
        let state = state.clone();
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            let objects = &state.applied;
            let (text, file) = match kind {
                Export::ClusterYaml => (to_yaml(objects), Some("kubeplay-cluster.yaml")),
                Export::WorkloadYaml => (workload_yaml(objects), Some("kubeplay-workload.yaml")),
                Export::Kubectl => (kubectl_script(objects), None),
                Export::Kind => (kind_config(objects, "kubeplay"), None),
            };
            if let Some(file) = file {
                let status = if download(file, &text).is_ok() {
                    "export_downloaded"
                } else {
                    "export_not_downloaded"
                };
                shown.set(Some((status, text)));
                return;
            }
            let shown = shown.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let status = if copy_text(&text).await {
                    "export_copied"
                } else {
                    "export_not_copied"
                };
                shown.set(Some((status, text)));
            });
        })
    };
    html! {
        <details class="export-menu" data-testid="export-menu">
            <summary class="btn" title={tr(lang, "export_title")}>{ tr(lang, "export") }</summary>
            <div class="export-panel">
                <div class="export-actions">
                    <button class="btn" onclick={run(Export::ClusterYaml)}>{ tr(lang, "download_yaml") }</button>
                    <button class="btn" onclick={run(Export::WorkloadYaml)}>{ tr(lang, "download_workload") }</button>
                    <button class="btn" onclick={run(Export::Kubectl)}>{ tr(lang, "copy_kubectl") }</button>
                    <button class="btn" onclick={run(Export::Kind)}>{ tr(lang, "copy_kind") }</button>
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

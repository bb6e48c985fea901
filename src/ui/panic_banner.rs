//! The panic hook: when the wasm code panics, the editor's current text is saved (so a
//! reload restores it) and a banner outside the Yew tree explains what happened and offers a
//! reload. It uses web-sys only, because the Yew app may be in any state by then.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use super::i18n::{tr, Lang};
use super::persist;

/// Installs the hook: logs the panic to the console, then recovers.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        recover();
    }));
}

/// Saves the editor's text and shows the banner (once). Returns true when the text was
/// saved.
pub fn recover() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let saved = document
        .get_element_by_id("yaml-editor")
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        .is_some_and(|editor| persist::save_text(&editor.value()));
    if document.get_element_by_id("kubeplay-panic").is_some() {
        return saved;
    }
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .map_or(Lang::En, |tag| Lang::from_tag(&tag));
    let Ok(banner) = document.create_element("div") else {
        return saved;
    };
    banner.set_id("kubeplay-panic");
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let message = if saved {
        tr(lang, "panic_text_kept")
    } else {
        tr(lang, "panic_text_not_kept")
    };
    banner.set_text_content(Some(message));
    if let Ok(button) = document.create_element("button") {
        button.set_class_name("btn");
        button.set_text_content(Some(tr(lang, "reload")));
        let _ = button.set_attribute("onclick", "location.reload()");
        let _ = banner.append_child(&button);
    }
    if let Some(body) = document.body() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
    saved
}

//! Browser unit tests: run by `cargo test --target wasm32-unknown-unknown --test web` in
//! headless Chromium (wasm-bindgen-test-runner + chromedriver). They prove that the engine
//! runs inside wasm and that the playground mounts into a given element.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits (yielding to the browser) until `ready` holds, for at most about two seconds.
async fn wait_until(mut ready: impl FnMut() -> bool) -> bool {
    for _ in 0..200 {
        if ready() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    ready()
}

#[wasm_bindgen_test]
fn the_engine_loads_the_default_scenario_inside_wasm() {
    let loaded = kubeplay::engine::yaml::load(kubeplay::ui::state::DEFAULT_SCENARIO);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.objects.nodes.len(), 4);
    assert_eq!(loaded.objects.daemon_sets.len(), 1);
}

#[wasm_bindgen_test]
async fn the_playground_mounts_into_a_given_element_and_lists_the_nodes() {
    let document = gloo_utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<kubeplay::ui::app::App>::with_root(root.clone()).render();
    let mounted = wait_until(|| root.inner_html().contains("worker-3")).await;
    let html = root.inner_html();
    assert!(mounted, "the app did not render the nodes: {html}");
    assert!(html.contains("kubeplay"), "{html}");
    assert!(html.contains("control-plane"), "{html}");
}

#[wasm_bindgen_test]
fn the_panic_recovery_keeps_the_editor_text_and_shows_one_banner_with_a_reload_button() {
    use wasm_bindgen::JsCast;
    let document = gloo_utils::document();
    let storage = gloo_utils::window()
        .local_storage()
        .expect("storage")
        .expect("storage");
    let _ = storage.remove_item(kubeplay::ui::persist::STORAGE_KEY);
    // The playground mounted by another test may already have the editor.
    let created = document.get_element_by_id("yaml-editor").is_none();
    if created {
        let area = document.create_element("textarea").expect("a textarea");
        area.set_id("yaml-editor");
        document
            .body()
            .expect("a body")
            .append_child(&area)
            .expect("appended");
    }
    let editor: web_sys::HtmlTextAreaElement = document
        .get_element_by_id("yaml-editor")
        .expect("the editor")
        .dyn_into()
        .expect("a text area");
    editor.set_value("kind: Node\nmetadata:\n  name: unsaved-work\n");

    assert!(kubeplay::ui::panic_banner::recover(), "the text was saved");
    assert!(
        kubeplay::ui::panic_banner::recover(),
        "a second panic saves again"
    );

    let stored = storage
        .get_item(kubeplay::ui::persist::STORAGE_KEY)
        .expect("readable")
        .expect("saved");
    match kubeplay::ui::persist::read_saved(|_| Some(stored.clone())) {
        kubeplay::ui::persist::Saved::Work { state, .. } => {
            assert_eq!(
                &*state.yaml,
                "kind: Node\nmetadata:\n  name: unsaved-work\n"
            )
        }
        other => panic!("the saved work does not read back: {other:?}"),
    }
    let banners = document
        .query_selector_all(".panic-banner")
        .expect("a query");
    assert_eq!(banners.length(), 1, "one banner, however many panics");
    let banner = document
        .get_element_by_id("kubeplay-panic")
        .expect("the banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap_or_default();
    assert!(
        text.starts_with(
            "kubeplay hit an internal error. Your YAML is kept and comes back when you reload."
        ),
        "{text}"
    );
    assert!(text.ends_with("Reload"), "{text}");
    banner.remove();
    if created {
        editor.remove();
    }
    let _ = storage.remove_item(kubeplay::ui::persist::STORAGE_KEY);
}

#[wasm_bindgen_test]
async fn share_payloads_survive_the_browsers_deflate_raw_round_trip() {
    use kubeplay::ui::share::{decode, encode, SharedState};
    let state = SharedState {
        yaml: kubeplay::ui::state::DEFAULT_SCENARIO.into(),
        frame: Some(3),
        lang: "zh-CN".into(),
        ..SharedState::default()
    };
    let fragment = encode(&state).await.expect("compressed");
    assert!(fragment.starts_with("v1."), "{fragment}");
    assert!(fragment.len() < 2000, "{} characters", fragment.len());
    assert_eq!(decode(&format!("#{fragment}")).await, Ok(state));
    assert_eq!(
        decode("#v1.AAAA").await,
        Err(kubeplay::ui::share::ShareError::NotDeflate)
    );
}

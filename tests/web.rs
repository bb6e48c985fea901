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

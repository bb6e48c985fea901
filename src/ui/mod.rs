//! The Yew playground: renders the engine's state; never re-implements engine logic.

pub mod app;
pub mod chart;
pub mod cluster;
pub mod editor;
pub mod header;
pub mod highlight;
pub mod i18n;
pub mod persist;
pub mod share;
pub mod state;

/// Mounts the playground into the page's `#kubeplay` element (or `<body>` without one).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    let document = gloo::utils::document();
    match document.get_element_by_id("kubeplay") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

//! The Yew playground: renders the engine's state; never re-implements engine logic.

pub mod app;
pub mod board;
pub mod cells;
pub mod chart;
pub mod compact;
pub mod controls;
pub mod editor;
pub mod embed;
pub mod engine;
pub mod engine_link;
pub mod exercise;
pub mod explain_panel;
pub mod export_menu;
pub mod fetch;
pub mod grouping;
pub mod header;
pub mod help;
pub mod highlight;
pub mod host_messages;
pub mod i18n;
pub mod keys;
pub mod kubectl_panel;
pub mod large_editor;
pub mod lesson_fetch;
pub mod lesson_picker;
pub mod lessons;
pub mod motion;
pub mod node_card;
pub mod node_form;
pub mod panic_banner;
pub mod perf;
pub mod persist;
pub mod progress;
pub mod rollout_panel;
pub mod share;
pub mod shared_text;
pub mod shown;
pub mod state;
pub mod table;
pub mod url_params;

/// Mounts the playground into the page's `#kubeplay` element (or `<body>` without one).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    panic_banner::install();
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

//! The JavaScript API's engine worker: Trunk builds this binary to `kubeplay-api-engine.js` +
//! `kubeplay-api-engine_bg.wasm` (moved to `dist/api/`), which `api/kubeplay.js` starts as a
//! Web Worker (JSON messages, the page's requests and the command line's documents).

#[cfg(target_arch = "wasm32")]
fn main() {
    kubeplay::worker::web::start::<kubeplay::worker::web::Api>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubeplay-api-engine is the JavaScript API's Web Worker; build it with `make dist` or run `kubeplay --help`.");
}

//! The engine's Web Worker: Trunk builds this binary to `kubeplay-engine.js` +
//! `kubeplay-engine_bg.wasm`, which the page (and the JavaScript API) start as a worker.

#[cfg(target_arch = "wasm32")]
fn main() {
    kubeplay::worker::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubeplay-engine is the playground's Web Worker; build it with `make dist` or run `kubeplay --help`.");
}

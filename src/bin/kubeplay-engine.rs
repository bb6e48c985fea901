//! The playground's engine worker: Trunk builds this binary to `kubeplay-engine.js` +
//! `kubeplay-engine_bg.wasm`, which the page starts as a Web Worker (postcard messages, the
//! page's requests only).

#[cfg(target_arch = "wasm32")]
fn main() {
    kubeplay::worker::web::start::<kubeplay::worker::web::Page>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubeplay-engine is the playground's Web Worker; build it with `make dist` or run `kubeplay --help`.");
}

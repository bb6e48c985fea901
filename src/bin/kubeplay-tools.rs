//! The playground's tools worker: Trunk builds this binary to `kubeplay-tools.js` +
//! `kubeplay-tools_bg.wasm`, which the page starts as a Web Worker on first use of what the
//! first paint never needs: the node × plugin matrix and exports (postcard messages).

#[cfg(target_arch = "wasm32")]
fn main() {
    kubeplay::worker::web::start::<kubeplay::worker::web::Tools>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubeplay-tools is the playground's second Web Worker; build it with `make dist` or run `kubeplay --help`.");
}

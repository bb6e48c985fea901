//! The web entry point: Trunk builds this binary to wasm and mounts the playground.

#[cfg(target_arch = "wasm32")]
fn main() {
    kubeplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubeplay-web is the browser entry point; build it with `make dist` or run `kubeplay --help`.");
}

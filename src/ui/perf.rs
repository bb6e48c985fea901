//! Performance marks the tests and the benchmark read with
//! `performance.getEntriesByName(...)`: `kubeplay:tick` (a playback tick, from the timer to
//! the end of the render), `kubeplay:apply` (from sending a text to the engine worker to its
//! answer: loading and simulating it) and `kubeplay:first-render` (page load to the first
//! rendered playground). No-ops natively.

/// Marks the start of a measure named `name` (mark `<name>-start`).
pub fn start(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("{name}-start"));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Ends the measure `name` begun by [`start`]; does nothing when it was not started.
pub fn end(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let start = format!("{name}-start");
        if performance.get_entries_by_name(&start).length() == 0 {
            return;
        }
        // Keep the buffer bounded over a long session.
        if performance.get_entries_by_name(name).length() >= 2000 {
            performance.clear_measures_with_measure_name(name);
        }
        let _ = performance.measure_with_start_mark(name, &start);
        performance.clear_marks_with_mark_name(&start);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Records a mark named `name` now (e.g. the first render).
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

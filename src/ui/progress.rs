//! The course's progress: the lessons whose exercise the learner has done, kept in local
//! storage under [`PROGRESS_KEY`] (their ids, separated by spaces) across reloads.

use std::cell::RefCell;

/// The local-storage key of the lessons done.
pub const PROGRESS_KEY: &str = "kubeplay.done.v1";

thread_local! {
    /// The ids done, read from storage once.
    static DONE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Runs `f` on the stored ids (read once).
fn with_done<T>(f: impl FnOnce(&mut String) -> T) -> T {
    DONE.with_borrow_mut(|done| {
        let done = done.get_or_insert_with(|| {
            storage()
                .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
                .unwrap_or_default()
        });
        f(done)
    })
}

/// Whether the exercise of lesson `id` is done.
pub fn is_done(id: &str) -> bool {
    with_done(|done| done.split(' ').any(|d| d == id))
}

/// Records lesson `id` as done; true when it was not before.
pub fn mark_done(id: &str) -> bool {
    if is_done(id) {
        return false;
    }
    with_done(|done| {
        done.push_str(id);
        done.push(' ');
        if let Some(store) = storage() {
            let _ = store.set_item(PROGRESS_KEY, done);
        }
    });
    true
}

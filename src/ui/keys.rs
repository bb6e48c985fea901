//! Keyboard shortcuts the page shares: Escape closes what is open on top (the Embed dialog,
//! the Why? panel).

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// Calls `close` when Escape is pressed anywhere in the page, for as long as the returned
/// listener is kept.
pub fn on_escape(close: impl Fn() + 'static) -> EventListener {
    EventListener::new(&gloo::utils::document(), "keydown", move |event| {
        if event
            .dyn_ref::<KeyboardEvent>()
            .is_some_and(|key| key.key() == "Escape")
        {
            close();
        }
    })
}

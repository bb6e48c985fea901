//! The page's link to one of its workers: takes the `kubeplay-engine` or `kubeplay-tools`
//! Web Worker that `www/index.html`'s script starts, sends it [`Envelope`]s and hands back
//! its [`Reply`]s, encoded with postcard, through `postMessage` ([`crate::protocol`]). Only
//! transport: what to ask and what a reply means is the caller's.
//!
//! The page's inline script starts the engine as soon as this wasm has downloaded, so that
//! the engine downloads while the shell compiles and paints: `window.kubeplayEngine` is that
//! first worker (with the messages and errors it sent before anyone listened), and
//! `window.kubeplayStartWorker(NAME)` starts another (the first engine too, if the page gets
//! here before the script; the tools worker when its first request is made).
//! The worker loads Trunk's wasm-bindgen "no-modules" glue (`NAME.js`) and then its wasm
//! (`NAME_bg.wasm`); a wasm that cannot be fetched or compiled becomes an error event.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Url, Worker};

use crate::protocol::{Envelope, Program, Reply};

/// A running engine worker and the handlers that receive its messages.
///
/// Dropping the link (or [`EngineLink::terminate`]) stops the worker.
pub struct EngineLink {
    /// The worker.
    worker: Worker,
    /// The `blob:` URL of the start script, released when the link ends.
    script_url: String,
    /// Told when a message cannot be sent.
    on_failure: Rc<dyn Fn(String)>,
    /// Receives the worker's replies.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    /// Receives the worker's uncaught errors (a script or wasm that failed to load, a trap).
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    /// Receives messages that could not be deserialised.
    _on_message_error: Closure<dyn FnMut(MessageEvent)>,
}

/// A JavaScript exception as a plain message, after `what`.
fn js_error(what: &str, error: JsValue) -> String {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .or_else(|| js_sys::JSON::stringify(&error).ok().map(String::from))
        .unwrap_or_default();
    format!("{what}: {detail}")
}

/// `key` of `object`.
fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `program`'s worker, started by the page's script: the first engine (taken once), or a
/// new one.
fn started_worker(program: Program) -> Result<JsValue, String> {
    let window: JsValue = gloo::utils::window().into();
    let first = get(&window, "kubeplayEngine");
    if program == Program::Engine && !first.is_undefined() {
        let _ = js_sys::Reflect::set(&window, &"kubeplayEngine".into(), &JsValue::UNDEFINED);
        return Ok(first);
    }
    let name = match program {
        Program::Engine => "kubeplay-engine",
        Program::Tools => "kubeplay-tools",
    };
    get(&window, "kubeplayStartWorker")
        .dyn_into::<js_sys::Function>()
        .map_err(|_| "the page has no worker starter (window.kubeplayStartWorker)".to_owned())?
        .call1(&window, &name.into())
        .map_err(|e| js_error("could not start the engine", e))
}

/// A message from the worker: its [`Reply`], or why it is not one.
fn read_reply(event: &MessageEvent) -> Result<Reply, String> {
    let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
    // (unreadable only when the two programs do not match: the reply's length tells that)
    postcard::from_bytes::<Reply>(&bytes)
        .map_err(|_| format!("unreadable reply from the engine ({} bytes)", bytes.len()))
}

/// An uncaught error in the worker, as a plain message.
fn error_text(event: &ErrorEvent) -> String {
    format!("the engine failed: {}", event.message())
}

/// What a worker sent before the page listened, in order: its replies, or failures as plain
/// messages (what `on_reply` and `on_failure` of [`EngineLink::start`] would have been given).
pub type SaidBefore = Vec<Result<Reply, String>>;

impl EngineLink {
    /// Takes `program`'s worker, started by the page's script (see the module's notes). Every
    /// later reply goes to `on_reply`; a reply that is not a [`Reply`], an error in the worker
    /// or a message that could not be delivered goes to `on_failure` as a plain message.
    /// What the worker sent before is returned, not handed on: the caller hears it once it
    /// holds the link (the worker's `Ready` makes it send requests through the link).
    pub fn start(
        program: Program,
        on_reply: Rc<dyn Fn(Reply)>,
        on_failure: Rc<dyn Fn(String)>,
    ) -> Result<(EngineLink, SaidBefore), String> {
        let engine = started_worker(program)?;
        let worker: Worker = get(&engine, "worker")
            .dyn_into()
            .map_err(|_| "the page's engine starter gave no worker".to_owned())?;
        let script_url = get(&engine, "url").as_string().unwrap_or_default();

        let failure = on_failure.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match read_reply(&event) {
                Ok(reply) => on_reply(reply),
                Err(message) => failure(message),
            }
        });
        let failure = on_failure.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            failure(error_text(&event));
        });
        let failure = on_failure.clone();
        let on_message_error = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            failure("a message from the engine could not be read".to_owned());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
        let kept: js_sys::Array = get(&engine, "kept").dyn_into().unwrap_or_default();
        let said_before = kept
            .iter()
            .map(|event| match event.dyn_into::<ErrorEvent>() {
                Ok(error) => Err(error_text(&error)),
                Err(event) => read_reply(event.unchecked_ref()),
            })
            .collect();
        let link = EngineLink {
            worker,
            script_url,
            on_failure,
            _on_message: on_message,
            _on_error: on_error,
            _on_message_error: on_message_error,
        };
        Ok((link, said_before))
    }

    /// Sends `envelope` to the engine, encoded with postcard. Its replies arrive through `on_reply`;
    /// a message that cannot be sent is reported to `on_failure`.
    pub fn send(&self, envelope: &Envelope) {
        let sent = postcard::to_allocvec(envelope)
            .map_err(|_| "could not write the request".to_owned())
            .and_then(|bytes| {
                self.worker
                    .post_message(&js_sys::Uint8Array::from(bytes.as_slice()))
                    .map_err(|e| js_error("could not send to the engine", e))
            });
        if let Err(message) = sent {
            (self.on_failure)(message);
        }
    }

    /// Stops the worker at once (a request under way is abandoned) and releases the
    /// handlers; no callback is called after this.
    pub fn terminate(self) {
        drop(self);
    }
}

impl Drop for EngineLink {
    /// Stops the worker and detaches the handlers before they are dropped.
    fn drop(&mut self) {
        self.worker.terminate();
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        let _ = Url::revoke_object_url(&self.script_url);
    }
}

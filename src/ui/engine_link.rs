//! The page's link to the engine worker: starts `kubeplay-engine` as a Web Worker, sends it
//! [`Envelope`]s and hands back its [`Reply`]s, encoded with postcard, through `postMessage`
//! ([`crate::protocol`]). Only transport: what to ask and what a reply means is the caller's.
//!
//! Trunk builds the worker as wasm-bindgen "no-modules" glue (`kubeplay-engine.js`, which
//! defines `wasm_bindgen`) beside its wasm (`kubeplay-engine_bg.wasm`). The link starts a
//! classic worker from a small script that loads the glue and then the wasm, as
//! `gloo-worker` does; a wasm that cannot be fetched or compiled becomes an error event.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker, WorkerOptions};

use crate::protocol::{Envelope, Reply};

/// Where the page finds the engine's glue when nothing else is said: beside the page.
pub const DEFAULT_ENGINE_URL: &str = "./kubeplay-engine.js";

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

/// The absolute URLs of the engine's glue and wasm, from `url` (the glue's URL, relative to
/// the page). The wasm is the glue's name with `_bg.wasm` for `.js`.
fn engine_urls(url: &str) -> Result<(String, String), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document to resolve the engine's URL against")?;
    let base = document
        .base_uri()
        .map_err(|e| js_error("no base URL", e))?
        .ok_or("no base URL to resolve the engine's URL against")?;
    let glue = Url::new_with_base(url, &base).map_err(|e| js_error("bad engine URL", e))?;
    let path = glue.pathname();
    let Some(stem) = path.strip_suffix(".js") else {
        return Err(format!("the engine's URL must name a .js file: {url}"));
    };
    let wasm = Url::new(&glue.href()).map_err(|e| js_error("bad engine URL", e))?;
    wasm.set_pathname(&format!("{stem}_bg.wasm"));
    Ok((glue.href(), wasm.href()))
}

/// `text` as a JavaScript string literal (double quotes; quotes, backslashes, control and
/// line-separator characters escaped).
fn js_string(text: &str) -> String {
    let mut literal = String::from('"');
    for c in text.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            c if c < ' ' || c == '\u{2028}' || c == '\u{2029}' => {
                literal.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// The worker's start script (the same as `www/api/kubeplay.js` writes, but asking the
/// engine to speak postcard rather than JSON text): keeps the messages
/// that arrive before the engine has started (they would be lost: the engine sets its
/// handler once its wasm runs), loads the glue, then the wasm (whose `main` starts the
/// engine), and hands the kept messages on. A failed load is rethrown outside the promise
/// so that it reaches the page as an error event.
fn start_script(glue_url: &str, wasm_url: &str) -> String {
    format!(
        concat!(
            "self.kubeplayWire='postcard';",
            "var early=[];onmessage=function(e){{early.push(e.data);}};",
            "importScripts({glue});",
            "wasm_bindgen({{module_or_path:{wasm}}}).then(function(){{",
            "early.forEach(function(d){{dispatchEvent(new MessageEvent('message',{{data:d}}));}});early=null;}},",
            "function(e){{setTimeout(function(){{throw e;}});}});"
        ),
        glue = js_string(glue_url),
        wasm = js_string(wasm_url)
    )
}

impl EngineLink {
    /// Starts the engine worker from `url` (its glue, relative to the page; usually
    /// [`DEFAULT_ENGINE_URL`]). Every reply goes to `on_reply`; a reply that is not a
    /// [`Reply`], an error in the worker or a message that could not be delivered goes to
    /// `on_failure` as a plain message.
    pub fn start(
        url: &str,
        on_reply: Rc<dyn Fn(Reply)>,
        on_failure: Rc<dyn Fn(String)>,
    ) -> Result<EngineLink, String> {
        let (glue_url, wasm_url) = engine_urls(url)?;
        let parts = js_sys::Array::of1(&JsValue::from_str(&start_script(&glue_url, &wasm_url)));
        let properties = BlobPropertyBag::new();
        properties.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &properties)
            .map_err(|e| js_error("could not make the engine's start script", e))?;
        let script_url = Url::create_object_url_with_blob(&blob)
            .map_err(|e| js_error("could not make the engine's start script", e))?;
        let options = WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Classic);
        options.set_name("kubeplay-engine");
        let worker = match Worker::new_with_options(&script_url, &options) {
            Ok(worker) => worker,
            Err(e) => {
                let _ = Url::revoke_object_url(&script_url);
                return Err(js_error("could not start the engine", e));
            }
        };

        let failure = on_failure.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            match postcard::from_bytes::<Reply>(&bytes) {
                Ok(reply) => on_reply(reply),
                // (only when the two programs do not match: the reply's length tells that)
                Err(_) => failure(format!(
                    "unreadable reply from the engine ({} bytes)",
                    bytes.len()
                )),
            }
        });
        let failure = on_failure.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            failure(format!("the engine failed: {}", event.message()));
        });
        let failure = on_failure.clone();
        let on_message_error = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            failure("a message from the engine could not be read".to_owned());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
        Ok(EngineLink {
            worker,
            script_url,
            on_failure,
            _on_message: on_message,
            _on_error: on_error,
            _on_message_error: on_message_error,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_script_keeps_early_messages_and_loads_the_glue_then_the_wasm() {
        let script = start_script(
            "https://example.org/play/kubeplay-engine.js",
            "https://example.org/play/kubeplay-engine_bg.wasm",
        );
        assert_eq!(
            script,
            concat!(
                "self.kubeplayWire='postcard';",
                "var early=[];onmessage=function(e){early.push(e.data);};",
                "importScripts(\"https://example.org/play/kubeplay-engine.js\");",
                "wasm_bindgen({module_or_path:\"https://example.org/play/kubeplay-engine_bg.wasm\"}).then(function(){",
                "early.forEach(function(d){dispatchEvent(new MessageEvent('message',{data:d}));});early=null;},",
                "function(e){setTimeout(function(){throw e;});});"
            )
        );
    }

    #[test]
    fn urls_in_the_start_script_are_quoted_as_string_literals() {
        let script = start_script("https://x.test/a\");evil(\".js", "https://x.test/b_bg.wasm");
        assert!(script.contains(r#"importScripts("https://x.test/a\");evil(\".js");"#));
    }
}

//! The engine's main loop in a Web Worker: one [`Session`] answers the page's requests.
//!
//! The page posts [`Envelope`]s, the worker posts [`Reply`]s, in one of two encodings
//! ([`Wire`]): postcard bytes for the playground's page (whose start script sets
//! `self.kubeplayWire = 'postcard'`), JSON text for the JavaScript API. At start the worker
//! posts [`Response::Ready`]; while an apply works it posts
//! [`Response::Progress`] at most every [`PROGRESS_INTERVAL_MS`] of real time, then the final
//! reply. A panic posts [`Response::Crashed`] before the panic is logged to the console.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::session::Session;
use crate::protocol::{Envelope, Reply, Response};

/// The shortest real time between two progress replies, in milliseconds.
pub const PROGRESS_INTERVAL_MS: f64 = 100.0;

/// The worker's global scope (this code runs only in a dedicated worker).
fn scope() -> Option<DedicatedWorkerGlobalScope> {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .ok()
}

/// How messages are encoded, chosen by the worker's start script.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// postcard bytes in a `Uint8Array` (the playground's page).
    Postcard,
    /// JSON text (the JavaScript API).
    Json,
}

/// The encoding the start script asked for (`self.kubeplayWire`); JSON text without one.
fn wire() -> Wire {
    let asked = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("kubeplayWire"))
        .ok()
        .and_then(|v| v.as_string());
    match asked.as_deref() {
        Some("postcard") => Wire::Postcard,
        _ => Wire::Json,
    }
}

/// `reply` encoded for `wire`.
fn encode(wire: Wire, reply: &Reply) -> Result<JsValue, String> {
    match wire {
        Wire::Postcard => postcard::to_allocvec(reply)
            .map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into())
            .map_err(|e| e.to_string()),
        Wire::Json => serde_json::to_string(reply)
            .map(|text| JsValue::from_str(&text))
            .map_err(|e| e.to_string()),
    }
}

/// The envelope in a message's `data`, encoded for `wire`.
fn decode(wire: Wire, data: &JsValue) -> Result<Envelope, String> {
    match wire {
        Wire::Postcard => {
            let bytes = js_sys::Uint8Array::new(data).to_vec();
            postcard::from_bytes(&bytes).map_err(|e| format!("unreadable request: {e}"))
        }
        Wire::Json => {
            let text = data
                .as_string()
                .ok_or("a request must be the JSON text of an envelope")?;
            serde_json::from_str(&text).map_err(|e| format!("unreadable request: {e}"))
        }
    }
}

/// Posts `reply` to the page; a reply that cannot be encoded becomes [`Response::Failed`],
/// one that cannot be posted is logged.
fn post(scope: &DedicatedWorkerGlobalScope, wire: Wire, reply: &Reply) {
    let message = encode(wire, reply).or_else(|e| {
        let failed = Reply {
            id: reply.id,
            response: Response::Failed {
                message: format!("the engine could not write its reply: {e}"),
            },
        };
        encode(wire, &failed)
    });
    let posted = message
        .map_err(JsValue::from)
        .and_then(|m| scope.post_message(&m));
    if let Err(e) = posted {
        web_sys::console::error_2(
            &JsValue::from_str("kubeplay engine: postMessage failed"),
            &e,
        );
    }
}

/// The panic hook: tells the page the engine crashed, then logs the panic to the console.
fn install_panic_hook(wire: Wire) {
    std::panic::set_hook(Box::new(move |info| {
        if let Some(scope) = scope() {
            let response = Response::Crashed {
                message: info.to_string(),
            };
            post(&scope, wire, &Reply { id: None, response });
        }
        console_error_panic_hook::hook(info);
    }));
}

/// Answers one message (its data is an [`Envelope`] encoded for `wire`).
fn answer(scope: &DedicatedWorkerGlobalScope, wire: Wire, session: &mut Session, data: &JsValue) {
    let envelope = match decode(wire, data) {
        Ok(envelope) => envelope,
        Err(message) => {
            let response = Response::Failed { message };
            return post(scope, wire, &Reply { id: None, response });
        }
    };
    let id = Some(envelope.id);
    let mut last_progress = js_sys::Date::now();
    let response = session.handle(envelope.request, &mut |progress| {
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_INTERVAL_MS {
            last_progress = now;
            let reply = Reply {
                id,
                response: progress,
            };
            post(scope, wire, &reply);
        }
    });
    post(scope, wire, &Reply { id, response });
}

/// Starts the engine in this worker: installs the panic hook, answers every message with
/// one session, and tells the page it is ready.
pub fn start() {
    let wire = wire();
    install_panic_hook(wire);
    let Some(scope) = scope() else {
        web_sys::console::error_1(&JsValue::from_str(
            "kubeplay engine: not running in a dedicated worker",
        ));
        return;
    };
    let mut session = Session::new();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&replies, wire, &mut session, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    let response = Response::Ready {
        kubernetes_version: crate::engine::KUBERNETES_VERSION.to_owned(),
    };
    post(&scope, wire, &Reply { id: None, response });
}

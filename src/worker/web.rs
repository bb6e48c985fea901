//! The engine's main loop in a Web Worker: one [`Session`] answers the page's requests.
//!
//! Every message either way is JSON text: the page posts an [`Envelope`], the worker posts
//! [`Reply`]s. At start the worker posts [`Response::Ready`]; while an apply works it posts
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

/// Posts `reply` to the page as JSON text; a reply that cannot be posted is logged.
fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let text = serde_json::to_string(reply).unwrap_or_else(|e| {
        let failed = Reply {
            id: reply.id,
            response: Response::Failed {
                message: format!("the engine could not write its reply: {e}"),
            },
        };
        serde_json::to_string(&failed).unwrap_or_default()
    });
    if let Err(e) = scope.post_message(&JsValue::from_str(&text)) {
        web_sys::console::error_2(
            &JsValue::from_str("kubeplay engine: postMessage failed"),
            &e,
        );
    }
}

/// The panic hook: tells the page the engine crashed, then logs the panic to the console.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if let Some(scope) = scope() {
            post(
                &scope,
                &Reply {
                    id: None,
                    response: Response::Crashed {
                        message: info.to_string(),
                    },
                },
            );
        }
        console_error_panic_hook::hook(info);
    }));
}

/// Answers one message: its data is the JSON text of an [`Envelope`].
fn answer(scope: &DedicatedWorkerGlobalScope, session: &mut Session, data: &JsValue) {
    let Some(text) = data.as_string() else {
        let message = "a request must be the JSON text of an envelope".to_owned();
        return post(
            scope,
            &Reply {
                id: None,
                response: Response::Failed { message },
            },
        );
    };
    let envelope = match serde_json::from_str::<Envelope>(&text) {
        Ok(envelope) => envelope,
        Err(e) => {
            return post(
                scope,
                &Reply {
                    id: None,
                    response: Response::Failed {
                        message: format!("unreadable request: {e}"),
                    },
                },
            )
        }
    };
    let id = Some(envelope.id);
    let mut last_progress = js_sys::Date::now();
    let response = session.handle(envelope.request, &mut |progress| {
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_INTERVAL_MS {
            last_progress = now;
            post(
                scope,
                &Reply {
                    id,
                    response: progress,
                },
            );
        }
    });
    post(scope, &Reply { id, response });
}

/// Starts the engine in this worker: installs the panic hook, answers every message with
/// one session, and tells the page it is ready.
pub fn start() {
    install_panic_hook();
    let Some(scope) = scope() else {
        web_sys::console::error_1(&JsValue::from_str(
            "kubeplay engine: not running in a dedicated worker",
        ));
        return;
    };
    let mut session = Session::new();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&replies, &mut session, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    post(
        &scope,
        &Reply {
            id: None,
            response: Response::Ready {
                kubernetes_version: crate::engine::KUBERNETES_VERSION.to_owned(),
            },
        },
    );
}

//! The engine's main loop in a Web Worker: one [`Session`] answers its client's requests.
//!
//! Three programs run this loop, one per client ([`Client`]):
//! * the playground's engine (`kubeplay-engine`), started with the page: postcard bytes both
//!   ways, the engine's requests ([`Page`]);
//! * the playground's tools (`kubeplay-tools`), started on first use: postcard, the node ×
//!   plugin matrix and exports ([`Tools`]);
//! * the JavaScript API (`kubeplay-api-engine`): JSON text both ways, every request of the
//!   page and the command line's documents (`explain`, `simulate`, diagnostics) ([`Api`]).
//!
//! Each program links only what its client uses: the page's engine has no JSON, no
//! command-line documents, no matrix and no exports ([`Session::handle_engine`]). At start the worker posts [`Response::Ready`]; while an apply works
//! it posts [`Response::Progress`] at most every [`PROGRESS_INTERVAL_MS`] of real time, then
//! the final reply. A panic posts [`Response::Crashed`] before the panic is logged to the
//! console.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::session::Session;
use crate::protocol::{Envelope, Reply, Request, Response};

/// The shortest real time between two progress replies, in milliseconds.
pub const PROGRESS_INTERVAL_MS: f64 = 100.0;

/// The worker's global scope (this code runs only in a dedicated worker).
fn scope() -> Option<DedicatedWorkerGlobalScope> {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .ok()
}

/// Whom the worker serves: how messages are encoded, and which requests it answers.
pub trait Client: Copy + 'static {
    /// `reply` as a message.
    fn encode(reply: &Reply) -> Result<JsValue, String>;
    /// The envelope in a message's `data`.
    fn decode(data: &JsValue) -> Result<Envelope, String>;
    /// The answer to `request` (`progress` receives the progress of an apply).
    fn handle(
        session: &mut Session,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response;
}

/// `reply` as postcard bytes in a `Uint8Array` (the page's two workers).
fn postcard_encode(reply: &Reply) -> Result<JsValue, String> {
    postcard::to_allocvec(reply)
        .map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into())
        .map_err(|e| e.to_string())
}

/// The envelope in postcard bytes (the page's two workers).
fn postcard_decode(data: &JsValue) -> Result<Envelope, String> {
    let bytes = js_sys::Uint8Array::new(data).to_vec();
    postcard::from_bytes(&bytes).map_err(|e| format!("unreadable request: {e}"))
}

/// The playground's engine worker: postcard, the engine's requests.
#[derive(Clone, Copy, Debug)]
pub struct Page;

impl Client for Page {
    fn encode(reply: &Reply) -> Result<JsValue, String> {
        postcard_encode(reply)
    }

    fn decode(data: &JsValue) -> Result<Envelope, String> {
        postcard_decode(data)
    }

    fn handle(
        session: &mut Session,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response {
        session.handle_engine(request, progress)
    }
}

/// The playground's tools worker: postcard, the tools' requests.
#[derive(Clone, Copy, Debug)]
pub struct Tools;

impl Client for Tools {
    fn encode(reply: &Reply) -> Result<JsValue, String> {
        postcard_encode(reply)
    }

    fn decode(data: &JsValue) -> Result<Envelope, String> {
        postcard_decode(data)
    }

    fn handle(
        session: &mut Session,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response {
        session.handle_tools(request, progress)
    }
}

/// The JavaScript API: JSON text, and the command line's documents.
#[derive(Clone, Copy, Debug)]
pub struct Api;

impl Client for Api {
    fn encode(reply: &Reply) -> Result<JsValue, String> {
        serde_json::to_string(reply)
            .map(|text| JsValue::from_str(&text))
            .map_err(|e| e.to_string())
    }

    fn decode(data: &JsValue) -> Result<Envelope, String> {
        let text = data
            .as_string()
            .ok_or("a request must be the JSON text of an envelope")?;
        serde_json::from_str(&text).map_err(|e| format!("unreadable request: {e}"))
    }

    fn handle(
        session: &mut Session,
        request: Request,
        progress: &mut dyn FnMut(Response),
    ) -> Response {
        super::cli::document(&request).unwrap_or_else(|| session.handle(request, progress))
    }
}

/// Posts `reply` to the page; a reply that cannot be encoded becomes [`Response::Failed`],
/// one that cannot be posted is logged.
fn post<C: Client>(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let message = C::encode(reply).or_else(|e| {
        let failed = Reply {
            id: reply.id,
            response: Response::Failed {
                message: format!("the engine could not write its reply: {e}"),
            },
        };
        C::encode(&failed)
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
fn install_panic_hook<C: Client>() {
    std::panic::set_hook(Box::new(move |info| {
        if let Some(scope) = scope() {
            let response = Response::Crashed {
                message: info.to_string(),
            };
            post::<C>(&scope, &Reply { id: None, response });
        }
        console_error_panic_hook::hook(info);
    }));
}

/// Answers one message (its data is an [`Envelope`] encoded for the client `C`).
fn answer<C: Client>(scope: &DedicatedWorkerGlobalScope, session: &mut Session, data: &JsValue) {
    let envelope = match C::decode(data) {
        Ok(envelope) => envelope,
        Err(message) => {
            let response = Response::Failed { message };
            return post::<C>(scope, &Reply { id: None, response });
        }
    };
    let id = Some(envelope.id);
    let mut last_progress = js_sys::Date::now();
    let response = C::handle(session, envelope.request, &mut |progress| {
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_INTERVAL_MS {
            last_progress = now;
            let reply = Reply {
                id,
                response: progress,
            };
            post::<C>(scope, &reply);
        }
    });
    post::<C>(scope, &Reply { id, response });
}

/// Starts the engine in this worker for the client `C`: installs the panic hook, answers
/// every message with one session, and tells the client it is ready.
pub fn start<C: Client>() {
    install_panic_hook::<C>();
    let Some(scope) = scope() else {
        web_sys::console::error_1(&JsValue::from_str(
            "kubeplay engine: not running in a dedicated worker",
        ));
        return;
    };
    let mut session = Session::new();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        answer::<C>(&replies, &mut session, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    let response = Response::Ready {
        kubernetes_version: crate::engine::KUBERNETES_VERSION.to_owned(),
    };
    post::<C>(&scope, &Reply { id: None, response });
}

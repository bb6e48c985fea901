//! Fetching a text file of the site (a `?src=` scenario, a lesson's files).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, RequestMode, Response};

/// Why a file could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// A network error or an HTTP status (the text says which).
    Failed(String),
    /// The file is larger than was allowed.
    TooLarge,
}

/// Fetches a text file at `url` (relative to the page) in same-origin mode: the browser
/// refuses to send a request to any other origin, and a redirect to another origin fails. A
/// file over `max_bytes` is refused.
pub async fn fetch_text(url: &str, max_bytes: usize) -> Result<String, FetchError> {
    let network = |_| FetchError::Failed("network error".into());
    let init = RequestInit::new();
    init.set_mode(RequestMode::SameOrigin);
    let response: Response =
        JsFuture::from(gloo::utils::window().fetch_with_str_and_init(url, &init))
            .await
            .map_err(network)?
            .unchecked_into();
    if !response.ok() {
        return Err(FetchError::Failed(format!("HTTP {}", response.status())));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.trim().parse::<usize>().ok());
    let text = match declared {
        Some(n) if n > max_bytes => None,
        _ => JsFuture::from(response.text().map_err(network)?)
            .await
            .map_err(network)?
            .as_string(),
    };
    text.filter(|t| t.len() <= max_bytes)
        .ok_or(FetchError::TooLarge)
}

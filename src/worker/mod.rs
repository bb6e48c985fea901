//! The engine's program in the browser: a Web Worker that owns the engine and answers the
//! page's requests ([`crate::protocol`]).
//!
//! * [`session`]: the state between requests and the dispatch of each request.
//! * [`views`]: the engine's state turned into what the page shows.
//! * [`matrix`]: the node × plugin matrix of the Why? panel, as a table.
//! * [`panels`]: explanations, kubectl views, board edits and exports.
//! * [`exercise`]: an exercise's checklist, the goals checked against the run.
//! * [`cli`]: the JavaScript API's documents (the command line's JSON).
//! * `web` (wasm32 only): the worker's main loop, for the page (postcard) or for the
//!   JavaScript API (JSON text and the command line's documents).

pub mod cli;
pub mod exercise;
pub mod matrix;
pub mod panels;
pub mod session;
pub mod views;
#[cfg(target_arch = "wasm32")]
pub mod web;

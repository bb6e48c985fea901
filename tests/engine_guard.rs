//! Guards the engine boundary: `src/engine/` stays pure Rust. It imports nothing from the
//! web or UI crates and never reads the wall clock or an unseeded random source, so the
//! same input always gives the same timeline, natively and in the browser.

use std::fs;
use std::path::{Path, PathBuf};

/// Tokens that must not appear in engine code (outside comments).
const FORBIDDEN: &[(&str, &str)] = &[
    ("yew", "the UI framework"),
    ("web_sys", "browser APIs"),
    ("gloo", "browser helpers"),
    ("wasm_bindgen", "the JS bridge"),
    ("js_sys", "JS built-ins"),
    ("SystemTime", "the wall clock"),
    ("Instant", "the wall clock"),
    ("thread_rng", "unseeded randomness"),
    ("getrandom", "unseeded randomness"),
    ("RandomState", "randomly seeded hashing"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable engine directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Returns `(line number, token, why)` for every forbidden token used as a whole word in
/// code (comment text after `//` is ignored).
fn violations(source: &str) -> Vec<(usize, &'static str, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for &(token, why) in FORBIDDEN {
            let is_word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
            let mut rest = code;
            while let Some(at) = rest.find(token) {
                let before = rest[..at].chars().next_back();
                let after = rest[at + token.len()..].chars().next();
                if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
                    found.push((index + 1, token, why));
                    break;
                }
                rest = &rest[at + token.len()..];
            }
        }
    }
    found
}

#[test]
fn the_checker_flags_web_imports_and_wall_clock_reads() {
    let cases: &[(&str, usize)] = &[
        ("use yew::prelude::*;", 1),
        ("let t = std::time::SystemTime::now();", 1),
        ("let t = Instant::now();", 1),
        ("use wasm_bindgen::JsValue;", 1),
        ("// a comment may say yew or SystemTime", 0),
        ("let yewish = 1; let instant_ok = 2;", 0),
    ];
    for (source, expected) in cases {
        assert_eq!(violations(source).len(), *expected, "{source}");
    }
}

#[test]
fn the_engine_imports_no_web_crates_and_reads_no_wall_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        !files.is_empty(),
        "no engine sources found under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for file in files {
        let source = fs::read_to_string(&file).expect("readable source");
        for (line, token, why) in violations(&source) {
            problems.push(format!("{}:{line}: `{token}` ({why})", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the engine must stay pure:\n{}",
        problems.join("\n")
    );
}

//! Architecture rules for `src/`, checked on the source text (cheap: no compiler, no
//! dependencies):
//!
//! 1. No import cycles among the files of `src/` (engine, UI and CLI alike).
//! 2. A file of `src/engine/` imports only its own layer or lower ones ([`LAYERS`], bottom
//!    first); every folder and root file of `src/engine/` has a layer, so a new one must be
//!    placed.
//! 3. No file of `src/engine/` is over [`MAX_LINES`] lines, unless [`LARGE_TABLES`] lists it
//!    with a reason.
//!
//! What counts as an import of one file by another: `use crate::…`, `use super::…` and
//! `use self::…` statements (every path of a `{…}` group), and paths written inline in
//! code (`crate::engine::sim::Simulation::run(…)`, `super::load_file(…)`); in `src/bin/`
//! and `src/main.rs`, `kubeplay::…` paths. A path imports the file of the longest module
//! prefix it names: `crate::engine::yaml::node::Pos` is `src/engine/yaml/node.rs`,
//! `crate::engine::api::Quantity` is `src/engine/api/mod.rs`.
//!
//! Not counted: comments (doc links included) and string literals; `#[cfg(test)] mod …` (of any visibility)
//! blocks (a test may load YAML and run a simulation whatever layer it tests); a `mod.rs`
//! naming its own submodules without `self::` (`decode::pod(…)` in `yaml/mod.rs`, the
//! folder's front door using what it declares), while a submodule reaching back
//! (`super::Item` defined in `mod.rs`) is counted; `mod` declarations.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// One layer of the engine: the folders (`api`) and root files (`quote.rs`) of
/// `src/engine/` in it, and why they sit there.
struct Layer {
    name: &'static str,
    members: &'static [&'static str],
    why: &'static str,
}

/// The engine's layers, bottom first. A file may import files of its own layer (without a
/// cycle) and of the layers below; never of a layer above.
const LAYERS: &[Layer] = &[
    Layer {
        name: "foundation",
        members: &[
            "mod.rs",
            "api",
            "quote.rs",
            "diagnostic.rs",
            "key_map.rs",
            "name_table.rs",
            "object_map.rs",
            "sorting.rs",
            "time.rs",
        ],
        why: "the object model and leaves every layer uses; mod.rs only declares modules",
    },
    Layer {
        name: "limits",
        members: &["limits.rs"],
        why: "the documented limits: the loader and the simulation both check them",
    },
    Layer {
        name: "yaml",
        members: &["yaml"],
        why: "text to objects with decoding, defaulting and validation, and back",
    },
    Layer {
        name: "scheduler",
        members: &["scheduler"],
        why: "the default scheduler's plugins, FailedScheduling and preemption",
    },
    Layer {
        name: "store",
        members: &["store"],
        why: "the shared cluster model every controller reads and writes",
    },
    Layer {
        name: "controllers",
        members: &["controllers"],
        why: "one module per control loop, meeting only in the store",
    },
    Layer {
        name: "sim",
        members: &["sim"],
        why: "the clock that drives the controllers and records the timeline",
    },
    Layer {
        name: "views",
        members: &["explain", "kubectl", "export.rs", "exercise"],
        why: "read-only views of objects and simulated state, and goals checked on them",
    },
];

/// Most lines a file of `src/engine/` may have.
const MAX_LINES: usize = 1_000;

/// Files of `src/engine/` allowed over [`MAX_LINES`] because they are one big data table,
/// each with the reason (path relative to `src/`).
const LARGE_TABLES: &[(&str, &str)] = &[];

// ---- reading the source text ------------------------------------------------------------

/// The source with comments and the contents of string and character literals replaced by
/// spaces (newlines kept, so line numbers stay).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in out.iter_mut().take(to).skip(from) {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        match chars[i] {
            '/' if next == Some('/') => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            '/' if next == Some('*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < chars.len() && depth > 0 {
                    if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                        depth += 1;
                        j += 1;
                    } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                        depth -= 1;
                        j += 1;
                    }
                    j += 1;
                }
                blank(&mut out, i, j);
                i = j;
            }
            'r' if !(i > 0 && is_ident(chars[i - 1]) && chars[i - 1] != 'b') => {
                let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
                if chars.get(i + 1 + hashes) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let body = i + 2 + hashes;
                let mut j = body;
                while j < chars.len()
                    && !(chars[j] == '"'
                        && chars[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == '#')
                            .count()
                            == hashes)
                {
                    j += 1;
                }
                blank(&mut out, body, j);
                i = j + 1 + hashes;
            }
            '"' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    j += if chars[j] == '\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j.min(chars.len()));
                i = j + 1;
            }
            '\'' if next == Some('\\') => {
                let mut j = i + 3;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                blank(&mut out, i + 1, i + 2);
                i += 3;
            }
            _ => i += 1,
        }
    }
    out.into_iter().collect()
}

/// `text` with every character but newlines replaced by spaces, byte for byte (so the
/// offsets after it stay).
fn blanked(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect()
}

/// The code with every `#[cfg(test)] mod name { … }` block blanked (newlines kept).
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|n| from + n) {
        let after = at + "#[cfg(test)]".len();
        let rest = out[after..].trim_start();
        let is_module = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|visibility| rest.strip_prefix(visibility))
            .unwrap_or(rest)
            .starts_with("mod ");
        let open = out[after..].find('{').map(|n| after + n);
        match open {
            Some(open) if is_module && !out[after..open].contains(';') => {
                let mut depth = 0;
                let mut end = out.len();
                for (n, c) in out[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + n + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let blank = blanked(&out[at..end]);
                out.replace_range(at..end, &blank);
                from = end;
            }
            _ => from = after,
        }
    }
    out
}

/// A token of a `use` tree.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Glob,
}

fn use_tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        match c {
            ':' if chars.get(i + 1) == Some(&':') => {
                tokens.push(Token::PathSep);
                i += 1;
            }
            '{' => tokens.push(Token::Open),
            '}' => tokens.push(Token::Close),
            ',' => tokens.push(Token::Comma),
            '*' => tokens.push(Token::Glob),
            _ => {}
        }
        i += 1;
    }
    tokens
}

/// Every full path a `use` tree names: `a::{b, c::{d, self}}` is `a::b`, `a::c::d`, `a::c`
/// (an `as` rename is dropped; a glob names its prefix).
fn use_paths(text: &str) -> Vec<Vec<String>> {
    fn tree(tokens: &[Token], at: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        match tokens.get(*at) {
            Some(Token::Open) => {
                *at += 1;
                while let Some(token) = tokens.get(*at) {
                    match token {
                        Token::Close => {
                            *at += 1;
                            return;
                        }
                        Token::Comma => *at += 1,
                        _ => {
                            let before = *at;
                            tree(tokens, at, prefix, out);
                            if *at == before {
                                *at += 1;
                            }
                        }
                    }
                }
            }
            Some(Token::Glob) => {
                *at += 1;
                out.push(prefix.to_vec());
            }
            Some(Token::Ident(first)) => {
                let mut path = prefix.to_vec();
                if first != "self" || prefix.is_empty() {
                    path.push(first.clone());
                }
                *at += 1;
                while tokens.get(*at) == Some(&Token::PathSep) {
                    *at += 1;
                    match tokens.get(*at) {
                        Some(Token::Ident(segment)) => {
                            path.push(segment.clone());
                            *at += 1;
                        }
                        Some(Token::Open | Token::Glob) => return tree(tokens, at, &path, out),
                        _ => break,
                    }
                }
                if tokens.get(*at) == Some(&Token::Ident("as".into())) {
                    *at += 2;
                }
                out.push(path);
            }
            _ => {}
        }
    }
    let tokens = use_tokens(text);
    let mut out = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let before = at;
        tree(&tokens, &mut at, &[], &mut out);
        if at == before {
            at += 1;
        }
    }
    out
}

/// A path found in one file: its segments and the line it is on.
struct FoundPath {
    segments: Vec<String>,
    line: usize,
}

/// The paths a file's code names: those of its `use` statements, then those written
/// inline starting with one of `roots` (`crate`, `super`, `self`, …).
fn paths_in(code: &str, roots: &[&str]) -> Vec<FoundPath> {
    let line_of = |offset: usize| code[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut rest = code.to_string();
    // `use` statements start a line (as rustfmt writes them), maybe after a visibility.
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let body = trimmed
            .strip_prefix("pub ")
            .or_else(|| {
                trimmed
                    .strip_prefix("pub(")
                    .and_then(|r| r.split_once(") ").map(|(_, r)| r))
            })
            .unwrap_or(trimmed);
        if let Some(tree) = body.strip_prefix("use ") {
            let start = offset + (line.len() - tree.len());
            let end = code[start..].find(';').map_or(code.len(), |n| start + n);
            for segments in use_paths(&code[start..end]) {
                found.push(FoundPath {
                    segments,
                    line: line_of(start),
                });
            }
            rest.replace_range(offset..end, &blanked(&code[offset..end]));
        }
        offset += line.len();
    }
    let bytes = rest.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for root in roots {
        let mut from = 0;
        while let Some(at) = rest[from..].find(root).map(|n| from + n) {
            from = at + root.len();
            let starts_path = (at == 0 || !is_ident(bytes[at - 1]))
                && !rest[..at].trim_end().ends_with("::")
                && rest[from..].trim_start().starts_with("::");
            if !starts_path {
                continue;
            }
            let mut segments = vec![root.to_string()];
            let mut end = from;
            while let Some(after_sep) = rest[end..].trim_start().strip_prefix("::") {
                let name_start = rest.len() - after_sep.trim_start().len();
                let name_len = rest[name_start..]
                    .bytes()
                    .take_while(|&b| is_ident(b))
                    .count();
                if name_len == 0 {
                    break;
                }
                segments.push(rest[name_start..name_start + name_len].to_string());
                end = name_start + name_len;
            }
            found.push(FoundPath {
                segments,
                line: line_of(at),
            });
            from = end;
        }
    }
    found
}

// ---- the file-level import graph --------------------------------------------------------

/// One file importing another, with where it does so first.
struct Import {
    line: usize,
    path: String,
}

/// File (relative to `src/`) to the files it imports.
type Graph = BTreeMap<String, BTreeMap<String, Import>>;

/// The module path of a library file (`engine/yaml/mod.rs` is `engine::yaml`), or `None`
/// for the roots of the binaries (`main.rs`, `bin/*.rs`).
fn module_of(file: &str) -> Option<Vec<String>> {
    if file == "main.rs" || file.starts_with("bin/") {
        return None;
    }
    let mut segments: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
        segments.pop();
    }
    Some(segments)
}

/// The file-level import graph of `files` (`(path relative to src/, source)`).
fn build_graph(files: &[(String, String)]) -> Graph {
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .filter_map(|(file, _)| module_of(file).map(|m| (m, file.clone())))
        .collect();
    let mut graph = Graph::new();
    for (file, source) in files {
        let code = without_test_modules(&code_only(source));
        let module = module_of(file);
        let roots: &[&str] = if module.is_some() {
            &["crate", "super", "self"]
        } else {
            &["kubeplay"]
        };
        let imports = graph.entry(file.clone()).or_default();
        for found in paths_in(&code, roots) {
            let mut absolute = match (found.segments[0].as_str(), &module) {
                ("crate", Some(_)) | ("kubeplay", None) => Vec::new(),
                ("self", Some(m)) => m.clone(),
                ("super", Some(m)) => {
                    let ups = found.segments.iter().take_while(|s| *s == "super").count();
                    if ups > m.len() {
                        continue;
                    }
                    m[..m.len() - ups].to_vec()
                }
                _ => continue,
            };
            absolute.extend(
                found
                    .segments
                    .iter()
                    .skip(1)
                    .filter(|s| *s != "super" && *s != "self")
                    .cloned(),
            );
            let target = (0..=absolute.len())
                .rev()
                .find_map(|n| modules.get(&absolute[..n]));
            if let Some(target) = target.filter(|t| *t != file) {
                imports.entry(target.clone()).or_insert(Import {
                    line: found.line,
                    path: found.segments.join("::"),
                });
            }
        }
    }
    graph
}

/// One import cycle, as the chain of files round it (the first file again at the end).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    // Tarjan's strongly connected components; each component of two or more files holds
    // at least one cycle, reported as the shortest loop through its first file.
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        components: Vec<Vec<&'g str>>,
    }
    fn visit<'g>(s: &mut State<'g>, file: &'g str) {
        let n = s.index.len();
        s.index.insert(file, n);
        s.low.insert(file, n);
        s.stack.push(file);
        s.on_stack.insert(file);
        for next in s.graph.get(file).into_iter().flat_map(|m| m.keys()) {
            let next = next.as_str();
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[file].min(s.low[next]);
                s.low.insert(file, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[file].min(s.index[next]);
                s.low.insert(file, low);
            }
        }
        if s.low[file] == s.index[file] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top);
                if top == file {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                s.components.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for file in graph.keys() {
        if !state.index.contains_key(file.as_str()) {
            visit(&mut state, file);
        }
    }
    let mut loops: Vec<Vec<String>> = state
        .components
        .iter()
        .map(|component| shortest_loop(graph, component))
        .collect();
    loops.sort();
    loops
}

/// The shortest chain from the first file of `component` back to itself, inside it.
fn shortest_loop(graph: &Graph, component: &[&str]) -> Vec<String> {
    let start = component[0];
    let inside: BTreeSet<&str> = component.iter().copied().collect();
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(file) = queue.pop_front() {
        for next in graph.get(file).into_iter().flat_map(|m| m.keys()) {
            let next = next.as_str();
            if next == start {
                let mut chain = vec![file.to_string()];
                let mut at = file;
                while at != start {
                    at = came_from[at];
                    chain.push(at.to_string());
                }
                chain.reverse();
                chain.push(start.to_string());
                return chain;
            }
            if inside.contains(next) && !came_from.contains_key(next) {
                came_from.insert(next, file);
                queue.push_back(next);
            }
        }
    }
    unreachable!("a strongly connected component has a loop through each of its files")
}

/// The layer of a file of `src/engine/` (index into [`LAYERS`]), from its folder or, at
/// the root, its file name; `None` when the table does not place it.
fn layer_of(file: &str) -> Option<usize> {
    let inside = file.strip_prefix("engine/")?;
    let member = inside.split('/').next().unwrap_or(inside);
    LAYERS.iter().position(|l| l.members.contains(&member))
}

/// Every import by a file of `src/engine/` of a file of a higher layer (or outside the
/// engine), as a sentence.
fn upward_imports(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (file, imports) in graph {
        let Some(from) = layer_of(file) else {
            continue;
        };
        for (target, import) in imports {
            let above = match layer_of(target) {
                Some(to) if to > from => format!("the {} layer", LAYERS[to].name),
                Some(_) => continue,
                None if target.starts_with("engine/") => continue,
                None => "outside the engine".to_string(),
            };
            found.push(format!(
                "src/{file} ({} layer) imports src/{target} ({above}) at line {}: `{}`",
                LAYERS[from].name, import.line, import.path
            ));
        }
    }
    found
}

/// The files of `src/engine/` whose folder or root file has no layer.
fn unplaced(graph: &Graph) -> Vec<String> {
    graph
        .keys()
        .filter(|f| f.starts_with("engine/") && layer_of(f).is_none())
        .map(|f| format!("src/{f}"))
        .collect()
}

/// How each arrow of a cycle is written, one line per arrow.
fn describe_loop(graph: &Graph, chain: &[String]) -> String {
    let files: Vec<String> = chain.iter().map(|f| format!("src/{f}")).collect();
    let mut out = format!("  {}\n", files.join(" -> "));
    for pair in chain.windows(2) {
        let import = &graph[&pair[0]][&pair[1]];
        let _ = writeln!(
            out,
            "    src/{}:{} imports src/{} (`{}`)",
            pair[0], import.line, pair[1], import.path
        );
    }
    out
}

fn layer_table() -> String {
    LAYERS
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "  {}. {}: {} ({})",
                i + 1,
                l.name,
                l.members.join(", "),
                l.why
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- the rules on src/ ------------------------------------------------------------------

fn read_sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("readable source directory")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let file = path
                .strip_prefix(root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((file, fs::read_to_string(&path).expect("readable source")));
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_sources(&root, &root, &mut files);
    assert!(files.len() > 50, "found only {} files in src/", files.len());
    files
}

#[test]
fn no_file_of_src_imports_itself_round_a_loop() {
    let graph = build_graph(&sources());
    let loops = cycles(&graph);
    assert!(
        loops.is_empty(),
        "import cycles among the files of src/ (each file imports the next, the last imports \
         the first again):\n\n{}\nHow to fix: move what the files need from each other into \
         the lower one, or into a new small file that they all import and that imports none \
         of them. A mod.rs that its children reach with `super::Item` counts: move Item into \
         its own file.",
        loops
            .iter()
            .map(|chain| describe_loop(&graph, chain))
            .collect::<String>()
    );
}

#[test]
fn every_folder_and_root_file_of_the_engine_has_a_layer() {
    let missing = unplaced(&build_graph(&sources()));
    assert!(
        missing.is_empty(),
        "files of src/engine/ in no layer:\n  {}\n\nHow to fix: add their folder (or root file) \
         to LAYERS in tests/architecture.rs, in the layer of what it may import. The layers, \
         bottom first:\n{}",
        missing.join("\n  "),
        layer_table()
    );
}

#[test]
fn engine_files_import_only_their_own_layer_or_lower() {
    let upward = upward_imports(&build_graph(&sources()));
    assert!(
        upward.is_empty(),
        "files of src/engine/ that import a higher layer:\n  {}\n\nThe layers, bottom first (a \
         file may import its own layer and those below):\n{}\n\nHow to fix: move the piece \
         both need down to the lower layer (or into a leaf both can import), or have the \
         higher layer pass it in (a parameter, a callback).",
        upward.join("\n  "),
        layer_table()
    );
}

/// Every import by a file of the UI shell (`src/ui/`) of the engine or of its worker side:
/// the page's wasm renders the protocol's views and never links the engine.
fn shell_imports_of_the_engine(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (file, imports) in graph.iter().filter(|(f, _)| f.starts_with("ui/")) {
        for (target, import) in imports {
            if target.starts_with("engine/") || target.starts_with("worker/") {
                found.push(format!(
                    "src/{file} imports src/{target} at line {}: `{}`",
                    import.line, import.path
                ));
            }
        }
    }
    found
}

#[test]
fn the_ui_shell_imports_only_the_protocol_never_the_engine() {
    let found = shell_imports_of_the_engine(&build_graph(&sources()));
    assert!(
        found.is_empty(),
        "files of the UI shell that import the engine:\n  {}\n\nThe page's wasm renders what the \
         engine worker sends (src/protocol/). How to fix: add what the component needs to a \
         view in src/protocol/view.rs and fill it in src/worker/views.rs (the engine decides), \
         or ask the engine with a Request.",
        found.join("\n  ")
    );
}

#[test]
fn no_engine_file_is_over_1000_lines() {
    let mut too_long = Vec::new();
    let mut stale = Vec::new();
    let files = sources();
    for (file, source) in &files {
        let lines = source.lines().count();
        let table = LARGE_TABLES.iter().any(|(f, _)| f == file);
        if file.starts_with("engine/") && lines > MAX_LINES && !table {
            too_long.push(format!("src/{file}: {lines} lines"));
        }
    }
    for (table, _) in LARGE_TABLES {
        match files.iter().find(|(f, _)| f == table) {
            Some((_, source)) if source.lines().count() > MAX_LINES => {}
            _ => stale.push(format!("src/{table}")),
        }
    }
    assert!(
        too_long.is_empty(),
        "files of src/engine/ over {MAX_LINES} lines:\n  {}\n\nHow to fix: split the file \
         by concern (one file per object kind, per controller, per step), with no cycles \
         among the new files. A file that is one big data table may instead be listed in \
         LARGE_TABLES in tests/architecture.rs, with the reason.",
        too_long.join("\n  ")
    );
    assert!(
        stale.is_empty(),
        "LARGE_TABLES in tests/architecture.rs lists files that are gone or now under \
         {MAX_LINES} lines; remove them:\n  {}",
        stale.join("\n  ")
    );
}

// ---- the checker's own tests ------------------------------------------------------------

fn graph_of(files: &[(&str, &str)]) -> Graph {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(f, s)| (f.to_string(), s.to_string()))
        .collect();
    build_graph(&files)
}

fn imports_of(graph: &Graph, file: &str) -> Vec<String> {
    graph[file].keys().cloned().collect()
}

#[test]
fn two_files_that_import_each_other_are_a_cycle() {
    let graph = graph_of(&[
        ("lib.rs", "pub mod engine;"),
        ("engine/mod.rs", "pub mod limits;\npub mod yaml;"),
        (
            "engine/limits.rs",
            "use crate::engine::yaml::{Diagnostic, Objects};",
        ),
        (
            "engine/yaml/mod.rs",
            "fn load() {\n    let refused = crate::engine::limits::check(&objects);\n}",
        ),
    ]);
    assert_eq!(
        cycles(&graph),
        vec![vec![
            "engine/limits.rs".to_string(),
            "engine/yaml/mod.rs".to_string(),
            "engine/limits.rs".to_string(),
        ]]
    );
    let described = describe_loop(&graph, &cycles(&graph)[0]);
    assert!(
        described.contains("src/engine/yaml/mod.rs:2 imports src/engine/limits.rs (`crate::engine::limits::check`)"),
        "{described}"
    );
}

#[test]
fn a_loop_through_three_files_is_one_cycle_with_its_chain() {
    let graph = graph_of(&[
        ("ui/mod.rs", ""),
        ("ui/board.rs", "use super::cells::Cell;"),
        ("ui/cells.rs", "use super::state::State;"),
        ("ui/state.rs", "use super::board::Board;"),
        ("ui/app.rs", "use super::board::Board;"),
    ]);
    assert_eq!(
        cycles(&graph),
        vec![vec![
            "ui/board.rs".to_string(),
            "ui/cells.rs".to_string(),
            "ui/state.rs".to_string(),
            "ui/board.rs".to_string(),
        ]]
    );
}

#[test]
fn a_graph_whose_arrows_all_point_one_way_has_no_cycle() {
    let graph = graph_of(&[
        ("engine/mod.rs", ""),
        ("engine/quote.rs", ""),
        ("engine/yaml/mod.rs", "use crate::engine::quote::go_quote;"),
        ("engine/yaml/node.rs", "use crate::engine::quote::go_quote;"),
        (
            "engine/yaml/decode.rs",
            "use super::node::Node;\nuse crate::engine::quote::go_quote;",
        ),
    ]);
    assert_eq!(cycles(&graph), Vec::<Vec<String>>::new());
    assert!(upward_imports(&graph).is_empty());
}

#[test]
fn an_arrow_up_the_layer_order_is_reported_with_both_layers() {
    let graph = graph_of(&[
        ("engine/mod.rs", ""),
        ("engine/sim/mod.rs", ""),
        ("engine/sim/state.rs", "pub struct ClusterState;"),
        ("engine/scheduler/mod.rs", ""),
        ("engine/scheduler/resources.rs", ""),
        (
            "engine/yaml/defaults.rs",
            "use crate::engine::scheduler::resources::aggregate;",
        ),
        (
            "engine/controllers/daemonset/controller.rs",
            "use crate::engine::scheduler::resources::aggregate;\n\
             use crate::engine::sim::state::ClusterState;",
        ),
        ("ui/mod.rs", ""),
        ("engine/kubectl/mod.rs", "use crate::ui::render;"),
    ]);
    assert_eq!(
        upward_imports(&graph),
        vec![
            "src/engine/controllers/daemonset/controller.rs (controllers layer) imports src/engine/sim/state.rs (the sim layer) at line 2: `crate::engine::sim::state::ClusterState`",
            "src/engine/kubectl/mod.rs (views layer) imports src/ui/mod.rs (outside the engine) at line 1: `crate::ui::render`",
            "src/engine/yaml/defaults.rs (yaml layer) imports src/engine/scheduler/resources.rs (the scheduler layer) at line 1: `crate::engine::scheduler::resources::aggregate`",
        ]
    );
}

#[test]
fn a_folder_missing_from_the_layer_table_is_reported() {
    let graph = graph_of(&[
        ("engine/mod.rs", ""),
        ("engine/api/mod.rs", ""),
        ("engine/gadgets/mod.rs", ""),
        ("engine/widget.rs", ""),
        ("ui/mod.rs", ""),
    ]);
    assert_eq!(
        unplaced(&graph),
        vec!["src/engine/gadgets/mod.rs", "src/engine/widget.rs"]
    );
}

#[test]
fn imports_come_from_use_trees_and_inline_paths_not_comments_strings_or_tests() {
    let source = r##"//! See [`crate::engine::sim::Timeline`].
use std::collections::HashMap;
use crate::engine::{api::{self, Quantity as Q}, quote::*};
pub(crate) use super::node::{Node, Pos};
use decode::Ctx;

/* crate::engine::kubectl::view */
fn f(x: &'static str) -> char {
    let _ = "crate::engine::explain::why";
    let _ = r#"super::super::store::x"#;
    let _ = crate::engine::limits::MAX_NODES;
    let _ = super::super::sort::sort_by(x);
    '"'
}

#[cfg(test)]
mod tests {
    use crate::engine::sim::Simulation;
}

#[cfg(test)]
pub(crate) mod shared_tests {
    use crate::engine::kubectl::view;
}
"##;
    let graph = graph_of(&[
        ("engine/mod.rs", ""),
        ("engine/api/mod.rs", ""),
        ("engine/quote.rs", ""),
        ("engine/limits.rs", ""),
        ("engine/sort.rs", ""),
        ("engine/sim/mod.rs", ""),
        ("engine/kubectl.rs", ""),
        ("engine/explain.rs", ""),
        ("engine/yaml/mod.rs", ""),
        ("engine/yaml/node.rs", ""),
        ("engine/yaml/decode.rs", ""),
        ("engine/yaml/export.rs", source),
    ]);
    assert_eq!(
        imports_of(&graph, "engine/yaml/export.rs"),
        vec![
            "engine/api/mod.rs",
            "engine/limits.rs",
            "engine/quote.rs",
            "engine/sort.rs",
            "engine/yaml/node.rs",
        ]
    );
    assert_eq!(graph["engine/yaml/export.rs"]["engine/limits.rs"].line, 11);
}

#[test]
fn super_and_self_paths_resolve_from_the_importing_module() {
    let graph = graph_of(&[
        ("lib.rs", ""),
        (
            "cli/mod.rs",
            "pub fn load_file() {}\nuse self::simulate::run;",
        ),
        ("cli/simulate.rs", "fn run() { super::load_file(); }"),
        ("engine/mod.rs", ""),
        ("engine/sim/mod.rs", "pub use super::api::Quantity;"),
        ("engine/api/mod.rs", ""),
        ("bin/kubeplay.rs", "fn main() { kubeplay::cli::run(); }"),
    ]);
    assert_eq!(imports_of(&graph, "cli/simulate.rs"), vec!["cli/mod.rs"]);
    assert_eq!(imports_of(&graph, "cli/mod.rs"), vec!["cli/simulate.rs"]);
    assert_eq!(
        imports_of(&graph, "engine/sim/mod.rs"),
        vec!["engine/api/mod.rs"]
    );
    assert_eq!(imports_of(&graph, "bin/kubeplay.rs"), vec!["cli/mod.rs"]);
}

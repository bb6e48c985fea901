//! The page's URL parameters and what the page starts with.
//!
//! Parameters: `embed` (compact layout for an iframe), `editor=0|1`, `autoplay=0|1`,
//! `lang=en|zh`, `lesson=<id>` and `src=<relative url>` (a scenario file on the same site).
//! Startup precedence: a share link in the fragment (`#v1...`), then `src`, then `lesson`,
//! then saved work, then the default lesson; the embed options combine with any of them.
//!
//! A `src` is refused unless it is a relative URL ([`check_src`]); the file is fetched in
//! same-origin mode (so neither it nor a redirect can leave the site) and refused over
//! [`SRC_MAX_BYTES`]. A refusal explains itself and keeps the current work.

use web_sys::UrlSearchParams;
use yew::prelude::*;

use super::fetch::{fetch_text, FetchError};
use super::i18n::{trf, Lang};
use super::lessons;
use super::state::{Action, AppState};

/// The largest scenario file `?src=` loads, in bytes.
pub const SRC_MAX_BYTES: usize = 256 * 1024;

/// The longest `?src=` value accepted, in characters.
pub const SRC_MAX_LEN: usize = 512;

/// What the URL asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// The compact layout for an iframe (`?embed`).
    pub embed: bool,
    /// Show the YAML editor (`editor=0|1`; shown by default only outside embed mode).
    pub editor: bool,
    /// Play the loaded scenario from the start (`autoplay=0|1`); None: the default, which
    /// plays outside embed mode and shows the settled cluster in embed mode.
    pub autoplay: Option<bool>,
    /// The UI language (`lang=en|zh`), overriding the browser's.
    pub lang: Option<Lang>,
    /// A built-in lesson to load (`lesson=<id>`).
    pub lesson: Option<String>,
    /// A scenario file to load from the same site (`src=<relative url>`).
    pub src: Option<String>,
}

thread_local! {
    static PAGE_OPTIONS: PageOptions = PageOptions::from_location();
}

/// The options of this page's URL, read once.
pub fn page_options() -> PageOptions {
    PAGE_OPTIONS.with(PageOptions::clone)
}

/// Reads a boolean parameter: absent is None, a bare `?key` or any value but
/// `0`/`false`/`no`/`off` is true.
fn flag(value: Option<String>) -> Option<bool> {
    value.map(|v| {
        !matches!(
            v.to_ascii_lowercase().as_str(),
            "0" | "false" | "no" | "off"
        )
    })
}

impl PageOptions {
    /// The options from a parameter lookup (`get("embed")` is `Some("")` for a bare `?embed`).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> PageOptions {
        let embed = flag(get("embed")).unwrap_or(false);
        PageOptions {
            embed,
            editor: flag(get("editor")).unwrap_or(!embed),
            autoplay: flag(get("autoplay")),
            lang: get("lang").map(|tag| Lang::from_tag(&tag)),
            lesson: get("lesson").filter(|id| !id.is_empty()),
            src: get("src").filter(|src| !src.is_empty()),
        }
    }

    /// Reads the options of the current page's query string (see [`page_options`]).
    fn from_location() -> PageOptions {
        let search = gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default();
        match UrlSearchParams::new_with_str(&search) {
            Ok(params) => PageOptions::parse(|key| params.get(key)),
            Err(_) => PageOptions::default(),
        }
    }

    /// True when the URL names a scenario (`src` or `lesson`), which then wins over saved work.
    pub fn names_a_scenario(&self) -> bool {
        self.src.is_some() || self.lesson.is_some()
    }

    /// Whether a scenario loaded at startup plays from the start.
    pub fn plays(&self) -> bool {
        self.autoplay.unwrap_or(!self.embed)
    }

    /// The query string of the same page in the given layout, keeping `lang`, `lesson`,
    /// `src` and `autoplay` (used for "Open in kubeplay" and the embed snippet).
    pub fn query(&self, embed: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        if embed {
            parts.push("embed".into());
            if self.editor {
                parts.push("editor=1".into());
            }
        }
        if let Some(autoplay) = self.autoplay {
            parts.push(if autoplay { "autoplay=1" } else { "autoplay=0" }.into());
        }
        if let Some(lang) = self.lang {
            parts.push(format!(
                "lang={}",
                if lang == Lang::Zh { "zh" } else { "en" }
            ));
        }
        if let Some(src) = &self.src {
            parts.push(format!("src={}", encode(src)));
        } else if let Some(lesson) = &self.lesson {
            parts.push(format!("lesson={}", encode(lesson)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Percent-encodes a query value (unreserved characters and `/` stay as they are).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why a scenario could not be loaded at startup; the current work is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// `src` is not a relative URL on this site.
    SrcRefused(String),
    /// The file at `src` is over [`SRC_MAX_BYTES`].
    SrcTooLarge(String),
    /// The request failed (network error or HTTP status).
    SrcFailed(String, String),
    /// `lesson` names no built-in lesson.
    UnknownLesson(String),
}

impl Notice {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Notice::SrcRefused(src) => trf(lang, "src_refused", &[src]),
            Notice::SrcTooLarge(src) => trf(
                lang,
                "src_too_large",
                &[src, &(SRC_MAX_BYTES / 1024).to_string()],
            ),
            Notice::SrcFailed(src, why) => trf(lang, "src_failed", &[src, why]),
            Notice::UnknownLesson(id) => trf(lang, "unknown_lesson", &[id]),
        }
    }
}

/// Checks the text of a `src` before resolving it: only a relative reference (a path, with
/// no scheme, no `//host`, no backslash, no control or space characters) of at most
/// [`SRC_MAX_LEN`] characters is accepted.
pub fn check_src(src: &str) -> Result<(), Notice> {
    let refused = || Err(Notice::SrcRefused(src.chars().take(80).collect()));
    if src.is_empty() || src.chars().count() > SRC_MAX_LEN {
        return refused();
    }
    if src
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return refused();
    }
    if src.starts_with("//") {
        return refused();
    }
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`; a relative path can
    // only have a `:` after a `/`, `?` or `#`.
    let before_path = src.split(['/', '?', '#']).next().unwrap_or("");
    if before_path.contains(':') {
        return refused();
    }
    Ok(())
}

/// Fetches `src` once [`check_src`] accepts it, up to [`SRC_MAX_BYTES`].
async fn fetch_src(src: &str) -> Result<String, Notice> {
    check_src(src)?;
    fetch_text(src, SRC_MAX_BYTES)
        .await
        .map_err(|error| match error {
            FetchError::Failed(why) => Notice::SrcFailed(src.to_string(), why),
            FetchError::TooLarge => Notice::SrcTooLarge(src.to_string()),
        })
}

/// Starts the page as `options` ask: the language, then the scenario of `src` or `lesson`
/// (unless a share link in the fragment takes precedence); a failure calls `notice`.
pub fn start(
    options: &PageOptions,
    dispatcher: UseReducerDispatcher<AppState>,
    notice: Callback<Notice>,
) {
    if let Some(lang) = options.lang {
        dispatcher.dispatch(Action::SetLang(lang));
    }
    let shared = gloo::utils::window()
        .location()
        .hash()
        .is_ok_and(|h| h.starts_with("#v1"));
    if shared || !options.names_a_scenario() {
        return;
    }
    let play = options.plays();
    if let Some(src) = options.src.clone() {
        wasm_bindgen_futures::spawn_local(async move {
            match fetch_src(&src).await {
                Ok(text) => dispatcher.dispatch(Action::LoadText { text, play }),
                Err(n) => notice.emit(n),
            }
        });
    } else if let Some(id) = &options.lesson {
        match lessons::by_id(id) {
            Some(lesson) => super::lesson_fetch::open(lesson, play, dispatcher),
            None => notice.emit(Notice::UnknownLesson(id.chars().take(80).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> PageOptions {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (p.to_string(), String::new()),
            })
            .collect();
        PageOptions::parse(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn parameters_are_read_with_their_defaults() {
        let full = PageOptions {
            editor: true,
            ..PageOptions::default()
        };
        let cases = [
            ("no parameters: the full playground", "", full.clone()),
            (
                "a bare embed hides the editor",
                "?embed",
                PageOptions {
                    embed: true,
                    ..PageOptions::default()
                },
            ),
            (
                "embed with editor=1, autoplay, lang and lesson",
                "?embed&editor=1&autoplay=1&lang=zh&lesson=rolling-update",
                PageOptions {
                    embed: true,
                    editor: true,
                    autoplay: Some(true),
                    lang: Some(Lang::Zh),
                    lesson: Some("rolling-update".into()),
                    src: None,
                },
            ),
            (
                "embed=0 and editor=0 outside embed mode",
                "?embed=0&editor=0&autoplay=false&src=scenarios/a.yaml",
                PageOptions {
                    autoplay: Some(false),
                    src: Some("scenarios/a.yaml".into()),
                    ..PageOptions::default()
                },
            ),
            ("empty lesson and src are ignored", "?lesson=&src=", full),
        ];
        for (name, query, expected) in cases {
            assert_eq!(parse(query), expected, "{name}");
        }
    }

    #[test]
    fn autoplay_defaults_to_playing_outside_embed_mode_only() {
        let cases = [
            ("the full playground plays a lesson", "?lesson=x", true),
            (
                "an embed shows the settled cluster",
                "?embed&lesson=x",
                false,
            ),
            ("an embed with autoplay plays", "?embed&autoplay", true),
            ("autoplay=0 outside embed mode", "?autoplay=0", false),
        ];
        for (name, query, plays) in cases {
            assert_eq!(parse(query).plays(), plays, "{name}");
        }
    }

    #[test]
    fn the_query_round_trips_for_open_in_kubeplay_and_the_snippet() {
        let with_src = PageOptions {
            src: Some("my scenarios/a&b.yaml".into()),
            lesson: Some("x".into()),
            ..PageOptions::default()
        };
        let cases = [
            (
                "an embed opens as the full playground",
                parse("?embed&lesson=rolling-update&lang=zh"),
                false,
                "?lang=zh&lesson=rolling-update",
            ),
            (
                "the snippet keeps the editor and autoplay",
                parse("?lesson=max-surge&autoplay=1&editor=1"),
                true,
                "?embed&editor=1&autoplay=1&lesson=max-surge",
            ),
            (
                "src wins over lesson and is percent-encoded",
                with_src,
                false,
                "?src=my%20scenarios/a%26b.yaml",
            ),
            ("nothing to keep", parse("?embed"), false, ""),
        ];
        for (name, options, embed, expected) in cases {
            assert_eq!(options.query(embed), expected, "{name}");
        }
    }

    #[test]
    fn only_relative_sources_on_this_site_are_accepted() {
        let long = "a/".repeat(300);
        let cases: &[(&str, &str, bool)] = &[
            ("a relative file", "scenarios/rolling.yaml", true),
            ("a parent directory", "../scenarios/rolling.yaml", true),
            ("a root-relative path", "/docs/scenarios/a.yaml", true),
            ("a colon after the first slash", "scenarios/a:b.yaml", true),
            ("a query with a colon", "a.yaml?x=http://y", true),
            (
                "an absolute URL to another origin",
                "https://evil.example/a.yaml",
                false,
            ),
            ("a scheme-relative URL", "//evil.example/a.yaml", false),
            ("a javascript: URL", "javascript:alert(1)", false),
            ("a data: URL", "data:text/plain,kind: Node", false),
            ("a file: URL", "file:///etc/passwd", false),
            (
                "backslashes browsers read as slashes",
                "/\\evil.example/a.yaml",
                false,
            ),
            ("a tab inside the scheme", "ht\ttps://evil.example/", false),
            ("a leading space", " //evil.example/", false),
            ("an overlong value", &long, false),
        ];
        for (name, src, ok) in cases {
            let got = check_src(src);
            assert_eq!(got.is_ok(), *ok, "{name}: {got:?}");
        }
    }

    #[test]
    fn notices_explain_themselves_in_both_languages() {
        let cases = [
            (
                Notice::SrcRefused("//evil/a.yaml".into()),
                "Not loaded: “//evil/a.yaml” is not a relative URL on this site. Your current work is kept.",
            ),
            (
                Notice::SrcTooLarge("big.yaml".into()),
                "Not loaded: “big.yaml” is larger than 256 KB. Your current work is kept.",
            ),
            (
                Notice::SrcFailed("a.yaml".into(), "HTTP 404".into()),
                "Could not load “a.yaml” (HTTP 404). Your current work is kept.",
            ),
            (
                Notice::UnknownLesson("nope".into()),
                "There is no lesson “nope”. Your current work is kept.",
            ),
        ];
        for (notice, english) in cases {
            assert_eq!(notice.text(Lang::En), english);
            assert!(!notice.text(Lang::Zh).is_empty());
            assert_ne!(notice.text(Lang::Zh), english);
        }
    }
}

//! The playground's state: plain data, one [`Action`] enum and a reducer, shared through a
//! context. The reducer is tested natively by folding lists of actions.
//!
//! The YAML text is the single source of truth. Applying it asks the engine (a Web Worker,
//! see `super::engine`) to load and simulate it; the engine answers with the run's frames
//! ([`RunView`]), and then with the cluster of whichever frame the cursor is on
//! ([`ShownCluster`]). The time controls only move the cursor. Edits made on the board (add a
//! node, cordon, a new image version, ...) are written into the text by the engine and
//! applied again, so the editor and the board stay two views of one state.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::Lang;
use super::lessons::{self, LessonContent, LessonTexts};
use super::share::{ShareError, SharedState};
use super::shared_text::same_text;
use super::shown::ShownCluster;
use crate::protocol::{Applied, Diagnostic, FrameKind, FrameUpdate, RunView};

/// What the explain panel is about.
pub use crate::protocol::Selection;
/// The default scenario shown on first load: the tutorial's DaemonSet on a small cluster.
pub use crate::protocol::DEFAULT_SCENARIO;

/// Playback speeds offered by the time controls, in hundredths (virtual seconds per real
/// second × 100), with their labels.
pub const SPEEDS: &[(u32, &str)] = &[
    (25, "0.25×"),
    (50, "0.5×"),
    (100, "1×"),
    (200, "2×"),
    (500, "5×"),
    (1000, "10×"),
    (2000, "20×"),
];

/// The longest a stretch without events takes at 1× or faster, in real milliseconds: a
/// grace period, back-off or readiness delay plays faster so that playback never looks
/// frozen (at slower speeds the limit grows in proportion). The scrubber and every view keep
/// the simulated times.
pub const LONGEST_QUIET_MS: u64 = 1000;

/// A message shown above the panes until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A share link could not be opened; the work on screen was kept.
    BadLink(ShareError),
    /// The saved work could not be read; it was set aside (and can be discarded).
    BrokenSave(ShareError),
    /// A share link was made (the full URL) and copied to the clipboard when `copied`.
    Link {
        /// The full URL.
        url: String,
        /// Whether the clipboard took it.
        copied: bool,
    },
    /// A one-line message from the catalogue (its key).
    Info(&'static str),
    /// A lesson (its id) could not be fetched; the work on screen was kept.
    LessonFailed(&'static str),
    /// The engine stopped (what happened); a fresh one was started with the work kept.
    EngineRestarted(String),
}

/// A lesson being fetched, to be loaded when it arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fetching {
    /// The lesson's id.
    pub lesson: &'static str,
    /// Play it from the start (else show its settled cluster).
    pub play: bool,
}

/// What to show once an apply's run arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterApply {
    /// Play from the start.
    Play,
    /// Show the last frame, paused.
    Settle,
    /// Show the last frame at or before this virtual time and play on (a board edit).
    PlayFrom(u64),
    /// Show this frame (clamped), paused (a restored state).
    Frame(usize),
    /// The current run, applied again in a fresh engine: show this frame, paused, and keep
    /// the diagnostics of the text on screen.
    Restore(usize),
}

/// A text sent to the engine and not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingApply {
    /// The apply's number (newer applies have larger numbers).
    pub number: u64,
    /// The text.
    pub text: Rc<str>,
    /// What to show when it is applied.
    pub after: AfterApply,
    /// How far the engine has come: (virtual milliseconds simulated, frames).
    pub progress: Option<(u64, usize)>,
}

/// How the engine is doing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum EngineStatus {
    /// Being downloaded and started.
    #[default]
    Starting,
    /// Taking requests.
    Ready,
    /// It could not be started (what went wrong).
    Failed(String),
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The editor's text, exactly as the user typed it (never reset by an error); shared, so
    /// that an action does not copy a text of megabytes.
    pub text: Rc<str>,
    /// The text of the current run (the last one applied without errors).
    pub applied_text: Rc<str>,
    /// The current run's frames and histories.
    pub run: Rc<RunView>,
    /// The current run's number (0: none yet).
    pub run_id: u64,
    /// The cluster the board shows (of the current run once its first frame arrived).
    pub shown: Rc<ShownCluster>,
    /// The apply waiting for the engine, if any.
    pub pending: Option<PendingApply>,
    /// The number of the last apply asked for.
    pub applies: u64,
    /// How the engine is doing.
    pub engine: EngineStatus,
    /// False while a fresh engine has not been given the current run yet.
    pub engine_has_run: bool,
    /// Why the last board edit was refused (shown in the open form).
    pub edit_error: Option<String>,
    /// Diagnostics of the last apply (errors and warnings, with lines).
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// True when the last apply had errors, so the board still shows an older cluster.
    pub not_applied: bool,
    /// True when the editor text differs from what was last applied.
    pub dirty: bool,
    /// The UI language.
    pub lang: Lang,
    /// The frame of the timeline on screen.
    pub cursor: usize,
    /// The virtual time of the playhead in milliseconds (between frames while playing).
    pub playhead_ms: u64,
    /// True while playing.
    pub playing: bool,
    /// Playback speed in hundredths (100 = real time, 2000 = 20×).
    pub speed: u32,
    /// What the explain panel shows.
    pub selection: Option<Selection>,
    /// The node label the board groups by (empty: no grouping).
    pub group_by: String,
    /// Only nodes whose name or labels contain this text are shown.
    pub filter: String,
    /// The lesson last loaded (its id), if any.
    pub lesson: Option<&'static str>,
    /// That lesson's explanation and suggestion (None until a restored state's lesson has
    /// been fetched).
    pub lesson_texts: Option<Rc<LessonTexts>>,
    /// The lesson being fetched, if any.
    pub fetching: Option<Fetching>,
    /// The text as last loaded from a lesson (or the default): anything else is unsaved work.
    pub loaded_text: Rc<str>,
    /// The message shown above the panes, if any.
    pub notice: Option<Notice>,
}

/// The shared parts (run, shown cluster, diagnostics, texts) are replaced, never edited, so
/// they compare by identity: cheap on every dispatch, even for thousands of nodes.
impl PartialEq for AppState {
    fn eq(&self, other: &AppState) -> bool {
        same_text(&self.text, &other.text)
            && Rc::ptr_eq(&self.applied_text, &other.applied_text)
            && Rc::ptr_eq(&self.run, &other.run)
            && self.run_id == other.run_id
            && Rc::ptr_eq(&self.shown, &other.shown)
            && self.pending == other.pending
            && self.applies == other.applies
            && self.engine == other.engine
            && self.engine_has_run == other.engine_has_run
            && self.edit_error == other.edit_error
            && Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
            && self.not_applied == other.not_applied
            && self.dirty == other.dirty
            && self.lang == other.lang
            && self.cursor == other.cursor
            && self.playhead_ms == other.playhead_ms
            && self.playing == other.playing
            && self.speed == other.speed
            && self.selection == other.selection
            && self.group_by == other.group_by
            && self.filter == other.filter
            && self.lesson == other.lesson
            && self.lesson_texts == other.lesson_texts
            && self.fetching == other.fetching
            && Rc::ptr_eq(&self.loaded_text, &other.loaded_text)
            && self.notice == other.notice
    }
}

/// What can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// Load the editor's text into the engine; on errors keep the last good cluster.
    Apply,
    /// Switch the UI language.
    SetLang(Lang),
    /// Start playing from the cursor (from the start when at the end).
    Play,
    /// Stop playing.
    Pause,
    /// Real time passed while playing, in milliseconds.
    Tick(u64),
    /// Move one frame forward.
    StepEvent,
    /// Move forward to the next controller sync.
    StepSync,
    /// Show frame `i`.
    Seek(usize),
    /// Back to the first frame, paused.
    Rewind,
    /// Set the playback speed, in hundredths (kept between 25 and 2000).
    SetSpeed(u32),
    /// Show the explanation of a node or pod (None closes it).
    Select(Option<Selection>),
    /// Group the board by a node label (empty: no grouping).
    GroupBy(String),
    /// Filter the board's nodes.
    Filter(String),
    /// Replace the text with a lesson and apply it: played from the start when `play`, else
    /// shown settled at its last frame.
    LoadLesson {
        /// The lesson's scenario and texts.
        content: Rc<LessonContent>,
        /// Play from the start.
        play: bool,
    },
    /// A lesson is being fetched (the status says so); it is loaded when it arrives.
    FetchLesson(Fetching),
    /// A fetched lesson arrived: loaded if it is the one being fetched, else its texts join
    /// the restored state that names it.
    LessonArrived(Rc<LessonContent>),
    /// A lesson (its id) could not be fetched: a notice says so and the work is kept.
    LessonFailed(&'static str),
    /// Replace the text with a scenario loaded from elsewhere (`?src=`, a host page) and
    /// apply it: played from the start when `play`, else shown settled at its last frame.
    LoadText {
        /// The scenario YAML.
        text: String,
        /// Play from the start.
        play: bool,
    },
    /// Show the last frame at or before this virtual time in milliseconds, paused.
    SeekTime(u64),
    /// The engine wrote a board edit into the text: apply it, keeping the position on the
    /// timeline (the simulation continues from where the user was).
    Edited(String),
    /// The engine refused a board edit (why).
    EditRefused(String),
    /// The engine has started.
    EngineReady,
    /// The engine could not be started (why).
    EngineFailed(String),
    /// The engine stopped (why) and a fresh one was started: the current run is applied
    /// again; an apply under way is not asked again (it may be what stopped the engine).
    EngineRestarted(String),
    /// The engine was stopped in the middle of an apply that a newer one replaces, and a
    /// fresh one started for the newer apply.
    EngineSuperseded,
    /// How far apply `number` has come: (virtual milliseconds simulated, frames).
    Progress {
        /// The apply.
        number: u64,
        /// Virtual milliseconds simulated.
        simulated_ms: u64,
        /// Frames recorded.
        frames: usize,
    },
    /// The engine answered apply `number`.
    Applied {
        /// The apply.
        number: u64,
        /// The answer.
        applied: Box<Applied>,
    },
    /// The engine sent the cluster of a frame of run `run`.
    Shown {
        /// The run.
        run: u64,
        /// The frame's views.
        update: Box<FrameUpdate>,
    },
    /// Replace the whole state with a shared or saved one, paused at its frame.
    Restore(Box<SharedState>),
    /// Show a notice (None dismisses it).
    SetNotice(Option<Notice>),
    /// Back to the default lesson with no grouping, filter or selection (keeps the language).
    Reset,
}

impl AppState {
    /// True when the editor holds work that loading a lesson would replace.
    pub fn has_unsaved_work(&self) -> bool {
        !same_text(&self.text, &self.loaded_text)
    }

    /// The state for a given editor text, asked to be applied and shown settled at the end
    /// of its timeline.
    pub fn with_text(text: &str) -> AppState {
        AppState::unapplied(text).apply(AfterApply::Settle)
    }

    /// A state that starts over from `text` (a reset, a restored state) on the same engine:
    /// the engine's status and the count of applies carry over, so that an answer to an
    /// older apply never passes for this one's.
    fn starting_over(&self, text: &str) -> AppState {
        let mut next = AppState::unapplied(text);
        next.applies = self.applies;
        next.engine = self.engine.clone();
        next.engine_has_run = self.engine_has_run;
        next.apply(AfterApply::Settle)
    }

    /// The state for `text`, not asked to be applied yet.
    fn unapplied(text: &str) -> AppState {
        AppState {
            text: Rc::from(text),
            applied_text: Rc::from(""),
            run: Rc::new(RunView::default()),
            run_id: 0,
            shown: Rc::new(ShownCluster::default()),
            pending: None,
            applies: 0,
            engine: EngineStatus::Starting,
            engine_has_run: true,
            edit_error: None,
            diagnostics: Rc::new(Vec::new()),
            not_applied: false,
            dirty: true,
            lang: Lang::default(),
            cursor: 0,
            playhead_ms: 0,
            playing: false,
            speed: 100,
            selection: None,
            group_by: String::new(),
            filter: String::new(),
            lesson: None,
            lesson_texts: None,
            fetching: None,
            loaded_text: Rc::from(text),
            notice: None,
        }
    }

    /// What a share link or the saved work carries for this state.
    pub fn to_shared(&self) -> SharedState {
        SharedState {
            yaml: Rc::clone(&self.text),
            frame: Some(self.cursor),
            lang: self.lang.tag().to_owned(),
            lesson: self.lesson.unwrap_or_default().to_owned(),
            group_by: self.group_by.clone(),
            filter: self.filter.clone(),
            selection: match &self.selection {
                Some(Selection::Node(name)) => format!("node:{name}"),
                Some(Selection::Pod(key)) => format!("pod:{key}"),
                None => String::new(),
            },
            speed: self.speed,
        }
    }

    /// The state a shared or saved state describes (the language is kept when it has none).
    fn restored(&self, shared: &SharedState) -> AppState {
        let mut next = self.starting_over(&shared.yaml);
        next.lang = super::share::lang_of(shared).unwrap_or(self.lang);
        next.lesson = lessons::by_id(&shared.lesson).map(|l| l.id);
        // The lesson's scenario and texts: built in, or fetched for the state (by
        // `lesson_fetch::restore`); until then the text counts as unsaved work.
        next.loaded_text = Rc::from("");
        if next
            .lesson
            .and_then(lessons::by_id)
            .is_some_and(|l| l.is_built_in())
        {
            next.attach_lesson(&lessons::built_in());
        }
        next.group_by = shared.group_by.clone();
        next.filter = shared.filter.clone();
        next.selection = if let Some(name) = shared.selection.strip_prefix("node:") {
            Some(Selection::Node(name.to_owned()))
        } else {
            shared
                .selection
                .strip_prefix("pod:")
                .map(|key| Selection::Pod(key.to_owned()))
        };
        if shared.speed != 0 {
            next.speed = shared.speed.clamp(25, 2000);
        }
        let frame = shared.frame.unwrap_or(usize::MAX);
        if let Some(pending) = &mut next.pending {
            pending.after = AfterApply::Frame(frame);
        }
        next
    }

    /// The virtual time of the cursor's frame.
    pub fn cursor_time(&self) -> u64 {
        self.run.frames.get(self.cursor).map_or(0, |f| f.time_ms)
    }

    /// How fast the playhead moves now, in hundredths: the chosen speed, or faster while
    /// the stretch to the next frame would take more than [`LONGEST_QUIET_MS`] of real
    /// time (scaled up for speeds below 1×), so that it takes exactly that.
    pub fn playback_speed(&self) -> u64 {
        let speed = u64::from(self.speed.max(1));
        let frames = &self.run.frames;
        let gap = match (frames.get(self.cursor), frames.get(self.cursor + 1)) {
            (Some(now), Some(next)) => next.time_ms.saturating_sub(now.time_ms),
            _ => 0,
        };
        let longest_real = LONGEST_QUIET_MS * (100 / speed).max(1);
        let covered = longest_real * speed / 100;
        if gap > covered {
            gap * 100 / longest_real
        } else {
            speed
        }
    }

    /// The index of the last frame.
    pub fn last_frame(&self) -> usize {
        self.run.frames.len().saturating_sub(1)
    }

    /// True while the engine works on an apply.
    pub fn is_applying(&self) -> bool {
        self.pending.is_some()
    }

    /// True when the page shows what the engine has answered for the time controls: a run,
    /// the cursor's frame, and no apply under way.
    pub fn is_synced(&self) -> bool {
        self.run_id != 0 && self.frame_wanted().is_none() && !self.is_applying()
    }

    /// The frame the board should show and the frame it shows, when they differ and the
    /// run has arrived: what `super::app` asks the engine for next.
    pub fn frame_wanted(&self) -> Option<(usize, Option<usize>)> {
        if self.run_id == 0 {
            return None;
        }
        let since = (self.shown.run == self.run_id).then_some(self.shown.frame);
        (since != Some(self.cursor)).then_some((self.cursor, since))
    }

    /// Asks for the text to be applied (the engine answers with [`Action::Applied`]); a newer
    /// apply replaces one that has not been answered yet.
    fn apply(mut self, after: AfterApply) -> AppState {
        self.applies += 1;
        self.pending = Some(PendingApply {
            number: self.applies,
            text: Rc::clone(&self.text),
            after,
            progress: None,
        });
        self.dirty = false;
        self
    }

    /// Takes the engine's answer to an apply.
    fn applied(mut self, number: u64, applied: Applied) -> AppState {
        let Some(pending) = self.pending.take_if(|p| p.number == number) else {
            return self;
        };
        if !matches!(pending.after, AfterApply::Restore(_)) {
            self.not_applied = applied.run.is_none();
            self.diagnostics = Rc::new(applied.diagnostics);
        }
        let Some(run) = applied.run else {
            self.playing = false;
            if !self.engine_has_run && self.run_id != 0 {
                self.restore_run();
            }
            return self;
        };
        self.engine_has_run = true;
        self.applied_text = Rc::clone(&pending.text);
        self.edit_error = None;
        self.run = Rc::new(run);
        self.run_id = number;
        self.cursor = 0;
        self.playhead_ms = 0;
        match pending.after {
            AfterApply::Play => self.playing = self.last_frame() > 0,
            AfterApply::Settle => {
                self.seek(self.last_frame());
                self.playing = false;
            }
            AfterApply::PlayFrom(at) => {
                let target = self.frame_at_or_before(at);
                self.seek(target);
                self.playing = true;
            }
            AfterApply::Frame(frame) | AfterApply::Restore(frame) => {
                self.seek(frame);
                self.playing = false;
            }
        }
        self
    }

    /// Asks for the current run to be applied again (a fresh engine has none), at the
    /// frame on screen.
    fn restore_run(&mut self) {
        self.applies += 1;
        self.pending = Some(PendingApply {
            number: self.applies,
            text: Rc::clone(&self.applied_text),
            after: AfterApply::Restore(self.cursor),
            progress: None,
        });
    }

    /// Replaces the text with a lesson and applies it (see [`Action::LoadLesson`]).
    fn load_lesson(mut self, content: &LessonContent, play: bool) -> AppState {
        self.text = Rc::from(content.yaml.as_str());
        self.loaded_text = Rc::clone(&self.text);
        self.lesson = Some(content.lesson.id);
        self.lesson_texts = Some(Rc::new(content.texts.clone()));
        self.selection = None;
        self.fetching = None;
        self.playing = false;
        self.apply(if play {
            AfterApply::Play
        } else {
            AfterApply::Settle
        })
    }

    /// Takes the texts of the lesson the state names, and its scenario as the text that is
    /// not unsaved work.
    fn attach_lesson(&mut self, content: &LessonContent) {
        self.loaded_text = Rc::from(content.yaml.as_str());
        self.lesson_texts = Some(Rc::new(content.texts.clone()));
    }

    /// The last frame at or before virtual time `ms`.
    fn frame_at_or_before(&self, ms: u64) -> usize {
        self.run
            .frames
            .iter()
            .rposition(|f| f.time_ms <= ms)
            .unwrap_or(0)
    }

    fn seek(&mut self, index: usize) {
        self.cursor = index.min(self.last_frame());
        self.playhead_ms = self.cursor_time();
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::with_text(DEFAULT_SCENARIO)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.dirty = *next.text != *text || next.dirty;
                next.text = Rc::from(text);
            }
            Action::Apply => next = next.apply(AfterApply::Play),
            Action::SetLang(lang) => next.lang = lang,
            Action::Play => {
                if next.cursor >= next.last_frame() {
                    next.seek(0);
                }
                next.playing = next.last_frame() > 0;
            }
            Action::Pause => next.playing = false,
            Action::Tick(real_ms) => {
                if !next.playing {
                    return self;
                }
                next.playhead_ms += real_ms * next.playback_speed() / 100;
                next.cursor = next.frame_at_or_before(next.playhead_ms).max(next.cursor);
                if next.cursor >= next.last_frame() {
                    next.playing = false;
                }
            }
            Action::StepEvent => {
                next.playing = false;
                let target = next.cursor + 1;
                next.seek(target);
            }
            Action::StepSync => {
                next.playing = false;
                let from = next.cursor + 1;
                let target = next.run.frames[from.min(next.run.frames.len())..]
                    .iter()
                    .position(|f| f.kind == FrameKind::Sync)
                    .map_or(next.last_frame(), |i| from + i);
                next.seek(target);
            }
            Action::Seek(index) => {
                next.playing = false;
                next.seek(index);
            }
            Action::Rewind => {
                next.playing = false;
                next.seek(0);
            }
            Action::SetSpeed(speed) => next.speed = speed.clamp(25, 2000),
            Action::Select(selection) => next.selection = selection,
            Action::GroupBy(label) => next.group_by = label,
            Action::Filter(text) => next.filter = text,
            Action::LoadLesson { content, play } => next = next.load_lesson(&content, play),
            Action::FetchLesson(fetching) => next.fetching = Some(fetching),
            Action::LessonArrived(content) => {
                let id = content.lesson.id;
                match next.fetching {
                    Some(fetching) if fetching.lesson == id => {
                        next = next.load_lesson(&content, fetching.play)
                    }
                    _ if next.lesson == Some(id) && next.lesson_texts.is_none() => {
                        next.attach_lesson(&content)
                    }
                    _ => return self,
                }
            }
            Action::LessonFailed(id) => {
                if next.fetching.is_some_and(|f| f.lesson == id) {
                    next.fetching = None;
                }
                next.notice = Some(Notice::LessonFailed(id));
            }
            Action::LoadText { text, play } => {
                next.fetching = None;
                next.loaded_text = Rc::from(text.as_str());
                next.text = Rc::from(text);
                next.lesson = None;
                next.selection = None;
                next.playing = false;
                next = next.apply(if play {
                    AfterApply::Play
                } else {
                    AfterApply::Settle
                });
            }
            Action::SeekTime(ms) => {
                next.playing = false;
                let target = next.frame_at_or_before(ms);
                next.seek(target);
            }
            Action::Edited(text) => {
                let at = next.cursor_time();
                next.text = Rc::from(text);
                next.edit_error = None;
                next = next.apply(AfterApply::PlayFrom(at));
            }
            Action::EditRefused(message) => next.edit_error = Some(message),
            Action::EngineReady => next.engine = EngineStatus::Ready,
            Action::EngineFailed(message) => {
                next.engine = EngineStatus::Failed(message);
                next.playing = false;
                // No fresh engine is coming: the status line says so, not the notice.
                if matches!(next.notice, Some(Notice::EngineRestarted(_))) {
                    next.notice = None;
                }
            }
            Action::EngineRestarted(message) => {
                next.notice = Some(Notice::EngineRestarted(message));
                next.playing = false;
                next.engine = EngineStatus::Starting;
                next.engine_has_run = false;
                // The fresh engine has no run: the current one is applied again at the same
                // frame (the board keeps the last good cluster meanwhile); an apply that was
                // under way is not retried (it may be what failed).
                if next.run_id != 0 {
                    next.restore_run();
                } else {
                    next.pending = None;
                }
            }
            Action::EngineSuperseded => {
                // The newest apply goes to the fresh engine; should its text have errors, the
                // current run follows it (see `applied`).
                next.engine = EngineStatus::Starting;
                next.engine_has_run = false;
            }
            Action::Progress {
                number,
                simulated_ms,
                frames,
            } => match &mut next.pending {
                Some(p) if p.number == number => p.progress = Some((simulated_ms, frames)),
                _ => return self,
            },
            Action::Applied { number, applied } => {
                if next.pending.as_ref().map(|p| p.number) != Some(number) {
                    return self;
                }
                next = next.applied(number, *applied)
            }
            Action::Shown { run, update } => {
                if run != next.run_id {
                    return self;
                }
                next.shown = Rc::new(next.shown.updated(run, *update));
            }
            Action::Restore(shared) => next = next.restored(&shared),
            Action::SetNotice(notice) => next.notice = notice,
            Action::Reset => {
                let lang = next.lang;
                next = next.starting_over(DEFAULT_SCENARIO);
                next.lang = lang;
            }
        }
        Rc::new(next)
    }
}

/// The state as components receive it from the context.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::protocol::{Request, Response};
    use crate::worker::session::Session;

    thread_local! {
        /// The engine of the test (each test runs on its own thread).
        static ENGINE: RefCell<Session> = RefCell::new(Session::new());
    }

    /// Answers what the state waits for (applies, then the frame on screen), as the engine
    /// worker would, until it waits for nothing.
    fn settle(mut state: Rc<AppState>) -> Rc<AppState> {
        ENGINE.with_borrow_mut(|engine| loop {
            if let Some(pending) = state.pending.clone() {
                let request = Request::Apply {
                    text: pending.text.to_string(),
                };
                let Response::Applied(applied) = engine.handle(request, &mut |_| {}) else {
                    panic!("an apply is answered by Applied");
                };
                state = Reducible::reduce(
                    state,
                    Action::Applied {
                        number: pending.number,
                        applied: Box::new(applied),
                    },
                );
            } else if let Some((frame, since)) = state.frame_wanted() {
                let Response::Frame(update) =
                    engine.handle(Request::Show { frame, since }, &mut |_| {})
                else {
                    panic!("a show is answered by Frame");
                };
                let run = state.run_id;
                state = Reducible::reduce(
                    state,
                    Action::Shown {
                        run,
                        update: Box::new(update),
                    },
                );
            } else {
                return state;
            }
        })
    }

    /// Reduces and lets the engine answer.
    trait Then {
        fn then(self, action: Action) -> Rc<AppState>;
    }

    impl Then for Rc<AppState> {
        fn then(self, action: Action) -> Rc<AppState> {
            settle(Reducible::reduce(self, action))
        }
    }

    fn fold(actions: Vec<Action>) -> Rc<AppState> {
        actions
            .into_iter()
            .fold(settle(Rc::new(AppState::default())), Then::then)
    }

    /// The lesson `id` as the page fetches it.
    fn content(id: &str) -> Rc<LessonContent> {
        Rc::new(lessons::from_disk(id))
    }

    /// Loads lesson `id` to play.
    fn load(id: &str) -> Action {
        Action::LoadLesson {
            content: content(id),
            play: true,
        }
    }

    fn node_names(state: &AppState) -> Vec<String> {
        state.shown.nodes.keys().cloned().collect()
    }

    #[test]
    fn the_default_scenario_applies_with_four_nodes_and_no_diagnostics() {
        let state = fold(vec![]);
        assert_eq!(
            node_names(&state),
            ["control-plane", "worker-1", "worker-2", "worker-3"]
        );
        assert!(state.diagnostics.is_empty(), "{:?}", state.diagnostics);
        assert!(!state.not_applied && !state.dirty);
        assert_eq!(
            state.cursor,
            state.last_frame(),
            "first load shows the settled cluster"
        );
        assert!(state.last_frame() > 0);
    }

    #[test]
    fn a_restarted_engine_applies_the_current_run_again_and_the_board_keeps_its_cluster() {
        let state = fold(vec![Action::Seek(3)]);
        let (board, run) = (Rc::clone(&state.shown), state.run_id);
        let edited = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
        let state = state.then(Action::Edit(edited.into()));
        let restarted = Rc::clone(&state).reduce(Action::EngineRestarted("it stopped".into()));
        assert_eq!(
            restarted.notice,
            Some(Notice::EngineRestarted("it stopped".into()))
        );
        assert!(
            Rc::ptr_eq(&restarted.shown, &board),
            "the last good board stays"
        );
        let pending = restarted
            .pending
            .clone()
            .expect("the current run is applied again");
        assert!(same_text(&pending.text, &state.applied_text));
        assert_eq!(pending.after, AfterApply::Restore(3));
        assert_eq!(&*restarted.text, edited, "the editor's text is kept");
        let settled = settle(restarted);
        assert!(settled.run_id > run);
        assert_eq!((settled.cursor, settled.shown.frame), (3, 3));
        let failed = settled.then(Action::EngineFailed("no wasm".into()));
        assert_eq!(failed.engine, EngineStatus::Failed("no wasm".into()));
        assert_eq!(
            failed.notice, None,
            "the status line says it, not the notice"
        );
    }

    #[test]
    fn after_a_superseding_engine_a_text_with_errors_is_followed_by_the_current_run() {
        let state = fold(vec![Action::Seek(2)]);
        let run = state.run_id;
        let broken = "kind: Node\nmetadata:\n  name: [oops\n";
        let state = Rc::clone(&state)
            .reduce(Action::Edit(broken.into()))
            .reduce(Action::Apply)
            .reduce(Action::EngineSuperseded);
        assert!(!state.engine_has_run);
        // A fresh engine (the test's, too) has no run before the text with errors.
        ENGINE.with_borrow_mut(|engine| *engine = Session::new());
        let state = settle(state);
        assert!(state.not_applied, "the text's errors stay on screen");
        assert!(!state.diagnostics.is_empty());
        assert!(state.run_id > run, "the current run was applied again");
        assert!(state.engine_has_run);
        assert_eq!((state.cursor, state.shown.frame), (2, 2));
        assert_eq!(&*state.text, broken);
    }

    #[test]
    fn an_answer_to_a_superseded_apply_changes_nothing() {
        let state = fold(vec![]);
        let first =
            Rc::clone(&state).reduce(Action::Edit("kind: Node\nmetadata:\n  name: a\n".into()));
        let first = first.reduce(Action::Apply);
        let number = first.pending.as_ref().expect("pending").number;
        let second = first.reduce(Action::Apply);
        let stale = Rc::clone(&second).reduce(Action::Applied {
            number,
            applied: Box::new(Applied {
                diagnostics: Vec::new(),
                run: Some(RunView::default()),
            }),
        });
        assert!(Rc::ptr_eq(&stale, &second));
    }

    #[test]
    fn a_broken_edit_keeps_the_text_and_the_last_good_cluster() {
        let broken = "apiVersion: v1\nkind: Node\nmetadata:\n  name: [unclosed\n";
        let state = fold(vec![Action::Edit(broken.into()), Action::Apply]);
        assert_eq!(&*state.text, broken);
        assert!(state.not_applied);
        assert_eq!(node_names(&state).len(), 4);
        assert!(!state.diagnostics.is_empty());
        assert!(!state.playing);
    }

    #[test]
    fn a_good_edit_replaces_the_cluster_after_apply_only_and_plays_from_the_start() {
        let one = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
        let edited = fold(vec![Action::Edit(one.into())]);
        assert!(edited.dirty);
        assert!(edited.is_synced());
        let asked = Rc::clone(&edited).reduce(Action::Apply);
        assert!(!asked.is_synced(), "the engine has not answered yet");
        assert_eq!(node_names(&edited).len(), 4);
        let applied = edited.then(Action::Apply);
        assert_eq!(
            node_names(&applied.clone().then(Action::Seek(usize::MAX))),
            ["solo"]
        );
        assert!(!applied.not_applied && !applied.dirty);
        assert_eq!(applied.cursor, 0);
    }

    #[test]
    fn playing_moves_the_cursor_with_virtual_time_and_stops_at_the_end() {
        let mut state = fold(vec![Action::Rewind, Action::SetSpeed(2000), Action::Play]);
        assert!(state.playing);
        let mut cursors = vec![state.cursor];
        for _ in 0..10_000 {
            if !state.playing {
                break;
            }
            state = state.then(Action::Tick(100));
            cursors.push(state.cursor);
        }
        assert!(!state.playing);
        assert_eq!(state.cursor, state.last_frame());
        assert!(
            cursors.windows(2).all(|w| w[0] <= w[1]),
            "the cursor never moves back"
        );
    }

    #[test]
    fn a_quiet_stretch_plays_in_at_most_a_second_at_one_times_speed_and_slower_speeds_stretch_it() {
        let mut state = (*fold(vec![Action::Rewind, Action::SetSpeed(100)])).clone();
        state.run = Rc::new(RunView {
            frames: [0, 500, 30_500, 31_000]
                .iter()
                .map(|&time_ms| crate::protocol::FrameInfo {
                    time_ms,
                    time: String::new(),
                    kind: FrameKind::Event,
                    title: String::new(),
                })
                .collect(),
            ..(*state.run).clone()
        });
        // Half a second to the next frame: real time.
        assert_eq!(state.playback_speed(), 100);
        // Thirty seconds to the next frame (a grace period): played in one second.
        state.cursor = 1;
        state.playhead_ms = 500;
        assert_eq!(state.playback_speed(), 3000);
        let mut playing = Rc::new(state.clone()).then(Action::Play);
        for _ in 0..10 {
            playing = playing.then(Action::Tick(100));
        }
        assert_eq!(
            playing.cursor, 2,
            "the stretch is over after ten ticks of 100 ms"
        );
        // At 0.25× the limit is four seconds.
        state.speed = 25;
        assert_eq!(state.playback_speed(), 30_000 * 100 / 4000);
        // At 20× it would take 1.5 s: it is played in one second too, while the half-second
        // stretch before it plays at 20×.
        state.speed = 2000;
        assert_eq!(state.playback_speed(), 3000);
        state.cursor = 0;
        assert_eq!(state.playback_speed(), 2000);
    }

    #[test]
    fn stepping_and_seeking_pause_and_stay_within_the_timeline() {
        let state = fold(vec![Action::Play, Action::Seek(usize::MAX)]);
        assert!(!state.playing);
        assert_eq!(state.cursor, state.last_frame());
        let state = state.then(Action::StepEvent);
        assert_eq!(state.cursor, state.last_frame());
        let state = state.then(Action::Rewind).then(Action::StepEvent);
        assert_eq!(state.cursor, 1);
        let synced = state.then(Action::StepSync);
        let frame = synced.run.frames.get(synced.cursor).expect("a frame");
        assert!(synced.cursor > 1);
        assert!(frame.kind == FrameKind::Sync || synced.cursor == synced.last_frame());
    }

    #[test]
    fn loading_a_lesson_replaces_the_text_and_plays_it() {
        let state = fold(vec![load("rolling-update")]);
        assert_eq!(state.lesson, Some("rolling-update"));
        assert!(state.text.contains("kind: Scenario"));
        assert!(state.playing && state.cursor == 0 && !state.has_unsaved_work());
        let texts = state.lesson_texts.as_ref().expect("the lesson's texts");
        assert!(texts.explanation(Lang::En).contains("one node at a time"));
        let edited = state.then(Action::Edit("x: 1\n".into()));
        assert!(edited.has_unsaved_work());
    }

    #[test]
    fn a_fetched_lesson_is_loaded_when_it_arrives_as_it_was_asked_for() {
        let fetching = fold(vec![Action::FetchLesson(Fetching {
            lesson: "rolling-update",
            play: false,
        })]);
        assert_eq!(
            &*fetching.text, DEFAULT_SCENARIO,
            "the work stays until it arrives"
        );
        let loaded = fetching.then(Action::LessonArrived(content("rolling-update")));
        assert_eq!(loaded.lesson, Some("rolling-update"));
        assert_eq!(&*loaded.text, &*content("rolling-update").yaml);
        assert_eq!(loaded.fetching, None);
        assert!(!loaded.playing && loaded.cursor == loaded.last_frame());
        assert!(loaded.lesson_texts.is_some() && !loaded.has_unsaved_work());
    }

    #[test]
    fn a_lesson_that_arrives_unasked_changes_nothing() {
        let state = fold(vec![Action::Edit("x: 1\n".into())]);
        let after = Rc::clone(&state).then(Action::LessonArrived(content("node-selector")));
        assert!(Rc::ptr_eq(&state, &after));
    }

    #[test]
    fn a_lesson_that_cannot_be_fetched_keeps_the_work_and_says_so() {
        let state = fold(vec![
            Action::Edit("x: 1\n".into()),
            Action::FetchLesson(Fetching {
                lesson: "max-surge",
                play: true,
            }),
            Action::LessonFailed("max-surge"),
        ]);
        assert_eq!(&*state.text, "x: 1\n");
        assert_eq!(state.fetching, None);
        assert_eq!(state.lesson, None);
        assert_eq!(state.notice, Some(Notice::LessonFailed("max-surge")));
    }

    #[test]
    fn loading_a_text_applies_it_and_plays_only_when_asked() {
        let one = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
        let broken = "apiVersion: v1\nkind: Node\nmetadata:\n  name: [unclosed\n";
        // (case, text, play, nodes shown, playing, at the last frame, not applied)
        type Case = (
            &'static str,
            &'static str,
            bool,
            &'static [&'static str],
            bool,
            bool,
            bool,
        );
        let cases: &[Case] = &[
            (
                "a text loaded to play starts from the first frame",
                one,
                true,
                &["solo"],
                true,
                false,
                false,
            ),
            (
                "a text loaded without play shows its settled cluster",
                one,
                false,
                &["solo"],
                false,
                true,
                false,
            ),
            (
                "a broken text keeps the last good cluster and does not play",
                broken,
                true,
                &["control-plane", "worker-1", "worker-2", "worker-3"],
                false,
                false,
                true,
            ),
        ];
        for &(name, text, play, nodes, playing, at_end, not_applied) in cases {
            let state = fold(vec![
                load("rolling-update"),
                Action::LoadText {
                    text: text.into(),
                    play,
                },
            ]);
            let settled = state.clone().then(Action::Seek(usize::MAX));
            assert_eq!(node_names(&settled), nodes, "{name}");
            assert_eq!(&*state.text, text, "{name}");
            assert_eq!(state.playing, playing, "{name}");
            assert_eq!(state.cursor == state.last_frame(), at_end, "{name}");
            assert_eq!(state.not_applied, not_applied, "{name}");
            assert_eq!(state.lesson, None, "{name}");
            assert!(
                !state.has_unsaved_work(),
                "{name}: a loaded text is not unsaved work"
            );
        }
    }

    #[test]
    fn seeking_a_time_shows_the_last_frame_at_or_before_it_paused() {
        let state = fold(vec![load("rolling-update")]);
        let times: Vec<u64> = state.run.frames.iter().map(|f| f.time_ms).collect();
        let end = *times.last().expect("frames");
        let middle = times[times.len() / 2];
        let cases = [
            ("time zero shows the first frame", 0, 0),
            (
                "a time past the end shows the last frame",
                end + 1_000_000,
                end,
            ),
            ("a frame's own time shows that time", middle, middle),
            (
                "a time between frames shows the earlier one",
                middle + 1,
                middle,
            ),
        ];
        for (name, ms, expected) in cases {
            let seeked = state.clone().then(Action::SeekTime(ms));
            assert!(!seeked.playing, "{name}");
            assert_eq!(seeked.cursor_time(), expected, "{name}");
            assert_eq!(seeked.playhead_ms, expected, "{name}");
        }
    }

    #[test]
    fn speed_is_kept_between_a_quarter_and_twenty_times() {
        assert_eq!(fold(vec![Action::SetSpeed(10_000)]).speed, 2000);
        assert_eq!(fold(vec![Action::SetSpeed(1)]).speed, 25);
    }

    #[test]
    fn a_shared_state_restores_the_text_position_language_and_layout() {
        let state = fold(vec![
            load("rolling-update"),
            Action::SetLang(Lang::Zh),
            Action::Seek(5),
            Action::GroupBy("topology.kubernetes.io/zone".into()),
            Action::Filter("worker".into()),
            Action::Select(Some(Selection::Node("worker-2".into()))),
            Action::SetSpeed(500),
        ]);
        let shared = state.to_shared();
        assert_eq!(shared.frame, Some(5));
        assert_eq!(shared.selection, "node:worker-2");
        let restored = fold(vec![Action::Restore(Box::new(shared))]);
        assert_eq!(restored.text, state.text);
        assert_eq!(restored.cursor, 5);
        assert_eq!(restored.lang, Lang::Zh);
        assert_eq!(restored.lesson, Some("rolling-update"));
        assert_eq!(restored.group_by, "topology.kubernetes.io/zone");
        assert_eq!(restored.filter, "worker");
        assert_eq!(restored.selection, Some(Selection::Node("worker-2".into())));
        assert_eq!(restored.speed, 500);
        assert!(!restored.playing);
        assert!(
            restored.lesson_texts.is_none() && restored.has_unsaved_work(),
            "the lesson's texts and scenario are fetched for the restored state"
        );
        let restored = restored.then(Action::LessonArrived(content("rolling-update")));
        assert!(restored.lesson_texts.is_some() && !restored.has_unsaved_work());
        assert_eq!(
            (restored.text.clone(), restored.cursor),
            (state.text.clone(), 5)
        );
        assert_eq!(restored.shown.nodes, state.shown.nodes);
    }

    #[test]
    fn restoring_without_a_frame_shows_the_end_and_an_edited_lesson_is_unsaved_work() {
        let shared = SharedState {
            yaml: "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n".into(),
            lesson: "node-selector".into(),
            selection: "pod:default/p".into(),
            ..SharedState::default()
        };
        let restored = fold(vec![
            Action::SetLang(Lang::Zh),
            Action::Restore(Box::new(shared)),
        ]);
        assert_eq!(node_names(&restored), ["solo"]);
        assert_eq!(restored.cursor, restored.last_frame());
        assert_eq!(
            restored.lang,
            Lang::Zh,
            "no language in the link keeps the current one"
        );
        assert_eq!(restored.selection, Some(Selection::Pod("default/p".into())));
        assert!(restored.has_unsaved_work());
    }

    #[test]
    fn a_restored_default_lesson_has_its_texts_at_once() {
        let shared = SharedState {
            yaml: DEFAULT_SCENARIO.into(),
            lesson: "default".into(),
            ..SharedState::default()
        };
        let restored = fold(vec![Action::Restore(Box::new(shared))]);
        assert_eq!(restored.lesson, Some("default"));
        assert!(restored.lesson_texts.is_some() && !restored.has_unsaved_work());
    }

    #[test]
    fn reset_restores_the_default_and_keeps_the_language() {
        let state = fold(vec![
            Action::SetLang(Lang::Zh),
            load("preemption"),
            Action::Filter("x".into()),
            Action::SetNotice(Some(Notice::Info("link_copied"))),
            Action::Reset,
        ]);
        assert_eq!(&*state.text, DEFAULT_SCENARIO);
        assert_eq!(
            (state.lang, state.lesson, state.filter.as_str()),
            (Lang::Zh, None, "")
        );
        assert_eq!(state.notice, None);
    }
}

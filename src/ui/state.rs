//! The playground's state: plain data, one [`Action`] enum and a reducer, shared through a
//! context. The reducer is tested natively by folding lists of actions.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::Lang;
use crate::engine::yaml::{self, Diagnostic, Objects};

/// The default scenario shown on first load: the tutorial's DaemonSet on a small cluster.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.yaml");

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The editor's text, exactly as the user typed it (never reset by an error).
    pub text: String,
    /// The objects of the last text that loaded without errors: what the board shows.
    pub applied: Rc<Objects>,
    /// Diagnostics of the last apply (errors and warnings, with lines).
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// True when the last apply had errors, so the board still shows an older cluster.
    pub not_applied: bool,
    /// True when the editor text differs from what was last applied.
    pub dirty: bool,
    /// The UI language.
    pub lang: Lang,
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
}

impl AppState {
    /// The state for a given editor text, applied once.
    pub fn with_text(text: &str) -> AppState {
        let state = AppState {
            text: text.to_owned(),
            applied: Rc::new(Objects::default()),
            diagnostics: Rc::new(Vec::new()),
            not_applied: false,
            dirty: true,
            lang: Lang::default(),
        };
        state.apply()
    }

    fn apply(mut self) -> AppState {
        let loaded = yaml::load(&self.text);
        self.not_applied = loaded.has_errors();
        if !self.not_applied {
            self.applied = Rc::new(loaded.objects);
        }
        self.diagnostics = Rc::new(loaded.diagnostics);
        self.dirty = false;
        self
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
                next.dirty = next.text != text || next.dirty;
                next.text = text;
            }
            Action::Apply => next = next.apply(),
            Action::SetLang(lang) => next.lang = lang,
        }
        Rc::new(next)
    }
}

/// The state as components receive it from the context.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(actions: Vec<Action>) -> Rc<AppState> {
        actions
            .into_iter()
            .fold(Rc::new(AppState::default()), |state, action| {
                state.reduce(action)
            })
    }

    fn node_names(state: &AppState) -> Vec<String> {
        state
            .applied
            .nodes
            .iter()
            .map(|n| n.metadata.name.clone())
            .collect()
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
    }

    #[test]
    fn a_broken_edit_keeps_the_text_and_the_last_good_cluster() {
        let broken = "apiVersion: v1\nkind: Node\nmetadata:\n  name: [unclosed\n";
        let state = fold(vec![Action::Edit(broken.into()), Action::Apply]);
        assert_eq!(state.text, broken);
        assert!(state.not_applied);
        assert_eq!(node_names(&state).len(), 4);
        assert!(!state.diagnostics.is_empty());
    }

    #[test]
    fn a_good_edit_replaces_the_cluster_after_apply_only() {
        let one = "apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n";
        let edited = fold(vec![Action::Edit(one.into())]);
        assert!(edited.dirty);
        assert_eq!(node_names(&edited).len(), 4);
        let applied = edited.reduce(Action::Apply);
        assert_eq!(node_names(&applied), ["solo"]);
        assert!(!applied.not_applied && !applied.dirty);
    }
}

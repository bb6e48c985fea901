//! Saving the work in the browser's local storage under a versioned key, restoring it on
//! reload, migrating older keys, and a way out when the stored state is broken.
//!
//! [`STORAGE_KEY`] holds the share payload text (see [`super::share`], format v1,
//! uncompressed). Older keys are listed in [`LEGACY_KEYS`] with their format; a value found
//! there is migrated to the current key and the old key removed. A value that does not read
//! is moved to [`BROKEN_KEY`] (so autosave cannot overwrite it) and reported; the page then
//! offers to discard it.

use std::rc::Rc;

use super::share::{self, parse_payload, to_payload, Format, ShareError, SharedState};
use super::state::Notice;

/// The local-storage key of the current format.
pub const STORAGE_KEY: &str = "kubeplay.work.v1";
/// Older keys, newest first, with the format their value is in.
pub const LEGACY_KEYS: &[(&str, Format)] = &[("kubeplay.work", Format::Legacy)];
/// Where a stored value that cannot be read is kept until the user discards it.
pub const BROKEN_KEY: &str = "kubeplay.work.broken";

/// What the storage holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// No saved work.
    Nothing,
    /// Saved work, read from `key`.
    Work {
        /// The work.
        state: SharedState,
        /// The key it was read from (an old key means it must be migrated).
        key: &'static str,
    },
    /// A saved value under `key` that cannot be read, and why.
    Broken {
        /// The key of the value.
        key: &'static str,
        /// Why it does not read.
        error: ShareError,
    },
}

/// Reads the saved work through `get` (a key-value lookup): the current key first, then the
/// older keys.
pub fn read_saved(get: impl Fn(&str) -> Option<String>) -> Saved {
    let keys = std::iter::once((STORAGE_KEY, Format::V1)).chain(LEGACY_KEYS.iter().copied());
    for (key, format) in keys {
        if let Some(value) = get(key) {
            return match parse_payload(format, value.as_bytes()) {
                Ok(state) => Saved::Work { state, key },
                Err(error) => Saved::Broken { key, error },
            };
        }
    }
    Saved::Nothing
}

/// The stored text for a state.
pub fn to_stored(state: &SharedState) -> String {
    to_payload(state)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved work from local storage, migrating an old key to [`STORAGE_KEY`] and
/// moving an unreadable value to [`BROKEN_KEY`].
pub fn load() -> Saved {
    let Some(store) = storage() else {
        return Saved::Nothing;
    };
    let saved = read_saved(|key| store.get_item(key).ok().flatten());
    match &saved {
        Saved::Work { state, key }
            if *key != STORAGE_KEY && store.set_item(STORAGE_KEY, &to_stored(state)).is_ok() =>
        {
            let _ = store.remove_item(key);
        }
        Saved::Broken { key, .. } => {
            if let Ok(Some(value)) = store.get_item(key) {
                if store.set_item(BROKEN_KEY, &value).is_ok() {
                    let _ = store.remove_item(key);
                }
            }
        }
        _ => {}
    }
    saved
}

/// Saves the work; false when the storage refused it (full or disabled).
pub fn save(state: &SharedState) -> bool {
    storage().is_some_and(|s| s.set_item(STORAGE_KEY, &to_stored(state)).is_ok())
}

/// Saves only the editor text, keeping the other saved settings (used by the panic hook,
/// which cannot reach the app's state).
pub fn save_text(text: &str) -> bool {
    let Some(store) = storage() else {
        return false;
    };
    let mut state = match read_saved(|key| store.get_item(key).ok().flatten()) {
        Saved::Work { state, .. } => state,
        _ => SharedState::default(),
    };
    state.yaml = Rc::from(text);
    state.frame = None;
    store.set_item(STORAGE_KEY, &to_stored(&state)).is_ok()
}

/// Forgets the saved work (Reset).
pub fn clear() {
    if let Some(store) = storage() {
        let _ = store.remove_item(STORAGE_KEY);
        for (key, _) in LEGACY_KEYS {
            let _ = store.remove_item(key);
        }
    }
}

/// Discards the unreadable saved value kept under [`BROKEN_KEY`].
pub fn discard_broken() {
    if let Some(store) = storage() {
        let _ = store.remove_item(BROKEN_KEY);
    }
}

/// The state the page opens with, in the agreed order: a share link in the fragment, then
/// the saved work (None: the default lesson). A link that cannot be opened, or saved work
/// that cannot be read, comes back as a notice, and the next source is used.
pub async fn initial_state() -> (Option<SharedState>, Option<Notice>) {
    let mut notice = None;
    let fragment = share::current_fragment();
    if share::is_share_fragment(&fragment) {
        let decoded = share::decode(&fragment).await;
        share::clear_fragment();
        match decoded {
            Ok(state) => return (Some(state), None),
            Err(error) => notice = Some(Notice::BadLink(error)),
        }
    }
    // A scenario named by the URL (`?src=`, `?lesson=`) wins over the saved work; the
    // URL handling (`url_params::start`) loads it.
    if super::url_params::page_options().names_a_scenario() {
        return (None, notice);
    }
    match load() {
        Saved::Work { state, .. } => (Some(state), notice),
        Saved::Broken { error, .. } => (None, notice.or(Some(Notice::BrokenSave(error)))),
        Saved::Nothing => (None, notice),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pairs = &'static [(&'static str, &'static str)];

    fn lookup(pairs: Pairs) -> impl Fn(&str) -> Option<String> {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn saved_work_is_restored_exactly() {
        let state = SharedState {
            yaml: "kind: Node\n".into(),
            frame: Some(3),
            lang: "en".into(),
            group_by: "zone".into(),
            ..SharedState::default()
        };
        let stored = to_stored(&state);
        let saved = read_saved(|key| (key == STORAGE_KEY).then(|| stored.clone()));
        assert_eq!(
            saved,
            Saved::Work {
                state,
                key: STORAGE_KEY
            }
        );
    }

    #[test]
    fn the_current_key_wins_then_older_keys_are_migrated_and_broken_values_reported() {
        let cases: Vec<(&str, Pairs, Saved)> = vec![
            ("nothing saved", &[], Saved::Nothing),
            (
                "the current key wins over an older one",
                &[
                    ("kubeplay.work", r#"{"yaml":"old"}"#),
                    ("kubeplay.work.v1", "\nnew"),
                ],
                Saved::Work {
                    state: SharedState {
                        yaml: "new".into(),
                        ..SharedState::default()
                    },
                    key: STORAGE_KEY,
                },
            ),
            (
                "the preview's key is migrated",
                &[(
                    "kubeplay.work",
                    r#"{"version":1,"state":{"yaml":"old","lang":"zh-CN"}}"#,
                )],
                Saved::Work {
                    state: SharedState {
                        yaml: "old".into(),
                        lang: "zh-CN".into(),
                        ..SharedState::default()
                    },
                    key: "kubeplay.work",
                },
            ),
            (
                "a broken current value",
                &[("kubeplay.work.v1", "frame=x\n\nkind: Node")],
                Saved::Broken {
                    key: STORAGE_KEY,
                    error: ShareError::BadField("frame=x".into()),
                },
            ),
            (
                "a broken old value",
                &[("kubeplay.work", "{not json")],
                Saved::Broken {
                    key: "kubeplay.work",
                    error: ShareError::NoYaml,
                },
            ),
        ];
        for (name, pairs, expected) in cases {
            assert_eq!(read_saved(lookup(pairs)), expected, "{name}");
        }
    }
}

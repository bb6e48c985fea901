//! Saving the work in the browser's local storage under a versioned key, restoring it on
//! reload, and a way out when the stored state is broken.
//!
//! Stored value: `{"version": 1, "state": SharedState}` under [`STORAGE_KEY`]. A newer
//! version is refused (the stored text is kept for that newer build); older versions are
//! migrated by [`parse_stored`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ui::share::SharedState;

/// The local-storage key.
pub const STORAGE_KEY: &str = "kubeplay.work";
/// The current stored format version.
pub const STORAGE_VERSION: u64 = 1;

/// Why stored work could not be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The stored text is not the expected JSON.
    Broken(String),
    /// Saved by a newer kubeplay.
    TooNew(u64),
}

#[derive(Serialize)]
struct Stored<'a> {
    version: u64,
    state: &'a SharedState,
}

/// The text stored for a state.
pub fn to_stored(state: &SharedState) -> String {
    serde_json::to_string(&Stored {
        version: STORAGE_VERSION,
        state,
    })
    .unwrap_or_default()
}

/// Reads stored text, migrating older versions.
pub fn parse_stored(text: &str) -> Result<SharedState, StoreError> {
    let value: Value = serde_json::from_str(text).map_err(|e| StoreError::Broken(e.to_string()))?;
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| StoreError::Broken("no version".into()))?;
    if version > STORAGE_VERSION {
        return Err(StoreError::TooNew(version));
    }
    let state = value
        .get("state")
        .cloned()
        .ok_or_else(|| StoreError::Broken("no state".into()))?;
    SharedState::deserialize(state).map_err(|e| StoreError::Broken(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_work_is_restored_exactly() {
        let state = SharedState {
            yaml: "kind: Node\n".into(),
            time_ms: 3000,
            lang: "en".into(),
            group_by: None,
            hide_editor: false,
        };
        assert_eq!(parse_stored(&to_stored(&state)), Ok(state));
    }

    #[test]
    fn broken_or_newer_stored_work_is_reported_not_loaded() {
        let cases: &[(&str, StoreError)] = &[
            (
                "{not json",
                StoreError::Broken("key must be a string at line 1 column 2".into()),
            ),
            ("{\"state\": {}}", StoreError::Broken("no version".into())),
            ("{\"version\": 1}", StoreError::Broken("no state".into())),
            ("{\"version\": 7, \"state\": {}}", StoreError::TooNew(7)),
            (
                "{\"version\": 1, \"state\": {\"yaml\": 3}}",
                StoreError::Broken("invalid type: integer `3`, expected a string".into()),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_stored(text).as_ref(), Err(expected), "{text}");
        }
    }
}

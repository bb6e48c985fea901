//! ControllerRevision history of a DaemonSet (`update.go`: constructHistory, snapshot,
//! cleanupHistory) and `kubectl rollout undo`.

use crate::engine::api::PodTemplateSpec;
use crate::engine::sim::state::{DaemonSetState, PodState, Revision, HASH_LABEL};

/// The alphabet of upstream's `rand.SafeEncodeString` (no vowels, no look-alikes).
pub const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// 32-bit FNV-1a.
pub fn fnv32a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// `rand.SafeEncodeString`: every byte mapped into [`SAFE_ALPHABET`].
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(SAFE_ALPHABET[usize::from(b) % SAFE_ALPHABET.len()]))
        .collect()
}

/// `controller.ComputeHash(template, collisionCount)`: a 32-bit FNV-1a hash of the template
/// (its canonical debug rendering stands in for upstream's object printer) and of the
/// collision count, printed in decimal and safe-encoded. Same template → same hash.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut text = format!("{template:?}");
    if let Some(count) = collision_count {
        text.push_str(&format!("#{count}"));
    }
    safe_encode(&fnv32a(text.as_bytes()).to_string())
}

/// `constructHistory`: finds (or creates) the revision matching the DaemonSet's current
/// template, renumbering it to `1 + max(other revisions)` when it is not the newest (which is
/// what a rollback does), and returns its hash.
pub fn construct_history(ds: &mut DaemonSetState) -> String {
    let hash = compute_hash(&ds.ds.spec.template, ds.ds.status.collision_count);
    let max_other = ds
        .revisions
        .iter()
        .filter(|r| r.hash != hash)
        .map(|r| r.revision)
        .max()
        .unwrap_or(0);
    let change_cause = ds
        .ds
        .metadata
        .annotations
        .get("kubernetes.io/change-cause")
        .cloned();
    match ds.revisions.iter_mut().find(|r| r.hash == hash) {
        Some(current) => {
            if current.revision < max_other + 1 {
                current.revision = max_other + 1;
                current.change_cause = change_cause;
            }
        }
        None => ds.revisions.push(Revision {
            name: format!("{}-{}", ds.ds.metadata.name, hash),
            hash: hash.clone(),
            revision: max_other + 1,
            template: ds.ds.spec.template.clone(),
            change_cause,
        }),
    }
    ds.current_hash = Some(hash.clone());
    hash
}

/// `cleanupHistory`: keeps at most `revisionHistoryLimit` old revisions, deleting the lowest
/// revisions first but never one whose hash a live pod (terminal or not) still carries.
/// Returns the names of the deleted revisions.
pub fn cleanup_history(ds: &mut DaemonSetState, pods: &[&PodState]) -> Vec<String> {
    let current = ds.current_hash.clone().unwrap_or_default();
    let old_count = ds.revisions.iter().filter(|r| r.hash != current).count() as i64;
    let mut to_kill = old_count - i64::from(ds.ds.spec.revision_history_limit.max(0));
    if to_kill <= 0 {
        return Vec::new();
    }
    let live: std::collections::BTreeSet<&str> =
        pods.iter().filter_map(|p| p.label(HASH_LABEL)).collect();
    let mut old: Vec<(i64, String, String)> = ds
        .revisions
        .iter()
        .filter(|r| r.hash != current)
        .map(|r| (r.revision, r.name.clone(), r.hash.clone()))
        .collect();
    old.sort();
    let mut deleted = Vec::new();
    for (_, name, hash) in old {
        if to_kill <= 0 {
            break;
        }
        if live.contains(hash.as_str()) {
            continue;
        }
        deleted.push(name);
        to_kill -= 1;
    }
    ds.revisions.retain(|r| !deleted.contains(&r.name));
    deleted
}

/// The revisions in ascending revision order (what `kubectl rollout history` lists).
pub fn sorted_revisions(ds: &DaemonSetState) -> Vec<&Revision> {
    let mut revisions: Vec<&Revision> = ds.revisions.iter().collect();
    revisions.sort_by_key(|r| r.revision);
    revisions
}

/// The outcome of `kubectl rollout undo`.
#[derive(Clone, Debug, PartialEq)]
pub enum Rollback {
    /// The template was replaced; the DaemonSet must be updated with it.
    RolledBack(Box<PodTemplateSpec>),
    /// The current template already matches the requested revision.
    Skipped(i64),
}

/// `kubectl rollout undo ds/NAME [--to-revision=N]` (polymorphichelpers/rollback.go,
/// DaemonSetHistoryViewer + daemonSetRollbacker). `to_revision` 0 means "the previous one".
/// Errors carry kubectl's exact message.
pub fn rollback(ds: &DaemonSetState, to_revision: i64) -> Result<Rollback, String> {
    let revisions = sorted_revisions(ds);
    let target = if to_revision == 0 {
        if revisions.len() < 2 {
            return Err("no last revision to roll back to".to_string());
        }
        revisions[revisions.len() - 2]
    } else {
        match revisions.iter().find(|r| r.revision == to_revision) {
            Some(r) => r,
            None => {
                return Err(format!(
                    "unable to find specified revision {to_revision} in history"
                ))
            }
        }
    };
    if target.template == ds.ds.spec.template {
        return Ok(Rollback::Skipped(target.revision));
    }
    Ok(Rollback::RolledBack(Box::new(target.template.clone())))
}

/// The text kubectl prints for a rollback outcome.
pub fn rollback_message(ds_name: &str, outcome: &Rollback) -> String {
    match outcome {
        Rollback::RolledBack(_) => format!("daemonset.apps/{ds_name} rolled back"),
        Rollback::Skipped(revision) => format!(
            "daemonset.apps/{ds_name} skipped rollback (current template already matches revision {revision})"
        ),
    }
}

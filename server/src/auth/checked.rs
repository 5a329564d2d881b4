//! Sessions this process checked against the database a moment ago.
//!
//! Every authenticated request read its session and then its user, two queries of about 150 µs
//! each on SurrealDB's embedded engine: a floor under every endpoint (`GET /api/me` at 0.24 ×
//! `GET /api/health`, docs/performance.md, "The sign-in check on every request"). A phone opening
//! a screen sends several requests at once, and a busy liaison many a minute, so a check is
//! reused for `SessionSettings::recheck` (2 s by default) before the database is asked again.
//!
//! What may not wait that long is dropped here at once: a sign-out forgets its session, and any
//! change to a user (deactivation, a new password, a new role or unit) forgets all of theirs.
//! Another server process on the same database learns of those within `recheck`, when it reads
//! the session again (docs/deploy.md).

use shared::Role;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a session check found: the user behind it and the session's own times.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub created_at: i64,
    pub last_seen: i64,
}

/// More sessions than a university has signed in at once; past it, old checks are dropped.
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
pub struct CheckedSessions {
    /// By the session token's hash.
    entries: Mutex<HashMap<String, (Checked, Instant)>>,
}

impl CheckedSessions {
    /// The check of this session, if it was made less than `recheck` ago.
    pub fn get(&self, token_hash: &str, recheck: Duration) -> Option<Checked> {
        let entries = self.lock();
        let (checked, at) = entries.get(token_hash)?;
        (at.elapsed() < recheck).then(|| checked.clone())
    }

    pub fn put(&self, token_hash: &str, checked: Checked, recheck: Duration) {
        if recheck.is_zero() {
            return;
        }
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, at)| at.elapsed() < recheck);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(token_hash.to_owned(), (checked, Instant::now()));
    }

    /// The session was stamped as seen at `now`.
    pub fn seen(&self, token_hash: &str, now: i64) {
        if let Some((checked, _)) = self.lock().get_mut(token_hash) {
            checked.last_seen = now;
        }
    }

    pub fn forget(&self, token_hash: &str) {
        self.lock().remove(token_hash);
    }

    /// Every session of `username`: the user changed, so each must be read again.
    pub fn forget_user(&self, username: &str) {
        self.lock().retain(|_, (c, _)| c.username != username);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Checked, Instant)>> {
        // Every write leaves the map whole, so a poisoned lock still holds a usable one.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn liaison() -> Checked {
        Checked {
            username: "jwc-liaison".into(),
            display_name: "教务处联络员".into(),
            role: Role::Liaison,
            unit: Some("jwc".into()),
            created_at: 100,
            last_seen: 100,
        }
    }

    const A_WHILE: Duration = Duration::from_secs(3600);

    #[test]
    fn a_check_is_reused_only_while_it_is_fresh() {
        let sessions = CheckedSessions::default();
        sessions.put("h1", liaison(), A_WHILE);
        assert_eq!(sessions.get("h1", A_WHILE), Some(liaison()));
        assert_eq!(sessions.get("h1", Duration::ZERO), None, "stale");
        assert_eq!(sessions.get("h2", A_WHILE), None, "never checked");
    }

    #[test]
    fn with_no_recheck_time_nothing_is_kept() {
        let sessions = CheckedSessions::default();
        sessions.put("h1", liaison(), Duration::ZERO);
        assert_eq!(sessions.get("h1", A_WHILE), None);
    }

    #[test]
    fn a_sign_out_forgets_its_session_and_a_change_to_a_user_forgets_all_of_theirs() {
        let sessions = CheckedSessions::default();
        let other = Checked {
            username: "office".into(),
            ..liaison()
        };
        sessions.put("phone", liaison(), A_WHILE);
        sessions.put("laptop", liaison(), A_WHILE);
        sessions.put("office", other.clone(), A_WHILE);
        sessions.forget("phone");
        assert_eq!(sessions.get("phone", A_WHILE), None);
        assert!(sessions.get("laptop", A_WHILE).is_some());
        sessions.forget_user("jwc-liaison");
        assert_eq!(sessions.get("laptop", A_WHILE), None);
        assert_eq!(sessions.get("office", A_WHILE), Some(other));
    }

    #[test]
    fn a_stamp_moves_the_kept_last_seen() {
        let sessions = CheckedSessions::default();
        sessions.put("h1", liaison(), A_WHILE);
        sessions.seen("h1", 200);
        assert_eq!(sessions.get("h1", A_WHILE).map(|c| c.last_seen), Some(200));
    }

    #[test]
    fn past_its_size_it_starts_over_rather_than_grow() {
        let sessions = CheckedSessions::default();
        for i in 0..MAX_ENTRIES + 10 {
            sessions.put(&format!("h{i}"), liaison(), A_WHILE);
        }
        assert!(sessions.lock().len() <= MAX_ENTRIES);
        assert!(
            sessions
                .get(&format!("h{}", MAX_ENTRIES + 9), A_WHILE)
                .is_some()
        );
    }
}

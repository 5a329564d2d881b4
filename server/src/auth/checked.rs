//! Users behind sessions, as this process read them a moment ago.
//!
//! Reading the user behind a session is a query on every authenticated request, a floor under every
//! endpoint (SurrealDB's fixed cost per query; docs/performance.md). The session itself is still
//! read on every request, by its record key: a sign-out, a password reset and a deactivation all
//! delete the session rows in the transaction that makes them, so the very next request in any
//! process finds no session, and no cache can put one back. What is kept, for
//! `SessionSettings::recheck` (2 s by default), is the user's name, role and unit.
//!
//! A change to a user (a new role or unit) forgets them here at once. A read of the user that
//! began before the change must not put the old user back afterwards: every forgetting moves a
//! generation, a read notes the generation before it asks the database, and what it read is kept
//! only if the generation has not moved meanwhile. Another process on the same database sees a
//! new role or unit within `recheck` (docs/deploy.md).

use shared::Role;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The user behind a session, as the database had them.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
}

/// More users than a university has signed in at once; past it, old checks are dropped.
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
pub struct CheckedUsers {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// By username.
    entries: HashMap<String, (Checked, Instant)>,
    /// Moved by every `forget_user`.
    generation: u64,
}

/// The generation a read began under; `CheckedUsers::put` keeps the read only under the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation(u64);

impl CheckedUsers {
    /// The user as read less than `recheck` ago, if so.
    pub fn get(&self, username: &str, recheck: Duration) -> Option<Checked> {
        let inner = self.lock();
        let (checked, at) = inner.entries.get(username)?;
        (at.elapsed() < recheck).then(|| checked.clone())
    }

    /// To be taken before reading the user from the database.
    pub fn generation(&self) -> Generation {
        Generation(self.lock().generation)
    }

    /// Keeps a read that began under `read_under`, unless a user was forgotten since.
    pub fn put(&self, checked: Checked, read_under: Generation, recheck: Duration) {
        if recheck.is_zero() {
            return;
        }
        let mut inner = self.lock();
        if inner.generation != read_under.0 {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES {
            inner.entries.retain(|_, (_, at)| at.elapsed() < recheck);
            if inner.entries.len() >= MAX_ENTRIES {
                inner.entries.clear();
            }
        }
        inner
            .entries
            .insert(checked.username.clone(), (checked, Instant::now()));
    }

    /// The user changed (after the change is committed): read them again, and do not keep a
    /// read that was under way.
    pub fn forget_user(&self, username: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.remove(username);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Every write leaves the map whole, so a poisoned lock still holds a usable one.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
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
        }
    }

    const A_WHILE: Duration = Duration::from_secs(3600);

    #[test]
    fn a_check_is_reused_only_while_it_is_fresh() {
        let users = CheckedUsers::default();
        users.put(liaison(), users.generation(), A_WHILE);
        assert_eq!(users.get("jwc-liaison", A_WHILE), Some(liaison()));
        assert_eq!(users.get("jwc-liaison", Duration::ZERO), None, "stale");
        assert_eq!(users.get("office", A_WHILE), None, "never checked");
    }

    #[test]
    fn with_no_recheck_time_nothing_is_kept() {
        let users = CheckedUsers::default();
        users.put(liaison(), users.generation(), Duration::ZERO);
        assert_eq!(users.get("jwc-liaison", A_WHILE), None);
    }

    #[test]
    fn a_change_to_a_user_forgets_them_and_no_one_else() {
        let users = CheckedUsers::default();
        let other = Checked {
            username: "office".into(),
            ..liaison()
        };
        users.put(liaison(), users.generation(), A_WHILE);
        users.put(other.clone(), users.generation(), A_WHILE);
        users.forget_user("jwc-liaison");
        assert_eq!(users.get("jwc-liaison", A_WHILE), None);
        assert_eq!(users.get("office", A_WHILE), Some(other));
    }

    /// The interleaving that let a stale user back in: a request reads the user, the user is
    /// changed and forgotten, then the request stores what it read.
    #[test]
    fn a_read_that_began_before_a_change_is_not_kept_after_it() {
        let users = CheckedUsers::default();
        let read_under = users.generation();
        let read = liaison();
        users.forget_user("jwc-liaison");
        users.put(read, read_under, A_WHILE);
        assert_eq!(users.get("jwc-liaison", A_WHILE), None);
        // A read that begins after the change is kept.
        users.put(liaison(), users.generation(), A_WHILE);
        assert!(users.get("jwc-liaison", A_WHILE).is_some());
    }

    #[test]
    fn past_its_size_it_starts_over_rather_than_grow() {
        let users = CheckedUsers::default();
        for i in 0..MAX_ENTRIES + 10 {
            let c = Checked {
                username: format!("u{i}"),
                ..liaison()
            };
            users.put(c, users.generation(), A_WHILE);
        }
        assert!(users.lock().entries.len() <= MAX_ENTRIES);
        assert!(
            users
                .get(&format!("u{}", MAX_ENTRIES + 9), A_WHILE)
                .is_some()
        );
    }
}

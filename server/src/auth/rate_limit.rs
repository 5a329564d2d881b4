//! Failed-login limits per account and per address, over a sliding window.

use crate::config::LoginLimitSettings;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts recent failures; a key over its limit is refused until its oldest failure leaves the window.
pub struct LoginLimiter {
    settings: LoginLimitSettings,
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

impl LoginLimiter {
    pub fn new(settings: LoginLimitSettings) -> LoginLimiter {
        LoginLimiter {
            settings,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` when this account or address must wait before trying again.
    pub fn check(&self, account: &str, address: IpAddr, now: Instant) -> Result<(), u64> {
        let mut map = self.lock();
        let waits = [
            self.wait(
                &mut map,
                Key::Account(account.to_lowercase()),
                self.settings.per_account,
                now,
            ),
            self.wait(
                &mut map,
                Key::Address(address),
                self.settings.per_address,
                now,
            ),
        ];
        match waits.into_iter().flatten().max() {
            Some(wait) => Err(wait.as_secs().max(1)),
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, account: &str, address: IpAddr, now: Instant) {
        let mut map = self.lock();
        // Keep memory bounded under a flood of distinct names.
        if map.len() > 100_000 {
            let window = self.settings.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        for key in [Key::Account(account.to_lowercase()), Key::Address(address)] {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// A successful sign-in forgives the account's earlier failures (not the address's).
    pub fn record_success(&self, account: &str) {
        self.lock().remove(&Key::Account(account.to_lowercase()));
    }

    fn wait(
        &self,
        map: &mut HashMap<Key, VecDeque<Instant>>,
        key: Key,
        limit: usize,
        now: Instant,
    ) -> Option<Duration> {
        let queue = map.get_mut(&key)?;
        while queue
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.settings.window)
        {
            queue.pop_front();
        }
        if queue.len() >= limit {
            queue.front().map(|oldest| {
                self.settings
                    .window
                    .saturating_sub(now.duration_since(*oldest))
            })
        } else {
            None
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, VecDeque<Instant>>> {
        // A panic while holding the lock cannot leave the map inconsistent, so keep using it.
        self.failures.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(LoginLimitSettings {
            window: Duration::from_secs(60),
            per_account: 3,
            per_address: 5,
        })
    }

    #[test]
    fn an_account_is_locked_after_its_limit_and_unlocked_after_the_window() {
        let l = limiter();
        let ip: IpAddr = [10, 0, 0, 1].into();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check("jwc-liaison", ip, t0).is_ok());
            l.record_failure("jwc-liaison", ip, t0);
        }
        assert_eq!(l.check("JWC-liaison", ip, t0), Err(60));
        assert!(
            l.check("jwc-liaison", ip, t0 + Duration::from_secs(61))
                .is_ok()
        );
    }

    #[test]
    fn one_address_trying_many_accounts_is_locked() {
        let l = limiter();
        let ip: IpAddr = [10, 0, 0, 2].into();
        let t0 = Instant::now();
        for i in 0..5 {
            l.record_failure(&format!("user{i}"), ip, t0);
        }
        assert!(l.check("someone-else", ip, t0).is_err());
        assert!(l.check("someone-else", [10, 0, 0, 3].into(), t0).is_ok());
    }
}

//! Sign-in attempt limits per account (a lock) and per address (a slowdown), counted in the database.
//!
//! Each attempt is reserved before its password is checked: the count in the database goes up in
//! one statement, and only an attempt whose count is within the limit is checked at all. Forty
//! attempts at once on one account therefore check at most the limit's worth of passwords, in
//! one process or spread over several on the same database. A successful sign-in gives its own
//! reservation back; failures stay counted until their window ends, whoever signs in meanwhile,
//! so the owner signing in cannot hand an attacker a fresh allowance mid-attack.
//!
//! The account limit is a lock (`window`, 15 minutes by default). The address limit is a short
//! window (seconds): many people sign in from behind one proxy or NAT, and an attacker among them
//! must only be slowed, never able to lock the others out. Windows are fixed, not sliding: at a
//! window's turn an account can see up to twice its limit in a short time, the price of a count
//! that one statement can keep exact.

use crate::auth::password::Verifier;
use crate::store::db::login_attempts::{self, Window};
use crate::store::db::{Database, DbError};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which limit refused an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Account,
    Address,
}

/// An attempt refused before its password was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub retry_after_secs: u64,
    pub scope: Scope,
}

/// An attempt that may go on to the password check.
#[derive(Debug)]
pub struct Reservation {
    account: String,
    address: String,
    account_window: Window,
    address_window: Window,
}

/// More keys than a flood of distinct names in one window; past it, lapsed refusals are dropped.
const MAX_REFUSED: usize = 50_000;

#[derive(Debug, Clone)]
pub struct LoginLimitSettings {
    /// An account with `per_account` attempts in this window is locked until it ends.
    pub window: Duration,
    pub per_account: usize,
    /// An address with `per_address` attempts in this (short) window waits until it ends: a
    /// slowdown, so that one attacker behind a shared address cannot lock everyone out.
    pub address_window: Duration,
    pub per_address: usize,
    /// Memory that password checks may use at once; argon2 takes `auth::password::MEMORY_BYTES`
    /// per check, so this bounds how many run together.
    pub argon2_memory: usize,
    /// Refused sign-ins and requests are counted and entered in the audit trail once per this
    /// period (`auth::refusals`), not once each.
    pub refusal_period: Duration,
}

pub struct LoginLimiter {
    settings: LoginLimitSettings,
    /// Password checks, bounded by memory (`auth::password::Verifier`).
    pub verifier: Verifier,
    /// Keys the database refused, until when: only a cache, so that an attacker hammering a
    /// locked account costs no write each. Another process learns the lock from the database.
    refused: Mutex<HashMap<(Scope, String), Instant>>,
}

impl LoginLimiter {
    pub fn new(settings: LoginLimitSettings) -> LoginLimiter {
        LoginLimiter {
            verifier: Verifier::new(settings.argon2_memory),
            settings,
            refused: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt for `account` from `address`; `Err` when either must wait first. The
    /// address is counted first, and an address that must wait costs the account nothing.
    pub async fn reserve(
        &self,
        db: &Database,
        account: &str,
        address: IpAddr,
    ) -> Result<Result<Reservation, Refusal>, DbError> {
        let account = account_key(account);
        let address = address_key(address);
        for key in [(Scope::Address, &address), (Scope::Account, &account)] {
            if let Some(refusal) = self.cached(key.0, key.1) {
                return Ok(Err(refusal));
            }
        }
        let now = now_ms();
        let address_window = match self.count(db, Scope::Address, &address, now).await? {
            Ok(w) => w,
            Err(refusal) => return Ok(Err(refusal)),
        };
        match self.count(db, Scope::Account, &account, now).await? {
            Ok(account_window) => Ok(Ok(Reservation {
                account,
                address,
                account_window,
                address_window,
            })),
            Err(refusal) => Ok(Err(refusal)),
        }
    }

    /// The attempt signed in: its reservations are given back.
    pub async fn release(&self, db: &Database, r: Reservation) -> Result<(), DbError> {
        login_attempts::release(db, "account", &r.account, r.account_window).await?;
        login_attempts::release(db, "address", &r.address, r.address_window).await
    }

    /// Deletes the counts of windows that are over.
    pub async fn forget_lapsed(&self, db: &Database) -> Result<(), DbError> {
        let longest = self.settings.window.max(self.settings.address_window);
        login_attempts::delete_expired(db, now_ms() - millis(longest)).await
    }

    async fn count(
        &self,
        db: &Database,
        scope: Scope,
        key: &str,
        now: i64,
    ) -> Result<Result<Window, Refusal>, DbError> {
        let (window, limit) = self.limits(scope);
        let w = login_attempts::reserve(db, kind(scope), key, now, millis(window)).await?;
        if w.count <= limit as u64 {
            return Ok(Ok(w));
        }
        let left_ms = (w.window_start + millis(window) - now).max(0) as u64;
        let refusal = Refusal {
            retry_after_secs: left_ms.div_ceil(1000).max(1),
            scope,
        };
        self.remember(scope, key, Duration::from_millis(left_ms));
        Ok(Err(refusal))
    }

    fn limits(&self, scope: Scope) -> (Duration, usize) {
        match scope {
            Scope::Account => (self.settings.window, self.settings.per_account),
            Scope::Address => (self.settings.address_window, self.settings.per_address),
        }
    }

    fn cached(&self, scope: Scope, key: &str) -> Option<Refusal> {
        let until = *self.lock().get(&(scope, key.to_owned()))?;
        let left = until.checked_duration_since(Instant::now())?;
        Some(Refusal {
            retry_after_secs: left.as_millis().div_ceil(1000).max(1) as u64,
            scope,
        })
    }

    fn remember(&self, scope: Scope, key: &str, left: Duration) {
        let mut refused = self.lock();
        let now = Instant::now();
        if refused.len() >= MAX_REFUSED {
            refused.retain(|_, until| *until > now);
        }
        if refused.len() < MAX_REFUSED {
            refused.insert((scope, key.to_owned()), now + left);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Scope, String), Instant>> {
        // Every write leaves the map whole, so a poisoned lock still holds a usable one.
        self.refused.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn kind(scope: Scope) -> &'static str {
    match scope {
        Scope::Account => "account",
        Scope::Address => "address",
    }
}

/// Usernames are matched without regard to case, so `Office` and `office` share a count.
fn account_key(account: &str) -> String {
    account.trim().to_lowercase()
}

/// An IPv6 host usually holds a whole /64, so its addresses count as one.
fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_host_counts_as_its_slash_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        assert_eq!(address_key(a), address_key(b));
        assert_eq!(address_key([10, 0, 0, 1].into()), "10.0.0.1");
        assert_eq!(account_key(" JWC-Liaison "), "jwc-liaison");
    }
}

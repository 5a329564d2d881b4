//! Refused sign-ins and requests, counted in memory and entered in the audit trail once per account and period.
//!
//! A refusal is evidence and belongs in the trail, but one durable, chained write per refusal
//! lets whoever sends refused requests set the server's write load. Each refusal is logged
//! through `tracing` at once and counted here; every `LoginLimitSettings::refusal_period` (and at
//! shutdown) each account's count for each kind of refusal becomes one audit entry, with the
//! addresses it came from and what was refused.

use crate::store::audit::{AuditLog, Entry};
use crate::store::db::{Database, DbError};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::Mutex;

/// Accounts counted separately in one period; refusals past it are counted together, so a flood
/// of invented usernames costs a bounded amount of memory and of entries.
const MAX_KEYS: usize = 5_000;
/// Addresses and refused things named per entry; the count still counts the rest.
const MAX_LISTED: usize = 32;

/// One refusal as it happened.
#[derive(Debug, Clone, Copy)]
pub struct Refused<'a> {
    /// The audit action: `login_failed`, `login_rate_limited`, `refused`, …
    pub action: &'static str,
    pub username: Option<&'a str>,
    pub role: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub address: IpAddr,
    /// What was refused (the route's action), when there is more than the action to say.
    pub what: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    action: &'static str,
    /// `None` for refusals past `MAX_KEYS` and for those without a user.
    username: Option<String>,
}

#[derive(Debug, Default)]
struct Tally {
    count: u64,
    role: Option<String>,
    unit: Option<String>,
    addresses: BTreeSet<String>,
    what: BTreeMap<String, u64>,
    first_at: String,
    last_at: String,
}

#[derive(Default)]
pub struct Refusals {
    tallies: Mutex<HashMap<Key, Tally>>,
}

impl Refusals {
    pub fn record(&self, r: Refused<'_>) {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut tallies = self.lock();
        let mut key = Key {
            action: r.action,
            username: r.username.map(str::to_owned),
        };
        if tallies.len() >= MAX_KEYS && !tallies.contains_key(&key) {
            key.username = None;
        }
        let tally = tallies.entry(key).or_default();
        if tally.count == 0 {
            tally.first_at = at.clone();
            tally.role = r.role.map(str::to_owned);
            tally.unit = r.unit.map(str::to_owned);
        }
        tally.count += 1;
        tally.last_at = at;
        if tally.addresses.len() < MAX_LISTED {
            tally.addresses.insert(r.address.to_string());
        }
        if let Some(what) = r.what
            && (tally.what.len() < MAX_LISTED || tally.what.contains_key(what))
        {
            *tally.what.entry(what.to_owned()).or_default() += 1;
        }
    }

    /// How many refusals wait for the next entry in the trail.
    pub fn pending(&self) -> u64 {
        self.lock().values().map(|t| t.count).sum()
    }

    /// Enters every count so far in the audit trail, one entry per account and kind of refusal,
    /// and returns how many entries it wrote. What could not be written is kept for next time.
    pub async fn flush(&self, db: &Database, audit: &AuditLog) -> Result<usize, DbError> {
        let mut taken: Vec<(Key, Tally)> = std::mem::take(&mut *self.lock()).into_iter().collect();
        taken.sort_by(|a, b| a.0.cmp(&b.0));
        let mut written = 0;
        let mut rest = taken.into_iter();
        while let Some((key, tally)) = rest.next() {
            let entry = entry_of(&key, &tally);
            if let Err(e) = audit.append(db, entry).await {
                self.put_back(std::iter::once((key, tally)).chain(rest));
                return Err(e);
            }
            written += 1;
        }
        Ok(written)
    }

    fn put_back(&self, unwritten: impl Iterator<Item = (Key, Tally)>) {
        let mut tallies = self.lock();
        for (key, old) in unwritten {
            let now = tallies.entry(key).or_default();
            if now.count == 0 {
                *now = old;
                continue;
            }
            now.count += old.count;
            now.first_at = old.first_at;
            now.addresses.extend(old.addresses);
            for (what, n) in old.what {
                *now.what.entry(what).or_default() += n;
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Tally>> {
        // Every write leaves the map whole, so a poisoned lock still holds a usable one.
        self.tallies.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn entry_of(key: &Key, tally: &Tally) -> Entry {
    let address = match tally.addresses.len() {
        1 => tally.addresses.iter().next().cloned(),
        _ => None,
    };
    Entry {
        username: key.username.clone(),
        role: tally.role.clone(),
        unit: tally.unit.clone(),
        address,
        action: key.action.to_owned(),
        content: serde_json::json!({
            "count": tally.count,
            "first_at": tally.first_at,
            "last_at": tally.last_at,
            "addresses": tally.addresses,
            "what": tally.what,
        }),
    }
}

/// Writes the counts every `period`, and drops sign-in counts whose window is over.
pub fn spawn(
    state: crate::state::AppState,
    period: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = state.refusals.flush(&state.db, &state.audit).await {
                tracing::error!("could not enter refusals in the audit trail: {e}");
            }
            if let Err(e) = state.limiter.forget_lapsed(&state.db).await {
                tracing::warn!("could not delete lapsed sign-in counts: {e}");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(username: &str, address: [u8; 4]) -> Refused<'_> {
        Refused {
            action: "login_failed",
            username: Some(username),
            role: None,
            unit: None,
            address: address.into(),
            what: None,
        }
    }

    #[test]
    fn refusals_of_one_account_are_one_tally_with_every_address() {
        let r = Refusals::default();
        for i in 0..40 {
            r.record(failed("office", [10, 0, 0, i % 3]));
        }
        r.record(failed("leader", [10, 0, 0, 9]));
        let tallies = r.lock();
        assert_eq!(tallies.len(), 2);
        let office = &tallies[&Key {
            action: "login_failed",
            username: Some("office".into()),
        }];
        assert_eq!(office.count, 40);
        assert_eq!(office.addresses.len(), 3);
        let entry = entry_of(
            &Key {
                action: "login_failed",
                username: Some("office".into()),
            },
            office,
        );
        assert_eq!(entry.content["count"], 40);
        assert_eq!(entry.address, None, "three addresses are listed, not one");
    }

    #[test]
    fn a_flood_of_invented_names_is_counted_in_bounded_memory() {
        let r = Refusals::default();
        let names: Vec<String> = (0..MAX_KEYS + 100).map(|i| format!("u{i}")).collect();
        for name in &names {
            r.record(failed(name, [10, 0, 0, 1]));
        }
        assert_eq!(r.lock().len(), MAX_KEYS + 1);
        assert_eq!(r.pending(), (MAX_KEYS + 100) as u64);
    }
}

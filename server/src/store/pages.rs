//! Pages of matter lists kept in memory, as the JSON sent, each under the generation of the
//! audience whose rows it was read from (`db::generations`).
//!
//! Lists are read far more often than they change: a unit's people open their inbox many times
//! between two changes to it, and every phone that comes back to a list asks for it again. A
//! page's query costs several times the sign-in check and one small read (docs/performance.md),
//! so a page asked again is answered from here after one read of its audience's generation; a
//! change anywhere to that audience's rows, by this process or another on the same database,
//! replaces the generation in its own transaction, and the page is read anew.

use crate::store::db::matter_query::{self, Prepared};
use crate::store::db::{Database, DbError, generations};
use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::api::MatterPage;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Mutex;

/// Memory for kept pages: a 200-row page is about 100 KB of JSON, a 20-row one 10 KB.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// The most of that memory the pages one user caused to be read may hold: 40 pages of 200 rows,
/// 400 of 20. Past it their own oldest go; a user asking for page after page of every filter
/// cannot push out what everyone else reads.
pub const SHARE_BYTES: usize = MAX_BYTES / 16;

pub struct PageCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
    share_bytes: usize,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<String, Kept>,
    /// Per user whose request read the page: what they hold, oldest first.
    owners: HashMap<String, Owner>,
    bytes: usize,
    seq: u64,
}

struct Kept {
    generation: String,
    body: Bytes,
    seq: u64,
    owner: String,
}

#[derive(Default)]
struct Owner {
    bytes: usize,
    pages: usize,
    /// Keys in the order this owner's pages were kept, each with the `seq` it was kept under (a
    /// key kept again, by anyone, is found by its newer `seq`).
    order: VecDeque<(String, u64)>,
}

impl PageCache {
    /// `max_bytes` 0 keeps nothing; each user may hold `SHARE_BYTES` in 64 MB, the same part of
    /// any other size.
    pub fn new(max_bytes: usize) -> PageCache {
        PageCache::with_share(max_bytes, max_bytes / (MAX_BYTES / SHARE_BYTES))
    }

    /// `share_bytes`: the most one user's pages may hold.
    pub fn with_share(max_bytes: usize, share_bytes: usize) -> PageCache {
        PageCache {
            inner: Mutex::default(),
            max_bytes,
            share_bytes: share_bytes.min(max_bytes),
        }
    }

    /// What `read` answers for `key`, as JSON, kept and served again while the generation of
    /// `scopes` (their `Scope::key`s) is the one `read` saw; `read` returns that generation, read
    /// before the rows, or `None` when its answer is not to be kept. A page read anew counts
    /// against the share of `owner`, the user whose request read it.
    pub async fn kept_or<F, Fut>(
        &self,
        db: &Database,
        owner: &str,
        key: &str,
        scopes: &[String],
        read: F,
    ) -> Result<Bytes, DbError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Option<String>, Bytes), DbError>>,
    {
        if let Some((generation, body)) = self.get(key)
            && generations::read(db, scopes).await? == generation
        {
            return Ok(body);
        }
        let (generation, body) = read().await?;
        if let Some(generation) = generation {
            self.put(owner, key.to_owned(), generation, body.clone());
        }
        Ok(body)
    }

    /// One list page as JSON, for `owner`: kept while its audience's generation holds.
    pub async fn page(
        &self,
        db: &Database,
        owner: &str,
        prepared: Prepared,
        page: u32,
        per_page: u32,
    ) -> Result<Bytes, DbError> {
        let kept = match &prepared {
            Prepared::Listing(q) => Some((vec![q.scope.clone()], q.key())),
            _ => None,
        };
        let read = || async move {
            let read = matter_query::run(db, prepared).await?;
            let body = serde_json::to_vec(&MatterPage {
                items: read.items,
                total: read.total,
                page,
                per_page,
            })?;
            Ok((read.generation, Bytes::from(body)))
        };
        match kept {
            Some((scopes, key)) => self.kept_or(db, owner, &key, &scopes, read).await,
            None => Ok(read().await?.1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Every update leaves the maps whole, so a poisoned lock still holds a usable cache.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self, key: &str) -> Option<(String, Bytes)> {
        let inner = self.lock();
        let kept = inner.pages.get(key)?;
        Some((kept.generation.clone(), kept.body.clone()))
    }

    fn put(&self, owner: &str, key: String, generation: String, body: Bytes) {
        let size = key.len() + body.len();
        if size > self.share_bytes {
            return;
        }
        let mut inner = self.lock();
        inner.seq += 1;
        let seq = inner.seq;
        inner.remove(&key);
        // First the owner's own oldest, down to their share; then, while the whole is over, the
        // oldest of whoever holds most, which is never someone holding less than the others.
        while inner.owners.get(owner).map_or(0, |o| o.bytes) + size > self.share_bytes
            && inner.evict_oldest_of(owner)
        {}
        while inner.bytes + size > self.max_bytes {
            let Some(largest) = inner.largest_owner(owner) else {
                break;
            };
            if !inner.evict_oldest_of(&largest) {
                break;
            }
        }
        inner.bytes += size;
        let mine = inner.owners.entry(owner.to_owned()).or_default();
        mine.bytes += size;
        mine.pages += 1;
        mine.order.push_back((key.clone(), seq));
        let compact = mine.order.len() > 2 * mine.pages + 64;
        inner.pages.insert(
            key,
            Kept {
                generation,
                body,
                seq,
                owner: owner.to_owned(),
            },
        );
        // A page kept again and again (its rows change often, memory never runs out) leaves its
        // earlier places behind: drop them before they outgrow the pages themselves.
        if compact {
            let Inner { pages, owners, .. } = &mut *inner;
            if let Some(mine) = owners.get_mut(owner) {
                mine.order
                    .retain(|(k, at)| pages.get(k).is_some_and(|p| p.seq == *at));
            }
        }
    }
}

impl Inner {
    /// Forgets `key`'s page, from the memory of whoever it counted against.
    fn remove(&mut self, key: &str) {
        let Some(gone) = self.pages.remove(key) else {
            return;
        };
        let size = key.len() + gone.body.len();
        self.bytes -= size;
        if let Some(owner) = self.owners.get_mut(&gone.owner) {
            owner.bytes -= size;
            owner.pages -= 1;
            if owner.pages == 0 {
                // Whatever is left in its order names pages no longer its own.
                self.owners.remove(&gone.owner);
            }
        }
    }

    /// Drops `owner`'s oldest page still kept; false when they hold none.
    fn evict_oldest_of(&mut self, owner: &str) -> bool {
        loop {
            let Some((key, at)) = self.owners.get_mut(owner).and_then(|o| o.order.pop_front())
            else {
                return false;
            };
            let current = self
                .pages
                .get(&key)
                .is_some_and(|p| p.seq == at && p.owner == owner);
            if current {
                self.remove(&key);
                return true;
            }
        }
    }

    /// Who holds the most memory, `putter` on a tie (their own page goes before another's).
    fn largest_owner(&self, putter: &str) -> Option<String> {
        let most = self.owners.values().map(|o| o.bytes).max()?;
        if self.owners.get(putter).is_some_and(|o| o.bytes == most) {
            return Some(putter.to_owned());
        }
        self.owners
            .iter()
            .find(|(_, o)| o.bytes == most)
            .map(|(name, _)| name.clone())
    }
}

/// Kept or fresh JSON as an answer.
pub fn json_response(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(n: usize) -> Bytes {
        Bytes::from(vec![b'x'; n])
    }

    /// A cache whose every user may fill all of it: the order of eviction alone.
    fn unshared(max_bytes: usize) -> PageCache {
        PageCache::with_share(max_bytes, max_bytes)
    }

    #[test]
    fn a_kept_page_is_found_with_the_generation_it_was_read_under() {
        let cache = unshared(1_000);
        cache.put("u", "a".into(), "g1".into(), body(10));
        cache.put("u", "b".into(), "-".into(), body(10));
        assert_eq!(cache.get("a"), Some(("g1".into(), body(10))));
        assert_eq!(cache.get("b"), Some(("-".into(), body(10))));
        assert_eq!(cache.get("c"), None);
    }

    #[test]
    fn the_oldest_pages_go_first_when_memory_runs_out() {
        let cache = unshared(100);
        cache.put("u", "a".into(), "-".into(), body(39));
        cache.put("u", "b".into(), "-".into(), body(39));
        // "a" again: now the newest, so "b" is the oldest.
        cache.put("u", "a".into(), "g2".into(), body(39));
        cache.put("u", "c".into(), "-".into(), body(39));
        assert!(cache.get("b").is_none());
        assert_eq!(cache.get("a"), Some(("g2".into(), body(39))));
        assert!(cache.get("c").is_some());
        assert!(cache.lock().bytes <= 100);
    }

    #[test]
    fn one_user_filling_the_cache_evicts_only_their_own_pages() {
        let cache = PageCache::with_share(1_000, 200);
        cache.put("office", "ledger".into(), "-".into(), body(94));
        cache.put("jwc-liaison", "inbox".into(), "-".into(), body(95));
        // One leader asks for page after page: ten times the whole memory.
        for i in 0..100 {
            cache.put("leader", format!("p{i:02}"), "-".into(), body(97));
        }
        assert!(cache.get("ledger").is_some() && cache.get("inbox").is_some());
        // The leader keeps their newest pages, within their share.
        assert!(cache.get("p99").is_some() && cache.get("p98").is_some());
        assert!(cache.get("p97").is_none() && cache.get("p00").is_none());
        let inner = cache.lock();
        assert_eq!(inner.owners["leader"].bytes, 200);
        assert_eq!(inner.bytes, 400);
    }

    #[test]
    fn when_the_whole_memory_is_full_whoever_holds_most_gives_way() {
        // Shares that add up to more than the memory: many users, half of it each.
        let cache = PageCache::with_share(100, 50);
        let put = |owner: &str, key: &str| cache.put(owner, key.into(), "-".into(), body(23));
        let held = || {
            let mut keys: Vec<String> = cache.lock().pages.keys().cloned().collect();
            keys.sort();
            keys
        };
        put("a", "a1");
        put("b", "b1");
        put("b", "b2");
        put("c", "c1");
        // Full: c's next page pushes out the oldest of b, who holds most, not a's older page.
        put("c", "c2");
        assert_eq!(held(), ["a1", "b2", "c1", "c2"]);
        // Now c holds most: a's next page pushes out c's oldest.
        put("a", "a2");
        assert_eq!(held(), ["a1", "a2", "b2", "c2"]);
        // a is at its share: its next page pushes out its own oldest.
        put("a", "a3");
        assert_eq!(held(), ["a2", "a3", "b2", "c2"]);
        assert!(cache.lock().bytes <= 100);
    }

    #[test]
    fn a_page_read_anew_for_another_user_counts_against_them() {
        let cache = PageCache::with_share(1_000, 100);
        cache.put("office", "dashboard".into(), "g1".into(), body(41));
        cache.put("leader", "dashboard".into(), "g2".into(), body(41));
        let inner = cache.lock();
        assert!(!inner.owners.contains_key("office"));
        assert_eq!(inner.owners["leader"].bytes, 50);
        drop(inner);
        // The office's later pages do not push out a page the leader now holds.
        cache.put("office", "x".into(), "-".into(), body(49));
        cache.put("office", "y".into(), "-".into(), body(49));
        cache.put("office", "z".into(), "-".into(), body(49));
        assert_eq!(cache.get("dashboard"), Some(("g2".into(), body(41))));
        assert!(cache.get("x").is_none() && cache.get("z").is_some());
    }

    #[test]
    fn a_page_kept_again_and_again_does_not_grow_the_memory_used() {
        let cache = PageCache::new(1_000_000);
        cache.put("u", "other".into(), "-".into(), body(10));
        for i in 0..10_000 {
            cache.put("u", "busy".into(), format!("g{i}"), body(10));
        }
        let inner = cache.lock();
        assert_eq!(inner.pages.len(), 2);
        let order = inner.owners["u"].order.len();
        assert!(order <= 2 * 2 + 64 + 1, "{order}");
        assert_eq!(inner.bytes, "other".len() + "busy".len() + 20);
        drop(inner);
        // The oldest still goes first.
        let small = unshared(30);
        small.put("u", "a".into(), "-".into(), body(10));
        for _ in 0..200 {
            small.put("u", "b".into(), "-".into(), body(10));
        }
        small.put("u", "c".into(), "-".into(), body(10));
        assert!(small.get("a").is_none() && small.get("b").is_some() && small.get("c").is_some());
    }

    #[test]
    fn a_page_larger_than_a_share_is_not_kept_and_nothing_is_kept_with_zero() {
        let cache = PageCache::with_share(500, 50);
        cache.put("u", "a".into(), "-".into(), body(10));
        cache.put("u", "big".into(), "-".into(), body(60));
        assert!(cache.get("big").is_none());
        assert!(cache.get("a").is_some());
        let off = PageCache::new(0);
        off.put("u", "a".into(), "-".into(), body(1));
        assert!(off.get("a").is_none());
    }
}

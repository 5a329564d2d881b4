//! Pages of matter lists kept in memory, as the JSON sent, each under the generation of the
//! audience whose rows it was read from (`db::generations`).
//!
//! Lists are read far more often than they change: a unit's people open their inbox many times
//! between two changes to it, and every phone that comes back to a list asks for it again. A
//! page's query costs several times the sign-in check and one small read (docs/performance.md),
//! so a page asked again is answered from here after one read of its audience's generation; a
//! change anywhere to that audience's rows, by this process or another on the same database,
//! replaces the generation in its own transaction, and the page is read anew.

use crate::db::matter_query::{self, Prepared};
use crate::db::{Database, DbError, generations};
use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::api::MatterPage;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Mutex;

/// Memory for kept pages: a 200-row page is about 100 KB of JSON, a 20-row one 10 KB.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

pub struct PageCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<String, Kept>,
    /// Keys in the order they were kept, each with the `seq` it was kept under: the oldest go
    /// first when memory runs out (a key kept again is found by its newer `seq`).
    order: VecDeque<(String, u64)>,
    bytes: usize,
    seq: u64,
}

struct Kept {
    generation: String,
    body: Bytes,
    seq: u64,
}

impl PageCache {
    /// `max_bytes` 0 keeps nothing.
    pub fn new(max_bytes: usize) -> PageCache {
        PageCache {
            inner: Mutex::default(),
            max_bytes,
        }
    }

    /// What `read` answers for `key`, as JSON, kept and served again while the generation of
    /// `scopes` (their `Scope::key`s) is the one `read` saw; `read` returns that generation, read
    /// before the rows, or `None` when its answer is not to be kept.
    pub async fn kept_or<F, Fut>(
        &self,
        db: &Database,
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
            self.put(key.to_owned(), generation, body.clone());
        }
        Ok(body)
    }

    /// One list page as JSON: kept while its audience's generation holds.
    pub async fn page(
        &self,
        db: &Database,
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
            Some((scopes, key)) => self.kept_or(db, &key, &scopes, read).await,
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

    fn put(&self, key: String, generation: String, body: Bytes) {
        let size = key.len() + body.len();
        if size > self.max_bytes {
            return;
        }
        let mut inner = self.lock();
        inner.seq += 1;
        let seq = inner.seq;
        if let Some(old) = inner.pages.remove(&key) {
            inner.bytes -= key.len() + old.body.len();
        }
        while inner.bytes + size > self.max_bytes {
            let Some((oldest, at)) = inner.order.pop_front() else {
                break;
            };
            if inner.pages.get(&oldest).is_some_and(|k| k.seq == at)
                && let Some(gone) = inner.pages.remove(&oldest)
            {
                inner.bytes -= oldest.len() + gone.body.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back((key.clone(), seq));
        inner.pages.insert(
            key,
            Kept {
                generation,
                body,
                seq,
            },
        );
        // A page kept again and again (its rows change often, memory never runs out) leaves its
        // earlier places behind: drop them before they outgrow the pages themselves.
        if inner.order.len() > 2 * inner.pages.len() + 64 {
            let Inner { pages, order, .. } = &mut *inner;
            order.retain(|(k, at)| pages.get(k).is_some_and(|p| p.seq == *at));
        }
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

    #[test]
    fn a_kept_page_is_found_with_the_generation_it_was_read_under() {
        let cache = PageCache::new(1_000);
        cache.put("a".into(), "g1".into(), body(10));
        cache.put("b".into(), "-".into(), body(10));
        assert_eq!(cache.get("a"), Some(("g1".into(), body(10))));
        assert_eq!(cache.get("b"), Some(("-".into(), body(10))));
        assert_eq!(cache.get("c"), None);
    }

    #[test]
    fn the_oldest_pages_go_first_when_memory_runs_out() {
        let cache = PageCache::new(100);
        cache.put("a".into(), "-".into(), body(39));
        cache.put("b".into(), "-".into(), body(39));
        // "a" again: now the newest, so "b" is the oldest.
        cache.put("a".into(), "g2".into(), body(39));
        cache.put("c".into(), "-".into(), body(39));
        assert!(cache.get("b").is_none());
        assert_eq!(cache.get("a"), Some(("g2".into(), body(39))));
        assert!(cache.get("c").is_some());
        assert!(cache.lock().bytes <= 100);
    }

    #[test]
    fn a_page_kept_again_and_again_does_not_grow_the_memory_used() {
        let cache = PageCache::new(1_000_000);
        cache.put("other".into(), "-".into(), body(10));
        for i in 0..10_000 {
            cache.put("busy".into(), format!("g{i}"), body(10));
        }
        let inner = cache.lock();
        assert_eq!(inner.pages.len(), 2);
        assert!(inner.order.len() <= 2 * 2 + 64 + 1, "{}", inner.order.len());
        assert_eq!(inner.bytes, "other".len() + "busy".len() + 20);
        drop(inner);
        // The oldest still goes first.
        let small = PageCache::new(30);
        small.put("a".into(), "-".into(), body(10));
        for _ in 0..200 {
            small.put("b".into(), "-".into(), body(10));
        }
        small.put("c".into(), "-".into(), body(10));
        assert!(small.get("a").is_none() && small.get("b").is_some() && small.get("c").is_some());
    }

    #[test]
    fn a_page_larger_than_the_memory_is_not_kept_and_nothing_is_kept_with_zero() {
        let cache = PageCache::new(50);
        cache.put("a".into(), "-".into(), body(10));
        cache.put("big".into(), "-".into(), body(60));
        assert!(cache.get("big").is_none());
        assert!(cache.get("a").is_some());
        let off = PageCache::new(0);
        off.put("a".into(), "-".into(), body(1));
        assert!(off.get("a").is_none());
    }
}

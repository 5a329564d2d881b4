//! Generated reports kept until the record changes, so a report asked again is not computed again.

use crate::error::ApiError;
use crate::store::db::Database;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Reports computed from the record, kept until the record changes: every change to a matter
/// (an action, a light the sweep moved) stamps its row's `updated_at`, so the newest stamp (one
/// step down an index, the same for every server process on the database) with the calendar is the
/// version. The audit head would not do: reading a report is audited. The lock is held only to
/// look up and to store, never while a report is computed, so one slow report delays no other;
/// two requests for the same missing report may both compute it.
#[derive(Default)]
pub struct ReportCache {
    entries: std::sync::Mutex<BTreeMap<String, Cached>>,
}

struct Cached {
    version: String,
    value: Arc<dyn std::any::Any + Send + Sync>,
}

/// More keys than the periods anyone asks for in a day; past it the cache starts over.
const MAX_CACHED_REPORTS: usize = 64;

impl ReportCache {
    pub async fn get_or_compute<T, F, Fut>(
        &self,
        db: &Database,
        key: String,
        compute: F,
    ) -> Result<T, ApiError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        #[derive(Deserialize)]
        struct Newest {
            updated_at: String,
        }
        let newest: Option<Newest> = db
            .first(
                "SELECT updated_at FROM matter ORDER BY updated_at DESC LIMIT 1",
                json!({}),
            )
            .await?;
        let version = newest.map_or_else(String::new, |n| n.updated_at);
        if let Some(hit) = self
            .lock()
            .get(&key)
            .filter(|c| c.version == version)
            .and_then(|c| c.value.downcast_ref::<T>())
        {
            return Ok(hit.clone());
        }
        let value = compute().await?;
        let mut entries = self.lock();
        if entries.len() >= MAX_CACHED_REPORTS {
            entries.clear();
        }
        entries.insert(
            key,
            Cached {
                version,
                value: Arc::new(value.clone()),
            },
        );
        Ok(value)
    }

    /// The map holds whole entries only (inserted or cleared in one step), so a poisoned lock
    /// still holds a usable cache.
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Cached>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Long enough for any machine; reached only when the behaviour under test is broken.
    const HANG: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn a_report_being_computed_does_not_hold_up_another() {
        let db = Database::connect(&crate::config::Settings::for_tests().database)
            .await
            .expect("an in-memory database");
        crate::store::db::migrations::migrate(&db)
            .await
            .expect("migrated");
        let cache = Arc::new(ReportCache::default());
        let (entered, slow_entered) = tokio::sync::oneshot::channel();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let slow = {
            let (cache, db) = (cache.clone(), db.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute(&db, "slow".into(), || async {
                        let _ = entered.send(());
                        let _ = released.await;
                        Ok(1u32)
                    })
                    .await
            })
        };
        slow_entered.await.expect("the slow report started");
        let other = tokio::time::timeout(
            HANG,
            cache.get_or_compute(&db, "other".into(), || async { Ok(2u32) }),
        )
        .await;
        assert!(
            matches!(other, Ok(Ok(2))),
            "answered while the slow one computes"
        );
        assert!(!slow.is_finished());
        let _ = release.send(());
        assert!(matches!(slow.await, Ok(Ok(1))));
    }
}

//! Rows of `login_attempt`: sign-in attempts counted per account and per address in fixed windows, shared by every process on the database.

use super::{Database, DbError};
use serde::Deserialize;
use serde_json::json;

/// One key's window as a reservation left it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub struct Window {
    /// Attempts in this window, this one included.
    pub count: u64,
    /// When the window began, in milliseconds since the epoch.
    pub window_start: i64,
}

/// How many times a write that clashed with a concurrent one is tried again; each clash means
/// another attempt on the same key committed, so this many in a row is a flood, not bad luck.
const ATTEMPTS: usize = 20;

/// Counts one attempt on `key` (`kind` is `account` or `address`), starting a new window when the
/// last one is over. One statement on one record, so concurrent attempts in any process each get
/// a count of their own: of forty at once, exactly the first `limit` see a count within it.
pub async fn reserve(
    db: &Database,
    kind: &str,
    key: &str,
    now_ms: i64,
    window_ms: i64,
) -> Result<Window, DbError> {
    // `count` is set first, while `window_start` still holds the old window.
    let sql = "UPSERT ONLY type::record('login_attempt', [$kind, $key]) SET
            count = IF window_start = NONE OR window_start <= $now - $window { 1 } ELSE { count + 1 },
            window_start = IF window_start = NONE OR window_start <= $now - $window { $now } ELSE { window_start }
        RETURN count, window_start;";
    let vars = json!({ "kind": kind, "key": key, "now": now_ms, "window": window_ms });
    retried(|| db.first::<Window>(sql, vars.clone()))
        .await?
        .ok_or_else(|| {
            DbError::Decode(serde::de::Error::custom(
                "an upsert of login_attempt returned no row",
            ))
        })
}

/// Gives back one attempt of `window` on `key`: a successful sign-in is not held against anyone.
/// A window that has been replaced meanwhile is left alone.
pub async fn release(db: &Database, kind: &str, key: &str, window: Window) -> Result<(), DbError> {
    let sql = "UPDATE type::record('login_attempt', [$kind, $key]) SET count -= 1
        WHERE window_start = $start AND count > 0 RETURN NONE;";
    let vars = json!({ "kind": kind, "key": key, "start": window.window_start });
    retried(|| db.run(sql, vars.clone())).await.map(|_| ())
}

/// `write`, tried again while it clashes with a concurrent write of the same record.
async fn retried<T, F>(mut write: impl FnMut() -> F) -> Result<T, DbError>
where
    F: std::future::Future<Output = Result<T, DbError>>,
{
    let mut tries = 0;
    loop {
        match write().await {
            Err(e) if e.is_write_conflict() && tries < ATTEMPTS => {
                tries += 1;
                tokio::task::yield_now().await;
            }
            other => return other,
        }
    }
}

/// Removes windows that began before `before_ms`: they count nothing any more.
pub async fn delete_expired(db: &Database, before_ms: i64) -> Result<(), DbError> {
    db.run(
        "DELETE login_attempt WHERE window_start < $before RETURN NONE;",
        json!({ "before": before_ms }),
    )
    .await?;
    Ok(())
}

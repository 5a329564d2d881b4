//! The database boundary: connecting to SurrealDB (embedded or remote) and moving rows in and out as JSON.

pub mod admin_settings;
pub mod briefings;
pub mod calendar;
pub mod closing;
pub mod generations;
pub mod listing;
pub mod login_attempts;
pub mod matter_query;
pub mod matters;
pub mod migrations;
pub mod sessions;
pub mod settings;
pub mod unit;
pub mod users;
pub mod views;
pub mod wal_tail;

#[cfg(test)]
mod access_tests;

use serde::de::DeserializeOwned;
use serde_json::Value;
use settings::{DatabaseSettings, UserLevel};
use surrealdb::Surreal;
use surrealdb::engine::any::{self, Any};
use surrealdb::opt::auth::{self, Namespace, Root};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open database {url}: {source}")]
    Connect {
        url: String,
        source: Box<surrealdb::Error>,
    },
    // Boxed: SurrealDB's error is large and every query result carries this type.
    #[error("database query failed: {0}")]
    Query(Box<surrealdb::Error>),
    #[error("database row has an unexpected shape: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("cannot check the write-ahead log of the store at {dir}: {source}")]
    Log { dir: String, source: std::io::Error },
    /// The write lost to another (see `Clash`); what to do about it is the caller's business.
    #[error("write conflict ({clash}): {detail}")]
    Conflict { clash: Clash, detail: String },
    /// A unit of work that breaks a rule of the store (`unit::Unit`); a bug in its writer.
    #[error("refused to commit: {0}")]
    Unchecked(String),
    #[error("the audit writer has stopped")]
    WriterGone,
    #[error(
        "the audit chain now continues with key {0}, not this server's: restart it with the rotated keyring"
    )]
    AuditKeyChanged(String),
    #[error("migration {name} failed: {source}")]
    Migration {
        name: String,
        source: Box<surrealdb::Error>,
    },
}

/// Why a write lost: told apart once, where SurrealDB's error is read (`classify`), so callers
/// match on this instead of on its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// Two transactions wrote the same records at once and this one lost: trying again may pass.
    Concurrent,
    /// A record with the key this write creates exists already.
    Record,
    /// A unique index already holds the value this write gives it (the index's name).
    Index(String),
    /// A check among the write's own statements (`THROW 'reason'`) found the state moved under it.
    Guard(String),
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clash::Concurrent => f.write_str("a concurrent transaction"),
            Clash::Record => f.write_str("a record with this key exists"),
            Clash::Index(index) => write!(f, "unique index {index}"),
            Clash::Guard(reason) => write!(f, "guard {reason}"),
        }
    }
}

impl DbError {
    /// How the write lost to another, if that is what this error is.
    pub fn clash(&self) -> Option<&Clash> {
        match self {
            DbError::Conflict { clash, .. } => Some(clash),
            _ => None,
        }
    }

    /// Two transactions wrote the same record at once and this one lost.
    pub fn is_write_conflict(&self) -> bool {
        self.clash() == Some(&Clash::Concurrent)
    }

    /// The record or unique value the write creates is taken (a code, a username, a number).
    pub fn is_taken(&self) -> bool {
        matches!(self.clash(), Some(Clash::Record | Clash::Index(_)))
    }

    /// The write's own `THROW 'reason'` refused it.
    pub fn is_guard(&self, reason: &str) -> bool {
        matches!(self.clash(), Some(Clash::Guard(r)) if r == reason)
    }
}

/// The one place a SurrealDB error is read: a lost race becomes `DbError::Conflict`, anything
/// else stays a query error. The engine types most of them (a transaction conflict, an existing
/// record, a `THROW`); a unique index's refusal is typed only as internal, so its words are read
/// here and nowhere else.
pub fn classify(e: surrealdb::Error) -> DbError {
    use surrealdb::types::QueryError;
    let message = e.message();
    let clash = if e.query_details() == Some(&QueryError::TransactionConflict) {
        Some(Clash::Concurrent)
    } else if e.is_already_exists() {
        Some(Clash::Record)
    } else if e.is_thrown() {
        let reason = message
            .strip_prefix("An error occurred: ")
            .unwrap_or(message);
        Some(Clash::Guard(reason.trim().to_owned()))
    } else if let Some(index) = message
        .strip_prefix("Database index `")
        .and_then(|rest| rest.split_once("` already contains"))
    {
        Some(Clash::Index(index.0.to_owned()))
    } else if message.contains("can be retried") || message.contains("onflict") {
        // A conflict reported by a path that does not type it (a commit outside the executor).
        Some(Clash::Concurrent)
    } else {
        None
    };
    match clash {
        Some(clash) => DbError::Conflict {
            clash,
            detail: message.to_owned(),
        },
        None => DbError::Query(Box::new(e)),
    }
}

/// The error a failed query reports: the statement that failed, not the ones a failed
/// transaction then left unexecuted (SurrealDB marks every statement of it, and the first in
/// order is usually one of those).
fn cause(errors: std::collections::HashMap<usize, surrealdb::Error>) -> Option<surrealdb::Error> {
    use surrealdb::types::QueryError;
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    let knock_on = |e: &surrealdb::Error| {
        matches!(
            e.query_details(),
            Some(QueryError::NotExecuted | QueryError::Cancelled)
        )
    };
    let first = errors.iter().position(|(_, e)| !knock_on(e)).unwrap_or(0);
    (first < errors.len()).then(|| errors.swap_remove(first).1)
}

impl From<surrealdb::Error> for DbError {
    fn from(e: surrealdb::Error) -> Self {
        classify(e)
    }
}

impl From<DbError> for crate::error::ApiError {
    fn from(e: DbError) -> Self {
        crate::error::ApiError::Internal(e.to_string())
    }
}

/// Cuts a record a crash left half-written off the store's log, before SurrealKV opens it
/// (see `wal_tail`). Reading the log is blocking file work, so it runs off the async workers.
async fn trim_torn_log(dir: std::path::PathBuf) -> Result<(), DbError> {
    let shown = dir.display().to_string();
    let log_err = |source| DbError::Log {
        dir: shown.clone(),
        source,
    };
    let trimmed = tokio::task::spawn_blocking(move || wal_tail::trim_torn_tail(&dir))
        .await
        .map_err(|e| log_err(std::io::Error::other(e)))?
        .map_err(log_err)?;
    if let Some(t) = trimmed {
        tracing::warn!(
            "{} ended in a record cut short by a crash (never acknowledged); cut back from {} to {} bytes",
            t.segment.display(),
            t.from,
            t.to
        );
    }
    Ok(())
}

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Database {
    inner: Surreal<Any>,
}

/// Acknowledged writes must survive a crash, so an embedded file store syncs every commit
/// unless the URL already says otherwise.
pub fn durable_url(url: &str) -> String {
    if url.starts_with("surrealkv://") && !url.contains("sync=") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}sync=every")
    } else {
        url.to_owned()
    }
}

impl Database {
    pub async fn connect(settings: &DatabaseSettings) -> Result<Database, DbError> {
        let url = durable_url(&settings.url);
        let connect_err = |source| DbError::Connect {
            url: settings.url.clone(),
            source: Box::new(source),
        };
        if let Some(dir) = closing::embedded_dir(&settings.url) {
            trim_torn_log(dir).await?;
        }
        let inner = any::connect(url.as_str()).await.map_err(connect_err)?;
        if let (Some(username), Some(password)) = (&settings.user, &settings.password) {
            let (username, password) = (username.clone(), password.clone());
            let (namespace, database) = (settings.namespace.clone(), settings.name.clone());
            let signed_in = match settings.user_level {
                UserLevel::Root => inner.signin(Root { username, password }).await,
                UserLevel::Namespace => {
                    let user = Namespace {
                        namespace,
                        username,
                        password,
                    };
                    inner.signin(user).await
                }
                UserLevel::Database => {
                    let user = auth::Database {
                        namespace,
                        database,
                        username,
                        password,
                    };
                    inner.signin(user).await
                }
            };
            signed_in.map_err(connect_err)?;
        }
        inner
            .use_ns(settings.namespace.clone())
            .use_db(settings.name.clone())
            .await
            .map_err(connect_err)?;
        Ok(Database { inner })
    }

    /// Whether the database answers a trivial query.
    pub async fn is_healthy(&self) -> bool {
        match self.inner.query("RETURN 1").await {
            Ok(r) => r.check().is_ok(),
            Err(_) => false,
        }
    }

    /// Runs a query (one or several statements) with JSON-object variables;
    /// returns each statement's result as JSON, failing if any statement failed.
    pub async fn run(&self, sql: &str, vars: Value) -> Result<Vec<Value>, DbError> {
        let mut response = self.inner.query(sql).bind(vars).await?;
        let errors = response.take_errors();
        if let Some(e) = cause(errors) {
            return Err(classify(e));
        }
        let n = response.num_statements();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v: surrealdb::types::Value = response.take(i)?;
            out.push(v.into_json_value());
        }
        Ok(out)
    }

    /// The rows a single `SELECT` returns, decoded.
    pub async fn rows<T: DeserializeOwned>(
        &self,
        sql: &str,
        vars: Value,
    ) -> Result<Vec<T>, DbError> {
        let results = self.run(sql, vars).await?;
        let last = results.into_iter().last().unwrap_or(Value::Array(vec![]));
        rows_of(last)
    }

    /// The first row a query returns, if any.
    pub async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        vars: Value,
    ) -> Result<Option<T>, DbError> {
        Ok(self.rows(sql, vars).await?.into_iter().next())
    }
}

/// A statement's result as rows: an array of objects, or a single object.
pub fn rows_of<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, DbError> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(DbError::from))
            .collect(),
        Value::Null => Ok(vec![]),
        other => Ok(vec![serde_json::from_value(other)?]),
    }
}

#[cfg(test)]
mod tests {
    use super::durable_url;

    #[test]
    fn an_embedded_file_store_syncs_every_commit() {
        assert_eq!(
            durable_url("surrealkv://./data"),
            "surrealkv://./data?sync=every"
        );
        assert_eq!(
            durable_url("surrealkv://./d?sync=1s"),
            "surrealkv://./d?sync=1s"
        );
        assert_eq!(durable_url("mem://"), "mem://");
        assert_eq!(durable_url("ws://127.0.0.1:8000"), "ws://127.0.0.1:8000");
    }
}

//! The append-only audit trail: every sign-in and change, hash-chained so an edited or deleted row is detectable.

mod group;

use crate::db::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::{Mutex, mpsc, oneshot};

/// The hash that the first entry links back to.
pub const GENESIS: &str = "genesis";

/// What happened, by whom, from where.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub username: Option<String>,
    pub role: Option<String>,
    pub unit: Option<String>,
    pub address: Option<String>,
    pub action: String,
    pub content: Value,
}

/// A stored entry, as the chain check reads it back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub seq: i64,
    pub at: String,
    // SurrealDB's `option<string>` is NONE, not JSON null: leave absent keys out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub action: String,
    pub content: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Row {
    /// The entry as the link after `(prev_seq, prev_hash)`, stamped now and hashed.
    fn chained(entry: &Entry, prev_seq: i64, prev_hash: String) -> Row {
        let row = Row {
            seq: prev_seq + 1,
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            username: entry.username.clone(),
            role: entry.role.clone(),
            unit: entry.unit.clone(),
            address: entry.address.clone(),
            action: entry.action.clone(),
            content: entry.content.to_string(),
            prev_hash,
            hash: String::new(),
        };
        Row {
            hash: row.expected_hash(),
            ..row
        }
    }

    /// The hash this row should carry: over every field and the previous hash.
    pub fn expected_hash(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let canonical = json!([
            self.seq,
            self.at,
            opt(&self.username),
            opt(&self.role),
            opt(&self.unit),
            opt(&self.address),
            self.action,
            self.content,
            self.prev_hash,
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

#[derive(Debug, Clone, Deserialize)]
struct HeadRow {
    seq: i64,
    hash: String,
}

/// The last link this process wrote (None: read it from the database first). Holding its lock
/// is holding the pen: the chain needs each entry to know its predecessor.
type Head = Arc<Mutex<Option<(i64, String)>>>;

/// Appends entries in order, one commit at a time; see `append_grouped` for the busy path.
pub struct AuditLog {
    head: Head,
    /// The group-commit writer, started with the first grouped write (one log serves one database).
    writer: OnceLock<mpsc::UnboundedSender<group::Job>>,
    stats: Arc<GroupStats>,
}

/// How many grouped writes went through, in how many transactions: the figure group commit is for.
#[derive(Debug, Default)]
pub struct GroupStats {
    pub writes: AtomicU64,
    pub transactions: AtomicU64,
    /// Time the writer spent on batches, from taking them to answering: against the wall time of a
    /// load run it says whether the one writer is what bounds the rate (docs/performance.md).
    pub busy_micros: AtomicU64,
}

/// How a chain check ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = AuditVerification)]
pub struct Verification {
    pub entries: u64,
    pub ok: bool,
    /// The sequence number of the first entry that does not match, if any.
    pub first_broken: Option<i64>,
    pub reason: Option<String>,
}

impl Default for AuditLog {
    fn default() -> Self {
        Self::new()
    }
}

impl AuditLog {
    pub fn new() -> AuditLog {
        AuditLog {
            head: Arc::new(Mutex::new(None)),
            writer: OnceLock::new(),
            stats: Arc::default(),
        }
    }

    /// (grouped writes committed, transactions they took) since start.
    pub fn group_stats(&self) -> (u64, u64) {
        (
            self.stats.writes.load(Ordering::Relaxed),
            self.stats.transactions.load(Ordering::Relaxed),
        )
    }

    /// How long the group-commit writer has been busy since start.
    pub fn writer_busy(&self) -> std::time::Duration {
        std::time::Duration::from_micros(self.stats.busy_micros.load(Ordering::Relaxed))
    }

    /// `append_with` for a write whose statements return nothing the caller reads (every action
    /// on a matter). Writes that arrive while another commit runs are committed together, their
    /// entries chained in arrival order, in one transaction and so one sync to disk: one sync per
    /// write is what held actions to ~400/s. A write that fails in company is retried alone, so
    /// each caller gets exactly the answer it would have got by itself. The writer is a task of
    /// its own, so a client that hangs up cannot cancel a commit that carries others' writes.
    /// `touches` names the records the write changes (matter ids): writes that share one go into
    /// different transactions. `rows` are whole rows the write adds, each under its statement
    /// (`INSERT INTO event`): a batch adds every write's rows of one statement at once, since
    /// SurrealDB's cost is mostly per statement (docs/performance.md).
    pub async fn append_grouped(
        &self,
        db: &Database,
        entry: Entry,
        touches: Vec<String>,
        sql: String,
        vars: Map<String, Value>,
        rows: Vec<(&'static str, Value)>,
    ) -> Result<(), DbError> {
        let writer = self
            .writer
            .get_or_init(|| group::spawn(db.clone(), self.head.clone(), self.stats.clone()));
        let (done, answer) = oneshot::channel();
        let job = group::Job {
            entry,
            touches,
            sql,
            vars,
            rows,
            done,
        };
        writer.send(job).map_err(|_| DbError::WriterGone)?;
        answer.await.map_err(|_| DbError::WriterGone)?
    }

    /// Appends `entry`; `extra` statements (with their variables) commit in the same transaction,
    /// so a change and its audit entry are written together or not at all. Returns the
    /// results of the extra statements.
    pub async fn append_with(
        &self,
        db: &Database,
        entry: Entry,
        extra_sql: &str,
        extra_vars: Map<String, Value>,
    ) -> Result<Vec<Value>, DbError> {
        let mut head = self.head.lock().await;
        commit_one(db, &mut head, &entry, extra_sql, &extra_vars).await
    }

    pub async fn append(&self, db: &Database, entry: Entry) -> Result<(), DbError> {
        self.append_with(db, entry, "", Map::new())
            .await
            .map(|_| ())
    }
}

/// One entry and its statements in one transaction, retried on a clash with another process.
async fn commit_one(
    db: &Database,
    head: &mut Option<(i64, String)>,
    entry: &Entry,
    extra_sql: &str,
    extra_vars: &Map<String, Value>,
) -> Result<Vec<Value>, DbError> {
    let mut attempts = 0;
    loop {
        let (prev_seq, prev_hash) = match head.clone() {
            Some(h) => h,
            None => read_head(db).await?,
        };
        let row = Row::chained(entry, prev_seq, prev_hash);
        let mut vars = extra_vars.clone();
        vars.insert("audit_row".into(), serde_json::to_value(&row)?);
        let sql = format!(
            "BEGIN TRANSACTION;
             {extra_sql}
             CREATE audit CONTENT $audit_row RETURN NONE;
             UPSERT audit_head:main SET seq = $audit_row.seq, hash = $audit_row.hash RETURN NONE;
             COMMIT TRANSACTION;"
        );
        match db.run(&sql, Value::Object(vars)).await {
            Ok(results) => {
                *head = Some((row.seq, row.hash));
                return Ok(results);
            }
            // Another process appended meanwhile (the unique `seq` index refused ours):
            // reread the head and try again.
            Err(e) if attempts < 5 && is_conflict(&e) => {
                attempts += 1;
                *head = None;
            }
            Err(e) => {
                *head = None;
                return Err(e);
            }
        }
    }
}

fn is_conflict(e: &DbError) -> bool {
    let text = e.to_string();
    text.contains("audit_seq") || text.contains("already contains") || text.contains("conflict")
}

async fn read_head(db: &Database) -> Result<(i64, String), DbError> {
    let head: Option<HeadRow> = db
        .first("SELECT seq, hash FROM audit_head:main", json!({}))
        .await?;
    Ok(head.map_or((0, GENESIS.to_owned()), |h| (h.seq, h.hash)))
}

/// Re-walks the whole chain in order and reports the first entry that does not fit.
pub async fn verify(db: &Database) -> Result<Verification, DbError> {
    let rows: Vec<Row> = db
        .rows(
            "SELECT seq, at, username, role, unit, address, action, content, prev_hash, hash FROM audit ORDER BY seq ASC",
            json!({}),
        )
        .await?;
    let (head_seq, head_hash) = read_head(db).await?;
    let mut prev = GENESIS.to_owned();
    for (i, row) in rows.iter().enumerate() {
        let broken = |reason: &str| Verification {
            entries: rows.len() as u64,
            ok: false,
            first_broken: Some(row.seq),
            reason: Some(reason.to_owned()),
        };
        if row.seq != i as i64 + 1 {
            return Ok(broken("sequence gap: an entry is missing"));
        }
        if row.prev_hash != prev {
            return Ok(broken("does not link to the previous entry"));
        }
        if row.hash != row.expected_hash() {
            return Ok(broken("content does not match its hash"));
        }
        prev = row.hash.clone();
    }
    let last_seq = rows.last().map_or(0, |r| r.seq);
    if last_seq != head_seq || prev != head_hash {
        return Ok(Verification {
            entries: rows.len() as u64,
            ok: false,
            first_broken: Some(last_seq + 1),
            reason: Some("entries after this one were removed".into()),
        });
    }
    Ok(Verification {
        entries: rows.len() as u64,
        ok: true,
        first_broken: None,
        reason: None,
    })
}

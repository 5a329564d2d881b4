//! The append-only audit trail: every sign-in and change, hash-chained so an edited or deleted row is detectable.

use crate::db::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

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
struct Head {
    seq: i64,
    hash: String,
}

/// Appends entries one at a time: the chain needs each entry to know its predecessor.
pub struct AuditLog {
    head: Mutex<Option<(i64, String)>>,
}

/// How a chain check ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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
            head: Mutex::new(None),
        }
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
        let mut attempts = 0;
        loop {
            let (prev_seq, prev_hash) = match head.clone() {
                Some(h) => h,
                None => read_head(db).await?,
            };
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
            let row = Row {
                hash: row.expected_hash(),
                ..row
            };
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

    pub async fn append(&self, db: &Database, entry: Entry) -> Result<(), DbError> {
        self.append_with(db, entry, "", Map::new())
            .await
            .map(|_| ())
    }
}

fn is_conflict(e: &DbError) -> bool {
    let text = e.to_string();
    text.contains("audit_seq") || text.contains("already contains") || text.contains("conflict")
}

async fn read_head(db: &Database) -> Result<(i64, String), DbError> {
    let head: Option<Head> = db
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

//! The append-only audit trail: every sign-in and change, chained with a keyed hash so an edited or deleted row is detectable.

mod anchor;
pub mod cli;
mod group;
pub mod keys;
pub mod read;
mod seal;
mod verify;

pub use seal::{AuditError, open, rotate};
pub use verify::{BATCH, verify};

use crate::store::db::unit::{Statement, Unit};
use crate::store::db::{Clash, Database, DbError};
use keys::{Key, Keyring};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::{Mutex, mpsc, oneshot};

/// The hash that the first entry links back to.
pub const GENESIS: &str = "genesis";

/// The entry that seals a chain written before keying: signed with the key, it links to the last
/// unkeyed entry, so that prefix can no longer change.
pub const SEALED: &str = "audit.keyed";
/// The entry that hands the chain to a new key: signed with the old one, it names the new one.
pub const ROTATED: &str = "audit.key_rotated";

/// Where the key and the anchor are (config.rs fills it from flags, variables and the file).
#[derive(Debug, Clone, Default)]
pub struct AuditSettings {
    pub keys: keys::KeySettings,
    /// Where the head is appended after each commit; none: beside an embedded store, or nowhere.
    pub anchor: Option<PathBuf>,
}

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
    /// The key this entry is signed with (`keys::Key::id`); absent on entries written before keying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl Row {
    /// The entry as the link after `(prev_seq, prev_hash)`, stamped now and signed with `key`.
    fn chained(entry: &Entry, prev_seq: i64, prev_hash: String, key: &Key) -> Row {
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
            key_id: Some(key.id.clone()),
        };
        Row {
            hash: row.keyed_hash(key),
            ..row
        }
    }

    /// Every field and the previous hash, in a fixed order.
    fn fields(&self) -> Vec<Value> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        vec![
            json!(self.seq),
            json!(self.at),
            json!(opt(&self.username)),
            json!(opt(&self.role)),
            json!(opt(&self.unit)),
            json!(opt(&self.address)),
            json!(self.action),
            json!(self.content),
            json!(self.prev_hash),
        ]
    }

    /// The hash an entry written before keying carries: plain SHA-256, which anyone can recompute.
    pub fn legacy_hash(&self) -> String {
        hex::encode(Sha256::digest(
            Value::Array(self.fields()).to_string().as_bytes(),
        ))
    }

    /// The hash a keyed entry carries: HMAC-SHA-256 over the same fields and the key's id.
    pub fn keyed_hash(&self, key: &Key) -> String {
        let mut fields = self.fields();
        fields.push(json!(key.id));
        key.mac(Value::Array(fields).to_string().as_bytes())
    }

    /// The key the entry after this one must be signed with (None: this one is unkeyed).
    fn next_key(&self) -> Option<String> {
        if self.action == ROTATED {
            let content: Value = serde_json::from_str(&self.content).unwrap_or_default();
            if let Some(to) = content.get("to").and_then(Value::as_str) {
                return Some(to.to_owned());
            }
        }
        self.key_id.clone()
    }
}

/// The chain's keys and where its head is anchored: one per server, shared with the writer.
pub(crate) struct Chain {
    pub keys: Keyring,
    pub anchor: Option<anchor::Anchor>,
}

impl Chain {
    fn anchor(&self, seq: i64, hash: &str) {
        if let Some(anchor) = &self.anchor {
            anchor.record(seq, hash);
        }
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
    chain: Arc<Chain>,
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
    /// The newest entry the anchor file vouches for, if one is configured.
    #[serde(default)]
    pub anchored: Option<i64>,
}

impl Default for AuditLog {
    fn default() -> Self {
        Self::new()
    }
}

impl AuditLog {
    /// A log signed with this process's random key and anchored nowhere (tests); a server opens
    /// its log with `open`.
    pub fn new() -> AuditLog {
        let keys = keys::KeySettings {
            ephemeral: true,
            ..Default::default()
        };
        match keys::load(&keys, &keys::Store::Memory) {
            Ok(loaded) => AuditLog::with_chain(loaded.keyring, None),
            Err(_) => AuditLog::with_chain(Keyring::new(Key::generate()), None),
        }
    }

    fn with_chain(keys: Keyring, anchor: Option<anchor::Anchor>) -> AuditLog {
        AuditLog {
            head: Arc::new(Mutex::new(None)),
            writer: OnceLock::new(),
            stats: Arc::default(),
            chain: Arc::new(Chain { keys, anchor }),
        }
    }

    /// Re-walks the chain with this log's keys and anchor (see `verify`).
    pub async fn verify(&self, db: &Database) -> Result<Verification, DbError> {
        self.verify_in_batches(db, BATCH).await
    }

    /// `verify`, reading `batch` entries per query.
    pub async fn verify_in_batches(
        &self,
        db: &Database,
        batch: usize,
    ) -> Result<Verification, DbError> {
        let anchor = self.chain.anchor.as_ref().map(|a| a.path.as_path());
        verify(db, &self.chain.keys, anchor, batch).await
    }

    /// The id of the key new entries are signed with.
    pub fn key_id(&self) -> &str {
        &self.chain.keys.current.id
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
    /// different transactions. The unit's whole rows (`Unit::insert`) are added with the batch's
    /// other rows of the same kind in one statement, since SurrealDB's cost is mostly per statement
    /// (docs/performance.md).
    pub async fn append_grouped(
        &self,
        db: &Database,
        entry: Entry,
        touches: Vec<String>,
        unit: Unit,
    ) -> Result<(), DbError> {
        let writer = self.writer.get_or_init(|| {
            let chain = self.chain.clone();
            group::spawn(db.clone(), self.head.clone(), self.stats.clone(), chain)
        });
        let (done, answer) = oneshot::channel();
        let job = group::Job {
            entry,
            touches,
            unit,
            done,
        };
        writer.send(job).map_err(|_| DbError::WriterGone)?;
        answer.await.map_err(|_| DbError::WriterGone)?
    }

    /// Appends `entry`; the unit's statements commit in the same transaction, so a change and its
    /// audit entry are written together or not at all. Returns the results of the statements.
    pub async fn append_with(
        &self,
        db: &Database,
        entry: Entry,
        unit: Unit,
    ) -> Result<Vec<Value>, DbError> {
        let mut head = self.head.lock().await;
        commit_one(db, &self.chain, &mut head, &entry, &unit).await
    }

    pub async fn append(&self, db: &Database, entry: Entry) -> Result<(), DbError> {
        self.append_with(db, entry, Unit::new()).await.map(|_| ())
    }
}

/// One entry and its unit in one transaction, retried when another process appended meanwhile.
async fn commit_one(
    db: &Database,
    chain: &Chain,
    head: &mut Option<(i64, String)>,
    entry: &Entry,
    unit: &Unit,
) -> Result<Vec<Value>, DbError> {
    let mut attempts = 0;
    loop {
        let (prev_seq, prev_hash) = match head.clone() {
            Some(h) => h,
            None => read_head(db, chain).await?,
        };
        let row = Row::chained(entry, prev_seq, prev_hash, &chain.keys.current);
        let mut write = unit.clone();
        write.push(
            Statement::new(
                "CREATE audit CONTENT $row RETURN NONE;
                 UPSERT audit_head:main SET seq = $row.seq, hash = $row.hash RETURN NONE;",
            )
            .bind_row("row", &row)?,
        );
        match write.commit(db).await {
            Ok(results) => {
                chain.anchor(row.seq, &row.hash);
                *head = Some((row.seq, row.hash));
                return Ok(results);
            }
            // Another process appended meanwhile (the unique `seq` index refused ours, or the
            // head clashed): reread the head and try again.
            Err(e) if attempts < 5 && chain_moved(&e) => {
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

fn chain_moved(e: &DbError) -> bool {
    match e.clash() {
        Some(Clash::Concurrent) => true,
        Some(Clash::Index(index)) => index == "audit_seq",
        _ => false,
    }
}

/// The chain's newest entry as the database holds it: its sequence number and hash.
pub async fn head(db: &Database) -> Result<(i64, String), DbError> {
    let (seq, hash, _) = stored_head(db).await?;
    Ok((seq, hash))
}

/// The head as the database holds it. Refused if the chain now continues with another key: a
/// rotation by another process, after which this one must not sign anything more.
async fn read_head(db: &Database, chain: &Chain) -> Result<(i64, String), DbError> {
    let (seq, hash, next) = stored_head(db).await?;
    match next {
        Some(id) if id != chain.keys.current.id => Err(DbError::AuditKeyChanged(id)),
        _ => Ok((seq, hash)),
    }
}

/// The stored head and the key its next entry must be signed with (None: unkeyed or empty).
async fn stored_head(db: &Database) -> Result<(i64, String, Option<String>), DbError> {
    let head: Option<HeadRow> = db
        .first("SELECT seq, hash FROM audit_head:main", json!({}))
        .await?;
    let Some(head) = head else {
        return Ok((0, GENESIS.to_owned(), None));
    };
    let row: Option<Row> = db
        .first(
            &format!(
                "SELECT {} FROM audit WHERE seq = $seq LIMIT 1",
                verify::COLUMNS
            ),
            json!({ "seq": head.seq }),
        )
        .await?;
    Ok((head.seq, head.hash, row.and_then(|r| r.next_key())))
}

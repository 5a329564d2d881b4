//! Opening the chain at start (the key check, sealing an unkeyed chain, the anchor) and handing it to a new key.

use super::anchor::{self, Anchor, Read};
use super::keys::{self, Key, KeyError, Keyring};
use super::{AuditLog, AuditSettings, Entry, ROTATED, SEALED, stored_head};
use crate::store::db::{Database, DbError};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(
        "the audit chain continues with key {chain}, but the configured key is {configured}{hint} \
         (docs/security.md, \"Audit trail\")"
    )]
    WrongKey {
        chain: String,
        configured: String,
        hint: &'static str,
    },
    #[error(
        "the new audit key is already in the keyring: a rotation needs a key never used before"
    )]
    SameKey,
}

/// The log a server writes with: the configured keyring (for an embedded store with none
/// configured, the key file beside it, created now with a random key if missing), checked
/// against the chain's head. A chain that continues with another key is refused; a chain written
/// before keying is sealed with the key.
pub async fn open(
    db: &Database,
    settings: &AuditSettings,
    url: &str,
) -> Result<AuditLog, AuditError> {
    let store = keys::Store::of(url);
    let loaded = keys::load(&settings.keys, &store)?;
    let keyring = loaded.keyring;
    let (seq, hash, next) = stored_head(db).await?;
    if let Some(chain) = next.clone().filter(|id| *id != keyring.current.id) {
        let hint = if keyring.find(&chain).is_some() {
            ": that key is in the keyring as a retired one, and a chain moves to a new key only \
             through `duban audit rotate-key`"
        } else {
            ": configure the keyring the chain was written with"
        };
        return Err(AuditError::WrongKey {
            chain,
            configured: keyring.current.id.clone(),
            hint,
        });
    }
    if let Some(path) = &loaded.create {
        keys::write_file(path, &keyring)?;
        tracing::info!(
            "created the audit key {} (key {}): back it up apart from the database",
            path.display(),
            keyring.current.id
        );
    }
    let anchor = anchor_path(settings, &store)?.map(Anchor::new);
    if anchor.is_none() && matches!(store, keys::Store::Remote) {
        tracing::warn!(
            "no audit anchor file (--audit-anchor): deleting the newest audit entries and rolling \
             the head back would not be detected"
        );
    }
    let fresh_anchor = match &anchor {
        Some(anchor) => check_anchor(anchor, seq),
        None => false,
    };
    let log = AuditLog::with_chain(keyring, anchor);
    if seq > 0 && next.is_none() {
        let entry = Entry {
            action: SEALED.into(),
            content: json!({ "key_id": log.key_id(), "unkeyed_until": seq }),
            ..Entry::default()
        };
        log.append(db, entry).await?;
        tracing::info!(
            "sealed the audit chain's {seq} unkeyed entries with key {}",
            log.key_id()
        );
    } else if fresh_anchor {
        // Anchoring starts from the head as found: nothing older was ever anchored.
        log.chain.anchor(seq, &hash);
    }
    Ok(log)
}

/// The anchor file: as configured, else beside an embedded store, else none.
pub(super) fn anchor_path(
    settings: &AuditSettings,
    store: &keys::Store,
) -> Result<Option<PathBuf>, KeyError> {
    match (&settings.anchor, store.dir()) {
        (Some(path), _) => Ok(Some(path.clone())),
        (None, Some(dir)) => keys::beside(dir, "audit-anchor").map(Some),
        (None, None) => Ok(None),
    }
}

/// Says (in the log) whether the anchor file is ahead of the chain; true if it has nothing yet.
fn check_anchor(anchor: &Anchor, head: i64) -> bool {
    match anchor::read(&anchor.path) {
        Ok(Read::Points(points)) => match points.keys().next_back() {
            Some(&newest) if newest > head => {
                tracing::error!(
                    "the audit chain ends at entry {head}, but its anchor {} records entry {newest}: \
                     entries were removed, or the database was restored from a backup \
                     (`duban audit verify` says which entry; docs/deploy.md, \"Audit trail\")",
                    anchor.path.display()
                );
                false
            }
            Some(_) => false,
            None => true,
        },
        Ok(Read::Missing) => true,
        Ok(Read::Malformed(line)) => {
            tracing::error!(
                "the audit anchor {} has a line ({line}) that is not `seq hash`",
                anchor.path.display()
            );
            false
        }
        Err(e) => {
            tracing::error!(
                "cannot read the audit anchor {}: {e}",
                anchor.path.display()
            );
            false
        }
    }
}

/// Hands the chain to `new`: appends an entry signed with the current key that names the new
/// one, and returns the keyring to use from now on (the new key first, every older one kept,
/// since `verify` still needs them for the entries they signed).
pub async fn rotate(db: &Database, log: &AuditLog, new: Key) -> Result<Keyring, AuditError> {
    let old = &log.chain.keys;
    if old.find(&new.id).is_some() {
        return Err(AuditError::SameKey);
    }
    let entry = Entry {
        action: ROTATED.into(),
        content: json!({ "from": old.current.id, "to": new.id }),
        ..Entry::default()
    };
    log.append(db, entry).await?;
    // Forgotten, so this log's next write rereads the head and is refused: it holds the old key.
    *log.head.lock().await = None;
    let mut retired = vec![old.current.clone()];
    retired.extend(old.retired.iter().cloned());
    Ok(Keyring {
        current: new,
        retired,
    })
}

//! The chain check: walks the entries in order a page at a time, against the keyring, the stored head and the anchor file.

use super::anchor::{self, Read};
use super::keys::Keyring;
use super::{GENESIS, Row, Verification, stored_head};
use crate::store::db::{Database, DbError};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// Entries read per query: memory stays bounded however long the chain grows.
pub const BATCH: usize = 1000;

/// What a stored entry is read back as.
pub(super) const COLUMNS: &str =
    "seq, at, username, role, unit, address, action, content, prev_hash, hash, key_id";

/// Re-walks the whole chain in order, `batch` entries at a time, and reports the first entry that
/// does not fit: a gap, a broken link, a hash that does not match (keyed entries are checked with
/// the key they name, which must be the one the chain expects there), an unkeyed entry after the
/// chain was keyed, or a hash that differs from the one the anchor file recorded for it. Then the
/// end: the stored head and the anchor's newest entry must both be in the chain.
pub async fn verify(
    db: &Database,
    keys: &Keyring,
    anchor_path: Option<&Path>,
    batch: usize,
) -> Result<Verification, DbError> {
    let batch = batch.max(1) as i64;
    let anchored = match anchor_path.map(anchor::read) {
        None => None,
        Some(Ok(Read::Points(points))) => Some(points),
        Some(Ok(Read::Missing)) => Some(BTreeMap::new()),
        Some(Ok(Read::Malformed(line))) => {
            return Ok(broken(
                0,
                1,
                &format!("anchor file line {line} is not `seq hash`"),
            ));
        }
        Some(Err(e)) => return Ok(broken(0, 1, &format!("cannot read the anchor file: {e}"))),
    };
    let mut walk = Walk {
        keys,
        anchored: anchored.as_ref(),
        entries: 0,
        prev: GENESIS.to_owned(),
        key: None,
    };
    loop {
        let after = walk.entries as i64;
        let rows: Vec<Row> = db
            .rows(
                &format!(
                    "SELECT {COLUMNS} FROM audit WHERE seq > $after AND seq <= $until ORDER BY seq ASC"
                ),
                json!({ "after": after, "until": after + batch }),
            )
            .await?;
        if rows.is_empty() {
            // The walk ends at the first empty page: any entry beyond it lies past a gap.
            let beyond: Vec<i64> = db
                .rows(
                    "SELECT VALUE seq FROM audit WHERE seq > $after LIMIT 1",
                    json!({ "after": after }),
                )
                .await?;
            if !beyond.is_empty() {
                return Ok(broken(
                    walk.entries,
                    after + 1,
                    "sequence gap: an entry is missing",
                ));
            }
            break;
        }
        for row in &rows {
            if let Err(reason) = walk.step(row) {
                // The first sequence number that is missing or does not fit.
                return Ok(broken(walk.entries, walk.entries as i64 + 1, &reason));
            }
        }
    }
    walk.finish(db, anchor_path.is_some()).await
}

fn broken(entries: u64, at: i64, reason: &str) -> Verification {
    Verification {
        entries,
        ok: false,
        first_broken: Some(at),
        reason: Some(reason.to_owned()),
        anchored: None,
    }
}

struct Walk<'a> {
    keys: &'a Keyring,
    anchored: Option<&'a BTreeMap<i64, String>>,
    entries: u64,
    prev: String,
    /// The key the next entry must be signed with; None until the first keyed entry.
    key: Option<String>,
}

impl Walk<'_> {
    fn step(&mut self, row: &Row) -> Result<(), String> {
        if row.seq != self.entries as i64 + 1 {
            return Err("sequence gap: an entry is missing".into());
        }
        if row.prev_hash != self.prev {
            return Err("does not link to the previous entry".into());
        }
        match (&row.key_id, &self.key) {
            (None, None) => {
                if row.hash != row.legacy_hash() {
                    return Err("content does not match its hash".into());
                }
            }
            (None, Some(_)) => {
                return Err("an unkeyed entry after the chain was keyed".into());
            }
            (Some(id), expected) => {
                if let Some(expected) = expected.as_ref().filter(|e| *e != id) {
                    return Err(format!(
                        "signed with key {id} where the chain continues with key {expected}"
                    ));
                }
                let Some(key) = self.keys.find(id) else {
                    return Err(format!("signed with key {id}, which is not in the keyring"));
                };
                if row.hash != row.keyed_hash(key) {
                    return Err("content does not match its keyed hash".into());
                }
                self.key = row.next_key();
            }
        }
        if let Some(recorded) = self.anchored.and_then(|a| a.get(&row.seq))
            && *recorded != row.hash
        {
            return Err("differs from the hash the anchor file recorded for it".into());
        }
        self.entries += 1;
        self.prev = row.hash.clone();
        Ok(())
    }

    async fn finish(self, db: &Database, anchor_configured: bool) -> Result<Verification, DbError> {
        let last = self.entries as i64;
        let (head_seq, head_hash, _) = stored_head(db).await?;
        if last != head_seq || self.prev != head_hash {
            return Ok(broken(
                self.entries,
                last + 1,
                "entries after this one were removed",
            ));
        }
        if last > 0 && self.key.is_none() {
            return Ok(broken(
                self.entries,
                last + 1,
                "no entry is keyed yet: start the server once with its key to seal the chain",
            ));
        }
        let newest_anchored = self.anchored.and_then(|a| a.keys().next_back().copied());
        if let Some(anchored) = newest_anchored.filter(|&a| a > last) {
            return Ok(broken(
                self.entries,
                last + 1,
                &format!(
                    "the anchor file records entry {anchored}, but the chain ends at {last}: entries were removed"
                ),
            ));
        }
        if anchor_configured && last > 0 && newest_anchored.is_none() {
            return Ok(broken(
                self.entries,
                last + 1,
                "the anchor file is missing or empty",
            ));
        }
        Ok(Verification {
            entries: self.entries,
            ok: true,
            first_broken: None,
            reason: None,
            anchored: newest_anchored,
        })
    }
}

//! Cutting a torn record off the embedded store's write-ahead log before SurrealKV opens it.
//!
//! A process killed while SurrealKV 0.21.4 writes a commit can leave the start of that commit at
//! the end of the newest log segment: a `First` fragment without its `Last`, or a header whose
//! payload never arrived. That commit was never acknowledged, so losing it is right. But SurrealKV
//! reads such a tail as the end of the log and then opens the segment for appending as it is, so
//! the next commits land behind the torn bytes; at the following restart replay stops at the torn
//! record and drops every commit written after it, each of which a client was told was durable
//! (docs/reliability.md, "Commits appended behind a torn log record"). Cutting the segment back
//! to its last whole record before SurrealKV opens it makes later commits follow a whole record.
//!
//! The format read here is SurrealKV's `wal` module (LevelDB's log format): 32 KiB blocks;
//! records with a 7-byte header (CRC-32 over type and payload, big-endian length, type); records
//! longer than a block split into First/Middle/Last fragments; fewer than 7 bytes left in a block
//! are zero padding.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

const BLOCK: usize = 32 * 1024;
const HEADER: usize = 7;

const FULL: u8 = 1;
const FIRST: u8 = 2;
const MIDDLE: u8 = 3;
const LAST: u8 = 4;
const SET_COMPRESSION: u8 = 9;

/// What the end of a log segment looks like.
#[derive(Debug, PartialEq, Eq)]
pub enum Tail {
    /// It ends with a whole record (or the padding after one).
    Whole,
    /// It ends in a record a crash cut short; everything before `keep` is whole records.
    Torn { keep: u64 },
    /// A bad record is followed by good ones: not a crash's work. Left for SurrealKV to repair.
    Damaged { at: u64 },
}

/// A segment that was cut back.
#[derive(Debug, PartialEq, Eq)]
pub struct Trimmed {
    pub segment: PathBuf,
    pub from: u64,
    pub to: u64,
}

/// Cuts a torn record off the newest log segment of the store in `dir`. Does nothing when
/// another process holds the store: then SurrealKV refuses to open it anyway, and its live log
/// must not be touched.
pub fn trim_torn_tail(dir: &Path) -> io::Result<Option<Trimmed>> {
    let Some(segment) = newest_segment(&dir.join("wal"))? else {
        return Ok(None);
    };
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join("LOCK"))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(None),
        Err(TryLockError::Error(e)) => return Err(e),
    }
    let from = std::fs::metadata(&segment)?.len();
    let outcome = match scan(File::open(&segment)?)? {
        Tail::Whole => None,
        Tail::Torn { keep } => {
            let file = OpenOptions::new().write(true).open(&segment)?;
            file.set_len(keep)?;
            file.sync_all()?;
            Some(Trimmed {
                segment,
                from,
                to: keep,
            })
        }
        Tail::Damaged { at } => {
            tracing::error!(
                "{} has a bad record at byte {at} with whole records after it; \
                 SurrealKV's repair will keep only what comes before it",
                segment.display()
            );
            None
        }
    };
    lock.unlock()?;
    Ok(outcome)
}

/// The segment SurrealKV appends to: the highest-numbered `*.wal` file.
fn newest_segment(wal: &Path) -> io::Result<Option<PathBuf>> {
    let entries = match std::fs::read_dir(wal) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut newest: Option<(u64, PathBuf)> = None;
    for entry in entries {
        let path = entry?.path();
        let number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".wal"))
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(n) = number
            && newest.as_ref().is_none_or(|(m, _)| n > *m)
        {
            newest = Some((n, path));
        }
    }
    Ok(newest.map(|(_, path)| path))
}

/// Reads a segment to its end and says whether it stops on a whole record.
pub fn scan(mut segment: impl Read) -> io::Result<Tail> {
    let mut block = vec![0u8; BLOCK];
    let mut base = 0u64;
    let mut in_fragments = false;
    // The end of the last whole record: where a cut segment ends.
    let mut whole_end = 0u64;
    loop {
        let len = fill(&mut segment, &mut block)?;
        if len == 0 {
            break;
        }
        let bytes = &block[..len];
        let mut at = 0;
        while len - at >= HEADER {
            let next = record(bytes, at).filter(|&(kind, _)| follows(kind, &mut in_fragments));
            let Some((_, end)) = next else {
                return after_bad_record(segment, &mut block, base + at as u64, whole_end);
            };
            if !in_fragments {
                whole_end = base + end as u64;
            }
            at = end;
        }
        base += len as u64;
        if len < BLOCK {
            break;
        }
    }
    // Fewer than a header's bytes after the last record fill out its block as padding, or are
    // the start of a header that was never finished.
    let padded = base.is_multiple_of(BLOCK as u64) && base - whole_end < HEADER as u64;
    Ok(if !in_fragments && (whole_end == base || padded) {
        Tail::Whole
    } else {
        Tail::Torn { keep: whole_end }
    })
}

/// Whether a record of `kind` may come next, tracking whether a split record is open.
fn follows(kind: u8, in_fragments: &mut bool) -> bool {
    match kind {
        FULL | SET_COMPRESSION => !*in_fragments,
        FIRST => !std::mem::replace(in_fragments, true),
        MIDDLE => *in_fragments,
        LAST => std::mem::replace(in_fragments, false),
        _ => false,
    }
}

/// A record starting at `at` whose header, length and checksum hold: its type and end.
fn record(block: &[u8], at: usize) -> Option<(u8, usize)> {
    let header = block.get(at..at + HEADER)?;
    let length = u16::from_be_bytes([header[4], header[5]]) as usize;
    let kind = header[6];
    let end = at + HEADER + length;
    let payload = block.get(at + HEADER..end)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[kind]);
    crc.update(payload);
    let stored = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    (crc.finalize() == stored && matches!(kind, FULL | FIRST | MIDDLE | LAST | SET_COMPRESSION))
        .then_some((kind, end))
}

/// After a bad record: torn if no later block starts with a good one, since a crash only ever
/// cuts a log short and cannot leave good records behind a bad one.
fn after_bad_record(
    mut segment: impl Read,
    block: &mut [u8],
    bad: u64,
    whole_end: u64,
) -> io::Result<Tail> {
    loop {
        let len = fill(&mut segment, block)?;
        if len == 0 {
            return Ok(Tail::Torn { keep: whole_end });
        }
        if record(&block[..len], 0).is_some() {
            return Ok(Tail::Damaged { at: bad });
        }
        if len < BLOCK {
            return Ok(Tail::Torn { keep: whole_end });
        }
    }
}

/// Reads until `buf` is full or the segment ends; the number of bytes read.
fn fill(segment: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = 0;
    while len < buf.len() {
        match segment.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(len)
}

#[cfg(test)]
#[path = "wal_tail_tests.rs"]
mod tests;

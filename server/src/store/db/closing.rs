//! Closing the embedded store on purpose, so what it holds in memory is written to its tables.
//!
//! SurrealKV 0.21.4 can keep an acknowledged transaction only in memory: a commit that finds the
//! memtable full writes its record to the current log, then switches to a new log and memtable
//! and applies itself there (`LsmCommitEnv::apply`). The old log is deleted once the old memtable
//! is on disk, and the new log never held the record, so until the new memtable is flushed a
//! restart replays without it (docs/reliability.md, "A transaction lost at a memtable switch").
//! The SDK has no close call: the store shuts down, flushing every memtable, when the last handle
//! is dropped, on a task of its own that a returning `main` would cancel. So the server drops its
//! handles and waits here until the store's `LOCK` is free, which SurrealKV releases last.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The directory of a `surrealkv://` URL; `None` for other stores.
pub fn embedded_dir(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("surrealkv://")?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// Waits until no process holds the store's lock, at most `limit`; says whether it was freed.
pub async fn wait_until_closed(dir: &std::path::Path, limit: Duration) -> bool {
    let started = Instant::now();
    let lock = dir.join("LOCK");
    loop {
        match std::fs::File::open(&lock) {
            Ok(file) => match file.try_lock() {
                Ok(()) => {
                    // Ours only to look: released at once, and again when `file` drops.
                    if let Err(e) = file.unlock() {
                        tracing::warn!("could not release {}: {e}", lock.display());
                    }
                    return true;
                }
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => {
                    tracing::warn!("cannot tell whether {} is free: {e}", lock.display());
                    return false;
                }
            },
            // No lock file: nothing holds the store.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(e) => {
                tracing::warn!("cannot open {}: {e}", lock.display());
                return false;
            }
        }
        if started.elapsed() >= limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::embedded_dir;
    use std::path::PathBuf;

    #[test]
    fn only_an_embedded_file_store_has_a_directory() {
        assert_eq!(
            embedded_dir("surrealkv://./data?sync=every"),
            Some(PathBuf::from("./data"))
        );
        assert_eq!(
            embedded_dir("surrealkv:///var/lib/duban"),
            Some(PathBuf::from("/var/lib/duban"))
        );
        assert_eq!(embedded_dir("mem://"), None);
        assert_eq!(embedded_dir("ws://127.0.0.1:8000"), None);
    }
}

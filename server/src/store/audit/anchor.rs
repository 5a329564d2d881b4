//! The anchor file: the chain's head appended outside the database after each commit, so a rolled-back head shows.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Past this size the file is cut back to its last line: only the newest anchor is needed to
/// catch a rollback, and the file must not grow with every batch for years.
const MAX_BYTES: u64 = 1024 * 1024;

/// A power cut may lose at most this much of the anchor's tail; a sync per batch would double
/// the syncs every durable write waits for.
const SYNC_EVERY: Duration = Duration::from_secs(1);

pub struct Anchor {
    pub path: PathBuf,
    state: Mutex<State>,
}

struct State {
    last_sync: Option<Instant>,
    /// A failing write is logged once, not at every batch.
    failing: bool,
}

impl Anchor {
    pub fn new(path: PathBuf) -> Anchor {
        Anchor {
            path,
            state: Mutex::new(State {
                last_sync: None,
                failing: false,
            }),
        }
    }

    /// Appends `seq hash`. The commit it records already stands, so a failure here is logged
    /// and the write goes on; `verify` then reports the anchor's gap.
    pub fn record(&self, seq: i64, hash: &str) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match self.append(seq, hash) {
            Ok((file, len)) => {
                if state.failing {
                    tracing::info!("the audit anchor {} is written again", self.path.display());
                }
                state.failing = false;
                if len > MAX_BYTES {
                    self.cut_back(seq, hash);
                } else if state.last_sync.is_none_or(|t| t.elapsed() >= SYNC_EVERY) {
                    state.last_sync = Some(Instant::now());
                    let path = self.path.clone();
                    // Off the caller's thread: the writer and request handlers must not wait on a disk sync.
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = file.sync_data() {
                            tracing::warn!("cannot sync the audit anchor {}: {e}", path.display());
                        }
                    });
                }
            }
            Err(e) => {
                if !state.failing {
                    tracing::error!(
                        "cannot append to the audit anchor {}: {e}",
                        self.path.display()
                    );
                }
                state.failing = true;
            }
        }
    }

    fn append(&self, seq: i64, hash: &str) -> std::io::Result<(std::fs::File, u64)> {
        // Opened each time: another process anchoring the same file may have cut it back.
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        file.write_all(format!("{seq} {hash}\n").as_bytes())?;
        let len = file.metadata()?.len();
        Ok((file, len))
    }

    fn cut_back(&self, seq: i64, hash: &str) {
        let mut name = self.path.file_name().unwrap_or_default().to_owned();
        name.push(".new");
        let temp = self.path.with_file_name(name);
        let written = std::fs::write(&temp, format!("{seq} {hash}\n"))
            .and_then(|()| std::fs::File::open(&temp)?.sync_all())
            .and_then(|()| std::fs::rename(&temp, &self.path));
        if let Err(e) = written {
            tracing::warn!(
                "cannot cut back the audit anchor {}: {e}",
                self.path.display()
            );
        }
    }
}

/// What the anchor file says: each anchored sequence number and its hash.
pub enum Read {
    Missing,
    Points(BTreeMap<i64, String>),
    /// A line that is not `seq hash` (its number, from 1).
    Malformed(usize),
}

pub fn read(path: &Path) -> std::io::Result<Read> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Read::Missing),
        Err(e) => return Err(e),
    };
    let mut points = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let parsed = fields
            .next()
            .and_then(|s| s.parse::<i64>().ok())
            .zip(fields.next());
        match parsed {
            Some((seq, hash)) => {
                points.insert(seq, hash.to_owned());
            }
            None if line.trim().is_empty() => {}
            None => return Ok(Read::Malformed(n + 1)),
        }
    }
    Ok(Read::Points(points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_record_is_a_line_and_reads_back() {
        let path = std::env::temp_dir().join(format!("duban-anchor-{}", uuid::Uuid::new_v4()));
        let anchor = Anchor::new(path.clone());
        anchor.record(3, "aa");
        anchor.record(5, "bb");
        let Ok(Read::Points(points)) = read(&path) else {
            panic!("the anchor reads back");
        };
        assert_eq!(
            points.into_iter().collect::<Vec<_>>(),
            [(3, "aa".to_owned()), (5, "bb".to_owned())]
        );
        std::fs::write(&path, "3 aa\nnonsense\n").expect("write");
        assert!(matches!(read(&path), Ok(Read::Malformed(2))));
        let _ = std::fs::remove_file(&path);
    }
}

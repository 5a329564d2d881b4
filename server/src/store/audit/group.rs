//! Group commit: writes queued while a commit runs go into the next one together, one transaction
//! and one sync, each with its own audit entry chained in arrival order (a write that changes a
//! record an earlier one in the batch changes waits for the next).

use super::{Chain, GroupStats, Head, Row, commit_one, read_head};
use crate::store::db::unit::{Statement, Unit};
use crate::store::db::{Database, DbError};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::{mpsc, oneshot};

/// At most this many writes in one transaction: a bound on its size, not a target. Under load a
/// batch is whatever arrived during the previous commit.
const MAX_BATCH: usize = 64;

/// One caller's write: its audit entry, the records it changes, its unit of work, and where to
/// answer.
pub(super) struct Job {
    pub entry: super::Entry,
    /// Keys of what the write changes (a matter's id): two writes with a key in common never share
    /// a batch, so the one that loses the race fails alone instead of failing the batch.
    pub touches: Vec<String>,
    /// Its statements and whole rows: a batch's units are taken into one (`Unit::append`), which
    /// adds all their rows of one kind in one statement.
    pub unit: Unit,
    pub done: oneshot::Sender<Result<(), DbError>>,
}

pub(super) fn spawn(
    db: Database,
    head: Head,
    stats: Arc<GroupStats>,
    chain: Arc<Chain>,
) -> mpsc::UnboundedSender<Job> {
    let (tx, rx) = mpsc::unbounded_channel();
    // Its own thread: on the shared runtime the writer, once woken, waited in line behind request
    // handlers, and it is the one thing every durable write waits for (docs/performance.md).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => {
            let spawned = std::thread::Builder::new()
                .name("duban-writer".into())
                .spawn(move || runtime.block_on(write_loop(db, head, stats, chain, rx)));
            // Without it every write is answered `WriterGone`, which the caller reports.
            if let Err(e) = spawned {
                tracing::error!("cannot start the writer's thread: {e}");
            }
        }
        Err(e) => {
            tracing::warn!("no runtime for the writer's thread ({e}); it shares the server's");
            tokio::spawn(write_loop(db, head, stats, chain, rx));
        }
    }
    tx
}

async fn write_loop(
    db: Database,
    head: Head,
    stats: Arc<GroupStats>,
    chain: Arc<Chain>,
    mut rx: mpsc::UnboundedReceiver<Job>,
) {
    // Writes held back from a batch that already changed the same record, oldest first.
    let mut held: VecDeque<Job> = VecDeque::new();
    loop {
        let first = match held.pop_front() {
            Some(job) => job,
            None => match rx.recv().await {
                Some(job) => job,
                None => break,
            },
        };
        let mut jobs = vec![first];
        let mut later = VecDeque::new();
        for job in held.drain(..) {
            take_or_hold(&mut jobs, &mut later, job);
        }
        for _ in 0..MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => take_or_hold(&mut jobs, &mut later, job),
                Err(_) => break,
            }
        }
        held = later;
        let started = std::time::Instant::now();
        write_batch(&db, &chain, &head, &stats, jobs).await;
        let busy = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        stats.busy_micros.fetch_add(busy, Ordering::Relaxed);
    }
}

/// Commits one batch and answers each of its callers.
async fn write_batch(
    db: &Database,
    chain: &Chain,
    head: &Head,
    stats: &GroupStats,
    jobs: Vec<Job>,
) {
    let mut head = head.lock().await;
    if jobs.len() > 1 {
        match commit_batch(db, chain, &mut head, &jobs).await {
            Ok(()) => {
                stats.transactions.fetch_add(1, Ordering::Relaxed);
                stats.writes.fetch_add(jobs.len() as u64, Ordering::Relaxed);
                for job in jobs {
                    answer(job.done, Ok(()));
                }
                return;
            }
            // One of them is refused (a stale version, a duplicate key) or another process
            // wrote meanwhile: each alone tells which, and gets its own answer.
            Err(e) => tracing::debug!(
                "a batch of {} writes failed, retrying each: {e}",
                jobs.len()
            ),
        }
    }
    for job in jobs {
        let result = commit_one(db, chain, &mut head, &job.entry, &job.unit).await;
        if result.is_ok() {
            stats.transactions.fetch_add(1, Ordering::Relaxed);
            stats.writes.fetch_add(1, Ordering::Relaxed);
        }
        answer(job.done, result.map(|_| ()));
    }
}

/// Into this batch if there is room and it shares no record with the batch's writes; otherwise
/// held for a later one. Two actions on one matter from two users at the same moment both passed
/// the version check; in one transaction the second's event clashes with the first's, which
/// failed the whole batch and sent every write in it to disk one by one, each with its own sync.
fn take_or_hold(jobs: &mut Vec<Job>, held: &mut VecDeque<Job>, job: Job) {
    let clashes = jobs
        .iter()
        .any(|j| j.touches.iter().any(|k| job.touches.contains(k)));
    if jobs.len() < MAX_BATCH && !clashes {
        jobs.push(job);
    } else {
        held.push_back(job);
    }
}

/// The caller may be gone (its client hung up): the write stands, and there is no one to tell.
fn answer(done: oneshot::Sender<Result<(), DbError>>, result: Result<(), DbError>) {
    if done.send(result).is_err() {
        tracing::debug!("a grouped write finished after its caller left");
    }
}

async fn commit_batch(
    db: &Database,
    chain: &Chain,
    head: &mut Option<(i64, String)>,
    jobs: &[Job],
) -> Result<(), DbError> {
    let (mut seq, mut hash) = match head.clone() {
        Some(h) => h,
        None => read_head(db, chain).await?,
    };
    let mut unit = Unit::new();
    let mut rows = Vec::with_capacity(jobs.len());
    for job in jobs {
        unit.append(job.unit.clone());
        let row = Row::chained(&job.entry, seq, hash, &chain.keys.current);
        (seq, hash) = (row.seq, row.hash.clone());
        rows.push(serde_json::to_value(&row)?);
    }
    // One statement for the batch's entries: SurrealDB's cost is mostly per statement
    // (docs/performance.md, "Durable action writes").
    unit.push(Statement::new("INSERT INTO audit $rows RETURN NONE;").bind("rows", rows));
    unit.push(
        Statement::new("UPSERT audit_head:main SET seq = $seq, hash = $hash RETURN NONE;")
            .bind("seq", seq)
            .bind("hash", hash.clone()),
    );
    match unit.commit(db).await {
        Ok(_) => {
            chain.anchor(seq, &hash);
            *head = Some((seq, hash));
            Ok(())
        }
        Err(e) => {
            *head = None;
            Err(e)
        }
    }
}

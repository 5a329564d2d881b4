//! Group commit: writes queued while a commit runs go into the next one together, one transaction
//! and one sync, each with its own audit entry chained in arrival order (a write that changes a
//! record an earlier one in the batch changes waits for the next).

use super::{Chain, GroupStats, Head, Row, commit_one, read_head};
use crate::store::db::{Database, DbError};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::{mpsc, oneshot};

/// At most this many writes in one transaction: a bound on its size, not a target. Under load a
/// batch is whatever arrived during the previous commit.
const MAX_BATCH: usize = 64;

/// One caller's write: its audit entry, the records it changes, its statements and their
/// variables, and where to answer.
pub(super) struct Job {
    pub entry: super::Entry,
    /// Keys of what the write changes (a matter's id): two writes with a key in common never share
    /// a batch, so the one that loses the race fails alone instead of failing the batch.
    pub touches: Vec<String>,
    pub sql: String,
    pub vars: Map<String, Value>,
    /// Whole rows the write adds, each under the statement that adds it (`INSERT INTO event`):
    /// a batch adds all its writes' rows of one statement at once.
    pub rows: Vec<(&'static str, Value)>,
    pub done: oneshot::Sender<Result<(), DbError>>,
}

/// `sql` followed by one statement per kind of row in `rows`, their rows bound in `vars`.
fn with_rows<'a>(
    sql: &mut String,
    vars: &mut Map<String, Value>,
    rows: impl IntoIterator<Item = &'a (&'static str, Value)>,
) {
    let mut by_statement: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (statement, row) in rows {
        by_statement.entry(statement).or_default().push(row.clone());
    }
    for (n, (statement, rows)) in by_statement.into_iter().enumerate() {
        let name = format!("grouped_rows{n}");
        vars.insert(name.clone(), Value::Array(rows));
        sql.push_str(&format!("{statement} ${name} RETURN NONE;\n"));
    }
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
        let (mut sql, mut vars) = (job.sql, job.vars);
        with_rows(&mut sql, &mut vars, &job.rows);
        let result = commit_one(db, chain, &mut head, &job.entry, &sql, &vars).await;
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
    let mut sql = String::from("BEGIN TRANSACTION;\n");
    let mut vars = Map::new();
    let mut rows = Vec::with_capacity(jobs.len());
    for (k, job) in jobs.iter().enumerate() {
        // Digits then `_`: no two jobs' names can meet, nor meet `head_*`, `audit_rows` and
        // `grouped_rows*` below.
        let prefix = format!("g{k}_");
        sql.push_str(&prefixed(&job.sql, &job.vars, &prefix));
        sql.push('\n');
        for (name, value) in &job.vars {
            vars.insert(format!("{prefix}{name}"), value.clone());
        }
        let row = Row::chained(&job.entry, seq, hash, &chain.keys.current);
        (seq, hash) = (row.seq, row.hash.clone());
        rows.push(serde_json::to_value(&row)?);
    }
    // One statement for the batch's entries: SurrealDB's cost is mostly per statement
    // (docs/performance.md, "Where a write's time goes").
    with_rows(&mut sql, &mut vars, jobs.iter().flat_map(|j| &j.rows));
    vars.insert("audit_rows".into(), Value::Array(rows));
    sql.push_str("INSERT INTO audit $audit_rows RETURN NONE;\n");
    vars.insert("head_seq".into(), json!(seq));
    vars.insert("head_hash".into(), json!(hash));
    sql.push_str(
        "UPSERT audit_head:main SET seq = $head_seq, hash = $head_hash RETURN NONE;
         COMMIT TRANSACTION;",
    );
    match db.run(&sql, Value::Object(vars)).await {
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

/// `sql` with each of its own variables (bound in `vars` or declared by `LET`) renamed to
/// `prefix` + name, so several writes' statements can share one query. Parameters SurrealDB
/// defines (`$this`, `$value`, …) and anything inside quotes stay as they are.
pub(super) fn prefixed(sql: &str, vars: &Map<String, Value>, prefix: &str) -> String {
    let params = params(sql);
    let declared: BTreeSet<&str> = params
        .iter()
        .filter(|(start, _)| {
            // `start - 1` is the `$`, one byte.
            let before = sql[..*start - 1].trim_end();
            let keyword = before.len().checked_sub(3);
            keyword.and_then(|k| before.get(k..)).is_some_and(|word| {
                word.eq_ignore_ascii_case("LET") && !before[..before.len() - 3].ends_with(is_ident)
            })
        })
        .map(|&(start, end)| &sql[start..end])
        .collect();
    let mut out = String::with_capacity(sql.len() + params.len() * prefix.len());
    let mut copied = 0;
    for (start, end) in params {
        let name = &sql[start..end];
        if vars.contains_key(name) || declared.contains(name) {
            out.push_str(&sql[copied..start]);
            out.push_str(prefix);
            out.push_str(name);
            copied = end;
        }
    }
    out.push_str(&sql[copied..]);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The byte ranges of every `$name`'s name outside quoted text.
fn params(sql: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
            }
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '$' => {
                let start = i + 1;
                let mut end = start;
                while let Some(&(j, d)) = chars.peek() {
                    if !is_ident(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                if end > start {
                    found.push((start, end));
                }
            }
            None => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::prefixed;
    use serde_json::{Map, Value, json};

    fn vars(names: &[&str]) -> Map<String, Value> {
        names.iter().map(|n| (n.to_string(), json!(1))).collect()
    }

    #[test]
    fn a_writes_own_variables_are_renamed_and_nothing_else() {
        let sql = "LET $ns = (SELECT VALUE n FROM type::record('number_seq', $ny))[0] ?? 0;
                   IF $ns != $nprev { THROW 'number_race $ny' };
                   CREATE type::record('event', $e1_key) CONTENT $e1 RETURN NONE;
                   UPDATE x SET a = $this.a, b = $value, c = \"$e1\" WHERE id = $e10;";
        let out = prefixed(sql, &vars(&["ny", "nprev", "e1", "e1_key", "e10"]), "g3_");
        assert_eq!(
            out,
            "LET $g3_ns = (SELECT VALUE n FROM type::record('number_seq', $g3_ny))[0] ?? 0;
                   IF $g3_ns != $g3_nprev { THROW 'number_race $ny' };
                   CREATE type::record('event', $g3_e1_key) CONTENT $g3_e1 RETURN NONE;
                   UPDATE x SET a = $this.a, b = $value, c = \"$e1\" WHERE id = $g3_e10;"
        );
    }

    #[test]
    fn a_name_ending_in_let_does_not_declare() {
        let sql = "SELECT * FROM outlet WHERE a = $inlet; LET $own = 1; RETURN $own + $b;";
        let out = prefixed(sql, &vars(&["b"]), "g0_");
        assert_eq!(
            out,
            "SELECT * FROM outlet WHERE a = $inlet; LET $g0_own = 1; RETURN $g0_own + $g0_b;"
        );
    }

    #[test]
    fn escaped_quotes_and_non_ascii_text_are_kept() {
        let sql = "CREATE n SET t = '督办 \\' $x', u = $x;";
        assert_eq!(
            prefixed(sql, &vars(&["x"]), "g1_"),
            "CREATE n SET t = '督办 \\' $x', u = $g1_x;"
        );
    }
}

//! Reports from the record: loading matters for the engine in `shared::briefing`, and issuing numbered briefings.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::services::workflow::Idem;
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::db::matters::Doc;
use crate::store::db::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use shared::briefing::ReportContext;
use shared::cancel::{Cancel, Cancelled};
use shared::report::{BriefingSummary, IssuedBriefing, briefing_number};
use shared::stats::{BulletinRules, Period};
use shared::{Calendar, Matter};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The matters a report on `from..=to` can count: open ones proposed by its end, and those closed
/// since its start (`shared::briefing` counts a matter issued by the end and not closed before the
/// start). Two indexed reads instead of every matter: at 200,000 matters a year's report reads
/// about a fifth of them.
pub async fn matters_for(
    db: &Database,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Matter>, DbError> {
    let results = db
        .run(
            "SELECT doc FROM matter WHERE open = true AND proposed_on <= $to;
             SELECT doc FROM matter WHERE closed_on >= $from AND closed_on <= '9999-12-31' AND proposed_on <= $to;",
            json!({ "from": from.to_string(), "to": to.to_string() }),
        )
        .await?;
    docs_of(results)
}

/// The matters the accountability list can name as of `today`: overdue open ones (by deadline)
/// and those marked `accountable` when written (second reminder, returned, misreported, uncooperative).
pub async fn accountability_matters(
    db: &Database,
    today: chrono::NaiveDate,
) -> Result<Vec<Matter>, DbError> {
    let results = db
        .run(
            "SELECT doc FROM matter WHERE deadline >= '0001-01-01' AND deadline < $today AND open = true;
             SELECT doc FROM matter WHERE accountable = true;",
            json!({ "today": today.to_string() }),
        )
        .await?;
    let mut matters = docs_of(results)?;
    let mut seen = std::collections::HashSet::new();
    matters.retain(|m| seen.insert(m.id.clone()));
    Ok(matters)
}

fn docs_of(results: Vec<Value>) -> Result<Vec<Matter>, DbError> {
    let mut out = Vec::new();
    for result in results {
        for r in crate::store::db::rows_of::<Doc>(result)? {
            out.push(serde_json::from_str(&r.doc)?);
        }
    }
    Ok(out)
}

/// Reports computed from the record, kept until the record changes: every change to a matter
/// (an action, a light the sweep moved) stamps its row's `updated_at`, so the newest stamp (one
/// step down an index, the same for every server process on the database) with the calendar is the
/// version. The audit head would not do: reading a report is audited. The lock is held only to
/// look up and to store, never while a report is computed, so one slow report delays no other;
/// two requests for the same missing report may both compute it.
#[derive(Default)]
pub struct ReportCache {
    entries: std::sync::Mutex<BTreeMap<String, Cached>>,
}

struct Cached {
    version: String,
    value: Arc<dyn std::any::Any + Send + Sync>,
}

/// More keys than the periods anyone asks for in a day; past it the cache starts over.
const MAX_CACHED_REPORTS: usize = 64;

impl ReportCache {
    pub async fn get_or_compute<T, F, Fut>(
        &self,
        db: &Database,
        key: String,
        compute: F,
    ) -> Result<T, ApiError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        #[derive(Deserialize)]
        struct Newest {
            updated_at: String,
        }
        let newest: Option<Newest> = db
            .first(
                "SELECT updated_at FROM matter ORDER BY updated_at DESC LIMIT 1",
                json!({}),
            )
            .await?;
        let version = newest.map_or_else(String::new, |n| n.updated_at);
        if let Some(hit) = self
            .lock()
            .get(&key)
            .filter(|c| c.version == version)
            .and_then(|c| c.value.downcast_ref::<T>())
        {
            return Ok(hit.clone());
        }
        let value = compute().await?;
        let mut entries = self.lock();
        if entries.len() >= MAX_CACHED_REPORTS {
            entries.clear();
        }
        entries.insert(
            key,
            Cached {
                version,
                value: Arc::new(value.clone()),
            },
        );
        Ok(value)
    }

    /// The map holds whole entries only (inserted or cleared in one step), so a poisoned lock
    /// still holds a usable cache.
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Cached>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Runs a report's computation on the blocking pool, off the async workers that answer every other
/// request. Dropping the returned future (its request ran past the time budget, or the client left)
/// sets the flag the computation checks between its steps, so the work stops instead of burning a
/// thread for an answer nobody reads.
pub async fn off_workers<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(Cancel<'_>) -> Result<T, Cancelled> + Send + 'static,
{
    let flag = Arc::new(AtomicBool::new(false));
    let _stop_when_dropped = StopWhenDropped(flag.clone());
    let joined = tokio::task::spawn_blocking(move || work(Cancel::on(&flag))).await;
    match joined {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(Cancelled)) => Err(ApiError::OverBudget),
        Err(e) => Err(ApiError::Internal(format!(
            "report computation failed: {e}"
        ))),
    }
}

struct StopWhenDropped(Arc<AtomicBool>);

impl Drop for StopWhenDropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Today in China, the day reports are cut at.
pub fn today() -> chrono::NaiveDate {
    shared::engine::china_date(chrono::Utc::now())
}

pub fn context<'a>(
    calendar: &'a Calendar,
    today: chrono::NaiveDate,
    cancel: Cancel<'a>,
) -> ReportContext<'a> {
    ReportContext {
        today,
        calendar,
        rules: BulletinRules::default(),
        yellow_days: shared::engine::DEFAULT_YELLOW_DAYS,
        cancel,
    }
}

/// Unit code → name, for the Excel sheets read by people rather than programs.
pub async fn unit_names(db: &Database) -> Result<BTreeMap<String, String>, DbError> {
    #[derive(Deserialize)]
    struct U {
        code: String,
        name: String,
    }
    let rows: Vec<U> = db.rows("SELECT code, name FROM unit", json!({})).await?;
    Ok(rows.into_iter().map(|u| (u.code, u.name)).collect())
}

#[derive(Debug, Serialize, Deserialize)]
struct BriefingRow {
    number: String,
    year: i64,
    seq: i64,
    period_from: String,
    period_to: String,
    issued_on: String,
    issued_by: String,
    doc: String,
}

/// Issues a briefing: the next number of the year, the content as generated, the audit entry and
/// the idempotency answer in one transaction. A concurrent issue taking the same number retries.
pub async fn issue(
    state: &AppState,
    user: &CurrentUser,
    address: &str,
    period: Period,
    lead: String,
    idem: Idem,
) -> Result<IssuedBriefing, ApiError> {
    let today = today();
    let matters = matters_for(&state.db, period.from, period.to).await?;
    let calendar = state.calendar().await?;
    let content = off_workers(move |cancel| {
        shared::briefing::briefing(&matters, period, &context(&calendar, today, cancel))
    })
    .await?;
    let year = chrono::Datelike::year(&today);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let seq = last_seq(&state.db, year).await? + 1;
        let (head_seq, head_hash) = crate::store::audit::head(&state.db).await?;
        let issued = IssuedBriefing {
            number: briefing_number(year, seq),
            year,
            seq,
            lead: lead.clone(),
            issued_on: today,
            issued_by: user.username.clone(),
            briefing: content.clone(),
            audit_head: Some(shared::report::AuditHead {
                seq: head_seq,
                hash: head_hash,
            }),
        };
        let row = BriefingRow {
            number: issued.number.clone(),
            year: i64::from(year),
            seq: i64::from(seq),
            period_from: period.from.to_string(),
            period_to: period.to.to_string(),
            issued_on: today.to_string(),
            issued_by: user.username.clone(),
            doc: serde_json::to_string(&issued)?,
        };
        let mut vars = Map::new();
        vars.insert("b".into(), serde_json::to_value(&row)?);
        vars.insert("b_key".into(), json!([year, seq]));
        let mut sql =
            String::from("CREATE type::record('briefing', $b_key) CONTENT $b RETURN NONE;\n");
        let answer = crate::services::idempotency::Answer::Briefing {
            number: &issued.number,
        };
        let record =
            crate::services::idempotency::record(user, &idem.key, &idem.hash, idem.status, answer);
        sql.push_str(&record.sql);
        vars.extend(record.vars);
        let entry = Entry {
            username: Some(user.username.clone()),
            role: Some(user.role.code().into()),
            unit: user.unit.clone(),
            address: Some(address.to_owned()),
            action: "briefing.issue".into(),
            content: json!({ "number": issued.number, "period": period, "lead": lead }),
        };
        match state.audit.append_with(&state.db, entry, &sql, vars).await {
            Ok(_) => return Ok(issued),
            // Another office took this number first: take the next one.
            Err(e) if attempts < 3 && e.to_string().contains("already") => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

async fn last_seq(db: &Database, year: i32) -> Result<u32, DbError> {
    let rows: Vec<Value> = db
        .rows(
            "SELECT VALUE seq FROM briefing WHERE year = $y ORDER BY seq DESC LIMIT 1",
            json!({ "y": year }),
        )
        .await?;
    Ok(rows
        .first()
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0))
}

/// Issued briefings, newest first.
pub async fn list(db: &Database) -> Result<Vec<BriefingSummary>, DbError> {
    let rows: Vec<Doc> = db
        .rows(
            "SELECT doc, year, seq FROM briefing ORDER BY year DESC, seq DESC",
            json!({}),
        )
        .await?;
    rows.iter()
        .map(|r| {
            let b: IssuedBriefing = serde_json::from_str(&r.doc)?;
            Ok(b.summary())
        })
        .collect()
}

/// One issued briefing, by `2026-3` or by its full number `督办简报〔2026〕3期`.
pub async fn find(db: &Database, no: &str) -> Result<Option<IssuedBriefing>, DbError> {
    let row: Option<Doc> = match no
        .split_once('-')
        .and_then(|(y, s)| Some((y.parse::<i32>().ok()?, s.parse::<u32>().ok()?)))
    {
        Some((year, seq)) => {
            db.first(
                "SELECT doc FROM briefing WHERE year = $y AND seq = $s LIMIT 1",
                json!({ "y": year, "s": seq }),
            )
            .await?
        }
        None => {
            db.first(
                "SELECT doc FROM briefing WHERE number = $n LIMIT 1",
                json!({ "n": no }),
            )
            .await?
        }
    };
    row.map(|r| serde_json::from_str(&r.doc).map_err(DbError::from))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Long enough for any machine; reached only when the behaviour under test is broken.
    const HANG: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn dropping_the_request_stops_the_report_work() {
        let (started, work_started) = tokio::sync::oneshot::channel();
        let (ended, work_ended) = std::sync::mpsc::channel();
        let request = off_workers(move |cancel| {
            let _ = started.send(());
            // A report's steps: each checks the flag before it starts.
            while cancel.check().is_ok() {
                std::thread::yield_now();
            }
            let _ = ended.send(());
            Err::<(), _>(Cancelled)
        });
        tokio::select! {
            _ = request => panic!("the work cannot finish before it is cancelled"),
            _ = work_started => {}
        }
        // The request's future was dropped at the end of the select.
        let stopped = tokio::task::spawn_blocking(move || work_ended.recv_timeout(HANG)).await;
        assert!(
            matches!(stopped, Ok(Ok(()))),
            "the work stopped once nobody waited for it"
        );
    }

    #[tokio::test]
    async fn a_report_being_computed_does_not_hold_up_another() {
        let db = Database::connect(&crate::config::Settings::for_tests().database)
            .await
            .expect("an in-memory database");
        crate::store::db::migrations::migrate(&db)
            .await
            .expect("migrated");
        let cache = Arc::new(ReportCache::default());
        let (entered, slow_entered) = tokio::sync::oneshot::channel();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let slow = {
            let (cache, db) = (cache.clone(), db.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute(&db, "slow".into(), || async {
                        let _ = entered.send(());
                        let _ = released.await;
                        Ok(1u32)
                    })
                    .await
            })
        };
        slow_entered.await.expect("the slow report started");
        let other = tokio::time::timeout(
            HANG,
            cache.get_or_compute(&db, "other".into(), || async { Ok(2u32) }),
        )
        .await;
        assert!(
            matches!(other, Ok(Ok(2))),
            "answered while the slow one computes"
        );
        assert!(!slow.is_finished());
        let _ = release.send(());
        assert!(matches!(slow.await, Ok(Ok(1))));
    }
}

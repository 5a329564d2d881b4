//! Reports from the record: loading matters for the engine in `shared::briefing`, and issuing numbered briefings.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::services::idempotency::{Answer, Idem};
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::db::matters::Doc;
use crate::store::db::unit::Unit;
use crate::store::db::{Database, DbError, briefings};
use serde::Deserialize;
use serde_json::{Value, json};
use shared::briefing::ReportContext;
use shared::cancel::{Cancel, Cancelled};
use shared::report::{IssuedBriefing, briefing_number};
use shared::settings::Settings;
use shared::stats::Period;
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

/// The matters the accountability list for `period` can name: those whose deadline passed before
/// its end and that were open during it (late by the unit's clock, `shared::accountability`
/// decides), and those marked `accountable` when written (a misreport or an uncooperative unit).
pub async fn accountability_matters(db: &Database, period: Period) -> Result<Vec<Matter>, DbError> {
    let results = db
        .run(
            "SELECT doc FROM matter WHERE deadline >= '0001-01-01' AND deadline < $to AND open = true;
             SELECT doc FROM matter WHERE deadline >= '0001-01-01' AND deadline < $to AND closed_on >= $from AND closed_on <= '9999-12-31';
             SELECT doc FROM matter WHERE accountable = true;",
            json!({ "from": period.from.to_string(), "to": period.to.to_string() }),
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

/// What a report is computed with: the day, the calendar, and the admin's thresholds and
/// yellow-light lead time.
pub fn context<'a>(
    calendar: &'a Calendar,
    settings: &Settings,
    today: chrono::NaiveDate,
    cancel: Cancel<'a>,
) -> ReportContext<'a> {
    ReportContext {
        today,
        calendar,
        rules: settings.bulletin(),
        yellow_days: settings.yellow_days,
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

/// Issues a briefing: the next number of the year, the content as generated, the audit entry and
/// the idempotency answer in one transaction. A concurrent issue taking the same number retries.
pub async fn issue(
    state: &AppState,
    user: &CurrentUser,
    address: &str,
    period: Period,
    lead: String,
    idem: &Idem,
) -> Result<IssuedBriefing, ApiError> {
    let today = today();
    let matters = matters_for(&state.db, period.from, period.to).await?;
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let content = off_workers(move |cancel| {
        shared::briefing::briefing(
            &matters,
            period,
            &context(&calendar, &settings, today, cancel),
        )
    })
    .await?;
    let year = chrono::Datelike::year(&today);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let seq = briefings::last_seq(&state.db, year).await? + 1;
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
        let mut unit = Unit::from(briefings::create(&issued, period)?);
        unit.push(idem.record(
            user,
            Answer::Briefing {
                number: &issued.number,
            },
        ));
        let entry = Entry {
            username: Some(user.username.clone()),
            role: Some(user.role.code().into()),
            unit: user.unit.clone(),
            address: Some(address.to_owned()),
            action: "briefing.issue".into(),
            content: json!({ "number": issued.number, "period": period, "lead": lead }),
        };
        match state.audit.append_with(&state.db, entry, unit).await {
            Ok(_) => return Ok(issued),
            // Another office took this number first: take the next one.
            Err(e) if attempts < 3 && e.is_taken() => continue,
            Err(e) => return Err(e.into()),
        }
    }
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
}

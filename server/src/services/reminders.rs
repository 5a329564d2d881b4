//! The reminder task: refreshes lights, sends due-soon and overdue notices once a day, chases HBUT notices not yet signed for, and fills the escalation queue.

use crate::services::notify::{self, Audience};
use crate::state::AppState;
use crate::store::counters;
use crate::store::db::listing::Listed;
use crate::store::db::matters;
use crate::store::db::unit::{Statement, Unit};
use crate::store::db::{Database, DbError};
use serde_json::{Value, json};
use shared::api::NotificationKind;
use shared::clocks::{ClockKind, Party};
use shared::engine::{Context, china_date};
use shared::escalation;
use shared::light::light;
use shared::matter::MatterKind;
use shared::{Light, Matter};
use std::collections::HashMap;
use std::time::Duration;

/// What one sweep did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sweep {
    pub checked: usize,
    pub lights_changed: usize,
    pub notices: usize,
    pub escalations: usize,
}

/// Runs `sweep` every `period`, on whichever server process holds the lease.
pub fn spawn(state: AppState, period: Duration) -> tokio::task::JoinHandle<()> {
    let holder = crate::services::workflow::new_matter_id();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let lease = period.as_secs().max(1) * 3;
            match take_lease(&state.db, &holder, lease).await {
                Ok(true) => {
                    let started = std::time::Instant::now();
                    match sweep(&state, chrono::Utc::now()).await {
                        Ok(s) => tracing::info!(
                            ?s,
                            ms = started.elapsed().as_millis() as u64,
                            "reminder sweep"
                        ),
                        Err(e) => tracing::error!("reminder sweep failed: {e}"),
                    }
                }
                Ok(false) => tracing::debug!("another process holds the reminder lease"),
                Err(e) => tracing::error!("reminder lease: {e}"),
            }
        }
    })
}

/// Takes or renews the lease unless another holder's is still valid: with several server
/// processes on one database the task runs once.
///
/// The time is the database's (`time::now()` as the statement runs), never this process's: a
/// process that computed "now" before a slow round trip once wrote a lease already expired when it
/// landed (asked at :28, written at :45), so the other process rightly took it while the first one
/// swept too. And an answer that took half the lease to arrive leaves too little of it to sweep
/// under, so it counts as not holding it.
pub async fn take_lease(db: &Database, holder: &str, secs: u64) -> Result<bool, DbError> {
    let asked = std::time::Instant::now();
    let take = Statement::new(
        "LET $now = time::unix(time::now());
         LET $l = (SELECT holder, until FROM lease:reminders)[0];
         LET $mine = $l = NONE OR $l.until < $now OR $l.holder = $me;
         IF $mine { UPSERT lease:reminders SET holder = $me, until = $now + $secs RETURN NONE; };
         RETURN $mine;",
    )
    .bind("me", holder)
    .bind("secs", secs as i64);
    let results = Unit::from(take).commit(db).await?;
    let mine = results
        .iter()
        .rev()
        .find_map(Value::as_bool)
        .unwrap_or(false);
    let late = asked.elapsed() >= Duration::from_secs(secs) / 2;
    if mine && late {
        tracing::warn!(
            holder,
            ms = asked.elapsed().as_millis() as u64,
            "the reminder lease answer came too late to sweep under it"
        );
        return Ok(false);
    }
    tracing::debug!(holder, mine, "reminder lease");
    Ok(mine)
}

/// One pass over the open matters as of `now`.
pub async fn sweep(state: &AppState, now: chrono::DateTime<chrono::Utc>) -> Result<Sweep, DbError> {
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let ctx = Context::new(now, &calendar).with_settings(&settings);
    let today = china_date(now);
    let horizon = (today + chrono::Duration::days(31)).to_string();
    let mut report = Sweep::default();
    let mut seen = std::collections::HashSet::new();
    let due = due_or_watched(&state.db, &horizon).await?;
    // One query per audience per sweep, not per matter: the same few lists serve every notice.
    let mut audiences: HashMap<String, Vec<String>> = HashMap::new();
    for (m, listed) in due {
        if !seen.insert(m.id.clone()) {
            continue;
        }
        report.checked += 1;
        let now_light = light(&m, today, &calendar, ctx.yellow_days);
        let mut unit = Unit::new();
        if now_light != listed.light {
            let old = listed.light;
            matters::project(&mut unit, Some((&m, &listed)), &m, now_light)?;
            counters::delta(&mut unit, Some((&m, old)), Some((&m, now_light)));
            report.lights_changed += 1;
        }
        let mut rows = Vec::new();
        // Only while the unit's own clock runs: a unit whose report is before the office (even a
        // late one) is not chased for the office's review time.
        let kind = match now_light {
            _ if shared::light::due(&m).is_none() => None,
            Light::Yellow => Some(NotificationKind::DueSoon),
            Light::Red => Some(NotificationKind::Overdue),
            _ => None,
        };
        if let Some(kind) = kind {
            let mut wanted = vec![
                Audience::UnitContacts(vec![m.lead_unit.clone()]),
                Audience::Office,
            ];
            if m.kind == MatterKind::Key
                && let Some(leader) = &m.lead_leader
            {
                wanted.push(Audience::User(leader.clone()));
            }
            for audience in wanted {
                for user in recipients(&state.db, &mut audiences, audience).await? {
                    // Keyed by the day: a restart or a second sweep the same day adds nothing.
                    rows.push(notify::row(user, &m, kind, &today.to_string()));
                }
            }
        }
        // An HBUT notice nobody signed for is chased every day until the unit signs for it: the
        // office's 催办单 may follow past the deadline, signed for or not (HBUT 第四条(五)).
        if m.awaits_signature() {
            let unsigned = format!("unsigned-{today}");
            let contacts = Audience::UnitContacts(vec![m.lead_unit.clone()]);
            for user in recipients(&state.db, &mut audiences, contacts).await? {
                rows.push(notify::row(
                    user,
                    &m,
                    NotificationKind::NewAssignment,
                    &unsigned,
                ));
            }
        }
        // The other clocks, each to its own party: the office's issue and archive, the unit's work
        // plan and rectification items. The reply and the completion report are the light's.
        for clock in shared::clocks::clocks(&m) {
            if matches!(clock.kind, ClockKind::Reply | ClockKind::Completion) {
                continue;
            }
            let kind = match clock.light(today, &calendar, ctx.yellow_days) {
                Light::Yellow => NotificationKind::DueSoon,
                Light::Red => NotificationKind::Overdue,
                _ => continue,
            };
            let audience = match clock.party {
                Party::Unit => Audience::UnitContacts(vec![m.lead_unit.clone()]),
                Party::Office => Audience::Office,
            };
            for user in recipients(&state.db, &mut audiences, audience).await? {
                rows.push(notify::clock_row(user, &m, kind, &clock, today));
            }
        }
        let reasons = escalation::reasons(&m, today, &settings.escalation());
        if !reasons.is_empty() {
            unit.push(
                Statement::new(
                    "UPSERT type::record('escalation', $mid) SET mid = $mid, reasons = $reasons,
                     proposed_on = (SELECT VALUE proposed_on FROM type::record('escalation', $mid))[0] ?? $on,
                     open = true RETURN NONE;",
                )
                .bind("mid", m.id.clone())
                .bind("reasons", json!(reasons))
                .bind("on", today.to_string()),
            );
            for user in recipients(&state.db, &mut audiences, Audience::Office).await? {
                rows.push(notify::row(
                    user,
                    &m,
                    NotificationKind::EscalationProposed,
                    "once",
                ));
            }
            report.escalations += 1;
        }
        report.notices += rows.len();
        for row in &rows {
            unit.insert(notify::INSERT, serde_json::to_value(row)?);
        }
        // Lights are derived from the date, not anyone's act, so they change without an audit entry.
        unit.commit(&state.db).await?;
    }
    close_handled_escalations(&state.db).await?;
    Ok(report)
}

/// The audience's users, asked once per sweep.
async fn recipients<'a>(
    db: &Database,
    cache: &'a mut HashMap<String, Vec<String>>,
    audience: Audience,
) -> Result<&'a [String], DbError> {
    let key = format!("{audience:?}");
    if !cache.contains_key(&key) {
        let users = notify::recipients(db, &audience).await?;
        cache.insert(key.clone(), users);
    }
    Ok(cache.get(&key).map_or(&[], Vec::as_slice))
}

/// The open matters whose light may change or that need a notice by `horizon` (through the
/// `light_due` index), and the routine items with a standing ground for escalation (through
/// `escalation_watch`): never the whole table.
async fn due_or_watched(db: &Database, horizon: &str) -> Result<Vec<(Matter, Listed)>, DbError> {
    #[derive(serde::Deserialize)]
    struct R {
        doc: String,
        #[serde(flatten)]
        listed: Listed,
    }
    let sql = format!(
        // The lower bound keeps the range on dates: undated rows (NONE) sort before strings.
        "SELECT doc, {l} FROM matter WHERE light_due >= '0001-01-01' AND light_due <= $h;
         SELECT doc, {l} FROM matter WHERE escalation_watch = true;",
        l = Listed::SELECT
    );
    let mut results = db.run(&sql, json!({ "h": horizon })).await?.into_iter();
    let mut out = Vec::new();
    for _ in 0..2 {
        let rows: Vec<R> = crate::store::db::rows_of(results.next().unwrap_or(Value::Null))?;
        for r in rows {
            out.push((serde_json::from_str(&r.doc)?, r.listed));
        }
    }
    Ok(out)
}

/// A proposal whose matter was escalated or closed leaves the queue.
async fn close_handled_escalations(db: &Database) -> Result<(), DbError> {
    #[derive(serde::Deserialize)]
    struct Open {
        mid: String,
    }
    let queued: Vec<Open> = db
        .rows("SELECT mid FROM escalation WHERE open = true", json!({}))
        .await?;
    let ids: Vec<&str> = queued.iter().map(|q| q.mid.as_str()).collect();
    let still_open: Vec<Open> = db
        .rows(
            "SELECT mid FROM matter WHERE mid IN $ids AND open = true AND kind = 'routine'",
            json!({ "ids": ids }),
        )
        .await?;
    let handled: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !still_open.iter().any(|o| o.mid == *id))
        .collect();
    if !handled.is_empty() {
        db.run(
            "UPDATE escalation SET open = false WHERE mid IN $ids RETURN NONE",
            json!({ "ids": handled }),
        )
        .await?;
    }
    Ok(())
}

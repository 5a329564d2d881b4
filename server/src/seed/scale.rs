//! Seeding a university at scale (default 200,000 matters, ~100 units, ~3,000 users) through the engine, in batches.

use crate::auth::password;
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::counters;
use crate::store::db::DbError;
use crate::store::db::listing;
use crate::store::db::matters::{EventRow, MatterRow};
use crate::store::db::unit::{Statement, Unit};
use crate::store::db::users::{self, UnitRow, UserRow};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use shared::engine::{self, Event};
use shared::light::light;
use std::time::Instant;

/// Matters written per transaction: big enough to amortise the commit, small enough to stay fast.
const BATCH: usize = 250;
/// Five years of working days (about 250 a year): most matters are long closed, as in a real
/// university, and the open ones are the last few months'.
const SPAN: u32 = 5 * 250;
/// A progress line in the log every so many matters, so a long seed shows it is moving.
const PROGRESS_EVERY: usize = 10_000;
/// 2 + 28 handlers per unit gives ~3,000 users over 100 units.
const HANDLERS_PER_UNIT: usize = 28;

#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub units: usize,
    pub users: usize,
    pub matters: usize,
    pub events: usize,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Hash(#[from] password::HashError),
    #[error("the database already has matters; seed an empty one")]
    NotEmpty,
}

/// The units: the twenty demo units, then numbered colleges and offices up to `n`.
pub fn units(n: usize) -> Vec<UnitRow> {
    let mut out: Vec<UnitRow> = crate::seed::demo::UNITS
        .iter()
        .take(n)
        .map(|(code, name, kind)| UnitRow {
            code: (*code).into(),
            name: (*name).into(),
            kind: (*kind).into(),
        })
        .collect();
    for i in out.len()..n {
        let college = i % 2 == 0;
        out.push(UnitRow {
            code: format!("u{i:03}"),
            name: if college {
                format!("第{i}学院")
            } else {
                format!("第{i}办公室")
            },
            kind: if college { "college" } else { "department" }.into(),
        });
    }
    out
}

/// Fills an empty database with `matters` engine-made histories over `unit_count` units.
pub async fn seed(
    state: &AppState,
    matters: usize,
    unit_count: usize,
) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let existing: Vec<Value> = state
        .db
        .rows("SELECT mid FROM matter LIMIT 1", json!({}))
        .await?;
    if !existing.is_empty() {
        return Err(SeedError::NotEmpty);
    }
    let unit_rows = units(unit_count);
    let have_users = users::count_users(&state.db).await? > 0;
    let mut user_count = 0;
    if !have_users {
        users::insert_units(&state.db, &unit_rows).await?;
        let hash = tokio::task::spawn_blocking(|| password::hash(crate::seed::demo::DEMO_PASSWORD))
            .await
            .map_err(|e| password::HashError::from_join(e.to_string()))??;
        let mut rows: Vec<UserRow> = crate::seed::demo::STAFF
            .iter()
            .map(|(u, d, r)| UserRow {
                username: (*u).into(),
                display_name: (*d).into(),
                role: (*r).into(),
                unit: None,
                password_hash: hash.clone(),
                active: true,
                phone: None,
            })
            .collect();
        for unit in &unit_rows {
            let person = |username: String, title: &str, role: &str| UserRow {
                username,
                display_name: format!("{}{title}", unit.name),
                role: role.into(),
                unit: Some(unit.code.clone()),
                password_hash: hash.clone(),
                active: true,
                phone: None,
            };
            rows.push(person(format!("{}-head", unit.code), "负责人", "unit_head"));
            rows.push(person(
                format!("{}-liaison", unit.code),
                "督办联络员",
                "liaison",
            ));
            for h in 0..HANDLERS_PER_UNIT {
                let name = if h == 0 {
                    format!("{}-handler", unit.code)
                } else {
                    format!("{}-handler{h}", unit.code)
                };
                rows.push(person(name, "经办人", "handler"));
            }
        }
        for chunk in rows.chunks(1000) {
            users::insert_users(&state.db, chunk).await?;
        }
        user_count = rows.len();
    }

    let today = engine::china_date(chrono::Utc::now());
    let calendar = state.loaded_calendar();
    let codes: Vec<&str> = unit_rows.iter().map(|u| u.code.as_str()).collect();
    let mut batch: Vec<Vec<Event>> = Vec::with_capacity(BATCH);
    let mut report = SeedReport {
        units: unit_rows.len(),
        users: user_count,
        ..SeedReport::default()
    };
    // The generator is synchronous; collect a batch, then write it.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Event>>(BATCH * 4);
    let cal = calendar.clone();
    let owned_codes: Vec<String> = codes.iter().map(|c| (*c).to_owned()).collect();
    let producer = tokio::task::spawn_blocking(move || {
        let codes: Vec<&str> = owned_codes.iter().map(String::as_str).collect();
        crate::seed::generator::for_each_history_over(
            today,
            &codes,
            matters,
            2026,
            &cal,
            SPAN,
            |h| {
                // A closed channel means the writer failed; stop generating.
                let _ = tx.blocking_send(h);
            },
        );
    });
    while let Some(history) = rx.recv().await {
        batch.push(history);
        if batch.len() == BATCH {
            write_batch(state, &batch, today, &calendar, &mut report).await?;
            batch.clear();
            if report.matters % PROGRESS_EVERY < BATCH {
                tracing::info!(
                    matters = report.matters,
                    seconds = started.elapsed().as_secs(),
                    "seeding"
                );
            }
        }
    }
    if !batch.is_empty() {
        write_batch(state, &batch, today, &calendar, &mut report).await?;
    }
    producer
        .await
        .map_err(|e| DbError::Decode(serde::de::Error::custom(format!("generator: {e}"))))?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn write_batch(
    state: &AppState,
    histories: &[Vec<Event>],
    today: chrono::NaiveDate,
    calendar: &shared::Calendar,
    report: &mut SeedReport,
) -> Result<(), DbError> {
    let mut events = Vec::new();
    let mut rows = Vec::new();
    let mut listings = Vec::new();
    let mut lighted = Vec::new();
    let mut digest = Sha256::new();
    let mut max_numbers: std::collections::BTreeMap<i32, i64> = Default::default();
    for h in histories {
        let Some(m) = engine::replay(h) else { continue };
        let l = light(&m, today, calendar, engine::DEFAULT_YELLOW_DAYS);
        for e in h {
            let mut row = serde_json::to_value(EventRow::of(e)?)?;
            if let Some(obj) = row.as_object_mut() {
                obj.insert("id".into(), json!([e.matter_id, e.seq]));
            }
            digest.update(row.to_string().as_bytes());
            events.push(row);
        }
        let matter_row = MatterRow::of(&m, l)?;
        listings.extend(listing::rows_with_ids(&m, &matter_row.listed(l))?);
        let mut row = serde_json::to_value(matter_row)?;
        if let Some(obj) = row.as_object_mut() {
            obj.insert("id".into(), json!(m.id));
        }
        rows.push(row);
        if let (Some(n), Some(on)) = (&m.number, m.registered_on) {
            let year = chrono::Datelike::year(&on);
            let seq: i64 = n
                .as_str()
                .rsplit('〕')
                .next()
                .map(|s| s.chars().filter(char::is_ascii_digit).collect::<String>())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let e = max_numbers.entry(year).or_default();
            *e = (*e).max(seq);
        }
        lighted.push((m, l));
    }
    let (n_matters, n_events) = (rows.len(), events.len());
    let mut unit = Unit::new();
    unit.push(
        Statement::new(
            "INSERT INTO event $events RETURN NONE;\nINSERT INTO matter $rows RETURN NONE;",
        )
        .bind("events", events)
        .bind("rows", rows),
    );
    // A server already running on this database may hold pages of these audiences.
    let audiences: Vec<String> = listings
        .iter()
        .filter_map(|r| r.get("scope").and_then(Value::as_str).map(str::to_owned))
        .collect();
    unit.list(
        audiences,
        Statement::new("INSERT INTO listing $listings RETURN NONE;").bind("listings", listings),
    );
    counters::add_many(&mut unit, lighted.iter().map(|(m, l)| (m, *l)));
    for (year, seq) in &max_numbers {
        unit.push(super::number_at_least(*year, *seq));
    }
    report.matters += n_matters;
    report.events += n_events;
    let entry = Entry {
        username: Some("seed".into()),
        action: "matters.seeded".into(),
        // The hash of every row written binds the batch's content into the chain.
        content: json!({ "matters": n_matters, "events": n_events, "sha256": hex::encode(digest.finalize()) }),
        ..Entry::default()
    };
    state.audit.append_with(&state.db, entry, unit).await?;
    Ok(())
}

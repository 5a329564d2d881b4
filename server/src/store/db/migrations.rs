//! The migration runner: ordered `.surql` files applied once each, in a transaction, recorded in `migration`.

use super::{Database, DbError};
use serde::Deserialize;
use serde_json::json;

/// Every migration, in order. Append new files here; never edit an applied one.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("../../../migrations/0001_init.surql"),
    ),
    (
        "0002_matters",
        include_str!("../../../migrations/0002_matters.surql"),
    ),
    (
        "0003_calendar",
        include_str!("../../../migrations/0003_calendar.surql"),
    ),
    (
        "0004_reports",
        include_str!("../../../migrations/0004_reports.surql"),
    ),
    (
        "0005_mail",
        include_str!("../../../migrations/0005_mail.surql"),
    ),
    (
        "0006_attachments",
        include_str!("../../../migrations/0006_attachments.surql"),
    ),
    (
        "0007_scale",
        include_str!("../../../migrations/0007_scale.surql"),
    ),
    (
        "0008_saved_views",
        include_str!("../../../migrations/0008_saved_views.surql"),
    ),
    (
        "0009_unit_index",
        include_str!("../../../migrations/0009_unit_index.surql"),
    ),
    (
        "0010_updated_index",
        include_str!("../../../migrations/0010_updated_index.surql"),
    ),
    (
        "0011_unit_year",
        include_str!("../../../migrations/0011_unit_year.surql"),
    ),
    (
        "0012_keyed_idempotency",
        include_str!("../../../migrations/0012_keyed_idempotency.surql"),
    ),
    (
        "0013_keyed_users",
        include_str!("../../../migrations/0013_keyed_users.surql"),
    ),
    (
        "0014_lead_leader_index",
        include_str!("../../../migrations/0014_lead_leader_index.surql"),
    ),
    (
        "0015_listing",
        include_str!("../../../migrations/0015_listing.surql"),
    ),
    (
        "0016_schemaless",
        include_str!("../../../migrations/0016_schemaless.surql"),
    ),
    (
        "0017_keys_not_indexes",
        include_str!("../../../migrations/0017_keys_not_indexes.surql"),
    ),
    (
        "0018_list_generations",
        include_str!("../../../migrations/0018_list_generations.surql"),
    ),
    (
        "0019_attachment_usage",
        include_str!("../../../migrations/0019_attachment_usage.surql"),
    ),
    (
        "0020_login_attempts",
        include_str!("../../../migrations/0020_login_attempts.surql"),
    ),
    (
        "0021_admin_settings",
        include_str!("../../../migrations/0021_admin_settings.surql"),
    ),
    (
        "0023_engine_user_phone",
        include_str!("../../../migrations/0023_engine_user_phone.surql"),
    ),
];

/// Recorded once the rows written before `0007_scale` have its columns.
const SCALE_BACKFILL: &str = "0007_scale_backfill";
/// Recorded (in the same transaction) once the `unit_year` rows count the matters written before them.
pub const UNIT_YEAR_BACKFILL: &str = "0011_unit_year_backfill";
/// Recorded once every matter stored before `0015_listing` has its list rows.
pub const LISTING_BACKFILL: &str = "0015_listing_backfill";
/// Recorded (with the recounted `unit_year` rows) once every stored matter's `light_due` is its
/// earliest running clock and its figures count the unit's report date, not the office's closure.
pub const CLOCKS_RECOUNT: &str = "0022_clocks";

#[derive(Deserialize)]
struct Applied {
    name: String,
}

/// Applies the migrations not yet recorded; returns the names applied now.
pub async fn migrate(db: &Database) -> Result<Vec<String>, DbError> {
    db.run(
        "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
         DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime;
         DEFINE INDEX IF NOT EXISTS migration_name ON migration FIELDS name UNIQUE;",
        json!({}),
    )
    .await?;
    let applied: Vec<Applied> = db.rows("SELECT name FROM migration", json!({})).await?;
    let mut done = Vec::new();
    for (name, sql) in MIGRATIONS {
        if applied.iter().any(|a| a.name == *name) {
            continue;
        }
        let script = format!(
            "BEGIN TRANSACTION;\n{sql}\nCREATE migration SET name = $name, applied_at = time::now();\nCOMMIT TRANSACTION;"
        );
        db.run(&script, json!({ "name": name }))
            .await
            .map_err(|e| match e {
                DbError::Query(source) => DbError::Migration {
                    name: (*name).to_owned(),
                    source,
                },
                other => other,
            })?;
        tracing::info!(migration = name, "applied migration");
        done.push((*name).to_owned());
    }
    if !applied.iter().any(|a| a.name == SCALE_BACKFILL) {
        let rows = backfill_scale_columns(db).await?;
        db.run(
            "CREATE migration SET name = $name, applied_at = time::now() RETURN NONE",
            json!({ "name": SCALE_BACKFILL }),
        )
        .await?;
        tracing::info!(rows, "filled the 0007_scale columns of existing matters");
        done.push(SCALE_BACKFILL.to_owned());
    }
    if !applied.iter().any(|a| a.name == UNIT_YEAR_BACKFILL) {
        let rows = crate::store::counters::backfill_unit_years(db, UNIT_YEAR_BACKFILL).await?;
        tracing::info!(rows, "counted the unit_year rows of existing matters");
        done.push(UNIT_YEAR_BACKFILL.to_owned());
    }
    if !applied.iter().any(|a| a.name == LISTING_BACKFILL) {
        let rows = backfill_listing(db).await?;
        db.run(
            "CREATE migration SET name = $name, applied_at = time::now() RETURN NONE",
            json!({ "name": LISTING_BACKFILL }),
        )
        .await?;
        tracing::info!(rows, "wrote the list rows of existing matters");
        done.push(LISTING_BACKFILL.to_owned());
    }
    if !applied.iter().any(|a| a.name == CLOCKS_RECOUNT) {
        let rows = refresh_clock_columns(db).await?;
        crate::store::counters::backfill_unit_years(db, CLOCKS_RECOUNT).await?;
        tracing::info!(rows, "every matter's clocks and the unit figures recounted");
        done.push(CLOCKS_RECOUNT.to_owned());
    }
    Ok(done)
}

/// Fills `closed_on`, `light_due`, `escalation_watch` and `accountable` from each stored matter,
/// a batch per transaction; a restart half-way picks up the rows still lacking them.
async fn backfill_scale_columns(db: &Database) -> Result<usize, DbError> {
    #[derive(Deserialize)]
    struct Row {
        mid: String,
        doc: String,
    }
    let mut filled = 0;
    loop {
        let rows: Vec<Row> = db
            .rows(
                "SELECT mid, doc FROM matter WHERE escalation_watch = NONE LIMIT 500",
                json!({}),
            )
            .await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut updates = Vec::with_capacity(rows.len());
        for r in &rows {
            let m: shared::Matter = serde_json::from_str(&r.doc)?;
            let mut cols = super::matters::derived_columns(&m);
            cols.insert("mid".into(), json!(r.mid));
            updates.push(serde_json::Value::Object(cols));
        }
        db.run(
            "BEGIN TRANSACTION;
             FOR $r IN $rows {
                 UPDATE type::record('matter', $r.mid) SET closed_on = $r.closed_on,
                     light_due = $r.light_due, escalation_watch = $r.escalation_watch,
                     accountable = $r.accountable RETURN NONE;
             };
             COMMIT TRANSACTION;",
            json!({ "rows": updates }),
        )
        .await?;
        filled += rows.len();
    }
}

/// Rewrites `light_due` and `accountable` of every stored matter from its projection, a batch per
/// transaction in `mid` order; a run cut short rewrites the same values again.
async fn refresh_clock_columns(db: &Database) -> Result<usize, DbError> {
    #[derive(Deserialize)]
    struct Row {
        mid: String,
        doc: String,
    }
    let (mut after, mut seen) = (String::new(), 0);
    loop {
        let rows: Vec<Row> = db
            .rows(
                "SELECT mid, doc FROM matter WHERE mid > $after ORDER BY mid LIMIT 500",
                json!({ "after": after }),
            )
            .await?;
        let Some(last) = rows.last() else {
            return Ok(seen);
        };
        after = last.mid.clone();
        let mut updates = Vec::with_capacity(rows.len());
        for r in &rows {
            let m: shared::Matter = serde_json::from_str(&r.doc)?;
            let mut cols = super::matters::derived_columns(&m);
            cols.insert("mid".into(), json!(r.mid));
            updates.push(serde_json::Value::Object(cols));
        }
        db.run(
            "BEGIN TRANSACTION;
             FOR $r IN $rows {
                 UPDATE type::record('matter', $r.mid) SET light_due = $r.light_due,
                     accountable = $r.accountable RETURN NONE;
             };
             COMMIT TRANSACTION;",
            json!({ "rows": updates }),
        )
        .await?;
        seen += rows.len();
    }
}

/// Writes the list rows of every stored matter from its projection (light and `updated_at` as
/// stored), a batch per transaction in `mid` order. The rows are keyed, so a run cut short and
/// started again rewrites what it wrote and goes on.
async fn backfill_listing(db: &Database) -> Result<usize, DbError> {
    #[derive(Deserialize)]
    struct Row {
        mid: String,
        doc: String,
        light: shared::Light,
        updated_at: String,
    }
    let mut after = String::new();
    let mut seen = 0;
    loop {
        let rows: Vec<Row> = db
            .rows(
                "SELECT mid, doc, light, updated_at FROM matter WHERE mid > $after ORDER BY mid LIMIT 500",
                json!({ "after": after }),
            )
            .await?;
        let Some(last) = rows.last() else {
            return Ok(seen);
        };
        after = last.mid.clone();
        let mut listings = Vec::new();
        for r in &rows {
            let m: shared::Matter = serde_json::from_str(&r.doc)?;
            let listed = super::listing::Listed {
                light: r.light,
                at: r.updated_at.clone(),
                version: m.version,
            };
            for (key, row) in super::listing::keyed_rows(&m, &listed)? {
                listings.push(json!({ "key": key, "row": row }));
            }
        }
        let audiences: Vec<String> = listings
            .iter()
            .filter_map(|r| r["row"]["scope"].as_str().map(str::to_owned))
            .collect();
        let mut unit = super::unit::Unit::new();
        unit.list(
            audiences,
            super::unit::Statement::new(
                "FOR $r IN $rows { UPSERT type::record('listing', $r.key) CONTENT $r.row RETURN NONE; };",
            )
            .bind("rows", listings),
        );
        unit.commit(db).await?;
        seen += rows.len();
    }
}

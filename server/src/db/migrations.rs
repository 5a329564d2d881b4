//! The migration runner: ordered `.surql` files applied once each, in a transaction, recorded in `migration`.

use super::{Database, DbError};
use serde::Deserialize;
use serde_json::json;

/// Every migration, in order. Append new files here; never edit an applied one.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("../../migrations/0001_init.surql"),
    ),
    (
        "0002_matters",
        include_str!("../../migrations/0002_matters.surql"),
    ),
    (
        "0003_calendar",
        include_str!("../../migrations/0003_calendar.surql"),
    ),
    (
        "0004_reports",
        include_str!("../../migrations/0004_reports.surql"),
    ),
    (
        "0005_mail",
        include_str!("../../migrations/0005_mail.surql"),
    ),
    (
        "0006_attachments",
        include_str!("../../migrations/0006_attachments.surql"),
    ),
    (
        "0008_saved_views",
        include_str!("../../migrations/0008_saved_views.surql"),
    ),
];

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
    Ok(done)
}

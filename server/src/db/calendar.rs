//! The working-day calendar as stored: admin-loaded years override the shipped official ones.

use super::{Database, DbError};
use crate::audit::{AuditLog, Entry};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use shared::{Calendar, YearSchedule};

/// A year an admin saved, with who saved it and when.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredYear {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<NaiveDate>,
    pub makeup_workdays: Vec<NaiveDate>,
    pub updated_by: String,
    pub updated_at: String,
}

impl StoredYear {
    pub fn schedule(&self) -> YearSchedule {
        YearSchedule {
            year: self.year,
            source: self.source.clone(),
            holidays: self.holidays.clone(),
            makeup_workdays: self.makeup_workdays.clone(),
        }
    }
}

const SELECT: &str = "SELECT year, source, holidays, makeup_workdays, updated_by, <string> updated_at AS updated_at FROM calendar_year";

/// The calendar the rules use: the official schedules, then every year an admin saved.
pub async fn load(db: &Database) -> Result<Calendar, DbError> {
    let stored: Vec<StoredYear> = db
        .rows(&format!("{SELECT} ORDER BY year"), json!({}))
        .await?;
    stored
        .iter()
        .try_fold(Calendar::official(), |calendar, y| {
            calendar.with_year(y.schedule())
        })
        // Only a row changed behind the server's back can fail here: every save was validated.
        .map_err(|e| {
            DbError::Decode(<serde_json::Error as serde::de::Error>::custom(format!(
                "stored calendar year: {e}"
            )))
        })
}

pub async fn find_year(db: &Database, year: i32) -> Result<Option<StoredYear>, DbError> {
    db.first(
        &format!("{SELECT} WHERE year = $year LIMIT 1"),
        json!({ "year": year }),
    )
    .await
}

/// Replaces the stored year with `schedule`, in one transaction with its audit entry.
pub async fn save_year(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    schedule: &YearSchedule,
    updated_by: &str,
) -> Result<(), DbError> {
    let mut vars = Map::new();
    vars.insert("year".into(), json!(schedule.year));
    vars.insert("source".into(), json!(schedule.source));
    vars.insert("holidays".into(), json!(schedule.holidays));
    vars.insert("makeup".into(), json!(schedule.makeup_workdays));
    vars.insert("by".into(), Value::String(updated_by.to_owned()));
    audit
        .append_with(
            db,
            entry,
            "DELETE calendar_year WHERE year = $year;
             CREATE calendar_year SET year = $year, source = $source, holidays = $holidays,
                 makeup_workdays = $makeup, updated_by = $by, updated_at = time::now() RETURN NONE;",
            vars,
        )
        .await?;
    Ok(())
}

//! Rows of `briefing`: issued briefings, numbered per year and kept as they were issued.

use super::matters::Doc;
use super::unit::Statement;
use super::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use shared::report::{BriefingSummary, IssuedBriefing};
use shared::stats::Period;

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

/// The statement that stores an issued briefing, keyed `[year, seq]`: a second issue taking the
/// same number is refused (`DbError::is_taken`).
pub fn create(issued: &IssuedBriefing, period: Period) -> Result<Statement, DbError> {
    let row = BriefingRow {
        number: issued.number.clone(),
        year: i64::from(issued.year),
        seq: i64::from(issued.seq),
        period_from: period.from.to_string(),
        period_to: period.to.to_string(),
        issued_on: issued.issued_on.to_string(),
        issued_by: issued.issued_by.clone(),
        doc: serde_json::to_string(issued)?,
    };
    Statement::new("CREATE type::record('briefing', $key) CONTENT $row RETURN NONE;")
        .bind("key", json!([issued.year, issued.seq]))
        .bind_row("row", &row)
}

/// The year's last number taken (0 before the first).
pub async fn last_seq(db: &Database, year: i32) -> Result<u32, DbError> {
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

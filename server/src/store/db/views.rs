//! Rows of `saved_view`: one user's saved ledger views, every change written with its audit entry.

use super::{Database, DbError};
use crate::store::audit::{AuditLog, Entry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use shared::views::SavedView;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ViewRow {
    pub vid: String,
    pub username: String,
    pub name: String,
    pub query: String,
    pub saved_at: String,
}

impl From<ViewRow> for SavedView {
    fn from(r: ViewRow) -> SavedView {
        SavedView {
            id: r.vid,
            name: r.name,
            query: r.query,
        }
    }
}

pub async fn list(db: &Database, username: &str) -> Result<Vec<ViewRow>, DbError> {
    db.rows(
        "SELECT vid, username, name, query, saved_at FROM saved_view WHERE username = $u ORDER BY name",
        json!({ "u": username }),
    )
    .await
}

/// Saves `row`, replacing the user's view of the same name, in one transaction with `entry`.
/// Returns the stored row (keeping the replaced view's id).
pub async fn save(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    row: ViewRow,
) -> Result<ViewRow, DbError> {
    let vars = Map::from_iter([("row".to_owned(), serde_json::to_value(&row)?)]);
    let results = audit
        .append_with(
            db,
            entry,
            "LET $old = (SELECT VALUE vid FROM saved_view WHERE username = $row.username AND name = $row.name)[0];
             IF $old = NONE {
                 CREATE saved_view CONTENT $row RETURN NONE;
             } ELSE {
                 UPDATE saved_view SET query = $row.query, saved_at = $row.saved_at
                     WHERE vid = $old RETURN NONE;
             };
             SELECT vid, username, name, query, saved_at FROM saved_view
                 WHERE username = $row.username AND name = $row.name;",
            vars,
        )
        .await?;
    // The last statement's rows: the view as stored, with the replaced view's id when there was one.
    for value in results.into_iter().rev() {
        if let Some(stored) = super::rows_of::<ViewRow>(value)
            .ok()
            .and_then(|r| r.into_iter().next())
        {
            return Ok(stored);
        }
    }
    Ok(row)
}

/// Deletes the user's view `vid` with its audit entry; `false` when the user has no such view.
pub async fn delete(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    username: &str,
    vid: &str,
) -> Result<bool, DbError> {
    let found: Option<Value> = db
        .first(
            "SELECT vid FROM saved_view WHERE username = $u AND vid = $v LIMIT 1",
            json!({ "u": username, "v": vid }),
        )
        .await?;
    if found.is_none() {
        return Ok(false);
    }
    let vars = Map::from_iter([
        ("u".to_owned(), json!(username)),
        ("v".to_owned(), json!(vid)),
    ]);
    audit
        .append_with(
            db,
            entry,
            "DELETE saved_view WHERE username = $u AND vid = $v RETURN NONE;",
            vars,
        )
        .await?;
    Ok(true)
}

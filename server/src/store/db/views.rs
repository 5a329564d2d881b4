//! Rows of `saved_view`: one user's saved ledger views, every change written with its audit entry.

use super::unit::{Statement, Unit};
use super::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
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

/// The write that saves `row`, replacing the user's view of the same name; `saved` reads the
/// stored row back from its results.
pub fn save(row: &ViewRow) -> Result<Unit, DbError> {
    let save = Statement::new(
        "LET $old = (SELECT VALUE vid FROM saved_view WHERE username = $row.username AND name = $row.name)[0];
             IF $old = NONE {
                 CREATE saved_view CONTENT $row RETURN NONE;
             } ELSE {
                 UPDATE saved_view SET query = $row.query, saved_at = $row.saved_at
                     WHERE vid = $old RETURN NONE;
             };
             SELECT vid, username, name, query, saved_at FROM saved_view
                 WHERE username = $row.username AND name = $row.name;",
    )
    .bind_row("row", row)?;
    Ok(Unit::from(save))
}

/// The view as stored by `save`'s write (its `results`): with the replaced view's id when there
/// was one, else `row` itself.
pub fn saved(results: Vec<Value>, row: ViewRow) -> ViewRow {
    // The last statement's rows: the view as stored, with the replaced view's id when there was one.
    for value in results.into_iter().rev() {
        if let Some(stored) = super::rows_of::<ViewRow>(value)
            .ok()
            .and_then(|r| r.into_iter().next())
        {
            return stored;
        }
    }
    row
}

/// Whether the user has a view `vid` (another user's answers like a missing one).
pub async fn exists(db: &Database, username: &str, vid: &str) -> Result<bool, DbError> {
    let found: Option<Value> = db
        .first(
            "SELECT vid FROM saved_view WHERE username = $u AND vid = $v LIMIT 1",
            json!({ "u": username, "v": vid }),
        )
        .await?;
    Ok(found.is_some())
}

/// The write that deletes the user's view `vid`.
pub fn delete(username: &str, vid: &str) -> Unit {
    let delete = Statement::new("DELETE saved_view WHERE username = $u AND vid = $v RETURN NONE;")
        .bind("u", username)
        .bind("v", vid);
    Unit::from(delete)
}

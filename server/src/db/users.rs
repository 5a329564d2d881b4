//! Rows of `user` and `unit`, and the queries sign-in needs.

use super::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRow {
    pub username: String,
    pub display_name: String,
    pub role: String,
    // SurrealDB's `option<string>` is NONE, not JSON null: leave the key out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub password_hash: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub kind: String,
}

pub async fn find_user(db: &Database, username: &str) -> Result<Option<UserRow>, DbError> {
    db.first(
        "SELECT username, display_name, role, unit, password_hash, active FROM user WHERE username = $u LIMIT 1",
        json!({ "u": username }),
    )
    .await
}

pub async fn find_unit(db: &Database, code: &str) -> Result<Option<UnitRow>, DbError> {
    db.first(
        "SELECT code, name, kind FROM unit WHERE code = $c LIMIT 1",
        json!({ "c": code }),
    )
    .await
}

pub async fn count_users(db: &Database) -> Result<u64, DbError> {
    #[derive(Deserialize)]
    struct Count {
        n: u64,
    }
    let row: Option<Count> = db
        .first("SELECT count() AS n FROM user GROUP ALL", json!({}))
        .await?;
    Ok(row.map(|c| c.n).unwrap_or(0))
}

pub async fn insert_units(db: &Database, units: &[UnitRow]) -> Result<(), DbError> {
    db.run("INSERT INTO unit $rows", json!({ "rows": units }))
        .await?;
    Ok(())
}

pub async fn insert_users(db: &Database, users: &[UserRow]) -> Result<(), DbError> {
    db.run("INSERT INTO user $rows", json!({ "rows": users }))
        .await?;
    Ok(())
}

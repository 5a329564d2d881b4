//! Rows of `user` and `unit`: the queries sign-in needs and the admin's changes.

use super::{Database, DbError};
use crate::store::audit::{AuditLog, Entry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

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
        "SELECT username, display_name, role, unit, password_hash, active FROM type::record('user', $u)",
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

/// Users are keyed by username (migration 0013), so each request's user is one record read.
pub async fn insert_users(db: &Database, users: &[UserRow]) -> Result<(), DbError> {
    let mut rows = Vec::with_capacity(users.len());
    for user in users {
        let mut row = serde_json::to_value(user)?;
        if let Some(fields) = row.as_object_mut() {
            fields.insert("id".into(), json!(user.username));
        }
        rows.push(row);
    }
    db.run("INSERT INTO user $rows", json!({ "rows": rows }))
        .await?;
    Ok(())
}

/// A user without the password hash, for lists that leave the server.
#[derive(Debug, Clone, Deserialize)]
pub struct UserInfoRow {
    pub username: String,
    pub display_name: String,
    pub role: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub active: bool,
}

/// What an admin changes on a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<String>,
    /// `Some(None)` removes the unit.
    pub unit: Option<Option<String>>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
}

/// True when a write was refused by a unique index: the code or username is taken.
pub fn is_duplicate(e: &DbError) -> bool {
    // A unique index's refusal, or (users are keyed by username) the record's.
    let text = e.to_string();
    text.contains("already contains") || text.contains("already exists")
}

/// Display names by username, for printing who signed, decided or archived.
pub async fn display_names(
    db: &Database,
    usernames: &[String],
) -> Result<std::collections::BTreeMap<String, String>, DbError> {
    #[derive(Deserialize)]
    struct N {
        username: String,
        display_name: String,
    }
    let rows: Vec<N> = db
        .rows(
            "SELECT username, display_name FROM user WHERE username IN $u",
            json!({ "u": usernames }),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|n| (n.username, n.display_name))
        .collect())
}

/// The active heads and liaisons of a unit as (role code, display name): a notice's contact lines.
pub async fn unit_contacts(db: &Database, unit: &str) -> Result<Vec<(String, String)>, DbError> {
    #[derive(Deserialize)]
    struct C {
        role: String,
        display_name: String,
    }
    let rows: Vec<C> = db
        .rows(
            "SELECT role, display_name, username FROM user WHERE unit = $u AND active = true \
             AND role IN ['unit_head', 'liaison'] ORDER BY username",
            json!({ "u": unit }),
        )
        .await?;
    Ok(rows.into_iter().map(|c| (c.role, c.display_name)).collect())
}

pub async fn list_units(db: &Database) -> Result<Vec<UnitRow>, DbError> {
    db.rows("SELECT code, name, kind FROM unit ORDER BY code", json!({}))
        .await
}

pub async fn list_users(db: &Database) -> Result<Vec<UserInfoRow>, DbError> {
    db.rows(
        "SELECT username, display_name, role, unit, active FROM user ORDER BY username",
        json!({}),
    )
    .await
}

/// Creates a unit, in one transaction with its audit entry.
pub async fn create_unit(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    unit: &UnitRow,
) -> Result<(), DbError> {
    create_row(
        db,
        audit,
        entry,
        "CREATE unit CONTENT $row RETURN NONE;",
        unit,
    )
    .await
}

/// Creates a user, in one transaction with its audit entry.
pub async fn create_user(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    user: &UserRow,
) -> Result<(), DbError> {
    create_row(
        db,
        audit,
        entry,
        "CREATE type::record('user', $row.username) CONTENT $row RETURN NONE;",
        user,
    )
    .await
}

async fn create_row(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    sql: &str,
    row: &impl Serialize,
) -> Result<(), DbError> {
    let vars = Map::from_iter([("row".to_owned(), serde_json::to_value(row)?)]);
    audit.append_with(db, entry, sql, vars).await?;
    Ok(())
}

/// `field = $field` for each value, and the variables to bind; the SQL holds field names only.
fn assignments(
    key: (&str, Value),
    values: Vec<(&str, Value)>,
) -> (Vec<String>, Map<String, Value>) {
    let sets = values.iter().map(|(f, _)| format!("{f} = ${f}")).collect();
    let vars = std::iter::once(key)
        .chain(values)
        .map(|(f, v)| (f.to_owned(), v))
        .collect();
    (sets, vars)
}

/// Renames or reclassifies a unit, in one transaction with its audit entry.
pub async fn update_unit(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    code: &str,
    name: Option<&str>,
    kind: Option<&str>,
) -> Result<(), DbError> {
    let values = [("name", name), ("kind", kind)]
        .into_iter()
        .filter_map(|(f, v)| Some((f, json!(v?))))
        .collect();
    let (sets, vars) = assignments(("code", json!(code)), values);
    if sets.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE unit SET {} WHERE code = $code RETURN NONE;",
        sets.join(", ")
    );
    audit.append_with(db, entry, &sql, vars).await?;
    Ok(())
}

/// Applies `changes` to a user, in one transaction with its audit entry. A new password or a
/// deactivation also ends the user's sessions, so the change takes effect at once.
pub async fn update_user(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    username: &str,
    changes: &UserChanges,
) -> Result<(), DbError> {
    let values = [
        (
            "display_name",
            changes.display_name.clone().map(Value::from),
        ),
        ("role", changes.role.clone().map(Value::from)),
        ("active", changes.active.map(Value::from)),
        (
            "password_hash",
            changes.password_hash.clone().map(Value::from),
        ),
        ("unit", changes.unit.clone().flatten().map(Value::from)),
    ]
    .into_iter()
    .filter_map(|(f, v)| Some((f, v?)))
    .collect();
    let (mut sets, vars) = assignments(("username", json!(username)), values);
    // `option<string>` takes NONE, not JSON null.
    if changes.unit == Some(None) {
        sets.push("unit = NONE".to_owned());
    }
    if sets.is_empty() {
        return Ok(());
    }
    let mut sql = format!(
        "UPDATE user SET {} WHERE username = $username RETURN NONE;",
        sets.join(", ")
    );
    if changes.password_hash.is_some() || changes.active == Some(false) {
        sql.push_str("\nDELETE session WHERE username = $username;");
    }
    audit.append_with(db, entry, &sql, vars).await?;
    Ok(())
}

/// A user's own new password, in one transaction with its audit entry; every other session of the
/// user ends with it, the one that made the change (`keep_token_hash`) stays signed in.
pub async fn change_own_password(
    db: &Database,
    audit: &AuditLog,
    entry: Entry,
    username: &str,
    password_hash: &str,
    keep_token_hash: &str,
) -> Result<(), DbError> {
    let sql = "UPDATE user SET password_hash = $password_hash WHERE username = $username RETURN NONE;\n\
               DELETE session WHERE username = $username AND token_hash != $keep;";
    let vars = [
        ("username", username),
        ("password_hash", password_hash),
        ("keep", keep_token_hash),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), Value::from(v)))
    .collect();
    audit.append_with(db, entry, sql, vars).await?;
    Ok(())
}

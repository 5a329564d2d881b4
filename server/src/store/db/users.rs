//! Rows of `user` and `unit`: the queries sign-in needs and the admin's changes.

use super::unit::{Statement, Unit};
use super::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub kind: String,
}

pub async fn find_user(db: &Database, username: &str) -> Result<Option<UserRow>, DbError> {
    db.first(
        "SELECT username, display_name, role, unit, password_hash, active, phone FROM type::record('user', $u)",
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
    #[serde(default)]
    pub phone: Option<String>,
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
    /// `Some(None)` removes the phone number.
    pub phone: Option<Option<String>>,
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

/// One of a unit's heads or liaisons, for a notice's contact lines.
#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub role: String,
    pub display_name: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// The active heads and liaisons of a unit: a notice's 负责人, 联系人 and 联系电话.
pub async fn unit_contacts(db: &Database, unit: &str) -> Result<Vec<Contact>, DbError> {
    db.rows(
        "SELECT role, display_name, phone, username FROM user WHERE unit = $u AND active = true \
         AND role IN ['unit_head', 'liaison'] ORDER BY username",
        json!({ "u": unit }),
    )
    .await
}

pub async fn list_units(db: &Database) -> Result<Vec<UnitRow>, DbError> {
    db.rows("SELECT code, name, kind FROM unit ORDER BY code", json!({}))
        .await
}

pub async fn list_users(db: &Database) -> Result<Vec<UserInfoRow>, DbError> {
    db.rows(
        "SELECT username, display_name, role, unit, active, phone FROM user ORDER BY username",
        json!({}),
    )
    .await
}

/// The write that creates a unit (`DbError::is_taken` when its code is).
pub fn create_unit(unit: &UnitRow) -> Result<Unit, DbError> {
    Ok(Unit::from(
        Statement::new("CREATE unit CONTENT $row RETURN NONE;").bind_row("row", unit)?,
    ))
}

/// The write that creates a user (`DbError::is_taken` when the username is).
pub fn create_user(user: &UserRow) -> Result<Unit, DbError> {
    Ok(Unit::from(
        Statement::new("CREATE type::record('user', $row.username) CONTENT $row RETURN NONE;")
            .bind_row("row", user)?,
    ))
}

/// `UPDATE table SET field = $field, … WHERE key = $key RETURN NONE;` for each value, bound in the
/// statement; the SQL holds field names only. `None` when there is nothing to set.
fn assignments(
    table: &str,
    key: (&str, Value),
    values: Vec<(&str, Value)>,
    extra_sets: &[&str],
) -> Option<Statement> {
    let mut sets: Vec<String> = values.iter().map(|(f, _)| format!("{f} = ${f}")).collect();
    sets.extend(extra_sets.iter().map(|s| s.to_string()));
    if sets.is_empty() {
        return None;
    }
    let (key, key_value) = key;
    let sql = format!(
        "UPDATE {table} SET {} WHERE {key} = ${key} RETURN NONE;",
        sets.join(", ")
    );
    let statement = values
        .into_iter()
        .fold(Statement::new(sql).bind(key, key_value), |s, (f, v)| {
            s.bind(f, v)
        });
    Some(statement)
}

/// The write that renames or reclassifies a unit; `None` when nothing changes.
pub fn update_unit(code: &str, name: Option<&str>, kind: Option<&str>) -> Option<Unit> {
    let values = [("name", name), ("kind", kind)]
        .into_iter()
        .filter_map(|(f, v)| Some((f, json!(v?))))
        .collect();
    assignments("unit", ("code", json!(code)), values, &[]).map(Unit::from)
}

/// The write that applies `changes` to a user; `None` when nothing changes. A new password or a
/// deactivation also ends the user's sessions, so the change takes effect at once.
pub fn update_user(username: &str, changes: &UserChanges) -> Option<Unit> {
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
        ("phone", changes.phone.clone().flatten().map(Value::from)),
    ]
    .into_iter()
    .filter_map(|(f, v)| Some((f, v?)))
    .collect();
    // `option<string>` takes NONE, not JSON null.
    let mut clear: Vec<&str> = Vec::new();
    if changes.unit == Some(None) {
        clear.push("unit = NONE");
    }
    if changes.phone == Some(None) {
        clear.push("phone = NONE");
    }
    let key = ("username", json!(username));
    let mut unit = Unit::from(assignments("user", key, values, &clear)?);
    if changes.password_hash.is_some() || changes.active == Some(false) {
        unit.push(
            Statement::new("DELETE session WHERE username = $username;").bind("username", username),
        );
    }
    Some(unit)
}

/// The write of a user's own new password; every other session of the user ends with it, the one
/// that made the change (`keep_token_hash`) stays signed in.
pub fn change_own_password(username: &str, password_hash: &str, keep_token_hash: &str) -> Unit {
    let change = Statement::new(
        "UPDATE user SET password_hash = $password_hash WHERE username = $username RETURN NONE;
         DELETE session WHERE username = $username AND token_hash != $keep;",
    )
    .bind("username", username)
    .bind("password_hash", password_hash)
    .bind("keep", keep_token_hash);
    Unit::from(change)
}

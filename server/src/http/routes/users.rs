//! Users and their roles: the list (admin, office), creating and editing them (admin).

use crate::auth::ClientInfo;
use crate::auth::session::CurrentUser;
use crate::auth::{guard, password};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::users::{self, UserChanges, UserInfoRow, UserRow};
use crate::telemetry::Escaped;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde_json::json;
use shared::admin::{NewUser, UserPatch, UserSummary, check_role_unit};
use shared::{Capability, Role};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{username}", patch(update))
}

async fn list(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
) -> Result<Json<Vec<UserSummary>>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::ListUsers,
        "list_users",
    )
    .await?;
    let rows = users::list_users(&state.db).await?;
    rows.into_iter()
        .map(summary_of)
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

async fn create(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    body: Result<ApiJson<NewUser>, ApiError>,
) -> Result<(StatusCode, Json<UserSummary>)> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::ManageUsers,
        "create_user",
    )
    .await?;
    let new = body?.0.validated().map_err(guard::invalid)?;
    if let Some(code) = &new.unit {
        ensure_unit(&state, code).await?;
    }
    if users::find_user(&state.db, &new.username).await?.is_some() {
        return Err(username_taken(&new.username));
    }
    let row = UserRow {
        username: new.username.clone(),
        display_name: new.display_name.clone(),
        role: new.role.code().to_owned(),
        unit: new.unit.clone(),
        password_hash: hash(new.password).await?,
        active: true,
        phone: new.phone.clone(),
    };
    let summary = UserSummary {
        username: new.username,
        display_name: new.display_name,
        role: new.role,
        unit: new.unit,
        active: true,
        phone: new.phone,
    };
    let entry = guard::entry(&user, client.address, "user_created", json!(summary));
    state
        .audited(entry, users::create_user(&row)?)
        .await
        .map_err(|e| {
            if e.is_taken() {
                username_taken(&summary.username)
            } else {
                e.into()
            }
        })?;
    tracing::info!(username = %Escaped(&summary.username), by = %Escaped(&user.username), "user created");
    Ok((StatusCode::CREATED, Json(summary)))
}

async fn update(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    path: Result<Path<String>, PathRejection>,
    body: Result<ApiJson<UserPatch>, ApiError>,
) -> Result<Json<UserSummary>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::ManageUsers,
        "update_user",
    )
    .await?;
    let Path(username) = path?;
    let change = body?.0.validated().map_err(guard::invalid)?;
    let current = users::find_user(&state.db, &username)
        .await?
        .ok_or(ApiError::NotFound)?;
    let current_role = role_of(&current.username, &current.role)?;
    // An admin who demoted or deactivated themselves could leave nobody to undo it.
    let locks_self_out =
        change.role.is_some_and(|r| r != Role::Admin) || change.active == Some(false);
    if username == user.username && locks_self_out {
        return Err(ApiError::invalid(
            "cannot_lock_out_self",
            "不能更改自己的管理员角色或停用自己的账号",
            "You cannot remove your own admin role or deactivate yourself",
        ));
    }
    let role = change.role.unwrap_or(current_role);
    let unit = change.unit.clone().unwrap_or(current.unit.clone());
    check_role_unit(role, unit.as_deref()).map_err(guard::invalid)?;
    if let (Some(Some(code)), true) = (&change.unit, unit != current.unit) {
        ensure_unit(&state, code).await?;
    }
    let password_hash = match change.password.clone() {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let entry = guard::entry(
        &user,
        client.address,
        "user_updated",
        json!({
            "username": username,
            "display_name": change.display_name,
            "role": change.role,
            "unit": change.unit,
            "active": change.active,
            "phone": change.phone,
            "password_reset": password_hash.is_some(),
        }),
    );
    let changes = UserChanges {
        display_name: change.display_name,
        role: change.role.map(|r| r.code().to_owned()),
        unit: change.unit,
        active: change.active,
        password_hash,
        phone: change.phone,
    };
    if let Some(update) = users::update_user(&username, &changes) {
        state.audited(entry, update).await?;
    }
    // The user's sessions are read again on their next request, with the change.
    state.sessions.forget_user(&username);
    tracing::info!(username = %Escaped(&username), by = %Escaped(&user.username), "user updated");
    let row = users::find_user(&state.db, &username)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(summary_of(UserInfoRow {
        username: row.username,
        display_name: row.display_name,
        role: row.role,
        unit: row.unit,
        active: row.active,
        phone: row.phone,
    })?))
}

/// Hashes off the async threads: argon2 takes tens of milliseconds on purpose.
async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| ApiError::Internal(format!("password hashing task: {e}")))?
        .map_err(|e| ApiError::Internal(e.to_string()))
}

async fn ensure_unit(state: &AppState, code: &str) -> Result<()> {
    if users::find_unit(&state.db, code).await?.is_some() {
        return Ok(());
    }
    Err(ApiError::invalid(
        "unknown_unit",
        format!("单位“{code}”不存在"),
        format!("There is no unit “{code}”"),
    ))
}

fn role_of(username: &str, code: &str) -> Result<Role> {
    Role::parse(code).map_err(|e| ApiError::Internal(format!("user {username}: {e}")))
}

fn summary_of(row: UserInfoRow) -> Result<UserSummary> {
    Ok(UserSummary {
        role: role_of(&row.username, &row.role)?,
        username: row.username,
        display_name: row.display_name,
        unit: row.unit,
        active: row.active,
        phone: row.phone,
    })
}

fn username_taken(username: &str) -> ApiError {
    ApiError::conflict(
        "username_exists",
        format!("用户名“{username}”已存在"),
        format!("The username “{username}” is already taken"),
    )
}

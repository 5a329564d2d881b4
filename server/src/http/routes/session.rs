//! Sign-in and sign-out (`POST`/`DELETE /api/session`) and the signed-in user (`GET /api/me`).

use crate::auth::client::ClientInfo;
use crate::auth::password;
use crate::auth::refusals::Refused;
use crate::auth::session::{self as sess, CurrentUser};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::db::{sessions, users};
use crate::telemetry::Escaped;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::Role;
use shared::api::{LoginRequest, Me, UnitSummary};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
}

fn invalid_credentials() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_credentials",
        zh: "用户名或密码错误".into(),
        en: "Wrong username or password".into(),
    }
}

/// Longer input than any real username or password is refused before any work on it: a password
/// is hashed with 19 MiB of memory, and the name becomes a key of the sign-in counts.
const MAX_USERNAME_CHARS: usize = 128;
const MAX_PASSWORD_BYTES: usize = 1024;

fn check_lengths(req: &LoginRequest) -> Result<()> {
    let username = req.username.trim();
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiError::invalid(
            "missing_credentials",
            "请输入用户名和密码",
            "Enter a username and a password",
        ));
    }
    if username.chars().count() > MAX_USERNAME_CHARS || req.password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::invalid(
            "credentials_too_long",
            format!("用户名最多 {MAX_USERNAME_CHARS} 个字符，密码最多 {MAX_PASSWORD_BYTES} 字节"),
            format!(
                "A username has at most {MAX_USERNAME_CHARS} characters and a password at most {MAX_PASSWORD_BYTES} bytes"
            ),
        ));
    }
    Ok(())
}

async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response> {
    check_lengths(&req)?;
    let username = req.username.trim().to_owned();
    let address = client.address;
    let refused = |action: &'static str| Refused {
        action,
        username: Some(&username),
        role: None,
        unit: None,
        address,
        what: None,
    };
    // Counted before the password is looked at, so that attempts at once cannot all pass a
    // check that each of them made before any had failed.
    let reservation = match state.limiter.reserve(&state.db, &username, address).await? {
        Ok(r) => r,
        Err(refusal) => {
            tracing::warn!(username = %Escaped(&username), %address, scope = ?refusal.scope, "login refused: rate limited");
            state.refusals.record(refused("login_rate_limited"));
            return Err(ApiError::TooManyRequests {
                retry_after_secs: refusal.retry_after_secs,
            });
        }
    };

    let user = users::find_user(&state.db, &username).await?;
    let phc = user
        .as_ref()
        .map_or(password::dummy_hash().to_owned(), |u| {
            u.password_hash.clone()
        });
    let matches = state
        .limiter
        .verifier
        .verify(req.password, phc)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let user = match user {
        Some(u) if matches && u.active => u,
        _ => {
            tracing::warn!(username = %Escaped(&username), %address, "login failed");
            state.refusals.record(refused("login_failed"));
            return Err(invalid_credentials());
        }
    };
    state.limiter.release(&state.db, reservation).await?;

    // A fresh id at every sign-in, so a token planted before sign-in is worthless after it.
    let token = sess::new_token();
    let now = sess::now_secs();
    sessions::create(&state.db, &sess::token_hash(&token), &user.username, now).await?;
    let limits = &state.settings.session;
    sessions::delete_expired(
        &state.db,
        now - limits.idle_timeout.as_secs() as i64,
        now - limits.absolute_timeout.as_secs() as i64,
    )
    .await?;
    let role = Role::parse(&user.role).map_err(|e| ApiError::Internal(e.to_string()))?;
    state
        .audit
        .append(
            &state.db,
            Entry {
                username: Some(username.clone()),
                role: Some(user.role.clone()),
                unit: user.unit.clone(),
                address: Some(address.to_string()),
                action: "login".into(),
                content: json!({}),
            },
        )
        .await?;
    tracing::info!(username = %Escaped(&user.username), %address, "login");

    let me = me_of(
        &state,
        &user.username,
        &user.display_name,
        role,
        user.unit.as_deref(),
    )
    .await?;
    let cookie = sess::set_cookie(&token, limits.absolute_timeout.as_secs(), client.https);
    Ok(([(SET_COOKIE, cookie)], Json(me)).into_response())
}

async fn logout(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
) -> Result<Response> {
    // Every request reads its session (`auth::session`), so once this row is gone the session
    // is refused everywhere.
    sessions::delete(&state.db, &user.token_hash).await?;
    state
        .audit
        .append(
            &state.db,
            Entry {
                username: Some(user.username.clone()),
                role: Some(user.role.code().into()),
                unit: user.unit.clone(),
                address: Some(client.address.to_string()),
                action: "logout".into(),
                content: json!({}),
            },
        )
        .await?;
    tracing::info!(username = %Escaped(&user.username), "logout");
    let cookie = sess::clear_cookie(client.https);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>> {
    let me = me_of(
        &state,
        &user.username,
        &user.display_name,
        user.role,
        user.unit.as_deref(),
    )
    .await?;
    Ok(Json(me))
}

async fn me_of(
    state: &AppState,
    username: &str,
    display_name: &str,
    role: Role,
    unit: Option<&str>,
) -> Result<Me> {
    let unit = match unit {
        Some(code) => users::find_unit(&state.db, code)
            .await?
            .map(|u| UnitSummary {
                code: u.code,
                name: u.name,
            }),
        None => None,
    };
    Ok(Me {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        unit,
    })
}

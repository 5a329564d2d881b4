//! Sign-in and sign-out (`POST`/`DELETE /api/session`) and the signed-in user (`GET /api/me`).

use crate::audit::Entry;
use crate::auth::password;
use crate::auth::session::{self as sess, CurrentUser};
use crate::db::{sessions, users};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::telemetry::Escaped;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::http::header::{HeaderMap, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::Role;
use shared::api::{LoginRequest, Me, UnitSummary};
use std::net::SocketAddr;
use std::time::Instant;

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

/// HTTPS is known from the settings or from a proxy's `X-Forwarded-Proto`.
fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.settings.session.secure_cookie
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response> {
    let username = req.username.trim().to_owned();
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiError::invalid(
            "missing_credentials",
            "请输入用户名和密码",
            "Enter a username and a password",
        ));
    }
    let address = peer.ip();
    let audit_entry = |action: &str| Entry {
        username: Some(username.clone()),
        address: Some(address.to_string()),
        action: action.to_owned(),
        ..Entry::default()
    };
    if let Err(retry_after_secs) = state.limiter.check(&username, address, Instant::now()) {
        tracing::warn!(username = %Escaped(&username), %address, "login refused: rate limited");
        state
            .audit
            .append(&state.db, audit_entry("login_rate_limited"))
            .await?;
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }

    let user = users::find_user(&state.db, &username).await?;
    let phc = user
        .as_ref()
        .map_or(password::dummy_hash().to_owned(), |u| {
            u.password_hash.clone()
        });
    let password = req.password;
    let matches = tokio::task::spawn_blocking(move || password::verify(&password, &phc))
        .await
        .map_err(|e| ApiError::Internal(format!("password check task: {e}")))?;
    let user = match user {
        Some(u) if matches && u.active => u,
        _ => {
            state
                .limiter
                .record_failure(&username, address, Instant::now());
            tracing::warn!(username = %Escaped(&username), %address, "login failed");
            state
                .audit
                .append(&state.db, audit_entry("login_failed"))
                .await?;
            return Err(invalid_credentials());
        }
    };
    state.limiter.record_success(&username);

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
                role: Some(user.role.clone()),
                unit: user.unit.clone(),
                ..audit_entry("login")
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
    let cookie = sess::set_cookie(
        &token,
        limits.absolute_timeout.as_secs(),
        is_secure(&state, &headers),
    );
    Ok(([(SET_COOKIE, cookie)], Json(me)).into_response())
}

async fn logout(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<Response> {
    sessions::delete(&state.db, &user.token_hash).await?;
    state.sessions.forget(&user.token_hash);
    state
        .audit
        .append(
            &state.db,
            Entry {
                username: Some(user.username.clone()),
                role: Some(user.role.code().into()),
                unit: user.unit.clone(),
                address: Some(peer.ip().to_string()),
                action: "logout".into(),
                content: json!({}),
            },
        )
        .await?;
    tracing::info!(username = %Escaped(&user.username), "logout");
    let cookie = sess::clear_cookie(is_secure(&state, &headers));
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

//! A signed-in user changing their own password (`POST /api/session/password`).

use crate::auth::client::ClientInfo;
use crate::auth::guard;
use crate::auth::password;
use crate::auth::refusals::Refused;
use crate::auth::session::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::users;
use crate::telemetry::Escaped;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::json;
use shared::admin::PasswordChange;

pub fn router() -> Router<AppState> {
    Router::new().route("/session/password", post(change))
}

/// The current password is asked again, so a session left open on a shared computer cannot take
/// the account over; the change ends every other session of the user, where a thief may sit.
async fn change(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    body: Result<ApiJson<PasswordChange>, ApiError>,
) -> Result<StatusCode> {
    let change = body?.0.validated().map_err(guard::invalid)?;
    let address = client.address;
    // Guessing the current password here is guessing it at sign-in: the same limits apply, and
    // the attempt is counted before the password is looked at.
    let reservation = match state
        .limiter
        .reserve(&state.db, &user.username, address)
        .await?
    {
        Ok(r) => r,
        Err(refusal) => {
            tracing::warn!(username = %Escaped(&user.username), %address, "password change refused: rate limited");
            return Err(ApiError::TooManyRequests {
                retry_after_secs: refusal.retry_after_secs,
            });
        }
    };
    let row = users::find_user(&state.db, &user.username)
        .await?
        .ok_or_else(|| ApiError::Internal("a signed-in user has no row".into()))?;
    let matches = state
        .limiter
        .verifier
        .verify(change.current_password, row.password_hash)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !matches {
        tracing::warn!(username = %Escaped(&user.username), %address, "password change refused: wrong current password");
        state.refusals.record(Refused {
            action: "password_change_refused",
            username: Some(&user.username),
            role: Some(user.role.code()),
            unit: user.unit.as_deref(),
            address,
            what: None,
        });
        return Err(ApiError::invalid(
            "wrong_current_password",
            "当前密码不正确，密码未修改",
            "The current password is wrong; the password was not changed",
        ));
    }
    state.limiter.release(&state.db, reservation).await?;
    let new = change.new_password;
    let hash = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(|e| ApiError::Internal(format!("password hashing task: {e}")))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let entry = guard::entry(&user, address, "password_changed", json!({}));
    let change = users::change_own_password(&user.username, &hash, &user.token_hash);
    state.audited(entry, change).await?;
    // Checks of the ended sessions cached in this process must not outlive them.
    state.sessions.forget_user(&user.username);
    tracing::info!(username = %Escaped(&user.username), %address, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

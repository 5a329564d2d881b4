//! `GET/PUT /api/me/email-preferences`: where a user's notices go by email, and whether daily or at once.

use crate::auth::ClientInfo;
use crate::auth::{CurrentUser, guard};
use crate::error::{ApiJson, Result};
use crate::state::AppState;
use crate::store::db::unit::{Statement, Unit};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use shared::mail::EmailPreferences;

pub fn router() -> Router<AppState> {
    Router::new().route("/me/email-preferences", get(show).put(update))
}

async fn show(State(state): State<AppState>, user: CurrentUser) -> Result<Json<EmailPreferences>> {
    Ok(Json(
        crate::services::mail::preferences(&state.db, &user.username).await?,
    ))
}

/// Every signed-in user chooses for themselves; the change is audited like any other.
async fn update(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    ApiJson(mut prefs): ApiJson<EmailPreferences>,
) -> Result<Json<EmailPreferences>> {
    prefs.address = prefs
        .address
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    prefs.validate().map_err(guard::invalid)?;
    // No address is NONE, not NULL: the field is `option<string>`, which refuses a NULL.
    let update = match &prefs.address {
        Some(address) => Statement::new(
            "UPDATE user SET email = $email, email_mode = $mode WHERE username = $user RETURN NONE;",
        )
        .bind("email", address.clone()),
        None => Statement::new(
            "UPDATE user SET email = NONE, email_mode = $mode WHERE username = $user RETURN NONE;",
        ),
    };
    let update = update
        .bind("user", user.username.clone())
        .bind("mode", json!(prefs.mode));
    let entry = guard::entry(&user, client.address, "email_preferences", json!(prefs));
    state
        .audit
        .append_with(&state.db, entry, Unit::from(update))
        .await?;
    Ok(Json(prefs))
}

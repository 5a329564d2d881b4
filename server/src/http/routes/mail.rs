//! `GET/PUT /api/me/email-preferences`: where a user's notices go by email, and whether daily or at once.

use crate::auth::ClientInfo;
use crate::auth::{CurrentUser, guard};
use crate::error::{ApiJson, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, json};
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
    let mut vars = Map::new();
    vars.insert("pref_user".into(), json!(user.username));
    vars.insert("pref_mode".into(), json!(prefs.mode));
    // No address is NONE, not NULL: the field is `option<string>`, which refuses a NULL.
    let email = match &prefs.address {
        Some(address) => {
            vars.insert("pref_email".into(), json!(address));
            "$pref_email"
        }
        None => "NONE",
    };
    let entry = guard::entry(&user, client.address, "email_preferences", json!(prefs));
    state
        .audit
        .append_with(
            &state.db,
            entry,
            &format!("UPDATE user SET email = {email}, email_mode = $pref_mode WHERE username = $pref_user RETURN NONE;\n"),
            vars,
        )
        .await?;
    Ok(Json(prefs))
}

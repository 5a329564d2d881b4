//! `GET/PUT /api/settings`: what differs between universities, read and changed by the admin.

use crate::auth::ClientInfo;
use crate::auth::guard;
use crate::auth::session::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::admin_settings;
use crate::telemetry::Escaped;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use shared::Capability;
use shared::settings::{Settings, SettingsView};

pub fn router() -> Router<AppState> {
    Router::new().route("/settings", get(read).put(save))
}

async fn read(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
) -> Result<Json<SettingsView>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::EditSettings,
        "read_settings",
    )
    .await?;
    Ok(Json(view(&state).await?))
}

async fn save(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    body: Result<ApiJson<Settings>, ApiError>,
) -> Result<Json<SettingsView>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::EditSettings,
        "save_settings",
    )
    .await?;
    // Every field is checked before anything is written: a refusal changes nothing.
    let settings = body?.0.check().map_err(guard::invalid)?;
    let before = state.admin_settings().await?;
    let entry = guard::entry(
        &user,
        client.address,
        "settings_saved",
        json!({ "before": before, "after": settings }),
    );
    // The save gives the settings a new generation: the next request in this process or any
    // other on the database applies them.
    state
        .audited(entry, admin_settings::save(&settings, &user.username)?)
        .await?;
    tracing::info!(username = %Escaped(&user.username), "settings saved");
    Ok(Json(view(&state).await?))
}

async fn view(state: &AppState) -> Result<SettingsView> {
    let (_, stored) = state.admin_settings.current_stored(&state.db).await?;
    Ok(SettingsView {
        settings: stored.settings,
        updated_by: stored.updated_by,
        updated_at: stored.updated_at,
    })
}

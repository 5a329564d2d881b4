//! `GET /api/dashboard`: counts by light and kind, and per unit, for the office and the leaders.

use crate::auth::{CurrentUser, guard};
use crate::error::Result;
use crate::state::AppState;
use crate::store::counters;
use crate::store::db::listing;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use shared::Capability;
use shared::api::Dashboard;

pub fn router() -> Router<AppState> {
    Router::new().route("/dashboard", get(dashboard))
}

/// Counts by light and kind, and per unit: read from counters, never by scanning matters, and
/// kept under the generation of the `all` list rows. Every counter here is of what those rows
/// show (light, kind, open, lead and assisting units), so no counter moves without them.
async fn dashboard(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    guard::require(&user, Capability::Dashboard)?;
    let scopes = [listing::Scope::All.key()];
    let body = state
        .pages
        .kept_or(&state.db, &user.username, "dashboard", &scopes, || async {
            let generation = crate::store::db::generations::read(&state.db, &scopes).await?;
            let dashboard = Dashboard {
                overall: counters::overall(&state.db).await?,
                units: counters::per_unit(&state.db).await?,
            };
            Ok((
                Some(generation),
                Bytes::from(serde_json::to_vec(&dashboard)?),
            ))
        })
        .await?;
    Ok(crate::store::pages::json_response(body))
}

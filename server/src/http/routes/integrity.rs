//! The integrity checks: the audit chain verified end to end, and the counters recounted from the matters.

use crate::auth::{CurrentUser, guard};
use crate::error::Result;
use crate::state::AppState;
use crate::store::{audit, counters};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::Capability;
use shared::api::CounterCheck;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit/verify", get(verify))
        .route("/admin/counters/check", get(counter_check))
}

async fn verify(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<audit::Verification>> {
    guard::require(&user, Capability::CheckIntegrity)?;
    Ok(Json(state.audit.verify(&state.db).await?))
}

async fn counter_check(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<CounterCheck>> {
    guard::require(&user, Capability::CheckIntegrity)?;
    Ok(Json(counters::check(&state.db).await?))
}

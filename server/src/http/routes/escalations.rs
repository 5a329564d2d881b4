//! `GET /api/escalations`: the office's queue of routine matters with grounds for key supervision.

use crate::auth::{CurrentUser, guard};
use crate::error::Result;
use crate::state::AppState;
use crate::store::db::matters;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use shared::Capability;
use shared::api::EscalationProposal;

pub fn router() -> Router<AppState> {
    Router::new().route("/escalations", get(escalations))
}

async fn escalations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<EscalationProposal>>> {
    guard::require(&user, Capability::Escalations)?;
    #[derive(Deserialize)]
    struct Row {
        mid: String,
        reasons: Vec<shared::escalation::EscalationReason>,
        proposed_on: chrono::NaiveDate,
    }
    let rows: Vec<Row> = state
        .db
        .rows(
            "SELECT mid, reasons, proposed_on FROM escalation WHERE open = true ORDER BY proposed_on",
            json!({}),
        )
        .await?;
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let ctx = shared::engine::Context::new(chrono::Utc::now(), &calendar).with_settings(&settings);
    let mut out = Vec::new();
    for r in rows {
        // A matter escalated or closed since the daily run leaves the queue at once, not the next day.
        let matter = matters::load(&state.db, &r.mid).await?;
        if let Some(m) = matter.filter(shared::Matter::is_open) {
            let light = crate::services::workflow::light_of(&m, &ctx);
            out.push(EscalationProposal {
                matter: matters::summary(&m, light, None),
                reasons: r.reasons,
                proposed_on: r.proposed_on,
            });
        }
    }
    Ok(Json(out))
}

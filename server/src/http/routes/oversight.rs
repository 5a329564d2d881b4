//! Oversight views: dashboard counters, the escalation queue, the audit chain check, the counter recount.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use crate::store::db::{listing, matters};
use crate::store::{audit, counters};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::Role;
use shared::api::{CounterCheck, Counters, Decision, EscalationProposal, UnitCounters};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/escalations", get(escalations))
        .route("/decisions", get(decisions))
        .route("/audit/verify", get(verify))
        .route("/admin/counters/check", get(counter_check))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub overall: Counters,
    pub units: Vec<UnitCounters>,
}

/// Counts by light and kind, and per unit: read from counters, never by scanning matters, and
/// kept under the generation of the `all` list rows. Every counter here is of what those rows
/// show (light, kind, open, lead and assisting units), so no counter moves without them.
async fn dashboard(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    crate::auth::guard::require_role(&user, &[Role::Office, Role::Leader])?;
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

/// What waits for this leader's decision, one tap each: read from the list rows, which say
/// which decision is pending and whose (at most `listing::MAX_DECISIONS`, soonest first), and
/// kept while neither audience's rows change (`pages`).
async fn decisions(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    crate::auth::guard::require_role(&user, &[Role::Leader])?;
    let scopes = listing::decision_scopes(&user.username);
    let key = format!("decisions\n{}", user.username);
    let body = state
        .pages
        .kept_or(&state.db, &user.username, &key, &scopes, || async {
            let (generation, rows) = listing::awaiting(&state.db, &user.username).await?;
            let out: Vec<Decision> = rows
                .into_iter()
                .filter_map(|r| {
                    let action = r.decision?;
                    Some(Decision {
                        matter: r.summary(None),
                        action,
                    })
                })
                .collect();
            Ok((Some(generation), Bytes::from(serde_json::to_vec(&out)?)))
        })
        .await?;
    Ok(crate::store::pages::json_response(body))
}

async fn escalations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<EscalationProposal>>> {
    crate::auth::guard::require_role(&user, &[Role::Office])?;
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
    let ctx = shared::engine::Context::new(chrono::Utc::now(), &calendar);
    let mut out = Vec::new();
    for r in rows {
        if let Some(m) = matters::load(&state.db, &r.mid).await? {
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

async fn verify(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<audit::Verification>> {
    crate::auth::guard::require_role(&user, &[Role::Office, Role::Admin])?;
    Ok(Json(state.audit.verify(&state.db).await?))
}

async fn counter_check(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<CounterCheck>> {
    crate::auth::guard::require_role(&user, &[Role::Office, Role::Admin])?;
    Ok(Json(counters::check(&state.db).await?))
}

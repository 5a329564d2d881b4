//! `GET /api/decisions`: what waits for this leader's decision, one tap each.

use crate::auth::{CurrentUser, guard};
use crate::error::Result;
use crate::state::AppState;
use crate::store::db::listing;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use shared::Capability;
use shared::api::Decision;

pub fn router() -> Router<AppState> {
    Router::new().route("/decisions", get(decisions))
}

/// Read from the list rows, which say which decision is pending and whose (at most
/// `listing::MAX_DECISIONS`, soonest first), and kept while neither audience's rows change (`pages`).
async fn decisions(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    guard::require(&user, Capability::Decide)?;
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

//! The integrity checks: the audit chain verified end to end and read back page by page, and the
//! counters recounted from the matters.

use crate::auth::{CurrentUser, guard};
use crate::error::ApiError;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{audit, counters};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::Capability;
use shared::api::CounterCheck;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit/verify", get(verify))
        .route("/audit", get(read))
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

/// `GET /api/audit?after=SEQ&limit=N&action=PREFIX`: what the chain holds, oldest first.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// The last `seq` already read (0, the default, reads from the start).
    #[serde(default)]
    pub after: Option<i64>,
    /// Entries per page, 1 to 500 (100 by default).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Only entries whose action starts with this, e.g. `matter.` (at most 64 characters).
    #[serde(default)]
    pub action: Option<String>,
}

/// A page of entries and where the next one starts (`None`: this was the last).
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = AuditPage)]
pub struct AuditPage {
    pub entries: Vec<audit::read::Shown>,
    pub next_after: Option<i64>,
}

async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    query: std::result::Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>> {
    guard::require(&user, Capability::CheckIntegrity)?;
    let Query(q) = query?;
    let after = q.after.unwrap_or(0);
    let limit = q.limit.unwrap_or(100);
    let prefix = q.action.unwrap_or_default();
    if after < 0 {
        return Err(ApiError::bad_request(
            "bad_after",
            "after：须为 0 或正整数",
            "after: must be 0 or more",
        ));
    }
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request(
            "bad_limit",
            "limit：须为 1 到 500",
            "limit: must be 1 to 500",
        ));
    }
    if prefix.chars().count() > 64 {
        return Err(ApiError::bad_request(
            "bad_action",
            "action：不能超过 64 个字符",
            "action: must be at most 64 characters",
        ));
    }
    let rows = audit::read::page(&state.db, after, limit, &prefix)
        .await
        .map_err(ApiError::from)?;
    let next_after = (rows.len() == limit as usize)
        .then(|| rows.last().map(|r| r.seq))
        .flatten();
    Ok(Json(AuditPage {
        entries: rows.into_iter().map(Into::into).collect(),
        next_after,
    }))
}

//! Matters: the scoped list, the detail with allowed actions, creation, and the one action endpoint.

use crate::auth::ClientInfo;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::services::idempotency;
use crate::services::workflow;
use crate::state::AppState;
use crate::store::db::{matter_query, matters};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;
use shared::api::{ActionRequest, MatterDetail, MatterQuery};
use shared::engine::Action;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/matters", get(list).post(create))
        .route("/matters/{id}", get(show))
        .route("/matters/{id}/actions", post(act))
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    query: std::result::Result<Query<MatterQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(q) = query?;
    let plan = matter_query::plan(&user, &q)?;
    let (page, per_page) = (plan.page, plan.per_page);
    let prepared = matter_query::prepare(plan);
    let body = state
        .pages
        .page(&state.db, &user.username, prepared, page, per_page)
        .await?;
    Ok(crate::store::pages::json_response(body))
}

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<MatterDetail>> {
    let m = matters::load_visible(&state.db, &user, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(workflow::detail(&state, &user, m).await?))
}

async fn create(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    user: CurrentUser,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response> {
    let action: Action = ApiError::parse(body.clone())?;
    // Sizes before anything else: an over-long text costs no lookup, no write, no audit entry.
    action.check_limits().map_err(workflow::rule_error)?;
    let origin = workflow::Origin {
        address: client.address.to_string(),
        app: client.app,
    };
    idempotency::once(
        &state,
        &user,
        &headers,
        "/api/matters",
        &body,
        StatusCode::CREATED,
        |idem| workflow::create(&state, &user, &origin, action, Some(idem)),
    )
    .await
}

/// `?from_list=true`: the version sent is the one a list row showed (`MatterSummary::version`),
/// not the detail page's, so the action is refused only when what the list showed has moved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActQuery {
    #[serde(default)]
    from_list: bool,
}

async fn act(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    user: CurrentUser,
    Path(id): Path<String>,
    query: std::result::Result<Query<ActQuery>, QueryRejection>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response> {
    let Query(q) = query?;
    let req: ActionRequest = ApiError::parse(body.clone())?;
    req.action.check_limits().map_err(workflow::rule_error)?;
    let origin = workflow::Origin {
        address: client.address.to_string(),
        app: client.app,
    };
    // The query is part of what a retried key must repeat.
    let path = match q.from_list {
        true => format!("/api/matters/{id}/actions?from_list=true"),
        false => format!("/api/matters/{id}/actions"),
    };
    idempotency::once(
        &state,
        &user,
        &headers,
        &path,
        &body,
        StatusCode::OK,
        |idem| {
            workflow::act(
                &state,
                &user,
                &origin,
                &id,
                workflow::Seen {
                    version: req.version,
                    from_list: q.from_list,
                },
                req.action,
                Some(idem),
            )
        },
    )
    .await
}

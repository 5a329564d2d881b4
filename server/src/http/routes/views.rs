//! Saved ledger views: each user lists, saves (by name, replacing) and deletes only their own.

use crate::auth::ClientInfo;
use crate::auth::guard;
use crate::auth::session::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::{matter_query, views};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::json;
use shared::api::MatterQuery;
use shared::views::{MAX_VIEWS, NewView, SavedView, ViewName, view_query};

/// Longer than any query the ledger's filters can produce.
const MAX_QUERY_CHARS: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/views", get(list).post(save))
        .route("/views/{id}", delete(remove))
}

async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<SavedView>>> {
    let rows = views::list(&state.db, &user.username).await?;
    Ok(Json(rows.into_iter().map(SavedView::from).collect()))
}

/// The query as a view keeps it, refused unless the ledger itself would accept it.
fn checked_query(user: &CurrentUser, raw: &str) -> Result<String> {
    let bad = |why: String| {
        ApiError::invalid(
            "invalid_view_query",
            format!("视图的筛选条件无效：{why}"),
            format!("The view's filters are not valid: {why}"),
        )
    };
    if raw.chars().count() > MAX_QUERY_CHARS {
        return Err(bad(format!("超过 {MAX_QUERY_CHARS} 个字符")));
    }
    let query = view_query(raw);
    let uri: Uri = format!("/?{query}")
        .parse()
        .map_err(|_| bad("含有不能出现在网址中的字符".into()))?;
    let Query(q) = Query::<MatterQuery>::try_from_uri(&uri).map_err(|e| bad(e.body_text()))?;
    matter_query::plan(user, &q)?;
    Ok(query)
}

async fn save(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    body: Result<ApiJson<NewView>, ApiError>,
) -> Result<(StatusCode, Json<SavedView>)> {
    let new = body?.0;
    let name = ViewName::parse(&new.name).map_err(guard::invalid)?;
    let query = checked_query(&user, &new.query)?;
    let existing = views::list(&state.db, &user.username).await?;
    let replaces = existing.iter().any(|v| v.name == name.as_str());
    if !replaces && existing.len() >= MAX_VIEWS {
        return Err(ApiError::invalid(
            "too_many_views",
            format!("最多保存 {MAX_VIEWS} 个视图，请先删除不用的视图"),
            format!("At most {MAX_VIEWS} views can be saved; delete one first"),
        ));
    }
    let row = views::ViewRow {
        vid: crate::services::workflow::new_matter_id(),
        username: user.username.clone(),
        name: name.as_str().to_owned(),
        query: query.clone(),
        saved_at: chrono::Utc::now().to_rfc3339(),
    };
    let entry = guard::entry(
        &user,
        client.address,
        "view_saved",
        json!({ "name": row.name, "query": query }),
    );
    let results = state
        .audited(entry, views::save(&row)?)
        .await
        .map_err(|e| {
            if e.is_taken() {
                ApiError::conflict(
                    "view_saved_meanwhile",
                    "同名视图刚刚被保存，请重试",
                    "A view of this name was saved meanwhile; try again",
                )
            } else {
                e.into()
            }
        })?;
    let stored = views::saved(results, row);
    let status = if replaces {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(stored.into())))
}

async fn remove(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode> {
    let id = path?.0;
    let entry = guard::entry(&user, client.address, "view_deleted", json!({ "id": id }));
    // Another user's view answers like a missing one.
    if !views::exists(&state.db, &user.username, &id).await? {
        return Err(ApiError::NotFound);
    }
    state
        .audited(entry, views::delete(&user.username, &id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

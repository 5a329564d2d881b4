//! A user's notices: list (newest first), mark one or all read.

use crate::auth::CurrentUser;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use shared::api::{Notification, NotificationKind};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
}

#[derive(Deserialize)]
struct Row {
    key: String,
    mid: String,
    kind: NotificationKind,
    title: String,
    created_at: chrono::DateTime<chrono::Utc>,
    read: bool,
}

async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<Notification>>> {
    let rows: Vec<Row> = state
        .db
        .rows(
            "SELECT key, mid, kind, title, created_at, read FROM notification WHERE user = $u ORDER BY created_at DESC LIMIT 200",
            json!({ "u": user.username }),
        )
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| Notification {
                id: r.key,
                matter_id: r.mid,
                kind: r.kind,
                title: r.title,
                created_at: r.created_at,
                read: r.read,
            })
            .collect(),
    ))
}

async fn read_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    // The user condition keeps one person from touching another's notices.
    let updated = state
        .db
        .run(
            "UPDATE notification SET read = true WHERE key = $k AND user = $u RETURN key",
            json!({ "k": id, "u": user.username }),
        )
        .await?;
    match updated.first().and_then(|v| v.as_array()) {
        Some(rows) if !rows.is_empty() => Ok(StatusCode::NO_CONTENT),
        _ => Err(ApiError::NotFound),
    }
}

async fn read_all(State(state): State<AppState>, user: CurrentUser) -> Result<StatusCode> {
    state
        .db
        .run(
            "UPDATE notification SET read = true WHERE user = $u AND read = false RETURN NONE",
            json!({ "u": user.username }),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

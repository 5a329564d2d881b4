//! The HTTP API under `/api`: each resource module has its own router, merged here.

mod health;
mod session;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(session::router())
        .fallback(api_not_found)
}

/// Unknown `/api/...` paths answer in JSON, never with the app's HTML.
async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

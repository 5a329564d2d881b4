//! The HTTP API under `/api`: each resource module has its own router, merged here.

mod attachments;
mod calendar;
mod dashboard;
mod decisions;
mod escalations;
mod health;
mod integrity;
mod mail;
mod matters;
mod notifications;
pub mod openapi;
mod password;
mod plain_errors;
mod procedures;
mod reports;
mod session;
mod settings;
mod stats;
mod units;
mod users;
mod views;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(matters::router())
        .merge(attachments::router())
        .merge(notifications::router())
        .merge(dashboard::router())
        .merge(decisions::router())
        .merge(escalations::router())
        .merge(integrity::router())
        .merge(procedures::router())
        .merge(reports::router())
        .merge(stats::router())
        .merge(mail::router())
        .merge(session::router())
        .merge(password::router())
        .merge(calendar::router())
        .merge(settings::router())
        .merge(units::router())
        .merge(users::router())
        .merge(views::router())
        .merge(openapi::router())
        .fallback(api_not_found)
        .layer(axum::middleware::map_response(plain_errors::as_json))
}

/// Unknown `/api/...` paths answer in JSON, never with the app's HTML.
async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

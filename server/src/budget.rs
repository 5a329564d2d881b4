//! The time budget of a JSON request: past it the answer is 503 and the handler's work is dropped.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Runs the handler within `budget`; a request that took the whole budget is answered 503 (a
/// write it finished stays done, and its idempotency key answers a retry). When the budget runs
/// out first, the handler's future is dropped: its awaits stop there, and report work on the
/// blocking pool sees its cancel flag set (`reports::off_workers`) and stops at its next step.
/// Files are exempt: an upload's body and a download's bytes move at the client's speed.
pub async fn enforce(State(budget): State<Duration>, request: Request, next: Next) -> Response {
    if is_file_transfer(request.uri().path()) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = tokio::time::Instant::now();
    match tokio::time::timeout(budget, next.run(request)).await {
        // A handler that finished between the timer's checks is over budget all the same: the
        // rule is the time taken, whichever way the clock was read.
        Ok(response) if started.elapsed() < budget => response,
        _ => {
            tracing::warn!(%method, %path, ?budget, "request over its time budget, stopped");
            ApiError::OverBudget.into_response()
        }
    }
}

/// Excel downloads and attachments (uploads and downloads).
fn is_file_transfer(path: &str) -> bool {
    path.ends_with(".xlsx") || path.contains("/attachments")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_exempt_and_json_reports_are_not() {
        assert!(is_file_transfer("/api/reports/briefing.xlsx"));
        assert!(is_file_transfer("/api/matters/m1/attachments"));
        assert!(is_file_transfer("/api/matters/m1/attachments/a1"));
        assert!(!is_file_transfer("/api/reports/briefing"));
        assert!(!is_file_transfer("/api/matters"));
    }
}

//! Per-unit statistics for a year, read from the `unit_year` counters: a few small rows, however many
//! matters there are, so a leader's phone gets its ranking without the year's whole briefing.

use crate::auth::ClientInfo;
use crate::auth::{CurrentUser, guard};
use crate::error::{ApiError, Result};
use crate::state::AppState;
use crate::store::counters;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use shared::Capability;
use shared::api::UnitYearStats;

pub fn router() -> Router<AppState> {
    Router::new().route("/stats/units", get(units))
}

/// The year as text, so a bad one gets the Chinese message below rather than a parser's.
#[derive(Debug, Deserialize)]
struct YearQuery {
    year: Option<String>,
}

async fn units(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Vec<UnitYearStats>>> {
    let Query(q) = query?;
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::UnitStats,
        "stats_units",
    )
    .await?;
    let this_year = chrono::Datelike::year(&shared::engine::china_date(chrono::Utc::now()));
    let year = match q.year.as_deref() {
        None | Some("") => this_year,
        Some(text) => {
            let year = text.parse::<i32>().map_err(|_| {
                ApiError::invalid(
                    "invalid_year",
                    "年份须为 2000 到 2100 之间的整数",
                    "The year must be a whole number from 2000 to 2100",
                )
            })?;
            shared::dates::check_year("year", year).map_err(guard::invalid)?
        }
    };
    Ok(Json(counters::per_unit_year(&state.db, year).await?))
}

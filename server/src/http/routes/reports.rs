//! Reports: the briefing for any period, issued briefings, the quarterly report, the accountability list, Excel downloads.

use crate::auth::ClientInfo;
use crate::auth::{CurrentUser, guard};
use crate::error::{ApiError, ApiJson, Result};
use crate::http::download;
use crate::services::idempotency;
use crate::services::reports::{self, accountability_matters, context, matters_for, today};
use crate::services::xlsx;
use crate::state::AppState;
use crate::store::db::{briefings, matter_query};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;
use shared::Capability;
use shared::api::MatterQuery;
use shared::deadline::Quarter;
use shared::report::{
    AccountabilityReport, Briefing, BriefingSummary, IssueBriefing, PeriodQuery, QuarterlyReport,
};
use shared::stats::Period;
use std::net::IpAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports/briefing", get(briefing))
        .route("/reports/briefing.xlsx", get(briefing_xlsx))
        .route("/reports/briefings", get(issued).post(issue))
        .route("/reports/briefings/{no}", get(issued_one))
        .route("/reports/quarterly", get(quarterly))
        .route("/reports/quarterly.xlsx", get(quarterly_xlsx))
        .route("/reports/accountability", get(accountability))
        .route("/reports/accountability.xlsx", get(accountability_xlsx))
        .route("/matters.xlsx", get(ledger_xlsx))
}

async fn allow(
    state: &AppState,
    user: &CurrentUser,
    address: IpAddr,
    capability: Capability,
    what: &str,
) -> Result<()> {
    guard::authorize(state, user, address, capability, what).await
}

fn period_of(q: &PeriodQuery) -> Result<Period> {
    q.resolve(today()).map_err(guard::invalid)
}

/// The calendar and the admin's settings a report is computed with, and their generations, which
/// are part of the report's cache key: an admin's edit, in any process, changes working days (and
/// so deadlines and averages) or thresholds without touching any matter.
async fn calendar_mark(
    state: &AppState,
) -> Result<(String, shared::Calendar, shared::settings::Settings)> {
    let (calendar_mark, calendar) = state.calendar.current_with_generation(&state.db).await?;
    let (settings_mark, stored) = state.admin_settings.current_stored(&state.db).await?;
    let mark = format!("{calendar_mark} {settings_mark}");
    Ok((mark, calendar, stored.settings))
}

async fn generate(state: &AppState, period: Period) -> Result<Briefing> {
    let today = today();
    let (mark, calendar, settings) = calendar_mark(state).await?;
    let key = format!("briefing {} {} {today} {mark}", period.from, period.to);
    state
        .reports
        .get_or_compute(&state.db, key, || async {
            let matters = matters_for(&state.db, period.from, period.to).await?;
            let calendar = calendar.clone();
            let settings = settings.clone();
            reports::off_workers(move |cancel| {
                let ctx = context(&calendar, &settings, today, cancel);
                shared::briefing::briefing(&matters, period, &ctx)
            })
            .await
        })
        .await
}

async fn briefing(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<Briefing>> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::Briefings,
        "report_briefing",
    )
    .await?;
    let period = period_of(&q)?;
    Ok(Json(generate(&state, period).await?))
}

async fn briefing_xlsx(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::Briefings,
        "report_briefing_xlsx",
    )
    .await?;
    let period = period_of(&q)?;
    let b = generate(&state, period).await?;
    let names = reports::unit_names(&state.db).await?;
    let bytes = reports::off_workers(move |_| Ok(xlsx::briefing(&b, &names))).await??;
    let zh = format!("督办简报统计{}至{}.xlsx", period.from, period.to);
    Ok(download::xlsx(bytes, "briefing.xlsx", &zh))
}

/// The ledger as Excel: exactly the matters `GET /api/matters` would list with these filters, all pages.
async fn ledger_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    query: std::result::Result<Query<MatterQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(q) = query?;
    let mut plan = matter_query::plan(&user, &q)?;
    plan.page = 1;
    plan.per_page = MAX_LEDGER_ROWS;
    let rows = matter_query::run_full(&state.db, plan).await?;
    let names = reports::unit_names(&state.db).await?;
    let bytes = reports::off_workers(move |_| Ok(xlsx::ledger(&rows, &names))).await??;
    Ok(download::xlsx(
        bytes,
        "ledger.xlsx",
        &format!("督办事项台账{}.xlsx", today()),
    ))
}

/// More rows than a university has matters in years; a bound so one request cannot exhaust memory.
const MAX_LEDGER_ROWS: u32 = 20_000;

async fn issue(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    user: CurrentUser,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response> {
    allow(
        &state,
        &user,
        client.address,
        Capability::IssueBriefing,
        "issue_briefing",
    )
    .await?;
    let req: IssueBriefing = ApiError::parse(body.clone())?;
    req.validate().map_err(guard::invalid)?;
    let period = period_of(&req.period)?;
    let address = client.address.to_string();
    let lead = req.lead.trim().to_owned();
    let (by, on) = (&user, &state);
    idempotency::once(
        &state,
        &user,
        &headers,
        "/api/reports/briefings",
        &body,
        StatusCode::CREATED,
        |idem| async move { reports::issue(on, by, &address, period, lead, &idem).await },
    )
    .await
}

async fn issued(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
) -> Result<Json<Vec<BriefingSummary>>> {
    allow(
        &state,
        &user,
        client.address,
        Capability::Briefings,
        "list_briefings",
    )
    .await?;
    Ok(Json(briefings::list(&state.db).await?))
}

/// `/reports/briefings/2026-3` as JSON, `/reports/briefings/2026-3.xlsx` as Excel: an issued briefing
/// is downloaded as it was issued, never recomputed.
async fn issued_one(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    Path(no): Path<String>,
) -> Result<Response> {
    let excel = no.strip_suffix(".xlsx");
    let what = if excel.is_some() {
        "read_briefing_xlsx"
    } else {
        "read_briefing"
    };
    allow(&state, &user, client.address, Capability::Briefings, what).await?;
    let issued = briefings::find(&state.db, excel.unwrap_or(&no))
        .await?
        .ok_or(ApiError::NotFound)?;
    if excel.is_none() {
        return Ok(Json(issued).into_response());
    }
    let names = reports::unit_names(&state.db).await?;
    let zh = format!("{}统计.xlsx", issued.number);
    let bytes =
        reports::off_workers(move |_| Ok(xlsx::briefing(&issued.briefing, &names))).await??;
    Ok(download::xlsx(bytes, "briefing.xlsx", &zh))
}

#[derive(Debug, Deserialize)]
struct QuarterQuery {
    year: Option<i32>,
    quarter: Option<u32>,
}

async fn quarterly(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<QuarterQuery>, QueryRejection>,
) -> Result<Json<QuarterlyReport>> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::QuarterlyReport,
        "report_quarterly",
    )
    .await?;
    Ok(Json(quarterly_report(&state, q).await?))
}

async fn quarterly_xlsx(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<QuarterQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::QuarterlyReport,
        "report_quarterly_xlsx",
    )
    .await?;
    let report = quarterly_report(&state, q).await?;
    let names = reports::unit_names(&state.db).await?;
    let zh = format!(
        "督办季度报告{}年第{}季度.xlsx",
        report.quarter.year, report.quarter.quarter
    );
    let bytes = reports::off_workers(move |_| Ok(xlsx::quarterly(&report, &names))).await??;
    Ok(download::xlsx(bytes, "quarterly.xlsx", &zh))
}

async fn quarterly_report(state: &AppState, q: QuarterQuery) -> Result<QuarterlyReport> {
    let today = today();
    let current = Quarter::of(today);
    let quarter = Quarter::parse(
        q.year.unwrap_or(current.year),
        q.quarter.unwrap_or(current.quarter),
    )
    .map_err(guard::invalid)?;
    let (mark, calendar, settings) = calendar_mark(state).await?;
    let key = format!(
        "quarterly {} {} {today} {mark}",
        quarter.year, quarter.quarter
    );
    state
        .reports
        .get_or_compute(&state.db, key, || async {
            let previous = shared::briefing::previous(quarter).period();
            let matters = matters_for(&state.db, previous.from, quarter.period().to).await?;
            let calendar = calendar.clone();
            let settings = settings.clone();
            reports::off_workers(move |cancel| {
                let ctx = context(&calendar, &settings, today, cancel);
                shared::briefing::quarterly(&matters, quarter, &ctx)
            })
            .await
        })
        .await
}

async fn accountability(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<AccountabilityReport>> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::Accountability,
        "report_accountability",
    )
    .await?;
    Ok(Json(accountability_report(&state, &q).await?))
}

async fn accountability_xlsx(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    query: std::result::Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(q) = query?;
    allow(
        &state,
        &user,
        client.address,
        Capability::Accountability,
        "report_accountability_xlsx",
    )
    .await?;
    let report = accountability_report(&state, &q).await?;
    let names = reports::unit_names(&state.db).await?;
    let zh = format!("督办问责清单{}.xlsx", report.as_of);
    let bytes = reports::off_workers(move |_| Ok(xlsx::accountability(&report, &names))).await??;
    Ok(download::xlsx(bytes, "accountability.xlsx", &zh))
}

/// The list for the period asked for; with none, the year so far (the list is about a period,
/// and a year is the discipline office's usual one).
async fn accountability_report(state: &AppState, q: &PeriodQuery) -> Result<AccountabilityReport> {
    let today = today();
    let year = PeriodQuery {
        kind: Some(shared::report::PeriodKind::Year),
        date: Some(today),
        ..PeriodQuery::default()
    };
    let period = period_of(if *q == PeriodQuery::default() {
        &year
    } else {
        q
    })?;
    state
        .reports
        .get_or_compute(
            &state.db,
            format!("accountability {} {} {today}", period.from, period.to),
            || async {
                let matters = accountability_matters(&state.db, period).await?;
                reports::off_workers(move |_| {
                    Ok(shared::briefing::accountability(&matters, period, today))
                })
                .await
            },
        )
        .await
}

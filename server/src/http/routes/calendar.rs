//! The working-day calendar: read a year, compute a deadline (anyone signed in), save a year (admin).

use crate::auth::ClientInfo;
use crate::auth::guard;
use crate::auth::session::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::calendar as stored;
use crate::telemetry::Escaped;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::admin::{CalendarStatus, CalendarYear};
use shared::{Capability, Deadline, YearSchedule};

/// The longest offset a deadline picker may ask for: a year.
const MAX_DAYS: i64 = 366;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar/deadline", get(deadline))
        .route("/calendar/{year}", get(read_year).put(save_year))
}

async fn read_year(
    State(state): State<AppState>,
    _user: CurrentUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<CalendarYear>> {
    let year = parse_year(&path?.0)?;
    Ok(Json(year_view(&state, year).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineQuery {
    from: Option<String>,
    working_days: Option<String>,
    calendar_days: Option<String>,
}

async fn deadline(
    State(state): State<AppState>,
    _user: CurrentUser,
    query: Result<Query<DeadlineQuery>, QueryRejection>,
) -> Result<Json<Deadline>> {
    let Query(q) = query?;
    let from = parse_date(q.from.as_deref())?;
    let calendar = state.calendar().await?;
    let date = match (q.working_days.as_deref(), q.calendar_days.as_deref()) {
        (Some(n), None) => calendar.checked_add_working_days(from, parse_days(n)?),
        (None, Some(n)) => calendar.checked_add_calendar_days(from, parse_days(n)?),
        _ => {
            return Err(ApiError::bad_request(
                "days_param",
                "须且只能给出 working_days 或 calendar_days 之一",
                "Give exactly one of working_days and calendar_days",
            ));
        }
    };
    // `from` is in the supported years and the offset at most a year, so chrono's range is far.
    let date = date.ok_or_else(|| {
        ApiError::invalid(
            "days_out_of_range",
            "结果日期超出支持范围",
            "The resulting date is outside the supported range",
        )
    })?;
    Ok(Json(calendar.deadline(from, date)))
}

async fn save_year(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    path: Result<Path<String>, PathRejection>,
    body: Result<ApiJson<YearSchedule>, ApiError>,
) -> Result<Json<CalendarYear>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::EditCalendar,
        "save_calendar_year",
    )
    .await?;
    let year = parse_year(&path?.0)?;
    let schedule = normalized(year, body?.0)?;
    let entry = guard::entry(
        &user,
        client.address,
        "calendar_year_saved",
        serde_json::to_value(&schedule)?,
    );
    // The save gives the calendar a new generation: the next read of it, here or in any other
    // process, loads the year.
    let save = stored::save_year(&schedule, &user.username);
    state.audited(entry, save).await?;
    tracing::info!(year, username = %Escaped(&user.username), "calendar year saved");
    Ok(Json(year_view(&state, year).await?))
}

/// The year as the rules see it, and where it comes from.
async fn year_view(state: &AppState, year: i32) -> Result<CalendarYear> {
    if let Some(y) = stored::find_year(&state.db, year).await? {
        return Ok(CalendarYear {
            year,
            source: y.source,
            holidays: y.holidays,
            makeup_workdays: y.makeup_workdays,
            status: CalendarStatus::AdminEdited,
            updated_by: Some(y.updated_by),
            updated_at: Some(y.updated_at),
        });
    }
    let official = state
        .calendar()
        .await?
        .schedules()
        .into_iter()
        .find(|s| s.year == year);
    let status = if official.is_some() {
        CalendarStatus::Official
    } else {
        CalendarStatus::Estimated
    };
    let s = official.unwrap_or(YearSchedule {
        year,
        source: String::new(),
        holidays: vec![],
        makeup_workdays: vec![],
    });
    Ok(CalendarYear {
        year,
        source: s.source,
        holidays: s.holidays,
        makeup_workdays: s.makeup_workdays,
        status,
        updated_by: None,
        updated_at: None,
    })
}

/// The body's schedule checked against the path's year, with its dates sorted and deduplicated.
fn normalized(year: i32, body: YearSchedule) -> Result<YearSchedule> {
    if body.year != year {
        return Err(ApiError::invalid(
            "year_mismatch",
            format!("请求体中的年份 {} 与路径中的 {year} 不一致", body.year),
            format!(
                "The body's year {} differs from the path's {year}",
                body.year
            ),
        ));
    }
    let sorted = |mut dates: Vec<NaiveDate>| {
        dates.sort_unstable();
        dates.dedup();
        dates
    };
    YearSchedule::parse(
        year,
        &body.source,
        sorted(body.holidays),
        sorted(body.makeup_workdays),
    )
    .map_err(guard::invalid)
}

fn parse_year(text: &str) -> Result<i32> {
    let year: i32 = text.parse().map_err(|_| {
        ApiError::bad_request(
            "invalid_year",
            format!("年份“{text}”不是整数"),
            format!("The year “{text}” is not a whole number"),
        )
    })?;
    shared::dates::check_year("year", year).map_err(guard::invalid)
}

fn parse_date(text: Option<&str>) -> Result<NaiveDate> {
    let text = text.ok_or_else(|| {
        ApiError::bad_request(
            "missing_from",
            "缺少起算日期 from（YYYY-MM-DD）",
            "The start date `from` (YYYY-MM-DD) is missing",
        )
    })?;
    // chrono's `%Y` also takes "26", so the length insists on four-digit years.
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10);
    let date = parsed.ok_or_else(|| {
        ApiError::bad_request(
            "invalid_date",
            format!("日期“{text}”无效，应为 YYYY-MM-DD"),
            format!("The date “{text}” is not a valid YYYY-MM-DD date"),
        )
    })?;
    shared::dates::check_date("from", date).map_err(guard::invalid)
}

fn parse_days(text: &str) -> Result<u32> {
    let n: i64 = text.parse().map_err(|_| {
        ApiError::bad_request(
            "invalid_days",
            format!("天数“{text}”不是整数"),
            format!("The number of days “{text}” is not a whole number"),
        )
    })?;
    u32::try_from(n)
        .ok()
        .filter(|n| i64::from(*n) <= MAX_DAYS)
        .ok_or_else(|| {
            ApiError::invalid(
                "days_out_of_range",
                format!("天数须在 0 到 {MAX_DAYS} 之间"),
                format!("The number of days must be between 0 and {MAX_DAYS}"),
            )
        })
}

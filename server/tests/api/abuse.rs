//! Requests an attacker with a leader's link could send: dates at the ends of chrono's range, huge
//! years and offsets. Each is refused before any work with a clear 4xx, and the server still answers.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The ends of chrono's range and their neighbours, as a query string spells them (a `+` would
/// be read as a space), and the date of the report that once looped forever.
fn extreme_dates() -> Vec<String> {
    let min = NaiveDate::MIN;
    let max = NaiveDate::MAX;
    [
        Some(min),
        min.succ_opt(),
        max.pred_opt(),
        Some(max),
        NaiveDate::from_ymd_opt(1999, 12, 31),
        NaiveDate::from_ymd_opt(2101, 1, 1),
    ]
    .into_iter()
    .flatten()
    .map(|d| d.to_string().replace('+', "%2B"))
    .chain(["262142-12-31".to_owned(), "262143-12-31".to_owned()])
    .collect()
}

/// Whether chrono reads the query's date at all (beyond its range it is a malformed query).
fn parses(date: &str) -> bool {
    date.replace("%2B", "+").parse::<NaiveDate>().is_ok()
}

/// A 400 or 422 in Chinese and English, never a 5xx or a hang.
async fn assert_refused(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let body = json_of(r).await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{what}: {status} {body}"
    );
    assert!(
        !body["message"].as_str().unwrap_or("").is_empty()
            && !body["message_en"].as_str().unwrap_or("").is_empty(),
        "{what}: {body}"
    );
    body
}

#[tokio::test]
async fn report_dates_at_the_ends_of_chronos_range_are_refused_and_the_server_still_answers() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    for date in extreme_dates() {
        for period in ["week", "month", "quarter", "year"] {
            for path in ["/api/reports/briefing", "/api/reports/briefing.xlsx"] {
                let url = format!("{path}?period={period}&date={date}");
                let body = assert_refused(office.get(&url).await, &url).await;
                let code = if parses(&date) {
                    "year_out_of_range"
                } else {
                    "invalid_query"
                };
                assert_eq!(body["code"], code, "{url}: {body}");
            }
        }
        let url = format!("/api/reports/briefing?from={date}&to=2026-01-31");
        assert_refused(office.get(&url).await, &url).await;
        let url = format!("/api/reports/briefing?from=2026-01-01&to={date}");
        assert_refused(office.get(&url).await, &url).await;
        let issue = json!({ "period": { "period": "month", "date": date }, "lead": "" });
        let r = office.post("/api/reports/briefings", &issue).await;
        assert_refused(r, &format!("issue {date}")).await;
    }
    for year in ["262143", "-262144", "1999", "2101", "2147483647"] {
        for path in ["/api/reports/quarterly", "/api/reports/quarterly.xlsx"] {
            let url = format!("{path}?year={year}&quarter=4");
            assert_refused(office.get(&url).await, &url).await;
        }
        let url = format!("/api/stats/units?year={year}");
        assert_refused(office.get(&url).await, &url).await;
    }
    for quarter in ["0", "5", "4294967295"] {
        let url = format!("/api/reports/quarterly?year=2026&quarter={quarter}");
        assert_refused(office.get(&url).await, &url).await;
    }
    // After all that, reports and everything else are answered as before.
    assert_eq!(app.get("/api/health").await.status(), StatusCode::OK);
    let r = office
        .get("/api/reports/briefing?period=month&date=2026-03-01")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn calendar_and_list_dates_outside_the_supported_years_are_refused() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    for date in extreme_dates().into_iter().filter(|d| parses(d)) {
        for days in ["working_days=366", "calendar_days=366"] {
            let url = format!("/api/calendar/deadline?from={date}&{days}");
            assert_refused(office.get(&url).await, &url).await;
        }
        for filter in ["deadline_from", "deadline_to", "created_from", "created_to"] {
            let url = format!("/api/matters?{filter}={date}");
            let body = assert_refused(office.get(&url).await, &url).await;
            assert_eq!(body["code"], "year_out_of_range", "{url}: {body}");
        }
    }
    assert_eq!(
        office
            .get("/api/matters?deadline_from=2026-01-01")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_deadline_outside_the_supported_years_is_refused_when_a_matter_is_proposed_or_acted_on() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let max = NaiveDate::MAX.to_string();
    assert!(
        max.starts_with('+'),
        "a JSON body carries the sign as it is"
    );
    let mut proposal = routine_proposal("jwc", &[]);
    proposal["matter"]["deadline"] = json!(max);
    let body = assert_refused(office.post("/api/matters", &proposal).await, "propose").await;
    assert_eq!(body["code"], "year_out_of_range", "{body}");

    let id = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    let r = liaison.try_act(&id, commitment(&max)).await;
    let body = assert_refused(r, "promised date").await;
    assert_eq!(body["code"], "year_out_of_range", "{body}");
}

/// A second server on the same state and database, with no time budget at all: the first server
/// signs the user in (a login has to wait for the database too), the second answers the request.
async fn server_without_time(app: &TestApp, signed_in: &As) -> As {
    let mut state = app.state.clone();
    let mut settings = (*state.settings).clone();
    settings.request_budget = std::time::Duration::ZERO;
    state.settings = std::sync::Arc::new(settings);
    let router = server::startup::build_router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    // Cookies do not depend on the port, so the session goes along.
    As {
        client: signed_in.client.clone(),
        base,
    }
}

#[tokio::test]
async fn a_json_request_over_its_time_budget_answers_503_and_files_are_exempt() {
    let app = TestApp::spawn().await;
    let office = server_without_time(&app, &app.as_user("office").await).await;
    // With no time at all every request is over budget, however fast this machine answers it.
    let r = office.get("/api/reports/briefing?period=month").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json_of(r).await;
    assert_eq!(body["code"], "over_time_budget", "{body}");
    assert!(!body["message_en"].as_str().unwrap().is_empty());
    // An Excel download is a file: it is not cut off, and the server is still there to make it.
    let r = office.get("/api/reports/briefing.xlsx?period=month").await;
    assert_eq!(r.status(), StatusCode::OK);
}

//! The working-day calendar over HTTP: deadlines around the 2026 holidays, estimates, admin edits, bad input.

use crate::admin::{NOT_ADMIN, assert_error, send};
use crate::helpers::{TestApp, json_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn deadline(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/calendar/deadline?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    json_of(r).await
}

async fn date_of(app: &TestApp, query: &str) -> String {
    let d = deadline(app, query).await;
    assert_eq!(d["estimated"], false, "{query}");
    d["date"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn working_days_skip_the_2026_spring_festival_and_count_its_make_up_saturdays() {
    let app = TestApp::spawn().await;
    app.login_ok("jwc-handler").await;
    // Friday 13 February; Saturday the 14th is a make-up working day; the 15th to 23rd are off.
    assert_eq!(
        date_of(&app, "from=2026-02-13&working_days=1").await,
        "2026-02-14"
    );
    assert_eq!(
        date_of(&app, "from=2026-02-13&working_days=2").await,
        "2026-02-24"
    );
    assert_eq!(
        date_of(&app, "from=2026-02-12&working_days=3").await,
        "2026-02-24"
    );
    // Calendar days landing in the break move to the first working day after it.
    assert_eq!(
        date_of(&app, "from=2026-02-10&calendar_days=5").await,
        "2026-02-24"
    );
    // Zero days: the day itself.
    assert_eq!(
        date_of(&app, "from=2026-02-16&working_days=0").await,
        "2026-02-16"
    );
}

#[tokio::test]
async fn working_days_skip_national_day_and_count_its_make_up_days() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    // Sunday 20 September and Saturday 10 October 2026 are working days; 1 to 7 October are off.
    assert_eq!(
        date_of(&app, "from=2026-09-18&working_days=1").await,
        "2026-09-20"
    );
    assert_eq!(
        date_of(&app, "from=2026-09-30&working_days=1").await,
        "2026-10-08"
    );
    assert_eq!(
        date_of(&app, "from=2026-09-30&working_days=3").await,
        "2026-10-10"
    );
    assert_eq!(
        date_of(&app, "from=2026-09-28&calendar_days=3").await,
        "2026-10-08"
    );
}

#[tokio::test]
async fn a_deadline_in_a_year_without_a_published_schedule_is_estimated() {
    let app = TestApp::spawn().await;
    app.login_ok("leader").await;
    let d = deadline(&app, "from=2031-03-03&working_days=5").await;
    assert_eq!(d, json!({"date": "2031-03-10", "estimated": true}));
    // Reaching into 2027 from 2026 is estimated too.
    let d = deadline(&app, "from=2026-12-31&working_days=1").await;
    assert_eq!(d, json!({"date": "2027-01-01", "estimated": true}));

    let year = json_of(app.get("/api/calendar/2031").await).await;
    assert_eq!(year["status"], "estimated");
    assert_eq!(year["holidays"], json!([]));
    let year = json_of(app.get("/api/calendar/2026").await).await;
    assert_eq!(year["status"], "official");
    assert!(year["source"].as_str().unwrap().contains("国办发明电"));
    assert_eq!(year["makeup_workdays"][1], "2026-02-14");
}

fn schedule_2027() -> Value {
    json!({
        "year": 2027,
        "source": "测试通知",
        "holidays": ["2027-01-01"],
        "makeup_workdays": ["2027-01-03"],
    })
}

#[tokio::test]
async fn an_admin_edits_a_year_and_deadlines_follow_it() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    let r = send(&app, Method::PUT, "/api/calendar/2027", schedule_2027()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let year = json_of(r).await;
    assert_eq!(year["status"], "admin_edited");
    assert_eq!(year["updated_by"], "admin");
    assert!(year["updated_at"].as_str().is_some());

    // New Year's Day is off, Sunday the 3rd is a working day, and the year is no longer estimated.
    let d = deadline(&app, "from=2026-12-31&working_days=1").await;
    assert_eq!(d, json!({"date": "2027-01-03", "estimated": false}));
    assert_eq!(json_of(app.get("/api/calendar/2027").await).await, year);

    // Stored: a restart loads the saved year over the official ones.
    let loaded = server::store::db::calendar::load(&app.db).await.unwrap();
    assert!(loaded.has_year(2027) && loaded.has_year(2026));

    // An official year can be replaced too.
    let mut edited = json_of(app.get("/api/calendar/2026").await).await;
    edited["holidays"]
        .as_array_mut()
        .unwrap()
        .push(json!("2026-12-31"));
    let body = json!({
        "year": 2026,
        "source": edited["source"],
        "holidays": edited["holidays"],
        "makeup_workdays": edited["makeup_workdays"],
    });
    let r = send(&app, Method::PUT, "/api/calendar/2026", body).await;
    assert_eq!(json_of(r).await["status"], "admin_edited");
    assert_eq!(
        date_of(&app, "from=2026-12-30&working_days=1").await,
        "2027-01-03"
    );

    let audit = app
        .db
        .run(
            "SELECT * FROM audit WHERE action = 'calendar_year_saved'",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(audit[0].as_array().unwrap().len(), 2);
    assert!(app.state.audit.verify(&app.db).await.unwrap().ok);
}

#[tokio::test]
async fn a_non_admin_cannot_edit_the_calendar_and_nothing_changes() {
    let app = TestApp::spawn().await;
    for username in NOT_ADMIN {
        app.login_ok(username).await;
        let r = send(&app, Method::PUT, "/api/calendar/2027", schedule_2027()).await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let year = json_of(app.get("/api/calendar/2027").await).await;
    assert_eq!(year["status"], "estimated");
    let d = deadline(&app, "from=2026-12-31&working_days=1").await;
    assert_eq!(d, json!({"date": "2027-01-01", "estimated": true}));
    app.flush_refusals().await;
    let refused = app
        .db
        .run("SELECT * FROM audit WHERE action = 'refused'", json!({}))
        .await
        .unwrap();
    assert_eq!(refused[0].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn bad_deadline_queries_are_4xx_in_chinese_and_english() {
    let app = TestApp::spawn().await;
    let r = app
        .get("/api/calendar/deadline?from=2026-01-05&working_days=1")
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    app.login_ok("jwc-liaison").await;
    let bad = StatusCode::BAD_REQUEST;
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    for (query, status, code) in [
        ("working_days=1", bad, "missing_from"),
        ("from=2026-02-30&working_days=1", bad, "invalid_date"),
        ("from=26-1-5&working_days=1", bad, "invalid_date"),
        ("from=2026-01-05", bad, "days_param"),
        (
            "from=2026-01-05&working_days=1&calendar_days=1",
            bad,
            "days_param",
        ),
        ("from=2026-01-05&working_days=abc", bad, "invalid_days"),
        (
            "from=2026-01-05&working_days=367",
            invalid,
            "days_out_of_range",
        ),
        (
            "from=2026-01-05&calendar_days=-1",
            invalid,
            "days_out_of_range",
        ),
        (
            "from=1999-12-31&working_days=1",
            invalid,
            "year_out_of_range",
        ),
        (
            "from=2026-01-05&working_days=1&hours=2",
            bad,
            "invalid_query",
        ),
    ] {
        let r = app.get(&format!("/api/calendar/deadline?{query}")).await;
        assert_error(r, status, code).await;
    }
    // The largest offset at the last supported year is still answered, not a crash.
    let d = deadline(&app, "from=2100-12-31&working_days=366").await;
    assert_eq!(d["estimated"], true);
}

#[tokio::test]
async fn bad_calendar_years_and_schedules_are_4xx() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    let r = app.get("/api/calendar/abc").await;
    assert_error(r, StatusCode::BAD_REQUEST, "invalid_year").await;
    let r = app.get("/api/calendar/20266").await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "year_out_of_range").await;

    let with = |field: &str, value: Value| {
        let mut s = schedule_2027();
        s[field] = value;
        s
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    for (body, code) in [
        (with("year", json!(2028)), "year_mismatch"),
        (with("holidays", json!(["2026-12-31"])), "invalid_field"),
        // 2027-01-04 is a Monday: a make-up day must be a weekend day.
        (
            with("makeup_workdays", json!(["2027-01-04"])),
            "invalid_field",
        ),
        (with("holidays", json!(["2027-01-03"])), "invalid_field"),
        (with("holidays", json!(["2027-02-30"])), "invalid_fields"),
        (with("extra", json!(1)), "invalid_fields"),
    ] {
        let r = send(&app, Method::PUT, "/api/calendar/2027", body).await;
        assert_error(r, invalid, code).await;
    }
    let r = app
        .client
        .put(app.url("/api/calendar/2027"))
        .header("content-type", "application/json")
        .body("{\"year\": ")
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "malformed_json").await;
    let year = json_of(app.get("/api/calendar/2027").await).await;
    assert_eq!(year["status"], "estimated");
}

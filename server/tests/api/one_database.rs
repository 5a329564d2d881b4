//! Two servers on one database, as two processes behind a load balancer are: what one of them
//! changes in the database reaches the other's next answer, whatever each keeps in memory.

use crate::admin::send;
use crate::helpers::{TestApp, json_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn deadline(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/calendar/deadline?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    json_of(r).await
}

/// An admin on `app` publishes `year` with one holiday and one make-up working day.
async fn publish(app: &TestApp, year: i32, holiday: &str, makeup: &str) {
    app.login_ok("admin").await;
    let schedule = json!({
        "year": year,
        "source": "测试通知",
        "holidays": [holiday],
        "makeup_workdays": [makeup],
    });
    let r = send(app, Method::PUT, &format!("/api/calendar/{year}"), schedule).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_admins_calendar_edit_on_one_server_reaches_the_next_deadline_on_the_other() {
    let first = TestApp::spawn().await;
    let second = first.spawn_beside().await;
    second.login_ok("office").await;
    // The second server has read the calendar and computed with it: 2027 is not published yet.
    let before = deadline(&second, "from=2026-12-31&working_days=1").await;
    assert_eq!(before, json!({"date": "2027-01-01", "estimated": true}));

    publish(&first, 2027, "2027-01-01", "2027-01-03").await;

    // New Year's Day is off and Sunday the 3rd a working day, on the server that did not save it.
    let after = deadline(&second, "from=2026-12-31&working_days=1").await;
    assert_eq!(after, json!({"date": "2027-01-03", "estimated": false}));
    assert_eq!(
        deadline(&first, "from=2026-12-31&working_days=1").await,
        after
    );

    // The other way round: a year the second server publishes reaches the first.
    let before = deadline(&first, "from=2028-01-03&working_days=1").await;
    assert_eq!(before, json!({"date": "2028-01-04", "estimated": true}));
    publish(&second, 2028, "2028-01-04", "2028-01-08").await;
    assert_eq!(
        deadline(&first, "from=2028-01-03&working_days=1").await,
        json!({"date": "2028-01-05", "estimated": false})
    );
}

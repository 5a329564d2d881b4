//! Per-unit statistics for a year from counters (`GET /api/stats/units`): the same figures as the
//! year's briefing computes from the matters (GDUFS 第十一条: 办结率, 催办, 退回), kept by each write,
//! recounted by the admin check, and rebuilt from the matters by the start-up backfill.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Replies, reports and has the report reviewed: returned once first when `returned`.
async fn close(app: &TestApp, id: &str, unit: &str, returned: bool) {
    let office = app.as_user("office").await;
    let liaison = app.as_user(&format!("{unit}-liaison")).await;
    let head = app.as_user(&format!("{unit}-head")).await;
    liaison.act(id, commitment("2026-12-30")).await;
    head.act(id, completion_report()).await;
    if returned {
        office
            .act(
                id,
                json!({"type": "review_report", "passed": false, "mode": "supplement",
                       "reasons": ["佐证材料不全"]}),
            )
            .await;
        head.act(id, completion_report()).await;
    }
    office
        .act(id, json!({"type": "review_report", "passed": true}))
        .await;
}

fn by_unit<'a>(rows: &'a Value, unit: &str) -> Option<&'a Value> {
    rows.as_array().unwrap().iter().find(|r| r["unit"] == unit)
}

#[tokio::test]
async fn the_unit_statistics_match_the_year_briefing_and_move_with_each_action() {
    let app = TestApp::spawn().await;
    let leader = app.as_user("leader").await;
    let returned = issued_routine(&app, "jwc", &["kyc"]).await;
    close(&app, &returned, "jwc", true).await;
    issued_routine(&app, "jwc", &[]).await;
    let cwc = issued_routine(&app, "cwc", &[]).await;

    let before = json_of(leader.get("/api/stats/units").await).await;
    assert!(
        by_unit(&before, "cwc").is_none(),
        "nothing closed yet: {before}"
    );
    close(&app, &cwc, "cwc", false).await;
    let stats = json_of(leader.get("/api/stats/units").await).await;
    let cwc_row = by_unit(&stats, "cwc").expect("cwc closed one");
    assert_eq!(cwc_row["completed"], 1);
    assert_eq!(cwc_row["on_time"], 1);
    assert_eq!(cwc_row["on_time_rate"], 1.0);
    let jwc = by_unit(&stats, "jwc").expect("jwc closed one");
    assert_eq!(
        (jwc["completed"].as_u64(), jwc["returns"].as_u64()),
        (Some(1), Some(1))
    );

    // The year's briefing, computed from every matter, says the same for every unit it lists.
    let briefing = json_of(leader.get("/api/reports/briefing?period=year").await).await;
    for u in briefing["units"].as_array().unwrap() {
        let unit = u["unit"].as_str().unwrap();
        let zero = json!({});
        let s = by_unit(&stats, unit).unwrap_or(&zero);
        let n = |v: &Value, k: &str| v[k].as_u64().unwrap_or(0);
        assert_eq!(n(s, "completed"), n(u, "completed"), "{unit} completed");
        assert_eq!(n(s, "on_time"), n(u, "on_time"), "{unit} on time");
        assert_eq!(n(s, "reminders"), n(u, "reminders"), "{unit} reminders");
        assert_eq!(n(s, "second_reminders"), n(u, "second_reminders"), "{unit}");
        assert_eq!(n(s, "returns"), n(u, "returns"), "{unit} returns");
    }
    let year = briefing["period"]["from"].as_str().unwrap()[..4].to_owned();
    let same = json_of(leader.get(&format!("/api/stats/units?year={year}")).await).await;
    assert_eq!(same, stats);
    let last_year: i32 = year.parse::<i32>().unwrap() - 1;
    let empty = json_of(
        leader
            .get(&format!("/api/stats/units?year={last_year}"))
            .await,
    )
    .await;
    assert_eq!(empty, json!([]));

    // The admin recount agrees with the counters kept by the writes.
    let admin = app.as_user("admin").await;
    let check = json_of(admin.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], true, "{check}");

    // The start-up backfill, run again from nothing, counts the same rows from the matters.
    app.db
        .run(
            "DELETE unit_year; DELETE migration WHERE name = $name;",
            json!({ "name": server::store::db::migrations::UNIT_YEAR_BACKFILL }),
        )
        .await
        .unwrap();
    let gone = json_of(leader.get("/api/stats/units").await).await;
    assert_eq!(gone, json!([]));
    let done = server::store::db::migrations::migrate(&app.db)
        .await
        .unwrap();
    assert_eq!(done, [server::store::db::migrations::UNIT_YEAR_BACKFILL]);
    let rebuilt = json_of(leader.get("/api/stats/units").await).await;
    assert_eq!(rebuilt, stats);
    // And once recorded it does not run (or count) again.
    assert!(
        server::store::db::migrations::migrate(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(json_of(leader.get("/api/stats/units").await).await, stats);
}

#[tokio::test]
async fn the_unit_statistics_are_for_the_office_and_leaders_and_refuse_a_bad_year() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    assert_eq!(
        office.get("/api/stats/units").await.status(),
        StatusCode::OK
    );
    for who in ["jwc-liaison", "discipline", "admin"] {
        let u = app.as_user(who).await;
        assert_eq!(
            u.get("/api/stats/units").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        app.get("/api/stats/units").await.status(),
        StatusCode::UNAUTHORIZED
    );
    for bad in ["abc", "1999", "20261"] {
        let r = office.get(&format!("/api/stats/units?year={bad}")).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body = json_of(r).await;
        assert!(body["message"].as_str().unwrap().contains("年份"), "{body}");
    }
}

//! GDUFS 第十条(一): an emergency started first (先直接启动督办) gets its 《督办单》 afterwards, and with
//! it the year's next number, as a registration would.

use crate::flow::{As, counters_agree, routine_proposal};
use crate::helpers::{TestApp, json_of};
use chrono::{Datelike, Days};
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn start(title: &str) -> Value {
    json!({
        "type": "start_emergency",
        "title": title,
        "content": "立即排查并抢修受损设施",
        "lead_unit": "jwc",
        "assisting_units": ["kyc"],
        "how_started": "电话通知"
    })
}

fn sheet() -> Value {
    let today = shared::engine::china_date(chrono::Utc::now());
    let deadline = today.checked_add_days(Days::new(10)).expect("a date");
    json!({
        "type": "complete_emergency_form",
        "lead_leader": "leader2",
        "requirements": "一周内完成抢修，每日报告进展",
        "deadline": deadline.to_string(),
        "leader_in_charge": "leader"
    })
}

fn number(year: i32, seq: u32) -> String {
    shared::number::NumberFormat::default()
        .format(year, seq)
        .to_string()
}

fn year() -> i32 {
    shared::engine::china_date(chrono::Utc::now()).year()
}

async fn ledger_number(office: &As, id: &str) -> Value {
    let page = json_of(office.get("/api/matters?per_page=200").await).await;
    let rows = page["items"].as_array().expect("rows");
    let row = rows.iter().find(|r| r["id"] == json!(id)).expect("listed");
    row["number"].clone()
}

#[tokio::test]
async fn an_emergency_takes_the_next_number_when_its_sheet_is_written() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let liaison = app.as_user("jwc-liaison").await;
    // One matter already registered this year.
    crate::flow::issued_routine(&app, "jwc", &[]).await;

    let id = office.propose(start("暴雨后校园设施抢修")).await;
    let m = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(
        m["matter"]["number"],
        Value::Null,
        "no number before the sheet"
    );
    assert_eq!(ledger_number(&office, &id).await, Value::Null);
    // The work goes on before the sheet exists.
    liaison
        .act(
            &id,
            json!({"type": "report_progress", "text": "已排查三处受损设施"}),
        )
        .await;

    let done = office.act(&id, sheet()).await;
    assert_eq!(done["matter"]["number"], json!(number(year(), 2)));
    assert_eq!(done["matter"]["emergency_form_pending"], json!(false));
    assert_eq!(ledger_number(&office, &id).await, json!(number(year(), 2)));
    counters_agree(&app).await;
}

/// Sheets and registrations at the same moment draw on one sequence: every one gets its own number,
/// with none skipped.
#[tokio::test]
async fn sheets_and_registrations_at_the_same_moment_each_get_their_own_number() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let mut steps = Vec::new();
    for i in 0..4 {
        let id = office.propose(start(&format!("突发事项{i}"))).await;
        steps.push((id, sheet()));
        let id = office.propose(routine_proposal("jwc", &[])).await;
        leader
            .act(&id, json!({"type": "approve_proposal", "opinion": "同意"}))
            .await;
        steps.push((id, json!({"type": "register"})));
    }
    let answers = join_all(
        steps
            .iter()
            .map(|(id, action)| office.try_act(id, action.clone())),
    )
    .await;
    let mut numbers = Vec::new();
    for answer in answers {
        let status = answer.status();
        let body: Value = answer.json().await.expect("a JSON body");
        assert_eq!(status, StatusCode::OK, "{body}");
        numbers.push(
            body["matter"]["number"]
                .as_str()
                .expect("numbered")
                .to_owned(),
        );
    }
    numbers.sort();
    let mut expected: Vec<String> = (1..=8).map(|n| number(year(), n)).collect();
    expected.sort();
    assert_eq!(numbers, expected);
    counters_agree(&app).await;
}

#[tokio::test]
async fn an_emergency_is_not_closed_while_its_sheet_is_pending() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let head = app.as_user("jwc-head").await;
    let leader = app.as_user("leader").await;
    let id = office.propose(start("实验室漏水处置")).await;
    head.act(&id, crate::flow::completion_report()).await;
    office
        .act(
            &id,
            json!({"type": "verify", "measures_done": true, "problem_solved": true, "effect_clear": true, "lawful": true}),
        )
        .await;
    office
        .act(&id, json!({"type": "review_report", "passed": true}))
        .await;
    let closure = json!({"type": "approve_closure", "opinion": "同意结项"});
    let refused = leader.try_act(&id, closure.clone()).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(refused).await["code"], "sheet_pending");

    office.act(&id, sheet()).await;
    let closed = leader.act(&id, closure).await;
    assert_eq!(closed["matter"]["number"], json!(number(year(), 1)));
}

//! The reminder task: lights, due-soon and overdue notices once a day, the escalation queue, the lease.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use chrono::{TimeZone, Utc};
use serde_json::json;

/// 10:00 in China on that day.
fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap()
}

#[tokio::test]
async fn an_overdue_routine_item_turns_red_notifies_once_a_day_and_is_queued_for_escalation() {
    // GDUFS 第十条(一)1: 常规提醒事项未能在规定时限内完成的 → 重点督办.
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2026-12-30")).await;

    // Three working days before the deadline it is yellow: "due soon".
    let s = server::services::reminders::sweep(&app.state, at(2026, 12, 25))
        .await
        .unwrap();
    assert_eq!(s.lights_changed, 1);
    let notes = json_of(liaison.get("/api/notifications").await).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "due_soon")
    );

    // The day after the deadline it is red, twice the same day sends nothing new.
    let s1 = server::services::reminders::sweep(&app.state, at(2026, 12, 31))
        .await
        .unwrap();
    let s2 = server::services::reminders::sweep(&app.state, at(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(s1.lights_changed, 1);
    assert_eq!(s2.lights_changed, 0);
    let rows: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT key FROM notification WHERE user = 'jwc-liaison' AND kind = 'overdue'",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(detail["matter"]["deadline"], "2026-12-30");
    let list = json_of(liaison.get("/api/matters?light=red").await).await;
    assert_eq!(list["total"], 1);

    // The office sees it in the escalation queue, with the reason.
    let office = app.as_user("office").await;
    let queue = json_of(office.get("/api/escalations").await).await;
    assert_eq!(queue[0]["matter"]["id"], id.as_str());
    assert!(
        queue[0]["reasons"]
            .as_array()
            .unwrap()
            .contains(&json!("overdue"))
    );

    // The dashboard counts it red, and the counters agree with a recount.
    let dash = json_of(office.get("/api/dashboard").await).await;
    assert_eq!(dash["overall"]["red"], 1);
    let check = json_of(office.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], true, "{check}");
}

#[tokio::test]
async fn only_one_process_holds_the_reminder_lease() {
    let app = TestApp::spawn().await;
    assert!(
        server::services::reminders::take_lease(&app.db, "a", 60)
            .await
            .unwrap()
    );
    assert!(
        !server::services::reminders::take_lease(&app.db, "b", 60)
            .await
            .unwrap()
    );
    assert!(
        server::services::reminders::take_lease(&app.db, "a", 60)
            .await
            .unwrap()
    );
    // A holder that stopped renewing (killed): once its lease has run out, by the database's
    // clock, another process takes it, and the old holder then finds it taken.
    app.db
        .run(
            "UPDATE lease:reminders SET until = time::unix(time::now()) - 1",
            json!({}),
        )
        .await
        .unwrap();
    assert!(
        server::services::reminders::take_lease(&app.db, "b", 60)
            .await
            .unwrap()
    );
    assert!(
        !server::services::reminders::take_lease(&app.db, "a", 60)
            .await
            .unwrap()
    );
}

/// Server processes starting together all find no lease and all try to take it at once: one wins.
#[tokio::test]
async fn of_many_processes_taking_the_lease_at_once_exactly_one_gets_it() {
    let app = TestApp::spawn().await;
    for round in 0..5 {
        // A fresh start each round: no lease, or one that ran out.
        app.db
            .run("DELETE lease:reminders", json!({}))
            .await
            .unwrap();
        let tries: Vec<_> = (0..12)
            .map(|i| {
                let db = app.db.clone();
                tokio::spawn(async move {
                    server::services::reminders::take_lease(&db, &format!("p{round}-{i}"), 60).await
                })
            })
            .collect();
        let mut winners = 0;
        for t in tries {
            // A try that clashed with another in the database counts as "not mine".
            if matches!(t.await.unwrap(), Ok(true)) {
                winners += 1;
            }
        }
        assert_eq!(
            winners, 1,
            "round {round}: {winners} processes hold the lease"
        );
    }
}

#[tokio::test]
async fn the_dashboard_is_for_office_and_leaders_only() {
    let app = TestApp::spawn().await;
    for (who, status) in [
        ("office", 200),
        ("leader", 200),
        ("jwc-liaison", 403),
        ("discipline", 403),
        ("admin", 403),
    ] {
        let r = app.as_user(who).await.get("/api/dashboard").await;
        assert_eq!(r.status().as_u16(), status, "{who}");
    }
    for (who, status) in [
        ("office", 200),
        ("admin", 200),
        ("leader", 403),
        ("jwc-head", 403),
    ] {
        let r = app.as_user(who).await.get("/api/audit/verify").await;
        assert_eq!(r.status().as_u16(), status, "{who}");
    }
}

#[tokio::test]
async fn an_escalated_matter_leaves_the_queue_at_once_and_its_key_item_has_the_chosen_leader() {
    // The queue is filled once a day; an escalation from it must not leave the entry there until then.
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2026-12-30")).await;
    server::services::reminders::sweep(&app.state, at(2026, 12, 31))
        .await
        .unwrap();
    let office = app.as_user("office").await;
    let queue = json_of(office.get("/api/escalations").await).await;
    assert_eq!(queue[0]["matter"]["id"], id.as_str(), "{queue}");

    // What the queue's form sends: the note from the grounds and the lead leader picked.
    let escalate = json!({"type": "escalate", "reasons": ["overdue"],
        "note": "因未能在规定时限内完成，转为重点督办。", "lead_leader": "leader2"});
    let done = office.act(&id, escalate).await;
    let key = done["created_matter"].as_str().expect("a key matter");
    let detail = json_of(office.get(&format!("/api/matters/{key}")).await).await;
    assert_eq!(detail["matter"]["kind"], "key", "{detail}");
    assert_eq!(detail["matter"]["lead_leader"], "leader2", "{detail}");
    let queue = json_of(office.get("/api/escalations").await).await;
    assert_eq!(queue, json!([]), "{queue}");
}

fn hbut_proposal(deadline: chrono::NaiveDate) -> serde_json::Value {
    json!({
        "type": "propose",
        "procedure": "hbut",
        "matter": {
            "title": "实验室安全隐患整改",
            "content": "对全校实验室开展安全隐患排查，逐项整改。",
            "source_category": "leader_instruction",
            "source_reference": "校长批示",
            "lead_unit": "jwc",
            "assisting_units": [],
            "leader_in_charge": "leader",
            "requirements": "每月报送整改进度",
            "deadline": deadline.to_string()
        }
    })
}

/// The liaison's keys of new-assignment notices.
async fn assignment_notices(app: &TestApp) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct K {
        key: String,
    }
    let rows: Vec<K> = app
        .db
        .rows(
            "SELECT key FROM notification WHERE user = 'jwc-liaison' AND kind = 'new_assignment'",
            json!({}),
        )
        .await
        .unwrap();
    rows.into_iter().map(|k| k.key).collect()
}

#[tokio::test]
async fn a_notice_never_signed_for_is_chased_daily_and_gets_its_reminder_and_extension() {
    // HBUT 第四条(五): the unit may ask for more time, and past the deadline the office issues its
    // 催办单, whether or not the unit signed for the 通知单; the sweep chases the signature meanwhile.
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let head = app.as_user("jwc-head").await;
    let leader = app.as_user("leader").await;
    let liaison = app.as_user("jwc-liaison").await;
    let now = Utc::now();
    let today = shared::engine::china_date(now);
    let due = today + chrono::Duration::days(20);
    let id = office.propose(hbut_proposal(due)).await;
    office.act(&id, json!({"type": "register"})).await;
    office
        .act(&id, json!({"type": "issue", "copied_leaders": []}))
        .await;

    // Each sweep day while unsigned, one more notice to sign; none twice the same day.
    let before = assignment_notices(&app).await.len();
    server::services::reminders::sweep(&app.state, now)
        .await
        .unwrap();
    server::services::reminders::sweep(&app.state, now)
        .await
        .unwrap();
    let after = assignment_notices(&app).await;
    assert_eq!(after.len(), before + 1, "{after:?}");
    assert!(after.iter().any(|k| k.contains("unsigned")), "{after:?}");

    let ask = json!({
        "type": "request_extension",
        "reason": "需等待省厅批复",
        "measures": "先行开展调研",
        "new_deadline": (due + chrono::Duration::days(10)).to_string()
    });
    let acted = head.act(&id, ask).await;
    assert_eq!(acted["matter"]["stage"], "assignment");
    leader
        .act(
            &id,
            json!({"type": "decide_extension", "approve": false, "opinion": "按期办结"}),
        )
        .await;

    // The deadline passes with the notice still unsigned (the projection is moved back, as a test
    // cannot wait for the date).
    app.db
        .run(
            "UPDATE matter SET doc = string::replace(doc, $was, $now) WHERE mid = $id",
            json!({
                "id": id,
                "was": format!("\"deadline\":\"{due}\""),
                "now": format!("\"deadline\":\"{}\"", today - chrono::Duration::days(1)),
            }),
        )
        .await
        .unwrap();
    let reminder = json!({
        "type": "send_reminder",
        "content": "请尽快签收并办结",
        "due": (today + chrono::Duration::days(3)).to_string()
    });
    let acted = office.act(&id, reminder).await;
    assert_eq!(acted["matter"]["stage"], "urging");
    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    assert!(
        detail["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("sign_for")),
        "{detail}"
    );
}

#[tokio::test]
async fn a_unit_that_reported_on_time_stays_green_and_is_not_chased_while_the_office_reviews_past_the_deadline()
 {
    // GDUFS 第九条(二): the unit reports by its promised date; the office's review after it is the
    // office's time: no red light, no overdue notice, no escalation, and the closure counts on time.
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2026-12-30")).await;
    app.as_user("jwc-head")
        .await
        .act(&id, completion_report())
        .await;
    server::services::reminders::sweep(&app.state, at(2027, 1, 8))
        .await
        .unwrap();
    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(detail["light"], "green", "{}", detail["light"]);
    let overdue: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT key FROM notification WHERE kind = 'overdue' OR kind = 'escalation_proposed'",
            json!({}),
        )
        .await
        .unwrap();
    assert!(overdue.is_empty(), "{overdue:?}");
    let office = app.as_user("office").await;
    let queue = json_of(office.get("/api/escalations").await).await;
    assert!(queue.as_array().unwrap().is_empty(), "{queue}");
    office
        .act(&id, json!({"type": "review_report", "passed": true}))
        .await;
    let stats = json_of(office.get("/api/stats/units").await).await;
    let jwc = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "jwc")
        .expect("jwc closed one");
    assert_eq!(
        (jwc["on_time"].as_u64(), jwc["late"].as_u64()),
        (Some(1), Some(0))
    );
}

#[tokio::test]
async fn the_offices_two_day_issue_clock_is_shown_swept_and_its_overdue_notice_goes_to_the_office()
{
    // HBUT 第四条(三): 学校办公室应在两个工作日内下发《督办事项通知单》: the office's clock, not the unit's.
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let mut proposal = routine_proposal("jwc", &[]);
    proposal["procedure"] = json!("hbut");
    let id = office.propose(proposal).await;
    office.act(&id, json!({"type": "register"})).await;
    let detail = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    let issue = detail["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"]["kind"] == "issue")
        .cloned()
        .expect("the issue clock is on the matter");
    assert_eq!(issue["clock"]["party"], "office");
    assert_eq!(issue["clock"]["due"], detail["matter"]["issue_due"]);

    server::services::reminders::sweep(&app.state, at(2027, 1, 8))
        .await
        .unwrap();
    let rows: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT user, title FROM notification WHERE kind = 'overdue'",
            json!({}),
        )
        .await
        .unwrap();
    assert!(!rows.is_empty(), "the office is told its notice is overdue");
    assert!(
        rows.iter()
            .all(|r| r["title"].as_str().unwrap().contains("下发通知单")),
        "{rows:?}"
    );
    assert!(
        !rows.iter().any(|r| r["user"] == "jwc-liaison"),
        "the unit is not chased for the office's clock: {rows:?}"
    );

    // Counted as the office's in the year's briefing: one issue clock overdue and open.
    let b = json_of(
        office
            .get("/api/reports/briefing?period=year&date=2027-01-08")
            .await,
    )
    .await;
    let kinds = b["clocks"]["kinds"].as_array().expect("clock figures");
    let issue = kinds.iter().find(|k| k["kind"] == "issue").unwrap();
    assert_eq!(
        (issue["party"].as_str(), issue["overdue_open"].as_u64()),
        (Some("office"), Some(1)),
        "{b}"
    );
}

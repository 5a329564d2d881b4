//! Every kind of action goes through the real server at least once, taken by the role the procedure
//! names, with numbers, ids and dates the server allocates itself: no test context supplies them.

use crate::flow::{As, commitment, completion_report, routine_proposal};
use crate::helpers::{TestApp, json_of};
use serde_json::{Value, json};
use shared::engine::ActionKind;
use std::collections::BTreeSet;

fn days_ahead(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

fn proposal(procedure: &str, lead: &str, extra: Value) -> Value {
    let mut p = routine_proposal(lead, &[]);
    p["procedure"] = json!(procedure);
    p["matter"]["deadline"] = json!(days_ahead(30));
    if let (Some(m), Some(extra)) = (p["matter"].as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    p
}

async fn approved_and_issued(office: &As, leader: &As, id: &str) {
    leader
        .act(id, json!({"type": "approve_proposal", "opinion": "同意"}))
        .await;
    office.act(id, json!({"type": "register"})).await;
    office
        .act(id, json!({"type": "issue", "copied_leaders": []}))
        .await;
}

/// The `seq` of the newest audit entry: what the demo wrote before the test began.
async fn last_seq(office: &As) -> i64 {
    let mut after = 0;
    loop {
        let page = json_of(
            office
                .get(&format!("/api/audit?limit=500&after={after}"))
                .await,
        )
        .await;
        if let Some(last) = page["entries"].as_array().and_then(|e| e.last()) {
            after = last["seq"].as_i64().expect("seq");
        }
        if page["next_after"].is_null() {
            return after;
        }
    }
}

async fn pass(office: &As, id: &str) {
    office
        .act(
            id,
            json!({"type": "review_report", "passed": true, "mode": null, "reasons": [], "misreported": false, "note": "通过"}),
        )
        .await;
}

async fn archive(office: &As, id: &str) {
    office
        .act(
            id,
            json!({"type": "archive", "materials": ["办结报告"], "archivist": "张敏"}),
        )
        .await;
}

#[tokio::test]
async fn every_kind_of_action_goes_through_the_real_server() {
    let app = TestApp::spawn_with(|s| s.demo_matters = 60).await;
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let before = last_seq(&office).await;

    // GDUFS 第九条: a routine item from proposal to archive, returned once.
    let id = office.propose(routine_proposal("tsg", &[])).await;
    office
        .act(
            &id,
            json!({"type": "update_requirements", "requirements": "附佐证材料", "deadline": null, "lead_leader": null, "note": "补充要求"}),
        )
        .await;
    approved_and_issued(&office, &leader, &id).await;
    let liaison = app.as_user("tsg-liaison").await;
    liaison
        .act(
            &id,
            json!({"type": "sign_for", "signer": "图书馆督办联络员"}),
        )
        .await;
    liaison.act(&id, commitment(&days_ahead(20))).await;
    let handler = app.as_user("tsg-handler").await;
    handler
        .act(
            &id,
            json!({"type": "report_progress", "text": "已完成方案", "next_schedule": null}),
        )
        .await;
    office
        .act(
            &id,
            json!({"type": "record_follow_up", "method": "phone", "note": "电话了解", "outcome": "进展顺利", "new_issue": null, "uncooperative_unit": null}),
        )
        .await;
    let head = app.as_user("tsg-head").await;
    head.act(&id, completion_report()).await;
    office
        .act(
            &id,
            json!({"type": "review_report", "passed": false, "mode": "supplement", "reasons": ["缺少佐证"], "misreported": false, "note": "请补充"}),
        )
        .await;
    head.act(&id, completion_report()).await;
    pass(&office, &id).await;
    archive(&office, &id).await;

    let rejected = office.propose(routine_proposal("tsg", &[])).await;
    leader
        .act(
            &rejected,
            json!({"type": "reject_proposal", "opinion": "请先论证"}),
        )
        .await;

    // 年度滚动跟踪 (GDUFS 第八条(三)).
    let long = office
        .propose(proposal("gdufs_routine", "tsg", json!({"long_term": true})))
        .await;
    approved_and_issued(&office, &leader, &long).await;
    let next_year = chrono::Datelike::year(&chrono::Utc::now().date_naive()) + 1;
    office
        .act(
            &long,
            json!({"type": "roll_over_year", "plan": "下一年度继续推进", "deadline": format!("{next_year}-06-30")}),
        )
        .await;

    // GDUFS 第十条: a key item through coordination, verification and rectification to archive.
    let key = office
        .propose(proposal(
            "gdufs_key",
            "fxy",
            json!({"lead_leader": "leader2"}),
        ))
        .await;
    approved_and_issued(&office, &leader, &key).await;
    let fxy = app.as_user("fxy-liaison").await;
    fxy.act(
        &key,
        json!({"type": "submit_work_plan", "plan": "分三步推进"}),
    )
    .await;
    fxy.act(
        &key,
        json!({"type": "report_obstacle", "reason": "经费未到位", "proposal": "分期实施"}),
    )
    .await;
    app.as_user("fxy-head")
        .await
        .act(&key, completion_report())
        .await;
    let verify = |solved: bool| json!({"type": "verify", "measures_done": true, "problem_solved": solved, "effect_clear": solved, "lawful": true, "note": "核查"});
    office.act(&key, verify(false)).await;
    office
        .act(
            &key,
            json!({"type": "order_rectification", "items": [{"description": "补齐台账", "owner": "法学院负责人", "deadline": days_ahead(10)}]}),
        )
        .await;
    fxy.act(
        &key,
        json!({"type": "report_rectification", "item": 0, "text": "已补齐", "done": true}),
    )
    .await;
    office.act(&key, verify(true)).await;
    pass(&office, &key).await;
    leader
        .act(
            &key,
            json!({"type": "approve_closure", "opinion": "同意结项"}),
        )
        .await;
    archive(&office, &key).await;

    // 先行启动 (GDUFS 第十条(一)): started first, the 督办单 completed after.
    let r = office
        .post(
            "/api/matters",
            &json!({"type": "start_emergency", "title": "突发事件处置", "content": "先行处置", "lead_unit": "bwc", "assisting_units": [], "how_started": "电话部署"}),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let emergency = json_of(r).await["matter"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    office
        .act(
            &emergency,
            json!({"type": "complete_emergency_form", "lead_leader": "leader2", "requirements": "立即处置", "deadline": days_ahead(10), "leader_in_charge": "leader"}),
        )
        .await;

    // HBUT 第四条: an extension asked and decided, the result reported to the leaders.
    let hbut = office.propose(proposal("hbut", "zjc", json!({}))).await;
    office.act(&hbut, json!({"type": "register"})).await;
    office
        .act(&hbut, json!({"type": "issue", "copied_leaders": []}))
        .await;
    app.as_user("zjc-liaison")
        .await
        .act(
            &hbut,
            json!({"type": "sign_for", "signer": "招生就业处督办联络员"}),
        )
        .await;
    let zjc_head = app.as_user("zjc-head").await;
    zjc_head
        .act(
            &hbut,
            json!({"type": "request_extension", "reason": "流程较长", "measures": "压缩环节", "new_deadline": days_ahead(60)}),
        )
        .await;
    leader
        .act(
            &hbut,
            json!({"type": "decide_extension", "approve": true, "opinion": "同意延期"}),
        )
        .await;
    zjc_head.act(&hbut, completion_report()).await;
    pass(&office, &hbut).await;
    office
        .act(
            &hbut,
            json!({"type": "report_result", "summary": "已报送校领导"}),
        )
        .await;
    archive(&office, &hbut).await;

    // The demo's overdue matters: an HBUT one chased twice, a routine one escalated.
    office
        .act(
            "demo-0091",
            json!({"type": "send_second_reminder", "content": "再次催办", "due": days_ahead(5)}),
        )
        .await;
    office
        .act(
            "demo-0091",
            json!({"type": "send_reminder", "content": "催办", "due": days_ahead(7)}),
        )
        .await;
    office
        .act(
            "demo-0089",
            json!({"type": "escalate", "reasons": ["overdue"], "note": "逾期未办结，转重点督办", "lead_leader": "leader2", "requirements": null, "deadline": null}),
        )
        .await;

    let page = json_of(
        office
            .get(&format!(
                "/api/audit?action=matter.&limit=500&after={before}"
            ))
            .await,
    )
    .await;
    let taken: BTreeSet<String> = page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default()["matter.".len()..].to_owned())
        .collect();
    let all: BTreeSet<String> = ActionKind::ALL
        .iter()
        .map(|k| k.code().to_owned())
        .collect();
    let missing: Vec<_> = all.difference(&taken).collect();
    assert!(missing.is_empty(), "never taken: {missing:?}");
}

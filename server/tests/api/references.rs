//! Units and users an action names must exist (a leader's field: an active leader); a refusal is 422
//! naming the field in both languages and writes nothing. And what the new-matter form sends is kept.

use crate::flow::{As, routine_proposal};
use crate::helpers::{TestApp, json_of};
use chrono::Days;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn ledger_size(office: &As) -> usize {
    let page = json_of(office.get("/api/matters?per_page=200").await).await;
    page["items"].as_array().expect("rows").len()
}

/// A refusal that names the field: (code, Chinese message, English message).
async fn refused(r: reqwest::Response) -> (String, String, String) {
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
    (text("code"), text("message"), text("message_en"))
}

fn in_days(n: u64) -> String {
    let today = shared::engine::china_date(chrono::Utc::now());
    today
        .checked_add_days(Days::new(n))
        .expect("a date")
        .to_string()
}

#[tokio::test]
async fn a_proposal_naming_a_unit_that_does_not_exist_is_refused_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let before = ledger_size(&office).await;

    let r = office
        .post("/api/matters", &routine_proposal("jwx", &[]))
        .await;
    let (code, zh, en) = refused(r).await;
    assert_eq!(code, "unknown_unit");
    assert!(zh.contains("主办单位") && zh.contains("jwx"), "{zh}");
    assert!(en.contains("lead unit"), "{en}");

    let r = office
        .post("/api/matters", &routine_proposal("jwc", &["nosuch"]))
        .await;
    let (code, zh, _) = refused(r).await;
    assert_eq!(code, "unknown_unit");
    assert!(zh.contains("协办单位"), "{zh}");

    assert_eq!(ledger_size(&office).await, before);
}

#[tokio::test]
async fn the_leaders_of_a_proposal_must_be_leaders_who_exist() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let before = ledger_size(&office).await;

    let mut typo = routine_proposal("jwc", &[]);
    typo["matter"]["leader_in_charge"] = json!("leadr");
    let (code, zh, en) = refused(office.post("/api/matters", &typo).await).await;
    assert_eq!(code, "unknown_user");
    assert!(zh.contains("分管校领导") && zh.contains("leadr"), "{zh}");
    assert!(en.contains("leader in charge"), "{en}");

    let mut not_leader = routine_proposal("jwc", &[]);
    not_leader["procedure"] = json!("gdufs_key");
    not_leader["matter"]["lead_leader"] = json!("jwc-liaison");
    let (code, zh, _) = refused(office.post("/api/matters", &not_leader).await).await;
    assert_eq!(code, "not_a_leader");
    assert!(zh.contains("牵头领导"), "{zh}");

    assert_eq!(ledger_size(&office).await, before);
}

#[tokio::test]
async fn an_emergency_started_for_an_unknown_unit_creates_nothing() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let before = ledger_size(&office).await;
    let start = json!({
        "type": "start_emergency", "title": "暴雨后设施抢修", "content": "立即排查",
        "lead_unit": "hqc", "assisting_units": ["bwcc"], "how_started": "电话通知"
    });
    let (code, zh, _) = refused(office.post("/api/matters", &start).await).await;
    assert_eq!(code, "unknown_unit");
    assert!(zh.contains("bwcc"), "{zh}");
    assert_eq!(ledger_size(&office).await, before);
}

#[tokio::test]
async fn an_emergency_sheet_naming_an_unknown_lead_leader_takes_no_number() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = office
        .propose(json!({
            "type": "start_emergency", "title": "实验楼停电处置", "content": "恢复供电",
            "lead_unit": "hqc", "how_started": "现场部署"
        }))
        .await;
    let sheet = |leader: &str| {
        json!({"type": "complete_emergency_form", "lead_leader": leader,
               "requirements": "三日内恢复", "deadline": in_days(10)})
    };
    let (code, zh, _) = refused(office.try_act(&id, sheet("leader9")).await).await;
    assert_eq!(code, "unknown_user");
    assert!(zh.contains("牵头领导"), "{zh}");
    let m = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(m["matter"]["number"], Value::Null);
    assert_eq!(m["matter"]["emergency_form_pending"], json!(true));

    let done = office.act(&id, sheet("leader2")).await;
    assert!(done["matter"]["number"].is_string(), "{done}");
}

#[tokio::test]
async fn an_escalation_led_by_someone_who_is_not_a_leader_is_refused_and_nothing_moves() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = crate::flow::issued_routine(&app, "jwc", &[]).await;
    let escalate = |leader: &str| json!({"type": "escalate", "reasons": ["emergency"], "note": "需立即落实", "lead_leader": leader});
    let (code, zh, en) = refused(office.try_act(&id, escalate("office")).await).await;
    assert_eq!(code, "not_a_leader");
    assert!(
        zh.contains("牵头领导") && en.contains("lead leader"),
        "{zh} / {en}"
    );
    let m = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    assert_ne!(m["matter"]["stage"], json!("escalated"));

    let done = office.act(&id, escalate("leader2")).await;
    assert!(done["created_matter"].is_string(), "{done}");
}

#[tokio::test]
async fn every_field_of_the_new_matter_form_is_kept_and_returned() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = office
        .propose(json!({
            "type": "propose",
            "procedure": "hbut",
            "matter": {
                "title": "制定科研经费管理办法",
                "content": "按校长办公会决定，制定新的科研经费管理办法。",
                "source_category": "meeting_resolution",
                "source_reference": "校长办公会纪要〔2026〕12号",
                "lead_unit": "kyc",
                "assisting_units": ["cwc"],
                "lead_leader": "leader2",
                "leader_in_charge": "leader",
                "requirements": "广泛调研后出台办法",
                "long_term": true,
                "major": true,
                "consultation": "已征求财务处、各学院意见",
                "needs_policy": true,
                "emergency": true
            }
        }))
        .await;
    let m = json_of(office.get(&format!("/api/matters/{id}")).await).await["matter"].clone();
    assert_eq!(m["source_reference"], "校长办公会纪要〔2026〕12号");
    assert_eq!(m["consultation"], "已征求财务处、各学院意见");
    assert_eq!(m["lead_leader"], "leader2");
    assert_eq!(m["leader_in_charge"], "leader");
    for flag in ["long_term", "major", "needs_policy", "emergency"] {
        assert_eq!(m[flag], json!(true), "{flag}: {m}");
    }
}

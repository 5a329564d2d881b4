//! The admin's settings: only the admin reads and changes them, a bad value changes nothing, every
//! change is audited, and a change made on one server applies on another on the same database.

use crate::admin::{NOT_ADMIN, assert_error, send};
use crate::flow::{commitment, issued_routine};
use crate::helpers::{TestApp, json_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn shipped() -> Value {
    json!({
        "number_format": "督〔{year}〕{seq}号",
        "yellow_days": 3,
        "escalation_reminders": 2,
        "commend_min_completed": 1,
        "commend_rate_percent": 100,
        "criticize_rate_percent": 60,
        "criticize_returns": 2,
        "procedures": {"gdufs_routine": true, "gdufs_key": true, "gdufs_emergency": true, "hbut": true}
    })
}

fn changed(change: impl FnOnce(&mut Value)) -> Value {
    let mut s = shipped();
    change(&mut s);
    s
}

async fn saved(app: &TestApp) -> Value {
    app.login_ok("admin").await;
    let r = app.get("/api/settings").await;
    assert_eq!(r.status(), StatusCode::OK);
    json_of(r).await
}

async fn audited_saves(app: &TestApp) -> Vec<Value> {
    let rows = app
        .db
        .run(
            "SELECT * FROM audit WHERE action = 'settings_saved'",
            json!({}),
        )
        .await
        .unwrap();
    rows[0].as_array().cloned().unwrap_or_default()
}

/// The admin on `app` saves `settings`, which must be accepted.
async fn save(app: &TestApp, settings: Value) -> Value {
    app.login_ok("admin").await;
    let r = send(app, Method::PUT, "/api/settings", settings).await;
    assert_eq!(r.status(), StatusCode::OK);
    json_of(r).await
}

#[tokio::test]
async fn the_admin_reads_the_shipped_settings_and_changes_them_on_the_record() {
    let app = TestApp::spawn().await;
    let before = saved(&app).await;
    assert_eq!(before["settings"], shipped());
    assert_eq!(before["updated_by"], Value::Null);

    let five = changed(|s| s["yellow_days"] = json!(5));
    let answer = save(&app, five.clone()).await;
    assert_eq!(answer["settings"], five);
    assert_eq!(answer["updated_by"], "admin");
    assert_eq!(saved(&app).await["settings"], five);

    let entries = audited_saves(&app).await;
    assert_eq!(entries.len(), 1);
    let content = entries[0]["content"].to_string();
    assert!(content.contains("yellow_days"), "{content}");
    assert_eq!(entries[0]["username"], "admin");
    assert!(app.state.audit.verify(&app.db).await.unwrap().ok);
}

#[tokio::test]
async fn every_other_role_is_refused_the_settings_and_nothing_changes() {
    let app = TestApp::spawn().await;
    for username in NOT_ADMIN {
        app.login_ok(username).await;
        let r = app.get("/api/settings").await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        let r = send(
            &app,
            Method::PUT,
            "/api/settings",
            changed(|s| s["yellow_days"] = json!(7)),
        )
        .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(saved(&app).await["settings"], shipped());
    assert!(audited_saves(&app).await.is_empty());
}

#[tokio::test]
async fn a_value_out_of_range_is_refused_by_name_and_nothing_changes() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    for (bad, field) in [
        (changed(|s| s["yellow_days"] = json!(0)), "yellow_days"),
        (changed(|s| s["yellow_days"] = json!(11)), "yellow_days"),
        (
            changed(|s| s["escalation_reminders"] = json!(0)),
            "escalation_reminders",
        ),
        (
            changed(|s| s["number_format"] = json!("督〔{year}〕")),
            "number_format",
        ),
        (
            changed(|s| s["number_format"] = json!("督字第{seq}号")),
            "number_format",
        ),
        (
            changed(|s| s["criticize_rate_percent"] = json!(100)),
            "criticize_rate_percent",
        ),
        (
            changed(|s| {
                s["procedures"] = json!({"gdufs_routine": false, "gdufs_key": false,
                    "gdufs_emergency": false, "hbut": false})
            }),
            "procedures",
        ),
    ] {
        let r = send(&app, Method::PUT, "/api/settings", bad).await;
        let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        let zh = body["message"].as_str().unwrap_or_default();
        let en = body["message_en"].as_str().unwrap_or_default();
        assert!(zh.starts_with(field) && en.starts_with(field), "{body}");
    }
    // A field that is not a setting, or a negative count, is refused as well.
    let r = send(
        &app,
        Method::PUT,
        "/api/settings",
        changed(|s| s["colour"] = json!("red")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &app,
        Method::PUT,
        "/api/settings",
        changed(|s| s["yellow_days"] = json!(-1)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(saved(&app).await["settings"], shipped());
    assert!(audited_saves(&app).await.is_empty());
}

#[tokio::test]
async fn a_change_saved_on_one_server_applies_on_the_other_without_restart() {
    let first = TestApp::spawn().await;
    let second = first.spawn_beside().await;
    // The second server has applied the shipped settings before the change.
    let id = issued_routine(&second, "jwc", &[]).await;
    let office = second.as_user("office").await;
    let detail = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    let number = detail["matter"]["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("督〔"), "{number}");
    // Its reply is due in 7 days: within ten working days, whatever the holidays.
    let light = detail["light"].clone();

    save(
        &first,
        changed(|s| {
            s["number_format"] = json!("校督〔{year}〕第{seq:3}号");
            s["yellow_days"] = json!(10);
            s["escalation_reminders"] = json!(1);
            s["procedures"]["hbut"] = json!(false);
        }),
    )
    .await;

    // The yellow-light lead time: the same matter, read again on the second server.
    let detail = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(detail["light"], "yellow", "was {light}");

    // The number format: the next matter registered on the second server.
    let next = issued_routine(&second, "jwc", &[]).await;
    let detail = json_of(office.get(&format!("/api/matters/{next}")).await).await;
    let number = detail["matter"]["number"].as_str().unwrap();
    assert!(
        number.starts_with("校督〔") && number.ends_with("第002号"),
        "{number}"
    );

    // A disabled procedure starts no new matter there; a matter already started continues.
    let mut hbut = crate::flow::routine_proposal("jwc", &[]);
    hbut["procedure"] = json!("hbut");
    let r = office.post("/api/matters", &hbut).await;
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert!(
        body["message"].as_str().unwrap().starts_with("procedure"),
        "{body}"
    );
    let liaison = second.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2027-06-30")).await;

    // 多次催办 at one reminder: the second server's sweep proposes the matter after one.
    let due = (chrono::Utc::now() + chrono::Duration::days(10))
        .date_naive()
        .to_string();
    office
        .act(
            &next,
            json!({"type": "send_reminder", "content": "请尽快办理", "due": due}),
        )
        .await;
    server::services::reminders::sweep(&second.state, chrono::Utc::now())
        .await
        .unwrap();
    let queue = json_of(office.get("/api/escalations").await).await;
    let proposed = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["matter"]["id"] == next.as_str())
        .unwrap_or_else(|| panic!("{queue}"));
    assert_eq!(proposed["reasons"], json!(["reminders_without_result"]));
}

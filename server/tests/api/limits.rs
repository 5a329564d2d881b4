//! Nothing a low role sends grows without bound: text and list sizes, progress reports a day,
//! stored answers, attachments. Each refusal is clear and changes nothing.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::limits::{
    AttachmentQuota, MAX_LIST_ITEMS, MAX_PROGRESS_REPORTS_PER_DAY, MAX_TEXT_CHARS,
};

/// How many rows a table holds.
async fn count(app: &TestApp, table: &str) -> u64 {
    let r = app
        .db
        .run(
            &format!("SELECT count() AS n FROM {table} GROUP ALL"),
            json!({}),
        )
        .await
        .unwrap();
    r[0][0]["n"].as_u64().unwrap_or(0)
}

/// What a refusal must leave as it was: the audit trail, the stored answers, the attachments.
async fn footprint(app: &TestApp) -> [u64; 3] {
    [
        count(app, "audit").await,
        count(app, "idempotency").await,
        count(app, "attachment").await,
    ]
}

fn progress(text: &str) -> Value {
    json!({"type": "report_progress", "text": text})
}

#[tokio::test]
async fn an_over_long_progress_report_is_refused_with_its_bound_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let before = footprint(&app).await;
    let r = jwc
        .try_act(&id, progress(&"进".repeat(MAX_TEXT_CHARS + 1)))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    assert_eq!(body["code"], "too_long");
    let bound = MAX_TEXT_CHARS.to_string();
    assert!(body["message"].as_str().unwrap().contains(&bound), "{body}");
    assert!(
        body["message_en"].as_str().unwrap().contains(&bound),
        "{body}"
    );
    assert_eq!(jwc.version(&id).await, 4);
    assert_eq!(footprint(&app).await, before);
    // At the bound it is taken.
    jwc.act(&id, progress(&"进".repeat(MAX_TEXT_CHARS))).await;
}

#[tokio::test]
async fn a_proposal_naming_too_many_assisting_units_is_refused_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let (matters, before) = (count(&app, "matter").await, footprint(&app).await);
    let units = vec!["kyc"; MAX_LIST_ITEMS + 1];
    let r = office
        .post("/api/matters", &routine_proposal("jwc", &units))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    assert_eq!(body["code"], "too_many_items");
    assert!(
        body["message_en"].as_str().unwrap().contains("at most 50"),
        "{body}"
    );
    assert_eq!(count(&app, "matter").await, matters);
    assert_eq!(footprint(&app).await, before);
}

#[tokio::test]
async fn a_unit_reports_progress_on_a_matter_only_so_many_times_a_day() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let jwc = app.as_user("jwc-liaison").await;
    for n in 0..MAX_PROGRESS_REPORTS_PER_DAY {
        jwc.act(&id, progress(&format!("第{n}次进展"))).await;
    }
    let version = jwc.version(&id).await;
    let before = footprint(&app).await;
    let r = jwc.try_act(&id, progress("再报一次")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    assert_eq!(body["code"], "daily_limit");
    let bound = MAX_PROGRESS_REPORTS_PER_DAY.to_string();
    assert!(body["message"].as_str().unwrap().contains(&bound), "{body}");
    assert_eq!(jwc.version(&id).await, version);
    // The refusal is recorded in the audit trail as every refused action is, and nothing else.
    let after = footprint(&app).await;
    assert_eq!(after[1..], before[1..]);
    // The app no longer offers it; the assisting unit keeps its own count.
    let detail = json_of(jwc.get(&format!("/api/matters/{id}")).await).await;
    assert!(
        !detail["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("report_progress")),
        "{}",
        detail["allowed_actions"]
    );
    let kyc = app.as_user("kyc-liaison").await;
    kyc.act(&id, progress("协办进展")).await;
}

#[tokio::test]
async fn a_stored_answer_keeps_the_matter_and_version_not_the_matter_itself() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    // A matter's creation, replayed: 201 and the same body.
    let proposal = routine_proposal("jwc", &[]);
    let first = office
        .post_with_key("/api/matters", &proposal, "create-key-0001")
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = json_of(first).await;
    let again = office
        .post_with_key("/api/matters", &proposal, "create-key-0001")
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(json_of(again).await, first);
    let id = first["matter"]["id"].as_str().unwrap().to_owned();
    // An action's stored answer: what it was about, a few dozen bytes, however big the matter.
    let big =
        json!({"version": 1, "action": {"type": "reject_proposal", "opinion": "不".repeat(4000)}});
    let leader = app.as_user("leader").await;
    let path = format!("/api/matters/{id}/actions");
    let answered = json_of(leader.post_with_key(&path, &big, "reject-key-0001").await).await;
    assert_eq!(answered["matter"]["version"], 2, "{answered}");
    let rows = app
        .db
        .run(
            "SELECT * OMIT id FROM idempotency WHERE key = 'reject-key-0001'",
            json!({}),
        )
        .await
        .unwrap();
    let row = &rows[0][0];
    assert_eq!(row["matter"], json!(id));
    assert_eq!(row["version"], 2);
    assert!(row.get("body").is_none_or(Value::is_null), "{row}");
    assert!(row.to_string().len() < 400, "{row}");
    let replayed = json_of(leader.post_with_key(&path, &big, "reject-key-0001").await).await;
    assert_eq!(replayed, answered);
}

#[tokio::test]
async fn a_retried_escalation_gets_both_matters_again_from_the_events() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let office = app.as_user("office").await;
    let body = json!({"version": 4, "action": {"type": "escalate", "reasons": ["emergency"], "note": "突发，需立即落实"}});
    let path = format!("/api/matters/{id}/actions");
    let first = json_of(office.post_with_key(&path, &body, "escalate-key-01").await).await;
    let created = first["created_matter"]
        .as_str()
        .expect("a key matter")
        .to_owned();
    assert_eq!(first["events"].as_array().unwrap().len(), 2, "{first}");
    // The new key matter moves on; the retry still answers as the escalation did.
    office
        .act(
            &created,
            json!({"type": "record_follow_up", "method": "phone", "note": "电话", "outcome": "ok"}),
        )
        .await;
    let again = json_of(office.post_with_key(&path, &body, "escalate-key-01").await).await;
    assert_eq!(again, first);
}

async fn upload(u: &As, id: &str, name: &str, body: &[u8]) -> reqwest::Response {
    u.client
        .post(format!("{}/api/matters/{id}/attachments", u.base))
        .query(&[("filename", name)])
        .header("content-type", "text/plain")
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

/// An upload that must be taken.
async fn taken(u: &As, id: &str, name: &str, body: &[u8]) {
    assert_eq!(
        upload(u, id, name, body).await.status(),
        StatusCode::CREATED
    );
}

/// An upload that must be refused with `status` and `code`, its message saying `says`, and
/// leave the audit trail, the stored answers and the attachments as they were.
async fn refused(
    app: &TestApp,
    u: &As,
    id: &str,
    body: &[u8],
    status: StatusCode,
    code: &str,
    says: &str,
) {
    let before = footprint(app).await;
    let r = upload(u, id, "x.txt", body).await;
    assert_eq!(r.status(), status);
    let answer = json_of(r).await;
    assert_eq!(answer["code"], code, "{answer}");
    let text = format!("{} {}", answer["message"], answer["message_en"]);
    assert!(text.contains(says), "{answer}");
    assert_eq!(footprint(app).await, before);
}

const QUOTA: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

#[tokio::test]
async fn a_matter_takes_attachments_up_to_its_quota_in_files_and_bytes() {
    let app = TestApp::spawn_with(|s| {
        s.attachment_quota = AttachmentQuota {
            matter_files: 2,
            matter_bytes: 10,
            ..AttachmentQuota::default()
        }
    })
    .await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let office = app.as_user("office").await;
    taken(&office, &id, "a.txt", b"12345").await;
    let code = "attachment_quota";
    refused(
        &app,
        &office,
        &id,
        b"123456",
        QUOTA,
        code,
        "at most 10 bytes",
    )
    .await;
    taken(&office, &id, "b.txt", b"12345").await;
    refused(&app, &office, &id, b"1", QUOTA, code, "at most 2 files").await;
    let list = json_of(office.get(&format!("/api/matters/{id}/attachments")).await).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_unit_attaches_up_to_its_quota_over_all_its_matters() {
    let app = TestApp::spawn_with(|s| {
        s.attachment_quota = AttachmentQuota {
            unit_files: 1,
            ..AttachmentQuota::default()
        }
    })
    .await;
    let (a, b) = (
        issued_routine(&app, "jwc", &[]).await,
        issued_routine(&app, "jwc", &[]).await,
    );
    let jwc = app.as_user("jwc-liaison").await;
    taken(&jwc, &a, "a.txt", b"x").await;
    refused(&app, &jwc, &b, b"x", QUOTA, "attachment_quota", "本单位").await;
    // The office attaches for no unit: the unit's quota does not bind it.
    taken(&app.as_user("office").await, &b, "批示.txt", b"x").await;
}

#[tokio::test]
async fn a_unit_attaches_only_while_it_has_a_step_to_take_and_the_office_always() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let (jwc, head) = (
        app.as_user("jwc-liaison").await,
        app.as_user("jwc-head").await,
    );
    jwc.act(&id, commitment("2026-12-30")).await;
    head.act(&id, completion_report()).await;
    // The result is with the office now: the unit has nothing to do, so nothing to attach.
    let (conflict, code) = (StatusCode::CONFLICT, "nothing_to_attach_for");
    refused(&app, &jwc, &id, b"x", conflict, code, "nothing to do").await;
    taken(&app.as_user("office").await, &id, "批示扫描.txt", b"x").await;
    // The discipline office reads a matter under second reminder, and attaches nothing to it.
    mark_second_reminder(&app, &id).await;
    let discipline = app.as_user("discipline").await;
    let forbidden = StatusCode::FORBIDDEN;
    refused(
        &app,
        &discipline,
        &id,
        b"x",
        forbidden,
        "role_not_allowed",
        "may not",
    )
    .await;
}

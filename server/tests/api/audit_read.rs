//! The audit trail read back a page at a time, and a step taken in the app told from a call made
//! straight to the API (the app marks its writes with `X-Duban-Client: app`).

use crate::flow::{key, routine_proposal};
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn matter_entries(office: &crate::flow::As) -> Vec<Value> {
    let page = json_of(office.get("/api/audit?action=matter.&limit=500").await).await;
    page["entries"].as_array().expect("entries").clone()
}

#[tokio::test]
async fn a_step_sent_by_the_app_is_marked_in_its_audit_entry_and_one_sent_by_a_script_is_not() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let by_script = office.propose(routine_proposal("jwc", &[])).await;
    let r = office
        .client
        .post(format!("{}/api/matters", office.base))
        .header("idempotency-key", key())
        .header("x-duban-client", "app")
        .json(&routine_proposal("kyc", &[]))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::CREATED);
    let by_app = json_of(r).await["matter"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let entries = matter_entries(&office).await;
    let of = |id: &str| {
        entries
            .iter()
            .find(|e| e["content"]["matter"] == json!(id))
            .cloned()
            .expect("an entry")
    };
    let app_entry = of(&by_app);
    assert_eq!(app_entry["action"], "matter.propose");
    assert_eq!(app_entry["content"]["client"], "app");
    assert_eq!(app_entry["content"]["procedure"], "gdufs_routine");
    assert_eq!(app_entry["username"], "office");
    assert!(of(&by_script)["content"].get("client").is_none());
}

#[tokio::test]
async fn the_trail_reads_in_pages_for_the_office_and_the_admin_only() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    for unit in ["jwc", "kyc", "rsc"] {
        office.propose(routine_proposal(unit, &[])).await;
    }
    let first = json_of(office.get("/api/audit?action=matter.&limit=2").await).await;
    assert_eq!(first["entries"].as_array().unwrap().len(), 2);
    let after = first["next_after"].as_i64().expect("more to read");
    let rest = json_of(
        office
            .get(&format!("/api/audit?action=matter.&limit=2&after={after}"))
            .await,
    )
    .await;
    assert_eq!(rest["entries"].as_array().unwrap().len(), 1);
    assert!(rest["entries"][0]["seq"].as_i64().unwrap() > after);
    assert!(rest["next_after"].is_null());

    let admin = app.as_user("admin").await;
    assert_eq!(admin.get("/api/audit").await.status(), StatusCode::OK);
    for user in ["jwc-liaison", "leader", "discipline"] {
        let who = app.as_user(user).await;
        assert_eq!(
            who.get("/api/audit").await.status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
    }
    for bad in ["limit=0", "limit=501", "after=-1", "nonsense=1"] {
        let r = office.get(&format!("/api/audit?{bad}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

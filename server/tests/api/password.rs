//! Users changing their own password: the current one required, the same rule as a reset, other sessions ended.

use crate::helpers::{DEMO_PASSWORD, TestApp, json_of, new_client};
use reqwest::{Response, StatusCode};
use serde_json::json;

const NEW_PASSWORD: &str = "a-new-long-passphrase";

async fn change(app: &TestApp, current: &str, new: &str) -> Response {
    app.client
        .post(app.url("/api/session/password"))
        .json(&json!({ "current_password": current, "new_password": new }))
        .send()
        .await
        .expect("request sent")
}

/// A second browser signed in as `username`, to see what happens to the user's other sessions.
async fn other_browser(app: &TestApp, username: &str) -> reqwest::Client {
    let client = new_client();
    let r = client
        .post(app.url("/api/session"))
        .json(&json!({ "username": username, "password": DEMO_PASSWORD }))
        .send()
        .await
        .expect("request sent");
    assert_eq!(r.status(), StatusCode::OK);
    client
}

async fn me_status(app: &TestApp, client: &reqwest::Client) -> StatusCode {
    client
        .get(app.url("/api/me"))
        .send()
        .await
        .expect("request sent")
        .status()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let rows: Vec<serde_json::Value> = app
        .db
        .rows("SELECT action FROM audit ORDER BY seq", json!({}))
        .await
        .expect("audit rows");
    rows.iter()
        .filter_map(|r| r["action"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end() {
    let app = TestApp::spawn().await;
    let phone = other_browser(&app, "jwc-liaison").await;
    app.login_ok("jwc-liaison").await;
    assert_eq!(me_status(&app, &phone).await, StatusCode::OK);

    let r = change(&app, DEMO_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    assert_eq!(
        me_status(&app, &app.client).await,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        me_status(&app, &phone).await,
        StatusCode::UNAUTHORIZED,
        "the other one ended"
    );
    assert!(
        audit_actions(&app)
            .await
            .contains(&"password_changed".to_owned())
    );
    let v = app.state.audit.verify(&app.db).await.expect("verify");
    assert!(v.ok, "{v:?}");

    let fresh = TestApp::login(&app, "jwc-liaison", DEMO_PASSWORD).await;
    assert_eq!(
        fresh.status(),
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    let fresh = TestApp::login(&app, "jwc-liaison", NEW_PASSWORD).await;
    assert_eq!(fresh.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_current_password_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let phone = other_browser(&app, "office").await;
    app.login_ok("office").await;
    let before = audit_actions(&app).await;

    let r = change(&app, "not-my-password", NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_of(r).await;
    assert_eq!(body["code"], "wrong_current_password");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("当前密码"))
    );
    assert!(
        body["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("current password"))
    );

    assert_eq!(
        me_status(&app, &phone).await,
        StatusCode::OK,
        "no session ended"
    );
    assert_eq!(audit_actions(&app).await, before, "nothing entered");
    let again = new_client();
    let r = again
        .post(app.url("/api/session"))
        .json(&json!({ "username": "office", "password": DEMO_PASSWORD }))
        .send()
        .await
        .expect("request sent");
    assert_eq!(r.status(), StatusCode::OK, "the old password still works");
}

#[tokio::test]
async fn a_new_password_follows_the_same_rule_as_an_admin_reset() {
    let app = TestApp::spawn().await;
    let phone = other_browser(&app, "office").await;
    app.login_ok("office").await;
    for (new, field) in [("short", "new_password"), (DEMO_PASSWORD, "new_password")] {
        let r = change(&app, DEMO_PASSWORD, new).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        let body = json_of(r).await;
        assert!(
            body["message_en"]
                .as_str()
                .is_some_and(|m| m.contains(field)),
            "{body}"
        );
    }
    assert_eq!(me_status(&app, &phone).await, StatusCode::OK);
}

#[tokio::test]
async fn changing_a_password_needs_a_session() {
    let app = TestApp::spawn().await;
    let r = change(&app, DEMO_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

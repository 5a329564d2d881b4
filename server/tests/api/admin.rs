//! Units and users: admin manages them, office may list users, every other role is refused.

use crate::helpers::{DEMO_PASSWORD, TestApp, json_of, new_client};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};

/// One user of every role but admin.
pub const NOT_ADMIN: [&str; 6] = [
    "office",
    "leader",
    "discipline",
    "jwc-head",
    "jwc-liaison",
    "jwc-handler",
];

/// Sends `body` as JSON with the app's session cookie.
pub async fn send(app: &TestApp, method: Method, path: &str, body: Value) -> Response {
    app.client
        .request(method, app.url(path))
        .json(&body)
        .send()
        .await
        .expect("request sent")
}

/// Asserts a JSON error with the given status and code, in both languages.
pub async fn assert_error(r: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status(), status);
    let body = json_of(r).await;
    assert_eq!(body["code"], code, "{body}");
    assert!(!body["message"].as_str().unwrap_or_default().is_empty());
    assert!(!body["message_en"].as_str().unwrap_or_default().is_empty());
    body
}

/// Signs in on another client: a second person at another browser.
async fn sign_in(app: &TestApp, client: &Client, username: &str, password: &str) -> Response {
    client
        .post(app.url("/api/session"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("request sent")
}

fn new_liaison() -> Value {
    json!({
        "username": "kyc-liaison2",
        "display_name": "科研处第二联络员",
        "role": "liaison",
        "unit": "kyc",
        "password": "a long enough passphrase",
    })
}

#[tokio::test]
async fn any_signed_in_user_lists_the_units_for_pickers() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/api/units").await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.login_ok("jwc-handler").await;
    let units = json_of(app.get("/api/units").await).await;
    let units = units.as_array().unwrap();
    assert_eq!(units.len(), 20);
    let jwc = units.iter().find(|u| u["code"] == "jwc").unwrap();
    assert_eq!(jwc["name"], "教务处");
    assert_eq!(jwc["kind"], "department");
}

#[tokio::test]
async fn the_admin_creates_and_edits_a_unit() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    let unit = json!({"code": "dwxcb", "name": "党委宣传部", "kind": "department"});
    let r = send(&app, Method::POST, "/api/units", unit.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(json_of(r).await, unit);

    let r = send(&app, Method::POST, "/api/units", unit).await;
    assert_error(r, StatusCode::CONFLICT, "unit_exists").await;

    let r = send(
        &app,
        Method::PATCH,
        "/api/units/dwxcb",
        json!({"name": "宣传部", "kind": "college"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let units = json_of(app.get("/api/units").await).await;
    let edited = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "dwxcb")
        .unwrap()
        .clone();
    assert_eq!(
        edited,
        json!({"code": "dwxcb", "name": "宣传部", "kind": "college"})
    );
}

#[tokio::test]
async fn bad_unit_input_is_a_clear_4xx() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    for (body, status, code) in [
        (
            json!({"code": "a b", "name": "x", "kind": "college"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            json!({"code": "ab", "name": "  ", "kind": "college"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            json!({"code": "ab", "name": "x", "kind": "faculty"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            json!({"code": "ab", "name": "x", "kind": "college", "id": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
    ] {
        assert_error(
            send(&app, Method::POST, "/api/units", body).await,
            status,
            code,
        )
        .await;
    }
    let r = send(&app, Method::PATCH, "/api/units/nope", json!({"name": "x"})).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = send(&app, Method::PATCH, "/api/units/jwc", json!({})).await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
}

#[tokio::test]
async fn every_role_but_admin_is_refused_and_only_office_may_list_users() {
    let app = TestApp::spawn().await;
    for username in NOT_ADMIN {
        app.login_ok(username).await;
        let writes = [
            (
                Method::POST,
                "/api/units",
                json!({"code": "x1", "name": "x", "kind": "college"}),
            ),
            (Method::PATCH, "/api/units/jwc", json!({"name": "改名"})),
            (Method::POST, "/api/users", new_liaison()),
            (
                Method::PATCH,
                "/api/users/jwc-handler",
                json!({"active": false}),
            ),
        ];
        for (method, path, body) in writes {
            let r = send(&app, method.clone(), path, body).await;
            assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        }
        let r = app.get("/api/users").await;
        if username == "office" {
            assert_eq!(r.status(), StatusCode::OK);
        } else {
            assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        }
    }
    // Nothing changed.
    app.login_ok("admin").await;
    let units = json_of(app.get("/api/units").await).await;
    assert_eq!(units.as_array().unwrap().len(), 20);
    let users = json_of(app.get("/api/users").await).await;
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["active"] == true)
    );
    assert!(!users.to_string().contains("kyc-liaison2"));
    assert!(!users.to_string().contains("改名"));
}

#[tokio::test]
async fn the_user_list_never_carries_a_password_hash() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    let r = app.get("/api/users").await;
    let text = r.text().await.unwrap();
    assert!(!text.contains("argon2") && !text.contains("password"));
    let users: Value = serde_json::from_str(&text).unwrap();
    let liaison = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "jwc-liaison")
        .unwrap();
    assert_eq!(
        liaison,
        &json!({
            "username": "jwc-liaison",
            "display_name": "教务处督办联络员",
            "role": "liaison",
            "unit": "jwc",
            "active": true,
            // The line the 通知单 prints as 联系电话 (HBUT 附件3).
            "phone": server::seed::demo::demo_phone(1, 1),
        })
    );
}

#[tokio::test]
async fn a_user_the_admin_created_can_sign_in() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    let r = send(&app, Method::POST, "/api/users", new_liaison()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let text = r.text().await.unwrap();
    assert!(!text.contains("argon2") && !text.contains("passphrase"));
    let created: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(created["unit"], "kyc");
    assert_eq!(created["active"], true);

    let r = send(&app, Method::POST, "/api/users", new_liaison()).await;
    assert_error(r, StatusCode::CONFLICT, "username_exists").await;

    let r = sign_in(
        &app,
        &new_client(),
        "kyc-liaison2",
        "a long enough passphrase",
    )
    .await;
    let me = json_of(r).await;
    assert_eq!(me["role"], "liaison");
    assert_eq!(me["unit"]["code"], "kyc");

    // The change is in the audit trail, without the password, and the chain holds.
    let rows = app
        .db
        .run(
            "SELECT * FROM audit WHERE action = 'user_created'",
            json!({}),
        )
        .await
        .unwrap();
    let rows = rows[0].to_string();
    assert!(rows.contains("kyc-liaison2") && !rows.contains("passphrase"));
    assert!(app.state.audit.verify(&app.db).await.unwrap().ok);
}

#[tokio::test]
async fn a_unit_role_without_a_unit_and_other_bad_users_are_refused() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    let with = |field: &str, value: Value| {
        let mut user = new_liaison();
        user[field] = value;
        user
    };
    let mut no_unit = new_liaison();
    no_unit.as_object_mut().unwrap().remove("unit");
    for (body, code) in [
        (no_unit, "invalid_field"),
        (with("unit", Value::Null), "invalid_field"),
        (with("role", json!("office")), "invalid_field"),
        (with("unit", json!("nope")), "unknown_unit"),
        (with("password", json!("123456789")), "invalid_field"),
        (with("username", json!("有 空格")), "invalid_field"),
        (with("role", json!("dean")), "invalid_fields"),
        (with("password_hash", json!("x")), "invalid_fields"),
    ] {
        let r = send(&app, Method::POST, "/api/users", body).await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    let users = json_of(app.get("/api/users").await).await;
    assert!(!users.to_string().contains("kyc-liaison2"));
}

#[tokio::test]
async fn the_admin_changes_role_unit_status_and_password() {
    let app = TestApp::spawn().await;
    let handler = new_client();
    let me = |client: &Client| client.get(app.url("/api/me")).send();
    sign_in(&app, &handler, "jwc-handler", DEMO_PASSWORD).await;
    assert_eq!(me(&handler).await.unwrap().status(), StatusCode::OK);
    app.login_ok("admin").await;

    // Moving to a university-wide role needs the unit removed explicitly.
    let r = send(
        &app,
        Method::PATCH,
        "/api/users/jwc-handler",
        json!({"role": "office"}),
    )
    .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let r = send(
        &app,
        Method::PATCH,
        "/api/users/jwc-handler",
        json!({"role": "office", "unit": null, "display_name": "王五"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user = json_of(r).await;
    assert_eq!(user["role"], "office");
    assert!(user["unit"].is_null());
    assert_eq!(user["display_name"], "王五");
    // The user's open session has the new role at once, though it was checked a moment ago.
    let seen: serde_json::Value = me(&handler).await.unwrap().json().await.unwrap();
    assert_eq!(seen["role"], "office", "{seen}");
    assert!(seen["unit"].is_null(), "{seen}");

    // A password reset ends the user's sessions; the new password works, the old one not.
    let r = send(
        &app,
        Method::PATCH,
        "/api/users/jwc-handler",
        json!({"password": "brand new passphrase"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        me(&handler).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let r = sign_in(&app, &handler, "jwc-handler", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    sign_in(&app, &handler, "jwc-handler", "brand new passphrase").await;
    assert_eq!(me(&handler).await.unwrap().status(), StatusCode::OK);

    // Deactivated: signed out and cannot sign in again.
    let r = send(
        &app,
        Method::PATCH,
        "/api/users/jwc-handler",
        json!({"active": false}),
    )
    .await;
    assert_eq!(json_of(r).await["active"], false);
    assert_eq!(
        me(&handler).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let r = sign_in(&app, &handler, "jwc-handler", "brand new passphrase").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = send(
        &app,
        Method::PATCH,
        "/api/users/nobody",
        json!({"active": false}),
    )
    .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = send(
        &app,
        Method::PATCH,
        "/api/users/jwc-liaison",
        json!({"unit": "nope"}),
    )
    .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "unknown_unit").await;
}

#[tokio::test]
async fn the_admin_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    app.login_ok("admin").await;
    for body in [json!({"active": false}), json!({"role": "office"})] {
        let r = send(&app, Method::PATCH, "/api/users/admin", body).await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "cannot_lock_out_self").await;
    }
    assert_eq!(app.get("/api/me").await.status(), StatusCode::OK);
}

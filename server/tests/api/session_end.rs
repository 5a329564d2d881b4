//! Sessions end on the very next request in every process, and over HTTPS the cookie is `__Host-`, `Secure` and backed by HSTS.

use crate::flow::As;
use crate::helpers::{DEMO_PASSWORD, TestApp, new_client};
use reqwest::{Method, Response, StatusCode};
use serde_json::json;

/// The same signed-in browser, talking to `other` instead (the cookie is for the host, not the port).
fn on(other: &TestApp, user: &As) -> As {
    As {
        client: user.client.clone(),
        base: other.base.clone(),
    }
}

async fn patch_user(admin: &As, username: &str, body: serde_json::Value) -> Response {
    admin
        .client
        .request(
            Method::PATCH,
            format!("{}/api/users/{username}", admin.base),
        )
        .json(&body)
        .send()
        .await
        .expect("request sent")
}

#[tokio::test]
async fn a_sign_out_is_refused_on_the_next_request_in_another_process() {
    let app = TestApp::spawn().await;
    let sibling = app.spawn_beside().await;
    let here = app.as_user("kyc-head").await;
    let there = on(&sibling, &here);
    // The other process has just checked the session, so it would trust it for a while.
    assert_eq!(there.get("/api/me").await.status(), StatusCode::OK);
    let r = here
        .client
        .delete(app.url("/api/session"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        there.get("/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_password_reset_and_a_deactivation_end_sessions_in_every_process_at_once() {
    let app = TestApp::spawn().await;
    let sibling = app.spawn_beside().await;
    let admin = app.as_user("admin").await;
    for (username, change) in [
        ("jwc-handler", json!({"password": "a brand new passphrase"})),
        ("kyc-handler", json!({"active": false})),
    ] {
        let user = app.as_user(username).await;
        let there = on(&sibling, &user);
        assert_eq!(there.get("/api/me").await.status(), StatusCode::OK);
        assert_eq!(user.get("/api/me").await.status(), StatusCode::OK);
        assert_eq!(
            patch_user(&admin, username, change).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            there.get("/api/me").await.status(),
            StatusCode::UNAUTHORIZED,
            "{username}"
        );
        assert_eq!(
            user.get("/api/me").await.status(),
            StatusCode::UNAUTHORIZED,
            "{username}"
        );
    }
}

fn set_cookie(r: &Response) -> String {
    r.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

async fn sign_in(app: &TestApp, headers: &[(&str, &str)]) -> Response {
    let mut request = new_client()
        .post(app.url("/api/session"))
        .json(&json!({ "username": "office", "password": DEMO_PASSWORD }));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let r = request.send().await.expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    r
}

/// `GET /api/me` with the cookie sent by hand (a cookie store keeps `Secure` ones off plain HTTP).
async fn me_with(app: &TestApp, cookie: &str, headers: &[(&str, &str)]) -> Response {
    let pair = cookie.split(';').next().expect("name=value");
    let mut request = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", pair);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().await.expect("sent")
}

#[tokio::test]
async fn a_deployment_set_for_https_names_the_cookie_host_and_sends_hsts() {
    let app = TestApp::spawn_with(|s| s.session.secure_cookie = true).await;
    for _ in 0..2 {
        let r = sign_in(&app, &[]).await;
        let cookie = set_cookie(&r);
        assert!(cookie.starts_with("__Host-duban_session="), "{cookie}");
        assert!(
            cookie.contains("; Path=/;")
                && cookie.contains("; Secure")
                && !cookie.contains("Domain")
        );
        assert!(
            r.headers()["strict-transport-security"]
                .to_str()
                .expect("ascii")
                .starts_with("max-age=")
        );
        let me = me_with(&app, &cookie, &[]).await;
        assert_eq!(me.status(), StatusCode::OK);
        assert!(me.headers().contains_key("strict-transport-security"));
        // The plain name is not this deployment's cookie.
        let plain = cookie.replacen("__Host-", "", 1);
        assert_eq!(
            me_with(&app, &plain, &[]).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn a_forwarded_https_from_an_untrusted_peer_changes_neither_cookie_nor_headers() {
    let app = TestApp::spawn().await;
    let r = sign_in(&app, &[("x-forwarded-proto", "https")]).await;
    let cookie = set_cookie(&r);
    assert!(
        cookie.starts_with("duban_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(!r.headers().contains_key("strict-transport-security"));
    // The same deployment keeps one name from one request to the next, whatever a client claims.
    let me = me_with(&app, &cookie, &[("x-forwarded-proto", "https")]).await;
    assert_eq!(me.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_trusted_proxys_https_gives_the_host_cookie_and_hsts() {
    let app =
        TestApp::spawn_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")])
            .await;
    let https = [("x-forwarded-proto", "https")];
    let r = sign_in(&app, &https).await;
    let cookie = set_cookie(&r);
    assert!(
        cookie.starts_with("__Host-duban_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
    assert!(r.headers().contains_key("strict-transport-security"));
    assert_eq!(
        me_with(&app, &cookie, &https).await.status(),
        StatusCode::OK
    );
}

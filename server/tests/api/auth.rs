//! Sign-in, sessions, cookies, CSRF and login rate limits.

use crate::helpers::{DEMO_PASSWORD, TestApp, json_of, new_client};
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn a_unit_liaison_signs_in_and_sees_name_role_and_unit() {
    let app = TestApp::spawn().await;
    let r = app.login("jwc-liaison", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me = json_of(r).await;
    assert_eq!(me["username"], "jwc-liaison");
    assert_eq!(me["role"], "liaison");
    assert_eq!(me["unit"]["code"], "jwc");
    assert_eq!(me["unit"]["name"], "教务处");

    let me = json_of(app.get("/api/me").await).await;
    assert_eq!(me["username"], "jwc-liaison");
}

#[tokio::test]
async fn office_staff_have_no_unit() {
    let app = TestApp::spawn().await;
    let me = json_of(app.login("office", DEMO_PASSWORD).await).await;
    assert_eq!(me["role"], "office");
    assert!(me["unit"].is_null());
}

#[tokio::test]
async fn me_without_a_session_is_401() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/me").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(r).await["code"], "unauthenticated");
}

#[tokio::test]
async fn a_wrong_password_is_401_in_chinese_and_english() {
    let app = TestApp::spawn().await;
    let r = app.login("jwc-liaison", "wrong").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().get("set-cookie").is_none());
    let body = json_of(r).await;
    assert_eq!(body["code"], "invalid_credentials");
    assert_eq!(body["message"], "用户名或密码错误");
    // An unknown user gets exactly the same answer, so names cannot be probed.
    let body2 = json_of(app.login("nobody", "wrong").await).await;
    assert_eq!(body, body2);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::spawn().await;
    let r = app.login("office", DEMO_PASSWORD).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("duban_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"));
    let token = cookie["duban_session=".len()..].split(';').next().unwrap();
    assert!(token.len() >= 32, "at least 128 random bits");
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_id() {
    let app = TestApp::spawn().await;
    let c1 = app.login("office", DEMO_PASSWORD).await.headers()["set-cookie"].clone();
    let c2 = app.login("office", DEMO_PASSWORD).await.headers()["set-cookie"].clone();
    assert_ne!(c1, c2);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let r = app.login("kyc-head", DEMO_PASSWORD).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token_pair = cookie.split(';').next().unwrap().to_owned();
    assert_eq!(app.logout().await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/me").await.status(), StatusCode::UNAUTHORIZED);
    // Replaying the old cookie does not bring the session back.
    let r = new_client()
        .get(app.url("/api/me"))
        .header("cookie", token_pair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::spawn_with(|s| s.session.idle_timeout = Duration::from_secs(1)).await;
    app.login_ok("office").await;
    assert_eq!(app.get("/api/me").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(app.get("/api/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_cross_site_write_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    let r = app
        .client
        .delete(app.url("/api/session"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(r).await["code"], "cross_site_request");
    let r = app
        .client
        .delete(app.url("/api/session"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Still signed in.
    assert_eq!(app.get("/api/me").await.status(), StatusCode::OK);
    // A same-origin request from the app is fine.
    let r = app
        .client
        .delete(app.url("/api/session"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_with_retry_after() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        assert_eq!(
            app.login("cwc-liaison", "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Even the right password waits now.
    let r = app.login("cwc-liaison", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    assert_eq!(json_of(r).await["code"], "too_many_attempts");
    // Another account from elsewhere is unaffected by this account's lock.
    app.login_ok("cwc-head").await;
}

#[tokio::test]
async fn logins_failures_and_logouts_enter_the_audit_chain() {
    let app = TestApp::spawn().await;
    app.login("office", "wrong").await;
    app.login_ok("office").await;
    app.logout().await;
    // Refusals are entered as counts once a period (`auth::refusals`).
    app.flush_refusals().await;
    let rows: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT action, username, address FROM audit ORDER BY seq",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    let actions: Vec<_> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["login", "logout", "login_failed"]);
    assert!(
        rows.iter()
            .all(|r| r["username"] == "office" && r["address"] == "127.0.0.1")
    );
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, 3);
}

#[tokio::test]
async fn an_audit_row_edited_behind_the_servers_back_breaks_the_chain() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    app.login_ok("leader").await;
    app.logout().await;
    app.db
        .run(
            "UPDATE audit SET username = 'someone-else' WHERE seq = 2",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(!v.ok);
    assert_eq!(v.first_broken, Some(2));
}

#[tokio::test]
async fn a_deleted_last_audit_row_is_detected() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    app.logout().await;
    app.db
        .run("DELETE audit WHERE seq = 2", serde_json::json!({}))
        .await
        .unwrap();
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(!v.ok);
}

#[tokio::test]
async fn users_stored_before_they_were_keyed_by_name_sign_in_after_the_upgrade() {
    // The session is moved behind the server's back: it must read it again to find it.
    let app = TestApp::spawn_with(|s| s.session.recheck = Duration::ZERO).await;
    // A session made by an older server (a random record id) is still honoured.
    let old = app.as_user("jwc-liaison").await;
    app.db
        .run(
            "LET $s = (SELECT * OMIT id FROM session WHERE username = 'jwc-liaison')[0];
             DELETE session WHERE username = 'jwc-liaison';
             CREATE session CONTENT $s RETURN NONE;",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    assert_eq!(old.get("/api/me").await.status(), StatusCode::OK);
    // Every user back under a random record id, with an email setting, as before migration 0013.
    app.db
        .run(
            "UPDATE user SET email = 'jwc@example.edu.cn', email_mode = 'immediate' WHERE username = 'jwc-liaison';
             LET $all = (SELECT * OMIT id FROM user);
             DELETE user;
             FOR $u IN $all { CREATE user CONTENT $u RETURN NONE; };",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    app.db
        .run(
            include_str!("../../migrations/0013_keyed_users.surql"),
            serde_json::json!({}),
        )
        .await
        .unwrap();
    let r = app.login("jwc-liaison", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["unit"]["code"], "jwc");
    let kept: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT email, email_mode FROM type::record('user', 'jwc-liaison')",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    assert_eq!(kept[0]["email"], "jwc@example.edu.cn");
    assert_eq!(kept[0]["email_mode"], "immediate");
    assert_eq!(old.get("/api/me").await.status(), StatusCode::OK);
}

/// A phone that opens a screen sends several requests at once; when its session is due for its
/// once-a-minute "last seen" stamp, each of them stamps it. The stamps clash with each other in
/// the database, and that clash is no reason to answer any of the requests with an error. On the
/// embedded file store, where the clash showed (500s in the load benchmark).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_requests_on_a_session_due_for_its_stamp_all_succeed() {
    let dir = std::env::temp_dir().join(format!("duban-stamp-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    // Each round changes the stamp behind the server's back, so it must read the session.
    // The embedded store even under `cargo xtask test-remote`, so without the remote's sign-in.
    let app = TestApp::spawn_with(move |s| {
        s.database.url = url;
        s.database.user = None;
        s.database.password = None;
        s.session.recheck = Duration::ZERO;
    })
    .await;
    app.login_ok("office").await;
    for round in 0..3 {
        app.db
            .run("UPDATE session SET last_seen -= 120", serde_json::json!({}))
            .await
            .unwrap();
        let answers = futures::future::join_all((0..32).map(|_| app.get("/api/me"))).await;
        let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "round {round}: {statuses:?}"
        );
    }
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}

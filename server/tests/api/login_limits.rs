//! Sign-in limits under concurrency and across processes, client addresses behind a trusted proxy, and refusals counted for the audit trail.

use crate::helpers::{DEMO_PASSWORD, TestApp, json_of, new_client};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

/// A sign-in from a client of its own, with extra headers (a proxy's).
async fn sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
    headers: &[(&str, &str)],
) -> Response {
    let mut request = new_client()
        .post(app.url("/api/session"))
        .json(&json!({ "username": username, "password": password }));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().await.expect("request sent")
}

/// Forty sign-ins for one account at once, spread over `servers`, the one at `right` with the
/// right password: their statuses.
async fn burst(servers: &[&TestApp], username: &str, right: usize) -> Vec<StatusCode> {
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let url = servers[i % servers.len()].url("/api/session");
            let password = if i == right { DEMO_PASSWORD } else { "wrong" };
            let body = json!({ "username": username, "password": password });
            tokio::spawn(async move {
                new_client()
                    .post(url)
                    .json(&body)
                    .send()
                    .await
                    .expect("request sent")
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task ran"));
    }
    statuses
}

fn count(statuses: &[StatusCode], wanted: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == wanted).count()
}

/// Many people sign in from one address in these tests; the address limit has its own test.
fn account_limit_only(s: &mut server::config::Settings) {
    s.login_limit.per_address = 1000;
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<Value> {
    app.db
        .rows(
            "SELECT username, address, content FROM audit WHERE action = $a ORDER BY seq",
            json!({ "a": action }),
        )
        .await
        .expect("audit rows")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_sign_ins_at_once_check_no_more_wrong_passwords_than_the_limit() {
    let app = TestApp::spawn_with(account_limit_only).await;
    let checked_before = app.state.limiter.verifier.checks();
    let statuses = burst(&[&app], "kyc-liaison", 20).await;
    // Five wrong ones, and the right one if it came early enough to be let through.
    let checked = app.state.limiter.verifier.checks() - checked_before;
    assert!(checked <= 6, "{checked} passwords checked: {statuses:?}");
    let wrong_checked = count(&statuses, StatusCode::UNAUTHORIZED);
    let waited = count(&statuses, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        wrong_checked <= 5,
        "{wrong_checked} wrong passwords checked: {statuses:?}"
    );
    assert_eq!(
        wrong_checked + waited + count(&statuses, StatusCode::OK),
        40,
        "{statuses:?}"
    );
    // The account is locked now, even for its own password.
    let r = app.login("kyc-liaison", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_limit_holds_across_two_servers_on_one_database() {
    let app = TestApp::spawn_with(account_limit_only).await;
    let sibling = app.spawn_beside().await;
    for (server, n) in [(&app, 3), (&sibling, 2)] {
        for _ in 0..n {
            let r = sign_in(server, "rsc-liaison", "wrong", &[]).await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
    }
    for server in [&sibling, &app] {
        let r = sign_in(server, "rsc-liaison", DEMO_PASSWORD, &[]).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    // At once, split over both: still no more than the limit.
    let statuses = burst(&[&app, &sibling], "cwc-head", 7).await;
    let wrong_checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(wrong_checked <= 5, "{wrong_checked} checked: {statuses:?}");
}

#[tokio::test]
async fn a_success_is_not_held_against_the_account_but_failures_are() {
    let app = TestApp::spawn_with(account_limit_only).await;
    for _ in 0..10 {
        app.login_ok("jwc-head").await;
    }
    for _ in 0..4 {
        assert_eq!(
            app.login("jwc-head", "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    app.login_ok("jwc-head").await;
    // The owner's sign-in did not wipe the four failures: one more and the account waits.
    assert_eq!(
        app.login("jwc-head", "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("jwc-head", DEMO_PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn an_address_over_its_limit_waits_seconds_and_locks_no_one_out() {
    let app = TestApp::spawn_with(|s| {
        s.login_limit.per_address = 3;
        s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
    })
    .await;
    let attacker = [("x-forwarded-for", "198.51.100.66")];
    for name in ["jwc-head", "kyc-head", "rsc-head"] {
        let r = sign_in(&app, name, "wrong", &attacker).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = sign_in(&app, "cwc-head", "wrong", &attacker).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(
        (1..=10).contains(&retry),
        "a slowdown of seconds, not {retry}"
    );
    assert_eq!(json_of(r).await["code"], "too_many_attempts");
    // Others behind the same proxy, and the accounts tried, are not held up.
    let r = sign_in(
        &app,
        "cwc-head",
        DEMO_PASSWORD,
        &[("x-forwarded-for", "198.51.100.7")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = sign_in(
        &app,
        "jwc-head",
        DEMO_PASSWORD,
        &[("x-forwarded-for", "198.51.100.8")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn forwarding_headers_are_believed_only_from_a_trusted_proxy() {
    // Not trusted: every forged address is still 127.0.0.1, and its count runs out.
    let app = TestApp::spawn_with(|s| s.login_limit.per_address = 3).await;
    for forged in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        let r = sign_in(&app, "tsg-head", "wrong", &[("x-forwarded-for", forged)]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = sign_in(
        &app,
        "fxy-head",
        "wrong",
        &[("x-forwarded-for", "203.0.113.4")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = sign_in(
        &app,
        "office",
        DEMO_PASSWORD,
        &[("forwarded", "for=203.0.113.5")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "still 127.0.0.1");

    // Trusted: the audit trail names the proxy's client, the rightmost hop it did not add itself.
    let app =
        TestApp::spawn_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")])
            .await;
    let r = sign_in(
        &app,
        "office",
        DEMO_PASSWORD,
        &[("x-forwarded-for", "10.9.9.9, 198.51.100.23")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let logins = audit_rows(&app, "login").await;
    assert_eq!(logins[0]["address"], "198.51.100.23");
}

#[tokio::test]
async fn refused_sign_ins_are_one_audit_entry_per_account_with_a_count() {
    let app = TestApp::spawn_with(account_limit_only).await;
    for _ in 0..7 {
        app.login("office", "wrong").await;
    }
    app.login("nobody-at-all", "wrong").await;
    assert!(
        audit_rows(&app, "login_failed").await.is_empty(),
        "nothing written per attempt"
    );
    assert_eq!(app.flush_refusals().await, 3);
    let failed = audit_rows(&app, "login_failed").await;
    let counts: Vec<(&str, i64)> = failed
        .iter()
        .map(|r| {
            let content: Value =
                serde_json::from_str(r["content"].as_str().expect("text")).expect("json");
            (
                r["username"].as_str().expect("name"),
                content["count"].as_i64().expect("count"),
            )
        })
        .collect();
    assert_eq!(counts, [("nobody-at-all", 1), ("office", 5)]);
    let limited = audit_rows(&app, "login_rate_limited").await;
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0]["address"], "127.0.0.1");
    let v = app.state.audit.verify(&app.db).await.expect("verified");
    assert!(v.ok, "{v:?}");
    assert_eq!(
        app.flush_refusals().await,
        0,
        "each refusal is entered once"
    );
}

#[tokio::test]
async fn a_refused_request_is_counted_for_the_audit_trail_not_written_each_time() {
    let app = TestApp::spawn().await;
    app.login_ok("jwc-liaison").await;
    for _ in 0..10 {
        let r = app.get("/api/users").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert!(audit_rows(&app, "refused").await.is_empty());
    app.flush_refusals().await;
    let refused = audit_rows(&app, "refused").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["username"], "jwc-liaison");
    let content: Value =
        serde_json::from_str(refused[0]["content"].as_str().expect("text")).expect("json");
    assert_eq!(content["count"], 10);
    assert_eq!(content["what"]["list_users"], 10);
    assert!(app.state.audit.verify(&app.db).await.expect("verified").ok);
}

#[tokio::test]
async fn an_overlong_username_or_password_is_refused_before_any_work() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(2000);
    for (name, password) in [(long.as_str(), "pw"), ("office", long.as_str())] {
        let r = app.login(name, password).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = json_of(r).await;
        assert_eq!(body["code"], "credentials_too_long");
        assert!(body["message_en"].as_str().expect("text").contains("1024"));
    }
}

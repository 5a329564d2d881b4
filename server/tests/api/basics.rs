//! Health, JSON errors, the SPA fallback and caching of the built app.

use crate::helpers::{TestApp, fake_dist, json_of};
use reqwest::StatusCode;

#[tokio::test]
async fn health_answers_ok_when_the_database_is_reachable() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/health").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = json_of(r).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app() {
    let dist = fake_dist();
    let app = TestApp::spawn_with(|s| s.static_dir = Some(dist)).await;
    let r = app.get("/api/no-such-thing").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(json_of(r).await["code"], "not_found");
}

#[tokio::test]
async fn an_app_path_serves_the_shell_uncached_and_hashed_files_cached_for_a_year() {
    let dist = fake_dist();
    let app = TestApp::spawn_with(|s| s.static_dir = Some(dist)).await;

    let r = app.get("/matters/12").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert!(r.text().await.unwrap().contains("督办"));

    let r = app.get("/app-0123456789abcdef.js").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_clear_message() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(app.url("/api/session"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = json_of(r).await;
    assert_eq!(body["code"], "malformed_json");
    assert!(body["message"].as_str().unwrap().contains("JSON 格式错误"));
    assert!(
        body["message_en"]
            .as_str()
            .unwrap()
            .contains("Malformed JSON")
    );
}

#[tokio::test]
async fn wrong_types_and_unknown_fields_are_refused_clearly() {
    let app = TestApp::spawn().await;
    for body in [
        r#"{"username": 5, "password": "x"}"#,
        r#"{"username": "office", "password": "duban-demo", "admin": true}"#,
        r#"{"username": "office"}"#,
    ] {
        let r = app
            .client
            .post(app.url("/api/session"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(json_of(r).await["code"], "invalid_fields", "{body}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(app.url("/api/session"))
        .body("username=office")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(r).await["code"], "unsupported_content_type");
}

#[tokio::test]
async fn an_oversize_body_is_refused_without_a_500() {
    let app = TestApp::spawn().await;
    let huge = format!(
        r#"{{"username": "{}", "password": "x"}}"#,
        "a".repeat(server::startup::JSON_BODY_LIMIT + 10)
    );
    let r = app
        .client
        .post(app.url("/api/session"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "got {}", r.status());
}

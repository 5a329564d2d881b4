//! The security headers: the app page under its CSP, the API never cached, static files still cached.

use crate::helpers::{TestApp, fake_dist};
use reqwest::header;
use server::http::security_headers::APP_CSP;

#[tokio::test]
async fn the_app_page_carries_the_csp_nosniff_and_referrer_policy() {
    let app = TestApp::spawn_with(|s| s.static_dir = Some(fake_dist())).await;
    let r = app.get("/matters/12").await;
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h[header::CONTENT_SECURITY_POLICY], APP_CSP);
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
}

#[tokio::test]
async fn hashed_static_files_stay_cacheable_and_are_not_sniffed() {
    let app = TestApp::spawn_with(|s| s.static_dir = Some(fake_dist())).await;
    let r = app.get("/app-0123456789abcdef.js").await;
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.get(header::CONTENT_SECURITY_POLICY).is_none());
}

#[tokio::test]
async fn personal_data_from_the_api_is_never_stored_by_a_cache() {
    let app = TestApp::spawn().await;
    app.login_ok("jwc-liaison").await;
    for path in ["/api/me", "/api/matters", "/api/notifications"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers();
        assert_eq!(h[header::CACHE_CONTROL], "no-store", "{path}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::REFERRER_POLICY], "same-origin", "{path}");
    }
    // Refusals too: a 401 names no one, but nothing about the API is worth keeping.
    app.logout().await;
    let r = app.get("/api/me").await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
}

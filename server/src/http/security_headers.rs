//! The browser-facing security headers every response carries: CSP on HTML, nosniff, referrer policy, no-store on the API.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The app's policy. The app is one module script and its wasm (`'wasm-unsafe-eval'` lets the page
/// compile wasm, nothing else), one stylesheet, the manifest and the service worker, all from this
/// origin, and it talks only to `/api` here: no inline script or style, so a string that ever slipped
/// into the page unescaped still could not run. Images may be `data:`/`blob:` URLs made in the page.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
     manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; \
     form-action 'self'";

/// Adds the headers a response lacks; a handler that set its own (the print pages' stricter CSP,
/// the static files' long caching) keeps them.
pub async fn add(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    apply(response.headers_mut(), api);
    response
}

fn apply(headers: &mut HeaderMap, api: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Matter ids and report periods are in the app's URLs: other sites never see them.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if api {
        // Every API answer speaks of people and their work: nothing keeps a copy (the app keeps its
        // own offline copies in IndexedDB, per user).
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    if is_html(headers) && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(APP_CSP),
        );
        // The same as `frame-ancestors 'none'`, for browsers older than it.
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        h
    }

    #[test]
    fn the_app_page_gets_the_policy_and_a_print_page_keeps_its_own() {
        let mut page = headers("text/html; charset=utf-8");
        apply(&mut page, false);
        assert_eq!(page[header::CONTENT_SECURITY_POLICY], APP_CSP);

        let mut print = headers("text/html; charset=utf-8");
        print.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'"),
        );
        apply(&mut print, false);
        assert_eq!(print[header::CONTENT_SECURITY_POLICY], "default-src 'none'");
    }

    #[test]
    fn api_answers_are_not_stored_but_static_files_keep_their_caching() {
        let mut json = headers("application/json");
        apply(&mut json, true);
        assert_eq!(json[header::CACHE_CONTROL], "no-store");
        assert!(json.get(header::CONTENT_SECURITY_POLICY).is_none());

        let mut wasm = headers("application/wasm");
        wasm.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        apply(&mut wasm, false);
        assert_eq!(
            wasm[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(wasm[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[test]
    fn the_policy_allows_no_inline_script_and_no_framing() {
        let script = APP_CSP
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_default();
        assert!(!script.contains("unsafe-inline") && !script.contains("'unsafe-eval'"));
        for needed in [
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ] {
            assert!(APP_CSP.contains(needed), "{needed}");
        }
    }
}

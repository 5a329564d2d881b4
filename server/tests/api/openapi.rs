//! The OpenAPI document, the route table and the router describe the same routes.

use crate::helpers::{TestApp, json_of};
use reqwest::{Method, StatusCode};
use server::routes::openapi::ROUTES;
use std::collections::BTreeSet;
use std::path::Path;

fn table() -> BTreeSet<(String, String)> {
    let set: BTreeSet<_> = ROUTES
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(set.len(), ROUTES.len(), "a route is listed twice");
    set
}

#[tokio::test]
async fn the_document_lists_exactly_the_route_table() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = json_of(r).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["servers"][0]["url"], "/api");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    assert_eq!(documented, table());
    let year = &doc["paths"]["/calendar/{year}"]["get"];
    assert_eq!(year["parameters"][0]["name"], "year");
    assert!(year["security"].is_array());
    assert!(doc["paths"]["/health"]["get"]["security"].is_null());
}

/// Anonymous calls: a routed path answers 401 (or its own status), the fallback 404, a wrong method 405.
#[tokio::test]
async fn every_route_in_the_table_is_served() {
    let app = TestApp::spawn().await;
    for route in ROUTES {
        let path = route
            .path
            .split('/')
            .map(|s| match s {
                "{year}" => "2026",
                s if s.starts_with('{') => "x",
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let r = app
            .client
            .request(method, app.url(&format!("/api{path}")))
            .send()
            .await
            .unwrap();
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&r.status()),
            "{} {} is not routed: {}",
            route.method.as_str(),
            route.path,
            r.status()
        );
    }
}

/// axum cannot list its routes, so the `.route("path", get(..).post(..))` calls are read from the source.
#[test]
fn every_route_in_the_source_is_in_the_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut found = BTreeSet::new();
    for file in rust_files(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (method, path) in routes_in(&text) {
            found.insert((method, path));
        }
    }
    let table = table();
    let unlisted: Vec<_> = found
        .difference(&table)
        .map(|(m, p)| format!("Route::{}(\"{p}\", \"…\"),", m.to_lowercase()))
        .collect();
    let unrouted: Vec<_> = table.difference(&found).collect();
    assert!(
        unlisted.is_empty() && unrouted.is_empty(),
        "add to ROUTES in src/routes/openapi.rs:\n{}\nlisted but not routed: {unrouted:?}",
        unlisted.join("\n")
    );
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The (METHOD, path) pairs of every `.route("path", method_router)` call in `text`.
fn routes_in(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices(".route(") {
        let args = &text[start + ".route(".len()..];
        let Some(rest) = args.trim_start().strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find('"') else { continue };
        let path = &rest[..end];
        // The methods are the calls at the top level of the second argument: `get(a).post(b)`.
        let mut depth = 0;
        let mut ident = String::new();
        for c in rest[end + 1..].chars() {
            match c {
                '(' => {
                    if depth == 0
                        && ["get", "post", "put", "patch", "delete"].contains(&ident.as_str())
                    {
                        out.push((ident.to_uppercase(), path.to_owned()));
                    }
                    depth += 1;
                    ident.clear();
                }
                ')' if depth == 0 => break,
                ')' => depth -= 1,
                c if c.is_alphanumeric() || c == '_' => ident.push(c),
                _ => ident.clear(),
            }
        }
    }
    out
}

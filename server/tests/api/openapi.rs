//! The OpenAPI document, the route table and the router describe the same routes.

use crate::helpers::{TestApp, json_of};
use reqwest::{Method, StatusCode};
use server::http::routes::openapi::ROUTES;
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http/routes");
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
        "add to ROUTES in src/http/routes/openapi/table.rs:\n{}\nlisted but not routed: {unrouted:?}",
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

/// Writes that take no body: the path says everything.
const BODYLESS_WRITES: &[&str] = &["/notifications/read-all", "/notifications/{id}/read"];

/// Every write sends a body with a schema (JSON, or the file for an upload), every success that
/// answers JSON has a schema, every failure has the error body, and every schema named is defined.
#[test]
fn every_body_and_every_answer_has_a_schema() {
    let doc = serde_json::to_value(server::http::routes::openapi::document()).unwrap();
    let components = &doc["components"]["schemas"];
    for route in ROUTES {
        let op = &doc["paths"][route.path][route.method.as_str().to_lowercase()];
        let name = format!("{} {}", route.method.as_str(), route.path);
        let writes = !matches!(route.method.as_str(), "GET" | "DELETE");
        if writes && !BODYLESS_WRITES.contains(&route.path) {
            let content = op["requestBody"]["content"].as_object();
            let schemas: Vec<_> = content.iter().flat_map(|c| c.values()).collect();
            assert!(
                !schemas.is_empty() && schemas.iter().all(|c| c["schema"].is_object()),
                "{name} has no request body schema"
            );
        }
        let responses = op["responses"].as_object().unwrap();
        let successes: Vec<_> = responses.keys().filter(|s| s.starts_with('2')).collect();
        assert!(!successes.is_empty(), "{name} documents no success");
        for status in successes {
            let content = &responses[status]["content"];
            if status == "204" {
                assert!(content.is_null(), "{name}: 204 with a body");
                continue;
            }
            let media = content.as_object();
            assert!(
                media.is_some_and(|m| !m.is_empty() && m.values().all(|c| c["schema"].is_object())),
                "{name} {status} has no response schema"
            );
        }
        assert_eq!(
            responses["4XX"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "{name} does not document the error body"
        );
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        assert!(components[name].is_object(), "{r} is named but not defined");
    }
}

/// The typed query parameters: a date is a date, a year a bounded integer, a filter one of its values.
#[test]
fn query_parameters_are_typed() {
    let doc = serde_json::to_value(server::http::routes::openapi::document()).unwrap();
    let param = |path: &str, name: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} has no parameter {name}"))["schema"]
            .clone()
    };
    assert_eq!(param("/matters", "deadline_from")["format"], "date");
    assert_eq!(param("/matters", "page")["type"], "integer");
    assert_eq!(
        param("/matters", "stage")["$ref"],
        "#/components/schemas/Stage"
    );
    assert_eq!(param("/reports/briefing", "date")["format"], "date");
    assert_eq!(param("/reports/quarterly", "quarter")["maximum"], 4);
    assert_eq!(param("/stats/units", "year")["minimum"], 2000);
    assert_eq!(param("/calendar/deadline", "from")["format"], "date");
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
                out.push(r.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// utoipa names a schema after its type alone: two types of one name must not share a schema.
#[test]
fn no_two_types_share_a_schema_name() {
    assert_eq!(
        server::http::routes::openapi::name_clashes(),
        Vec::<String>::new()
    );
}

/// A tagged action whose fields are a struct's (`reply`) is one object with the tag beside them,
/// as serde writes it, not an `allOf` that the struct's closed field list makes unsatisfiable.
#[test]
fn a_struct_variant_is_described_as_serde_writes_it() {
    let doc = serde_json::to_value(server::http::routes::openapi::document()).unwrap();
    let variants = doc["components"]["schemas"]["Action"]["oneOf"]
        .as_array()
        .unwrap();
    let reply = variants
        .iter()
        .find(|v| v["properties"]["type"]["enum"][0] == "reply")
        .expect("the reply variant is an object with its tag");
    assert!(reply["properties"]["promised_date"].is_object());
    assert!(variants.iter().all(|v| v["allOf"].is_null()));
}

/// What axum answers by itself (a query it cannot parse, a method a path does not take) is the
/// JSON error body, like every other error.
#[tokio::test]
async fn framework_errors_are_the_json_error_body() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    let bad_query = app.get("/api/matters?page=lots").await;
    assert_eq!(bad_query.status(), StatusCode::BAD_REQUEST);
    let wrong_method = app
        .client
        .patch(app.url("/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    for r in [bad_query, wrong_method] {
        let body = json_of(r).await;
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
        assert!(body["message_en"].is_string(), "{body}");
    }
}

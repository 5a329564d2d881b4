//! `GET /api/openapi.json`, built from `ROUTES`: the one list of every API route, which a test holds to the router.

use axum::routing::get;
use axum::{Json, Router};
use std::sync::LazyLock;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, ObjectBuilder, OpenApi,
    OpenApiBuilder, Paths, Ref, Required, ResponseBuilder, SecurityRequirement, Server, Type,
};

use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    fn http(self) -> HttpMethod {
        match self {
            Method::Get => HttpMethod::Get,
            Method::Post => HttpMethod::Post,
            Method::Put => HttpMethod::Put,
            Method::Patch => HttpMethod::Patch,
            Method::Delete => HttpMethod::Delete,
        }
    }
}

/// One API route as the document describes it.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: Method,
    /// Below `/api`, written as in `axum::Router::route` (`{name}` parameters, as in OpenAPI).
    pub path: &'static str,
    pub summary: &'static str,
    /// Callable without a session.
    pub public: bool,
    /// Query parameters, all optional strings.
    pub query: &'static [&'static str],
}

impl Route {
    const fn new(method: Method, path: &'static str, summary: &'static str) -> Route {
        Route {
            method,
            path,
            summary,
            public: false,
            query: &[],
        }
    }
    pub const fn get(path: &'static str, summary: &'static str) -> Route {
        Route::new(Method::Get, path, summary)
    }
    pub const fn post(path: &'static str, summary: &'static str) -> Route {
        Route::new(Method::Post, path, summary)
    }
    pub const fn put(path: &'static str, summary: &'static str) -> Route {
        Route::new(Method::Put, path, summary)
    }
    pub const fn patch(path: &'static str, summary: &'static str) -> Route {
        Route::new(Method::Patch, path, summary)
    }
    pub const fn delete(path: &'static str, summary: &'static str) -> Route {
        Route::new(Method::Delete, path, summary)
    }
    pub const fn public(self) -> Route {
        Route {
            public: true,
            ..self
        }
    }
    pub const fn query(self, names: &'static [&'static str]) -> Route {
        Route {
            query: names,
            ..self
        }
    }
}

/// Every route under `/api`, one line each. `server/tests/api/openapi.rs` checks that this list,
/// the `.route(..)` calls in `src/routes/` and the live router agree.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route::get("/health", "Server and database health").public(),
    Route::get("/openapi.json", "This document").public(),
    Route::post("/session", "Sign in").public(),
    Route::delete("/session", "Sign out"),
    Route::get("/me", "The signed-in user"),
    Route::get("/me/email-preferences", "The user's email address and choice of daily digest or immediate mail"),
    Route::put("/me/email-preferences", "Set the user's email address and choice (digest or immediate)"),
    Route::get("/matters", "Matters the user may see, filtered, sorted and paged").query(&[
        "stage",
        "light",
        "kind",
        "source_category",
        "lead_unit",
        "assisting_unit",
        "lead_leader",
        "open",
        "watch",
        "deadline_from",
        "deadline_to",
        "created_from",
        "created_to",
        "q",
        "sort",
        "page",
        "per_page",
    ]),
    Route::post("/matters", "Propose a matter, or start an emergency item (office; Idempotency-Key)"),
    Route::get("/matters.xlsx", "The ledger as Excel: the matters the list would show with the same filters, all pages")
        .query(&["stage", "light", "kind", "source_category", "lead_unit", "assisting_unit", "lead_leader", "open", "watch", "deadline_from", "deadline_to", "created_from", "created_to", "q", "sort"]),
    Route::get("/matters/{id}", "A matter with its history and the actions the user may take now"),
    Route::post("/matters/{id}/actions", "Take any engine action on the version seen (Idempotency-Key; 409 when stale; `?from_list=true`: the version a list row showed, stale only when what it shows moved)"),
    Route::get("/matters/{id}/attachments", "The matter's attachments (scoped like the matter)"),
    Route::post("/matters/{id}/attachments", "Upload a file (raw body, Content-Type checked against the content, 10 MB at most)")
        .query(&["filename", "event_seq"]),
    Route::get("/matters/{id}/attachments/{aid}", "Download an attachment"),
    Route::get("/notifications", "The user's notifications"),
    Route::post("/notifications/read-all", "Mark every notification read"),
    Route::post("/notifications/{id}/read", "Mark a notification read"),
    Route::get("/dashboard", "Counters by light and kind, and per unit, kept in every write (office, leaders)"),
    Route::get("/escalations", "Routine matters the reminder task proposes for key supervision (office)"),
    Route::get("/decisions", "Decisions waiting for the signed-in leader: proposals, extensions, closures (leaders)"),
    Route::get("/audit/verify", "Re-walk the audit chain (office, admin)"),
    Route::get("/admin/counters/check", "Recount the counters from events and report drift (admin)"),
    Route::get("/reports/briefing", "The briefing (督办简报) generated for a period (office, leaders)")
        .query(&["period", "date", "from", "to"]),
    Route::get("/reports/briefing.xlsx", "The briefing's unit and key-item tables as Excel (office, leaders)")
        .query(&["period", "date", "from", "to"]),
    Route::get("/reports/briefings", "Issued briefings, newest first (office, leaders)"),
    Route::post("/reports/briefings", "Issue a numbered briefing for a period with a lead paragraph (office; Idempotency-Key)"),
    Route::get("/reports/briefings/{no}", "An issued briefing by `2026-3` or by its number; `2026-3.xlsx` downloads its tables as issued (office, leaders)"),
    Route::get("/reports/quarterly", "The quarterly report with the previous quarter's comparison (office, leaders)")
        .query(&["year", "quarter"]),
    Route::get("/reports/quarterly.xlsx", "The quarterly comparison, per unit, and the quarter's briefing tables as Excel (office, leaders)")
        .query(&["year", "quarter"]),
    Route::get("/reports/accountability", "Units and matters the discipline office may hold to account (office, discipline)"),
    Route::get("/stats/units", "Each lead unit's figures for a year from counters: completed, on time, late, reminders, returns (office, leaders)")
        .query(&["year"]),
    Route::get("/reports/accountability.xlsx", "The accountability list by unit and by matter as Excel (office, discipline)"),
    Route::get("/calendar/{year}", "A year's schedule and whether it is estimated, official or admin-edited"),
    Route::put("/calendar/{year}", "Save a year's schedule (admin)"),
    Route::get("/calendar/deadline", "The date N working or calendar days after `from`")
        .query(&["from", "working_days", "calendar_days"]),
    Route::get("/units", "Every unit, for pickers"),
    Route::post("/units", "Create a unit (admin)"),
    Route::patch("/units/{code}", "Rename or reclassify a unit (admin)"),
    Route::get("/users", "Every user with role and unit (admin, office)"),
    Route::post("/users", "Create a user (admin)"),
    Route::patch("/users/{username}", "Change a user's name, role, unit, status or password (admin)"),
    Route::get("/views", "The user's saved ledger views"),
    Route::post("/views", "Save the ledger's filters and sort under a name (replaces a view of that name)"),
    Route::delete("/views/{id}", "Delete one of the user's saved views"),
];

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(DOCUMENT.clone()) }))
}

static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(document);

/// The OpenAPI 3.1 document of `ROUTES`.
pub fn document() -> OpenApi {
    let mut paths = Paths::new();
    for route in ROUTES {
        paths.add_path_operation(route.path, vec![route.method.http()], operation(route));
    }
    let error_body = ObjectBuilder::new()
        .description(Some(
            "Every error: a stable code, and the message in Chinese and English",
        ))
        .property("code", ObjectBuilder::new().schema_type(Type::String))
        .property("message", ObjectBuilder::new().schema_type(Type::String))
        .property("message_en", ObjectBuilder::new().schema_type(Type::String))
        .required("code")
        .required("message")
        .required("message_en")
        .build();
    let components = ComponentsBuilder::new()
        .schema("ErrorBody", error_body)
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::session::COOKIE_NAME,
            ))),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Duban 督办 API")
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .servers(Some([Server::new("/api")]))
        .paths(paths)
        .components(Some(components))
        .build()
}

fn operation(route: &Route) -> utoipa::openapi::path::Operation {
    let id = format!(
        "{}{}",
        route.method.as_str().to_lowercase(),
        route.path.replace(['{', '}'], "").replace(['/', '.'], "_")
    );
    let tag = route
        .path
        .trim_start_matches('/')
        .split(['/', '.'])
        .next()
        .unwrap_or_default();
    let path_params = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| param(name, ParameterIn::Path, Required::True));
    let query_params = route
        .query
        .iter()
        .map(|name| param(name, ParameterIn::Query, Required::False));
    let json = || ContentBuilder::new().build();
    let mut op = OperationBuilder::new()
        .operation_id(Some(id))
        .summary(Some(route.summary))
        .tag(tag)
        .parameters(Some(path_params.chain(query_params)))
        .response(
            "2XX",
            ResponseBuilder::new()
                .description("Success")
                .content("application/json", json()),
        )
        .response(
            "default",
            ResponseBuilder::new().description("Error").content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            ),
        );
    if matches!(route.method, Method::Post | Method::Put | Method::Patch) {
        op = op.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/json", json())
                .build(),
        ));
    }
    if !route.public {
        op = op.security(SecurityRequirement::new("session", Vec::<String>::new()));
    }
    op.build()
}

fn param(name: &str, at: ParameterIn, required: Required) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(at)
        .required(required)
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

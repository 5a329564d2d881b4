//! `GET /api/openapi.json`, built from `ROUTES`: the one list of every API route, which a test holds
//! to the router, with the request and response schemas of the `shared` types.

mod route;
mod table;

pub use route::{Method, Route};
pub use table::ROUTES;

use axum::routing::get;
use axum::{Json, Router};
use route::{Body, In, Reply, Schemas, Ty, named, names, not_null};
use shared::api::ErrorBody;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::openapi::path::{
    Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, ObjectBuilder, OpenApi, OpenApiBuilder, Paths,
    RefOr, Required, ResponseBuilder, Schema, SecurityRequirement, Server, Type,
};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(DOCUMENT.clone()) }))
}

static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(document);

/// The OpenAPI 3.1 document of `ROUTES`.
pub fn document() -> OpenApi {
    let (paths, schemas) = walk();
    let (mut schemas, _) = components(schemas);
    flatten_tagged(&mut schemas);
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
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

/// Every route's operation, and the named schemas they refer to (with repeats).
fn walk() -> (Paths, Schemas) {
    let mut schemas = Schemas::new();
    let error = named::<ErrorBody>(&mut schemas);
    let mut paths = Paths::new();
    for route in ROUTES {
        let op = operation(route, &mut schemas, &error);
        paths.add_path_operation(route.path, vec![route.method.http()], op);
    }
    (paths, schemas)
}

/// The named schemas, each once, and the names two different types share: utoipa names a schema
/// after its type without the module, so `audit::Verification` and `record::Verification` would
/// collide and one of them describe the other's answers.
fn components(schemas: Schemas) -> (BTreeMap<String, RefOr<Schema>>, Vec<String>) {
    let mut map = BTreeMap::new();
    let mut clashes = Vec::new();
    for (name, schema) in schemas {
        match map.get(&name) {
            Some(seen) if !same(seen, &schema) => clashes.push(name),
            Some(_) => {}
            None => {
                map.insert(name, schema);
            }
        }
    }
    (map, clashes)
}

fn same(a: &RefOr<Schema>, b: &RefOr<Schema>) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// The names of different schemas that share one (a test holds this empty).
pub fn name_clashes() -> Vec<String> {
    components(walk().1).1
}

/// serde writes a tagged enum's struct variant (`Reply(Commitment)`) as the struct's fields beside
/// the tag; utoipa says `allOf: [Commitment, {type}]`, which a struct refusing unknown fields
/// (`additionalProperties: false`) makes unsatisfiable. Spelled out as one object, it holds.
fn flatten_tagged(schemas: &mut BTreeMap<String, RefOr<Schema>>) {
    let named = schemas.clone();
    for schema in schemas.values_mut() {
        let RefOr::T(Schema::OneOf(one)) = schema else {
            continue;
        };
        for item in one.items.iter_mut() {
            let RefOr::T(Schema::AllOf(all)) = item else {
                continue;
            };
            let [RefOr::Ref(base), RefOr::T(Schema::Object(tag))] = all.items.as_slice() else {
                continue;
            };
            let name = base
                .ref_location
                .trim_start_matches("#/components/schemas/");
            let Some(RefOr::T(Schema::Object(base))) = named.get(name) else {
                continue;
            };
            let mut merged = base.clone();
            for (key, value) in &tag.properties {
                merged.properties.insert(key.clone(), value.clone());
            }
            merged.required.extend(tag.required.iter().cloned());
            merged.description = all.description.clone().or(merged.description);
            *item = RefOr::T(Schema::Object(merged));
        }
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn binary() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("application/octet-stream")
        .build()
        .into()
}

fn content(schema: RefOr<Schema>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema)).build()
}

fn operation(route: &Route, schemas: &mut Schemas, error: &RefOr<Schema>) -> Operation {
    let (id, tag) = names(route);
    let mut op = OperationBuilder::new()
        .operation_id(Some(id))
        .summary(Some(route.summary))
        .tag(tag)
        .parameters(Some(parameters(route, schemas)));
    let mut success = |status: u16| {
        let response = ResponseBuilder::new().description(match status {
            201 => "Created",
            204 => "Done, nothing to return",
            503 => "Unavailable",
            _ => "Success",
        });
        match route.reply {
            Reply::Empty => response,
            Reply::Json(schema) => response.content("application/json", content(schema(schemas))),
            Reply::Excel => response.content(XLSX, content(binary())),
            Reply::JsonOrExcel(schema) => response
                .content("application/json", content(schema(schemas)))
                .content(XLSX, content(binary())),
            Reply::File => response.content("*/*", content(binary())),
        }
        .build()
    };
    for status in route.statuses {
        op = op.response(status.to_string(), success(*status));
    }
    let failure = |what: &str| {
        ResponseBuilder::new()
            .description(what)
            .content("application/json", content(error.clone()))
            .build()
    };
    op = op
        .response(
            "4XX",
            failure("Refused: a stable code and the reason in Chinese and English"),
        )
        .response("default", failure("Unavailable: the same body"));
    let body = match route.body {
        Body::None => None,
        Body::Json(schema) => Some(("application/json", content(schema(schemas)))),
        Body::Bytes => Some(("application/octet-stream", content(binary()))),
    };
    if let Some((media, content)) = body {
        op = op.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(media, content)
                .build(),
        ));
    }
    if !route.public {
        op = op.security(SecurityRequirement::new("session", Vec::<String>::new()));
    }
    op.build()
}

/// The path parameters (text unless the route types them), the listed ones, and a query struct's fields.
fn parameters(route: &Route, schemas: &mut Schemas) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .filter(|name| !route.params.iter().any(|p| p.name == *name))
        .map(|name| param(name, ParameterIn::Path, true, Ty::Text.schema()))
        .collect();
    for p in route.params {
        let at = match p.at {
            In::Path => ParameterIn::Path,
            In::Query => ParameterIn::Query,
            In::Header => ParameterIn::Header,
        };
        out.push(param(p.name, at, p.required, p.ty.schema()));
    }
    if let Some(query) = route.query
        && let RefOr::T(Schema::Object(fields)) = query(schemas)
    {
        for (name, schema) in fields.properties {
            let required = fields.required.contains(&name);
            out.push(param(&name, ParameterIn::Query, required, not_null(schema)));
        }
    }
    out
}

fn param(name: &str, at: ParameterIn, required: bool, schema: RefOr<Schema>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(at)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .schema(Some(schema))
        .build()
}

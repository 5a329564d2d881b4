//! How the route table describes one route: method, parameters, request body and success replies.

use std::borrow::Cow;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, SchemaFormat, SchemaType};
use utoipa::openapi::{HttpMethod, ObjectBuilder, Ref, RefOr, Schema, Type};

/// The named schemas a document collects on its way through the table (its `components`).
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// A type's schema, adding the named schemas it refers to to `Schemas`.
pub type SchemaFn = fn(&mut Schemas) -> RefOr<Schema>;

/// `T` as a reference to a named component, with every type it refers to.
pub fn named<T: ToSchema>(out: &mut Schemas) -> RefOr<Schema> {
    T::schemas(out);
    out.push((T::name().into_owned(), T::schema()));
    Ref::from_schema_name(T::name()).into()
}

/// A JSON array of `T`.
pub fn list<T: ToSchema>(out: &mut Schemas) -> RefOr<Schema> {
    ArrayBuilder::new().items(named::<T>(out)).into()
}

/// `T`'s own schema, not a reference: a query struct, whose properties become parameters.
pub fn inline<T: ToSchema>(out: &mut Schemas) -> RefOr<Schema> {
    T::schemas(out);
    T::schema()
}

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

    pub(super) fn http(self) -> HttpMethod {
        match self {
            Method::Get => HttpMethod::Get,
            Method::Post => HttpMethod::Post,
            Method::Put => HttpMethod::Put,
            Method::Patch => HttpMethod::Patch,
            Method::Delete => HttpMethod::Delete,
        }
    }
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
    Header,
}

/// A parameter's value as the handler reads it (handlers that parse text themselves, for their own
/// error messages, still take only these values).
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Text,
    /// Text of at most so many characters.
    Short(usize),
    /// A whole number in `min..=max`.
    Int(i64, i64),
    /// `YYYY-MM-DD`.
    Date,
    Bool,
    /// Printable ASCII of 8 to 100 characters (the `Idempotency-Key` rule in `idempotency.rs`).
    Key,
}

impl Ty {
    pub(super) fn schema(self) -> RefOr<Schema> {
        let b = ObjectBuilder::new();
        let b = match self {
            Ty::Text => b.schema_type(Type::String),
            Ty::Short(max) => b.schema_type(Type::String).max_length(Some(max)),
            Ty::Int(min, max) => b
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max)),
            Ty::Date => b
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            Ty::Bool => b.schema_type(Type::Boolean),
            Ty::Key => b.schema_type(Type::String).pattern(Some("^[!-~]{8,100}$")),
        };
        b.build().into()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub at: In,
    pub ty: Ty,
    pub required: bool,
}

impl Param {
    pub const fn query(name: &'static str, ty: Ty) -> Param {
        Param {
            name,
            at: In::Query,
            ty,
            required: false,
        }
    }
    pub const fn path(name: &'static str, ty: Ty) -> Param {
        Param {
            name,
            at: In::Path,
            ty,
            required: true,
        }
    }
    pub const fn required(self) -> Param {
        Param {
            required: true,
            ..self
        }
    }
}

/// Writes that are applied once per key (`idempotency.rs`) refuse a request without one.
pub const IDEMPOTENCY_KEY: Param = Param {
    name: "Idempotency-Key",
    at: In::Header,
    ty: Ty::Key,
    required: true,
};

#[derive(Debug, Clone, Copy)]
pub enum Body {
    None,
    Json(SchemaFn),
    /// The file itself (an upload), its type checked against its content.
    Bytes,
}

/// What a success answers.
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Json(SchemaFn),
    /// 204, no body.
    Empty,
    /// An Excel workbook.
    Excel,
    /// JSON, or Excel when the path ends in `.xlsx`.
    JsonOrExcel(SchemaFn),
    /// A stored file, of the type it was uploaded with.
    File,
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
    /// Path parameters not listed here are text.
    pub params: &'static [Param],
    /// A query struct whose fields are the query parameters, all optional.
    pub query: Option<SchemaFn>,
    pub body: Body,
    pub reply: Reply,
    /// The success statuses.
    pub statuses: &'static [u16],
}

impl Route {
    const fn new(method: Method, path: &'static str, summary: &'static str) -> Route {
        Route {
            method,
            path,
            summary,
            public: false,
            params: &[],
            query: None,
            body: Body::None,
            reply: Reply::Empty,
            statuses: &[200],
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
    pub const fn params(self, params: &'static [Param]) -> Route {
        Route { params, ..self }
    }
    pub const fn query(self, query: SchemaFn) -> Route {
        Route {
            query: Some(query),
            ..self
        }
    }
    pub const fn body(self, body: SchemaFn) -> Route {
        Route {
            body: Body::Json(body),
            ..self
        }
    }
    pub const fn bytes(self) -> Route {
        Route {
            body: Body::Bytes,
            ..self
        }
    }
    pub const fn json(self, reply: SchemaFn) -> Route {
        Route {
            reply: Reply::Json(reply),
            ..self
        }
    }
    pub const fn reply(self, reply: Reply) -> Route {
        Route { reply, ..self }
    }
    pub const fn statuses(self, statuses: &'static [u16]) -> Route {
        Route { statuses, ..self }
    }
    /// 201 Created.
    pub const fn created(self) -> Route {
        self.statuses(&[201])
    }
    /// 204 No Content.
    pub const fn empty(self) -> Route {
        Route {
            reply: Reply::Empty,
            statuses: &[204],
            ..self
        }
    }
}

/// The schema without its `null` alternative: a query parameter is absent, never null.
pub(super) fn not_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::OneOf(one)) => {
            let mut rest: Vec<_> = one.items.into_iter().filter(|s| !is_null(s)).collect();
            match rest.len() {
                1 => rest.remove(0),
                _ => RefOr::T(Schema::OneOf(utoipa::openapi::OneOf {
                    items: rest,
                    ..Default::default()
                })),
            }
        }
        RefOr::T(Schema::Object(mut o)) => {
            if let SchemaType::Array(types) = &o.schema_type {
                let kept: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                if kept.len() == 1 {
                    o.schema_type = SchemaType::Type(kept[0].clone());
                }
            }
            RefOr::T(Schema::Object(o))
        }
        other => other,
    }
}

fn is_null(s: &RefOr<Schema>) -> bool {
    matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null))
}

/// The operation id and tag of a route: `get_matters_id_actions`, `matters`.
pub(super) fn names(route: &Route) -> (String, Cow<'static, str>) {
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
    (id, Cow::Borrowed(tag))
}

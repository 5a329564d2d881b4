//! The server's one error type: every failure maps to a status and a JSON `{code, message, message_en}`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (bad JSON, wrong types, unknown fields).
    #[error("bad request: {en}")]
    BadRequest {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// The request is well-formed but breaks a rule (validation).
    #[error("unprocessable: {en}")]
    Invalid {
        code: &'static str,
        zh: String,
        en: String,
    },
    #[error("not signed in")]
    Unauthenticated,
    /// Signing in failed (wrong credentials).
    #[error("unauthorized: {en}")]
    Unauthorized {
        code: &'static str,
        zh: String,
        en: String,
    },
    #[error("forbidden: {en}")]
    Forbidden {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// Also used for another unit's matter, so its existence is not confirmed.
    #[error("not found")]
    NotFound,
    #[error("conflict: {en}")]
    Conflict {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// The write was based on an old version: 409 with the matter as it is now.
    #[error("stale version")]
    Stale(Box<shared::api::ConflictBody>),
    #[error("too many attempts, retry after {retry_after_secs}s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The request ran past its time budget (`budget`) and its work was stopped.
    #[error("over the time budget")]
    OverBudget,
    /// Anything unexpected: logged in full, reported to the client in plain words only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn invalid(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::Invalid {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A domain rule refusing the input: 422 with the rule's code and both messages.
    pub fn refused_input(e: shared::RuleError) -> Self {
        ApiError::invalid(e.code(), e.message_zh(), e.message_en())
    }

    /// A body whose fields do not fit what the endpoint takes.
    pub fn invalid_fields(why: impl std::fmt::Display) -> Self {
        ApiError::invalid(
            "invalid_fields",
            format!("字段不符合要求：{why}"),
            format!("Invalid fields: {why}"),
        )
    }

    /// The body as `T`, for an endpoint that keeps the raw JSON too (an idempotency key's hash).
    pub fn parse<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> Result<T> {
        serde_json::from_value(body).map_err(ApiError::invalid_fields)
    }

    pub fn forbidden(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthenticated | ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } | ApiError::Stale(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::OverBudget => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (code, zh, en): (&str, String, String) = match self {
            ApiError::BadRequest { code, zh, en }
            | ApiError::Invalid { code, zh, en }
            | ApiError::Unauthorized { code, zh, en }
            | ApiError::Forbidden { code, zh, en }
            | ApiError::Conflict { code, zh, en } => (code, zh.clone(), en.clone()),
            ApiError::Stale(body) => (
                "stale_version",
                body.message.clone(),
                body.message_en.clone(),
            ),
            ApiError::Unauthenticated => (
                "unauthenticated",
                "请先登录".into(),
                "Please sign in first".into(),
            ),
            ApiError::NotFound => ("not_found", "找不到该资源".into(), "Not found".into()),
            ApiError::TooManyRequests { retry_after_secs } => (
                "too_many_attempts",
                format!("尝试次数过多，请 {} 秒后再试", retry_after_secs),
                format!("Too many attempts; try again in {retry_after_secs} s"),
            ),
            ApiError::Unavailable(_) => (
                "unavailable",
                "服务暂不可用，请稍后再试".into(),
                "The service is unavailable; try again shortly".into(),
            ),
            ApiError::OverBudget => (
                "over_time_budget",
                "请求处理超时，已停止；请缩小范围或稍后再试".into(),
                "The request took too long and was stopped; narrow it or try again later".into(),
            ),
            ApiError::Internal(_) => (
                "internal",
                "服务器内部错误，已记录，请稍后再试".into(),
                "Internal error; it has been logged, please try again".into(),
            ),
        };
        ErrorBody {
            code: code.to_owned(),
            message: zh,
            message_en: en,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            _ => {}
        }
        if let ApiError::Stale(body) = self {
            return (StatusCode::CONFLICT, axum::Json(*body)).into_response();
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let ApiError::TooManyRequests { retry_after_secs } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<surrealdb::Error> for ApiError {
    fn from(e: surrealdb::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(format!("row decoding: {e}"))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::bad_request(
                "unsupported_content_type",
                "请求须为 JSON（Content-Type: application/json）",
                "The request body must be JSON (Content-Type: application/json)",
            ),
            JsonRejection::JsonSyntaxError(e) => ApiError::bad_request(
                "malformed_json",
                format!("JSON 格式错误：{}", e.body_text()),
                format!("Malformed JSON: {}", e.body_text()),
            ),
            JsonRejection::JsonDataError(e) => ApiError::invalid_fields(e.body_text()),
            JsonRejection::BytesRejection(e) => ApiError::bad_request(
                "unreadable_body",
                format!("请求体无法读取（可能过大）：{}", e.body_text()),
                format!(
                    "The request body could not be read (too large?): {}",
                    e.body_text()
                ),
            ),
            other => ApiError::bad_request(
                "bad_request",
                format!("请求无效：{}", other.body_text()),
                format!("Bad request: {}", other.body_text()),
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request(
            "invalid_query",
            format!("查询参数无效：{}", rejection.body_text()),
            format!("Invalid query parameters: {}", rejection.body_text()),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::bad_request(
            "invalid_path",
            format!("路径参数无效：{}", rejection.body_text()),
            format!("Invalid path parameter: {}", rejection.body_text()),
        )
    }
}

/// `Json` whose rejections are our JSON errors instead of axum's plain-text ones.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

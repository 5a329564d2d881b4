//! The errors axum answers by itself (a query it cannot parse, a wrong method) in the API's JSON error body.

use axum::Json;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;

/// More than any message axum writes; a longer body is cut, not read whole.
const MAX_TEXT: usize = 4096;

/// A client or server error that is not JSON becomes the error body every other error has, so a
/// client reads one shape (and the OpenAPI document's error schema holds for every answer).
pub async fn as_json(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, MAX_TEXT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let (code, zh) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "请求无效"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "该地址不支持此请求方法"),
        StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "请求体过大"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_content_type", "不支持该内容类型"),
        s if s.is_server_error() => ("unavailable", "服务暂不可用，请稍后再试"),
        _ => ("refused", "请求被拒绝"),
    };
    let en = match text.is_empty() {
        true => status.canonical_reason().unwrap_or("Refused").to_owned(),
        false => text,
    };
    parts.headers.remove(CONTENT_TYPE);
    parts.headers.remove(CONTENT_LENGTH);
    let body = ErrorBody {
        code: code.to_owned(),
        message: format!("{zh}：{en}"),
        message_en: en,
    };
    (parts, Json(body)).into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

//! The HTTP API, one typed async function per endpoint; shapes come from `shared::api`.

use crate::i18n::Lang;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::api::{ErrorBody, Health, LoginRequest, Me};

/// Why a call failed: the server's own error, or no usable answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status and (usually) a JSON `ErrorBody`.
    Server { status: u16, body: ErrorBody },
    /// No answer: offline, server down, request blocked.
    Network(String),
    /// An answer we could not read.
    Decode(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The message for people, in the UI's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ApiError::Server { body, .. }, Lang::En) if !body.message_en.is_empty() => {
                body.message_en.clone()
            }
            (ApiError::Server { body, .. }, _) => body.message.clone(),
            (ApiError::Network(_), Lang::Zh) => "无法连接服务器，请检查网络后重试。".into(),
            (ApiError::Network(_), Lang::En) => {
                "Cannot reach the server; check the connection and try again.".into()
            }
            (ApiError::Decode(_), Lang::Zh) => "服务器返回了无法识别的内容。".into(),
            (ApiError::Decode(_), Lang::En) => "The server sent an unexpected answer.".into(),
        }
    }
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ApiError> {
    json(send(Request::get("/api/health").build()).await?).await
}

/// `POST /api/session`: signs in; the server sets the HttpOnly session cookie.
pub async fn login(request: &LoginRequest) -> Result<Me, ApiError> {
    let req = Request::post("/api/session")
        .json(request)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    json(send(Ok(req)).await?).await
}

/// `DELETE /api/session`: signs out.
pub async fn logout() -> Result<(), ApiError> {
    send(Request::delete("/api/session").build()).await?;
    Ok(())
}

/// `GET /api/me`: the signed-in user, or a 401 `ApiError` without a session.
pub async fn me() -> Result<Me, ApiError> {
    json(send(Request::get("/api/me").build()).await?).await
}

/// Sends the request; any non-2xx status becomes `ApiError::Server` with the parsed `ErrorBody`.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = match response.json::<ErrorBody>().await {
        Ok(body) => body,
        // A proxy's HTML error page, say: keep the status, give a generic message.
        Err(_) => ErrorBody {
            code: format!("http_{status}"),
            message: format!("服务器错误（{status}）"),
            message_en: format!("Server error ({status})"),
        },
    };
    Err(ApiError::Server { status, body })
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

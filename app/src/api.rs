//! The HTTP API, one typed async function per endpoint; shapes come from `shared::api`.

use crate::i18n::Lang;
use crate::model::{Acted, Conflict, Notice};
use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::admin::{Unit, UserSummary};
use shared::api::{
    ActionRequest, Attachment, ErrorBody, EscalationProposal, Health, LoginRequest, MatterPage,
    MatterQuery, Me,
};
use shared::calendar::Deadline;
use shared::engine::Action;
use wasm_bindgen::JsValue;

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
        .header(CLIENT.0, CLIENT.1)
        .json(request)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    json(send(Ok(req)).await?).await
}

/// `DELETE /api/session`: signs out.
pub async fn logout() -> Result<(), ApiError> {
    send(
        Request::delete("/api/session")
            .header(CLIENT.0, CLIENT.1)
            .build(),
    )
    .await?;
    Ok(())
}

/// `POST /api/session/password`: the user's own new password; the user's other sessions end.
pub async fn change_password(change: &shared::admin::PasswordChange) -> Result<(), ApiError> {
    let req = Request::post("/api/session/password")
        .header(CLIENT.0, CLIENT.1)
        .json(change)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    send(Ok(req)).await?;
    Ok(())
}

/// `GET /api/me`: the signed-in user, or a 401 `ApiError` without a session.
pub async fn me() -> Result<Me, ApiError> {
    json(send(Request::get("/api/me").build()).await?).await
}

/// `GET /api/matters?…`: the matters the user may see (scoped by the server).
pub async fn matters(query: &MatterQuery) -> Result<MatterPage, ApiError> {
    get(&format!("/api/matters{}", crate::query::to_string(query))).await
}

/// `GET /api/decisions`: what waits for the signed-in leader.
pub async fn decisions() -> Result<Vec<shared::api::Decision>, ApiError> {
    get("/api/decisions").await
}

/// Why an action failed: a stale version, or anything else.
#[derive(Debug, Clone, PartialEq)]
pub enum ActError {
    Conflict(Box<Conflict>),
    Api(ApiError),
}

impl ActError {
    /// The reason in Chinese and in English, to show beside the action.
    pub fn messages(self) -> (String, String) {
        match self {
            ActError::Conflict(body) => (body.message, body.message_en),
            ActError::Api(err) => (err.message(Lang::Zh), err.message(Lang::En)),
        }
    }
}

/// `POST /api/matters/{id}/actions` on the version seen; 409 becomes `ActError::Conflict`.
/// `from_list`: the version is a list row's (`MatterSummary::version`), refused only when what the
/// list shows has changed since; otherwise it is the detail page's, and any change is a conflict.
pub async fn act(
    id: &str,
    version: u64,
    action: Action,
    from_list: bool,
) -> Result<Acted, ActError> {
    let seen = if from_list { "?from_list=true" } else { "" };
    let url = format!("/api/matters/{}/actions{seen}", enc(id));
    let response = post_raw(&url, &ActionRequest { version, action })
        .await
        .map_err(ActError::Api)?;
    if response.ok() {
        return json(response).await.map_err(ActError::Api);
    }
    Err(act_error(response).await)
}

/// `POST /api/matters/{id}/actions` from the outbox: the submission's own Idempotency-Key on every attempt,
/// so a resend after a lost answer gets the first answer instead of applying it twice. The success body
/// is not decoded: the matter page reloads the matter anyway.
/// `action` is the action's JSON as queued.
pub async fn act_once(id: &str, version: u64, action: &str, key: &str) -> Result<(), ActError> {
    let url = format!("/api/matters/{}/actions", enc(id));
    // The `ActionRequest` shape, written around the queued JSON so it is sent byte for byte.
    let body = format!(r#"{{"version":{version},"action":{action}}}"#);
    let response = Request::post(&url)
        .header(CLIENT.0, CLIENT.1)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|e| ActError::Api(ApiError::Decode(e.to_string())))?
        .send()
        .await
        .map_err(|e| ActError::Api(ApiError::Network(e.to_string())))?;
    if response.ok() {
        return Ok(());
    }
    Err(act_error(response).await)
}

/// A 409 with the matter as it is now becomes `ActError::Conflict`; any other error stays plain, and so
/// does a 409 that is not a stale version (a reused key, say). The one place an action's refusal is read.
async fn act_error(response: Response) -> ActError {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    match parse::<Conflict>(&text) {
        Some(body) if status == 409 => ActError::Conflict(Box::new(body)),
        _ => ActError::Api(server_error(status, &text)),
    }
}

/// `GET url` as text, for answers also kept for offline reading.
pub async fn get_text(url: &str) -> Result<String, ApiError> {
    send(Request::get(url).build())
        .await?
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// `POST /api/matters`: propose a matter (office).
pub async fn create(action: &Action) -> Result<Acted, ApiError> {
    checked(post_raw("/api/matters", action).await?).await
}

pub async fn notifications() -> Result<Vec<Notice>, ApiError> {
    get("/api/notifications").await
}

pub async fn mark_read(id: &str) -> Result<(), ApiError> {
    let req = Request::post(&format!("/api/notifications/{}/read", enc(id)))
        .header(CLIENT.0, CLIENT.1)
        .build();
    send(req).await.map(|_| ())
}

pub async fn units() -> Result<Vec<Unit>, ApiError> {
    get("/api/units").await
}

pub async fn users() -> Result<Vec<UserSummary>, ApiError> {
    get("/api/users").await
}

/// `GET /api/calendar/deadline`: `n` working days after `from`.
pub async fn deadline(from: &str, n: u32) -> Result<Deadline, ApiError> {
    get(&format!(
        "/api/calendar/deadline?from={from}&working_days={n}"
    ))
    .await
}

/// `GET /api/dashboard`: counts by light and kind, and per unit.
pub async fn dashboard() -> Result<shared::api::Dashboard, ApiError> {
    get("/api/dashboard").await
}

pub async fn escalations() -> Result<Vec<EscalationProposal>, ApiError> {
    get("/api/escalations").await
}

/// `GET /api/stats/units`: this year's figures per lead unit, from counters (a few KB, where the
/// year's whole briefing was megabytes at a university's size); only what the ranking shows is decoded.
pub async fn unit_rates() -> Result<Vec<crate::routes::dashboard::UnitRate>, ApiError> {
    get("/api/stats/units").await
}

/// `GET /api/views`: the user's saved ledger views.
pub async fn views() -> Result<Vec<shared::views::SavedView>, ApiError> {
    get("/api/views").await
}

/// `POST /api/views`: saves (or replaces, by name) a view.
pub async fn save_view(
    view: &shared::views::NewView,
) -> Result<shared::views::SavedView, ApiError> {
    checked(post_raw("/api/views", view).await?).await
}

pub async fn delete_view(id: &str) -> Result<(), ApiError> {
    send(
        Request::delete(&format!("/api/views/{}", enc(id)))
            .header(CLIENT.0, CLIENT.1)
            .build(),
    )
    .await
    .map(|_| ())
}

/// `PATCH /api/users/{username}` (admin): changes only the fields the patch gives.
pub async fn patch_user(
    username: &str,
    patch: &shared::admin::UserPatch,
) -> Result<UserSummary, ApiError> {
    write_json(
        Request::patch(&format!("/api/users/{}", enc(username))),
        patch,
    )
    .await
}

/// `GET /api/settings` (admin): the settings in force and who saved them last.
pub async fn settings() -> Result<shared::settings::SettingsView, ApiError> {
    get("/api/settings").await
}

/// `PUT /api/settings` (admin): saves them; every server applies them from its next request.
pub async fn save_settings(
    settings: &shared::settings::Settings,
) -> Result<shared::settings::SettingsView, ApiError> {
    write_json(Request::put("/api/settings"), settings).await
}

/// A JSON write marked as the app's; the answer decoded, any refusal as `ApiError`.
async fn write_json<T: DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    let request = request
        .header(CLIENT.0, CLIENT.1)
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    checked(response).await
}

/// `GET /api/calendar/{year}`: a year's holidays and make-up working days, and where they come from.
pub async fn calendar_year(year: i32) -> Result<shared::admin::CalendarYear, ApiError> {
    get(&format!("/api/calendar/{year}")).await
}

/// `PUT /api/calendar/{year}` (admin): saves the year; deadlines follow at once.
pub async fn save_calendar_year(
    year: i32,
    schedule: &shared::YearSchedule,
) -> Result<shared::admin::CalendarYear, ApiError> {
    write_json(Request::put(&format!("/api/calendar/{year}")), schedule).await
}

/// `GET url` for the report screens, as `JSON.parse` reads it: they pick fields out one by one, so no
/// serde decoder is compiled per report shape (see `components::markup`).
pub async fn get_js(url: &str) -> Result<JsValue, ApiError> {
    parse_js(send(Request::get(url).build()).await?).await
}

/// `POST url` of a JSON text with a fresh Idempotency-Key; the answer as `get_js` gives it.
pub async fn post_js(url: &str, body: String) -> Result<JsValue, ApiError> {
    let request = Request::post(url)
        .header(CLIENT.0, CLIENT.1)
        .header("Idempotency-Key", &idempotency_key())
        .header("Content-Type", "application/json")
        .body(body);
    parse_js(send(request).await?).await
}

async fn parse_js(response: Response) -> Result<JsValue, ApiError> {
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| ApiError::Decode(text))
}

pub async fn attachments(id: &str) -> Result<Vec<Attachment>, ApiError> {
    get(&format!("/api/matters/{}/attachments", enc(id))).await
}

/// Marks every write as the app's own, so the audit trail tells a step taken in the app from a call
/// made straight to the API (a script, a test's set-up).
const CLIENT: (&str, &str) = ("X-Duban-Client", "app");

/// A path segment or query value, percent-encoded.
pub fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// A fresh key per submission: a retry of the same submission is not applied twice.
pub fn idempotency_key() -> String {
    let part = || format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
    format!("app-{}{}{}{}", part(), part(), part(), part())
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    json(send(Request::get(url).build()).await?).await
}

/// A JSON POST with a fresh Idempotency-Key; the status is left to the caller.
async fn post_raw(url: &str, body: &impl Serialize) -> Result<Response, ApiError> {
    let request = Request::post(url)
        .header(CLIENT.0, CLIENT.1)
        .header("Idempotency-Key", &idempotency_key())
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

async fn checked<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return json(response).await;
    }
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    Err(server_error(status, &text))
}

/// The body is read once as text, so a 409 can be tried as a conflict and then as a plain error.
fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// An error answer as `ApiError`; a body that is not an `ErrorBody` (a proxy's HTML error page, say)
/// keeps the status with a generic message.
fn server_error(status: u16, text: &str) -> ApiError {
    let body = parse::<ErrorBody>(text).unwrap_or_else(|| ErrorBody {
        code: format!("http_{status}"),
        message: format!("服务器错误（{status}）"),
        message_en: format!("Server error ({status})"),
    });
    ApiError::Server { status, body }
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
    let text = response.text().await.unwrap_or_default();
    Err(server_error(status, &text))
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

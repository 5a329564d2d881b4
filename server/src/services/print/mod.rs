//! Print views: the eight paper forms of the two regulations, filled from a matter and served as plain A4 HTML.
//!
//! Rendered here rather than in the app so the wasm does not grow, and so a printed form is
//! exactly what the server holds. Reading is scoped like `GET /api/matters/{id}`.

mod data;
mod forms;
mod html;
mod registers;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::services::reports;
use crate::state::AppState;
use crate::store::db::{matters, users};
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use html::Html;
use shared::engine::ActionKind;
use shared::forms::{FormState, form_state};
use shared::procedure::Form;

/// The forms' stylesheet: A4 pages, borders, page breaks. Kept out of `style/*.css` on purpose,
/// since those are all concatenated into the app's bundle.
const FORMS_CSS: &str = include_str!("../../../../style/print/forms.css");
/// The one script: the toolbar's print button (no inline script, so the CSP can forbid them).
const PRINT_JS: &str =
    "document.getElementById('print-now').addEventListener('click',function(){window.print()});";
/// No inline script or style: user text can never run, even if escaping were missed.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/print/forms.css", get(css))
        .route("/print/print.js", get(js))
        .route("/print/matters/{id}/{form}", get(page))
        .route("/print/registers/{form}", get(register_page))
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", FORMS_CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", PRINT_JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// A refusal shown as a page in Chinese (with English below), never as JSON or an empty form.
struct Refusal {
    status: StatusCode,
    zh: String,
    en: String,
}

impl Refusal {
    fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            status,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        let status = e.status();
        if status.is_server_error() {
            tracing::error!(error = %e, "print view failed");
        }
        let body = e.body();
        Refusal::new(status, body.message, body.message_en)
    }
}

impl From<crate::store::db::DbError> for Refusal {
    fn from(e: crate::store::db::DbError) -> Refusal {
        Refusal::from(ApiError::from(e))
    }
}

async fn page(
    State(state): State<AppState>,
    user: Result<CurrentUser, ApiError>,
    Path((id, slug)): Path<(String, String)>,
) -> Response {
    match render(&state, user, &id, &slug).await {
        Ok(body) => respond(StatusCode::OK, body),
        Err(r) => refusal_page(r),
    }
}

/// A refusal as a page in Chinese with English below, with the way back.
fn refusal_page(r: Refusal) -> Response {
    let mut h = Html::default();
    h.open_page("无法打印", None);
    h.push("<section class=\"refusal\" data-testid=\"print-refused\"><h1>无法打印</h1><p role=\"alert\">");
    h.text(&r.zh);
    h.push("</p><p lang=\"en\" class=\"en\">");
    h.text(&r.en);
    h.push("</p>");
    if r.status == StatusCode::UNAUTHORIZED {
        h.push("<p><a href=\"/login\">登录 / Sign in</a></p>");
    } else {
        h.push("<p><a href=\"/\">返回首页 / Home</a></p>");
    }
    h.push("</section>");
    respond(r.status, h.close_page())
}

/// A register (附件2, 附件7) of a period's matters; refusals are pages, as for a matter's forms.
async fn register_page(
    State(state): State<AppState>,
    user: Result<CurrentUser, ApiError>,
    Path(slug): Path<String>,
    query: Result<Query<registers::RegisterQuery>, QueryRejection>,
) -> Response {
    let rendered = async {
        let user = user?;
        let Query(q) = query.map_err(|e| {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "日期或单位格式无效（日期形如 2026-01-31）",
                format!("Invalid date or unit (dates look like 2026-01-31): {e}"),
            )
        })?;
        registers::render(&state, &user, &slug, q).await
    };
    match rendered.await {
        Ok(body) => respond(StatusCode::OK, body),
        Err(r) => refusal_page(r),
    }
}

fn respond(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn render(
    state: &AppState,
    user: Result<CurrentUser, ApiError>,
    id: &str,
    slug: &str,
) -> Result<String, Refusal> {
    let user = user?;
    let form = Form::from_slug(slug).ok_or_else(|| {
        Refusal::new(
            StatusCode::NOT_FOUND,
            format!("没有名为“{slug}”的表单"),
            format!("There is no form called “{slug}”"),
        )
    })?;
    // Another unit's matter answers exactly like a missing one, as the API does.
    let m = matters::load_visible(&state.db, &user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let events = matters::events(&state.db, id).await?;
    let done: Vec<ActionKind> = events.iter().map(|e| e.action.kind()).collect();
    match form_state(m.procedure, form, done) {
        FormState::Filled => {}
        FormState::NotUsed => {
            return Err(Refusal::new(
                StatusCode::NOT_FOUND,
                format!("本事项的办理程序不使用《{}》", form.name_zh()),
                format!("This matter's procedure has no {}", form.name_en()),
            ));
        }
        FormState::NotYet => {
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                format!(
                    "本事项尚未办理到填写《{}》的环节，暂无可打印的内容",
                    form.name_zh()
                ),
                format!(
                    "Nothing has filled in the {} of this matter yet",
                    form.name_en()
                ),
            ));
        }
    }
    let units = reports::unit_names(&state.db).await?;
    let people = crate::services::workflow::people(&m, &events);
    let names = users::display_names(&state.db, &people).await?;
    let contacts = users::unit_contacts(&state.db, &m.lead_unit).await?;
    let data = data::Data {
        m: &m,
        events: &events,
        units: &units,
        names: &names,
        contacts: &contacts,
    };
    let title = format!(
        "{} · {}",
        form.name_zh(),
        m.number.as_ref().map_or(m.title.as_str(), |n| n.as_str())
    );
    let mut h = Html::default();
    h.open_page(&title, Some(id));
    forms::render(&mut h, form, &data);
    Ok(h.close_page())
}

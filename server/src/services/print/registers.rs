//! The two HBUT registers (附件2 立项登记表, 附件7 办结材料归档登记表) as the ledgers they are: one
//! row per matter, either for one matter or for every matter of a period.

use super::Refusal;
use super::data::Data;
use super::html::{Html, ymd};
use crate::auth::{CurrentUser, guard};
use crate::services::reports;
use crate::state::AppState;
use crate::store::db::matters;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use shared::engine::{Action, ActionKind};
use shared::procedure::{Form, ProcedureId};
use shared::{Capability, Matter};

pub const REGISTRATION_HEADERS: [&str; 7] = [
    "序号",
    "通知单编号",
    "事项标题",
    "承办部门",
    "完成时限",
    "签收人",
    "备注",
];

pub const ARCHIVE_HEADERS: [&str; 8] = [
    "序号",
    "通知单编号",
    "事项标题",
    "承办部门",
    "完成时间",
    "办结相关材料",
    "归档人",
    "备注",
];

/// A matter's line in the 立项登记表.
pub fn registration_row(d: &Data, seq: usize) -> Vec<String> {
    let m = d.m;
    let signed = m
        .signed_for
        .as_ref()
        .map(|s| format!("{}\n{}", s.signer, ymd(Some(s.on))))
        .unwrap_or_default();
    let mut note = format!("立项日期：{}", ymd(m.registered_on));
    if m.emergency {
        note.push_str("\n紧急事项");
    }
    if m.long_term {
        note.push_str("\n长期事项，按年度滚动跟踪");
    }
    vec![
        seq.to_string(),
        d.number(),
        m.title.clone(),
        d.units_line(),
        ymd(m.deadline),
        signed,
        note,
    ]
}

/// A matter's line in the 归档登记表.
pub fn archive_row(d: &Data, seq: usize) -> Vec<String> {
    let m = d.m;
    let (materials, archivist) = match d.last(ActionKind::Archive).map(|e| &e.action) {
        Some(Action::Archive {
            materials,
            archivist,
        }) => {
            let list: Vec<String> = materials
                .iter()
                .enumerate()
                .map(|(i, x)| format!("{}. {x}", i + 1))
                .collect();
            (list.join("\n"), archivist.clone())
        }
        _ => (String::new(), String::new()),
    };
    vec![
        seq.to_string(),
        d.number(),
        m.title.clone(),
        d.units_line(),
        ymd(m.closed_on),
        materials,
        archivist,
        format!("归档日期：{}", ymd(m.archived_on)),
    ]
}

/// A register's table: the header row and one line per matter.
pub fn table(h: &mut Html, headers: &[&str], rows: &[Vec<String>]) {
    h.push("<table class=\"grid\"><thead><tr>");
    for t in headers {
        h.push("<th scope=\"col\">");
        h.text(t);
        h.push("</th>");
    }
    h.push("</tr></thead><tbody>");
    for cells in rows {
        h.push("<tr data-testid=\"register-row\">");
        for c in cells {
            h.el("td", "value", c);
        }
        h.push("</tr>");
    }
    h.push("</tbody></table>");
}

/// `GET /print/registers/{form}?from=&to=&unit=`: the period (this year so far by default) and,
/// optionally, one unit (lead or assisting).
#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub unit: Option<String>,
}

/// Archiving follows closure within five working days (HBUT 第四条(八)); a matter closed this long
/// before the period is looked at too, so one archived late still appears.
const ARCHIVE_LOOKBACK_DAYS: i64 = 120;

/// The register of every HBUT matter registered (附件2) or archived (附件7) in the period.
pub async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    q: RegisterQuery,
) -> Result<String, Refusal> {
    guard::require(user, Capability::Ledger)?;
    let form = match Form::from_slug(slug) {
        Some(f @ (Form::RegistrationForm | Form::ArchiveRegister)) => f,
        _ => {
            return Err(Refusal::new(
                StatusCode::NOT_FOUND,
                format!("没有名为“{slug}”的登记表"),
                format!("There is no register called “{slug}”"),
            ));
        }
    };
    let today = shared::engine::china_date(chrono::Utc::now());
    let to = q.to.unwrap_or(today);
    let from = q
        .from
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to));
    if from > to || (to - from).num_days() > shared::report::MAX_PERIOD_DAYS {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "登记期间无效：起始日期须不晚于结束日期，且不超过三年",
            "Invalid period: the start must not be after the end, and at most three years",
        ));
    }
    let units = reports::unit_names(&state.db).await?;
    let unit = q.unit.filter(|u| !u.trim().is_empty());
    if let Some(u) = &unit
        && !units.contains_key(u)
    {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            format!("单位“{u}”不存在"),
            format!("There is no unit “{u}”"),
        ));
    }
    let lookback = from - chrono::Duration::days(ARCHIVE_LOOKBACK_DAYS);
    let day = |m: &Matter| match form {
        Form::RegistrationForm => m.registered_on,
        _ => m.archived_on,
    };
    let mut chosen: Vec<Matter> = reports::matters_for(&state.db, lookback, to)
        .await?
        .into_iter()
        .filter(|m| m.procedure == ProcedureId::Hbut)
        .filter(|m| day(m).is_some_and(|d| from <= d && d <= to))
        .filter(|m| unit.as_deref().is_none_or(|u| m.unit_part(u).is_some()))
        .collect();
    // In the order they were registered (or archived), numbers of one format in numeric order.
    chosen.sort_by_cached_key(|m| {
        let number = m.number.as_ref().map_or("", |n| n.as_str()).to_owned();
        (day(m), number.len(), number)
    });
    chosen.dedup_by(|a, b| a.id == b.id);
    let names = std::collections::BTreeMap::new();
    let mut rows = Vec::with_capacity(chosen.len());
    for (i, m) in chosen.iter().enumerate() {
        // Only the archive register prints from the history (who archived, what).
        let events = match form {
            Form::ArchiveRegister => matters::events(&state.db, &m.id).await?,
            _ => Vec::new(),
        };
        let d = Data {
            m,
            events: &events,
            units: &units,
            names: &names,
            contacts: &[],
        };
        rows.push(match form {
            Form::RegistrationForm => registration_row(&d, i + 1),
            _ => archive_row(&d, i + 1),
        });
    }
    let (title, headers): (&str, &[&str]) = match form {
        Form::RegistrationForm => ("湖北工业大学督办立项登记表", &REGISTRATION_HEADERS),
        _ => ("湖北工业大学督办事项办结材料归档登记表", &ARCHIVE_HEADERS),
    };
    let mut h = Html::default();
    h.open_page_back(title, Some(("/quarterly", "← 返回季度报告")));
    h.push(&format!(
        "<section class=\"sheet register\" data-testid=\"sheet\" data-form=\"{}\">",
        form.slug()
    ));
    let (annex, what) = match form {
        Form::RegistrationForm => ("附件 2", "立项"),
        _ => ("附件 7", "归档"),
    };
    h.el("p", "annex", annex);
    h.el("h1", "", title);
    let mut period = format!("{what}期间：{} 至 {}", ymd(Some(from)), ymd(Some(to)));
    if let Some(u) = &unit {
        let name = units.get(u).map_or(u.as_str(), String::as_str);
        period.push_str(&format!("　单位：{name}"));
    }
    period.push_str(&format!("　共 {} 项", rows.len()));
    h.el("p", "number", &period);
    table(&mut h, headers, &rows);
    if rows.is_empty() {
        h.el("p", "muted", "该期间没有登记的事项。");
    }
    h.push("</section>");
    Ok(h.close_page())
}

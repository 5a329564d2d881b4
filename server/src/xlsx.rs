//! Excel downloads with Chinese headers: the matter ledger (台账) and a briefing's unit and key-item tables.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use shared::matter::MatterKind;
use shared::report::Briefing;
use shared::{Light, Matter};
use std::collections::BTreeMap;

type Names = BTreeMap<String, String>;

impl From<XlsxError> for crate::error::ApiError {
    fn from(e: XlsxError) -> Self {
        crate::error::ApiError::Internal(format!("excel: {e}"))
    }
}

pub fn light_zh(l: Light) -> &'static str {
    match l {
        Light::Green => "绿灯",
        Light::Yellow => "黄灯",
        Light::Red => "红灯",
        Light::Done => "已办结",
    }
}

fn kind_zh(k: MatterKind) -> &'static str {
    match k {
        MatterKind::Routine => "常规提醒事项",
        MatterKind::Key => "重点督办事项",
    }
}

fn name<'a>(names: &'a Names, code: &'a str) -> &'a str {
    names.get(code).map_or(code, String::as_str)
}

fn header(ws: &mut Worksheet, titles: &[(&str, f64)]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, (title, width)) in titles.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *title, &bold)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The ledger: one row per matter, in the list's order.
pub fn ledger(rows: &[(Matter, Light)], names: &Names) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("督办事项台账")?;
    header(
        ws,
        &[
            ("序号", 6.0),
            ("编号", 16.0),
            ("事项标题", 40.0),
            ("类型", 14.0),
            ("督办范围", 24.0),
            ("阶段", 12.0),
            ("主办单位", 18.0),
            ("协办单位", 24.0),
            ("办结时限", 12.0),
            ("灯号", 8.0),
            ("紧急", 6.0),
            ("二次催办", 10.0),
            ("拟办日期", 12.0),
            ("办结日期", 12.0),
        ],
    )?;
    for (i, (m, light)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let assisting: Vec<&str> = m.assisting_units.iter().map(|u| name(names, u)).collect();
        let stage = shared::procedure::template(m.procedure).stage_name_zh(m.stage);
        let yes = |b: bool| if b { "是" } else { "" };
        ws.write_number(r, 0, f64::from(r))?;
        ws.write_string(r, 1, m.number.as_ref().map_or("", |n| n.as_str()))?;
        ws.write_string(r, 2, &m.title)?;
        ws.write_string(r, 3, kind_zh(m.kind))?;
        ws.write_string(r, 4, m.source_category.name_zh())?;
        ws.write_string(r, 5, stage)?;
        ws.write_string(r, 6, name(names, &m.lead_unit))?;
        ws.write_string(r, 7, assisting.join("、"))?;
        ws.write_string(r, 8, opt_date(m.deadline))?;
        ws.write_string(r, 9, light_zh(*light))?;
        ws.write_string(r, 10, yes(m.emergency))?;
        ws.write_string(r, 11, yes(m.second_reminder()))?;
        ws.write_string(r, 12, m.proposed_on.to_string())?;
        ws.write_string(r, 13, opt_date(m.closed_on))?;
    }
    wb.save_to_buffer()
}

/// A briefing's tables: per unit (GDUFS 第十一条 figures) and each key item in one line.
pub fn briefing(b: &Briefing, names: &Names) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let percent = Format::new().set_num_format("0.0%");
    let ws = wb.add_worksheet().set_name("单位统计")?;
    header(
        ws,
        &[
            ("单位", 20.0),
            ("主办", 6.0),
            ("协办", 6.0),
            ("办结", 6.0),
            ("按期办结", 9.0),
            ("办结率", 8.0),
            ("平均用时（工作日）", 16.0),
            ("超期", 6.0),
            ("催办", 6.0),
            ("二次催办", 9.0),
            ("退回", 6.0),
            ("整改项", 7.0),
            ("申请延期", 9.0),
            ("批准延期", 9.0),
            ("通报", 8.0),
        ],
    )?;
    for (i, s) in b.units.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, name(names, &s.unit))?;
        let counts = [s.lead, s.assisting, s.completed, s.on_time];
        for (c, n) in counts.iter().enumerate() {
            ws.write_number(r, 1 + c as u16, f64::from(*n))?;
        }
        if let Some(rate) = s.on_time_rate {
            ws.write_number_with_format(r, 5, rate, &percent)?;
        }
        if let Some(days) = s.average_working_days {
            ws.write_number(r, 6, (days * 10.0).round() / 10.0)?;
        }
        let more = [
            s.overdue,
            s.reminders,
            s.second_reminders,
            s.returns,
            s.rectification_items,
            s.extensions_requested,
            s.extensions_approved,
        ];
        for (c, n) in more.iter().enumerate() {
            ws.write_number(r, 7 + c as u16, f64::from(*n))?;
        }
        let verdict = if b.commended.contains(&s.unit) {
            "表扬"
        } else if b.criticized.iter().any(|c| c.unit == s.unit) {
            "批评"
        } else {
            ""
        };
        ws.write_string(r, 14, verdict)?;
    }
    let ws = wb.add_worksheet().set_name("重点督办事项")?;
    header(
        ws,
        &[
            ("编号", 16.0),
            ("事项标题", 40.0),
            ("主办单位", 18.0),
            ("阶段", 12.0),
            ("灯号", 8.0),
            ("办结时限", 12.0),
        ],
    )?;
    for (i, k) in b.key_items.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, k.number.as_deref().unwrap_or(""))?;
        ws.write_string(r, 1, &k.title)?;
        ws.write_string(r, 2, name(names, &k.lead_unit))?;
        ws.write_string(r, 3, &k.stage_name)?;
        ws.write_string(r, 4, light_zh(k.light))?;
        ws.write_string(r, 5, opt_date(k.deadline))?;
    }
    wb.save_to_buffer()
}

/// An `.xlsx` download; the Chinese file name goes in `filename*` (RFC 6266), an ASCII one beside it.
pub fn download(bytes: Vec<u8>, ascii_name: &str, name_zh: &str) -> Response {
    let encoded: String = name_zh
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

//! Excel downloads with Chinese headers: the matter ledger (台账), a briefing's unit and key-item tables,
//! the quarterly comparison and the accountability list.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use shared::report::{AccountabilityReport, Briefing, QuarterlyReport};
use shared::stats::AccountabilityReason;
use shared::{Light, Matter};
use std::collections::BTreeMap;

type Names = BTreeMap<String, String>;

impl From<XlsxError> for crate::error::ApiError {
    fn from(e: XlsxError) -> Self {
        crate::error::ApiError::Internal(format!("excel: {e}"))
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
        ws.write_string(r, 3, m.kind.name_zh())?;
        ws.write_string(r, 4, m.source_category.name_zh())?;
        ws.write_string(r, 5, stage)?;
        ws.write_string(r, 6, name(names, &m.lead_unit))?;
        ws.write_string(r, 7, assisting.join("、"))?;
        ws.write_string(r, 8, opt_date(m.deadline))?;
        ws.write_string(r, 9, light.name_zh())?;
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
    briefing_sheets(&mut wb, b, names)?;
    wb.save_to_buffer()
}

fn percent() -> Format {
    Format::new().set_num_format("0.0%")
}

fn briefing_sheets(wb: &mut Workbook, b: &Briefing, names: &Names) -> Result<(), XlsxError> {
    let percent = percent();
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
        ws.write_string(r, 4, k.light.name_zh())?;
        ws.write_string(r, 5, opt_date(k.deadline))?;
    }
    Ok(())
}

fn opt_rate(ws: &mut Worksheet, r: u32, c: u16, rate: Option<f64>) -> Result<(), XlsxError> {
    if let Some(rate) = rate {
        ws.write_number_with_format(r, c, rate, &percent())?;
    }
    Ok(())
}

/// The quarterly report (HBUT 第四条(七)): the quarter beside the previous one, in totals and per unit,
/// then the quarter's own briefing tables.
pub fn quarterly(q: &QuarterlyReport, names: &Names) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let this = format!("{}年第{}季度", q.quarter.year, q.quarter.quarter);
    let before = format!(
        "{}年第{}季度",
        q.previous_quarter.year, q.previous_quarter.quarter
    );
    let ws = wb.add_worksheet().set_name("季度对比")?;
    header(
        ws,
        &[
            ("指标", 16.0),
            (this.as_str(), 16.0),
            (before.as_str(), 16.0),
            ("增减", 8.0),
        ],
    )?;
    let (now, was, d) = (&q.briefing.totals, &q.previous, &q.delta);
    let rows = [
        ("新交办", now.new, was.new, d.new),
        ("在办", now.in_progress, was.in_progress, d.in_progress),
        ("办结", now.completed, was.completed, d.completed),
        ("按期办结", now.on_time, was.on_time, d.on_time),
        ("超期", now.overdue, was.overdue, d.overdue),
        ("转为重点督办", now.escalated, was.escalated, d.escalated),
    ];
    for (i, (label, a, b, delta)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *label)?;
        ws.write_number(r, 1, f64::from(*a))?;
        ws.write_number(r, 2, f64::from(*b))?;
        ws.write_number(r, 3, *delta as f64)?;
    }
    let r = rows.len() as u32 + 1;
    ws.write_string(r, 0, "按期办结率")?;
    opt_rate(ws, r, 1, q.briefing.on_time_rate)?;
    opt_rate(ws, r, 2, q.previous_on_time_rate)?;

    let ws = wb.add_worksheet().set_name("单位对比")?;
    header(
        ws,
        &[
            ("单位", 20.0),
            ("办结", 6.0),
            ("上季度办结", 10.0),
            ("按期办结率", 10.0),
            ("上季度按期办结率", 14.0),
            ("超期", 6.0),
            ("上季度超期", 10.0),
        ],
    )?;
    for (i, u) in q.units.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, name(names, &u.unit))?;
        ws.write_number(r, 1, f64::from(u.completed))?;
        ws.write_number(r, 2, f64::from(u.previous_completed))?;
        opt_rate(ws, r, 3, u.on_time_rate)?;
        opt_rate(ws, r, 4, u.previous_on_time_rate)?;
        ws.write_number(r, 5, f64::from(u.overdue))?;
        ws.write_number(r, 6, f64::from(u.previous_overdue))?;
    }
    briefing_sheets(&mut wb, &q.briefing, names)?;
    wb.save_to_buffer()
}

pub fn reason_zh(r: AccountabilityReason) -> &'static str {
    match r {
        AccountabilityReason::UnexplainedOverdue => "超期且无合理解释",
        AccountabilityReason::Misreported => "弄虚作假、反映情况失实",
        AccountabilityReason::Uncooperative => "不主动协调或不积极配合",
    }
}

/// The accountability list (HBUT 第六条): the units' counts of grounds, then each matter and unit.
pub fn accountability(a: &AccountabilityReport, names: &Names) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("问责单位")?;
    header(
        ws,
        &[
            ("单位", 20.0),
            ("涉及事项", 9.0),
            ("超期且无合理解释", 16.0),
            ("弄虚作假", 9.0),
            ("不积极配合", 10.0),
        ],
    )?;
    for (i, u) in a.units.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, name(names, &u.unit))?;
        let counts = [
            u.matters,
            u.unexplained_overdue,
            u.misreported,
            u.uncooperative,
        ];
        for (c, n) in counts.iter().enumerate() {
            ws.write_number(r, 1 + c as u16, f64::from(*n))?;
        }
    }
    let ws = wb.add_worksheet().set_name("事项明细")?;
    header(
        ws,
        &[
            ("编号", 16.0),
            ("事项标题", 40.0),
            ("单位", 18.0),
            ("办结时限", 12.0),
            ("问责情形", 40.0),
            ("二次催办（参考）", 14.0),
            ("退回重办（参考）", 14.0),
        ],
    )?;
    for (i, l) in a.lines.iter().enumerate() {
        let r = i as u32 + 1;
        let reasons: Vec<&str> = l.reasons.iter().map(|x| reason_zh(*x)).collect();
        ws.write_string(r, 0, l.number.as_deref().unwrap_or(""))?;
        ws.write_string(r, 1, &l.title)?;
        ws.write_string(r, 2, name(names, &l.unit))?;
        ws.write_string(r, 3, opt_date(l.deadline))?;
        ws.write_string(r, 4, reasons.join("；"))?;
        ws.write_number(r, 5, f64::from(l.context.second_reminders))?;
        ws.write_number(r, 6, f64::from(l.context.redo_returns))?;
    }
    let note = format!("截至 {}", a.as_of);
    ws.write_string(a.lines.len() as u32 + 2, 0, note)?;
    let period = format!("期间 {} 至 {}", a.period.from, a.period.to);
    ws.write_string(a.lines.len() as u32 + 3, 0, period)?;
    wb.save_to_buffer()
}

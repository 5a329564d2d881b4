//! What a report says, written as markup (see `components::markup`): the briefing's body (totals, charts,
//! key items, unit table, commendation and criticism, notable matters), the quarterly comparison and the
//! accountability list.

use crate::api::enc;
use crate::components::chart;
pub use crate::components::markup::{Html, Js, js_resource, print_button, report_view};
use crate::format::light_name;
use shared::light::Light;

/// Per mille as "87.5%"; integers only, so no float formatting code lands in the wasm.
pub fn per_mille_text(pm: Option<u32>) -> String {
    pm.map_or_else(|| "—".to_owned(), |pm| format!("{}.{}%", pm / 10, pm % 10))
}

pub fn ratio(on_time: u32, completed: u32) -> Option<u32> {
    (on_time * 1000).checked_div(completed)
}

/// A fraction the server sent (a rate), in per mille.
pub fn rate_pm(rate: Option<f64>) -> Option<u32> {
    rate.map(|r| (r * 1000.0 + 0.5) as u32)
}

/// Working days with one decimal.
fn days_text(days: Option<f64>) -> String {
    days.map_or_else(
        || "—".to_owned(),
        |d| {
            let t = (d * 10.0 + 0.5) as u32;
            format!("{}.{}", t / 10, t % 10)
        },
    )
}

/// Why a unit is criticised, a matter singled out or held to account
/// (`CriticismReason`, `NotableReason`, `AccountabilityReason`).
fn reason_name(code: &str) -> (&'static str, &'static str) {
    match code {
        "low_on_time_rate" => ("按期办结率低", "low on-time rate"),
        "overdue" => ("有超期事项", "overdue matters"),
        "second_reminder" => ("被二次催办", "second reminder"),
        "repeated_returns" => ("多次退回重办", "reports returned repeatedly"),
        "emergency" => ("紧急事项", "emergency"),
        "unexplained_overdue" => ("超期且未说明", "overdue, unexplained"),
        "misreported" => ("反映情况失实", "misreported"),
        "uncooperative" => ("不积极配合", "uncooperative"),
        _ => ("其他", "other"),
    }
}

fn light_of(code: &str) -> Option<Light> {
    Light::ALL.into_iter().find(|l| l.code() == code)
}

const TOTALS: [(&str, &str, &str); 6] = [
    ("new", "新交办", "Issued"),
    ("in_progress", "在办", "In progress"),
    ("completed", "办结", "Completed"),
    ("on_time", "按期办结", "On time"),
    ("overdue", "超期", "Overdue"),
    ("escalated", "转重点督办", "Escalated"),
];

/// The quarterly report's comparison: each total now and before, and the change.
pub fn compare_totals(h: &mut Html, now: &Js, before: &Js, heads: [String; 2]) {
    let (q1, q2) = (heads[0].as_str(), heads[1].as_str());
    h.thead(
        "comparison",
        &[("指标", "Figure"), (q1, q1), (q2, q2), ("变化", "Change")],
    );
    for (id, zh, en) in TOTALS {
        let (a, b) = (now.n(id), before.n(id));
        let name = h.lang_text(zh, en).to_owned();
        h.row(id, &name).td(&a.to_string()).td(&b.to_string());
        h.td(&format!("{:+}", i64::from(a) - i64::from(b)))
            .end_row();
    }
    let name = h.lang_text("按期办结率", "On-time rate").to_owned();
    h.row("rate", &name)
        .td(&per_mille_text(ratio(now.n("on_time"), now.n("completed"))))
        .td(&per_mille_text(ratio(
            before.n("on_time"),
            before.n("completed"),
        )))
        .td("")
        .end_row()
        .end_table();
}

/// Everything a briefing says, in the order of a printed 督办简报; its Excel is computed for its period.
pub fn briefing(h: &mut Html, b: &Js) {
    let period = b.get("period");
    // The dates are the server's text: encoded for the URL, then escaped for the attribute.
    let excel = format!(
        "/api/reports/briefing.xlsx?from={}&amp;to={}",
        h.esc(&enc(&period.s("from"))),
        h.esc(&enc(&period.s("to")))
    );
    briefing_with(h, b, &excel);
}

/// An Excel download link (`href` already escaped for HTML); print leaves it out.
pub fn excel_link(h: &mut Html, href: &str, testid: &str) {
    h.raw(&format!(
        r#" <a class="no-print" href="{href}" data-testid="{testid}" download>"#
    ))
    .tr("下载 Excel", "Download Excel")
    .raw("</a>");
}

/// A briefing whose Excel is at `excel` (an issued one's is kept as issued).
pub fn briefing_with(h: &mut Html, b: &Js, excel: &str) {
    let period = b.get("period");
    h.raw(r#"<p class="muted" data-testid="period">"#)
        .tr("统计期间：", "Period: ")
        .text(&period.s("from"))
        .raw(" — ")
        .text(&period.s("to"))
        .tr("（数据截至 ", " (figures as of ")
        .text(&b.s("as_of"))
        .tr("）", ")");
    excel_link(h, excel, "briefing-excel");
    h.raw("</p>");
    let t = b.get("totals");
    h.raw(r#"<dl class="counts" data-testid="totals">"#);
    for (id, zh, en) in TOTALS {
        h.raw("<div><dt>").tr(zh, en);
        h.raw(&format!(
            r#"</dt><dd data-testid="total-{id}">{}</dd></div>"#,
            t.n(id)
        ));
    }
    h.raw("<div><dt>")
        .tr("按期办结率", "On-time rate")
        .raw(r#"</dt><dd data-testid="total-rate">"#);
    h.raw(&per_mille_text(ratio(t.n("on_time"), t.n("completed"))))
        .raw("</dd></div></dl>");

    let units = b.list("units");
    let mut bars: Vec<(String, u32, String)> = units
        .iter()
        .filter(|u| u.n("completed") > 0)
        .map(|u| {
            let (on, done) = (u.n("on_time"), u.n("completed"));
            let pm = ratio(on, done);
            let name = h.unit_name(&u.s("unit"));
            (
                name,
                pm.unwrap_or(0),
                format!("{} ({on}/{done})", per_mille_text(pm)),
            )
        })
        .collect();
    // Highest rate first; a few lines of insertion sort instead of another copy of the std sort.
    for i in 1..bars.len() {
        let mut j = i;
        while j > 0 && bars[j - 1].1 < bars[j].1 {
            bars.swap(j - 1, j);
            j -= 1;
        }
    }
    h.raw(r#"<div class="chart-pair"><figure><figcaption>"#)
        .tr("各单位按期办结率", "On-time rate by unit")
        .raw("</figcaption>");
    if bars.is_empty() {
        h.raw(r#"<p class="muted">"#)
            .tr("本期无办结事项", "Nothing completed in this period")
            .raw("</p>");
    } else {
        chart::rate_bars(h, &bars);
    }
    h.raw("</figure><figure><figcaption>")
        .tr("月度趋势", "Trend by month")
        .raw("</figcaption>");
    let points: Vec<_> = b
        .list("trend")
        .iter()
        .map(|m| (m.n("month"), m.n("new"), m.n("completed"), m.n("on_time")))
        .collect();
    chart::trend(h, &points);
    h.raw("</figure></div>");

    h.h2("重点督办事项", "Key items");
    lines(
        h,
        &b.list("key_items"),
        "key-items",
        ("本期无重点督办事项", "No key items in this period"),
    );

    h.h2("各单位办理情况", "By unit");
    h.thead(
        "unit-table",
        &[
            ("单位", "Unit"),
            ("牵头", "Lead"),
            ("办结", "Done"),
            ("按期率", "On time"),
            ("平均工作日", "Avg. working days"),
            ("超期", "Overdue"),
            ("催办", "Reminders"),
            ("二次催办", "2nd reminders"),
            ("退回", "Returned"),
        ],
    );
    for u in &units {
        let (code, on, done) = (u.s("unit"), u.n("on_time"), u.n("completed"));
        let name = h.unit_cell(&code);
        h.row(&code, &name)
            .td(&u.n("lead").to_string())
            .td(&done.to_string());
        h.td(&per_mille_text(ratio(on, done)))
            .td(&days_text(u.f("average_working_days")));
        for k in ["overdue", "reminders", "second_reminders", "returns"] {
            h.td(&u.n(k).to_string());
        }
        h.end_row();
    }
    h.end_table();
    clock_figures(h, &b.get("clocks"));

    h.h2("通报表扬", "Commended")
        .raw(r#"<p data-testid="commended">"#);
    let commended = b.list("commended");
    if commended.is_empty() {
        h.raw("—");
    }
    for (i, u) in commended.iter().enumerate() {
        if i > 0 {
            h.raw("、");
        }
        h.unit(&u.0.as_string().unwrap_or_default());
    }
    h.raw("</p>").h2("通报批评", "Criticised");
    lines(h, &b.list("criticized"), "criticized", ("无", "None"));
    h.h2("重要情况", "Notable matters");
    lines(
        h,
        &b.list("notable"),
        "notable",
        (
            "本期无紧急事项或二次催办",
            "No emergencies or second reminders",
        ),
    );
}

/// Every clock counted for its own party (the units' and the office's), and the office's own
/// review time: what the office takes after a unit reported is never in the unit's figures.
fn clock_figures(h: &mut Html, c: &Js) {
    use shared::clocks::{ClockKind, Party};
    h.h2("各项时限（按责任方）", "Time limits, by whose they are");
    h.thead(
        "clock-figures",
        &[
            ("时限", "Time limit"),
            ("完成", "Met"),
            ("按时", "On time"),
            ("超期未完成", "Overdue, open"),
        ],
    );
    for k in c.list("kinds") {
        let code = k.s("kind");
        let Ok(kind) = serde_json::from_value::<ClockKind>(serde_json::Value::String(code.clone()))
        else {
            continue;
        };
        let whose = match kind.party() {
            Party::Unit => h.lang_text("（单位）", " (unit)"),
            Party::Office => h.lang_text("（督办室）", " (office)"),
        };
        let name = format!("{}{whose}", h.lang_text(kind.name_zh(), kind.name_en()));
        h.row(&code, &h.esc(&name));
        for f in ["met", "on_time", "overdue_open"] {
            h.td(&k.n(f).to_string());
        }
        h.end_row();
    }
    h.end_table();
    h.raw(r#"<p class="muted" data-testid="office-review-days">"#)
        .tr(
            "督办室审核用时（单位报送至办结，平均工作日）：",
            "Office review time (report to closure, avg. working days): ",
        )
        .text(&days_text(c.f("office_review_working_days")))
        .raw("</p>");
}

/// The accountability list (HBUT 第六条): per unit, then per matter with its grounds.
pub fn accountability(h: &mut Html, r: &Js) {
    let p = r.get("period");
    let (from, to) = (p.s("from"), p.s("to"));
    h.raw(r#"<p class="muted" data-testid="accountability-period">"#)
        .text(&format!("{from} – {to} · "))
        .tr("截至 ", "As of ")
        .text(&r.s("as_of"));
    excel_link(
        h,
        &format!("/api/reports/accountability.xlsx?from={from}&amp;to={to}"),
        "accountability-excel",
    );
    h.raw("</p>");
    h.thead(
        "accountability-units",
        &[
            ("单位", "Unit"),
            ("事项", "Matters"),
            ("超期未说明", "Overdue, unexplained"),
            ("弄虚作假", "Misreported"),
            ("不配合", "Uncooperative"),
        ],
    );
    for u in r.list("units") {
        let code = u.s("unit");
        let name = h.unit_cell(&code);
        h.row(&code, &name);
        for k in [
            "matters",
            "unexplained_overdue",
            "misreported",
            "uncooperative",
        ] {
            h.td(&u.n(k).to_string());
        }
        h.end_row();
    }
    h.end_table();
    h.h2("涉及事项", "Matters");
    lines(h, &r.list("lines"), "accountability", ("无", "None"));
}

/// One line each: a matter (number, title, lead unit, stage, light, deadline) or a unit, and the reasons.
fn lines(h: &mut Html, list: &[Js], id: &str, empty: (&str, &str)) {
    if list.is_empty() {
        h.raw(&format!(r#"<p class="muted" data-testid="{id}">"#))
            .tr(empty.0, empty.1)
            .raw("</p>");
        return;
    }
    h.raw(&format!(r#"<ul class="lines" data-testid="{id}">"#));
    for l in list {
        h.raw("<li>");
        let title = l.s("title");
        if title.is_empty() {
            h.raw("<strong>").unit(&l.s("unit")).raw("</strong>");
        } else {
            h.raw(r#"<span class="muted-inline">"#)
                .text(&l.s("number"))
                .raw("</span> <a href=\"/matters/");
            // Report lines name a matter's unit `lead_unit`; accountability lines name it `unit`.
            let unit = Some(l.s("lead_unit"))
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| l.s("unit"));
            h.text(&l.s("matter_id"))
                .raw("\">")
                .text(&title)
                .raw("</a> · ")
                .unit(&unit);
        }
        let stage = l.s("stage_name");
        if !stage.is_empty() {
            h.raw(" · ").text(&stage);
        }
        if let Some(light) = light_of(&l.s("light")) {
            let name = light_name(light, h.lang);
            h.raw(&format!(
                r#" <span class="light light-{}">{name}</span>"#,
                light.code()
            ));
        }
        for (i, r) in l.list("reasons").iter().enumerate() {
            let (zh, en) = reason_name(&r.0.as_string().unwrap_or_default());
            h.raw(if i == 0 { " · " } else { "、" }).tr(zh, en);
        }
        let due = l.s("deadline");
        if !due.is_empty() {
            h.raw(" · ").tr("时限 ", "due ").text(&due);
        }
        // Beside an accountability line, never a ground: second reminders, returns for 重办.
        let c = l.get("context");
        for (k, zh, en) in [
            (
                "second_reminders",
                "（参考：二次催办 ",
                "(context: 2nd reminders ",
            ),
            (
                "redo_returns",
                "（参考：退回重办 ",
                "(context: returned for redo ",
            ),
        ] {
            if c.n(k) > 0 {
                h.raw(r#" <span class="muted-inline">"#)
                    .tr(zh, en)
                    .text(&c.n(k).to_string())
                    .raw(")</span>");
            }
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
}

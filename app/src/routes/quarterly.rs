//! The quarterly report to the leadership (HBUT 第四条(七)): the quarter's briefing next to the quarter before.

use crate::components::report::{
    self, Html, Js, compare_totals, js_resource, per_mille_text, print_button, rate_pm, report_view,
};
use crate::i18n::tx;
use leptos::prelude::*;

/// The quarter `step` quarters from (year, quarter).
fn shift((year, q): (i32, u32), step: i32) -> (i32, u32) {
    let n = year * 4 + q as i32 - 1 + step;
    (n.div_euclid(4), n.rem_euclid(4) as u32 + 1)
}

fn quarter_of(j: &Js) -> (i32, u32) {
    (j.n("year") as i32, j.n("quarter"))
}

/// The first and last day of a quarter, as the print views take them.
fn quarter_dates((y, q): (i32, u32)) -> (String, String) {
    let last = [31, 30, 30, 31][(q.clamp(1, 4) - 1) as usize];
    let m = q.clamp(1, 4) * 3;
    (format!("{y}-{:02}-01", m - 2), format!("{y}-{m:02}-{last}"))
}

fn name((y, q): (i32, u32)) -> String {
    format!("{y} Q{q}")
}

#[component]
pub fn QuarterlyReport() -> impl IntoView {
    // `None`: the current quarter, as the server's calendar says; the buttons step from what was shown.
    let chosen = RwSignal::new(None::<(i32, u32)>);
    let report = js_resource(Box::new(move || {
        chosen.get().map_or_else(
            || "/api/reports/quarterly".to_owned(),
            |(y, q)| format!("/api/reports/quarterly?year={y}&quarter={q}"),
        )
    }));
    let shown = move || {
        report
            .get()
            .and_then(Result::ok)
            .map(|v| quarter_of(&Js(v).get("quarter")))
    };
    let step = move |by: i32| {
        if let Some(q) = shown() {
            chosen.set(Some(shift(q, by)));
        }
    };
    view! {
        <section class="screen report" aria-labelledby="q-title">
            <div class="report-head">
                <h1 id="q-title">{tx("季度督办工作报告", "Quarterly report")}</h1>
                <div class="toolbar no-print">
                    <button type="button" class="button small" on:click=move |_| step(-1)>{tx("‹ 上一季度", "‹ Previous")}</button>
                    <strong data-testid="quarter">{move || shown().map(name)}</strong>
                    <button type="button" class="button small" on:click=move |_| step(1)>{tx("下一季度 ›", "Next ›")}</button>
                    {print_button()}
                </div>
            </div>
            {report_view(report, quarterly)}
        </section>
    }
}

fn quarterly(h: &mut Html, r: &Js) {
    let (q, p) = (
        quarter_of(&r.get("quarter")),
        quarter_of(&r.get("previous_quarter")),
    );
    let b = r.get("briefing");
    h.raw(r#"<p class="muted">"#);
    report::excel_link(
        h,
        &format!(
            "/api/reports/quarterly.xlsx?year={}&amp;quarter={}",
            q.0, q.1
        ),
        "quarterly-excel",
    );
    // The quarter's two HBUT registers (附件2, 附件7), printed as ledgers by the server.
    let (from, to) = quarter_dates(q);
    for (form, testid, zh, en) in [
        (
            "registration_form",
            "register-registration",
            "立项登记表",
            "Registration register",
        ),
        (
            "archive_register",
            "register-archive",
            "归档登记表",
            "Archive register",
        ),
    ] {
        h.raw(&format!(
            r#" · <a class="no-print" href="/print/registers/{form}?from={from}&amp;to={to}" target="_blank" data-testid="{testid}">"#
        ))
        .tr(zh, en)
        .raw("</a>");
    }
    h.raw("</p>");
    h.h2("与上季度比较", "Compared with the previous quarter");
    compare_totals(h, &b.get("totals"), &r.get("previous"), [name(q), name(p)]);
    h.h2(
        "各单位与上季度比较",
        "Units compared with the previous quarter",
    );
    h.thead(
        "unit-comparison",
        &[
            ("单位", "Unit"),
            ("办结（本季/上季）", "Done (now/before)"),
            ("按期率（本季/上季）", "On time (now/before)"),
            ("超期（本季/上季）", "Overdue (now/before)"),
        ],
    );
    for u in r.list("units") {
        let code = u.s("unit");
        let name = h.unit_cell(&code);
        let rate = |k| per_mille_text(rate_pm(u.f(k)));
        h.row(&code, &name);
        h.td(&format!(
            "{} / {}",
            u.n("completed"),
            u.n("previous_completed")
        ));
        h.td(&format!(
            "{} / {}",
            rate("on_time_rate"),
            rate("previous_on_time_rate")
        ));
        h.td(&format!("{} / {}", u.n("overdue"), u.n("previous_overdue")));
        h.end_row();
    }
    h.end_table();
    h.h2("本季度简报", "This quarter's briefing");
    report::briefing(h, &b);
}

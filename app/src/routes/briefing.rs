//! 督办简报: pick a period, read the generated briefing, write a lead paragraph and issue it (office);
//! the issued briefings, numbered and unchanged; one issued briefing on its own page.

use crate::api::{self, enc};
use crate::components::report::{self, Html, Js, js_resource, print_button, report_view};
use crate::i18n::{I18n, tx};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Capability;
use wasm_bindgen::JsValue;

const KINDS: [(&str, &str, &str); 5] = [
    ("week", "周", "Week"),
    ("month", "月", "Month"),
    ("quarter", "季度", "Quarter"),
    ("year", "年度", "Year"),
    ("custom", "自定义", "Custom"),
];

/// A JSON string literal (quoted and escaped) by the browser's own `JSON.stringify`.
fn json_str(s: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(s))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[component]
pub fn BriefingScreen() -> impl IntoView {
    let i18n = I18n::use_();
    // The screen shows once the session is known; only the office issues (the server checks again).
    let office = crate::allows(Capability::IssueBriefing);
    let kind = RwSignal::new("month".to_owned());
    let date = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let custom = move || kind.get() == "custom";
    // The period as `PeriodQuery` fields; a blank date means the period that contains today.
    let fields = move || {
        let mut f = vec![("kind", kind.get())];
        let dates = if custom() {
            [("from", from.get()), ("to", to.get())].to_vec()
        } else {
            vec![("date", date.get())]
        };
        f.extend(dates.into_iter().filter(|(_, v)| !v.is_empty()));
        f
    };
    let query = move || {
        fields()
            .iter()
            .map(|(k, v)| format!("{}={}", if *k == "kind" { "period" } else { k }, enc(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let preview = js_resource(Box::new(move || {
        format!("/api/reports/briefing?{}", query())
    }));
    let issued = js_resource(Box::new(|| "/api/reports/briefings".to_owned()));
    let lead = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    // The new briefing's number and link, or the error in the language of the moment; shown as
    // text nodes, never as markup, since both come from the server.
    let outcome = RwSignal::new(None::<Result<(String, String), String>>);
    let issue = move |_| {
        sending.set(true);
        outcome.set(None);
        let period = fields()
            .iter()
            .map(|(k, v)| format!("\"{k}\":{}", json_str(v)))
            .collect::<Vec<_>>()
            .join(",");
        let body = format!(
            "{{\"period\":{{{period}}},\"lead\":{}}}",
            json_str(&lead.get_untracked())
        );
        leptos::task::spawn_local(async move {
            let shown = match api::post_js("/api/reports/briefings", body).await {
                Ok(v) => {
                    lead.set(String::new());
                    issued.refetch();
                    let done = Js(v);
                    let link = format!("/briefings/{}-{}", done.n("year"), done.n("seq"));
                    Ok((link, done.s("number")))
                }
                Err(err) => Err(err.message(i18n.lang.get_untracked())),
            };
            outcome.set(Some(shown));
            sending.set(false);
        });
    };
    view! {
        <section class="screen report" aria-labelledby="brief-title">
            <div class="report-head">
                <h1 id="brief-title">{tx("督办简报", "Supervision briefing")}</h1>
                <div class="toolbar no-print">
                    {print_button()}
                </div>
            </div>
            <div class="filters no-print" data-kind=move || kind.get()>
                <label>{tx("统计期间", "Period")}
                    <select data-testid="period-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {KINDS.into_iter().map(|(v, zh, en)| view! { <option value=v selected={v == "month"}>{tx(zh, en)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="not-custom">{tx("所在日期（空为今天）", "A date in it (blank: today)")}
                    <input type="date" bind:value=date />
                </label>
                <label class="only-custom">{tx("起", "From")}<input type="date" data-testid="period-from" bind:value=from /></label>
                <label class="only-custom">{tx("止", "To")}<input type="date" data-testid="period-to" bind:value=to /></label>
            </div>
            {report_view(preview, report::briefing)}
            <div class="form no-print" hidden=!office data-testid="issue-form">
                <h2>{tx("签发", "Issue")}</h2>
                <label class="field">
                    <span>{tx("按语（可选，最多 2000 字）", "Lead paragraph (optional, up to 2000 characters)")}</span>
                    <textarea rows="3" maxlength="2000" data-testid="lead" bind:value=lead></textarea>
                </label>
                <button type="button" class="button primary" data-testid="issue" disabled=move || sending.get() on:click=issue>
                    {move || if sending.get() { i18n.tr("正在签发…", "Issuing…") } else { i18n.tr("签发本期简报", "Issue this briefing") }}
                </button>
                {move || outcome.get().map(|shown| match shown {
                    Ok((link, number)) => view! {
                        <p class="form-ok" role="status" data-testid="issued-ok">
                            {tx("已签发：", "Issued: ")}<a href=link>{number}</a>
                        </p>
                    }.into_any(),
                    Err(message) => view! {
                        <p class="form-error" role="alert" data-testid="issue-error">{message}</p>
                    }.into_any(),
                })}
            </div>
            <h2>{tx("已签发的简报", "Issued briefings")}</h2>
            {report_view(issued, issued_list)}
        </section>
    }
}

/// The issued briefings, newest first as the server lists them.
fn issued_list(h: &mut Html, list: &Js) {
    let list = list.items();
    if list.is_empty() {
        h.raw(r#"<p class="muted">"#)
            .tr("尚未签发简报", "No briefing issued yet")
            .raw("</p>");
        return;
    }
    h.thead(
        "issued-list",
        &[
            ("期号", "Number"),
            ("统计期间", "Period"),
            ("签发日期", "Issued on"),
            ("签发人", "Issued by"),
        ],
    );
    for s in list {
        let number = s.s("number");
        let link = format!(
            r#"<a href="/briefings/{}-{}">{}</a>"#,
            s.n("year"),
            s.n("seq"),
            h.esc(&number)
        );
        let p = s.get("period");
        h.row(&number, &link)
            .td_text(&format!("{} — {}", p.s("from"), p.s("to")));
        h.td_text(&s.s("issued_on"))
            .td_text(&s.s("issued_by"))
            .end_row();
    }
    h.end_table();
}

/// `/briefings/{year}-{seq}`: an issued briefing as it was issued, with its lead paragraph.
#[component]
pub fn IssuedBriefing() -> impl IntoView {
    let params = use_params_map();
    let found = js_resource(Box::new(move || {
        format!(
            "/api/reports/briefings/{}",
            enc(&params.with(|p| p.get("no").unwrap_or_default()))
        )
    }));
    view! {
        <section class="screen report">
            <div class="report-head no-print">
                <a class="button small" href="/briefing">{tx("‹ 全部简报", "‹ All briefings")}</a>
                {print_button()}
            </div>
            {report_view(found, issued_briefing)}
        </section>
    }
}

fn issued_briefing(h: &mut Html, i: &Js) {
    h.raw(r#"<h1 data-testid="issued-number">"#)
        .text(&i.s("number"))
        .raw(r#"</h1><p class="muted">"#);
    h.tr("签发：", "Issued ")
        .text(&i.s("issued_on"))
        .raw(" · ")
        .text(&i.s("issued_by"))
        .raw("</p>");
    // Printed with the briefing so the paper copy vouches for the audit chain up to this entry.
    let head = i.get("audit_head");
    let hash = head.s("hash");
    if !hash.is_empty() {
        h.raw(r#"<p class="muted audit-head" data-testid="issued-audit-head">"#)
            .tr("审计链：第 ", "Audit chain: entry ")
            .text(&head.f("seq").unwrap_or_default().to_string())
            .tr(" 条，哈希 ", ", hash ")
            .raw("<code>")
            .text(&hash)
            .raw("</code></p>");
    }
    let lead = i.s("lead");
    if !lead.is_empty() {
        h.raw(r#"<p class="prose lead" data-testid="issued-lead">"#)
            .text(&lead)
            .raw("</p>");
    }
    let excel = format!("/api/reports/briefings/{}-{}.xlsx", i.n("year"), i.n("seq"));
    report::briefing_with(h, &i.get("briefing"), &excel);
}

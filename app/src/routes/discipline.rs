//! The discipline office's view, read-only: second-reminder matters and the accountability list (per unit, per matter).

use crate::api;
use crate::components::matter_list::{cards, load_error, skeleton};
use crate::components::report::{self, js_resource, print_button, report_view};
use crate::i18n::tx;
use leptos::prelude::*;
use shared::api::MatterQuery;

#[component]
pub fn Discipline() -> impl IntoView {
    // The list has no second-reminder filter: the open matters are few, so filter here.
    let reminded = LocalResource::new(|| async {
        let query = MatterQuery {
            per_page: Some(200),
            ..MatterQuery::default()
        };
        api::matters(&query).await.map(|page| {
            page.items
                .into_iter()
                .filter(|m| m.second_reminder)
                .collect::<Vec<_>>()
        })
    });
    // `None`: this year, as the server's calendar says; the buttons step a year from what was shown.
    let year = RwSignal::new(None::<i32>);
    let report = js_resource(Box::new(move || match year.get() {
        None => "/api/reports/accountability".to_owned(),
        Some(y) => format!("/api/reports/accountability?period=year&date={y}-01-01"),
    }));
    let shown = move || {
        report.get().and_then(Result::ok).and_then(|v| {
            let from = report::Js(v).get("period").s("from");
            from.get(..4).and_then(|y| y.parse::<i32>().ok())
        })
    };
    let step = move |by: i32| {
        if let Some(y) = shown() {
            year.set(Some(y + by));
        }
    };
    view! {
        <section class="screen report" aria-labelledby="disc-title">
            <div class="report-head">
                <h1 id="disc-title">{tx("二次催办事项", "Matters with a second reminder")}</h1>
                <div class="toolbar no-print">{print_button()}</div>
            </div>
            {move || match reminded.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || reminded.refetch()),
                Some(Ok(items)) => cards(items, ("暂无二次催办事项", "No second reminders")),
            }}
            <h2>{tx("问责清单", "Accountability list")}</h2>
            <div class="toolbar no-print">
                <button type="button" class="button small" on:click=move |_| step(-1)>{tx("‹ 上一年", "‹ Previous year")}</button>
                <strong data-testid="accountability-year">{shown}</strong>
                <button type="button" class="button small" on:click=move |_| step(1)>{tx("下一年 ›", "Next year ›")}</button>
            </div>
            {report_view(report, report::accountability)}
        </section>
    }
}

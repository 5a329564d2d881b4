//! The discipline office's view, read-only: second-reminder matters and the accountability list.

use crate::api;
use crate::components::matter_list::{cards, load_error, skeleton};
use crate::format::{Units, opt_date};
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::api::MatterQuery;
use shared::stats::AccountabilityReason;

fn reason_name(reason: AccountabilityReason, lang: Lang) -> &'static str {
    use AccountabilityReason as R;
    match (reason, lang) {
        (R::UnexplainedOverdue, Lang::Zh) => "超期且未说明",
        (R::SecondReminder, Lang::Zh) => "二次催办",
        (R::ReturnedReport, Lang::Zh) => "办理结果被退回",
        (R::Misreported, Lang::Zh) => "反映情况失实",
        (R::Uncooperative, Lang::Zh) => "不积极配合",
        (R::UnexplainedOverdue, Lang::En) => "Overdue, unexplained",
        (R::SecondReminder, Lang::En) => "Second reminder",
        (R::ReturnedReport, Lang::En) => "Report returned",
        (R::Misreported, Lang::En) => "Misreported",
        (R::Uncooperative, Lang::En) => "Uncooperative",
    }
}

#[component]
pub fn Discipline() -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
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
    let report = LocalResource::new(api::accountability);
    view! {
        <section class="screen" aria-labelledby="disc-title">
            <h1 id="disc-title">{tx("二次催办事项", "Matters with a second reminder")}</h1>
            {move || match reminded.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || reminded.refetch()),
                Some(Ok(items)) => cards(items, ("暂无二次催办事项", "No second reminders")),
            }}
            <h2>{tx("问责清单", "Accountability list")}</h2>
            {move || match report.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || report.refetch()),
                Some(Ok(report)) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="accountability">
                            <thead><tr>
                                <th scope="col">{tx("编号", "No.")}</th>
                                <th scope="col">{tx("事项", "Matter")}</th>
                                <th scope="col">{tx("单位", "Unit")}</th>
                                <th scope="col">{tx("时限", "Deadline")}</th>
                                <th scope="col">{tx("情形", "Grounds")}</th>
                            </tr></thead>
                            <tbody>
                                {report.lines.into_iter().map(|line| {
                                    let unit = line.unit.clone();
                                    let reasons = line.reasons.clone();
                                    view! {
                                        <tr>
                                            <td>{line.number.unwrap_or_default()}</td>
                                            <td><a href=format!("/matters/{}", line.matter_id)>{line.title}</a></td>
                                            <td>{move || units.name(&unit)}</td>
                                            <td>{opt_date(line.deadline)}</td>
                                            <td>{move || reasons.iter().map(|r| reason_name(*r, i18n.get())).collect::<Vec<_>>().join("、")}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

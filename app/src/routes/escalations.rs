//! The office's escalation queue: routine matters with grounds for key supervision, escalated in one click.

use crate::api::{self, ActError};
use crate::components::matter_list::{MatterCard, load_error, skeleton};
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::api::EscalationProposal;
use shared::engine::Action;
use shared::escalation::EscalationReason;
use shared::light::Light;

fn reason_name(reason: EscalationReason, lang: Lang) -> &'static str {
    use EscalationReason as R;
    match (reason, lang) {
        (R::Overdue, Lang::Zh) => "未能在规定时限内完成",
        (R::ReviewFailed, Lang::Zh) => "办理结果未达到要求",
        (R::RemindersWithoutResult, Lang::Zh) => "经多次催办仍未完成",
        (R::Emergency, Lang::Zh) => "紧急事项需立即落实",
        (R::Overdue, Lang::En) => "Not done in time",
        (R::ReviewFailed, Lang::En) => "Result fell short",
        (R::RemindersWithoutResult, Lang::En) => "Reminders without result",
        (R::Emergency, Lang::En) => "Urgent",
    }
}

#[component]
pub fn Escalations() -> impl IntoView {
    let queue = LocalResource::new(api::escalations);
    view! {
        <section class="screen" aria-labelledby="esc-title">
            <h1 id="esc-title">{tx("建议转重点督办", "Proposed for key supervision")}</h1>
            {move || match queue.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || queue.refetch()),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">{tx("目前没有建议转重点督办的事项。", "Nothing is proposed for escalation.")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div>
                        {list.into_iter().map(|p| view! { <Proposal p=p /> }).collect_view()}
                    </div>
                }.into_any(),
            }}
            <crate::components::watch::Watch light=Light::Red />
            <crate::components::watch::Watch light=Light::Yellow />
            <crate::components::watch::Chase watch=shared::watch::Watch::UnansweredReminder />
            <crate::components::watch::Chase watch=shared::watch::Watch::ReturnedReport />
        </section>
    }
}

#[component]
fn Proposal(p: EscalationProposal) -> impl IntoView {
    let i18n = I18n::use_();
    let state = RwSignal::new(None::<Result<Option<String>, ActError>>);
    let pending = RwSignal::new(false);
    let id = p.matter.id.clone();
    let version = p.matter.version;
    let reasons = p.reasons.clone();
    let shown = reasons.clone();
    let escalate = move |_| {
        let (id, reasons) = (id.clone(), reasons.clone());
        pending.set(true);
        leptos::task::spawn_local(async move {
            let action = Action::Escalate {
                reasons,
                note: String::new(),
                lead_leader: None,
                requirements: None,
                deadline: None,
            };
            let result = api::act(&id, version, action, false).await;
            pending.set(false);
            state.set(Some(result.map(|r| r.created_matter)));
        });
    };
    view! {
        <div class="proposal" data-testid="escalation">
            // A card is a list item: its own list, so the queue is valid markup for screen readers.
            <ul class="matter-cards"><MatterCard m=p.matter /></ul>
            <p class="reasons">
                {move || shown.iter().map(|r| reason_name(*r, i18n.get())).collect::<Vec<_>>().join("；")}
            </p>
            {move || match state.get() {
                Some(Ok(created)) => view! {
                    <p class="form-ok" role="status">
                        {tx("已转为重点督办。", "Escalated.")} " "
                        {created.clone().map(|id| view! {
                            <a href=format!("/matters/{id}")>{tx("查看新事项", "Open the key item")}</a>
                        })}
                    </p>
                }.into_any(),
                other => {
                    let error = other.and_then(Result::err).map(ActError::messages);
                    let escalate = escalate.clone();
                    view! {
                        <p class="form-error" role="alert">
                            {move || error.clone().map(|(zh, en)| if i18n.get() == Lang::Zh { zh } else { en })}
                        </p>
                        <button type="button" class="button primary" disabled=move || pending.get() on:click=escalate>
                            {tx("转为重点督办", "Escalate to key supervision")}
                        </button>
                    }.into_any()
                }
            }}
        </div>
    }
}

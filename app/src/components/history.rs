//! The matter's events in order: date, who, the Chinese action name and what it recorded.

use crate::format::actor_name;
use crate::i18n::{I18n, Lang};
use leptos::prelude::*;
use shared::engine::{Action, Event};

/// The one or two facts of an action worth a line in the history.
fn summary(action: &Action) -> String {
    use Action as A;
    match action {
        A::Propose { matter, .. } => matter.title.clone(),
        A::StartEmergency { title, .. } => title.clone(),
        A::ApproveProposal { opinion }
        | A::RejectProposal { opinion }
        | A::ApproveClosure { opinion } => opinion.clone(),
        A::UpdateRequirements { note, deadline, .. } => match deadline {
            Some(d) => format!("{note}（时限 {d}）"),
            None => note.clone(),
        },
        A::Register {} | A::Issue { .. } => String::new(),
        A::SignFor { signer } => signer.clone(),
        A::Reply(c) => format!("承诺 {}：{}", c.promised_date, c.measures),
        A::SubmitWorkPlan { plan } => plan.clone(),
        A::ReportProgress { text, .. } => text.clone(),
        A::RecordFollowUp { note, outcome, .. } => format!("{note} → {outcome}"),
        A::SendReminder { content, due } | A::SendSecondReminder { content, due } => {
            format!("{content}（限 {due}）")
        }
        A::RequestExtension {
            reason,
            new_deadline,
            ..
        } => format!("{reason}（至 {new_deadline}）"),
        A::DecideExtension { approve, opinion } => {
            format!("{}：{opinion}", if *approve { "同意" } else { "不同意" })
        }
        A::ReportObstacle { reason, .. } => reason.clone(),
        A::SubmitCompletionReport(r) => r.results.clone(),
        A::ReviewReport {
            passed, reasons, ..
        } => {
            if *passed {
                "通过".to_owned()
            } else {
                format!("退回：{}", reasons.join("；"))
            }
        }
        A::Verify { note, .. } => note.clone(),
        A::OrderRectification { items } => format!("{} 项", items.len()),
        A::ReportRectification { text, .. } => text.clone(),
        A::ReportResult { summary } => summary.clone(),
        A::Archive { archivist, .. } => archivist.clone(),
        A::Escalate { note, .. } => note.clone(),
        A::CompleteEmergencyForm { requirements, .. } => requirements.clone(),
        A::RollOverYear { plan, .. } => plan.clone(),
    }
}

#[component]
pub fn History(events: Vec<Event>) -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <ol class="history" data-testid="history">
            {events
                .into_iter()
                .map(|e| {
                    let kind = e.action.kind();
                    let text = summary(&e.action);
                    let actor = e.actor.clone();
                    view! {
                        <li>
                            <span class="history-date">{e.on.to_string()}</span>
                            <strong>
                                {move || match i18n.get() {
                                    Lang::Zh => kind.name_zh(),
                                    Lang::En => kind.name_en(),
                                }}
                            </strong>
                            <span class="muted-inline">{move || actor_name(&actor, i18n.get())}</span>
                            {(!text.is_empty()).then(|| view! { <p class="history-text">{text}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

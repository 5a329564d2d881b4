//! The matter's events in order: date, who, the Chinese action name and what it recorded.

use crate::format::actor_name;
use crate::i18n::{I18n, Lang};
use crate::model::Event;
use leptos::prelude::*;
use shared::engine::ActionKind;

/// The one or two facts of an action worth a line in the history, read from its JSON by field name.
fn summary(e: &Event) -> String {
    use ActionKind as K;
    let Some(kind) = e.kind() else {
        return String::new();
    };
    let t = |f: &str| e.text(f).to_owned();
    match kind {
        K::Propose => e
            .action
            .matter
            .as_ref()
            .map(|m| m.title.clone())
            .unwrap_or_default(),
        K::StartEmergency => t("title"),
        K::ApproveProposal | K::RejectProposal | K::ApproveClosure => t("opinion"),
        K::UpdateRequirements | K::Escalate => t("note"),
        K::Register | K::Issue => String::new(),
        K::SignFor => t("signer"),
        K::Reply => format!("承诺 {}：{}", t("promised_date"), t("measures")),
        K::SubmitWorkPlan | K::RollOverYear => t("plan"),
        K::ReportProgress | K::ReportRectification => t("text"),
        K::RecordFollowUp => format!("{} → {}", t("note"), t("outcome")),
        K::SendReminder | K::SendSecondReminder => format!("{}（限 {}）", t("content"), t("due")),
        K::RequestExtension => format!("{}（至 {}）", t("reason"), t("new_deadline")),
        K::DecideExtension => {
            let verdict = if e.flag("approve") {
                "同意"
            } else {
                "不同意"
            };
            format!("{verdict}：{}", t("opinion"))
        }
        K::ReportObstacle => t("reason"),
        K::SubmitCompletionReport => t("results"),
        K::ReviewReport if e.flag("passed") => "通过".to_owned(),
        K::ReviewReport => {
            let reasons = e.action.reasons.as_deref().unwrap_or_default();
            format!("退回：{}", reasons.join("；"))
        }
        K::Verify => t("note"),
        K::OrderRectification => {
            let n = e.action.items.as_ref().map_or(0, Vec::len);
            format!("{n} 项")
        }
        K::ReportResult => t("summary"),
        K::Archive => t("archivist"),
        K::CompleteEmergencyForm => t("requirements"),
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
                    let kind = e.kind();
                    let text = summary(&e);
                    let actor = e.actor.clone();
                    view! {
                        <li>
                            <span class="history-date">{e.on.to_string()}</span>
                            <strong>
                                {move || match (kind, i18n.get()) {
                                    (Some(k), Lang::Zh) => k.name_zh(),
                                    (Some(k), Lang::En) => k.name_en(),
                                    (None, _) => "",
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

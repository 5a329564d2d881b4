//! The office's escalation queue: routine matters with grounds for key supervision. Escalating one opens
//! a form in place: the note (prefilled from the grounds), the lead leader, optional requirements and deadline.

use crate::api;
use crate::components::leaders::{LeaderSelect, Leaders};
use crate::components::matter_list::{MatterCard, load_error, skeleton};
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::api::EscalationProposal;
use shared::engine::Action;
use shared::escalation::EscalationReason;
use shared::light::Light;

fn reason_name(reason: EscalationReason, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => reason.name_zh(),
        Lang::En => reason.name_en(),
    }
}

#[component]
pub fn Escalations() -> impl IntoView {
    let queue = LocalResource::new(api::escalations);
    let leaders = crate::components::leaders::leaders(|| true);
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
                        {list.into_iter().map(|p| view! { <Proposal p=p leaders=leaders /> }).collect_view()}
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

fn note_for(reasons: &[EscalationReason], lang: Lang) -> String {
    shared::escalation::note_for(reasons, lang == Lang::En)
}

#[component]
fn Proposal(p: EscalationProposal, leaders: Leaders) -> impl IntoView {
    let i18n = I18n::use_();
    let (open, pending) = (RwSignal::new(false), RwSignal::new(false));
    let done = RwSignal::new(None::<Option<String>>);
    let error = RwSignal::new(None::<(String, String)>);
    let [note, leader, requirements, deadline] = [(); 4].map(|_| RwSignal::new(String::new()));
    let id = StoredValue::new(p.matter.id.clone());
    let version = p.matter.version;
    let reasons = StoredValue::new(p.reasons.clone());
    let start = move |_| {
        if note.get_untracked().is_empty() {
            note.set(note_for(&reasons.get_value(), i18n.get()));
        }
        open.set(true);
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if leader.get_untracked().is_empty() {
            error.set(Some((
                "请选择牵头领导".into(),
                "Choose the lead leader".into(),
            )));
            return;
        }
        let typed = |s: RwSignal<String>| Some(s.get_untracked()).filter(|t| !t.trim().is_empty());
        let action = Action::Escalate {
            reasons: reasons.get_value(),
            note: note.get_untracked(),
            lead_leader: typed(leader),
            requirements: typed(requirements),
            deadline: typed(deadline).and_then(|d| d.parse().ok()),
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            // What is typed stays in the signals: a refusal is shown above the same form.
            match api::act(&id.get_value(), version, action, true).await {
                Ok(r) => done.set(Some(r.created_matter)),
                Err(e) => error.set(Some(e.messages())),
            }
            pending.set(false);
        });
    };
    let field = move |name: &str| format!("esc-{name}-{}", id.get_value());
    view! {
        <div class="proposal" data-testid="escalation">
            // A card is a list item: its own list, so the queue is valid markup for screen readers.
            <ul class="matter-cards"><MatterCard m=p.matter /></ul>
            <p class="reasons">
                {move || reasons.get_value().iter().map(|r| reason_name(*r, i18n.get())).collect::<Vec<_>>().join("；")}
            </p>
            {move || match done.get() {
                Some(created) => view! {
                    <p class="form-ok" role="status">
                        {tx("已转为重点督办。", "Escalated.")} " "
                        {created.map(|id| view! {
                            <a href=format!("/matters/{id}")>{tx("查看新事项", "Open the key item")}</a>
                        })}
                    </p>
                }.into_any(),
                None if open.get() => view! {
                    <form class="approve" on:submit=confirm novalidate>
                        <div class="field"><label for=field("note")>{tx("转重点督办的说明", "Note on the escalation")}</label>
                            <textarea id=field("note") rows="3" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea></div>
                        <div class="field"><label for=field("leader")>{tx("牵头领导", "Lead leader")}</label>
                            <LeaderSelect id=field("leader") value=leader leaders=leaders /></div>
                        <div class="field"><label for=field("req")>{tx("办理要求（留空沿用原要求）", "Requirements (blank: keep the current ones)")}</label>
                            <textarea id=field("req") rows="2" prop:value=requirements on:input=move |ev| requirements.set(event_target_value(&ev))></textarea></div>
                        <div class="field"><label for=field("deadline")>{tx("办结时限（可稍后在督办单中填写）", "Deadline (may follow on the supervision sheet)")}</label>
                            <input id=field("deadline") type="date" bind:value=deadline /></div>
                        <p class="form-error" role="alert">
                            {move || error.get().map(|(zh, en)| if i18n.get() == Lang::Zh { zh } else { en })}
                        </p>
                        <div class="buttons">
                            <button type="submit" class="button primary" disabled=move || pending.get()>{tx("确认转为重点督办", "Confirm the escalation")}</button>
                            <button type="button" class="button" on:click=move |_| open.set(false)>{tx("取消", "Cancel")}</button>
                        </div>
                    </form>
                }.into_any(),
                None => view! {
                    <button type="button" class="button primary" on:click=start>
                        {tx("转为重点督办", "Escalate to key supervision")}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}

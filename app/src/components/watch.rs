//! The office's watch lists beside the escalation queue: overdue and due-soon matters, reminders
//! without an answer and reports sent back, each with its next step in one click: a reminder
//! (催办单) for an overdue or returned one, a second reminder (二次催办) for an unanswered one.

use crate::api::{self, ActError};
use crate::components::matter_list::{MatterCard, load_error, skeleton};
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::api::{MatterQuery, MatterSummary};
use shared::engine::Action;
use shared::light::Light;

/// Days a unit gets to answer a reminder sent from the queue; the form on the matter page lets
/// the office write its own text and date instead.
const ANSWER_WITHIN_DAYS: u64 = 5;

const REMINDER_TEXT: &str = "该事项已超过办结时限，请抓紧办理，并于限期内书面反馈办理情况。";
const RETURNED_TEXT: &str = "办理结果经审核退回，请按审核意见抓紧办理，并于限期内重新报送。";
const SECOND_TEXT: &str =
    "该事项经催办仍未反馈，现二次催办并抄送纪委办公室，请立即办理，并于限期内书面反馈。";

/// The reminder a watch list offers in one click.
#[derive(Clone, Copy, PartialEq)]
enum Offer {
    First(&'static str),
    Second,
}

/// The open matters of one light (red: overdue, yellow: due soon), nearest deadline first.
#[component]
pub fn Watch(light: Light) -> impl IntoView {
    let testid = if light == Light::Red {
        "watch-red"
    } else {
        "watch-yellow"
    };
    let title = (light.explained_zh(), light.explained_en());
    // Only overdue matters get a 催办单 here (HBUT 第四条(五)).
    let offer = (light == Light::Red).then_some(Offer::First(REMINDER_TEXT));
    let query = MatterQuery {
        light: Some(light),
        ..MatterQuery::default()
    };
    watch_list(title, testid, query, offer)
}

/// One chase list: matters whose reminder has no answer yet, or whose report came back.
#[component]
pub fn Chase(watch: shared::watch::Watch) -> impl IntoView {
    use shared::watch::Watch as W;
    let (zh, en, testid, offer) = match watch {
        W::UnansweredReminder => (
            "催办未回复",
            "Reminders without an answer",
            "watch-unanswered",
            Offer::Second,
        ),
        W::ReturnedReport => (
            "退回未重报",
            "Reports sent back",
            "watch-returned",
            Offer::First(RETURNED_TEXT),
        ),
    };
    let query = MatterQuery {
        watch: Some(watch),
        ..MatterQuery::default()
    };
    watch_list((zh, en), testid, query, Some(offer))
}

/// A heading and the open matters `query` picks, nearest deadline first, each with `offer`.
fn watch_list(
    title: (&'static str, &'static str),
    testid: &'static str,
    query: MatterQuery,
    offer: Option<Offer>,
) -> AnyView {
    let query = MatterQuery {
        open: Some(true),
        sort: Some("deadline".into()),
        per_page: Some(50),
        ..query
    };
    let items = LocalResource::new(move || {
        let query = query.clone();
        async move { api::matters(&query).await }
    });
    view! {
        <h2>{tx(title.0, title.1)}</h2>
        <div data-testid=testid>
            {move || match items.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || items.refetch()),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <p class="muted">{tx("暂无", "None")}</p> }.into_any()
                }
                Some(Ok(page)) => page
                    .items
                    .into_iter()
                    .map(|m| view! { <Remind m=m offer=offer /> })
                    .collect_view()
                    .into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn Remind(m: MatterSummary, offer: Option<Offer>) -> impl IntoView {
    let i18n = I18n::use_();
    let state = RwSignal::new(None::<Result<(), ActError>>);
    let pending = RwSignal::new(false);
    let (id, version) = (m.id.clone(), m.version);
    // No button without a readable date.
    let due = crate::format::today()
        .parse::<chrono::NaiveDate>()
        .ok()
        .map(|day| day + chrono::Days::new(ANSWER_WITHIN_DAYS))
        .filter(|_| offer.is_some());
    let remind = move |_| {
        let (Some(due), Some(offer)) = (due, offer) else {
            return;
        };
        let id = id.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let action = match offer {
                Offer::First(text) => Action::SendReminder {
                    content: text.into(),
                    due,
                },
                Offer::Second => Action::SendSecondReminder {
                    content: SECOND_TEXT.into(),
                    due,
                },
            };
            let result = api::act(&id, version, action, true).await.map(|_| ());
            pending.set(false);
            state.set(Some(result));
        });
    };
    view! {
        <div class="watch-item" data-testid="watch-item">
            <ul class="matter-cards"><MatterCard m=m /></ul>
            {due.is_some().then(|| view! {
                {move || match state.get() {
                    Some(Ok(())) => view! {
                        <p class="form-ok" role="status">{
                            if offer == Some(Offer::Second) { tx("已二次催办。", "Second reminder sent.") }
                            else { tx("已发催办单。", "Reminder sent.") }
                        }</p>
                    }.into_any(),
                    other => {
                        let error = other.and_then(Result::err).map(ActError::messages);
                        let remind = remind.clone();
                        view! {
                            <p class="form-error" role="alert">
                                {move || error.clone().map(|(zh, en)| if i18n.get() == Lang::Zh { zh } else { en })}
                            </p>
                            <button type="button" class="button" disabled=move || pending.get() on:click=remind>
                                {if offer == Some(Offer::Second) { tx("二次催办", "Send a second reminder") }
                                 else { tx("发催办单", "Send a reminder") }}
                            </button>
                        }.into_any()
                    }
                }}
            })}
        </div>
    }
}

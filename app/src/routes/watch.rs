//! The office's watch lists beside the escalation queue: overdue and due-soon matters, and a
//! reminder (催办单) for an overdue one in one click.

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

/// The open matters of one light (red: overdue, yellow: due soon), nearest deadline first.
#[component]
pub fn Watch(light: Light) -> impl IntoView {
    let items = LocalResource::new(move || async move {
        let query = MatterQuery {
            light: Some(light),
            open: Some(true),
            sort: Some("deadline".into()),
            per_page: Some(50),
            ..MatterQuery::default()
        };
        api::matters(&query).await
    });
    let (zh, en, testid) = if light == Light::Red {
        ("已超期", "Overdue", "watch-red")
    } else {
        ("即将到期", "Due soon", "watch-yellow")
    };
    view! {
        <h2>{tx(zh, en)}</h2>
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
                    .map(|m| view! { <Remind m=m /> })
                    .collect_view()
                    .into_any(),
            }}
        </div>
    }
}

#[component]
fn Remind(m: MatterSummary) -> impl IntoView {
    let i18n = I18n::use_();
    let state = RwSignal::new(None::<Result<(), ActError>>);
    let pending = RwSignal::new(false);
    let (id, version) = (m.id.clone(), m.version);
    // Only overdue matters get a 催办单 (HBUT 第四条(五)); no button without a readable date.
    let due = crate::format::today()
        .parse::<chrono::NaiveDate>()
        .ok()
        .map(|day| day + chrono::Days::new(ANSWER_WITHIN_DAYS))
        .filter(|_| m.light == Light::Red);
    let remind = move |_| {
        let Some(due) = due else { return };
        let id = id.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let action = Action::SendReminder {
                content: REMINDER_TEXT.into(),
                due,
            };
            let result = api::act(&id, version, action).await.map(|_| ());
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
                        <p class="form-ok" role="status">{tx("已发催办单。", "Reminder sent.")}</p>
                    }.into_any(),
                    other => {
                        let error = other.and_then(Result::err).map(ActError::messages);
                        let remind = remind.clone();
                        view! {
                            <p class="form-error" role="alert">
                                {move || error.clone().map(|(zh, en)| if i18n.get() == Lang::Zh { zh } else { en })}
                            </p>
                            <button type="button" class="button" disabled=move || pending.get() on:click=remind>
                                {tx("发催办单", "Send a reminder")}
                            </button>
                        }.into_any()
                    }
                }}
            })}
        </div>
    }
}

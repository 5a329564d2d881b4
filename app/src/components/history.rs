//! The matter's events in order: date, who, the action's name and the line its description gives it.

use crate::format::actor_name;
use crate::i18n::{I18n, Lang};
use crate::model::Event;
use leptos::prelude::*;

#[component]
pub fn History(events: Vec<Event>) -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <ol class="history" data-testid="history">
            {events
                .into_iter()
                .map(|e| {
                    let kind = e.kind();
                    let text = e.action.line();
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

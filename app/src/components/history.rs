//! The matter's events in order: date, who, the action's name and the line its description gives it.

use crate::format::actor_name;
use crate::i18n::{I18n, Lang};
use crate::model::Event;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn History(events: Vec<Event>, names: BTreeMap<String, String>) -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <ol class="history" data-testid="history">
            {events
                .into_iter()
                .map(|e| {
                    let kind = e.kind();
                    let text = e.action.line();
                    let actor = actor_name(&e.actor, Lang::Zh, &names);
                    let actor_en = actor_name(&e.actor, Lang::En, &names);
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
                            <span class="muted-inline">{move || if i18n.get() == Lang::Zh { actor.clone() } else { actor_en.clone() }}</span>
                            {(!text.is_empty()).then(|| view! { <p class="history-text">{text}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

//! The leaders (校领导) a form may name, picked by display name: the queue's escalation, the matter
//! page's forms and the new-matter form share this one list and select.

use crate::api;
use crate::i18n::tx;
use leptos::prelude::*;
use shared::Role;

/// (username, display name) of every active leader.
pub type Leaders = LocalResource<Vec<(String, String)>>;

/// Reads the leaders when `wanted` says a form on screen needs them (only the office may list users,
/// `Capability::ListUsers`, so other roles never ask).
pub fn leaders(wanted: impl Fn() -> bool + 'static) -> Leaders {
    LocalResource::new(move || {
        let wanted = wanted();
        async move {
            if !wanted {
                return Vec::new();
            }
            let users = api::users().await.unwrap_or_default();
            let leaders = users
                .into_iter()
                .filter(|u| u.active && u.role == Role::Leader);
            leaders.map(|u| (u.username, u.display_name)).collect()
        }
    })
}

/// A select of the leaders by name; the value is the username ("" until one is chosen).
#[component]
pub fn LeaderSelect(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    leaders: Leaders,
    #[prop(optional)] invalid: Option<Signal<Option<&'static str>>>,
) -> impl IntoView {
    view! {
        <select id=id prop:value=value aria-invalid=move || invalid.and_then(|i| i.get())
            on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">{tx("请选择", "Choose")}</option>
            {move || leaders.get().unwrap_or_default().into_iter().map(|(user, name)| {
                let chosen = value.get_untracked() == user;
                view! { <option value=user selected=chosen>{name}</option> }
            }).collect_view()}
        </select>
    }
}

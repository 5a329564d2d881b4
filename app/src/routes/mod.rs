//! One module per screen (a route of `lib.rs` or a role's home); `NotFound` is the router's fallback.
//! Pieces used by screens live in `components`.

pub mod admin;
pub mod briefing;
pub mod dashboard;
pub mod discipline;
pub mod drafts;
pub mod escalations;
pub mod home;
pub mod inbox;
pub mod ledger;
pub mod login;
pub mod matter;
pub mod new_matter;
pub mod password;
pub mod quarterly;
pub mod settings;

use crate::i18n::{I18n, Key};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <section class="card">
            <p>{move || i18n.t(Key::NotFound)}</p>
            <a href="/">{move || i18n.t(Key::BackHome)}</a>
        </section>
    }
}

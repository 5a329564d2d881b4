//! One module per route; `NotFound` is the router's fallback.

pub mod home;
pub mod login;

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

//! `/`: the signed-in user's main screen, chosen by role; the shell above it shows who is signed in.

use crate::i18n::{I18n, Key};
use crate::{RedirectTo, Session, Spinner, chunks, refresh_session, use_session};
use leptos::prelude::*;
use shared::role::Role;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedOut => view! { <RedirectTo path="/login" /> }.into_any(),
        Session::SignedIn(me) => match me.role {
            Role::UnitHead | Role::Liaison | Role::Handler => chunks::inbox::screen().into_any(),
            Role::Office => chunks::ledger::screen().into_any(),
            Role::Leader => chunks::dashboard::screen().into_any(),
            Role::Discipline => chunks::discipline::screen().into_any(),
            Role::Admin => chunks::admin::screen().into_any(),
        },
        Session::Unreachable(err) => view! {
            <section class="card">
                <p class="form-error" role="alert">{move || err.message(i18n.get())}</p>
                <button type="button" class="button" on:click=move |_| refresh_session(session)>
                    {move || i18n.t(Key::Retry)}
                </button>
            </section>
        }
        .into_any(),
    }
}

/// Wraps a screen that needs a session: a spinner while checking, the login page without one.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedIn(_) => children().into_any(),
        _ => view! { <RedirectTo path="/login" /> }.into_any(),
    }
}

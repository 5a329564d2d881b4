//! `/`: the signed-in user's main screen, the role's home in the capability table; the shell above it shows who is signed in.

use crate::i18n::{I18n, Key};
use crate::{RedirectTo, Session, Spinner, chunks, refresh_session, use_session};
use leptos::prelude::*;
use shared::Capability;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedOut => view! { <RedirectTo path="/login" /> }.into_any(),
        Session::SignedIn(me) => match me.role.home() {
            Capability::Ledger => chunks::ledger::screen().into_any(),
            Capability::Dashboard => chunks::dashboard::screen().into_any(),
            Capability::Accountability => chunks::discipline::screen().into_any(),
            Capability::ManageUsers => chunks::admin::screen().into_any(),
            _ => chunks::inbox::screen().into_any(),
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

//! `/`: who is signed in (name, role, unit) and the sign-out button; later issues add the role screens.

use crate::api::{self, ApiError};
use crate::i18n::{I18n, Key, Lang};
use crate::{RedirectTo, Session, Spinner, refresh_session, use_session};
use leptos::prelude::*;
use shared::api::Me;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedOut => view! { <RedirectTo path="/login" /> }.into_any(),
        Session::SignedIn(me) => view! { <Profile me=me /> }.into_any(),
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

#[component]
fn Profile(me: Me) -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    let role = me.role;
    let unit = me.unit.map(|unit| unit.name);

    let logout = Action::new_local(|_: &()| api::logout());
    let pending = logout.pending();
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match logout.value().get() {
        // A 401 means the session had already ended: signed out either way.
        Some(Ok(())) => session.set(Session::SignedOut),
        Some(Err(err)) if err.status() == Some(401) => session.set(Session::SignedOut),
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });

    view! {
        <section class="card profile" aria-labelledby="profile-name">
            <p class="muted">{move || i18n.t(Key::Welcome)}</p>
            <h1 id="profile-name" data-testid="display-name">{me.display_name}</h1>
            <dl class="facts">
                <div>
                    <dt>{move || i18n.t(Key::Role)}</dt>
                    <dd data-testid="role">
                        {move || match i18n.get() {
                            Lang::Zh => role.name_zh(),
                            Lang::En => role.name_en(),
                        }}
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t(Key::Unit)}</dt>
                    <dd data-testid="unit">
                        {move || unit.clone().unwrap_or_else(|| i18n.t(Key::NoUnit).to_owned())}
                    </dd>
                </div>
            </dl>
            <p class="muted">{move || i18n.t(Key::NextSteps)}</p>
            <p class="form-error" role="alert">
                {move || error.get().map(|err| err.message(i18n.get()))}
            </p>
            <button
                type="button"
                class="button"
                disabled=move || pending.get()
                on:click=move |_| {
                    logout.dispatch(());
                }
            >
                {move || {
                    if pending.get() { i18n.t(Key::SigningOut) } else { i18n.t(Key::SignOut) }
                }}
            </button>
        </section>
    }
}

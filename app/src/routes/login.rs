//! `/login`: the sign-in form; shows the server's error in the UI's language.

use crate::api::{self, ApiError};
use crate::components::field::Field;
use crate::i18n::{I18n, Key};
use crate::{RedirectTo, Session, Spinner, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::api::LoginRequest;

/// What went wrong with the last attempt; kept structured so a language switch re-translates it.
#[derive(Debug, Clone, PartialEq)]
enum FormError {
    Empty,
    Api(ApiError),
}

#[component]
pub fn Login() -> impl IntoView {
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedIn(_) => view! { <RedirectTo path="/" /> }.into_any(),
        Session::SignedOut | Session::Unreachable(_) => view! { <LoginForm /> }.into_any(),
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let i18n = I18n::use_();
    let net = crate::offline::Net::use_();
    let session = use_session();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);

    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { api::login(&request).await }
    });
    let pending = login.pending();
    Effect::new(move |_| match login.value().get() {
        Some(Ok(me)) => session.set(Session::SignedIn(me)),
        Some(Err(err)) => error.set(Some(FormError::Api(err))),
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if request.username.is_empty() || request.password.is_empty() {
            error.set(Some(FormError::Empty));
            return;
        }
        error.set(None);
        login.dispatch(request);
    };

    let message = move || {
        error.get().map(|err| match err {
            FormError::Empty => i18n.t(Key::FillBoth).to_owned(),
            FormError::Api(err) => err.message(i18n.get()),
        })
    };
    let invalid = Signal::derive(move || error.get().is_some());

    view! {
        <section class="card login-card" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t(Key::LoginTitle)}</h1>
            <p class="muted">{move || i18n.t(Key::LoginIntro)}</p>
            {move || net.expired.get().then(|| view! {
                <p class="offline-note" role="status" data-testid="session-expired">
                    {move || i18n.tr(
                        "登录已过期。待发送的内容保存在本机，重新登录后自动发送。",
                        "Your session has ended. What was waiting to be sent is kept on this device and goes out once you sign in again.",
                    )}
                </p>
            })}
            <form class="form" on:submit=on_submit novalidate>
                <Field
                    id="username"
                    label=Key::Username
                    kind="text"
                    autocomplete="username"
                    value=username
                    invalid=invalid
                    described_by="login-error"
                />
                <Field
                    id="password"
                    label=Key::Password
                    kind="password"
                    autocomplete="current-password"
                    value=password
                    invalid=invalid
                    described_by="login-error"
                />
                <p id="login-error" class="form-error" role="alert" data-testid="login-error">
                    {message}
                </p>
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || {
                        if pending.get() { i18n.t(Key::SigningIn) } else { i18n.t(Key::SignIn) }
                    }}
                </button>
            </form>
        </section>
    }
}

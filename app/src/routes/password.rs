//! `/password`: the signed-in user changes their own password; their other sessions end with it.

use crate::api::{self, ApiError};
use crate::components::field::Field;
use crate::i18n::{I18n, Key};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::admin::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordChange};

/// The rule and the error describe every field.
const DESCRIBED_BY: &str = "password-rule password-error";

/// The outcome of the last attempt; kept structured so a language switch re-translates it.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Changed,
    RepeatDiffers,
    Api(ApiError),
}

#[component]
pub fn ChangePassword() -> impl IntoView {
    let i18n = I18n::use_();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);

    let change = Action::new_local(|change: &PasswordChange| {
        let change = change.clone();
        async move { api::change_password(&change).await }
    });
    let pending = change.pending();
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            for field in [current, new, repeat] {
                field.set(String::new());
            }
            outcome.set(Some(Outcome::Changed));
        }
        Some(Err(err)) => outcome.set(Some(Outcome::Api(err))),
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // The length rule and the check of the current password are the server's.
        if new.get_untracked() != repeat.get_untracked() {
            outcome.set(Some(Outcome::RepeatDiffers));
            return;
        }
        outcome.set(None);
        change.dispatch(PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };

    let error = move || match outcome.get() {
        Some(Outcome::RepeatDiffers) => Some(i18n.t(Key::PasswordsDiffer).to_owned()),
        Some(Outcome::Api(err)) => Some(err.message(i18n.get())),
        _ => None,
    };
    let done =
        move || (outcome.get() == Some(Outcome::Changed)).then(|| i18n.t(Key::PasswordChanged));
    let invalid = Signal::derive(move || {
        matches!(
            outcome.get(),
            Some(Outcome::RepeatDiffers | Outcome::Api(_))
        )
    });
    let rule = move || {
        i18n.t(Key::PasswordRule)
            .replace("{min}", &MIN_PASSWORD_CHARS.to_string())
            .replace("{max}", &MAX_PASSWORD_CHARS.to_string())
    };

    view! {
        <section class="card login-card" aria-labelledby="password-title">
            <h1 id="password-title">{move || i18n.t(Key::ChangePassword)}</h1>
            <p class="muted" id="password-rule">{rule}</p>
            <form class="form" on:submit=on_submit novalidate>
                <Field id="current-password" label=Key::CurrentPassword kind="password" autocomplete="current-password" value=current invalid=invalid described_by=DESCRIBED_BY />
                <Field id="new-password" label=Key::NewPassword kind="password" autocomplete="new-password" value=new invalid=invalid described_by=DESCRIBED_BY />
                <Field id="repeat-password" label=Key::RepeatNewPassword kind="password" autocomplete="new-password" value=repeat invalid=invalid described_by=DESCRIBED_BY />
                <p id="password-error" class="form-error" role="alert" data-testid="password-error">{error}</p>
                <p class="form-ok" role="status" data-testid="password-changed">{done}</p>
                <button type="submit" class="button primary" data-testid="change-password-submit" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Saving) } else { i18n.t(Key::ChangePassword) }}
                </button>
            </form>
        </section>
    }
}

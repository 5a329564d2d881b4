//! A labelled text input, as the sign-in and password forms use it.

use crate::i18n::{I18n, Key};
use leptos::prelude::*;

/// A labelled input; `described_by` names the paragraphs (the error below the fields) that describe it.
#[component]
pub fn Field(
    id: &'static str,
    label: Key,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    invalid: Signal<bool>,
    described_by: &'static str,
) -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
        </div>
    }
}

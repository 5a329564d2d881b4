//! Matters as cards (phones, the inbox, the dashboard) and the loading/error states every list shares.

use crate::api::ApiError;
use crate::format::{LightBadge, Units, kind_name, opt_date, part_name};
use crate::i18n::{I18n, Key, tx};
use leptos::prelude::*;
use shared::api::MatterSummary;
use shared::matter::UnitPart;

/// One matter as a tappable card: light, stage, number, title, deadline, the unit's part.
#[component]
pub fn MatterCard(m: MatterSummary) -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    let href = format!("/matters/{}", m.id);
    let lead = m.lead_unit.clone();
    let part = m.my_part;
    let kind = m.kind;
    view! {
        <li class="matter-card" data-testid="matter-card">
            <a href=href class="matter-link">
                <span class="matter-meta">
                    <LightBadge light=m.light />
                    <span class="stage">{m.stage_name}</span>
                    {part
                        .map(|p| {
                            view! {
                                <span class="part" data-part=match p {
                                    UnitPart::Lead => "lead",
                                    UnitPart::Assisting => "assisting",
                                }>
                                    {move || part_name(p, i18n.get())}
                                </span>
                            }
                        })}
                    <span class="kind">{move || kind_name(kind, i18n.get())}</span>
                </span>
                <span class="matter-title">{m.title}</span>
                <span class="matter-sub">
                    <span>{m.number.unwrap_or_default()}</span>
                    <span>{move || units.name(&lead)}</span>
                    <span>
                        {tx("时限 ", "Due ")} {opt_date(m.deadline)}
                    </span>
                </span>
            </a>
        </li>
    }
}

/// A list of cards, or a friendly line when there is nothing.
pub fn cards(items: Vec<MatterSummary>, empty: (&'static str, &'static str)) -> AnyView {
    let i18n = I18n::use_();
    if items.is_empty() {
        return view! { <p class="muted">{move || i18n.tr(empty.0, empty.1)}</p> }.into_any();
    }
    view! {
        <ul class="matter-cards">
            {items.into_iter().map(|m| view! { <MatterCard m=m /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The error of a failed load, in the UI's language, with a retry button.
pub fn load_error(err: ApiError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    // One copy of the view for every screen's retry, instead of one per closure type.
    load_error_with(err, Callback::new(move |()| retry()))
}

fn load_error_with(err: ApiError, retry: Callback<()>) -> AnyView {
    let i18n = I18n::use_();
    view! {
        <div class="load-error">
            <p class="form-error" role="alert">{move || err.message(i18n.get())}</p>
            <button type="button" class="button small" on:click=move |_| retry.run(())>
                {move || i18n.t(Key::Retry)}
            </button>
        </div>
    }
    .into_any()
}

/// Grey placeholder lines while a list loads, so the page does not jump when it arrives.
pub fn skeleton() -> AnyView {
    let i18n = I18n::use_();
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{move || i18n.t(Key::Loading)}</span>
            <div class="skeleton-line"></div>
            <div class="skeleton-line"></div>
            <div class="skeleton-line"></div>
        </div>
    }
    .into_any()
}

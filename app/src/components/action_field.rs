//! One field of an action form, drawn from its description's `Input`: a line, an area, a date, a tick,
//! a choice, a rectification item, a leader or a unit picked by name.

use crate::api::ApiError;
use crate::components::leaders::{LeaderSelect, Leaders};
use crate::i18n::I18n;
use crate::model::Detail;
use leptos::prelude::*;
use shared::engine::{ActionKind, Field, FieldName, Input};

pub(crate) fn field_view(
    kind: ActionKind,
    field: Field,
    value: RwSignal<String>,
    error_id: String,
    bad_field: impl Fn() -> Option<FieldName> + Copy + Send + Sync + 'static,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
    leaders: Leaders,
) -> AnyView {
    let i18n = I18n::use_();
    let id = format!("{}-{}", kind.code(), field.name.code());
    let invalid = move || (bad_field() == Some(field.name)).then_some("true");
    let label = move || {
        let text = i18n.tr(field.zh, field.en);
        if field.required && field.input != Input::Check {
            format!("{text} *")
        } else {
            text.to_owned()
        }
    };
    let on_input = move |ev| value.set(event_target_value(&ev));
    let control = match field.input {
        Input::Text | Input::Person => view! {
            <input id=id.clone() type="text" prop:value=value on:input=on_input
                aria-invalid=invalid aria-describedby=error_id />
        }
        .into_any(),
        Input::Leader => {
            let invalid = Signal::derive(invalid);
            view! { <LeaderSelect id=id.clone() value=value leaders=leaders invalid=invalid /> }
                .into_any()
        }
        Input::Unit => {
            let units = crate::format::Units::use_();
            view! {
                <select id=id.clone() prop:value=value on:change=on_input aria-invalid=invalid>
                    <option value="">"—"</option>
                    {move || units.0.get().into_iter().map(|u| view! { <option value=u.code>{u.name}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        Input::Date => view! {
            <input id=id.clone() type="date" prop:value=value on:input=on_input
                aria-invalid=invalid aria-describedby=error_id />
        }
        .into_any(),
        Input::Area | Input::Lines => view! {
            <textarea id=id.clone() rows="3" prop:value=value on:input=on_input
                aria-invalid=invalid aria-describedby=error_id></textarea>
        }
        .into_any(),
        Input::Check => {
            return view! {
                <label class="check">
                    <input
                        id=id
                        type="checkbox"
                        prop:checked=move || value.get() == "true"
                        on:change=move |ev| value.set(event_target_checked(&ev).to_string())
                    />
                    {move || i18n.tr(field.zh, field.en)}
                </label>
            }
            .into_any();
        }
        Input::Select(choices) => view! {
            <select id=id.clone() prop:value=value on:change=on_input aria-invalid=invalid>
                {choices
                    .iter()
                    .map(|c| view! { <option value=c.value>{move || i18n.tr(c.zh, c.en)}</option> })
                    .collect_view()}
            </select>
        }
        .into_any(),
        Input::Item => {
            let items = move || {
                detail.with(|d| match d {
                    Some(Ok(d)) => d
                        .matter
                        .rectification_items
                        .iter()
                        .enumerate()
                        .filter(|(_, item)| !item.done())
                        .map(|(i, item)| (i, item.description.clone()))
                        .collect(),
                    _ => Vec::new(),
                })
            };
            if value.get_untracked().is_empty()
                && let Some((first, _)) = items().first()
            {
                value.set(first.to_string());
            }
            view! {
                <select id=id.clone() prop:value=value on:change=on_input>
                    {move || {
                        items()
                            .into_iter()
                            .map(|(i, text)| view! { <option value=i.to_string()>{text}</option> })
                            .collect_view()
                    }}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
        </div>
    }
    .into_any()
}

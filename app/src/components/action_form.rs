//! One form per action the API allows now; typed text survives reloads and 409 conflicts.

use crate::api::{self, ActError, ApiError};
use crate::components::action_build::{Invalid, build};
use crate::components::action_fields::{Field, Input, fields};
use crate::i18n::{I18n, Lang, tx};
use crate::model::Detail;
use leptos::prelude::*;
use shared::engine::ActionKind;
use std::collections::HashMap;

/// What went wrong with a submission, kept structured so a language switch re-translates it.
#[derive(Clone, PartialEq)]
enum Problem {
    Field(Invalid),
    Api(ApiError),
    /// Someone acted first: the page now shows the matter as it is; the typed text is kept.
    Conflict(String, String),
}

impl Problem {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Field((_, zh, _)), Lang::Zh) => (*zh).to_owned(),
            (Problem::Field((_, _, en)), Lang::En) => (*en).to_owned(),
            (Problem::Api(err), _) => err.message(lang),
            (Problem::Conflict(zh, _), Lang::Zh) => {
                format!("{zh}（页面已更新为最新状态，您填写的内容已保留）")
            }
            (Problem::Conflict(_, en), Lang::En) => {
                format!("{en} (the page now shows the latest state; what you typed is kept)")
            }
        }
    }
}

/// The typed values of every form on the page, by "action.field"; outlives re-renders.
type Drafts = StoredValue<HashMap<String, RwSignal<String>>>;

fn draft(drafts: Drafts, kind: ActionKind, name: &str, initial: &str) -> RwSignal<String> {
    let key = format!("{}.{name}", kind.code());
    if let Some(sig) = drafts.with_value(|d| d.get(&key).copied()) {
        return sig;
    }
    let sig = RwSignal::new(initial.to_owned());
    drafts.update_value(|d| {
        d.insert(key, sig);
    });
    sig
}

#[component]
pub fn ActionForms(
    id: String,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
    reload: Callback<()>,
    my_name: String,
) -> impl IntoView {
    let i18n = I18n::use_();
    let drafts: Drafts = StoredValue::new(HashMap::new());
    let done = RwSignal::new(None::<ActionKind>);
    let allowed = move || {
        detail.with(|d| match d {
            Some(Ok(d)) => d.allowed_actions.clone(),
            _ => Vec::new(),
        })
    };
    let id = StoredValue::new(id);
    let my_name = StoredValue::new(my_name);
    view! {
        <section class="card wide actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{tx("可办理的操作", "What you can do now")}</h2>
            <p class="form-ok" role="status" data-testid="action-done">
                {move || {
                    done.get()
                        .map(|k| match i18n.get() {
                            Lang::Zh => format!("已提交：{}", k.name_zh()),
                            Lang::En => format!("Done: {}", k.name_en()),
                        })
                }}
            </p>
            <Show when=move || allowed().is_empty()>
                <p class="muted" data-testid="no-actions">
                    {tx("目前没有需要您办理的操作。", "Nothing for you to do on this matter now.")}
                </p>
            </Show>
            <For each=allowed key=|k| *k let:kind>
                <ActionForm
                    kind=kind
                    id=id
                    detail=detail
                    drafts=drafts
                    my_name=my_name
                    on_done=Callback::new(move |k| {
                        done.set(Some(k));
                        reload.run(());
                    })
                />
            </For>
        </section>
    }
}

#[component]
fn ActionForm(
    kind: ActionKind,
    id: StoredValue<String>,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
    drafts: Drafts,
    my_name: StoredValue<String>,
    on_done: Callback<ActionKind>,
) -> impl IntoView {
    let i18n = I18n::use_();
    let problem = RwSignal::new(None::<Problem>);
    let pending = RwSignal::new(false);
    let specs = fields(kind);
    let values: Vec<(Field, RwSignal<String>)> = specs
        .iter()
        .map(|field| {
            let initial = match (field.name, field.input) {
                ("signer" | "archivist" | "handler_name", _) => my_name.get_value(),
                (_, Input::Select(options)) => options[0].0.to_owned(),
                _ => String::new(),
            };
            (*field, draft(drafts, kind, field.name, &initial))
        })
        .collect();
    let values = StoredValue::new(values);
    let code = kind.code();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let get = |name: &str| {
            values.with_value(|v| {
                v.iter()
                    .find(|(f, _)| f.name == name)
                    .map(|(_, s)| s.get_untracked())
                    .unwrap_or_default()
            })
        };
        let action = match build(kind, &get) {
            Ok(action) => action,
            Err(invalid) => return problem.set(Some(Problem::Field(invalid))),
        };
        let version = detail.with_untracked(|d| match d {
            Some(Ok(d)) => d.matter.version,
            _ => 0,
        });
        problem.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::act(&id.get_value(), version, action).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    values.with_value(|v| v.iter().for_each(|(_, s)| s.set(String::new())));
                    on_done.run(kind);
                }
                Err(ActError::Conflict(body)) => {
                    problem.set(Some(Problem::Conflict(body.message, body.message_en)));
                    detail.set(Some(Ok(body.current)));
                }
                Err(ActError::Api(err)) => problem.set(Some(Problem::Api(err))),
            }
        });
    };

    let error_id = format!("{code}-error");
    let bad_field = move || match problem.get() {
        Some(Problem::Field((name, _, _))) => Some(name),
        _ => None,
    };
    view! {
        <details class="action" data-testid=format!("action-{code}")>
            <summary>{move || i18n.tr(kind.name_zh(), kind.name_en())}</summary>
            <form class="form" on:submit=submit novalidate>
                {values
                    .get_value()
                    .into_iter()
                    .map(|(field, value)| {
                        field_view(kind, field, value, error_id.clone(), bad_field, detail)
                    })
                    .collect_view()}
                <p id=error_id.clone() class="form-error" role="alert">
                    {move || problem.get().map(|p| p.text(i18n.get()))}
                </p>
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            i18n.tr("提交中…", "Sending…")
                        } else {
                            i18n.tr(kind.name_zh(), kind.name_en())
                        }
                    }}
                </button>
            </form>
        </details>
    }
}

fn field_view(
    kind: ActionKind,
    field: Field,
    value: RwSignal<String>,
    error_id: String,
    bad_field: impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
) -> AnyView {
    let i18n = I18n::use_();
    let id = format!("{}-{}", kind.code(), field.name);
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
        Input::Text => view! {
            <input id=id.clone() type="text" prop:value=value on:input=on_input
                aria-invalid=invalid aria-describedby=error_id />
        }
        .into_any(),
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
        Input::Select(options) => view! {
            <select id=id.clone() prop:value=value on:change=on_input aria-invalid=invalid>
                {options
                    .iter()
                    .map(|(v, zh, en)| view! { <option value=*v>{move || i18n.tr(zh, en)}</option> })
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

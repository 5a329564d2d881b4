//! One form per action the API allows now, laid out from the action's description (`describe`) and
//! turned into the action by `shared::engine::build`. What is typed is a draft in IndexedDB
//! (`offline::Net`) until the server confirms it; a submission goes through the outbox, so offline
//! it waits as 待发送.

use crate::api::ApiError;
use crate::components::action_field::field_view;
use crate::components::leaders::{Leaders, leaders};
use crate::i18n::{I18n, Lang, tx};
use crate::model::Detail;
use crate::offline::Net;
use leptos::prelude::*;
use shared::engine::{ActionKind, Field, FieldName, Input, Invalid, build, describe};
use shared::outbox::Refusal;

/// What went wrong with a submission, kept structured so a language switch re-translates it.
#[derive(Clone, PartialEq)]
enum Problem {
    Field(Invalid),
    /// The server did not apply it: the draft is kept, the page shows the matter as it is now.
    Refused(Refusal),
}

impl Problem {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Field(invalid), Lang::Zh) => invalid.problem.message_zh(),
            (Problem::Field(invalid), Lang::En) => invalid.problem.message_en(),
            (Problem::Refused(r), Lang::Zh) => {
                format!(
                    "{}（未提交；页面已更新为最新状态，您填写的内容已保留，可重新提交）",
                    r.message
                )
            }
            (Problem::Refused(r), Lang::En) => format!(
                "{} (not applied; the page shows the latest state, what you typed is kept and can be submitted again)",
                r.message_en
            ),
        }
    }
}

#[component]
pub fn ActionForms(
    id: String,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
    reload: Callback<()>,
    my_name: String,
) -> impl IntoView {
    let i18n = I18n::use_();
    let done = RwSignal::new(None::<ActionKind>);
    let allowed = move || {
        detail.with(|d| match d {
            Some(Ok(d)) => d.allowed_actions.clone(),
            _ => Vec::new(),
        })
    };
    let id = StoredValue::new(id);
    let my_name = StoredValue::new(my_name);
    // The leaders are read only while a form here picks one (the office's).
    let picks_leader = Memo::new(move |_| {
        allowed()
            .iter()
            .any(|k| describe(*k).fields.iter().any(|f| f.input == Input::Leader))
    });
    let leaders = leaders(move || picks_leader.get());
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
            <KeptElsewhere id=id detail=detail />
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
                    my_name=my_name
                    leaders=leaders
                    reload=reload
                    on_done=Callback::new(move |k| {
                        done.set(Some(k));
                        reload.run(());
                    })
                />
            </For>
        </section>
    }
}

/// Drafts kept for actions this matter no longer offers (someone else acted first): why, and where they are.
#[component]
fn KeptElsewhere(
    id: StoredValue<String>,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
) -> impl IntoView {
    let i18n = I18n::use_();
    let net = Net::use_();
    let kept = move || {
        let allowed = detail.with(|d| match d {
            Some(Ok(d)) => d.allowed_actions.clone(),
            _ => Vec::new(),
        });
        net.outbox.with(|o| {
            o.drafts()
                .filter(|d| d.key.matter == id.get_value() && !allowed.contains(&d.key.form))
                .filter(|d| d.queued.is_none())
                .map(|d| (d.key.form, d.refusal.clone()))
                .collect::<Vec<_>>()
        })
    };
    move || {
        kept()
            .into_iter()
            .map(|(form, refusal)| {
                let why = move || match (&refusal, i18n.get()) {
                    (Some(r), Lang::Zh) => r.message.clone(),
                    (Some(r), Lang::En) => r.message_en.clone(),
                    (None, Lang::Zh) => "此操作目前不可办理".into(),
                    (None, Lang::En) => "this action is not open now".into(),
                };
                view! {
                    <p class="form-error" data-testid="kept-draft">
                        {move || i18n.tr(form.name_zh(), form.name_en())} "：" {why} " "
                        <a href="/drafts">{tx("草稿已保留", "Draft kept")}</a>
                    </p>
                }
            })
            .collect_view()
    }
}

#[component]
fn ActionForm(
    kind: ActionKind,
    id: StoredValue<String>,
    detail: RwSignal<Option<Result<Detail, ApiError>>>,
    my_name: StoredValue<String>,
    leaders: Leaders,
    reload: Callback<()>,
    on_done: Callback<ActionKind>,
) -> impl IntoView {
    let i18n = I18n::use_();
    let net = Net::use_();
    let key = StoredValue::new(net.key(&id.get_value(), kind));
    let draft = move || net.outbox.with(|o| o.draft(&key.get_value()).cloned());
    let field_problem = RwSignal::new(None::<Invalid>);
    let open = RwSignal::new(false);
    let default = move |field: &Field| match field.input {
        Input::Person => my_name.get_value(),
        Input::Select(choices) => choices[0].value.to_owned(),
        _ => String::new(),
    };
    let values: Vec<(Field, RwSignal<String>)> = describe(kind)
        .fields
        .iter()
        .map(|field| (*field, RwSignal::new(default(field))))
        .collect();
    let values = StoredValue::new(values);
    if kind == ActionKind::Escalate {
        let kept = move || {
            net.outbox
                .with_untracked(|o| o.draft(&key.get_value()).is_some())
        };
        prefill_grounds(id, values, untrack(|| i18n.get()), kept);
    }
    // The kept draft fills the form once the drafts are read from IndexedDB (at once when they already are).
    Effect::new(move |filled: Option<bool>| {
        if filled == Some(true) || !net.loaded.get() {
            return filled.unwrap_or(false);
        }
        if let Some(d) = net
            .outbox
            .with_untracked(|o| o.draft(&key.get_value()).cloned())
        {
            values.with_value(|v| {
                for (field, signal) in v {
                    if let Some((_, text)) =
                        d.fields.iter().find(|(name, _)| name == field.name.code())
                    {
                        signal.set(text.clone());
                    }
                }
            });
            open.set(true);
        }
        true
    });
    let title = move || {
        detail.with_untracked(|d| match d {
            Some(Ok(d)) => d.matter.title.clone(),
            _ => String::new(),
        })
    };
    let save = move || {
        let typed = values.with_value(|v| {
            v.iter()
                .map(|(f, s)| (f.name.code().to_owned(), s.get_untracked()))
                .collect()
        });
        net.edit(key.get_value(), &title(), typed);
    };
    let queued = move || draft().is_some_and(|d| d.queued.is_some());
    let problem = move || match field_problem.get() {
        Some(invalid) => Some(Problem::Field(invalid)),
        None => draft().and_then(|d| d.refusal).map(Problem::Refused),
    };
    // A submission leaving the outbox: confirmed (the form is done) or refused (show the matter as it is now).
    Effect::new(move |was_queued: Option<bool>| {
        let now_queued = queued();
        if was_queued == Some(true) && !now_queued {
            match untrack(draft) {
                Some(d) if d.refusal.is_some() => reload.run(()),
                kept => {
                    if kept.is_none() {
                        values.with_value(|v| v.iter().for_each(|(f, s)| s.set(default(f))));
                    }
                    on_done.run(kind);
                }
            }
        }
        now_queued
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if queued() {
            return;
        }
        let get = |name: FieldName| {
            values.with_value(|v| {
                v.iter()
                    .find(|(f, _)| f.name == name)
                    .map(|(_, s)| s.get_untracked())
                    .unwrap_or_default()
            })
        };
        let action = match build(kind, &get) {
            Ok(action) => action,
            Err(invalid) => return field_problem.set(Some(invalid)),
        };
        let version = detail.with_untracked(|d| match d {
            Some(Ok(d)) => d.matter.version,
            _ => 0,
        });
        field_problem.set(None);
        save();
        if let Ok(json) = serde_json::to_string(&action) {
            net.submit(&key.get_value(), version, json);
        }
    };

    let code = kind.code();
    let error_id = format!("{code}-error");
    let bad_field = move || field_problem.get().and_then(|invalid| invalid.field);
    view! {
        <details class="action" data-testid=format!("action-{code}") prop:open=open>
            <summary>{move || i18n.tr(kind.name_zh(), kind.name_en())}</summary>
            <form class="form" on:submit=submit on:input=move |_| save() on:change=move |_| save() novalidate>
                {values
                    .get_value()
                    .into_iter()
                    .map(|(field, value)| {
                        field_view(kind, field, value, error_id.clone(), bad_field, detail, leaders)
                    })
                    .collect_view()}
                <p id=error_id.clone() class="form-error" role="alert" data-testid="form-problem">
                    {move || problem().map(|p| p.text(i18n.get()))}
                </p>
                {move || queued().then(|| view! {
                    <p class="queued" role="status" data-testid="queued">
                        {move || if net.online.get() {
                            i18n.tr("待发送：正在发送…", "Waiting to send: sending…")
                        } else {
                            i18n.tr("待发送：网络恢复后自动发送，内容已保存在本机。", "Waiting to send: it goes when the network returns; kept on this device.")
                        }}
                    </p>
                })}
                <button type="submit" class="button primary" disabled=queued>
                    {move || {
                        if queued() {
                            i18n.tr("待发送", "Waiting to send")
                        } else if matches!(problem(), Some(Problem::Refused(_))) {
                            i18n.tr("按最新状态重新提交", "Submit again on the new state")
                        } else {
                            i18n.tr(kind.name_zh(), kind.name_en())
                        }
                    }}
                </button>
            </form>
        </details>
    }
}

/// The escalation form starts from the grounds the office's queue gives this matter (GDUFS 第十条(一)):
/// each ground ticked and said in the note, unless a kept draft already fills the form.
fn prefill_grounds(
    id: StoredValue<String>,
    values: StoredValue<Vec<(Field, RwSignal<String>)>>,
    lang: Lang,
    kept: impl Fn() -> bool + 'static,
) {
    leptos::task::spawn_local(async move {
        let queue = crate::api::escalations().await.unwrap_or_default();
        let Some(p) = queue.into_iter().find(|p| p.matter.id == id.get_value()) else {
            return;
        };
        if kept() {
            return;
        }
        values.with_value(|v| {
            for (field, signal) in v {
                let text = shared::escalation::prefill(field.name, &p.reasons, lang == Lang::En);
                if !text.is_empty() {
                    signal.set(text);
                }
            }
        });
    });
}

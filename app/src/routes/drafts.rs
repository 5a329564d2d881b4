//! `/drafts`: everything typed and not yet confirmed by the server — drafts, 待发送, and refused ones.

use crate::i18n::{I18n, Lang, tx};
use crate::offline::{Net, age};
use leptos::prelude::*;
use shared::outbox::Draft;

#[component]
pub fn Drafts() -> impl IntoView {
    let net = Net::use_();
    // Newest first: the outbox keeps drafts in the order they were started.
    let drafts = move || {
        net.outbox
            .with(|o| o.drafts().rev().cloned().collect::<Vec<Draft>>())
    };
    view! {
        <section class="screen" aria-labelledby="drafts-title">
            <h1 id="drafts-title">{tx("草稿与待发送", "Drafts and outbox")}</h1>
            <p class="muted">
                {tx(
                    "填写的内容自动保存在本机，直到服务器确认收到；离线时提交的内容在网络恢复后自动发送。",
                    "What you type is kept on this device until the server confirms it; what you submit offline is sent when the network returns.",
                )}
            </p>
            {move || match (net.loaded.get(), drafts()) {
                (false, _) => view! { <crate::Spinner /> }.into_any(),
                (true, list) if list.is_empty() => {
                    view! { <p class="muted" data-testid="no-drafts">{tx("没有草稿。", "No drafts.")}</p> }.into_any()
                }
                (true, list) => view! {
                    <ul class="drafts">
                        {list.into_iter().map(|d| view! { <DraftItem d=d /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn DraftItem(d: Draft) -> impl IntoView {
    let i18n = I18n::use_();
    let net = Net::use_();
    let href = format!("/matters/{}", crate::api::enc(&d.key.matter));
    let form = d.key.form;
    let saved = d.saved_at;
    let (state, class) = match (&d.queued, &d.refusal) {
        (Some(_), _) => (("待发送", "Waiting to send"), "draft-state queued"),
        (None, Some(r)) if r.is_conflict() => (("有冲突", "Conflict"), "draft-state refused"),
        (None, Some(_)) => (("未被受理", "Refused"), "draft-state refused"),
        (None, None) => (("草稿", "Draft"), "draft-state"),
    };
    let refusal = d.refusal.clone();
    let key = d.key.clone();
    let can_discard = d.queued.is_none();
    let confirming = RwSignal::new(false);
    let title = if d.title.is_empty() {
        d.key.matter.clone()
    } else {
        d.title.clone()
    };
    view! {
        <li class="card wide draft" data-testid="draft">
            <p class="matter-meta">
                <span class=class data-testid="draft-state">{move || i18n.tr(state.0, state.1)}</span>
                <span class="muted-inline">{move || age(saved, i18n.get())}</span>
            </p>
            <h2><a href=href>{title}</a></h2>
            <p data-testid="draft-form">{move || i18n.tr(form.name_zh(), form.name_en())}</p>
            {refusal.map(|r| view! {
                <p class="form-error">
                    {move || if i18n.get() == Lang::Zh { r.message.clone() } else { r.message_en.clone() }}
                </p>
            })}
            // Typing may be an hour's work: deleting asks once more, on the same button.
            {can_discard.then(|| view! {
                <button type="button" class="button small" data-testid="discard"
                    on:click=move |_| if confirming.get_untracked() { net.discard(&key) } else { confirming.set(true) }>
                    {move || if confirming.get() {
                        i18n.tr("确认删除？删除后无法恢复", "Delete for good? It cannot be undone")
                    } else {
                        i18n.tr("删除草稿", "Delete draft")
                    }}
                </button>
                {move || confirming.get().then(|| view! {
                    <button type="button" class="button small" on:click=move |_| confirming.set(false)>
                        {tx("取消", "Cancel")}
                    </button>
                })}
            })}
        </li>
    }
}

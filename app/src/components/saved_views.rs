//! The ledger's saved views: pick one to apply its filters, save the current filters under a name, delete.
//! Stored on the server per user, so a view saved on a laptop is there on the phone.

use crate::api;
use crate::i18n::{I18n, tx};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::views::NewView;

/// `current`: the ledger's query string now, without `?` and without the page.
#[component]
pub fn SavedViews(current: Signal<String>) -> impl IntoView {
    let i18n = I18n::use_();
    let navigate = use_navigate();
    let views = LocalResource::new(api::views);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);
    let list = move || views.get().and_then(Result::ok).unwrap_or_default();
    // The view last picked, so of two views with the same filters Delete removes the one shown.
    let picked = RwSignal::new(String::new());
    // The view whose filters are the ledger's now, if any: what the picker shows and Delete removes.
    let selected = move || {
        let views = list();
        let now = current.get();
        let picked = picked.get();
        views
            .iter()
            .position(|v| v.query == now && v.id == picked)
            .or_else(|| views.iter().position(|v| v.query == now))
            .map(|i| views[i].clone())
    };
    let done = move |result: Result<(), api::ApiError>| {
        busy.set(false);
        match result {
            Ok(()) => {
                error.set(None);
                views.refetch();
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = NewView {
            name: name.get_untracked(),
            query: current.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = api::save_view(&body).await.map(|_| ());
            if result.is_ok() {
                name.set(String::new());
            }
            done(result);
        });
    };
    let remove = move |_| {
        if let Some(v) = selected() {
            busy.set(true);
            leptos::task::spawn_local(async move { done(api::delete_view(&v.id).await) });
        }
    };
    view! {
        <div class="views" data-testid="saved-views">
            <label>{tx("已存视图", "Saved views")}
                <select prop:value=move || selected().map(|v| v.id).unwrap_or_default()
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        picked.set(id.clone());
                        if let Some(v) = list().into_iter().find(|v| v.id == id) {
                            let q = if v.query.is_empty() { String::new() } else { format!("?{}", v.query) };
                            navigate(&format!("/ledger{q}"), Default::default());
                        }
                    }>
                    <option value="">{tx("（选择视图）", "(choose a view)")}</option>
                    {move || list().into_iter().map(|v| view! { <option value=v.id>{v.name}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="button small" disabled=move || busy.get() || selected().is_none() on:click=remove>
                {tx("删除视图", "Delete view")}
            </button>
            <form class="inline" on:submit=save>
                <label>{tx("视图名称", "View name")}
                    <input type="text" maxlength="30" required bind:value=name aria-describedby="view-error" />
                </label>
                <button type="submit" class="button small" disabled=move || busy.get()>{tx("保存当前视图", "Save this view")}</button>
            </form>
            <p id="view-error" class="form-error" role="alert">{move || error.get().map(|e| e.message(i18n.get()))}</p>
        </div>
    }
}

//! The bell: unread count, a panel of notices; opening one marks it read and goes to its matter.

use crate::api;
use crate::i18n::tx;
use crate::model::Notice;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Bell() -> impl IntoView {
    let notices = RwSignal::new(None::<Vec<Notice>>);
    let open = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::notifications().await {
                notices.set(Some(list));
            }
        });
    };
    load();
    let unread = move || {
        notices.with(|n| {
            n.as_ref()
                .map_or(0, |n| n.iter().filter(|n| !n.read).count())
        })
    };
    let toggle = move |_| {
        if !open.get_untracked() {
            load();
        }
        open.update(|o| *o = !*o);
    };
    let navigate = use_navigate();
    let open_notice = move |notice: Notice| {
        open.set(false);
        notices.update(|list| {
            if let Some(n) = list.iter_mut().flatten().find(|n| n.id == notice.id) {
                n.read = true;
            }
        });
        let id = notice.id.clone();
        leptos::task::spawn_local(async move {
            let _ = api::mark_read(&id).await;
        });
        navigate(
            &format!("/matters/{}", notice.matter_id),
            Default::default(),
        );
    };
    view! {
        <div class="bell" on:keydown=move |ev| {
            if ev.key() == "Escape" {
                open.set(false);
            }
        }>
            <button
                type="button"
                class="bell-button"
                data-testid="bell"
                aria-expanded=move || open.get().to_string()
                aria-controls="bell-panel"
                on:click=toggle
            >
                <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                </svg>
                <span class="visually-hidden">{tx("通知", "Notices")}</span>
                <span class="bell-count" data-testid="bell-count" hidden=move || unread() == 0>
                    {unread}
                </span>
            </button>
            <div id="bell-panel" class="bell-panel" hidden=move || !open.get()>
                <h2 class="panel-title">{tx("通知", "Notices")}</h2>
                {move || match notices.get() {
                    None => view! { <crate::Spinner /> }.into_any(),
                    Some(list) if list.is_empty() => {
                        view! { <p class="muted">{tx("暂无通知", "No notices")}</p> }
                            .into_any()
                    }
                    Some(list) => {
                        let open_notice = open_notice.clone();
                        view! {
                            <ul class="notice-list">
                                {list
                                    .into_iter()
                                    .map(|n| {
                                        let open_notice = open_notice.clone();
                                        let class = if n.read { "notice" } else { "notice unread" };
                                        let title = n.title.clone();
                                        let kind = n.kind.name_zh();
                                        view! {
                                            <li>
                                                <button
                                                    type="button"
                                                    class=class
                                                    on:click=move |_| open_notice(n.clone())
                                                >
                                                    <span class="notice-kind">{kind}</span>
                                                    <span>{title}</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }}
            </div>
        </div>
    }
}

//! The top bar (brand, bell, language, sign-out) and the role's navigation under it.

use crate::api;
use crate::components::bell::Bell;
use crate::components::net_status::NetStatus;
use crate::i18n::{I18n, Key, Lang, LanguageSwitch};
use crate::{Session, use_session};
use leptos::prelude::*;
use shared::Capability;
use shared::api::Me;
use shared::role::Role;

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    let me = move || match session.get() {
        Session::SignedIn(me) => Some(me),
        _ => None,
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"督"</span>
                <span class="brand-name">{move || i18n.t(Key::AppName)}</span>
            </a>
            <div class="topbar-tools">
                {move || me().map(|_| view! { <NetStatus /> <Bell /> })}
                <LanguageSwitch />
            </div>
        </header>
        {move || me().map(|me| view! { <UserStrip me=me /> })}
    }
}

/// Who is signed in, the role's screens and the sign-out button; one row that wraps on phones.
#[component]
fn UserStrip(me: Me) -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    let role = me.role;
    let unit = me.unit.map(|u| u.name);
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        leptos::task::spawn_local(async move {
            // A 401 means the session had already ended: signed out either way.
            let _ = api::logout().await;
            signing_out.set(false);
            session.set(Session::SignedOut);
        });
    };
    view! {
        <div class="userstrip">
            <p class="who">
                <strong data-testid="display-name">{me.display_name}</strong>
                <span class="muted-inline" data-testid="role">
                    {move || match i18n.get() {
                        Lang::Zh => role.name_zh(),
                        Lang::En => role.name_en(),
                    }}
                </span>
                <span class="muted-inline" data-testid="unit">
                    {move || unit.clone().unwrap_or_else(|| i18n.t(Key::NoUnit).to_owned())}
                </span>
            </p>
            <nav class="nav" aria-label=move || i18n.tr("主要页面", "Main screens")>
                {nav_links(role)
                    .into_iter()
                    .map(|(href, zh, en)| view! { <a href=href>{move || i18n.tr(zh, en)}</a> })
                    .collect_view()}
            </nav>
            <a class="button small" href="/password" data-testid="change-password">
                {move || i18n.t(Key::ChangePassword)}
            </a>
            <button
                type="button"
                class="button small"
                disabled=move || signing_out.get()
                on:click=sign_out
            >
                {move || {
                    if signing_out.get() { i18n.t(Key::SigningOut) } else { i18n.t(Key::SignOut) }
                }}
            </button>
        </div>
    }
}

/// The screen that goes with a capability, in menu order: (capability, path, zh, en). The role's
/// home screen (`Role::home`) comes first, at `/`; a screen only reached as a home has `/` here.
const SCREENS: [(Capability, &str, &str, &str); 11] = [
    (Capability::Inbox, "/", "待办事项", "Inbox"),
    (Capability::Ledger, "/ledger", "台账", "Ledger"),
    (
        Capability::ProposeMatter,
        "/ledger/new",
        "新建事项",
        "New matter",
    ),
    (
        Capability::Escalations,
        "/escalations",
        "转重点队列",
        "Escalations",
    ),
    (Capability::Dashboard, "/dashboard", "看板", "Dashboard"),
    (Capability::Briefings, "/briefing", "督办简报", "Briefings"),
    (
        Capability::QuarterlyReport,
        "/quarterly",
        "季度报告",
        "Quarterly",
    ),
    (
        Capability::Accountability,
        "/accountability",
        "问责清单",
        "Accountability",
    ),
    (
        Capability::ManageUsers,
        "/",
        "用户与单位",
        "Users and units",
    ),
    (
        Capability::EditSettings,
        "/settings",
        "系统设置",
        "Settings",
    ),
    // Beside the inbox: what was typed and not yet confirmed.
    (Capability::Inbox, "/drafts", "草稿", "Drafts"),
];

/// The menu of a role: its home screen at `/`, then every other screen its capabilities open.
fn nav_links(role: Role) -> Vec<(&'static str, &'static str, &'static str)> {
    let home = role.home();
    let first = SCREENS.iter().find(|s| s.0 == home);
    let rest = SCREENS
        .iter()
        .filter(|s| role.allows(s.0) && !(s.0 == home && first.is_some_and(|f| f.1 == s.1)));
    first
        .map(|&(_, _, zh, en)| ("/", zh, en))
        .into_iter()
        .chain(rest.map(|&(_, href, zh, en)| (href, zh, en)))
        .collect()
}

//! The administrator's overview: every unit and every user with role and unit.

use crate::api;
use crate::components::matter_list::{load_error, skeleton};
use crate::format::Units;
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;

#[component]
pub fn Admin() -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    let users = LocalResource::new(api::users);
    view! {
        <section class="screen" aria-labelledby="admin-title">
            <h1 id="admin-title">{tx("单位", "Units")}</h1>
            <ul class="chips">
                {move || units.0.get().into_iter().map(|u| view! {
                    <li>{u.name} " " <span class="muted-inline">{u.code}</span></li>
                }).collect_view()}
            </ul>
            <h2>{tx("用户", "Users")}</h2>
            {move || match users.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || users.refetch()),
                Some(Ok(list)) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="users">
                            <thead><tr>
                                <th scope="col">{tx("用户名", "Username")}</th>
                                <th scope="col">{tx("姓名", "Name")}</th>
                                <th scope="col">{tx("角色", "Role")}</th>
                                <th scope="col">{tx("单位", "Unit")}</th>
                                <th scope="col">{tx("状态", "Status")}</th>
                                <th scope="col">{tx("联系电话", "Phone")}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|u| {
                                    let role = u.role;
                                    let unit = u.unit.clone().unwrap_or_default();
                                    let active = u.active;
                                    let username = u.username.clone();
                                    let phone = u.phone.clone().unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td>{u.username}</td>
                                            <td>{u.display_name}</td>
                                            <td>{move || if i18n.get() == Lang::Zh { role.name_zh() } else { role.name_en() }}</td>
                                            <td>{move || if unit.is_empty() { String::new() } else { units.name(&unit) }}</td>
                                            <td>{move || if active { i18n.tr("启用", "Active") } else { i18n.tr("停用", "Inactive") }}</td>
                                            <td><PhoneCell username=username phone=phone /></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
        <crate::components::calendar_editor::CalendarEditor />
    }
}

/// A user's phone (printed as 联系电话 on the notices), saved when the field is left; the server's
/// refusal shows beside it and the typed number stays.
#[component]
fn PhoneCell(username: String, phone: String) -> impl IntoView {
    let i18n = I18n::use_();
    let status = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let username = username.clone();
        leptos::task::spawn_local(async move {
            let patch = shared::admin::UserPatch {
                phone: Some(Some(value)),
                ..Default::default()
            };
            status.set(match api::patch_user(&username, &patch).await {
                Ok(_) => i18n.tr("已保存", "Saved").to_owned(),
                Err(e) => e.message(i18n.get()),
            });
        });
    };
    view! {
        <input type="tel" class="input small" inputmode="tel" maxlength="32" value=phone
            aria-label=move || i18n.tr("联系电话", "Phone") on:change=save data-testid="user-phone" />
        <span class="muted-inline" role="status">{move || status.get()}</span>
    }
}

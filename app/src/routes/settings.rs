//! The admin's settings (系统设置): number format, yellow-light lead time, 多次催办, the bulletin's
//! thresholds and which procedures may start new matters; checked here as the server checks them.

use crate::api::{self, ApiError};
use crate::components::matter_list::{load_error, skeleton};
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::number::NumberFormat;
use shared::settings::{EnabledProcedures, Settings, SettingsView};

/// The whole-number settings: field code, label (zh, en) and the allowed range as shown.
const NUMBERS: [(&str, &str, &str, &str); 6] = [
    (
        "yellow_days",
        "黄灯提前工作日数",
        "Yellow light: working days before due",
        "1–10",
    ),
    (
        "escalation_reminders",
        "“多次催办”的催办次数（达到即提议转重点督办）",
        "Reminders that make 多次催办 (then proposed for key supervision)",
        "1–10",
    ),
    (
        "commend_min_completed",
        "通报表扬：至少办结件数",
        "Commendation: matters completed at least",
        "1–1000",
    ),
    (
        "commend_rate_percent",
        "通报表扬：按时办结率不低于（%）",
        "Commendation: on-time rate at least (%)",
        "1–100",
    ),
    (
        "criticize_rate_percent",
        "通报批评：按时办结率低于（%）",
        "Criticism: on-time rate below (%)",
        "0–99",
    ),
    (
        "criticize_returns",
        "通报批评：退回次数达到",
        "Criticism: returns at least",
        "1–100",
    ),
];

fn number(s: &Settings, i: usize) -> u32 {
    [
        s.yellow_days,
        s.escalation_reminders,
        s.commend_min_completed,
        s.commend_rate_percent,
        s.criticize_rate_percent,
        s.criticize_returns,
    ][i]
}

fn set_number(s: &mut Settings, i: usize, v: u32) {
    *[
        &mut s.yellow_days,
        &mut s.escalation_reminders,
        &mut s.commend_min_completed,
        &mut s.commend_rate_percent,
        &mut s.criticize_rate_percent,
        &mut s.criticize_returns,
    ][i] = v;
}

const PROCEDURES: [(&str, &str, &str); 4] = [
    (
        "gdufs_routine",
        "常规提醒事项（GDUFS 第九条）",
        "Routine items (GDUFS art. 9)",
    ),
    (
        "gdufs_key",
        "重点督办事项（GDUFS 第十条）",
        "Key supervision (GDUFS art. 10)",
    ),
    (
        "gdufs_emergency",
        "紧急事项先行启动（GDUFS 第十条）",
        "Emergencies started first (GDUFS art. 10)",
    ),
    (
        "hbut",
        "督办事项（HBUT 第四条）",
        "Supervised items (HBUT art. 4)",
    ),
];

fn procedure(p: &mut EnabledProcedures, i: usize) -> &mut bool {
    [
        &mut p.gdufs_routine,
        &mut p.gdufs_key,
        &mut p.gdufs_emergency,
        &mut p.hbut,
    ][i]
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let loaded = LocalResource::new(api::settings);
    view! {
        <section class="card wide" aria-labelledby="settings-title" data-testid="settings">
            <h1 id="settings-title">{tx("系统设置", "Settings")}</h1>
            <p class="muted">{tx(
                "本校与他校不同之处。保存后各服务器立即生效；已有事项照常办理。",
                "What differs between universities. In force on every server once saved; matters already started continue.",
            )}</p>
            {move || match loaded.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || loaded.refetch()),
                Some(Ok(v)) => view! { <SettingsForm shown=v /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SettingsForm(shown: SettingsView) -> impl IntoView {
    let i18n = I18n::use_();
    let format = RwSignal::new(String::new());
    let numbers: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let enabled: [RwSignal<bool>; 4] = std::array::from_fn(|_| RwSignal::new(true));
    let fill = move |s: &Settings| {
        format.set(s.number_format.clone());
        for (i, n) in numbers.iter().enumerate() {
            n.set(number(s, i).to_string());
        }
        let mut p = s.procedures;
        for (i, e) in enabled.iter().enumerate() {
            e.set(*procedure(&mut p, i));
        }
    };
    fill(&shown.settings);
    let saved_by = RwSignal::new((shown.updated_by, shown.updated_at));
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let pending = RwSignal::new(false);
    // The form as settings, refused here with the server's own words before anything is sent.
    let read = move || -> Result<Settings, String> {
        let lang = i18n.get();
        let mut s = Settings {
            number_format: format.get_untracked(),
            ..Settings::default()
        };
        for (i, (code, zh, en, _)) in NUMBERS.iter().enumerate() {
            let v = numbers[i]
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| match lang {
                    Lang::Zh => format!("{code}：{zh}须为整数"),
                    Lang::En => format!("{code}: {en} must be a whole number"),
                })?;
            set_number(&mut s, i, v);
        }
        for (i, e) in enabled.iter().enumerate() {
            *procedure(&mut s.procedures, i) = e.get_untracked();
        }
        s.check().map_err(|e| match lang {
            Lang::Zh => e.message_zh(),
            Lang::En => e.message_en(),
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let settings = match read() {
            Ok(s) => s,
            Err(why) => return error.set(Some(why)),
        };
        error.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::save_settings(&settings).await;
            pending.set(false);
            match answer {
                Ok(v) => {
                    fill(&v.settings);
                    saved_by.set((v.updated_by, v.updated_at));
                    done.set(true);
                }
                Err(e) => error.set(Some(ApiError::message(&e, i18n.get()))),
            }
        });
    };
    let year = js_sys::Date::new_0().get_full_year() as i32;
    let example = move || match NumberFormat::parse(&format.get()) {
        Ok(f) => format!(
            "{}{}",
            i18n.tr("例：", "e.g. "),
            f.format(year, 12).as_str()
        ),
        Err(_) => i18n
            .tr("须含 {year} 与 {seq}", "must contain {year} and {seq}")
            .into(),
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="settings-form">
            <div class="field"><label for="st-number_format">{tx("编号格式", "Number format")}</label>
                <input id="st-number_format" type="text" maxlength="40" bind:value=format />
                <p class="muted" data-testid="number-example">{example}</p>
                <p class="muted">{tx("{year} 为年份，{seq} 为当年序号，{seq:3} 补足 3 位。", "{year} is the year, {seq} the year's sequence, {seq:3} padded to 3 digits.")}</p>
            </div>
            {NUMBERS.into_iter().enumerate().map(|(i, (code, zh, en, range))| {
                let id = format!("st-{code}");
                let n = numbers[i];
                view! {
                    <div class="field"><label for=id.clone()>{tx(zh, en)}" "<span class="muted-inline">{range}</span></label>
                        <input id=id type="number" inputmode="numeric" min="0" bind:value=n /></div>
                }
            }).collect_view()}
            <fieldset class="field">
                <legend>{tx("可新建事项的程序", "Procedures new matters may use")}</legend>
                {PROCEDURES.into_iter().enumerate().map(|(i, (code, zh, en))| {
                    let on = enabled[i];
                    view! {
                        <label class="check"><input type="checkbox" name=code bind:checked=on />{tx(zh, en)}</label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="form-error" role="alert" data-testid="settings-error">{move || error.get()}</p>
            <p role="status" data-testid="settings-saved">{move || done.get().then(|| i18n.tr("已保存，各服务器立即生效", "Saved; in force on every server now"))}</p>
            <p class="muted">{move || match saved_by.get() {
                (Some(by), Some(at)) => format!("{}{by} {}", i18n.tr("最近修改：", "Last changed by "), at.get(..16).unwrap_or_default().replace('T', " ")),
                _ => i18n.tr("使用出厂默认值", "Shipped defaults in use").into(),
            }}</p>
            <div class="toolbar">
                <button type="submit" class="button primary" disabled=move || pending.get()>{tx("保存设置", "Save settings")}</button>
                <button type="button" class="button" on:click=move |_| { done.set(false); fill(&Settings::default()) }>
                    {tx("恢复默认值（需保存）", "Restore defaults (then save)")}</button>
            </div>
        </form>
    }
}

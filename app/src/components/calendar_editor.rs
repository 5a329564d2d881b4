//! The admin's working-day calendar: a year as twelve month grids; tap days to mark them as holiday,
//! make-up working day (调休上班) or normal, save the year, and try a deadline against it.

use crate::api::{self, ApiError};
use crate::components::matter_list::{load_error, skeleton};
use crate::i18n::{I18n, tx};
use chrono::{Datelike, NaiveDate, Weekday};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::YearSchedule;
use shared::admin::{CalendarStatus, CalendarYear};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Holiday,
    Makeup,
    Normal,
}

/// Each day's mark, indexed by the day of the year (0-based): a flat list is far less wasm than a set.
type Marks = RwSignal<Vec<Mark>>;

fn marks_of(c: &CalendarYear) -> Vec<Mark> {
    let mut marks = vec![Mark::Normal; 366];
    for (days, mark) in [
        (&c.holidays, Mark::Holiday),
        (&c.makeup_workdays, Mark::Makeup),
    ] {
        for d in days {
            marks[d.ordinal0() as usize] = mark;
        }
    }
    marks
}

#[component]
pub fn CalendarEditor() -> impl IntoView {
    let i18n = I18n::use_();
    let year = RwSignal::new(js_sys::Date::new_0().get_full_year() as i32);
    let loaded = RwSignal::new(None::<Result<CalendarYear, ApiError>>);
    let marks: Marks = RwSignal::new(vec![Mark::Normal; 366]);
    let mode = RwSignal::new(Mark::Holiday);
    let (dirty, busy) = (RwSignal::new(false), RwSignal::new(false));
    let error = RwSignal::new(None::<ApiError>);
    let show = move |r: Result<CalendarYear, ApiError>| {
        if let Ok(c) = &r {
            marks.set(marks_of(c));
            dirty.set(false);
        }
        loaded.set(Some(r));
    };
    Effect::new(move |_| {
        let y = year.get();
        loaded.set(None);
        error.set(None);
        spawn_local(async move {
            let answer = api::calendar_year(y).await;
            // The year chosen last wins: a slower answer for a year no longer shown would put
            // its days under the new year, and Save would then store them as that year's.
            if year.get_untracked() == y {
                show(answer);
            }
        });
    });
    let tap = move |d: NaiveDate| {
        let mark = mode.get_untracked();
        marks.update(|m| m[d.ordinal0() as usize] = mark);
        dirty.set(true);
    };
    let save = move |_| {
        let y = year.get_untracked();
        let source = match loaded.get_untracked() {
            Some(Ok(c)) => c.source,
            _ => String::new(),
        };
        let body = YearSchedule {
            year: y,
            source,
            holidays: marked(y, marks, Mark::Holiday),
            makeup_workdays: marked(y, marks, Mark::Makeup),
        };
        busy.set(true);
        spawn_local(async move {
            match api::save_calendar_year(y, &body).await {
                Ok(c) => {
                    error.set(None);
                    show(Ok(c));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let modes = [
        (Mark::Holiday, "假日", "Holiday"),
        (Mark::Makeup, "调休上班", "Make-up working day"),
        (Mark::Normal, "恢复正常", "Back to normal"),
    ];
    view! {
        <section class="card wide calendar" aria-labelledby="calendar-title" data-testid="calendar-editor">
            <h2 id="calendar-title">{tx("节假日与调休日历", "Holidays and make-up working days")}</h2>
            <div class="toolbar">
                <button type="button" class="button small" on:click=move |_| year.update(|y| *y -= 1)>{tx("上一年", "Previous year")}</button>
                <label>{tx("年份", "Year")}
                    <input type="number" min="2000" max="2100" class="year" prop:value=move || year.get().to_string()
                        on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse::<i32>() { year.set(y) } } />
                </label>
                <button type="button" class="button small" on:click=move |_| year.update(|y| *y += 1)>{tx("下一年", "Next year")}</button>
            </div>
            <fieldset class="modes">
                <legend>{tx("点选日期标记为", "Tap days to mark them as")}</legend>
                {modes.into_iter().map(|(m, zh, en)| view! {
                    <label class="check"><input type="radio" name="calendar-mode" prop:checked=move || mode.get() == m on:change=move |_| mode.set(m) />{tx(zh, en)}</label>
                }).collect_view()}
            </fieldset>
            {move || match loaded.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || year.update(|_| {})),
                Some(Ok(c)) => view! {
                    <p class="muted" data-testid="calendar-status">{status_text(&c, i18n)}</p>
                    <div class="months">
                        {(1..=12).map(|m| month(c.year, m, marks, tap)).collect_view()}
                    </div>
                }.into_any(),
            }}
            <p class="legend"><span class="day holiday" aria-hidden="true"></span>{tx("假日", "Holiday")}
                <span class="day makeup" aria-hidden="true"></span>{tx("调休上班", "Make-up working day")}
                <span class="day weekend" aria-hidden="true"></span>{tx("周末", "Weekend")}</p>
            <button type="button" class="button primary" data-testid="calendar-save" disabled=move || busy.get() || !dirty.get() on:click=save>
                {tx("保存本年日历", "Save this year")}
            </button>
            <p class="form-error" role="alert">{move || error.get().map(|e| e.message(i18n.get()))}</p>
            <DeadlineTry />
        </section>
    }
}

fn status_text(c: &CalendarYear, i18n: I18n) -> String {
    match c.status {
        CalendarStatus::Estimated => i18n
            .tr(
                "未加载官方安排：仅按周末计算（预估）",
                "No official schedule: weekends only (estimated)",
            )
            .into(),
        CalendarStatus::Official => i18n
            .tr(
                "国务院办公厅公布的安排",
                "The State Council's published schedule",
            )
            .into(),
        CalendarStatus::AdminEdited => format!(
            "{} {} {}",
            i18n.tr("管理员已修改：", "Edited by an administrator:"),
            c.updated_by.clone().unwrap_or_default(),
            c.updated_at
                .clone()
                .unwrap_or_default()
                .get(..10)
                .unwrap_or_default()
        ),
    }
}

/// The days of `year` marked `mark`, in order.
fn marked(year: i32, marks: Marks, mark: Mark) -> Vec<NaiveDate> {
    marks.with_untracked(|m| {
        m.iter()
            .enumerate()
            .filter(|(_, x)| **x == mark)
            .filter_map(|(i, _)| NaiveDate::from_yo_opt(year, i as u32 + 1))
            .collect()
    })
}

/// One month: weekday heads, blanks before the 1st, then a button per day showing its mark.
fn month(
    year: i32,
    m: u32,
    marks: Marks,
    tap: impl Fn(NaiveDate) + Copy + 'static,
) -> impl IntoView {
    let i18n = I18n::use_();
    let days: Vec<NaiveDate> = NaiveDate::from_ymd_opt(year, m, 1)
        .map(|first| first.iter_days().take_while(|d| d.month() == m).collect())
        .unwrap_or_default();
    let blanks = days
        .first()
        .map_or(0, |d| d.weekday().num_days_from_monday());
    view! {
        <figure class="month">
            <figcaption>{move || if i18n.get() == crate::i18n::Lang::Zh { format!("{m} 月") } else { format!("{year}-{m:02}") }}</figcaption>
            <div class="days">
                {["一", "二", "三", "四", "五", "六", "日"].map(|w| view! { <span class="wd" aria-hidden="true">{w}</span> })}
                {(0..blanks).map(|_| view! { <span></span> }).collect_view()}
                {days.into_iter().map(|d| {
                    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                    let i = d.ordinal0() as usize;
                    let mark = move || match marks.with(|m| m[i]) { Mark::Holiday => "holiday", Mark::Makeup => "makeup", Mark::Normal if weekend => "weekend", Mark::Normal => "" };
                    let label = move || {
                        let what = match mark() { "holiday" => i18n.tr("假日", "holiday"), "makeup" => i18n.tr("调休上班", "make-up working day"), "weekend" => i18n.tr("周末", "weekend"), _ => i18n.tr("工作日", "working day") };
                        format!("{d} {what}")
                    };
                    view! {
                        <button type="button" class=move || format!("day {}", mark()) data-date=d.to_string() aria-label=label on:click=move |_| tap(d)>{d.day()}</button>
                    }
                }).collect_view()}
            </div>
        </figure>
    }
}

/// The effect of the calendar on a deadline: N working days after a date, as the server computes it.
#[component]
fn DeadlineTry() -> impl IntoView {
    let i18n = I18n::use_();
    let from = RwSignal::new(String::new());
    let n = RwSignal::new("5".to_owned());
    let result = RwSignal::new(None::<Result<shared::Deadline, ApiError>>);
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, days) = (from.get_untracked(), n.get_untracked().parse().unwrap_or(0));
        spawn_local(async move { result.set(Some(api::deadline(&f, days).await)) });
    };
    view! {
        <form class="inline deadline-try" on:submit=run>
            <label>{tx("起算日期", "From")}<input type="date" required bind:value=from /></label>
            <label>{tx("工作日数", "Working days")}<input type="number" min="0" max="366" required bind:value=n /></label>
            <button type="submit" class="button small">{tx("试算办结时限", "Try a deadline")}</button>
            <output data-testid="deadline-result">{move || match result.get() {
                None => String::new(),
                Some(Ok(d)) => format!("{}{}", d.date, if d.estimated { i18n.tr("（预估）", " (estimated)") } else { "" }),
                Some(Err(e)) => e.message(i18n.get()),
            }}</output>
        </form>
    }
}

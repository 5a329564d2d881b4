//! The traffic light of a matter: green on track, yellow due soon, red overdue, done.

use crate::calendar::Calendar;
use crate::matter::Matter;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Yellow,
    Red,
    Done,
}

impl Light {
    pub const ALL: [Light; 4] = [Light::Red, Light::Yellow, Light::Green, Light::Done];

    /// The code in the API, in query strings and in CSS classes.
    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The light's name, as the regulations and the ledger say it (红灯、黄灯、绿灯): the same in the
    /// app, the Excel downloads and print.
    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    /// What the light means, in plain words.
    pub fn meaning_zh(self) -> &'static str {
        self.names().3
    }

    pub fn meaning_en(self) -> &'static str {
        self.names().4
    }

    /// The name and what it means, "红灯 · 已超期", where a heading or a filter has room for both.
    pub fn explained_zh(self) -> &'static str {
        self.names().5
    }

    pub fn explained_en(self) -> &'static str {
        self.names().6
    }

    /// One row per light: code, name and meaning in both languages, and the two put together (by
    /// `concat!`, so each word is written once and the app gets static text, not formatting code).
    fn names(self) -> Names {
        macro_rules! light {
            ($code:literal, $zh:literal, $en:literal, $mzh:literal, $men:literal) => {
                (
                    $code,
                    $zh,
                    $en,
                    $mzh,
                    $men,
                    concat!($zh, " · ", $mzh),
                    concat!($en, " · ", $men),
                )
            };
        }
        match self {
            Light::Red => light!("red", "红灯", "Red", "已超期", "Overdue"),
            Light::Yellow => light!("yellow", "黄灯", "Yellow", "即将到期", "Due soon"),
            Light::Green => light!("green", "绿灯", "Green", "正常推进", "On track"),
            // Done needs no explaining.
            Light::Done => ("done", "已办结", "Done", "已办结", "Done", "已办结", "Done"),
        }
    }
}

type Names = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The date the light is measured against: the deadline, or before one exists (a GDUFS routine
/// item awaiting its reply, no commitment yet) the reply due date. `None` once the unit has
/// reported completion: its clock has stopped and the light no longer turns while the office
/// reviews. The server stores it so the reminder sweep finds the matters whose light may turn.
pub fn due(matter: &Matter) -> Option<NaiveDate> {
    if matter.unit_reported_on().is_some() {
        return None;
    }
    matter.deadline.or(match matter.commitment {
        None => matter.reply_due,
        Some(_) => None,
    })
}

/// The light of a matter on `today`. A closed or finished matter is done; an open one is red from the
/// day after its deadline, yellow when the deadline is at most `yellow_days` working days away.
/// Before a deadline exists (a GDUFS routine item awaiting its reply) the reply due date stands in.
/// The unit's clock stops on the day its completion report arrived: reported by the deadline, the
/// matter stays green while the office reviews; reported after it, it stays red.
pub fn light(matter: &Matter, today: NaiveDate, calendar: &Calendar, yellow_days: u32) -> Light {
    if !matter.is_open() {
        return Light::Done;
    }
    if matter.unit_reported_on().is_some() {
        return if matter.delivered_late() {
            Light::Red
        } else {
            Light::Green
        };
    }
    lit(due(matter), today, calendar, yellow_days)
}

/// The light of one running clock due on `due`: red from the day after, yellow within
/// `yellow_days` working days, green before; no due date is green.
pub fn lit(
    due: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &Calendar,
    yellow_days: u32,
) -> Light {
    match due {
        None => Light::Green,
        Some(d) if today > d => Light::Red,
        Some(d) if calendar.working_days_between(today, d) <= i64::from(yellow_days) => {
            Light::Yellow
        }
        Some(_) => Light::Green,
    }
}

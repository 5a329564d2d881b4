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

/// The date the light is measured against: the deadline, or before one exists (a GDUFS routine
/// item awaiting its reply, no commitment yet) the reply due date. The server stores it so the
/// reminder sweep finds the matters whose light may turn.
pub fn due(matter: &Matter) -> Option<NaiveDate> {
    matter.deadline.or(match matter.commitment {
        None => matter.reply_due,
        Some(_) => None,
    })
}

/// The light of a matter on `today`. A closed or finished matter is done; an open one is red from the
/// day after its deadline, yellow when the deadline is at most `yellow_days` working days away.
/// Before a deadline exists (a GDUFS routine item awaiting its reply) the reply due date stands in.
pub fn light(matter: &Matter, today: NaiveDate, calendar: &Calendar, yellow_days: u32) -> Light {
    if !matter.is_open() {
        return Light::Done;
    }
    match due(matter) {
        None => Light::Green,
        Some(d) if today > d => Light::Red,
        Some(d) if calendar.working_days_between(today, d) <= i64::from(yellow_days) => {
            Light::Yellow
        }
        Some(_) => Light::Green,
    }
}

//! Results per unit and period (GDUFS 第十一条、第十二条; HBUT 第五条(三)、第六条、第七条), as pure functions.

use crate::calendar::Calendar;
use crate::matter::Matter;
use crate::procedure::Stage;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::accountability::{
    AccountabilityContext, AccountabilityEntry, AccountabilityReason, accountability_list,
};

/// A reporting period, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// One unit's figures for a period. Counts that follow the lead unit (it answers for the whole
/// matter and reports for all) are counted for the lead unit only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitStats {
    pub unit: String,
    /// Matters under way during the period, as lead unit.
    pub lead: u32,
    /// Matters under way during the period, as assisting unit.
    pub assisting: u32,
    /// Closed (办结) during the period.
    pub completed: u32,
    /// Closed, and the unit's completion report arrived on or before the deadline in force (an
    /// approved extension counts); the office's review time after it is not the unit's.
    pub on_time: u32,
    /// `on_time / completed` (办结效率); `None` when nothing was completed.
    pub on_time_rate: Option<f64>,
    /// Working days from issue to the unit's completion report, averaged over the matters completed.
    pub average_working_days: Option<f64>,
    /// Closed during the period with the report late, or still open at its end with no report
    /// and past the deadline (or reported after it).
    pub overdue: u32,
    pub reminders: u32,
    pub second_reminders: u32,
    /// Results returned for 补办 / 重办.
    pub returns: u32,
    pub rectification_items: u32,
    pub extensions_requested: u32,
    pub extensions_approved: u32,
}

/// Under way at some time during the period: issued by its end, not closed before its start.
/// An escalated routine item is left out: the key item that continues it is counted instead.
fn active(m: &Matter, p: &Period) -> bool {
    m.stage != Stage::Escalated
        && m.issued_on.is_some_and(|i| i <= p.to)
        && m.closed_on.is_none_or(|c| c >= p.from)
}

/// Still open on `day` and late by the unit's clock: no report and past the deadline, or a report
/// that came after it (a report dated after `day` had not arrived yet).
pub(crate) fn overdue_at(m: &Matter, day: NaiveDate) -> bool {
    let reported = m.unit_reported_on().filter(|r| *r <= day);
    m.deadline.is_some_and(|d| reported.unwrap_or(day) > d)
}

/// The figures of every unit that appears on a matter under way in the period, sorted by unit code.
pub fn unit_stats(matters: &[Matter], period: Period, calendar: &Calendar) -> Vec<UnitStats> {
    let mut by_unit: BTreeMap<String, UnitStats> = BTreeMap::new();
    let mut days: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for m in matters.iter().filter(|m| active(m, &period)) {
        for u in &m.assisting_units {
            stats_for(&mut by_unit, u).assisting += 1;
        }
        let s = stats_for(&mut by_unit, &m.lead_unit);
        s.lead += 1;
        if let Some(closed) = m.closed_on.filter(|c| period.contains(*c)) {
            s.completed += 1;
            if m.delivered_late() {
                s.overdue += 1;
            } else {
                s.on_time += 1;
            }
            if let Some(issued) = m.issued_on {
                let delivered = m.unit_reported_on().unwrap_or(closed);
                days.entry(m.lead_unit.clone())
                    .or_default()
                    .push(calendar.working_days_between(issued, delivered));
            }
        } else if m.closed_on.is_none() && overdue_at(m, period.to) {
            s.overdue += 1;
        }
        let within = |d: NaiveDate| period.contains(d);
        s.reminders += m
            .reminders
            .iter()
            .filter(|r| !r.second && within(r.on))
            .count() as u32;
        s.second_reminders += m
            .reminders
            .iter()
            .filter(|r| r.second && within(r.on))
            .count() as u32;
        s.returns += m
            .reviews
            .iter()
            .filter(|r| !r.passed && within(r.on))
            .count() as u32;
        s.rectification_items += m
            .rectification_items
            .iter()
            .filter(|i| within(i.ordered_on))
            .count() as u32;
        s.extensions_requested +=
            m.extension_requests.iter().filter(|r| within(r.on)).count() as u32;
        s.extensions_approved += m
            .extension_requests
            .iter()
            .filter_map(|r| r.decision.as_ref())
            .filter(|d| d.approved && within(d.on))
            .count() as u32;
    }
    for (unit, s) in by_unit.iter_mut() {
        s.on_time_rate = (s.completed > 0).then(|| f64::from(s.on_time) / f64::from(s.completed));
        s.average_working_days = days
            .get(unit)
            .filter(|v| !v.is_empty())
            .map(|v| v.iter().sum::<i64>() as f64 / v.len() as f64);
    }
    by_unit.into_values().collect()
}

/// A figure a matter adds to its lead unit's year, kept as a running counter by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearFigure {
    Completed,
    OnTime,
    Late,
    Reminder,
    SecondReminder,
    Return,
}

/// What one matter adds to its lead unit's figures in each calendar year, by `unit_stats`' rules
/// for a year period: counted while under way in that year (`active`), a closure in the year it
/// closed, reminders and returned results in the year they are dated. Summed over every matter it
/// gives `unit_stats` of a whole year for these figures (tested), so a counter kept from it by
/// before/after deltas never needs the matters read again.
pub fn year_figures(m: &Matter) -> Vec<(i32, YearFigure)> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let year = |y: i32| Period {
        from: NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default(),
        to: NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default(),
    };
    let mut count = |on: NaiveDate, figure: YearFigure| {
        if active(m, &year(on.year())) {
            out.push((on.year(), figure));
        }
    };
    if let Some(closed) = m.closed_on {
        count(closed, YearFigure::Completed);
        count(
            closed,
            if m.delivered_late() {
                YearFigure::Late
            } else {
                YearFigure::OnTime
            },
        );
    }
    for r in &m.reminders {
        let figure = if r.second {
            YearFigure::SecondReminder
        } else {
            YearFigure::Reminder
        };
        count(r.on, figure);
    }
    for r in m.reviews.iter().filter(|r| !r.passed) {
        count(r.on, YearFigure::Return);
    }
    out
}

fn stats_for<'a>(map: &'a mut BTreeMap<String, UnitStats>, unit: &str) -> &'a mut UnitStats {
    map.entry(unit.to_owned()).or_insert_with(|| UnitStats {
        unit: unit.to_owned(),
        ..UnitStats::default()
    })
}

/// Thresholds for the bulletin (通报), set by the office.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinRules {
    /// A unit must have completed at least this many matters to be commended.
    pub min_completed: u32,
    /// Commended at or above this on-time rate, with nothing overdue, no second reminder, no return.
    pub commend_rate: f64,
    /// Criticised below this on-time rate.
    pub criticize_rate: f64,
    /// Criticised at this many returns or more.
    pub criticize_returns: u32,
}

impl Default for BulletinRules {
    fn default() -> Self {
        BulletinRules {
            min_completed: 1,
            commend_rate: 1.0,
            criticize_rate: 0.6,
            criticize_returns: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CriticismReason {
    LowOnTimeRate,
    Overdue,
    SecondReminder,
    RepeatedReturns,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bulletin {
    /// 通报表扬: 反馈及时、执行良好 (GDUFS 第十二条).
    pub commended: Vec<String>,
    /// 通报批评: 工作开展不力、任务落实不到位 (GDUFS 第十二条; HBUT 第五条(三)).
    pub criticized: Vec<(String, Vec<CriticismReason>)>,
}

/// The commendation and criticism lists from the period's figures.
pub fn commendation_and_criticism(stats: &[UnitStats], rules: &BulletinRules) -> Bulletin {
    let mut b = Bulletin::default();
    for s in stats {
        let mut why = Vec::new();
        if s.on_time_rate.is_some_and(|r| r < rules.criticize_rate) {
            why.push(CriticismReason::LowOnTimeRate);
        }
        if s.overdue > 0 {
            why.push(CriticismReason::Overdue);
        }
        if s.second_reminders > 0 {
            why.push(CriticismReason::SecondReminder);
        }
        if s.returns >= rules.criticize_returns {
            why.push(CriticismReason::RepeatedReturns);
        }
        let clean = s.overdue == 0 && s.second_reminders == 0 && s.returns == 0;
        if clean
            && s.completed >= rules.min_completed
            && s.on_time_rate.is_some_and(|r| r >= rules.commend_rate)
        {
            b.commended.push(s.unit.clone());
        } else if !why.is_empty() {
            b.criticized.push((s.unit.clone(), why));
        }
    }
    b
}

//! The working-day calendar: weekends, statutory holidays and make-up working days (调休), as data per year.

use crate::error::RuleError;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// The official schedules shipped with Duban; an admin can load newer years or replace these.
const OFFICIAL: &str = include_str!("../data/holidays.json");

/// One year's official schedule, as an admin loads it (国务院办公厅 notice of that year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct YearSchedule {
    pub year: i32,
    /// The notice the dates come from, so anyone can check them.
    #[serde(default)]
    pub source: String,
    /// Every day off of each holiday break, weekends inside the break included.
    pub holidays: Vec<NaiveDate>,
    /// Saturdays and Sundays that are working days (调休上班).
    pub makeup_workdays: Vec<NaiveDate>,
}

impl YearSchedule {
    /// Checks a schedule an admin typed or uploaded.
    pub fn parse(
        year: i32,
        source: &str,
        holidays: Vec<NaiveDate>,
        makeup_workdays: Vec<NaiveDate>,
    ) -> Result<YearSchedule, RuleError> {
        let schedule = YearSchedule {
            year,
            source: source.trim().to_owned(),
            holidays,
            makeup_workdays,
        };
        schedule.validate()?;
        Ok(schedule)
    }

    /// The same checks as `parse`, for a schedule that came in through serde.
    pub fn validate(&self) -> Result<(), RuleError> {
        if let Some(d) = self
            .holidays
            .iter()
            .chain(&self.makeup_workdays)
            .find(|d| d.year() != self.year)
        {
            return Err(RuleError::invalid(
                "calendar",
                format!("{d} 不在 {} 年内", self.year),
                format!("{d} is not in {}", self.year),
            ));
        }
        if let Some(d) = self
            .holidays
            .iter()
            .find(|d| self.makeup_workdays.contains(d))
        {
            return Err(RuleError::invalid(
                "calendar",
                format!("{d} 不能既是假日又是调休上班日"),
                format!("{d} cannot be both a holiday and a make-up working day"),
            ));
        }
        // A make-up day on a weekday would change nothing: it is surely a typing error.
        if let Some(d) = self.makeup_workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(RuleError::invalid(
                "calendar",
                format!("调休上班日 {d} 必须是周六或周日"),
                format!("the make-up working day {d} must be a Saturday or Sunday"),
            ));
        }
        Ok(())
    }
}

/// A deadline and whether it rests on a year with no official schedule (weekends only, 预估).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    pub date: NaiveDate,
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Year {
    holidays: BTreeSet<NaiveDate>,
    makeup: BTreeSet<NaiveDate>,
}

/// Which days are working days. Years without data fall back to weekends only and are flagged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<YearSchedule>", into = "Vec<YearSchedule>")]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
    sources: BTreeMap<i32, String>,
}

impl Calendar {
    /// Builds a calendar from schedules, refusing invalid ones and a year given twice.
    pub fn from_years(schedules: Vec<YearSchedule>) -> Result<Calendar, RuleError> {
        let mut calendar = Calendar::default();
        for s in schedules {
            if calendar.years.contains_key(&s.year) {
                return Err(RuleError::invalid(
                    "calendar",
                    format!("{} 年重复", s.year),
                    format!("the year {} is given twice", s.year),
                ));
            }
            calendar = calendar.with_year(s)?;
        }
        Ok(calendar)
    }

    /// The schedules of 2025 and 2026 as published by the State Council's general office.
    pub fn official() -> Calendar {
        Calendar::from_json(OFFICIAL).expect("the shipped holiday data is valid")
    }

    pub fn from_json(json: &str) -> Result<Calendar, RuleError> {
        let schedules: Vec<YearSchedule> = serde_json::from_str(json).map_err(|e| {
            RuleError::invalid(
                "calendar",
                format!("日历数据格式错误：{e}"),
                format!("the calendar data is malformed: {e}"),
            )
        })?;
        Calendar::from_years(schedules)
    }

    /// Adds a year or replaces it: what an admin does when a new notice is published.
    pub fn with_year(mut self, s: YearSchedule) -> Result<Calendar, RuleError> {
        s.validate()?;
        self.years.insert(
            s.year,
            Year {
                holidays: s.holidays.into_iter().collect(),
                makeup: s.makeup_workdays.into_iter().collect(),
            },
        );
        self.sources.insert(s.year, s.source);
        Ok(self)
    }

    pub fn schedules(&self) -> Vec<YearSchedule> {
        self.years
            .iter()
            .map(|(&year, y)| YearSchedule {
                year,
                source: self.sources.get(&year).cloned().unwrap_or_default(),
                holidays: y.holidays.iter().copied().collect(),
                makeup_workdays: y.makeup.iter().copied().collect(),
            })
            .collect()
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// True when the date's year has no official schedule, so only weekends are known.
    pub fn is_estimated(&self, date: NaiveDate) -> bool {
        !self.has_year(date.year())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.years.get(&date.year()) {
            Some(y) if y.makeup.contains(&date) => true,
            Some(y) if y.holidays.contains(&date) => false,
            _ => !is_weekend(date),
        }
    }

    /// The n-th working day after `from`; the day of `from` itself does not count (当日不计入).
    /// `None` when that day is past the end of chrono's range.
    ///
    /// Found by bisection on `working_days_between`, which counts without walking the days, so
    /// the work is bounded by the calendar's data whatever `n` is.
    pub fn checked_add_working_days(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(from);
        }
        let wanted = i64::from(n);
        // n working days lie within n + (every holiday) weekdays, and any five weekdays within a
        // week; a week more covers the partial weeks at both ends.
        let holidays: u64 = self.years.values().map(|y| y.holidays.len() as u64).sum();
        let span = (u64::from(n) + holidays) / 5 * 7 + 14;
        let mut hi = from
            .checked_add_days(Days::new(span))
            .unwrap_or(NaiveDate::MAX);
        if self.working_days_between(from, hi) < wanted {
            return None;
        }
        // Invariant: fewer than `wanted` working days up to `lo`, at least `wanted` up to `hi`.
        let mut lo = from;
        while (hi - lo).num_days() > 1 {
            let mid = lo.checked_add_days(Days::new(((hi - lo).num_days() / 2) as u64))?;
            if self.working_days_between(from, mid) >= wanted {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    /// The n-th working day after `from`, for the server's own dates (today's deadlines): at the
    /// end of chrono's range it saturates there. Dates from a client use `checked_add_working_days`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.checked_add_working_days(from, n)
            .unwrap_or(NaiveDate::MAX)
    }

    /// `from` plus n calendar days; when that day is not a working day, the next working day.
    /// `None` past the end of chrono's range.
    pub fn checked_add_calendar_days(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        let day = from.checked_add_days(Days::new(n.into()))?;
        if self.is_working_day(day) {
            Some(day)
        } else {
            self.checked_add_working_days(day, 1)
        }
    }

    /// `from` plus n calendar days, moved to a working day, saturating like `add_working_days`.
    pub fn add_calendar_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.checked_add_calendar_days(from, n)
            .unwrap_or(NaiveDate::MAX)
    }

    /// Working days after `a` up to and including `b`; negative when `b` is before `a`.
    /// Counted from the weekdays of whole weeks plus the calendar's entries inside the range, so
    /// the work does not grow with the distance between the dates.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        let days = (b - a).num_days();
        let first = i64::from(a.weekday().num_days_from_monday()) + 1;
        let partial = (0..days % 7).filter(|i| (first + i) % 7 < 5).count() as i64;
        let weekdays = days / 7 * 5 + partial;
        let inside = (Bound::Excluded(a), Bound::Included(b));
        let mut adjust = 0i64;
        for year in self.years.range(a.year()..=b.year()).map(|(_, y)| y) {
            adjust += year
                .makeup
                .range(inside)
                .filter(|d| is_weekend(**d))
                .count() as i64;
            adjust -= year
                .holidays
                .range(inside)
                .filter(|d| !is_weekend(**d))
                .count() as i64;
        }
        weekdays + adjust
    }

    /// Wraps a computed date, flagging it when any year from `from` to it lacks official data.
    pub fn deadline(&self, from: NaiveDate, date: NaiveDate) -> Deadline {
        let estimated = (from.year().min(date.year())..=date.year().max(from.year()))
            .any(|y| !self.has_year(y));
        Deadline { date, estimated }
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl TryFrom<Vec<YearSchedule>> for Calendar {
    type Error = RuleError;
    fn try_from(v: Vec<YearSchedule>) -> Result<Self, RuleError> {
        Calendar::from_years(v)
    }
}

impl From<Calendar> for Vec<YearSchedule> {
    fn from(c: Calendar) -> Self {
        c.schedules()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_schedule_with_a_date_outside_its_year_is_refused() {
        assert!(YearSchedule::parse(2026, "", vec![d(2025, 12, 31)], vec![]).is_err());
    }

    #[test]
    fn a_day_cannot_be_both_holiday_and_make_up_day() {
        let e = YearSchedule::parse(2026, "", vec![d(2026, 1, 4)], vec![d(2026, 1, 4)]);
        assert!(e.is_err());
    }

    #[test]
    fn a_make_up_working_day_must_fall_on_a_weekend() {
        // 2026-01-05 is a Monday.
        assert!(YearSchedule::parse(2026, "", vec![], vec![d(2026, 1, 5)]).is_err());
    }

    #[test]
    fn a_year_given_twice_is_refused() {
        let y = YearSchedule::parse(2027, "", vec![], vec![]).unwrap();
        assert!(Calendar::from_years(vec![y.clone(), y]).is_err());
    }

    #[test]
    fn the_calendar_round_trips_through_json() {
        let c = Calendar::official();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), c);
    }
}

//! The time rules of both regulations as named functions, each returning a `Deadline` that says if it is estimated.

use crate::calendar::{Calendar, Deadline};
use crate::dates;
use crate::error::RuleError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// GDUFS 第九条(二): 主办单位收到《工作进展提醒单》后应于 7 天内回复 (calendar days).
pub const GDUFS_REPLY_DAYS: u32 = 7;
/// HBUT 第四条(三): 学校办公室应在两个工作日内下发《督办事项通知单》.
pub const HBUT_ISSUE_WORKING_DAYS: u32 = 2;
/// HBUT 第四条(四): 不需要制定具体政策的，应当在十五个工作日内办结.
pub const HBUT_DEFAULT_WORKING_DAYS: u32 = 15;
/// HBUT 第四条(四): 需要充分调研、制定具体政策的，应当在五个工作日制定工作计划.
pub const HBUT_WORK_PLAN_WORKING_DAYS: u32 = 5;
/// HBUT 第四条(八): 应在五个工作日内……整理归档.
pub const HBUT_ARCHIVE_WORKING_DAYS: u32 = 5;

/// The lead unit's reply to a 工作进展提醒单 is due 7 days after it was issued.
pub fn gdufs_reply_due(issued_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.deadline(
        issued_on,
        cal.add_calendar_days(issued_on, GDUFS_REPLY_DAYS),
    )
}

/// The 督办事项通知单 must go out within 2 working days of registration.
pub fn hbut_issue_due(registered_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.deadline(
        registered_on,
        cal.add_working_days(registered_on, HBUT_ISSUE_WORKING_DAYS),
    )
}

/// With no deadline given, a matter is due 15 working days after it was issued.
pub fn hbut_default_deadline(issued_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.deadline(
        issued_on,
        cal.add_working_days(issued_on, HBUT_DEFAULT_WORKING_DAYS),
    )
}

/// A matter needing research or new policy owes a work plan 5 working days after issue.
pub fn hbut_work_plan_due(issued_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.deadline(
        issued_on,
        cal.add_working_days(issued_on, HBUT_WORK_PLAN_WORKING_DAYS),
    )
}

/// The materials are archived within 5 working days of closure.
pub fn hbut_archive_due(closed_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.deadline(
        closed_on,
        cal.add_working_days(closed_on, HBUT_ARCHIVE_WORKING_DAYS),
    )
}

/// Overdue from the day after the deadline (docs/domain.md, Time).
pub fn is_overdue(deadline: NaiveDate, today: NaiveDate) -> bool {
    today > deadline
}

/// A quarter of a year: HBUT 第四条(七) 每三个月向校领导班子呈报.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub quarter: u32,
}

impl Quarter {
    /// A quarter a client asked for: 1 to 4, in the supported years (`dates::YEARS`).
    pub fn parse(year: i32, quarter: u32) -> Result<Quarter, RuleError> {
        if !(1..=4).contains(&quarter) {
            return Err(RuleError::invalid(
                "quarter",
                "季度须为 1 到 4",
                "the quarter must be 1 to 4",
            ));
        }
        Ok(Quarter {
            year: dates::check_year("year", year)?,
            quarter,
        })
    }

    /// The report period a date belongs to.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            quarter: date.month0() / 3 + 1,
        }
    }

    /// The first day; `None` for a quarter number outside 1 to 4 or a year chrono cannot hold.
    pub fn checked_start(self) -> Option<NaiveDate> {
        let first_month = self
            .quarter
            .checked_sub(1)?
            .checked_mul(3)?
            .checked_add(1)?;
        NaiveDate::from_ymd_opt(self.year, first_month, 1)
    }

    /// The last day, found without the next quarter, which does not exist at chrono's range end.
    pub fn checked_end(self) -> Option<NaiveDate> {
        match self.quarter {
            4 => NaiveDate::from_ymd_opt(self.year, 12, 31),
            1..=3 => NaiveDate::from_ymd_opt(self.year, self.quarter * 3 + 1, 1)?.pred_opt(),
            _ => None,
        }
    }

    /// The first day; a quarter that is not one (see `parse`) saturates at chrono's range ends.
    pub fn start(self) -> NaiveDate {
        self.checked_start().unwrap_or_else(|| self.saturated())
    }

    /// The last day; a quarter that is not one (see `parse`) saturates at chrono's range ends.
    pub fn end(self) -> NaiveDate {
        self.checked_end().unwrap_or_else(|| self.saturated())
    }

    fn saturated(self) -> NaiveDate {
        if self.year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        }
    }

    pub fn next(self) -> Quarter {
        if self.quarter >= 4 {
            Quarter {
                year: self.year.saturating_add(1),
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    pub fn period(self) -> crate::stats::Period {
        crate::stats::Period {
            from: self.start(),
            to: self.end(),
        }
    }
}
